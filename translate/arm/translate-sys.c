/*
 * translate-sys.c: A64 branches, exception generation and system
 * instructions (a64-sys.decode; Arm ARM DDI 0487 C4.1.87, C5 for the
 * system registers).
 *
 * Conditional branches take goto_tb slot 0 for the taken edge and slot 1
 * for the fall-through.  Indirect branches go through the jump cache.
 */
#include "common.h"
#include "translate.h"
#include "tb.h"

#include "decode-a64-sys.c.inc"

/* ---- Branches ---- */

bool trans_b(DisasContext *ctx, arg_branch *a)
{
    gen_goto_tb(ctx, 0, ctx->pc + (int64_t)a->imm);
    ctx->jump = A64_JUMP_DONE;
    return true;
}

bool trans_bl(DisasContext *ctx, arg_branch *a)
{
    ir_movi(ctx->ir, a64_x[30], ctx->pc_next);
    return trans_b(ctx, a);
}

/* The two exits of a conditional branch whose taken path is `taken`. */
static void gen_cond_exits(DisasContext *ctx, IRLabel taken, uint64_t target)
{
    gen_goto_tb(ctx, 1, ctx->pc_next);
    ir_set_label(ctx->ir, taken);
    gen_goto_tb(ctx, 0, target);
    ctx->jump = A64_JUMP_DONE;
}

static bool gen_cbz(DisasContext *ctx, arg_cbz *a, IRCond c)
{
    IRContext *ir = ctx->ir;
    IRLabel taken = ir_label_new(ir);

    if (a->sf || a->rt == 31) {
        ir_brcondi(ir, c, cpu_reg(ctx, a->rt), 0, taken);
    } else {
        ir_brcondi(ir, c == IR_COND_EQ ? IR_COND_TSTEQ : IR_COND_TSTNE,
                   a64_x[a->rt], 0xffffffffull, taken);
    }
    gen_cond_exits(ctx, taken, ctx->pc + (int64_t)a->imm);
    return true;
}

bool trans_cbz(DisasContext *ctx, arg_cbz *a) { return gen_cbz(ctx, a, IR_COND_EQ); }
bool trans_cbnz(DisasContext *ctx, arg_cbz *a) { return gen_cbz(ctx, a, IR_COND_NE); }

static bool gen_tbz(DisasContext *ctx, arg_tbz *a, IRCond c)
{
    IRContext *ir = ctx->ir;
    IRLabel taken = ir_label_new(ir);
    unsigned bit = (unsigned)(a->b5 << 5 | a->b40);

    ir_brcondi(ir, c, cpu_reg(ctx, a->rt), 1ull << bit, taken);
    gen_cond_exits(ctx, taken, ctx->pc + (int64_t)a->imm);
    return true;
}

bool trans_tbz(DisasContext *ctx, arg_tbz *a) { return gen_tbz(ctx, a, IR_COND_TSTEQ); }
bool trans_tbnz(DisasContext *ctx, arg_tbz *a) { return gen_tbz(ctx, a, IR_COND_TSTNE); }

bool trans_b_cond(DisasContext *ctx, arg_bcond *a)
{
    IRLabel taken = ir_label_new(ctx->ir);
    uint64_t target = ctx->pc + (int64_t)a->imm;

    if (a->cond >= 14) {
        gen_goto_tb(ctx, 0, target);
        ctx->jump = A64_JUMP_DONE;
        return true;
    }
    gen_brcond_cc(ctx, a->cond, taken);
    gen_cond_exits(ctx, taken, target);
    return true;
}

static bool gen_br(DisasContext *ctx, int rn, bool link)
{
    /* The target is read before x30 is written: BLR x30 branches to the old x30. */
    ir_mov(ctx->ir, a64_pc, cpu_reg(ctx, rn));
    if (link) {
        ir_movi(ctx->ir, a64_x[30], ctx->pc_next);
    }
    gen_jump_pc(ctx);
    ctx->jump = A64_JUMP_DONE;
    return true;
}

