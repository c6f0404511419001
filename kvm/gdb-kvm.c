/*
 * gdb-kvm.c: the KVM target of the GDB stub (see gdb-kvm.h).
 *
 * Threads: the vCPU threads run the guest and park in kvm_gdb_vcpu_sync()
 * while gdb holds them; the gdb thread accepts the connection and serves
 * gdb (gdb_stub_stopped) once every vCPU thread is parked; the stub's own
 * watcher thread turns a Ctrl-C into kvm_gdb_interrupt().  kg.lock guards
 * the shared state below; the gdb thread never holds it while waiting for
 * gdb, so the main thread can always stop the machine.
 *
 * This file also implements translate/debug.h for this binary, which does
 * not link the translator: the stub inserts breakpoints and watchpoints
 * through that interface, and here they become int3 bytes in guest memory
 * or debug registers.
 */
#include "common.h"
#include "kvm/gdb-kvm.h"
#include "kvm/x86-mmu.h"
#include "gdbstub/gdbstub.h"
#include "debug.h"
#include "log.h"
#include "softmmu/main-loop.h"
#include <signal.h>
#include <sys/ioctl.h>

#define X86_INT3        0xcc
#define X86_DR6_BS      (1u << 14)      /* single step */
#define NR_HW_POINTS    4               /* DR0-DR3 */

/* A software breakpoint: an int3 written over `orig` at `pa` while the guest runs. */
typedef struct KvmSwBp {
    uint64_t addr;
    unsigned refs;
    bool inserted;
    uint64_t pa;
    uint8_t orig;
} KvmSwBp;

/* A debug register: an instruction breakpoint (type 0) or a watchpoint (BP_MEM_*). */
typedef struct KvmHwPoint {
    bool used;
    int type;
    uint64_t addr;
    unsigned len;
    unsigned refs;
} KvmHwPoint;

static struct {
    KvmVm *vm;
    char *listen_spec;          /* for gdb_stub_listen, after QEMU's syntax is parsed */
    char *user_spec;            /* as typed, for messages */
    GdbStub *stub;
    GdbTarget target;
    KvmGdbCpu *cpus;
    unsigned nr_cpus;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    pthread_t thread;

    bool connected;             /* a gdb session is live */
    bool serving;               /* the gdb thread is inside the stub */
    bool vm_live;               /* vCPU fds and guest RAM usable */
    bool ending;                /* crossemu is exiting */
    bool frozen;                /* -S and gdb has not resumed the guest yet */
    bool *hold;                 /* per vCPU: park before the next KVM_RUN */
    bool *step;                 /* per vCPU: single-step when it runs */
    uint64_t debug_gen;         /* bumped when the guest debug state changes */
    uint64_t *applied_gen;      /* per vCPU: the debug_gen it applied */
    unsigned nr_threads, nr_parked;

    bool have_event;            /* a stop to report once everyone is parked */
    unsigned event_cpu;
    GdbStop event;
    unsigned focus;             /* the vCPU whose page tables place breakpoints */

    GArray *sw;                 /* KvmSwBp */
    KvmHwPoint hw[NR_HW_POINTS];
    int debug_errno;            /* KVM_SET_GUEST_DEBUG failed with this */
    bool debug_warned;
} kg = {
    /* recursive: the register accessors lock, and run under locked callers too */
    .lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP,
    .cond = PTHREAD_COND_INITIALIZER,
};

unsigned debug_nb_breakpoints;

void kvm_gdb_lock(void)
{
    pthread_mutex_lock(&kg.lock);
}

void kvm_gdb_unlock(void)
{
    pthread_mutex_unlock(&kg.lock);
}

/* ---- vCPUs and guest memory (kg.lock held) ---- */

int kvm_gdb_cpu_fd(KvmGdbCpu *c)
{
    KvmVm *vm = kg.vm;

    if (!kg.vm_live || !vm->vcpus || c->index >= vm->nr_vcpus) {
        return -1;
    }
    return vm->vcpus[c->index].fd;
}

