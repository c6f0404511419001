/*
 * translate-crypto.c: the A64 cryptographic extension (a64-crypto.decode):
 * AES, SHA1, SHA256 and, for translate-simd.c, PMULL of 64-bit elements.
 * Each instruction is one call of helper_a64_crypto (helper-crypto.c).  An
 * instruction of a feature the CPU model lacks is undefined.
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
