/*
 * test-optimize.c: unit tests of the IR optimizer (translate/optimize.c).
 *
 * Two kinds of tests:
 *   - rules: a tiny IR program per folding / propagation / dead-code rule,
 *     optimized and compared as printed text with the expected result;
 *   - semantics: random IR programs (straight-line and with forward branches)
 *     run on a reference evaluator before and after ir_optimize() must leave
 *     the same globals, env memory, guest memory and exit value.  The
 *     evaluator also enforces the IR contract: reading a normal temp after a
 *     block end, or any temp after liveness said it died there, fails.
 */
#include "common.h"
#include "ir.h"

#include <check.h>

/* ---- helpers called from the IR ---- */

static uint64_t note_sum;

static uint64_t helper_t_mix(uint64_t a, uint64_t b)
{
    return a * 31 ^ (b >> 3);
}
/* Reads and writes globals (env slots 0 and 3). */
static uint64_t helper_t_bump(void *env)
{
    uint64_t *e = env;
    e[3] += 0x101;
    return e[0];
}
/* Reads globals, never writes them. */
static uint32_t helper_t_rd(void *env)
{
    uint64_t *e = env;
    return (uint32_t)(e[1] ^ e[4]);
}
/* A side effect outside env. */
static void helper_t_note(uint64_t x)
{
    note_sum = note_sum * 3 + x;
}
static IR_HELPER_DEF(t_mix, IR_HT_I64, IR_HELPER_PURE, IR_HT_I64, IR_HT_I64);
static IR_HELPER_DEF(t_bump, IR_HT_I64, 0, IR_HT_PTR);
static IR_HELPER_DEF(t_rd, IR_HT_I32, IR_HELPER_NO_WRITE_GLOBALS | IR_HELPER_NO_SIDE_EFFECTS,
                     IR_HT_PTR);
static IR_HELPER_DEF(t_note, IR_HT_VOID, IR_HELPER_NO_READ_GLOBALS | IR_HELPER_NO_WRITE_GLOBALS,
                     IR_HT_I64);

/* ---- fixture: env slots 0-3 are g0-g3 (i64), 4-5 are w0-w1 (i32) ---- */

static IRContext ctx;
static IRTemp G[4], W[2];

static void setup(void)
{
    static const char *const gn[] = { "g0", "g1", "g2", "g3" };
    static const char *const wn[] = { "w0", "w1" };
    ir_context_init(&ctx);
    for (int i = 0; i < 4; i++) {
        G[i] = ir_global(&ctx, IR_I64, 8 * i, gn[i]);   /* temps 1-4 */
    }
    for (int i = 0; i < 2; i++) {
        W[i] = ir_global(&ctx, IR_I32, 32 + 8 * i, wn[i]);  /* temps 5-6 */
    }
}

static void teardown(void)
{
    ir_context_destroy(&ctx);
}

static char *print_program(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ir_print(&ctx, f);
    fclose(f);
    return buf;
}

/* Optimize the program built so far and compare its text. */
#define CHECK_OPT(expected) do {                                              \
        ir_optimize(&ctx);                                                    \
        char *got_ = print_program();                                         \
        ck_assert_msg(strcmp(got_, expected) == 0,                            \
                      "optimized to:\n%s\nexpected:\n%s", got_, expected);     \
        free(got_);                                                           \
    } while (0)

static IRTemp T64(void) { return ir_temp_new(&ctx, IR_I64); }
static IRTemp T32(void) { return ir_temp_new(&ctx, IR_I32); }
static IRTemp C64(uint64_t v) { return ir_const_i64(&ctx, v); }

/* ---- arithmetic identities ---- */

START_TEST(rule_add)
{
    IRTemp t = T64();          /* tmp7 */
    ir_addi(&ctx, t, G[0], 0);
    ir_mov(&ctx, G[2], t);
    ir_add(&ctx, G[3], C64(5), G[1]);   /* const goes second */
    CHECK_OPT(" mov_i64 g2,g0\n"
              " add_i64 g3,g1,$0x5\n");
}
END_TEST

START_TEST(rule_const_chain)
{
    IRTemp t = T64(), u = T64(), v = T64();
    ir_movi(&ctx, t, 3);
    ir_addi(&ctx, u, t, 4);
    ir_shli(&ctx, v, u, 40);
    ir_sub(&ctx, G[0], v, u);
    ir_mov(&ctx, G[1], u);
    CHECK_OPT(" mov_i64 g0,$0x6fffffffff9\n"
              " mov_i64 g1,$0x7\n");
}
END_TEST

START_TEST(rule_sub)
{
    ir_sub(&ctx, G[0], G[1], G[1]);
    ir_subi(&ctx, G[1], G[2], 0);
    ir_sub(&ctx, G[2], C64(0), G[3]);
    CHECK_OPT(" mov_i64 g0,$0x0\n"
              " mov_i64 g1,g2\n"
              " neg_i64 g2,g3\n");
}
END_TEST

START_TEST(rule_mul_div)
{
    ir_muli(&ctx, G[0], G[0], 1);     /* mov g0,g0: nothing */
    ir_muli(&ctx, G[1], G[3], 0);
    ir_muluhi(&ctx, G[2], G[3], 0);
    ir_divi(&ctx, G[3], G[0], 1);
    ir_remui(&ctx, W[0], W[1], 1);
    ir_divu(&ctx, W[1], ir_const_i32(&ctx, 5), ir_const_i32(&ctx, 0));  /* undefined: kept */
    CHECK_OPT(" mov_i64 g1,$0x0\n"
              " mov_i64 g2,$0x0\n"
              " mov_i64 g3,g0\n"
              " mov_i32 w0,$0x0\n"
              " divu_i32 w1,$0x5,$0x0\n");
}
END_TEST

START_TEST(rule_logic)
{
    ir_andi(&ctx, G[0], G[1], 0);
    ir_andi(&ctx, G[1], G[1], ~0ull);
    ir_or(&ctx, G[2], G[3], G[3]);
    ir_ori(&ctx, G[3], G[0], ~0ull);
    ir_xor(&ctx, W[0], W[1], W[1]);
    ir_xori(&ctx, W[1], W[0], 0xffffffff);   /* w0 is 0 here: folds */
    CHECK_OPT(" mov_i64 g0,$0x0\n"
              " mov_i64 g2,g3\n"
              " mov_i64 g3,$0xffffffffffffffff\n"
              " mov_i32 w0,$0x0\n"
              " mov_i32 w1,$0xffffffff\n");
}
END_TEST

