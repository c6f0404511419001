/*
 * translate-crypto.c: the A64 cryptographic extension (a64-crypto.decode):
 * AES, SHA1, SHA256, SHA512, SHA3 (EOR3, RAX1, XAR, BCAX) and, for
 * translate-simd.c, PMULL of 64-bit elements.
 * AES, SHA1, SHA256 and PMULL are one call of helper_a64_crypto
 * (helper-crypto.c) each; SHA512 and SHA3 are inline IR.  An instruction of
 * a feature the CPU model lacks is undefined.
 */
#include "common.h"
#include "translate.h"
#include "helper-crypto.h"

#include "decode-a64-crypto.c.inc"

static bool gen_crypto(DisasContext *ctx, A64Feature f, A64CryptoOp op, int rd, int rn, int rm)
{
    IRContext *ir = ctx->ir;

    if (!a64_have(ctx, f)) {
        return false;
    }
    ir_callN(ir, &helper_info_a64_crypto, IR_TEMP_NONE, ir->env,
             ir_const_i32(ir, crypto_desc(op, rd, rn, rm)));
    return true;
}

bool trans_crypto_aes(DisasContext *ctx, arg_crypto *a)
{
    static const A64CryptoOp ops[4] = { A64_AESE, A64_AESD, A64_AESMC, A64_AESIMC };

    if (a->op < 4 || a->op > 7) {
        return false;
    }
    return gen_crypto(ctx, A64_FEAT_AES, ops[a->op - 4], a->rd, a->rn, 0);
}

bool trans_crypto_sha3reg(DisasContext *ctx, arg_crypto *a)
{
    static const A64CryptoOp ops[7] = {
        A64_SHA1C, A64_SHA1P, A64_SHA1M, A64_SHA1SU0, A64_SHA256H, A64_SHA256H2, A64_SHA256SU1,
    };

    if (a->op == 7) {
        return false;
    }
    return gen_crypto(ctx, a->op < 4 ? A64_FEAT_SHA1 : A64_FEAT_SHA256, ops[a->op], a->rd, a->rn,
                      a->rm);
}

bool trans_crypto_sha2reg(DisasContext *ctx, arg_crypto *a)
{
    switch (a->op) {
    case 0: return gen_crypto(ctx, A64_FEAT_SHA1, A64_SHA1H, a->rd, a->rn, 0);
    case 1: return gen_crypto(ctx, A64_FEAT_SHA1, A64_SHA1SU1, a->rd, a->rn, 0);
    case 2: return gen_crypto(ctx, A64_FEAT_SHA256, A64_SHA256SU0, a->rd, a->rn, 0);
    default: return false;
    }
}

bool a64_gen_pmull64(DisasContext *ctx, int q, int rd, int rn, int rm)
{
    return gen_crypto(ctx, A64_FEAT_PMULL, q ? A64_PMULL64_HI : A64_PMULL64, rd, rn, rm);
}

/*
 * SHA512 and SHA3 are 64-bit lane operations: inline IR on the two halves
 * (the helper forms in helper-crypto.c serve the tests that compare).  Every
 * source half is loaded before the first store, so Vd may alias a source.
 */
static IRTemp ld_half(DisasContext *ctx, int r, int h)
{
    IRTemp t = tmp64(ctx);

    ir_ld(ctx->ir, t, ctx->ir->env, vreg_off(r) + 8 * h, MO_64);
    return t;
}

static void st_halves(DisasContext *ctx, int rd, IRTemp lo, IRTemp hi)
{
    IRContext *ir = ctx->ir;

    ir_st(ir, lo, ir->env, vreg_off(rd), MO_64);
    ir_st(ir, hi, ir->env, vreg_hi_off(rd), MO_64);
}

/* ror(x, r1) ^ ror(x, r2) ^ (shift ? x >> r3 : ror(x, r3)) */
static IRTemp gen_sigma(DisasContext *ctx, IRTemp x, int r1, int r2, int r3, bool shift)
{
    IRContext *ir = ctx->ir;
    IRTemp r = tmp64(ctx), t = tmp64(ctx);

    ir_rotri(ir, r, x, (uint64_t)r1);
    ir_rotri(ir, t, x, (uint64_t)r2);
    ir_xor(ir, r, r, t);
    if (shift) {
        ir_shri(ir, t, x, (uint64_t)r3);
    } else {
        ir_rotri(ir, t, x, (uint64_t)r3);
    }
    ir_xor(ir, r, r, t);
    return r;
}

/* (e & f) ^ (~e & g) */
static IRTemp gen_ch(DisasContext *ctx, IRTemp e, IRTemp f, IRTemp g)
{
    IRTemp r = tmp64(ctx), t = tmp64(ctx);

    ir_and(ctx->ir, r, e, f);
    ir_andc(ctx->ir, t, g, e);
    ir_xor(ctx->ir, r, r, t);
    return r;
}

/* (a & b) ^ (a & c) ^ (b & c) = (a & b) | (c & (a | b)) */
static IRTemp gen_maj(DisasContext *ctx, IRTemp a, IRTemp b, IRTemp c)
{
    IRTemp r = tmp64(ctx), t = tmp64(ctx);

    ir_or(ctx->ir, t, a, b);
    ir_and(ctx->ir, t, t, c);
    ir_and(ctx->ir, r, a, b);
    ir_or(ctx->ir, r, r, t);
    return r;
}

