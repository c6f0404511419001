/*
 * helper-simd.c: Advanced SIMD element loops (Arm ARM DDI 0487, C7 for
 * each instruction).  One entry point per instruction group, dispatching on
 * the encoding fields of the descriptor (helper-simd.h); a64_simd_valid()
 * is the translation-time check of the same fields.
 *
 * Sources are copied before the destination is written, so Vd may alias
 * any source.  A 64-bit vector (Q = 0) or scalar result clears the upper
 * half of Vd.  Saturating operations set FPSR.QC.
 */
#include "common.h"
#include "translate.h"
#include "helper-simd.h"
#include "helper-simd-elem.h"
#include "helper-fp.h"
#include "fpu/fpu.h"

/* Shift by a signed amount (SSHL/USHL, rounding for SRSHL/URSHL). */
static uint64_t shl_signed(uint64_t a, int64_t sh, int sz, bool u, bool round)
{
    int bits = 8 << sz;
    __int128 v = u ? (__int128)a : (__int128)sx(a, sz);

    if (sh >= 0) {
        return sh >= bits ? 0 : (uint64_t)(v << sh) & emask(sz);
    }
    sh = -sh;
    if (sh > bits) {
        sh = bits + 1;
    }
    if (round) {
        v += (__int128)1 << (sh - 1);
    }
    return (uint64_t)(v >> sh) & emask(sz);
}

static uint64_t fp_elem(CPUCommon *env, int fop, uint64_t a, uint64_t b, bool dbl)
{
    return helper_a64_fp2(env, a, b, (uint32_t)fop | (dbl ? A64_FP_DBL : 0));
}

/* FCMEQ (0) / FCMGE (1) / FCMGT (2), optionally on absolute values: all ones or zero. */
static uint64_t fp_cmp_elem(CPUCommon *env, int kind, uint64_t a, uint64_t b, bool dbl, bool absv)
{
    uint64_t r;

    if (absv) {
        a &= dbl ? ~(1ull << 63) : 0x7fffffffu;
        b &= dbl ? ~(1ull << 63) : 0x7fffffffu;
    }
    r = helper_a64_fcmp(env, a, b, (dbl ? A64_FP_DBL : 0) | (kind ? A64_FCMP_E : 0));
    switch (kind) {
    case 0: r = r == 6; break;
    case 1: r = r == 6 || r == 2; break;
    default: r = r == 2; break;
    }
    return r ? emask(dbl ? 3 : 2) : 0;
}

/* ---- Three registers, same type ---- */

static bool v3_valid(uint32_t d)
{
    int op = SD_OP(d), sz = SD_SIZE(d);
    bool u = SD_U(d), q = SD_Q(d), sc = SD_SCALAR(d);

    if (op >= 0x18) {
        bool dbl = sz & 1;
        int k = (u << 1 | sz >> 1) << 5 | op;
        if (!sc && dbl && !q) {
            return false;
        }
        if (sc) {
            /* FABD, FCMEQ/FCMGE/FCMGT, FACGE/FACGT */
            return k == (3 << 5 | 0x1a) || k == (0 << 5 | 0x1c) || k == (2 << 5 | 0x1c) ||
                   k == (3 << 5 | 0x1c) || k == (2 << 5 | 0x1d) || k == (3 << 5 | 0x1d);
        }
        switch (k) {
        case 0 << 5 | 0x18: case 0 << 5 | 0x19: case 0 << 5 | 0x1a: case 0 << 5 | 0x1c:
        case 0 << 5 | 0x1e: case 1 << 5 | 0x18: case 1 << 5 | 0x19: case 1 << 5 | 0x1a:
        case 1 << 5 | 0x1e: case 2 << 5 | 0x1a: case 2 << 5 | 0x1b: case 2 << 5 | 0x1c:
        case 2 << 5 | 0x1d: case 2 << 5 | 0x1f: case 3 << 5 | 0x1a: case 3 << 5 | 0x1c:
        case 3 << 5 | 0x1d: case 2 << 5 | 0x1e: case 3 << 5 | 0x1e:
        case 2 << 5 | 0x18: case 3 << 5 | 0x18:         /* FMAXNMP, FMINNMP */
            return true;
        default:
            return false;
        }
    }
    if (sc) {
        switch (op) {
        case 0x01: case 0x05:
            return true;
        case 0x16:
            return sz == 1 || sz == 2;
        case 0x06: case 0x07: case 0x08: case 0x0a: case 0x10: case 0x11:
            return sz == 3;
        default:
            return false;
        }
    }
    if (op == 0x03) {
        return true;
    }
    if (sz == 3 && !q) {
        return false;
    }
    switch (op) {
    case 0x00: case 0x02: case 0x04: case 0x0c: case 0x0d: case 0x0e: case 0x0f:
    case 0x12: case 0x14: case 0x15:
        return sz != 3;
    case 0x13:
        return u ? sz == 0 : sz != 3;
    case 0x17:
        return !u;
    case 0x16:
        return sz == 1 || sz == 2;      /* SQDMULH, SQRDMULH */
    case 0x01: case 0x05: case 0x06: case 0x07: case 0x08: case 0x0a: case 0x10: case 0x11:
        return true;
    default:
        return false;
    }
}

static uint64_t pmul8(uint64_t a, uint64_t b)
{
    uint64_t r = 0;
    for (int i = 0; i < 8; i++) {
        if (b & (1u << i)) {
            r ^= a << i;
        }
    }
    return r & 0xff;
}

