/*
 * disas.c: the RISC-V disassembler for -d in_asm (see disas.h for the output
 * conventions).
 *
 * Table driven: each row is a mask/match pair, a mnemonic and an operand
 * string whose letters say which fields to print and how.  The first row that
 * matches wins, so a more specific encoding (fence.tso, c.ebreak, zext.h)
 * comes before the general one it overlaps.  This is separate from the
 * generated decoders on purpose: those call trans_ functions that emit IR.
 *
 * Operand letters (32-bit encodings):
 *   d s t     x registers rd, rs1, rs2        D S T R  f registers rd, rs1, rs2, rs3
 *   i         I-immediate, decimal            j        shift amount, hex
 *   l         I-immediate(rs1)                L        S-immediate(rs1)
 *   b         branch target                   J        jal target
 *   u         U-immediate, hex                m        rounding mode, if not dyn
 *   M         rounding mode checked (5 and 6 are reserved) but not shown
 *   p q       fence predecessor / successor   c        CSR
 *   z         5-bit CSR immediate (rs1 field) a        (rs1)
 * Compressed encodings use two-letter codes starting with 'C':
 *   Cd Ct     x registers rd/rs1 and rs2      CD CT    f registers rd and rs2
 *   Cs        x register rd'/rs1' (bits 9:7)  Cf CF    x / f register rd'/rs2' (bits 4:2)
 *   Cp        the literal sp                  Ci       6-bit signed immediate
 *   Ch        6-bit shift amount, hex         Cu       c.lui immediate, hex
 *   Ck        c.addi4spn immediate            CI       c.addi16sp immediate
 *   Cw CW     word / double offset(rs1')      Cx CX    word / double offset(sp), loads
 *   Cy CY     word / double offset(sp), stores
 *   Cj Cb     c.j / c.beqz target
 */
#include "common.h"
#include <stdarg.h>
#include "cpu.h"
#include "disas.h"

typedef struct RvDisasOp {
    uint32_t mask, match;
    const char *name;
    const char *args;
    uint32_t nonzero;       /* if set: these bits must not all be zero (reserved encodings) */
    bool aqrl;              /* append the A extension's .aq/.rl/.aqrl ordering suffix */
} RvDisasOp;

/* Field placement of the 32-bit formats (unprivileged ISA, chapter 2). */
#define ENC(f7, f3, opc) ((uint32_t)(f7) << 25 | (uint32_t)(f3) << 12 | (uint32_t)(opc))
#define ENCR(f7, rs2, f3, opc) (ENC(f7, f3, opc) | (uint32_t)(rs2) << 20)
#define ENC12(imm, f3, opc) ((uint32_t)(imm) << 20 | (uint32_t)(f3) << 12 | (uint32_t)(opc))

#define M_OPC 0x0000007fu   /* opcode */
#define M_F3 0x0000707fu    /* opcode, funct3 */
#define M_F7 0xfe00707fu    /* opcode, funct3, funct7 */
#define M_F6 0xfc00707fu    /* RV64 immediate shifts: 6-bit shift amount */
#define M_F12 0xfff0707fu   /* funct7 and rs2 (or a whole 12-bit immediate) fixed */
#define M_ALL 0xffffffffu
#define M_AMO 0xf800707fu   /* funct5, funct3: aq/rl free */
#define M_LR 0xf9f0707fu    /* as M_AMO, rs2 zero */
#define M_FRM 0xfe00007fu   /* funct7, any rounding mode */
#define M_FRM2 0xfff0007fu  /* funct7 and rs2, any rounding mode */
#define M_FMA 0x0600007fu   /* opcode and fmt */

#define OP(mask, match, name, args) { mask, match, name, args, 0, false }
/* Single and double forms: fmt (bit 25) 0 is .s, 1 is .d. */
#define FP(mask, f7, rs2, f3, opc, name, args) \
    OP(mask, ENCR(f7, rs2, f3, opc), name ".s", args), \
    OP(mask, ENCR((f7) | 1, rs2, f3, opc), name ".d", args)
#define AMO(mask, f5, name, args) \
    { mask, (uint32_t)(f5) << 27 | ENC(0, 2, 0x2f), name ".w", args, 0, true }, \
    { mask, (uint32_t)(f5) << 27 | ENC(0, 3, 0x2f), name ".d", args, 0, true }

