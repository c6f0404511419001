/*
 * lower.c: turning IR ops into x86-64 instructions.
 *
 * Each lower_* function follows the same steps:
 *   1. get the inputs into registers (ra_load, locking them) or use constants
 *      as immediates where the instruction has an immediate form;
 *   2. release inputs that die here (IRInsn.life), so that their registers can
 *      hold the output;
 *   3. pick the output register: an input's register when that value may be
 *      overwritten (a copy, a dying input, or the output temp itself), else a
 *      fresh one;
 *   4. emit, then bind the output temp to its register (ra_set_output).
 * i32 ops use 32-bit instructions, which zero the upper half of the 64-bit
 * register as the IR requires.  r11 is a scratch register for sequences.
 */
#include "common.h"
#include "jit-internal.h"
#include "backend.h"
#include "exec.h"
#include "log.h"

#define ALL_REGS 0xffffu
#define SCRATCH JIT_REG_SCRATCH

static inline uint16_t bit(int r) { return (uint16_t)(1u << r); }

static unsigned insn_sz(const IRInsn *insn)
{
    return insn->type == IR_I64 ? MO_64 : MO_32;
}

static unsigned sz_bits(unsigned sz) { return 8u << sz; }

/* An immediate operand of a 32-bit op is any 32-bit value; 64-bit ops sign-extend. */
static bool imm_ok(unsigned sz, uint64_t v)
{
    return sz != MO_64 || x86_fits_i32((int64_t)v);
}

static bool const_imm(JitState *s, IRTemp t, unsigned sz, int32_t *imm)
{
    if (!jit_is_const(s, t) || !imm_ok(sz, jit_const_val(s, t))) {
        return false;
    }
    *imm = (int32_t)jit_const_val(s, t);
    return true;
}

/* Whether the register r holding args[k] may be overwritten by the output. */
static bool reusable(JitState *s, const IRInsn *insn, unsigned k, int r)
{
    if (s->scratch & bit(r)) {
        return true;
    }
    return insn->nb_oargs && insn->args[0] == insn->args[k] &&
           s->reg_temp[r] == (int32_t)insn->args[k];
}

static void set_output(JitState *s, const IRInsn *insn, int reg)
{
    IRTemp o = (IRTemp)insn->args[0];

    ra_set_output(s, o, reg);
    if (insn->life & 1) {
        ra_free_temp(s, o);
    }
}

/* rd = a for a two-address op: a's register when reusable, else a fresh copy. */
static int dest_2addr(JitState *s, const IRInsn *insn, unsigned ka, int ra, unsigned sz)
{
    if (reusable(s, insn, ka, ra)) {
        return ra;
    }
    int rd = ra_alloc(s, ALL_REGS);
    x86_mov_rr(&s->b, sz, rd, ra);
    return rd;
}

/* Byte order and extension helpers. */

static void emit_swap(JitState *s, unsigned msz, int r)
{
    if (msz == MO_16) {
        x86_shift_ri(&s->b, X86_ROL, MO_16, r, 8);
    } else if (msz >= MO_32) {
        x86_bswap(&s->b, msz, r);
    }
}

/* dst = src's low msz bits extended (per MO_SIGN) to an sz-wide value. */
static void emit_ext(JitState *s, MemOp mo, unsigned sz, int dst, int src)
{
    unsigned msz = mo & MO_SIZE;

    if (msz >= sz) {
        if (dst != src || sz == MO_32) {
            x86_mov_rr(&s->b, sz, dst, src);
        }
    } else if (mo & MO_SIGN) {
        x86_movsx_rr(&s->b, msz, sz, dst, src);
    } else {
        x86_movzx_rr(&s->b, msz, dst, src);
    }
}

/* Load of memory operand m into rd with MemOp mo, result sz-wide. */
static void emit_load(JitState *s, MemOp mo, unsigned sz, int rd, const X86Mem *m)
{
    unsigned msz = mo & MO_SIZE;

    if (!(mo & MO_BE) || msz == MO_8) {
        if (msz >= sz) {
            x86_mov_rm(&s->b, sz, rd, m);
        } else if (mo & MO_SIGN) {
            x86_movsx_rm(&s->b, msz, sz, rd, m);
        } else {
            x86_movzx_rm(&s->b, msz, rd, m);
        }
        return;
    }
    if (jit_features & JIT_FEAT_MOVBE) {
        x86_movbe_rm(&s->b, msz == MO_16 ? MO_16 : msz, rd, m);
    } else {
        if (msz == MO_16) {
            x86_movzx_rm(&s->b, MO_16, rd, m);
        } else {
            x86_mov_rm(&s->b, msz, rd, m);
        }
        emit_swap(s, msz, rd);
    }
    if (msz < sz || msz == MO_16) {
        emit_ext(s, mo, sz, rd, rd);
    }
}

/* Store of the low msz bits of register r (clobbered when byte-swapping without movbe). */
static void emit_store(JitState *s, MemOp mo, int r, const X86Mem *m)
{
    unsigned msz = mo & MO_SIZE;

    if (!(mo & MO_BE) || msz == MO_8) {
        x86_mov_mr(&s->b, msz, m, r);
    } else if (jit_features & JIT_FEAT_MOVBE) {
        x86_movbe_mr(&s->b, msz, m, r);
    } else {
        x86_mov_rr(&s->b, MO_64, SCRATCH, r);
        emit_swap(s, msz, SCRATCH);
        x86_mov_mr(&s->b, msz, m, SCRATCH);
    }
}

static uint64_t swap_const(uint64_t v, unsigned msz)
{
    switch (msz) {
    case MO_16: return __builtin_bswap16((uint16_t)v);
    case MO_32: return __builtin_bswap32((uint32_t)v);
    case MO_64: return __builtin_bswap64(v);
    default: return v & 0xff;
    }
}

/* The host address of a guest address temp: guest_base folded into the operand. */
static X86Mem guest_mem_disp(JitState *s, IRTemp addr, int32_t disp)
{
    if (jit_is_const(s, addr) && x86_fits_i32((int64_t)jit_const_val(s, addr)) &&
        x86_fits_i32((int64_t)jit_const_val(s, addr) + disp)) {
        disp += (int32_t)jit_const_val(s, addr);
        return s->guest_base_zero ? x86_mem(X86_NOREG, disp) : x86_mem(JIT_REG_GUEST_BASE, disp);
    }
    int r = ra_load(s, addr, ALL_REGS);
    return s->guest_base_zero ? x86_mem(r, disp) : x86_mem_idx(JIT_REG_GUEST_BASE, r, 0, disp);
}

static X86Mem guest_mem(JitState *s, IRTemp addr)
{
    return guest_mem_disp(s, addr, 0);
}

/* Comparisons. */

/* Emit the flags-setting compare for cond c of (ra, b): b is rb or, if rb < 0, imm. */
static void emit_cmp(JitState *s, unsigned sz, IRCond c, int ra, int rb, int32_t imm)
{
    if (c == IR_COND_TSTEQ || c == IR_COND_TSTNE) {
        if (rb >= 0) {
            x86_test_rr(&s->b, sz, ra, rb);
        } else {
            x86_test_ri(&s->b, sz, ra, imm);
        }
    } else if (rb >= 0) {
        x86_alu_rr(&s->b, X86_CMP, sz, ra, rb);
    } else if (imm == 0) {
        /* test r,r sets ZF/SF like cmp r,0, with CF = OF = 0 as well */
        x86_test_rr(&s->b, sz, ra, ra);
    } else {
        x86_alu_ri(&s->b, X86_CMP, sz, ra, imm);
    }
}

/*
 * Load the operands of a comparison at args[ka], args[ka+1]; swaps them (and
 * the condition) so that a constant comes second.  Returns false when the
 * result is known: *known then holds it.
 */
