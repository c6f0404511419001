/*
 * test-fpu.c: translate/fpu/ against IEEE 754 and the RISC-V rules.
 *
 * Three kinds of checks:
 *   - named vectors whose results and flags follow from the standard (ties,
 *     overflow in each rounding mode, tininess after rounding, NaN rules,
 *     saturating conversions, min/max, classes);
 *   - the software core against the host's own IEEE arithmetic (C operators
 *     under fesetround, flags from fetestexcept) on many operands biased
 *     towards the interesting ones; x86-64 SSE is IEEE compliant including the
 *     underflow flag's tininess after rounding, so results and flags must
 *     agree bit for bit (NaN payloads aside: RISC-V always gives the
 *     canonical NaN);
 *   - the public entry points (host fast path) against the software core.
 */
#include "common.h"
#include <check.h>
#include <fenv.h>
#include <math.h>
#include "fpu/fpu.h"

/* Host reference arithmetic must not be folded or moved: volatile everywhere. */

static double d_of(uint64_t b) { double d; memcpy(&d, &b, 8); return d; }
static uint64_t b_of(double d) { uint64_t b; memcpy(&b, &d, 8); return b; }
static float f_of(uint32_t b) { float f; memcpy(&f, &b, 4); return f; }
static uint32_t bf_of(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }

static const int host_rm[4] = { FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD };

static uint8_t host_flags(void)
{
    int e = fetestexcept(FE_ALL_EXCEPT);
    return ((e & FE_INEXACT) ? FP_NX : 0) | ((e & FE_UNDERFLOW) ? FP_UF : 0) |
           ((e & FE_OVERFLOW) ? FP_OF : 0) | ((e & FE_DIVBYZERO) ? FP_DZ : 0) |
           ((e & FE_INVALID) ? FP_NV : 0);
}

static FloatStatus st(FpRound rm)
{
    FloatStatus s;
    fp_status_init(&s, &fp_rules_riscv, rm);
    return s;
}

/* A tiny deterministic PRNG (xorshift64*). */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}

/* Operands biased towards specials, boundaries, subnormals and near-ties. */
static uint64_t gen64(void)
{
    uint64_t r = rnd(), sign = (rnd() & 1) << 63;
    static const uint64_t special[] = {
        0, 0x7ff0000000000000ull, 0x7ff8000000000000ull, 0x7ff4000000000000ull,
        0x0010000000000000ull, 0x000fffffffffffffull, 0x0000000000000001ull,
        0x7fefffffffffffffull, 0x3ff0000000000000ull, 0x3fefffffffffffffull,
        0x3ff0000000000001ull, 0x4340000000000000ull, 0x43e0000000000000ull,
        0x41e0000000000000ull, 0x41dfffffffc00000ull, 0x3fe0000000000000ull,
    };
    switch (r % 8) {
    case 0:
        return sign | special[rnd() % ARRAY_SIZE(special)];
    case 1:     /* subnormal or near the bottom */
        return sign | ((rnd() % 4) << 52) | (rnd() >> 12);
    case 2:     /* near the top */
        return sign | ((uint64_t)(2046 - rnd() % 4) << 52) | (rnd() >> 12);
    case 3:     /* few significant bits: exact results and ties */
        return sign | ((uint64_t)(1000 + rnd() % 48) << 52) | ((rnd() & 0xff) << 44);
    case 4:     /* all-ones mantissas */
        return sign | ((uint64_t)(1000 + rnd() % 48) << 52) | (0xfffffffffffffull >> (rnd() % 8));
    default:
        return sign | ((uint64_t)(1023 - 64 + rnd() % 128) << 52) | (rnd() >> 12);
    }
}

static uint32_t gen32(void)
{
    uint32_t r = (uint32_t)rnd(), sign = (uint32_t)(rnd() & 1) << 31;
    static const uint32_t special[] = {
        0, 0x7f800000, 0x7fc00000, 0x7fa00000, 0x00800000, 0x007fffff, 1,
        0x7f7fffff, 0x3f800000, 0x3f7fffff, 0x3f800001, 0x4f000000, 0x5f000000,
        0x4f800000, 0x3f000000,
    };
    switch (r % 8) {
    case 0:
        return sign | special[rnd() % ARRAY_SIZE(special)];
    case 1:
        return sign | (uint32_t)((rnd() % 4) << 23) | (uint32_t)(rnd() >> 41);
    case 2:
        return sign | (uint32_t)((254 - rnd() % 4) << 23) | (uint32_t)(rnd() >> 41);
    case 3:
        return sign | (uint32_t)((100 + rnd() % 48) << 23) | (uint32_t)((rnd() & 0xff) << 15);
    case 4:
        return sign | (uint32_t)((100 + rnd() % 48) << 23) | (0x7fffffu >> (rnd() % 8));
    default:
        return sign | (uint32_t)((127 - 40 + rnd() % 80) << 23) | (uint32_t)(rnd() >> 41);
    }
}

enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_SQRT, OP_FMA, OP_N };
static const char *const op_names[] = { "add", "sub", "mul", "div", "sqrt", "fma" };

static uint64_t host64(int op, uint64_t a, uint64_t b, uint64_t c, int rm, uint8_t *flags)
{
    volatile double va = d_of(a), vb = d_of(b), vc = d_of(c), vr;

    fesetround(host_rm[rm]);
    feclearexcept(FE_ALL_EXCEPT);
    switch (op) {
    case OP_ADD: vr = va + vb; break;
    case OP_SUB: vr = va - vb; break;
    case OP_MUL: vr = va * vb; break;
    case OP_DIV: vr = va / vb; break;
    case OP_SQRT: vr = sqrt(va); break;
    default: vr = fma(va, vb, vc); break;
    }
    *flags = host_flags();
    fesetround(FE_TONEAREST);
    return b_of(vr);
}

