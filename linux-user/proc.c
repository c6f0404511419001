/*
 * proc.c: /proc files whose host contents would describe crossemu instead
 * of the guest.  Opening one gives a memfd holding the guest's view:
 *   /proc/self/maps (and /proc/<our pid>/maps): the guest address space
 *   /proc/self/cmdline: the guest's argv
 *   /proc/self/auxv: the guest's auxiliary vector
 *   /proc/cpuinfo: the guest CPU (what TargetInfo knows of it)
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
    } else {
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
