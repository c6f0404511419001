/*
 * sparc.c: what sparc64 and sparc32plus share (arch/sparc/include/uapi),
 * which is almost nothing of asm-generic: errno and signal numbers (SunOS
 * heritage), open, mmap, sigaction and poll bits, fcntl commands and lock
 * types, SOL_SOCKET and the SO_* numbers, RLIMIT_NOFILE/NPROC, the
 * sigprocmask "how" values, ioctl encoding and numbers, and a termios with
 * NCCS 17 whose VMIN and VTIME share VEOF's and VEOL's slots.
 */
#include "common.h"
#include "syscalls/abi/abi-internal.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <termios.h>

/* asm/errno.h: host errno -> sparc errno (0: the same number). */
const uint16_t abi_sparc_errno_from_host[ABI_SPARC_N_ERRNO] = {
    [EDEADLK] = 78, [ENAMETOOLONG] = 63, [ENOLCK] = 79, [ENOSYS] = 90, [ENOTEMPTY] = 66,
    [ELOOP] = 62, [ENOMSG] = 75, [EIDRM] = 77, [ECHRNG] = 94, [EL2NSYNC] = 95, [EL3HLT] = 96,
    [EL3RST] = 97, [ELNRNG] = 98, [EUNATCH] = 99, [ENOCSI] = 100, [EL2HLT] = 101, [EBADE] = 102,
    [EBADR] = 103, [EXFULL] = 104, [ENOANO] = 105, [EBADRQC] = 106, [EBADSLT] = 107,
    [EBFONT] = 109, [ENOSTR] = 72, [ENODATA] = 111, [ETIME] = 73, [ENOSR] = 74, [ENONET] = 80,
    [ENOPKG] = 113, [EREMOTE] = 71, [ENOLINK] = 82, [EADV] = 83, [ESRMNT] = 84, [ECOMM] = 85,
    [EPROTO] = 86, [EMULTIHOP] = 87, [EDOTDOT] = 88, [EBADMSG] = 76, [EOVERFLOW] = 92,
    [ENOTUNIQ] = 115, [EBADFD] = 93, [EREMCHG] = 89, [ELIBACC] = 114, [ELIBBAD] = 112,
    [ELIBSCN] = 124, [ELIBMAX] = 123, [ELIBEXEC] = 110, [EILSEQ] = 122, [ERESTART] = 116,
    [ESTRPIPE] = 91, [EUSERS] = 68, [ENOTSOCK] = 38, [EDESTADDRREQ] = 39, [EMSGSIZE] = 40,
    [EPROTOTYPE] = 41, [ENOPROTOOPT] = 42, [EPROTONOSUPPORT] = 43, [ESOCKTNOSUPPORT] = 44,
    [EOPNOTSUPP] = 45, [EPFNOSUPPORT] = 46, [EAFNOSUPPORT] = 47, [EADDRINUSE] = 48,
    [EADDRNOTAVAIL] = 49, [ENETDOWN] = 50, [ENETUNREACH] = 51, [ENETRESET] = 52,
    [ECONNABORTED] = 53, [ECONNRESET] = 54, [ENOBUFS] = 55, [EISCONN] = 56, [ENOTCONN] = 57,
    [ESHUTDOWN] = 58, [ETOOMANYREFS] = 59, [ETIMEDOUT] = 60, [ECONNREFUSED] = 61,
    [EHOSTDOWN] = 64, [EHOSTUNREACH] = 65, [EALREADY] = 37, [EINPROGRESS] = 36, [ESTALE] = 70,
    [EDQUOT] = 69, [ENOMEDIUM] = 125, [EMEDIUMTYPE] = 126, [ECANCELED] = 127, [ENOKEY] = 128,
    [EKEYEXPIRED] = 129, [EKEYREVOKED] = 130, [EKEYREJECTED] = 131, [EOWNERDEAD] = 132,
    [ENOTRECOVERABLE] = 133, [ERFKILL] = 134, [EHWPOISON] = 135,
};

