/*
 * fp16.c: Armv8.2 FEAT_FP16 scalar half precision against exact integer
 * models of IEEE 754 binary16 and the Arm ARM pseudocode (FPUnpackBase,
 * FPRoundBase with tininess before rounding, FPCR.FZ16 flushing without
 * IDC, FPCR.DN, FPProcessNaNs/FPProcessNaNs3, FPMax/FPMaxNum, FPToFixed,
 * FixedToFP), with the FPSR flags, under every rounding mode:
 *   FADD FSUB FMUL FDIV FNMUL FMAX FMIN FMAXNM FMINNM FABS FNEG FSQRT
 *   FRINTN/P/M/Z/A/X/I, FMADD FMSUB FNMADD FNMSUB, FCMP FCMPE FCCMP FCSEL,
 *   FMOV (register, immediate, general), FCVT{N,P,M,Z,A}{S,U}, SCVTF/UCVTF
 *   (W and X, fixed point too);
 * and the Advanced SIMD forms, 8H/4H and scalar, lane by lane against the
 * same models: three same (FP16) incl. pairwise, FMULX/FRECPS/FRSQRTS, two-
 * register misc (FP16) incl. FRECPE/FRSQRTE/FRECPX, by element, across
 * lanes, scalar pairwise, FMOV (vector, immediate), fixed-point conversions.
 * When the CPU does not advertise HWCAP_FPHP the test checks that a half
 * instruction raises SIGILL and exits 0.  It always checks the NaN sign
 * rules of FNMUL/FNMADD/FMSUB/FABD in single precision (FPNeg/FPAbs act on
 * NaNs too).  Exit 0 = all good.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

__asm__(".arch_extension fp16");

#define HWCAP_FPHP_BIT (1ul << 9)

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
static uint64_t get_nzcv(void) { uint64_t v; __asm__ volatile("mrs %0, nzcv" : "=r"(v) : : "memory"); return v >> 28; }

enum { IOC = 1, DZC = 2, OFC = 4, UFC = 8, IXC = 16, IDC = 128 };
#define FZ16 (1u << 19)
#define DN (1u << 25)
#define FZ (1u << 24)
#define RMODE(r) ((uint32_t)(r) << 22)
enum { RN, RP, RM, RZ, RA };    /* FPCR.RMode order; RA = ties away (FRINTA, FCVTA*) */
#define DNAN 0x7e00u

static void check(const char *what, uint32_t fpcr, uint64_t a, uint64_t b, uint64_t c,
                  uint64_t got, uint64_t want, unsigned gf, unsigned wf)
{
    if (got != want || gf != wf) {
        if (failures < 30) {
            printf("FAIL %s fpcr=%08x in=%04llx,%04llx,%04llx: got %llx flags %02x, want %llx flags %02x\n",
                   what, fpcr, (unsigned long long)a, (unsigned long long)b, (unsigned long long)c,
                   (unsigned long long)got, gf, (unsigned long long)want, wf);
        }
        failures++;
    }
}

/* ---- The binary16 model ---- */

enum { K_ZERO, K_FIN, K_INF, K_NAN };
typedef struct V { int kind, sign; uint64_t sig; int exp; } V;   /* sig * 2^exp */

static int h_isnan(uint16_t h) { return (h & 0x7c00) == 0x7c00 && (h & 0x3ff); }
static int h_issnan(uint16_t h) { return h_isnan(h) && !(h & 0x200); }

/* FPUnpackBase, N = 16: FZ16 flushes a denormal to zero and raises nothing. */
static V unpack(uint16_t h, uint32_t fpcr)
{
    V v = { K_FIN, h >> 15, 0, 0 };
    int e = (h >> 10) & 31, f = h & 0x3ff;

    if (e == 31) {
        v.kind = f ? K_NAN : K_INF;
    } else if (e == 0) {
        if (f == 0 || (fpcr & FZ16)) {
            v.kind = K_ZERO;
        } else {
            v.sig = (uint64_t)f;
            v.exp = -24;
        }
    } else {
        v.sig = (uint64_t)(f | 0x400);
        v.exp = e - 25;
    }
    return v;
}

static uint16_t zero16(int sign) { return sign ? 0x8000 : 0; }

/* FPRoundBase into binary16: (-1)^sign * sig * 2^exp, sig != 0. */
static uint16_t round16(int sign, unsigned __int128 sig, int exp, int rm, uint32_t fpcr,
                        unsigned *flags)
{
    int lead = 127 - (sig >> 64 ? __builtin_clzll((uint64_t)(sig >> 64)) : 64 + __builtin_clzll((uint64_t)sig));
    int e = exp + lead, tiny = e < -14;
    int q = (e > -14 ? e : -14) - 10, drop = q - exp, up = 0;
    unsigned __int128 mant, rem = 0, half = 0;

    if (tiny && (fpcr & FZ16)) {
        *flags |= UFC;
        return zero16(sign);
    }
    if (drop <= 0) {
        mant = sig << -drop;
    } else if (drop >= 127) {
        mant = 0;
        rem = sig;
        half = (unsigned __int128)1 << 126;     /* sig is far below: never a tie */
        if (rem >= half) {
            rem = half - 1;
        }
    } else {
        mant = sig >> drop;
        rem = sig & (((unsigned __int128)1 << drop) - 1);
        half = (unsigned __int128)1 << (drop - 1);
    }
    if (rem) {
        switch (rm) {
        case RN: up = rem > half || (rem == half && (mant & 1)); break;
        case RA: up = rem >= half; break;
        case RP: up = !sign; break;
        case RM: up = sign; break;
        default: break;
        }
    }
    mant += (unsigned)up;
    if (mant >> 11) {
        mant >>= 1;
        q++;
    }
    int biased = (mant >> 10) ? q + 25 : 0;
    if (biased > 30) {
        *flags |= OFC | IXC;
        int to_inf = rm == RN || rm == RA || (rm == RP && !sign) || (rm == RM && sign);
        return (uint16_t)(zero16(sign) | (to_inf ? 0x7c00 : 0x7bff));
    }
    if (rem) {
        *flags |= IXC | (tiny ? UFC : 0);
    }
    return (uint16_t)(zero16(sign) | biased << 10 | (unsigned)(mant & 0x3ff));
}

static uint16_t fin(const V *v, uint32_t fpcr)
{
    /* Re-encode an unpacked finite input (exact). */
    unsigned f = 0;
    return round16(v->sign, v->sig, v->exp, RN, fpcr & ~FZ16, &f);
}

static uint16_t proc_nan(uint16_t a, uint32_t fpcr, unsigned *flags)
{
    if (h_issnan(a)) {
        *flags |= IOC;
    }
    return (fpcr & DN) ? DNAN : (a | 0x200);
}

/* FPProcessNaNs over n operands in order: first signaling, else first quiet. */
static uint16_t proc_nans(const uint16_t *ops, int n, uint32_t fpcr, unsigned *flags)
{
    for (int i = 0; i < n; i++) {
        if (h_issnan(ops[i])) {
            return proc_nan(ops[i], fpcr, flags);
        }
    }
    for (int i = 0; i < n; i++) {
        if (h_isnan(ops[i])) {
            return proc_nan(ops[i], fpcr, flags);
        }
    }
    return 0;
}

static int rmode(uint32_t fpcr) { return (fpcr >> 22) & 3; }

static uint16_t m_add(uint16_t a, uint16_t b, int negb, uint32_t fpcr, unsigned *fl)
{
    uint16_t ops[2] = { a, b };
    V x = unpack(a, fpcr), y = unpack(b, fpcr);
    int rm = rmode(fpcr);

    if (x.kind == K_NAN || y.kind == K_NAN) {
        return proc_nans(ops, 2, fpcr, fl);
    }
    y.sign ^= negb;
    if (x.kind == K_INF && y.kind == K_INF && x.sign != y.sign) {
        *fl |= IOC;
        return DNAN;
    }
    if (x.kind == K_INF || y.kind == K_INF) {
        return (uint16_t)(zero16(x.kind == K_INF ? x.sign : y.sign) | 0x7c00);
    }
    if (x.kind == K_ZERO && y.kind == K_ZERO) {
        return zero16(x.sign == y.sign ? x.sign : rm == RM);
    }
    if (x.kind == K_ZERO) {
        return (uint16_t)(zero16(y.sign) | (fin(&y, fpcr) & 0x7fff));
    }
    if (y.kind == K_ZERO) {
        return (uint16_t)(zero16(x.sign) | (fin(&x, fpcr) & 0x7fff));
    }
    int e = x.exp < y.exp ? x.exp : y.exp;
    __int128 s = (__int128)(x.sig << (x.exp - e)) * (x.sign ? -1 : 1) +
                 (__int128)(y.sig << (y.exp - e)) * (y.sign ? -1 : 1);
    if (s == 0) {
        return zero16(rm == RM);
    }
    return round16(s < 0, (unsigned __int128)(s < 0 ? -s : s), e, rm, fpcr, fl);
}

