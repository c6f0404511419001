/*
 * fault-state.c: a SIGSEGV handler sees the exact guest state of the
 * faulting load or store: its pc (also when the access is the first host
 * instruction of its guest instruction's code), the registers computed just
 * before it in the same block, and the pointer and counters of a loop that
 * runs into a guard page.  The JIT keeps such values in host registers
 * across guest memory accesses and recovers them from the host signal
 * context, so this checks that recovery.  Exit 0 = pass.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

extern char fs_load_insn[], fs_store_insn[], fs_first_insn[], fs_loop_insn[], fs_resume[];
void fs_load(void *bad);
void fs_store(void *bad);
void fs_first(void *bad, void *ok);
void fs_loop(uint64_t *p);

/* Each function faults at its fs_*_insn; the handler resumes at fs_resume (a ret). */
__asm__(".text\n"
        ".globl fs_resume\nfs_resume:\n ret\n"
        ".globl fs_load\nfs_load:\n"
        " li t0, 0x1111\n"
        " addi t1, t0, 0x22\n"
        " slli t2, t1, 4\n"
        " sub t3, t2, t0\n"
        " sltu t5, t0, t1\n"
        ".globl fs_load_insn\nfs_load_insn:\n"
        " ld t4, 16(a0)\n"
        " li t0, 0\n"
        " ret\n"
        ".globl fs_store\nfs_store:\n"
        " li t0, 7\n"
        " slliw t1, t0, 3\n"
        " addw t1, t1, t0\n"           /* 63 */
        " not t2, t1\n"
        " addi t3, t2, 64\n"           /* 0 */
        " li t4, 0x5a5a\n"
        ".globl fs_store_insn\nfs_store_insn:\n"
        " sd t4, 0(a0)\n"
        " li t0, 0\n"
        " ret\n"
        ".globl fs_first\nfs_first:\n"
        " sd a0, 0(a1)\n"              /* both in host registers now, nothing to store */
        ".globl fs_first_insn\nfs_first_insn:\n"
        " ld a2, 0(a0)\n"
        " ret\n"
        ".globl fs_loop\nfs_loop:\n"
        " li a1, 0\n"
        " li a2, 0\n"
        "1:\n"
        ".globl fs_loop_insn\nfs_loop_insn:\n"
        " ld t0, 0(a0)\n"
        " add a2, a2, t0\n"
        " addi a1, a1, 1\n"
        " addi a0, a0, 8\n"
        " j 1b\n");

/* x0..x31 as the signal context holds them (index 0 is the pc). */
static uint64_t seen_x[32], seen_pc, seen_addr;
static int failures;

#define CHECK(c) do { if (!(c)) { printf("FAIL line %d: %s\n", __LINE__, #c); failures++; } } while (0)

enum { T0 = 5, T1 = 6, T2 = 7, T3 = 28, T4 = 29, T5 = 30, A0 = 10, A1 = 11, A2 = 12 };

static void on_segv(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    (void)sig;
    memcpy(seen_x, uc->uc_mcontext.__gregs, sizeof(seen_x));
    seen_pc = uc->uc_mcontext.__gregs[REG_PC];
    seen_addr = (uintptr_t)si->si_addr;
    uc->uc_mcontext.__gregs[REG_PC] = (uintptr_t)fs_resume;
}

int main(void)
{
    struct sigaction sa;
    long pg = sysconf(_SC_PAGESIZE);
    uint8_t *m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    uint64_t word = 0;

    CHECK(m != MAP_FAILED);
    CHECK(mprotect(m + pg, pg, PROT_NONE) == 0);
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    CHECK(sigaction(SIGSEGV, &sa, NULL) == 0);

    fs_load(m + pg);
    CHECK(seen_pc == (uintptr_t)fs_load_insn);
    CHECK(seen_addr == (uintptr_t)(m + pg + 16));
    CHECK(seen_x[T0] == 0x1111 && seen_x[T1] == 0x1133);
    CHECK(seen_x[T2] == 0x11330 && seen_x[T3] == 0x11330 - 0x1111 && seen_x[T5] == 1);

    fs_store(m + pg);
    CHECK(seen_pc == (uintptr_t)fs_store_insn);
    CHECK(seen_addr == (uintptr_t)(m + pg));
    CHECK(seen_x[T0] == 7 && seen_x[T1] == 63 && seen_x[T2] == ~(uint64_t)63);
    CHECK(seen_x[T3] == 0 && seen_x[T4] == 0x5a5a);

    fs_first(m + pg + 8, &word);
    CHECK(seen_pc == (uintptr_t)fs_first_insn);
    CHECK(word == (uintptr_t)(m + pg + 8));

    /* five words before the guard page, then the fault */
    uint64_t *p = (uint64_t *)(m + pg) - 5;
    for (int i = 0; i < 5; i++) {
        p[i] = 100u << i;
    }
    fs_loop(p);
    CHECK(seen_pc == (uintptr_t)fs_loop_insn);
    CHECK(seen_x[A0] == (uintptr_t)(m + pg));
    CHECK(seen_x[A1] == 5);
    CHECK(seen_x[A2] == 100 + 200 + 400 + 800 + 1600);

    if (failures) {
        printf("%d failures\n", failures);
        return 1;
    }
    printf("fault-state: ok\n");
    return 0;
}
