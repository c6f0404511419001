/*
 * fp-arith.c: F/D arithmetic in every rounding mode, with exact fflags.
 *
 * Each operation runs in one asm block: set frm, clear fflags, load the
 * operands as raw bits, execute the instruction under test (with a static rm
 * or DYN), read the raw result and fflags back.  Expected values follow from
 * IEEE 754-2008 and the RISC-V unprivileged ISA (chapters 11 and 12).
 * Single-precision results must come back NaN-boxed (upper 32 bits all ones).
 */
#include <stdint.h>
#include <stdio.h>

static int failures;
static uint64_t flags;

#define BOX(x) (0xffffffff00000000ull | (uint32_t)(x))

/* Result in ft3. Operands in ft0, ft1, ft2; frm set to m first. */
#define RUNF(insn, A_, B_, C_, M_)                                                 \
    ({                                                                          \
        uint64_t r_, f_;                                                        \
        asm volatile("csrw frm, %[m]\n\tcsrw fflags, zero\n\t"                  \
                     "fmv.d.x ft0, %[a]\n\tfmv.d.x ft1, %[b]\n\tfmv.d.x ft2, %[c]\n\t" \
                     insn "\n\t"                                                \
                     "fmv.x.d %[r], ft3\n\tcsrr %[f], fflags"                    \
                     : [r] "=&r"(r_), [f] "=&r"(f_)                             \
                     : [a] "r"(A_), [b] "r"(B_), [c] "r"(C_), [m] "r"(M_)       \
                     : "ft0", "ft1", "ft2", "ft3");                             \
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

#define T(what, insn, a, b, c, m, exp, eflags) \
    check(what, RUNF(insn, (uint64_t)(a), (uint64_t)(b), (uint64_t)(c), (uint64_t)(m)), exp, flags, eflags)

enum { NX = 1, UF = 2, OF = 4, DZ = 8, NV = 16 };
enum { RNE, RTZ, RDN, RUP, RMM };

#define D1 0x3ff0000000000000ull
#define D2 0x4000000000000000ull
#define D3 0x4008000000000000ull
#define DM1 0xbff0000000000000ull
#define D2M53 0x3ca0000000000000ull       /* 2^-53: half an ulp of 1.0 */
#define DMAX 0x7fefffffffffffffull
#define DINF 0x7ff0000000000000ull
#define DNAN 0x7ff8000000000000ull
#define DMINSUB 0x0000000000000001ull
#define DMINNORM 0x0010000000000000ull
#define DHALF 0x3fe0000000000000ull
#define S1 BOX(0x3f800000)
#define S2 BOX(0x40000000)
#define S2M24 BOX(0x33800000)
#define SNAN BOX(0x7fc00000)

int main(void)
{
    /* Ties: 1 + 2^-53 is halfway between 1 and 1 + 2^-52. */
    T("fadd.d tie rne", "fadd.d ft3, ft0, ft1, rne", D1, D2M53, 0, 0, D1, NX);
    T("fadd.d tie rtz", "fadd.d ft3, ft0, ft1, rtz", D1, D2M53, 0, 0, D1, NX);
    T("fadd.d tie rdn", "fadd.d ft3, ft0, ft1, rdn", D1, D2M53, 0, 0, D1, NX);
    T("fadd.d tie rup", "fadd.d ft3, ft0, ft1, rup", D1, D2M53, 0, 0, D1 + 1, NX);
    T("fadd.d tie rmm", "fadd.d ft3, ft0, ft1, rmm", D1, D2M53, 0, 0, D1 + 1, NX);
    T("fsub.d -tie rmm", "fsub.d ft3, ft0, ft1, rmm", DM1, D2M53, 0, 0, DM1 + 1, NX);
    T("fsub.d -tie rdn", "fsub.d ft3, ft0, ft1, rdn", DM1, D2M53, 0, 0, DM1 + 1, NX);
    T("fsub.d -tie rup", "fsub.d ft3, ft0, ft1, rup", DM1, D2M53, 0, 0, DM1, NX);
    T("fsub.d -tie rne", "fsub.d ft3, ft0, ft1, rne", DM1, D2M53, 0, 0, DM1, NX);
    /* The same through DYN: frm selects the mode. */
    T("fadd.d tie dyn=rup", "fadd.d ft3, ft0, ft1, dyn", D1, D2M53, 0, RUP, D1 + 1, NX);
    T("fadd.d tie dyn=rmm", "fadd.d ft3, ft0, ft1, dyn", D1, D2M53, 0, RMM, D1 + 1, NX);
    T("fadd.d tie dyn=rne", "fadd.d ft3, ft0, ft1, dyn", D1, D2M53, 0, RNE, D1, NX);
    /* A static rm overrides frm. */
    T("fadd.d tie rne, frm=rup", "fadd.d ft3, ft0, ft1, rne", D1, D2M53, 0, RUP, D1, NX);

    /* 1/3 and -1/3 in each mode. */
    T("fdiv.d 1/3 rne", "fdiv.d ft3, ft0, ft1, rne", D1, D3, 0, 0, 0x3fd5555555555555ull, NX);
    T("fdiv.d 1/3 rtz", "fdiv.d ft3, ft0, ft1, rtz", D1, D3, 0, 0, 0x3fd5555555555555ull, NX);
    T("fdiv.d 1/3 rdn", "fdiv.d ft3, ft0, ft1, rdn", D1, D3, 0, 0, 0x3fd5555555555555ull, NX);
    T("fdiv.d 1/3 rup", "fdiv.d ft3, ft0, ft1, rup", D1, D3, 0, 0, 0x3fd5555555555556ull, NX);
    T("fdiv.d 1/3 rmm", "fdiv.d ft3, ft0, ft1, rmm", D1, D3, 0, 0, 0x3fd5555555555555ull, NX);
    T("fdiv.d -1/3 rdn", "fdiv.d ft3, ft0, ft1, rdn", DM1, D3, 0, 0, 0xbfd5555555555556ull, NX);
    T("fdiv.d -1/3 rup", "fdiv.d ft3, ft0, ft1, rup", DM1, D3, 0, 0, 0xbfd5555555555555ull, NX);
    T("fdiv.d 2/3 rmm", "fdiv.d ft3, ft0, ft1, rmm", D2, D3, 0, 0, 0x3fe5555555555555ull, NX);

    /* Overflow. */
    T("fmul.d ovf rne", "fmul.d ft3, ft0, ft1, rne", DMAX, D2, 0, 0, DINF, OF | NX);
    T("fmul.d ovf rtz", "fmul.d ft3, ft0, ft1, rtz", DMAX, D2, 0, 0, DMAX, OF | NX);
    T("fmul.d ovf rdn", "fmul.d ft3, ft0, ft1, rdn", DMAX, D2, 0, 0, DMAX, OF | NX);
    T("fmul.d ovf rup", "fmul.d ft3, ft0, ft1, rup", DMAX, D2, 0, 0, DINF, OF | NX);
    T("fmul.d ovf rmm", "fmul.d ft3, ft0, ft1, rmm", DMAX, D2, 0, 0, DINF, OF | NX);
    T("fmul.d -ovf rdn", "fmul.d ft3, ft0, ft1, rdn", DMAX, 0xc000000000000000ull, 0, 0,
      0xfff0000000000000ull, OF | NX);
    T("fmul.d -ovf rup", "fmul.d ft3, ft0, ft1, rup", DMAX, 0xc000000000000000ull, 0, 0,
      0xffefffffffffffffull, OF | NX);

    /* Division by zero, invalid. */
    T("fdiv.d 1/0", "fdiv.d ft3, ft0, ft1, rne", D1, 0, 0, 0, DINF, DZ);
    T("fdiv.d -1/0", "fdiv.d ft3, ft0, ft1, rne", DM1, 0, 0, 0, 0xfff0000000000000ull, DZ);
    T("fdiv.d 0/0", "fdiv.d ft3, ft0, ft1, rne", 0, 0, 0, 0, DNAN, NV);
    T("fsub.d inf-inf", "fsub.d ft3, ft0, ft1, rne", DINF, DINF, 0, 0, DNAN, NV);
    T("fmul.d 0*inf", "fmul.d ft3, ft0, ft1, rne", 0, DINF, 0, 0, DNAN, NV);
    T("fsqrt.d -1", "fsqrt.d ft3, ft0, rne", DM1, 0, 0, 0, DNAN, NV);
    T("fsqrt.d -0", "fsqrt.d ft3, ft0, rne", 0x8000000000000000ull, 0, 0, 0, 0x8000000000000000ull, 0);

    /* Underflow: tiny and inexact; an exact subnormal raises nothing. */
    T("fmul.d minnorm/2", "fmul.d ft3, ft0, ft1, rne", DMINNORM, DHALF, 0, 0, 0x0008000000000000ull, 0);
    T("fmul.d minsub/2 rne", "fmul.d ft3, ft0, ft1, rne", DMINSUB, DHALF, 0, 0, 0, UF | NX);
    T("fmul.d minsub/2 rup", "fmul.d ft3, ft0, ft1, rup", DMINSUB, DHALF, 0, 0, DMINSUB, UF | NX);
    T("fmul.d minsub/2 rmm", "fmul.d ft3, ft0, ft1, rmm", DMINSUB, DHALF, 0, 0, DMINSUB, UF | NX);
    /* Tininess after rounding: (1 - 2^-104) 2^-1022 rounds to 2^-1022, no UF... */
    T("fmul.d not tiny after rounding", "fmul.d ft3, ft0, ft1, rne",
      0x3fe0000000000001ull, 0x001ffffffffffffeull, 0, 0, DMINNORM, NX);
    /* ...but in RTZ it stays subnormal: UF. */
    T("fmul.d tiny rtz", "fmul.d ft3, ft0, ft1, rtz",
      0x3fe0000000000001ull, 0x001ffffffffffffeull, 0, 0, 0x000fffffffffffffull, UF | NX);
    /* (1 - 2^-53) 2^-1022 has 53 bits: tiny, rounds up to 2^-1022 with UF. */
    T("fmul.d tiny rounds to minnorm", "fmul.d ft3, ft0, ft1, rne",
      0x3fefffffffffffffull, DMINNORM, 0, 0, DMINNORM, UF | NX);

    /* Cancellation: +0, -0 in RDN. */
    T("fsub.d x-x rne", "fsub.d ft3, ft0, ft1, rne", D3, D3, 0, 0, 0, 0);
    T("fsub.d x-x rdn", "fsub.d ft3, ft0, ft1, rdn", D3, D3, 0, 0, 0x8000000000000000ull, 0);

    /* Square roots. */
    T("fsqrt.d 2 rne", "fsqrt.d ft3, ft0, rne", D2, 0, 0, 0, 0x3ff6a09e667f3bcdull, NX);
    T("fsqrt.d 2 rdn", "fsqrt.d ft3, ft0, rdn", D2, 0, 0, 0, 0x3ff6a09e667f3bccull, NX);
    T("fsqrt.d 2 rmm", "fsqrt.d ft3, ft0, rmm", D2, 0, 0, 0, 0x3ff6a09e667f3bcdull, NX);
    T("fsqrt.d 4", "fsqrt.d ft3, ft0, rne", 0x4010000000000000ull, 0, 0, 0, D2, 0);
    T("fsqrt.s 2 rne", "fsqrt.s ft3, ft0, rne", S2, 0, 0, 0, BOX(0x3fb504f3), NX);
    T("fsqrt.s 2 rup", "fsqrt.s ft3, ft0, rup", S2, 0, 0, 0, BOX(0x3fb504f4), NX);

    /* Fused multiply-add: one rounding. (1 + 2^-52)^2 - (1 + 2^-51) = 2^-104. */
    T("fmsub.d exact", "fmsub.d ft3, ft0, ft1, ft2, rne", D1 + 1, D1 + 1, D1 + 2, 0,
      0x3970000000000000ull, 0);
    T("fmadd.d 2*3+1", "fmadd.d ft3, ft0, ft1, ft2, rne", D2, D3, D1, 0, 0x401c000000000000ull, 0);
    T("fmsub.d 2*3-1", "fmsub.d ft3, ft0, ft1, ft2, rne", D2, D3, D1, 0, 0x4014000000000000ull, 0);
    T("fnmsub.d -(2*3)+1", "fnmsub.d ft3, ft0, ft1, ft2, rne", D2, D3, D1, 0, 0xc014000000000000ull, 0);
    T("fnmadd.d -(2*3)-1", "fnmadd.d ft3, ft0, ft1, ft2, rne", D2, D3, D1, 0, 0xc01c000000000000ull, 0);
    T("fmadd.d 0*inf+qnan", "fmadd.d ft3, ft0, ft1, ft2, rne", 0, DINF, DNAN, 0, DNAN, NV);
    T("fmadd.d inf*1-inf", "fmadd.d ft3, ft0, ft1, ft2, rne", DINF, D1, 0xfff0000000000000ull, 0, DNAN, NV);
    T("fmadd.d 1*1+minsub rup", "fmadd.d ft3, ft0, ft1, ft2, rup", D1, D1, DMINSUB, 0, D1 + 1, NX);
    T("fmadd.d 1*1+minsub rne", "fmadd.d ft3, ft0, ft1, ft2, rne", D1, D1, DMINSUB, 0, D1, NX);
    T("fmadd.d 0*1-0", "fmadd.d ft3, ft0, ft1, ft2, rne", 0, D1, 0x8000000000000000ull, 0, 0, 0);
    T("fmadd.d 0*1-0 rdn", "fmadd.d ft3, ft0, ft1, ft2, rdn", 0, D1, 0x8000000000000000ull, 0,
      0x8000000000000000ull, 0);
    T("fnmadd.d -(0*1)-0", "fnmadd.d ft3, ft0, ft1, ft2, rne", 0, D1, 0, 0, 0x8000000000000000ull, 0);
    T("fmadd.s tie rmm", "fmadd.s ft3, ft0, ft1, ft2, rmm", S1, S1, S2M24, 0, BOX(0x3f800001), NX);
    T("fmadd.s tie rne", "fmadd.s ft3, ft0, ft1, ft2, rne", S1, S1, S2M24, 0, BOX(0x3f800000), NX);
    T("fmsub.s exact", "fmsub.s ft3, ft0, ft1, ft2, dyn", BOX(0x3f800001), BOX(0x3f800001),
      BOX(0x3f800002), RNE, BOX(0x28800000), 0);

    /* Single precision: ties, overflow, boxing of results. */
    T("fadd.s tie rne", "fadd.s ft3, ft0, ft1, rne", S1, S2M24, 0, 0, BOX(0x3f800000), NX);
    T("fadd.s tie rmm", "fadd.s ft3, ft0, ft1, rmm", S1, S2M24, 0, 0, BOX(0x3f800001), NX);
    T("fadd.s tie rup", "fadd.s ft3, ft0, ft1, rup", S1, S2M24, 0, 0, BOX(0x3f800001), NX);
    T("fadd.s tie dyn=rmm", "fadd.s ft3, ft0, ft1", S1, S2M24, 0, RMM, BOX(0x3f800001), NX);
    T("fsub.s -tie rmm", "fsub.s ft3, ft0, ft1, rmm", BOX(0xbf800000), S2M24, 0, 0, BOX(0xbf800001), NX);
    T("fmul.s ovf rne", "fmul.s ft3, ft0, ft1, rne", BOX(0x7f7fffff), S2, 0, 0, BOX(0x7f800000), OF | NX);
    T("fmul.s ovf rtz", "fmul.s ft3, ft0, ft1, rtz", BOX(0x7f7fffff), S2, 0, 0, BOX(0x7f7fffff), OF | NX);
    T("fdiv.s 1/0", "fdiv.s ft3, ft0, ft1, rne", S1, BOX(0), 0, 0, BOX(0x7f800000), DZ);
    T("fdiv.s 0/0", "fdiv.s ft3, ft0, ft1, rne", BOX(0), BOX(0), 0, 0, SNAN, NV);
    T("fmul.s tiny rounds to minnorm", "fmul.s ft3, ft0, ft1, rne", BOX(0x3f7fffff), BOX(0x00800000),
      0, 0, BOX(0x00800000), UF | NX);
    T("fdiv.s minsub/2 rmm", "fdiv.s ft3, ft0, ft1, rmm", BOX(1), S2, 0, 0, BOX(1), UF | NX);
    T("fdiv.s 3minsub/2 rne", "fdiv.s ft3, ft0, ft1, rne", BOX(3), S2, 0, 0, BOX(2), UF | NX);

    /* fflags accrue: two operations without clearing. */
    {
        uint64_t f;
        asm volatile("csrw fflags, zero\n\t"
                     "fmv.d.x ft0, %[one]\n\tfmv.d.x ft1, zero\n\t"
                     "fdiv.d ft2, ft0, ft1\n\t"          /* DZ */
                     "fmv.d.x ft1, %[three]\n\t"
                     "fdiv.d ft2, ft0, ft1\n\t"          /* NX */
                     "csrr %[f], fflags"
                     : [f] "=r"(f) : [one] "r"(D1), [three] "r"(D3) : "ft0", "ft1", "ft2");
        check("fflags accrue", f, DZ | NX, 0, 0);
        /* fcsr = frm << 5 | fflags */
        asm volatile("fsrmi 3\n\tcsrr %[f], fcsr\n\tfsrmi 0\n\tcsrw fflags, zero" : [f] "=r"(f));
        check("fcsr", f, 3 << 5 | DZ | NX, 0, 0);
    }

    if (failures) {
        printf("fp-arith: %d failures\n", failures);
        return 1;
    }
    return 0;
}
