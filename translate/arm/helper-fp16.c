/*
 * helper-fp16.c: AArch64 half-precision (FEAT_FP16) scalar arithmetic, the
 * ftype=11 forms of helper-fp.c's helpers (which dispatch here when the
 * descriptor carries A64_FP_HALF).
 *
 * Arm's rules for binary16 differ from single/double in three places (Arm
 * ARM DDI 0487, shared pseudocode FPUnpackBase and FPRoundBase):
 *   - FPCR.FZ16, not FPCR.FZ, flushes denormals, and flushing a denormal
 *     INPUT raises no Input Denormal (IDC) flag; a flushed tiny result
 *     still raises UFC (and not IXC);
 *   - FPCR.AHP only affects conversions (FPUnpackCV), never arithmetic:
 *     here exponent 31 is always infinity/NaN;
 *   - the default NaN is 0x7e00.
 * NaN propagation, min/max flavours and integer saturation are as for the
 * other formats.
 */
#include "common.h"
#include "translate.h"
#include "helper-fp.h"
#include "fpu/fpu.h"

#define DN16 0x7e00u

extern const FpRules fp_rules_arm[4];

static void h_begin(ARMCPU *cpu, FloatStatus *s, bool nm, int rm)
{
    static const FpRound map[4] = { FP_RNE, FP_RUP, FP_RDN, FP_RTZ };
    unsigned idx = ((cpu->fpcr & FPCR_DN) ? 1 : 0) | (nm ? 2 : 0);

    fp_status_init(s, &fp_rules_arm[idx],
                   rm < 0 ? map[(cpu->fpcr >> FPCR_RMODE_SHIFT) & 3] : (FpRound)rm);
}

static void h_end(ARMCPU *cpu, FloatStatus *s)
{
    uint32_t f = 0;

    if (s->flags & FP_NV) f |= FPSR_IOC;
    if (s->flags & FP_DZ) f |= FPSR_DZC;
    if (s->flags & FP_OF) f |= FPSR_OFC;
    if (s->flags & FP_UF) f |= FPSR_UFC;
    if (s->flags & FP_NX) f |= FPSR_IXC;
    cpu->fpsr |= f;
}

static bool h_denormal(float16 a) { return (a & 0x7c00) == 0 && (a & 0x3ff) != 0; }

/* FPUnpackBase with N=16: FZ16 turns a denormal into a zero, silently. */
static float16 h_in(ARMCPU *cpu, uint64_t a)
{
    float16 h = (float16)a;

    if ((cpu->fpcr & FPCR_FZ16) && h_denormal(h)) {
        return h & 0x8000;
    }
    return h;
}

/* FPRoundBase: below the normal range before rounding -> signed zero, UFC only. */
static float16 h_out(ARMCPU *cpu, FloatStatus *s, float16 r)
{
    if ((cpu->fpcr & FPCR_FZ16) && (h_denormal(r) || (s->flags & FP_UF))) {
        s->flags = (uint8_t)((s->flags & ~FP_NX) | FP_UF);
        return r & 0x8000;
    }
    return r;
}

uint64_t a64_fp16_fp2(ARMCPU *cpu, uint64_t a64, uint64_t b64, uint32_t desc)
{
    unsigned op = desc & 0xff;
    FloatStatus s;
    float16 a, b, r;

    h_begin(cpu, &s, op == A64_FP2_MAXNM || op == A64_FP2_MINNM, -1);
    a = h_in(cpu, a64);
    b = h_in(cpu, b64);
    switch (op) {
    case A64_FP2_MUL:
    case A64_FP2_NMUL:
        r = fp16_mul(a, b, &s);
        if (op == A64_FP2_NMUL) {
            r ^= 0x8000;    /* FPNeg(FPMul()): a NaN result's sign flips too */
        }
        break;
    case A64_FP2_DIV: r = fp16_div(a, b, &s); break;
    case A64_FP2_ADD: r = fp16_add(a, b, &s); break;
    case A64_FP2_SUB:
    case A64_FP2_ABD:
        r = fp16_sub(a, b, &s);
        if (op == A64_FP2_ABD) {
            r &= 0x7fff;
        }
        break;
    case A64_FP2_MAX: case A64_FP2_MAXNM: r = fp16_max(a, b, &s); break;
    case A64_FP2_MIN: case A64_FP2_MINNM: r = fp16_min(a, b, &s); break;
    default:
        g_assert_not_reached();
    }
    r = h_out(cpu, &s, r);
    h_end(cpu, &s);
    return r;
}

