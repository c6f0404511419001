/*
 * time.c: clocks and sleeping.
 */
#include "common.h"
#include "syscalls/syscall.h"

#include <sys/time.h>
#include <time.h>

static int64_t store_timespec(const struct timespec *ts, uint64_t gaddr)
{
    uint64_t v[TS_NFIELDS] = { (uint64_t)ts->tv_sec, (uint64_t)ts->tv_nsec };
    return sc_store(guest_abi->timespec, gaddr, v);
}

static int64_t load_timespec(uint64_t gaddr, struct timespec *ts)
{
    uint64_t v[TS_NFIELDS];
    int64_t r = sc_load(guest_abi->timespec, gaddr, v, TS_NFIELDS);

    if (r == 0) {
        ts->tv_sec = (time_t)arg_long(v[TS_SEC]);
        ts->tv_nsec = (long)arg_long(v[TS_NSEC]);
    }
    return r;
}

static int64_t sys_clock_gettime(CPUCommon *cpu, const uint64_t *a)
{
    struct timespec ts;

    /* Clock ids are the same on every Linux ABI. */
    if (clock_gettime((clockid_t)arg_int(a[0]), &ts) != 0) {
        return -errno;
    }
    return store_timespec(&ts, a[1]);
}

static int64_t sys_clock_getres(CPUCommon *cpu, const uint64_t *a)
{
    struct timespec ts;

    if (clock_getres((clockid_t)arg_int(a[0]), &ts) != 0) {
        return -errno;
    }
    return a[1] ? store_timespec(&ts, a[1]) : 0;
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

static int64_t sleep_result(int r, uint64_t rem_addr, const struct timespec *rem)
{
    if (r == 0) {
        return 0;
    }
    if (r == EINTR && rem_addr) {
        int64_t s = store_timespec(rem, rem_addr);
        if (s < 0) {
            return s;
        }
    }
    return -r;
}

static int64_t sys_nanosleep(CPUCommon *cpu, const uint64_t *a)
{
    struct timespec req, rem = { 0, 0 };
    int64_t r = load_timespec(a[0], &req);

    if (r < 0) {
        return r;
    }
    r = nanosleep(&req, &rem) == 0 ? 0 : errno;
    return sleep_result((int)r, a[1], &rem);
}

static int64_t sys_clock_nanosleep(CPUCommon *cpu, const uint64_t *a)
{
    struct timespec req, rem = { 0, 0 };
    int64_t r = load_timespec(a[2], &req);

    if (r < 0) {
        return r;
    }
    /* TIMER_ABSTIME is 1 everywhere. */
    r = clock_nanosleep((clockid_t)arg_int(a[0]), arg_int(a[1]), &req, &rem);
    return sleep_result((int)r, (arg_int(a[1]) & TIMER_ABSTIME) ? 0 : a[3], &rem);
}

const SyscallDef syscalls_time[] = {
    { "clock_gettime", sys_clock_gettime, "dp" },
    { "clock_getres", sys_clock_getres, "dp" },
    { "gettimeofday", sys_gettimeofday, "pp" },
    { "nanosleep", sys_nanosleep, "pp" },
    { "clock_nanosleep", sys_clock_nanosleep, "dxpp" },
    { NULL },
};
