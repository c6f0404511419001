/*
 * helper-crypto.c: the A64 cryptographic extension (Arm ARM DDI 0487, the
 * AESE/AESD/AESMC/AESIMC, SHA1* and SHA256* instruction pages and their
 * shared pseudocode: SHAchoose, SHAparity, SHAmajority, SHA256hash) and
 * PMULL of 64-bit elements.
 *
 * AES state layout: byte i of the vector is the FIPS-197 state entry
 * s[i % 4][i / 4] (column-major), which is how Arm defines it.  The S-boxes
 * are computed at first use from their definition (multiplicative inverse
 * in GF(2^8), then the affine map), so there is no table to get wrong.
 */
#include "common.h"
#include "translate.h"
#include "helper-crypto.h"

static uint8_t aes_sbox[256], aes_inv_sbox[256];

static uint8_t gf_mul(uint8_t a, uint8_t b)
{
    uint8_t r = 0;

    while (b) {
        if (b & 1) {
            r ^= a;
        }
        a = (uint8_t)((a << 1) ^ ((a & 0x80) ? 0x1b : 0));
        b >>= 1;
    }
    return r;
}

static uint8_t rotl8(uint8_t x, int n)
{
    return (uint8_t)((x << n) | (x >> (8 - n)));
}

static void aes_init_tables(void)
{
    static gsize done;

    if (g_once_init_enter(&done)) {
        for (int x = 0; x < 256; x++) {
            uint8_t inv = 0;
            for (int y = 1; y < 256 && x; y++) {
                if (gf_mul((uint8_t)x, (uint8_t)y) == 1) {
                    inv = (uint8_t)y;
                    break;
                }
            }
            uint8_t s = inv ^ rotl8(inv, 1) ^ rotl8(inv, 2) ^ rotl8(inv, 3) ^ rotl8(inv, 4) ^ 0x63;
            aes_sbox[x] = s;
            aes_inv_sbox[s] = (uint8_t)x;
        }
        g_once_init_leave(&done, 1);
    }
}

static void aes_round(ARMVReg *st, bool decrypt)
{
    ARMVReg in = *st;

    for (int c = 0; c < 4; c++) {
        for (int r = 0; r < 4; r++) {
            /* ShiftRows takes row r from column c + r; InvShiftRows from c - r. */
            int src = decrypt ? (c - r + 4) & 3 : (c + r) & 3;
            uint8_t b = in.b[r + 4 * src];
            st->b[r + 4 * c] = decrypt ? aes_inv_sbox[b] : aes_sbox[b];
        }
    }
}

static void aes_mix(ARMVReg *st, bool inverse)
{
    /* Each column times {02,03,01,01} (MixColumns) or {0e,0b,0d,09} (inverse), circulant. */
    static const uint8_t fwd[4] = { 2, 3, 1, 1 }, inv[4] = { 0x0e, 0x0b, 0x0d, 0x09 };
    const uint8_t *k = inverse ? inv : fwd;
    ARMVReg in = *st;

    for (int c = 0; c < 4; c++) {
        for (int r = 0; r < 4; r++) {
            uint8_t x = 0;
            for (int j = 0; j < 4; j++) {
                x ^= gf_mul(k[(j - r + 4) & 3], in.b[j + 4 * c]);
            }
            st->b[r + 4 * c] = x;
        }
    }
}

static uint32_t rol32(uint32_t x, int n) { return (x << n) | (x >> ((32 - n) & 31)); }
static uint32_t ror32(uint32_t x, int n) { return (x >> n) | (x << ((32 - n) & 31)); }

static uint32_t sha_choose(uint32_t x, uint32_t y, uint32_t z) { return ((y ^ z) & x) ^ z; }
static uint32_t sha_parity(uint32_t x, uint32_t y, uint32_t z) { return x ^ y ^ z; }
static uint32_t sha_majority(uint32_t x, uint32_t y, uint32_t z) { return (x & y) | ((x | y) & z); }

/* SHA1C/SHA1P/SHA1M: four rounds; x = abcd (Qd), y = e (Sn), w = four schedule words (Vm). */
static void sha1_rounds(ARMVReg *x, uint32_t y, const ARMVReg *w, A64CryptoOp op)
{
    for (int e = 0; e < 4; e++) {
        uint32_t t, top;
        switch (op) {
        case A64_SHA1C: t = sha_choose(x->s[1], x->s[2], x->s[3]); break;
        case A64_SHA1P: t = sha_parity(x->s[1], x->s[2], x->s[3]); break;
        default: t = sha_majority(x->s[1], x->s[2], x->s[3]); break;
        }
        y = y + rol32(x->s[0], 5) + t + w->s[e];
        x->s[1] = rol32(x->s[1], 30);
        /* <y, x> = ROL(y:x, 32) */
        top = x->s[3];
        x->s[3] = x->s[2];
        x->s[2] = x->s[1];
        x->s[1] = x->s[0];
        x->s[0] = y;
        y = top;
    }
}

static uint32_t sigma0(uint32_t x) { return ror32(x, 2) ^ ror32(x, 13) ^ ror32(x, 22); }
static uint32_t sigma1(uint32_t x) { return ror32(x, 6) ^ ror32(x, 11) ^ ror32(x, 25); }

