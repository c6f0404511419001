/*
 * test-exec.c: the CPU loop, the TB cache, chaining, invalidation and precise
 * exceptions, driven by a toy guest on both back ends.
 *
 * The toy guest has one accumulator and 16-bit instructions in a small code
 * array (guest address = index * 2):
 *   0x1nnn  acc += nnn
 *   0x2nnn  jump to nnn (absolute, direct: goto_tb)
 *   0x3nnn  if acc < nnn * 16 jump back 'nnn'... (see below)
 *   0x4000  raise TOY_EXCP_STOP at this instruction (helper, precise pc)
 *   0x5nnn  acc -= 1; if acc != 0 jump to nnn (conditional, two goto_tb exits)
 *   0x6000  jump to the address held in acc (indirect: goto_ptr)
 *   0x7000  helper that faults after the accumulator was changed by the
 *           previous instruction in the same block: pc must be restored to
 *           this instruction.
 */
#include "common.h"
#include <check.h>
#include <sys/wait.h>
#include <unistd.h>
#include "ir.h"
#include "exec.h"
#include "backend.h"
#include "tb.h"
#include "debug.h"

enum { TOY_EXCP_STOP = EXCP_ARCH, TOY_EXCP_FAULT };

typedef struct ToyCPU {
    CPUCommon common;
    uint64_t pc;
    uint64_t acc;
    uint64_t steps;   /* instructions executed (counted by generated code) */
} ToyCPU;

static uint16_t toy_code[4096];
static uint64_t toy_mem[4096];   /* guest memory: guest_base points here */
static IRTemp g_pc, g_acc, g_steps;

static void toy_init_globals(IRContext *ctx)
{
    g_pc = ir_global(ctx, IR_I64, offsetof(ToyCPU, pc), "pc");
    g_acc = ir_global(ctx, IR_I64, offsetof(ToyCPU, acc), "acc");
    g_steps = ir_global(ctx, IR_I64, offsetof(ToyCPU, steps), "steps");
}

static void toy_get_tb_key(CPUCommon *cpu, uint64_t *pc, uint32_t *flags)
{
    *pc = ((ToyCPU *)cpu)->pc;
    *flags = 0;
}

static void helper_toy_raise(CPUCommon *cpu, uint32_t excp)
{
    cpu_raise_exception(cpu, (int)excp, GETPC());
}
static IR_HELPER_DEF(toy_raise, IR_HT_VOID, IR_HELPER_CAN_RAISE, IR_HT_PTR, IR_HT_I32);

static void toy_exit(IRContext *ctx, TranslationBlock *tb, unsigned slot, uint64_t dest)
{
    ir_goto_tb(ctx, slot);
    ir_movi(ctx, g_pc, dest);
    ir_exit_tb(ctx, tb_exit_value(tb, slot));
}

