/*
 * cpu.h: the RISC-V guest CPU state (RV64GC, user mode for now).
 *
 * Generated code reaches every field through env + offsetof(); keep the
 * registers first so their offsets stay small.
 */
#ifndef CROSSEMU_RISCV_CPU_H
#define CROSSEMU_RISCV_CPU_H

#include "common.h"
#include "exec.h"

/* Exceptions the front end raises (cpu->exception_index). */
enum {
    RV_EXCP_ECALL = EXCP_ARCH,      /* ecall from U-mode: a system call */
    RV_EXCP_EBREAK,                 /* ebreak: SIGTRAP */
    RV_EXCP_ILLEGAL,                /* illegal instruction: SIGILL (ILL_ILLOPC) */
    RV_EXCP_INSN_MISALIGNED,        /* jump to a misaligned target */
    RV_EXCP_FETCH_FAULT,            /* instruction fetch fault: SIGSEGV at fault_addr */
};

/* fcsr fields (RISC-V unprivileged ISA, 11.2). */
enum {
    RV_FFLAG_NX = 1, RV_FFLAG_UF = 2, RV_FFLAG_OF = 4, RV_FFLAG_DZ = 8, RV_FFLAG_NV = 16,
};
enum { RV_RM_RNE, RV_RM_RTZ, RV_RM_RDN, RV_RM_RUP, RV_RM_RMM, RV_RM_DYN = 7 };

typedef struct RISCVCPU {
    CPUCommon common;           /* must be first: env == &common */
    uint64_t gpr[32];           /* x0 reads as zero: generated code never writes it */
    uint64_t fpr[32];           /* NaN-boxed: singles have the upper 32 bits all ones */
    uint64_t pc;
    uint32_t frm;               /* dynamic rounding mode (fcsr[7:5]) */
    uint32_t fflags;            /* accrued exception flags (fcsr[4:0]) */
    /* LR/SC reservation, emulated with compare-and-swap. */
    uint64_t load_res;          /* reserved address, or -1 */
    uint64_t load_val;          /* value loaded by LR */
    /* What the illegal instruction was, for -d unimp and SIGILL's si_addr. */
    uint32_t bad_insn;
    uint64_t misa;              /* extensions enabled (bit per letter) */
} RISCVCPU;

static inline RISCVCPU *rv_cpu(CPUCommon *c) { return (RISCVCPU *)c; }

extern const GuestOps riscv64_guest_ops;

/* Reset to the user-mode initial state (all zero, frm RNE, no reservation). */
void rv_cpu_reset(RISCVCPU *cpu);

extern const char *const rv_gpr_names[32];   /* "zero", "ra", "sp", ... */
extern const char *const rv_fpr_names[32];   /* "ft0", ... */

#endif
