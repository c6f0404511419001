/*
 * fpu.c: the public arithmetic entry points, the architecture rules, and the
 * host fast path.
 *
 * Fast path (x86-64 hosts only).  SSE computes IEEE binary32/binary64 add,
 * sub, mul, div and sqrt correctly rounded in RNE, RTZ, RDN and RUP, and its
 * status flags (MXCSR IE, ZE, OE, UE, PE) are the IEEE flags NV, DZ, OF, UF,
 * NX, provided that:
 *   - all exceptions are masked, DAZ and FTZ are off (we load 0x1f80 | RC);
 *   - with underflow masked, SSE sets UE only when the result is tiny AND
 *     inexact, which is IEEE 754's default underflow flag; SSE detects
 *     tininess after rounding (Intel SDM vol. 1, 4.9.1.5: "the result of
 *     rounding with unbounded exponent is non-zero and tiny"), like RISC-V.
 *     The unit tests check this against the software core on the boundary
 *     cases.  For before-rounding architectures the fast path gives up when
 *     the result is inexact and not above the smallest normal;
 *   - NaN results: SSE raises IE exactly for signaling NaN operands and
 *     invalid operations, but its NaN payload follows x86 rules, so the result
 *     is replaced by the default NaN (default-NaN architectures) or recomputed
 *     by the software core (which applies the architecture's propagation).
 * RMM (ties away) has no SSE equivalent and FMA is not in the x86-64 baseline:
 * those always go through the software core.
 */
#include "common.h"
#include "fpu-internal.h"

const FpRules fp_rules_riscv = {
    .name = "riscv",
    .default_nan32 = 0x7fc00000u,
    .default_nan64 = 0x7ff8000000000000ull,
    .default_nan_mode = true,
    .tininess_before_rounding = false,
    .fma_inf_zero_qnan_invalid = true,
    .minmax = FP_MINMAX_NUMBER,
    .nan_to_int = FP_NAN_TO_MAX,
    .int_overflow = FP_INT_SATURATE,
    .pick_nan = NULL,
};

#if defined(__x86_64__) && defined(__SSE2__)
#define FP_HOST_SSE 1

enum {
    MXCSR_IE = 1, MXCSR_DE = 2, MXCSR_ZE = 4, MXCSR_OE = 8, MXCSR_UE = 16, MXCSR_PE = 32,
    MXCSR_DEFAULT = 0x1f80,     /* all exceptions masked, RNE, no DAZ/FTZ */
};

/* MXCSR.RC for RNE, RTZ, RDN, RUP (SDM: 00 nearest, 01 down, 10 up, 11 zero). */
static const uint32_t mxcsr_rc[4] = { 0 << 13, 3 << 13, 1 << 13, 2 << 13 };

static inline uint8_t mxcsr_to_flags(uint32_t mx)
{
    return ((mx & MXCSR_IE) ? FP_NV : 0) | ((mx & MXCSR_ZE) ? FP_DZ : 0) |
           ((mx & MXCSR_OE) ? FP_OF : 0) | ((mx & MXCSR_UE) ? FP_UF : 0) |
           ((mx & MXCSR_PE) ? FP_NX : 0);
}

/*
 * One SSE instruction between loading our control word and reading the
 * flags back; the default control word is restored for the rest of the host
 * when we changed the rounding mode.
 */
#define SSE_BINOP(name, insn, ctype)                                          \
    static inline ctype name(ctype a, ctype b, uint32_t csr, uint32_t *mx)    \
    {                                                                          \
        asm volatile("ldmxcsr %[csr]\n\t" insn " %[b], %[a]\n\t"              \
                     "stmxcsr %[mx]"                                           \
                     : [a] "+x"(a), [mx] "=m"(*mx)                             \
                     : [b] "x"(b), [csr] "m"(csr));                            \
        return a;                                                              \
    }
