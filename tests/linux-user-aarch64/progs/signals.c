/*
 * signals.c: aarch64 guest signals under crossemu, self-checking (exit 0 =
 * pass).  The layout of the frame is the kernel's (asm/sigcontext.h):
 * ucontext.uc_mcontext = struct sigcontext {fault_address, regs[31], sp,
 * pc, pstate, __reserved[4096]} whose records hold an fpsimd_context
 * (FPSR, FPCR, V0-V31) and, for memory faults, an esr_context.
 *
 * Checked: a handler that rewrites X0, a V register, NZCV, FPSR and FPCR of
 * the interrupted code (which must see them after sigreturn); SIGTRAP on
 * BRK, SIGILL on UDF, SIGSEGV MAPERR on NULL and on a far address (si_addr
 * exact, SIGSEGV and not SIGBUS), SEGV_ACCERR on a write to a read-only page
 * with ESR.WnR, SIGBUS BUS_ADRALN on an unaligned LDXR, CASP, CAS, LDADD, SWP,
 * sigaltstack, SA_SIGINFO fields of sigqueue, SA_RESTART vs EINTR,
 * sigprocmask/sigpending/sigwaitinfo/sigsuspend, a thread spinning in a
 * branch-to-self loop taken out by a tgkill'ed handler, kill between
 * processes with SIGCHLD, rt_sigreturn refusing forged contexts.
 */
#define _GNU_SOURCE
#include <asm/sigcontext.h>
#include <errno.h>
#include <execinfo.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

static int failures;
#define CHECK(c) do { if (!(c)) { printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); \
                                   failures++; } } while (0)

/* ---- the frame's records ---- */

static struct _aarch64_ctx *find_record(ucontext_t *uc, uint32_t magic)
{
    uint8_t *p = (uint8_t *)uc->uc_mcontext.__reserved;
    uint8_t *end = p + sizeof(uc->uc_mcontext.__reserved);

    while (p + sizeof(struct _aarch64_ctx) <= end) {
        struct _aarch64_ctx *h = (struct _aarch64_ctx *)p;
        if (h->magic == 0 || h->size < sizeof(*h)) {
            return NULL;
        }
        if (h->magic == magic) {
            return h;
        }
        p += h->size;
    }
    return NULL;
}

/* ---- 1. a handler that rewrites the interrupted context ---- */

struct ctx_io {
    uint64_t in_x0;             /* 0 */
    uint64_t pad;               /* 8 */
    uint64_t in_v16[2];         /* 16 */
    uint64_t out_x0;            /* 32 */
    uint64_t out_nzcv;          /* 40 */
    uint64_t out_v16[2];        /* 48 */
    uint64_t out_fpcr;          /* 64 */
    uint64_t out_fpsr;          /* 72 */
    uint64_t out_x20;           /* 80 */
};

void ctx_probe(struct ctx_io *io);
extern char ctx_probe_brk[];
__asm__(".text\n.globl ctx_probe\n.type ctx_probe, %function\nctx_probe:\n"
        "  .cfi_startproc\n"
        "  stp x29, x30, [sp, #-32]!\n"
        "  .cfi_def_cfa_offset 32\n"
        "  .cfi_offset 29, -32\n"
        "  .cfi_offset 30, -24\n"
        "  str x20, [sp, #16]\n"
        "  mov x9, x0\n"
        "  ldr q16, [x9, #16]\n"
        "  movz x20, #0x2020\n"
        "  msr fpsr, xzr\n"
        "  msr nzcv, xzr\n"
        "  ldr x0, [x9, #0]\n"
        ".globl ctx_probe_brk\nctx_probe_brk:\n"
        "  brk #0x123\n"
        "  str x0, [x9, #32]\n"
        "  mrs x10, nzcv\n"
        "  str x10, [x9, #40]\n"
        "  str q16, [x9, #48]\n"
        "  mrs x10, fpcr\n"
        "  str x10, [x9, #64]\n"
        "  mrs x10, fpsr\n"
        "  str x10, [x9, #72]\n"
        "  str x20, [x9, #80]\n"
        "  msr fpcr, xzr\n"
        "  msr fpsr, xzr\n"
        "  ldr x20, [sp, #16]\n"
        "  ldp x29, x30, [sp], #32\n"
        "  .cfi_def_cfa_offset 0\n"
        "  ret\n"
        "  .cfi_endproc\n"
        ".size ctx_probe, .-ctx_probe\n");

static volatile int trap_seen, trap_code;
static volatile uintptr_t trap_addr;
static volatile int trap_esr_present;
static volatile int trap_ok_in;

static volatile int trap_frame_ok, trap_restorer_ok;
static void *trap_bt[32];
static volatile int trap_bt_n;

