/*
 * simd-satshift.c: the saturating shifts and accumulates of Advanced SIMD
 * against integer references written from the Arm ARM pseudocode (SatQ,
 * the shift-by-register rule "shift = SInt(element<7:0>)", rounding constant
 * 1 << (-shift - 1)), including FPSR.QC:
 *   SQSHL/UQSHL/SQRSHL/UQRSHL (register), SQSHL/UQSHL/SQSHLU (immediate),
 *   SQSHRN/UQSHRN/SQRSHRN/UQRSHRN/SQSHRUN/SQRSHRUN (vector, "2" and scalar),
 *   SUQADD/USQADD, scalar SQDMULL/SQDMLAL/SQDMLSL (register and by element).
 * Exit 0 = all good.
 */
#include <arm_neon.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define NOVEC __attribute__((optimize("no-tree-vectorize"), noinline))

static int failures;
static uint64_t rs = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
    rs ^= rs << 13;
    rs ^= rs >> 7;
    rs ^= rs << 17;
    return rs;
}

/* Random bytes biased to zero, all-ones, sign-boundary and small values. */
static void fill(void *p, size_t n)
{
    uint8_t *b = p;
    for (size_t i = 0; i < n; i++) {
        uint64_t r = rnd();
        switch (r & 7) {
        case 0: b[i] = 0; break;
        case 1: b[i] = 0xff; break;
        case 2: b[i] = (r >> 8) & 1 ? 0x80 : 0x7f; break;
        case 3: b[i] = (uint8_t)((r >> 8) & 15); break;
        default: b[i] = (uint8_t)(r >> 16); break;
        }
    }
}

/* Shift amounts for the register forms: mostly small, some huge or negative. */
static void fill_shifts(void *p, size_t n, int esize_bytes)
{
    uint8_t *b = p;
    memset(p, 0, n);
    for (size_t i = 0; i < n; i += (size_t)esize_bytes) {
        uint64_t r = rnd();
        int bits = 8 * esize_bytes;
        int sh = (r & 3) == 0 ? (int)(int8_t)(r >> 8) : (int)((r >> 8) % (2 * bits + 3)) - bits - 1;
        b[i] = (uint8_t)sh;
        /* The upper bytes are ignored by the instruction: fill them with noise. */
        for (int k = 1; k < esize_bytes; k++) {
            b[i + k] = (uint8_t)(r >> (16 + 8 * k));
        }
    }
}

static uint32_t get_fpsr(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, fpsr" : "=r"(v) : : "memory");
    return (uint32_t)v;
}

static void set_fpsr(uint32_t v)
{
    __asm__ volatile("msr fpsr, %0" : : "r"((uint64_t)v) : "memory");
}

#define QC (1u << 27)

static void check(const char *what, const void *got, const void *want, size_t n, int gqc, int wqc)
{
    if (memcmp(got, want, n) != 0 || gqc != wqc) {
        const uint8_t *g = got, *w = want;
        printf("FAIL %s:\n  got  ", what);
        for (size_t i = 0; i < n; i++) printf("%02x", g[i]);
        printf(" qc=%d\n  want ", gqc);
        for (size_t i = 0; i < n; i++) printf("%02x", w[i]);
        printf(" qc=%d\n", wqc);
        failures++;
    }
}

/* ---- The reference: SatQ of an exact integer ---- */

typedef __int128 i128;

static uint64_t satq(i128 v, int bits, int is_unsigned, int *qc)
{
    i128 max = is_unsigned ? ((i128)1 << bits) - 1 : ((i128)1 << (bits - 1)) - 1;
    i128 min = is_unsigned ? 0 : -((i128)1 << (bits - 1));
    if (v > max) { *qc = 1; v = max; }
    if (v < min) { *qc = 1; v = min; }
    return (uint64_t)v & (bits == 64 ? ~0ull : (1ull << bits) - 1);
}

static i128 elem(const void *p, int i, int bits, int is_unsigned)
{
    switch (bits) {
    case 8: return is_unsigned ? (i128)((const uint8_t *)p)[i] : (i128)((const int8_t *)p)[i];
    case 16: return is_unsigned ? (i128)((const uint16_t *)p)[i] : (i128)((const int16_t *)p)[i];
    case 32: return is_unsigned ? (i128)((const uint32_t *)p)[i] : (i128)((const int32_t *)p)[i];
    default: return is_unsigned ? (i128)((const uint64_t *)p)[i] : (i128)((const int64_t *)p)[i];
    }
}

static void put(void *p, int i, int bits, uint64_t v)
{
    switch (bits) {
    case 8: ((uint8_t *)p)[i] = (uint8_t)v; break;
    case 16: ((uint16_t *)p)[i] = (uint16_t)v; break;
    case 32: ((uint32_t *)p)[i] = (uint32_t)v; break;
    default: ((uint64_t *)p)[i] = v; break;
    }
}

