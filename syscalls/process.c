/*
 * process.c: process identity, exit, resource limits, scheduling.
 * Single-threaded for now: exit of the only thread ends the process.
 */
#include "common.h"
#include "syscalls/syscall.h"

#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

static int64_t NORETURN sys_exit_group(CPUCommon *cpu, const uint64_t *a)
{
    /* -strace: the call line never gets its " = result". */
    if (log_enabled(LOG_STRACE)) {
        fputc('\n', log_file ? log_file : stderr);
    }
    user_flush_all();
    exit(arg_int(a[0]) & 0xff);
}

static int64_t sys_exit(CPUCommon *cpu, const uint64_t *a)
{
    /* Without guest threads, the exiting thread is the last one. */
    return sys_exit_group(cpu, a);
}

static int64_t sys_getpid(CPUCommon *cpu, const uint64_t *a) { return getpid(); }
static int64_t sys_getppid(CPUCommon *cpu, const uint64_t *a) { return getppid(); }
static int64_t sys_gettid(CPUCommon *cpu, const uint64_t *a) { return gettid(); }
static int64_t sys_getuid(CPUCommon *cpu, const uint64_t *a) { return getuid(); }
static int64_t sys_geteuid(CPUCommon *cpu, const uint64_t *a) { return geteuid(); }
static int64_t sys_getgid(CPUCommon *cpu, const uint64_t *a) { return getgid(); }
static int64_t sys_getegid(CPUCommon *cpu, const uint64_t *a) { return getegid(); }

static int64_t sys_set_tid_address(CPUCommon *cpu, const uint64_t *a)
{
    /* Recorded only: clearing it at thread exit matters with threads (later). */
    return gettid();
}

static int64_t sys_set_robust_list(CPUCommon *cpu, const uint64_t *a)
{
    /* The guest's robust futex list; walked at thread death once threads exist. */
    if (arg_ulong(a[1]) != (uint64_t)guest_abi->long_bits / 8 * 3) {
        return -EINVAL;
    }
    return 0;
}

static int64_t sys_rseq(CPUCommon *cpu, const uint64_t *a)
{
    /* Restartable sequences need preemption notification: glibc copes with ENOSYS. */
    return -ENOSYS;
}

static bool rlimit_is_emulator_critical(int resource)
{
    /* Limits on these would constrain crossemu itself, not just the guest. */
    return resource == RLIMIT_AS || resource == RLIMIT_DATA || resource == RLIMIT_STACK;
}

static int64_t sys_prlimit64(CPUCommon *cpu, const uint64_t *a)
{
    int resource = arg_int(a[1]);
    struct rlimit new_lim, old_lim;
    uint64_t v[RLIM_NFIELDS];
    int64_t r;

    /* RLIMIT_* numbers are the same on the asm-generic ABIs and x86-64. */
    if (a[2]) {
        r = sc_load(guest_abi->rlimit64, a[2], v, RLIM_NFIELDS);
        if (r < 0) {
            return r;
        }
        new_lim.rlim_cur = v[RLIM_CUR];
        new_lim.rlim_max = v[RLIM_MAX];
    }
    if (a[2] && rlimit_is_emulator_critical(resource) && arg_int(a[0]) == 0) {
        r = prlimit(0, resource, NULL, &old_lim);
    } else {
        r = prlimit(arg_int(a[0]), resource, a[2] ? &new_lim : NULL, &old_lim);
    }
    if (r != 0) {
        return -errno;
    }
    if (a[3]) {
        v[RLIM_CUR] = old_lim.rlim_cur;
        v[RLIM_MAX] = old_lim.rlim_max;
        return sc_store(guest_abi->rlimit64, a[3], v);
    }
    return 0;
}

static int64_t sys_getrlimit(CPUCommon *cpu, const uint64_t *a)
{
    const uint64_t b[6] = { 0, a[0], 0, a[1] };
    /* On LP64 ABIs struct rlimit has the layout of struct rlimit64. */
    if (guest_abi->long_bits != 64) {
        return -ENOSYS;
    }
    return sys_prlimit64(cpu, b);
}

static int64_t sys_setrlimit(CPUCommon *cpu, const uint64_t *a)
{
    const uint64_t b[6] = { 0, a[0], a[1], 0 };
    if (guest_abi->long_bits != 64) {
        return -ENOSYS;
    }
    return sys_prlimit64(cpu, b);
}

static int64_t sys_sched_getaffinity(CPUCommon *cpu, const uint64_t *a)
{
    uint64_t len = arg_ulong(a[1]);
    int64_t r;

    /* The cpu mask is an array of guest longs: same bytes as the host's for LE 64-bit. */
    if (guest_abi->big_endian != abi_host.big_endian || guest_abi->long_bits != 64) {
        log_mask_printf(LOG_UNIMP, "sched_getaffinity for this ABI\n");
        return -ENOSYS;
    }
    if (!user_access_ok(a[2], len, PAGE_WRITE)) {
        return -EFAULT;
    }
    r = syscall(SYS_sched_getaffinity, arg_int(a[0]), len, g2h(a[2]));
    return r < 0 ? -errno : r;
}

static int64_t sys_sched_yield(CPUCommon *cpu, const uint64_t *a)
{
    return sched_yield() == 0 ? 0 : -errno;
}

const SyscallDef syscalls_process[] = {
    { "exit", sys_exit, "d" },
    { "exit_group", sys_exit_group, "d" },
    { "getpid", sys_getpid, "" },
    { "getppid", sys_getppid, "" },
    { "gettid", sys_gettid, "" },
    { "getuid", sys_getuid, "" },
    { "geteuid", sys_geteuid, "" },
    { "getgid", sys_getgid, "" },
    { "getegid", sys_getegid, "" },
    { "set_tid_address", sys_set_tid_address, "p" },
    { "set_robust_list", sys_set_robust_list, "pu" },
    { "rseq", sys_rseq, "puxx" },
    { "prlimit64", sys_prlimit64, "ddpp" },
    { "getrlimit", sys_getrlimit, "dp" },
    { "setrlimit", sys_setrlimit, "dp" },
    { "sched_getaffinity", sys_sched_getaffinity, "dup" },
    { "sched_yield", sys_sched_yield, "" },
    { NULL },
};
