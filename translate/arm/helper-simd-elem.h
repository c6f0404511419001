/*
 * helper-simd-elem.h: element access and saturation shared by the Advanced
 * SIMD helper files (helper-simd.c, helper-simd-ext.c).
 */
#ifndef CROSSEMU_ARM_HELPER_SIMD_ELEM_H
#define CROSSEMU_ARM_HELPER_SIMD_ELEM_H

#include "common.h"
#include "cpu.h"

static inline uint64_t vget(const ARMVReg *v, int i, int sz)
{
    switch (sz) {
    case 0: return v->b[i];
    case 1: return v->h[i];
    case 2: return v->s[i];
    default: return v->d[i];
    }
}

static inline void vset(ARMVReg *v, int i, int sz, uint64_t x)
{
    switch (sz) {
    case 0: v->b[i] = (uint8_t)x; break;
    case 1: v->h[i] = (uint16_t)x; break;
    case 2: v->s[i] = (uint32_t)x; break;
    default: v->d[i] = x; break;
    }
}

/* Sign-extend an element of size sz (0..3). */
static inline int64_t sx(uint64_t x, int sz)
{
    int sh = 64 - (8 << sz);
    return (int64_t)(x << sh) >> sh;
}

static inline uint64_t emask(int sz) { return sz == 3 ? ~0ull : (1ull << (8 << sz)) - 1; }

/* Saturate to a signed / unsigned element of size sz, setting FPSR.QC when clipped. */
static inline uint64_t sat_s(ARMCPU *cpu, __int128 v, int sz)
{
    __int128 max = ((__int128)1 << ((8 << sz) - 1)) - 1, min = -max - 1;
    if (v > max) { cpu->fpsr |= FPSR_QC; v = max; }
    if (v < min) { cpu->fpsr |= FPSR_QC; v = min; }
    return (uint64_t)v & emask(sz);
}

static inline uint64_t sat_u(ARMCPU *cpu, __int128 v, int sz)
{
    __int128 max = ((__int128)1 << (8 << sz)) - 1;
    if (v > max) { cpu->fpsr |= FPSR_QC; v = max; }
    if (v < 0) { cpu->fpsr |= FPSR_QC; v = 0; }
    return (uint64_t)v;
}

#endif
