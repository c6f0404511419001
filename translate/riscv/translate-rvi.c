/*
 * translate-rvi.c: trans_ functions of insn32.decode: RV64I, M, A, Zicsr and
 * Zifencei (RISC-V Unprivileged ISA 20191213, chapters 2, 3, 5, 7, 8, 9).
 *
 * The compressed instructions (insn16.decode) call these same functions.
 * Instructions that only compute a register value are skipped entirely when
 * rd is x0 (they are HINTs or no-ops); loads, atomics and CSR accesses keep
 * their side effects.
 */
#include "common.h"
#include "translate.h"

#include "decode-insn32.c.inc"

typedef void RVBinop(IRContext *ir, IRTemp out, IRTemp a, IRTemp b);
typedef void RVBinopi(IRContext *ir, IRTemp out, IRTemp a, uint64_t b);
typedef void RVUnop(IRContext *ir, IRTemp out, IRTemp a);

static IRTemp rv_temp(DisasContext *ctx)
{
    return ir_temp_new(ctx->ir, IR_I64);
}

static uint64_t sext_imm(int imm)
{
    return (uint64_t)(int64_t)imm;
}

/* Upper immediates and jumps (2.4, 2.5). */

bool trans_lui(DisasContext *ctx, arg_u *a)
{
    if (a->rd != 0) {
        ir_movi(ctx->ir, rv_gpr[a->rd], sext_imm(a->imm));
    }
    return true;
}

bool trans_auipc(DisasContext *ctx, arg_u *a)
{
    if (a->rd != 0) {
        ir_movi(ctx->ir, rv_gpr[a->rd], ctx->pc + sext_imm(a->imm));
    }
    return true;
}

/* Without C, a jump to an address that is not 4-byte aligned faults (2.5). */
static bool rv_target_misaligned(DisasContext *ctx, uint64_t target)
{
    return !has_ext(ctx, 'C') && (target & 3) != 0;
}

bool trans_jal(DisasContext *ctx, arg_j *a)
{
    uint64_t target = ctx->pc + sext_imm(a->imm);

    if (rv_target_misaligned(ctx, target)) {
        gen_exception(ctx, RV_EXCP_INSN_MISALIGNED);
        return true;
    }
    if (a->rd != 0) {
        ir_movi(ctx->ir, rv_gpr[a->rd], ctx->pc_next);
    }
    gen_direct_jump(ctx, target);
    return true;
}

bool trans_jalr(DisasContext *ctx, arg_i *a)
{
    IRContext *ir = ctx->ir;

    /* The target is computed before rd is written: rd may be rs1. */
    ir_addi(ir, rv_pc, gpr_src(ctx, a->rs1), sext_imm(a->imm));
    ir_andi(ir, rv_pc, rv_pc, ~(uint64_t)1);
    if (!has_ext(ctx, 'C')) {
        IRLabel ok = ir_label_new(ir);

        ir_brcondi(ir, IR_COND_TSTEQ, rv_pc, 2, ok);
        gen_exception(ctx, RV_EXCP_INSN_MISALIGNED);
        ir_set_label(ir, ok);
    }
    if (a->rd != 0) {
        ir_movi(ir, rv_gpr[a->rd], ctx->pc_next);
    }
    gen_jump_pc(ctx);
    ctx->jump = RV_JUMP_DONE;
    return true;
}

/*
 * Conditional branches (2.5): gen_cond_jump (translate.c) forms the block's
 * exits; a taken branch to a misaligned target faults instead.
 */
static bool gen_branch(DisasContext *ctx, arg_b *a, IRCond cond)
{
    IRContext *ir = ctx->ir;
    uint64_t target = ctx->pc + sext_imm(a->imm);
    IRLabel taken;

    if (!rv_target_misaligned(ctx, target)) {
        gen_cond_jump(ctx, cond, gpr_src(ctx, a->rs1), gpr_src(ctx, a->rs2), target);
        return true;
    }
    taken = ir_label_new(ir);
    ir_brcond(ir, cond, gpr_src(ctx, a->rs1), gpr_src(ctx, a->rs2), taken);
    gen_goto_tb(ctx, 0, ctx->pc_next);
    ir_set_label(ir, taken);
    gen_exception(ctx, RV_EXCP_INSN_MISALIGNED);
    return true;
}

