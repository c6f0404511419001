/*
 * time.c: clocks and sleeping.
 */
#include "common.h"
#include "syscalls/syscall.h"

#include <signal.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

/*
 * A struct timespec in the guest layout l: the long-based one, or on 32-bit
 * ABIs the 64-bit __kernel_timespec of the *_time64 calls.
 */
static int64_t store_ts(const AbiLayout *l, const struct timespec *ts, uint64_t gaddr)
{
    uint64_t v[TS_NFIELDS] = { (uint64_t)ts->tv_sec, (uint64_t)ts->tv_nsec };
    return sc_store(l, gaddr, v);
}

static int64_t do_clock_gettime(const AbiLayout *l, const uint64_t *a)
{
    struct timespec ts;

    /* Clock ids are the same on every Linux ABI. */
    if (clock_gettime((clockid_t)arg_int(a[0]), &ts) != 0) {
        return -errno;
    }
    return store_ts(l, &ts, a[1]);
}

static int64_t sys_clock_gettime(CPUCommon *cpu, const uint64_t *a)
{
    return do_clock_gettime(guest_abi->timespec, a);
}

static int64_t sys_clock_gettime64(CPUCommon *cpu, const uint64_t *a)
{
    return do_clock_gettime(guest_abi->timespec64, a);
}

static int64_t do_clock_getres(const AbiLayout *l, const uint64_t *a)
{
    struct timespec ts;

    if (clock_getres((clockid_t)arg_int(a[0]), &ts) != 0) {
        return -errno;
    }
    return a[1] ? store_ts(l, &ts, a[1]) : 0;
}

static int64_t sys_clock_getres(CPUCommon *cpu, const uint64_t *a)
{
    return do_clock_getres(guest_abi->timespec, a);
}

static int64_t sys_clock_getres_time64(CPUCommon *cpu, const uint64_t *a)
{
    return do_clock_getres(guest_abi->timespec64, a);
}

static int64_t sys_gettimeofday(CPUCommon *cpu, const uint64_t *a)
{
    struct timeval tv;

    gettimeofday(&tv, NULL);
    if (a[0]) {
        uint64_t v[TS_NFIELDS] = { (uint64_t)tv.tv_sec, (uint64_t)tv.tv_usec };
        int64_t r = sc_store(guest_abi->timeval, a[0], v);
        if (r < 0) {
            return r;
        }
    }
    if (a[1]) {
        /* The kernel keeps a timezone set by settimeofday; nobody sets it: zero. */
        uint64_t v[TZ_NFIELDS] = { 0, 0 };
        return sc_store(guest_abi->timezone, a[1], v);
    }
    return 0;
}

static int64_t sleep_result(const AbiLayout *l, int r, uint64_t rem_addr,
                            const struct timespec *rem)
{
    if (r == 0) {
        return 0;
    }
    if (r == EINTR && rem_addr) {
        int64_t s = store_ts(l, rem, rem_addr);
        if (s < 0) {
            return s;
        }
    }
    return -r;
}

static int64_t sys_nanosleep(CPUCommon *cpu, const uint64_t *a)
{
    const AbiLayout *l = guest_abi->timespec;
    struct timespec req, rem = { 0, 0 };
    int64_t r = sc_load_timespec(l, a[0], &req);

    if (r < 0) {
        return r;
    }
    r = nanosleep(&req, &rem) == 0 ? 0 : errno;
    return sleep_result(l, (int)r, a[1], &rem);
}

static int64_t do_clock_nanosleep(const AbiLayout *l, const uint64_t *a)
{
    struct timespec req, rem = { 0, 0 };
    int64_t r = sc_load_timespec(l, a[2], &req);

    if (r < 0) {
        return r;
    }
    /* TIMER_ABSTIME is 1 everywhere. */
    r = clock_nanosleep((clockid_t)arg_int(a[0]), arg_int(a[1]), &req, &rem);
    return sleep_result(l, (int)r, (arg_int(a[1]) & TIMER_ABSTIME) ? 0 : a[3], &rem);
}

