/*
 * optimize.c: the IR optimizer -- constant and copy propagation, folding,
 * unreachable and dead code removal -- and the liveness pass that fills
 * IRInsn.life for the back ends.
 *
 * ir_optimize() makes one forward pass over the insns.  For each temp it
 * knows, within the current basic block, whether the temp holds a constant,
 * which bits of it may be non-zero (z_mask), and which other temps hold the
 * same value (a ring of copies).  Each insn first has its inputs replaced by
 * the best copy (a const temp, else env, a global, a local, a normal temp),
 * then goes to its fold_<op>() function, which may rewrite it in place (into
 * a mov, a simpler op, a br or a nop) and records what is known about its
 * outputs.  ir_liveness() then walks backward and removes what is dead.
 *
 * Invariants of the forward pass:
 *   - knowledge about temp t is valid only while scratch.temps[t].epoch
 *     equals the current epoch; bumping the epoch forgets everything in O(1)
 *     (at labels that branches reach);
 *   - all temps of a ring are valid and have the same type; a temp leaves its
 *     ring before it is written;
 *   - normal temps are dead after a branch and at labels (the IR contract in
 *     ir.h), so they leave every ring there; globals leave every ring where
 *     something may write them behind the IR's back (helpers that may write
 *     globals, st through a host pointer);
 *   - the rewritten program never reads a normal temp in a basic block other
 *     than the one that wrote it, so the contract still holds afterwards;
 *   - nothing is allocated per insn: the scratch arrays are per thread and
 *     only grow (ir_const() may add const temps while the pass runs).
 *
 * Both passes are linear in the number of insns, plus the number of temps for
 * initialisation.
 */
#include "common.h"
#include "ir.h"

typedef struct OptTemp {
    uint32_t prev, next;    /* ring of temps known to hold the same value */
    uint32_t epoch;         /* the knowledge below is valid iff == epoch */
    uint32_t const_temp;    /* the const temp holding val, when is_const */
    bool is_const;
    uint64_t val;           /* the value, when is_const */
    uint64_t z_mask;        /* bits that may be non-zero */
} OptTemp;

/* Liveness flags, one byte per temp. */
enum {
    LIVE_LIVE = 1,          /* the value is read later */
    LIVE_IN_NORMALS = 2,    /* listed in list_a (live normal temps) */
    LIVE_IN_DEAD = 4,       /* listed in list_b (dead globals and locals) */
};

typedef struct OptScratch {
    OptTemp *temps;
    uint8_t *flags;
    uint32_t *list_a, *list_b, *list_c;
    uint32_t temps_cap;
    uint32_t *label_refs;
    uint32_t labels_cap;
    uint32_t epoch;
} OptScratch;

/*
 * Per thread rather than per IRContext because IRContext has no field for
 * it; translation is serialised per thread anyway.
 */
static __thread OptScratch opt_scratch;

static void scratch_grow(OptScratch *s, uint32_t nb_temps)
{
    if (nb_temps <= s->temps_cap) {
        return;
    }
    uint32_t cap = MAX(MAX(nb_temps, s->temps_cap * 2), 256u);
    s->temps = g_renew(OptTemp, s->temps, cap);
    /* epoch 0 is never current: the new entries start out unknown. */
    memset(s->temps + s->temps_cap, 0, (cap - s->temps_cap) * sizeof(OptTemp));
    s->flags = g_renew(uint8_t, s->flags, cap);
    s->list_a = g_renew(uint32_t, s->list_a, cap);
    s->list_b = g_renew(uint32_t, s->list_b, cap);
    s->list_c = g_renew(uint32_t, s->list_c, cap);
    s->temps_cap = cap;
}

static inline uint64_t type_mask(IRType t)
{
    return t == IR_I32 ? 0xffffffffull : ~0ull;
}

static inline unsigned type_width(IRType t)
{
    return t == IR_I32 ? 32 : 64;
}

/* The low len bits set, 0 < len <= 64. */
static inline uint64_t len_mask(unsigned len)
{
    return len >= 64 ? ~0ull : (1ull << len) - 1;
}

/* ---- forward pass state ---- */

typedef struct OptContext {
    IRContext *ir;
    OptScratch *s;
    uint32_t epoch;
    uint32_t nb_normals;    /* valid normal temps, in s->list_a */
    uint32_t nb_globals;    /* valid globals, in s->list_b */
    bool unreachable;       /* after br/exit, until a label */
    int64_t pending_br;     /* index of the br that made the code unreachable, or -1 */
} OptContext;

static inline IRTempKind kind_of(OptContext *oc, IRTemp t)
{
    return (IRTempKind)oc->ir->temps[t].kind;
}

static inline IRType type_of(OptContext *oc, IRTemp t)
{
    return (IRType)oc->ir->temps[t].type;
}

static void new_epoch(OptContext *oc)
{
    OptScratch *s = oc->s;
    if (++s->epoch == 0) {
        for (uint32_t i = 0; i < s->temps_cap; i++) {
            s->temps[i].epoch = 0;
        }
        s->epoch = 1;
    }
    oc->epoch = s->epoch;
    oc->nb_normals = 0;
    oc->nb_globals = 0;
}

static inline bool temp_known(OptContext *oc, IRTemp t)
{
    return oc->s->temps[t].epoch == oc->epoch;
}

/* Make t's knowledge valid (alone in its ring, nothing known unless const). */
static OptTemp *temp_touch(OptContext *oc, IRTemp t)
{
    OptTemp *o = &oc->s->temps[t];
    if (o->epoch != oc->epoch) {
        const IRTempInfo *ti = &oc->ir->temps[t];
        o->epoch = oc->epoch;
        o->prev = o->next = t;
        o->is_const = ti->kind == IR_TEMP_CONST;
        o->const_temp = t;
        o->val = ti->value;
        o->z_mask = o->is_const ? ti->value : type_mask((IRType)ti->type);
        if (ti->kind == IR_TEMP_NORMAL) {
            oc->s->list_a[oc->nb_normals++] = t;
        } else if (ti->kind == IR_TEMP_GLOBAL) {
            oc->s->list_b[oc->nb_globals++] = t;
        }
    }
    return o;
}

