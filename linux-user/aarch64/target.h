/*
 * target.h: what the aarch64 linux-user files share (target.c, signal.c).
 */
#ifndef CROSSEMU_LINUX_USER_AARCH64_TARGET_H
#define CROSSEMU_LINUX_USER_AARCH64_TARGET_H

#include "linux-user/user.h"

/* signal.c: the TargetInfo hooks for signal frames and new threads. */
bool a64_setup_frame(CPUCommon *c, int gsig, const UserSiginfo *info,
                     const UserSigAction *ka, uint64_t oldmask);
int64_t a64_sigreturn(CPUCommon *c);
void a64_syscall_no_restart(CPUCommon *c, int64_t guest_ret);
void a64_clone_regs(CPUCommon *c, uint64_t newsp, uint64_t tls, bool settls);
uint64_t a64_get_sp(CPUCommon *c);

/*
 * The ESR_EL1 value the kernel would report in the esr_context of the next
 * fault signal this thread delivers (0: none, as for SIGILL and SIGTRAP,
 * where Linux leaves thread.fault_code clear).  Set by the CPU loop, used
 * once by the frame setup.
 */
extern __thread uint64_t a64_fault_esr;

/* ESR_ELx fields (Arm ARM D17.2.37). */
#define ESR_EC(ec) ((uint64_t)(ec) << 26)
#define ESR_IL (1ull << 25)
#define ESR_WNR (1ull << 6)
enum {
    A64_EC_IABT_LOW = 0x20, A64_EC_PC_ALIGN = 0x22, A64_EC_DABT_LOW = 0x24,
    A64_EC_SP_ALIGN = 0x26,
    /* Fault status codes: translation / permission fault at level 3, alignment. */
    A64_FSC_TRANS_L3 = 0x07, A64_FSC_PERM_L3 = 0x0f, A64_FSC_ALIGN = 0x21,
};

/* The ESR of an instruction or data abort described by c->fault_write/fault_code. */
uint64_t a64_abort_esr(const CPUCommon *c);

#endif
