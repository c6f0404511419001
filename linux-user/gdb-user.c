/*
 * gdb-user.c: the user-mode side of the GDB stub: the GdbTarget for a Linux
 * process (threads, guest memory checked against the page flags, auxv,
 * exec file) and the hooks the CPU loop calls.
 *
 * The process stops before its first instruction until gdb resumes it.
 * gdb works in all-stop mode: when one thread stops, the world stops.  The
 * thread that stopped sets gdb_world_stopped, kicks every other CPU out of
 * generated code (exit_request), and serves gdb on its own host thread;
 * the others park at the top of gdb_user_cpu_exec() until gdb resumes.  A
 * thread gdb gave no resume action to (scheduler locking) stays parked
 * ("held").  A thread blocked in a host syscall is not interrupted: its
 * guest registers do not change until the syscall returns, and then it parks.
 * The stub's watcher thread only raises exit_request for Ctrl-C.
 */
#include "common.h"
#include "user.h"
#include "gdb-user.h"
#include "gdbstub/gdbstub.h"
#include "debug.h"
#include "tb.h"
#include "log.h"

#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

/*
 * Ctrl-C and system calls: a thread blocked in a host system call never
 * sees exit_request, so the watcher also sends it a host SIGTRAP (which the
 * emulator always handles itself, whatever the guest's mask or action):
 * the call ends with EINTR (restarted after the stop if restartable), and
 * the thread comes back to stop for gdb.  The guest never sees that
 * SIGTRAP: the thread takes it back in gdb_user_signals.  `outside` makes
 * sure only a thread between gdb_user_cpu_exec and gdb_user_signals (in a
 * system call or the exception handling around it) is ever kicked, and that
 * a kicked thread knows it.
 */
typedef enum GdbOutside {
    GDB_INSIDE,             /* running guest code, or stopped: exit_request suffices */
    GDB_OUTSIDE,            /* in the mode's syscall or exception handling */
    GDB_KICKED,             /* outside, and the watcher sent it the SIGTRAP */
} GdbOutside;

typedef struct GdbUserThread {
    CPUCommon *cpu;
    int64_t tid;
    bool held;              /* gdb resumed others but not this one */
    /* Guest signals gdb itself asked to deliver to this thread: not shown to it again. */
    uint64_t passed;        /* atomic: set by the serving thread, taken by this one */
    int outside;            /* atomic: a GdbOutside, for Ctrl-C */
    /* The signal this thread is stopped with, for $_siginfo (while has_siginfo). */
    UserSiginfo siginfo;
    bool has_siginfo;
} GdbUserThread;

static GdbStub *gdb_stub;
/* gdb_lock guards the thread list and the world state; gdb_cond signals changes. */
static GMutex gdb_lock;
static GCond gdb_cond;
static GPtrArray *gdb_threads;      /* GdbUserThread *, in creation order */
static bool gdb_world_stopped;      /* one thread is serving gdb */
static GBytes *gdb_auxv;            /* the auxv as the program started with it */
static bool gdb_initial_stop;
static __thread GdbUserThread *gdb_self;
/* This thread returned an exception while single-stepping: the step ends with it. */
static __thread bool gdb_step_done;

/* ---- the target ---- */

static GPtrArray *user_list_cpus(void)
{
    GPtrArray *a = g_ptr_array_new();

    g_mutex_lock(&gdb_lock);
    for (guint i = 0; i < gdb_threads->len; i++) {
        g_ptr_array_add(a, ((GdbUserThread *)g_ptr_array_index(gdb_threads, i))->cpu);
    }
    g_mutex_unlock(&gdb_lock);
    return a;
}

static int64_t user_thread_id(CPUCommon *cpu)
{
    int64_t tid = 0;

    g_mutex_lock(&gdb_lock);
    for (guint i = 0; i < gdb_threads->len; i++) {
        GdbUserThread *t = g_ptr_array_index(gdb_threads, i);
        if (t->cpu == cpu) {
            tid = t->tid;
            break;
        }
    }
    g_mutex_unlock(&gdb_lock);
    return tid > 0 ? tid : getpid();
}

static int64_t user_process_id(void)
{
    return getpid();
}

