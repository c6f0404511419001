/*
 * helper-simd-ext.c: the Advanced SIMD encodings helper-simd.c does not
 * cover (Arm ARM DDI 0487, C7 for each instruction):
 *   - saturating shifts: SQSHL/UQSHL/SQRSHL/UQRSHL (register), SQSHL/UQSHL/
 *     SQSHLU (immediate), the saturating narrowing shifts SQSHRN/UQSHRN/
 *     SQRSHRN/UQRSHRN/SQSHRUN/SQRSHRUN, SUQADD/USQADD;
 *   - scalar SQDMLAL/SQDMLSL/SQDMULL (register and by element);
 *   - FMULX, FRECPS, FRSQRTS, FRECPE, FRSQRTE, FRECPX, URECPE, URSQRTE;
 *   - FCVTN/FCVTL/FCVTXN, fixed-point SCVTF/UCVTF/FCVTZS/FCVTZU (vector and
 *     scalar, #fbits);
 *   - FMAXV/FMINV/FMAXNMV/FMINNMV and the scalar pairwise FP operations;
 *   - SQRDMLAH/SQRDMLSH (FEAT_RDM) and SDOT/UDOT (FEAT_DotProd), register
 *     and by element (translate-simd.c checks the CPU model has them).
 * Same descriptor as helper-simd.c (helper-simd.h); translate-simd.c tries
 * a64_simd_valid() first, then a64_simd_ext_valid().
 */
#include "common.h"
#include "translate.h"
#include "helper-simd.h"
#include "helper-simd-elem.h"
#include "helper-fp.h"
#include "fpu/fpu.h"

/* ---- Validity ---- */

static int shimm_sz(uint32_t d)
{
    unsigned immh = SD_EXTRA(d) >> 3;
    return immh ? 31 - __builtin_clz(immh) : -1;
}

static bool ext_3same_valid(uint32_t d)
{
    int op = SD_OP(d), sz = SD_SIZE(d);
    bool u = SD_U(d), q = SD_Q(d), sc = SD_SCALAR(d);

    if (op == 0x09 || op == 0x0b) {
        return sc || sz != 3 || q;
    }
    if (op == 0x1b || op == 0x1f) {
        /* FMULX (U 0, size<1> 0), FRECPS (size<1> 0), FRSQRTS (size<1> 1) */
        if (u || (op == 0x1b && (sz & 2))) {
            return false;
        }
        return sc || !(sz & 1) || q;
    }
    return false;
}

static bool ext_2misc_valid(uint32_t d)
{
    int op = SD_OP(d), sz = SD_SIZE(d), k = SD_U(d) << 5 | op;
    bool q = SD_Q(d), sc = SD_SCALAR(d);
    bool hi = sz >> 1, dbl = sz & 1;

    switch (k) {
    case 0x03: case 0x23:                       /* SUQADD, USQADD */
        return sc || sz != 3 || q;
    case 0x16: case 0x17:                       /* FCVTN, FCVTL */
        return !sc && !hi;
    case 0x36:                                  /* FCVTXN */
        return sz == 1;
    case 0x1c: case 0x3c:                       /* URECPE, URSQRTE */
        return !sc && sz == 2;
    case 0x1d: case 0x3d:                       /* FRECPE, FRSQRTE */
        return hi && (sc || !dbl || q);
    case 0x1f:                                  /* FRECPX */
        return hi && sc;
    default:
        return false;
    }
}

static bool ext_shimm_valid(uint32_t d)
{
    int sz = shimm_sz(d), op = SD_OP(d);
    bool u = SD_U(d), q = SD_Q(d), sc = SD_SCALAR(d);

    if (sz < 0) {
        return false;
    }
    switch (op) {
    case 0x0c: case 0x0e:       /* SQSHLU (U 1), SQSHL/UQSHL */
        return (op == 0x0e || u) && (sc || sz != 3 || q);
    case 0x10: case 0x11:       /* SQSHRUN, SQRSHRUN */
        return u && sz != 3;
    case 0x12: case 0x13:       /* [SU]QSHRN, [SU]QRSHRN */
        return sz != 3;
    case 0x1c: case 0x1f:       /* [SU]CVTF, FCVTZ[SU] (fixed point); half is FEAT_FP16 */
        return sz >= 2 && (sc || sz != 3 || q);
    default:
        return false;
    }
}