START_TEST(rule_logic2)
{
    ir_xori(&ctx, G[0], G[1], ~0ull);
    ir_andc(&ctx, G[1], G[2], G[2]);
    ir_orci(&ctx, G[2], G[3], 0);
    ir_eqvi(&ctx, G[3], G[3], ~0ull);   /* nothing */
    ir_eqvi(&ctx, W[0], W[1], 0);
    ir_andci(&ctx, W[1], W[1], 0);      /* nothing */
    CHECK_OPT(" not_i64 g0,g1\n"
              " mov_i64 g1,$0x0\n"
              " mov_i64 g2,$0xffffffffffffffff\n"
              " not_i32 w0,w1\n");
}
END_TEST

START_TEST(rule_known_bits)
{
    IRTemp t = T64(), u = T64();       /* tmp7, tmp8 */
    ir_ext8u(&ctx, t, G[0]);
    ir_andi(&ctx, G[1], t, 0xff);      /* no-op and: mov */
    ir_andi(&ctx, G[2], t, 0xf00);     /* disjoint: 0 */
    ir_ld(&ctx, u, ctx.env, 64, MO_UW);
    ir_ext16u(&ctx, G[3], u);          /* already 16 bits: mov */
    ir_setcondi(&ctx, IR_COND_EQ, G[0], u, 0x10000);   /* can never be equal */
    ir_andci(&ctx, W[1], W[1], 0);                     /* nothing */
    ir_andci(&ctx, G[1], t, 0xf00);    /* clears nothing: g1 already holds it */
    ir_andci(&ctx, G[2], t, 0x1ff);                    /* clears everything: 0 */
    /* The first g2 = 0 is dead: g2 is written again before any use. */
    CHECK_OPT(" ext8u_i64 tmp7,g0\n"
              " mov_i64 g1,tmp7\n"
              " ld_i64 tmp8,env,64,u16le\n"
              " mov_i64 g3,tmp8\n"
              " mov_i64 g0,$0x0\n"
              " mov_i64 g2,$0x0\n");
}
END_TEST

START_TEST(rule_shifts)
{
    ir_shli(&ctx, G[0], G[1], 0);
    ir_sar(&ctx, G[1], C64(~0ull), G[2]);
    ir_shr(&ctx, G[2], C64(0), G[3]);
    ir_rotli(&ctx, W[0], ir_const_i32(&ctx, 0x80000001u), 4);
    ir_shli(&ctx, G[3], G[3], 64);     /* undefined count: kept */
    CHECK_OPT(" mov_i64 g0,g1\n"
              " mov_i64 g1,$0xffffffffffffffff\n"
              " mov_i64 g2,$0x0\n"
              " mov_i32 w0,$0x18\n"
              " shl_i64 g3,g3,$0x40\n");
}
END_TEST

START_TEST(rule_shift_known_bits)
{
    IRTemp t = T64(), u = T64();       /* tmp7, tmp8 */
    ir_shri(&ctx, t, G[0], 4);
    ir_andi(&ctx, G[1], t, 0x0fffffffffffffffull);   /* no-op */
    ir_andi(&ctx, G[2], t, 0x07ffffffffffffffull);   /* bit 59 may be set: kept */
    ir_shli(&ctx, u, t, 8);
    ir_andi(&ctx, G[3], u, 0xff);                     /* low bits are clear: 0 */
    ir_sari(&ctx, W[0], ir_const_i32(&ctx, 0x80000000u), 31);
    CHECK_OPT(" shr_i64 tmp7,g0,$0x4\n"
              " mov_i64 g1,tmp7\n"
              " and_i64 g2,g1,$0x7ffffffffffffff\n"
              " mov_i64 g3,$0x0\n"
              " mov_i32 w0,$0xffffffff\n");
}
END_TEST

START_TEST(rule_i32_container)
{
    IRTemp t = T32(), u = T32();
    ir_movi(&ctx, t, 0xffffffff);
    ir_addi(&ctx, u, t, 1);            /* wraps to 0 in i32 */
    ir_mov(&ctx, W[0], u);
    ir_neg(&ctx, W[1], ir_const_i32(&ctx, 1));
    ir_ext_i32_i64(&ctx, G[0], ir_const_i32(&ctx, 0x80000000u));
    ir_extu_i32_i64(&ctx, G[1], ir_const_i32(&ctx, 0x80000000u));
    ir_extrl_i64_i32(&ctx, W[0], C64(0x123456789ull));
    CHECK_OPT(" mov_i32 w1,$0xffffffff\n"
              " mov_i64 g0,$0xffffffff80000000\n"
              " mov_i64 g1,$0x80000000\n"
              " mov_i32 w0,$0x23456789\n");
}
END_TEST

START_TEST(rule_extensions)
{
    IRTemp t = T64(), b = T64();       /* tmp7, tmp8 */
    ir_extu_i32_i64(&ctx, t, W[0]);
    ir_ext32u(&ctx, G[0], t);          /* i32-derived: already zero-extended */
    ir_ld(&ctx, b, ctx.env, 64, MO_UB);
    ir_ext8s(&ctx, G[1], b);           /* bit 7 may be set: kept */
    ir_ext16s(&ctx, G[2], b);          /* bit 15 is clear: mov */
    ir_ext32s(&ctx, G[3], C64(0xfffffffe));
    ir_ctpop(&ctx, W[1], ir_const_i32(&ctx, 0xf0f0));
    ir_bswap32(&ctx, W[0], ir_const_i32(&ctx, 0x11223344));
    CHECK_OPT(" extu_i32_i64 tmp7,w0\n"
              " mov_i64 g0,tmp7\n"
              " ld_i64 tmp8,env,64,u8le\n"
              " ext8s_i64 g1,tmp8\n"
              " mov_i64 g2,tmp8\n"
              " mov_i64 g3,$0xfffffffffffffffe\n"
              " mov_i32 w1,$0x8\n"
              " mov_i32 w0,$0x44332211\n");
}
END_TEST

START_TEST(rule_bitfields)
{
    ir_extract(&ctx, G[0], C64(0xabcd), 4, 8);
    ir_sextract(&ctx, G[1], C64(0x80), 0, 8);
    ir_extract(&ctx, G[2], G[3], 0, 64);
    ir_deposit(&ctx, G[3], C64(0xffff), C64(0), 4, 8);
    ir_deposit(&ctx, W[0], ir_const_i32(&ctx, 0), W[1], 0, 8);   /* zero-extension */
    ir_deposit(&ctx, W[1], W[1], W[0], 0, 32);                   /* whole value */
    CHECK_OPT(" mov_i64 g0,$0xbc\n"
              " mov_i64 g1,$0xffffffffffffff80\n"
              " mov_i64 g2,g3\n"
              " mov_i64 g3,$0xf00f\n"
              " extract_i32 w0,w1,$0x0,$0x8\n"
              " mov_i32 w1,w0\n");
}
END_TEST