static char *user_thread_name(CPUCommon *cpu)
{
    char *path = g_strdup_printf("/proc/self/task/%" PRId64 "/comm", user_thread_id(cpu));
    char *name = NULL;

    /* The host thread's name is the guest's (prctl), except the emulator's own default. */
    if (g_file_get_contents(path, &name, NULL, NULL)) {
        g_strchomp(name);
        if (g_str_has_prefix(name, "crossemu-") || !*name) {
            g_free(name);
            name = NULL;
        }
    }
    g_free(path);
    if (!name && user_proc.exe_path) {
        /* Linux names a process after its executable, cut to 15 bytes. */
        char *base = g_path_get_basename(user_proc.exe_path);
        name = g_strndup(base, 15);
        g_free(base);
    }
    return name;
}

/* Host memory of guest page a can be read (guest code pages are readable on the host). */
static bool page_readable(uint64_t a)
{
    return (user_page_flags(a) & (PAGE_READ | PAGE_EXEC)) != 0;
}

static size_t user_read_memory(CPUCommon *cpu, uint64_t addr, uint8_t *buf, size_t len)
{
    size_t done = 0;

    while (done < len) {
        uint64_t a = addr + done;
        uint64_t page_end = ROUND_DOWN(a, (uint64_t)user_page_size) + user_page_size;
        size_t n = (size_t)MIN(page_end - a, (uint64_t)(len - done));
        if (a < addr || !page_readable(a)) {
            break;
        }
        memcpy(buf + done, g2h(a), n);
        done += n;
    }
    return done;
}

static int host_prot_of(unsigned flags)
{
    return ((flags & (PAGE_READ | PAGE_EXEC)) ? PROT_READ : 0) |
           ((flags & PAGE_WRITE) ? PROT_WRITE : 0);
}

/*
 * As ptrace does, a debugger may write to mapped pages the guest cannot
 * write (code: a patched instruction).  Such pages are made writable on the
 * host just for the copy; translated code of the range is invalidated.
 */
static bool user_write_memory(CPUCommon *cpu, uint64_t addr, const uint8_t *buf, size_t len)
{
    uint64_t end = addr + len, first = ROUND_DOWN(addr, (uint64_t)user_page_size);
    bool code = false;

    if (end < addr || end > user_va_size) {
        return false;
    }
    for (uint64_t a = first; a < end; a += user_page_size) {
        unsigned f = user_page_flags(a);
        if (!(f & PAGE_VALID) || !(f & (PAGE_READ | PAGE_WRITE | PAGE_EXEC))) {
            return false;
        }
        code |= (f & PAGE_EXEC) != 0;
    }
    for (uint64_t a = first; a < end; a += user_page_size) {
        unsigned f = user_page_flags(a);
        uint64_t lo = MAX(a, addr), hi = MIN(a + user_page_size, end);
        if (!(f & PAGE_WRITE)) {
            if (mprotect(g2h(a), user_page_size, PROT_READ | PROT_WRITE) < 0) {
                return false;
            }
        }
        memcpy(g2h(lo), buf + (lo - addr), hi - lo);
        if (!(f & PAGE_WRITE)) {
            mprotect(g2h(a), user_page_size, host_prot_of(f));
        }
    }
    if (code) {
        tb_invalidate_range(addr, end);
    }
    return true;
}

/* Called while the world is stopped: the thread's fields do not change under us. */
static GBytes *user_read_siginfo(CPUCommon *cpu)
{
    GBytes *r = NULL;

    g_mutex_lock(&gdb_lock);
    for (guint i = 0; i < gdb_threads->len; i++) {
        GdbUserThread *t = g_ptr_array_index(gdb_threads, i);
        if (t->cpu == cpu && t->has_siginfo) {
            uint8_t *buf = g_malloc0(128);      /* every Linux ABI's siginfo_t */
            user_store_siginfo(buf, &t->siginfo);
            r = g_bytes_new_take(buf, 128);
        }
    }
    g_mutex_unlock(&gdb_lock);
    return r;
}

static GBytes *user_read_auxv(void)
{
    return gdb_auxv ? g_bytes_ref(gdb_auxv) : NULL;
}

static char *user_exec_file(void)
{
    return user_proc.exe_path ? g_strdup(user_proc.exe_path) : NULL;
}

/* Make every CPU but `except` leave generated code soon (gdb_lock held). */
static void kick_cpus(CPUCommon *except)
{
    for (guint i = 0; i < gdb_threads->len; i++) {
        GdbUserThread *t = g_ptr_array_index(gdb_threads, i);
        if (t->cpu != except) {
            t->cpu->exit_request = 1;
        }
    }
}