static bool load_cmp(JitState *s, const IRInsn *insn, unsigned ka, IRCond *c,
                     int *ra, int *rb, int32_t *imm, bool *known)
{
    IRTemp a = (IRTemp)insn->args[ka], b = (IRTemp)insn->args[ka + 1];
    unsigned sz = insn_sz(insn);

    if (*c == IR_COND_ALWAYS || *c == IR_COND_NEVER) {
        *known = *c == IR_COND_ALWAYS;
        return false;
    }
    if (jit_is_const(s, a) && jit_is_const(s, b)) {
        *known = ir_cond_eval(*c, (IRType)insn->type, jit_const_val(s, a), jit_const_val(s, b));
        return false;
    }
    if (jit_is_const(s, a)) {
        IRTemp t = a;
        a = b;
        b = t;
        *c = ir_cond_swap(*c);
    }
    *ra = ra_load(s, a, ALL_REGS);
    *rb = -1;
    if (!const_imm(s, b, sz, imm)) {
        *rb = ra_load(s, b, ALL_REGS);
    }
    return true;
}

/* Ops. */

static void lower_mov(JitState *s, IRInsn *insn)
{
    IRTemp o = (IRTemp)insn->args[0], a = (IRTemp)insn->args[1];
    JitTemp *ta = &s->temps[a], *to = &s->temps[o];
    int rd;

    if (o == a) {
        return;
    }
    if (ta->val == JIT_VAL_REG && (insn->life & 2) &&
        s->ctx->temps[a].kind != IR_TEMP_GLOBAL && s->ctx->temps[a].kind != IR_TEMP_FIXED) {
        /* the source dies: the output simply takes over its register */
        rd = ta->reg;
        ra_free_temp(s, a);
        set_output(s, insn, rd);
        return;
    }
    if (to->val == JIT_VAL_REG && !(s->locked & bit(to->reg))) {
        rd = to->reg;
        s->locked |= bit(rd);
    } else {
        rd = ra_alloc(s, ALL_REGS);
    }
    if (ta->val == JIT_VAL_REG) {
        x86_mov_rr(&s->b, MO_64, rd, ta->reg);
    } else {
        ra_load_into(s, a, rd);
    }
    ra_release_dead(s, insn);
    set_output(s, insn, rd);
}

static void lower_alu(JitState *s, IRInsn *insn, X86Alu op)
{
    unsigned sz = insn_sz(insn);
    IRTemp a = (IRTemp)insn->args[1], b = (IRTemp)insn->args[2];
    unsigned ka = 1, kb = 2;
    bool commutative = op != X86_SUB;
    int32_t imm = 0;
    int ra, rb = -1, rd;

    if (commutative && jit_is_const(s, a) && !jit_is_const(s, b)) {
        a = (IRTemp)insn->args[2];
        b = (IRTemp)insn->args[1];
        ka = 2;
        kb = 1;
    }
    bool bimm = const_imm(s, b, sz, &imm);
    if (op == X86_SUB && bimm && imm_ok(sz, -(uint64_t)jit_const_val(s, b))) {
        op = X86_ADD;
        imm = (int32_t)-(uint64_t)jit_const_val(s, b);
    }
    ra = ra_load(s, a, ALL_REGS);
    if (!bimm) {
        rb = ra_load(s, b, ALL_REGS);
    }
    ra_release_dead(s, insn);

    if (bimm) {
        if (op == X86_AND && (imm == 0xff || imm == 0xffff ||
                              (sz == MO_64 && (uint64_t)jit_const_val(s, b) == 0xffffffffu))) {
            rd = reusable(s, insn, ka, ra) ? ra : ra_alloc(s, ALL_REGS);
            x86_movzx_rr(&s->b, imm == 0xff ? MO_8 : imm == 0xffff ? MO_16 : MO_32, rd, ra);
        } else if (op == X86_ADD && !reusable(s, insn, ka, ra)) {
            rd = ra_alloc(s, ALL_REGS);
            if (imm) {
                X86Mem m = x86_mem(ra, imm);
                x86_lea(&s->b, sz, rd, &m);
            } else {
                x86_mov_rr(&s->b, sz, rd, ra);
            }
        } else {
            rd = dest_2addr(s, insn, ka, ra, sz);
            if (imm || op == X86_AND) {
                x86_alu_ri(&s->b, op, sz, rd, imm);
            }
        }
    } else if (reusable(s, insn, ka, ra)) {
        rd = ra;
        x86_alu_rr(&s->b, op, sz, rd, rb);
    } else if (commutative && reusable(s, insn, kb, rb)) {
        rd = rb;
        x86_alu_rr(&s->b, op, sz, rd, ra);
    } else if (op == X86_ADD) {
        rd = ra_alloc(s, ALL_REGS);
        X86Mem m = x86_mem_idx(ra, rb, 0, 0);
        if ((ra & 7) == X86_RBP && (rb & 7) != X86_RBP) {
            m = x86_mem_idx(rb, ra, 0, 0);     /* avoid the disp8 an rbp/r13 base needs */
        }
        x86_lea(&s->b, sz, rd, &m);
    } else {
        rd = ra_alloc(s, ALL_REGS);
        x86_mov_rr(&s->b, sz, rd, ra);
        x86_alu_rr(&s->b, op, sz, rd, rb);
    }
    set_output(s, insn, rd);
}

static void lower_mul(JitState *s, IRInsn *insn)
{
    unsigned sz = insn_sz(insn);
    IRTemp a = (IRTemp)insn->args[1], b = (IRTemp)insn->args[2];
    unsigned ka = 1, kb = 2;
    int32_t imm;
    int ra, rb, rd;

    if (jit_is_const(s, a) && !jit_is_const(s, b)) {
        a = (IRTemp)insn->args[2];
        b = (IRTemp)insn->args[1];
        ka = 2;
        kb = 1;
    }
    if (const_imm(s, b, sz, &imm)) {
        ra = ra_load(s, a, ALL_REGS);
        ra_release_dead(s, insn);
        rd = reusable(s, insn, ka, ra) ? ra : ra_alloc(s, ALL_REGS);
        x86_imul_rri(&s->b, sz, rd, ra, imm);
    } else {
        ra = ra_load(s, a, ALL_REGS);
        rb = ra_load(s, b, ALL_REGS);
        ra_release_dead(s, insn);
        if (!reusable(s, insn, ka, ra) && reusable(s, insn, kb, rb)) {
            int t = ra;
            ra = rb;
            rb = t;
            ka = kb;
        }
        rd = dest_2addr(s, insn, ka, ra, sz);
        x86_imul_rr(&s->b, sz, rd, rb);
    }
    set_output(s, insn, rd);
}

/* div, divu, rem, remu, mulsh, muluh: through rdx:rax. */
static void lower_rdx_rax(JitState *s, IRInsn *insn)
{
    unsigned sz = insn_sz(insn);
    IRTemp a = (IRTemp)insn->args[1], b = (IRTemp)insn->args[2];
    int rb;
    int out = X86_RAX;

    ra_take(s, X86_RAX);
    ra_take(s, X86_RDX);
    rb = ra_load(s, b, ALL_REGS & ~(bit(X86_RAX) | bit(X86_RDX)));
    ra_load_into(s, a, X86_RAX);
    ra_release_dead(s, insn);
    switch (insn->opc) {
    case IR_OP_div:
    case IR_OP_rem:
        x86_cqo(&s->b, sz);
        x86_idiv(&s->b, sz, rb);
        out = insn->opc == IR_OP_rem ? X86_RDX : X86_RAX;
        break;
    case IR_OP_divu:
    case IR_OP_remu:
        x86_alu_rr(&s->b, X86_XOR, MO_32, X86_RDX, X86_RDX);
        x86_div(&s->b, sz, rb);
        out = insn->opc == IR_OP_remu ? X86_RDX : X86_RAX;
        break;
    case IR_OP_mulsh:
        x86_imul_r(&s->b, sz, rb);
        out = X86_RDX;
        break;
    case IR_OP_muluh:
        x86_mul(&s->b, sz, rb);
        out = X86_RDX;
        break;
    default:
        g_assert_not_reached();
    }
    set_output(s, insn, out);
}

