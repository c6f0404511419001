/*
 * helper-simd-fp16.c: the Advanced SIMD half-precision (FEAT_FP16) forms,
 * vector and scalar: "three same (FP16)", "two-register misc (FP16)", by
 * element (FMLA/FMLS/FMUL/FMULX), across lanes and scalar pairwise
 * (FMAXNM/FMINNM/FMAX/FMIN, FADDP), and the fixed-point conversions of
 * "shift by immediate" (Arm ARM DDI 0487 C4.1.90).  Each element goes through the scalar binary16
 * helpers of helper-fp16.c, so FZ16, DN, NaN propagation and the flags are
 * those of the scalar instructions.
 *
 * Descriptor (helper-simd.h simd_desc): for 3same/2misc size holds the 'a'
 * bit (bit 23), op the 3-bit (3same) or 5-bit (2misc) opcode; by element
 * carries H:L:M in extra, shift by immediate immh:immb.
 */
#include "common.h"
#include "translate.h"
#include "helper-simd.h"
#include "helper-simd-elem.h"
#include "helper-fp.h"
#include "fpu/fpu.h"

#define DN16 0x7e00u

extern const FpRules fp_rules_arm[4];

/* 3same: U:a:opcode. */
static int h3_key(uint32_t d) { return SD_U(d) << 4 | (SD_SIZE(d) & 1) << 3 | SD_OP(d); }

enum {
    H3_FMAXNM = 0x00, H3_FMLA = 0x01, H3_FADD = 0x02, H3_FMULX = 0x03, H3_FCMEQ = 0x04,
    H3_FMAX = 0x06, H3_FRECPS = 0x07,
    H3_FMINNM = 0x08, H3_FMLS = 0x09, H3_FSUB = 0x0a, H3_FMIN = 0x0e, H3_FRSQRTS = 0x0f,
    H3_FMAXNMP = 0x10, H3_FADDP = 0x12, H3_FMUL = 0x13, H3_FCMGE = 0x14, H3_FACGE = 0x15,
    H3_FMAXP = 0x16, H3_FDIV = 0x17,
    H3_FMINNMP = 0x18, H3_FABD = 0x1a, H3_FCMGT = 0x1c, H3_FACGT = 0x1d, H3_FMINP = 0x1e,
};

/* 2misc: U:a:opcode(5). */
static int h2_key(uint32_t d) { return SD_U(d) << 6 | (SD_SIZE(d) & 1) << 5 | SD_OP(d); }

enum {
    H2_FRINTN = 0x18, H2_FRINTM = 0x19, H2_FCVTNS = 0x1a, H2_FCVTMS = 0x1b, H2_FCVTAS = 0x1c,
    H2_SCVTF = 0x1d,
    H2_FCMGT0 = 0x2c, H2_FCMEQ0 = 0x2d, H2_FCMLT0 = 0x2e, H2_FABS = 0x2f, H2_FRINTP = 0x38,
    H2_FRINTZ = 0x39, H2_FCVTPS = 0x3a, H2_FCVTZS = 0x3b,
    H2_FRINTA = 0x58, H2_FRINTX = 0x59, H2_FCVTNU = 0x5a, H2_FCVTMU = 0x5b, H2_FCVTAU = 0x5c,
    H2_UCVTF = 0x5d,
    H2_FCMGE0 = 0x6c, H2_FCMLE0 = 0x6d, H2_FNEG = 0x6f, H2_FRINTI = 0x79, H2_FCVTPU = 0x7a,
    H2_FCVTZU = 0x7b, H2_FSQRT = 0x7f,
    H2_FRECPE = 0x3d, H2_FRECPX = 0x3f, H2_FRSQRTE = 0x7d,
};

