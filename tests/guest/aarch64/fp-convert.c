/*
 * fp-convert.c: floating-point conversions and reductions against integer
 * models of the Arm ARM pseudocode (FPConvert, FPRoundBase with
 * tininess before rounding, FPCR.AHP/DN/FZ, FPToFixed/FixedToFP, FPMax/
 * FPMin/FPMaxNum/FPMinNum and Reduce), with the FPSR flags, under every
 * rounding mode:
 *   FCVT between half/single/double (scalar), FCVTN/FCVTN2/FCVTL/FCVTL2,
 *   FCVTXN (vector and scalar), FCVTZS/FCVTZU/SCVTF/UCVTF #fbits (vector and
 *   scalar SIMD forms), FMAXV/FMINV/FMAXNMV/FMINNMV, scalar FMAXP/FMINNMP/
 *   FADDP.
 * Every instruction under test is inline asm, ordered against the FPCR and
 * FPSR accesses.  Exit 0 = all good.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int failures;
static uint64_t rs = 0xfedcba9876543210ull;

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

enum { IOC = 1, DZC = 2, OFC = 4, UFC = 8, IXC = 16, IDC = 128 };
#define AHP (1u << 26)
#define DN (1u << 25)
#define FZ (1u << 24)
#define RMODE(r) ((uint32_t)(r) << 22)
enum { RN, RP, RM, RZ, RODD };

static void report(const char *what, uint32_t fpcr, uint64_t in, uint64_t got, uint64_t want,
                   unsigned gf, unsigned wf)
{
    if ((got != want || gf != wf) && failures < 20) {
        printf("FAIL %s fpcr=%08x in=%016llx: got %016llx flags %02x, want %016llx flags %02x\n",
               what, fpcr, (unsigned long long)in, (unsigned long long)got, gf,
               (unsigned long long)want, wf);
    }
    if (got != want || gf != wf) {
        failures++;
    }
}

/* ---- Formats and the rounding model ---- */

typedef struct Fmt { int fb, eb; } Fmt;
static const Fmt H = { 10, 5 }, S = { 23, 8 }, D = { 52, 11 };

static int bias(Fmt f) { return (1 << (f.eb - 1)) - 1; }
static int emaxb(Fmt f) { return (1 << f.eb) - 1; }
static uint64_t sgn(Fmt f) { return 1ull << (f.fb + f.eb); }
static uint64_t fmask(Fmt f) { return (1ull << f.fb) - 1; }
static int is_nan(uint64_t a, Fmt f) { return ((a >> f.fb) & emaxb(f)) == (uint64_t)emaxb(f) && (a & fmask(f)); }
static int is_snan(uint64_t a, Fmt f) { return is_nan(a, f) && !(a & (1ull << (f.fb - 1))); }
static int is_denorm(uint64_t a, Fmt f) { return ((a >> f.fb) & emaxb(f)) == 0 && (a & fmask(f)); }

/*
 * Round (-1)^sign * sig * 2^exp (sig != 0) into f per FPRoundBase: tininess
 * before rounding, FZ flush (not for half), AHP (half: exponent 31 normal,
 * overflow gives the largest value and IOC).
 */
static uint64_t round_model(int sign, uint64_t sig, int exp, Fmt f, int rm, uint32_t fpcr,
                            int ahp, unsigned *flags)
{
    int lead = 63 - __builtin_clzll(sig), e = exp + lead, emin = 1 - bias(f);
    int tiny = e < emin;
    uint64_t s = sign ? sgn(f) : 0;
    if (tiny && (fpcr & FZ) && f.fb != 10) {
        *flags |= UFC;
        return s;
    }
    int q = (e > emin ? e : emin) - f.fb, drop = q - exp;
    uint64_t mant, rem = 0, half = 0;
    int round_up = 0, inexact;
    if (drop <= 0) {
        mant = sig << -drop;
    } else if (drop >= 64) {
        mant = 0;
        rem = sig;
        half = drop == 64 ? 1ull << 63 : 0;
    } else {
        mant = sig >> drop;
        rem = sig & ((1ull << drop) - 1);
        half = 1ull << (drop - 1);
    }
    inexact = rem != 0;
    if (inexact) {
        int above = drop > 64 ? 0 : rem > half, tie = drop > 64 ? 0 : rem == half;
        switch (rm) {
        case RN: round_up = above || (tie && (mant & 1)); break;
        case RP: round_up = !sign; break;
        case RM: round_up = sign; break;
        case RODD: mant |= 1; break;
        default: break;
        }
    }
    mant += (uint64_t)round_up;
    if (mant >> (f.fb + 1)) {
        mant >>= 1;
        q++;
    }
    int biased = (mant >> f.fb) ? q + f.fb + bias(f) : 0;
    int maxb = emaxb(f) - 1 + (ahp ? 1 : 0);
    if (biased > maxb) {
        if (ahp) {
            *flags |= IOC;
            return s | 0x7fff;
        }
        *flags |= OFC | IXC;
        int to_inf = rm == RN || (rm == RP && !sign) || (rm == RM && sign);
        return to_inf ? s | (uint64_t)emaxb(f) << f.fb : s | ((uint64_t)maxb << f.fb) | fmask(f);
    }
    if (inexact) {
        *flags |= IXC | (tiny ? UFC : 0);
    }
    return s | (uint64_t)biased << f.fb | (mant & fmask(f));
}