START_TEST(rule_count)
{
    ir_clzi(&ctx, G[0], C64(0x100), 64);
    ir_ctz(&ctx, G[1], C64(0), G[2]);
    ir_clzi(&ctx, W[0], ir_const_i32(&ctx, 1), 32);
    CHECK_OPT(" mov_i64 g0,$0x37\n"
              " mov_i64 g1,g2\n"
              " mov_i32 w0,$0x1f\n");
}
END_TEST

START_TEST(rule_setcond)
{
    IRTemp t = T64();
    ir_movi(&ctx, t, 5);
    ir_setcondi(&ctx, IR_COND_GT, G[0], t, 4);
    ir_setcond(&ctx, IR_COND_LT, G[1], G[2], G[2]);
    ir_setcondi(&ctx, IR_COND_LTU, G[2], G[3], 0);
    ir_setcond(&ctx, IR_COND_LT, G[3], C64(5), G[3]);     /* swapped: g3 > 5 */
    ir_setcondi(&ctx, IR_COND_LTU, W[0], ir_const_i32(&ctx, 0xffffffff), 1);
    CHECK_OPT(" mov_i64 g0,$0x1\n"
              " mov_i64 g1,$0x0\n"
              " mov_i64 g2,$0x0\n"
              " setcond_i64 g3,g3,$0x5,gt\n"
              " mov_i32 w0,$0x0\n");
}
END_TEST

START_TEST(rule_movcond)
{
    ir_movcond(&ctx, IR_COND_EQ, G[0], C64(1), C64(1), G[1], G[2]);
    ir_movcond(&ctx, IR_COND_LT, G[1], G[2], G[3], G[3], G[3]);
    ir_movcond(&ctx, IR_COND_NE, G[2], G[3], G[0], C64(1), C64(0));
    ir_movcond(&ctx, IR_COND_GEU, G[3], G[3], G[0], C64(0), C64(1));
    /* g1 holds g3 from the second insn on: reads of g3 use g1 (lowest index). */
    CHECK_OPT(" mov_i64 g0,g1\n"
              " mov_i64 g1,g3\n"
              " setcond_i64 g2,g1,g0,ne\n"
              " setcond_i64 g3,g1,g0,ltu\n");
}
END_TEST

/* ---- branches and unreachable code ---- */

START_TEST(rule_brcond_taken)
{
    IRTemp t = T64();
    IRLabel l = ir_label_new(&ctx);
    ir_movi(&ctx, t, 1);
    ir_brcondi(&ctx, IR_COND_EQ, t, 1, l);   /* always taken: br */
    ir_mov(&ctx, G[2], G[0]);                /* unreachable */
    ir_exit_tb(&ctx, 0);
    ir_set_label(&ctx, l);                   /* br to the next insn: dropped */
    ir_mov(&ctx, G[3], G[1]);
    ir_exit_tb(&ctx, 0);
    CHECK_OPT(" L0:\n"
              " mov_i64 g3,g1\n"
              " exit_tb $0x0\n");
    ck_assert_uint_eq(ctx.labels[l].refs, 0);
}
END_TEST

START_TEST(rule_brcond_never)
{
    IRTemp t = T64();
    IRLabel l = ir_label_new(&ctx);
    ir_movi(&ctx, t, 1);
    ir_brcondi(&ctx, IR_COND_GTU, t, 2, l);  /* never taken: removed */
    ir_mov(&ctx, G[2], G[0]);
    ir_exit_tb(&ctx, 0);
    ir_set_label(&ctx, l);                   /* nothing reaches it any more */
    ir_mov(&ctx, G[3], G[1]);
    ir_insn_start(&ctx, 0x1004, 0);          /* kept: back ends count them */
    ir_exit_tb(&ctx, 1);
    CHECK_OPT(" mov_i64 g2,g0\n"
              " exit_tb $0x0\n"
              " ---- 0000000000001004 0000000000000000\n");
}
END_TEST

START_TEST(rule_brcond_kept)
{
    IRLabel l = ir_label_new(&ctx);
    ir_movi(&ctx, G[0], 5);
    ir_brcond(&ctx, IR_COND_LT, C64(3), G[1], l);   /* swapped to g1 > 3 */
    ir_addi(&ctx, G[2], G[0], 1);   /* knowledge of globals survives the branch */
    ir_set_label(&ctx, l);
    ir_addi(&ctx, G[3], G[0], 1);   /* but not a label */
    ir_br(&ctx, l);
    ir_mov(&ctx, G[1], G[0]);       /* unreachable */
    ir_exit_tb(&ctx, 0);
    CHECK_OPT(" mov_i64 g0,$0x5\n"
              " brcond_i64 g1,$0x3,gt,L0\n"
              " mov_i64 g2,$0x6\n"
              " L0:\n"
              " add_i64 g3,g0,$0x1\n"
              " br L0\n");
    ck_assert_uint_eq(ctx.labels[l].refs, 2);
}
END_TEST

/* ---- copies, invalidation, dead code ---- */

START_TEST(rule_copy_propagation)
{
    IRTemp t = T64(), u = T64();
    ir_mov(&ctx, t, G[0]);
    ir_addi(&ctx, G[1], t, 1);      /* reads g0 directly */
    ir_mov(&ctx, u, t);
    ir_mov(&ctx, G[0], G[3]);       /* g0 changes: u still has the old value */
    ir_add(&ctx, G[2], u, G[0]);
    /* u and tmp7 are copies: the lower index is read; g0 and g3 likewise. */
    CHECK_OPT(" mov_i64 tmp7,g0\n"
              " add_i64 g1,g0,$0x1\n"
              " mov_i64 g0,g3\n"
              " add_i64 g2,tmp7,g0\n");
}
END_TEST

