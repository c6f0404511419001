/*
 * regalloc.c: register allocation for the x86-64 JIT.
 *
 * A single forward pass over the block, in the style of a local allocator:
 * values stay in host registers for as long as possible (globals across the
 * whole block, until a block end, a label, or a helper that writes them),
 * memory homes are written only when required (sync points: block exits,
 * branches, labels, helper calls, ops that can fault) or when a register is
 * needed for something else (eviction: move to a free register if any,
 * otherwise store).
 *
 * Invariants:
 *   - reg_temp[r] == t  <=>  temps[t].val == JIT_VAL_REG && temps[t].reg == r;
 *   - a register in `locked` is never handed out or evicted during the current
 *     op; `scratch` registers are locked copies owned by no temp;
 *   - at a label every global and local temp is in memory (JIT_VAL_MEM) and
 *     every normal temp is dead.
 */
#include "common.h"
#include "jit-internal.h"

/* Allocation order: callee-saved first (they survive helper calls), then the
 * caller-saved ones, with the registers that div/shift/call need last. */
static const int8_t ra_order[] = {
    X86_RBX, X86_RBP, X86_R12, X86_R13, X86_R15, X86_R8, X86_R9, X86_R10,
    X86_RSI, X86_RDI, X86_RDX, X86_RCX, X86_RAX,
};

static inline uint16_t bit(int r) { return (uint16_t)(1u << r); }

static unsigned temp_size(JitState *s, IRTemp t)
{
    return s->ctx->temps[t].type == IR_I64 ? MO_64 : MO_32;
}

void ra_begin(JitState *s)
{
    IRContext *ctx = s->ctx;

    if (s->temps_cap < ctx->nb_temps) {
        s->temps_cap = MAX(ctx->nb_temps, s->temps_cap * 2);
        s->temps = g_renew(JitTemp, s->temps, s->temps_cap);
    }
    for (int r = 0; r < 16; r++) {
        s->reg_temp[r] = -1;
    }
    for (uint32_t t = 0; t < ctx->nb_temps; t++) {
        JitTemp *ts = &s->temps[t];
        ts->reg = -1;
        ts->slot = -1;
        ts->coherent = true;
        switch (ctx->temps[t].kind) {
        case IR_TEMP_CONST:
            ts->val = JIT_VAL_CONST;
            break;
        case IR_TEMP_GLOBAL:
            ts->val = JIT_VAL_MEM;
            break;
        case IR_TEMP_FIXED:
            ts->val = JIT_VAL_REG;
            ts->reg = JIT_REG_ENV;
            s->reg_temp[JIT_REG_ENV] = (int32_t)t;
            break;
        default:
            ts->val = JIT_VAL_DEAD;
            break;
        }
    }
    s->alloc_mask = 0;
    for (size_t i = 0; i < ARRAY_SIZE(ra_order); i++) {
        s->alloc_mask |= bit(ra_order[i]);
    }
    if (!s->guest_base_zero) {
        s->alloc_mask &= (uint16_t)~bit(JIT_REG_GUEST_BASE);
    }
    s->locked = 0;
    s->scratch = 0;
    s->nb_free_slots = 0;
    s->next_slot = 0;
    s->nb_fpoints = 0;
    s->nb_flocs = 0;
}

X86Mem ra_home(JitState *s, IRTemp t)
{
    IRTempInfo *ti = &s->ctx->temps[t];
    JitTemp *ts = &s->temps[t];

    if (ti->kind == IR_TEMP_GLOBAL) {
        return x86_mem(JIT_REG_ENV, ti->env_offset);
    }
    if (ts->slot < 0) {
        if (s->nb_free_slots) {
            ts->slot = s->free_slots[--s->nb_free_slots];
        } else {
            if (s->next_slot >= JIT_SPILL_SLOTS) {
                /* A block with this many simultaneously spilled temps is a front-end bug. */
                g_error("x86_64 JIT: more than %d spilled temps in one block", JIT_SPILL_SLOTS);
            }
            ts->slot = (int32_t)s->next_slot++;
        }
    }
    return x86_mem(X86_RSP, JIT_STACK_ARGS + ts->slot * 8);
}

