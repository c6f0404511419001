/*
 * emit.c: x86-64 instruction encoding (Intel SDM vol. 2, chapter 2).
 *
 * Every instruction is laid out as
 *   [F0 lock] [66] [F2/F3] [REX] [0F [38]] opcode ModRM [SIB] [disp] [imm]
 * by x86_op_rr/x86_op_rm from an opcode word carrying the prefixes as flags.
 * A REX prefix is emitted when W is set, when any register number is >= 8, or
 * when a byte register operand is spl/bpl/sil/dil (numbers 4..7, which without
 * REX would mean ah/ch/dh/bh).
 */
#include "common.h"
#include "emit.h"

enum {
    P_W = 1 << 8,         /* REX.W: 64-bit operand size */
    P_0F = 1 << 9,        /* two-byte opcode */
    P_0F38 = 1 << 10,     /* three-byte opcode 0F 38 xx */
    P_66 = 1 << 11,       /* operand-size override or mandatory prefix */
    P_F3 = 1 << 12,
    P_F2 = 1 << 13,
    P_LOCK = 1 << 14,
    P_BREG_R = 1 << 15,   /* the ModRM.reg operand is a byte register */
    P_BREG_RM = 1 << 16,  /* the ModRM.rm register operand is a byte register */
};

static inline void put8(X86Buf *b, uint8_t v) { *b->ptr++ = v; }

static inline void put32(X86Buf *b, uint32_t v)
{
    memcpy(b->ptr, &v, 4);
    b->ptr += 4;
}

static inline void put64(X86Buf *b, uint64_t v)
{
    memcpy(b->ptr, &v, 8);
    b->ptr += 8;
}

/* Size prefixes for an operation of size sz: 66 for 16 bits, REX.W for 64. */
static unsigned size_flags(unsigned sz)
{
    return sz == MO_64 ? P_W : sz == MO_16 ? P_66 : 0;
}

static void put_prefixes(X86Buf *b, unsigned opc, int reg, int index, int rm, bool rm_is_reg)
{
    unsigned rex = 0;

    if (opc & P_LOCK) {
        put8(b, 0xf0);
    }
    if (opc & P_66) {
        put8(b, 0x66);
    }
    if (opc & P_F3) {
        put8(b, 0xf3);
    } else if (opc & P_F2) {
        put8(b, 0xf2);
    }
    if (opc & P_W) {
        rex |= 8;
    }
    if (reg >= 0 && (reg & 8)) {
        rex |= 4;
    }
    if (index >= 0 && (index & 8)) {
        rex |= 2;
    }
    if (rm >= 0 && (rm & 8)) {
        rex |= 1;
    }
    if (rex || ((opc & P_BREG_R) && reg >= 4 && reg < 8) ||
        ((opc & P_BREG_RM) && rm_is_reg && rm >= 4 && rm < 8)) {
        put8(b, 0x40 | rex);
    }
    if (opc & (P_0F | P_0F38)) {
        put8(b, 0x0f);
        if (opc & P_0F38) {
            put8(b, 0x38);
        }
    }
    put8(b, opc & 0xff);
}

/* opcode with ModRM.mod = 3: reg (or an opcode extension) and a register rm. */
static void x86_op_rr(X86Buf *b, unsigned opc, int reg, int rm)
{
    put_prefixes(b, opc, reg, -1, rm, true);
    put8(b, 0xc0 | (reg & 7) << 3 | (rm & 7));
}

/* ModRM, SIB and displacement for a memory operand. */
static void put_modrm_mem(X86Buf *b, int reg, const X86Mem *m)
{
    int base = m->base, index = m->index;
    unsigned r = (unsigned)(reg & 7) << 3;

    if (base < 0) {
        /* No base: SIB with base=101 and mod=00 means disp32 (+ index). */
        put8(b, 0x04 | r);
        put8(b, (index < 0 ? 0x20 : (m->scale << 6 | (index & 7) << 3)) | 5);
        put32(b, (uint32_t)m->disp);
        return;
    }

    unsigned mod;
    if (m->disp == 0 && (base & 7) != X86_RBP) {
        mod = 0x00;     /* rbp/r13 as base with mod 00 would mean rip/disp32 */
    } else if (x86_fits_i8(m->disp)) {
        mod = 0x40;
    } else {
        mod = 0x80;
    }
    if (index < 0 && (base & 7) != X86_RSP) {
        put8(b, mod | r | (base & 7));
    } else {
        /* rsp/r12 as base need a SIB; index 100 without REX.X means none. */
        g_assert(index != X86_RSP);
        put8(b, mod | r | 4);
        put8(b, (index < 0 ? 0x20 : (m->scale << 6 | (index & 7) << 3)) | (base & 7));
    }
    if (mod == 0x40) {
        put8(b, (uint8_t)m->disp);
    } else if (mod == 0x80) {
        put32(b, (uint32_t)m->disp);
    }
}