static void do_v3(ARMCPU *cpu, uint32_t d, const ARMVReg *n, const ARMVReg *m, const ARMVReg *dv,
                  ARMVReg *r)
{
    CPUCommon *env = &cpu->common;
    int op = SD_OP(d), sz = SD_SIZE(d);
    bool u = SD_U(d), sc = SD_SCALAR(d);
    int bytes = sc ? 8 : (SD_Q(d) ? 16 : 8);

    if (op == 0x03) {
        for (int i = 0; i < bytes / 8; i++) {
            uint64_t a = n->d[i], b = m->d[i], x = dv->d[i];
            switch (u << 2 | sz) {
            case 0: r->d[i] = a & b; break;
            case 1: r->d[i] = a & ~b; break;
            case 2: r->d[i] = a | b; break;
            case 3: r->d[i] = a | ~b; break;
            case 4: r->d[i] = a ^ b; break;
            case 5: r->d[i] = (x & a) | (~x & b); break;      /* BSL */
            case 6: r->d[i] = (x & ~b) | (a & b); break;      /* BIT */
            default: r->d[i] = (x & b) | (a & ~b); break;     /* BIF */
            }
        }
        return;
    }
    if (op >= 0x18) {
        bool dbl = sz & 1;
        int esz = dbl ? 3 : 2, ne = sc ? 1 : bytes >> esz;
        int k = (u << 1 | sz >> 1) << 5 | op;
        for (int i = 0; i < ne; i++) {
            uint64_t a = vget(n, i, esz), b = vget(m, i, esz), x = 0;
            if (k == (2 << 5 | 0x1a) || k == (2 << 5 | 0x1e) || k == (3 << 5 | 0x1e) ||
                k == (2 << 5 | 0x18) || k == (3 << 5 | 0x18)) {
                /* Pairwise: FADDP, FMAXP, FMINP */
                const ARMVReg *src = i < ne / 2 ? n : m;
                int j = (i % (ne / 2)) * 2;
                a = vget(src, j, esz);
                b = vget(src, j + 1, esz);
            }
            switch (k) {
            case 0 << 5 | 0x18: x = fp_elem(env, A64_FP2_MAXNM, a, b, dbl); break;
            case 1 << 5 | 0x18: x = fp_elem(env, A64_FP2_MINNM, a, b, dbl); break;
            case 0 << 5 | 0x19:
            case 1 << 5 | 0x19:
                x = helper_a64_fma(env, a, b, vget(dv, i, esz),
                                   (sz >> 1 ? FP_FMA_NEG_PRODUCT : 0) | (dbl ? A64_FP_DBL : 0));
                break;
            case 0 << 5 | 0x1a: x = fp_elem(env, A64_FP2_ADD, a, b, dbl); break;
            case 1 << 5 | 0x1a: x = fp_elem(env, A64_FP2_SUB, a, b, dbl); break;
            case 0 << 5 | 0x1e: x = fp_elem(env, A64_FP2_MAX, a, b, dbl); break;
            case 1 << 5 | 0x1e: x = fp_elem(env, A64_FP2_MIN, a, b, dbl); break;
            case 2 << 5 | 0x1a: x = fp_elem(env, A64_FP2_ADD, a, b, dbl); break;
            case 2 << 5 | 0x1e: x = fp_elem(env, A64_FP2_MAX, a, b, dbl); break;
            case 3 << 5 | 0x1e: x = fp_elem(env, A64_FP2_MIN, a, b, dbl); break;
            case 2 << 5 | 0x18: x = fp_elem(env, A64_FP2_MAXNM, a, b, dbl); break;
            case 3 << 5 | 0x18: x = fp_elem(env, A64_FP2_MINNM, a, b, dbl); break;
            case 2 << 5 | 0x1b: x = fp_elem(env, A64_FP2_MUL, a, b, dbl); break;
            case 2 << 5 | 0x1f: x = fp_elem(env, A64_FP2_DIV, a, b, dbl); break;
            case 3 << 5 | 0x1a: x = fp_elem(env, A64_FP2_ABD, a, b, dbl); break;
            case 0 << 5 | 0x1c: x = fp_cmp_elem(env, 0, a, b, dbl, false); break;
            case 2 << 5 | 0x1c: x = fp_cmp_elem(env, 1, a, b, dbl, false); break;
            case 3 << 5 | 0x1c: x = fp_cmp_elem(env, 2, a, b, dbl, false); break;
            case 2 << 5 | 0x1d: x = fp_cmp_elem(env, 1, a, b, dbl, true); break;
            case 3 << 5 | 0x1d: x = fp_cmp_elem(env, 2, a, b, dbl, true); break;
            }
            vset(r, i, esz, x);
        }
        return;
    }
    {
        int ne = sc ? 1 : bytes >> sz;
        for (int i = 0; i < ne; i++) {
            uint64_t a = vget(n, i, sz), b = vget(m, i, sz), x = 0;
            int64_t sa = sx(a, sz), sb = sx(b, sz);
            if (op == 0x14 || op == 0x15 || op == 0x17) {
                const ARMVReg *src = i < ne / 2 ? n : m;
                int j = (i % (ne / 2)) * 2;
                a = vget(src, j, sz);
                b = vget(src, j + 1, sz);
                sa = sx(a, sz);
                sb = sx(b, sz);
            }
            switch (op) {
            case 0x00: x = u ? (a + b) >> 1 : (uint64_t)((sa + sb) >> 1); break;
            case 0x02: x = u ? (a + b + 1) >> 1 : (uint64_t)((sa + sb + 1) >> 1); break;
            case 0x04: x = u ? (a - b) >> 1 : (uint64_t)((sa - sb) >> 1); break;
            case 0x01:
                x = u ? sat_u(cpu, (__int128)a + b, sz) : sat_s(cpu, (__int128)sa + sb, sz);
                break;
            case 0x05:
                x = u ? sat_u(cpu, (__int128)a - b, sz) : sat_s(cpu, (__int128)sa - sb, sz);
                break;
            case 0x06: x = (u ? a > b : sa > sb) ? ~0ull : 0; break;
            case 0x07: x = (u ? a >= b : sa >= sb) ? ~0ull : 0; break;
            case 0x08: x = shl_signed(a, (int8_t)b, sz, u, false); break;
            case 0x0a: x = shl_signed(a, (int8_t)b, sz, u, true); break;
            case 0x0c: case 0x14: x = u ? (a > b ? a : b) : (uint64_t)(sa > sb ? sa : sb); break;
            case 0x0d: case 0x15: x = u ? (a < b ? a : b) : (uint64_t)(sa < sb ? sa : sb); break;
            case 0x0e: case 0x0f:
                x = u ? (a > b ? a - b : b - a) : (uint64_t)(sa > sb ? sa - sb : sb - sa);
                if (op == 0x0f) {
                    x += vget(dv, i, sz);
                }
                break;
            case 0x10: x = u ? a - b : a + b; break;
            case 0x11: x = (u ? a == b : (a & b) != 0) ? ~0ull : 0; break;
            case 0x12: x = u ? vget(dv, i, sz) - a * b : vget(dv, i, sz) + a * b; break;
            case 0x13: x = u ? pmul8(a, b) : a * b; break;
            case 0x17: x = a + b; break;
            case 0x16: {
                /* SQDMULH / SQRDMULH: high half of the doubled product, saturated */
                __int128 p = (__int128)sa * sb * 2;
                if (u) {
                    p += (__int128)1 << ((8 << sz) - 1);
                }
                x = sat_s(cpu, p >> (8 << sz), sz);
                break;
            }
            }
            vset(r, i, sz, x & emask(sz));
        }
    }
}