/* SHA256hash(X, Y, W, part1) of the Arm pseudocode. */
static ARMVReg sha256_hash(ARMVReg x, ARMVReg y, const ARMVReg *w, bool part1)
{
    for (int e = 0; e < 4; e++) {
        uint32_t chs = sha_choose(y.s[0], y.s[1], y.s[2]);
        uint32_t maj = sha_majority(x.s[0], x.s[1], x.s[2]);
        uint32_t t1 = y.s[3] + sigma1(y.s[0]) + chs + w->s[e];
        uint32_t xt, yt;
        x.s[3] = t1 + x.s[3];
        y.s[3] = t1 + sigma0(x.s[0]) + maj;
        /* <Y, X> = ROL(Y:X, 32): X's top word moves into Y, Y's into X. */
        xt = x.s[3];
        yt = y.s[3];
        x.s[3] = x.s[2]; x.s[2] = x.s[1]; x.s[1] = x.s[0]; x.s[0] = yt;
        y.s[3] = y.s[2]; y.s[2] = y.s[1]; y.s[1] = y.s[0]; y.s[0] = xt;
    }
    return part1 ? x : y;
}

static void clmul64(uint64_t a, uint64_t b, uint64_t *lo, uint64_t *hi)
{
    uint64_t l = 0, h = 0;

    for (int i = 0; i < 64; i++) {
        if ((b >> i) & 1) {
            l ^= a << i;
            h ^= i ? a >> (64 - i) : 0;
        }
    }
    *lo = l;
    *hi = h;
}

void helper_a64_crypto(CPUCommon *env, uint32_t desc)
{
    ARMCPU *cpu = arm_cpu(env);
    A64CryptoOp op = (A64CryptoOp)(desc >> 15);
    ARMVReg *vd = &cpu->vregs[desc & 31];
    ARMVReg n = cpu->vregs[(desc >> 5) & 31], m = cpu->vregs[(desc >> 10) & 31], d = *vd, r;

    switch (op) {
    case A64_AESE:
    case A64_AESD:
        aes_init_tables();
        r.d[0] = d.d[0] ^ n.d[0];
        r.d[1] = d.d[1] ^ n.d[1];
        aes_round(&r, op == A64_AESD);
        break;
    case A64_AESMC:
    case A64_AESIMC:
        r = n;
        aes_mix(&r, op == A64_AESIMC);
        break;
    case A64_SHA1C:
    case A64_SHA1P:
    case A64_SHA1M:
        r = d;
        sha1_rounds(&r, n.s[0], &m, op);
        break;
    case A64_SHA1SU0:
        r.d[0] = d.d[1] ^ d.d[0] ^ m.d[0];
        r.d[1] = n.d[0] ^ d.d[1] ^ m.d[1];
        break;
    case A64_SHA1H:
        r.d[1] = 0;
        r.d[0] = rol32(n.s[0], 30);
        break;
    case A64_SHA1SU1: {
        uint32_t t[4] = { d.s[0] ^ n.s[1], d.s[1] ^ n.s[2], d.s[2] ^ n.s[3], d.s[3] };
        r.s[0] = rol32(t[0], 1);
        r.s[1] = rol32(t[1], 1);
        r.s[2] = rol32(t[2], 1);
        r.s[3] = rol32(t[3], 1) ^ rol32(t[0], 2);
        break;
    }
    case A64_SHA256H:
        r = sha256_hash(d, n, &m, true);
        break;
    case A64_SHA256H2:
        r = sha256_hash(n, d, &m, false);
        break;
    case A64_SHA256SU0: {
        /* T = n<31:0> : d<127:32> */
        uint32_t t[4] = { d.s[1], d.s[2], d.s[3], n.s[0] };
        for (int e = 0; e < 4; e++) {
            r.s[e] = (ror32(t[e], 7) ^ ror32(t[e], 18) ^ (t[e] >> 3)) + d.s[e];
        }
        break;
    }
    case A64_SHA256SU1: {
        /* T0 = m<31:0> : n<127:32>; T1 = m<127:64>, then the result's own low half. */
        uint32_t t0[4] = { n.s[1], n.s[2], n.s[3], m.s[0] };
        for (int e = 0; e < 4; e++) {
            uint32_t x = e < 2 ? m.s[2 + e] : r.s[e - 2];
            x = ror32(x, 17) ^ ror32(x, 19) ^ (x >> 10);
            r.s[e] = x + d.s[e] + t0[e];
        }
        break;
    }
    case A64_PMULL64:
    case A64_PMULL64_HI: {
        int i = op == A64_PMULL64_HI;
        clmul64(n.d[i], m.d[i], &r.d[0], &r.d[1]);
        break;
    }
    default:
        g_assert_not_reached();
    }
    *vd = r;
}

IR_HELPER_DEF(a64_crypto, IR_HT_VOID, IR_HELPER_NO_READ_GLOBALS | IR_HELPER_NO_WRITE_GLOBALS,
              IR_HT_PTR, IR_HT_I32);
