/*
 * proc.c: /proc files whose host contents would describe crossemu instead
 * of the guest.  Opening one gives a memfd holding the guest's view:
 *   /proc/self/maps (and /proc/<our pid>/maps): the guest address space
 *   /proc/self/cmdline: the guest's argv
 *   /proc/self/auxv: the guest's auxiliary vector
 *   /proc/cpuinfo: the guest CPU (what TargetInfo knows of it)
 *   /proc/self/stat, /proc/self/status: the host's, with the guest's
 *   addresses, address-space size and signal masks
 * /proc/self/exe is handled by user_path (path.c).
 */
#include "common.h"
#include "user.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

typedef struct MapsCtx {
    GString *out;
    uint64_t stack_lo, stack_hi, brk_lo, brk_hi;
} MapsCtx;

static void maps_line(uint64_t start, uint64_t end, unsigned flags, void *opaque)
{
    MapsCtx *m = opaque;
    const char *name = "";

    if (!(flags & PAGE_VALID)) {
        return;
    }
    if (start >= m->stack_lo && end <= m->stack_hi) {
        name = "[stack]";
    } else if (start >= m->brk_lo && end <= m->brk_hi && m->brk_hi > m->brk_lo) {
        name = "[heap]";
    }
    g_string_append_printf(m->out, "%08" PRIx64 "-%08" PRIx64 " %c%c%cp 00000000 00:00 0",
                           start, end, (flags & PAGE_READ) ? 'r' : '-',
                           (flags & PAGE_WRITE) ? 'w' : '-', (flags & PAGE_EXEC) ? 'x' : '-');
    if (*name) {
        g_string_append_printf(m->out, "%*s%s", 10, "", name);
    }
    g_string_append_c(m->out, '\n');
}

static GString *gen_maps(void)
{
    MapsCtx m = { .out = g_string_new(NULL) };

    m.stack_lo = user_proc.image.stack_limit;
    m.stack_hi = user_proc.image.stack_top;
    user_brk_range(&m.brk_lo, &m.brk_hi);
    user_walk_mappings(maps_line, &m);
    return m.out;
}

static GString *gen_cmdline(void)
{
    GString *s = g_string_new(NULL);

    for (int i = 0; i < user_proc.guest_argc; i++) {
        g_string_append(s, user_proc.guest_argv[i]);
        g_string_append_c(s, 0);
    }
    return s;
}

static GString *gen_auxv(void)
{
    GString *s = g_string_new(NULL);
    const ImageInfo *i = &user_proc.image;

    if (i->auxv_len && user_access_ok(i->auxv_addr, i->auxv_len, PAGE_READ)) {
        g_string_append_len(s, g2h(i->auxv_addr), (gssize)i->auxv_len);
    }
    return s;
}

static GString *gen_cpuinfo(void)
{
    GString *s = g_string_new(NULL);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    uint64_t hw = user_target.hwcap ? user_target.hwcap(user_thread->cpu) : 0;
    char isa[64];
    size_t k = 0;

    /* The ISA string from the single-letter hwcap bits, as riscv's cpuinfo shows it. */
    k += (size_t)g_snprintf(isa, sizeof(isa), "%s", user_target.elf_class == 2 ? "rv64" : "rv32");
    for (int b = 0; b < 26 && k < sizeof(isa) - 1; b++) {
        if (hw & (1ull << b)) {
            isa[k++] = (char)('a' + b);
        }
    }
    isa[k] = 0;
    for (long c = 0; c < (n > 0 ? n : 1); c++) {
        g_string_append_printf(s, "processor\t: %ld\n", c);
        if (!strcmp(user_target.uname_machine, "riscv64")) {
            g_string_append_printf(s, "hart\t\t: %ld\nisa\t\t: %s\nmmu\t\t: sv39\n", c, isa);
        } else {
            g_string_append_printf(s, "model name\t: %s\n", user_target.name);
        }
        g_string_append_c(s, '\n');
    }
    return s;
}

