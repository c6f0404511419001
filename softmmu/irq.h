/*
 * irq.h: an interrupt line from a device to the board's interrupt controller.
 *
 * Devices only know "my line is high or low"; the board wires each line to
 * an input of whatever controller the accelerator provides (KVM's in-kernel
 * IOAPIC for x86 microvm, a GIC or PLIC model for the TCG boards).
 */
#ifndef SOFTMMU_IRQ_H
#define SOFTMMU_IRQ_H

#include "common.h"

typedef void IrqSetFn(void *opaque, unsigned line, int level);

typedef struct IrqLine {
    IrqSetFn *set;
    void *opaque;
    unsigned line;
} IrqLine;

static inline void irq_set_level(const IrqLine *irq, int level)
{
    if (irq->set) {
        irq->set(irq->opaque, irq->line, level);
    }
}

#endif