static void lower_shift(JitState *s, IRInsn *insn, X86Shift op)
{
    unsigned sz = insn_sz(insn);
    IRTemp a = (IRTemp)insn->args[1], b = (IRTemp)insn->args[2];
    int ra, rb, rd;

    if (jit_is_const(s, b)) {
        unsigned n = (unsigned)jit_const_val(s, b) & (sz_bits(sz) - 1);
        ra = ra_load(s, a, ALL_REGS);
        ra_release_dead(s, insn);
        rd = dest_2addr(s, insn, 1, ra, sz);
        if (n) {
            x86_shift_ri(&s->b, op, sz, rd, n);
        }
    } else if ((jit_features & JIT_FEAT_BMI2) && op != X86_ROL && op != X86_ROR) {
        ra = ra_load(s, a, ALL_REGS);
        rb = ra_load(s, b, ALL_REGS);
        ra_release_dead(s, insn);
        rd = reusable(s, insn, 1, ra) ? ra : reusable(s, insn, 2, rb) ? rb : ra_alloc(s, ALL_REGS);
        if (op == X86_SHL) {
            x86_shlx(&s->b, sz, rd, ra, rb);
        } else if (op == X86_SHR) {
            x86_shrx(&s->b, sz, rd, ra, rb);
        } else {
            x86_sarx(&s->b, sz, rd, ra, rb);
        }
    } else {
        rb = ra_load(s, b, bit(X86_RCX));
        ra = ra_load(s, a, ALL_REGS & ~bit(X86_RCX));
        ra_release_dead(s, insn);
        rd = dest_2addr(s, insn, 1, ra, sz);
        x86_shift_rcl(&s->b, op, sz, rd);
    }
    set_output(s, insn, rd);
}

static void lower_unary(JitState *s, IRInsn *insn)
{
    unsigned sz = insn_sz(insn);
    IRTemp a = (IRTemp)insn->args[1];
    int ra = ra_load(s, a, ALL_REGS), rd;

    ra_release_dead(s, insn);
    /* one-instruction ops that read ra and write rd: any rd will do */
    rd = reusable(s, insn, 1, ra) ? ra : ra_alloc(s, ALL_REGS);
    switch (insn->opc) {
    case IR_OP_neg:
    case IR_OP_not:
        if (rd != ra) {
            x86_mov_rr(&s->b, sz, rd, ra);
        }
        if (insn->opc == IR_OP_neg) {
            x86_neg(&s->b, sz, rd);
        } else {
            x86_not(&s->b, sz, rd);
        }
        break;
    case IR_OP_bswap16:
        x86_movzx_rr(&s->b, MO_16, rd, ra);
        x86_shift_ri(&s->b, X86_ROL, MO_16, rd, 8);
        break;
    case IR_OP_bswap32:
        x86_mov_rr(&s->b, MO_32, rd, ra);
        x86_bswap(&s->b, MO_32, rd);
        break;
    case IR_OP_bswap64:
        if (rd != ra) {
            x86_mov_rr(&s->b, MO_64, rd, ra);
        }
        x86_bswap(&s->b, MO_64, rd);
        break;
    case IR_OP_ext8s:
        x86_movsx_rr(&s->b, MO_8, sz, rd, ra);
        break;
    case IR_OP_ext16s:
        x86_movsx_rr(&s->b, MO_16, sz, rd, ra);
        break;
    case IR_OP_ext32s:
    case IR_OP_ext_i32_i64:
        x86_movsx_rr(&s->b, MO_32, MO_64, rd, ra);
        break;
    case IR_OP_ext8u:
        x86_movzx_rr(&s->b, MO_8, rd, ra);
        break;
    case IR_OP_ext16u:
        x86_movzx_rr(&s->b, MO_16, rd, ra);
        break;
    case IR_OP_ext32u:
    case IR_OP_extu_i32_i64:
    case IR_OP_extrl_i64_i32:
        x86_mov_rr(&s->b, MO_32, rd, ra);
        break;
    case IR_OP_ctpop:
        if (jit_features & JIT_FEAT_POPCNT) {
            x86_popcnt(&s->b, sz, rd, ra);
        } else {
            /* SWAR bit count: pairs, nibbles, bytes, then sum the bytes by multiply */
            int c = ra_alloc(s, ALL_REGS);
            unsigned w = sz_bits(sz);
            if (rd != ra) {
                x86_mov_rr(&s->b, sz, rd, ra);
            }
            x86_mov_rr(&s->b, sz, SCRATCH, rd);
            x86_shift_ri(&s->b, X86_SHR, sz, SCRATCH, 1);
            x86_mov_ri(&s->b, c, 0x5555555555555555ull >> (64 - w));
            x86_alu_rr(&s->b, X86_AND, sz, SCRATCH, c);
            x86_alu_rr(&s->b, X86_SUB, sz, rd, SCRATCH);
            x86_mov_ri(&s->b, c, 0x3333333333333333ull >> (64 - w));
            x86_mov_rr(&s->b, sz, SCRATCH, rd);
            x86_shift_ri(&s->b, X86_SHR, sz, SCRATCH, 2);
            x86_alu_rr(&s->b, X86_AND, sz, SCRATCH, c);
            x86_alu_rr(&s->b, X86_AND, sz, rd, c);
            x86_alu_rr(&s->b, X86_ADD, sz, rd, SCRATCH);
            x86_mov_rr(&s->b, sz, SCRATCH, rd);
            x86_shift_ri(&s->b, X86_SHR, sz, SCRATCH, 4);
            x86_alu_rr(&s->b, X86_ADD, sz, rd, SCRATCH);
            x86_mov_ri(&s->b, c, 0x0f0f0f0f0f0f0f0full >> (64 - w));
            x86_alu_rr(&s->b, X86_AND, sz, rd, c);
            x86_mov_ri(&s->b, c, 0x0101010101010101ull >> (64 - w));
            x86_imul_rr(&s->b, sz, rd, c);
            x86_shift_ri(&s->b, X86_SHR, sz, rd, w - 8);
        }
        break;
    default:
        g_assert_not_reached();
    }
    set_output(s, insn, rd);
}

