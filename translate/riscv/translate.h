/*
 * translate.h: what the RISC-V translator files share (translate.c,
 * translate-fp.c, translate-zb.c, ...).  Internal to translate/riscv/.
 */
#ifndef CROSSEMU_RISCV_TRANSLATE_H
#define CROSSEMU_RISCV_TRANSLATE_H

#include "common.h"
#include "ir.h"
#include "tb.h"
#include "cpu.h"

typedef enum RVJumpKind {
    RV_JUMP_NONE,        /* keep translating */
    RV_JUMP_DONE,        /* the instruction ended the block (branch, jump, exception) */
    RV_JUMP_NEXT,        /* end the block after this insn, continue at pc_next (e.g. fence.i, csr write to frm) */
} RVJumpKind;

typedef struct DisasContext {
    IRContext *ir;
    RISCVCPU *cpu;
    TranslationBlock *tb;
    uint64_t pc;          /* address of the current instruction */
    uint64_t pc_next;     /* address of the next instruction */
    uint32_t opcode;      /* the current instruction, as fetched */
    unsigned insn_len;    /* 2 or 4 */
    RVJumpKind jump;
    uint32_t misa;        /* enabled extensions, bit per letter (RV_EXT_*) */
    /* Value of frm known at translation time? -1 if not (dynamic rounding needs a read). */
    int frm_known;
    /* Block formation (translate.c): superblock side exits and the in-block loop. */
    unsigned next_slot;          /* first goto_tb slot not used by a side exit */
    unsigned nb_side;
    IRLabel side_label[TB_MAX_JMP_SLOTS];
    uint64_t side_dest[TB_MAX_JMP_SLOTS];
    IRLabel loop_head;           /* placed before the block's first instruction */
    IRLabel exit_req;            /* exit_tb(TB_EXIT_REQUESTED) for back edges */
    bool exit_req_used;
    uint64_t page_end;
    unsigned nb_insns, max_insns;
} DisasContext;

/* Globals registered once per IRContext by rv_init_globals(). */
extern IRTemp rv_gpr[32];     /* rv_gpr[0] is unused: x0 is handled by the accessors */
extern IRTemp rv_fpr[32];
extern IRTemp rv_pc;

/*
 * GPR access.  gpr_src returns a temp holding the register (a const 0 for x0);
 * gpr_dst returns a temp to compute into, then gen_set_gpr writes it (dropping
 * writes to x0).  For x1..x31 gpr_dst is the register's global itself (so
 * gen_set_gpr is then free): write it with the LAST op of the instruction,
 * after every source register has been read, since rd may equal rs1/rs2.
 */
IRTemp gpr_src(DisasContext *ctx, int reg);
IRTemp gpr_dst(DisasContext *ctx, int reg);
void gen_set_gpr(DisasContext *ctx, int reg, IRTemp val);

/* End the block raising an exception at the current instruction. */
void gen_exception(DisasContext *ctx, int excp);
/* Illegal instruction: logs under -d unimp at run time and raises RV_EXCP_ILLEGAL. */
void gen_illegal(DisasContext *ctx);

/* Guest memory access helpers used by integer and FP loads/stores. */
IRTemp gen_address(DisasContext *ctx, int rs1, int64_t imm);   /* rs1 + imm, new temp */

/*
 * Leave the block for `dest` through this instruction's goto_tb exit `slot`
 * (0 or 1, counted after the slots the block's side exits took), chained, or
 * with a plain exit when the block may not chain (CF_NO_CHAIN, CF_SINGLE_INSN).
 */
void gen_goto_tb(DisasContext *ctx, unsigned slot, uint64_t dest);
/* Leave the block for the address already stored in rv_pc (indirect jump). */
void gen_jump_pc(DisasContext *ctx);
/*
 * Conditional branch to `dest` (else fall through to pc_next).  Continues the
 * block past the branch with the taken edge as a side exit when it can, else
 * ends the block with both exits; sets ctx->jump accordingly.
 */
void gen_cond_jump(DisasContext *ctx, IRCond cond, IRTemp a, IRTemp b, uint64_t dest);
/* Direct jump to `dest`: continues the block at dest when it can, else ends it. */
void gen_direct_jump(DisasContext *ctx, uint64_t dest);

/* LR/SC reservation (RISCVCPU.load_res / load_val), as globals. */
extern IRTemp rv_load_res;
extern IRTemp rv_load_val;

/*
 * !function helpers of the pattern files (insn32.decode, insn16.decode).
 * Static inline here so that every file including a generated decoder has
 * them, whichever fields that decoder actually uses.
 */
static inline int ex_shift_1(DisasContext *ctx, int x) { return (int)((unsigned)x << 1); }
static inline int ex_shift_2(DisasContext *ctx, int x) { return (int)((unsigned)x << 2); }
static inline int ex_shift_3(DisasContext *ctx, int x) { return (int)((unsigned)x << 3); }
static inline int ex_shift_4(DisasContext *ctx, int x) { return (int)((unsigned)x << 4); }
static inline int ex_shift_12(DisasContext *ctx, int x) { return (int)((unsigned)x << 12); }
/* The 3-bit register fields of the C extension name x8..x15. */
static inline int ex_rvc_reg(DisasContext *ctx, int x) { return x + 8; }

/* CSR numbers implemented in user mode (privileged spec, table 2.2). */
enum {
    RV_CSR_FFLAGS = 0x001,
    RV_CSR_FRM = 0x002,
    RV_CSR_FCSR = 0x003,
    RV_CSR_CYCLE = 0xc00,
    RV_CSR_TIME = 0xc01,
    RV_CSR_INSTRET = 0xc02,
};
/* Counter frequency of the time CSR (what Linux reports as timebase-frequency). */
#define RV_TIMEBASE_HZ 10000000ull

/* Helpers (helper.c). */
void helper_rv_raise(CPUCommon *env, uint32_t excp) NORETURN;
uint64_t helper_rv_csr_read(CPUCommon *env, uint32_t csr);
void helper_rv_csr_write(CPUCommon *env, uint32_t csr, uint64_t val);
extern IRHelper helper_info_rv_raise;
extern IRHelper helper_info_rv_csr_read;
extern IRHelper helper_info_rv_csr_write;
/* Whether csr exists in user mode (translation-time check). */
bool rv_csr_valid(DisasContext *ctx, int csr);

#define RV_EXT(letter) (1u << ((letter) - 'A'))
static inline bool has_ext(DisasContext *ctx, char letter)
{
    return (ctx->misa & RV_EXT(letter)) != 0;
}

/* Per-extension decoders (generated), tried in order from a {guard, decoder} table. */
bool decode_insn32(DisasContext *ctx, uint32_t insn);
bool decode_insn32_fd(DisasContext *ctx, uint32_t insn);
bool decode_insn32_zb(DisasContext *ctx, uint32_t insn);
bool decode_insn16(DisasContext *ctx, uint16_t insn);

/* GuestOps entry points (translate.c). */
void rv_init_globals(IRContext *ir);
void rv_translate(IRContext *ir, CPUCommon *cs, TranslationBlock *tb, unsigned max_insns);

/* The F/D part of the translator registers its globals here. */
void rv_fp_init_globals(IRContext *ctx);

#endif
