/*
 * ppc64.c: the 64-bit PowerPC Linux ABI, big-endian (ELFv1 in Debian's ppc64 port).
 * LP64; the powerpc family's flags, ioctls and termios (powerpc.c); its own
 * struct stat; SA_RESTORER, so sa_restorer in struct sigaction; a larger
 * signal stack (MINSIGSTKSZ 8192, SIGSTKSZ 32768).  fstatfs64 exists on
 * 64-bit ppc too, with the statfs layout.
 */
#include "common.h"
#include "syscalls/abi/abi-internal.h"

/* Generated from the powerpc uapi <asm/unistd.h> with __powerpc64__ (syscalls/abi/meson.build). */
const GuestABI abi_ppc64 = {
    .name = "ppc64",
    ABI_LP64_COMMON,
    ABI_PPC_COMMON,
    .big_endian = true,
    .names = syscall_names_ppc64,
    .nnames = &syscall_names_ppc64_count,
    .stat = &abi_ppc64_stat,
    .statfs = &abi_lp64_statfs,
    .statfs64 = &abi_lp64_statfs,
    .flock = &abi_lp64_flock,
    .timeval = &abi_lp64_timeval,
    .siginfo = &abi_lp64_siginfo,
    .rusage = &abi_lp64_rusage,
    .sigaction = &abi_lp64_sigaction_restorer,
    .rlim_infinity = UINT64_MAX,
    .minsigstksz = 8192,
    .sigstksz = 32768,
};