static void __attribute__((noinline)) on_trap(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    struct fpsimd_context *fp = (struct fpsimd_context *)find_record(uc, FPSIMD_MAGIC);
    mcontext_t *mc = &uc->uc_mcontext;
    const uint32_t *ra = __builtin_return_address(0);
    /* Our own frame record holds the x29 we were entered with. */
    const uint64_t *own = __builtin_frame_address(0);
    const uint64_t *record = (const uint64_t *)own[0];

    /*
     * The kernel's layout: struct rt_sigframe {siginfo (128); ucontext (4560)}
     * at sp, then the frame record {x29, x30} of the interrupted code, which
     * x29 points to; x30 = a "mov x8, #139; svc #0" sigreturn trampoline
     * (what unwinders such as libgcc's recognise a signal frame by).
     */
    trap_frame_ok = (uintptr_t)ucv == (uintptr_t)si + 128 && sizeof(ucontext_t) == 4560 &&
                    (uintptr_t)record == (uintptr_t)ucv + 4560 &&
                    record[0] == mc->regs[29] && record[1] == mc->regs[30];
    trap_restorer_ok = ra[0] == 0xd2801168u && ra[1] == 0xd4000001u;
    /* The unwinder crosses the signal frame by that trampoline and the sigcontext. */
    trap_bt_n = backtrace(trap_bt, 32);

    trap_seen = sig;
    trap_code = si->si_code;
    trap_addr = (uintptr_t)si->si_addr;
    trap_esr_present = find_record(uc, ESR_MAGIC) != NULL;
    /* What the interrupted code had. */
    trap_ok_in = mc->pc == (uintptr_t)ctx_probe_brk && mc->regs[0] == 0x1234567890abcdefull &&
                 mc->regs[20] == 0x2020 && (mc->pstate & 0xf0000000u) == 0 && fp != NULL &&
                 fp->head.size == sizeof(*fp) && fp->vregs[16] ==
                 (((__uint128_t)0x0102030405060708ull << 64) | 0x1112131415161718ull) &&
                 fp->fpsr == 0 && mc->sp % 16 == 0;
    /* What it gets back: skip the brk, new X0, NZCV = N and C, V16, FPCR RMode, FPSR IOC. */
    mc->pc += 4;
    mc->regs[0] = 0xfeedfacecafebeefull;
    mc->pstate = (mc->pstate & ~0xf0000000ull) | 0xa0000000ull;
    if (fp) {
        fp->vregs[16] = ((__uint128_t)0xa5a5a5a5deadbeefull << 64) | 0x0f1e2d3c4b5a6978ull;
        fp->fpcr = 3u << 22;     /* round towards zero */
        fp->fpsr = 1u;           /* IOC */
    }
}

static void __attribute__((noinline)) test_context(void)
{
    struct ctx_io io;
    struct sigaction sa;
    void *warm[4];
    int bt_probe = -1, bt_caller = -1;

    memset(&io, 0, sizeof(io));
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_trap;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGTRAP, &sa, NULL);
    /* The first backtrace() loads libgcc's unwinder: not in the handler. */
    backtrace(warm, 4);
    io.in_x0 = 0x1234567890abcdefull;
    io.in_v16[0] = 0x1112131415161718ull;
    io.in_v16[1] = 0x0102030405060708ull;
    ctx_probe(&io);
    CHECK(trap_seen == SIGTRAP);
    CHECK(trap_code == TRAP_BRKPT);
    CHECK(trap_addr == (uintptr_t)ctx_probe_brk);
    CHECK(trap_ok_in);
    CHECK(trap_frame_ok);
    CHECK(trap_restorer_ok);
    for (int i = 0; i < trap_bt_n; i++) {
        if (trap_bt[i] == (void *)ctx_probe_brk && bt_probe < 0) {
            bt_probe = i;
        } else if (bt_probe >= 0 && (char *)trap_bt[i] >= (char *)test_context &&
                   (char *)trap_bt[i] < (char *)test_context + 512 && bt_caller < 0) {
            bt_caller = i;
        }
    }
    printf("backtrace from the handler: %d frames, interrupted pc at #%d, its caller at #%d\n",
           trap_bt_n, bt_probe, bt_caller);
    CHECK(bt_probe > 0 && bt_caller > bt_probe);
    CHECK(io.out_x0 == 0xfeedfacecafebeefull);
    CHECK(io.out_nzcv == 0xa0000000ull);
    CHECK(io.out_v16[0] == 0x0f1e2d3c4b5a6978ull && io.out_v16[1] == 0xa5a5a5a5deadbeefull);
    CHECK(io.out_fpcr == (3u << 22));
    CHECK(io.out_fpsr == 1u);
    CHECK(io.out_x20 == 0x2020);
    printf("context: BRK -> SIGTRAP TRAP_BRKPT at pc; handler rewrote x0 %llx nzcv %llx "
           "v16 %016llx%016llx fpcr %llx fpsr %llx (in-state %s, frame layout %s, "
           "restorer %s)\n",
           (unsigned long long)io.out_x0, (unsigned long long)io.out_nzcv,
           (unsigned long long)io.out_v16[1], (unsigned long long)io.out_v16[0],
           (unsigned long long)io.out_fpcr, (unsigned long long)io.out_fpsr,
           trap_ok_in ? "ok" : "WRONG", trap_frame_ok ? "ok" : "WRONG",
           trap_restorer_ok ? "ok" : "WRONG");
    signal(SIGTRAP, SIG_DFL);
}

/*
 * excl_across_signal(p): LDXR, a BRK whose handler just steps over it, then
 * STXR: the exception return cleared the exclusive monitor, so STXR fails
 * (returns 1) and memory is unchanged.
 */