static void ra_store(JitState *s, IRTemp t)
{
    JitTemp *ts = &s->temps[t];
    X86Mem m = ra_home(s, t);

    x86_mov_mr(&s->b, temp_size(s, t), &m, ts->reg);
    ts->coherent = true;
}

/* Move the occupant of reg elsewhere: to a free register in dest_ok, or to memory. */
static void ra_evict_to(JitState *s, int reg, uint16_t dest_ok)
{
    int32_t t = s->reg_temp[reg];
    JitTemp *ts;

    if (t < 0) {
        return;
    }
    ts = &s->temps[t];
    g_assert(s->ctx->temps[t].kind != IR_TEMP_FIXED);
    dest_ok &= s->alloc_mask & ~s->locked & ~bit(reg);
    for (size_t i = 0; i < ARRAY_SIZE(ra_order); i++) {
        int r = ra_order[i];
        if ((dest_ok & bit(r)) && s->reg_temp[r] < 0) {
            x86_mov_rr(&s->b, MO_64, r, reg);
            s->reg_temp[r] = t;
            s->reg_temp[reg] = -1;
            ts->reg = (int8_t)r;
            return;
        }
    }
    if (!ts->coherent) {
        ra_store(s, (IRTemp)t);
    }
    s->reg_temp[reg] = -1;
    ts->reg = -1;
    ts->val = JIT_VAL_MEM;
}

void ra_evict(JitState *s, int reg)
{
    ra_evict_to(s, reg, s->alloc_mask);
}

int ra_alloc(JitState *s, uint16_t allowed)
{
    allowed &= s->alloc_mask & ~s->locked;
    for (size_t i = 0; i < ARRAY_SIZE(ra_order); i++) {
        int r = ra_order[i];
        if ((allowed & bit(r)) && s->reg_temp[r] < 0) {
            s->locked |= bit(r);
            return r;
        }
    }
    /* Evict: a value already in memory costs nothing, so prefer one. */
    for (int pass = 0; pass < 2; pass++) {
        for (int i = (int)ARRAY_SIZE(ra_order) - 1; i >= 0; i--) {
            int r = ra_order[i];
            if ((allowed & bit(r)) && (pass || s->temps[s->reg_temp[r]].coherent)) {
                ra_evict_to(s, r, 0);
                s->locked |= bit(r);
                return r;
            }
        }
    }
    g_error("x86_64 JIT: out of registers");
}

int ra_load(JitState *s, IRTemp t, uint16_t allowed)
{
    JitTemp *ts = &s->temps[t];
    int r;

    switch (ts->val) {
    case JIT_VAL_REG:
        if (allowed & bit(ts->reg)) {
            s->locked |= bit(ts->reg);
            return ts->reg;
        }
        r = ra_alloc(s, allowed);
        x86_mov_rr(&s->b, MO_64, r, ts->reg);
        s->scratch |= bit(r);
        return r;
    case JIT_VAL_CONST:
        r = ra_alloc(s, allowed);
        x86_mov_ri(&s->b, r, jit_const_val(s, t));
        s->scratch |= bit(r);
        return r;
    case JIT_VAL_MEM: {
        X86Mem m = ra_home(s, t);
        r = ra_alloc(s, allowed);
        x86_mov_rm(&s->b, temp_size(s, t), r, &m);
        ts->val = JIT_VAL_REG;
        ts->reg = (int8_t)r;
        ts->coherent = true;
        s->reg_temp[r] = (int32_t)t;
        return r;
    }
    default:
        /* Read before any write: the value is undefined; give it a register. */
        r = ra_alloc(s, allowed);
        ts->val = JIT_VAL_REG;
        ts->reg = (int8_t)r;
        ts->coherent = false;
        s->reg_temp[r] = (int32_t)t;
        return r;
    }
}

