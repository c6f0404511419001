/*
 * abi.h: what differs between guest Linux ABIs, as data.
 *
 * A GuestABI describes one guest's system call interface: its syscall
 * number table (generated from the kernel's uapi headers), the layouts of the
 * structs that cross the syscall boundary, flag-bit and errno maps, ioctl
 * numbers.  Handlers in syscalls/ never test which guest they serve; they read
 * these tables.  All eight ABIs we support (riscv64, aarch64, arm, ppc64le,
 * ppc64, ppc, sparc64, sparc32plus) have theirs, front end or not, each
 * checked against its uapi headers by tests/unit/test-abi.c; the design is
 * in docs/devel/abi.md.
 *
 * Struct conversion model: a struct kind (stat, timespec, ...) has an enum of
 * field ids shared by all ABIs.  Handlers extract the host struct into a
 * uint64_t array indexed by field id, and abi_store() writes the fields the
 * guest layout lists, each at its guest offset and size, in guest byte order.
 * The whole-struct converters declared at the end do that for the structs
 * with more to them (flag and signal renumbering, unions, arrays).
 */
#ifndef CROSSEMU_SYSCALLS_ABI_H
#define CROSSEMU_SYSCALLS_ABI_H

#include "common.h"

/* One row of a generated syscall number table. */
typedef struct SyscallName {
    unsigned nr;
    const char *name;
} SyscallName;

extern const SyscallName syscall_names_riscv64[];
extern const unsigned syscall_names_riscv64_count;
extern const SyscallName syscall_names_aarch64[];
extern const unsigned syscall_names_aarch64_count;
extern const SyscallName syscall_names_arm[];
extern const unsigned syscall_names_arm_count;
extern const SyscallName syscall_names_ppc64le[];
extern const unsigned syscall_names_ppc64le_count;
extern const SyscallName syscall_names_ppc64[];
extern const unsigned syscall_names_ppc64_count;
extern const SyscallName syscall_names_ppc[];
extern const unsigned syscall_names_ppc_count;
extern const SyscallName syscall_names_sparc64[];
extern const unsigned syscall_names_sparc64_count;
extern const SyscallName syscall_names_sparc32plus[];
extern const unsigned syscall_names_sparc32plus_count;

/* One field of a guest struct. */
typedef struct AbiField {
    uint16_t id;        /* the struct kind's field enum */
    uint16_t offset;    /* byte offset in the guest struct */
    uint8_t size;       /* 1, 2, 4 or 8: one element */
    /*
     * Elements (0 means 1).  A field of several elements whose total is at
     * most 8 bytes is one value split into elements, element 0 holding the
     * low bits: a 32-bit guest's sigset is unsigned long[2] with signals
     * 1..32 in [0] whatever the byte order.  Larger arrays (termios c_cc,
     * d_name) are bytes, skipped by abi_store/abi_load and copied by their
     * struct's converter.
     */
    uint8_t count;
} AbiField;

typedef struct AbiLayout {
    const char *name;
    uint32_t size;          /* sizeof the guest struct */
    unsigned nfields;
    const AbiField *fields;
} AbiLayout;

