/*
 * fuzz-guest.c: an aarch64 guest program that executes pseudo-random
 * instruction words, one at a time, and checks that each either runs or
 * raises a signal (SIGILL for an undefined encoding; SIGSEGV/SIGBUS/SIGTRAP
 * for what the word does), and that the emulator never dies.
 *
 * usage: fuzz-guest [WORDS [SEED [VERBOSE]]]   (VERBOSE 1: one line per word)
 *
 * The parent forks one child per batch.  The child places each word in a
 * fresh slot of an executable region, followed by a BRK marker, loads every
 * register with a known value (the stack and the address registers point
 * into a scratch area, so stores land there), and jumps to it.  The marker's
 * SIGTRAP, or the signal the word raised, comes back to a handler running
 * on an alternate stack, which siglongjmps to the loop.  A word that loops
 * (b ., ret to itself) is stopped by a periodic SIGALRM.  The child writes
 * its progress to a shared page, so when it dies the parent names the word.
 * A child killed by a signal means the emulator crashed (every guest
 * signal is caught): the test fails.
 *
 * SVC is skipped: random system calls would act on the host.
 * Exit status 0 = every word ran or faulted cleanly.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#define BATCH 1000
#define SCRATCH_SIZE (1u << 20)
#define MARKER 0xd4207d00u          /* brk #0x3e8 */

enum { R_RAN, R_SIGILL, R_SIGSEGV, R_SIGBUS, R_SIGTRAP, R_SIGFPE, R_TIMEOUT, R_OTHER, R_N };
static const char *const r_names[R_N] = {
    "ran", "SIGILL", "SIGSEGV", "SIGBUS", "SIGTRAP", "SIGFPE", "timeout", "other",
};

typedef struct Shared {
    volatile uint64_t index;        /* the word being executed */
    volatile uint32_t word;
    volatile uint64_t counts[R_N];
} Shared;

static Shared *shared;
static uint32_t *code;
static uint8_t *scratch;
static sigjmp_buf jb;
static volatile sig_atomic_t in_word, ticks;
static volatile int last_sig;
static volatile uint64_t last_pc;
static uint64_t saved_tpidr;
static uint64_t regs[31];

/* Loads x0..x15, x18..x30 from regs, sp from regs[16], and jumps to the slot (x17). */
void fuzz_enter(uint64_t *r, uint32_t *target);
__asm__(
    ".text\n"
    ".global fuzz_enter\n"
    ".type fuzz_enter, %function\n"
    "fuzz_enter:\n"
    "    mov x17, x1\n"
    "    ldr x16, [x0, #128]\n"
    "    mov sp, x16\n"
    "    ldp x2, x3, [x0, #16]\n"
    "    ldp x4, x5, [x0, #32]\n"
    "    ldp x6, x7, [x0, #48]\n"
    "    ldp x8, x9, [x0, #64]\n"
    "    ldp x10, x11, [x0, #80]\n"
    "    ldp x12, x13, [x0, #96]\n"
    "    ldp x14, x15, [x0, #112]\n"
    "    ldp x18, x19, [x0, #144]\n"
    "    ldp x20, x21, [x0, #160]\n"
    "    ldp x22, x23, [x0, #176]\n"
    "    ldp x24, x25, [x0, #192]\n"
    "    ldp x26, x27, [x0, #208]\n"
    "    ldp x28, x29, [x0, #224]\n"
    "    ldr x30, [x0, #240]\n"
    "    ldp x0, x1, [x0]\n"
    "    msr nzcv, xzr\n"
    "    br x17\n"
    ".size fuzz_enter, .-fuzz_enter\n");

static void handler(int sig, siginfo_t *si, void *uc_)
{
    ucontext_t *uc = uc_;

    if (sig == SIGALRM) {
        if (!in_word || ++ticks < 3) {
            return;
        }
    }
    /* The word may have changed TPIDR_EL0 (the thread pointer) or FPCR. */
    __asm__ volatile("msr tpidr_el0, %0\n\tmsr fpcr, xzr" : : "r"(saved_tpidr));
    if (!in_word) {
        /* A fault in the harness itself: report it as such. */
        static const char msg[] = "fuzz-guest: signal outside a fuzzed word\n";
        write(2, msg, sizeof(msg) - 1);
        _exit(3);
    }
    last_sig = sig;
    last_pc = uc->uc_mcontext.pc;
    in_word = 0;
    siglongjmp(jb, 1);
}

static uint64_t rng;
static int verbose;

static uint32_t rng_next(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return (uint32_t)((rng * 0x2545f4914f6cdd1dull) >> 32);
}

/* Half the words uniform, half in the SIMD/FP (op0 x111) and load/store (x1x0) groups. */
static uint32_t next_word(uint64_t i)
{
    uint32_t w = rng_next();

    switch (i & 3) {
    case 1: w |= 7u << 25; break;
    case 3: w = (w | 1u << 27) & ~(1u << 25); break;
    }
    return w;
}

static int classify(int sig, uint64_t pc, uint64_t slot)
{
    switch (sig) {
    case SIGTRAP: return pc == slot + 4 ? R_RAN : R_SIGTRAP;
    case SIGILL: return pc == slot ? R_SIGILL : R_RAN;
    case SIGSEGV: return R_SIGSEGV;
    case SIGBUS: return R_SIGBUS;
    case SIGFPE: return R_SIGFPE;
    case SIGALRM: return R_TIMEOUT;
    default: return R_OTHER;
    }
}