static void toy_translate(IRContext *ctx, CPUCommon *cpu, TranslationBlock *tb, unsigned max)
{
    uint64_t pc = tb->pc;
    unsigned n = 0;
    bool done = false;
    while (!done) {
        uint16_t insn = toy_code[(pc / 2) % 4096];
        unsigned arg = insn & 0xfff;
        ir_insn_start(ctx, pc, 0);
        n++;
        if (debug_breakpoint_test(pc)) {
            ir_callN(ctx, &helper_info_toy_raise, IR_TEMP_NONE, ctx->env,
                     ir_const_i32(ctx, EXCP_DEBUG));
            pc += 2;
            break;
        }
        ir_addi(ctx, g_steps, g_steps, 1);
        switch (insn >> 12) {
        case 1:
            ir_addi(ctx, g_acc, g_acc, arg);
            break;
        case 2:
            toy_exit(ctx, tb, 0, arg);
            done = true;
            break;
        case 4:
        case 7:
            /* The helper restores pc itself from insn_start: do not store it. */
            ir_callN(ctx, &helper_info_toy_raise, IR_TEMP_NONE, ctx->env,
                     ir_const_i32(ctx, (insn >> 12) == 4 ? TOY_EXCP_STOP : TOY_EXCP_FAULT));
            done = true;
            break;
        case 5: {
            IRLabel taken = ir_label_new(ctx);
            ir_subi(ctx, g_acc, g_acc, 1);
            ir_brcondi(ctx, IR_COND_NE, g_acc, 0, taken);
            toy_exit(ctx, tb, 1, pc + 2);
            ir_set_label(ctx, taken);
            toy_exit(ctx, tb, 0, arg);
            done = true;
            break;
        }
        case 8:
            ir_gst(ctx, g_acc, ir_const_i64(ctx, arg * 8), MO_64, 0);
            break;
        case 9: {
            IRTemp t = ir_temp_new(ctx, IR_I64);
            ir_gld(ctx, t, ir_const_i64(ctx, arg * 8), MO_64, 0);
            ir_add(ctx, g_acc, g_acc, t);
            break;
        }
        case 6:
            ir_mov(ctx, g_pc, g_acc);
            ir_lookup_and_goto_ptr(ctx);
            done = true;
            break;
        default:
            ir_callN(ctx, &helper_info_toy_raise, IR_TEMP_NONE, ctx->env,
                     ir_const_i32(ctx, EXCP_SIGILL_UNIMP));
            done = true;
            break;
        }
        pc += 2;
        if (!done && n >= max) {
            toy_exit(ctx, tb, 0, pc);
            done = true;
        }
    }
    tb->size = (uint32_t)(pc - tb->pc);
    tb->icount = n;
}

static void toy_restore_state(CPUCommon *cpu, const uint64_t *data)
{
    ((ToyCPU *)cpu)->pc = data[0];
}

static uint64_t toy_get_pc(CPUCommon *cpu) { return ((ToyCPU *)cpu)->pc; }
static void toy_set_pc(CPUCommon *cpu, uint64_t pc) { ((ToyCPU *)cpu)->pc = pc; }

static const GuestOps toy_ops = {
    .name = "toy",
    .cpu_size = sizeof(ToyCPU),
    .max_insn_bytes = 2,
    .min_insn_bytes = 2,
    .init_globals = toy_init_globals,
    .get_tb_key = toy_get_tb_key,
    .translate = toy_translate,
    .restore_state = toy_restore_state,
    .get_pc = toy_get_pc,
    .set_pc = toy_set_pc,
};

static bool toy_fetch(CPUCommon *cpu, uint64_t addr, void *buf, unsigned len)
{
    memcpy(buf, (uint8_t *)toy_code + addr, len);
    return addr + len <= sizeof(toy_code);
}
static const GuestCodeAccess toy_code_access = { .fetch = toy_fetch };

static const char *backend_name;

static void setup(void)
{
    static bool done;
    if (!done) {
        GError *err = NULL;
        guest_code_access = &toy_code_access;
        ck_assert_msg(translate_init(backend_name, 16 << 20, &err), "translate_init: %s",
                      err ? err->message : "?");
        done = true;
    }
    tb_flush();
    memset(toy_code, 0, sizeof(toy_code));
    memset(toy_mem, 0, sizeof(toy_mem));
    guest_base = (uintptr_t)toy_mem;
}

static ToyCPU *toy_cpu_new(void)
{
    ToyCPU *c = g_new0(ToyCPU, 1);
    cpu_common_init(&c->common, &toy_ops);
    return c;
}

static void toy_cpu_free(ToyCPU *c)
{
    cpu_common_destroy(&c->common);
    g_free(c);
}

