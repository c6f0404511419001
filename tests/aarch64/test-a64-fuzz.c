/*
 * test-a64-fuzz.c: every 32-bit word either translates or becomes an
 * undefined instruction, without crashing the translator, the optimizer or
 * a back end.
 *
 * Each word is translated as a one-instruction block through the whole
 * pipeline (tb_gen_code: front end, optimizer, back end) on both back ends:
 * about a million pseudo-random words, then every word of selected encoding
 * groups with the register fields fixed (so every opcode/size/flag
 * combination of those groups is seen).  Besides "no crash", it checks the
 * front end's invariant that a rejected encoding emitted no IR
 * (a64_stat_partial) and that the block has the one instruction.
 *
 * Executing the words is the job of the guest-level fuzz test
 * (tests/aarch64/fuzz-guest.c under crossemu-aarch64).
 *
 * A64_FUZZ_WORDS overrides the number of random words.
 */
#include "common.h"
#include <check.h>
#include <sys/wait.h>
#include <unistd.h>
#include "ir.h"
#include "exec.h"
#include "backend.h"
#include "tb.h"
#include "arm/cpu.h"
#include "arm/translate.h"

static uint32_t fuzz_word;
static const char *backend_name;
static ARMCPU *fuzz_cpu;

/* Every fetch sees the word under test; the block is one instruction long. */
static bool fuzz_fetch(CPUCommon *cpu, uint64_t addr, void *buf, unsigned len)
{
    uint8_t b[4] = { (uint8_t)fuzz_word, (uint8_t)(fuzz_word >> 8), (uint8_t)(fuzz_word >> 16),
                     (uint8_t)(fuzz_word >> 24) };
    for (unsigned i = 0; i < len; i++) {
        ((uint8_t *)buf)[i] = b[(addr + i) & 3];
    }
    return true;
}
static const GuestCodeAccess fuzz_code_access = { .fetch = fuzz_fetch };

static void setup(const char *model)
{
    static bool done;
    if (!done) {
        GError *err = NULL;
        guest_code_access = &fuzz_code_access;
        ck_assert_msg(translate_init(backend_name, 64 << 20, &err), "translate_init: %s",
                      err ? err->message : "?");
        fuzz_cpu = g_malloc0(sizeof(ARMCPU));
        cpu_common_init(&fuzz_cpu->common, &aarch64_guest_ops);
        done = true;
    }
    arm_cpu_reset(fuzz_cpu, arm_cpu_model_find(model));
    tb_flush();
}

static uint64_t rng_state;

static uint32_t rng_next(void)
{
    /* xorshift64*: fixed seed, so a failure names a reproducible word. */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * 0x2545f4914f6cdd1dull) >> 32);
}

static unsigned tb_count;

/* Translate one word; returns whether it decoded (was not undefined). */
static bool fuzz_one(uint32_t word)
{
    uint64_t undef = a64_stat_undef, partial = a64_stat_partial;
    /* Distinct pcs so that each block is new; flush before the cache gets large. */
    uint64_t pc = 0x400000 + 4 * (uint64_t)(tb_count & 0xfffff);
    TranslationBlock *tb;

    if (++tb_count % 20000 == 0) {
        tb_flush();
    }
    fuzz_word = word;
    tb = tb_gen_code(&fuzz_cpu->common, pc, 0, CF_SINGLE_INSN | CF_NO_CHAIN);
    ck_assert_msg(tb != NULL, "no block for 0x%08x", word);
    ck_assert_msg(tb->icount == 1 && tb->size == 4, "word 0x%08x: block of %u insns, %u bytes",
                  word, tb->icount, tb->size);
    ck_assert_msg(a64_stat_partial == partial,
                  "word 0x%08x: rejected after emitting IR (a trans_ function broke the invariant)",
                  word);
    return a64_stat_undef == undef;
}

static unsigned random_words(void)
{
    const char *e = getenv("A64_FUZZ_WORDS");
    return e ? (unsigned)strtoul(e, NULL, 0) : 1000000;
}

START_TEST(test_random_words)
{
    const char *models[] = { "max", "cortex-a57", "neoverse-n1" };
    unsigned n = random_words(), ok = 0;

    rng_state = 0x9e3779b97f4a7c15ull;
    for (unsigned m = 0; m < ARRAY_SIZE(models); m++) {
        setup(models[m]);
        for (unsigned i = 0; i < (m == 0 ? n : n / 8); i++) {
            ok += fuzz_one(rng_next());
        }
    }
    /* About a third of the A64 space is allocated; far fewer would mean the decoders are off. */
    ck_assert_msg(ok > n / 8, "only %u of %u random words decoded", ok, n);
    fprintf(stderr, "%s: %u random words decoded (of %u + 2 x %u)\n", backend_name, ok, n, n / 8);
}
END_TEST

/*
 * Every word whose bits under `fixed_mask` equal `fixed`, with Rd/Rt (4:0),
 * Rn (9:5) set to x1/x2 (or v1/v2) unless the mask says otherwise: the loop
 * counts through the free bits.
 */
