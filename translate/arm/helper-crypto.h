/*
 * helper-crypto.h: the cryptographic extension helpers (helper-crypto.c).
 * One entry point; the descriptor holds the operation and the registers.
 */
#ifndef CROSSEMU_ARM_HELPER_CRYPTO_H
#define CROSSEMU_ARM_HELPER_CRYPTO_H

#include "common.h"
#include "ir.h"
#include "exec.h"

typedef enum A64CryptoOp {
    A64_AESE, A64_AESD, A64_AESMC, A64_AESIMC,
    A64_SHA1C, A64_SHA1P, A64_SHA1M, A64_SHA1SU0, A64_SHA1H, A64_SHA1SU1,
    A64_SHA256H, A64_SHA256H2, A64_SHA256SU0, A64_SHA256SU1,
    A64_PMULL64, A64_PMULL64_HI,
} A64CryptoOp;

/* desc = op << 15 | rm << 10 | rn << 5 | rd */
static inline uint32_t crypto_desc(A64CryptoOp op, int rd, int rn, int rm)
{
    return (uint32_t)op << 15 | (uint32_t)rm << 10 | (uint32_t)rn << 5 | (uint32_t)rd;
}

void helper_a64_crypto(CPUCommon *env, uint32_t desc);
extern IRHelper helper_info_a64_crypto;

#endif
