/*
 * kvm.h: the KVM accelerator.
 *
 * A KvmVm owns the /dev/kvm VM: memory slots for the board's RAM, the
 * in-kernel irqchip (PIC, IOAPIC, LAPICs) and PIT, and one KvmVcpu per
 * guest CPU, each run by its own host thread.  vCPU exits for port and
 * MMIO accesses go to the board's address spaces (softmmu/memory.h) under
 * the big lock; everything else is handled in kvm-cpu.c's run loop.
 * A VM lives for one boot: a guest reboot destroys it and builds a new
 * one, which resets every piece of in-kernel state at once.
 */
#ifndef KVM_KVM_H
#define KVM_KVM_H

#include "common.h"
#include "softmmu/boards/board.h"
#include <pthread.h>
#include <linux/kvm.h>

typedef struct KvmVm KvmVm;

typedef struct KvmVcpu {
    KvmVm *vm;
    unsigned index;
    int fd;
    struct kvm_run *run;
    pthread_t thread;
    bool thread_started;
} KvmVcpu;

struct KvmVm {
    int kvm_fd;
    int vm_fd;
    int run_size;
    Machine *machine;
    KvmVcpu *vcpus;
    unsigned nr_vcpus;
    unsigned nr_slots;
    struct kvm_cpuid2 *cpuid;   /* supported CPUID, filtered per vCPU */
    bool stop;
    bool log_unimp;
    bool gdb;                   /* the GDB stub is on (kvm/gdb-kvm.c) */
};

/* /dev/kvm: open and check the API; a clear reason when unusable. */
bool kvm_open(KvmVm *vm, GError **errp);
bool kvm_vm_create(KvmVm *vm, Machine *m, unsigned nr_vcpus, GError **errp);
void kvm_vm_destroy(KvmVm *vm);
void kvm_close(KvmVm *vm);
/* IrqSetFn for Machine.irq_set: opaque is the KvmVm. */
void kvm_set_irq(void *opaque, unsigned gsi, int level);

bool kvm_vcpu_create(KvmVm *vm, KvmVcpu *cpu, unsigned index, GError **errp);
bool kvm_vcpus_start(KvmVm *vm, GError **errp);
void kvm_vcpus_stop(KvmVm *vm);
/* Make the vCPU leave KVM_RUN soon (from any thread). */
void kvm_vcpu_kick(KvmVcpu *cpu);

/* kvm-x86.c: CPUID, MSRs and the boot register state. */
bool kvm_x86_init_cpuid(KvmVm *vm, GError **errp);
bool kvm_x86_vcpu_init(KvmVcpu *cpu, GError **errp);
bool kvm_x86_set_boot_state(KvmVcpu *cpu, const X86BootEntry *e, GError **errp);
void kvm_x86_dump_state(KvmVcpu *cpu);

#endif
