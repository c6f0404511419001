/*
 * fpu-soft.c: the exact software core of translate/fpu/.
 *
 * Every operation unpacks its operands into FpUnpacked (see fpu-internal.h),
 * handles NaN, infinity and zero operands by the IEEE 754 rules, computes the
 * exact result of finite operands with integer arithmetic (128-bit where a
 * product is involved), jams the bits that do not fit into a sticky bit, and
 * hands the result to fp_round_pack(), the one place where rounding,
 * overflow, underflow and inexact are decided.
 */
#include "common.h"
#include "fpu-internal.h"

typedef unsigned __int128 u128;

const FpFmt fp_fmt32 = { .frac_bits = 23, .exp_bits = 8, .exp_max = 255, .bias = 127 };
const FpFmt fp_fmt64 = { .frac_bits = 52, .exp_bits = 11, .exp_max = 2047, .bias = 1023 };

/* x >> n, with any nonzero bit shifted out OR-ed into bit 0. */
static inline uint64_t shift_right_jam64(uint64_t x, unsigned n)
{
    if (n == 0) {
        return x;
    }
    if (n >= 64) {
        return x != 0;
    }
    return (x >> n) | ((x & ((1ull << n) - 1)) != 0);
}

static inline u128 shift_right_jam128(u128 x, unsigned n)
{
    if (n == 0) {
        return x;
    }
    if (n >= 128) {
        return x != 0;
    }
    return (x >> n) | ((x & (((u128)1 << n) - 1)) != 0);
}

static inline int clz128(u128 x)
{
    uint64_t hi = (uint64_t)(x >> 64);
    return hi ? __builtin_clzll(hi) : 64 + __builtin_clzll((uint64_t)x);
}

bool fp_bits_is_nan(uint64_t bits, const FpFmt *f)
{
    uint64_t mag = bits & ~fp_sign_bit(f);
    return mag > ((uint64_t)f->exp_max << f->frac_bits);
}

bool fp_bits_is_snan(uint64_t bits, const FpFmt *f)
{
    return fp_bits_is_nan(bits, f) && !(bits & fp_quiet_bit(f));
}

FpUnpacked fp_unpack(uint64_t bits, const FpFmt *f)
{
    FpUnpacked u = { .sign = (bits & fp_sign_bit(f)) != 0 };
    int e = (int)((bits >> f->frac_bits) & f->exp_max);
    uint64_t frac = bits & fp_frac_mask(f);

    if (e == f->exp_max) {
        if (frac == 0) {
            u.kind = FP_K_INF;
        } else {
            u.kind = FP_K_NAN;
            u.snan = !(frac & fp_quiet_bit(f));
        }
    } else if (e == 0) {
        if (frac == 0) {
            u.kind = FP_K_ZERO;
        } else {
            /* Subnormal: normalize so the leading one sits at bit 62. */
            int sh = __builtin_clzll(frac) - 1;
            u.kind = FP_K_FINITE;
            u.sig = frac << sh;
            u.exp = 1 - f->bias - (sh - (62 - f->frac_bits));
        }
    } else {
        u.kind = FP_K_FINITE;
        u.sig = (frac | (1ull << f->frac_bits)) << (62 - f->frac_bits);
        u.exp = e - f->bias;
    }
    return u;
}

uint64_t fp_invalid(const FpFmt *f, FloatStatus *s)
{
    s->flags |= FP_NV;
    return fp_default_nan(f, s);
}

/* Default propagation: the first signaling NaN, else the first NaN. */
static int pick_nan_default(unsigned nans, unsigned snans, int n)
{
    return snans ? __builtin_ctz(snans) : __builtin_ctz(nans);
}

uint64_t fp_nan_result(const FpFmt *f, FloatStatus *s, int n, const uint64_t *ops)
{
    unsigned nans = 0, snans = 0;
    int pick;

    for (int i = 0; i < n; i++) {
        if (fp_bits_is_nan(ops[i], f)) {
            nans |= 1u << i;
            if (!(ops[i] & fp_quiet_bit(f))) {
                snans |= 1u << i;
            }
        }
    }
    if (snans) {
        s->flags |= FP_NV;
    }
    if (s->rules->default_nan_mode || !nans) {
        return fp_default_nan(f, s);
    }
    pick = s->rules->pick_nan ? s->rules->pick_nan(nans, snans, n)
                              : pick_nan_default(nans, snans, n);
    return ops[pick] | fp_quiet_bit(f);
}