/* ---- Three registers, different types (long, wide, narrow) ---- */

static bool v3diff_valid(uint32_t d)
{
    int op = SD_OP(d), sz = SD_SIZE(d);

    if (op == 0xe) {
        /* PMULL.8 (PMULL.64 is the crypto extension's, translate-crypto.c); U = 1 unallocated */
        return sz == 0 && !SD_U(d);
    }
    if (sz == 3) {
        return false;
    }
    switch (op) {
    case 0x0: case 0x1: case 0x2: case 0x3: case 0x4: case 0x5: case 0x6: case 0x7:
    case 0x8: case 0xa: case 0xc:
        return true;
    case 0x9: case 0xb: case 0xd:       /* SQDMLAL, SQDMLSL, SQDMULL */
        return !SD_U(d) && (sz == 1 || sz == 2);
    default:
        return false;
    }
}

static void do_v3diff(ARMCPU *cpu, uint32_t d, const ARMVReg *n, const ARMVReg *m,
                      const ARMVReg *dv, ARMVReg *r)
{
    int op = SD_OP(d), sz = SD_SIZE(d);
    bool u = SD_U(d), q = SD_Q(d);
    int ne = 8 >> sz;           /* narrow elements in one 64-bit half */
    int off = q ? ne : 0;

    if (op == 0x4 || op == 0x6) {
        /* ADDHN/SUBHN (RADDHN/RSUBHN with U): high halves of wide sums, into the low or high half. */
        *r = *dv;
        if (!q) {
            r->d[1] = 0;
        }
        for (int i = 0; i < ne; i++) {
            uint64_t a = vget(n, i, sz + 1), b = vget(m, i, sz + 1);
            uint64_t x = op == 0x4 ? a + b : a - b;
            if (u) {
                x += 1ull << ((8 << sz) - 1);
            }
            vset(r, off + i, sz, (x >> (8 << sz)) & emask(sz));
        }
        return;
    }
    for (int i = 0; i < ne; i++) {
        uint64_t a, b = vget(m, off + i, sz), x = 0, acc = vget(dv, i, sz + 1);
        int64_t sa, sb = sx(b, sz);
        bool wide = op == 0x1 || op == 0x3;

        a = wide ? vget(n, i, sz + 1) : vget(n, off + i, sz);
        sa = wide ? sx(a, sz + 1) : sx(a, sz);
        if (!u && !wide) {
            a = (uint64_t)sa;
        }
        if (!u) {
            b = (uint64_t)sb;
        }
        switch (op) {
        case 0x0: case 0x1: x = a + b; break;
        case 0x2: case 0x3: x = a - b; break;
        case 0x5: case 0x7:
            x = u ? (a > b ? a - b : b - a) : (uint64_t)(sa > sb ? sa - sb : sb - sa);
            if (op == 0x5) {
                x += acc;
            }
            break;
        case 0x8: x = acc + a * b; break;
        case 0xa: x = acc - a * b; break;
        case 0xc: x = a * b; break;
        case 0x9: case 0xb: case 0xd: {
            uint64_t p = sat_s(cpu, (__int128)sa * sb * 2, sz + 1);
            if (op != 0xd) {
                __int128 ac = sx(acc, sz + 1), pv = sx(p, sz + 1);
                p = sat_s(cpu, op == 0x9 ? ac + pv : ac - pv, sz + 1);
            }
            x = p;
            break;
        }
        case 0xe: {
            uint64_t p = 0;
            for (int k = 0; k < 8; k++) {
                if (b & (1u << k)) {
                    p ^= (a & 0xff) << k;
                }
            }
            x = p;
            break;
        }
        }
        vset(r, i, sz + 1, x & emask(sz + 1));
    }
}

/* ---- Two registers, miscellaneous ---- */

