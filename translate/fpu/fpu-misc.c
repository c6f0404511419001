/*
 * fpu-misc.c: the operations that are not arithmetic: classification,
 * comparisons, min/max, and conversions between formats and to/from integers.
 * All of them are exact integer code on the bit patterns.
 */
#include "common.h"
#include "fpu-internal.h"

/* Classification. */

static FpClass classify(uint64_t bits, const FpFmt *f)
{
    FpUnpacked u = fp_unpack(bits, f);
    bool subnormal = ((bits >> f->frac_bits) & f->exp_max) == 0;

    switch (u.kind) {
    case FP_K_NAN:
        return u.snan ? FP_CLASS_SNAN : FP_CLASS_QNAN;
    case FP_K_INF:
        return u.sign ? FP_CLASS_NEG_INF : FP_CLASS_POS_INF;
    case FP_K_ZERO:
        return u.sign ? FP_CLASS_NEG_ZERO : FP_CLASS_POS_ZERO;
    default:
        if (subnormal) {
            return u.sign ? FP_CLASS_NEG_SUBNORMAL : FP_CLASS_POS_SUBNORMAL;
        }
        return u.sign ? FP_CLASS_NEG_NORMAL : FP_CLASS_POS_NORMAL;
    }
}

FpClass fp32_classify(float32 a) { return classify(a, &fp_fmt32); }
FpClass fp64_classify(float64 a) { return classify(a, &fp_fmt64); }
bool fp32_is_nan(float32 a) { return fp_bits_is_nan(a, &fp_fmt32); }
bool fp64_is_nan(float64 a) { return fp_bits_is_nan(a, &fp_fmt64); }
bool fp32_is_snan(float32 a) { return fp_bits_is_snan(a, &fp_fmt32); }
bool fp64_is_snan(float64 a) { return fp_bits_is_snan(a, &fp_fmt64); }

/* Comparisons. */

/*
 * A key that orders non-NaN values as integers, with -0 just below +0:
 * negative values map to -1 - magnitude.
 */
static inline int64_t order_key(uint64_t bits, const FpFmt *f)
{
    uint64_t mag = bits & ~fp_sign_bit(f);
    return (bits & fp_sign_bit(f)) ? -1 - (int64_t)mag : (int64_t)mag;
}

static inline bool both_zero(uint64_t a, uint64_t b, const FpFmt *f)
{
    return ((a | b) & ~fp_sign_bit(f)) == 0;
}

/* Returns -1, 0, 1, or 2 for unordered; NV per IEEE 754 5.11. */
static int compare(uint64_t a, uint64_t b, const FpFmt *f, bool signaling, FloatStatus *s)
{
    int64_t ka, kb;

    if (fp_bits_is_nan(a, f) || fp_bits_is_nan(b, f)) {
        if (signaling || fp_bits_is_snan(a, f) || fp_bits_is_snan(b, f)) {
            s->flags |= FP_NV;
        }
        return 2;
    }
    if (both_zero(a, b, f)) {
        return 0;
    }
    ka = order_key(a, f);
    kb = order_key(b, f);
    return ka < kb ? -1 : ka > kb;
}

bool fp32_eq(float32 a, float32 b, FloatStatus *s) { return compare(a, b, &fp_fmt32, false, s) == 0; }
bool fp32_lt(float32 a, float32 b, FloatStatus *s) { return compare(a, b, &fp_fmt32, true, s) == -1; }
bool fp32_le(float32 a, float32 b, FloatStatus *s)
{
    int c = compare(a, b, &fp_fmt32, true, s);
    return c == -1 || c == 0;
}
bool fp64_eq(float64 a, float64 b, FloatStatus *s) { return compare(a, b, &fp_fmt64, false, s) == 0; }
bool fp64_lt(float64 a, float64 b, FloatStatus *s) { return compare(a, b, &fp_fmt64, true, s) == -1; }
bool fp64_le(float64 a, float64 b, FloatStatus *s)
{
    int c = compare(a, b, &fp_fmt64, true, s);
    return c == -1 || c == 0;
}

