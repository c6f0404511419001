/*
 * aarch64.c: the arm64 Linux ABI.  Mostly asm-generic (LP64, little-endian,
 * generic errno and signal numbers, struct stat from asm-generic/stat.h,
 * asm-generic ioctls and mmap flags), with three differences from
 * arch/arm64's uapi headers:
 *   - asm/fcntl.h moves O_DIRECTORY, O_NOFOLLOW, O_DIRECT and O_LARGEFILE;
 *   - asm/signal.h defines SA_RESTORER, so struct sigaction has sa_restorer;
 *   - MINSIGSTKSZ is 5120 and SIGSTKSZ 16384 (the SVE signal frame).
 */
#include "common.h"
#include "syscalls/abi/abi-internal.h"

/* Generated from the arm64 uapi <asm/unistd.h> (syscalls/abi/meson.build). */
const GuestABI abi_aarch64 = {
    .name = "aarch64",
    ABI_LP64_COMMON,
    .big_endian = false,
    .names = syscall_names_aarch64,
    .nnames = &syscall_names_aarch64_count,
    .stat = &abi_generic64_stat,
    .statfs = &abi_lp64_statfs,
    .flock = &abi_lp64_flock,
    .timeval = &abi_lp64_timeval,
    .siginfo = &abi_lp64_siginfo,
    .rusage = &abi_lp64_rusage,
    .sigaction = &abi_lp64_sigaction_restorer,
    .open_flags = abi_arm_open_flags,
    .n_open_flags = ABI_ARM_N_OPEN_FLAGS,
    .mmap_flags = abi_generic_mmap_flags,
    .n_mmap_flags = ABI_GENERIC_N_MMAP_FLAGS,
    .termios_size = ABI_GENERIC_TERMIOS_SIZE,
    .termios = &abi_generic_termios,
    .ioctl_nr = { ABI_GENERIC_IOCTLS },
    .clone_order = ABI_CLONE_BACKWARDS,
    .rlim_infinity = UINT64_MAX,
    .minsigstksz = 5120,
    .sigstksz = 16384,
};
