/*
 * translate-int.c: A64 integer data processing (immediate and register):
 * trans_ functions of a64.decode, sections C4.1.86 and C4.1.89 of the Arm
 * ARM (DDI 0487), instruction semantics from chapter C6.
 *
 * 32-bit forms (sf = 0) read their sources zero-extended (read_reg) and
 * compute in 64 bits where the low 32 bits of the result do not depend on
 * the upper input bits; gen_set_reg() then zero-extends the result into the
 * X register, as a W write does.
 */
#include "common.h"
#include "translate.h"

#include "decode-a64.c.inc"

static IRTemp const64(DisasContext *ctx, uint64_t v) { return ir_const_i64(ctx->ir, v); }

/*
 * Record the operands of a compare (flag-setting SUB/ADD-negated or AND whose
 * result only goes to the flags, or whose destination does not alias a
 * source) for a condition test right after it.
 */
static void note_cmp(DisasContext *ctx, int kind, int rd, IRTemp a, IRTemp b, bool sf)
{
    IRContext *ir = ctx->ir;

    if (rd != 31 && (a == a64_x[rd] || b == a64_x[rd])) {
        return;
    }
    if (sf) {
        ctx->cmp_a = a;
        ctx->cmp_b = b;
        ctx->cmp_type = IR_I64;
    } else {
        ctx->cmp_a = tmp32(ctx);
        ctx->cmp_b = tmp32(ctx);
        ir_extrl_i64_i32(ir, ctx->cmp_a, a);
        ir_extrl_i64_i32(ir, ctx->cmp_b, b);
        ctx->cmp_type = IR_I32;
    }
    ctx->cmp_insn = kind;
}

/* ---- PC-relative addressing ---- */

bool trans_adr(DisasContext *ctx, arg_adr *a)
{
    if (a->rd != 31) {
        ir_movi(ctx->ir, a64_x[a->rd], ctx->pc + (int64_t)a->imm);
    }
    return true;
}

bool trans_adrp(DisasContext *ctx, arg_adr *a)
{
    if (a->rd != 31) {
        ir_movi(ctx->ir, a64_x[a->rd], (ctx->pc & ~0xfffull) + ((int64_t)a->imm << 12));
    }
    return true;
}

/* ---- Add/subtract ---- */

/* Write res (flags already set) to rd, where rd 31 means SP (non-flag forms) or XZR. */
static bool gen_addsub(DisasContext *ctx, int rd, bool rd_sp, IRTemp a, IRTemp b, bool sub,
                       bool setflags, bool sf)
{
    IRContext *ir = ctx->ir;
    IRTemp res = tmp64(ctx);

    if (setflags) {
        if (sub) {
            gen_sub_flags(ctx, res, a, b, sf);
            note_cmp(ctx, 1, rd, a, b, sf);
        } else {
            gen_add_flags(ctx, res, a, b, sf);
        }
    } else if (sub) {
        ir_sub(ir, res, a, b);
    } else {
        ir_add(ir, res, a, b);
    }
    if (rd_sp) {
        gen_set_reg_sp(ctx, rd, res, sf);
    } else {
        gen_set_reg(ctx, rd, res, sf);
    }
    return true;
}

static IRTemp read_reg_sp(DisasContext *ctx, int r, bool sf)
{
    IRTemp t;

    if (sf) {
        return a64_x[r];
    }
    t = tmp64(ctx);
    ir_ext32u(ctx->ir, t, a64_x[r]);
    return t;
}

static bool gen_addsub_imm(DisasContext *ctx, arg_addsub_imm *a, bool sub, bool setflags)
{
    uint64_t imm = (uint64_t)a->imm << (a->sh ? 12 : 0);

    return gen_addsub(ctx, a->rd, !setflags, read_reg_sp(ctx, a->rn, a->sf),
                      const64(ctx, imm), sub, setflags, a->sf);
}

bool trans_add_i(DisasContext *ctx, arg_addsub_imm *a) { return gen_addsub_imm(ctx, a, false, false); }
bool trans_adds_i(DisasContext *ctx, arg_addsub_imm *a) { return gen_addsub_imm(ctx, a, false, true); }
bool trans_sub_i(DisasContext *ctx, arg_addsub_imm *a) { return gen_addsub_imm(ctx, a, true, false); }
bool trans_subs_i(DisasContext *ctx, arg_addsub_imm *a) { return gen_addsub_imm(ctx, a, true, true); }