uint64_t excl_across_signal(uint64_t *p);
__asm__(".text\n.globl excl_across_signal\nexcl_across_signal:\n"
        "  mov x9, x0\n"
        "  ldxr x10, [x9]\n"
        "  brk #0x1\n"
        "  add x10, x10, #1\n"
        "  stxr w0, x10, [x9]\n"
        "  ret\n");

static void on_trap_skip(int sig, siginfo_t *si, void *ucv)
{
    (void)sig;
    (void)si;
    ((ucontext_t *)ucv)->uc_mcontext.pc += 4;
}

static void test_excl_signal(void)
{
    struct sigaction sa;
    uint64_t v = 41, st;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_trap_skip;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGTRAP, &sa, NULL);
    st = excl_across_signal(&v);
    printf("LDXR, signal, STXR: status %llu, memory %llu\n", (unsigned long long)st,
           (unsigned long long)v);
    CHECK(st == 1 && v == 41);
    signal(SIGTRAP, SIG_DFL);
}

/* ---- 2. synchronous faults ---- */

uint64_t fault_load(uintptr_t p);         /* ldr x0, [x0] */
uint64_t fault_store(uintptr_t p);        /* str x1, [x0] with x1 = 7, returns 0 */
uint64_t fault_udf(void);                 /* udf #0x55, returns 0 */
uint64_t fault_ldxr(uintptr_t p);         /* ldxr x0, [x0] */
extern char fault_load_insn[], fault_store_insn[], fault_udf_insn[], fault_ldxr_insn[];
/* LSE atomics as raw words (this file is built for Armv8.0), p in x0. */
uint64_t fault_casp(uintptr_t p), fault_cas(uintptr_t p), fault_ldadd(uintptr_t p),
    fault_swp(uintptr_t p);
extern char fault_casp_insn[], fault_cas_insn[], fault_ldadd_insn[], fault_swp_insn[];
__asm__(".text\n"
        ".globl fault_casp\nfault_casp:\n  mov x4, x0\n  mov x0, #0\n  mov x1, #0\n"
        "  mov x2, #1\n  mov x3, #2\n"
        ".globl fault_casp_insn\nfault_casp_insn:\n  .inst 0x4860fc82\n  ret\n"  /* caspal x0,x1,x2,x3,[x4] */
        ".globl fault_cas\nfault_cas:\n  mov x1, #0\n  mov x2, #5\n"
        ".globl fault_cas_insn\nfault_cas_insn:\n  .inst 0xc8e1fc02\n  ret\n"    /* casal x1, x2, [x0] */
        ".globl fault_ldadd\nfault_ldadd:\n  mov x1, #1\n"
        ".globl fault_ldadd_insn\nfault_ldadd_insn:\n  .inst 0xf8e10000\n  ret\n"  /* ldaddal x1, x0, [x0] */
        ".globl fault_swp\nfault_swp:\n  mov x1, #1\n"
        ".globl fault_swp_insn\nfault_swp_insn:\n  .inst 0xf8e18000\n  ret\n"); /* swpal x1, x0, [x0] */
__asm__(".text\n"
        ".globl fault_load\nfault_load:\n.globl fault_load_insn\nfault_load_insn:\n"
        "  ldr x0, [x0]\n  ret\n"
        ".globl fault_store\nfault_store:\n  mov x1, #7\n  mov x2, x0\n  mov x0, #0\n"
        ".globl fault_store_insn\nfault_store_insn:\n"
        "  str x1, [x2]\n  ret\n"
        ".globl fault_udf\nfault_udf:\n  mov x0, #0\n.globl fault_udf_insn\nfault_udf_insn:\n"
        "  udf #0x55\n  ret\n"
        ".globl fault_ldxr\nfault_ldxr:\n.globl fault_ldxr_insn\nfault_ldxr_insn:\n"
        "  ldxr x0, [x0]\n  clrex\n  ret\n");

struct fault_seen {
    int sig, code;
    uintptr_t addr, pc, fault_address, sp;
    int have_esr;
    uint64_t esr;
};
static volatile struct fault_seen fs;

/* Record the fault, skip the faulting instruction, make it return 0xdead in x0. */
static void on_fault(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    struct esr_context *esr = (struct esr_context *)find_record(uc, ESR_MAGIC);

    fs.sig = sig;
    fs.code = si->si_code;
    fs.addr = (uintptr_t)si->si_addr;
    fs.pc = uc->uc_mcontext.pc;
    fs.sp = uc->uc_mcontext.sp;
    fs.fault_address = uc->uc_mcontext.fault_address;
    fs.have_esr = esr != NULL;
    fs.esr = esr ? esr->esr : 0;
    uc->uc_mcontext.pc += 4;
    uc->uc_mcontext.regs[0] = 0xdead;
}

/* A fault on the fetch itself: the caller's x30 is where to go back to. */
static void on_fetch_fault(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    struct esr_context *esr = (struct esr_context *)find_record(uc, ESR_MAGIC);

    fs.sig = sig;
    fs.code = si->si_code;
    fs.addr = (uintptr_t)si->si_addr;
    fs.pc = uc->uc_mcontext.pc;
    fs.have_esr = esr != NULL;
    fs.esr = esr ? esr->esr : 0;
    uc->uc_mcontext.pc = uc->uc_mcontext.regs[30];
    uc->uc_mcontext.regs[0] = 0xdead;
}

