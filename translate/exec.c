/*
 * exec.c: the CPU loop, precise exceptions, the jump cache behind goto_ptr,
 * and the out-of-line atomic helper the back ends share.
 *
 * cpu_exec() runs blocks until something needs the mode's attention (a
 * syscall, a fault, an interrupt).  Helpers and fault handlers leave generated
 * code with cpu_loop_exit(), a siglongjmp back into cpu_exec(); the guest state
 * is first restored to the faulting instruction from the block's insn_start
 * records (cpu_restore_state).
 */
#include "common.h"
#include "exec.h"
#include "backend.h"
#include "log.h"

__thread CPUCommon *current_cpu;
__thread uintptr_t interp_host_pc;
uintptr_t guest_base;
const Backend *backend;
const GuestCodeAccess *guest_code_access;
bool opt_one_insn_per_tb;
bool opt_perfmap;

extern volatile unsigned tb_flush_count;
static __thread unsigned cpu_flush_seen;

const Backend *backend_by_name(const char *name)
{
    if (!strcmp(name, "jit") || !strcmp(name, "x86_64") || !strcmp(name, "tcg")) {
#if defined(__x86_64__)
        return &backend_x86_64;
#else
        return &backend_interp;
#endif
    }
    if (!strcmp(name, "interp") || !strcmp(name, "tci")) {
        return &backend_interp;
    }
    return NULL;
}

bool translate_init(const char *backend_name, size_t code_size, GError **errp)
{
    if (!backend_name) {
        backend_name = getenv("CROSSEMU_BACKEND");
    }
    if (!backend_name || !*backend_name) {
        backend_name = "jit";
    }
    backend = backend_by_name(backend_name);
    if (!backend) {
        g_set_error(errp, CROSSEMU_ERROR, 0,
                    "unknown back end '%s' (expected jit or interp)", backend_name);
        return false;
    }
    if (!backend->init(code_size ? code_size : 64 << 20, errp)) {
        return false;
    }
    tb_cache_init();
    return true;
}

/* ---- the CPU list and exclusive sections ---- */

static GMutex cpu_list_lock;
static GCond exclusive_cond;      /* a running CPU stopped */
static GCond exclusive_resume;    /* the exclusive section ended */
static GPtrArray *cpu_list;
static bool exclusive_pending;

void cpu_common_init(CPUCommon *cpu, const GuestOps *ops)
{
    cpu->ops = ops;
    cpu->exception_index = EXCP_NONE;
    cpu->exit_request = 0;
    cpu->running = false;
    memset(cpu->tb_jmp_cache, 0, sizeof(cpu->tb_jmp_cache));
    g_mutex_lock(&cpu_list_lock);
    if (!cpu_list) {
        cpu_list = g_ptr_array_new();
    }
    g_ptr_array_add(cpu_list, cpu);
    g_mutex_unlock(&cpu_list_lock);
}

void cpu_common_destroy(CPUCommon *cpu)
{
    g_mutex_lock(&cpu_list_lock);
    if (cpu_list) {
        g_ptr_array_remove(cpu_list, cpu);
    }
    g_mutex_unlock(&cpu_list_lock);
}

void cpu_list_fork_child(CPUCommon *self)
{
    g_mutex_init(&cpu_list_lock);
    g_cond_init(&exclusive_cond);
    g_cond_init(&exclusive_resume);
    exclusive_pending = false;
    cpu_list = g_ptr_array_new();
    if (self) {
        self->running = false;
        g_ptr_array_add(cpu_list, self);
    }
}

static bool other_cpu_running(CPUCommon *self)
{
    for (guint i = 0; i < cpu_list->len; i++) {
        CPUCommon *c = g_ptr_array_index(cpu_list, i);
        if (c != self && c->running) {
            return true;
        }
    }
    return false;
}

void start_exclusive(void)
{
    CPUCommon *self = current_cpu;
    g_mutex_lock(&cpu_list_lock);
    if (self) {
        /* While we wait we are not running: another exclusive section may need that. */
        self->exclusive_was_running = self->running;
        self->running = false;
        g_cond_broadcast(&exclusive_cond);
    }
    while (exclusive_pending) {
        g_cond_wait(&exclusive_resume, &cpu_list_lock);
    }
    exclusive_pending = true;
    if (cpu_list) {
        for (guint i = 0; i < cpu_list->len; i++) {
            CPUCommon *c = g_ptr_array_index(cpu_list, i);
            if (c != self && c->running) {
                c->exit_request = 1;
            }
        }
        while (other_cpu_running(self)) {
            g_cond_wait(&exclusive_cond, &cpu_list_lock);
        }
    }
    g_mutex_unlock(&cpu_list_lock);
}

