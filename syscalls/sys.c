/*
 * sys.c: system information and miscellany (uname, getrandom, prctl,
 * the riscv icache flush and hardware probe).
 */
#include "common.h"
#include "syscalls/syscall.h"
#include "tb.h"
#include "riscv/cpu.h"

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
    case PR_GET_SECUREBITS:     /* dpkg and util-linux read it */
    case PR_SET_SECUREBITS:
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

/*
 * riscv_hwprobe (Linux 6.4, Documentation/arch/riscv/hwprobe.rst): the
 * guest passes an array of struct riscv_hwprobe { s64 key; u64 value; };
 * each known key gets its value, each unknown one key = -1 and value 0.
 */
enum {
    HWPROBE_KEY_MVENDORID = 0,
    HWPROBE_KEY_MARCHID = 1,
    HWPROBE_KEY_MIMPID = 2,
    HWPROBE_KEY_BASE_BEHAVIOR = 3,
    HWPROBE_KEY_IMA_EXT_0 = 4,
    HWPROBE_KEY_CPUPERF_0 = 5,
    HWPROBE_KEY_ZICBOZ_BLOCK_SIZE = 6,
};
#define HWPROBE_BASE_BEHAVIOR_IMA 1ull
#define HWPROBE_IMA_FD (1ull << 0)
#define HWPROBE_IMA_C (1ull << 1)
#define HWPROBE_IMA_V (1ull << 2)
#define HWPROBE_EXT_ZBA (1ull << 3)
#define HWPROBE_EXT_ZBB (1ull << 4)
#define HWPROBE_EXT_ZBS (1ull << 5)
#define HWPROBE_MISALIGNED_UNKNOWN 0ull
/* Bytes of the kernel's cpumask we look at (the kernel clamps to its own size too). */
#define HWPROBE_MAX_CPUSET 1024

#define MISA_BIT(l) (1ull << ((l) - 'A'))

/* The value of one key, from the guest CPU's misa; false for an unknown key. */
static bool hwprobe_value(uint64_t misa, int64_t key, uint64_t *value)
{
    *value = 0;
    switch (key) {
    case HWPROBE_KEY_MVENDORID:
    case HWPROBE_KEY_MARCHID:
    case HWPROBE_KEY_MIMPID:
        /* An emulated hart with no vendor: 0 is "not implemented" for these CSRs. */
        return true;
    case HWPROBE_KEY_BASE_BEHAVIOR:
        if ((misa & (MISA_BIT('I') | MISA_BIT('M') | MISA_BIT('A'))) ==
            (MISA_BIT('I') | MISA_BIT('M') | MISA_BIT('A'))) {
            *value = HWPROBE_BASE_BEHAVIOR_IMA;
        }
        return true;
    case HWPROBE_KEY_IMA_EXT_0:
        if ((misa & (MISA_BIT('F') | MISA_BIT('D'))) == (MISA_BIT('F') | MISA_BIT('D'))) {
            *value |= HWPROBE_IMA_FD;
        }
        if (misa & MISA_BIT('C')) {
            *value |= HWPROBE_IMA_C;
        }
        if (misa & MISA_BIT('V')) {
            *value |= HWPROBE_IMA_V;
        }
        /* The front end enables Zba, Zbb and Zbs together, as misa's B. */
        if (misa & MISA_BIT('B')) {
            *value |= HWPROBE_EXT_ZBA | HWPROBE_EXT_ZBB | HWPROBE_EXT_ZBS;
        }
        return true;
    case HWPROBE_KEY_CPUPERF_0:
        /*
         * Misaligned accesses run at whatever speed the host gives them;
         * nothing a guest could tune for, so make no promise.
         */
        *value = HWPROBE_MISALIGNED_UNKNOWN;
        return true;
    case HWPROBE_KEY_ZICBOZ_BLOCK_SIZE:
        /* No Zicboz: a known key whose value is 0, as on such hardware. */
        return true;
    default:
        return false;
    }
}

/* Only riscv64's number table names this call, so cpu is always a RISCVCPU. */
static int64_t sys_riscv_hwprobe(CPUCommon *cpu, const uint64_t *a)
{
    uint64_t pairs = a[0], count = a[1], setsize = a[2], cpus = a[3];
    uint64_t misa = rv_cpu(cpu)->misa;

    /* No flags are defined (RISCV_HWPROBE_WHICH_CPUS is later than 6.4's interface). */
    if ((unsigned)a[4] != 0) {
        return -EINVAL;
    }
    /*
     * cpusetsize 0 with a NULL set means every online CPU; otherwise the
     * set must name at least one online CPU.  Every guest CPU is the same
     * hart, so the set only decides whether the call is valid.  The guest's
     * CPUs are the host's: CPUs 0..get_nprocs()-1 count as online.
     */
    if (setsize || cpus) {
        /* The kernel copies cpusetsize bytes over a zeroed mask of its own size. */
        uint8_t set[HWPROBE_MAX_CPUSET] = { 0 };
        unsigned wsz = guest_abi->long_bits / 8, bits = guest_abi->long_bits;
        int online = MIN(get_nprocs(), (int)(8 * sizeof(set)));
        bool any = false;

        if (!user_copy_from(set, cpus, MIN(setsize, sizeof(set)))) {
            return -EFAULT;
        }
        /* A cpumask is an array of unsigned long: CPU c is bit c % bits of word c / bits. */
        for (int c = 0; c < online && !any; c++) {
            uint64_t w = abi_load_scalar(guest_abi, set + (size_t)(c / bits) * wsz, wsz);
            any = (w >> (c % bits)) & 1;
        }
        if (!any) {
            return -EINVAL;
        }
    }
    for (uint64_t i = 0; i < count; i++) {
        uint64_t at = pairs + i * 16, value;
        uint8_t pair[16];

        if (!user_copy_from(pair, at, 8)) {
            return -EFAULT;
        }
        int64_t key = (int64_t)abi_load_scalar(guest_abi, pair, 8);
        if (!hwprobe_value(misa, key, &value)) {
            key = -1;
        }
        abi_store_scalar(guest_abi, pair, 8, (uint64_t)key);
        abi_store_scalar(guest_abi, pair + 8, 8, value);
        if (!user_copy_to(at, pair, sizeof(pair))) {
            return -EFAULT;
        }
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
    { "riscv_hwprobe", sys_riscv_hwprobe, "puupx" },
    { NULL },
};
