/*
 * kernel.c: the binfmt_misc file system (Documentation/admin-guide/binfmt-misc.rst).
 *
 *   register    write ":name:M:offset:magic:mask:interpreter:flags" to add an entry
 *   <name>      read: its state; write "-1": remove it, "0"/"1": disable/enable
 *   status      read: "enabled"/"disabled" for the whole mechanism
 *
 * Each write is one write(2) of the whole line: the kernel parses one
 * buffer, so a short write would register a truncated entry.
 */
#include "common.h"
#include "binfmt.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

/* From linux/magic.h; not every libc header set has it. */
#define BINFMTFS_MAGIC_NR 0x42494e4d

static char *path_in(const char *dir, const char *name)
{
    return g_build_filename(dir, name, NULL);
}

static bool is_binfmt_fs(const char *dir)
{
    struct statfs sf;
    char *reg;
    bool ok;

    if (statfs(dir, &sf) != 0 || (unsigned long)sf.f_type != BINFMTFS_MAGIC_NR) {
        return false;
    }
    reg = path_in(dir, "register");
    ok = access(reg, F_OK) == 0;
    g_free(reg);
    return ok;
}

bool bf_kernel_ready(const char *dir, bool mount_it)
{
    if (is_binfmt_fs(dir)) {
        return true;
    }
    if (!mount_it || strcmp(dir, BF_DEFAULT_DIR) != 0) {
        fprintf(stderr, "%s: binfmt_misc is not mounted at %s\n", crossemu_progname, dir);
        return false;
    }
    if (geteuid() != 0) {
        fprintf(stderr,
                "%s: binfmt_misc is not mounted at %s, and mounting it needs root:\n"
                "  run this command as root, or first: mount -t binfmt_misc binfmt_misc %s\n",
                crossemu_progname, dir, dir);
        return false;
    }
    if (mount("binfmt_misc", dir, "binfmt_misc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0) {
        int e = errno;
        if (e == ENODEV) {
            fprintf(stderr, "%s: the kernel has no binfmt_misc file system "
                    "(modprobe binfmt_misc, or a kernel with CONFIG_BINFMT_MISC)\n",
                    crossemu_progname);
        } else if (e == ENOENT) {
            fprintf(stderr, "%s: cannot mount binfmt_misc: %s does not exist (is /proc mounted?)\n",
                    crossemu_progname, dir);
        } else {
            fprintf(stderr, "%s: cannot mount binfmt_misc at %s: %s%s\n", crossemu_progname,
                    dir, g_strerror(e),
                    e == EPERM ? " (a container without CAP_SYS_ADMIN cannot)" : "");
        }
        return false;
    }
    if (!is_binfmt_fs(dir)) {
        fprintf(stderr, "%s: mounted binfmt_misc at %s but it has no register file\n",
                crossemu_progname, dir);
        return false;
    }
    fprintf(stderr, "%s: mounted binfmt_misc at %s\n", crossemu_progname, dir);
    return true;
}

bool bf_kernel_exists(const char *dir, const char *name)
{
    char *p = path_in(dir, name);
    bool ok = access(p, F_OK) == 0;

    g_free(p);
    return ok;
}

static size_t parse_hex(const char *s, uint8_t *out, size_t max)
{
    size_t n = 0;

    while (s[0] && s[1] && n < max && g_ascii_isxdigit(s[0]) && g_ascii_isxdigit(s[1])) {
        out[n++] = (uint8_t)(g_ascii_xdigit_value(s[0]) << 4 | g_ascii_xdigit_value(s[1]));
        s += 2;
    }
    return n;
}

bool bf_kernel_read(const char *dir, const char *name, BfEntry *e)
{
    char *p = path_in(dir, name);
    char *text = NULL;
    gchar **lines;
    bool have_mask = false;
    GError *err = NULL;

    memset(e, 0, sizeof(*e));
    if (!g_file_get_contents(p, &text, NULL, &err)) {
        errno = err->code == G_FILE_ERROR_NOENT ? ENOENT : EACCES;
        g_error_free(err);
        g_free(p);
        return false;
    }
    g_free(p);
    lines = g_strsplit(text, "\n", -1);
    for (gchar **l = lines; *l; l++) {
        if (strcmp(*l, "enabled") == 0) {
            e->enabled = true;
        } else if (g_str_has_prefix(*l, "interpreter ")) {
            e->interpreter = g_strdup(*l + strlen("interpreter "));
        } else if (g_str_has_prefix(*l, "flags:")) {
            e->flags = g_strstrip(g_strdup(*l + strlen("flags:")));
        } else if (g_str_has_prefix(*l, "offset ")) {
            e->offset = (unsigned)g_ascii_strtoull(*l + strlen("offset "), NULL, 10);
        } else if (g_str_has_prefix(*l, "magic ")) {
            e->magic_len = parse_hex(*l + strlen("magic "), e->magic, sizeof(e->magic));
            e->is_magic = true;
        } else if (g_str_has_prefix(*l, "mask ")) {
            parse_hex(*l + strlen("mask "), e->mask, sizeof(e->mask));
            have_mask = true;
        }
    }
    if (!have_mask) {
        memset(e->mask, 0xff, sizeof(e->mask));
    }
    if (!e->flags) {
        e->flags = g_strdup("");
    }
    if (!e->interpreter) {
        e->interpreter = g_strdup("");
    }
    g_strfreev(lines);
    g_free(text);
    return true;
}

void bf_entry_free(BfEntry *e)
{
    g_free(e->interpreter);
    g_free(e->flags);
    e->interpreter = e->flags = NULL;
}

static bool write_once(const char *path, const char *data)
{
    size_t len = strlen(data);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    ssize_t n;
    int e;

    if (fd < 0) {
        return false;
    }
    n = write(fd, data, len);
    e = errno;
    close(fd);
    if (n < 0) {
        errno = e;
        return false;
    }
    if ((size_t)n != len) {
        errno = EIO;
        return false;
    }
    return true;
}

bool bf_kernel_register(const char *dir, const char *line)
{
    char *p = path_in(dir, "register");
    bool ok = write_once(p, line);
    int e = errno;

    g_free(p);
    errno = e;
    return ok;
}

bool bf_kernel_remove(const char *dir, const char *name)
{
    char *p = path_in(dir, name);
    bool ok = write_once(p, "-1");
    int e = errno;

    g_free(p);
    errno = e;
    return ok;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **bf_kernel_list(const char *dir)
{
    GPtrArray *names = g_ptr_array_new();
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *n;

    if (d) {
        while ((n = g_dir_read_name(d))) {
            if (strcmp(n, "register") != 0 && strcmp(n, "status") != 0) {
                g_ptr_array_add(names, g_strdup(n));
            }
        }
        g_dir_close(d);
    }
    qsort(names->pdata, names->len, sizeof(char *), cmp_str);
    g_ptr_array_add(names, NULL);
    return (char **)g_ptr_array_free(names, FALSE);
}

char *bf_kernel_global_status(const char *dir)
{
    char *p = path_in(dir, "status");
    char *text = NULL;

    if (!g_file_get_contents(p, &text, NULL, NULL)) {
        text = NULL;
    } else {
        g_strstrip(text);
    }
    g_free(p);
    return text;
}
