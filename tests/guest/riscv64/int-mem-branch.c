/*
 * int-mem-branch.c: RV64I loads and stores (every width, sign and zero
 * extension, misaligned addresses, negative offsets), lui/auipc, conditional
 * branches (signed vs unsigned), jal/jalr (link value, rd == rs1), and writes
 * to x0 being discarded.  Exit status 0 = pass.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int failures;

static void check(const char *what, uint64_t got, uint64_t exp)
{
    if (got != exp) {
        printf("FAIL: %s got 0x%llx expected 0x%llx\n", what,
               (unsigned long long)got, (unsigned long long)exp);
        failures++;
    }
}

#define LOAD(insn, ptr, off)                                                  \
    ({                                                                        \
        uint64_t r_;                                                          \
        __asm__ volatile(insn " %0, %2(%1)" : "=r"(r_) : "r"(ptr), "i"(off) : "memory"); \
        r_;                                                                   \
    })

#define STORE(insn, val, ptr, off)                                            \
    __asm__ volatile(insn " %0, %2(%1)" : : "r"(val), "r"(ptr), "i"(off) : "memory")

static uint8_t buf[64] __attribute__((aligned(16)));

static void test_loads(void)
{
    for (int i = 0; i < 64; i++) {
        buf[i] = (uint8_t)(0x80 + i * 7);
    }
    /* buf[1..8] = 87 8e 95 9c a3 aa b1 b8 */
    uint8_t *p = buf + 8;
    check("lb", LOAD("lb", p, -7), 0xffffffffffffff87ull);
    check("lbu", LOAD("lbu", p, -7), 0x87);
    check("lh aligned", LOAD("lh", buf, 2), 0xffffffffffff958eull);
    check("lh misaligned", LOAD("lh", p, -7), 0xffffffffffff8e87ull);
    check("lhu misaligned", LOAD("lhu", p, -7), 0x8e87);
    check("lw misaligned", LOAD("lw", p, -7), 0xffffffff9c958e87ull);
    check("lwu misaligned", LOAD("lwu", p, -7), 0x9c958e87ull);
    check("ld misaligned", LOAD("ld", p, -7), 0xb8b1aaa39c958e87ull);
    /* buf[0x20..] = 0x80 + 0x20*7 = 0x160 -> 0x60, ... positive bytes */
    buf[32] = 0x12; buf[33] = 0x34; buf[34] = 0x56; buf[35] = 0x78;
    buf[36] = 0x9a; buf[37] = 0xbc; buf[38] = 0xde; buf[39] = 0xf1;
    check("lb positive", LOAD("lb", buf, 32), 0x12);
    check("lh positive", LOAD("lh", buf, 32), 0x3412);
    check("lw positive", LOAD("lw", buf, 32), 0x78563412);
    check("lw negative", LOAD("lw", buf, 36), 0xfffffffff1debc9aull);
    check("lwu", LOAD("lwu", buf, 36), 0xf1debc9aull);
    check("ld", LOAD("ld", buf, 32), 0xf1debc9a78563412ull);
    check("ld offset 2047", LOAD("ld", (uintptr_t)buf + 32 - 2047, 2047), 0xf1debc9a78563412ull);
}

static void test_stores(void)
{
    uint64_t v = 0x0123456789abcdefull;

    memset(buf, 0xee, sizeof(buf));
    STORE("sb", v, buf, 1);
    STORE("sh", v, buf, 3);          /* misaligned */
    STORE("sw", v, buf, 9);          /* misaligned */
    STORE("sd", v, buf + 40, -23);   /* buf + 17, misaligned */
    static const uint8_t exp[26] = {
        0xee, 0xef, 0xee, 0xef, 0xcd, 0xee, 0xee, 0xee, 0xee,
        0xef, 0xcd, 0xab, 0x89, 0xee, 0xee, 0xee, 0xee,
        0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01, 0xee,
    };
    for (int i = 0; i < 26; i++) {
        char what[32];
        snprintf(what, sizeof(what), "store byte %d", i);
        check(what, buf[i], exp[i]);
    }
}

static void test_upper(void)
{
    uint64_t r, pc1, pc2;

    __asm__ volatile("lui %0, 0x80000" : "=r"(r));
    check("lui sign-extends", r, 0xffffffff80000000ull);
    __asm__ volatile("lui %0, 0x7ffff" : "=r"(r));
    check("lui positive", r, 0x7ffff000ull);
    __asm__ volatile("auipc %0, 0\n\tauipc %1, 1" : "=r"(pc1), "=r"(pc2));
    check("auipc", pc2 - pc1, 0x1004);
    __asm__ volatile("1: auipc %0, 0x80000\n\tla %1, 1b" : "=r"(r), "=r"(pc1));
    check("auipc negative", r - pc1, 0xffffffff80000000ull);
}

