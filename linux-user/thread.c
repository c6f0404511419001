/*
 * thread.c: guest threads and processes (clone, fork, exit).
 *
 * A guest thread (clone with CLONE_VM|CLONE_THREAD) is a host thread with
 * its own copy of the parent's CPU state: the address space, the TB cache
 * and the signal actions are shared, the jump cache, the signal mask and the
 * alternate stack are per thread.  Any other clone is a host fork: the child
 * is a copy of the whole emulator, which is exactly a guest fork.  vfork
 * (CLONE_VFORK) is a fork whose parent sleeps until the child execs or
 * exits, as the kernel's does: the child holds the write end of a
 * close-on-exec pipe, and the parent reads it until EOF.  The memory is a
 * copy, not shared; what a vfork child may do (exec or _exit) cannot tell.
 *
 * Exiting: exit of a thread clears and wakes its clear_child_tid (how
 * pthread_join learns of it) and ends the host thread; the last thread's exit
 * and exit_group end the process.
 */
#include "common.h"
#include "user.h"
#include "log.h"
#include "gdb-user.h"
#include "tb.h"

#include <fcntl.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

/* clone flags (linux/sched.h, the same numbers on every ABI). */
enum {
    U_CLONE_VM = 0x100, U_CLONE_FS = 0x200, U_CLONE_FILES = 0x400, U_CLONE_SIGHAND = 0x800,
    U_CLONE_PIDFD = 0x1000, U_CLONE_PTRACE = 0x2000, U_CLONE_VFORK = 0x4000,
    U_CLONE_PARENT = 0x8000, U_CLONE_THREAD = 0x10000, U_CLONE_NEWNS = 0x20000,
    U_CLONE_SYSVSEM = 0x40000, U_CLONE_SETTLS = 0x80000, U_CLONE_PARENT_SETTID = 0x100000,
    U_CLONE_CHILD_CLEARTID = 0x200000, U_CLONE_DETACHED = 0x400000,
    U_CLONE_UNTRACED = 0x800000, U_CLONE_CHILD_SETTID = 0x1000000,
};

#define THREAD_FLAGS (U_CLONE_VM | U_CLONE_FS | U_CLONE_FILES | U_CLONE_SIGHAND | U_CLONE_THREAD)

static int live_threads = 1;

/*
 * In a vfork child: the write end of the pipe its parent waits on, until
 * exec (close-on-exec) or exit closes it.  A fork of the child must not
 * keep the parent waiting, so the grandchild closes its copy.
 */
static int vfork_release_fd = -1;

unsigned user_private_fds(int fds[2])
{
    /* The -D log, and the vfork pipe (a child closing every fd must still hold its parent). */
    int log_fd = log_file ? fileno(log_file) : -1;
    unsigned n = 0;

    if (log_fd > 2) {
        fds[n++] = log_fd;
    }
    if (vfork_release_fd > 2) {
        fds[n++] = vfork_release_fd;
    }
    if (n == 2 && fds[0] > fds[1]) {
        int t = fds[0];
        fds[0] = fds[1];
        fds[1] = t;
    }
    return n;
}

bool user_fd_is_private(int fd)
{
    int fds[2];
    unsigned n = user_private_fds(fds);

    for (unsigned i = 0; i < n; i++) {
        if (fds[i] == fd) {
            return true;
        }
    }
    return false;
}

typedef struct CloneStart {
    CPUCommon *cpu;
    UserThread *ts;
    uint64_t flags, ptid, ctid;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int tid;            /* 0 until the child has started */
} CloneStart;

static void store_tid(uint64_t gaddr, int tid)
{
    if (user_access_ok(gaddr, 4, PAGE_WRITE)) {
        abi_store_scalar(user_target.abi, g2h(gaddr), 4, (uint32_t)tid);
    }
}

static void *thread_start(void *arg)
{
    CloneStart *cs = arg;
    CPUCommon *cpu = cs->cpu;
    UserThread *ts = cs->ts;

    user_thread_attach(ts);
    if (cs->flags & U_CLONE_CHILD_SETTID) {
        store_tid(cs->ctid, ts->tid);
    }
    if (cs->flags & U_CLONE_PARENT_SETTID) {
        store_tid(cs->ptid, ts->tid);
    }
    pthread_mutex_lock(&cs->lock);
    cs->tid = ts->tid;
    pthread_cond_signal(&cs->cond);
    pthread_mutex_unlock(&cs->lock);
    /* cs belongs to the parent from here on. */
    user_set_sigmask(ts->sigmask);
    user_target.cpu_loop(cpu);
    return NULL;
}

