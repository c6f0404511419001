/*
 * layouts.c: struct layouts that follow from a data model alone.
 *
 * lp64_: longs and pointers of 8 bytes; ilp32_: of 4, with 64-bit scalars
 * aligned to 8 (arm EABI, ppc, sparc32).  Offsets are those of the kernel's
 * uapi headers (and of the kernel-internal structs the syscalls read:
 * user_msghdr, mmsghdr, cmsghdr, sigaction, linux_dirent64), checked per
 * ABI by tests/unit/test-abi.c.
 */
#include "common.h"
#include "syscalls/abi/abi-internal.h"

/* struct __kernel_old_timespec / __kernel_old_timeval: two longs. */
static const AbiField lp64_ts[] = { F(TS_SEC, 0, 8), F(TS_NSEC, 8, 8) };
static const AbiField ilp32_ts[] = { F(TS_SEC, 0, 4), F(TS_NSEC, 4, 4) };
LAYOUT(abi_lp64_timespec, "timespec", 16, lp64_ts);
LAYOUT(abi_ilp32_timespec, "timespec", 8, ilp32_ts);
LAYOUT(abi_lp64_timeval, "timeval", 16, lp64_ts);
LAYOUT(abi_ilp32_timeval, "timeval", 8, ilp32_ts);
/* struct __kernel_timespec and __kernel_sock_timeval: two 64-bit values everywhere. */
LAYOUT(abi_common_timespec64, "timespec64", 16, lp64_ts);
LAYOUT(abi_common_timeval64, "timeval64", 16, lp64_ts);

static const AbiField tz_fields[] = { F(TZ_MINUTESWEST, 0, 4), F(TZ_DSTTIME, 4, 4) };
LAYOUT(abi_common_timezone, "timezone", 8, tz_fields);

/* struct rlimit: two unsigned longs; struct rlimit64: two __u64. */
static const AbiField lp64_rlim[] = { F(RLIM_CUR, 0, 8), F(RLIM_MAX, 8, 8) };
static const AbiField ilp32_rlim[] = { F(RLIM_CUR, 0, 4), F(RLIM_MAX, 4, 4) };
LAYOUT(abi_lp64_rlimit, "rlimit", 16, lp64_rlim);
LAYOUT(abi_ilp32_rlimit, "rlimit", 8, ilp32_rlim);
LAYOUT(abi_common_rlimit64, "rlimit64", 16, lp64_rlim);

/* asm-generic/termios.h: struct winsize, four unsigned shorts. */
static const AbiField ws_fields[] = {
    F(WS_ROW, 0, 2), F(WS_COL, 2, 2), F(WS_XPIXEL, 4, 2), F(WS_YPIXEL, 6, 2),
};
LAYOUT(abi_common_winsize, "winsize", 8, ws_fields);

/* linux/stat.h: struct statx, the same offsets on every ABI (fixed-size types). */
static const AbiField statx_fields[] = {
    F(STX_MASK, 0, 4), F(STX_BLKSIZE, 4, 4), F(STX_ATTRIBUTES, 8, 8),
    F(STX_NLINK, 16, 4), F(STX_UID, 20, 4), F(STX_GID, 24, 4), F(STX_MODE, 28, 2),
    F(STX_INO, 32, 8), F(STX_SIZE, 40, 8), F(STX_BLOCKS, 48, 8),
    F(STX_ATTRIBUTES_MASK, 56, 8),
    F(STX_ATIME_SEC, 64, 8), F(STX_ATIME_NSEC, 72, 4),
    F(STX_BTIME_SEC, 80, 8), F(STX_BTIME_NSEC, 88, 4),
    F(STX_CTIME_SEC, 96, 8), F(STX_CTIME_NSEC, 104, 4),
    F(STX_MTIME_SEC, 112, 8), F(STX_MTIME_NSEC, 120, 4),
    F(STX_RDEV_MAJOR, 128, 4), F(STX_RDEV_MINOR, 132, 4),
    F(STX_DEV_MAJOR, 136, 4), F(STX_DEV_MINOR, 140, 4),
    F(STX_MNT_ID, 144, 8), F(STX_DIO_MEM_ALIGN, 152, 4), F(STX_DIO_OFFSET_ALIGN, 156, 4),
};
LAYOUT(abi_common_statx, "statx", 256, statx_fields);

/*
 * linux/eventpoll.h: struct epoll_event is packed only on x86-64
 * (EPOLL_PACKED); every guest we support aligns the __u64 to 8.
 */
static const AbiField epoll_fields[] = { F(EPEV_EVENTS, 0, 4), F(EPEV_DATA, 8, 8) };
LAYOUT(abi_common_epoll_event, "epoll_event", 16, epoll_fields);

