/*
 * signal.c: the arm64 signal frame.
 *
 * Layout from the kernel's uapi headers (asm/sigcontext.h, asm/ucontext.h)
 * and arch/arm64/kernel/signal.c:
 *
 *   struct rt_sigframe {                     offset  size
 *       siginfo_t info;                           0   128
 *       struct ucontext uc;                     128  4560
 *   };
 *   struct ucontext: uc_flags 0, uc_link 8, uc_stack 16 (ss_sp 16,
 *       ss_flags 24, ss_size 32), uc_sigmask 40, padding to 1024 bits of
 *       sigset, uc_mcontext at 176 (16-byte aligned)
 *   struct sigcontext: fault_address 0, regs[31] 8, sp 256, pc 264,
 *       pstate 272, __reserved[4096] at 288 (16-byte aligned) holding
 *       records: fpsimd_context (magic 0x46508001, size 528: fpsr, fpcr,
 *       vregs[32]), esr_context for faults (magic 0x45535201, size 16),
 *       then a zero terminator.
 *   After the rt_sigframe, a frame record {x29, x30} that x29 points to.
 *
 * The handler gets x0 = signal, x1 = &info, x2 = &uc, sp = the frame, and
 * returns through x30 into sa_restorer (SA_RESTORER) or a trampoline page
 * of our own ("mov x8, #139; svc #0"; Linux's lives in the vDSO).
 */
#include "common.h"
#include "linux-user/user.h"
#include "arm/cpu.h"
#include "linux-user/aarch64/target.h"
#include "log.h"

#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>

enum {
    FRAME_INFO = 0,
    FRAME_UC = 128,
    UC_FLAGS = 0, UC_LINK = 8, UC_SS_SP = 16, UC_SS_FLAGS = 24, UC_SS_SIZE = 32,
    UC_SIGMASK = 40, UC_MCONTEXT = 176,
    SC_FAULT_ADDR = 0, SC_REGS = 8, SC_SP = 256, SC_PC = 264, SC_PSTATE = 272,
    SC_RESERVED = 288, SC_RESERVED_SIZE = 4096,
    FPSIMD_MAGIC = 0x46508001, FPSIMD_SIZE = 528,
    ESR_MAGIC = 0x45535201, ESR_SIZE = 16,
    FRAME_SIZE = FRAME_UC + UC_MCONTEXT + SC_RESERVED + SC_RESERVED_SIZE,   /* 4688 */
    FRAME_RECORD_SIZE = 16,
};

/* SA_RESTORER (arm64 asm/signal.h; also the x86-64 host value, which glibc hides). */
#define A64_SA_RESTORER 0x04000000

/* The arm64 rt_sigreturn syscall number (asm-generic: 139). */
#define A64_NR_RT_SIGRETURN 139

__thread uint64_t a64_fault_esr;

uint64_t a64_abort_esr(const CPUCommon *c)
{
    uint64_t fsc = c->fault_code == 2 ? A64_FSC_PERM_L3 : A64_FSC_TRANS_L3;

    if (c->fault_write == 2) {
        return ESR_EC(A64_EC_IABT_LOW) | ESR_IL | fsc;
    }
    return ESR_EC(A64_EC_DABT_LOW) | ESR_IL | (c->fault_write == 1 ? ESR_WNR : 0) | fsc;
}

static uint64_t sigtramp_addr;
static pthread_once_t sigtramp_once = PTHREAD_ONCE_INIT;

