/*
 * translate-fp.c: A64 scalar floating point (a64-fp.decode; Arm ARM DDI
 * 0487 C4.1.90, semantics in C7).  Arithmetic goes through the helpers of
 * helper-fp.c (exact IEEE results with Arm's NaN/flag rules); moves, FABS,
 * FNEG, FCSEL and FMOV immediates are plain bit operations.
 *
 * A scalar write zeroes the rest of the 128-bit V register.  Half precision
 * (type 3) arithmetic is FEAT_FP16: undefined unless the CPU model has it
 * (a64_have); FCVT to and from half is Armv8.0 and always there.
 */
#include "common.h"
#include "translate.h"
#include "helper-fp.h"
#include "fpu/fpu.h"

#include "decode-a64-fp.c.inc"

/* Load the H/S/D register r of ftype `type` (zero-extended into an i64 temp). */
static IRTemp read_fp(DisasContext *ctx, int r, int type)
{
    IRTemp t = tmp64(ctx);

    ir_ld(ctx->ir, t, ctx->ir->env, vreg_off(r), type == 1 ? MO_64 : type == 3 ? MO_16 : MO_32);
    return t;
}

/* The helper descriptor bits of ftype `type`. */
static uint32_t fp_desc(int type)
{
    return type == 1 ? A64_FP_DBL : type == 3 ? A64_FP_HALF : 0;
}

/* The sign bit of ftype `type`. */
static uint64_t fp_sign(int type)
{
    return type == 1 ? 1ull << 63 : type == 3 ? 0x8000ull : 0x80000000ull;
}

/* Write v (already zero-extended to its width) to the S/D register r, clearing the rest. */
static void write_fp(DisasContext *ctx, int r, IRTemp v)
{
    IRContext *ir = ctx->ir;

    ir_st(ir, v, ir->env, vreg_off(r), MO_64);
    ir_st(ir, ir_const_i64(ir, 0), ir->env, vreg_hi_off(r), MO_64);
}

/* Single and double always; half with FEAT_FP16 only. */
static bool fp_type_ok(DisasContext *ctx, int type)
{
    return type == 0 || type == 1 || (type == 3 && a64_have(ctx, A64_FEAT_FP16));
}

bool trans_fp_1src(DisasContext *ctx, arg_fp1 *a)
{
    IRContext *ir = ctx->ir;
    bool dbl = a->type == 1;
    uint32_t d = fp_desc(a->type);
    IRTemp n, r;
    int op1;

    if (a->op == 4 || a->op == 5 || a->op == 7) {
        /*
         * FCVT between half, single and double (half precision conversions
         * are Armv8.0, unlike FP16 arithmetic).  op 4/5/7 is the destination
         * single/double/half, type 0/1/3 the source.
         */
        static const int size_of[8] = { [0] = 2, [1] = 3, [3] = 1, [4] = 2, [5] = 3, [7] = 1 };
        int from = size_of[a->type], to = size_of[a->op];
        if (a->type == 2 || from == to) {
            return false;
        }
        if (from == 1 || to == 1) {
            r = tmp64(ctx);
            n = tmp64(ctx);
            ir_ld(ir, n, ir->env, vreg_off(a->rn), from == 1 ? MO_16 : from == 2 ? MO_32 : MO_64);
            ir_callN(ir, &helper_info_a64_fcvt_h, r, ir->env, n,
                     ir_const_i32(ir, (uint32_t)(from | to << 2)));
            write_fp(ctx, a->rd, r);
            return true;
        }
    }
    if (!fp_type_ok(ctx, a->type)) {
        return false;
    }
    switch (a->op) {
    case 0: case 1: case 2:
        n = read_fp(ctx, a->rn, a->type);
        r = tmp64(ctx);
        if (a->op == 0) {
            ir_mov(ir, r, n);
        } else if (a->op == 1) {
            ir_andi(ir, r, n, fp_sign(a->type) - 1);
        } else {
            ir_xori(ir, r, n, fp_sign(a->type));
        }
        write_fp(ctx, a->rd, r);
        return true;
    case 3: op1 = A64_FP1_SQRT; break;
    case 4: case 5:
        if ((a->op == 5) == dbl || a->type == 3) {
            return false;       /* FCVT to the same precision; from half is above */
        }
        op1 = A64_FP1_CVT_OTHER;
        break;
    case 8: op1 = A64_FP1_RINTN; break;
    case 9: op1 = A64_FP1_RINTP; break;
    case 10: op1 = A64_FP1_RINTM; break;
    case 11: op1 = A64_FP1_RINTZ; break;
    case 12: op1 = A64_FP1_RINTA; break;
    case 14: op1 = A64_FP1_RINTX; break;
    case 15: op1 = A64_FP1_RINTI; break;
    default:
        return false;   /* FCVT to half, BFCVT, FRINT32/64 */
    }
    n = read_fp(ctx, a->rn, a->type);
    r = tmp64(ctx);
    ir_callN(ir, &helper_info_a64_fp1, r, ir->env, n, ir_const_i32(ir, (uint32_t)op1 | d));
    write_fp(ctx, a->rd, r);
    return true;
}

