/*
 * debug.h: breakpoints, watchpoints and single-stepping for debuggers.
 *
 * Breakpoints and watchpoints are process-wide (translated code is shared by
 * every CPU of the process, as gdb's are in user mode).  Front ends call
 * debug_breakpoint_test() for each instruction they translate and raise
 * EXCP_DEBUG in place of an instruction that has one.  Inserting or removing a
 * breakpoint invalidates the blocks holding its address; inserting or
 * removing a watchpoint flushes every block, since the guest memory accesses
 * of all blocks must be translated again with (or without) checks.
 *
 * Callers modify these lists only while no CPU runs generated code (the GDB
 * stub does it while the guest is stopped).
 */
#ifndef CROSSEMU_DEBUG_H
#define CROSSEMU_DEBUG_H

#include "common.h"
#include "ir.h"

enum { BP_MEM_READ = 1, BP_MEM_WRITE = 2, BP_MEM_ACCESS = 3 };

bool debug_breakpoint_insert(uint64_t pc);
bool debug_breakpoint_remove(uint64_t pc);
void debug_breakpoint_remove_all(void);

extern unsigned debug_nb_breakpoints;
bool debug_breakpoint_lookup(uint64_t pc);
/* Whether the instruction at pc has a breakpoint: cheap when there are none. */
static inline bool debug_breakpoint_test(uint64_t pc)
{
    return unlikely(debug_nb_breakpoints != 0) && debug_breakpoint_lookup(pc);
}

bool debug_watchpoint_insert(uint64_t addr, uint64_t len, int flags);
bool debug_watchpoint_remove(uint64_t addr, uint64_t len, int flags);
void debug_watchpoint_remove_all(void);
bool debug_watchpoints_active(void);

/*
 * The IR pass that tb_gen_code runs when watchpoints exist: a check before
 * every guest memory access.  A hit restores the guest state to the accessing
 * instruction, runs that one instruction alone without checks, and then
 * cpu_exec returns EXCP_DEBUG with CPUCommon.watch_hit_* set.
 */
void debug_instrument_watchpoints(IRContext *ctx);

#endif