bool a64_simd_fp16_valid(A64SimdGroup g, uint32_t d)
{
    bool sc = SD_SCALAR(d);

    if (g == A64_SIMD_3SAME) {
        switch (h3_key(d)) {
        case H3_FMULX: case H3_FCMEQ: case H3_FRECPS: case H3_FRSQRTS: case H3_FCMGE:
        case H3_FACGE: case H3_FABD: case H3_FCMGT: case H3_FACGT:
            return true;
        case H3_FMAXNM: case H3_FMLA: case H3_FADD: case H3_FMAX: case H3_FMINNM: case H3_FMLS:
        case H3_FSUB: case H3_FMIN: case H3_FMAXNMP: case H3_FADDP: case H3_FMUL: case H3_FMAXP:
        case H3_FDIV: case H3_FMINNMP: case H3_FMINP:
            return !sc;
        default:
            return false;
        }
    }
    if (g == A64_SIMD_2MISC) {
        switch (h2_key(d)) {
        case H2_FCVTNS: case H2_FCVTMS: case H2_FCVTAS: case H2_SCVTF: case H2_FCMGT0:
        case H2_FCMEQ0: case H2_FCMLT0: case H2_FCVTPS: case H2_FCVTZS: case H2_FCVTNU:
        case H2_FCVTMU: case H2_FCVTAU: case H2_UCVTF: case H2_FCMGE0: case H2_FCMLE0:
        case H2_FCVTPU: case H2_FCVTZU: case H2_FRECPE: case H2_FRSQRTE:
            return true;
        case H2_FRECPX:
            return sc;
        case H2_FRINTN: case H2_FRINTM: case H2_FABS: case H2_FRINTP: case H2_FRINTZ:
        case H2_FRINTA: case H2_FRINTX: case H2_FNEG: case H2_FRINTI: case H2_FSQRT:
            return !sc;
        default:
            return false;
        }
    }
    if (g == A64_SIMD_ACROSS || g == A64_SIMD_PAIR) {
        /* Translate-simd.c only sends U = 0, sz = 0 with opcode 0xc, 0xd (pairwise) or 0xf. */
        return true;
    }
    if (g == A64_SIMD_SHIMM) {
        /* SCVTF/UCVTF (0x1c), FCVTZS/FCVTZU (0x1f), fixed point, immh = 001x. */
        return (SD_OP(d) == 0x1c || SD_OP(d) == 0x1f) && (SD_EXTRA(d) >> 4) == 1;
    }
    if (g == A64_SIMD_ELEM) {
        return SD_OP(d) == 9 || (!SD_U(d) && (SD_OP(d) == 1 || SD_OP(d) == 5));
    }
    return false;
}

/* FCMEQ (0) / FCMGE (1) / FCMGT (2): all ones or zero; FCMEQ is the quiet compare. */
static uint16_t h_cmp(ARMCPU *cpu, int kind, uint16_t a, uint16_t b)
{
    uint64_t r = a64_fp16_cmp(cpu, a, b, kind ? A64_FCMP_E : 0);

    switch (kind) {
    case 0: r = r == 6; break;
    case 1: r = r == 6 || r == 2; break;
    default: r = r == 2; break;
    }
    return r ? 0xffff : 0;
}

static bool h_isnan(uint16_t h) { return (h & 0x7c00) == 0x7c00 && (h & 0x3ff); }

/* FPUnpack with N = 16: FZ16 flushes a denormal input silently. */
static uint16_t h_flush(ARMCPU *cpu, uint16_t h)
{
    if ((cpu->fpcr & FPCR_FZ16) && (h & 0x7c00) == 0 && (h & 0x3ff)) {
        return h & 0x8000;
    }
    return h;
}

/*
 * FMULX, FRECPS (2 - a*b) and FRSQRTS ((3 - a*b) / 2), fused.  The exact
 * product of two halves fits binary64; the sum is formed rounding toward
 * zero with the inexact bit jammed into the last place (round to odd), so
 * the final rounding to half is the only one that counts.
 */
