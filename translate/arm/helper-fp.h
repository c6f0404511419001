/*
 * helper-fp.h: the AArch64 floating-point helpers (helper-fp.c) and their
 * descriptor encodings, shared with translate-fp.c and translate-simd.c.
 */
#ifndef CROSSEMU_ARM_HELPER_FP_H
#define CROSSEMU_ARM_HELPER_FP_H

#include "common.h"
#include "ir.h"
#include "exec.h"

#define A64_FP_DBL (1u << 8)            /* binary64 (else binary32) */
#define A64_FP_HALF (1u << 15)          /* binary16 (FEAT_FP16): helper-fp16.c */

/* helper_a64_fp2 ops: the scalar 2-source opcode field, plus FABD. */
enum {
    A64_FP2_MUL, A64_FP2_DIV, A64_FP2_ADD, A64_FP2_SUB, A64_FP2_MAX, A64_FP2_MIN,
    A64_FP2_MAXNM, A64_FP2_MINNM, A64_FP2_NMUL, A64_FP2_ABD,
};
/* helper_a64_fp1 ops. */
enum {
    A64_FP1_SQRT, A64_FP1_CVT_OTHER, A64_FP1_RINTN, A64_FP1_RINTP, A64_FP1_RINTM,
    A64_FP1_RINTZ, A64_FP1_RINTA, A64_FP1_RINTX, A64_FP1_RINTI,
};
#define A64_FCMP_E (1u << 9)            /* FCMPE: any NaN is invalid */
/* Conversions. */
#define A64_CVT_SIGNED (1u << 9)
#define A64_CVT_64 (1u << 10)           /* the integer is 64-bit */
#define A64_CVT_RM_FPCR (1u << 11)      /* round per FPCR, else bits 14:12 */
#define A64_CVT_RM_SHIFT 12
#define A64_CVT_FBITS_SHIFT 16

uint64_t helper_a64_fp2(CPUCommon *env, uint64_t a, uint64_t b, uint32_t desc);
uint64_t helper_a64_fp1(CPUCommon *env, uint64_t a, uint32_t desc);
uint64_t helper_a64_fma(CPUCommon *env, uint64_t n, uint64_t m, uint64_t ra, uint32_t desc);
uint64_t helper_a64_fcmp(CPUCommon *env, uint64_t a, uint64_t b, uint32_t desc);
uint64_t helper_a64_fcvt_to_int(CPUCommon *env, uint64_t a, uint32_t desc);
uint64_t helper_a64_int_to_fp(CPUCommon *env, uint64_t v, uint32_t desc);
uint64_t helper_a64_fcvt_h(CPUCommon *env, uint64_t a, uint32_t desc);

/* The binary16 forms (helper-fp16.c), same descriptors; the helpers above dispatch to them. */
struct ARMCPU;
uint64_t a64_fp16_fp2(struct ARMCPU *cpu, uint64_t a, uint64_t b, uint32_t desc);
uint64_t a64_fp16_fp1(struct ARMCPU *cpu, uint64_t a, uint32_t desc);
uint64_t a64_fp16_fma(struct ARMCPU *cpu, uint64_t n, uint64_t m, uint64_t a, uint32_t desc);
uint64_t a64_fp16_cmp(struct ARMCPU *cpu, uint64_t a, uint64_t b, uint32_t desc);
uint64_t a64_fp16_to_int(struct ARMCPU *cpu, uint64_t a, uint32_t desc);
uint64_t a64_int_to_fp16(struct ARMCPU *cpu, uint64_t v, uint32_t desc);

/* Element operations for the Advanced SIMD helpers (and the scalar forms). */
struct ARMCPU;
enum { A64_STEP_RECPS, A64_STEP_RSQRTS, A64_STEP_MULX };
uint64_t a64_fp_recpe(struct ARMCPU *cpu, uint64_t a, bool dbl);
uint64_t a64_fp_rsqrte(struct ARMCPU *cpu, uint64_t a, bool dbl);
uint64_t a64_fp_recpx(struct ARMCPU *cpu, uint64_t a, bool dbl);
uint64_t a64_fp_step(struct ARMCPU *cpu, uint64_t a, uint64_t b, bool dbl, int kind);
uint64_t a64_fp_convert(struct ARMCPU *cpu, uint64_t a, int from, int to, bool odd);
/* RecipEstimate / RecipSqrtEstimate (shared pseudocode) on the 9-bit scaled operand. */
unsigned a64_recip_estimate(unsigned a);
unsigned a64_rsqrt_estimate(unsigned a);
/*
 * The format-independent cores of FPRecipEstimate and FPRSqrtEstimate, shared
 * by half, single and double: exp is the input's biased exponent (0 for a
 * denormal), f52 its fraction widened to 52 bits.
 */
uint64_t a64_recip_estimate_frac(int exp, uint64_t f52, int rexp_base, int *rexp);
unsigned a64_rsqrt_estimate_frac(int *exp, uint64_t f52);
uint32_t a64_urecpe(uint32_t a);
uint32_t a64_ursqrte(uint32_t a);

extern IRHelper helper_info_a64_fcvt_h;
extern IRHelper helper_info_a64_fp2, helper_info_a64_fp1, helper_info_a64_fma,
    helper_info_a64_fcmp, helper_info_a64_fcvt_to_int, helper_info_a64_int_to_fp;

#endif