/* FPConvert from one format to another (AHP applies to half on either side). */
static uint64_t cvt_model(uint64_t a, Fmt from, Fmt to, int rm, uint32_t fpcr, unsigned *flags)
{
    int ahp = (fpcr & AHP) != 0;
    int sign = (a & sgn(from)) != 0;
    int e = (int)((a >> from.fb) & emaxb(from));
    uint64_t frac = a & fmask(from), s = sign ? sgn(to) : 0;
    int from_ahp = ahp && from.fb == 10, to_ahp = ahp && to.fb == 10;

    if (from.fb != 10 && (fpcr & FZ) && is_denorm(a, from)) {
        *flags |= IDC;
        return s;
    }
    if (e == emaxb(from) && !from_ahp) {
        if (frac) {
            if (to_ahp) { *flags |= IOC; return 0; }
            if (!(frac >> (from.fb - 1))) *flags |= IOC;
            if (fpcr & DN) return (uint64_t)emaxb(to) << to.fb | 1ull << (to.fb - 1);
            uint64_t pay = from.fb > to.fb ? frac >> (from.fb - to.fb) : frac << (to.fb - from.fb);
            return s | (uint64_t)emaxb(to) << to.fb | pay | 1ull << (to.fb - 1);
        }
        if (to_ahp) { *flags |= IOC; return s | 0x7fff; }
        return s | (uint64_t)emaxb(to) << to.fb;
    }
    if (e == 0 && frac == 0) {
        return s;
    }
    uint64_t sig = e ? frac | 1ull << from.fb : frac;
    int exp = (e ? e : 1) - bias(from) - from.fb;
    return round_model(sign, sig, exp, to, rm, fpcr, to_ahp, flags);
}

static uint64_t rnd_val(Fmt f, int center)
{
    uint64_t r = rnd(), s = (r >> 63) ? sgn(f) : 0, frac = rnd() & fmask(f);
    switch (r & 15) {
    case 0: return s;
    case 1: return s | (uint64_t)emaxb(f) << f.fb;
    case 2: return (uint64_t)emaxb(f) << f.fb | frac | 1 | s;
    case 3: return s | frac;
    case 4: return s | (uint64_t)(r >> 8 & 1 ? frac : frac & ~0x1fffull);   /* halfway-ish */
    default: {
        /* Exponents around the target's range. */
        int e = center + (int)((r >> 8) % 64) - 32;
        if (e < 1) e = 1;
        if (e >= emaxb(f)) e = emaxb(f) - 1;
        if ((r >> 20 & 3) == 0) frac &= ~((1ull << (f.fb - 11)) - 1) | (r >> 30 & 1ull << (f.fb - 12));
        return s | (uint64_t)e << f.fb | frac;
    }
    }
}

static const uint32_t fpcrs[] = {
    0, RMODE(1), RMODE(2), RMODE(3), FZ, DN, AHP, AHP | RMODE(2), FZ | DN | RMODE(1), AHP | FZ,
};
#define NFPCR (sizeof(fpcrs) / sizeof(fpcrs[0]))

/* ---- Scalar FCVT ---- */

#define CVT1(insn, setin, getout, in, out)                                              \
    __asm__ volatile("fmov " setin ", %w1\n\t" insn "\n\tfmov %w0, " getout            \
                     : "=r"(out) : "r"(in) : "v0", "v1")

