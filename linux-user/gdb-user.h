/*
 * gdb-user.h: the GDB stub in user mode (-g / QEMU_GDB).
 *
 * The CPU loop of each guest calls gdb_user_cpu_exec() in place of
 * cpu_exec(): with no debugger it is cpu_exec(); with one, it stops for
 * breakpoints, steps, watchpoints and Ctrl-C, serving gdb in between, and
 * returns only the exceptions the mode must handle itself.
 *
 * Signals: the CPU loop calls gdb_user_signals() before it delivers
 * pending guest signals, so that gdb sees every signal first.
 */
#ifndef CROSSEMU_LINUX_USER_GDB_H
#define CROSSEMU_LINUX_USER_GDB_H

#include "common.h"
#include "exec.h"

/*
 * Listen on spec ("PORT", "HOST:PORT" or "unix:PATH") and wait for gdb to
 * connect.  Call once the CPU has its initial registers and stack.
 */
bool gdb_user_start(const char *spec, CPUCommon *cpu, GError **errp);

/* cpu_exec with the debugger in the loop. */
int gdb_user_cpu_exec(CPUCommon *cpu);

/*
 * Call before delivering this thread's pending signals: gdb sees each one
 * first and may cancel it (a cancelled fault runs its instruction again) or
 * replace it.  A signal that will kill the program is announced to gdb as
 * the program's end.
 */
void gdb_user_signals(CPUCommon *cpu);

/* The program dies of host signal sig (no handler): tell gdb first. */
void gdb_user_signalled(int sig);

/* The program ends with exit status `status` (exit_group, the last thread's exit). */
void gdb_user_exited(int status);

/* In the child of a fork: the debugger stays with the parent. */
void gdb_user_fork_child(CPUCommon *cpu);

/*
 * Guest threads, for gdb's thread list.  The main thread is added by
 * gdb_user_start, others when they first run (or by thread_start); a thread
 * that ends must call gdb_user_thread_exit before its host thread goes.
 */
void gdb_user_thread_start(CPUCommon *cpu, int64_t tid);
void gdb_user_thread_exit(CPUCommon *cpu);

#endif
