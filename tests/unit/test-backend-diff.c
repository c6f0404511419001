/*
 * test-backend-diff.c: differential test of the x86-64 JIT against the IR
 * interpreter, plus JIT-specific checks (chaining, precise host pcs, helpers
 * that longjmp out).
 *
 * Random IR programs use every op kind in both types: arithmetic over globals
 * (i64 and i32 fields of a test CPU struct), locals and normal temps, constants
 * of interesting values, forward branches to labels, ld/st on the CPU struct,
 * gld/gst/atomics on a small guest memory buffer, barriers and calls to test
 * helpers with various flags and up to seven arguments.  Each program is run
 * on both back ends from the same initial state; every global, the CPU
 * struct's scratch area, the guest memory and the exit value must agree.
 *
 * Undefined IR cases are avoided by construction: shift counts are constants
 * below the width or masked temps, divisors are made nonzero (and not -1 for
 * signed division) with movcond, atomics are size-aligned.
 *
 * Control flow also takes the shapes the RISC-V front end's superblocks
 * give it: side exits (conditional branches to labels placed after the
 * block's last exit, where the JIT puts its write-back stubs), a loop (a
 * label reached only by backward branches, where the JIT pins globals to
 * registers), exit_request-style checks (ld_i32 from env + brcond against 0,
 * fused by the JIT) and guest accesses at register + constant (fused too).
 *
 * Programs are generated from fixed seeds, so a failure names a reproducible
 * (seed, program) pair and prints the IR.
 */
#include "common.h"
#include <check.h>
#include <sys/mman.h>
#include "ir.h"
#include "tb.h"
#include "exec.h"
#include "backend.h"
#include "backends/x86_64/jit-internal.h"

#define NG64 12
#define NG32 4
#define NSCR 8
#define NLOC 3
#define GMEM_SIZE 256

typedef struct TestCPU {
    CPUCommon common;
    uint64_t g64[NG64];
    /*
     * i32 globals in 64-bit fields: the interpreter accesses every global as
     * a 64-bit slot (the JIT as 32 bits); the upper halves stay zero.
     */
    uint64_t g32[NG32];
    uint64_t scr[NSCR];
    uint64_t cnt;       /* the loop counter: a global no random op writes */
} TestCPU;

static uint8_t *gmem;           /* guest memory: low address when possible */
static IRContext ctx;
static IRTemp g64_t[NG64], g32_t[NG32], cnt_t;

/* ---- test helpers ---- */

static uint64_t helper_test_mix(uint64_t a, uint64_t b)
{
    return (a * 0x9e3779b97f4a7c15ull) ^ (b >> 7) ^ (b << 3);
}
IR_HELPER_DEF(test_mix, IR_HT_I64, IR_HELPER_PURE, IR_HT_I64, IR_HT_I64);

static void helper_test_bump(void *env, uint64_t v)
{
    TestCPU *c = env;
    c->g64[1] += v;
    c->g64[2] ^= c->g64[3];
    c->g32[0] = (uint32_t)(c->g32[0] + v);
}
IR_HELPER_DEF(test_bump, IR_HT_VOID, 0, IR_HT_PTR, IR_HT_I64);

static uint64_t helper_test_read(void *env)
{
    TestCPU *c = env;
    uint64_t s = 0;
    for (int i = 0; i < NG64; i++) {
        s = s * 31 + c->g64[i];
    }
    for (int i = 0; i < NG32; i++) {
        s = s * 17 + c->g32[i];
    }
    return s;
}
IR_HELPER_DEF(test_read, IR_HT_I64, IR_HELPER_NO_WRITE_GLOBALS, IR_HT_PTR);

static uint32_t helper_test_seven(uint64_t a, uint32_t b, uint64_t c, uint32_t d,
                                  uint64_t e, uint64_t f, uint64_t g)
{
    return (uint32_t)(a + b * 3ull + c * 5 + d * 7ull + e * 11 + f * 13 + (g >> 3) * 17 + (g << 60));
}
IR_HELPER_DEF(test_seven, IR_HT_I32, IR_HELPER_PURE, IR_HT_I64, IR_HT_I32, IR_HT_I64,
              IR_HT_I32, IR_HT_I64, IR_HT_I64, IR_HT_I64);

static uint32_t helper_test_low(uint64_t a)
{
    return (uint32_t)(a >> 13) * 0x01000193u;
}
IR_HELPER_DEF(test_low, IR_HT_I32, IR_HELPER_NO_READ_GLOBALS | IR_HELPER_NO_WRITE_GLOBALS,
              IR_HT_I64);

/* Leaves generated code like a faulting helper does. */
static void helper_test_raise(void *env)
{
    cpu_loop_exit(env);
}
IR_HELPER_DEF(test_raise, IR_HT_VOID,
              IR_HELPER_CAN_RAISE | IR_HELPER_NO_READ_GLOBALS | IR_HELPER_NO_WRITE_GLOBALS,
              IR_HT_PTR);