static void test_scalar_cvt(void)
{
    for (unsigned c = 0; c < NFPCR; c++) {
        uint32_t fpcr = fpcrs[c];
        int rm = (fpcr >> 22) & 3;
        for (int t = 0; t < 2000; t++) {
            uint64_t s = rnd_val(S, 127), d = rnd_val(D, 1023), h = rnd() & 0xffff;
            uint64_t g, w;
            unsigned gf, wf;
            uint32_t g32;
            if ((rnd() & 3) == 0) h = (h & 0x8000) | (rnd() % 3 == 0 ? 0x7c00 : 0) | (h & 0x3ff);

#define ONE(name, insn, setin, getout, in, from, to)                            \
            set_fpcr(fpcr); set_fpsr(0);                                        \
            CVT1(insn, setin, getout, in, g32);                                 \
            gf = (unsigned)get_fpsr(); set_fpcr(0);                             \
            g = g32; wf = 0; w = cvt_model(in, from, to, rm, fpcr, &wf);        \
            report(name, fpcr, in, g, w, gf, wf);
            ONE("fcvt h, s", "fcvt h0, s1", "s1", "s0", s, S, H)
            ONE("fcvt s, h", "fcvt s0, h1", "s1", "s0", h, H, S)
            {
                uint64_t g64;
                set_fpcr(fpcr); set_fpsr(0);
                __asm__ volatile("fmov d1, %1\n\tfcvt h0, d1\n\tfmov %w0, s0" : "=r"(g32) : "r"(d) : "v0", "v1");
                gf = (unsigned)get_fpsr(); set_fpcr(0);
                wf = 0; w = cvt_model(d, D, H, rm, fpcr, &wf);
                report("fcvt h, d", fpcr, d, g32, w, gf, wf);
                set_fpcr(fpcr); set_fpsr(0);
                __asm__ volatile("fmov s1, %w1\n\tfcvt d0, h1\n\tfmov %0, d0" : "=r"(g64) : "r"(h) : "v0", "v1");
                gf = (unsigned)get_fpsr(); set_fpcr(0);
                wf = 0; w = cvt_model(h, H, D, rm, fpcr, &wf);
                report("fcvt d, h", fpcr, h, g64, w, gf, wf);
                /* FCVTXN (scalar): double to single rounding to odd. */
                set_fpcr(fpcr); set_fpsr(0);
                __asm__ volatile("fmov d1, %1\n\tfcvtxn s0, d1\n\tfmov %w0, s0" : "=r"(g32) : "r"(d) : "v0", "v1");
                gf = (unsigned)get_fpsr(); set_fpcr(0);
                wf = 0; w = cvt_model(d, D, S, RODD, fpcr, &wf);
                report("fcvtxn s, d", fpcr, d, g32, w, gf, wf);
            }
        }
    }
    if (!failures) {
        printf("ok   FCVT half<->single/double, FCVTXN scalar (AHP, DN, FZ, all modes)\n");
    }
}

/* ---- Vector FCVTN/FCVTN2/FCVTL/FCVTL2/FCVTXN2 ---- */

