/*
 * board.h: a machine = a board's ops table plus the state it builds.
 *
 * The accelerator (kvm/ here; the TCG system mode for the ARM and RISC-V
 * boards later) creates the Machine, provides the interrupt controller
 * input through irq_set, then calls:
 *   init   once: allocate RAM, build the address spaces, create devices,
 *          open the host backends (all bad input is reported here);
 *   reset  before every (re)boot: reset devices, load the kernel into RAM
 *          and fill the CPU entry state;
 *   cleanup at exit.
 * Boards list their devices explicitly in init; there is no registration
 * magic.
 */
#ifndef BOARDS_BOARD_H
#define BOARDS_BOARD_H

#include "common.h"
#include "softmmu/memory.h"
#include "softmmu/irq.h"
#include "softmmu/options.h"
#include "softmmu/boards/x86-boot.h"

typedef struct Machine Machine;

typedef struct BoardOps {
    const char *name;
    const char *desc;
    bool (*init)(Machine *m, GError **errp);
    bool (*reset)(Machine *m, GError **errp);
    void (*cleanup)(Machine *m);
} BoardOps;

struct Machine {
    const BoardOps *board;
    MachineOptions *opts;
    AddressSpace mem;           /* guest physical memory */
    AddressSpace io;            /* x86 port I/O */
    uint8_t *ram;               /* all guest RAM, one host mapping */
    uint64_t ram_size;
    IrqSetFn *irq_set;          /* set by the accelerator before init */
    void *irq_opaque;
    X86BootEntry x86_entry;     /* filled by reset on x86 boards */
    void *state;                /* the board's own */
};

static inline IrqLine machine_irq(Machine *m, unsigned line)
{
    return (IrqLine){ .set = m->irq_set, .opaque = m->irq_opaque, .line = line };
}

extern const BoardOps microvm_board;

const BoardOps *board_find(const char *name);

#endif
