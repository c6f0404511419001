/*
 * translate-zb.c: trans_ functions of insn32-zb.decode, the bit-manipulation
 * extensions Zba, Zbb and Zbs ("RISC-V Bit-Manipulation ISA-extensions"
 * 1.0.0, chapter 2).  All of them only compute rd, so they are skipped when
 * rd is x0.  The 32-bit (W) forms work on 64-bit values and sign-extend.
 */
#include "common.h"
#include "translate.h"

#include "decode-insn32-zb.c.inc"

typedef void RVBinop(IRContext *ir, IRTemp out, IRTemp a, IRTemp b);
typedef void RVUnop(IRContext *ir, IRTemp out, IRTemp a);

static IRTemp zb_temp(DisasContext *ctx)
{
    return ir_temp_new(ctx->ir, IR_I64);
}

static bool zb_binop(DisasContext *ctx, arg_r *a, RVBinop *fn)
{
    if (a->rd != 0) {
        fn(ctx->ir, rv_gpr[a->rd], gpr_src(ctx, a->rs1), gpr_src(ctx, a->rs2));
    }
    return true;
}

static bool zb_unop(DisasContext *ctx, arg_r2 *a, RVUnop *fn)
{
    if (a->rd != 0) {
        fn(ctx->ir, rv_gpr[a->rd], gpr_src(ctx, a->rs1));
    }
    return true;
}

/* Zba: address generation.  shNadd(.uw) rd = (rs1 [zero-extended word]) << N + rs2. */

static bool gen_shadd(DisasContext *ctx, arg_r *a, unsigned sh, bool uw)
{
    IRContext *ir = ctx->ir;
    IRTemp t;

    if (a->rd == 0) {
        return true;
    }
    t = zb_temp(ctx);
    if (uw) {
        ir_deposit(ir, t, ir_const_i64(ir, 0), gpr_src(ctx, a->rs1), sh, 32);
    } else {
        ir_shli(ir, t, gpr_src(ctx, a->rs1), sh);
    }
    ir_add(ir, rv_gpr[a->rd], t, gpr_src(ctx, a->rs2));
    return true;
}

bool trans_add_uw(DisasContext *ctx, arg_r *a) { return gen_shadd(ctx, a, 0, true); }
bool trans_sh1add(DisasContext *ctx, arg_r *a) { return gen_shadd(ctx, a, 1, false); }
bool trans_sh2add(DisasContext *ctx, arg_r *a) { return gen_shadd(ctx, a, 2, false); }
bool trans_sh3add(DisasContext *ctx, arg_r *a) { return gen_shadd(ctx, a, 3, false); }
bool trans_sh1add_uw(DisasContext *ctx, arg_r *a) { return gen_shadd(ctx, a, 1, true); }
bool trans_sh2add_uw(DisasContext *ctx, arg_r *a) { return gen_shadd(ctx, a, 2, true); }
bool trans_sh3add_uw(DisasContext *ctx, arg_r *a) { return gen_shadd(ctx, a, 3, true); }

/* slli.uw: the low word shifted left; bits shifted past 63 are lost. */
bool trans_slli_uw(DisasContext *ctx, arg_shift *a)
{
    IRContext *ir = ctx->ir;
    unsigned len = a->shamt > 32 ? 64 - (unsigned)a->shamt : 32;

    if (a->rd != 0) {
        ir_deposit(ir, rv_gpr[a->rd], ir_const_i64(ir, 0), gpr_src(ctx, a->rs1), a->shamt, len);
    }
    return true;
}

/* Zbb: logic with negate. */
bool trans_andn(DisasContext *ctx, arg_r *a) { return zb_binop(ctx, a, ir_andc); }
bool trans_orn(DisasContext *ctx, arg_r *a) { return zb_binop(ctx, a, ir_orc); }
bool trans_xnor(DisasContext *ctx, arg_r *a) { return zb_binop(ctx, a, ir_eqv); }

/* Zbb: counting.  clz/ctz of zero is the width (64, or 32 for the W forms). */
bool trans_clz(DisasContext *ctx, arg_r2 *a)
{
    if (a->rd != 0) {
        ir_clzi(ctx->ir, rv_gpr[a->rd], gpr_src(ctx, a->rs1), 64);
    }
    return true;
}

bool trans_ctz(DisasContext *ctx, arg_r2 *a)
{
    if (a->rd != 0) {
        ir_ctzi(ctx->ir, rv_gpr[a->rd], gpr_src(ctx, a->rs1), 64);
    }
    return true;
}

bool trans_cpop(DisasContext *ctx, arg_r2 *a) { return zb_unop(ctx, a, ir_ctpop); }

