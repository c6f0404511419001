/*
 * helper-fp.c: AArch64 floating-point helpers on top of the IEEE library
 * (translate/fpu/fpu.h), with Arm's rules (Arm ARM DDI 0487, the shared
 * pseudocode FPProcessNaNs, FPRound, FPUnpack and friends):
 *   - NaN propagation: the first signaling NaN operand, else the first
 *     quiet NaN, quieted; FPCR.DN gives the default NaN instead;
 *   - tininess is detected before rounding;
 *   - FPCR.FZ flushes denormal inputs to zero (IDC) and tiny results to
 *     zero (UFC, no IXC);
 *   - float -> integer conversions saturate, NaN converts to 0;
 *   - FMAX/FMIN propagate NaNs, FMAXNM/FMINNM are IEEE 754-2008 maxNum/minNum.
 * Flags accrue into FPSR; FPCR is read on every call (no translation-time
 * dependency).  These helpers touch only fpcr/fpsr, never the IR globals.
 */
#include "common.h"
#include "translate.h"
#include "helper-fp.h"
#include "fpu/fpu.h"

#define DN32 0x7fc00000u
#define DN64 0x7ff8000000000000ull

#define ARM_RULES(nm, dn, mm) {                                              \
    .name = nm, .default_nan32 = DN32, .default_nan64 = DN64,               \
    .default_nan_mode = dn, .tininess_before_rounding = true,               \
    .fma_inf_zero_qnan_invalid = true, .minmax = mm,                         \
    .nan_to_int = FP_NAN_TO_ZERO, .int_overflow = FP_INT_SATURATE,           \
    .pick_nan = NULL }

/* Index: DN bit, then 754-2008 min/max (FMAXNM) bit. */
const FpRules fp_rules_arm[4] = {
    ARM_RULES("arm", false, FP_MINMAX_PROPAGATE),
    ARM_RULES("arm-dn", true, FP_MINMAX_PROPAGATE),
    ARM_RULES("arm-nm", false, FP_MINMAX_754_2008),
    ARM_RULES("arm-dn-nm", true, FP_MINMAX_754_2008),
};

static FpRound arm_rmode(unsigned rmode)
{
    static const FpRound map[4] = { FP_RNE, FP_RUP, FP_RDN, FP_RTZ };
    return map[rmode & 3];
}

/* A FloatStatus for the current FPCR (rm < 0: FPCR.RMode). */
static void fp_begin(ARMCPU *cpu, FloatStatus *s, bool nm, int rm)
{
    unsigned idx = ((cpu->fpcr & FPCR_DN) ? 1 : 0) | (nm ? 2 : 0);
    FpRound r = rm < 0 ? arm_rmode(cpu->fpcr >> FPCR_RMODE_SHIFT) : (FpRound)rm;

    fp_status_init(s, &fp_rules_arm[idx], r);
}

static void fp_end(ARMCPU *cpu, FloatStatus *s)
{
    uint32_t f = 0;

    if (s->flags & FP_NV) f |= FPSR_IOC;
    if (s->flags & FP_DZ) f |= FPSR_DZC;
    if (s->flags & FP_OF) f |= FPSR_OFC;
    if (s->flags & FP_UF) f |= FPSR_UFC;
    if (s->flags & FP_NX) f |= FPSR_IXC;
    cpu->fpsr |= f;
}

/* Format-generic access: dbl selects binary64. */
static bool is_denormal(uint64_t a, bool dbl)
{
    if (dbl) {
        return (a & 0x7ff0000000000000ull) == 0 && (a & 0x000fffffffffffffull) != 0;
    }
    return (a & 0x7f800000u) == 0 && (a & 0x007fffffu) != 0;
}

static uint64_t sign_zero(uint64_t a, bool dbl)
{
    return dbl ? (a & (1ull << 63)) : (a & (1u << 31));
}

static uint64_t flush_in(ARMCPU *cpu, uint64_t a, bool dbl)
{
    if ((cpu->fpcr & FPCR_FZ) && is_denormal(a, dbl)) {
        cpu->fpsr |= FPSR_IDC;
        return sign_zero(a, dbl);
    }
    return a;
}