static const RvDisasOp rv_ops32[] = {
    /* RV64I */
    OP(M_OPC, 0x37, "lui", "du"),
    OP(M_OPC, 0x17, "auipc", "du"),
    OP(M_OPC, 0x6f, "jal", "dJ"),
    OP(M_F3, ENC(0, 0, 0x67), "jalr", "dl"),
    OP(M_F3, ENC(0, 0, 0x63), "beq", "stb"),
    OP(M_F3, ENC(0, 1, 0x63), "bne", "stb"),
    OP(M_F3, ENC(0, 4, 0x63), "blt", "stb"),
    OP(M_F3, ENC(0, 5, 0x63), "bge", "stb"),
    OP(M_F3, ENC(0, 6, 0x63), "bltu", "stb"),
    OP(M_F3, ENC(0, 7, 0x63), "bgeu", "stb"),
    OP(M_F3, ENC(0, 0, 0x03), "lb", "dl"),
    OP(M_F3, ENC(0, 1, 0x03), "lh", "dl"),
    OP(M_F3, ENC(0, 2, 0x03), "lw", "dl"),
    OP(M_F3, ENC(0, 3, 0x03), "ld", "dl"),
    OP(M_F3, ENC(0, 4, 0x03), "lbu", "dl"),
    OP(M_F3, ENC(0, 5, 0x03), "lhu", "dl"),
    OP(M_F3, ENC(0, 6, 0x03), "lwu", "dl"),
    OP(M_F3, ENC(0, 0, 0x23), "sb", "tL"),
    OP(M_F3, ENC(0, 1, 0x23), "sh", "tL"),
    OP(M_F3, ENC(0, 2, 0x23), "sw", "tL"),
    OP(M_F3, ENC(0, 3, 0x23), "sd", "tL"),
    OP(M_F3, ENC(0, 0, 0x13), "addi", "dsi"),
    OP(M_F3, ENC(0, 2, 0x13), "slti", "dsi"),
    OP(M_F3, ENC(0, 3, 0x13), "sltiu", "dsi"),
    OP(M_F3, ENC(0, 4, 0x13), "xori", "dsi"),
    OP(M_F3, ENC(0, 6, 0x13), "ori", "dsi"),
    OP(M_F3, ENC(0, 7, 0x13), "andi", "dsi"),
    OP(M_F6, ENC(0x00, 1, 0x13), "slli", "dsj"),
    OP(M_F6, ENC(0x00, 5, 0x13), "srli", "dsj"),
    OP(M_F6, ENC(0x20, 5, 0x13), "srai", "dsj"),
    OP(M_F3, ENC(0, 0, 0x1b), "addiw", "dsi"),
    OP(M_F7, ENC(0x00, 1, 0x1b), "slliw", "dsj"),
    OP(M_F7, ENC(0x00, 5, 0x1b), "srliw", "dsj"),
    OP(M_F7, ENC(0x20, 5, 0x1b), "sraiw", "dsj"),
    OP(M_F7, ENC(0x00, 0, 0x33), "add", "dst"),
    OP(M_F7, ENC(0x20, 0, 0x33), "sub", "dst"),
    OP(M_F7, ENC(0x00, 1, 0x33), "sll", "dst"),
    OP(M_F7, ENC(0x00, 2, 0x33), "slt", "dst"),
    OP(M_F7, ENC(0x00, 3, 0x33), "sltu", "dst"),
    OP(M_F7, ENC(0x00, 4, 0x33), "xor", "dst"),
    OP(M_F7, ENC(0x00, 5, 0x33), "srl", "dst"),
    OP(M_F7, ENC(0x20, 5, 0x33), "sra", "dst"),
    OP(M_F7, ENC(0x00, 6, 0x33), "or", "dst"),
    OP(M_F7, ENC(0x00, 7, 0x33), "and", "dst"),
    OP(M_F7, ENC(0x00, 0, 0x3b), "addw", "dst"),
    OP(M_F7, ENC(0x20, 0, 0x3b), "subw", "dst"),
    OP(M_F7, ENC(0x00, 1, 0x3b), "sllw", "dst"),
    OP(M_F7, ENC(0x00, 5, 0x3b), "srlw", "dst"),
    OP(M_F7, ENC(0x20, 5, 0x3b), "sraw", "dst"),
    OP(M_ALL, 0x8330000f, "fence.tso", ""),
    OP(0xf00fffff, 0x0000000f, "fence", "pq"),
    OP(M_ALL, 0x00000073, "ecall", ""),
    OP(M_ALL, 0x00100073, "ebreak", ""),
    /* Privileged: for system mode listings. */
    OP(M_ALL, 0x10200073, "sret", ""),
    OP(M_ALL, 0x30200073, "mret", ""),
    OP(M_ALL, 0x10500073, "wfi", ""),
    OP(0xfe007fff, 0x12000073, "sfence.vma", "st"),
    /* Zifencei, Zicsr */
    OP(M_ALL, 0x0000100f, "fence.i", ""),
    OP(M_F3, ENC(0, 1, 0x73), "csrrw", "dcs"),
    OP(M_F3, ENC(0, 2, 0x73), "csrrs", "dcs"),
    OP(M_F3, ENC(0, 3, 0x73), "csrrc", "dcs"),
    OP(M_F3, ENC(0, 5, 0x73), "csrrwi", "dcz"),
    OP(M_F3, ENC(0, 6, 0x73), "csrrsi", "dcz"),
    OP(M_F3, ENC(0, 7, 0x73), "csrrci", "dcz"),
    /* M */
    OP(M_F7, ENC(1, 0, 0x33), "mul", "dst"),
    OP(M_F7, ENC(1, 1, 0x33), "mulh", "dst"),
    OP(M_F7, ENC(1, 2, 0x33), "mulhsu", "dst"),
    OP(M_F7, ENC(1, 3, 0x33), "mulhu", "dst"),
    OP(M_F7, ENC(1, 4, 0x33), "div", "dst"),
    OP(M_F7, ENC(1, 5, 0x33), "divu", "dst"),
    OP(M_F7, ENC(1, 6, 0x33), "rem", "dst"),
    OP(M_F7, ENC(1, 7, 0x33), "remu", "dst"),
    OP(M_F7, ENC(1, 0, 0x3b), "mulw", "dst"),
    OP(M_F7, ENC(1, 4, 0x3b), "divw", "dst"),
    OP(M_F7, ENC(1, 5, 0x3b), "divuw", "dst"),
    OP(M_F7, ENC(1, 6, 0x3b), "remw", "dst"),
    OP(M_F7, ENC(1, 7, 0x3b), "remuw", "dst"),
    /* A */
    AMO(M_LR, 0x02, "lr", "da"),
    AMO(M_AMO, 0x03, "sc", "dta"),
    AMO(M_AMO, 0x01, "amoswap", "dta"),
    AMO(M_AMO, 0x00, "amoadd", "dta"),
    AMO(M_AMO, 0x04, "amoxor", "dta"),
    AMO(M_AMO, 0x0c, "amoand", "dta"),
    AMO(M_AMO, 0x08, "amoor", "dta"),
    AMO(M_AMO, 0x10, "amomin", "dta"),
    AMO(M_AMO, 0x14, "amomax", "dta"),
    AMO(M_AMO, 0x18, "amominu", "dta"),
    AMO(M_AMO, 0x1c, "amomaxu", "dta"),
    /* F, D */
    OP(M_F3, ENC(0, 2, 0x07), "flw", "Dl"),
    OP(M_F3, ENC(0, 3, 0x07), "fld", "Dl"),
    OP(M_F3, ENC(0, 2, 0x27), "fsw", "TL"),
    OP(M_F3, ENC(0, 3, 0x27), "fsd", "TL"),
    FP(M_FMA, 0, 0, 0, 0x43, "fmadd", "DSTRm"),
    FP(M_FMA, 0, 0, 0, 0x47, "fmsub", "DSTRm"),
    FP(M_FMA, 0, 0, 0, 0x4b, "fnmsub", "DSTRm"),
    FP(M_FMA, 0, 0, 0, 0x4f, "fnmadd", "DSTRm"),
    FP(M_FRM, 0x00, 0, 0, 0x53, "fadd", "DSTm"),
    FP(M_FRM, 0x04, 0, 0, 0x53, "fsub", "DSTm"),
    FP(M_FRM, 0x08, 0, 0, 0x53, "fmul", "DSTm"),
    FP(M_FRM, 0x0c, 0, 0, 0x53, "fdiv", "DSTm"),
    FP(M_FRM2, 0x2c, 0, 0, 0x53, "fsqrt", "DSm"),
    FP(M_F7, 0x10, 0, 0, 0x53, "fsgnj", "DST"),
    FP(M_F7, 0x10, 0, 1, 0x53, "fsgnjn", "DST"),
    FP(M_F7, 0x10, 0, 2, 0x53, "fsgnjx", "DST"),
    FP(M_F7, 0x14, 0, 0, 0x53, "fmin", "DST"),
    FP(M_F7, 0x14, 0, 1, 0x53, "fmax", "DST"),
    FP(M_F7, 0x50, 0, 2, 0x53, "feq", "dST"),
    FP(M_F7, 0x50, 0, 1, 0x53, "flt", "dST"),
    FP(M_F7, 0x50, 0, 0, 0x53, "fle", "dST"),
    FP(M_F12, 0x70, 0, 1, 0x53, "fclass", "dS"),
    OP(M_F12, ENCR(0x70, 0, 0, 0x53), "fmv.x.w", "dS"),
    OP(M_F12, ENCR(0x71, 0, 0, 0x53), "fmv.x.d", "dS"),
    OP(M_F12, ENCR(0x78, 0, 0, 0x53), "fmv.w.x", "Ds"),
    OP(M_F12, ENCR(0x79, 0, 0, 0x53), "fmv.d.x", "Ds"),
    OP(M_FRM2, ENCR(0x20, 1, 0, 0x53), "fcvt.s.d", "DSm"),
    /*
     * Exact conversions: the rounding mode cannot matter and is not shown
     * (objdump only accepts rne there; the hardware takes any valid mode).
     */
    OP(M_FRM2, ENCR(0x21, 0, 0, 0x53), "fcvt.d.s", "DSM"),
    FP(M_FRM2, 0x60, 0, 0, 0x53, "fcvt.w", "dSm"),
    FP(M_FRM2, 0x60, 1, 0, 0x53, "fcvt.wu", "dSm"),
    FP(M_FRM2, 0x60, 2, 0, 0x53, "fcvt.l", "dSm"),
    FP(M_FRM2, 0x60, 3, 0, 0x53, "fcvt.lu", "dSm"),
    OP(M_FRM2, ENCR(0x68, 0, 0, 0x53), "fcvt.s.w", "Dsm"),
    OP(M_FRM2, ENCR(0x68, 1, 0, 0x53), "fcvt.s.wu", "Dsm"),
    OP(M_FRM2, ENCR(0x68, 2, 0, 0x53), "fcvt.s.l", "Dsm"),
    OP(M_FRM2, ENCR(0x68, 3, 0, 0x53), "fcvt.s.lu", "Dsm"),
    OP(M_FRM2, ENCR(0x69, 0, 0, 0x53), "fcvt.d.w", "DsM"),
    OP(M_FRM2, ENCR(0x69, 1, 0, 0x53), "fcvt.d.wu", "DsM"),
    OP(M_FRM2, ENCR(0x69, 2, 0, 0x53), "fcvt.d.l", "Dsm"),
    OP(M_FRM2, ENCR(0x69, 3, 0, 0x53), "fcvt.d.lu", "Dsm"),
    /* Zba */
    OP(M_F7, ENC(0x10, 2, 0x33), "sh1add", "dst"),
    OP(M_F7, ENC(0x10, 4, 0x33), "sh2add", "dst"),
    OP(M_F7, ENC(0x10, 6, 0x33), "sh3add", "dst"),
    OP(M_F7, ENC(0x04, 0, 0x3b), "add.uw", "dst"),
    OP(M_F7, ENC(0x10, 2, 0x3b), "sh1add.uw", "dst"),
    OP(M_F7, ENC(0x10, 4, 0x3b), "sh2add.uw", "dst"),
    OP(M_F7, ENC(0x10, 6, 0x3b), "sh3add.uw", "dst"),
    OP(M_F6, ENC(0x04, 1, 0x1b), "slli.uw", "dsj"),
    /* Zbb */
    OP(M_F7, ENC(0x20, 7, 0x33), "andn", "dst"),
    OP(M_F7, ENC(0x20, 6, 0x33), "orn", "dst"),
    OP(M_F7, ENC(0x20, 4, 0x33), "xnor", "dst"),
    OP(M_F12, ENC12(0x600, 1, 0x13), "clz", "ds"),
    OP(M_F12, ENC12(0x601, 1, 0x13), "ctz", "ds"),
    OP(M_F12, ENC12(0x602, 1, 0x13), "cpop", "ds"),
    OP(M_F12, ENC12(0x600, 1, 0x1b), "clzw", "ds"),
    OP(M_F12, ENC12(0x601, 1, 0x1b), "ctzw", "ds"),
    OP(M_F12, ENC12(0x602, 1, 0x1b), "cpopw", "ds"),
    OP(M_F7, ENC(0x05, 6, 0x33), "max", "dst"),
    OP(M_F7, ENC(0x05, 7, 0x33), "maxu", "dst"),
    OP(M_F7, ENC(0x05, 4, 0x33), "min", "dst"),
    OP(M_F7, ENC(0x05, 5, 0x33), "minu", "dst"),
    OP(M_F12, ENC12(0x604, 1, 0x13), "sext.b", "ds"),
    OP(M_F12, ENC12(0x605, 1, 0x13), "sext.h", "ds"),
    OP(M_F12, ENC12(0x080, 4, 0x3b), "zext.h", "ds"),
    OP(M_F7, ENC(0x30, 1, 0x33), "rol", "dst"),
    OP(M_F7, ENC(0x30, 5, 0x33), "ror", "dst"),
    OP(M_F7, ENC(0x30, 1, 0x3b), "rolw", "dst"),
    OP(M_F7, ENC(0x30, 5, 0x3b), "rorw", "dst"),
    OP(M_F6, ENC(0x30, 5, 0x13), "rori", "dsj"),
    OP(M_F7, ENC(0x30, 5, 0x1b), "roriw", "dsj"),
    OP(M_F12, ENC12(0x287, 5, 0x13), "orc.b", "ds"),
    OP(M_F12, ENC12(0x6b8, 5, 0x13), "rev8", "ds"),
    /* Zbs */
    OP(M_F7, ENC(0x24, 1, 0x33), "bclr", "dst"),
    OP(M_F6, ENC(0x24, 1, 0x13), "bclri", "dsj"),
    OP(M_F7, ENC(0x24, 5, 0x33), "bext", "dst"),
    OP(M_F6, ENC(0x24, 5, 0x13), "bexti", "dsj"),
    OP(M_F7, ENC(0x34, 1, 0x33), "binv", "dst"),
    OP(M_F6, ENC(0x34, 1, 0x13), "binvi", "dsj"),
    OP(M_F7, ENC(0x14, 1, 0x33), "bset", "dst"),
    OP(M_F6, ENC(0x14, 1, 0x13), "bseti", "dsj"),
};