/* A counted loop runs through chained blocks and stops at the right pc. */
START_TEST(test_loop_and_stop)
{
    setup();
    /* 0: acc += 0x100; 2: acc -= 1, loop to 4 while != 0 ... */
    toy_code[0] = 0x1100;          /* acc = 256 */
    toy_code[1] = 0x2004;          /* jump 4 */
    toy_code[2] = 0x5004;          /* 4: acc--, if acc jump 4 */
    toy_code[3] = 0x4000;          /* 6: stop */
    ToyCPU *c = toy_cpu_new();
    int excp = cpu_exec(&c->common);
    ck_assert_int_eq(excp, TOY_EXCP_STOP);
    ck_assert_uint_eq(c->pc, 6);
    ck_assert_uint_eq(c->acc, 0);
    ck_assert_uint_eq(c->steps, 2 + 256 + 1);
    /* The loop block chained to itself. */
    TranslationBlock *tb = tb_lookup(4, 0, 0);
    ck_assert_ptr_nonnull(tb);
    ck_assert_ptr_eq(tb->jmp_dest[0], tb);
    toy_cpu_free(c);
}
END_TEST

/* A helper raising in the middle of a block restores the faulting pc. */
START_TEST(test_precise_exception)
{
    setup();
    toy_code[0] = 0x1001;
    toy_code[1] = 0x1002;
    toy_code[2] = 0x1003;
    toy_code[3] = 0x7000;          /* 6: fault */
    ToyCPU *c = toy_cpu_new();
    int excp = cpu_exec(&c->common);
    ck_assert_int_eq(excp, TOY_EXCP_FAULT);
    ck_assert_uint_eq(c->pc, 6);
    ck_assert_uint_eq(c->acc, 6);
    ck_assert_uint_eq(c->steps, 4);
    toy_cpu_free(c);
}
END_TEST

/* goto_ptr finds the next block through the jump cache. */
START_TEST(test_indirect_jump)
{
    setup();
    toy_code[0] = 0x1010;          /* acc = 0x10 */
    toy_code[1] = 0x6000;          /* jump to acc */
    toy_code[8] = 0x1001;          /* 0x10: acc += 1 */
    toy_code[9] = 0x4000;          /* 0x12: stop */
    ToyCPU *c = toy_cpu_new();
    ck_assert_int_eq(cpu_exec(&c->common), TOY_EXCP_STOP);
    ck_assert_uint_eq(c->pc, 0x12);
    ck_assert_uint_eq(c->acc, 0x11);
    /* Second run: the target block exists, goto_ptr goes straight to it. */
    c->pc = 0;
    c->acc = 0;
    ck_assert_int_eq(cpu_exec(&c->common), TOY_EXCP_STOP);
    ck_assert_uint_eq(c->acc, 0x11);
    toy_cpu_free(c);
}
END_TEST

/* Invalidating a block unchains it; new code at the same pc is translated. */
START_TEST(test_invalidate)
{
    setup();
    toy_code[0] = 0x2004;          /* jump 4 */
    toy_code[2] = 0x1005;          /* 4: acc += 5 */
    toy_code[3] = 0x4000;          /* 6: stop */
    ToyCPU *c = toy_cpu_new();
    ck_assert_int_eq(cpu_exec(&c->common), TOY_EXCP_STOP);
    ck_assert_uint_eq(c->acc, 5);
    TranslationBlock *first = tb_lookup(0, 0, 0);
    ck_assert_ptr_nonnull(first);
    ck_assert_ptr_nonnull(first->jmp_dest[0]);

    toy_code[2] = 0x1007;          /* the guest rewrites its code */
    tb_invalidate_range(4, 6);
    ck_assert_ptr_null(first->jmp_dest[0]);
    ck_assert_ptr_null(tb_lookup(4, 0, 0));
    c->pc = 0;
    c->acc = 0;
    ck_assert_int_eq(cpu_exec(&c->common), TOY_EXCP_STOP);
    ck_assert_uint_eq(c->acc, 7);
    toy_cpu_free(c);
}
END_TEST

/* exit_request stops even a block that chains to itself forever. */
static ToyCPU *spin_cpu;
static gpointer request_exit(gpointer arg)
{
    g_usleep(20000);
    spin_cpu->common.exit_request = 1;
    return NULL;
}