/* struct stat (asm-generic "stat", later "stat64" and friends). */
enum {
    STAT_DEV, STAT_INO, STAT_MODE, STAT_NLINK, STAT_UID, STAT_GID, STAT_RDEV,
    STAT_SIZE, STAT_BLKSIZE, STAT_BLOCKS,
    STAT_ATIME, STAT_ATIME_NSEC, STAT_MTIME, STAT_MTIME_NSEC, STAT_CTIME, STAT_CTIME_NSEC,
    STAT_NFIELDS
};
/* struct timespec, struct timeval (same two-field shape). */
enum { TS_SEC, TS_NSEC, TS_NFIELDS };
/* struct timezone */
enum { TZ_MINUTESWEST, TZ_DSTTIME, TZ_NFIELDS };
/* struct rlimit64 */
enum { RLIM_CUR, RLIM_MAX, RLIM_NFIELDS };
/* struct epoll_event */
enum { EPEV_EVENTS, EPEV_DATA, EPEV_NFIELDS };
/* struct winsize */
enum { WS_ROW, WS_COL, WS_XPIXEL, WS_YPIXEL, WS_NFIELDS };
/* The kernel's struct sigaction for rt_sigaction (no sa_restorer where the ABI has none). */
enum { SA_F_HANDLER, SA_F_FLAGS, SA_F_RESTORER, SA_F_MASK, SA_NFIELDS };
/* struct statx: the kernel layout is the same on every arch; only byte order differs. */
enum {
    STX_MASK, STX_BLKSIZE, STX_ATTRIBUTES, STX_NLINK, STX_UID, STX_GID, STX_MODE,
    STX_INO, STX_SIZE, STX_BLOCKS, STX_ATTRIBUTES_MASK,
    STX_ATIME_SEC, STX_ATIME_NSEC, STX_BTIME_SEC, STX_BTIME_NSEC,
    STX_CTIME_SEC, STX_CTIME_NSEC, STX_MTIME_SEC, STX_MTIME_NSEC,
    STX_RDEV_MAJOR, STX_RDEV_MINOR, STX_DEV_MAJOR, STX_DEV_MINOR,
    STX_MNT_ID, STX_DIO_MEM_ALIGN, STX_DIO_OFFSET_ALIGN,
    STX_NFIELDS
};
/* struct statfs and struct statfs64. */
enum {
    STATFS_TYPE, STATFS_BSIZE, STATFS_BLOCKS, STATFS_BFREE, STATFS_BAVAIL, STATFS_FILES,
    STATFS_FFREE, STATFS_FSID0, STATFS_FSID1, STATFS_NAMELEN, STATFS_FRSIZE, STATFS_FLAGS,
    STATFS_NFIELDS
};
/* struct flock and struct flock64. */
enum { FLOCK_TYPE, FLOCK_WHENCE, FLOCK_START, FLOCK_LEN, FLOCK_PID, FLOCK_NFIELDS };
/* struct iovec */
enum { IOV_BASE, IOV_LEN, IOV_NFIELDS };
/* The kernel's struct user_msghdr (include/linux/socket.h). */
enum {
    MSG_F_NAME, MSG_F_NAMELEN, MSG_F_IOV, MSG_F_IOVLEN, MSG_F_CONTROL, MSG_F_CONTROLLEN,
    MSG_F_FLAGS, MSG_F_NFIELDS
};
/* struct mmsghdr: a user_msghdr (fields above, at the same offsets) then msg_len. */
enum { MMSG_F_LEN = MSG_F_NFIELDS, MMSG_F_NFIELDS };
/* struct cmsghdr; the data starts at the header's size rounded up to a long. */
enum { CMSG_F_LEN, CMSG_F_LEVEL, CMSG_F_TYPE, CMSG_F_NFIELDS };
/* struct linux_dirent64 (d_name: bytes up to d_reclen). */
enum { DIRENT_INO, DIRENT_OFF, DIRENT_RECLEN, DIRENT_TYPE, DIRENT_NAME, DIRENT_NFIELDS };
/*
 * siginfo_t: the union members overlap, so a converter stores only the
 * members of the signal's class (abi_siginfo_to_guest).
 */
