/*
 * poll.c: waiting on file descriptors: ppoll, pselect6, epoll, eventfd.
 *
 * struct pollfd (int, short, short) and fd_set (an array of longs) have the
 * host's layout for a 64-bit little-endian guest; struct epoll_event goes
 * through the ABI's layout (x86-64 packs it to 12 bytes, the asm-generic
 * ABIs do not).  A temporary signal mask (ppoll, pselect6, epoll_pwait) is
 * applied atomically by the host call, as sigsuspend does.
 */
#include "common.h"
#include "syscalls/syscall.h"

#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/syscall.h>

static bool same_layout_as_host(void)
{
    return guest_abi->big_endian == abi_host.big_endian && guest_abi->long_bits == 64;
}

/*
 * Load a guest sigmask argument for a call that waits with it; sets *use.
 * While the call waits, the thread's guest mask is the temporary one, and a
 * signal that interrupts it is delivered with the original mask restored
 * afterwards (in_sigsuspend), as the kernel does.
 */
static int64_t temp_mask(uint64_t gaddr, uint64_t size, sigset_t *h, bool *use)
{
    uint64_t set;

    *use = false;
    if (!gaddr) {
        return 0;
    }
    if (size != guest_abi->sigset_size) {
        return -EINVAL;
    }
    if (!user_access_ok(gaddr, size, PAGE_READ)) {
        return -EFAULT;
    }
    set = abi_load_scalar(guest_abi, g2h(gaddr), (unsigned)size);
    user_sigset_to_host(set & ~(GSIG_BIT(SIGKILL) | GSIG_BIT(SIGSTOP)), h);
    user_thread->saved_mask = user_thread->sigmask;
    user_thread->sigmask = set & ~(GSIG_BIT(SIGKILL) | GSIG_BIT(SIGSTOP));
    *use = true;
    return 0;
}

static int64_t end_temp_mask(bool use, int64_t r)
{
    if (!use) {
        return r;
    }
    if (r == -EINTR) {
        /* Delivery restores saved_mask after running the handler. */
        user_thread->in_sigsuspend = true;
        user_thread->cpu->exit_request = 1;
    } else {
        user_set_sigmask(user_thread->saved_mask);
    }
    return r;
}

static int64_t load_ts(uint64_t gaddr, struct timespec *ts)
{
    uint64_t v[TS_NFIELDS];
    int64_t r = sc_load(guest_abi->timespec, gaddr, v, TS_NFIELDS);

    ts->tv_sec = (time_t)arg_long(v[TS_SEC]);
    ts->tv_nsec = (long)arg_long(v[TS_NSEC]);
    return r;
}

static int64_t store_ts(uint64_t gaddr, const struct timespec *ts)
{
    uint64_t v[TS_NFIELDS] = { (uint64_t)ts->tv_sec, (uint64_t)ts->tv_nsec };
    return sc_store(guest_abi->timespec, gaddr, v);
}

static int64_t sys_ppoll(CPUCommon *cpu, const uint64_t *a)
{
    uint64_t n = arg_ulong(a[1]);
    struct timespec ts;
    sigset_t h;
    bool use;
    int64_t r;

    if (!same_layout_as_host()) {
        log_mask_printf(LOG_UNIMP, "ppoll for this ABI\n");
        return -ENOSYS;
    }
    if (n > 1u << 20) {
        return -EINVAL;
    }
    if (!user_access_ok(a[0], n * 8, PAGE_READ | PAGE_WRITE)) {
        return -EFAULT;
    }
    if (a[2] && (r = load_ts(a[2], &ts)) < 0) {
        return r;
    }
    r = temp_mask(a[3], arg_ulong(a[4]), &h, &use);
    if (r < 0) {
        return r;
    }
    r = syscall(SYS_ppoll, n ? g2h(a[0]) : NULL, n, a[2] ? &ts : NULL, use ? &h : NULL,
                (size_t)8);
    r = r < 0 ? -errno : r;
    /* The remaining time is written back, as the kernel does. */
    if (a[2] && r != -EFAULT) {
        store_ts(a[2], &ts);
    }
    return end_temp_mask(use, r);
}

