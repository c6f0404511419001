/*
 * fpmath.c: double and float arithmetic, printed with every digit (%.17g).
 *
 * IEEE 754 basic operations (+ - * / sqrt fma, conversions) are exactly
 * specified, so the host and any correct guest print the same digits.  Only
 * values whose result is fully determined are printed: no NaN signs (x86 and
 * RISC-V produce different default NaNs), no out-of-range float-to-int
 * conversions (architecturally different).  Built with -ffp-contract=off on
 * both sides so the compiler does not fuse a*b+c on one side only.
 */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static volatile double v_one = 1.0;
static volatile float v_onef = 1.0f;
/* Read through volatiles where the FP environment matters, so the compiler
 * neither folds nor reuses a result computed under another rounding mode. */
static volatile double v_three = 3.0, v_zero = 0.0, v_two = 2.0;
static volatile float v_threef = 3.0f;

static void show(const char *name, double v)
{
    if (isnan(v))
        printf("%-28s nan\n", name);
    else
        printf("%-28s %.17g\n", name, v);
}

static void showf(const char *name, float v)
{
    if (isnan(v))
        printf("%-28s nan\n", name);
    else
        printf("%-28s %.9g\n", name, (double)v);
}

static uint64_t bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof(u));
    return u;
}

static void series(void)
{
    double one = v_one;

    /* Leibniz: pi/4 = 1 - 1/3 + 1/5 - ... */
    double s = 0;
    for (int k = 0; k < 200000; k++)
        s += (k & 1 ? -one : one) / (2 * k + 1);
    show("leibniz pi", 4 * s);

    /* Basel: sum 1/k^2 = pi^2/6, summed backwards for accuracy. */
    s = 0;
    for (int k = 100000; k >= 1; k--)
        s += one / ((double)k * k);
    show("basel sqrt(6 s)", sqrt(6 * s));

    /* e = sum 1/k! */
    double term = one, e = 0;
    for (int k = 1; k < 25; k++) {
        e += term;
        term /= k;
    }
    show("e series", e);

    /* Harmonic numbers minus log: towards the Euler-Mascheroni constant. */
    double h = 0;
    for (int k = 1; k <= 50000; k++)
        h += one / k;
    show("H(50000)", h);
    show("H(50000) - log(50000)", h - log(50000.0 * one));

    /* Kahan-compensated vs naive summation of 0.1. */
    double naive = 0, sum = 0, c = 0;
    for (int k = 0; k < 100000; k++) {
        naive += 0.1 * one;
        double y = 0.1 * one - c;
        double t = sum + y;
        c = (t - sum) - y;
        sum = t;
    }
    show("naive 100000 * 0.1", naive);
    show("kahan 100000 * 0.1", sum);
}

static void newton(void)
{
    for (double x = 2; x < 2e6; x *= 7.3) {
        double r = x * v_one;
        for (int i = 0; i < 60; i++)
            r = 0.5 * (r + x / r);
        char name[40];
        snprintf(name, sizeof(name), "newton sqrt(%g)", x);
        show(name, r);
        snprintf(name, sizeof(name), "  sqrt(%g)", x);
        show(name, sqrt(x * v_one));
    }
}

static void libm(void)
{
    static const double xs[] = {0.5, 1.0, 2.0, 3.14159, 10.0, 0.001, 123.456};
    for (size_t i = 0; i < sizeof(xs) / sizeof(xs[0]); i++) {
        double x = xs[i] * v_one;
        char name[40];
        printf("x = %.17g\n", x);
        snprintf(name, sizeof(name), "  exp");
        show(name, exp(x));
        show("  log", log(x));
        show("  sin", sin(x));
        show("  cos", cos(x));
        show("  atan", atan(x));
        show("  pow(x, 1.5)", pow(x, 1.5));
        show("  cbrt", cbrt(x));
    }
    show("hypot(3e200, 4e200)", hypot(3e200 * v_one, 4e200));
    show("atan2(-1, -1)", atan2(-v_one, -1.0));
}

