/*
 * riscv64.c: the riscv64 Linux ABI.  Pure asm-generic: LP64, little-endian,
 * generic errno numbers (identity: NULL map), asm-generic open/mmap flag
 * bits and ioctl numbers, struct stat from asm-generic/stat.h.
 */
#include "common.h"
#include "syscalls/abi/abi.h"
#include "syscalls/abi/generic64.h"

const GuestABI abi_riscv64 = {
    .name = "riscv64",
    .long_bits = 64,
    .big_endian = false,
    .names = syscall_names_riscv64,
    .nnames = &syscall_names_riscv64_count,
    .stat = &abi_generic64_stat,
    .timespec = &abi_generic64_timespec,
    .timeval = &abi_generic64_timeval,
    .timezone = &abi_common_timezone,
    .rlimit64 = &abi_common_rlimit64,
    .winsize = &abi_common_winsize,
    .statx = &abi_common_statx,
    .sigaction = &abi_generic64_sigaction,
    .epoll_event = &abi_generic_epoll_event,
    .sigset_size = 8,
    .open_flags = abi_generic_open_flags,
    .n_open_flags = ABI_GENERIC_N_OPEN_FLAGS,
    .mmap_flags = abi_generic_mmap_flags,
    .n_mmap_flags = ABI_GENERIC_N_MMAP_FLAGS,
    .termios_size = ABI_GENERIC_TERMIOS_SIZE,
    .ioctl_nr = { ABI_GENERIC_IOCTLS },
    .clone_order = ABI_CLONE_BACKWARDS,
};