static uint16_t m_mul(uint16_t a, uint16_t b, uint32_t fpcr, unsigned *fl)
{
    uint16_t ops[2] = { a, b };
    V x = unpack(a, fpcr), y = unpack(b, fpcr);
    int sign = x.sign ^ y.sign;

    if (x.kind == K_NAN || y.kind == K_NAN) {
        return proc_nans(ops, 2, fpcr, fl);
    }
    if ((x.kind == K_INF && y.kind == K_ZERO) || (x.kind == K_ZERO && y.kind == K_INF)) {
        *fl |= IOC;
        return DNAN;
    }
    if (x.kind == K_INF || y.kind == K_INF) {
        return (uint16_t)(zero16(sign) | 0x7c00);
    }
    if (x.kind == K_ZERO || y.kind == K_ZERO) {
        return zero16(sign);
    }
    return round16(sign, x.sig * y.sig, x.exp + y.exp, rmode(fpcr), fpcr, fl);
}

static uint16_t m_div(uint16_t a, uint16_t b, uint32_t fpcr, unsigned *fl)
{
    uint16_t ops[2] = { a, b };
    V x = unpack(a, fpcr), y = unpack(b, fpcr);
    int sign = x.sign ^ y.sign;

    if (x.kind == K_NAN || y.kind == K_NAN) {
        return proc_nans(ops, 2, fpcr, fl);
    }
    if ((x.kind == K_INF && y.kind == K_INF) || (x.kind == K_ZERO && y.kind == K_ZERO)) {
        *fl |= IOC;
        return DNAN;
    }
    if (x.kind == K_INF || y.kind == K_ZERO) {
        if (x.kind != K_INF) {
            *fl |= DZC;
        }
        return (uint16_t)(zero16(sign) | 0x7c00);
    }
    if (x.kind == K_ZERO || y.kind == K_INF) {
        return zero16(sign);
    }
    uint64_t n = x.sig << 50, q = n / y.sig, r = n % y.sig;
    return round16(sign, (q << 1) | (r != 0), x.exp - y.exp - 51, rmode(fpcr), fpcr, fl);
}

static uint64_t isqrt(uint64_t m)
{
    uint64_t r = 0;
    for (int b = 31; b >= 0; b--) {
        uint64_t t = r | (1ull << b);
        if (t * t <= m) {
            r = t;
        }
    }
    return r;
}

static uint16_t m_sqrt(uint16_t a, uint32_t fpcr, unsigned *fl)
{
    V x = unpack(a, fpcr);

    if (x.kind == K_NAN) {
        return proc_nan(a, fpcr, fl);
    }
    if (x.kind == K_ZERO) {
        return zero16(x.sign);
    }
    if (x.sign) {
        *fl |= IOC;
        return DNAN;
    }
    if (x.kind == K_INF) {
        return 0x7c00;
    }
    uint64_t m = x.sig;
    int e = x.exp;
    if (e & 1) {
        m <<= 1;
        e--;
    }
    int sh = 60 - (63 - __builtin_clzll(m));
    sh &= ~1;
    m <<= sh;
    e -= sh;
    uint64_t r = isqrt(m);
    return round16(0, (r << 1) | (r * r != m), e / 2 - 1, rmode(fpcr), fpcr, fl);
}

/* FMADD family: negp negates Rn (FMSUB, FNMADD), nega negates Ra (FNMADD, FNMSUB). */
static uint16_t m_fma(uint16_t n, uint16_t m, uint16_t a, int negp, int nega, uint32_t fpcr,
                      unsigned *fl)
{
    uint16_t n2 = (uint16_t)(n ^ (negp ? 0x8000 : 0)), a2 = (uint16_t)(a ^ (nega ? 0x8000 : 0));
    uint16_t ops[3] = { a2, n2, m };
    V x = unpack(n2, fpcr), y = unpack(m, fpcr), c = unpack(a2, fpcr);
    int inf_zero = (x.kind == K_INF && y.kind == K_ZERO) || (x.kind == K_ZERO && y.kind == K_INF);
    int rm = rmode(fpcr), ps = x.sign ^ y.sign;

    if (x.kind == K_NAN || y.kind == K_NAN || c.kind == K_NAN) {
        if (!h_issnan(a2) && !h_issnan(n2) && !h_issnan(m) && h_isnan(a2) && inf_zero) {
            *fl |= IOC;
            return DNAN;
        }
        return proc_nans(ops, 3, fpcr, fl);
    }
    if (inf_zero) {
        *fl |= IOC;
        return DNAN;
    }
    int pinf = x.kind == K_INF || y.kind == K_INF;
    if (pinf && c.kind == K_INF && ps != c.sign) {
        *fl |= IOC;
        return DNAN;
    }
    if (pinf || c.kind == K_INF) {
        return (uint16_t)(zero16(pinf ? ps : c.sign) | 0x7c00);
    }
    int pzero = x.kind == K_ZERO || y.kind == K_ZERO;
    if (pzero && c.kind == K_ZERO) {
        return zero16(ps == c.sign ? ps : rm == RM);
    }
    if (pzero) {
        return (uint16_t)(zero16(c.sign) | (fin(&c, fpcr) & 0x7fff));
    }
    if (c.kind == K_ZERO) {
        return round16(ps, x.sig * y.sig, x.exp + y.exp, rm, fpcr, fl);
    }
    int pe = x.exp + y.exp, e = pe < c.exp ? pe : c.exp;
    __int128 s = (__int128)((unsigned __int128)(x.sig * y.sig) << (pe - e)) * (ps ? -1 : 1) +
                 (__int128)((unsigned __int128)c.sig << (c.exp - e)) * (c.sign ? -1 : 1);
    if (s == 0) {
        return zero16(rm == RM);
    }
    return round16(s < 0, (unsigned __int128)(s < 0 ? -s : s), e, rm, fpcr, fl);
}

/* An order key for non-NaN values: -0 below +0. */
static int key(uint16_t h) { return (h & 0x8000) ? -1 - (h & 0x7fff) : (h & 0x7fff); }

static uint16_t flushed(uint16_t h, uint32_t fpcr)
{
    return ((fpcr & FZ16) && !(h & 0x7c00) && (h & 0x3ff)) ? (h & 0x8000) : h;
}

static uint16_t m_minmax(uint16_t a, uint16_t b, int is_max, int nm, uint32_t fpcr, unsigned *fl)
{
    uint16_t ops[2] = { a, b };

    a = flushed(a, fpcr);
    b = flushed(b, fpcr);
    if (nm) {
        if (h_isnan(a) && !h_issnan(a) && !h_isnan(b)) {
            return b;
        }
        if (h_isnan(b) && !h_issnan(b) && !h_isnan(a)) {
            return a;
        }
    }
    if (h_isnan(a) || h_isnan(b)) {
        return proc_nans(ops, 2, fpcr, fl);
    }
    return ((key(a) > key(b)) == is_max) ? a : b;
}

/* NZCV of FCMP/FCMPE. */
static unsigned m_cmp(uint16_t a, uint16_t b, int e, uint32_t fpcr, unsigned *fl)
{
    a = flushed(a, fpcr);
    b = flushed(b, fpcr);
    if (h_isnan(a) || h_isnan(b)) {
        if (e || h_issnan(a) || h_issnan(b)) {
            *fl |= IOC;
        }
        return 3;
    }
    if ((a & 0x7fff) == 0 && (b & 0x7fff) == 0) {
        return 6;
    }
    return key(a) == key(b) ? 6 : key(a) < key(b) ? 8 : 2;
}

/* Round sig * 2^exp to an integer in rm; *inexact set when bits were lost. */
static unsigned __int128 int_round(int sign, uint64_t sig, int exp, int rm, int *inexact)
{
    unsigned __int128 m, rem, half;
    int up = 0;

    if (exp >= 0) {
        *inexact = 0;
        return (unsigned __int128)sig << exp;
    }
    if (-exp >= 64) {
        m = 0;
        rem = sig;
        half = (unsigned __int128)1 << 63;
        if (-exp > 64) {
            half <<= 1;     /* never a tie or above one half: sig < 2^11 */
        }
    } else {
        m = sig >> -exp;
        rem = sig & ((1ull << -exp) - 1);
        half = 1ull << (-exp - 1);
    }
    *inexact = rem != 0;
    if (rem) {
        switch (rm) {
        case RN: up = rem > half || (rem == half && (m & 1)); break;
        case RA: up = rem >= half; break;
        case RP: up = !sign; break;
        case RM: up = sign; break;
        default: break;
        }
    }
    return m + (unsigned)up;
}

