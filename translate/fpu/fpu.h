/*
 * fpu.h: IEEE 754 binary32/binary64 arithmetic with per-architecture rules.
 *
 * Values are passed as their bit patterns (float32 = uint32_t, float64 =
 * uint64_t) so that no host floating-point semantics leak into a guest: the
 * library decides every result bit and every flag itself.
 *
 * Every operation takes a FloatStatus: the rounding mode to use, the flags it
 * accrues (OR-ed in, never cleared), and the architecture's rules (default
 * NaN, NaN propagation, tininess detection, min/max flavour, float->int
 * saturation).  Guest front ends build one FloatStatus per helper call.
 *
 * Implementation: a software core (fpu-soft.c) that is exact for every
 * rounding mode, and on x86-64 hosts a fast path through SSE (fpu-host.c)
 * used whenever the host result provably equals the exact one (see there).
 */
#ifndef CROSSEMU_FPU_H
#define CROSSEMU_FPU_H

#include "common.h"

typedef uint32_t float32;
typedef uint64_t float64;

/* Rounding modes; numbered like RISC-V's rm field for convenience. */
typedef enum FpRound {
    FP_RNE = 0,     /* to nearest, ties to even */
    FP_RTZ = 1,     /* toward zero */
    FP_RDN = 2,     /* toward -inf */
    FP_RUP = 3,     /* toward +inf */
    FP_RMM = 4,     /* to nearest, ties away from zero */
} FpRound;

/* Exception flags; the same bits as RISC-V's fflags. */
enum {
    FP_NX = 1,      /* inexact */
    FP_UF = 2,      /* underflow (tiny and inexact) */
    FP_OF = 4,      /* overflow */
    FP_DZ = 8,      /* division by zero */
    FP_NV = 16,     /* invalid operation */
};

/* Classes, in the order of RISC-V's fclass bits (fclass = 1 << class). */
typedef enum FpClass {
    FP_CLASS_NEG_INF, FP_CLASS_NEG_NORMAL, FP_CLASS_NEG_SUBNORMAL, FP_CLASS_NEG_ZERO,
    FP_CLASS_POS_ZERO, FP_CLASS_POS_SUBNORMAL, FP_CLASS_POS_NORMAL, FP_CLASS_POS_INF,
    FP_CLASS_SNAN, FP_CLASS_QNAN,
} FpClass;

/* Which flavour of min/max an architecture implements. */
typedef enum FpMinMaxKind {
    /*
     * IEEE 754-2019 minimumNumber/maximumNumber (RISC-V F 2.2+): a NaN operand
     * is ignored if the other is a number; two NaNs give the default NaN; any
     * signaling NaN raises NV; -0 < +0.
     */
    FP_MINMAX_NUMBER,
    /* IEEE 754-2008 minNum/maxNum: like NUMBER, but a signaling NaN input gives a NaN. */
    FP_MINMAX_754_2008,
    /* IEEE 754-2019 minimum/maximum: any NaN operand gives a NaN; -0 < +0. */
    FP_MINMAX_PROPAGATE,
} FpMinMaxKind;

/* What a float->integer conversion returns for NaN inputs. */
typedef enum FpNanToInt {
    FP_NAN_TO_MAX,      /* the largest positive integer (RISC-V) */
    FP_NAN_TO_ZERO,     /* zero (ARM) */
    FP_NAN_TO_MIN,      /* the most negative integer, "integer indefinite" (x86) */
} FpNanToInt;

/* What a float->integer conversion returns when the rounded value is out of range. */
typedef enum FpIntOverflow {
    FP_INT_SATURATE,    /* the nearest representable integer (RISC-V, ARM) */
    FP_INT_INDEFINITE,  /* the most negative integer, or all ones unsigned (x86) */
} FpIntOverflow;

/*
 * Choose which NaN operand propagates (0..n-1), for architectures that do not
 * always return the default NaN.  `nans` has bit i set when operand i is a NaN,
 * `snans` when it is a signaling NaN.  The chosen operand is then quieted.
 */
typedef int (*FpPickNan)(unsigned nans, unsigned snans, int n);