static void ring_unlink(OptContext *oc, IRTemp t)
{
    OptTemp *tt = oc->s->temps;
    OptTemp *o = &tt[t];
    tt[o->prev].next = o->next;
    tt[o->next].prev = o->prev;
    o->prev = o->next = t;
}

/* t is about to be written with a value we know nothing about. */
static void temp_set_unknown(OptContext *oc, IRTemp t)
{
    OptTemp *o = temp_touch(oc, t);
    ring_unlink(oc, t);
    o->is_const = false;
    o->z_mask = type_mask(type_of(oc, t));
}

/* Drop t from all knowledge (it is dead, or may have changed unseen). */
static void temp_forget(OptContext *oc, IRTemp t)
{
    if (temp_known(oc, t)) {
        ring_unlink(oc, t);
        oc->s->temps[t].epoch = 0;
    }
}

/* End of a basic block: normal temps are dead from here on. */
static void forget_normals(OptContext *oc)
{
    for (uint32_t i = 0; i < oc->nb_normals; i++) {
        temp_forget(oc, oc->s->list_a[i]);
    }
    oc->nb_normals = 0;
}

/* Something may have written the globals in env. */
static void forget_globals(OptContext *oc)
{
    for (uint32_t i = 0; i < oc->nb_globals; i++) {
        temp_forget(oc, oc->s->list_b[i]);
    }
    oc->nb_globals = 0;
}

static bool temp_const(OptContext *oc, IRTemp t, uint64_t *v)
{
    if (kind_of(oc, t) == IR_TEMP_CONST) {
        *v = oc->ir->temps[t].value;
        return true;
    }
    if (temp_known(oc, t) && oc->s->temps[t].is_const) {
        *v = oc->s->temps[t].val;
        return true;
    }
    return false;
}

static bool temp_is(OptContext *oc, IRTemp t, uint64_t v)
{
    uint64_t x;
    return temp_const(oc, t, &x) && x == v;
}

static inline bool temp_is_const(OptContext *oc, IRTemp t)
{
    uint64_t x;
    return temp_const(oc, t, &x);
}

static uint64_t temp_z(OptContext *oc, IRTemp t)
{
    if (kind_of(oc, t) == IR_TEMP_CONST) {
        return oc->ir->temps[t].value;
    }
    if (temp_known(oc, t)) {
        return oc->s->temps[t].z_mask;
    }
    return type_mask(type_of(oc, t));
}

/* A const temp; ir_const() may add a temp, so the scratch follows. */
static IRTemp opt_const(OptContext *oc, IRType type, uint64_t v)
{
    IRTemp t = ir_const(oc->ir, type, v);
    scratch_grow(oc->s, oc->ir->nb_temps);
    return t;
}

/* Which copy to read: the one whose value is cheapest to get and lives longest. */
static inline int copy_rank(IRTempKind k)
{
    switch (k) {
    case IR_TEMP_CONST: return 4;
    case IR_TEMP_FIXED: return 3;
    case IR_TEMP_GLOBAL: return 2;
    case IR_TEMP_LOCAL: return 1;
    default: return 0;
    }
}

/* Bound on the ring walk; missing a better copy only costs an optimisation. */
#define OPT_RING_SCAN_MAX 32

static IRTemp best_copy(OptContext *oc, IRTemp t)
{
    if (kind_of(oc, t) == IR_TEMP_CONST || !temp_known(oc, t)) {
        return t;
    }
    if (oc->s->temps[t].is_const) {
        return oc->s->temps[t].const_temp;
    }
    /*
     * Ties go to the lowest index, so that every member of a ring picks the
     * same representative and "a == b" tests on temps find equal values.
     */
    IRTemp best = t;
    int best_rank = copy_rank(kind_of(oc, t));
    unsigned n = 0;
    for (IRTemp u = oc->s->temps[t].next; u != t && n < OPT_RING_SCAN_MAX;
         u = oc->s->temps[u].next, n++) {
        int r = copy_rank(kind_of(oc, u));
        if (r > best_rank || (r == best_rank && u < best)) {
            best = u;
            best_rank = r;
        }
    }
    return best;
}

/* dst = src: dst joins src's ring. */
static void temp_copy(OptContext *oc, IRTemp dst, IRTemp src)
{
    temp_set_unknown(oc, dst);
    if (type_of(oc, dst) != type_of(oc, src)) {
        return;
    }
    OptTemp *so = temp_touch(oc, src);
    OptTemp *tt = oc->s->temps;
    OptTemp *d = &tt[dst];
    d->next = so->next;
    d->prev = src;
    tt[so->next].prev = dst;
    so->next = dst;
    d->is_const = so->is_const;
    d->const_temp = so->const_temp;
    d->val = so->val;
    d->z_mask = so->z_mask;
}

/* ---- rewriting insns ---- */

static void insn_to_nop(IRInsn *op)
{
    op->opc = IR_OP_nop;
    op->nb_oargs = op->nb_iargs = op->nb_cargs = 0;
    op->life = 0;
}

static void insn_to_mov(OptContext *oc, IRInsn *op, IRTemp src)
{
    IRTemp out = op->args[0];
    if (out == src) {
        insn_to_nop(op);
        return;
    }
    op->opc = IR_OP_mov;
    op->type = type_of(oc, out);
    op->nb_oargs = 1;
    op->nb_iargs = 1;
    op->nb_cargs = 0;
    op->args[1] = src;
    temp_copy(oc, out, src);
}

static void insn_to_movi(OptContext *oc, IRInsn *op, uint64_t v)
{
    IRTemp out = op->args[0];
    insn_to_mov(oc, op, opt_const(oc, type_of(oc, out), v));
}

/* out = OP a, in the insn's own type. */
static void insn_to_unary(IRInsn *op, IROpcode opc, IRTemp a)
{
    op->opc = opc;
    op->nb_oargs = 1;
    op->nb_iargs = 1;
    op->nb_cargs = 0;
    op->args[1] = a;
}

