/*
 * jit.c: the x86-64 JIT back end: code buffer, entry/exit code, the Backend
 * operations, and the per-block driver that walks the IR (lower.c does the ops).
 *
 * The code buffer is one memfd mapped twice: a read+write view that the
 * encoder writes through and a read+execute view that runs, so no page is ever
 * writable and executable at once.  Both views are page-aligned, so an offset
 * has the same alignment in either (goto_tb displacements rely on it).
 *
 * Layout: [prologue, exit_zero, epilogue][block][block]...  When a block does
 * not fit, gen_code returns false and the core flushes everything (reset).
 *
 * Entering generated code: jit_prologue(env, tc_ptr, guest_base) saves the
 * callee-saved registers, reserves the frame (spill slots, outgoing stack
 * arguments), loads env into r14 and guest_base into r15, and jumps to the
 * block.  Blocks leave through the epilogue with the exit value in rax.
 */
#include "common.h"
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>
#include <cpuid.h>
#include <capstone/capstone.h>
#include "jit-internal.h"
#include "backend.h"
#include "log.h"

#define JIT_FRAME_SIZE_LIT 8216
_Static_assert(JIT_FRAME_SIZE == JIT_FRAME_SIZE_LIT, "frame size literal for the asm stub");
#define STR_(x) #x
#define STR(x) STR_(x)

/*
 * The exit_entry of the Backend table must be a link-time constant, so the
 * "return 0 to the CPU loop" path for goto_ptr also exists outside the buffer.
 * It unwinds exactly what the prologue set up.
 */
__asm__(
    "    .text\n"
    "    .globl x86_jit_exit_stub\n"
    "    .hidden x86_jit_exit_stub\n"
    "    .type x86_jit_exit_stub, @function\n"
    "x86_jit_exit_stub:\n"
    "    xorl %eax, %eax\n"
    "    addq $" STR(JIT_FRAME_SIZE_LIT) ", %rsp\n"
    "    popq %r15\n"
    "    popq %r14\n"
    "    popq %r13\n"
    "    popq %r12\n"
    "    popq %rbx\n"
    "    popq %rbp\n"
    "    ret\n"
    "    .size x86_jit_exit_stub, .-x86_jit_exit_stub\n");
extern char x86_jit_exit_stub[];

unsigned jit_features;

typedef uintptr_t (*JitEntry)(void *env, void *tc_ptr, uintptr_t guest_base);

static struct {
    uint8_t *rw;            /* writable view */
    uint8_t *rx;            /* executable view */
    size_t size;
    uint8_t *code_gen_start;    /* first block (writable view) */
    uint8_t *code_ptr;          /* next free byte (writable view) */
    JitEntry prologue;
    uint8_t *epilogue_rw, *exit_zero_rw;
} jb;

static JitState jit_state;

/*
 * perf map (-perfmap or CROSSEMU_PERFMAP=1): one "START SIZE NAME" line per
 * block in /tmp/perf-<pid>.map, the file perf report reads to name JIT code.
 * Blocks of an earlier flush keep their lines; perf takes the latest covering
 * entry.  (perf itself applies the map only to anonymous memory, and the
 * code buffer is a memfd mapping: bench/jit-profile.py reads the map instead.)
 */
static FILE *jit_perfmap;

static void jit_perfmap_open(void)
{
    const char *e = getenv("CROSSEMU_PERFMAP");
    char path[64];

    if (!opt_perfmap && (!e || !*e || !strcmp(e, "0"))) {
        return;
    }
    snprintf(path, sizeof(path), "/tmp/perf-%d.map", (int)getpid());
    jit_perfmap = fopen(path, "a");
    if (!jit_perfmap) {
        error_report("CROSSEMU_PERFMAP: cannot open %s: %s", path, g_strerror(errno));
    }
}

static void jit_perfmap_add(const TranslationBlock *tb)
{
    /* written line by line so that a crash still leaves a usable map */
    fprintf(jit_perfmap, "%" PRIxPTR " %" PRIx32 " guest_0x%" PRIx64 "\n",
            (uintptr_t)tb->tc_ptr, tb->tc_size, tb->pc);
    fflush(jit_perfmap);
}

