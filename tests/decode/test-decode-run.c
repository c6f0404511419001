/*
 * test-decode-run.c: run the decoders generated from test-decode.decode and
 * test-decode16.decode and check which trans_* functions they call, in which
 * order, with which arguments.
 *
 * Each trans_* appends "name(field=value,...)" to a log; a test compares the
 * log and the decoder's return value with what the pattern files promise.
 * Immediates are encoded here from the instruction-format definitions (the
 * RISC-V-like layouts of the test files), independently of the generator.
 */
#include "common.h"

#include <stdarg.h>

typedef struct DisasContext {
    int fn_calls;       /* !function calls, to check ctx is passed along */
} DisasContext;

static char call_log[1024];
static int failures;
static int checks;

static void log_call(const char *fmt, ...) PRINTF_FMT(1, 2);

static void log_call(const char *fmt, ...)
{
    size_t len = strlen(call_log);
    va_list ap;

    if (len) {
        snprintf(call_log + len, sizeof(call_log) - len, " ");
        len++;
    }
    va_start(ap, fmt);
    vsnprintf(call_log + len, sizeof(call_log) - len, fmt, ap);
    va_end(ap);
}

/* The !function helpers named in the pattern files. */
static int ex_shift_1(DisasContext *ctx, int x)
{
    ctx->fn_calls++;
    return x * 2;
}

static int ex_shift_2(DisasContext *ctx, int x)
{
    ctx->fn_calls++;
    return x * 4;
}

static int ex_plus_1(DisasContext *ctx, int x)
{
    ctx->fn_calls++;
    return x + 1;
}

static int ex_const42(DisasContext *ctx, int x)
{
    ctx->fn_calls++;
    return 42 + x;
}

static int ex_creg(DisasContext *ctx, int x)
{
    ctx->fn_calls++;
    return 8 + x;
}

/* Both decoders in one translation unit: their argset typedefs are shared. */
#include "test-decode.c.inc"
#include "test-decode16.c.inc"

static bool log_r(const char *name, arg_r *a, bool ret)
{
    log_call("%s(rd=%d,rs1=%d,rs2=%d)", name, a->rd, a->rs1, a->rs2);
    return ret;
}

static bool log_i(const char *name, arg_i *a, bool ret)
{
    log_call("%s(rd=%d,rs1=%d,imm=%d)", name, a->rd, a->rs1, a->imm);
    return ret;
}

static bool log_b(const char *name, arg_b *a, bool ret)
{
    log_call("%s(rs1=%d,rs2=%d,imm=%d)", name, a->rs1, a->rs2, a->imm);
    return ret;
}

bool trans_lui(DisasContext *ctx, arg_u *a)
{
    log_call("lui(imm=%d,rd=%d)", a->imm, a->rd);
    return true;
}

bool trans_jal(DisasContext *ctx, arg_i *a) { return log_i("jal", a, true); }
bool trans_beq(DisasContext *ctx, arg_b *a) { return log_b("beq", a, true); }
bool trans_bne(DisasContext *ctx, arg_b *a) { return log_b("bne", a, true); }
bool trans_sw(DisasContext *ctx, arg_b *a) { return log_b("sw", a, true); }
bool trans_addi(DisasContext *ctx, arg_i *a) { return log_i("addi", a, true); }
bool trans_addi3(DisasContext *ctx, arg_i *a) { return log_i("addi3", a, true); }
bool trans_slli(DisasContext *ctx, arg_i *a) { return log_i("slli", a, true); }
bool trans_andi(DisasContext *ctx, arg_i *a) { return log_i("andi", a, true); }
bool trans_ori(DisasContext *ctx, arg_i *a) { return log_i("ori", a, true); }
bool trans_add(DisasContext *ctx, arg_r *a) { return log_r("add", a, true); }
bool trans_sub(DisasContext *ctx, arg_r *a) { return log_r("sub", a, true); }
bool trans_neg(DisasContext *ctx, arg_r *a) { return log_r("neg", a, true); }
bool trans_generic(DisasContext *ctx, arg_r *a) { return log_r("generic", a, true); }
bool trans_ya(DisasContext *ctx, arg_r *a) { return log_r("ya", a, true); }
bool trans_yb(DisasContext *ctx, arg_r *a) { return log_r("yb", a, true); }
bool trans_yc(DisasContext *ctx, arg_r *a) { return log_r("yc", a, true); }
bool trans_lw(DisasContext *ctx, arg_i *a) { return log_i("lw", a, true); }

