/*
 * syscall.h: what the syscall handlers (syscalls/<domain>.c) share.
 *
 * One handler per syscall, named sys_<name>, registered in its domain's
 * table with the kernel's name; the generated per-guest number table maps
 * numbers to names, so a handler serves every guest that has the syscall.
 * Handlers get the raw guest argument words and return a host-style result:
 * >= 0, or -host_errno (the dispatcher maps errno numbers to the guest's).
 * Guest pointers are checked against the guest page map before any use.
 */
#ifndef CROSSEMU_SYSCALLS_SYSCALL_H
#define CROSSEMU_SYSCALLS_SYSCALL_H

#include "common.h"
#include "linux-user/user.h"
#include "log.h"
#include "syscalls/abi/abi.h"

#include <sys/uio.h>

typedef int64_t (*SyscallFn)(CPUCommon *cpu, const uint64_t *a);

/*
 * strace argument formats, one letter per argument:
 *   d  int             u  unsigned long     x  hex            p  pointer
 *   s  string          f  dirfd (AT_FDCWD)  o  octal mode     l  signed long
 * A result printed as a pointer is asked for with ret_ptr.
 */
typedef struct SyscallDef {
    const char *name;
    SyscallFn fn;
    const char *fmt;
    bool ret_ptr;
    /* Interrupted by a signal (EINTR): restarted after a SA_RESTART handler (ERESTARTSYS). */
    bool restart;
} SyscallDef;

/* Domain tables, each ended by a row with a NULL name. */
extern const SyscallDef syscalls_file[];
extern const SyscallDef syscalls_fs[];
extern const SyscallDef syscalls_mem[];
extern const SyscallDef syscalls_process[];
extern const SyscallDef syscalls_time[];
extern const SyscallDef syscalls_signal[];
extern const SyscallDef syscalls_ioctl[];
extern const SyscallDef syscalls_sys[];
extern const SyscallDef syscalls_poll[];
extern const SyscallDef syscalls_socket[];
extern const SyscallDef syscalls_mount[];

/* The guest ABI in use (set by syscall_init). */
extern const GuestABI *guest_abi;

/* Guest argument helpers: a guest int is the low 32 bits, sign-extended. */
static inline int arg_int(uint64_t v) { return (int)(int32_t)v; }
/* A guest long / size_t, as the guest ABI sizes it. */
static inline int64_t arg_long(uint64_t v)
{
    return guest_abi->long_bits == 32 ? (int64_t)(int32_t)v : (int64_t)v;
}
static inline uint64_t arg_ulong(uint64_t v)
{
    return guest_abi->long_bits == 32 ? (uint32_t)v : v;
}

/* Copy a guest path and map it to the host (-L, /proc/self/exe). */
int64_t sc_get_path(uint64_t gaddr, char **copy, const char **host_path, char **tofree);
void sc_put_path(char *copy, char *tofree);

/* Store a host value struct into guest memory through a layout; -EFAULT if not writable. */
int64_t sc_store(const AbiLayout *l, uint64_t gaddr, const uint64_t *values);
/* Load a guest struct; -EFAULT if not readable. */
int64_t sc_load(const AbiLayout *l, uint64_t gaddr, uint64_t *values, unsigned n);

/*
 * Guest times in layout l: the long-based struct timespec/timeval, or on
 * 32-bit ABIs the 64-bit __kernel_timespec of the *_time64 calls.
 * sc_time_field reads one field (TS_SEC, TS_NSEC) of a struct the caller
 * checked, sign-extended; sc_load_timespec checks and reads a timespec.
 */
struct timespec;
int64_t sc_time_field(const AbiLayout *l, uint64_t gaddr, unsigned id);
int64_t sc_load_timespec(const AbiLayout *l, uint64_t gaddr, struct timespec *ts);

/* A guest iovec array as host iovecs (every buffer accessible with flags); g_free the result. */
int64_t sc_get_iovec(uint64_t gaddr, uint64_t count, unsigned flags, struct iovec **out);

/* The host's own byte order, for reading host structs with the layout engine. */
extern const GuestABI abi_host;

#endif
