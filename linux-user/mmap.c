/*
 * mmap.c: the guest address space of a user-mode process.
 *
 * Invariants:
 *   - [guest_base, guest_base + user_va_size) is ours on the host: reserved
 *     PROT_NONE at start-up, every guest mapping is a MAP_FIXED inside it and
 *     every guest unmap puts the PROT_NONE reservation back.  No host mapping
 *     (malloc, the JIT buffer, glib) can ever appear there.
 *   - The page-flag map is the truth for the guest: PAGE_VALID pages are
 *     mapped, with the guest's PROT bits.  The host protection of a page is
 *     the guest's with PROT_EXEC turned into PROT_READ (guest code is only
 *     read by the translator, never executed by the host).
 *   - Guest and host page size are both 4 KiB for now.  A guest page size
 *     larger than the host's only needs user_page_size changed; a smaller one
 *     needs per-host-page flag merging in user_mmap/user_mprotect (later).
 *   - Translated code stays valid while its page keeps PAGE_EXEC and is not
 *     unmapped: munmap and mprotect of a page that had PAGE_EXEC call
 *     tb_invalidate_range.  Guest stores into code pages (self-modifying
 *     code without an mprotect in between) are NOT detected yet: that needs
 *     write-protecting translated pages and catching the SIGSEGV (later).
 *
 * Changes take mmap_lock; lookups (user_page_flags, user_access_ok) do not:
 * second-level tables are never freed, so a reader racing a change sees the
 * old or the new flags, as a guest racing its own munmap would.
 */
#include "common.h"
#include "user.h"
#include "tb.h"
#include "log.h"

#include <sys/mman.h>
#include <unistd.h>

uint64_t user_va_size;
unsigned user_page_size = 4096;

/* Two-level page-flag map: L1 indexed by addr >> L2_SHIFT, L2 one byte per page. */
#define L2_BITS 12
#define PAGE_BITS 12
#define L2_SHIFT (L2_BITS + PAGE_BITS)
static uint8_t **page_l1;
static uint64_t page_l1_size;

/* Guest mmap() without a hint searches from here up (Linux's legacy layout: TASK_SIZE / 3). */
static uint64_t mmap_base;
/* Guest addresses below this are never handed out by a search (Linux's mmap_min_addr). */
#define GUEST_MMAP_MIN 0x10000

static uint64_t brk_start, brk_cur, brk_mapped;

static const GuestCodeAccess user_code_access;

/* One lock for the page map and the host mappings behind it (recursive: brk maps). */
static GRecMutex mmap_lock;

static uint64_t host_mmap_min_addr(void)
{
    uint64_t v = 65536;
    FILE *f = fopen("/proc/sys/vm/mmap_min_addr", "r");

    if (f) {
        if (fscanf(f, "%" SCNu64, &v) != 1) {
            v = 65536;
        }
        fclose(f);
    }
    return ROUND_UP(v, (uint64_t)4096);
}

bool user_mem_init(unsigned va_bits, uint64_t lowest_addr, GError **errp)
{
    const int rflags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
    uint64_t host_min = host_mmap_min_addr();
    long hps = sysconf(_SC_PAGESIZE);
    void *p;

    if (hps != 4096) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "host page size %ld is not supported yet", hps);
        return false;
    }
    user_va_size = (uint64_t)1 << va_bits;
    page_l1_size = user_va_size >> L2_SHIFT;
    page_l1 = g_new0(uint8_t *, page_l1_size);
    mmap_base = ROUND_DOWN(user_va_size / 3, (uint64_t)user_page_size);

    /*
     * guest_base 0 makes every guest address a host address (no addition in
     * generated code).  It works when the host has nothing in the guest range,
     * which MAP_FIXED_NOREPLACE checks atomically.  Below the host's
     * mmap_min_addr nothing can be mapped, so a program that wants such low
     * addresses needs a non-zero guest_base.
     */
    if (lowest_addr >= host_min && user_va_size > host_min) {
        p = mmap((void *)(uintptr_t)host_min, user_va_size - host_min, PROT_NONE,
                 rflags | MAP_FIXED_NOREPLACE, -1, 0);
        if (p == (void *)(uintptr_t)host_min) {
            guest_base = 0;
            goto done;
        }
        if (p != MAP_FAILED) {
            /* An old kernel took the address as a mere hint. */
            munmap(p, user_va_size - host_min);
        }
    }
    p = mmap(NULL, user_va_size, PROT_NONE, rflags, -1, 0);
    if (p == MAP_FAILED) {
        g_set_error(errp, CROSSEMU_ERROR, 0,
                    "cannot reserve %" PRIu64 " MiB of address space for the guest: %s",
                    user_va_size >> 20, g_strerror(errno));
        return false;
    }
    guest_base = (uintptr_t)p;