/* andc, orc, eqv */
static void lower_logic_not(JitState *s, IRInsn *insn)
{
    unsigned sz = insn_sz(insn);
    IRTemp a = (IRTemp)insn->args[1], b = (IRTemp)insn->args[2];
    X86Alu op = insn->opc == IR_OP_andc ? X86_AND : insn->opc == IR_OP_orc ? X86_OR : X86_XOR;
    int ra, rb, rd;

    if (jit_is_const(s, b) && imm_ok(sz, ~jit_const_val(s, b))) {
        ra = ra_load(s, a, ALL_REGS);
        ra_release_dead(s, insn);
        rd = dest_2addr(s, insn, 1, ra, sz);
        x86_alu_ri(&s->b, op, sz, rd, (int32_t)~jit_const_val(s, b));
        set_output(s, insn, rd);
        return;
    }
    ra = ra_load(s, a, ALL_REGS);
    rb = ra_load(s, b, ALL_REGS);
    ra_release_dead(s, insn);
    if (op == X86_XOR) {
        /* ~(a ^ b) */
        if (reusable(s, insn, 1, ra)) {
            rd = ra;
            x86_alu_rr(&s->b, X86_XOR, sz, rd, rb);
        } else if (reusable(s, insn, 2, rb)) {
            rd = rb;
            x86_alu_rr(&s->b, X86_XOR, sz, rd, ra);
        } else {
            rd = ra_alloc(s, ALL_REGS);
            x86_mov_rr(&s->b, sz, rd, ra);
            x86_alu_rr(&s->b, X86_XOR, sz, rd, rb);
        }
        x86_not(&s->b, sz, rd);
    } else if (op == X86_AND && (jit_features & JIT_FEAT_BMI1)) {
        rd = reusable(s, insn, 1, ra) ? ra : reusable(s, insn, 2, rb) ? rb : ra_alloc(s, ALL_REGS);
        x86_andn(&s->b, sz, rd, rb, ra);
    } else {
        x86_mov_rr(&s->b, sz, SCRATCH, rb);
        x86_not(&s->b, sz, SCRATCH);
        rd = dest_2addr(s, insn, 1, ra, sz);
        x86_alu_rr(&s->b, op, sz, rd, SCRATCH);
    }
    set_output(s, insn, rd);
}

/* clz/ctz: out = a ? count(a) : b */
static void lower_count_zeros(JitState *s, IRInsn *insn)
{
    unsigned sz = insn_sz(insn), w = sz_bits(sz);
    IRTemp a = (IRTemp)insn->args[1], b = (IRTemp)insn->args[2];
    bool clz = insn->opc == IR_OP_clz;
    bool fast = jit_features & (clz ? JIT_FEAT_LZCNT : JIT_FEAT_BMI1);
    bool b_is_w = jit_is_const(s, b) && jit_const_val(s, b) == w;
    int ra = ra_load(s, a, ALL_REGS), rb = -1, rd;

    if (!jit_is_const(s, b)) {
        rb = ra_load(s, b, ALL_REGS);
    }
    ra_release_dead(s, insn);
    if (fast) {
        /* lzcnt/tzcnt give w for 0 and set CF then */
        rd = (reusable(s, insn, 1, ra) && ra != rb) ? ra : ra_alloc(s, ALL_REGS);
        if (clz) {
            x86_lzcnt(&s->b, sz, rd, ra);
        } else {
            x86_tzcnt(&s->b, sz, rd, ra);
        }
        if (!b_is_w) {
            if (rb < 0) {
                x86_mov_ri(&s->b, SCRATCH, jit_const_val(s, b));
                rb = SCRATCH;
            }
            x86_cmovcc(&s->b, X86_CC_B, sz, rd, rb);
        }
    } else {
        /* bsr/bsf: ZF set for 0, destination then unusable; clz = bsr ^ (w - 1) */
        rd = ra_alloc(s, ALL_REGS);
        if (rb < 0) {
            uint64_t v = jit_const_val(s, b);
            x86_mov_ri(&s->b, rd, clz ? v ^ (w - 1) : v);
        } else {
            x86_mov_rr(&s->b, sz, rd, rb);
            if (clz) {
                x86_alu_ri(&s->b, X86_XOR, sz, rd, (int32_t)(w - 1));
            }
        }
        if (clz) {
            x86_bsr(&s->b, sz, SCRATCH, ra);
        } else {
            x86_bsf(&s->b, sz, SCRATCH, ra);
        }
        x86_cmovcc(&s->b, X86_CC_NE, sz, rd, SCRATCH);
        if (clz) {
            x86_alu_ri(&s->b, X86_XOR, sz, rd, (int32_t)(w - 1));
        }
    }
    set_output(s, insn, rd);
}

static void lower_extract(JitState *s, IRInsn *insn)
{
    unsigned sz = insn_sz(insn), w = sz_bits(sz);
    unsigned pos = (unsigned)insn->args[2], len = (unsigned)insn->args[3];
    bool sign = insn->opc == IR_OP_sextract;
    int ra = ra_load(s, (IRTemp)insn->args[1], ALL_REGS), rd;

    ra_release_dead(s, insn);
    rd = reusable(s, insn, 1, ra) ? ra : ra_alloc(s, ALL_REGS);
    if (pos == 0 && (len == 8 || len == 16 || (len == 32 && w == 64))) {
        unsigned msz = len == 8 ? MO_8 : len == 16 ? MO_16 : MO_32;
        emit_ext(s, (MemOp)(msz | (sign ? MO_SIGN : 0)), sz, rd, ra);
    } else if (len == w) {
        if (rd != ra) {
            x86_mov_rr(&s->b, sz, rd, ra);
        }
    } else if (!sign && w == 64 && pos + len == 32) {
        /* a 32-bit move zero-extends: one shift leaves the field */
        x86_mov_rr(&s->b, MO_32, rd, ra);
        if (pos) {
            x86_shift_ri(&s->b, X86_SHR, MO_32, rd, pos);
        }
    } else {
        if (rd != ra) {
            x86_mov_rr(&s->b, sz, rd, ra);
        }
        if (sign || (len > 31 && pos + len != w)) {
            if (w - pos - len) {
                x86_shift_ri(&s->b, X86_SHL, sz, rd, w - pos - len);
            }
            x86_shift_ri(&s->b, sign ? X86_SAR : X86_SHR, sz, rd, w - len);
        } else {
            if (pos) {
                x86_shift_ri(&s->b, X86_SHR, sz, rd, pos);
            }
            if (pos + len != w) {
                x86_alu_ri(&s->b, X86_AND, sz, rd, (int32_t)((1u << len) - 1));
            }
        }
    }
    set_output(s, insn, rd);
}

static void lower_deposit(JitState *s, IRInsn *insn)
{
    unsigned sz = insn_sz(insn), w = sz_bits(sz);
    IRTemp a = (IRTemp)insn->args[1], b = (IRTemp)insn->args[2];
    unsigned pos = (unsigned)insn->args[3], len = (unsigned)insn->args[4];
    uint64_t wmask = w == 64 ? ~0ull : 0xffffffffull;
    uint64_t mask = (len == 64 ? ~0ull : (1ull << len) - 1) << pos;
    uint64_t clear = ~mask & wmask;
    int ra, rb = -1, rd;
    bool bconst = jit_is_const(s, b);
    uint64_t bval = bconst ? (jit_const_val(s, b) << pos) & mask : 0;

    ra = ra_load(s, a, ALL_REGS);
    if (!bconst) {
        rb = ra_load(s, b, ALL_REGS);
    }
    ra_release_dead(s, insn);
    if (rb >= 0) {
        /* (b & lenmask) << pos, computed before rd (which may be rb) is written */
        x86_mov_rr(&s->b, sz, SCRATCH, rb);
        if (w - len) {
            x86_shift_ri(&s->b, X86_SHL, sz, SCRATCH, w - len);
        }
        if (w - len - pos) {
            x86_shift_ri(&s->b, X86_SHR, sz, SCRATCH, w - len - pos);
        }
    }
    if (len == w) {
        rd = ra_alloc(s, ALL_REGS);
        if (bconst) {
            x86_mov_ri(&s->b, rd, bval);
        } else {
            x86_mov_rr(&s->b, sz, rd, SCRATCH);
        }
    } else {
        rd = dest_2addr(s, insn, 1, ra, sz);
        if (imm_ok(sz, clear)) {
            x86_alu_ri(&s->b, X86_AND, sz, rd, (int32_t)clear);
        } else {
            /* rotate the field to the bottom, clear it by shifting, rotate back */
            if (pos) {
                x86_shift_ri(&s->b, X86_ROR, sz, rd, pos);
            }
            x86_shift_ri(&s->b, X86_SHR, sz, rd, len);
            x86_shift_ri(&s->b, X86_SHL, sz, rd, len);
            if (pos) {
                x86_shift_ri(&s->b, X86_ROL, sz, rd, pos);
            }
        }
        if (!bconst) {
            x86_alu_rr(&s->b, X86_OR, sz, rd, SCRATCH);
        } else if (bval && imm_ok(sz, bval)) {
            x86_alu_ri(&s->b, X86_OR, sz, rd, (int32_t)bval);
        } else if (bval) {
            x86_mov_ri(&s->b, SCRATCH, bval);
            x86_alu_rr(&s->b, X86_OR, sz, rd, SCRATCH);
        }
    }
    set_output(s, insn, rd);
}

