/*
 * int-csr.c: Zicsr in user mode.  The FP CSRs (fflags, frm, fcsr) through
 * every csrr* form, the counters (time, cycle, instret), and the illegal
 * cases: an unknown or privileged CSR, and a write to a read-only counter,
 * must raise SIGILL at the instruction (si_code ILL_ILLOPC, si_addr = pc).
 * Also ebreak -> SIGTRAP.  Exit status 0 = pass.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <ucontext.h>

static int failures;

static void check(const char *what, uint64_t got, uint64_t exp)
{
    if (got != exp) {
        printf("FAIL: %s got 0x%llx expected 0x%llx\n", what,
               (unsigned long long)got, (unsigned long long)exp);
        failures++;
    }
}

#define CSRR(csr) ({ uint64_t v_; __asm__ volatile("csrr %0, " #csr : "=r"(v_)); v_; })

static void test_fp_csrs(void)
{
    uint64_t old, v;

    __asm__ volatile("csrw fcsr, zero");
    check("fcsr cleared", CSRR(fcsr), 0);

    /* csrrw returns the old value and writes the new one; frm is 3 bits. */
    __asm__ volatile("csrrw %0, frm, %1" : "=r"(old) : "r"(0xffull));
    check("csrrw frm old", old, 0);
    check("frm masked", CSRR(frm), 7);
    check("fcsr has frm", CSRR(fcsr), 7 << 5);
    __asm__ volatile("csrrwi %0, frm, 2" : "=r"(old));
    check("csrrwi frm old", old, 7);
    check("frm after csrrwi", CSRR(frm), 2);

    /* csrrs/csrrc on fflags (5 bits). */
    __asm__ volatile("csrrs %0, fflags, %1" : "=r"(old) : "r"(0x21ull));
    check("csrrs fflags old", old, 0);
    check("fflags set", CSRR(fflags), 1);
    __asm__ volatile("csrrsi %0, fflags, 0x1c" : "=r"(old));
    check("csrrsi fflags old", old, 1);
    check("fflags after csrrsi", CSRR(fflags), 0x1d);
    __asm__ volatile("csrrci %0, fflags, 0x5" : "=r"(old));
    check("csrrci fflags old", old, 0x1d);
    __asm__ volatile("csrrc %0, fflags, %1" : "=r"(old) : "r"(0x8ull));
    check("csrrc fflags old", old, 0x18);
    check("fflags after csrrc", CSRR(fflags), 0x10);
    check("fcsr combines", CSRR(fcsr), (2 << 5) | 0x10);

    /* fcsr writes split into frm and fflags; bits above 7 are ignored. */
    __asm__ volatile("csrw fcsr, %0" : : "r"(0xfffull));
    check("fcsr write: frm", CSRR(frm), 7);
    check("fcsr write: fflags", CSRR(fflags), 0x1f);
    check("fcsr write: fcsr", CSRR(fcsr), 0xff);

    /* csrrs with x0 / csrrsi with 0 only read. */
    __asm__ volatile("csrrs %0, fcsr, x0" : "=r"(v));
    check("csrrs x0 reads", v, 0xff);
    __asm__ volatile("csrrsi %0, fcsr, 0" : "=r"(v));
    check("csrrsi 0 reads", v, 0xff);

    /* An inexact division accrues NX (and nothing else) in fflags. */
    __asm__ volatile("csrw fcsr, zero");
    volatile double one = 1.0, three = 3.0;
    volatile double q = one / three;
    (void)q;
    check("fflags after 1.0/3.0", CSRR(fflags), 1);
    __asm__ volatile("csrw fcsr, zero");
}

static void test_counters(void)
{
    uint64_t t0 = CSRR(time), c0 = CSRR(cycle), i0 = CSRR(instret);
    struct timespec ts = { 0, 50 * 1000 * 1000 };   /* 50 ms */

    nanosleep(&ts, NULL);
    uint64_t t1 = CSRR(time), c1 = CSRR(cycle), i1 = CSRR(instret);

    /* rdtime counts at 10 MHz: 50 ms are 500000 ticks (allow scheduling slack). */
    if (t1 - t0 < 450000 || t1 - t0 > 5000000) {
        printf("FAIL: rdtime advanced %llu ticks over 50 ms, expected about 500000\n",
               (unsigned long long)(t1 - t0));
        failures++;
    }
    if (c1 <= c0 || i1 <= i0) {
        printf("FAIL: cycle/instret did not advance\n");
        failures++;
    }
    uint64_t r;
    __asm__ volatile("rdtime %0" : "=r"(r));
    if (r < t1) {
        printf("FAIL: rdtime went backwards\n");
        failures++;
    }
}

static volatile int sig_seen;
static volatile uintptr_t sig_addr;
static volatile int sig_code;

static void handler(int sig, siginfo_t *si, void *uc_)
{
    ucontext_t *uc = uc_;

    sig_seen = sig;
    sig_code = si->si_code;
    sig_addr = (uintptr_t)si->si_addr;
    /* Skip the 4-byte faulting instruction (all tested ones are 32-bit). */
    uc->uc_mcontext.__gregs[REG_PC] += 4;
}

#define EXPECT_SIG(name, signo, code, asm_str)                                \
    do {                                                                      \
        uintptr_t at_;                                                        \
        sig_seen = 0;                                                         \
        __asm__ volatile("la %0, 1f\n1:\t" asm_str : "=&r"(at_) : : "a0", "memory"); \
        check(name ": signal", sig_seen, signo);                              \
        if (code) {                                                           \
            check(name ": si_code", sig_code, code);                          \
        }                                                                     \
        if (signo == SIGILL) {                                                \
            check(name ": si_addr", sig_addr, at_);                           \
        }                                                                     \
    } while (0)

static void test_illegal(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGTRAP, &sa, NULL);

    EXPECT_SIG("csrr mstatus", SIGILL, ILL_ILLOPC, ".4byte 0x30002573");  /* csrr a0, mstatus */
    EXPECT_SIG("csrw time", SIGILL, ILL_ILLOPC, ".4byte 0xc0151073");     /* csrw time, a0 */
    EXPECT_SIG("csrrsi cycle, 1", SIGILL, ILL_ILLOPC, ".4byte 0xc000e573"); /* csrrsi a0, cycle, 1 */
    EXPECT_SIG("unknown csr 0x7ff", SIGILL, ILL_ILLOPC, ".4byte 0x7ff02573");
    EXPECT_SIG("ebreak", SIGTRAP, 0, ".option push\n.option norvc\nebreak\n.option pop");

    signal(SIGILL, SIG_DFL);
    signal(SIGTRAP, SIG_DFL);
}

int main(void)
{
    test_fp_csrs();
    test_counters();
    test_illegal();
    if (failures) {
        printf("%d failures\n", failures);
        return 1;
    }
    return 0;
}
