/*
 * translate-simd.c: A64 Advanced SIMD (a64-simd.decode; Arm ARM DDI 0487
 * C4.1.90, semantics in C7).  Whole-register moves, immediates, DUP/INS
 * from general registers and UMOV/SMOV are inline IR; the element loops are
 * helpers (helper-simd.c), which also say which encodings of each group are
 * implemented (a64_simd_valid).
 */
#include "common.h"
#include "translate.h"
#include "helper-simd.h"

#include "decode-a64-simd.c.inc"

/* Set by the tests to compare the inline IR with the helpers. */
bool a64_vec_inline_disabled;

static bool gen_simd_call(DisasContext *ctx, A64SimdGroup g, uint32_t desc)
{
    IRContext *ir = ctx->ir;

    if (!a64_simd_valid(g, desc)) {
        if (!a64_simd_ext_valid(g, desc)) {
            return false;
        }
        ir_callN(ir, &helper_info_a64_simd_ext, IR_TEMP_NONE, ir->env,
                 ir_const_i32(ir, (uint32_t)g), ir_const_i32(ir, desc));
        return true;
    }
    if (!a64_vec_inline_disabled && a64_vec_inline(ctx, g, desc)) {
        return true;
    }
    ir_callN(ir, &helper_info_a64_simd, IR_TEMP_NONE, ir->env, ir_const_i32(ir, (uint32_t)g),
             ir_const_i32(ir, desc));
    return true;
}

/* ORR Vd, Vn, Vn (MOV) and the bitwise ops on whole registers: inline. */
static bool gen_logic_inline(DisasContext *ctx, arg_v3 *a)
{
    IRContext *ir = ctx->ir;
    int halves = a->q ? 2 : 1;

    if (a->opcode != 3 || a->u || a->size == 1 || a->size == 3) {
        return false;
    }
    for (int h = 0; h < halves; h++) {
        IRTemp x = tmp64(ctx), y = tmp64(ctx);
        ir_ld(ir, x, ir->env, vreg_off(a->rn) + 8 * h, MO_64);
        if (a->rn != a->rm || a->size != 2) {
            ir_ld(ir, y, ir->env, vreg_off(a->rm) + 8 * h, MO_64);
            if (a->size == 0) {
                ir_and(ir, x, x, y);
            } else {
                ir_or(ir, x, x, y);
            }
        }
        ir_st(ir, x, ir->env, vreg_off(a->rd) + 8 * h, MO_64);
    }
    if (!a->q) {
        ir_st(ir, ir_const_i64(ir, 0), ir->env, vreg_hi_off(a->rd), MO_64);
    }
    return true;
}

bool trans_simd_3same(DisasContext *ctx, arg_v3 *a)
{
    if (gen_logic_inline(ctx, a)) {
        return true;
    }
    return gen_simd_call(ctx, A64_SIMD_3SAME,
                         simd_desc(a->rd, a->rn, a->rm, a->q, a->size, a->u, a->opcode, 0, 0));
}

bool trans_simd_s3same(DisasContext *ctx, arg_v3 *a)
{
    return gen_simd_call(ctx, A64_SIMD_3SAME,
                         simd_desc(a->rd, a->rn, a->rm, 0, a->size, a->u, a->opcode, 1, 0));
}

bool trans_simd_3diff(DisasContext *ctx, arg_v3 *a)
{
    if (a->opcode == 0xe && a->size == 3 && !a->u) {
        return a64_gen_pmull64(ctx, a->q, a->rd, a->rn, a->rm);
    }
    return gen_simd_call(ctx, A64_SIMD_3DIFF,
                         simd_desc(a->rd, a->rn, a->rm, a->q, a->size, a->u, a->opcode, 0, 0));
}