/* The word moved to the top half: its leading zeros are the word's (32 if zero). */
bool trans_clzw(DisasContext *ctx, arg_r2 *a)
{
    IRTemp t;

    if (a->rd == 0) {
        return true;
    }
    t = zb_temp(ctx);
    ir_shli(ctx->ir, t, gpr_src(ctx, a->rs1), 32);
    ir_clzi(ctx->ir, rv_gpr[a->rd], t, 32);
    return true;
}

/* A bit set at position 32 stops the count at 32 for a zero word. */
bool trans_ctzw(DisasContext *ctx, arg_r2 *a)
{
    IRTemp t;

    if (a->rd == 0) {
        return true;
    }
    t = zb_temp(ctx);
    ir_ori(ctx->ir, t, gpr_src(ctx, a->rs1), 1ull << 32);
    ir_ctzi(ctx->ir, rv_gpr[a->rd], t, 32);
    return true;
}

bool trans_cpopw(DisasContext *ctx, arg_r2 *a)
{
    IRTemp t;

    if (a->rd == 0) {
        return true;
    }
    t = zb_temp(ctx);
    ir_ext32u(ctx->ir, t, gpr_src(ctx, a->rs1));
    ir_ctpop(ctx->ir, rv_gpr[a->rd], t);
    return true;
}

/* Zbb: min/max. */
static bool gen_minmax(DisasContext *ctx, arg_r *a, IRCond cond)
{
    IRTemp x, y;

    if (a->rd == 0) {
        return true;
    }
    x = gpr_src(ctx, a->rs1);
    y = gpr_src(ctx, a->rs2);
    ir_movcond(ctx->ir, cond, rv_gpr[a->rd], x, y, x, y);
    return true;
}

bool trans_max(DisasContext *ctx, arg_r *a) { return gen_minmax(ctx, a, IR_COND_GT); }
bool trans_maxu(DisasContext *ctx, arg_r *a) { return gen_minmax(ctx, a, IR_COND_GTU); }
bool trans_min(DisasContext *ctx, arg_r *a) { return gen_minmax(ctx, a, IR_COND_LT); }
bool trans_minu(DisasContext *ctx, arg_r *a) { return gen_minmax(ctx, a, IR_COND_LTU); }

/* Zbb: extensions. */
bool trans_sext_b(DisasContext *ctx, arg_r2 *a) { return zb_unop(ctx, a, ir_ext8s); }
bool trans_sext_h(DisasContext *ctx, arg_r2 *a) { return zb_unop(ctx, a, ir_ext16s); }
bool trans_zext_h(DisasContext *ctx, arg_r2 *a) { return zb_unop(ctx, a, ir_ext16u); }

/* Zbb: rotates.  Counts are masked (IR rotates by >= width are undefined). */
static bool gen_rotate(DisasContext *ctx, arg_r *a, RVBinop *fn)
{
    IRTemp cnt;

    if (a->rd == 0) {
        return true;
    }
    cnt = zb_temp(ctx);
    ir_andi(ctx->ir, cnt, gpr_src(ctx, a->rs2), 63);
    fn(ctx->ir, rv_gpr[a->rd], gpr_src(ctx, a->rs1), cnt);
    return true;
}

bool trans_rol(DisasContext *ctx, arg_r *a) { return gen_rotate(ctx, a, ir_rotl); }
bool trans_ror(DisasContext *ctx, arg_r *a) { return gen_rotate(ctx, a, ir_rotr); }

bool trans_rori(DisasContext *ctx, arg_shift *a)
{
    if (a->rd != 0) {
        ir_rotri(ctx->ir, rv_gpr[a->rd], gpr_src(ctx, a->rs1), (uint64_t)a->shamt);
    }
    return true;
}

/*
 * Word rotates: with the low word copied into both halves, a 64-bit rotate
 * by n < 32 leaves the 32-bit rotation in the low half; then sign-extend.
 */
static IRTemp gen_word_pair(DisasContext *ctx, int rs1)
{
    IRTemp src = gpr_src(ctx, rs1), t = zb_temp(ctx);

    ir_deposit(ctx->ir, t, src, src, 32, 32);
    return t;
}

static bool gen_rotate_w(DisasContext *ctx, arg_r *a, RVBinop *fn)
{
    IRContext *ir = ctx->ir;
    IRTemp t, cnt;

    if (a->rd == 0) {
        return true;
    }
    t = gen_word_pair(ctx, a->rs1);
    cnt = zb_temp(ctx);
    ir_andi(ir, cnt, gpr_src(ctx, a->rs2), 31);
    fn(ir, t, t, cnt);
    ir_ext32s(ir, rv_gpr[a->rd], t);
    return true;
}

