/*
 * execve.c: a guest that execs another program.
 *
 * A foreign program of our own architecture (an ELF for this guest, or a
 * "#!" script whose interpreter is one) runs under crossemu again, with the
 * options crossemu itself was started with, so that shells and build tools
 * work without binfmt_misc.  Anything else (a native host program, or a
 * script for a native interpreter) is exec'd directly by the host kernel.
 * Paths go through the -L prefix as every guest path does.
 */
#include "common.h"
#include "user.h"
#include "log.h"

#include <fcntl.h>
#include <unistd.h>

/* What the first bytes of a file say it is. */
static bool is_guest_elf(const uint8_t *h, size_t n)
{
    const TargetInfo *t = &user_target;
    bool be;
    uint16_t m;

    if (n < 20 || memcmp(h, "\177ELF", 4) != 0 || h[4] != t->elf_class) {
        return false;
    }
    be = h[5] == 2;
    if (be != t->big_endian) {
        return false;
    }
    m = be ? (uint16_t)(h[18] << 8 | h[19]) : (uint16_t)(h[19] << 8 | h[18]);
    return m == t->elf_machine || (t->elf_machine2 && m == t->elf_machine2);
}

static ssize_t read_head(const char *hpath, uint8_t *buf, size_t len)
{
    int fd = open(hpath, O_RDONLY | O_CLOEXEC);
    ssize_t n;

    if (fd < 0) {
        return -errno;
    }
    n = pread(fd, buf, len, 0);
    if (n < 0) {
        n = -errno;
    }
    close(fd);
    return n;
}

/* Parse "#!interp [arg]" (the kernel's rules: one optional argument, the rest of the line). */
static bool parse_shebang(const uint8_t *h, size_t n, char **interp, char **arg)
{
    char line[256];
    size_t len = 0;
    char *p, *e;

    if (n < 3 || h[0] != '#' || h[1] != '!') {
        return false;
    }
    while (2 + len < n && len < sizeof(line) - 1 && h[2 + len] != '\n') {
        line[len] = (char)h[2 + len];
        len++;
    }
    line[len] = 0;
    p = line;
    while (*p == ' ' || *p == '\t') {
        p++;
    }
    if (!*p) {
        return false;
    }
    e = p;
    while (*e && *e != ' ' && *e != '\t') {
        e++;
    }
    *interp = g_strndup(p, (gsize)(e - p));
    while (*e == ' ' || *e == '\t') {
        e++;
    }
    /* Trailing blanks are not part of the argument. */
    len = strlen(e);
    while (len && (e[len - 1] == ' ' || e[len - 1] == '\t' || e[len - 1] == '\r')) {
        e[--len] = 0;
    }
    *arg = len ? g_strdup(e) : NULL;
    return true;
}

static int64_t exec_under_crossemu(const char *argv0, const char *prog, char **args, char **envp)
{
    GPtrArray *a = g_ptr_array_new();
    char **opts = user_proc.emu_argv;
    char self[PATH_MAX];
    ssize_t n;

    /* Our own binary: the host's /proc/self/exe (never the guest's view). */
    n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (n <= 0) {
        g_ptr_array_free(a, TRUE);
        return -ENOEXEC;
    }
    self[n] = 0;
    g_ptr_array_add(a, self);
    for (int i = 1; i < user_proc.emu_nopts; i++) {
        /* -g: the debugger attached to the parent, not to what it execs. */
        if (!strcmp(opts[i], "-g") || !strcmp(opts[i], "--g")) {
            i++;
            continue;
        }
        if (!strcmp(opts[i], "--")) {
            continue;
        }
        g_ptr_array_add(a, opts[i]);
    }
    g_ptr_array_add(a, (char *)"-0");
    g_ptr_array_add(a, (char *)argv0);
    g_ptr_array_add(a, (char *)"--");
    g_ptr_array_add(a, (char *)prog);
    for (char **p = args; p && *p; p++) {
        g_ptr_array_add(a, *p);
    }
    g_ptr_array_add(a, NULL);
    /* QEMU_GDB, like -g, was for this program: what it execs would wait for a gdb forever. */
    GPtrArray *env = g_ptr_array_new();
    for (char **e = envp; e && *e; e++) {
        if (!g_str_has_prefix(*e, "QEMU_GDB=")) {
            g_ptr_array_add(env, *e);
        }
    }
    g_ptr_array_add(env, NULL);
    user_flush_all();
    execve(self, (char **)a->pdata, (char **)env->pdata);
    n = -errno;
    g_ptr_array_free(env, TRUE);
    g_ptr_array_free(a, TRUE);
    return n;
}

int64_t user_execve(const char *guest_path, char **argv, char **envp)
{
    uint8_t head[256];
    char *tofree, *interp = NULL, *iarg = NULL, *itofree = NULL;
    const char *hpath = user_path(guest_path, &tofree);
    ssize_t n = read_head(hpath, head, sizeof(head));
    int64_t r;

    if (n < 0) {
        g_free(tofree);
        return n;
    }
    if (access(hpath, X_OK) != 0) {
        r = -errno;
        g_free(tofree);
        return r;
    }
    log_mask_printf(LOG_INT, "execve %s (host %s)\n", guest_path, hpath);
    if (user_proc.binfmt) {
        /*
         * binfmt_misc started us, so the kernel runs foreign programs by
         * itself (inside chroots too, where our own path may not exist,
         * and with setuid honoured under the C flag).
         */
        user_flush_all();
        execve(hpath, argv, envp);
        r = -errno;
    } else if (is_guest_elf(head, (size_t)n)) {
        r = exec_under_crossemu(argv && argv[0] ? argv[0] : guest_path, hpath,
                                argv && argv[0] ? argv + 1 : NULL, envp);
    } else if (parse_shebang(head, (size_t)n, &interp, &iarg)) {
        const char *ihpath = user_path(interp, &itofree);
        uint8_t ihead[64];
        ssize_t in = read_head(ihpath, ihead, sizeof(ihead));
        if (in > 0 && is_guest_elf(ihead, (size_t)in)) {
            /* The guest interpreter, with the script as its argument (the kernel's order). */
            GPtrArray *a = g_ptr_array_new();
            if (iarg) {
                g_ptr_array_add(a, iarg);
            }
            g_ptr_array_add(a, (char *)guest_path);
            for (char **p = argv && argv[0] ? argv + 1 : NULL; p && *p; p++) {
                g_ptr_array_add(a, *p);
            }
            g_ptr_array_add(a, NULL);
            r = exec_under_crossemu(interp, ihpath, (char **)a->pdata, envp);
            g_ptr_array_free(a, TRUE);
        } else {
            user_flush_all();
            execve(hpath, argv, envp);
            r = -errno;
        }
    } else {
        user_flush_all();
        execve(hpath, argv, envp);
        r = -errno;
    }
    g_free(interp);
    g_free(iarg);
    g_free(itofree);
    g_free(tofree);
    return r;
}