/* Scalar three-different: only SQDMLAL/SQDMLSL/SQDMULL, all in helper-simd-ext.c. */
bool trans_simd_s3diff(DisasContext *ctx, arg_v3 *a)
{
    IRContext *ir = ctx->ir;
    uint32_t desc = simd_desc(a->rd, a->rn, a->rm, 0, a->size, a->u, a->opcode, 1, 0);

    if (!a64_simd_ext_valid(A64_SIMD_3DIFF, desc)) {
        return false;
    }
    ir_callN(ir, &helper_info_a64_simd_ext, IR_TEMP_NONE, ir->env,
             ir_const_i32(ir, A64_SIMD_3DIFF), ir_const_i32(ir, desc));
    return true;
}

bool trans_simd_2misc(DisasContext *ctx, arg_v2 *a)
{
    return gen_simd_call(ctx, A64_SIMD_2MISC,
                         simd_desc(a->rd, a->rn, 0, a->q, a->size, a->u, a->opcode, 0, 0));
}

bool trans_simd_s2misc(DisasContext *ctx, arg_v2 *a)
{
    return gen_simd_call(ctx, A64_SIMD_2MISC,
                         simd_desc(a->rd, a->rn, 0, 0, a->size, a->u, a->opcode, 1, 0));
}

/* Half precision (FEAT_FP16): undefined unless the CPU model has it. */
static bool gen_fp16(DisasContext *ctx, A64SimdGroup g, uint32_t desc)
{
    IRContext *ir = ctx->ir;

    if (!a64_have(ctx, A64_FEAT_FP16) || !a64_simd_fp16_valid(g, desc)) {
        return false;
    }
    ir_callN(ir, &helper_info_a64_simd_fp16, IR_TEMP_NONE, ir->env, ir_const_i32(ir, (uint32_t)g),
             ir_const_i32(ir, desc));
    return true;
}

bool trans_simd_3same_h(DisasContext *ctx, arg_v3 *a)
{
    return gen_fp16(ctx, A64_SIMD_3SAME,
                    simd_desc(a->rd, a->rn, a->rm, a->q, a->size, a->u, a->opcode, 0, 0));
}

bool trans_simd_s3same_h(DisasContext *ctx, arg_v3 *a)
{
    return gen_fp16(ctx, A64_SIMD_3SAME,
                    simd_desc(a->rd, a->rn, a->rm, 0, a->size, a->u, a->opcode, 1, 0));
}

bool trans_simd_2misc_h(DisasContext *ctx, arg_v2 *a)
{
    return gen_fp16(ctx, A64_SIMD_2MISC,
                    simd_desc(a->rd, a->rn, 0, a->q, a->size, a->u, a->opcode, 0, 0));
}

bool trans_simd_s2misc_h(DisasContext *ctx, arg_v2 *a)
{
    return gen_fp16(ctx, A64_SIMD_2MISC,
                    simd_desc(a->rd, a->rn, 0, 0, a->size, a->u, a->opcode, 1, 0));
}

/* FMOV Vd.<4H|8H>, #imm (FEAT_FP16). */
uint64_t a64_vfp_expand_imm16(unsigned imm8);

bool trans_simd_fmov_h(DisasContext *ctx, arg_vimm *a)
{
    IRContext *ir = ctx->ir;
    uint64_t imm;

    if (!a64_have(ctx, A64_FEAT_FP16)) {
        return false;
    }
    imm = a64_vfp_expand_imm16((unsigned)a->imm) * 0x0001000100010001ull;
    ir_st(ir, ir_const_i64(ir, imm), ir->env, vreg_off(a->rd), MO_64);
    ir_st(ir, ir_const_i64(ir, a->q ? imm : 0), ir->env, vreg_hi_off(a->rd), MO_64);
    return true;
}

/* FMAXNMV/FMINNMV/FMAXV/FMINV and their scalar pairwise forms on halves: U = 0, sz = 0. */
static bool is_fp16_reduce(arg_v2 *a)
{
    return !a->u && !(a->size & 1) && (a->opcode == 0xc || a->opcode == 0xf ||
                                        (a->opcode == 0xd && a->size == 0));
}

bool trans_simd_across(DisasContext *ctx, arg_v2 *a)
{
    if (is_fp16_reduce(a) && a->opcode != 0xd) {
        return gen_fp16(ctx, A64_SIMD_ACROSS,
                        simd_desc(a->rd, a->rn, 0, a->q, a->size, 0, a->opcode, 0, 0));
    }
    return gen_simd_call(ctx, A64_SIMD_ACROSS,
                         simd_desc(a->rd, a->rn, 0, a->q, a->size, a->u, a->opcode, 0, 0));
}