/* Min/max. */

static uint64_t minmax(uint64_t a, uint64_t b, const FpFmt *f, bool is_max, FloatStatus *s)
{
    bool na = fp_bits_is_nan(a, f), nb = fp_bits_is_nan(b, f);

    if (na || nb) {
        bool snan = fp_bits_is_snan(a, f) || fp_bits_is_snan(b, f);
        switch (s->rules->minmax) {
        case FP_MINMAX_NUMBER:
            if (snan) {
                s->flags |= FP_NV;
            }
            if (na && nb) {
                return fp_default_nan(f, s);
            }
            return na ? b : a;
        case FP_MINMAX_754_2008:
            if (snan) {
                return fp_nan_result(f, s, 2, (uint64_t[]){ a, b });
            }
            if (na && nb) {
                return fp_nan_result(f, s, 2, (uint64_t[]){ a, b });
            }
            return na ? b : a;
        case FP_MINMAX_PROPAGATE:
        default:
            return fp_nan_result(f, s, 2, (uint64_t[]){ a, b });
        }
    }
    if ((order_key(a, f) < order_key(b, f)) != is_max) {
        return a;
    }
    return b;
}

float32 fp32_min(float32 a, float32 b, FloatStatus *s) { return (float32)minmax(a, b, &fp_fmt32, false, s); }
float32 fp32_max(float32 a, float32 b, FloatStatus *s) { return (float32)minmax(a, b, &fp_fmt32, true, s); }
float64 fp64_min(float64 a, float64 b, FloatStatus *s) { return minmax(a, b, &fp_fmt64, false, s); }
float64 fp64_max(float64 a, float64 b, FloatStatus *s) { return minmax(a, b, &fp_fmt64, true, s); }

/* Float -> integer. */

/*
 * Convert to an integer of `width` bits (32 or 64), signed or not, rounding in
 * s->round.  IEEE 754 5.8: invalid (and no inexact) when the input is a NaN or
 * infinite or the rounded value does not fit; the result is then chosen by the
 * architecture's rules.
 */
static uint64_t to_int(uint64_t bits, const FpFmt *f, bool is_signed, int width, FloatStatus *s)
{
    FpUnpacked u = fp_unpack(bits, f);
    const uint64_t umax = width == 64 ? UINT64_MAX : (1ull << width) - 1;
    const uint64_t smax = (1ull << (width - 1)) - 1;     /* |INT_MIN| = smax + 1 */
    const uint64_t max = is_signed ? smax : umax;
    const uint64_t min = is_signed ? (uint64_t)(-(int64_t)smax - 1) : 0;
    uint64_t m, rest, half;
    bool inexact;

    if (u.kind == FP_K_NAN) {
        s->flags |= FP_NV;
        switch (s->rules->nan_to_int) {
        case FP_NAN_TO_ZERO:
            return 0;
        case FP_NAN_TO_MIN:
            return is_signed ? min : umax;
        case FP_NAN_TO_MAX:
        default:
            return max;
        }
    }
    if (u.kind == FP_K_ZERO) {
        return 0;
    }
    if (u.kind == FP_K_INF || u.exp >= 64) {
        goto out_of_range;
    }
    /* value = sig * 2^(exp - 62): split into the integer m and the bits below. */
    if (u.exp >= 62) {
        m = u.sig << (u.exp - 62);
        rest = 0;
        half = 1;
    } else if (62 - u.exp >= 64) {
        m = 0;
        rest = u.sig;       /* nonzero, below one half */
        half = UINT64_MAX;
    } else {
        int sh = 62 - u.exp;
        m = u.sig >> sh;
        rest = u.sig & ((1ull << sh) - 1);
        half = 1ull << (sh - 1);
    }
    inexact = rest != 0;
    if (inexact) {
        bool up;
        switch ((FpRound)s->round) {
        case FP_RNE:
            up = rest > half || (rest == half && (m & 1));
            break;
        case FP_RMM:
            up = rest >= half;
            break;
        case FP_RDN:
            up = u.sign;
            break;
        case FP_RUP:
            up = !u.sign;
            break;
        default:
            up = false;
            break;
        }
        m += up;    /* m < 2^62 here: no wrap */
    }
    if (u.sign) {
        if (m == 0) {
            /* Rounds to zero: fine for unsigned too (e.g. -0.3 -> 0, inexact). */
        } else if (!is_signed || m > smax + 1) {
            goto out_of_range;
        }
    } else if (m > max) {
        goto out_of_range;
    }
    if (inexact) {
        s->flags |= FP_NX;
    }
    return u.sign ? (uint64_t)(-(int64_t)m) & umax : m;

out_of_range:
    s->flags |= FP_NV;
    if (s->rules->int_overflow == FP_INT_INDEFINITE) {
        return is_signed ? min : umax;
    }
    return u.sign ? min : max;
}