void end_exclusive(void)
{
    CPUCommon *self = current_cpu;
    g_mutex_lock(&cpu_list_lock);
    exclusive_pending = false;
    if (self) {
        self->running = self->exclusive_was_running;
    }
    g_cond_broadcast(&exclusive_resume);
    g_mutex_unlock(&cpu_list_lock);
}

static void cpu_exec_start(CPUCommon *cpu)
{
    g_mutex_lock(&cpu_list_lock);
    while (exclusive_pending) {
        g_cond_wait(&exclusive_resume, &cpu_list_lock);
    }
    cpu->running = true;
    g_mutex_unlock(&cpu_list_lock);
}

static void cpu_exec_end(CPUCommon *cpu)
{
    g_mutex_lock(&cpu_list_lock);
    cpu->running = false;
    if (exclusive_pending) {
        g_cond_broadcast(&exclusive_cond);
    }
    g_mutex_unlock(&cpu_list_lock);
}

/* ---- leaving generated code ---- */

/*
 * Restore the guest state of the instruction whose host code holds the byte
 * at code_pc, after letting the back end write back the globals it kept in
 * host registers (host_uc: the fault's ucontext, or NULL).
 */
static bool restore_state_at(CPUCommon *cpu, uintptr_t code_pc, const void *host_uc)
{
    TranslationBlock *tb = tb_find_by_host_pc(code_pc);
    if (!tb || !tb->insn_end) {
        return false;
    }
    uint32_t off = (uint32_t)(code_pc - (uintptr_t)tb->tc_ptr);
    if (host_uc && backend->restore_fault_state) {
        backend->restore_fault_state(cpu, tb, off, host_uc);
    }
    for (uint32_t i = 0; i < tb->icount; i++) {
        if (off < tb->insn_end[i]) {
            cpu->ops->restore_state(cpu, &tb->insn_data[2 * i]);
            return true;
        }
    }
    return false;
}

bool cpu_restore_state(CPUCommon *cpu, uintptr_t host_pc)
{
    /*
     * host_pc is a return address (or the interpreter's equivalent): it points
     * just past the code of the instruction that called us, so look at the
     * byte before it.
     */
    return restore_state_at(cpu, host_pc - 1, NULL);
}

bool cpu_restore_state_fault(CPUCommon *cpu, uintptr_t fault_pc, const void *host_uc)
{
    /*
     * fault_pc is the faulting instruction itself, not a return address: it
     * belongs to the guest instruction whose code range holds it, even when
     * it is the first byte of that range.
     */
    return restore_state_at(cpu, fault_pc, host_uc);
}

void cpu_loop_exit(CPUCommon *cpu)
{
    interp_host_pc = 0;
    siglongjmp(cpu->jmp_env, 1);
}

void cpu_loop_exit_restore(CPUCommon *cpu, uintptr_t host_pc)
{
    if (host_pc) {
        cpu_restore_state(cpu, host_pc);
    }
    cpu_loop_exit(cpu);
}

void cpu_raise_exception(CPUCommon *cpu, int excp, uintptr_t host_pc)
{
    cpu->exception_index = excp;
    cpu_loop_exit_restore(cpu, host_pc);
}

/* ---- the jump cache ---- */

static TranslationBlock *tb_find(CPUCommon *cpu, uint64_t pc, uint32_t flags, uint32_t cflags)
{
    unsigned h = tb_jmp_cache_hash(pc);
    TranslationBlock *tb = cpu->tb_jmp_cache[h];
    if (likely(tb && tb->pc == pc && tb->flags == flags && tb->cflags == cflags && !tb->invalid)) {
        return tb;
    }
    tb = tb_lookup(pc, flags, cflags);
    if (tb) {
        cpu->tb_jmp_cache[h] = tb;
    }
    return tb;
}

static uint32_t cpu_cflags(CPUCommon *cpu)
{
    uint32_t cf = cpu->cflags_next;
    if (opt_one_insn_per_tb) {
        cf |= CF_SINGLE_INSN;
    }
    if (cpu->singlestep) {
        cf |= CF_SINGLE_INSN | CF_NO_CHAIN;
    }
    if (log_enabled(LOG_NOCHAIN)) {
        cf |= CF_NO_CHAIN;
    }
    return cf;
}