START_TEST(test_exit_request)
{
    setup();
    toy_code[0] = 0x1001;          /* 0: acc++ */
    toy_code[1] = 0x2000;          /* jump 0 */
    spin_cpu = toy_cpu_new();
    GThread *t = g_thread_new("exit", request_exit, NULL);
    ck_assert_int_eq(cpu_exec(&spin_cpu->common), EXCP_INTERRUPT);
    g_thread_join(t);
    ck_assert_uint_eq(spin_cpu->pc, 0);
    ck_assert_uint_gt(spin_cpu->acc, 0);
    ck_assert_uint_eq(spin_cpu->acc * 2, spin_cpu->steps);
    toy_cpu_free(spin_cpu);
}
END_TEST

/* An undefined toy instruction raises with the pc of that instruction. */
START_TEST(test_one_insn_per_tb)
{
    setup();
    opt_one_insn_per_tb = true;
    toy_code[0] = 0x1001;
    toy_code[1] = 0x1001;
    toy_code[2] = 0x0000;          /* undefined */
    ToyCPU *c = toy_cpu_new();
    ck_assert_int_eq(cpu_exec(&c->common), EXCP_SIGILL_UNIMP);
    ck_assert_uint_eq(c->pc, 4);
    ck_assert_uint_eq(c->acc, 2);
    TranslationBlock *tb = tb_lookup(0, 0, CF_SINGLE_INSN);
    ck_assert_ptr_nonnull(tb);
    ck_assert_uint_eq(tb->icount, 1);
    opt_one_insn_per_tb = false;
    toy_cpu_free(c);
}
END_TEST

/* A breakpoint stops before its instruction; single-stepping runs one at a time. */
START_TEST(test_breakpoint_and_step)
{
    setup();
    toy_code[0] = 0x1001;
    toy_code[1] = 0x1002;
    toy_code[2] = 0x1004;
    toy_code[3] = 0x4000;
    ToyCPU *c = toy_cpu_new();
    /* Translate the block first, so the breakpoint must invalidate it. */
    ck_assert_int_eq(cpu_exec(&c->common), TOY_EXCP_STOP);
    c->pc = 0;
    c->acc = 0;
    debug_breakpoint_insert(4);
    ck_assert_int_eq(cpu_exec(&c->common), EXCP_DEBUG);
    ck_assert_uint_eq(c->pc, 4);
    ck_assert_uint_eq(c->acc, 3);
    debug_breakpoint_remove(4);
    c->common.singlestep = true;
    ck_assert_int_eq(cpu_exec(&c->common), EXCP_DEBUG);
    ck_assert_uint_eq(c->pc, 6);
    ck_assert_uint_eq(c->acc, 7);
    c->common.singlestep = false;
    ck_assert_int_eq(cpu_exec(&c->common), TOY_EXCP_STOP);
    toy_cpu_free(c);
}
END_TEST

/* A write watchpoint stops after the writing instruction, with the new value stored. */
START_TEST(test_watchpoint)
{
    setup();
    toy_code[0] = 0x1005;          /* acc = 5 */
    toy_code[1] = 0x8003;          /* 2: mem[3] = acc */
    toy_code[2] = 0x1001;          /* 4: acc++ */
    toy_code[3] = 0x8004;          /* 6: mem[4] = acc */
    toy_code[4] = 0x9004;          /* 8: acc += mem[4] */
    toy_code[5] = 0x4000;          /* 10: stop */
    ToyCPU *c = toy_cpu_new();
    ck_assert(debug_watchpoint_insert(4 * 8, 8, BP_MEM_WRITE));
    ck_assert_int_eq(cpu_exec(&c->common), EXCP_DEBUG);
    ck_assert_uint_eq(c->pc, 8);
    ck_assert_uint_eq(toy_mem[3], 5);
    ck_assert_uint_eq(toy_mem[4], 6);
    ck_assert_uint_eq(c->common.watch_hit_addr, 32);
    ck_assert_int_eq(c->common.watch_hit_flags, BP_MEM_WRITE);
    ck_assert_int_eq(cpu_exec(&c->common), TOY_EXCP_STOP);
    ck_assert_uint_eq(c->acc, 12);
    debug_watchpoint_remove(4 * 8, 8, BP_MEM_WRITE);
    /* A read watchpoint fires on the load. */
    ck_assert(debug_watchpoint_insert(4 * 8, 4, BP_MEM_READ));
    c->pc = 0;
    c->acc = 0;
    ck_assert_int_eq(cpu_exec(&c->common), EXCP_DEBUG);
    ck_assert_uint_eq(c->pc, 10);
    ck_assert_int_eq(c->common.watch_hit_flags, BP_MEM_READ);
    debug_watchpoint_remove_all();
    toy_cpu_free(c);
}
END_TEST

