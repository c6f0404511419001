/*
 * test-ir.c: unit tests of the IR core (translate/ir.c): the builder, the
 * printer, conditions and the constant evaluation of single ops.
 *
 * The folding tests compare ir_fold_* with reference computations written
 * here independently (bit loops instead of builtins where it matters), on
 * random operands from a fixed seed plus the usual edge values.
 */
#include "common.h"
#include "ir.h"

#include <check.h>

static uint64_t helper_test_add3(uint64_t a, uint64_t b, uint32_t c)
{
    return a + b + c;
}
static void helper_test_void(void *env)
{
}
static IR_HELPER_DEF(test_add3, IR_HT_I64, IR_HELPER_PURE, IR_HT_I64, IR_HT_I64, IR_HT_I32);
static IR_HELPER_DEF(test_void, IR_HT_VOID, 0, IR_HT_PTR);

/* ---- a small deterministic generator (xorshift64*) ---- */

static uint64_t rng_state;

static uint64_t rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1Dull;
}

static const uint64_t edge_values[] = {
    0, 1, 2, 3, 7, 31, 32, 33, 63, 64, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff,
    0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull, 0x7fffffffffffffffull,
    0x8000000000000000ull, 0xffffffffffffffffull, 0xfffffffffffffffeull,
    0x123456789abcdef0ull, 0xffffffff80000000ull,
};

/* Operand number i of a test run: edge values first, then random ones. */
static uint64_t operand(unsigned i)
{
    if (i < ARRAY_SIZE(edge_values)) {
        return edge_values[i];
    }
    uint64_t r = rng();
    switch (r & 3) {
    case 0: return r >> (r & 63);          /* small values too */
    case 1: return edge_values[(r >> 8) % ARRAY_SIZE(edge_values)] + ((r >> 40) & 3) - 1;
    default: return rng();
    }
}

/* ---- builder ---- */

START_TEST(test_temps)
{
    IRContext ctx;
    ir_context_init(&ctx);
    ck_assert_uint_eq(ctx.env, 0);
    ck_assert_uint_eq(ctx.temps[ctx.env].kind, IR_TEMP_FIXED);

    IRTemp g = ir_global(&ctx, IR_I64, 16, "pc");
    IRTemp g32 = ir_global(&ctx, IR_I32, 24, "w");
    ck_assert_uint_eq(ctx.temps[g].kind, IR_TEMP_GLOBAL);
    ck_assert_int_eq(ctx.temps[g].env_offset, 16);
    ck_assert_str_eq(ctx.temps[g].name, "pc");
    ck_assert_uint_eq(ir_temp_type(&ctx, g32), IR_I32);
    ck_assert_uint_eq(ctx.nb_globals, 3);

    IRTemp t = ir_temp_new(&ctx, IR_I32);
    IRTemp l = ir_temp_local(&ctx, IR_I64);
    ck_assert_uint_eq(ctx.temps[t].kind, IR_TEMP_NORMAL);
    ck_assert_uint_eq(ir_temp_type(&ctx, t), IR_I32);
    ck_assert_uint_eq(ctx.temps[l].kind, IR_TEMP_LOCAL);
    ck_assert_uint_ne(t, l);

    /* Constants are deduplicated per type and truncated to the type. */
    IRTemp c1 = ir_const_i64(&ctx, 42);
    IRTemp c2 = ir_const_i64(&ctx, 42);
    IRTemp c3 = ir_const_i32(&ctx, 42);
    IRTemp c4 = ir_const(&ctx, IR_I32, 0x100000000ull + 42);
    ck_assert_uint_eq(c1, c2);
    ck_assert_uint_ne(c1, c3);
    ck_assert_uint_eq(c3, c4);
    ck_assert(ir_temp_is_const(&ctx, c1));
    ck_assert_uint_eq(ctx.temps[c3].value, 42);
    ck_assert(!ir_temp_is_const(&ctx, t));

    /* Many temps: the arrays grow and indices stay stable. */
    IRTemp last = 0;
    for (int i = 0; i < 1000; i++) {
        last = ir_const_i64(&ctx, 1000 + i);
    }
    ck_assert_uint_eq(ctx.temps[last].value, 1999);
    ck_assert_uint_eq(ir_const_i64(&ctx, 1500), last - 499);

    /* Reset keeps env and the globals only; the const map starts afresh. */
    ir_reset(&ctx);
    ck_assert_uint_eq(ctx.nb_temps, 3);
    ck_assert_uint_eq(ctx.nb_insns, 0);
    IRTemp c5 = ir_const_i64(&ctx, 42);
    ck_assert_uint_eq(c5, 3);
    ck_assert_uint_eq(ctx.temps[c5].value, 42);
    ck_assert_str_eq(ctx.temps[g].name, "pc");
    ir_context_destroy(&ctx);
}
END_TEST

