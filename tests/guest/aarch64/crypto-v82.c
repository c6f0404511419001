/*
 * crypto-v82.c: the Armv8.2 features -cpu max advertises beyond Armv8.0:
 *   SHA512H/SHA512H2/SHA512SU0/SHA512SU1 (a whole SHA-512 compression,
 *   checked against the FIPS 180-4 test vectors), EOR3/RAX1/XAR/BCAX
 *   (FEAT_SHA3), SDOT/UDOT (FEAT_DotProd) and SQRDMLAH/SQRDMLSH (FEAT_RDM),
 *   vector, scalar and by element, against scalar references.
 * Also checks that AT_HWCAP advertises them.  Exit 0 = all good.
 */
#pragma GCC target("arch=armv8.2-a+sha3+dotprod+rdma")
#include <arm_neon.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

#define NOVEC __attribute__((optimize("no-tree-vectorize"), noinline))

static int failures;
static uint64_t rs = 0x3141592653589793ull;

static uint64_t rnd(void)
{
    rs ^= rs << 13;
    rs ^= rs >> 7;
    rs ^= rs << 17;
    return rs;
}

static void check(const char *what, const void *got, const void *want, size_t n)
{
    if (memcmp(got, want, n) != 0) {
        const uint8_t *g = got, *w = want;
        printf("FAIL %s:\n  got  ", what);
        for (size_t i = 0; i < n; i++) printf("%02x", g[i]);
        printf("\n  want ");
        for (size_t i = 0; i < n; i++) printf("%02x", w[i]);
        printf("\n");
        failures++;
    }
}

/* ---- SHA-512 with the SHA512 instructions: two rounds per step ---- */

static const uint64_t K512[80] = {
    0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc,
    0x3956c25bf348b538, 0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118,
    0xd807aa98a3030242, 0x12835b0145706fbe, 0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2,
    0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235, 0xc19bf174cf692694,
    0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
    0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5,
    0x983e5152ee66dfab, 0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4,
    0xc6e00bf33da88fc2, 0xd5a79147930aa725, 0x06ca6351e003826f, 0x142929670a0e6e70,
    0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed, 0x53380d139d95b3df,
    0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
    0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30,
    0xd192e819d6ef5218, 0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8,
    0x19a4c116b8d2d0c8, 0x1e376c085141ab53, 0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8,
    0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3,
    0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
    0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b,
    0xca273eceea26619c, 0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178,
    0x06f067aa72176fba, 0x0a637dc5a2c898a6, 0x113f9804bef90dae, 0x1b710b35131c471b,
    0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc, 0x431d67c49c100d4c,
    0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
};

/*
 * One 128-byte block.  s[0..3] hold (a,b) (c,d) (e,f) (g,h), lane 0 first;
 * their roles rotate by one register every two rounds.
 */
static void sha512_block(uint64x2_t s[4], const uint8_t *block)
{
    uint64x2_t w[40], save[4];

    for (int i = 0; i < 8; i++) {
        w[i] = vreinterpretq_u64_u8(vrev64q_u8(vld1q_u8(block + 16 * i)));
    }
    for (int i = 8; i < 40; i++) {
        /* W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16], two at a time */
        w[i] = vsha512su1q_u64(vsha512su0q_u64(w[i - 8], w[i - 7]), w[i - 1],
                               vextq_u64(w[i - 4], w[i - 3], 1));
    }
    memcpy(save, s, sizeof(save));
    for (int r = 0; r < 40; r++) {
        int ab = (0 - r) & 3, cd = (1 - r) & 3, ef = (2 - r) & 3, gh = (3 - r) & 3;
        uint64x2_t wk = vaddq_u64(w[r], vld1q_u64(&K512[2 * r]));
        uint64x2_t t0 = vaddq_u64(vextq_u64(wk, wk, 1), s[gh]);
        uint64x2_t t1 = vsha512hq_u64(t0, vextq_u64(s[ef], s[gh], 1), vextq_u64(s[cd], s[ef], 1));
        s[gh] = vsha512h2q_u64(t1, s[cd], s[ab]);
        s[cd] = vaddq_u64(s[cd], t1);
    }
    for (int i = 0; i < 4; i++) {
        s[i] = vaddq_u64(s[i], save[i]);
    }
}