static uintptr_t recorded_pc;
static void helper_test_getpc(void *env)
{
    recorded_pc = GETPC();
}
IR_HELPER_DEF(test_getpc, IR_HT_VOID, IR_HELPER_NO_READ_GLOBALS | IR_HELPER_NO_WRITE_GLOBALS,
              IR_HT_PTR);

/* ---- the random program generator ---- */

typedef struct Gen {
    GRand *rng;
    const Backend *be;
    bool gb_zero;
    IRTemp loc[2][NLOC];
    IRTemp norm[2][64];
    unsigned nnorm[2];
    IRLabel pending[8];
    unsigned npending;
    uint64_t pc;
    IRLabel side[4];        /* side exits: placed after the final exit */
    unsigned nside;
} Gen;

static unsigned rnd(Gen *g, unsigned n)
{
    return (unsigned)g_rand_int_range(g->rng, 0, (gint32)n);
}

static uint64_t rnd64(Gen *g)
{
    return (uint64_t)g_rand_int(g->rng) << 32 | g_rand_int(g->rng);
}

static uint64_t interesting(Gen *g)
{
    static const uint64_t vals[] = {
        0, 1, 2, 3, 7, 8, 31, 32, 63, 64, 0xff, 0x100, 0x7fff, 0x8000, 0xffff,
        0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull, 0x7fffffffffffffffull,
        0x8000000000000000ull, ~0ull, ~1ull, -128ull, -129ull, 0x12345678,
        0xdeadbeefcafebabeull,
    };
    switch (rnd(g, 4)) {
    case 0:
        return vals[rnd(g, ARRAY_SIZE(vals))];
    case 1:
        return rnd64(g);
    case 2:
        return (uint64_t)(int64_t)(int32_t)g_rand_int(g->rng);
    default:
        return (uint64_t)rnd(g, 200) - 100;
    }
}

static uint64_t trunc_t(IRType t, uint64_t v)
{
    return t == IR_I32 ? (uint32_t)v : v;
}

static IRTemp cst(IRType t, uint64_t v)
{
    return ir_const(&ctx, t, trunc_t(t, v));
}

static IRTemp pick_val(Gen *g, IRType t)
{
    unsigned r = rnd(g, 20);
    if (r < 9) {
        return t == IR_I64 ? g64_t[rnd(g, NG64)] : g32_t[rnd(g, NG32)];
    }
    if (r < 12) {
        return g->loc[t][rnd(g, NLOC)];
    }
    if (r < 18 && g->nnorm[t]) {
        return g->norm[t][rnd(g, g->nnorm[t])];
    }
    return cst(t, interesting(g));
}

/* A new normal temp; it becomes pickable as an input only once written (add_norm). */
static IRTemp new_norm(Gen *g, IRType t)
{
    return ir_temp_new(&ctx, t);
}

static void add_norm(Gen *g, IRTemp n)
{
    IRType t = ir_temp_type(&ctx, n);
    if (g->nnorm[t] < 64) {
        g->norm[t][g->nnorm[t]++] = n;
    }
}

static IRTemp pick_out(Gen *g, IRType t)
{
    unsigned r = rnd(g, 10);
    if (r < 4) {
        return t == IR_I64 ? g64_t[rnd(g, NG64)] : g32_t[rnd(g, NG32)];
    }
    if (r < 6) {
        return g->loc[t][rnd(g, NLOC)];
    }
    if (r < 8 && g->nnorm[t]) {
        return g->norm[t][rnd(g, g->nnorm[t])];
    }
    IRTemp n = new_norm(g, t);
    add_norm(g, n);     /* callers pick inputs before the output */
    return n;
}

/* Normal temps die at the end of a basic block. */
static void bb_end(Gen *g)
{
    g->nnorm[0] = g->nnorm[1] = 0;
}

static IRCond pick_cond(Gen *g)
{
    if (rnd(g, 20) == 0) {
        return rnd(g, 2) ? IR_COND_ALWAYS : IR_COND_NEVER;
    }
    return (IRCond)(IR_COND_EQ + rnd(g, IR_COND_TSTNE - IR_COND_EQ + 1));
}

static MemOp pick_memop(Gen *g, IRType t, bool allow_be)
{
    unsigned size = rnd(g, t == IR_I64 ? 4 : 3);
    unsigned mo = size;
    if (rnd(g, 2)) {
        mo |= MO_SIGN;
    }
    if (allow_be && rnd(g, 3) == 0) {
        mo |= MO_BE;
    }
    return (MemOp)mo;
}

