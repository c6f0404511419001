/*
 * fs.c: operations on names and file-system metadata: rename, link,
 * symlink, mknod, chmod, chown, utimensat, truncate, statfs, extended
 * attributes, inotify.
 *
 * Every guest path goes through sc_get_path (the -L prefix, /proc/self/exe).
 * What a path names is translated; what a call stores (a symlink's target)
 * is the guest's text and is stored as is.
 */
#include "common.h"
#include "syscalls/syscall.h"

#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

/* A guest path and its host translation. */
typedef struct GPath {
    char *copy, *tofree;
    const char *host;
} GPath;

static int64_t gpath_get(GPath *p, uint64_t gaddr)
{
    p->copy = p->tofree = NULL;
    return sc_get_path(gaddr, &p->copy, &p->host, &p->tofree);
}

static void gpath_put(GPath *p)
{
    sc_put_path(p->copy, p->tofree);
}

static inline int64_t ret_errno(long r)
{
    return r < 0 ? -errno : r;
}

static int64_t do_renameat2(uint64_t olddfd, uint64_t oldp, uint64_t newdfd, uint64_t newp,
                            unsigned flags)
{
    GPath o, n;
    int64_t r = gpath_get(&o, oldp);

    if (r < 0) {
        return r;
    }
    r = gpath_get(&n, newp);
    if (r == 0) {
        /* RENAME_NOREPLACE/EXCHANGE/WHITEOUT are the same bits on every ABI. */
        r = ret_errno(syscall(SYS_renameat2, arg_int(olddfd), o.host, arg_int(newdfd), n.host,
                              flags));
        gpath_put(&n);
    }
    gpath_put(&o);
    return r;
}

static int64_t sys_renameat(CPUCommon *cpu, const uint64_t *a)
{
    return do_renameat2(a[0], a[1], a[2], a[3], 0);
}

static int64_t sys_renameat2(CPUCommon *cpu, const uint64_t *a)
{
    return do_renameat2(a[0], a[1], a[2], a[3], (unsigned)a[4]);
}

static int64_t sys_linkat(CPUCommon *cpu, const uint64_t *a)
{
    GPath o, n;
    int64_t r = gpath_get(&o, a[1]);

    if (r < 0) {
        return r;
    }
    r = gpath_get(&n, a[3]);
    if (r == 0) {
        r = ret_errno(linkat(arg_int(a[0]), o.host, arg_int(a[2]), n.host, arg_int(a[4])));
        gpath_put(&n);
    }
    gpath_put(&o);
    return r;
}

static int64_t sys_symlinkat(CPUCommon *cpu, const uint64_t *a)
{
    GPath n;
    int err;
    /* The target is data the link holds: the guest's own text, not a host path. */
    char *target = user_strdup(a[0], 4096, &err);
    int64_t r;

    if (!target) {
        return -err;
    }
    r = gpath_get(&n, a[2]);
    if (r == 0) {
        r = ret_errno(symlinkat(target, arg_int(a[1]), n.host));
        gpath_put(&n);
    }
    g_free(target);
    return r;
}

static int64_t sys_mknodat(CPUCommon *cpu, const uint64_t *a)
{
    GPath p;
    int64_t r = gpath_get(&p, a[1]);

    if (r < 0) {
        return r;
    }
    /* S_IF* and the kernel's 32-bit dev encoding are the same on every ABI. */
    r = ret_errno(syscall(SYS_mknodat, arg_int(a[0]), p.host, (unsigned)a[2], (unsigned)a[3]));
    gpath_put(&p);
    return r;
}

static int64_t sys_fchmod(CPUCommon *cpu, const uint64_t *a)
{
    return ret_errno(fchmod(arg_int(a[0]), (mode_t)a[1]));
}

static int64_t sys_fchmodat(CPUCommon *cpu, const uint64_t *a)
{
    GPath p;
    int64_t r = gpath_get(&p, a[1]);

    if (r < 0) {
        return r;
    }
    /* The syscall has no flags argument (glibc's AT_SYMLINK_NOFOLLOW is emulated). */
    r = ret_errno(syscall(SYS_fchmodat, arg_int(a[0]), p.host, (mode_t)a[2]));
    gpath_put(&p);
    return r;
}

