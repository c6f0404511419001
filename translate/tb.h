/*
 * tb.h: translation blocks and the TB cache.
 *
 * A TranslationBlock is one run of guest code, identified by (pc, flags,
 * cflags), with the host code (or interpreter bytecode) the back end made of it.
 * Blocks end with up to two goto_tb exits that can be chained: patched to jump
 * straight into the next block.  Each block records which blocks jump into it
 * (jmp_list) so that invalidating it can unchain them first.
 *
 * Invariants:
 *   - the TB hash table is the only way to find a block from a guest pc; a block
 *     removed from it (invalidated) is never chained to again;
 *   - chaining patches are done with the translation lock held;
 *   - insn_data[i] / insn_end[i] map the i-th guest instruction to the end of its
 *     host code, for restoring the guest state precisely at a fault.
 */
#ifndef CROSSEMU_TB_H
#define CROSSEMU_TB_H

#include "common.h"

enum {
    CF_SINGLE_INSN = 1 << 0,   /* -one-insn-per-tb, or stepping */
    CF_NO_CHAIN = 1 << 1,      /* never chain into or out of this block */
    CF_NO_WATCH = 1 << 2,      /* no watchpoint checks (re-running a watched access) */
};

typedef struct TranslationBlock TranslationBlock;

/*
 * goto_tb slots per block: two for a plain block (taken / not taken), more
 * for blocks that continue past conditional branches with side exits.
 */
#define TB_MAX_JMP_SLOTS 8

struct TranslationBlock {
    /*
     * What a jump-cache probe and a hash-chain walk read (pc, flags, cflags,
     * invalid, tc_ptr, hash_next) comes first, in the block's first 64-byte
     * cache line: indirect branches probe a block per jump, and a second
     * cache line per probe showed in profiles of interpreter-heavy guests.
     */
    uint64_t pc;               /* guest virtual address of the first instruction */
    uint32_t flags;            /* guest state the translation depends on */
    uint32_t cflags;           /* CF_*; must follow flags (the JIT compares both at once) */
    uint32_t size;             /* guest bytes covered */
    uint32_t icount;           /* guest instructions */

    void *tc_ptr;              /* entry: executable host code or interpreter bytecode */
    uint32_t tc_size;
    bool invalid;
    TranslationBlock *hash_next;

    /*
     * goto_tb slots.  For the JIT: jmp_insn_offset is where the patchable jump's
     * 32-bit displacement lives, jmp_reset_offset where it points when unchained.
     * The interpreter uses jmp_dest only.
     */
    uint32_t jmp_insn_offset[TB_MAX_JMP_SLOTS];
    uint32_t jmp_reset_offset[TB_MAX_JMP_SLOTS];
    TranslationBlock *jmp_dest[TB_MAX_JMP_SLOTS];      /* chained successor or NULL */
    TranslationBlock *jmp_list_head;                   /* blocks chained into this one ... */
    TranslationBlock *jmp_list_next[TB_MAX_JMP_SLOTS]; /* ... linked through their slot */
    uint8_t jmp_list_slot_head;            /* slot of jmp_list_head that points here */
    uint8_t jmp_list_next_slot[TB_MAX_JMP_SLOTS];

    /* Precise state restore: per guest instruction. */
    uint64_t *insn_data;       /* 2 words per insn: insn_start's constants */
    uint32_t *insn_end;        /* host code offset just past each insn */
    /*
     * Back-end data for restoring globals at a fault (the JIT: where each
     * global lives at each guest memory access), or NULL; g_free'd with the
     * block.
     */
    void *fault_state;

    TranslationBlock *page_next[2];        /* per-page lists for invalidation */
    uint64_t page_addr[2];                 /* guest pages covered (-1 if none) */
};

/*
 * The exit value returned by back end exec: a TB pointer (16-byte aligned,
 * as malloc returns on 64-bit hosts; tb_gen_code checks) with the slot, or
 * one of the two codes below, in the low bits.
 */
#define TB_EXIT_MASK 15
#define TB_EXIT_SLOT0 0
#define TB_EXIT_SLOT1 1
#define TB_EXIT_NOCHAIN 14      /* "this TB returned, do not chain" */
#define TB_EXIT_REQUESTED 15    /* exit_request was seen */

static inline uintptr_t tb_exit_value(const TranslationBlock *tb, unsigned how)
{
    return (uintptr_t)tb | how;
}

#define TB_JMP_CACHE_BITS 12
#define TB_JMP_CACHE_SIZE (1u << TB_JMP_CACHE_BITS)

static inline unsigned tb_jmp_cache_hash(uint64_t pc)
{
    return (unsigned)((pc >> 2) ^ (pc >> (2 + TB_JMP_CACHE_BITS))) & (TB_JMP_CACHE_SIZE - 1);
}

struct CPUCommon;

void tb_cache_init(void);
/* Find a translated block (hash lookup); NULL if none. */
TranslationBlock *tb_lookup(uint64_t pc, uint32_t flags, uint32_t cflags);
/* Translate a new block (called with nothing held; takes the translation lock). */
TranslationBlock *tb_gen_code(struct CPUCommon *cpu, uint64_t pc, uint32_t flags, uint32_t cflags);
/* Chain tb's exit `slot` to dest. */
void tb_add_jump(TranslationBlock *tb, unsigned slot, TranslationBlock *dest);
/* Remove every block overlapping guest [start, end) and unchain its predecessors. */
void tb_invalidate_range(uint64_t start, uint64_t end);
/* Drop all blocks and restart the code buffer. */
void tb_flush(void);
/* The block whose host code contains host_pc, or NULL. */
TranslationBlock *tb_find_by_host_pc(uintptr_t host_pc);

#endif