static void reset_seen(void)
{
    memset((void *)&fs, 0, sizeof(fs));
}

#define ESR_EC(e) (((e) >> 26) & 0x3f)
#define ESR_WNR(e) (((e) >> 6) & 1)

static void check_segv(const char *what, uintptr_t addr, uint64_t ret, char *insn, int code,
                       int write)
{
    printf("%s: sig %d code %d si_addr %#lx pc %s fault_address %#lx esr %s%#llx\n", what,
           fs.sig, fs.code, (unsigned long)fs.addr, fs.pc == (uintptr_t)insn ? "exact" : "WRONG",
           (unsigned long)fs.fault_address, fs.have_esr ? "" : "(absent) ",
           (unsigned long long)fs.esr);
    CHECK(ret == 0xdead);
    CHECK(fs.sig == SIGSEGV);
    CHECK(fs.code == code);
    CHECK(fs.addr == addr);
    CHECK(fs.pc == (uintptr_t)insn);
    CHECK(fs.fault_address == addr);
    CHECK(fs.have_esr);
    CHECK(ESR_EC(fs.esr) == 0x24);       /* data abort from a lower EL */
    CHECK(ESR_WNR(fs.esr) == (uint64_t)write);
}

static void test_faults(void)
{
    struct sigaction sa;
    uint64_t r;
    uint8_t *ro;
    uint64_t *aligned;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);

    reset_seen();
    r = fault_load(0);
    check_segv("NULL load", 0, r, fault_load_insn, SEGV_MAPERR, 0);

    /*
     * Far beyond any user address space, but with the top byte clear (TBI)
     * and bit 55 clear (still the lower, TTBR0, half): SEGV_MAPERR on Linux.
     */
    reset_seen();
    r = fault_load(0x0070000000000010ull);
    check_segv("far load", 0x0070000000000010ull, r, fault_load_insn, SEGV_MAPERR, 0);

    /* Just past a 39-bit address space (and unmapped under any larger one). */
    reset_seen();
    r = fault_load(0x0000008000000008ull);
    check_segv("2^39 load", 0x0000008000000008ull, r, fault_load_insn, SEGV_MAPERR, 0);

    reset_seen();
    r = fault_store(0x0070000000001000ull);
    check_segv("far store", 0x0070000000001000ull, r, fault_store_insn, SEGV_MAPERR, 1);

    ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(ro != MAP_FAILED);
    reset_seen();
    r = fault_store((uintptr_t)ro + 0x18);
    check_segv("read-only store", (uintptr_t)ro + 0x18, r, fault_store_insn, SEGV_ACCERR, 1);
    CHECK(fault_load((uintptr_t)ro + 0x18) == 0);
    munmap(ro, 4096);
    /* The same address once unmapped: MAPERR. */
    reset_seen();
    r = fault_load((uintptr_t)ro + 0x20);
    check_segv("unmapped load", (uintptr_t)ro + 0x20, r, fault_load_insn, SEGV_MAPERR, 0);

    reset_seen();
    r = fault_udf();
    printf("UDF: sig %d code %d si_addr %s\n", fs.sig, fs.code,
           fs.addr == (uintptr_t)fault_udf_insn ? "= pc" : "WRONG");
    CHECK(r == 0xdead);
    CHECK(fs.sig == SIGILL && fs.code == ILL_ILLOPC);
    CHECK(fs.addr == (uintptr_t)fault_udf_insn && fs.pc == (uintptr_t)fault_udf_insn);

    /* Exclusives must be naturally aligned: an alignment fault, SIGBUS BUS_ADRALN. */
    aligned = malloc(64);
    aligned[0] = 0x55;
    aligned[1] = 0x66;
    reset_seen();
    r = fault_ldxr((uintptr_t)aligned + 4);
    printf("unaligned LDXR: sig %d code %d si_addr %s\n", fs.sig, fs.code,
           fs.addr == (uintptr_t)aligned + 4 ? "exact" : "WRONG");
    CHECK(r == 0xdead);
    CHECK(fs.sig == SIGBUS && fs.code == BUS_ADRALN);
    CHECK(fs.addr == (uintptr_t)aligned + 4 && fs.pc == (uintptr_t)fault_ldxr_insn);
    reset_seen();
    CHECK(fault_ldxr((uintptr_t)aligned + 8) == 0x66 && fs.sig == 0);
    /* So must LSE atomics without FEAT_LSE2 (CASP to the size of the pair). */
    {
        static const struct {
            const char *name;
            uint64_t (*fn)(uintptr_t);
            char *insn;
            unsigned off;
        } at[] = {
            { "CASPAL", fault_casp, fault_casp_insn, 8 },
            { "CASAL", fault_cas, fault_cas_insn, 4 },
            { "LDADDAL", fault_ldadd, fault_ldadd_insn, 2 },
            { "SWPAL", fault_swp, fault_swp_insn, 1 },
        };
        for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
            uintptr_t p = (uintptr_t)aligned + 16 + at[i].off;
            reset_seen();
            r = at[i].fn(p);
            printf("unaligned %s: sig %d code %d si_addr %s\n", at[i].name, fs.sig, fs.code,
                   fs.addr == p ? "exact" : "WRONG");
            CHECK(r == 0xdead);
            CHECK(fs.sig == SIGBUS && fs.code == BUS_ADRALN);
            CHECK(fs.addr == p && fs.pc == (uintptr_t)at[i].insn);
        }
        /* Aligned: they work. */
        aligned[2] = 0;
        aligned[3] = 0;
        reset_seen();
        CHECK(fault_casp((uintptr_t)aligned + 16) == 0 && aligned[2] == 1 && aligned[3] == 2);
        CHECK(fault_ldadd((uintptr_t)aligned + 16) == 1 && aligned[2] == 2);
        CHECK(fs.sig == 0);
    }
    free(aligned);

    /* A file mapping beyond the end of the file: SIGBUS BUS_ADRERR at the address. */
    {
        char path[] = "/tmp/a64u-sigbus-XXXXXX";
        int fd = mkstemp(path);
        uint8_t *map;
        CHECK(fd >= 0);
        unlink(path);
        CHECK(write(fd, "0123456789", 10) == 10);
        map = mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0);
        CHECK(map != MAP_FAILED);
        CHECK(fault_load((uintptr_t)map) == 0x3736353433323130ull);
        reset_seen();
        r = fault_load((uintptr_t)map + 4096 + 64);
        printf("file mapping past EOF: sig %d code %d si_addr %s\n", fs.sig, fs.code,
               fs.addr == (uintptr_t)map + 4096 + 64 ? "exact" : "WRONG");
        CHECK(r == 0xdead);
        CHECK(fs.sig == SIGBUS && fs.code == BUS_ADRERR && fs.addr == (uintptr_t)map + 4096 + 64);
        munmap(map, 8192);
        close(fd);
    }

    /* Instruction aborts: a call into a non-executable page and into nothing. */
    {
        uint32_t *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                              -1, 0);
        uint64_t (*fn)(void);
        page[0] = 0xd65f03c0u;      /* ret: harmless if it did run */
        sa.sa_sigaction = on_fetch_fault;
        sigaction(SIGSEGV, &sa, NULL);
        reset_seen();
        fn = (uint64_t (*)(void))page;
        r = fn();
        printf("call into RW page: sig %d code %d si_addr %s pc %s esr %#llx\n", fs.sig, fs.code,
               fs.addr == (uintptr_t)page ? "exact" : "WRONG",
               fs.pc == (uintptr_t)page ? "= target" : "WRONG", (unsigned long long)fs.esr);
        CHECK(r == 0xdead);
        CHECK(fs.sig == SIGSEGV && fs.code == SEGV_ACCERR);
        CHECK(fs.addr == (uintptr_t)page && fs.pc == (uintptr_t)page);
        CHECK(fs.have_esr && ESR_EC(fs.esr) == 0x20);     /* instruction abort, lower EL */
        munmap(page, 4096);
        reset_seen();
        r = fn();
        printf("call into unmapped page: sig %d code %d si_addr %s\n", fs.sig, fs.code,
               fs.addr == (uintptr_t)page ? "exact" : "WRONG");
        CHECK(r == 0xdead);
        CHECK(fs.sig == SIGSEGV && fs.code == SEGV_MAPERR && fs.addr == (uintptr_t)page);
        /* Far beyond the address space. */
        reset_seen();
        fn = (uint64_t (*)(void))0x0070000000002000ull;
        r = fn();
        printf("call to a far address: sig %d code %d si_addr %#lx\n", fs.sig, fs.code,
               (unsigned long)fs.addr);
        CHECK(r == 0xdead);
        CHECK(fs.sig == SIGSEGV && fs.code == SEGV_MAPERR && fs.addr == 0x0070000000002000ull);
        sa.sa_sigaction = on_fault;
        sigaction(SIGSEGV, &sa, NULL);
        /* A misaligned pc: PC alignment fault, SIGBUS BUS_ADRALN at that pc. */
        sa.sa_sigaction = on_fetch_fault;
        sigaction(SIGBUS, &sa, NULL);
        reset_seen();
        fn = (uint64_t (*)(void))((uintptr_t)fault_udf + 2);
        r = fn();
        printf("call to a misaligned pc: sig %d code %d si_addr %s esr %#llx\n", fs.sig, fs.code,
               fs.addr == (uintptr_t)fault_udf + 2 ? "= pc" : "WRONG",
               (unsigned long long)fs.esr);
        CHECK(r == 0xdead);
        CHECK(fs.sig == SIGBUS && fs.code == BUS_ADRALN && fs.addr == (uintptr_t)fault_udf + 2);
        CHECK(fs.pc == (uintptr_t)fault_udf + 2);
        CHECK(fs.have_esr && ESR_EC(fs.esr) == 0x22);
        sa.sa_sigaction = on_fault;
        sigaction(SIGBUS, &sa, NULL);
    }

    /* A64 integer division by zero gives 0, never SIGFPE. */
    {
        int64_t num = 1234, den = 0, q = -1;
        uint32_t unum = 99, uden = 0, uq = 7;
        struct sigaction fpe;
        memset(&fpe, 0, sizeof(fpe));
        fpe.sa_sigaction = on_fault;
        fpe.sa_flags = SA_SIGINFO;
        sigaction(SIGFPE, &fpe, NULL);
        reset_seen();
        /* Inline asm: in C the division would be undefined and the compiler free to trap. */
        __asm__ volatile("sdiv %0, %1, %2" : "=r"(q) : "r"(num), "r"(den));
        __asm__ volatile("udiv %w0, %w1, %w2" : "=r"(uq) : "r"(unum), "r"(uden));
        CHECK(q == 0 && uq == 0);
        /* INT64_MIN / -1 overflows to INT64_MIN, silently too. */
        num = INT64_MIN;
        den = -1;
        __asm__ volatile("sdiv %0, %1, %2" : "=r"(q) : "r"(num), "r"(den));
        CHECK(q == INT64_MIN);
        CHECK(fs.sig == 0);
        signal(SIGFPE, SIG_DFL);
        printf("division by zero: 0, no signal\n");
    }

    /*
     * Not checked: Linux sets SCTLR_EL1.SA0, so a load based on a misaligned
     * SP raises SIGBUS BUS_ADRALN with si_addr = sp; crossemu does not check
     * SP alignment (it would cost every stack access a test).
     */
    signal(SIGSEGV, SIG_DFL);
    signal(SIGBUS, SIG_DFL);
    signal(SIGILL, SIG_DFL);
}

