/*
 * translate.c: the RISC-V (RV64) translation loop and what every trans_
 * function shares: register accessors, block exits, exceptions.
 *
 * One block is a run of instructions within one 4 KiB guest page (only the
 * first instruction of a block may straddle into the next page), ended by an
 * indirect jump, a control transfer it cannot continue through (see the
 * superblock comment below: conditional branches become side exits, forward
 * jumps within the page are followed), an exception, max_insns, or an
 * instruction that asks for it (RV_JUMP_NEXT).  Each instruction is decoded by the first decoder of its
 * length whose guard holds and which accepts it; an instruction no decoder
 * accepts raises an illegal-instruction exception.
 *
 * Invariant: a trans_ function that returns false has emitted no IR, so the
 * next decoder (or the illegal-instruction path) starts from a clean slate.
 */
#include "common.h"
#include "translate.h"
#include "exec.h"
#include "debug.h"
#include "log.h"

/* The guest page size the block-splitting rule uses (Linux riscv64: 4 KiB). */
#define RV_PAGE_SIZE 4096u

IRTemp rv_gpr[32];
IRTemp rv_pc;
IRTemp rv_load_res;
IRTemp rv_load_val;

void rv_init_globals(IRContext *ir)
{
    for (int i = 1; i < 32; i++) {
        rv_gpr[i] = ir_global(ir, IR_I64, offsetof(RISCVCPU, gpr[i]), rv_gpr_names[i]);
    }
    rv_pc = ir_global(ir, IR_I64, offsetof(RISCVCPU, pc), "pc");
    rv_load_res = ir_global(ir, IR_I64, offsetof(RISCVCPU, load_res), "load_res");
    rv_load_val = ir_global(ir, IR_I64, offsetof(RISCVCPU, load_val), "load_val");
    rv_fp_init_globals(ir);
}

IRTemp gpr_src(DisasContext *ctx, int reg)
{
    return reg ? rv_gpr[reg] : ir_const_i64(ctx->ir, 0);
}

/*
 * The destination is the register's global itself, so the common one-op
 * instructions need no copy; callers computing in several steps keep their
 * intermediate values in fresh temps and write the destination last.
 */
IRTemp gpr_dst(DisasContext *ctx, int reg)
{
    return reg ? rv_gpr[reg] : ir_temp_new(ctx->ir, IR_I64);
}

void gen_set_gpr(DisasContext *ctx, int reg, IRTemp val)
{
    if (reg != 0 && val != rv_gpr[reg]) {
        ir_mov(ctx->ir, rv_gpr[reg], val);
    }
}

IRTemp gen_address(DisasContext *ctx, int rs1, int64_t imm)
{
    IRTemp t = ir_temp_new(ctx->ir, IR_I64);

    if (rs1 == 0) {
        ir_movi(ctx->ir, t, (uint64_t)imm);
    } else {
        ir_addi(ctx->ir, t, rv_gpr[rs1], (uint64_t)imm);
    }
    return t;
}

static bool rv_may_chain(DisasContext *ctx)
{
    return !(ctx->tb->cflags & (CF_NO_CHAIN | CF_SINGLE_INSN));
}

void gen_goto_tb(DisasContext *ctx, unsigned slot, uint64_t dest)
{
    /* Side exits took the first slots: callers number this instruction's exits from 0. */
    slot += ctx->next_slot;
    g_assert(slot < TB_MAX_JMP_SLOTS);
    if (rv_may_chain(ctx)) {
        ir_goto_tb(ctx->ir, slot);
        ir_movi(ctx->ir, rv_pc, dest);
        ir_exit_tb(ctx->ir, tb_exit_value(ctx->tb, slot));
    } else {
        ir_movi(ctx->ir, rv_pc, dest);
        ir_exit_tb(ctx->ir, 0);
    }
}

void gen_jump_pc(DisasContext *ctx)
{
    if (rv_may_chain(ctx)) {
        ir_lookup_and_goto_ptr(ctx->ir);
    } else {
        ir_exit_tb(ctx->ir, 0);
    }
}

/*
 * Superblocks.  A conditional branch does not have to end the block: its taken
 * edge becomes a side exit (a brcond to a label placed after the block's last
 * exit, where goto_tb leaves through a slot of its own) and translation goes
 * on along the fall-through path.  Back ends then keep guest registers in
 * host registers along that path.  Two slots stay free for the final exits
 * (a conditional branch needs both), so a block has at most two side exits.
 *
 * In-block loops.  A branch or jump back to the block's first instruction
 * (a loop whose body is this block) jumps to a label before that instruction
 * instead of leaving through goto_tb; it checks exit_request first, as
 * entering a block would, and leaves with TB_EXIT_REQUESTED (the loop then
 * restarts the block at tb->pc, the branch's target) when it is set.
 */
static bool rv_can_continue(DisasContext *ctx, uint64_t next_pc)
{
    return rv_may_chain(ctx) && ctx->nb_insns + 1 < ctx->max_insns &&
           next_pc < ctx->page_end && next_pc >= ctx->tb->pc;
}