static bool ext_elem_valid(uint32_t d)
{
    int op = SD_OP(d), sz = SD_SIZE(d);
    bool u = SD_U(d), sc = SD_SCALAR(d);

    if (u && (op == 0xd || op == 0xf)) {
        return sz == 1 || sz == 2;                      /* SQRDMLAH, SQRDMLSH */
    }
    if (op == 0xe) {
        return !sc && sz == 2;                          /* SDOT, UDOT */
    }
    if (op == 0x9 && u) {
        /* FMULX (by element): single or double; double needs L = 0 and Q for vectors */
        if (!(sz & 2)) {
            return false;
        }
        return !(sz & 1) || (!(SD_EXTRA(d) & 1) && (sc || SD_Q(d)));
    }
    /* SQDMLAL, SQDMLSL, SQDMULL (scalar; the vector forms are helper-simd.c's) */
    return sc && !u && (op == 0x3 || op == 0x7 || op == 0xb) && (sz == 1 || sz == 2);
}

bool a64_simd_ext_valid(A64SimdGroup g, uint32_t d)
{
    switch (g) {
    case A64_SIMD_3SAME: return ext_3same_valid(d);
    case A64_SIMD_3DIFF:
        return SD_SCALAR(d) && !SD_U(d) && (SD_SIZE(d) == 1 || SD_SIZE(d) == 2) &&
               (SD_OP(d) == 0x9 || SD_OP(d) == 0xb || SD_OP(d) == 0xd);
    case A64_SIMD_2MISC: return ext_2misc_valid(d);
    case A64_SIMD_ACROSS:
        return SD_U(d) && SD_Q(d) && !(SD_SIZE(d) & 1) && (SD_OP(d) == 0x0c || SD_OP(d) == 0x0f);
    case A64_SIMD_PAIR:
        return SD_U(d) && (SD_OP(d) == 0x0c || SD_OP(d) == 0x0f ||
                           (SD_OP(d) == 0x0d && !(SD_SIZE(d) & 2)));
    case A64_SIMD_SHIMM: return ext_shimm_valid(d);
    case A64_SIMD_ELEM: return ext_elem_valid(d);
    case A64_SIMD_3EXTRA:
        if (SD_OP(d) <= 1) {
            return SD_U(d) && (SD_SIZE(d) == 1 || SD_SIZE(d) == 2);
        }
        return SD_OP(d) == 2 && SD_SIZE(d) == 2 && !SD_SCALAR(d);
    default: return false;
    }
}

/* ---- Saturating shifts ---- */

/*
 * (a [+ rounding]) shifted left by sh (right when negative), as a wide
 * integer; a is the signed or unsigned element value (at most 64 bits).
 * Right shifts beyond 66 give the same result as 66, so they are clamped to
 * stay inside __int128.
 */
static __int128 shift_wide(__int128 a, int sh, bool round)
{
    if (sh >= 64) {
        /* Any nonzero element overflows every element size: a value that saturates. */
        return a > 0 ? (__int128)1 << 100 : a < 0 ? -((__int128)1 << 100) : 0;
    }
    if (sh >= 0) {
        return a << sh;
    }
    sh = -sh > 66 ? 66 : -sh;
    if (round) {
        a += (__int128)1 << (sh - 1);
    }
    return a >> sh;
}

