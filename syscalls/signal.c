/*
 * signal.c: the guest's signal syscalls, on top of linux-user/signal.c
 * (which owns the actions, masks, pending sets and frames).
 * Signal numbers go through user_sig_to_host/user_sig_to_guest, sets through
 * user_sigset_*: the ABI's numbering is data (GuestABI.signal_to_host).
 */
#include "common.h"
#include "syscalls/syscall.h"

#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

static uint64_t sa_flags_to_host(uint64_t g)
{
    return abi_flags_to_host(guest_abi->sa_flags, guest_abi->n_sa_flags, (uint32_t)g);
}

static uint64_t sa_flags_to_guest(uint64_t h)
{
    return abi_flags_to_guest(guest_abi->sa_flags, guest_abi->n_sa_flags, (uint32_t)h);
}

static int64_t load_sigset(uint64_t gaddr, uint64_t *set)
{
    if (!user_access_ok(gaddr, guest_abi->sigset_size, PAGE_READ)) {
        return -EFAULT;
    }
    *set = abi_load_scalar(guest_abi, g2h(gaddr), guest_abi->sigset_size);
    return 0;
}

static int64_t store_sigset(uint64_t gaddr, uint64_t set)
{
    if (!user_access_ok(gaddr, guest_abi->sigset_size, PAGE_WRITE)) {
        return -EFAULT;
    }
    abi_store_scalar(guest_abi, g2h(gaddr), guest_abi->sigset_size, set);
    return 0;
}

static int64_t sys_rt_sigaction(CPUCommon *cpu, const uint64_t *a)
{
    int sig = arg_int(a[0]);
    uint64_t v[SA_NFIELDS];
    UserSigAction act;
    int64_t r;

    if (sig < 1 || sig > GUEST_NSIG || arg_ulong(a[3]) != guest_abi->sigset_size) {
        return -EINVAL;
    }
    if (a[1] && (user_sig_to_host(sig) == SIGKILL || user_sig_to_host(sig) == SIGSTOP)) {
        return -EINVAL;
    }
    if (a[1]) {
        r = sc_load(guest_abi->sigaction, a[1], v, SA_NFIELDS);
        if (r < 0) {
            return r;
        }
    }
    if (a[2]) {
        const UserSigAction *o = &user_sigact[sig];
        uint64_t ov[SA_NFIELDS];
        ov[SA_F_HANDLER] = o->handler;
        ov[SA_F_FLAGS] = sa_flags_to_guest(o->flags);
        ov[SA_F_RESTORER] = o->restorer;
        ov[SA_F_MASK] = o->mask;
        r = sc_store(guest_abi->sigaction, a[2], ov);
        if (r < 0) {
            return r;
        }
    }
    if (!a[1]) {
        return 0;
    }
    act.handler = v[SA_F_HANDLER];
    act.flags = sa_flags_to_host(v[SA_F_FLAGS]);
    act.restorer = v[SA_F_RESTORER];
    act.mask = v[SA_F_MASK] & ~(GSIG_BIT(SIGKILL) | GSIG_BIT(SIGSTOP));
    user_set_sigaction(sig, &act);
    return 0;
}

static int64_t sys_rt_sigprocmask(CPUCommon *cpu, const uint64_t *a)
{
    int how = arg_int(a[0]);
    uint64_t old = user_thread->sigmask, set = 0, mask = old;
    int64_t r;

    if (arg_ulong(a[3]) != guest_abi->sigset_size) {
        return -EINVAL;
    }
    if (a[1]) {
        r = load_sigset(a[1], &set);
        if (r < 0) {
            return r;
        }
        /* SIG_BLOCK 0, SIG_UNBLOCK 1, SIG_SETMASK 2 on every Linux ABI but sparc and mips. */
        switch (how) {
        case 0: mask |= set; break;
        case 1: mask &= ~set; break;
        case 2: mask = set; break;
        default: return -EINVAL;
        }
    }
    if (a[2]) {
        r = store_sigset(a[2], old);
        if (r < 0) {
            return r;
        }
    }
    if (a[1]) {
        user_set_sigmask(mask);
    }
    return 0;
}

static int64_t sys_rt_sigpending(CPUCommon *cpu, const uint64_t *a)
{
    sigset_t h;

    if (arg_ulong(a[1]) != guest_abi->sigset_size) {
        return -EINVAL;
    }
    if (sigpending(&h) != 0) {
        return -errno;
    }
    return store_sigset(a[0], (user_sigset_from_host(&h) |
                               __atomic_load_n(&user_thread->pending, __ATOMIC_ACQUIRE)) &
                              user_thread->sigmask);
}

