/*
 * ir.h: the intermediate representation shared by every front end and back end.
 *
 * A translation block is translated into a linear list of IRInsn.  Values live
 * in temps:
 *   - globals  are bound to a field of the CPU state (env + offset); their value
 *              must be in memory at helper calls (unless the helper says it does
 *              not touch globals), at block exits, and wherever a fault can occur;
 *   - locals   live across labels within one block;
 *   - normal   temps are dead at the end of each basic block (at a label or
 *              branch); a back end may forget them there;
 *   - consts   hold a fixed value and are never written (deduplicated per
 *              context: ir_const() returns the same temp for the same value);
 *   - fixed    is the one temp holding the env pointer (IRContext.env).
 *
 * Every temp is stored in a 64-bit container.  A temp of type i32 always has its
 * upper 32 bits zero in that container (back ends and the optimizer rely on it).
 *
 * Instructions carry outputs, then inputs, then constant arguments in args[].
 * The op table in ir-ops.def says how many of each, except for call, whose
 * counts are in the insn itself.
 */
#ifndef CROSSEMU_IR_H
#define CROSSEMU_IR_H

#include "common.h"

typedef enum IRType { IR_I32 = 0, IR_I64 = 1 } IRType;

typedef enum IROpcode {
#define DEF(name, oargs, iargs, cargs, flags) IR_OP_##name,
#include "ir-ops.def"
#undef DEF
    IR_OP_COUNT
} IROpcode;

enum {
    IR_OPF_BB_END = 1 << 0,        /* ends a basic block */
    IR_OPF_TYPED = 1 << 1,         /* honours IRInsn.type */
    IR_OPF_SIDE_EFFECTS = 1 << 2,  /* never removed as dead */
    IR_OPF_CAN_FAULT = 1 << 3,     /* may raise a guest fault: globals synced */
    IR_OPF_CALL = 1 << 4,          /* helper call: variable arguments */
    IR_OPF_NOT_PRESENT = 1 << 5,   /* emits no host code by itself */
    IR_OPF_NORETURN = 1 << 6,      /* control never falls through */
};

typedef struct IROpDef {
    const char *name;
    uint8_t nb_oargs, nb_iargs, nb_cargs;
    uint16_t flags;
} IROpDef;

extern const IROpDef ir_op_defs[IR_OP_COUNT];

/* Conditions for brcond/setcond/movcond. */
typedef enum IRCond {
    IR_COND_NEVER, IR_COND_ALWAYS,
    IR_COND_EQ, IR_COND_NE,
    IR_COND_LT, IR_COND_GE, IR_COND_LE, IR_COND_GT,      /* signed */
    IR_COND_LTU, IR_COND_GEU, IR_COND_LEU, IR_COND_GTU,  /* unsigned */
    IR_COND_TSTEQ, IR_COND_TSTNE,                        /* (a & b) ==/!= 0 */
} IRCond;

IRCond ir_cond_invert(IRCond c);   /* !c */
IRCond ir_cond_swap(IRCond c);     /* c with operands swapped */
bool ir_cond_eval(IRCond c, IRType t, uint64_t a, uint64_t b);

/*
 * MemOp: size, signedness and byte order of a memory access, plus alignment.
 * The byte order is absolute (MO_LE/MO_BE); back ends swap when it differs
 * from the host's.
 */
typedef enum MemOp {
    MO_8 = 0, MO_16 = 1, MO_32 = 2, MO_64 = 3,
    MO_SIZE = 3,
    MO_SIGN = 4,
    MO_BE = 8,
    MO_LE = 0,
    MO_ALIGN = 16,     /* fault on a misaligned address (size-aligned) */
    MO_UB = MO_8, MO_SB = MO_8 | MO_SIGN,
    MO_UW = MO_16, MO_SW = MO_16 | MO_SIGN,
    MO_UL = MO_32, MO_SL = MO_32 | MO_SIGN,
    MO_UQ = MO_64,
} MemOp;

static inline unsigned memop_size(MemOp mo) { return 1u << (mo & MO_SIZE); }