static uint64_t sat_shift(ARMCPU *cpu, uint64_t a, int sh, int sz, bool src_u, bool dst_u,
                          bool round)
{
    __int128 v = src_u ? (__int128)(a & emask(sz)) : (__int128)sx(a, sz);

    /* A zero never overflows, whatever the shift. */
    if (v == 0) {
        return 0;
    }
    v = shift_wide(v, sh, round);
    return dst_u ? sat_u(cpu, v, sz) : sat_s(cpu, v, sz);
}

/* SQRDMLAH / SQRDMLSH: (d << esize +- 2*n*m + rounding) >> esize, saturated. */
static void rdml(ARMCPU *cpu, bool sub, int sz, int ne, const ARMVReg *n, const ARMVReg *m,
                 const ARMVReg *dv, ARMVReg *r)
{
    int bits = 8 << sz;

    for (int i = 0; i < ne; i++) {
        __int128 p = (__int128)sx(vget(n, i, sz), sz) * sx(vget(m, i, sz), sz) * 2;
        __int128 acc = ((__int128)sx(vget(dv, i, sz), sz) << bits) + (sub ? -p : p) +
                       ((__int128)1 << (bits - 1));
        vset(r, i, sz, sat_s(cpu, acc >> bits, sz));
    }
}

/* SDOT / UDOT: each word accumulates the four byte products of its lane. */
static void dot(bool u, int ne, const ARMVReg *n, const ARMVReg *m, const ARMVReg *dv, ARMVReg *r)
{
    for (int i = 0; i < ne; i++) {
        uint32_t acc = dv->s[i];
        for (int j = 0; j < 4; j++) {
            int k = 4 * i + j;
            acc += u ? (uint32_t)n->b[k] * m->b[k]
                     : (uint32_t)((int32_t)(int8_t)n->b[k] * (int8_t)m->b[k]);
        }
        r->s[i] = acc;
    }
}

/* ---- The groups ---- */

static uint64_t fp2(ARMCPU *cpu, unsigned op, uint64_t a, uint64_t b, bool dbl)
{
    return helper_a64_fp2(&cpu->common, a, b, op | (dbl ? A64_FP_DBL : 0));
}

static void ext_3same(ARMCPU *cpu, uint32_t d, const ARMVReg *n, const ARMVReg *m, ARMVReg *r)
{
    int op = SD_OP(d), sz = SD_SIZE(d);
    bool u = SD_U(d), sc = SD_SCALAR(d);
    int bytes = SD_Q(d) ? 16 : 8;

    if (op == 0x09 || op == 0x0b) {
        for (int i = 0; i < (sc ? 1 : bytes >> sz); i++) {
            vset(r, i, sz, sat_shift(cpu, vget(n, i, sz), (int8_t)vget(m, i, sz), sz, u, u,
                                     op == 0x0b));
        }
        return;
    }
    {
        bool dbl = sz & 1;
        int esz = dbl ? 3 : 2;
        int kind = op == 0x1b ? A64_STEP_MULX : (sz & 2) ? A64_STEP_RSQRTS : A64_STEP_RECPS;
        for (int i = 0; i < (sc ? 1 : bytes >> esz); i++) {
            vset(r, i, esz, a64_fp_step(cpu, vget(n, i, esz), vget(m, i, esz), dbl, kind));
        }
    }
}

/* Scalar SQDMULL/SQDMLAL/SQDMLSL on element 0 of n and m (m may be a broadcast element). */
static void ext_sqdml(ARMCPU *cpu, int op, int sz, const ARMVReg *n, const ARMVReg *m,
                      const ARMVReg *dv, ARMVReg *r)
{
    __int128 p = (__int128)sx(vget(n, 0, sz), sz) * sx(vget(m, 0, sz), sz) * 2;
    uint64_t x = sat_s(cpu, p, sz + 1);

    if (op != 0xd) {
        __int128 acc = sx(vget(dv, 0, sz + 1), sz + 1), pv = sx(x, sz + 1);
        x = sat_s(cpu, op == 0x9 ? acc + pv : acc - pv, sz + 1);
    }
    vset(r, 0, sz + 1, x);
}