bool trans_fp_2src(DisasContext *ctx, arg_fp2 *a)
{
    IRContext *ir = ctx->ir;
    IRTemp r;

    if (!fp_type_ok(ctx, a->type) || a->op > 8) {
        return false;
    }
    r = tmp64(ctx);
    ir_callN(ir, &helper_info_a64_fp2, r, ir->env, read_fp(ctx, a->rn, a->type),
             read_fp(ctx, a->rm, a->type), ir_const_i32(ir, (uint32_t)a->op | fp_desc(a->type)));
    write_fp(ctx, a->rd, r);
    return true;
}

bool trans_fp_3src(DisasContext *ctx, arg_fp3 *a)
{
    static const unsigned neg[4] = {
        0, FP_FMA_NEG_PRODUCT, FP_FMA_NEG_PRODUCT | FP_FMA_NEG_ADDEND, FP_FMA_NEG_ADDEND,
    };
    IRContext *ir = ctx->ir;
    IRTemp r;

    if (!fp_type_ok(ctx, a->type)) {
        return false;
    }
    r = tmp64(ctx);
    ir_callN(ir, &helper_info_a64_fma, r, ir->env, read_fp(ctx, a->rn, a->type),
             read_fp(ctx, a->rm, a->type), read_fp(ctx, a->ra, a->type),
             ir_const_i32(ir, neg[a->o1 << 1 | a->o0] | fp_desc(a->type)));
    write_fp(ctx, a->rd, r);
    return true;
}

/* Set the split NZCV flags from a 4-bit NZCV value in a temp. */
static void gen_set_nzcv_from4(DisasContext *ctx, IRTemp v)
{
    IRContext *ir = ctx->ir;

    ir_shli(ir, a64_nf, v, 60);
    ir_andi(ir, a64_zf, v, 4);
    ir_xori(ir, a64_zf, a64_zf, 4);
    ir_extract(ir, a64_cf, v, 1, 1);
    ir_shli(ir, a64_vf, v, 63);
}

static void gen_fcmp(DisasContext *ctx, int type, int rn, int rm, bool z, bool e)
{
    IRContext *ir = ctx->ir;
    IRTemp r = tmp64(ctx);

    ir_callN(ir, &helper_info_a64_fcmp, r, ir->env, read_fp(ctx, rn, type),
             z ? ir_const_i64(ir, 0) : read_fp(ctx, rm, type),
             ir_const_i32(ir, fp_desc(type) | (e ? A64_FCMP_E : 0)));
    gen_set_nzcv_from4(ctx, r);
}

bool trans_fp_cmp(DisasContext *ctx, arg_fp_cmp *a)
{
    if (!fp_type_ok(ctx, a->type)) {
        return false;
    }
    gen_fcmp(ctx, a->type, a->rn, a->rm, a->z, a->e);
    return true;
}