START_TEST(test_labels_and_branches)
{
    IRContext ctx;
    ir_context_init(&ctx);
    IRTemp g = ir_global(&ctx, IR_I64, 8, "x1");
    IRLabel l0 = ir_label_new(&ctx);
    IRLabel l1 = ir_label_new(&ctx);
    ck_assert_uint_eq(l0, 0);
    ck_assert_uint_eq(l1, 1);

    ir_br(&ctx, l0);
    ir_brcondi(&ctx, IR_COND_LT, g, 5, l0);
    ir_brcondi(&ctx, IR_COND_ALWAYS, g, 5, l1);   /* becomes br */
    ir_brcondi(&ctx, IR_COND_NEVER, g, 5, l1);    /* emits nothing */
    ir_set_label(&ctx, l0);
    ir_set_label(&ctx, l1);

    ck_assert_uint_eq(ctx.labels[l0].refs, 2);
    ck_assert_uint_eq(ctx.labels[l1].refs, 1);
    ck_assert(ctx.labels[l0].present);
    ck_assert_uint_eq(ctx.nb_insns, 5);

    IRInsn *bc = &ctx.insns[1];
    ck_assert_uint_eq(bc->opc, IR_OP_brcond);
    ck_assert_uint_eq(bc->type, IR_I64);
    ck_assert_uint_eq(bc->nb_iargs, 2);
    ck_assert_uint_eq(bc->nb_cargs, 2);
    ck_assert_uint_eq(bc->args[0], g);
    ck_assert(ir_temp_is_const(&ctx, bc->args[1]));
    ck_assert_uint_eq(ctx.temps[bc->args[1]].value, 5);
    ck_assert_uint_eq(ir_insn_cargs(bc)[0], IR_COND_LT);
    ck_assert_uint_eq(ir_insn_cargs(bc)[1], l0);
    ck_assert_uint_eq(ctx.insns[2].opc, IR_OP_br);
    ck_assert_uint_eq(ctx.insns[2].args[0], l1);
    ck_assert_uint_eq(ctx.insns[3].opc, IR_OP_set_label);
    ir_context_destroy(&ctx);
}
END_TEST