enum {
    SI_F_SIGNO, SI_F_ERRNO, SI_F_CODE,
    SI_F_PID, SI_F_UID,                         /* kill, rt, chld */
    SI_F_TIMERID, SI_F_OVERRUN,                 /* timer */
    SI_F_VALUE,                                 /* rt, timer: sigval (int or pointer) */
    SI_F_STATUS, SI_F_UTIME, SI_F_STIME,        /* chld */
    SI_F_ADDR, SI_F_TRAPNO, SI_F_ADDR_LSB,      /* fault (si_trapno: sparc only) */
    SI_F_BAND, SI_F_FD,                         /* poll */
    SI_F_CALL_ADDR, SI_F_SYSCALL, SI_F_ARCH,    /* sys (seccomp) */
    SI_NFIELDS
};
/* The kernel's struct termios (TCGETS); c_cc: bytes, indices per ABI (cc_to_host). */
enum {
    TIO_IFLAG, TIO_OFLAG, TIO_CFLAG, TIO_LFLAG, TIO_LINE, TIO_CC, TIO_ISPEED, TIO_OSPEED,
    TIO_NFIELDS
};
/* stack_t (sigaltstack) */
enum { SS_F_SP, SS_F_FLAGS, SS_F_SIZE, SS_NFIELDS };
/* struct rlimit (getrlimit/setrlimit: longs) uses the RLIM_* ids of rlimit64. */
/* struct rusage (wait4, getrusage) */
enum {
    RU_UTIME_SEC, RU_UTIME_USEC, RU_STIME_SEC, RU_STIME_USEC, RU_MAXRSS, RU_IXRSS, RU_IDRSS,
    RU_ISRSS, RU_MINFLT, RU_MAJFLT, RU_NSWAP, RU_INBLOCK, RU_OUBLOCK, RU_MSGSND, RU_MSGRCV,
    RU_NSIGNALS, RU_NVCSW, RU_NIVCSW, RU_NFIELDS
};
/* struct sysinfo */
enum {
    SYSINFO_UPTIME, SYSINFO_LOADS0, SYSINFO_LOADS1, SYSINFO_LOADS2, SYSINFO_TOTALRAM,
    SYSINFO_FREERAM, SYSINFO_SHAREDRAM, SYSINFO_BUFFERRAM, SYSINFO_TOTALSWAP, SYSINFO_FREESWAP,
    SYSINFO_PROCS, SYSINFO_TOTALHIGH, SYSINFO_FREEHIGH, SYSINFO_MEM_UNIT, SYSINFO_NFIELDS
};
/*
 * Socket addresses.  Only the family (and netlink's pid and groups) are in
 * the guest's byte order; ports and addresses are in network order already
 * and are copied as bytes (abi_sockaddr_to_host).
 */
enum { SOCKADDR_FAMILY, SOCKADDR_NL_PID, SOCKADDR_NL_GROUPS, SOCKADDR_NFIELDS };

/*
 * A flag-bit translation: each row maps the guest bits `guest` (under
 * guest_mask) to the host bits `host` (under host_mask).  Bits no row
 * mentions pass through unchanged; an ABI whose flags equal the host's uses
 * NULL.
 */
/*
 * The host kernel's O_LARGEFILE bit.  glibc defines O_LARGEFILE as 0 on
 * 64-bit hosts, but the kernel forces the bit on and F_GETFL reports it, so
 * the flag maps need the real value: with 0 a row would match every host
 * value and the bit itself would leak through unmapped (into arm64's
 * O_NOFOLLOW position, for one).
 */
#if defined(__aarch64__)
#define ABI_HOST_O_LARGEFILE 0400000
#else
#define ABI_HOST_O_LARGEFILE 0100000
#endif

typedef struct AbiBitmap {
    uint32_t guest_mask, guest_bits;
    uint32_t host_mask, host_bits;
} AbiBitmap;

/*
 * A value translation (fcntl commands, lock types, socket option names...):
 * a value no row lists passes through unchanged.
 */
typedef struct AbiValueMap {
    int32_t guest, host;
} AbiValueMap;

/*
 * The host kernel's struct termios, the one TCGETS/TCSETS read and write on
 * an x86-64 or arm64 host (asm-generic/termbits.h), not glibc's.
 */
#define ABI_HOST_NCCS 19
/* The host's BOTHER (asm-generic/termbits.h; glibc's <termios.h> lacks it). */
#define ABI_HOST_BOTHER 0x1000
typedef struct AbiHostTermios {
    uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
    uint8_t c_line;
    uint8_t c_cc[ABI_HOST_NCCS];
} AbiHostTermios;

/* A guest's termios: layout, flag maps, control-character slots. */
typedef struct AbiTermios {
    const AbiLayout *layout;
    const AbiBitmap *iflag, *oflag, *cflag, *lflag;    /* NULL: the host's bits */
    unsigned n_iflag, n_oflag, n_cflag, n_lflag;
    uint8_t ncc;                        /* the guest's NCCS */
    int8_t cc_to_host[24];              /* guest c_cc index -> host index; -1: none */
    /*
     * sparc keeps VMIN and VTIME in VEOF's and VEOL's slots (they only
     * matter without ICANON): the guest index of each, or -1.
     */
    int8_t vmin_slot, vtime_slot;
    uint32_t icanon;                    /* the guest's ICANON bit, for the slots above */
} AbiTermios;

/* The guest's _IOC() encoding (asm/ioctl.h): field widths and direction values. */
typedef struct AbiIocEncoding {
    uint8_t size_bits, dir_bits;
    uint8_t dir_none, dir_read, dir_write;
} AbiIocEncoding;

