/*
 * process.c: clone/fork/execve/exit/wait, futexes, process identity, the
 * uid/gid family, resource limits, scheduling.  The thread and exec
 * machinery is linux-user's (thread.c, execve.c).
 */
#include "common.h"
#include "syscalls/syscall.h"

#include <sched.h>
#include <linux/futex.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int64_t NORETURN sys_exit_group(CPUCommon *cpu, const uint64_t *a)
{
    /* -strace: the call line never gets its " = result". */
    if (log_enabled(LOG_STRACE)) {
        fputs(" = ?\n", log_file ? log_file : stderr);
    }
    user_exit_group(arg_int(a[0]));
}

static int64_t NORETURN sys_exit(CPUCommon *cpu, const uint64_t *a)
{
    if (log_enabled(LOG_STRACE)) {
        fputs(" = ?\n", log_file ? log_file : stderr);
    }
    user_exit_thread(cpu, arg_int(a[0]));
}

static int64_t sys_clone(CPUCommon *cpu, const uint64_t *a)
{
    switch (guest_abi->clone_order) {
    case ABI_CLONE_BACKWARDS:
        return user_clone(cpu, a[0], a[1], a[2], a[4], a[3]);
    case ABI_CLONE_BACKWARDS2:
        return user_clone(cpu, a[1], a[0], a[2], a[3], a[4]);
    case ABI_CLONE_BACKWARDS3:
        return user_clone(cpu, a[0], a[1], a[3], a[4], a[5]);
    default:
        return user_clone(cpu, a[0], a[1], a[2], a[3], a[4]);
    }
}

static int64_t sys_clone3(CPUCommon *cpu, const uint64_t *a)
{
    /*
     * struct clone_args is fixed-size __u64 fields: flags, pidfd, child_tid,
     * parent_tid, exit_signal, stack, stack_size, tls, set_tid...
     */
    uint64_t v[11] = { 0 };
    uint64_t size = arg_ulong(a[1]);

    if (size < 64 || size > 4096) {
        return -EINVAL;
    }
    if (!user_access_ok(a[0], size, PAGE_READ)) {
        return -EFAULT;
    }
    for (unsigned i = 0; i < MIN(size / 8, ARRAY_SIZE(v)); i++) {
        v[i] = abi_load_scalar(guest_abi, (uint8_t *)g2h(a[0]) + 8 * i, 8);
    }
    /*
     * pidfd is only read with CLONE_PIDFD (glibc's pthread_create fills it
     * anyway); the exit signal is its own field, not the flags' low byte.
     */
    if ((v[0] & 0xff) || v[4] > 0xff || (v[8] && !v[9]) || (!v[8] && v[9])) {
        return -EINVAL;
    }
    if (v[9] || (v[0] >> 32)) {
        /* set_tid, CLONE_CLEAR_SIGHAND, CLONE_INTO_CGROUP. */
        log_mask_printf(LOG_UNIMP, "clone3: unsupported flags 0x%" PRIx64 " or set_tid\n", v[0]);
        return -ENOSYS;
    }
    /* Like clone: the stack pointer is the top of [stack, stack + stack_size). */
    return user_clone(cpu, v[0] | v[4], v[5] ? v[5] + v[6] : 0, v[3], v[2], v[7]);
}

static int64_t sys_execve(CPUCommon *cpu, const uint64_t *a)
{
    unsigned w = guest_abi->long_bits / 8;
    GPtrArray *args = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *env = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *lists[2] = { args, env };
    char *path;
    int err = 0;
    int64_t r;

    path = user_strdup(a[0], 4096, &err);
    if (!path) {
        r = -err;
        goto out;
    }
    for (int l = 0; l < 2; l++) {
        uint64_t p = a[1 + l];
        for (unsigned i = 0; p; i++) {
            uint64_t s;
            char *str;
            if (i > 0x20000 || !user_access_ok(p + (uint64_t)i * w, w, PAGE_READ)) {
                r = i > 0x20000 ? -E2BIG : -EFAULT;
                goto out;
            }
            s = abi_load_scalar(guest_abi, g2h(p + (uint64_t)i * w), w);
            if (!s) {
                break;
            }
            str = user_strdup(s, 128 * 1024, &err);
            if (!str) {
                r = -err;
                goto out;
            }
            g_ptr_array_add(lists[l], str);
        }
        g_ptr_array_add(lists[l], NULL);
    }
    r = user_execve(path, (char **)args->pdata, (char **)env->pdata);
out:
    g_free(path);
    g_ptr_array_free(args, TRUE);
    g_ptr_array_free(env, TRUE);
    return r;
}

