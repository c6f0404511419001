/*
 * interp.c: the portable back end, an interpreter of the same IR the JIT
 * compiles.  It is the second implementation of the IR's semantics, used on
 * hosts without a JIT and, in tests, as the reference the JIT is compared to.
 *
 * gen_code() lowers an IR block into a compact bytecode in a linear arena:
 *
 *     InterpHeader | word-coded ops ...
 *
 * Each op is one word (opcode << 1 | type) followed by its operands.  A temp
 * operand is one word naming a 64-bit slot: the top two bits choose the base
 * (the per-thread frame of temps, the CPU state for globals, the block's
 * constant pool) and the rest is a byte offset from it.  Constant arguments
 * follow as two words each.  Branch targets are word offsets in the block.
 *
 * Invariants: i32 values are kept zero-extended in their slots, like the JIT's
 * registers; interp_host_pc points just past the op being executed whenever an
 * op may fault or call a helper, so faults map to guest instructions through
 * tb->insn_end exactly as the JIT's return addresses do.
 */
#include "common.h"
#include "backend.h"
#include "exec.h"
#include "log.h"
#include <ffi.h>

typedef struct InterpHeader {
    TranslationBlock *tb;
    uint64_t *consts;
    uint32_t nb_slots;         /* frame slots the block uses */
    uint32_t code_words;
} InterpHeader;

enum { BASE_FRAME = 0, BASE_ENV = 1, BASE_CONST = 2 };

/*
 * Interpreter-private opcodes, numbered after the IR's: the hottest ops with
 * their constant arguments folded into the opcode, so that executing them
 * needs no second dispatch (same operand layout as the IR op they replace).
 */
enum {
    INTERP_GLD_LE = IR_OP_COUNT,    /* + size | sign << 2: little-endian guest loads */
    INTERP_GST_LE = INTERP_GLD_LE + 8,  /* + size */
    INTERP_LD_HOST = INTERP_GST_LE + 4, /* + size | sign << 2: host-order ld */
    INTERP_ST_HOST = INTERP_LD_HOST + 8,    /* + size */
    INTERP_BRCOND = INTERP_ST_HOST + 4,     /* + IRCond */
    INTERP_OP_COUNT = INTERP_BRCOND + 16,
};

/* The opcode executed for insn: a specialised one where there is one. */
static unsigned interp_opcode(const IRInsn *insn)
{
    const uint64_t *c = insn->args + insn->nb_oargs + insn->nb_iargs;
    switch (insn->opc) {
    case IR_OP_gld:
        if (!(c[0] & (MO_BE | MO_ALIGN))) {
            return INTERP_GLD_LE + (c[0] & (MO_SIZE | MO_SIGN));
        }
        break;
    case IR_OP_gst:
        if (!(c[0] & (MO_BE | MO_ALIGN))) {
            return INTERP_GST_LE + (c[0] & MO_SIZE);
        }
        break;
    case IR_OP_ld:
        if (!(c[1] & (MO_BE | MO_ALIGN))) {
            return INTERP_LD_HOST + (c[1] & (MO_SIZE | MO_SIGN));
        }
        break;
    case IR_OP_st:
        if (!(c[1] & (MO_BE | MO_ALIGN))) {
            return INTERP_ST_HOST + (c[1] & MO_SIZE);
        }
        break;
    case IR_OP_brcond:
        return INTERP_BRCOND + (unsigned)c[0];
    default:
        break;
    }
    return insn->opc;
}
#define OPND(base, off) (((uint32_t)(base) << 30) | (uint32_t)(off))

static uint8_t *arena;
static size_t arena_size, arena_used;

/* ---- code generation ---- */

typedef struct InterpGen {
    uint32_t *code;
    uint32_t n, cap;
    uint64_t *consts;
    uint32_t nconsts, consts_cap;
    uint32_t *label_pos;       /* word offset of each label, or -1 */
    GArray *fixups;            /* (word index to patch, label) pairs */
} InterpGen;

static void gen_word(InterpGen *g, uint32_t w)
{
    if (g->n == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 1024;
        g->code = g_renew(uint32_t, g->code, g->cap);
    }
    g->code[g->n++] = w;
}