/* include/linux/dirent.h: struct linux_dirent64; d_name runs to d_reclen. */
static const AbiField dirent_fields[] = {
    F(DIRENT_INO, 0, 8), F(DIRENT_OFF, 8, 8), F(DIRENT_RECLEN, 16, 2), F(DIRENT_TYPE, 18, 1),
    FA(DIRENT_NAME, 19, 1, 1),
};
LAYOUT(abi_common_dirent64, "dirent64", 24, dirent_fields);

/* linux/netlink.h: struct sockaddr_nl (a pad short after the family). */
static const AbiField nl_fields[] = {
    F(SOCKADDR_FAMILY, 0, 2), F(SOCKADDR_NL_PID, 4, 4), F(SOCKADDR_NL_GROUPS, 8, 4),
};
LAYOUT(abi_common_sockaddr_nl, "sockaddr_nl", 12, nl_fields);

/* asm-generic/statfs.h: struct statfs with __statfs_word = long. */
static const AbiField lp64_statfs_fields[] = {
    F(STATFS_TYPE, 0, 8), F(STATFS_BSIZE, 8, 8), F(STATFS_BLOCKS, 16, 8),
    F(STATFS_BFREE, 24, 8), F(STATFS_BAVAIL, 32, 8), F(STATFS_FILES, 40, 8),
    F(STATFS_FFREE, 48, 8), F(STATFS_FSID0, 56, 4), F(STATFS_FSID1, 60, 4),
    F(STATFS_NAMELEN, 64, 8), F(STATFS_FRSIZE, 72, 8), F(STATFS_FLAGS, 80, 8),
};
LAYOUT(abi_lp64_statfs, "statfs", 120, lp64_statfs_fields);
static const AbiField ilp32_statfs_fields[] = {
    F(STATFS_TYPE, 0, 4), F(STATFS_BSIZE, 4, 4), F(STATFS_BLOCKS, 8, 4),
    F(STATFS_BFREE, 12, 4), F(STATFS_BAVAIL, 16, 4), F(STATFS_FILES, 20, 4),
    F(STATFS_FFREE, 24, 4), F(STATFS_FSID0, 28, 4), F(STATFS_FSID1, 32, 4),
    F(STATFS_NAMELEN, 36, 4), F(STATFS_FRSIZE, 40, 4), F(STATFS_FLAGS, 44, 4),
};
LAYOUT(abi_ilp32_statfs, "statfs", 64, ilp32_statfs_fields);
/* struct statfs64 of a 32-bit ABI: 32-bit words, 64-bit counts. */
static const AbiField ilp32_statfs64_fields[] = {
    F(STATFS_TYPE, 0, 4), F(STATFS_BSIZE, 4, 4), F(STATFS_BLOCKS, 8, 8),
    F(STATFS_BFREE, 16, 8), F(STATFS_BAVAIL, 24, 8), F(STATFS_FILES, 32, 8),
    F(STATFS_FFREE, 40, 8), F(STATFS_FSID0, 48, 4), F(STATFS_FSID1, 52, 4),
    F(STATFS_NAMELEN, 56, 4), F(STATFS_FRSIZE, 60, 4), F(STATFS_FLAGS, 64, 4),
};
LAYOUT(abi_ilp32_statfs64, "statfs64", 88, ilp32_statfs64_fields);
/* arm EABI packs it to 4-byte alignment (arch/arm/include/uapi/asm/statfs.h): 84 bytes. */
LAYOUT(abi_ilp32_statfs64_eabi, "statfs64", 84, ilp32_statfs64_fields);

/* asm-generic/fcntl.h: struct flock (off_t = long) and struct flock64. */
static const AbiField lp64_flock_fields[] = {
    F(FLOCK_TYPE, 0, 2), F(FLOCK_WHENCE, 2, 2), F(FLOCK_START, 8, 8), F(FLOCK_LEN, 16, 8),
    F(FLOCK_PID, 24, 4),
};
LAYOUT(abi_lp64_flock, "flock", 32, lp64_flock_fields);
LAYOUT(abi_ilp32_flock64, "flock64", 32, lp64_flock_fields);
static const AbiField ilp32_flock_fields[] = {
    F(FLOCK_TYPE, 0, 2), F(FLOCK_WHENCE, 2, 2), F(FLOCK_START, 4, 4), F(FLOCK_LEN, 8, 4),
    F(FLOCK_PID, 12, 4),
};
LAYOUT(abi_ilp32_flock, "flock", 16, ilp32_flock_fields);

static const AbiField lp64_iov[] = { F(IOV_BASE, 0, 8), F(IOV_LEN, 8, 8) };
static const AbiField ilp32_iov[] = { F(IOV_BASE, 0, 4), F(IOV_LEN, 4, 4) };
LAYOUT(abi_lp64_iovec, "iovec", 16, lp64_iov);
LAYOUT(abi_ilp32_iovec, "iovec", 8, ilp32_iov);

