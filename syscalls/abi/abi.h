/*
 * abi.h: what differs between guest Linux ABIs, as data.
 *
 * A GuestABI describes one guest's system call interface: its syscall
 * number table (generated from the kernel's uapi headers), the layouts of the
 * structs that cross the syscall boundary, flag-bit and errno maps, ioctl
 * numbers.  Handlers in syscalls/ never test which guest they serve; they read
 * these tables.  Adding a guest whose ABI reuses existing layouts is a new
 * GuestABI object and a generated table.
 *
 * Struct conversion model: a struct kind (stat, timespec, ...) has an enum of
 * field ids shared by all ABIs.  Handlers extract the host struct into a
 * uint64_t array indexed by field id, and abi_store() writes the fields the
 * guest layout lists, each at its guest offset and size, in guest byte order.
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

/* One field of a guest struct. */
typedef struct AbiField {
    uint16_t id;        /* the struct kind's field enum */
    uint16_t offset;    /* byte offset in the guest struct */
    uint8_t size;       /* 1, 2, 4 or 8 */
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
    ABI_IOCTL_COUNT
} AbiIoctl;

/* clone's arguments after flags and newsp, per CONFIG_CLONE_BACKWARDS* (kernel/fork.c). */
typedef enum AbiCloneOrder {
    ABI_CLONE_GENERIC,      /* flags, newsp, ptid, ctid, tls (x86-64, sparc64) */
    ABI_CLONE_BACKWARDS,    /* flags, newsp, ptid, tls, ctid (riscv, arm64, arm, ppc, i386) */
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
} GuestABI;

/* ABIs defined in syscalls/abi/. */
extern const GuestABI abi_riscv64;
extern const GuestABI abi_aarch64;

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

#endif