START_TEST(test_insn_layout)
{
    IRContext ctx;
    ir_context_init(&ctx);
    IRTemp g = ir_global(&ctx, IR_I64, 8, "x1");
    IRTemp a = ir_temp_new(&ctx, IR_I64);
    IRTemp w = ir_temp_new(&ctx, IR_I32);

    ir_addi(&ctx, a, g, 7);
    IRInsn *i0 = &ctx.insns[0];
    ck_assert_uint_eq(i0->opc, IR_OP_add);
    ck_assert_uint_eq(i0->type, IR_I64);
    ck_assert_uint_eq(i0->nb_oargs, 1);
    ck_assert_uint_eq(i0->nb_iargs, 2);
    ck_assert_uint_eq(i0->nb_cargs, 0);
    ck_assert_uint_eq(i0->args[0], a);
    ck_assert_uint_eq(i0->args[1], g);
    ck_assert_uint_eq(i0->args[2], ir_const_i64(&ctx, 7));

    /* Conversions take their type from the direction, not from the input. */
    ir_extrl_i64_i32(&ctx, w, a);
    ck_assert_uint_eq(ctx.insns[1].type, IR_I32);
    ir_extu_i32_i64(&ctx, a, w);
    ck_assert_uint_eq(ctx.insns[2].type, IR_I64);

    /* Calls: [ret, args..., helper] with per-insn counts. */
    ir_callN(&ctx, &helper_info_test_add3, a, g, a, w);
    IRInsn *c = &ctx.insns[3];
    ck_assert_uint_eq(c->opc, IR_OP_call);
    ck_assert_uint_eq(c->nb_oargs, 1);
    ck_assert_uint_eq(c->nb_iargs, 3);
    ck_assert_uint_eq(c->nb_cargs, 1);
    ck_assert_uint_eq(c->args[0], a);
    ck_assert_uint_eq(c->args[1], g);
    ck_assert_uint_eq(c->args[2], a);
    ck_assert_uint_eq(c->args[3], w);
    ck_assert_ptr_eq((void *)(uintptr_t)ir_insn_cargs(c)[0], &helper_info_test_add3);
    ck_assert_uint_eq(helper_info_test_add3.nargs, 3);

    ir_callN(&ctx, &helper_info_test_void, IR_TEMP_NONE, ctx.env);
    IRInsn *v = &ctx.insns[4];
    ck_assert_uint_eq(v->nb_oargs, 0);
    ck_assert_uint_eq(v->nb_iargs, 1);
    ck_assert_uint_eq(v->args[0], ctx.env);
    ck_assert_ptr_eq((void *)(uintptr_t)v->args[1], &helper_info_test_void);

    /* Memory ops: offset and MemOp in the constant arguments. */
    ir_ld(&ctx, w, ctx.env, -8, MO_SL);
    IRInsn *ld = &ctx.insns[5];
    ck_assert_uint_eq(ld->type, IR_I32);
    ck_assert_int_eq((int64_t)ir_insn_cargs(ld)[0], -8);
    ck_assert_uint_eq(ir_insn_cargs(ld)[1], MO_SL);
    ir_gst(&ctx, w, a, MO_UL | MO_BE, 1);
    IRInsn *st = &ctx.insns[6];
    ck_assert_uint_eq(st->nb_oargs, 0);
    ck_assert_uint_eq(st->args[0], w);
    ck_assert_uint_eq(st->args[1], a);
    ck_assert_uint_eq(st->args[2], MO_UL | MO_BE);
    ck_assert_uint_eq(st->args[3], 1);

    /* mov to itself emits nothing; insn_start counts. */
    ir_mov(&ctx, a, a);
    ck_assert_uint_eq(ctx.nb_insns, 7);
    ir_insn_start(&ctx, 0x1000, 0);
    ck_assert_uint_eq(ctx.nb_insn_starts, 1);

    /* The op table agrees with the builder. */
    ck_assert_str_eq(ir_op_defs[IR_OP_movcond].name, "movcond");
    ck_assert_uint_eq(ir_op_defs[IR_OP_movcond].nb_iargs, 4);
    ck_assert_uint_eq(ir_op_defs[IR_OP_deposit].nb_cargs, 2);
    ck_assert(ir_op_defs[IR_OP_gld].flags & IR_OPF_CAN_FAULT);
    ck_assert(ir_op_defs[IR_OP_exit_tb].flags & IR_OPF_BB_END);
    ir_context_destroy(&ctx);
}
END_TEST

/* ---- printer ---- */

static char *print_to_string(IRContext *ctx)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    ir_print(ctx, f);
    fclose(f);
    return buf;
}