static void sigtramp_init(void)
{
    static const uint32_t code[] = {
        0xd2800008u | (A64_NR_RT_SIGRETURN << 5),   /* movz x8, #139 */
        0xd4000001u,                                /* svc #0 */
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

bool a64_setup_frame(CPUCommon *c, int gsig, const UserSiginfo *info,
                     const UserSigAction *ka, uint64_t oldmask)
{
    ARMCPU *cpu = arm_cpu(c);
    uint64_t sp = user_sigframe_sp(c, ka, cpu->xregs[31]);
    uint64_t frame, record, ss_sp, ss_size, restorer;
    uint8_t *f, *uc, *mc, *rec;
    int ss_flags;
    unsigned off;

    if (ka->flags & A64_SA_RESTORER) {
        restorer = ka->restorer;
    } else {
        pthread_once(&sigtramp_once, sigtramp_init);
        if (!sigtramp_addr) {
            return false;
        }
        restorer = sigtramp_addr;
    }
    if (sp < FRAME_SIZE + FRAME_RECORD_SIZE + 32) {
        return false;
    }
    record = (sp - FRAME_RECORD_SIZE) & ~(uint64_t)15;
    frame = (record - FRAME_SIZE) & ~(uint64_t)15;
    if (!user_access_ok(frame, record + FRAME_RECORD_SIZE - frame, PAGE_WRITE)) {
        return false;
    }
    f = g2h(frame);
    memset(f, 0, FRAME_SIZE);
    user_store_siginfo(f + FRAME_INFO, info);
    uc = f + FRAME_UC;
    user_save_altstack(cpu->xregs[31], &ss_sp, &ss_flags, &ss_size);
    put(uc, UC_SS_SP, 8, ss_sp);
    put(uc, UC_SS_FLAGS, 4, (uint32_t)ss_flags);
    put(uc, UC_SS_SIZE, 8, ss_size);
    put(uc, UC_SIGMASK, 8, oldmask);
    mc = uc + UC_MCONTEXT;
    put(mc, SC_FAULT_ADDR, 8, info->kind == USER_SI_FAULT ? info->addr : 0);
    for (int r = 0; r < 31; r++) {
        put(mc, SC_REGS + 8 * r, 8, cpu->xregs[r]);
    }
    put(mc, SC_SP, 8, cpu->xregs[31]);
    put(mc, SC_PC, 8, cpu->pc);
    put(mc, SC_PSTATE, 8, arm_get_nzcv(cpu));
    off = SC_RESERVED;
    put(mc, off, 4, FPSIMD_MAGIC);
    put(mc, off + 4, 4, FPSIMD_SIZE);
    put(mc, off + 8, 4, cpu->fpsr);
    put(mc, off + 12, 4, cpu->fpcr);
    for (int r = 0; r < 32; r++) {
        put(mc, off + 16 + 16 * r, 8, cpu->vregs[r].d[0]);
        put(mc, off + 24 + 16 * r, 8, cpu->vregs[r].d[1]);
    }
    off += FPSIMD_SIZE;
    /* Linux adds the record when the fault recorded a syndrome (thread.fault_code). */
    if (info->kind == USER_SI_FAULT && a64_fault_esr &&
        (gsig == SIGSEGV || gsig == SIGBUS)) {
        put(mc, off, 4, ESR_MAGIC);
        put(mc, off + 4, 4, ESR_SIZE);
        put(mc, off + 8, 8, a64_fault_esr);
        off += ESR_SIZE;
    }
    a64_fault_esr = 0;
    /* The terminator record {0, 0} is already zero. */

    rec = g2h(record);
    put(rec, 0, 8, cpu->xregs[29]);
    put(rec, 8, 8, cpu->xregs[30]);

    cpu->xregs[31] = frame;
    cpu->xregs[29] = record;
    cpu->xregs[30] = restorer;
    cpu->xregs[0] = (uint64_t)gsig;
    cpu->xregs[1] = frame + FRAME_INFO;
    cpu->xregs[2] = frame + FRAME_UC;
    cpu->pc = ka->handler;
    /* Exception entry clears the exclusive monitor. */
    cpu->excl_addr = (uint64_t)-1;
    return true;
}

/*
 * The offset of the fpsimd_context in the records at mc + SC_RESERVED, or 0
 * if the records are invalid, as the kernel's parse_user_sigframe judges
 * them: 16-byte aligned records inside __reserved, each at least a header,
 * only the kinds it knows (fpsimd once and of its exact size, esr ignored),
 * a terminator of size 0, and an fpsimd_context present.
 */
static unsigned find_fpsimd_record(const uint8_t *mc)
{
    unsigned off = SC_RESERVED, fpsimd = 0;
    const unsigned limit = SC_RESERVED + SC_RESERVED_SIZE;

    for (;;) {
        uint32_t magic, size;
        if (limit - off < 8 || (off & 15)) {
            return 0;
        }
        magic = (uint32_t)get(mc, off, 4);
        size = (uint32_t)get(mc, off + 4, 4);
        if (size > limit - off) {
            return 0;
        }
        if (magic == 0) {
            return size == 0 ? fpsimd : 0;
        }
        if (magic == FPSIMD_MAGIC) {
            if (fpsimd || size != FPSIMD_SIZE) {
                return 0;
            }
            fpsimd = off;
        } else if (magic != ESR_MAGIC) {
            return 0;
        }
        if (size < 8) {
            return 0;
        }
        off += size;
    }
}

/* What Linux's badframe path does: arm64_notify_segfault(sp). */
static int64_t bad_sigreturn(CPUCommon *c, uint64_t sp, const char *why)
{
    log_mask_printf(LOG_GUEST_ERROR, "rt_sigreturn: %s (frame at 0x%" PRIx64 ")\n", why, sp);
    a64_fault_esr = 0;
    user_queue_fault(c, SIGSEGV, (user_page_flags(sp) & PAGE_VALID) ? 2 : 1, sp);
    return USER_SYSRET_NOREG;
}

int64_t a64_sigreturn(CPUCommon *c)
{
    ARMCPU *cpu = arm_cpu(c);
    uint64_t frame = cpu->xregs[31], pstate;
    const uint8_t *uc, *mc;
    unsigned fp;

    if ((frame & 15) || !user_access_ok(frame, FRAME_SIZE, PAGE_READ)) {
        return bad_sigreturn(c, frame, "misaligned or unreadable frame");
    }
    uc = (const uint8_t *)g2h(frame) + FRAME_UC;
    mc = uc + UC_MCONTEXT;
    /* The kernel restores the mask and the registers before it looks at the records. */
    user_set_sigmask(get(uc, UC_SIGMASK, 8));
    for (int r = 0; r < 31; r++) {
        cpu->xregs[r] = get(mc, SC_REGS + 8 * r, 8);
    }
    cpu->xregs[31] = get(mc, SC_SP, 8);
    cpu->pc = get(mc, SC_PC, 8);
    pstate = get(mc, SC_PSTATE, 8);
    arm_set_nzcv(cpu, (uint32_t)pstate);
    cpu->excl_addr = (uint64_t)-1;
    /*
     * valid_user_regs: EL0t (M[3:0] = 0), AArch64 (M[4] = 0), D, A, I, F
     * clear.  Anything else is a forged context.
     */
    if (pstate & 0x3df) {
        return bad_sigreturn(c, frame, "pstate is not a valid EL0 state");
    }
    fp = find_fpsimd_record(mc);
    if (!fp) {
        return bad_sigreturn(c, frame, "invalid or missing records in __reserved");
    }
    cpu->fpsr = (uint32_t)get(mc, fp + 8, 4) & FPSR_WRITABLE;
    cpu->fpcr = (uint32_t)get(mc, fp + 12, 4) & FPCR_WRITABLE;
    for (int r = 0; r < 32; r++) {
        cpu->vregs[r].d[0] = get(mc, fp + 16 + 16 * r, 8);
        cpu->vregs[r].d[1] = get(mc, fp + 24 + 16 * r, 8);
    }
    user_restore_altstack(get(uc, UC_SS_SP, 8), (int)get(uc, UC_SS_FLAGS, 4),
                          get(uc, UC_SS_SIZE, 8), cpu->xregs[31]);
    return USER_SYSRET_NOREG;
}

void a64_syscall_no_restart(CPUCommon *c, int64_t guest_ret)
{
    ARMCPU *cpu = arm_cpu(c);

    /* The pc was rewound onto the svc: step over it again, with the result. */
    cpu->pc += 4;
    cpu->xregs[0] = (uint64_t)guest_ret;
}

void a64_clone_regs(CPUCommon *c, uint64_t newsp, uint64_t tls, bool settls)
{
    ARMCPU *cpu = arm_cpu(c);

    if (newsp) {
        cpu->xregs[31] = newsp;
    }
    if (settls) {
        cpu->tpidr_el0 = tls;
    }
    cpu->xregs[0] = 0;
    cpu->excl_addr = (uint64_t)-1;
}

uint64_t a64_get_sp(CPUCommon *c)
{
    return arm_cpu(c)->xregs[31];
}
