/*
 * signal.c: guest signals in user mode, common to every guest.
 *
 * Design:
 *   - Guest sigactions are process-wide (user_sigact).  The host action of a
 *     signal mirrors the guest's: SIG_IGN and SIG_DFL go to the host as they
 *     are (the kernel then ignores, stops, reaps children or kills for us,
 *     honouring the mask), a guest handler becomes our host handler.
 *   - Each guest thread's host signal mask is its guest mask, so the host
 *     kernel does the blocking and queueing (sigpending, sigsuspend,
 *     sigtimedwait, signalfd just work).  SIGSEGV/SIGBUS/SIGILL/SIGFPE/SIGTRAP
 *     are never blocked on the host: crossemu needs its own faults.
 *   - The host handler records the signal in the thread's pending set, keeps
 *     it blocked on return (so further instances stay queued in the kernel),
 *     and sets cpu->exit_request: generated code checks it at every block
 *     entry, so even a thread spinning in chained blocks comes back to the
 *     CPU loop, which calls user_deliver_signals().
 *   - Delivery pushes the guest's signal frame (TargetInfo.setup_frame, in
 *     linux-user/<arch>/signal.c) or performs the default action.
 *   - Guest memory faults (EXCP_SEGV) become synchronous guest signals with
 *     si_addr and si_code; a blocked or ignored synchronous signal kills, as
 *     the kernel's force_sig does.
 *   - Host real-time signals 32 and 33 belong to the host C library, so guest
 *     signals 32 and 33 travel as host 64 and 63, and guest 63 and 64 have no
 *     host signal (sigaction works, kill of them is EINVAL).
 */
#include "common.h"
#include "user.h"
#include "log.h"

#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

__thread int user_fault_signal;
__thread UserThread *user_thread;
UserSigAction user_sigact[GUEST_NSIG + 1];

/* ---- numbers ---- */

int user_sig_to_host(int gsig)
{
    const uint8_t *map = user_target.abi->signal_to_host;

    if (gsig < 1 || gsig > GUEST_NSIG) {
        return 0;
    }
    if (gsig < 32) {
        return map ? map[gsig] : gsig;
    }
    if (gsig == 32) {
        return 64;
    }
    if (gsig == 33) {
        return 63;
    }
    return gsig <= 62 ? gsig : 0;
}

int user_sig_to_guest(int hsig)
{
    const uint8_t *map = user_target.abi->signal_to_host;

    if (hsig < 1 || hsig > 64) {
        return 0;
    }
    if (hsig < 32) {
        if (!map) {
            return hsig;
        }
        for (int g = 1; g < 32; g++) {
            if (map[g] == hsig) {
                return g;
            }
        }
        return 0;
    }
    if (hsig == 64) {
        return 32;
    }
    if (hsig == 63) {
        return 33;
    }
    return hsig >= 34 ? hsig : 0;
}

/* Host signals crossemu needs for itself: never blocked, always our handler. */
static bool host_sync_signal(int hsig)
{
    return hsig == SIGSEGV || hsig == SIGBUS || hsig == SIGILL || hsig == SIGFPE ||
           hsig == SIGTRAP;
}

void user_sigset_to_host(uint64_t gset, sigset_t *hset)
{
    sigemptyset(hset);
    for (int g = 1; g <= GUEST_NSIG; g++) {
        int h;
        if (!(gset & GSIG_BIT(g))) {
            continue;
        }
        h = user_sig_to_host(g);
        if (h) {
            sigaddset(hset, h);
        }
    }
}

uint64_t user_sigset_from_host(const sigset_t *hset)
{
    uint64_t g = 0;

    for (int h = 1; h <= 64; h++) {
        int s = user_sig_to_guest(h);
        if (s && sigismember(hset, h) == 1) {
            g |= GSIG_BIT(s);
        }
    }
    return g;
}