START_TEST(rule_call_invalidates)
{
    IRTemp r = T64(), w = T32();
    ir_movi(&ctx, G[0], 5);
    ir_callN(&ctx, &helper_info_t_bump, r, ctx.env);      /* may write g0 */
    ir_addi(&ctx, G[1], G[0], 1);
    ir_movi(&ctx, G[0], 7);
    ir_callN(&ctx, &helper_info_t_rd, w, ctx.env);        /* reads only */
    ir_addi(&ctx, G[2], G[0], 1);
    ir_mov(&ctx, W[0], w);
    ir_movi(&ctx, G[3], 9);
    ir_st(&ctx, G[1], ctx.env, 64, MO_UQ);               /* may alias a global */
    ir_addi(&ctx, G[3], G[3], 1);
    CHECK_OPT(" mov_i64 g0,$0x5\n"
              " call t_bump tmp7,env\n"
              " add_i64 g1,g0,$0x1\n"
              " mov_i64 g0,$0x7\n"
              " call t_rd tmp8,env\n"
              " mov_i64 g2,$0x8\n"
              " mov_i32 w0,tmp8\n"
              " mov_i64 g3,$0x9\n"
              " st_i64 g1,env,64,u64le\n"
              " add_i64 g3,g3,$0x1\n");
}
END_TEST

START_TEST(rule_dead_code)
{
    IRTemp t = T64(), u = T64(), r = T64(), a = T64();
    ir_addi(&ctx, t, G[0], 1);                            /* unused */
    ir_callN(&ctx, &helper_info_t_mix, u, G[0], G[1]);    /* pure, unused */
    ir_callN(&ctx, &helper_info_t_bump, r, ctx.env);      /* not pure: kept */
    ir_mov(&ctx, G[1], G[2]);                             /* overwritten: dead */
    ir_mov(&ctx, G[1], G[3]);
    ir_mov(&ctx, G[2], G[0]);                             /* needed at the fault */
    ir_gld(&ctx, a, G[3], MO_UQ, 0);                      /* result unused, kept */
    ir_mov(&ctx, G[2], G[3]);
    CHECK_OPT(" call t_bump tmp9,env\n"
              " mov_i64 g1,g3\n"
              " mov_i64 g2,g0\n"
              " gld_i64 tmp10,g1,u64le,mmu0\n"
              " mov_i64 g2,g1\n");
    /* Dead outputs of kept insns are flagged. */
    ck_assert_uint_eq(ctx.insns[2].life, 1);
    ck_assert_uint_eq(ctx.insns[6].life, 1);
}
END_TEST

START_TEST(rule_locals)
{
    IRTemp loc = ir_temp_local(&ctx, IR_I64), dead = ir_temp_local(&ctx, IR_I64);
    IRLabel l = ir_label_new(&ctx);
    ir_addi(&ctx, loc, G[0], 1);
    ir_brcondi(&ctx, IR_COND_EQ, G[1], 0, l);
    ir_set_label(&ctx, l);
    ir_mov(&ctx, G[2], loc);        /* live across the label */
    ir_addi(&ctx, dead, G[0], 2);   /* dead at the exit */
    ir_exit_tb(&ctx, 0);
    CHECK_OPT(" add_i64 loc7,g0,$0x1\n"
              " brcond_i64 g1,$0x0,eq,L0\n"
              " L0:\n"
              " mov_i64 g2,loc7\n"
              " exit_tb $0x0\n");
    ck_assert_uint_eq(ctx.insns[3].life, 2);   /* loc7 dies at its last read */
}
END_TEST

START_TEST(rule_life_bits)
{
    IRTemp t = T64(), u = T64();
    ir_add(&ctx, t, G[0], G[1]);
    ir_add(&ctx, u, t, t);
    ir_mov(&ctx, G[2], u);
    ir_discard(&ctx, t);
    ir_optimize(&ctx);
    ck_assert_uint_eq(ctx.insns[0].life, 0);        /* globals never die */
    ck_assert_uint_eq(ctx.insns[1].life, 1u << 1);  /* t dies, flagged once */
    ck_assert_uint_eq(ctx.insns[2].life, 1u << 1);  /* u dies */
    ck_assert_uint_eq(ctx.insns[3].opc, IR_OP_discard);
    /* Liveness again on its own output changes nothing. */
    ir_liveness(&ctx);
    ck_assert_uint_eq(ctx.insns[1].life, 1u << 1);
    ck_assert_uint_eq(ctx.insns[2].opc, IR_OP_mov);
}
END_TEST

/* ---- the reference evaluator ---- */

typedef struct EvalState {
    uint64_t env[16];          /* slots 0-5: globals; 8-15: scratch for ld/st */
    uint8_t gmem[264];         /* guest memory */
    uint64_t note;
    uint64_t exit_value;
} EvalState;

typedef struct Eval {
    EvalState st;
    uint64_t *vals;
    uint8_t *defined;
    uint32_t *label_pos;
    bool check_life;
    /* Fault injection: the fault_at-th op that can fault raises instead. */
    int64_t fault_at;
    int64_t nb_faultable;
    char err[512];
} Eval;

static void eval_fail(Eval *ev, uint32_t pc, const char *what)
{
    if (!ev->err[0]) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        ir_print_insn(&ctx, &ctx.insns[pc], f);
        fclose(f);
        snprintf(ev->err, sizeof(ev->err), "insn %u:%s%s", pc, buf, what);
        free(buf);
    }
}

static uint64_t eval_read(Eval *ev, uint32_t pc, IRTemp t)
{
    IRTempInfo *ti = &ctx.temps[t];
    switch (ti->kind) {
    case IR_TEMP_CONST:
        if (ti->type == IR_I32 && ti->value > 0xffffffffull) {
            eval_fail(ev, pc, " i32 const with high bits");
        }
        return ti->value;
    case IR_TEMP_FIXED:
        return (uintptr_t)ev->st.env;
    case IR_TEMP_GLOBAL:
        return ev->vals[t];
    default:
        if (!ev->defined[t]) {
            eval_fail(ev, pc, " reads an undefined or dead temp");
        }
        return ev->vals[t];
    }
}

static void eval_write(Eval *ev, uint32_t pc, IRTemp t, uint64_t v)
{
    if (ctx.temps[t].type == IR_I32 && v > 0xffffffffull) {
        eval_fail(ev, pc, " i32 result with high bits");
    }
    ev->vals[t] = v;
    ev->defined[t] = 1;
}

static void eval_sync_to_env(Eval *ev)
{
    for (uint32_t t = 1; t < ctx.nb_globals; t++) {
        ev->st.env[ctx.temps[t].env_offset / 8] = ev->vals[t];
    }
}

