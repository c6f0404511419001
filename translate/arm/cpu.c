/*
 * cpu.c: the AArch64 guest CPU: models (-cpu), reset state, register
 * dump, and the GuestOps table the core and the modes use.
 *
 * Each model advertises, through its ID registers and HWCAPs, exactly the
 * features this front end implements that the real core has: a feature we
 * do not implement is never advertised (software probing HWCAPs must not be
 * led into SIGILL), and instructions of features the selected model lacks
 * are undefined (a64_have() in translate.h).
 */
#include "common.h"
#include <capstone/capstone.h>
#include "cpu.h"
#include "translate.h"
#include "gdb-arch.h"

extern const GdbArch aarch64_gdb_arch;

/* Linux arm64 AT_HWCAP bits (arch/arm64/include/uapi/asm/hwcap.h). */
enum {
    HWCAP_FP = 1 << 0, HWCAP_ASIMD = 1 << 1, HWCAP_EVTSTRM = 1 << 2, HWCAP_AES = 1 << 3,
    HWCAP_PMULL = 1 << 4, HWCAP_SHA1 = 1 << 5, HWCAP_SHA2 = 1 << 6, HWCAP_CRC32 = 1 << 7,
    HWCAP_ATOMICS = 1 << 8, HWCAP_FPHP = 1 << 9, HWCAP_ASIMDHP = 1 << 10,
    HWCAP_CPUID = 1 << 11, HWCAP_ASIMDRDM = 1 << 12, HWCAP_JSCVT = 1 << 13,
    HWCAP_FCMA = 1 << 14, HWCAP_LRCPC = 1 << 15, HWCAP_DCPOP = 1 << 16,
    HWCAP_SHA3 = 1 << 17, HWCAP_ASIMDDP = 1 << 20, HWCAP_SHA512 = 1 << 21,
    HWCAP_ILRCPC = 1 << 26,
};

/* ID_AA64PFR0_EL1: EL0 and EL1 AArch64 only (1), FP and AdvSIMD implemented (0). */
#define PFR0_V80 0x11ull
/* ID_AA64MMFR0_EL1: 48-bit PA, 16-bit ASID, 4K and 64K granules (16K not). */
#define MMFR0_COMMON 0x0000000000101125ull
/* CTR_EL0: 64-byte lines (IminLine = DminLine = 4), ERG = CWG = 4, PIPT I-cache. */
#define CTR_COMMON 0x8444c004ull
/* DCZID_EL0: DC ZVA allowed, 2^4 words = 64-byte blocks. */
#define DCZID_64B 4ull

/* ID_AA64ISAR0 fields. */
#define ISAR0_CRC32 (1ull << 16)
#define ISAR0_ATOMIC (2ull << 20)
/* AES with PMULL of 64-bit elements (2), SHA1 (1), SHA256 (1): the Armv8.0 crypto extension. */
#define ISAR0_CRYPTO (2ull << 4 | 1ull << 8 | 1ull << 12)
#define HWCAP_CRYPTO (HWCAP_AES | HWCAP_PMULL | HWCAP_SHA1 | HWCAP_SHA2)
/* SHA2 = 2: SHA256 and SHA512; SHA3 = 1: EOR3, RAX1, XAR, BCAX. */
#define ISAR0_SHA512_SHA3 (2ull << 12 | 1ull << 32)
#define HWCAP_SHA512_SHA3 (HWCAP_SHA512 | HWCAP_SHA3)
/* RDM = 1: SQRDMLAH/SQRDMLSH; DP = 1: SDOT/UDOT (Armv8.2, no FP16 needed). */
#define ISAR0_RDM_DP (1ull << 28 | 1ull << 44)
#define HWCAP_RDM_DP (HWCAP_ASIMDRDM | HWCAP_ASIMDDP)
/* ID_AA64ISAR1 fields. */
#define ISAR1_DPB (1ull << 0)
#define ISAR1_LRCPC2 (2ull << 20)

