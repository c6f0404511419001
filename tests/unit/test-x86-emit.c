/*
 * test-x86-emit.c: byte-level tests of the x86-64 encoder (backends/x86_64/emit.c).
 *
 * Each case encodes one instruction and compares it with the bytes GNU as
 * produces for the Intel-syntax text shown (where as picks another of several
 * valid encodings, e.g. 89 /r instead of 8b /r for a register move, the
 * expected bytes are our form, checked against the SDM).  The cases cover the
 * ModRM/SIB corner cases: rsp/r12 bases need a SIB, rbp/r13 bases need a
 * displacement, REX for r8-r15 in each field and for spl/bpl/sil/dil as byte
 * registers, imm8 versus imm32 forms, and the VEX-encoded BMI instructions.
 */
#include "common.h"
#include <check.h>
#include "backends/x86_64/emit.h"

#define M(b_, d_) (&(X86Mem){ .base = (b_), .index = X86_NOREG, .disp = (d_) })
#define M2(b_, i_, s_, d_) (&(X86Mem){ .base = (b_), .index = (i_), .scale = (s_), .disp = (d_) })

typedef struct EmitCase {
    const char *text;
    const char *hex;
} EmitCase;

static const EmitCase cases[] = {
    { "mov rax, [rbx+r12*1+8]", "4a 8b 44 23 08" },
    { "mov rax, [r12]", "49 8b 04 24" },
    { "mov rax, [r13]", "49 8b 45 00" },
    { "mov rax, [rbp]", "48 8b 45 00" },
    { "mov rax, [rsp+8]", "48 8b 44 24 08" },
    { "mov r9, [rsp]", "4c 8b 0c 24" },
    { "mov eax, [rbx+0x12345678]", "8b 83 78 56 34 12" },
    { "mov ecx, [r13-128]", "41 8b 4d 80" },
    { "mov ecx, [r12+128]", "41 8b 8c 24 80 00 00 00" },
    { "mov r15, [r15+r13*8+0x10]", "4f 8b 7c ef 10" },
    { "mov rdx, [r13+r12*1]", "4b 8b 54 25 00" },
    { "mov eax, [0x1000]", "8b 04 25 00 10 00 00" },
    { "mov sil, [rax]", "40 8a 30" },
    { "mov byte ptr [rax], dil", "40 88 38" },
    { "mov byte ptr [rax], bl", "88 18" },
    { "mov word ptr [r14+2], r9w", "66 45 89 4e 02" },
    { "mov qword ptr [r14+0x100], rbp", "49 89 ae 00 01 00 00" },
    { "mov qword ptr [rsp+16], -5", "48 c7 44 24 10 fb ff ff ff" },
    { "mov dword ptr [r14+8], 0x12345678", "41 c7 46 08 78 56 34 12" },
    { "mov word ptr [rax], 0x1234", "66 c7 00 34 12" },
    { "mov byte ptr [r8], 0x7f", "41 c6 00 7f" },
    { "mov rax, rbx", "48 8b c3" },
    { "mov r8d, r15d", "45 8b c7" },
    { "mov eax, 0xffffffff", "b8 ff ff ff ff" },
    { "mov r10d, 1", "41 ba 01 00 00 00" },
    { "mov rax, -1", "48 c7 c0 ff ff ff ff" },
    { "movabs r10, 0x123456789abcdef0", "49 ba f0 de bc 9a 78 56 34 12" },
    { "add rax, 1", "48 83 c0 01" },
    { "add rcx, 0x1000", "48 81 c1 00 10 00 00" },
    { "add eax, 0x1000", "05 00 10 00 00" },
    { "cmp r9d, -1", "41 83 f9 ff" },
    { "and r12, -128", "49 83 e4 80" },
    { "xor r13d, 128", "41 81 f5 80 00 00 00" },
    { "sub rsp, 8216", "48 81 ec 18 20 00 00" },
    { "add rax, r9", "4c 01 c8" },
    { "sub r10d, ebx", "41 29 da" },
    { "cmp rsi, rdi", "48 39 fe" },
    { "or r8, [r14+0x40]", "4d 0b 46 40" },
    { "add [r14+0x40], r8", "4d 01 46 40" },
    { "add qword ptr [r14+0x40], 1", "49 83 46 40 01" },
    { "test rax, rax", "48 85 c0" },
    { "test r12d, 0x100", "41 f7 c4 00 01 00 00" },
    { "test sil, 1", "40 f6 c6 01" },
    { "test eax, 0x80000000", "a9 00 00 00 80" },
    { "shl r8, 3", "49 c1 e0 03" },
    { "sar eax, 1", "d1 f8" },
    { "shr rdx, cl", "48 d3 ea" },
    { "rol r9w, 8", "66 41 c1 c1 08" },
    { "ror r11d, cl", "41 d3 cb" },
    { "movzx eax, sil", "40 0f b6 c6" },
    { "movzx r8d, bl", "44 0f b6 c3" },
    { "movzx ecx, r9w", "41 0f b7 c9" },
    { "movsx rax, r9w", "49 0f bf c1" },
    { "movsx eax, dil", "40 0f be c7" },
    { "movsxd rax, ecx", "48 63 c1" },
    { "movzx eax, byte ptr [r15+rbx]", "41 0f b6 04 1f" },
    { "movsx r12, word ptr [rbp+2]", "4c 0f bf 65 02" },
    { "movsxd r12, dword ptr [rdi]", "4c 63 27" },
    { "lea r8, [r13+rax]", "4d 8d 44 05 00" },
    { "lea eax, [rbx-1]", "8d 43 ff" },
    { "lea rax, [rbx+rcx*4+0x1000]", "48 8d 84 8b 00 10 00 00" },
    { "sete sil", "40 0f 94 c6" },
    { "setl al", "0f 9c c0" },
    { "seta r10b", "41 0f 97 c2" },
    { "cmovb r11, rdx", "4c 0f 42 da" },
    { "cmovge eax, r9d", "41 0f 4d c1" },
    { "lock cmpxchg [r15+rbx], ecx", "f0 41 0f b1 0c 1f" },
    { "lock cmpxchg [rax], sil", "f0 40 0f b0 30" },
    { "lock xadd [rax], r8b", "f0 44 0f c0 00" },
    { "lock xadd [r12], rdx", "f0 49 0f c1 14 24" },
    { "xchg [rdi], rsi", "48 87 37" },
    { "xchg [rdi], si", "66 87 37" },
    { "movbe eax, [rdi]", "0f 38 f0 07" },
    { "movbe [rdi], r9w", "66 44 0f 38 f1 0f" },
    { "movbe r10, [r15+r12]", "4f 0f 38 f0 14 27" },
    { "bswap r12", "49 0f cc" },
    { "bswap eax", "0f c8" },
    { "bswap r9d", "41 0f c9" },
    { "popcnt rax, r8", "f3 49 0f b8 c0" },
    { "lzcnt ecx, edx", "f3 0f bd ca" },
    { "tzcnt r13, rbp", "f3 4c 0f bc ed" },
    { "bsr rax, rbx", "48 0f bd c3" },
    { "bsf r11d, r12d", "45 0f bc dc" },
    { "andn rax, rbx, rcx", "c4 e2 e0 f2 c1" },
    { "andn r9d, r10d, r11d", "c4 42 28 f2 cb" },
    { "shlx rax, rbx, rcx", "c4 e2 f1 f7 c3" },
    { "shrx r8, r9, r10", "c4 42 ab f7 c1" },
    { "sarx eax, r12d, esi", "c4 c2 4a f7 c4" },
    { "imul rax, rbx, 100", "48 6b c3 64" },
    { "imul r8d, r9d, 100000", "45 69 c1 a0 86 01 00" },
    { "imul r8d, r9d", "45 0f af c1" },
    { "div r10", "49 f7 f2" },
    { "idiv ecx", "f7 f9" },
    { "mul rbx", "48 f7 e3" },
    { "imul r12", "49 f7 ec" },
    { "neg r13d", "41 f7 dd" },
    { "not rdi", "48 f7 d7" },
    { "cqo", "48 99" },
    { "cdq", "99" },
    { "push r12", "41 54" },
    { "pop rbp", "5d" },
    { "call r11", "41 ff d3" },
    { "jmp rsi", "ff e6" },
    { "jmp r12", "41 ff e4" },
    { "ret", "c3" },
    { "mfence", "0f ae f0" },
    /* the forms of the fused exit_request check and the inline jump-cache probe */
    { "cmp dword ptr [r14+0xc], 0", "41 83 7e 0c 00" },
    { "cmp qword ptr [r14+0x20], 0", "49 83 7e 20 00" },
    { "cmp byte ptr [rcx+0xd0], 0", "80 b9 d0 00 00 00 00" },
    { "mov rcx, [r14+rcx*8+0x110]", "49 8b 8c ce 10 01 00 00" },
    { "cmp rax, [rcx]", "48 3b 01" },
};