bool trans_rolw(DisasContext *ctx, arg_r *a) { return gen_rotate_w(ctx, a, ir_rotl); }
bool trans_rorw(DisasContext *ctx, arg_r *a) { return gen_rotate_w(ctx, a, ir_rotr); }

bool trans_roriw(DisasContext *ctx, arg_shift *a)
{
    IRTemp t;

    if (a->rd == 0) {
        return true;
    }
    t = gen_word_pair(ctx, a->rs1);
    ir_rotri(ctx->ir, t, t, (uint64_t)a->shamt);
    ir_ext32s(ctx->ir, rv_gpr[a->rd], t);
    return true;
}

/*
 * orc.b: each byte becomes 0xff if non-zero, else 0x00.  Adding 0x7f to the
 * low 7 bits of a byte carries into bit 7 iff they are non-zero; or-ing the
 * byte itself covers bit 7.  The resulting 0x80 markers, moved to bit 0 and
 * multiplied by 0xff, fill their bytes without carrying into the next one.
 */
bool trans_orc_b(DisasContext *ctx, arg_r2 *a)
{
    IRContext *ir = ctx->ir;
    const uint64_t low7 = 0x7f7f7f7f7f7f7f7full;
    IRTemp src, t;

    if (a->rd == 0) {
        return true;
    }
    src = gpr_src(ctx, a->rs1);
    t = zb_temp(ctx);
    ir_andi(ir, t, src, low7);
    ir_addi(ir, t, t, low7);
    ir_or(ir, t, t, src);
    ir_andi(ir, t, t, ~low7);
    ir_shri(ir, t, t, 7);
    ir_muli(ir, rv_gpr[a->rd], t, 0xff);
    return true;
}

bool trans_rev8(DisasContext *ctx, arg_r2 *a) { return zb_unop(ctx, a, ir_bswap64); }

/* Zbs: single-bit operations; the bit index is rs2 mod 64 or the immediate. */
static bool gen_bit_op(DisasContext *ctx, arg_r *a, RVBinop *fn)
{
    IRContext *ir = ctx->ir;
    IRTemp cnt, bit;

    if (a->rd == 0) {
        return true;
    }
    cnt = zb_temp(ctx);
    bit = zb_temp(ctx);
    ir_andi(ir, cnt, gpr_src(ctx, a->rs2), 63);
    ir_shl(ir, bit, ir_const_i64(ir, 1), cnt);
    fn(ir, rv_gpr[a->rd], gpr_src(ctx, a->rs1), bit);
    return true;
}

bool trans_bset(DisasContext *ctx, arg_r *a) { return gen_bit_op(ctx, a, ir_or); }
bool trans_bclr(DisasContext *ctx, arg_r *a) { return gen_bit_op(ctx, a, ir_andc); }
bool trans_binv(DisasContext *ctx, arg_r *a) { return gen_bit_op(ctx, a, ir_xor); }

bool trans_bext(DisasContext *ctx, arg_r *a)
{
    IRContext *ir = ctx->ir;
    IRTemp cnt, t;

    if (a->rd == 0) {
        return true;
    }
    cnt = zb_temp(ctx);
    t = zb_temp(ctx);
    ir_andi(ir, cnt, gpr_src(ctx, a->rs2), 63);
    ir_shr(ir, t, gpr_src(ctx, a->rs1), cnt);
    ir_andi(ir, rv_gpr[a->rd], t, 1);
    return true;
}

bool trans_bseti(DisasContext *ctx, arg_shift *a)
{
    if (a->rd != 0) {
        ir_ori(ctx->ir, rv_gpr[a->rd], gpr_src(ctx, a->rs1), 1ull << a->shamt);
    }
    return true;
}

bool trans_bclri(DisasContext *ctx, arg_shift *a)
{
    if (a->rd != 0) {
        ir_andi(ctx->ir, rv_gpr[a->rd], gpr_src(ctx, a->rs1), ~(1ull << a->shamt));
    }
    return true;
}

bool trans_binvi(DisasContext *ctx, arg_shift *a)
{
    if (a->rd != 0) {
        ir_xori(ctx->ir, rv_gpr[a->rd], gpr_src(ctx, a->rs1), 1ull << a->shamt);
    }
    return true;
}

bool trans_bexti(DisasContext *ctx, arg_shift *a)
{
    if (a->rd != 0) {
        ir_extract(ctx->ir, rv_gpr[a->rd], gpr_src(ctx, a->rs1), a->shamt, 1);
    }
    return true;
}
