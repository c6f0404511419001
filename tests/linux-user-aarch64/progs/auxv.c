/*
 * auxv.c: the aarch64 auxiliary vector and CPU identification under
 * crossemu, self-checking (exit 0 = pass).
 *
 * usage: auxv MODEL    (MODEL = the -cpu / QEMU_CPU the test runs under)
 *
 * Checks that AT_HWCAP agrees with the ID registers read through MRS (Linux
 * emulates those reads for EL0 when HWCAP_CPUID is set; the field rules are
 * the kernel's arm64 cpufeature table), that the instructions behind a clear
 * bit raise SIGILL and those behind a set bit run, what the model is known
 * to have (max: LSE atomics, AES, SHA512; cortex-a57/a72: Armv8.0 without
 * crypto, MIDR part 0xd07/0xd08; neoverse-n1: Armv8.2 with LSE, RCpc, dot
 * product, crypto without SHA512, part 0xd0c), and AT_PLATFORM, AT_RANDOM, AT_EXECFN,
 * AT_PAGESZ, AT_MINSIGSTKSZ (a handler runs on an alternate stack of exactly
 * that size), /proc/self/auxv.
 */
#define _GNU_SOURCE
#include <asm/hwcap.h>
#include <elf.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef AT_MINSIGSTKSZ
#define AT_MINSIGSTKSZ 51
#endif

static int failures;
#define CHECK(c) do { if (!(c)) { printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); \
                                   failures++; } } while (0)

#define FIELD(reg, lsb) (((reg) >> (lsb)) & 0xf)

static uint64_t read_isar0(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, ID_AA64ISAR0_EL1" : "=r"(v));
    return v;
}

static uint64_t read_isar1(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, ID_AA64ISAR1_EL1" : "=r"(v));
    return v;
}

static uint64_t read_pfr0(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, ID_AA64PFR0_EL1" : "=r"(v));
    return v;
}

static uint64_t read_midr(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, MIDR_EL1" : "=r"(v));
    return v;
}

/* ---- does an instruction run or raise SIGILL? ---- */

static sigjmp_buf ill_jb;
static volatile int ill_hits;

static void on_ill(int sig)
{
    (void)sig;
    ill_hits++;
    siglongjmp(ill_jb, 1);
}

static int try_ldadd(void)
{
    uint64_t mem = 5, old = 0;
    if (sigsetjmp(ill_jb, 1)) {
        return 0;
    }
    /* ldadd x1, x0, [x2] as a raw word: the file is built for plain Armv8.0. */
    register uint64_t x0 __asm__("x0");
    register uint64_t x1 __asm__("x1") = 3;
    register uint64_t *x2 __asm__("x2") = &mem;
    __asm__ volatile(".inst 0xf8210040" : "=r"(x0) : "r"(x1), "r"(x2) : "memory");
    old = x0;
    return old == 5 && mem == 8 ? 1 : -1;
}

static int try_aese(void)
{
    if (sigsetjmp(ill_jb, 1)) {
        return 0;
    }
    __asm__ volatile(".inst 0x4e284800" ::: "v0");   /* aese v0.16b, v0.16b */
    return 1;
}

static int try_sha512h(void)
{
    if (sigsetjmp(ill_jb, 1)) {
        return 0;
    }
    __asm__ volatile(".inst 0xce608000" ::: "v0");   /* sha512h q0, q0, v0.2d */
    return 1;
}

static int try_crc32(void)
{
    uint32_t r = 0;
    if (sigsetjmp(ill_jb, 1)) {
        return 0;
    }
    register uint32_t w0 __asm__("w0") = 0xffffffffu;
    register uint32_t w1 __asm__("w1") = 0x61;     /* 'a' */
    __asm__ volatile(".inst 0x1ac14000" : "+r"(w0) : "r"(w1));   /* crc32b w0, w0, w1 */
    r = ~w0;
    /* crc32('a') = 0xe8b7be43 */
    return r == 0xe8b7be43u ? 1 : -1;
}

