/*
 * translate.c: the AArch64 translation loop and what every trans_ function
 * shares: register accessors, flags and conditions, block exits, exceptions.
 *
 * A block is a run of instructions within one 4 KiB guest page, ended by a
 * control transfer, an exception, max_insns, or an instruction that asks for
 * it (A64_JUMP_NEXT).  Each instruction goes through the generated decoders
 * in turn (integer/branch/system, load/store, FP, Advanced SIMD); one that no
 * decoder accepts is an undefined instruction (SIGILL in the guest).
 *
 * Invariant: a trans_ function that returns false has emitted no IR.
 */
#include "common.h"
#include "translate.h"
#include "exec.h"
#include "log.h"
#include "debug.h"

#define A64_PAGE_SIZE 4096u

IRTemp a64_x[32];
IRTemp a64_pc;
IRTemp a64_nf, a64_zf, a64_cf, a64_vf;
IRTemp a64_excl_addr, a64_excl_val, a64_excl_val2;

static const char *const a64_reg_names[32] = {
    "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7",
    "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15",
    "x16", "x17", "x18", "x19", "x20", "x21", "x22", "x23",
    "x24", "x25", "x26", "x27", "x28", "x29", "x30", "sp",
};

void a64_init_globals(IRContext *ir)
{
    for (int i = 0; i < 32; i++) {
        a64_x[i] = ir_global(ir, IR_I64, offsetof(ARMCPU, xregs[i]), a64_reg_names[i]);
    }
    a64_pc = ir_global(ir, IR_I64, offsetof(ARMCPU, pc), "pc");
    a64_nf = ir_global(ir, IR_I64, offsetof(ARMCPU, nf), "nf");
    a64_zf = ir_global(ir, IR_I64, offsetof(ARMCPU, zf), "zf");
    a64_cf = ir_global(ir, IR_I64, offsetof(ARMCPU, cf), "cf");
    a64_vf = ir_global(ir, IR_I64, offsetof(ARMCPU, vf), "vf");
    a64_excl_addr = ir_global(ir, IR_I64, offsetof(ARMCPU, excl_addr), "excl_addr");
    a64_excl_val = ir_global(ir, IR_I64, offsetof(ARMCPU, excl_val), "excl_val");
    a64_excl_val2 = ir_global(ir, IR_I64, offsetof(ARMCPU, excl_val2), "excl_val2");
}

IRTemp cpu_reg(DisasContext *ctx, int r)
{
    return r == 31 ? ir_const_i64(ctx->ir, 0) : a64_x[r];
}

IRTemp cpu_reg_sp(DisasContext *ctx, int r)
{
    return a64_x[r];
}

IRTemp read_reg(DisasContext *ctx, int r, bool sf)
{
    IRTemp t;

    if (sf || r == 31) {
        return cpu_reg(ctx, r);
    }
    t = tmp64(ctx);
    ir_ext32u(ctx->ir, t, a64_x[r]);
    return t;
}

static void set_reg_common(DisasContext *ctx, IRTemp dst, IRTemp v, bool sf)
{
    if (sf) {
        if (dst != v) {
            ir_mov(ctx->ir, dst, v);
        }
    } else {
        ir_ext32u(ctx->ir, dst, v);
    }
}

void gen_set_reg(DisasContext *ctx, int r, IRTemp v, bool sf)
{
    if (r != 31) {
        set_reg_common(ctx, a64_x[r], v, sf);
    }
}

void gen_set_reg_sp(DisasContext *ctx, int r, IRTemp v, bool sf)
{
    set_reg_common(ctx, a64_x[r], v, sf);
}

void gen_clear_vreg_high(DisasContext *ctx, int rd, unsigned bytes)
{
    IRContext *ir = ctx->ir;
    IRTemp zero = ir_const_i64(ir, 0);

    if (bytes < 8) {
        IRTemp t = tmp64(ctx);
        ir_ld(ir, t, ir->env, vreg_off(rd), MO_64);
        ir_extract(ir, t, t, 0, bytes * 8);
        ir_st(ir, t, ir->env, vreg_off(rd), MO_64);
    }
    if (bytes < 16) {
        ir_st(ir, zero, ir->env, vreg_hi_off(rd), MO_64);
    }
}

/* ---- Flags ---- */

void gen_logic_flags(DisasContext *ctx, IRTemp res, bool sf)
{
    IRContext *ir = ctx->ir;

    if (sf) {
        ir_mov(ir, a64_nf, res);
        ir_mov(ir, a64_zf, res);
    } else {
        ir_ext32s(ir, a64_nf, res);
        ir_ext32u(ir, a64_zf, res);
    }
    ir_movi(ir, a64_cf, 0);
    ir_movi(ir, a64_vf, 0);
}