/* The outputs get a value we know only the possibly non-zero bits of. */
static void finish_out(OptContext *oc, IRInsn *op, uint64_t z)
{
    for (unsigned k = 0; k < op->nb_oargs; k++) {
        IRTemp t = op->args[k];
        temp_set_unknown(oc, t);
        oc->s->temps[t].z_mask &= z;
    }
}

static void fold_default(OptContext *oc, IRInsn *op)
{
    finish_out(oc, op, ~0ull);
}

/* ---- folding ---- */

#define A1 (op->args[1])
#define A2 (op->args[2])

static inline uint64_t op_mask(IRInsn *op)
{
    return type_mask((IRType)op->type);
}

/* Put a constant operand second, so that the identities below look at b only. */
static void swap_commutative(OptContext *oc, IRInsn *op)
{
    if (temp_is_const(oc, A1) && !temp_is_const(oc, A2)) {
        IRTemp t = A1;
        A1 = A2;
        A2 = t;
    }
}

static bool fold_binary_consts(OptContext *oc, IRInsn *op)
{
    uint64_t a, b, r;
    if (temp_const(oc, A1, &a) && temp_const(oc, A2, &b) &&
        ir_fold_binary((IROpcode)op->opc, (IRType)op->type, a, b, &r)) {
        insn_to_movi(oc, op, r);
        return true;
    }
    return false;
}

static bool fold_unary_consts(OptContext *oc, IRInsn *op)
{
    uint64_t a, r;
    if (temp_const(oc, A1, &a) &&
        ir_fold_unary((IROpcode)op->opc, (IRType)op->type, a, &r)) {
        insn_to_movi(oc, op, r);
        return true;
    }
    return false;
}

static void fold_mov(OptContext *oc, IRInsn *op)
{
    insn_to_mov(oc, op, A1);
}

static void fold_add(OptContext *oc, IRInsn *op)
{
    swap_commutative(oc, op);
    if (fold_binary_consts(oc, op)) {
        return;
    }
    if (temp_is(oc, A2, 0)) {
        insn_to_mov(oc, op, A1);
        return;
    }
    finish_out(oc, op, ~0ull);
}

static void fold_sub(OptContext *oc, IRInsn *op)
{
    if (fold_binary_consts(oc, op)) {
        return;
    }
    if (temp_is(oc, A2, 0)) {
        insn_to_mov(oc, op, A1);
        return;
    }
    if (A1 == A2) {
        insn_to_movi(oc, op, 0);
        return;
    }
    if (temp_is(oc, A1, 0)) {
        insn_to_unary(op, IR_OP_neg, A2);
    }
    finish_out(oc, op, ~0ull);
}

/* mul, mulsh, muluh */
static void fold_mul(OptContext *oc, IRInsn *op)
{
    swap_commutative(oc, op);
    if (fold_binary_consts(oc, op)) {
        return;
    }
    if (temp_is(oc, A2, 0)) {
        insn_to_movi(oc, op, 0);
        return;
    }
    if (op->opc == IR_OP_mul && temp_is(oc, A2, 1)) {
        insn_to_mov(oc, op, A1);
        return;
    }
    finish_out(oc, op, ~0ull);
}

/* div, divu, rem, remu: division by zero stays for run time (undefined). */
static void fold_div(OptContext *oc, IRInsn *op)
{
    if (fold_binary_consts(oc, op)) {
        return;
    }
    if (temp_is(oc, A2, 1)) {
        if (op->opc == IR_OP_div || op->opc == IR_OP_divu) {
            insn_to_mov(oc, op, A1);
        } else {
            insn_to_movi(oc, op, 0);
        }
        return;
    }
    finish_out(oc, op, ~0ull);
}

static void fold_and(OptContext *oc, IRInsn *op)
{
    swap_commutative(oc, op);
    if (fold_binary_consts(oc, op)) {
        return;
    }
    uint64_t za = temp_z(oc, A1), zb = temp_z(oc, A2), b;
    if ((za & zb) == 0) {
        insn_to_movi(oc, op, 0);
        return;
    }
    if (A1 == A2) {
        insn_to_mov(oc, op, A1);
        return;
    }
    /* b keeps every bit a may have: x & -1, ext8u-result & 0xff, ... */
    if (temp_const(oc, A2, &b) && (za & ~b) == 0) {
        insn_to_mov(oc, op, A1);
        return;
    }
    finish_out(oc, op, za & zb);
}

static void fold_or(OptContext *oc, IRInsn *op)
{
    swap_commutative(oc, op);
    if (fold_binary_consts(oc, op)) {
        return;
    }
    uint64_t za = temp_z(oc, A1), zb = temp_z(oc, A2);
    if (zb == 0 || A1 == A2) {
        insn_to_mov(oc, op, A1);
        return;
    }
    if (temp_is(oc, A2, op_mask(op))) {
        insn_to_movi(oc, op, op_mask(op));
        return;
    }
    finish_out(oc, op, za | zb);
}

static void fold_xor(OptContext *oc, IRInsn *op)
{
    swap_commutative(oc, op);
    if (fold_binary_consts(oc, op)) {
        return;
    }
    uint64_t za = temp_z(oc, A1), zb = temp_z(oc, A2);
    if (zb == 0) {
        insn_to_mov(oc, op, A1);
        return;
    }
    if (A1 == A2) {
        insn_to_movi(oc, op, 0);
        return;
    }
    if (temp_is(oc, A2, op_mask(op))) {
        insn_to_unary(op, IR_OP_not, A1);
        finish_out(oc, op, ~0ull);
        return;
    }
    finish_out(oc, op, za | zb);
}

static void fold_andc(OptContext *oc, IRInsn *op)
{
    if (fold_binary_consts(oc, op)) {
        return;
    }
    uint64_t za = temp_z(oc, A1), b;
    if (A1 == A2 || za == 0 || temp_is(oc, A2, op_mask(op))) {
        insn_to_movi(oc, op, 0);
        return;
    }
    if (temp_const(oc, A2, &b)) {
        /* b clears no bit that a may have (covers a & ~0). */
        if ((za & b) == 0) {
            insn_to_mov(oc, op, A1);
            return;
        }
        /* b clears every bit that a may have. */
        if ((za & ~b) == 0) {
            insn_to_movi(oc, op, 0);
            return;
        }
    }
    finish_out(oc, op, za);
}

