/*
 * smc.c: aarch64 code that changes under crossemu, self-checking (exit 0 =
 * pass).  A guest JIT writes A64 code into memory, runs it, rewrites it and
 * must see the new behaviour:
 *   - an RWX buffer rewritten with __builtin___clear_cache (DC CVAU / IC IVAU)
 *     many times, the function called often enough to be a hot, chained block;
 *   - RW, then mprotect RX, run, mprotect RW, rewrite, RX again;
 *   - munmap and a new mapping at the same address holding other code;
 *   - code that patches an instruction of its own, further on in the same
 *     straight-line block, with the architectural DC CVAU, DSB, IC IVAU, DSB,
 *     ISB sequence;
 *   - a double mapping of one memfd (written through an RW view, run through
 *     an RX view), as JITs under W^X do.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int failures;
#define CHECK(c) do { if (!(c)) { printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); \
                                   failures++; } } while (0)

#define A64_RET 0xd65f03c0u

/* movz w0, #imm16 */
static uint32_t movz_w0(uint32_t imm)
{
    return 0x52800000u | (imm & 0xffff) << 5;
}

/* add w0, w0, #imm12 */
static uint32_t add_w0(uint32_t imm)
{
    return 0x11000000u | (imm & 0xfff) << 10;
}

typedef uint32_t (*Fn)(void);
typedef uint32_t (*Fn1)(uint32_t);

static void emit_const(uint32_t *code, uint32_t v)
{
    code[0] = movz_w0(v);
    code[1] = A64_RET;
    __builtin___clear_cache((char *)code, (char *)(code + 2));
}

/* f(x) = x + k, looped n times internally: sum of the loop is n * k. */
static void emit_loop_add(uint32_t *code, uint32_t k)
{
    /*
     *   mov w1, w0          (n)
     *   mov w0, #0
     * 1: add w0, w0, #k
     *   subs w1, w1, #1
     *   b.ne 1b
     *   ret
     */
    code[0] = 0x2a0003e1u;              /* mov w1, w0 */
    code[1] = movz_w0(0);
    code[2] = add_w0(k);
    code[3] = 0x71000421u;              /* subs w1, w1, #1 */
    code[4] = 0x54000000u | ((uint32_t)-2 & 0x7ffff) << 5 | 1;   /* b.ne -8 */
    code[5] = A64_RET;
    __builtin___clear_cache((char *)code, (char *)(code + 6));
}

static void test_rwx(void)
{
    uint32_t *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int bad = 0;

    CHECK(code != MAP_FAILED);
    for (uint32_t i = 1; i <= 200; i++) {
        emit_const(code, i * 3);
        for (int rep = 0; rep < 3; rep++) {
            if (((Fn)code)() != i * 3) {
                bad++;
            }
        }
    }
    CHECK(bad == 0);
    /* A hot loop: translated, chained to itself; then its constant changes. */
    for (uint32_t k = 1; k <= 20; k++) {
        emit_loop_add(code + 64, k);
        for (int rep = 0; rep < 5; rep++) {
            if (((Fn1)(code + 64))(1000) != 1000 * k) {
                bad++;
            }
        }
    }
    CHECK(bad == 0);
    printf("RWX: 200 rewrites of a constant, 20 of a hot loop: %d wrong results\n", bad);
    munmap(code, 4096);
}

