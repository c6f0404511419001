/*
 * tb.c: translation blocks, the TB cache, chaining and invalidation.
 *
 * Invariants:
 *   - tb_lock serialises translation, chaining, invalidation and flushing;
 *     lookups read the hash buckets without it (heads are published with a
 *     release store after the block is complete);
 *   - blocks are never freed individually: an invalidated block is unlinked
 *     from the hash table, its page lists and every chain, and its memory is
 *     reclaimed at the next tb_flush, when no CPU can be running it;
 *   - all_tbs is sorted by tc_ptr because back ends fill their buffer
 *     linearly between flushes; tb_find_by_host_pc bisects it.
 */
#include "common.h"
#include "tb.h"
#include "exec.h"
#include "backend.h"
#include "log.h"
#include "debug.h"

#define TB_HASH_BITS 16
#define TB_HASH_SIZE (1u << TB_HASH_BITS)
#define TB_PAGE_BITS 12
#define TB_MAX_INSNS 512

static GMutex tb_lock;
static TranslationBlock *tb_hash[TB_HASH_SIZE];
static GPtrArray *all_tbs;
static GHashTable *tb_pages;    /* guest page -> first TB on it */
static __thread IRContext *tls_ir;

/* Bumped by every flush: CPUs compare it to drop their jump caches. */
volatile unsigned tb_flush_count;

static unsigned tb_hash_func(uint64_t pc, uint32_t flags)
{
    uint64_t h = pc * 0x9E3779B97F4A7C15ull ^ flags;
    return (unsigned)(h >> (64 - TB_HASH_BITS));
}

void tb_cache_init(void)
{
    all_tbs = g_ptr_array_new();
    tb_pages = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
}

TranslationBlock *tb_lookup(uint64_t pc, uint32_t flags, uint32_t cflags)
{
    TranslationBlock *tb = __atomic_load_n(&tb_hash[tb_hash_func(pc, flags)], __ATOMIC_ACQUIRE);
    for (; tb; tb = __atomic_load_n(&tb->hash_next, __ATOMIC_ACQUIRE)) {
        if (tb->pc == pc && tb->flags == flags && tb->cflags == cflags && !tb->invalid) {
            return tb;
        }
    }
    return NULL;
}

/* ---- page lists ---- */

static void tb_page_add(TranslationBlock *tb, unsigned n, uint64_t page)
{
    tb->page_addr[n] = page;
    int64_t key = (int64_t)page;
    TranslationBlock *head = g_hash_table_lookup(tb_pages, &key);
    /* The link's low bit says which of the next block's two slots continues the list. */
    tb->page_next[n] = head;
    int64_t *k = g_new(int64_t, 1);
    *k = key;
    g_hash_table_replace(tb_pages, k, (void *)((uintptr_t)tb | n));
}

static TranslationBlock *page_link_tb(TranslationBlock *link) { return (TranslationBlock *)((uintptr_t)link & ~(uintptr_t)1); }
static unsigned page_link_slot(TranslationBlock *link) { return (uintptr_t)link & 1; }

static void tb_page_remove(TranslationBlock *tb, unsigned n)
{
    int64_t key = (int64_t)tb->page_addr[n];
    TranslationBlock *link = g_hash_table_lookup(tb_pages, &key);
    TranslationBlock **prevp = NULL;
    TranslationBlock *prev_tb = NULL;
    unsigned prev_slot = 0;
    while (link) {
        TranslationBlock *t = page_link_tb(link);
        unsigned s = page_link_slot(link);
        if (t == tb && s == n) {
            TranslationBlock *next = t->page_next[s];
            if (!prev_tb) {
                if (next) {
                    int64_t *k = g_new(int64_t, 1);
                    *k = key;
                    g_hash_table_replace(tb_pages, k, next);
                } else {
                    g_hash_table_remove(tb_pages, &key);
                }
            } else {
                prev_tb->page_next[prev_slot] = next;
            }
            (void)prevp;
            return;
        }
        prev_tb = t;
        prev_slot = s;
        link = t->page_next[s];
    }
}