static void ext_2misc(ARMCPU *cpu, uint32_t d, const ARMVReg *n, const ARMVReg *dv, ARMVReg *r)
{
    int op = SD_OP(d), sz = SD_SIZE(d), k = SD_U(d) << 5 | op;
    bool q = SD_Q(d), sc = SD_SCALAR(d), dbl = sz & 1;
    int bytes = q ? 16 : 8, esz = dbl ? 3 : 2;

    switch (k) {
    case 0x03: case 0x23: {
        bool u = k == 0x23;
        for (int i = 0; i < (sc ? 1 : bytes >> sz); i++) {
            /* SUQADD: signed Vd + unsigned Vn, signed result; USQADD the other way. */
            uint64_t a = vget(n, i, sz), b = vget(dv, i, sz);
            __int128 x = u ? (__int128)sx(a, sz) + (__int128)b : (__int128)a + sx(b, sz);
            vset(r, i, sz, u ? sat_u(cpu, x, sz) : sat_s(cpu, x, sz));
        }
        return;
    }
    case 0x16: case 0x36: {
        /* FCVTN/FCVTN2, FCVTXN/FCVTXN2: narrow into the low or high half. */
        int nsz = dbl ? 2 : 1, ne = 8 >> nsz;
        if (sc) {
            vset(r, 0, 2, a64_fp_convert(cpu, n->d[0], 3, 2, true));
            return;
        }
        *r = *dv;
        if (!q) {
            r->d[1] = 0;
        }
        for (int i = 0; i < ne; i++) {
            vset(r, (q ? ne : 0) + i, nsz,
                 a64_fp_convert(cpu, vget(n, i, nsz + 1), nsz + 1, nsz, k == 0x36));
        }
        return;
    }
    case 0x17: {
        /* FCVTL/FCVTL2: widen the low or high half. */
        int nsz = dbl ? 2 : 1, ne = 8 >> nsz;
        for (int i = 0; i < ne; i++) {
            vset(r, i, nsz + 1, a64_fp_convert(cpu, vget(n, (q ? ne : 0) + i, nsz), nsz, nsz + 1,
                                               false));
        }
        return;
    }
    case 0x1c: case 0x3c:
        for (int i = 0; i < bytes >> 2; i++) {
            r->s[i] = k == 0x1c ? a64_urecpe(n->s[i]) : a64_ursqrte(n->s[i]);
        }
        return;
    default:
        for (int i = 0; i < (sc ? 1 : bytes >> esz); i++) {
            uint64_t a = vget(n, i, esz);
            vset(r, i, esz, k == 0x1d ? a64_fp_recpe(cpu, a, dbl)
                            : k == 0x3d ? a64_fp_rsqrte(cpu, a, dbl) : a64_fp_recpx(cpu, a, dbl));
        }
        return;
    }
}

