/*
 * translate-ldst.c: A64 loads and stores (a64-ldst.decode; Arm ARM DDI 0487
 * C4.1.88, semantics in C6/C7): general-purpose and SIMD&FP registers,
 * pairs, every addressing mode, exclusives, acquire/release, LSE atomics.
 *
 * Misaligned normal accesses are performed (Linux enables no alignment
 * checking for them).  Exclusives are emulated with compare-and-swap: LDXR
 * records the address and the value; STXR succeeds if the address is the
 * recorded one and memory still holds the value (an ABA change goes
 * unnoticed, which real LL/SC loops tolerate).  Host atomics are sequentially
 * consistent, so acquire/release atomics need no extra barrier.
 */
#include "common.h"
#include "translate.h"
#include "backend.h"
#include "helper-simd.h"

#include "decode-a64-ldst.c.inc"

#define MO_TE MO_LE

/* ---- Addressing ---- */

/* base + offset in a new temp (the base register 31 is SP). */
static IRTemp addr_add(DisasContext *ctx, IRTemp base, int64_t off)
{
    IRTemp t = tmp64(ctx);

    ir_addi(ctx->ir, t, base, (uint64_t)off);
    return t;
}

/*
 * Addressing of the immediate forms.  idx: 0 unscaled/unprivileged/offset
 * (imm already scaled by the caller), 1 post-index, 3 pre-index.  Returns
 * the access address; *wb_val is the writeback value (IR_TEMP_NONE: none).
 */
static IRTemp gen_ea(DisasContext *ctx, int rn, int idx, int64_t imm, IRTemp *wb_val)
{
    IRTemp base = cpu_reg_sp(ctx, rn);

    *wb_val = IR_TEMP_NONE;
    if (idx == 1) {
        IRTemp a = tmp64(ctx);
        ir_mov(ctx->ir, a, base);
        *wb_val = addr_add(ctx, base, imm);
        return a;
    }
    if (idx == 3) {
        IRTemp a = addr_add(ctx, base, imm);
        *wb_val = a;
        return a;
    }
    return addr_add(ctx, base, imm);
}

static void gen_writeback(DisasContext *ctx, int rn, IRTemp wb_val)
{
    if (wb_val != IR_TEMP_NONE) {
        ir_mov(ctx->ir, a64_x[rn], wb_val);
    }
}

/* ---- One register transfer ---- */

/*
 * Load/store of a general register.  opc: 0 store, 1 load zero-extended,
 * 2 load signed to 64, 3 load signed to 32.  Returns false for reserved
 * combinations; PRFM (size 3, opc 2) is a no-op.
 */
static bool gpr_ldst_ok(int sz, int opc, bool *prfm)
{
    *prfm = false;
    if (opc == 2 && sz == 3) {
        *prfm = true;
        return true;
    }
    if (opc == 3 && sz >= 2) {
        return false;
    }
    return true;
}

static void gen_gpr_ldst(DisasContext *ctx, int sz, int opc, int rt, IRTemp addr)
{
    IRContext *ir = ctx->ir;

    if (opc == 0) {
        ir_gst(ir, cpu_reg(ctx, rt), addr, (MemOp)sz | MO_TE, 0);
        return;
    }
    if (opc == 1) {
        IRTemp t = tmp64(ctx);
        ir_gld(ir, t, addr, (MemOp)sz | MO_TE, 0);
        gen_set_reg(ctx, rt, t, true);
        return;
    }
    {
        IRTemp t = tmp64(ctx);
        ir_gld(ir, t, addr, (MemOp)sz | MO_SIGN | MO_TE, 0);
        gen_set_reg(ctx, rt, t, opc == 2);
    }
}