static void user_interrupt(void)
{
    g_mutex_lock(&gdb_lock);
    kick_cpus(NULL);
    for (guint i = 0; i < gdb_threads->len; i++) {
        GdbUserThread *t = g_ptr_array_index(gdb_threads, i);
        int expect = GDB_OUTSIDE;
        if (__atomic_compare_exchange_n(&t->outside, &expect, GDB_KICKED, false,
                                        __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
            syscall(SYS_tgkill, getpid(), (int)t->tid, SIGTRAP);
        }
    }
    g_mutex_unlock(&gdb_lock);
}

/* Back from the mode's handling of an exception: take back the watcher's SIGTRAP, if any. */
static void take_back_kick(GdbUserThread *self, UserThread *ts)
{
    int gsig = user_sig_to_guest(SIGTRAP);

    if (__atomic_exchange_n(&self->outside, GDB_INSIDE, __ATOMIC_SEQ_CST) != GDB_KICKED) {
        return;
    }
    /* Sent, maybe not yet arrived: any system call lets the host deliver it. */
    while (!(__atomic_load_n(&ts->pending, __ATOMIC_ACQUIRE) & GSIG_BIT(gsig))) {
        sched_yield();
    }
    if (ts->pending_info[gsig].kind == USER_SI_KILL && ts->pending_info[gsig].pid == getpid()) {
        __atomic_and_fetch(&ts->pending, ~GSIG_BIT(gsig), __ATOMIC_ACQ_REL);
    }
}

static GdbTarget gdb_user_target = {
    .list_cpus = user_list_cpus,
    .thread_id = user_thread_id,
    .process_id = user_process_id,
    .thread_name = user_thread_name,
    .read_memory = user_read_memory,
    .write_memory = user_write_memory,
    .read_auxv = user_read_auxv,
    .exec_file = user_exec_file,
    .attached = false,
    .interrupt = user_interrupt,
    .read_siginfo = user_read_siginfo,
};

/* ---- set-up ---- */

/* A guest word of the initial stack (ELF class and byte order of the target). */
static bool read_stack_word(uint64_t addr, uint64_t *v)
{
    unsigned size = user_target.elf_class == 2 ? 8 : 4;
    uint8_t b[8];

    if (!user_copy_from(b, addr, size)) {
        return false;
    }
    *v = 0;
    for (unsigned i = 0; i < size; i++) {
        unsigned k = user_target.big_endian ? i : size - 1 - i;
        *v = *v << 8 | b[k];
    }
    return true;
}

/* The auxv sits after argc, argv[] + NULL and envp[] + NULL (ELF ABI process start). */
static void capture_auxv(void)
{
    unsigned size = user_target.elf_class == 2 ? 8 : 4;
    uint64_t p = user_proc.image.sp, v, argc, start;

    if (!read_stack_word(p, &argc)) {
        return;
    }
    p += size * (argc + 2);
    do {
        if (!read_stack_word(p, &v)) {
            return;
        }
        p += size;
    } while (v != 0);
    start = p;
    do {
        if (!read_stack_word(p, &v)) {
            return;
        }
        p += 2 * size;
    } while (v != 0);
    uint8_t *buf = g_malloc(p - start);
    if (user_copy_from(buf, start, p - start)) {
        gdb_auxv = g_bytes_new_take(buf, p - start);
    } else {
        g_free(buf);
    }
}

void gdb_user_exited(int status)
{
    if (gdb_stub) {
        gdb_stub_exited(gdb_stub, status);
    }
}

/* exit() paths that do not go through gdb_user_exited. */
static void gdb_user_at_exit(int status, void *opaque)
{
    gdb_user_exited(status);
}

void gdb_user_fork_child(CPUCommon *cpu)
{
    if (gdb_stub) {
        gdb_stub_abandon(gdb_stub);
        gdb_stub = NULL;
        cpu->singlestep = false;
        /* The parent's locks may have been held by threads that do not exist here. */
        g_mutex_init(&gdb_lock);
        g_cond_init(&gdb_cond);
        gdb_world_stopped = false;
    }
}

static GdbUserThread *thread_add(CPUCommon *cpu, int64_t tid)
{
    GdbUserThread *t = g_new0(GdbUserThread, 1);

    t->cpu = cpu;
    t->tid = tid;
    g_mutex_lock(&gdb_lock);
    while (gdb_world_stopped) {
        g_cond_wait(&gdb_cond, &gdb_lock);  /* the serving thread walks the list */
    }
    if (!gdb_threads) {
        gdb_threads = g_ptr_array_new();
    }
    g_ptr_array_add(gdb_threads, t);
    g_mutex_unlock(&gdb_lock);
    return t;
}

void gdb_user_thread_start(CPUCommon *cpu, int64_t tid)
{
    if (gdb_stub) {
        thread_add(cpu, tid);
    }
}

void gdb_user_thread_exit(CPUCommon *cpu)
{
    if (!gdb_stub) {
        return;
    }
    g_mutex_lock(&gdb_lock);
    while (gdb_world_stopped) {
        g_cond_wait(&gdb_cond, &gdb_lock);
    }
    for (guint i = 0; i < gdb_threads->len; i++) {
        GdbUserThread *t = g_ptr_array_index(gdb_threads, i);
        if (t->cpu == cpu) {
            g_ptr_array_remove_index(gdb_threads, i);
            if (gdb_self == t) {
                gdb_self = NULL;
            }
            g_free(t);
            break;
        }
    }
    g_mutex_unlock(&gdb_lock);
}

/* This host thread's entry in the list, added the first time it runs guest code. */
static GdbUserThread *self_thread(CPUCommon *cpu)
{
    if (!gdb_self || gdb_self->cpu != cpu) {
        g_mutex_lock(&gdb_lock);
        gdb_self = NULL;
        for (guint i = 0; i < gdb_threads->len; i++) {
            GdbUserThread *t = g_ptr_array_index(gdb_threads, i);
            if (t->cpu == cpu) {
                gdb_self = t;
            }
        }
        g_mutex_unlock(&gdb_lock);
        if (!gdb_self) {
            gdb_self = thread_add(cpu, gettid());
        }
    }
    return gdb_self;
}

bool gdb_user_start(const char *spec, CPUCommon *cpu, GError **errp)
{
    if (!cpu->ops->gdb) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "-g: the GDB stub does not support %s yet",
                    cpu->ops->name);
        return false;
    }
    gdb_user_target.arch = cpu->ops->gdb;
    gdb_stub = gdb_stub_new(&gdb_user_target);
    if (!gdb_stub_listen(gdb_stub, spec, errp)) {
        gdb_stub_free(gdb_stub);
        gdb_stub = NULL;
        return false;
    }
    gdb_self = thread_add(cpu, getpid());
    capture_auxv();
    if (!gdb_stub_accept(gdb_stub, errp)) {
        return false;
    }
    on_exit(gdb_user_at_exit, NULL);
    gdb_initial_stop = true;
    return true;
}