/* asm/signal.h: sparc signal n -> host.  SIGEMT has no host equivalent; SIGLOST is SIGPWR. */
const uint8_t abi_sparc_signal_to_host[32] = {
    [1] = SIGHUP, [2] = SIGINT, [3] = SIGQUIT, [4] = SIGILL, [5] = SIGTRAP, [6] = SIGABRT,
    [7] = 0, [8] = SIGFPE, [9] = SIGKILL, [10] = SIGBUS, [11] = SIGSEGV, [12] = SIGSYS,
    [13] = SIGPIPE, [14] = SIGALRM, [15] = SIGTERM, [16] = SIGURG, [17] = SIGSTOP,
    [18] = SIGTSTP, [19] = SIGCONT, [20] = SIGCHLD, [21] = SIGTTIN, [22] = SIGTTOU,
    [23] = SIGIO, [24] = SIGXCPU, [25] = SIGXFSZ, [26] = SIGVTALRM, [27] = SIGPROF,
    [28] = SIGWINCH, [29] = SIGPWR, [30] = SIGUSR1, [31] = SIGUSR2,
};

/* asm/signal.h: SA_* (the SunOS _SV_* values for the first three). */
const AbiBitmap abi_sparc_sa_flags[] = {
    BIT(0x1, SA_ONSTACK), BIT(0x2, SA_RESTART), BIT(0x4, SA_RESETHAND),
    BIT(0x8, SA_NOCLDSTOP), BIT(0x20, SA_NODEFER), BIT(0x100, SA_NOCLDWAIT),
    BIT(0x200, SA_SIGINFO),
};
const unsigned abi_sparc_n_sa_flags = ARRAY_SIZE(abi_sparc_sa_flags);

const AbiValueMap abi_sparc_sigmask_how[] = {
    VAL(1, SIG_BLOCK), VAL(2, SIG_UNBLOCK), VAL(4, SIG_SETMASK),
};
const unsigned abi_sparc_n_sigmask_how = ARRAY_SIZE(abi_sparc_sigmask_how);

/* asm/fcntl.h */
const AbiBitmap abi_sparc_open_flags[] = {
    BIT(0x0008, O_APPEND), BIT(0x0040, O_ASYNC), BIT(0x0200, O_CREAT), BIT(0x0400, O_TRUNC),
    BIT(0x0800, O_EXCL), BIT(0x2000, O_DSYNC), BIT(0x4000, O_NONBLOCK), BIT(0x8000, O_NOCTTY),
    BIT(0x10000, O_DIRECTORY), BIT(0x20000, O_NOFOLLOW), BIT(0x40000, ABI_HOST_O_LARGEFILE),
    BIT(0x100000, O_DIRECT), BIT(0x200000, O_NOATIME), BIT(0x400000, O_CLOEXEC),
    BIT(0x800000, O_SYNC & ~O_DSYNC), BIT(0x1000000, O_PATH),
    BIT(0x2000000, O_TMPFILE & ~O_DIRECTORY),
};
const unsigned abi_sparc_n_open_flags = ARRAY_SIZE(abi_sparc_open_flags);

/* The fcntl commands sparc renumbers (SunOS order); the *LK64 of sparc32 are generic. */
const AbiValueMap abi_sparc_fcntl_cmds[] = {
    VAL(5, F_GETOWN), VAL(6, F_SETOWN), VAL(7, F_GETLK), VAL(8, F_SETLK), VAL(9, F_SETLKW),
    VAL(12, F_GETLK), VAL(13, F_SETLK), VAL(14, F_SETLKW),
};
const unsigned abi_sparc_n_fcntl_cmds = ARRAY_SIZE(abi_sparc_fcntl_cmds);

const AbiValueMap abi_sparc_flock_types[] = {
    VAL(1, F_RDLCK), VAL(2, F_WRLCK), VAL(3, F_UNLCK),
};
const unsigned abi_sparc_n_flock_types = ARRAY_SIZE(abi_sparc_flock_types);