static int64_t sys_rt_sigsuspend(CPUCommon *cpu, const uint64_t *a)
{
    UserThread *ts = user_thread;
    uint64_t set;
    sigset_t all, h;
    int64_t r;

    if (arg_ulong(a[1]) != guest_abi->sigset_size) {
        return -EINVAL;
    }
    r = load_sigset(a[0], &set);
    if (r < 0) {
        return r;
    }
    /* Block everything while checking, so nothing slips in before sigsuspend waits. */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, NULL);
    ts->saved_mask = ts->sigmask;
    ts->in_sigsuspend = true;
    ts->sigmask = set & ~(GSIG_BIT(SIGKILL) | GSIG_BIT(SIGSTOP));
    if (!user_signal_pending()) {
        user_sigset_to_host(ts->sigmask | __atomic_load_n(&ts->pending, __ATOMIC_ACQUIRE), &h);
        sigsuspend(&h);
    }
    /* Delivery (next in the CPU loop) restores the saved mask and the host mask. */
    cpu->exit_request = 1;
    return -EINTR;
}

static int64_t sys_rt_sigtimedwait(CPUCommon *cpu, const uint64_t *a)
{
    UserThread *ts = user_thread;
    uint64_t set, p;
    struct timespec ts_buf, *tmo = NULL;
    siginfo_t hi;
    sigset_t h;
    UserSiginfo gi;
    int64_t r;
    int hs, gsig;

    if (arg_ulong(a[3]) != guest_abi->sigset_size) {
        return -EINVAL;
    }
    r = load_sigset(a[0], &set);
    if (r < 0) {
        return r;
    }
    if (a[1] && !user_access_ok(a[1], 128, PAGE_WRITE)) {
        return -EFAULT;
    }
    /* One our host handler already took for this thread? */
    p = __atomic_load_n(&ts->pending, __ATOMIC_ACQUIRE) & set;
    if (p) {
        gsig = __builtin_ctzll(p) + 1;
        gi = ts->pending_info[gsig];
        __atomic_and_fetch(&ts->pending, ~GSIG_BIT(gsig), __ATOMIC_ACQ_REL);
        user_set_sigmask(ts->sigmask);
    } else {
        if (a[2]) {
            uint64_t v[TS_NFIELDS];
            r = sc_load(guest_abi->timespec, a[2], v, TS_NFIELDS);
            if (r < 0) {
                return r;
            }
            ts_buf.tv_sec = (time_t)arg_long(v[TS_SEC]);
            ts_buf.tv_nsec = (long)arg_long(v[TS_NSEC]);
            tmo = &ts_buf;
        }
        user_sigset_to_host(set, &h);
        /* The raw call: glibc's wrapper turns SI_TKILL into SI_USER (the guest's libc may too). */
        hs = (int)syscall(SYS_rt_sigtimedwait, &h, &hi, tmo, (size_t)8);
        if (hs < 0) {
            return -errno;
        }
        user_siginfo_from_host(&gi, &hi);
        gsig = gi.signo;
    }
    if (a[1]) {
        user_store_siginfo(g2h(a[1]), &gi);
    }
    return gsig;
}

static int64_t sys_sigaltstack(CPUCommon *cpu, const uint64_t *a)
{
    unsigned w = guest_abi->long_bits / 8;
    /* stack_t: ss_sp, int ss_flags, size_t ss_size (naturally aligned). */
    unsigned off_flags = w, off_size = w == 8 ? 16 : 8, size = w == 8 ? 24 : 12;
    UserThread *ts = user_thread;
    uint64_t sp = user_target.get_sp(cpu);
    uint64_t nsp = 0, nsize = 0;
    int nflags = 0;
    uint64_t old_sp, old_size;
    int old_flags;
    int64_t r;

    if (a[0]) {
        const uint8_t *p;
        if (!user_access_ok(a[0], size, PAGE_READ)) {
            return -EFAULT;
        }
        p = g2h(a[0]);
        nsp = abi_load_scalar(guest_abi, p, w);
        nflags = (int)abi_load_scalar(guest_abi, p + off_flags, 4);
        nsize = abi_load_scalar(guest_abi, p + off_size, w);
    }
    old_sp = ts->ss_sp;
    old_size = ts->ss_size;
    old_flags = (ts->ss_flags & USER_SS_DISABLE) ? USER_SS_DISABLE :
                ((ts->ss_size && sp - ts->ss_sp < ts->ss_size) ? USER_SS_ONSTACK : 0) |
                (ts->ss_flags & USER_SS_AUTODISARM);
    if (a[1] && !user_access_ok(a[1], size, PAGE_WRITE)) {
        return -EFAULT;
    }
    r = user_do_sigaltstack(nsp, nflags, nsize, a[0] != 0, sp);
    if (r < 0) {
        return r;
    }
    if (a[1]) {
        uint8_t *p = g2h(a[1]);
        memset(p, 0, size);
        abi_store_scalar(guest_abi, p, w, old_sp);
        abi_store_scalar(guest_abi, p + off_flags, 4, (uint32_t)old_flags);
        abi_store_scalar(guest_abi, p + off_size, w, old_size);
    }
    return 0;
}