static void lower_setcond(JitState *s, IRInsn *insn)
{
    unsigned sz = insn_sz(insn);
    IRCond c = (IRCond)insn->args[3];
    int ra, rb, rd;
    int32_t imm = 0;
    bool known;

    if (!load_cmp(s, insn, 1, &c, &ra, &rb, &imm, &known)) {
        ra_release_dead(s, insn);
        rd = ra_alloc(s, ALL_REGS);
        x86_mov_ri(&s->b, rd, known);
    } else {
        ra_release_dead(s, insn);
        rd = ra_alloc(s, ALL_REGS);     /* fresh: zeroed before the compare */
        x86_alu_rr(&s->b, X86_XOR, MO_32, rd, rd);
        emit_cmp(s, sz, c, ra, rb, imm);
        x86_setcc(&s->b, x86_cond_from_ir(c), rd);
    }
    set_output(s, insn, rd);
}

static void lower_movcond(JitState *s, IRInsn *insn)
{
    unsigned sz = insn_sz(insn);
    IRCond c = (IRCond)insn->args[5];
    IRTemp v1 = (IRTemp)insn->args[3], v2 = (IRTemp)insn->args[4];
    int ra, rb, rv1, rv2 = -1, rd;
    int32_t imm = 0;
    bool known;

    if (!load_cmp(s, insn, 1, &c, &ra, &rb, &imm, &known)) {
        int rv = ra_load(s, known ? v1 : v2, ALL_REGS);
        ra_release_dead(s, insn);
        rd = reusable(s, insn, known ? 3 : 4, rv) ? rv : ra_alloc(s, ALL_REGS);
        if (rd != rv) {
            x86_mov_rr(&s->b, MO_64, rd, rv);
        }
        set_output(s, insn, rd);
        return;
    }
    rv1 = ra_load(s, v1, ALL_REGS);
    if (!jit_is_const(s, v2)) {
        rv2 = ra_load(s, v2, ALL_REGS);
    }
    ra_release_dead(s, insn);
    if (rv2 >= 0 && reusable(s, insn, 4, rv2)) {
        rd = rv2;
    } else {
        rd = ra_alloc(s, ALL_REGS);
        if (rv2 >= 0) {
            x86_mov_rr(&s->b, MO_64, rd, rv2);
        } else {
            x86_mov_ri(&s->b, rd, jit_const_val(s, v2));
        }
    }
    emit_cmp(s, sz, c, ra, rb, imm);
    x86_cmovcc(&s->b, x86_cond_from_ir(c), sz, rd, rv1);
    set_output(s, insn, rd);
}

/* Host memory: ld/st relative to a host pointer. */

static void lower_ld(JitState *s, IRInsn *insn)
{
    int rbase = ra_load(s, (IRTemp)insn->args[1], ALL_REGS), rd;
    X86Mem m = x86_mem(rbase, (int32_t)insn->args[2]);

    ra_release_dead(s, insn);
    rd = reusable(s, insn, 1, rbase) ? rbase : ra_alloc(s, ALL_REGS);
    emit_load(s, (MemOp)insn->args[3], insn_sz(insn), rd, &m);
    set_output(s, insn, rd);
}

/* guest: the store is a guest memory access, a fault point (regalloc.c). */
static void lower_store(JitState *s, IRTemp val, X86Mem m, MemOp mo, bool guest)
{
    unsigned msz = mo & MO_SIZE;

    if (jit_is_const(s, val)) {
        uint64_t v = jit_const_val(s, val);
        if (mo & MO_BE) {
            v = swap_const(v, msz);
        }
        if (guest) {
            ra_fault_point_begin(s);
        }
        if (msz < MO_64 || x86_fits_i32((int64_t)v)) {
            x86_mov_mi(&s->b, msz, &m, (int32_t)v);
        } else {
            x86_mov_ri(&s->b, SCRATCH, v);
            x86_mov_mr(&s->b, MO_64, &m, SCRATCH);
        }
    } else {
        int r = ra_load(s, val, ALL_REGS);
        if (guest) {
            ra_fault_point_begin(s);
        }
        emit_store(s, mo, r, &m);
    }
    if (guest) {
        ra_fault_point_end(s);
    }
}

static void lower_st(JitState *s, IRInsn *insn)
{
    int rbase = ra_load(s, (IRTemp)insn->args[1], ALL_REGS);

    lower_store(s, (IRTemp)insn->args[0], x86_mem(rbase, (int32_t)insn->args[2]),
                (MemOp)insn->args[3], false);
    ra_release_dead(s, insn);
}

/*
 * Guest memory.  MO_ALIGN is not checked: x86 performs misaligned accesses
 * (atomics included, as slow split locks), so an unaligned guest access
 * succeeds instead of raising the guest's alignment fault.  Plain loads and
 * stores leave dirty globals in their registers: they are fault points,
 * whose globals the fault handler recovers (ra_fault_point_begin); atomics,
 * rarer, sync instead.
 */
/* gld at guest address addr + disp; add, when not NULL, computed addr + disp (fused). */
static void lower_gld_at(JitState *s, IRInsn *insn, IRInsn *add, IRTemp addr, int32_t disp)
{
    X86Mem m;
    int rd;

    m = guest_mem_disp(s, addr, disp);
    if (add) {
        ra_release_dead(s, add);
    }
    ra_release_dead(s, insn);
    rd = (m.index >= 0 && (s->scratch & bit(m.index))) ? m.index :
         (m.index < 0 && m.base >= 0 && m.base != JIT_REG_GUEST_BASE &&
          (s->scratch & bit(m.base))) ? m.base : ra_alloc(s, ALL_REGS);
    ra_fault_point_begin(s);
    emit_load(s, (MemOp)insn->args[2], insn_sz(insn), rd, &m);
    ra_fault_point_end(s);
    set_output(s, insn, rd);
}

static void lower_gld(JitState *s, IRInsn *insn)
{
    lower_gld_at(s, insn, NULL, (IRTemp)insn->args[1], 0);
}

static void lower_gst_at(JitState *s, IRInsn *insn, IRInsn *add, IRTemp addr, int32_t disp)
{
    X86Mem m;

    m = guest_mem_disp(s, addr, disp);
    lower_store(s, (IRTemp)insn->args[0], m, (MemOp)insn->args[2], true);
    if (add) {
        ra_release_dead(s, add);
    }
    ra_release_dead(s, insn);
}

static void lower_gst(JitState *s, IRInsn *insn)
{
    lower_gst_at(s, insn, NULL, (IRTemp)insn->args[1], 0);
}

/*
 * add_i64 t, a, $imm + gld/gst at t, where t dies there: the displacement
 * goes into the addressing mode (64-bit wrap-around is the same either way).
 */
