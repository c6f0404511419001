#!/usr/bin/env python3
"""gen-abi-layouts.py: the struct layouts and constants of every guest Linux
ABI, read from that guest's kernel uapi headers, written as a C header that
the unit test tests/unit/test-abi.c compares with the hand-written data in
syscalls/abi/.

Run at development time, when an ABI is added or the headers change:

    python3 scripts/gen-abi-layouts.py -o tests/unit/test-abi-expected.h

The output is committed, so neither the build nor the test needs the cross
headers.  Generating needs Debian's linux-libc-dev-<arch>-cross packages
(scripts/install-deps.sh installs them) and the host gcc; no cross compiler.

How: the host gcc compiles one small file per ABI with -nostdinc against the
guest's include directory, with the guest's predefined macros and its data
model: -m64 for the LP64 guests, -m32 -malign-double for the ILP32 ones (arm
EABI, ppc32 and sparc32 all align 64-bit scalars to 8 bytes, which is what
-malign-double gives i386).  The values are offsetof/sizeof/constant
expressions in an initialized int array, read back from the assembly.
Structs the uapi headers do not declare (the kernel's own sigaction for
rt_sigaction, user_msghdr, mmsghdr, cmsghdr, linux_dirent64) are declared
below exactly as the kernel declares them, in terms of the uapi types.

A struct is "used" by an ABI when the ABI has the syscalls that take it
(stat64 with fstat64, flock64 with F_GETLK64...): an unused one is reported
with size -1, and the ABI's data must not have it either.
"""

import argparse
import os
import re
import subprocess
import sys

# name, include dir, compiler flags
ABIS = [
    ("riscv64", "/usr/riscv64-linux-gnu/include", ["-m64", "-D__riscv=1", "-D__riscv_xlen=64"]),
    ("aarch64", "/usr/aarch64-linux-gnu/include", ["-m64", "-D__aarch64__=1"]),
    ("arm", "/usr/arm-linux-gnueabihf/include",
     ["-m32", "-malign-double", "-D__arm__=1", "-D__ARM_EABI__=1", "-D__ARMEL__=1"]),
    ("ppc64le", "/usr/powerpc64le-linux-gnu/include",
     ["-m64", "-D__powerpc__=1", "-D__powerpc64__=1", "-D__LITTLE_ENDIAN__=1"]),
    ("ppc64", "/usr/powerpc64-linux-gnu/include",
     ["-m64", "-D__powerpc__=1", "-D__powerpc64__=1", "-D__BIG_ENDIAN__=1"]),
    ("ppc", "/usr/powerpc-linux-gnu/include",
     ["-m32", "-malign-double", "-D__powerpc__=1", "-D__BIG_ENDIAN__=1"]),
    ("sparc64", "/usr/sparc64-linux-gnu/include",
     ["-m64", "-D__sparc__=1", "-D__sparc_v9__=1", "-D__arch64__=1"]),
    # The 32-bit sparc ABI of a v9 CPU: the sparc32 uapi (no __arch64__).
    ("sparc32plus", "/usr/sparc64-linux-gnu/include",
     ["-m32", "-malign-double", "-D__sparc__=1", "-D__sparc_v9__=1"]),
]

PRELUDE = r"""
#include <linux/types.h>
#include <linux/posix_types.h>
#include <linux/version.h>
#include <asm/unistd.h>
#include <asm/stat.h>
#include <asm/statfs.h>
#include <linux/time.h>
#include <linux/time_types.h>
#include <linux/eventpoll.h>
#include <linux/uio.h>
#include <asm/termbits.h>
#include <asm/termios.h>
#include <asm/ioctls.h>
#include <asm/ioctl.h>
#include <asm/signal.h>
#include <asm/siginfo.h>
#include <asm/fcntl.h>
#include <asm/errno.h>
#include <asm/mman.h>
#include <linux/mman.h>
#include <linux/signal.h>
#include <asm/poll.h>
#include <asm/socket.h>
#include <asm/resource.h>
#include <linux/resource.h>
#include <linux/stat.h>
#include <linux/sysinfo.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/un.h>
#include <linux/netlink.h>
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
    user_msghdr msg_hdr;
    unsigned int msg_len;
} kernel_mmsghdr;
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
"""

