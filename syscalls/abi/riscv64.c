/*
 * riscv64.c: the riscv64 Linux ABI.  Pure asm-generic: LP64, little-endian,
 * generic errno and signal numbers (identity: NULL maps), asm-generic
 * open/mmap flag bits and ioctl numbers, struct stat from
 * asm-generic/stat.h, no SA_RESTORER (so no sa_restorer in sigaction).
 */
#include "common.h"
#include "syscalls/abi/abi-internal.h"

/* Generated from the riscv uapi <asm/unistd.h> (syscalls/abi/meson.build). */
const GuestABI abi_riscv64 = {
    .name = "riscv64",
    ABI_LP64_COMMON,
    .big_endian = false,
    .names = syscall_names_riscv64,
    .nnames = &syscall_names_riscv64_count,
    .stat = &abi_generic64_stat,
    .statfs = &abi_lp64_statfs,
    .flock = &abi_lp64_flock,
    .timeval = &abi_lp64_timeval,
    .siginfo = &abi_lp64_siginfo,
    .rusage = &abi_lp64_rusage,
    .sigaction = &abi_lp64_sigaction,
    .open_flags = abi_generic_open_flags,
    .n_open_flags = ABI_GENERIC_N_OPEN_FLAGS,
    .mmap_flags = abi_generic_mmap_flags,
    .n_mmap_flags = ABI_GENERIC_N_MMAP_FLAGS,
    .termios_size = ABI_GENERIC_TERMIOS_SIZE,
    .termios = &abi_generic_termios,
    .ioctl_nr = { ABI_GENERIC_IOCTLS },
    .clone_order = ABI_CLONE_BACKWARDS,
    .rlim_infinity = UINT64_MAX,
    .minsigstksz = 2048,
    .sigstksz = 8192,
};
