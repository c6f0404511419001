/*
 * flow.c: control flow inside a block for the x86-64 JIT: labels, branches,
 * the out-of-line edge stubs, and loop heads.
 *
 * Edge code.  Every path into a label must arrive in the label's register
 * state: for a plain label, every global and local in memory; for a loop head
 * (below), its pinned globals in their registers as well.  A branch emits the
 * code that establishes that state (the "edge code": stores of dirty values,
 * then loads of pinned registers) on the taken path only: a conditional
 * branch jumps to a stub holding the edge code and a jump to the label, so
 * the fall-through path keeps its values in registers, dirty.  Stubs are
 * placed just before their label when nothing falls into it (the side exits of
 * a superblock, where the stub then falls straight into the exit), otherwise
 * after the block's last op.  The edge code is generated while the branch is
 * lowered (it depends on where values are at that point) into a side buffer,
 * and copied when the stub is placed: it is plain register/memory moves
 * relative to r14/rsp, so it runs the same anywhere.
 *
 * Loop heads.  A label reached only by backward branches (a loop inside the
 * block, e.g. a guest loop whose back edge returns to the block's start)
 * pins the globals its loop uses most to registers: the fall-in path loads
 * them before the label, every back edge stores what is dirty and reloads any
 * pinned register that no longer holds its global.  Inside the loop those
 * globals then stay in registers across iterations instead of going through
 * env each time (which puts a store-to-load forward on every loop-carried
 * dependency).
 */
#include "common.h"
#include "jit-internal.h"

static inline uint16_t bit(int r) { return (uint16_t)(1u << r); }

/* Label kinds found by flow_begin's scan. */
enum { JIT_LABEL_PLAIN, JIT_LABEL_LOOP };

/* Most globals a loop head pins: leave the loop body registers for its temps. */
#define JIT_LOOP_MAX_PINNED 8

static unsigned temp_size(JitState *s, IRTemp t)
{
    return s->ctx->temps[t].type == IR_I64 ? MO_64 : MO_32;
}

static IRLabel branch_label(const IRInsn *insn)
{
    return (IRLabel)(insn->opc == IR_OP_br ? insn->args[0] : insn->args[3]);
}

void flow_begin(JitState *s)
{
    IRContext *ctx = s->ctx;
    uint32_t n = ctx->nb_labels;

    if (s->flow_cap < n) {
        s->flow_cap = MAX(n, s->flow_cap * 2);
        s->label_info = g_renew(JitLabel, s->label_info, s->flow_cap);
    }
    for (uint32_t l = 0; l < n; l++) {
        s->label_info[l] = (JitLabel){ .pos = UINT32_MAX, .kind = JIT_LABEL_PLAIN };
    }
    /* A loop head: branched to from after it, never from before it. */
    for (uint32_t i = 0; i < ctx->nb_insns; i++) {
        IRInsn *insn = &ctx->insns[i];
        if (insn->opc == IR_OP_set_label) {
            s->label_info[insn->args[0]].pos = i;
        } else if (insn->opc == IR_OP_br || insn->opc == IR_OP_brcond) {
            JitLabel *li = &s->label_info[branch_label(insn)];
            if (li->pos == UINT32_MAX) {
                li->forward_ref = true;
            } else {
                li->last_back = i;
            }
        }
    }
    for (uint32_t l = 0; l < n; l++) {
        JitLabel *li = &s->label_info[l];
        if (li->pos != UINT32_MAX && li->last_back > li->pos && !li->forward_ref) {
            li->kind = JIT_LABEL_LOOP;
        }
    }
    s->nb_stubs = 0;
    s->stub_code_len = 0;
    s->stub_bytes = 0;
    s->unreachable = false;
}

/* Point the rel32 at disp to label l, now or when it is placed. */
void flow_jump_to_label(JitState *s, uint8_t *disp, IRLabel l)
{
    if (s->label_addr[l]) {
        x86_patch_rel32(disp, s->label_addr[l]);
        return;
    }
    if (s->nb_fixups == s->fixups_cap) {
        s->fixups_cap = MAX(64, s->fixups_cap * 2);
        s->fixups = g_renew(JitFixup, s->fixups, s->fixups_cap);
    }
    s->fixups[s->nb_fixups] = (JitFixup){ .disp = disp, .next = s->label_fixups[l] };
    s->label_fixups[l] = (int32_t)s->nb_fixups++;
}

/*
 * Put each pinned global of loop head li in its register: a parallel move
 * between registers (a cycle is broken through the scratch register), then
 * loads for those only in memory (coherent there: the stores came first).
 */