START_TEST(test_printer)
{
    IRContext ctx;
    ir_context_init(&ctx);
    IRTemp x1 = ir_global(&ctx, IR_I64, 8, "x1");
    IRTemp pc = ir_global(&ctx, IR_I64, 0, "pc");
    IRTemp t = ir_temp_new(&ctx, IR_I64);      /* 3 */
    IRTemp w = ir_temp_new(&ctx, IR_I32);      /* 4 */
    IRTemp loc = ir_temp_local(&ctx, IR_I64);  /* 5 */
    IRLabel l = ir_label_new(&ctx);

    ir_insn_start(&ctx, 0x10078, 0);
    ir_addi(&ctx, t, x1, 0x10);                /* const is temp 6 */
    ir_gld(&ctx, w, t, MO_SL | MO_ALIGN, 0);
    ir_ext_i32_i64(&ctx, loc, w);
    ir_brcondi(&ctx, IR_COND_GEU, loc, 0, l);  /* const 0 is temp 7 */
    ir_st(&ctx, w, ctx.env, -4, MO_UL | MO_BE);
    ir_setcond(&ctx, IR_COND_TSTNE, t, loc, x1);
    ir_set_label(&ctx, l);
    ir_callN(&ctx, &helper_info_test_add3, t, x1, loc, w);
    ir_extract(&ctx, w, w, 3, 5);
    ir_movi(&ctx, pc, 0x10080);                /* temp 8 */
    ir_mb(&ctx, IR_MB_ALL);
    ir_goto_tb(&ctx, 1);
    ir_exit_tb(&ctx, 0);

    /* nops are not printed. */
    IRInsn *n = ir_emit(&ctx, IR_OP_nop, IR_I64, (const uint64_t[]){ 0 });
    ck_assert_uint_eq(n->opc, IR_OP_nop);

    char *s = print_to_string(&ctx);
    const char *expected =
        " ---- 0000000000010078 0000000000000000\n"
        " add_i64 tmp3,x1,$0x10\n"
        " gld_i32 tmp4,tmp3,s32le+al,mmu0\n"
        " ext_i32_i64 loc5,tmp4\n"
        " brcond_i64 loc5,$0x0,geu,L0\n"
        " st_i32 tmp4,env,-4,u32be\n"
        " setcond_i64 tmp3,loc5,x1,tstne\n"
        " L0:\n"
        " call test_add3 tmp3,x1,loc5,tmp4\n"
        " extract_i32 tmp4,tmp4,$0x3,$0x5\n"
        " mov_i64 pc,$0x10080\n"
        " mb $0xf\n"
        " goto_tb $0x1\n"
        " exit_tb $0x0\n";
    ck_assert_str_eq(s, expected);
    free(s);

    /* One insn on its own. */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ir_print_insn(&ctx, &ctx.insns[1], f);
    fclose(f);
    ck_assert_str_eq(buf, " add_i64 tmp3,x1,$0x10\n");
    free(buf);
    ir_context_destroy(&ctx);
}
END_TEST

/* ---- conditions ---- */

static bool ref_cond(IRCond c, IRType t, uint64_t a, uint64_t b)
{
    if (t == IR_I32) {
        a &= 0xffffffffull;
        b &= 0xffffffffull;
    }
    /* Signed comparison by flipping the sign bit, then unsigned compare. */
    uint64_t sign = t == IR_I32 ? 0x80000000ull : 0x8000000000000000ull;
    uint64_t fa = a ^ sign, fb = b ^ sign;
    switch (c) {
    case IR_COND_NEVER: return false;
    case IR_COND_ALWAYS: return true;
    case IR_COND_EQ: return a == b;
    case IR_COND_NE: return a != b;
    case IR_COND_LT: return fa < fb;
    case IR_COND_GE: return fa >= fb;
    case IR_COND_LE: return fa <= fb;
    case IR_COND_GT: return fa > fb;
    case IR_COND_LTU: return a < b;
    case IR_COND_GEU: return a >= b;
    case IR_COND_LEU: return a <= b;
    case IR_COND_GTU: return a > b;
    case IR_COND_TSTEQ: return !(a & b);
    case IR_COND_TSTNE: return (a & b) != 0;
    }
    ck_abort_msg("bad cond %d", c);
    return false;
}