/* SIMD&FP register of 1 << lsz bytes (lsz 0..4). */
static void gen_vec_ldst(DisasContext *ctx, int lsz, bool load, int rt, IRTemp addr)
{
    IRContext *ir = ctx->ir;
    IRTemp t = tmp64(ctx);

    if (lsz == 4) {
        IRTemp a2 = addr_add(ctx, addr, 8);
        if (load) {
            IRTemp t2 = tmp64(ctx);
            /* Both halves are read before either is written: a fault leaves Vt intact. */
            ir_gld(ir, t, addr, MO_64 | MO_TE, 0);
            ir_gld(ir, t2, a2, MO_64 | MO_TE, 0);
            ir_st(ir, t, ir->env, vreg_off(rt), MO_64);
            ir_st(ir, t2, ir->env, vreg_hi_off(rt), MO_64);
        } else {
            IRTemp t2 = tmp64(ctx);
            ir_ld(ir, t, ir->env, vreg_off(rt), MO_64);
            ir_ld(ir, t2, ir->env, vreg_hi_off(rt), MO_64);
            ir_gst(ir, t, addr, MO_64 | MO_TE, 0);
            ir_gst(ir, t2, a2, MO_64 | MO_TE, 0);
        }
        return;
    }
    if (load) {
        ir_gld(ir, t, addr, (MemOp)lsz | MO_TE, 0);
        ir_st(ir, t, ir->env, vreg_off(rt), MO_64);
        ir_st(ir, ir_const_i64(ir, 0), ir->env, vreg_hi_off(rt), MO_64);
    } else {
        ir_ld(ir, t, ir->env, vreg_off(rt), (MemOp)lsz);
        ir_gst(ir, t, addr, (MemOp)lsz | MO_TE, 0);
    }
}

/* size:opc -> log2 bytes for SIMD&FP registers; -1 reserved. */
static int vec_lsz(int sz, int opc)
{
    if (opc & 2) {
        return sz == 0 ? 4 : -1;
    }
    return sz;
}

static bool gen_ldst_single(DisasContext *ctx, int sz, int v, int opc, int rt, IRTemp addr)
{
    if (v) {
        gen_vec_ldst(ctx, vec_lsz(sz, opc), opc & 1, rt, addr);
    } else {
        gen_gpr_ldst(ctx, sz, opc, rt, addr);
    }
    return true;
}

static bool ldst_valid(int sz, int v, int opc, bool *prfm)
{
    *prfm = false;
    if (v) {
        return vec_lsz(sz, opc) >= 0;
    }
    return gpr_ldst_ok(sz, opc, prfm);
}

bool trans_ldst_imm9(DisasContext *ctx, arg_ldst_imm *a)
{
    IRTemp wb, addr;
    bool prfm;

    if (!ldst_valid(a->sz, a->v, a->opc, &prfm) || (a->idx == 2 && a->v)) {
        return false;
    }
    if (prfm) {
        return a->idx == 0 || a->idx == 2;   /* PRFUM; the writeback forms are reserved */
    }
    addr = gen_ea(ctx, a->rn, a->idx == 2 ? 0 : a->idx, a->imm, &wb);
    gen_ldst_single(ctx, a->sz, a->v, a->opc, a->rt, addr);
    gen_writeback(ctx, a->rn, wb);
    return true;
}

bool trans_ldst_uimm(DisasContext *ctx, arg_ldst_imm *a)
{
    IRTemp wb, addr;
    bool prfm;
    int scale;

    if (!ldst_valid(a->sz, a->v, a->opc, &prfm)) {
        return false;
    }
    if (prfm) {
        return true;
    }
    scale = a->v ? vec_lsz(a->sz, a->opc) : a->sz;
    addr = gen_ea(ctx, a->rn, 0, (int64_t)a->imm << scale, &wb);
    return gen_ldst_single(ctx, a->sz, a->v, a->opc, a->rt, addr);
}

bool trans_ldst_reg(DisasContext *ctx, arg_ldst_reg *a)
{
    IRContext *ir = ctx->ir;
    IRTemp off, addr;
    bool prfm;
    int scale;

    if (!ldst_valid(a->sz, a->v, a->opc, &prfm) || !(a->option & 2)) {
        return false;
    }
    if (prfm) {
        return true;
    }
    scale = a->v ? vec_lsz(a->sz, a->opc) : a->sz;
    off = tmp64(ctx);
    switch (a->option) {
    case 2: ir_ext32u(ir, off, cpu_reg(ctx, a->rm)); break;
    case 6: ir_ext32s(ir, off, cpu_reg(ctx, a->rm)); break;
    default: ir_mov(ir, off, cpu_reg(ctx, a->rm)); break;
    }
    if (a->s && scale) {
        ir_shli(ir, off, off, scale);
    }
    addr = tmp64(ctx);
    ir_add(ir, addr, cpu_reg_sp(ctx, a->rn), off);
    return gen_ldst_single(ctx, a->sz, a->v, a->opc, a->rt, addr);
}