/* A guest address temp in [0, GMEM_SIZE - 8], aligned to `align`. */
static IRTemp guest_addr(Gen *g, unsigned align)
{
    uintptr_t base = g->gb_zero ? (uintptr_t)gmem : 0;
    if (rnd(g, 4) == 0) {
        return cst(IR_I64, base + (rnd(g, GMEM_SIZE - 8) & ~(align - 1)));
    }
    IRTemp a = new_norm(g, IR_I64);
    if (rnd(g, 3) == 0) {
        /* register + constant, as front ends compute base + offset */
        IRTemp t = new_norm(g, IR_I64);
        ir_andi(&ctx, a, pick_val(g, IR_I64), (GMEM_SIZE - 72) & ~(uint64_t)(align - 1));
        add_norm(g, a);
        ir_addi(&ctx, t, a, base + (rnd(g, 64) & ~(align - 1)));
        return t;       /* not pickable: it dies at the access, so the add can fold into it */
    }
    ir_andi(&ctx, a, pick_val(g, IR_I64), (GMEM_SIZE - 8) & ~(uint64_t)(align - 1));
    if (base) {
        ir_addi(&ctx, a, a, base);
    }
    add_norm(g, a);
    return a;
}

typedef void (*BinFn)(IRContext *, IRTemp, IRTemp, IRTemp);
typedef void (*UnFn)(IRContext *, IRTemp, IRTemp);