bool trans_beq(DisasContext *ctx, arg_b *a) { return gen_branch(ctx, a, IR_COND_EQ); }
bool trans_bne(DisasContext *ctx, arg_b *a) { return gen_branch(ctx, a, IR_COND_NE); }
bool trans_blt(DisasContext *ctx, arg_b *a) { return gen_branch(ctx, a, IR_COND_LT); }
bool trans_bge(DisasContext *ctx, arg_b *a) { return gen_branch(ctx, a, IR_COND_GE); }
bool trans_bltu(DisasContext *ctx, arg_b *a) { return gen_branch(ctx, a, IR_COND_LTU); }
bool trans_bgeu(DisasContext *ctx, arg_b *a) { return gen_branch(ctx, a, IR_COND_GEU); }

/*
 * Loads and stores (2.6).  Misaligned accesses are performed (Linux user
 * mode makes them transparent), so no MO_ALIGN.
 */
static bool gen_load(DisasContext *ctx, arg_i *a, MemOp mo)
{
    IRTemp addr = gen_address(ctx, a->rs1, a->imm);
    IRTemp dst = gpr_dst(ctx, a->rd);

    ir_gld(ctx->ir, dst, addr, mo | MO_LE, 0);
    gen_set_gpr(ctx, a->rd, dst);
    return true;
}

static bool gen_store(DisasContext *ctx, arg_s *a, MemOp mo)
{
    IRTemp addr = gen_address(ctx, a->rs1, a->imm);

    ir_gst(ctx->ir, gpr_src(ctx, a->rs2), addr, mo | MO_LE, 0);
    return true;
}

bool trans_lb(DisasContext *ctx, arg_i *a) { return gen_load(ctx, a, MO_SB); }
bool trans_lh(DisasContext *ctx, arg_i *a) { return gen_load(ctx, a, MO_SW); }
bool trans_lw(DisasContext *ctx, arg_i *a) { return gen_load(ctx, a, MO_SL); }
bool trans_ld(DisasContext *ctx, arg_i *a) { return gen_load(ctx, a, MO_UQ); }
bool trans_lbu(DisasContext *ctx, arg_i *a) { return gen_load(ctx, a, MO_UB); }
bool trans_lhu(DisasContext *ctx, arg_i *a) { return gen_load(ctx, a, MO_UW); }
bool trans_lwu(DisasContext *ctx, arg_i *a) { return gen_load(ctx, a, MO_UL); }
bool trans_sb(DisasContext *ctx, arg_s *a) { return gen_store(ctx, a, MO_8); }
bool trans_sh(DisasContext *ctx, arg_s *a) { return gen_store(ctx, a, MO_16); }
bool trans_sw(DisasContext *ctx, arg_s *a) { return gen_store(ctx, a, MO_32); }
bool trans_sd(DisasContext *ctx, arg_s *a) { return gen_store(ctx, a, MO_64); }

/* Register-immediate and register-register operations (2.4, 5.2). */

static bool gen_arith_imm(DisasContext *ctx, arg_i *a, RVBinopi *fn)
{
    if (a->rd != 0) {
        fn(ctx->ir, rv_gpr[a->rd], gpr_src(ctx, a->rs1), sext_imm(a->imm));
    }
    return true;
}

static bool gen_arith(DisasContext *ctx, arg_r *a, RVBinop *fn)
{
    if (a->rd != 0) {
        fn(ctx->ir, rv_gpr[a->rd], gpr_src(ctx, a->rs1), gpr_src(ctx, a->rs2));
    }
    return true;
}

static bool gen_setcond(DisasContext *ctx, arg_r *a, IRCond cond)
{
    if (a->rd != 0) {
        ir_setcond(ctx->ir, cond, rv_gpr[a->rd], gpr_src(ctx, a->rs1), gpr_src(ctx, a->rs2));
    }
    return true;
}

static bool gen_setcond_imm(DisasContext *ctx, arg_i *a, IRCond cond)
{
    if (a->rd != 0) {
        ir_setcondi(ctx->ir, cond, rv_gpr[a->rd], gpr_src(ctx, a->rs1), sext_imm(a->imm));
    }
    return true;
}