static bool paging_state(KvmGdbCpu *c, X86PagingState *st)
{
    if (!kvm_gdb_cpu_sregs(c)) {
        return false;
    }
    st->cr0 = c->sregs.cr0;
    st->cr3 = c->sregs.cr3;
    st->cr4 = c->sregs.cr4;
    st->efer = c->sregs.efer;
    return true;
}

static bool read_pte(void *opaque, uint64_t pa, unsigned size, uint64_t *val)
{
    const uint8_t *p = as_ram_ptr(&kg.vm->machine->mem, pa, size);
    uint32_t v32;

    if (!p) {
        return false;
    }
    if (size == 4) {
        memcpy(&v32, p, 4);
        *val = v32;
    } else {
        memcpy(val, p, 8);
    }
    return true;
}

/* Host pointer for guest virtual [va, va + *len), *len cut at the page end; NULL if unmapped. */
static uint8_t *guest_ptr(KvmGdbCpu *c, uint64_t va, size_t *len)
{
    X86PagingState st;
    uint64_t pa, left;

    if (!kg.vm_live || !paging_state(c, &st) ||
        !x86_mmu_translate(&st, va, read_pte, NULL, &pa, &left)) {
        return NULL;
    }
    if (*len > left) {
        *len = left;
    }
    return as_ram_ptr(&kg.vm->machine->mem, pa, *len);
}

static size_t kvm_gdb_read_memory(CPUCommon *cpu, uint64_t addr, uint8_t *buf, size_t len)
{
    size_t done = 0;

    pthread_mutex_lock(&kg.lock);
    while (done < len) {
        size_t n = len - done;
        uint8_t *p = guest_ptr((KvmGdbCpu *)cpu, addr + done, &n);
        if (!p) {
            break;
        }
        memcpy(buf + done, p, n);
        done += n;
    }
    pthread_mutex_unlock(&kg.lock);
    return done;
}

static bool kvm_gdb_write_memory(CPUCommon *cpu, uint64_t addr, const uint8_t *buf, size_t len)
{
    bool ok = true;

    pthread_mutex_lock(&kg.lock);
    /* all or nothing: check every page before changing any */
    for (size_t done = 0; ok && done < len;) {
        size_t n = len - done;
        ok = guest_ptr((KvmGdbCpu *)cpu, addr + done, &n) != NULL;
        done += n;
    }
    for (size_t done = 0; ok && done < len;) {
        size_t n = len - done;
        uint8_t *p = guest_ptr((KvmGdbCpu *)cpu, addr + done, &n);
        memcpy(p, buf + done, n);
        done += n;
    }
    pthread_mutex_unlock(&kg.lock);
    return ok;
}

/* ---- software breakpoints in guest memory (kg.lock held) ---- */

static void sw_insert_all(void)
{
    for (guint i = 0; i < kg.sw->len; i++) {
        KvmSwBp *bp = &g_array_index(kg.sw, KvmSwBp, i);
        size_t n = 1;
        uint8_t *p;
        if (bp->inserted) {
            continue;
        }
        /* an address unmapped now (another address space) stays inactive */
        p = guest_ptr(&kg.cpus[kg.focus], bp->addr, &n);
        if (p) {
            X86PagingState st;
            uint64_t left;
            paging_state(&kg.cpus[kg.focus], &st);
            x86_mmu_translate(&st, bp->addr, read_pte, NULL, &bp->pa, &left);
            bp->orig = *p;
            *p = X86_INT3;
            bp->inserted = true;
        }
    }
}

/* Put the original bytes back, so that gdb and the guest never see our int3s while stopped. */
static void sw_remove_all(void)
{
    for (guint i = 0; i < kg.sw->len; i++) {
        KvmSwBp *bp = &g_array_index(kg.sw, KvmSwBp, i);
        uint8_t *p;
        if (!bp->inserted) {
            continue;
        }
        p = kg.vm_live ? as_ram_ptr(&kg.vm->machine->mem, bp->pa, 1) : NULL;
        /* the guest may have rewritten that byte itself meanwhile: leave its own */
        if (p && *p == X86_INT3) {
            *p = bp->orig;
        }
        bp->inserted = false;
    }
}