static void gen_op(Gen *g)
{
    IRType t = rnd(g, 3) ? IR_I64 : IR_I32;
    unsigned w = t == IR_I64 ? 64 : 32;
    static const BinFn bins[] = {
        ir_add, ir_sub, ir_mul, ir_mulsh, ir_muluh, ir_and, ir_or, ir_xor,
        ir_andc, ir_orc, ir_eqv, ir_clz, ir_ctz,
    };
    static const BinFn shifts[] = { ir_shl, ir_shr, ir_sar, ir_rotl, ir_rotr };
    static const BinFn divs[] = { ir_div, ir_divu, ir_rem, ir_remu };
    static const UnFn uns[] = {
        ir_neg, ir_not, ir_ctpop, ir_bswap16, ir_bswap32, ir_ext8s, ir_ext8u,
        ir_ext16s, ir_ext16u, ir_mov, ir_bswap64, ir_ext32s, ir_ext32u,
    };

    switch (rnd(g, 28)) {
    case 0: case 1: case 2: case 3: {
        IRTemp a = pick_val(g, t), b = pick_val(g, t);
        bins[rnd(g, ARRAY_SIZE(bins))](&ctx, pick_out(g, t), a, b);
        break;
    }
    case 4: {
        /* add/sub with a constant: the lea and immediate paths */
        IRTemp a = pick_val(g, t);
        if (rnd(g, 2)) {
            ir_addi(&ctx, pick_out(g, t), a, trunc_t(t, interesting(g)));
        } else {
            ir_subi(&ctx, pick_out(g, t), a, trunc_t(t, interesting(g)));
        }
        break;
    }
    case 5: case 6: {
        IRTemp a = pick_val(g, t), cnt;
        if (rnd(g, 2)) {
            cnt = cst(t, rnd(g, w));
        } else {
            cnt = new_norm(g, t);
            ir_andi(&ctx, cnt, pick_val(g, t), w - 1);
            add_norm(g, cnt);
        }
        shifts[rnd(g, ARRAY_SIZE(shifts))](&ctx, pick_out(g, t), a, cnt);
        break;
    }
    case 7: {
        unsigned k = rnd(g, ARRAY_SIZE(divs));
        IRTemp a = pick_val(g, t), b = pick_val(g, t), d = new_norm(g, t);
        ir_movcond(&ctx, IR_COND_EQ, d, b, cst(t, 0), cst(t, 1 + rnd(g, 5)), b);
        if (k == 0 || k == 2) {
            ir_movcond(&ctx, IR_COND_EQ, d, d, cst(t, ~0ull), cst(t, 3), d);
        }
        add_norm(g, d);
        divs[k](&ctx, pick_out(g, t), a, d);
        break;
    }
    case 8: case 9: {
        unsigned n = t == IR_I64 ? ARRAY_SIZE(uns) : ARRAY_SIZE(uns) - 3;
        IRTemp a = pick_val(g, t);
        uns[rnd(g, n)](&ctx, pick_out(g, t), a);
        break;
    }
    case 10: {
        switch (rnd(g, 3)) {
        case 0: {
            IRTemp a = pick_val(g, IR_I32);
            ir_ext_i32_i64(&ctx, pick_out(g, IR_I64), a);
            break;
        }
        case 1: {
            IRTemp a = pick_val(g, IR_I32);
            ir_extu_i32_i64(&ctx, pick_out(g, IR_I64), a);
            break;
        }
        default: {
            IRTemp a = pick_val(g, IR_I64);
            ir_extrl_i64_i32(&ctx, pick_out(g, IR_I32), a);
            break;
        }
        }
        break;
    }
    case 11: {
        unsigned len = 1 + rnd(g, w), pos = rnd(g, w - len + 1);
        if (rnd(g, 3) == 0) {
            static const unsigned lens[] = { 8, 16, 32 };
            len = lens[rnd(g, t == IR_I64 ? 3 : 2)];
            pos = rnd(g, 2) ? 0 : rnd(g, w - len + 1);
        }
        IRTemp a = pick_val(g, t);
        switch (rnd(g, 3)) {
        case 0:
            ir_extract(&ctx, pick_out(g, t), a, pos, len);
            break;
        case 1:
            ir_sextract(&ctx, pick_out(g, t), a, pos, len);
            break;
        default: {
            IRTemp b = pick_val(g, t);
            ir_deposit(&ctx, pick_out(g, t), a, b, pos, len);
            break;
        }
        }
        break;
    }
    case 12: case 13: {
        IRTemp a = pick_val(g, t), b = pick_val(g, t);
        ir_setcond(&ctx, pick_cond(g), pick_out(g, t), a, b);
        break;
    }
    case 14: {
        IRTemp a = pick_val(g, t), b = pick_val(g, t), v1 = pick_val(g, t), v2 = pick_val(g, t);
        ir_movcond(&ctx, pick_cond(g), pick_out(g, t), a, b, v1, v2);
        break;
    }
    case 15: {
        if (rnd(g, 2)) {
            ir_movi(&ctx, pick_out(g, t), trunc_t(t, interesting(g)));
        } else {
            IRTemp a = pick_val(g, t);
            ir_mov(&ctx, pick_out(g, t), a);
        }
        break;
    }
    case 16: {
        MemOp mo = pick_memop(g, t, true);
        int32_t off = (int32_t)(offsetof(TestCPU, scr) + (rnd(g, NSCR * 8 - 8)));
        if (rnd(g, 2)) {
            ir_ld(&ctx, pick_out(g, t), ctx.env, off, mo);
        } else {
            ir_st(&ctx, pick_val(g, t), ctx.env, off, mo);
        }
        break;
    }
    case 17: case 18: {
        MemOp mo = pick_memop(g, t, true);
        IRTemp addr = guest_addr(g, 1);
        if (rnd(g, 2)) {
            ir_gld(&ctx, pick_out(g, t), addr, mo, 0);
        } else {
            ir_gst(&ctx, pick_val(g, t), addr, mo, 0);
        }
        break;
    }
    case 19: {
        MemOp mo = pick_memop(g, t, true);
        IRTemp addr = guest_addr(g, memop_size(mo));
        unsigned k = rnd(g, 10);
        if (k == 0) {
            IRTemp cmp = pick_val(g, t);
            if (rnd(g, 2)) {
                cmp = new_norm(g, t);
                ir_gld(&ctx, cmp, addr, mo, 0);
                add_norm(g, cmp);
            }
            IRTemp nv = pick_val(g, t);
            ir_atomic_cmpxchg(&ctx, pick_out(g, t), addr, cmp, nv, mo, 0);
        } else {
            IRTemp v = pick_val(g, t);
            ir_atomic_op(&ctx, (IROpcode)(IR_OP_atomic_xchg + k - 1), pick_out(g, t), addr, v, mo, 0);
        }
        break;
    }
    case 20: {
        switch (rnd(g, 5)) {
        case 0: {
            IRTemp a = pick_val(g, IR_I64), b = pick_val(g, IR_I64);
            ir_callN(&ctx, &helper_info_test_mix, pick_out(g, IR_I64), a, b);
            break;
        }
        case 1: {
            IRTemp v = pick_val(g, IR_I64);
            ir_callN(&ctx, &helper_info_test_bump, IR_TEMP_NONE, ctx.env, v);
            break;
        }
        case 2:
            ir_callN(&ctx, &helper_info_test_read, pick_out(g, IR_I64), ctx.env);
            break;
        case 3: {
            IRTemp a[7];
            for (int i = 0; i < 7; i++) {
                a[i] = pick_val(g, (i == 1 || i == 3) ? IR_I32 : IR_I64);
            }
            ir_call(&ctx, &helper_info_test_seven, pick_out(g, IR_I32), 7, a);
            break;
        }
        default: {
            IRTemp a = pick_val(g, IR_I64);
            ir_callN(&ctx, &helper_info_test_low, pick_out(g, IR_I32), a);
            break;
        }
        }
        break;
    }
    case 21:
        ir_mb(&ctx, 1u << rnd(g, 4));
        break;
    case 22: {
        /* forward conditional branch */
        IRLabel l;
        if (g->npending && (rnd(g, 2) || g->npending == ARRAY_SIZE(g->pending))) {
            l = g->pending[rnd(g, g->npending)];
        } else {
            l = ir_label_new(&ctx);
            g->pending[g->npending++] = l;
        }
        IRTemp a = pick_val(g, t), b = pick_val(g, t);
        ir_brcond(&ctx, pick_cond(g), a, b, l);
        bb_end(g);
        break;
    }
    case 23:
        if (g->npending) {
            unsigned i = rnd(g, g->npending);
            ir_set_label(&ctx, g->pending[i]);
            g->pending[i] = g->pending[--g->npending];
            bb_end(g);
        }
        break;
    case 24:
        if (g->npending >= 2 && rnd(g, 3) == 0) {
            /* unconditional jump over some code to another pending label */
            ir_br(&ctx, g->pending[0]);
            bb_end(g);
            ir_set_label(&ctx, g->pending[1]);
            g->pending[1] = g->pending[--g->npending];
        } else if (t == IR_I64 && g->nnorm[IR_I64]) {
            unsigned i = rnd(g, g->nnorm[IR_I64]);
            ir_discard(&ctx, g->norm[IR_I64][i]);
            g->norm[IR_I64][i] = g->norm[IR_I64][--g->nnorm[IR_I64]];
        }
        break;
    case 26:
        if (g->nside < ARRAY_SIZE(g->side)) {
            /* a side exit: its label comes after the final exit */
            IRLabel l = ir_label_new(&ctx);
            IRTemp a = pick_val(g, t), b = pick_val(g, t);
            g->side[g->nside++] = l;
            ir_brcond(&ctx, pick_cond(g), a, b, l);
            bb_end(g);
        }
        break;
    case 27: {
        /* exit_request-style check: a 32-bit field of env against 0 */
        IRLabel l;
        IRTemp v = new_norm(g, IR_I32);
        if (g->nside < ARRAY_SIZE(g->side) && rnd(g, 2)) {
            l = ir_label_new(&ctx);
            g->side[g->nside++] = l;
        } else if (g->npending < ARRAY_SIZE(g->pending)) {
            l = ir_label_new(&ctx);
            g->pending[g->npending++] = l;
        } else {
            l = g->pending[rnd(g, g->npending)];
        }
        ir_ld(&ctx, v, ctx.env, (int32_t)(offsetof(TestCPU, scr) + 4 * rnd(g, 2 * NSCR)), MO_UL);
        ir_brcondi(&ctx, rnd(g, 2) ? IR_COND_EQ : IR_COND_NE, v, 0, l);
        bb_end(g);
        break;
    }
    default:
        ir_insn_start(&ctx, g->pc, g->pc * 3);
        g->pc += 4;
        break;
    }
}