/* Compressed: quadrant (bits 1:0) and funct3 (bits 15:13) select most rows. */
#define CQ(f3, q) ((uint32_t)(f3) << 13 | (uint32_t)(q))
#define M_CQ 0xe003u
#define CNZ_RD 0x0f80u      /* rd (or rs1) may not be x0 */
#define CNZ_CI 0x107cu      /* the CI immediate may not be zero */
#define CNZ_RS2 0x007cu     /* rs2 is not x0 (that encoding is c.jr/c.jalr) */
#define COP(mask, match, name, args, nz) { mask, match, name, args, nz, false }

static const RvDisasOp rv_ops16[] = {
    /* Quadrant 0 */
    COP(0xffff, 0x0000, "c.unimp", "", 0),
    COP(M_CQ, CQ(0, 0), "c.addi4spn", "CfCpCk", 0x1fe0),
    COP(M_CQ, CQ(1, 0), "c.fld", "CFCW", 0),
    COP(M_CQ, CQ(2, 0), "c.lw", "CfCw", 0),
    COP(M_CQ, CQ(3, 0), "c.ld", "CfCW", 0),
    COP(M_CQ, CQ(5, 0), "c.fsd", "CFCW", 0),
    COP(M_CQ, CQ(6, 0), "c.sw", "CfCw", 0),
    COP(M_CQ, CQ(7, 0), "c.sd", "CfCW", 0),
    /* Quadrant 1 */
    COP(0xffff, 0x0001, "c.nop", "", 0),
    COP(M_CQ, CQ(0, 1), "c.addi", "CdCi", 0),
    COP(M_CQ, CQ(1, 1), "c.addiw", "CdCi", CNZ_RD),
    COP(M_CQ, CQ(2, 1), "c.li", "CdCi", 0),
    COP(0xef83, CQ(3, 1) | 2 << 7, "c.addi16sp", "CpCI", CNZ_CI),
    COP(M_CQ, CQ(3, 1), "c.lui", "CdCu", CNZ_CI),
    /* A zero shift amount is a HINT in RV64, named for its RV128 meaning. */
    COP(0xfc7f, CQ(4, 1) | 0 << 10, "c.srli64", "Cs", 0),
    COP(0xfc7f, CQ(4, 1) | 1 << 10, "c.srai64", "Cs", 0),
    COP(0xec03, CQ(4, 1) | 0 << 10, "c.srli", "CsCh", 0),
    COP(0xec03, CQ(4, 1) | 1 << 10, "c.srai", "CsCh", 0),
    COP(0xec03, CQ(4, 1) | 2 << 10, "c.andi", "CsCi", 0),
    COP(0xfc63, CQ(4, 1) | 0x0c00, "c.sub", "CsCf", 0),
    COP(0xfc63, CQ(4, 1) | 0x0c20, "c.xor", "CsCf", 0),
    COP(0xfc63, CQ(4, 1) | 0x0c40, "c.or", "CsCf", 0),
    COP(0xfc63, CQ(4, 1) | 0x0c60, "c.and", "CsCf", 0),
    COP(0xfc63, CQ(4, 1) | 0x1c00, "c.subw", "CsCf", 0),
    COP(0xfc63, CQ(4, 1) | 0x1c20, "c.addw", "CsCf", 0),
    COP(M_CQ, CQ(5, 1), "c.j", "Cj", 0),
    COP(M_CQ, CQ(6, 1), "c.beqz", "CsCb", 0),
    COP(M_CQ, CQ(7, 1), "c.bnez", "CsCb", 0),
    /* Quadrant 2 */
    COP(0xf07f, CQ(0, 2), "c.slli64", "Cd", 0),
    COP(M_CQ, CQ(0, 2), "c.slli", "CdCh", 0),
    COP(M_CQ, CQ(1, 2), "c.fldsp", "CDCX", 0),
    COP(M_CQ, CQ(2, 2), "c.lwsp", "CdCx", CNZ_RD),
    COP(M_CQ, CQ(3, 2), "c.ldsp", "CdCX", CNZ_RD),
    COP(0xf07f, CQ(4, 2), "c.jr", "Cd", CNZ_RD),
    COP(0xf003, CQ(4, 2), "c.mv", "CdCt", CNZ_RS2),
    COP(0xffff, CQ(4, 2) | 0x1000, "c.ebreak", "", 0),
    COP(0xf07f, CQ(4, 2) | 0x1000, "c.jalr", "Cd", 0),
    COP(0xf003, CQ(4, 2) | 0x1000, "c.add", "CdCt", CNZ_RS2),
    COP(M_CQ, CQ(5, 2), "c.fsdsp", "CTCY", 0),
    COP(M_CQ, CQ(6, 2), "c.swsp", "CtCy", 0),
    COP(M_CQ, CQ(7, 2), "c.sdsp", "CtCY", 0),
};