static void x86_op_rm(X86Buf *b, unsigned opc, int reg, const X86Mem *m)
{
    put_prefixes(b, opc, reg, m->index, m->base, false);
    put_modrm_mem(b, reg, m);
}

/*
 * VEX-encoded (BMI) instructions: 3-byte VEX C4, map 0F38.  rr = ModRM.reg,
 * vvvv = the extra register, pp = implied prefix (0 none, 1 66, 2 F3, 3 F2).
 */
static void x86_vex_rr(X86Buf *b, uint8_t opc, unsigned pp, unsigned sz, int reg, int vvvv, int rm)
{
    put8(b, 0xc4);
    put8(b, (uint8_t)((reg & 8 ? 0 : 0x80) | 0x40 /* no X */ | (rm & 8 ? 0 : 0x20) | 0x02));
    put8(b, (uint8_t)((sz == MO_64 ? 0x80 : 0) | ((~vvvv & 15) << 3) | pp));
    put8(b, opc);
    put8(b, 0xc0 | (reg & 7) << 3 | (rm & 7));
}

/* Data movement. */

void x86_mov_rr(X86Buf *b, unsigned sz, int dst, int src)
{
    if (sz == MO_8) {
        x86_op_rr(b, 0x8a | P_BREG_R | P_BREG_RM, dst, src);
    } else {
        x86_op_rr(b, 0x8b | size_flags(sz), dst, src);
    }
}

void x86_mov_ri(X86Buf *b, int dst, uint64_t imm)
{
    if (imm == (uint32_t)imm) {
        /* mov r32, imm32 zero-extends */
        put_prefixes(b, 0xb8 + (dst & 7), -1, -1, dst, true);
        put32(b, (uint32_t)imm);
    } else if (x86_fits_i32((int64_t)imm)) {
        x86_op_rr(b, 0xc7 | P_W, 0, dst);
        put32(b, (uint32_t)imm);
    } else {
        put_prefixes(b, (0xb8 + (dst & 7)) | P_W, -1, -1, dst, true);
        put64(b, imm);
    }
}

void x86_mov_rm(X86Buf *b, unsigned sz, int dst, const X86Mem *m)
{
    if (sz == MO_8) {
        x86_op_rm(b, 0x8a | P_BREG_R, dst, m);
    } else {
        x86_op_rm(b, 0x8b | size_flags(sz), dst, m);
    }
}

void x86_mov_mr(X86Buf *b, unsigned sz, const X86Mem *m, int src)
{
    if (sz == MO_8) {
        x86_op_rm(b, 0x88 | P_BREG_R, src, m);
    } else {
        x86_op_rm(b, 0x89 | size_flags(sz), src, m);
    }
}

void x86_mov_mi(X86Buf *b, unsigned sz, const X86Mem *m, int32_t imm)
{
    if (sz == MO_8) {
        x86_op_rm(b, 0xc6, 0, m);
        put8(b, (uint8_t)imm);
    } else {
        x86_op_rm(b, 0xc7 | size_flags(sz), 0, m);
        if (sz == MO_16) {
            put8(b, (uint8_t)imm);
            put8(b, (uint8_t)(imm >> 8));
        } else {
            put32(b, (uint32_t)imm);
        }
    }
}

