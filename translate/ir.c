/*
 * ir.c: the IR op table, temps, labels, the builder and the printer, and
 * constant evaluation of single ops (shared by the optimizer and the tests).
 */
#include "common.h"
#include "ir.h"
#include "tb.h"
#include "backend.h"

const IROpDef ir_op_defs[IR_OP_COUNT] = {
#define DEF(n, o, i, c, f) [IR_OP_##n] = { .name = #n, .nb_oargs = o, .nb_iargs = i, \
                                           .nb_cargs = c, .flags = f },
#include "ir-ops.def"
#undef DEF
};

/* ---- conditions ---- */

static const char *const cond_names[] = {
    [IR_COND_NEVER] = "never", [IR_COND_ALWAYS] = "always",
    [IR_COND_EQ] = "eq", [IR_COND_NE] = "ne",
    [IR_COND_LT] = "lt", [IR_COND_GE] = "ge", [IR_COND_LE] = "le", [IR_COND_GT] = "gt",
    [IR_COND_LTU] = "ltu", [IR_COND_GEU] = "geu", [IR_COND_LEU] = "leu", [IR_COND_GTU] = "gtu",
    [IR_COND_TSTEQ] = "tsteq", [IR_COND_TSTNE] = "tstne",
};

const char *ir_cond_name(IRCond c)
{
    return (unsigned)c < ARRAY_SIZE(cond_names) ? cond_names[c] : "?";
}

IRCond ir_cond_invert(IRCond c)
{
    static const IRCond inv[] = {
        [IR_COND_NEVER] = IR_COND_ALWAYS, [IR_COND_ALWAYS] = IR_COND_NEVER,
        [IR_COND_EQ] = IR_COND_NE, [IR_COND_NE] = IR_COND_EQ,
        [IR_COND_LT] = IR_COND_GE, [IR_COND_GE] = IR_COND_LT,
        [IR_COND_LE] = IR_COND_GT, [IR_COND_GT] = IR_COND_LE,
        [IR_COND_LTU] = IR_COND_GEU, [IR_COND_GEU] = IR_COND_LTU,
        [IR_COND_LEU] = IR_COND_GTU, [IR_COND_GTU] = IR_COND_LEU,
        [IR_COND_TSTEQ] = IR_COND_TSTNE, [IR_COND_TSTNE] = IR_COND_TSTEQ,
    };
    return inv[c];
}

IRCond ir_cond_swap(IRCond c)
{
    switch (c) {
    case IR_COND_LT: return IR_COND_GT;
    case IR_COND_GT: return IR_COND_LT;
    case IR_COND_LE: return IR_COND_GE;
    case IR_COND_GE: return IR_COND_LE;
    case IR_COND_LTU: return IR_COND_GTU;
    case IR_COND_GTU: return IR_COND_LTU;
    case IR_COND_LEU: return IR_COND_GEU;
    case IR_COND_GEU: return IR_COND_LEU;
    default: return c;   /* symmetric */
    }
}

bool ir_cond_eval(IRCond c, IRType t, uint64_t a, uint64_t b)
{
    int64_t sa, sb;
    if (t == IR_I32) {
        a = (uint32_t)a;
        b = (uint32_t)b;
        sa = (int32_t)a;
        sb = (int32_t)b;
    } else {
        sa = (int64_t)a;
        sb = (int64_t)b;
    }
    switch (c) {
    case IR_COND_NEVER: return false;
    case IR_COND_ALWAYS: return true;
    case IR_COND_EQ: return a == b;
    case IR_COND_NE: return a != b;
    case IR_COND_LT: return sa < sb;
    case IR_COND_GE: return sa >= sb;
    case IR_COND_LE: return sa <= sb;
    case IR_COND_GT: return sa > sb;
    case IR_COND_LTU: return a < b;
    case IR_COND_GEU: return a >= b;
    case IR_COND_LEU: return a <= b;
    case IR_COND_GTU: return a > b;
    case IR_COND_TSTEQ: return (a & b) == 0;
    case IR_COND_TSTNE: return (a & b) != 0;
    }
    return false;
}