typedef struct FpRules {
    const char *name;
    float32 default_nan32;
    float64 default_nan64;
    bool default_nan_mode;          /* every NaN result is the default NaN */
    bool tininess_before_rounding;  /* false: IEEE "after rounding" (RISC-V, x86) */
    /*
     * fma(0, inf, qNaN) and fma(inf, 0, qNaN): true raises NV (RISC-V requires
     * it, as do ARM and x86 FMA); IEEE leaves it implementation-defined.
     */
    bool fma_inf_zero_qnan_invalid;
    FpMinMaxKind minmax;
    FpNanToInt nan_to_int;
    FpIntOverflow int_overflow;
    FpPickNan pick_nan;             /* NULL: first signaling NaN, else first NaN */
} FpRules;

/* RISC-V: canonical NaN always, tininess after rounding, minimumNumber, saturation. */
extern const FpRules fp_rules_riscv;

typedef struct FloatStatus {
    uint8_t round;          /* FpRound */
    uint8_t flags;          /* accrued FP_* flags */
    const FpRules *rules;
} FloatStatus;

static inline void fp_status_init(FloatStatus *s, const FpRules *rules, FpRound rm)
{
    s->round = rm;
    s->flags = 0;
    s->rules = rules;
}

/* Arithmetic: correctly rounded in s->round, flags accrued in s->flags. */
float32 fp32_add(float32 a, float32 b, FloatStatus *s);
float32 fp32_sub(float32 a, float32 b, FloatStatus *s);
float32 fp32_mul(float32 a, float32 b, FloatStatus *s);
float32 fp32_div(float32 a, float32 b, FloatStatus *s);
float32 fp32_sqrt(float32 a, FloatStatus *s);
float64 fp64_add(float64 a, float64 b, FloatStatus *s);
float64 fp64_sub(float64 a, float64 b, FloatStatus *s);
float64 fp64_mul(float64 a, float64 b, FloatStatus *s);
float64 fp64_div(float64 a, float64 b, FloatStatus *s);
float64 fp64_sqrt(float64 a, FloatStatus *s);

/* Fused multiply-add, one rounding: (+-)(a * b) (+-) c selected by these flags. */
enum {
    FP_FMA_NEG_PRODUCT = 1,  /* -(a * b) + c */
    FP_FMA_NEG_ADDEND = 2,   /* a * b - c */
};
float32 fp32_fma(float32 a, float32 b, float32 c, unsigned neg, FloatStatus *s);
float64 fp64_fma(float64 a, float64 b, float64 c, unsigned neg, FloatStatus *s);

/* Min/max in the flavour of s->rules->minmax. */
float32 fp32_min(float32 a, float32 b, FloatStatus *s);
float32 fp32_max(float32 a, float32 b, FloatStatus *s);
float64 fp64_min(float64 a, float64 b, FloatStatus *s);
float64 fp64_max(float64 a, float64 b, FloatStatus *s);

/* Comparisons: eq is quiet (NV only for signaling NaNs), lt/le signal on any NaN. */
bool fp32_eq(float32 a, float32 b, FloatStatus *s);
bool fp32_lt(float32 a, float32 b, FloatStatus *s);
bool fp32_le(float32 a, float32 b, FloatStatus *s);
bool fp64_eq(float64 a, float64 b, FloatStatus *s);
bool fp64_lt(float64 a, float64 b, FloatStatus *s);
bool fp64_le(float64 a, float64 b, FloatStatus *s);

FpClass fp32_classify(float32 a);
FpClass fp64_classify(float64 a);
bool fp32_is_nan(float32 a);
bool fp64_is_nan(float64 a);
bool fp32_is_snan(float32 a);
bool fp64_is_snan(float64 a);

/* Float -> integer in s->round; NaN and overflow results from s->rules. */
int32_t fp32_to_i32(float32 a, FloatStatus *s);
uint32_t fp32_to_u32(float32 a, FloatStatus *s);
int64_t fp32_to_i64(float32 a, FloatStatus *s);
uint64_t fp32_to_u64(float32 a, FloatStatus *s);
int32_t fp64_to_i32(float64 a, FloatStatus *s);
uint32_t fp64_to_u32(float64 a, FloatStatus *s);
int64_t fp64_to_i64(float64 a, FloatStatus *s);
uint64_t fp64_to_u64(float64 a, FloatStatus *s);

/* Integer -> float in s->round (exact for 32-bit integers to float64). */
float32 fp32_from_i32(int32_t v, FloatStatus *s);
float32 fp32_from_u32(uint32_t v, FloatStatus *s);
float32 fp32_from_i64(int64_t v, FloatStatus *s);
float32 fp32_from_u64(uint64_t v, FloatStatus *s);
float64 fp64_from_i32(int32_t v, FloatStatus *s);
float64 fp64_from_u32(uint32_t v, FloatStatus *s);
float64 fp64_from_i64(int64_t v, FloatStatus *s);
float64 fp64_from_u64(uint64_t v, FloatStatus *s);