int32_t fp32_to_i32(float32 a, FloatStatus *s) { return (int32_t)to_int(a, &fp_fmt32, true, 32, s); }
uint32_t fp32_to_u32(float32 a, FloatStatus *s) { return (uint32_t)to_int(a, &fp_fmt32, false, 32, s); }
int64_t fp32_to_i64(float32 a, FloatStatus *s) { return (int64_t)to_int(a, &fp_fmt32, true, 64, s); }
uint64_t fp32_to_u64(float32 a, FloatStatus *s) { return to_int(a, &fp_fmt32, false, 64, s); }
int32_t fp64_to_i32(float64 a, FloatStatus *s) { return (int32_t)to_int(a, &fp_fmt64, true, 32, s); }
uint32_t fp64_to_u32(float64 a, FloatStatus *s) { return (uint32_t)to_int(a, &fp_fmt64, false, 32, s); }
int64_t fp64_to_i64(float64 a, FloatStatus *s) { return (int64_t)to_int(a, &fp_fmt64, true, 64, s); }
uint64_t fp64_to_u64(float64 a, FloatStatus *s) { return to_int(a, &fp_fmt64, false, 64, s); }

/* Integer -> float. */

static uint64_t from_int(bool sign, uint64_t mag, const FpFmt *f, FloatStatus *s)
{
    if (mag == 0) {
        return 0;       /* +0 in every rounding mode */
    }
    /* value = mag * 2^(62 - 62); fp_round_pack normalizes. */
    return fp_round_pack(f, sign, 62, mag, s);
}

static inline uint64_t magnitude(int64_t v)
{
    return v < 0 ? -(uint64_t)v : (uint64_t)v;
}

float32 fp32_from_i32(int32_t v, FloatStatus *s) { return (float32)from_int(v < 0, magnitude(v), &fp_fmt32, s); }
float32 fp32_from_u32(uint32_t v, FloatStatus *s) { return (float32)from_int(false, v, &fp_fmt32, s); }
float32 fp32_from_i64(int64_t v, FloatStatus *s) { return (float32)from_int(v < 0, magnitude(v), &fp_fmt32, s); }
float32 fp32_from_u64(uint64_t v, FloatStatus *s) { return (float32)from_int(false, v, &fp_fmt32, s); }
float64 fp64_from_i32(int32_t v, FloatStatus *s) { return from_int(v < 0, magnitude(v), &fp_fmt64, s); }
float64 fp64_from_u32(uint32_t v, FloatStatus *s) { return from_int(false, v, &fp_fmt64, s); }
float64 fp64_from_i64(int64_t v, FloatStatus *s) { return from_int(v < 0, magnitude(v), &fp_fmt64, s); }
float64 fp64_from_u64(uint64_t v, FloatStatus *s) { return from_int(false, v, &fp_fmt64, s); }

/* Between formats. */