done:
    guest_code_access = &user_code_access;
    log_mask_printf(LOG_PAGE, "guest_base 0x%" PRIxPTR ", guest address space 0x%" PRIx64 "\n",
                    guest_base, user_va_size);
    return true;
}

unsigned user_page_flags(uint64_t addr)
{
    uint8_t *l2;

    if (addr >= user_va_size) {
        return 0;
    }
    l2 = page_l1[addr >> L2_SHIFT];
    return l2 ? l2[(addr >> PAGE_BITS) & ((1u << L2_BITS) - 1)] : 0;
}

static void set_page_flags(uint64_t start, uint64_t end, unsigned flags)
{
    for (uint64_t a = start; a < end; a += user_page_size) {
        uint8_t **slot = &page_l1[a >> L2_SHIFT];
        if (!*slot) {
            if (!flags) {
                /* Skip the rest of this unpopulated L2: it is all zero already. */
                a = ROUND_DOWN(a, (uint64_t)1 << L2_SHIFT) + ((uint64_t)1 << L2_SHIFT)
                    - user_page_size;
                continue;
            }
            *slot = g_new0(uint8_t, 1u << L2_BITS);
        }
        (*slot)[(a >> PAGE_BITS) & ((1u << L2_BITS) - 1)] = (uint8_t)flags;
    }
}

/* Whether any page of [start, end) has any of `flags` (PAGE_VALID: anything mapped). */
static bool range_any(uint64_t start, uint64_t end, unsigned flags)
{
    for (uint64_t a = start; a < end; a += user_page_size) {
        if (!page_l1[a >> L2_SHIFT]) {
            a = ROUND_DOWN(a, (uint64_t)1 << L2_SHIFT) + ((uint64_t)1 << L2_SHIFT)
                - user_page_size;
            continue;
        }
        if (user_page_flags(a) & flags) {
            return true;
        }
    }
    return false;
}

bool user_access_ok(uint64_t addr, uint64_t len, unsigned flags)
{
    uint64_t end;

    if (len == 0) {
        return true;
    }
    end = addr + len;
    if (end < addr || end > user_va_size) {
        return false;
    }
    flags |= PAGE_VALID;
    for (uint64_t a = ROUND_DOWN(addr, (uint64_t)user_page_size); a < end; a += user_page_size) {
        if ((user_page_flags(a) & flags) != flags) {
            return false;
        }
    }
    return true;
}

static unsigned prot_to_flags(int prot)
{
    return PAGE_VALID | ((prot & PROT_READ) ? PAGE_READ : 0) |
           ((prot & PROT_WRITE) ? PAGE_WRITE : 0) | ((prot & PROT_EXEC) ? PAGE_EXEC : 0);
}

static int host_prot(int prot)
{
    int h = prot & (PROT_READ | PROT_WRITE);
    return (prot & PROT_EXEC) ? (h | PROT_READ) : h;
}

static uint64_t search(uint64_t len, uint64_t from, uint64_t to, uint64_t align)
{
    uint64_t a = ROUND_UP(from, align);

    while (a < to && to - a >= len) {
        uint64_t run = a;
        while (run < a + len && !(user_page_flags(run) & PAGE_VALID)) {
            run += user_page_size;
        }
        if (run >= a + len) {
            return a;
        }
        a = ROUND_UP(run + user_page_size, align);
    }
    return (uint64_t)-1;
}

uint64_t user_find_free(uint64_t len, uint64_t hint, uint64_t align)
{
    uint64_t a;

    if (align < user_page_size) {
        align = user_page_size;
    }
    len = ROUND_UP(len, (uint64_t)user_page_size);
    if (len == 0 || len > user_va_size) {
        return (uint64_t)-1;
    }
    if (hint < GUEST_MMAP_MIN) {
        hint = mmap_base;
    }
    a = search(len, hint, user_va_size, align);
    if (a == (uint64_t)-1) {
        a = search(len, GUEST_MMAP_MIN, hint, align);
    }
    return a;
}