/* A host wait status with the guest's signal numbers. */
static uint32_t wstatus_to_guest(int st)
{
    if (WIFSIGNALED(st)) {
        return (uint32_t)((st & ~0x7f) | user_sig_to_guest(WTERMSIG(st)));
    }
    if (WIFSTOPPED(st)) {
        return (uint32_t)((st & 0xff) | (user_sig_to_guest(WSTOPSIG(st)) << 8) | (st & ~0xffff));
    }
    return (uint32_t)st;
}

/* struct rusage: two timevals, then 14 longs. */
static int64_t store_rusage(uint64_t gaddr, const struct rusage *ru)
{
    unsigned w = guest_abi->long_bits / 8;
    const long *rest = &ru->ru_maxrss;
    uint8_t *p;

    if (!user_access_ok(gaddr, 18 * w, PAGE_WRITE)) {
        return -EFAULT;
    }
    p = g2h(gaddr);
    abi_store_scalar(guest_abi, p, w, (uint64_t)ru->ru_utime.tv_sec);
    abi_store_scalar(guest_abi, p + w, w, (uint64_t)ru->ru_utime.tv_usec);
    abi_store_scalar(guest_abi, p + 2 * w, w, (uint64_t)ru->ru_stime.tv_sec);
    abi_store_scalar(guest_abi, p + 3 * w, w, (uint64_t)ru->ru_stime.tv_usec);
    for (int i = 0; i < 14; i++) {
        abi_store_scalar(guest_abi, p + (4 + i) * w, w, (uint64_t)rest[i]);
    }
    return 0;
}

static int64_t sys_wait4(CPUCommon *cpu, const uint64_t *a)
{
    struct rusage ru;
    int st = 0;
    pid_t r;

    if (a[1] && !user_access_ok(a[1], 4, PAGE_WRITE)) {
        return -EFAULT;
    }
    /* WNOHANG, WUNTRACED, WCONTINUED, __WALL... are the same on every ABI. */
    r = wait4(arg_int(a[0]), &st, arg_int(a[2]), a[3] ? &ru : NULL);
    if (r < 0) {
        return -errno;
    }
    if (r > 0 && a[1]) {
        abi_store_scalar(guest_abi, g2h(a[1]), 4, wstatus_to_guest(st));
    }
    if (a[3]) {
        int64_t e = store_rusage(a[3], &ru);
        if (e < 0) {
            return e;
        }
    }
    return r;
}

static int64_t sys_waitid(CPUCommon *cpu, const uint64_t *a)
{
    siginfo_t hi;
    struct rusage ru;
    long r;

    if (a[2] && !user_access_ok(a[2], 128, PAGE_WRITE)) {
        return -EFAULT;
    }
    memset(&hi, 0, sizeof(hi));
    r = syscall(SYS_waitid, arg_int(a[0]), arg_int(a[1]), &hi, arg_int(a[3]),
                a[4] ? &ru : NULL);
    if (r < 0) {
        return -errno;
    }
    if (a[2]) {
        UserSiginfo gi;
        if (hi.si_pid == 0) {
            /* WNOHANG and nothing to report: the kernel zeroes what it would fill. */
            memset(g2h(a[2]), 0, 128);
        } else {
            user_siginfo_from_host(&gi, &hi);
            if (hi.si_code == CLD_KILLED || hi.si_code == CLD_DUMPED ||
                hi.si_code == CLD_STOPPED || hi.si_code == CLD_TRAPPED) {
                gi.status = user_sig_to_guest(hi.si_status);
            }
            user_store_siginfo(g2h(a[2]), &gi);
        }
    }
    if (a[4]) {
        int64_t e = store_rusage(a[4], &ru);
        if (e < 0) {
            return e;
        }
    }
    return 0;
}