/* The host mask a thread runs with: its guest mask and what it has taken but not delivered. */
static void apply_host_mask(UserThread *ts)
{
    sigset_t h;

    user_sigset_to_host(ts->sigmask | __atomic_load_n(&ts->pending, __ATOMIC_ACQUIRE), &h);
    sigdelset(&h, SIGSEGV);
    sigdelset(&h, SIGBUS);
    sigdelset(&h, SIGILL);
    sigdelset(&h, SIGFPE);
    sigdelset(&h, SIGTRAP);
    pthread_sigmask(SIG_SETMASK, &h, NULL);
}

void user_set_sigmask(uint64_t gmask)
{
    UserThread *ts = user_thread;

    ts->sigmask = gmask & ~(GSIG_BIT(SIGKILL) | GSIG_BIT(SIGSTOP));
    apply_host_mask(ts);
    if (__atomic_load_n(&ts->pending, __ATOMIC_ACQUIRE) & ~ts->sigmask) {
        ts->cpu->exit_request = 1;
    }
}

/* ---- siginfo ---- */

static UserSiKind kind_of(int gsig, int code)
{
    if (code == SI_QUEUE || code == SI_MESGQ || code == SI_ASYNCIO) {
        return USER_SI_QUEUE;
    }
    if (code == SI_TIMER) {
        return USER_SI_TIMER;
    }
    if (code <= 0) {
        return USER_SI_KILL;
    }
    switch (gsig) {
    case SIGCHLD: return USER_SI_CHLD;
    case SIGSEGV: case SIGBUS: case SIGILL: case SIGFPE: case SIGTRAP: return USER_SI_FAULT;
    case SIGIO: return USER_SI_POLL;
    case SIGSYS: return USER_SI_SYS;
    default: return USER_SI_KILL;
    }
}

void user_siginfo_from_host(UserSiginfo *gi, const siginfo_t *hi)
{
    memset(gi, 0, sizeof(*gi));
    gi->signo = user_sig_to_guest(hi->si_signo);
    gi->err = hi->si_errno;
    gi->code = hi->si_code;
    /* Fault signals from the host here come from kill (SI_USER): synchronous ones never do. */
    gi->kind = kind_of(gi->signo, hi->si_code);
    switch (gi->kind) {
    case USER_SI_KILL:
        gi->pid = hi->si_pid;
        gi->uid = (int)hi->si_uid;
        break;
    case USER_SI_QUEUE:
        gi->pid = hi->si_pid;
        gi->uid = (int)hi->si_uid;
        gi->value = (uint64_t)(uintptr_t)hi->si_value.sival_ptr;
        break;
    case USER_SI_TIMER:
        gi->tid = hi->si_timerid;
        gi->overrun = hi->si_overrun;
        gi->value = (uint64_t)(uintptr_t)hi->si_value.sival_ptr;
        break;
    case USER_SI_CHLD:
        gi->pid = hi->si_pid;
        gi->uid = (int)hi->si_uid;
        gi->status = hi->si_status;
        gi->utime = hi->si_utime;
        gi->stime = hi->si_stime;
        break;
    case USER_SI_FAULT:
        gi->addr = (uint64_t)((uintptr_t)hi->si_addr - guest_base);
        break;
    case USER_SI_POLL:
        gi->band = hi->si_band;
        gi->fd = hi->si_fd;
        break;
    case USER_SI_SYS:
        gi->addr = (uint64_t)((uintptr_t)hi->si_call_addr - guest_base);
        gi->syscall_nr = hi->si_syscall;
        gi->arch = hi->si_arch;
        break;
    }
}

/*
 * The kernel's siginfo: 128 bytes; si_signo, si_errno, si_code, then the
 * union at the first offset aligned for a pointer (16 on 64-bit, 12 on
 * 32-bit).  Offsets inside the union follow natural alignment.
 */
