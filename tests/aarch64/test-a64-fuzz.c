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
#include "arm/helper-simd.h"
#include <capstone/capstone.h>

/*
 * A64_FUZZ_REPORT=1: list, by mnemonic, the words capstone disassembles but
 * the front end finds undefined (what is left to implement, or capstone
 * being lenient), and the reverse (possible unallocated encodings we
 * accept).  A development aid; it never fails the test.
 */
static csh cs_handle;
static GHashTable *report_missing, *report_extra;
/* A64_FUZZ_REPORT_FILE=path: every such word, one per line, for scripts. */
static FILE *report_file;

static void report_word(uint32_t word, bool decoded)
{
    cs_insn *insn;
    uint8_t b[4] = { (uint8_t)word, (uint8_t)(word >> 8), (uint8_t)(word >> 16),
                     (uint8_t)(word >> 24) };
    size_t n;
    GHashTable *h;
    const char *key;

    if (!report_missing) {
        return;
    }
    n = cs_disasm(cs_handle, b, 4, 0x1000, 1, &insn);
    if ((n > 0) == decoded) {
        if (n) {
            cs_free(insn, n);
        }
        return;
    }
    if (report_file) {
        fprintf(report_file, "%s 0x%08x %s\n", decoded ? "extra" : "missing", word,
                n ? insn->mnemonic : "-");
    }
    h = decoded ? report_extra : report_missing;
    key = n ? insn->mnemonic : "(capstone: invalid)";
    gpointer old = g_hash_table_lookup(h, key);
    if (!old) {
        char *k = g_strdup_printf("%s", key);
        g_hash_table_insert(h, k, GUINT_TO_POINTER(word | 0u));
        g_hash_table_insert(h, g_strdup_printf("#%s", key), GUINT_TO_POINTER(1));
    } else {
        char *ck = g_strdup_printf("#%s", key);
        g_hash_table_insert(h, ck, GUINT_TO_POINTER(GPOINTER_TO_UINT(g_hash_table_lookup(h, ck)) + 1));
    }
    if (n) {
        cs_free(insn, n);
    }
}

static void report_print(const char *title, GHashTable *h)
{
    GHashTableIter it;
    gpointer k, v;

    fprintf(stderr, "%s:\n", title);
    g_hash_table_iter_init(&it, h);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        const char *key = k;
        if (key[0] == '#') {
            continue;
        }
        char *ck = g_strdup_printf("#%s", key);
        fprintf(stderr, "  %-12s %8u  e.g. 0x%08x\n", key,
                GPOINTER_TO_UINT(g_hash_table_lookup(h, ck)), GPOINTER_TO_UINT(v));
        g_free(ck);
    }
}

static void report_init(void)
{
    if (!getenv("A64_FUZZ_REPORT") || cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &cs_handle) != CS_ERR_OK) {
        return;
    }
    if (getenv("A64_FUZZ_REPORT_FILE") && !report_file) {
        report_file = fopen(getenv("A64_FUZZ_REPORT_FILE"), "w");
    }
    report_missing = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    report_extra = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
}

static void report_done(void)
{
    if (report_missing) {
        report_print("capstone decodes, we do not", report_missing);
        report_print("we decode, capstone does not", report_extra);
    }
    if (report_file) {
        fflush(report_file);
    }
}

static uint32_t fuzz_word;
/* Set when executing: the word is at exec_pc only, undefined (0) elsewhere. */
static uint64_t exec_pc = (uint64_t)-1;
static const char *backend_name;
static ARMCPU *fuzz_cpu;