/* ---- constant evaluation ---- */

static uint64_t trunc_type(IRType t, uint64_t v)
{
    return t == IR_I32 ? (uint32_t)v : v;
}

bool ir_fold_binary(IROpcode opc, IRType t, uint64_t a, uint64_t b, uint64_t *out)
{
    unsigned width = t == IR_I32 ? 32 : 64;
    uint64_t r;
    a = trunc_type(t, a);
    b = trunc_type(t, b);
    int64_t sa = t == IR_I32 ? (int64_t)(int32_t)a : (int64_t)a;
    int64_t sb = t == IR_I32 ? (int64_t)(int32_t)b : (int64_t)b;

    switch (opc) {
    case IR_OP_add: r = a + b; break;
    case IR_OP_sub: r = a - b; break;
    case IR_OP_mul: r = a * b; break;
    case IR_OP_mulsh:
        if (t == IR_I32) {
            r = (uint64_t)(sa * sb) >> 32;
        } else {
            r = (uint64_t)(((__int128)sa * sb) >> 64);
        }
        break;
    case IR_OP_muluh:
        if (t == IR_I32) {
            r = (a * b) >> 32;
        } else {
            r = (uint64_t)(((unsigned __int128)a * b) >> 64);
        }
        break;
    case IR_OP_div:
    case IR_OP_rem: {
        int64_t min = t == IR_I32 ? INT32_MIN : INT64_MIN;
        if (sb == 0 || (sa == min && sb == -1)) {
            return false;   /* undefined: leave it to run time */
        }
        r = opc == IR_OP_div ? (uint64_t)(sa / sb) : (uint64_t)(sa % sb);
        break;
    }
    case IR_OP_divu:
    case IR_OP_remu:
        if (b == 0) {
            return false;
        }
        r = opc == IR_OP_divu ? a / b : a % b;
        break;
    case IR_OP_and: r = a & b; break;
    case IR_OP_or: r = a | b; break;
    case IR_OP_xor: r = a ^ b; break;
    case IR_OP_andc: r = a & ~b; break;
    case IR_OP_orc: r = a | ~b; break;
    case IR_OP_eqv: r = ~(a ^ b); break;
    case IR_OP_shl:
        if (b >= width) return false;
        r = a << b;
        break;
    case IR_OP_shr:
        if (b >= width) return false;
        r = a >> b;
        break;
    case IR_OP_sar:
        if (b >= width) return false;
        r = (uint64_t)(sa >> b);
        break;
    case IR_OP_rotl:
        if (b >= width) return false;
        r = b ? (a << b) | (a >> (width - b)) : a;
        break;
    case IR_OP_rotr:
        if (b >= width) return false;
        r = b ? (a >> b) | (a << (width - b)) : a;
        break;
    case IR_OP_clz:
        if (a == 0) {
            r = b;
        } else {
            r = t == IR_I32 ? (uint64_t)__builtin_clz((uint32_t)a) : (uint64_t)__builtin_clzll(a);
        }
        break;
    case IR_OP_ctz:
        r = a ? (uint64_t)__builtin_ctzll(a) : b;
        break;
    default:
        return false;
    }
    *out = trunc_type(t, r);
    return true;
}

