/*
 * fp-nan.c: NaNs, NaN boxing, sign injection, moves, loads/stores, min/max,
 * comparisons and fclass (RISC-V unprivileged ISA, chapters 11 and 12).
 *
 * RISC-V NaN rules: every NaN result is the canonical NaN (0x7fc00000 /
 * 0x7ff8000000000000); a signaling NaN operand raises NV.  A single-precision
 * operand whose upper 32 bits are not all ones reads as the canonical NaN,
 * except for the transfers fsw and fmv.x.w.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int failures;
static uint64_t flags;

#define BOX(x) (0xffffffff00000000ull | (uint32_t)(x))

/* Float result (ft3) and integer result (%[r]) variants; operands in ft0..ft2 and %[a]. */
#define RUN_(insn, tail, A_, B_, C_, M_)                                       \
    ({                                                                          \
        uint64_t r_, f_;                                                        \
        asm volatile("csrw frm, %[m]\n\tcsrw fflags, zero\n\t"                  \
                     "fmv.d.x ft0, %[a]\n\tfmv.d.x ft1, %[b]\n\tfmv.d.x ft2, %[c]\n\t" \
                     "li %[r], 0\n\t" insn "\n\t" tail "\n\tcsrr %[f], fflags"    \
                     : [r] "=&r"(r_), [f] "=&r"(f_)                             \
                     : [a] "r"(A_), [b] "r"(B_), [c] "r"(C_), [m] "r"(M_)       \
                     : "ft0", "ft1", "ft2", "ft3");                             \
        flags = f_;                                                             \
        r_;                                                                     \
    })
#define RUNF(insn, A_, B_, C_) RUN_(insn, "fmv.x.d %[r], ft3", A_, B_, C_, 0)
#define RUNX(insn, A_, B_, C_) RUN_(insn, "", A_, B_, C_, 0)

static void check(const char *what, uint64_t got, uint64_t exp, uint64_t gflags, uint64_t eflags)
{
    if (got != exp) {
        printf("FAIL: %s got %#llx expected %#llx\n", what, (unsigned long long)got,
               (unsigned long long)exp);
        failures++;
    }
    if (gflags != eflags) {
        printf("FAIL: %s fflags got %#llx expected %#llx\n", what, (unsigned long long)gflags,
               (unsigned long long)eflags);
        failures++;
    }
}

#define TF(what, insn, a, b, exp, ef) \
    check(what, RUNF(insn, (uint64_t)(a), (uint64_t)(b), (uint64_t)0), exp, flags, ef)
#define TF3(what, insn, a, b, c, exp, ef) \
    check(what, RUNF(insn, (uint64_t)(a), (uint64_t)(b), (uint64_t)(c)), exp, flags, ef)
#define TX(what, insn, a, b, exp, ef) \
    check(what, RUNX(insn, (uint64_t)(a), (uint64_t)(b), (uint64_t)0), exp, flags, ef)

enum { NX = 1, UF = 2, OF = 4, DZ = 8, NV = 16 };

#define CNAN_S BOX(0x7fc00000)
#define CNAN_D 0x7ff8000000000000ull
#define QNAN_S_PAYLOAD BOX(0xffc12345)     /* negative quiet NaN with a payload */
#define SNAN_S BOX(0x7f800001)
#define QNAN_D_PAYLOAD 0xfff8000000abcdefull
#define SNAN_D 0x7ff0000000000001ull
#define S1 BOX(0x3f800000)
#define SM1 BOX(0xbf800000)
#define S2 BOX(0x40000000)
#define D1 0x3ff0000000000000ull
#define DM1 0xbff0000000000000ull
#define D2 0x4000000000000000ull
#define SPZ BOX(0x00000000)
#define SNZ BOX(0x80000000)
#define DPZ 0ull
#define DNZ 0x8000000000000000ull