/* ---- 3. sigaltstack, SA_SIGINFO from sigqueue ---- */

static char altstack_mem[64 * 1024] __attribute__((aligned(16)));
static volatile uintptr_t alt_sp;
static volatile int alt_onstack, alt_code, alt_value, alt_pid, alt_uid, alt_uc_flags;

static void on_alt(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    stack_t cur;
    volatile char here;

    (void)sig;
    alt_sp = (uintptr_t)&here;
    sigaltstack(NULL, &cur);
    alt_onstack = cur.ss_flags == SS_ONSTACK;
    alt_uc_flags = uc->uc_stack.ss_flags;
    alt_code = si->si_code;
    alt_value = si->si_value.sival_int;
    alt_pid = si->si_pid;
    alt_uid = (int)si->si_uid;
}

static void test_altstack(void)
{
    stack_t ss = { .ss_sp = altstack_mem, .ss_size = sizeof(altstack_mem), .ss_flags = 0 };
    stack_t old;
    struct sigaction sa;
    union sigval v = { .sival_int = 4242 };

    CHECK(sigaltstack(&ss, &old) == 0);
    CHECK(old.ss_flags == SS_DISABLE);
    /* Too small a stack is refused. */
    ss.ss_size = 1024;
    CHECK(sigaltstack(&ss, NULL) == -1 && errno == ENOMEM);
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_alt;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGUSR1, &sa, NULL);
    CHECK(sigqueue(getpid(), SIGUSR1, v) == 0);
    printf("altstack: handler sp %s, SS_ONSTACK %d, uc_stack.ss_flags %d; sigqueue code %d "
           "value %d pid %s\n",
           alt_sp > (uintptr_t)altstack_mem && alt_sp < (uintptr_t)altstack_mem + sizeof(altstack_mem)
               ? "on the alt stack" : "WRONG",
           alt_onstack, alt_uc_flags, alt_code, alt_value, alt_pid == getpid() ? "ok" : "WRONG");
    CHECK(alt_sp > (uintptr_t)altstack_mem && alt_sp < (uintptr_t)altstack_mem + sizeof(altstack_mem));
    CHECK(alt_onstack);
    CHECK(alt_uc_flags == 0);       /* the interrupted code was not on it */
    CHECK(alt_code == SI_QUEUE && alt_value == 4242);
    CHECK(alt_pid == getpid() && alt_uid == (int)getuid());
    ss.ss_flags = SS_DISABLE;
    CHECK(sigaltstack(&ss, NULL) == 0);
    signal(SIGUSR1, SIG_DFL);
}