/* The end of a loop opened at head: count cnt down, branch back while nonzero. */
static void close_loop(Gen *g, IRLabel head)
{
    ir_subi(&ctx, cnt_t, cnt_t, 1);
    if (rnd(g, 2)) {
        ir_brcondi(&ctx, IR_COND_NE, cnt_t, 0, head);
    } else {
        /* the front end's shape: leave when done, else check and jump back */
        IRLabel done = ir_label_new(&ctx);
        ir_brcondi(&ctx, IR_COND_EQ, cnt_t, 0, done);
        ir_br(&ctx, head);
        ir_set_label(&ctx, done);
    }
    bb_end(g);
}

static void gen_program(Gen *g, unsigned nops)
{
    ir_reset(&ctx);
    g->npending = 0;
    g->nnorm[0] = g->nnorm[1] = 0;
    g->pc = 0x1000;
    ir_insn_start(&ctx, g->pc, 0);
    g->pc += 4;
    for (int t = 0; t < 2; t++) {
        for (int i = 0; i < NLOC; i++) {
            g->loc[t][i] = ir_temp_local(&ctx, (IRType)t);
            ir_movi(&ctx, g->loc[t][i], trunc_t((IRType)t, interesting(g)));
        }
    }
    /* One loop in two programs in three: ops [loop_lo, loop_hi) run cnt times. */
    unsigned loop_lo = ~0u, loop_hi = ~0u;
    IRLabel head = 0;
    g->nside = 0;
    if (rnd(g, 3)) {
        loop_lo = rnd(g, nops);
        loop_hi = loop_lo + 1 + rnd(g, nops - loop_lo);
    }
    for (unsigned i = 0; i < nops; i++) {
        if (i == loop_lo) {
            /* no branch from before the loop may skip the counter's set-up */
            while (g->npending) {
                ir_set_label(&ctx, g->pending[--g->npending]);
            }
            ir_movi(&ctx, cnt_t, 1 + rnd(g, 4));
            head = ir_label_new(&ctx);
            ir_set_label(&ctx, head);
            bb_end(g);
        }
        gen_op(g);
        if (i + 1 == loop_hi) {
            close_loop(g, head);
        }
    }
    while (g->npending) {
        ir_set_label(&ctx, g->pending[--g->npending]);
    }
    bb_end(g);
    switch (rnd(g, 4)) {
    case 0: {
        IRLabel l = ir_label_new(&ctx);
        IRTemp a = pick_val(g, IR_I64), b = pick_val(g, IR_I64);
        ir_brcond(&ctx, pick_cond(g), a, b, l);
        ir_exit_tb(&ctx, 0x1004);
        ir_set_label(&ctx, l);
        ir_exit_tb(&ctx, 0x2008);
        break;
    }
    case 1:
        ir_goto_tb(&ctx, 0);
        ir_exit_tb(&ctx, 0x3000);
        break;
    case 2:
        ir_goto_ptr(&ctx, cst(IR_I64, (uintptr_t)g->be->exit_entry));
        break;
    default:
        ir_exit_tb(&ctx, rnd(g, 2) ? 0 : 0x4004);
        break;
    }
    for (unsigned k = 0; k < g->nside; k++) {
        ir_set_label(&ctx, g->side[k]);
        if (rnd(g, 2)) {
            IRTemp v = pick_val(g, IR_I64);
            ir_mov(&ctx, g64_t[rnd(g, NG64)], v);
        }
        if (rnd(g, 2)) {
            ir_goto_tb(&ctx, k);
        }
        ir_exit_tb(&ctx, 0x5000 + 8 * k);
        bb_end(g);
    }
}