static void sha512(const void *msg, size_t len, uint8_t out[64])
{
    static const uint64_t iv[8] = {
        0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
        0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
    };
    uint64x2_t s[4];
    uint8_t block[256];
    size_t full = len / 128, rest = len % 128, n;

    for (int i = 0; i < 4; i++) {
        s[i] = vld1q_u64(&iv[2 * i]);
    }
    for (size_t b = 0; b < full; b++) {
        sha512_block(s, (const uint8_t *)msg + 128 * b);
    }
    memset(block, 0, sizeof(block));
    memcpy(block, (const uint8_t *)msg + 128 * full, rest);
    block[rest] = 0x80;
    n = rest + 17 <= 128 ? 128 : 256;
    for (int i = 0; i < 8; i++) {
        block[n - 1 - i] = (uint8_t)((uint64_t)len * 8 >> (8 * i));
    }
    for (size_t b = 0; b < n / 128; b++) {
        sha512_block(s, block + 128 * b);
    }
    for (int i = 0; i < 8; i++) {
        uint64_t v = vgetq_lane_u64(s[i / 2], 0);
        if (i & 1) v = vgetq_lane_u64(s[i / 2], 1);
        for (int k = 0; k < 8; k++) {
            out[8 * i + k] = (uint8_t)(v >> (56 - 8 * k));
        }
    }
}

static void test_sha512(void)
{
    static const struct { const char *msg; const char *hex; } v[] = {
        /* FIPS 180-4 examples (NIST CSRC "SHA512.pdf") */
        { "abc", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                 "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f" },
        { "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopq"
          "klmnopqrlmnopqrsmnopqrstnopqrstu",
          "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
          "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909" },
        { "", "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
              "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e" },
    };
    for (unsigned i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
        uint8_t d[64], want[64];
        for (int k = 0; k < 64; k++) {
            unsigned x;
            sscanf(v[i].hex + 2 * k, "%2x", &x);
            want[k] = (uint8_t)x;
        }
        sha512(v[i].msg, strlen(v[i].msg), d);
        check("sha512 test vector", d, want, 64);
    }
    if (!failures) {
        printf("ok   SHA512H/SHA512H2/SHA512SU0/SHA512SU1 (FIPS 180-4 vectors)\n");
    }
}

/* ---- SHA3, dot product, RDM against scalar references ---- */

static uint64_t rol64(uint64_t x, int n) { return n ? x << n | x >> (64 - n) : x; }

NOVEC static void ref_sha3(const uint64_t *a, const uint64_t *b, const uint64_t *c, uint64_t out[4][2])
{
    for (int i = 0; i < 2; i++) {
        out[0][i] = a[i] ^ b[i] ^ c[i];             /* EOR3 */
        out[1][i] = a[i] ^ rol64(b[i], 1);          /* RAX1 */
        out[2][i] = rol64(a[i] ^ b[i], 64 - 17);    /* XAR #17 */
        out[3][i] = a[i] ^ (b[i] & ~c[i]);          /* BCAX */
    }
}

static int16_t sat16(int64_t v) { return v > 32767 ? 32767 : v < -32768 ? -32768 : (int16_t)v; }
static int32_t sat32(__int128 v) { return v > 2147483647 ? 2147483647 : v < -2147483648ll ? (int32_t)-2147483648ll : (int32_t)v; }

NOVEC static void ref_dot_rdm(const uint8_t *a, const uint8_t *b, const uint8_t *acc, uint8_t out[6][16])
{
    const int16_t *a16 = (const int16_t *)a, *b16 = (const int16_t *)b, *c16 = (const int16_t *)acc;
    const int32_t *a32 = (const int32_t *)a, *b32 = (const int32_t *)b, *c32 = (const int32_t *)acc;
    for (int i = 0; i < 4; i++) {
        uint32_t su = ((const uint32_t *)acc)[i], ss = su, se = su;
        for (int j = 0; j < 4; j++) {
            su += (uint32_t)a[4 * i + j] * b[4 * i + j];
            ss += (uint32_t)((int8_t)a[4 * i + j] * (int8_t)b[4 * i + j]);
            se += (uint32_t)((int8_t)a[4 * i + j] * (int8_t)b[4 * 2 + j]);   /* element [2] */
        }
        ((uint32_t *)out[0])[i] = su;
        ((uint32_t *)out[1])[i] = ss;
        ((uint32_t *)out[2])[i] = se;
        /* SQRDMLSH .4s, SQRDMLAH .4s by element [1] */
        ((int32_t *)out[4])[i] = sat32((((__int128)c32[i] << 32) - 2 * (__int128)a32[i] * b32[i] + (1ll << 31)) >> 32);
        ((int32_t *)out[5])[i] = sat32((((__int128)c32[i] << 32) + 2 * (__int128)a32[i] * b32[1] + (1ll << 31)) >> 32);
    }
    for (int i = 0; i < 8; i++) {
        /* SQRDMLAH .8h */
        ((int16_t *)out[3])[i] = sat16((((int64_t)c16[i] << 16) + 2 * (int64_t)a16[i] * b16[i] + (1 << 15)) >> 16);
    }
}