/* ---- chaining ---- */

void tb_add_jump(TranslationBlock *tb, unsigned slot, TranslationBlock *dest)
{
    if ((tb->cflags | dest->cflags) & CF_NO_CHAIN) {
        return;
    }
    g_mutex_lock(&tb_lock);
    if (!tb->jmp_dest[slot] && !tb->invalid && !dest->invalid) {
        backend->patch_jump(tb, slot, dest);
        tb->jmp_dest[slot] = dest;
        tb->jmp_list_next[slot] = dest->jmp_list_head;
        tb->jmp_list_next_slot[slot] = dest->jmp_list_slot_head;
        dest->jmp_list_head = tb;
        dest->jmp_list_slot_head = slot;
    }
    g_mutex_unlock(&tb_lock);
}

/* Remove (src, slot) from dest's list of incoming jumps. */
static void tb_unlink_incoming(TranslationBlock *dest, TranslationBlock *src, unsigned slot)
{
    TranslationBlock **headp = &dest->jmp_list_head;
    uint8_t *head_slotp = &dest->jmp_list_slot_head;
    while (*headp) {
        TranslationBlock *t = *headp;
        unsigned s = *head_slotp;
        if (t == src && s == slot) {
            *headp = t->jmp_list_next[s];
            *head_slotp = t->jmp_list_next_slot[s];
            return;
        }
        headp = &t->jmp_list_next[s];
        head_slotp = &t->jmp_list_next_slot[s];
    }
}

static void tb_invalidate_locked(TranslationBlock *tb)
{
    if (tb->invalid) {
        return;
    }
    tb->invalid = true;

    /* Out of the hash table. */
    TranslationBlock **p = &tb_hash[tb_hash_func(tb->pc, tb->flags)];
    while (*p && *p != tb) {
        p = &(*p)->hash_next;
    }
    if (*p) {
        __atomic_store_n(p, tb->hash_next, __ATOMIC_RELEASE);
    }

    for (unsigned n = 0; n < 2; n++) {
        if (tb->page_addr[n] != (uint64_t)-1) {
            tb_page_remove(tb, n);
        }
    }

    /* Everybody jumping into tb now returns to the CPU loop instead. */
    TranslationBlock *src = tb->jmp_list_head;
    unsigned slot = tb->jmp_list_slot_head;
    while (src) {
        TranslationBlock *next = src->jmp_list_next[slot];
        unsigned next_slot = src->jmp_list_next_slot[slot];
        backend->patch_jump(src, slot, NULL);
        src->jmp_dest[slot] = NULL;
        src = next;
        slot = next_slot;
    }
    tb->jmp_list_head = NULL;

    /* And tb's own exits no longer count as incoming edges of their targets. */
    for (unsigned s = 0; s < TB_MAX_JMP_SLOTS; s++) {
        if (tb->jmp_dest[s]) {
            tb_unlink_incoming(tb->jmp_dest[s], tb, s);
            backend->patch_jump(tb, s, NULL);
            tb->jmp_dest[s] = NULL;
        }
    }
}

void tb_invalidate_range(uint64_t start, uint64_t end)
{
    if (!tb_pages || start >= end) {
        return;
    }
    g_mutex_lock(&tb_lock);
    for (uint64_t page = start >> TB_PAGE_BITS; page <= (end - 1) >> TB_PAGE_BITS; page++) {
        int64_t key = (int64_t)page;
        TranslationBlock *link;
        /* Invalidation edits the list, so restart from its head each time. */
        for (;;) {
            link = g_hash_table_lookup(tb_pages, &key);
            TranslationBlock *victim = NULL;
            while (link) {
                TranslationBlock *t = page_link_tb(link);
                if (t->pc < end && t->pc + t->size > start) {
                    victim = t;
                    break;
                }
                link = t->page_next[page_link_slot(link)];
            }
            if (!victim) {
                break;
            }
            tb_invalidate_locked(victim);
        }
        if (page == UINT64_MAX >> TB_PAGE_BITS) {
            break;
        }
    }
    g_mutex_unlock(&tb_lock);
}

