/*
 * translate-vec.c: inline IR for the Advanced SIMD operations that compiled
 * code and glibc's string functions use most, instead of the generic
 * element-loop helper (helper-simd.c).
 *
 * A 128-bit register is two i64 halves; each operation works on a half as a
 * SIMD-within-a-register word: lanes of 8, 16, 32 or 64 bits, with the
 * carries between lanes cut by masking (H = the top bit of every lane).
 * Results are computed into temps before any store, so Vd may alias a
 * source.  Only encodings a64_simd_valid() accepted come here; anything this
 * file does not handle returns false and takes the helper path.
 */
#include "common.h"
#include "translate.h"
#include "helper-simd.h"

/* v replicated into every lane of size sz. */
static uint64_t rep(int sz, uint64_t v)
{
    static const uint64_t ones[4] = {
        0x0101010101010101ull, 0x0001000100010001ull, 0x0000000100000001ull, 1,
    };
    return v * ones[sz];
}

static uint64_t lane_max(int sz) { return sz == 3 ? ~0ull : (1ull << (8 << sz)) - 1; }
static uint64_t hbits(int sz) { return rep(sz, 1ull << ((8 << sz) - 1)); }

static IRTemp vld(DisasContext *ctx, int r, int half)
{
    IRTemp t = tmp64(ctx);
    ir_ld(ctx->ir, t, ctx->ir->env, vreg_off(r) + 8 * half, MO_64);
    return t;
}

/* Store the result halves; a 64-bit result clears the upper half. */
static void vst(DisasContext *ctx, int rd, IRTemp lo, IRTemp hi)
{
    IRContext *ir = ctx->ir;
    ir_st(ir, lo, ir->env, vreg_off(rd), MO_64);
    ir_st(ir, hi == IR_TEMP_NONE ? ir_const_i64(ir, 0) : hi, ir->env, vreg_hi_off(rd), MO_64);
}

/* Per-lane a + b. */
static IRTemp v_add(DisasContext *ctx, int sz, IRTemp a, IRTemp b)
{
    IRContext *ir = ctx->ir;
    IRTemp r = tmp64(ctx), t1, t2;
    uint64_t h = hbits(sz);

    if (sz == 3) {
        ir_add(ir, r, a, b);
        return r;
    }
    /* Add without the lane top bits (no carry out of a lane), then fix the top bits. */
    t1 = tmp64(ctx);
    t2 = tmp64(ctx);
    ir_andi(ir, t1, a, ~h);
    ir_andi(ir, t2, b, ~h);
    ir_add(ir, r, t1, t2);
    ir_xor(ir, t1, a, b);
    ir_andi(ir, t1, t1, h);
    ir_xor(ir, r, r, t1);
    return r;
}

/* Per-lane a - b. */
static IRTemp v_sub(DisasContext *ctx, int sz, IRTemp a, IRTemp b)
{
    IRContext *ir = ctx->ir;
    IRTemp r = tmp64(ctx), t1, t2;
    uint64_t h = hbits(sz);

    if (sz == 3) {
        ir_sub(ir, r, a, b);
        return r;
    }
    /* Set the minuend's top bits so that no lane borrows from the next. */
    t1 = tmp64(ctx);
    t2 = tmp64(ctx);
    ir_ori(ir, t1, a, h);
    ir_andi(ir, t2, b, ~h);
    ir_sub(ir, r, t1, t2);
    ir_eqv(ir, t1, a, b);
    ir_andi(ir, t1, t1, h);
    ir_xor(ir, r, r, t1);
    return r;
}

/* The lanes whose top bit is set in `tops` (other bits clear) become all ones. */
static IRTemp v_widen_tops(DisasContext *ctx, int sz, IRTemp tops)
{
    IRTemp r = tmp64(ctx);
    ir_shri(ctx->ir, r, tops, (8u << sz) - 1);
    if (sz < 3) {
        ir_muli(ctx->ir, r, r, lane_max(sz));
    } else {
        ir_neg(ctx->ir, r, r);
    }
    return r;
}

/* Top bit of each lane set iff the lane of x is nonzero (other bits clear). */
static IRTemp v_nonzero_tops(DisasContext *ctx, int sz, IRTemp x)
{
    IRContext *ir = ctx->ir;
    IRTemp y = tmp64(ctx);
    uint64_t h = hbits(sz);

    ir_andi(ir, y, x, ~h);
    ir_addi(ir, y, y, ~h);
    ir_or(ir, y, y, x);
    ir_andi(ir, y, y, h);
    return y;
}