static IRTemp gen_add3(DisasContext *ctx, IRTemp a, IRTemp b, IRTemp c)
{
    IRTemp r = tmp64(ctx);

    ir_add(ctx->ir, r, a, b);
    ir_add(ctx->ir, r, r, c);
    return r;
}

static void gen_sha512(DisasContext *ctx, int op, int rd, int rn, int rm)
{
    IRTemp n0 = ld_half(ctx, rn, 0), n1 = ld_half(ctx, rn, 1);
    IRTemp d0 = ld_half(ctx, rd, 0), d1 = ld_half(ctx, rd, 1);
    IRTemp m0 = IR_TEMP_NONE, m1 = IR_TEMP_NONE, lo, hi, t;

    if (op != 3) {
        m0 = ld_half(ctx, rm, 0);
        m1 = ld_half(ctx, rm, 1);
    }
    switch (op) {
    case 0:     /* SHA512H: two rounds of h + Sigma1(e) + Ch(e, f, g), e = Vm<127:64> */
        hi = gen_add3(ctx, gen_ch(ctx, m1, n0, n1), gen_sigma(ctx, m1, 14, 18, 41, false), d1);
        t = tmp64(ctx);
        ir_add(ctx->ir, t, hi, m0);
        lo = gen_add3(ctx, gen_ch(ctx, t, m1, n0), gen_sigma(ctx, t, 14, 18, 41, false), d0);
        break;
    case 1:     /* SHA512H2: two rounds of T1 + Sigma0(a) + Maj(a, b, c), a = Vm<63:0> */
        hi = gen_add3(ctx, gen_maj(ctx, m0, m1, n0), gen_sigma(ctx, m0, 28, 34, 39, false), d1);
        lo = gen_add3(ctx, gen_maj(ctx, hi, m0, m1), gen_sigma(ctx, hi, 28, 34, 39, false), d0);
        break;
    case 2:     /* SHA512SU1 */
        lo = gen_add3(ctx, d0, gen_sigma(ctx, n0, 19, 61, 6, true), m0);
        hi = gen_add3(ctx, d1, gen_sigma(ctx, n1, 19, 61, 6, true), m1);
        break;
    default:    /* SHA512SU0 */
        lo = tmp64(ctx);
        hi = tmp64(ctx);
        ir_add(ctx->ir, lo, d0, gen_sigma(ctx, d1, 1, 8, 7, true));
        ir_add(ctx->ir, hi, d1, gen_sigma(ctx, n0, 1, 8, 7, true));
        break;
    }
    st_halves(ctx, rd, lo, hi);
}

bool trans_crypto_sha512_3(DisasContext *ctx, arg_crypto *a)
{
    if (a->op == 3) {
        /* RAX1: Vn ^ rol(Vm, 1) */
        IRTemp r[2];
        if (!a64_have(ctx, A64_FEAT_SHA3)) {
            return false;
        }
        for (int h = 0; h < 2; h++) {
            IRTemp n = ld_half(ctx, a->rn, h), m = ld_half(ctx, a->rm, h);
            r[h] = tmp64(ctx);
            ir_rotri(ctx->ir, r[h], m, 63);
            ir_xor(ctx->ir, r[h], r[h], n);
        }
        st_halves(ctx, a->rd, r[0], r[1]);
        return true;
    }
    if (a->op > 3 || !a64_have(ctx, A64_FEAT_SHA512)) {
        return false;       /* SM3PARTW1/2, SM4EKEY */
    }
    gen_sha512(ctx, a->op, a->rd, a->rn, a->rm);
    return true;
}

bool trans_crypto_sha512_2(DisasContext *ctx, arg_crypto *a)
{
    if (a->op != 0 || !a64_have(ctx, A64_FEAT_SHA512)) {
        return false;       /* SM4E */
    }
    gen_sha512(ctx, 3, a->rd, a->rn, 0);
    return true;
}

/* EOR3 (op 0), BCAX (op 1), XAR (op 2, ra = the rotation). */
static bool gen_sha3(DisasContext *ctx, int op, arg_crypto4 *a)
{
    IRContext *ir = ctx->ir;
    IRTemp r[2];

    if (!a64_have(ctx, A64_FEAT_SHA3)) {
        return false;
    }
    for (int h = 0; h < 2; h++) {
        IRTemp n = ld_half(ctx, a->rn, h), m = ld_half(ctx, a->rm, h);
        r[h] = tmp64(ctx);
        if (op == 2) {
            ir_xor(ir, r[h], n, m);
            ir_rotri(ir, r[h], r[h], (uint64_t)a->ra);
        } else if (op == 0) {
            ir_xor(ir, r[h], n, m);
            ir_xor(ir, r[h], r[h], ld_half(ctx, a->ra, h));
        } else {
            ir_andc(ir, r[h], m, ld_half(ctx, a->ra, h));
            ir_xor(ir, r[h], r[h], n);
        }
    }
    st_halves(ctx, a->rd, r[0], r[1]);
    return true;
}

bool trans_crypto_4reg(DisasContext *ctx, arg_crypto4 *a)
{
    if (a->op > 1) {
        return false;       /* SM3SS1 and unallocated */
    }
    return gen_sha3(ctx, a->op, a);
}

bool trans_crypto_xar(DisasContext *ctx, arg_crypto4 *a)
{
    return gen_sha3(ctx, 2, a);
}
