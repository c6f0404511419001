/*
 * simd-more.c: Advanced SIMD operations against scalar C references on
 * pseudo-random inputs: the integer compares, add/sub, pairwise and
 * narrowing forms that crossemu translates inline, the by-element
 * multiplies, saturating doubling multiplies, saturating narrowing and
 * abs/neg, the FRINT and FCVT vector forms and FP compares against zero.
 * The references are compiled without vectorisation, so they are plain
 * scalar code.  Exit 0 = all good.
 */
#include <arm_neon.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define NOVEC __attribute__((optimize("no-tree-vectorize"), noinline))

static int failures;
static uint64_t rs = 0x243f6a8885a308d3ull;

static uint64_t rnd(void)
{
    rs ^= rs << 13;
    rs ^= rs >> 7;
    rs ^= rs << 17;
    return rs;
}

static void fill(void *p, size_t n)
{
    uint8_t *b = p;
    for (size_t i = 0; i < n; i++) {
        uint64_t r = rnd();
        /* Bias towards equal, zero and extreme bytes. */
        b[i] = (r & 0x300) == 0 ? (i ? b[i - 1] : 0) : (r & 0xc00) == 0 ? (uint8_t)(r >> 40 & 1 ? 0xff : 0x80) : (uint8_t)r;
    }
}

static void check(const char *what, const void *got, const void *want, size_t n)
{
    if (memcmp(got, want, n) != 0) {
        const uint8_t *g = got, *w = want;
        printf("FAIL %s:\n  got ", what);
        for (size_t i = 0; i < n; i++) printf("%02x", g[i]);
        printf("\n  want ");
        for (size_t i = 0; i < n; i++) printf("%02x", w[i]);
        printf("\n");
        failures++;
    }
}

static int64_t sat(int64_t v, int bits)
{
    int64_t max = (1ll << (bits - 1)) - 1, min = -max - 1;
    return v > max ? max : v < min ? min : v;
}

/* ---- Integer, inline-translated forms ---- */

NOVEC static void ref_int(const uint8_t *a, const uint8_t *b, uint8_t out[16][16])
{
    const uint16_t *a16 = (const uint16_t *)a, *b16 = (const uint16_t *)b;
    const int16_t *s16a = (const int16_t *)a, *s16b = (const int16_t *)b;
    const uint32_t *a32 = (const uint32_t *)a, *b32 = (const uint32_t *)b;
    const int64_t *a64 = (const int64_t *)a, *b64 = (const int64_t *)b;
    for (int i = 0; i < 16; i++) {
        out[0][i] = (uint8_t)(a[i] + b[i]);
        out[1][i] = a[i] == b[i] ? 0xff : 0;
        out[2][i] = a[i] > b[i] ? 0xff : 0;
        out[3][i] = (int8_t)a[i] > (int8_t)b[i] ? 0xff : 0;
        out[4][i] = (a[i] & b[i]) ? 0xff : 0;
        int j = 2 * (i & 7);
        const uint8_t *src = i < 8 ? a : b;
        out[5][i] = (uint8_t)(src[j] + src[j + 1]);
        out[6][i] = src[j] > src[j + 1] ? src[j] : src[j + 1];
        out[7][i] = src[j] < src[j + 1] ? src[j] : src[j + 1];
        out[8][i] = (uint8_t)(a[i] >> 3);
        out[9][i] = (uint8_t)(a[i] << 5);
        out[10][i] = i + 5 < 16 ? a[i + 5] : b[i - 11];
        out[11][i] = a[9];
    }
    for (int i = 0; i < 8; i++) {
        ((uint16_t *)out[12])[i] = (uint16_t)(a16[i] - b16[i]);
        ((uint16_t *)out[13])[i] = s16a[i] >= s16b[i] ? 0xffff : 0;
        out[14][i] = (uint8_t)(a16[i] >> 4);
        out[14][8 + i] = (uint8_t)b16[i];
    }
    for (int i = 0; i < 4; i++) {
        ((uint32_t *)out[15])[i] = a32[i] >= b32[i] ? 0xffffffff : 0;
    }
    (void)a64;
    (void)b64;
}