SSE_BINOP(sse_addss, "addss", float)
SSE_BINOP(sse_subss, "subss", float)
SSE_BINOP(sse_mulss, "mulss", float)
SSE_BINOP(sse_divss, "divss", float)
SSE_BINOP(sse_sqrtss, "sqrtss", float)
SSE_BINOP(sse_addsd, "addsd", double)
SSE_BINOP(sse_subsd, "subsd", double)
SSE_BINOP(sse_mulsd, "mulsd", double)
SSE_BINOP(sse_divsd, "divsd", double)
SSE_BINOP(sse_sqrtsd, "sqrtsd", double)

static inline void sse_restore(uint32_t csr)
{
    if (csr != MXCSR_DEFAULT) {
        uint32_t d = MXCSR_DEFAULT;
        asm volatile("ldmxcsr %0" : : "m"(d));
    }
}

/*
 * Accept the host result r (raw bits of format f) with host flags mx?  On
 * success *out is the guest result and the flags are accrued.
 */
static inline bool host_accept(const FpFmt *f, uint64_t r, uint32_t mx, FloatStatus *s,
                               uint64_t *out)
{
    uint64_t mag = r & ~fp_sign_bit(f);

    if (unlikely(mag > ((uint64_t)f->exp_max << f->frac_bits))) {
        if (!s->rules->default_nan_mode) {
            return false;
        }
        r = fp_default_nan(f, s);
    } else if (unlikely(s->rules->tininess_before_rounding && (mx & MXCSR_PE) &&
                        mag <= (1ull << f->frac_bits))) {
        return false;
    }
    s->flags |= mxcsr_to_flags(mx);
    *out = r;
    return true;
}

#define HOST_BINOP32(op, sse, a, b, s)                                        \
    do {                                                                       \
        if (likely((s)->round != FP_RMM)) {                                   \
            uint32_t mx_, csr_ = MXCSR_DEFAULT | mxcsr_rc[(s)->round];         \
            float fa_, fb_, fr_;                                               \
            uint32_t rb_;                                                      \
            uint64_t out_;                                                     \
            memcpy(&fa_, &(a), 4);                                             \
            memcpy(&fb_, &(b), 4);                                             \
            fr_ = sse(fa_, fb_, csr_, &mx_);                                   \
            sse_restore(csr_);                                                 \
            memcpy(&rb_, &fr_, 4);                                             \
            if (host_accept(&fp_fmt32, rb_, mx_, (s), &out_)) {                \
                return (float32)out_;                                          \
            }                                                                  \
        }                                                                      \
    } while (0)

#define HOST_BINOP64(op, sse, a, b, s)                                        \
    do {                                                                       \
        if (likely((s)->round != FP_RMM)) {                                   \
            uint32_t mx_, csr_ = MXCSR_DEFAULT | mxcsr_rc[(s)->round];         \
            double fa_, fb_, fr_;                                              \
            uint64_t rb_, out_;                                                \
            memcpy(&fa_, &(a), 8);                                             \
            memcpy(&fb_, &(b), 8);                                             \
            fr_ = sse(fa_, fb_, csr_, &mx_);                                   \
            sse_restore(csr_);                                                 \
            memcpy(&rb_, &fr_, 8);                                             \
            if (host_accept(&fp_fmt64, rb_, mx_, (s), &out_)) {                \
                return out_;                                                   \
            }                                                                  \
        }                                                                      \
    } while (0)
#else
#define HOST_BINOP32(op, sse, a, b, s) do { } while (0)
#define HOST_BINOP64(op, sse, a, b, s) do { } while (0)
#endif