/*
 * The shifted-register operand: Rm shifted by amt (LSL, LSR, ASR, ROR), at
 * width sf, zero-extended to 64 bits.  Returns IR_TEMP_NONE for a reserved
 * encoding (no IR emitted).
 */
static IRTemp shifted_reg(DisasContext *ctx, int rm, bool sf, int shift, int amt, bool allow_ror)
{
    IRContext *ir = ctx->ir;
    IRTemp t;

    if ((!sf && amt >= 32) || (shift == 3 && !allow_ror)) {
        return IR_TEMP_NONE;
    }
    if (amt == 0 || rm == 31) {
        return read_reg(ctx, rm, sf);
    }
    t = tmp64(ctx);
    switch (shift) {
    case 0:
        ir_shli(ir, t, a64_x[rm], amt);
        if (!sf) {
            ir_ext32u(ir, t, t);
        }
        break;
    case 1:
        if (sf) {
            ir_shri(ir, t, a64_x[rm], amt);
        } else {
            ir_extract(ir, t, a64_x[rm], amt, 32 - amt);
        }
        break;
    case 2:
        if (sf) {
            ir_sari(ir, t, a64_x[rm], amt);
        } else {
            ir_sextract(ir, t, a64_x[rm], amt, 32 - amt);
            ir_ext32u(ir, t, t);
        }
        break;
    default:
        if (sf) {
            ir_rotri(ir, t, a64_x[rm], amt);
        } else {
            IRTemp w = tmp32(ctx);
            ir_extrl_i64_i32(ir, w, a64_x[rm]);
            ir_rotri(ir, w, w, amt);
            ir_extu_i32_i64(ir, t, w);
        }
        break;
    }
    return t;
}

static bool gen_addsub_shift(DisasContext *ctx, arg_shift_reg *a, bool sub, bool setflags)
{
    IRTemp b = shifted_reg(ctx, a->rm, a->sf, a->shift, a->imm, false);

    if (b == IR_TEMP_NONE) {
        return false;
    }
    return gen_addsub(ctx, a->rd, false, read_reg(ctx, a->rn, a->sf), b, sub, setflags, a->sf);
}

bool trans_add_r(DisasContext *ctx, arg_shift_reg *a) { return gen_addsub_shift(ctx, a, false, false); }
bool trans_adds_r(DisasContext *ctx, arg_shift_reg *a) { return gen_addsub_shift(ctx, a, false, true); }
bool trans_sub_r(DisasContext *ctx, arg_shift_reg *a) { return gen_addsub_shift(ctx, a, true, false); }
bool trans_subs_r(DisasContext *ctx, arg_shift_reg *a) { return gen_addsub_shift(ctx, a, true, true); }

/* The extended-register operand: Rm extended by option, then shifted left by imm (0..4). */
static IRTemp extended_reg(DisasContext *ctx, int rm, int option, int shift)
{
    IRContext *ir = ctx->ir;
    IRTemp t = tmp64(ctx);
    IRTemp src = cpu_reg(ctx, rm);

    switch (option) {
    case 0: ir_ext8u(ir, t, src); break;
    case 1: ir_ext16u(ir, t, src); break;
    case 2: ir_ext32u(ir, t, src); break;
    case 4: ir_ext8s(ir, t, src); break;
    case 5: ir_ext16s(ir, t, src); break;
    case 6: ir_ext32s(ir, t, src); break;
    default: ir_mov(ir, t, src); break;
    }
    if (shift) {
        ir_shli(ir, t, t, shift);
    }
    return t;
}

static bool gen_addsub_ext(DisasContext *ctx, arg_ext_reg *a, bool sub, bool setflags)
{
    IRTemp b;

    if (a->imm > 4) {
        return false;
    }
    b = extended_reg(ctx, a->rm, a->option, a->imm);
    if (!a->sf) {
        ir_ext32u(ctx->ir, b, b);
    }
    return gen_addsub(ctx, a->rd, !setflags, read_reg_sp(ctx, a->rn, a->sf), b, sub,
                      setflags, a->sf);
}