START_TEST(test_conds)
{
    rng_state = 0x1234567;
    ck_assert_str_eq(ir_cond_name(IR_COND_GEU), "geu");
    ck_assert_str_eq(ir_cond_name(IR_COND_TSTEQ), "tsteq");
    for (unsigned i = 0; i < 4000; i++) {
        uint64_t a = operand(i % 64), b = operand((i * 7 + 3) % 97);
        if (i & 1) {
            b = a;   /* equal operands are the interesting case for <= >= */
        }
        for (int ty = 0; ty < 2; ty++) {
            for (int c = IR_COND_NEVER; c <= IR_COND_TSTNE; c++) {
                bool r = ir_cond_eval(c, ty, a, b);
                ck_assert_msg(r == ref_cond(c, ty, a, b), "%s i%d %#" PRIx64 " %#" PRIx64,
                              ir_cond_name(c), ty ? 64 : 32, a, b);
                ck_assert(ir_cond_eval(ir_cond_invert(c), ty, a, b) == !r);
                ck_assert(ir_cond_eval(ir_cond_swap(c), ty, b, a) == r);
            }
        }
    }
    for (int c = IR_COND_NEVER; c <= IR_COND_TSTNE; c++) {
        ck_assert_int_eq(ir_cond_invert(ir_cond_invert(c)), c);
        ck_assert_int_eq(ir_cond_swap(ir_cond_swap(c)), c);
    }
}
END_TEST

/* ---- constant folding against reference computations ---- */

static uint64_t tmask(IRType t)
{
    return t == IR_I32 ? 0xffffffffull : ~0ull;
}

static int64_t sext(IRType t, uint64_t v)
{
    return t == IR_I32 ? (int64_t)(int32_t)(uint32_t)v : (int64_t)v;
}

static unsigned ref_clz(IRType t, uint64_t a)
{
    unsigned w = t == IR_I32 ? 32 : 64, n = 0;
    for (int i = w - 1; i >= 0 && !((a >> i) & 1); i--) {
        n++;
    }
    return n;
}

static unsigned ref_ctz(uint64_t a)
{
    unsigned n = 0;
    while (n < 64 && !((a >> n) & 1)) {
        n++;
    }
    return n;
}

/* High half of a 128-bit product, by 32-bit limbs. */
static uint64_t ref_muluh64(uint64_t a, uint64_t b)
{
    uint64_t al = (uint32_t)a, ah = a >> 32, bl = (uint32_t)b, bh = b >> 32;
    uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
    uint64_t mid = (ll >> 32) + (uint32_t)lh + (uint32_t)hl;
    return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}

/* Reference for ops defined on all operands (the others return false). */
static bool ref_binary(IROpcode opc, IRType t, uint64_t a, uint64_t b, uint64_t *out)
{
    unsigned w = t == IR_I32 ? 32 : 64;
    uint64_t m = tmask(t), r;
    a &= m;
    b &= m;
    int64_t sa = sext(t, a), sb = sext(t, b);
    switch (opc) {
    case IR_OP_add: r = a + b; break;
    case IR_OP_sub: r = a - b; break;
    case IR_OP_mul: r = a * b; break;
    case IR_OP_muluh:
        r = t == IR_I32 ? (a * b) >> 32 : ref_muluh64(a, b);
        break;
    case IR_OP_mulsh:
        if (t == IR_I32) {
            r = (uint64_t)(sa * sb) >> 32;
        } else {
            /* signed high = unsigned high - (a<0 ? b : 0) - (b<0 ? a : 0) */
            r = ref_muluh64(a, b) - (sa < 0 ? b : 0) - (sb < 0 ? a : 0);
        }
        break;
    case IR_OP_div:
    case IR_OP_rem:
        if (b == 0 || (sb == -1 && a == (m ^ (m >> 1)))) {
            return false;
        }
        r = opc == IR_OP_div ? (uint64_t)(sa / sb) : (uint64_t)(sa % sb);
        break;
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
    case IR_OP_eqv: r = ~a ^ b; break;
    case IR_OP_shl:
    case IR_OP_shr:
    case IR_OP_sar:
    case IR_OP_rotl:
    case IR_OP_rotr:
        if (b >= w) {
            return false;
        }
        r = a;
        /* One bit at a time, so that no shift by the full width is needed. */
        for (uint64_t i = 0; i < b; i++) {
            uint64_t top = (r >> (w - 1)) & 1, low = r & 1;
            switch (opc) {
            case IR_OP_shl: r = r << 1; break;
            case IR_OP_shr: r = r >> 1; break;
            case IR_OP_sar: r = (r >> 1) | (top << (w - 1)); break;
            case IR_OP_rotl: r = (r << 1) | top; break;
            default: r = (r >> 1) | (low << (w - 1)); break;
            }
            r &= m;
        }
        break;
    case IR_OP_clz: r = a ? ref_clz(t, a) : b; break;
    case IR_OP_ctz: r = a ? ref_ctz(a) : b; break;
    default:
        ck_abort_msg("no reference for %s", ir_op_defs[opc].name);
        return false;
    }
    *out = r & m;
    return true;
}