static void test_hwcap_vs_idregs(const char *model)
{
    unsigned long hw = getauxval(AT_HWCAP), hw2 = getauxval(AT_HWCAP2);
    uint64_t isar0, isar1, pfr0, midr;
    struct sigaction sa;
    int ldadd, aes, sha512, crc;

    printf("model %s: AT_HWCAP %#lx AT_HWCAP2 %#lx\n", model, hw, hw2);
    CHECK(hw & HWCAP_FP);
    CHECK(hw & HWCAP_ASIMD);
    CHECK(hw & HWCAP_CPUID);
    if (!(hw & HWCAP_CPUID)) {
        return;
    }
    isar0 = read_isar0();
    isar1 = read_isar1();
    pfr0 = read_pfr0();
    midr = read_midr();
    printf("MIDR_EL1 %#llx ID_AA64ISAR0 %#llx ISAR1 %#llx PFR0 %#llx\n",
           (unsigned long long)midr, (unsigned long long)isar0, (unsigned long long)isar1,
           (unsigned long long)pfr0);
    /* The kernel's hwcap rules (arch/arm64/kernel/cpufeature.c arm64_elf_hwcaps). */
    CHECK(!!(hw & HWCAP_AES) == (FIELD(isar0, 4) >= 1));
    CHECK(!!(hw & HWCAP_PMULL) == (FIELD(isar0, 4) >= 2));
    CHECK(!!(hw & HWCAP_SHA1) == (FIELD(isar0, 8) >= 1));
    CHECK(!!(hw & HWCAP_SHA2) == (FIELD(isar0, 12) >= 1));
    CHECK(!!(hw & HWCAP_SHA512) == (FIELD(isar0, 12) >= 2));
    CHECK(!!(hw & HWCAP_CRC32) == (FIELD(isar0, 16) >= 1));
    CHECK(!!(hw & HWCAP_ATOMICS) == (FIELD(isar0, 20) >= 2));
    CHECK(!!(hw & HWCAP_ASIMDRDM) == (FIELD(isar0, 28) >= 1));
    CHECK(!!(hw & HWCAP_SHA3) == (FIELD(isar0, 32) >= 1));
    CHECK(!!(hw & HWCAP_ASIMDDP) == (FIELD(isar0, 44) >= 1));
    CHECK(!!(hw & HWCAP_DCPOP) == (FIELD(isar1, 0) >= 1));
    CHECK(!!(hw & HWCAP_LRCPC) == (FIELD(isar1, 20) >= 1));
    CHECK(!!(hw & HWCAP_ILRCPC) == (FIELD(isar1, 20) >= 2));
    CHECK(!!(hw & HWCAP_FPHP) == (FIELD(pfr0, 16) == 1));
    CHECK(!!(hw & HWCAP_ASIMDHP) == (FIELD(pfr0, 20) == 1));
    CHECK(!(hw & HWCAP_SVE) && FIELD(pfr0, 32) == 0);      /* SVE not advertised */
    CHECK(FIELD(pfr0, 0) >= 1 && FIELD(pfr0, 4) >= 1);      /* EL0, EL1 AArch64 */
    CHECK((midr >> 24) == 0x41);                            /* Arm Ltd */

    /* The instructions agree with the bits. */
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_ill;
    sa.sa_flags = SA_NODEFER;
    sigaction(SIGILL, &sa, NULL);
    ldadd = try_ldadd();
    aes = try_aese();
    sha512 = try_sha512h();
    crc = try_crc32();
    signal(SIGILL, SIG_DFL);
    printf("instructions: LDADD %s, AESE %s, SHA512H %s, CRC32B %s\n",
           ldadd > 0 ? "runs" : ldadd ? "WRONG" : "SIGILL", aes ? "runs" : "SIGILL",
           sha512 ? "runs" : "SIGILL", crc > 0 ? "runs" : crc ? "WRONG" : "SIGILL");
    CHECK(ldadd == ((hw & HWCAP_ATOMICS) ? 1 : 0));
    CHECK(aes == !!(hw & HWCAP_AES));
    CHECK(sha512 == !!(hw & HWCAP_SHA512));
    CHECK(crc == ((hw & HWCAP_CRC32) ? 1 : 0));

    /* What the models are documented to be. */
    if (strcmp(model, "max") == 0) {
        CHECK(hw & HWCAP_ATOMICS);
        CHECK(hw & HWCAP_AES && hw & HWCAP_PMULL && hw & HWCAP_SHA2 && hw & HWCAP_SHA512);
    } else if (strcmp(model, "cortex-a57") == 0) {
        CHECK(!(hw & HWCAP_ATOMICS));
        CHECK(!(hw & (HWCAP_AES | HWCAP_PMULL | HWCAP_SHA1 | HWCAP_SHA2)));
        CHECK(hw & HWCAP_CRC32);
        CHECK(((midr >> 4) & 0xfff) == 0xd07);
        CHECK(hw2 == 0);
        CHECK(!(hw & (HWCAP_FPHP | HWCAP_ASIMDHP)));
    } else if (strcmp(model, "cortex-a72") == 0) {
        CHECK(!(hw & HWCAP_ATOMICS));
        CHECK(hw & HWCAP_CRC32);
        CHECK(((midr >> 4) & 0xfff) == 0xd08);
    } else if (strcmp(model, "neoverse-n1") == 0) {
        /* Armv8.2: LSE, RCpc, DC CVAP, dot product, FP16; its crypto has no SHA512. */
        CHECK(hw & HWCAP_ATOMICS && hw & HWCAP_LRCPC && hw & HWCAP_DCPOP && hw & HWCAP_ASIMDDP);
        CHECK(hw & HWCAP_FPHP && hw & HWCAP_ASIMDHP);
        CHECK(hw & HWCAP_AES && !(hw & HWCAP_SHA512));
        CHECK(((midr >> 4) & 0xfff) == 0xd0c);
    } else {
        printf("FAIL: no expectations for model %s\n", model);
        failures++;
    }
}

/* ---- the other entries ---- */

static volatile int minstk_ran;
static volatile uintptr_t minstk_sp;