static bool lower_add_gmem(JitState *s, IRInsn *add, IRInsn *mem)
{
    IRTemp t = (IRTemp)add->args[0], a = (IRTemp)add->args[1], c = (IRTemp)add->args[2];

    if (add->type != IR_I64 || s->ctx->temps[t].kind != IR_TEMP_NORMAL || (add->life & 1) ||
        mem->args[1] != t || !(mem->life & 2) || jit_is_const(s, a) || !jit_is_const(s, c) ||
        !x86_fits_i32((int64_t)jit_const_val(s, c))) {
        return false;
    }
    if (mem->opc == IR_OP_gld) {
        lower_gld_at(s, mem, add, a, (int32_t)jit_const_val(s, c));
    } else {
        if (mem->args[0] == t) {
            return false;
        }
        lower_gst_at(s, mem, add, a, (int32_t)jit_const_val(s, c));
    }
    ra_end_op(s);
    return true;
}

static void lower_atomic(JitState *s, IRInsn *insn)
{
    unsigned sz = insn_sz(insn);
    MemOp mo = (MemOp)insn->args[insn->nb_oargs + insn->nb_iargs];
    unsigned msz = mo & MO_SIZE;
    bool be = (mo & MO_BE) && msz != MO_8;
    IRTemp addr = (IRTemp)insn->args[1];
    X86Mem m;
    int rd, rv;

    ra_sync(s, false);
    if (insn->opc == IR_OP_atomic_cmpxchg) {
        ra_take(s, X86_RAX);
        m = guest_mem(s, addr);
        int rn = ra_load(s, (IRTemp)insn->args[3], ALL_REGS & ~bit(X86_RAX));
        ra_load_into(s, (IRTemp)insn->args[2], X86_RAX);
        if (be) {
            x86_mov_rr(&s->b, MO_64, SCRATCH, rn);
            emit_swap(s, msz, SCRATCH);
            rn = SCRATCH;
            emit_swap(s, msz, X86_RAX);
        }
        ra_release_dead(s, insn);
        x86_lock_cmpxchg_mr(&s->b, msz, &m, rn);
        if (be) {
            emit_swap(s, msz, X86_RAX);
        }
        emit_ext(s, mo, sz, X86_RAX, X86_RAX);
        set_output(s, insn, X86_RAX);
        return;
    }
    if (!be && (insn->opc == IR_OP_atomic_xchg || insn->opc == IR_OP_atomic_add)) {
        m = guest_mem(s, addr);
        rv = ra_load(s, (IRTemp)insn->args[2], ALL_REGS);
        ra_release_dead(s, insn);
        rd = reusable(s, insn, 2, rv) ? rv : ra_alloc(s, ALL_REGS);
        if (rd != rv) {
            x86_mov_rr(&s->b, MO_64, rd, rv);
        }
        if (insn->opc == IR_OP_atomic_xchg) {
            x86_xchg_mr(&s->b, msz, &m, rd);
        } else {
            x86_lock_xadd_mr(&s->b, msz, &m, rd);
        }
        emit_ext(s, mo, sz, rd, rd);
        set_output(s, insn, rd);
        return;
    }

    /*
     * Everything else: a compare-and-swap loop.  rax holds the memory's raw
     * value, r11 the new one, computed at the access size (as
     * helper_atomic_op does): min/max compare both operands extended from
     * that size, signed or unsigned by the op.
     */
    bool minmax = insn->opc >= IR_OP_atomic_smin && insn->opc <= IR_OP_atomic_umax;
    bool sminmax = insn->opc == IR_OP_atomic_smin || insn->opc == IR_OP_atomic_smax;
    unsigned osz = msz < MO_32 ? MO_32 : msz;
    int rvx;

    ra_take(s, X86_RAX);
    m = guest_mem(s, addr);
    rv = ra_load(s, (IRTemp)insn->args[2], ALL_REGS & ~bit(X86_RAX));
    ra_release_dead(s, insn);
    rvx = rv;
    if (minmax && msz < MO_32) {
        rvx = ra_alloc(s, ALL_REGS);
        emit_ext(s, (MemOp)(msz | (sminmax ? MO_SIGN : 0)), MO_32, rvx, rv);
    }
    x86_movzx_rm(&s->b, msz, X86_RAX, &m);
    uint8_t *loop = s->b.ptr;
    x86_mov_rr(&s->b, MO_64, SCRATCH, X86_RAX);
    if (be) {
        emit_swap(s, msz, SCRATCH);
    }
    if (minmax && msz < MO_32) {
        emit_ext(s, (MemOp)(msz | (sminmax ? MO_SIGN : 0)), MO_32, SCRATCH, SCRATCH);
    }
    switch (insn->opc) {
    case IR_OP_atomic_xchg:
        x86_mov_rr(&s->b, MO_64, SCRATCH, rv);
        break;
    case IR_OP_atomic_add:
        x86_alu_rr(&s->b, X86_ADD, osz, SCRATCH, rv);
        break;
    case IR_OP_atomic_and:
        x86_alu_rr(&s->b, X86_AND, osz, SCRATCH, rv);
        break;
    case IR_OP_atomic_or:
        x86_alu_rr(&s->b, X86_OR, osz, SCRATCH, rv);
        break;
    case IR_OP_atomic_xor:
        x86_alu_rr(&s->b, X86_XOR, osz, SCRATCH, rv);
        break;
    case IR_OP_atomic_smin:
    case IR_OP_atomic_smax:
    case IR_OP_atomic_umin:
    case IR_OP_atomic_umax: {
        static const X86Cond take_val[] = { X86_CC_G, X86_CC_L, X86_CC_A, X86_CC_B };
        x86_alu_rr(&s->b, X86_CMP, osz, SCRATCH, rvx);
        x86_cmovcc(&s->b, take_val[insn->opc - IR_OP_atomic_smin], osz, SCRATCH, rvx);
        break;
    }
    default:
        g_assert_not_reached();
    }
    if (be) {
        emit_swap(s, msz, SCRATCH);
    }
    x86_lock_cmpxchg_mr(&s->b, msz, &m, SCRATCH);
    if (loop - (s->b.ptr + 2) >= -128) {
        x86_jcc_rel8(&s->b, X86_CC_NE, loop);
    } else {
        x86_jcc_rel32(&s->b, X86_CC_NE, loop);
    }
    if (be) {
        emit_swap(s, msz, X86_RAX);
    }
    emit_ext(s, mo, sz, X86_RAX, X86_RAX);
    set_output(s, insn, X86_RAX);
}

/* Helper calls, SysV: integer arguments in these, the 7th on the stack. */
static const int8_t call_arg_regs[6] = { X86_RDI, X86_RSI, X86_RDX, X86_RCX, X86_R8, X86_R9 };

static void lower_call(JitState *s, IRInsn *insn)
{
    IRHelper *h = (IRHelper *)(uintptr_t)insn->args[insn->nb_oargs + insn->nb_iargs];
    const uint64_t *iargs = insn->args + insn->nb_oargs;
    unsigned nargs = insn->nb_iargs;
    bool reads = !(h->flags & IR_HELPER_NO_READ_GLOBALS) || (h->flags & IR_HELPER_CAN_RAISE);
    bool writes = !(h->flags & IR_HELPER_NO_WRITE_GLOBALS);

    if (reads || writes) {
        ra_sync(s, false);
    }
    for (unsigned i = 6; i < nargs; i++) {
        X86Mem m = x86_mem(X86_RSP, (int32_t)(i - 6) * 8);
        IRTemp t = (IRTemp)iargs[i];
        if (jit_is_const(s, t) && x86_fits_i32((int64_t)jit_const_val(s, t))) {
            x86_mov_mi(&s->b, MO_64, &m, (int32_t)jit_const_val(s, t));
        } else {
            ra_load_into(s, t, SCRATCH);
            x86_mov_mr(&s->b, MO_64, &m, SCRATCH);
        }
    }
    /* Arguments already in their register stay; the others are copied in. */
    for (unsigned i = 0; i < nargs && i < 6; i++) {
        JitTemp *ts = &s->temps[iargs[i]];
        if (ts->val == JIT_VAL_REG && ts->reg == call_arg_regs[i]) {
            s->locked |= bit(ts->reg);
        }
    }
    for (unsigned i = 0; i < nargs && i < 6; i++) {
        int r = call_arg_regs[i];
        JitTemp *ts = &s->temps[iargs[i]];
        if (ts->val == JIT_VAL_REG && ts->reg == r) {
            continue;
        }
        ra_take(s, r);
        ra_load_into(s, (IRTemp)iargs[i], r);
    }
    ra_release_dead(s, insn);
    ra_save_caller_saved(s, writes);
    x86_call_abs(&s->b, (uintptr_t)h->func, SCRATCH);
    if (writes) {
        ra_drop_globals(s);
    }
    if (insn->nb_oargs) {
        if (h->ret == IR_HT_I32) {
            x86_mov_rr(&s->b, MO_32, X86_RAX, X86_RAX);    /* upper half undefined in the ABI */
        }
        set_output(s, insn, X86_RAX);
    }
}

