/*
 * ppc.c: the 32-bit PowerPC Linux ABI: ILP32, big-endian, 64-bit scalars
 * aligned to 8.  The powerpc family's flags, ioctls and termios
 * (powerpc.c), its own struct stat and stat64, the 32-bit ABI's fcntl64
 * and statfs64, and time64 syscalls (struct __kernel_timespec) beside the
 * old ones.
 */
#include "common.h"
#include "syscalls/abi/abi-internal.h"

#include <fcntl.h>

/* fcntl64: the *LK64 commands take struct flock64, as the host's F_*LK do. */
static const AbiValueMap ppc_fcntl_cmds[] = {
    VAL(12, F_GETLK), VAL(13, F_SETLK), VAL(14, F_SETLKW),
};

/* Generated from the powerpc uapi <asm/unistd.h> (syscalls/abi/meson.build). */
const GuestABI abi_ppc = {
    .name = "ppc",
    ABI_ILP32_COMMON,
    ABI_PPC_COMMON,
    .big_endian = true,
    .names = syscall_names_ppc,
    .nnames = &syscall_names_ppc_count,
    .stat = &abi_ppc_stat,
    .stat64 = &abi_ppc_stat64,
    .statfs = &abi_ilp32_statfs,
    .statfs64 = &abi_ilp32_statfs64,
    .flock = &abi_ilp32_flock,
    .flock64 = &abi_ilp32_flock64,
    .timeval = &abi_ilp32_timeval,
    .sigaction = &abi_ilp32_sigaction_restorer,
    MAP(fcntl_cmds, ppc_fcntl_cmds),
    .rlim_infinity = UINT32_MAX,
    .minsigstksz = 2048,
    .sigstksz = 8192,
};