/* ---- stops ---- */

/* Linux's default action for guest signal gsig is to do nothing, or to stop. */
static bool default_harmless(int gsig)
{
    int h = user_sig_to_host(gsig);
    return h == SIGCHLD || h == SIGURG || h == SIGWINCH || h == SIGCONT ||
           h == SIGSTOP || h == SIGTSTP || h == SIGTTIN || h == SIGTTOU;
}

void gdb_user_signalled(int sig)
{
    if (gdb_stub) {
        gdb_stub_terminated(gdb_stub, sig);
    }
}

/* Wait while another thread serves gdb, or while gdb keeps this thread stopped. */
static void park(GdbUserThread *self)
{
    g_mutex_lock(&gdb_lock);
    while (gdb_world_stopped || self->held) {
        g_cond_wait(&gdb_cond, &gdb_lock);
    }
    g_mutex_unlock(&gdb_lock);
}

/* A guest signal with no handler whose default action ends the program. */
static bool default_fatal(int gsig)
{
    return user_sigact[gsig].handler == GUEST_SIG_DFL && !default_harmless(gsig);
}

/*
 * gdb resumes thread t (not the one that stopped) with host signal hsig: send
 * it as a tgkill would, so that it also cuts short a system call t is blocked
 * in; the host handler queues it for t like any signal.  Marked as passed so
 * that t does not show it to gdb again.
 */
