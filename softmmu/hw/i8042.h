/*
 * i8042.h: the PC keyboard controller, as much as reset needs.
 */
#ifndef HW_I8042_H
#define HW_I8042_H

#include "softmmu/memory.h"

typedef struct I8042 I8042;

/* Ports 0x60 (data) and 0x64 (status/command): one region of 5 bytes. */
I8042 *i8042_new(void);
void i8042_free(I8042 *s);
void i8042_reset(I8042 *s);
extern const MemRegionOps i8042_ops;

#endif
