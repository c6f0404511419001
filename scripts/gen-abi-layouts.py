#!/usr/bin/env python3
"""gen-abi-layouts.py: the struct layouts and constants of every guest Linux
ABI, computed from that guest's kernel uapi headers, as a C table that the
unit test tests/unit/test-abi.c compares with the hand-written data in
syscalls/abi/.

No cross compiler is needed: the host gcc compiles one small file per ABI
with -nostdinc against the guest's include directory (Debian's
linux-libc-dev-<arch>-cross), with the guest's predefined macros and its
data model: -m64 for the LP64 guests, -m32 -malign-double for the ILP32 ones
(arm EABI, ppc32 and sparc32 all align 64-bit scalars to 8 bytes, which is
what -malign-double gives i386).  The values are offsetof/sizeof/constant
expressions in an initialized array; we read them back from the assembly.
Structs the uapi headers do not declare (the kernel's own sigaction for
rt_sigaction, user_msghdr, cmsghdr, linux_dirent64) are declared below
exactly as the kernel declares them, in terms of the uapi types.

usage: gen-abi-layouts.py --cc CC -o OUT.c
"""

import argparse
import re
import subprocess
import sys

# name, include dir, compiler flags
ABIS = [
    ("riscv64", "/usr/riscv64-linux-gnu/include", ["-m64", "-D__riscv=1", "-D__riscv_xlen=64"]),
    ("aarch64", "/usr/aarch64-linux-gnu/include", ["-m64", "-D__aarch64__=1"]),
    ("arm", "/usr/arm-linux-gnueabihf/include",
     ["-m32", "-malign-double", "-D__arm__=1", "-D__ARM_EABI__=1"]),
    ("ppc64le", "/usr/powerpc64le-linux-gnu/include",
     ["-m64", "-D__powerpc__=1", "-D__powerpc64__=1", "-D__LITTLE_ENDIAN__=1"]),
    ("ppc64", "/usr/powerpc64-linux-gnu/include",
     ["-m64", "-D__powerpc__=1", "-D__powerpc64__=1", "-D__BIG_ENDIAN__=1"]),
    ("ppc", "/usr/powerpc-linux-gnu/include",
     ["-m32", "-malign-double", "-D__powerpc__=1", "-D__BIG_ENDIAN__=1"]),
    ("sparc64", "/usr/sparc64-linux-gnu/include",
     ["-m64", "-D__sparc__=1", "-D__sparc_v9__=1", "-D__arch64__=1"]),
    ("sparc32plus", "/usr/sparc64-linux-gnu/include",
     ["-m32", "-malign-double", "-D__sparc__=1", "-D__sparc_v9__=1"]),
]

PRELUDE = r"""
#include <linux/types.h>
#include <linux/posix_types.h>
#include <asm/stat.h>
#include <asm/statfs.h>
#include <linux/time_types.h>
#include <linux/eventpoll.h>
#include <linux/uio.h>
#include <asm/termbits.h>
#include <asm/termios.h>
#include <asm/ioctls.h>
#include <asm/signal.h>
#include <asm/siginfo.h>
#include <asm/fcntl.h>
#include <asm/errno.h>
#include <asm/mman.h>
#include <linux/resource.h>
#include <linux/stat.h>
#define OFF(t, m) __builtin_offsetof(t, m)
#define SZ(t, m) sizeof(((t *)0)->m)

/*
 * include/linux/signal_types.h: what rt_sigaction reads (a sigset of _NSIG
 * bits); sparc passes the same shape (asm/signal.h's __new_sigaction).
 * Our own member names: the uapi headers #define sa_handler and friends.
 */
typedef struct {
    __sighandler_t k_handler;
    unsigned long k_flags;
#if defined(SA_RESTORER) || defined(__sparc__)
    __sigrestore_t k_restorer;
#endif
    unsigned long k_mask[64 / (8 * sizeof(long))];
} kernel_sigaction;
/* include/linux/socket.h */
typedef struct {
    void *msg_name;
    int msg_namelen;
    struct iovec *msg_iov;
    __kernel_size_t msg_iovlen;
    void *msg_control;
    __kernel_size_t msg_controllen;
    unsigned int msg_flags;
} user_msghdr;
typedef struct {
    __kernel_size_t cmsg_len;
    int cmsg_level;
    int cmsg_type;
} kernel_cmsghdr;
/* include/linux/dirent.h */
typedef struct {
    __u64 d_ino;
    __s64 d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[1];
} linux_dirent64;
/* The stat and statfs the ABI's libc uses for fstat/fstatfs. */
#if defined(__LP64__) || defined(__arch64__) || defined(__powerpc64__) || __SIZEOF_LONG__ == 8
#if defined(__sparc__)
typedef struct stat64 abi_stat;
#else
typedef struct stat abi_stat;
#endif
typedef struct statfs abi_statfs;
typedef struct flock abi_flock;
#else
typedef struct stat64 abi_stat;
typedef struct statfs64 abi_statfs;
typedef struct flock64 abi_flock;
#endif
"""