static void test_int(void)
{
    for (int t = 0; t < 300; t++) {
        uint8_t a[16], b[16], want[16][16], got[16][16];
        fill(a, 16);
        fill(b, 16);
        ref_int(a, b, want);
        uint8x16_t va = vld1q_u8(a), vb = vld1q_u8(b);
        vst1q_u8(got[0], vaddq_u8(va, vb));
        vst1q_u8(got[1], vceqq_u8(va, vb));
        vst1q_u8(got[2], vcgtq_u8(va, vb));
        vst1q_u8(got[3], vcgtq_s8(vreinterpretq_s8_u8(va), vreinterpretq_s8_u8(vb)));
        vst1q_u8(got[4], vtstq_u8(va, vb));
        vst1q_u8(got[5], vpaddq_u8(va, vb));
        vst1q_u8(got[6], vpmaxq_u8(va, vb));
        vst1q_u8(got[7], vpminq_u8(va, vb));
        vst1q_u8(got[8], vshrq_n_u8(va, 3));
        vst1q_u8(got[9], vshlq_n_u8(va, 5));
        vst1q_u8(got[10], vextq_u8(va, vb, 5));
        vst1q_u8(got[11], vdupq_laneq_u8(va, 9));
        vst1q_u16((uint16_t *)got[12], vsubq_u16(vreinterpretq_u16_u8(va), vreinterpretq_u16_u8(vb)));
        vst1q_u16((uint16_t *)got[13], vcgeq_s16(vreinterpretq_s16_u8(va), vreinterpretq_s16_u8(vb)));
        vst1q_u8(got[14], vcombine_u8(vshrn_n_u16(vreinterpretq_u16_u8(va), 4),
                                      vmovn_u16(vreinterpretq_u16_u8(vb))));
        vst1q_u32((uint32_t *)got[15], vcgeq_u32(vreinterpretq_u32_u8(va), vreinterpretq_u32_u8(vb)));
        static const char *names[16] = {
            "add.16b", "cmeq.16b", "cmhi.16b", "cmgt.16b", "cmtst.16b", "addp.16b", "umaxp.16b",
            "uminp.16b", "ushr.16b", "shl.16b", "ext #5", "dup v.b[9]", "sub.8h", "cmge.8h",
            "shrn/xtn", "cmhs.4s",
        };
        for (int k = 0; k < 16; k++) {
            check(names[k], got[k], want[k], 16);
        }
        if (failures) {
            return;
        }
    }
    printf("ok   integer compares/add/pairwise/narrow/shift/ext/dup\n");
}

/* ---- By element, saturating doubling ---- */

NOVEC static void ref_elem(const int16_t *a, const int16_t *b, const int32_t *c, int16_t *mul,
                           int16_t *qdmulh, int16_t *qrdmulh, int32_t *mull, int32_t *qdmlal,
                           int32_t *mla32, const int32_t *a32, const int32_t *b32)
{
    for (int i = 0; i < 8; i++) {
        mul[i] = (int16_t)(a[i] * b[3]);
        qdmulh[i] = (int16_t)sat(((int64_t)a[i] * b[i] * 2) >> 16, 16);
        qrdmulh[i] = (int16_t)sat(((int64_t)a[i] * b[5] * 2 + (1 << 15)) >> 16, 16);
    }
    for (int i = 0; i < 4; i++) {
        mull[i] = (int32_t)a[4 + i] * b[6];
        qdmlal[i] = (int32_t)sat((int64_t)c[i] + sat((int64_t)a[i] * b[2] * 2, 32), 32);
        mla32[i] = (int32_t)((uint32_t)c[i] + (uint32_t)a32[i] * (uint32_t)b32[1]);
    }
}

