/*
 * stack.c: the initial stack of a new process, laid out as Linux's
 * binfmt_elf (create_elf_tables) does it.  From the top of the stack down:
 *
 *   a NULL word
 *   the execfn string (AT_EXECFN), then the envp and argv strings (argv[0]
 *   lowest), all NUL-terminated
 *   (aligned down to 16) the platform string (AT_PLATFORM), if any
 *   16 random bytes (AT_RANDOM)
 *   (aligned so that sp is 16-byte aligned) argc, argv[], NULL, envp[], NULL,
 *   auxv pairs ending with AT_NULL  <- sp
 *
 * Words are the guest's size and byte order (TargetInfo / GuestABI).
 */
#include "common.h"
#include "user.h"

#include <sys/mman.h>
#include <sys/random.h>
#include <unistd.h>

/* Auxiliary vector types (linux/auxvec.h). */
enum {
    AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7,
    AT_FLAGS = 8, AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14,
    AT_PLATFORM = 15, AT_HWCAP = 16, AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25,
    AT_HWCAP2 = 26, AT_EXECFN = 31, AT_MINSIGSTKSZ = 51,
};

/* glibc's getauxval: <sys/auxv.h> would clash with the AT_ names above. */
unsigned long getauxval(unsigned long type);

#define MAX_AUXV 32

typedef struct StackWriter {
    const GuestABI *abi;
    unsigned word;
    uint64_t limit, p;
} StackWriter;

static bool push_bytes(StackWriter *w, const void *data, size_t len, uint64_t *addr)
{
    if (w->p - w->limit < len) {
        return false;
    }
    w->p -= len;
    memcpy(g2h(w->p), data, len);
    *addr = w->p;
    return true;
}

static void put_word(StackWriter *w, uint64_t addr, uint64_t v)
{
    abi_store_scalar(w->abi, g2h(addr), w->word, v);
}

static void fill_random(uint8_t *buf, size_t len)
{
    if (user_proc.have_seed) {
        for (size_t i = 0; i < len; i++) {
            buf[i] = (uint8_t)g_rand_int_range(user_proc.seed_rand, 0, 256);
        }
        return;
    }
    if (getrandom(buf, len, 0) != (ssize_t)len) {
        /* No entropy source: fall back to glib's generator (seeded from time). */
        for (size_t i = 0; i < len; i++) {
            buf[i] = (uint8_t)g_random_int_range(0, 256);
        }
    }
}

bool user_build_stack(const TargetInfo *t, CPUCommon *cpu, ImageInfo *info,
                      char **argv, char **envp, const char *execfn, GError **errp)
{
    const uint64_t ps = t->page_size;
    uint64_t size = ROUND_UP(user_proc.stack_size, ps);
    uint64_t top = user_va_size;
    int prot = PROT_READ | PROT_WRITE | (info->exec_stack ? PROT_EXEC : 0);
    StackWriter w = { .abi = t->abi, .word = t->elf_class == 2 ? 8 : 4 };
    uint64_t *argv_addr, *envp_addr, aux[2 * MAX_AUXV];
    uint64_t addr, zero = 0, execfn_addr, platform_addr = 0, random_addr, sp;
    unsigned argc = 0, envc = 0, naux = 0;
    uint8_t rnd[16];
    int64_t r;
    size_t items;

    if (size < 4 * ps || size > user_va_size / 4) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "invalid stack size %" PRIu64, size);
        return false;
    }
    r = user_mmap(top - size, size, prot,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE | MAP_GROWSDOWN, -1, 0);
    if (r < 0) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "cannot map the stack: %s", g_strerror((int)-r));
        return false;
    }
    info->stack_limit = top - size;
    info->stack_top = top;
    w.limit = top - size;
    w.p = top;

    while (argv[argc]) {
        argc++;
    }
    while (envp[envc]) {
        envc++;
    }
    argv_addr = g_new(uint64_t, argc + 1);
    envp_addr = g_new(uint64_t, envc + 1);

    /* Strings go top-down: the NULL word, execfn, envp (last first), argv (last first). */
    if (!push_bytes(&w, &zero, w.word, &addr) ||
        !push_bytes(&w, execfn, strlen(execfn) + 1, &execfn_addr)) {
        goto too_big;
    }
    for (unsigned i = envc; i-- > 0;) {
        if (!push_bytes(&w, envp[i], strlen(envp[i]) + 1, &envp_addr[i])) {
            goto too_big;
        }
    }
    for (unsigned i = argc; i-- > 0;) {
        if (!push_bytes(&w, argv[i], strlen(argv[i]) + 1, &argv_addr[i])) {
            goto too_big;
        }
    }
    w.p = ROUND_DOWN(w.p, (uint64_t)16);
    if (t->platform && !push_bytes(&w, t->platform, strlen(t->platform) + 1, &platform_addr)) {
        goto too_big;
    }
    fill_random(rnd, sizeof(rnd));
    if (!push_bytes(&w, rnd, sizeof(rnd), &random_addr)) {
        goto too_big;
    }

