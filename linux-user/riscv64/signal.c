/*
 * signal.c: the riscv64 signal frame (every linux-user/<arch>/ has one).
 *
 * Layout from the kernel's uapi headers (asm/sigcontext.h, asm/ucontext.h,
 * asm/ptrace.h) and arch/riscv's setup_rt_frame:
 *
 *   struct rt_sigframe {            offset  size
 *       siginfo_t info;                  0   128
 *       struct ucontext uc;            128   960
 *   };
 *   struct ucontext: uc_flags 0, uc_link 8, uc_stack 16 (ss_sp 16, ss_flags 24,
 *       ss_size 32), uc_sigmask 40, padding to 1024 bits, uc_mcontext 176
 *   struct sigcontext: sc_regs (pc, then x1..x31) 0..255,
 *       sc_fpregs.d: f[32] 256, fcsr 512; the q variant's reserved words
 *       (zero = the end of the extension records) up to 784.
 *
 * The frame goes below sp (or at the top of the alternate stack), 16-byte
 * aligned.  The handler gets a0 = signal, a1 = &info, a2 = &uc, and returns
 * through ra into a sigreturn trampoline (Linux's lives in the vDSO; we have
 * no vDSO, so a page of our own holds "li a7, 139; ecall").
 */
#include "common.h"
#include "linux-user/user.h"
#include "riscv/cpu.h"
#include "linux-user/riscv64/target.h"
#include "log.h"

#include <pthread.h>
#include <sys/mman.h>

enum {
    FRAME_INFO = 0,
    FRAME_UC = 128,
    UC_FLAGS = 0, UC_LINK = 8, UC_SS_SP = 16, UC_SS_FLAGS = 24, UC_SS_SIZE = 32,
    UC_SIGMASK = 40, UC_MCONTEXT = 176,
    SC_REGS = 0, SC_FPREGS = 256, SC_FCSR = 512,
    FRAME_SIZE = 128 + 960,
};

enum { RV_SP = 2, RV_RA = 1, RV_A0 = 10 };

/* The riscv64 rt_sigreturn syscall number (asm-generic: 139). */
#define RV_NR_RT_SIGRETURN 139

static uint64_t sigtramp_addr;
static pthread_once_t sigtramp_once = PTHREAD_ONCE_INIT;

static void sigtramp_init(void)
{
    static const uint32_t code[] = {
        0x00000893u | (RV_NR_RT_SIGRETURN << 20),   /* addi a7, zero, 139 */
        0x00000073u,                                /* ecall */
    };
    int64_t a = user_mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (a < 0) {
        return;
    }
    for (size_t i = 0; i < ARRAY_SIZE(code); i++) {
        abi_store_scalar(user_target.abi, (uint8_t *)g2h((uint64_t)a) + 4 * i, 4, code[i]);
    }
    user_mprotect((uint64_t)a, 4096, PROT_READ | PROT_EXEC);
    sigtramp_addr = (uint64_t)a;
}

static void put(uint8_t *base, unsigned off, unsigned size, uint64_t v)
{
    abi_store_scalar(user_target.abi, base + off, size, v);
}

static uint64_t get(const uint8_t *base, unsigned off, unsigned size)
{
    return abi_load_scalar(user_target.abi, base + off, size);
}

