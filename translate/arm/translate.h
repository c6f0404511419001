/*
 * translate.h: what the AArch64 translator files share (translate.c,
 * translate-int.c, translate-ldst.c, translate-fp.c, translate-simd.c,
 * translate-sys.c).  Internal to translate/arm/.
 */
#ifndef CROSSEMU_ARM_TRANSLATE_H
#define CROSSEMU_ARM_TRANSLATE_H

#include "common.h"
#include "ir.h"
#include "tb.h"
#include "cpu.h"

typedef enum A64JumpKind {
    A64_JUMP_NONE,       /* keep translating */
    A64_JUMP_DONE,       /* the instruction ended the block */
    A64_JUMP_NEXT,       /* end the block after this insn, continue at pc_next */
} A64JumpKind;

typedef struct DisasContext {
    IRContext *ir;
    ARMCPU *cpu;
    TranslationBlock *tb;
    uint64_t pc;          /* address of the current instruction */
    uint64_t pc_next;
    uint32_t insn;
    A64JumpKind jump;
    /*
     * The last instruction was a compare (SUBS/ADDS with flags, or ANDS/TST)
     * whose operands are still in cmp_a / cmp_b: a B.cond / CSEL right after
     * it tests them directly instead of the split flags.  Only valid for the
     * immediately following instruction (cmp_valid is cleared per insn).
     */
    int cmp_valid;        /* 0 none, 1 = SUBS a - b, 2 = ANDS (a & b) */
    int cmp_insn;         /* set by the current insn; becomes cmp_valid for the next */
    IRTemp cmp_a, cmp_b;
    IRType cmp_type;
} DisasContext;

/* Globals registered once per IRContext (a64_init_globals). */
extern IRTemp a64_x[32];      /* a64_x[31] is SP */
extern IRTemp a64_pc;
extern IRTemp a64_nf, a64_zf, a64_cf, a64_vf;
extern IRTemp a64_excl_addr, a64_excl_val, a64_excl_val2;

static inline IRTemp tmp64(DisasContext *ctx) { return ir_temp_new(ctx->ir, IR_I64); }
static inline IRTemp tmp32(DisasContext *ctx) { return ir_temp_new(ctx->ir, IR_I32); }

/*
 * General registers.  Register 31 is XZR or SP depending on the operand:
 *   cpu_reg(ctx, r)     reads: a const 0 for XZR
 *   cpu_reg_sp(ctx, r)  reads/writes: SP for 31
 *   gen_set_reg(ctx, r, v, sf)  writes Xr = v (sf) or Wr = zext(v[31:0]); XZR drops it
 *   gen_set_reg_sp(ctx, r, v, sf)  same with 31 = SP
 */
IRTemp cpu_reg(DisasContext *ctx, int r);
IRTemp cpu_reg_sp(DisasContext *ctx, int r);
void gen_set_reg(DisasContext *ctx, int r, IRTemp v, bool sf);
void gen_set_reg_sp(DisasContext *ctx, int r, IRTemp v, bool sf);
/* A source register read as width sf: 32-bit reads are zero-extended to 64. */
IRTemp read_reg(DisasContext *ctx, int r, bool sf);

/* Exits and exceptions. */
void gen_goto_tb(DisasContext *ctx, unsigned slot, uint64_t dest);
void gen_jump_pc(DisasContext *ctx);      /* to the address in a64_pc */
void gen_exception(DisasContext *ctx, int excp, uint32_t imm);
void gen_undef(DisasContext *ctx);        /* logs under -d unimp, raises A64_EXCP_UDEF */

/* Conditions: emit a branch to `label` if AArch64 condition `cond` holds. */
void gen_brcond_cc(DisasContext *ctx, int cond, IRLabel label);
/* out (i64) = cond holds ? 1 : 0 */
void gen_setcond_cc(DisasContext *ctx, int cond, IRTemp out);

/* Flag computation for flag-setting arithmetic (both widths; a, b zero-extended). */
void gen_sub_flags(DisasContext *ctx, IRTemp res, IRTemp a, IRTemp b, bool sf);
void gen_add_flags(DisasContext *ctx, IRTemp res, IRTemp a, IRTemp b, bool sf);
void gen_adc_flags(DisasContext *ctx, IRTemp res, IRTemp a, IRTemp b, bool sf);
void gen_logic_flags(DisasContext *ctx, IRTemp res, bool sf);
/* Set NZCV to the constant nzcv (bits 3:0 = N Z C V). */
void gen_set_nzcv_imm(DisasContext *ctx, unsigned nzcv);

/* Vector register access (env offsets). */
static inline int32_t vreg_off(int r) { return (int32_t)offsetof(ARMCPU, vregs[r]); }
static inline int32_t vreg_hi_off(int r) { return (int32_t)offsetof(ARMCPU, vregs[r].d[1]); }
/* Clear the bits of Vd above `bytes` (a scalar or 64-bit vector write). */
void gen_clear_vreg_high(DisasContext *ctx, int rd, unsigned bytes);