bool ir_fold_unary(IROpcode opc, IRType t, uint64_t a, uint64_t *out)
{
    uint64_t r;
    switch (opc) {
    case IR_OP_mov: r = a; break;
    case IR_OP_neg: r = -a; break;
    case IR_OP_not: r = ~a; break;
    case IR_OP_ctpop: r = __builtin_popcountll(trunc_type(t, a)); break;
    case IR_OP_bswap16: r = __builtin_bswap16((uint16_t)a); break;
    case IR_OP_bswap32: r = __builtin_bswap32((uint32_t)a); break;
    case IR_OP_bswap64: r = __builtin_bswap64(a); break;
    case IR_OP_ext8s: r = (uint64_t)(int64_t)(int8_t)a; break;
    case IR_OP_ext8u: r = (uint8_t)a; break;
    case IR_OP_ext16s: r = (uint64_t)(int64_t)(int16_t)a; break;
    case IR_OP_ext16u: r = (uint16_t)a; break;
    case IR_OP_ext32s: r = (uint64_t)(int64_t)(int32_t)a; break;
    case IR_OP_ext32u: r = (uint32_t)a; break;
    case IR_OP_ext_i32_i64: *out = (uint64_t)(int64_t)(int32_t)a; return true;
    case IR_OP_extu_i32_i64: *out = (uint32_t)a; return true;
    case IR_OP_extrl_i64_i32: *out = (uint32_t)a; return true;
    default:
        return false;
    }
    *out = trunc_type(t, r);
    return true;
}

/* ---- contexts, temps, labels ---- */

void ir_context_init(IRContext *ctx)
{
    memset(ctx, 0, sizeof(*ctx));
    ctx->const_map[0] = g_hash_table_new(g_int64_hash, g_int64_equal);
    ctx->const_map[1] = g_hash_table_new(g_int64_hash, g_int64_equal);
    ctx->temps_cap = 256;
    ctx->temps = g_new0(IRTempInfo, ctx->temps_cap);
    ctx->insns_cap = 1024;
    ctx->insns = g_new0(IRInsn, ctx->insns_cap);
    ctx->labels_cap = 64;
    ctx->labels = g_new0(IRLabelInfo, ctx->labels_cap);

    /* Temp 0 is the env pointer, held in a fixed host register by back ends. */
    ctx->nb_temps = 1;
    ctx->temps[0] = (IRTempInfo){ .type = IR_I64, .kind = IR_TEMP_FIXED, .name = "env" };
    ctx->env = 0;
    ctx->nb_globals = 1;
}

void ir_context_destroy(IRContext *ctx)
{
    for (int i = 0; i < 2; i++) {
        GHashTableIter it;
        gpointer k;
        g_hash_table_iter_init(&it, ctx->const_map[i]);
        while (g_hash_table_iter_next(&it, &k, NULL)) {
            g_free(k);
        }
        g_hash_table_destroy(ctx->const_map[i]);
    }
    g_free(ctx->temps);
    g_free(ctx->insns);
    g_free(ctx->labels);
    memset(ctx, 0, sizeof(*ctx));
}

void ir_reset(IRContext *ctx)
{
    ctx->nb_temps = ctx->nb_globals;
    ctx->nb_insns = 0;
    ctx->nb_labels = 0;
    ctx->nb_insn_starts = 0;
    ctx->tb = NULL;
    for (int i = 0; i < 2; i++) {
        if (g_hash_table_size(ctx->const_map[i])) {
            GHashTableIter it;
            gpointer k;
            g_hash_table_iter_init(&it, ctx->const_map[i]);
            while (g_hash_table_iter_next(&it, &k, NULL)) {
                g_free(k);
            }
            g_hash_table_remove_all(ctx->const_map[i]);
        }
    }
}

static IRTemp temp_alloc(IRContext *ctx, IRType type, IRTempKind kind)
{
    if (ctx->nb_temps == ctx->temps_cap) {
        ctx->temps_cap *= 2;
        ctx->temps = g_renew(IRTempInfo, ctx->temps, ctx->temps_cap);
    }
    IRTemp t = ctx->nb_temps++;
    ctx->temps[t] = (IRTempInfo){ .type = type, .kind = kind };
    return t;
}

IRTemp ir_global(IRContext *ctx, IRType type, int32_t env_offset, const char *name)
{
    /* Globals must be registered before any other temp of a translation. */
    g_assert(ctx->nb_temps == ctx->nb_globals);
    IRTemp t = temp_alloc(ctx, type, IR_TEMP_GLOBAL);
    ctx->temps[t].env_offset = env_offset;
    ctx->temps[t].name = name;
    ctx->nb_globals = ctx->nb_temps;
    return t;
}

