/*
 * disas.h: the RISC-V disassembler behind -d in_asm (RV64GC, Zba/Zbb/Zbs,
 * Zicsr, Zifencei).  Capstone 4 has no RISC-V, so the front end brings its own.
 *
 * Output follows `objdump -d -M no-aliases`: base mnemonics (compressed ones
 * with their c. prefix), ABI register names, no pseudo-instructions; except
 * that operands are separated by ", " as capstone does, branch and jump
 * targets are absolute hex addresses, 0x0001 is shown as c.nop, an empty
 * fence set as 0, and unknown encodings as .word/.half (.byte for a stray
 * trailing byte).
 */
#ifndef CROSSEMU_RISCV_DISAS_H
#define CROSSEMU_RISCV_DISAS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Buffer sizes that always hold rv_disas_insn's mnemonic and operand text. */
#define RV_DISAS_MNEMONIC_MAX 24
#define RV_DISAS_OPERANDS_MAX 64

/*
 * Decode the instruction at guest address pc from code (size bytes
 * available, size >= 1) into its mnemonic and operand text.  Returns the
 * number of bytes it covers: 2 or 4, or fewer when size cuts it short (then
 * shown as .half/.byte data).
 */
size_t rv_disas_insn(uint64_t pc, const uint8_t *code, size_t size,
                     char mnemonic[RV_DISAS_MNEMONIC_MAX],
                     char operands[RV_DISAS_OPERANDS_MAX]);

/* GuestOps.disas: one "0x<pc>:  <mnemonic> <operands>" line per instruction. */
void rv_disas(FILE *f, uint64_t pc, const uint8_t *code, size_t size);

#endif