/*
 * FEAT_FP16 on max: the scalar half-precision instructions (translate-fp.c,
 * helper-fp16.c) and the Advanced SIMD ones (helper-simd-fp16.c), so
 * ID_AA64PFR0.FP = AdvSIMD = 1 as Arm requires, and HWCAP_FPHP/ASIMDHP.
 */
#define PFR0_MAX (PFR0_V80 | 1ull << 16 | 1ull << 20)
#define HWCAP_MAX_FP16 (HWCAP_FPHP | HWCAP_ASIMDHP)

static const ARMCPUModel arm_models[] = {
    {
        /* Everything implemented here; identifies as a Neoverse-N1-like part. */
        .name = "max",
        .midr = 0x414fd0c1, .mpidr = 0x80000000,
        .id_aa64pfr0 = PFR0_MAX,
        .id_aa64isar0 = ISAR0_CRC32 | ISAR0_ATOMIC | ISAR0_CRYPTO | ISAR0_SHA512_SHA3 |
                        ISAR0_RDM_DP,
        .id_aa64isar1 = ISAR1_DPB | ISAR1_LRCPC2,
        .id_aa64mmfr0 = MMFR0_COMMON,
        .ctr = CTR_COMMON, .dczid = DCZID_64B,
        .hwcap = HWCAP_FP | HWCAP_ASIMD | HWCAP_EVTSTRM | HWCAP_CRC32 | HWCAP_ATOMICS |
                 HWCAP_CPUID | HWCAP_LRCPC | HWCAP_DCPOP | HWCAP_ILRCPC | HWCAP_CRYPTO |
                 HWCAP_SHA512_SHA3 | HWCAP_RDM_DP | HWCAP_MAX_FP16,
    },
    {
        /* Cortex-A57 r1p3 (Armv8.0) without the optional crypto extension. */
        .name = "cortex-a57",
        .midr = 0x411fd073, .mpidr = 0x80000000,
        .id_aa64pfr0 = PFR0_V80,
        .id_aa64isar0 = ISAR0_CRC32,
        .id_aa64mmfr0 = MMFR0_COMMON,
        .ctr = CTR_COMMON, .dczid = DCZID_64B,
        .hwcap = HWCAP_FP | HWCAP_ASIMD | HWCAP_EVTSTRM | HWCAP_CRC32 | HWCAP_CPUID,
    },
    {
        /* Cortex-A72 r0p3 (Armv8.0) without the optional crypto extension. */
        .name = "cortex-a72",
        .midr = 0x410fd083, .mpidr = 0x80000000,
        .id_aa64pfr0 = PFR0_V80,
        .id_aa64isar0 = ISAR0_CRC32,
        .id_aa64mmfr0 = MMFR0_COMMON,
        .ctr = CTR_COMMON, .dczid = DCZID_64B,
        .hwcap = HWCAP_FP | HWCAP_ASIMD | HWCAP_EVTSTRM | HWCAP_CRC32 | HWCAP_CPUID,
    },
    {
        /*
         * Neoverse-N1 r4p1 (Armv8.2) with its crypto extension: LSE, RCpc,
         * DC CVAP, AES/PMULL/SHA1/SHA256, RDM, the dot product and FEAT_FP16
         * (half-precision scalar and Advanced SIMD).
         */
        .name = "neoverse-n1",
        .midr = 0x414fd0c1, .mpidr = 0x80000000,
        .id_aa64pfr0 = PFR0_MAX,
        .id_aa64isar0 = ISAR0_CRC32 | ISAR0_ATOMIC | ISAR0_CRYPTO | ISAR0_RDM_DP,
        .id_aa64isar1 = ISAR1_DPB | (1ull << 20),
        .id_aa64mmfr0 = MMFR0_COMMON,
        .ctr = CTR_COMMON, .dczid = DCZID_64B,
        .hwcap = HWCAP_FP | HWCAP_ASIMD | HWCAP_EVTSTRM | HWCAP_CRC32 | HWCAP_ATOMICS |
                 HWCAP_CPUID | HWCAP_LRCPC | HWCAP_DCPOP | HWCAP_CRYPTO | HWCAP_RDM_DP |
                 HWCAP_MAX_FP16,
    },
};

