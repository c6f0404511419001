/*
 * mem.c: the guest's memory syscalls, on top of linux-user/mmap.c.
 */
#include "common.h"
#include "syscalls/syscall.h"

#include <sys/mman.h>

static int64_t sys_brk(CPUCommon *cpu, const uint64_t *a)
{
    return (int64_t)user_brk(a[0]);
}

static int64_t sys_mmap(CPUCommon *cpu, const uint64_t *a)
{
    int flags = (int)abi_flags_to_host(guest_abi->mmap_flags, guest_abi->n_mmap_flags,
                                       (uint32_t)a[3]);
    int fd = arg_int(a[4]);

    if (flags & MAP_ANONYMOUS) {
        fd = -1;
    }
    return user_mmap(a[0], arg_ulong(a[1]), arg_int(a[2]), flags, fd, a[5]);
}

static int64_t sys_munmap(CPUCommon *cpu, const uint64_t *a)
{
    return user_munmap(a[0], arg_ulong(a[1]));
}

static int64_t sys_mprotect(CPUCommon *cpu, const uint64_t *a)
{
    return user_mprotect(a[0], arg_ulong(a[1]), arg_int(a[2]));
}

static int64_t sys_mremap(CPUCommon *cpu, const uint64_t *a)
{
    return user_mremap(a[0], arg_ulong(a[1]), arg_ulong(a[2]), arg_int(a[3]), a[4]);
}

static int64_t sys_madvise(CPUCommon *cpu, const uint64_t *a)
{
    uint64_t len = ROUND_UP(arg_ulong(a[1]), (uint64_t)user_page_size);
    int advice = arg_int(a[2]);

    if (a[0] & (user_page_size - 1)) {
        return -EINVAL;
    }
    if (!user_access_ok(a[0], len, 0)) {
        return -ENOMEM;
    }
    /*
     * MADV_DONTNEED has a visible effect (private pages read back as zero or
     * file contents), so it must reach the host; the MADV_* numbers of the
     * asm-generic ABI are the host's.  The other advice is only advice.
     */
    if (advice == MADV_DONTNEED) {
        return madvise(g2h(a[0]), len, advice) == 0 ? 0 : -errno;
    }
    return 0;
}

static int64_t sys_msync(CPUCommon *cpu, const uint64_t *a)
{
    if (!user_access_ok(a[0], arg_ulong(a[1]), 0)) {
        return -ENOMEM;
    }
    return msync(g2h(a[0]), arg_ulong(a[1]), arg_int(a[2])) == 0 ? 0 : -errno;
}

const SyscallDef syscalls_mem[] = {
    { "brk", sys_brk, "p", true },
    { "mmap", sys_mmap, "puxxdx", true },
    { "munmap", sys_munmap, "pu" },
    { "mprotect", sys_mprotect, "pux" },
    { "mremap", sys_mremap, "puuxp", true },
    { "madvise", sys_madvise, "pud" },
    { "msync", sys_msync, "pux" },
    { NULL },
};