/* Barrier kinds for the mb op: which earlier accesses are ordered before which later ones. */
enum {
    IR_MB_LD_LD = 1, IR_MB_ST_LD = 2, IR_MB_LD_ST = 4, IR_MB_ST_ST = 8,
    IR_MB_ALL = 15,
};

typedef enum IRTempKind {
    IR_TEMP_NORMAL, IR_TEMP_LOCAL, IR_TEMP_GLOBAL, IR_TEMP_CONST, IR_TEMP_FIXED,
} IRTempKind;

/* A temp is named by its index in IRContext.temps. */
typedef uint32_t IRTemp;
typedef uint32_t IRLabel;

typedef struct IRTempInfo {
    uint8_t type;           /* IRType */
    uint8_t kind;           /* IRTempKind */
    bool free;              /* normal/local temp returned by ir_temp_free() */
    int32_t env_offset;     /* globals: offset of the field from env */
    uint64_t value;         /* consts */
    const char *name;       /* globals and fixed: for the printer */
} IRTempInfo;

#define IR_MAX_ARGS 12
#define IR_MAX_CALL_IARGS 7

typedef struct IRInsn {
    uint16_t opc;           /* IROpcode */
    uint8_t type;           /* IRType, for IR_OPF_TYPED ops */
    uint8_t nb_oargs, nb_iargs, nb_cargs;   /* copied from the table, or per call */
    /*
     * Filled by ir_liveness(): bit k describes args[k] for k < nb_oargs + nb_iargs.
     * Input: the temp's value is not used after this insn (it dies here).
     * Output: the value written is never read (dead on arrival).
     * Globals never "die": they live in env at block end; back ends sync them.
     */
    uint32_t life;
    uint64_t args[IR_MAX_ARGS];
} IRInsn;

static inline uint64_t *ir_insn_oargs(IRInsn *i) { return i->args; }
static inline uint64_t *ir_insn_iargs(IRInsn *i) { return i->args + i->nb_oargs; }
static inline uint64_t *ir_insn_cargs(IRInsn *i) { return i->args + i->nb_oargs + i->nb_iargs; }

/*
 * Helper descriptors: one per C helper, declared once (usually with
 * IR_HELPER_DEF) and used by the JIT (direct call), the interpreter (libffi)
 * and the optimizer (flags).
 */
typedef enum IRHelperType {
    IR_HT_VOID, IR_HT_I32, IR_HT_I64, IR_HT_PTR,
} IRHelperType;

enum {
    IR_HELPER_NO_READ_GLOBALS = 1 << 0,   /* does not read guest state through env */
    IR_HELPER_NO_WRITE_GLOBALS = 1 << 1,  /* does not write guest state through env */
    IR_HELPER_NO_SIDE_EFFECTS = 1 << 2,   /* pure: removable when its result is dead */
    IR_HELPER_CAN_RAISE = 1 << 3,         /* may longjmp out (cpu_loop_exit) */
};
#define IR_HELPER_PURE (IR_HELPER_NO_READ_GLOBALS | IR_HELPER_NO_WRITE_GLOBALS | \
                        IR_HELPER_NO_SIDE_EFFECTS)

typedef struct IRHelper {
    const char *name;
    void *func;
    uint8_t ret;                          /* IRHelperType */
    uint8_t nargs;
    uint8_t args[IR_MAX_CALL_IARGS];      /* IRHelperType of each argument */
    uint16_t flags;
    void *backend_cache;                  /* the interpreter's ffi_cif, built lazily */
} IRHelper;

/*
 * IR_HELPER_DEF(rv_fadd_d, IR_HT_I64, 0, IR_HT_PTR, IR_HT_I64, IR_HT_I64)
 * defines `IRHelper helper_info_rv_fadd_d` for the function helper_rv_fadd_d.
 */
#define IR_HELPER_DEF(fname, rettype, hflags, ...)                           \
    IRHelper helper_info_##fname = {                                          \
        .name = #fname, .func = (void *)helper_##fname, .ret = (rettype),    \
        .nargs = sizeof((uint8_t[]){__VA_ARGS__}),                           \
        .args = {__VA_ARGS__}, .flags = (hflags),                             \
    }