/* asm/mman.h: MAP_NORESERVE 0x40, MAP_LOCKED 0x100, MAP_GROWSDOWN 0x200. */
const AbiBitmap abi_sparc_mmap_flags[] = {
    FIELD(0x03, 0x01, MAP_TYPE, MAP_SHARED), FIELD(0x03, 0x02, MAP_TYPE, MAP_PRIVATE),
    FIELD(0x03, 0x03, MAP_TYPE, MAP_SHARED_VALIDATE),
    BIT(0x10, MAP_FIXED), BIT(0x20, MAP_ANONYMOUS), BIT(0x40, MAP_NORESERVE),
    BIT(0x100, MAP_LOCKED), BIT(0x200, MAP_GROWSDOWN),
    BIT(0x800, MAP_DENYWRITE), BIT(0x1000, MAP_EXECUTABLE),
    BIT(0x8000, MAP_POPULATE), BIT(0x10000, MAP_NONBLOCK),
    BIT(0x20000, MAP_STACK), BIT(0x40000, MAP_HUGETLB), BIT(0x80000, MAP_SYNC),
    BIT(0x100000, MAP_FIXED_NOREPLACE),
};
const unsigned abi_sparc_n_mmap_flags = ARRAY_SIZE(abi_sparc_mmap_flags);

/*
 * asm/poll.h: POLLWRNORM is POLLOUT (a host POLLWRNORM reads back as it;
 * the guest's 4 asks for POLLOUT), the bits above move down.
 */
const AbiBitmap abi_sparc_poll_events[] = {
    FIELD(0, 0x4, POLLWRNORM, POLLWRNORM), BIT(0x100, POLLWRBAND), BIT(0x200, POLLMSG),
    BIT(0x400, POLLREMOVE),
    BIT(0x800, POLLRDHUP),
};
const unsigned abi_sparc_n_poll_events = ARRAY_SIZE(abi_sparc_poll_events);

/* socket()'s type flags are O_NONBLOCK and O_CLOEXEC (include/linux/net.h). */
const AbiBitmap abi_sparc_sock_type_flags[] = {
    BIT(0x4000, SOCK_NONBLOCK), BIT(0x400000, SOCK_CLOEXEC),
};
const unsigned abi_sparc_n_sock_type_flags = ARRAY_SIZE(abi_sparc_sock_type_flags);

const AbiValueMap abi_sparc_sockopt_levels[] = { VAL(0xffff, SOL_SOCKET) };
const unsigned abi_sparc_n_sockopt_levels = ARRAY_SIZE(abi_sparc_sockopt_levels);

/* asm/socket.h: SO_* at SOL_SOCKET (the SunOS bit-flag numbers, then 0x1000+ and 0x20+). */
const AbiValueMap abi_sparc_sockopts[] = {
    VAL(0x0001, SO_DEBUG), VAL(0x0002, SO_PASSCRED), VAL(0x0004, SO_REUSEADDR),
    VAL(0x0008, SO_KEEPALIVE), VAL(0x0010, SO_DONTROUTE), VAL(0x0020, SO_BROADCAST),
    VAL(0x0040, SO_PEERCRED), VAL(0x0080, SO_LINGER), VAL(0x0100, SO_OOBINLINE),
    VAL(0x0200, SO_REUSEPORT), VAL(0x0400, SO_BSDCOMPAT), VAL(0x0800, SO_RCVLOWAT),
    VAL(0x1000, SO_SNDLOWAT), VAL(0x2000, SO_RCVTIMEO_OLD), VAL(0x4000, SO_SNDTIMEO_OLD),
    VAL(0x8000, SO_ACCEPTCONN), VAL(0x1001, SO_SNDBUF), VAL(0x1002, SO_RCVBUF),
    VAL(0x100a, SO_SNDBUFFORCE), VAL(0x100b, SO_RCVBUFFORCE), VAL(0x1007, SO_ERROR),
    VAL(0x1008, SO_TYPE), VAL(0x1028, SO_PROTOCOL), VAL(0x1029, SO_DOMAIN),
    VAL(0x000b, SO_NO_CHECK), VAL(0x000c, SO_PRIORITY), VAL(0x000d, SO_BINDTODEVICE),
    VAL(0x001d, SO_TIMESTAMP_OLD), VAL(0x001e, SO_PEERSEC), VAL(0x001f, SO_PASSSEC),
    VAL(0x0021, SO_TIMESTAMPNS_OLD), VAL(0x0022, SO_MARK), VAL(0x0024, SO_RXQ_OVFL),
    VAL(0x0026, SO_PEEK_OFF), VAL(0x0030, SO_BUSY_POLL), VAL(0x0033, SO_INCOMING_CPU),
    VAL(0x003b, SO_COOKIE), VAL(0x003d, SO_PEERGROUPS), VAL(0x003e, SO_ZEROCOPY),
    VAL(0x0042, SO_TIMESTAMPNS_NEW), VAL(0x0044, SO_RCVTIMEO_NEW),
    VAL(0x0045, SO_SNDTIMEO_NEW), VAL(0x0046, SO_TIMESTAMP_NEW),
};
const unsigned abi_sparc_n_sockopts = ARRAY_SIZE(abi_sparc_sockopts);