/*
 * FPRoundBase flushes when the value before rounding is below the normal
 * range: a denormal result, or one that rounded up to the smallest normal
 * (tininess is detected before rounding, so the core then raised UF).
 */
static uint64_t flush_out(ARMCPU *cpu, FloatStatus *s, uint64_t r, bool dbl)
{
    if ((cpu->fpcr & FPCR_FZ) && (is_denormal(r, dbl) || (s->flags & FP_UF))) {
        s->flags = (uint8_t)((s->flags & ~FP_NX) | FP_UF);
        return sign_zero(r, dbl);
    }
    return r;
}

static bool is_nan(uint64_t a, bool dbl) { return dbl ? fp64_is_nan(a) : fp32_is_nan((float32)a); }
static bool is_snan(uint64_t a, bool dbl) { return dbl ? fp64_is_snan(a) : fp32_is_snan((float32)a); }
static uint64_t quiet(uint64_t a, bool dbl) { return a | (dbl ? 1ull << 51 : 1u << 22); }
static uint64_t abs_bits(uint64_t a, bool dbl) { return a & (dbl ? ~(1ull << 63) : 0x7fffffffu); }
static uint64_t neg_bits(uint64_t a, bool dbl) { return a ^ (dbl ? 1ull << 63 : 1u << 31); }

uint64_t helper_a64_fp2(CPUCommon *env, uint64_t a, uint64_t b, uint32_t desc)
{
    ARMCPU *cpu = arm_cpu(env);
    bool dbl = desc & A64_FP_DBL;
    unsigned op = desc & 0xff;
    FloatStatus s;
    uint64_t r;

    if (desc & A64_FP_HALF) {
        return a64_fp16_fp2(cpu, a, b, desc);
    }
    fp_begin(cpu, &s, op == A64_FP2_MAXNM || op == A64_FP2_MINNM, -1);
    a = flush_in(cpu, a, dbl);
    b = flush_in(cpu, b, dbl);
    switch (op) {
    case A64_FP2_MUL:
    case A64_FP2_NMUL:
        r = dbl ? fp64_mul(a, b, &s) : fp32_mul((float32)a, (float32)b, &s);
        if (op == A64_FP2_NMUL) {
            r = neg_bits(r, dbl);   /* FPNeg(FPMul()): a NaN result's sign flips too */
        }
        break;
    case A64_FP2_DIV: r = dbl ? fp64_div(a, b, &s) : fp32_div((float32)a, (float32)b, &s); break;
    case A64_FP2_ADD: r = dbl ? fp64_add(a, b, &s) : fp32_add((float32)a, (float32)b, &s); break;
    case A64_FP2_SUB:
    case A64_FP2_ABD:
        r = dbl ? fp64_sub(a, b, &s) : fp32_sub((float32)a, (float32)b, &s);
        if (op == A64_FP2_ABD) {
            r = abs_bits(r, dbl);   /* FPAbs(FPSub()): NaNs included */
        }
        break;
    case A64_FP2_MAX:
    case A64_FP2_MAXNM:
        r = dbl ? fp64_max(a, b, &s) : fp32_max((float32)a, (float32)b, &s);
        break;
    case A64_FP2_MIN:
    case A64_FP2_MINNM:
        r = dbl ? fp64_min(a, b, &s) : fp32_min((float32)a, (float32)b, &s);
        break;
    default:
        g_assert_not_reached();
    }
    r = flush_out(cpu, &s, r, dbl);
    fp_end(cpu, &s);
    return r;
}

/* Round to an integral value in rm; exact: FRINTX (raises inexact). */
static uint64_t round_int(uint64_t a, bool dbl, FpRound rm, bool exact, FloatStatus *s)
{
    FloatStatus t = *s;
    uint64_t r;

    if (is_nan(a, dbl)) {
        if (is_snan(a, dbl)) {
            s->flags |= FP_NV;
        }
        return s->rules->default_nan_mode ? (dbl ? DN64 : DN32) : quiet(a, dbl);
    }
    /* Already integral: |a| >= 2^52 (2^23), infinities, zeros. */
    if (dbl ? ((a >> 52) & 0x7ff) >= 1075 : ((a >> 23) & 0xff) >= 150) {
        return a;
    }
    t.round = rm;
    t.flags = 0;
    if (dbl) {
        r = fp64_from_i64(fp64_to_i64(a, &t), &t);
    } else {
        r = fp32_from_i64(fp32_to_i64((float32)a, &t), &t);
    }
    if (exact) {
        s->flags |= t.flags & FP_NX;
    }
    /* The sign of a zero result is the operand's (-0.3 rounds to -0). */
    if (abs_bits(r, dbl) == 0) {
        r = sign_zero(a, dbl);
    }
    return r;
}