bool trans_addi(DisasContext *ctx, arg_i *a) { return gen_arith_imm(ctx, a, ir_addi); }
bool trans_xori(DisasContext *ctx, arg_i *a) { return gen_arith_imm(ctx, a, ir_xori); }
bool trans_ori(DisasContext *ctx, arg_i *a) { return gen_arith_imm(ctx, a, ir_ori); }
bool trans_andi(DisasContext *ctx, arg_i *a) { return gen_arith_imm(ctx, a, ir_andi); }
bool trans_slti(DisasContext *ctx, arg_i *a) { return gen_setcond_imm(ctx, a, IR_COND_LT); }
bool trans_sltiu(DisasContext *ctx, arg_i *a) { return gen_setcond_imm(ctx, a, IR_COND_LTU); }

bool trans_add(DisasContext *ctx, arg_r *a) { return gen_arith(ctx, a, ir_add); }
bool trans_sub(DisasContext *ctx, arg_r *a) { return gen_arith(ctx, a, ir_sub); }
bool trans_xor(DisasContext *ctx, arg_r *a) { return gen_arith(ctx, a, ir_xor); }
bool trans_or(DisasContext *ctx, arg_r *a) { return gen_arith(ctx, a, ir_or); }
bool trans_and(DisasContext *ctx, arg_r *a) { return gen_arith(ctx, a, ir_and); }
bool trans_slt(DisasContext *ctx, arg_r *a) { return gen_setcond(ctx, a, IR_COND_LT); }
bool trans_sltu(DisasContext *ctx, arg_r *a) { return gen_setcond(ctx, a, IR_COND_LTU); }

/* Shifts by a register use its low 6 bits (5 for the W forms). */
static bool gen_shift(DisasContext *ctx, arg_r *a, RVBinop *fn)
{
    IRTemp cnt;

    if (a->rd == 0) {
        return true;
    }
    cnt = rv_temp(ctx);
    ir_andi(ctx->ir, cnt, gpr_src(ctx, a->rs2), 63);
    fn(ctx->ir, rv_gpr[a->rd], gpr_src(ctx, a->rs1), cnt);
    return true;
}

static bool gen_shift_imm(DisasContext *ctx, arg_shift *a, RVBinopi *fn)
{
    if (a->rd != 0) {
        fn(ctx->ir, rv_gpr[a->rd], gpr_src(ctx, a->rs1), (uint64_t)a->shamt);
    }
    return true;
}

bool trans_sll(DisasContext *ctx, arg_r *a) { return gen_shift(ctx, a, ir_shl); }
bool trans_srl(DisasContext *ctx, arg_r *a) { return gen_shift(ctx, a, ir_shr); }
bool trans_sra(DisasContext *ctx, arg_r *a) { return gen_shift(ctx, a, ir_sar); }
bool trans_slli(DisasContext *ctx, arg_shift *a) { return gen_shift_imm(ctx, a, ir_shli); }
bool trans_srli(DisasContext *ctx, arg_shift *a) { return gen_shift_imm(ctx, a, ir_shri); }
bool trans_srai(DisasContext *ctx, arg_shift *a) { return gen_shift_imm(ctx, a, ir_sari); }

/* RV64 word operations: compute in 64 bits, then sign-extend the low 32 (5.2). */

bool trans_addiw(DisasContext *ctx, arg_i *a)
{
    IRTemp t;

    if (a->rd == 0) {
        return true;
    }
    t = rv_temp(ctx);
    ir_addi(ctx->ir, t, gpr_src(ctx, a->rs1), sext_imm(a->imm));
    ir_ext32s(ctx->ir, rv_gpr[a->rd], t);
    return true;
}

bool trans_slliw(DisasContext *ctx, arg_shift *a)
{
    IRTemp t;

    if (a->rd == 0) {
        return true;
    }
    t = rv_temp(ctx);
    ir_shli(ctx->ir, t, gpr_src(ctx, a->rs1), (uint64_t)a->shamt);
    ir_ext32s(ctx->ir, rv_gpr[a->rd], t);
    return true;
}

bool trans_srliw(DisasContext *ctx, arg_shift *a)
{
    if (a->rd == 0) {
        return true;
    }
    if (a->shamt == 0) {
        ir_ext32s(ctx->ir, rv_gpr[a->rd], gpr_src(ctx, a->rs1));
    } else {
        /* Bit 31 of the result is 0, so the zero-extended field is also its sign extension. */
        ir_extract(ctx->ir, rv_gpr[a->rd], gpr_src(ctx, a->rs1), a->shamt, 32 - a->shamt);
    }
    return true;
}