/*
 * Blocks are cache-line aligned so that the fields a jump-cache probe reads
 * (tb.h: the first 64 bytes) share one line.  The low bits of exit values
 * carry the slot, which needs 16-byte alignment at least.
 */
_Static_assert(offsetof(TranslationBlock, hash_next) + sizeof(void *) <= 64,
               "the probed fields of TranslationBlock fit in one cache line");

static TranslationBlock *tb_alloc(void)
{
    void *p = NULL;
    if (posix_memalign(&p, 64, sizeof(TranslationBlock)) != 0) {
        g_error("out of memory allocating a translation block");
    }
    memset(p, 0, sizeof(TranslationBlock));
    return p;
}

static void tb_free(TranslationBlock *tb)
{
    g_free(tb->insn_data);
    g_free(tb->insn_end);
    g_free(tb->fault_state);
    free(tb);
}

static void tb_flush_locked(void)
{
    for (guint i = 0; i < all_tbs->len; i++) {
        tb_free(g_ptr_array_index(all_tbs, i));
    }
    g_ptr_array_set_size(all_tbs, 0);
    memset(tb_hash, 0, sizeof(tb_hash));
    g_hash_table_remove_all(tb_pages);
    backend->reset();
    /* Each CPU notices the new count and empties its jump cache. */
    __atomic_add_fetch(&tb_flush_count, 1, __ATOMIC_SEQ_CST);
}

void tb_flush(void)
{
    /* No CPU may be running generated code while the buffer is reset. */
    start_exclusive();
    g_mutex_lock(&tb_lock);
    tb_flush_locked();
    g_mutex_unlock(&tb_lock);
    end_exclusive();
}

/*
 * fork: the child must not inherit tb_lock taken by a thread that does not
 * exist there.  prepare takes it (no translation, chaining or invalidation is
 * half done at the fork), the parent releases it, the child starts a new one.
 */
void tb_fork_prepare(void)
{
    g_mutex_lock(&tb_lock);
}

void tb_fork_parent(void)
{
    g_mutex_unlock(&tb_lock);
}

void tb_fork_child(void)
{
    g_mutex_init(&tb_lock);
}

TranslationBlock *tb_find_by_host_pc(uintptr_t host_pc)
{
    guint lo = 0, hi = all_tbs ? all_tbs->len : 0;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        TranslationBlock *tb = g_ptr_array_index(all_tbs, mid);
        uintptr_t start = (uintptr_t)tb->tc_ptr;
        if (host_pc < start) {
            hi = mid;
        } else if (host_pc >= start + tb->tc_size) {
            lo = mid + 1;
        } else {
            return tb;
        }
    }
    return NULL;
}

/* ---- translation ---- */

static IRContext *tb_ir_context(CPUCommon *cpu)
{
    if (!tls_ir) {
        tls_ir = g_new0(IRContext, 1);
        ir_context_init(tls_ir);
        cpu->ops->init_globals(tls_ir);
    }
    return tls_ir;
}

static void tb_log_in_asm(CPUCommon *cpu, TranslationBlock *tb)
{
    uint8_t *buf = g_malloc(tb->size ? tb->size : 1);
    if (tb->size && guest_code_access->fetch(cpu, tb->pc, buf, tb->size)) {
        FILE *f = log_file ? log_file : stderr;
        fprintf(f, "----------------\nIN: \n");
        if (cpu->ops->disas) {
            cpu->ops->disas(f, tb->pc, buf, tb->size);
        } else {
            log_disas(f, cpu->ops->cs_arch, cpu->ops->cs_mode, buf, tb->size, tb->pc);
        }
        fprintf(f, "\n");
    }
    g_free(buf);
}

/*
 * The block prologue every translation gets: leave at once if the CPU was
 * asked to stop (a signal, another thread), so that even a loop of chained
 * blocks notices exit_request at its next block.
 */