static void fold_orc(OptContext *oc, IRInsn *op)
{
    if (fold_binary_consts(oc, op)) {
        return;
    }
    if (A1 == A2 || temp_is(oc, A2, 0)) {
        insn_to_movi(oc, op, op_mask(op));
        return;
    }
    if (temp_is(oc, A2, op_mask(op))) {
        insn_to_mov(oc, op, A1);
        return;
    }
    finish_out(oc, op, ~0ull);
}

static void fold_eqv(OptContext *oc, IRInsn *op)
{
    swap_commutative(oc, op);
    if (fold_binary_consts(oc, op)) {
        return;
    }
    if (A1 == A2) {
        insn_to_movi(oc, op, op_mask(op));
        return;
    }
    if (temp_is(oc, A2, op_mask(op))) {
        insn_to_mov(oc, op, A1);
        return;
    }
    if (temp_is(oc, A2, 0)) {
        insn_to_unary(op, IR_OP_not, A1);
    }
    finish_out(oc, op, ~0ull);
}

/* neg, not */
static void fold_neg_not(OptContext *oc, IRInsn *op)
{
    if (fold_unary_consts(oc, op)) {
        return;
    }
    finish_out(oc, op, ~0ull);
}

/* shl, shr, sar, rotl, rotr */
static void fold_shift(OptContext *oc, IRInsn *op)
{
    if (fold_binary_consts(oc, op)) {
        return;
    }
    uint64_t mask = op_mask(op), za = temp_z(oc, A1), c;
    if (temp_is(oc, A2, 0)) {
        insn_to_mov(oc, op, A1);
        return;
    }
    if (za == 0) {
        insn_to_movi(oc, op, 0);
        return;
    }
    if (op->opc != IR_OP_shl && op->opc != IR_OP_shr && temp_is(oc, A1, mask)) {
        insn_to_movi(oc, op, mask);
        return;
    }
    uint64_t z = mask;
    if (temp_const(oc, A2, &c) && c < type_width((IRType)op->type)) {
        uint64_t sign = 1ull << (type_width((IRType)op->type) - 1);
        switch (op->opc) {
        case IR_OP_shl:
            z = za << c;
            break;
        case IR_OP_shr:
            z = za >> c;
            break;
        case IR_OP_sar:
            z = (za & sign) ? mask : za >> c;
            break;
        default:
            break;
        }
    }
    finish_out(oc, op, z);
}

/* clz, ctz: out = a ? count(a) : b */
static void fold_count_zeros(OptContext *oc, IRInsn *op)
{
    uint64_t a, r;
    if (temp_const(oc, A1, &a)) {
        if (a == 0) {
            insn_to_mov(oc, op, A2);
        } else if (ir_fold_binary((IROpcode)op->opc, (IRType)op->type, a, 0, &r)) {
            insn_to_movi(oc, op, r);
        } else {
            finish_out(oc, op, ~0ull);
        }
        return;
    }
    finish_out(oc, op, temp_z(oc, A2) | 127);
}

static void fold_ctpop(OptContext *oc, IRInsn *op)
{
    if (fold_unary_consts(oc, op)) {
        return;
    }
    finish_out(oc, op, 127);
}

static void fold_bswap(OptContext *oc, IRInsn *op)
{
    if (fold_unary_consts(oc, op)) {
        return;
    }
    uint64_t z = op->opc == IR_OP_bswap16 ? 0xffff
               : op->opc == IR_OP_bswap32 ? 0xffffffffull : ~0ull;
    finish_out(oc, op, z);
}

/* ext8s .. ext32u within one type: a no-op when a already fits. */
static void fold_ext(OptContext *oc, IRInsn *op)
{
    if (fold_unary_consts(oc, op)) {
        return;
    }
    unsigned bits;
    bool sign;
    switch (op->opc) {
    case IR_OP_ext8s: bits = 8; sign = true; break;
    case IR_OP_ext8u: bits = 8; sign = false; break;
    case IR_OP_ext16s: bits = 16; sign = true; break;
    case IR_OP_ext16u: bits = 16; sign = false; break;
    case IR_OP_ext32s: bits = 32; sign = true; break;
    default: bits = 32; sign = false; break;
    }
    uint64_t m = len_mask(bits), za = temp_z(oc, A1);
    /* A signed extension is a no-op when the field's sign bit is known clear. */
    uint64_t keep = sign ? m >> 1 : m;
    if ((za & ~keep) == 0) {
        insn_to_mov(oc, op, A1);
        return;
    }
    finish_out(oc, op, sign ? ~0ull : za & m);
}

static void fold_ext_i32_i64(OptContext *oc, IRInsn *op)
{
    if (fold_unary_consts(oc, op)) {
        return;
    }
    uint64_t za = temp_z(oc, A1);
    finish_out(oc, op, (za & 0x80000000ull) ? ~0ull : za);
}

/* extu_i32_i64, extrl_i64_i32 */
static void fold_ext_types(OptContext *oc, IRInsn *op)
{
    if (fold_unary_consts(oc, op)) {
        return;
    }
    finish_out(oc, op, temp_z(oc, A1) & 0xffffffffull);
}

/* Whether pos/len of a bitfield op are valid for its type (else: leave it). */
static bool field_ok(IRInsn *op, unsigned pos, unsigned len)
{
    unsigned w = type_width((IRType)op->type);
    return len > 0 && len <= w && pos < w && pos + len <= w;
}

static void fold_extract(OptContext *oc, IRInsn *op)
{
    unsigned pos = (unsigned)op->args[2], len = (unsigned)op->args[3];
    uint64_t a, m = len_mask(len), za = temp_z(oc, A1);
    if (!field_ok(op, pos, len)) {
        finish_out(oc, op, ~0ull);
        return;
    }
    if (temp_const(oc, A1, &a)) {
        insn_to_movi(oc, op, (a >> pos) & m);
        return;
    }
    if (pos == 0 && (za & ~m) == 0) {
        insn_to_mov(oc, op, A1);
        return;
    }
    finish_out(oc, op, (za >> pos) & m);
}

