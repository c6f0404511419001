/*
 * fp-libm.c: floating point as C programs use it: fesetround/fetestexcept
 * (glibc drives frm and fflags), strtod and printf (exact decimal
 * conversions that honour the rounding mode), conversions by cast, and long
 * sequences of correctly rounded operations whose IEEE 754 results are fully
 * determined.  Built with -ffp-contract=off semantics forced by volatile
 * operands and separate statements, so no fused operations appear.
 */
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

static uint64_t bits(double d) { uint64_t b; memcpy(&b, &d, 8); return b; }
static uint32_t fbits(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }

static void check(const char *what, uint64_t got, uint64_t exp)
{
    if (got != exp) {
        printf("FAIL: %s got %#llx expected %#llx\n", what, (unsigned long long)got,
               (unsigned long long)exp);
        failures++;
    }
}

static void check_str(const char *what, const char *got, const char *exp)
{
    if (strcmp(got, exp) != 0) {
        printf("FAIL: %s got %s expected %s\n", what, got, exp);
        failures++;
    }
}

int main(void)
{
    volatile double one = 1.0, three = 3.0, zero = 0.0, two = 2.0, m1 = -1.0;
    volatile double r;
    volatile float fs = 0;
    volatile double ds = 0;
    char buf[64];

    /* Division in each mode, through frm as glibc sets it. */
    fesetround(FE_UPWARD);
    r = one / three;
    check("1/3 upward", bits(r), 0x3fd5555555555556ull);
    fesetround(FE_DOWNWARD);
    r = m1 / three;
    check("-1/3 downward", bits(r), 0xbfd5555555555556ull);
    fesetround(FE_TOWARDZERO);
    r = m1 / three;
    check("-1/3 toward zero", bits(r), 0xbfd5555555555555ull);
    check("fegetround", (uint64_t)fegetround(), (uint64_t)FE_TOWARDZERO);
    fesetround(FE_TONEAREST);
    r = one / three;
    check("1/3 nearest", bits(r), 0x3fd5555555555555ull);

    /* Exception flags as glibc reads them from fflags. */
    feclearexcept(FE_ALL_EXCEPT);
    r = one / three;
    check("1/3 raises inexact only", (uint64_t)fetestexcept(FE_ALL_EXCEPT), FE_INEXACT);
    feclearexcept(FE_ALL_EXCEPT);
    r = one / zero;
    check("1/0 raises divbyzero", (uint64_t)fetestexcept(FE_ALL_EXCEPT), FE_DIVBYZERO);
    feclearexcept(FE_ALL_EXCEPT);
    r = sqrt(m1);
    check("sqrt(-1) raises invalid", (uint64_t)fetestexcept(FE_INVALID), FE_INVALID);
    check("sqrt(-1) is the canonical NaN", bits(r) & 0x7fffffffffffffffull, 0x7ff8000000000000ull);
    feclearexcept(FE_ALL_EXCEPT);
    r = 0x1p-1022 * 0x1p-10 * one;
    check("underflow flags", (uint64_t)fetestexcept(FE_UNDERFLOW | FE_INEXACT), 0);
    r = 0x1p-1074 * three;      /* exact: 3 * 2^-1074 */
    r = r * 0.5;                /* 1.5 * 2^-1074: tiny, inexact */
    check("underflow inexact", (uint64_t)fetestexcept(FE_UNDERFLOW | FE_INEXACT), FE_UNDERFLOW | FE_INEXACT);
    feclearexcept(FE_ALL_EXCEPT);
    r = 0x1p1023 * two;
    check("overflow", (uint64_t)fetestexcept(FE_ALL_EXCEPT), FE_OVERFLOW | FE_INEXACT);
    check("overflow to inf", bits(r), 0x7ff0000000000000ull);

    check("sqrt(2)", bits(sqrt(two)), 0x3ff6a09e667f3bcdull);
    check("sqrtf(2)", fbits(sqrtf((float)two)), 0x3fb504f3);

    /* Casts truncate (fcvt with rtz); lrint follows the rounding mode. */
    r = -2.7;
    check("(int)-2.7", (uint64_t)(int64_t)(int)r, (uint64_t)-2);
    r = 2.5;
    check("lrint(2.5) nearest", (uint64_t)lrint(r), 2);
    fesetround(FE_UPWARD);
    check("lrint(2.5) upward", (uint64_t)lrint(r), 3);
    fesetround(FE_TONEAREST);
    r = 3e9;
    check("(unsigned)3e9", (uint64_t)(unsigned)r, 3000000000u);
    r = 1e19;
    check("(uint64_t)1e19", (uint64_t)r, 10000000000000000000ull);

    /* Correctly rounded decimal conversions, in each mode. */
    check("strtod 0.1", bits(strtod("0.1", NULL)), 0x3fb999999999999aull);
    fesetround(FE_DOWNWARD);
    check("strtod 0.1 downward", bits(strtod("0.1", NULL)), 0x3fb9999999999999ull);
    fesetround(FE_TONEAREST);
    snprintf(buf, sizeof(buf), "%.17g", 0.1);
    check_str("printf 0.1", buf, "0.10000000000000001");
    snprintf(buf, sizeof(buf), "%.2f", 0.125);      /* an exact decimal tie: to even */
    check_str("printf 0.125", buf, "0.12");
    snprintf(buf, sizeof(buf), "%a", 1.0 / 3.0);
    check_str("printf %a", buf, "0x1.5555555555555p-2");

    /* Long sequences of correctly rounded operations. */
    for (int i = 1; i <= 100000; i++) {
        fs = fs + 1.0f / (float)i;
    }
    check("harmonic float sum", fbits(fs), 0x41417420);
    for (int i = 1; i <= 100000; i++) {
        volatile double sq = (double)i * i;
        ds = ds + 1.0 / sq;
    }
    check("sum 1/i^2", bits(ds), 0x3ffa519be5fbb345ull);

    if (failures) {
        printf("fp-libm: %d failures\n", failures);
        return 1;
    }
    return 0;
}