/* Well-known ioctl requests the handlers translate (guest numbers per ABI). */
typedef enum AbiIoctl {
    ABI_IOCTL_TCGETS,
    ABI_IOCTL_TCSETS,
    ABI_IOCTL_TCSETSW,
    ABI_IOCTL_TCSETSF,
    ABI_IOCTL_TIOCGWINSZ,
    ABI_IOCTL_TIOCSWINSZ,
    ABI_IOCTL_TIOCGPGRP,
    ABI_IOCTL_TIOCSPGRP,
    ABI_IOCTL_FIONREAD,
    ABI_IOCTL_FIONBIO,
    ABI_IOCTL_FIOCLEX,
    ABI_IOCTL_FIONCLEX,
    ABI_IOCTL_TCSBRK,
    ABI_IOCTL_TCXONC,
    ABI_IOCTL_TCFLSH,
    ABI_IOCTL_TIOCEXCL,
    ABI_IOCTL_TIOCNXCL,
    ABI_IOCTL_TIOCSCTTY,
    ABI_IOCTL_TIOCOUTQ,
    ABI_IOCTL_TIOCSTI,
    ABI_IOCTL_TIOCMGET,
    ABI_IOCTL_TIOCMSET,
    ABI_IOCTL_TIOCGSID,
    ABI_IOCTL_TIOCNOTTY,
    ABI_IOCTL_TIOCGPTN,
    ABI_IOCTL_TIOCSPTLCK,
    ABI_IOCTL_FIOASYNC,
    ABI_IOCTL_COUNT
} AbiIoctl;

/* clone's arguments after flags and newsp, per CONFIG_CLONE_BACKWARDS* (kernel/fork.c). */
typedef enum AbiCloneOrder {
    ABI_CLONE_GENERIC,      /* flags, newsp, ptid, ctid, tls (x86-64) */
    ABI_CLONE_BACKWARDS,    /* flags, newsp, ptid, tls, ctid (riscv, arm64, arm, ppc, sparc) */
    ABI_CLONE_BACKWARDS2,   /* newsp, flags, ptid, ctid, tls (s390) */
    ABI_CLONE_BACKWARDS3,   /* flags, newsp, stack_size, ptid, ctid, tls (microblaze) */
} AbiCloneOrder;

