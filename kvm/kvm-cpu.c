/*
 * kvm-cpu.c: vCPU threads and the run loop.
 *
 * Each vCPU thread loops on KVM_RUN; the one switch on exit_reason hands
 * every case to a named function.  Stopping: kvm_vcpus_stop() sets
 * vm->stop and sends SIGUSR1 to each thread; the handler sets the
 * thread's run->immediate_exit, so a signal landing just before KVM_RUN
 * still makes it return at once instead of being lost.
 */
#include "common.h"
#include "kvm/kvm.h"
#include "kvm/gdb-kvm.h"
#include "softmmu/main-loop.h"
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#define KVM_SIG_KICK SIGUSR1

static __thread struct kvm_run *kvm_cpu_current_run;

static void kvm_cpu_kick_handler(int sig)
{
    if (kvm_cpu_current_run) {
        kvm_cpu_current_run->immediate_exit = 1;
    }
}

bool kvm_vcpu_create(KvmVm *vm, KvmVcpu *cpu, unsigned index, GError **errp)
{
    cpu->vm = vm;
    cpu->index = index;
    cpu->fd = ioctl(vm->vm_fd, KVM_CREATE_VCPU, index);
    if (cpu->fd < 0) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "KVM_CREATE_VCPU %u: %s", index, g_strerror(errno));
        return false;
    }
    cpu->run = mmap(NULL, vm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, cpu->fd, 0);
    if (cpu->run == MAP_FAILED) {
        cpu->run = NULL;
        g_set_error(errp, CROSSEMU_ERROR, 0, "mmap vCPU %u: %s", index, g_strerror(errno));
        return false;
    }
    return kvm_x86_vcpu_init(cpu, errp);
}

static void kvm_cpu_handle_io(KvmVcpu *cpu)
{
    struct kvm_run *run = cpu->run;
    const AddressSpace *io = &cpu->vm->machine->io;
    uint8_t *data = (uint8_t *)run + run->io.data_offset;

    bql_lock();
    /* "rep outs/ins" arrive as one exit with count > 1 */
    for (uint32_t i = 0; i < run->io.count; i++, data += run->io.size) {
        if (run->io.direction == KVM_EXIT_IO_OUT) {
            as_write(io, run->io.port, data, run->io.size);
        } else {
            as_read(io, run->io.port, data, run->io.size);
        }
    }
    bql_unlock();
}

static void kvm_cpu_handle_mmio(KvmVcpu *cpu)
{
    struct kvm_run *run = cpu->run;
    const AddressSpace *mem = &cpu->vm->machine->mem;
    unsigned len = run->mmio.len <= 8 ? run->mmio.len : 8;

    bql_lock();
    if (run->mmio.is_write) {
        as_write(mem, run->mmio.phys_addr, run->mmio.data, len);
    } else {
        as_read(mem, run->mmio.phys_addr, run->mmio.data, len);
    }
    bql_unlock();
}

static void kvm_cpu_handle_system_event(KvmVcpu *cpu)
{
    switch (cpu->run->system_event.type) {
    case KVM_SYSTEM_EVENT_SHUTDOWN:
        main_loop_request_shutdown(0);
        break;
    case KVM_SYSTEM_EVENT_RESET:
        main_loop_request_reset();
        break;
    default:
        error_report("vCPU %u: system event %u", cpu->index, cpu->run->system_event.type);
        main_loop_request_shutdown(1);
        break;
    }
}

static void kvm_cpu_handle_error(KvmVcpu *cpu, const char *what, uint64_t detail)
{
    error_report("vCPU %u: %s (0x%" PRIx64 ")", cpu->index, what, detail);
    kvm_x86_dump_state(cpu);
    main_loop_request_shutdown(1);
}