/* res = a - b with flags; a and b are zero-extended when !sf; res is a fresh temp. */
void gen_sub_flags(DisasContext *ctx, IRTemp res, IRTemp a, IRTemp b, bool sf)
{
    IRContext *ir = ctx->ir;
    IRTemp t = tmp64(ctx), u = tmp64(ctx);

    ir_sub(ir, res, a, b);
    ir_setcond(ir, IR_COND_GEU, a64_cf, a, b);
    ir_xor(ir, t, a, b);
    ir_xor(ir, u, a, res);
    ir_and(ir, t, t, u);
    if (sf) {
        ir_mov(ir, a64_vf, t);
        ir_mov(ir, a64_nf, res);
        ir_mov(ir, a64_zf, res);
    } else {
        ir_ext32s(ir, a64_vf, t);
        ir_ext32s(ir, a64_nf, res);
        ir_ext32u(ir, a64_zf, res);
    }
}

void gen_add_flags(DisasContext *ctx, IRTemp res, IRTemp a, IRTemp b, bool sf)
{
    IRContext *ir = ctx->ir;
    IRTemp t = tmp64(ctx), u = tmp64(ctx);

    ir_add(ir, res, a, b);
    if (sf) {
        ir_setcond(ir, IR_COND_LTU, a64_cf, res, a);
    } else {
        ir_extract(ir, a64_cf, res, 32, 1);
    }
    ir_xor(ir, t, res, a);
    ir_xor(ir, u, a, b);
    ir_andc(ir, t, t, u);
    if (sf) {
        ir_mov(ir, a64_vf, t);
        ir_mov(ir, a64_nf, res);
        ir_mov(ir, a64_zf, res);
    } else {
        ir_ext32s(ir, a64_vf, t);
        ir_ext32s(ir, a64_nf, res);
        ir_ext32u(ir, a64_zf, res);
    }
}

/* res = a + b + C with flags (SBC/SBCS pass ~b). */
void gen_adc_flags(DisasContext *ctx, IRTemp res, IRTemp a, IRTemp b, bool sf)
{
    IRContext *ir = ctx->ir;
    IRTemp t = tmp64(ctx), u = tmp64(ctx);

    if (sf) {
        IRTemp c1 = tmp64(ctx);
        ir_add(ir, t, a, a64_cf);
        ir_setcond(ir, IR_COND_LTU, c1, t, a);
        ir_add(ir, res, t, b);
        ir_setcond(ir, IR_COND_LTU, u, res, t);
        ir_or(ir, a64_cf, c1, u);
    } else {
        ir_add(ir, res, a, b);
        ir_add(ir, res, res, a64_cf);
        ir_extract(ir, a64_cf, res, 32, 1);
    }
    ir_xor(ir, t, res, a);
    ir_xor(ir, u, a, b);
    ir_andc(ir, t, t, u);
    if (sf) {
        ir_mov(ir, a64_vf, t);
        ir_mov(ir, a64_nf, res);
        ir_mov(ir, a64_zf, res);
    } else {
        ir_ext32s(ir, a64_vf, t);
        ir_ext32s(ir, a64_nf, res);
        ir_ext32u(ir, a64_zf, res);
    }
}

void gen_set_nzcv_imm(DisasContext *ctx, unsigned nzcv)
{
    IRContext *ir = ctx->ir;

    ir_movi(ir, a64_nf, (nzcv & 8) ? (uint64_t)-1 : 0);
    ir_movi(ir, a64_zf, (nzcv & 4) ? 0 : 1);
    ir_movi(ir, a64_cf, (nzcv & 2) ? 1 : 0);
    ir_movi(ir, a64_vf, (nzcv & 1) ? (uint64_t)-1 : 0);
}

/* ---- Conditions ---- */

/*
 * The condition as (IRCond, a, b) on the operands of the compare just
 * before, when that is possible; false otherwise.
 */
static bool cmp_shortcut(DisasContext *ctx, int cond, IRCond *c)
{
    static const IRCond sub_map[14] = {
        IR_COND_EQ, IR_COND_NE, IR_COND_GEU, IR_COND_LTU, IR_COND_NEVER, IR_COND_NEVER,
        IR_COND_NEVER, IR_COND_NEVER, IR_COND_GTU, IR_COND_LEU, IR_COND_GE, IR_COND_LT,
        IR_COND_GT, IR_COND_LE,
    };

    if (cond >= 14) {
        return false;
    }
    if (ctx->cmp_valid == 1) {
        *c = sub_map[cond];
        return *c != IR_COND_NEVER;
    }
    if (ctx->cmp_valid == 2 && cond < 2) {
        *c = cond ? IR_COND_TSTNE : IR_COND_TSTEQ;
        return true;
    }
    return false;
}