static void on_minstk(int sig)
{
    volatile char here;
    (void)sig;
    minstk_sp = (uintptr_t)&here;
    minstk_ran = 1;
}

static void test_entries(const char *argv0)
{
    const char *platform = (const char *)getauxval(AT_PLATFORM);
    const char *execfn = (const char *)getauxval(AT_EXECFN);
    const uint8_t *rnd = (const uint8_t *)getauxval(AT_RANDOM);
    unsigned long minstk = getauxval(AT_MINSIGSTKSZ);
    char exe[4096];
    ssize_t n;
    int nonzero = 0;

    printf("AT_PLATFORM %s, AT_EXECFN %s, AT_PAGESZ %lu, AT_MINSIGSTKSZ %lu\n",
           platform ? platform : "(none)", execfn ? execfn : "(none)", getauxval(AT_PAGESZ),
           minstk);
    CHECK(platform && strcmp(platform, "aarch64") == 0);
    CHECK(execfn && strcmp(execfn, argv0) == 0);
    CHECK(getauxval(AT_PAGESZ) == 4096);
    CHECK(rnd != NULL);
    if (rnd) {
        for (int i = 0; i < 16; i++) {
            nonzero += rnd[i] != 0;
        }
    }
    CHECK(nonzero >= 8);
    /* glibc's stack protector canary comes from AT_RANDOM: byte 0 zeroed, the rest its bytes. */
    CHECK(getauxval(AT_PHDR) != 0 && getauxval(AT_PHENT) == sizeof(Elf64_Phdr));
    CHECK(getauxval(AT_ENTRY) != 0);
    CHECK(getauxval(AT_UID) == getuid() && getauxval(AT_EUID) == geteuid());
    CHECK(getauxval(AT_SECURE) == 0);
    /* struct rt_sigframe alone (siginfo + ucontext with fpsimd) is 4688 bytes. */
    CHECK(minstk >= 4688 && minstk <= 16384);
    n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    CHECK(n > 0);
    if (n > 0) {
        const char *base = strrchr(argv0, '/');
        exe[n] = 0;
        base = base ? base + 1 : argv0;
        CHECK(strlen(exe) >= strlen(base) && strcmp(exe + strlen(exe) - strlen(base), base) == 0);
    }

    /* A handler fits on an alternate stack of exactly AT_MINSIGSTKSZ bytes. */
    if (minstk >= 4688 && minstk <= 16384) {
        size_t sz = 65536;
        char *mem = mmap(NULL, sz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        /* The stack ends at the top of the mapping. */
        char *top = mem + sz;
        stack_t ss = { .ss_sp = top - minstk, .ss_size = minstk, .ss_flags = 0 };
        struct sigaction sa;
        /* Everything below the page holding ss_sp inaccessible: an overflow faults. */
        CHECK(mprotect(mem, ((uintptr_t)ss.ss_sp & ~4095ul) - (uintptr_t)mem, PROT_NONE) == 0);
        CHECK(sigaltstack(&ss, NULL) == 0);
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = on_minstk;
        sa.sa_flags = SA_ONSTACK;
        sigaction(SIGUSR1, &sa, NULL);
        raise(SIGUSR1);
        CHECK(minstk_ran);
        CHECK(minstk_sp >= (uintptr_t)ss.ss_sp && minstk_sp < (uintptr_t)top);
        printf("altstack of AT_MINSIGSTKSZ bytes: handler %s\n",
               minstk_ran ? "ran on it" : "did NOT run");
        ss.ss_flags = SS_DISABLE;
        sigaltstack(&ss, NULL);
        signal(SIGUSR1, SIG_DFL);
        munmap(mem, sz);
    }
}

/* /proc/self/auxv holds the same vector. */
static void test_proc_auxv(void)
{
    uint64_t buf[2 * 64];
    int fd = open("/proc/self/auxv", O_RDONLY);
    ssize_t n;
    int found = 0;

    CHECK(fd >= 0);
    if (fd < 0) {
        return;
    }
    n = read(fd, buf, sizeof(buf));
    close(fd);
    CHECK(n > 0 && n % 16 == 0);
    for (ssize_t i = 0; i + 1 < n / 8; i += 2) {
        if (buf[i] == AT_HWCAP) {
            CHECK(buf[i + 1] == getauxval(AT_HWCAP));
            found |= 1;
        } else if (buf[i] == AT_PLATFORM) {
            CHECK(buf[i + 1] == getauxval(AT_PLATFORM));
            found |= 2;
        } else if (buf[i] == AT_NULL) {
            found |= 4;
            break;
        }
    }
    CHECK(found == 7);
    printf("/proc/self/auxv: %zd bytes, AT_HWCAP and AT_PLATFORM agree\n", n);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc != 2) {
        printf("usage: %s MODEL\n", argv[0]);
        return 2;
    }
    test_hwcap_vs_idregs(argv[1]);
    test_entries(argv[0]);
    test_proc_auxv();
    if (failures) {
        printf("auxv: %d FAILED\n", failures);
        return 1;
    }
    printf("auxv: all passed\n");
    return 0;
}
