/*
 * generic64.c: struct layouts of the asm-generic 64-bit ABI (riscv64,
 * aarch64, loongarch64).  Offsets are those of the kernel's uapi headers
 * (asm-generic/stat.h, linux/stat.h, linux/time_types.h, ...) for an LP64
 * guest, checked against the guest compiler's offsetof().
 */
#include "common.h"
#include "syscalls/abi/abi.h"
#include "syscalls/abi/generic64.h"

#include <fcntl.h>
#include <sys/mman.h>

#define F(id, off, sz) { (id), (off), (sz) }

/* asm-generic/stat.h: struct stat, 64-bit longs. */
static const AbiField stat_fields[] = {
    F(STAT_DEV, 0, 8), F(STAT_INO, 8, 8), F(STAT_MODE, 16, 4), F(STAT_NLINK, 20, 4),
    F(STAT_UID, 24, 4), F(STAT_GID, 28, 4), F(STAT_RDEV, 32, 8), F(STAT_SIZE, 48, 8),
    F(STAT_BLKSIZE, 56, 4), F(STAT_BLOCKS, 64, 8),
    F(STAT_ATIME, 72, 8), F(STAT_ATIME_NSEC, 80, 8),
    F(STAT_MTIME, 88, 8), F(STAT_MTIME_NSEC, 96, 8),
    F(STAT_CTIME, 104, 8), F(STAT_CTIME_NSEC, 112, 8),
};
const AbiLayout abi_generic64_stat = { "stat", 128, ARRAY_SIZE(stat_fields), stat_fields };

/* struct timespec / struct timeval with 64-bit longs. */
static const AbiField ts_fields[] = { F(TS_SEC, 0, 8), F(TS_NSEC, 8, 8) };
const AbiLayout abi_generic64_timespec = { "timespec", 16, ARRAY_SIZE(ts_fields), ts_fields };
const AbiLayout abi_generic64_timeval = { "timeval", 16, ARRAY_SIZE(ts_fields), ts_fields };

static const AbiField tz_fields[] = { F(TZ_MINUTESWEST, 0, 4), F(TZ_DSTTIME, 4, 4) };
const AbiLayout abi_common_timezone = { "timezone", 8, ARRAY_SIZE(tz_fields), tz_fields };

/* linux/resource.h: struct rlimit64 is two __u64 on every ABI. */
static const AbiField rlim_fields[] = { F(RLIM_CUR, 0, 8), F(RLIM_MAX, 8, 8) };
const AbiLayout abi_common_rlimit64 = { "rlimit64", 16, ARRAY_SIZE(rlim_fields), rlim_fields };

/* asm-generic/termios.h: struct winsize, four unsigned shorts. */
static const AbiField ws_fields[] = {
    F(WS_ROW, 0, 2), F(WS_COL, 2, 2), F(WS_XPIXEL, 4, 2), F(WS_YPIXEL, 6, 2),
};
const AbiLayout abi_common_winsize = { "winsize", 8, ARRAY_SIZE(ws_fields), ws_fields };

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
const AbiLayout abi_common_statx = { "statx", 256, ARRAY_SIZE(statx_fields), statx_fields };

/* linux/eventpoll.h: struct epoll_event, unpacked outside x86-64 (__u32, pad, __u64). */
static const AbiField epoll_fields[] = { F(EPEV_EVENTS, 0, 4), F(EPEV_DATA, 8, 8) };
const AbiLayout abi_generic_epoll_event = {
    "epoll_event", 16, ARRAY_SIZE(epoll_fields), epoll_fields
};

/* asm-generic/signal.h: struct sigaction without sa_restorer (no SA_RESTORER). */
static const AbiField sigaction_fields[] = {
    F(SA_F_HANDLER, 0, 8), F(SA_F_FLAGS, 8, 8), F(SA_F_MASK, 16, 8),
};
const AbiLayout abi_generic64_sigaction = {
    "sigaction", 24, ARRAY_SIZE(sigaction_fields), sigaction_fields
};

/*
 * asm-generic/fcntl.h open flags -> the host's O_* (x86-64 happens to use the
 * same numbers; an aarch64 host does not for O_DIRECTORY and friends).
 */
#define BIT(g, h) { (g), (g), (uint32_t)(h), (uint32_t)(h) }
const AbiBitmap abi_generic_open_flags[] = {
    BIT(00000100, O_CREAT), BIT(00000200, O_EXCL), BIT(00000400, O_NOCTTY),
    BIT(00001000, O_TRUNC), BIT(00002000, O_APPEND), BIT(00004000, O_NONBLOCK),
    BIT(00010000, O_DSYNC), BIT(00020000, O_ASYNC), BIT(00040000, O_DIRECT),
    /* O_LARGEFILE: the kernel's bit, not glibc's 0 (abi.h). */
    BIT(00100000, ABI_HOST_O_LARGEFILE),
    BIT(00200000, O_DIRECTORY), BIT(00400000, O_NOFOLLOW), BIT(01000000, O_NOATIME),
    BIT(02000000, O_CLOEXEC),
    /* __O_SYNC and __O_TMPFILE: the bits O_SYNC/O_TMPFILE add to O_DSYNC/O_DIRECTORY. */
    BIT(04000000, O_SYNC & ~O_DSYNC), BIT(010000000, O_PATH),
    BIT(020000000, O_TMPFILE & ~O_DIRECTORY),
};
const unsigned abi_generic_n_open_flags = ARRAY_SIZE(abi_generic_open_flags);

/* asm-generic/mman-common.h and mman.h flags -> the host's MAP_*. */
const AbiBitmap abi_generic_mmap_flags[] = {
    { 0x03, 0x01, MAP_TYPE, MAP_SHARED }, { 0x03, 0x02, MAP_TYPE, MAP_PRIVATE },
    { 0x03, 0x03, MAP_TYPE, MAP_SHARED_VALIDATE },
    BIT(0x10, MAP_FIXED), BIT(0x20, MAP_ANONYMOUS), BIT(0x100, MAP_GROWSDOWN),
    BIT(0x800, MAP_DENYWRITE), BIT(0x1000, MAP_EXECUTABLE), BIT(0x2000, MAP_LOCKED),
    BIT(0x4000, MAP_NORESERVE), BIT(0x8000, MAP_POPULATE), BIT(0x10000, MAP_NONBLOCK),
    BIT(0x20000, MAP_STACK), BIT(0x40000, MAP_HUGETLB), BIT(0x80000, MAP_SYNC),
    BIT(0x100000, MAP_FIXED_NOREPLACE),
};
const unsigned abi_generic_n_mmap_flags = ARRAY_SIZE(abi_generic_mmap_flags);

G_STATIC_ASSERT(ARRAY_SIZE(abi_generic_open_flags) == ABI_GENERIC_N_OPEN_FLAGS);
G_STATIC_ASSERT(ARRAY_SIZE(abi_generic_mmap_flags) == ABI_GENERIC_N_MMAP_FLAGS);