/*
 * Reduce cond to a test of one temp against zero: *t, *c such that the
 * condition holds iff c(*t, 0).
 */
static void cc_test(DisasContext *ctx, int cond, IRTemp *t, IRCond *c)
{
    IRContext *ir = ctx->ir;
    bool inv = cond & 1;
    IRTemp x;

    switch (cond >> 1) {
    case 0:     /* EQ: Z */
        *t = a64_zf;
        *c = IR_COND_EQ;
        break;
    case 1:     /* CS: C */
        *t = a64_cf;
        *c = IR_COND_NE;
        break;
    case 2:     /* MI: N */
        *t = a64_nf;
        *c = IR_COND_LT;
        break;
    case 3:     /* VS: V */
        *t = a64_vf;
        *c = IR_COND_LT;
        break;
    case 4:     /* HI: C && !Z */
        x = tmp64(ctx);
        ir_setcondi(ir, IR_COND_NE, x, a64_zf, 0);
        ir_and(ir, x, x, a64_cf);
        *t = x;
        *c = IR_COND_NE;
        break;
    case 5:     /* GE: N == V */
        x = tmp64(ctx);
        ir_xor(ir, x, a64_nf, a64_vf);
        *t = x;
        *c = IR_COND_GE;
        break;
    case 6: {   /* GT: !Z && N == V */
        IRTemp z = tmp64(ctx);
        x = tmp64(ctx);
        ir_xor(ir, x, a64_nf, a64_vf);
        ir_sari(ir, x, x, 63);
        ir_setcondi(ir, IR_COND_EQ, z, a64_zf, 0);
        ir_or(ir, x, x, z);
        *t = x;
        *c = IR_COND_EQ;
        break;
    }
    default:    /* AL, NV */
        *t = ir_const_i64(ir, 0);
        *c = IR_COND_EQ;
        inv = false;
        break;
    }
    if (inv) {
        *c = ir_cond_invert(*c);
    }
}

void gen_brcond_cc(DisasContext *ctx, int cond, IRLabel label)
{
    IRCond c;
    IRTemp t;

    if (cond >= 14) {
        ir_br(ctx->ir, label);
        return;
    }
    if (cmp_shortcut(ctx, cond, &c)) {
        ir_brcond(ctx->ir, c, ctx->cmp_a, ctx->cmp_b, label);
        return;
    }
    cc_test(ctx, cond, &t, &c);
    ir_brcondi(ctx->ir, c, t, 0, label);
}

void gen_setcond_cc(DisasContext *ctx, int cond, IRTemp out)
{
    IRCond c;
    IRTemp t;

    if (cond >= 14) {
        ir_movi(ctx->ir, out, 1);
        return;
    }
    if (cmp_shortcut(ctx, cond, &c)) {
        if (ctx->cmp_type == IR_I32) {
            IRTemp r = tmp32(ctx);
            ir_setcond(ctx->ir, c, r, ctx->cmp_a, ctx->cmp_b);
            ir_extu_i32_i64(ctx->ir, out, r);
        } else {
            ir_setcond(ctx->ir, c, out, ctx->cmp_a, ctx->cmp_b);
        }
        return;
    }
    cc_test(ctx, cond, &t, &c);
    ir_setcondi(ctx->ir, c, out, t, 0);
}

/* ---- Block exits ---- */

static bool a64_may_chain(DisasContext *ctx)
{
    return !(ctx->tb->cflags & (CF_NO_CHAIN | CF_SINGLE_INSN));
}

void gen_goto_tb(DisasContext *ctx, unsigned slot, uint64_t dest)
{
    if (a64_may_chain(ctx)) {
        ir_goto_tb(ctx->ir, slot);
        ir_movi(ctx->ir, a64_pc, dest);
        ir_exit_tb(ctx->ir, tb_exit_value(ctx->tb, slot));
    } else {
        ir_movi(ctx->ir, a64_pc, dest);
        ir_exit_tb(ctx->ir, 0);
    }
}

void gen_jump_pc(DisasContext *ctx)
{
    if (a64_may_chain(ctx)) {
        ir_lookup_and_goto_ptr(ctx->ir);
    } else {
        ir_exit_tb(ctx->ir, 0);
    }
}

