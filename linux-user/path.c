/*
 * path.c: guest paths to host paths.  -L prefix: an absolute guest path is
 * looked up under the prefix first (where a cross sysroot keeps the guest's
 * /lib, /etc, ...), falling back to the host's own file.  /proc/self/exe is
 * the guest program, not crossemu.
 */
#include "common.h"
#include "user.h"

#include <unistd.h>

/* Process-wide state (main.c fills it); here so that the loader's unit test links without main. */
UserProcess user_proc;

const char *user_path(const char *p, char **tofree)
{
    char self[64];

    *tofree = NULL;
    if (p[0] != '/') {
        return p;
    }
    snprintf(self, sizeof(self), "/proc/%d/exe", (int)getpid());
    if (user_proc.exe_path && (strcmp(p, "/proc/self/exe") == 0 || strcmp(p, self) == 0)) {
        return user_proc.exe_path;
    }
    if (user_proc.ld_prefix && p[1]) {
        char *q = g_strconcat(user_proc.ld_prefix, p, NULL);
        if (access(q, F_OK) == 0) {
            *tofree = q;
            return q;
        }
        g_free(q);
    }
    return p;
}