/* Does rounding decide to add one ulp?  `rest` are the bits below the ulp. */
static inline bool round_up(FpRound rm, bool sign, bool lsb_odd, uint64_t rest, uint64_t half)
{
    switch (rm) {
    case FP_RNE:
        return rest > half || (rest == half && lsb_odd);
    case FP_RMM:
        return rest >= half;
    case FP_RDN:
        return sign && rest != 0;
    case FP_RUP:
        return !sign && rest != 0;
    case FP_RTZ:
    default:
        return false;
    }
}

uint64_t fp_round_pack(const FpFmt *f, bool sign, int32_t exp, uint64_t sig, FloatStatus *s)
{
    const int rbits = 62 - f->frac_bits;
    const uint64_t rmask = (1ull << rbits) - 1, half = 1ull << (rbits - 1);
    FpRound rm = (FpRound)s->round;
    int32_t e;
    uint64_t rest;

    /* Normalize: leading one at bit 62. */
    if (sig >> 63) {
        sig = shift_right_jam64(sig, 1);
        exp++;
    } else {
        int sh = __builtin_clzll(sig) - 1;
        sig <<= sh;
        exp -= sh;
    }
    e = exp + f->bias;      /* biased exponent, if the result is normal */

    if (e <= 0) {
        /*
         * Below the normal range.  Tininess "after rounding" (IEEE 754 7.5):
         * the result is tiny if rounding to the format's precision with an
         * unbounded exponent stays below 2^emin; only e == 0 can round up
         * into the normal range.
         */
        bool tiny, up;
        if (s->rules->tininess_before_rounding || e < 0) {
            tiny = true;
        } else {
            rest = sig & rmask;
            up = round_up(rm, sign, (sig >> rbits) & 1, rest, half);
            tiny = !(up && ((sig >> rbits) + 1) >> (f->frac_bits + 1));
        }
        sig = shift_right_jam64(sig, 1 - e);
        rest = sig & rmask;
        if (rest) {
            s->flags |= FP_NX | (tiny ? FP_UF : 0);
        }
        sig >>= rbits;
        if (round_up(rm, sign, sig & 1, rest, half)) {
            sig++;      /* may carry into the implicit bit: the min normal */
        }
        return fp_pack(f, sign, 0, 0) + sig;
    }

    rest = sig & rmask;
    sig >>= rbits;
    if (rest) {
        s->flags |= FP_NX;
        if (round_up(rm, sign, sig & 1, rest, half)) {
            sig++;
            if (sig >> (f->frac_bits + 1)) {
                sig >>= 1;
                e++;
            }
        }
    }
    if (e >= f->exp_max) {
        bool to_inf = rm == FP_RNE || rm == FP_RMM || (rm == FP_RUP && !sign) ||
                      (rm == FP_RDN && sign);
        s->flags |= FP_OF | FP_NX;
        return to_inf ? fp_pack(f, sign, f->exp_max, 0)
                      : fp_pack(f, sign, f->exp_max - 1, fp_frac_mask(f));
    }
    return fp_pack(f, sign, e, sig & fp_frac_mask(f));
}

/* An exact zero from cancellation: +0, or -0 when rounding down (IEEE 754 6.3). */
static inline uint64_t cancel_zero(const FpFmt *f, FloatStatus *s)
{
    return fp_pack(f, s->round == FP_RDN, 0, 0);
}

uint64_t fp_soft_addsub(const FpFmt *f, uint64_t a, uint64_t b, bool negate_b, FloatStatus *s)
{
    FpUnpacked ua = fp_unpack(a, f), ub = fp_unpack(b, f);
    uint64_t sig;
    int32_t exp;
    bool sign;

    if (ua.kind == FP_K_NAN || ub.kind == FP_K_NAN) {
        return fp_nan_result(f, s, 2, (uint64_t[]){ a, b });
    }
    if (negate_b) {
        ub.sign = !ub.sign;
        b ^= fp_sign_bit(f);
    }
    if (ua.kind == FP_K_INF) {
        if (ub.kind == FP_K_INF && ua.sign != ub.sign) {
            return fp_invalid(f, s);
        }
        return a;
    }
    if (ub.kind == FP_K_INF) {
        return b;
    }
    if (ua.kind == FP_K_ZERO) {
        if (ub.kind == FP_K_ZERO && ua.sign != ub.sign) {
            return cancel_zero(f, s);
        }
        return b;
    }
    if (ub.kind == FP_K_ZERO) {
        return a;
    }

    if (ua.exp < ub.exp || (ua.exp == ub.exp && ua.sig < ub.sig)) {
        FpUnpacked t = ua;
        ua = ub;
        ub = t;
    }
    /* Now |a| >= |b|; the larger operand is never jammed, so its bit 0 is 0. */
    exp = ua.exp;
    sign = ua.sign;
    ub.sig = shift_right_jam64(ub.sig, (unsigned)(ua.exp - ub.exp));
    if (ua.sign == ub.sign) {
        sig = ua.sig + ub.sig;
    } else {
        sig = ua.sig - ub.sig;
        if (sig == 0) {
            return cancel_zero(f, s);
        }
    }
    return fp_round_pack(f, sign, exp, sig, s);
}

