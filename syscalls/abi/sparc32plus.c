/*
 * sparc32plus.c: the 32-bit SPARC Linux ABI as a V9 CPU runs it (the
 * sparc64 kernel's compat layer, whose structs are sparc32's uapi ones):
 * ILP32, big-endian, 64-bit scalars aligned to 8, the sparc family's
 * numbers, flags, ioctls and termios (sparc.c).  Its struct stat has
 * 16-bit ids, its struct flock a trailing pad, its RLIM_INFINITY is
 * 0x7fffffff; fcntl64, statfs64 and the time64 syscalls as on every 32-bit
 * ABI.
 */
#include "common.h"
#include "syscalls/abi/abi-internal.h"

/* Generated from the sparc uapi <asm/unistd.h> without __arch64__ (syscalls/abi/meson.build). */
const GuestABI abi_sparc32plus = {
    .name = "sparc32plus",
    ABI_ILP32_COMMON,
    ABI_SPARC_COMMON,
    .names = syscall_names_sparc32plus,
    .nnames = &syscall_names_sparc32plus_count,
    .stat = &abi_sparc32_stat,
    .stat64 = &abi_sparc32_stat64,
    .statfs = &abi_ilp32_statfs,
    .statfs64 = &abi_ilp32_statfs64,
    .flock = &abi_sparc32_flock,
    .flock64 = &abi_ilp32_flock64,
    .timeval = &abi_ilp32_timeval,
    .sigaction = &abi_ilp32_sigaction_restorer,
    .clone_order = ABI_CLONE_BACKWARDS,
    .rlim_infinity = 0x7fffffff,
};