IRTemp ir_temp_new(IRContext *ctx, IRType type)
{
    return temp_alloc(ctx, type, IR_TEMP_NORMAL);
}

IRTemp ir_temp_local(IRContext *ctx, IRType type)
{
    return temp_alloc(ctx, type, IR_TEMP_LOCAL);
}

void ir_temp_free(IRContext *ctx, IRTemp t)
{
    /* Temps are cheap and per-block; freeing only marks them for the printer. */
    ctx->temps[t].free = true;
}

IRTemp ir_const(IRContext *ctx, IRType type, uint64_t value)
{
    value = trunc_type(type, value);
    int64_t key = (int64_t)value;
    gpointer found = g_hash_table_lookup(ctx->const_map[type], &key);
    if (found) {
        return (IRTemp)(GPOINTER_TO_UINT(found) - 1);
    }
    IRTemp t = temp_alloc(ctx, type, IR_TEMP_CONST);
    ctx->temps[t].value = value;
    int64_t *k = g_new(int64_t, 1);
    *k = key;
    g_hash_table_insert(ctx->const_map[type], k, GUINT_TO_POINTER(t + 1));
    return t;
}

IRLabel ir_label_new(IRContext *ctx)
{
    if (ctx->nb_labels == ctx->labels_cap) {
        ctx->labels_cap *= 2;
        ctx->labels = g_renew(IRLabelInfo, ctx->labels, ctx->labels_cap);
    }
    IRLabel l = ctx->nb_labels++;
    ctx->labels[l] = (IRLabelInfo){ 0 };
    return l;
}

/* ---- the builder ---- */

IRInsn *ir_emit(IRContext *ctx, IROpcode opc, IRType type, const uint64_t *args)
{
    const IROpDef *def = &ir_op_defs[opc];
    if (ctx->nb_insns == ctx->insns_cap) {
        ctx->insns_cap *= 2;
        ctx->insns = g_renew(IRInsn, ctx->insns, ctx->insns_cap);
    }
    IRInsn *insn = &ctx->insns[ctx->nb_insns++];
    insn->opc = opc;
    insn->type = type;
    insn->nb_oargs = def->nb_oargs;
    insn->nb_iargs = def->nb_iargs;
    insn->nb_cargs = def->nb_cargs;
    insn->life = 0;
    unsigned n = def->nb_oargs + def->nb_iargs + def->nb_cargs;
    memcpy(insn->args, args, n * sizeof(uint64_t));
    return insn;
}

#define EMIT(ctx, opc, type, ...) \
    ir_emit(ctx, opc, type, (const uint64_t[]){ __VA_ARGS__ })

void ir_set_label(IRContext *ctx, IRLabel l)
{
    ctx->labels[l].present = true;
    EMIT(ctx, IR_OP_set_label, IR_I64, l);
}

void ir_insn_start(IRContext *ctx, uint64_t pc, uint64_t arch_word)
{
    EMIT(ctx, IR_OP_insn_start, IR_I64, pc, arch_word);
    ctx->nb_insn_starts++;
}

void ir_br(IRContext *ctx, IRLabel l)
{
    ctx->labels[l].refs++;
    EMIT(ctx, IR_OP_br, IR_I64, l);
}

void ir_brcond(IRContext *ctx, IRCond c, IRTemp a, IRTemp b, IRLabel l)
{
    if (c == IR_COND_ALWAYS) {
        ir_br(ctx, l);
        return;
    }
    if (c == IR_COND_NEVER) {
        return;
    }
    ctx->labels[l].refs++;
    EMIT(ctx, IR_OP_brcond, ir_temp_type(ctx, a), a, b, c, l);
}

void ir_brcondi(IRContext *ctx, IRCond c, IRTemp a, uint64_t b, IRLabel l)
{
    ir_brcond(ctx, c, a, ir_const(ctx, ir_temp_type(ctx, a), b), l);
}

void ir_discard(IRContext *ctx, IRTemp t)
{
    EMIT(ctx, IR_OP_discard, ir_temp_type(ctx, t), t);
}