static bool v2_valid(uint32_t d)
{
    int op = SD_OP(d), sz = SD_SIZE(d);
    bool u = SD_U(d), q = SD_Q(d), sc = SD_SCALAR(d);
    int k = u << 5 | op;

    if (sc && (k == 0x14 || k == 0x34 || k == 0x32)) {
        return sz != 3;                                 /* SQXTN, UQXTN, SQXTUN */
    }
    if (sc) {
        switch (k | (op >= 0x0c ? (sz >> 1) << 6 : 0)) {
        case 0x1d: case 0x3d:                           /* SCVTF, UCVTF */
        case 0x1a: case 0x1b: case 0x1c: case 0x3a: case 0x3b: case 0x3c:
        case 0x1a | 1 << 6: case 0x1b | 1 << 6: case 0x3a | 1 << 6: case 0x3b | 1 << 6:
        case 0x0c | 1 << 6: case 0x0d | 1 << 6: case 0x0e | 1 << 6:     /* FCM* #0 */
        case 0x2c | 1 << 6: case 0x2d | 1 << 6:
            return true;
        case 0x08: case 0x09: case 0x0a: case 0x0b: case 0x28: case 0x29: case 0x2b:
            return sz == 3;
        case 0x07: case 0x27:                           /* SQABS, SQNEG */
            return true;
        default:
            return false;
        }
    }
    if (op >= 0x0c && op != 0x12 && op != 0x13 && op != 0x14) {
        /* The FP group: size<1> selects the family, size<0> the precision. */
        bool dbl = sz & 1;
        if (dbl && !q) {
            return false;
        }
        switch (k | (sz >> 1) << 6) {
        case 0x0f | 1 << 6: case 0x2f | 1 << 6:         /* FABS, FNEG */
        case 0x3f | 1 << 6:                             /* FSQRT */
        case 0x1d: case 0x3d:                           /* SCVTF, UCVTF */
        case 0x1b | 1 << 6: case 0x3b | 1 << 6:         /* FCVTZS, FCVTZU */
        case 0x1a: case 0x1b: case 0x1c: case 0x3a: case 0x3b: case 0x3c:  /* FCVT[NMA][SU] */
        case 0x1a | 1 << 6: case 0x3a | 1 << 6:         /* FCVTPS, FCVTPU */
        case 0x18: case 0x19: case 0x38: case 0x39:     /* FRINTN, FRINTM, FRINTA, FRINTX */
        case 0x18 | 1 << 6: case 0x19 | 1 << 6: case 0x39 | 1 << 6:    /* FRINTP, FRINTZ, FRINTI */
        case 0x0c | 1 << 6: case 0x0d | 1 << 6: case 0x0e | 1 << 6:     /* FCMGT, FCMEQ, FCMLT #0 */
        case 0x2c | 1 << 6: case 0x2d | 1 << 6:         /* FCMGE, FCMLE #0 */
            return true;
        default:
            return false;
        }
    }
    switch (k) {
    case 0x00: return sz != 3;                  /* REV64 */
    case 0x20: return sz < 2;                   /* REV32 */
    case 0x01: return sz == 0;                  /* REV16 */
    case 0x02: case 0x22: case 0x06: case 0x26: return sz != 3;   /* [SU]ADDLP, [SU]ADALP */
    case 0x04: case 0x24: return sz != 3;       /* CLS, CLZ */
    case 0x05: return sz == 0;                  /* CNT */
    case 0x25: return sz < 2;                   /* NOT, RBIT */
    case 0x08: case 0x09: case 0x0a: case 0x0b: case 0x28: case 0x29: case 0x2b:
        return sz != 3 || q;
    case 0x12: return sz != 3;                  /* XTN */
    case 0x14: case 0x34: case 0x32: return sz != 3;     /* SQXTN, UQXTN, SQXTUN */
    case 0x07: case 0x27: return sz != 3 || q;  /* SQABS, SQNEG */
    case 0x33: return sz != 3;                  /* SHLL */
    default: return false;
    }
}

static uint64_t rbit8(uint64_t x)
{
    x = ((x >> 1) & 0x55) | ((x & 0x55) << 1);
    x = ((x >> 2) & 0x33) | ((x & 0x33) << 2);
    return ((x >> 4) & 0x0f) | ((x & 0x0f) << 4);
}