static uint16_t m_frint(uint16_t a, int rm, int exact, uint32_t fpcr, unsigned *fl)
{
    V x = unpack(a, fpcr);
    int inexact;

    if (x.kind == K_NAN) {
        return proc_nan(a, fpcr, fl);
    }
    if (x.kind != K_FIN) {
        return x.kind == K_INF ? a : zero16(x.sign);
    }
    unsigned __int128 m = int_round(x.sign, x.sig, x.exp, rm, &inexact);
    if (exact && inexact) {
        *fl |= IXC;
    }
    if (m == 0) {
        return zero16(x.sign);
    }
    unsigned dummy = 0;
    return round16(x.sign, m, 0, RN, fpcr, &dummy);
}

/* FPToFixed: half * 2^fbits to a 32/64-bit integer, saturating. */
static uint64_t m_to_int(uint16_t a, int fbits, int rm, int is_signed, int bits, uint32_t fpcr,
                         unsigned *fl)
{
    V x = unpack(a, fpcr);
    unsigned __int128 max = is_signed ? ((unsigned __int128)1 << (bits - 1)) - 1
                                      : ((unsigned __int128)1 << bits) - 1;
    uint64_t mask = bits == 64 ? ~0ull : 0xffffffffull;
    int inexact;

    if (x.kind == K_NAN) {
        *fl |= IOC;
        return 0;
    }
    if (x.kind == K_ZERO) {
        return 0;
    }
    unsigned __int128 m = x.kind == K_INF ? ~(unsigned __int128)0
                                          : int_round(x.sign, x.sig, x.exp + fbits, rm, &inexact);
    if (x.sign && m != 0) {
        unsigned __int128 lim = is_signed ? max + 1 : 0;
        if (m > lim) {
            *fl |= IOC;
            return (uint64_t)(is_signed ? -(__int128)lim : 0) & mask;
        }
        if (inexact) {
            *fl |= IXC;
        }
        return (uint64_t)(-(__int128)m) & mask;
    }
    if (m > max) {
        *fl |= IOC;
        return (uint64_t)max & mask;
    }
    if (inexact) {
        *fl |= IXC;
    }
    return (uint64_t)m;
}

static uint16_t m_from_int(uint64_t v, int is_signed, int bits, int fbits, uint32_t fpcr,
                           unsigned *fl)
{
    int neg = 0;
    uint64_t mag;

    if (bits == 32) {
        v = is_signed ? (uint64_t)(int64_t)(int32_t)v : (uint32_t)v;
    }
    if (is_signed && (int64_t)v < 0) {
        neg = 1;
        mag = -v;
    } else {
        mag = v;
    }
    if (mag == 0) {
        return 0;
    }
    return round16(neg, mag, -fbits, rmode(fpcr), fpcr, fl);
}

/* ---- The instructions ---- */

#define OP2(fn, insn)                                                                    \
    static uint16_t fn(uint16_t a, uint16_t b)                                           \
    {                                                                                    \
        uint16_t r;                                                                      \
        __asm__ volatile("ldr h1, %1\n\tldr h2, %2\n\t" insn " h0, h1, h2\n\tstr h0, %0" \
                         : "=m"(r) : "m"(a), "m"(b) : "v0", "v1", "v2", "memory");       \
        return r;                                                                        \
    }
OP2(i_fadd, "fadd") OP2(i_fsub, "fsub") OP2(i_fmul, "fmul") OP2(i_fdiv, "fdiv")
OP2(i_fnmul, "fnmul") OP2(i_fmax, "fmax") OP2(i_fmin, "fmin") OP2(i_fmaxnm, "fmaxnm")
OP2(i_fminnm, "fminnm")

#define OP1(fn, insn)                                                                    \
    static uint16_t fn(uint16_t a)                                                       \
    {                                                                                    \
        uint16_t r;                                                                      \
        __asm__ volatile("ldr h1, %1\n\t" insn " h0, h1\n\tstr h0, %0"                   \
                         : "=m"(r) : "m"(a) : "v0", "v1", "memory");                     \
        return r;                                                                        \
    }
OP1(i_fsqrt, "fsqrt") OP1(i_frintn, "frintn") OP1(i_frintp, "frintp") OP1(i_frintm, "frintm")
OP1(i_frintz, "frintz") OP1(i_frinta, "frinta") OP1(i_frintx, "frintx") OP1(i_frinti, "frinti")
OP1(i_fabs, "fabs") OP1(i_fneg, "fneg") OP1(i_fmov, "fmov")

#define OP3(fn, insn)                                                                    \
    static uint16_t fn(uint16_t n, uint16_t m, uint16_t a)                               \
    {                                                                                    \
        uint16_t r;                                                                      \
        __asm__ volatile("ldr h1, %1\n\tldr h2, %2\n\tldr h3, %3\n\t" insn               \
                         " h0, h1, h2, h3\n\tstr h0, %0"                                 \
                         : "=m"(r) : "m"(n), "m"(m), "m"(a) : "v0", "v1", "v2", "v3",    \
                           "memory");                                                    \
        return r;                                                                        \
    }
OP3(i_fmadd, "fmadd") OP3(i_fmsub, "fmsub") OP3(i_fnmadd, "fnmadd") OP3(i_fnmsub, "fnmsub")

#define CVT(fn, insn, reg, fb)                                                           \
    static uint64_t fn(uint16_t a)                                                       \
    {                                                                                    \
        uint64_t r;                                                                      \
        __asm__ volatile("ldr h1, %1\n\t" insn " %" reg "0, h1" fb                       \
                         : "=r"(r) : "m"(a) : "v1", "memory");                           \
        return r;                                                                        \
    }
CVT(c_ns_w, "fcvtns", "w", "") CVT(c_nu_w, "fcvtnu", "w", "") CVT(c_ps_x, "fcvtps", "x", "")
CVT(c_pu_x, "fcvtpu", "x", "") CVT(c_ms_w, "fcvtms", "w", "") CVT(c_mu_x, "fcvtmu", "x", "")
CVT(c_zs_w, "fcvtzs", "w", "") CVT(c_zu_w, "fcvtzu", "w", "") CVT(c_as_x, "fcvtas", "x", "")
CVT(c_au_w, "fcvtau", "w", "") CVT(c_zs_x, "fcvtzs", "x", "") CVT(c_zu_x, "fcvtzu", "x", "")
CVT(c_zs_w5, "fcvtzs", "w", ", #5") CVT(c_zu_x20, "fcvtzu", "x", ", #20")
CVT(c_zs_x64, "fcvtzs", "x", ", #64") CVT(c_zu_w32, "fcvtzu", "w", ", #32")

#define ICVT(fn, insn, reg, fb)                                                          \
    static uint16_t fn(uint64_t v)                                                       \
    {                                                                                    \
        uint16_t r;                                                                      \
        __asm__ volatile(insn " h0, %" reg "1" fb "\n\tstr h0, %0"                       \
                         : "=m"(r) : "r"(v) : "v0", "memory");                           \
        return r;                                                                        \
    }
ICVT(s_w, "scvtf", "w", "") ICVT(u_w, "ucvtf", "w", "") ICVT(s_x, "scvtf", "x", "")
ICVT(u_x, "ucvtf", "x", "") ICVT(s_w7, "scvtf", "w", ", #7") ICVT(u_x40, "ucvtf", "x", ", #40")
ICVT(s_x64, "scvtf", "x", ", #64") ICVT(u_w32, "ucvtf", "w", ", #32")

static unsigned i_fcmp(uint16_t a, uint16_t b, int e)
{
    if (e) {
        __asm__ volatile("ldr h1, %0\n\tldr h2, %1\n\tfcmpe h1, h2" : : "m"(a), "m"(b) : "v1", "v2", "cc", "memory");
    } else {
        __asm__ volatile("ldr h1, %0\n\tldr h2, %1\n\tfcmp h1, h2" : : "m"(a), "m"(b) : "v1", "v2", "cc", "memory");
    }
    return (unsigned)get_nzcv();
}

/* ---- Inputs ---- */

static const uint16_t specials[] = {
    0x0000, 0x8000, 0x7c00, 0xfc00, 0x7e00, 0xfe00, 0x7d00, 0xfc01, 0x7e55, 0x0001,
    0x8001, 0x03ff, 0x83ff, 0x0400, 0x8400, 0x7bff, 0xfbff, 0x3c00, 0xbc00, 0x3800,
    0x4000, 0x3e00, 0xc100, 0x3555, 0x0200, 0x1400,
};

static uint16_t gen16(void)
{
    uint64_t r = rnd();
    switch (r % 8) {
    case 0: return specials[(r >> 8) % (sizeof(specials) / sizeof(specials[0]))];
    case 1: case 2: return (uint16_t)(r >> 16);
    case 3: /* small: results near the subnormal range */
        return (uint16_t)((r >> 16 & 0x8000) | ((r >> 20) % 6) << 10 | (r >> 32 & 0x3ff));
    default: /* exponents close to each other */
        return (uint16_t)((r >> 16 & 0x8000) | (12 + (r >> 20) % 7) << 10 | (r >> 32 & 0x3ff));
    }
}