static void emit_pin_moves(JitState *s, JitLabel *li)
{
    int8_t dst[16], src[16];
    unsigned n = 0;

    for (unsigned i = 0; i < li->nb_pinned; i++) {
        JitTemp *ts = &s->temps[li->pin_temp[i]];
        if (ts->val == JIT_VAL_REG && ts->reg != li->pin_reg[i]) {
            dst[n] = li->pin_reg[i];
            src[n] = ts->reg;
            n++;
        }
    }
    while (n) {
        unsigned k;
        for (k = 0; k < n; k++) {
            bool read_later = false;
            for (unsigned j = 0; j < n; j++) {
                read_later |= j != k && src[j] == dst[k];
            }
            if (!read_later) {
                break;
            }
        }
        if (k == n) {
            /* Only cycles left: free dst[0] by copying its value to the scratch register. */
            x86_mov_rr(&s->b, MO_64, JIT_REG_SCRATCH, dst[0]);
            for (unsigned j = 0; j < n; j++) {
                if (src[j] == dst[0]) {
                    src[j] = JIT_REG_SCRATCH;
                }
            }
            k = 0;
        }
        x86_mov_rr(&s->b, MO_64, dst[k], src[k]);
        dst[k] = dst[n - 1];
        src[k] = src[n - 1];
        n--;
    }
    for (unsigned i = 0; i < li->nb_pinned; i++) {
        IRTemp t = li->pin_temp[i];
        if (s->temps[t].val != JIT_VAL_REG) {
            X86Mem m = ra_home(s, t);
            x86_mov_rm(&s->b, temp_size(s, t), li->pin_reg[i], &m);
        }
    }
}

/*
 * Emit, at s->b, the moves that take the current register state to label l's
 * state.  Changes no allocator state: a conditional branch's fall-through
 * continues from the state before it.
 */
static void emit_edge_code(JitState *s, IRLabel l)
{
    for (int r = 0; r < 16; r++) {
        int32_t t = s->reg_temp[r];
        if (t < 0 || s->temps[t].coherent) {
            continue;
        }
        uint8_t kind = s->ctx->temps[t].kind;
        if (kind == IR_TEMP_GLOBAL || kind == IR_TEMP_LOCAL) {
            X86Mem m = ra_home(s, (IRTemp)t);
            x86_mov_mr(&s->b, temp_size(s, (IRTemp)t), &m, r);
        }
    }
    JitLabel *li = &s->label_info[l];
    if (li->kind == JIT_LABEL_LOOP) {
        emit_pin_moves(s, li);
    }
}

/* Conditional branch on the flags just set: to l, through a stub if the edge needs code. */
void flow_branch_cc(JitState *s, X86Cond cc, IRLabel l)
{
    JitLabel *li = &s->label_info[l];
    X86Buf main = s->b;
    uint32_t need = s->stub_code_len + 512;

    g_assert(li->kind != JIT_LABEL_LOOP || li->placed);
    if (s->stub_code_cap < need) {
        s->stub_code_cap = MAX(need, s->stub_code_cap * 2);
        s->stub_code = g_renew(uint8_t, s->stub_code, s->stub_code_cap);
    }
    s->b.ptr = s->stub_code + s->stub_code_len;
    emit_edge_code(s, l);
    uint32_t len = (uint32_t)(s->b.ptr - (s->stub_code + s->stub_code_len));
    s->b = main;

    uint8_t *disp = x86_jcc_rel32(&s->b, cc, NULL);
    if (len == 0) {
        flow_jump_to_label(s, disp, l);
        return;
    }
    if (s->nb_stubs == s->stubs_cap) {
        s->stubs_cap = MAX(16, s->stubs_cap * 2);
        s->stubs = g_renew(JitStub, s->stubs, s->stubs_cap);
    }
    s->stubs[s->nb_stubs++] = (JitStub){
        .jcc_disp = disp, .label = l, .code_off = s->stub_code_len, .code_len = len,
    };
    s->stub_code_len += len;
    s->stub_bytes += len + 5;
}

/* Place stub k here; it ends with a jump to its label unless it falls into it. */
static void place_stub(JitState *s, JitStub *st, bool fall_through)
{
    x86_patch_rel32(st->jcc_disp, s->b.ptr);
    memcpy(s->b.ptr, s->stub_code + st->code_off, st->code_len);
    s->b.ptr += st->code_len;
    if (!fall_through) {
        flow_jump_to_label(s, x86_jmp_rel32(&s->b, NULL), st->label);
    }
    s->stub_bytes -= st->code_len + 5;
    st->jcc_disp = NULL;
}