static void do_v2(ARMCPU *cpu, uint32_t d, const ARMVReg *n, const ARMVReg *dv, ARMVReg *r)
{
    CPUCommon *env = &cpu->common;
    int op = SD_OP(d), sz = SD_SIZE(d);
    bool u = SD_U(d), q = SD_Q(d), sc = SD_SCALAR(d);
    int bytes = sc ? 8 : (q ? 16 : 8);
    int k = u << 5 | op;

    if (op >= 0x0c && op != 0x12 && op != 0x13 && op != 0x14) {
        bool dbl = sz & 1, hi = sz >> 1;
        int esz = dbl ? 3 : 2;
        uint32_t fd = dbl ? A64_FP_DBL : 0;
        for (int i = 0; i < (sc ? 1 : bytes >> esz); i++) {
            uint64_t a = vget(n, i, esz), x;
            switch (k | hi << 6) {
            case 0x0f | 1 << 6: x = a & ~(1ull << ((8 << esz) - 1)); break;
            case 0x2f | 1 << 6: x = a ^ (1ull << ((8 << esz) - 1)); break;
            case 0x3f | 1 << 6: x = helper_a64_fp1(env, a, A64_FP1_SQRT | fd); break;
            case 0x1d: case 0x3d:
                x = helper_a64_int_to_fp(env, a, (dbl ? A64_FP_DBL | A64_CVT_64 : 0) |
                                         (u ? 0 : A64_CVT_SIGNED) | A64_CVT_RM_FPCR);
                break;
            case 0x18: x = helper_a64_fp1(env, a, A64_FP1_RINTN | fd); break;
            case 0x19: x = helper_a64_fp1(env, a, A64_FP1_RINTM | fd); break;
            case 0x38: x = helper_a64_fp1(env, a, A64_FP1_RINTA | fd); break;
            case 0x39: x = helper_a64_fp1(env, a, A64_FP1_RINTX | fd); break;
            case 0x18 | 1 << 6: x = helper_a64_fp1(env, a, A64_FP1_RINTP | fd); break;
            case 0x19 | 1 << 6: x = helper_a64_fp1(env, a, A64_FP1_RINTZ | fd); break;
            case 0x39 | 1 << 6: x = helper_a64_fp1(env, a, A64_FP1_RINTI | fd); break;
            case 0x0c | 1 << 6: x = fp_cmp_elem(env, 2, a, 0, dbl, false); break;    /* FCMGT */
            case 0x0d | 1 << 6: x = fp_cmp_elem(env, 0, a, 0, dbl, false); break;    /* FCMEQ */
            case 0x0e | 1 << 6: x = fp_cmp_elem(env, 2, 0, a, dbl, false); break;    /* FCMLT */
            case 0x2c | 1 << 6: x = fp_cmp_elem(env, 1, a, 0, dbl, false); break;    /* FCMGE */
            case 0x2d | 1 << 6: x = fp_cmp_elem(env, 1, 0, a, dbl, false); break;    /* FCMLE */
            default: {
                /* FCVT{N,M,A,P,Z}{S,U}: the rounding mode from op and size<1>. */
                static const uint8_t rm[2][3] = {
                    { FP_RNE, FP_RDN, FP_RMM }, { FP_RUP, FP_RTZ, 0 },
                };
                x = helper_a64_fcvt_to_int(env, a, (dbl ? A64_FP_DBL | A64_CVT_64 : 0) |
                                           (u ? 0 : A64_CVT_SIGNED) |
                                           (uint32_t)rm[hi][op - 0x1a] << A64_CVT_RM_SHIFT);
                break;
            }
            }
            vset(r, i, esz, x & emask(esz));
        }
        return;
    }
    switch (k) {
    case 0x14: case 0x34: case 0x32:
        /* SQXTN, UQXTN, SQXTUN (and their "2" forms): saturating narrow */
        if (!sc) {
            *r = *dv;
            if (!q) {
                r->d[1] = 0;
            }
        }
        for (int i = 0; i < (sc ? 1 : 8 >> sz); i++) {
            uint64_t a = vget(n, i, sz + 1), x;
            if (k == 0x34) {
                x = sat_u(cpu, (__int128)a, sz);
            } else if (k == 0x32) {
                x = sat_u(cpu, (__int128)sx(a, sz + 1), sz);
            } else {
                x = sat_s(cpu, (__int128)sx(a, sz + 1), sz);
            }
            vset(r, (q && !sc ? 8 >> sz : 0) + i, sz, x);
        }
        return;
    case 0x07: case 0x27:
        /* SQABS, SQNEG */
        for (int i = 0; i < (sc ? 1 : bytes >> sz); i++) {
            __int128 v = sx(vget(n, i, sz), sz);
            vset(r, i, sz, sat_s(cpu, k == 0x07 ? (v < 0 ? -v : v) : -v, sz));
        }
        return;
    }
    switch (k) {
    case 0x00: case 0x20: case 0x01: {
        int grp = k == 0x00 ? 8 : k == 0x20 ? 4 : 2;    /* bytes per reversed group */
        int per = grp >> sz;
        for (int i = 0; i < bytes >> sz; i++) {
            vset(r, i, sz, vget(n, (i / per) * per + (per - 1 - i % per), sz));
        }
        return;
    }
    case 0x02: case 0x22: case 0x06: case 0x26:
        for (int i = 0; i < bytes >> (sz + 1); i++) {
            uint64_t a = vget(n, 2 * i, sz), b = vget(n, 2 * i + 1, sz);
            uint64_t x = u ? a + b : (uint64_t)(sx(a, sz) + sx(b, sz));
            if (op == 0x06) {
                x += vget(dv, i, sz + 1);
            }
            vset(r, i, sz + 1, x & emask(sz + 1));
        }
        return;
    case 0x12:
        /* XTN/XTN2 */
        *r = *dv;
        if (!q) {
            r->d[1] = 0;
        }
        for (int i = 0; i < 8 >> sz; i++) {
            vset(r, (q ? 8 >> sz : 0) + i, sz, vget(n, i, sz + 1) & emask(sz));
        }
        return;
    case 0x33:
        /* SHLL/SHLL2: widen, shift by the element size */
        for (int i = 0; i < 8 >> sz; i++) {
            vset(r, i, sz + 1, vget(n, (q ? 8 >> sz : 0) + i, sz) << (8 << sz));
        }
        return;
    }
    for (int i = 0; i < (sc ? 1 : bytes >> sz); i++) {
        uint64_t a = vget(n, i, sz), x = 0;
        int64_t s = sx(a, sz);
        int bits = 8 << sz;
        switch (k) {
        case 0x04: {
            uint64_t y = (uint64_t)(s ^ (s >> 1)) & emask(sz);
            x = (y ? (uint64_t)(__builtin_clzll(y) - (64 - bits)) : (uint64_t)bits) - 1;
            break;
        }
        case 0x24: x = a ? (uint64_t)(__builtin_clzll(a) - (64 - bits)) : (uint64_t)bits; break;
        case 0x05: x = (uint64_t)__builtin_popcountll(a); break;
        case 0x25: x = sz == 0 ? ~a : rbit8(a); break;
        case 0x08: x = s > 0 ? ~0ull : 0; break;
        case 0x28: x = s >= 0 ? ~0ull : 0; break;
        case 0x09: x = s == 0 ? ~0ull : 0; break;
        case 0x29: x = s <= 0 ? ~0ull : 0; break;
        case 0x0a: x = s < 0 ? ~0ull : 0; break;
        case 0x0b: x = (uint64_t)(s < 0 ? -s : s); break;
        case 0x2b: x = (uint64_t)-s; break;
        }
        vset(r, i, sz, x & emask(sz));
    }
}

/* ---- Across lanes ---- */

static bool across_valid(uint32_t d)
{
    int op = SD_OP(d), sz = SD_SIZE(d);

    if (sz == 3 || (sz == 2 && !SD_Q(d))) {
        return false;
    }
    return op == 0x03 || op == 0x0a || op == 0x1a || (op == 0x1b && !SD_U(d));
}