typedef struct GuestABI {
    const char *name;
    unsigned long_bits;                 /* 32 or 64: the guest's `long` */
    bool big_endian;
    const SyscallName *names;           /* generated */
    const unsigned *nnames;
    const AbiLayout *stat;              /* the layout fstat/newfstatat fill */
    const AbiLayout *timespec;
    const AbiLayout *timeval;
    const AbiLayout *timezone;
    const AbiLayout *rlimit64;
    const AbiLayout *winsize;
    const AbiLayout *statx;
    const AbiLayout *sigaction;
    const AbiLayout *epoll_event;
    uint32_t sigset_size;               /* the kernel's sigset_t: _NSIG / 8 */
    uint32_t termios_size;              /* guest struct termios (kernel's) */
    const AbiBitmap *open_flags;        /* NULL: same as host */
    unsigned n_open_flags;
    const AbiBitmap *mmap_flags;        /* NULL: same as host */
    unsigned n_mmap_flags;
    /* host errno -> guest errno; NULL: identity (asm-generic numbering). */
    const uint16_t *errno_from_host;
    unsigned n_errno;
    uint32_t ioctl_nr[ABI_IOCTL_COUNT];
    /* Guest signal n (1..31) -> host signal; NULL: the asm-generic numbers (= x86-64's). */
    const uint8_t *signal_to_host;
    /* sigaction sa_flags, guest -> host bits; NULL: the asm-generic values (= x86-64's). */
    const AbiBitmap *sa_flags;
    unsigned n_sa_flags;
    /* The kernel's clone argument order (CONFIG_CLONE_BACKWARDS*). */
    AbiCloneOrder clone_order;

    /*
     * Everything below was added for the ABIs without a front end yet
     * (docs/devel/abi.md).  For a struct a syscall family uses only on
     * some ABIs, NULL means "this ABI has no such syscall".
     */
    const AbiLayout *stat64;            /* fstat64/fstatat64 (32-bit ABIs, sparc64) */
    const AbiLayout *statfs;            /* statfs/fstatfs */
    const AbiLayout *statfs64;          /* statfs64/fstatfs64 */
    const AbiLayout *flock;             /* fcntl F_GETLK/F_SETLK/F_SETLKW */
    const AbiLayout *flock64;           /* fcntl64 F_GETLK64...: 32-bit ABIs */
    /* The *_time64 syscalls' struct __kernel_timespec (= timespec on 64-bit ABIs). */
    const AbiLayout *timespec64;
    const AbiLayout *timeval64;         /* struct __kernel_sock_timeval (SO_*_NEW) */
    const AbiLayout *rlimit;            /* getrlimit/setrlimit: longs */
    const AbiLayout *iovec;
    const AbiLayout *msghdr;
    const AbiLayout *mmsghdr;
    const AbiLayout *cmsghdr;
    const AbiLayout *dirent64;
    const AbiLayout *siginfo;           /* every member; converters store one class */
    const AbiLayout *stack;             /* stack_t */
    const AbiLayout *rusage;
    const AbiLayout *sysinfo;
    const AbiLayout *sockaddr_nl;
    const AbiTermios *termios;
    AbiIocEncoding ioc;
    /* NULL maps: the host's values (asm-generic = x86-64's). */
    const AbiValueMap *fcntl_cmds;
    unsigned n_fcntl_cmds;
    const AbiValueMap *flock_types;     /* F_RDLCK, F_WRLCK, F_UNLCK */
    unsigned n_flock_types;
    const AbiBitmap *sock_type_flags;   /* SOCK_NONBLOCK, SOCK_CLOEXEC in socket()'s type */
    unsigned n_sock_type_flags;
    const AbiValueMap *sockopt_levels;  /* SOL_SOCKET */
    unsigned n_sockopt_levels;
    const AbiValueMap *sockopts;        /* SO_* at SOL_SOCKET (and SCM_* of the same numbers) */
    unsigned n_sockopts;
    const AbiBitmap *poll_events;       /* poll(): POLL*; epoll's EPOLL* are the same everywhere */
    unsigned n_poll_events;
    const AbiBitmap *mlockall_flags;    /* MCL_* */
    unsigned n_mlockall_flags;
    const AbiValueMap *sigmask_how;     /* SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK */
    unsigned n_sigmask_how;
    const AbiValueMap *rlimit_resources;    /* RLIMIT_* */
    unsigned n_rlimit_resources;
    uint64_t rlim_infinity;             /* RLIM_INFINITY in struct rlimit (not rlimit64) */
    uint32_t minsigstksz, sigstksz;     /* MINSIGSTKSZ, SIGSTKSZ */
} GuestABI;

/* ABIs defined in syscalls/abi/, one file each. */
extern const GuestABI abi_riscv64;
extern const GuestABI abi_aarch64;
extern const GuestABI abi_arm;
extern const GuestABI abi_ppc64le;
extern const GuestABI abi_ppc64;
extern const GuestABI abi_ppc;
extern const GuestABI abi_sparc64;
extern const GuestABI abi_sparc32plus;
/* All of them, and the one named (NULL: unknown). */
extern const GuestABI *const abi_all[];
extern const unsigned abi_count;
const GuestABI *abi_by_name(const char *name);

/* The host's byte order and word size, to read host structs through a layout. */
extern const GuestABI abi_host_order;

/* Byte-order aware scalar access to guest memory already checked by the caller. */
uint64_t abi_load_scalar(const GuestABI *abi, const void *p, unsigned size);
void abi_store_scalar(const GuestABI *abi, void *p, unsigned size, uint64_t v);

/* Write values[] (indexed by field id) into the guest struct at host pointer p. */
void abi_store(const GuestABI *abi, const AbiLayout *l, void *p, const uint64_t *values);
/* Read the guest struct at p into values[] (fields the layout does not list stay 0). */
void abi_load(const GuestABI *abi, const AbiLayout *l, const void *p, uint64_t *values,
              unsigned nvalues);

uint32_t abi_flags_to_host(const AbiBitmap *map, unsigned n, uint32_t guest);
uint32_t abi_flags_to_guest(const AbiBitmap *map, unsigned n, uint32_t host);
int abi_errno_to_guest(const GuestABI *abi, int host_errno);

/* ---- Added with the full ABI tables (abi.c, convert.c) ---- */