static void gen_u64(InterpGen *g, uint64_t v)
{
    gen_word(g, (uint32_t)v);
    gen_word(g, (uint32_t)(v >> 32));
}

static uint32_t temp_operand(IRContext *ctx, InterpGen *g, IRTemp t)
{
    IRTempInfo *ti = &ctx->temps[t];
    switch (ti->kind) {
    case IR_TEMP_GLOBAL:
        /* i32 globals are 4-byte fields: staged through their frame slot. */
        if (ti->type == IR_I32) {
            return OPND(BASE_FRAME, 8 * t);
        }
        return OPND(BASE_ENV, ti->env_offset);
    case IR_TEMP_CONST:
        if (g->nconsts == g->consts_cap) {
            g->consts_cap = g->consts_cap ? g->consts_cap * 2 : 64;
            g->consts = g_renew(uint64_t, g->consts, g->consts_cap);
        }
        g->consts[g->nconsts] = ti->value;
        return OPND(BASE_CONST, 8 * g->nconsts++);
    default:
        return OPND(BASE_FRAME, 8 * t);
    }
}

static bool is_i32_global(IRContext *ctx, uint64_t t)
{
    return ctx->temps[t].kind == IR_TEMP_GLOBAL && ctx->temps[t].type == IR_I32;
}

/* Move an i32 global between its 4-byte env field and its frame slot. */
static void gen_global32_move(IRContext *ctx, InterpGen *g, IROpcode opc, IRTemp t)
{
    gen_word(g, (uint32_t)opc << 1 | IR_I32);
    gen_word(g, OPND(BASE_FRAME, 8 * t));
    gen_word(g, OPND(BASE_FRAME, 0));
    gen_u64(g, (uint64_t)(int64_t)ctx->temps[t].env_offset);
    gen_u64(g, MO_32);
}

static void gen_label_ref(InterpGen *g, uint32_t label)
{
    uint32_t fix[2] = { g->n, label };
    g_array_append_vals(g->fixups, fix, 1);
    gen_word(g, 0);
}