static void ext_shimm(ARMCPU *cpu, uint32_t d, const ARMVReg *n, const ARMVReg *dv, ARMVReg *r)
{
    int sz = shimm_sz(d), op = SD_OP(d), bits = 8 << sz, immhb = (int)SD_EXTRA(d);
    bool u = SD_U(d), q = SD_Q(d), sc = SD_SCALAR(d);
    int ne = sc ? 1 : (q ? 16 : 8) >> sz;

    switch (op) {
    case 0x0c: case 0x0e:
        /* SQSHLU: signed to unsigned; SQSHL/UQSHL: same signedness. */
        for (int i = 0; i < ne; i++) {
            vset(r, i, sz, sat_shift(cpu, vget(n, i, sz), immhb - bits, sz, op == 0x0e && u, u,
                                     false));
        }
        return;
    case 0x10: case 0x11: case 0x12: case 0x13: {
        /* Narrowing: immh gives the narrow size; source elements are twice as wide. */
        bool src_u = op >= 0x12 && u, dst_u = u, round = op & 1;
        int nne = sc ? 1 : 8 >> sz, sh = 2 * bits - immhb;
        if (!sc) {
            *r = *dv;
            if (!q) {
                r->d[1] = 0;
            }
        }
        for (int i = 0; i < nne; i++) {
            uint64_t a = vget(n, i, sz + 1);
            __int128 v = src_u ? (__int128)a : (__int128)sx(a, sz + 1);
            v = shift_wide(v, -sh, round);
            vset(r, (q && !sc ? nne : 0) + i, sz, dst_u ? sat_u(cpu, v, sz) : sat_s(cpu, v, sz));
        }
        return;
    }
    default: {
        /* Fixed point: fbits = 2 * esize - immh:immb. */
        bool dbl = sz == 3;
        uint32_t fbits = (uint32_t)(2 * bits - immhb);
        uint32_t desc = (dbl ? A64_FP_DBL | A64_CVT_64 : 0) | (u ? 0 : A64_CVT_SIGNED) |
                        fbits << A64_CVT_FBITS_SHIFT;
        for (int i = 0; i < ne; i++) {
            uint64_t a = vget(n, i, sz);
            if (op == 0x1c) {
                a = helper_a64_int_to_fp(&cpu->common, a, desc);
            } else {
                a = helper_a64_fcvt_to_int(&cpu->common, a,
                                           desc | (uint32_t)FP_RTZ << A64_CVT_RM_SHIFT);
            }
            vset(r, i, sz, a);
        }
        return;
    }
    }
}

/* FMAXNMV, FMINNMV, FMAXV, FMINV: Reduce() halves recursively, op(lower, upper). */
static void ext_across(ARMCPU *cpu, uint32_t d, const ARMVReg *n, ARMVReg *r)
{
    static const unsigned ops[2][2] = {
        { A64_FP2_MAXNM, A64_FP2_MINNM }, { A64_FP2_MAX, A64_FP2_MIN },
    };
    unsigned op = ops[SD_OP(d) == 0x0f][SD_SIZE(d) >> 1];
    uint64_t lo = fp2(cpu, op, n->s[0], n->s[1], false);
    uint64_t hi = fp2(cpu, op, n->s[2], n->s[3], false);

    r->s[0] = (uint32_t)fp2(cpu, op, lo, hi, false);
}

/* Scalar FADDP, FMAXP, FMINP, FMAXNMP, FMINNMP over the two elements of Vn. */
static void ext_pair(ARMCPU *cpu, uint32_t d, const ARMVReg *n, ARMVReg *r)
{
    bool dbl = SD_SIZE(d) & 1, hi = SD_SIZE(d) >> 1;
    int esz = dbl ? 3 : 2;
    unsigned op;

    switch (SD_OP(d)) {
    case 0x0c: op = hi ? A64_FP2_MINNM : A64_FP2_MAXNM; break;
    case 0x0d: op = A64_FP2_ADD; break;
    default: op = hi ? A64_FP2_MIN : A64_FP2_MAX; break;
    }
    vset(r, 0, esz, fp2(cpu, op, vget(n, 0, esz), vget(n, 1, esz), dbl));
}