static void log_exec(CPUCommon *cpu, TranslationBlock *tb)
{
    log_printf("Trace: %p [%08" PRIx32 "/%016" PRIx64 "/%08" PRIx32 "]\n",
               tb->tc_ptr, tb->flags, tb->pc, tb->cflags);
    if (log_enabled(LOG_CPU) && cpu->ops->dump_state) {
        cpu->ops->dump_state(cpu, log_file ? log_file : stderr);
    }
}

void *helper_lookup_tb_ptr(CPUCommon *cpu)
{
    uint64_t pc;
    uint32_t flags;
    cpu->ops->get_tb_key(cpu, &pc, &flags);
    TranslationBlock *tb = tb_find(cpu, pc, flags, cpu_cflags(cpu));
    if (!tb || cpu->exit_request || cpu->singlestep || cpu->cflags_once) {
        return backend->exit_entry;
    }
    if (unlikely(log_enabled(LOG_EXEC))) {
        log_exec(cpu, tb);
    }
    return tb->tc_ptr;
}

/* It reads the guest pc through env: not pure, but it writes nothing. */
IR_HELPER_DEF(lookup_tb_ptr, IR_HT_PTR, IR_HELPER_NO_WRITE_GLOBALS, IR_HT_PTR);

/* ---- the loop ---- */

static int cpu_exec_return(CPUCommon *cpu, int excp)
{
    cpu->exception_index = EXCP_NONE;
    cpu_exec_end(cpu);
    current_cpu = NULL;
    return excp;
}

/*
 * Runs blocks until an exception is pending.  Kept out of line from the
 * sigsetjmp in cpu_exec so that a longjmp back never sees stale locals.
 */
static __attribute__((noinline)) int cpu_exec_loop(CPUCommon *cpu)
{
    TranslationBlock *last_tb = NULL;
    unsigned last_slot = TB_EXIT_NOCHAIN;
    for (;;) {
        if (cpu->exception_index != EXCP_NONE) {
            return cpu_exec_return(cpu, cpu->exception_index);
        }
        if (cpu->exit_request) {
            cpu->exit_request = 0;
            return cpu_exec_return(cpu, EXCP_INTERRUPT);
        }
        if (unlikely(cpu_flush_seen != tb_flush_count)) {
            cpu_flush_seen = tb_flush_count;
            memset(cpu->tb_jmp_cache, 0, sizeof(cpu->tb_jmp_cache));
            last_tb = NULL;
        }

        uint64_t pc;
        uint32_t flags;
        uint32_t cflags = cpu_cflags(cpu);
        if (unlikely(cpu->cflags_once)) {
            cflags |= cpu->cflags_once;
            cpu->cflags_once = 0;
            last_tb = NULL;
        }
        cpu->ops->get_tb_key(cpu, &pc, &flags);
        TranslationBlock *tb = tb_find(cpu, pc, flags, cflags);
        if (!tb) {
            unsigned before = tb_flush_count;
            tb = tb_gen_code(cpu, pc, flags, cflags);
            if (before != tb_flush_count) {
                /* The translation flushed the cache: last_tb and the jump cache are gone. */
                last_tb = NULL;
                cpu_flush_seen = tb_flush_count;
                memset(cpu->tb_jmp_cache, 0, sizeof(cpu->tb_jmp_cache));
            }
            cpu->tb_jmp_cache[tb_jmp_cache_hash(pc)] = tb;
        }
        if (last_tb && last_slot < TB_MAX_JMP_SLOTS) {
            tb_add_jump(last_tb, last_slot, tb);
        }
        if (unlikely(log_enabled(LOG_EXEC))) {
            log_exec(cpu, tb);
        }

        uintptr_t ret = backend->exec(cpu, tb);

        last_tb = (TranslationBlock *)(ret & ~(uintptr_t)TB_EXIT_MASK);
        last_slot = ret & TB_EXIT_MASK;
        if (last_slot == TB_EXIT_REQUESTED) {
            /*
             * The block stopped before its first instruction; it may have been
             * reached by chaining, which does not store the pc: set it.
             */
            cpu->ops->set_pc(cpu, last_tb->pc);
            last_tb = NULL;
            continue;
        }
        if (unlikely(cpu->watch_pending && (cflags & CF_NO_WATCH))) {
            /* The watched access has now been performed: report it. */
            cpu->watch_pending = false;
            return cpu_exec_return(cpu, EXCP_DEBUG);
        }
        if (unlikely(cpu->singlestep)) {
            cpu->watch_hit_flags = 0;
            return cpu_exec_return(cpu, EXCP_DEBUG);
        }
    }
}

