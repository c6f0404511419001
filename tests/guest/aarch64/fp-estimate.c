/*
 * fp-estimate.c: FRECPE, FRSQRTE, FRECPX, URECPE, URSQRTE (vector and
 * scalar, single and double) against integer models of the Arm ARM
 * pseudocode (FPRecipEstimate/RecipEstimate, FPRSqrtEstimate/
 * RecipSqrtEstimate, FPRecpX, UnsignedRecipEstimate), with the FPSR flags,
 * under every rounding mode and with FPCR.FZ and FPCR.DN; FRECPS, FRSQRTS
 * and FMULX against binary128 references (exact for these inputs) and their
 * special cases; a few values measured on real Cortex-A cores.
 * Exit 0 = all good.
 */
#include <arm_neon.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define NOVEC __attribute__((optimize("no-tree-vectorize"), noinline))

static int failures;
static uint64_t rs = 0x0123456789abcdefull;

static uint64_t rnd(void)
{
    rs ^= rs << 13;
    rs ^= rs >> 7;
    rs ^= rs << 17;
    return rs;
}

static uint64_t get_fpsr(void) { uint64_t v; __asm__ volatile("mrs %0, fpsr" : "=r"(v) : : "memory"); return v; }
static void set_fpsr(uint64_t v) { __asm__ volatile("msr fpsr, %0" : : "r"(v) : "memory"); }
static void set_fpcr(uint64_t v) { __asm__ volatile("msr fpcr, %0" : : "r"(v) : "memory"); }
/*
 * The intrinsics are pure: without this the compiler may compute them before
 * the FPCR write or after the FPSR read.  Volatile asm statements keep their order.
 */
#define PIN(x) __asm__ volatile("" : "+w"(x))

enum { IOC = 1, DZC = 2, OFC = 4, UFC = 8, IXC = 16, IDC = 128 };
#define FZ (1u << 24)
#define DN (1u << 25)
#define RMODE(r) ((uint32_t)(r) << 22)       /* 0 RN, 1 RP, 2 RM, 3 RZ */

