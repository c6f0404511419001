/*
 * gdb-kvm.h: the GDB stub for crossemu-system-x86_64 (-s, -gdb, -S).
 *
 * gdbstub/ speaks the protocol; this is the target behind it.  All-stop:
 * when a vCPU hits a breakpoint or finishes a step, or gdb sends Ctrl-C or
 * connects, every vCPU thread parks (kvm_gdb_vcpu_sync, before KVM_RUN),
 * and a dedicated gdb thread serves gdb against the parked vCPUs, whose
 * registers it reads with KVM_GET_REGS/SREGS/FPU and whose memory it
 * reads through the guest page tables.  Breakpoints are int3 bytes
 * written into guest memory while the guest runs (KVM_GUESTDBG_USE_SW_BP),
 * or debug registers when the address is not mapped yet; watchpoints are
 * debug registers; single-step is KVM_GUESTDBG_SINGLESTEP.
 */
#ifndef KVM_GDB_KVM_H
#define KVM_GDB_KVM_H

#include "common.h"
#include "exec.h"
#include "gdb-arch.h"
#include "kvm/kvm.h"

/* The stub's view of one vCPU: registers cached for one stop. */
typedef struct KvmGdbCpu {
    CPUCommon common;           /* first: the stub passes &common around */
    unsigned index;
    bool have_regs, have_sregs, have_fpu;
    struct kvm_regs regs;
    struct kvm_sregs sregs;
    struct kvm_fpu fpu;
} KvmGdbCpu;

/*
 * Listen on `spec` (QEMU's -gdb: tcp::PORT, tcp:HOST:PORT, PORT,
 * unix:PATH[,server...]) and start the gdb thread.  With `freeze` (-S)
 * the vCPUs wait for gdb before their first instruction.
 */
bool kvm_gdb_start(KvmVm *vm, const char *spec, bool freeze, GError **errp);
/* A (re)built VM's vCPUs exist: apply breakpoints and debug flags. */
void kvm_gdb_vm_started(KvmVm *vm);
/* The VM is going away (vm->stop set): wake parked vCPUs, stop using their fds. */
void kvm_gdb_vm_stopping(KvmVm *vm);
/* vCPU thread, before each KVM_RUN: park while gdb holds this vCPU. */
void kvm_gdb_vcpu_sync(KvmVcpu *cpu);
void kvm_gdb_vcpu_thread_start(KvmVcpu *cpu);
void kvm_gdb_vcpu_thread_end(KvmVcpu *cpu);
/* KVM_EXIT_DEBUG: report the stop; returns true (the thread goes on). */
bool kvm_gdb_debug_exit(KvmVcpu *cpu);
/* KVM_EXIT_INTERNAL_ERROR: true if it was our int3 (a breakpoint hit, reported). */
bool kvm_gdb_internal_error(KvmVcpu *cpu);
/* crossemu ends with `status`: tell gdb if it is connected and waiting. */
void kvm_gdb_end(int status);

/* The target's lock, for the register accessors (recursive). */
void kvm_gdb_lock(void);
void kvm_gdb_unlock(void);

/* ---- gdb-x86.c: registers ---- */
extern const GdbArch kvm_gdb_x86_arch;
extern const GuestOps kvm_gdb_x86_ops;
/* The vCPU's fd for an ioctl, or -1 (VM gone). */
int kvm_gdb_cpu_fd(KvmGdbCpu *c);
/* Fill the caches (false if KVM refuses); write back after a change. */
bool kvm_gdb_cpu_regs(KvmGdbCpu *c);
bool kvm_gdb_cpu_sregs(KvmGdbCpu *c);
bool kvm_gdb_cpu_fpu(KvmGdbCpu *c);
void kvm_gdb_cpu_invalidate(KvmGdbCpu *c);

#endif