static int64_t sys_rt_sigreturn(CPUCommon *cpu, const uint64_t *a)
{
    return user_target.sigreturn(cpu);
}

static int host_sig_arg(int gsig, int *hsig)
{
    if (gsig == 0) {
        *hsig = 0;
        return 0;
    }
    *hsig = user_sig_to_host(gsig);
    return *hsig ? 0 : -EINVAL;
}

static int64_t sys_kill(CPUCommon *cpu, const uint64_t *a)
{
    int hs;

    if (host_sig_arg(arg_int(a[1]), &hs) < 0) {
        return -EINVAL;
    }
    return kill(arg_int(a[0]), hs) == 0 ? 0 : -errno;
}

static int64_t sys_tkill(CPUCommon *cpu, const uint64_t *a)
{
    int hs;

    if (host_sig_arg(arg_int(a[1]), &hs) < 0) {
        return -EINVAL;
    }
    return syscall(SYS_tkill, arg_int(a[0]), hs) == 0 ? 0 : -errno;
}

static int64_t sys_tgkill(CPUCommon *cpu, const uint64_t *a)
{
    int hs;

    if (host_sig_arg(arg_int(a[2]), &hs) < 0) {
        return -EINVAL;
    }
    return syscall(SYS_tgkill, arg_int(a[0]), arg_int(a[1]), hs) == 0 ? 0 : -errno;
}

/* rt_sigqueueinfo / rt_tgsigqueueinfo: only the fields a user may set (si_code < 0). */
static int64_t queue_info(int tgid, int tid, int gsig, uint64_t uinfo)
{
    unsigned w = guest_abi->long_bits / 8, u = w == 8 ? 16 : 12;
    const uint8_t *p;
    siginfo_t hi;
    int hs;

    if (host_sig_arg(gsig, &hs) < 0) {
        return -EINVAL;
    }
    if (!user_access_ok(uinfo, 128, PAGE_READ)) {
        return -EFAULT;
    }
    p = g2h(uinfo);
    memset(&hi, 0, sizeof(hi));
    hi.si_signo = hs;
    hi.si_errno = (int)abi_load_scalar(guest_abi, p + 4, 4);
    hi.si_code = (int)abi_load_scalar(guest_abi, p + 8, 4);
    hi.si_pid = (int)abi_load_scalar(guest_abi, p + u, 4);
    hi.si_uid = (uid_t)abi_load_scalar(guest_abi, p + u + 4, 4);
    hi.si_value.sival_ptr = (void *)(uintptr_t)abi_load_scalar(guest_abi, p + ROUND_UP(u + 8, w), w);
    if (tid) {
        return syscall(SYS_rt_tgsigqueueinfo, tgid, tid, hs, &hi) == 0 ? 0 : -errno;
    }
    return syscall(SYS_rt_sigqueueinfo, tgid, hs, &hi) == 0 ? 0 : -errno;
}

static int64_t sys_rt_sigqueueinfo(CPUCommon *cpu, const uint64_t *a)
{
    return queue_info(arg_int(a[0]), 0, arg_int(a[1]), a[2]);
}

static int64_t sys_rt_tgsigqueueinfo(CPUCommon *cpu, const uint64_t *a)
{
    if (arg_int(a[1]) <= 0) {
        return -EINVAL;
    }
    return queue_info(arg_int(a[0]), arg_int(a[1]), arg_int(a[2]), a[3]);
}

const SyscallDef syscalls_signal[] = {
    { "rt_sigaction", sys_rt_sigaction, "dppu" },
    { "rt_sigprocmask", sys_rt_sigprocmask, "dppu" },
    { "rt_sigpending", sys_rt_sigpending, "pu" },
    { "rt_sigsuspend", sys_rt_sigsuspend, "pu" },
    { "rt_sigtimedwait", sys_rt_sigtimedwait, "pppu" },
    { "rt_sigreturn", sys_rt_sigreturn, "" },
    { "sigaltstack", sys_sigaltstack, "pp" },
    { "kill", sys_kill, "dd" },
    { "tkill", sys_tkill, "dd" },
    { "tgkill", sys_tgkill, "ddd" },
    { "rt_sigqueueinfo", sys_rt_sigqueueinfo, "ddp" },
    { "rt_tgsigqueueinfo", sys_rt_tgsigqueueinfo, "dddp" },
    { NULL },
};
