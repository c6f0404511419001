/*
 * jit-internal.h: state shared by the x86-64 JIT's files (jit.c: buffer and
 * Backend ops, lower.c: op lowering, regalloc.c: register allocation).
 *
 * Host register roles while generated code runs:
 *   r14  env (the CPUCommon *), for the whole block
 *   r15  guest_base, when it is not zero (otherwise allocatable)
 *   r11  per-op scratch of the lowering code; never holds a temp
 *   rsp  16-byte aligned; [rsp, rsp+16) outgoing stack arguments,
 *        [rsp+16, ...) spill slots of normal and local temps
 *   the rest: allocated to temps by regalloc.c
 *
 * A temp's value is in one of: a register (JIT_VAL_REG, with `coherent`
 * saying whether its memory home also holds it), its memory home (JIT_VAL_MEM:
 * env + offset for globals, a stack slot for others), a constant
 * (JIT_VAL_CONST: IR constants, never loaded for good), or nowhere
 * (JIT_VAL_DEAD: normal/local temps before their first write or after death).
 */
#ifndef CROSSEMU_X86_JIT_INTERNAL_H
#define CROSSEMU_X86_JIT_INTERNAL_H

#include "common.h"
#include "ir.h"
#include "tb.h"
#include "emit.h"

#define JIT_REG_ENV X86_R14
#define JIT_REG_GUEST_BASE X86_R15
#define JIT_REG_SCRATCH X86_R11

#define JIT_STACK_ARGS 16
#define JIT_SPILL_SLOTS 1024
/* After the six pushes rsp is 8 mod 16: the frame size restores alignment. */
#define JIT_FRAME_SIZE (JIT_STACK_ARGS + JIT_SPILL_SLOTS * 8 + 8)

/* Room an op may need at most; gen_code gives up (buffer full) below this. */
#define JIT_MAX_OP_BYTES 4096

#define JIT_CALLER_SAVED ((1u << X86_RAX) | (1u << X86_RCX) | (1u << X86_RDX) | \
                          (1u << X86_RSI) | (1u << X86_RDI) | (1u << X86_R8) |  \
                          (1u << X86_R9) | (1u << X86_R10) | (1u << X86_R11))

/* Host CPU features the lowering may use (tests clear bits to cover fallbacks). */
enum {
    JIT_FEAT_LZCNT = 1 << 0,
    JIT_FEAT_BMI1 = 1 << 1,     /* tzcnt, andn */
    JIT_FEAT_BMI2 = 1 << 2,     /* shlx, shrx, sarx */
    JIT_FEAT_POPCNT = 1 << 3,
    JIT_FEAT_MOVBE = 1 << 4,
};
extern unsigned jit_features;

enum { JIT_VAL_DEAD, JIT_VAL_REG, JIT_VAL_MEM, JIT_VAL_CONST };

typedef struct JitTemp {
    uint8_t val;
    int8_t reg;
    bool coherent;      /* the memory home holds the current value */
    int32_t slot;       /* stack slot index, or -1 */
} JitTemp;

typedef struct JitFixup {
    uint8_t *disp;      /* rel32 to resolve */
    int32_t next;       /* next fixup of the same label, or -1 */
} JitFixup;

/* Per label, for flow.c. */
typedef struct JitLabel {
    uint32_t pos;           /* index of its set_label, UINT32_MAX if none */
    uint32_t last_back;     /* index of the last branch to it from after it, or 0 */
    uint8_t kind;           /* plain label or loop head */
    bool forward_ref;       /* a branch to it comes before it */
    bool placed;
    uint8_t nb_pinned;      /* loop head: globals held in registers at the label */
    int8_t pin_reg[16];
    IRTemp pin_temp[16];
} JitLabel;

/*
 * Fault points: guest memory accesses do not store the globals held in
 * registers first.  Each access whose code may fault records where the
 * not-yet-stored globals are (host register, env offset, width), for the
 * code range [start, end) of the access; a host fault in that range writes
 * them to env from the signal's ucontext (jit_restore_fault_state).
 */
typedef struct JitFaultLoc {
    int32_t env_offset;
    uint8_t reg;            /* X86Reg */
    uint8_t size;           /* bytes: 4 or 8 */
} JitFaultLoc;