/*
 * (v + round) << shift, shift negative for right shifts, as an exact integer.
 * |v| < 2^64; shifts beyond +-80 give the same saturation/result as 80.
 */
static i128 shift_exact(i128 v, int shift, int round)
{
    if (shift >= 0) {
        if (shift > 60 && v != 0) {
            return v > 0 ? (i128)1 << 120 : -((i128)1 << 120);
        }
        return v << shift;
    }
    shift = -shift > 80 ? 80 : -shift;
    if (round) {
        v += (i128)1 << (shift - 1);
    }
    return v >> shift;
}

/* The register forms: element-wise with shift = SInt(m<7:0>). */
NOVEC static void ref_shl_reg(const void *n, const void *m, void *r, int bits, int ne, int u,
                              int round, int *qc)
{
    for (int i = 0; i < ne; i++) {
        int sh = (int8_t)(elem(m, i, bits, 1) & 0xff);
        put(r, i, bits, satq(shift_exact(elem(n, i, bits, u), sh, round), bits, u, qc));
    }
}

#define RUN(name, bytes, got_expr, ref_call)                                  \
    do {                                                                       \
        int wqc = 0, gqc;                                                      \
        uint8_t want[16] = { 0 }, got[16] = { 0 };                             \
        ref_call;                                                              \
        set_fpsr(0);                                                           \
        got_expr;                                                              \
        gqc = (get_fpsr() & QC) != 0;                                          \
        check(name, got, want, bytes, gqc, wqc);                               \
    } while (0)

static void test_reg(void)
{
    for (int t = 0; t < 400 && !failures; t++) {
        uint8_t a[16], b8[16], b16[16], b32[16], b64[16];
        fill(a, 16);
        fill_shifts(b8, 16, 1);
        fill_shifts(b16, 16, 2);
        fill_shifts(b32, 16, 4);
        fill_shifts(b64, 16, 8);
        RUN("sqshl.16b", 16, vst1q_s8((int8_t *)got, vqshlq_s8(vld1q_s8((int8_t *)a), vld1q_s8((int8_t *)b8))),
            ref_shl_reg(a, b8, want, 8, 16, 0, 0, &wqc));
        RUN("uqshl.8h", 16, vst1q_u16((uint16_t *)got, vqshlq_u16(vld1q_u16((uint16_t *)a), vld1q_s16((int16_t *)b16))),
            ref_shl_reg(a, b16, want, 16, 8, 1, 0, &wqc));
        RUN("sqrshl.4s", 16, vst1q_s32((int32_t *)got, vqrshlq_s32(vld1q_s32((int32_t *)a), vld1q_s32((int32_t *)b32))),
            ref_shl_reg(a, b32, want, 32, 4, 0, 1, &wqc));
        RUN("uqrshl.2d", 16, vst1q_u64((uint64_t *)got, vqrshlq_u64(vld1q_u64((uint64_t *)a), vld1q_s64((int64_t *)b64))),
            ref_shl_reg(a, b64, want, 64, 2, 1, 1, &wqc));
        RUN("sqshl.2s", 8, vst1_s32((int32_t *)got, vqshl_s32(vld1_s32((int32_t *)a), vld1_s32((int32_t *)b32))),
            ref_shl_reg(a, b32, want, 32, 2, 0, 0, &wqc));
        RUN("sqshl d", 8, *(int64_t *)got = vqshld_s64(*(int64_t *)a, *(int64_t *)b64),
            ref_shl_reg(a, b64, want, 64, 1, 0, 0, &wqc));
        RUN("uqrshl b", 1, *(uint8_t *)got = vqrshlb_u8(a[3], (int8_t)b8[5]),
            ref_shl_reg(a + 3, b8 + 5, want, 8, 1, 1, 1, &wqc));
        RUN("sqrshl h", 2, *(int16_t *)got = vqrshlh_s16(*(int16_t *)a, *(int16_t *)b16),
            ref_shl_reg(a, b16, want, 16, 1, 0, 1, &wqc));
    }
    if (!failures) {
        printf("ok   SQSHL/UQSHL/SQRSHL/UQRSHL (register), vector and scalar\n");
    }
}

/* The immediate left shifts: SQSHL, UQSHL (same signedness), SQSHLU (signed -> unsigned). */
NOVEC static void ref_shl_imm(const void *n, void *r, int bits, int ne, int src_u, int dst_u,
                              int sh, int *qc)
{
    for (int i = 0; i < ne; i++) {
        put(r, i, bits, satq(shift_exact(elem(n, i, bits, src_u), sh, 0), bits, dst_u, qc));
    }
}