uint64_t fp_soft_mul(const FpFmt *f, uint64_t a, uint64_t b, FloatStatus *s)
{
    FpUnpacked ua = fp_unpack(a, f), ub = fp_unpack(b, f);
    bool sign = ua.sign ^ ub.sign;
    u128 p;

    if (ua.kind == FP_K_NAN || ub.kind == FP_K_NAN) {
        return fp_nan_result(f, s, 2, (uint64_t[]){ a, b });
    }
    if (ua.kind == FP_K_INF || ub.kind == FP_K_INF) {
        if (ua.kind == FP_K_ZERO || ub.kind == FP_K_ZERO) {
            return fp_invalid(f, s);
        }
        return fp_pack(f, sign, f->exp_max, 0);
    }
    if (ua.kind == FP_K_ZERO || ub.kind == FP_K_ZERO) {
        return fp_pack(f, sign, 0, 0);
    }
    /* sig_a * sig_b has its leading one at bit 124 or 125: value = p * 2^(ea + eb - 124). */
    p = (u128)ua.sig * ub.sig;
    return fp_round_pack(f, sign, ua.exp + ub.exp,
                         (uint64_t)shift_right_jam128(p, 62), s);
}

uint64_t fp_soft_div(const FpFmt *f, uint64_t a, uint64_t b, FloatStatus *s)
{
    FpUnpacked ua = fp_unpack(a, f), ub = fp_unpack(b, f);
    bool sign = ua.sign ^ ub.sign;
    uint64_t siga, q;
    u128 num;
    int32_t exp;

    if (ua.kind == FP_K_NAN || ub.kind == FP_K_NAN) {
        return fp_nan_result(f, s, 2, (uint64_t[]){ a, b });
    }
    if (ua.kind == FP_K_INF) {
        if (ub.kind == FP_K_INF) {
            return fp_invalid(f, s);
        }
        return fp_pack(f, sign, f->exp_max, 0);
    }
    if (ub.kind == FP_K_INF) {
        return fp_pack(f, sign, 0, 0);
    }
    if (ub.kind == FP_K_ZERO) {
        if (ua.kind == FP_K_ZERO) {
            return fp_invalid(f, s);
        }
        s->flags |= FP_DZ;
        return fp_pack(f, sign, f->exp_max, 0);
    }
    if (ua.kind == FP_K_ZERO) {
        return fp_pack(f, sign, 0, 0);
    }
    /*
     * Make sig_a / sig_b lie in [1, 2), then q = (sig_a << 62) / sig_b has its
     * leading one at bit 62 and value = q * 2^(ea - eb - 62).
     */
    siga = ua.sig;
    exp = ua.exp - ub.exp;
    if (siga < ub.sig) {
        siga <<= 1;
        exp--;
    }
    num = (u128)siga << 62;
    q = (uint64_t)(num / ub.sig);
    if ((uint64_t)(num % ub.sig) != 0) {
        q |= 1;
    }
    return fp_round_pack(f, sign, exp, q, s);
}

/* floor(sqrt(m)) for m < 2^126, and whether it is exact. */
static uint64_t isqrt128(u128 m, bool *exact)
{
    u128 rem = 0, root = 0;

    for (int i = 63; i >= 0; i--) {
        rem = (rem << 2) | ((m >> (2 * i)) & 3);
        root <<= 1;
        if (rem >= ((root << 1) | 1)) {
            rem -= (root << 1) | 1;
            root |= 1;
        }
    }
    *exact = rem == 0;
    return (uint64_t)root;
}