typedef struct JitFaultPoint {
    uint32_t start, end;    /* code offsets from the block's start */
    uint32_t first;         /* index of its first JitFaultLoc */
    uint32_t count;
} JitFaultPoint;

/* tb->fault_state: the points, sorted by start, then the locations. */
typedef struct JitFaultInfo {
    uint32_t nb_points;
    JitFaultPoint points[];
    /* followed by the JitFaultLoc array */
} JitFaultInfo;

/* A conditional branch's out-of-line edge code (flow.c), not placed yet while jcc_disp is set. */
typedef struct JitStub {
    uint8_t *jcc_disp;
    IRLabel label;
    uint32_t code_off, code_len;    /* in JitState.stub_code */
} JitStub;

typedef struct JitState {
    IRContext *ctx;
    TranslationBlock *tb;
    X86Buf b;
    uint8_t *code_start;    /* writable address of the block's first byte */
    uint8_t *code_limit;    /* stop generating past this */
    uint8_t *epilogue;      /* writable addresses of the shared exits */
    uint8_t *exit_zero;

    JitTemp *temps;
    uint32_t temps_cap;
    int32_t reg_temp[16];   /* temp held by each host register, or -1 */
    uint16_t alloc_mask;    /* registers the allocator may hand out */
    uint16_t locked;        /* registers in use by the current op */
    uint16_t scratch;       /* locked registers holding unowned copies */
    bool guest_base_zero;

    int32_t *free_slots;
    uint32_t nb_free_slots, next_slot;

    uint8_t **label_addr;
    int32_t *label_fixups;
    uint32_t labels_cap;
    JitFixup *fixups;
    uint32_t nb_fixups, fixups_cap;

    uint32_t insn_index;    /* insn_start seen so far */

    /* fault points of the block being generated (regalloc.c) */
    JitFaultPoint *fpoints;
    uint32_t nb_fpoints, fpoints_cap;
    JitFaultLoc *flocs;
    uint32_t nb_flocs, flocs_cap;

    /* flow.c */
    JitLabel *label_info;
    uint32_t flow_cap;
    JitStub *stubs;
    uint32_t nb_stubs, stubs_cap;
    uint8_t *stub_code;
    uint32_t stub_code_len, stub_code_cap;
    uint32_t stub_bytes;    /* bytes the unplaced stubs will take in the code buffer */
    bool unreachable;       /* the last op does not fall through */
} JitState;

static inline bool jit_is_const(JitState *s, IRTemp t)
{
    return s->ctx->temps[t].kind == IR_TEMP_CONST;
}

static inline uint64_t jit_const_val(JitState *s, IRTemp t)
{
    return s->ctx->temps[t].value;
}

/* regalloc.c */
void ra_begin(JitState *s);
int ra_alloc(JitState *s, uint16_t allowed);
void ra_evict(JitState *s, int reg);
int ra_load(JitState *s, IRTemp t, uint16_t allowed);
void ra_load_into(JitState *s, IRTemp t, int reg);
void ra_take(JitState *s, int reg);
void ra_set_output(JitState *s, IRTemp t, int reg);
void ra_release_dead(JitState *s, const IRInsn *insn);
void ra_free_temp(JitState *s, IRTemp t);
void ra_sync(JitState *s, bool locals);
void ra_forget_all(JitState *s);
void ra_forget_normals(JitState *s);
void ra_save_caller_saved(JitState *s, bool drop_globals);
void ra_drop_globals(JitState *s);
void ra_locals_from_slots(JitState *s);
X86Mem ra_home(JitState *s, IRTemp t);
void ra_end_op(JitState *s);
/* Around the host instruction(s) of a guest memory access that may fault. */
void ra_fault_point_begin(JitState *s);
void ra_fault_point_end(JitState *s);

/* lower.c */
bool lower_insn(JitState *s, IRInsn *insn);
bool lower_fused(JitState *s, IRInsn *insn, IRInsn *next);

/* flow.c */
void flow_begin(JitState *s);
void flow_end(JitState *s);
void flow_jump_to_label(JitState *s, uint8_t *disp, IRLabel l);
void flow_branch_cc(JitState *s, X86Cond cc, IRLabel l);
void flow_br(JitState *s, IRLabel l);
void flow_set_label(JitState *s, IRLabel l);

#endif
