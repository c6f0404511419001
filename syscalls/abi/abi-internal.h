/*
 * abi-internal.h: what the per-ABI files of syscalls/abi/ share.
 *
 * Layouts come in two data models, named by prefix: lp64_ (riscv64,
 * aarch64, ppc64, sparc64) and ilp32_ (arm EABI, ppc, sparc32plus; all
 * three align 64-bit scalars to 8 bytes).  Structs whose fields have fixed
 * sizes are common_.  An ABI that departs from its data model (ppc's
 * struct stat, sparc's everything) defines its own in its family file
 * (powerpc.c, sparc.c).  Every value here is checked against the guest's
 * uapi headers by tests/unit/test-abi.c.
 */
#ifndef CROSSEMU_SYSCALLS_ABI_INTERNAL_H
#define CROSSEMU_SYSCALLS_ABI_INTERNAL_H

#include "syscalls/abi/abi.h"

#define F(id, off, sz) { (id), (off), (sz), 0 }
/* An array field: n elements of sz bytes. */
#define FA(id, off, sz, n) { (id), (off), (sz), (n) }
#define LAYOUT(var, cname, sz, fields) \
    const AbiLayout var = { cname, sz, ARRAY_SIZE(fields), fields }
/* One flag bit (or a multi-bit value under the same mask) guest -> host. */
#define BIT(g, h) { (uint32_t)(g), (uint32_t)(g), (uint32_t)(h), (uint32_t)(h) }
/* A value inside a multi-bit field: guest mask gm, host mask hm. */
#define FIELD(gm, g, hm, h) { (uint32_t)(gm), (uint32_t)(g), (uint32_t)(hm), (uint32_t)(h) }
#define VAL(g, h) { (g), (h) }
#define MAP(field, table) .field = (table), .n_##field = ARRAY_SIZE(table)

/* layouts.c: by data model */
extern const AbiLayout abi_lp64_timespec, abi_ilp32_timespec;
extern const AbiLayout abi_lp64_timeval, abi_ilp32_timeval;
extern const AbiLayout abi_lp64_rlimit, abi_ilp32_rlimit;
extern const AbiLayout abi_lp64_statfs, abi_ilp32_statfs;
extern const AbiLayout abi_ilp32_statfs64_eabi, abi_ilp32_statfs64;
extern const AbiLayout abi_lp64_flock, abi_ilp32_flock, abi_ilp32_flock64;
extern const AbiLayout abi_lp64_iovec, abi_ilp32_iovec;
extern const AbiLayout abi_lp64_msghdr, abi_ilp32_msghdr;
extern const AbiLayout abi_lp64_mmsghdr, abi_ilp32_mmsghdr;
extern const AbiLayout abi_lp64_cmsghdr, abi_ilp32_cmsghdr;
extern const AbiLayout abi_lp64_siginfo, abi_ilp32_siginfo;
extern const AbiLayout abi_lp64_stack, abi_ilp32_stack;
extern const AbiLayout abi_lp64_rusage, abi_ilp32_rusage;
extern const AbiLayout abi_lp64_sysinfo, abi_ilp32_sysinfo;
extern const AbiLayout abi_lp64_sigaction, abi_lp64_sigaction_restorer;
extern const AbiLayout abi_ilp32_sigaction_restorer;
/* layouts.c: fixed-size fields, the same on every ABI */
extern const AbiLayout abi_common_timespec64, abi_common_timeval64;
extern const AbiLayout abi_common_timezone, abi_common_rlimit64, abi_common_winsize;
extern const AbiLayout abi_common_statx, abi_common_epoll_event, abi_common_dirent64;
extern const AbiLayout abi_common_sockaddr_nl;

/* generic.c: asm-generic (riscv64, aarch64 and arm in part) */
extern const AbiLayout abi_generic64_stat;
extern const AbiBitmap abi_generic_open_flags[];
extern const unsigned abi_generic_n_open_flags;
extern const AbiBitmap abi_generic_mmap_flags[];
extern const unsigned abi_generic_n_mmap_flags;
extern const AbiBitmap abi_arm_open_flags[];     /* arm and arm64 share asm/fcntl.h's bits */
extern const unsigned abi_arm_n_open_flags;
extern const AbiTermios abi_generic_termios;
/* Row counts for static initializers (checked in generic.c). */
#define ABI_GENERIC_N_OPEN_FLAGS 17
#define ABI_GENERIC_N_MMAP_FLAGS 16
#define ABI_ARM_N_OPEN_FLAGS 17

