/*
 * emit.h: the x86-64 instruction encoder used by the JIT.
 *
 * One function per instruction form, named after the manual's mnemonic with a
 * suffix giving the operand shape: _rr (register, register), _ri (register,
 * immediate), _rm (register <- memory), _mr (memory <- register), _mi
 * (memory <- immediate).  Operand sizes are given as a MemOp size (MO_8 ..
 * MO_64), the same encoding the IR uses.
 *
 * The encoder writes through X86Buf.ptr (the writable view of the code buffer);
 * rx_delta is the distance to the executable view, used for rel32 targets that
 * lie outside the buffer (helper calls).  Nothing here checks for the end of
 * the buffer: callers reserve room before emitting.
 */
#ifndef CROSSEMU_X86_EMIT_H
#define CROSSEMU_X86_EMIT_H

#include "common.h"
#include "ir.h"

typedef enum X86Reg {
    X86_RAX, X86_RCX, X86_RDX, X86_RBX, X86_RSP, X86_RBP, X86_RSI, X86_RDI,
    X86_R8, X86_R9, X86_R10, X86_R11, X86_R12, X86_R13, X86_R14, X86_R15,
    X86_NOREG = -1,
    X86_RIP = -2,       /* as a memory base: rip-relative */
} X86Reg;

/* Condition codes, in the order of the low nibble of Jcc/SETcc/CMOVcc. */
typedef enum X86Cond {
    X86_CC_O, X86_CC_NO, X86_CC_B, X86_CC_AE, X86_CC_E, X86_CC_NE, X86_CC_BE, X86_CC_A,
    X86_CC_S, X86_CC_NS, X86_CC_P, X86_CC_NP, X86_CC_L, X86_CC_GE, X86_CC_LE, X86_CC_G,
} X86Cond;

/* The group-1 arithmetic operations (the /digit of opcodes 80/81/83). */
typedef enum X86Alu {
    X86_ADD, X86_OR, X86_ADC, X86_SBB, X86_AND, X86_SUB, X86_XOR, X86_CMP,
} X86Alu;

/* The group-2 shifts and rotates (the /digit of C1/D1/D3). */
typedef enum X86Shift {
    X86_ROL = 0, X86_ROR = 1, X86_SHL = 4, X86_SHR = 5, X86_SAR = 7,
} X86Shift;

/* A memory operand: [base + index << scale + disp]; base/index may be X86_NOREG. */
typedef struct X86Mem {
    int8_t base;
    int8_t index;
    uint8_t scale;      /* 0..3: index multiplied by 1, 2, 4, 8 */
    int32_t disp;
} X86Mem;

static inline X86Mem x86_mem(int base, int32_t disp)
{
    return (X86Mem){ .base = (int8_t)base, .index = X86_NOREG, .scale = 0, .disp = disp };
}

static inline X86Mem x86_mem_idx(int base, int index, unsigned scale, int32_t disp)
{
    return (X86Mem){ .base = (int8_t)base, .index = (int8_t)index, .scale = (uint8_t)scale,
                     .disp = disp };
}

typedef struct X86Buf {
    uint8_t *ptr;       /* next byte to write (writable view) */
    intptr_t rx_delta;  /* executable address = writable address + rx_delta */
} X86Buf;

static inline uintptr_t x86_rx_addr(const X86Buf *b, const uint8_t *p)
{
    return (uintptr_t)p + b->rx_delta;
}

static inline bool x86_fits_i8(int64_t v) { return v == (int8_t)v; }
static inline bool x86_fits_i32(int64_t v) { return v == (int32_t)v; }

/* Data movement. */
void x86_mov_rr(X86Buf *b, unsigned sz, int dst, int src);
void x86_mov_ri(X86Buf *b, int dst, uint64_t imm);       /* shortest form; flags kept */
void x86_mov_rm(X86Buf *b, unsigned sz, int dst, const X86Mem *m);
void x86_mov_mr(X86Buf *b, unsigned sz, const X86Mem *m, int src);
void x86_mov_mi(X86Buf *b, unsigned sz, const X86Mem *m, int32_t imm);
/* movzx/movsx from a srcsz register/memory into a dst of dstsz (MO_32 or MO_64). */
void x86_movzx_rr(X86Buf *b, unsigned srcsz, int dst, int src);
void x86_movzx_rm(X86Buf *b, unsigned srcsz, int dst, const X86Mem *m);
void x86_movsx_rr(X86Buf *b, unsigned srcsz, unsigned dstsz, int dst, int src);
void x86_movsx_rm(X86Buf *b, unsigned srcsz, unsigned dstsz, int dst, const X86Mem *m);
void x86_movbe_rm(X86Buf *b, unsigned sz, int dst, const X86Mem *m);
void x86_movbe_mr(X86Buf *b, unsigned sz, const X86Mem *m, int src);
void x86_lea(X86Buf *b, unsigned sz, int dst, const X86Mem *m);
void x86_xchg_mr(X86Buf *b, unsigned sz, const X86Mem *m, int src);