/* The narrowing right shifts: 2*bits-wide sources, bits-wide results. */
NOVEC static void ref_shrn(const void *n, void *r, int bits, int ne, int src_u, int dst_u,
                           int sh, int round, int *qc)
{
    for (int i = 0; i < ne; i++) {
        put(r, i, bits, satq(shift_exact(elem(n, i, 2 * bits, src_u), -sh, round), bits, dst_u, qc));
    }
}

#define IMM_CASES(X) X(1) X(3) X(7)

static void test_imm(void)
{
    for (int t = 0; t < 300 && !failures; t++) {
        uint8_t a[16], d[16];
        fill(a, 16);
        fill(d, 16);
#define SHL_IMM(S)                                                                                \
        RUN("sqshl.16b #" #S, 16, vst1q_s8((int8_t *)got, vqshlq_n_s8(vld1q_s8((int8_t *)a), S)),  \
            ref_shl_imm(a, want, 8, 16, 0, 0, S, &wqc));                                          \
        RUN("uqshl.4h #" #S, 8, vst1_u16((uint16_t *)got, vqshl_n_u16(vld1_u16((uint16_t *)a), S)), \
            ref_shl_imm(a, want, 16, 4, 1, 1, S, &wqc));                                          \
        RUN("sqshlu.4s #" #S, 16, vst1q_u32((uint32_t *)got, vqshluq_n_s32(vld1q_s32((int32_t *)a), S * 4)), \
            ref_shl_imm(a, want, 32, 4, 0, 1, S * 4, &wqc));                                      \
        RUN("uqshl.2d #" #S, 16, vst1q_u64((uint64_t *)got, vqshlq_n_u64(vld1q_u64((uint64_t *)a), S * 9)), \
            ref_shl_imm(a, want, 64, 2, 1, 1, S * 9, &wqc));                                      \
        RUN("sqshl d #" #S, 8, *(int64_t *)got = vqshld_n_s64(*(int64_t *)a, S * 8),               \
            ref_shl_imm(a, want, 64, 1, 0, 0, S * 8, &wqc));                                      \
        RUN("sqshlu s #" #S, 4, *(uint32_t *)got = vqshlus_n_s32(*(int32_t *)a, S),                \
            ref_shl_imm(a, want, 32, 1, 0, 1, S, &wqc));                                          \
        RUN("uqshl b #" #S, 1, *(uint8_t *)got = vqshlb_n_u8(a[0], S),                             \
            ref_shl_imm(a, want, 8, 1, 1, 1, S, &wqc));
        IMM_CASES(SHL_IMM)
#define SHRN(S)                                                                                   \
        RUN("sqshrn.8b #" #S, 8, vst1_s8((int8_t *)got, vqshrn_n_s16(vld1q_s16((int16_t *)a), S)), \
            ref_shrn(a, want, 8, 8, 0, 0, S, 0, &wqc));                                           \
        RUN("uqrshrn.4h #" #S, 8, vst1_u16((uint16_t *)got, vqrshrn_n_u32(vld1q_u32((uint32_t *)a), S * 2)), \
            ref_shrn(a, want, 16, 4, 1, 1, S * 2, 1, &wqc));                                      \
        RUN("sqrshrun.2s #" #S, 8, vst1_u32((uint32_t *)got, vqrshrun_n_s64(vld1q_s64((int64_t *)a), S * 4)), \
            ref_shrn(a, want, 32, 2, 0, 1, S * 4, 1, &wqc));                                      \
        RUN("sqshrun2.16b #" #S, 16,                                                              \
            vst1q_u8(got, vqshrun_high_n_s16(vld1_u8(d), vld1q_s16((int16_t *)a), S)),            \
            (memcpy(want, d, 8), ref_shrn(a, want + 8, 8, 8, 0, 1, S, 0, &wqc)));              \
        RUN("uqshrn2.8h #" #S, 16,                                                                \
            vst1q_u16((uint16_t *)got, vqshrn_high_n_u32(vld1_u16((uint16_t *)d), vld1q_u32((uint32_t *)a), S)), \
            (memcpy(want, d, 8), ref_shrn(a, want + 8, 16, 4, 1, 1, S, 0, &wqc)));             \
        RUN("sqrshrn s #" #S, 4, *(int32_t *)got = vqrshrnd_n_s64(*(int64_t *)a, S * 4),          \
            ref_shrn(a, want, 32, 1, 0, 0, S * 4, 1, &wqc));                                      \
        RUN("uqshrn b #" #S, 1, *(uint8_t *)got = vqshrnh_n_u16(*(uint16_t *)a, S),                \
            ref_shrn(a, want, 8, 1, 1, 1, S, 0, &wqc));                                           \
        RUN("sqshrun h #" #S, 2, *(uint16_t *)got = vqshruns_n_s32(*(int32_t *)a, S * 2),          \
            ref_shrn(a, want, 16, 1, 0, 1, S * 2, 0, &wqc));
        IMM_CASES(SHRN)
    }
    if (!failures) {
        printf("ok   SQSHL/UQSHL/SQSHLU (immediate), saturating narrowing shifts\n");
    }
}