static int64_t clone_thread(CPUCommon *parent, uint64_t flags, uint64_t newsp, uint64_t ptid,
                            uint64_t ctid, uint64_t tls)
{
    const TargetInfo *t = &user_target;
    size_t size = parent->ops->cpu_size;
    CPUCommon *cpu = g_malloc(size);
    UserThread *ts;
    CloneStart cs;
    pthread_attr_t attr;
    pthread_t th;
    sigset_t all, old;
    int err;

    memcpy(cpu, parent, size);
    cpu_common_init(cpu, parent->ops);
    t->clone_regs(cpu, newsp, tls, (flags & U_CLONE_SETTLS) != 0);
    ts = user_thread_new(cpu);
    ts->sigmask = user_thread->sigmask;
    if (flags & U_CLONE_CHILD_CLEARTID) {
        ts->clear_child_tid = ctid;
    }

    memset(&cs, 0, sizeof(cs));
    cs.cpu = cpu;
    cs.ts = ts;
    cs.flags = flags;
    cs.ptid = ptid;
    cs.ctid = ctid;
    pthread_mutex_init(&cs.lock, NULL);
    pthread_cond_init(&cs.cond, NULL);
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    /* Room for the emulator's own frames: helpers, the translator, glib. */
    pthread_attr_setstacksize(&attr, 2u << 20);

    /* The child starts with every signal blocked and takes its guest mask itself. */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    __atomic_add_fetch(&live_threads, 1, __ATOMIC_SEQ_CST);
    err = pthread_create(&th, &attr, thread_start, &cs);
    if (err == 0) {
        pthread_mutex_lock(&cs.lock);
        while (!cs.tid) {
            pthread_cond_wait(&cs.cond, &cs.lock);
        }
        pthread_mutex_unlock(&cs.lock);
    } else {
        __atomic_sub_fetch(&live_threads, 1, __ATOMIC_SEQ_CST);
        g_free(ts);
        g_free(cpu);
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
    pthread_cond_destroy(&cs.cond);
    pthread_mutex_destroy(&cs.lock);
    log_mask_printf(LOG_INT, "clone: thread %d\n", err ? -1 : cs.tid);
    return err ? -err : cs.tid;
}

static int64_t clone_process(CPUCommon *cpu, uint64_t flags, uint64_t newsp, uint64_t ptid,
                             uint64_t ctid, uint64_t tls)
{
    int exit_sig = (int)(flags & 0xff);
    int hsig = exit_sig ? user_sig_to_host(exit_sig) : 0;
    int sync[2], vfork_pipe[2] = { -1, -1 };
    char c;
    pid_t pid;

    if (exit_sig && !hsig) {
        return -EINVAL;
    }
    if ((flags & U_CLONE_VFORK) && pipe2(vfork_pipe, O_CLOEXEC) != 0) {
        return -errno;
    }
    user_flush_all();
    /*
     * Locks another thread may hold at the fork are taken first, so that
     * the child (which has only the calling thread) never inherits one held
     * by a thread it does not have: mmap_lock before tb_lock, the order
     * user_mmap (which invalidates code) takes them in.  The parent keeps
     * tb_lock until the child has its own code buffer: until then a new
     * block or a chaining patch in the parent would also land in the child.
     */
    if (pipe2(sync, O_CLOEXEC) != 0) {
        int e = errno;
        if (vfork_pipe[0] >= 0) {
            close(vfork_pipe[0]);
            close(vfork_pipe[1]);
        }
        return -e;
    }
    user_mmap_lock_for_fork(0);
    tb_fork_prepare();
    if (hsig == SIGCHLD) {
        pid = fork();
    } else {
        /* Another exit signal (or none): only the raw syscall can say so. */
        pid = (pid_t)syscall(SYS_clone, (unsigned long)hsig, NULL, NULL, NULL, NULL);
    }
    if (pid == 0) {
        tb_fork_child();
        user_mmap_lock_for_fork(2);
    } else {
        user_mmap_lock_for_fork(1);
    }
    if (pid < 0) {
        int e = errno;
        tb_fork_parent();
        close(sync[0]);
        close(sync[1]);
        if (vfork_pipe[0] >= 0) {
            close(vfork_pipe[0]);
            close(vfork_pipe[1]);
        }
        return -e;
    }
    if (pid == 0) {
        UserThread *ts = user_thread;
        gdb_user_fork_child(cpu);
        cpu_list_fork_child(cpu);
        if (backend->fork_child) {
            backend->fork_child();
        }
        close(sync[0]);
        close(sync[1]);
        if (vfork_release_fd >= 0) {
            close(vfork_release_fd);
            vfork_release_fd = -1;
        }
        if (vfork_pipe[0] >= 0) {
            close(vfork_pipe[0]);
            vfork_release_fd = vfork_pipe[1];
        }
        ts->tid = (int)syscall(SYS_gettid);
        __atomic_store_n(&live_threads, 1, __ATOMIC_SEQ_CST);
        if (newsp) {
            /* fork with a new stack (CLONE_VFORK callers pass one): only the sp changes. */
            user_target.clone_regs(cpu, newsp, tls, (flags & U_CLONE_SETTLS) != 0);
        } else if (flags & U_CLONE_SETTLS) {
            user_target.clone_regs(cpu, 0, tls, true);
        }
        if (flags & U_CLONE_CHILD_SETTID) {
            store_tid(ctid, ts->tid);
        }
        if (flags & U_CLONE_CHILD_CLEARTID) {
            ts->clear_child_tid = ctid;
        }
        return 0;
    }
    /* EOF: the child has closed (or, dying, lost) its end. */
    close(sync[1]);
    while (read(sync[0], &c, 1) < 0 && errno == EINTR) {
    }
    close(sync[0]);
    tb_fork_parent();
    if (flags & U_CLONE_PARENT_SETTID) {
        store_tid(ptid, pid);
    }
    if (vfork_pipe[0] >= 0) {
        /* vfork: sleep until the child's exec or exit closes the last write end. */
        close(vfork_pipe[1]);
        for (;;) {
            ssize_t n = read(vfork_pipe[0], &c, 1);
            if (n == 0 || (n < 0 && errno != EINTR)) {
                break;
            }
        }
        close(vfork_pipe[0]);
    }
    return pid;
}

int64_t user_clone(CPUCommon *cpu, uint64_t flags, uint64_t newsp, uint64_t ptid,
                   uint64_t ctid, uint64_t tls)
{
    if ((flags & THREAD_FLAGS) == THREAD_FLAGS) {
        if (flags & (U_CLONE_VFORK | U_CLONE_NEWNS | U_CLONE_PIDFD)) {
            log_mask_printf(LOG_UNIMP, "clone: unsupported thread flags 0x%" PRIx64 "\n", flags);
            return -EINVAL;
        }
        return clone_thread(cpu, flags, newsp, ptid, ctid, tls);
    }
    if (flags & (U_CLONE_THREAD | U_CLONE_SIGHAND | U_CLONE_FILES | U_CLONE_FS)) {
        /* Sharing some of these without the others needs more than a host thread or fork. */
        if (!(flags & U_CLONE_VFORK)) {
            log_mask_printf(LOG_UNIMP, "clone: unsupported flags 0x%" PRIx64 "\n", flags);
            return -EINVAL;
        }
    }
    if (flags & (U_CLONE_NEWNS | U_CLONE_PIDFD | U_CLONE_PARENT | U_CLONE_PTRACE)) {
        log_mask_printf(LOG_UNIMP, "clone: unsupported flags 0x%" PRIx64 "\n", flags);
        return -EINVAL;
    }
    /*
     * CLONE_VM without a thread (vfork, posix_spawn): a fork; the child gets
     * its own copy, on the new stack if one was given (glibc's clone wrapper
     * keeps the child's function there).
     */
    return clone_process(cpu, flags, newsp, ptid, ctid, tls);
}

/*
 * Robust futexes (set_robust_list): when a thread dies holding a robust
 * mutex, the kernel marks the futex word FUTEX_OWNER_DIED and wakes a
 * waiter, so the next locker gets EOWNERDEAD instead of hanging.  The guest's
 * list holds guest addresses, so the host kernel cannot walk it: we do, as
 * kernel/futex/core.c does, before the thread's clear_child_tid wake.
 */
#define ROBUST_LIST_LIMIT 2048

static void robust_futex_died(uint64_t uaddr, int tid, bool pi, bool pending)
{
    const GuestABI *abi = user_target.abi;
    bool swap = abi->big_endian != (G_BYTE_ORDER == G_BIG_ENDIAN);
    uint32_t *p;

    if ((uaddr & 3) || !user_access_ok(uaddr, 4, PAGE_READ | PAGE_WRITE)) {
        return;
    }
    p = g2h(uaddr);
    for (int tries = 0; tries < 1000; tries++) {
        uint32_t raw = __atomic_load_n(p, __ATOMIC_SEQ_CST);
        uint32_t uval = swap ? __builtin_bswap32(raw) : raw;
        uint32_t nval;

        /* Unlocked but a waiter may not have been woken yet (the pending op raced us). */
        if (pending && !pi && uval == 0) {
            syscall(SYS_futex, p, FUTEX_WAKE, 1, NULL, NULL, 0);
            return;
        }
        if ((uval & FUTEX_TID_MASK) != (uint32_t)tid) {
            return;
        }
        nval = (uval & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
        if (__atomic_compare_exchange_n(p, &raw, swap ? __builtin_bswap32(nval) : nval, false,
                                        __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
            /* PI waiters are the host kernel's business (it knows the owner's tid). */
            if (!pi && (uval & FUTEX_WAITERS)) {
                syscall(SYS_futex, p, FUTEX_WAKE, 1, NULL, NULL, 0);
            }
            return;
        }
    }
}

static void robust_list_walk(UserThread *ts)
{
    const GuestABI *abi = user_target.abi;
    unsigned w = abi->long_bits / 8;
    uint64_t head = ts->robust_list, entry, pending;
    int64_t offset;

    if (!head || !user_access_ok(head, 3 * w, PAGE_READ)) {
        return;
    }
    /* struct robust_list_head: list.next, futex_offset, list_op_pending (longs). */
    entry = abi_load_scalar(abi, g2h(head), w);
    offset = (int64_t)abi_load_scalar(abi, (uint8_t *)g2h(head) + w, w);
    pending = abi_load_scalar(abi, (uint8_t *)g2h(head) + 2 * w, w);
    if (w == 4) {
        offset = (int32_t)offset;
    }
    for (int n = 0; entry != head && n < ROBUST_LIST_LIMIT; n++) {
        /* Bit 0 of a link says the futex it leads to is a PI futex. */
        uint64_t e = entry & ~(uint64_t)1, next;

        if (!user_access_ok(e, w, PAGE_READ)) {
            break;
        }
        next = abi_load_scalar(abi, g2h(e), w);
        if (e != (pending & ~(uint64_t)1)) {
            robust_futex_died(e + (uint64_t)offset, ts->tid, entry & 1, false);
        }
        entry = next;
    }
    if (pending) {
        robust_futex_died((pending & ~(uint64_t)1) + (uint64_t)offset, ts->tid, pending & 1,
                          true);
    }
    ts->robust_list = 0;
}

void user_exit_group(int status)
{
    if (user_thread) {
        robust_list_walk(user_thread);
    }
    gdb_user_exited(status);
    user_flush_all();
    _exit(status & 0xff);
}

void user_exit_thread(CPUCommon *cpu, int status)
{
    UserThread *ts = cpu->opaque;

    if (__atomic_sub_fetch(&live_threads, 1, __ATOMIC_SEQ_CST) == 0) {
        user_exit_group(status);
    }
    robust_list_walk(ts);
    if (ts->clear_child_tid && user_access_ok(ts->clear_child_tid, 4, PAGE_WRITE)) {
        /* What pthread_join waits on: zero, then a futex wake. */
        __atomic_store_n((uint32_t *)g2h(ts->clear_child_tid), 0, __ATOMIC_SEQ_CST);
        syscall(SYS_futex, g2h(ts->clear_child_tid), FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
    }
    gdb_user_thread_exit(cpu);
    user_thread = NULL;
    /* The CPU and thread state stay allocated: a late signal handler may still look. */
    pthread_exit(NULL);
}