/* FRINT*: round to an integral half in rm; exact (FRINTX) raises inexact. */
static float16 h_round_int(float16 a, FpRound rm, bool exact, FloatStatus *s)
{
    FloatStatus t = *s;
    float16 r;

    if (fp16_is_nan(a)) {
        if (fp16_is_snan(a)) {
            s->flags |= FP_NV;
        }
        return s->rules->default_nan_mode ? DN16 : (a | 0x200);
    }
    /* Exponent >= 25 (|a| >= 2^10), infinities: already integral; zeros too. */
    if (((a >> 10) & 31) >= 25 || (a & 0x7fff) == 0) {
        return a;
    }
    t.round = rm;
    t.flags = 0;
    r = fp16_from_i32(fp16_to_i32(a, &t), &t);
    if (exact) {
        s->flags |= t.flags & FP_NX;
    }
    /* A zero result keeps the operand's sign (-0.3 rounds to -0). */
    if ((r & 0x7fff) == 0) {
        r = a & 0x8000;
    }
    return r;
}

uint64_t a64_fp16_fp1(ARMCPU *cpu, uint64_t a64, uint32_t desc)
{
    FloatStatus s;
    float16 a, r;

    h_begin(cpu, &s, false, -1);
    a = h_in(cpu, a64);
    switch (desc & 0xff) {
    case A64_FP1_SQRT: r = fp16_sqrt(a, &s); break;
    case A64_FP1_RINTN: r = h_round_int(a, FP_RNE, false, &s); break;
    case A64_FP1_RINTP: r = h_round_int(a, FP_RUP, false, &s); break;
    case A64_FP1_RINTM: r = h_round_int(a, FP_RDN, false, &s); break;
    case A64_FP1_RINTZ: r = h_round_int(a, FP_RTZ, false, &s); break;
    case A64_FP1_RINTA: r = h_round_int(a, FP_RMM, false, &s); break;
    case A64_FP1_RINTX: r = h_round_int(a, (FpRound)s.round, true, &s); break;
    case A64_FP1_RINTI: r = h_round_int(a, (FpRound)s.round, false, &s); break;
    default:
        g_assert_not_reached();
    }
    r = h_out(cpu, &s, r);
    h_end(cpu, &s);
    return r;
}

uint64_t a64_fp16_fma(ARMCPU *cpu, uint64_t n64, uint64_t m64, uint64_t a64, uint32_t desc)
{
    float16 n = h_in(cpu, n64), m = h_in(cpu, m64), ra = h_in(cpu, a64), r;
    FloatStatus s;

    h_begin(cpu, &s, false, -1);
    if (fp16_is_nan(n) || fp16_is_nan(m) || fp16_is_nan(ra)) {
        /* FPProcessNaNs3 takes the addend first; inf * 0 + qNaN is invalid (FPMulAdd). */
        bool inf_zero = ((n & 0x7fff) == 0 && (m & 0x7fff) == 0x7c00) ||
                        ((m & 0x7fff) == 0 && (n & 0x7fff) == 0x7c00);
        float16 ops[3] = {
            /* FPNeg of the negated operands comes first: NaN signs flip. */
            (float16)(ra ^ ((desc & FP_FMA_NEG_ADDEND) ? 0x8000 : 0)),
            (float16)(n ^ ((desc & FP_FMA_NEG_PRODUCT) ? 0x8000 : 0)),
            m,
        };
        int pick = -1;

        for (int i = 0; i < 3 && pick < 0; i++) {
            if (fp16_is_snan(ops[i])) {
                pick = i;
            }
        }
        if (pick >= 0) {
            s.flags |= FP_NV;
        } else {
            for (int i = 0; i < 3 && pick < 0; i++) {
                if (fp16_is_nan(ops[i])) {
                    pick = i;
                }
            }
            if (pick == 0 && inf_zero) {
                s.flags |= FP_NV;
                h_end(cpu, &s);
                return DN16;
            }
        }
        h_end(cpu, &s);
        return (cpu->fpcr & FPCR_DN) ? DN16 : (ops[pick] | 0x200u);
    }
    r = fp16_fma(n, m, ra, desc & 3, &s);
    r = h_out(cpu, &s, r);
    h_end(cpu, &s);
    return r;
}