static IRLabel tb_emit_exit_check(IRContext *ctx)
{
    IRLabel l = ir_label_new(ctx);
    IRTemp t = ir_temp_new(ctx, IR_I32);
    ir_ld(ctx, t, ctx->env, offsetof(CPUCommon, exit_request), MO_32);
    ir_brcondi(ctx, IR_COND_NE, t, 0, l);
    return l;
}

TranslationBlock *tb_gen_code(CPUCommon *cpu, uint64_t pc, uint32_t flags, uint32_t cflags)
{
    g_mutex_lock(&tb_lock);
    TranslationBlock *tb = tb_lookup(pc, flags, cflags);
    if (tb) {
        g_mutex_unlock(&tb_lock);
        return tb;
    }
    IRContext *ctx = tb_ir_context(cpu);
    unsigned max_insns = (cflags & CF_SINGLE_INSN) ? 1 : TB_MAX_INSNS;

    for (int attempt = 0;; attempt++) {
        tb = tb_alloc();
        /* The low bits of exit values carry the slot (tb.h). */
        g_assert(((uintptr_t)tb & TB_EXIT_MASK) == 0);
        tb->pc = pc;
        tb->flags = flags;
        tb->cflags = cflags;
        tb->page_addr[0] = tb->page_addr[1] = (uint64_t)-1;

        ir_reset(ctx);
        ctx->tb = tb;
        IRLabel exit_label = tb_emit_exit_check(ctx);
        cpu->ops->translate(ctx, cpu, tb, max_insns);
        ir_set_label(ctx, exit_label);
        ir_exit_tb(ctx, tb_exit_value(tb, TB_EXIT_REQUESTED));

        if (!(cflags & CF_NO_WATCH) && debug_watchpoints_active()) {
            debug_instrument_watchpoints(ctx);
        }

        if (attempt == 0 && log_enabled(LOG_IN_ASM)) {
            tb_log_in_asm(cpu, tb);
        }
        if (attempt == 0 && log_enabled(LOG_OP)) {
            log_printf("OP:\n");
            ir_print(ctx, log_file ? log_file : stderr);
            log_printf("\n");
        }
        /* Folding, propagation, then liveness (which back ends rely on). */
        ir_optimize(ctx);
        if (attempt == 0 && log_enabled(LOG_OP_OPT)) {
            log_printf("OP after optimization:\n");
            ir_print(ctx, log_file ? log_file : stderr);
            log_printf("\n");
        }

        if (backend->gen_code(ctx, tb)) {
            break;
        }
        /*
         * The code buffer is full: start again from an empty cache, with every
         * other CPU stopped.  tb_lock is dropped while they stop, since one of
         * them may be waiting for it to finish its own translation.
         */
        free(tb);
        if (attempt > 0) {
            error_report("translation block at 0x%" PRIx64 " does not fit in the code buffer", pc);
            abort();
        }
        g_mutex_unlock(&tb_lock);
        tb_flush();
        g_mutex_lock(&tb_lock);
    }

    if (log_enabled(LOG_OUT_ASM) && backend->dump_code) {
        FILE *f = log_file ? log_file : stderr;
        fprintf(f, "OUT: [size=%u]\n", tb->tc_size);
        backend->dump_code(tb, f);
        fprintf(f, "\n");
    }

    if (tb->size) {
        uint64_t p0 = tb->pc >> TB_PAGE_BITS;
        uint64_t p1 = (tb->pc + tb->size - 1) >> TB_PAGE_BITS;
        tb_page_add(tb, 0, p0);
        if (p1 != p0) {
            tb_page_add(tb, 1, p1);
        }
    }
    g_ptr_array_add(all_tbs, tb);
    unsigned h = tb_hash_func(pc, flags);
    tb->hash_next = tb_hash[h];
    __atomic_store_n(&tb_hash[h], tb, __ATOMIC_RELEASE);
    g_mutex_unlock(&tb_lock);
    return tb;
}