bool trans_ldr_lit(DisasContext *ctx, arg_ldlit *a)
{
    IRTemp addr;

    if (a->v && a->opc == 3) {
        return false;
    }
    if (!a->v && a->opc == 3) {
        return true;            /* PRFM (literal) */
    }
    addr = tmp64(ctx);
    ir_movi(ctx->ir, addr, ctx->pc + (int64_t)a->imm * 4);
    if (a->v) {
        gen_vec_ldst(ctx, 2 + a->opc, true, a->rt, addr);
    } else {
        /* opc 0: 32-bit, 1: 64-bit, 2: LDRSW */
        gen_gpr_ldst(ctx, a->opc == 1 ? 3 : 2, a->opc == 2 ? 2 : 1, a->rt, addr);
    }
    return true;
}

/* Pairs: idx 0 non-temporal offset, 1 post-index, 2 offset, 3 pre-index. */
bool trans_ldstp(DisasContext *ctx, arg_ldstp *a)
{
    IRContext *ir = ctx->ir;
    int lsz;
    IRTemp addr, addr2, wb;

    if (a->v) {
        if (a->opc == 3) {
            return false;
        }
        lsz = 2 + a->opc;
    } else {
        if (a->opc == 3 || (a->opc == 1 && (!a->l || a->idx == 0))) {
            return false;       /* STGP (MTE) and the reserved forms */
        }
        lsz = a->opc == 2 ? 3 : 2;
    }
    addr = gen_ea(ctx, a->rn, a->idx == 2 ? 0 : a->idx, (int64_t)a->imm << lsz, &wb);
    addr2 = addr_add(ctx, addr, 1 << lsz);
    if (a->v) {
        if (a->l) {
            /* Load both into scratch first so a fault on the second leaves both registers intact. */
            gen_vec_ldst(ctx, lsz, true, a->rt, addr);
            gen_vec_ldst(ctx, lsz, true, a->rt2, addr2);
        } else {
            gen_vec_ldst(ctx, lsz, false, a->rt, addr);
            gen_vec_ldst(ctx, lsz, false, a->rt2, addr2);
        }
    } else if (a->l) {
        MemOp mo = (MemOp)lsz | MO_TE | (a->opc == 1 ? MO_SIGN : 0);
        IRTemp t1 = tmp64(ctx), t2 = tmp64(ctx);
        ir_gld(ir, t1, addr, mo, 0);
        ir_gld(ir, t2, addr2, mo, 0);
        gen_writeback(ctx, a->rn, wb);
        gen_set_reg(ctx, a->rt, t1, true);
        gen_set_reg(ctx, a->rt2, t2, true);
        return true;
    } else {
        ir_gst(ir, cpu_reg(ctx, a->rt), addr, (MemOp)lsz | MO_TE, 0);
        ir_gst(ir, cpu_reg(ctx, a->rt2), addr2, (MemOp)lsz | MO_TE, 0);
    }
    gen_writeback(ctx, a->rn, wb);
    return true;
}

/* ---- Acquire/release, exclusives ---- */

static void gen_acquire(DisasContext *ctx) { ir_mb(ctx->ir, IR_MB_LD_LD | IR_MB_LD_ST); }
static void gen_release(DisasContext *ctx) { ir_mb(ctx->ir, IR_MB_ALL); }

bool trans_ldar(DisasContext *ctx, arg_excl *a)
{
    IRTemp t = tmp64(ctx);

    ir_gld(ctx->ir, t, cpu_reg_sp(ctx, a->rn), (MemOp)a->sz | MO_TE, 0);
    gen_acquire(ctx);
    gen_set_reg(ctx, a->rt, t, true);
    return true;
}

bool trans_stlr(DisasContext *ctx, arg_excl *a)
{
    gen_release(ctx);
    ir_gst(ctx->ir, cpu_reg(ctx, a->rt), cpu_reg_sp(ctx, a->rn), (MemOp)a->sz | MO_TE, 0);
    return true;
}

bool trans_ldapr(DisasContext *ctx, arg_ldapr *a)
{
    IRTemp t = tmp64(ctx);

    if (!a64_have(ctx, A64_FEAT_LRCPC)) {
        return false;
    }

    ir_gld(ctx->ir, t, cpu_reg_sp(ctx, a->rn), (MemOp)a->sz | MO_TE, 0);
    gen_acquire(ctx);
    gen_set_reg(ctx, a->rt, t, true);
    return true;
}

