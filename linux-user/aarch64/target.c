/*
 * target.c: the aarch64 Linux user-mode target: ELF identity, CPU models
 * and hwcaps, initial registers and the CPU loop.
 *
 * Facts from the Linux arm64 port: EM_AARCH64 (183), ELFCLASS64,
 * little-endian; 39-bit user VA (see va_bits); ELF_PLATFORM "aarch64"; the ELF entry sees
 * x0 = 0 (no rtld_fini for a static program) and sp = argc.  System calls:
 * svc #0 with the number in x8, arguments x0-x5, result in x0; the
 * exception return address is the instruction after the svc (the front end
 * has already set pc there).
 */
#include "common.h"
#include "linux-user/user.h"
#include "arm/cpu.h"
#include "linux-user/aarch64/target.h"
#include "log.h"
#include "linux-user/gdb-user.h"

#include <signal.h>


static uint64_t a64_hwcap(CPUCommon *cpu)
{
    return arm_cpu(cpu)->model->hwcap;
}

static uint64_t a64_hwcap2(CPUCommon *cpu)
{
    return arm_cpu(cpu)->model->hwcap2;
}

static CPUCommon *a64_cpu_create(const char *model)
{
    ARMCPU *cpu = g_malloc0(aarch64_guest_ops.cpu_size);
    const ARMCPUModel *m = arm_cpu_model_find(model);

    if (!m) {
        m = arm_cpu_model_find(arm_cpu_model_names[0]);
    }
    cpu_common_init(&cpu->common, &aarch64_guest_ops);
    arm_cpu_reset(cpu, m);
    return &cpu->common;
}

static void a64_init_regs(CPUCommon *c, const ImageInfo *info)
{
    ARMCPU *cpu = arm_cpu(c);

    cpu->pc = info->start_pc;
    cpu->xregs[31] = info->sp;
    cpu->xregs[0] = 0;
}

static void NORETURN a64_cpu_loop(CPUCommon *c)
{
    ARMCPU *cpu = arm_cpu(c);

    for (;;) {
        int excp = gdb_user_cpu_exec(c);

        switch (excp) {
        case A64_EXCP_SVC: {
            uint64_t args[6];
            int64_t ret;
            memcpy(args, &cpu->xregs[0], sizeof(args));
            /* pc already points past the svc. */
            ret = do_syscall(c, cpu->xregs[8], args);
            if (ret == USER_ERESTARTSYS) {
                /* Back onto the svc, x0 intact: it runs again unless a handler says no. */
                cpu->pc -= 4;
                user_thread->syscall_restart = true;
            } else if (ret != USER_SYSRET_NOREG) {
                cpu->xregs[0] = (uint64_t)ret;
            }
            break;
        }
        case A64_EXCP_UDEF:
            log_mask_printf(LOG_INT | LOG_GUEST_ERROR,
                            "guest SIGILL: undefined instruction 0x%08x at pc 0x%" PRIx64 "\n",
                            cpu->bad_insn, cpu->pc);
            user_queue_fault(c, SIGILL, 1 /* ILL_ILLOPC */, cpu->pc);
            break;
        case A64_EXCP_BRK:
            log_mask_printf(LOG_INT, "guest SIGTRAP: brk #0x%x at pc 0x%" PRIx64 "\n",
                            cpu->excp_imm, cpu->pc);
            user_queue_fault(c, SIGTRAP, 1 /* TRAP_BRKPT */, cpu->pc);
            break;
        case A64_EXCP_PC_ALIGN:
            /* Linux's do_sp_pc_abort: si_addr is the misaligned pc. */
            log_mask_printf(LOG_INT | LOG_GUEST_ERROR,
                            "guest SIGBUS: misaligned pc 0x%" PRIx64 "\n", cpu->pc);
            a64_fault_esr = ESR_EC(A64_EC_PC_ALIGN) | ESR_IL;
            user_queue_fault(c, SIGBUS, 1 /* BUS_ADRALN */, cpu->pc);
            break;
        case A64_EXCP_SP_ALIGN:
            /* ... and the misaligned sp. */
            log_mask_printf(LOG_INT | LOG_GUEST_ERROR,
                            "guest SIGBUS: misaligned sp 0x%" PRIx64 " at pc 0x%" PRIx64 "\n",
                            cpu->xregs[31], cpu->pc);
            a64_fault_esr = ESR_EC(A64_EC_SP_ALIGN) | ESR_IL;
            user_queue_fault(c, SIGBUS, 1 /* BUS_ADRALN */, cpu->xregs[31]);
            break;
        case A64_EXCP_DATA_ALIGN:
            /* An alignment fault (a data abort): do_alignment_fault, si_addr = the address. */
            log_mask_printf(LOG_INT | LOG_GUEST_ERROR,
                            "guest SIGBUS: misaligned exclusive access to 0x%" PRIx64
                            " at pc 0x%" PRIx64 "\n", c->fault_addr, cpu->pc);
            a64_fault_esr = ESR_EC(A64_EC_DABT_LOW) | ESR_IL | A64_FSC_ALIGN;
            user_queue_fault(c, SIGBUS, 1 /* BUS_ADRALN */, c->fault_addr);
            break;
        case A64_EXCP_FETCH_FAULT:
            c->fault_write = 2;
            if (!c->fault_addr) {
                c->fault_addr = cpu->pc;
            }
            c->fault_code = (user_page_flags(c->fault_addr) & PAGE_VALID) ? 2 : 1;
            user_fault_signal = SIGSEGV;
            a64_fault_esr = a64_abort_esr(c);
            user_handle_common_exception(c, EXCP_SEGV);
            break;
        case EXCP_SEGV:
            a64_fault_esr = a64_abort_esr(c);
            user_handle_common_exception(c, excp);
            break;
        default:
            if (!user_handle_common_exception(c, excp)) {
                log_mask_printf(LOG_INT | LOG_GUEST_ERROR,
                                "unexpected exception 0x%x at pc 0x%" PRIx64 "\n", excp,
                                cpu->pc);
                user_force_sig(SIGILL);
            }
            break;
        }
        gdb_user_signals(c);
        user_deliver_signals(c);
    }
}

const TargetInfo user_target = {
    .name = "aarch64",
    .guest_ops = &aarch64_guest_ops,
    .abi = &abi_aarch64,
    .elf_machine = 183,         /* EM_AARCH64 */
    .elf_class = 2,             /* ELFCLASS64 */
    .big_endian = false,
    /*
     * Linux arm64 supports 39-, 42-, 47- and 48-bit user VA sizes.  The whole
     * guest range is reserved up front, and an x86-64 host has 47 bits in
     * all, so we present the 39-bit configuration (512 GiB, the stack at its top).
     */
    .va_bits = 39,
    .page_size = 4096,
    .default_exec_stack = false,
    .platform = "aarch64",
    .uname_machine = "aarch64",
    /*
     * Linux's signal_minsigstksz without SVE/SME: sizeof(struct rt_sigframe)
     * (4688) + the frame record (16) + alignment slack (16).
     */
    .minsigstksz = 4720,
    .cpu_models = arm_cpu_model_names,
    .hwcap = a64_hwcap,
    .hwcap2 = a64_hwcap2,
    .cpu_create = a64_cpu_create,
    .init_regs = a64_init_regs,
    .cpu_loop = a64_cpu_loop,
    .setup_frame = a64_setup_frame,
    .sigreturn = a64_sigreturn,
    .syscall_no_restart = a64_syscall_no_restart,
    .clone_regs = a64_clone_regs,
    .get_sp = a64_get_sp,
};