bool trans_fp_ccmp(DisasContext *ctx, arg_fp_ccmp *a)
{
    IRContext *ir = ctx->ir;
    IRLabel yes = ir_label_new(ir), done = ir_label_new(ir);

    if (!fp_type_ok(ctx, a->type)) {
        return false;
    }
    gen_brcond_cc(ctx, a->cond, yes);
    gen_set_nzcv_imm(ctx, a->nzcv);
    ir_br(ir, done);
    ir_set_label(ir, yes);
    gen_fcmp(ctx, a->type, a->rn, a->rm, false, a->e);
    ir_set_label(ir, done);
    return true;
}

bool trans_fp_csel(DisasContext *ctx, arg_fp_csel *a)
{
    IRContext *ir = ctx->ir;
    IRTemp c, r;

    if (!fp_type_ok(ctx, a->type)) {
        return false;
    }
    c = tmp64(ctx);
    r = tmp64(ctx);
    gen_setcond_cc(ctx, a->cond, c);
    ir_movcond(ir, IR_COND_NE, r, c, ir_const_i64(ir, 0), read_fp(ctx, a->rn, a->type),
               read_fp(ctx, a->rm, a->type));
    write_fp(ctx, a->rd, r);
    return true;
}

/* VFPExpandImm (shared pseudocode): imm8 = a:b:cdefgh. */
uint64_t a64_vfp_expand_imm(unsigned imm8, bool dbl);
uint64_t a64_vfp_expand_imm(unsigned imm8, bool dbl)
{
    uint64_t sign = imm8 >> 7, b = (imm8 >> 6) & 1, cd = (imm8 >> 4) & 3, frac = imm8 & 15;

    if (dbl) {
        uint64_t exp = ((b ^ 1) << 10) | (b ? 0xffull << 2 : 0) | cd;
        return sign << 63 | exp << 52 | frac << 48;
    }
    return sign << 31 | (((b ^ 1) << 7) | (b ? 0x1full << 2 : 0) | cd) << 23 | frac << 19;
}

/* VFPExpandImm for N = 16: exponent NOT(b):b:b:cd, fraction efgh:000000. */
uint64_t a64_vfp_expand_imm16(unsigned imm8);
uint64_t a64_vfp_expand_imm16(unsigned imm8)
{
    uint64_t sign = imm8 >> 7, b = (imm8 >> 6) & 1, cd = (imm8 >> 4) & 3, frac = imm8 & 15;

    return sign << 15 | (((b ^ 1) << 4) | (b ? 3ull << 2 : 0) | cd) << 10 | frac << 6;
}

bool trans_fp_imm(DisasContext *ctx, arg_fp_imm *a)
{
    IRTemp r;

    if (!fp_type_ok(ctx, a->type)) {
        return false;
    }
    r = tmp64(ctx);
    ir_movi(ctx->ir, r, a->type == 3 ? a64_vfp_expand_imm16((unsigned)a->imm)
                                      : a64_vfp_expand_imm((unsigned)a->imm, a->type == 1));
    write_fp(ctx, a->rd, r);
    return true;
}

static void gen_fcvt_to_int(DisasContext *ctx, bool sf, int type, int rn, int rd, bool is_signed,
                            int rm, unsigned fbits)
{
    IRContext *ir = ctx->ir;
    uint32_t desc = fp_desc(type) | (is_signed ? A64_CVT_SIGNED : 0) |
                    (sf ? A64_CVT_64 : 0) | (uint32_t)rm << A64_CVT_RM_SHIFT |
                    fbits << A64_CVT_FBITS_SHIFT;
    IRTemp r = tmp64(ctx);

    ir_callN(ir, &helper_info_a64_fcvt_to_int, r, ir->env, read_fp(ctx, rn, type),
             ir_const_i32(ir, desc));
    gen_set_reg(ctx, rd, r, sf);
}