static const char *const rv_rm_names[8] = {
    "rne", "rtz", "rdn", "rup", "rmm", NULL, NULL, "dyn",
};

/* Indexed by the aq (bit 26) and rl (bit 25) bits. */
static const char *const rv_aqrl_suffix[4] = { "", ".rl", ".aq", ".aqrl" };

static const struct {
    uint16_t num;
    const char *name;
} rv_csr_names[] = {
    { 0x001, "fflags" }, { 0x002, "frm" }, { 0x003, "fcsr" },
    { 0xc00, "cycle" }, { 0xc01, "time" }, { 0xc02, "instret" },
    { 0x100, "sstatus" }, { 0x104, "sie" }, { 0x105, "stvec" },
    { 0x140, "sscratch" }, { 0x141, "sepc" }, { 0x142, "scause" },
    { 0x143, "stval" }, { 0x144, "sip" }, { 0x180, "satp" },
    { 0x300, "mstatus" }, { 0x301, "misa" }, { 0x302, "medeleg" },
    { 0x303, "mideleg" }, { 0x304, "mie" }, { 0x305, "mtvec" },
    { 0x340, "mscratch" }, { 0x341, "mepc" }, { 0x342, "mcause" },
    { 0x343, "mtval" }, { 0x344, "mip" }, { 0xf11, "mvendorid" },
    { 0xf12, "marchid" }, { 0xf13, "mimpid" }, { 0xf14, "mhartid" },
};