void user_store_siginfo(void *p, const UserSiginfo *si)
{
    const GuestABI *abi = user_target.abi;
    unsigned w = abi->long_bits / 8;
    unsigned u = w == 8 ? 16 : 12;
    unsigned val = ROUND_UP(u + 8, w);     /* sigval after two ints */
    uint8_t *b = p;

    memset(b, 0, 128);
    abi_store_scalar(abi, b + 0, 4, (uint32_t)si->signo);
    abi_store_scalar(abi, b + 4, 4, (uint32_t)si->err);
    abi_store_scalar(abi, b + 8, 4, (uint32_t)si->code);
    switch (si->kind) {
    case USER_SI_KILL:
        abi_store_scalar(abi, b + u, 4, (uint32_t)si->pid);
        abi_store_scalar(abi, b + u + 4, 4, (uint32_t)si->uid);
        break;
    case USER_SI_QUEUE:
        abi_store_scalar(abi, b + u, 4, (uint32_t)si->pid);
        abi_store_scalar(abi, b + u + 4, 4, (uint32_t)si->uid);
        abi_store_scalar(abi, b + val, w, si->value);
        break;
    case USER_SI_TIMER:
        abi_store_scalar(abi, b + u, 4, (uint32_t)si->tid);
        abi_store_scalar(abi, b + u + 4, 4, (uint32_t)si->overrun);
        abi_store_scalar(abi, b + val, w, si->value);
        break;
    case USER_SI_CHLD: {
        unsigned t = ROUND_UP(u + 12, w);
        abi_store_scalar(abi, b + u, 4, (uint32_t)si->pid);
        abi_store_scalar(abi, b + u + 4, 4, (uint32_t)si->uid);
        abi_store_scalar(abi, b + u + 8, 4, (uint32_t)si->status);
        abi_store_scalar(abi, b + t, w, (uint64_t)si->utime);
        abi_store_scalar(abi, b + t + w, w, (uint64_t)si->stime);
        break;
    }
    case USER_SI_FAULT:
        abi_store_scalar(abi, b + u, w, si->addr);
        break;
    case USER_SI_POLL:
        abi_store_scalar(abi, b + u, w, (uint64_t)si->band);
        abi_store_scalar(abi, b + u + w, 4, (uint32_t)si->fd);
        break;
    case USER_SI_SYS:
        abi_store_scalar(abi, b + u, w, si->addr);
        abi_store_scalar(abi, b + u + w, 4, (uint32_t)si->syscall_nr);
        abi_store_scalar(abi, b + u + w + 4, 4, si->arch);
        break;
    }
}

/* ---- host handlers ---- */

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

/* An asynchronous signal for the guest thread running on this host thread. */
static void host_async_signal(int hsig, siginfo_t *si, ucontext_t *uc)
{
    UserThread *ts = user_thread;
    int gsig = user_sig_to_guest(hsig);

    if (!ts || !gsig) {
        return;
    }
    user_siginfo_from_host(&ts->pending_info[gsig], si);
    __atomic_or_fetch(&ts->pending, GSIG_BIT(gsig), __ATOMIC_RELEASE);
    /* Further instances wait in the host kernel until this one is delivered. */
    if (!host_sync_signal(hsig)) {
        sigaddset(&uc->uc_sigmask, hsig);
    }
    ts->cpu->exit_request = 1;
}

static void host_signal_handler(int hsig, siginfo_t *si, void *ctx)
{
    int saved_errno = errno;

    host_async_signal(hsig, si, ctx);
    errno = saved_errno;
}

#if defined(__x86_64__)
/*
 * The memory operand of the x86-64 instruction at p, computed from the
 * registers in uc; *write is set for the stores and read-modify-writes our
 * code generators use.  Needed for faults that carry no address: a
 * non-canonical address (a guest address far out of range, added to
 * guest_base) raises #GP (SIGSEGV) or, based on rsp/rbp, #SS (SIGBUS), both
 * with si_code SI_KERNEL and si_addr 0.  Returns false if p has no memory
 * operand we understand (RIP-relative, segment-prefixed).
 */