static void signal_other_thread(GdbUserThread *t, int hsig)
{
    int gsig = user_sig_to_guest(hsig);

    if (!gsig) {
        log_mask_printf(LOG_UNIMP, "gdb: host signal %d has no guest equivalent\n", hsig);
        return;
    }
    __atomic_or_fetch(&t->passed, GSIG_BIT(gsig), __ATOMIC_RELEASE);
    if (default_fatal(gsig)) {
        /* The host's default action ends us at once: tell gdb first. */
        gdb_user_signalled(hsig);
    }
    if (syscall(SYS_tgkill, getpid(), (int)t->tid, hsig) < 0) {
        log_mask_printf(LOG_INT, "gdb: cannot signal thread %" PRId64 ": %s\n", t->tid,
                        strerror(errno));
    }
}

/*
 * Stop the world for `stop` of this thread and serve gdb.  Returns the host
 * signal gdb wants delivered to this thread as it resumes (0: none), or -1
 * if the stop was not reported (gdb went away, or the breakpoint it was for
 * was removed while another thread had the stub).
 */
static int gdb_user_stop(CPUCommon *cpu, const GdbStop *stop, bool breakpoint)
{
    GdbServeResult r;
    int mysig = 0;

    g_mutex_lock(&gdb_lock);
    while (gdb_world_stopped) {
        g_cond_wait(&gdb_cond, &gdb_lock);
    }
    if (!gdb_stub_connected(gdb_stub) ||
        (breakpoint && !debug_breakpoint_lookup(cpu->ops->get_pc(cpu)))) {
        g_mutex_unlock(&gdb_lock);
        return -1;
    }
    gdb_world_stopped = true;
    kick_cpus(cpu);
    g_mutex_unlock(&gdb_lock);

    r = gdb_stub_stopped(gdb_stub, cpu, stop);

    /*
     * Threads cannot come or go while the world is stopped (a new or exiting
     * thread first parks), so the list is walked without the lock, which the
     * stub's callbacks take.
     */
    for (guint i = 0; i < gdb_threads->len; i++) {
        GdbUserThread *t = g_ptr_array_index(gdb_threads, i);
        bool step = false;
        int sig = 0;
        t->held = r == GDB_SERVE_RESUME && !gdb_stub_resume_action(gdb_stub, t->cpu, &step, &sig);
        t->cpu->singlestep = step;
        if (t->cpu == cpu) {
            mysig = sig;
        } else if (sig) {
            signal_other_thread(t, sig);
        }
    }
    g_mutex_lock(&gdb_lock);
    gdb_world_stopped = false;
    g_cond_broadcast(&gdb_cond);
    g_mutex_unlock(&gdb_lock);

    if (r == GDB_SERVE_KILLED) {
        log_mask_printf(LOG_INT, "gdb killed the program\n");
        user_force_sig(user_sig_to_guest(SIGKILL));
    }
    return mysig;
}

/* A signal gdb asked for at a breakpoint, step or Ctrl-C stop: queue it for this thread. */
static void queue_signal_from_gdb(CPUCommon *cpu, int hsig)
{
    UserThread *ts = cpu->opaque;
    int gsig = hsig > 0 ? user_sig_to_guest(hsig) : 0;
    UserSiginfo *si;

    if (!gsig || !ts) {
        return;
    }
    si = &ts->pending_info[gsig];
    memset(si, 0, sizeof(*si));
    si->signo = gsig;
    si->code = 0;               /* SI_USER: as if the debugger sent it */
    si->kind = USER_SI_KILL;
    si->pid = getpid();
    __atomic_or_fetch(&self_thread(cpu)->passed, GSIG_BIT(gsig), __ATOMIC_RELEASE);
    __atomic_or_fetch(&ts->pending, GSIG_BIT(gsig), __ATOMIC_RELEASE);
}