/* Features of the selected CPU model, from its ID registers. */
typedef enum A64Feature {
    A64_FEAT_LSE,        /* ID_AA64ISAR0.Atomic >= 2 */
    A64_FEAT_LRCPC,      /* ID_AA64ISAR1.LRCPC >= 1: LDAPR */
    A64_FEAT_LRCPC2,     /* ID_AA64ISAR1.LRCPC >= 2: LDAPUR/STLUR */
    A64_FEAT_CRC32,      /* ID_AA64ISAR0.CRC32 >= 1 */
    A64_FEAT_AES,        /* ID_AA64ISAR0.AES >= 1 */
    A64_FEAT_PMULL,      /* ID_AA64ISAR0.AES >= 2 */
    A64_FEAT_SHA1,
    A64_FEAT_SHA256,
    A64_FEAT_SHA512,     /* ID_AA64ISAR0.SHA2 >= 2 */
    A64_FEAT_SHA3,       /* ID_AA64ISAR0.SHA3 >= 1 */
    A64_FEAT_RDM,        /* ID_AA64ISAR0.RDM >= 1: SQRDMLAH/SQRDMLSH */
    A64_FEAT_DOTPROD,    /* ID_AA64ISAR0.DP >= 1: SDOT/UDOT */
    A64_FEAT_FP16,       /* ID_AA64PFR0.FP == 1: half-precision arithmetic */
} A64Feature;
static inline bool a64_have(DisasContext *ctx, A64Feature f)
{
    const ARMCPUModel *m = ctx->cpu->model;
    switch (f) {
    case A64_FEAT_LSE: return ((m->id_aa64isar0 >> 20) & 15) >= 2;
    case A64_FEAT_LRCPC: return ((m->id_aa64isar1 >> 20) & 15) >= 1;
    case A64_FEAT_LRCPC2: return ((m->id_aa64isar1 >> 20) & 15) >= 2;
    case A64_FEAT_CRC32: return ((m->id_aa64isar0 >> 16) & 15) >= 1;
    case A64_FEAT_AES: return ((m->id_aa64isar0 >> 4) & 15) >= 1;
    case A64_FEAT_PMULL: return ((m->id_aa64isar0 >> 4) & 15) >= 2;
    case A64_FEAT_SHA1: return ((m->id_aa64isar0 >> 8) & 15) >= 1;
    case A64_FEAT_SHA256: return ((m->id_aa64isar0 >> 12) & 15) >= 1;
    case A64_FEAT_SHA512: return ((m->id_aa64isar0 >> 12) & 15) >= 2;
    case A64_FEAT_SHA3: return ((m->id_aa64isar0 >> 32) & 15) >= 1;
    case A64_FEAT_RDM: return ((m->id_aa64isar0 >> 28) & 15) >= 1;
    case A64_FEAT_DOTPROD: return ((m->id_aa64isar0 >> 44) & 15) >= 1;
    case A64_FEAT_FP16: return ((m->id_aa64pfr0 >> 16) & 15) == 1;
    }
    return false;
}

/* Decode-time immediates. */
bool a64_decode_bitmask(unsigned n, unsigned imms, unsigned immr, bool sf, uint64_t *out);

/* !function helpers of the pattern files. */
static inline int ex_shl2(DisasContext *ctx, int x) { return (int)((unsigned)x << 2); }
static inline int ex_shl12(DisasContext *ctx, int x) { return (int)((unsigned)x << 12); }

/* Helpers (helper.c). */
void helper_a64_raise(CPUCommon *env, uint32_t excp, uint32_t imm) NORETURN;
uint64_t helper_a64_mrs(CPUCommon *env, uint32_t key);
void helper_a64_msr(CPUCommon *env, uint32_t key, uint64_t val);
void helper_a64_dc_zva(CPUCommon *env, uint64_t addr);
uint64_t helper_a64_crc32(uint64_t acc, uint64_t val, uint32_t bytes);
uint64_t helper_a64_crc32c(uint64_t acc, uint64_t val, uint32_t bytes);
uint64_t helper_a64_rbit64(uint64_t x);
extern IRHelper helper_info_a64_raise, helper_info_a64_mrs, helper_info_a64_msr,
    helper_info_a64_dc_zva, helper_info_a64_crc32, helper_info_a64_crc32c,
    helper_info_a64_rbit64;

/* System register keys: op0:op1:CRn:CRm:op2 as in the MRS encoding (16 bits). */
#define A64_SYSREG(op0, op1, crn, crm, op2) \
    (((op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))
/* Whether MRS/MSR of key is allowed at EL0 (translation time). */
bool a64_sysreg_readable(DisasContext *ctx, unsigned key);
bool a64_sysreg_writable(DisasContext *ctx, unsigned key);

/* Generated decoders, tried in this order. */
bool decode_a64(DisasContext *ctx, uint32_t insn);
bool decode_a64_sys(DisasContext *ctx, uint32_t insn);
bool decode_a64_ldst(DisasContext *ctx, uint32_t insn);
bool decode_a64_fp(DisasContext *ctx, uint32_t insn);
bool decode_a64_simd(DisasContext *ctx, uint32_t insn);
bool decode_a64_crypto(DisasContext *ctx, uint32_t insn);

/* PMULL/PMULL2 of 64-bit elements (translate-crypto.c); false without FEAT_PMULL. */
bool a64_gen_pmull64(DisasContext *ctx, int q, int rd, int rn, int rm);

/*
 * Translation statistics (translate.c), read by the fuzz test: instructions
 * found undefined, and of those the ones whose trans_ function had emitted
 * IR before rejecting them (a bug; the IR is dropped).
 */
extern uint64_t a64_stat_undef, a64_stat_partial;

/* GuestOps entry points (translate.c). */
void a64_init_globals(IRContext *ir);
void a64_translate(IRContext *ir, CPUCommon *cs, TranslationBlock *tb, unsigned max_insns);

#endif