static void emit_case(X86Buf *b_, int i)
{
    X86Buf b = *b_;

    switch (i) {
        case 0: x86_mov_rm(&b, MO_64, X86_RAX, M2(X86_RBX, X86_R12, 0, 8)); break;
        case 1: x86_mov_rm(&b, MO_64, X86_RAX, M(X86_R12, 0)); break;
        case 2: x86_mov_rm(&b, MO_64, X86_RAX, M(X86_R13, 0)); break;
        case 3: x86_mov_rm(&b, MO_64, X86_RAX, M(X86_RBP, 0)); break;
        case 4: x86_mov_rm(&b, MO_64, X86_RAX, M(X86_RSP, 8)); break;
        case 5: x86_mov_rm(&b, MO_64, X86_R9, M(X86_RSP, 0)); break;
        case 6: x86_mov_rm(&b, MO_32, X86_RAX, M(X86_RBX, 0x12345678)); break;
        case 7: x86_mov_rm(&b, MO_32, X86_RCX, M(X86_R13, -128)); break;
        case 8: x86_mov_rm(&b, MO_32, X86_RCX, M(X86_R12, 128)); break;
        case 9: x86_mov_rm(&b, MO_64, X86_R15, M2(X86_R15, X86_R13, 3, 0x10)); break;
        case 10: x86_mov_rm(&b, MO_64, X86_RDX, M2(X86_R13, X86_R12, 0, 0)); break;
        case 11: x86_mov_rm(&b, MO_32, X86_RAX, M(X86_NOREG, 0x1000)); break;
        case 12: x86_mov_rm(&b, MO_8, X86_RSI, M(X86_RAX, 0)); break;
        case 13: x86_mov_mr(&b, MO_8, M(X86_RAX, 0), X86_RDI); break;
        case 14: x86_mov_mr(&b, MO_8, M(X86_RAX, 0), X86_RBX); break;
        case 15: x86_mov_mr(&b, MO_16, M(X86_R14, 2), X86_R9); break;
        case 16: x86_mov_mr(&b, MO_64, M(X86_R14, 0x100), X86_RBP); break;
        case 17: x86_mov_mi(&b, MO_64, M(X86_RSP, 16), -5); break;
        case 18: x86_mov_mi(&b, MO_32, M(X86_R14, 8), 0x12345678); break;
        case 19: x86_mov_mi(&b, MO_16, M(X86_RAX, 0), 0x1234); break;
        case 20: x86_mov_mi(&b, MO_8, M(X86_R8, 0), 0x7f); break;
        case 21: x86_mov_rr(&b, MO_64, X86_RAX, X86_RBX); break;
        case 22: x86_mov_rr(&b, MO_32, X86_R8, X86_R15); break;
        case 23: x86_mov_ri(&b, X86_RAX, 0xffffffffu); break;
        case 24: x86_mov_ri(&b, X86_R10, 1); break;
        case 25: x86_mov_ri(&b, X86_RAX, ~0ull); break;
        case 26: x86_mov_ri(&b, X86_R10, 0x123456789abcdef0ull); break;
        case 27: x86_alu_ri(&b, X86_ADD, MO_64, X86_RAX, 1); break;
        case 28: x86_alu_ri(&b, X86_ADD, MO_64, X86_RCX, 0x1000); break;
        case 29: x86_alu_ri(&b, X86_ADD, MO_32, X86_RAX, 0x1000); break;
        case 30: x86_alu_ri(&b, X86_CMP, MO_32, X86_R9, -1); break;
        case 31: x86_alu_ri(&b, X86_AND, MO_64, X86_R12, -128); break;
        case 32: x86_alu_ri(&b, X86_XOR, MO_32, X86_R13, 128); break;
        case 33: x86_alu_ri(&b, X86_SUB, MO_64, X86_RSP, 8216); break;
        case 34: x86_alu_rr(&b, X86_ADD, MO_64, X86_RAX, X86_R9); break;
        case 35: x86_alu_rr(&b, X86_SUB, MO_32, X86_R10, X86_RBX); break;
        case 36: x86_alu_rr(&b, X86_CMP, MO_64, X86_RSI, X86_RDI); break;
        case 37: x86_alu_rm(&b, X86_OR, MO_64, X86_R8, M(X86_R14, 0x40)); break;
        case 38: x86_alu_mr(&b, X86_ADD, MO_64, M(X86_R14, 0x40), X86_R8); break;
        case 39: x86_alu_mi(&b, X86_ADD, MO_64, M(X86_R14, 0x40), 1); break;
        case 40: x86_test_rr(&b, MO_64, X86_RAX, X86_RAX); break;
        case 41: x86_test_ri(&b, MO_32, X86_R12, 0x100); break;
        case 42: x86_test_ri(&b, MO_64, X86_RSI, 1); break;
        case 43: x86_test_ri(&b, MO_32, X86_RAX, (int32_t)0x80000000); break;
        case 44: x86_shift_ri(&b, X86_SHL, MO_64, X86_R8, 3); break;
        case 45: x86_shift_ri(&b, X86_SAR, MO_32, X86_RAX, 1); break;
        case 46: x86_shift_rcl(&b, X86_SHR, MO_64, X86_RDX); break;
        case 47: x86_shift_ri(&b, X86_ROL, MO_16, X86_R9, 8); break;
        case 48: x86_shift_rcl(&b, X86_ROR, MO_32, X86_R11); break;
        case 49: x86_movzx_rr(&b, MO_8, X86_RAX, X86_RSI); break;
        case 50: x86_movzx_rr(&b, MO_8, X86_R8, X86_RBX); break;
        case 51: x86_movzx_rr(&b, MO_16, X86_RCX, X86_R9); break;
        case 52: x86_movsx_rr(&b, MO_16, MO_64, X86_RAX, X86_R9); break;
        case 53: x86_movsx_rr(&b, MO_8, MO_32, X86_RAX, X86_RDI); break;
        case 54: x86_movsx_rr(&b, MO_32, MO_64, X86_RAX, X86_RCX); break;
        case 55: x86_movzx_rm(&b, MO_8, X86_RAX, M2(X86_R15, X86_RBX, 0, 0)); break;
        case 56: x86_movsx_rm(&b, MO_16, MO_64, X86_R12, M(X86_RBP, 2)); break;
        case 57: x86_movsx_rm(&b, MO_32, MO_64, X86_R12, M(X86_RDI, 0)); break;
        case 58: x86_lea(&b, MO_64, X86_R8, M2(X86_R13, X86_RAX, 0, 0)); break;
        case 59: x86_lea(&b, MO_32, X86_RAX, M(X86_RBX, -1)); break;
        case 60: x86_lea(&b, MO_64, X86_RAX, M2(X86_RBX, X86_RCX, 2, 0x1000)); break;
        case 61: x86_setcc(&b, X86_CC_E, X86_RSI); break;
        case 62: x86_setcc(&b, X86_CC_L, X86_RAX); break;
        case 63: x86_setcc(&b, X86_CC_A, X86_R10); break;
        case 64: x86_cmovcc(&b, X86_CC_B, MO_64, X86_R11, X86_RDX); break;
        case 65: x86_cmovcc(&b, X86_CC_GE, MO_32, X86_RAX, X86_R9); break;
        case 66: x86_lock_cmpxchg_mr(&b, MO_32, M2(X86_R15, X86_RBX, 0, 0), X86_RCX); break;
        case 67: x86_lock_cmpxchg_mr(&b, MO_8, M(X86_RAX, 0), X86_RSI); break;
        case 68: x86_lock_xadd_mr(&b, MO_8, M(X86_RAX, 0), X86_R8); break;
        case 69: x86_lock_xadd_mr(&b, MO_64, M(X86_R12, 0), X86_RDX); break;
        case 70: x86_xchg_mr(&b, MO_64, M(X86_RDI, 0), X86_RSI); break;
        case 71: x86_xchg_mr(&b, MO_16, M(X86_RDI, 0), X86_RSI); break;
        case 72: x86_movbe_rm(&b, MO_32, X86_RAX, M(X86_RDI, 0)); break;
        case 73: x86_movbe_mr(&b, MO_16, M(X86_RDI, 0), X86_R9); break;
        case 74: x86_movbe_rm(&b, MO_64, X86_R10, M2(X86_R15, X86_R12, 0, 0)); break;
        case 75: x86_bswap(&b, MO_64, X86_R12); break;
        case 76: x86_bswap(&b, MO_32, X86_RAX); break;
        case 77: x86_bswap(&b, MO_32, X86_R9); break;
        case 78: x86_popcnt(&b, MO_64, X86_RAX, X86_R8); break;
        case 79: x86_lzcnt(&b, MO_32, X86_RCX, X86_RDX); break;
        case 80: x86_tzcnt(&b, MO_64, X86_R13, X86_RBP); break;
        case 81: x86_bsr(&b, MO_64, X86_RAX, X86_RBX); break;
        case 82: x86_bsf(&b, MO_32, X86_R11, X86_R12); break;
        case 83: x86_andn(&b, MO_64, X86_RAX, X86_RBX, X86_RCX); break;
        case 84: x86_andn(&b, MO_32, X86_R9, X86_R10, X86_R11); break;
        case 85: x86_shlx(&b, MO_64, X86_RAX, X86_RBX, X86_RCX); break;
        case 86: x86_shrx(&b, MO_64, X86_R8, X86_R9, X86_R10); break;
        case 87: x86_sarx(&b, MO_32, X86_RAX, X86_R12, X86_RSI); break;
        case 88: x86_imul_rri(&b, MO_64, X86_RAX, X86_RBX, 100); break;
        case 89: x86_imul_rri(&b, MO_32, X86_R8, X86_R9, 100000); break;
        case 90: x86_imul_rr(&b, MO_32, X86_R8, X86_R9); break;
        case 91: x86_div(&b, MO_64, X86_R10); break;
        case 92: x86_idiv(&b, MO_32, X86_RCX); break;
        case 93: x86_mul(&b, MO_64, X86_RBX); break;
        case 94: x86_imul_r(&b, MO_64, X86_R12); break;
        case 95: x86_neg(&b, MO_32, X86_R13); break;
        case 96: x86_not(&b, MO_64, X86_RDI); break;
        case 97: x86_cqo(&b, MO_64); break;
        case 98: x86_cqo(&b, MO_32); break;
        case 99: x86_push(&b, X86_R12); break;
        case 100: x86_pop(&b, X86_RBP); break;
        case 101: x86_call_r(&b, X86_R11); break;
        case 102: x86_jmp_r(&b, X86_RSI); break;
        case 103: x86_jmp_r(&b, X86_R12); break;
        case 104: x86_ret(&b); break;
        case 105: x86_mfence(&b); break;
        case 106: x86_alu_mi(&b, X86_CMP, MO_32, M(X86_R14, 0xc), 0); break;
        case 107: x86_alu_mi(&b, X86_CMP, MO_64, M(X86_R14, 0x20), 0); break;
        case 108: x86_alu_mi(&b, X86_CMP, MO_8, M(X86_RCX, 0xd0), 0); break;
        case 109: x86_mov_rm(&b, MO_64, X86_RCX, M2(X86_R14, X86_RCX, 3, 0x110)); break;
        case 110: x86_alu_rm(&b, X86_CMP, MO_64, X86_RAX, M(X86_RCX, 0)); break;
        default: ck_abort_msg("no emitter for case %d", i);
    }
    *b_ = b;
}