static void jit_detect_features(void)
{
    unsigned a, b, c, d;

    jit_features = 0;
    if (__get_cpuid(1, &a, &b, &c, &d)) {
        if (c & (1u << 23)) {
            jit_features |= JIT_FEAT_POPCNT;
        }
        if (c & (1u << 22)) {
            jit_features |= JIT_FEAT_MOVBE;
        }
    }
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
        if (b & (1u << 3)) {
            jit_features |= JIT_FEAT_BMI1;
        }
        if (b & (1u << 8)) {
            jit_features |= JIT_FEAT_BMI2;
        }
    }
    if (__get_cpuid(0x80000001, &a, &b, &c, &d) && (c & (1u << 5))) {
        jit_features |= JIT_FEAT_LZCNT;
    }
}

/* Prologue, exit_zero and epilogue at the start of the buffer. */
static void jit_emit_entry_code(void)
{
    static const int8_t saved[] = { X86_RBP, X86_RBX, X86_R12, X86_R13, X86_R14, X86_R15 };
    X86Buf b = { .ptr = jb.rw, .rx_delta = jb.rx - jb.rw };

    for (size_t i = 0; i < ARRAY_SIZE(saved); i++) {
        x86_push(&b, saved[i]);
    }
    x86_alu_ri(&b, X86_SUB, MO_64, X86_RSP, JIT_FRAME_SIZE);
    x86_mov_rr(&b, MO_64, JIT_REG_ENV, X86_RDI);
    x86_mov_rr(&b, MO_64, JIT_REG_GUEST_BASE, X86_RDX);
    x86_jmp_r(&b, X86_RSI);

    jb.exit_zero_rw = b.ptr;
    x86_alu_rr(&b, X86_XOR, MO_32, X86_RAX, X86_RAX);
    jb.epilogue_rw = b.ptr;
    x86_alu_ri(&b, X86_ADD, MO_64, X86_RSP, JIT_FRAME_SIZE);
    for (int i = (int)ARRAY_SIZE(saved) - 1; i >= 0; i--) {
        x86_pop(&b, saved[i]);
    }
    x86_ret(&b);

    jb.prologue = (JitEntry)(void *)jb.rx;
    jb.code_gen_start = (uint8_t *)ROUND_UP((uintptr_t)b.ptr, 64);
    jb.code_ptr = jb.code_gen_start;
}

static bool jit_init(size_t code_size, GError **errp)
{
    long page = sysconf(_SC_PAGESIZE);
    int fd;

    code_size = ROUND_UP(code_size, (size_t)page);
    fd = memfd_create("crossemu-jit", MFD_CLOEXEC);
    if (fd < 0) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "memfd_create for the code buffer: %s",
                    g_strerror(errno));
        return false;
    }
    if (ftruncate(fd, (off_t)code_size) < 0) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "sizing the %zu-byte code buffer: %s",
                    code_size, g_strerror(errno));
        close(fd);
        return false;
    }

    /*
     * Ask for the executable view within rel32 reach of our own text, so that
     * helper calls are direct `call rel32`; elsewhere works too (movabs+call).
     */
    uintptr_t text = (uintptr_t)&jit_init;
    uintptr_t hint = text > code_size + (256u << 20) ? text - code_size - (128u << 20)
                                                     : text + (512u << 20);
    hint = ROUND_DOWN(hint, (uintptr_t)page);
    void *rx = mmap((void *)hint, code_size, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
    void *rw = mmap(NULL, code_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (rx == MAP_FAILED || rw == MAP_FAILED) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "mapping the %zu-byte code buffer: %s",
                    code_size, g_strerror(errno));
        if (rx != MAP_FAILED) {
            munmap(rx, code_size);
        }
        if (rw != MAP_FAILED) {
            munmap(rw, code_size);
        }
        return false;
    }
    jb.rx = rx;
    jb.rw = rw;
    jb.size = code_size;
    jit_detect_features();
    jit_emit_entry_code();
    jit_perfmap_open();
    return true;
}

static void jit_reset(void)
{
    jb.code_ptr = jb.code_gen_start;
}

/*
 * In a forked child: both views still map the parent's memfd (MAP_SHARED), so
 * the two processes would write blocks and chain patches into each other's
 * code.  Copy the used part into a fresh memfd and map it over the same two
 * addresses; generated code and every tc_ptr stay valid.  The parent does not
 * touch the buffer until this returns (linux-user holds tb_lock meanwhile).
 */