bool trans_simd_spair(DisasContext *ctx, arg_v2 *a)
{
    if (is_fp16_reduce(a)) {
        return gen_fp16(ctx, A64_SIMD_PAIR,
                        simd_desc(a->rd, a->rn, 0, 0, a->size, 0, a->opcode, 1, 0));
    }
    return gen_simd_call(ctx, A64_SIMD_PAIR,
                         simd_desc(a->rd, a->rn, 0, 0, a->size, a->u, a->opcode, 1, 0));
}

/* SCVTF/UCVTF/FCVTZS/FCVTZU (fixed point) on halves: immh = 001x (FEAT_FP16). */
static bool is_fp16_shimm(arg_vshift *a)
{
    return (a->opcode == 0x1c || a->opcode == 0x1f) && (a->immh >> 1) == 1;
}

bool trans_simd_shimm(DisasContext *ctx, arg_vshift *a)
{
    if (is_fp16_shimm(a)) {
        return gen_fp16(ctx, A64_SIMD_SHIMM, simd_desc(a->rd, a->rn, 0, a->q, 0, a->u, a->opcode, 0,
                                                       a->immh << 3 | a->immb));
    }
    return gen_simd_call(ctx, A64_SIMD_SHIMM,
                         simd_desc(a->rd, a->rn, 0, a->q, 0, a->u, a->opcode, 0,
                                   a->immh << 3 | a->immb));
}

bool trans_simd_sshimm(DisasContext *ctx, arg_vshift *a)
{
    if (is_fp16_shimm(a)) {
        return gen_fp16(ctx, A64_SIMD_SHIMM, simd_desc(a->rd, a->rn, 0, 0, 0, a->u, a->opcode, 1,
                                                       a->immh << 3 | a->immb));
    }
    return gen_simd_call(ctx, A64_SIMD_SHIMM,
                         simd_desc(a->rd, a->rn, 0, 0, 0, a->u, a->opcode, 1,
                                   a->immh << 3 | a->immb));
}

/* By element: rm carries M as bit 4 (the helper splits it per size), extra the H:L index. */
static bool gen_elem(DisasContext *ctx, arg_velem *a, int scalar)
{
    return gen_simd_call(ctx, A64_SIMD_ELEM,
                         simd_desc(a->rd, a->rn, a->m << 4 | a->rm, a->q, a->size, a->u, a->opcode,
                                   scalar, a->h << 1 | a->l));
}

/* The by-element forms of optional features: undefined when the CPU model lacks them. */
static bool elem_feature_ok(DisasContext *ctx, arg_velem *a)
{
    if (a->u && (a->opcode == 0xd || a->opcode == 0xf)) {
        return a64_have(ctx, A64_FEAT_RDM);         /* SQRDMLAH, SQRDMLSH */
    }
    if (a->opcode == 0xe) {
        return a64_have(ctx, A64_FEAT_DOTPROD);     /* SDOT, UDOT */
    }
    return true;
}

/* FMLA/FMLS/FMUL/FMULX (by element) on halves: size 0, index H:L:M, Rm in V0-V15. */
static bool is_fp16_elem(arg_velem *a)
{
    return a->size == 0 && (a->opcode == 9 || (!a->u && (a->opcode == 1 || a->opcode == 5)));
}

static bool gen_fp16_elem(DisasContext *ctx, arg_velem *a, int scalar)
{
    return gen_fp16(ctx, A64_SIMD_ELEM,
                    simd_desc(a->rd, a->rn, a->rm, a->q, 0, a->u, a->opcode, scalar,
                              a->h << 2 | a->l << 1 | a->m));
}

bool trans_simd_elem(DisasContext *ctx, arg_velem *a)
{
    if (is_fp16_elem(a)) {
        return gen_fp16_elem(ctx, a, 0);
    }
    return elem_feature_ok(ctx, a) && gen_elem(ctx, a, 0);
}