static KvmSwBp *sw_find(uint64_t addr, guint *pos)
{
    for (guint i = 0; i < kg.sw->len; i++) {
        KvmSwBp *bp = &g_array_index(kg.sw, KvmSwBp, i);
        if (bp->addr == addr) {
            if (pos) {
                *pos = i;
            }
            return bp;
        }
    }
    return NULL;
}

/* ---- the guest debug state of one vCPU (its own thread, kg.lock held) ---- */

static void apply_guest_debug(KvmVcpu *cpu)
{
    struct kvm_guest_debug dbg;
    unsigned i = cpu->index;

    memset(&dbg, 0, sizeof(dbg));
    if (kg.connected) {
        dbg.control = KVM_GUESTDBG_ENABLE;
        if (kg.sw->len) {
            dbg.control |= KVM_GUESTDBG_USE_SW_BP;
        }
        for (unsigned n = 0; n < NR_HW_POINTS; n++) {
            const KvmHwPoint *h = &kg.hw[n];
            /* DR7: local enable, then R/W (00 exec, 01 write, 11 access) and LEN */
            unsigned rw = h->type == 0 ? 0 : h->type == BP_MEM_WRITE ? 1 : 3;
            unsigned len = h->type == 0 ? 0 : h->len == 1 ? 0 : h->len == 2 ? 1 :
                           h->len == 8 ? 2 : 3;
            if (!h->used) {
                continue;
            }
            dbg.control |= KVM_GUESTDBG_USE_HW_BP;
            dbg.arch.debugreg[n] = h->addr;
            dbg.arch.debugreg[7] |= (1ull << (2 * n)) | ((uint64_t)(rw | len << 2) << (16 + 4 * n));
        }
        if (kg.step[i]) {
            dbg.control |= KVM_GUESTDBG_SINGLESTEP;
#ifdef KVM_GUESTDBG_BLOCKIRQ
            /* step the guest's code, not the interrupt handlers that fire meanwhile */
            if (ioctl(cpu->vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_SET_GUEST_DEBUG2) > 0 &&
                (ioctl(cpu->vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_SET_GUEST_DEBUG2) &
                 KVM_GUESTDBG_BLOCKIRQ)) {
                dbg.control |= KVM_GUESTDBG_BLOCKIRQ;
            }
#endif
        }
    }
    if (ioctl(cpu->fd, KVM_SET_GUEST_DEBUG, &dbg) < 0) {
        kg.debug_errno = errno;
        if (!kg.debug_warned) {
            kg.debug_warned = true;
            error_report("gdb: KVM_SET_GUEST_DEBUG: %s (breakpoints, watchpoints and "
                         "single-step do not work on this host's KVM)", g_strerror(errno));
        }
    }
}

/* ---- stopping and resuming (kg.lock held) ---- */

/* Ask every vCPU to park; the first stop since the last resume is the one gdb hears of. */
static void request_stop(unsigned cpu, const GdbStop *st, int self)
{
    KvmVm *vm = kg.vm;

    if (!kg.have_event && !kg.serving) {
        kg.have_event = true;
        kg.event_cpu = cpu;
        kg.event = *st;
    }
    for (unsigned i = 0; i < kg.nr_cpus; i++) {
        kg.hold[i] = true;
    }
    if (kg.vm_live) {
        for (unsigned i = 0; i < vm->nr_vcpus; i++) {
            if ((int)i != self) {
                kvm_vcpu_kick(&vm->vcpus[i]);
            }
        }
    }
    pthread_cond_broadcast(&kg.cond);
}

static void kvm_gdb_interrupt(void)
{
    GdbStop st = { .kind = GDB_STOP_SIGNAL, .sig = SIGINT };

    pthread_mutex_lock(&kg.lock);
    if (kg.connected) {
        request_stop(0, &st, -1);
    }
    pthread_mutex_unlock(&kg.lock);
}