void ir_mov(IRContext *ctx, IRTemp out, IRTemp a)
{
    if (out != a) {
        EMIT(ctx, IR_OP_mov, ir_temp_type(ctx, out), out, a);
    }
}

void ir_movi(IRContext *ctx, IRTemp out, uint64_t v)
{
    ir_mov(ctx, out, ir_const(ctx, ir_temp_type(ctx, out), v));
}

void ir_setcond(IRContext *ctx, IRCond c, IRTemp out, IRTemp a, IRTemp b)
{
    EMIT(ctx, IR_OP_setcond, ir_temp_type(ctx, a), out, a, b, c);
}

void ir_setcondi(IRContext *ctx, IRCond c, IRTemp out, IRTemp a, uint64_t b)
{
    ir_setcond(ctx, c, out, a, ir_const(ctx, ir_temp_type(ctx, a), b));
}

void ir_movcond(IRContext *ctx, IRCond c, IRTemp out, IRTemp c1, IRTemp c2,
                IRTemp v1, IRTemp v2)
{
    /*
     * The comparison and the selected values share one type: the insn's type.
     * Mixed-type movcond is not allowed; front ends extend first.
     */
    g_assert(ir_temp_type(ctx, c1) == ir_temp_type(ctx, out));
    EMIT(ctx, IR_OP_movcond, ir_temp_type(ctx, out), out, c1, c2, v1, v2, c);
}