/* The members of overlapping groups that refuse some operands. */
bool trans_li(DisasContext *ctx, arg_i *a) { return log_i("li", a, a->imm >= 0); }
bool trans_mv(DisasContext *ctx, arg_i *a) { return log_i("mv", a, a->rd != a->rs1); }
bool trans_lds(DisasContext *ctx, arg_r *a) { return log_r("lds", a, a->rd != 0); }
bool trans_sts(DisasContext *ctx, arg_r *a) { return log_r("sts", a, a->rs1 != a->rs2); }

bool trans_zzz(DisasContext *ctx, arg_empty *a)
{
    log_call("zzz");
    return false;
}

bool trans_nop(DisasContext *ctx, arg_nop *a)
{
    log_call("nop");
    return true;
}

bool trans_c_nop(DisasContext *ctx, arg_c_nop *a)
{
    log_call("c_nop");
    return true;
}

bool trans_csrw(DisasContext *ctx, arg_csrw *a)
{
    log_call("csrw(csr=%d,rs1=%d)", a->csr, a->rs1);
    return true;
}

bool trans_simm(DisasContext *ctx, arg_simm *a)
{
    log_call("simm(rd=%d,v=%d,c=%d,n=%d,big=%d)", a->rd, a->v, a->c, a->n,
             a->big);
    return true;
}

bool trans_magic(DisasContext *ctx, arg_magic *a)
{
    log_call("magic(k=%d)", a->k);
    return true;
}

bool trans_ecall(DisasContext *ctx, arg_empty *a)
{
    log_call("ecall");
    return true;
}

bool trans_ebreak(DisasContext *ctx, arg_ebreak *a)
{
    log_call("ebreak");
    return true;
}

bool trans_fence(DisasContext *ctx, arg_fence *a)
{
    log_call("fence(pred=%d,succ=%d)", a->pred, a->succ);
    return true;
}

/* -- encoders (from the format layouts, not from the generator) -------- */

static uint32_t enc_r(unsigned f7, unsigned rs2, unsigned rs1, unsigned f3,
                      unsigned rd, unsigned op)
{
    return f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}

