/*
 * arm.c: the arm EABI Linux ABI (armhf and armel: the same kernel ABI).
 * ILP32, little-endian, 64-bit scalars aligned to 8.  Generic errno and
 * signal numbers, asm-generic ioctls, mmap flags and termios; arm's own
 * asm/fcntl.h open bits (shared with arm64), struct stat and stat64 from
 * arch/arm/include/uapi/asm/stat.h, a packed statfs64 (84 bytes), and the
 * 32-bit ABI's time64 syscalls (struct __kernel_timespec) beside the old
 * ones (32-bit timespec).
 */
#include "common.h"
#include "syscalls/abi/abi-internal.h"

#include <fcntl.h>

static const AbiField stat_fields[] = {
    F(STAT_DEV, 0, 4), F(STAT_INO, 4, 4), F(STAT_MODE, 8, 2), F(STAT_NLINK, 10, 2),
    F(STAT_UID, 12, 2), F(STAT_GID, 14, 2), F(STAT_RDEV, 16, 4), F(STAT_SIZE, 20, 4),
    F(STAT_BLKSIZE, 24, 4), F(STAT_BLOCKS, 28, 4),
    F(STAT_ATIME, 32, 4), F(STAT_ATIME_NSEC, 36, 4), F(STAT_MTIME, 40, 4),
    F(STAT_MTIME_NSEC, 44, 4), F(STAT_CTIME, 48, 4), F(STAT_CTIME_NSEC, 52, 4),
};
static LAYOUT(arm_stat, "stat", 64, stat_fields);

/*
 * struct stat64 "matches struct stat64 in glibc2.1": the inode twice, 32
 * bits early (__st_ino, STAT64_HAS_BROKEN_ST_INO) and 64 bits at the end;
 * the kernel fills both, and so does abi_store (two fields, one id).
 */
static const AbiField stat64_fields[] = {
    F(STAT_DEV, 0, 8), F(STAT_INO, 12, 4), F(STAT_MODE, 16, 4), F(STAT_NLINK, 20, 4),
    F(STAT_UID, 24, 4), F(STAT_GID, 28, 4), F(STAT_RDEV, 32, 8), F(STAT_SIZE, 48, 8),
    F(STAT_BLKSIZE, 56, 4), F(STAT_BLOCKS, 64, 8),
    F(STAT_ATIME, 72, 4), F(STAT_ATIME_NSEC, 76, 4), F(STAT_MTIME, 80, 4),
    F(STAT_MTIME_NSEC, 84, 4), F(STAT_CTIME, 88, 4), F(STAT_CTIME_NSEC, 92, 4),
    F(STAT_INO, 96, 8),
};
static LAYOUT(arm_stat64, "stat64", 104, stat64_fields);

/* fcntl64 on a 32-bit ABI: the *LK64 commands take struct flock64; the host's F_*LK do. */
static const AbiValueMap arm_fcntl_cmds[] = {
    VAL(12, F_GETLK), VAL(13, F_SETLK), VAL(14, F_SETLKW),
};

const GuestABI abi_arm = {
    .name = "arm",
    ABI_ILP32_COMMON,
    .big_endian = false,
    .names = syscall_names_arm,
    .nnames = &syscall_names_arm_count,
    .stat = &arm_stat,
    .stat64 = &arm_stat64,
    .statfs = &abi_ilp32_statfs,
    .statfs64 = &abi_ilp32_statfs64_eabi,
    .flock = &abi_ilp32_flock,
    .flock64 = &abi_ilp32_flock64,
    .timeval = &abi_ilp32_timeval,
    .sigaction = &abi_ilp32_sigaction_restorer,
    .open_flags = abi_arm_open_flags,
    .n_open_flags = ABI_ARM_N_OPEN_FLAGS,
    .mmap_flags = abi_generic_mmap_flags,
    .n_mmap_flags = ABI_GENERIC_N_MMAP_FLAGS,
    .termios_size = ABI_GENERIC_TERMIOS_SIZE,
    .termios = &abi_generic_termios,
    .ioctl_nr = { ABI_GENERIC_IOCTLS },
    .clone_order = ABI_CLONE_BACKWARDS,
    MAP(fcntl_cmds, arm_fcntl_cmds),
    .rlim_infinity = UINT32_MAX,
    .minsigstksz = 2048,
    .sigstksz = 8192,
};
