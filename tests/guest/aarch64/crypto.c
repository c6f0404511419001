/*
 * crypto.c: the cryptographic extension and CRC32 through the ACLE
 * intrinsics, against published test vectors: AES-128 (FIPS-197 appendix
 * C.1, encryption and the equivalent inverse cipher), SHA-1 and SHA-256
 * (FIPS 180 examples "abc" and the two-block message), PMULL/PMULL2 of
 * 64-bit elements against a bitwise reference, CRC-32 and CRC-32C of
 * "123456789" (their published check values), and the HWCAP bits.
 * Exit 0 = all good.
 */
#pragma GCC target("+crypto+crc")
#include <arm_acle.h>
#include <arm_neon.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

#define HWCAP_AES (1 << 3)
#define HWCAP_PMULL (1 << 4)
#define HWCAP_SHA1 (1 << 5)
#define HWCAP_SHA2 (1 << 6)
#define HWCAP_CRC32 (1 << 7)

static int failures;

static void check_bytes(const char *what, const uint8_t *got, const char *hex, size_t n)
{
    char buf[2 * 64 + 1];
    for (size_t i = 0; i < n; i++) {
        snprintf(buf + 2 * i, 3, "%02x", got[i]);
    }
    if (strcmp(buf, hex) != 0) {
        printf("FAIL %s: got %s, expected %s\n", what, buf, hex);
        failures++;
    } else {
        printf("ok   %s\n", what);
    }
}

static void check_u64(const char *what, uint64_t got, uint64_t want)
{
    if (got != want) {
        printf("FAIL %s: got 0x%016llx, expected 0x%016llx\n", what, (unsigned long long)got,
               (unsigned long long)want);
        failures++;
    }
}

/* ---- AES-128 ---- */

static uint8_t sbox[256];

static uint8_t gmul(uint8_t a, uint8_t b)
{
    uint8_t r = 0;
    for (; b; b >>= 1) {
        if (b & 1) r ^= a;
        a = (uint8_t)((a << 1) ^ ((a & 0x80) ? 0x1b : 0));
    }
    return r;
}

static void make_sbox(void)
{
    for (int x = 0; x < 256; x++) {
        uint8_t inv = 0, s;
        for (int y = 1; x && y < 256; y++) {
            if (gmul((uint8_t)x, (uint8_t)y) == 1) { inv = (uint8_t)y; break; }
        }
        s = inv;
        for (int k = 1; k <= 4; k++) {
            s ^= (uint8_t)((inv << k) | (inv >> (8 - k)));
        }
        sbox[x] = s ^ 0x63;
    }
}

static void aes128_expand(const uint8_t key[16], uint8_t rk[11][16])
{
    uint8_t rcon = 1;
    memcpy(rk[0], key, 16);
    for (int r = 1; r <= 10; r++) {
        const uint8_t *p = rk[r - 1];
        uint8_t t[4] = { sbox[p[13]] ^ rcon, sbox[p[14]], sbox[p[15]], sbox[p[12]] };
        for (int i = 0; i < 16; i++) {
            rk[r][i] = p[i] ^ (i < 4 ? t[i] : rk[r][i - 4]);
        }
        rcon = gmul(rcon, 2);
    }
}

static void test_aes(void)
{
    static const uint8_t key[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
    static const uint8_t pt[16] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                    0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff };
    uint8_t rk[11][16], out[16];
    uint8x16_t s = vld1q_u8(pt);

    make_sbox();
    aes128_expand(key, rk);
    for (int r = 0; r < 9; r++) {
        s = vaesmcq_u8(vaeseq_u8(s, vld1q_u8(rk[r])));
    }
    s = veorq_u8(vaeseq_u8(s, vld1q_u8(rk[9])), vld1q_u8(rk[10]));
    vst1q_u8(out, s);
    check_bytes("AES-128 encrypt (FIPS-197 C.1)", out, "69c4e0d86a7b0430d8cdb78070b4c55a", 16);

    /* The equivalent inverse cipher: middle round keys through InvMixColumns. */
    s = vld1q_u8(out);
    s = vaesimcq_u8(vaesdq_u8(s, vld1q_u8(rk[10])));
    for (int r = 9; r > 1; r--) {
        s = vaesimcq_u8(vaesdq_u8(s, vaesimcq_u8(vld1q_u8(rk[r]))));
    }
    s = veorq_u8(vaesdq_u8(s, vaesimcq_u8(vld1q_u8(rk[1]))), vld1q_u8(rk[0]));
    vst1q_u8(out, s);
    check_bytes("AES-128 decrypt", out, "00112233445566778899aabbccddeeff", 16);

    /* AESMC then AESIMC is the identity. */
    s = vld1q_u8(rk[7]);
    vst1q_u8(out, vaesimcq_u8(vaesmcq_u8(s)));
    if (memcmp(out, rk[7], 16) != 0) {
        printf("FAIL AESIMC(AESMC(x)) != x\n");
        failures++;
    }
}