void kvm_gdb_vcpu_sync(KvmVcpu *cpu)
{
    unsigned i = cpu->index;

    pthread_mutex_lock(&kg.lock);
    for (;;) {
        /* also while parked: a failure shows before gdb inserts its first breakpoint */
        if (kg.applied_gen[i] != kg.debug_gen) {
            kg.applied_gen[i] = kg.debug_gen;
            apply_guest_debug(cpu);
        }
        if (!kg.hold[i] || __atomic_load_n(&cpu->vm->stop, __ATOMIC_SEQ_CST)) {
            break;
        }
        kg.nr_parked++;
        pthread_cond_broadcast(&kg.cond);
        pthread_cond_wait(&kg.cond, &kg.lock);
        kg.nr_parked--;
    }
    pthread_mutex_unlock(&kg.lock);
}

void kvm_gdb_vcpu_thread_start(KvmVcpu *cpu)
{
    pthread_mutex_lock(&kg.lock);
    kg.nr_threads++;
    /* a new VM's vCPU starts without any guest debug state */
    kg.applied_gen[cpu->index] = kg.debug_gen - 1;
    pthread_mutex_unlock(&kg.lock);
}

void kvm_gdb_vcpu_thread_end(KvmVcpu *cpu)
{
    (void)cpu;
    pthread_mutex_lock(&kg.lock);
    kg.nr_threads--;
    pthread_cond_broadcast(&kg.cond);
    pthread_mutex_unlock(&kg.lock);
}

bool kvm_gdb_debug_exit(KvmVcpu *cpu)
{
    const struct kvm_debug_exit_arch *a = &cpu->run->debug.arch;
    GdbStop st = { .kind = GDB_STOP_SIGNAL, .sig = SIGTRAP };

    pthread_mutex_lock(&kg.lock);
    if (a->exception == 3) {
        /*
         * KVM stops before the int3 is delivered, with rip at it; should a
         * KVM report rip after it (trap style), point it back at our int3.
         */
        struct kvm_regs regs;
        if (!sw_find(a->pc, NULL) && sw_find(a->pc - 1, NULL) &&
            ioctl(cpu->fd, KVM_GET_REGS, &regs) == 0 && regs.rip == a->pc) {
            regs.rip--;
            ioctl(cpu->fd, KVM_SET_REGS, &regs);
        }
    }
    if (a->exception == 1) {
        for (unsigned n = 0; n < NR_HW_POINTS; n++) {
            const KvmHwPoint *h = &kg.hw[n];
            if ((a->dr6 & (1u << n)) && h->used && h->type != 0) {
                st.kind = GDB_STOP_WATCH;
                st.watch_addr = h->addr;
                st.watch_flags = h->type == BP_MEM_WRITE ? BP_MEM_WRITE : BP_MEM_READ;
                break;
            }
        }
    }
    if (kg.connected) {
        request_stop(cpu->index, &st, (int)cpu->index);
    } else {
        /* a stale exit after gdb left: drop it and clear the debug state */
        kg.applied_gen[cpu->index] = kg.debug_gen - 1;
    }
    pthread_mutex_unlock(&kg.lock);
    return true;
}

bool kvm_gdb_internal_error(KvmVcpu *cpu)
{
    struct kvm_regs regs;
    GdbStop st = { .kind = GDB_STOP_SIGNAL, .sig = SIGTRAP };
    bool ours = false;

    /*
     * kvm_pvm emulates guest kernel code and gives up on an int3 there
     * ("emulation failure") instead of the KVM_EXIT_DEBUG it gives for
     * hardware: at one of our int3s that is still the breakpoint hit.
     */
    if (cpu->run->internal.suberror != KVM_INTERNAL_ERROR_EMULATION ||
        ioctl(cpu->fd, KVM_GET_REGS, &regs) < 0) {
        return false;
    }
    pthread_mutex_lock(&kg.lock);
    for (guint i = 0; kg.connected && i < kg.sw->len; i++) {
        const KvmSwBp *bp = &g_array_index(kg.sw, KvmSwBp, i);
        ours |= bp->inserted && bp->addr == regs.rip;
    }
    if (ours) {
        request_stop(cpu->index, &st, (int)cpu->index);
    }
    pthread_mutex_unlock(&kg.lock);
    return ours;
}

/* ---- the gdb thread ---- */