uint64_t helper_a64_fp1(CPUCommon *env, uint64_t a, uint32_t desc)
{
    ARMCPU *cpu = arm_cpu(env);
    bool dbl = desc & A64_FP_DBL;
    unsigned op = desc & 0xff;
    FloatStatus s;
    uint64_t r;

    if (desc & A64_FP_HALF) {
        return a64_fp16_fp1(cpu, a, desc);
    }
    fp_begin(cpu, &s, false, -1);
    a = flush_in(cpu, a, dbl);
    switch (op) {
    case A64_FP1_SQRT:
        r = dbl ? fp64_sqrt(a, &s) : fp32_sqrt((float32)a, &s);
        break;
    case A64_FP1_CVT_OTHER:
        /* To the other of single/double. */
        if (dbl) {
            r = fp64_to_fp32(a, &s);
            r = flush_out(cpu, &s, r, false);
            fp_end(cpu, &s);
            return r;
        }
        r = fp32_to_fp64((float32)a, &s);
        fp_end(cpu, &s);
        return r;
    case A64_FP1_RINTN: r = round_int(a, dbl, FP_RNE, false, &s); break;
    case A64_FP1_RINTP: r = round_int(a, dbl, FP_RUP, false, &s); break;
    case A64_FP1_RINTM: r = round_int(a, dbl, FP_RDN, false, &s); break;
    case A64_FP1_RINTZ: r = round_int(a, dbl, FP_RTZ, false, &s); break;
    case A64_FP1_RINTA: r = round_int(a, dbl, FP_RMM, false, &s); break;
    case A64_FP1_RINTX: r = round_int(a, dbl, (FpRound)s.round, true, &s); break;
    case A64_FP1_RINTI: r = round_int(a, dbl, (FpRound)s.round, false, &s); break;
    default:
        g_assert_not_reached();
    }
    r = flush_out(cpu, &s, r, dbl);
    fp_end(cpu, &s);
    return r;
}

/* Rd = (neg product ? -1 : 1) * Rn * Rm + (neg addend ? -1 : 1) * Ra, one rounding. */
uint64_t helper_a64_fma(CPUCommon *env, uint64_t n, uint64_t m, uint64_t ra, uint32_t desc)
{
    ARMCPU *cpu = arm_cpu(env);
    bool dbl = desc & A64_FP_DBL;
    unsigned neg = desc & 3;
    FloatStatus s;
    uint64_t r;

    if (desc & A64_FP_HALF) {
        return a64_fp16_fma(cpu, n, m, ra, desc);
    }
    fp_begin(cpu, &s, false, -1);
    n = flush_in(cpu, n, dbl);
    m = flush_in(cpu, m, dbl);
    ra = flush_in(cpu, ra, dbl);
    if (is_nan(n, dbl) || is_nan(m, dbl) || is_nan(ra, dbl)) {
        /*
         * FMSUB/FNMADD/FNMSUB negate their operands with FPNeg before
         * FPMulAdd, so a propagated NaN operand has its sign flipped.
         */
        if (neg & FP_FMA_NEG_PRODUCT) {
            n = neg_bits(n, dbl);
        }
        if (neg & FP_FMA_NEG_ADDEND) {
            ra = neg_bits(ra, dbl);
        }
        /* FPProcessNaNs3 takes the addend first; inf * 0 + qNaN is invalid (FPMulAdd). */
        bool inf_zero = (abs_bits(n, dbl) == 0 && abs_bits(m, dbl) == (dbl ? 0x7ff0000000000000ull : 0x7f800000u)) ||
                        (abs_bits(m, dbl) == 0 && abs_bits(n, dbl) == (dbl ? 0x7ff0000000000000ull : 0x7f800000u));
        uint64_t ops[3] = { ra, n, m };
        int pick = -1;

        for (int i = 0; i < 3 && pick < 0; i++) {
            if (is_snan(ops[i], dbl)) {
                pick = i;
            }
        }
        if (pick >= 0) {
            s.flags |= FP_NV;
        } else {
            for (int i = 0; i < 3 && pick < 0; i++) {
                if (is_nan(ops[i], dbl)) {
                    pick = i;
                }
            }
            if (pick == 0 && inf_zero) {
                s.flags |= FP_NV;
                fp_end(cpu, &s);
                return dbl ? DN64 : DN32;
            }
        }
        fp_end(cpu, &s);
        if (cpu->fpcr & FPCR_DN) {
            return dbl ? DN64 : DN32;
        }
        return quiet(ops[pick], dbl);
    }
    if (dbl) {
        r = fp64_fma(n, m, ra, neg, &s);
    } else {
        r = fp32_fma((float32)n, (float32)m, (float32)ra, neg, &s);
    }
    r = flush_out(cpu, &s, r, dbl);
    fp_end(cpu, &s);
    return r;
}

