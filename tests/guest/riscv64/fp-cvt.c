/*
 * fp-cvt.c: conversions between integers and F/D values, and between the
 * two formats, in every rounding mode (RISC-V unprivileged ISA 11.7, 12.5).
 *
 * Float -> integer: rounded in rm; NaN gives the largest positive integer;
 * out-of-range values saturate; both raise NV only (no NX).  32-bit results
 * are sign-extended into the 64-bit register, for fcvt.wu too.  Integer ->
 * float: w/wu use the low 32 bits of the register.
 */
#include <stdint.h>
#include <stdio.h>

static int failures;
static uint64_t flags;

#define BOX(x) (0xffffffff00000000ull | (uint32_t)(x))

/* %[r]: integer result; ft3: float result; %[a] / ft0: the operand. */
#define RUN_(insn, tail, A_, M_)                                               \
    ({                                                                          \
        uint64_t r_, f_;                                                        \
        asm volatile("csrw frm, %[m]\n\tcsrw fflags, zero\n\t"                  \
                     "fmv.d.x ft0, %[a]\n\tli %[r], 0\n\t"                      \
                     insn "\n\t" tail "\n\tcsrr %[f], fflags"                   \
                     : [r] "=&r"(r_), [f] "=&r"(f_)                             \
                     : [a] "r"(A_), [m] "r"(M_)                                 \
                     : "ft0", "ft3");                                           \
        flags = f_;                                                             \
        r_;                                                                     \
    })

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

/* X: result in %[r] (float -> int); F: result in ft3 (-> float).  m = frm for dyn. */
#define TX(what, insn, a, exp, ef) check(what, RUN_(insn, "", (uint64_t)(a), 0ull), (uint64_t)(exp), flags, ef)
#define TXM(what, insn, a, m, exp, ef) check(what, RUN_(insn, "", (uint64_t)(a), (uint64_t)(m)), (uint64_t)(exp), flags, ef)
#define TF(what, insn, a, exp, ef) \
    check(what, RUN_(insn, "fmv.x.d %[r], ft3", (uint64_t)(a), 0ull), (uint64_t)(exp), flags, ef)

enum { NX = 1, UF = 2, OF = 4, DZ = 8, NV = 16 };
enum { RNE, RTZ, RDN, RUP, RMM };

#define SEXT32(x) ((uint64_t)(int64_t)(int32_t)(uint32_t)(x))
#define CNAN_D 0x7ff8000000000000ull
#define D2P5 0x4004000000000000ull
#define DM2P5 0xc004000000000000ull