static uint32_t host32(int op, uint32_t a, uint32_t b, uint32_t c, int rm, uint8_t *flags)
{
    volatile float va = f_of(a), vb = f_of(b), vc = f_of(c), vr;

    fesetround(host_rm[rm]);
    feclearexcept(FE_ALL_EXCEPT);
    switch (op) {
    case OP_ADD: vr = va + vb; break;
    case OP_SUB: vr = va - vb; break;
    case OP_MUL: vr = va * vb; break;
    case OP_DIV: vr = va / vb; break;
    case OP_SQRT: vr = sqrtf(va); break;
    default: vr = fmaf(va, vb, vc); break;
    }
    *flags = host_flags();
    fesetround(FE_TONEAREST);
    return bf_of(vr);
}

static uint64_t soft64(int op, uint64_t a, uint64_t b, uint64_t c, FloatStatus *s)
{
    switch (op) {
    case OP_ADD: return fp64_soft_add(a, b, s);
    case OP_SUB: return fp64_soft_sub(a, b, s);
    case OP_MUL: return fp64_soft_mul(a, b, s);
    case OP_DIV: return fp64_soft_div(a, b, s);
    case OP_SQRT: return fp64_soft_sqrt(a, s);
    default: return fp64_fma(a, b, c, 0, s);
    }
}

static uint64_t pub64(int op, uint64_t a, uint64_t b, uint64_t c, FloatStatus *s)
{
    switch (op) {
    case OP_ADD: return fp64_add(a, b, s);
    case OP_SUB: return fp64_sub(a, b, s);
    case OP_MUL: return fp64_mul(a, b, s);
    case OP_DIV: return fp64_div(a, b, s);
    case OP_SQRT: return fp64_sqrt(a, s);
    default: return fp64_fma(a, b, c, 0, s);
    }
}

static uint32_t soft32(int op, uint32_t a, uint32_t b, uint32_t c, FloatStatus *s)
{
    switch (op) {
    case OP_ADD: return fp32_soft_add(a, b, s);
    case OP_SUB: return fp32_soft_sub(a, b, s);
    case OP_MUL: return fp32_soft_mul(a, b, s);
    case OP_DIV: return fp32_soft_div(a, b, s);
    case OP_SQRT: return fp32_soft_sqrt(a, s);
    default: return fp32_fma(a, b, c, 0, s);
    }
}

static uint32_t pub32(int op, uint32_t a, uint32_t b, uint32_t c, FloatStatus *s)
{
    switch (op) {
    case OP_ADD: return fp32_add(a, b, s);
    case OP_SUB: return fp32_sub(a, b, s);
    case OP_MUL: return fp32_mul(a, b, s);
    case OP_DIV: return fp32_div(a, b, s);
    case OP_SQRT: return fp32_sqrt(a, s);
    default: return fp32_fma(a, b, c, 0, s);
    }
}

/*
 * glibc's fma() is correctly rounded in every mode but does not promise
 * exact underflow/inexact flags, so for fma only the values are compared.
 */
static void diff_one64(int op, uint64_t a, uint64_t b, uint64_t c, int rm)
{
    uint8_t hf;
    uint64_t h = host64(op, a, b, c, rm, &hf);
    FloatStatus s = st((FpRound)rm), p = st((FpRound)rm);
    uint64_t r = soft64(op, a, b, c, &s), q = pub64(op, a, b, c, &p);

    if (isnan(d_of(h))) {
        ck_assert_msg(r == 0x7ff8000000000000ull, "%s64 rm%d %016" PRIx64 " %016" PRIx64
                      ": got %016" PRIx64 " expected canonical NaN", op_names[op], rm, a, b, r);
    } else {
        ck_assert_msg(r == h, "%s64 rm%d %016" PRIx64 " %016" PRIx64 " %016" PRIx64
                      ": got %016" PRIx64 " expected %016" PRIx64,
                      op_names[op], rm, a, b, c, r, h);
    }
    if (op != OP_FMA) {
        ck_assert_msg(s.flags == hf, "%s64 rm%d %016" PRIx64 " %016" PRIx64
                      ": flags got %#x expected %#x", op_names[op], rm, a, b, s.flags, hf);
    }
    ck_assert_msg(q == r && p.flags == s.flags, "%s64 rm%d %016" PRIx64 " %016" PRIx64
                  ": fast path %016" PRIx64 "/%#x, soft %016" PRIx64 "/%#x",
                  op_names[op], rm, a, b, q, p.flags, r, s.flags);
}

static void diff_one32(int op, uint32_t a, uint32_t b, uint32_t c, int rm)
{
    uint8_t hf;
    uint32_t h = host32(op, a, b, c, rm, &hf);
    FloatStatus s = st((FpRound)rm), p = st((FpRound)rm);
    uint32_t r = soft32(op, a, b, c, &s), q = pub32(op, a, b, c, &p);

    if (isnan(f_of(h))) {
        ck_assert_msg(r == 0x7fc00000u, "%s32 rm%d %08x %08x: got %08x expected canonical NaN",
                      op_names[op], rm, a, b, r);
    } else {
        ck_assert_msg(r == h, "%s32 rm%d %08x %08x %08x: got %08x expected %08x",
                      op_names[op], rm, a, b, c, r, h);
    }
    if (op != OP_FMA) {
        ck_assert_msg(s.flags == hf, "%s32 rm%d %08x %08x: flags got %#x expected %#x",
                      op_names[op], rm, a, b, s.flags, hf);
    }
    ck_assert_msg(q == r && p.flags == s.flags, "%s32 rm%d %08x %08x: fast %08x/%#x soft %08x/%#x",
                  op_names[op], rm, a, b, q, p.flags, r, s.flags);
}

START_TEST(test_diff_host64)
{
    for (int i = 0; i < 60000; i++) {
        uint64_t a = gen64(), b = gen64(), c = gen64();
        int op = (int)(rnd() % OP_N), rm = (int)(rnd() % 4);
        if (op == OP_MUL && (rnd() & 1)) {
            /* Aim products at the subnormal boundary. */
            b = (b & 0x800fffffffffffffull) | ((uint64_t)(1023 - ((a >> 52) & 0x7ff) + 1 + rnd() % 3) << 52);
        }
        diff_one64(op, a, b, c, rm);
    }
}
END_TEST