/* Arithmetic and logic. */
void x86_alu_rr(X86Buf *b, X86Alu op, unsigned sz, int dst, int src);
void x86_alu_ri(X86Buf *b, X86Alu op, unsigned sz, int dst, int32_t imm);
void x86_alu_rm(X86Buf *b, X86Alu op, unsigned sz, int dst, const X86Mem *m);
void x86_alu_mr(X86Buf *b, X86Alu op, unsigned sz, const X86Mem *m, int src);
void x86_alu_mi(X86Buf *b, X86Alu op, unsigned sz, const X86Mem *m, int32_t imm);
void x86_test_rr(X86Buf *b, unsigned sz, int dst, int src);
void x86_test_ri(X86Buf *b, unsigned sz, int dst, int32_t imm);
void x86_shift_ri(X86Buf *b, X86Shift op, unsigned sz, int dst, unsigned count);
void x86_shift_rcl(X86Buf *b, X86Shift op, unsigned sz, int dst);   /* count in cl */
void x86_imul_rr(X86Buf *b, unsigned sz, int dst, int src);
void x86_imul_rri(X86Buf *b, unsigned sz, int dst, int src, int32_t imm);
void x86_not(X86Buf *b, unsigned sz, int r);
void x86_neg(X86Buf *b, unsigned sz, int r);
void x86_mul(X86Buf *b, unsigned sz, int r);      /* rdx:rax = rax * r, unsigned */
void x86_imul_r(X86Buf *b, unsigned sz, int r);   /* rdx:rax = rax * r, signed */
void x86_div(X86Buf *b, unsigned sz, int r);
void x86_idiv(X86Buf *b, unsigned sz, int r);
void x86_cqo(X86Buf *b, unsigned sz);             /* cdq for MO_32 */
void x86_bswap(X86Buf *b, unsigned sz, int r);
void x86_bsf(X86Buf *b, unsigned sz, int dst, int src);
void x86_bsr(X86Buf *b, unsigned sz, int dst, int src);
void x86_tzcnt(X86Buf *b, unsigned sz, int dst, int src);
void x86_lzcnt(X86Buf *b, unsigned sz, int dst, int src);
void x86_popcnt(X86Buf *b, unsigned sz, int dst, int src);
/* BMI: andn dst = ~src1 & src2; shlx/shrx/sarx dst = src << count (VEX encoded). */
void x86_andn(X86Buf *b, unsigned sz, int dst, int src1, int src2);
void x86_shlx(X86Buf *b, unsigned sz, int dst, int src, int count);
void x86_shrx(X86Buf *b, unsigned sz, int dst, int src, int count);
void x86_sarx(X86Buf *b, unsigned sz, int dst, int src, int count);

/* Conditions. */
void x86_setcc(X86Buf *b, X86Cond cc, int dst);
void x86_cmovcc(X86Buf *b, X86Cond cc, unsigned sz, int dst, int src);

/* Control flow.  The _rel32 forms return the address of their displacement. */
uint8_t *x86_jcc_rel32(X86Buf *b, X86Cond cc, uint8_t *target);
uint8_t *x86_jmp_rel32(X86Buf *b, uint8_t *target);
void x86_jcc_rel8(X86Buf *b, X86Cond cc, uint8_t *target);
void x86_jmp_rel8(X86Buf *b, uint8_t *target);
/* Resolve a rel32 displacement at disp to point at target (both writable addresses). */
void x86_patch_rel32(uint8_t *disp, uint8_t *target);
/* Call/jump to an absolute executable address: rel32 when in reach, else via scratch. */
void x86_call_abs(X86Buf *b, uintptr_t target, int scratch);
void x86_call_r(X86Buf *b, int r);
void x86_jmp_r(X86Buf *b, int r);
void x86_ret(X86Buf *b);
void x86_push(X86Buf *b, int r);
void x86_pop(X86Buf *b, int r);

/* Atomics and barriers. */
void x86_lock_cmpxchg_mr(X86Buf *b, unsigned sz, const X86Mem *m, int src);
void x86_lock_xadd_mr(X86Buf *b, unsigned sz, const X86Mem *m, int src);
void x86_mfence(X86Buf *b);

/* n bytes of recommended multi-byte nops. */
void x86_nop(X86Buf *b, unsigned n);

/* Map an IR condition to the x86 condition after `cmp a, b` (or `test` for TST*). */
X86Cond x86_cond_from_ir(IRCond c);

#endif
