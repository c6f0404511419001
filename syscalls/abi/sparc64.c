/*
 * sparc64.c: the 64-bit SPARC Linux ABI: LP64, big-endian, the sparc
 * family's numbers, flags, ioctls and termios (sparc.c).  Two stats: struct
 * stat (fstat, newfstatat: no nanoseconds) and struct stat64 (fstat64,
 * fstatat64, which glibc uses).  tv_usec is an int.  clone passes tls in
 * %i3 and the child tid in %i4 (sparc_clone), the CLONE_BACKWARDS order.
 */
#include "common.h"
#include "syscalls/abi/abi-internal.h"

/* Generated from the sparc uapi <asm/unistd.h> with __arch64__ (syscalls/abi/meson.build). */
const GuestABI abi_sparc64 = {
    .name = "sparc64",
    ABI_LP64_COMMON,
    ABI_SPARC_COMMON,
    .names = syscall_names_sparc64,
    .nnames = &syscall_names_sparc64_count,
    .stat = &abi_sparc64_stat,
    .stat64 = &abi_sparc64_stat64,
    .statfs = &abi_lp64_statfs,
    .statfs64 = &abi_lp64_statfs,
    .flock = &abi_lp64_flock,
    .timeval = &abi_sparc64_timeval,
    .siginfo = &abi_sparc64_siginfo,
    .rusage = &abi_sparc64_rusage,
    .sigaction = &abi_lp64_sigaction_restorer,
    .clone_order = ABI_CLONE_BACKWARDS,
    .rlim_infinity = UINT64_MAX,
};