START_TEST(test_diff_host32)
{
    for (int i = 0; i < 60000; i++) {
        uint32_t a = gen32(), b = gen32(), c = gen32();
        int op = (int)(rnd() % OP_N), rm = (int)(rnd() % 4);
        if (op == OP_MUL && (rnd() & 1)) {
            b = (b & 0x807fffffu) | (uint32_t)((127 - ((a >> 23) & 0xff) + 1 + rnd() % 3) << 23);
            b &= 0xff7fffffu | (b & 0x7f800000u);
        }
        diff_one32(op, a, b, c, rm);
    }
}
END_TEST

/* Tininess after rounding: exact value (1 - 2^-24) * 2^-126 rounds up to 2^-126 yet is tiny. */
START_TEST(test_tininess_after_rounding)
{
    FloatStatus s = st(FP_RNE);
    /* (1 - 2^-24) * 2^-126: 24 significant bits, so it is tiny at unbounded exponent. */
    ck_assert_uint_eq(fp32_mul(0x3f7fffff, 0x00800000, &s), 0x00800000);
    ck_assert_uint_eq(s.flags, FP_UF | FP_NX);
    /* (1 - 2^-25) * 2^-126 rounds to 2^-126 even with unbounded exponent: not tiny. */
    s = st(FP_RNE);
    ck_assert_uint_eq(fp64_to_fp32(b_of(ldexp(1.0 - ldexp(1, -25), -126)), &s), 0x00800000);
    ck_assert_uint_eq(s.flags, FP_NX);
    /* The same in RTZ: truncates to the largest subnormal, tiny and inexact. */
    s = st(FP_RTZ);
    ck_assert_uint_eq(fp64_to_fp32(b_of(ldexp(1.0 - ldexp(1, -25), -126)), &s), 0x007fffff);
    ck_assert_uint_eq(s.flags, FP_UF | FP_NX);
    /* binary64: (1 - 2^-53) * 2^-1022 is tiny; the result is 2^-1022. */
    s = st(FP_RNE);
    ck_assert_uint_eq(fp64_mul(0x3fefffffffffffffull, 0x0010000000000000ull, &s),
                      0x0010000000000000ull);
    ck_assert_uint_eq(s.flags, FP_UF | FP_NX);
    /* (1 + 2^-52)(1 - 2^-52) * 2^-1022 = (1 - 2^-104) * 2^-1022: not tiny after rounding. */
    s = st(FP_RNE);
    ck_assert_uint_eq(fp64_mul(0x3fe0000000000001ull, 0x001ffffffffffffeull, &s),
                      0x0010000000000000ull);
    ck_assert_uint_eq(s.flags, FP_NX);
    s = st(FP_RTZ);
    ck_assert_uint_eq(fp64_mul(0x3fe0000000000001ull, 0x001ffffffffffffeull, &s),
                      0x000fffffffffffffull);
    ck_assert_uint_eq(s.flags, FP_UF | FP_NX);
    /* An exact subnormal result raises nothing. */
    s = st(FP_RNE);
    ck_assert_uint_eq(fp64_mul(0x3fe0000000000000ull, 0x0010000000000000ull, &s),
                      0x0008000000000000ull);
    ck_assert_uint_eq(s.flags, 0);
    /* Before-rounding rules (e.g. ARM) see the first case differently. */
    {
        FpRules before = fp_rules_riscv;
        before.tininess_before_rounding = true;
        s.rules = &before;
        s.flags = 0;
        s.round = FP_RNE;
        ck_assert_uint_eq(fp64_to_fp32(b_of(ldexp(1.0 - ldexp(1, -25), -126)), &s), 0x00800000);
        ck_assert_uint_eq(s.flags, FP_UF | FP_NX);
        s.flags = 0;
        ck_assert_uint_eq(fp32_mul(0x3f800000, 0x00800000, &s), 0x00800000);
        ck_assert_uint_eq(s.flags, 0);
    }
}
END_TEST

typedef struct Vec32 {
    const char *name;
    int op;
    uint32_t a, b, c;
    FpRound rm;
    uint32_t r;
    uint8_t flags;
} Vec32;

