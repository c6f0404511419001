/*
 * sys.c: system information and miscellany (uname, getrandom, prctl,
 * the riscv icache flush).
 */
#include "common.h"
#include "syscalls/syscall.h"
#include "tb.h"

#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>

/* struct new_utsname: six char[65] on every ABI. */
#define UTS_LEN 65

static int64_t sys_uname(CPUCommon *cpu, const uint64_t *a)
{
    struct utsname u;
    char buf[6][UTS_LEN];

    if (!user_access_ok(a[0], sizeof(buf), PAGE_WRITE)) {
        return -EFAULT;
    }
    if (uname(&u) != 0) {
        return -errno;
    }
    memset(buf, 0, sizeof(buf));
    g_strlcpy(buf[0], u.sysname, UTS_LEN);
    g_strlcpy(buf[1], u.nodename, UTS_LEN);
    g_strlcpy(buf[2], u.release, UTS_LEN);
    g_strlcpy(buf[3], u.version, UTS_LEN);
    g_strlcpy(buf[4], user_target.uname_machine, UTS_LEN);
    g_strlcpy(buf[5], u.domainname, UTS_LEN);
    memcpy(g2h(a[0]), buf, sizeof(buf));
    return 0;
}

static int64_t sys_getrandom(CPUCommon *cpu, const uint64_t *a)
{
    uint64_t len = arg_ulong(a[1]);
    ssize_t r;

    if (!user_access_ok(a[0], len, PAGE_WRITE)) {
        return -EFAULT;
    }
    if (user_proc.have_seed) {
        /* -seed: reproducible runs. */
        uint8_t *p = g2h(a[0]);
        for (uint64_t i = 0; i < len; i++) {
            p[i] = (uint8_t)g_rand_int_range(user_proc.seed_rand, 0, 256);
        }
        return (int64_t)len;
    }
    /* GRND_* bits are the same on every ABI. */
    r = getrandom(g2h(a[0]), len, (unsigned)a[2]);
    return r < 0 ? -errno : r;
}

static int64_t sys_prctl(CPUCommon *cpu, const uint64_t *a)
{
    int op = arg_int(a[0]);
    char name[16];

    switch (op) {
    case PR_SET_NAME: {
        /* The kernel copies at most 16 bytes and terminates the name itself. */
        size_t n = 0;
        while (n < sizeof(name) - 1 && user_copy_from(&name[n], a[1] + n, 1) && name[n]) {
            n++;
        }
        if (n == 0 && !user_access_ok(a[1], 1, PAGE_READ)) {
            return -EFAULT;
        }
        name[n] = 0;
        return prctl(PR_SET_NAME, name, 0, 0, 0) == 0 ? 0 : -errno;
    }
    case PR_GET_NAME:
        if (prctl(PR_GET_NAME, name, 0, 0, 0) != 0) {
            return -errno;
        }
        return user_copy_to(a[1], name, sizeof(name)) ? 0 : -EFAULT;
    case PR_SET_PDEATHSIG: {
        int sig = arg_int(a[1]);
        if (sig && !(sig = user_sig_to_host(sig))) {
            return -EINVAL;
        }
        return prctl(op, sig, 0, 0, 0) == 0 ? 0 : -errno;
    }
    case PR_GET_PDEATHSIG: {
        int sig = 0;
        if (prctl(op, &sig, 0, 0, 0) != 0) {
            return -errno;
        }
        sig = sig ? user_sig_to_guest(sig) : 0;
        if (!user_access_ok(a[1], 4, PAGE_WRITE)) {
            return -EFAULT;
        }
        abi_store_scalar(guest_abi, g2h(a[1]), 4, (uint32_t)sig);
        return 0;
    }
    case PR_GET_CHILD_SUBREAPER: {
        int v = 0;
        if (prctl(op, &v, 0, 0, 0) != 0) {
            return -errno;
        }
        if (!user_access_ok(a[1], 4, PAGE_WRITE)) {
            return -EFAULT;
        }
        abi_store_scalar(guest_abi, g2h(a[1]), 4, (uint32_t)v);
        return 0;
    }
    /* Options whose arguments are plain numbers and whose effect is the process's own. */
    case PR_GET_DUMPABLE:
    case PR_SET_DUMPABLE:
    case PR_CAPBSET_READ:
    case PR_SET_CHILD_SUBREAPER:
    case PR_GET_NO_NEW_PRIVS:
    case PR_SET_NO_NEW_PRIVS:
    case PR_GET_TIMERSLACK:
    case PR_SET_TIMERSLACK:
    case PR_GET_KEEPCAPS:
    case PR_SET_KEEPCAPS:
    case PR_GET_THP_DISABLE:
    case PR_SET_THP_DISABLE:
    case PR_CAP_AMBIENT: {
        int r = prctl(op, (unsigned long)a[1], (unsigned long)a[2], (unsigned long)a[3],
                      (unsigned long)a[4]);
        return r < 0 ? -errno : r;
    }
    default:
        log_mask_printf(LOG_UNIMP, "Unsupported prctl option %d\n", op);
        return -EINVAL;
    }
}

static int64_t sys_riscv_flush_icache(CPUCommon *cpu, const uint64_t *a)
{
    /*
     * Guest JITs call this after writing code: drop our translations of the
     * range (the kernel ignores the range; we use it when it is sane).
     */
    if (a[0] < a[1] && a[1] <= user_va_size) {
        tb_invalidate_range(a[0], a[1]);
    } else {
        tb_flush();
    }
    return 0;
}

static int64_t sys_sysinfo(CPUCommon *cpu, const uint64_t *a)
{
    const AbiLayout *l = guest_abi->sysinfo;
    struct sysinfo si;

    if (!l) {
        log_mask_printf(LOG_UNIMP, "sysinfo: no struct sysinfo layout for the %s ABI\n",
                        guest_abi->name);
        return -ENOSYS;
    }
    if (!user_access_ok(a[0], l->size, PAGE_WRITE)) {
        return -EFAULT;
    }
    if (sysinfo(&si) != 0) {
        return -errno;
    }
    /* The padding the kernel zeroes stays zero. */
    memset(g2h(a[0]), 0, l->size);
    abi_sysinfo_to_guest(guest_abi, &si, g2h(a[0]));
    return 0;
}

const SyscallDef syscalls_sys[] = {
    { "uname", sys_uname, "p" },
    { "getrandom", sys_getrandom, "pux" },
    { "prctl", sys_prctl, "dxxxx" },
    { "sysinfo", sys_sysinfo, "p" },
    { "riscv_flush_icache", sys_riscv_flush_icache, "ppx" },
    { NULL },
};