static int64_t sys_fchown(CPUCommon *cpu, const uint64_t *a)
{
    return ret_errno(fchown(arg_int(a[0]), (uid_t)a[1], (gid_t)a[2]));
}

static int64_t sys_fchownat(CPUCommon *cpu, const uint64_t *a)
{
    GPath p;
    int64_t r = gpath_get(&p, a[1]);

    if (r < 0) {
        return r;
    }
    r = ret_errno(fchownat(arg_int(a[0]), p.host, (uid_t)a[2], (gid_t)a[3], arg_int(a[4])));
    gpath_put(&p);
    return r;
}

static int64_t do_utimensat(const AbiLayout *l, const uint64_t *a)
{
    struct timespec ts[2], *tsp = NULL;
    GPath p = { 0 };
    const char *path = NULL;
    int64_t r;

    if (a[2]) {
        for (int i = 0; i < 2; i++) {
            /* UTIME_NOW and UTIME_OMIT are tv_nsec values, the same everywhere. */
            r = sc_load_timespec(l, a[2] + (uint64_t)i * l->size, &ts[i]);
            if (r < 0) {
                return r;
            }
        }
        tsp = ts;
    }
    /* A NULL path means the descriptor itself (futimens). */
    if (a[1]) {
        r = gpath_get(&p, a[1]);
        if (r < 0) {
            return r;
        }
        path = p.host;
    }
    r = ret_errno(syscall(SYS_utimensat, arg_int(a[0]), path, tsp, arg_int(a[3])));
    if (a[1]) {
        gpath_put(&p);
    }
    return r;
}

static int64_t sys_utimensat(CPUCommon *cpu, const uint64_t *a)
{
    return do_utimensat(guest_abi->timespec, a);
}

/* 32-bit ABIs: two 64-bit __kernel_timespecs. */
static int64_t sys_utimensat_time64(CPUCommon *cpu, const uint64_t *a)
{
    return do_utimensat(guest_abi->timespec64, a);
}

static int64_t sys_truncate(CPUCommon *cpu, const uint64_t *a)
{
    GPath p;
    int64_t r = gpath_get(&p, a[0]);

    if (r < 0) {
        return r;
    }
    r = ret_errno(truncate(p.host, (off_t)arg_long(a[1])));
    gpath_put(&p);
    return r;
}

static int64_t store_statfs(const struct statfs *s, uint64_t gaddr)
{
    const AbiLayout *l = guest_abi->statfs;

    if (!l) {
        log_mask_printf(LOG_UNIMP, "statfs: no struct statfs layout for the %s ABI\n",
                        guest_abi->name);
        return -ENOSYS;
    }
    if (!user_access_ok(gaddr, l->size, PAGE_WRITE)) {
        return -EFAULT;
    }
    /* The spare words are zero, as the kernel leaves them. */
    memset(g2h(gaddr), 0, l->size);
    abi_statfs_to_guest(guest_abi, l, s, g2h(gaddr));
    return 0;
}

static int64_t sys_statfs(CPUCommon *cpu, const uint64_t *a)
{
    struct statfs s;
    GPath p;
    int64_t r = gpath_get(&p, a[0]);

    if (r < 0) {
        return r;
    }
    r = statfs(p.host, &s);
    gpath_put(&p);
    return r < 0 ? -errno : store_statfs(&s, a[1]);
}

static int64_t sys_fstatfs(CPUCommon *cpu, const uint64_t *a)
{
    struct statfs s;

    if (fstatfs(arg_int(a[0]), &s) < 0) {
        return -errno;
    }
    return store_statfs(&s, a[1]);
}

/*
 * Extended attributes: names and values are bytes, the same on every ABI.
 * One helper per shape: which of path (following links or not) or fd.
 */
typedef enum XattrKind { XA_PATH, XA_LPATH, XA_FD } XattrKind;