static void fold_sextract(OptContext *oc, IRInsn *op)
{
    unsigned pos = (unsigned)op->args[2], len = (unsigned)op->args[3];
    uint64_t a, m = len_mask(len), za = temp_z(oc, A1), mask = op_mask(op);
    if (!field_ok(op, pos, len)) {
        finish_out(oc, op, ~0ull);
        return;
    }
    if (temp_const(oc, A1, &a)) {
        uint64_t f = (a >> pos) & m;
        if (len < 64 && (f >> (len - 1)) & 1) {
            f |= ~m;
        }
        insn_to_movi(oc, op, f & mask);
        return;
    }
    /* The field's sign bit is clear (or the field is the whole value). */
    if (pos == 0 && (len == type_width((IRType)op->type) || (za & ~(m >> 1)) == 0)) {
        insn_to_mov(oc, op, A1);
        return;
    }
    uint64_t zf = (za >> pos) & m;
    finish_out(oc, op, (zf >> (len - 1)) & 1 ? ~0ull : zf);
}

static void fold_deposit(OptContext *oc, IRInsn *op)
{
    unsigned pos = (unsigned)op->args[3], len = (unsigned)op->args[4];
    uint64_t a, b, m = len_mask(len), mask = op_mask(op);
    if (!field_ok(op, pos, len)) {
        finish_out(oc, op, ~0ull);
        return;
    }
    uint64_t fm = m << pos;
    if (temp_const(oc, A1, &a) && temp_const(oc, A2, &b)) {
        insn_to_movi(oc, op, ((a & ~fm) | ((b << pos) & fm)) & mask);
        return;
    }
    if (len == type_width((IRType)op->type)) {
        insn_to_mov(oc, op, A2);
        return;
    }
    uint64_t za = temp_z(oc, A1), zb = temp_z(oc, A2);
    if (pos == 0 && (za & ~fm) == 0) {
        /* Nothing of a survives outside the field: a zero-extension of b. */
        IRTemp src = A2;
        op->opc = IR_OP_extract;
        op->nb_iargs = 1;
        op->nb_cargs = 2;
        op->args[1] = src;
        op->args[2] = 0;
        op->args[3] = len;
        fold_extract(oc, op);
        return;
    }
    finish_out(oc, op, (za & ~fm) | ((zb << pos) & fm));
}

/* Is cond(a, b) known at translation time?  1 / 0, or -1 if not. */
static int cond_known(OptContext *oc, IRCond cond, IRType type, IRTemp a, IRTemp b)
{
    uint64_t av, bv;
    if (cond == IR_COND_ALWAYS) {
        return 1;
    }
    if (cond == IR_COND_NEVER) {
        return 0;
    }
    bool ac = temp_const(oc, a, &av), bc = temp_const(oc, b, &bv);
    if (ac && bc) {
        return ir_cond_eval(cond, type, av, bv);
    }
    uint64_t za = temp_z(oc, a);
    if (a == b) {
        switch (cond) {
        case IR_COND_EQ: case IR_COND_GE: case IR_COND_LE:
        case IR_COND_GEU: case IR_COND_LEU:
            return 1;
        case IR_COND_NE: case IR_COND_LT: case IR_COND_GT:
        case IR_COND_LTU: case IR_COND_GTU:
            return 0;
        default:
            return za == 0 ? cond == IR_COND_TSTEQ : -1;
        }
    }
    if (bc) {
        switch (cond) {
        case IR_COND_LTU:
            return bv == 0 ? 0 : -1;
        case IR_COND_GEU:
            return bv == 0 ? 1 : -1;
        case IR_COND_EQ:
        case IR_COND_NE:
            /* b has a bit that a can never have. */
            if (bv & ~za) {
                return cond == IR_COND_NE;
            }
            return -1;
        case IR_COND_TSTEQ:
        case IR_COND_TSTNE:
            if ((za & bv) == 0) {
                return cond == IR_COND_TSTEQ;
            }
            return -1;
        default:
            return -1;
        }
    }
    return -1;
}

/* Comparisons: a constant goes second, the condition follows the swap. */
static void swap_cond_args(OptContext *oc, IRInsn *op, unsigned ia, unsigned ic)
{
    if (temp_is_const(oc, op->args[ia]) && !temp_is_const(oc, op->args[ia + 1])) {
        uint64_t t = op->args[ia];
        op->args[ia] = op->args[ia + 1];
        op->args[ia + 1] = t;
        op->args[ic] = ir_cond_swap((IRCond)op->args[ic]);
    }
}

static void fold_setcond(OptContext *oc, IRInsn *op)
{
    swap_cond_args(oc, op, 1, 3);
    int r = cond_known(oc, (IRCond)op->args[3], (IRType)op->type, A1, A2);
    if (r >= 0) {
        insn_to_movi(oc, op, (uint64_t)r);
        return;
    }
    finish_out(oc, op, 1);
}

static void fold_movcond(OptContext *oc, IRInsn *op)
{
    /* args: out, c1, c2, v1, v2, cond */
    swap_cond_args(oc, op, 1, 5);
    IRCond cond = (IRCond)op->args[5];
    IRTemp v1 = op->args[3], v2 = op->args[4];
    int r = cond_known(oc, cond, (IRType)op->type, A1, A2);
    if (r >= 0) {
        insn_to_mov(oc, op, r ? v1 : v2);
        return;
    }
    if (v1 == v2) {
        insn_to_mov(oc, op, v1);
        return;
    }
    /* cond ? 1 : 0 is a setcond (the types agree: see ir_movcond). */
    if ((temp_is(oc, v1, 1) && temp_is(oc, v2, 0)) ||
        (temp_is(oc, v1, 0) && temp_is(oc, v2, 1))) {
        if (temp_is(oc, v1, 0)) {
            cond = ir_cond_invert(cond);
        }
        op->opc = IR_OP_setcond;
        op->nb_iargs = 2;
        op->nb_cargs = 1;
        op->args[3] = cond;
        finish_out(oc, op, 1);
        return;
    }
    finish_out(oc, op, temp_z(oc, v1) | temp_z(oc, v2));
}