static unsigned sweep(uint32_t fixed_mask, uint32_t fixed)
{
    uint32_t free_mask = ~fixed_mask;
    uint32_t w = 0;
    unsigned ok = 0;

    do {
        ok += fuzz_one(fixed | w);
        /* Next value of the free bits (carry through the fixed ones). */
        w = ((w | fixed_mask) + 1) & free_mask;
    } while (w != 0);
    return ok;
}

#define REGS_MASK 0x3ffu
#define REGS_FIXED (1u | 2u << 5)

START_TEST(test_sweep_simd_fp)
{
    unsigned ok;
    setup("max");
    /* Data processing, SIMD and FP: op0 bits 27:25 = 111, every word with Rd = 1, Rn = 2. */
    ok = sweep(REGS_MASK | 7u << 25, REGS_FIXED | 7u << 25);
    fprintf(stderr, "%s: SIMD&FP group: %u of %u decoded\n", backend_name, ok, 1u << 19);
    ck_assert(ok > 0);
}
END_TEST

START_TEST(test_sweep_ldst)
{
    unsigned ok;
    setup("max");
    /* Loads and stores: op0 = x1x0 (bits 27 = 1, 25 = 0), Rt = 1, Rn = 2. */
    ok = sweep(REGS_MASK | 1u << 27 | 1u << 25, REGS_FIXED | 1u << 27);
    fprintf(stderr, "%s: load/store group: %u of %u decoded\n", backend_name, ok, 1u << 20);
    ck_assert(ok > 0);
}
END_TEST

START_TEST(test_sweep_dp_branch)
{
    unsigned ok;
    setup("max");
    /* Data processing (register and immediate) and branches/system: bits 26:25 = 01 / 00 x... */
    ok = sweep(REGS_MASK | 3u << 25, REGS_FIXED | 1u << 25);          /* op0 x101: DP register */
    ok += sweep(REGS_MASK | 7u << 26, REGS_FIXED | 4u << 26);         /* op0 100x: DP immediate */
    ok += sweep(REGS_MASK | 7u << 26, REGS_FIXED | 5u << 26);         /* op0 101x: branches, system */
    /* The system space in full (MRS/MSR of every register, hints, barriers), Rt = 1. */
    ok += sweep(0xffc0001fu, 0xd5000001u);
    fprintf(stderr, "%s: DP/branch/system groups: %u decoded\n", backend_name, ok);
    ck_assert(ok > 0);
}
END_TEST

START_TEST(test_known_words)
{
    /* Anchors: a few words that must decode and a few that must not. */
    static const uint32_t defined[] = {
        0xd503201f,     /* nop */
        0x8b020020,     /* add x0, x1, x2 */
        0xf9400020,     /* ldr x0, [x1] */
        0x4e228420,     /* add v0.16b, v1.16b, v2.16b */
        0x1e622820,     /* fadd d0, d1, d2 */
        0xd65f03c0,     /* ret */
        0xd4000001,     /* svc #0 */
    };
    static const uint32_t undefined[] = {
        0x00000000,     /* udf #0 */
        0xffffffff,
        0xd4200000 | 0x1f,      /* brk with nonzero low bits: unallocated */
        0x1e62a820,     /* FP data-processing, opcode 1010 (unallocated) */
    };
    setup("max");
    for (unsigned i = 0; i < ARRAY_SIZE(defined); i++) {
        ck_assert_msg(fuzz_one(defined[i]), "0x%08x should decode", defined[i]);
    }
    for (unsigned i = 0; i < ARRAY_SIZE(undefined); i++) {
        ck_assert_msg(!fuzz_one(undefined[i]), "0x%08x should be undefined", undefined[i]);
    }
}
END_TEST

int main(int argc, char **argv)
{
    int failed = 0;
    const char *names[] = { "jit", "interp" };

    for (unsigned i = 0; i < ARRAY_SIZE(names); i++) {
        /* Each back end in its own process: translate_init is once per process. */
        pid_t pid = fork();
        if (pid == 0) {
            backend_name = names[i];
            Suite *s = suite_create(names[i]);
            TCase *tc = tcase_create("fuzz");
            tcase_set_timeout(tc, 0);
            tcase_add_test(tc, test_known_words);
            tcase_add_test(tc, test_random_words);
            tcase_add_test(tc, test_sweep_simd_fp);
            tcase_add_test(tc, test_sweep_ldst);
            tcase_add_test(tc, test_sweep_dp_branch);
            suite_add_tcase(s, tc);
            SRunner *sr = srunner_create(s);
            /* Forked per test: a crash names the test instead of killing the run. */
            srunner_set_fork_status(sr, CK_FORK);
            srunner_run_all(sr, CK_NORMAL);
            int nf = srunner_ntests_failed(sr);
            srunner_free(sr);
            _exit(nf ? 1 : 0);
        }
        int status;
        waitpid(pid, &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            failed++;
        }
    }
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