void x86_movzx_rr(X86Buf *b, unsigned srcsz, int dst, int src)
{
    if (srcsz == MO_8) {
        x86_op_rr(b, 0xb6 | P_0F | P_BREG_RM, dst, src);
    } else if (srcsz == MO_16) {
        x86_op_rr(b, 0xb7 | P_0F, dst, src);
    } else {
        x86_mov_rr(b, MO_32, dst, src);
    }
}

void x86_movzx_rm(X86Buf *b, unsigned srcsz, int dst, const X86Mem *m)
{
    if (srcsz == MO_8) {
        x86_op_rm(b, 0xb6 | P_0F, dst, m);
    } else if (srcsz == MO_16) {
        x86_op_rm(b, 0xb7 | P_0F, dst, m);
    } else {
        x86_mov_rm(b, srcsz, dst, m);
    }
}

void x86_movsx_rr(X86Buf *b, unsigned srcsz, unsigned dstsz, int dst, int src)
{
    unsigned w = dstsz == MO_64 ? P_W : 0;

    if (srcsz == MO_8) {
        x86_op_rr(b, 0xbe | P_0F | P_BREG_RM | w, dst, src);
    } else if (srcsz == MO_16) {
        x86_op_rr(b, 0xbf | P_0F | w, dst, src);
    } else if (srcsz == MO_32 && dstsz == MO_64) {
        x86_op_rr(b, 0x63 | P_W, dst, src);      /* movsxd */
    } else {
        x86_mov_rr(b, dstsz, dst, src);
    }
}

void x86_movsx_rm(X86Buf *b, unsigned srcsz, unsigned dstsz, int dst, const X86Mem *m)
{
    unsigned w = dstsz == MO_64 ? P_W : 0;

    if (srcsz == MO_8) {
        x86_op_rm(b, 0xbe | P_0F | w, dst, m);
    } else if (srcsz == MO_16) {
        x86_op_rm(b, 0xbf | P_0F | w, dst, m);
    } else if (srcsz == MO_32 && dstsz == MO_64) {
        x86_op_rm(b, 0x63 | P_W, dst, m);
    } else {
        x86_mov_rm(b, dstsz, dst, m);
    }
}

void x86_movbe_rm(X86Buf *b, unsigned sz, int dst, const X86Mem *m)
{
    x86_op_rm(b, 0xf0 | P_0F38 | size_flags(sz), dst, m);
}

void x86_movbe_mr(X86Buf *b, unsigned sz, const X86Mem *m, int src)
{
    x86_op_rm(b, 0xf1 | P_0F38 | size_flags(sz), src, m);
}

void x86_lea(X86Buf *b, unsigned sz, int dst, const X86Mem *m)
{
    x86_op_rm(b, 0x8d | size_flags(sz), dst, m);
}

void x86_xchg_mr(X86Buf *b, unsigned sz, const X86Mem *m, int src)
{
    /* xchg with memory is implicitly locked */
    if (sz == MO_8) {
        x86_op_rm(b, 0x86 | P_BREG_R, src, m);
    } else {
        x86_op_rm(b, 0x87 | size_flags(sz), src, m);
    }
}

/* Arithmetic and logic. */

void x86_alu_rr(X86Buf *b, X86Alu op, unsigned sz, int dst, int src)
{
    if (sz == MO_8) {
        x86_op_rr(b, (op << 3 | 0x00) | P_BREG_R | P_BREG_RM, src, dst);
    } else {
        x86_op_rr(b, (op << 3 | 0x01) | size_flags(sz), src, dst);
    }
}

void x86_alu_ri(X86Buf *b, X86Alu op, unsigned sz, int dst, int32_t imm)
{
    if (sz == MO_8) {
        x86_op_rr(b, 0x80 | P_BREG_RM, op, dst);
        put8(b, (uint8_t)imm);
    } else if (x86_fits_i8(imm)) {
        x86_op_rr(b, 0x83 | size_flags(sz), op, dst);
        put8(b, (uint8_t)imm);
    } else if (dst == X86_RAX && sz != MO_16) {
        /* the one-byte-shorter accumulator form */
        put_prefixes(b, (op << 3 | 0x05) | size_flags(sz), -1, -1, -1, false);
        put32(b, (uint32_t)imm);
    } else {
        x86_op_rr(b, 0x81 | size_flags(sz), op, dst);
        if (sz == MO_16) {
            put8(b, (uint8_t)imm);
            put8(b, (uint8_t)(imm >> 8));
        } else {
            put32(b, (uint32_t)imm);
        }
    }
}