const char *const arm_cpu_model_names[] = {
    "max", "cortex-a57", "cortex-a72", "neoverse-n1", NULL,
};

const ARMCPUModel *arm_cpu_model_find(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(arm_models); i++) {
        if (strcmp(arm_models[i].name, name) == 0) {
            return &arm_models[i];
        }
    }
    return NULL;
}

void arm_cpu_reset(ARMCPU *cpu, const ARMCPUModel *model)
{
    CPUCommon common = cpu->common;

    memset(cpu, 0, sizeof(*cpu));
    cpu->common = common;
    cpu->model = model;
    cpu->excl_addr = (uint64_t)-1;
    /* Z clear (zf != 0): NZCV reads as 0 after reset. */
    cpu->zf = 1;
}

static void a64_get_tb_key(CPUCommon *cs, uint64_t *pc, uint32_t *flags)
{
    *pc = arm_cpu(cs)->pc;
    *flags = 0;
}

static void a64_restore_state(CPUCommon *cs, const uint64_t *data)
{
    arm_cpu(cs)->pc = data[0];
}

static uint64_t a64_get_pc(CPUCommon *cs)
{
    return arm_cpu(cs)->pc;
}

static void a64_set_pc(CPUCommon *cs, uint64_t pc)
{
    arm_cpu(cs)->pc = pc;
}

static void a64_dump_state(CPUCommon *cs, FILE *f)
{
    ARMCPU *cpu = arm_cpu(cs);
    uint32_t nzcv = arm_get_nzcv(cpu);

    fprintf(f, " pc  %016" PRIx64 "  NZCV %c%c%c%c\n", cpu->pc,
            nzcv & (1u << 31) ? 'N' : '-', nzcv & (1u << 30) ? 'Z' : '-',
            nzcv & (1u << 29) ? 'C' : '-', nzcv & (1u << 28) ? 'V' : '-');
    for (int i = 0; i < 32; i++) {
        fprintf(f, " %s%-2d %016" PRIx64 "%s", i == 31 ? "sp" : "x", i == 31 ? 0 : i,
                cpu->xregs[i], (i & 3) == 3 ? "\n" : "");
    }
    for (int i = 0; i < 32; i++) {
        fprintf(f, " q%-2d %016" PRIx64 ":%016" PRIx64 "%s", i, cpu->vregs[i].d[1],
                cpu->vregs[i].d[0], (i & 1) ? "\n" : "");
    }
    fprintf(f, " fpcr %08x fpsr %08x tpidr %016" PRIx64 "\n", cpu->fpcr, cpu->fpsr,
            cpu->tpidr_el0);
}

const GuestOps aarch64_guest_ops = {
    .name = "aarch64",
    .cpu_size = sizeof(ARMCPU),
    .max_insn_bytes = 4,
    .min_insn_bytes = 4,
    .big_endian = false,
    .init_globals = a64_init_globals,
    .get_tb_key = a64_get_tb_key,
    /* The JIT inlines the jump-cache probe of indirect branches. */
    .pc_env_offset = offsetof(ARMCPU, pc),
    .tb_flags_always_zero = true,   /* a64_get_tb_key */
    .translate = a64_translate,
    .restore_state = a64_restore_state,
    .get_pc = a64_get_pc,
    .set_pc = a64_set_pc,
    .dump_state = a64_dump_state,
    .cs_arch = CS_ARCH_ARM64,
    .cs_mode = CS_MODE_ARM,
    .gdb = &aarch64_gdb_arch,
};
