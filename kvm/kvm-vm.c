/*
 * kvm-vm.c: /dev/kvm, the VM, memory slots, irqchip and PIT.
 */
#include "common.h"
#include "kvm/kvm.h"
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

/* Below the IOAPIC, out of the way of RAM (3 GiB max) and virtio-mmio. */
#define KVM_TSS_ADDR          0xfffbd000ull
#define KVM_IDENTITY_MAP_ADDR 0xfffbc000ull

bool kvm_open(KvmVm *vm, GError **errp)
{
    static const struct { int cap; const char *name; } required[] = {
        { KVM_CAP_IRQCHIP, "in-kernel irqchip" },
        { KVM_CAP_PIT2, "in-kernel PIT" },
        { KVM_CAP_USER_MEMORY, "user memory slots" },
        { KVM_CAP_EXT_CPUID, "CPUID" },
        { KVM_CAP_IMMEDIATE_EXIT, "immediate exit" },
    };
    int v;

    memset(vm, 0, sizeof(*vm));
    vm->vm_fd = -1;
    vm->kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (vm->kvm_fd < 0) {
        int e = errno;
        g_set_error(errp, CROSSEMU_ERROR, 0, "/dev/kvm: %s: %s", g_strerror(e),
                    e == ENOENT ? "KVM is not available on this host (no kvm module, "
                                  "or no hardware virtualization)"
                    : e == EACCES || e == EPERM
                      ? "no permission to use KVM (add the user to the kvm group)"
                      : "cannot use KVM");
        return false;
    }
    v = ioctl(vm->kvm_fd, KVM_GET_API_VERSION, 0);
    if (v != KVM_API_VERSION) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "/dev/kvm: API version %d, expected %d", v,
                    KVM_API_VERSION);
        close(vm->kvm_fd);
        return false;
    }
    for (unsigned i = 0; i < ARRAY_SIZE(required); i++) {
        if (ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, required[i].cap) <= 0) {
            g_set_error(errp, CROSSEMU_ERROR, 0, "/dev/kvm: missing capability: %s",
                        required[i].name);
            close(vm->kvm_fd);
            return false;
        }
    }
    vm->run_size = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (vm->run_size <= 0) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "KVM_GET_VCPU_MMAP_SIZE: %s", g_strerror(errno));
        close(vm->kvm_fd);
        return false;
    }
    return true;
}

void kvm_close(KvmVm *vm)
{
    g_free(vm->cpuid);
    vm->cpuid = NULL;
    if (vm->kvm_fd >= 0) {
        close(vm->kvm_fd);
        vm->kvm_fd = -1;
    }
}

static bool kvm_map_ram(KvmVm *vm, const MemRegion *r, GError **errp)
{
    struct kvm_userspace_memory_region slot = {
        .slot = vm->nr_slots,
        .guest_phys_addr = r->base,
        .memory_size = r->size,
        .userspace_addr = (uintptr_t)r->host,
    };

    if (ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &slot) < 0) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "KVM_SET_USER_MEMORY_REGION %s: %s", r->name,
                    g_strerror(errno));
        return false;
    }
    vm->nr_slots++;
    return true;
}

void kvm_set_irq(void *opaque, unsigned gsi, int level)
{
    KvmVm *vm = opaque;
    struct kvm_irq_level irq = { .irq = gsi, .level = level };

    if (vm->vm_fd >= 0 && ioctl(vm->vm_fd, KVM_IRQ_LINE, &irq) < 0 && vm->log_unimp) {
        fprintf(stderr, "KVM_IRQ_LINE %u: %s\n", gsi, g_strerror(errno));
    }
}

bool kvm_vm_create(KvmVm *vm, Machine *m, unsigned nr_vcpus, GError **errp)
{
    struct kvm_pit_config pit = { .flags = KVM_PIT_SPEAKER_DUMMY };
    uint64_t ident = KVM_IDENTITY_MAP_ADDR;
    int max;

    vm->machine = m;
    vm->stop = false;
    vm->nr_slots = 0;
    max = ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_MAX_VCPUS);
    if (max <= 0) {
        max = ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_NR_VCPUS);
    }
    if (max > 0 && nr_vcpus > (unsigned)max) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "-smp %u: KVM supports at most %d vCPUs",
                    nr_vcpus, max);
        return false;
    }
    vm->vm_fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
    if (vm->vm_fd < 0) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "KVM_CREATE_VM: %s", g_strerror(errno));
        return false;
    }
    if (ioctl(vm->vm_fd, KVM_SET_TSS_ADDR, (unsigned long)KVM_TSS_ADDR) < 0 ||
        ioctl(vm->vm_fd, KVM_SET_IDENTITY_MAP_ADDR, &ident) < 0) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "KVM_SET_TSS_ADDR: %s", g_strerror(errno));
        return false;
    }
    if (ioctl(vm->vm_fd, KVM_CREATE_IRQCHIP, 0) < 0) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "KVM_CREATE_IRQCHIP: %s", g_strerror(errno));
        return false;
    }
    if (ioctl(vm->vm_fd, KVM_CREATE_PIT2, &pit) < 0) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "KVM_CREATE_PIT2: %s", g_strerror(errno));
        return false;
    }
    for (unsigned i = 0; i < m->mem.nr_regions; i++) {
        const MemRegion *r = &m->mem.regions[i];
        if (r->host && !kvm_map_ram(vm, r, errp)) {
            return false;
        }
    }
    if (!vm->cpuid && !kvm_x86_init_cpuid(vm, errp)) {
        return false;
    }
    vm->vcpus = g_new0(KvmVcpu, nr_vcpus);
    for (unsigned i = 0; i < nr_vcpus; i++) {
        vm->vcpus[i].fd = -1;
    }
    vm->nr_vcpus = nr_vcpus;
    for (unsigned i = 0; i < nr_vcpus; i++) {
        if (!kvm_vcpu_create(vm, &vm->vcpus[i], i, errp)) {
            return false;
        }
    }
    return kvm_x86_set_boot_state(&vm->vcpus[0], &m->x86_entry, errp);
}

void kvm_vm_destroy(KvmVm *vm)
{
    for (unsigned i = 0; i < vm->nr_vcpus; i++) {
        KvmVcpu *cpu = &vm->vcpus[i];
        if (cpu->run) {
            munmap(cpu->run, vm->run_size);
        }
        if (cpu->fd >= 0) {
            close(cpu->fd);
        }
    }
    g_free(vm->vcpus);
    vm->vcpus = NULL;
    vm->nr_vcpus = 0;
    if (vm->vm_fd >= 0) {
        close(vm->vm_fd);
        vm->vm_fd = -1;
    }
}
