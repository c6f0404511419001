/*
 * cpu.c: the RISC-V (RV64) guest CPU: reset state, register names, and the
 * GuestOps table the core and the modes use.
 */
#include "common.h"
#include <capstone/capstone.h>
#include "cpu.h"
#include "translate.h"
#include "gdb-arch.h"
#include "disas.h"

const char *const rv_gpr_names[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
    "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
    "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
    "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

const char *const rv_fpr_names[32] = {
    "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7",
    "fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5",
    "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7",
    "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
};

/* misa: MXL = 2 (64-bit) and one bit per extension letter (privileged spec 3.1.1). */
#define RV_MISA_MXL64 (2ull << 62)

void rv_cpu_reset(RISCVCPU *cpu)
{
    CPUCommon common = cpu->common;

    /* Everything but the core's bookkeeping starts at zero (frm = RNE, no flags). */
    memset(cpu, 0, sizeof(*cpu));
    cpu->common = common;
    cpu->frm = RV_RM_RNE;
    cpu->load_res = (uint64_t)-1;
    /* IMAFDC, B (= Zba + Zbb + Zbs), and U for the user mode the programs run in. */
    cpu->misa = RV_MISA_MXL64 | RV_EXT('I') | RV_EXT('M') | RV_EXT('A') | RV_EXT('F') |
                RV_EXT('D') | RV_EXT('C') | RV_EXT('B') | RV_EXT('U');
}

static void rv_get_tb_key(CPUCommon *cs, uint64_t *pc, uint32_t *flags)
{
    *pc = rv_cpu(cs)->pc;
    /* Nothing the translation depends on varies at run time in user mode yet. */
    *flags = 0;
}

static void rv_restore_state(CPUCommon *cs, const uint64_t *data)
{
    rv_cpu(cs)->pc = data[0];
}

static uint64_t rv_get_pc(CPUCommon *cs)
{
    return rv_cpu(cs)->pc;
}

static void rv_set_pc(CPUCommon *cs, uint64_t pc)
{
    rv_cpu(cs)->pc = pc;
}

static void rv_dump_state(CPUCommon *cs, FILE *f)
{
    RISCVCPU *cpu = rv_cpu(cs);

    fprintf(f, " pc       %016" PRIx64 "\n", cpu->pc);
    for (int i = 0; i < 32; i++) {
        fprintf(f, " %-4s %016" PRIx64 "%s", rv_gpr_names[i], cpu->gpr[i],
                (i & 3) == 3 ? "\n" : "");
    }
    for (int i = 0; i < 32; i++) {
        fprintf(f, " %-4s %016" PRIx64 "%s", rv_fpr_names[i], cpu->fpr[i],
                (i & 3) == 3 ? "\n" : "");
    }
    fprintf(f, " fcsr     %08x (frm %u fflags %02x)\n",
            (cpu->frm & 7) << 5 | (cpu->fflags & 0x1f), cpu->frm, cpu->fflags);
}

/* translate/riscv/gdb.c */
extern const GdbArch riscv64_gdb_arch;

const GuestOps riscv64_guest_ops = {
    .name = "riscv64",
    .cpu_size = sizeof(RISCVCPU),
    .max_insn_bytes = 4,
    .min_insn_bytes = 2,
    .big_endian = false,
    .init_globals = rv_init_globals,
    .get_tb_key = rv_get_tb_key,
    .translate = rv_translate,
    .restore_state = rv_restore_state,
    .get_pc = rv_get_pc,
    .set_pc = rv_set_pc,
    .dump_state = rv_dump_state,
    .gdb = &riscv64_gdb_arch,
    .disas = rv_disas,
    .pc_env_offset = offsetof(RISCVCPU, pc),
    .tb_flags_always_zero = true,   /* rv_get_tb_key */
#if CS_API_MAJOR >= 5
    .cs_arch = CS_ARCH_RISCV,
    .cs_mode = CS_MODE_RISCV64 | CS_MODE_RISCVC,
#else
    /* Capstone 4 has no RISC-V disassembler: .disas (disas.c) does -d in_asm. */
    .cs_arch = 0,
    .cs_mode = 0,
#endif
};