static void make_unreachable(OptContext *oc, int64_t br_index)
{
    oc->unreachable = true;
    oc->pending_br = br_index;
}

static void fold_brcond(OptContext *oc, IRInsn *op)
{
    /* args: a, b, cond, label */
    swap_cond_args(oc, op, 0, 2);
    IRLabel l = (IRLabel)op->args[3];
    int r = cond_known(oc, (IRCond)op->args[2], (IRType)op->type, op->args[0], op->args[1]);
    if (r == 0) {
        /* Never taken: no branch, no block end; what we know stays true. */
        oc->s->label_refs[l]--;
        insn_to_nop(op);
        return;
    }
    if (r == 1) {
        op->opc = IR_OP_br;
        op->nb_iargs = 0;
        op->nb_cargs = 1;
        op->args[0] = l;
        make_unreachable(oc, op - oc->ir->insns);
        return;
    }
    forget_normals(oc);
}

static void fold_br(OptContext *oc, IRInsn *op)
{
    make_unreachable(oc, op - oc->ir->insns);
}

/* exit_tb, goto_ptr */
static void fold_exit(OptContext *oc, IRInsn *op)
{
    make_unreachable(oc, -1);
}

static void fold_nothing(OptContext *oc, IRInsn *op)
{
}

static void fold_discard(OptContext *oc, IRInsn *op)
{
    /*
     * Unknown rather than forgotten: t stays listed once, so the lists stay
     * bounded by the number of temps.
     */
    temp_set_unknown(oc, op->args[0]);
}

/* The possibly non-zero bits of a loaded value. */
static uint64_t memop_z(uint64_t mo, IRType type)
{
    unsigned size = mo & MO_SIZE;
    if (size < MO_64 && !(mo & MO_SIGN)) {
        return len_mask(8u << size) & type_mask(type);
    }
    return type_mask(type);
}

static void fold_ld(OptContext *oc, IRInsn *op)
{
    finish_out(oc, op, memop_z(op->args[3], (IRType)op->type));
}

/* gld and the atomics: c: MemOp, mmu_idx; the output is the value loaded. */
static void fold_guest_load(OptContext *oc, IRInsn *op)
{
    finish_out(oc, op, memop_z(ir_insn_cargs(op)[0], (IRType)op->type));
}

static void fold_st(OptContext *oc, IRInsn *op)
{
    /* A host store may hit a global's field in env: be conservative. */
    forget_globals(oc);
}

static void fold_call(OptContext *oc, IRInsn *op)
{
    const IRHelper *h = (const IRHelper *)(uintptr_t)ir_insn_cargs(op)[0];
    if (!(h->flags & IR_HELPER_NO_WRITE_GLOBALS)) {
        forget_globals(oc);
    }
    /* Normal temps are values in the IR, not in env: they survive the call. */
    uint64_t z = h->ret == IR_HT_I32 ? 0xffffffffull : ~0ull;
    finish_out(oc, op, z);
}

typedef void (*FoldFn)(OptContext *oc, IRInsn *op);

static const FoldFn fold_table[IR_OP_COUNT] = {
    [IR_OP_nop] = fold_nothing,
    [IR_OP_insn_start] = fold_nothing,
    [IR_OP_br] = fold_br,
    [IR_OP_brcond] = fold_brcond,
    [IR_OP_discard] = fold_discard,
    [IR_OP_mov] = fold_mov,
    [IR_OP_setcond] = fold_setcond,
    [IR_OP_movcond] = fold_movcond,
    [IR_OP_add] = fold_add,
    [IR_OP_sub] = fold_sub,
    [IR_OP_mul] = fold_mul,
    [IR_OP_mulsh] = fold_mul,
    [IR_OP_muluh] = fold_mul,
    [IR_OP_div] = fold_div,
    [IR_OP_divu] = fold_div,
    [IR_OP_rem] = fold_div,
    [IR_OP_remu] = fold_div,
    [IR_OP_neg] = fold_neg_not,
    [IR_OP_and] = fold_and,
    [IR_OP_or] = fold_or,
    [IR_OP_xor] = fold_xor,
    [IR_OP_andc] = fold_andc,
    [IR_OP_orc] = fold_orc,
    [IR_OP_eqv] = fold_eqv,
    [IR_OP_not] = fold_neg_not,
    [IR_OP_shl] = fold_shift,
    [IR_OP_shr] = fold_shift,
    [IR_OP_sar] = fold_shift,
    [IR_OP_rotl] = fold_shift,
    [IR_OP_rotr] = fold_shift,
    [IR_OP_clz] = fold_count_zeros,
    [IR_OP_ctz] = fold_count_zeros,
    [IR_OP_ctpop] = fold_ctpop,
    [IR_OP_bswap16] = fold_bswap,
    [IR_OP_bswap32] = fold_bswap,
    [IR_OP_bswap64] = fold_bswap,
    [IR_OP_ext8s] = fold_ext,
    [IR_OP_ext8u] = fold_ext,
    [IR_OP_ext16s] = fold_ext,
    [IR_OP_ext16u] = fold_ext,
    [IR_OP_ext32s] = fold_ext,
    [IR_OP_ext32u] = fold_ext,
    [IR_OP_ext_i32_i64] = fold_ext_i32_i64,
    [IR_OP_extu_i32_i64] = fold_ext_types,
    [IR_OP_extrl_i64_i32] = fold_ext_types,
    [IR_OP_extract] = fold_extract,
    [IR_OP_sextract] = fold_sextract,
    [IR_OP_deposit] = fold_deposit,
    [IR_OP_ld] = fold_ld,
    [IR_OP_st] = fold_st,
    [IR_OP_gld] = fold_guest_load,
    [IR_OP_gst] = fold_nothing,
    [IR_OP_atomic_cmpxchg] = fold_guest_load,
    [IR_OP_atomic_xchg] = fold_guest_load,
    [IR_OP_atomic_add] = fold_guest_load,
    [IR_OP_atomic_and] = fold_guest_load,
    [IR_OP_atomic_or] = fold_guest_load,
    [IR_OP_atomic_xor] = fold_guest_load,
    [IR_OP_atomic_smin] = fold_guest_load,
    [IR_OP_atomic_smax] = fold_guest_load,
    [IR_OP_atomic_umin] = fold_guest_load,
    [IR_OP_atomic_umax] = fold_guest_load,
    [IR_OP_mb] = fold_nothing,
    [IR_OP_call] = fold_call,
    [IR_OP_goto_tb] = fold_nothing,
    [IR_OP_exit_tb] = fold_exit,
    [IR_OP_goto_ptr] = fold_exit,
};