/* Top bit of each lane set iff a < b unsigned: the borrow out of the lane of a - b. */
static IRTemp v_ltu_tops(DisasContext *ctx, int sz, IRTemp a, IRTemp b)
{
    IRContext *ir = ctx->ir;
    IRTemp d = v_sub(ctx, sz, a, b), t = tmp64(ctx), u = tmp64(ctx);

    /* borrow = (~a & b) | (~(a ^ b) & d) at each lane's top bit */
    ir_andc(ir, t, b, a);
    ir_eqv(ir, u, a, b);
    ir_and(ir, u, u, d);
    ir_or(ir, t, t, u);
    ir_andi(ir, t, t, hbits(sz));
    return t;
}

typedef enum VecCmp { VC_EQ, VC_TST, VC_HI, VC_HS, VC_GT, VC_GE } VecCmp;

static IRTemp v_cmp(DisasContext *ctx, int sz, VecCmp c, IRTemp a, IRTemp b)
{
    IRContext *ir = ctx->ir;
    IRTemp x = tmp64(ctx), tops;
    uint64_t h = hbits(sz);

    switch (c) {
    case VC_EQ:
        ir_xor(ir, x, a, b);
        tops = v_nonzero_tops(ctx, sz, x);
        ir_xori(ir, tops, tops, h);
        break;
    case VC_TST:
        ir_and(ir, x, a, b);
        tops = v_nonzero_tops(ctx, sz, x);
        break;
    case VC_GT:
    case VC_GE: {
        /* Signed order is unsigned order with the sign bits flipped. */
        IRTemp fa = tmp64(ctx), fb = tmp64(ctx);
        ir_xori(ir, fa, a, h);
        ir_xori(ir, fb, b, h);
        return v_cmp(ctx, sz, c == VC_GT ? VC_HI : VC_HS, fa, fb);
    }
    case VC_HI:
        tops = v_ltu_tops(ctx, sz, b, a);
        break;
    default:    /* HS: not a < b */
        tops = v_ltu_tops(ctx, sz, a, b);
        ir_xori(ir, tops, tops, h);
        break;
    }
    return v_widen_tops(ctx, sz, tops);
}

/*
 * Pack the low halves of the 2^(sz+1)-bit lanes of x into the low 32 bits
 * (the narrowing step of XTN/SHRN and of the pairwise operations).
 */
static IRTemp v_pack(DisasContext *ctx, int sz, IRTemp x)
{
    IRContext *ir = ctx->ir;
    IRTemp p = tmp64(ctx);

    switch (sz) {
    case 0:
        ir_andi(ir, p, x, 0x00ff00ff00ff00ffull);
        ir_shri(ir, x = tmp64(ctx), p, 8);
        ir_or(ir, p, p, x);
        ir_andi(ir, p, p, 0x0000ffff0000ffffull);
        /* fall through */
    case 1:
        if (sz == 1) {
            ir_andi(ir, p, x, 0x0000ffff0000ffffull);
        }
        ir_shri(ir, x = tmp64(ctx), p, 16);
        ir_or(ir, p, p, x);
        ir_andi(ir, p, p, 0xffffffffull);
        break;
    default:
        ir_andi(ir, p, x, 0xffffffffull);
        break;
    }
    return p;
}

/* lo | hi << 32 */
static IRTemp v_concat32(DisasContext *ctx, IRTemp lo, IRTemp hi)
{
    IRTemp r = tmp64(ctx);
    ir_deposit(ctx->ir, r, lo, hi, 32, 32);
    return r;
}

