/*
 * translate-fp.c: the F and D extensions (RV64), trans_ functions for the
 * patterns of insn32-fd.decode (and c.fld/c.fsd from insn16.decode).
 *
 * The f registers are IR globals on RISCVCPU.fpr[], 64 bits each.  Single
 * precision values are NaN-boxed (ISA 12.2): writes set the upper 32 bits to
 * ones; reads by non-transfer instructions treat a value whose upper half is
 * not all ones as the canonical NaN.  Transfers (flw/fsw, fmv.x.w/fmv.w.x) move
 * the low 32 bits untouched.
 *
 * Loads, stores, moves and sign injection are inline IR; everything that
 * rounds or raises IEEE flags calls a helper (helper-fp.c) built on
 * translate/fpu/.  The rm field: 0-4 are static rounding modes, 7 (DYN) reads
 * frm at run time (the helper raises illegal instruction if frm is reserved),
 * 5 and 6 are reserved: the instruction is illegal.
 *
 * Invariant (translate.c): a trans_ function that returns false emits no IR.
 */
#include "common.h"
#include "translate.h"

IRTemp rv_fpr[32];

#define RV_BOX_S 0xffffffff00000000ull
#define RV_CANON_NAN_S_BOXED 0xffffffff7fc00000ull
#define RV_MMU_IDX 0

#define DEF_HELPER_SD(name) extern IRHelper helper_info_rv_##name##_s, helper_info_rv_##name##_d;
DEF_HELPER_SD(fadd) DEF_HELPER_SD(fsub) DEF_HELPER_SD(fmul) DEF_HELPER_SD(fdiv)
DEF_HELPER_SD(fsqrt) DEF_HELPER_SD(fma) DEF_HELPER_SD(fmin) DEF_HELPER_SD(fmax)
DEF_HELPER_SD(feq) DEF_HELPER_SD(flt) DEF_HELPER_SD(fle) DEF_HELPER_SD(fclass)
extern IRHelper helper_info_rv_fcvt_w_s, helper_info_rv_fcvt_wu_s,
    helper_info_rv_fcvt_l_s, helper_info_rv_fcvt_lu_s,
    helper_info_rv_fcvt_w_d, helper_info_rv_fcvt_wu_d,
    helper_info_rv_fcvt_l_d, helper_info_rv_fcvt_lu_d,
    helper_info_rv_fcvt_s_w, helper_info_rv_fcvt_s_wu,
    helper_info_rv_fcvt_s_l, helper_info_rv_fcvt_s_lu,
    helper_info_rv_fcvt_d_w, helper_info_rv_fcvt_d_wu,
    helper_info_rv_fcvt_d_l, helper_info_rv_fcvt_d_lu,
    helper_info_rv_fcvt_s_d, helper_info_rv_fcvt_d_s;

#include "decode-insn32-fd.c.inc"

void rv_fp_init_globals(IRContext *ir)
{
    for (int i = 0; i < 32; i++) {
        rv_fpr[i] = ir_global(ir, IR_I64, offsetof(RISCVCPU, fpr[i]), rv_fpr_names[i]);
    }
}

/* 's' needs F, 'd' needs D. */
static inline bool fp_ext(DisasContext *ctx, char fmt)
{
    return has_ext(ctx, fmt == 'd' ? 'D' : 'F');
}

/*
 * The rm value to pass to a helper, or -1 if the instruction is illegal.
 * When the translator knows frm (ctx->frm_known >= 0, i.e. it is part of the
 * block's key), DYN is resolved now and the helper never raises.
 */
static int fp_rm(DisasContext *ctx, int rm)
{
    if (rm == RV_RM_DYN) {
        if (ctx->frm_known >= 0) {
            return ctx->frm_known <= RV_RM_RMM ? ctx->frm_known : -1;
        }
        return RV_RM_DYN;
    }
    return rm <= RV_RM_RMM ? rm : -1;
}