void gen_exception(DisasContext *ctx, int excp, uint32_t imm)
{
    IRContext *ir = ctx->ir;

    ir_movi(ir, a64_pc, ctx->pc);
    ir_callN(ir, &helper_info_a64_raise, IR_TEMP_NONE, ir->env,
             ir_const_i32(ir, (uint32_t)excp), ir_const_i32(ir, imm));
    ir_exit_tb(ir, 0);
    ctx->jump = A64_JUMP_DONE;
}

void gen_undef(DisasContext *ctx)
{
    IRContext *ir = ctx->ir;

    log_mask_printf(LOG_UNIMP, "aarch64: unimplemented/undefined instruction 0x%08x at 0x%"
                    PRIx64 "\n", ctx->insn, ctx->pc);
    ir_st(ir, ir_const_i32(ir, ctx->insn), ir->env, offsetof(ARMCPU, bad_insn), MO_32);
    gen_exception(ctx, A64_EXCP_UDEF, 0);
}

/* ---- The loop ---- */

uint64_t a64_stat_undef, a64_stat_partial;

static bool a64_decode(DisasContext *ctx)
{
    IRContext *ir = ctx->ir;
    uint32_t nb_insns = ir->nb_insns, nb_labels = ir->nb_labels;
    bool ok = decode_a64(ctx, ctx->insn) || decode_a64_sys(ctx, ctx->insn) ||
              decode_a64_ldst(ctx, ctx->insn) || decode_a64_fp(ctx, ctx->insn) ||
              decode_a64_simd(ctx, ctx->insn) || decode_a64_crypto(ctx, ctx->insn);

    if (!ok) {
        a64_stat_undef++;
        if (ir->nb_insns != nb_insns) {
            /*
             * A trans_ function broke the invariant (emitted IR, then
             * rejected the encoding): drop that IR so the undefined
             * instruction has no side effect.  The fuzz test checks the
             * counter stays zero.
             */
            a64_stat_partial++;
            log_mask_printf(LOG_UNIMP, "aarch64: decoder emitted IR for rejected 0x%08x\n",
                            ctx->insn);
            ir->nb_insns = nb_insns;
        }
        /* Labels allocated by the rejecting function are unused: drop them too. */
        ir->nb_labels = nb_labels;
        ctx->jump = A64_JUMP_NONE;
    }
    return ok;
}

void a64_translate(IRContext *ir, CPUCommon *cs, TranslationBlock *tb, unsigned max_insns)
{
    DisasContext ctx = {
        .ir = ir, .cpu = arm_cpu(cs), .tb = tb, .jump = A64_JUMP_NONE,
    };
    uint64_t pc = tb->pc;
    uint64_t page_end = (pc | (A64_PAGE_SIZE - 1)) + 1;
    unsigned n = 0;

    if (max_insns == 0 || (tb->cflags & CF_SINGLE_INSN)) {
        max_insns = 1;
    }
    if (pc & 3) {
        /* A branch to a misaligned address: the PC alignment fault is taken at fetch. */
        ir_insn_start(ir, pc, 0);
        ctx.pc = pc;
        ctx.pc_next = pc + 4;
        gen_exception(&ctx, A64_EXCP_PC_ALIGN, 0);
        tb->size = 4;
        tb->icount = 1;
        return;
    }
    for (;;) {
        uint8_t b[4];

        if (n > 0 && pc >= page_end) {
            break;
        }
        if (!guest_code_access->fetch(cs, pc, b, 4)) {
            if (n == 0) {
                ir_insn_start(ir, pc, 0);
                ctx.pc = pc;
                ctx.pc_next = pc + 4;
                ir_st(ir, ir_const_i64(ir, pc), ir->env, offsetof(CPUCommon, fault_addr), MO_64);
                ir_st(ir, ir_const_i32(ir, 2), ir->env, offsetof(CPUCommon, fault_write), MO_32);
                gen_exception(&ctx, A64_EXCP_FETCH_FAULT, 0);
                pc += 4;
                n = 1;
            }
            break;
        }
        ir_insn_start(ir, pc, 0);
        ctx.pc = pc;
        ctx.pc_next = pc + 4;
        ctx.insn = b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
        ctx.cmp_insn = 0;
        if (debug_breakpoint_test(pc)) {
            gen_exception(&ctx, EXCP_DEBUG, 0);
        } else if (!a64_decode(&ctx)) {
            gen_undef(&ctx);
        }
        ctx.cmp_valid = ctx.cmp_insn;
        n++;
        pc = ctx.pc_next;
        if (ctx.jump != A64_JUMP_NONE || n >= max_insns) {
            break;
        }
    }
    if (ctx.jump != A64_JUMP_DONE) {
        gen_goto_tb(&ctx, 0, pc);
    }
    tb->size = (uint32_t)(pc - tb->pc);
    tb->icount = n;
}