/* FCMP/FCMPE: NZCV in bits 3:0 (unordered 0011, equal 0110, less 1000, greater 0010). */
uint64_t helper_a64_fcmp(CPUCommon *env, uint64_t a, uint64_t b, uint32_t desc)
{
    ARMCPU *cpu = arm_cpu(env);
    bool dbl = desc & A64_FP_DBL;
    bool signaling = desc & A64_FCMP_E;
    FloatStatus s;
    uint64_t r;

    if (desc & A64_FP_HALF) {
        return a64_fp16_cmp(cpu, a, b, desc);
    }
    fp_begin(cpu, &s, false, -1);
    a = flush_in(cpu, a, dbl);
    b = flush_in(cpu, b, dbl);
    if (is_nan(a, dbl) || is_nan(b, dbl)) {
        if (signaling || is_snan(a, dbl) || is_snan(b, dbl)) {
            s.flags |= FP_NV;
        }
        r = 3;
    } else if (dbl ? fp64_eq(a, b, &s) : fp32_eq((float32)a, (float32)b, &s)) {
        r = 6;
    } else if (dbl ? fp64_lt(a, b, &s) : fp32_lt((float32)a, (float32)b, &s)) {
        r = 8;
    } else {
        r = 2;
    }
    fp_end(cpu, &s);
    return r;
}

/* Float -> integer (FCVT[NPMZA][SU], fixed-point FCVTZ[SU] with fbits). */
uint64_t helper_a64_fcvt_to_int(CPUCommon *env, uint64_t a, uint32_t desc)
{
    ARMCPU *cpu = arm_cpu(env);
    bool dbl = desc & A64_FP_DBL;
    bool is_signed = desc & A64_CVT_SIGNED;
    bool to64 = desc & A64_CVT_64;
    int rm = (desc & A64_CVT_RM_FPCR) ? -1 : (int)((desc >> A64_CVT_RM_SHIFT) & 7);
    unsigned fbits = (desc >> A64_CVT_FBITS_SHIFT) & 127;
    FloatStatus s;
    uint64_t r;

    if (desc & A64_FP_HALF) {
        return a64_fp16_to_int(cpu, a, desc);
    }
    fp_begin(cpu, &s, false, rm);
    a = flush_in(cpu, a, dbl);
    if (fbits && !is_nan(a, dbl)) {
        /* Scale by 2^fbits exactly (a power of two; overflow saturates below). */
        FloatStatus t = s;
        if (dbl) {
            a = fp64_mul(a, (uint64_t)(1023 + fbits) << 52, &t);
        } else {
            a = fp32_mul((float32)a, (uint32_t)(127 + fbits) << 23, &t);
        }
    }
    if (dbl) {
        r = to64 ? (is_signed ? (uint64_t)fp64_to_i64(a, &s) : fp64_to_u64(a, &s))
                 : (is_signed ? (uint32_t)fp64_to_i32(a, &s) : fp64_to_u32(a, &s));
    } else {
        r = to64 ? (is_signed ? (uint64_t)fp32_to_i64((float32)a, &s) : fp32_to_u64((float32)a, &s))
                 : (is_signed ? (uint32_t)fp32_to_i32((float32)a, &s) : fp32_to_u32((float32)a, &s));
    }
    fp_end(cpu, &s);
    return r;
}

