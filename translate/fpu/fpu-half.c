/*
 * fpu-half.c: binary16 conversions (IEEE and Arm's alternative format), the
 * scaled fused multiply-add, and binary64 -> binary32 rounding to odd.
 * Exact integer code on the bit patterns, like the rest of the core.
 */
#include "common.h"
#include "fpu-internal.h"

const FpFmt fp_fmt16 = { .frac_bits = 10, .exp_bits = 5, .exp_max = 31, .bias = 15 };

/*
 * The alternative format rounds like IEEE half but its exponent 31 is normal;
 * fp_round_pack only needs exp_max to be the first exponent that overflows.
 */
static const FpFmt fp_fmt16_ahp = { .frac_bits = 10, .exp_bits = 5, .exp_max = 32, .bias = 15 };

/* A finite, nonzero unpacked value (or a special) into half precision. */
static float16 to_half(const FpFmt *src, uint64_t a, bool ahp, float16 dnan, FloatStatus *s)
{
    FpUnpacked u = fp_unpack(a, src);
    uint16_t sign = u.sign ? 0x8000 : 0;

    switch (u.kind) {
    case FP_K_NAN:
        if (ahp) {
            s->flags |= FP_NV;
            return 0;
        }
        if (u.snan) {
            s->flags |= FP_NV;
        }
        if (s->rules->default_nan_mode) {
            return dnan;
        }
        /* Keep the sign and the top of the payload, quieted. */
        return (float16)(sign | 0x7e00 | ((a & fp_frac_mask(src)) >> (src->frac_bits - 10)));
    case FP_K_INF:
        if (ahp) {
            s->flags |= FP_NV;
            return sign | 0x7fff;
        }
        return sign | 0x7c00;
    case FP_K_ZERO:
        return sign;
    default:
        if (ahp) {
            FloatStatus t = *s;
            uint64_t r;

            t.flags = 0;
            r = fp_round_pack(&fp_fmt16_ahp, u.sign, u.exp, u.sig, &t);
            if (t.flags & FP_OF) {
                /* Too large even for exponent 31: the largest value, invalid, not inexact. */
                s->flags |= FP_NV;
                return sign | 0x7fff;
            }
            s->flags |= t.flags;
            return (float16)r;
        }
        return (float16)fp_round_pack(&fp_fmt16, u.sign, u.exp, u.sig, s);
    }
}

float16 fp32_to_fp16(float32 a, bool ahp, float16 default_nan16, FloatStatus *s)
{
    return to_half(&fp_fmt32, a, ahp, default_nan16, s);
}

float16 fp64_to_fp16(float64 a, bool ahp, float16 default_nan16, FloatStatus *s)
{
    return to_half(&fp_fmt64, a, ahp, default_nan16, s);
}

/* Half to a wider format: always exact. */
static uint64_t from_half(const FpFmt *dst, float16 a, bool ahp, FloatStatus *s)
{
    bool sign = a >> 15;
    int e = (a >> 10) & 31;
    uint64_t frac = a & 0x3ff;
    FpUnpacked u;

    if (e == 31 && ahp) {
        /* A normal number in the alternative format. */
        return fp_round_pack(dst, sign, 16, (frac | 0x400) << 52, s);
    }
    u = fp_unpack(a, &fp_fmt16);
    switch (u.kind) {
    case FP_K_NAN:
        if (u.snan) {
            s->flags |= FP_NV;
        }
        if (s->rules->default_nan_mode) {
            return fp_default_nan(dst, s);
        }
        return fp_pack(dst, sign, (uint64_t)dst->exp_max,
                       (frac << (dst->frac_bits - 10)) | fp_quiet_bit(dst));
    case FP_K_INF:
        return fp_pack(dst, sign, (uint64_t)dst->exp_max, 0);
    case FP_K_ZERO:
        return fp_pack(dst, sign, 0, 0);
    default:
        return fp_round_pack(dst, sign, u.exp, u.sig, s);
    }
}

float32 fp16_to_fp32(float16 a, bool ahp, FloatStatus *s)
{
    return (float32)from_half(&fp_fmt32, a, ahp, s);
}

float64 fp16_to_fp64(float16 a, bool ahp, FloatStatus *s)
{
    return from_half(&fp_fmt64, a, ahp, s);
}

float32 fp64_to_fp32_round_odd(float64 a, FloatStatus *s)
{
    FpUnpacked u = fp_unpack(a, &fp_fmt64);
    FloatStatus t = *s;
    uint64_t r;

    if (u.kind != FP_K_FINITE) {
        return fp64_to_fp32(a, s);
    }
    /* Round toward zero, then make the last bit one if anything was lost. */
    t.round = FP_RTZ;
    t.flags = 0;
    r = fp_round_pack(&fp_fmt32, u.sign, u.exp, u.sig, &t);
    if (t.flags & FP_NX) {
        r |= 1;
    }
    s->flags |= t.flags;
    return (float32)r;
}

float32 fp32_fma_scaled(float32 a, float32 b, float32 c, unsigned neg, int scale, FloatStatus *s)
{
    return (float32)fp_soft_fma_scaled(&fp_fmt32, a, b, c, neg, scale, s);
}

float64 fp64_fma_scaled(float64 a, float64 b, float64 c, unsigned neg, int scale, FloatStatus *s)
{
    return fp_soft_fma_scaled(&fp_fmt64, a, b, c, neg, scale, s);
}

/* binary16 arithmetic: the software core on the half format. */
float16 fp16_add(float16 a, float16 b, FloatStatus *s)
{
    return (float16)fp_soft_addsub(&fp_fmt16, a, b, false, s);
}

float16 fp16_sub(float16 a, float16 b, FloatStatus *s)
{
    return (float16)fp_soft_addsub(&fp_fmt16, a, b, true, s);
}

float16 fp16_mul(float16 a, float16 b, FloatStatus *s)
{
    return (float16)fp_soft_mul(&fp_fmt16, a, b, s);
}

float16 fp16_div(float16 a, float16 b, FloatStatus *s)
{
    return (float16)fp_soft_div(&fp_fmt16, a, b, s);
}

float16 fp16_sqrt(float16 a, FloatStatus *s)
{
    return (float16)fp_soft_sqrt(&fp_fmt16, a, s);
}

float16 fp16_fma(float16 a, float16 b, float16 c, unsigned neg, FloatStatus *s)
{
    return (float16)fp_soft_fma(&fp_fmt16, a, b, c, neg, s);
}
