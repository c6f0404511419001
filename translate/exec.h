/*
 * exec.h: the CPU loop and the interface to guest front ends.
 *
 * Every guest CPU state struct starts with a CPUCommon, so the env pointer that
 * generated code and helpers receive is also a CPUCommon pointer.  The front
 * end describes itself with a GuestOps table; the mode (linux-user, softmmu)
 * calls cpu_exec() and handles what it returns.
 */
#ifndef CROSSEMU_EXEC_H
#define CROSSEMU_EXEC_H

#include <setjmp.h>
#include "common.h"
#include "ir.h"
#include "tb.h"

/* Exception numbers common to all guests; front ends number theirs from EXCP_ARCH. */
enum {
    EXCP_NONE = -1,
    EXCP_INTERRUPT = 0x10000,   /* exit_request: signal, stop, ... */
    EXCP_HALTED,
    EXCP_DEBUG,                 /* breakpoint or single step (GDB stub) */
    EXCP_SEGV,                  /* guest memory fault in user mode: fault_addr, fault_write */
    EXCP_SIGILL_UNIMP,          /* unimplemented/illegal instruction */
    EXCP_ARCH = 0x100,
};

struct GuestOps;

typedef struct CPUCommon {
    const struct GuestOps *ops;
    int exception_index;        /* EXCP_* or the front end's own numbers */
    volatile int exit_request;  /* set from other threads/signals: leave at next TB boundary */
    uint64_t fault_addr;        /* EXCP_SEGV: the guest address */
    int fault_write;            /* EXCP_SEGV: 1 for a write, 0 read, 2 exec */
    int fault_code;             /* EXCP_SEGV: SEGV_MAPERR (1) or SEGV_ACCERR (2) */
    uint32_t cflags_next;       /* cflags for the blocks this CPU translates (CF_*) */
    uint32_t cflags_once;       /* extra cflags for the next block only */
    bool singlestep;            /* debugger: return EXCP_DEBUG after each instruction */
    bool watch_pending;         /* a watchpoint hit: report after its instruction ran */
    uint64_t watch_hit_addr;    /* EXCP_DEBUG from a watchpoint: the watched address */
    int watch_hit_flags;        /* BP_MEM_READ or BP_MEM_WRITE (debug.h); 0 if not a watchpoint */
    sigjmp_buf jmp_env;         /* cpu_loop_exit lands here */
    void *opaque;               /* the mode's per-CPU data (thread state) */
    bool running;               /* inside cpu_exec (guarded by the CPU list lock) */
    bool exclusive_was_running; /* start_exclusive's caller was running */
    TranslationBlock *tb_jmp_cache[TB_JMP_CACHE_SIZE];
} CPUCommon;

typedef struct GuestOps {
    const char *name;                 /* "riscv64" */
    size_t cpu_size;                  /* sizeof the whole guest CPU struct */
    unsigned max_insn_bytes;          /* longest instruction */
    unsigned min_insn_bytes;          /* shortest: alignment of pc */
    bool big_endian;
    /* Register the front end's globals into a fresh context (done once per context). */
    void (*init_globals)(IRContext *ctx);
    /* The key of the next block: pc and the flags its translation depends on. */
    void (*get_tb_key)(CPUCommon *cpu, uint64_t *pc, uint32_t *flags);
    /*
     * Translate at most max_insns instructions starting at tb->pc into ctx.
     * Sets tb->size and tb->icount.  Must emit at least one instruction (or the
     * fault for fetching it).
     */
    void (*translate)(IRContext *ctx, CPUCommon *cpu, TranslationBlock *tb, unsigned max_insns);
    /* Set the guest state from insn_start's two constants (pc and arch word). */
    void (*restore_state)(CPUCommon *cpu, const uint64_t *data);
    /* Guest pc now (for logging, signals). */
    uint64_t (*get_pc)(CPUCommon *cpu);
    void (*set_pc)(CPUCommon *cpu, uint64_t pc);
    /* -d cpu: print registers. */
    void (*dump_state)(CPUCommon *cpu, FILE *f);
    /* Capstone arch/mode for -d in_asm (0 if none). */
    int cs_arch, cs_mode;
    /* Own disassembler for -d in_asm, used instead of capstone when set (capstone 4 lacks RISC-V). */
    void (*disas)(FILE *f, uint64_t pc, const uint8_t *code, size_t size);
    /* Registers for the GDB stub (translate/<arch>/gdb.c); NULL if none yet. */
    const struct GdbArch *gdb;
    /*
     * For back ends that inline the jump-cache lookup of goto_ptr: where the
     * guest pc (a uint64_t) lives in the CPU state (0: not described), and
     * whether get_tb_key always returns flags 0.  Optional: without them the
     * lookup is the call to helper_lookup_tb_ptr.
     */
    int32_t pc_env_offset;
    bool tb_flags_always_zero;
} GuestOps;

/*
 * How the translator reads guest code: the mode supplies this (user mode checks
 * the guest page is mapped and executable).  Returns false if the fetch faults.
 */
typedef struct GuestCodeAccess {
    bool (*fetch)(CPUCommon *cpu, uint64_t addr, void *buf, unsigned len);
} GuestCodeAccess;
extern const GuestCodeAccess *guest_code_access;

/* Initialise the common part of a freshly allocated guest CPU (no exception pending). */
void cpu_common_init(CPUCommon *cpu, const GuestOps *ops);

/*
 * Exclusive sections: stop every other CPU at a block boundary (they leave
 * cpu_exec with EXCP_INTERRUPT and wait in their next cpu_exec until
 * end_exclusive).  CPUs in a system call or otherwise outside cpu_exec are
 * not waited for.  Used for rare global changes such as flushing the TB cache.
 */
void start_exclusive(void);
void end_exclusive(void);
/* Take a CPU out of the CPU list before freeing it (it must not be running). */
void cpu_common_destroy(CPUCommon *cpu);
/* In a forked child: only the calling thread's CPU still exists. */
void cpu_list_fork_child(CPUCommon *self);

/* Run until an exception; returns cpu->exception_index and resets it to EXCP_NONE. */
int cpu_exec(CPUCommon *cpu);

/*
 * From a helper: restore guest state at host_pc, a return address into
 * generated code (or the interpreter's interp_host_pc).
 */
bool cpu_restore_state(CPUCommon *cpu, uintptr_t host_pc);
/*
 * From a host fault handler: restore guest state at the faulting host
 * instruction fault_pc in generated code, globals included (the JIT keeps
 * some in host registers across guest memory accesses: host_uc, the
 * handler's ucontext_t, says what they held).
 */
bool cpu_restore_state_fault(CPUCommon *cpu, uintptr_t fault_pc, const void *host_uc);
/* Leave generated code and return to cpu_exec (which returns exception_index). */
void cpu_loop_exit(CPUCommon *cpu) NORETURN;
/* Restore state from host_pc, then leave. */
void cpu_loop_exit_restore(CPUCommon *cpu, uintptr_t host_pc) NORETURN;
/* Raise exception `excp` from a helper called by generated code at host_pc. */
void cpu_raise_exception(CPUCommon *cpu, int excp, uintptr_t host_pc) NORETURN;

/* The CPU running on this host thread (NULL outside cpu_exec). */
extern __thread CPUCommon *current_cpu;

/* Core set-up: choose the back end, create the TB cache.  false + errp on error. */
bool translate_init(const char *backend_name, size_t code_size, GError **errp);

/* Options the modes set from the command line. */
extern bool opt_one_insn_per_tb;

#endif
