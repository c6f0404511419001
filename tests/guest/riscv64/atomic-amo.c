/*
 * atomic-amo.c: the A extension.  Every AMO in both widths (old value in rd,
 * 32-bit results sign-extended, signed vs unsigned min/max, upper memory
 * bits untouched by .w), LR/SC success, SC without a reservation or to
 * another address.  (Threads: atomic-threads.c.)  Exit status 0 = pass.
 */
#include <stdint.h>
#include <stdio.h>

static int failures;

static void check(const char *what, uint64_t got, uint64_t exp)
{
    if (got != exp) {
        printf("FAIL: %s got 0x%llx expected 0x%llx\n", what,
               (unsigned long long)got, (unsigned long long)exp);
        failures++;
    }
}

/* mem[0] is the target; mem[1] checks that .w leaves the neighbouring word alone. */
#define AMO(insn, init, val, exp_old, exp_mem)                                \
    do {                                                                      \
        static uint64_t mem_[2] __attribute__((aligned(8)));                  \
        uint64_t old_;                                                        \
        mem_[0] = (init);                                                     \
        mem_[1] = 0x5555555555555555ull;                                      \
        __asm__ volatile(insn " %0, %2, (%1)"                                 \
                         : "=&r"(old_) : "r"(mem_), "r"((uint64_t)(val)) : "memory"); \
        check(insn " old", old_, exp_old);                                    \
        check(insn " mem", mem_[0], exp_mem);                                 \
        check(insn " next", mem_[1], 0x5555555555555555ull);                  \
    } while (0)

static void test_amo(void)
{
    const uint64_t hi = 0xaaaaaaaa00000000ull;   /* upper word, untouched by .w */

    AMO("amoswap.w", hi | 0x80000001u, 0x1234, 0xffffffff80000001ull, hi | 0x1234);
    AMO("amoadd.w", hi | 0x7fffffffu, 1, 0x7fffffff, hi | 0x80000000u);
    AMO("amoadd.w.aqrl", hi | 0xffffffffu, 2, 0xffffffffffffffffull, hi | 1);
    AMO("amoxor.w", hi | 0xf0f0f0f0u, 0xffff, 0xfffffffff0f0f0f0ull, hi | 0xf0f00f0fu);
    AMO("amoand.w", hi | 0xf0f0f0f0u, 0xff00ff00, 0xfffffffff0f0f0f0ull, hi | 0xf000f000u);
    AMO("amoor.w", hi | 0x0000f0f0u, 0x0f000000, 0xf0f0, hi | 0x0f00f0f0u);
    AMO("amomin.w", hi | 0x80000000u, 5, 0xffffffff80000000ull, hi | 0x80000000u);
    AMO("amomin.w", hi | 7u, 0xfffffffe, 7, hi | 0xfffffffeu);
    AMO("amomax.w", hi | 0x80000000u, 5, 0xffffffff80000000ull, hi | 5);
    AMO("amominu.w", hi | 0x80000000u, 5, 0xffffffff80000000ull, hi | 5);
    AMO("amomaxu.w", hi | 0x80000000u, 5, 0xffffffff80000000ull, hi | 0x80000000u);
    /* The upper 32 bits of the register operand are ignored by .w. */
    AMO("amomin.w", hi | 3u, 0x00000001fffffffeull, 3, hi | 0xfffffffeu);

    AMO("amoswap.d", 1, 0x8000000000000000ull, 1, 0x8000000000000000ull);
    AMO("amoadd.d", 0xffffffffffffffffull, 2, 0xffffffffffffffffull, 1);
    AMO("amoxor.d", 0x0123456789abcdefull, 0xffffffff00000000ull, 0x0123456789abcdefull,
        0xfedcba9889abcdefull);
    AMO("amoand.d.aq", 0xff00ff00ff00ff00ull, 0x0ff00ff00ff00ff0ull, 0xff00ff00ff00ff00ull,
        0x0f000f000f000f00ull);
    AMO("amoor.d.rl", 0x1ull, 0x8000000000000000ull, 1, 0x8000000000000001ull);
    AMO("amomin.d", 0x8000000000000000ull, 1, 0x8000000000000000ull, 0x8000000000000000ull);
    AMO("amomax.d", 0x8000000000000000ull, 1, 0x8000000000000000ull, 1);
    AMO("amominu.d", 0x8000000000000000ull, 1, 0x8000000000000000ull, 1);
    AMO("amomaxu.d", 0x8000000000000000ull, 1, 0x8000000000000000ull, 0x8000000000000000ull);

    /* rd == x0: the memory update still happens. */
    static uint64_t m = 10;
    __asm__ volatile("amoadd.d x0, %1, (%0)" : : "r"(&m), "r"(5ull) : "memory");
    check("amoadd.d rd=x0", m, 15);
    /* rd == rs2. */
    uint64_t r = 7;
    __asm__ volatile("amoswap.d %0, %0, (%1)" : "+r"(r) : "r"(&m) : "memory");
    check("amoswap.d rd == rs2 old", r, 15);
    check("amoswap.d rd == rs2 mem", m, 7);
}

static void test_lrsc(void)
{
    static uint64_t d __attribute__((aligned(256))) = 0x8000000000000000ull;
    static uint32_t w[2] = { 0x80000000u, 0x11111111u };
    uint64_t v, fail;

    __asm__ volatile("lr.d %0, (%2)\n\tsc.d %1, %3, (%2)"
                     : "=&r"(v), "=&r"(fail) : "r"(&d), "r"(42ull) : "memory");
    check("lr.d value", v, 0x8000000000000000ull);
    check("sc.d success", fail, 0);
    check("sc.d stored", d, 42);

    __asm__ volatile("lr.w.aq %0, (%2)\n\tsc.w.rl %1, %3, (%2)"
                     : "=&r"(v), "=&r"(fail) : "r"(w), "r"(0x12345678ull) : "memory");
    check("lr.w sign-extends", v, 0xffffffff80000000ull);
    check("sc.w success", fail, 0);
    check("sc.w stored", w[0], 0x12345678);
    check("sc.w next word", w[1], 0x11111111);

    /* The reservation is gone after an sc: a second sc fails and stores nothing. */
    __asm__ volatile("sc.d %0, %2, (%1)" : "=&r"(fail) : "r"(&d), "r"(99ull) : "memory");
    check("sc.d without reservation", fail, 1);
    check("sc.d without reservation: memory", d, 42);

    /* sc to a different address than the reservation fails. */
    /* Both 256-byte aligned: never in one reservation set of a real implementation. */
    static uint64_t other __attribute__((aligned(256))) = 5;
    __asm__ volatile("lr.d %0, (%2)\n\tsc.d %1, %4, (%3)"
                     : "=&r"(v), "=&r"(fail) : "r"(&d), "r"(&other), "r"(6ull) : "memory");
    check("sc.d other address", fail, 1);
    check("sc.d other address: memory", other, 5);
}

int main(void)
{
    test_amo();
    test_lrsc();
    if (failures) {
        printf("%d failures\n", failures);
        return 1;
    }
    return 0;
}