/* ---- running ---- */

static void init_state(TestCPU *cpu, uint8_t *mem, uint32_t seed)
{
    GRand *r = g_rand_new_with_seed(seed ^ 0x5eed);

    memset(cpu, 0, sizeof(*cpu));
    for (int i = 0; i < NG64; i++) {
        cpu->g64[i] = (uint64_t)g_rand_int(r) << 32 | g_rand_int(r);
        if (i % 4 == 3) {
            cpu->g64[i] = (uint64_t)(int64_t)(int8_t)cpu->g64[i];
        }
    }
    for (int i = 0; i < NG32; i++) {
        cpu->g32[i] = g_rand_int(r);
    }
    for (int i = 0; i < NSCR; i++) {
        cpu->scr[i] = (uint64_t)g_rand_int(r) << 32 | g_rand_int(r);
    }
    for (int i = 0; i < GMEM_SIZE; i++) {
        mem[i] = (uint8_t)g_rand_int(r);
    }
    g_rand_free(r);
}

static uintptr_t run_on(const Backend *be, TestCPU *cpu, TranslationBlock *tb)
{
    memset(tb, 0, sizeof(*tb));
    tb->pc = 0x1000;
    tb->icount = ctx.nb_insn_starts;
    if (!be->gen_code(&ctx, tb)) {
        be->reset();
        ck_assert_msg(be->gen_code(&ctx, tb), "%s: gen_code failed on an empty buffer", be->name);
    }
    return be->exec(&cpu->common, tb);
}

static void free_tb(TranslationBlock *tb)
{
    g_free(tb->insn_data);
    g_free(tb->insn_end);
    tb->insn_data = NULL;
    tb->insn_end = NULL;
}

typedef struct Variant {
    bool optimize;
    bool gb_zero;
    unsigned features;  /* ~0u: all the host has */
} Variant;

static const Variant variants[] = {
    { false, false, ~0u },
    { true, false, ~0u },
    { true, true, ~0u },
    { false, true, 0 },
    { true, false, 0 },
};

static const uint32_t seeds[] = { 1, 2, 3, 42, 1234, 99991, 0xdeadbeef, 7777777 };
#define PROGRAMS_PER_SEED 1000

static unsigned host_features;

/* Build program p of seed for backend be: the same IR for both, except goto_ptr's target. */
static void build(uint32_t seed, unsigned p, const Backend *be, const Variant *v)
{
    Gen g = { .rng = g_rand_new_with_seed(seed * 1000003u + p), .be = be, .gb_zero = v->gb_zero };
    gen_program(&g, 10 + g_rand_int_range(g.rng, 0, 80));
    g_rand_free(g.rng);
    if (v->optimize) {
        ir_optimize(&ctx);
    }
    ir_liveness(&ctx);
}

START_TEST(test_diff)
{
    const Variant *v = &variants[_i];
    static uint8_t mem_ref[GMEM_SIZE];
    unsigned failures = 0;

    jit_features = v->features == ~0u ? host_features : v->features;
    for (size_t si = 0; si < ARRAY_SIZE(seeds); si++) {
        for (unsigned p = 0; p < PROGRAMS_PER_SEED; p++) {
            if (getenv("DIFF_ONLY") && (unsigned)atoi(getenv("DIFF_ONLY")) != p) {
                continue;
            }
            TestCPU ref, got;
            TranslationBlock tb;
            uint32_t seed = seeds[si];
            if (getenv("DIFF_SEED") && strtoul(getenv("DIFF_SEED"), NULL, 0) != seed) {
                continue;
            }
            uintptr_t r_ref, r_got;

            guest_base = v->gb_zero ? 0 : (uintptr_t)gmem;

            build(seed, p, &backend_interp, v);
            init_state(&ref, gmem, seed + p);
            r_ref = run_on(&backend_interp, &ref, &tb);
            free_tb(&tb);
            memcpy(mem_ref, gmem, GMEM_SIZE);

            build(seed, p, &backend_x86_64, v);
            init_state(&got, gmem, seed + p);
            if (getenv("DIFF_TRACE")) {
                fprintf(stderr, "variant %d seed %u program %u\n", _i, seed, p);
                ir_print(&ctx, stderr);
            }
            r_got = run_on(&backend_x86_64, &got, &tb);

            bool same = r_ref == r_got &&
                        memcmp(ref.g64, got.g64, sizeof(ref.g64)) == 0 &&
                        memcmp(ref.g32, got.g32, sizeof(ref.g32)) == 0 &&
                        memcmp(ref.scr, got.scr, sizeof(ref.scr)) == 0 && ref.cnt == got.cnt &&
                        memcmp(mem_ref, gmem, GMEM_SIZE) == 0;
            if (!same && failures++ < 3) {
                fprintf(stderr, "MISMATCH variant %d seed %u program %u: exit %#lx vs %#lx\n",
                        _i, seed, p, (unsigned long)r_ref, (unsigned long)r_got);
                for (int i = 0; i < NG64; i++) {
                    if (ref.g64[i] != got.g64[i]) {
                        fprintf(stderr, "  g64[%d]: interp %#" PRIx64 " jit %#" PRIx64 "\n",
                                i, ref.g64[i], got.g64[i]);
                    }
                }
                for (int i = 0; i < NG32; i++) {
                    if (ref.g32[i] != got.g32[i]) {
                        fprintf(stderr, "  g32[%d]: interp %#" PRIx64 " jit %#" PRIx64 "\n", i, ref.g32[i], got.g32[i]);
                    }
                }
                for (int i = 0; i < NSCR; i++) {
                    if (ref.scr[i] != got.scr[i]) {
                        fprintf(stderr, "  scr[%d]: interp %#" PRIx64 " jit %#" PRIx64 "\n",
                                i, ref.scr[i], got.scr[i]);
                    }
                }
                for (int i = 0; i < GMEM_SIZE; i++) {
                    if (mem_ref[i] != gmem[i]) {
                        fprintf(stderr, "  gmem[%d]: interp %#x jit %#x\n", i, mem_ref[i], gmem[i]);
                    }
                }
                ir_print(&ctx, stderr);
                if (getenv("DIFF_DUMP")) {
                    backend_x86_64.dump_code(&tb, stderr);
                }
            }
            free_tb(&tb);
        }
    }
    jit_features = host_features;
    ck_assert_msg(failures == 0, "variant %d: %u of %zu programs differ", _i, failures,
                  ARRAY_SIZE(seeds) * PROGRAMS_PER_SEED);
}
END_TEST