bool trans_sraiw(DisasContext *ctx, arg_shift *a)
{
    if (a->rd != 0) {
        ir_sextract(ctx->ir, rv_gpr[a->rd], gpr_src(ctx, a->rs1), a->shamt, 32 - a->shamt);
    }
    return true;
}

static bool gen_arith_w(DisasContext *ctx, arg_r *a, RVBinop *fn)
{
    IRTemp t;

    if (a->rd == 0) {
        return true;
    }
    t = rv_temp(ctx);
    fn(ctx->ir, t, gpr_src(ctx, a->rs1), gpr_src(ctx, a->rs2));
    ir_ext32s(ctx->ir, rv_gpr[a->rd], t);
    return true;
}

bool trans_addw(DisasContext *ctx, arg_r *a) { return gen_arith_w(ctx, a, ir_add); }
bool trans_subw(DisasContext *ctx, arg_r *a) { return gen_arith_w(ctx, a, ir_sub); }
bool trans_mulw(DisasContext *ctx, arg_r *a) { return gen_arith_w(ctx, a, ir_mul); }

bool trans_sllw(DisasContext *ctx, arg_r *a)
{
    IRContext *ir = ctx->ir;
    IRTemp cnt, t;

    if (a->rd == 0) {
        return true;
    }
    cnt = rv_temp(ctx);
    t = rv_temp(ctx);
    ir_andi(ir, cnt, gpr_src(ctx, a->rs2), 31);
    ir_shl(ir, t, gpr_src(ctx, a->rs1), cnt);
    ir_ext32s(ir, rv_gpr[a->rd], t);
    return true;
}

bool trans_srlw(DisasContext *ctx, arg_r *a)
{
    IRContext *ir = ctx->ir;
    IRTemp cnt, t;

    if (a->rd == 0) {
        return true;
    }
    cnt = rv_temp(ctx);
    t = rv_temp(ctx);
    ir_andi(ir, cnt, gpr_src(ctx, a->rs2), 31);
    ir_ext32u(ir, t, gpr_src(ctx, a->rs1));
    ir_shr(ir, t, t, cnt);
    ir_ext32s(ir, rv_gpr[a->rd], t);
    return true;
}

bool trans_sraw(DisasContext *ctx, arg_r *a)
{
    IRContext *ir = ctx->ir;
    IRTemp cnt, t;

    if (a->rd == 0) {
        return true;
    }
    cnt = rv_temp(ctx);
    t = rv_temp(ctx);
    ir_andi(ir, cnt, gpr_src(ctx, a->rs2), 31);
    ir_ext32s(ir, t, gpr_src(ctx, a->rs1));
    /* An arithmetic shift of a sign-extended word stays sign-extended. */
    ir_sar(ir, rv_gpr[a->rd], t, cnt);
    return true;
}

/* Fences, environment calls (2.7, 2.8, chapter 3). */

bool trans_fence(DisasContext *ctx, arg_fence *a)
{
    /* pred/succ bits: I O R W.  Device input/output order like loads/stores here. */
    bool pr = a->pred & 0xa, pw = a->pred & 0x5;
    bool sr = a->succ & 0xa, sw = a->succ & 0x5;
    unsigned kind = (pr && sr ? IR_MB_LD_LD : 0) | (pr && sw ? IR_MB_LD_ST : 0) |
                    (pw && sr ? IR_MB_ST_LD : 0) | (pw && sw ? IR_MB_ST_ST : 0);

    if (kind) {
        ir_mb(ctx->ir, kind);
    }
    return true;
}

/*
 * Stores to code are caught by the user-mode layer, which invalidates the
 * blocks; ending the block makes the following instructions re-translated.
 */
bool trans_fence_i(DisasContext *ctx, arg_empty *a)
{
    ctx->jump = RV_JUMP_NEXT;
    return true;
}

bool trans_ecall(DisasContext *ctx, arg_empty *a)
{
    gen_exception(ctx, RV_EXCP_ECALL);
    return true;
}

bool trans_ebreak(DisasContext *ctx, arg_empty *a)
{
    gen_exception(ctx, RV_EXCP_EBREAK);
    return true;
}