void x86_alu_rm(X86Buf *b, X86Alu op, unsigned sz, int dst, const X86Mem *m)
{
    if (sz == MO_8) {
        x86_op_rm(b, (op << 3 | 0x02) | P_BREG_R, dst, m);
    } else {
        x86_op_rm(b, (op << 3 | 0x03) | size_flags(sz), dst, m);
    }
}

void x86_alu_mr(X86Buf *b, X86Alu op, unsigned sz, const X86Mem *m, int src)
{
    if (sz == MO_8) {
        x86_op_rm(b, (op << 3 | 0x00) | P_BREG_R, src, m);
    } else {
        x86_op_rm(b, (op << 3 | 0x01) | size_flags(sz), src, m);
    }
}

void x86_alu_mi(X86Buf *b, X86Alu op, unsigned sz, const X86Mem *m, int32_t imm)
{
    if (sz == MO_8) {
        x86_op_rm(b, 0x80, op, m);
        put8(b, (uint8_t)imm);
    } else if (x86_fits_i8(imm)) {
        x86_op_rm(b, 0x83 | size_flags(sz), op, m);
        put8(b, (uint8_t)imm);
    } else {
        x86_op_rm(b, 0x81 | size_flags(sz), op, m);
        if (sz == MO_16) {
            put8(b, (uint8_t)imm);
            put8(b, (uint8_t)(imm >> 8));
        } else {
            put32(b, (uint32_t)imm);
        }
    }
}

void x86_test_rr(X86Buf *b, unsigned sz, int dst, int src)
{
    if (sz == MO_8) {
        x86_op_rr(b, 0x84 | P_BREG_R | P_BREG_RM, src, dst);
    } else {
        x86_op_rr(b, 0x85 | size_flags(sz), src, dst);
    }
}

void x86_test_ri(X86Buf *b, unsigned sz, int dst, int32_t imm)
{
    if (sz == MO_8 || (imm >= 0 && imm < 0x80)) {
        /* test r8, imm8: for masks below 0x80 the flags equal the full-width test */
        x86_op_rr(b, 0xf6 | P_BREG_RM, 0, dst);
        put8(b, (uint8_t)imm);
        return;
    }
    if (dst == X86_RAX && sz != MO_16) {
        put_prefixes(b, 0xa9 | size_flags(sz), -1, -1, -1, false);
    } else {
        x86_op_rr(b, 0xf7 | size_flags(sz), 0, dst);
    }
    if (sz == MO_16) {
        put8(b, (uint8_t)imm);
        put8(b, (uint8_t)(imm >> 8));
    } else {
        put32(b, (uint32_t)imm);
    }
}

void x86_shift_ri(X86Buf *b, X86Shift op, unsigned sz, int dst, unsigned count)
{
    unsigned breg = sz == MO_8 ? P_BREG_RM : 0;

    if (count == 1) {
        x86_op_rr(b, (sz == MO_8 ? 0xd0 : 0xd1) | size_flags(sz) | breg, op, dst);
    } else {
        x86_op_rr(b, (sz == MO_8 ? 0xc0 : 0xc1) | size_flags(sz) | breg, op, dst);
        put8(b, (uint8_t)count);
    }
}

void x86_shift_rcl(X86Buf *b, X86Shift op, unsigned sz, int dst)
{
    x86_op_rr(b, (sz == MO_8 ? 0xd2 | P_BREG_RM : 0xd3) | size_flags(sz), op, dst);
}

void x86_imul_rr(X86Buf *b, unsigned sz, int dst, int src)
{
    x86_op_rr(b, 0xaf | P_0F | size_flags(sz), dst, src);
}

void x86_imul_rri(X86Buf *b, unsigned sz, int dst, int src, int32_t imm)
{
    if (x86_fits_i8(imm)) {
        x86_op_rr(b, 0x6b | size_flags(sz), dst, src);
        put8(b, (uint8_t)imm);
    } else {
        x86_op_rr(b, 0x69 | size_flags(sz), dst, src);
        put32(b, (uint32_t)imm);
    }
}