void flow_end(JitState *s)
{
    for (uint32_t i = 0; i < s->nb_stubs; i++) {
        if (s->stubs[i].jcc_disp) {
            place_stub(s, &s->stubs[i], false);
        }
    }
}

void flow_br(JitState *s, IRLabel l)
{
    g_assert(s->label_info[l].kind != JIT_LABEL_LOOP || s->label_info[l].placed);
    emit_edge_code(s, l);
    flow_jump_to_label(s, x86_jmp_rel32(&s->b, NULL), l);
    ra_forget_all(s);
    s->unreachable = true;
}

static int cmp_uses(const void *a, const void *b, void *counts)
{
    const uint32_t *c = counts;
    uint32_t ca = c[*(const IRTemp *)a], cb = c[*(const IRTemp *)b];
    return ca < cb ? 1 : ca > cb ? -1 : (int)(*(const IRTemp *)a) - (int)(*(const IRTemp *)b);
}

/* Fall-in to a loop head (everything in memory): load the pinned globals. */
static void setup_loop_head(JitState *s, JitLabel *li)
{
    IRContext *ctx = s->ctx;
    uint32_t ng = ctx->nb_globals;
    uint32_t *counts = g_new0(uint32_t, ng + 1);
    IRTemp *cand = g_new0(IRTemp, ng + 1);
    unsigned nc = 0;

    for (uint32_t i = li->pos + 1; i <= li->last_back; i++) {
        IRInsn *insn = &ctx->insns[i];
        unsigned nio = (unsigned)insn->nb_oargs + insn->nb_iargs;
        if (ir_op_defs[insn->opc].flags & IR_OPF_NOT_PRESENT) {
            continue;
        }
        /* inputs first: a global read before it is written carries a value into the loop */
        for (unsigned k = insn->nb_oargs; k < nio; k++) {
            IRTemp t = (IRTemp)insn->args[k];
            if (t < ng && ctx->temps[t].kind == IR_TEMP_GLOBAL && counts[t] != UINT32_MAX) {
                if (counts[t]++ == 0) {
                    cand[nc++] = t;
                }
            }
        }
        for (unsigned k = 0; k < insn->nb_oargs; k++) {
            IRTemp t = (IRTemp)insn->args[k];
            if (t < ng && ctx->temps[t].kind == IR_TEMP_GLOBAL) {
                if (counts[t] == 0) {
                    counts[t] = UINT32_MAX;     /* written first: nothing to carry */
                } else if (counts[t] != UINT32_MAX) {
                    counts[t]++;
                }
            }
        }
    }
    g_qsort_with_data(cand, (gint)nc, sizeof(IRTemp), cmp_uses, counts);

    /* Callee-saved registers first (ra_alloc's order): they survive helper calls. */
    unsigned free_regs = (unsigned)__builtin_popcount(s->alloc_mask);
    unsigned max = MIN(JIT_LOOP_MAX_PINNED, free_regs > 5 ? free_regs - 5 : 0);
    li->nb_pinned = 0;
    for (unsigned i = 0; i < nc && li->nb_pinned < max; i++) {
        IRTemp t = cand[i];
        int r = ra_load(s, t, 0xffff);
        li->pin_reg[li->nb_pinned] = (int8_t)r;
        li->pin_temp[li->nb_pinned] = t;
        li->nb_pinned++;
    }
    ra_end_op(s);
    g_free(counts);
    g_free(cand);
}

void flow_set_label(JitState *s, IRLabel l)
{
    JitLabel *li = &s->label_info[l];

    if (s->unreachable && li->kind == JIT_LABEL_PLAIN) {
        /* Nothing falls in: this label's stubs go right here, the last one falls in. */
        int32_t last = -1;
        for (uint32_t i = 0; i < s->nb_stubs; i++) {
            if (s->stubs[i].jcc_disp && s->stubs[i].label == l) {
                if (last >= 0) {
                    place_stub(s, &s->stubs[last], false);
                }
                last = (int32_t)i;
            }
        }
        if (last >= 0) {
            place_stub(s, &s->stubs[last], true);
        }
    } else if (!s->unreachable) {
        ra_sync(s, true);
    }
    ra_forget_all(s);
    ra_locals_from_slots(s);
    if (li->kind == JIT_LABEL_LOOP) {
        setup_loop_head(s, li);
    }
    li->placed = true;
    s->label_addr[l] = s->b.ptr;
    for (int32_t f = s->label_fixups[l]; f >= 0; f = s->fixups[f].next) {
        x86_patch_rel32(s->fixups[f].disp, s->b.ptr);
    }
    s->label_fixups[l] = -1;
    s->unreachable = false;
}