int main(void)
{
    /* NaN and infinities. */
    TX("fcvt.w.d nan", "fcvt.w.d %[r], ft0, rtz", CNAN_D, 0x7fffffff, NV);
    TX("fcvt.w.d -nan", "fcvt.w.d %[r], ft0, rtz", 0xfff8000000000000ull, 0x7fffffff, NV);
    TX("fcvt.wu.d nan", "fcvt.wu.d %[r], ft0, rtz", CNAN_D, SEXT32(0xffffffff), NV);
    TX("fcvt.l.d nan", "fcvt.l.d %[r], ft0, rtz", 0x7ff0000000000001ull, INT64_MAX, NV);
    TX("fcvt.lu.d nan", "fcvt.lu.d %[r], ft0, rtz", CNAN_D, UINT64_MAX, NV);
    TX("fcvt.w.s nan", "fcvt.w.s %[r], ft0, rtz", BOX(0x7fc00000), 0x7fffffff, NV);
    TX("fcvt.w.s unboxed", "fcvt.w.s %[r], ft0, rtz", 0x3f800000ull, 0x7fffffff, NV);
    TX("fcvt.w.d +inf", "fcvt.w.d %[r], ft0, rtz", 0x7ff0000000000000ull, 0x7fffffff, NV);
    TX("fcvt.w.d -inf", "fcvt.w.d %[r], ft0, rtz", 0xfff0000000000000ull, SEXT32(0x80000000), NV);
    TX("fcvt.wu.d -inf", "fcvt.wu.d %[r], ft0, rtz", 0xfff0000000000000ull, 0, NV);
    TX("fcvt.lu.s +inf", "fcvt.lu.s %[r], ft0, rtz", BOX(0x7f800000), UINT64_MAX, NV);
    TX("fcvt.l.s -inf", "fcvt.l.s %[r], ft0, rtz", BOX(0xff800000), INT64_MIN, NV);

    /* Range limits. */
    TX("fcvt.w.d 2^31", "fcvt.w.d %[r], ft0, rtz", 0x41e0000000000000ull, 0x7fffffff, NV);
    TX("fcvt.w.d -2^31", "fcvt.w.d %[r], ft0, rtz", 0xc1e0000000000000ull, SEXT32(0x80000000), 0);
    TX("fcvt.w.d -2^31-0.5 rtz", "fcvt.w.d %[r], ft0, rtz", 0xc1e0000000100000ull, SEXT32(0x80000000), NX);
    TX("fcvt.w.d -2^31-0.5 rne", "fcvt.w.d %[r], ft0, rne", 0xc1e0000000100000ull, SEXT32(0x80000000), NX);
    TX("fcvt.w.d -2^31-0.5 rmm", "fcvt.w.d %[r], ft0, rmm", 0xc1e0000000100000ull, SEXT32(0x80000000), NV);
    TX("fcvt.w.d -2^31-0.5 rdn", "fcvt.w.d %[r], ft0, rdn", 0xc1e0000000100000ull, SEXT32(0x80000000), NV);
    TX("fcvt.w.d 2^31-0.5 rne", "fcvt.w.d %[r], ft0, rne", 0x41dfffffffe00000ull, 0x7fffffff, NV);
    TX("fcvt.w.d 2^31-0.5 rdn", "fcvt.w.d %[r], ft0, rdn", 0x41dfffffffe00000ull, 0x7fffffff, NX);
    TX("fcvt.wu.d 3e9", "fcvt.wu.d %[r], ft0, rtz", 0x41e65a0bc0000000ull, SEXT32(3000000000u), 0);
    TX("fcvt.wu.d 2^32", "fcvt.wu.d %[r], ft0, rtz", 0x41f0000000000000ull, SEXT32(0xffffffff), NV);
    TX("fcvt.wu.d -0.5 rtz", "fcvt.wu.d %[r], ft0, rtz", 0xbfe0000000000000ull, 0, NX);
    TX("fcvt.wu.d -0.5 rne", "fcvt.wu.d %[r], ft0, rne", 0xbfe0000000000000ull, 0, NX);
    TX("fcvt.wu.d -0.5 rmm", "fcvt.wu.d %[r], ft0, rmm", 0xbfe0000000000000ull, 0, NV);
    TX("fcvt.wu.d -0.5 rdn", "fcvt.wu.d %[r], ft0, rdn", 0xbfe0000000000000ull, 0, NV);
    TX("fcvt.wu.d -1", "fcvt.wu.d %[r], ft0, rtz", 0xbff0000000000000ull, 0, NV);
    TX("fcvt.lu.d -0", "fcvt.lu.d %[r], ft0, rtz", 0x8000000000000000ull, 0, 0);
    TX("fcvt.l.d 2^63", "fcvt.l.d %[r], ft0, rtz", 0x43e0000000000000ull, INT64_MAX, NV);
    TX("fcvt.l.d -2^63", "fcvt.l.d %[r], ft0, rtz", 0xc3e0000000000000ull, INT64_MIN, 0);
    TX("fcvt.l.d below -2^63", "fcvt.l.d %[r], ft0, rtz", 0xc3e0000000000001ull, INT64_MIN, NV);
    TX("fcvt.lu.d 2^63", "fcvt.lu.d %[r], ft0, rtz", 0x43e0000000000000ull, 1ull << 63, 0);
    TX("fcvt.lu.d 1e19", "fcvt.lu.d %[r], ft0, rtz", 0x43e158e460913d00ull, 10000000000000000000ull, 0);
    TX("fcvt.lu.d 2^64", "fcvt.lu.d %[r], ft0, rtz", 0x43f0000000000000ull, UINT64_MAX, NV);
    TX("fcvt.l.s -2^63", "fcvt.l.s %[r], ft0, rtz", BOX(0xdf000000), INT64_MIN, 0);
    TX("fcvt.l.s 2^63", "fcvt.l.s %[r], ft0, rtz", BOX(0x5f000000), INT64_MAX, NV);
    TX("fcvt.wu.s 2^32-256", "fcvt.wu.s %[r], ft0, rtz", BOX(0x4f7fffff), SEXT32(0xffffff00), 0);

    /* Rounding modes: 2.5 and -2.5, static and dynamic. */
    TX("fcvt.w.d 2.5 rne", "fcvt.w.d %[r], ft0, rne", D2P5, 2, NX);
    TX("fcvt.w.d 2.5 rtz", "fcvt.w.d %[r], ft0, rtz", D2P5, 2, NX);
    TX("fcvt.w.d 2.5 rdn", "fcvt.w.d %[r], ft0, rdn", D2P5, 2, NX);
    TX("fcvt.w.d 2.5 rup", "fcvt.w.d %[r], ft0, rup", D2P5, 3, NX);
    TX("fcvt.w.d 2.5 rmm", "fcvt.w.d %[r], ft0, rmm", D2P5, 3, NX);
    TX("fcvt.w.d -2.5 rne", "fcvt.w.d %[r], ft0, rne", DM2P5, SEXT32(-2), NX);
    TX("fcvt.w.d -2.5 rdn", "fcvt.w.d %[r], ft0, rdn", DM2P5, SEXT32(-3), NX);
    TX("fcvt.w.d -2.5 rup", "fcvt.w.d %[r], ft0, rup", DM2P5, SEXT32(-2), NX);
    TX("fcvt.w.d -2.5 rmm", "fcvt.w.d %[r], ft0, rmm", DM2P5, SEXT32(-3), NX);
    TXM("fcvt.l.d -2.5 dyn=rmm", "fcvt.l.d %[r], ft0, dyn", DM2P5, RMM, (uint64_t)-3, NX);
    TXM("fcvt.l.d -2.5 dyn=rup", "fcvt.l.d %[r], ft0, dyn", DM2P5, RUP, (uint64_t)-2, NX);
    TXM("fcvt.l.s 3.5 dyn=rne", "fcvt.l.s %[r], ft0", BOX(0x40600000), RNE, 4, NX);
    TXM("fcvt.l.s 3.5 dyn=rtz", "fcvt.l.s %[r], ft0", BOX(0x40600000), RTZ, 3, NX);
    TX("fcvt.w.s tiny rup", "fcvt.w.s %[r], ft0, rup", BOX(0x00000001), 1, NX);
    TX("fcvt.w.s -tiny rdn", "fcvt.w.s %[r], ft0, rdn", BOX(0x80000001), (uint64_t)-1, NX);
    TX("fcvt.w.s 0.5 rmm", "fcvt.w.s %[r], ft0, rmm", BOX(0x3f000000), 1, NX);
    TX("fcvt.w.s 0.5 rne", "fcvt.w.s %[r], ft0, rne", BOX(0x3f000000), 0, NX);
    TX("fcvt.w.s 1.5 rne", "fcvt.w.s %[r], ft0, rne", BOX(0x3fc00000), 2, NX);

    /* Integer -> float. */
    TF("fcvt.s.w int_min", "fcvt.s.w ft3, %[a], rne", 0x80000000ull, BOX(0xcf000000), 0);
    TF("fcvt.s.w int_max rne", "fcvt.s.w ft3, %[a], rne", 0x7fffffffull, BOX(0x4f000000), NX);
    TF("fcvt.s.w int_max rtz", "fcvt.s.w ft3, %[a], rtz", 0x7fffffffull, BOX(0x4effffff), NX);
    TF("fcvt.s.wu all ones", "fcvt.s.wu ft3, %[a], rne", UINT64_MAX, BOX(0x4f800000), NX);
    TF("fcvt.s.wu 2^24+1 rne", "fcvt.s.wu ft3, %[a], rne", 0x1234567801000001ull, BOX(0x4b800000), NX);
    TF("fcvt.s.wu 2^24+1 rmm", "fcvt.s.wu ft3, %[a], rmm", 0x1234567801000001ull, BOX(0x4b800001), NX);
    TF("fcvt.s.wu 2^24+1 rup", "fcvt.s.wu ft3, %[a], rup", 0x1234567801000001ull, BOX(0x4b800001), NX);
    TF("fcvt.s.l int64_min", "fcvt.s.l ft3, %[a], rne", INT64_MIN, BOX(0xdf000000), 0);
    TF("fcvt.s.l -3", "fcvt.s.l ft3, %[a], rne", (uint64_t)-3, BOX(0xc0400000), 0);
    TF("fcvt.s.lu max rdn", "fcvt.s.lu ft3, %[a], rdn", UINT64_MAX, BOX(0x5f7fffff), NX);
    TF("fcvt.d.w low half", "fcvt.d.w ft3, %[a]", 0x0000000080000000ull, 0xc1e0000000000000ull, 0);
    TF("fcvt.d.wu low half", "fcvt.d.wu ft3, %[a]", 0xffffffff80000000ull, 0x41e0000000000000ull, 0);
    TF("fcvt.d.l -1", "fcvt.d.l ft3, %[a], rne", UINT64_MAX, 0xbff0000000000000ull, 0);
    TF("fcvt.d.l int64_max rne", "fcvt.d.l ft3, %[a], rne", INT64_MAX, 0x43e0000000000000ull, NX);
    TF("fcvt.d.l int64_max rtz", "fcvt.d.l ft3, %[a], rtz", INT64_MAX, 0x43dfffffffffffffull, NX);
    TF("fcvt.d.lu max rne", "fcvt.d.lu ft3, %[a], rne", UINT64_MAX, 0x43f0000000000000ull, NX);
    TF("fcvt.d.lu 0", "fcvt.d.lu ft3, %[a], rdn", 0, 0, 0);

    /* Between formats. */
    TF("fcvt.s.d 1/3 rne", "fcvt.s.d ft3, ft0, rne", 0x3fd5555555555555ull, BOX(0x3eaaaaab), NX);
    TF("fcvt.s.d 1/3 rtz", "fcvt.s.d ft3, ft0, rtz", 0x3fd5555555555555ull, BOX(0x3eaaaaaa), NX);
    TF("fcvt.s.d -1/3 rdn", "fcvt.s.d ft3, ft0, rdn", 0xbfd5555555555555ull, BOX(0xbeaaaaab), NX);
    TF("fcvt.s.d max rne", "fcvt.s.d ft3, ft0, rne", 0x7fefffffffffffffull, BOX(0x7f800000), OF | NX);
    TF("fcvt.s.d max rtz", "fcvt.s.d ft3, ft0, rtz", 0x7fefffffffffffffull, BOX(0x7f7fffff), OF | NX);
    TF("fcvt.s.d -inf", "fcvt.s.d ft3, ft0, rne", 0xfff0000000000000ull, BOX(0xff800000), 0);
    TF("fcvt.s.d -0", "fcvt.s.d ft3, ft0, rne", 0x8000000000000000ull, BOX(0x80000000), 0);
    /* (1 - 2^-25) 2^-126: rounds to 2^-126, not tiny after rounding: NX only. */
    TF("fcvt.s.d not tiny", "fcvt.s.d ft3, ft0, rne", 0x380ffffff0000000ull, BOX(0x00800000), NX);
    TF("fcvt.s.d tiny rtz", "fcvt.s.d ft3, ft0, rtz", 0x380ffffff0000000ull, BOX(0x007fffff), UF | NX);
    TF("fcvt.s.d min subnormal", "fcvt.s.d ft3, ft0, rne", 0x36a0000000000000ull, BOX(0x00000001), 0);
    TF("fcvt.s.d below min subnormal rup", "fcvt.s.d ft3, ft0, rup", 0x0000000000000001ull,
       BOX(0x00000001), UF | NX);
    TF("fcvt.s.d below min subnormal rne", "fcvt.s.d ft3, ft0, rne", 0x0000000000000001ull,
       BOX(0x00000000), UF | NX);
    TF("fcvt.d.s min subnormal", "fcvt.d.s ft3, ft0", BOX(0x00000001), 0x36a0000000000000ull, 0);
    TF("fcvt.d.s max", "fcvt.d.s ft3, ft0", BOX(0x7f7fffff), 0x47efffffe0000000ull, 0);
    TF("fcvt.d.s -inf", "fcvt.d.s ft3, ft0", BOX(0xff800000), 0xfff0000000000000ull, 0);

    if (failures) {
        printf("fp-cvt: %d failures\n", failures);
        return 1;
    }
    return 0;
}