bool trans_add_x(DisasContext *ctx, arg_ext_reg *a) { return gen_addsub_ext(ctx, a, false, false); }
bool trans_adds_x(DisasContext *ctx, arg_ext_reg *a) { return gen_addsub_ext(ctx, a, false, true); }
bool trans_sub_x(DisasContext *ctx, arg_ext_reg *a) { return gen_addsub_ext(ctx, a, true, false); }
bool trans_subs_x(DisasContext *ctx, arg_ext_reg *a) { return gen_addsub_ext(ctx, a, true, true); }

static bool gen_adc(DisasContext *ctx, arg_rrr *a, bool sub, bool setflags)
{
    IRContext *ir = ctx->ir;
    IRTemp n = read_reg(ctx, a->rn, a->sf);
    IRTemp m = read_reg(ctx, a->rm, a->sf);
    IRTemp res = tmp64(ctx);

    if (sub) {
        IRTemp nm = tmp64(ctx);
        ir_not(ir, nm, m);
        if (!a->sf) {
            ir_ext32u(ir, nm, nm);
        }
        m = nm;
    }
    if (setflags) {
        gen_adc_flags(ctx, res, n, m, a->sf);
    } else {
        ir_add(ir, res, n, m);
        ir_add(ir, res, res, a64_cf);
    }
    gen_set_reg(ctx, a->rd, res, a->sf);
    return true;
}

bool trans_adc(DisasContext *ctx, arg_rrr *a) { return gen_adc(ctx, a, false, false); }
bool trans_adcs(DisasContext *ctx, arg_rrr *a) { return gen_adc(ctx, a, false, true); }
bool trans_sbc(DisasContext *ctx, arg_rrr *a) { return gen_adc(ctx, a, true, false); }
bool trans_sbcs(DisasContext *ctx, arg_rrr *a) { return gen_adc(ctx, a, true, true); }

/* ---- Logical ---- */

/*
 * DecodeBitMasks (Arm ARM J1, shared pseudocode) for the logical
 * immediates: false for reserved encodings.
 */
bool a64_decode_bitmask(unsigned n, unsigned imms, unsigned immr, bool sf, uint64_t *out)
{
    unsigned combined = (n << 6) | (~imms & 0x3f);
    int len = 31 - __builtin_clz(combined | 1);
    unsigned levels, s, r, esize;
    uint64_t welem, elem;

    if (combined == 0 || len < 1 || (!sf && n)) {
        return false;
    }
    levels = (1u << len) - 1;
    s = imms & levels;
    r = immr & levels;
    if (s == levels) {
        return false;
    }
    esize = 1u << len;
    welem = (s + 1 == 64) ? ~0ull : (1ull << (s + 1)) - 1;
    elem = r ? ((welem >> r) | (welem << (esize - r))) : welem;
    if (esize < 64) {
        elem &= (1ull << esize) - 1;
        for (unsigned e = esize; e < 64; e *= 2) {
            elem |= elem << e;
        }
    }
    *out = sf ? elem : (elem & 0xffffffffull);
    return true;
}

typedef void A64Logic(IRContext *ir, IRTemp out, IRTemp a, IRTemp b);

static bool gen_logic_imm(DisasContext *ctx, arg_logic_imm *a, A64Logic *fn, bool setflags)
{
    uint64_t imm;
    IRTemp res;

    if (!a64_decode_bitmask(a->n, a->imms, a->immr, a->sf, &imm)) {
        return false;
    }
    res = tmp64(ctx);
    fn(ctx->ir, res, read_reg(ctx, a->rn, a->sf), const64(ctx, imm));
    if (setflags) {
        gen_logic_flags(ctx, res, a->sf);
        note_cmp(ctx, 2, a->rd, read_reg(ctx, a->rn, a->sf), const64(ctx, imm), a->sf);
        gen_set_reg(ctx, a->rd, res, a->sf);
    } else {
        gen_set_reg_sp(ctx, a->rd, res, a->sf);
    }
    return true;
}

bool trans_and_i(DisasContext *ctx, arg_logic_imm *a) { return gen_logic_imm(ctx, a, ir_and, false); }
bool trans_orr_i(DisasContext *ctx, arg_logic_imm *a) { return gen_logic_imm(ctx, a, ir_or, false); }
bool trans_eor_i(DisasContext *ctx, arg_logic_imm *a) { return gen_logic_imm(ctx, a, ir_xor, false); }
bool trans_ands_i(DisasContext *ctx, arg_logic_imm *a) { return gen_logic_imm(ctx, a, ir_and, true); }