static void test_vector_cvt(void)
{
    for (unsigned c = 0; c < NFPCR; c++) {
        uint32_t fpcr = fpcrs[c];
        int rm = (fpcr >> 22) & 3;
        for (int t = 0; t < 500; t++) {
            uint32_t sv[4];
            uint64_t dv[2], old[2] = { rnd(), rnd() }, out[2];
            uint16_t hv[8];
            unsigned gf, wf;
            for (int i = 0; i < 4; i++) sv[i] = (uint32_t)rnd_val(S, 127);
            for (int i = 0; i < 2; i++) dv[i] = rnd_val(D, 1023 + (i ? 100 : 0));
            for (int i = 0; i < 8; i++) hv[i] = (uint16_t)rnd();

            /* FCVTN2 v.8h, v.4s: the low half of the destination is kept. */
            out[0] = old[0]; out[1] = old[1];
            set_fpcr(fpcr); set_fpsr(0);
            __asm__ volatile("ldr q0, [%0]\n\tldr q1, [%1]\n\tfcvtn2 v0.8h, v1.4s\n\tstr q0, [%0]"
                             : : "r"(out), "r"(sv) : "v0", "v1", "memory");
            gf = (unsigned)get_fpsr(); set_fpcr(0);
            wf = 0;
            for (int i = 0; i < 4; i++) {
                uint64_t w = cvt_model(sv[i], S, H, rm, fpcr, &wf);
                report("fcvtn2.8h", fpcr, sv[i], ((uint16_t *)out)[4 + i], w, 0, 0);
            }
            report("fcvtn2 low half kept", fpcr, 0, out[0], old[0], gf, wf);

            /* FCVTN v.2s, v.2d: the upper half is cleared. */
            out[0] = old[0]; out[1] = old[1];
            set_fpcr(fpcr); set_fpsr(0);
            __asm__ volatile("ldr q0, [%0]\n\tldr q1, [%1]\n\tfcvtn v0.2s, v1.2d\n\tstr q0, [%0]"
                             : : "r"(out), "r"(dv) : "v0", "v1", "memory");
            gf = (unsigned)get_fpsr(); set_fpcr(0);
            wf = 0;
            for (int i = 0; i < 2; i++) {
                uint64_t w = cvt_model(dv[i], D, S, rm, fpcr, &wf);
                report("fcvtn.2s", fpcr, dv[i], ((uint32_t *)out)[i], w, 0, 0);
            }
            report("fcvtn upper cleared", fpcr, 0, out[1], 0, gf, wf);

            /* FCVTXN2 v.4s, v.2d */
            out[0] = old[0]; out[1] = old[1];
            set_fpcr(fpcr); set_fpsr(0);
            __asm__ volatile("ldr q0, [%0]\n\tldr q1, [%1]\n\tfcvtxn2 v0.4s, v1.2d\n\tstr q0, [%0]"
                             : : "r"(out), "r"(dv) : "v0", "v1", "memory");
            gf = (unsigned)get_fpsr(); set_fpcr(0);
            wf = 0;
            for (int i = 0; i < 2; i++) {
                uint64_t w = cvt_model(dv[i], D, S, RODD, fpcr, &wf);
                report("fcvtxn2.4s", fpcr, dv[i], ((uint32_t *)out)[2 + i], w, 0, 0);
            }
            report("fcvtxn2 flags", fpcr, 0, out[0], old[0], gf, wf);

            /* FCVTL2 v.4s, v.8h and FCVTL v.2d, v.2s */
            set_fpcr(fpcr); set_fpsr(0);
            __asm__ volatile("ldr q1, [%1]\n\tfcvtl2 v0.4s, v1.8h\n\tstr q0, [%0]"
                             : : "r"(out), "r"(hv) : "v0", "v1", "memory");
            gf = (unsigned)get_fpsr(); set_fpcr(0);
            wf = 0;
            for (int i = 0; i < 4; i++) {
                uint64_t w = cvt_model(hv[4 + i], H, S, rm, fpcr, &wf);
                report("fcvtl2.4s", fpcr, hv[4 + i], ((uint32_t *)out)[i], w, 0, 0);
            }
            report("fcvtl2 flags", fpcr, 0, 0, 0, gf, wf);
            set_fpcr(fpcr); set_fpsr(0);
            __asm__ volatile("ldr q1, [%1]\n\tfcvtl v0.2d, v1.2s\n\tstr q0, [%0]"
                             : : "r"(out), "r"(sv) : "v0", "v1", "memory");
            gf = (unsigned)get_fpsr(); set_fpcr(0);
            wf = 0;
            for (int i = 0; i < 2; i++) {
                uint64_t w = cvt_model(sv[i], S, D, rm, fpcr, &wf);
                report("fcvtl.2d", fpcr, sv[i], out[i], w, 0, 0);
            }
            report("fcvtl flags", fpcr, 0, 0, 0, gf, wf);
        }
    }
    if (!failures) {
        printf("ok   FCVTN/FCVTN2/FCVTXN2/FCVTL/FCVTL2\n");
    }
}

/* ---- Fixed point ---- */