static void eval_sync_from_env(Eval *ev)
{
    for (uint32_t t = 1; t < ctx.nb_globals; t++) {
        uint64_t v = ev->st.env[ctx.temps[t].env_offset / 8];
        ev->vals[t] = ctx.temps[t].type == IR_I32 ? (uint32_t)v : v;
    }
}

static void eval_end_block(Eval *ev)
{
    for (uint32_t t = 0; t < ctx.nb_temps; t++) {
        if (ctx.temps[t].kind == IR_TEMP_NORMAL) {
            ev->defined[t] = 0;
        }
    }
}

static uint64_t mem_load(const uint8_t *p, uint64_t mo, IRType type)
{
    unsigned size = memop_size(mo);
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++) {
        unsigned byte = (mo & MO_BE) ? size - 1 - i : i;
        v |= (uint64_t)p[i] << (8 * byte);
    }
    if ((mo & MO_SIGN) && size < 8 && ((v >> (8 * size - 1)) & 1)) {
        v |= ~0ull << (8 * size);
    }
    return type == IR_I32 ? (uint32_t)v : v;
}

static void mem_store(uint8_t *p, uint64_t mo, uint64_t v)
{
    unsigned size = memop_size(mo);
    for (unsigned i = 0; i < size; i++) {
        unsigned byte = (mo & MO_BE) ? size - 1 - i : i;
        p[i] = (uint8_t)(v >> (8 * byte));
    }
}

static uint8_t *guest_addr(Eval *ev, uint32_t pc, uint64_t addr)
{
    if (addr > sizeof(ev->st.gmem) - 8) {
        eval_fail(ev, pc, " guest address out of range");
        return ev->st.gmem;
    }
    return ev->st.gmem + addr;
}

static uint64_t tymask(IRType t)
{
    return t == IR_I32 ? 0xffffffffull : ~0ull;
}

/* Runs the program; false (with ev->err) when it breaks the IR contract. */
static bool eval_run(Eval *ev)
{
    for (uint32_t i = 0; i < ctx.nb_insns; i++) {
        if (ctx.insns[i].opc == IR_OP_set_label) {
            ev->label_pos[ctx.insns[i].args[0]] = i;
        }
    }
    eval_sync_from_env(ev);
    note_sum = ev->st.note;

    uint32_t pc = 0;
    unsigned steps = 0;
    while (pc < ctx.nb_insns && !ev->err[0]) {
        IRInsn *op = &ctx.insns[pc];
        uint64_t in[IR_MAX_ARGS] = { 0 }, out = 0;
        unsigned no = op->nb_oargs, ni = op->nb_iargs;
        const uint64_t *c = ir_insn_cargs(op);
        IRType ty = (IRType)op->type;
        uint64_t m = tymask(ty);
        uint32_t next = pc + 1;

        if (++steps > 100000) {
            eval_fail(ev, pc, " runs too long");
            break;
        }
        if (ir_op_defs[op->opc].flags & IR_OPF_CAN_FAULT) {
            if (ev->nb_faultable++ == ev->fault_at) {
                /* A guest fault: globals must be in env, as at an exit. */
                eval_sync_to_env(ev);
                ev->st.exit_value = 0xfa017;
                ev->st.note = note_sum;
                return !ev->err[0];
            }
        }
        for (unsigned k = 0; k < ni; k++) {
            in[k] = eval_read(ev, pc, (IRTemp)op->args[no + k]);
        }
        switch (op->opc) {
        case IR_OP_nop:
        case IR_OP_insn_start:
        case IR_OP_mb:
        case IR_OP_goto_tb:
            break;
        case IR_OP_discard:
            ev->defined[op->args[0]] = 0;
            no = 0;
            break;
        case IR_OP_set_label:
            eval_end_block(ev);
            break;
        case IR_OP_br:
            next = ev->label_pos[c[0]];
            break;
        case IR_OP_brcond:
            if (ir_cond_eval((IRCond)c[0], ty, in[0], in[1])) {
                next = ev->label_pos[c[1]];
            }
            eval_end_block(ev);
            break;
        case IR_OP_exit_tb:
            eval_sync_to_env(ev);
            ev->st.exit_value = c[0];
            ev->st.note = note_sum;
            return !ev->err[0];
        case IR_OP_setcond:
            out = ir_cond_eval((IRCond)c[0], ty, in[0], in[1]);
            break;
        case IR_OP_movcond:
            out = ir_cond_eval((IRCond)c[0], ty, in[0], in[1]) ? in[2] : in[3];
            break;
        case IR_OP_extract:
        case IR_OP_sextract: {
            unsigned pos = c[0], len = c[1];
            uint64_t f = (in[0] >> pos) & (len == 64 ? ~0ull : (1ull << len) - 1);
            if (op->opc == IR_OP_sextract && len < 64 && ((f >> (len - 1)) & 1)) {
                f |= ~0ull << len;
            }
            out = f & m;
            break;
        }
        case IR_OP_deposit: {
            unsigned pos = c[0], len = c[1];
            uint64_t fm = (len == 64 ? ~0ull : (1ull << len) - 1) << pos;
            out = ((in[0] & ~fm) | ((in[1] << pos) & fm)) & m;
            break;
        }
        case IR_OP_ld:
            out = mem_load((uint8_t *)(uintptr_t)(in[0] + c[0]), c[1], ty);
            break;
        case IR_OP_st:
            mem_store((uint8_t *)(uintptr_t)(in[1] + c[0]), c[1], in[0]);
            break;
        case IR_OP_gld:
            out = mem_load(guest_addr(ev, pc, in[0]), c[0], ty);
            break;
        case IR_OP_gst:
            mem_store(guest_addr(ev, pc, in[1]), c[0], in[0]);
            break;
        case IR_OP_atomic_add:
        case IR_OP_atomic_xchg: {
            uint8_t *p = guest_addr(ev, pc, in[0]);
            out = mem_load(p, c[0], ty);
            mem_store(p, c[0], op->opc == IR_OP_atomic_add ? out + in[1] : in[1]);
            break;
        }
        case IR_OP_call: {
            const IRHelper *h = (const IRHelper *)(uintptr_t)c[0];
            eval_sync_to_env(ev);
            if (h == &helper_info_t_mix) {
                out = helper_t_mix(in[0], in[1]);
            } else if (h == &helper_info_t_bump) {
                out = helper_t_bump((void *)(uintptr_t)in[0]);
            } else if (h == &helper_info_t_rd) {
                out = helper_t_rd((void *)(uintptr_t)in[0]);
            } else if (h == &helper_info_t_note) {
                helper_t_note(in[0]);
            } else {
                eval_fail(ev, pc, " unknown helper");
            }
            eval_sync_from_env(ev);
            break;
        }
        default:
            if (ni == 2 && no == 1) {
                if (!ir_fold_binary((IROpcode)op->opc, ty, in[0], in[1], &out)) {
                    eval_fail(ev, pc, " undefined operands");
                }
            } else if (ni == 1 && no == 1) {
                if (!ir_fold_unary((IROpcode)op->opc, ty, in[0], &out)) {
                    eval_fail(ev, pc, " not evaluable");
                }
            } else {
                eval_fail(ev, pc, " op not supported by the evaluator");
            }
            break;
        }
        /* What liveness says is dead afterwards must not be read again. */
        if (ev->check_life) {
            for (unsigned k = 0; k < ni; k++) {
                IRTemp t = (IRTemp)op->args[no + k];
                unsigned kind = ctx.temps[t].kind;
                if ((op->life >> (no + k)) & 1 &&
                    (kind == IR_TEMP_NORMAL || kind == IR_TEMP_LOCAL)) {
                    ev->defined[t] = 0;
                }
            }
        }
        for (unsigned k = 0; k < no; k++) {
            IRTemp t = (IRTemp)op->args[k];
            eval_write(ev, pc, t, out);
            if (ev->check_life && ((op->life >> k) & 1) &&
                ctx.temps[t].kind != IR_TEMP_GLOBAL) {
                ev->defined[t] = 0;
            }
        }
        pc = next;
    }
    if (!ev->err[0]) {
        eval_fail(ev, pc < ctx.nb_insns ? pc : 0, " falls off the end");
    }
    return false;
}