# kind -> (C type, [(field enum name, member)])
LAYOUTS = [
    ("stat", "abi_stat", [
        ("STAT_DEV", "st_dev"), ("STAT_INO", "st_ino"), ("STAT_MODE", "st_mode"),
        ("STAT_NLINK", "st_nlink"), ("STAT_UID", "st_uid"), ("STAT_GID", "st_gid"),
        ("STAT_RDEV", "st_rdev"), ("STAT_SIZE", "st_size"), ("STAT_BLKSIZE", "st_blksize"),
        ("STAT_BLOCKS", "st_blocks"), ("STAT_ATIME", "st_atime"),
        ("STAT_ATIME_NSEC", "st_atime_nsec"), ("STAT_MTIME", "st_mtime"),
        ("STAT_MTIME_NSEC", "st_mtime_nsec"), ("STAT_CTIME", "st_ctime"),
        ("STAT_CTIME_NSEC", "st_ctime_nsec")]),
    ("statfs", "abi_statfs", [
        ("STATFS_TYPE", "f_type"), ("STATFS_BSIZE", "f_bsize"), ("STATFS_BLOCKS", "f_blocks"),
        ("STATFS_BFREE", "f_bfree"), ("STATFS_BAVAIL", "f_bavail"), ("STATFS_FILES", "f_files"),
        ("STATFS_FFREE", "f_ffree"), ("STATFS_FSID0", "f_fsid.val[0]"),
        ("STATFS_FSID1", "f_fsid.val[1]"), ("STATFS_NAMELEN", "f_namelen"),
        ("STATFS_FRSIZE", "f_frsize"), ("STATFS_FLAGS", "f_flags")]),
    ("timespec", "struct __kernel_timespec", [("TS_SEC", "tv_sec"), ("TS_NSEC", "tv_nsec")]),
    ("timespec32", "struct __kernel_old_timespec" , [("TS_SEC", "tv_sec"), ("TS_NSEC", "tv_nsec")]),
    ("timeval", "struct __kernel_old_timeval", [("TS_SEC", "tv_sec"), ("TS_NSEC", "tv_usec")]),
    ("sigaction", "kernel_sigaction", [
        ("SA_F_HANDLER", "k_handler"), ("SA_F_FLAGS", "k_flags"),
        ("SA_F_RESTORER", "k_restorer?"), ("SA_F_MASK", "k_mask")]),
    ("epoll_event", "struct epoll_event", [("EPEV_EVENTS", "events"), ("EPEV_DATA", "data")]),
    ("winsize", "struct winsize", [
        ("WS_ROW", "ws_row"), ("WS_COL", "ws_col"), ("WS_XPIXEL", "ws_xpixel"),
        ("WS_YPIXEL", "ws_ypixel")]),
    ("termios", "struct termios", [
        ("TIO_IFLAG", "c_iflag"), ("TIO_OFLAG", "c_oflag"), ("TIO_CFLAG", "c_cflag"),
        ("TIO_LFLAG", "c_lflag"), ("TIO_LINE", "c_line"), ("TIO_CC", "c_cc")]),
    ("iovec", "struct iovec", [("IOV_BASE", "iov_base"), ("IOV_LEN", "iov_len")]),
    ("msghdr", "user_msghdr", [
        ("MSG_F_NAME", "msg_name"), ("MSG_F_NAMELEN", "msg_namelen"), ("MSG_F_IOV", "msg_iov"),
        ("MSG_F_IOVLEN", "msg_iovlen"), ("MSG_F_CONTROL", "msg_control"),
        ("MSG_F_CONTROLLEN", "msg_controllen"), ("MSG_F_FLAGS", "msg_flags")]),
    ("cmsghdr", "kernel_cmsghdr", [
        ("CMSG_F_LEN", "cmsg_len"), ("CMSG_F_LEVEL", "cmsg_level"), ("CMSG_F_TYPE", "cmsg_type")]),
    ("dirent64", "linux_dirent64", [
        ("DIRENT_INO", "d_ino"), ("DIRENT_OFF", "d_off"), ("DIRENT_RECLEN", "d_reclen"),
        ("DIRENT_TYPE", "d_type"), ("DIRENT_NAME", "d_name")]),
    ("flock", "abi_flock", [
        ("FLOCK_TYPE", "l_type"), ("FLOCK_WHENCE", "l_whence"), ("FLOCK_START", "l_start"),
        ("FLOCK_LEN", "l_len"), ("FLOCK_PID", "l_pid")]),
    ("rlimit64", "struct rlimit64", [("RLIM_CUR", "rlim_cur"), ("RLIM_MAX", "rlim_max")]),
    ("statx", "struct statx", [
        ("STX_MASK", "stx_mask"), ("STX_BLKSIZE", "stx_blksize"),
        ("STX_ATTRIBUTES", "stx_attributes"), ("STX_NLINK", "stx_nlink"), ("STX_UID", "stx_uid"),
        ("STX_GID", "stx_gid"), ("STX_MODE", "stx_mode"), ("STX_INO", "stx_ino"),
        ("STX_SIZE", "stx_size"), ("STX_BLOCKS", "stx_blocks"),
        ("STX_ATTRIBUTES_MASK", "stx_attributes_mask"),
        ("STX_ATIME_SEC", "stx_atime.tv_sec"), ("STX_ATIME_NSEC", "stx_atime.tv_nsec"),
        ("STX_BTIME_SEC", "stx_btime.tv_sec"), ("STX_BTIME_NSEC", "stx_btime.tv_nsec"),
        ("STX_CTIME_SEC", "stx_ctime.tv_sec"), ("STX_CTIME_NSEC", "stx_ctime.tv_nsec"),
        ("STX_MTIME_SEC", "stx_mtime.tv_sec"), ("STX_MTIME_NSEC", "stx_mtime.tv_nsec"),
        ("STX_RDEV_MAJOR", "stx_rdev_major"), ("STX_RDEV_MINOR", "stx_rdev_minor"),
        ("STX_DEV_MAJOR", "stx_dev_major"), ("STX_DEV_MINOR", "stx_dev_minor"),
        ("STX_MNT_ID", "stx_mnt_id"), ("STX_DIO_MEM_ALIGN", "stx_dio_mem_align"),
        ("STX_DIO_OFFSET_ALIGN", "stx_dio_offset_align")]),
    ("siginfo", "siginfo_t", [
        ("SI_F_SIGNO", "si_signo"), ("SI_F_ERRNO", "si_errno"), ("SI_F_CODE", "si_code"),
        ("SI_F_PID", "si_pid"), ("SI_F_UID", "si_uid"), ("SI_F_STATUS", "si_status"),
        ("SI_F_UTIME", "si_utime"), ("SI_F_STIME", "si_stime"), ("SI_F_VALUE", "si_ptr"),
        ("SI_F_TIMERID", "si_tid"), ("SI_F_OVERRUN", "si_overrun"), ("SI_F_ADDR", "si_addr"),
        ("SI_F_BAND", "si_band"), ("SI_F_FD", "si_fd"), ("SI_F_CALL_ADDR", "si_call_addr"),
        ("SI_F_SYSCALL", "si_syscall"), ("SI_F_ARCH", "si_arch")]),
]