static bool host_insn_mem_addr(const uint8_t *p, const ucontext_t *uc, uintptr_t *addr,
                               int *write)
{
    static const int gpr[16] = {
        REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
        REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15,
    };
    const greg_t *g = uc->uc_mcontext.gregs;
    unsigned rex_r_x_b = 0, map = 0, op, modrm, mod, rm;
    bool opsize = false, lock = false, addr32 = false;
    uintptr_t a = 0;
    int i = 0;

    for (;; i++) {
        uint8_t b = p[i];
        if (b == 0x66) {
            opsize = true;
        } else if (b == 0xf0) {
            lock = true;
        } else if (b == 0x67) {
            addr32 = true;
        } else if (b == 0x64 || b == 0x65) {
            return false;       /* fs/gs: a base we cannot see */
        } else if (b != 0xf2 && b != 0xf3 && b != 0x2e && b != 0x3e && b != 0x26 && b != 0x36) {
            break;
        }
    }
    if ((p[i] & 0xf0) == 0x40) {
        rex_r_x_b = p[i++] & 7;
    }
    op = p[i++];
    if (op == 0xc5) {                   /* 2-byte VEX: map 0F */
        i++;
        map = 1;
        op = p[i++];
    } else if (op == 0xc4) {            /* 3-byte VEX: inverted X and B, then the map */
        rex_r_x_b = (~p[i] >> 5) & 3;
        map = p[i] & 0x1f;
        i += 2;
        op = p[i++];
    } else if (op == 0x0f) {
        map = 1;
        op = p[i++];
        if (op == 0x38 || op == 0x3a) {
            map = op == 0x38 ? 2 : 3;
            op = p[i++];
        }
    }
    if (map == 0 && op >= 0xa4 && op <= 0xaf) {
        return false;                   /* string instructions: rsi or rdi, no ModRM */
    }
    modrm = p[i++];
    mod = modrm >> 6;
    rm = modrm & 7;
    if (mod == 3 || (mod == 0 && rm == 5)) {
        return false;                   /* a register, or RIP-relative */
    }
    if (rm == 4) {
        unsigned sib = p[i++];
        unsigned idx = ((sib >> 3) & 7) | (rex_r_x_b & 2 ? 8 : 0);
        unsigned base = (sib & 7) | (rex_r_x_b & 1 ? 8 : 0);
        if ((sib & 7) == 5 && mod == 0) {
            int32_t d;
            memcpy(&d, p + i, 4);
            a = (uintptr_t)(intptr_t)d;
        } else {
            a = (uintptr_t)g[gpr[base]];
        }
        if (idx != 4) {
            a += (uintptr_t)g[gpr[idx]] << (sib >> 6);
        }
    } else {
        a = (uintptr_t)g[gpr[rm | (rex_r_x_b & 1 ? 8 : 0)]];
    }
    if (mod == 1) {
        a += (uintptr_t)(intptr_t)(int8_t)p[i];
    } else if (mod == 2) {
        int32_t d;
        memcpy(&d, p + i, 4);
        a += (uintptr_t)(intptr_t)d;
    }
    *addr = addr32 ? (uint32_t)a : a;
    if (map == 0) {
        *write = lock || op == 0x88 || op == 0x89 || op == 0xc6 || op == 0xc7 ||
                 op == 0x86 || op == 0x87;
    } else if (map == 1) {
        *write = lock || op == 0x11 || op == 0x13 || op == 0x17 || op == 0x29 || op == 0x2b ||
                 op == 0x7f || op == 0xd6 || op == 0xe7 || (op == 0x7e && opsize) ||
                 op == 0xb0 || op == 0xb1 || op == 0xc0 || op == 0xc1 || op == 0xc7;
    } else {
        *write = map == 3 && (op == 0x14 || op == 0x15 || op == 0x16 || op == 0x17);
    }
    return true;
}
#endif

