/*
 * helper.c: C helpers called from AArch64 generated code (integer side):
 * exceptions, the system registers that need code, CRC32, RBIT.
 */
#include "common.h"
#include <time.h>
#include "translate.h"
#include "exec.h"

/* The generic timer's frequency (CNTFRQ_EL0): 1 GHz, as Armv8.6 requires. */
#define A64_CNTFRQ_HZ 1000000000ull

/* The pc was stored by the generated code before the call (globals are synced). */
void helper_a64_raise(CPUCommon *env, uint32_t excp, uint32_t imm)
{
    arm_cpu(env)->excp_imm = imm;
    env->exception_index = (int)excp;
    cpu_loop_exit(env);
}

IR_HELPER_DEF(a64_raise, IR_HT_VOID, IR_HELPER_CAN_RAISE, IR_HT_PTR, IR_HT_I32, IR_HT_I32);

uint32_t arm_get_nzcv(const ARMCPU *cpu)
{
    return (uint32_t)((cpu->nf >> 63) << 31 | (uint64_t)(cpu->zf == 0) << 30 |
                      (cpu->cf & 1) << 29 | (cpu->vf >> 63) << 28);
}

void arm_set_nzcv(ARMCPU *cpu, uint32_t nzcv)
{
    cpu->nf = (nzcv & (1u << 31)) ? (uint64_t)-1 : 0;
    cpu->zf = (nzcv & (1u << 30)) ? 0 : 1;
    cpu->cf = (nzcv >> 29) & 1;
    cpu->vf = (nzcv & (1u << 28)) ? (uint64_t)-1 : 0;
}

static uint64_t a64_counter(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * A64_CNTFRQ_HZ + (uint64_t)ts.tv_nsec;
}

uint64_t helper_a64_mrs(CPUCommon *env, uint32_t key)
{
    ARMCPU *cpu = arm_cpu(env);

    switch (key) {
    case A64_SYSREG(3, 3, 4, 2, 0):
        return arm_get_nzcv(cpu);
    case A64_SYSREG(3, 3, 14, 0, 0):
        return A64_CNTFRQ_HZ;
    case A64_SYSREG(3, 3, 14, 0, 1):
    case A64_SYSREG(3, 3, 14, 0, 2):
        return a64_counter();
    default:
        g_assert_not_reached();
    }
}

IR_HELPER_DEF(a64_mrs, IR_HT_I64, IR_HELPER_NO_WRITE_GLOBALS, IR_HT_PTR, IR_HT_I32);

void helper_a64_msr(CPUCommon *env, uint32_t key, uint64_t val)
{
    switch (key) {
    case A64_SYSREG(3, 3, 4, 2, 0):
        arm_set_nzcv(arm_cpu(env), (uint32_t)val);
        break;
    default:
        g_assert_not_reached();
    }
}

IR_HELPER_DEF(a64_msr, IR_HT_VOID, 0, IR_HT_PTR, IR_HT_I32, IR_HT_I64);

/*
 * CRC32 (polynomial 0x04C11DB7) and CRC32C (0x1EDC6F41), bit-reflected as
 * the A64 instructions define them: acc and the low `bytes` bytes of val.
 */
static uint32_t crc_update(uint32_t crc, uint64_t val, unsigned bytes, uint32_t poly_rev)
{
    for (unsigned i = 0; i < bytes * 8; i++) {
        uint32_t bit = (crc ^ (uint32_t)(val >> i)) & 1;
        crc = (crc >> 1) ^ (bit ? poly_rev : 0);
    }
    return crc;
}

uint64_t helper_a64_crc32(uint64_t acc, uint64_t val, uint32_t bytes)
{
    return crc_update((uint32_t)acc, val, bytes, 0xedb88320u);
}

uint64_t helper_a64_crc32c(uint64_t acc, uint64_t val, uint32_t bytes)
{
    return crc_update((uint32_t)acc, val, bytes, 0x82f63b78u);
}

IR_HELPER_DEF(a64_crc32, IR_HT_I64, IR_HELPER_PURE, IR_HT_I64, IR_HT_I64, IR_HT_I32);
IR_HELPER_DEF(a64_crc32c, IR_HT_I64, IR_HELPER_PURE, IR_HT_I64, IR_HT_I64, IR_HT_I32);

uint64_t helper_a64_rbit64(uint64_t x)
{
    x = ((x >> 1) & 0x5555555555555555ull) | ((x & 0x5555555555555555ull) << 1);
    x = ((x >> 2) & 0x3333333333333333ull) | ((x & 0x3333333333333333ull) << 2);
    x = ((x >> 4) & 0x0f0f0f0f0f0f0f0full) | ((x & 0x0f0f0f0f0f0f0f0full) << 4);
    return __builtin_bswap64(x);
}

IR_HELPER_DEF(a64_rbit64, IR_HT_I64, IR_HELPER_PURE, IR_HT_I64);