static void do_across(uint32_t d, const ARMVReg *n, ARMVReg *r)
{
    int op = SD_OP(d), sz = SD_SIZE(d), ne = (SD_Q(d) ? 16 : 8) >> sz;
    bool u = SD_U(d);
    int64_t acc = u ? (int64_t)vget(n, 0, sz) : sx(vget(n, 0, sz), sz);

    for (int i = 1; i < ne; i++) {
        int64_t v = u ? (int64_t)vget(n, i, sz) : sx(vget(n, i, sz), sz);
        switch (op) {
        case 0x03: case 0x1b: acc += v; break;
        case 0x0a: acc = u ? ((uint64_t)v > (uint64_t)acc ? v : acc) : (v > acc ? v : acc); break;
        default: acc = u ? ((uint64_t)v < (uint64_t)acc ? v : acc) : (v < acc ? v : acc); break;
        }
    }
    vset(r, 0, op == 0x03 ? sz + 1 : sz, (uint64_t)acc & emask(op == 0x03 ? sz + 1 : sz));
}

/* ---- Shift by immediate ---- */

static int shimm_size(uint32_t d)
{
    unsigned immh = SD_EXTRA(d) >> 3;
    return immh ? 31 - __builtin_clz(immh) : -1;
}

static bool shimm_valid(uint32_t d)
{
    int sz = shimm_size(d), op = SD_OP(d);
    bool u = SD_U(d), sc = SD_SCALAR(d);

    if (sz < 0 || (!sc && sz == 3 && !SD_Q(d))) {
        return false;
    }
    if (sc && sz != 3) {
        return false;
    }
    switch (op) {
    case 0x00: case 0x02: case 0x04: case 0x06: return true;
    case 0x08: return u;
    case 0x0a: return true;
    case 0x10: case 0x11: case 0x14: return !sc && sz != 3 && (op != 0x10 || !u) && (op != 0x11 || !u);
    default: return false;
    }
}

static void do_shimm(uint32_t d, const ARMVReg *n, const ARMVReg *dv, ARMVReg *r)
{
    int sz = shimm_size(d), op = SD_OP(d), bits = 8 << sz;
    unsigned immhb = SD_EXTRA(d);
    bool u = SD_U(d), q = SD_Q(d), sc = SD_SCALAR(d);
    int rsh = 2 * bits - (int)immhb, lsh = (int)immhb - bits;
    int ne = sc ? 1 : (q ? 16 : 8) >> sz;

    if (op == 0x10 || op == 0x11) {
        /* SHRN/RSHRN: narrow, into the low or high half (immh gives the narrow size). */
        int nsz = sz, nne = 8 >> nsz;
        int sh = rsh;
        *r = *dv;
        if (!q) {
            r->d[1] = 0;
        }
        for (int i = 0; i < nne; i++) {
            uint64_t a = vget(n, i, sz + 1);
            if (op == 0x11) {
                a += 1ull << (sh - 1);
            }
            vset(r, (q ? nne : 0) + i, nsz, (a >> sh) & emask(nsz));
        }
        return;
    }
    if (op == 0x14) {
        /* SSHLL/USHLL (SXTL/UXTL): immh gives the source size */
        for (int i = 0; i < 8 >> sz; i++) {
            uint64_t a = vget(n, (q ? 8 >> sz : 0) + i, sz);
            uint64_t x = u ? a : (uint64_t)sx(a, sz);
            vset(r, i, sz + 1, (x << lsh) & emask(sz + 1));
        }
        return;
    }
    for (int i = 0; i < ne; i++) {
        uint64_t a = vget(n, i, sz), x;
        switch (op) {
        case 0x00: case 0x02: case 0x04: case 0x06:
            x = shl_signed(a, -rsh, sz, u, op == 0x04 || op == 0x06);
            if (op == 0x02 || op == 0x06) {
                x += vget(dv, i, sz);
            }
            break;
        case 0x08: {    /* SRI */
            uint64_t keep = rsh == bits ? emask(sz) : ~(emask(sz) >> rsh);
            x = (vget(dv, i, sz) & keep) | (rsh == bits ? 0 : a >> rsh);
            break;
        }
        default:        /* SHL, SLI */
            x = a << lsh;
            if (u) {
                x |= vget(dv, i, sz) & ((1ull << lsh) - 1);
            }
            break;
        }
        vset(r, i, sz, x & emask(sz));
    }
}

/* ---- Permutes, extract, table lookup, element insert ---- */

static void do_perm(uint32_t d, const ARMVReg *n, const ARMVReg *m, ARMVReg *r)
{
    int op = SD_OP(d), sz = SD_SIZE(d), ne = (SD_Q(d) ? 16 : 8) >> sz;
    int part = op >> 2;

    for (int i = 0; i < ne; i++) {
        uint64_t x;
        switch (op & 3) {
        case 1: {       /* UZP */
            int j = 2 * i + part;
            x = j < ne ? vget(n, j, sz) : vget(m, j - ne, sz);
            break;
        }
        case 2:         /* TRN */
            x = (i & 1) ? vget(m, (i & ~1) + part, sz) : vget(n, i + part, sz);
            break;
        default: {      /* ZIP */
            int base = part * ne / 2;
            x = (i & 1) ? vget(m, base + i / 2, sz) : vget(n, base + i / 2, sz);
            break;
        }
        }
        vset(r, i, sz, x);
    }
}

static void do_ext(uint32_t d, const ARMVReg *n, const ARMVReg *m, ARMVReg *r)
{
    int nb = SD_Q(d) ? 16 : 8, pos = SD_OP(d);

    for (int i = 0; i < nb; i++) {
        int j = i + pos;
        r->b[i] = j < nb ? n->b[j] : m->b[j - nb];
    }
}