static void ext_elem(ARMCPU *cpu, uint32_t d, const ARMVReg *n, const ARMVReg *dv, ARMVReg *r)
{
    int sz = SD_SIZE(d), idx = (int)SD_EXTRA(d), rm = SD_RM(d), op = SD_OP(d);
    int ne = SD_SCALAR(d) ? 1 : (SD_Q(d) ? 16 : 8) >> sz;
    ARMVReg mb = { { 0, 0 } };

    if (op == 0xe) {
        /* SDOT/UDOT by element: the 4-byte group H:L of Vm (M:Rm), in every lane. */
        uint32_t g = cpu->vregs[rm].s[idx];
        for (int i = 0; i < 4; i++) {
            mb.s[i] = g;
        }
        dot(SD_U(d), ne, n, &mb, dv, r);
        return;
    }
    if (SD_U(d) && (op == 0xd || op == 0xf)) {
        if (sz == 1) {
            idx = idx << 1 | rm >> 4;
            rm &= 15;
        }
        uint64_t e = vget(&cpu->vregs[rm], idx, sz);
        for (int i = 0; i < 16 >> sz; i++) {
            vset(&mb, i, sz, e);
        }
        rdml(cpu, op == 0xf, sz, ne, n, &mb, dv, r);
        return;
    }

    if (SD_OP(d) == 0x9) {
        /* FMULX by element: index H:L (single) or H (double). */
        bool dbl = sz & 1;
        int esz = dbl ? 3 : 2, ne = SD_SCALAR(d) ? 1 : (SD_Q(d) ? 16 : 8) >> esz;
        uint64_t b = vget(&cpu->vregs[rm], dbl ? idx >> 1 : idx, esz);
        for (int i = 0; i < ne; i++) {
            vset(r, i, esz, a64_fp_step(cpu, vget(n, i, esz), b, dbl, A64_STEP_MULX));
        }
        return;
    }
    /* Halfwords: index H:L:M, register Vm<3:0>; words: index H:L. */
    if (sz == 1) {
        idx = idx << 1 | rm >> 4;
        rm &= 15;
    }
    vset(&mb, 0, sz, vget(&cpu->vregs[rm], idx, sz));
    ext_sqdml(cpu, SD_OP(d) == 0x3 ? 0x9 : SD_OP(d) == 0x7 ? 0xb : 0xd, sz, n, &mb, dv, r);
}

void helper_a64_simd_ext(CPUCommon *env, uint32_t group, uint32_t d)
{
    ARMCPU *cpu = arm_cpu(env);
    ARMVReg n = cpu->vregs[SD_RN(d)], m = cpu->vregs[SD_RM(d)], dv = cpu->vregs[SD_RD(d)];
    ARMVReg r = { { 0, 0 } };
    bool full = false;

    switch ((A64SimdGroup)group) {
    case A64_SIMD_3SAME: ext_3same(cpu, d, &n, &m, &r); break;
    case A64_SIMD_3DIFF: ext_sqdml(cpu, SD_OP(d), SD_SIZE(d), &n, &m, &dv, &r); break;
    case A64_SIMD_2MISC: {
        int k = SD_U(d) << 5 | SD_OP(d);
        full = k == 0x16 || k == 0x36 || k == 0x17;
        ext_2misc(cpu, d, &n, &dv, &r);
        break;
    }
    case A64_SIMD_SHIMM:
        full = SD_OP(d) >= 0x10 && SD_OP(d) <= 0x13;
        ext_shimm(cpu, d, &n, &dv, &r);
        break;
    case A64_SIMD_ACROSS: ext_across(cpu, d, &n, &r); break;
    case A64_SIMD_PAIR: ext_pair(cpu, d, &n, &r); break;
    case A64_SIMD_ELEM: ext_elem(cpu, d, &n, &dv, &r); break;
    case A64_SIMD_3EXTRA: {
        int ne = SD_SCALAR(d) ? 1 : (SD_Q(d) ? 16 : 8) >> SD_SIZE(d);
        if (SD_OP(d) == 2) {
            dot(SD_U(d), ne, &n, &m, &dv, &r);
        } else {
            rdml(cpu, SD_OP(d) == 1, SD_SIZE(d), ne, &n, &m, &dv, &r);
        }
        break;
    }
    default:
        g_assert_not_reached();
    }
    /* 64-bit vectors and scalars clear the upper half; the narrowing/widening forms chose it. */
    if ((!SD_Q(d) || SD_SCALAR(d)) && !(full && !SD_SCALAR(d))) {
        r.d[1] = 0;
    }
    cpu->vregs[SD_RD(d)] = r;
}

IR_HELPER_DEF(a64_simd_ext, IR_HT_VOID, IR_HELPER_NO_READ_GLOBALS | IR_HELPER_NO_WRITE_GLOBALS,
              IR_HT_PTR, IR_HT_I32, IR_HT_I32);