static void invalidate_code(uint64_t start, uint64_t end)
{
    if (range_any(start, end, PAGE_EXEC)) {
        tb_invalidate_range(start, end);
    }
}

/* Put the PROT_NONE reservation back over [start, end). */
static void reserve(uint64_t start, uint64_t end)
{
    void *p = mmap(g2h(start), end - start, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
    if (p == MAP_FAILED) {
        /* Only address-space exhaustion gets here; the range stays mapped. */
        log_mask_printf(LOG_GUEST_ERROR, "cannot re-reserve guest 0x%" PRIx64 ": %s\n",
                        start, g_strerror(errno));
    }
}

static int64_t user_mmap_locked(uint64_t addr, uint64_t len, int prot, int flags, int fd,
                                uint64_t offset)
{
    uint64_t end;
    void *p;
    int hflags;

    if (len == 0 || (offset & (user_page_size - 1))) {
        return -EINVAL;
    }
    if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) {
        return -EINVAL;
    }
    len = ROUND_UP(len, (uint64_t)user_page_size);
    if (len == 0 || len > user_va_size) {
        return -ENOMEM;
    }
    if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
        if (addr & (user_page_size - 1)) {
            return -EINVAL;
        }
        end = addr + len;
        if (end < addr || end > user_va_size) {
            return -ENOMEM;
        }
        if ((flags & MAP_FIXED_NOREPLACE) && range_any(addr, end, PAGE_VALID)) {
            return -EEXIST;
        }
    } else {
        /* A hint is honoured when the range there is free, as Linux does. */
        addr = ROUND_DOWN(addr, (uint64_t)user_page_size);
        if (addr < GUEST_MMAP_MIN || addr + len > user_va_size || addr + len < addr ||
            range_any(addr, addr + len, PAGE_VALID)) {
            addr = user_find_free(len, mmap_base, user_page_size);
            if (addr == (uint64_t)-1) {
                return -ENOMEM;
            }
        }
        end = addr + len;
    }

    hflags = (flags & ~(MAP_FIXED_NOREPLACE | MAP_GROWSDOWN)) | MAP_FIXED;
    p = mmap(g2h(addr), len, host_prot(prot), hflags, fd, (off_t)offset);
    if (p == MAP_FAILED) {
        int e = errno;
        /* A failed MAP_FIXED may have unmapped what was there (POSIX allows it). */
        if (!range_any(addr, end, PAGE_VALID)) {
            reserve(addr, end);
        }
        return -e;
    }
    invalidate_code(addr, end);
    set_page_flags(addr, end, prot_to_flags(prot));
    log_mask_printf(LOG_PAGE, "mmap 0x%" PRIx64 "-0x%" PRIx64 " prot %d flags 0x%x fd %d\n",
                    addr, end, prot, flags, fd);
    return (int64_t)addr;
}

static int64_t user_munmap_locked(uint64_t addr, uint64_t len)
{
    uint64_t end;

    if ((addr & (user_page_size - 1)) || len == 0) {
        return -EINVAL;
    }
    len = ROUND_UP(len, (uint64_t)user_page_size);
    end = addr + len;
    if (len == 0 || end < addr || end > user_va_size) {
        return -EINVAL;
    }
    invalidate_code(addr, end);
    reserve(addr, end);
    set_page_flags(addr, end, 0);
    return 0;
}

static int64_t user_mprotect_locked(uint64_t addr, uint64_t len, int prot)
{
    uint64_t end;

    if ((addr & (user_page_size - 1)) ||
        (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN | PROT_GROWSUP))) {
        return -EINVAL;
    }
    prot &= PROT_READ | PROT_WRITE | PROT_EXEC;
    len = ROUND_UP(len, (uint64_t)user_page_size);
    end = addr + len;
    if (end < addr || end > user_va_size) {
        return -ENOMEM;
    }
    if (len == 0) {
        return 0;
    }
    if (!user_access_ok(addr, len, 0)) {
        return -ENOMEM;
    }
    if (mprotect(g2h(addr), len, host_prot(prot)) != 0) {
        return -errno;
    }
    invalidate_code(addr, end);
    set_page_flags(addr, end, prot_to_flags(prot));
    return 0;
}

