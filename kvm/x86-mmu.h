/*
 * x86-mmu.h: walk an x86 guest's page tables (for the GDB stub).
 *
 * KVM keeps no host-visible translation of guest virtual addresses, so the
 * debugger's memory accesses go through the guest's own tables, from the
 * control registers of the vCPU gdb looks at.  All four layouts: paging
 * off, 32-bit (with PSE 4 MiB pages), PAE, and long mode with 4 or 5
 * levels.  Pure: the tables are read through a callback, so the unit test
 * feeds it tables built in a buffer.
 */
#ifndef KVM_X86_MMU_H
#define KVM_X86_MMU_H

#include "common.h"

typedef struct X86PagingState {
    uint64_t cr0, cr3, cr4, efer;
} X86PagingState;

/* Read a page-table entry of `size` bytes (4 or 8) at guest physical pa. */
typedef bool X86ReadPte(void *opaque, uint64_t pa, unsigned size, uint64_t *val);

/*
 * Translate guest virtual address va.  On success *pa is the physical
 * address and *left the bytes from va to the end of its page; false if va
 * is not mapped (not present, not canonical, or a table outside RAM).
 */
bool x86_mmu_translate(const X86PagingState *st, uint64_t va, X86ReadPte *read,
                       void *opaque, uint64_t *pa, uint64_t *left);

#endif