static void do_tbl(ARMCPU *cpu, uint32_t d, const ARMVReg *m, const ARMVReg *dv, ARMVReg *r)
{
    int nb = SD_Q(d) ? 16 : 8, len = SD_SIZE(d) + 1, rn = SD_RN(d);
    bool tbx = SD_U(d);
    uint8_t table[64];

    for (int t = 0; t < len; t++) {
        memcpy(table + 16 * t, &cpu->vregs[(rn + t) & 31], 16);
    }
    for (int i = 0; i < nb; i++) {
        unsigned idx = m->b[i];
        r->b[i] = idx < 16u * len ? table[idx] : (tbx ? dv->b[i] : 0);
    }
}

/* ---- By element: the three-same / three-different operation on a broadcast element ---- */

/* The group and descriptor of the equivalent vector operation; -1 if none. */
static int elem_map(uint32_t d, uint32_t *out)
{
    int op = SD_OP(d), sz = SD_SIZE(d), u = SD_U(d), sc = SD_SCALAR(d);
    int g = A64_SIMD_3SAME, vop, vu = 0, vsz = sz;
    bool fp = op == 0x1 || op == 0x5 || op == 0x9;

    if (fp) {
        /* size<1> = 1: single (0) or double (1); FP16 (size 00) is not implemented */
        if (!(sz & 2) || (op == 0x9 && u) || (op != 0x9 && u)) {
            return -1;
        }
        if ((sz & 1) && ((SD_EXTRA(d) & 1) || (!sc && !SD_Q(d)))) {
            return -1;          /* double: L must be 0, and the vector form needs Q */
        }
        vsz = sz & 1;
        if (op == 0x9) {
            vop = 0x1b, vu = 1;                         /* FMUL */
        } else {
            vop = 0x19;                                 /* FMLA / FMLS */
            vsz |= op == 0x5 ? 2 : 0;
        }
    } else {
        if (sz != 1 && sz != 2) {
            return -1;
        }
        switch (u << 4 | op) {
        case 0x08: vop = 0x13; break;                           /* MUL */
        case 0x10: vop = 0x12; break;                           /* MLA */
        case 0x14: vop = 0x12, vu = 1; break;                   /* MLS */
        case 0x0c: vop = 0x16; break;                           /* SQDMULH */
        case 0x0d: vop = 0x16, vu = 1; break;                   /* SQRDMULH */
        case 0x02: case 0x12: g = A64_SIMD_3DIFF, vop = 0x8, vu = u; break;  /* [SU]MLAL */
        case 0x06: case 0x16: g = A64_SIMD_3DIFF, vop = 0xa, vu = u; break;  /* [SU]MLSL */
        case 0x0a: case 0x1a: g = A64_SIMD_3DIFF, vop = 0xc, vu = u; break;  /* [SU]MULL */
        case 0x03: g = A64_SIMD_3DIFF, vop = 0x9; break;                    /* SQDMLAL */
        case 0x07: g = A64_SIMD_3DIFF, vop = 0xb; break;                    /* SQDMLSL */
        case 0x0b: g = A64_SIMD_3DIFF, vop = 0xd; break;                    /* SQDMULL */
        default: return -1;
        }
        if (sc && (g == A64_SIMD_3DIFF || vop != 0x16)) {
            return -1;          /* scalar forms: only SQDMULH/SQRDMULH here */
        }
    }
    *out = simd_desc(SD_RD(d), SD_RN(d), SD_RM(d), SD_Q(d), vsz, vu, vop, sc, 0);
    return g;
}

/* The element index: H:L:M for halfwords (M is bit 4 of rm), H:L for words, H for doublewords. */
static void elem_broadcast(const ARMCPU *cpu, uint32_t d, ARMVReg *mb)
{
    int sz = SD_SIZE(d), op = SD_OP(d), idx = (int)SD_EXTRA(d), rm = SD_RM(d), esz;
    bool fp = op == 0x1 || op == 0x5 || op == 0x9;

    if (fp) {
        esz = (sz & 1) ? 3 : 2;
        idx = esz == 3 ? idx >> 1 : idx;
    } else if (sz == 1) {
        esz = 1;
        idx = idx << 1 | rm >> 4;
        rm &= 15;
    } else {
        esz = 2;
    }
    uint64_t v = vget(&cpu->vregs[rm], idx, esz);
    for (int i = 0; i < 16 >> esz; i++) {
        vset(mb, i, esz, v);
    }
}

bool a64_simd_valid(A64SimdGroup g, uint32_t d)
{
    switch (g) {
    case A64_SIMD_3SAME: return v3_valid(d);
    case A64_SIMD_3DIFF: return v3diff_valid(d);
    case A64_SIMD_2MISC: return v2_valid(d);
    case A64_SIMD_ACROSS: return across_valid(d);
    case A64_SIMD_SHIMM: return shimm_valid(d);
    case A64_SIMD_EXT: return SD_Q(d) || SD_OP(d) < 8;
    case A64_SIMD_PERM: return (SD_OP(d) & 3) != 0 && (SD_SIZE(d) != 3 || SD_Q(d));
    case A64_SIMD_TBL: return true;
    case A64_SIMD_COPY: return true;
    case A64_SIMD_PAIR: return SD_OP(d) == 0x1b && SD_SIZE(d) == 3 && !SD_U(d);
    case A64_SIMD_ELEM: {
        uint32_t d2;
        return elem_map(d, &d2) >= 0;
    }
    default: return false;
    }
}