/* Control flow inside the block. */

static void lower_brcond(JitState *s, IRInsn *insn)
{
    IRCond c = (IRCond)insn->args[2];
    IRLabel l = (IRLabel)insn->args[3];
    int ra, rb;
    int32_t imm = 0;
    bool known;

    if (!load_cmp(s, insn, 0, &c, &ra, &rb, &imm, &known)) {
        ra_release_dead(s, insn);
        if (known) {
            flow_br(s, l);
        } else {
            ra_forget_normals(s);
        }
        return;
    }
    ra_release_dead(s, insn);
    /* the taken edge's write-backs go to a stub: the fall-through keeps them in registers */
    emit_cmp(s, insn_sz(insn), c, ra, rb, imm);
    flow_branch_cc(s, x86_cond_from_ir(c), l);
    ra_forget_normals(s);
}

/*
 * ld_i32 t, base, off + brcond t ==/!= 0 where t dies: cmp dword [base+off], 0
 * (the exit_request check every block starts with).
 */
static bool lower_ld_brcond(JitState *s, IRInsn *ld, IRInsn *br)
{
    IRTemp t = (IRTemp)ld->args[0];
    IRCond c = (IRCond)br->args[2];

    if (ld->type != IR_I32 || (MemOp)ld->args[3] != MO_UL || br->type != IR_I32 ||
        s->ctx->temps[t].kind != IR_TEMP_NORMAL || br->args[0] != t || !(br->life & 1) ||
        !jit_is_const(s, (IRTemp)br->args[1]) || jit_const_val(s, (IRTemp)br->args[1]) != 0 ||
        (c != IR_COND_EQ && c != IR_COND_NE) || (ld->life & 1)) {
        return false;
    }
    int rbase = ra_load(s, (IRTemp)ld->args[1], ALL_REGS);
    X86Mem m = x86_mem(rbase, (int32_t)ld->args[2]);

    ra_release_dead(s, ld);
    x86_alu_mi(&s->b, X86_CMP, MO_32, &m, 0);
    flow_branch_cc(s, x86_cond_from_ir(c), (IRLabel)br->args[3]);
    ra_forget_normals(s);
    ra_end_op(s);
    return true;
}

/*
 * call lookup_tb_ptr + goto_ptr: the jump-cache probe of helper_lookup_tb_ptr
 * inline, with the call as the slow path.  The fast path must only take
 * blocks the helper would return: same pc, flags 0 (the guest says its
 * flags always are), cflags equal to what cpu_cflags() gives now, which is 0
 * when cflags_next, cflags_once and singlestep are clear (and the options
 * checked at translation time are off); nor when exit_request is set.  Only
 * for blocks translated with cflags 0, by a guest that describes its pc.
 */
static bool lower_lookup_goto_ptr(JitState *s, IRInsn *call, IRInsn *gp)
{
    const GuestOps *ops = current_cpu ? current_cpu->ops : NULL;

    if ((IRHelper *)(uintptr_t)call->args[call->nb_oargs + call->nb_iargs] !=
            &helper_info_lookup_tb_ptr ||
        call->nb_oargs != 1 || gp->args[0] != call->args[0] || !(gp->life & 1) ||
        !ops || ops->pc_env_offset <= 0 || !ops->tb_flags_always_zero ||
        s->tb->cflags != 0 || opt_one_insn_per_tb || log_enabled(LOG_EXEC | LOG_NOCHAIN) ||
        offsetof(CPUCommon, cflags_once) != offsetof(CPUCommon, cflags_next) + 4 ||
        offsetof(TranslationBlock, cflags) != offsetof(TranslationBlock, flags) + 4) {
        return false;
    }
    ra_sync(s, false);

    X86Buf *b = &s->b;
    X86Mem m;
    uint8_t *slow[7];
    unsigned ns = 0;

    /* the pc global was usually just computed: take it from its register */
    int pc_reg = -1;
    for (int r = 0; r < 16; r++) {
        int32_t t = s->reg_temp[r];
        if (t >= 0 && s->ctx->temps[t].kind == IR_TEMP_GLOBAL &&
            s->ctx->temps[t].env_offset == ops->pc_env_offset && s->ctx->temps[t].type == IR_I64) {
            pc_reg = r;
        }
    }
    if (pc_reg >= 0) {
        x86_mov_rr(b, MO_64, X86_RAX, pc_reg);
    } else {
        m = x86_mem(JIT_REG_ENV, ops->pc_env_offset);
        x86_mov_rm(b, MO_64, X86_RAX, &m);
    }
    /* tb_jmp_cache_hash: ((pc >> 2) ^ (pc >> (2 + TB_JMP_CACHE_BITS))) & (SIZE - 1) */
    x86_mov_rr(b, MO_64, X86_RCX, X86_RAX);
    x86_shift_ri(b, X86_SHR, MO_64, X86_RCX, 2);
    x86_mov_rr(b, MO_64, X86_RDX, X86_RAX);
    x86_shift_ri(b, X86_SHR, MO_64, X86_RDX, 2 + TB_JMP_CACHE_BITS);
    x86_alu_rr(b, X86_XOR, MO_32, X86_RCX, X86_RDX);
    x86_alu_ri(b, X86_AND, MO_32, X86_RCX, TB_JMP_CACHE_SIZE - 1);
    m = x86_mem_idx(JIT_REG_ENV, X86_RCX, 3, (int32_t)offsetof(CPUCommon, tb_jmp_cache));
    x86_mov_rm(b, MO_64, X86_RCX, &m);
    x86_test_rr(b, MO_64, X86_RCX, X86_RCX);
    slow[ns++] = x86_jcc_rel32(b, X86_CC_E, NULL);
    m = x86_mem(X86_RCX, (int32_t)offsetof(TranslationBlock, pc));
    x86_alu_rm(b, X86_CMP, MO_64, X86_RAX, &m);
    slow[ns++] = x86_jcc_rel32(b, X86_CC_NE, NULL);
    m = x86_mem(X86_RCX, (int32_t)offsetof(TranslationBlock, flags));     /* flags and cflags */
    x86_alu_mi(b, X86_CMP, MO_64, &m, 0);
    slow[ns++] = x86_jcc_rel32(b, X86_CC_NE, NULL);
    m = x86_mem(X86_RCX, (int32_t)offsetof(TranslationBlock, invalid));
    x86_alu_mi(b, X86_CMP, MO_8, &m, 0);
    slow[ns++] = x86_jcc_rel32(b, X86_CC_NE, NULL);
    m = x86_mem(JIT_REG_ENV, (int32_t)offsetof(CPUCommon, exit_request));
    x86_alu_mi(b, X86_CMP, MO_32, &m, 0);
    slow[ns++] = x86_jcc_rel32(b, X86_CC_NE, NULL);
    m = x86_mem(JIT_REG_ENV, (int32_t)offsetof(CPUCommon, cflags_next));  /* and cflags_once */
    x86_alu_mi(b, X86_CMP, MO_64, &m, 0);
    slow[ns++] = x86_jcc_rel32(b, X86_CC_NE, NULL);
    m = x86_mem(JIT_REG_ENV, (int32_t)offsetof(CPUCommon, singlestep));
    x86_alu_mi(b, X86_CMP, MO_8, &m, 0);
    slow[ns++] = x86_jcc_rel32(b, X86_CC_NE, NULL);
    m = x86_mem(X86_RCX, (int32_t)offsetof(TranslationBlock, tc_ptr));
    x86_mov_rm(b, MO_64, X86_RAX, &m);
    x86_jmp_r(b, X86_RAX);
    for (unsigned i = 0; i < ns; i++) {
        x86_patch_rel32(slow[i], b->ptr);
    }
    x86_mov_rr(b, MO_64, X86_RDI, JIT_REG_ENV);
    x86_call_abs(b, (uintptr_t)helper_lookup_tb_ptr, SCRATCH);
    x86_jmp_r(b, X86_RAX);
    ra_forget_all(s);
    s->unreachable = true;
    ra_end_op(s);
    return true;
}