static const uint32_t configs[] = {
    0, RMODE(RP), RMODE(RM), RMODE(RZ),
    FZ16, FZ16 | RMODE(RP), FZ16 | RMODE(RM), FZ16 | RMODE(RZ),
    DN, DN | RMODE(RP), DN | FZ16 | RMODE(RM), FZ, FZ | RMODE(RZ), FZ | FZ16 | DN,
};
#define NCFG (sizeof(configs) / sizeof(configs[0]))

#define RUN(what, fpcr, a, b, c, call, model)                                            \
    do {                                                                                 \
        unsigned wf_ = 0;                                                                \
        uint64_t want_ = (model);                                                        \
        set_fpcr(fpcr);                                                                  \
        set_fpsr(0);                                                                     \
        uint64_t got_ = (call);                                                          \
        unsigned gf_ = (unsigned)get_fpsr() & 0x9f;                                      \
        set_fpcr(0);                                                                     \
        check(what, fpcr, a, b, c, got_, want_, gf_, wf_);                               \
    } while (0)
#define WF (&wf_)

static void test_arith(int n)
{
    for (unsigned ci = 0; ci < NCFG; ci++) {
        uint32_t f = configs[ci];
        for (int i = 0; i < n; i++) {
            uint16_t a = gen16(), b = gen16(), c = gen16();
            RUN("fadd", f, a, b, 0, i_fadd(a, b), m_add(a, b, 0, f, WF));
            RUN("fsub", f, a, b, 0, i_fsub(a, b), m_add(a, b, 1, f, WF));
            RUN("fmul", f, a, b, 0, i_fmul(a, b), m_mul(a, b, f, WF));
            RUN("fnmul", f, a, b, 0, i_fnmul(a, b), m_mul(a, b, f, WF) ^ 0x8000);
            RUN("fdiv", f, a, b, 0, i_fdiv(a, b), m_div(a, b, f, WF));
            RUN("fsqrt", f, a, 0, 0, i_fsqrt(a), m_sqrt(a, f, WF));
            RUN("fmax", f, a, b, 0, i_fmax(a, b), m_minmax(a, b, 1, 0, f, WF));
            RUN("fmin", f, a, b, 0, i_fmin(a, b), m_minmax(a, b, 0, 0, f, WF));
            RUN("fmaxnm", f, a, b, 0, i_fmaxnm(a, b), m_minmax(a, b, 1, 1, f, WF));
            RUN("fminnm", f, a, b, 0, i_fminnm(a, b), m_minmax(a, b, 0, 1, f, WF));
            RUN("fmadd", f, a, b, c, i_fmadd(a, b, c), m_fma(a, b, c, 0, 0, f, WF));
            RUN("fmsub", f, a, b, c, i_fmsub(a, b, c), m_fma(a, b, c, 1, 0, f, WF));
            RUN("fnmadd", f, a, b, c, i_fnmadd(a, b, c), m_fma(a, b, c, 1, 1, f, WF));
            RUN("fnmsub", f, a, b, c, i_fnmsub(a, b, c), m_fma(a, b, c, 0, 1, f, WF));
            /* Bit operations: no flags, no flushing, NaNs untouched. */
            RUN("fabs", f, a, 0, 0, i_fabs(a), a & 0x7fff);
            RUN("fneg", f, a, 0, 0, i_fneg(a), a ^ 0x8000);
            RUN("fmov", f, a, 0, 0, i_fmov(a), a);
            RUN("fcmp", f, a, b, 0, i_fcmp(a, b, 0), m_cmp(a, b, 0, f, WF));
            RUN("fcmpe", f, a, b, 0, i_fcmp(a, b, 1), m_cmp(a, b, 1, f, WF));
        }
    }
}

static void test_round_cvt(int n)
{
    for (unsigned ci = 0; ci < NCFG; ci++) {
        uint32_t f = configs[ci];
        int rm = rmode(f);
        for (int i = 0; i < n; i++) {
            uint16_t a = gen16();
            uint64_t v = rnd();
            if (i & 1) {
                v = (uint64_t)(int64_t)(int32_t)(v >> (v & 31));   /* small magnitudes */
            }
            RUN("frintn", f, a, 0, 0, i_frintn(a), m_frint(a, RN, 0, f, WF));
            RUN("frintp", f, a, 0, 0, i_frintp(a), m_frint(a, RP, 0, f, WF));
            RUN("frintm", f, a, 0, 0, i_frintm(a), m_frint(a, RM, 0, f, WF));
            RUN("frintz", f, a, 0, 0, i_frintz(a), m_frint(a, RZ, 0, f, WF));
            RUN("frinta", f, a, 0, 0, i_frinta(a), m_frint(a, RA, 0, f, WF));
            RUN("frintx", f, a, 0, 0, i_frintx(a), m_frint(a, rm, 1, f, WF));
            RUN("frinti", f, a, 0, 0, i_frinti(a), m_frint(a, rm, 0, f, WF));
            RUN("fcvtns w", f, a, 0, 0, c_ns_w(a), m_to_int(a, 0, RN, 1, 32, f, WF));
            RUN("fcvtnu w", f, a, 0, 0, c_nu_w(a), m_to_int(a, 0, RN, 0, 32, f, WF));
            RUN("fcvtps x", f, a, 0, 0, c_ps_x(a), m_to_int(a, 0, RP, 1, 64, f, WF));
            RUN("fcvtpu x", f, a, 0, 0, c_pu_x(a), m_to_int(a, 0, RP, 0, 64, f, WF));
            RUN("fcvtms w", f, a, 0, 0, c_ms_w(a), m_to_int(a, 0, RM, 1, 32, f, WF));
            RUN("fcvtmu x", f, a, 0, 0, c_mu_x(a), m_to_int(a, 0, RM, 0, 64, f, WF));
            RUN("fcvtzs w", f, a, 0, 0, c_zs_w(a), m_to_int(a, 0, RZ, 1, 32, f, WF));
            RUN("fcvtzu w", f, a, 0, 0, c_zu_w(a), m_to_int(a, 0, RZ, 0, 32, f, WF));
            RUN("fcvtas x", f, a, 0, 0, c_as_x(a), m_to_int(a, 0, RA, 1, 64, f, WF));
            RUN("fcvtau w", f, a, 0, 0, c_au_w(a), m_to_int(a, 0, RA, 0, 32, f, WF));
            RUN("fcvtzs x", f, a, 0, 0, c_zs_x(a), m_to_int(a, 0, RZ, 1, 64, f, WF));
            RUN("fcvtzu x", f, a, 0, 0, c_zu_x(a), m_to_int(a, 0, RZ, 0, 64, f, WF));
            RUN("fcvtzs w#5", f, a, 0, 0, c_zs_w5(a), m_to_int(a, 5, RZ, 1, 32, f, WF));
            RUN("fcvtzu x#20", f, a, 0, 0, c_zu_x20(a), m_to_int(a, 20, RZ, 0, 64, f, WF));
            RUN("fcvtzs x#64", f, a, 0, 0, c_zs_x64(a), m_to_int(a, 64, RZ, 1, 64, f, WF));
            RUN("fcvtzu w#32", f, a, 0, 0, c_zu_w32(a), m_to_int(a, 32, RZ, 0, 32, f, WF));
            RUN("scvtf w", f, v, 0, 0, s_w(v), m_from_int(v, 1, 32, 0, f, WF));
            RUN("ucvtf w", f, v, 0, 0, u_w(v), m_from_int(v, 0, 32, 0, f, WF));
            RUN("scvtf x", f, v, 0, 0, s_x(v), m_from_int(v, 1, 64, 0, f, WF));
            RUN("ucvtf x", f, v, 0, 0, u_x(v), m_from_int(v, 0, 64, 0, f, WF));
            RUN("scvtf w#7", f, v, 0, 0, s_w7(v), m_from_int(v, 1, 32, 7, f, WF));
            RUN("ucvtf x#40", f, v, 0, 0, u_x40(v), m_from_int(v, 0, 64, 40, f, WF));
            RUN("scvtf x#64", f, v, 0, 0, s_x64(v), m_from_int(v, 1, 64, 64, f, WF));
            RUN("ucvtf w#32", f, v, 0, 0, u_w32(v), m_from_int(v, 0, 32, 32, f, WF));
        }
    }
}