uint64_t fp_soft_sqrt(const FpFmt *f, uint64_t a, FloatStatus *s)
{
    FpUnpacked ua = fp_unpack(a, f);
    u128 m;
    uint64_t r;
    int32_t exp;
    bool exact;

    if (ua.kind == FP_K_NAN) {
        return fp_nan_result(f, s, 1, &a);
    }
    if (ua.kind == FP_K_ZERO) {
        return a;       /* sqrt(-0) = -0 */
    }
    if (ua.sign) {
        return fp_invalid(f, s);
    }
    if (ua.kind == FP_K_INF) {
        return a;
    }
    /*
     * Make the exponent even: value = sig' * 2^(e' - 62), m = sig' << 62, so
     * sqrt(value) = sqrt(m) * 2^(e'/2 - 62), and sqrt(m) has its leading one at bit 62.
     */
    m = (u128)ua.sig << 62;
    exp = ua.exp;
    if (exp & 1) {
        m <<= 1;
        exp--;
    }
    r = isqrt128(m, &exact);
    if (!exact) {
        r |= 1;     /* sqrt is never exactly halfway: bit 0 as sticky is enough */
    }
    return fp_round_pack(f, false, exp / 2, r, s);
}

uint64_t fp_soft_fma(const FpFmt *f, uint64_t a, uint64_t b, uint64_t c, unsigned neg,
                     FloatStatus *s)
{
    return fp_soft_fma_scaled(f, a, b, c, neg, 0, s);
}

uint64_t fp_soft_fma_scaled(const FpFmt *f, uint64_t a, uint64_t b, uint64_t c, unsigned neg,
                            int scale, FloatStatus *s)
{
    FpUnpacked ua = fp_unpack(a, f), ub = fp_unpack(b, f), uc = fp_unpack(c, f);
    bool psign = ua.sign ^ ub.sign ^ ((neg & FP_FMA_NEG_PRODUCT) != 0);
    bool csign = uc.sign ^ ((neg & FP_FMA_NEG_ADDEND) != 0);
    bool inf_zero = (ua.kind == FP_K_INF && ub.kind == FP_K_ZERO) ||
                    (ua.kind == FP_K_ZERO && ub.kind == FP_K_INF);
    int32_t pe, ce, e;
    u128 p, cm, r;
    bool sign;
    int lead;

    if (ua.kind == FP_K_NAN || ub.kind == FP_K_NAN || uc.kind == FP_K_NAN) {
        /* 0 * inf + qNaN: invalid as well if the architecture says so. */
        if (inf_zero && s->rules->fma_inf_zero_qnan_invalid) {
            s->flags |= FP_NV;
        }
        return fp_nan_result(f, s, 3, (uint64_t[]){ a, b, c });
    }
    if (inf_zero) {
        return fp_invalid(f, s);
    }
    if (ua.kind == FP_K_INF || ub.kind == FP_K_INF) {
        if (uc.kind == FP_K_INF && csign != psign) {
            return fp_invalid(f, s);
        }
        return fp_pack(f, psign, f->exp_max, 0);
    }
    if (uc.kind == FP_K_INF) {
        return fp_pack(f, csign, f->exp_max, 0);
    }
    if (ua.kind == FP_K_ZERO || ub.kind == FP_K_ZERO) {
        if (uc.kind == FP_K_ZERO) {
            return psign == csign ? fp_pack(f, psign, 0, 0) : cancel_zero(f, s);
        }
        return c ^ ((neg & FP_FMA_NEG_ADDEND) ? fp_sign_bit(f) : 0);
    }

    /* Product: p * 2^(pe - 124), leading one at bit 124 or 125; exact. */
    p = (u128)ua.sig * ub.sig;
    pe = ua.exp + ub.exp;
    if (uc.kind == FP_K_ZERO) {
        return fp_round_pack(f, psign, pe + scale, (uint64_t)shift_right_jam128(p, 62), s);
    }
    /* Addend on the same scale: (sig_c << 62) * 2^(ce - 124). */
    cm = (u128)uc.sig << 62;
    ce = uc.exp;

    /*
     * Align to the larger exponent.  The operand not shifted has at least 20
     * low zero bits, so jamming the other one keeps the difference exact in
     * every bit that can matter for rounding.
     */
    if (pe >= ce) {
        cm = shift_right_jam128(cm, (unsigned)(pe - ce));
        e = pe;
    } else {
        p = shift_right_jam128(p, (unsigned)(ce - pe));
        e = ce;
    }
    if (psign == csign) {
        r = p + cm;
        sign = psign;
    } else if (p >= cm) {
        r = p - cm;
        sign = psign;
    } else {
        r = cm - p;
        sign = csign;
    }
    if (r == 0) {
        return cancel_zero(f, s);
    }
    /* Bring the leading one to bit 62 of a 64-bit significand. */
    lead = 127 - clz128(r);
    if (lead > 62) {
        r = shift_right_jam128(r, (unsigned)(lead - 62));
    } else {
        r <<= 62 - lead;
    }
    return fp_round_pack(f, sign, e + lead - 124 + scale, (uint64_t)r, s);
}