/* 1 + 2^-24 is exactly halfway between 1 and 1 + 2^-23. */
static const Vec32 vec32[] = {
    { "tie rne", OP_ADD, 0x3f800000, 0x33800000, 0, FP_RNE, 0x3f800000, FP_NX },
    { "tie rmm", OP_ADD, 0x3f800000, 0x33800000, 0, FP_RMM, 0x3f800001, FP_NX },
    { "tie rtz", OP_ADD, 0x3f800000, 0x33800000, 0, FP_RTZ, 0x3f800000, FP_NX },
    { "tie rdn", OP_ADD, 0x3f800000, 0x33800000, 0, FP_RDN, 0x3f800000, FP_NX },
    { "tie rup", OP_ADD, 0x3f800000, 0x33800000, 0, FP_RUP, 0x3f800001, FP_NX },
    { "neg tie rmm", OP_ADD, 0xbf800000, 0xb3800000, 0, FP_RMM, 0xbf800001, FP_NX },
    { "neg tie rdn", OP_ADD, 0xbf800000, 0xb3800000, 0, FP_RDN, 0xbf800001, FP_NX },
    { "neg tie rup", OP_ADD, 0xbf800000, 0xb3800000, 0, FP_RUP, 0xbf800000, FP_NX },
    /* (1 + 2^-23) + 2^-24: halfway, odd below -> RNE and RMM both go up. */
    { "odd tie rne", OP_ADD, 0x3f800001, 0x33800000, 0, FP_RNE, 0x3f800002, FP_NX },
    { "odd tie rmm", OP_ADD, 0x3f800001, 0x33800000, 0, FP_RMM, 0x3f800002, FP_NX },
    /* Overflow: max * 2. */
    { "ovf rne", OP_MUL, 0x7f7fffff, 0x40000000, 0, FP_RNE, 0x7f800000, FP_OF | FP_NX },
    { "ovf rmm", OP_MUL, 0x7f7fffff, 0x40000000, 0, FP_RMM, 0x7f800000, FP_OF | FP_NX },
    { "ovf rtz", OP_MUL, 0x7f7fffff, 0x40000000, 0, FP_RTZ, 0x7f7fffff, FP_OF | FP_NX },
    { "ovf rdn", OP_MUL, 0x7f7fffff, 0x40000000, 0, FP_RDN, 0x7f7fffff, FP_OF | FP_NX },
    { "ovf rup", OP_MUL, 0x7f7fffff, 0x40000000, 0, FP_RUP, 0x7f800000, FP_OF | FP_NX },
    { "-ovf rdn", OP_MUL, 0xff7fffff, 0x40000000, 0, FP_RDN, 0xff800000, FP_OF | FP_NX },
    { "-ovf rup", OP_MUL, 0xff7fffff, 0x40000000, 0, FP_RUP, 0xff7fffff, FP_OF | FP_NX },
    /* Exact cancellation: +0, except -0 in RDN. */
    { "x-x rne", OP_SUB, 0x3fc00000, 0x3fc00000, 0, FP_RNE, 0x00000000, 0 },
    { "x-x rdn", OP_SUB, 0x3fc00000, 0x3fc00000, 0, FP_RDN, 0x80000000, 0 },
    { "-0+-0", OP_ADD, 0x80000000, 0x80000000, 0, FP_RNE, 0x80000000, 0 },
    { "-0++0", OP_ADD, 0x80000000, 0x00000000, 0, FP_RNE, 0x00000000, 0 },
    { "-0++0 rdn", OP_ADD, 0x80000000, 0x00000000, 0, FP_RDN, 0x80000000, 0 },
    /* Invalid operations and division by zero: canonical NaN / inf. */
    { "inf-inf", OP_SUB, 0x7f800000, 0x7f800000, 0, FP_RNE, 0x7fc00000, FP_NV },
    { "0*inf", OP_MUL, 0x00000000, 0xff800000, 0, FP_RNE, 0x7fc00000, FP_NV },
    { "0/0", OP_DIV, 0x00000000, 0x80000000, 0, FP_RNE, 0x7fc00000, FP_NV },
    { "1/-0", OP_DIV, 0x3f800000, 0x80000000, 0, FP_RNE, 0xff800000, FP_DZ },
    { "inf/0", OP_DIV, 0x7f800000, 0x00000000, 0, FP_RNE, 0x7f800000, 0 },
    { "sqrt -1", OP_SQRT, 0xbf800000, 0, 0, FP_RNE, 0x7fc00000, FP_NV },
    { "sqrt -0", OP_SQRT, 0x80000000, 0, 0, FP_RNE, 0x80000000, 0 },
    { "sqrt 2 rne", OP_SQRT, 0x40000000, 0, 0, FP_RNE, 0x3fb504f3, FP_NX },
    { "sqrt 2 rup", OP_SQRT, 0x40000000, 0, 0, FP_RUP, 0x3fb504f4, FP_NX },
    { "sqrt 2 rmm", OP_SQRT, 0x40000000, 0, 0, FP_RMM, 0x3fb504f3, FP_NX },
    { "sqrt min sub", OP_SQRT, 0x00000001, 0, 0, FP_RNE, 0x1a3504f3, FP_NX },
    /* NaN operands: canonical result; signaling ones raise NV. */
    { "qnan+1", OP_ADD, 0x7fc12345, 0x3f800000, 0, FP_RNE, 0x7fc00000, 0 },
    { "snan+1", OP_ADD, 0x7f812345, 0x3f800000, 0, FP_RNE, 0x7fc00000, FP_NV },
    { "-qnan*1", OP_MUL, 0xffc00001, 0x3f800000, 0, FP_RNE, 0x7fc00000, 0 },
    { "sqrt snan", OP_SQRT, 0xff800001, 0, 0, FP_RNE, 0x7fc00000, FP_NV },
    /* Subnormals: min subnormal / 2 in each mode (an exact tie with 0). */
    { "minsub/2 rne", OP_DIV, 0x00000001, 0x40000000, 0, FP_RNE, 0x00000000, FP_UF | FP_NX },
    { "minsub/2 rmm", OP_DIV, 0x00000001, 0x40000000, 0, FP_RMM, 0x00000001, FP_UF | FP_NX },
    { "minsub/2 rup", OP_DIV, 0x00000001, 0x40000000, 0, FP_RUP, 0x00000001, FP_UF | FP_NX },
    { "-minsub/2 rdn", OP_DIV, 0x80000001, 0x40000000, 0, FP_RDN, 0x80000001, FP_UF | FP_NX },
    { "-minsub/2 rup", OP_DIV, 0x80000001, 0x40000000, 0, FP_RUP, 0x80000000, FP_UF | FP_NX },
    { "3minsub/2 rne", OP_DIV, 0x00000003, 0x40000000, 0, FP_RNE, 0x00000002, FP_UF | FP_NX },
    { "3minsub/2 rmm", OP_DIV, 0x00000003, 0x40000000, 0, FP_RMM, 0x00000002, FP_UF | FP_NX },
    { "sub+sub", OP_ADD, 0x00400000, 0x00400000, 0, FP_RNE, 0x00800000, 0 },
    /* FMA: one rounding.  (1 + 2^-23)(1 - 2^-23) - 1 = -2^-46 exactly. */
    { "fma exact", OP_FMA, 0x3f800001, 0x3f7ffffe, 0xbf800000, FP_RNE, 0xa8800000, 0 },
    { "fma 0*inf+qnan", OP_FMA, 0x00000000, 0x7f800000, 0x7fc00000, FP_RNE, 0x7fc00000, FP_NV },
    { "fma inf*1-inf", OP_FMA, 0x7f800000, 0x3f800000, 0xff800000, FP_RNE, 0x7fc00000, FP_NV },
    { "fma 1*1+snan", OP_FMA, 0x3f800000, 0x3f800000, 0x7f800001, FP_RNE, 0x7fc00000, FP_NV },
    { "fma 0*1-0", OP_FMA, 0x00000000, 0x3f800000, 0x80000000, FP_RNE, 0x00000000, 0 },
    { "fma 0*1-0 rdn", OP_FMA, 0x00000000, 0x3f800000, 0x80000000, FP_RDN, 0x80000000, 0 },
    { "fma -0*1-0", OP_FMA, 0x80000000, 0x3f800000, 0x80000000, FP_RNE, 0x80000000, 0 },
    { "fma tie rmm", OP_FMA, 0x3f800000, 0x3f800000, 0x33800000, FP_RMM, 0x3f800001, FP_NX },
    { "fma tie rne", OP_FMA, 0x3f800000, 0x3f800000, 0x33800000, FP_RNE, 0x3f800000, FP_NX },
};