/* Bits hi..lo of x, moved down to bit 0. */
static inline uint32_t rv_bits(uint32_t x, unsigned hi, unsigned lo)
{
    return (x >> lo) & ((1u << (hi - lo + 1)) - 1);
}

/* Sign-extend the low `width` bits of x. */
static inline int64_t rv_sext(uint32_t x, unsigned width)
{
    return (int64_t)((uint64_t)x << (64 - width)) >> (64 - width);
}

/* Text accumulated into a fixed buffer; snprintf truncates, never overflows. */
typedef struct RvText {
    char *buf;
    size_t len, cap;
} RvText;

static void PRINTF_FMT(2, 3) rv_put(RvText *t, const char *fmt, ...)
{
    va_list ap;

    if (t->len >= t->cap) {
        return;
    }
    va_start(ap, fmt);
    int n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
    va_end(ap);
    if (n > 0) {
        t->len = MIN(t->len + (size_t)n, t->cap - 1);
    }
}

static void rv_put_fence_set(RvText *t, uint32_t set)
{
    if (!set) {
        rv_put(t, "0");
        return;
    }
    for (int i = 3; i >= 0; i--) {
        if (set & (1u << i)) {
            rv_put(t, "%c", "wroi"[i]);
        }
    }
}

static void rv_put_csr(RvText *t, uint32_t csr)
{
    for (size_t i = 0; i < ARRAY_SIZE(rv_csr_names); i++) {
        if (rv_csr_names[i].num == csr) {
            rv_put(t, "%s", rv_csr_names[i].name);
            return;
        }
    }
    rv_put(t, "0x%x", csr);
}