static void host_fault_handler(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    CPUCommon *cpu = current_cpu;
    uintptr_t pc = host_pc_of(uc);
    uint64_t gaddr;
    sigset_t set;
    int fault_sig = sig;
    int w;

    if (si->si_code <= 0) {
        /* Sent with kill/tgkill/sigqueue: an ordinary asynchronous signal. */
        host_signal_handler(sig, si, ctx);
        return;
    }
    if (!cpu) {
        die_as_emulator_bug(sig);
        return;
    }
    if (interp_host_pc) {
        cpu_restore_state(cpu, interp_host_pc);
    } else if (pc && backend && backend->owns_host_pc && backend->owns_host_pc(pc)) {
        /* The faulting instruction itself (not a return address), and the
         * globals the JIT kept in host registers across the access. */
        cpu_restore_state_fault(cpu, pc, uc);
    } else {
        die_as_emulator_bug(sig);
        return;
    }
    gaddr = (uint64_t)((uintptr_t)si->si_addr - guest_base);
    w = host_fault_is_write(uc);
#if defined(__x86_64__)
    if (si->si_code == SI_KERNEL && (sig == SIGSEGV || sig == SIGBUS)) {
        /* #GP/#SS: a non-canonical address; the guest sees an unmapped one. */
        uintptr_t haddr = 0;
        if (host_insn_mem_addr((const uint8_t *)pc, uc, &haddr, &w)) {
            gaddr = (uint64_t)(haddr - guest_base);
        }
        fault_sig = SIGSEGV;
    }
#endif
    cpu->fault_addr = gaddr;
    cpu->fault_write = w < 0 ? 0 : w;
    /* The host sees PROT_NONE everywhere the guest has nothing: our page map knows better. */
    cpu->fault_code = (user_page_flags(gaddr) & PAGE_VALID) ? 2 /* SEGV_ACCERR */
                                                             : 1 /* SEGV_MAPERR */;
    cpu->exception_index = EXCP_SEGV;
    user_fault_signal = fault_sig;
    sigemptyset(&set);
    sigaddset(&set, sig);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    cpu_loop_exit(cpu);
}

static void install_host_action(int hsig, uint64_t ghandler, uint64_t hflags)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sigemptyset(&sa.sa_mask);
    if (host_sync_signal(hsig)) {
        sa.sa_sigaction = host_fault_handler;
        sa.sa_flags = SA_SIGINFO;
    } else if (ghandler == GUEST_SIG_DFL) {
        sa.sa_handler = SIG_DFL;
    } else if (ghandler == GUEST_SIG_IGN) {
        sa.sa_handler = SIG_IGN;
    } else {
        /*
         * No SA_RESTART: an interrupted syscall comes back to us with EINTR,
         * the guest handler runs, and the syscall layer restarts it if the
         * guest asked for SA_RESTART.  Blocking all while it runs keeps the
         * pending set consistent.
         */
        sa.sa_sigaction = host_signal_handler;
        sa.sa_flags = SA_SIGINFO;
        sigfillset(&sa.sa_mask);
    }
    /* SA_NOCLDSTOP/SA_NOCLDWAIT change what the kernel does for SIGCHLD: mirror them. */
    if (hsig == SIGCHLD) {
        sa.sa_flags |= (int)(hflags & (SA_NOCLDSTOP | SA_NOCLDWAIT));
    }
    sigaction(hsig, &sa, NULL);
}

void user_set_sigaction(int gsig, const UserSigAction *act)
{
    int hsig = user_sig_to_host(gsig);

    user_sigact[gsig] = *act;
    if (hsig) {
        install_host_action(hsig, act->handler, act->flags);
    }
}

UserThread *user_thread_new(CPUCommon *cpu)
{
    UserThread *ts = g_new0(UserThread, 1);

    ts->cpu = cpu;
    ts->ss_flags = USER_SS_DISABLE;
    cpu->opaque = ts;
    return ts;
}