/* goto_tb: unchained falls through to the block's own exit; patched goes to dest. */
START_TEST(test_chaining)
{
    TestCPU cpu;
    TranslationBlock tb1, tb2;
    const Backend *be = &backend_x86_64;

    memset(&cpu, 0, sizeof(cpu));

    guest_base = (uintptr_t)gmem;
    ir_reset(&ctx);
    ir_insn_start(&ctx, 0x1000, 0);
    ir_addi(&ctx, g64_t[0], g64_t[0], 1);
    ir_goto_tb(&ctx, 0);
    ir_exit_tb(&ctx, 0x10);
    ir_liveness(&ctx);
    memset(&tb1, 0, sizeof(tb1));
    ck_assert(be->gen_code(&ctx, &tb1));

    ir_reset(&ctx);
    ir_insn_start(&ctx, 0x2000, 0);
    ir_muli(&ctx, g64_t[0], g64_t[0], 3);
    ir_exit_tb(&ctx, 0x20);
    ir_liveness(&ctx);
    memset(&tb2, 0, sizeof(tb2));
    ck_assert(be->gen_code(&ctx, &tb2));

    ck_assert_uint_eq(((uintptr_t)tb1.tc_ptr + tb1.jmp_insn_offset[0]) % 4, 0);
    ck_assert_uint_eq(tb1.jmp_reset_offset[0], tb1.jmp_insn_offset[0] + 4);

    cpu.g64[0] = 5;
    ck_assert_uint_eq(be->exec(&cpu.common, &tb1), 0x10);
    ck_assert_uint_eq(cpu.g64[0], 6);

    be->patch_jump(&tb1, 0, &tb2);
    cpu.g64[0] = 5;
    ck_assert_uint_eq(be->exec(&cpu.common, &tb1), 0x20);
    ck_assert_uint_eq(cpu.g64[0], 18);

    be->patch_jump(&tb1, 0, NULL);
    cpu.g64[0] = 5;
    ck_assert_uint_eq(be->exec(&cpu.common, &tb1), 0x10);
    ck_assert_uint_eq(cpu.g64[0], 6);

    ck_assert(be->owns_host_pc((uintptr_t)tb1.tc_ptr));
    ck_assert(be->owns_host_pc((uintptr_t)tb2.tc_ptr + tb2.tc_size - 1));
    ck_assert(!be->owns_host_pc((uintptr_t)&cpu));
    free_tb(&tb1);
    free_tb(&tb2);
}
END_TEST