typedef struct IRLabelInfo {
    bool present;          /* set_label emitted */
    uint32_t refs;         /* branches to it */
} IRLabelInfo;

struct TranslationBlock;

typedef struct IRContext {
    IRTempInfo *temps;
    uint32_t nb_temps, temps_cap;
    uint32_t nb_globals;   /* temps [0, nb_globals) are env and the globals: kept by ir_reset */

    IRInsn *insns;
    uint32_t nb_insns, insns_cap;

    IRLabelInfo *labels;
    uint32_t nb_labels, labels_cap;

    GHashTable *const_map[2];   /* value -> temp index + 1, per type */

    IRTemp env;                 /* the fixed temp holding the CPU state pointer */
    struct TranslationBlock *tb;    /* the block being translated */
    uint32_t nb_insn_starts;
} IRContext;

/* Life cycle. */
void ir_context_init(IRContext *ctx);
void ir_context_destroy(IRContext *ctx);
void ir_reset(IRContext *ctx);    /* drops insns, labels and non-global temps */

/* Temps. */
IRTemp ir_global(IRContext *ctx, IRType type, int32_t env_offset, const char *name);
IRTemp ir_temp_new(IRContext *ctx, IRType type);
IRTemp ir_temp_local(IRContext *ctx, IRType type);
void ir_temp_free(IRContext *ctx, IRTemp t);
IRTemp ir_const(IRContext *ctx, IRType type, uint64_t value);
static inline IRTemp ir_const_i32(IRContext *ctx, uint32_t v) { return ir_const(ctx, IR_I32, v); }
static inline IRTemp ir_const_i64(IRContext *ctx, uint64_t v) { return ir_const(ctx, IR_I64, v); }
static inline IRTempInfo *ir_temp_info(IRContext *ctx, IRTemp t) { return &ctx->temps[t]; }
static inline IRType ir_temp_type(IRContext *ctx, IRTemp t) { return (IRType)ctx->temps[t].type; }
static inline bool ir_temp_is_const(IRContext *ctx, IRTemp t)
{
    return ctx->temps[t].kind == IR_TEMP_CONST;
}

/* Labels. */
IRLabel ir_label_new(IRContext *ctx);
void ir_set_label(IRContext *ctx, IRLabel l);

/*
 * The builder.  Each emitter appends one insn; the type of typed ops is taken
 * from the first output (or first input when there is none).
 */
IRInsn *ir_emit(IRContext *ctx, IROpcode opc, IRType type, const uint64_t *args);

void ir_insn_start(IRContext *ctx, uint64_t pc, uint64_t arch_word);
void ir_br(IRContext *ctx, IRLabel l);
void ir_brcond(IRContext *ctx, IRCond c, IRTemp a, IRTemp b, IRLabel l);
void ir_brcondi(IRContext *ctx, IRCond c, IRTemp a, uint64_t b, IRLabel l);
void ir_discard(IRContext *ctx, IRTemp t);

void ir_mov(IRContext *ctx, IRTemp out, IRTemp a);
void ir_movi(IRContext *ctx, IRTemp out, uint64_t v);
void ir_setcond(IRContext *ctx, IRCond c, IRTemp out, IRTemp a, IRTemp b);
void ir_setcondi(IRContext *ctx, IRCond c, IRTemp out, IRTemp a, uint64_t b);
void ir_movcond(IRContext *ctx, IRCond c, IRTemp out, IRTemp c1, IRTemp c2,
                IRTemp v1, IRTemp v2);

/* out = a OP b */
#define IR_BINOP_LIST(X) X(add) X(sub) X(mul) X(mulsh) X(muluh) X(div) X(divu) \
    X(rem) X(remu) X(and) X(or) X(xor) X(andc) X(orc) X(eqv) \
    X(shl) X(shr) X(sar) X(rotl) X(rotr) X(clz) X(ctz)