static void test_v82(void)
{
    for (int t = 0; t < 500 && !failures; t++) {
        uint64_t a[2] = { rnd(), rnd() }, b[2] = { rnd(), rnd() }, c[2] = { rnd(), rnd() };
        uint64_t want[4][2], got[4][2];
        uint64x2_t va = vld1q_u64(a), vb = vld1q_u64(b), vc = vld1q_u64(c);
        ref_sha3(a, b, c, want);
        vst1q_u64(got[0], veor3q_u64(va, vb, vc));
        vst1q_u64(got[1], vrax1q_u64(va, vb));
        vst1q_u64(got[2], vxarq_u64(va, vb, 17));
        vst1q_u64(got[3], vbcaxq_u64(va, vb, vc));
        check("eor3", got[0], want[0], 16);
        check("rax1", got[1], want[1], 16);
        check("xar #17", got[2], want[2], 16);
        check("bcax", got[3], want[3], 16);

        uint8_t x[16], y[16], z[16], w6[6][16], g6[6][16];
        memcpy(x, a, 16);
        memcpy(y, b, 16);
        memcpy(z, c, 16);
        if (t & 1) {
            /* The saturating corner: INT_MIN * INT_MIN. */
            ((int16_t *)x)[3] = ((int16_t *)y)[3] = -32768;
            ((int32_t *)x)[2] = ((int32_t *)y)[1] = (int32_t)0x80000000u;
        }
        ref_dot_rdm(x, y, z, w6);
        vst1q_u32((uint32_t *)g6[0], vdotq_u32(vld1q_u32((uint32_t *)z), vld1q_u8(x), vld1q_u8(y)));
        vst1q_s32((int32_t *)g6[1], vdotq_s32(vld1q_s32((int32_t *)z), vld1q_s8((int8_t *)x), vld1q_s8((int8_t *)y)));
        vst1q_s32((int32_t *)g6[2], vdotq_laneq_s32(vld1q_s32((int32_t *)z), vld1q_s8((int8_t *)x), vld1q_s8((int8_t *)y), 2));
        vst1q_s16((int16_t *)g6[3], vqrdmlahq_s16(vld1q_s16((int16_t *)z), vld1q_s16((int16_t *)x), vld1q_s16((int16_t *)y)));
        vst1q_s32((int32_t *)g6[4], vqrdmlshq_s32(vld1q_s32((int32_t *)z), vld1q_s32((int32_t *)x), vld1q_s32((int32_t *)y)));
        vst1q_s32((int32_t *)g6[5], vqrdmlahq_laneq_s32(vld1q_s32((int32_t *)z), vld1q_s32((int32_t *)x), vld1q_s32((int32_t *)y), 1));
        static const char *nm[6] = { "udot.4s", "sdot.4s", "sdot by element", "sqrdmlah.8h",
                                     "sqrdmlsh.4s", "sqrdmlah.4s by element" };
        for (int k = 0; k < 6; k++) {
            check(nm[k], g6[k], w6[k], 16);
        }
        /* Scalar SQRDMLAH h and the 64-bit vector form of UDOT (upper half cleared). */
        {
            int16_t s = vqrdmlahh_s16(((int16_t *)z)[0], ((int16_t *)x)[0], ((int16_t *)y)[0]);
            int16_t ws = ((int16_t *)w6[3])[0];
            check("sqrdmlah h", &s, &ws, 2);
            uint32_t d2[4] = { 0, 0, 0, 0 };
            vst1_u32(d2, vdot_u32(vld1_u32((uint32_t *)z), vld1_u8(x), vld1_u8(y)));
            check("udot.2s", d2, w6[0], 8);
        }
    }
    if (!failures) {
        printf("ok   EOR3/RAX1/XAR/BCAX, SDOT/UDOT, SQRDMLAH/SQRDMLSH\n");
    }
}

int main(void)
{
    unsigned long hw = getauxval(AT_HWCAP);
    /* SHA3 (17), ASIMDDP (20), SHA512 (21), ASIMDRDM (12) */
    if ((hw & (1ul << 17 | 1ul << 20 | 1ul << 21 | 1ul << 12)) != (1ul << 17 | 1ul << 20 | 1ul << 21 | 1ul << 12)) {
        printf("FAIL AT_HWCAP %#lx lacks SHA3/SHA512/ASIMDDP/ASIMDRDM\n", hw);
        failures++;
    }
    test_sha512();
    test_v82();
    if (failures) {
        printf("%d failure(s)\n", failures);
        return 1;
    }
    return 0;
}