static int64_t sys_clock_nanosleep(CPUCommon *cpu, const uint64_t *a)
{
    return do_clock_nanosleep(guest_abi->timespec, a);
}

static int64_t sys_clock_nanosleep_time64(CPUCommon *cpu, const uint64_t *a)
{
    return do_clock_nanosleep(guest_abi->timespec64, a);
}

/* struct itimerval / itimerspec: two timevals / timespecs (interval first). */
static int64_t load_pair(const AbiLayout *l, uint64_t gaddr, int64_t out[4])
{
    if (!user_access_ok(gaddr, 2 * (uint64_t)l->size, PAGE_READ)) {
        return -EFAULT;
    }
    for (int i = 0; i < 2; i++) {
        out[2 * i] = sc_time_field(l, gaddr + (uint64_t)i * l->size, TS_SEC);
        out[2 * i + 1] = sc_time_field(l, gaddr + (uint64_t)i * l->size, TS_NSEC);
    }
    return 0;
}

static int64_t store_pair(const AbiLayout *l, uint64_t gaddr, const int64_t in[4])
{
    for (int i = 0; i < 2; i++) {
        uint64_t v[TS_NFIELDS] = { (uint64_t)in[2 * i], (uint64_t)in[2 * i + 1] };
        int64_t r = sc_store(l, gaddr + (uint64_t)i * l->size, v);
        if (r < 0) {
            return r;
        }
    }
    return 0;
}

static void itimerval_from(struct itimerval *it, const int64_t v[4])
{
    it->it_interval.tv_sec = v[0];
    it->it_interval.tv_usec = v[1];
    it->it_value.tv_sec = v[2];
    it->it_value.tv_usec = v[3];
}

static void itimerval_to(int64_t v[4], const struct itimerval *it)
{
    v[0] = it->it_interval.tv_sec;
    v[1] = it->it_interval.tv_usec;
    v[2] = it->it_value.tv_sec;
    v[3] = it->it_value.tv_usec;
}

static void itimerspec_from(struct itimerspec *it, const int64_t v[4])
{
    it->it_interval.tv_sec = v[0];
    it->it_interval.tv_nsec = v[1];
    it->it_value.tv_sec = v[2];
    it->it_value.tv_nsec = v[3];
}

static void itimerspec_to(int64_t v[4], const struct itimerspec *it)
{
    v[0] = it->it_interval.tv_sec;
    v[1] = it->it_interval.tv_nsec;
    v[2] = it->it_value.tv_sec;
    v[3] = it->it_value.tv_nsec;
}

static int64_t sys_setitimer(CPUCommon *cpu, const uint64_t *a)
{
    struct itimerval nv, ov;
    int64_t v[4];
    int64_t r;

    if (a[1]) {
        r = load_pair(guest_abi->timeval, a[1], v);
        if (r < 0) {
            return r;
        }
        itimerval_from(&nv, v);
    } else {
        memset(&nv, 0, sizeof(nv));
    }
    if (syscall(SYS_setitimer, arg_int(a[0]), &nv, &ov) != 0) {
        return -errno;
    }
    if (a[2]) {
        itimerval_to(v, &ov);
        return store_pair(guest_abi->timeval, a[2], v);
    }
    return 0;
}

static int64_t sys_getitimer(CPUCommon *cpu, const uint64_t *a)
{
    struct itimerval ov;
    int64_t v[4];

    if (getitimer(arg_int(a[0]), &ov) != 0) {
        return -errno;
    }
    itimerval_to(v, &ov);
    return store_pair(guest_abi->timeval, a[1], v);
}