static int64_t xattr_get(XattrKind k, const uint64_t *a)
{
    uint64_t size = arg_ulong(a[3]);
    char *name;
    GPath p = { 0 };
    int err;
    int64_t r;

    if (size && !user_access_ok(a[2], size, PAGE_WRITE)) {
        return -EFAULT;
    }
    name = user_strdup(a[1], 256, &err);
    if (!name) {
        return -err;
    }
    if (k == XA_FD) {
        r = ret_errno(fgetxattr(arg_int(a[0]), name, size ? g2h(a[2]) : NULL, size));
    } else if ((r = gpath_get(&p, a[0])) == 0) {
        r = ret_errno((k == XA_PATH ? getxattr : lgetxattr)(p.host, name,
                                                            size ? g2h(a[2]) : NULL, size));
        gpath_put(&p);
    }
    g_free(name);
    return r;
}

static int64_t xattr_set(XattrKind k, const uint64_t *a)
{
    uint64_t size = arg_ulong(a[3]);
    char *name;
    GPath p = { 0 };
    int err;
    int64_t r;

    if (!user_access_ok(a[2], size, PAGE_READ)) {
        return -EFAULT;
    }
    name = user_strdup(a[1], 256, &err);
    if (!name) {
        return -err;
    }
    /* XATTR_CREATE/XATTR_REPLACE: 1 and 2 everywhere. */
    if (k == XA_FD) {
        r = ret_errno(fsetxattr(arg_int(a[0]), name, g2h(a[2]), size, arg_int(a[4])));
    } else if ((r = gpath_get(&p, a[0])) == 0) {
        r = ret_errno((k == XA_PATH ? setxattr : lsetxattr)(p.host, name, g2h(a[2]), size,
                                                            arg_int(a[4])));
        gpath_put(&p);
    }
    g_free(name);
    return r;
}

static int64_t xattr_list(XattrKind k, const uint64_t *a)
{
    uint64_t size = arg_ulong(a[2]);
    GPath p;
    int64_t r;

    if (size && !user_access_ok(a[1], size, PAGE_WRITE)) {
        return -EFAULT;
    }
    if (k == XA_FD) {
        return ret_errno(flistxattr(arg_int(a[0]), size ? g2h(a[1]) : NULL, size));
    }
    r = gpath_get(&p, a[0]);
    if (r == 0) {
        r = ret_errno((k == XA_PATH ? listxattr : llistxattr)(p.host, size ? g2h(a[1]) : NULL,
                                                              size));
        gpath_put(&p);
    }
    return r;
}

static int64_t xattr_remove(XattrKind k, const uint64_t *a)
{
    char *name;
    GPath p = { 0 };
    int err;
    int64_t r;

    name = user_strdup(a[1], 256, &err);
    if (!name) {
        return -err;
    }
    if (k == XA_FD) {
        r = ret_errno(fremovexattr(arg_int(a[0]), name));
    } else if ((r = gpath_get(&p, a[0])) == 0) {
        r = ret_errno((k == XA_PATH ? removexattr : lremovexattr)(p.host, name));
        gpath_put(&p);
    }
    g_free(name);
    return r;
}

static int64_t sys_getxattr(CPUCommon *cpu, const uint64_t *a) { return xattr_get(XA_PATH, a); }
static int64_t sys_lgetxattr(CPUCommon *cpu, const uint64_t *a) { return xattr_get(XA_LPATH, a); }
static int64_t sys_fgetxattr(CPUCommon *cpu, const uint64_t *a) { return xattr_get(XA_FD, a); }
static int64_t sys_setxattr(CPUCommon *cpu, const uint64_t *a) { return xattr_set(XA_PATH, a); }
static int64_t sys_lsetxattr(CPUCommon *cpu, const uint64_t *a) { return xattr_set(XA_LPATH, a); }
static int64_t sys_fsetxattr(CPUCommon *cpu, const uint64_t *a) { return xattr_set(XA_FD, a); }
static int64_t sys_listxattr(CPUCommon *cpu, const uint64_t *a) { return xattr_list(XA_PATH, a); }
static int64_t sys_llistxattr(CPUCommon *cpu, const uint64_t *a) { return xattr_list(XA_LPATH, a); }
static int64_t sys_flistxattr(CPUCommon *cpu, const uint64_t *a) { return xattr_list(XA_FD, a); }
static int64_t sys_removexattr(CPUCommon *cpu, const uint64_t *a) { return xattr_remove(XA_PATH, a); }
static int64_t sys_lremovexattr(CPUCommon *cpu, const uint64_t *a) { return xattr_remove(XA_LPATH, a); }
static int64_t sys_fremovexattr(CPUCommon *cpu, const uint64_t *a) { return xattr_remove(XA_FD, a); }

