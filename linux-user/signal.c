/*
 * signal.c: host signals in user mode (pilot: faults only, no delivery to
 * guest handlers yet).
 *
 * A SIGSEGV/SIGBUS raised by generated code (the JIT's host pc, or any fault
 * while the interpreter runs a block) is a guest memory fault: restore the
 * guest state of the faulting instruction and leave to the CPU loop with
 * EXCP_SEGV.  A fault anywhere else is an emulator bug: re-raise it with the
 * default action so it dumps core like any crash.
 */
#include "common.h"
#include "user.h"
#include "log.h"

#include <signal.h>
#include <pthread.h>
#include <sys/resource.h>
#include <ucontext.h>
#include <unistd.h>

__thread int user_fault_signal;

static uintptr_t host_pc_of(const ucontext_t *uc)
{
#if defined(__x86_64__)
    return (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
    return (uintptr_t)uc->uc_mcontext.pc;
#elif defined(__riscv)
    return (uintptr_t)uc->uc_mcontext.__gregs[0];
#else
    return 0;   /* unknown host: only the interpreter's interp_host_pc is usable */
#endif
}

/* 1 write, 0 read, -1 unknown. */
static int host_fault_is_write(const ucontext_t *uc)
{
#if defined(__x86_64__)
    /* Page-fault error code bit 1: the access was a write. */
    return (uc->uc_mcontext.gregs[REG_ERR] & 2) ? 1 : 0;
#else
    return -1;
#endif
}

static void die_as_emulator_bug(int sig)
{
    signal(sig, SIG_DFL);
    /*
     * Pending until the handler returns (for a fault, returning would also
     * re-execute the access), then the default action kills us with a core.
     */
    raise(sig);
}

static void host_fault_handler(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    CPUCommon *cpu = current_cpu;
    uintptr_t pc = host_pc_of(uc);
    uintptr_t restore_pc;
    uint64_t gaddr;
    sigset_t set;
    int w;

    if (!cpu) {
        die_as_emulator_bug(sig);
        return;
    }
    if (interp_host_pc) {
        restore_pc = interp_host_pc;
    } else if (pc && backend && backend->owns_host_pc && backend->owns_host_pc(pc)) {
        /* cpu_restore_state expects a return address: just past the faulting byte. */
        restore_pc = pc + 1;
    } else {
        die_as_emulator_bug(sig);
        return;
    }
    cpu_restore_state(cpu, restore_pc);
    gaddr = (uint64_t)((uintptr_t)si->si_addr - guest_base);
    cpu->fault_addr = gaddr;
    w = host_fault_is_write(uc);
    cpu->fault_write = w < 0 ? 0 : w;
    /* The host sees PROT_NONE everywhere the guest has nothing: our page map knows better. */
    cpu->fault_code = (user_page_flags(gaddr) & PAGE_VALID) ? 2 /* SEGV_ACCERR */
                                                             : 1 /* SEGV_MAPERR */;
    cpu->exception_index = EXCP_SEGV;
    user_fault_signal = sig;
    sigemptyset(&set);
    sigaddset(&set, sig);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    cpu_loop_exit(cpu);
}

void user_signal_init(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = host_fault_handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
}

void user_flush_all(void)
{
    fflush(stdout);
    fflush(stderr);
    if (log_file) {
        fflush(log_file);
    }
}

void user_force_sig(int sig)
{
    struct rlimit nocore = { 0, 0 };
    struct sigaction sa;
    sigset_t set;

    log_mask_printf(LOG_INT | LOG_GUEST_ERROR, "guest killed by signal %d (%s)\n", sig,
                    strsignal(sig));
    user_flush_all();
    /* The guest's core would be a dump of the emulator: useless, so none (as QEMU). */
    setrlimit(RLIMIT_CORE, &nocore);
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
    sigemptyset(&set);
    sigaddset(&set, sig);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    kill(getpid(), sig);
    /* Signals whose default action does not kill (cannot happen for the ones we use). */
    _exit(128 + sig);
}

bool user_handle_common_exception(CPUCommon *cpu, int excp)
{
    uint64_t pc = cpu->ops->get_pc(cpu);

    switch (excp) {
    case EXCP_SEGV: {
        int sig = user_fault_signal ? user_fault_signal : SIGSEGV;
        log_mask_printf(LOG_INT | LOG_GUEST_ERROR,
                        "guest %s at pc 0x%" PRIx64 ": %s of 0x%" PRIx64 " (%s)\n",
                        sig == SIGBUS ? "SIGBUS" : "SIGSEGV", pc,
                        cpu->fault_write == 1 ? "write" :
                        cpu->fault_write == 2 ? "execution" : "read",
                        cpu->fault_addr, cpu->fault_code == 1 ? "not mapped" : "no permission");
        user_force_sig(sig);
    }
    case EXCP_SIGILL_UNIMP:
        log_mask_printf(LOG_INT | LOG_GUEST_ERROR, "guest SIGILL at pc 0x%" PRIx64 "\n", pc);
        user_force_sig(SIGILL);
    case EXCP_DEBUG:
        log_mask_printf(LOG_INT, "guest SIGTRAP at pc 0x%" PRIx64 "\n", pc);
        user_force_sig(SIGTRAP);
    case EXCP_INTERRUPT:
    case EXCP_HALTED:
        return true;
    default:
        return false;
    }
}