static uint16_t h_step(ARMCPU *cpu, uint16_t a, uint16_t b, int kind)
{
    static const uint16_t special[3] = { 0x4000, 0x3e00, 0x4000 };
    uint32_t saved = cpu->fpsr;
    bool inf_a, inf_b, zero_a, zero_b;
    FloatStatus s, t;
    float64 da, db, r;
    uint16_t h;

    a = h_flush(cpu, a);
    b = h_flush(cpu, b);
    if (kind != A64_STEP_MULX) {
        a ^= 0x8000;
    }
    if (h_isnan(a) || h_isnan(b)) {
        /* FPProcessNaNs: the multiply's own NaN handling is the same. */
        return (uint16_t)a64_fp16_fp2(cpu, a, b, A64_FP2_MUL | A64_FP_HALF);
    }
    inf_a = (a & 0x7fff) == 0x7c00;
    inf_b = (b & 0x7fff) == 0x7c00;
    zero_a = (a & 0x7fff) == 0;
    zero_b = (b & 0x7fff) == 0;
    if ((inf_a && zero_b) || (zero_a && inf_b)) {
        return special[kind] | (kind == A64_STEP_MULX ? (a ^ b) & 0x8000 : 0);
    }
    if (inf_a || inf_b) {
        return ((a ^ b) & 0x8000) | 0x7c00;
    }
    if (kind == A64_STEP_MULX) {
        return (uint16_t)a64_fp16_fp2(cpu, a, b, A64_FP2_MUL | A64_FP_HALF);
    }
    if (zero_a || zero_b) {
        return special[kind];
    }
    fp_status_init(&t, &fp_rules_arm[0], FP_RTZ);
    t.flags = 0;
    da = fp16_to_fp64(a, false, &t);
    db = fp16_to_fp64(b, false, &t);
    t.flags = 0;
    r = fp64_fma(da, db, kind == A64_STEP_RECPS ? 0x4000000000000000ull : 0x4008000000000000ull,
                 0, &t);
    if (t.flags & FP_NX) {
        r |= 1;
    }
    if ((r << 1) == 0) {
        /* An exact zero sum: its sign follows the rounding mode (FPRecipStepFused). */
        return ((cpu->fpcr >> FPCR_RMODE_SHIFT) & 3) == 2 ? 0x8000 : 0;
    }
    if (kind == A64_STEP_RSQRTS) {
        r = fp64_mul(r, 0x3fe0000000000000ull, &t);     /* exact: far from binary64's limits */
    }
    /* Round once to half in the FPCR mode; a64_int_to_fp16's path does the FZ16/flag work. */
    {
        static const FpRound map[4] = { FP_RNE, FP_RUP, FP_RDN, FP_RTZ };
        fp_status_init(&s, &fp_rules_arm[(cpu->fpcr & FPCR_DN) ? 1 : 0], map[(cpu->fpcr >> FPCR_RMODE_SHIFT) & 3]);
        s.flags = 0;
        h = fp64_to_fp16(r, false, DN16, &s);
        if ((cpu->fpcr & FPCR_FZ16) && (((h & 0x7c00) == 0 && (h & 0x3ff)) || (s.flags & FP_UF))) {
            s.flags = (uint8_t)((s.flags & ~FP_NX) | FP_UF);
            h &= 0x8000;
        }
    }
    cpu->fpsr = saved | ((s.flags & FP_OF) ? FPSR_OFC : 0) | ((s.flags & FP_UF) ? FPSR_UFC : 0) |
                ((s.flags & FP_NX) ? FPSR_IXC : 0);
    return h;
}

static uint16_t h3_elem(ARMCPU *cpu, int key, uint16_t a, uint16_t b, uint16_t acc)
{
    switch (key) {
    case H3_FMAXNM: case H3_FMAXNMP: return (uint16_t)a64_fp16_fp2(cpu, a, b, A64_FP2_MAXNM | A64_FP_HALF);
    case H3_FMINNM: case H3_FMINNMP: return (uint16_t)a64_fp16_fp2(cpu, a, b, A64_FP2_MINNM | A64_FP_HALF);
    case H3_FMAX: case H3_FMAXP: return (uint16_t)a64_fp16_fp2(cpu, a, b, A64_FP2_MAX | A64_FP_HALF);
    case H3_FMIN: case H3_FMINP: return (uint16_t)a64_fp16_fp2(cpu, a, b, A64_FP2_MIN | A64_FP_HALF);
    case H3_FADD: case H3_FADDP: return (uint16_t)a64_fp16_fp2(cpu, a, b, A64_FP2_ADD | A64_FP_HALF);
    case H3_FSUB: return (uint16_t)a64_fp16_fp2(cpu, a, b, A64_FP2_SUB | A64_FP_HALF);
    case H3_FMUL: return (uint16_t)a64_fp16_fp2(cpu, a, b, A64_FP2_MUL | A64_FP_HALF);
    case H3_FDIV: return (uint16_t)a64_fp16_fp2(cpu, a, b, A64_FP2_DIV | A64_FP_HALF);
    case H3_FABD: return (uint16_t)a64_fp16_fp2(cpu, a, b, A64_FP2_ABD | A64_FP_HALF);
    case H3_FMLA: return (uint16_t)a64_fp16_fma(cpu, a, b, acc, A64_FP_HALF);
    case H3_FMLS:
        return (uint16_t)a64_fp16_fma(cpu, a, b, acc, A64_FP_HALF | FP_FMA_NEG_PRODUCT);
    case H3_FMULX: return h_step(cpu, a, b, A64_STEP_MULX);
    case H3_FRECPS: return h_step(cpu, a, b, A64_STEP_RECPS);
    case H3_FRSQRTS: return h_step(cpu, a, b, A64_STEP_RSQRTS);
    case H3_FCMEQ: return h_cmp(cpu, 0, a, b);
    case H3_FCMGE: return h_cmp(cpu, 1, a, b);
    case H3_FCMGT: return h_cmp(cpu, 2, a, b);
    case H3_FACGE: return h_cmp(cpu, 1, a & 0x7fff, b & 0x7fff);
    case H3_FACGT: return h_cmp(cpu, 2, a & 0x7fff, b & 0x7fff);
    default:
        g_assert_not_reached();
    }
}