/* A helper's GETPC() maps through insn_end to the guest insn that called it. */
START_TEST(test_precise_pc)
{
    const Backend *be = _i ? &backend_interp : &backend_x86_64;

    for (unsigned target = 0; target < 4; target++) {
        TestCPU cpu;
        TranslationBlock tb;

        memset(&cpu, 0, sizeof(cpu));
        ir_reset(&ctx);
        for (unsigned i = 0; i < 4; i++) {
            ir_insn_start(&ctx, 0x1000 + 4 * i, i);
            ir_addi(&ctx, g64_t[i], g64_t[i + 1], i + 1);
            if (i == target) {
                ir_callN(&ctx, &helper_info_test_getpc, IR_TEMP_NONE, ctx.env);
            }
        }
        ir_exit_tb(&ctx, 0);
        ir_liveness(&ctx);
        recorded_pc = 0;
        run_on(be, &cpu, &tb);
        ck_assert(recorded_pc != 0);
        uint32_t off = (uint32_t)(recorded_pc - 1 - (uintptr_t)tb.tc_ptr);
        unsigned found = ~0u;
        for (unsigned i = 0; i < 4; i++) {
            if (off < tb.insn_end[i]) {
                found = i;
                break;
            }
        }
        ck_assert_uint_eq(found, target);
        ck_assert_uint_eq(tb.insn_data[2 * target], 0x1000 + 4 * target);
        ck_assert_uint_eq(tb.insn_data[2 * target + 1], target);
        free_tb(&tb);
    }
}
END_TEST

/* A helper that longjmps out (CAN_RAISE) finds every global in memory. */
START_TEST(test_raise_syncs_globals)
{
    const Backend *be = _i ? &backend_interp : &backend_x86_64;
    TestCPU cpu;
    TranslationBlock tb;

    memset(&cpu, 0, sizeof(cpu));
    cpu.g64[1] = 100;
    cpu.g32[2] = 7;
    ir_reset(&ctx);
    ir_insn_start(&ctx, 0x1000, 0);
    ir_addi(&ctx, g64_t[0], g64_t[1], 23);
    ir_muli(&ctx, g32_t[1], g32_t[2], 6);
    ir_callN(&ctx, &helper_info_test_raise, IR_TEMP_NONE, ctx.env);
    ir_movi(&ctx, g64_t[0], 0);
    ir_exit_tb(&ctx, 0);
    ir_liveness(&ctx);

    if (sigsetjmp(cpu.common.jmp_env, 0) == 0) {
        run_on(be, &cpu, &tb);
        ck_abort_msg("the helper did not leave");
    }
    ck_assert_uint_eq(cpu.g64[0], 123);
    ck_assert_uint_eq(cpu.g32[1], 42);
    free_tb(&tb);
}
END_TEST

/* Bytes of host code per IR program, as a sanity figure for translation size. */
START_TEST(test_code_size)
{
    Variant v = { true, false, ~0u };
    size_t bytes = 0, insns = 0;

    guest_base = (uintptr_t)gmem;
    for (unsigned p = 0; p < 200; p++) {
        TranslationBlock tb;
        build(4242, p, &backend_x86_64, &v);
        memset(&tb, 0, sizeof(tb));
        if (!backend_x86_64.gen_code(&ctx, &tb)) {
            backend_x86_64.reset();
            ck_assert(backend_x86_64.gen_code(&ctx, &tb));
        }
        bytes += tb.tc_size;
        insns += ctx.nb_insns;
        free_tb(&tb);
    }
    fprintf(stderr, "x86_64 JIT: %.1f host bytes per IR op on random programs\n",
            (double)bytes / (double)insns);
    ck_assert(bytes / insns < 64);
}
END_TEST

static void setup_once(void)
{
    GError *err = NULL;

    if (!backend_interp.init(16 << 20, &err) || !backend_x86_64.init(64 << 20, &err)) {
        fprintf(stderr, "back end init: %s\n", err->message);
        exit(EXIT_FAILURE);
    }
    backend = &backend_x86_64;
    host_features = jit_features;

    /* Guest memory at a low address if we can, so guest_base = 0 uses [disp32] too. */
    void *p = mmap((void *)0x20000000, 4096, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    gmem = p == MAP_FAILED ? g_malloc0(GMEM_SIZE) : p;

    ir_context_init(&ctx);
    static const char *n64[NG64] = { "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7",
                                     "x8", "x9", "x10", "x11" };
    static const char *n32[NG32] = { "w0", "w1", "w2", "w3" };
    for (int i = 0; i < NG64; i++) {
        g64_t[i] = ir_global(&ctx, IR_I64, (int32_t)offsetof(TestCPU, g64[i]), n64[i]);
    }
    for (int i = 0; i < NG32; i++) {
        g32_t[i] = ir_global(&ctx, IR_I32, (int32_t)offsetof(TestCPU, g32[i]), n32[i]);
    }
    cnt_t = ir_global(&ctx, IR_I64, (int32_t)offsetof(TestCPU, cnt), "cnt");
}

static Suite *backend_diff_suite(void)
{
    Suite *s = suite_create("backend-diff");
    TCase *tc = tcase_create("diff");

    tcase_set_timeout(tc, 600);
    tcase_add_loop_test(tc, test_diff, 0, (int)ARRAY_SIZE(variants));
    tcase_add_test(tc, test_chaining);
    tcase_add_loop_test(tc, test_precise_pc, 0, 2);
    tcase_add_loop_test(tc, test_raise_syncs_globals, 0, 2);
    tcase_add_test(tc, test_code_size);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr;
    int failed;

    setup_once();
    sr = srunner_create(backend_diff_suite());
    /* the set-up above (code buffers, contexts) is shared: run in this process */
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