/* Pairwise on the bytes of one 64-bit word: 4 byte results in bits 31:0. */
static IRTemp v_pair8(DisasContext *ctx, int op, IRTemp x)
{
    IRContext *ir = ctx->ir;
    IRTemp ev = tmp64(ctx), od = tmp64(ctx), r = tmp64(ctx);
    const uint64_t e = 0x00ff00ff00ff00ffull;

    ir_andi(ir, ev, x, e);
    ir_shri(ir, od, x, 8);
    ir_andi(ir, od, od, e);
    if (op == 0) {
        ir_add(ir, r, ev, od);
    } else {
        /* Bit 8 of each 16-bit lane of (od + 0x100) - ev: od >= ev. */
        IRTemp m = tmp64(ctx), t = tmp64(ctx);
        ir_ori(ir, m, od, 0x0100010001000100ull);
        ir_sub(ir, m, m, ev);
        ir_shri(ir, m, m, 8);
        ir_andi(ir, m, m, 0x0001000100010001ull);
        ir_muli(ir, m, m, 0xffff);
        /* op 1 max: od where od >= ev; op 2 min: ev there */
        ir_and(ir, t, op == 1 ? od : ev, m);
        ir_andc(ir, r, op == 1 ? ev : od, m);
        ir_or(ir, r, r, t);
    }
    return v_pack(ctx, 0, r);
}

static bool vec_3same(DisasContext *ctx, uint32_t d)
{
    IRContext *ir = ctx->ir;
    int op = SD_OP(d), sz = SD_SIZE(d), halves = SD_Q(d) ? 2 : 1;
    bool u = SD_U(d);
    IRTemp r[2] = { IR_TEMP_NONE, IR_TEMP_NONE };

    if (op == 0x17 || ((op == 0x14 || op == 0x15) && u)) {
        /* ADDP, UMAXP, UMINP on bytes */
        int kind = op == 0x17 ? 0 : op == 0x14 ? 1 : 2;
        IRTemp n0, n1, m0, m1;
        if (sz != 0) {
            return false;
        }
        n0 = vld(ctx, SD_RN(d), 0);
        m0 = vld(ctx, SD_RM(d), 0);
        if (halves == 2) {
            n1 = vld(ctx, SD_RN(d), 1);
            m1 = vld(ctx, SD_RM(d), 1);
            r[0] = v_concat32(ctx, v_pair8(ctx, kind, n0), v_pair8(ctx, kind, n1));
            r[1] = v_concat32(ctx, v_pair8(ctx, kind, m0), v_pair8(ctx, kind, m1));
        } else {
            r[0] = v_concat32(ctx, v_pair8(ctx, kind, n0), v_pair8(ctx, kind, m0));
        }
        vst(ctx, SD_RD(d), r[0], r[1]);
        return true;
    }
    for (int h = 0; h < halves; h++) {
        IRTemp a = vld(ctx, SD_RN(d), h), b = vld(ctx, SD_RM(d), h), x;
        switch (op) {
        case 0x03: {
            x = tmp64(ctx);
            switch (u << 2 | sz) {
            case 0: ir_and(ir, x, a, b); break;
            case 1: ir_andc(ir, x, a, b); break;
            case 2: ir_or(ir, x, a, b); break;
            case 3: ir_orc(ir, x, a, b); break;
            case 4: ir_xor(ir, x, a, b); break;
            default: {
                IRTemp dv = vld(ctx, SD_RD(d), h), t = tmp64(ctx);
                /* BSL: d selects a/b; BIT: b selects a/d; BIF: ~b selects a/d. */
                IRTemp sel = sz == 1 ? dv : b, one = sz == 1 ? a : sz == 2 ? a : dv,
                       zero = sz == 1 ? b : sz == 2 ? dv : a;
                ir_and(ir, t, one, sel);
                ir_andc(ir, x, zero, sel);
                ir_or(ir, x, x, t);
                break;
            }
            }
            break;
        }
        case 0x10: x = u ? v_sub(ctx, sz, a, b) : v_add(ctx, sz, a, b); break;
        case 0x11: x = v_cmp(ctx, sz, u ? VC_EQ : VC_TST, a, b); break;
        case 0x06: x = v_cmp(ctx, sz, u ? VC_HI : VC_GT, a, b); break;
        case 0x07: x = v_cmp(ctx, sz, u ? VC_HS : VC_GE, a, b); break;
        default:
            return false;
        }
        r[h] = x;
    }
    vst(ctx, SD_RD(d), r[0], r[1]);
    return true;
}

/* Swap the adjacent fields of `bits` bits in x: (x >> bits) & m | (x & m) << bits. */
static IRTemp v_swap_fields(DisasContext *ctx, IRTemp x, int bits, uint64_t m)
{
    IRContext *ir = ctx->ir;
    IRTemp r = tmp64(ctx), t = tmp64(ctx);

    ir_shri(ir, r, x, (uint64_t)bits);
    ir_andi(ir, r, r, m);
    ir_andi(ir, t, x, m);
    ir_shli(ir, t, t, (uint64_t)bits);
    ir_or(ir, r, r, t);
    return r;
}