static void gen_int_to_fp(DisasContext *ctx, bool sf, int type, int rn, int rd, bool is_signed,
                          unsigned fbits)
{
    IRContext *ir = ctx->ir;
    uint32_t desc = fp_desc(type) | (is_signed ? A64_CVT_SIGNED : 0) |
                    (sf ? A64_CVT_64 : 0) | fbits << A64_CVT_FBITS_SHIFT;
    IRTemp r = tmp64(ctx);

    ir_callN(ir, &helper_info_a64_int_to_fp, r, ir->env, cpu_reg(ctx, rn), ir_const_i32(ir, desc));
    write_fp(ctx, rd, r);
}

bool trans_fp_int(DisasContext *ctx, arg_fp_int *a)
{
    IRContext *ir = ctx->ir;
    static const int rmodes[4] = { FP_RNE, FP_RUP, FP_RDN, FP_RTZ };

    if (a->op >= 6) {
        /* FMOV between general and FP registers. */
        IRTemp t = tmp64(ctx);
        if (a->rmode == 0 && ((a->sf == 0 && a->type == 0) || (a->sf == 1 && a->type == 1))) {
            if (a->op == 6) {
                ir_ld(ir, t, ir->env, vreg_off(a->rn), a->sf ? MO_64 : MO_32);
                gen_set_reg(ctx, a->rd, t, a->sf);
            } else {
                IRTemp src = read_reg(ctx, a->rn, a->sf);
                write_fp(ctx, a->rd, src);
            }
            return true;
        }
        if (a->rmode == 0 && a->type == 3 && fp_type_ok(ctx, 3)) {
            /* FMOV Wd/Xd, Hn zero-extends; FMOV Hd, Wn/Xn takes the low 16 bits. */
            if (a->op == 6) {
                ir_ld(ir, t, ir->env, vreg_off(a->rn), MO_16);
                gen_set_reg(ctx, a->rd, t, a->sf);
            } else {
                ir_andi(ir, t, read_reg(ctx, a->rn, a->sf), 0xffff);
                write_fp(ctx, a->rd, t);
            }
            return true;
        }
        if (a->rmode == 1 && a->sf == 1 && a->type == 2) {
            /* FMOV Xd, Vn.D[1] / FMOV Vd.D[1], Xn (the low half is kept). */
            if (a->op == 6) {
                ir_ld(ir, t, ir->env, vreg_hi_off(a->rn), MO_64);
                gen_set_reg(ctx, a->rd, t, true);
            } else {
                ir_st(ir, cpu_reg(ctx, a->rn), ir->env, vreg_hi_off(a->rd), MO_64);
            }
            return true;
        }
        return false;
    }
    if (!fp_type_ok(ctx, a->type)) {
        return false;
    }
    switch (a->op) {
    case 0: case 1:
        gen_fcvt_to_int(ctx, a->sf, a->type, a->rn, a->rd, a->op == 0, rmodes[a->rmode], 0);
        return true;
    case 4: case 5:
        if (a->rmode != 0) {
            return false;
        }
        gen_fcvt_to_int(ctx, a->sf, a->type, a->rn, a->rd, a->op == 4, FP_RMM, 0);
        return true;
    case 2: case 3:
        if (a->rmode != 0) {
            return false;
        }
        gen_int_to_fp(ctx, a->sf, a->type, a->rn, a->rd, a->op == 2, 0);
        return true;
    default:
        return false;
    }
}

bool trans_fp_fixed(DisasContext *ctx, arg_fp_fixed *a)
{
    unsigned fbits = 64 - (unsigned)a->scale;

    if (!fp_type_ok(ctx, a->type) || (!a->sf && a->scale < 32)) {
        return false;
    }
    if (a->rmode == 3 && a->op <= 1) {
        gen_fcvt_to_int(ctx, a->sf, a->type, a->rn, a->rd, a->op == 0, FP_RTZ, fbits);
        return true;
    }
    if (a->rmode == 0 && (a->op == 2 || a->op == 3)) {
        gen_int_to_fp(ctx, a->sf, a->type, a->rn, a->rd, a->op == 2, fbits);
        return true;
    }
    return false;
}