/* Integer -> float (SCVTF/UCVTF, fixed point with fbits). */
uint64_t helper_a64_int_to_fp(CPUCommon *env, uint64_t v, uint32_t desc)
{
    ARMCPU *cpu = arm_cpu(env);
    bool dbl = desc & A64_FP_DBL;
    bool is_signed = desc & A64_CVT_SIGNED;
    bool from64 = desc & A64_CVT_64;
    unsigned fbits = (desc >> A64_CVT_FBITS_SHIFT) & 127;
    FloatStatus s;
    uint64_t r;

    if (desc & A64_FP_HALF) {
        return a64_int_to_fp16(cpu, v, desc);
    }
    fp_begin(cpu, &s, false, -1);
    if (dbl) {
        r = from64 ? (is_signed ? fp64_from_i64((int64_t)v, &s) : fp64_from_u64(v, &s))
                   : (is_signed ? fp64_from_i32((int32_t)v, &s) : fp64_from_u32((uint32_t)v, &s));
    } else {
        r = from64 ? (is_signed ? fp32_from_i64((int64_t)v, &s) : fp32_from_u64(v, &s))
                   : (is_signed ? fp32_from_i32((int32_t)v, &s) : fp32_from_u32((uint32_t)v, &s));
    }
    /*
     * Fixed point: v / 2^fbits.  The conversion rounds once; the scaling by
     * a power of two is exact unless the result is subnormal.
     */
    if (fbits) {
        uint64_t scale = dbl ? (uint64_t)(1023 - fbits) << 52 : (uint32_t)(127 - fbits) << 23;
        r = dbl ? fp64_mul(r, scale, &s) : fp32_mul((float32)r, (float32)scale, &s);
    }
    r = flush_out(cpu, &s, r, dbl);
    fp_end(cpu, &s);
    return r;
}

#define FPH (IR_HELPER_NO_READ_GLOBALS | IR_HELPER_NO_WRITE_GLOBALS)
IR_HELPER_DEF(a64_fp2, IR_HT_I64, FPH, IR_HT_PTR, IR_HT_I64, IR_HT_I64, IR_HT_I32);
IR_HELPER_DEF(a64_fp1, IR_HT_I64, FPH, IR_HT_PTR, IR_HT_I64, IR_HT_I32);
IR_HELPER_DEF(a64_fma, IR_HT_I64, FPH, IR_HT_PTR, IR_HT_I64, IR_HT_I64, IR_HT_I64, IR_HT_I32);
IR_HELPER_DEF(a64_fcmp, IR_HT_I64, FPH, IR_HT_PTR, IR_HT_I64, IR_HT_I64, IR_HT_I32);
IR_HELPER_DEF(a64_fcvt_to_int, IR_HT_I64, FPH, IR_HT_PTR, IR_HT_I64, IR_HT_I32);
IR_HELPER_DEF(a64_int_to_fp, IR_HT_I64, FPH, IR_HT_PTR, IR_HT_I64, IR_HT_I32);

/* ---- Estimates, steps, FMULX, FRECPX and conversions with half precision ---- */

static uint64_t sign_bit(bool dbl) { return dbl ? 1ull << 63 : 1ull << 31; }
static uint64_t inf_bits(bool dbl) { return dbl ? 0x7ff0000000000000ull : 0x7f800000u; }

/* FPProcessNaN: the quieted operand, or the default NaN; NV for a signaling one. */
static uint64_t process_nan(ARMCPU *cpu, FloatStatus *s, uint64_t a, bool dbl)
{
    if (is_snan(a, dbl)) {
        s->flags |= FP_NV;
    }
    if (cpu->fpcr & FPCR_DN) {
        return dbl ? DN64 : DN32;
    }
    return quiet(a, dbl);
}