/* One operand of a 32-bit instruction; false if the encoding is reserved. */
static bool rv_put_arg32(RvText *t, char c, uint32_t insn, uint64_t pc)
{
    const char *const *x = rv_gpr_names, *const *f = rv_fpr_names;
    uint32_t rd = rv_bits(insn, 11, 7), rs1 = rv_bits(insn, 19, 15);
    uint32_t rs2 = rv_bits(insn, 24, 20), rs3 = rv_bits(insn, 31, 27);
    int64_t imm_i = rv_sext(insn >> 20, 12);
    int64_t imm_s = rv_sext(rv_bits(insn, 31, 25) << 5 | rd, 12);
    int64_t imm;

    switch (c) {
    case 'd': rv_put(t, "%s", x[rd]); break;
    case 's': rv_put(t, "%s", x[rs1]); break;
    case 't': rv_put(t, "%s", x[rs2]); break;
    case 'D': rv_put(t, "%s", f[rd]); break;
    case 'S': rv_put(t, "%s", f[rs1]); break;
    case 'T': rv_put(t, "%s", f[rs2]); break;
    case 'R': rv_put(t, "%s", f[rs3]); break;
    case 'i': rv_put(t, "%" PRId64, imm_i); break;
    case 'j': rv_put(t, "0x%x", rv_bits(insn, 25, 20)); break;
    case 'l': rv_put(t, "%" PRId64 "(%s)", imm_i, x[rs1]); break;
    case 'L': rv_put(t, "%" PRId64 "(%s)", imm_s, x[rs1]); break;
    case 'u': rv_put(t, "0x%x", insn >> 12); break;
    case 'c': rv_put_csr(t, insn >> 20); break;
    case 'z': rv_put(t, "%u", rs1); break;
    case 'a': rv_put(t, "(%s)", x[rs1]); break;
    case 'p': rv_put_fence_set(t, rv_bits(insn, 27, 24)); break;
    case 'q': rv_put_fence_set(t, rv_bits(insn, 23, 20)); break;
    case 'b':
        imm = rv_sext(rv_bits(insn, 31, 31) << 12 | rv_bits(insn, 7, 7) << 11 |
                      rv_bits(insn, 30, 25) << 5 | rv_bits(insn, 11, 8) << 1, 13);
        rv_put(t, "0x%" PRIx64, pc + (uint64_t)imm);
        break;
    case 'J':
        imm = rv_sext(rv_bits(insn, 31, 31) << 20 | rv_bits(insn, 19, 12) << 12 |
                      rv_bits(insn, 20, 20) << 11 | rv_bits(insn, 30, 21) << 1, 21);
        rv_put(t, "0x%" PRIx64, pc + (uint64_t)imm);
        break;
    case 'm':
        /* Only reached when the mode is not dyn; 5 and 6 are reserved. */
        if (!rv_rm_names[rv_bits(insn, 14, 12)]) {
            return false;
        }
        rv_put(t, "%s", rv_rm_names[rv_bits(insn, 14, 12)]);
        break;
    default:
        g_assert_not_reached();
    }
    return true;
}