/*
 * M (chapter 7).  The IR leaves division by zero and MIN / -1 undefined;
 * table 7.1 defines them: quotient -1 (all ones) and remainder = dividend for
 * a zero divisor; quotient MIN and remainder 0 on overflow.  The divisor is
 * replaced by 1 in both cases (MIN / 1 = MIN, MIN % 1 = 0), then the
 * zero-divisor results are selected.
 */

bool trans_mul(DisasContext *ctx, arg_r *a) { return gen_arith(ctx, a, ir_mul); }
bool trans_mulh(DisasContext *ctx, arg_r *a) { return gen_arith(ctx, a, ir_mulsh); }
bool trans_mulhu(DisasContext *ctx, arg_r *a) { return gen_arith(ctx, a, ir_muluh); }

/* high(signed a * unsigned b) = high(unsigned a * b) - (a < 0 ? b : 0). */
bool trans_mulhsu(DisasContext *ctx, arg_r *a)
{
    IRContext *ir = ctx->ir;
    IRTemp hi, fix;

    if (a->rd == 0) {
        return true;
    }
    hi = rv_temp(ctx);
    fix = rv_temp(ctx);
    ir_muluh(ir, hi, gpr_src(ctx, a->rs1), gpr_src(ctx, a->rs2));
    ir_sari(ir, fix, gpr_src(ctx, a->rs1), 63);
    ir_and(ir, fix, fix, gpr_src(ctx, a->rs2));
    ir_sub(ir, rv_gpr[a->rd], hi, fix);
    return true;
}

/*
 * The 64-bit division with the guards, into out.  n and d are the (already
 * extended) operands.  check_ovf: MIN / -1 is possible (64-bit signed only).
 */
static void gen_div_guarded(DisasContext *ctx, IRTemp out, IRTemp n, IRTemp d,
                            bool is_signed, bool check_ovf, bool rem)
{
    IRContext *ir = ctx->ir;
    IRTemp one = ir_const_i64(ir, 1);
    IRTemp zero = ir_const_i64(ir, 0);
    IRTemp dv = rv_temp(ctx);
    IRTemp q = rv_temp(ctx);

    if (check_ovf) {
        IRTemp bad = rv_temp(ctx);
        IRTemp t = rv_temp(ctx);

        ir_setcondi(ir, IR_COND_EQ, bad, n, (uint64_t)INT64_MIN);
        ir_setcondi(ir, IR_COND_EQ, t, d, (uint64_t)-1);
        ir_and(ir, bad, bad, t);
        ir_setcondi(ir, IR_COND_EQ, t, d, 0);
        ir_or(ir, bad, bad, t);
        ir_movcond(ir, IR_COND_NE, dv, bad, zero, one, d);
    } else {
        ir_movcond(ir, IR_COND_EQ, dv, d, zero, one, d);
    }
    if (is_signed) {
        (rem ? ir_rem : ir_div)(ir, q, n, dv);
    } else {
        (rem ? ir_remu : ir_divu)(ir, q, n, dv);
    }
    ir_movcond(ir, IR_COND_EQ, out, d, zero, rem ? n : ir_const_i64(ir, (uint64_t)-1), q);
}

static bool gen_div(DisasContext *ctx, arg_r *a, bool is_signed, bool rem)
{
    if (a->rd != 0) {
        gen_div_guarded(ctx, rv_gpr[a->rd], gpr_src(ctx, a->rs1), gpr_src(ctx, a->rs2),
                        is_signed, is_signed, rem);
    }
    return true;
}

/*
 * Word division: the operands are extended to 64 bits, where MIN32 / -1 does
 * not overflow and its result truncates to MIN32 as the spec requires.
 */
static bool gen_div_w(DisasContext *ctx, arg_r *a, bool is_signed, bool rem)
{
    IRContext *ir = ctx->ir;
    IRTemp n, d, r;

    if (a->rd == 0) {
        return true;
    }
    n = rv_temp(ctx);
    d = rv_temp(ctx);
    r = rv_temp(ctx);
    if (is_signed) {
        ir_ext32s(ir, n, gpr_src(ctx, a->rs1));
        ir_ext32s(ir, d, gpr_src(ctx, a->rs2));
    } else {
        ir_ext32u(ir, n, gpr_src(ctx, a->rs1));
        ir_ext32u(ir, d, gpr_src(ctx, a->rs2));
    }
    gen_div_guarded(ctx, r, n, d, is_signed, false, rem);
    ir_ext32s(ir, rv_gpr[a->rd], r);
    return true;
}