/* Words with a known outcome, run first: they show the harness itself works. */
static const struct { uint32_t word; int expect; } anchors[] = {
    { 0xd503201fu, R_RAN },         /* nop */
    { 0x8b020020u, R_RAN },         /* add x0, x1, x2 */
    { 0xf900003fu, R_RAN },         /* str xzr, [x1] */
    { 0xa9bf07e0u, R_RAN },         /* stp x0, x1, [sp, #-16]! */
    { 0xd65f03c0u, R_RAN },         /* ret (to the marker) */
    { 0x00000000u, R_SIGILL },      /* udf #0 */
    { 0x14000000u, R_TIMEOUT },     /* b . */
    { 0xd63f0020u, R_SIGSEGV },     /* blr x1 (into the non-executable scratch area) */
    { 0xd4200000u, R_SIGTRAP },     /* brk #0 */
    { 0xf9400260u, R_SIGSEGV },     /* ldr x0, [x19] (x19 = all ones) */
};
#define N_ANCHORS (sizeof(anchors) / sizeof(anchors[0]))

static void run_batch(uint64_t first, unsigned n)
{
    static uint8_t altstack[65536];
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
    struct sigaction sa;
    struct itimerval it = { { 0, 20000 }, { 0, 20000 } };
    static const int sigs[] = { SIGILL, SIGSEGV, SIGBUS, SIGTRAP, SIGFPE, SIGALRM, SIGSYS };

    sigaltstack(&ss, NULL);
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigfillset(&sa.sa_mask);
    for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
        sigaction(sigs[i], &sa, NULL);
    }
    __asm__ volatile("mrs %0, tpidr_el0" : "=r"(saved_tpidr));
    setitimer(ITIMER_REAL, &it, NULL);

    for (unsigned k = 0; k < n; k++) {
        uint64_t i = first + k;
        uint32_t *slot = code + 2 * k;
        uint32_t w = first == 0 && k < N_ANCHORS ? anchors[k].word : next_word(i);

        if ((w & 0xffe0001fu) == 0xd4000001u) {
            w = 0xd503201fu;        /* svc -> nop */
        }
        shared->index = i;
        shared->word = w;
        slot[0] = w;
        slot[1] = MARKER;
        __builtin___clear_cache((char *)slot, (char *)(slot + 2));
        for (int r = 0; r < 31; r++) {
            regs[r] = (uint64_t)(scratch + SCRATCH_SIZE / 2 + 64 * r);
        }
        regs[16] = (uint64_t)(scratch + SCRATCH_SIZE / 2);   /* sp */
        regs[18] = 0x0123456789abcdefull;
        regs[19] = 0xffffffffffffffffull;
        regs[20] = 0x8000000000000000ull;
        regs[21] = 7;
        regs[30] = (uint64_t)(slot + 1);
        if (sigsetjmp(jb, 1) == 0) {
            ticks = 0;
            in_word = 1;
            fuzz_enter(regs, slot);
            /* not reached: the marker traps */
            _exit(4);
        }
        int res = classify(last_sig, last_pc, (uint64_t)slot);
        if (first == 0 && k < N_ANCHORS && res != anchors[k].expect) {
            printf("anchor 0x%08x: %s, expected %s\n", w, r_names[res], r_names[anchors[k].expect]);
            _exit(5);
        }
        shared->counts[res]++;
        if (verbose) {
            printf("%llu 0x%08x %s\n", (unsigned long long)i, w, r_names[res]);
        }
    }
    _exit(0);
}

int main(int argc, char **argv)
{
    uint64_t words = argc > 1 ? strtoull(argv[1], NULL, 0) : 20000;
    uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 0) : 0x5eed5eed12345678ull;
    int crashes = 0;

    verbose = argc > 3 && atoi(argv[3]);

    setvbuf(stdout, NULL, _IONBF, 0);
    shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    code = mmap(NULL, BATCH * 8 + 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    scratch = mmap(NULL, SCRATCH_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED || code == MAP_FAILED || scratch == MAP_FAILED) {
        perror("mmap");
        return 2;
    }
    for (uint64_t first = 0; first < words; first += BATCH) {
        unsigned n = words - first < BATCH ? (unsigned)(words - first) : BATCH;
        pid_t pid;
        int st;

        /* The generator state at `first`, in the parent too, so batches are reproducible. */
        rng = seed;
        for (uint64_t k = 0; k < first; k++) {
            rng_next();
        }
        shared->index = first;
        shared->word = 0;
        pid = fork();
        if (pid < 0) {
            perror("fork");
            return 2;
        }
        if (pid == 0) {
            run_batch(first, n);
        }
        if (waitpid(pid, &st, 0) < 0) {
            perror("waitpid");
            return 2;
        }
        if (WIFSIGNALED(st)) {
            printf("CRASH: emulator died of signal %d at word #%llu = 0x%08x\n", WTERMSIG(st),
                   (unsigned long long)shared->index, shared->word);
            crashes++;
        } else if (WEXITSTATUS(st) != 0) {
            printf("FAIL: batch child exit status %d at word #%llu = 0x%08x\n", WEXITSTATUS(st),
                   (unsigned long long)shared->index, shared->word);
            crashes++;
        }
    }
    printf("%llu words:", (unsigned long long)words);
    for (int r = 0; r < R_N; r++) {
        printf(" %s %llu", r_names[r], (unsigned long long)shared->counts[r]);
    }
    printf("\n");
    if (crashes) {
        printf("%d batches failed\n", crashes);
        return 1;
    }
    return 0;
}