/* FPProcessNaNs of two operands: the first signaling NaN, else the first quiet one. */
static uint64_t process_nans2(ARMCPU *cpu, FloatStatus *s, uint64_t a, uint64_t b, bool dbl)
{
    if (is_snan(a, dbl) || (!is_snan(b, dbl) && is_nan(a, dbl))) {
        if (is_snan(b, dbl)) {
            s->flags |= FP_NV;
        }
        return process_nan(cpu, s, a, dbl);
    }
    return process_nan(cpu, s, b, dbl);
}

/* RecipEstimate: a in [256, 512) is a fixed-point value in [0.5, 1); 256..511 is [1, 2). */
unsigned a64_recip_estimate(unsigned a)
{
    unsigned b;

    a = a * 2 + 1;
    b = (1u << 19) / a;
    return (b + 1) / 2;
}

/* RecipSqrtEstimate: a in [128, 512) is a fixed-point value in [0.25, 1). */
unsigned a64_rsqrt_estimate(unsigned a)
{
    unsigned b = 512;

    if (a < 256) {
        a = a * 2 + 1;
    } else {
        a = (a >> 1) << 1;
        a = (a + 1) * 2;
    }
    while ((uint64_t)a * (b + 1) * (b + 1) < (1u << 28)) {
        b++;
    }
    return (b + 1) / 2;
}

uint32_t a64_urecpe(uint32_t a)
{
    if (!(a >> 31)) {
        return 0xffffffffu;
    }
    return a64_recip_estimate(a >> 23) << 23;
}

uint32_t a64_ursqrte(uint32_t a)
{
    if (!(a >> 30)) {
        return 0xffffffffu;
    }
    return a64_rsqrt_estimate(a >> 23) << 23;
}

/*
 * FPRecipEstimate after the special cases: the result's 52-bit fraction, and
 * in *rexp its biased exponent rexp_base - exp (0 when the result is denormal).
 */
uint64_t a64_recip_estimate_frac(int exp, uint64_t f52, int rexp_base, int *rexp)
{
    unsigned est;
    int re;

    /* The fraction scaled into [0.5, 1) in steps of 1/512. */
    if (exp == 0) {
        if (!(f52 >> 51)) {
            exp = -1;
            f52 = (f52 << 2) & ((1ull << 52) - 1);
        } else {
            f52 = (f52 << 1) & ((1ull << 52) - 1);
        }
    }
    est = a64_recip_estimate(256 | (unsigned)(f52 >> 44));
    re = rexp_base - exp;
    f52 = (uint64_t)(est & 0xff) << 44;
    if (re == 0) {
        f52 = 1ull << 51 | f52 >> 1;
    } else if (re == -1) {
        f52 = 1ull << 50 | f52 >> 2;
        re = 0;
    }
    *rexp = re;
    return f52;
}

/*
 * FPRSqrtEstimate after the special cases: a denormal normalised (adjusting
 * *exp), the fraction scaled into [0.25, 1) keeping the exponent's parity,
 * and the 9-bit estimate returned.
 */
unsigned a64_rsqrt_estimate_frac(int *exp, uint64_t f52)
{
    if (*exp == 0) {
        while (!(f52 >> 51)) {
            f52 = (f52 << 1) & ((1ull << 52) - 1);
            (*exp)--;
        }
        f52 = (f52 << 1) & ((1ull << 52) - 1);
    }
    return a64_rsqrt_estimate((*exp & 1) ? 128 | (unsigned)(f52 >> 45)
                                         : 256 | (unsigned)(f52 >> 44));
}