static const IROpcode binary_ops[] = {
    IR_OP_add, IR_OP_sub, IR_OP_mul, IR_OP_mulsh, IR_OP_muluh, IR_OP_div, IR_OP_divu,
    IR_OP_rem, IR_OP_remu, IR_OP_and, IR_OP_or, IR_OP_xor, IR_OP_andc, IR_OP_orc,
    IR_OP_eqv, IR_OP_shl, IR_OP_shr, IR_OP_sar, IR_OP_rotl, IR_OP_rotr, IR_OP_clz,
    IR_OP_ctz,
};

START_TEST(test_fold_binary)
{
    rng_state = 0xfeedbeef;
    for (unsigned i = 0; i < 3000; i++) {
        uint64_t a = operand(i % 500), b = operand(i / 7);
        for (unsigned k = 0; k < ARRAY_SIZE(binary_ops); k++) {
            IROpcode opc = binary_ops[k];
            for (int ty = 0; ty < 2; ty++) {
                uint64_t bb = b;
                /* Shifts: mostly in-range counts. */
                if (opc >= IR_OP_shl && opc <= IR_OP_rotr && (i & 3)) {
                    bb = b % (ty ? 64 : 32);
                }
                uint64_t want = 0, got = 0;
                bool ok_ref = ref_binary(opc, ty, a, bb, &want);
                bool ok = ir_fold_binary(opc, ty, a, bb, &got);
                ck_assert_msg(ok == ok_ref, "%s_i%d %#" PRIx64 ", %#" PRIx64 ": foldable %d",
                              ir_op_defs[opc].name, ty ? 64 : 32, a, bb, ok);
                if (ok) {
                    ck_assert_msg(got == want, "%s_i%d %#" PRIx64 ", %#" PRIx64
                                  ": %#" PRIx64 " != %#" PRIx64,
                                  ir_op_defs[opc].name, ty ? 64 : 32, a, bb, got, want);
                }
            }
        }
    }
    /* The undefined cases are left to run time. */
    uint64_t r;
    ck_assert(!ir_fold_binary(IR_OP_div, IR_I32, 0x80000000u, 0xffffffffu, &r));
    ck_assert(!ir_fold_binary(IR_OP_rem, IR_I64, 5, 0, &r));
    ck_assert(!ir_fold_binary(IR_OP_shl, IR_I32, 1, 32, &r));
    ck_assert(ir_fold_binary(IR_OP_shl, IR_I64, 1, 32, &r) && r == 0x100000000ull);
    ck_assert(!ir_fold_binary(IR_OP_neg, IR_I64, 1, 32, &r));
}
END_TEST

static uint64_t ref_bswap(uint64_t a, unsigned bytes)
{
    uint64_t r = 0;
    for (unsigned i = 0; i < bytes; i++) {
        r = (r << 8) | ((a >> (8 * i)) & 0xff);
    }
    return r;
}

static uint64_t ref_sext_bits(uint64_t a, unsigned bits)
{
    uint64_t m = bits == 64 ? ~0ull : (1ull << bits) - 1;
    a &= m;
    if (bits < 64 && (a >> (bits - 1)) & 1) {
        a |= ~m;
    }
    return a;
}