typedef enum { SESSION_OVER, SESSION_ENDING } SessionEnd;

static void release_all(void)
{
    for (unsigned i = 0; i < kg.nr_cpus; i++) {
        /* -S holds until some gdb resumes: a client that only looked (or a port probe) does not */
        kg.hold[i] = kg.frozen;
        kg.step[i] = false;
    }
    kg.debug_gen++;
    pthread_cond_broadcast(&kg.cond);
}

static SessionEnd serve_session(void)
{
    for (;;) {
        GdbServeResult r;
        KvmGdbCpu *cpu;
        GdbStop st;
        bool any = false;

        pthread_mutex_lock(&kg.lock);
        while (!kg.ending && !(kg.have_event && kg.vm_live && kg.nr_threads > 0 &&
                               kg.nr_parked == kg.nr_threads)) {
            pthread_cond_wait(&kg.cond, &kg.lock);
        }
        if (kg.ending) {
            pthread_mutex_unlock(&kg.lock);
            return SESSION_ENDING;
        }
        kg.serving = true;
        kg.have_event = false;
        kg.focus = kg.event_cpu;
        st = kg.event;
        for (unsigned i = 0; i < kg.nr_cpus; i++) {
            kvm_gdb_cpu_invalidate(&kg.cpus[i]);
        }
        sw_remove_all();
        cpu = &kg.cpus[kg.event_cpu];
        pthread_mutex_unlock(&kg.lock);

        r = gdb_stub_stopped(kg.stub, &cpu->common, &st);

        pthread_mutex_lock(&kg.lock);
        if (r != GDB_SERVE_RESUME) {
            kg.connected = false;
            kg.serving = false;
            /* the stub removed its points (debug_*_remove_all) before returning */
            release_all();
            pthread_mutex_unlock(&kg.lock);
            if (r == GDB_SERVE_KILLED) {
                main_loop_request_shutdown(0);
            }
            return SESSION_OVER;
        }
        for (unsigned i = 0; i < kg.nr_cpus; i++) {
            bool step = false;
            int sig = 0;
            bool run = gdb_stub_resume_action(kg.stub, &kg.cpus[i].common, &step, &sig);
            /* no signals on bare metal: gdb's "signal N" just resumes */
            kg.hold[i] = !run;
            kg.step[i] = run && step;
            any |= run;
        }
        kg.frozen = false;
        if (!any) {
            for (unsigned i = 0; i < kg.nr_cpus; i++) {
                kg.hold[i] = false;
            }
        }
        for (unsigned i = 0; i < kg.nr_cpus; i++) {
            /* KVM_SET_REGS/SREGS wrote through; the next stop reads afresh */
            kvm_gdb_cpu_invalidate(&kg.cpus[i]);
        }
        sw_insert_all();
        kg.serving = false;
        kg.debug_gen++;
        pthread_cond_broadcast(&kg.cond);
        pthread_mutex_unlock(&kg.lock);
    }
}

static void *kvm_gdb_thread(void *opaque)
{
    (void)opaque;
    for (;;) {
        GError *err = NULL;
        GdbStop st = { .kind = GDB_STOP_SIGNAL, .sig = SIGTRAP };

        if (!gdb_stub_accept(kg.stub, &err)) {
            error_report("-gdb %s: %s", kg.user_spec, err->message);
            g_error_free(err);
            return NULL;
        }
        pthread_mutex_lock(&kg.lock);
        if (kg.ending) {
            pthread_mutex_unlock(&kg.lock);
            return NULL;
        }
        kg.connected = true;
        kg.debug_gen++;
        /* the first stop: gdb asks why with '?' */
        request_stop(0, &st, -1);
        pthread_mutex_unlock(&kg.lock);

        if (serve_session() == SESSION_ENDING) {
            return NULL;
        }
        /* gdb detached or went away: the guest runs on; wait for the next one */
        gdb_stub_free(kg.stub);
        kg.stub = gdb_stub_new(&kg.target);
        if (!gdb_stub_listen(kg.stub, kg.listen_spec, &err)) {
            error_report("-gdb %s: %s", kg.user_spec, err->message);
            g_error_free(err);
            return NULL;
        }
    }
}