uint64_t a64_fp_recpe(ARMCPU *cpu, uint64_t a, bool dbl)
{
    int fb = dbl ? 52 : 23, emax = dbl ? 2047 : 255;
    FloatStatus s;
    uint64_t sign, frac, r;
    int exp, rexp;

    fp_begin(cpu, &s, false, -1);
    a = flush_in(cpu, a, dbl);
    sign = a & sign_bit(dbl);
    exp = (int)((a >> fb) & (uint64_t)emax);
    frac = a & ((1ull << fb) - 1);
    if (is_nan(a, dbl)) {
        r = process_nan(cpu, &s, a, dbl);
    } else if (exp == emax) {
        r = sign;
    } else if (exp == 0 && frac == 0) {
        r = sign | inf_bits(dbl);
        s.flags |= FP_DZ;
    } else if (exp == 0 && frac < (1ull << (fb - 2))) {
        /* |a| < 2^-128 (2^-1024): the reciprocal overflows. */
        bool to_inf;
        switch (s.round) {
        case FP_RNE: to_inf = true; break;
        case FP_RUP: to_inf = !sign; break;
        case FP_RDN: to_inf = sign != 0; break;
        default: to_inf = false; break;
        }
        r = sign | (to_inf ? inf_bits(dbl) : inf_bits(dbl) - 1);
        s.flags |= FP_OF | FP_NX;
    } else if ((cpu->fpcr & FPCR_FZ) && exp >= (dbl ? 2045 : 253)) {
        /* The estimate would be denormal: flushed. */
        r = sign;
        cpu->fpsr |= FPSR_UFC;
    } else {
        uint64_t f52 = a64_recip_estimate_frac(exp, dbl ? frac : frac << 29,
                                               dbl ? 2045 : 253, &rexp);
        r = dbl ? sign | (uint64_t)rexp << 52 | f52 : sign | (uint64_t)rexp << 23 | f52 >> 29;
    }
    fp_end(cpu, &s);
    return r;
}

uint64_t a64_fp_rsqrte(ARMCPU *cpu, uint64_t a, bool dbl)
{
    int fb = dbl ? 52 : 23, emax = dbl ? 2047 : 255;
    FloatStatus s;
    uint64_t frac, r;
    int exp;

    fp_begin(cpu, &s, false, -1);
    a = flush_in(cpu, a, dbl);
    exp = (int)((a >> fb) & (uint64_t)emax);
    frac = a & ((1ull << fb) - 1);
    if (is_nan(a, dbl)) {
        r = process_nan(cpu, &s, a, dbl);
    } else if (exp == 0 && frac == 0) {
        r = (a & sign_bit(dbl)) | inf_bits(dbl);
        s.flags |= FP_DZ;
    } else if (a & sign_bit(dbl)) {
        r = dbl ? DN64 : DN32;
        s.flags |= FP_NV;
    } else if (exp == emax) {
        r = 0;
    } else {
        unsigned est = a64_rsqrt_estimate_frac(&exp, dbl ? frac : frac << 29);
        int rexp = ((dbl ? 3068 : 380) - exp) / 2;
        r = dbl ? (uint64_t)rexp << 52 | (uint64_t)(est & 0xff) << 44
                : (uint64_t)rexp << 23 | (uint64_t)(est & 0xff) << 15;
    }
    fp_end(cpu, &s);
    return r;
}

uint64_t a64_fp_recpx(ARMCPU *cpu, uint64_t a, bool dbl)
{
    int fb = dbl ? 52 : 23, emax = dbl ? 2047 : 255;
    FloatStatus s;
    uint64_t r, exp;

    fp_begin(cpu, &s, false, -1);
    a = flush_in(cpu, a, dbl);
    exp = (a >> fb) & (uint64_t)emax;
    if (is_nan(a, dbl)) {
        r = process_nan(cpu, &s, a, dbl);
    } else {
        /* Zeros and denormals get the largest finite exponent, the rest its complement. */
        exp = exp == 0 ? (uint64_t)emax - 1 : ~exp & (uint64_t)emax;
        r = (a & sign_bit(dbl)) | exp << fb;
    }
    fp_end(cpu, &s);
    return r;
}

/*
 * FRECPS (2 - a*b), FRSQRTS ((3 - a*b) / 2) and FMULX (a*b, with 0*inf =
 * 2): fused, one rounding.  The step functions negate a first, so a NaN in
 * a propagates with its sign flipped (FPRecipStepFused).
 */