/* ---- Padding for the SHA tests (one or two 64-byte blocks, big-endian length) ---- */

static int sha_pad(const char *msg, uint8_t blocks[128])
{
    size_t n = strlen(msg);
    int nb = n + 9 > 64 ? 2 : 1;
    uint64_t bits = (uint64_t)n * 8;

    memset(blocks, 0, 128);
    memcpy(blocks, msg, n);
    blocks[n] = 0x80;
    for (int i = 0; i < 8; i++) {
        blocks[64 * nb - 1 - i] = (uint8_t)(bits >> (8 * i));
    }
    return nb;
}

/* ---- SHA-1 ---- */

static void sha1_block(uint32_t st[5], const uint8_t *blk)
{
    static const uint32_t k[4] = { 0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6 };
    uint32x4_t abcd = vld1q_u32(st), abcd0 = abcd, w[4];
    uint32_t e = st[4], e0 = e;

    for (int i = 0; i < 4; i++) {
        w[i] = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(blk + 16 * i)));
    }
    for (int g = 0; g < 20; g++) {
        uint32x4_t wk = vaddq_u32(w[g & 3], vdupq_n_u32(k[g / 5]));
        uint32_t e_next = vsha1h_u32(vgetq_lane_u32(abcd, 0));
        if (g < 5) {
            abcd = vsha1cq_u32(abcd, e, wk);
        } else if (g < 10 || g >= 15) {
            abcd = vsha1pq_u32(abcd, e, wk);
        } else {
            abcd = vsha1mq_u32(abcd, e, wk);
        }
        e = e_next;
        if (g < 16) {
            w[g & 3] = vsha1su1q_u32(vsha1su0q_u32(w[g & 3], w[(g + 1) & 3], w[(g + 2) & 3]),
                                     w[(g + 3) & 3]);
        }
    }
    vst1q_u32(st, vaddq_u32(abcd, abcd0));
    st[4] = e + e0;
}

static void test_sha1(const char *msg, const char *want)
{
    uint32_t st[5] = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0 };
    uint8_t blocks[128], out[20];
    int nb = sha_pad(msg, blocks);
    char what[64];

    for (int b = 0; b < nb; b++) {
        sha1_block(st, blocks + 64 * b);
    }
    for (int i = 0; i < 20; i++) {
        out[i] = (uint8_t)(st[i / 4] >> (24 - 8 * (i % 4)));
    }
    snprintf(what, sizeof(what), "SHA-1 (%d block%s)", nb, nb > 1 ? "s" : "");
    check_bytes(what, out, want, 20);
}

/* ---- SHA-256 ---- */

static const uint32_t k256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static void sha256_block(uint32_t st[8], const uint8_t *blk)
{
    uint32x4_t s0 = vld1q_u32(st), s1 = vld1q_u32(st + 4), s0_in = s0, s1_in = s1, w[4];

    for (int i = 0; i < 4; i++) {
        w[i] = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(blk + 16 * i)));
    }
    for (int g = 0; g < 16; g++) {
        uint32x4_t wk = vaddq_u32(w[g & 3], vld1q_u32(k256 + 4 * g)), t = s0;
        s0 = vsha256hq_u32(s0, s1, wk);
        s1 = vsha256h2q_u32(s1, t, wk);
        if (g < 12) {
            w[g & 3] = vsha256su1q_u32(vsha256su0q_u32(w[g & 3], w[(g + 1) & 3]), w[(g + 2) & 3],
                                       w[(g + 3) & 3]);
        }
    }
    vst1q_u32(st, vaddq_u32(s0, s0_in));
    vst1q_u32(st + 4, vaddq_u32(s1, s1_in));
}