static void test_elem(void)
{
    for (int t = 0; t < 300; t++) {
        int16_t a[8], b[8], w1[8], w2[8], w3[8], g1[8], g2[8], g3[8];
        int32_t c[4], a32[4], b32[4], w4[4], w5[4], w6[4], g4[4], g5[4], g6[4];
        fill(a, sizeof(a));
        fill(b, sizeof(b));
        fill(c, sizeof(c));
        fill(a32, sizeof(a32));
        fill(b32, sizeof(b32));
        if (t & 1) {
            a[1] = b[1] = b[5] = -32768;
        }
        ref_elem(a, b, c, w1, w2, w3, w4, w5, w6, a32, b32);
        int16x8_t va = vld1q_s16(a), vb = vld1q_s16(b);
        int32x4_t vc = vld1q_s32(c);
        vst1q_s16(g1, vmulq_laneq_s16(va, vb, 3));
        vst1q_s16(g2, vqdmulhq_s16(va, vb));
        vst1q_s16(g3, vqrdmulhq_laneq_s16(va, vb, 5));
        vst1q_s32(g4, vmull_high_laneq_s16(va, vb, 6));
        vst1q_s32(g5, vqdmlal_laneq_s16(vc, vget_low_s16(va), vb, 2));
        vst1q_s32(g6, vmlaq_laneq_s32(vc, vld1q_s32(a32), vld1q_s32(b32), 1));
        check("mul by element .8h", g1, w1, 16);
        check("sqdmulh .8h", g2, w2, 16);
        check("sqrdmulh by element", g3, w3, 16);
        check("smull2 by element", g4, w4, 16);
        check("sqdmlal by element", g5, w5, 16);
        check("mla by element .4s", g6, w6, 16);
        if (failures) {
            return;
        }
    }
    /* FP by element */
    float fa[4] = { 1.5f, -2.0f, 3.25f, 1e30f }, fb[4] = { 0.5f, 4.0f, -1.0f, 2.0f };
    float acc[4] = { 1, 2, 3, 4 }, fr[4], fw[4];
    double da[2] = { 3.0, -0.125 }, db[2] = { 7.0, 2.0 }, dr[2];
    vst1q_f32(fr, vfmaq_laneq_f32(vld1q_f32(acc), vld1q_f32(fa), vld1q_f32(fb), 1));
    for (int i = 0; i < 4; i++) fw[i] = fmaf(fa[i], fb[1], acc[i]);
    check("fmla by element .4s", fr, fw, 16);
    vst1q_f64(dr, vmulq_laneq_f64(vld1q_f64(da), vld1q_f64(db), 1));
    if (dr[0] != 6.0 || dr[1] != -0.25) {
        printf("FAIL fmul by element .2d: %g %g\n", dr[0], dr[1]);
        failures++;
    }
    float s = vfmss_laneq_f32(10.0f, 2.0f, vld1q_f32(fb), 3);   /* 10 - 2 * 2 */
    if (s != 6.0f) {
        printf("FAIL fmls scalar by element: %g\n", s);
        failures++;
    }
    printf("ok   by element, sqdmulh/sqrdmulh/sqdmlal\n");
}

/* ---- Saturating narrow, abs, neg ---- */

NOVEC static void ref_sat(const int32_t *a, const int8_t *b, int16_t *qxtn, uint16_t *qxtun,
                          uint16_t *uqxtn, int8_t *qabs, int8_t *qneg)
{
    for (int i = 0; i < 4; i++) {
        qxtn[i] = (int16_t)sat(a[i], 16);
        qxtun[i] = (uint16_t)(a[i] < 0 ? 0 : a[i] > 65535 ? 65535 : a[i]);
        uqxtn[i] = (uint16_t)((uint32_t)a[i] > 65535 ? 65535 : (uint32_t)a[i]);
    }
    for (int i = 0; i < 16; i++) {
        qabs[i] = (int8_t)sat(b[i] < 0 ? -b[i] : b[i], 8);
        qneg[i] = (int8_t)sat(-b[i], 8);
    }
}

static void test_sat(void)
{
    for (int t = 0; t < 300; t++) {
        int32_t a[4];
        int8_t b[16], w4[16], w5[16], g4[16], g5[16];
        int16_t w1[4], g1[4];
        uint16_t w2[4], w3[4], g2[4], g3[4];
        fill(a, sizeof(a));
        fill(b, sizeof(b));
        if (t % 3 == 0) {
            a[t & 3] = (int32_t)(rnd() % 200000) - 100000;
        }
        ref_sat(a, b, w1, w2, w3, w4, w5);
        int32x4_t va = vld1q_s32(a);
        vst1_s16(g1, vqmovn_s32(va));
        vst1_u16(g2, vqmovun_s32(va));
        vst1_u16(g3, vqmovn_u32(vreinterpretq_u32_s32(va)));
        vst1q_s8(g4, vqabsq_s8(vld1q_s8(b)));
        vst1q_s8(g5, vqnegq_s8(vld1q_s8(b)));
        check("sqxtn", g1, w1, 8);
        check("sqxtun", g2, w2, 8);
        check("uqxtn", g3, w3, 8);
        check("sqabs", g4, w4, 16);
        check("sqneg", g5, w5, 16);
        if (failures) {
            return;
        }
    }
    printf("ok   saturating narrow/abs/neg\n");
}

/* ---- FP vector rounding, conversions, compares against zero ---- */

