/*
 * backend.h: the one interface between the translation core and a host code
 * generator (backends/x86_64, backends/interp).
 *
 * A back end turns an optimized IRContext into something runnable, stored in
 * its own code buffer, and enters it.  It knows nothing of the guest.
 *
 * Contract of generated code:
 *   - it is entered with the env pointer (struct CPUCommon *) and returns a
 *     uintptr_t exit value: tb_exit_value(tb, slot) from exit_tb, or 0;
 *   - goto_tb slot N first jumps to wherever the slot is chained (initially
 *     the code right after it); patch_jump changes that atomically;
 *   - goto_ptr jumps to a tc_ptr returned by helper_lookup_tb_ptr, or returns 0
 *     when handed backend->exit_entry;
 *   - globals are written back to env before every exit, every helper call
 *     that may read or write them, and every op that can fault (gld/gst/atomics),
 *     except where restore_fault_state can recover them after a host fault;
 *   - for each insn_start the back end records in tb->insn_end[i] the code
 *     offset just past that guest instruction's code, so that a host pc inside
 *     the block maps to the guest instruction (precise exceptions);
 *   - guest memory is at host address guest_base + guest address.
 */
#ifndef CROSSEMU_BACKEND_H
#define CROSSEMU_BACKEND_H

#include "common.h"
#include "ir.h"
#include "tb.h"

struct CPUCommon;

typedef struct Backend {
    const char *name;
    /* One-time set-up: code buffer of code_size bytes.  false + errp on failure. */
    bool (*init)(size_t code_size, GError **errp);
    /*
     * Generate code for ctx into the code buffer and fill tb->tc_ptr, tc_size,
     * jmp_*_offset, insn_end.  Returns false when the buffer is full: the caller
     * flushes (reset) and retries.
     */
    bool (*gen_code)(IRContext *ctx, TranslationBlock *tb);
    /* Run from tb; returns the exit value. */
    uintptr_t (*exec)(struct CPUCommon *cpu, TranslationBlock *tb);
    /* Point goto_tb slot of tb at dest (or back at its own exit when dest is NULL). */
    void (*patch_jump)(TranslationBlock *tb, unsigned slot, TranslationBlock *dest);
    /* Forget all generated code (after tb_flush). */
    void (*reset)(void);
    /* Whether host_pc lies in generated code (for fault handling). */
    bool (*owns_host_pc)(uintptr_t host_pc);
    /*
     * A host fault at code offset code_off of tb: write to env the globals
     * that generated code held only in host registers there, from host_uc
     * (the fault handler's ucontext_t).  NULL when globals are always in env
     * at a fault.
     */
    void (*restore_fault_state)(struct CPUCommon *cpu, const TranslationBlock *tb,
                                uint32_t code_off, const void *host_uc);
    /* Disassemble generated code for -d out_asm (may be NULL). */
    void (*dump_code)(TranslationBlock *tb, FILE *f);
    /* What goto_ptr treats as "return to the CPU loop". */
    void *exit_entry;
    /*
     * In the child of a fork, before it translates or runs anything: make the
     * code buffer private to this process (NULL: it already is).  The parent
     * must not add, patch or flush code until this has returned.
     */
    void (*fork_child)(void);
} Backend;

extern const Backend backend_x86_64;
extern const Backend backend_interp;

/* The back end in use (chosen once at start-up). */
extern const Backend *backend;
/* Pick a back end by name ("jit", "x86_64", "interp"); NULL if unknown. */
const Backend *backend_by_name(const char *name);

/* Host address of guest address 0. */
extern uintptr_t guest_base;

/*
 * -perfmap (or CROSSEMU_PERFMAP=1): the JIT writes /tmp/perf-<pid>.map, one
 * line per block, for profilers.  Set before translate_init.
 */
extern bool opt_perfmap;

/*
 * While the interpreter runs a block it publishes the position of the op it is
 * executing here (inside tb->tc_ptr's bytecode), so that faults and helpers map
 * to guest instructions exactly as with the JIT's host pc.
 */
extern __thread uintptr_t interp_host_pc;

/* The "host pc" of the calling generated code, from inside a helper. */
#define GETPC() (interp_host_pc ? interp_host_pc : (uintptr_t)__builtin_return_address(0))

/* Out-of-line helpers the back ends use for ops they do not inline. */
uint64_t helper_atomic_op(void *haddr, uint64_t val, uint32_t opc_memop);
void *helper_lookup_tb_ptr(struct CPUCommon *cpu);
extern IRHelper helper_info_lookup_tb_ptr;

#endif