static uint32_t enc_i(int imm, unsigned rs1, unsigned f3, unsigned rd,
                      unsigned op)
{
    return ((uint32_t)imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}

static uint32_t enc_s(int imm, unsigned rs2, unsigned rs1, unsigned f3)
{
    uint32_t u = (uint32_t)imm;
    return (u >> 5 & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 |
           (u & 0x1f) << 7 | 0x23;
}

static uint32_t enc_b(int off, unsigned rs2, unsigned rs1, unsigned f3)
{
    uint32_t u = (uint32_t)off;
    return (u >> 12 & 1) << 31 | (u >> 5 & 0x3f) << 25 | rs2 << 20 |
           rs1 << 15 | f3 << 12 | (u >> 1 & 0xf) << 8 | (u >> 11 & 1) << 7 |
           0x63;
}

static uint32_t enc_j(int off, unsigned rd)
{
    uint32_t u = (uint32_t)off;
    return (u >> 20 & 1) << 31 | (u >> 1 & 0x3ff) << 21 | (u >> 11 & 1) << 20 |
           (u >> 12 & 0xff) << 12 | rd << 7 | 0x6f;
}

/* -- checking -------------------------------------------------------------- */

static void check_result(const char *which, uint32_t insn, bool got,
                         bool want, const char *want_log)
{
    checks++;
    if (got != want || strcmp(call_log, want_log) != 0) {
        failures++;
        fprintf(stderr, "FAIL %s 0x%08" PRIx32 ": returned %d, want %d\n"
                "    calls: \"%s\"\n    want:  \"%s\"\n",
                which, insn, got, want, call_log, want_log);
    }
}

static void check32(uint32_t insn, bool want, const char *want_log)
{
    DisasContext ctx = { 0 };

    call_log[0] = 0;
    check_result("decode_test32", insn, decode_test32(&ctx, insn), want,
                 want_log);
}

static void check16(uint16_t insn, bool want, const char *want_log)
{
    DisasContext ctx = { 0 };

    call_log[0] = 0;
    check_result("decode_test16", insn, decode_test16(&ctx, insn), want,
                 want_log);
}

/* Check with the expected log built by printf. */
static void check32f(uint32_t insn, bool want, const char *fmt, ...)
    PRINTF_FMT(3, 4);

static void check32f(uint32_t insn, bool want, const char *fmt, ...)
{
    char buf[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    check32(insn, want, buf);
}

static void test_formats(void)
{
    static const int imm12[] = { 0, 1, -1, 5, -5, 2047, -2048, 0x555, -0x556 };
    static const int boff[] = { 0, 2, -2, 4094, -4096, 2048, -2048, 0x7fe,
                                0x800, -0x802, 1234, -1234 };
    static const int joff[] = { 0, 2, -2, 1048574, -1048576, 4096, -4096,
                                0x800, 0x7fe, 0xaaaaa, -0x55556, 123456 };

    /* U format, implicit argset arg_u {imm, rd}. */
    check32(0x12345 << 12 | 5 << 7 | 0x37, true, "lui(imm=74565,rd=5)");
    check32(0xfffff << 12 | 31 << 7 | 0x37, true, "lui(imm=1048575,rd=31)");

    /* I format: 12-bit sign-extended immediate. */
    for (size_t i = 0; i < ARRAY_SIZE(imm12); i++) {
        check32f(enc_i(imm12[i], 7, 0, 9, 0x13), true,
                 "addi(rd=9,rs1=7,imm=%d)", imm12[i]);
        check32f(enc_i(imm12[i], 1, 7, 2, 0x13), true,
                 "andi(rd=2,rs1=1,imm=%d)", imm12[i]);
        check32f(enc_i(imm12[i], 31, 4, 30, 0x13), true,
                 "ori(rd=30,rs1=31,imm=%d)", imm12[i]);
        /* S format: the immediate in two pieces, the first signed. */
        check32f(enc_s(imm12[i], 3, 4, 2), true, "sw(rs1=4,rs2=3,imm=%d)",
                 imm12[i]);
    }
    /* The format's rs1 replaced by a constant: bits 19..15 are ignored. */
    check32(enc_i(-7, 0, 6, 4, 0x13), true, "addi3(rd=4,rs1=3,imm=-7)");
    check32(enc_i(100, 31, 6, 4, 0x13), true, "addi3(rd=4,rs1=3,imm=100)");

    /* B format: four pieces, sign from bit 31, !function doubling. */
    for (size_t i = 0; i < ARRAY_SIZE(boff); i++) {
        check32f(enc_b(boff[i], 5, 6, 0), true, "beq(rs1=6,rs2=5,imm=%d)",
                 boff[i]);
        check32f(enc_b(boff[i], 31, 0, 1), true, "bne(rs1=0,rs2=31,imm=%d)",
                 boff[i]);
    }
    /* Branch funct3 values with no pattern. */
    check32(enc_b(8, 1, 2, 2), false, "");
    check32(enc_b(8, 1, 2, 7), false, "");

    /* J format: 21-bit signed offset, constant rs1=0 from the format. */
    for (size_t i = 0; i < ARRAY_SIZE(joff); i++) {
        check32f(enc_j(joff[i], 1), true, "jal(rd=1,rs1=0,imm=%d)", joff[i]);
    }
    {
        /* The !function must get the real ctx. */
        DisasContext ctx = { 0 };
        call_log[0] = 0;
        checks++;
        if (!decode_test32(&ctx, enc_j(64, 3)) || ctx.fn_calls != 1) {
            failures++;
            fprintf(stderr, "FAIL jal: !function called %d times\n",
                    ctx.fn_calls);
        }
    }

    /* R format and an explicit &r on a pattern using the implicit-set @r2. */
    check32(enc_r(0, 3, 2, 0, 1, 0x33), true, "add(rd=1,rs1=2,rs2=3)");
    check32(enc_r(0x20, 31, 30, 0, 29, 0x33), true,
            "sub(rd=29,rs1=30,rs2=31)");
    check32(enc_r(0x20, 17, 30, 7, 29, 0x33), true, "neg(rd=29,rs1=30,rs2=0)");
    check32(enc_r(0x20, 0, 30, 6, 29, 0x33), false, "");
    check32(enc_r(0x01, 3, 2, 0, 1, 0x33), false, "");

    /* A !function field on the pattern line: shamt + 1. */
    check32(enc_r(0, 0, 4, 1, 3, 0x13), true, "slli(rd=3,rs1=4,imm=1)");
    check32(enc_r(0, 31, 4, 1, 3, 0x13), true, "slli(rd=3,rs1=4,imm=32)");
    check32(enc_r(1, 31, 4, 1, 3, 0x13), false, "");
}

static void test_inline_and_constants(void)
{
    DisasContext ctx = { 0 };

    /* Inline unsigned field csr=20:12; rd bits must be zero. */
    check32(enc_i(-1, 9, 1, 0, 0x73), true, "csrw(csr=4095,rs1=9)");
    check32(enc_i(0x300, 1, 1, 0, 0x73), true, "csrw(csr=768,rs1=1)");
    check32(enc_i(0x300, 1, 1, 1, 0x73), false, "");

    /* Inline signed v=27:5s, constants c=0x10 n=-7 big=0xffffffff; bits
       24..15 ignored, 26..25 fixed to 01. */
    check32(0x10u << 27 | 1u << 25 | 2 << 12 | 6 << 7 | 0x73, true,
            "simm(rd=6,v=-16,c=16,n=-7,big=-1)");
    check32(0x0fu << 27 | 1u << 25 | 0x3ff << 15 | 2 << 12 | 6 << 7 | 0x73,
            true, "simm(rd=6,v=15,c=16,n=-7,big=-1)");
    check32(0x0fu << 27 | 3u << 25 | 2 << 12 | 6 << 7 | 0x73, false, "");

    /* A field that is only a !function. */
    call_log[0] = 0;
    checks++;
    if (!decode_test32(&ctx, 7 << 12 | 0x0b) || ctx.fn_calls != 1 ||
        strcmp(call_log, "magic(k=42)") != 0) {
        failures++;
        fprintf(stderr, "FAIL magic: \"%s\", %d calls\n", call_log,
                ctx.fn_calls);
    }
    check32(1 << 7 | 7 << 12 | 0x0b, false, "");

    /* Empty argsets, explicit and implicit. */
    check32(0x00000073, true, "ecall");
    check32(0x00100073, true, "ebreak");
    check32(0x00200073, false, "");

    /* '-' bits take any value. */
    check32(0x0ff0000f, true, "fence(pred=15,succ=15)");
    check32(0xf12f8f8f, true, "fence(pred=1,succ=2)");
    check32(0x0ff0100f, false, "");
}

static void test_groups(void)
{
    /* { nop li mv addi } on opcode 0x0b, funct3 0. */
    check32(0x0000000b, true, "nop");
    check32(enc_i(5, 0, 0, 7, 0x0b), true, "li(rd=7,rs1=0,imm=5)");
    check32(enc_i(0, 0, 0, 7, 0x0b), true, "li(rd=7,rs1=0,imm=0)");
    check32(enc_i(-5, 0, 0, 7, 0x0b), true,
            "li(rd=7,rs1=0,imm=-5) addi(rd=7,rs1=0,imm=-5)");
    check32(enc_i(0, 3, 0, 7, 0x0b), true, "mv(rd=7,rs1=3,imm=0)");
    check32(enc_i(0, 7, 0, 7, 0x0b), true,
            "mv(rd=7,rs1=7,imm=0) addi(rd=7,rs1=7,imm=0)");
    check32(enc_i(-1, 7, 0, 7, 0x0b), true, "addi(rd=7,rs1=7,imm=-1)");
    /* nop is tried first; it would accept, so li is never called. */
    check32(enc_i(0, 0, 0, 0, 0x0b), true, "nop");

    /* { [ lds sts { zzz sts } ] generic } on opcode 0x0b, funct3 1. */
    check32(enc_r(0x7f, 2, 1, 1, 3, 0x0b), true, "lds(rd=3,rs1=1,rs2=2)");
    check32(enc_r(0x7f, 2, 1, 1, 0, 0x0b), true,
            "lds(rd=0,rs1=1,rs2=2) generic(rd=0,rs1=1,rs2=2)");
    check32(enc_r(0x7e, 2, 1, 1, 0, 0x0b), true, "sts(rd=0,rs1=1,rs2=2)");
    check32(enc_r(0x7e, 4, 4, 1, 9, 0x0b), true,
            "sts(rd=9,rs1=4,rs2=4) generic(rd=9,rs1=4,rs2=4)");
    check32(enc_r(0x01, 0, 0, 1, 0, 0x0b), true,
            "zzz sts(rd=0,rs1=0,rs2=0) generic(rd=0,rs1=0,rs2=0)");
    check32(enc_r(0x01, 2, 1, 1, 0, 0x0b), true, "sts(rd=0,rs1=1,rs2=2)");
    check32(enc_r(0x03, 2, 1, 1, 5, 0x0b), true, "generic(rd=5,rs1=1,rs2=2)");
    check32(enc_r(0x00, 2, 1, 2, 5, 0x0b), false, "");

    /* ya (-00), yb (01-), yc (1-1): no fixed bit common to all three. */
    static const char *const y[8] = {
        "ya", NULL, "yb", "yb", "ya", "yc", NULL, "yc",
    };
    for (unsigned f3 = 0; f3 < 8; f3++) {
        if (y[f3]) {
            check32f(enc_r(0x55, 6, 5, f3, 4, 0x2b), true,
                     "%s(rd=4,rs1=5,rs2=6)", y[f3]);
        } else {
            check32(enc_r(0x55, 6, 5, f3, 4, 0x2b), false, "");
        }
    }
}

static void test_misc(void)
{
    /* Opcodes with no pattern at all. */
    check32(0x00000000, false, "");
    check32(0xffffffff, false, "");
    check32(0x0000007f, false, "");
}

static void test_decoder16(void)
{
    DisasContext ctx = { 0 };

    check16(0x0001, true, "c_nop");
    /* c.addi x5, -3: imm[5] at 12, imm[4:0] at 6..2, shares trans_addi. */
    check16(1 << 12 | 5 << 7 | (0x3d << 2 & 0x7c) | 1, true,
            "addi(rd=5,rs1=5,imm=-3)");
    check16(0 << 12 | 31 << 7 | 31 << 2 | 1, true,
            "addi(rd=31,rs1=31,imm=31)");
    check16(1 << 12 | 0 << 7 | 0 << 2 | 1, true, "addi(rd=0,rs1=0,imm=-32)");
    /* c.mv-like: shares trans_add and arg_r with the 32-bit decoder. */
    check16(0x8000 | 10 << 7 | 11 << 2 | 2, true, "add(rd=10,rs1=0,rs2=11)");
    check16(0x9000 | 10 << 7 | 11 << 2 | 2, false, "");
    /* c.lw: uimm[5:3] at 12..10, uimm[2] at 6, uimm[6] at 5, scaled by 4;
       3-bit registers + 8. */
    check16(0x4000 | 7 << 10 | 1 << 7 | 1 << 6 | 1 << 5 | 2 << 2, true,
            "lw(rd=10,rs1=9,imm=124)");
    check16(0x4000 | 1 << 10 | 1 << 2, true, "lw(rd=9,rs1=8,imm=8)");
    call_log[0] = 0;
    checks++;
    if (!decode_test16(&ctx, 0x4000) || ctx.fn_calls != 3) {
        failures++;
        fprintf(stderr, "FAIL c.lw: %d !function calls, want 3\n",
                ctx.fn_calls);
    }
    check16(0x0000, false, "");
    check16(0xffff, false, "");
}

/*
 * --trace: for each hex word on stdin, print the name of the first trans_*
 * the decoder called ("-" if none).  test-decode-random.py compares that with
 * the pattern files' meaning, computed independently of the decision tree.
 */
static int trace(bool insn16)
{
    char line[64];

    while (fgets(line, sizeof(line), stdin)) {
        uint32_t insn = (uint32_t)strtoul(line, NULL, 16);
        DisasContext ctx = { 0 };

        call_log[0] = 0;
        if (insn16) {
            decode_test16(&ctx, (uint16_t)insn);
        } else {
            decode_test32(&ctx, insn);
        }
        const char *first = call_log[0] ? call_log : "-";
        printf("%.*s\n", (int)strcspn(first, "( "), first);
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--trace32") == 0) {
        return trace(false);
    }
    if (argc == 2 && strcmp(argv[1], "--trace16") == 0) {
        return trace(true);
    }
    test_formats();
    test_inline_and_constants();
    test_groups();
    test_misc();
    test_decoder16();
    printf("decode-run: %d checks, %d failures\n", checks, failures);
    return failures ? 1 : 0;
}