static bool gen_logic_reg(DisasContext *ctx, arg_shift_reg *a, A64Logic *fn, bool setflags)
{
    IRTemp b = shifted_reg(ctx, a->rm, a->sf, a->shift, a->imm, true);
    IRTemp n, res;

    if (b == IR_TEMP_NONE) {
        return false;
    }
    n = read_reg(ctx, a->rn, a->sf);
    /* mov xd, xm (orr xd, xzr, xm) is the most common form: one move. */
    if (fn == ir_or && a->rn == 31 && !setflags) {
        gen_set_reg(ctx, a->rd, b, a->sf);
        return true;
    }
    res = tmp64(ctx);
    fn(ctx->ir, res, n, b);
    if (setflags) {
        gen_logic_flags(ctx, res, a->sf);
        if (fn == ir_and) {
            note_cmp(ctx, 2, a->rd, n, b, a->sf);
        }
    }
    gen_set_reg(ctx, a->rd, res, a->sf);
    return true;
}

bool trans_and_r(DisasContext *ctx, arg_shift_reg *a) { return gen_logic_reg(ctx, a, ir_and, false); }
bool trans_bic_r(DisasContext *ctx, arg_shift_reg *a) { return gen_logic_reg(ctx, a, ir_andc, false); }
bool trans_orr_r(DisasContext *ctx, arg_shift_reg *a) { return gen_logic_reg(ctx, a, ir_or, false); }
bool trans_orn_r(DisasContext *ctx, arg_shift_reg *a) { return gen_logic_reg(ctx, a, ir_orc, false); }
bool trans_eor_r(DisasContext *ctx, arg_shift_reg *a) { return gen_logic_reg(ctx, a, ir_xor, false); }
bool trans_eon_r(DisasContext *ctx, arg_shift_reg *a) { return gen_logic_reg(ctx, a, ir_eqv, false); }
bool trans_ands_r(DisasContext *ctx, arg_shift_reg *a) { return gen_logic_reg(ctx, a, ir_and, true); }
bool trans_bics_r(DisasContext *ctx, arg_shift_reg *a) { return gen_logic_reg(ctx, a, ir_andc, true); }

/* ---- Move wide ---- */

bool trans_movn(DisasContext *ctx, arg_movw *a)
{
    uint64_t v;

    if (!a->sf && a->hw >= 2) {
        return false;
    }
    v = ~((uint64_t)a->imm << (16 * a->hw));
    if (!a->sf) {
        v &= 0xffffffffull;
    }
    if (a->rd != 31) {
        ir_movi(ctx->ir, a64_x[a->rd], v);
    }
    return true;
}

bool trans_movz(DisasContext *ctx, arg_movw *a)
{
    if (!a->sf && a->hw >= 2) {
        return false;
    }
    if (a->rd != 31) {
        ir_movi(ctx->ir, a64_x[a->rd], (uint64_t)a->imm << (16 * a->hw));
    }
    return true;
}

bool trans_movk(DisasContext *ctx, arg_movw *a)
{
    if (!a->sf && a->hw >= 2) {
        return false;
    }
    if (a->rd != 31) {
        IRTemp t = tmp64(ctx);
        ir_deposit(ctx->ir, t, a64_x[a->rd], const64(ctx, (uint64_t)a->imm), 16 * a->hw, 16);
        gen_set_reg(ctx, a->rd, t, a->sf);
    }
    return true;
}

/* ---- Bitfield ---- */

static bool bitfield_ok(arg_bitfield *a)
{
    if (a->n != a->sf) {
        return false;
    }
    return a->sf || (a->immr < 32 && a->imms < 32);
}

bool trans_sbfm(DisasContext *ctx, arg_bitfield *a)
{
    IRContext *ir = ctx->ir;
    unsigned width = a->sf ? 64 : 32;
    IRTemp src, t;

    if (!bitfield_ok(a)) {
        return false;
    }
    src = cpu_reg(ctx, a->rn);
    t = tmp64(ctx);
    if (a->imms >= a->immr) {
        /* ASR / SBFX / SXTB...: the field immr..imms to the bottom, sign-extended. */
        ir_sextract(ir, t, src, a->immr, a->imms - a->immr + 1);
    } else {
        /* SBFIZ: the low imms+1 bits, sign-extended, moved up to width - immr. */
        ir_sextract(ir, t, src, 0, a->imms + 1);
        ir_shli(ir, t, t, width - a->immr);
    }
    gen_set_reg(ctx, a->rd, t, a->sf);
    return true;
}