void ra_load_into(JitState *s, IRTemp t, int reg)
{
    JitTemp *ts = &s->temps[t];

    switch (ts->val) {
    case JIT_VAL_REG:
        if (ts->reg != reg) {
            x86_mov_rr(&s->b, MO_64, reg, ts->reg);
        }
        break;
    case JIT_VAL_CONST:
        x86_mov_ri(&s->b, reg, jit_const_val(s, t));
        break;
    case JIT_VAL_MEM: {
        X86Mem m = ra_home(s, t);
        x86_mov_rm(&s->b, temp_size(s, t), reg, &m);
        break;
    }
    default:
        break;
    }
}

void ra_take(JitState *s, int reg)
{
    g_assert(!(s->locked & bit(reg)));
    if (s->reg_temp[reg] >= 0) {
        ra_evict(s, reg);
    }
    s->locked |= bit(reg);
    s->scratch |= bit(reg);
}

void ra_set_output(JitState *s, IRTemp t, int reg)
{
    JitTemp *ts = &s->temps[t];

    if (ts->val == JIT_VAL_REG && ts->reg != reg) {
        s->reg_temp[ts->reg] = -1;
    }
    g_assert(s->reg_temp[reg] < 0 || s->reg_temp[reg] == (int32_t)t);
    s->reg_temp[reg] = (int32_t)t;
    ts->val = JIT_VAL_REG;
    ts->reg = (int8_t)reg;
    ts->coherent = false;
    s->scratch &= (uint16_t)~bit(reg);
    s->locked |= bit(reg);
}

void ra_free_temp(JitState *s, IRTemp t)
{
    JitTemp *ts = &s->temps[t];
    uint8_t kind = s->ctx->temps[t].kind;

    if (kind != IR_TEMP_NORMAL && kind != IR_TEMP_LOCAL) {
        return;
    }
    if (ts->val == JIT_VAL_REG) {
        s->reg_temp[ts->reg] = -1;
        /* a locked register stays unusable for the rest of the op, as a scratch */
        if (s->locked & bit(ts->reg)) {
            s->scratch |= bit(ts->reg);
        }
    }
    ts->val = JIT_VAL_DEAD;
    ts->reg = -1;
    ts->coherent = true;
    /* a local keeps its slot for the whole block: every path into a label
     * must find it at the same place, even where it is dead on one of them */
    if (ts->slot >= 0 && kind == IR_TEMP_NORMAL) {
        if (!s->free_slots) {
            s->free_slots = g_new(int32_t, JIT_SPILL_SLOTS);
        }
        s->free_slots[s->nb_free_slots++] = ts->slot;
        ts->slot = -1;
    }
}

void ra_release_dead(JitState *s, const IRInsn *insn)
{
    for (unsigned k = insn->nb_oargs; k < (unsigned)insn->nb_oargs + insn->nb_iargs; k++) {
        if (insn->life & (1u << k)) {
            ra_free_temp(s, (IRTemp)insn->args[k]);
        }
    }
}

void ra_sync(JitState *s, bool locals)
{
    for (int r = 0; r < 16; r++) {
        int32_t t = s->reg_temp[r];
        if (t < 0 || s->temps[t].coherent) {
            continue;
        }
        uint8_t kind = s->ctx->temps[t].kind;
        if (kind == IR_TEMP_GLOBAL || (locals && kind == IR_TEMP_LOCAL)) {
            ra_store(s, (IRTemp)t);
        }
    }
}

/*
 * Instead of ra_sync before a guest memory access: note which globals are
 * only in registers (the fault handler recovers them from the ucontext).
 * Called after the access's operands are in registers, right before its
 * first host instruction, so that nothing moves between here and the fault.
 */