/* Moves, immediates, FCSEL, FCCMP and the zeroing of the rest of the register. */
static void test_moves(void)
{
    uint64_t lo, hi, w;
    unsigned nzcv;

    /* FMOV Hd, #imm: VFPExpandImm with N = 16. */
    __asm__ volatile("movi v0.2d, #0xffffffffffffffff\n\tfmov h0, #1.5\n\tfmov %0, d0\n\tmov %1, v0.d[1]"
                     : "=r"(lo), "=r"(hi) : : "v0");
    check("fmov #1.5", 0, 0, 0, 0, lo | hi << 32, 0x3e00, 0, 0);
    __asm__ volatile("fmov h0, #-0.125\n\tfmov %0, d0" : "=r"(lo) : : "v0");
    check("fmov #-0.125", 0, 0, 0, 0, lo, 0xb000, 0, 0);
    __asm__ volatile("fmov h0, #31.0\n\tfmov %0, d0" : "=r"(lo) : : "v0");
    check("fmov #31", 0, 0, 0, 0, lo, 0x4fc0, 0, 0);
    __asm__ volatile("fmov h0, #0.1328125\n\tfmov %0, d0" : "=r"(lo) : : "v0");
    check("fmov #0.1328125", 0, 0, 0, 0, lo, 0x3040, 0, 0);
    /* FMOV between general and half registers (zero-extending both ways). */
    __asm__ volatile("movi v0.2d, #0xffffffffffffffff\n\tfmov h0, %w3\n\t"
                     "fmov %0, d0\n\tmov %1, v0.d[1]\n\tmov x2, #-1\n\tfmov x2, h0\n\tmov %2, x2"
                     : "=r"(lo), "=r"(hi), "=r"(w) : "r"(0x12345678u) : "v0", "x2");
    check("fmov h, w", 0, 0, 0, 0, lo | hi << 32, 0x5678, 0, 0);
    check("fmov x, h", 0, 0, 0, 0, w, 0x5678, 0, 0);
    __asm__ volatile("movi v0.2d, #0xffffffffffffffff\n\tmov x1, #-2\n\tfmov h0, x1\n\t"
                     "fmov %0, d0\n\tmov %1, v0.d[1]\n\tmov x2, #-1\n\tfmov w2, h0\n\tmov %2, x2"
                     : "=r"(lo), "=r"(hi), "=r"(w) : : "v0", "x1", "x2");
    check("fmov h, x", 0, 0, 0, 0, lo | hi << 32, 0xfffe, 0, 0);
    check("fmov w, h", 0, 0, 0, 0, w, 0xfffe, 0, 0);
    /* Arithmetic clears the rest of the vector register. */
    __asm__ volatile("movi v0.2d, #0xffffffffffffffff\n\tfmov h1, #1.0\n\tfadd h0, h1, h1\n\t"
                     "fmov %0, d0\n\tmov %1, v0.d[1]" : "=r"(lo), "=r"(hi) : : "v0", "v1");
    check("fadd zeroes", 0, 0, 0, 0, lo | hi << 32, 0x4000, 0, 0);
    /* FCSEL. */
    __asm__ volatile("fmov h1, #1.0\n\tfmov h2, #2.0\n\tmov x3, #0\n\tcmp x3, #1\n\tfcsel h0, h1, h2, lt\n\t"
                     "fmov %0, d0\n\tfcsel h0, h1, h2, eq\n\tfmov %1, d0"
                     : "=r"(lo), "=r"(hi) : : "v0", "v1", "v2", "x3", "cc");
    check("fcsel", 0, 0, 0, 0, lo << 16 | hi, 0x3c004000, 0, 0);
    /* FCCMP / FCCMPE: compare when the condition holds, else the immediate NZCV. */
    set_fpsr(0);
    __asm__ volatile("fmov h1, #1.0\n\tfmov h2, #2.0\n\tmov x3, #0\n\tcmp x3, #0\n\tfccmp h1, h2, #0xf, eq"
                     : : : "v1", "v2", "x3", "cc");
    nzcv = (unsigned)get_nzcv();
    check("fccmp taken", 0, 0, 0, 0, nzcv, 8, 0, 0);
    __asm__ volatile("fmov h1, #1.0\n\tfmov h2, #2.0\n\tmov x3, #0\n\tcmp x3, #0\n\tfccmp h1, h2, #0x5, ne"
                     : : : "v1", "v2", "x3", "cc");
    nzcv = (unsigned)get_nzcv();
    check("fccmp not taken", 0, 0, 0, 0, nzcv, 5, 0, 0);
    {
        uint16_t qn = 0x7e00, one = 0x3c00;
        set_fpsr(0);
        __asm__ volatile("ldr h1, %0\n\tldr h2, %1\n\tmov x3, #0\n\tcmp x3, #0\n\tfccmp h1, h2, #0, eq"
                         : : "m"(qn), "m"(one) : "v1", "v2", "x3", "cc", "memory");
        nzcv = (unsigned)get_nzcv();
        check("fccmp qnan", 0, qn, one, 0, nzcv, 3, (unsigned)get_fpsr() & 0x9f, 0);
        set_fpsr(0);
        __asm__ volatile("ldr h1, %0\n\tldr h2, %1\n\tmov x3, #0\n\tcmp x3, #0\n\tfccmpe h1, h2, #0, eq"
                         : : "m"(qn), "m"(one) : "v1", "v2", "x3", "cc", "memory");
        nzcv = (unsigned)get_nzcv();
        check("fccmpe qnan", 0, qn, one, 0, nzcv, 3, (unsigned)get_fpsr() & 0x9f, IOC);
        /* FCMP with #0.0. */
        __asm__ volatile("ldr h1, %0\n\tfcmp h1, #0.0" : : "m"(one) : "v1", "cc", "memory");
        check("fcmp #0", 0, one, 0, 0, get_nzcv(), 2, 0, 0);
    }
}

/* Single precision: FPNeg/FPAbs act on NaN results and operands too. */
static void test_nan_signs(void)
{
    uint32_t qn = 0x7fc12345, one = 0x3f800000, r;

    __asm__ volatile("fmov s1, %w1\n\tfmov s2, %w2\n\tfnmul s0, s1, s2\n\tfmov %w0, s0"
                     : "=r"(r) : "r"(qn), "r"(one) : "v0", "v1", "v2");
    check("fnmul s nan", 0, qn, one, 0, r, 0xffc12345, 0, 0);
    __asm__ volatile("fmov s1, %w1\n\tfmov s2, %w2\n\tfnmadd s0, s2, s2, s1\n\tfmov %w0, s0"
                     : "=r"(r) : "r"(qn), "r"(one) : "v0", "v1", "v2");
    check("fnmadd s nan", 0, qn, one, 0, r, 0xffc12345, 0, 0);
    __asm__ volatile("fmov s1, %w1\n\tfmov s2, %w2\n\tfmsub s0, s1, s2, s2\n\tfmov %w0, s0"
                     : "=r"(r) : "r"(qn), "r"(one) : "v0", "v1", "v2");
    check("fmsub s nan", 0, qn, one, 0, r, 0xffc12345, 0, 0);
    __asm__ volatile("fmov s1, %w1\n\tfmov s2, %w2\n\tfabd s0, s1, s2\n\tfmov %w0, s0"
                     : "=r"(r) : "r"(qn | 0x80000000u), "r"(one) : "v0", "v1", "v2");
    check("fabd s nan", 0, qn, one, 0, r, qn, 0, 0);
}

/* ---- Advanced SIMD half precision: three same, two-register misc ---- */

typedef struct H8 { uint16_t h[8]; } H8;
typedef uint16_t (*Model)(uint16_t a, uint16_t b, uint16_t d, uint32_t fpcr, unsigned *fl);
typedef void (*Insn)(H8 *d, const H8 *a, const H8 *b);

/* Vd is loaded first (the accumulator of FMLA/FMLS), then written back whole. */
#define VINSN(fn, text)                                                                  \
    static void fn(H8 *d, const H8 *a, const H8 *b)                                      \
    {                                                                                    \
        __asm__ volatile("ldr q0, %0\n\tldr q1, %1\n\tldr q2, %2\n\t" text "\n\tstr q0, %0" \
                         : "+m"(*d) : "m"(*a), "m"(*b) : "v0", "v1", "v2", "memory");     \
    }