/* ---- the target ---- */

static GPtrArray *kvm_gdb_list_cpus(void)
{
    GPtrArray *a = g_ptr_array_new();

    for (unsigned i = 0; i < kg.nr_cpus; i++) {
        g_ptr_array_add(a, &kg.cpus[i].common);
    }
    return a;
}

static int64_t kvm_gdb_thread_id(CPUCommon *cpu)
{
    return ((KvmGdbCpu *)cpu)->index + 1;
}

static int64_t kvm_gdb_process_id(void)
{
    return 1;
}

static char *kvm_gdb_thread_name(CPUCommon *cpu)
{
    return g_strdup_printf("CPU#%u", ((KvmGdbCpu *)cpu)->index);
}

/*
 * QEMU's -gdb takes a character device: tcp::PORT, tcp:HOST:PORT,
 * unix:PATH[,server=on,...], a bare PORT, or "none".  The stub wants
 * PORT, HOST:PORT or unix:PATH.
 */
static char *parse_spec(const char *spec, GError **errp)
{
    g_autofree char *s = g_strdup(spec);
    char *comma = strchr(s, ',');

    if (comma) {
        *comma = '\0';      /* server, nowait, wait=off, ...: we always listen without waiting */
    }
    if (g_str_has_prefix(s, "unix:") && s[5]) {
        return g_strdup(s);
    }
    if (g_str_has_prefix(s, "tcp:") || strspn(s, "0123456789") == strlen(s)) {
        const char *hp = g_str_has_prefix(s, "tcp:") ? s + 4 : s;
        const char *port = strrchr(hp, ':') ? strrchr(hp, ':') + 1 : hp;
        if (*port && strspn(port, "0123456789") == strlen(port) && strlen(port) <= 5 &&
            atoi(port) <= 65535) {
            return g_strdup(hp[0] == ':' ? hp + 1 : hp);
        }
    }
    g_set_error(errp, CROSSEMU_ERROR, 0,
                "-gdb %s: expected tcp::PORT, tcp:HOST:PORT, PORT or unix:PATH", spec);
    return NULL;
}

bool kvm_gdb_start(KvmVm *vm, const char *spec, bool freeze, GError **errp)
{
    unsigned n = vm->machine->opts->smp;
    GError *err = NULL;
    int r;

    kg.listen_spec = parse_spec(spec, errp);
    if (!kg.listen_spec) {
        return false;
    }
    kg.user_spec = g_strdup(spec);
    kg.vm = vm;
    kg.nr_cpus = n;
    kg.cpus = g_new0(KvmGdbCpu, n);
    kg.hold = g_new0(bool, n);
    kg.step = g_new0(bool, n);
    kg.applied_gen = g_new0(uint64_t, n);
    kg.sw = g_array_new(false, true, sizeof(KvmSwBp));
    for (unsigned i = 0; i < n; i++) {
        kg.cpus[i].common.ops = &kvm_gdb_x86_ops;
        kg.cpus[i].index = i;
        kg.hold[i] = freeze;
    }
    kg.frozen = freeze;
    kg.target = (GdbTarget){
        .arch = &kvm_gdb_x86_arch,
        .list_cpus = kvm_gdb_list_cpus,
        .thread_id = kvm_gdb_thread_id,
        .process_id = kvm_gdb_process_id,
        .thread_name = kvm_gdb_thread_name,
        .read_memory = kvm_gdb_read_memory,
        .write_memory = kvm_gdb_write_memory,
        /* as QEMU: gdb's "quit" detaches and the guest runs on */
        .attached = true,
        .interrupt = kvm_gdb_interrupt,
    };
    kg.stub = gdb_stub_new(&kg.target);
    if (!gdb_stub_listen(kg.stub, kg.listen_spec, &err)) {
        /* the transport names its own option ("-g SPEC: "): name ours instead */
        const char *msg = strstr(err->message, ": ");
        g_set_error(errp, CROSSEMU_ERROR, 0, "-gdb %s: %s", spec,
                    g_str_has_prefix(err->message, "-g ") && msg ? msg + 2 : err->message);
        g_error_free(err);
        return false;
    }
    r = pthread_create(&kg.thread, NULL, kvm_gdb_thread, NULL);
    if (r) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "gdb thread: %s", g_strerror(r));
        return false;
    }
    pthread_detach(kg.thread);
    vm->gdb = true;
    if (freeze) {
        error_report("-S: the vCPUs wait for gdb on %s", spec);
    }
    return true;
}