static size_t parse_hex(const char *hex, uint8_t *out)
{
    size_t n = 0;
    unsigned v;
    int len;

    while (sscanf(hex, " %2x%n", &v, &len) == 1) {
        out[n++] = (uint8_t)v;
        hex += len;
    }
    return n;
}

static char *to_hex(const uint8_t *p, size_t n)
{
    GString *s = g_string_new(NULL);

    for (size_t i = 0; i < n; i++) {
        g_string_append_printf(s, i ? " %02x" : "%02x", p[i]);
    }
    return g_string_free(s, FALSE);
}

START_TEST(test_encoding)
{
    uint8_t buf[32], want[32];
    X86Buf b = { .ptr = buf, .rx_delta = 0 };
    size_t nwant = parse_hex(cases[_i].hex, want);

    memset(buf, 0xcc, sizeof(buf));
    emit_case(&b, _i);
    size_t n = (size_t)(b.ptr - buf);
    char *got = to_hex(buf, n);
    ck_assert_msg(n == nwant && memcmp(buf, want, n) == 0,
                  "%s: got [%s], want [%s]", cases[_i].text, got, cases[_i].hex);
    g_free(got);
}
END_TEST

/* Relative branches: displacements count from the end of the instruction. */
START_TEST(test_branches)
{
    uint8_t buf[64];
    X86Buf b = { .ptr = buf, .rx_delta = 0 };

    uint8_t *d = x86_jmp_rel32(&b, buf);             /* jmp to itself: -5 */
    ck_assert_uint_eq(buf[0], 0xe9);
    ck_assert_ptr_eq(d, buf + 1);
    ck_assert_int_eq((int32_t)(buf[1] | buf[2] << 8 | buf[3] << 16 | (uint32_t)buf[4] << 24), -5);

    uint8_t *j = b.ptr;
    d = x86_jcc_rel32(&b, X86_CC_NE, NULL);          /* forward, patched later */
    ck_assert_uint_eq(j[0], 0x0f);
    ck_assert_uint_eq(j[1], 0x85);
    x86_nop(&b, 3);
    x86_patch_rel32(d, b.ptr);
    ck_assert_int_eq((int32_t)(d[0] | d[1] << 8 | d[2] << 16 | (uint32_t)d[3] << 24), 3);

    j = b.ptr;
    x86_jcc_rel8(&b, X86_CC_L, buf);
    ck_assert_uint_eq(j[0], 0x7c);
    ck_assert_int_eq((int8_t)j[1], (int)(buf - (j + 2)));

    j = b.ptr;
    x86_jmp_rel8(&b, j + 2 + 0x10);
    ck_assert_uint_eq(j[0], 0xeb);
    ck_assert_uint_eq(j[1], 0x10);
}
END_TEST