static void gen_loop_back(DisasContext *ctx)
{
    IRContext *ir = ctx->ir;
    IRTemp t = ir_temp_new(ir, IR_I32);

    ir_ld(ir, t, ir->env, offsetof(CPUCommon, exit_request), MO_32);
    ir_brcondi(ir, IR_COND_NE, t, 0, ctx->exit_req);
    ctx->exit_req_used = true;
    ir_br(ir, ctx->loop_head);
    ctx->jump = RV_JUMP_DONE;
}

void gen_cond_jump(DisasContext *ctx, IRCond cond, IRTemp a, IRTemp b, uint64_t dest)
{
    IRContext *ir = ctx->ir;
    bool side_ok = ctx->next_slot + 3 <= TB_MAX_JMP_SLOTS;

    /* A back edge needs one slot only, for the exit when not taken. */
    if (dest == ctx->tb->pc && rv_may_chain(ctx) && ctx->next_slot < TB_MAX_JMP_SLOTS) {
        /* The loop's back edge: leave through a side exit when not taken. */
        unsigned k = ctx->nb_side++;
        ctx->side_label[k] = ir_label_new(ir);
        ctx->side_dest[k] = ctx->pc_next;
        ctx->next_slot++;
        ir_brcond(ir, ir_cond_invert(cond), a, b, ctx->side_label[k]);
        gen_loop_back(ctx);
        return;
    }
    if (side_ok && rv_can_continue(ctx, ctx->pc_next)) {
        unsigned k = ctx->nb_side++;
        ctx->side_label[k] = ir_label_new(ir);
        ctx->side_dest[k] = dest;
        ctx->next_slot++;
        ir_brcond(ir, cond, a, b, ctx->side_label[k]);
        ctx->jump = RV_JUMP_NONE;
        return;
    }
    IRLabel taken = ir_label_new(ir);
    ir_brcond(ir, cond, a, b, taken);
    gen_goto_tb(ctx, 1, ctx->pc_next);
    ir_set_label(ir, taken);
    gen_goto_tb(ctx, 0, dest);
    ctx->jump = RV_JUMP_DONE;
}

void gen_direct_jump(DisasContext *ctx, uint64_t dest)
{
    if (dest == ctx->tb->pc && rv_may_chain(ctx)) {
        gen_loop_back(ctx);
        return;
    }
    if (dest > ctx->pc && rv_can_continue(ctx, dest)) {
        /* Forward in the same page: the block goes on at dest (tb->size covers the gap). */
        ctx->pc_next = dest;
        ctx->jump = RV_JUMP_NONE;
        return;
    }
    gen_goto_tb(ctx, 0, dest);
    ctx->jump = RV_JUMP_DONE;
}

void gen_exception(DisasContext *ctx, int excp)
{
    IRContext *ir = ctx->ir;

    ir_movi(ir, rv_pc, ctx->pc);
    ir_callN(ir, &helper_info_rv_raise, IR_TEMP_NONE, ir->env, ir_const_i32(ir, (uint32_t)excp));
    /* Not reached (the helper leaves through cpu_loop_exit); keeps the block well formed. */
    ir_exit_tb(ir, 0);
    ctx->jump = RV_JUMP_DONE;
}

void gen_illegal(DisasContext *ctx)
{
    IRContext *ir = ctx->ir;

    log_mask_printf(LOG_UNIMP, "riscv64: unimplemented/illegal instruction 0x%08x at 0x%" PRIx64 "\n",
                    ctx->opcode, ctx->pc);
    ir_st(ir, ir_const_i32(ir, ctx->opcode), ir->env, offsetof(RISCVCPU, bad_insn), MO_32);
    gen_exception(ctx, RV_EXCP_ILLEGAL);
}

/* The C extension decoder: its trans_ functions are the 32-bit ones. */
#include "decode-insn16.c.inc"

/*
 * Decoders by instruction length.  The base decoder comes first; extension
 * decoders are only consulted when their extension is enabled in misa.
 */
typedef struct RVDecoder32 {
    bool (*guard)(DisasContext *ctx);
    bool (*decode)(DisasContext *ctx, uint32_t insn);
} RVDecoder32;

typedef struct RVDecoder16 {
    bool (*guard)(DisasContext *ctx);
    bool (*decode)(DisasContext *ctx, uint16_t insn);
} RVDecoder16;

static bool rv_guard_always(DisasContext *ctx) { return true; }
static bool rv_guard_fd(DisasContext *ctx) { return has_ext(ctx, 'F') || has_ext(ctx, 'D'); }
static bool rv_guard_b(DisasContext *ctx) { return has_ext(ctx, 'B'); }
static bool rv_guard_c(DisasContext *ctx) { return has_ext(ctx, 'C'); }

static const RVDecoder32 rv_decoders32[] = {
    { rv_guard_always, decode_insn32 },
    { rv_guard_fd, decode_insn32_fd },
    { rv_guard_b, decode_insn32_zb },
};

static const RVDecoder16 rv_decoders16[] = {
    { rv_guard_c, decode_insn16 },
};