ERRNOS = """EPERM ENOENT ESRCH EINTR EIO ENXIO E2BIG ENOEXEC EBADF ECHILD EAGAIN ENOMEM EACCES
EFAULT ENOTBLK EBUSY EEXIST EXDEV ENODEV ENOTDIR EISDIR EINVAL ENFILE EMFILE ENOTTY ETXTBSY
EFBIG ENOSPC ESPIPE EROFS EMLINK EPIPE EDOM ERANGE EDEADLK ENAMETOOLONG ENOLCK ENOSYS
ENOTEMPTY ELOOP ENOMSG EIDRM ECHRNG EL2NSYNC EL3HLT EL3RST ELNRNG EUNATCH ENOCSI EL2HLT
EBADE EBADR EXFULL ENOANO EBADRQC EBADSLT EBFONT ENOSTR ENODATA ETIME ENOSR ENONET ENOPKG
EREMOTE ENOLINK EADV ESRMNT ECOMM EPROTO EMULTIHOP EDOTDOT EBADMSG EOVERFLOW ENOTUNIQ EBADFD
EREMCHG ELIBACC ELIBBAD ELIBSCN ELIBMAX ELIBEXEC EILSEQ ERESTART ESTRPIPE EUSERS ENOTSOCK
EDESTADDRREQ EMSGSIZE EPROTOTYPE ENOPROTOOPT EPROTONOSUPPORT ESOCKTNOSUPPORT EOPNOTSUPP
EPFNOSUPPORT EAFNOSUPPORT EADDRINUSE EADDRNOTAVAIL ENETDOWN ENETUNREACH ENETRESET
ECONNABORTED ECONNRESET ENOBUFS EISCONN ENOTCONN ESHUTDOWN ETOOMANYREFS ETIMEDOUT
ECONNREFUSED EHOSTDOWN EHOSTUNREACH EALREADY EINPROGRESS ESTALE EUCLEAN ENOTNAM ENAVAIL
EISNAM EREMOTEIO EDQUOT ENOMEDIUM EMEDIUMTYPE ECANCELED ENOKEY EKEYEXPIRED EKEYREVOKED
EKEYREJECTED EOWNERDEAD ENOTRECOVERABLE ERFKILL EHWPOISON""".split()