static void jit_fork_child(void)
{
    size_t used = ROUND_UP((size_t)(jb.code_ptr - jb.rw), (size_t)sysconf(_SC_PAGESIZE));
    int fd = memfd_create("crossemu-jit", MFD_CLOEXEC);
    size_t done = 0;

    if (fd < 0 || ftruncate(fd, (off_t)jb.size) != 0) {
        goto fail;
    }
    while (done < used) {
        ssize_t n = write(fd, jb.rw + done, used - done);
        if (n <= 0) {
            if (n < 0 && errno == EINTR) {
                continue;
            }
            goto fail;
        }
        done += (size_t)n;
    }
    if (mmap(jb.rx, jb.size, PROT_READ | PROT_EXEC, MAP_SHARED | MAP_FIXED, fd, 0) == MAP_FAILED ||
        mmap(jb.rw, jb.size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0) == MAP_FAILED) {
        goto fail;
    }
    close(fd);
    return;
fail:
    /* Running on with a shared buffer would corrupt the parent's code. */
    error_report("fork: cannot copy the JIT code buffer: %s", g_strerror(errno));
    _exit(127);
}

static void jit_prepare_labels(JitState *s, uint32_t nb_labels)
{
    if (s->labels_cap < nb_labels) {
        s->labels_cap = MAX(nb_labels, s->labels_cap * 2);
        s->label_addr = g_renew(uint8_t *, s->label_addr, s->labels_cap);
        s->label_fixups = g_renew(int32_t, s->label_fixups, s->labels_cap);
    }
    for (uint32_t i = 0; i < nb_labels; i++) {
        s->label_addr[i] = NULL;
        s->label_fixups[i] = -1;
    }
    s->nb_fixups = 0;
}

/* The block's fault points in one allocation, for tb->fault_state (NULL: none). */
static JitFaultInfo *jit_fault_info(JitState *s)
{
    if (!s->nb_fpoints) {
        return NULL;
    }
    size_t pts = sizeof(JitFaultPoint) * s->nb_fpoints;
    JitFaultInfo *fi = g_malloc(sizeof(JitFaultInfo) + pts + sizeof(JitFaultLoc) * s->nb_flocs);
    fi->nb_points = s->nb_fpoints;
    memcpy(fi->points, s->fpoints, pts);
    memcpy((uint8_t *)fi->points + pts, s->flocs, sizeof(JitFaultLoc) * s->nb_flocs);
    return fi;
}

/* ucontext_t general register index of each X86Reg. */
static const int8_t jit_greg_index[16] = {
    [X86_RAX] = REG_RAX, [X86_RCX] = REG_RCX, [X86_RDX] = REG_RDX, [X86_RBX] = REG_RBX,
    [X86_RSP] = REG_RSP, [X86_RBP] = REG_RBP, [X86_RSI] = REG_RSI, [X86_RDI] = REG_RDI,
    [X86_R8] = REG_R8, [X86_R9] = REG_R9, [X86_R10] = REG_R10, [X86_R11] = REG_R11,
    [X86_R12] = REG_R12, [X86_R13] = REG_R13, [X86_R14] = REG_R14, [X86_R15] = REG_R15,
};

/*
 * A host fault at code_off in tb: the globals its fault point left in
 * registers go to env, as the ra_sync the access skipped would have put them.
 */
static void jit_restore_fault_state(struct CPUCommon *cpu, const TranslationBlock *tb,
                                    uint32_t code_off, const void *host_uc)
{
    const JitFaultInfo *fi = tb->fault_state;
    const ucontext_t *uc = host_uc;

    if (!fi || getenv("PERF_NO_RESTORE")) {
        return;
    }
    const JitFaultLoc *locs = (const JitFaultLoc *)(const void *)(fi->points + fi->nb_points);
    uint32_t lo = 0, hi = fi->nb_points;
    while (lo < hi) {               /* the first point with start > code_off */
        uint32_t mid = lo + (hi - lo) / 2;
        if (fi->points[mid].start <= code_off) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo == 0 || code_off >= fi->points[lo - 1].end) {
        return;     /* not at a recorded access: every global is in env */
    }
    const JitFaultPoint *p = &fi->points[lo - 1];
    for (uint32_t i = 0; i < p->count; i++) {
        const JitFaultLoc *l = &locs[p->first + i];
        uint64_t v = (uint64_t)uc->uc_mcontext.gregs[jit_greg_index[l->reg]];
        memcpy((uint8_t *)cpu + l->env_offset, &v, l->size);   /* little-endian host */
    }
}