/* Bytes of guest address space mapped (the guest's VmSize), for stat and status. */
static void count_mapped(uint64_t start, uint64_t end, unsigned flags, void *opaque)
{
    if (flags & PAGE_VALID) {
        *(uint64_t *)opaque += end - start;
    }
}

static uint64_t guest_vsize(void)
{
    uint64_t n = 0;

    user_walk_mappings(count_mapped, &n);
    return n;
}

/* Guest signals ignored and caught, as the kernel's sigignore/sigcatch masks. */
static void guest_sig_masks(uint64_t *ignored, uint64_t *caught)
{
    *ignored = *caught = 0;
    for (int n = 1; n <= GUEST_NSIG; n++) {
        if (user_sigact[n].handler == GUEST_SIG_IGN) {
            *ignored |= GSIG_BIT(n);
        } else if (user_sigact[n].handler != GUEST_SIG_DFL) {
            *caught |= GSIG_BIT(n);
        }
    }
}

/* The guest's argv or envp strings span [*start, *end) on its stack (for stat's arg_start...). */
static void guest_strings_span(uint64_t vec, uint64_t *start, uint64_t *end)
{
    unsigned w = user_target.abi->long_bits / 8;
    uint64_t first = 0, last = 0;

    for (unsigned i = 0; i < 0x10000 && user_access_ok(vec + i * w, w, PAGE_READ); i++) {
        uint64_t p = abi_load_scalar(user_target.abi, g2h(vec + i * w), w);
        if (!p) {
            break;
        }
        if (!first) {
            first = p;
        }
        last = p;
    }
    *start = first;
    *end = first;
    if (last) {
        int err;
        char *str = user_strdup(last, 128 * 1024, &err);
        *end = last + (str ? strlen(str) + 1 : 0);
        g_free(str);
    }
}

/*
 * /proc/self/stat: the host's line (times, faults, threads, scheduling are
 * the process's own) with what would describe crossemu replaced by the
 * guest's: the code, data, brk and stack addresses, the argv and environment
 * spans, the address-space size and the signal masks.  The name (comm) is
 * the guest program's already: main sets it like exec does.
 */
static GString *gen_stat(void)
{
    const ImageInfo *im = &user_proc.image;
    unsigned w = user_target.abi->long_bits / 8;
    char *host = NULL, *close_paren;
    char **f;
    GString *s;
    uint64_t ign, cgt, argc, brk_lo, brk_hi, arg_s, arg_e, env_s, env_e;
    unsigned nf;

    if (!g_file_get_contents("/proc/self/stat", &host, NULL, NULL)) {
        return NULL;
    }
    close_paren = strrchr(host, ')');
    if (!close_paren || close_paren[1] != ' ') {
        g_free(host);
        return NULL;
    }
    *close_paren = 0;
    /* f[0] is field 3 (state): field n is f[n - 3]. */
    f = g_strsplit(g_strchomp(close_paren + 2), " ", -1);
    nf = g_strv_length(f);
    guest_sig_masks(&ign, &cgt);
    user_brk_range(&brk_lo, &brk_hi);
    argc = user_access_ok(im->sp, w, PAGE_READ) ? abi_load_scalar(user_target.abi, g2h(im->sp), w)
                                                : 0;
    guest_strings_span(im->sp + w, &arg_s, &arg_e);
    guest_strings_span(im->sp + w * (argc + 2), &env_s, &env_e);

#define SET_FIELD(n, v) do { \
        if ((n) - 3 < (int)nf) { \
            g_free(f[(n) - 3]); \
            f[(n) - 3] = g_strdup_printf("%" PRIu64, (uint64_t)(v)); \
        } \
    } while (0)
    SET_FIELD(23, guest_vsize());
    SET_FIELD(26, im->start_code);
    SET_FIELD(27, im->end_code);
    SET_FIELD(28, im->sp);
    SET_FIELD(29, 0);                   /* kstkesp, kstkeip: 0 unless the task is dumping */
    SET_FIELD(30, 0);
    SET_FIELD(31, 0);                   /* signal: pending (obsolete, the kernel's own) */
    SET_FIELD(32, user_thread ? user_thread->sigmask & 0xffffffffu : 0);
    SET_FIELD(33, ign & 0xffffffffu);
    SET_FIELD(34, cgt & 0xffffffffu);
    SET_FIELD(45, im->start_data);
    SET_FIELD(46, im->end_data);
    SET_FIELD(47, brk_lo);
    SET_FIELD(48, arg_s);
    SET_FIELD(49, arg_e);
    SET_FIELD(50, env_s);
    SET_FIELD(51, env_e);