/* Store only the fields whose id bit is set in `ids`; the rest of the struct is left alone. */
void abi_store_some(const GuestABI *abi, const AbiLayout *l, void *p, const uint64_t *values,
                    uint64_t ids);
/* The field of a layout with that id, or NULL. */
const AbiField *abi_field(const AbiLayout *l, unsigned id);
/* A field value sign-extended from its guest size (offsets, times, pids). */
int64_t abi_load_signed(const GuestABI *abi, const AbiLayout *l, const void *p, unsigned id);

int abi_errno_to_host(const GuestABI *abi, int guest_errno);
/* Signals 1..64; 0 when the other side has no such signal (sparc's SIGEMT, host SIGSTKFLT). */
int abi_signal_to_host(const GuestABI *abi, int guest_sig);
int abi_signal_to_guest(const GuestABI *abi, int host_sig);
int64_t abi_value_to_host(const AbiValueMap *map, unsigned n, int64_t guest);
int64_t abi_value_to_guest(const AbiValueMap *map, unsigned n, int64_t host);
/* A guest ioctl request's _IOC() fields re-encoded for the host (tables aside). */
uint32_t abi_ioctl_to_host(const GuestABI *abi, uint32_t guest_req);

/*
 * Whole-struct converters (convert.c).  "Guest" buffers are host pointers
 * to guest memory the caller has checked; pointers inside structs are
 * guest addresses, left for the caller to translate.
 */

/* A host struct timespec/timeval pair in and out of a guest layout (timespec, timespec64...). */
void abi_time_to_guest(const GuestABI *abi, const AbiLayout *l, void *g, int64_t sec, int64_t frac);
void abi_time_from_guest(const GuestABI *abi, const AbiLayout *l, const void *g, int64_t *sec,
                         int64_t *frac);

/* struct itimerspec / itimerval are two of the above back to back: interval, then value. */

/* A guest iovec array: n entries' base addresses and lengths. */
void abi_iovecs_from_guest(const GuestABI *abi, const void *g, unsigned n, uint64_t *bases,
                           uint64_t *lens);

/* The kernel's user_msghdr, guest addresses and sizes unconverted. */
typedef struct AbiMsghdr {
    uint64_t name, iov, control;        /* guest addresses */
    uint32_t namelen;
    uint64_t iovlen, controllen;
    uint32_t flags;
} AbiMsghdr;
void abi_msghdr_from_guest(const GuestABI *abi, const void *g, AbiMsghdr *m);
/* What recvmsg writes back: msg_namelen, msg_controllen, msg_flags. */
void abi_msghdr_update_guest(const GuestABI *abi, void *g, uint32_t namelen,
                             uint64_t controllen, uint32_t flags);

/* The class of a siginfo (which union member), as the kernel's siginfo_layout(). */
typedef enum AbiSiClass {
    ABI_SI_KILL,        /* pid, uid */
    ABI_SI_TIMER,       /* timerid, overrun, value */
    ABI_SI_RT,          /* pid, uid, value */
    ABI_SI_CHLD,        /* pid, uid, status, utime, stime */
    ABI_SI_FAULT,       /* addr (trapno on sparc, addr_lsb for SIGBUS MCEERR) */
    ABI_SI_POLL,        /* band, fd */
    ABI_SI_SYS,         /* call_addr, syscall, arch */
} AbiSiClass;
/* sig: the host signal number; code: si_code (the same numbers on every ABI). */
AbiSiClass abi_siginfo_class(int host_sig, int code);
/* values[] (SI_F_*, signal already the guest's) into the guest's 128-byte siginfo. */
void abi_siginfo_to_guest(const GuestABI *abi, AbiSiClass cls, const uint64_t *values, void *g);
/* The guest's siginfo (rt_sigqueueinfo) into values[SI_NFIELDS] of its class. */
AbiSiClass abi_siginfo_from_guest(const GuestABI *abi, const void *g, uint64_t *values);

/* Host kernel termios <-> the guest's struct termios (TCGETS/TCSETS*). */
void abi_termios_to_guest(const GuestABI *abi, const AbiHostTermios *h, void *g);
void abi_termios_to_host(const GuestABI *abi, const void *g, AbiHostTermios *h);

/*
 * epoll_event: the host's (packed on x86-64: 12 bytes) to and from the
 * guest's (16 bytes on every supported guest).
 */