bool trans_simd_selem(DisasContext *ctx, arg_velem *a)
{
    if (is_fp16_elem(a)) {
        return gen_fp16_elem(ctx, a, 1);
    }
    return elem_feature_ok(ctx, a) && gen_elem(ctx, a, 1);
}

/* Three same (extra): SQRDMLAH/SQRDMLSH (FEAT_RDM), SDOT/UDOT (FEAT_DotProd). */
static bool gen_3extra(DisasContext *ctx, arg_v3 *a, int scalar)
{
    if ((a->opcode <= 1 && (!a->u || !a64_have(ctx, A64_FEAT_RDM))) ||
        (a->opcode == 2 && !a64_have(ctx, A64_FEAT_DOTPROD))) {
        return false;
    }
    return gen_simd_call(ctx, A64_SIMD_3EXTRA,
                         simd_desc(a->rd, a->rn, a->rm, a->q, a->size, a->u, a->opcode, scalar, 0));
}

bool trans_simd_3extra(DisasContext *ctx, arg_v3 *a)
{
    return gen_3extra(ctx, a, 0);
}

bool trans_simd_s3extra(DisasContext *ctx, arg_v3 *a)
{
    return gen_3extra(ctx, a, 1);
}

bool trans_simd_ext(DisasContext *ctx, arg_vext *a)
{
    return gen_simd_call(ctx, A64_SIMD_EXT, simd_desc(a->rd, a->rn, a->rm, a->q, 0, 0, a->imm4, 0, 0));
}

bool trans_simd_perm(DisasContext *ctx, arg_vperm *a)
{
    return gen_simd_call(ctx, A64_SIMD_PERM,
                         simd_desc(a->rd, a->rn, a->rm, a->q, a->size, 0, a->opcode, 0, 0));
}

bool trans_simd_tbl(DisasContext *ctx, arg_vtbl *a)
{
    return gen_simd_call(ctx, A64_SIMD_TBL,
                         simd_desc(a->rd, a->rn, a->rm, a->q, a->len, a->op, 0, 0, 0));
}

/* ---- Copy: DUP, INS, UMOV, SMOV ---- */

bool trans_simd_copy(DisasContext *ctx, arg_vcopy *a)
{
    IRContext *ir = ctx->ir;
    int sz, idx;

    if ((a->imm5 & 15) == 0) {
        return false;
    }
    sz = __builtin_ctz((unsigned)a->imm5);
    idx = a->imm5 >> (sz + 1);
    if (a->op) {
        if (!a->q) {
            return false;
        }
        /* INS (element): imm4 holds the source index << size. */
        return gen_simd_call(ctx, A64_SIMD_COPY,
                             simd_desc(a->rd, a->rn, a->imm5, 1, 0, 1, a->imm4, 0, 0));
    }
    switch (a->imm4) {
    case 0:     /* DUP (element) */
        if (sz == 3 && !a->q) {
            return false;
        }
        return gen_simd_call(ctx, A64_SIMD_COPY,
                             simd_desc(a->rd, a->rn, a->imm5, a->q, 0, 0, 0, 0, 0));
    case 1: {   /* DUP (general) */
        static const uint64_t rep[4] = {
            0x0101010101010101ull, 0x0001000100010001ull, 0x0000000100000001ull, 1,
        };
        IRTemp t = tmp64(ctx);
        if (sz == 3 && !a->q) {
            return false;
        }
        ir_extract(ir, t, cpu_reg(ctx, a->rn), 0, 8 << sz);
        if (sz < 3) {
            ir_muli(ir, t, t, rep[sz]);
        }
        ir_st(ir, t, ir->env, vreg_off(a->rd), MO_64);
        ir_st(ir, a->q ? t : ir_const_i64(ir, 0), ir->env, vreg_hi_off(a->rd), MO_64);
        return true;
    }
    case 3:     /* INS (general) */
        if (!a->q) {
            return false;
        }
        ir_st(ir, cpu_reg(ctx, a->rn), ir->env, vreg_off(a->rd) + (idx << sz), (MemOp)sz);
        return true;
    case 5:     /* SMOV */
    case 7: {   /* UMOV */
        IRTemp t = tmp64(ctx);
        bool is_smov = a->imm4 == 5;
        if (is_smov ? (sz >= 2 + a->q || (sz == 2 && !a->q)) : (sz == 3) != a->q) {
            return false;
        }
        ir_ld(ir, t, ir->env, vreg_off(a->rn) + (idx << sz), (MemOp)sz | (is_smov ? MO_SIGN : 0));
        gen_set_reg(ctx, a->rd, t, a->q);
        return true;
    }
    default:
        return false;
    }
}