static bool simd_full_result(A64SimdGroup g, uint32_t d)
{
    if (SD_SCALAR(d)) {
        return false;
    }
    switch (g) {
    case A64_SIMD_3DIFF:
        return true;
    case A64_SIMD_ELEM: {
        uint32_t d2;
        return elem_map(d, &d2) == A64_SIMD_3DIFF;
    }
    case A64_SIMD_SHIMM:
        return SD_OP(d) == 0x10 || SD_OP(d) == 0x11 || SD_OP(d) == 0x14;
    case A64_SIMD_2MISC: {
        int k = SD_U(d) << 5 | SD_OP(d);
        return k == 0x12 || k == 0x33 || k == 0x14 || k == 0x34 || k == 0x32;
    }
    default:
        return false;
    }
}

void helper_a64_simd(CPUCommon *env, uint32_t group, uint32_t d)
{
    ARMCPU *cpu = arm_cpu(env);
    ARMVReg n = cpu->vregs[SD_RN(d)], m = cpu->vregs[SD_RM(d)], dv = cpu->vregs[SD_RD(d)];
    ARMVReg r = { { 0, 0 } };

    switch ((A64SimdGroup)group) {
    case A64_SIMD_3SAME: do_v3(cpu, d, &n, &m, &dv, &r); break;
    case A64_SIMD_3DIFF: do_v3diff(cpu, d, &n, &m, &dv, &r); break;
    case A64_SIMD_2MISC: do_v2(cpu, d, &n, &dv, &r); break;
    case A64_SIMD_ACROSS: do_across(d, &n, &r); break;
    case A64_SIMD_SHIMM: do_shimm(d, &n, &dv, &r); break;
    case A64_SIMD_EXT: do_ext(d, &n, &m, &r); break;
    case A64_SIMD_PERM: do_perm(d, &n, &m, &r); break;
    case A64_SIMD_TBL: do_tbl(cpu, d, &m, &dv, &r); break;
    case A64_SIMD_PAIR: r.d[0] = n.d[0] + n.d[1]; break;
    case A64_SIMD_ELEM: {
        uint32_t d2;
        int g2 = elem_map(d, &d2);
        ARMVReg mb = { { 0, 0 } };
        elem_broadcast(cpu, d, &mb);
        if (g2 == A64_SIMD_3DIFF) {
            do_v3diff(cpu, d2, &n, &mb, &dv, &r);
        } else {
            do_v3(cpu, d2, &n, &mb, &dv, &r);
        }
        break;
    }
    case A64_SIMD_COPY: {
        /* DUP (element) when op = 0, INS (element) when op = 1; imm5 in rm, imm4 in opcode. */
        unsigned imm5 = SD_RM(d), sz = (unsigned)__builtin_ctz(imm5);
        uint64_t v;
        if (SD_U(d)) {
            r = dv;
            v = vget(&n, (int)(SD_OP(d) >> sz), (int)sz);
            vset(&r, (int)(imm5 >> (sz + 1)), (int)sz, v);
            cpu->vregs[SD_RD(d)] = r;
            return;
        }
        v = vget(&n, (int)(imm5 >> (sz + 1)), (int)sz);
        for (int i = 0; i < (SD_SCALAR(d) ? 1 : (SD_Q(d) ? 16 : 8) >> sz); i++) {
            vset(&r, i, (int)sz, v);
        }
        break;
    }
    default:
        g_assert_not_reached();
    }
    /*
     * Q = 0 means a 64-bit result, except for the widening and narrowing
     * forms, whose Q selects the half of the source or destination used
     * (they set both halves of r themselves).
     */
    if ((!SD_Q(d) || SD_SCALAR(d)) && !simd_full_result((A64SimdGroup)group, d)) {
        r.d[1] = 0;
    }
    cpu->vregs[SD_RD(d)] = r;
}

IR_HELPER_DEF(a64_simd, IR_HT_VOID, IR_HELPER_NO_READ_GLOBALS | IR_HELPER_NO_WRITE_GLOBALS,
              IR_HT_PTR, IR_HT_I32, IR_HT_I32);

/* LD2-4 / ST2-4: desc = rt | selem << 5 | size << 8 | q << 10; memory image in vscratch. */
void helper_a64_simd_deinterleave(CPUCommon *env, uint32_t desc)
{
    ARMCPU *cpu = arm_cpu(env);
    int rt = desc & 31, selem = (desc >> 5) & 7, sz = (desc >> 8) & 3, q = (desc >> 10) & 1;
    int ne = (q ? 16 : 8) >> sz;
    ARMVReg mem[4];

    memcpy(mem, cpu->vscratch, sizeof(mem));
    for (int s = 0; s < selem; s++) {
        ARMVReg *v = &cpu->vregs[(rt + s) & 31];
        for (int e = 0; e < ne; e++) {
            int k = e * selem + s;
            vset(v, e, sz, vget(&mem[(k << sz) / 16], ((k << sz) % 16) >> sz, sz));
        }
        if (!q) {
            v->d[1] = 0;
        }
    }
}

void helper_a64_simd_interleave(CPUCommon *env, uint32_t desc)
{
    ARMCPU *cpu = arm_cpu(env);
    int rt = desc & 31, selem = (desc >> 5) & 7, sz = (desc >> 8) & 3, q = (desc >> 10) & 1;
    int ne = (q ? 16 : 8) >> sz;

    for (int s = 0; s < selem; s++) {
        const ARMVReg *v = &cpu->vregs[(rt + s) & 31];
        for (int e = 0; e < ne; e++) {
            int k = e * selem + s;
            vset(&cpu->vscratch[(k << sz) / 16], ((k << sz) % 16) >> sz, sz, vget(v, e, sz));
        }
    }
}

IR_HELPER_DEF(a64_simd_deinterleave, IR_HT_VOID, IR_HELPER_NO_READ_GLOBALS | IR_HELPER_NO_WRITE_GLOBALS,
              IR_HT_PTR, IR_HT_I32);
IR_HELPER_DEF(a64_simd_interleave, IR_HT_VOID, IR_HELPER_NO_READ_GLOBALS | IR_HELPER_NO_WRITE_GLOBALS,
              IR_HT_PTR, IR_HT_I32);