/* The software core, format-specific. */
float32 fp32_soft_add(float32 a, float32 b, FloatStatus *s)
{
    return (float32)fp_soft_addsub(&fp_fmt32, a, b, false, s);
}
float32 fp32_soft_sub(float32 a, float32 b, FloatStatus *s)
{
    return (float32)fp_soft_addsub(&fp_fmt32, a, b, true, s);
}
float32 fp32_soft_mul(float32 a, float32 b, FloatStatus *s)
{
    return (float32)fp_soft_mul(&fp_fmt32, a, b, s);
}
float32 fp32_soft_div(float32 a, float32 b, FloatStatus *s)
{
    return (float32)fp_soft_div(&fp_fmt32, a, b, s);
}
float32 fp32_soft_sqrt(float32 a, FloatStatus *s)
{
    return (float32)fp_soft_sqrt(&fp_fmt32, a, s);
}
float64 fp64_soft_add(float64 a, float64 b, FloatStatus *s)
{
    return fp_soft_addsub(&fp_fmt64, a, b, false, s);
}
float64 fp64_soft_sub(float64 a, float64 b, FloatStatus *s)
{
    return fp_soft_addsub(&fp_fmt64, a, b, true, s);
}
float64 fp64_soft_mul(float64 a, float64 b, FloatStatus *s)
{
    return fp_soft_mul(&fp_fmt64, a, b, s);
}
float64 fp64_soft_div(float64 a, float64 b, FloatStatus *s)
{
    return fp_soft_div(&fp_fmt64, a, b, s);
}
float64 fp64_soft_sqrt(float64 a, FloatStatus *s)
{
    return fp_soft_sqrt(&fp_fmt64, a, s);
}

/* The public entry points: host first where it is exact, else the core. */
float32 fp32_add(float32 a, float32 b, FloatStatus *s)
{
    HOST_BINOP32(add, sse_addss, a, b, s);
    return fp32_soft_add(a, b, s);
}
float32 fp32_sub(float32 a, float32 b, FloatStatus *s)
{
    HOST_BINOP32(sub, sse_subss, a, b, s);
    return fp32_soft_sub(a, b, s);
}
float32 fp32_mul(float32 a, float32 b, FloatStatus *s)
{
    HOST_BINOP32(mul, sse_mulss, a, b, s);
    return fp32_soft_mul(a, b, s);
}
float32 fp32_div(float32 a, float32 b, FloatStatus *s)
{
    HOST_BINOP32(div, sse_divss, a, b, s);
    return fp32_soft_div(a, b, s);
}
float32 fp32_sqrt(float32 a, FloatStatus *s)
{
    /* sqrtss computes the square root of its source operand: pass a as both. */
    HOST_BINOP32(sqrt, sse_sqrtss, a, a, s);
    return fp32_soft_sqrt(a, s);
}
float64 fp64_add(float64 a, float64 b, FloatStatus *s)
{
    HOST_BINOP64(add, sse_addsd, a, b, s);
    return fp64_soft_add(a, b, s);
}
float64 fp64_sub(float64 a, float64 b, FloatStatus *s)
{
    HOST_BINOP64(sub, sse_subsd, a, b, s);
    return fp64_soft_sub(a, b, s);
}
float64 fp64_mul(float64 a, float64 b, FloatStatus *s)
{
    HOST_BINOP64(mul, sse_mulsd, a, b, s);
    return fp64_soft_mul(a, b, s);
}
float64 fp64_div(float64 a, float64 b, FloatStatus *s)
{
    HOST_BINOP64(div, sse_divsd, a, b, s);
    return fp64_soft_div(a, b, s);
}
float64 fp64_sqrt(float64 a, FloatStatus *s)
{
    HOST_BINOP64(sqrt, sse_sqrtsd, a, a, s);
    return fp64_soft_sqrt(a, s);
}

float32 fp32_fma(float32 a, float32 b, float32 c, unsigned neg, FloatStatus *s)
{
    return (float32)fp_soft_fma(&fp_fmt32, a, b, c, neg, s);
}
float64 fp64_fma(float64 a, float64 b, float64 c, unsigned neg, FloatStatus *s)
{
    return fp_soft_fma(&fp_fmt64, a, b, c, neg, s);
}