bool rv64_setup_frame(CPUCommon *c, int gsig, const UserSiginfo *info,
                             const UserSigAction *ka, uint64_t oldmask)
{
    RISCVCPU *cpu = rv_cpu(c);
    uint64_t sp = user_sigframe_sp(c, ka, cpu->gpr[RV_SP]);
    uint64_t frame, ss_sp, ss_size;
    uint8_t *f, *uc, *mc;
    int ss_flags;

    pthread_once(&sigtramp_once, sigtramp_init);
    if (!sigtramp_addr) {
        return false;
    }
    frame = (sp - FRAME_SIZE) & ~(uint64_t)15;
    if (sp < FRAME_SIZE || !user_access_ok(frame, FRAME_SIZE, PAGE_WRITE)) {
        return false;
    }
    f = g2h(frame);
    memset(f, 0, FRAME_SIZE);
    user_store_siginfo(f + FRAME_INFO, info);
    uc = f + FRAME_UC;
    put(uc, UC_FLAGS, 8, 0);
    put(uc, UC_LINK, 8, 0);
    user_save_altstack(cpu->gpr[RV_SP], &ss_sp, &ss_flags, &ss_size);
    put(uc, UC_SS_SP, 8, ss_sp);
    put(uc, UC_SS_FLAGS, 4, (uint32_t)ss_flags);
    put(uc, UC_SS_SIZE, 8, ss_size);
    put(uc, UC_SIGMASK, 8, oldmask);
    mc = uc + UC_MCONTEXT;
    put(mc, SC_REGS, 8, cpu->pc);
    for (int r = 1; r < 32; r++) {
        put(mc, SC_REGS + 8 * r, 8, cpu->gpr[r]);
    }
    for (int r = 0; r < 32; r++) {
        put(mc, SC_FPREGS + 8 * r, 8, cpu->fpr[r]);
    }
    put(mc, SC_FCSR, 4, (cpu->frm << 5) | cpu->fflags);

    cpu->gpr[RV_SP] = frame;
    cpu->gpr[RV_RA] = sigtramp_addr;
    cpu->gpr[RV_A0] = (uint64_t)gsig;
    cpu->gpr[RV_A0 + 1] = frame + FRAME_INFO;
    cpu->gpr[RV_A0 + 2] = frame + FRAME_UC;
    cpu->pc = ka->handler;
    /* A handler starts without a reservation, as after any trap. */
    cpu->load_res = (uint64_t)-1;
    return true;
}

int64_t rv64_sigreturn(CPUCommon *c)
{
    RISCVCPU *cpu = rv_cpu(c);
    uint64_t frame = cpu->gpr[RV_SP];
    const uint8_t *uc, *mc;
    uint32_t fcsr;

    if ((frame & 15) || !user_access_ok(frame, FRAME_SIZE, PAGE_READ)) {
        log_mask_printf(LOG_GUEST_ERROR, "rt_sigreturn: bad frame at 0x%" PRIx64 "\n", frame);
        user_force_sig(11 /* SIGSEGV */);
    }
    uc = (const uint8_t *)g2h(frame) + FRAME_UC;
    mc = uc + UC_MCONTEXT;
    user_set_sigmask(get(uc, UC_SIGMASK, 8));
    cpu->pc = get(mc, SC_REGS, 8);
    for (int r = 1; r < 32; r++) {
        cpu->gpr[r] = get(mc, SC_REGS + 8 * r, 8);
    }
    for (int r = 0; r < 32; r++) {
        cpu->fpr[r] = get(mc, SC_FPREGS + 8 * r, 8);
    }
    fcsr = (uint32_t)get(mc, SC_FCSR, 4);
    cpu->frm = (fcsr >> 5) & 7;
    cpu->fflags = fcsr & 0x1f;
    cpu->load_res = (uint64_t)-1;
    user_restore_altstack(get(uc, UC_SS_SP, 8), (int)get(uc, UC_SS_FLAGS, 4),
                          get(uc, UC_SS_SIZE, 8), cpu->gpr[RV_SP]);
    return USER_SYSRET_NOREG;
}

void rv64_syscall_no_restart(CPUCommon *c, int64_t guest_ret)
{
    RISCVCPU *cpu = rv_cpu(c);

    /* The pc was rewound onto the ecall: step over it again, with the result. */
    cpu->pc += 4;
    cpu->gpr[RV_A0] = (uint64_t)guest_ret;
}

void rv64_clone_regs(CPUCommon *c, uint64_t newsp, uint64_t tls, bool settls)
{
    RISCVCPU *cpu = rv_cpu(c);

    if (newsp) {
        cpu->gpr[RV_SP] = newsp;
    }
    if (settls) {
        cpu->gpr[4] = tls;      /* tp */
    }
    cpu->gpr[RV_A0] = 0;
    cpu->load_res = (uint64_t)-1;
}

uint64_t rv64_get_sp(CPUCommon *c)
{
    return rv_cpu(c)->gpr[RV_SP];
}