int cpu_exec(CPUCommon *cpu)
{
    /* Only the thread-local current_cpu is used after sigsetjmp: no clobbered locals. */
    cpu_exec_start(cpu);
    current_cpu = cpu;
    if (sigsetjmp(current_cpu->jmp_env, 0) != 0) {
        /*
         * Back from cpu_loop_exit: an exception is pending (the loop returns
         * it) or a helper asked to resume at the restored pc (watchpoints).
         */
        interp_host_pc = 0;
    }
    return cpu_exec_loop(current_cpu);
}

/* ---- atomics the back ends do not inline ---- */

static uint64_t atomic_apply(unsigned opc, unsigned size, bool sign, uint64_t old, uint64_t val)
{
    unsigned bits = 8u << size;
    uint64_t mask = bits == 64 ? ~0ull : (1ull << bits) - 1;
    int64_t so = bits == 64 ? (int64_t)old : (int64_t)(old << (64 - bits)) >> (64 - bits);
    int64_t sv = bits == 64 ? (int64_t)val : (int64_t)(val << (64 - bits)) >> (64 - bits);
    uint64_t uo = old & mask, uv = val & mask;
    (void)sign;
    switch (opc) {
    case IR_OP_atomic_xchg: return uv;
    case IR_OP_atomic_add: return (uo + uv) & mask;
    case IR_OP_atomic_and: return uo & uv;
    case IR_OP_atomic_or: return uo | uv;
    case IR_OP_atomic_xor: return uo ^ uv;
    case IR_OP_atomic_smin: return (so < sv ? uo : uv);
    case IR_OP_atomic_smax: return (so > sv ? uo : uv);
    case IR_OP_atomic_umin: return uo < uv ? uo : uv;
    case IR_OP_atomic_umax: return uo > uv ? uo : uv;
    }
    g_assert_not_reached();
}

static uint64_t swap_size(uint64_t v, unsigned size)
{
    switch (size) {
    case 1: return __builtin_bswap16((uint16_t)v);
    case 2: return __builtin_bswap32((uint32_t)v);
    case 3: return __builtin_bswap64(v);
    default: return v & 0xff;
    }
}

/*
 * opc_memop: the IROpcode in bits 0..15, the MemOp in bits 16..31.
 * Returns the old value, sign- or zero-extended to 64 bits per the MemOp.
 */
uint64_t helper_atomic_op(void *haddr, uint64_t val, uint32_t opc_memop)
{
    unsigned opc = opc_memop & 0xffff;
    MemOp mo = (MemOp)(opc_memop >> 16);
    unsigned size = mo & MO_SIZE;
    bool be = (mo & MO_BE) != 0;
    uint64_t old, host_old, host_new;

    switch (size) {
    case 0: {
        uint8_t *p = haddr, o = __atomic_load_n(p, __ATOMIC_RELAXED), n;
        do {
            n = (uint8_t)atomic_apply(opc, 0, mo & MO_SIGN, o, val);
        } while (!__atomic_compare_exchange_n(p, &o, n, true, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
        old = o;
        break;
    }
    case 1: {
        uint16_t *p = haddr, o = __atomic_load_n(p, __ATOMIC_RELAXED), n;
        do {
            host_old = be ? swap_size(o, 1) : o;
            host_new = atomic_apply(opc, 1, mo & MO_SIGN, host_old, val);
            n = (uint16_t)(be ? swap_size(host_new, 1) : host_new);
        } while (!__atomic_compare_exchange_n(p, &o, n, true, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
        old = host_old;
        break;
    }
    case 2: {
        uint32_t *p = haddr, o = __atomic_load_n(p, __ATOMIC_RELAXED), n;
        do {
            host_old = be ? swap_size(o, 2) : o;
            host_new = atomic_apply(opc, 2, mo & MO_SIGN, host_old, val);
            n = (uint32_t)(be ? swap_size(host_new, 2) : host_new);
        } while (!__atomic_compare_exchange_n(p, &o, n, true, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
        old = host_old;
        break;
    }
    default: {
        uint64_t *p = haddr, o = __atomic_load_n(p, __ATOMIC_RELAXED), n;
        do {
            host_old = be ? swap_size(o, 3) : o;
            host_new = atomic_apply(opc, 3, mo & MO_SIGN, host_old, val);
            n = be ? swap_size(host_new, 3) : host_new;
        } while (!__atomic_compare_exchange_n(p, &o, n, true, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
        old = host_old;
        break;
    }
    }
    if (mo & MO_SIGN) {
        unsigned bits = 8u << size;
        if (bits < 64) {
            old = (uint64_t)((int64_t)(old << (64 - bits)) >> (64 - bits));
        }
    }
    return old;
}