static void x86_grp3(X86Buf *b, unsigned ext, unsigned sz, int r)
{
    x86_op_rr(b, (sz == MO_8 ? 0xf6 | P_BREG_RM : 0xf7) | size_flags(sz), ext, r);
}

void x86_not(X86Buf *b, unsigned sz, int r) { x86_grp3(b, 2, sz, r); }
void x86_neg(X86Buf *b, unsigned sz, int r) { x86_grp3(b, 3, sz, r); }
void x86_mul(X86Buf *b, unsigned sz, int r) { x86_grp3(b, 4, sz, r); }
void x86_imul_r(X86Buf *b, unsigned sz, int r) { x86_grp3(b, 5, sz, r); }
void x86_div(X86Buf *b, unsigned sz, int r) { x86_grp3(b, 6, sz, r); }
void x86_idiv(X86Buf *b, unsigned sz, int r) { x86_grp3(b, 7, sz, r); }

void x86_cqo(X86Buf *b, unsigned sz)
{
    put_prefixes(b, 0x99 | size_flags(sz), -1, -1, -1, false);
}

void x86_bswap(X86Buf *b, unsigned sz, int r)
{
    put_prefixes(b, (0xc8 + (r & 7)) | P_0F | size_flags(sz), -1, -1, r, true);
}

void x86_bsf(X86Buf *b, unsigned sz, int dst, int src)
{
    x86_op_rr(b, 0xbc | P_0F | size_flags(sz), dst, src);
}

void x86_bsr(X86Buf *b, unsigned sz, int dst, int src)
{
    x86_op_rr(b, 0xbd | P_0F | size_flags(sz), dst, src);
}

void x86_tzcnt(X86Buf *b, unsigned sz, int dst, int src)
{
    x86_op_rr(b, 0xbc | P_0F | P_F3 | size_flags(sz), dst, src);
}

void x86_lzcnt(X86Buf *b, unsigned sz, int dst, int src)
{
    x86_op_rr(b, 0xbd | P_0F | P_F3 | size_flags(sz), dst, src);
}

void x86_popcnt(X86Buf *b, unsigned sz, int dst, int src)
{
    x86_op_rr(b, 0xb8 | P_0F | P_F3 | size_flags(sz), dst, src);
}

void x86_andn(X86Buf *b, unsigned sz, int dst, int src1, int src2)
{
    x86_vex_rr(b, 0xf2, 0, sz, dst, src1, src2);
}

void x86_shlx(X86Buf *b, unsigned sz, int dst, int src, int count)
{
    x86_vex_rr(b, 0xf7, 1, sz, dst, count, src);
}

void x86_shrx(X86Buf *b, unsigned sz, int dst, int src, int count)
{
    x86_vex_rr(b, 0xf7, 3, sz, dst, count, src);
}

void x86_sarx(X86Buf *b, unsigned sz, int dst, int src, int count)
{
    x86_vex_rr(b, 0xf7, 2, sz, dst, count, src);
}

/* Conditions. */

void x86_setcc(X86Buf *b, X86Cond cc, int dst)
{
    x86_op_rr(b, (0x90 + cc) | P_0F | P_BREG_RM, 0, dst);
}

void x86_cmovcc(X86Buf *b, X86Cond cc, unsigned sz, int dst, int src)
{
    x86_op_rr(b, (0x40 + cc) | P_0F | size_flags(sz), dst, src);
}

/* Control flow. */

void x86_patch_rel32(uint8_t *disp, uint8_t *target)
{
    int64_t rel = target - (disp + 4);
    int32_t v = (int32_t)rel;

    g_assert(rel == v);
    memcpy(disp, &v, 4);
}

uint8_t *x86_jcc_rel32(X86Buf *b, X86Cond cc, uint8_t *target)
{
    put8(b, 0x0f);
    put8(b, 0x80 + cc);
    uint8_t *disp = b->ptr;
    put32(b, 0);
    if (target) {
        x86_patch_rel32(disp, target);
    }
    return disp;
}