/* ---- 4. SA_RESTART vs EINTR ---- */

static int restart_pipe[2];

static void on_alarm_write(int sig)
{
    (void)sig;
    if (write(restart_pipe[1], "x", 1) != 1) {
        _exit(3);
    }
}

static void on_alarm_nothing(int sig)
{
    (void)sig;
}

static void arm_timer_ms(int ms)
{
    struct itimerval it = { { 0, 0 }, { 0, ms * 1000 } };
    setitimer(ITIMER_REAL, &it, NULL);
}

static void test_restart(void)
{
    struct sigaction sa;
    char c;
    ssize_t n;

    CHECK(pipe(restart_pipe) == 0);
    memset(&sa, 0, sizeof(sa));
    /* SA_RESTART: read() comes back into the kernel and gets the handler's byte. */
    sa.sa_handler = on_alarm_write;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    arm_timer_ms(20);
    n = read(restart_pipe[0], &c, 1);
    CHECK(n == 1 && c == 'x');
    printf("SA_RESTART: read restarted, got %zd byte\n", n);
    /* Without: EINTR. */
    sa.sa_handler = on_alarm_nothing;
    sa.sa_flags = 0;
    sigaction(SIGALRM, &sa, NULL);
    arm_timer_ms(20);
    errno = 0;
    n = read(restart_pipe[0], &c, 1);
    CHECK(n == -1 && errno == EINTR);
    printf("no SA_RESTART: read -> %zd errno %s\n", n, errno == EINTR ? "EINTR" : strerror(errno));
    close(restart_pipe[0]);
    close(restart_pipe[1]);
    signal(SIGALRM, SIG_DFL);
}

