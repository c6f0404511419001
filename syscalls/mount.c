/*
 * mount.c: mount and umount2.
 *
 * The MS_* and MNT_* flags are the kernel's generic values on every ABI, so
 * they pass unchanged.  debootstrap's second stage and every chroot set-up
 * mount /proc and /sys from inside the (foreign) chroot.
 */
#include "common.h"
#include "syscalls/syscall.h"

#include <limits.h>
#include <sys/mount.h>

/* The kernel copies at most one page of mount options. */
#define MOUNT_DATA_MAX 4096

/* A guest string or NULL (guest address 0); -errno on a bad address. */
static int64_t opt_strdup(uint64_t gaddr, size_t max, char **out)
{
    int err;

    *out = NULL;
    if (!gaddr) {
        return 0;
    }
    *out = user_strdup(gaddr, max, &err);
    return *out ? 0 : -err;
}

static int64_t sys_mount(CPUCommon *cpu, const uint64_t *a)
{
    unsigned long flags = (unsigned long)arg_ulong(a[3]);
    char *source = NULL, *fstype = NULL, *data = NULL;
    char *tcopy = NULL, *tfree = NULL, *scopy = NULL, *sfree = NULL;
    const char *target, *host_source = NULL;
    int64_t r;

    r = sc_get_path(a[1], &tcopy, &target, &tfree);
    if (r < 0) {
        return r;
    }
    /*
     * The source is a path only for bind mounts and moves; otherwise it is a
     * device or just a name ("proc"), which must not get the -L prefix.
     */
    if (a[0] && (flags & (MS_BIND | MS_MOVE))) {
        r = sc_get_path(a[0], &scopy, &host_source, &sfree);
    } else {
        r = opt_strdup(a[0], PATH_MAX, &source);
        host_source = source;
    }
    if (r == 0) {
        r = opt_strdup(a[2], 256, &fstype);
    }
    /*
     * Options are a string for every file system a guest can mount here; a
     * binary blob (old NFS) would be cut at its first zero byte.
     */
    if (r == 0) {
        r = opt_strdup(a[4], MOUNT_DATA_MAX, &data);
    }
    if (r == 0) {
        r = mount(host_source, target, fstype, flags, data) < 0 ? -errno : 0;
    }
    g_free(source);
    g_free(fstype);
    g_free(data);
    if (scopy) {
        sc_put_path(scopy, sfree);
    }
    sc_put_path(tcopy, tfree);
    return r;
}

static int64_t sys_umount2(CPUCommon *cpu, const uint64_t *a)
{
    char *copy, *tofree;
    const char *path;
    int64_t r = sc_get_path(a[0], &copy, &path, &tofree);

    if (r < 0) {
        return r;
    }
    r = umount2(path, arg_int(a[1])) < 0 ? -errno : 0;
    sc_put_path(copy, tofree);
    return r;
}

const SyscallDef syscalls_mount[] = {
    { "mount", sys_mount, "ssspx" },
    { "umount2", sys_umount2, "sx" },
    { NULL },
};