NOVEC static void ref_accum(const void *n, const void *dv, void *r, int bits, int ne, int u, int *qc)
{
    /* SUQADD (u = 0): signed Vd + unsigned Vn; USQADD (u = 1): unsigned Vd + signed Vn. */
    for (int i = 0; i < ne; i++) {
        put(r, i, bits, satq(elem(dv, i, bits, u) + elem(n, i, bits, !u), bits, u, qc));
    }
}

NOVEC static void ref_sqdml(const void *n, const void *m, int mi, const void *acc, void *r,
                            int bits, int kind, int *qc)
{
    /* kind 0: SQDMULL, 1: SQDMLAL, 2: SQDMLSL */
    uint64_t p = satq(elem(n, 0, bits, 0) * elem(m, mi, bits, 0) * 2, 2 * bits, 0, qc);
    i128 pv = elem(&p, 0, 2 * bits, 0);
    if (kind) {
        i128 a = elem(acc, 0, 2 * bits, 0);
        p = satq(kind == 1 ? a + pv : a - pv, 2 * bits, 0, qc);
    }
    put(r, 0, 2 * bits, p);
}

static void test_accum(void)
{
    for (int t = 0; t < 300 && !failures; t++) {
        uint8_t a[16], d[16], m[16];
        fill(a, 16);
        fill(d, 16);
        fill(m, 16);
        RUN("suqadd.16b", 16, vst1q_s8((int8_t *)got, vuqaddq_s8(vld1q_s8((int8_t *)d), vld1q_u8(a))),
            ref_accum(a, d, want, 8, 16, 0, &wqc));
        RUN("usqadd.4h", 8, vst1_u16((uint16_t *)got, vsqadd_u16(vld1_u16((uint16_t *)d), vld1_s16((int16_t *)a))),
            ref_accum(a, d, want, 16, 4, 1, &wqc));
        RUN("suqadd.2d", 16, vst1q_s64((int64_t *)got, vuqaddq_s64(vld1q_s64((int64_t *)d), vld1q_u64((uint64_t *)a))),
            ref_accum(a, d, want, 64, 2, 0, &wqc));
        RUN("usqadd s", 4, *(uint32_t *)got = vsqadds_u32(*(uint32_t *)d, *(int32_t *)a),
            ref_accum(a, d, want, 32, 1, 1, &wqc));
        RUN("sqdmull h", 4, *(int32_t *)got = vqdmullh_s16(*(int16_t *)a, *(int16_t *)m),
            ref_sqdml(a, m, 0, d, want, 16, 0, &wqc));
        RUN("sqdmlal s", 8, *(int64_t *)got = vqdmlals_s32(*(int64_t *)d, *(int32_t *)a, *(int32_t *)m),
            ref_sqdml(a, m, 0, d, want, 32, 1, &wqc));
        RUN("sqdmlsl h", 4, *(int32_t *)got = vqdmlslh_s16(*(int32_t *)d, *(int16_t *)a, *(int16_t *)m),
            ref_sqdml(a, m, 0, d, want, 16, 2, &wqc));
        RUN("sqdmull h by element", 4, *(int32_t *)got = vqdmullh_laneq_s16(*(int16_t *)a, vld1q_s16((int16_t *)m), 5),
            ref_sqdml(a, m, 5, d, want, 16, 0, &wqc));
        RUN("sqdmlal s by element", 8,
            *(int64_t *)got = vqdmlals_laneq_s32(*(int64_t *)d, *(int32_t *)a, vld1q_s32((int32_t *)m), 3),
            ref_sqdml(a, m, 3, d, want, 32, 1, &wqc));
    }
    /* The extremes: INT_MIN * INT_MIN doubled saturates. */
    {
        int wqc = 1, gqc;
        int32_t got;
        volatile int16_t x = -32768;
        set_fpsr(0);
        got = vqdmullh_s16(x, x);
        gqc = (get_fpsr() & QC) != 0;
        check("sqdmull h extreme", &got, &(int32_t){ 0x7fffffff }, 4, gqc, wqc);
    }
    if (!failures) {
        printf("ok   SUQADD/USQADD, scalar SQDMULL/SQDMLAL/SQDMLSL\n");
    }
}

int main(void)
{
    test_reg();
    test_imm();
    test_accum();
    if (failures) {
        printf("%d failure(s)\n", failures);
        return 1;
    }
    return 0;
}