void user_thread_attach(UserThread *ts)
{
    ts->tid = (int)syscall(SYS_gettid);
    user_thread = ts;
}

void user_signal_init(void)
{
    sigset_t h;

    /* Actions the guest inherits from whoever exec'd us (SIG_IGN survives execve). */
    for (int g = 1; g <= GUEST_NSIG; g++) {
        int hs = user_sig_to_host(g);
        struct sigaction old;
        user_sigact[g].handler = GUEST_SIG_DFL;
        if (hs && !host_sync_signal(hs) && sigaction(hs, NULL, &old) == 0 &&
            old.sa_handler == SIG_IGN) {
            user_sigact[g].handler = GUEST_SIG_IGN;
        }
    }
    install_host_action(SIGSEGV, 0, 0);
    install_host_action(SIGBUS, 0, 0);
    install_host_action(SIGILL, 0, 0);
    install_host_action(SIGFPE, 0, 0);
    install_host_action(SIGTRAP, 0, 0);
    /* The inherited mask is the guest's initial mask. */
    pthread_sigmask(SIG_SETMASK, NULL, &h);
    user_thread->sigmask = user_sigset_from_host(&h);
    apply_host_mask(user_thread);
}

/* ---- dying ---- */

void user_flush_all(void)
{
    fflush(stdout);
    fflush(stderr);
    if (log_file) {
        fflush(log_file);
    }
}