bool trans_ubfm(DisasContext *ctx, arg_bitfield *a)
{
    IRContext *ir = ctx->ir;
    unsigned width = a->sf ? 64 : 32;
    IRTemp src, t;

    if (!bitfield_ok(a)) {
        return false;
    }
    src = cpu_reg(ctx, a->rn);
    t = tmp64(ctx);
    if (a->imms >= a->immr) {
        ir_extract(ir, t, src, a->immr, a->imms - a->immr + 1);
    } else {
        /* LSL / UBFIZ */
        ir_extract(ir, t, src, 0, a->imms + 1);
        ir_shli(ir, t, t, width - a->immr);
    }
    gen_set_reg(ctx, a->rd, t, a->sf);
    return true;
}

bool trans_bfm(DisasContext *ctx, arg_bitfield *a)
{
    IRContext *ir = ctx->ir;
    unsigned width = a->sf ? 64 : 32;
    IRTemp src, t;

    if (!bitfield_ok(a)) {
        return false;
    }
    src = cpu_reg(ctx, a->rn);
    t = tmp64(ctx);
    if (a->imms >= a->immr) {
        /* BFXIL: bits immr..imms of Rn into the bottom of Rd. */
        IRTemp f = tmp64(ctx);
        ir_extract(ir, f, src, a->immr, a->imms - a->immr + 1);
        ir_deposit(ir, t, cpu_reg(ctx, a->rd), f, 0, a->imms - a->immr + 1);
    } else {
        /* BFI: the low imms+1 bits of Rn at width - immr. */
        ir_deposit(ir, t, cpu_reg(ctx, a->rd), src, width - a->immr, a->imms + 1);
    }
    gen_set_reg(ctx, a->rd, t, a->sf);
    return true;
}

bool trans_extr(DisasContext *ctx, arg_extr *a)
{
    IRContext *ir = ctx->ir;
    IRTemp t;

    if (a->n != a->sf || (!a->sf && a->imms >= 32)) {
        return false;
    }
    t = tmp64(ctx);
    if (a->sf) {
        if (a->imms == 0) {
            ir_mov(ir, t, cpu_reg(ctx, a->rm));
        } else if (a->rn == a->rm) {
            ir_rotri(ir, t, cpu_reg(ctx, a->rm), a->imms);
        } else {
            IRTemp hi = tmp64(ctx);
            ir_shri(ir, t, cpu_reg(ctx, a->rm), a->imms);
            ir_shli(ir, hi, cpu_reg(ctx, a->rn), 64 - a->imms);
            ir_or(ir, t, t, hi);
        }
    } else {
        /* Rn:Rm as one 64-bit value, shifted right; the low 32 bits are the result. */
        IRTemp lo = read_reg(ctx, a->rm, false);
        ir_deposit(ir, t, lo, cpu_reg(ctx, a->rn), 32, 32);
        ir_shri(ir, t, t, a->imms);
    }
    gen_set_reg(ctx, a->rd, t, a->sf);
    return true;
}

/* ---- Conditional compare and select ---- */

bool trans_ccmp(DisasContext *ctx, arg_ccmp *a)
{
    IRContext *ir = ctx->ir;
    IRLabel yes = ir_label_new(ir), done = ir_label_new(ir);
    IRTemp n, m, res;

    gen_brcond_cc(ctx, a->cond, yes);
    gen_set_nzcv_imm(ctx, a->nzcv);
    ir_br(ir, done);
    ir_set_label(ir, yes);
    n = read_reg(ctx, a->rn, a->sf);
    m = a->isimm ? const64(ctx, (uint64_t)a->y) : read_reg(ctx, a->y, a->sf);
    res = tmp64(ctx);
    if (a->op) {
        gen_sub_flags(ctx, res, n, m, a->sf);
    } else {
        gen_add_flags(ctx, res, n, m, a->sf);
    }
    ir_set_label(ir, done);
    return true;
}

typedef enum { CSEL_MOV, CSEL_INC, CSEL_INV, CSEL_NEG } A64CselOp;

