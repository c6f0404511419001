/*
 * persist.c: registrations that survive a reboot, in the two places the
 * distributions read them:
 *   /etc/binfmt.d/<name>.conf       systemd-binfmt (binfmt.d(5)): the
 *                                   registration line itself
 *   /usr/share/binfmts/<name>       binfmt-support: a format file, imported by
 *                                   `update-binfmts --import <name>`
 * binfmt-support has no open-binary option of its own: its "credentials yes"
 * gives the kernel C, which implies O.
 */
#include "common.h"
#include "binfmt.h"

#include <sys/stat.h>
#include <unistd.h>

void bf_persist_paths(const char *destdir, const char *name, BfPersist *p)
{
    char *conf = g_strconcat(name, ".conf", NULL);

    p->systemd_path = g_build_filename(destdir, "etc", "binfmt.d", conf, NULL);
    p->support_path = g_build_filename(destdir, "usr", "share", "binfmts", name, NULL);
    g_free(conf);
}

void bf_persist_free(BfPersist *p)
{
    g_free(p->systemd_path);
    g_free(p->support_path);
    p->systemd_path = p->support_path = NULL;
}

/* Write a whole file or nothing: a temporary file renamed over the target. */
static bool write_file(const char *path, const char *text)
{
    char *dir = g_path_get_dirname(path);
    GError *err = NULL;
    bool ok;

    if (g_mkdir_with_parents(dir, 0755) != 0) {
        fprintf(stderr, "%s: cannot create %s: %s\n", crossemu_progname, dir,
                g_strerror(errno));
        g_free(dir);
        return false;
    }
    g_free(dir);
    /* g_file_set_contents writes a temporary file and renames it. */
    ok = g_file_set_contents(path, text, -1, &err);
    if (!ok) {
        fprintf(stderr, "%s: %s\n", crossemu_progname, err->message);
        g_error_free(err);
        return false;
    }
    chmod(path, 0644);
    return true;
}

bool bf_persist_write(const BfPersist *p, const char *line, const char *interpreter,
                      const char *magic_esc, const char *mask_esc, const char *flags)
{
    char *conf, *fmt;
    bool ok;

    conf = g_strdup_printf("# Written by crossemu-binfmt register --persistent; "
                           "removed by crossemu-binfmt unregister --persistent.\n%s\n", line);
    fmt = g_strdup_printf("package crossemu\n"
                          "interpreter %s\n"
                          "magic %s\n"
                          "offset 0\n"
                          "mask %s\n"
                          "credentials %s\n"
                          "fix_binary %s\n"
                          "preserve %s\n",
                          interpreter, magic_esc, mask_esc,
                          strchr(flags, 'C') ? "yes" : "no",
                          strchr(flags, 'F') ? "yes" : "no",
                          strchr(flags, 'P') ? "yes" : "no");
    ok = write_file(p->systemd_path, conf);
    if (ok && !write_file(p->support_path, fmt)) {
        unlink(p->systemd_path);
        ok = false;
    }
    g_free(conf);
    g_free(fmt);
    return ok;
}

bool bf_persist_exists(const BfPersist *p)
{
    return access(p->systemd_path, F_OK) == 0 || access(p->support_path, F_OK) == 0;
}

bool bf_persist_remove(const BfPersist *p)
{
    const char *paths[] = { p->systemd_path, p->support_path };
    bool ok = true;

    for (size_t i = 0; i < ARRAY_SIZE(paths); i++) {
        if (unlink(paths[i]) != 0 && errno != ENOENT) {
            fprintf(stderr, "%s: cannot remove %s: %s\n", crossemu_progname, paths[i],
                    g_strerror(errno));
            ok = false;
        }
    }
    return ok;
}