START_TEST(test_vectors32)
{
    for (size_t i = 0; i < ARRAY_SIZE(vec32); i++) {
        const Vec32 *v = &vec32[i];
        FloatStatus s = st(v->rm), t = st(v->rm);
        uint32_t r = pub32(v->op, v->a, v->b, v->c, &s);
        uint32_t q = soft32(v->op, v->a, v->b, v->c, &t);
        ck_assert_msg(r == v->r && s.flags == v->flags, "%s: got %08x/%#x expected %08x/%#x",
                      v->name, r, s.flags, v->r, v->flags);
        ck_assert_msg(q == v->r && t.flags == v->flags, "%s (soft): got %08x/%#x expected %08x/%#x",
                      v->name, q, t.flags, v->r, v->flags);
    }
}
END_TEST

START_TEST(test_vectors64)
{
    FloatStatus s;

    /* 1 + 2^-53: tie. */
    s = st(FP_RNE);
    ck_assert_uint_eq(fp64_add(0x3ff0000000000000ull, 0x3ca0000000000000ull, &s), 0x3ff0000000000000ull);
    ck_assert_uint_eq(s.flags, FP_NX);
    s = st(FP_RMM);
    ck_assert_uint_eq(fp64_add(0x3ff0000000000000ull, 0x3ca0000000000000ull, &s), 0x3ff0000000000001ull);
    ck_assert_uint_eq(s.flags, FP_NX);
    s = st(FP_RMM);
    ck_assert_uint_eq(fp64_mul(0x7fefffffffffffffull, 0xc000000000000000ull, &s), 0xfff0000000000000ull);
    ck_assert_uint_eq(s.flags, FP_OF | FP_NX);
    s = st(FP_RTZ);
    ck_assert_uint_eq(fp64_mul(0x7fefffffffffffffull, 0xc000000000000000ull, &s), 0xffefffffffffffffull);
    ck_assert_uint_eq(s.flags, FP_OF | FP_NX);
    /* 1/3 in each mode. */
    {
        static const uint64_t third[5] = {
            0x3fd5555555555555ull, 0x3fd5555555555555ull, 0x3fd5555555555555ull,
            0x3fd5555555555556ull, 0x3fd5555555555555ull,
        };
        for (int rm = 0; rm < 5; rm++) {
            s = st((FpRound)rm);
            ck_assert_uint_eq(fp64_div(0x3ff0000000000000ull, 0x4008000000000000ull, &s), third[rm]);
            ck_assert_uint_eq(s.flags, FP_NX);
        }
    }
    /* Signaling NaN in, canonical out. */
    s = st(FP_RNE);
    ck_assert_uint_eq(fp64_sub(0x7ff0000000000001ull, 0x3ff0000000000000ull, &s), 0x7ff8000000000000ull);
    ck_assert_uint_eq(s.flags, FP_NV);
    /* FMA exactness: (1 + 2^-52)^2 - (1 + 2^-51) = 2^-104, lost by mul-then-add. */
    s = st(FP_RNE);
    ck_assert_uint_eq(fp64_fma(0x3ff0000000000001ull, 0x3ff0000000000001ull, 0x3ff0000000000002ull,
                               FP_FMA_NEG_ADDEND, &s), 0x3970000000000000ull);
    ck_assert_uint_eq(s.flags, 0);
    /* -(a*b) - c */
    s = st(FP_RNE);
    ck_assert_uint_eq(fp64_fma(0x4000000000000000ull, 0x4008000000000000ull, 0x3ff0000000000000ull,
                               FP_FMA_NEG_PRODUCT | FP_FMA_NEG_ADDEND, &s), 0xc01c000000000000ull);
    /* FMA with a huge cancellation and a tiny addend: sticky handling. */
    s = st(FP_RUP);
    ck_assert_uint_eq(fp64_fma(0x3ff0000000000000ull, 0x3ff0000000000000ull, 0x0000000000000001ull, 0, &s),
                      0x3ff0000000000001ull);
    ck_assert_uint_eq(s.flags, FP_NX);
}
END_TEST

/* RMM has no host mode: check it is RNE except on ties, where it goes away from zero. */
START_TEST(test_rmm_consistency)
{
    for (int i = 0; i < 40000; i++) {
        uint64_t a = gen64(), b = gen64(), c = gen64();
        int op = (int)(rnd() % OP_N);
        FloatStatus sm = st(FP_RMM), sn = st(FP_RNE), sz = st(FP_RTZ);
        uint64_t m = soft64(op, a, b, c, &sm), n = soft64(op, a, b, c, &sn), z = soft64(op, a, b, c, &sz);

        if (m != n) {
            /* A tie: RNE chose the even neighbour toward zero, RMM the odd one away. */
            ck_assert_msg(n == z && (n & 1) == 0 && m == n + 1,
                          "rmm %s %016" PRIx64 " %016" PRIx64 ": rmm %016" PRIx64 " rne %016" PRIx64,
                          op_names[op], a, b, m, n);
        }
        ck_assert_msg((sm.flags & ~FP_UF) == (sn.flags & ~FP_UF), "rmm flags %s", op_names[op]);
    }
}
END_TEST