bool trans_br(DisasContext *ctx, arg_br *a) { return gen_br(ctx, a->rn, false); }
bool trans_blr(DisasContext *ctx, arg_br *a) { return gen_br(ctx, a->rn, true); }
bool trans_ret(DisasContext *ctx, arg_br *a) { return gen_br(ctx, a->rn, false); }

/* ---- Exception generation ---- */

/* SVC's preferred return address is the next instruction: pc points past it. */
bool trans_svc(DisasContext *ctx, arg_excp *a)
{
    IRContext *ir = ctx->ir;

    ir_movi(ir, a64_pc, ctx->pc_next);
    ir_callN(ir, &helper_info_a64_raise, IR_TEMP_NONE, ir->env,
             ir_const_i32(ir, A64_EXCP_SVC), ir_const_i32(ir, (uint32_t)a->imm));
    ir_exit_tb(ir, 0);
    ctx->jump = A64_JUMP_DONE;
    return true;
}

bool trans_brk(DisasContext *ctx, arg_excp *a)
{
    gen_exception(ctx, A64_EXCP_BRK, (uint32_t)a->imm);
    return true;
}

/* ---- Hints and barriers ---- */

/*
 * Every hint is a NOP here: WFE/WFI/YIELD/SEV have no effect in user mode,
 * BTI is not enabled, and the pointer-authentication hints (PACIASP...)
 * are NOPs on a CPU without FEAT_PAuth, which our models do not advertise.
 */
bool trans_hint(DisasContext *ctx, arg_hint *a)
{
    return true;
}

bool trans_clrex(DisasContext *ctx, arg_barrier *a)
{
    ir_movi(ctx->ir, a64_excl_addr, (uint64_t)-1);
    return true;
}

/* CRm<1:0> is the access type: 1 loads, 2 stores, 3 all (0 is SSBB/PSSBB/DSB nXS). */
static unsigned barrier_kind(int crm)
{
    switch (crm & 3) {
    case 1: return IR_MB_LD_LD | IR_MB_LD_ST;
    case 2: return IR_MB_ST_ST;
    default: return IR_MB_ALL;
    }
}

bool trans_dmb(DisasContext *ctx, arg_barrier *a)
{
    ir_mb(ctx->ir, barrier_kind(a->crm));
    return true;
}

bool trans_dsb(DisasContext *ctx, arg_barrier *a)
{
    ir_mb(ctx->ir, barrier_kind(a->crm));
    return true;
}

/* ISB: later instructions are fetched anew (code written by this thread is seen). */
bool trans_isb(DisasContext *ctx, arg_barrier *a)
{
    ctx->jump = A64_JUMP_NEXT;
    return true;
}

bool trans_sb(DisasContext *ctx, arg_empty *a)
{
    return false;   /* FEAT_SB is not advertised */
}

/* ---- SYS: cache maintenance allowed at EL0 (Linux sets SCTLR_EL1.UCI, DZE) ---- */

/* IC IVAU: drop the blocks translated from the 64-byte line (CTR_EL0.IminLine). */
void helper_a64_ic_ivau(CPUCommon *env, uint64_t addr);
void helper_a64_ic_ivau(CPUCommon *env, uint64_t addr)
{
    uint64_t line = addr & ~(uint64_t)63;

    (void)env;
    tb_invalidate_range(line, line + 64);
}
static IR_HELPER_DEF(a64_ic_ivau, IR_HT_VOID, IR_HELPER_NO_READ_GLOBALS | IR_HELPER_NO_WRITE_GLOBALS,
                     IR_HT_PTR, IR_HT_I64);

