/*
 * target.c: the riscv64 Linux user-mode target (every linux-user/<arch>/ has
 * one): ELF identity, hwcaps, initial registers and the CPU loop.
 *
 * Facts from the Linux riscv port: EM_RISCV (243), ELFCLASS64, little-endian;
 * sv39 user space is [0, 2^38); AT_HWCAP has one bit per single-letter
 * extension (asm/hwcap.h: 1 << (letter - 'A')); no ELF_PLATFORM; the ELF
 * entry sees a0 = 0 (no rtld_fini for a static program), sp = argc.
 * The syscall ABI: number in a7, arguments a0-a5, result in a0; ecall does
 * not advance pc, the kernel does (+4).
 */
#include "common.h"
#include "linux-user/user.h"
#include "linux-user/gdb-user.h"
#include "riscv/cpu.h"
#include "linux-user/riscv64/target.h"
#include "log.h"

#include <signal.h>

enum { RV_REG_SP = 2, RV_REG_A0 = 10, RV_REG_A7 = 17 };

static const char *const rv64_cpu_models[] = { "rv64", "max", NULL };

static uint64_t rv64_hwcap(CPUCommon *cpu)
{
    static const char letters[] = "IMAFDCV";
    uint64_t misa = rv_cpu(cpu)->misa, hwcap = 0;

    for (const char *l = letters; *l; l++) {
        uint64_t bit = 1ull << (*l - 'A');
        hwcap |= misa & bit;
    }
    return hwcap;
}

static CPUCommon *rv64_cpu_create(const char *model)
{
    RISCVCPU *cpu = g_malloc0(riscv64_guest_ops.cpu_size);

    cpu_common_init(&cpu->common, &riscv64_guest_ops);
    rv_cpu_reset(cpu);
    return &cpu->common;
}

static void rv64_init_regs(CPUCommon *c, const ImageInfo *info)
{
    RISCVCPU *cpu = rv_cpu(c);

    cpu->pc = info->start_pc;
    cpu->gpr[RV_REG_SP] = info->sp;
    cpu->gpr[RV_REG_A0] = 0;
}

static void NORETURN rv64_cpu_loop(CPUCommon *c)
{
    RISCVCPU *cpu = rv_cpu(c);

    for (;;) {
        int excp = gdb_user_cpu_exec(c);

        switch (excp) {
        case RV_EXCP_ECALL: {
            uint64_t args[6];
            memcpy(args, &cpu->gpr[RV_REG_A0], sizeof(args));
            int64_t ret;
            cpu->pc += 4;
            /* Handlers may read the pc (e.g. for signals); it already points past ecall. */
            ret = do_syscall(c, cpu->gpr[RV_REG_A7], args);
            if (ret == USER_ERESTARTSYS) {
                /* Back onto the ecall, a0 intact: it runs again unless a handler says no. */
                cpu->pc -= 4;
                user_thread->syscall_restart = true;
            } else if (ret != USER_SYSRET_NOREG) {
                cpu->gpr[RV_REG_A0] = (uint64_t)ret;
            }
            break;
        }
        case RV_EXCP_ILLEGAL:
            log_mask_printf(LOG_INT | LOG_GUEST_ERROR,
                            "guest SIGILL: illegal instruction 0x%08x at pc 0x%" PRIx64 "\n",
                            cpu->bad_insn, cpu->pc);
            user_queue_fault(c, SIGILL, 1 /* ILL_ILLOPC */, cpu->pc);
            break;
        case RV_EXCP_EBREAK:
            log_mask_printf(LOG_INT, "guest SIGTRAP: ebreak at pc 0x%" PRIx64 "\n", cpu->pc);
            user_queue_fault(c, SIGTRAP, 1 /* TRAP_BRKPT */, cpu->pc);
            break;
        case RV_EXCP_INSN_MISALIGNED:
            log_mask_printf(LOG_INT | LOG_GUEST_ERROR,
                            "guest SIGBUS: misaligned jump target at pc 0x%" PRIx64 "\n",
                            cpu->pc);
            user_queue_fault(c, SIGBUS, 1 /* BUS_ADRALN */, cpu->pc);
            break;
        case RV_EXCP_FETCH_FAULT:
            c->fault_write = 2;
            if (!c->fault_addr) {
                c->fault_addr = cpu->pc;
            }
            c->fault_code = (user_page_flags(c->fault_addr) & PAGE_VALID) ? 2 : 1;
            user_fault_signal = SIGSEGV;
            user_handle_common_exception(c, EXCP_SEGV);
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
    .name = "riscv64",
    .guest_ops = &riscv64_guest_ops,
    .abi = &abi_riscv64,
    .elf_machine = 243,         /* EM_RISCV */
    .elf_class = 2,             /* ELFCLASS64 */
    .big_endian = false,
    .va_bits = 38,              /* sv39 */
    .page_size = 4096,
    .default_exec_stack = false,
    .platform = NULL,
    .uname_machine = "riscv64",
    /* sizeof(struct rt_sigframe) = siginfo (128) + ucontext (960), no vector state. */
    .minsigstksz = 1088,
    .cpu_models = rv64_cpu_models,
    .hwcap = rv64_hwcap,
    .cpu_create = rv64_cpu_create,
    .init_regs = rv64_init_regs,
    .cpu_loop = rv64_cpu_loop,
    .setup_frame = rv64_setup_frame,
    .sigreturn = rv64_sigreturn,
    .syscall_no_restart = rv64_syscall_no_restart,
    .clone_regs = rv64_clone_regs,
    .get_sp = rv64_get_sp,
};
