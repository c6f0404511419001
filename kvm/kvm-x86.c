/*
 * kvm-x86.c: x86 vCPU state: CPUID, MSRs, the boot registers.
 *
 * CPUID is the host's as KVM reports it supported, then filtered per vCPU:
 * the APIC ids in leaves 1, 0xb and 0x1f become the vCPU index, the
 * "hypervisor present" bit is set, and features the board does not model
 * (PMU, MONITOR/MWAIT, the topology beyond one thread per core) are hidden.
 */
#include "common.h"
#include "kvm/kvm.h"
#include <sys/ioctl.h>

#define KVM_CPUID_MAX_ENTRIES 256

#define MSR_IA32_TSC            0x10
#define MSR_IA32_APICBASE       0x1b
#define MSR_IA32_SYSENTER_CS    0x174
#define MSR_IA32_SYSENTER_ESP   0x175
#define MSR_IA32_SYSENTER_EIP   0x176
#define MSR_IA32_MISC_ENABLE    0x1a0
#define MSR_MTRR_DEF_TYPE       0x2ff
#define MSR_STAR                0xc0000081
#define MSR_LSTAR               0xc0000082
#define MSR_CSTAR               0xc0000083
#define MSR_SYSCALL_MASK        0xc0000084
#define MSR_KERNEL_GS_BASE      0xc0000102

#define CR0_PE 0x1u
#define CR0_MP 0x2u
#define CR0_ET 0x10u
#define CR0_NE 0x20u
#define CR0_WP 0x10000u
#define CR0_AM 0x40000u
#define CR0_PG 0x80000000u
#define CR4_PAE 0x20u
#define EFER_LME 0x100u
#define EFER_LMA 0x400u

bool kvm_x86_init_cpuid(KvmVm *vm, GError **errp)
{
    vm->cpuid = g_malloc0(sizeof(struct kvm_cpuid2) +
                          KVM_CPUID_MAX_ENTRIES * sizeof(struct kvm_cpuid_entry2));
    vm->cpuid->nent = KVM_CPUID_MAX_ENTRIES;
    if (ioctl(vm->kvm_fd, KVM_GET_SUPPORTED_CPUID, vm->cpuid) < 0) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "KVM_GET_SUPPORTED_CPUID: %s", g_strerror(errno));
        return false;
    }
    return true;
}

static void kvm_x86_filter_cpuid(struct kvm_cpuid2 *c, unsigned index, unsigned nr_cpus)
{
    for (unsigned i = 0; i < c->nent; i++) {
        struct kvm_cpuid_entry2 *e = &c->entries[i];
        switch (e->function) {
        case 1:
            /* EBX[31:24] initial APIC id, [23:16] logical processors per package */
            e->ebx = (e->ebx & 0xffff) | (index << 24) | (1u << 16);
            e->ecx |= 1u << 31;                 /* hypervisor present */
            e->ecx &= ~(1u << 3);               /* no MONITOR/MWAIT */
            e->edx &= ~(1u << 28);              /* no HTT: one thread per package */
            break;
        case 4:
            /* one core per package: cores-per-package - 1 = 0, threads sharing = 0 */
            e->eax &= 0x3ff;
            break;
        case 6:
            e->eax = e->ebx = e->ecx = e->edx = 0;  /* no power management */
            break;
        case 0xa:
            e->eax = e->ebx = e->ecx = e->edx = 0;  /* no PMU */
            break;
        case 0xb:
        case 0x1f:
            /* x2APIC topology: id in EDX; one thread per core, one core per socket */
            e->edx = index;
            if (e->index == 0) {
                e->eax = 0;
                e->ebx = 1;
                e->ecx = (1u << 8) | 0;         /* level 0: SMT */
            } else if (e->index == 1) {
                e->eax = 0;
                e->ebx = 1;
                e->ecx = (2u << 8) | 1;         /* level 1: core */
            } else {
                e->eax = e->ebx = 0;
                e->ecx = e->index;              /* invalid level ends the list */
            }
            break;
        default:
            break;
        }
    }
    (void)nr_cpus;
}

static bool kvm_x86_set_msrs(KvmVcpu *cpu, GError **errp)
{
    static const struct { uint32_t index; uint64_t value; } msrs[] = {
        { MSR_IA32_SYSENTER_CS, 0 },
        { MSR_IA32_SYSENTER_ESP, 0 },
        { MSR_IA32_SYSENTER_EIP, 0 },
        { MSR_STAR, 0 },
        { MSR_LSTAR, 0 },
        { MSR_CSTAR, 0 },
        { MSR_SYSCALL_MASK, 0 },
        { MSR_KERNEL_GS_BASE, 0 },
        { MSR_IA32_TSC, 0 },
        { MSR_IA32_MISC_ENABLE, 1 },            /* fast strings */
        { MSR_MTRR_DEF_TYPE, (1u << 11) | 6 },  /* MTRRs on, default write-back */
    };
    struct {
        struct kvm_msrs hdr;
        struct kvm_msr_entry e;
    } buf;

    /* One at a time, so that an MSR this KVM refuses does not hide the rest. */
    for (unsigned i = 0; i < ARRAY_SIZE(msrs); i++) {
        memset(&buf, 0, sizeof(buf));
        buf.hdr.nmsrs = 1;
        buf.e.index = msrs[i].index;
        buf.e.data = msrs[i].value;
        if (ioctl(cpu->fd, KVM_SET_MSRS, &buf) != 1 && cpu->vm->log_unimp) {
            fprintf(stderr, "vCPU %u: KVM refused MSR 0x%x\n", cpu->index, msrs[i].index);
        }
    }
    (void)errp;
    return true;
}