bool trans_ldapur(DisasContext *ctx, arg_ldst_imm *a)
{
    IRTemp wb, addr;

    if (!a64_have(ctx, A64_FEAT_LRCPC2)) {
        return false;
    }

    if ((a->sz == 3 && a->opc >= 2) || (a->sz == 2 && a->opc == 3)) {
        return false;
    }
    addr = gen_ea(ctx, a->rn, 0, a->imm, &wb);
    if (a->opc == 0) {
        gen_release(ctx);
    }
    gen_gpr_ldst(ctx, a->sz, a->opc, a->rt, addr);
    if (a->opc != 0) {
        gen_acquire(ctx);
    }
    return true;
}

/*
 * Exclusives must be aligned to the size of the whole access, whatever
 * SCTLR.A says: otherwise an alignment fault (SIGBUS BUS_ADRALN on Linux).
 * addr must be a local temp: it is used after the label.
 */
static void gen_check_excl_align(DisasContext *ctx, IRTemp addr, unsigned bytes)
{
    IRContext *ir = ctx->ir;
    IRLabel ok;
    IRTemp low;

    if (bytes == 1) {
        return;
    }
    ok = ir_label_new(ir);
    low = tmp64(ctx);
    ir_andi(ir, low, addr, bytes - 1);
    ir_brcondi(ir, IR_COND_EQ, low, 0, ok);
    ir_st(ir, addr, ir->env, offsetof(CPUCommon, fault_addr), MO_64);
    ir_movi(ir, a64_pc, ctx->pc);
    ir_callN(ir, &helper_info_a64_raise, IR_TEMP_NONE, ir->env,
             ir_const_i32(ir, A64_EXCP_DATA_ALIGN), ir_const_i32(ir, 0));
    ir_set_label(ir, ok);
}

bool trans_ldxr(DisasContext *ctx, arg_excl *a)
{
    IRContext *ir = ctx->ir;
    IRTemp addr = ir_temp_local(ir, IR_I64);

    ir_mov(ir, addr, cpu_reg_sp(ctx, a->rn));
    gen_check_excl_align(ctx, addr, 1u << a->sz);
    ir_gld(ir, a64_excl_val, addr, (MemOp)a->sz | MO_TE, 0);
    ir_mov(ir, a64_excl_addr, addr);
    if (a->lr) {
        gen_acquire(ctx);
    }
    gen_set_reg(ctx, a->rt, a64_excl_val, true);
    return true;
}

/* status = 1, or the cmpxchg's verdict; then the monitor is cleared. */
bool trans_stxr(DisasContext *ctx, arg_excl *a)
{
    IRContext *ir = ctx->ir;
    IRLabel fail = ir_label_new(ir), done = ir_label_new(ir);
    /* addr lives across the branch: a local temp. */
    IRTemp addr = ir_temp_local(ir, IR_I64), old, st;

    if (a->lr) {
        gen_release(ctx);
    }
    ir_mov(ir, addr, cpu_reg_sp(ctx, a->rn));
    gen_check_excl_align(ctx, addr, 1u << a->sz);
    ir_brcond(ir, IR_COND_NE, addr, a64_excl_addr, fail);
    old = tmp64(ctx);
    st = tmp64(ctx);
    ir_atomic_cmpxchg(ir, old, addr, a64_excl_val, cpu_reg(ctx, a->rt), (MemOp)a->sz | MO_TE, 0);
    ir_setcond(ir, IR_COND_NE, st, old, a64_excl_val);
    gen_set_reg(ctx, a->rs, st, true);
    ir_br(ir, done);
    ir_set_label(ir, fail);
    st = tmp64(ctx);
    ir_movi(ir, st, 1);
    gen_set_reg(ctx, a->rs, st, true);
    ir_set_label(ir, done);
    ir_movi(ir, a64_excl_addr, (uint64_t)-1);
    return true;
}