/* asm/resource.h: NOFILE and NPROC swap places. */
const AbiValueMap abi_sparc_rlimit_resources[] = {
    VAL(6, RLIMIT_NOFILE), VAL(7, RLIMIT_NPROC),
};
const unsigned abi_sparc_n_rlimit_resources = ARRAY_SIZE(abi_sparc_rlimit_resources);

/* asm/mman.h: as powerpc's. */
const AbiBitmap abi_sparc_mlockall_flags[] = {
    BIT(0x2000, MCL_CURRENT), BIT(0x4000, MCL_FUTURE), BIT(0x8000, MCL_ONFAULT),
};
const unsigned abi_sparc_n_mlockall_flags = ARRAY_SIZE(abi_sparc_mlockall_flags);

/*
 * asm/termbits.h.  c_cflag speeds: 0x1005..0x1008 are sparc's own (76800,
 * 153600, 307200, 614400: no host code, they read back as B0), the faster
 * ones are in another order; CIBAUD is the same shifted by 16.  c_lflag:
 * DEFECHO (0x1000) has no host bit; FLUSHO moves.
 */
#define SPARC_SPEED(g, h) \
    FIELD(CBAUD, (g), CBAUD, (h)), FIELD(CIBAUD, (g) << 16, CIBAUD, (h) << 16)
static const AbiBitmap sparc_cflag[] = {
    SPARC_SPEED(B0, B0), SPARC_SPEED(B50, B50), SPARC_SPEED(B75, B75),
    SPARC_SPEED(B110, B110), SPARC_SPEED(B134, B134), SPARC_SPEED(B150, B150),
    SPARC_SPEED(B200, B200), SPARC_SPEED(B300, B300), SPARC_SPEED(B600, B600),
    SPARC_SPEED(B1200, B1200), SPARC_SPEED(B1800, B1800), SPARC_SPEED(B2400, B2400),
    SPARC_SPEED(B4800, B4800), SPARC_SPEED(B9600, B9600), SPARC_SPEED(B19200, B19200),
    SPARC_SPEED(B38400, B38400), SPARC_SPEED(0x1000, ABI_HOST_BOTHER),
    SPARC_SPEED(0x1001, B57600), SPARC_SPEED(0x1002, B115200), SPARC_SPEED(0x1003, B230400),
    SPARC_SPEED(0x1004, B460800), SPARC_SPEED(0x1009, B921600), SPARC_SPEED(0x100a, B500000),
    SPARC_SPEED(0x100b, B576000), SPARC_SPEED(0x100c, B1000000),
    SPARC_SPEED(0x100d, B1152000), SPARC_SPEED(0x100e, B1500000),
    SPARC_SPEED(0x100f, B2000000),
};
static const AbiBitmap sparc_lflag[] = {
    FIELD(0x1000, 0x1000, 0, 0), BIT(0x2000, FLUSHO),
};
static const AbiField sparc_termios_fields[] = {
    F(TIO_IFLAG, 0, 4), F(TIO_OFLAG, 4, 4), F(TIO_CFLAG, 8, 4), F(TIO_LFLAG, 12, 4),
    F(TIO_LINE, 16, 1), FA(TIO_CC, 17, 1, 17),
};
static LAYOUT(sparc_termios_layout, "termios", 36, sparc_termios_fields);
const AbiTermios abi_sparc_termios = {
    .layout = &sparc_termios_layout,
    MAP(cflag, sparc_cflag),
    MAP(lflag, sparc_lflag),
    .ncc = 17,
    /* VINTR VQUIT VERASE VKILL VEOF VEOL VEOL2 VSWTC VSTART VSTOP VSUSP VDSUSP
     * VREPRINT VDISCARD VWERASE VLNEXT (VDSUSP: no host slot) */
    .cc_to_host = { VINTR, VQUIT, VERASE, VKILL, VEOF, VEOL, VEOL2, VSWTC, VSTART, VSTOP,
                    VSUSP, -1, VREPRINT, VDISCARD, VWERASE, VLNEXT, -1, -1, -1, -1, -1,
                    -1, -1, -1 },
    .vmin_slot = 4,
    .vtime_slot = 5,
    .icanon = 0x2,
};