void user_force_sig(int gsig)
{
    struct rlimit nocore = { 0, 0 };
    struct sigaction sa;
    sigset_t set;
    int sig = user_sig_to_host(gsig);

    if (!sig) {
        sig = SIGKILL;
    }
    log_mask_printf(LOG_INT | LOG_GUEST_ERROR, "guest killed by signal %d (%s)\n", gsig,
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
    /* The whole process dies, whichever thread got the signal. */
    kill(getpid(), sig);
    /* Signals whose default action does not kill (cannot happen for the ones we use). */
    _exit(128 + sig);
}

/* ---- delivery ---- */

void user_queue_fault(CPUCommon *cpu, int gsig, int code, uint64_t addr)
{
    UserThread *ts = cpu->opaque;
    UserSiginfo *si = &ts->pending_info[gsig];
    UserSigAction *ka = &user_sigact[gsig];

    /* Like force_sig_info: a blocked or ignored synchronous signal is not survivable. */
    if ((ts->sigmask & GSIG_BIT(gsig)) || ka->handler == GUEST_SIG_IGN) {
        ka->handler = GUEST_SIG_DFL;
        ts->sigmask &= ~GSIG_BIT(gsig);
    }
    memset(si, 0, sizeof(*si));
    si->signo = gsig;
    si->code = code;
    si->kind = USER_SI_FAULT;
    si->addr = addr;
    __atomic_or_fetch(&ts->pending, GSIG_BIT(gsig), __ATOMIC_RELEASE);
}

bool user_signal_pending(void)
{
    UserThread *ts = user_thread;
    return (__atomic_load_n(&ts->pending, __ATOMIC_ACQUIRE) & ~ts->sigmask) != 0;
}

/* Signals whose default action is to do nothing. */
static bool default_ignored(int gsig)
{
    int h = user_sig_to_host(gsig);
    return h == SIGCHLD || h == SIGURG || h == SIGWINCH || h == SIGCONT;
}

static bool default_stops(int gsig)
{
    int h = user_sig_to_host(gsig);
    return h == SIGSTOP || h == SIGTSTP || h == SIGTTIN || h == SIGTTOU;
}

/* Take the lowest deliverable pending signal; 0 if none. */
static int take_signal(UserThread *ts, UserSiginfo *info)
{
    uint64_t p = __atomic_load_n(&ts->pending, __ATOMIC_ACQUIRE) & ~ts->sigmask;
    int gsig;

    if (!p) {
        return 0;
    }
    /* Synchronous signals first, as the kernel does (they are the current insn's). */
    const int sync_first[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGSYS };
    gsig = 0;
    for (size_t i = 0; i < ARRAY_SIZE(sync_first); i++) {
        if ((p & GSIG_BIT(sync_first[i])) &&
            ts->pending_info[sync_first[i]].kind == USER_SI_FAULT) {
            gsig = sync_first[i];
            break;
        }
    }
    if (!gsig) {
        gsig = __builtin_ctzll(p) + 1;
    }
    *info = ts->pending_info[gsig];
    __atomic_and_fetch(&ts->pending, ~GSIG_BIT(gsig), __ATOMIC_ACQ_REL);
    return gsig;
}

void user_deliver_signals(CPUCommon *cpu)
{
    UserThread *ts = cpu->opaque;
    const TargetInfo *t = &user_target;
    bool delivered = false;
    UserSiginfo info;
    int gsig;

    while ((gsig = take_signal(ts, &info)) != 0) {
        UserSigAction *ka = &user_sigact[gsig];
        uint64_t oldmask = ts->in_sigsuspend ? ts->saved_mask : ts->sigmask;

        if (ka->handler == GUEST_SIG_IGN) {
            continue;
        }
        if (ka->handler == GUEST_SIG_DFL) {
            if (default_ignored(gsig)) {
                continue;
            }
            if (default_stops(gsig)) {
                kill(getpid(), SIGSTOP);
                continue;
            }
            user_force_sig(gsig);
        }
        log_mask_printf(LOG_INT, "guest signal %d delivered to handler 0x%" PRIx64 "\n", gsig,
                        ka->handler);
        if (ts->syscall_restart) {
            ts->syscall_restart = false;
            if (!(ka->flags & SA_RESTART)) {
                t->syscall_no_restart(cpu, -abi_errno_to_guest(t->abi, EINTR));
            }
        }
        if (!t->setup_frame(cpu, gsig, &info, ka, oldmask)) {
            /* The frame could not be written: the kernel's force_sigsegv. */
            log_mask_printf(LOG_GUEST_ERROR, "cannot write the signal frame for %d\n", gsig);
            user_force_sig(SIGSEGV);
        }
        ts->in_sigsuspend = false;
        ts->sigmask = oldmask | ka->mask;
        if (!(ka->flags & SA_NODEFER)) {
            ts->sigmask |= GSIG_BIT(gsig);
        }
        ts->sigmask &= ~(GSIG_BIT(SIGKILL) | GSIG_BIT(SIGSTOP));
        if (ka->flags & SA_RESETHAND) {
            UserSigAction dfl = { .handler = GUEST_SIG_DFL };
            user_set_sigaction(gsig, &dfl);
        }
        delivered = true;
    }
    ts->syscall_restart = false;
    if (ts->in_sigsuspend) {
        ts->in_sigsuspend = false;
        ts->sigmask = ts->saved_mask;
    }
    (void)delivered;
    apply_host_mask(ts);
}

/* ---- alternate stack ---- */

static bool on_altstack(UserThread *ts, uint64_t sp)
{
    return ts->ss_size && sp - ts->ss_sp < ts->ss_size;
}

uint64_t user_sigframe_sp(CPUCommon *cpu, const UserSigAction *ka, uint64_t sp)
{
    UserThread *ts = cpu->opaque;

    if ((ka->flags & SA_ONSTACK) && !(ts->ss_flags & USER_SS_DISABLE) && !on_altstack(ts, sp)) {
        sp = ts->ss_sp + ts->ss_size;
        if (ts->ss_flags & USER_SS_AUTODISARM) {
            /* uc_stack already recorded the settings; the handler runs with it disarmed. */
        }
    }
    return sp;
}

void user_save_altstack(uint64_t sp, uint64_t *ss_sp, int *ss_flags, uint64_t *ss_size)
{
    UserThread *ts = user_thread;

    *ss_sp = ts->ss_sp;
    *ss_size = ts->ss_size;
    if (ts->ss_flags & USER_SS_DISABLE) {
        *ss_flags = USER_SS_DISABLE;
    } else {
        *ss_flags = (on_altstack(ts, sp) ? USER_SS_ONSTACK : 0) |
                    (ts->ss_flags & USER_SS_AUTODISARM);
    }
    if (ts->ss_flags & USER_SS_AUTODISARM) {
        ts->ss_sp = 0;
        ts->ss_size = 0;
        ts->ss_flags = USER_SS_DISABLE;
    }
}

int64_t user_do_sigaltstack(uint64_t new_sp, int new_flags, uint64_t new_size, bool set,
                            uint64_t cur_sp)
{
    UserThread *ts = user_thread;
    int mode;

    if (!set) {
        return 0;
    }
    if (on_altstack(ts, cur_sp)) {
        return -EPERM;
    }
    mode = new_flags & ~USER_SS_AUTODISARM;
    if (mode != USER_SS_DISABLE && mode != USER_SS_ONSTACK && mode != 0) {
        return -EINVAL;
    }
    if (mode == USER_SS_DISABLE) {
        ts->ss_sp = 0;
        ts->ss_size = 0;
        ts->ss_flags = USER_SS_DISABLE;
        return 0;
    }
    if (new_size < user_target.minsigstksz) {
        return -ENOMEM;
    }
    ts->ss_sp = new_sp;
    ts->ss_size = new_size;
    ts->ss_flags = new_flags & USER_SS_AUTODISARM;
    return 0;
}

void user_restore_altstack(uint64_t ss_sp, int ss_flags, uint64_t ss_size, uint64_t cur_sp)
{
    /* Errors are ignored, as the kernel's restore_altstack does for EPERM. */
    user_do_sigaltstack(ss_sp, ss_flags, ss_size, true, cur_sp);
}

/* ---- the CPU loop's common exceptions ---- */

bool user_handle_common_exception(CPUCommon *cpu, int excp)
{
    uint64_t pc = cpu->ops->get_pc(cpu);

    switch (excp) {
    case EXCP_SEGV: {
        int gsig = user_sig_to_guest(user_fault_signal ? user_fault_signal : SIGSEGV);
        log_mask_printf(LOG_INT | LOG_GUEST_ERROR,
                        "guest %s at pc 0x%" PRIx64 ": %s of 0x%" PRIx64 " (%s)\n",
                        gsig == SIGBUS ? "SIGBUS" : "SIGSEGV", pc,
                        cpu->fault_write == 1 ? "write" :
                        cpu->fault_write == 2 ? "execution" : "read",
                        cpu->fault_addr, cpu->fault_code == 1 ? "not mapped" : "no permission");
        /* SIGBUS from the host: access past the end of a mapped file (BUS_ADRERR 2). */
        user_queue_fault(cpu, gsig, gsig == SIGBUS ? 2 : cpu->fault_code, cpu->fault_addr);
        user_fault_signal = 0;
        return true;
    }
    case EXCP_SIGILL_UNIMP:
        log_mask_printf(LOG_INT | LOG_GUEST_ERROR, "guest SIGILL at pc 0x%" PRIx64 "\n", pc);
        user_queue_fault(cpu, SIGILL, 1 /* ILL_ILLOPC */, pc);
        return true;
    case EXCP_DEBUG:
        log_mask_printf(LOG_INT, "guest SIGTRAP at pc 0x%" PRIx64 "\n", pc);
        user_queue_fault(cpu, SIGTRAP, 1 /* TRAP_BRKPT */, pc);
        return true;
    case EXCP_INTERRUPT:
    case EXCP_HALTED:
        return true;
    default:
        return false;
    }
}