/* powerpc.c: ppc64le, ppc64, ppc */
extern const AbiLayout abi_ppc64_stat, abi_ppc_stat, abi_ppc_stat64;
extern const AbiBitmap abi_ppc_open_flags[], abi_ppc_mmap_flags[], abi_ppc_mlockall_flags[];
extern const unsigned abi_ppc_n_open_flags, abi_ppc_n_mmap_flags, abi_ppc_n_mlockall_flags;
extern const AbiValueMap abi_ppc_sockopts[];
extern const unsigned abi_ppc_n_sockopts;
extern const AbiTermios abi_ppc_termios;
#define ABI_PPC_N_OPEN_FLAGS 17
#define ABI_PPC_N_MMAP_FLAGS 16
#define ABI_PPC_N_MLOCKALL_FLAGS 3
#define ABI_PPC_N_SOCKOPTS 6
/* _IOC(): 13 size bits, 3 direction bits (none 1, read 2, write 4): ppc and sparc. */
#define ABI_IOC_PPC_SPARC { .size_bits = 13, .dir_bits = 3, .dir_none = 1, .dir_read = 2, \
                            .dir_write = 4 }
/* arch/powerpc/include/uapi/asm/ioctls.h (termios requests encode sizeof(struct termios) = 44) */
#define ABI_PPC_IOCTLS \
    [ABI_IOCTL_TCGETS] = 0x402c7413, [ABI_IOCTL_TCSETS] = 0x802c7414, \
    [ABI_IOCTL_TCSETSW] = 0x802c7415, [ABI_IOCTL_TCSETSF] = 0x802c7416, \
    [ABI_IOCTL_TIOCGWINSZ] = 0x40087468, [ABI_IOCTL_TIOCSWINSZ] = 0x80087467, \
    [ABI_IOCTL_TIOCGPGRP] = 0x40047477, [ABI_IOCTL_TIOCSPGRP] = 0x80047476, \
    [ABI_IOCTL_FIONREAD] = 0x4004667f, [ABI_IOCTL_FIONBIO] = 0x8004667e, \
    [ABI_IOCTL_FIOCLEX] = 0x20006601, [ABI_IOCTL_FIONCLEX] = 0x20006602, \
    [ABI_IOCTL_TCSBRK] = 0x2000741d, [ABI_IOCTL_TCXONC] = 0x2000741e, \
    [ABI_IOCTL_TCFLSH] = 0x2000741f, [ABI_IOCTL_TIOCEXCL] = 0x540c, \
    [ABI_IOCTL_TIOCNXCL] = 0x540d, [ABI_IOCTL_TIOCSCTTY] = 0x540e, \
    [ABI_IOCTL_TIOCOUTQ] = 0x40047473, [ABI_IOCTL_TIOCSTI] = 0x5412, \
    [ABI_IOCTL_TIOCMGET] = 0x5415, [ABI_IOCTL_TIOCMSET] = 0x5418, \
    [ABI_IOCTL_TIOCGSID] = 0x5429, [ABI_IOCTL_TIOCNOTTY] = 0x5422, \
    [ABI_IOCTL_TIOCGPTN] = 0x40045430, [ABI_IOCTL_TIOCSPTLCK] = 0x80045431, \
    [ABI_IOCTL_FIOASYNC] = 0x8004667d
/* The fields the three ppc ABI objects fill alike. */
#define ABI_PPC_COMMON \
    .open_flags = abi_ppc_open_flags, .n_open_flags = ABI_PPC_N_OPEN_FLAGS, \
    .mmap_flags = abi_ppc_mmap_flags, .n_mmap_flags = ABI_PPC_N_MMAP_FLAGS, \
    .mlockall_flags = abi_ppc_mlockall_flags, .n_mlockall_flags = ABI_PPC_N_MLOCKALL_FLAGS, \
    .sockopts = abi_ppc_sockopts, .n_sockopts = ABI_PPC_N_SOCKOPTS, \
    .termios = &abi_ppc_termios, .termios_size = 44, .ioc = ABI_IOC_PPC_SPARC, \
    .ioctl_nr = { ABI_PPC_IOCTLS }, .clone_order = ABI_CLONE_BACKWARDS