uint8_t *x86_jmp_rel32(X86Buf *b, uint8_t *target)
{
    put8(b, 0xe9);
    uint8_t *disp = b->ptr;
    put32(b, 0);
    if (target) {
        x86_patch_rel32(disp, target);
    }
    return disp;
}

void x86_jcc_rel8(X86Buf *b, X86Cond cc, uint8_t *target)
{
    int64_t rel = target - (b->ptr + 2);

    g_assert(x86_fits_i8(rel));
    put8(b, 0x70 + cc);
    put8(b, (uint8_t)rel);
}

void x86_jmp_rel8(X86Buf *b, uint8_t *target)
{
    int64_t rel = target - (b->ptr + 2);

    g_assert(x86_fits_i8(rel));
    put8(b, 0xeb);
    put8(b, (uint8_t)rel);
}

void x86_call_abs(X86Buf *b, uintptr_t target, int scratch)
{
    int64_t rel = (int64_t)(target - (x86_rx_addr(b, b->ptr) + 5));

    if (x86_fits_i32(rel)) {
        put8(b, 0xe8);
        put32(b, (uint32_t)rel);
    } else {
        x86_mov_ri(b, scratch, target);
        x86_call_r(b, scratch);
    }
}

void x86_call_r(X86Buf *b, int r)
{
    x86_op_rr(b, 0xff, 2, r);
}

void x86_jmp_r(X86Buf *b, int r)
{
    x86_op_rr(b, 0xff, 4, r);
}

void x86_ret(X86Buf *b)
{
    put8(b, 0xc3);
}

void x86_push(X86Buf *b, int r)
{
    put_prefixes(b, 0x50 + (r & 7), -1, -1, r, true);
}

void x86_pop(X86Buf *b, int r)
{
    put_prefixes(b, 0x58 + (r & 7), -1, -1, r, true);
}

/* Atomics and barriers. */

void x86_lock_cmpxchg_mr(X86Buf *b, unsigned sz, const X86Mem *m, int src)
{
    if (sz == MO_8) {
        x86_op_rm(b, 0xb0 | P_0F | P_LOCK | P_BREG_R, src, m);
    } else {
        x86_op_rm(b, 0xb1 | P_0F | P_LOCK | size_flags(sz), src, m);
    }
}

void x86_lock_xadd_mr(X86Buf *b, unsigned sz, const X86Mem *m, int src)
{
    if (sz == MO_8) {
        x86_op_rm(b, 0xc0 | P_0F | P_LOCK | P_BREG_R, src, m);
    } else {
        x86_op_rm(b, 0xc1 | P_0F | P_LOCK | size_flags(sz), src, m);
    }
}

void x86_mfence(X86Buf *b)
{
    put8(b, 0x0f);
    put8(b, 0xae);
    put8(b, 0xf0);
}

void x86_nop(X86Buf *b, unsigned n)
{
    /* The recommended multi-byte NOP sequences (SDM vol. 2B, NOP). */
    static const uint8_t nops[9][9] = {
        { 0 },
        { 0x90 },
        { 0x66, 0x90 },
        { 0x0f, 0x1f, 0x00 },
        { 0x0f, 0x1f, 0x40, 0x00 },
        { 0x0f, 0x1f, 0x44, 0x00, 0x00 },
        { 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00 },
        { 0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00 },
        { 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
    };

    while (n > 0) {
        unsigned k = n > 8 ? 8 : n;
        memcpy(b->ptr, nops[k], k);
        b->ptr += k;
        n -= k;
    }
}

X86Cond x86_cond_from_ir(IRCond c)
{
    switch (c) {
    case IR_COND_EQ: case IR_COND_TSTEQ: return X86_CC_E;
    case IR_COND_NE: case IR_COND_TSTNE: return X86_CC_NE;
    case IR_COND_LT: return X86_CC_L;
    case IR_COND_GE: return X86_CC_GE;
    case IR_COND_LE: return X86_CC_LE;
    case IR_COND_GT: return X86_CC_G;
    case IR_COND_LTU: return X86_CC_B;
    case IR_COND_GEU: return X86_CC_AE;
    case IR_COND_LEU: return X86_CC_BE;
    case IR_COND_GTU: return X86_CC_A;
    default:
        g_assert_not_reached();
    }
}