static bool rv_decode(DisasContext *ctx)
{
    if (ctx->insn_len == 4) {
        for (size_t i = 0; i < ARRAY_SIZE(rv_decoders32); i++) {
            if (rv_decoders32[i].guard(ctx) && rv_decoders32[i].decode(ctx, ctx->opcode)) {
                return true;
            }
        }
    } else {
        for (size_t i = 0; i < ARRAY_SIZE(rv_decoders16); i++) {
            if (rv_decoders16[i].guard(ctx) && rv_decoders16[i].decode(ctx, (uint16_t)ctx->opcode)) {
                return true;
            }
        }
    }
    return false;
}

/*
 * Fetch the instruction at pc: 2 bytes, then 2 more if it is a 32-bit one
 * (it may straddle a page).  Returns its length, or 0 with *fault_addr set.
 */
static unsigned rv_fetch(CPUCommon *cs, uint64_t pc, uint32_t *insn, uint64_t *fault_addr)
{
    uint8_t b[4];

    if (!guest_code_access->fetch(cs, pc, b, 2)) {
        *fault_addr = pc;
        return 0;
    }
    *insn = b[0] | (uint32_t)b[1] << 8;
    if ((*insn & 3) != 3) {
        return 2;
    }
    if (!guest_code_access->fetch(cs, pc + 2, b + 2, 2)) {
        *fault_addr = pc + 2;
        return 0;
    }
    *insn |= (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    return 4;
}

/* The first instruction cannot be fetched: the block raises the fetch fault. */
static void rv_gen_fetch_fault(DisasContext *ctx, uint64_t fault_addr)
{
    IRContext *ir = ctx->ir;

    ir_st(ir, ir_const_i64(ir, fault_addr), ir->env, offsetof(CPUCommon, fault_addr), MO_64);
    ir_st(ir, ir_const_i32(ir, 2), ir->env, offsetof(CPUCommon, fault_write), MO_32);
    gen_exception(ctx, RV_EXCP_FETCH_FAULT);
}

void rv_translate(IRContext *ir, CPUCommon *cs, TranslationBlock *tb, unsigned max_insns)
{
    RISCVCPU *cpu = rv_cpu(cs);
    DisasContext ctx = {
        .ir = ir, .cpu = cpu, .tb = tb, .jump = RV_JUMP_NONE,
        .misa = (uint32_t)cpu->misa, .frm_known = -1,
    };
    uint64_t pc = tb->pc;
    uint64_t page_end = (pc | (RV_PAGE_SIZE - 1)) + 1;
    unsigned n = 0;

    if (max_insns == 0 || (tb->cflags & CF_SINGLE_INSN)) {
        max_insns = 1;
    }
    ctx.page_end = page_end;
    ctx.max_insns = max_insns;
    ctx.loop_head = ir_label_new(ir);
    ctx.exit_req = ir_label_new(ir);
    ir_set_label(ir, ctx.loop_head);
    for (;;) {
        uint32_t insn = 0;
        uint64_t fault_addr = 0;
        unsigned len;

        if (n > 0 && pc >= page_end) {
            break;
        }
        len = rv_fetch(cs, pc, &insn, &fault_addr);
        if (len == 0) {
            if (n == 0) {
                ir_insn_start(ir, pc, 0);
                ctx.pc = pc;
                ctx.pc_next = fault_addr + 2;
                rv_gen_fetch_fault(&ctx, fault_addr);
                pc = ctx.pc_next;
                n = 1;
            }
            break;
        }
        if (n > 0 && pc + len > page_end) {
            break;      /* a straddling instruction starts its own block */
        }
        ir_insn_start(ir, pc, 0);
        ctx.pc = pc;
        ctx.pc_next = pc + len;
        ctx.opcode = insn;
        ctx.insn_len = len;
        if (debug_breakpoint_test(pc)) {
            /* A debugger's breakpoint: stop before the instruction runs. */
            gen_exception(&ctx, EXCP_DEBUG);
        } else if (!rv_decode(&ctx)) {
            gen_illegal(&ctx);
        }
        n++;
        ctx.nb_insns = n;
        pc = ctx.pc_next;
        if (ctx.jump != RV_JUMP_NONE || n >= max_insns) {
            break;
        }
    }
    if (ctx.jump != RV_JUMP_DONE) {
        gen_goto_tb(&ctx, 0, pc);
    }
    /* The side exits, out of the fall-through path. */
    for (unsigned k = 0; k < ctx.nb_side; k++) {
        ir_set_label(ir, ctx.side_label[k]);
        ir_goto_tb(ir, k);
        ir_movi(ir, rv_pc, ctx.side_dest[k]);
        ir_exit_tb(ir, tb_exit_value(tb, k));
    }
    if (ctx.exit_req_used) {
        ir_set_label(ir, ctx.exit_req);
        ir_exit_tb(ir, tb_exit_value(tb, TB_EXIT_REQUESTED));
    }
    tb->size = (uint32_t)(pc - tb->pc);
    tb->icount = n;
}

/* The reserved encodings insn16.decode lists explicitly. */
bool trans_illegal(DisasContext *ctx, arg_empty *a)
{
    gen_illegal(ctx);
    return true;
}