/* sparc.c: sparc64, sparc32plus */
#define ABI_SPARC_N_ERRNO 134
extern const uint16_t abi_sparc_errno_from_host[ABI_SPARC_N_ERRNO];
extern const uint8_t abi_sparc_signal_to_host[32];
extern const AbiBitmap abi_sparc_sa_flags[], abi_sparc_open_flags[], abi_sparc_mmap_flags[];
extern const AbiBitmap abi_sparc_poll_events[], abi_sparc_sock_type_flags[];
extern const AbiBitmap abi_sparc_mlockall_flags[];
extern const AbiValueMap abi_sparc_sigmask_how[], abi_sparc_fcntl_cmds[];
extern const AbiValueMap abi_sparc_flock_types[], abi_sparc_sockopt_levels[];
extern const AbiValueMap abi_sparc_sockopts[], abi_sparc_rlimit_resources[];
extern const unsigned abi_sparc_n_poll_events, abi_sparc_n_sock_type_flags;
extern const unsigned abi_sparc_n_mlockall_flags, abi_sparc_n_sigmask_how;
extern const unsigned abi_sparc_n_flock_types, abi_sparc_n_sockopt_levels;
extern const unsigned abi_sparc_n_rlimit_resources, abi_sparc_n_sa_flags;
extern const unsigned abi_sparc_n_open_flags, abi_sparc_n_mmap_flags, abi_sparc_n_sockopts;
extern const unsigned abi_sparc_n_fcntl_cmds;
extern const AbiTermios abi_sparc_termios;
extern const AbiLayout abi_sparc64_stat, abi_sparc64_stat64, abi_sparc32_stat;
extern const AbiLayout abi_sparc32_stat64, abi_sparc32_flock, abi_sparc64_timeval;
extern const AbiLayout abi_sparc64_rusage, abi_sparc64_siginfo;
#define ABI_SPARC_N_SA_FLAGS 7
#define ABI_SPARC_N_OPEN_FLAGS 17
#define ABI_SPARC_N_MMAP_FLAGS 16
#define ABI_SPARC_N_SOCKOPTS 43
#define ABI_SPARC_N_FCNTL_CMDS 8
/* arch/sparc/include/uapi/asm/ioctls.h */
#define ABI_SPARC_IOCTLS \
    [ABI_IOCTL_TCGETS] = 0x40245408, [ABI_IOCTL_TCSETS] = 0x80245409, \
    [ABI_IOCTL_TCSETSW] = 0x8024540a, [ABI_IOCTL_TCSETSF] = 0x8024540b, \
    [ABI_IOCTL_TIOCGWINSZ] = 0x40087468, [ABI_IOCTL_TIOCSWINSZ] = 0x80087467, \
    [ABI_IOCTL_TIOCGPGRP] = 0x40047483, [ABI_IOCTL_TIOCSPGRP] = 0x80047482, \
    [ABI_IOCTL_FIONREAD] = 0x4004667f, [ABI_IOCTL_FIONBIO] = 0x8004667e, \
    [ABI_IOCTL_FIOCLEX] = 0x20006601, [ABI_IOCTL_FIONCLEX] = 0x20006602, \
    [ABI_IOCTL_TCSBRK] = 0x20005405, [ABI_IOCTL_TCXONC] = 0x20005406, \
    [ABI_IOCTL_TCFLSH] = 0x20005407, [ABI_IOCTL_TIOCEXCL] = 0x2000740d, \
    [ABI_IOCTL_TIOCNXCL] = 0x2000740e, [ABI_IOCTL_TIOCSCTTY] = 0x20007484, \
    [ABI_IOCTL_TIOCOUTQ] = 0x40047473, [ABI_IOCTL_TIOCSTI] = 0x80017472, \
    [ABI_IOCTL_TIOCMGET] = 0x4004746a, [ABI_IOCTL_TIOCMSET] = 0x8004746d, \
    [ABI_IOCTL_TIOCGSID] = 0x40047485, [ABI_IOCTL_TIOCNOTTY] = 0x20007471, \
    [ABI_IOCTL_TIOCGPTN] = 0x40047486, [ABI_IOCTL_TIOCSPTLCK] = 0x80047487, \
    [ABI_IOCTL_FIOASYNC] = 0x8004667d
#define ABI_SPARC_COMMON \
    .big_endian = true, \
    .errno_from_host = abi_sparc_errno_from_host, .n_errno = ABI_SPARC_N_ERRNO, \
    .signal_to_host = abi_sparc_signal_to_host, \
    .sa_flags = abi_sparc_sa_flags, .n_sa_flags = ABI_SPARC_N_SA_FLAGS, \
    .open_flags = abi_sparc_open_flags, .n_open_flags = ABI_SPARC_N_OPEN_FLAGS, \
    .mmap_flags = abi_sparc_mmap_flags, .n_mmap_flags = ABI_SPARC_N_MMAP_FLAGS, \
    .fcntl_cmds = abi_sparc_fcntl_cmds, .n_fcntl_cmds = ABI_SPARC_N_FCNTL_CMDS, \
    .flock_types = abi_sparc_flock_types, .n_flock_types = 3, \
    .sock_type_flags = abi_sparc_sock_type_flags, .n_sock_type_flags = 2, \
    .sockopt_levels = abi_sparc_sockopt_levels, .n_sockopt_levels = 1, \
    .sockopts = abi_sparc_sockopts, .n_sockopts = ABI_SPARC_N_SOCKOPTS, \
    .poll_events = abi_sparc_poll_events, .n_poll_events = 5, \
    .mlockall_flags = abi_sparc_mlockall_flags, .n_mlockall_flags = 3, \
    .sigmask_how = abi_sparc_sigmask_how, .n_sigmask_how = 3, \
    .rlimit_resources = abi_sparc_rlimit_resources, .n_rlimit_resources = 2, \
    .termios = &abi_sparc_termios, .termios_size = 36, .ioc = ABI_IOC_PPC_SPARC, \
    .ioctl_nr = { ABI_SPARC_IOCTLS }, .minsigstksz = 4096, .sigstksz = 16384