START_TEST(test_nan_rules)
{
    FloatStatus s = st(FP_RNE);

    ck_assert(fp32_eq(0x7fc00000, 0x7fc00000, &s) == false);
    ck_assert_uint_eq(s.flags, 0);                         /* quiet compare */
    ck_assert(fp32_lt(0x7fc00000, 0x3f800000, &s) == false);
    ck_assert_uint_eq(s.flags, FP_NV);                     /* signaling compare */
    s = st(FP_RNE);
    ck_assert(fp64_le(0x3ff0000000000000ull, 0x7ff8000000000000ull, &s) == false);
    ck_assert_uint_eq(s.flags, FP_NV);
    s = st(FP_RNE);
    ck_assert(fp64_eq(0x7ff0000000000001ull, 0x3ff0000000000000ull, &s) == false);
    ck_assert_uint_eq(s.flags, FP_NV);                     /* eq signals on sNaN */
    s = st(FP_RNE);
    ck_assert(fp64_eq(0x8000000000000000ull, 0, &s));      /* -0 == +0 */
    ck_assert(fp64_le(0x8000000000000000ull, 0, &s));
    ck_assert(!fp64_lt(0x8000000000000000ull, 0, &s));
    ck_assert(fp32_lt(0xbf800000, 0x00000001, &s));
    ck_assert(fp32_lt(0xff800000, 0xff7fffff, &s));
    ck_assert(!fp32_lt(0x3f800000, 0x3f800000, &s));
    ck_assert_uint_eq(s.flags, 0);

    /* minimumNumber/maximumNumber. */
    s = st(FP_RNE);
    ck_assert_uint_eq(fp32_min(0x7fc00000, 0x3f800000, &s), 0x3f800000);
    ck_assert_uint_eq(fp32_max(0x3f800000, 0xffc00000, &s), 0x3f800000);
    ck_assert_uint_eq(s.flags, 0);
    ck_assert_uint_eq(fp32_min(0x7f800001, 0x3f800000, &s), 0x3f800000);
    ck_assert_uint_eq(s.flags, FP_NV);
    s = st(FP_RNE);
    ck_assert_uint_eq(fp64_max(0x7ff8000000000001ull, 0xfff8000000000000ull, &s), 0x7ff8000000000000ull);
    ck_assert_uint_eq(s.flags, 0);
    ck_assert_uint_eq(fp32_min(0x00000000, 0x80000000, &s), 0x80000000);
    ck_assert_uint_eq(fp32_min(0x80000000, 0x00000000, &s), 0x80000000);
    ck_assert_uint_eq(fp32_max(0x80000000, 0x00000000, &s), 0x00000000);
    ck_assert_uint_eq(fp64_max(0x0000000000000000ull, 0x8000000000000000ull, &s), 0);
    ck_assert_uint_eq(fp64_min(0xc000000000000000ull, 0x3ff0000000000000ull, &s), 0xc000000000000000ull);
    ck_assert_uint_eq(fp64_max(0xfff0000000000000ull, 0xc000000000000000ull, &s), 0xc000000000000000ull);
    ck_assert_uint_eq(s.flags, 0);

    /* Conversions between formats: NaNs become canonical, sNaN raises NV. */
    s = st(FP_RNE);
    ck_assert_uint_eq(fp32_to_fp64(0xff800001, &s), 0x7ff8000000000000ull);
    ck_assert_uint_eq(s.flags, FP_NV);
    s = st(FP_RNE);
    ck_assert_uint_eq(fp64_to_fp32(0xfff8000000000123ull, &s), 0x7fc00000);
    ck_assert_uint_eq(s.flags, 0);
    ck_assert_uint_eq(fp32_to_fp64(0x00000001, &s), 0x36a0000000000000ull);   /* 2^-149, exact */
    ck_assert_uint_eq(s.flags, 0);
    ck_assert_uint_eq(fp64_to_fp32(0x7fefffffffffffffull, &s), 0x7f800000);
    ck_assert_uint_eq(s.flags, FP_OF | FP_NX);
}
END_TEST

START_TEST(test_classify)
{
    ck_assert_int_eq(fp32_classify(0xff800000), FP_CLASS_NEG_INF);
    ck_assert_int_eq(fp32_classify(0xbf800000), FP_CLASS_NEG_NORMAL);
    ck_assert_int_eq(fp32_classify(0x807fffff), FP_CLASS_NEG_SUBNORMAL);
    ck_assert_int_eq(fp32_classify(0x80000000), FP_CLASS_NEG_ZERO);
    ck_assert_int_eq(fp32_classify(0x00000000), FP_CLASS_POS_ZERO);
    ck_assert_int_eq(fp32_classify(0x00000001), FP_CLASS_POS_SUBNORMAL);
    ck_assert_int_eq(fp32_classify(0x7f7fffff), FP_CLASS_POS_NORMAL);
    ck_assert_int_eq(fp32_classify(0x7f800000), FP_CLASS_POS_INF);
    ck_assert_int_eq(fp32_classify(0x7f800001), FP_CLASS_SNAN);
    ck_assert_int_eq(fp32_classify(0xffc00000), FP_CLASS_QNAN);
    ck_assert_int_eq(fp64_classify(0xfff0000000000000ull), FP_CLASS_NEG_INF);
    ck_assert_int_eq(fp64_classify(0x8010000000000000ull), FP_CLASS_NEG_NORMAL);
    ck_assert_int_eq(fp64_classify(0x8000000000000001ull), FP_CLASS_NEG_SUBNORMAL);
    ck_assert_int_eq(fp64_classify(0x8000000000000000ull), FP_CLASS_NEG_ZERO);
    ck_assert_int_eq(fp64_classify(0), FP_CLASS_POS_ZERO);
    ck_assert_int_eq(fp64_classify(0x000fffffffffffffull), FP_CLASS_POS_SUBNORMAL);
    ck_assert_int_eq(fp64_classify(0x3ff0000000000000ull), FP_CLASS_POS_NORMAL);
    ck_assert_int_eq(fp64_classify(0x7ff0000000000000ull), FP_CLASS_POS_INF);
    ck_assert_int_eq(fp64_classify(0x7ff7ffffffffffffull), FP_CLASS_SNAN);
    ck_assert_int_eq(fp64_classify(0x7ff8000000000000ull), FP_CLASS_QNAN);
}
END_TEST