#define IR_DEFINE_BINOP(op)                                                   \
    void ir_##op(IRContext *ctx, IRTemp out, IRTemp a, IRTemp b)              \
    {                                                                         \
        EMIT(ctx, IR_OP_##op, ir_temp_type(ctx, out), out, a, b);             \
    }                                                                         \
    void ir_##op##i(IRContext *ctx, IRTemp out, IRTemp a, uint64_t b)         \
    {                                                                         \
        IRType t = ir_temp_type(ctx, out);                                    \
        EMIT(ctx, IR_OP_##op, t, out, a, ir_const(ctx, t, b));                \
    }
IR_BINOP_LIST(IR_DEFINE_BINOP)
#undef IR_DEFINE_BINOP

static IRType unop_type(IRContext *ctx, IROpcode op, IRTemp out)
{
    switch (op) {
    case IR_OP_ext_i32_i64:
    case IR_OP_extu_i32_i64:
        return IR_I64;
    case IR_OP_extrl_i64_i32:
        return IR_I32;
    default:
        return ir_temp_type(ctx, out);
    }
}

#define IR_DEFINE_UNOP(op)                                                    \
    void ir_##op(IRContext *ctx, IRTemp out, IRTemp a)                        \
    {                                                                         \
        EMIT(ctx, IR_OP_##op, unop_type(ctx, IR_OP_##op, out), out, a);       \
    }
IR_UNOP_LIST(IR_DEFINE_UNOP)
#undef IR_DEFINE_UNOP

void ir_extract(IRContext *ctx, IRTemp out, IRTemp a, unsigned pos, unsigned len)
{
    EMIT(ctx, IR_OP_extract, ir_temp_type(ctx, out), out, a, pos, len);
}

void ir_sextract(IRContext *ctx, IRTemp out, IRTemp a, unsigned pos, unsigned len)
{
    EMIT(ctx, IR_OP_sextract, ir_temp_type(ctx, out), out, a, pos, len);
}

void ir_deposit(IRContext *ctx, IRTemp out, IRTemp a, IRTemp b, unsigned pos, unsigned len)
{
    EMIT(ctx, IR_OP_deposit, ir_temp_type(ctx, out), out, a, b, pos, len);
}

void ir_ld(IRContext *ctx, IRTemp out, IRTemp base, int32_t offset, MemOp mo)
{
    EMIT(ctx, IR_OP_ld, ir_temp_type(ctx, out), out, base, (uint64_t)(int64_t)offset, mo);
}

void ir_st(IRContext *ctx, IRTemp val, IRTemp base, int32_t offset, MemOp mo)
{
    EMIT(ctx, IR_OP_st, ir_temp_type(ctx, val), val, base, (uint64_t)(int64_t)offset, mo);
}

void ir_gld(IRContext *ctx, IRTemp out, IRTemp addr, MemOp mo, int mmu_idx)
{
    EMIT(ctx, IR_OP_gld, ir_temp_type(ctx, out), out, addr, mo, mmu_idx);
}

void ir_gst(IRContext *ctx, IRTemp val, IRTemp addr, MemOp mo, int mmu_idx)
{
    EMIT(ctx, IR_OP_gst, ir_temp_type(ctx, val), val, addr, mo, mmu_idx);
}

void ir_atomic_cmpxchg(IRContext *ctx, IRTemp out, IRTemp addr, IRTemp cmp,
                       IRTemp newv, MemOp mo, int mmu_idx)
{
    EMIT(ctx, IR_OP_atomic_cmpxchg, ir_temp_type(ctx, out), out, addr, cmp, newv, mo, mmu_idx);
}

void ir_atomic_op(IRContext *ctx, IROpcode op, IRTemp out, IRTemp addr,
                  IRTemp val, MemOp mo, int mmu_idx)
{
    g_assert(op >= IR_OP_atomic_xchg && op <= IR_OP_atomic_umax);
    EMIT(ctx, op, ir_temp_type(ctx, out), out, addr, val, mo, mmu_idx);
}

void ir_mb(IRContext *ctx, unsigned kind)
{
    EMIT(ctx, IR_OP_mb, IR_I64, kind);
}

void ir_call(IRContext *ctx, IRHelper *h, IRTemp ret, unsigned nargs, const IRTemp *args)
{
    g_assert(nargs == h->nargs && nargs <= IR_MAX_CALL_IARGS);
    g_assert((ret == IR_TEMP_NONE) == (h->ret == IR_HT_VOID));
    uint64_t a[IR_MAX_ARGS];
    unsigned n = 0;
    if (ret != IR_TEMP_NONE) {
        a[n++] = ret;
    }
    for (unsigned i = 0; i < nargs; i++) {
        a[n++] = args[i];
    }
    a[n++] = (uint64_t)(uintptr_t)h;
    IRInsn *insn = ir_emit(ctx, IR_OP_call, IR_I64, a);
    /* ir_emit copied the table's counts (0, 0, 1): the real ones are per call. */
    insn->nb_oargs = ret != IR_TEMP_NONE;
    insn->nb_iargs = nargs;
    insn->nb_cargs = 1;
    memcpy(insn->args, a, n * sizeof(uint64_t));
}

void ir_goto_tb(IRContext *ctx, unsigned slot)
{
    g_assert(slot < TB_MAX_JMP_SLOTS);
    EMIT(ctx, IR_OP_goto_tb, IR_I64, slot);
}

void ir_exit_tb(IRContext *ctx, uintptr_t value)
{
    EMIT(ctx, IR_OP_exit_tb, IR_I64, value);
}

void ir_goto_ptr(IRContext *ctx, IRTemp ptr)
{
    EMIT(ctx, IR_OP_goto_ptr, IR_I64, ptr);
}

void ir_lookup_and_goto_ptr(IRContext *ctx)
{
    IRTemp p = ir_temp_new(ctx, IR_I64);
    ir_callN(ctx, &helper_info_lookup_tb_ptr, p, ctx->env);
    ir_goto_ptr(ctx, p);
}

/* ---- the printer ---- */

static const char *memop_name(uint64_t mo, char *buf, size_t n)
{
    static const char *const sz[] = { "8", "16", "32", "64" };
    snprintf(buf, n, "%s%s%s%s", (mo & MO_SIGN) ? "s" : "u", sz[mo & MO_SIZE],
             (mo & MO_BE) ? "be" : "le", (mo & MO_ALIGN) ? "+al" : "");
    return buf;
}

static void print_temp(IRContext *ctx, IRTemp t, FILE *f)
{
    if (t >= ctx->nb_temps) {
        fprintf(f, "<bad %u>", t);
        return;
    }
    IRTempInfo *ti = &ctx->temps[t];
    switch (ti->kind) {
    case IR_TEMP_GLOBAL:
    case IR_TEMP_FIXED:
        fprintf(f, "%s", ti->name ? ti->name : "?");
        break;
    case IR_TEMP_CONST:
        fprintf(f, "$0x%" PRIx64, ti->value);
        break;
    case IR_TEMP_LOCAL:
        fprintf(f, "loc%u", t);
        break;
    default:
        fprintf(f, "tmp%u", t);
        break;
    }
}

void ir_print_insn(IRContext *ctx, const IRInsn *insn, FILE *f)
{
    const IROpDef *def = &ir_op_defs[insn->opc];
    const uint64_t *a = insn->args;
    unsigned no = insn->nb_oargs, ni = insn->nb_iargs, nc = insn->nb_cargs;
    char buf[32];

    if (insn->opc == IR_OP_insn_start) {
        fprintf(f, " ---- %016" PRIx64 " %016" PRIx64 "\n", a[0], a[1]);
        return;
    }
    if (insn->opc == IR_OP_set_label) {
        fprintf(f, " L%" PRIu64 ":\n", a[0]);
        return;
    }
    if (insn->opc == IR_OP_call) {
        const IRHelper *h = (const IRHelper *)(uintptr_t)a[no + ni];
        fprintf(f, " call %s", h->name);
    } else if (def->flags & IR_OPF_TYPED) {
        fprintf(f, " %s_%s", def->name, insn->type == IR_I32 ? "i32" : "i64");
    } else {
        fprintf(f, " %s", def->name);
    }
    const char *sep = " ";
    for (unsigned i = 0; i < no + ni; i++) {
        fputs(sep, f);
        print_temp(ctx, (IRTemp)a[i], f);
        sep = ",";
    }
    if (insn->opc == IR_OP_call) {
        fputc('\n', f);
        return;
    }
    for (unsigned i = 0; i < nc; i++) {
        uint64_t c = a[no + ni + i];
        fputs(sep, f);
        sep = ",";
        switch (insn->opc) {
        case IR_OP_brcond:
        case IR_OP_setcond:
        case IR_OP_movcond:
            if (i == 0) {
                fprintf(f, "%s", ir_cond_name((IRCond)c));
            } else {
                fprintf(f, "L%" PRIu64, c);
            }
            break;
        case IR_OP_br:
            fprintf(f, "L%" PRIu64, c);
            break;
        case IR_OP_ld:
        case IR_OP_st:
            if (i == 0) {
                fprintf(f, "%" PRId64, (int64_t)c);
            } else {
                fprintf(f, "%s", memop_name(c, buf, sizeof(buf)));
            }
            break;
        case IR_OP_gld:
        case IR_OP_gst:
        case IR_OP_atomic_cmpxchg:
        case IR_OP_atomic_xchg:
        case IR_OP_atomic_add:
        case IR_OP_atomic_and:
        case IR_OP_atomic_or:
        case IR_OP_atomic_xor:
        case IR_OP_atomic_smin:
        case IR_OP_atomic_smax:
        case IR_OP_atomic_umin:
        case IR_OP_atomic_umax:
            if (i == 0) {
                fprintf(f, "%s", memop_name(c, buf, sizeof(buf)));
            } else {
                fprintf(f, "mmu%" PRIu64, c);
            }
            break;
        default:
            fprintf(f, "$0x%" PRIx64, c);
            break;
        }
    }
    fputc('\n', f);
}

void ir_print(IRContext *ctx, FILE *f)
{
    for (uint32_t i = 0; i < ctx->nb_insns; i++) {
        if (ctx->insns[i].opc == IR_OP_nop) {
            continue;
        }
        ir_print_insn(ctx, &ctx->insns[i], f);
    }
}