void ra_fault_point_begin(JitState *s)
{
    uint32_t first = s->nb_flocs;

    for (int r = 0; r < 16; r++) {
        int32_t t = s->reg_temp[r];
        if (t < 0 || s->temps[t].coherent || s->ctx->temps[t].kind != IR_TEMP_GLOBAL) {
            continue;
        }
        if (s->nb_flocs == s->flocs_cap) {
            s->flocs_cap = MAX(64u, s->flocs_cap * 2);
            s->flocs = g_renew(JitFaultLoc, s->flocs, s->flocs_cap);
        }
        s->flocs[s->nb_flocs++] = (JitFaultLoc){
            .env_offset = s->ctx->temps[t].env_offset,
            .reg = (uint8_t)r,
            .size = temp_size(s, (IRTemp)t) == MO_64 ? 8 : 4,
        };
    }
    if (s->nb_fpoints == s->fpoints_cap) {
        s->fpoints_cap = MAX(32u, s->fpoints_cap * 2);
        s->fpoints = g_renew(JitFaultPoint, s->fpoints, s->fpoints_cap);
    }
    s->fpoints[s->nb_fpoints++] = (JitFaultPoint){
        .start = (uint32_t)(s->b.ptr - s->code_start),
        .first = first,
        .count = s->nb_flocs - first,
    };
}

void ra_fault_point_end(JitState *s)
{
    JitFaultPoint *p = &s->fpoints[s->nb_fpoints - 1];

    if (p->count == 0) {
        /* every global is in env already: a fault needs nothing from us */
        s->nb_fpoints--;
        return;
    }
    p->end = (uint32_t)(s->b.ptr - s->code_start);
}

void ra_forget_normals(JitState *s)
{
    IRContext *ctx = s->ctx;

    for (uint32_t t = ctx->nb_globals; t < ctx->nb_temps; t++) {
        if (ctx->temps[t].kind == IR_TEMP_NORMAL && s->temps[t].val != JIT_VAL_DEAD) {
            ra_free_temp(s, t);
        }
    }
}

void ra_forget_all(JitState *s)
{
    ra_forget_normals(s);
    for (int r = 0; r < 16; r++) {
        int32_t t = s->reg_temp[r];
        if (t < 0 || r == JIT_REG_ENV) {
            continue;
        }
        /* globals and locals were synced by the caller (or the code is unreachable) */
        s->temps[t].val = JIT_VAL_MEM;
        s->temps[t].reg = -1;
        s->temps[t].coherent = true;
        s->reg_temp[r] = -1;
    }
}

/*
 * At a label: a local that died on the path falling in (its last use there)
 * may still be read after the label when a branch brought it, stored in its
 * slot by the branch's edge code.  A local without a slot was never stored:
 * no path defines it.
 */
void ra_locals_from_slots(JitState *s)
{
    IRContext *ctx = s->ctx;

    for (uint32_t t = ctx->nb_globals; t < ctx->nb_temps; t++) {
        JitTemp *ts = &s->temps[t];
        if (ctx->temps[t].kind == IR_TEMP_LOCAL && ts->val == JIT_VAL_DEAD && ts->slot >= 0) {
            ts->val = JIT_VAL_MEM;
            ts->coherent = true;
        }
    }
}

void ra_drop_globals(JitState *s)
{
    for (int r = 0; r < 16; r++) {
        int32_t t = s->reg_temp[r];
        if (t >= 0 && s->ctx->temps[t].kind == IR_TEMP_GLOBAL) {
            g_assert(s->temps[t].coherent);
            s->temps[t].val = JIT_VAL_MEM;
            s->temps[t].reg = -1;
            s->reg_temp[r] = -1;
        }
    }
}

void ra_save_caller_saved(JitState *s, bool drop_globals)
{
    for (int r = 0; r < 16; r++) {
        int32_t t = s->reg_temp[r];
        if (t < 0 || !(JIT_CALLER_SAVED & bit(r))) {
            continue;
        }
        if (drop_globals && s->ctx->temps[t].kind == IR_TEMP_GLOBAL) {
            continue;       /* synced, and dropped by ra_drop_globals after the call */
        }
        ra_evict_to(s, r, (uint16_t)~JIT_CALLER_SAVED);
    }
}

void ra_end_op(JitState *s)
{
    s->locked = 0;
    s->scratch = 0;
}