#undef A1
#undef A2

static IRLabel branch_label(const IRInsn *op)
{
    return (IRLabel)(op->opc == IR_OP_br ? op->args[0] : op->args[3]);
}

static void opt_set_label(OptContext *oc, IRInsn *op)
{
    IRLabel l = (IRLabel)op->args[0];
    uint32_t *refs = oc->s->label_refs;

    if (oc->unreachable && oc->pending_br >= 0) {
        IRInsn *br = &oc->ir->insns[oc->pending_br];
        if (br->opc == IR_OP_br && br->args[0] == l) {
            /* A branch to the next insn: fall through instead. */
            refs[l]--;
            insn_to_nop(br);
            oc->unreachable = false;
            oc->pending_br = -1;
            /* Other branches may still reach the label: see below. */
        }
    }
    if (oc->unreachable) {
        if (refs[l] == 0) {
            insn_to_nop(op);    /* nothing reaches it: still unreachable */
            return;
        }
        oc->unreachable = false;
        oc->pending_br = -1;
        new_epoch(oc);
        return;
    }
    if (refs[l] == 0) {
        /* Only the fall-through reaches it: the block's state carries on. */
        forget_normals(oc);
    } else {
        new_epoch(oc);
    }
}

void ir_optimize(IRContext *ctx)
{
    OptScratch *s = &opt_scratch;
    OptContext oc = { .ir = ctx, .s = s, .pending_br = -1 };

    scratch_grow(s, ctx->nb_temps);
    if (ctx->nb_labels > s->labels_cap) {
        s->labels_cap = MAX(ctx->nb_labels, s->labels_cap * 2);
        s->label_refs = g_renew(uint32_t, s->label_refs, s->labels_cap);
    }
    /* Count the branches ourselves: folding below changes them. */
    if (ctx->nb_labels) {
        memset(s->label_refs, 0, ctx->nb_labels * sizeof(uint32_t));
    }
    for (uint32_t i = 0; i < ctx->nb_insns; i++) {
        IRInsn *op = &ctx->insns[i];
        if (op->opc == IR_OP_br || op->opc == IR_OP_brcond) {
            s->label_refs[branch_label(op)]++;
        }
    }

    new_epoch(&oc);
    for (uint32_t i = 0; i < ctx->nb_insns; i++) {
        IRInsn *op = &ctx->insns[i];
        switch (op->opc) {
        case IR_OP_nop:
            continue;
        case IR_OP_set_label:
            opt_set_label(&oc, op);
            continue;
        case IR_OP_insn_start:
            /* Kept even when unreachable: back ends count them (insn_end[]). */
            continue;
        default:
            break;
        }
        if (oc.unreachable) {
            if (op->opc == IR_OP_br || op->opc == IR_OP_brcond) {
                s->label_refs[branch_label(op)]--;
            }
            insn_to_nop(op);
            continue;
        }
        unsigned first = op->nb_oargs, end = op->nb_oargs + op->nb_iargs;
        for (unsigned k = first; k < end; k++) {
            op->args[k] = best_copy(&oc, (IRTemp)op->args[k]);
        }
        FoldFn fn = fold_table[op->opc];
        (fn ? fn : fold_default)(&oc, op);
    }

    for (uint32_t l = 0; l < ctx->nb_labels; l++) {
        ctx->labels[l].refs = s->label_refs[l];
    }
    ir_liveness(ctx);
}

/* ---- liveness ---- */

/*
 * Backward, per temp: LIVE_LIVE says the current value is read later.
 *   - normal temps are dead at every block end (labels and branches); the
 *     live ones are listed in list_a so that a block end clears them in time
 *     proportional to their number;
 *   - globals and locals are live at labels and branches (a local may be
 *     read after any label; a global is in env at block ends); the dead ones
 *     are listed in list_b so that those points revive them;
 *   - globals are also live at the exits, at helpers that may read them or
 *     raise, and at ops that can fault; locals are dead at the exits;
 *   - list_c holds every local.
 */
typedef struct LiveContext {
    IRContext *ir;
    uint8_t *flags;
    uint32_t *normals, *dead, *locals;
    uint32_t nb_normals, nb_dead, nb_locals;
} LiveContext;

static void live_set(LiveContext *lc, IRTemp t)
{
    IRTempKind k = (IRTempKind)lc->ir->temps[t].kind;
    if (k == IR_TEMP_CONST || k == IR_TEMP_FIXED) {
        return;
    }
    lc->flags[t] |= LIVE_LIVE;
    if (k == IR_TEMP_NORMAL && !(lc->flags[t] & LIVE_IN_NORMALS)) {
        lc->flags[t] |= LIVE_IN_NORMALS;
        lc->normals[lc->nb_normals++] = t;
    }
}

static void live_kill(LiveContext *lc, IRTemp t)
{
    IRTempKind k = (IRTempKind)lc->ir->temps[t].kind;
    if (k == IR_TEMP_CONST || k == IR_TEMP_FIXED) {
        return;
    }
    lc->flags[t] &= ~LIVE_LIVE;
    if ((k == IR_TEMP_GLOBAL || k == IR_TEMP_LOCAL) && !(lc->flags[t] & LIVE_IN_DEAD)) {
        lc->flags[t] |= LIVE_IN_DEAD;
        lc->dead[lc->nb_dead++] = t;
    }
}