static bool interp_gen_code(IRContext *ctx, TranslationBlock *tb)
{
    InterpGen g = { 0 };
    g.label_pos = g_new(uint32_t, ctx->nb_labels ? ctx->nb_labels : 1);
    memset(g.label_pos, 0xff, sizeof(uint32_t) * (ctx->nb_labels ? ctx->nb_labels : 1));
    g.fixups = g_array_new(false, false, sizeof(uint32_t[2]));

    uint32_t icount = ctx->nb_insn_starts;
    tb->insn_data = g_new0(uint64_t, 2 * (icount ? icount : 1));
    tb->insn_end = g_new0(uint32_t, icount ? icount : 1);
    tb->icount = icount;
    uint32_t insn_idx = 0;
    size_t hdr_bytes = ROUND_UP(sizeof(InterpHeader), 8);

    for (uint32_t i = 0; i < ctx->nb_insns; i++) {
        IRInsn *insn = &ctx->insns[i];
        const IROpDef *def = &ir_op_defs[insn->opc];
        switch (insn->opc) {
        case IR_OP_nop:
        case IR_OP_discard:
            continue;
        case IR_OP_insn_start:
            if (insn_idx > 0) {
                tb->insn_end[insn_idx - 1] = (uint32_t)(hdr_bytes + 4 * g.n);
            }
            tb->insn_data[2 * insn_idx] = insn->args[0];
            tb->insn_data[2 * insn_idx + 1] = insn->args[1];
            insn_idx++;
            continue;
        case IR_OP_set_label:
            g.label_pos[insn->args[0]] = g.n;
            continue;
        default:
            break;
        }
        unsigned nt = insn->nb_oargs + insn->nb_iargs;
        for (unsigned k = insn->nb_oargs; k < nt; k++) {
            if (is_i32_global(ctx, insn->args[k])) {
                gen_global32_move(ctx, &g, IR_OP_ld, (IRTemp)insn->args[k]);
            }
        }
        gen_word(&g, (uint32_t)interp_opcode(insn) << 1 | insn->type);
        if (insn->opc == IR_OP_call) {
            gen_word(&g, insn->nb_oargs | insn->nb_iargs << 8);
        }
        for (unsigned k = 0; k < nt; k++) {
            gen_word(&g, temp_operand(ctx, &g, (IRTemp)insn->args[k]));
        }
        for (unsigned k = 0; k < insn->nb_cargs; k++) {
            uint64_t c = insn->args[nt + k];
            bool is_label = (insn->opc == IR_OP_br) ||
                            (insn->opc == IR_OP_brcond && k == 1);
            if (is_label) {
                gen_label_ref(&g, (uint32_t)c);
            } else {
                gen_u64(&g, c);
            }
        }
        for (unsigned k = 0; k < insn->nb_oargs; k++) {
            if (is_i32_global(ctx, insn->args[k])) {
                gen_global32_move(ctx, &g, IR_OP_st, (IRTemp)insn->args[k]);
            }
        }
        (void)def;
    }
    if (insn_idx > 0) {
        tb->insn_end[insn_idx - 1] = (uint32_t)(hdr_bytes + 4 * g.n);
    }
    for (guint k = 0; k < g.fixups->len; k++) {
        uint32_t *fix = &g_array_index(g.fixups, uint32_t, 2 * k);
        g.code[fix[0]] = g.label_pos[fix[1]];
    }

    size_t consts_bytes = 8 * (size_t)g.nconsts;
    size_t total = hdr_bytes + ROUND_UP(4 * (size_t)g.n, 8) + consts_bytes;
    bool ok = arena_used + total <= arena_size;
    if (ok) {
        uint8_t *base = arena + arena_used;
        InterpHeader *h = (InterpHeader *)base;
        h->tb = tb;
        h->nb_slots = ctx->nb_temps;
        h->code_words = g.n;
        memcpy(base + hdr_bytes, g.code, 4 * (size_t)g.n);
        h->consts = (uint64_t *)(base + hdr_bytes + ROUND_UP(4 * (size_t)g.n, 8));
        memcpy(h->consts, g.consts, consts_bytes);
        tb->tc_ptr = base;
        tb->tc_size = (uint32_t)total;
        arena_used += total;
    } else {
        g_free(tb->insn_data);
        g_free(tb->insn_end);
        tb->insn_data = NULL;
        tb->insn_end = NULL;
    }
    g_free(g.code);
    g_free(g.consts);
    g_free(g.label_pos);
    g_array_free(g.fixups, true);
    return ok;
}

/* ---- execution ---- */

static __thread uint64_t *frame;
static __thread uint32_t frame_slots;

static inline uint64_t *slot_ptr(uint8_t *const *bases, uint32_t w)
{
    return (uint64_t *)(bases[w >> 30] + (w & 0x3fffffff));
}

static uint64_t sext(uint64_t v, unsigned bits)
{
    return bits >= 64 ? v : (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits));
}

static uint64_t load_host(const void *p, MemOp mo)
{
    uint64_t v;
    switch (mo & MO_SIZE) {
    case MO_8: v = *(const uint8_t *)p; break;
    case MO_16: { uint16_t x; memcpy(&x, p, 2); v = (mo & MO_BE) ? __builtin_bswap16(x) : x; break; }
    case MO_32: { uint32_t x; memcpy(&x, p, 4); v = (mo & MO_BE) ? __builtin_bswap32(x) : x; break; }
    default: { uint64_t x; memcpy(&x, p, 8); v = (mo & MO_BE) ? __builtin_bswap64(x) : x; break; }
    }
    if (mo & MO_SIGN) {
        v = sext(v, 8u << (mo & MO_SIZE));
    }
    return v;
}

static void store_host(void *p, uint64_t v, MemOp mo)
{
    switch (mo & MO_SIZE) {
    case MO_8: *(uint8_t *)p = (uint8_t)v; break;
    case MO_16: { uint16_t x = (uint16_t)v; if (mo & MO_BE) x = __builtin_bswap16(x); memcpy(p, &x, 2); break; }
    case MO_32: { uint32_t x = (uint32_t)v; if (mo & MO_BE) x = __builtin_bswap32(x); memcpy(p, &x, 4); break; }
    default: { uint64_t x = v; if (mo & MO_BE) x = __builtin_bswap64(x); memcpy(p, &x, 8); break; }
    }
}