static int64_t user_mremap_locked(uint64_t old_addr, uint64_t old_len, uint64_t new_len, int flags,
                    uint64_t new_addr)
{
    uint64_t dest;
    unsigned pflags;
    void *p;

    if ((old_addr & (user_page_size - 1)) || (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED)) ||
        ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))) {
        return -EINVAL;
    }
    old_len = ROUND_UP(old_len, (uint64_t)user_page_size);
    new_len = ROUND_UP(new_len, (uint64_t)user_page_size);
    if (new_len == 0 || old_len == 0 || !user_access_ok(old_addr, old_len, 0)) {
        /* old_len 0 (duplicating a shared mapping) is not supported: say so honestly. */
        return old_len == 0 ? -ENOSYS : (new_len == 0 ? -EINVAL : -EFAULT);
    }
    pflags = user_page_flags(old_addr);
    if (new_len <= old_len && !(flags & MREMAP_FIXED)) {
        if (new_len < old_len) {
            user_munmap(old_addr + new_len, old_len - new_len);
        }
        return (int64_t)old_addr;
    }
    if (flags & MREMAP_FIXED) {
        dest = new_addr;
        if ((dest & (user_page_size - 1)) || dest + new_len > user_va_size ||
            dest + new_len < dest) {
            return -EINVAL;
        }
    } else if (!range_any(old_addr + old_len, old_addr + new_len, PAGE_VALID) &&
               old_addr + new_len <= user_va_size && old_addr + new_len > old_addr) {
        dest = old_addr;        /* grow in place */
    } else if (flags & MREMAP_MAYMOVE) {
        dest = user_find_free(new_len, mmap_base, user_page_size);
        if (dest == (uint64_t)-1) {
            return -ENOMEM;
        }
    } else {
        return -ENOMEM;
    }
    if (dest == old_addr) {
        /* Growing in place: the reservation after the mapping must make room first. */
        munmap(g2h(old_addr + old_len), new_len - old_len);
        p = mremap(g2h(old_addr), old_len, new_len, 0);
        if (p == MAP_FAILED) {
            int e = errno;
            reserve(old_addr + old_len, old_addr + new_len);
            return -e;
        }
        set_page_flags(old_addr, old_addr + new_len, pflags);
        return (int64_t)old_addr;
    }
    /* The host mremap replaces the destination's reservation and leaves a hole at the source. */
    p = mremap(g2h(old_addr), old_len, new_len, MREMAP_MAYMOVE | MREMAP_FIXED, g2h(dest));
    if (p == MAP_FAILED) {
        return -errno;
    }
    invalidate_code(old_addr, old_addr + old_len);
    set_page_flags(old_addr, old_addr + old_len, 0);
    invalidate_code(dest, dest + new_len);
    reserve(old_addr, old_addr + old_len);
    set_page_flags(dest, dest + new_len, pflags);
    return (int64_t)dest;
}

void user_brk_init(uint64_t start)
{
    brk_start = brk_cur = brk_mapped = ROUND_UP(start, (uint64_t)user_page_size);
}

/* brk(2): returns the new break, or the old one when the request cannot be met. */
static uint64_t user_brk_locked(uint64_t new_brk)
{
    uint64_t new_end;

    if (new_brk < brk_start || new_brk >= user_va_size) {
        return brk_cur;
    }
    new_end = ROUND_UP(new_brk, (uint64_t)user_page_size);
    if (new_end < brk_mapped) {
        /* Shrinking frees the pages, so that growing again gives zeroed memory. */
        user_munmap(new_end, brk_mapped - new_end);
        brk_mapped = new_end;
    } else if (new_end > brk_mapped) {
        if (range_any(brk_mapped, new_end, PAGE_VALID)) {
            return brk_cur;
        }
        if (user_mmap(brk_mapped, new_end - brk_mapped, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) < 0) {
            return brk_cur;
        }
        brk_mapped = new_end;
    }
    brk_cur = new_brk;
    return brk_cur;
}

void user_walk_mappings(void (*fn)(uint64_t start, uint64_t end, unsigned flags, void *opaque),
                        void *opaque)
{
    uint64_t run_start = 0;
    unsigned run_flags = 0;
    const uint64_t l2_span = (uint64_t)1 << L2_SHIFT;

    for (uint64_t i = 0; i < page_l1_size; i++) {
        uint8_t *l2 = page_l1[i];
        if (!l2) {
            if (run_flags) {
                fn(run_start, i * l2_span, run_flags, opaque);
                run_flags = 0;
            }
            continue;
        }
        for (unsigned j = 0; j < (1u << L2_BITS); j++) {
            uint64_t a = i * l2_span + ((uint64_t)j << PAGE_BITS);
            if (l2[j] != run_flags) {
                if (run_flags) {
                    fn(run_start, a, run_flags, opaque);
                }
                run_start = a;
                run_flags = l2[j];
            }
        }
    }
    if (run_flags) {
        fn(run_start, user_va_size, run_flags, opaque);
    }
}