static int64_t sys_pselect6(CPUCommon *cpu, const uint64_t *a)
{
    int n = arg_int(a[0]);
    uint64_t bytes = (uint64_t)(n > 0 ? (n + 63) / 64 : 0) * 8;
    void *sets[3] = { NULL, NULL, NULL };
    struct timespec ts;
    sigset_t h;
    bool use = false;
    int64_t r;
    struct { const sigset_t *ss; size_t len; } sm = { NULL, 8 };

    if (!same_layout_as_host()) {
        log_mask_printf(LOG_UNIMP, "pselect6 for this ABI\n");
        return -ENOSYS;
    }
    if (n < 0 || n > 65536) {
        return -EINVAL;
    }
    for (int i = 0; i < 3; i++) {
        if (a[1 + i]) {
            if (!user_access_ok(a[1 + i], bytes, PAGE_READ | PAGE_WRITE)) {
                return -EFAULT;
            }
            sets[i] = g2h(a[1 + i]);
        }
    }
    if (a[4] && (r = load_ts(a[4], &ts)) < 0) {
        return r;
    }
    if (a[5]) {
        /* The sixth argument points at { const sigset_t *ss; size_t ss_len; } in guest longs. */
        unsigned w = guest_abi->long_bits / 8;
        uint64_t ss, len;
        if (!user_access_ok(a[5], 2 * w, PAGE_READ)) {
            return -EFAULT;
        }
        ss = abi_load_scalar(guest_abi, g2h(a[5]), w);
        len = abi_load_scalar(guest_abi, (uint8_t *)g2h(a[5]) + w, w);
        r = temp_mask(ss, len, &h, &use);
        if (r < 0) {
            return r;
        }
        if (use) {
            sm.ss = &h;
        }
    }
    r = syscall(SYS_pselect6, n, sets[0], sets[1], sets[2], a[4] ? &ts : NULL,
                a[5] ? &sm : NULL);
    r = r < 0 ? -errno : r;
    if (a[4]) {
        store_ts(a[4], &ts);
    }
    return end_temp_mask(use, r);
}

static int64_t sys_epoll_create1(CPUCommon *cpu, const uint64_t *a)
{
    /* EPOLL_CLOEXEC is O_CLOEXEC: the ABI's open flags. */
    int flags = (int)abi_flags_to_host(guest_abi->open_flags, guest_abi->n_open_flags,
                                       (uint32_t)a[0]);
    int r = epoll_create1(flags);
    return r < 0 ? -errno : r;
}

static int64_t sys_epoll_ctl(CPUCommon *cpu, const uint64_t *a)
{
    struct epoll_event ev;
    uint64_t v[EPEV_NFIELDS];
    int64_t r;

    memset(&ev, 0, sizeof(ev));
    if (a[3]) {
        r = sc_load(guest_abi->epoll_event, a[3], v, EPEV_NFIELDS);
        if (r < 0) {
            return r;
        }
        ev.events = (uint32_t)v[EPEV_EVENTS];
        ev.data.u64 = v[EPEV_DATA];
    }
    r = epoll_ctl(arg_int(a[0]), arg_int(a[1]), arg_int(a[2]), a[3] ? &ev : NULL);
    return r < 0 ? -errno : 0;
}

static int64_t sys_epoll_pwait(CPUCommon *cpu, const uint64_t *a)
{
    int max = arg_int(a[2]);
    const AbiLayout *l = guest_abi->epoll_event;
    struct epoll_event *evs;
    sigset_t h;
    bool use;
    int64_t r;

    if (max <= 0 || max > 65536) {
        return -EINVAL;
    }
    if (!user_access_ok(a[1], (uint64_t)max * l->size, PAGE_WRITE)) {
        return -EFAULT;
    }
    r = temp_mask(a[4], arg_ulong(a[5]), &h, &use);
    if (r < 0) {
        return r;
    }
    evs = g_new(struct epoll_event, max);
    r = epoll_pwait(arg_int(a[0]), evs, max, arg_int(a[3]), use ? &h : NULL);
    r = r < 0 ? -errno : r;
    for (int64_t i = 0; i < r; i++) {
        uint64_t v[EPEV_NFIELDS] = { evs[i].events, evs[i].data.u64 };
        abi_store(guest_abi, l, (uint8_t *)g2h(a[1]) + i * l->size, v);
    }
    g_free(evs);
    return end_temp_mask(use, r);
}

static int64_t sys_eventfd2(CPUCommon *cpu, const uint64_t *a)
{
    /* EFD_CLOEXEC/EFD_NONBLOCK are the open flags; EFD_SEMAPHORE (1) passes through. */
    int flags = (int)abi_flags_to_host(guest_abi->open_flags, guest_abi->n_open_flags,
                                       (uint32_t)a[1]);
    int r = eventfd((unsigned)a[0], flags);
    return r < 0 ? -errno : r;
}

const SyscallDef syscalls_poll[] = {
    { "ppoll", sys_ppoll, "pupp", false, false },
    { "pselect6", sys_pselect6, "dppppp" },
    { "epoll_create1", sys_epoll_create1, "x" },
    { "epoll_ctl", sys_epoll_ctl, "dddp" },
    { "epoll_pwait", sys_epoll_pwait, "dpddpu" },
    { "eventfd2", sys_eventfd2, "ux" },
    { NULL },
};