#define BR(insn, a, b)                                                        \
    ({                                                                        \
        uint64_t t_ = 0;                                                      \
        __asm__ volatile(insn " %1, %2, 1f\n\tli %0, 0\n\tj 2f\n1:\tli %0, 1\n2:" \
                         : "+r"(t_) : "r"((uint64_t)(a)), "r"((uint64_t)(b))); \
        t_;                                                                   \
    })

static void test_branches(void)
{
    const uint64_t neg = (uint64_t)-5, pos = 7;

    check("beq taken", BR("beq", pos, pos), 1);
    check("beq not taken", BR("beq", pos, neg), 0);
    check("bne taken", BR("bne", pos, neg), 1);
    check("bne not taken", BR("bne", neg, neg), 0);
    check("blt signed", BR("blt", neg, pos), 1);
    check("blt equal", BR("blt", pos, pos), 0);
    check("bltu unsigned", BR("bltu", neg, pos), 0);
    check("bltu taken", BR("bltu", pos, neg), 1);
    check("bge signed", BR("bge", pos, neg), 1);
    check("bge equal", BR("bge", neg, neg), 1);
    check("bge not taken", BR("bge", neg, pos), 0);
    check("bgeu unsigned", BR("bgeu", neg, pos), 1);
    check("bgeu not taken", BR("bgeu", pos, neg), 0);
    check("blt 64-bit", BR("blt", 0x8000000000000000ull, 0x7fffffffffffffffull), 1);
    check("bltu upper bits", BR("bltu", 0x100000000ull, 0xffffffffull), 0);

    /* A loop: many iterations of the same blocks (chained code). */
    uint64_t n = 0, i = 100000;
    __asm__ volatile("1: addi %0, %0, 3\n\taddi %1, %1, -1\n\tbnez %1, 1b"
                     : "+r"(n), "+r"(i));
    check("loop", n, 300000);
}

static uint64_t __attribute__((noinline)) add_one(uint64_t x)
{
    return x + 1;
}

static void test_jumps(void)
{
    uint64_t link, here, r;

    /* jal: the link is the address of the next instruction. */
    __asm__ volatile(".option push\n.option norvc\n"
                     "jal %0, 1f\n1:\tauipc %1, 0\n.option pop"
                     : "=r"(link), "=r"(here));
    check("jal link", link, here);

    /* jalr with rd == rs1: the target uses the old value. */
    __asm__ volatile(".option push\n.option norvc\n"
                     "la %0, 1f\n\tjalr %0, 0(%0)\n\tli %0, 0\n1:\tauipc %1, 0\n"
                     ".option pop"
                     : "=&r"(r), "=r"(here));
    check("jalr rd == rs1 link", r, here - 4);

    /* jalr clears bit 0 of the target and adds the offset. */
    __asm__ volatile(".option push\n.option norvc\n"
                     "la %0, 1f\n\taddi %0, %0, -7\n\tjalr x0, 8(%0)\n\tli %0, 0\n"
                     "1:\tli %1, 42\n.option pop"
                     : "=&r"(r), "=r"(here));
    check("jalr target bit 0", here, 42);

    /* Calls through a function pointer (indirect jumps, returns). */
    uint64_t (*volatile fp)(uint64_t) = add_one;
    uint64_t acc = 0;
    for (int i = 0; i < 1000; i++) {
        acc = fp(acc);
    }
    check("indirect calls", acc, 1000);
}

static void test_x0(void)
{
    uint64_t r;

    __asm__ volatile("li %0, 5\n\taddi x0, %0, 1\n\tadd x0, %0, %0\n\tlui x0, 1\n\t"
                     "mv %0, x0" : "=r"(r));
    check("x0 stays zero", r, 0);
    __asm__ volatile("ld x0, 0(%1)\n\tmv %0, zero" : "=r"(r) : "r"(buf));
    check("load to x0", r, 0);
}

int main(void)
{
    test_loads();
    test_stores();
    test_upper();
    test_branches();
    test_jumps();
    test_x0();
    if (failures) {
        printf("%d failures\n", failures);
        return 1;
    }
    return 0;
}