static ffi_type *ffi_type_of(uint8_t t)
{
    switch (t) {
    case IR_HT_VOID: return &ffi_type_void;
    case IR_HT_I32: return &ffi_type_uint32;
    case IR_HT_I64: return &ffi_type_uint64;
    default: return &ffi_type_pointer;
    }
}

typedef struct InterpCif {
    ffi_cif cif;
    ffi_type *args[IR_MAX_CALL_IARGS];
} InterpCif;

static G_LOCK_DEFINE(cif_lock);

static InterpCif *helper_cif(IRHelper *h)
{
    InterpCif *c = __atomic_load_n((InterpCif **)&h->backend_cache, __ATOMIC_ACQUIRE);
    if (likely(c)) {
        return c;
    }
    G_LOCK(cif_lock);
    c = h->backend_cache;
    if (!c) {
        c = g_new0(InterpCif, 1);
        for (unsigned i = 0; i < h->nargs; i++) {
            c->args[i] = ffi_type_of(h->args[i]);
        }
        if (ffi_prep_cif(&c->cif, FFI_DEFAULT_ABI, h->nargs, ffi_type_of(h->ret), c->args) != FFI_OK) {
            error_report("libffi cannot describe helper %s", h->name);
            abort();
        }
        __atomic_store_n((InterpCif **)&h->backend_cache, c, __ATOMIC_RELEASE);
    }
    G_UNLOCK(cif_lock);
    return c;
}

static uint64_t do_call(IRHelper *h, const uint64_t *argv)
{
    InterpCif *c = helper_cif(h);
    uint32_t a32[IR_MAX_CALL_IARGS];
    uint64_t a64[IR_MAX_CALL_IARGS];
    void *ptrs[IR_MAX_CALL_IARGS];
    void *avalues[IR_MAX_CALL_IARGS];
    for (unsigned i = 0; i < h->nargs; i++) {
        switch (h->args[i]) {
        case IR_HT_I32: a32[i] = (uint32_t)argv[i]; avalues[i] = &a32[i]; break;
        case IR_HT_I64: a64[i] = argv[i]; avalues[i] = &a64[i]; break;
        default: ptrs[i] = (void *)(uintptr_t)argv[i]; avalues[i] = &ptrs[i]; break;
        }
    }
    /* libffi widens small integer returns to ffi_arg. */
    ffi_arg ret = 0;
    uint64_t ret64 = 0;
    void *rvalue = h->ret == IR_HT_I64 ? (void *)&ret64 : (void *)&ret;
    ffi_call(&c->cif, FFI_FN(h->func), rvalue, avalues);
    switch (h->ret) {
    case IR_HT_I32: return (uint32_t)ret;
    case IR_HT_I64: return ret64;
    case IR_HT_PTR: return (uint64_t)ret;
    default: return 0;
    }
}

/* ir_cond_eval, inlined: operands are zero-extended i32 or i64 values. */
static inline __attribute__((always_inline)) bool cond_eval_inline(IRCond c, unsigned type,
                                                                   uint64_t x, uint64_t y)
{
    int64_t sx = type == IR_I32 ? (int32_t)x : (int64_t)x;
    int64_t sy = type == IR_I32 ? (int32_t)y : (int64_t)y;
    switch (c) {
    case IR_COND_NEVER: return false;
    case IR_COND_ALWAYS: return true;
    case IR_COND_EQ: return x == y;
    case IR_COND_NE: return x != y;
    case IR_COND_LT: return sx < sy;
    case IR_COND_GE: return sx >= sy;
    case IR_COND_LE: return sx <= sy;
    case IR_COND_GT: return sx > sy;
    case IR_COND_LTU: return x < y;
    case IR_COND_GEU: return x >= y;
    case IR_COND_LEU: return x <= y;
    case IR_COND_GTU: return x > y;
    case IR_COND_TSTEQ: return (x & y) == 0;
    case IR_COND_TSTNE: return (x & y) != 0;
    }
    return false;
}

