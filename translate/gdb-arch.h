/*
 * gdb-arch.h: what a guest front end tells the GDB stub about its registers.
 *
 * Each front end provides one GdbArch in translate/<arch>/gdb.c; the stub
 * (gdbstub/) knows nothing else about the guest.  Register numbers are gdb's,
 * in the order of the target description the front end serves.
 */
#ifndef CROSSEMU_GDB_ARCH_H
#define CROSSEMU_GDB_ARCH_H

#include "common.h"

struct CPUCommon;

typedef struct GdbArch {
    const char *arch_name;        /* gdb's <architecture>, e.g. "riscv:rv64" */
    unsigned num_regs;            /* registers in the 'g' packet, in order */
    /* Target description documents: "target.xml" and the files it includes; NULL if unknown. */
    const char *(*get_xml)(const char *annex);
    /*
     * Append register `reg`'s bytes, in the guest's byte order, to buf.
     * Returns the number of bytes appended, 0 if there is no such register.
     */
    int (*read_register)(struct CPUCommon *cpu, GByteArray *buf, int reg);
    /* Set register `reg` from buf; returns the bytes consumed, 0 if no such register. */
    int (*write_register)(struct CPUCommon *cpu, const uint8_t *buf, int reg);
} GdbArch;

#endif