static bool jit_gen_code(IRContext *ctx, TranslationBlock *tb)
{
    JitState *s = &jit_state;
    uint8_t *rw_end = jb.rw + jb.size;
    uint8_t *start = (uint8_t *)ROUND_UP((uintptr_t)jb.code_ptr, 16);
    uint32_t n = ctx->nb_insn_starts, idx = 0;
    uint64_t *insn_data = NULL;
    uint32_t *insn_end = NULL;

    if (start + 2 * JIT_MAX_OP_BYTES > rw_end) {
        return false;
    }
    s->ctx = ctx;
    s->tb = tb;
    s->b.ptr = start;
    s->b.rx_delta = jb.rx - jb.rw;
    s->code_start = start;
    s->code_limit = rw_end - JIT_MAX_OP_BYTES;
    s->epilogue = jb.epilogue_rw;
    s->exit_zero = jb.exit_zero_rw;
    s->guest_base_zero = guest_base == 0;
    jit_prepare_labels(s, ctx->nb_labels);
    ra_begin(s);
    flow_begin(s);
    if (n) {
        insn_data = g_new(uint64_t, 2 * (size_t)n);
        insn_end = g_new(uint32_t, n);
    }

    for (uint32_t i = 0; i < ctx->nb_insns; i++) {
        IRInsn *insn = &ctx->insns[i];

        if (s->b.ptr + s->stub_bytes > s->code_limit) {
            g_free(insn_data);
            g_free(insn_end);
            return false;
        }
        if (insn->opc == IR_OP_insn_start) {
            g_assert(idx < n);
            if (idx > 0) {
                /* cpu_restore_state looks up return address - 1, so a call
                 * ending an insn's code still maps to that insn */
                insn_end[idx - 1] = (uint32_t)(s->b.ptr - start);
            }
            insn_data[2 * idx] = insn->args[0];
            insn_data[2 * idx + 1] = insn->args[1];
            idx++;
            continue;
        }
        if (i + 1 < ctx->nb_insns && lower_fused(s, insn, &ctx->insns[i + 1])) {
            i++;
            continue;
        }
        if (!lower_insn(s, insn)) {
            g_error("x86_64 JIT: no lowering for IR op %s", ir_op_defs[insn->opc].name);
        }
    }
    flow_end(s);
    for (uint32_t f = 0; f < ctx->nb_labels; f++) {
        /* a branch to a label that was never placed is a front-end bug */
        g_assert(s->label_fixups[f] < 0);
    }
    if (idx > 0) {
        insn_end[idx - 1] = (uint32_t)(s->b.ptr - start);
    }

    tb->tc_ptr = start + s->b.rx_delta;
    tb->tc_size = (uint32_t)(s->b.ptr - start);
    tb->insn_data = insn_data;
    tb->insn_end = insn_end;
    tb->fault_state = jit_fault_info(s);
    jb.code_ptr = s->b.ptr;
    if (jit_perfmap) {
        jit_perfmap_add(tb);
    }
    return true;
}

static uintptr_t jit_exec(struct CPUCommon *cpu, TranslationBlock *tb)
{
    return jb.prologue(cpu, tb->tc_ptr, guest_base);
}

static void jit_patch_jump(TranslationBlock *tb, unsigned slot, TranslationBlock *dest)
{
    uint8_t *disp_rx = (uint8_t *)tb->tc_ptr + tb->jmp_insn_offset[slot];
    uint8_t *target = dest ? (uint8_t *)dest->tc_ptr
                           : (uint8_t *)tb->tc_ptr + tb->jmp_reset_offset[slot];
    int64_t rel = target - (disp_rx + 4);
    uint32_t *disp_rw = (uint32_t *)(void *)(disp_rx - (jb.rx - jb.rw));

    g_assert(x86_fits_i32(rel) && ((uintptr_t)disp_rw & 3) == 0);
    /* one aligned 4-byte store: a concurrent executor sees the old or the new jump */
    __atomic_store_n(disp_rw, (uint32_t)(int32_t)rel, __ATOMIC_RELEASE);
}

static bool jit_owns_host_pc(uintptr_t host_pc)
{
    return host_pc >= (uintptr_t)jb.rx && host_pc < (uintptr_t)jb.rx + jb.size;
}

static void jit_dump_code(TranslationBlock *tb, FILE *f)
{
    log_disas(f, CS_ARCH_X86, CS_MODE_64, tb->tc_ptr, tb->tc_size,
              (uint64_t)(uintptr_t)tb->tc_ptr);
}

const Backend backend_x86_64 = {
    .name = "x86_64",
    .init = jit_init,
    .gen_code = jit_gen_code,
    .exec = jit_exec,
    .patch_jump = jit_patch_jump,
    .reset = jit_reset,
    .owns_host_pc = jit_owns_host_pc,
    .restore_fault_state = jit_restore_fault_state,
    .dump_code = jit_dump_code,
    .exit_entry = x86_jit_exit_stub,
    .fork_child = jit_fork_child,
};