static void live_end_normals(LiveContext *lc)
{
    for (uint32_t i = 0; i < lc->nb_normals; i++) {
        lc->flags[lc->normals[i]] &= ~(LIVE_LIVE | LIVE_IN_NORMALS);
    }
    lc->nb_normals = 0;
}

static void live_revive_all(LiveContext *lc)
{
    for (uint32_t i = 0; i < lc->nb_dead; i++) {
        uint32_t t = lc->dead[i];
        lc->flags[t] = (lc->flags[t] | LIVE_LIVE) & ~LIVE_IN_DEAD;
    }
    lc->nb_dead = 0;
}

static void live_revive_globals(LiveContext *lc)
{
    uint32_t j = 0;
    for (uint32_t i = 0; i < lc->nb_dead; i++) {
        uint32_t t = lc->dead[i];
        if (lc->ir->temps[t].kind == IR_TEMP_GLOBAL) {
            lc->flags[t] = (lc->flags[t] | LIVE_LIVE) & ~LIVE_IN_DEAD;
        } else {
            lc->dead[j++] = t;
        }
    }
    lc->nb_dead = j;
}

static void live_kill_locals(LiveContext *lc)
{
    for (uint32_t i = 0; i < lc->nb_locals; i++) {
        live_kill(lc, lc->locals[i]);
    }
}

static bool live_is(LiveContext *lc, IRTemp t)
{
    IRTempKind k = (IRTempKind)lc->ir->temps[t].kind;
    return k == IR_TEMP_CONST || k == IR_TEMP_FIXED || (lc->flags[t] & LIVE_LIVE);
}

/* Whether the insn must stay even if its outputs are dead. */
static bool insn_has_side_effects(const IRInsn *op)
{
    const IROpDef *def = &ir_op_defs[op->opc];
    if (op->opc == IR_OP_call) {
        const IRHelper *h = (const IRHelper *)(uintptr_t)op->args[op->nb_oargs + op->nb_iargs];
        return !(h->flags & IR_HELPER_NO_SIDE_EFFECTS) ||
               !(h->flags & IR_HELPER_NO_WRITE_GLOBALS) ||
               (h->flags & IR_HELPER_CAN_RAISE);
    }
    return (def->flags & (IR_OPF_SIDE_EFFECTS | IR_OPF_BB_END)) != 0;
}

/* Whether globals must be in env (hence live) just before the insn. */
static bool insn_reads_globals(const IRInsn *op)
{
    if (op->opc == IR_OP_call) {
        const IRHelper *h = (const IRHelper *)(uintptr_t)op->args[op->nb_oargs + op->nb_iargs];
        return !(h->flags & IR_HELPER_NO_READ_GLOBALS) || (h->flags & IR_HELPER_CAN_RAISE);
    }
    return (ir_op_defs[op->opc].flags & IR_OPF_CAN_FAULT) || op->opc == IR_OP_goto_tb;
}

void ir_liveness(IRContext *ctx)
{
    OptScratch *s = &opt_scratch;
    scratch_grow(s, ctx->nb_temps);

    LiveContext lc = {
        .ir = ctx, .flags = s->flags,
        .normals = s->list_a, .dead = s->list_b, .locals = s->list_c,
    };
    /* The end of the block: globals are live in env, nothing else is. */
    memset(lc.flags, 0, ctx->nb_temps);
    for (uint32_t t = 0; t < ctx->nb_temps; t++) {
        switch (ctx->temps[t].kind) {
        case IR_TEMP_GLOBAL:
            lc.flags[t] = LIVE_LIVE;
            break;
        case IR_TEMP_LOCAL:
            lc.locals[lc.nb_locals++] = t;
            lc.flags[t] = LIVE_IN_DEAD;
            lc.dead[lc.nb_dead++] = t;
            break;
        default:
            break;
        }
    }

    for (uint32_t i = ctx->nb_insns; i-- > 0;) {
        IRInsn *op = &ctx->insns[i];
        switch (op->opc) {
        case IR_OP_nop:
        case IR_OP_insn_start:
        case IR_OP_mb:
            op->life = 0;
            continue;
        case IR_OP_set_label:
        case IR_OP_br:
            live_end_normals(&lc);
            live_revive_all(&lc);
            op->life = 0;
            continue;
        case IR_OP_brcond:
            live_end_normals(&lc);
            live_revive_all(&lc);
            break;
        case IR_OP_exit_tb:
        case IR_OP_goto_ptr:
            live_end_normals(&lc);
            live_kill_locals(&lc);
            live_revive_globals(&lc);
            break;
        case IR_OP_discard: {
            IRTemp t = (IRTemp)op->args[0];
            if (ctx->temps[t].kind == IR_TEMP_NORMAL || ctx->temps[t].kind == IR_TEMP_LOCAL) {
                live_kill(&lc, t);
            }
            op->life = 1;
            continue;
        }
        default:
            break;
        }

        unsigned no = op->nb_oargs, ni = op->nb_iargs;
        if (no > 0 && !insn_has_side_effects(op)) {
            bool used = false;
            for (unsigned k = 0; k < no; k++) {
                used |= live_is(&lc, (IRTemp)op->args[k]);
            }
            if (!used) {
                insn_to_nop(op);
                continue;
            }
        }

        uint32_t life = 0;
        for (unsigned k = 0; k < no; k++) {
            IRTemp t = (IRTemp)op->args[k];
            /* Globals never die: their value goes to env anyway (see ir.h). */
            if (!live_is(&lc, t) && ctx->temps[t].kind != IR_TEMP_GLOBAL) {
                life |= 1u << k;
            }
            live_kill(&lc, t);
        }
        if (insn_reads_globals(op)) {
            live_revive_globals(&lc);
        }
        for (unsigned k = no; k < no + ni; k++) {
            IRTemp t = (IRTemp)op->args[k];
            if (!live_is(&lc, t)) {
                if (ctx->temps[t].kind != IR_TEMP_GLOBAL) {
                    life |= 1u << k;
                }
                live_set(&lc, t);
            }
        }
        op->life = life;
    }
}