bool kvm_x86_vcpu_init(KvmVcpu *cpu, GError **errp)
{
    KvmVm *vm = cpu->vm;
    struct kvm_cpuid2 *c = g_memdup2(vm->cpuid, sizeof(struct kvm_cpuid2) +
                                     vm->cpuid->nent * sizeof(struct kvm_cpuid_entry2));
    bool ok;

    kvm_x86_filter_cpuid(c, cpu->index, vm->nr_vcpus);
    ok = ioctl(cpu->fd, KVM_SET_CPUID2, c) == 0;
    g_free(c);
    if (!ok) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "KVM_SET_CPUID2: %s", g_strerror(errno));
        return false;
    }
    return kvm_x86_set_msrs(cpu, errp);
}

static struct kvm_segment kvm_x86_flat_segment(uint16_t sel, uint8_t type, bool code64,
                                               bool db)
{
    return (struct kvm_segment){
        .base = 0, .limit = 0xffffffff, .selector = sel, .type = type,
        .present = 1, .dpl = 0, .db = db, .s = 1, .l = code64, .g = 1,
    };
}

bool kvm_x86_set_boot_state(KvmVcpu *cpu, const X86BootEntry *e, GError **errp)
{
    struct kvm_sregs sregs;
    struct kvm_regs regs = { .rflags = 2 };
    struct kvm_fpu fpu = { .fcw = 0x37f, .mxcsr = 0x1f80 };
    struct kvm_segment data = kvm_x86_flat_segment(X86_GDT_DS, 3, false, true);

    if (ioctl(cpu->fd, KVM_GET_SREGS, &sregs) < 0) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "KVM_GET_SREGS: %s", g_strerror(errno));
        return false;
    }
    sregs.gdt.base = e->gdt_base;
    sregs.gdt.limit = e->gdt_limit;
    sregs.idt.base = 0;
    sregs.idt.limit = 0;
    sregs.ds = sregs.es = sregs.fs = sregs.gs = sregs.ss = data;
    if (e->mode == X86_ENTRY_LINUX64) {
        sregs.cs = kvm_x86_flat_segment(X86_GDT_CS64, 11, true, false);
        sregs.cr0 = CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP | CR0_AM | CR0_PG;
        sregs.cr3 = e->cr3;
        sregs.cr4 = CR4_PAE;
        sregs.efer = EFER_LME | EFER_LMA;
    } else {
        /* PVH: 32-bit flat protected mode, paging off */
        sregs.cs = kvm_x86_flat_segment(X86_GDT_CS32, 11, false, true);
        sregs.cr0 = CR0_PE | CR0_ET;
        sregs.cr3 = 0;
        sregs.cr4 = 0;
        sregs.efer = 0;
    }
    regs.rip = e->rip;
    regs.rsi = e->rsi;
    regs.rbx = e->rbx;
    if (ioctl(cpu->fd, KVM_SET_SREGS, &sregs) < 0 ||
        ioctl(cpu->fd, KVM_SET_REGS, &regs) < 0 ||
        ioctl(cpu->fd, KVM_SET_FPU, &fpu) < 0) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "setting the boot registers: %s",
                    g_strerror(errno));
        return false;
    }
    return true;
}

void kvm_x86_dump_state(KvmVcpu *cpu)
{
    struct kvm_regs r;
    struct kvm_sregs s;

    if (ioctl(cpu->fd, KVM_GET_REGS, &r) < 0 || ioctl(cpu->fd, KVM_GET_SREGS, &s) < 0) {
        return;
    }
    fprintf(stderr,
            "RAX=%016llx RBX=%016llx RCX=%016llx RDX=%016llx\n"
            "RSI=%016llx RDI=%016llx RBP=%016llx RSP=%016llx\n"
            "RIP=%016llx RFL=%08llx CS=%04x CR0=%08llx CR3=%016llx CR4=%08llx EFER=%llx\n",
            r.rax, r.rbx, r.rcx, r.rdx, r.rsi, r.rdi, r.rbp, r.rsp, r.rip, r.rflags,
            s.cs.selector, s.cr0, s.cr3, s.cr4, s.efer);
}