/* include/linux/socket.h: struct user_msghdr, struct mmsghdr, struct cmsghdr. */
static const AbiField lp64_msg[] = {
    F(MSG_F_NAME, 0, 8), F(MSG_F_NAMELEN, 8, 4), F(MSG_F_IOV, 16, 8), F(MSG_F_IOVLEN, 24, 8),
    F(MSG_F_CONTROL, 32, 8), F(MSG_F_CONTROLLEN, 40, 8), F(MSG_F_FLAGS, 48, 4),
    F(MMSG_F_LEN, 56, 4),
};
static const AbiField ilp32_msg[] = {
    F(MSG_F_NAME, 0, 4), F(MSG_F_NAMELEN, 4, 4), F(MSG_F_IOV, 8, 4), F(MSG_F_IOVLEN, 12, 4),
    F(MSG_F_CONTROL, 16, 4), F(MSG_F_CONTROLLEN, 20, 4), F(MSG_F_FLAGS, 24, 4),
    F(MMSG_F_LEN, 28, 4),
};
/* The msghdr is the mmsghdr without its last field. */
const AbiLayout abi_lp64_msghdr = { "msghdr", 56, ARRAY_SIZE(lp64_msg) - 1, lp64_msg };
const AbiLayout abi_ilp32_msghdr = { "msghdr", 28, ARRAY_SIZE(ilp32_msg) - 1, ilp32_msg };
LAYOUT(abi_lp64_mmsghdr, "mmsghdr", 64, lp64_msg);
LAYOUT(abi_ilp32_mmsghdr, "mmsghdr", 32, ilp32_msg);
static const AbiField lp64_cmsg[] = {
    F(CMSG_F_LEN, 0, 8), F(CMSG_F_LEVEL, 8, 4), F(CMSG_F_TYPE, 12, 4),
};
static const AbiField ilp32_cmsg[] = {
    F(CMSG_F_LEN, 0, 4), F(CMSG_F_LEVEL, 4, 4), F(CMSG_F_TYPE, 8, 4),
};
LAYOUT(abi_lp64_cmsghdr, "cmsghdr", 16, lp64_cmsg);
LAYOUT(abi_ilp32_cmsghdr, "cmsghdr", 12, ilp32_cmsg);

/*
 * asm-generic/siginfo.h: signo, errno, code, then the union at the first
 * offset aligned for a pointer (16 or 12).  Members of different classes
 * overlap; abi_siginfo_to_guest stores one class.
 */
static const AbiField lp64_si[] = {
    F(SI_F_SIGNO, 0, 4), F(SI_F_ERRNO, 4, 4), F(SI_F_CODE, 8, 4),
    F(SI_F_PID, 16, 4), F(SI_F_UID, 20, 4),
    F(SI_F_TIMERID, 16, 4), F(SI_F_OVERRUN, 20, 4), F(SI_F_VALUE, 24, 8),
    F(SI_F_STATUS, 24, 4), F(SI_F_UTIME, 32, 8), F(SI_F_STIME, 40, 8),
    F(SI_F_ADDR, 16, 8), F(SI_F_TRAPNO, 24, 4), F(SI_F_ADDR_LSB, 24, 2),
    F(SI_F_BAND, 16, 8), F(SI_F_FD, 24, 4),
    F(SI_F_CALL_ADDR, 16, 8), F(SI_F_SYSCALL, 24, 4), F(SI_F_ARCH, 28, 4),
};
LAYOUT(abi_lp64_siginfo, "siginfo", 128, lp64_si);
static const AbiField ilp32_si[] = {
    F(SI_F_SIGNO, 0, 4), F(SI_F_ERRNO, 4, 4), F(SI_F_CODE, 8, 4),
    F(SI_F_PID, 12, 4), F(SI_F_UID, 16, 4),
    F(SI_F_TIMERID, 12, 4), F(SI_F_OVERRUN, 16, 4), F(SI_F_VALUE, 20, 4),
    F(SI_F_STATUS, 20, 4), F(SI_F_UTIME, 24, 4), F(SI_F_STIME, 28, 4),
    F(SI_F_ADDR, 12, 4), F(SI_F_TRAPNO, 16, 4), F(SI_F_ADDR_LSB, 16, 2),
    F(SI_F_BAND, 12, 4), F(SI_F_FD, 16, 4),
    F(SI_F_CALL_ADDR, 12, 4), F(SI_F_SYSCALL, 16, 4), F(SI_F_ARCH, 20, 4),
};
LAYOUT(abi_ilp32_siginfo, "siginfo", 128, ilp32_si);