/* A single-precision operand: the register, or the boxed canonical NaN if not boxed. */
static IRTemp gen_unbox_s(DisasContext *ctx, int reg)
{
    IRContext *ir = ctx->ir;
    IRTemp hi = ir_temp_new(ir, IR_I64), t = ir_temp_new(ir, IR_I64);

    ir_shri(ir, hi, rv_fpr[reg], 32);
    ir_movcond(ir, IR_COND_EQ, t, hi, ir_const_i64(ir, 0xffffffffu),
               rv_fpr[reg], ir_const_i64(ir, RV_CANON_NAN_S_BOXED));
    return t;
}

static void gen_set_fpr(DisasContext *ctx, int reg, IRTemp val)
{
    ir_mov(ctx->ir, rv_fpr[reg], val);
}

/* Loads and stores: transfers, no NaN-box check (ISA 12.2). */

static bool gen_fp_load(DisasContext *ctx, arg_i *a, char fmt)
{
    IRContext *ir = ctx->ir;
    IRTemp addr, t;

    if (!fp_ext(ctx, fmt)) {
        return false;
    }
    addr = gen_address(ctx, a->rs1, a->imm);
    t = ir_temp_new(ir, IR_I64);
    if (fmt == 'd') {
        ir_gld(ir, t, addr, MO_UQ | MO_LE, RV_MMU_IDX);
    } else {
        ir_gld(ir, t, addr, MO_UL | MO_LE, RV_MMU_IDX);
        ir_ori(ir, t, t, RV_BOX_S);
    }
    gen_set_fpr(ctx, a->rd, t);
    return true;
}

static bool gen_fp_store(DisasContext *ctx, arg_s *a, char fmt)
{
    IRTemp addr;

    if (!fp_ext(ctx, fmt)) {
        return false;
    }
    addr = gen_address(ctx, a->rs1, a->imm);
    ir_gst(ctx->ir, rv_fpr[a->rs2], addr, (fmt == 'd' ? MO_UQ : MO_UL) | MO_LE, RV_MMU_IDX);
    return true;
}

bool trans_flw(DisasContext *ctx, arg_i *a) { return gen_fp_load(ctx, a, 's'); }
bool trans_fld(DisasContext *ctx, arg_i *a) { return gen_fp_load(ctx, a, 'd'); }
bool trans_fsw(DisasContext *ctx, arg_s *a) { return gen_fp_store(ctx, a, 's'); }
bool trans_fsd(DisasContext *ctx, arg_s *a) { return gen_fp_store(ctx, a, 'd'); }

/* Arithmetic through helpers. */

static bool gen_fp_binop(DisasContext *ctx, arg_r_rm *a, char fmt, IRHelper *h)
{
    IRContext *ir = ctx->ir;
    int rm = fp_rm(ctx, a->rm);
    IRTemp t;

    if (!fp_ext(ctx, fmt) || rm < 0) {
        return false;
    }
    t = ir_temp_new(ir, IR_I64);
    ir_callN(ir, h, t, ir->env, rv_fpr[a->rs1], rv_fpr[a->rs2], ir_const_i32(ir, (uint32_t)rm));
    gen_set_fpr(ctx, a->rd, t);
    return true;
}

