/*
 * cpu.h: the AArch64 guest CPU state (user mode, EL0).
 *
 * Generated code reaches every field through env + offsetof(); the general
 * registers come first so their offsets stay small.
 *
 * NZCV is kept split, in the form that makes the common flag-setting
 * instructions and conditional branches cheap to generate:
 *   N = nf bit 63       (nf holds the sign-extended result)
 *   Z = (zf == 0)       (zf holds the result itself)
 *   C = cf              (0 or 1)
 *   V = vf bit 63       (sign-extended overflow word)
 * A 32-bit flag-setting instruction stores its results sign-extended (nf, vf)
 * and zero-extended (zf) so that the same tests work for both widths.
 */
#ifndef CROSSEMU_ARM_CPU_H
#define CROSSEMU_ARM_CPU_H

#include "common.h"
#include "exec.h"

/* Exceptions the front end raises (cpu->exception_index). */
enum {
    A64_EXCP_SVC = EXCP_ARCH,       /* svc #imm: a system call */
    A64_EXCP_UDEF,                  /* undefined instruction: SIGILL (ILL_ILLOPC) */
    A64_EXCP_BRK,                   /* brk #imm: SIGTRAP */
    A64_EXCP_PC_ALIGN,              /* branch to a misaligned pc: SIGBUS */
    A64_EXCP_FETCH_FAULT,           /* instruction fetch fault: SIGSEGV at fault_addr */
    A64_EXCP_SP_ALIGN,              /* not raised yet (Linux sets SCTLR_EL1.SA0: SIGBUS) */
    A64_EXCP_DATA_ALIGN,            /* misaligned exclusive access: SIGBUS at fault_addr */
};

/* FPSR cumulative flag bits (ARM ARM C5.2.11). */
enum {
    FPSR_IOC = 1 << 0, FPSR_DZC = 1 << 1, FPSR_OFC = 1 << 2, FPSR_UFC = 1 << 3,
    FPSR_IXC = 1 << 4, FPSR_IDC = 1 << 7, FPSR_QC = 1 << 27,
};
/* FPCR fields (C5.2.8). */
enum {
    FPCR_FZ16 = 1 << 19, FPCR_FZ = 1 << 24, FPCR_DN = 1 << 25, FPCR_AHP = 1 << 26,
    FPCR_RMODE_SHIFT = 22,
};
/* The FPCR bits Linux lets EL0 set (the trap enables read as zero: no trapping). */
#define FPCR_WRITABLE (FPCR_FZ16 | (3u << 22) | FPCR_FZ | FPCR_DN | FPCR_AHP)
#define FPSR_WRITABLE (0xf8000000u | 0x9fu)

typedef union ARMVReg {
    uint64_t d[2];
    uint32_t s[4];
    uint16_t h[8];
    uint8_t b[16];
} ARMVReg;

/* ID registers of one CPU model (what MRS of ID_* returns; HWCAPs derive from them). */
typedef struct ARMCPUModel {
    const char *name;
    uint64_t midr, revidr, mpidr;
    uint64_t id_aa64pfr0, id_aa64pfr1;
    uint64_t id_aa64isar0, id_aa64isar1, id_aa64isar2;
    uint64_t id_aa64mmfr0, id_aa64mmfr1, id_aa64mmfr2;
    uint64_t id_aa64dfr0, id_aa64zfr0, id_aa64smfr0;
    uint64_t ctr, dczid;
    uint64_t hwcap, hwcap2;     /* AT_HWCAP / AT_HWCAP2 as Linux reports them */
} ARMCPUModel;

typedef struct ARMCPU {
    CPUCommon common;           /* must be first: env == &common */
    uint64_t xregs[32];         /* x0..x30; xregs[31] is SP (XZR is never stored) */
    uint64_t pc;
    uint64_t nf, zf, cf, vf;    /* NZCV, see above */
    /* Exclusive monitor, emulated with compare-and-swap. */
    uint64_t excl_addr;         /* reserved address, or -1 */
    uint64_t excl_val;          /* value(s) loaded by LDXR/LDXP */
    uint64_t excl_val2;
    uint64_t tpidr_el0, tpidrro_el0;
    uint32_t fpcr, fpsr;
    uint32_t bad_insn;          /* the undefined instruction, for -d unimp and SIGILL */
    uint32_t excp_imm;          /* svc/brk immediate */
    const ARMCPUModel *model;
    ARMVReg vregs[32] __attribute__((aligned(16)));
    /* Scratch for helpers that need a 128-bit temporary (TBL and friends). */
    ARMVReg vscratch[4] __attribute__((aligned(16)));
} ARMCPU;

static inline ARMCPU *arm_cpu(CPUCommon *c) { return (ARMCPU *)c; }

extern const GuestOps aarch64_guest_ops;

/* The CPU models (-cpu), NULL-terminated name list; the first is the default. */
extern const char *const arm_cpu_model_names[];
const ARMCPUModel *arm_cpu_model_find(const char *name);
/* Reset to the user-mode initial state for the model. */
void arm_cpu_reset(ARMCPU *cpu, const ARMCPUModel *model);

/* The NZCV value (bits 31:28) from the split flags, and back. */
uint32_t arm_get_nzcv(const ARMCPU *cpu);
void arm_set_nzcv(ARMCPU *cpu, uint32_t nzcv);

#endif