/* ---- 5. masks: sigprocmask, sigpending, sigwaitinfo, sigsuspend ---- */

static volatile int usr2_count;
static volatile uint64_t usr2_mask_in_handler;

static void on_usr2(int sig)
{
    sigset_t cur;

    (void)sig;
    usr2_count++;
    sigprocmask(SIG_SETMASK, NULL, &cur);
    usr2_mask_in_handler = sigismember(&cur, SIGUSR2) | (sigismember(&cur, SIGHUP) << 1);
}

static volatile int nest_order, nest_depth;

static void on_winch_inner(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)si;
    (void)uc;
    nest_order = nest_order << 4 | (nest_depth == 1 ? 2 : 0xf);
}

static void on_hup_nest(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;

    (void)sig;
    (void)si;
    nest_depth++;
    nest_order = nest_order << 4 | 1;
    raise(SIGWINCH);
    nest_order = nest_order << 4 | 3;
    nest_depth--;
    sigaddset(&uc->uc_sigmask, SIGUSR2);
}

static void test_masks(void)
{
    sigset_t set, old, pend, empty;
    siginfo_t si;
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_usr2;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGHUP);
    sigaction(SIGUSR2, &sa, NULL);

    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    CHECK(sigprocmask(SIG_BLOCK, &set, &old) == 0);
    raise(SIGUSR2);
    CHECK(usr2_count == 0);
    CHECK(sigpending(&pend) == 0 && sigismember(&pend, SIGUSR2));
    memset(&si, 0, sizeof(si));
    /* glibc's sigwaitinfo folds raise()'s SI_TKILL into SI_USER... */
    CHECK(sigwaitinfo(&set, &si) == SIGUSR2);
    CHECK(si.si_signo == SIGUSR2 && si.si_code == SI_USER && si.si_pid == getpid());
    CHECK(usr2_count == 0);
    CHECK(sigpending(&pend) == 0 && !sigismember(&pend, SIGUSR2));
    /* ... the kernel's rt_sigtimedwait does not. */
    raise(SIGUSR2);
    memset(&si, 0, sizeof(si));
    CHECK(syscall(SYS_rt_sigtimedwait, &set, &si, NULL, 8) == SIGUSR2);
    CHECK(si.si_signo == SIGUSR2 && si.si_code == SI_TKILL && si.si_pid == getpid());
    CHECK(si.si_uid == getuid());

    /* sigsuspend: the handler runs with the handler mask, sigsuspend -> EINTR, mask back. */
    raise(SIGUSR2);
    sigemptyset(&empty);
    CHECK(sigsuspend(&empty) == -1 && errno == EINTR);
    CHECK(usr2_count == 1);
    CHECK(usr2_mask_in_handler == 3);
    sigprocmask(SIG_SETMASK, NULL, &pend);
    CHECK(sigismember(&pend, SIGUSR2) && !sigismember(&pend, SIGHUP));
    CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);

    /*
     * Nested: SIGHUP's handler raises SIGWINCH, whose handler runs on top of
     * it; SIGHUP's handler also adds SIGUSR2 to uc_sigmask, which is the mask
     * rt_sigreturn restores.
     */
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_hup_nest;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGHUP, &sa, NULL);
    sa.sa_sigaction = on_winch_inner;
    sigaction(SIGWINCH, &sa, NULL);
    raise(SIGHUP);
    sigprocmask(SIG_SETMASK, NULL, &pend);
    CHECK(nest_order == 0x123);
    CHECK(sigismember(&pend, SIGUSR2) && !sigismember(&pend, SIGHUP));
    printf("nested: order %#x, uc_sigmask edit %s after sigreturn\n", nest_order,
           sigismember(&pend, SIGUSR2) ? "in force" : "LOST");
    CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);
    signal(SIGHUP, SIG_DFL);
    signal(SIGWINCH, SIG_DFL);
    printf("masks: blocked+pending, sigwaitinfo SI_USER, rt_sigtimedwait SI_TKILL, sigsuspend EINTR, handler mask %llu\n",
           (unsigned long long)usr2_mask_in_handler);
    signal(SIGUSR2, SIG_DFL);
}

/* ---- 6. asynchronous: a thread in a branch-to-self loop ---- */

void spin_forever(void);        /* b . ; then returns 77 in x0 */
extern char spin_insn[];
__asm__(".text\n.globl spin_forever\nspin_forever:\n"
        ".globl spin_insn\nspin_insn:\n  b spin_insn\n  mov x0, #77\n  ret\n");

static volatile int spinner_tid, spin_hits;

static void on_spin_sig(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;

    (void)sig;
    (void)si;
    if (uc->uc_mcontext.pc == (uintptr_t)spin_insn) {
        uc->uc_mcontext.pc += 4;
        spin_hits++;
    }
}