bool trans_simd_scopy(DisasContext *ctx, arg_vcopy *a)
{
    if ((a->imm5 & 15) == 0) {
        return false;
    }
    return gen_simd_call(ctx, A64_SIMD_COPY, simd_desc(a->rd, a->rn, a->imm5, 0, 0, 0, 0, 1, 0));
}

/* ---- Modified immediate: MOVI, MVNI, ORR, BIC, FMOV (vector) ---- */

uint64_t a64_vfp_expand_imm(unsigned imm8, bool dbl);

/* AdvSIMDExpandImm (shared pseudocode); false for the reserved encodings. */
static bool expand_imm(int op, int cmode, unsigned imm8, uint64_t *out)
{
    uint64_t imm = imm8, r;

    switch (cmode >> 1) {
    case 0: r = imm; goto rep32;
    case 1: r = imm << 8; goto rep32;
    case 2: r = imm << 16; goto rep32;
    case 3: r = imm << 24; goto rep32;
    case 4: r = imm; goto rep16;
    case 5: r = imm << 8; goto rep16;
    case 6:
        r = (cmode & 1) ? (imm << 16 | 0xffff) : (imm << 8 | 0xff);
        goto rep32;
    default:
        if (!(cmode & 1)) {
            if (!op) {
                *out = imm * 0x0101010101010101ull;
            } else {
                r = 0;
                for (int i = 0; i < 8; i++) {
                    if (imm & (1u << i)) {
                        r |= 0xffull << (8 * i);
                    }
                }
                *out = r;
            }
            return true;
        }
        if (!op) {
            r = a64_vfp_expand_imm(imm8, false);
            goto rep32;
        }
        *out = a64_vfp_expand_imm(imm8, true);
        return true;
    }
rep16:
    *out = r * 0x0001000100010001ull;
    return true;
rep32:
    *out = r | r << 32;
    return true;
}

bool trans_simd_modimm(DisasContext *ctx, arg_vimm *a)
{
    IRContext *ir = ctx->ir;
    uint64_t imm;
    bool is_or_bic = (a->cmode < 12 && (a->cmode & 1));

    if (a->cmode == 15 && a->op && !a->q) {
        return false;
    }
    if (!expand_imm(a->op, a->cmode, (unsigned)a->imm, &imm)) {
        return false;
    }
    if (is_or_bic) {
        for (int h = 0; h < (a->q ? 2 : 1); h++) {
            IRTemp t = tmp64(ctx);
            ir_ld(ir, t, ir->env, vreg_off(a->rd) + 8 * h, MO_64);
            if (a->op) {
                ir_andi(ir, t, t, ~imm);
            } else {
                ir_ori(ir, t, t, imm);
            }
            ir_st(ir, t, ir->env, vreg_off(a->rd) + 8 * h, MO_64);
        }
    } else {
        /* MVNI inverts; MOVI (op 1, cmode 1110) and FMOV (cmode 1111) do not. */
        if (a->op && a->cmode < 14) {
            imm = ~imm;
        }
        ir_st(ir, ir_const_i64(ir, imm), ir->env, vreg_off(a->rd), MO_64);
        ir_st(ir, ir_const_i64(ir, a->q ? imm : 0), ir->env, vreg_hi_off(a->rd), MO_64);
        return true;
    }
    if (!a->q) {
        ir_st(ir, ir_const_i64(ir, 0), ir->env, vreg_hi_off(a->rd), MO_64);
    }
    return true;
}