/* stack_t: ss_sp, ss_flags (int), ss_size. */
static const AbiField lp64_ss[] = { F(SS_F_SP, 0, 8), F(SS_F_FLAGS, 8, 4), F(SS_F_SIZE, 16, 8) };
static const AbiField ilp32_ss[] = { F(SS_F_SP, 0, 4), F(SS_F_FLAGS, 4, 4), F(SS_F_SIZE, 8, 4) };
LAYOUT(abi_lp64_stack, "stack", 24, lp64_ss);
LAYOUT(abi_ilp32_stack, "stack", 12, ilp32_ss);

/* linux/resource.h: struct rusage, two timevals then 14 longs. */
#define RU_LONGS(w, base) \
    F(RU_MAXRSS, (base), w), F(RU_IXRSS, (base) + w, w), F(RU_IDRSS, (base) + 2 * w, w), \
    F(RU_ISRSS, (base) + 3 * w, w), F(RU_MINFLT, (base) + 4 * w, w), \
    F(RU_MAJFLT, (base) + 5 * w, w), F(RU_NSWAP, (base) + 6 * w, w), \
    F(RU_INBLOCK, (base) + 7 * w, w), F(RU_OUBLOCK, (base) + 8 * w, w), \
    F(RU_MSGSND, (base) + 9 * w, w), F(RU_MSGRCV, (base) + 10 * w, w), \
    F(RU_NSIGNALS, (base) + 11 * w, w), F(RU_NVCSW, (base) + 12 * w, w), \
    F(RU_NIVCSW, (base) + 13 * w, w)
static const AbiField lp64_ru[] = {
    F(RU_UTIME_SEC, 0, 8), F(RU_UTIME_USEC, 8, 8), F(RU_STIME_SEC, 16, 8),
    F(RU_STIME_USEC, 24, 8), RU_LONGS(8, 32),
};
static const AbiField ilp32_ru[] = {
    F(RU_UTIME_SEC, 0, 4), F(RU_UTIME_USEC, 4, 4), F(RU_STIME_SEC, 8, 4),
    F(RU_STIME_USEC, 12, 4), RU_LONGS(4, 16),
};
LAYOUT(abi_lp64_rusage, "rusage", 144, lp64_ru);
LAYOUT(abi_ilp32_rusage, "rusage", 72, ilp32_ru);

/* linux/sysinfo.h */
#define SYSINFO_FIELDS(w) \
    F(SYSINFO_UPTIME, 0, w), F(SYSINFO_LOADS0, w, w), F(SYSINFO_LOADS1, 2 * w, w), \
    F(SYSINFO_LOADS2, 3 * w, w), F(SYSINFO_TOTALRAM, 4 * w, w), \
    F(SYSINFO_FREERAM, 5 * w, w), F(SYSINFO_SHAREDRAM, 6 * w, w), \
    F(SYSINFO_BUFFERRAM, 7 * w, w), F(SYSINFO_TOTALSWAP, 8 * w, w), \
    F(SYSINFO_FREESWAP, 9 * w, w), F(SYSINFO_PROCS, 10 * w, 2), \
    F(SYSINFO_TOTALHIGH, 11 * w, w), F(SYSINFO_FREEHIGH, 12 * w, w), \
    F(SYSINFO_MEM_UNIT, 13 * w, 4)
static const AbiField lp64_sysinfo[] = { SYSINFO_FIELDS(8) };
static const AbiField ilp32_sysinfo[] = { SYSINFO_FIELDS(4) };
LAYOUT(abi_lp64_sysinfo, "sysinfo", 112, lp64_sysinfo);
LAYOUT(abi_ilp32_sysinfo, "sysinfo", 64, ilp32_sysinfo);

/*
 * include/linux/signal_types.h: the sigaction rt_sigaction reads.  Without
 * SA_RESTORER (riscv) there is no sa_restorer; the mask is _NSIG = 64 bits,
 * two longs on a 32-bit ABI.
 */
static const AbiField lp64_sa[] = {
    F(SA_F_HANDLER, 0, 8), F(SA_F_FLAGS, 8, 8), F(SA_F_MASK, 16, 8),
};
static const AbiField lp64_sa_restorer[] = {
    F(SA_F_HANDLER, 0, 8), F(SA_F_FLAGS, 8, 8), F(SA_F_RESTORER, 16, 8), F(SA_F_MASK, 24, 8),
};
static const AbiField ilp32_sa_restorer[] = {
    F(SA_F_HANDLER, 0, 4), F(SA_F_FLAGS, 4, 4), F(SA_F_RESTORER, 8, 4), FA(SA_F_MASK, 12, 4, 2),
};
LAYOUT(abi_lp64_sigaction, "sigaction", 24, lp64_sa);
LAYOUT(abi_lp64_sigaction_restorer, "sigaction", 32, lp64_sa_restorer);
LAYOUT(abi_ilp32_sigaction_restorer, "sigaction", 20, ilp32_sa_restorer);