bool trans_ldxp(DisasContext *ctx, arg_excl *a)
{
    IRContext *ir = ctx->ir;
    IRTemp addr = ir_temp_local(ir, IR_I64);

    ir_mov(ir, addr, cpu_reg_sp(ctx, a->rn));
    gen_check_excl_align(ctx, addr, 8u << a->sz);
    if (a->sz == 0) {
        /* Two words: one 64-bit access; excl_val holds both. */
        IRTemp lo = tmp64(ctx), hi = tmp64(ctx);
        ir_gld(ir, a64_excl_val, addr, MO_64 | MO_TE, 0);
        ir_ext32u(ir, lo, a64_excl_val);
        ir_shri(ir, hi, a64_excl_val, 32);
        ir_mov(ir, a64_excl_addr, addr);
        if (a->lr) {
            gen_acquire(ctx);
        }
        gen_set_reg(ctx, a->rt, lo, true);
        gen_set_reg(ctx, a->rt2, hi, true);
        return true;
    }
    {
        /*
         * Two doublewords, loaded separately: a torn pair can only make the
         * STXP's 128-bit compare fail, which the guest's loop retries.
         */
        IRTemp a2 = addr_add(ctx, addr, 8);
        ir_gld(ir, a64_excl_val, addr, MO_64 | MO_TE, 0);
        ir_gld(ir, a64_excl_val2, a2, MO_64 | MO_TE, 0);
        ir_mov(ir, a64_excl_addr, addr);
        if (a->lr) {
            gen_acquire(ctx);
        }
        gen_set_reg(ctx, a->rt, a64_excl_val, true);
        gen_set_reg(ctx, a->rt2, a64_excl_val2, true);
    }
    return true;
}