/* One operand (the letter after 'C') of a compressed instruction. */
static void rv_put_arg16(RvText *t, char c, uint32_t insn, uint64_t pc)
{
    const char *const *x = rv_gpr_names, *const *f = rv_fpr_names;
    uint32_t rd = rv_bits(insn, 11, 7), rs2 = rv_bits(insn, 6, 2);
    uint32_t rs1p = 8 + rv_bits(insn, 9, 7), rs2p = 8 + rv_bits(insn, 4, 2);
    uint32_t ci6 = rv_bits(insn, 12, 12) << 5 | rs2;    /* CI: imm[5] | imm[4:0] */
    uint32_t u;
    int64_t imm;

    switch (c) {
    case 'd': rv_put(t, "%s", x[rd]); break;
    case 't': rv_put(t, "%s", x[rs2]); break;
    case 'D': rv_put(t, "%s", f[rd]); break;
    case 'T': rv_put(t, "%s", f[rs2]); break;
    case 's': rv_put(t, "%s", x[rs1p]); break;
    case 'f': rv_put(t, "%s", x[rs2p]); break;
    case 'F': rv_put(t, "%s", f[rs2p]); break;
    case 'p': rv_put(t, "sp"); break;
    case 'i': rv_put(t, "%" PRId64, rv_sext(ci6, 6)); break;
    case 'h': rv_put(t, "0x%x", ci6); break;
    case 'u': rv_put(t, "0x%x", (uint32_t)rv_sext(ci6, 6) & 0xfffff); break;
    case 'k':
        u = rv_bits(insn, 12, 11) << 4 | rv_bits(insn, 10, 7) << 6 |
            rv_bits(insn, 6, 6) << 2 | rv_bits(insn, 5, 5) << 3;
        rv_put(t, "%u", u);
        break;
    case 'I':
        imm = rv_sext(rv_bits(insn, 12, 12) << 9 | rv_bits(insn, 6, 6) << 4 |
                      rv_bits(insn, 5, 5) << 6 | rv_bits(insn, 4, 3) << 7 |
                      rv_bits(insn, 2, 2) << 5, 10);
        rv_put(t, "%" PRId64, imm);
        break;
    case 'w':
        u = rv_bits(insn, 12, 10) << 3 | rv_bits(insn, 6, 6) << 2 | rv_bits(insn, 5, 5) << 6;
        rv_put(t, "%u(%s)", u, x[rs1p]);
        break;
    case 'W':
        u = rv_bits(insn, 12, 10) << 3 | rv_bits(insn, 6, 5) << 6;
        rv_put(t, "%u(%s)", u, x[rs1p]);
        break;
    case 'x':
        u = rv_bits(insn, 12, 12) << 5 | rv_bits(insn, 6, 4) << 2 | rv_bits(insn, 3, 2) << 6;
        rv_put(t, "%u(sp)", u);
        break;
    case 'X':
        u = rv_bits(insn, 12, 12) << 5 | rv_bits(insn, 6, 5) << 3 | rv_bits(insn, 4, 2) << 6;
        rv_put(t, "%u(sp)", u);
        break;
    case 'y':
        u = rv_bits(insn, 12, 9) << 2 | rv_bits(insn, 8, 7) << 6;
        rv_put(t, "%u(sp)", u);
        break;
    case 'Y':
        u = rv_bits(insn, 12, 10) << 3 | rv_bits(insn, 9, 7) << 6;
        rv_put(t, "%u(sp)", u);
        break;
    case 'j':
        imm = rv_sext(rv_bits(insn, 12, 12) << 11 | rv_bits(insn, 11, 11) << 4 |
                      rv_bits(insn, 10, 9) << 8 | rv_bits(insn, 8, 8) << 10 |
                      rv_bits(insn, 7, 7) << 6 | rv_bits(insn, 6, 6) << 7 |
                      rv_bits(insn, 5, 3) << 1 | rv_bits(insn, 2, 2) << 5, 12);
        rv_put(t, "0x%" PRIx64, pc + (uint64_t)imm);
        break;
    case 'b':
        imm = rv_sext(rv_bits(insn, 12, 12) << 8 | rv_bits(insn, 11, 10) << 3 |
                      rv_bits(insn, 6, 5) << 6 | rv_bits(insn, 4, 3) << 1 |
                      rv_bits(insn, 2, 2) << 5, 9);
        rv_put(t, "0x%" PRIx64, pc + (uint64_t)imm);
        break;
    default:
        g_assert_not_reached();
    }
}