#define V3(name) VINSN(v8_##name, #name " v0.8h, v1.8h, v2.8h") VINSN(v4_##name, #name " v0.4h, v1.4h, v2.4h")
#define S3(name) VINSN(s_##name, #name " h0, h1, h2")
#define V2(name, z) VINSN(v8_##name, #name " v0.8h, v1.8h" z) VINSN(v4_##name, #name " v0.4h, v1.4h" z)
#define S2(name, z) VINSN(s_##name, #name " h0, h1" z)
#define V2Z(name) VINSN(v8_##name##0, #name " v0.8h, v1.8h, #0.0")                        \
    VINSN(v4_##name##0, #name " v0.4h, v1.4h, #0.0") VINSN(s_##name##0, #name " h0, h1, #0.0")

V3(fmaxnm) V3(fmla) V3(fadd) V3(fmulx) V3(fcmeq) V3(fmax) V3(frecps) V3(fminnm) V3(fmls)
V3(fsub) V3(fmin) V3(frsqrts) V3(fmaxnmp) V3(faddp) V3(fmul) V3(fcmge) V3(facge) V3(fmaxp)
V3(fdiv) V3(fminnmp) V3(fabd) V3(fcmgt) V3(facgt) V3(fminp)
S3(fmulx) S3(fcmeq) S3(frecps) S3(frsqrts) S3(fcmge) S3(facge) S3(fabd) S3(fcmgt) S3(facgt)
V2(frintn, "") V2(frintm, "") V2(frintp, "") V2(frintz, "") V2(frinta, "") V2(frintx, "")
V2(frinti, "") V2(fabs, "") V2(fneg, "") V2(fsqrt, "") V2(fcvtns, "") V2(fcvtms, "")
V2(fcvtas, "") V2(fcvtps, "") V2(fcvtzs, "") V2(fcvtnu, "") V2(fcvtmu, "") V2(fcvtau, "")
V2(fcvtpu, "") V2(fcvtzu, "") V2(scvtf, "") V2(ucvtf, "")
V2Z(fcmgt) V2Z(fcmge) V2Z(fcmeq) V2Z(fcmle) V2Z(fcmlt)
S2(fcvtns, "") S2(fcvtms, "") S2(fcvtas, "") S2(fcvtps, "") S2(fcvtzs, "") S2(fcvtnu, "")
S2(fcvtmu, "") S2(fcvtau, "") S2(fcvtpu, "") S2(fcvtzu, "") S2(scvtf, "") S2(ucvtf, "")

/* FRECPS (0), FRSQRTS (1), FMULX (2): FPRecipStepFused / FPRSqrtStepFused / FPMulX. */
static uint16_t m_step(uint16_t a, uint16_t b, int kind, uint32_t fpcr, unsigned *fl)
{
    uint16_t a2 = (uint16_t)(kind == 2 ? a : a ^ 0x8000), ops[2] = { a2, b };
    V x = unpack(a2, fpcr), y = unpack(b, fpcr);
    int ps = x.sign ^ y.sign, rm = rmode(fpcr);

    if (x.kind == K_NAN || y.kind == K_NAN) {
        return proc_nans(ops, 2, fpcr, fl);
    }
    if ((x.kind == K_INF && y.kind == K_ZERO) || (x.kind == K_ZERO && y.kind == K_INF)) {
        return kind == 2 ? (uint16_t)(zero16(ps) | 0x4000) : kind == 0 ? 0x4000 : 0x3e00;
    }
    if (x.kind == K_INF || y.kind == K_INF) {
        return (uint16_t)(zero16(ps) | 0x7c00);
    }
    if (kind == 2) {
        return m_mul(a, b, fpcr, fl);
    }
    if (x.kind == K_ZERO || y.kind == K_ZERO) {
        return kind == 0 ? 0x4000 : 0x3e00;
    }
    int pe = x.exp + y.exp, e = pe < 0 ? pe : 0;
    __int128 s = (__int128)((unsigned __int128)(x.sig * y.sig) << (pe - e)) * (ps ? -1 : 1) +
                 ((__int128)(kind == 0 ? 2 : 3) << -e);
    if (s == 0) {
        return zero16(rm == RM);
    }
    return round16(s < 0, (unsigned __int128)(s < 0 ? -s : s), e - kind, rm, fpcr, fl);
}

static uint16_t mask16(int t) { return t ? 0xffff : 0; }

#define M3(name, expr)                                                                   \
    static uint16_t name(uint16_t a, uint16_t b, uint16_t d, uint32_t f, unsigned *fl)   \
    {                                                                                    \
        (void)a; (void)b; (void)d; (void)f; (void)fl;                                    \
        return (uint16_t)(expr);                                                         \
    }
M3(mv_fmaxnm, m_minmax(a, b, 1, 1, f, fl)) M3(mv_fminnm, m_minmax(a, b, 0, 1, f, fl))
M3(mv_fmax, m_minmax(a, b, 1, 0, f, fl)) M3(mv_fmin, m_minmax(a, b, 0, 0, f, fl))
M3(mv_fmla, m_fma(a, b, d, 0, 0, f, fl)) M3(mv_fmls, m_fma(a, b, d, 1, 0, f, fl))
M3(mv_fadd, m_add(a, b, 0, f, fl)) M3(mv_fsub, m_add(a, b, 1, f, fl))
M3(mv_fmul, m_mul(a, b, f, fl)) M3(mv_fdiv, m_div(a, b, f, fl))
M3(mv_fabd, m_add(a, b, 1, f, fl) & 0x7fff)     /* FPAbs clears a NaN's sign too */
M3(mv_fmulx, m_step(a, b, 2, f, fl)) M3(mv_frecps, m_step(a, b, 0, f, fl))
M3(mv_frsqrts, m_step(a, b, 1, f, fl))
M3(mv_fcmeq, mask16(m_cmp(a, b, 0, f, fl) == 6))
M3(mv_fcmge, mask16(m_cmp(a, b, 1, f, fl) == 6 || m_cmp(a, b, 1, f, fl) == 2))
M3(mv_fcmgt, mask16(m_cmp(a, b, 1, f, fl) == 2))
M3(mv_facge, mask16(m_cmp(a & 0x7fff, b & 0x7fff, 1, f, fl) % 4 == 2))
M3(mv_facgt, mask16(m_cmp(a & 0x7fff, b & 0x7fff, 1, f, fl) == 2))
/* Two-register misc: a is the operand. */
M3(mv_frintn, m_frint(a, RN, 0, f, fl)) M3(mv_frintm, m_frint(a, RM, 0, f, fl))
M3(mv_frintp, m_frint(a, RP, 0, f, fl)) M3(mv_frintz, m_frint(a, RZ, 0, f, fl))
M3(mv_frinta, m_frint(a, RA, 0, f, fl)) M3(mv_frintx, m_frint(a, rmode(f), 1, f, fl))
M3(mv_frinti, m_frint(a, rmode(f), 0, f, fl)) M3(mv_fabs, a & 0x7fff) M3(mv_fneg, a ^ 0x8000)
M3(mv_fsqrt, m_sqrt(a, f, fl))
M3(mv_fcvtns, m_to_int(a, 0, RN, 1, 16, f, fl)) M3(mv_fcvtms, m_to_int(a, 0, RM, 1, 16, f, fl))
M3(mv_fcvtas, m_to_int(a, 0, RA, 1, 16, f, fl)) M3(mv_fcvtps, m_to_int(a, 0, RP, 1, 16, f, fl))
M3(mv_fcvtzs, m_to_int(a, 0, RZ, 1, 16, f, fl)) M3(mv_fcvtnu, m_to_int(a, 0, RN, 0, 16, f, fl))
M3(mv_fcvtmu, m_to_int(a, 0, RM, 0, 16, f, fl)) M3(mv_fcvtau, m_to_int(a, 0, RA, 0, 16, f, fl))
M3(mv_fcvtpu, m_to_int(a, 0, RP, 0, 16, f, fl)) M3(mv_fcvtzu, m_to_int(a, 0, RZ, 0, 16, f, fl))
M3(mv_scvtf, m_from_int((uint64_t)(int64_t)(int16_t)a, 1, 64, 0, f, fl))
M3(mv_ucvtf, m_from_int(a, 0, 64, 0, f, fl))
M3(mv_fcmgt0, mask16(m_cmp(a, 0, 1, f, fl) == 2))
M3(mv_fcmge0, mask16(m_cmp(a, 0, 1, f, fl) % 4 == 2))
M3(mv_fcmeq0, mask16(m_cmp(a, 0, 0, f, fl) == 6))
M3(mv_fcmle0, mask16(m_cmp(a, 0, 1, f, fl) == 6 || m_cmp(a, 0, 1, f, fl) == 8))
M3(mv_fcmlt0, mask16(m_cmp(a, 0, 1, f, fl) == 8))

/* FPRecipEstimate / FPRSqrtEstimate / FPRecpX with N = 16 (Arm ARM shared pseudocode). */
static unsigned t_recip_est(unsigned a)
{
    unsigned b = (1u << 19) / (a * 2 + 1);
    return (b + 1) / 2;
}

static unsigned t_rsqrt_est(unsigned a)
{
    unsigned b = 512;
    a = a < 256 ? a * 2 + 1 : (((a >> 1) << 1) + 1) * 2;
    while ((uint64_t)a * (b + 1) * (b + 1) < (1u << 28)) {
        b++;
    }
    return (b + 1) / 2;
}

static uint16_t m_recpe(uint16_t a, uint32_t f, unsigned *fl)
{
    V x = unpack(a, f);
    int exp = (a >> 10) & 31, sign = a >> 15, rm = rmode(f);
    uint64_t frac = (uint64_t)(a & 0x3ff) << 42;

    if (x.kind == K_NAN) {
        return proc_nans(&a, 1, f, fl);
    }
    if (x.kind == K_INF) {
        return zero16(sign);
    }
    if (x.kind == K_ZERO) {
        *fl |= DZC;
        return (uint16_t)(zero16(sign) | 0x7c00);
    }
    if (exp == 0 && (a & 0x3ff) < 0x100) {
        int inf = rm == RN || (rm == RP && !sign) || (rm == RM && sign);
        *fl |= OFC | IXC;
        return (uint16_t)(zero16(sign) | (inf ? 0x7c00 : 0x7bff));
    }
    if ((f & FZ16) && exp >= 29) {
        *fl |= UFC;
        return zero16(sign);
    }
    if (exp == 0) {
        if (!(frac >> 51)) {
            exp = -1;
            frac = (frac << 2) & ((1ull << 52) - 1);
        } else {
            frac = (frac << 1) & ((1ull << 52) - 1);
        }
    }
    int rexp = 29 - exp;
    frac = (uint64_t)(t_recip_est(256 | (unsigned)(frac >> 44)) & 0xff) << 44;
    if (rexp == 0) {
        frac = 1ull << 51 | frac >> 1;
    } else if (rexp == -1) {
        frac = 1ull << 50 | frac >> 2;
        rexp = 0;
    }
    return (uint16_t)(zero16(sign) | rexp << 10 | (unsigned)(frac >> 42));
}

static uint16_t m_rsqrte(uint16_t a, uint32_t f, unsigned *fl)
{
    V x = unpack(a, f);
    int exp = (a >> 10) & 31;
    uint64_t frac = (uint64_t)(a & 0x3ff) << 42;

    if (x.kind == K_NAN) {
        return proc_nans(&a, 1, f, fl);
    }
    if (x.kind == K_ZERO) {
        *fl |= DZC;
        return (uint16_t)(zero16(x.sign) | 0x7c00);
    }
    if (x.sign) {
        *fl |= IOC;
        return DNAN;
    }
    if (x.kind == K_INF) {
        return 0;
    }
    if (exp == 0) {
        while (!(frac >> 51)) {
            frac = (frac << 1) & ((1ull << 52) - 1);
            exp--;
        }
        frac = (frac << 1) & ((1ull << 52) - 1);
    }
    unsigned scaled = (exp & 1) ? 128 | (unsigned)(frac >> 45) : 256 | (unsigned)(frac >> 44);
    return (uint16_t)((unsigned)((44 - exp) / 2) << 10 | (t_rsqrt_est(scaled) & 0xff) << 2);
}

static uint16_t m_recpx(uint16_t a, uint32_t f, unsigned *fl)
{
    int exp = (a >> 10) & 31;

    if (h_isnan(a)) {
        return proc_nans(&a, 1, f, fl);
    }
    return (uint16_t)((a & 0x8000) | (exp == 0 ? 30 : (~exp & 31)) << 10);
}

M3(mv_frecpe, m_recpe(a, f, fl)) M3(mv_frsqrte, m_rsqrte(a, f, fl)) M3(mv_frecpx, m_recpx(a, f, fl))
V2(frecpe, "") V2(frsqrte, "") S2(frecpe, "") S2(frsqrte, "") S2(frecpx, "")

/* By element (index in the name), across lanes and scalar pairwise. */
VINSN(e8_fmla5, "fmla v0.8h, v1.8h, v2.h[5]") VINSN(e4_fmls2, "fmls v0.4h, v1.4h, v2.h[2]")
VINSN(e8_fmul7, "fmul v0.8h, v1.8h, v2.h[7]") VINSN(e4_fmulx0, "fmulx v0.4h, v1.4h, v2.h[0]")
VINSN(e8_fmulx6, "fmulx v0.8h, v1.8h, v2.h[6]") VINSN(es_fmla1, "fmla h0, h1, v2.h[1]")
VINSN(es_fmls4, "fmls h0, h1, v2.h[4]") VINSN(es_fmul3, "fmul h0, h1, v2.h[3]")
VINSN(es_fmulx7, "fmulx h0, h1, v2.h[7]")
VINSN(r8_fmaxnmv, "fmaxnmv h0, v1.8h") VINSN(r4_fminnmv, "fminnmv h0, v1.4h")
VINSN(r8_fmaxv, "fmaxv h0, v1.8h") VINSN(r8_fminv, "fminv h0, v1.8h")
VINSN(r4_fmaxv, "fmaxv h0, v1.4h") VINSN(r8_fminnmv, "fminnmv h0, v1.8h")
VINSN(r2_faddp, "faddp h0, v1.2h") VINSN(r2_fmaxnmp, "fmaxnmp h0, v1.2h")
VINSN(r2_fminnmp, "fminnmp h0, v1.2h") VINSN(r2_fmaxp, "fmaxp h0, v1.2h")
VINSN(r2_fminp, "fminp h0, v1.2h")

/* Fixed-point conversions (shift by immediate, immh = 001x). */
VINSN(x8_fcvtzs3, "fcvtzs v0.8h, v1.8h, #3") VINSN(x4_fcvtzu16, "fcvtzu v0.4h, v1.4h, #16")
VINSN(x8_scvtf5, "scvtf v0.8h, v1.8h, #5") VINSN(x4_ucvtf16, "ucvtf v0.4h, v1.4h, #16")
VINSN(xs_fcvtzu9, "fcvtzu h0, h1, #9") VINSN(xs_fcvtzs1, "fcvtzs h0, h1, #1")
VINSN(xs_scvtf1, "scvtf h0, h1, #1") VINSN(xs_ucvtf12, "ucvtf h0, h1, #12")
M3(mv_fcvtzs3, m_to_int(a, 3, RZ, 1, 16, f, fl)) M3(mv_fcvtzu16, m_to_int(a, 16, RZ, 0, 16, f, fl))
M3(mv_fcvtzu9, m_to_int(a, 9, RZ, 0, 16, f, fl)) M3(mv_fcvtzs1, m_to_int(a, 1, RZ, 1, 16, f, fl))
M3(mv_scvtf5, m_from_int((uint64_t)(int64_t)(int16_t)a, 1, 64, 5, f, fl))
M3(mv_scvtf1, m_from_int((uint64_t)(int64_t)(int16_t)a, 1, 64, 1, f, fl))
M3(mv_ucvtf16, m_from_int(a, 0, 64, 16, f, fl)) M3(mv_ucvtf12, m_from_int(a, 0, 64, 12, f, fl))

/*
 * lanes: 8 (.8h), 4 (.4h) or 1 (scalar); the rest of Vd must read as zero.
 * mode 1: by element, the second operand is Vm.h[idx]; mode 2: reduce the
 * first idx lanes of Vn into lane 0 (Reduce(): halves, the lower first).
 */
typedef struct VTest { const char *name; Insn insn; Model model; int lanes, pair, mode, idx; } VTest;
#define T3(name, pair) { #name " 8h", v8_##name, mv_##name, 8, pair }, { #name " 4h", v4_##name, mv_##name, 4, pair }
#define TS(name, model) { #name " h", s_##name, mv_##model, 1, 0 }

static const VTest vtests[] = {
    T3(fmaxnm, 0), T3(fmla, 0), T3(fadd, 0), T3(fmulx, 0), T3(fcmeq, 0), T3(fmax, 0),
    T3(frecps, 0), T3(fminnm, 0), T3(fmls, 0), T3(fsub, 0), T3(fmin, 0), T3(frsqrts, 0),
    { "fmaxnmp 8h", v8_fmaxnmp, mv_fmaxnm, 8, 1 }, { "fmaxnmp 4h", v4_fmaxnmp, mv_fmaxnm, 4, 1 },
    { "faddp 8h", v8_faddp, mv_fadd, 8, 1 }, { "faddp 4h", v4_faddp, mv_fadd, 4, 1 },
    T3(fmul, 0), T3(fcmge, 0), T3(facge, 0),
    { "fmaxp 8h", v8_fmaxp, mv_fmax, 8, 1 }, { "fmaxp 4h", v4_fmaxp, mv_fmax, 4, 1 },
    T3(fdiv, 0),
    { "fminnmp 8h", v8_fminnmp, mv_fminnm, 8, 1 }, { "fminnmp 4h", v4_fminnmp, mv_fminnm, 4, 1 },
    T3(fabd, 0), T3(fcmgt, 0), T3(facgt, 0),
    { "fminp 8h", v8_fminp, mv_fmin, 8, 1 }, { "fminp 4h", v4_fminp, mv_fmin, 4, 1 },
    TS(fmulx, fmulx), TS(fcmeq, fcmeq), TS(frecps, frecps), TS(frsqrts, frsqrts),
    TS(fcmge, fcmge), TS(facge, facge), TS(fabd, fabd), TS(fcmgt, fcmgt), TS(facgt, facgt),
    T3(frintn, 0), T3(frintm, 0), T3(frintp, 0), T3(frintz, 0), T3(frinta, 0), T3(frintx, 0),
    T3(frinti, 0), T3(fabs, 0), T3(fneg, 0), T3(fsqrt, 0), T3(fcvtns, 0), T3(fcvtms, 0),
    T3(fcvtas, 0), T3(fcvtps, 0), T3(fcvtzs, 0), T3(fcvtnu, 0), T3(fcvtmu, 0), T3(fcvtau, 0),
    T3(fcvtpu, 0), T3(fcvtzu, 0), T3(scvtf, 0), T3(ucvtf, 0),
    T3(fcmgt0, 0), T3(fcmge0, 0), T3(fcmeq0, 0), T3(fcmle0, 0), T3(fcmlt0, 0),
    TS(fcvtns, fcvtns), TS(fcvtms, fcvtms), TS(fcvtas, fcvtas), TS(fcvtps, fcvtps),
    TS(fcvtzs, fcvtzs), TS(fcvtnu, fcvtnu), TS(fcvtmu, fcvtmu), TS(fcvtau, fcvtau),
    TS(fcvtpu, fcvtpu), TS(fcvtzu, fcvtzu), TS(scvtf, scvtf), TS(ucvtf, ucvtf),
    TS(fcmgt0, fcmgt0), TS(fcmge0, fcmge0), TS(fcmeq0, fcmeq0), TS(fcmle0, fcmle0),
    TS(fcmlt0, fcmlt0),
    T3(frecpe, 0), T3(frsqrte, 0), TS(frecpe, frecpe), TS(frsqrte, frsqrte), TS(frecpx, frecpx),
    { "fmla h[5] 8h", e8_fmla5, mv_fmla, 8, 0, 1, 5 }, { "fmls h[2] 4h", e4_fmls2, mv_fmls, 4, 0, 1, 2 },
    { "fmul h[7] 8h", e8_fmul7, mv_fmul, 8, 0, 1, 7 }, { "fmulx h[0] 4h", e4_fmulx0, mv_fmulx, 4, 0, 1, 0 },
    { "fmulx h[6] 8h", e8_fmulx6, mv_fmulx, 8, 0, 1, 6 }, { "fmla h[1] h", es_fmla1, mv_fmla, 1, 0, 1, 1 },
    { "fmls h[4] h", es_fmls4, mv_fmls, 1, 0, 1, 4 }, { "fmul h[3] h", es_fmul3, mv_fmul, 1, 0, 1, 3 },
    { "fmulx h[7] h", es_fmulx7, mv_fmulx, 1, 0, 1, 7 },
    { "fmaxnmv 8h", r8_fmaxnmv, mv_fmaxnm, 1, 0, 2, 8 }, { "fminnmv 4h", r4_fminnmv, mv_fminnm, 1, 0, 2, 4 },
    { "fmaxv 8h", r8_fmaxv, mv_fmax, 1, 0, 2, 8 }, { "fminv 8h", r8_fminv, mv_fmin, 1, 0, 2, 8 },
    { "fmaxv 4h", r4_fmaxv, mv_fmax, 1, 0, 2, 4 }, { "fminnmv 8h", r8_fminnmv, mv_fminnm, 1, 0, 2, 8 },
    { "faddp h", r2_faddp, mv_fadd, 1, 0, 2, 2 }, { "fmaxnmp h", r2_fmaxnmp, mv_fmaxnm, 1, 0, 2, 2 },
    { "fminnmp h", r2_fminnmp, mv_fminnm, 1, 0, 2, 2 }, { "fmaxp h", r2_fmaxp, mv_fmax, 1, 0, 2, 2 },
    { "fminp h", r2_fminp, mv_fmin, 1, 0, 2, 2 },
    { "fcvtzs 8h #3", x8_fcvtzs3, mv_fcvtzs3, 8, 0, 0, 0 },
    { "fcvtzu 4h #16", x4_fcvtzu16, mv_fcvtzu16, 4, 0, 0, 0 },
    { "scvtf 8h #5", x8_scvtf5, mv_scvtf5, 8, 0, 0, 0 },
    { "ucvtf 4h #16", x4_ucvtf16, mv_ucvtf16, 4, 0, 0, 0 },
    { "fcvtzu h #9", xs_fcvtzu9, mv_fcvtzu9, 1, 0, 0, 0 },
    { "fcvtzs h #1", xs_fcvtzs1, mv_fcvtzs1, 1, 0, 0, 0 },
    { "scvtf h #1", xs_scvtf1, mv_scvtf1, 1, 0, 0, 0 },
    { "ucvtf h #12", xs_ucvtf12, mv_ucvtf12, 1, 0, 0, 0 },
};

/* FMOV Vd.<T>, #imm (half): every lane, the upper half cleared for 4H. */
static void test_fmov_vec(void)
{
    H8 r8, r4;

    memset(&r4, 0xff, sizeof(r4));
    __asm__ volatile("fmov v0.8h, #-2.5\n\tstr q0, %0" : "=m"(r8) : : "v0", "memory");
    __asm__ volatile("ldr q0, %0\n\tfmov v0.4h, #0.125\n\tstr q0, %0" : "+m"(r4) : : "v0", "memory");
    for (int k = 0; k < 8; k++) {
        check("fmov v.8h #-2.5", 0, k, 0, 0, r8.h[k], 0xc100, 0, 0);
        check("fmov v.4h #0.125", 0, k, 0, 0, r4.h[k], k < 4 ? 0x3000 : 0, 0, 0);
    }
}

static void test_vector(int n)
{
    for (unsigned ci = 0; ci < NCFG; ci++) {
        uint32_t f = configs[ci];
        for (size_t t = 0; t < sizeof(vtests) / sizeof(vtests[0]); t++) {
            const VTest *vt = &vtests[t];
            for (int i = 0; i < n; i++) {
                H8 a, b, d, got, want;
                unsigned wf = 0, gf;
                for (int k = 0; k < 8; k++) {
                    a.h[k] = gen16();
                    b.h[k] = gen16();
                    d.h[k] = gen16();
                }
                memset(&want, 0, sizeof(want));
                if (vt->mode == 2) {
                    uint16_t r[8];
                    memcpy(r, a.h, sizeof(r));
                    for (int w = vt->idx; w > 1; w /= 2) {
                        for (int k = 0; k < w / 2; k++) {
                            r[k] = vt->model(r[2 * k], r[2 * k + 1], 0, f, &wf);
                        }
                    }
                    want.h[0] = r[0];
                }
                for (int k = 0; k < vt->lanes && vt->mode != 2; k++) {
                    if (vt->mode == 1) {
                        want.h[k] = vt->model(a.h[k], b.h[vt->idx], d.h[k], f, &wf);
                    } else if (vt->pair) {
                        /* Adjacent pairs of Vm:Vn, Vn's first. */
                        const H8 *src = 2 * k < vt->lanes ? &a : &b;
                        int j = (2 * k) % vt->lanes;
                        want.h[k] = vt->model(src->h[j], src->h[j + 1], 0, f, &wf);
                    } else {
                        want.h[k] = vt->model(a.h[k], b.h[k], d.h[k], f, &wf);
                    }
                }
                got = d;
                set_fpcr(f);
                set_fpsr(0);
                vt->insn(&got, &a, &b);
                gf = (unsigned)get_fpsr() & 0x9f;
                set_fpcr(0);
                if (memcmp(&got, &want, sizeof(got)) != 0 || gf != wf) {
                    if (failures < 30) {
                        printf("FAIL %s fpcr=%08x flags got %02x want %02x\n", vt->name, f, gf, wf);
                        for (int k = 0; k < 8; k++) {
                            printf("  lane %d: in %04x %04x %04x got %04x want %04x\n", k, a.h[k],
                                   b.h[k], d.h[k], got.h[k], want.h[k]);
                        }
                    }
                    failures++;
                }
            }
        }
    }
}

static sigjmp_buf ill_jmp;
static void on_sigill(int sig)
{
    (void)sig;
    siglongjmp(ill_jmp, 1);
}

int main(void)
{
    test_nan_signs();
    if (!(getauxval(AT_HWCAP) & HWCAP_FPHP_BIT)) {
        /* Not advertised: the half-precision forms must be undefined. */
        static volatile int trapped;
        signal(SIGILL, on_sigill);
        if (sigsetjmp(ill_jmp, 1) == 0) {
            __asm__ volatile("fabs h0, h1" : : : "v0");
        } else {
            trapped = 1;
        }
        if (!trapped) {
            printf("FAIL: fabs h0, h1 executed without HWCAP_FPHP\n");
            failures++;
        }
        printf("fp16: HWCAP_FPHP not advertised, scalar FP16 checks skipped (%s)\n",
               failures ? "FAILED" : "SIGILL ok");
        return failures ? 1 : 0;
    }
    test_moves();
    test_arith(1500);
    test_round_cvt(1000);
    test_fmov_vec();
    test_vector(60);
    if (failures) {
        printf("fp16: %d failures\n", failures);
        return 1;
    }
    printf("fp16: all checks passed\n");
    return 0;
}