static void test_fp(void)
{
    static const float in[8] = { 2.5f, -2.5f, 1.4999999f, -0.5f, 3.5f, -7.75f, 1e10f, -0.0f };
    float r[4];
    int32_t c[4];
    uint32_t m[4];

    for (int h = 0; h < 2; h++) {
        float32x4_t v = vld1q_f32(in + 4 * h);
        float w[4];
        int32_t wc[4];
        vst1q_f32(r, vrndnq_f32(v));
        for (int i = 0; i < 4; i++) w[i] = nearbyintf(in[4 * h + i]);
        check("frintn", r, w, 16);
        vst1q_f32(r, vrndmq_f32(v));
        for (int i = 0; i < 4; i++) w[i] = floorf(in[4 * h + i]);
        check("frintm", r, w, 16);
        vst1q_f32(r, vrndpq_f32(v));
        for (int i = 0; i < 4; i++) w[i] = ceilf(in[4 * h + i]);
        check("frintp", r, w, 16);
        vst1q_f32(r, vrndq_f32(v));
        for (int i = 0; i < 4; i++) w[i] = truncf(in[4 * h + i]);
        check("frintz", r, w, 16);
        vst1q_f32(r, vrndaq_f32(v));
        for (int i = 0; i < 4; i++) w[i] = roundf(in[4 * h + i]);
        check("frinta", r, w, 16);
        vst1q_s32(c, vcvtnq_s32_f32(v));
        for (int i = 0; i < 4; i++) {
            float x = nearbyintf(in[4 * h + i]);
            wc[i] = x >= 2147483648.0f ? INT32_MAX : (int32_t)x;
        }
        check("fcvtns", c, wc, 16);
        vst1q_s32(c, vcvtmq_s32_f32(v));
        for (int i = 0; i < 4; i++) {
            float x = floorf(in[4 * h + i]);
            wc[i] = x >= 2147483648.0f ? INT32_MAX : (int32_t)x;
        }
        check("fcvtms", c, wc, 16);
        vst1q_s32(c, vcvtaq_s32_f32(v));
        for (int i = 0; i < 4; i++) {
            float x = roundf(in[4 * h + i]);
            wc[i] = x >= 2147483648.0f ? INT32_MAX : (int32_t)x;
        }
        check("fcvtas", c, wc, 16);
        vst1q_u32(m, vcltzq_f32(v));
        for (int i = 0; i < 4; i++) wc[i] = in[4 * h + i] < 0 ? -1 : 0;
        check("fcmlt #0", m, wc, 16);
        vst1q_u32(m, vceqzq_f32(v));
        for (int i = 0; i < 4; i++) wc[i] = in[4 * h + i] == 0 ? -1 : 0;
        check("fcmeq #0", m, wc, 16);
        vst1q_u32(m, vcgezq_f32(v));
        for (int i = 0; i < 4; i++) wc[i] = in[4 * h + i] >= 0 ? -1 : 0;
        check("fcmge #0", m, wc, 16);
    }
    /* FCVTPU of negative values saturates to 0; NaN compares false */
    uint32_t u[4];
    vst1q_u32(u, vcvtpq_u32_f32(vld1q_f32(in)));
    if (u[0] != 3 || u[1] != 0 || u[2] != 2 || u[3] != 0) {
        printf("FAIL fcvtpu: %u %u %u %u\n", u[0], u[1], u[2], u[3]);
        failures++;
    }
    vst1q_u32(m, vcgtzq_f32(vdupq_n_f32(NAN)));
    if (m[0] || m[3]) {
        printf("FAIL fcmgt #0 of NaN\n");
        failures++;
    }
    /* FMAXNMP/FMINNMP: pairs (a0,a1) (a2,a3) (b0,b1) (b2,b3); a quiet NaN loses to a number */
    float pa[4] = { 1.0f, NAN, -3.0f, -4.0f }, pb[4] = { 5.0f, 6.0f, -0.0f, 0.0f }, pw[4];
    vst1q_f32(r, vpmaxnmq_f32(vld1q_f32(pa), vld1q_f32(pb)));
    pw[0] = 1.0f, pw[1] = -3.0f, pw[2] = 6.0f, pw[3] = 0.0f;
    check("fmaxnmp", r, pw, 16);
    vst1q_f32(r, vpminnmq_f32(vld1q_f32(pa), vld1q_f32(pb)));
    pw[0] = 1.0f, pw[1] = -4.0f, pw[2] = 5.0f, pw[3] = -0.0f;
    check("fminnmp", r, pw, 16);
    printf("ok   FRINT, FCVT, FCM #0 vector forms, FMAXNMP/FMINNMP\n");
}

int main(void)
{
    test_int();
    test_elem();
    test_sat();
    test_fp();
    printf("%s\n", failures ? "FAILED" : "all passed");
    return failures ? 1 : 0;
}
