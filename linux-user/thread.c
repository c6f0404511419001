/*
 * thread.c: guest threads and processes (clone, fork, exit).
 *
 * A guest thread (clone with CLONE_VM|CLONE_THREAD) is a host thread with
 * its own copy of the parent's CPU state: the address space, the TB cache
 * and the signal actions are shared, the jump cache, the signal mask and the
 * alternate stack are per thread.  Any other clone is a host fork: the child
 * is a copy of the whole emulator, which is exactly a guest fork.  vfork is
 * done as fork (the parent waits for nothing; POSIX allows it).
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
    int sync[2];
    char c;
    pid_t pid;

    if (exit_sig && !hsig) {
        return -EINVAL;
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
        return -errno;
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

void user_exit_group(int status)
{
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