bool trans_sys(DisasContext *ctx, arg_sys *a)
{
    IRContext *ir = ctx->ir;

    if (a->op1 != 3 || a->crn != 7) {
        return false;
    }
    if (a->crm == 4 && a->op2 == 1) {
        /* DC ZVA: zero the 64-byte block (DCZID_EL0.BS = 4) holding the address. */
        IRTemp base = tmp64(ctx);
        IRTemp zero = ir_const_i64(ir, 0);
        ir_andi(ir, base, cpu_reg(ctx, a->rt), ~63ull);
        for (int i = 0; i < 8; i++) {
            IRTemp addr = tmp64(ctx);
            ir_addi(ir, addr, base, i * 8);
            ir_gst(ir, zero, addr, MO_64 | MO_LE, 0);
        }
        return true;
    }
    /*
     * DC CVAU/CVAC/CIVAC/CVAP/CVADP and IC IVAU: no caches to maintain.
     * IC IVAU ends the block so that code written before it is picked up.
     */
    switch (a->crm << 3 | a->op2) {
    case 11 << 3 | 1:   /* DC CVAU */
    case 10 << 3 | 1:   /* DC CVAC */
    case 14 << 3 | 1:   /* DC CIVAC */
    case 12 << 3 | 1:   /* DC CVAP */
    case 13 << 3 | 1:   /* DC CVADP */
        return true;
    case 5 << 3 | 1:    /* IC IVAU */
        /*
         * Stores into code are not caught, so this is where a guest JIT's new
         * code becomes visible (as the architecture requires it to be).
         */
        ir_callN(ir, &helper_info_a64_ic_ivau, IR_TEMP_NONE, ir->env, cpu_reg(ctx, a->rt));
        ctx->jump = A64_JUMP_NEXT;
        return true;
    default:
        return false;
    }
}

/* ---- MRS / MSR ---- */

enum {
    SR_NZCV = A64_SYSREG(3, 3, 4, 2, 0),
    SR_FPCR = A64_SYSREG(3, 3, 4, 4, 0),
    SR_FPSR = A64_SYSREG(3, 3, 4, 4, 1),
    SR_TPIDR_EL0 = A64_SYSREG(3, 3, 13, 0, 2),
    SR_TPIDRRO_EL0 = A64_SYSREG(3, 3, 13, 0, 3),
    SR_CNTFRQ = A64_SYSREG(3, 3, 14, 0, 0),
    SR_CNTPCT = A64_SYSREG(3, 3, 14, 0, 1),
    SR_CNTVCT = A64_SYSREG(3, 3, 14, 0, 2),
    SR_CNTPCTSS = A64_SYSREG(3, 3, 14, 0, 5),
    SR_CNTVCTSS = A64_SYSREG(3, 3, 14, 0, 6),
    SR_CTR = A64_SYSREG(3, 3, 0, 0, 1),
    SR_DCZID = A64_SYSREG(3, 3, 0, 0, 7),
};

/* ID registers (op0 3, op1 0, CRn 0, CRm 0-7), emulated by Linux for EL0 (HWCAP_CPUID). */
static bool sysreg_is_id(unsigned key)
{
    return (key & ~0x3fu) == A64_SYSREG(3, 0, 0, 0, 0);
}

/* The value Linux's MRS emulation returns for an ID register of this model. */
static uint64_t id_reg_value(const ARMCPUModel *m, unsigned key)
{
    switch (key) {
    case A64_SYSREG(3, 0, 0, 0, 0): return m->midr;
    case A64_SYSREG(3, 0, 0, 0, 5): return m->mpidr;
    case A64_SYSREG(3, 0, 0, 0, 6): return m->revidr;
    case A64_SYSREG(3, 0, 0, 4, 0): return m->id_aa64pfr0;
    case A64_SYSREG(3, 0, 0, 4, 1): return m->id_aa64pfr1;
    case A64_SYSREG(3, 0, 0, 4, 4): return m->id_aa64zfr0;
    case A64_SYSREG(3, 0, 0, 4, 5): return m->id_aa64smfr0;
    case A64_SYSREG(3, 0, 0, 5, 0): return m->id_aa64dfr0;
    case A64_SYSREG(3, 0, 0, 6, 0): return m->id_aa64isar0;
    case A64_SYSREG(3, 0, 0, 6, 1): return m->id_aa64isar1;
    case A64_SYSREG(3, 0, 0, 6, 2): return m->id_aa64isar2;
    case A64_SYSREG(3, 0, 0, 7, 0): return m->id_aa64mmfr0;
    case A64_SYSREG(3, 0, 0, 7, 1): return m->id_aa64mmfr1;
    case A64_SYSREG(3, 0, 0, 7, 2): return m->id_aa64mmfr2;
    default: return 0;      /* reserved ID space reads as zero */
    }
}