/* FPToFixed, round toward zero: saturating, NaN -> 0, IOC on NaN/overflow, IXC when inexact. */
static uint64_t to_fixed_model(uint64_t a, Fmt f, int fbits, int is_unsigned, int bits,
                               uint32_t fpcr, unsigned *flags)
{
    int sign = (a & sgn(f)) != 0, e = (int)((a >> f.fb) & emaxb(f));
    uint64_t frac = a & fmask(f);
    __int128 max = is_unsigned ? ((__int128)1 << bits) - 1 : ((__int128)1 << (bits - 1)) - 1;
    __int128 min = is_unsigned ? 0 : -((__int128)1 << (bits - 1)), v;
    uint64_t m = bits == 64 ? ~0ull : (1ull << bits) - 1;

    if ((fpcr & FZ) && is_denorm(a, f)) {
        *flags |= IDC;
        return 0;
    }
    if (is_nan(a, f)) {
        *flags |= IOC;
        return 0;
    }
    if (e == emaxb(f)) {
        *flags |= IOC;
        return (uint64_t)(sign ? min : max) & m;
    }
    if (e == 0 && frac == 0) {
        return 0;
    }
    uint64_t sig = e ? frac | 1ull << f.fb : frac;
    int sh = (e ? e : 1) - bias(f) - f.fb + fbits;
    int inexact = 0;
    if (sh >= 0) {
        v = sh > 70 ? (__int128)1 << 100 : (__int128)sig << sh;
    } else if (-sh >= 64) {
        v = 0;
        inexact = 1;
    } else {
        v = sig >> -sh;
        inexact = (sig & ((1ull << -sh) - 1)) != 0;
    }
    if (sign) v = -v;
    if (v > max || v < min) {
        *flags |= IOC;
        return (uint64_t)(v > max ? max : min) & m;
    }
    if (inexact) *flags |= IXC;
    return (uint64_t)v & m;
}

static uint64_t from_fixed_model(uint64_t v, int is_unsigned, int bits, int fbits, Fmt f, int rm,
                                 uint32_t fpcr, unsigned *flags)
{
    int sign = 0;
    if (!is_unsigned && (v >> (bits - 1) & 1)) {
        sign = 1;
        v = (bits == 64 ? 0 : (1ull << bits)) - v;
        if (bits == 32) v &= 0xffffffffull;
    }
    if (v == 0) return 0;
    return round_model(sign, v, -fbits, f, rm, fpcr, 0, flags);
}

static void test_fixed(void)
{
    for (unsigned c = 0; c < NFPCR; c++) {
        uint32_t fpcr = fpcrs[c] & ~AHP;
        int rm = (fpcr >> 22) & 3;
        for (int t = 0; t < 600; t++) {
            uint32_t sv[4], g4[4];
            uint64_t dv[2], g2[2];
            unsigned gf, wf;
            for (int i = 0; i < 4; i++) sv[i] = (uint32_t)rnd_val(S, 127 + 20);
            for (int i = 0; i < 2; i++) dv[i] = rnd_val(D, 1023 + 40);

#define VFIX(name, insn, src, dst, n, model)                                          \
            set_fpcr(fpcr); set_fpsr(0);                                              \
            __asm__ volatile("ldr q1, [%1]\n\t" insn "\n\tstr q0, [%0]"             \
                             : : "r"(dst), "r"(src) : "v0", "v1", "memory");          \
            gf = (unsigned)get_fpsr(); set_fpcr(0);                                   \
            wf = 0;                                                                   \
            for (int i = 0; i < n; i++) {                                             \
                uint64_t w = model;                                                   \
                report(name, fpcr, src[i], dst[i], w, 0, 0);                          \
            }                                                                         \
            report(name " flags", fpcr, src[0], 0, 0, gf, wf);
            VFIX("fcvtzs.4s #5", "fcvtzs v0.4s, v1.4s, #5", sv, g4, 4,
                 to_fixed_model(sv[i], S, 5, 0, 32, fpcr, &wf))
            VFIX("fcvtzu.4s #31", "fcvtzu v0.4s, v1.4s, #31", sv, g4, 4,
                 to_fixed_model(sv[i], S, 31, 1, 32, fpcr, &wf))
            VFIX("fcvtzs.2d #40", "fcvtzs v0.2d, v1.2d, #40", dv, g2, 2,
                 to_fixed_model(dv[i], D, 40, 0, 64, fpcr, &wf))
            VFIX("scvtf.4s #7", "scvtf v0.4s, v1.4s, #7", sv, g4, 4,
                 from_fixed_model(sv[i], 0, 32, 7, S, rm, fpcr, &wf))
            VFIX("ucvtf.4s #32", "ucvtf v0.4s, v1.4s, #32", sv, g4, 4,
                 from_fixed_model(sv[i], 1, 32, 32, S, rm, fpcr, &wf))
            VFIX("ucvtf.2d #3", "ucvtf v0.2d, v1.2d, #3", dv, g2, 2,
                 from_fixed_model(dv[i], 1, 64, 3, D, rm, fpcr, &wf))
            VFIX("scvtf.2d #64", "scvtf v0.2d, v1.2d, #64", dv, g2, 2,
                 from_fixed_model(dv[i], 0, 64, 64, D, rm, fpcr, &wf))
            /* Scalar SIMD forms: the upper bits of the destination are cleared. */
            g2[1] = 1;
            VFIX("fcvtzu s #1", "fcvtzu s0, s1, #1", sv, g4, 1,
                 to_fixed_model(sv[i], S, 1, 1, 32, fpcr, &wf))
            report("fcvtzu s clears", fpcr, 0, g4[1] | g4[2] | g4[3], 0, 0, 0);
            VFIX("scvtf d #12", "scvtf d0, d1, #12", dv, g2, 1,
                 from_fixed_model(dv[i], 0, 64, 12, D, rm, fpcr, &wf))
            report("scvtf d clears", fpcr, 0, g2[1], 0, 0, 0);
        }
    }
    if (!failures) {
        printf("ok   fixed-point FCVTZS/FCVTZU/SCVTF/UCVTF #fbits, vector and scalar\n");
    }
}