/* stat64 of sparc64 = ppc64's struct stat: st_nlink (8 bytes) before st_mode. */
static const AbiField sparc64_stat64_fields[] = {
    F(STAT_DEV, 0, 8), F(STAT_INO, 8, 8), F(STAT_NLINK, 16, 8), F(STAT_MODE, 24, 4),
    F(STAT_UID, 28, 4), F(STAT_GID, 32, 4), F(STAT_RDEV, 40, 8), F(STAT_SIZE, 48, 8),
    F(STAT_BLKSIZE, 56, 8), F(STAT_BLOCKS, 64, 8),
    F(STAT_ATIME, 72, 8), F(STAT_ATIME_NSEC, 80, 8), F(STAT_MTIME, 88, 8),
    F(STAT_MTIME_NSEC, 96, 8), F(STAT_CTIME, 104, 8), F(STAT_CTIME_NSEC, 112, 8),
};
LAYOUT(abi_sparc64_stat64, "stat64", 144, sparc64_stat64_fields);
/* sparc64's struct stat: 32-bit dev and rdev, short nlink, no nanoseconds. */
static const AbiField sparc64_stat_fields[] = {
    F(STAT_DEV, 0, 4), F(STAT_INO, 8, 8), F(STAT_MODE, 16, 4), F(STAT_NLINK, 20, 2),
    F(STAT_UID, 24, 4), F(STAT_GID, 28, 4), F(STAT_RDEV, 32, 4), F(STAT_SIZE, 40, 8),
    F(STAT_ATIME, 48, 8), F(STAT_MTIME, 56, 8), F(STAT_CTIME, 64, 8),
    F(STAT_BLKSIZE, 72, 8), F(STAT_BLOCKS, 80, 8),
};
LAYOUT(abi_sparc64_stat, "stat", 104, sparc64_stat_fields);
/* sparc32's struct stat: 16-bit dev, ids and rdev. */
static const AbiField sparc32_stat_fields[] = {
    F(STAT_DEV, 0, 2), F(STAT_INO, 4, 4), F(STAT_MODE, 8, 2), F(STAT_NLINK, 10, 2),
    F(STAT_UID, 12, 2), F(STAT_GID, 14, 2), F(STAT_RDEV, 16, 2), F(STAT_SIZE, 20, 4),
    F(STAT_ATIME, 24, 4), F(STAT_ATIME_NSEC, 28, 4), F(STAT_MTIME, 32, 4),
    F(STAT_MTIME_NSEC, 36, 4), F(STAT_CTIME, 40, 4), F(STAT_CTIME_NSEC, 44, 4),
    F(STAT_BLKSIZE, 48, 4), F(STAT_BLOCKS, 52, 4),
};
LAYOUT(abi_sparc32_stat, "stat", 64, sparc32_stat_fields);
/* sparc32's struct stat64 (= the kernel's compat_stat64): a 32-bit st_blocks at 68. */
static const AbiField sparc32_stat64_fields[] = {
    F(STAT_DEV, 0, 8), F(STAT_INO, 8, 8), F(STAT_MODE, 16, 4), F(STAT_NLINK, 20, 4),
    F(STAT_UID, 24, 4), F(STAT_GID, 28, 4), F(STAT_RDEV, 32, 8), F(STAT_SIZE, 48, 8),
    F(STAT_BLKSIZE, 56, 4), F(STAT_BLOCKS, 68, 4),
    F(STAT_ATIME, 72, 4), F(STAT_ATIME_NSEC, 76, 4), F(STAT_MTIME, 80, 4),
    F(STAT_MTIME_NSEC, 84, 4), F(STAT_CTIME, 88, 4), F(STAT_CTIME_NSEC, 92, 4),
};
LAYOUT(abi_sparc32_stat64, "stat64", 104, sparc32_stat64_fields);