# Layouts: (kind, C type, condition under which the ABI uses it,
#           [(field enum name in syscalls/abi/abi.h, member, condition)])
# A member condition other than "1" makes the field optional.
ALL = "1"
LAYOUTS = [
    # sparc64's struct stat has no nanoseconds (no STAT_HAVE_NSEC).
    ("stat", "struct stat", ALL, [
        ("STAT_DEV", "st_dev"), ("STAT_INO", "st_ino"), ("STAT_MODE", "st_mode"),
        ("STAT_NLINK", "st_nlink"), ("STAT_UID", "st_uid"), ("STAT_GID", "st_gid"),
        ("STAT_RDEV", "st_rdev"), ("STAT_SIZE", "st_size"), ("STAT_BLKSIZE", "st_blksize"),
        ("STAT_BLOCKS", "st_blocks"), ("STAT_ATIME", "st_atime"),
        ("STAT_ATIME_NSEC", "st_atime_nsec", "defined(STAT_HAVE_NSEC)"),
        ("STAT_MTIME", "st_mtime"),
        ("STAT_MTIME_NSEC", "st_mtime_nsec", "defined(STAT_HAVE_NSEC)"),
        ("STAT_CTIME", "st_ctime"),
        ("STAT_CTIME_NSEC", "st_ctime_nsec", "defined(STAT_HAVE_NSEC)")]),
    # arm's stat64 also has the inode truncated to 32 bits, early on.
    ("stat64", "struct stat64", "defined(__NR_fstat64) || defined(__NR_fstatat64)", [
        ("STAT_DEV", "st_dev"), ("STAT_INO", "st_ino"),
        ("STAT_INO", "__st_ino", "defined(STAT64_HAS_BROKEN_ST_INO)"), ("STAT_MODE", "st_mode"),
        ("STAT_NLINK", "st_nlink"), ("STAT_UID", "st_uid"), ("STAT_GID", "st_gid"),
        ("STAT_RDEV", "st_rdev"), ("STAT_SIZE", "st_size"), ("STAT_BLKSIZE", "st_blksize"),
        ("STAT_BLOCKS", "st_blocks"), ("STAT_ATIME", "st_atime"),
        ("STAT_ATIME_NSEC", "st_atime_nsec"), ("STAT_MTIME", "st_mtime"),
        ("STAT_MTIME_NSEC", "st_mtime_nsec"), ("STAT_CTIME", "st_ctime"),
        ("STAT_CTIME_NSEC", "st_ctime_nsec")]),
    ("statfs", "struct statfs", ALL, [
        ("STATFS_TYPE", "f_type"), ("STATFS_BSIZE", "f_bsize"), ("STATFS_BLOCKS", "f_blocks"),
        ("STATFS_BFREE", "f_bfree"), ("STATFS_BAVAIL", "f_bavail"), ("STATFS_FILES", "f_files"),
        ("STATFS_FFREE", "f_ffree"), ("STATFS_FSID0", "f_fsid.val[0]"),
        ("STATFS_FSID1", "f_fsid.val[1]"), ("STATFS_NAMELEN", "f_namelen"),
        ("STATFS_FRSIZE", "f_frsize"), ("STATFS_FLAGS", "f_flags")]),
    ("statfs64", "struct statfs64", "defined(__NR_fstatfs64) || defined(__NR_statfs64)", [
        ("STATFS_TYPE", "f_type"), ("STATFS_BSIZE", "f_bsize"), ("STATFS_BLOCKS", "f_blocks"),
        ("STATFS_BFREE", "f_bfree"), ("STATFS_BAVAIL", "f_bavail"), ("STATFS_FILES", "f_files"),
        ("STATFS_FFREE", "f_ffree"), ("STATFS_FSID0", "f_fsid.val[0]"),
        ("STATFS_FSID1", "f_fsid.val[1]"), ("STATFS_NAMELEN", "f_namelen"),
        ("STATFS_FRSIZE", "f_frsize"), ("STATFS_FLAGS", "f_flags")]),
    ("flock", "struct flock", ALL, [
        ("FLOCK_TYPE", "l_type"), ("FLOCK_WHENCE", "l_whence"), ("FLOCK_START", "l_start"),
        ("FLOCK_LEN", "l_len"), ("FLOCK_PID", "l_pid")]),
    ("flock64", "struct flock64", "defined(F_GETLK64)", [
        ("FLOCK_TYPE", "l_type"), ("FLOCK_WHENCE", "l_whence"), ("FLOCK_START", "l_start"),
        ("FLOCK_LEN", "l_len"), ("FLOCK_PID", "l_pid")]),
    ("timespec", "struct __kernel_old_timespec", ALL,
     [("TS_SEC", "tv_sec"), ("TS_NSEC", "tv_nsec")]),
    ("timespec64", "struct __kernel_timespec", ALL,
     [("TS_SEC", "tv_sec"), ("TS_NSEC", "tv_nsec")]),
    ("timeval", "struct __kernel_old_timeval", ALL,
     [("TS_SEC", "tv_sec"), ("TS_NSEC", "tv_usec")]),
    ("timeval64", "struct __kernel_sock_timeval", ALL,
     [("TS_SEC", "tv_sec"), ("TS_NSEC", "tv_usec")]),
    ("timezone", "struct timezone", ALL,
     [("TZ_MINUTESWEST", "tz_minuteswest"), ("TZ_DSTTIME", "tz_dsttime")]),
    ("rlimit", "struct rlimit", ALL, [("RLIM_CUR", "rlim_cur"), ("RLIM_MAX", "rlim_max")]),
    ("rlimit64", "struct rlimit64", ALL, [("RLIM_CUR", "rlim_cur"), ("RLIM_MAX", "rlim_max")]),
    ("sigaction", "kernel_sigaction", ALL, [
        ("SA_F_HANDLER", "k_handler"), ("SA_F_FLAGS", "k_flags"),
        ("SA_F_RESTORER", "k_restorer", "defined(SA_RESTORER) || defined(__sparc__)"),
        ("SA_F_MASK", "k_mask")]),
    ("siginfo", "siginfo_t", ALL, [
        ("SI_F_SIGNO", "si_signo"), ("SI_F_ERRNO", "si_errno"), ("SI_F_CODE", "si_code"),
        ("SI_F_PID", "si_pid"), ("SI_F_UID", "si_uid"), ("SI_F_TIMERID", "si_tid"),
        ("SI_F_OVERRUN", "si_overrun"), ("SI_F_VALUE", "si_ptr"), ("SI_F_STATUS", "si_status"),
        ("SI_F_UTIME", "si_utime"), ("SI_F_STIME", "si_stime"), ("SI_F_ADDR", "si_addr"),
        ("SI_F_TRAPNO", "si_trapno", "defined(si_trapno)"),
        ("SI_F_ADDR_LSB", "si_addr_lsb"), ("SI_F_BAND", "si_band"), ("SI_F_FD", "si_fd"),
        ("SI_F_CALL_ADDR", "si_call_addr"), ("SI_F_SYSCALL", "si_syscall"),
        ("SI_F_ARCH", "si_arch")]),
    ("stack", "stack_t", ALL,
     [("SS_F_SP", "ss_sp"), ("SS_F_FLAGS", "ss_flags"), ("SS_F_SIZE", "ss_size")]),
    ("epoll_event", "struct epoll_event", ALL, [("EPEV_EVENTS", "events"), ("EPEV_DATA", "data")]),
    ("winsize", "struct winsize", ALL, [
        ("WS_ROW", "ws_row"), ("WS_COL", "ws_col"), ("WS_XPIXEL", "ws_xpixel"),
        ("WS_YPIXEL", "ws_ypixel")]),
    ("termios", "struct termios", ALL, [
        ("TIO_IFLAG", "c_iflag"), ("TIO_OFLAG", "c_oflag"), ("TIO_CFLAG", "c_cflag"),
        ("TIO_LFLAG", "c_lflag"), ("TIO_LINE", "c_line"), ("TIO_CC", "c_cc"),
        ("TIO_ISPEED", "c_ispeed", "defined(__powerpc__)"),
        ("TIO_OSPEED", "c_ospeed", "defined(__powerpc__)")]),
    ("iovec", "struct iovec", ALL, [("IOV_BASE", "iov_base"), ("IOV_LEN", "iov_len")]),
    ("msghdr", "user_msghdr", ALL, [
        ("MSG_F_NAME", "msg_name"), ("MSG_F_NAMELEN", "msg_namelen"), ("MSG_F_IOV", "msg_iov"),
        ("MSG_F_IOVLEN", "msg_iovlen"), ("MSG_F_CONTROL", "msg_control"),
        ("MSG_F_CONTROLLEN", "msg_controllen"), ("MSG_F_FLAGS", "msg_flags")]),
    ("mmsghdr", "kernel_mmsghdr", ALL, [
        ("MSG_F_NAME", "msg_hdr.msg_name"), ("MSG_F_NAMELEN", "msg_hdr.msg_namelen"),
        ("MSG_F_IOV", "msg_hdr.msg_iov"), ("MSG_F_IOVLEN", "msg_hdr.msg_iovlen"),
        ("MSG_F_CONTROL", "msg_hdr.msg_control"),
        ("MSG_F_CONTROLLEN", "msg_hdr.msg_controllen"), ("MSG_F_FLAGS", "msg_hdr.msg_flags"),
        ("MMSG_F_LEN", "msg_len")]),
    ("cmsghdr", "kernel_cmsghdr", ALL, [
        ("CMSG_F_LEN", "cmsg_len"), ("CMSG_F_LEVEL", "cmsg_level"), ("CMSG_F_TYPE", "cmsg_type")]),
    ("dirent64", "linux_dirent64", ALL, [
        ("DIRENT_INO", "d_ino"), ("DIRENT_OFF", "d_off"), ("DIRENT_RECLEN", "d_reclen"),
        ("DIRENT_TYPE", "d_type"), ("DIRENT_NAME", "d_name")]),
    ("statx", "struct statx", ALL, [
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
    ("rusage", "struct rusage", ALL, [
        ("RU_UTIME_SEC", "ru_utime.tv_sec"), ("RU_UTIME_USEC", "ru_utime.tv_usec"),
        ("RU_STIME_SEC", "ru_stime.tv_sec"), ("RU_STIME_USEC", "ru_stime.tv_usec"),
        ("RU_MAXRSS", "ru_maxrss"), ("RU_IXRSS", "ru_ixrss"), ("RU_IDRSS", "ru_idrss"),
        ("RU_ISRSS", "ru_isrss"), ("RU_MINFLT", "ru_minflt"), ("RU_MAJFLT", "ru_majflt"),
        ("RU_NSWAP", "ru_nswap"), ("RU_INBLOCK", "ru_inblock"), ("RU_OUBLOCK", "ru_oublock"),
        ("RU_MSGSND", "ru_msgsnd"), ("RU_MSGRCV", "ru_msgrcv"), ("RU_NSIGNALS", "ru_nsignals"),
        ("RU_NVCSW", "ru_nvcsw"), ("RU_NIVCSW", "ru_nivcsw")]),
    ("sysinfo", "struct sysinfo", ALL, [
        ("SYSINFO_UPTIME", "uptime"), ("SYSINFO_LOADS0", "loads[0]"),
        ("SYSINFO_LOADS1", "loads[1]"), ("SYSINFO_LOADS2", "loads[2]"),
        ("SYSINFO_TOTALRAM", "totalram"), ("SYSINFO_FREERAM", "freeram"),
        ("SYSINFO_SHAREDRAM", "sharedram"), ("SYSINFO_BUFFERRAM", "bufferram"),
        ("SYSINFO_TOTALSWAP", "totalswap"), ("SYSINFO_FREESWAP", "freeswap"),
        ("SYSINFO_PROCS", "procs"), ("SYSINFO_TOTALHIGH", "totalhigh"),
        ("SYSINFO_FREEHIGH", "freehigh"), ("SYSINFO_MEM_UNIT", "mem_unit")]),
    ("sockaddr_nl", "struct sockaddr_nl", ALL, [
        ("SOCKADDR_FAMILY", "nl_family"), ("SOCKADDR_NL_PID", "nl_pid"),
        ("SOCKADDR_NL_GROUPS", "nl_groups")]),
    ("sockaddr_in", "struct sockaddr_in", ALL, [("SOCKADDR_FAMILY", "sin_family")]),
    ("sockaddr_in6", "struct sockaddr_in6", ALL, [("SOCKADDR_FAMILY", "sin6_family")]),
    ("sockaddr_un", "struct sockaddr_un", ALL, [("SOCKADDR_FAMILY", "sun_family")]),
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
SIGURG SIGXCPU SIGXFSZ SIGVTALRM SIGPROF SIGWINCH SIGIO SIGPWR SIGSYS SIGEMT
SIGRTMIN""".split()

# Constant groups: (group, [names]).  Values are 64-bit; names the ABI's
# headers do not define are reported as undefined.
GROUPS = [
    ("errno", ERRNOS),
    ("signal", SIGNALS),
    ("open", """O_ACCMODE O_RDONLY O_WRONLY O_RDWR O_CREAT O_EXCL O_NOCTTY O_TRUNC O_APPEND
     O_NONBLOCK O_DSYNC FASYNC O_DIRECT O_LARGEFILE O_DIRECTORY O_NOFOLLOW O_NOATIME O_CLOEXEC
     __O_SYNC O_PATH __O_TMPFILE""".split()),
    ("fcntl", """F_DUPFD F_GETFD F_SETFD F_GETFL F_SETFL F_GETLK F_SETLK F_SETLKW F_SETOWN
     F_GETOWN F_SETSIG F_GETSIG F_GETLK64 F_SETLK64 F_SETLKW64 F_SETOWN_EX F_GETOWN_EX
     F_GETOWNER_UIDS F_OFD_GETLK F_OFD_SETLK F_OFD_SETLKW""".split()),
    ("flock", "F_RDLCK F_WRLCK F_UNLCK F_EXLCK F_SHLCK".split()),
    ("mmap", """PROT_READ PROT_WRITE PROT_EXEC PROT_NONE PROT_GROWSDOWN PROT_GROWSUP
     MAP_SHARED MAP_PRIVATE MAP_SHARED_VALIDATE MAP_TYPE MAP_FIXED MAP_ANONYMOUS MAP_GROWSDOWN
     MAP_DENYWRITE MAP_EXECUTABLE MAP_LOCKED MAP_NORESERVE MAP_POPULATE MAP_NONBLOCK MAP_STACK
     MAP_HUGETLB MAP_SYNC MAP_FIXED_NOREPLACE MCL_CURRENT MCL_FUTURE MCL_ONFAULT MS_ASYNC
     MS_INVALIDATE MS_SYNC MADV_DONTNEED MADV_FREE""".split()),
    ("sa", """SA_NOCLDSTOP SA_NOCLDWAIT SA_SIGINFO SA_ONSTACK SA_RESTART SA_NODEFER
     SA_RESETHAND SA_RESTORER SIG_BLOCK SIG_UNBLOCK SIG_SETMASK SS_ONSTACK SS_DISABLE
     MINSIGSTKSZ SIGSTKSZ""".split()),
    ("socket", """SOCK_NONBLOCK SOCK_CLOEXEC SOL_SOCKET SO_DEBUG SO_REUSEADDR SO_TYPE SO_ERROR
     SO_DONTROUTE SO_BROADCAST SO_SNDBUF SO_RCVBUF SO_SNDBUFFORCE SO_RCVBUFFORCE SO_KEEPALIVE
     SO_OOBINLINE SO_NO_CHECK SO_PRIORITY SO_LINGER SO_BSDCOMPAT SO_REUSEPORT SO_PASSCRED
     SO_PEERCRED SO_RCVLOWAT SO_SNDLOWAT SO_RCVTIMEO_OLD SO_SNDTIMEO_OLD SO_RCVTIMEO_NEW
     SO_SNDTIMEO_NEW SO_BINDTODEVICE SO_TIMESTAMP_OLD SO_TIMESTAMPNS_OLD SO_TIMESTAMP_NEW
     SO_TIMESTAMPNS_NEW SO_ACCEPTCONN SO_PEERSEC SO_PASSSEC SO_MARK SO_PROTOCOL SO_DOMAIN
     SO_PEEK_OFF SO_RXQ_OVFL SO_BUSY_POLL SO_INCOMING_CPU SO_PEERGROUPS SO_ZEROCOPY
     SO_COOKIE""".split()),
    ("poll", """POLLIN POLLPRI POLLOUT POLLERR POLLHUP POLLNVAL POLLRDNORM POLLRDBAND
     POLLWRNORM POLLWRBAND POLLMSG POLLREMOVE POLLRDHUP""".split()),
    ("rlimit", """RLIMIT_CPU RLIMIT_FSIZE RLIMIT_DATA RLIMIT_STACK RLIMIT_CORE RLIMIT_RSS
     RLIMIT_NPROC RLIMIT_NOFILE RLIMIT_MEMLOCK RLIMIT_AS RLIMIT_LOCKS RLIMIT_SIGPENDING
     RLIMIT_MSGQUEUE RLIMIT_NICE RLIMIT_RTPRIO RLIMIT_RTTIME RLIM_NLIMITS
     RLIM_INFINITY""".split()),
    ("ioctl", """TCGETS TCSETS TCSETSW TCSETSF TIOCGWINSZ TIOCSWINSZ TIOCGPGRP TIOCSPGRP
     FIONREAD FIONBIO FIOCLEX FIONCLEX TCSBRK TCXONC TCFLSH TIOCEXCL TIOCNXCL TIOCSCTTY
     TIOCOUTQ TIOCSTI TIOCMGET TIOCMSET TIOCGSID TIOCNOTTY TIOCGPTN TIOCSPTLCK FIOASYNC
     TIOCINQ _IOC_SIZEBITS _IOC_DIRBITS _IOC_NONE _IOC_READ _IOC_WRITE""".split()),
    ("tc_iflag", """IGNBRK BRKINT IGNPAR PARMRK INPCK ISTRIP INLCR IGNCR ICRNL IUCLC IXON
     IXANY IXOFF IMAXBEL IUTF8""".split()),
    ("tc_oflag", """OPOST OLCUC ONLCR OCRNL ONOCR ONLRET OFILL OFDEL NLDLY NL0 NL1 CRDLY CR0 CR1
     CR2 CR3 TABDLY TAB0 TAB1 TAB2 TAB3 XTABS BSDLY BS0 BS1 VTDLY VT0 VT1 FFDLY FF0
     FF1""".split()),
    ("tc_cflag", """CBAUD CSIZE CS5 CS6 CS7 CS8 CSTOPB CREAD PARENB PARODD HUPCL CLOCAL CBAUDEX
     BOTHER CIBAUD CMSPAR CRTSCTS IBSHIFT B0 B50 B75 B110 B134 B150 B200 B300 B600 B1200 B1800
     B2400 B4800 B9600 B19200 B38400 B57600 B115200 B230400 B460800 B500000 B576000 B921600
     B1000000 B1152000 B1500000 B2000000 B2500000 B3000000 B3500000 B4000000""".split()),
    ("tc_lflag", """ISIG ICANON XCASE ECHO ECHOE ECHOK ECHONL NOFLSH TOSTOP ECHOCTL ECHOPRT
     ECHOKE FLUSHO PENDIN IEXTEN EXTPROC""".split()),
    ("tc_cc", """NCCS VINTR VQUIT VERASE VKILL VEOF VTIME VMIN VSWTC VSTART VSTOP VSUSP VEOL
     VREPRINT VDISCARD VWERASE VLNEXT VEOL2""".split()),
]

# The kernel defines these in include/linux/net.h, not in the uapi headers:
# "SOCK_CLOEXEC = O_CLOEXEC, SOCK_NONBLOCK = O_NONBLOCK" (mips aside).
DERIVED = {"SOCK_NONBLOCK": "O_NONBLOCK", "SOCK_CLOEXEC": "O_CLOEXEC"}


def member_exprs(ctype, member):
    """offset, total size, element size (arrays: one element's size)."""
    elem = "sizeof(((%s *)0)->%s%s)" % (
        ctype, member, "[0]" if member in ("k_mask", "c_cc", "d_name") else "")
    return ["OFF(%s, %s)" % (ctype, member), "SZ(%s, %s)" % (ctype, member), elem]


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


def cond(c, yes, no):
    return "\n#if %s\n%s\n#else\n%s\n#endif\n" % (c, yes, no)


def abi_exprs():
    exprs = []
    for kind, ctype, used, fields in LAYOUTS:
        inner = ["sizeof(%s)" % ctype]
        for f in fields:
            fid, member = f[0], f[1]
            vals = member_exprs(ctype, member)
            if len(f) > 2:
                inner.append(cond(f[2], ", ".join(vals), "-1, -1, -1"))
            else:
                inner += vals
        unused = ", ".join(["-1"] * (1 + 3 * len(fields)))
        exprs.append(cond(used, ",\n".join(inner), unused))
    for _, names in GROUPS:
        for n in names:
            src = DERIVED.get(n, n)
            # defined?, low and high 32 bits of the value as the guest's unsigned long long
            v = "(unsigned long long)(%s)" % src
            exprs.append(cond("defined(%s)" % src,
                              "1, (int)(unsigned)(%s), (int)(unsigned)((%s) >> 32)" % (v, v),
                              "0, 0, 0"))
    exprs.append("LINUX_VERSION_CODE")
    return ",\n".join(exprs) + ","


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cc", default="gcc", help="host C compiler command (split on spaces)")
    ap.add_argument("-o", dest="out", help="write the header here")
    ap.add_argument("--check", metavar="HEADER",
                    help="regenerate in memory and fail if HEADER differs (stale reference)")
    a = ap.parse_args()
    if bool(a.out) == bool(a.check):
        ap.error("give exactly one of -o and --check")
    cc = a.cc.split()

    for name, inc, _ in ABIS:
        if not os.path.exists(os.path.join(inc, "asm", "unistd.h")):
            sys.exit("gen-abi-layouts: %s: %s/asm/unistd.h not found "
                     "(install linux-libc-dev-<arch>-cross: scripts/install-deps.sh)" % (name, inc))

    body = abi_exprs()
    nlay = sum(1 + 3 * len(f[3]) for f in LAYOUTS)
    nconst = sum(3 * len(n) for _, n in GROUPS)
    results = []
    versions = set()
    for name, inc, flags in ABIS:
        vals = run_cc(cc, inc, flags, body)
        if len(vals) != nlay + nconst + 1:
            sys.exit("gen-abi-layouts: %s: %d values, expected %d"
                     % (name, len(vals), nlay + nconst + 1))
        v = vals[-1]
        versions.add("%d.%d.%d" % (v >> 16, (v >> 8) & 255, v & 255))
        results.append((name, inc, vals))

    out = []
    w = out.append
    w("/*")
    w(" * test-abi-expected.h: GENERATED by scripts/gen-abi-layouts.py; do not edit.")
    w(" *")
    w(" * The struct layouts and constants of every guest ABI as its kernel uapi")
    w(" * headers define them (Linux %s headers from Debian's" % ", ".join(sorted(versions)))
    w(" * linux-libc-dev-<arch>-cross).  The script runs at development time and")
    w(" * this output is committed, so the build and the test need no cross headers:")
    w(" *     python3 scripts/gen-abi-layouts.py -o tests/unit/test-abi-expected.h")
    w(" * Only tests/unit/test-abi.c includes it.")
    w(" */")
    w("#ifndef CROSSEMU_TEST_ABI_EXPECTED_H")
    w("#define CROSSEMU_TEST_ABI_EXPECTED_H")
    w("")
    w('#include "syscalls/abi/abi.h"')
    w("")
    w("/* One field: its id in syscalls/abi/abi.h; offset -1 when the ABI lacks it. */")
    w("typedef struct AbiRefField {")
    w("    unsigned id;")
    w("    const char *name;       /* the member, as the headers name it */")
    w("    int offset, size;       /* size: the whole member */")
    w("    int elem_size;          /* one element of an array member, else = size */")
    w("} AbiRefField;")
    w("")
    w("/* One struct; size -1 when the ABI does not use it (no syscall takes it). */")
    w("typedef struct AbiRefLayout {")
    w("    const char *kind;")
    w("    int size;")
    w("    unsigned nfields;")
    w("    AbiRefField fields[32];")
    w("} AbiRefLayout;")
    w("")
    w("typedef struct AbiRefConst {")
    w("    const char *group, *name;")
    w("    bool defined;")
    w("    uint64_t value;         /* as the guest's unsigned long long */")
    w("} AbiRefConst;")
    w("")
    w("typedef struct AbiRef {")
    w("    const char *abi;")
    w("    const char *include;    /* where the headers were read */")
    w("    AbiRefLayout layouts[%d];" % len(LAYOUTS))
    w("    AbiRefConst consts[%d];" % (nconst // 3))
    w("} AbiRef;")
    w("")
    w("#define ABI_REF_NLAYOUTS %d" % len(LAYOUTS))
    w("#define ABI_REF_NCONSTS %d" % (nconst // 3))
    w("#define ABI_REF_COUNT %d" % len(results))
    w("")
    w("static const AbiRef abi_ref[ABI_REF_COUNT] = {")
    for name, inc, vals in results:
        w("{")
        w('    "%s", "%s",' % (name, inc))
        w("    {")
        i = 0
        for kind, ctype, used, fields in LAYOUTS:
            size = vals[i]
            i += 1
            w('        { "%s", %d, %d, {' % (kind, size, len(fields)))
            for f in fields:
                off, sz, el = vals[i:i + 3]
                i += 3
                w('            { %s, "%s", %d, %d, %d },' % (f[0], f[1], off, sz, el))
            w("        } },")
        w("    },")
        w("    {")
        for group, names in GROUPS:
            for n in names:
                d, lo, hi = vals[i:i + 3]
                i += 3
                v = (lo & 0xffffffff) | ((hi & 0xffffffff) << 32)
                w('        { "%s", "%s", %s, 0x%xull },' % (group, n, "true" if d else "false", v))
        w("    },")
        w("},")
    w("};")
    w("")
    w("#endif")
    text = "\n".join(out) + "\n"
    if a.check:
        try:
            with open(a.check) as f:
                old = f.read()
        except OSError as e:
            sys.exit("gen-abi-layouts: %s: %s" % (a.check, e.strerror))
        if old != text:
            sys.exit("gen-abi-layouts: %s is stale: the uapi headers or the script changed; "
                     "regenerate it with scripts/gen-abi-layouts.py -o %s" % (a.check, a.check))
        print("%s matches the uapi headers" % a.check)
        return
    with open(a.out, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