uint64_t a64_fp_step(ARMCPU *cpu, uint64_t a, uint64_t b, bool dbl, int kind)
{
    static const uint64_t special32[3] = { 0x40000000u, 0x3fc00000u, 0x40000000u };
    static const uint64_t special64[3] = {
        0x4000000000000000ull, 0x3ff8000000000000ull, 0x4000000000000000ull,
    };
    FloatStatus s;
    uint64_t r;
    bool inf_a, inf_b, zero_a, zero_b;

    fp_begin(cpu, &s, false, -1);
    a = flush_in(cpu, a, dbl);
    b = flush_in(cpu, b, dbl);
    if (kind != A64_STEP_MULX) {
        a = neg_bits(a, dbl);
    }
    if (is_nan(a, dbl) || is_nan(b, dbl)) {
        r = process_nans2(cpu, &s, a, b, dbl);
        fp_end(cpu, &s);
        return r;
    }
    inf_a = abs_bits(a, dbl) == inf_bits(dbl);
    inf_b = abs_bits(b, dbl) == inf_bits(dbl);
    zero_a = abs_bits(a, dbl) == 0;
    zero_b = abs_bits(b, dbl) == 0;
    if ((inf_a && zero_b) || (zero_a && inf_b)) {
        r = dbl ? special64[kind] : special32[kind];
        if (kind == A64_STEP_MULX) {
            r |= (a ^ b) & sign_bit(dbl);
        }
    } else if (inf_a || inf_b) {
        r = ((a ^ b) & sign_bit(dbl)) | inf_bits(dbl);
    } else if (kind == A64_STEP_MULX) {
        r = dbl ? fp64_mul(a, b, &s) : fp32_mul((float32)a, (float32)b, &s);
        r = flush_out(cpu, &s, r, dbl);
    } else if (zero_a || zero_b) {
        /* 2 + 0 and (3 + 0) / 2: exact. */
        r = dbl ? special64[kind] : special32[kind];
    } else {
        uint64_t c = kind == A64_STEP_RECPS ? (dbl ? 0x4000000000000000ull : 0x40000000u)
                                            : (dbl ? 0x4008000000000000ull : 0x40400000u);
        int scale = kind == A64_STEP_RSQRTS ? -1 : 0;
        r = dbl ? fp64_fma_scaled(a, b, c, 0, scale, &s)
                : fp32_fma_scaled((float32)a, (float32)b, (float32)c, 0, scale, &s);
        r = flush_out(cpu, &s, r, dbl);
    }
    fp_end(cpu, &s);
    return r;
}

/*
 * FCVT between half (1), single (2) and double (3); odd: round to odd
 * (FCVTXN).  Half precision follows FPCR.AHP and is never flushed
 * (FPConvert ignores FZ16 and FZ for half); single and double follow FZ.
 */
uint64_t a64_fp_convert(ARMCPU *cpu, uint64_t a, int from, int to, bool odd)
{
    bool ahp = cpu->fpcr & FPCR_AHP;
    FloatStatus s;
    uint64_t r;

    fp_begin(cpu, &s, false, -1);
    if (from != 1) {
        a = flush_in(cpu, a, from == 3);
    }
    switch (from << 2 | to) {
    case 1 << 2 | 2: r = fp16_to_fp32((float16)a, ahp, &s); break;
    case 1 << 2 | 3: r = fp16_to_fp64((float16)a, ahp, &s); break;
    case 2 << 2 | 1: r = fp32_to_fp16((float32)a, ahp, 0x7e00, &s); break;
    case 3 << 2 | 1: r = fp64_to_fp16(a, ahp, 0x7e00, &s); break;
    case 2 << 2 | 3: r = fp32_to_fp64((float32)a, &s); break;
    case 3 << 2 | 2:
        r = odd ? fp64_to_fp32_round_odd(a, &s) : fp64_to_fp32(a, &s);
        r = flush_out(cpu, &s, r, false);
        break;
    default:
        g_assert_not_reached();
    }
    fp_end(cpu, &s);
    return r;
}

/* Scalar FCVT with a half-precision operand: desc = from | to << 2. */
uint64_t helper_a64_fcvt_h(CPUCommon *env, uint64_t a, uint32_t desc)
{
    return a64_fp_convert(arm_cpu(env), a, (int)(desc & 3), (int)((desc >> 2) & 3), false);
}

IR_HELPER_DEF(a64_fcvt_h, IR_HT_I64, FPH, IR_HT_PTR, IR_HT_I64, IR_HT_I32);