static void exact_ops(void)
{
    double one = v_one;
    show("fma(0.1, 10, -1)", fma(0.1 * one, 10.0, -1.0));
    show("0.1 * 10 - 1", 0.1 * one * 10.0 - 1.0);
    show("1/3", one / 3);
    show("2/3 rounded", (2 * one) / 3);
    show("sqrt(2)", sqrt(2 * one));
    show("DBL_MIN / 3 (subnormal)", DBL_MIN * one / 3);
    show("DBL_MAX * 2", DBL_MAX * one * 2);
    show("-DBL_MAX * 2", -DBL_MAX * one * 2);
    show("DBL_EPSILON", DBL_EPSILON * one);
    show("1 + eps/2 - 1", (one + DBL_EPSILON / 2) - one);
    printf("%-28s %d\n", "isnan(inf - inf)", isnan(INFINITY * one - INFINITY));
    printf("%-28s %d\n", "isnan(sqrt(-1))", isnan(sqrt(-one)));
    printf("%-28s %016llx\n", "bits(-0.0 * 1)", (unsigned long long)bits(-0.0 * one));
    printf("%-28s %016llx\n", "bits(0.1)", (unsigned long long)bits(0.1 * one));
    printf("%-28s %d\n", "-0.0 == 0.0", -0.0 * one == 0.0);
    printf("%-28s %d\n", "signbit(-0.0)", signbit(-0.0 * one) != 0);
    show("fmin(-0.0, 3)", fmin(-0.0 * one, 3.0));
    show("fmax(nan, 3)", fmax(NAN * one, 3.0));
    show("copysign(2, -0.0)", copysign(2.0 * one, -0.0));
    show("fabs(-7.25)", fabs(-7.25 * one));

    /* Rounding: the functions and the conversions. */
    static const double r[] = {2.5, 3.5, -2.5, -0.4999999999999999, 1e15 + 0.5, -7.9};
    for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++) {
        double x = r[i] * one;
        printf("%-12.17g floor %.17g ceil %.17g round %.17g trunc %.17g rint %.17g "
               "(long)%ld lrint %ld llround %lld\n",
               x, floor(x), ceil(x), round(x), trunc(x), rint(x), (long)x, lrint(x),
               llround(x));
    }
    /* int <-> double conversions, including values not exactly representable. */
    int64_t big = (int64_t)(one * 9007199254740993.0);   /* 2^53 + 1 rounds */
    printf("%-28s %lld\n", "(int64)(2^53+1 as double)", (long long)big);
    uint64_t u = 18446744073709549568ull + (uint64_t)(one - 1);
    show("(double)(2^64 - 2048)", (double)u);
    show("(double)(int64)-2^63", (double)(int64_t)INT64_MIN);
    show("(double)(uint32)0xffffffff", (double)(uint32_t)0xffffffffu);
    printf("%-28s %u\n", "(uint32)4294967295.0", (uint32_t)(4294967295.0 * one));
    printf("%-28s %d\n", "(int32)-2147483648.9", (int32_t)(-2147483648.9 * one));

    /* Rounding modes through fesetround. */
    static const int modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
    static const char *mname[] = {"nearest", "upward", "downward", "towardzero"};
    for (int m = 0; m < 4; m++) {
        fesetround(modes[m]);
        volatile double a = v_one / v_three, b = -v_one / v_three;
        volatile float fa = v_onef / v_threef;
        printf("%-10s 1/3 %.17g  -1/3 %.17g  1/3f %.9g  rint(2.5) %.17g\n", mname[m], a, b,
               (double)fa, rint(2.5 * one));
    }
    fesetround(FE_TONEAREST);

    /* Exception flags. */
    feclearexcept(FE_ALL_EXCEPT);
    volatile double q = v_one / v_zero;
    printf("%-28s %d (q=%g)\n", "FE_DIVBYZERO after 1/0", fetestexcept(FE_DIVBYZERO) != 0, q);
    feclearexcept(FE_ALL_EXCEPT);
    q = v_one / v_three;
    printf("%-28s %d\n", "FE_INEXACT after 1/3", fetestexcept(FE_INEXACT) != 0);
    feclearexcept(FE_ALL_EXCEPT);
    q = v_one * v_two;
    printf("%-28s %d\n", "FE_INEXACT after 1*2", fetestexcept(FE_INEXACT) != 0);
    feclearexcept(FE_ALL_EXCEPT);
    q = sqrt(-v_one);
    printf("%-28s %d\n", "FE_INVALID after sqrt(-1)", fetestexcept(FE_INVALID) != 0);
}

static void single(void)
{
    float one = v_onef;
    float s = 0;
    for (int k = 1; k <= 10000; k++)
        s += one / ((float)k * k);
    showf("float basel", s);
    showf("float 1/3", one / 3);
    showf("float sqrtf(2)", sqrtf(2 * one));
    showf("float fmaf(0.1,10,-1)", fmaf(0.1f * one, 10.0f, -1.0f));
    showf("float FLT_MIN/3", FLT_MIN * one / 3);
    showf("float 16777217", (float)(16777217 + (int)one - 1));
    showf("float (double)0.1f", (float)(double)(0.1f * one));
    show("double(0.1f)", (double)(0.1f * one));
    showf("float(0.1)", (float)(0.1 * one));
    showf("float(1e40)", (float)(1e40 * one));
    showf("float expf(1)", expf(one));
    showf("float logf(10)", logf(10 * one));
    showf("float sinf(1)", sinf(one));
}

/* A small physics integration: many dependent multiply-adds. */
static void integrate(void)
{
    double x = 1.0 * v_one, v = 0.0, dt = 0.001, k = 4.0, damp = 0.1;
    for (int i = 0; i < 100000; i++) {
        double a = -k * x - damp * v;
        v += a * dt;
        x += v * dt;
    }
    show("oscillator x", x);
    show("oscillator v", v);

    /* Mandelbrot area estimate on a coarse grid. */
    int inside = 0;
    for (int iy = 0; iy < 60; iy++) {
        for (int ix = 0; ix < 90; ix++) {
            double cr = -2.0 + ix * (3.0 / 90) * v_one, ci = -1.0 + iy * (2.0 / 60);
            double zr = 0, zi = 0;
            int n = 0;
            while (n < 200 && zr * zr + zi * zi <= 4.0) {
                double t = zr * zr - zi * zi + cr;
                zi = 2 * zr * zi + ci;
                zr = t;
                n++;
            }
            inside += n == 200;
        }
    }
    printf("%-28s %d\n", "mandelbrot inside", inside);
}

int main(void)
{
    series();
    newton();
    exact_ops();
    single();
    integrate();
    libm();
    return 0;
}