static bool ref_unary(IROpcode opc, IRType t, uint64_t a, uint64_t *out)
{
    uint64_t m = tmask(t), r;
    switch (opc) {
    case IR_OP_mov: r = a; break;
    case IR_OP_neg: r = 0 - a; break;
    case IR_OP_not: r = ~a; break;
    case IR_OP_ctpop:
        r = 0;
        for (uint64_t x = a & m; x; x &= x - 1) {
            r++;
        }
        break;
    case IR_OP_bswap16: r = ref_bswap(a, 2); break;
    case IR_OP_bswap32: r = ref_bswap(a, 4); break;
    case IR_OP_bswap64: r = ref_bswap(a, 8); break;
    case IR_OP_ext8s: r = ref_sext_bits(a, 8); break;
    case IR_OP_ext8u: r = a & 0xff; break;
    case IR_OP_ext16s: r = ref_sext_bits(a, 16); break;
    case IR_OP_ext16u: r = a & 0xffff; break;
    case IR_OP_ext32s: r = ref_sext_bits(a, 32); break;
    case IR_OP_ext32u: r = a & 0xffffffffull; break;
    case IR_OP_ext_i32_i64: *out = ref_sext_bits(a, 32); return true;
    case IR_OP_extu_i32_i64: *out = a & 0xffffffffull; return true;
    case IR_OP_extrl_i64_i32: *out = a & 0xffffffffull; return true;
    default:
        return false;
    }
    *out = r & m;
    return true;
}

static const IROpcode unary_ops[] = {
    IR_OP_mov, IR_OP_neg, IR_OP_not, IR_OP_ctpop, IR_OP_bswap16, IR_OP_bswap32,
    IR_OP_ext8s, IR_OP_ext8u, IR_OP_ext16s, IR_OP_ext16u,
};
static const IROpcode unary_ops_i64[] = {
    IR_OP_bswap64, IR_OP_ext32s, IR_OP_ext32u, IR_OP_ext_i32_i64, IR_OP_extu_i32_i64,
    IR_OP_extrl_i64_i32,
};

START_TEST(test_fold_unary)
{
    rng_state = 0xabcdef;
    for (unsigned i = 0; i < 5000; i++) {
        uint64_t a = operand(i);
        for (int ty = 0; ty < 2; ty++) {
            /* i32 operands obey the container rule. */
            uint64_t aa = ty == IR_I32 ? a & 0xffffffffull : a;
            for (unsigned k = 0; k < ARRAY_SIZE(unary_ops); k++) {
                IROpcode opc = unary_ops[k];
                uint64_t want = 0, got = 0;
                ck_assert(ref_unary(opc, ty, aa, &want));
                ck_assert(ir_fold_unary(opc, ty, aa, &got));
                ck_assert_msg(got == want, "%s_i%d %#" PRIx64 ": %#" PRIx64 " != %#" PRIx64,
                              ir_op_defs[opc].name, ty ? 64 : 32, aa, got, want);
            }
        }
        for (unsigned k = 0; k < ARRAY_SIZE(unary_ops_i64); k++) {
            IROpcode opc = unary_ops_i64[k];
            /* The conversions from i32 see a zero-extended container. */
            uint64_t aa = (opc == IR_OP_ext_i32_i64 || opc == IR_OP_extu_i32_i64)
                          ? a & 0xffffffffull : a;
            IRType ty = opc == IR_OP_extrl_i64_i32 ? IR_I32 : IR_I64;
            uint64_t want = 0, got = 0;
            ck_assert(ref_unary(opc, IR_I64, aa, &want));
            ck_assert(ir_fold_unary(opc, ty, aa, &got));
            ck_assert_msg(got == want, "%s %#" PRIx64 ": %#" PRIx64 " != %#" PRIx64,
                          ir_op_defs[opc].name, aa, got, want);
        }
    }
    uint64_t r;
    ck_assert(!ir_fold_unary(IR_OP_add, IR_I64, 1, &r));
    ck_assert(!ir_fold_unary(IR_OP_gld, IR_I64, 1, &r));
}
END_TEST

static Suite *ir_suite(void)
{
    Suite *s = suite_create("ir");
    TCase *tc = tcase_create("builder");
    tcase_add_test(tc, test_temps);
    tcase_add_test(tc, test_labels_and_branches);
    tcase_add_test(tc, test_insn_layout);
    tcase_add_test(tc, test_printer);
    suite_add_tcase(s, tc);
    tc = tcase_create("eval");
    tcase_add_test(tc, test_conds);
    tcase_add_test(tc, test_fold_binary);
    tcase_add_test(tc, test_fold_unary);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(ir_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