#define AUX(type, val) do { aux[2 * naux] = (type); aux[2 * naux + 1] = (val); naux++; } while (0)
    AUX(AT_HWCAP, t->hwcap(cpu));
    AUX(AT_PAGESZ, ps);
    AUX(AT_CLKTCK, (uint64_t)sysconf(_SC_CLK_TCK));
    AUX(AT_PHDR, info->phdr);
    AUX(AT_PHENT, info->phent);
    AUX(AT_PHNUM, info->phnum);
    AUX(AT_BASE, info->interp_base);    /* 0 without an interpreter */
    AUX(AT_FLAGS, 0);
    AUX(AT_ENTRY, info->entry);
    AUX(AT_UID, getuid());
    AUX(AT_EUID, geteuid());
    AUX(AT_GID, getgid());
    AUX(AT_EGID, getegid());
    /* Set when we run setuid (binfmt_misc C flag): the guest's ld.so must be careful too. */
    AUX(AT_SECURE, getauxval(AT_SECURE));
    AUX(AT_RANDOM, random_addr);
    if (t->hwcap2) {
        AUX(AT_HWCAP2, t->hwcap2(cpu));
    }
    AUX(AT_EXECFN, execfn_addr);
    if (t->platform) {
        AUX(AT_PLATFORM, platform_addr);
    }
    if (t->minsigstksz) {
        AUX(AT_MINSIGSTKSZ, t->minsigstksz);
    }
    AUX(AT_NULL, 0);
#undef AUX

    items = 1 + (argc + 1) + (envc + 1) + 2 * naux;
    if ((w.p - w.limit) / w.word < items + 16) {
        goto too_big;
    }
    sp = ROUND_DOWN(w.p - items * w.word, (uint64_t)16);
    addr = sp;
    put_word(&w, addr, argc);
    addr += w.word;
    for (unsigned i = 0; i < argc; i++, addr += w.word) {
        put_word(&w, addr, argv_addr[i]);
    }
    put_word(&w, addr, 0);
    addr += w.word;
    for (unsigned i = 0; i < envc; i++, addr += w.word) {
        put_word(&w, addr, envp_addr[i]);
    }
    put_word(&w, addr, 0);
    addr += w.word;
    info->auxv_addr = addr;
    info->auxv_len = 2 * naux * w.word;
    for (unsigned i = 0; i < 2 * naux; i++, addr += w.word) {
        put_word(&w, addr, aux[i]);
    }

    info->sp = sp;
    info->random_addr = random_addr;
    info->execfn_addr = execfn_addr;
    g_free(argv_addr);
    g_free(envp_addr);
    return true;

too_big:
    g_free(argv_addr);
    g_free(envp_addr);
    g_set_error(errp, CROSSEMU_ERROR, 0, "%s (arguments and environment exceed the stack)",
                g_strerror(E2BIG));
    return false;
}
