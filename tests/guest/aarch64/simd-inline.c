/*
 * simd-inline.c: the Advanced SIMD forms crossemu translates to inline IR
 * that random-word fuzzing rarely reaches (single encodings): CNT, ADDV and
 * UADDLV of bytes (what compilers emit for popcount), REV64/REV32/REV16 in
 * every element size, 64- and 128-bit, against scalar references.
 * Exit 0 = all good.
 */
#include <arm_neon.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define NOVEC __attribute__((optimize("no-tree-vectorize"), noinline))

static int failures;
static uint64_t rs = 0x2718281828459045ull;

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

/* Reverse elements of `esize` bytes inside groups of `group` bytes. */
NOVEC static void ref_rev(const uint8_t *in, uint8_t *out, int n, int group, int esize)
{
    for (int g = 0; g < n; g += group) {
        for (int e = 0; e < group / esize; e++) {
            memcpy(out + g + e * esize, in + g + group - (e + 1) * esize, (size_t)esize);
        }
    }
}

NOVEC static unsigned ref_popcount(const uint8_t *in, int n, uint8_t *per_byte)
{
    unsigned total = 0;
    for (int i = 0; i < n; i++) {
        unsigned c = 0;
        for (int b = 0; b < 8; b++) c += (in[i] >> b) & 1;
        per_byte[i] = (uint8_t)c;
        total += c;
    }
    return total;
}

NOVEC static unsigned ref_sum(const uint8_t *in, int n)
{
    unsigned s = 0;
    for (int i = 0; i < n; i++) s += in[i];
    return s;
}

int main(void)
{
    for (int t = 0; t < 2000 && !failures; t++) {
        uint8_t a[16], want[16], got[16];
        for (int i = 0; i < 16; i++) {
            uint64_t r = rnd();
            a[i] = (r & 3) == 0 ? 0xff : (uint8_t)(r >> 8);
        }
        uint8x16_t v = vld1q_u8(a);

        ref_rev(a, want, 16, 8, 1); vst1q_u8(got, vrev64q_u8(v)); check("rev64.16b", got, want, 16);
        ref_rev(a, want, 16, 8, 2); vst1q_u16((uint16_t *)got, vrev64q_u16(vreinterpretq_u16_u8(v))); check("rev64.8h", got, want, 16);
        ref_rev(a, want, 16, 8, 4); vst1q_u32((uint32_t *)got, vrev64q_u32(vreinterpretq_u32_u8(v))); check("rev64.4s", got, want, 16);
        ref_rev(a, want, 16, 4, 1); vst1q_u8(got, vrev32q_u8(v)); check("rev32.16b", got, want, 16);
        ref_rev(a, want, 16, 4, 2); vst1q_u16((uint16_t *)got, vrev32q_u16(vreinterpretq_u16_u8(v))); check("rev32.8h", got, want, 16);
        ref_rev(a, want, 16, 2, 1); vst1q_u8(got, vrev16q_u8(v)); check("rev16.16b", got, want, 16);
        memset(got, 0xaa, 16);
        ref_rev(a, want, 8, 4, 2);
        vst1_u16((uint16_t *)got, vrev32_u16(vreinterpret_u16_u8(vget_low_u8(v))));
        check("rev32.4h", got, want, 8);

        uint8_t per[16];
        unsigned total = ref_popcount(a, 16, per);
        vst1q_u8(got, vcntq_u8(v));
        check("cnt.16b", got, per, 16);
        unsigned lo = ref_popcount(a, 8, per);
        vst1_u8(got, vcnt_u8(vget_low_u8(v)));
        check("cnt.8b", got, per, 8);
        /* The popcount idiom: CNT + ADDV (byte result) / UADDLV (halfword). */
        uint8_t g8 = vaddvq_u8(vcntq_u8(v)), w8 = (uint8_t)total;
        check("addv b, cnt.16b", &g8, &w8, 1);
        g8 = vaddv_u8(vget_low_u8(v));
        w8 = (uint8_t)ref_sum(a, 8);
        check("addv b, .8b", &g8, &w8, 1);
        uint16_t g16 = vaddlvq_u8(v), w16 = (uint16_t)ref_sum(a, 16);
        check("uaddlv h, .16b", &g16, &w16, 2);
        g16 = vaddlv_u8(vcnt_u8(vget_low_u8(v)));
        w16 = (uint16_t)lo;
        check("uaddlv h, cnt.8b", &g16, &w16, 2);
        /* The scalar result clears the rest of the register. */
        uint64_t whole[2];
        uint8x16_t s;
        __asm__ volatile("addv b0, %1.16b\n\tmov %0.16b, v0.16b" : "=w"(s) : "w"(v) : "v0");
        vst1q_u64(whole, vreinterpretq_u64_u8(s));
        uint64_t wantw[2] = { (uint8_t)ref_sum(a, 16), 0 };
        check("addv clears the register", whole, wantw, 16);
        /* __builtin_popcountll compiles to FMOV + CNT + ADDV. */
        uint64_t x;
        memcpy(&x, a, 8);
        volatile uint64_t vx = x;
        unsigned pc = (unsigned)__builtin_popcountll(vx);
        check("popcountll", &pc, &lo, 4);
    }
    if (failures) {
        printf("%d failure(s)\n", failures);
        return 1;
    }
    printf("ok   CNT, ADDV/UADDLV of bytes, REV64/REV32/REV16\n");
    return 0;
}