SIGNALS = """SIGHUP SIGINT SIGQUIT SIGILL SIGTRAP SIGABRT SIGBUS SIGFPE SIGKILL SIGUSR1 SIGSEGV
SIGUSR2 SIGPIPE SIGALRM SIGTERM SIGSTKFLT SIGCHLD SIGCONT SIGSTOP SIGTSTP SIGTTIN SIGTTOU
SIGURG SIGXCPU SIGXFSZ SIGVTALRM SIGPROF SIGWINCH SIGIO SIGPWR SIGSYS""".split()

# Flag groups: (group, [names]).  A name the ABI lacks is given as -1.
FLAGS = [
    ("open", """O_ACCMODE O_CREAT O_EXCL O_NOCTTY O_TRUNC O_APPEND O_NONBLOCK O_DSYNC FASYNC
     O_DIRECT O_LARGEFILE O_DIRECTORY O_NOFOLLOW O_NOATIME O_CLOEXEC __O_SYNC O_PATH
     __O_TMPFILE""".split()),
    ("mmap", """MAP_SHARED MAP_PRIVATE MAP_FIXED MAP_ANONYMOUS MAP_GROWSDOWN MAP_DENYWRITE
     MAP_EXECUTABLE MAP_LOCKED MAP_NORESERVE MAP_POPULATE MAP_NONBLOCK MAP_STACK MAP_HUGETLB
     MAP_FIXED_NOREPLACE""".split()),
    ("sa", """SA_NOCLDSTOP SA_NOCLDWAIT SA_SIGINFO SA_ONSTACK SA_RESTART SA_NODEFER
     SA_RESETHAND SA_RESTORER""".split()),
    ("ioctl", """TCGETS TCSETS TCSETSW TCSETSF TIOCGWINSZ TIOCSWINSZ TIOCGPGRP TIOCSPGRP
     FIONREAD FIONBIO FIOCLEX FIONCLEX""".split()),
]