bool trans_div(DisasContext *ctx, arg_r *a) { return gen_div(ctx, a, true, false); }
bool trans_divu(DisasContext *ctx, arg_r *a) { return gen_div(ctx, a, false, false); }
bool trans_rem(DisasContext *ctx, arg_r *a) { return gen_div(ctx, a, true, true); }
bool trans_remu(DisasContext *ctx, arg_r *a) { return gen_div(ctx, a, false, true); }
bool trans_divw(DisasContext *ctx, arg_r *a) { return gen_div_w(ctx, a, true, false); }
bool trans_divuw(DisasContext *ctx, arg_r *a) { return gen_div_w(ctx, a, false, false); }
bool trans_remw(DisasContext *ctx, arg_r *a) { return gen_div_w(ctx, a, true, true); }
bool trans_remuw(DisasContext *ctx, arg_r *a) { return gen_div_w(ctx, a, false, true); }

/*
 * A (chapter 8).  AMOs are host atomic read-modify-writes, which are
 * sequentially consistent on every back end (lock-prefixed on x86, SEQ_CST
 * __atomic builtins in the interpreter), so aq/rl need no extra barrier.
 * Word AMOs use MO_SL: the old value comes back sign-extended, as rd wants.
 *
 * LR/SC are emulated with compare-and-swap: LR records the address and the
 * value loaded; SC succeeds if its address is the reserved one and memory
 * still holds that value (an ABA change goes unnoticed, which real programs'
 * LR/SC loops tolerate).  SC always clears the reservation.
 */
static bool gen_amo(DisasContext *ctx, arg_atomic *a, IROpcode op, MemOp mo)
{
    IRTemp dst = gpr_dst(ctx, a->rd);

    ir_atomic_op(ctx->ir, op, dst, gpr_src(ctx, a->rs1), gpr_src(ctx, a->rs2), mo | MO_LE, 0);
    gen_set_gpr(ctx, a->rd, dst);
    return true;
}

static bool gen_lr(DisasContext *ctx, arg_atomic *a, MemOp mo)
{
    IRContext *ir = ctx->ir;

    if (a->rl) {
        ir_mb(ir, IR_MB_ALL);
    }
    ir_gld(ir, rv_load_val, gpr_src(ctx, a->rs1), mo | MO_LE, 0);
    ir_mov(ir, rv_load_res, gpr_src(ctx, a->rs1));
    gen_set_gpr(ctx, a->rd, rv_load_val);
    if (a->aq) {
        /* A plain load: later accesses must not move above it. */
        ir_mb(ir, IR_MB_LD_LD | IR_MB_LD_ST);
    }
    return true;
}

static bool gen_sc(DisasContext *ctx, arg_atomic *a, MemOp mo)
{
    IRContext *ir = ctx->ir;
    IRLabel fail = ir_label_new(ir);
    IRLabel done = ir_label_new(ir);
    IRTemp old, dst;

    ir_brcond(ir, IR_COND_NE, gpr_src(ctx, a->rs1), rv_load_res, fail);
    old = rv_temp(ctx);
    ir_atomic_cmpxchg(ir, old, gpr_src(ctx, a->rs1), rv_load_val, gpr_src(ctx, a->rs2),
                      mo | MO_LE, 0);
    /* rd = 0 on success, 1 on failure.  Both values are extended alike by mo. */
    dst = gpr_dst(ctx, a->rd);
    ir_setcond(ir, IR_COND_NE, dst, old, rv_load_val);
    gen_set_gpr(ctx, a->rd, dst);
    ir_br(ir, done);
    ir_set_label(ir, fail);
    dst = gpr_dst(ctx, a->rd);
    ir_movi(ir, dst, 1);
    gen_set_gpr(ctx, a->rd, dst);
    ir_set_label(ir, done);
    ir_movi(ir, rv_load_res, (uint64_t)-1);
    return true;
}

bool trans_lr_w(DisasContext *ctx, arg_atomic *a) { return gen_lr(ctx, a, MO_SL); }
bool trans_lr_d(DisasContext *ctx, arg_atomic *a) { return gen_lr(ctx, a, MO_UQ); }
bool trans_sc_w(DisasContext *ctx, arg_atomic *a) { return gen_sc(ctx, a, MO_SL); }
bool trans_sc_d(DisasContext *ctx, arg_atomic *a) { return gen_sc(ctx, a, MO_UQ); }