int main(void)
{
    /* Canonical NaN results, NV only for signaling operands. */
    TF("fadd.s qnan+1", "fadd.s ft3, ft0, ft1", QNAN_S_PAYLOAD, S1, CNAN_S, 0);
    TF("fadd.s snan+1", "fadd.s ft3, ft0, ft1", SNAN_S, S1, CNAN_S, NV);
    TF("fmul.s 1*snan", "fmul.s ft3, ft0, ft1", S1, SNAN_S, CNAN_S, NV);
    TF("fadd.d qnan+1", "fadd.d ft3, ft0, ft1", QNAN_D_PAYLOAD, D1, CNAN_D, 0);
    TF("fdiv.d snan/1", "fdiv.d ft3, ft0, ft1", SNAN_D, D1, CNAN_D, NV);
    TF("fsqrt.d qnan", "fsqrt.d ft3, ft0", QNAN_D_PAYLOAD, 0, CNAN_D, 0);
    TF("fsqrt.s snan", "fsqrt.s ft3, ft0", SNAN_S, 0, CNAN_S, NV);
    TF3("fmadd.d qnan", "fmadd.d ft3, ft0, ft1, ft2", D1, QNAN_D_PAYLOAD, D1, CNAN_D, 0);
    TF3("fmadd.d snan addend", "fmadd.d ft3, ft0, ft1, ft2", D1, D1, SNAN_D, CNAN_D, NV);
    TF3("fmadd.s 0*inf+qnan", "fmadd.s ft3, ft0, ft1, ft2", SPZ, BOX(0x7f800000), QNAN_S_PAYLOAD,
        CNAN_S, NV);
    TF("fcvt.d.s snan", "fcvt.d.s ft3, ft0", SNAN_S, 0, CNAN_D, NV);
    TF("fcvt.d.s qnan", "fcvt.d.s ft3, ft0", QNAN_S_PAYLOAD, 0, CNAN_D, 0);
    TF("fcvt.s.d qnan", "fcvt.s.d ft3, ft0", QNAN_D_PAYLOAD, 0, CNAN_S, 0);
    TF("fcvt.s.d snan", "fcvt.s.d ft3, ft0", SNAN_D, 0, CNAN_S, NV);

    /* NaN boxing: improperly boxed singles read as the canonical NaN. */
    TF("fadd.s unboxed", "fadd.s ft3, ft0, ft1", 0x000000003f800000ull, S1, CNAN_S, 0);
    TF("fadd.s half-boxed", "fadd.s ft3, ft0, ft1", S1, 0xfffffffe3f800000ull, CNAN_S, 0);
    TF("fmv.s unboxed", "fmv.s ft3, ft0", 0x123456783f800000ull, 0, CNAN_S, 0);
    TF("fneg.s unboxed", "fneg.s ft3, ft0", 0x123456783f800000ull, 0, BOX(0xffc00000), 0);
    TF("fsgnj.s unboxed sign source", "fsgnj.s ft3, ft0, ft1", S1, 0x00000000bf800000ull, S1, 0);
    TX("fclass.s unboxed", "fclass.s %[r], ft0", 0x00000000ff800000ull, 0, 1 << 9, 0);
    TF("fcvt.d.s unboxed", "fcvt.d.s ft3, ft0", 0x0000000040000000ull, 0, CNAN_D, 0);
    TX("feq.s unboxed", "feq.s %[r], ft0, ft0", 0x000000003f800000ull, 0, 0, 0);
    /* Transfers do not check: fmv.x.w sign-extends the low 32 bits. */
    TX("fmv.x.w raw", "fmv.x.w %[r], ft0", 0x123456789abcdef0ull, 0, 0xffffffff9abcdef0ull, 0);
    TX("fmv.x.w positive", "fmv.x.w %[r], ft0", 0x123456781abcdef0ull, 0, 0x1abcdef0ull, 0);
    /* fmv.w.x boxes the low 32 bits of the GPR. */
    {
        uint64_t r;
        asm volatile("fmv.w.x ft0, %1\n\tfmv.x.d %0, ft0" : "=r"(r) : "r"(0x1234567840490fdbull) : "ft0");
        check("fmv.w.x boxes", r, BOX(0x40490fdb), 0, 0);
        asm volatile("fmv.d.x ft0, %1\n\tfmv.x.d %0, ft0" : "=r"(r) : "r"(0x123456789abcdef0ull) : "ft0");
        check("fmv.d.x/fmv.x.d", r, 0x123456789abcdef0ull, 0, 0);
    }
    /* Loads box, stores store the low 32 bits untouched. */
    {
        volatile uint32_t w[2] = { 0x7f800001, 0 };
        volatile uint64_t d = 0x8000000000000001ull, d2 = 0;
        uint64_t r;
        asm volatile("flw ft0, 0(%1)\n\tfmv.x.d %0, ft0\n\tfsw ft0, 4(%1)" : "=r"(r) : "r"(w) : "ft0", "memory");
        check("flw boxes", r, BOX(0x7f800001), 0, 0);
        check("fsw stores raw", w[1], 0x7f800001, 0, 0);
        asm volatile("fmv.d.x ft0, %0\n\tfsw ft0, 0(%1)" : : "r"(0x00000000aabbccddull), "r"(w) : "ft0", "memory");
        check("fsw of unboxed stores low bits", w[0], 0xaabbccdd, 0, 0);
        asm volatile("fld ft0, 0(%1)\n\tfsd ft0, 0(%2)\n\tfmv.x.d %0, ft0" : "=r"(r) : "r"(&d), "r"(&d2) : "ft0", "memory");
        check("fld", r, 0x8000000000000001ull, 0, 0);
        check("fsd", d2, 0x8000000000000001ull, 0, 0);
    }

    /* Sign injection (also fmv/fneg/fabs): no flags, NaNs untouched but for the sign. */
    TF("fsgnj.s", "fsgnj.s ft3, ft0, ft1", S2, SM1, BOX(0xc0000000), 0);
    TF("fsgnjn.s", "fsgnjn.s ft3, ft0, ft1", S2, SM1, S2, 0);
    TF("fsgnjx.s", "fsgnjx.s ft3, ft0, ft1", SM1, SM1, S1, 0);
    TF("fabs.s", "fabs.s ft3, ft0", SM1, 0, S1, 0);
    TF("fneg.s snan", "fneg.s ft3, ft0", SNAN_S, 0, BOX(0xff800001), 0);
    TF("fsgnj.d", "fsgnj.d ft3, ft0, ft1", D2, DM1, 0xc000000000000000ull, 0);
    TF("fsgnjn.d", "fsgnjn.d ft3, ft0, ft1", D2, D1, 0xc000000000000000ull, 0);
    TF("fsgnjx.d", "fsgnjx.d ft3, ft0, ft1", DM1, DM1, D1, 0);
    TF("fsgnjx.d +", "fsgnjx.d ft3, ft0, ft1", DM1, D1, DM1, 0);
    TF("fabs.d", "fabs.d ft3, ft0", 0xfff8000000000000ull, 0, CNAN_D, 0);
    TF("fneg.d", "fneg.d ft3, ft0", DPZ, 0, DNZ, 0);
    TF("fmv.d", "fmv.d ft3, ft0", SNAN_D, 0, SNAN_D, 0);

    /* fmin/fmax: minimumNumber/maximumNumber, -0 < +0. */
    TF("fmin.s qnan,1", "fmin.s ft3, ft0, ft1", QNAN_S_PAYLOAD, S1, S1, 0);
    TF("fmax.s 1,qnan", "fmax.s ft3, ft0, ft1", S1, QNAN_S_PAYLOAD, S1, 0);
    TF("fmin.s snan,1", "fmin.s ft3, ft0, ft1", SNAN_S, S1, S1, NV);
    TF("fmin.s qnan,qnan", "fmin.s ft3, ft0, ft1", QNAN_S_PAYLOAD, QNAN_S_PAYLOAD, CNAN_S, 0);
    TF("fmax.s snan,qnan", "fmax.s ft3, ft0, ft1", SNAN_S, QNAN_S_PAYLOAD, CNAN_S, NV);
    TF("fmin.s -0,+0", "fmin.s ft3, ft0, ft1", SNZ, SPZ, SNZ, 0);
    TF("fmin.s +0,-0", "fmin.s ft3, ft0, ft1", SPZ, SNZ, SNZ, 0);
    TF("fmax.s -0,+0", "fmax.s ft3, ft0, ft1", SNZ, SPZ, SPZ, 0);
    TF("fmax.s +0,-0", "fmax.s ft3, ft0, ft1", SPZ, SNZ, SPZ, 0);
    TF("fmin.s -1,2", "fmin.s ft3, ft0, ft1", SM1, S2, SM1, 0);
    TF("fmax.s -1,2", "fmax.s ft3, ft0, ft1", SM1, S2, S2, 0);
    TF("fmin.s unboxed,1", "fmin.s ft3, ft0, ft1", 0x000000003f000000ull, S1, S1, 0);
    TF("fmin.d -0,+0", "fmin.d ft3, ft0, ft1", DNZ, DPZ, DNZ, 0);
    TF("fmax.d +0,-0", "fmax.d ft3, ft0, ft1", DPZ, DNZ, DPZ, 0);
    TF("fmax.d -inf,-1", "fmax.d ft3, ft0, ft1", 0xfff0000000000000ull, DM1, DM1, 0);
    TF("fmin.d snan,snan", "fmin.d ft3, ft0, ft1", SNAN_D, SNAN_D, CNAN_D, NV);
    TF("fmax.d qnan,-2", "fmax.d ft3, ft0, ft1", QNAN_D_PAYLOAD, 0xc000000000000000ull, 0xc000000000000000ull, 0);

    /* Comparisons: feq quiet, flt/fle signaling. */
    TX("feq.s 1,1", "feq.s %[r], ft0, ft1", S1, S1, 1, 0);
    TX("feq.s -0,+0", "feq.s %[r], ft0, ft1", SNZ, SPZ, 1, 0);
    TX("feq.s qnan", "feq.s %[r], ft0, ft1", QNAN_S_PAYLOAD, QNAN_S_PAYLOAD, 0, 0);
    TX("feq.s snan", "feq.s %[r], ft0, ft1", SNAN_S, S1, 0, NV);
    TX("flt.s qnan", "flt.s %[r], ft0, ft1", S1, QNAN_S_PAYLOAD, 0, NV);
    TX("fle.s qnan", "fle.s %[r], ft0, ft1", QNAN_S_PAYLOAD, S1, 0, NV);
    TX("flt.s -1<1", "flt.s %[r], ft0, ft1", SM1, S1, 1, 0);
    TX("flt.s 1<1", "flt.s %[r], ft0, ft1", S1, S1, 0, 0);
    TX("fle.s 1<=1", "fle.s %[r], ft0, ft1", S1, S1, 1, 0);
    TX("fle.s -0<=+0", "fle.s %[r], ft0, ft1", SNZ, SPZ, 1, 0);
    TX("flt.s -0<+0", "flt.s %[r], ft0, ft1", SNZ, SPZ, 0, 0);
    TX("feq.d", "feq.d %[r], ft0, ft1", D2, D2, 1, 0);
    TX("feq.d qnan", "feq.d %[r], ft0, ft1", CNAN_D, D2, 0, 0);
    TX("feq.d snan", "feq.d %[r], ft0, ft1", D2, SNAN_D, 0, NV);
    TX("flt.d", "flt.d %[r], ft0, ft1", DM1, D2, 1, 0);
    TX("flt.d qnan", "flt.d %[r], ft0, ft1", CNAN_D, D2, 0, NV);
    TX("fle.d", "fle.d %[r], ft0, ft1", D2, DM1, 0, 0);
    TX("fle.d -inf", "fle.d %[r], ft0, ft1", 0xfff0000000000000ull, 0xffefffffffffffffull, 1, 0);

    /* fclass: one bit per class. */
    TX("fclass.s -inf", "fclass.s %[r], ft0", BOX(0xff800000), 0, 1 << 0, 0);
    TX("fclass.s -normal", "fclass.s %[r], ft0", SM1, 0, 1 << 1, 0);
    TX("fclass.s -subnormal", "fclass.s %[r], ft0", BOX(0x80000001), 0, 1 << 2, 0);
    TX("fclass.s -0", "fclass.s %[r], ft0", SNZ, 0, 1 << 3, 0);
    TX("fclass.s +0", "fclass.s %[r], ft0", SPZ, 0, 1 << 4, 0);
    TX("fclass.s +subnormal", "fclass.s %[r], ft0", BOX(0x007fffff), 0, 1 << 5, 0);
    TX("fclass.s +normal", "fclass.s %[r], ft0", BOX(0x00800000), 0, 1 << 6, 0);
    TX("fclass.s +inf", "fclass.s %[r], ft0", BOX(0x7f800000), 0, 1 << 7, 0);
    TX("fclass.s snan", "fclass.s %[r], ft0", SNAN_S, 0, 1 << 8, 0);
    TX("fclass.s qnan", "fclass.s %[r], ft0", QNAN_S_PAYLOAD, 0, 1 << 9, 0);
    TX("fclass.d -inf", "fclass.d %[r], ft0", 0xfff0000000000000ull, 0, 1 << 0, 0);
    TX("fclass.d -normal", "fclass.d %[r], ft0", 0xffefffffffffffffull, 0, 1 << 1, 0);
    TX("fclass.d -subnormal", "fclass.d %[r], ft0", 0x800fffffffffffffull, 0, 1 << 2, 0);
    TX("fclass.d -0", "fclass.d %[r], ft0", DNZ, 0, 1 << 3, 0);
    TX("fclass.d +0", "fclass.d %[r], ft0", DPZ, 0, 1 << 4, 0);
    TX("fclass.d +subnormal", "fclass.d %[r], ft0", 1, 0, 1 << 5, 0);
    TX("fclass.d +normal", "fclass.d %[r], ft0", D1, 0, 1 << 6, 0);
    TX("fclass.d +inf", "fclass.d %[r], ft0", 0x7ff0000000000000ull, 0, 1 << 7, 0);
    TX("fclass.d snan", "fclass.d %[r], ft0", 0xfff7ffffffffffffull, 0, 1 << 8, 0);
    TX("fclass.d qnan", "fclass.d %[r], ft0", CNAN_D, 0, 1 << 9, 0);

    if (failures) {
        printf("fp-nan: %d failures\n", failures);
        return 1;
    }
    return 0;
}