/* ---- the random program generator ---- */

static uint64_t rng_state;

static uint64_t rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1Dull;
}

static unsigned rnd(unsigned n)
{
    return (unsigned)(rng() % n);
}

typedef struct Gen {
    IRTemp persistent[2][8];    /* globals and locals, per type */
    unsigned nb_persistent[2];
    IRTemp normals[2][64];      /* normal temps written in this basic block */
    unsigned nb_normals[2];
    IRLabel labels[6];
    unsigned nb_labels, next_label;
} Gen;

static uint64_t gen_const_value(IRType ty)
{
    static const uint64_t special[] = {
        0, 1, 2, 3, 8, 31, 0xff, 0x80000000ull, 0xffffffffull, ~0ull, 0x8000000000000000ull,
    };
    uint64_t v = rnd(3) ? special[rnd(ARRAY_SIZE(special))] : rng() >> rnd(64);
    return v & tymask(ty);
}

static IRTemp gen_value(Gen *g, IRType ty)
{
    unsigned np = g->nb_persistent[ty], nn = g->nb_normals[ty];
    if (rnd(4) == 0) {
        return ir_const(&ctx, ty, gen_const_value(ty));
    }
    unsigned i = rnd(np + 2 * nn);
    return i < np ? g->persistent[ty][i] : g->normals[ty][(i - np) % nn];
}

/* A destination: usually a fresh normal temp, else an old one, a global or a local. */
static IRTemp gen_dest(Gen *g, IRType ty)
{
    unsigned r = rnd(20);
    if (r < 4) {
        return g->persistent[ty][rnd(g->nb_persistent[ty])];
    }
    if (r < 7 && g->nb_normals[ty]) {
        return g->normals[ty][rnd(g->nb_normals[ty])];
    }
    IRTemp t = ir_temp_new(&ctx, ty);
    if (g->nb_normals[ty] < 64) {
        g->normals[ty][g->nb_normals[ty]++] = t;
    }
    return t;
}

/* A new normal temp holding a value in [lo_or, lo_or | and_mask]. */
static IRTemp gen_masked(Gen *g, IRType ty, uint64_t and_mask, uint64_t or_bits)
{
    IRTemp src = gen_value(g, ty);
    IRTemp t = ir_temp_new(&ctx, ty);
    ir_andi(&ctx, t, src, and_mask);
    if (or_bits) {
        ir_ori(&ctx, t, t, or_bits);
    }
    return t;
}

static IRTemp gen_guest_addr(Gen *g)
{
    return gen_masked(g, IR_I64, 0xf8, 0);
}

static MemOp gen_memop(IRType ty)
{
    unsigned size = rnd(ty == IR_I32 ? 3 : 4);
    MemOp mo = (MemOp)size;
    if (rnd(2) && size < (ty == IR_I32 ? 2u : 3u)) {
        mo |= MO_SIGN;
    }
    if (rnd(3) == 0) {
        mo |= MO_BE;
    }
    return mo;
}

static const IROpcode gen_binops[] = {
    IR_OP_add, IR_OP_sub, IR_OP_mul, IR_OP_mulsh, IR_OP_muluh, IR_OP_and, IR_OP_or,
    IR_OP_xor, IR_OP_andc, IR_OP_orc, IR_OP_eqv, IR_OP_clz, IR_OP_ctz,
};
static const IROpcode gen_unops[] = {
    IR_OP_neg, IR_OP_not, IR_OP_ctpop, IR_OP_bswap16, IR_OP_bswap32,
    IR_OP_ext8s, IR_OP_ext8u, IR_OP_ext16s, IR_OP_ext16u,
};