/* Returns false when the thread must end. */
static bool kvm_cpu_handle_exit(KvmVcpu *cpu)
{
    struct kvm_run *run = cpu->run;

    switch (run->exit_reason) {
    case KVM_EXIT_IO:
        kvm_cpu_handle_io(cpu);
        return true;
    case KVM_EXIT_MMIO:
        kvm_cpu_handle_mmio(cpu);
        return true;
    case KVM_EXIT_INTR:
        return true;
    case KVM_EXIT_DEBUG:
        if (cpu->vm->gdb) {
            return kvm_gdb_debug_exit(cpu);
        }
        kvm_cpu_handle_error(cpu, "debug exit without a debugger", run->debug.arch.exception);
        return false;
    case KVM_EXIT_HLT:
        /* only without an in-kernel LAPIC; ours has one, so: stopped for good */
        return true;
    case KVM_EXIT_SHUTDOWN:
        /* a triple fault resets a PC */
        main_loop_request_reset();
        return false;
    case KVM_EXIT_SYSTEM_EVENT:
        kvm_cpu_handle_system_event(cpu);
        return false;
    case KVM_EXIT_FAIL_ENTRY:
        kvm_cpu_handle_error(cpu, "KVM entry failed",
                             run->fail_entry.hardware_entry_failure_reason);
        return false;
    case KVM_EXIT_INTERNAL_ERROR:
        if (cpu->vm->gdb && kvm_gdb_internal_error(cpu)) {
            return true;
        }
        kvm_cpu_handle_error(cpu, "KVM internal error (the guest ran an instruction KVM "
                             "could not emulate?)", run->internal.suberror);
        return false;
    default:
        kvm_cpu_handle_error(cpu, "unhandled KVM exit", run->exit_reason);
        return false;
    }
}

static void *kvm_cpu_thread(void *opaque)
{
    KvmVcpu *cpu = opaque;
    KvmVm *vm = cpu->vm;
    sigset_t set;

    kvm_cpu_current_run = cpu->run;
    sigemptyset(&set);
    sigaddset(&set, KVM_SIG_KICK);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    if (vm->gdb) {
        kvm_gdb_vcpu_thread_start(cpu);
    }

    while (!__atomic_load_n(&vm->stop, __ATOMIC_SEQ_CST)) {
        if (vm->gdb) {
            kvm_gdb_vcpu_sync(cpu);
            if (__atomic_load_n(&vm->stop, __ATOMIC_SEQ_CST)) {
                break;
            }
        }
        if (ioctl(cpu->fd, KVM_RUN, 0) < 0) {
            if (errno == EINTR || errno == EAGAIN) {
                cpu->run->immediate_exit = 0;
                continue;
            }
            kvm_cpu_handle_error(cpu, g_strerror(errno), errno);
            break;
        }
        if (!kvm_cpu_handle_exit(cpu)) {
            break;
        }
    }
    kvm_cpu_current_run = NULL;
    if (vm->gdb) {
        kvm_gdb_vcpu_thread_end(cpu);
    }
    return NULL;
}

bool kvm_vcpus_start(KvmVm *vm, GError **errp)
{
    struct sigaction sa = { .sa_handler = kvm_cpu_kick_handler };
    sigset_t set, old;

    /* no SA_RESTART: KVM_RUN must return EINTR */
    sigaction(KVM_SIG_KICK, &sa, NULL);
    /* threads start with the kick blocked; each unblocks it once it can take it */
    sigemptyset(&set);
    sigaddset(&set, KVM_SIG_KICK);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    for (unsigned i = 0; i < vm->nr_vcpus; i++) {
        KvmVcpu *cpu = &vm->vcpus[i];
        int r = pthread_create(&cpu->thread, NULL, kvm_cpu_thread, cpu);
        if (r) {
            g_set_error(errp, CROSSEMU_ERROR, 0, "vCPU thread: %s", g_strerror(r));
            pthread_sigmask(SIG_SETMASK, &old, NULL);
            return false;
        }
        cpu->thread_started = true;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return true;
}

void kvm_vcpu_kick(KvmVcpu *cpu)
{
    if (cpu->thread_started) {
        pthread_kill(cpu->thread, KVM_SIG_KICK);
    }
}

void kvm_vcpus_stop(KvmVm *vm)
{
    __atomic_store_n(&vm->stop, true, __ATOMIC_SEQ_CST);
    if (vm->gdb) {
        /* parked vCPUs wake up and leave; gdb stops using their fds */
        kvm_gdb_vm_stopping(vm);
    }
    for (unsigned i = 0; i < vm->nr_vcpus; i++) {
        KvmVcpu *cpu = &vm->vcpus[i];
        if (cpu->thread_started) {
            pthread_kill(cpu->thread, KVM_SIG_KICK);
        }
    }
    for (unsigned i = 0; i < vm->nr_vcpus; i++) {
        KvmVcpu *cpu = &vm->vcpus[i];
        if (cpu->thread_started) {
            /* a thread still blocked in KVM_RUN gets kicked until it leaves */
            while (pthread_tryjoin_np(cpu->thread, NULL) == EBUSY) {
                pthread_kill(cpu->thread, KVM_SIG_KICK);
                g_usleep(1000);
            }
            cpu->thread_started = false;
        }
    }
}
