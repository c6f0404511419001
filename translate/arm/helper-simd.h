/*
 * helper-simd.h: the Advanced SIMD helpers (helper-simd.c): one per
 * instruction group, each taking a descriptor with the register numbers and
 * the encoding fields.  a64_simd_valid() says at translation time whether a
 * descriptor is an implemented, allocated encoding of the group, so the
 * helpers and the decoder agree on what exists.
 */
#ifndef CROSSEMU_ARM_HELPER_SIMD_H
#define CROSSEMU_ARM_HELPER_SIMD_H

#include "common.h"
#include "ir.h"
#include "exec.h"

typedef enum A64SimdGroup {
    A64_SIMD_3SAME, A64_SIMD_3DIFF, A64_SIMD_2MISC, A64_SIMD_ACROSS, A64_SIMD_COPY,
    A64_SIMD_SHIMM, A64_SIMD_EXT, A64_SIMD_PERM, A64_SIMD_TBL, A64_SIMD_PAIR, A64_SIMD_ELEM,
    A64_SIMD_3EXTRA,        /* three same (extra): SQRDMLAH/SQRDMLSH, SDOT/UDOT */
    A64_SIMD_NGROUPS,
} A64SimdGroup;

/* Descriptor fields. */
#define SD_RD(d) ((d) & 31)
#define SD_RN(d) (((d) >> 5) & 31)
#define SD_RM(d) (((d) >> 10) & 31)
#define SD_Q(d) (((d) >> 15) & 1)
#define SD_SIZE(d) (((d) >> 16) & 3)
#define SD_U(d) (((d) >> 18) & 1)
#define SD_OP(d) (((d) >> 19) & 31)
#define SD_SCALAR(d) (((d) >> 24) & 1)
#define SD_EXTRA(d) (((d) >> 25) & 127)

static inline uint32_t simd_desc(int rd, int rn, int rm, int q, int size, int u, int op,
                                 int scalar, int extra)
{
    return (uint32_t)(rd | rn << 5 | rm << 10 | q << 15 | size << 16 | u << 18 | op << 19 |
                      scalar << 24 | extra << 25);
}

bool a64_simd_valid(A64SimdGroup g, uint32_t desc);
/* The encodings of helper-simd-ext.c (tried when a64_simd_valid() is false). */
bool a64_simd_ext_valid(A64SimdGroup g, uint32_t desc);
void helper_a64_simd_ext(CPUCommon *env, uint32_t group, uint32_t desc);
extern IRHelper helper_info_a64_simd_ext;
/* Inline IR for the common vector forms of a valid descriptor (translate-vec.c); false: use the helper. */
/* The half-precision (FEAT_FP16) 3same and 2misc groups (helper-simd-fp16.c). */
bool a64_simd_fp16_valid(A64SimdGroup g, uint32_t desc);
void helper_a64_simd_fp16(CPUCommon *env, uint32_t group, uint32_t desc);
extern IRHelper helper_info_a64_simd_fp16;
struct DisasContext;
bool a64_vec_inline(struct DisasContext *ctx, A64SimdGroup g, uint32_t desc);
extern bool a64_vec_inline_disabled;
void helper_a64_simd(CPUCommon *env, uint32_t group, uint32_t desc);
void helper_a64_simd_deinterleave(CPUCommon *env, uint32_t desc);
void helper_a64_simd_interleave(CPUCommon *env, uint32_t desc);
uint64_t helper_a64_simd_mov_to_gpr(CPUCommon *env, uint32_t desc);
extern IRHelper helper_info_a64_simd, helper_info_a64_simd_deinterleave,
    helper_info_a64_simd_interleave, helper_info_a64_simd_mov_to_gpr;

#endif