static void gen_op(Gen *g)
{
    IRType ty = rnd(3) ? IR_I64 : IR_I32;
    unsigned w = ty == IR_I32 ? 32 : 64;
    switch (rnd(22)) {
    case 0: case 1: case 2: case 3: {
        IROpcode opc = gen_binops[rnd(ARRAY_SIZE(gen_binops))];
        IRTemp a = gen_value(g, ty), b = gen_value(g, ty);
        uint64_t args[3] = { gen_dest(g, ty), a, b };
        ir_emit(&ctx, opc, ty, args);
        break;
    }
    case 4: {
        /* Shift counts in range: a constant or a masked value. */
        IROpcode opc = IR_OP_shl + rnd(5);
        IRTemp a = gen_value(g, ty);
        IRTemp b = rnd(2) ? ir_const(&ctx, ty, rnd(w)) : gen_masked(g, ty, w - 1, 0);
        uint64_t args[3] = { gen_dest(g, ty), a, b };
        ir_emit(&ctx, opc, ty, args);
        break;
    }
    case 5: {
        /* Division by a value in [1, 255]: always defined. */
        IROpcode opc = IR_OP_div + rnd(4);
        IRTemp a = gen_value(g, ty);
        IRTemp b = rnd(3) ? gen_masked(g, ty, 0xff, 1) : ir_const(&ctx, ty, 1 + rnd(3));
        uint64_t args[3] = { gen_dest(g, ty), a, b };
        ir_emit(&ctx, opc, ty, args);
        break;
    }
    case 6: case 7: {
        IROpcode opc = gen_unops[rnd(ARRAY_SIZE(gen_unops))];
        if (ty == IR_I64 && rnd(3) == 0) {
            static const IROpcode u64[] = { IR_OP_bswap64, IR_OP_ext32s, IR_OP_ext32u };
            opc = u64[rnd(3)];
        }
        IRTemp a = gen_value(g, ty);
        uint64_t args[2] = { gen_dest(g, ty), a };
        ir_emit(&ctx, opc, ty, args);
        break;
    }
    case 8: {
        IRTemp a;
        switch (rnd(3)) {
        case 0:
            a = gen_value(g, IR_I32);
            ir_ext_i32_i64(&ctx, gen_dest(g, IR_I64), a);
            break;
        case 1:
            a = gen_value(g, IR_I32);
            ir_extu_i32_i64(&ctx, gen_dest(g, IR_I64), a);
            break;
        default:
            a = gen_value(g, IR_I64);
            ir_extrl_i64_i32(&ctx, gen_dest(g, IR_I32), a);
            break;
        }
        break;
    }
    case 9: case 10: {
        IRTemp a = gen_value(g, ty);
        ir_mov(&ctx, gen_dest(g, ty), a);
        break;
    }
    case 11: {
        IRTemp a = gen_value(g, ty), b = gen_value(g, ty);
        ir_setcond(&ctx, (IRCond)rnd(IR_COND_TSTNE + 1), gen_dest(g, ty), a, b);
        break;
    }
    case 12: {
        IRTemp a = gen_value(g, ty), b = gen_value(g, ty);
        IRTemp v1 = gen_value(g, ty), v2 = gen_value(g, ty);
        ir_movcond(&ctx, (IRCond)rnd(IR_COND_TSTNE + 1), gen_dest(g, ty), a, b, v1, v2);
        break;
    }
    case 13: {
        unsigned len = 1 + rnd(w), pos = rnd(w - len + 1);
        IRTemp a = gen_value(g, ty);
        if (rnd(2)) {
            ir_extract(&ctx, gen_dest(g, ty), a, pos, len);
        } else {
            ir_sextract(&ctx, gen_dest(g, ty), a, pos, len);
        }
        break;
    }
    case 14: {
        unsigned len = 1 + rnd(w), pos = rnd(w - len + 1);
        IRTemp a = gen_value(g, ty), b = gen_value(g, ty);
        ir_deposit(&ctx, gen_dest(g, ty), a, b, pos, len);
        break;
    }
    case 15: {
        int32_t off = 64 + 8 * rnd(8);
        if (rnd(2)) {
            ir_ld(&ctx, gen_dest(g, ty), ctx.env, off, gen_memop(ty) & ~MO_BE);
        } else {
            ir_st(&ctx, gen_value(g, ty), ctx.env, off, gen_memop(ty) & ~MO_BE);
        }
        break;
    }
    case 16: {
        IRTemp addr = gen_guest_addr(g);
        if (rnd(2)) {
            ir_gld(&ctx, gen_dest(g, ty), addr, gen_memop(ty), 0);
        } else {
            ir_gst(&ctx, gen_value(g, ty), addr, gen_memop(ty), 0);
        }
        break;
    }
    case 17: {
        IRTemp addr = gen_guest_addr(g);
        IRTemp v = gen_value(g, ty);
        MemOp mo = (MemOp)(rnd(ty == IR_I32 ? 3 : 4));
        ir_atomic_op(&ctx, rnd(2) ? IR_OP_atomic_add : IR_OP_atomic_xchg,
                     gen_dest(g, ty), addr, v, mo, 0);
        break;
    }
    case 18: {
        switch (rnd(4)) {
        case 0: {
            IRTemp a = gen_value(g, IR_I64), b = gen_value(g, IR_I64);
            ir_callN(&ctx, &helper_info_t_mix, gen_dest(g, IR_I64), a, b);
            break;
        }
        case 1:
            ir_callN(&ctx, &helper_info_t_bump, gen_dest(g, IR_I64), ctx.env);
            break;
        case 2:
            ir_callN(&ctx, &helper_info_t_rd, gen_dest(g, IR_I32), ctx.env);
            break;
        default:
            ir_callN(&ctx, &helper_info_t_note, IR_TEMP_NONE, gen_value(g, IR_I64));
            break;
        }
        break;
    }
    case 19:
        if (g->nb_normals[ty]) {
            unsigned i = rnd(g->nb_normals[ty]);
            ir_discard(&ctx, g->normals[ty][i]);
            g->normals[ty][i] = g->normals[ty][--g->nb_normals[ty]];
        }
        break;
    default:
        ir_movi(&ctx, gen_dest(g, ty), gen_const_value(ty));
        break;
    }
}

static void gen_end_block(Gen *g)
{
    g->nb_normals[0] = g->nb_normals[1] = 0;
}

/* Places the next label; the code before it may or may not fall through. */
static void gen_place_label(Gen *g)
{
    ir_set_label(&ctx, g->labels[g->next_label++]);
    gen_end_block(g);
}

static IRLabel gen_forward_label(Gen *g)
{
    return g->labels[g->next_label + rnd(g->nb_labels - g->next_label)];
}