/* ---- Reductions: FPMax/FPMin (NaNs propagate), FPMaxNum/FPMinNum ---- */

static uint64_t minmax_model(uint64_t a, uint64_t b, Fmt f, int is_max, int num, uint32_t fpcr,
                             unsigned *flags)
{
    if ((fpcr & FZ) && is_denorm(a, f)) { *flags |= IDC; a &= sgn(f); }
    if ((fpcr & FZ) && is_denorm(b, f)) { *flags |= IDC; b &= sgn(f); }
    if (num) {
        /* A quiet NaN against a number: the number. */
        if (is_nan(a, f) && !is_snan(a, f) && !is_nan(b, f)) a = b;
        else if (is_nan(b, f) && !is_snan(b, f) && !is_nan(a, f)) b = a;
    }
    if (is_nan(a, f) || is_nan(b, f)) {
        uint64_t pick = is_snan(a, f) ? a : is_snan(b, f) ? b : is_nan(a, f) ? a : b;
        if (is_snan(a, f) || is_snan(b, f)) *flags |= IOC;
        return (fpcr & DN) ? (uint64_t)emaxb(f) << f.fb | 1ull << (f.fb - 1) : pick | 1ull << (f.fb - 1);
    }
    /* Order as sign-magnitude integers, -0 below +0. */
    int64_t ka = (a & sgn(f)) ? -1 - (int64_t)(a & ~sgn(f)) : (int64_t)a;
    int64_t kb = (b & sgn(f)) ? -1 - (int64_t)(b & ~sgn(f)) : (int64_t)b;
    return (ka > kb) == is_max ? a : b;
}