#define TRANS_BINOP(name)                                                     \
    bool trans_##name##_s(DisasContext *ctx, arg_r_rm *a)                      \
    {                                                                          \
        return gen_fp_binop(ctx, a, 's', &helper_info_rv_##name##_s);          \
    }                                                                          \
    bool trans_##name##_d(DisasContext *ctx, arg_r_rm *a)                      \
    {                                                                          \
        return gen_fp_binop(ctx, a, 'd', &helper_info_rv_##name##_d);          \
    }
TRANS_BINOP(fadd)
TRANS_BINOP(fsub)
TRANS_BINOP(fmul)
TRANS_BINOP(fdiv)

/* One f-register source, rm: fsqrt and fcvt between formats; result to an f register. */
static bool gen_fp_unop(DisasContext *ctx, arg_r2_rm *a, char fmt, IRHelper *h)
{
    IRContext *ir = ctx->ir;
    int rm = fp_rm(ctx, a->rm);
    IRTemp t;

    if (!fp_ext(ctx, fmt) || rm < 0) {
        return false;
    }
    t = ir_temp_new(ir, IR_I64);
    ir_callN(ir, h, t, ir->env, rv_fpr[a->rs1], ir_const_i32(ir, (uint32_t)rm));
    gen_set_fpr(ctx, a->rd, t);
    return true;
}

bool trans_fsqrt_s(DisasContext *ctx, arg_r2_rm *a) { return gen_fp_unop(ctx, a, 's', &helper_info_rv_fsqrt_s); }
bool trans_fsqrt_d(DisasContext *ctx, arg_r2_rm *a) { return gen_fp_unop(ctx, a, 'd', &helper_info_rv_fsqrt_d); }
/* Both need D (ISA 12.5). */
bool trans_fcvt_s_d(DisasContext *ctx, arg_r2_rm *a) { return gen_fp_unop(ctx, a, 'd', &helper_info_rv_fcvt_s_d); }
bool trans_fcvt_d_s(DisasContext *ctx, arg_r2_rm *a) { return gen_fp_unop(ctx, a, 'd', &helper_info_rv_fcvt_d_s); }

/* Fused multiply-add: the helper's control word is rm | FP_FMA_NEG_* << 8. */
enum { FMA_NEG_PRODUCT = 1, FMA_NEG_ADDEND = 2 };   /* = FP_FMA_NEG_* in fpu.h */

static bool gen_fp_fma(DisasContext *ctx, arg_r4_rm *a, char fmt, unsigned neg)
{
    IRContext *ir = ctx->ir;
    int rm = fp_rm(ctx, a->rm);
    IRTemp t;

    if (!fp_ext(ctx, fmt) || rm < 0) {
        return false;
    }
    t = ir_temp_new(ir, IR_I64);
    ir_callN(ir, fmt == 'd' ? &helper_info_rv_fma_d : &helper_info_rv_fma_s, t, ir->env,
             rv_fpr[a->rs1], rv_fpr[a->rs2], rv_fpr[a->rs3],
             ir_const_i32(ir, (uint32_t)rm | neg << 8));
    gen_set_fpr(ctx, a->rd, t);
    return true;
}

bool trans_fmadd_s(DisasContext *ctx, arg_r4_rm *a) { return gen_fp_fma(ctx, a, 's', 0); }
bool trans_fmsub_s(DisasContext *ctx, arg_r4_rm *a) { return gen_fp_fma(ctx, a, 's', FMA_NEG_ADDEND); }
bool trans_fnmsub_s(DisasContext *ctx, arg_r4_rm *a) { return gen_fp_fma(ctx, a, 's', FMA_NEG_PRODUCT); }
bool trans_fnmadd_s(DisasContext *ctx, arg_r4_rm *a)
{
    return gen_fp_fma(ctx, a, 's', FMA_NEG_PRODUCT | FMA_NEG_ADDEND);
}
bool trans_fmadd_d(DisasContext *ctx, arg_r4_rm *a) { return gen_fp_fma(ctx, a, 'd', 0); }
bool trans_fmsub_d(DisasContext *ctx, arg_r4_rm *a) { return gen_fp_fma(ctx, a, 'd', FMA_NEG_ADDEND); }
bool trans_fnmsub_d(DisasContext *ctx, arg_r4_rm *a) { return gen_fp_fma(ctx, a, 'd', FMA_NEG_PRODUCT); }
bool trans_fnmadd_d(DisasContext *ctx, arg_r4_rm *a)
{
    return gen_fp_fma(ctx, a, 'd', FMA_NEG_PRODUCT | FMA_NEG_ADDEND);
}

/* Two f sources, no rm: min/max to an f register, comparisons to a GPR. */
static bool gen_fp_nor(DisasContext *ctx, arg_r *a, char fmt, IRHelper *h, bool to_gpr)
{
    IRContext *ir = ctx->ir;
    IRTemp t;

    if (!fp_ext(ctx, fmt)) {
        return false;
    }
    t = ir_temp_new(ir, IR_I64);
    ir_callN(ir, h, t, ir->env, rv_fpr[a->rs1], rv_fpr[a->rs2]);
    if (to_gpr) {
        gen_set_gpr(ctx, a->rd, t);
    } else {
        gen_set_fpr(ctx, a->rd, t);
    }
    return true;
}

#define TRANS_NOR(name, to_gpr)                                               \
    bool trans_##name##_s(DisasContext *ctx, arg_r *a)                         \
    {                                                                          \
        return gen_fp_nor(ctx, a, 's', &helper_info_rv_##name##_s, to_gpr);    \
    }                                                                          \
    bool trans_##name##_d(DisasContext *ctx, arg_r *a)                         \
    {                                                                          \
        return gen_fp_nor(ctx, a, 'd', &helper_info_rv_##name##_d, to_gpr);    \
    }
TRANS_NOR(fmin, false)
TRANS_NOR(fmax, false)
TRANS_NOR(feq, true)
TRANS_NOR(flt, true)
TRANS_NOR(fle, true)

bool trans_fclass_s(DisasContext *ctx, arg_r2 *a)
{
    IRTemp t;

    if (!fp_ext(ctx, 's')) {
        return false;
    }
    t = ir_temp_new(ctx->ir, IR_I64);
    ir_callN(ctx->ir, &helper_info_rv_fclass_s, t, rv_fpr[a->rs1]);
    gen_set_gpr(ctx, a->rd, t);
    return true;
}

bool trans_fclass_d(DisasContext *ctx, arg_r2 *a)
{
    IRTemp t;

    if (!fp_ext(ctx, 'd')) {
        return false;
    }
    t = ir_temp_new(ctx->ir, IR_I64);
    ir_callN(ctx->ir, &helper_info_rv_fclass_d, t, rv_fpr[a->rs1]);
    gen_set_gpr(ctx, a->rd, t);
    return true;
}

/* Conversions with integers: f -> GPR or GPR -> f, with rm. */
static bool gen_fp_cvt(DisasContext *ctx, arg_r2_rm *a, char fmt, IRHelper *h, bool to_gpr)
{
    IRContext *ir = ctx->ir;
    int rm = fp_rm(ctx, a->rm);
    IRTemp t;

    if (!fp_ext(ctx, fmt) || rm < 0) {
        return false;
    }
    t = ir_temp_new(ir, IR_I64);
    ir_callN(ir, h, t, ir->env, to_gpr ? rv_fpr[a->rs1] : gpr_src(ctx, a->rs1),
             ir_const_i32(ir, (uint32_t)rm));
    if (to_gpr) {
        gen_set_gpr(ctx, a->rd, t);
    } else {
        gen_set_fpr(ctx, a->rd, t);
    }
    return true;
}

#define TRANS_CVT(name, fmt, to_gpr)                                          \
    bool trans_##name(DisasContext *ctx, arg_r2_rm *a)                         \
    {                                                                          \
        return gen_fp_cvt(ctx, a, fmt, &helper_info_rv_##name, to_gpr);        \
    }
TRANS_CVT(fcvt_w_s, 's', true)
TRANS_CVT(fcvt_wu_s, 's', true)
TRANS_CVT(fcvt_l_s, 's', true)
TRANS_CVT(fcvt_lu_s, 's', true)
TRANS_CVT(fcvt_w_d, 'd', true)
TRANS_CVT(fcvt_wu_d, 'd', true)
TRANS_CVT(fcvt_l_d, 'd', true)
TRANS_CVT(fcvt_lu_d, 'd', true)
TRANS_CVT(fcvt_s_w, 's', false)
TRANS_CVT(fcvt_s_wu, 's', false)
TRANS_CVT(fcvt_s_l, 's', false)
TRANS_CVT(fcvt_s_lu, 's', false)
TRANS_CVT(fcvt_d_w, 'd', false)
TRANS_CVT(fcvt_d_wu, 'd', false)
TRANS_CVT(fcvt_d_l, 'd', false)
TRANS_CVT(fcvt_d_lu, 'd', false)

/*
 * Sign injection, inline: rd = rs1's magnitude with a sign taken from rs2
 * (fsgnj), its inverse (fsgnjn) or the xor of both signs (fsgnjx).  Single
 * precision operands are unboxed (these are not transfers), so a boxed result
 * comes out naturally: the unboxed value already has its upper half all ones.
 */
typedef enum SgnjKind { SGNJ, SGNJN, SGNJX } SgnjKind;

static bool gen_fsgnj(DisasContext *ctx, arg_r *a, char fmt, SgnjKind kind)
{
    IRContext *ir = ctx->ir;
    unsigned sbit = fmt == 'd' ? 63 : 31;
    IRTemp x, y, t;

    if (!fp_ext(ctx, fmt)) {
        return false;
    }
    x = fmt == 'd' ? rv_fpr[a->rs1] : gen_unbox_s(ctx, a->rs1);
    t = ir_temp_new(ir, IR_I64);
    if (a->rs1 == a->rs2) {
        /* fmv, fneg, fabs. */
        switch (kind) {
        case SGNJ:
            ir_mov(ir, t, x);
            break;
        case SGNJN:
            ir_xori(ir, t, x, 1ull << sbit);
            break;
        case SGNJX:
            ir_andi(ir, t, x, ~(1ull << sbit));
            break;
        }
        gen_set_fpr(ctx, a->rd, t);
        return true;
    }
    y = fmt == 'd' ? rv_fpr[a->rs2] : gen_unbox_s(ctx, a->rs2);
    switch (kind) {
    case SGNJ:
    case SGNJN: {
        IRTemp s = ir_temp_new(ir, IR_I64);
        ir_shri(ir, s, y, sbit);
        if (kind == SGNJN) {
            ir_xori(ir, s, s, 1);
        }
        ir_deposit(ir, t, x, s, sbit, 1);
        break;
    }
    case SGNJX: {
        IRTemp s = ir_temp_new(ir, IR_I64);
        ir_andi(ir, s, y, 1ull << sbit);
        ir_xor(ir, t, x, s);
        break;
    }
    }
    gen_set_fpr(ctx, a->rd, t);
    return true;
}

bool trans_fsgnj_s(DisasContext *ctx, arg_r *a) { return gen_fsgnj(ctx, a, 's', SGNJ); }
bool trans_fsgnjn_s(DisasContext *ctx, arg_r *a) { return gen_fsgnj(ctx, a, 's', SGNJN); }
bool trans_fsgnjx_s(DisasContext *ctx, arg_r *a) { return gen_fsgnj(ctx, a, 's', SGNJX); }
bool trans_fsgnj_d(DisasContext *ctx, arg_r *a) { return gen_fsgnj(ctx, a, 'd', SGNJ); }
bool trans_fsgnjn_d(DisasContext *ctx, arg_r *a) { return gen_fsgnj(ctx, a, 'd', SGNJN); }
bool trans_fsgnjx_d(DisasContext *ctx, arg_r *a) { return gen_fsgnj(ctx, a, 'd', SGNJX); }

/* Moves between register files: bit-exact transfers. */

bool trans_fmv_x_w(DisasContext *ctx, arg_r2 *a)
{
    IRTemp t;

    if (!fp_ext(ctx, 's')) {
        return false;
    }
    t = ir_temp_new(ctx->ir, IR_I64);
    ir_ext32s(ctx->ir, t, rv_fpr[a->rs1]);
    gen_set_gpr(ctx, a->rd, t);
    return true;
}

bool trans_fmv_w_x(DisasContext *ctx, arg_r2 *a)
{
    IRTemp t;

    if (!fp_ext(ctx, 's')) {
        return false;
    }
    t = ir_temp_new(ctx->ir, IR_I64);
    ir_ori(ctx->ir, t, gpr_src(ctx, a->rs1), RV_BOX_S);
    gen_set_fpr(ctx, a->rd, t);
    return true;
}

bool trans_fmv_x_d(DisasContext *ctx, arg_r2 *a)
{
    if (!fp_ext(ctx, 'd')) {
        return false;
    }
    gen_set_gpr(ctx, a->rd, rv_fpr[a->rs1]);
    return true;
}

bool trans_fmv_d_x(DisasContext *ctx, arg_r2 *a)
{
    if (!fp_ext(ctx, 'd')) {
        return false;
    }
    gen_set_fpr(ctx, a->rd, gpr_src(ctx, a->rs1));
    return true;
}