START_TEST(test_to_int_limits)
{
    FloatStatus s;
#define CHECK_CVT(expr, rm, want, wflags)                                      \
    do {                                                                        \
        s = st(rm);                                                             \
        uint64_t got_ = (uint64_t)(expr);                                       \
        ck_assert_msg(got_ == (uint64_t)(want) && s.flags == (wflags),          \
                      "%s: got %#" PRIx64 "/%#x expected %#" PRIx64 "/%#x",     \
                      #expr, got_, s.flags, (uint64_t)(want), (wflags));        \
    } while (0)
    /* NaN -> largest positive, NV (RISC-V table 11.4). */
    CHECK_CVT(fp32_to_i32(0x7fc00000, &s), FP_RNE, (int32_t)INT32_MAX, FP_NV);
    CHECK_CVT(fp32_to_i32(0xffc00000, &s), FP_RNE, (int32_t)INT32_MAX, FP_NV);
    CHECK_CVT(fp32_to_u32(0xffc00000, &s), FP_RNE, UINT32_MAX, FP_NV);
    CHECK_CVT(fp64_to_i64(0x7ff0000000000001ull, &s), FP_RNE, INT64_MAX, FP_NV);
    CHECK_CVT(fp64_to_u64(0x7ff8000000000000ull, &s), FP_RNE, UINT64_MAX, FP_NV);
    /* Infinities and out of range saturate. */
    CHECK_CVT(fp32_to_i32(0xff800000, &s), FP_RNE, (int32_t)INT32_MIN, FP_NV);
    CHECK_CVT(fp32_to_u32(0xff800000, &s), FP_RNE, 0, FP_NV);
    CHECK_CVT(fp64_to_i32(0x41e0000000000000ull, &s), FP_RNE, (int32_t)INT32_MAX, FP_NV);   /* 2^31 */
    CHECK_CVT(fp64_to_i32(0xc1e0000000000000ull, &s), FP_RNE, (int32_t)INT32_MIN, 0);       /* -2^31 */
    CHECK_CVT(fp64_to_i32(0xc1e0000000200000ull, &s), FP_RNE, (int32_t)INT32_MIN, FP_NV);   /* -2^31-1 */
    CHECK_CVT(fp64_to_i32(0xc1e0000000100000ull, &s), FP_RTZ, (int32_t)INT32_MIN, FP_NX);   /* -2^31-.5 */
    CHECK_CVT(fp64_to_i32(0xc1e0000000100000ull, &s), FP_RNE, (int32_t)INT32_MIN, FP_NX);   /* tie to even */
    CHECK_CVT(fp64_to_i32(0xc1e0000000100000ull, &s), FP_RMM, (int32_t)INT32_MIN, FP_NV);
    /* 2^31 - 0.5: RNE rounds to 2^31 (even): out of range; RTZ fits. */
    CHECK_CVT(fp64_to_i32(0x41dfffffffe00000ull, &s), FP_RNE, (int32_t)INT32_MAX, FP_NV);
    CHECK_CVT(fp64_to_i32(0x41dfffffffe00000ull, &s), FP_RTZ, (int32_t)INT32_MAX, FP_NX);
    /* 2^32 - 0.5, and 2^32 - 1 exactly. */
    CHECK_CVT(fp64_to_u32(0x41efffffffff0000ull, &s), FP_RDN, UINT32_MAX, FP_NX);
    CHECK_CVT(fp64_to_u32(0x41efffffffff0000ull, &s), FP_RUP, UINT32_MAX, FP_NV);
    CHECK_CVT(fp64_to_u32(0x41efffffffe00000ull, &s), FP_RUP, UINT32_MAX, 0);
    CHECK_CVT(fp64_to_u32(0x41f0000000000000ull, &s), FP_RNE, UINT32_MAX, FP_NV);
    /* Negative to unsigned: invalid unless it rounds to 0. */
    CHECK_CVT(fp64_to_u32(0xbfd3333333333333ull, &s), FP_RNE, 0, FP_NX);     /* -0.3 */
    CHECK_CVT(fp64_to_u32(0xbfd3333333333333ull, &s), FP_RDN, 0, FP_NV);
    CHECK_CVT(fp64_to_u64(0xbff0000000000000ull, &s), FP_RTZ, 0, FP_NV);
    CHECK_CVT(fp64_to_u64(0x8000000000000000ull, &s), FP_RNE, 0, 0);
    /* 64-bit limits. */
    CHECK_CVT(fp64_to_i64(0x43e0000000000000ull, &s), FP_RNE, INT64_MAX, FP_NV);           /* 2^63 */
    CHECK_CVT(fp64_to_i64(0xc3e0000000000000ull, &s), FP_RNE, INT64_MIN, 0);
    CHECK_CVT(fp64_to_u64(0x43e0000000000000ull, &s), FP_RNE, 1ull << 63, 0);
    CHECK_CVT(fp64_to_u64(0x43efffffffffffffull, &s), FP_RNE, 0xfffffffffffff800ull, 0);
    CHECK_CVT(fp64_to_u64(0x43f0000000000000ull, &s), FP_RNE, UINT64_MAX, FP_NV);          /* 2^64 */
    CHECK_CVT(fp32_to_i64(0xdf000000, &s), FP_RNE, INT64_MIN, 0);
    CHECK_CVT(fp32_to_u64(0x5f800000, &s), FP_RNE, UINT64_MAX, FP_NV);
    /* Rounding modes on 2.5 and -2.5. */
    CHECK_CVT(fp32_to_i32(0x40200000, &s), FP_RNE, 2, FP_NX);
    CHECK_CVT(fp32_to_i32(0x40200000, &s), FP_RMM, 3, FP_NX);
    CHECK_CVT(fp32_to_i32(0x40200000, &s), FP_RTZ, 2, FP_NX);
    CHECK_CVT(fp32_to_i32(0x40200000, &s), FP_RDN, 2, FP_NX);
    CHECK_CVT(fp32_to_i32(0x40200000, &s), FP_RUP, 3, FP_NX);
    CHECK_CVT(fp32_to_i32(0xc0200000, &s), FP_RNE, -2, FP_NX);
    CHECK_CVT(fp32_to_i32(0xc0200000, &s), FP_RMM, -3, FP_NX);
    CHECK_CVT(fp32_to_i32(0xc0200000, &s), FP_RDN, -3, FP_NX);
    CHECK_CVT(fp32_to_i32(0xc0200000, &s), FP_RUP, -2, FP_NX);
    CHECK_CVT(fp32_to_i32(0x00000001, &s), FP_RUP, 1, FP_NX);
    CHECK_CVT(fp32_to_i32(0x80000001, &s), FP_RDN, -1, FP_NX);
    CHECK_CVT(fp32_to_i32(0x3f000000, &s), FP_RMM, 1, FP_NX);      /* 0.5 */
    CHECK_CVT(fp32_to_i32(0x3f000000, &s), FP_RNE, 0, FP_NX);
    /* Integer -> float. */
    CHECK_CVT(fp32_from_i32(INT32_MIN, &s), FP_RNE, 0xcf000000u, 0);
    CHECK_CVT(fp32_from_i32(0x7fffffff, &s), FP_RNE, 0x4f000000u, FP_NX);
    CHECK_CVT(fp32_from_i32(0x7fffffff, &s), FP_RTZ, 0x4effffffu, FP_NX);
    CHECK_CVT(fp32_from_u32(0x01000001, &s), FP_RNE, 0x4b800000u, FP_NX);   /* 2^24+1: tie */
    CHECK_CVT(fp32_from_u32(0x01000001, &s), FP_RMM, 0x4b800001u, FP_NX);
    CHECK_CVT(fp64_from_u64(UINT64_MAX, &s), FP_RNE, 0x43f0000000000000ull, FP_NX);
    CHECK_CVT(fp64_from_u64(UINT64_MAX, &s), FP_RTZ, 0x43efffffffffffffull, FP_NX);
    CHECK_CVT(fp64_from_i64(INT64_MIN, &s), FP_RNE, 0xc3e0000000000000ull, 0);
    CHECK_CVT(fp64_from_i32(-1, &s), FP_RNE, 0xbff0000000000000ull, 0);
    CHECK_CVT(fp64_from_u32(0, &s), FP_RDN, 0, 0);
    CHECK_CVT(fp32_from_i64(-3, &s), FP_RNE, 0xc0400000u, 0);
#undef CHECK_CVT
}
END_TEST

/*
 * Float -> int against rint() in the same mode, for finite inputs.  Called
 * through a pointer: GCC's inline expansion of rint assumes round-to-nearest.
 */
static double (*volatile host_rint)(double) = rint;

START_TEST(test_to_int_diff)
{
    for (int i = 0; i < 40000; i++) {
        uint64_t a = gen64();
        volatile double d = d_of(a), r;
        int rm = (int)(rnd() % 4);
        FloatStatus s = st((FpRound)rm);
        int64_t got = fp64_to_i64(a, &s);
        uint8_t want_flags;
        int64_t want;

        if (isnan(d)) {
            continue;
        }
        fesetround(host_rm[rm]);
        r = host_rint(d);
        fesetround(FE_TONEAREST);
        if (r >= 0x1p63 || r < -0x1p63) {
            want = r > 0 ? INT64_MAX : INT64_MIN;
            want_flags = FP_NV;
        } else {
            want = (int64_t)r;
            want_flags = r != d ? FP_NX : 0;
        }
        ck_assert_msg(got == want && s.flags == want_flags,
                      "to_i64 rm%d %016" PRIx64 ": got %" PRId64 "/%#x expected %" PRId64 "/%#x",
                      rm, a, got, s.flags, want, want_flags);
    }
}
END_TEST

/* Integer -> float against the host conversion. */
START_TEST(test_from_int_diff)
{
    for (int i = 0; i < 40000; i++) {
        int64_t v = (int64_t)(rnd() >> (rnd() % 64));
        int rm = (int)(rnd() % 4);
        FloatStatus s = st((FpRound)rm), t = st((FpRound)rm);
        volatile int64_t vv = (rnd() & 1) ? -v : v;
        volatile double hd;
        volatile float hf;
        uint8_t fd, ff;

        fesetround(host_rm[rm]);
        feclearexcept(FE_ALL_EXCEPT);
        hd = (double)vv;
        fd = host_flags();
        feclearexcept(FE_ALL_EXCEPT);
        hf = (float)vv;
        ff = host_flags();
        fesetround(FE_TONEAREST);
        ck_assert_uint_eq(fp64_from_i64(vv, &s), b_of(hd));
        ck_assert_uint_eq(s.flags, fd);
        ck_assert_uint_eq(fp32_from_i64(vv, &t), bf_of(hf));
        ck_assert_uint_eq(t.flags, ff);
    }
}
END_TEST

static Suite *fpu_suite(void)
{
    Suite *s = suite_create("fpu");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_vectors32);
    tcase_add_test(tc, test_vectors64);
    tcase_add_test(tc, test_tininess_after_rounding);
    tcase_add_test(tc, test_nan_rules);
    tcase_add_test(tc, test_classify);
    tcase_add_test(tc, test_to_int_limits);
    tcase_add_test(tc, test_to_int_diff);
    tcase_add_test(tc, test_from_int_diff);
    tcase_add_test(tc, test_diff_host64);
    tcase_add_test(tc, test_diff_host32);
    tcase_add_test(tc, test_rmm_consistency);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fpu_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