def run_cc(cc, include, flags, body):
    src = PRELUDE + "\nint abi_values[] = {\n" + body + "};\n"
    cmd = list(cc) + ["-nostdinc", "-U__x86_64__", "-U__amd64__", "-U__i386__", "-w"] + flags
    cmd += ["-I", include, "-S", "-o", "-", "-x", "c", "-"]
    p = subprocess.run(cmd, input=src, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit("gen-abi-layouts: %s failed for %s:\n%s" % (" ".join(cmd), include, p.stderr))
    values = []
    started = False
    for line in p.stdout.splitlines():
        line = line.strip()
        if line.startswith("abi_values:"):
            started = True
            continue
        if not started:
            continue
        m = re.match(r"\.(long|zero)\s+(-?\d+)", line)
        if m:
            if m.group(1) == "zero":
                values += [0] * (int(m.group(2)) // 4)
            else:
                values.append(int(m.group(2)))
        elif not line.startswith(".") or line.startswith((".size", ".ident", ".section", ".text")):
            break
    return values


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cc", required=True)
    ap.add_argument("-o", dest="out", required=True)
    a = ap.parse_args()
    cc = a.cc.split()

    out = ["/* Generated by scripts/gen-abi-layouts.py from the guests' uapi headers: do not edit. */",
           '#include "common.h"', '#include "tests/unit/test-abi-expected.h"', ""]
    tables = []
    for name, inc, flags in ABIS:
        exprs = []
        for kind, ctype, fields in LAYOUTS:
            exprs.append("sizeof(%s)" % ctype)
            for fid, member in fields:
                if member.endswith("?"):
                    # only where the ABI has it (sa_restorer): -1, -1 otherwise
                    m = member[:-1]
                    exprs.append("\n#if defined(SA_RESTORER) || defined(__sparc__)\n"
                                 "OFF(%s, %s), SZ(%s, %s)\n#else\n-1, -1\n#endif\n"
                                 % (ctype, m, ctype, m))
                    continue
                exprs.append("OFF(%s, %s)" % (ctype, member))
                exprs.append("SZ(%s, %s)" % (ctype, member))
        for e in ERRNOS:
            exprs.append("\n#ifdef %s\n%s\n#else\n-1\n#endif\n" % (e, e))
        for s in SIGNALS:
            exprs.append("\n#ifdef %s\n%s\n#else\n-1\n#endif\n" % (s, s))
        for _, names in FLAGS:
            for f in names:
                exprs.append("\n#ifdef %s\n(int)(%s)\n#else\n-1\n#endif\n" % (f, f))
        body = ",\n".join(exprs) + ","
        vals = run_cc(cc, inc, flags, body)
        tables.append((name, vals))

    n = None
    for name, vals in tables:
        if n is None:
            n = len(vals)
        if len(vals) != n:
            sys.exit("gen-abi-layouts: %s: %d values, expected %d" % (name, len(vals), n))
        ident = name.replace("-", "_")
        out.append("static const int values_%s[] = {" % ident)
        for i in range(0, len(vals), 12):
            out.append("    " + ", ".join(str(v) for v in vals[i:i + 12]) + ",")
        out.append("};")
    out.append("")
    out.append("const AbiExpected abi_expected[] = {")
    for name, _ in tables:
        out.append('    { "%s", values_%s },' % (name, name.replace("-", "_")))
    out.append("    { NULL, NULL },")
    out.append("};")
    out.append("const unsigned abi_expected_nvalues = %d;" % n)
    # The index of every item, for the test's readers.
    out.append("const AbiExpectedLayout abi_expected_layouts[] = {")
    idx = 0
    for kind, ctype, fields in LAYOUTS:
        out.append('    { "%s", %d, %d, {' % (kind, idx, len(fields)))
        idx += 1
        for fid, member in fields:
            out.append('        { "%s", "%s" },' % (fid, member.split("?")[0]))
            idx += 2
        out.append("    } },")
    out.append("    { NULL, 0, 0, { { NULL, NULL } } },")
    out.append("};")
    out.append("const unsigned abi_expected_errno_base = %d;" % idx)
    out.append("const char *const abi_expected_errnos[] = { %s, NULL };" %
               ", ".join('"%s"' % e for e in ERRNOS))
    idx += len(ERRNOS)
    out.append("const unsigned abi_expected_signal_base = %d;" % idx)
    out.append("const char *const abi_expected_signals[] = { %s, NULL };" %
               ", ".join('"%s"' % s for s in SIGNALS))
    idx += len(SIGNALS)
    for group, names in FLAGS:
        out.append("const unsigned abi_expected_%s_base = %d;" % (group, idx))
        out.append("const char *const abi_expected_%s_names[] = { %s, NULL };" %
                   (group, ", ".join('"%s"' % f for f in names)))
        idx += len(names)
    assert idx == n, (idx, n)
    with open(a.out, "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