static void test_reduce(void)
{
    static const char *names[4] = { "fmaxnmv", "fminnmv", "fmaxv", "fminv" };
    for (unsigned c = 0; c < NFPCR; c++) {
        uint32_t fpcr = fpcrs[c] & ~AHP;
        for (int t = 0; t < 800; t++) {
            uint32_t sv[4];
            uint64_t dv[2];
            unsigned gf, wf;
            uint32_t g;
            uint64_t g64, w;
            for (int i = 0; i < 4; i++) sv[i] = (uint32_t)rnd_val(S, 127);
            for (int i = 0; i < 2; i++) dv[i] = rnd_val(D, 1023);
            for (int k = 0; k < 4; k++) {
                set_fpcr(fpcr); set_fpsr(0);
                switch (k) {
                case 0: __asm__ volatile("ldr q1, [%1]\n\tfmaxnmv s0, v1.4s\n\tfmov %w0, s0" : "=r"(g) : "r"(sv) : "v0", "v1", "memory"); break;
                case 1: __asm__ volatile("ldr q1, [%1]\n\tfminnmv s0, v1.4s\n\tfmov %w0, s0" : "=r"(g) : "r"(sv) : "v0", "v1", "memory"); break;
                case 2: __asm__ volatile("ldr q1, [%1]\n\tfmaxv s0, v1.4s\n\tfmov %w0, s0" : "=r"(g) : "r"(sv) : "v0", "v1", "memory"); break;
                default: __asm__ volatile("ldr q1, [%1]\n\tfminv s0, v1.4s\n\tfmov %w0, s0" : "=r"(g) : "r"(sv) : "v0", "v1", "memory"); break;
                }
                gf = (unsigned)get_fpsr(); set_fpcr(0);
                wf = 0;
                int is_max = !(k & 1), num = k < 2;
                uint64_t lo = minmax_model(sv[0], sv[1], S, is_max, num, fpcr, &wf);
                uint64_t hi = minmax_model(sv[2], sv[3], S, is_max, num, fpcr, &wf);
                w = minmax_model(lo, hi, S, is_max, num, fpcr, &wf);
                report(names[k], fpcr, sv[0], g, w, gf, wf);
            }
            /* Scalar pairwise: FMAXP, FMINNMP (double), FADDP against FADD. */
            set_fpcr(fpcr); set_fpsr(0);
            __asm__ volatile("ldr d1, [%1]\n\tfmaxp s0, v1.2s\n\tfmov %w0, s0" : "=r"(g) : "r"(sv) : "v0", "v1", "memory");
            gf = (unsigned)get_fpsr(); set_fpcr(0);
            wf = 0; w = minmax_model(sv[0], sv[1], S, 1, 0, fpcr, &wf);
            report("fmaxp s", fpcr, sv[0], g, w, gf, wf);
            set_fpcr(fpcr); set_fpsr(0);
            __asm__ volatile("ldr q1, [%1]\n\tfminnmp d0, v1.2d\n\tfmov %0, d0" : "=r"(g64) : "r"(dv) : "v0", "v1", "memory");
            gf = (unsigned)get_fpsr(); set_fpcr(0);
            wf = 0; w = minmax_model(dv[0], dv[1], D, 0, 1, fpcr, &wf);
            report("fminnmp d", fpcr, dv[0], g64, w, gf, wf);
            {
                uint64_t want;
                unsigned wflags;
                set_fpcr(fpcr); set_fpsr(0);
                __asm__ volatile("ldr q1, [%1]\n\tfaddp d0, v1.2d\n\tfmov %0, d0" : "=r"(g64) : "r"(dv) : "v0", "v1", "memory");
                gf = (unsigned)get_fpsr();
                set_fpsr(0);
                __asm__ volatile("fmov d1, %1\n\tfmov d2, %2\n\tfadd d0, d1, d2\n\tfmov %0, d0"
                                 : "=r"(want) : "r"(dv[0]), "r"(dv[1]) : "v0", "v1", "v2");
                wflags = (unsigned)get_fpsr();
                set_fpcr(0);
                report("faddp d", fpcr, dv[0], g64, want, gf, wflags);
            }
        }
    }
    if (!failures) {
        printf("ok   FMAXV/FMINV/FMAXNMV/FMINNMV, scalar FMAXP/FMINNMP/FADDP\n");
    }
}

/*
 * FPRoundBase flushes on the value before rounding: a product just below
 * 2^-126 that rounds up to the smallest normal is flushed to zero under FZ
 * (UFC, no IXC); without FZ it rounds up, tiny before rounding (UFC, IXC).
 */
static void test_fz_boundary(void)
{
    static const struct { uint32_t fpcr, want; unsigned flags; } c[] = {
        { 0, 0x00800000u, UFC | IXC },
        { FZ, 0, UFC },
        { RMODE(3), 0x007fffffu, UFC | IXC },
        { FZ | RMODE(1), 0, UFC },
    };
    for (unsigned i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
        uint32_t r;
        unsigned gf;
        set_fpcr(c[i].fpcr); set_fpsr(0);
        __asm__ volatile("fmov s1, %w1\n\tfmov s2, %w2\n\tfmul s0, s1, s2\n\tfmov %w0, s0"
                         : "=r"(r) : "r"(0x3f7fffffu), "r"(0x00800000u) : "v0", "v1", "v2");
        gf = (unsigned)get_fpsr(); set_fpcr(0);
        report("fmul near 2^-126", c[i].fpcr, 0x3f7fffff, r, c[i].want, gf, c[i].flags);
    }
    if (!failures) {
        printf("ok   FZ flushes on the unrounded value\n");
    }
}

int main(void)
{
    test_fz_boundary();
    test_scalar_cvt();
    test_vector_cvt();
    test_fixed();
    test_reduce();
    if (failures) {
        printf("%d failure(s)\n", failures);
        return 1;
    }
    return 0;
}