void kvm_gdb_vm_started(KvmVm *vm)
{
    (void)vm;
    pthread_mutex_lock(&kg.lock);
    kg.vm_live = true;
    /* fresh RAM: nothing of ours is in it; a running guest gets its breakpoints now */
    for (guint i = 0; i < kg.sw->len; i++) {
        g_array_index(kg.sw, KvmSwBp, i).inserted = false;
    }
    for (unsigned i = 0; i < kg.nr_cpus; i++) {
        kvm_gdb_cpu_invalidate(&kg.cpus[i]);
    }
    if (kg.connected && !kg.serving) {
        kg.focus = 0;
        sw_insert_all();
    }
    kg.debug_gen++;
    pthread_mutex_unlock(&kg.lock);
}

void kvm_gdb_vm_stopping(KvmVm *vm)
{
    (void)vm;
    pthread_mutex_lock(&kg.lock);
    kg.vm_live = false;
    pthread_cond_broadcast(&kg.cond);
    pthread_mutex_unlock(&kg.lock);
}

void kvm_gdb_end(int status)
{
    bool tell;

    if (!kg.vm || !kg.vm->gdb) {
        return;
    }
    pthread_mutex_lock(&kg.lock);
    kg.ending = true;
    tell = kg.connected && !kg.serving;
    pthread_cond_broadcast(&kg.cond);
    pthread_mutex_unlock(&kg.lock);
    /* gdb waits for a stop: it hears of the exit ("W"); while it inspects a stop, it sees EOF */
    if (tell) {
        gdb_stub_exited(kg.stub, status);
    }
}

/* ---- translate/debug.h for this binary (the gdb thread, while serving) ---- */

static int hw_alloc(int type, uint64_t addr, unsigned len)
{
    for (int n = 0; n < NR_HW_POINTS; n++) {
        KvmHwPoint *h = &kg.hw[n];
        if (h->used && h->type == type && h->addr == addr && h->len == len) {
            h->refs++;
            return n;
        }
    }
    for (int n = 0; n < NR_HW_POINTS; n++) {
        KvmHwPoint *h = &kg.hw[n];
        if (!h->used) {
            *h = (KvmHwPoint){ .used = true, .type = type, .addr = addr, .len = len, .refs = 1 };
            return n;
        }
    }
    return -1;
}

static bool hw_free(int type, uint64_t addr, unsigned len)
{
    for (int n = 0; n < NR_HW_POINTS; n++) {
        KvmHwPoint *h = &kg.hw[n];
        if (h->used && h->type == type && h->addr == addr && (!len || h->len == len)) {
            if (--h->refs == 0) {
                h->used = false;
            }
            return true;
        }
    }
    return false;
}

bool debug_breakpoint_insert(uint64_t pc)
{
    KvmSwBp *bp;
    size_t n = 1;
    bool ok = true;

    pthread_mutex_lock(&kg.lock);
    if (kg.debug_errno) {
        ok = false;         /* KVM cannot trap them: say so instead of a silent no-op */
    } else if ((bp = sw_find(pc, NULL))) {
        bp->refs++;
    } else if (hw_alloc(0, pc, 1) >= 0) {
        /*
         * Debug registers first: they need no mapping (a kernel before it
         * sets up its page tables) and work where int3 does not (kvm_pvm
         * fails to emulate an int3 in guest ring 0); int3 beyond four.
         */
        debug_nb_breakpoints++;
    } else if (guest_ptr(&kg.cpus[kg.focus], pc, &n)) {
        KvmSwBp nb = { .addr = pc, .refs = 1 };
        g_array_append_val(kg.sw, nb);
        debug_nb_breakpoints++;
    } else {
        ok = false;
    }
    kg.debug_gen++;
    pthread_mutex_unlock(&kg.lock);
    return ok;
}

