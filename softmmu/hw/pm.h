/*
 * pm.h: the board power controller (poweroff with an exit status).
 *
 * Offset 0, 16 bits: an ACPI PM1a control register: writing SLP_EN (bit 13)
 *   with SLP_TYP (bits 10-12) = 5 (S5, soft off) powers off with status 0.
 * Offset 2, 8 bits: the exit register: writing V powers off with status V,
 *   so test guests can report pass/fail through crossemu's exit status.
 * Offset 3, 8 bits: writing 1 resets the machine (reboot); the ACPI FADT's
 *   reset register.
 * Offset 4, 8 bits: the ACPI hardware-reduced sleep control register:
 *   SLP_EN (bit 5) with SLP_TYPx (bits 2-4) = 5 powers off with status 0.
 * Offset 5, 8 bits: the ACPI sleep status register (reads 0: never woken;
 *   writes clear WAK_STS, which is never set).
 */
#ifndef HW_PM_H
#define HW_PM_H

#include "softmmu/memory.h"

#define PM_REG_PM1A_CNT 0
#define PM_REG_EXIT     2
#define PM_REG_RESET    3
#define PM_REG_SLEEP_CONTROL 4
#define PM_REG_SLEEP_STATUS  5
#define PM_REGION_SIZE  8
#define PM_SLEEP_EN     (1u << 5)
#define PM_SLP_TYP_S5   5

extern const MemRegionOps pm_ops;

#endif