/* Between formats. */
float64 fp32_to_fp64(float32 a, FloatStatus *s);
float32 fp64_to_fp32(float64 a, FloatStatus *s);

/*
 * (a * b + c) * 2^scale, rounded once (Arm's FRSQRTS needs (3 - a*b) / 2).
 * Only for finite nonzero a and b and finite c: the caller handles the rest.
 */
float32 fp32_fma_scaled(float32 a, float32 b, float32 c, unsigned neg, int scale, FloatStatus *s);
float64 fp64_fma_scaled(float64 a, float64 b, float64 c, unsigned neg, int scale, FloatStatus *s);

/*
 * IEEE binary16 conversions.  `ahp` selects Arm's alternative half-precision
 * format (FPCR.AHP): no infinities or NaNs, the top exponent is normal; a NaN
 * converts to +0 and an infinity or overflow to the largest magnitude, both
 * raising NV (Arm ARM FPConvert / FPRoundBase).  default_nan16 is the NaN of
 * default-NaN mode.
 */
typedef uint16_t float16;
float16 fp32_to_fp16(float32 a, bool ahp, float16 default_nan16, FloatStatus *s);
float16 fp64_to_fp16(float64 a, bool ahp, float16 default_nan16, FloatStatus *s);
float32 fp16_to_fp32(float16 a, bool ahp, FloatStatus *s);
float64 fp16_to_fp64(float16 a, bool ahp, FloatStatus *s);
/*
 * binary16 arithmetic (Arm FEAT_FP16, RISC-V Zfh): the same contracts as the
 * binary32/binary64 operations above, always through the software core.
 */
float16 fp16_add(float16 a, float16 b, FloatStatus *s);
float16 fp16_sub(float16 a, float16 b, FloatStatus *s);
float16 fp16_mul(float16 a, float16 b, FloatStatus *s);
float16 fp16_div(float16 a, float16 b, FloatStatus *s);
float16 fp16_sqrt(float16 a, FloatStatus *s);
float16 fp16_fma(float16 a, float16 b, float16 c, unsigned neg, FloatStatus *s);
float16 fp16_min(float16 a, float16 b, FloatStatus *s);
float16 fp16_max(float16 a, float16 b, FloatStatus *s);
bool fp16_eq(float16 a, float16 b, FloatStatus *s);
bool fp16_lt(float16 a, float16 b, FloatStatus *s);
bool fp16_le(float16 a, float16 b, FloatStatus *s);
FpClass fp16_classify(float16 a);
bool fp16_is_nan(float16 a);
bool fp16_is_snan(float16 a);
int32_t fp16_to_i32(float16 a, FloatStatus *s);
uint32_t fp16_to_u32(float16 a, FloatStatus *s);
int64_t fp16_to_i64(float16 a, FloatStatus *s);
uint64_t fp16_to_u64(float16 a, FloatStatus *s);
float16 fp16_from_i32(int32_t v, FloatStatus *s);
float16 fp16_from_u32(uint32_t v, FloatStatus *s);
float16 fp16_from_i64(int64_t v, FloatStatus *s);
float16 fp16_from_u64(uint64_t v, FloatStatus *s);

/* binary64 -> binary32 rounding to odd (Arm FCVTXN); NaNs as fp64_to_fp32. */
float32 fp64_to_fp32_round_odd(float64 a, FloatStatus *s);

/*
 * The software core alone, bypassing the host fast path (the unit tests
 * compare the two).  Same contracts as the functions above.
 */
float32 fp32_soft_add(float32 a, float32 b, FloatStatus *s);
float32 fp32_soft_sub(float32 a, float32 b, FloatStatus *s);
float32 fp32_soft_mul(float32 a, float32 b, FloatStatus *s);
float32 fp32_soft_div(float32 a, float32 b, FloatStatus *s);
float32 fp32_soft_sqrt(float32 a, FloatStatus *s);
float64 fp64_soft_add(float64 a, float64 b, FloatStatus *s);
float64 fp64_soft_sub(float64 a, float64 b, FloatStatus *s);
float64 fp64_soft_mul(float64 a, float64 b, FloatStatus *s);
float64 fp64_soft_div(float64 a, float64 b, FloatStatus *s);
float64 fp64_soft_sqrt(float64 a, FloatStatus *s);

#endif