/* Two ops lowered as one; false if insn and next do not fuse. */
bool lower_fused(JitState *s, IRInsn *insn, IRInsn *next)
{
    if (insn->opc == IR_OP_ld && next->opc == IR_OP_brcond) {
        return lower_ld_brcond(s, insn, next);
    }
    if (insn->opc == IR_OP_add && (next->opc == IR_OP_gld || next->opc == IR_OP_gst)) {
        return lower_add_gmem(s, insn, next);
    }
    if (insn->opc == IR_OP_call && next->opc == IR_OP_goto_ptr) {
        return lower_lookup_goto_ptr(s, insn, next);
    }
    return false;
}

/* Leaving the block. */

static void lower_goto_tb(JitState *s, unsigned slot)
{
    ra_sync(s, false);
    /* the displacement must be 4-aligned so that patch_jump rewrites it atomically */
    unsigned pad = (unsigned)(-(uintptr_t)(s->b.ptr + 1)) & 3;
    x86_nop(&s->b, pad);
    uint8_t *disp = x86_jmp_rel32(&s->b, NULL);
    x86_patch_rel32(disp, s->b.ptr);
    s->tb->jmp_insn_offset[slot] = (uint32_t)(disp - s->code_start);
    s->tb->jmp_reset_offset[slot] = (uint32_t)(s->b.ptr - s->code_start);
}

static void lower_exit_tb(JitState *s, uint64_t val)
{
    ra_sync(s, false);
    if (val == 0) {
        x86_jmp_rel32(&s->b, s->exit_zero);
    } else {
        x86_mov_ri(&s->b, X86_RAX, val);
        x86_jmp_rel32(&s->b, s->epilogue);
    }
    ra_forget_all(s);
    s->unreachable = true;
}

static void lower_goto_ptr(JitState *s, IRInsn *insn)
{
    int r = ra_load(s, (IRTemp)insn->args[0], ALL_REGS);

    ra_sync(s, false);
    x86_jmp_r(&s->b, r);
    ra_forget_all(s);
    s->unreachable = true;
}

bool lower_insn(JitState *s, IRInsn *insn)
{
    switch ((IROpcode)insn->opc) {
    case IR_OP_nop:
    case IR_OP_insn_start:
        break;
    case IR_OP_set_label:
        flow_set_label(s, (IRLabel)insn->args[0]);
        break;
    case IR_OP_br:
        flow_br(s, (IRLabel)insn->args[0]);
        break;
    case IR_OP_brcond:
        lower_brcond(s, insn);
        break;
    case IR_OP_discard:
        ra_free_temp(s, (IRTemp)insn->args[0]);
        break;
    case IR_OP_mov:
    case IR_OP_extu_i32_i64:
        lower_mov(s, insn);
        break;
    case IR_OP_setcond:
        lower_setcond(s, insn);
        break;
    case IR_OP_movcond:
        lower_movcond(s, insn);
        break;
    case IR_OP_add:
        lower_alu(s, insn, X86_ADD);
        break;
    case IR_OP_sub:
        lower_alu(s, insn, X86_SUB);
        break;
    case IR_OP_and:
        lower_alu(s, insn, X86_AND);
        break;
    case IR_OP_or:
        lower_alu(s, insn, X86_OR);
        break;
    case IR_OP_xor:
        lower_alu(s, insn, X86_XOR);
        break;
    case IR_OP_mul:
        lower_mul(s, insn);
        break;
    case IR_OP_mulsh:
    case IR_OP_muluh:
    case IR_OP_div:
    case IR_OP_divu:
    case IR_OP_rem:
    case IR_OP_remu:
        lower_rdx_rax(s, insn);
        break;
    case IR_OP_andc:
    case IR_OP_orc:
    case IR_OP_eqv:
        lower_logic_not(s, insn);
        break;
    case IR_OP_shl:
        lower_shift(s, insn, X86_SHL);
        break;
    case IR_OP_shr:
        lower_shift(s, insn, X86_SHR);
        break;
    case IR_OP_sar:
        lower_shift(s, insn, X86_SAR);
        break;
    case IR_OP_rotl:
        lower_shift(s, insn, X86_ROL);
        break;
    case IR_OP_rotr:
        lower_shift(s, insn, X86_ROR);
        break;
    case IR_OP_clz:
    case IR_OP_ctz:
        lower_count_zeros(s, insn);
        break;
    case IR_OP_neg:
    case IR_OP_not:
    case IR_OP_ctpop:
    case IR_OP_bswap16:
    case IR_OP_bswap32:
    case IR_OP_bswap64:
    case IR_OP_ext8s:
    case IR_OP_ext8u:
    case IR_OP_ext16s:
    case IR_OP_ext16u:
    case IR_OP_ext32s:
    case IR_OP_ext32u:
    case IR_OP_ext_i32_i64:
    case IR_OP_extrl_i64_i32:
        lower_unary(s, insn);
        break;
    case IR_OP_extract:
    case IR_OP_sextract:
        lower_extract(s, insn);
        break;
    case IR_OP_deposit:
        lower_deposit(s, insn);
        break;
    case IR_OP_ld:
        lower_ld(s, insn);
        break;
    case IR_OP_st:
        lower_st(s, insn);
        break;
    case IR_OP_gld:
        lower_gld(s, insn);
        break;
    case IR_OP_gst:
        lower_gst(s, insn);
        break;
    case IR_OP_atomic_cmpxchg:
    case IR_OP_atomic_xchg:
    case IR_OP_atomic_add:
    case IR_OP_atomic_and:
    case IR_OP_atomic_or:
    case IR_OP_atomic_xor:
    case IR_OP_atomic_smin:
    case IR_OP_atomic_smax:
    case IR_OP_atomic_umin:
    case IR_OP_atomic_umax:
        lower_atomic(s, insn);
        break;
    case IR_OP_mb:
        if (insn->args[0] & IR_MB_ST_LD) {
            x86_mfence(&s->b);      /* x86 is TSO: only store->load needs a fence */
        }
        break;
    case IR_OP_call:
        lower_call(s, insn);
        break;
    case IR_OP_goto_tb:
        lower_goto_tb(s, (unsigned)insn->args[0]);
        break;
    case IR_OP_exit_tb:
        lower_exit_tb(s, insn->args[0]);
        break;
    case IR_OP_goto_ptr:
        lower_goto_ptr(s, insn);
        break;
    default:
        return false;
    }
    ra_end_op(s);
    return true;
}