/* call_abs: direct when within +-2 GiB of the executable address, else through a register. */
START_TEST(test_call_abs)
{
    uint8_t buf[32];
    X86Buf b = { .ptr = buf, .rx_delta = 0x1000 };
    uintptr_t pc = (uintptr_t)buf + 0x1000;

    x86_call_abs(&b, pc + 5 + 0x100, X86_R11);
    ck_assert_uint_eq(buf[0], 0xe8);
    ck_assert_uint_eq(buf[1], 0x00);
    ck_assert_uint_eq(buf[2], 0x01);
    ck_assert_int_eq((int)(b.ptr - buf), 5);

    b.ptr = buf;
    x86_call_abs(&b, pc + (1ull << 40), X86_R11);
    /* movabs r11, imm64; call r11 */
    ck_assert_uint_eq(buf[0], 0x49);
    ck_assert_uint_eq(buf[1], 0xbb);
    ck_assert_uint_eq(buf[10], 0x41);
    ck_assert_uint_eq(buf[11], 0xff);
    ck_assert_uint_eq(buf[12], 0xd3);
    ck_assert_int_eq((int)(b.ptr - buf), 13);
}
END_TEST

/* Every nop length decodes as exactly that many bytes of nops. */
START_TEST(test_nops)
{
    for (unsigned n = 0; n <= 20; n++) {
        uint8_t buf[32];
        X86Buf b = { .ptr = buf };
        x86_nop(&b, n);
        ck_assert_int_eq((int)(b.ptr - buf), (int)n);
    }
    uint8_t buf[8];
    X86Buf b = { .ptr = buf };
    x86_nop(&b, 5);
    ck_assert_uint_eq(buf[0], 0x0f);
    ck_assert_uint_eq(buf[1], 0x1f);
    ck_assert_uint_eq(buf[2], 0x44);
}
END_TEST

START_TEST(test_cond_map)
{
    ck_assert_int_eq(x86_cond_from_ir(IR_COND_EQ), X86_CC_E);
    ck_assert_int_eq(x86_cond_from_ir(IR_COND_TSTNE), X86_CC_NE);
    ck_assert_int_eq(x86_cond_from_ir(IR_COND_LT), X86_CC_L);
    ck_assert_int_eq(x86_cond_from_ir(IR_COND_GEU), X86_CC_AE);
    ck_assert_int_eq(x86_cond_from_ir(IR_COND_GTU), X86_CC_A);
    ck_assert_int_eq(x86_cond_from_ir(IR_COND_LE), X86_CC_LE);
}
END_TEST

static Suite *x86_emit_suite(void)
{
    Suite *s = suite_create("x86-emit");
    TCase *tc = tcase_create("encodings");

    tcase_add_loop_test(tc, test_encoding, 0, (int)ARRAY_SIZE(cases));
    tcase_add_test(tc, test_branches);
    tcase_add_test(tc, test_call_abs);
    tcase_add_test(tc, test_nops);
    tcase_add_test(tc, test_cond_map);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(x86_emit_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
