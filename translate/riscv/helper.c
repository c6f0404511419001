/*
 * helper.c: C helpers called from RISC-V generated code (integer side):
 * raising exceptions and the CSRs visible in user mode.
 */
#include "common.h"
#include <time.h>
#include "translate.h"
#include "exec.h"

/*
 * The generated code stored the pc of the faulting instruction before the
 * call (and globals are synced at calls), so no state restore is needed.
 */
void helper_rv_raise(CPUCommon *env, uint32_t excp)
{
    env->exception_index = (int)excp;
    cpu_loop_exit(env);
}

IR_HELPER_DEF(rv_raise, IR_HT_VOID, IR_HELPER_CAN_RAISE, IR_HT_PTR, IR_HT_I32);

bool rv_csr_valid(DisasContext *ctx, int csr)
{
    switch (csr) {
    case RV_CSR_FFLAGS:
    case RV_CSR_FRM:
    case RV_CSR_FCSR:
        return has_ext(ctx, 'F');
    case RV_CSR_CYCLE:
    case RV_CSR_TIME:
    case RV_CSR_INSTRET:
        return true;
    default:
        return false;
    }
}

/*
 * time: CLOCK_MONOTONIC in RV_TIMEBASE_HZ ticks.  cycle and instret have no
 * meaningful value in an emulator; they return the same monotonic count,
 * which is what programs use them for (measuring intervals).
 */
static uint64_t rv_read_time(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * RV_TIMEBASE_HZ +
           (uint64_t)ts.tv_nsec / (1000000000ull / RV_TIMEBASE_HZ);
}

uint64_t helper_rv_csr_read(CPUCommon *env, uint32_t csr)
{
    RISCVCPU *cpu = rv_cpu(env);

    switch (csr) {
    case RV_CSR_FFLAGS:
        return cpu->fflags & 0x1f;
    case RV_CSR_FRM:
        return cpu->frm & 7;
    case RV_CSR_FCSR:
        return (cpu->frm & 7) << 5 | (cpu->fflags & 0x1f);
    case RV_CSR_CYCLE:
    case RV_CSR_TIME:
    case RV_CSR_INSTRET:
        return rv_read_time();
    default:
        /* The translator only emits calls for the CSRs above. */
        g_assert_not_reached();
    }
}

IR_HELPER_DEF(rv_csr_read, IR_HT_I64, 0, IR_HT_PTR, IR_HT_I32);

/* Writes to the read-only counters are rejected at translation time. */
void helper_rv_csr_write(CPUCommon *env, uint32_t csr, uint64_t val)
{
    RISCVCPU *cpu = rv_cpu(env);

    switch (csr) {
    case RV_CSR_FFLAGS:
        cpu->fflags = val & 0x1f;
        break;
    case RV_CSR_FRM:
        cpu->frm = val & 7;
        break;
    case RV_CSR_FCSR:
        cpu->fflags = val & 0x1f;
        cpu->frm = (val >> 5) & 7;
        break;
    default:
        g_assert_not_reached();
    }
}

IR_HELPER_DEF(rv_csr_write, IR_HT_VOID, 0, IR_HT_PTR, IR_HT_I32, IR_HT_I64);