static void *spinner(void *arg)
{
    long (*fn)(void) = (long (*)(void))spin_forever;

    (void)arg;
    spinner_tid = (int)syscall(SYS_gettid);
    return (void *)fn();
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_async(void)
{
    struct sigaction sa;
    pthread_t t;
    void *ret;
    double t0;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_spin_sig;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGURG, &sa, NULL);
    CHECK(pthread_create(&t, NULL, spinner, NULL) == 0);
    while (!spinner_tid) {
        sched_yield();
    }
    usleep(20000);          /* let it reach the loop */
    t0 = now();
    CHECK(syscall(SYS_tgkill, getpid(), spinner_tid, SIGURG) == 0);
    CHECK(pthread_join(t, &ret) == 0);
    printf("async: tgkill to a thread in 'b .' handled in %.1f ms, returned %ld\n",
           (now() - t0) * 1e3, (long)ret);
    CHECK(ret == (void *)77 && spin_hits == 1);
    CHECK(now() - t0 < 2.0);
    signal(SIGURG, SIG_DFL);
}

/* ---- 8. rt_sigreturn refuses a forged context (SIGSEGV, as Linux's badframe) ---- */

static volatile int forge_kind;

static void on_usr1_forge(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    struct _aarch64_ctx *fp = find_record(uc, FPSIMD_MAGIC);

    (void)sig;
    (void)si;
    switch (forge_kind) {
    case 0:     /* an unknown record kind */
        fp->magic = 0x12345678;
        break;
    case 1:     /* no fpsimd_context at all */
        fp->magic = 0;
        fp->size = 0;
        break;
    case 2:     /* return to EL1h */
        uc->uc_mcontext.pstate |= 5;
        break;
    case 3:     /* a wrong fpsimd size */
        fp->size = 512;
        break;
    default:    /* untouched: must return normally */
        break;
    }
}

static void on_segv_exit(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    _exit(sig == SIGSEGV && si->si_code > 0 ? 40 + forge_kind : 1);
}

static void test_bad_sigreturn(void)
{
    for (int kind = 0; kind <= 4; kind++) {
        int status;
        pid_t child = fork();
        if (child == 0) {
            struct sigaction sa;
            memset(&sa, 0, sizeof(sa));
            forge_kind = kind;
            sa.sa_sigaction = on_usr1_forge;
            sa.sa_flags = SA_SIGINFO;
            sigaction(SIGUSR1, &sa, NULL);
            /* Kind 0 with a SIGSEGV handler (force_sig delivers to it), the others default. */
            if (kind == 0) {
                sa.sa_sigaction = on_segv_exit;
                sigaction(SIGSEGV, &sa, NULL);
            }
            raise(SIGUSR1);
            _exit(7);
        }
        CHECK(waitpid(child, &status, 0) == child);
        if (kind == 0) {
            CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 40);
        } else if (kind < 4) {
            CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);
        } else {
            CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 7);
        }
        printf("forged frame %d: %s %d\n", kind, WIFSIGNALED(status) ? "killed by" : "exit",
               WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
    }
}

/* ---- 7. kill between processes ---- */

static volatile int child_got, child_from;
static volatile int chld_pid, chld_code, chld_status;

static void on_child_usr1(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    child_got = sig;
    child_from = si->si_pid;
}

static void on_chld(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    chld_pid = si->si_pid;
    chld_code = si->si_code;
    chld_status = si->si_status;
}

static void test_kill_processes(void)
{
    struct sigaction sa;
    sigset_t block, empty;
    int ready[2], status;
    pid_t child;
    char c;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_chld;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGCHLD, &sa, NULL);
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, NULL);
    CHECK(pipe(ready) == 0);
    child = fork();
    if (child == 0) {
        sa.sa_sigaction = on_child_usr1;
        sigaction(SIGUSR1, &sa, NULL);
        if (write(ready[1], "r", 1) != 1) {
            _exit(2);
        }
        sigemptyset(&empty);
        while (!child_got) {
            sigsuspend(&empty);
        }
        _exit(child_got == SIGUSR1 && child_from == getppid() ? 42 : 1);
    }
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    CHECK(read(ready[0], &c, 1) == 1);
    CHECK(kill(child, SIGUSR1) == 0);
    CHECK(waitpid(child, &status, 0) == child);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 42);
    for (int i = 0; i < 200 && chld_pid != child; i++) {
        usleep(1000);
    }
    CHECK(chld_pid == child && chld_code == CLD_EXITED && chld_status == 42);
    printf("kill: child got SIGUSR1 from its parent, exit %d; SIGCHLD pid %s code %d status %d\n",
           WIFEXITED(status) ? WEXITSTATUS(status) : -1, chld_pid == child ? "ok" : "WRONG",
           chld_code, chld_status);

    /* Default action of SIGTERM kills the child. */
    child = fork();
    if (child == 0) {
        for (;;) {
            pause();
        }
    }
    usleep(10000);
    CHECK(kill(child, SIGTERM) == 0);
    CHECK(waitpid(child, &status, 0) == child);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
    printf("kill: SIGTERM default action -> child %s\n",
           WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM ? "terminated by SIGTERM" : "WRONG");
    close(ready[0]);
    close(ready[1]);
    signal(SIGCHLD, SIG_DFL);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    test_context();
    test_excl_signal();
    test_faults();
    test_altstack();
    test_restart();
    test_masks();
    test_async();
    test_kill_processes();
    test_bad_sigreturn();
    if (failures) {
        printf("signals: %d FAILED\n", failures);
        return 1;
    }
    printf("signals: all passed\n");
    return 0;
}