/* The guest's struct sigevent: sigval, int signo, int notify, then the thread id. */
static int64_t load_sigevent(uint64_t gaddr, struct sigevent *sev)
{
    unsigned w = guest_abi->long_bits / 8;
    const uint8_t *p;
    int gsig;

    if (!user_access_ok(gaddr, w + 12, PAGE_READ)) {
        return -EFAULT;
    }
    p = g2h(gaddr);
    memset(sev, 0, sizeof(*sev));
    sev->sigev_value.sival_ptr = (void *)(uintptr_t)abi_load_scalar(guest_abi, p, w);
    gsig = (int)abi_load_scalar(guest_abi, p + w, 4);
    sev->sigev_notify = (int)abi_load_scalar(guest_abi, p + w + 4, 4);
    /* SIGEV_THREAD_ID: the kernel reads the tid where glibc keeps _sigev_un._tid. */
    sev->_sigev_un._tid = (int)abi_load_scalar(guest_abi, p + w + 8, 4);
    sev->sigev_signo = user_sig_to_host(gsig);
    if (sev->sigev_notify != SIGEV_NONE && !sev->sigev_signo) {
        return -EINVAL;
    }
    return 0;
}

static int64_t sys_timer_create(CPUCommon *cpu, const uint64_t *a)
{
    struct sigevent sev;
    int id;
    int64_t r;

    if (a[1]) {
        r = load_sigevent(a[1], &sev);
        if (r < 0) {
            return r;
        }
    }
    if (!user_access_ok(a[2], 4, PAGE_WRITE)) {
        return -EFAULT;
    }
    /* The raw syscall: glibc's timer_create would start its own helper thread. */
    if (syscall(SYS_timer_create, arg_int(a[0]), a[1] ? &sev : NULL, &id) != 0) {
        return -errno;
    }
    abi_store_scalar(guest_abi, g2h(a[2]), 4, (uint32_t)id);
    return 0;
}

static int64_t do_timer_settime(const AbiLayout *l, const uint64_t *a)
{
    struct itimerspec nv, ov;
    int64_t v[4];
    int64_t r = load_pair(l, a[2], v);

    if (r < 0) {
        return r;
    }
    itimerspec_from(&nv, v);
    if (syscall(SYS_timer_settime, arg_int(a[0]), arg_int(a[1]), &nv, &ov) != 0) {
        return -errno;
    }
    if (a[3]) {
        itimerspec_to(v, &ov);
        return store_pair(l, a[3], v);
    }
    return 0;
}

static int64_t sys_timer_settime(CPUCommon *cpu, const uint64_t *a)
{
    return do_timer_settime(guest_abi->timespec, a);
}

static int64_t sys_timer_settime64(CPUCommon *cpu, const uint64_t *a)
{
    return do_timer_settime(guest_abi->timespec64, a);
}

static int64_t do_timer_gettime(const AbiLayout *l, const uint64_t *a)
{
    struct itimerspec ov;
    int64_t v[4];

    if (syscall(SYS_timer_gettime, arg_int(a[0]), &ov) != 0) {
        return -errno;
    }
    itimerspec_to(v, &ov);
    return store_pair(l, a[1], v);
}

static int64_t sys_timer_gettime(CPUCommon *cpu, const uint64_t *a)
{
    return do_timer_gettime(guest_abi->timespec, a);
}

static int64_t sys_timer_gettime64(CPUCommon *cpu, const uint64_t *a)
{
    return do_timer_gettime(guest_abi->timespec64, a);
}

static int64_t sys_timer_getoverrun(CPUCommon *cpu, const uint64_t *a)
{
    long r = syscall(SYS_timer_getoverrun, arg_int(a[0]));
    return r < 0 ? -errno : r;
}

static int64_t sys_timer_delete(CPUCommon *cpu, const uint64_t *a)
{
    return syscall(SYS_timer_delete, arg_int(a[0])) == 0 ? 0 : -errno;
}

static int64_t sys_timerfd_create(CPUCommon *cpu, const uint64_t *a)
{
    /* TFD_CLOEXEC/TFD_NONBLOCK are O_CLOEXEC/O_NONBLOCK: the ABI's open flags. */
    int flags = (int)abi_flags_to_host(guest_abi->open_flags, guest_abi->n_open_flags,
                                       (uint32_t)a[1]);
    int r = timerfd_create(arg_int(a[0]), flags);
    return r < 0 ? -errno : r;
}

