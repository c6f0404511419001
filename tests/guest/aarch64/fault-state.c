/*
 * fault-state.c: a SIGSEGV handler sees the exact guest state of the
 * faulting load or store: its pc (also when the access is the first host
 * instruction of its guest instruction's code), the registers computed just
 * before it in the same block, NZCV, and the base register of a post-indexed
 * load in a loop, not yet written back.  The JIT keeps such values in host
 * registers across guest memory accesses and recovers them from the host
 * signal context, so this checks that recovery.  Exit 0 = pass.
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
        " mov x9, #0x1111\n"
        " add x10, x9, #0x22\n"
        " lsl x11, x10, #4\n"
        " cmp x9, x10\n"               /* N=1 Z=0 C=0 V=0 */
        " sub x12, x11, x9\n"
        ".globl fs_load_insn\nfs_load_insn:\n"
        " ldr x13, [x0, #16]\n"
        " mov x9, #0\n"
        " ret\n"
        ".globl fs_store\nfs_store:\n"
        " mov w9, #7\n"
        " add w10, w9, w9, lsl #3\n"   /* 63 */
        " mvn x11, x10\n"
        " adds x12, x11, #64\n"        /* ~63 + 64 = 0: N=0 Z=1 C=1 V=0 */
        " mov x13, #0x5a5a\n"
        ".globl fs_store_insn\nfs_store_insn:\n"
        " str x13, [x0]\n"
        " mov x9, #0\n"
        " ret\n"
        ".globl fs_first\nfs_first:\n"
        " str x0, [x1]\n"              /* both in host registers now, nothing to store */
        ".globl fs_first_insn\nfs_first_insn:\n"
        " ldr x2, [x0]\n"
        " ret\n"
        ".globl fs_loop\nfs_loop:\n"
        " mov x1, #0\n"
        " mov x2, #0\n"
        "1:\n"
        ".globl fs_loop_insn\nfs_loop_insn:\n"
        " ldr x3, [x0], #8\n"
        " add x2, x2, x3\n"
        " add x1, x1, #1\n"
        " b 1b\n");

static uint64_t seen_x[31], seen_pc, seen_nzcv, seen_addr;
static int failures;

#define CHECK(c) do { if (!(c)) { printf("FAIL line %d: %s\n", __LINE__, #c); failures++; } } while (0)

static void on_segv(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    (void)sig;
    memcpy(seen_x, uc->uc_mcontext.regs, sizeof(seen_x));
    seen_pc = uc->uc_mcontext.pc;
    seen_nzcv = uc->uc_mcontext.pstate >> 28;
    seen_addr = (uintptr_t)si->si_addr;
    uc->uc_mcontext.pc = (uintptr_t)fs_resume;
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
    CHECK(seen_x[9] == 0x1111 && seen_x[10] == 0x1133);
    CHECK(seen_x[11] == 0x11330 && seen_x[12] == 0x11330 - 0x1111);
    CHECK(seen_nzcv == 0x8);

    fs_store(m + pg);
    CHECK(seen_pc == (uintptr_t)fs_store_insn);
    CHECK(seen_addr == (uintptr_t)(m + pg));
    CHECK(seen_x[9] == 7 && seen_x[10] == 63 && seen_x[11] == ~(uint64_t)63);
    CHECK(seen_x[12] == 0 && seen_x[13] == 0x5a5a);
    CHECK(seen_nzcv == 0x6);

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
    CHECK(seen_x[0] == (uintptr_t)(m + pg));      /* not post-incremented */
    CHECK(seen_x[1] == 5);
    CHECK(seen_x[2] == 100 + 200 + 400 + 800 + 1600);

    if (failures) {
        printf("%d failures\n", failures);
        return 1;
    }
    printf("fault-state: ok\n");
    return 0;
}