static bool gen_csel(DisasContext *ctx, arg_csel *a, A64CselOp op)
{
    IRContext *ir = ctx->ir;
    IRTemp c = tmp64(ctx), res = tmp64(ctx);
    IRTemp n = cpu_reg(ctx, a->rn);
    IRTemp m = cpu_reg(ctx, a->rm);

    gen_setcond_cc(ctx, a->cond, c);
    if (op != CSEL_MOV) {
        IRTemp t = tmp64(ctx);
        switch (op) {
        case CSEL_INC: ir_addi(ir, t, m, 1); break;
        case CSEL_INV: ir_not(ir, t, m); break;
        default: ir_neg(ir, t, m); break;
        }
        m = t;
    }
    ir_movcond(ir, IR_COND_NE, res, c, const64(ctx, 0), n, m);
    gen_set_reg(ctx, a->rd, res, a->sf);
    return true;
}

bool trans_csel(DisasContext *ctx, arg_csel *a) { return gen_csel(ctx, a, CSEL_MOV); }
bool trans_csinc(DisasContext *ctx, arg_csel *a) { return gen_csel(ctx, a, CSEL_INC); }
bool trans_csinv(DisasContext *ctx, arg_csel *a) { return gen_csel(ctx, a, CSEL_INV); }
bool trans_csneg(DisasContext *ctx, arg_csel *a) { return gen_csel(ctx, a, CSEL_NEG); }

/* ---- Multiply and divide ---- */

static bool gen_madd(DisasContext *ctx, arg_rrrr *a, bool sub, int ext)
{
    IRContext *ir = ctx->ir;
    IRTemp n = cpu_reg(ctx, a->rn), m = cpu_reg(ctx, a->rm);
    IRTemp p = tmp64(ctx), res = tmp64(ctx);

    if (ext) {
        IRTemp n2 = tmp64(ctx), m2 = tmp64(ctx);
        if (ext > 0) {
            ir_ext32s(ir, n2, n);
            ir_ext32s(ir, m2, m);
        } else {
            ir_ext32u(ir, n2, n);
            ir_ext32u(ir, m2, m);
        }
        n = n2;
        m = m2;
    }
    ir_mul(ir, p, n, m);
    if (sub) {
        ir_sub(ir, res, cpu_reg(ctx, a->ra), p);
    } else {
        ir_add(ir, res, cpu_reg(ctx, a->ra), p);
    }
    gen_set_reg(ctx, a->rd, res, a->sf);
    return true;
}

bool trans_madd(DisasContext *ctx, arg_rrrr *a) { return gen_madd(ctx, a, false, 0); }
bool trans_msub(DisasContext *ctx, arg_rrrr *a) { return gen_madd(ctx, a, true, 0); }
bool trans_smaddl(DisasContext *ctx, arg_rrrr *a) { return gen_madd(ctx, a, false, 1); }
bool trans_smsubl(DisasContext *ctx, arg_rrrr *a) { return gen_madd(ctx, a, true, 1); }
bool trans_umaddl(DisasContext *ctx, arg_rrrr *a) { return gen_madd(ctx, a, false, -1); }
bool trans_umsubl(DisasContext *ctx, arg_rrrr *a) { return gen_madd(ctx, a, true, -1); }

bool trans_smulh(DisasContext *ctx, arg_rrrr *a)
{
    IRTemp t = tmp64(ctx);

    ir_mulsh(ctx->ir, t, cpu_reg(ctx, a->rn), cpu_reg(ctx, a->rm));
    gen_set_reg(ctx, a->rd, t, true);
    return true;
}

bool trans_umulh(DisasContext *ctx, arg_rrrr *a)
{
    IRTemp t = tmp64(ctx);

    ir_muluh(ctx->ir, t, cpu_reg(ctx, a->rn), cpu_reg(ctx, a->rm));
    gen_set_reg(ctx, a->rd, t, true);
    return true;
}

/*
 * Division by zero gives 0; INT_MIN / -1 gives INT_MIN (C6.2 SDIV).  The IR
 * leaves both undefined, so the divisor is replaced by 1 in those cases
 * (INT_MIN / 1 = INT_MIN) and the zero-divisor result selected after.
 */