static int64_t do_timerfd_settime(const AbiLayout *l, const uint64_t *a)
{
    struct itimerspec nv, ov;
    int64_t v[4];
    int64_t r = load_pair(l, a[2], v);

    if (r < 0) {
        return r;
    }
    itimerspec_from(&nv, v);
    if (timerfd_settime(arg_int(a[0]), arg_int(a[1]), &nv, &ov) != 0) {
        return -errno;
    }
    if (a[3]) {
        itimerspec_to(v, &ov);
        return store_pair(l, a[3], v);
    }
    return 0;
}

static int64_t sys_timerfd_settime(CPUCommon *cpu, const uint64_t *a)
{
    return do_timerfd_settime(guest_abi->timespec, a);
}

static int64_t sys_timerfd_settime64(CPUCommon *cpu, const uint64_t *a)
{
    return do_timerfd_settime(guest_abi->timespec64, a);
}

static int64_t do_timerfd_gettime(const AbiLayout *l, const uint64_t *a)
{
    struct itimerspec ov;
    int64_t v[4];

    if (timerfd_gettime(arg_int(a[0]), &ov) != 0) {
        return -errno;
    }
    itimerspec_to(v, &ov);
    return store_pair(l, a[1], v);
}

static int64_t sys_timerfd_gettime(CPUCommon *cpu, const uint64_t *a)
{
    return do_timerfd_gettime(guest_abi->timespec, a);
}

static int64_t sys_timerfd_gettime64(CPUCommon *cpu, const uint64_t *a)
{
    return do_timerfd_gettime(guest_abi->timespec64, a);
}

static int64_t sys_times(CPUCommon *cpu, const uint64_t *a)
{
    struct tms t;
    clock_t r = times(&t);
    unsigned w = guest_abi->long_bits / 8;

    if (r == (clock_t)-1) {
        return -errno;
    }
    if (a[0]) {
        uint8_t *p;
        if (!user_access_ok(a[0], 4 * w, PAGE_WRITE)) {
            return -EFAULT;
        }
        p = g2h(a[0]);
        abi_store_scalar(guest_abi, p, w, (uint64_t)t.tms_utime);
        abi_store_scalar(guest_abi, p + w, w, (uint64_t)t.tms_stime);
        abi_store_scalar(guest_abi, p + 2 * w, w, (uint64_t)t.tms_cutime);
        abi_store_scalar(guest_abi, p + 3 * w, w, (uint64_t)t.tms_cstime);
    }
    return (int64_t)r;
}

const SyscallDef syscalls_time[] = {
    { "clock_gettime", sys_clock_gettime, "dp" },
    { "clock_getres", sys_clock_getres, "dp" },
    /* The 64-bit time calls of 32-bit ABIs (struct __kernel_timespec). */
    { "clock_gettime64", sys_clock_gettime64, "dp" },
    { "clock_getres_time64", sys_clock_getres_time64, "dp" },
    { "clock_nanosleep_time64", sys_clock_nanosleep_time64, "dxpp" },
    { "timer_settime64", sys_timer_settime64, "dxpp" },
    { "timer_gettime64", sys_timer_gettime64, "dp" },
    { "timerfd_settime64", sys_timerfd_settime64, "dxpp" },
    { "timerfd_gettime64", sys_timerfd_gettime64, "dp" },
    { "gettimeofday", sys_gettimeofday, "pp" },
    { "nanosleep", sys_nanosleep, "pp" },
    { "clock_nanosleep", sys_clock_nanosleep, "dxpp" },
    { "setitimer", sys_setitimer, "dpp" },
    { "getitimer", sys_getitimer, "dp" },
    { "timer_create", sys_timer_create, "dpp" },
    { "timer_settime", sys_timer_settime, "dxpp" },
    { "timer_gettime", sys_timer_gettime, "dp" },
    { "timer_getoverrun", sys_timer_getoverrun, "d" },
    { "timer_delete", sys_timer_delete, "d" },
    { "timerfd_create", sys_timerfd_create, "dx" },
    { "timerfd_settime", sys_timerfd_settime, "dxpp" },
    { "timerfd_gettime", sys_timerfd_gettime, "dp" },
    { "times", sys_times, "p" },
    { NULL },
};
