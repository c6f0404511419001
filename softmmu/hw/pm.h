/*
 * pm.h: the board power controller (poweroff with an exit status).
 *
 * Offset 0, 16 bits: an ACPI PM1a control register: writing SLP_EN (bit 13)
 *   with SLP_TYP (bits 10-12) = 5 (S5, soft off) powers off with status 0.
 * Offset 2, 8 bits: the exit register: writing V powers off with status V,
 *   so test guests can report pass/fail through crossemu's exit status.
 * Offset 3, 8 bits: writing 1 resets the machine (reboot).
 */
#ifndef HW_PM_H
#define HW_PM_H

#include "softmmu/memory.h"

#define PM_REG_PM1A_CNT 0
#define PM_REG_EXIT     2
#define PM_REG_RESET    3
#define PM_REGION_SIZE  4
#define PM_SLP_TYP_S5   5

extern const MemRegionOps pm_ops;

#endif