/*
 * REV64/REV32/REV16: reverse the elements of size sz inside each group of
 * `group` bits of a 64-bit half (the encodings reaching here have sz below
 * the group size).
 */
static IRTemp v_rev(DisasContext *ctx, int group, int sz, IRTemp a)
{
    IRContext *ir = ctx->ir;
    IRTemp r = tmp64(ctx);

    if (group == 16) {
        return v_swap_fields(ctx, a, 8, 0x00ff00ff00ff00ffull);
    }
    if (sz == 0) {
        /* Bytes: a full byte swap, then put the 32-bit groups back in place for REV32. */
        ir_bswap64(ir, r, a);
        if (group == 32) {
            ir_rotri(ir, r, r, 32);
        }
        return r;
    }
    if (group == 64) {
        ir_rotri(ir, r, a, 32);
        return sz == 2 ? r : v_swap_fields(ctx, r, 16, 0x0000ffff0000ffffull);
    }
    return v_swap_fields(ctx, a, 16, 0x0000ffff0000ffffull);
}

static bool vec_2misc(DisasContext *ctx, uint32_t d)
{
    IRContext *ir = ctx->ir;
    int k = SD_U(d) << 5 | SD_OP(d), sz = SD_SIZE(d), halves = SD_Q(d) ? 2 : 1;
    IRTemp r[2] = { IR_TEMP_NONE, IR_TEMP_NONE };

    if (k == 0x12) {
        /* XTN/XTN2 */
        IRTemp lo = v_pack(ctx, sz, vld(ctx, SD_RN(d), 0));
        IRTemp x = v_concat32(ctx, lo, v_pack(ctx, sz, vld(ctx, SD_RN(d), 1)));
        if (SD_Q(d)) {
            ir_st(ir, x, ir->env, vreg_hi_off(SD_RD(d)), MO_64);
        } else {
            vst(ctx, SD_RD(d), x, IR_TEMP_NONE);
        }
        return true;
    }
    for (int h = 0; h < halves; h++) {
        IRTemp a = vld(ctx, SD_RN(d), h), z = ir_const_i64(ir, 0);
        switch (k) {
        case 0x09: r[h] = v_cmp(ctx, sz, VC_EQ, a, z); break;         /* CMEQ #0 */
        case 0x08: r[h] = v_cmp(ctx, sz, VC_GT, a, z); break;         /* CMGT #0 */
        case 0x28: r[h] = v_cmp(ctx, sz, VC_GE, a, z); break;         /* CMGE #0 */
        case 0x25:                                                  /* NOT */
            if (sz != 0) {
                return false;
            }
            ir_not(ir, r[h] = tmp64(ctx), a);
            break;
        case 0x05: {                                                /* CNT (bytes) */
            IRTemp t = tmp64(ctx), u = tmp64(ctx);
            ir_shri(ir, t, a, 1);
            ir_andi(ir, t, t, 0x5555555555555555ull);
            ir_sub(ir, t, a, t);
            ir_shri(ir, u, t, 2);
            ir_andi(ir, u, u, 0x3333333333333333ull);
            ir_andi(ir, t, t, 0x3333333333333333ull);
            ir_add(ir, t, t, u);
            ir_shri(ir, u, t, 4);
            ir_add(ir, t, t, u);
            ir_andi(ir, t, t, 0x0f0f0f0f0f0f0f0full);
            r[h] = t;
            break;
        }
        case 0x00: case 0x20: case 0x01:                            /* REV64, REV32, REV16 */
            r[h] = v_rev(ctx, k == 0x00 ? 64 : k == 0x20 ? 32 : 16, sz, a);
            break;
        default:
            return false;
        }
    }
    vst(ctx, SD_RD(d), r[0], r[1]);
    return true;
}