bool a64_sysreg_readable(DisasContext *ctx, unsigned key)
{
    switch (key) {
    case SR_NZCV: case SR_FPCR: case SR_FPSR: case SR_TPIDR_EL0: case SR_TPIDRRO_EL0:
    case SR_CNTFRQ: case SR_CNTVCT: case SR_CNTPCT: case SR_CTR: case SR_DCZID:
        return true;
    default:
        return sysreg_is_id(key);
    }
}

bool a64_sysreg_writable(DisasContext *ctx, unsigned key)
{
    return key == SR_NZCV || key == SR_FPCR || key == SR_FPSR || key == SR_TPIDR_EL0;
}

bool trans_mrs(DisasContext *ctx, arg_sysreg *a)
{
    IRContext *ir = ctx->ir;
    unsigned key = (unsigned)a->key | (1u << 15);
    const ARMCPUModel *m = ctx->cpu->model;
    IRTemp t;

    if (!a64_sysreg_readable(ctx, key)) {
        return false;
    }
    t = tmp64(ctx);
    switch (key) {
    case SR_TPIDR_EL0:
        ir_ld(ir, t, ir->env, offsetof(ARMCPU, tpidr_el0), MO_64);
        break;
    case SR_TPIDRRO_EL0:
        ir_ld(ir, t, ir->env, offsetof(ARMCPU, tpidrro_el0), MO_64);
        break;
    case SR_FPCR:
        ir_ld(ir, t, ir->env, offsetof(ARMCPU, fpcr), MO_32);
        break;
    case SR_FPSR:
        ir_ld(ir, t, ir->env, offsetof(ARMCPU, fpsr), MO_32);
        break;
    case SR_CTR:
        ir_movi(ir, t, m->ctr);
        break;
    case SR_DCZID:
        ir_movi(ir, t, m->dczid);
        break;
    case SR_CNTFRQ:
        ir_movi(ir, t, 1000000000ull);   /* helper.c: A64_CNTFRQ_HZ */
        break;
    case SR_NZCV:
    case SR_CNTVCT:
    case SR_CNTPCT:
        ir_callN(ir, &helper_info_a64_mrs, t, ir->env, ir_const_i32(ir, key));
        break;
    default:
        ir_movi(ir, t, id_reg_value(m, key));
        break;
    }
    gen_set_reg(ctx, a->rt, t, true);
    return true;
}

bool trans_msr_r(DisasContext *ctx, arg_sysreg *a)
{
    IRContext *ir = ctx->ir;
    unsigned key = (unsigned)a->key | (1u << 15);
    IRTemp t;

    if (!a64_sysreg_writable(ctx, key)) {
        return false;
    }
    switch (key) {
    case SR_TPIDR_EL0:
        ir_st(ir, cpu_reg(ctx, a->rt), ir->env, offsetof(ARMCPU, tpidr_el0), MO_64);
        break;
    case SR_FPCR:
    case SR_FPSR:
        t = tmp64(ctx);
        ir_andi(ir, t, cpu_reg(ctx, a->rt), key == SR_FPCR ? FPCR_WRITABLE : FPSR_WRITABLE);
        ir_st(ir, t, ir->env, key == SR_FPCR ? offsetof(ARMCPU, fpcr) : offsetof(ARMCPU, fpsr),
              MO_32);
        break;
    default:
        ir_callN(ir, &helper_info_a64_msr, IR_TEMP_NONE, ir->env, ir_const_i32(ir, key),
                 cpu_reg(ctx, a->rt));
        break;
    }
    return true;
}