/* An exclusive section waits for spinning CPUs to stop, and they resume after it. */
static volatile bool spin_stop;
static gpointer spin_thread(gpointer arg)
{
    ToyCPU *c = arg;
    while (!spin_stop) {
        int excp = cpu_exec(&c->common);
        if (excp != EXCP_INTERRUPT) {
            return GINT_TO_POINTER(excp);
        }
    }
    return NULL;
}

START_TEST(test_exclusive)
{
    setup();
    toy_code[0] = 0x1001;          /* 0: acc++ */
    toy_code[1] = 0x2000;          /* jump 0 */
    ToyCPU *c[2] = { toy_cpu_new(), toy_cpu_new() };
    GThread *t[2];
    spin_stop = false;
    for (int i = 0; i < 2; i++) {
        t[i] = g_thread_new("spin", spin_thread, c[i]);
    }
    g_usleep(20000);
    for (int round = 0; round < 5; round++) {
        start_exclusive();
        uint64_t a0 = c[0]->acc, a1 = c[1]->acc;
        g_usleep(2000);
        /* Nobody runs guest code inside the section. */
        ck_assert_uint_eq(a0, c[0]->acc);
        ck_assert_uint_eq(a1, c[1]->acc);
        ck_assert(!c[0]->common.running && !c[1]->common.running);
        end_exclusive();
        g_usleep(5000);
    }
    /* A flush with both CPUs running is safe too. */
    tb_flush();
    /* Poll rather than sleep a fixed time: on a loaded 2-core machine the
     * spinning thread may not be scheduled for a while. */
    uint64_t before = c[0]->acc;
    for (int i = 0; i < 500 && c[0]->acc == before; i++) {
        g_usleep(10000);
    }
    ck_assert_uint_gt(c[0]->acc, before);
    spin_stop = true;
    c[0]->common.exit_request = 1;
    c[1]->common.exit_request = 1;
    for (int i = 0; i < 2; i++) {
        ck_assert_ptr_null(g_thread_join(t[i]));
        toy_cpu_free(c[i]);
    }
}
END_TEST

int main(int argc, char **argv)
{
    int failed = 0;
    const char *names[] = { "interp", "jit" };
    for (unsigned i = 0; i < ARRAY_SIZE(names); i++) {
        /* Each back end runs in its own process: translate_init is once per process. */
        pid_t pid = fork();
        if (pid == 0) {
            backend_name = names[i];
            Suite *s = suite_create(names[i]);
            TCase *tc = tcase_create("exec");
            tcase_add_test(tc, test_loop_and_stop);
            tcase_add_test(tc, test_precise_exception);
            tcase_add_test(tc, test_indirect_jump);
            tcase_add_test(tc, test_invalidate);
            tcase_add_test(tc, test_exit_request);
            tcase_add_test(tc, test_one_insn_per_tb);
            tcase_add_test(tc, test_breakpoint_and_step);
            tcase_add_test(tc, test_watchpoint);
            tcase_add_test(tc, test_exclusive);
            suite_add_tcase(s, tc);
            SRunner *sr = srunner_create(s);
            srunner_set_fork_status(sr, CK_NOFORK);
            srunner_run_all(sr, CK_NORMAL);
            int nf = srunner_ntests_failed(sr);
            srunner_free(sr);
            _exit(nf ? 1 : 0);
        }
        int status;
        waitpid(pid, &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            failed++;
        }
    }
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