#define RV_AMO(name, op)                                                       \
    bool trans_amo##name##_w(DisasContext *ctx, arg_atomic *a)                 \
    {                                                                          \
        return gen_amo(ctx, a, IR_OP_atomic_##op, MO_SL);                      \
    }                                                                          \
    bool trans_amo##name##_d(DisasContext *ctx, arg_atomic *a)                 \
    {                                                                          \
        return gen_amo(ctx, a, IR_OP_atomic_##op, MO_UQ);                      \
    }
RV_AMO(swap, xchg)
RV_AMO(add, add)
RV_AMO(xor, xor)
RV_AMO(and, and)
RV_AMO(or, or)
RV_AMO(min, smin)
RV_AMO(max, smax)
RV_AMO(minu, umin)
RV_AMO(maxu, umax)
#undef RV_AMO

/*
 * Zicsr (chapter 9).  CSRs are read and written through helpers (they are
 * rare: fenv functions and the counters).  Which CSRs exist is decided at
 * translation time; a write to a read-only CSR (number bits 11:10 == 3) is an
 * illegal instruction.  csrrw with rd == x0 does not read; csrrs/csrrc with
 * rs1 == x0 (or a zero immediate) do not write.
 */
typedef enum RVCsrOp { RV_CSR_OP_WRITE, RV_CSR_OP_SET, RV_CSR_OP_CLEAR } RVCsrOp;

static bool gen_csr(DisasContext *ctx, int csr, int rd, IRTemp src, bool src_is_zero, RVCsrOp op)
{
    IRContext *ir = ctx->ir;
    bool do_read = op != RV_CSR_OP_WRITE || rd != 0;
    bool do_write = op == RV_CSR_OP_WRITE || !src_is_zero;
    IRTemp csrno = ir_const_i32(ir, (uint32_t)csr);
    IRTemp old = IR_TEMP_NONE, val = src;

    if (!rv_csr_valid(ctx, csr) || (do_write && (csr >> 10) == 3)) {
        return false;
    }
    if (do_read) {
        old = rv_temp(ctx);
        ir_callN(ir, &helper_info_rv_csr_read, old, ir->env, csrno);
    }
    if (do_write) {
        if (op != RV_CSR_OP_WRITE) {
            val = rv_temp(ctx);
            if (op == RV_CSR_OP_SET) {
                ir_or(ir, val, old, src);
            } else {
                ir_andc(ir, val, old, src);
            }
        }
        ir_callN(ir, &helper_info_rv_csr_write, IR_TEMP_NONE, ir->env, csrno, val);
    }
    if (do_read) {
        gen_set_gpr(ctx, rd, old);
    }
    return true;
}

bool trans_csrrw(DisasContext *ctx, arg_csr *a)
{
    return gen_csr(ctx, a->csr, a->rd, gpr_src(ctx, a->rs1), a->rs1 == 0, RV_CSR_OP_WRITE);
}

bool trans_csrrs(DisasContext *ctx, arg_csr *a)
{
    return gen_csr(ctx, a->csr, a->rd, gpr_src(ctx, a->rs1), a->rs1 == 0, RV_CSR_OP_SET);
}

bool trans_csrrc(DisasContext *ctx, arg_csr *a)
{
    return gen_csr(ctx, a->csr, a->rd, gpr_src(ctx, a->rs1), a->rs1 == 0, RV_CSR_OP_CLEAR);
}

/* The immediate forms: the rs1 field is a 5-bit zero-extended immediate. */
bool trans_csrrwi(DisasContext *ctx, arg_csr *a)
{
    return gen_csr(ctx, a->csr, a->rd, ir_const_i64(ctx->ir, (uint64_t)a->rs1), a->rs1 == 0,
                   RV_CSR_OP_WRITE);
}

bool trans_csrrsi(DisasContext *ctx, arg_csr *a)
{
    return gen_csr(ctx, a->csr, a->rd, ir_const_i64(ctx->ir, (uint64_t)a->rs1), a->rs1 == 0,
                   RV_CSR_OP_SET);
}

bool trans_csrrci(DisasContext *ctx, arg_csr *a)
{
    return gen_csr(ctx, a->csr, a->rd, ir_const_i64(ctx->ir, (uint64_t)a->rs1), a->rs1 == 0,
                   RV_CSR_OP_CLEAR);
}
