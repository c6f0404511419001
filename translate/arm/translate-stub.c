#include "common.h"
#include "translate.h"
bool decode_a64_fp(DisasContext *ctx, uint32_t insn) { return false; }
bool decode_a64_simd(DisasContext *ctx, uint32_t insn) { return false; }
void helper_a64_simd_deinterleave(CPUCommon *env, uint32_t desc) {}
void helper_a64_simd_interleave(CPUCommon *env, uint32_t desc) {}
IR_HELPER_DEF(a64_simd_deinterleave, IR_HT_VOID, 0, IR_HT_PTR, IR_HT_I32);
IR_HELPER_DEF(a64_simd_interleave, IR_HT_VOID, 0, IR_HT_PTR, IR_HT_I32);
