/*
 * signal.c: the guest's signal syscalls.  Pilot: actions and the mask are
 * recorded and reported back, but handlers are not delivered yet.  SIG_IGN
 * and SIG_DFL do reach the host, so that a guest ignoring SIGPIPE gets EPIPE
 * instead of dying, as it would on Linux.  Signal numbers of the asm-generic
 * ABIs equal the host's; other ABIs will need a number map in syscalls/abi/.
 */
#include "common.h"
#include "syscalls/syscall.h"

#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#define GUEST_NSIG 64
#define GUEST_SIG_DFL 0
#define GUEST_SIG_IGN 1

static uint64_t guest_actions[GUEST_NSIG + 1][SA_NFIELDS];
static uint64_t guest_sigmask;

/* Signals whose host handling crossemu owns, or the kernel never lets go. */
static bool host_reserved(int sig)
{
    return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE ||
           sig == SIGTRAP || sig == SIGKILL || sig == SIGSTOP;
}

static int64_t sys_rt_sigaction(CPUCommon *cpu, const uint64_t *a)
{
    int sig = arg_int(a[0]);
    uint64_t v[SA_NFIELDS];
    int64_t r;

    if (sig < 1 || sig > GUEST_NSIG || arg_ulong(a[3]) != guest_abi->sigset_size) {
        return -EINVAL;
    }
    if (a[1] && (sig == SIGKILL || sig == SIGSTOP)) {
        return -EINVAL;
    }
    if (a[2]) {
        r = sc_store(guest_abi->sigaction, a[2], guest_actions[sig]);
        if (r < 0) {
            return r;
        }
    }
    if (!a[1]) {
        return 0;
    }
    r = sc_load(guest_abi->sigaction, a[1], v, SA_NFIELDS);
    if (r < 0) {
        return r;
    }
    memcpy(guest_actions[sig], v, sizeof(v));
    if (host_reserved(sig) || sig >= SIGRTMIN) {
        /* Nothing to mirror (glibc reserves the first host real-time signals). */
    } else if (v[SA_F_HANDLER] == GUEST_SIG_IGN) {
        signal(sig, SIG_IGN);
    } else if (v[SA_F_HANDLER] == GUEST_SIG_DFL) {
        signal(sig, SIG_DFL);
    }
    if (v[SA_F_HANDLER] != GUEST_SIG_IGN && v[SA_F_HANDLER] != GUEST_SIG_DFL) {
        log_mask_printf(LOG_UNIMP, "guest handler for signal %d recorded, delivery not "
                        "implemented yet\n", sig);
    }
    return 0;
}

static int64_t sys_rt_sigprocmask(CPUCommon *cpu, const uint64_t *a)
{
    int how = arg_int(a[0]);
    uint64_t old = guest_sigmask, set = 0;
    unsigned sz = guest_abi->sigset_size;

    if (arg_ulong(a[3]) != sz) {
        return -EINVAL;
    }
    if (a[1]) {
        if (!user_access_ok(a[1], sz, PAGE_READ)) {
            return -EFAULT;
        }
        set = abi_load_scalar(guest_abi, g2h(a[1]), sz);
        /* SIG_BLOCK 0, SIG_UNBLOCK 1, SIG_SETMASK 2 (asm-generic). */
        switch (how) {
        case 0: guest_sigmask |= set; break;
        case 1: guest_sigmask &= ~set; break;
        case 2: guest_sigmask = set; break;
        default: return -EINVAL;
        }
        /* SIGKILL and SIGSTOP cannot be blocked. */
        guest_sigmask &= ~((1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1)));
    }
    if (a[2]) {
        if (!user_access_ok(a[2], sz, PAGE_WRITE)) {
            return -EFAULT;
        }
        abi_store_scalar(guest_abi, g2h(a[2]), sz, old);
    }
    return 0;
}

static int64_t sys_sigaltstack(CPUCommon *cpu, const uint64_t *a)
{
    unsigned w = guest_abi->long_bits / 8;

    /* Recorded nowhere yet: report "disabled" (SS_DISABLE 2) to queries. */
    if (a[1]) {
        uint8_t *p;
        if (!user_access_ok(a[1], 3 * w, PAGE_WRITE)) {
            return -EFAULT;
        }
        p = g2h(a[1]);
        memset(p, 0, 3 * w);
        abi_store_scalar(guest_abi, p + w, 4, 2);
    }
    return 0;
}

static int64_t sys_kill(CPUCommon *cpu, const uint64_t *a)
{
    return kill(arg_int(a[0]), arg_int(a[1])) == 0 ? 0 : -errno;
}

static int64_t sys_tkill(CPUCommon *cpu, const uint64_t *a)
{
    return syscall(SYS_tkill, arg_int(a[0]), arg_int(a[1])) == 0 ? 0 : -errno;
}

static int64_t sys_tgkill(CPUCommon *cpu, const uint64_t *a)
{
    return syscall(SYS_tgkill, arg_int(a[0]), arg_int(a[1]), arg_int(a[2])) == 0 ? 0 : -errno;
}

const SyscallDef syscalls_signal[] = {
    { "rt_sigaction", sys_rt_sigaction, "dppu" },
    { "rt_sigprocmask", sys_rt_sigprocmask, "dppu" },
    { "sigaltstack", sys_sigaltstack, "pp" },
    { "kill", sys_kill, "dd" },
    { "tkill", sys_tkill, "dd" },
    { "tgkill", sys_tgkill, "ddd" },
    { NULL },
};