/* asm-generic/ioctls.h */
#define ABI_GENERIC_IOCTLS \
    [ABI_IOCTL_TCGETS] = 0x5401, [ABI_IOCTL_TCSETS] = 0x5402, \
    [ABI_IOCTL_TCSETSW] = 0x5403, [ABI_IOCTL_TCSETSF] = 0x5404, \
    [ABI_IOCTL_TIOCGPGRP] = 0x540f, [ABI_IOCTL_TIOCSPGRP] = 0x5410, \
    [ABI_IOCTL_TIOCGWINSZ] = 0x5413, [ABI_IOCTL_TIOCSWINSZ] = 0x5414, \
    [ABI_IOCTL_FIONREAD] = 0x541b, [ABI_IOCTL_FIONBIO] = 0x5421, \
    [ABI_IOCTL_FIONCLEX] = 0x5450, [ABI_IOCTL_FIOCLEX] = 0x5451, \
    [ABI_IOCTL_TCSBRK] = 0x5409, [ABI_IOCTL_TCXONC] = 0x540a, [ABI_IOCTL_TCFLSH] = 0x540b, \
    [ABI_IOCTL_TIOCEXCL] = 0x540c, [ABI_IOCTL_TIOCNXCL] = 0x540d, \
    [ABI_IOCTL_TIOCSCTTY] = 0x540e, [ABI_IOCTL_TIOCOUTQ] = 0x5411, \
    [ABI_IOCTL_TIOCSTI] = 0x5412, [ABI_IOCTL_TIOCMGET] = 0x5415, \
    [ABI_IOCTL_TIOCMSET] = 0x5418, [ABI_IOCTL_TIOCNOTTY] = 0x5422, \
    [ABI_IOCTL_TIOCGSID] = 0x5429, [ABI_IOCTL_TIOCGPTN] = 0x80045430, \
    [ABI_IOCTL_TIOCSPTLCK] = 0x40045431, [ABI_IOCTL_FIOASYNC] = 0x5452
/* asm-generic/termbits.h: struct termios is 4 x 32-bit flags, c_line, c_cc[19]. */
#define ABI_GENERIC_TERMIOS_SIZE 36

/*
 * The fields every ABI file fills the same way from its data model (no
 * field may be given twice: -Woverride-init).
 */
#define ABI_LP64_COMMON \
    .long_bits = 64, \
    .timespec = &abi_lp64_timespec, .timespec64 = &abi_lp64_timespec, \
    .timeval64 = &abi_common_timeval64, .timezone = &abi_common_timezone, \
    .rlimit = &abi_lp64_rlimit, .rlimit64 = &abi_common_rlimit64, \
    .winsize = &abi_common_winsize, .statx = &abi_common_statx, \
    .epoll_event = &abi_common_epoll_event, .dirent64 = &abi_common_dirent64, \
    .iovec = &abi_lp64_iovec, .msghdr = &abi_lp64_msghdr, .mmsghdr = &abi_lp64_mmsghdr, \
    .cmsghdr = &abi_lp64_cmsghdr, .stack = &abi_lp64_stack, .sysinfo = &abi_lp64_sysinfo, \
    .sockaddr_nl = &abi_common_sockaddr_nl, .sigset_size = 8
#define ABI_ILP32_COMMON \
    .long_bits = 32, \
    .timespec = &abi_ilp32_timespec, .timespec64 = &abi_common_timespec64, \
    .timeval64 = &abi_common_timeval64, .timezone = &abi_common_timezone, \
    .rlimit = &abi_ilp32_rlimit, .rlimit64 = &abi_common_rlimit64, \
    .winsize = &abi_common_winsize, .statx = &abi_common_statx, \
    .epoll_event = &abi_common_epoll_event, .dirent64 = &abi_common_dirent64, \
    .iovec = &abi_ilp32_iovec, .msghdr = &abi_ilp32_msghdr, .mmsghdr = &abi_ilp32_mmsghdr, \
    .cmsghdr = &abi_ilp32_cmsghdr, .stack = &abi_ilp32_stack, .sysinfo = &abi_ilp32_sysinfo, \
    .sockaddr_nl = &abi_common_sockaddr_nl, .sigset_size = 8, \
    .siginfo = &abi_ilp32_siginfo, .rusage = &abi_ilp32_rusage

#endif