static bool gen_div(DisasContext *ctx, arg_rrr *a, bool is_signed)
{
    IRContext *ir = ctx->ir;
    IRTemp n = tmp64(ctx), d = tmp64(ctx), dv = tmp64(ctx), q = tmp64(ctx);
    IRTemp zero = const64(ctx, 0), one = const64(ctx, 1);

    if (a->sf) {
        ir_mov(ir, n, cpu_reg(ctx, a->rn));
        ir_mov(ir, d, cpu_reg(ctx, a->rm));
    } else if (is_signed) {
        /* In 64 bits INT32_MIN / -1 does not overflow, and truncates to INT32_MIN. */
        ir_ext32s(ir, n, cpu_reg(ctx, a->rn));
        ir_ext32s(ir, d, cpu_reg(ctx, a->rm));
    } else {
        ir_ext32u(ir, n, cpu_reg(ctx, a->rn));
        ir_ext32u(ir, d, cpu_reg(ctx, a->rm));
    }
    if (is_signed && a->sf) {
        IRTemp bad = tmp64(ctx), t = tmp64(ctx);
        ir_setcondi(ir, IR_COND_EQ, bad, n, (uint64_t)INT64_MIN);
        ir_setcondi(ir, IR_COND_EQ, t, d, (uint64_t)-1);
        ir_and(ir, bad, bad, t);
        ir_setcondi(ir, IR_COND_EQ, t, d, 0);
        ir_or(ir, bad, bad, t);
        ir_movcond(ir, IR_COND_NE, dv, bad, zero, one, d);
    } else {
        ir_movcond(ir, IR_COND_EQ, dv, d, zero, one, d);
    }
    if (is_signed) {
        ir_div(ir, q, n, dv);
    } else {
        ir_divu(ir, q, n, dv);
    }
    ir_movcond(ir, IR_COND_EQ, q, d, zero, zero, q);
    gen_set_reg(ctx, a->rd, q, a->sf);
    return true;
}

bool trans_udiv(DisasContext *ctx, arg_rrr *a) { return gen_div(ctx, a, false); }
bool trans_sdiv(DisasContext *ctx, arg_rrr *a) { return gen_div(ctx, a, true); }

/* ---- Variable shifts: the count is Rm modulo the width ---- */

static bool gen_shiftv(DisasContext *ctx, arg_rrr *a, int kind)
{
    IRContext *ir = ctx->ir;
    IRTemp cnt = tmp64(ctx), t = tmp64(ctx);
    IRTemp n = cpu_reg(ctx, a->rn);

    ir_andi(ir, cnt, cpu_reg(ctx, a->rm), a->sf ? 63 : 31);
    if (a->sf) {
        switch (kind) {
        case 0: ir_shl(ir, t, n, cnt); break;
        case 1: ir_shr(ir, t, n, cnt); break;
        case 2: ir_sar(ir, t, n, cnt); break;
        default: ir_rotr(ir, t, n, cnt); break;
        }
    } else {
        IRTemp w = tmp32(ctx), c32 = tmp32(ctx);
        switch (kind) {
        case 0: ir_shl(ir, t, n, cnt); break;
        case 1:
            ir_ext32u(ir, t, n);
            ir_shr(ir, t, t, cnt);
            break;
        case 2:
            ir_ext32s(ir, t, n);
            ir_sar(ir, t, t, cnt);
            break;
        default:
            ir_extrl_i64_i32(ir, w, n);
            ir_extrl_i64_i32(ir, c32, cnt);
            ir_rotr(ir, w, w, c32);
            ir_extu_i32_i64(ir, t, w);
            break;
        }
    }
    gen_set_reg(ctx, a->rd, t, a->sf);
    return true;
}

bool trans_lslv(DisasContext *ctx, arg_rrr *a) { return gen_shiftv(ctx, a, 0); }
bool trans_lsrv(DisasContext *ctx, arg_rrr *a) { return gen_shiftv(ctx, a, 1); }
bool trans_asrv(DisasContext *ctx, arg_rrr *a) { return gen_shiftv(ctx, a, 2); }
bool trans_rorv(DisasContext *ctx, arg_rrr *a) { return gen_shiftv(ctx, a, 3); }

/* ---- CRC32 (FEAT_CRC32) ---- */