/* 128-bit compare-and-swap on host memory (16-byte aligned); returns true if it stored. */
static bool cas128(uint64_t *p, uint64_t *cmp_lo, uint64_t *cmp_hi, uint64_t new_lo, uint64_t new_hi)
{
#if defined(__x86_64__)
    bool ok;
    __asm__ volatile("lock cmpxchg16b %1"
                     : "=@ccz"(ok), "+m"(*(volatile __int128 *)p), "+a"(*cmp_lo), "+d"(*cmp_hi)
                     : "b"(new_lo), "c"(new_hi)
                     : "memory");
    return ok;
#else
    __int128 expected = (__int128)((unsigned __int128)*cmp_hi << 64 | *cmp_lo);
    __int128 desired = (__int128)((unsigned __int128)new_hi << 64 | new_lo);
    bool ok = __atomic_compare_exchange_n((__int128 *)p, &expected, desired, false,
                                          __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    *cmp_lo = (uint64_t)expected;
    *cmp_hi = (uint64_t)((unsigned __int128)expected >> 64);
    return ok;
#endif
}

/* STXP of two doublewords: 0 on success (memory still held excl_val:excl_val2). */
uint64_t helper_a64_stxp128(CPUCommon *env, uint64_t addr, uint64_t lo, uint64_t hi);
uint64_t helper_a64_stxp128(CPUCommon *env, uint64_t addr, uint64_t lo, uint64_t hi)
{
    ARMCPU *cpu = arm_cpu(env);
    uint64_t clo = cpu->excl_val, chi = cpu->excl_val2;

    if (addr & 15) {
        /* Not single-copy atomic on real hardware either (alignment fault there). */
        return 1;
    }
    return cas128((uint64_t *)(uintptr_t)(guest_base + addr), &clo, &chi, lo, hi) ? 0 : 1;
}
static IR_HELPER_DEF(a64_stxp128, IR_HT_I64, IR_HELPER_NO_WRITE_GLOBALS, IR_HT_PTR, IR_HT_I64,
                     IR_HT_I64, IR_HT_I64);

/* CASP of two doublewords: writes the old value into Xs, Xs+1. */
void helper_a64_casp128(CPUCommon *env, uint64_t addr, uint32_t rs, uint64_t lo, uint64_t hi);
void helper_a64_casp128(CPUCommon *env, uint64_t addr, uint32_t rs, uint64_t lo, uint64_t hi)
{
    ARMCPU *cpu = arm_cpu(env);
    uint64_t clo = cpu->xregs[rs], chi = cpu->xregs[rs + 1];

    cas128((uint64_t *)(uintptr_t)(guest_base + addr), &clo, &chi, lo, hi);
    if (rs != 31) {
        cpu->xregs[rs] = clo;
        cpu->xregs[rs + 1] = chi;
    }
}
static IR_HELPER_DEF(a64_casp128, IR_HT_VOID, 0, IR_HT_PTR, IR_HT_I64, IR_HT_I32, IR_HT_I64,
                     IR_HT_I64);

bool trans_stxp(DisasContext *ctx, arg_excl *a)
{
    IRContext *ir = ctx->ir;
    IRLabel fail = ir_label_new(ir), done = ir_label_new(ir);
    IRTemp addr = ir_temp_local(ir, IR_I64), st;

    if (a->lr) {
        gen_release(ctx);
    }
    ir_mov(ir, addr, cpu_reg_sp(ctx, a->rn));
    gen_check_excl_align(ctx, addr, 8u << a->sz);
    ir_brcond(ir, IR_COND_NE, addr, a64_excl_addr, fail);
    st = tmp64(ctx);
    if (a->sz == 0) {
        IRTemp nv = tmp64(ctx), old = tmp64(ctx);
        ir_deposit(ir, nv, cpu_reg(ctx, a->rt), cpu_reg(ctx, a->rt2), 32, 32);
        ir_atomic_cmpxchg(ir, old, addr, a64_excl_val, nv, MO_64 | MO_TE, 0);
        ir_setcond(ir, IR_COND_NE, st, old, a64_excl_val);
    } else {
        IRTemp probe = tmp64(ctx);
        /*
         * Fault (as a write would) before the helper touches host memory.
         * An atomic add of 0, not a load and a store: another thread's
         * update between those two would be lost.
         */
        ir_atomic_op(ir, IR_OP_atomic_add, probe, addr, ir_const_i64(ir, 0), MO_64 | MO_TE, 0);
        ir_callN(ir, &helper_info_a64_stxp128, st, ir->env, addr, cpu_reg(ctx, a->rt),
                 cpu_reg(ctx, a->rt2));
    }
    gen_set_reg(ctx, a->rs, st, true);
    ir_br(ir, done);
    ir_set_label(ir, fail);
    st = tmp64(ctx);
    ir_movi(ir, st, 1);
    gen_set_reg(ctx, a->rs, st, true);
    ir_set_label(ir, done);
    ir_movi(ir, a64_excl_addr, (uint64_t)-1);
    return true;
}

/* ---- Compare and swap (FEAT_LSE) ---- */

static IRTemp zext_size(DisasContext *ctx, IRTemp v, int sz)
{
    IRTemp t;

    if (sz == 3) {
        return v;
    }
    t = tmp64(ctx);
    ir_extract(ctx->ir, t, v, 0, 8 << sz);
    return t;
}

bool trans_cas(DisasContext *ctx, arg_cas *a)
{
    IRContext *ir = ctx->ir;
    IRTemp old = tmp64(ctx);

    if (!a64_have(ctx, A64_FEAT_LSE)) {
        return false;
    }

    {
        /* Without FEAT_LSE2 a misaligned atomic is an alignment fault. */
        IRTemp addr = ir_temp_local(ir, IR_I64);
        ir_mov(ir, addr, cpu_reg_sp(ctx, a->rn));
        gen_check_excl_align(ctx, addr, 1u << a->sz);
        ir_atomic_cmpxchg(ir, old, addr, zext_size(ctx, cpu_reg(ctx, a->rs), a->sz),
                          cpu_reg(ctx, a->rt), (MemOp)a->sz | MO_TE, 0);
    }
    gen_set_reg(ctx, a->rs, old, true);
    return true;
}

bool trans_casp(DisasContext *ctx, arg_cas *a)
{
    IRContext *ir = ctx->ir;

    if (!a64_have(ctx, A64_FEAT_LSE)) {
        return false;
    }

    if ((a->rs & 1) || (a->rt & 1)) {
        return false;
    }
    /*
     * Aligned to the pair's size or an alignment fault; cmpxchg16b would
     * also raise #GP in the helper, outside generated code.
     */
    IRTemp paddr = ir_temp_local(ir, IR_I64);
    ir_mov(ir, paddr, cpu_reg_sp(ctx, a->rn));
    gen_check_excl_align(ctx, paddr, 8u << a->sz);
    if (a->sz == 0) {
        IRTemp cmp = tmp64(ctx), nv = tmp64(ctx), old = tmp64(ctx), lo = tmp64(ctx), hi = tmp64(ctx);
        ir_deposit(ir, cmp, cpu_reg(ctx, a->rs), cpu_reg(ctx, a->rs + 1), 32, 32);
        ir_deposit(ir, nv, cpu_reg(ctx, a->rt), cpu_reg(ctx, a->rt + 1), 32, 32);
        ir_atomic_cmpxchg(ir, old, paddr, cmp, nv, MO_64 | MO_TE, 0);
        ir_ext32u(ir, lo, old);
        ir_shri(ir, hi, old, 32);
        gen_set_reg(ctx, a->rs, lo, true);
        gen_set_reg(ctx, a->rs + 1, hi, true);
    } else {
        IRTemp addr = paddr, probe = tmp64(ctx);
        /* Write-fault probe, atomic for the same reason as in STXP. */
        ir_atomic_op(ir, IR_OP_atomic_add, probe, addr, ir_const_i64(ir, 0),
                     MO_64 | MO_TE | MO_ALIGN, 0);
        ir_callN(ir, &helper_info_a64_casp128, IR_TEMP_NONE, ir->env, addr,
                 ir_const_i32(ir, (uint32_t)a->rs), cpu_reg(ctx, a->rt), cpu_reg(ctx, a->rt + 1));
    }
    return true;
}

/* ---- LSE atomic memory operations ---- */

bool trans_atomic(DisasContext *ctx, arg_atomic *a)
{
    static const IROpcode ops[8] = {
        IR_OP_atomic_add, IR_OP_atomic_and, IR_OP_atomic_xor, IR_OP_atomic_or,
        IR_OP_atomic_smax, IR_OP_atomic_smin, IR_OP_atomic_umax, IR_OP_atomic_umin,
    };
    IRContext *ir = ctx->ir;
    IRTemp val = cpu_reg(ctx, a->rs), old, addr;
    MemOp mo = (MemOp)a->sz | MO_TE;

    if (!a64_have(ctx, A64_FEAT_LSE)) {
        return false;
    }
    addr = ir_temp_local(ir, IR_I64);
    ir_mov(ir, addr, cpu_reg_sp(ctx, a->rn));
    gen_check_excl_align(ctx, addr, 1u << a->sz);
    old = tmp64(ctx);

    if (a->op == 1) {
        /* LDCLR: memory &= ~Xs */
        IRTemp nv = tmp64(ctx);
        ir_not(ir, nv, val);
        val = nv;
    }
    if (a->op == 4 || a->op == 5) {
        mo |= MO_SIGN;
    }
    ir_atomic_op(ir, ops[a->op], old, addr, val, mo, 0);
    gen_set_reg(ctx, a->rt, zext_size(ctx, old, a->sz), true);
    return true;
}

bool trans_swp(DisasContext *ctx, arg_atomic *a)
{
    IRTemp old, addr;

    if (!a64_have(ctx, A64_FEAT_LSE)) {
        return false;
    }
    addr = ir_temp_local(ctx->ir, IR_I64);
    ir_mov(ctx->ir, addr, cpu_reg_sp(ctx, a->rn));
    gen_check_excl_align(ctx, addr, 1u << a->sz);
    old = tmp64(ctx);
    ir_atomic_op(ctx->ir, IR_OP_atomic_xchg, old, addr, cpu_reg(ctx, a->rs),
                 (MemOp)a->sz | MO_TE, 0);
    gen_set_reg(ctx, a->rt, old, true);
    return true;
}

/* ---- Advanced SIMD load/store structures ---- */

/* Move 8 bytes between guest memory and env at off. */
static void copy_mem_env(DisasContext *ctx, bool load, IRTemp addr, int32_t off, unsigned bytes)
{
    IRContext *ir = ctx->ir;
    IRTemp t = tmp64(ctx);
    MemOp mo = bytes == 8 ? MO_64 : (MemOp)__builtin_ctz(bytes);

    if (load) {
        ir_gld(ir, t, addr, mo | MO_TE, 0);
        ir_st(ir, t, ir->env, off, mo);
    } else {
        ir_ld(ir, t, ir->env, off, mo);
        ir_gst(ir, t, addr, mo | MO_TE, 0);
    }
}


bool trans_simd_mult(DisasContext *ctx, arg_simd_mult *a)
{
    IRContext *ir = ctx->ir;
    int nregs, selem;
    unsigned rbytes = a->q ? 16 : 8;
    unsigned total;
    IRTemp base;

    switch (a->opcode) {
    case 0: nregs = 4; selem = 4; break;
    case 2: nregs = 4; selem = 1; break;
    case 4: nregs = 3; selem = 3; break;
    case 6: nregs = 3; selem = 1; break;
    case 7: nregs = 1; selem = 1; break;
    case 8: nregs = 2; selem = 2; break;
    case 10: nregs = 2; selem = 1; break;
    default: return false;
    }
    if (a->size == 3 && !a->q && selem > 1) {
        return false;
    }
    total = rbytes * nregs;
    base = tmp64(ctx);
    ir_mov(ir, base, cpu_reg_sp(ctx, a->rn));
    if (selem == 1) {
        /* LD1/ST1: consecutive registers are consecutive memory (little-endian). */
        for (int r = 0; r < nregs; r++) {
            int vt = (a->rt + r) & 31;
            for (unsigned off = 0; off < rbytes; off += 8) {
                IRTemp addr = addr_add(ctx, base, r * rbytes + off);
                copy_mem_env(ctx, a->l, addr, vreg_off(vt) + off, 8);
            }
            if (a->l && !a->q) {
                ir_st(ir, ir_const_i64(ir, 0), ir->env, vreg_hi_off(vt), MO_64);
            }
        }
    } else {
        /* LD2-4/ST2-4: memory <-> scratch here, (de)interleaved by a helper. */
        uint32_t desc = (uint32_t)(a->rt | selem << 5 | a->size << 8 | a->q << 10);
        if (!a->l) {
            ir_callN(ir, &helper_info_a64_simd_interleave, IR_TEMP_NONE, ir->env,
                     ir_const_i32(ir, desc));
        }
        for (unsigned off = 0; off < total; off += 8) {
            IRTemp addr = addr_add(ctx, base, off);
            copy_mem_env(ctx, a->l, addr, (int32_t)offsetof(ARMCPU, vscratch) + off, 8);
        }
        if (a->l) {
            ir_callN(ir, &helper_info_a64_simd_deinterleave, IR_TEMP_NONE, ir->env,
                     ir_const_i32(ir, desc));
        }
    }
    if (a->p) {
        if (a->rm == 31) {
            ir_addi(ir, a64_x[a->rn], base, total);
        } else {
            ir_add(ir, a64_x[a->rn], base, a64_x[a->rm]);
        }
    }
    return true;
}

bool trans_simd_single(DisasContext *ctx, arg_simd_single *a)
{
    IRContext *ir = ctx->ir;
    int selem = ((a->opcode & 1) << 1 | a->r) + 1;
    int scale = a->opcode >> 1;
    int index = 0;
    bool replicate = false;
    IRTemp base;

    switch (scale) {
    case 3:
        if (!a->l || a->s) {
            return false;
        }
        scale = a->size;
        replicate = true;
        break;
    case 0:
        index = a->q << 3 | a->s << 2 | a->size;
        break;
    case 1:
        if (a->size & 1) {
            return false;
        }
        index = a->q << 2 | a->s << 1 | a->size >> 1;
        break;
    case 2:
        if (a->size & 2) {
            return false;
        }
        if (a->size & 1) {
            if (a->s) {
                return false;
            }
            index = a->q;
            scale = 3;
        } else {
            index = a->q << 1 | a->s;
        }
        break;
    }
    base = tmp64(ctx);
    ir_mov(ir, base, cpu_reg_sp(ctx, a->rn));
    for (int e = 0; e < selem; e++) {
        int vt = (a->rt + e) & 31;
        IRTemp addr = addr_add(ctx, base, e << scale);
        IRTemp t = tmp64(ctx);

        if (replicate) {
            static const uint64_t rep[4] = {
                0x0101010101010101ull, 0x0001000100010001ull, 0x0000000100000001ull, 1,
            };
            ir_gld(ir, t, addr, (MemOp)scale | MO_TE, 0);
            ir_muli(ir, t, t, rep[scale]);
            ir_st(ir, t, ir->env, vreg_off(vt), MO_64);
            ir_st(ir, a->q ? t : ir_const_i64(ir, 0), ir->env, vreg_hi_off(vt), MO_64);
        } else if (a->l) {
            ir_gld(ir, t, addr, (MemOp)scale | MO_TE, 0);
            ir_st(ir, t, ir->env, vreg_off(vt) + (index << scale), (MemOp)scale);
        } else {
            ir_ld(ir, t, ir->env, vreg_off(vt) + (index << scale), (MemOp)scale);
            ir_gst(ir, t, addr, (MemOp)scale | MO_TE, 0);
        }
    }
    if (a->p) {
        if (a->rm == 31) {
            ir_addi(ir, a64_x[a->rn], base, selem << scale);
        } else {
            ir_add(ir, a64_x[a->rn], base, a64_x[a->rm]);
        }
    }
    return true;
}
