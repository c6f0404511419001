/*
 * pm.c: the board power controller (see pm.h).
 */
#include "common.h"
#include "softmmu/hw/pm.h"
#include "softmmu/main-loop.h"

static uint64_t pm_read(void *opaque, uint64_t offset, unsigned size)
{
    return 0;
}

static void pm_write(void *opaque, uint64_t offset, uint64_t value, unsigned size)
{
    switch (offset) {
    case PM_REG_PM1A_CNT:
        if (size >= 2 && (value & (1u << 13)) &&
            ((value >> 10) & 7) == PM_SLP_TYP_S5) {
            main_loop_request_shutdown(0);
        }
        break;
    case PM_REG_EXIT:
        main_loop_request_shutdown(value & 0xff);
        break;
    case PM_REG_SLEEP_CONTROL:
        if ((value & PM_SLEEP_EN) && ((value >> 2) & 7) == PM_SLP_TYP_S5) {
            main_loop_request_shutdown(0);
        }
        break;
    case PM_REG_RESET:
        if (value & 1) {
            main_loop_request_reset();
        }
        break;
    }
}

const MemRegionOps pm_ops = {
    .read = pm_read,
    .write = pm_write,
};
