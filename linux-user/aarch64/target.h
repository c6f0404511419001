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

#endif