static void gen_program(Gen *g)
{
    memset(g, 0, sizeof(*g));
    for (int i = 0; i < 4; i++) {
        g->persistent[IR_I64][g->nb_persistent[IR_I64]++] = G[i];
    }
    for (int i = 0; i < 2; i++) {
        g->persistent[IR_I32][g->nb_persistent[IR_I32]++] = W[i];
    }
    for (int i = 0; i < 2; i++) {
        IRTemp l = ir_temp_local(&ctx, IR_I64);
        ir_movi(&ctx, l, gen_const_value(IR_I64));
        g->persistent[IR_I64][g->nb_persistent[IR_I64]++] = l;
    }
    IRTemp l32 = ir_temp_local(&ctx, IR_I32);
    ir_mov(&ctx, l32, W[0]);
    g->persistent[IR_I32][g->nb_persistent[IR_I32]++] = l32;

    bool branches = rnd(4) != 0;
    g->nb_labels = branches ? 1 + rnd(ARRAY_SIZE(g->labels)) : 0;
    for (unsigned i = 0; i < g->nb_labels; i++) {
        g->labels[i] = ir_label_new(&ctx);
    }
    unsigned len = 10 + rnd(60);
    for (unsigned n = 0; n < len; n++) {
        if (n % 8 == 0) {
            ir_insn_start(&ctx, 0x1000 + 4 * n, 0);
        }
        gen_op(g);
        if (g->next_label < g->nb_labels && rnd(8) == 0) {
            switch (rnd(5)) {
            case 0: case 1: {
                IRType ty = rnd(2) ? IR_I64 : IR_I32;
                IRTemp a = gen_value(g, ty), b = gen_value(g, ty);
                ir_brcond(&ctx, (IRCond)rnd(IR_COND_TSTNE + 1), a, b, gen_forward_label(g));
                gen_end_block(g);
                break;
            }
            case 2:
                ir_br(&ctx, gen_forward_label(g));
                gen_place_label(g);
                break;
            case 3:
                ir_exit_tb(&ctx, 1 + rnd(3));
                gen_place_label(g);
                break;
            default:
                gen_place_label(g);
                break;
            }
        }
    }
    while (g->next_label < g->nb_labels) {
        gen_place_label(g);
        gen_op(g);
    }
    ir_exit_tb(&ctx, 0);
}

static void eval_init(Eval *ev, const EvalState *init, bool check_life)
{
    memset(ev, 0, sizeof(*ev));
    ev->st = *init;
    ev->vals = g_new0(uint64_t, ctx.nb_temps);
    ev->defined = g_new0(uint8_t, ctx.nb_temps);
    ev->label_pos = g_new0(uint32_t, ctx.nb_labels + 1);
    ev->check_life = check_life;
    ev->fault_at = -1;
}

static void eval_free(Eval *ev)
{
    g_free(ev->vals);
    g_free(ev->defined);
    g_free(ev->label_pos);
}

static void random_state(EvalState *s)
{
    memset(s, 0, sizeof(*s));
    for (int i = 0; i < 16; i++) {
        s->env[i] = rnd(4) ? rng() : gen_const_value(IR_I64);
    }
    s->env[4] &= 0xffffffff;
    s->env[5] &= 0xffffffff;
    for (size_t i = 0; i < sizeof(s->gmem); i++) {
        s->gmem[i] = (uint8_t)rng();
    }
}

START_TEST(semantics_random)
{
    unsigned before = 0, after = 0;
    rng_state = 0x5eed0000u + _i;
    for (unsigned prog = 0; prog < 1500; prog++) {
        ir_reset(&ctx);
        Gen g;
        gen_program(&g);
        for (uint32_t i = 0; i < ctx.nb_insns; i++) {
            before += ctx.insns[i].opc != IR_OP_nop;
        }
        char *orig_text = print_program();

        EvalState init;
        random_state(&init);
        Eval ref, opt, again, ref_f, opt_f;
        eval_init(&ref, &init, false);
        bool ok = eval_run(&ref);
        if (!ok) {
            fprintf(stderr, "program %u:\n%s", prog, orig_text);
        }
        ck_assert_msg(ok, "generator broke the contract: %s", ref.err);

        /* The same program stopped by a fault at one of its faulting ops. */
        eval_init(&ref_f, &init, false);
        ref_f.fault_at = ref.nb_faultable ? (int64_t)rnd(ref.nb_faultable) : -1;
        eval_run(&ref_f);

        ir_optimize(&ctx);
        for (uint32_t i = 0; i < ctx.nb_insns; i++) {
            after += ctx.insns[i].opc != IR_OP_nop;
        }
        char *opt_text = print_program();
        eval_init(&opt, &init, true);
        ok = eval_run(&opt) && memcmp(&ref.st, &opt.st, sizeof(ref.st)) == 0;
        eval_init(&opt_f, &init, true);
        opt_f.fault_at = ref_f.fault_at;
        ok = ok && eval_run(&opt_f) && memcmp(&ref_f.st, &opt_f.st, sizeof(ref.st)) == 0;

        /* Optimizing again keeps the meaning and the contract too. */
        ir_optimize(&ctx);
        eval_init(&again, &init, true);
        ok = ok && eval_run(&again) && memcmp(&ref.st, &again.st, sizeof(ref.st)) == 0;
        if (!ok) {
            fprintf(stderr, "program %u before:\n%s\nafter:\n%s\n", prog, orig_text, opt_text);
        }
        ck_assert_msg(ok, "program %u: optimized run differs or breaks the contract "
                      "(fault at %" PRId64 "): %s%s%s", prog, ref_f.fault_at,
                      opt.err, opt_f.err, again.err);

        eval_free(&ref);
        eval_free(&opt);
        eval_free(&again);
        eval_free(&ref_f);
        eval_free(&opt_f);
        free(orig_text);
        free(opt_text);
    }
    /* The optimizer must actually do something on these programs. */
    ck_assert_msg(after * 10 < before * 8, "only %u of %u insns removed", before - after, before);
}
END_TEST

static Suite *optimize_suite(void)
{
    Suite *s = suite_create("optimize");
    TCase *tc = tcase_create("rules");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, rule_add);
    tcase_add_test(tc, rule_const_chain);
    tcase_add_test(tc, rule_sub);
    tcase_add_test(tc, rule_mul_div);
    tcase_add_test(tc, rule_logic);
    tcase_add_test(tc, rule_logic2);
    tcase_add_test(tc, rule_known_bits);
    tcase_add_test(tc, rule_shifts);
    tcase_add_test(tc, rule_shift_known_bits);
    tcase_add_test(tc, rule_i32_container);
    tcase_add_test(tc, rule_extensions);
    tcase_add_test(tc, rule_bitfields);
    tcase_add_test(tc, rule_count);
    tcase_add_test(tc, rule_setcond);
    tcase_add_test(tc, rule_movcond);
    tcase_add_test(tc, rule_brcond_taken);
    tcase_add_test(tc, rule_brcond_never);
    tcase_add_test(tc, rule_brcond_kept);
    tcase_add_test(tc, rule_copy_propagation);
    tcase_add_test(tc, rule_call_invalidates);
    tcase_add_test(tc, rule_dead_code);
    tcase_add_test(tc, rule_locals);
    tcase_add_test(tc, rule_life_bits);
    suite_add_tcase(s, tc);

    tc = tcase_create("semantics");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, semantics_random, 0, 4);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(optimize_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