/* sparc32's struct flock has a trailing short (__ARCH_FLOCK_PAD): 20 bytes. */
static const AbiField sparc32_flock_fields[] = {
    F(FLOCK_TYPE, 0, 2), F(FLOCK_WHENCE, 2, 2), F(FLOCK_START, 4, 4), F(FLOCK_LEN, 8, 4),
    F(FLOCK_PID, 12, 4),
};
LAYOUT(abi_sparc32_flock, "flock", 20, sparc32_flock_fields);

/* sparc64: tv_usec is an int (__kernel_suseconds_t), in timeval and so in rusage. */
static const AbiField sparc64_tv_fields[] = { F(TS_SEC, 0, 8), F(TS_NSEC, 8, 4) };
LAYOUT(abi_sparc64_timeval, "timeval", 16, sparc64_tv_fields);
static const AbiField sparc64_ru[] = {
    F(RU_UTIME_SEC, 0, 8), F(RU_UTIME_USEC, 8, 4), F(RU_STIME_SEC, 16, 8),
    F(RU_STIME_USEC, 24, 4),
    F(RU_MAXRSS, 32, 8), F(RU_IXRSS, 40, 8), F(RU_IDRSS, 48, 8), F(RU_ISRSS, 56, 8),
    F(RU_MINFLT, 64, 8), F(RU_MAJFLT, 72, 8), F(RU_NSWAP, 80, 8), F(RU_INBLOCK, 88, 8),
    F(RU_OUBLOCK, 96, 8), F(RU_MSGSND, 104, 8), F(RU_MSGRCV, 112, 8),
    F(RU_NSIGNALS, 120, 8), F(RU_NVCSW, 128, 8), F(RU_NIVCSW, 136, 8),
};
LAYOUT(abi_sparc64_rusage, "rusage", 144, sparc64_ru);
/* sparc64's siginfo: si_band is an int (__ARCH_SI_BAND_T), so si_fd follows at 20. */
static const AbiField sparc64_si[] = {
    F(SI_F_SIGNO, 0, 4), F(SI_F_ERRNO, 4, 4), F(SI_F_CODE, 8, 4),
    F(SI_F_PID, 16, 4), F(SI_F_UID, 20, 4),
    F(SI_F_TIMERID, 16, 4), F(SI_F_OVERRUN, 20, 4), F(SI_F_VALUE, 24, 8),
    F(SI_F_STATUS, 24, 4), F(SI_F_UTIME, 32, 8), F(SI_F_STIME, 40, 8),
    F(SI_F_ADDR, 16, 8), F(SI_F_TRAPNO, 24, 4), F(SI_F_ADDR_LSB, 24, 2),
    F(SI_F_BAND, 16, 4), F(SI_F_FD, 20, 4),
    F(SI_F_CALL_ADDR, 16, 8), F(SI_F_SYSCALL, 24, 4), F(SI_F_ARCH, 28, 4),
};
LAYOUT(abi_sparc64_siginfo, "siginfo", 128, sparc64_si);

G_STATIC_ASSERT(ARRAY_SIZE(abi_sparc_sa_flags) == ABI_SPARC_N_SA_FLAGS);
G_STATIC_ASSERT(ARRAY_SIZE(abi_sparc_open_flags) == ABI_SPARC_N_OPEN_FLAGS);
G_STATIC_ASSERT(ARRAY_SIZE(abi_sparc_mmap_flags) == ABI_SPARC_N_MMAP_FLAGS);
G_STATIC_ASSERT(ARRAY_SIZE(abi_sparc_sockopts) == ABI_SPARC_N_SOCKOPTS);
G_STATIC_ASSERT(ARRAY_SIZE(abi_sparc_fcntl_cmds) == ABI_SPARC_N_FCNTL_CMDS);
G_STATIC_ASSERT(ARRAY_SIZE(abi_sparc_flock_types) == 3);
G_STATIC_ASSERT(ARRAY_SIZE(abi_sparc_sock_type_flags) == 2);
G_STATIC_ASSERT(ARRAY_SIZE(abi_sparc_sockopt_levels) == 1);
G_STATIC_ASSERT(ARRAY_SIZE(abi_sparc_poll_events) == 5);
G_STATIC_ASSERT(ARRAY_SIZE(abi_sparc_mlockall_flags) == 3);
G_STATIC_ASSERT(ARRAY_SIZE(abi_sparc_sigmask_how) == 3);
G_STATIC_ASSERT(ARRAY_SIZE(abi_sparc_rlimit_resources) == 2);