void gdb_user_signals(CPUCommon *cpu)
{
    UserThread *ts = cpu->opaque;
    uint64_t seen = 0;
    GdbUserThread *self;

    if (!gdb_stub || !ts) {
        return;
    }
    self = self_thread(cpu);
    take_back_kick(self, ts);
    if (!gdb_stub_connected(gdb_stub)) {
        return;
    }
    /* Each deliverable pending signal once, as ptrace shows a tracer every signal. */
    for (;;) {
        uint64_t p = __atomic_load_n(&ts->pending, __ATOMIC_ACQUIRE) & ~ts->sigmask & ~seen;
        GdbStop stop = { .kind = GDB_STOP_SIGNAL };
        int gsig, hsig, want;

        if (!p) {
            break;
        }
        gsig = __builtin_ctzll(p) + 1;
        seen |= GSIG_BIT(gsig);
        if (__atomic_load_n(&self->passed, __ATOMIC_ACQUIRE) & GSIG_BIT(gsig)) {
            __atomic_and_fetch(&self->passed, ~GSIG_BIT(gsig), __ATOMIC_ACQ_REL);
            if (default_fatal(gsig)) {
                gdb_user_signalled(user_sig_to_host(gsig));
                break;
            }
            continue;
        }
        if (user_sigact[gsig].handler == GUEST_SIG_IGN) {
            continue;       /* discarded without the tracer seeing it, as in Linux */
        }
        hsig = user_sig_to_host(gsig);
        stop.sig = hsig;
        g_mutex_lock(&gdb_lock);
        self->siginfo = ts->pending_info[gsig];
        self->has_siginfo = true;
        g_mutex_unlock(&gdb_lock);
        want = gdb_user_stop(cpu, &stop, false);
        g_mutex_lock(&gdb_lock);
        self->has_siginfo = false;
        g_mutex_unlock(&gdb_lock);
        if (want < 0) {
            break;          /* gdb is gone: deliver as usual */
        }
        if (want != hsig) {
            __atomic_and_fetch(&ts->pending, ~GSIG_BIT(gsig), __ATOMIC_ACQ_REL);
            queue_signal_from_gdb(cpu, want);
            if (want) {
                gsig = user_sig_to_guest(want);
                seen |= GSIG_BIT(gsig);
            }
        }
        /* A signal with no handler whose default action kills: the end of the program. */
        if (want && gsig && default_fatal(gsig)) {
            gdb_user_signalled(want);
            break;
        }
    }
}

static int gdb_cpu_exec(CPUCommon *cpu)
{
    for (;;) {
        GdbStop stop = { .kind = GDB_STOP_SIGNAL, .sig = 0 };
        GdbUserThread *self;
        int excp, sig;

        if (!gdb_stub || !gdb_stub_connected(gdb_stub)) {
            cpu->singlestep = false;
            return cpu_exec(cpu);
        }
        self = self_thread(cpu);
        park(self);
        if (gdb_initial_stop) {
            gdb_initial_stop = false;
            stop.sig = SIGTRAP;
        } else if (gdb_step_done && cpu->singlestep) {
            stop.sig = SIGTRAP;     /* the stepped instruction was a syscall or a fault */
        } else if (gdb_stub_take_interrupt(gdb_stub)) {
            stop.sig = SIGINT;
        }
        gdb_step_done = false;
        if (stop.sig) {
            sig = gdb_user_stop(cpu, &stop, false);
            queue_signal_from_gdb(cpu, sig);
            if (sig > 0) {
                return EXCP_INTERRUPT;  /* the mode delivers it */
            }
            continue;
        }

        excp = cpu_exec(cpu);
        if (excp == EXCP_DEBUG) {
            bool bp = !cpu->singlestep && !cpu->watch_hit_flags;
            if (cpu->watch_hit_flags) {
                stop.kind = GDB_STOP_WATCH;
                stop.watch_addr = cpu->watch_hit_addr;
                stop.watch_flags = cpu->watch_hit_flags;
                cpu->watch_hit_flags = 0;
            }
            stop.sig = SIGTRAP;
            sig = gdb_user_stop(cpu, &stop, bp);
            queue_signal_from_gdb(cpu, sig);
            if (sig > 0) {
                return EXCP_INTERRUPT;
            }
            continue;
        }
        if (cpu->singlestep && excp != EXCP_INTERRUPT) {
            gdb_step_done = true;
        }
        return excp;
    }
}

int gdb_user_cpu_exec(CPUCommon *cpu)
{
    GdbUserThread *self;
    int excp;

    if (!gdb_stub) {
        return cpu_exec(cpu);
    }
    self = self_thread(cpu);
    excp = gdb_cpu_exec(cpu);
    /* From here until gdb_user_signals, a Ctrl-C must reach us with a signal. */
    __atomic_store_n(&self->outside, GDB_OUTSIDE, __ATOMIC_SEQ_CST);
    return excp;
}
