/*
 * fp-rm-illegal.c: reserved rounding modes raise an illegal-instruction
 * exception (RISC-V unprivileged ISA 11.2): a static rm of 5 or 6, and DYN
 * while frm holds 5, 6 or 7.  Linux delivers SIGILL; the handler jumps back.
 * Also checks that a valid static rm still works while frm is invalid, and
 * that fflags are not touched by the trapping instruction.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>

static sigjmp_buf env;
static volatile int got_sigill;
static int failures;

static void on_sigill(int sig)
{
    got_sigill = 1;
    siglongjmp(env, 1);
}

/* fadd.d ft3, ft0, ft1 with rm = 5 and 6 (the assembler refuses these names). */
#define FADD_D_RM5 ".insn r 0x53, 5, 0x01, ft3, ft0, ft1"
#define FADD_D_RM6 ".insn r 0x53, 6, 0x01, ft3, ft0, ft1"

static void expect_sigill(const char *what, int which, uint64_t frm)
{
    got_sigill = 0;
    if (sigsetjmp(env, 1) == 0) {
        asm volatile("csrw frm, %0\n\tcsrw fflags, zero" : : "r"(frm));
        switch (which) {
        case 0:
            asm volatile(FADD_D_RM5 ::: "ft3");
            break;
        case 1:
            asm volatile(FADD_D_RM6 ::: "ft3");
            break;
        case 2:
            asm volatile("fadd.d ft3, ft0, ft1, dyn" ::: "ft3");
            break;
        case 3:
            asm volatile("fcvt.w.d t0, ft0, dyn" ::: "t0");
            break;
        default:
            asm volatile("fmadd.s ft3, ft0, ft1, ft2, dyn" ::: "ft3");
            break;
        }
    }
    if (!got_sigill) {
        printf("FAIL: %s got no SIGILL expected SIGILL\n", what);
        failures++;
    }
}

int main(void)
{
    uint64_t r, f;

    signal(SIGILL, on_sigill);
    asm volatile("fmv.d.x ft0, %0\n\tfmv.d.x ft1, %0\n\tfmv.d.x ft2, %0" : : "r"(0x3ff0000000000000ull));
    expect_sigill("fadd.d rm=5", 0, 0);
    expect_sigill("fadd.d rm=6", 1, 0);
    expect_sigill("fadd.d dyn frm=5", 2, 5);
    expect_sigill("fadd.d dyn frm=6", 2, 6);
    expect_sigill("fadd.d dyn frm=7", 2, 7);
    expect_sigill("fcvt.w.d dyn frm=5", 3, 5);
    expect_sigill("fmadd.s dyn frm=7", 4, 7);

    /* A static mode works whatever frm holds. */
    asm volatile("csrw frm, %2\n\tcsrw fflags, zero\n\t"
                 "fmv.d.x ft0, %3\n\tfmv.d.x ft1, %4\n\t"
                 "fdiv.d ft3, ft0, ft1, rup\n\tfmv.x.d %0, ft3\n\tcsrr %1, fflags\n\t"
                 "csrw frm, zero"
                 : "=&r"(r), "=&r"(f)
                 : "r"(5ull), "r"(0x3ff0000000000000ull), "r"(0x4008000000000000ull)
                 : "ft0", "ft1", "ft3");
    if (r != 0x3fd5555555555556ull || f != 1) {
        printf("FAIL: fdiv.d rup with frm=5 got %#llx/%#llx expected 0x3fd5555555555556/0x1\n",
               (unsigned long long)r, (unsigned long long)f);
        failures++;
    }
    return failures ? 1 : 0;
}