/*
 * inotify: the host's descriptor is the guest's.  Watched paths go through
 * -L like any other path.  Events read from it are struct inotify_event
 * (int wd, u32 mask, u32 cookie, u32 len, then the name): the same bytes on
 * every little-endian ABI, swapped field by field for a big-endian guest.
 * IN_* mask bits and the IN_NONBLOCK/IN_CLOEXEC flags are O_NONBLOCK and
 * O_CLOEXEC, so they go through the open-flag map.
 */
static int64_t sys_inotify_init1(CPUCommon *cpu, const uint64_t *a)
{
    int flags = (int)abi_flags_to_host(guest_abi->open_flags, guest_abi->n_open_flags,
                                       (uint32_t)a[0]);
    int fd;

    if (flags & ~(O_NONBLOCK | O_CLOEXEC)) {
        return -EINVAL;
    }
    fd = inotify_init1(flags);
    if (fd < 0) {
        return -errno;
    }
    if (guest_abi->big_endian != abi_host.big_endian) {
        /* read() would hand the guest host-order events; nothing swaps them yet. */
        close(fd);
        log_mask_printf(LOG_UNIMP, "inotify for a guest of the other byte order\n");
        return -ENOSYS;
    }
    return fd;
}

static int64_t sys_inotify_add_watch(CPUCommon *cpu, const uint64_t *a)
{
    GPath p;
    int64_t r = gpath_get(&p, a[1]);

    if (r < 0) {
        return r;
    }
    r = ret_errno(inotify_add_watch(arg_int(a[0]), p.host, (uint32_t)a[2]));
    gpath_put(&p);
    return r;
}

static int64_t sys_inotify_rm_watch(CPUCommon *cpu, const uint64_t *a)
{
    return ret_errno(inotify_rm_watch(arg_int(a[0]), arg_int(a[1])));
}

const SyscallDef syscalls_fs[] = {
    { "renameat", sys_renameat, "fsfs" },
    { "renameat2", sys_renameat2, "fsfsx" },
    { "linkat", sys_linkat, "fsfsx" },
    { "symlinkat", sys_symlinkat, "sfs" },
    { "mknodat", sys_mknodat, "fsox" },
    { "fchmod", sys_fchmod, "do" },
    { "fchmodat", sys_fchmodat, "fso" },
    { "fchown", sys_fchown, "ddd" },
    { "fchownat", sys_fchownat, "fsddx" },
    { "utimensat", sys_utimensat, "fspx" },
    { "utimensat_time64", sys_utimensat_time64, "fspx" },
    { "truncate", sys_truncate, "sl" },
    { "statfs", sys_statfs, "sp" },
    { "fstatfs", sys_fstatfs, "dp" },
    { "getxattr", sys_getxattr, "sspu" },
    { "lgetxattr", sys_lgetxattr, "sspu" },
    { "fgetxattr", sys_fgetxattr, "dspu" },
    { "setxattr", sys_setxattr, "sspux" },
    { "lsetxattr", sys_lsetxattr, "sspux" },
    { "fsetxattr", sys_fsetxattr, "dspux" },
    { "listxattr", sys_listxattr, "spu" },
    { "llistxattr", sys_llistxattr, "spu" },
    { "flistxattr", sys_flistxattr, "dpu" },
    { "removexattr", sys_removexattr, "ss" },
    { "lremovexattr", sys_lremovexattr, "ss" },
    { "fremovexattr", sys_fremovexattr, "ds" },
    { "inotify_init1", sys_inotify_init1, "x" },
    { "inotify_add_watch", sys_inotify_add_watch, "dsx" },
    { "inotify_rm_watch", sys_inotify_rm_watch, "dd" },
    { NULL },
};