bool debug_breakpoint_remove(uint64_t pc)
{
    guint pos;
    KvmSwBp *bp;
    bool ok = true;

    pthread_mutex_lock(&kg.lock);
    if ((bp = sw_find(pc, &pos))) {
        if (--bp->refs == 0) {
            g_array_remove_index(kg.sw, pos);
            debug_nb_breakpoints--;
        }
    } else if (hw_free(0, pc, 1)) {
        debug_nb_breakpoints--;
    } else {
        ok = false;
    }
    kg.debug_gen++;
    pthread_mutex_unlock(&kg.lock);
    return ok;
}

void debug_breakpoint_remove_all(void)
{
    pthread_mutex_lock(&kg.lock);
    sw_remove_all();
    g_array_set_size(kg.sw, 0);
    for (int n = 0; n < NR_HW_POINTS; n++) {
        if (kg.hw[n].type == 0) {
            kg.hw[n].used = false;
        }
    }
    debug_nb_breakpoints = 0;
    kg.debug_gen++;
    pthread_mutex_unlock(&kg.lock);
}

bool debug_breakpoint_lookup(uint64_t pc)
{
    bool found;

    pthread_mutex_lock(&kg.lock);
    found = sw_find(pc, NULL) != NULL;
    for (int n = 0; !found && n < NR_HW_POINTS; n++) {
        found = kg.hw[n].used && kg.hw[n].type == 0 && kg.hw[n].addr == pc;
    }
    pthread_mutex_unlock(&kg.lock);
    return found;
}

bool debug_watchpoint_insert(uint64_t addr, uint64_t len, int flags)
{
    bool ok;

    /* x86 watches 1, 2, 4 or 8 aligned bytes; it has no read-only kind (reads trap on access) */
    if ((len != 1 && len != 2 && len != 4 && len != 8) || (addr & (len - 1)) ||
        !(flags & BP_MEM_ACCESS)) {
        return false;
    }
    pthread_mutex_lock(&kg.lock);
    ok = !kg.debug_errno && hw_alloc(flags, addr, len) >= 0;
    kg.debug_gen++;
    pthread_mutex_unlock(&kg.lock);
    return ok;
}

bool debug_watchpoint_remove(uint64_t addr, uint64_t len, int flags)
{
    bool ok;

    pthread_mutex_lock(&kg.lock);
    ok = hw_free(flags, addr, len);
    kg.debug_gen++;
    pthread_mutex_unlock(&kg.lock);
    return ok;
}

void debug_watchpoint_remove_all(void)
{
    pthread_mutex_lock(&kg.lock);
    for (int n = 0; n < NR_HW_POINTS; n++) {
        if (kg.hw[n].type != 0) {
            kg.hw[n].used = false;
        }
    }
    kg.debug_gen++;
    pthread_mutex_unlock(&kg.lock);
}

bool debug_watchpoints_active(void)
{
    bool any = false;

    pthread_mutex_lock(&kg.lock);
    for (int n = 0; n < NR_HW_POINTS; n++) {
        any |= kg.hw[n].used && kg.hw[n].type != 0;
    }
    pthread_mutex_unlock(&kg.lock);
    return any;
}

/*
 * ---- translate/log.h for the stub's "monitor log" ----
 *
 * The -d items of log.c are the translator's; this binary takes its own
 * (-d guest_errors,unimp) on the command line only, so the monitor
 * command says that instead of pretending to change anything.
 */
unsigned log_mask;

void log_print_help(FILE *f)
{
    fprintf(f, "crossemu-system-x86_64 takes -d guest_errors,unimp on the command line; "
               "none can be changed from gdb\n");
}

bool log_parse_mask(const char *str, unsigned *mask, GError **errp)
{
    *mask = 0;
    g_set_error(errp, CROSSEMU_ERROR, 0, "log %s: crossemu-system-x86_64 cannot change its "
                "-d items at run time", str);
    return false;
}