/* FPProcessNaN. */
static uint16_t h_nan(ARMCPU *cpu, uint16_t a)
{
    if (!(a & 0x200)) {
        cpu->fpsr |= FPSR_IOC;
    }
    return (cpu->fpcr & FPCR_DN) ? DN16 : (a | 0x200);
}

/* FPRecipEstimate, N = 16. */
static uint16_t h_recpe(ARMCPU *cpu, uint16_t a)
{
    uint16_t sign = a & 0x8000;
    int exp, rexp;
    uint64_t f52;

    a = h_flush(cpu, a);
    exp = (a >> 10) & 31;
    if (h_isnan(a)) {
        return h_nan(cpu, a);
    }
    if (exp == 31) {
        return sign;
    }
    if ((a & 0x7fff) == 0) {
        cpu->fpsr |= FPSR_DZC;
        return sign | 0x7c00;
    }
    if (exp == 0 && (a & 0x3ff) < 0x100) {
        /* |a| < 2^-16: the reciprocal overflows. */
        unsigned rm = (cpu->fpcr >> FPCR_RMODE_SHIFT) & 3;
        bool to_inf = rm == 0 || (rm == 1 && !sign) || (rm == 2 && sign);
        cpu->fpsr |= FPSR_OFC | FPSR_IXC;
        return sign | (to_inf ? 0x7c00 : 0x7bff);
    }
    if ((cpu->fpcr & FPCR_FZ16) && exp >= 29) {
        /* |a| >= 2^14: the estimate would be denormal, flushed. */
        cpu->fpsr |= FPSR_UFC;
        return sign;
    }
    f52 = a64_recip_estimate_frac(exp, (uint64_t)(a & 0x3ff) << 42, 29, &rexp);
    return (uint16_t)(sign | rexp << 10 | (unsigned)(f52 >> 42));
}

/* FPRSqrtEstimate, N = 16. */
static uint16_t h_rsqrte(ARMCPU *cpu, uint16_t a)
{
    int exp;
    unsigned est;

    a = h_flush(cpu, a);
    exp = (a >> 10) & 31;
    if (h_isnan(a)) {
        return h_nan(cpu, a);
    }
    if ((a & 0x7fff) == 0) {
        cpu->fpsr |= FPSR_DZC;
        return (a & 0x8000) | 0x7c00;
    }
    if (a & 0x8000) {
        cpu->fpsr |= FPSR_IOC;
        return DN16;
    }
    if (exp == 31) {
        return 0;
    }
    est = a64_rsqrt_estimate_frac(&exp, (uint64_t)(a & 0x3ff) << 42);
    return (uint16_t)(((44 - exp) / 2) << 10 | (est & 0xff) << 2);
}

/* FPRecpX, N = 16: the exponent complemented, zeros and denormals to the largest finite one. */
static uint16_t h_recpx(ARMCPU *cpu, uint16_t a)
{
    int exp;

    a = h_flush(cpu, a);
    exp = (a >> 10) & 31;
    if (h_isnan(a)) {
        return h_nan(cpu, a);
    }
    return (uint16_t)((a & 0x8000) | (exp == 0 ? 30 : (~exp & 31)) << 10);
}

