/*
 * fpu-internal.h: what the files of translate/fpu/ share.
 *
 * The software core works on one generic unpacked form for both formats: a
 * finite nonzero value is  sig * 2^(exp - 62)  with the leading one of sig at
 * bit 62 (bit 63 stays free for carries).  Below the result's last mantissa
 * bit there are 62 - frac_bits "round bits" (10 for binary64, 39 for
 * binary32); bit 0 doubles as the sticky bit ("jamming": any nonzero bits
 * shifted out are OR-ed into bit 0), which keeps every rounding exact.
 */
#ifndef CROSSEMU_FPU_INTERNAL_H
#define CROSSEMU_FPU_INTERNAL_H

#include "fpu.h"

typedef struct FpFmt {
    int frac_bits;      /* 23 or 52 */
    int exp_bits;       /* 8 or 11 */
    int exp_max;        /* the all-ones biased exponent: 255 or 2047 */
    int bias;           /* 127 or 1023 */
} FpFmt;

extern const FpFmt fp_fmt32, fp_fmt64;

typedef enum FpKind { FP_K_ZERO, FP_K_FINITE, FP_K_INF, FP_K_NAN } FpKind;

typedef struct FpUnpacked {
    uint8_t kind;       /* FpKind */
    bool sign;
    bool snan;          /* FP_K_NAN: signaling */
    int32_t exp;
    uint64_t sig;       /* FP_K_FINITE: leading one at bit 62 */
} FpUnpacked;

static inline uint64_t fp_sign_bit(const FpFmt *f)
{
    return 1ull << (f->frac_bits + f->exp_bits);
}
static inline uint64_t fp_frac_mask(const FpFmt *f)
{
    return (1ull << f->frac_bits) - 1;
}
static inline uint64_t fp_quiet_bit(const FpFmt *f)
{
    return 1ull << (f->frac_bits - 1);
}
static inline uint64_t fp_default_nan(const FpFmt *f, const FloatStatus *s)
{
    if (f->frac_bits == 10) {
        /*
         * binary16 has no entry in FpRules: its default NaN has the sign and
         * the top payload bits of the binary32 one (0x7fc00000 -> 0x7e00, the
         * default NaN of both Arm and RISC-V).
         */
        uint32_t d = s->rules->default_nan32;
        return ((d >> 16) & 0x8000) | 0x7c00 | ((d >> 13) & 0x3ff);
    }
    return f->frac_bits == 23 ? s->rules->default_nan32 : s->rules->default_nan64;
}
static inline uint64_t fp_pack(const FpFmt *f, bool sign, uint64_t exp, uint64_t frac)
{
    return (sign ? fp_sign_bit(f) : 0) | (exp << f->frac_bits) | frac;
}

FpUnpacked fp_unpack(uint64_t bits, const FpFmt *f);
bool fp_bits_is_nan(uint64_t bits, const FpFmt *f);
bool fp_bits_is_snan(uint64_t bits, const FpFmt *f);

/* The NaN result of an operation with n operands, some of which are NaNs. */
uint64_t fp_nan_result(const FpFmt *f, FloatStatus *s, int n, const uint64_t *ops);
/* The result of an invalid operation (no NaN operand): NV and the default NaN. */
uint64_t fp_invalid(const FpFmt *f, FloatStatus *s);

/* Round sig * 2^(exp - 62) (sig != 0, any leading bit position) into format f. */
uint64_t fp_round_pack(const FpFmt *f, bool sign, int32_t exp, uint64_t sig, FloatStatus *s);

/* Generic software operations on raw bits of format f. */
uint64_t fp_soft_addsub(const FpFmt *f, uint64_t a, uint64_t b, bool negate_b, FloatStatus *s);
uint64_t fp_soft_mul(const FpFmt *f, uint64_t a, uint64_t b, FloatStatus *s);
uint64_t fp_soft_div(const FpFmt *f, uint64_t a, uint64_t b, FloatStatus *s);
uint64_t fp_soft_sqrt(const FpFmt *f, uint64_t a, FloatStatus *s);
uint64_t fp_soft_fma(const FpFmt *f, uint64_t a, uint64_t b, uint64_t c, unsigned neg,
                     FloatStatus *s);
/* (a * b + c) * 2^scale with one rounding; the zero, infinite and NaN cases ignore scale. */
uint64_t fp_soft_fma_scaled(const FpFmt *f, uint64_t a, uint64_t b, uint64_t c, unsigned neg,
                            int scale, FloatStatus *s);

extern const FpFmt fp_fmt16;

#endif