float64 fp32_to_fp64(float32 a, FloatStatus *s)
{
    FpUnpacked u = fp_unpack(a, &fp_fmt32);

    switch (u.kind) {
    case FP_K_NAN:
        if (u.snan) {
            s->flags |= FP_NV;
        }
        if (s->rules->default_nan_mode) {
            return s->rules->default_nan64;
        }
        /* Keep sign and payload (left-aligned), quieted. */
        return fp_pack(&fp_fmt64, u.sign, fp_fmt64.exp_max,
                       ((uint64_t)(a & fp_frac_mask(&fp_fmt32)) << 29) | fp_quiet_bit(&fp_fmt64));
    case FP_K_INF:
        return fp_pack(&fp_fmt64, u.sign, fp_fmt64.exp_max, 0);
    case FP_K_ZERO:
        return fp_pack(&fp_fmt64, u.sign, 0, 0);
    default:
        return fp_round_pack(&fp_fmt64, u.sign, u.exp, u.sig, s);    /* exact */
    }
}

float32 fp64_to_fp32(float64 a, FloatStatus *s)
{
    FpUnpacked u = fp_unpack(a, &fp_fmt64);

    switch (u.kind) {
    case FP_K_NAN:
        if (u.snan) {
            s->flags |= FP_NV;
        }
        if (s->rules->default_nan_mode) {
            return s->rules->default_nan32;
        }
        return (float32)fp_pack(&fp_fmt32, u.sign, fp_fmt32.exp_max,
                                ((a & fp_frac_mask(&fp_fmt64)) >> 29) | fp_quiet_bit(&fp_fmt32));
    case FP_K_INF:
        return (float32)fp_pack(&fp_fmt32, u.sign, fp_fmt32.exp_max, 0);
    case FP_K_ZERO:
        return (float32)fp_pack(&fp_fmt32, u.sign, 0, 0);
    default:
        return (float32)fp_round_pack(&fp_fmt32, u.sign, u.exp, u.sig, s);
    }
}

/* binary16: the same generic code on the half format. */
FpClass fp16_classify(float16 a) { return classify(a, &fp_fmt16); }
bool fp16_is_nan(float16 a) { return fp_bits_is_nan(a, &fp_fmt16); }
bool fp16_is_snan(float16 a) { return fp_bits_is_snan(a, &fp_fmt16); }
bool fp16_eq(float16 a, float16 b, FloatStatus *s) { return compare(a, b, &fp_fmt16, false, s) == 0; }
bool fp16_lt(float16 a, float16 b, FloatStatus *s) { return compare(a, b, &fp_fmt16, true, s) == -1; }
bool fp16_le(float16 a, float16 b, FloatStatus *s)
{
    int c = compare(a, b, &fp_fmt16, true, s);
    return c == -1 || c == 0;
}
float16 fp16_min(float16 a, float16 b, FloatStatus *s) { return (float16)minmax(a, b, &fp_fmt16, false, s); }
float16 fp16_max(float16 a, float16 b, FloatStatus *s) { return (float16)minmax(a, b, &fp_fmt16, true, s); }
int32_t fp16_to_i32(float16 a, FloatStatus *s) { return (int32_t)to_int(a, &fp_fmt16, true, 32, s); }
uint32_t fp16_to_u32(float16 a, FloatStatus *s) { return (uint32_t)to_int(a, &fp_fmt16, false, 32, s); }
int64_t fp16_to_i64(float16 a, FloatStatus *s) { return (int64_t)to_int(a, &fp_fmt16, true, 64, s); }
uint64_t fp16_to_u64(float16 a, FloatStatus *s) { return to_int(a, &fp_fmt16, false, 64, s); }
float16 fp16_from_i32(int32_t v, FloatStatus *s) { return (float16)from_int(v < 0, magnitude(v), &fp_fmt16, s); }
float16 fp16_from_u32(uint32_t v, FloatStatus *s) { return (float16)from_int(false, v, &fp_fmt16, s); }
float16 fp16_from_i64(int64_t v, FloatStatus *s) { return (float16)from_int(v < 0, magnitude(v), &fp_fmt16, s); }
float16 fp16_from_u64(uint64_t v, FloatStatus *s) { return (float16)from_int(false, v, &fp_fmt16, s); }
