/*
 * aarch64.c: the arm64 Linux ABI.  Mostly asm-generic (LP64, little-endian,
 * generic errno numbers, struct stat from asm-generic/stat.h, asm-generic
 * ioctls and mmap flags), with two differences from arch/arm64's uapi
 * headers:
 *   - asm/fcntl.h moves O_DIRECTORY, O_NOFOLLOW, O_DIRECT and O_LARGEFILE;
 *   - asm/signal.h defines SA_RESTORER, so struct sigaction has sa_restorer.
 */
#include "common.h"
#include <fcntl.h>
#include "syscalls/abi/abi.h"
#include "syscalls/abi/generic64.h"

/* Generated from the arm64 uapi <asm/unistd.h> (syscalls/meson.build). */

#define BIT(g, h) { (g), (g), (uint32_t)(h), (uint32_t)(h) }
static const AbiBitmap aarch64_open_flags[] = {
    BIT(00000100, O_CREAT), BIT(00000200, O_EXCL), BIT(00000400, O_NOCTTY),
    BIT(00001000, O_TRUNC), BIT(00002000, O_APPEND), BIT(00004000, O_NONBLOCK),
    BIT(00010000, O_DSYNC), BIT(00020000, O_ASYNC),
    /* arch/arm64/include/uapi/asm/fcntl.h */
    BIT(00040000, O_DIRECTORY), BIT(00100000, O_NOFOLLOW), BIT(00200000, O_DIRECT),
    /* O_LARGEFILE: the kernel's bit, not glibc's 0 (abi.h). */
    BIT(00400000, ABI_HOST_O_LARGEFILE),
    BIT(01000000, O_NOATIME), BIT(02000000, O_CLOEXEC),
    BIT(04000000, O_SYNC & ~O_DSYNC), BIT(010000000, O_PATH),
    /* __O_TMPFILE is the bit O_TMPFILE adds to O_DIRECTORY. */
    BIT(020000000, O_TMPFILE & ~O_DIRECTORY),
};

/* struct sigaction with sa_restorer (arm64 defines SA_RESTORER 0x04000000). */
#define F(id, off, size) { (id), (off), (size) }
static const AbiField aarch64_sigaction_fields[] = {
    F(SA_F_HANDLER, 0, 8), F(SA_F_FLAGS, 8, 8), F(SA_F_RESTORER, 16, 8), F(SA_F_MASK, 24, 8),
};
static const AbiLayout aarch64_sigaction = {
    "sigaction", 32, ARRAY_SIZE(aarch64_sigaction_fields), aarch64_sigaction_fields
};

const GuestABI abi_aarch64 = {
    .name = "aarch64",
    .long_bits = 64,
    .big_endian = false,
    .names = syscall_names_aarch64,
    .nnames = &syscall_names_aarch64_count,
    .stat = &abi_generic64_stat,
    .timespec = &abi_generic64_timespec,
    .timeval = &abi_generic64_timeval,
    .timezone = &abi_common_timezone,
    .rlimit64 = &abi_common_rlimit64,
    .winsize = &abi_common_winsize,
    .statx = &abi_common_statx,
    .sigaction = &aarch64_sigaction,
    .epoll_event = &abi_generic_epoll_event,
    .sigset_size = 8,
    .open_flags = aarch64_open_flags,
    .n_open_flags = ARRAY_SIZE(aarch64_open_flags),
    .mmap_flags = abi_generic_mmap_flags,
    .n_mmap_flags = ABI_GENERIC_N_MMAP_FLAGS,
    .termios_size = ABI_GENERIC_TERMIOS_SIZE,
    .ioctl_nr = { ABI_GENERIC_IOCTLS },
    .clone_order = ABI_CLONE_BACKWARDS,
};