/* FPToFixed into a 16-bit lane: out of range saturates with IOC and no IXC. */
static uint16_t h_to_fixed16(ARMCPU *cpu, uint16_t a, bool is_signed, int rm, unsigned fbits)
{
    uint32_t saved = cpu->fpsr;
    uint32_t desc = (is_signed ? A64_CVT_SIGNED : 0) | fbits << A64_CVT_FBITS_SHIFT |
                    (rm < 0 ? A64_CVT_RM_FPCR : (uint32_t)rm << A64_CVT_RM_SHIFT);
    uint64_t v = a64_fp16_to_int(cpu, a, desc | A64_CVT_64);

    if (is_signed && ((int64_t)v > 32767 || (int64_t)v < -32768)) {
        cpu->fpsr = saved | FPSR_IOC;
        return (int64_t)v < 0 ? 0x8000 : 0x7fff;
    }
    if (!is_signed && v > 0xffff) {
        cpu->fpsr = saved | FPSR_IOC;
        return 0xffff;
    }
    return (uint16_t)v;
}

static uint16_t h_to_int16(ARMCPU *cpu, uint16_t a, bool is_signed, int rm)
{
    return h_to_fixed16(cpu, a, is_signed, rm, 0);
}

static uint16_t h2_elem(ARMCPU *cpu, int key, uint16_t a)
{
    switch (key) {
    case H2_FRINTN: return (uint16_t)a64_fp16_fp1(cpu, a, A64_FP1_RINTN | A64_FP_HALF);
    case H2_FRINTM: return (uint16_t)a64_fp16_fp1(cpu, a, A64_FP1_RINTM | A64_FP_HALF);
    case H2_FRINTP: return (uint16_t)a64_fp16_fp1(cpu, a, A64_FP1_RINTP | A64_FP_HALF);
    case H2_FRINTZ: return (uint16_t)a64_fp16_fp1(cpu, a, A64_FP1_RINTZ | A64_FP_HALF);
    case H2_FRINTA: return (uint16_t)a64_fp16_fp1(cpu, a, A64_FP1_RINTA | A64_FP_HALF);
    case H2_FRINTX: return (uint16_t)a64_fp16_fp1(cpu, a, A64_FP1_RINTX | A64_FP_HALF);
    case H2_FRINTI: return (uint16_t)a64_fp16_fp1(cpu, a, A64_FP1_RINTI | A64_FP_HALF);
    case H2_FSQRT: return (uint16_t)a64_fp16_fp1(cpu, a, A64_FP1_SQRT | A64_FP_HALF);
    case H2_FRECPE: return h_recpe(cpu, a);
    case H2_FRSQRTE: return h_rsqrte(cpu, a);
    case H2_FRECPX: return h_recpx(cpu, a);
    case H2_FABS: return a & 0x7fff;
    case H2_FNEG: return a ^ 0x8000;
    /* FPRounding: FPDecodeRounding order N, P, M, Z; A is ties away (fpu's FP_RMM). */
    case H2_FCVTNS: return h_to_int16(cpu, a, true, FP_RNE);
    case H2_FCVTMS: return h_to_int16(cpu, a, true, FP_RDN);
    case H2_FCVTAS: return h_to_int16(cpu, a, true, FP_RMM);
    case H2_FCVTPS: return h_to_int16(cpu, a, true, FP_RUP);
    case H2_FCVTZS: return h_to_int16(cpu, a, true, FP_RTZ);
    case H2_FCVTNU: return h_to_int16(cpu, a, false, FP_RNE);
    case H2_FCVTMU: return h_to_int16(cpu, a, false, FP_RDN);
    case H2_FCVTAU: return h_to_int16(cpu, a, false, FP_RMM);
    case H2_FCVTPU: return h_to_int16(cpu, a, false, FP_RUP);
    case H2_FCVTZU: return h_to_int16(cpu, a, false, FP_RTZ);
    case H2_SCVTF:
        return (uint16_t)a64_int_to_fp16(cpu, (uint64_t)(int64_t)(int16_t)a, A64_CVT_SIGNED);
    case H2_UCVTF: return (uint16_t)a64_int_to_fp16(cpu, a, 0);
    case H2_FCMGT0: return h_cmp(cpu, 2, a, 0);
    case H2_FCMGE0: return h_cmp(cpu, 1, a, 0);
    case H2_FCMEQ0: return h_cmp(cpu, 0, a, 0);
    case H2_FCMLE0: return h_cmp(cpu, 1, 0, a);
    case H2_FCMLT0: return h_cmp(cpu, 2, 0, a);
    default:
        g_assert_not_reached();
    }
}