static int64_t sys_getrusage(CPUCommon *cpu, const uint64_t *a)
{
    struct rusage ru;

    if (getrusage(arg_int(a[0]), &ru) != 0) {
        return -errno;
    }
    return store_rusage(a[1], &ru);
}

/*
 * futex: guest futex words are guest memory, i.e. host memory at g2h, so the
 * host kernel does the waiting and waking (also between processes sharing a
 * mapping).  The op numbers are the same on every ABI.  A guest of the other
 * byte order compares its words byte-swapped.
 */
static int64_t do_futex(const AbiLayout *tl, const uint64_t *a)
{
    int op = arg_int(a[1]);
    int cmd = op & FUTEX_CMD_MASK;
    uint32_t val = (uint32_t)a[2], val3 = (uint32_t)a[5];
    struct timespec ts, *tsp = NULL;
    void *uaddr2 = NULL;
    bool swap = guest_abi->big_endian != abi_host.big_endian;
    long r;

    if ((a[0] & 3) || !user_access_ok(a[0], 4, PAGE_READ)) {
        return a[0] & 3 ? -EINVAL : -EFAULT;
    }
    switch (cmd) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET:
    case FUTEX_LOCK_PI:
    case FUTEX_LOCK_PI2:
    case FUTEX_WAIT_REQUEUE_PI:
        if (a[3]) {
            int64_t e = sc_load_timespec(tl, a[3], &ts);
            if (e < 0) {
                return e;
            }
            tsp = &ts;
        }
        if (swap && cmd != FUTEX_LOCK_PI && cmd != FUTEX_LOCK_PI2) {
            val = __builtin_bswap32(val);
        }
        break;
    case FUTEX_WAKE:
    case FUTEX_WAKE_BITSET:
    case FUTEX_UNLOCK_PI:
    case FUTEX_TRYLOCK_PI:
        break;
    case FUTEX_REQUEUE:
    case FUTEX_CMP_REQUEUE:
    case FUTEX_WAKE_OP:
    case FUTEX_CMP_REQUEUE_PI:
        /* The timeout argument is val2, a count. */
        tsp = (struct timespec *)(uintptr_t)(uint32_t)a[3];
        if ((a[4] & 3) || !user_access_ok(a[4], 4, PAGE_READ)) {
            return -EFAULT;
        }
        uaddr2 = g2h(a[4]);
        if (swap && cmd == FUTEX_CMP_REQUEUE) {
            val3 = __builtin_bswap32(val3);
        }
        if (swap && cmd == FUTEX_WAKE_OP) {
            log_mask_printf(LOG_UNIMP, "futex WAKE_OP for a guest of the other byte order\n");
            return -ENOSYS;
        }
        break;
    default:
        log_mask_printf(LOG_UNIMP, "Unsupported futex op %d\n", op);
        return -ENOSYS;
    }
    r = syscall(SYS_futex, g2h(a[0]), op, val, tsp, uaddr2, val3);
    return r < 0 ? -errno : r;
}

static int64_t sys_futex(CPUCommon *cpu, const uint64_t *a)
{
    return do_futex(guest_abi->timespec, a);
}

/* 32-bit ABIs: the timeout is a 64-bit __kernel_timespec. */
static int64_t sys_futex_time64(CPUCommon *cpu, const uint64_t *a)
{
    return do_futex(guest_abi->timespec64, a);
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
    /* Cleared and woken when this thread exits (thread.c). */
    user_thread->clear_child_tid = a[0];
    return gettid();
}