static bool gen_crc(DisasContext *ctx, arg_crc *a, IRHelper *h)
{
    IRContext *ir = ctx->ir;
    IRTemp res = tmp64(ctx);

    /* The X form (sz 3) needs sf = 1, the others sf = 0. */
    if ((a->sz == 3) != a->sf || !a64_have(ctx, A64_FEAT_CRC32)) {
        return false;
    }
    ir_callN(ir, h, res, read_reg(ctx, a->rn, false), cpu_reg(ctx, a->rm),
             ir_const_i32(ir, 1u << a->sz));
    gen_set_reg(ctx, a->rd, res, false);
    return true;
}

bool trans_crc32(DisasContext *ctx, arg_crc *a) { return gen_crc(ctx, a, &helper_info_a64_crc32); }
bool trans_crc32c(DisasContext *ctx, arg_crc *a) { return gen_crc(ctx, a, &helper_info_a64_crc32c); }

/* ---- One-source ---- */

bool trans_rbit(DisasContext *ctx, arg_rr *a)
{
    IRContext *ir = ctx->ir;
    IRTemp t = tmp64(ctx);

    ir_callN(ir, &helper_info_a64_rbit64, t, cpu_reg(ctx, a->rn));
    if (!a->sf) {
        ir_shri(ir, t, t, 32);
    }
    gen_set_reg(ctx, a->rd, t, a->sf);
    return true;
}

bool trans_rev16(DisasContext *ctx, arg_rr *a)
{
    IRContext *ir = ctx->ir;
    IRTemp lo = tmp64(ctx), hi = tmp64(ctx);
    IRTemp mask = const64(ctx, 0x00ff00ff00ff00ffull);
    IRTemp n = cpu_reg(ctx, a->rn);

    ir_shri(ir, hi, n, 8);
    ir_and(ir, hi, hi, mask);
    ir_and(ir, lo, n, mask);
    ir_shli(ir, lo, lo, 8);
    ir_or(ir, lo, lo, hi);
    gen_set_reg(ctx, a->rd, lo, a->sf);
    return true;
}

bool trans_rev32(DisasContext *ctx, arg_rr *a)
{
    IRContext *ir = ctx->ir;
    IRTemp t = tmp64(ctx);

    if (a->sf) {
        /* REV32: the bytes of each word reversed. */
        ir_bswap64(ir, t, cpu_reg(ctx, a->rn));
        ir_rotri(ir, t, t, 32);
    } else {
        ir_bswap32(ir, t, cpu_reg(ctx, a->rn));
    }
    gen_set_reg(ctx, a->rd, t, a->sf);
    return true;
}

bool trans_rev64(DisasContext *ctx, arg_rr *a)
{
    IRTemp t = tmp64(ctx);

    ir_bswap64(ctx->ir, t, cpu_reg(ctx, a->rn));
    gen_set_reg(ctx, a->rd, t, true);
    return true;
}

bool trans_clz(DisasContext *ctx, arg_rr *a)
{
    IRContext *ir = ctx->ir;
    IRTemp t = tmp64(ctx);

    if (a->sf) {
        ir_clzi(ir, t, cpu_reg(ctx, a->rn), 64);
    } else {
        IRTemp w = tmp32(ctx);
        ir_extrl_i64_i32(ir, w, cpu_reg(ctx, a->rn));
        ir_clzi(ir, w, w, 32);
        ir_extu_i32_i64(ir, t, w);
    }
    gen_set_reg(ctx, a->rd, t, a->sf);
    return true;
}

/* CLS(x) = CLZ(x ^ (x >> 1, arithmetic)) - 1: the top bit of the xor is always 0. */
bool trans_cls(DisasContext *ctx, arg_rr *a)
{
    IRContext *ir = ctx->ir;
    IRTemp t = tmp64(ctx), s = tmp64(ctx);

    if (a->sf) {
        ir_sari(ir, s, cpu_reg(ctx, a->rn), 1);
        ir_xor(ir, s, s, cpu_reg(ctx, a->rn));
        ir_clzi(ir, t, s, 64);
    } else {
        IRTemp w = tmp32(ctx), ws = tmp32(ctx);
        ir_extrl_i64_i32(ir, w, cpu_reg(ctx, a->rn));
        ir_sari(ir, ws, w, 1);
        ir_xor(ir, ws, ws, w);
        ir_clzi(ir, ws, ws, 32);
        ir_extu_i32_i64(ir, t, ws);
    }
    ir_subi(ir, t, t, 1);
    gen_set_reg(ctx, a->rd, t, a->sf);
    return true;
}