/* Every fetch sees the word under test; the block is one instruction long. */
static bool fuzz_fetch(CPUCommon *cpu, uint64_t addr, void *buf, unsigned len)
{
    uint8_t b[4] = { (uint8_t)fuzz_word, (uint8_t)(fuzz_word >> 8), (uint8_t)(fuzz_word >> 16),
                     (uint8_t)(fuzz_word >> 24) };
    for (unsigned i = 0; i < len; i++) {
        bool here = exec_pc == (uint64_t)-1 || (addr + i) / 4 == exec_pc / 4;
        ((uint8_t *)buf)[i] = here ? b[(addr + i) & 3] : 0;
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
    report_word(word, a64_stat_undef == undef);
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
    report_init();
    ok = sweep(REGS_MASK | 7u << 25, REGS_FIXED | 7u << 25);
    report_done();
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
        0x4ea1d841,     /* frecpe v1.4s, v2.4s */
        0x7ee1d841,     /* frsqrte d1, d2 */
        0x5ea1f841,     /* frecpx s1, s2 */
        0x4e63fc41,     /* frecps v1.2d, v2.2d, v3.2d */
        0x6fa39041,     /* fmulx v1.4s, v2.4s, v3.s[1] */
        0x4e234c41,     /* sqshl v1.16b, v2.16b, v3.16b */
        0x7f0d9c41,     /* uqrshrn b1, h2, #3 */
        0x6f0e8441,     /* sqshrun2 v1.16b, v2.8h, #2 */
        0x0e216841,     /* fcvtn v1.4h, v2.4s */
        0x7e616841,     /* fcvtxn s1, d2 */
        0x1e63c041,     /* fcvt h1, d2 */
        0x1ee24041,     /* fcvt s1, h2 (Armv8.0, not FEAT_FP16) */
        0x4f3bfc41,     /* fcvtzs v1.4s, v2.4s, #5 */
        0x6e30c841,     /* fmaxnmv s1, v2.4s */
        0x7e70d841,     /* faddp d1, v2.2d */
        0x5f733841,     /* sqdmlal s1, h2, v3.h[7] */
        0x5ee03841,     /* suqadd d1, d2 */
        /* FEAT_FP16 on max: scalar and Advanced SIMD. */
        0x4e431441,     /* fadd v1.8h, v2.8h, v3.8h */
        0x1ee0c041,     /* fabs h1, h2 */
        0x1ee32841,     /* fadd h1, h2, h3 */
        0x1ee70041,     /* fmov h1, w2 */
        0x1ef80041,     /* fcvtzs w1, h2 */
        0x1eee1001,     /* fmov h1, #1.0 */
        0x1fc31041,     /* fmadd h1, h2, h3, h4 */
        0x9ec2f441,     /* scvtf h1, x2, #3 */
        0x4e30c841,     /* fmaxnmv h1, v2.8h */
        0x5f1dfc41,     /* fcvtzs h1, h2, #3 */
        0x0ef8f841,     /* fabs v1.4h, v2.4h */
        0x5e431c41,     /* fmulx h1, h2, h3 */
        0x4f331041,     /* fmla v1.8h, v2.8h, v3.h[3] */
        0x5e30d841,     /* faddp h1, v2.2h */
        0x4f00fc01,     /* fmov v1.8h, #2.0 */
    };
    static const uint32_t undefined[] = {
        0x00000000,     /* udf #0 */
        0xffffffff,
        0xd4200000 | 0x1f,      /* brk with nonzero low bits: unallocated */
        0x1e62a820,     /* FP data-processing, opcode 1010 (unallocated) */
        0x5e200041,     /* scalar three-different, opcode 0000 (no scalar SADDL) */
        0x4ec31c41,     /* FP16 three same, U=0 a=1 opcode 011: unallocated */
        0x4e21e841,     /* frint32z v1.4s, v2.4s (FEAT_FRINTTS) */
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

START_TEST(test_model_features)
{
    /* The crypto extension exists on max and neoverse-n1, not on the A57/A72 models. */
    static const uint32_t crypto[] = {
        0x4e284841,     /* aese v1.16b, v2.16b */
        0x4e287841,     /* aesimc */
        0x5e030041,     /* sha1c q1, s2, v3.4s */
        0x5e280841,     /* sha1h s1, s2 */
        0x5e034041,     /* sha256h q1, q2, v3.4s */
        0x5e282841,     /* sha256su0 */
        0x0ee3e041,     /* pmull v1.1q, v2.1d, v3.1d */
        0x4ee3e041,     /* pmull2 */
    };
    const char *with[] = { "max", "neoverse-n1" }, *without[] = { "cortex-a57", "cortex-a72" };
    for (unsigned m = 0; m < 2; m++) {
        setup(with[m]);
        for (unsigned i = 0; i < ARRAY_SIZE(crypto); i++) {
            ck_assert_msg(fuzz_one(crypto[i]), "0x%08x should decode on %s", crypto[i], with[m]);
        }
        setup(without[m]);
        for (unsigned i = 0; i < ARRAY_SIZE(crypto); i++) {
            ck_assert_msg(!fuzz_one(crypto[i]), "0x%08x should be undefined on %s", crypto[i],
                          without[m]);
        }
    }
    /* Armv8.2: SHA512 and SHA3 on max only; RDM and the dot product on max and the N1. */
    static const uint32_t sha3[] = {
        0xce638041,     /* sha512h q1, q2, v3.2d */
        0xce638441,     /* sha512h2 */
        0xcec08041,     /* sha512su0 */
        0xce638841,     /* sha512su1 */
        0xce638c41,     /* rax1 */
        0xce831441,     /* xar #5 */
        0xce031041,     /* eor3 */
        0xce231041,     /* bcax */
    };
    static const uint32_t v82[] = {
        0x4e839441,     /* sdot v1.4s, v2.16b, v3.16b */
        0x2fa3e041,     /* udot v1.2s, v2.8b, v3.4b[1] */
        0x6e838441,     /* sqrdmlah v1.4s, v2.4s, v3.4s */
        0x7f63f041,     /* sqrdmlsh h1, h2, v3.h[2] */
    };
    static const struct { const char *model; bool sha3, v82; } feat[] = {
        { "max", true, true }, { "neoverse-n1", false, true },
        { "cortex-a57", false, false }, { "cortex-a72", false, false },
    };
    for (unsigned m = 0; m < ARRAY_SIZE(feat); m++) {
        setup(feat[m].model);
        for (unsigned i = 0; i < ARRAY_SIZE(sha3); i++) {
            ck_assert_msg(fuzz_one(sha3[i]) == feat[m].sha3, "0x%08x on %s", sha3[i], feat[m].model);
        }
        for (unsigned i = 0; i < ARRAY_SIZE(v82); i++) {
            ck_assert_msg(fuzz_one(v82[i]) == feat[m].v82, "0x%08x on %s", v82[i], feat[m].model);
        }
    }
    /* FEAT_FP16 (scalar and Advanced SIMD) on max and neoverse-n1 only. */
    static const uint32_t fp16[] = {
        0x1ee32841,     /* fadd h1, h2, h3 */
        0x4e431441,     /* fadd v1.8h, v2.8h, v3.8h */
        0x0ef8f841,     /* fabs v1.4h, v2.4h */
        0x5e431c41,     /* fmulx h1, h2, h3 */
        0x4f331041,     /* fmla v1.8h, v2.8h, v3.h[3] */
        0x5e30d841,     /* faddp h1, v2.2h */
        0x4e30c841,     /* fmaxnmv h1, v2.8h */
        0x4f00fc01,     /* fmov v1.8h, #2.0 */
        0x5f1dfc41,     /* fcvtzs h1, h2, #3 */
    };
    const char *fp16_models[] = { "max", "cortex-a57", "cortex-a72", "neoverse-n1" };
    for (unsigned m = 0; m < ARRAY_SIZE(fp16_models); m++) {
        setup(fp16_models[m]);
        for (unsigned i = 0; i < ARRAY_SIZE(fp16); i++) {
            ck_assert_msg(fuzz_one(fp16[i]) == (m == 0 || m == 3), "0x%08x on %s", fp16[i], fp16_models[m]);
        }
    }
    setup("max");
    ck_assert(!fuzz_one(0xce63c041));      /* sm3partw1: FEAT_SM3, not implemented */
    ck_assert(!fuzz_one(0xcec08441));      /* sm4e: FEAT_SM4, not implemented */
    ck_assert(!fuzz_one(0x4e685841));      /* AES with size 01: unallocated */
    ck_assert(!fuzz_one(0x5e037041));      /* three-register SHA opcode 111: unallocated */
    ck_assert(!fuzz_one(0x2e23e041));      /* PMULL with U = 1: unallocated */
}
END_TEST

/*
 * The inline vector IR (translate-vec.c) against the element-loop helpers:
 * random Advanced SIMD words run on random register contents both ways
 * must leave the same registers and FPSR.
 */
static void exec_word(uint32_t word, const ARMCPU *init, bool inline_off, ARMCPU *out)
{
    ARMCPU *c = fuzz_cpu;
    CPUCommon common = c->common;

    memcpy(c, init, sizeof(*c));
    c->common = common;
    c->pc = exec_pc;
    fuzz_word = word;
    a64_vec_inline_disabled = inline_off;
    tb_flush();
    int excp = cpu_exec(&c->common);
    ck_assert_msg(excp == A64_EXCP_UDEF, "word 0x%08x: exception %d", word, excp);
    memcpy(out, c, sizeof(*c));
}

START_TEST(test_vec_inline_vs_helper)
{
    static ARMCPU init, r1, r2;
    static uint64_t guest_mem[64];
    unsigned n = random_words() / 4, compared = 0;

    setup("max");
    guest_base = (uintptr_t)guest_mem;
    exec_pc = 0x1000;
    rng_state = 0x1234567887654321ull;
    memcpy(&init, fuzz_cpu, sizeof(init));
    for (unsigned i = 0; i < n; i++) {
        /* Vector Advanced SIMD space: 0 Q U 0111 0 ... (bits 28:24 = 01110 or 01111) */
        uint32_t w = (rng_next() & 0x60ffffffu) | 0x0e000000u | (rng_next() & 1) << 24;
        for (int r = 0; r < 32; r++) {
            uint64_t lo = (uint64_t)rng_next() << 32 | rng_next();
            uint64_t hi = (uint64_t)rng_next() << 32 | rng_next();
            /* Some lanes equal, zero or all ones, so the compares see every outcome. */
            switch (rng_next() & 7) {
            case 0: hi = lo; break;
            case 1: lo &= 0xff00ff0000ff00ffull; break;
            case 2: hi |= 0xffff0000ffff0000ull; break;
            }
            init.vregs[r].d[0] = lo;
            init.vregs[r].d[1] = hi;
        }
        exec_pc = (uint64_t)-1;
        bool ok = fuzz_one(w);
        exec_pc = 0x1000;
        if (!ok) {
            continue;
        }
        exec_word(w, &init, false, &r1);
        exec_word(w, &init, true, &r2);
        for (int r = 0; r < 32; r++) {
            ck_assert_msg(r1.vregs[r].d[0] == r2.vregs[r].d[0] && r1.vregs[r].d[1] == r2.vregs[r].d[1],
                          "word 0x%08x: v%d inline %016llx:%016llx, helper %016llx:%016llx", w, r,
                          (unsigned long long)r1.vregs[r].d[1], (unsigned long long)r1.vregs[r].d[0],
                          (unsigned long long)r2.vregs[r].d[1], (unsigned long long)r2.vregs[r].d[0]);
        }
        ck_assert_msg(r1.fpsr == r2.fpsr, "word 0x%08x: fpsr %x vs %x", w, r1.fpsr, r2.fpsr);
        compared++;
    }
    a64_vec_inline_disabled = false;
    exec_pc = (uint64_t)-1;
    fprintf(stderr, "%s: inline vs helper: %u words compared\n", backend_name, compared);
    ck_assert(compared > n / 20);
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
            tcase_add_test(tc, test_model_features);
            tcase_add_test(tc, test_vec_inline_vs_helper);
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