#undef SET_FIELD

    s = g_string_new(host);
    g_string_append(s, ") ");
    for (unsigned i = 0; i < nf; i++) {
        g_string_append(s, f[i]);
        g_string_append_c(s, i + 1 < nf ? ' ' : '\n');
    }
    g_strfreev(f);
    g_free(host);
    return s;
}

/*
 * /proc/self/status: the host's lines, but the address-space sizes and the
 * signal masks are the guest's.
 */
static GString *gen_status(void)
{
    char *host = NULL;
    char **lines;
    GString *s;
    uint64_t ign, cgt, vsize = guest_vsize();

    if (!g_file_get_contents("/proc/self/status", &host, NULL, NULL)) {
        return NULL;
    }
    guest_sig_masks(&ign, &cgt);
    lines = g_strsplit(host, "\n", -1);
    s = g_string_new(NULL);
    for (unsigned i = 0; lines[i]; i++) {
        const char *l = lines[i];
        if (!*l && !lines[i + 1]) {
            break;
        }
        if (g_str_has_prefix(l, "VmSize:") || g_str_has_prefix(l, "VmPeak:")) {
            g_string_append_printf(s, "%.7s\t%8" PRIu64 " kB\n", l, vsize / 1024);
        } else if (g_str_has_prefix(l, "SigBlk:")) {
            g_string_append_printf(s, "SigBlk:\t%016" PRIx64 "\n",
                                   user_thread ? user_thread->sigmask : 0);
        } else if (g_str_has_prefix(l, "SigIgn:")) {
            g_string_append_printf(s, "SigIgn:\t%016" PRIx64 "\n", ign);
        } else if (g_str_has_prefix(l, "SigCgt:")) {
            g_string_append_printf(s, "SigCgt:\t%016" PRIx64 "\n", cgt);
        } else {
            g_string_append_printf(s, "%s\n", l);
        }
    }
    g_strfreev(lines);
    g_free(host);
    return s;
}

static bool is_self(const char *path, const char *file)
{
    char buf[64];

    if (g_str_has_prefix(path, "/proc/self/") && !strcmp(path + 11, file)) {
        return true;
    }
    snprintf(buf, sizeof(buf), "/proc/%d/%s", (int)getpid(), file);
    return !strcmp(path, buf);
}

int user_proc_open(const char *path, int flags)
{
    GString *s = NULL;
    int fd;

    if (!g_str_has_prefix(path, "/proc/")) {
        return 1;
    }
    if (is_self(path, "maps")) {
        s = gen_maps();
    } else if (is_self(path, "cmdline")) {
        s = gen_cmdline();
    } else if (is_self(path, "auxv")) {
        s = gen_auxv();
    } else if (!strcmp(path, "/proc/cpuinfo")) {
        s = gen_cpuinfo();
    } else if (is_self(path, "stat")) {
        s = gen_stat();
    } else if (is_self(path, "status")) {
        s = gen_status();
    } else {
        return 1;
    }
    if (!s) {
        /* The host file could not be read: let the guest see the host's error. */
        return 1;
    }
    if ((flags & O_ACCMODE) != O_RDONLY) {
        g_string_free(s, TRUE);
        return -EACCES;
    }
    fd = memfd_create("crossemu-proc", (flags & O_CLOEXEC) ? MFD_CLOEXEC : 0);
    if (fd < 0) {
        fd = -errno;
    } else if (write(fd, s->str, s->len) != (ssize_t)s->len || lseek(fd, 0, SEEK_SET) != 0) {
        close(fd);
        fd = -EIO;
    }
    g_string_free(s, TRUE);
    return fd;
}