static int64_t sys_set_robust_list(CPUCommon *cpu, const uint64_t *a)
{
    if (arg_ulong(a[1]) != (uint64_t)guest_abi->long_bits / 8 * 3) {
        return -EINVAL;
    }
    /* Walked when the thread dies (thread.c: robust_list_walk). */
    user_thread->robust_list = a[0];
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

static int64_t sys_setpgid(CPUCommon *cpu, const uint64_t *a)
{
    return setpgid(arg_int(a[0]), arg_int(a[1])) == 0 ? 0 : -errno;
}

static int64_t sys_getpgid(CPUCommon *cpu, const uint64_t *a)
{
    pid_t r = getpgid(arg_int(a[0]));
    return r < 0 ? -errno : r;
}

static int64_t sys_setsid(CPUCommon *cpu, const uint64_t *a)
{
    pid_t r = setsid();
    return r < 0 ? -errno : r;
}

static int64_t sys_getsid(CPUCommon *cpu, const uint64_t *a)
{
    pid_t r = getsid(arg_int(a[0]));
    return r < 0 ? -errno : r;
}

/* uid/gid changes: the raw syscalls, per thread as the kernel does them (glibc's go process-wide). */
static int64_t raw(long r)
{
    return r < 0 ? -errno : r;
}

static int64_t sys_setuid(CPUCommon *cpu, const uint64_t *a) { return raw(syscall(SYS_setuid, (uint32_t)a[0])); }
static int64_t sys_setgid(CPUCommon *cpu, const uint64_t *a) { return raw(syscall(SYS_setgid, (uint32_t)a[0])); }
static int64_t sys_setreuid(CPUCommon *cpu, const uint64_t *a) { return raw(syscall(SYS_setreuid, (uint32_t)a[0], (uint32_t)a[1])); }
static int64_t sys_setregid(CPUCommon *cpu, const uint64_t *a) { return raw(syscall(SYS_setregid, (uint32_t)a[0], (uint32_t)a[1])); }
static int64_t sys_setresuid(CPUCommon *cpu, const uint64_t *a) { return raw(syscall(SYS_setresuid, (uint32_t)a[0], (uint32_t)a[1], (uint32_t)a[2])); }
static int64_t sys_setresgid(CPUCommon *cpu, const uint64_t *a) { return raw(syscall(SYS_setresgid, (uint32_t)a[0], (uint32_t)a[1], (uint32_t)a[2])); }
static int64_t sys_setfsuid(CPUCommon *cpu, const uint64_t *a) { return raw(syscall(SYS_setfsuid, (uint32_t)a[0])); }
static int64_t sys_setfsgid(CPUCommon *cpu, const uint64_t *a) { return raw(syscall(SYS_setfsgid, (uint32_t)a[0])); }

static int64_t get_res_ids(uint64_t a0, uint64_t a1, uint64_t a2, bool gid)
{
    unsigned r_, e_, s_;
    long r = syscall(gid ? SYS_getresgid : SYS_getresuid, &r_, &e_, &s_);
    const uint64_t addr[3] = { a0, a1, a2 };
    const unsigned v[3] = { r_, e_, s_ };

    if (r < 0) {
        return -errno;
    }
    for (int i = 0; i < 3; i++) {
        if (!user_access_ok(addr[i], 4, PAGE_WRITE)) {
            return -EFAULT;
        }
        abi_store_scalar(guest_abi, g2h(addr[i]), 4, v[i]);
    }
    return 0;
}

static int64_t sys_getresuid(CPUCommon *cpu, const uint64_t *a) { return get_res_ids(a[0], a[1], a[2], false); }
static int64_t sys_getresgid(CPUCommon *cpu, const uint64_t *a) { return get_res_ids(a[0], a[1], a[2], true); }

static int64_t sys_getgroups(CPUCommon *cpu, const uint64_t *a)
{
    int n = arg_int(a[0]);
    gid_t *g;
    int r;

    if (n < 0 || n > 65536) {
        return -EINVAL;
    }
    if (n && !user_access_ok(a[1], (uint64_t)n * 4, PAGE_WRITE)) {
        return -EFAULT;
    }
    g = g_new(gid_t, n ? n : 1);
    r = getgroups(n, g);
    if (r < 0) {
        g_free(g);
        return -errno;
    }
    for (int i = 0; n && i < r; i++) {
        abi_store_scalar(guest_abi, (uint8_t *)g2h(a[1]) + 4 * i, 4, g[i]);
    }
    g_free(g);
    return r;
}

static int64_t sys_setgroups(CPUCommon *cpu, const uint64_t *a)
{
    int n = arg_int(a[0]);
    gid_t *g;
    long r;

    if (n < 0 || n > 65536) {
        return -EINVAL;
    }
    if (n && !user_access_ok(a[1], (uint64_t)n * 4, PAGE_READ)) {
        return -EFAULT;
    }
    g = g_new(gid_t, n ? n : 1);
    for (int i = 0; i < n; i++) {
        g[i] = (gid_t)abi_load_scalar(guest_abi, (uint8_t *)g2h(a[1]) + 4 * i, 4);
    }
    r = syscall(SYS_setgroups, n, g);
    g_free(g);
    return r < 0 ? -errno : 0;
}

static int64_t sys_getpriority(CPUCommon *cpu, const uint64_t *a)
{
    /* The raw syscall returns 20 - nice, never negative. */
    return raw(syscall(SYS_getpriority, arg_int(a[0]), arg_int(a[1])));
}

static int64_t sys_setpriority(CPUCommon *cpu, const uint64_t *a)
{
    return raw(syscall(SYS_setpriority, arg_int(a[0]), arg_int(a[1]), arg_int(a[2])));
}

static int64_t sys_sched_getscheduler(CPUCommon *cpu, const uint64_t *a)
{
    return raw(sched_getscheduler(arg_int(a[0])));
}

static int64_t sys_sched_get_priority_max(CPUCommon *cpu, const uint64_t *a)
{
    return raw(sched_get_priority_max(arg_int(a[0])));
}

static int64_t sys_sched_get_priority_min(CPUCommon *cpu, const uint64_t *a)
{
    return raw(sched_get_priority_min(arg_int(a[0])));
}

static int64_t sys_sched_getparam(CPUCommon *cpu, const uint64_t *a)
{
    struct sched_param p;

    if (sched_getparam(arg_int(a[0]), &p) != 0) {
        return -errno;
    }
    if (!user_access_ok(a[1], 4, PAGE_WRITE)) {
        return -EFAULT;
    }
    abi_store_scalar(guest_abi, g2h(a[1]), 4, (uint32_t)p.sched_priority);
    return 0;
}

static int64_t sys_sched_setaffinity(CPUCommon *cpu, const uint64_t *a)
{
    uint64_t len = arg_ulong(a[1]);

    if (guest_abi->big_endian != abi_host.big_endian || guest_abi->long_bits != 64) {
        log_mask_printf(LOG_UNIMP, "sched_setaffinity for this ABI\n");
        return -ENOSYS;
    }
    if (!user_access_ok(a[2], len, PAGE_READ)) {
        return -EFAULT;
    }
    return raw(syscall(SYS_sched_setaffinity, arg_int(a[0]), len, g2h(a[2])));
}

const SyscallDef syscalls_process[] = {
    { "clone", sys_clone, "xpppp" },
    { "clone3", sys_clone3, "pu" },
    { "execve", sys_execve, "spp" },
    { "wait4", sys_wait4, "dpxp", false, true },
    { "waitid", sys_waitid, "ddpxp", false, true },
    { "getrusage", sys_getrusage, "dp" },
    { "futex", sys_futex, "pxuppu" },
    { "futex_time64", sys_futex_time64, "pxuppu" },
    { "setpgid", sys_setpgid, "dd" },
    { "getpgid", sys_getpgid, "d" },
    { "setsid", sys_setsid, "" },
    { "getsid", sys_getsid, "d" },
    { "setuid", sys_setuid, "d" },
    { "setgid", sys_setgid, "d" },
    { "setreuid", sys_setreuid, "dd" },
    { "setregid", sys_setregid, "dd" },
    { "setresuid", sys_setresuid, "ddd" },
    { "setresgid", sys_setresgid, "ddd" },
    { "getresuid", sys_getresuid, "ppp" },
    { "getresgid", sys_getresgid, "ppp" },
    { "setfsuid", sys_setfsuid, "d" },
    { "setfsgid", sys_setfsgid, "d" },
    { "getgroups", sys_getgroups, "dp" },
    { "setgroups", sys_setgroups, "dp" },
    { "getpriority", sys_getpriority, "dd" },
    { "setpriority", sys_setpriority, "ddd" },
    { "sched_getscheduler", sys_sched_getscheduler, "d" },
    { "sched_get_priority_max", sys_sched_get_priority_max, "d" },
    { "sched_get_priority_min", sys_sched_get_priority_min, "d" },
    { "sched_getparam", sys_sched_getparam, "dp" },
    { "sched_setaffinity", sys_sched_setaffinity, "dup" },
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