static uint32_t f2u(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static float u2f(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
static uint64_t d2u(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static double u2d(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }

/* ---- The model: generic over single (fb 23) and double (fb 52) ---- */

typedef struct Fmt { int fb, emax; } Fmt;
static const Fmt F32 = { 23, 255 }, F64 = { 52, 2047 };

static uint64_t sbit(Fmt f) { return 1ull << (f.fb + (f.fb == 23 ? 8 : 11)); }
static uint64_t infbits(Fmt f) { return (uint64_t)f.emax << f.fb; }
static uint64_t dnan(Fmt f) { return infbits(f) | 1ull << (f.fb - 1); }
static int isnan_b(uint64_t a, Fmt f) { return ((a >> f.fb) & f.emax) == (uint64_t)f.emax && (a & ((1ull << f.fb) - 1)); }
static int issnan_b(uint64_t a, Fmt f) { return isnan_b(a, f) && !(a & (1ull << (f.fb - 1))); }

/* FPUnpack with FZ: denormals become zero with IDC. */
static uint64_t unpack_fz(uint64_t a, Fmt f, uint32_t fpcr, unsigned *flags)
{
    if ((fpcr & FZ) && ((a >> f.fb) & f.emax) == 0 && (a & ((1ull << f.fb) - 1))) {
        *flags |= IDC;
        return a & sbit(f);
    }
    return a;
}

static uint64_t proc_nan(uint64_t a, Fmt f, uint32_t fpcr, unsigned *flags)
{
    if (issnan_b(a, f)) {
        *flags |= IOC;
    }
    return (fpcr & DN) ? dnan(f) : a | 1ull << (f.fb - 1);
}

static unsigned m_recip(unsigned a)
{
    a = a * 2 + 1;
    unsigned b = (1u << 19) / a;
    return (b + 1) / 2;
}

static unsigned m_rsqrt(unsigned a)
{
    if (a < 256) {
        a = a * 2 + 1;
    } else {
        a = ((a >> 1) << 1);
        a = (a + 1) * 2;
    }
    unsigned b = 512;
    while ((uint64_t)a * (b + 1) * (b + 1) < (1u << 28)) {
        b++;
    }
    return (b + 1) / 2;
}

NOVEC static uint64_t m_recpe(uint64_t op, Fmt f, uint32_t fpcr, unsigned *flags)
{
    op = unpack_fz(op, f, fpcr, flags);
    uint64_t sign = op & sbit(f), frac = op & ((1ull << f.fb) - 1);
    int exp = (int)((op >> f.fb) & f.emax);
    int rm = (fpcr >> 22) & 3;
    if (isnan_b(op, f)) return proc_nan(op, f, fpcr, flags);
    if (exp == f.emax) return sign;
    if (exp == 0 && frac == 0) { *flags |= DZC; return sign | infbits(f); }
    /* value < 2^-128 (2^-1024) */
    if (exp == 0 && frac < (1ull << (f.fb - 2))) {
        int to_inf = rm == 0 || (rm == 1 && !sign) || (rm == 2 && sign);
        *flags |= OFC | IXC;
        return sign | (to_inf ? infbits(f) : infbits(f) - 1);
    }
    if ((fpcr & FZ) && exp >= (f.fb == 23 ? 253 : 2045)) {
        *flags |= UFC;
        return sign;
    }
    uint64_t fr = f.fb == 23 ? frac << 29 : frac;
    if (exp == 0) {
        if (!((fr >> 51) & 1)) { exp = -1; fr = (fr << 2) & ((1ull << 52) - 1); }
        else fr = (fr << 1) & ((1ull << 52) - 1);
    }
    unsigned scaled = 256 + (unsigned)(fr >> 44);
    int rexp = (f.fb == 23 ? 253 : 2045) - exp;
    unsigned est = m_recip(scaled);
    fr = (uint64_t)(est & 255) << 44;
    if (rexp == 0) fr = (1ull << 51) | fr >> 1;
    else if (rexp == -1) { fr = (1ull << 50) | fr >> 2; rexp = 0; }
    return sign | (uint64_t)rexp << f.fb | (f.fb == 23 ? fr >> 29 : fr);
}

NOVEC static uint64_t m_rsqrte(uint64_t op, Fmt f, uint32_t fpcr, unsigned *flags)
{
    op = unpack_fz(op, f, fpcr, flags);
    uint64_t sign = op & sbit(f), frac = op & ((1ull << f.fb) - 1);
    int exp = (int)((op >> f.fb) & f.emax);
    if (isnan_b(op, f)) return proc_nan(op, f, fpcr, flags);
    if (exp == 0 && frac == 0) { *flags |= DZC; return sign | infbits(f); }
    if (sign) { *flags |= IOC; return dnan(f); }
    if (exp == f.emax) return 0;
    uint64_t fr = f.fb == 23 ? frac << 29 : frac;
    if (exp == 0) {
        while (!((fr >> 51) & 1)) { fr = (fr << 1) & ((1ull << 52) - 1); exp--; }
        fr = (fr << 1) & ((1ull << 52) - 1);
    }
    unsigned scaled = (exp & 1) == 0 ? 256 + (unsigned)(fr >> 44) : 128 + (unsigned)(fr >> 45);
    int rexp = ((f.fb == 23 ? 380 : 3068) - exp) / 2;
    unsigned est = m_rsqrt(scaled);
    return (uint64_t)rexp << f.fb | (uint64_t)(est & 255) << (f.fb - 8);
}

NOVEC static uint64_t m_recpx(uint64_t op, Fmt f, uint32_t fpcr, unsigned *flags)
{
    op = unpack_fz(op, f, fpcr, flags);
    uint64_t exp = (op >> f.fb) & f.emax;
    if (isnan_b(op, f)) return proc_nan(op, f, fpcr, flags);
    return (op & sbit(f)) | (exp == 0 ? (uint64_t)f.emax - 1 : (~exp & f.emax)) << f.fb;
}

static uint32_t m_urecpe(uint32_t a) { return (a >> 31) ? m_recip(a >> 23) << 23 : 0xffffffffu; }
static uint32_t m_ursqrte(uint32_t a) { return (a >> 30) ? m_rsqrt(a >> 23) << 23 : 0xffffffffu; }

/* Random operands: all classes, with weight on denormals, tiny and huge. */
static uint64_t rnd_fp(Fmt f)
{
    uint64_t r = rnd(), sign = (r >> 63) ? sbit(f) : 0, frac = rnd() & ((1ull << f.fb) - 1);
    switch (r & 15) {
    case 0: return sign;
    case 1: return sign | infbits(f);
    case 2: return infbits(f) | frac | 1;                         /* NaN, maybe signaling */
    case 3: return sign | frac;                                   /* denormal */
    case 4: return sign | (frac >> (r >> 8 & 31));                /* tiny denormal */
    case 5: return sign | (uint64_t)(f.emax - 1 - (r >> 8 & 3)) << f.fb | frac;   /* huge */
    case 6: return sign | (uint64_t)(1 + (r >> 8 & 3)) << f.fb | frac;            /* small normal */
    default: return sign | ((r >> 8) % (uint64_t)(f.emax - 1) + 1) << f.fb | frac;
    }
}

static void report(const char *what, uint32_t fpcr, uint64_t in, uint64_t got, uint64_t want,
                   unsigned gf, unsigned wf)
{
    if (got != want || gf != wf) {
        printf("FAIL %s fpcr=%08x in=%016llx: got %016llx flags %02x, want %016llx flags %02x\n",
               what, fpcr, (unsigned long long)in, (unsigned long long)got, gf,
               (unsigned long long)want, wf);
        failures++;
    }
}

static const uint32_t fpcrs[] = {
    0, RMODE(1), RMODE(2), RMODE(3), FZ, DN, FZ | DN | RMODE(3), FZ | RMODE(2),
};

static void test_estimates(void)
{
    for (unsigned c = 0; c < sizeof(fpcrs) / sizeof(fpcrs[0]); c++) {
        uint32_t fpcr = fpcrs[c];
        for (int t = 0; t < 1500 && failures < 10; t++) {
            uint32_t s[4];
            uint64_t d[2];
            unsigned gf, wf;
            for (int i = 0; i < 4; i++) s[i] = (uint32_t)rnd_fp(F32);
            for (int i = 0; i < 2; i++) d[i] = rnd_fp(F64);
            uint32_t rs4[4];
            uint64_t rd2[2];

#define VEC4(name, intr, model)                                                   \
            {                                                                     \
                float32x4_t in_ = vreinterpretq_f32_u32(vld1q_u32(s)), out_;      \
                set_fpcr(fpcr); set_fpsr(0); PIN(in_);                            \
                out_ = intr(in_); PIN(out_);                                      \
                gf = (unsigned)get_fpsr(); set_fpcr(0);                           \
                vst1q_u32(rs4, vreinterpretq_u32_f32(out_));                      \
            }                                                                     \
            wf = 0;                                                               \
            for (int i = 0; i < 4; i++) {                                         \
                uint64_t w = model(s[i], F32, fpcr, &wf);                         \
                report(name, fpcr, s[i], rs4[i], w, 0, 0);                        \
            }                                                                     \
            report(name " flags", fpcr, s[0], 0, 0, gf, wf);
#define VEC2(name, intr, model)                                                   \
            {                                                                     \
                float64x2_t in_ = vreinterpretq_f64_u64(vld1q_u64(d)), out_;      \
                set_fpcr(fpcr); set_fpsr(0); PIN(in_);                            \
                out_ = intr(in_); PIN(out_);                                      \
                gf = (unsigned)get_fpsr(); set_fpcr(0);                           \
                vst1q_u64(rd2, vreinterpretq_u64_f64(out_));                      \
            }                                                                     \
            wf = 0;                                                               \
            for (int i = 0; i < 2; i++) {                                         \
                uint64_t w = model(d[i], F64, fpcr, &wf);                         \
                report(name, fpcr, d[i], rd2[i], w, 0, 0);                        \
            }                                                                     \
            report(name " flags", fpcr, d[0], 0, 0, gf, wf);
            VEC4("frecpe.4s", vrecpeq_f32, m_recpe)
            VEC2("frecpe.2d", vrecpeq_f64, m_recpe)
            VEC4("frsqrte.4s", vrsqrteq_f32, m_rsqrte)
            VEC2("frsqrte.2d", vrsqrteq_f64, m_rsqrte)

            /* Scalar forms, including FRECPX (scalar only). */
            {
                uint32_t g32;
                uint64_t g64, w;
                {
                    float x_ = u2f(s[1]), y_;
                    set_fpcr(fpcr); set_fpsr(0); PIN(x_);
                    y_ = vrecpxs_f32(x_); PIN(y_);
                    gf = (unsigned)get_fpsr(); set_fpcr(0);
                    g32 = f2u(y_);
                }
                wf = 0; w = m_recpx(s[1], F32, fpcr, &wf);
                report("frecpx s", fpcr, s[1], g32, w, gf, wf);
                {
                    double x_ = u2d(d[1]), y_;
                    set_fpcr(fpcr); set_fpsr(0); PIN(x_);
                    y_ = vrecpxd_f64(x_); PIN(y_);
                    gf = (unsigned)get_fpsr(); set_fpcr(0);
                    g64 = d2u(y_);
                }
                wf = 0; w = m_recpx(d[1], F64, fpcr, &wf);
                report("frecpx d", fpcr, d[1], g64, w, gf, wf);
                {
                    float x_ = u2f(s[2]), y_;
                    set_fpcr(fpcr); set_fpsr(0); PIN(x_);
                    y_ = vrecpes_f32(x_); PIN(y_);
                    gf = (unsigned)get_fpsr(); set_fpcr(0);
                    g32 = f2u(y_);
                }
                wf = 0; w = m_recpe(s[2], F32, fpcr, &wf);
                report("frecpe s", fpcr, s[2], g32, w, gf, wf);
                {
                    double x_ = u2d(d[0]), y_;
                    set_fpcr(fpcr); set_fpsr(0); PIN(x_);
                    y_ = vrsqrted_f64(x_); PIN(y_);
                    gf = (unsigned)get_fpsr(); set_fpcr(0);
                    g64 = d2u(y_);
                }
                wf = 0; w = m_rsqrte(d[0], F64, fpcr, &wf);
                report("frsqrte d", fpcr, d[0], g64, w, gf, wf);
            }
            /* URECPE/URSQRTE on the raw words. */
            vst1q_u32(rs4, vrecpeq_u32(vld1q_u32(s)));
            for (int i = 0; i < 4; i++) report("urecpe.4s", 0, s[i], rs4[i], m_urecpe(s[i]), 0, 0);
            vst1_u32(rs4, vrsqrte_u32(vld1_u32(s)));
            for (int i = 0; i < 2; i++) report("ursqrte.2s", 0, s[i], rs4[i], m_ursqrte(s[i]), 0, 0);
        }
    }
    /*
     * Fixed points of the tables, independent of the model above: the
     * estimate of 1.0 is 511/512 for both, so FRECPE(2) and FRSQRTE(4) are
     * 511/1024 (0.998046875 and 0.4990234375 are the values software
     * written for real cores expects, e.g. Newton-Raphson seeds).
     */
    {
        static const struct { float in; uint32_t want; int rsq; } fixed[] = {
            { 1.0f, 0x3f7f8000, 0 }, { 1.0f, 0x3f7f8000, 1 },
            { 2.0f, 0x3eff8000, 0 }, { 4.0f, 0x3eff8000, 1 },
            { -0.5f, 0xbfff8000, 0 },
        };
        for (unsigned i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
            volatile float x = fixed[i].in;
            uint32_t got = f2u(fixed[i].rsq ? vrsqrtes_f32(x) : vrecpes_f32(x));
            report(fixed[i].rsq ? "frsqrte fixed" : "frecpe fixed", 0, f2u(x), got, fixed[i].want, 0, 0);
        }
    }
    if (!failures) {
        printf("ok   FRECPE/FRSQRTE/FRECPX/URECPE/URSQRTE under all FPCR modes\n");
    }
}

/* ---- The fused steps ---- */

/* kind 0: FRECPS 2 - a*b, 1: FRSQRTS (3 - a*b) / 2, 2: FMULX a*b. */
NOVEC static uint32_t m_step32(uint32_t a, uint32_t b, int kind, uint32_t fpcr, unsigned *flags)
{
    a = (uint32_t)unpack_fz(a, F32, fpcr, flags);
    b = (uint32_t)unpack_fz(b, F32, fpcr, flags);
    if (kind != 2) a ^= 0x80000000u;
    if (isnan_b(a, F32) || isnan_b(b, F32)) {
        uint32_t pick = issnan_b(a, F32) ? a : issnan_b(b, F32) ? b : isnan_b(a, F32) ? a : b;
        if (issnan_b(a, F32) || issnan_b(b, F32)) *flags |= IOC;
        return (fpcr & DN) ? 0x7fc00000u : pick | 0x00400000u;
    }
    int ia = (a & 0x7fffffff) == 0x7f800000, ib = (b & 0x7fffffff) == 0x7f800000;
    int za = (a & 0x7fffffff) == 0, zb = (b & 0x7fffffff) == 0;
    if ((ia && zb) || (za && ib)) {
        return kind == 1 ? 0x3fc00000u : 0x40000000u | (kind == 2 ? (a ^ b) & 0x80000000u : 0);
    }
    if (ia || ib) return ((a ^ b) & 0x80000000u) | 0x7f800000u;
    /* Exact in binary128 (a 48-bit product plus a small constant), rounded once. */
    /*
     * libgcc's binary128 arithmetic (integer code) rounds per FPCR: directed
     * rounding twice in the same direction, or an exact sum, gives the
     * correctly rounded binary32 result.
     */
    set_fpcr(fpcr & ~(FZ | DN));
    volatile long double p = (long double)u2f(a) * (long double)u2f(b);
    volatile long double v = kind == 0 ? 2.0L + p : kind == 1 ? (3.0L + p) / 2.0L : p;
    uint32_t r = f2u((float)v);
    set_fpcr(0);
    if (kind == 2 && v == 0) return (a ^ b) & 0x80000000u;
    if (v == 0) return (fpcr >> 22 & 3) == 2 ? 0x80000000u : 0;
    return r;
}

static void test_steps(void)
{
    static const uint32_t fp[] = { 0, RMODE(1), RMODE(2), RMODE(3), DN };
    for (unsigned c = 0; c < sizeof(fp) / sizeof(fp[0]); c++) {
        uint32_t fpcr = fp[c];
        for (int t = 0; t < 1500 && failures < 10; t++) {
            uint32_t a[4], b[4], g[4];
            for (int i = 0; i < 4; i++) {
                uint64_t r = rnd();
                /* Moderate exponents (the binary128 reference is exact there) and specials. */
                a[i] = (r & 7) == 0 ? (uint32_t)rnd_fp(F32)
                                    : (uint32_t)(r & 0x807fffff) | (uint32_t)(100 + (r >> 32) % 56) << 23;
                b[i] = (r & 0x70) == 0 ? (uint32_t)rnd_fp(F32)
                                       : (uint32_t)(r >> 8 & 0x807fffff) | (uint32_t)(100 + (r >> 40) % 56) << 23;
                if (((r >> 20) & 7) == 0) {
                    /* a*b close to 2 or 3: cancellation */
                    a[i] = f2u(1.5f + (float)(r >> 44 & 255) / 65536.0f);
                    b[i] = f2u(((r >> 23) & 1 ? 3.0f : 2.0f) / u2f(a[i]));
                }
            }
            for (int kind = 0; kind < 3; kind++) {
                float32x4_t va = vreinterpretq_f32_u32(vld1q_u32(a)), vb = vreinterpretq_f32_u32(vld1q_u32(b));
                set_fpcr(fpcr); set_fpsr(0); PIN(va); PIN(vb);
                float32x4_t r = kind == 0 ? vrecpsq_f32(va, vb) : kind == 1 ? vrsqrtsq_f32(va, vb) : vmulxq_f32(va, vb);
                PIN(r);
                vst1q_u32(g, vreinterpretq_u32_f32(r));
                set_fpcr(0);
                for (int i = 0; i < 4; i++) {
                    unsigned wf = 0;
                    static const char *nm[3] = { "frecps.4s", "frsqrts.4s", "fmulx.4s" };
                    report(nm[kind], fpcr, (uint64_t)a[i] << 32 | b[i], g[i], m_step32(a[i], b[i], kind, fpcr, &wf), 0, 0);
                }
            }
        }
    }
    /* Double and scalar forms: exact cases and the special values. */
    {
        volatile double x = 1.5, y = 0.5, inf = __builtin_inf(), z = 0.0;
        struct { const char *n; double got, want; } d[] = {
            { "frecps d", vrecpsd_f64(x, y), 1.25 },
            { "frsqrts d", vrsqrtsd_f64(x, y), 1.125 },
            { "fmulx d", vmulxd_f64(x, y), 0.75 },
            { "frecps d inf*0", vrecpsd_f64(inf, z), 2.0 },
            { "frsqrts d 0*inf", vrsqrtsd_f64(z, inf), 1.5 },
            { "fmulx d -inf*0", vmulxd_f64(-inf, z), -2.0 },
            { "fmulx s by element", vmulxs_laneq_f32((float)x, vdupq_n_f32((float)y), 2), 0.75 },
            { "frecps s", vrecpss_f32((float)x, 4.0f), -4.0 },
        };
        for (unsigned i = 0; i < sizeof(d) / sizeof(d[0]); i++) {
            if (d[i].got != d[i].want) {
                printf("FAIL %s: got %a want %a\n", d[i].n, d[i].got, d[i].want);
                failures++;
            }
        }
        /* A NaN in the first operand of FRECPS comes out negated (FPRecipStepFused negates it). */
        volatile uint32_t qn = 0x7fc12345;
        uint32_t r = f2u(vrecpss_f32(u2f(qn), 1.0f));
        if (r != 0xffc12345) {
            printf("FAIL frecps NaN sign: %08x\n", r);
            failures++;
        }
        float64x2_t v = vmulxq_laneq_f64(vdupq_n_f64(x), vdupq_n_f64(-inf), 1);
        if (vgetq_lane_f64(v, 1) != -inf) {
            printf("FAIL fmulx.2d by element\n");
            failures++;
        }
    }
    if (!failures) {
        printf("ok   FRECPS/FRSQRTS/FMULX\n");
    }
}

int main(void)
{
    test_estimates();
    test_steps();
    if (failures) {
        printf("%d failure(s)\n", failures);
        return 1;
    }
    return 0;
}
