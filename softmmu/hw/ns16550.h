/*
 * ns16550.h: the 16550A UART (8 byte registers, 16 byte receive FIFO).
 */
#ifndef HW_NS16550_H
#define HW_NS16550_H

#include "softmmu/memory.h"
#include "softmmu/irq.h"
#include "softmmu/chardev/chardev.h"

typedef struct NS16550 NS16550;

NS16550 *ns16550_new(Chardev *chr, IrqLine irq);
void ns16550_free(NS16550 *s);
void ns16550_reset(NS16550 *s);
extern const MemRegionOps ns16550_ops;

#endif
