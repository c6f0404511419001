/*
 * x86-mmu.c: the guest page-table walk (see x86-mmu.h).
 *
 * Only presence matters here: the debugger may read pages the guest's
 * current privilege level could not (as on real hardware with a JTAG
 * probe), so U/S, R/W and NX bits are not checked.
 */
#include "common.h"
#include "kvm/x86-mmu.h"

#define X86_CR0_PG      (1ull << 31)
#define X86_CR4_PSE     (1ull << 4)
#define X86_CR4_PAE     (1ull << 5)
#define X86_CR4_LA57    (1ull << 12)
#define X86_EFER_LMA    (1ull << 10)

#define PTE_P           (1ull << 0)
#define PTE_PS          (1ull << 7)
#define PTE_ADDR        0x000ffffffffff000ull   /* bits 51:12 */

static void mmu_result(uint64_t base, uint64_t va, unsigned page_shift, uint64_t *pa,
                       uint64_t *left)
{
    uint64_t mask = (1ull << page_shift) - 1;

    *pa = (base & ~mask) + (va & mask);
    *left = mask + 1 - (va & mask);
}

/* Long mode: 4 or 5 levels of 512 eight-byte entries. */
static bool mmu_walk_long(const X86PagingState *st, uint64_t va, X86ReadPte *read,
                          void *opaque, uint64_t *pa, uint64_t *left)
{
    unsigned levels = (st->cr4 & X86_CR4_LA57) ? 5 : 4;
    unsigned va_bits = levels * 9 + 12;
    uint64_t table = st->cr3 & PTE_ADDR, pte;
    int64_t sext = (int64_t)(va << (64 - va_bits)) >> (64 - va_bits);

    if ((uint64_t)sext != va) {
        return false;       /* not canonical: #GP on the real thing */
    }
    for (unsigned level = levels; level >= 1; level--) {
        unsigned shift = 12 + 9 * (level - 1);
        if (!read(opaque, table + ((va >> shift) & 511) * 8, 8, &pte) || !(pte & PTE_P)) {
            return false;
        }
        /* PS in a PDPTE (1 GiB) or PDE (2 MiB) ends the walk */
        if (level == 1 || ((level == 2 || level == 3) && (pte & PTE_PS))) {
            mmu_result(pte & PTE_ADDR, va, shift, pa, left);
            return true;
        }
        table = pte & PTE_ADDR;
    }
    return false;
}

/* PAE: 4 PDPTEs at CR3, then 512-entry directories and tables. */
static bool mmu_walk_pae(const X86PagingState *st, uint64_t va, X86ReadPte *read,
                         void *opaque, uint64_t *pa, uint64_t *left)
{
    uint64_t pte;

    va &= 0xffffffffull;
    if (!read(opaque, (st->cr3 & 0xffffffe0ull) + (va >> 30) * 8, 8, &pte) || !(pte & PTE_P) ||
        !read(opaque, (pte & PTE_ADDR) + ((va >> 21) & 511) * 8, 8, &pte) || !(pte & PTE_P)) {
        return false;
    }
    if (pte & PTE_PS) {
        mmu_result(pte & PTE_ADDR, va, 21, pa, left);
        return true;
    }
    if (!read(opaque, (pte & PTE_ADDR) + ((va >> 12) & 511) * 8, 8, &pte) || !(pte & PTE_P)) {
        return false;
    }
    mmu_result(pte & PTE_ADDR, va, 12, pa, left);
    return true;
}

/* 32-bit paging: 1024 four-byte entries per level, 4 MiB pages with PSE. */
static bool mmu_walk_32(const X86PagingState *st, uint64_t va, X86ReadPte *read,
                        void *opaque, uint64_t *pa, uint64_t *left)
{
    uint64_t pde, pte;

    va &= 0xffffffffull;
    if (!read(opaque, (st->cr3 & 0xfffff000ull) + (va >> 22) * 4, 4, &pde) || !(pde & PTE_P)) {
        return false;
    }
    if ((pde & PTE_PS) && (st->cr4 & X86_CR4_PSE)) {
        /* PSE-36: bits 20:13 of the entry are physical address bits 39:32 */
        uint64_t base = (pde & 0xffc00000ull) | (((pde >> 13) & 0xff) << 32);
        mmu_result(base, va, 22, pa, left);
        return true;
    }
    if (!read(opaque, (pde & 0xfffff000ull) + ((va >> 12) & 1023) * 4, 4, &pte) ||
        !(pte & PTE_P)) {
        return false;
    }
    mmu_result(pte & 0xfffff000ull, va, 12, pa, left);
    return true;
}

bool x86_mmu_translate(const X86PagingState *st, uint64_t va, X86ReadPte *read,
                       void *opaque, uint64_t *pa, uint64_t *left)
{
    if (!(st->cr0 & X86_CR0_PG)) {
        /* no paging: linear is physical (page-sized steps keep callers simple) */
        mmu_result(va, va, 12, pa, left);
        return true;
    }
    if (st->efer & X86_EFER_LMA) {
        return mmu_walk_long(st, va, read, opaque, pa, left);
    }
    if (st->cr4 & X86_CR4_PAE) {
        return mmu_walk_pae(st, va, read, opaque, pa, left);
    }
    return mmu_walk_32(st, va, read, opaque, pa, left);
}