static bool vec_shimm(DisasContext *ctx, uint32_t d)
{
    IRContext *ir = ctx->ir;
    unsigned immhb = SD_EXTRA(d), immh = immhb >> 3;
    int sz = 31 - __builtin_clz(immh), bits = 8 << sz, op = SD_OP(d), halves = SD_Q(d) ? 2 : 1;
    int rsh = 2 * bits - (int)immhb, lsh = (int)immhb - bits;
    IRTemp r[2] = { IR_TEMP_NONE, IR_TEMP_NONE };

    if (op == 0x10 && !SD_U(d)) {
        /* SHRN/SHRN2: immh gives the narrow size; shift the wide lanes, keep their low halves. */
        IRTemp p[2];
        for (int h = 0; h < 2; h++) {
            IRTemp a = vld(ctx, SD_RN(d), h), t = tmp64(ctx);
            ir_shri(ir, t, a, (unsigned)rsh);
            p[h] = v_pack(ctx, sz, t);
        }
        IRTemp x = v_concat32(ctx, p[0], p[1]);
        if (SD_Q(d)) {
            ir_st(ir, x, ir->env, vreg_hi_off(SD_RD(d)), MO_64);
        } else {
            vst(ctx, SD_RD(d), x, IR_TEMP_NONE);
        }
        return true;
    }
    for (int h = 0; h < halves; h++) {
        IRTemp a = vld(ctx, SD_RN(d), h), x = tmp64(ctx);
        if (op == 0x00 && SD_U(d)) {            /* USHR */
            if (rsh == bits) {
                ir_movi(ir, x, 0);
            } else {
                ir_shri(ir, x, a, (unsigned)rsh);
                ir_andi(ir, x, x, rep(sz, lane_max(sz) >> rsh));
            }
        } else if (op == 0x0a && !SD_U(d)) {    /* SHL */
            ir_shli(ir, x, a, (unsigned)lsh);
            ir_andi(ir, x, x, rep(sz, (lane_max(sz) << lsh) & lane_max(sz)));
        } else {
            return false;
        }
        r[h] = x;
    }
    vst(ctx, SD_RD(d), r[0], r[1]);
    return true;
}

/* 64 bits of the byte string w0 w1 ... starting at byte `pos`. */
static IRTemp v_funnel(DisasContext *ctx, IRTemp lo, IRTemp hi, int pos)
{
    IRContext *ir = ctx->ir;
    IRTemp r = tmp64(ctx), t;

    if (pos == 0) {
        return lo;
    }
    t = tmp64(ctx);
    ir_shri(ir, r, lo, 8u * pos);
    ir_shli(ir, t, hi, 64u - 8u * pos);
    ir_or(ir, r, r, t);
    return r;
}

static bool vec_ext(DisasContext *ctx, uint32_t d)
{
    int pos = SD_OP(d);

    if (SD_Q(d)) {
        IRTemp w[4] = { vld(ctx, SD_RN(d), 0), vld(ctx, SD_RN(d), 1), vld(ctx, SD_RM(d), 0),
                        vld(ctx, SD_RM(d), 1) };
        int k = pos / 8;
        vst(ctx, SD_RD(d), v_funnel(ctx, w[k], w[k + 1], pos % 8),
            v_funnel(ctx, w[k + 1], w[k + 2], pos % 8));
    } else {
        vst(ctx, SD_RD(d), v_funnel(ctx, vld(ctx, SD_RN(d), 0), vld(ctx, SD_RM(d), 0), pos),
            IR_TEMP_NONE);
    }
    return true;
}

static bool vec_dup_elem(DisasContext *ctx, uint32_t d)
{
    IRContext *ir = ctx->ir;
    unsigned imm5 = SD_RM(d), sz = (unsigned)__builtin_ctz(imm5), idx = imm5 >> (sz + 1);
    IRTemp t = tmp64(ctx);

    if (SD_U(d) || SD_SCALAR(d)) {
        return false;           /* INS (element), DUP (scalar): the helper */
    }
    ir_ld(ir, t, ir->env, vreg_off(SD_RN(d)) + (int32_t)(idx << sz), (MemOp)sz);
    if (sz < 3) {
        ir_muli(ir, t, t, rep((int)sz, 1));
    }
    vst(ctx, SD_RD(d), t, SD_Q(d) ? t : IR_TEMP_NONE);
    return true;
}