static void test_mprotect(void)
{
    uint32_t *code = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    uint32_t r1, r2;

    CHECK(code != MAP_FAILED);
    emit_const(code, 111);
    CHECK(mprotect(code, 8192, PROT_READ | PROT_EXEC) == 0);
    r1 = ((Fn)code)();
    CHECK(mprotect(code, 8192, PROT_READ | PROT_WRITE) == 0);
    emit_const(code, 222);
    CHECK(mprotect(code, 8192, PROT_READ | PROT_EXEC) == 0);
    r2 = ((Fn)code)();
    printf("RW -> RX: %u, rewritten: %u\n", r1, r2);
    CHECK(r1 == 111 && r2 == 222);

    /* munmap, then other code mapped at the same address. */
    CHECK(munmap(code, 8192) == 0);
    uint32_t *again = mmap(code, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS |
                           MAP_FIXED, -1, 0);
    CHECK(again == code);
    emit_const(again, 333);
    CHECK(mprotect(again, 8192, PROT_READ | PROT_EXEC) == 0);
    r1 = ((Fn)again)();
    printf("munmap + remap at %p: %u\n", (void *)again, r1);
    CHECK(r1 == 333);
    /* MAP_FIXED straight over live code (no munmap in between). */
    again = mmap(code, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS |
                 MAP_FIXED, -1, 0);
    CHECK(again == code);
    emit_const(again, 444);
    r1 = ((Fn)again)();
    printf("MAP_FIXED over code: %u\n", r1);
    CHECK(r1 == 444);
    munmap(code, 8192);
}

/*
 * patch_self(target_addr, new_insn): stores new_insn over 'target', does the
 * cache maintenance, and runs into target (which was translated already).
 */
uint32_t patch_self(uint32_t *target, uint32_t insn);
__asm__(".text\n.p2align 6\n"
        ".globl patch_self_template\npatch_self_template:\n"
        "  str w1, [x0]\n"
        "  dc cvau, x0\n"
        "  dsb ish\n"
        "  ic ivau, x0\n"
        "  dsb ish\n"
        "  isb\n"
        "  movz w0, #1\n"
        "  ret\n"
        ".globl patch_self_template_end\npatch_self_template_end:\n");
extern uint32_t patch_self_template[], patch_self_template_end[];

static void test_self_patch(void)
{
    size_t n = (size_t)(patch_self_template_end - patch_self_template);
    uint32_t *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    Fn1 dummy;
    uint32_t (*fn)(uint32_t *, uint32_t);
    uint32_t r[4];

    (void)dummy;
    CHECK(code != MAP_FAILED);
    memcpy(code, patch_self_template, n * 4);
    __builtin___clear_cache((char *)code, (char *)(code + n));
    fn = (uint32_t (*)(uint32_t *, uint32_t))code;
    /* Patch in the same value first: the block gets translated with movz #1. */
    r[0] = fn(code + 6, movz_w0(1));
    r[1] = fn(code + 6, movz_w0(2));
    r[2] = fn(code + 6, movz_w0(3));
    r[3] = fn(code + 6, movz_w0(3));
    printf("self-patch with DC CVAU/IC IVAU/ISB: %u %u %u %u\n", r[0], r[1], r[2], r[3]);
    CHECK(r[0] == 1 && r[1] == 2 && r[2] == 3 && r[3] == 3);
    munmap(code, 4096);
}

static void test_double_map(void)
{
    int fd = memfd_create("jit", 0);
    uint32_t *rw, *rx;
    uint32_t a, b;

    CHECK(fd >= 0);
    CHECK(ftruncate(fd, 4096) == 0);
    rw = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    rx = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
    CHECK(rw != MAP_FAILED && rx != MAP_FAILED);
    rw[0] = movz_w0(555);
    rw[1] = A64_RET;
    __builtin___clear_cache((char *)rx, (char *)(rx + 2));
    a = ((Fn)rx)();
    rw[0] = movz_w0(666);
    __builtin___clear_cache((char *)rx, (char *)(rx + 2));
    b = ((Fn)rx)();
    printf("memfd double map (write RW view, run RX view): %u then %u\n", a, b);
    CHECK(a == 555 && b == 666);
    munmap(rw, 4096);
    munmap(rx, 4096);
    close(fd);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    test_rwx();
    test_mprotect();
    test_self_patch();
    test_double_map();
    if (failures) {
        printf("smc: %d FAILED\n", failures);
        return 1;
    }
    printf("smc: all passed\n");
    return 0;
}
