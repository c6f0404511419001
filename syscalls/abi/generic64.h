/*
 * generic64.h: layouts shared by the asm-generic ABIs (generic64.c).
 * Internal to syscalls/abi/.
 */
#ifndef CROSSEMU_SYSCALLS_ABI_GENERIC64_H
#define CROSSEMU_SYSCALLS_ABI_GENERIC64_H

#include "syscalls/abi/abi.h"

extern const AbiLayout abi_generic64_stat;
extern const AbiLayout abi_generic64_timespec;
extern const AbiLayout abi_generic64_timeval;
extern const AbiLayout abi_common_timezone;
extern const AbiLayout abi_common_rlimit64;
extern const AbiLayout abi_common_winsize;
extern const AbiLayout abi_common_statx;
extern const AbiLayout abi_generic64_sigaction;
extern const AbiLayout abi_generic_epoll_event;
extern const AbiBitmap abi_generic_open_flags[];
extern const unsigned abi_generic_n_open_flags;
extern const AbiBitmap abi_generic_mmap_flags[];
extern const unsigned abi_generic_n_mmap_flags;
/* Row counts for static initializers (checked in generic64.c). */
#define ABI_GENERIC_N_OPEN_FLAGS 17
#define ABI_GENERIC_N_MMAP_FLAGS 16

/* asm-generic/ioctls.h */
#define ABI_GENERIC_IOCTLS \
    [ABI_IOCTL_TCGETS] = 0x5401, [ABI_IOCTL_TCSETS] = 0x5402, \
    [ABI_IOCTL_TCSETSW] = 0x5403, [ABI_IOCTL_TCSETSF] = 0x5404, \
    [ABI_IOCTL_TIOCGPGRP] = 0x540f, [ABI_IOCTL_TIOCSPGRP] = 0x5410, \
    [ABI_IOCTL_TIOCGWINSZ] = 0x5413, [ABI_IOCTL_TIOCSWINSZ] = 0x5414, \
    [ABI_IOCTL_FIONREAD] = 0x541b, [ABI_IOCTL_FIONBIO] = 0x5421, \
    [ABI_IOCTL_FIONCLEX] = 0x5450, [ABI_IOCTL_FIOCLEX] = 0x5451
/* asm-generic/termbits.h: struct termios is 4 x 32-bit flags, c_line, c_cc[19]. */
#define ABI_GENERIC_TERMIOS_SIZE 36

#endif