/* ADDV and UADDLV of bytes (popcount code: CNT then ADDV): a 16-bit sum, no lane overflows. */
static bool vec_across(DisasContext *ctx, uint32_t d)
{
    IRContext *ir = ctx->ir;
    int op = SD_OP(d);
    IRTemp sum = IR_TEMP_NONE;

    if (SD_SIZE(d) != 0 || !((op == 0x1b && !SD_U(d)) || (op == 0x03 && SD_U(d)))) {
        return false;
    }
    for (int h = 0; h < (SD_Q(d) ? 2 : 1); h++) {
        IRTemp a = vld(ctx, SD_RN(d), h), t = tmp64(ctx), e = tmp64(ctx);
        /* Byte pairs into 16-bit lanes (each at most 510). */
        ir_shri(ir, t, a, 8);
        ir_andi(ir, t, t, 0x00ff00ff00ff00ffull);
        ir_andi(ir, e, a, 0x00ff00ff00ff00ffull);
        ir_add(ir, t, t, e);
        if (sum != IR_TEMP_NONE) {
            ir_add(ir, t, t, sum);
        }
        sum = t;
    }
    /* The four 16-bit lanes summed into the top lane (at most 4080: no carry out). */
    ir_muli(ir, sum, sum, 0x0001000100010001ull);
    ir_shri(ir, sum, sum, 48);
    if (op == 0x1b) {
        ir_andi(ir, sum, sum, 0xff);
    }
    vst(ctx, SD_RD(d), sum, IR_TEMP_NONE);
    return true;
}

/*
 * SMULL/UMULL, SMLAL/UMLAL, SMLSL/UMLSL (and the "2" forms): widening
 * multiplies, the core of integer dot products and matrix kernels.  Each
 * product is a scalar 64-bit multiply of the extended source lanes; the
 * products of one destination half are packed into a word and accumulated
 * with the lane-wise add/sub above.
 */
static bool vec_3diff(DisasContext *ctx, uint32_t d)
{
    IRContext *ir = ctx->ir;
    int op = SD_OP(d), sz = SD_SIZE(d), w = 8 << sz, lanes = 64 / (2 * w);
    bool u = SD_U(d);
    IRTemp a, b, r[2];

    if ((op != 0xc && op != 0x8 && op != 0xa) || sz == 3) {
        return false;
    }
    /* The "2" forms (Q = 1) read the upper halves of the sources. */
    a = vld(ctx, SD_RN(d), SD_Q(d));
    b = vld(ctx, SD_RM(d), SD_Q(d));
    for (int h = 0; h < 2; h++) {
        IRTemp packed = IR_TEMP_NONE;
        for (int j = 0; j < lanes; j++) {
            int i = h * lanes + j;
            IRTemp x = tmp64(ctx), y = tmp64(ctx);
            if (u) {
                ir_extract(ir, x, a, (unsigned)(i * w), (unsigned)w);
                ir_extract(ir, y, b, (unsigned)(i * w), (unsigned)w);
            } else {
                ir_sextract(ir, x, a, (unsigned)(i * w), (unsigned)w);
                ir_sextract(ir, y, b, (unsigned)(i * w), (unsigned)w);
            }
            ir_mul(ir, x, x, y);
            if (lanes == 1) {
                packed = x;
            } else if (j == 0) {
                packed = tmp64(ctx);
                ir_andi(ir, packed, x, lane_max(sz + 1));
            } else {
                ir_deposit(ir, packed, packed, x, (unsigned)(j * 2 * w), (unsigned)(2 * w));
            }
        }
        if (op == 0xc) {
            r[h] = packed;
        } else {
            IRTemp acc = vld(ctx, SD_RD(d), h);
            r[h] = op == 0x8 ? v_add(ctx, sz + 1, acc, packed) : v_sub(ctx, sz + 1, acc, packed);
        }
    }
    vst(ctx, SD_RD(d), r[0], r[1]);
    return true;
}

bool a64_vec_inline(DisasContext *ctx, A64SimdGroup g, uint32_t d)
{
    if (SD_SCALAR(d)) {
        return false;
    }
    switch (g) {
    case A64_SIMD_3SAME: return vec_3same(ctx, d);
    case A64_SIMD_3DIFF: return vec_3diff(ctx, d);
    case A64_SIMD_2MISC: return vec_2misc(ctx, d);
    case A64_SIMD_SHIMM: return vec_shimm(ctx, d);
    case A64_SIMD_EXT: return vec_ext(ctx, d);
    case A64_SIMD_COPY: return vec_dup_elem(ctx, d);
    case A64_SIMD_ACROSS: return vec_across(ctx, d);
    default: return false;
    }
}