#define IR_DECLARE_BINOP(op) \
    void ir_##op(IRContext *ctx, IRTemp out, IRTemp a, IRTemp b); \
    void ir_##op##i(IRContext *ctx, IRTemp out, IRTemp a, uint64_t b);
IR_BINOP_LIST(IR_DECLARE_BINOP)
#undef IR_DECLARE_BINOP

/* out = OP a */
#define IR_UNOP_LIST(X) X(neg) X(not) X(ctpop) X(bswap16) X(bswap32) X(bswap64) \
    X(ext8s) X(ext8u) X(ext16s) X(ext16u) X(ext32s) X(ext32u) \
    X(ext_i32_i64) X(extu_i32_i64) X(extrl_i64_i32)
#define IR_DECLARE_UNOP(op) void ir_##op(IRContext *ctx, IRTemp out, IRTemp a);
IR_UNOP_LIST(IR_DECLARE_UNOP)
#undef IR_DECLARE_UNOP

void ir_extract(IRContext *ctx, IRTemp out, IRTemp a, unsigned pos, unsigned len);
void ir_sextract(IRContext *ctx, IRTemp out, IRTemp a, unsigned pos, unsigned len);
void ir_deposit(IRContext *ctx, IRTemp out, IRTemp a, IRTemp b, unsigned pos, unsigned len);

/* Host memory at base + offset (base is usually ctx->env). */
void ir_ld(IRContext *ctx, IRTemp out, IRTemp base, int32_t offset, MemOp mo);
void ir_st(IRContext *ctx, IRTemp val, IRTemp base, int32_t offset, MemOp mo);

/* Guest memory. */
void ir_gld(IRContext *ctx, IRTemp out, IRTemp addr, MemOp mo, int mmu_idx);
void ir_gst(IRContext *ctx, IRTemp val, IRTemp addr, MemOp mo, int mmu_idx);
void ir_atomic_cmpxchg(IRContext *ctx, IRTemp out, IRTemp addr, IRTemp cmp,
                       IRTemp newv, MemOp mo, int mmu_idx);
/* op is one of IR_OP_atomic_xchg .. IR_OP_atomic_umax */
void ir_atomic_op(IRContext *ctx, IROpcode op, IRTemp out, IRTemp addr,
                  IRTemp val, MemOp mo, int mmu_idx);
void ir_mb(IRContext *ctx, unsigned kind);

/* Helper call: ret may be IR_TEMP_NONE for void helpers. */
#define IR_TEMP_NONE ((IRTemp)-1)
void ir_call(IRContext *ctx, IRHelper *h, IRTemp ret, unsigned nargs, const IRTemp *args);
#define ir_call0(ctx, h, ret) ir_call(ctx, h, ret, 0, NULL)
#define ir_callN(ctx, h, ret, ...) \
    ir_call(ctx, h, ret, sizeof((IRTemp[]){__VA_ARGS__}) / sizeof(IRTemp), (IRTemp[]){__VA_ARGS__})

/* Block exits. */
void ir_goto_tb(IRContext *ctx, unsigned slot);
void ir_exit_tb(IRContext *ctx, uintptr_t value);
void ir_goto_ptr(IRContext *ctx, IRTemp ptr);
/* Indirect jump: look the current guest pc up in the jump cache and go there. */
void ir_lookup_and_goto_ptr(IRContext *ctx);

/* Printing (-d op, -d op_opt) and checking. */
void ir_print(IRContext *ctx, FILE *f);
void ir_print_insn(IRContext *ctx, const IRInsn *insn, FILE *f);
const char *ir_cond_name(IRCond c);

/* The optimizer: folding, constant and copy propagation, dead code. */
void ir_optimize(IRContext *ctx);
/* Liveness: fills IRInsn.life, removes dead insns.  Run by ir_optimize and by back ends. */
void ir_liveness(IRContext *ctx);

/* Evaluate a typed op on constants (the optimizer and tests use it). */
bool ir_fold_binary(IROpcode opc, IRType type, uint64_t a, uint64_t b, uint64_t *out);
bool ir_fold_unary(IROpcode opc, IRType type, uint64_t a, uint64_t *out);

#endif