void user_brk_range(uint64_t *start, uint64_t *end)
{
    *start = brk_start;
    *end = brk_mapped;
}

char *user_strdup(uint64_t addr, size_t max, int *err)
{
    size_t n = 0;

    /* Find the NUL page by page, checking each page before reading it. */
    while (n < max) {
        uint64_t a = addr + n;
        size_t chunk = user_page_size - (a & (user_page_size - 1));
        const char *h, *nul;

        if (a < addr || !user_access_ok(a, 1, PAGE_READ)) {
            *err = EFAULT;
            return NULL;
        }
        if (chunk > max - n) {
            chunk = max - n;
        }
        h = g2h(a);
        nul = memchr(h, 0, chunk);
        if (nul) {
            return g_strndup(g2h(addr), n + (size_t)(nul - h));
        }
        n += chunk;
    }
    *err = ENAMETOOLONG;
    return NULL;
}

bool user_copy_from(void *dst, uint64_t src, size_t len)
{
    if (!user_access_ok(src, len, PAGE_READ)) {
        return false;
    }
    memcpy(dst, g2h(src), len);
    return true;
}

bool user_copy_to(uint64_t dst, const void *src, size_t len)
{
    if (!user_access_ok(dst, len, PAGE_WRITE)) {
        return false;
    }
    memcpy(g2h(dst), src, len);
    return true;
}

/* The translator's view of guest code: mapped and executable, or a fetch fault. */
static bool user_code_fetch(CPUCommon *cpu, uint64_t addr, void *buf, unsigned len)
{
    if (!user_access_ok(addr, len, PAGE_EXEC)) {
        return false;
    }
    memcpy(buf, g2h(addr), len);
    return true;
}

static const GuestCodeAccess user_code_access = {
    .fetch = user_code_fetch,
};

/* ---- the public, locked entry points (guest threads map concurrently) ---- */

int64_t user_mmap(uint64_t addr, uint64_t len, int prot, int flags, int fd, uint64_t offset)
{
    int64_t r;

    g_rec_mutex_lock(&mmap_lock);
    r = user_mmap_locked(addr, len, prot, flags, fd, offset);
    g_rec_mutex_unlock(&mmap_lock);
    return r;
}

int64_t user_munmap(uint64_t addr, uint64_t len)
{
    int64_t r;

    g_rec_mutex_lock(&mmap_lock);
    r = user_munmap_locked(addr, len);
    g_rec_mutex_unlock(&mmap_lock);
    return r;
}

int64_t user_mprotect(uint64_t addr, uint64_t len, int prot)
{
    int64_t r;

    g_rec_mutex_lock(&mmap_lock);
    r = user_mprotect_locked(addr, len, prot);
    g_rec_mutex_unlock(&mmap_lock);
    return r;
}

int64_t user_mremap(uint64_t old_addr, uint64_t old_len, uint64_t new_len, int flags,
                    uint64_t new_addr)
{
    int64_t r;

    g_rec_mutex_lock(&mmap_lock);
    r = user_mremap_locked(old_addr, old_len, new_len, flags, new_addr);
    g_rec_mutex_unlock(&mmap_lock);
    return r;
}

uint64_t user_brk(uint64_t new_brk)
{
    uint64_t r;

    g_rec_mutex_lock(&mmap_lock);
    r = user_brk_locked(new_brk);
    g_rec_mutex_unlock(&mmap_lock);
    return r;
}

void user_mmap_lock_for_fork(int step)
{
    if (step == 0) {
        g_rec_mutex_lock(&mmap_lock);
    } else if (step == 1) {
        g_rec_mutex_unlock(&mmap_lock);
    } else {
        /*
         * Not g_rec_mutex_unlock: a recursive pthread mutex records its
         * owner's tid, and the child's only thread has a new tid, so the
         * unlock fails (EPERM, which GLib ignores) and the mutex stays held
         * by the parent's tid for ever: the child's first mmap hangs.  A
         * fresh mutex (the old one leaks, a few bytes per fork) is free.
         */
        g_rec_mutex_init(&mmap_lock);
    }
}