static void test_sha256(const char *msg, const char *want)
{
    uint32_t st[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
    uint8_t blocks[128], out[32];
    int nb = sha_pad(msg, blocks);
    char what[64];

    for (int b = 0; b < nb; b++) {
        sha256_block(st, blocks + 64 * b);
    }
    for (int i = 0; i < 32; i++) {
        out[i] = (uint8_t)(st[i / 4] >> (24 - 8 * (i % 4)));
    }
    snprintf(what, sizeof(what), "SHA-256 (%d block%s)", nb, nb > 1 ? "s" : "");
    check_bytes(what, out, want, 32);
}

/* ---- PMULL ---- */

static void clmul_ref(uint64_t a, uint64_t b, uint64_t *lo, uint64_t *hi)
{
    *lo = *hi = 0;
    for (int i = 0; i < 64; i++) {
        if ((b >> i) & 1) {
            *lo ^= a << i;
            if (i) *hi ^= a >> (64 - i);
        }
    }
}

static void test_pmull(void)
{
    uint64_t x = 0x0123456789abcdefull;
    poly128_t p = vmull_p64(0x8000000000000001ull, 3);

    check_u64("PMULL lo", (uint64_t)p, 0x8000000000000003ull);
    check_u64("PMULL hi", (uint64_t)(p >> 64), 1);
    for (int i = 0; i < 200; i++) {
        uint64_t a, b, c, d, lo, hi;
        x ^= x << 13; x ^= x >> 7; x ^= x << 17; a = x;
        x ^= x << 13; x ^= x >> 7; x ^= x << 17; b = x;
        x ^= x << 13; x ^= x >> 7; x ^= x << 17; c = x;
        x ^= x << 13; x ^= x >> 7; x ^= x << 17; d = x;
        poly64x2_t va = vcombine_p64(vcreate_p64(a), vcreate_p64(c));
        poly64x2_t vb = vcombine_p64(vcreate_p64(b), vcreate_p64(d));
        poly128_t r = vmull_p64(a, b), r2 = vmull_high_p64(va, vb);
        clmul_ref(a, b, &lo, &hi);
        check_u64("PMULL random lo", (uint64_t)r, lo);
        check_u64("PMULL random hi", (uint64_t)(r >> 64), hi);
        clmul_ref(c, d, &lo, &hi);
        check_u64("PMULL2 random lo", (uint64_t)r2, lo);
        check_u64("PMULL2 random hi", (uint64_t)(r2 >> 64), hi);
    }
    /* PMULL of bytes (base AdvSIMD): 0xff * 0xff = 0x5555 */
    poly16x8_t b8 = vmull_p8(vdup_n_p8(0xff), vdup_n_p8(0xff));
    check_u64("PMULL.8", vgetq_lane_p16(b8, 3), 0x5555);
    printf("ok   PMULL/PMULL2\n");
}

/* ---- CRC32 ---- */

static void test_crc(void)
{
    static const char msg[] = "123456789";
    uint32_t c, cc;
    uint64_t d;
    uint32_t w;
    uint16_t h;

    /* Bytewise */
    c = cc = 0xffffffff;
    for (int i = 0; i < 9; i++) {
        c = __crc32b(c, (uint8_t)msg[i]);
        cc = __crc32cb(cc, (uint8_t)msg[i]);
    }
    check_u64("CRC32B", ~c, 0xcbf43926);
    check_u64("CRC32CB", ~cc, 0xe3069283);
    /* 8 + 1 bytes, 4 + 4 + 1, 2 x 4 + 1 */
    memcpy(&d, msg, 8);
    check_u64("CRC32X", ~__crc32b(__crc32d(0xffffffff, d), '9'), 0xcbf43926);
    check_u64("CRC32CX", ~__crc32cb(__crc32cd(0xffffffff, d), '9'), 0xe3069283);
    memcpy(&w, msg, 4);
    c = __crc32w(0xffffffff, w);
    cc = __crc32cw(0xffffffff, w);
    memcpy(&w, msg + 4, 4);
    check_u64("CRC32W", ~__crc32b(__crc32w(c, w), '9'), 0xcbf43926);
    check_u64("CRC32CW", ~__crc32cb(__crc32cw(cc, w), '9'), 0xe3069283);
    c = 0xffffffff;
    cc = 0xffffffff;
    for (int i = 0; i < 8; i += 2) {
        memcpy(&h, msg + i, 2);
        c = __crc32h(c, h);
        cc = __crc32ch(cc, h);
    }
    check_u64("CRC32H", ~__crc32b(c, '9'), 0xcbf43926);
    check_u64("CRC32CH", ~__crc32cb(cc, '9'), 0xe3069283);
    printf("ok   CRC32/CRC32C\n");
}

int main(void)
{
    unsigned long hw = getauxval(AT_HWCAP);
    unsigned long need = HWCAP_AES | HWCAP_PMULL | HWCAP_SHA1 | HWCAP_SHA2 | HWCAP_CRC32;

    if ((hw & need) != need) {
        printf("FAIL HWCAP 0x%lx lacks 0x%lx\n", hw, need & ~hw);
        failures++;
    }
    test_aes();
    test_sha1("abc", "a9993e364706816aba3e25717850c26c9cd0d89d");
    test_sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
              "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    test_sha256("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    test_sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    test_pmull();
    test_crc();
    printf("%s\n", failures ? "FAILED" : "all passed");
    return failures ? 1 : 0;
}