static inline uint64_t mask_type(unsigned type, uint64_t v)
{
    return type == IR_I32 ? (uint32_t)v : v;
}

static uintptr_t interp_exec(CPUCommon *cpu, TranslationBlock *tb)
{
    const InterpHeader *h = tb->tc_ptr;
    uint8_t *bases[4];
    bases[BASE_ENV] = (uint8_t *)cpu;
    bases[3] = NULL;

next_tb:
    if (unlikely(h->nb_slots > frame_slots)) {
        frame_slots = MAX(h->nb_slots, 256u);
        g_free(frame);
        frame = g_new0(uint64_t, frame_slots);
    }
    bases[BASE_FRAME] = (uint8_t *)frame;
    bases[BASE_CONST] = (uint8_t *)h->consts;
    frame[0] = (uintptr_t)cpu;     /* temp 0 is env */
    const uint32_t *code = (const uint32_t *)((const uint8_t *)h + ROUND_UP(sizeof(InterpHeader), 8));
    const uint32_t *pc = code;

#define O(k) (*slot_ptr(bases, pc[1 + (k)]))
#define C64(pos) ((uint64_t)pc[pos] | (uint64_t)pc[(pos) + 1] << 32)
#define PUBLISH_PC(words) (interp_host_pc = (uintptr_t)(pc + (words)))

    for (;;) {
        uint32_t w = pc[0];
        unsigned type = w & 1;
        unsigned opc = w >> 1;
        uint64_t a, b, r;

        switch (opc) {
        case IR_OP_br:
            pc = code + pc[1];
            continue;
        case IR_OP_brcond: {
            IRCond c = (IRCond)C64(3);
            if (ir_cond_eval(c, (IRType)type, O(0), O(1))) {
                pc = code + pc[5];
            } else {
                pc += 6;
            }
            continue;
        }
        case IR_OP_mov:
            O(0) = O(1);
            pc += 3;
            continue;
        case IR_OP_setcond:
            O(0) = cond_eval_inline((IRCond)C64(4), type, O(1), O(2));
            pc += 6;
            continue;
        case IR_OP_movcond:
            O(0) = cond_eval_inline((IRCond)C64(6), type, O(1), O(2)) ? O(3) : O(4);
            pc += 8;
            continue;

#define BIN(name, expr)                                        \
        case IR_OP_##name:                                     \
            a = O(1); b = O(2);                                \
            r = (expr);                                        \
            O(0) = mask_type(type, r);                         \
            pc += 4;                                           \
            continue;
        BIN(add, a + b)
        BIN(sub, a - b)
        BIN(mul, a * b)
        BIN(and, a & b)
        BIN(or, a | b)
        BIN(xor, a ^ b)
        BIN(andc, a & ~b)
        BIN(orc, a | ~b)
        BIN(eqv, ~(a ^ b))
        /* Counts are below the width (the IR's rule); i32 inputs are zero-extended. */
        BIN(shl, a << (b & 63))
        BIN(shr, a >> (b & 63))
        BIN(sar, type == IR_I32 ? (uint64_t)((int32_t)a >> (b & 31)) : (uint64_t)((int64_t)a >> (b & 63)))
#undef BIN
        case IR_OP_mulsh: case IR_OP_muluh: case IR_OP_div: case IR_OP_divu:
        case IR_OP_rem: case IR_OP_remu: case IR_OP_rotl: case IR_OP_rotr:
        case IR_OP_clz: case IR_OP_ctz:
            /* The IR leaves division by zero and overflow undefined: give 0. */
            if (!ir_fold_binary((IROpcode)opc, (IRType)type, O(1), O(2), &r)) {
                r = 0;
            }
            O(0) = r;
            pc += 4;
            continue;

#define UN(name, expr)                                         \
        case IR_OP_##name:                                     \
            a = O(1);                                          \
            O(0) = mask_type(type, (expr));                    \
            pc += 3;                                           \
            continue;
        UN(neg, -a)
        UN(not, ~a)
        UN(ext8s, (uint64_t)(int64_t)(int8_t)a)
        UN(ext8u, (uint8_t)a)
        UN(ext16s, (uint64_t)(int64_t)(int16_t)a)
        UN(ext16u, (uint16_t)a)
        UN(ext32s, (uint64_t)(int64_t)(int32_t)a)
        UN(ext32u, (uint32_t)a)
#undef UN
        case IR_OP_ext_i32_i64:
            O(0) = (uint64_t)(int64_t)(int32_t)O(1);
            pc += 3;
            continue;
        case IR_OP_extu_i32_i64:
        case IR_OP_extrl_i64_i32:
            O(0) = (uint32_t)O(1);
            pc += 3;
            continue;
        case IR_OP_ctpop: case IR_OP_bswap16: case IR_OP_bswap32: case IR_OP_bswap64:
            ir_fold_unary((IROpcode)opc, (IRType)type, O(1), &r);
            O(0) = r;
            pc += 3;
            continue;

        case IR_OP_extract: {
            unsigned pos = (unsigned)C64(3), len = (unsigned)C64(5);
            a = O(1) >> pos;
            O(0) = len >= 64 ? a : a & ((1ull << len) - 1);
            pc += 7;
            continue;
        }
        case IR_OP_sextract: {
            unsigned pos = (unsigned)C64(3), len = (unsigned)C64(5);
            O(0) = mask_type(type, sext(O(1) >> pos, len));
            pc += 7;
            continue;
        }
        case IR_OP_deposit: {
            unsigned pos = (unsigned)C64(4), len = (unsigned)C64(6);
            uint64_t m = (len >= 64 ? ~0ull : (1ull << len) - 1) << pos;
            O(0) = mask_type(type, (O(1) & ~m) | ((O(2) << pos) & m));
            pc += 8;
            continue;
        }

        case IR_OP_ld: {
            uint8_t *p = (uint8_t *)(uintptr_t)O(1) + (int64_t)C64(3);
            O(0) = mask_type(type, load_host(p, (MemOp)C64(5)));
            pc += 7;
            continue;
        }
        case IR_OP_st: {
            uint8_t *p = (uint8_t *)(uintptr_t)O(1) + (int64_t)C64(3);
            store_host(p, O(0), (MemOp)C64(5));
            pc += 7;
            continue;
        }
/* The C type of each specialised access: (size, signed, type). */
#define LOAD_TYPES(X) X(MO_8, 0, uint8_t) X(MO_16, 0, uint16_t) X(MO_32, 0, uint32_t) \
    X(MO_64, 0, uint64_t) X(MO_8, 1, int8_t) X(MO_16, 1, int16_t) X(MO_32, 1, int32_t) \
    X(MO_64, 1, int64_t)
#define STORE_TYPES(X) X(MO_8, uint8_t) X(MO_16, uint16_t) X(MO_32, uint32_t) X(MO_64, uint64_t)
#define GLD_LE(sz, sign, ctype)                                                  \
        case INTERP_GLD_LE + (sz) + (sign) * 4: {                                \
            PUBLISH_PC(7);                                                       \
            ctype v;                                                             \
            memcpy(&v, (void *)(guest_base + (uintptr_t)O(1)), sizeof(v));       \
            O(0) = mask_type(type, (uint64_t)(int64_t)v);                        \
            pc += 7;                                                             \
            continue;                                                            \
        }
        LOAD_TYPES(GLD_LE)
#undef GLD_LE
#define GST_LE(sz, ctype)                                                        \
        case INTERP_GST_LE + (sz): {                                             \
            PUBLISH_PC(7);                                                       \
            ctype v = (ctype)O(0);                                               \
            memcpy((void *)(guest_base + (uintptr_t)O(1)), &v, sizeof(v));       \
            pc += 7;                                                             \
            continue;                                                            \
        }
        STORE_TYPES(GST_LE)
#undef GST_LE
#define LD_HOST(sz, sign, ctype)                                                 \
        case INTERP_LD_HOST + (sz) + (sign) * 4: {                               \
            ctype v;                                                             \
            memcpy(&v, (uint8_t *)(uintptr_t)O(1) + (int64_t)C64(3), sizeof(v)); \
            O(0) = mask_type(type, (uint64_t)(int64_t)v);                        \
            pc += 7;                                                             \
            continue;                                                            \
        }
        LOAD_TYPES(LD_HOST)
#undef LD_HOST
#define ST_HOST(sz, ctype)                                                       \
        case INTERP_ST_HOST + (sz): {                                            \
            ctype v = (ctype)O(0);                                               \
            memcpy((uint8_t *)(uintptr_t)O(1) + (int64_t)C64(3), &v, sizeof(v)); \
            pc += 7;                                                             \
            continue;                                                            \
        }
        STORE_TYPES(ST_HOST)
#undef ST_HOST
#define BRCOND(cond, expr)                                                       \
        case INTERP_BRCOND + (cond): {                                           \
            uint64_t x = O(0), y = O(1);                                         \
            int64_t sx = type == IR_I32 ? (int32_t)x : (int64_t)x;               \
            int64_t sy = type == IR_I32 ? (int32_t)y : (int64_t)y;               \
            (void)sx; (void)sy;                                                  \
            pc = (expr) ? code + pc[5] : pc + 6;                                 \
            continue;                                                            \
        }
        BRCOND(IR_COND_NEVER, false)
        BRCOND(IR_COND_ALWAYS, true)
        BRCOND(IR_COND_EQ, x == y)
        BRCOND(IR_COND_NE, x != y)
        BRCOND(IR_COND_LT, sx < sy)
        BRCOND(IR_COND_GE, sx >= sy)
        BRCOND(IR_COND_LE, sx <= sy)
        BRCOND(IR_COND_GT, sx > sy)
        BRCOND(IR_COND_LTU, x < y)
        BRCOND(IR_COND_GEU, x >= y)
        BRCOND(IR_COND_LEU, x <= y)
        BRCOND(IR_COND_GTU, x > y)
        BRCOND(IR_COND_TSTEQ, (x & y) == 0)
        BRCOND(IR_COND_TSTNE, (x & y) != 0)
#undef BRCOND

        case IR_OP_gld: {
            PUBLISH_PC(7);
            void *p = (void *)(guest_base + (uintptr_t)O(1));
            O(0) = mask_type(type, load_host(p, (MemOp)C64(3)));
            pc += 7;
            continue;
        }
        case IR_OP_gst: {
            PUBLISH_PC(7);
            void *p = (void *)(guest_base + (uintptr_t)O(1));
            store_host(p, O(0), (MemOp)C64(3));
            pc += 7;
            continue;
        }
        case IR_OP_atomic_cmpxchg: {
            PUBLISH_PC(9);
            MemOp mo = (MemOp)C64(5);
            void *p = (void *)(guest_base + (uintptr_t)O(1));
            unsigned size = mo & MO_SIZE;
            uint64_t cmpv = O(2), newv = O(3), old;
            if (mo & MO_BE) {
                unsigned bits = 8u << size;
                cmpv = bits == 8 ? cmpv : (bits == 16 ? __builtin_bswap16((uint16_t)cmpv)
                       : bits == 32 ? __builtin_bswap32((uint32_t)cmpv) : __builtin_bswap64(cmpv));
                newv = bits == 8 ? newv : (bits == 16 ? __builtin_bswap16((uint16_t)newv)
                       : bits == 32 ? __builtin_bswap32((uint32_t)newv) : __builtin_bswap64(newv));
            }
            switch (size) {
            case MO_8: { uint8_t e = (uint8_t)cmpv; __atomic_compare_exchange_n((uint8_t *)p, &e, (uint8_t)newv, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); old = e; break; }
            case MO_16: { uint16_t e = (uint16_t)cmpv; __atomic_compare_exchange_n((uint16_t *)p, &e, (uint16_t)newv, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); old = e; break; }
            case MO_32: { uint32_t e = (uint32_t)cmpv; __atomic_compare_exchange_n((uint32_t *)p, &e, (uint32_t)newv, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); old = e; break; }
            default: { uint64_t e = cmpv; __atomic_compare_exchange_n((uint64_t *)p, &e, newv, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); old = e; break; }
            }
            /* old is in memory byte order: reuse the load path to convert it. */
            O(0) = mask_type(type, load_host(&old, mo));
            pc += 9;
            continue;
        }
        case IR_OP_atomic_xchg: case IR_OP_atomic_add: case IR_OP_atomic_and:
        case IR_OP_atomic_or: case IR_OP_atomic_xor: case IR_OP_atomic_smin:
        case IR_OP_atomic_smax: case IR_OP_atomic_umin: case IR_OP_atomic_umax: {
            PUBLISH_PC(8);
            MemOp mo = (MemOp)C64(4);
            void *p = (void *)(guest_base + (uintptr_t)O(1));
            O(0) = mask_type(type, helper_atomic_op(p, O(2), opc | (uint32_t)mo << 16));
            pc += 8;
            continue;
        }
        case IR_OP_mb:
            __atomic_thread_fence(__ATOMIC_SEQ_CST);
            pc += 3;
            continue;

        case IR_OP_call: {
            unsigned no = pc[1] & 0xff, ni = pc[1] >> 8;
            const uint32_t *ops = pc + 2;
            IRHelper *hp = (IRHelper *)(uintptr_t)((uint64_t)ops[no + ni] |
                                                   (uint64_t)ops[no + ni + 1] << 32);
            uint64_t argv[IR_MAX_CALL_IARGS];
            for (unsigned k = 0; k < ni; k++) {
                argv[k] = *slot_ptr(bases, ops[no + k]);
            }
            unsigned words = 2 + no + ni + 2;
            PUBLISH_PC(words);
            if (hp == &helper_info_lookup_tb_ptr) {
                /* The core's own helper, on every indirect jump: no need for libffi. */
                r = (uintptr_t)helper_lookup_tb_ptr((CPUCommon *)(uintptr_t)argv[0]);
            } else {
                r = do_call(hp, argv);
            }
            interp_host_pc = 0;
            if (no) {
                *slot_ptr(bases, ops[0]) = hp->ret == IR_HT_I32 ? (uint32_t)r : r;
            }
            pc += words;
            continue;
        }

        case IR_OP_goto_tb: {
            unsigned slot = (unsigned)C64(1);
            TranslationBlock *dest = __atomic_load_n(&h->tb->jmp_dest[slot], __ATOMIC_ACQUIRE);
            if (dest) {
                h = dest->tc_ptr;
                goto next_tb;
            }
            pc += 3;
            continue;
        }
        case IR_OP_exit_tb:
            interp_host_pc = 0;
            return (uintptr_t)C64(1);
        case IR_OP_goto_ptr: {
            void *p = (void *)(uintptr_t)O(0);
            if (!p) {
                interp_host_pc = 0;
                return 0;
            }
            h = p;
            goto next_tb;
        }
        default:
            /* gen_code emits no other opcode. */
            __builtin_unreachable();
        }
    }
#undef O
#undef C64
#undef PUBLISH_PC
}

static bool interp_init(size_t code_size, GError **errp)
{
    arena = g_try_malloc(code_size);
    if (!arena) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "cannot allocate %zu bytes of bytecode buffer", code_size);
        return false;
    }
    arena_size = code_size;
    arena_used = 0;
    return true;
}

static void interp_patch_jump(TranslationBlock *tb, unsigned slot, TranslationBlock *dest)
{
    /* goto_tb reads jmp_dest itself; the core updates it around this call. */
    (void)tb; (void)slot; (void)dest;
}

static void interp_reset(void)
{
    arena_used = 0;
}

static bool interp_owns_host_pc(uintptr_t pc)
{
    return pc >= (uintptr_t)arena && pc < (uintptr_t)arena + arena_size;
}

const Backend backend_interp = {
    .name = "interp",
    .init = interp_init,
    .gen_code = interp_gen_code,
    .exec = interp_exec,
    .patch_jump = interp_patch_jump,
    .reset = interp_reset,
    .owns_host_pc = interp_owns_host_pc,
    .dump_code = NULL,
    .exit_entry = NULL,
};