uint64_t a64_fp16_cmp(ARMCPU *cpu, uint64_t a64, uint64_t b64, uint32_t desc)
{
    float16 a = h_in(cpu, a64), b = h_in(cpu, b64);
    FloatStatus s;
    uint64_t r;

    h_begin(cpu, &s, false, -1);
    if (fp16_is_nan(a) || fp16_is_nan(b)) {
        if ((desc & A64_FCMP_E) || fp16_is_snan(a) || fp16_is_snan(b)) {
            s.flags |= FP_NV;
        }
        r = 3;
    } else if (fp16_eq(a, b, &s)) {
        r = 6;
    } else if (fp16_lt(a, b, &s)) {
        r = 8;
    } else {
        r = 2;
    }
    h_end(cpu, &s);
    return r;
}

/*
 * Half -> integer, with fbits fraction bits: binary64 holds every half
 * times 2^fbits (fbits <= 64) exactly, so the conversion rounds only once.
 */
uint64_t a64_fp16_to_int(ARMCPU *cpu, uint64_t a64, uint32_t desc)
{
    bool is_signed = desc & A64_CVT_SIGNED;
    bool to64 = desc & A64_CVT_64;
    int rm = (desc & A64_CVT_RM_FPCR) ? -1 : (int)((desc >> A64_CVT_RM_SHIFT) & 7);
    unsigned fbits = (desc >> A64_CVT_FBITS_SHIFT) & 127;
    float16 a = h_in(cpu, a64);
    FloatStatus s, t;
    float64 d;
    uint64_t r;

    h_begin(cpu, &s, false, rm);
    if (fp16_is_nan(a)) {
        s.flags |= FP_NV;
        h_end(cpu, &s);
        return 0;
    }
    t = s;
    d = fp16_to_fp64(a, false, &t);
    d = fp64_mul(d, (uint64_t)(1023 + fbits) << 52, &t);
    r = to64 ? (is_signed ? (uint64_t)fp64_to_i64(d, &s) : fp64_to_u64(d, &s))
             : (is_signed ? (uint32_t)fp64_to_i32(d, &s) : fp64_to_u32(d, &s));
    h_end(cpu, &s);
    return r;
}

/*
 * Integer / 2^fbits -> half, rounded once: reduce a 64-bit magnitude to 53
 * bits with a sticky bit (enough guard bits for an 11-bit result), so the
 * value is an exact binary64, scale exactly, and round that to half.
 */
uint64_t a64_int_to_fp16(ARMCPU *cpu, uint64_t v, uint32_t desc)
{
    bool is_signed = desc & A64_CVT_SIGNED;
    bool from64 = desc & A64_CVT_64;
    unsigned fbits = (desc >> A64_CVT_FBITS_SHIFT) & 127;
    FloatStatus s, t;
    uint64_t mag;
    bool neg = false;
    int k = 0;
    float64 d;
    float16 r;

    if (!from64) {
        v = is_signed ? (uint64_t)(int64_t)(int32_t)v : (uint32_t)v;
    }
    if (is_signed && (int64_t)v < 0) {
        neg = true;
        mag = -v;
    } else {
        mag = v;
    }
    if (mag >> 53) {
        k = 64 - 53 - __builtin_clzll(mag);
        mag = (mag >> k) | ((mag & ((1ull << k) - 1)) != 0);
    }
    h_begin(cpu, &s, false, -1);
    t = s;
    d = fp64_from_u64(mag, &t);                                 /* exact: < 2^53 */
    d = fp64_mul(d, (uint64_t)(1023 + k - (int)fbits) << 52, &t); /* exact: >= 2^-64 */
    if (neg) {
        d ^= 1ull << 63;
    }
    r = mag ? fp64_to_fp16(d, false, DN16, &s) : 0;
    r = h_out(cpu, &s, r);
    h_end(cpu, &s);
    return r;
}