void abi_epoll_events_to_guest(const GuestABI *abi, const void *host_events, unsigned n,
                               void *g);
void abi_epoll_event_from_guest(const GuestABI *abi, const void *g, uint32_t *events,
                                uint64_t *data);

/*
 * Host getdents64 records (linux_dirent64: fixed-size fields, the same on
 * every ABI) rewritten in place for the guest's byte order.
 */
void abi_dirents_to_guest(const GuestABI *abi, void *buf, size_t len);

/*
 * A sockaddr between guest and host: the bytes are copied, the family (and
 * netlink's pid and groups) byte-swapped for a big-endian guest.
 */
void abi_sockaddr_to_host(const GuestABI *abi, const void *g, void *h, size_t len);
void abi_sockaddr_to_guest(const GuestABI *abi, const void *h, void *g, size_t len);

/*
 * Control messages (sendmsg/recvmsg), cmsg.c: the guest's cmsghdr chain <->
 * the host's.  Headers are rewritten for the guest's long size and byte
 * order, levels and SOL_SOCKET types renumbered; payloads are converted
 * where their type is known (SCM_RIGHTS fds and SCM_CREDENTIALS are ints,
 * SCM_TIMESTAMP* times) and copied as bytes otherwise.  Returns the bytes
 * written; *truncated is set when a message did not fit (MSG_CTRUNC).
 */
size_t abi_cmsgs_to_host(const GuestABI *abi, const void *g, size_t glen, void *h, size_t hcap,
                         bool *truncated);
size_t abi_cmsgs_to_guest(const GuestABI *abi, const void *h, size_t hlen, void *g, size_t gcap,
                          bool *truncated);
/*
 * Host structs in and out of the guest's layouts (host struct stat,
 * statfs, flock, rusage, sysinfo): the fields the guest layout lacks
 * (sparc64's stat nanoseconds) are dropped, values are truncated to the
 * guest's field sizes as the kernel's compat code does.
 */
struct stat;
struct statfs;
struct flock;
struct rusage;
struct sysinfo;
/*
 * Returns false where the kernel returns -EOVERFLOW: an inode, size, link
 * count or device number (stat), or a block or file count (statfs), too
 * wide for the guest's field.  uids and gids too wide for a 16-bit field
 * become 65534 (overflowuid), as in the kernel.
 */
bool abi_stat_to_guest(const GuestABI *abi, const AbiLayout *l, const struct stat *st, void *g);
bool abi_statfs_to_guest(const GuestABI *abi, const AbiLayout *l, const struct statfs *st,
                         void *g);
/* struct flock with the lock type mapped (sparc numbers them from 1). */
void abi_flock_to_guest(const GuestABI *abi, const AbiLayout *l, const struct flock *fl, void *g);
void abi_flock_from_guest(const GuestABI *abi, const AbiLayout *l, const void *g,
                          struct flock *fl);
/* The flock layout a guest fcntl command takes (flock64 for F_*LK64 and OFD locks on 32-bit). */
const AbiLayout *abi_flock_layout(const GuestABI *abi, int guest_cmd);
void abi_rusage_to_guest(const GuestABI *abi, const struct rusage *ru, void *g);
void abi_sysinfo_to_guest(const GuestABI *abi, const struct sysinfo *si, void *g);

/* Signal sets: bit n-1 for signal n, renumbered (sparc) between guest and host. */
uint64_t abi_sigset_to_host(const GuestABI *abi, uint64_t guest_set);
uint64_t abi_sigset_to_guest(const GuestABI *abi, uint64_t host_set);
/* The kernel's sigaction (rt_sigaction), flags and mask in host terms. */
typedef struct AbiSigaction {
    uint64_t handler, restorer;     /* guest addresses */
    uint64_t flags;                 /* host SA_* */
    uint64_t mask;                  /* host signal set */
} AbiSigaction;
void abi_sigaction_to_guest(const GuestABI *abi, const AbiSigaction *sa, void *g);
void abi_sigaction_from_guest(const GuestABI *abi, const void *g, AbiSigaction *sa);

/* CMSG_ALIGN / CMSG_SPACE for the guest (a long's alignment). */
size_t abi_cmsg_align(const GuestABI *abi, size_t len);
size_t abi_cmsg_space(const GuestABI *abi, size_t payload);

#endif
