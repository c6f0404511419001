/*
 * neon-basic.c: Advanced SIMD instructions (through arm_neon.h intrinsics)
 * checked against plain scalar loops computing the same thing.  Pass = exit 0.
 */
#include <arm_neon.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

static int fails;

static void check(const char *what, const void *got, const void *want, size_t n)
{
    if (memcmp(got, want, n)) {
        printf("FAIL %s\n", what);
        fails++;
    }
}

int main(void)
{
    uint8_t buf[64], a[16], b[16], c[16], r[16], e[16];
    uint16_t r16[8], e16[8];
    uint32_t r32[4], e32[4];

    for (int i = 0; i < 64; i++) buf[i] = (uint8_t)(i * 7 + 1);
    for (int i = 0; i < 16; i++) { a[i] = (uint8_t)(i * 13 + 5); b[i] = (uint8_t)(i & 1 ? a[i] : i * 3); c[i] = (uint8_t)~i; }
    uint8x16_t va = vld1q_u8(a), vb = vld1q_u8(b), vc = vld1q_u8(c);

    /* LD4: de-interleave */
    uint8x16x4_t v4 = vld4q_u8(buf);
    for (int k = 0; k < 4; k++) {
        vst1q_u8(r, v4.val[k]);
        for (int i = 0; i < 16; i++) e[i] = buf[4 * i + k];
        check("ld4", r, e, 16);
    }
    /* ADD, SUB, CMEQ, BSL, MVN, AND/ORR/EOR */
    vst1q_u8(r, vaddq_u8(va, vb)); for (int i = 0; i < 16; i++) e[i] = (uint8_t)(a[i] + b[i]); check("add", r, e, 16);
    vst1q_u8(r, vsubq_u8(va, vb)); for (int i = 0; i < 16; i++) e[i] = (uint8_t)(a[i] - b[i]); check("sub", r, e, 16);
    vst1q_u8(r, vceqq_u8(va, vb)); for (int i = 0; i < 16; i++) e[i] = a[i] == b[i] ? 0xff : 0; check("cmeq", r, e, 16);
    vst1q_u8(r, vbslq_u8(vceqq_u8(va, vb), vc, va)); for (int i = 0; i < 16; i++) e[i] = a[i] == b[i] ? c[i] : a[i]; check("bsl", r, e, 16);
    vst1q_u8(r, vmvnq_u8(va)); for (int i = 0; i < 16; i++) e[i] = (uint8_t)~a[i]; check("mvn", r, e, 16);
    vst1q_u8(r, veorq_u8(va, vc)); for (int i = 0; i < 16; i++) e[i] = a[i] ^ c[i]; check("eor", r, e, 16);
    vst1q_u8(r, vmaxq_u8(va, vc)); for (int i = 0; i < 16; i++) e[i] = a[i] > c[i] ? a[i] : c[i]; check("umax", r, e, 16);
    vst1q_u8(r, vcntq_u8(va)); for (int i = 0; i < 16; i++) e[i] = (uint8_t)__builtin_popcount(a[i]); check("cnt", r, e, 16);
    vst1q_u8(r, vrev32q_u8(va)); for (int i = 0; i < 16; i++) e[i] = a[(i & ~3) + 3 - (i & 3)]; check("rev32", r, e, 16);
    vst1q_u8(r, vextq_u8(va, vb, 5)); for (int i = 0; i < 16; i++) e[i] = i + 5 < 16 ? a[i + 5] : b[i - 11]; check("ext", r, e, 16);
    vst1q_u8(r, vzip1q_u8(va, vb)); for (int i = 0; i < 16; i++) e[i] = i & 1 ? b[i / 2] : a[i / 2]; check("zip1", r, e, 16);
    vst1q_u8(r, vuzp2q_u8(va, vb)); for (int i = 0; i < 16; i++) e[i] = i < 8 ? a[2 * i + 1] : b[2 * (i - 8) + 1]; check("uzp2", r, e, 16);
    vst1q_u8(r, vqtbl1q_u8(va, vandq_u8(vc, vdupq_n_u8(0x1f)))); for (int i = 0; i < 16; i++) e[i] = (c[i] & 0x1f) < 16 ? a[c[i] & 0x1f] : 0; check("tbl", r, e, 16);
    vst1q_u8(r, vdupq_n_u8(a[3])); for (int i = 0; i < 16; i++) e[i] = a[3]; check("dup", r, e, 16);
    vst1q_u8(r, vdupq_laneq_u8(va, 9)); for (int i = 0; i < 16; i++) e[i] = a[9]; check("dup elem", r, e, 16);
    if (vmaxvq_u8(va) != 200 && 0) fails++;
    { unsigned m = 0, s = 0; for (int i = 0; i < 16; i++) { if (a[i] > m) m = a[i]; s += a[i]; }
      if (vmaxvq_u8(va) != m) { printf("FAIL umaxv\n"); fails++; }
      if (vaddvq_u8(va) != (uint8_t)s) { printf("FAIL addv\n"); fails++; }
      if (vaddlvq_u8(va) != s) { printf("FAIL uaddlv\n"); fails++; } }
    /* Widening, narrowing, shifts */
    vst1q_u16(r16, vmovl_high_u8(va)); for (int i = 0; i < 8; i++) e16[i] = a[8 + i]; check("uxtl2", r16, e16, 16);
    vst1q_u16(r16, vshll_n_u8(vget_low_u8(va), 8)); for (int i = 0; i < 8; i++) e16[i] = (uint16_t)(a[i] << 8); check("shll", r16, e16, 16);
    vst1q_u16(r16, vmull_u8(vget_low_u8(va), vget_low_u8(vc))); for (int i = 0; i < 8; i++) e16[i] = (uint16_t)(a[i] * c[i]); check("umull", r16, e16, 16);
    vst1_u8(r, vshrn_n_u16(vreinterpretq_u16_u8(va), 4)); for (int i = 0; i < 8; i++) e[i] = (uint8_t)((a[2 * i] | a[2 * i + 1] << 8) >> 4); check("shrn", r, e, 8);
    vst1q_u32(r32, vshrq_n_u32(vreinterpretq_u32_u8(va), 7)); for (int i = 0; i < 4; i++) { uint32_t w; memcpy(&w, a + 4 * i, 4); e32[i] = w >> 7; } check("ushr", r32, e32, 16);
    vst1q_u32(r32, vshlq_n_u32(vreinterpretq_u32_u8(va), 9)); for (int i = 0; i < 4; i++) { uint32_t w; memcpy(&w, a + 4 * i, 4); e32[i] = w << 9; } check("shl", r32, e32, 16);
    /* FP vector */
    { float fa[4] = { 1.5f, -2.25f, 1e10f, 0.1f }, fb[4] = { 3.0f, 0.5f, -1e10f, 0.2f }, fr[4], fe[4];
      vst1q_f32(fr, vaddq_f32(vld1q_f32(fa), vld1q_f32(fb))); for (int i = 0; i < 4; i++) fe[i] = fa[i] + fb[i]; check("fadd", fr, fe, 16);
      vst1q_f32(fr, vmulq_f32(vld1q_f32(fa), vld1q_f32(fb))); for (int i = 0; i < 4; i++) fe[i] = fa[i] * fb[i]; check("fmul", fr, fe, 16); }
    printf("%s\n", fails ? "FAILED" : "ok");
    return fails != 0;
}
