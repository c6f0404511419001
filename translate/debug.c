/*
 * debug.c: breakpoints, watchpoints and the watchpoint IR pass (debug.h).
 */
#include "common.h"
#include "debug.h"
#include "exec.h"
#include "backend.h"
#include "tb.h"

typedef struct Watchpoint {
    uint64_t addr, len;
    int flags;
} Watchpoint;

unsigned debug_nb_breakpoints;
static GArray *breakpoints;     /* uint64_t pcs */
static GArray *watchpoints;     /* Watchpoint */

bool debug_breakpoint_lookup(uint64_t pc)
{
    for (guint i = 0; i < debug_nb_breakpoints; i++) {
        if (g_array_index(breakpoints, uint64_t, i) == pc) {
            return true;
        }
    }
    return false;
}

bool debug_breakpoint_insert(uint64_t pc)
{
    if (!breakpoints) {
        breakpoints = g_array_new(false, false, sizeof(uint64_t));
    }
    if (!debug_breakpoint_lookup(pc)) {
        g_array_append_val(breakpoints, pc);
        debug_nb_breakpoints = breakpoints->len;
    }
    /* Blocks containing pc were translated without the check. */
    tb_invalidate_range(pc, pc + 1);
    return true;
}

bool debug_breakpoint_remove(uint64_t pc)
{
    for (guint i = 0; i < debug_nb_breakpoints; i++) {
        if (g_array_index(breakpoints, uint64_t, i) == pc) {
            g_array_remove_index_fast(breakpoints, i);
            debug_nb_breakpoints = breakpoints->len;
            tb_invalidate_range(pc, pc + 1);
            return true;
        }
    }
    return false;
}

void debug_breakpoint_remove_all(void)
{
    while (debug_nb_breakpoints) {
        debug_breakpoint_remove(g_array_index(breakpoints, uint64_t, 0));
    }
}

bool debug_watchpoints_active(void)
{
    return watchpoints && watchpoints->len;
}

bool debug_watchpoint_insert(uint64_t addr, uint64_t len, int flags)
{
    if (!len || !(flags & BP_MEM_ACCESS) || addr + len < addr) {
        return false;
    }
    if (!watchpoints) {
        watchpoints = g_array_new(false, false, sizeof(Watchpoint));
    }
    Watchpoint wp = { addr, len, flags };
    g_array_append_val(watchpoints, wp);
    tb_flush();
    return true;
}

bool debug_watchpoint_remove(uint64_t addr, uint64_t len, int flags)
{
    for (guint i = 0; watchpoints && i < watchpoints->len; i++) {
        Watchpoint *wp = &g_array_index(watchpoints, Watchpoint, i);
        if (wp->addr == addr && wp->len == len && wp->flags == flags) {
            g_array_remove_index(watchpoints, i);
            tb_flush();
            return true;
        }
    }
    return false;
}

void debug_watchpoint_remove_all(void)
{
    if (watchpoints && watchpoints->len) {
        g_array_set_size(watchpoints, 0);
        tb_flush();
    }
}

/* info: access size in bytes (bits 0..7), BP_MEM_READ/WRITE (bits 8..9). */
static void helper_watch_check(CPUCommon *cpu, uint64_t addr, uint32_t info)
{
    uint64_t size = info & 0xff;
    int kind = (int)(info >> 8) & BP_MEM_ACCESS;
    for (guint i = 0; i < watchpoints->len; i++) {
        Watchpoint *wp = &g_array_index(watchpoints, Watchpoint, i);
        if ((wp->flags & kind) && addr < wp->addr + wp->len && wp->addr < addr + size) {
            cpu->watch_hit_addr = wp->addr;
            cpu->watch_hit_flags = kind & BP_MEM_WRITE ? BP_MEM_WRITE : BP_MEM_READ;
            cpu->watch_pending = true;
            /* Re-run just this instruction, unchecked, then report. */
            cpu->cflags_once = CF_SINGLE_INSN | CF_NO_CHAIN | CF_NO_WATCH;
            cpu_loop_exit_restore(cpu, GETPC());
        }
    }
}
static IR_HELPER_DEF(watch_check, IR_HT_VOID, IR_HELPER_NO_WRITE_GLOBALS | IR_HELPER_CAN_RAISE,
                     IR_HT_PTR, IR_HT_I64, IR_HT_I32);

void debug_instrument_watchpoints(IRContext *ctx)
{
    uint32_t n = ctx->nb_insns;
    IRInsn *old = g_memdup2(ctx->insns, sizeof(IRInsn) * n);
    ctx->nb_insns = 0;
    for (uint32_t i = 0; i < n; i++) {
        IRInsn *insn = &old[i];
        int kind = 0;
        IRTemp addr = 0;
        unsigned size = 0;
        switch (insn->opc) {
        case IR_OP_gld:
            kind = BP_MEM_READ;
            addr = (IRTemp)insn->args[1];
            size = memop_size((MemOp)insn->args[2]);
            break;
        case IR_OP_gst:
            kind = BP_MEM_WRITE;
            addr = (IRTemp)insn->args[1];
            size = memop_size((MemOp)insn->args[2]);
            break;
        case IR_OP_atomic_cmpxchg:
            kind = BP_MEM_ACCESS;
            addr = (IRTemp)insn->args[1];
            size = memop_size((MemOp)insn->args[4]);
            break;
        default:
            if (insn->opc >= IR_OP_atomic_xchg && insn->opc <= IR_OP_atomic_umax) {
                kind = BP_MEM_ACCESS;
                addr = (IRTemp)insn->args[1];
                size = memop_size((MemOp)insn->args[3]);
            }
            break;
        }
        if (kind) {
            IRTemp a64 = addr;
            if (ir_temp_type(ctx, addr) == IR_I32) {
                a64 = ir_temp_new(ctx, IR_I64);
                ir_extu_i32_i64(ctx, a64, addr);
            }
            ir_callN(ctx, &helper_info_watch_check, IR_TEMP_NONE, ctx->env, a64,
                     ir_const_i32(ctx, size | (uint32_t)kind << 8));
        }
        /* ir_emit copies the table's counts; calls carry their own. */
        IRInsn *copy = ir_emit(ctx, (IROpcode)insn->opc, (IRType)insn->type, insn->args);
        *copy = *insn;
    }
    g_free(old);
}