/*
 * Print the operands of row op for insn into t, ", "-separated; false if a
 * field holds a reserved value.
 */
static bool rv_put_args(RvText *t, const RvDisasOp *op, uint32_t insn, uint64_t pc)
{
    for (const char *a = op->args; *a; a++) {
        if (*a == 'M' && !rv_rm_names[rv_bits(insn, 14, 12)]) {
            return false;
        }
        if ((*a == 'm' && rv_bits(insn, 14, 12) == RV_RM_DYN) || *a == 'M') {
            continue;
        }
        if (t->len) {
            rv_put(t, ", ");
        }
        if (*a == 'C') {
            rv_put_arg16(t, *++a, insn, pc);
        } else if (!rv_put_arg32(t, *a, insn, pc)) {
            return false;
        }
    }
    return true;
}

static const RvDisasOp *rv_lookup(const RvDisasOp *ops, size_t n, uint32_t insn)
{
    for (size_t i = 0; i < n; i++) {
        if ((insn & ops[i].mask) == ops[i].match &&
            (!ops[i].nonzero || (insn & ops[i].nonzero))) {
            return &ops[i];
        }
    }
    return NULL;
}

size_t rv_disas_insn(uint64_t pc, const uint8_t *code, size_t size,
                     char mnemonic[RV_DISAS_MNEMONIC_MAX],
                     char operands[RV_DISAS_OPERANDS_MAX])
{
    RvText mn = { mnemonic, 0, RV_DISAS_MNEMONIC_MAX };
    RvText args = { operands, 0, RV_DISAS_OPERANDS_MAX };
    const RvDisasOp *op;
    uint32_t insn;
    size_t len;

    mnemonic[0] = operands[0] = '\0';
    if (size < 2) {
        rv_put(&mn, ".byte");
        rv_put(&args, "0x%02x", code[0]);
        return 1;
    }
    insn = code[0] | (uint32_t)code[1] << 8;
    /* Low bits 11 mark a 32-bit instruction; longer encodings are not supported. */
    len = (insn & 3) == 3 ? 4 : 2;
    if (len > size) {
        rv_put(&mn, ".half");
        rv_put(&args, "0x%04x", insn);
        return 2;
    }
    if (len == 4) {
        insn |= (uint32_t)code[2] << 16 | (uint32_t)code[3] << 24;
        op = rv_lookup(rv_ops32, ARRAY_SIZE(rv_ops32), insn);
    } else {
        op = rv_lookup(rv_ops16, ARRAY_SIZE(rv_ops16), insn);
    }
    if (op && rv_put_args(&args, op, insn, pc)) {
        rv_put(&mn, "%s%s", op->name, op->aqrl ? rv_aqrl_suffix[rv_bits(insn, 26, 25)] : "");
        return len;
    }
    args.len = 0;
    operands[0] = '\0';
    rv_put(&mn, len == 4 ? ".word" : ".half");
    rv_put(&args, len == 4 ? "0x%08x" : "0x%04x", insn);
    return len;
}

void rv_disas(FILE *f, uint64_t pc, const uint8_t *code, size_t size)
{
    char mnemonic[RV_DISAS_MNEMONIC_MAX], operands[RV_DISAS_OPERANDS_MAX];
    size_t off = 0;

    while (off < size) {
        size_t len = rv_disas_insn(pc + off, code + off, size - off, mnemonic, operands);
        fprintf(f, "0x%016" PRIx64 ":  %-10s %s\n", pc + off, mnemonic, operands);
        off += len;
    }
}