void helper_a64_simd_fp16(CPUCommon *env, uint32_t group, uint32_t d)
{
    ARMCPU *cpu = arm_cpu(env);
    ARMVReg n = cpu->vregs[SD_RN(d)], m = cpu->vregs[SD_RM(d)], dv = cpu->vregs[SD_RD(d)];
    ARMVReg r = { { 0, 0 } };
    int ne = SD_SCALAR(d) ? 1 : SD_Q(d) ? 8 : 4;

    if (group == A64_SIMD_3SAME) {
        int key = h3_key(d);
        bool pair = key == H3_FMAXNMP || key == H3_FADDP || key == H3_FMAXP ||
                    key == H3_FMINNMP || key == H3_FMINP;
        for (int i = 0; i < ne; i++) {
            uint16_t a, b;
            if (pair) {
                /* Pairs of adjacent elements of Vm:Vn, Vn's first. */
                const ARMVReg *src = 2 * i < ne ? &n : &m;
                int j = (2 * i) % ne;
                a = src->h[j];
                b = src->h[j + 1];
            } else {
                a = n.h[i];
                b = m.h[i];
            }
            r.h[i] = h3_elem(cpu, key, a, b, dv.h[i]);
        }
    } else if (group == A64_SIMD_ACROSS || group == A64_SIMD_PAIR) {
        /* o1 (size bit 1) picks min; opcode 0xc the NM flavour, 0xd FADDP. */
        int op = SD_OP(d);
        uint32_t fop = op == 0xd ? A64_FP2_ADD
                     : (SD_SIZE(d) & 2) ? (op == 0xc ? A64_FP2_MINNM : A64_FP2_MIN)
                                        : (op == 0xc ? A64_FP2_MAXNM : A64_FP2_MAX);
        uint16_t v[8];
        int k = group == A64_SIMD_PAIR ? 2 : SD_Q(d) ? 8 : 4;
        for (int i = 0; i < k; i++) {
            v[i] = n.h[i];
        }
        /* Reduce(): halves combined recursively, the lower half as the first operand. */
        for (; k > 1; k /= 2) {
            for (int i = 0; i < k / 2; i++) {
                v[i] = (uint16_t)a64_fp16_fp2(cpu, v[2 * i], v[2 * i + 1], fop | A64_FP_HALF);
            }
        }
        r.h[0] = v[0];
    } else if (group == A64_SIMD_SHIMM) {
        unsigned fbits = 32 - SD_EXTRA(d);
        for (int i = 0; i < ne; i++) {
            if (SD_OP(d) == 0x1f) {
                r.h[i] = h_to_fixed16(cpu, n.h[i], !SD_U(d), FP_RTZ, fbits);
            } else {
                uint64_t v = SD_U(d) ? n.h[i] : (uint64_t)(int64_t)(int16_t)n.h[i];
                r.h[i] = (uint16_t)a64_int_to_fp16(cpu, v, (SD_U(d) ? 0 : A64_CVT_SIGNED) |
                                                           A64_CVT_64 | fbits << A64_CVT_FBITS_SHIFT);
            }
        }
    } else if (group == A64_SIMD_ELEM) {
        uint16_t e = cpu->vregs[SD_RM(d) & 15].h[SD_EXTRA(d) & 7];
        int op = SD_OP(d);
        for (int i = 0; i < ne; i++) {
            if (op == 1) {
                r.h[i] = (uint16_t)a64_fp16_fma(cpu, n.h[i], e, dv.h[i], A64_FP_HALF);
            } else if (op == 5) {
                r.h[i] = (uint16_t)a64_fp16_fma(cpu, n.h[i], e, dv.h[i],
                                                A64_FP_HALF | FP_FMA_NEG_PRODUCT);
            } else if (SD_U(d)) {
                r.h[i] = h_step(cpu, n.h[i], e, A64_STEP_MULX);
            } else {
                r.h[i] = (uint16_t)a64_fp16_fp2(cpu, n.h[i], e, A64_FP2_MUL | A64_FP_HALF);
            }
        }
    } else {
        int key = h2_key(d);
        for (int i = 0; i < ne; i++) {
            r.h[i] = h2_elem(cpu, key, n.h[i]);
        }
    }
    cpu->vregs[SD_RD(d)] = r;
}

IR_HELPER_DEF(a64_simd_fp16, IR_HT_VOID, IR_HELPER_NO_READ_GLOBALS | IR_HELPER_NO_WRITE_GLOBALS,
              IR_HT_PTR, IR_HT_I32, IR_HT_I32);
