/*
 * file.c: file descriptors, paths and file metadata.
 *
 * Buffers are checked against the guest page map (user_access_ok) and then
 * handed to the host kernel at their host address: the kernel does the copy.
 */
#include "common.h"
#include "syscalls/syscall.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#define GUEST_AT_FDCWD (-100)

static inline int64_t ret_errno(int64_t r)
{
    return r < 0 ? -errno : r;
}

static int64_t sys_read(CPUCommon *cpu, const uint64_t *a)
{
    uint64_t len = arg_ulong(a[2]);

    if (!user_access_ok(a[1], len, PAGE_WRITE)) {
        return -EFAULT;
    }
    return ret_errno(read(arg_int(a[0]), g2h(a[1]), len));
}

static int64_t sys_write(CPUCommon *cpu, const uint64_t *a)
{
    uint64_t len = arg_ulong(a[2]);

    if (!user_access_ok(a[1], len, PAGE_READ)) {
        return -EFAULT;
    }
    return ret_errno(write(arg_int(a[0]), g2h(a[1]), len));
}

static int64_t sys_pread64(CPUCommon *cpu, const uint64_t *a)
{
    uint64_t len = arg_ulong(a[2]);

    if (!user_access_ok(a[1], len, PAGE_WRITE)) {
        return -EFAULT;
    }
    return ret_errno(pread(arg_int(a[0]), g2h(a[1]), len, (off_t)a[3]));
}

static int64_t sys_pwrite64(CPUCommon *cpu, const uint64_t *a)
{
    uint64_t len = arg_ulong(a[2]);

    if (!user_access_ok(a[1], len, PAGE_READ)) {
        return -EFAULT;
    }
    return ret_errno(pwrite(arg_int(a[0]), g2h(a[1]), len, (off_t)a[3]));
}

/* Convert a guest iovec array; every buffer must be accessible with `flags`. */
int64_t sc_get_iovec(uint64_t gaddr, uint64_t count, unsigned flags, struct iovec **out)
{
    unsigned w = guest_abi->long_bits / 8;
    struct iovec *iov;

    if (count > IOV_MAX) {
        return -EINVAL;
    }
    if (!user_access_ok(gaddr, count * 2 * w, PAGE_READ)) {
        return -EFAULT;
    }
    iov = g_new0(struct iovec, count ? count : 1);
    for (uint64_t i = 0; i < count; i++) {
        const uint8_t *p = (const uint8_t *)g2h(gaddr) + i * 2 * w;
        uint64_t base = abi_load_scalar(guest_abi, p, w);
        uint64_t len = abi_load_scalar(guest_abi, p + w, w);
        if (!user_access_ok(base, len, flags)) {
            g_free(iov);
            return -EFAULT;
        }
        iov[i].iov_base = g2h(base);
        iov[i].iov_len = len;
    }
    *out = iov;
    return 0;
}

static int64_t sys_readv(CPUCommon *cpu, const uint64_t *a)
{
    struct iovec *iov;
    int64_t r = sc_get_iovec(a[1], arg_ulong(a[2]), PAGE_WRITE, &iov);

    if (r == 0) {
        r = ret_errno(readv(arg_int(a[0]), iov, (int)arg_ulong(a[2])));
        g_free(iov);
    }
    return r;
}

static int64_t sys_writev(CPUCommon *cpu, const uint64_t *a)
{
    struct iovec *iov;
    int64_t r = sc_get_iovec(a[1], arg_ulong(a[2]), PAGE_READ, &iov);

    if (r == 0) {
        r = ret_errno(writev(arg_int(a[0]), iov, (int)arg_ulong(a[2])));
        g_free(iov);
    }
    return r;
}

static int64_t sys_openat(CPUCommon *cpu, const uint64_t *a)
{
    char *copy, *tofree;
    const char *path;
    int flags = (int)abi_flags_to_host(guest_abi->open_flags, guest_abi->n_open_flags,
                                       (uint32_t)a[2]);
    int64_t r = sc_get_path(a[1], &copy, &path, &tofree);

    if (r < 0) {
        return r;
    }
    r = user_proc_open(path, flags);
    if (r == 1) {
        r = ret_errno(openat(arg_int(a[0]), path, flags, (mode_t)a[3]));
    }
    sc_put_path(copy, tofree);
    return r;
}

static int64_t sys_close(CPUCommon *cpu, const uint64_t *a)
{
    int fd = arg_int(a[0]);

    /* The log file and the vfork pipe are ours; the guest cannot see them, so closing "works". */
    if (user_fd_is_private(fd)) {
        return 0;
    }
    return ret_errno(close(fd));
}

static int64_t sys_lseek(CPUCommon *cpu, const uint64_t *a)
{
    return ret_errno(lseek(arg_int(a[0]), (off_t)arg_long(a[1]), arg_int(a[2])));
}

static int64_t sys_dup(CPUCommon *cpu, const uint64_t *a)
{
    return ret_errno(dup(arg_int(a[0])));
}

static int64_t sys_dup3(CPUCommon *cpu, const uint64_t *a)
{
    int flags = (int)abi_flags_to_host(guest_abi->open_flags, guest_abi->n_open_flags,
                                       (uint32_t)a[2]);
    return ret_errno(dup3(arg_int(a[0]), arg_int(a[1]), flags));
}

/*
 * fcntl record locks (F_GETLK/F_SETLK/F_SETLKW, their *64 forms on 32-bit
 * ABIs, and the open-file-description locks): the guest's struct flock in
 * the layout the command takes, converted both ways.
 */
static int64_t fcntl_lock(int fd, int gcmd, int hcmd, uint64_t arg, bool fcntl64)
{
    const AbiLayout *l = abi_flock_layout(guest_abi, gcmd);
    bool get = hcmd == F_GETLK || hcmd == F_OFD_GETLK;
    struct flock fl;

    /*
     * A 32-bit ABI's plain fcntl (not fcntl64) knows no F_*LK64 and takes
     * struct flock for every lock command, OFD locks included (fs/fcntl.c).
     */
    if (!fcntl64 && guest_abi->flock64) {
        if (l == guest_abi->flock64 && hcmd != F_OFD_GETLK && hcmd != F_OFD_SETLK &&
            hcmd != F_OFD_SETLKW) {
            return -EINVAL;
        }
        l = guest_abi->flock;
    }
    if (!l) {
        log_mask_printf(LOG_UNIMP, "fcntl %d: no struct flock layout for the %s ABI\n", gcmd,
                        guest_abi->name);
        return -EINVAL;
    }
    if (!user_access_ok(arg, l->size, PAGE_READ | (get ? PAGE_WRITE : 0))) {
        return -EFAULT;
    }
    memset(&fl, 0, sizeof(fl));
    abi_flock_from_guest(guest_abi, l, g2h(arg), &fl);
    /* On a 64-bit host struct flock is flock64: F_GETLK serves both. */
    if (fcntl(fd, hcmd, &fl) < 0) {
        return -errno;
    }
    if (get) {
        abi_flock_to_guest(guest_abi, l, &fl, g2h(arg));
    }
    return 0;
}

static int64_t do_fcntl(const uint64_t *a, bool fcntl64)
{
    int fd = arg_int(a[0]), gcmd = arg_int(a[1]);
    int cmd = (int)abi_value_to_host(guest_abi->fcntl_cmds, guest_abi->n_fcntl_cmds, gcmd);
    int64_t r;

    switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
    case F_GETFD:
    case F_SETFD:       /* FD_CLOEXEC is 1 on every ABI */
    case F_GETOWN:
    case F_SETOWN:
    case F_NOTIFY:      /* DN_* bits are the same everywhere */
    case F_GETPIPE_SZ:
    case F_SETPIPE_SZ:
    case F_GET_SEALS:
    case F_ADD_SEALS:
        return ret_errno(fcntl(fd, cmd, arg_int(a[2])));
    case F_GETFL:
        r = fcntl(fd, cmd);
        if (r < 0) {
            return -errno;
        }
        return abi_flags_to_guest(guest_abi->open_flags, guest_abi->n_open_flags, (uint32_t)r);
    case F_SETFL:
        return ret_errno(fcntl(fd, cmd, (int)abi_flags_to_host(guest_abi->open_flags,
                                                               guest_abi->n_open_flags,
                                                               (uint32_t)a[2])));
    case F_GETLK:
    case F_SETLK:
    case F_SETLKW:
    case F_OFD_GETLK:
    case F_OFD_SETLK:
    case F_OFD_SETLKW:
        return fcntl_lock(fd, gcmd, cmd, a[2], fcntl64);
    case F_GETSIG:
        r = fcntl(fd, cmd);
        return r <= 0 ? (r < 0 ? -errno : 0) : user_sig_to_guest((int)r);
    case F_SETSIG: {
        int sig = arg_int(a[2]);
        if (sig && !(sig = user_sig_to_host(sig))) {
            return -EINVAL;
        }
        return ret_errno(fcntl(fd, cmd, sig));
    }
    case F_GETLEASE:
        r = fcntl(fd, cmd);
        if (r < 0) {
            return -errno;
        }
        return abi_value_to_guest(guest_abi->flock_types, guest_abi->n_flock_types, r);
    case F_SETLEASE:
        return ret_errno(fcntl(fd, cmd, (int)abi_value_to_host(guest_abi->flock_types,
                                                               guest_abi->n_flock_types,
                                                               arg_int(a[2]))));
    case F_GETOWN_EX:
    case F_SETOWN_EX: {
        /* struct f_owner_ex: two ints on every ABI. */
        struct f_owner_ex ox;
        unsigned fl = PAGE_READ | (cmd == F_GETOWN_EX ? PAGE_WRITE : 0);
        uint8_t *p;
        if (!user_access_ok(a[2], 8, fl)) {
            return -EFAULT;
        }
        p = g2h(a[2]);
        ox.type = (int)abi_load_scalar(guest_abi, p, 4);
        ox.pid = (pid_t)abi_load_scalar(guest_abi, p + 4, 4);
        if (fcntl(fd, cmd, &ox) < 0) {
            return -errno;
        }
        if (cmd == F_GETOWN_EX) {
            abi_store_scalar(guest_abi, p, 4, (uint32_t)ox.type);
            abi_store_scalar(guest_abi, p + 4, 4, (uint32_t)ox.pid);
        }
        return 0;
    }
    default:
        log_mask_printf(LOG_UNIMP, "Unsupported fcntl command %d\n", gcmd);
        return -EINVAL;
    }
}

static int64_t sys_fcntl(CPUCommon *cpu, const uint64_t *a)
{
    return do_fcntl(a, false);
}

static int64_t sys_fcntl64(CPUCommon *cpu, const uint64_t *a)
{
    return do_fcntl(a, true);
}

/*
 * A host struct stat into the guest's struct stat (fstat, newfstatat) or
 * struct stat64 (fstat64, fstatat64); EOVERFLOW where the kernel's
 * cp_new_stat/cp_new_stat64 would find a value too wide for the field.
 */
static int64_t store_stat(const AbiLayout *l, const struct stat *st, uint64_t gaddr)
{
    if (!l) {
        log_mask_printf(LOG_UNIMP, "stat: no such struct stat layout for the %s ABI\n",
                        guest_abi->name);
        return -ENOSYS;
    }
    if (!user_access_ok(gaddr, l->size, PAGE_WRITE)) {
        return -EFAULT;
    }
    /* The padding the kernel zeroes stays zero. */
    memset(g2h(gaddr), 0, l->size);
    return abi_stat_to_guest(guest_abi, l, st, g2h(gaddr)) ? 0 : -EOVERFLOW;
}

static int64_t do_fstat(const AbiLayout *l, const uint64_t *a)
{
    struct stat st;

    if (fstat(arg_int(a[0]), &st) != 0) {
        return -errno;
    }
    return store_stat(l, &st, a[1]);
}

static int64_t sys_fstat(CPUCommon *cpu, const uint64_t *a)
{
    return do_fstat(guest_abi->stat, a);
}

static int64_t sys_fstat64(CPUCommon *cpu, const uint64_t *a)
{
    return do_fstat(guest_abi->stat64, a);
}

static int64_t do_fstatat(const AbiLayout *l, const uint64_t *a)
{
    char *copy, *tofree;
    const char *path;
    struct stat st;
    int64_t r = sc_get_path(a[1], &copy, &path, &tofree);

    if (r < 0) {
        return r;
    }
    /* AT_* flags have the same values on every Linux ABI. */
    r = fstatat(arg_int(a[0]), path, &st, arg_int(a[3]));
    r = r < 0 ? -errno : store_stat(l, &st, a[2]);
    sc_put_path(copy, tofree);
    return r;
}

static int64_t sys_newfstatat(CPUCommon *cpu, const uint64_t *a)
{
    return do_fstatat(guest_abi->stat, a);
}

static int64_t sys_fstatat64(CPUCommon *cpu, const uint64_t *a)
{
    return do_fstatat(guest_abi->stat64, a);
}

static int64_t sys_statx(CPUCommon *cpu, const uint64_t *a)
{
    char *copy, *tofree;
    const char *path;
    uint8_t buf[256];
    uint64_t v[STX_NFIELDS];
    int64_t r = sc_get_path(a[1], &copy, &path, &tofree);

    if (r < 0) {
        return r;
    }
    memset(buf, 0, sizeof(buf));
    r = syscall(SYS_statx, arg_int(a[0]), path, arg_int(a[2]), (unsigned)a[3], buf);
    sc_put_path(copy, tofree);
    if (r < 0) {
        return -errno;
    }
    /* The host struct is the kernel's fixed layout in host byte order. */
    abi_load(&abi_host, guest_abi->statx, buf, v, STX_NFIELDS);
    return sc_store(guest_abi->statx, a[4], v);
}

static int64_t sys_readlinkat(CPUCommon *cpu, const uint64_t *a)
{
    char *copy, *tofree;
    const char *path;
    uint64_t len = arg_ulong(a[3]);
    int64_t r;

    if ((int64_t)len <= 0) {
        return -EINVAL;
    }
    if (!user_access_ok(a[2], len, PAGE_WRITE)) {
        return -EFAULT;
    }
    r = sc_get_path(a[1], &copy, &path, &tofree);
    if (r < 0) {
        return r;
    }
    if (path == user_proc.exe_path) {
        /* /proc/self/exe is the guest program, not crossemu. */
        size_t n = MIN(strlen(path), len);
        memcpy(g2h(a[2]), path, n);
        r = (int64_t)n;
    } else {
        r = ret_errno(readlinkat(arg_int(a[0]), path, g2h(a[2]), len));
    }
    sc_put_path(copy, tofree);
    return r;
}

static int64_t sys_faccessat(CPUCommon *cpu, const uint64_t *a)
{
    char *copy, *tofree;
    const char *path;
    int64_t r = sc_get_path(a[1], &copy, &path, &tofree);

    if (r < 0) {
        return r;
    }
    r = ret_errno(syscall(SYS_faccessat, arg_int(a[0]), path, arg_int(a[2])));
    sc_put_path(copy, tofree);
    return r;
}

static int64_t sys_faccessat2(CPUCommon *cpu, const uint64_t *a)
{
    char *copy, *tofree;
    const char *path;
    int64_t r = sc_get_path(a[1], &copy, &path, &tofree);

    if (r < 0) {
        return r;
    }
    r = ret_errno(syscall(SYS_faccessat2, arg_int(a[0]), path, arg_int(a[2]), arg_int(a[3])));
    sc_put_path(copy, tofree);
    return r;
}

static int64_t sys_getcwd(CPUCommon *cpu, const uint64_t *a)
{
    uint64_t len = arg_ulong(a[1]);

    if (!user_access_ok(a[0], len, PAGE_WRITE)) {
        return -EFAULT;
    }
    /* The raw syscall returns the length including the NUL, as the guest expects. */
    return ret_errno(syscall(SYS_getcwd, g2h(a[0]), len));
}

static int64_t sys_chdir(CPUCommon *cpu, const uint64_t *a)
{
    char *copy, *tofree;
    const char *path;
    int64_t r = sc_get_path(a[0], &copy, &path, &tofree);

    if (r < 0) {
        return r;
    }
    r = ret_errno(chdir(path));
    sc_put_path(copy, tofree);
    return r;
}

static int64_t sys_fchdir(CPUCommon *cpu, const uint64_t *a)
{
    return ret_errno(fchdir(arg_int(a[0])));
}

static int64_t sys_unlinkat(CPUCommon *cpu, const uint64_t *a)
{
    char *copy, *tofree;
    const char *path;
    int64_t r = sc_get_path(a[1], &copy, &path, &tofree);

    if (r < 0) {
        return r;
    }
    r = ret_errno(unlinkat(arg_int(a[0]), path, arg_int(a[2])));
    sc_put_path(copy, tofree);
    return r;
}

static int64_t sys_mkdirat(CPUCommon *cpu, const uint64_t *a)
{
    char *copy, *tofree;
    const char *path;
    int64_t r = sc_get_path(a[1], &copy, &path, &tofree);

    if (r < 0) {
        return r;
    }
    r = ret_errno(mkdirat(arg_int(a[0]), path, (mode_t)a[2]));
    sc_put_path(copy, tofree);
    return r;
}

static int64_t sys_getdents64(CPUCommon *cpu, const uint64_t *a)
{
    uint64_t len = (uint32_t)a[2];
    long r;

    if (!user_access_ok(a[1], len, PAGE_WRITE)) {
        return -EFAULT;
    }
    r = syscall(SYS_getdents64, arg_int(a[0]), g2h(a[1]), len);
    if (r < 0) {
        return -errno;
    }
    /*
     * struct linux_dirent64 has the same offsets everywhere; a guest of the
     * other byte order gets its integers swapped in place.
     */
    abi_dirents_to_guest(guest_abi, g2h(a[1]), (size_t)r);
    return r;
}

static int64_t sys_pipe2(CPUCommon *cpu, const uint64_t *a)
{
    int fds[2];
    int flags = (int)abi_flags_to_host(guest_abi->open_flags, guest_abi->n_open_flags,
                                       (uint32_t)a[1]);

    if (!user_access_ok(a[0], 8, PAGE_WRITE)) {
        return -EFAULT;
    }
    if (pipe2(fds, flags) != 0) {
        return -errno;
    }
    abi_store_scalar(guest_abi, g2h(a[0]), 4, (uint32_t)fds[0]);
    abi_store_scalar(guest_abi, (uint8_t *)g2h(a[0]) + 4, 4, (uint32_t)fds[1]);
    return 0;
}

static int64_t sys_ftruncate(CPUCommon *cpu, const uint64_t *a)
{
    return ret_errno(ftruncate(arg_int(a[0]), (off_t)arg_long(a[1])));
}

static int64_t sys_fsync(CPUCommon *cpu, const uint64_t *a)
{
    return ret_errno(fsync(arg_int(a[0])));
}

static int64_t sys_umask(CPUCommon *cpu, const uint64_t *a)
{
    return umask((mode_t)a[0]);
}

static int64_t sys_fdatasync(CPUCommon *cpu, const uint64_t *a)
{
    return ret_errno(fdatasync(arg_int(a[0])));
}

static int64_t sys_sync(CPUCommon *cpu, const uint64_t *a)
{
    sync();
    return 0;
}

static int64_t sys_syncfs(CPUCommon *cpu, const uint64_t *a)
{
    return ret_errno(syncfs(arg_int(a[0])));
}

/*
 * Calls with 64-bit offsets in arguments: on a 64-bit ABI each is one
 * register.  A 32-bit ABI splits them into register pairs (with padding
 * rules of its own); those guests will need the pair order here.
 */
static bool offsets_in_one_register(const char *name)
{
    if (guest_abi->long_bits == 64) {
        return true;
    }
    log_mask_printf(LOG_UNIMP, "%s: 64-bit offsets in register pairs (%s ABI)\n", name,
                    guest_abi->name);
    return false;
}

static int64_t sys_fallocate(CPUCommon *cpu, const uint64_t *a)
{
    if (!offsets_in_one_register("fallocate")) {
        return -ENOSYS;
    }
    /* FALLOC_FL_* bits are the same on every ABI. */
    return ret_errno(fallocate(arg_int(a[0]), arg_int(a[1]), (off_t)a[2], (off_t)a[3]));
}

static int64_t sys_fadvise64(CPUCommon *cpu, const uint64_t *a)
{
    if (!offsets_in_one_register("fadvise64")) {
        return -ENOSYS;
    }
    /* POSIX_FADV_* are the same numbers everywhere but s390. */
    return -posix_fadvise(arg_int(a[0]), (off_t)a[1], (off_t)a[2], arg_int(a[3]));
}

static int64_t sys_sync_file_range(CPUCommon *cpu, const uint64_t *a)
{
    if (!offsets_in_one_register("sync_file_range")) {
        return -ENOSYS;
    }
    return ret_errno(sync_file_range(arg_int(a[0]), (off_t)a[1], (off_t)a[2], (unsigned)a[3]));
}

static int64_t sys_readahead(CPUCommon *cpu, const uint64_t *a)
{
    if (!offsets_in_one_register("readahead")) {
        return -ENOSYS;
    }
    return ret_errno(readahead(arg_int(a[0]), (off_t)a[1], arg_ulong(a[2])));
}

static int64_t sys_flock(CPUCommon *cpu, const uint64_t *a)
{
    /* LOCK_SH/EX/NB/UN are 1, 2, 4, 8 everywhere. */
    return ret_errno(flock(arg_int(a[0]), arg_int(a[1])));
}

/*
 * An offset the kernel reads and updates through a pointer (sendfile's
 * off_t or loff_t, splice's and copy_file_range's loff_t).  size is its
 * guest width; NULL pointers mean "use and move the file position".
 */
typedef struct GuestOffset {
    uint64_t gaddr;
    unsigned size;
    loff_t val;
} GuestOffset;

static int64_t goff_load(GuestOffset *o, uint64_t gaddr, unsigned size)
{
    o->gaddr = gaddr;
    o->size = size;
    if (!gaddr) {
        return 0;
    }
    if (!user_access_ok(gaddr, size, PAGE_READ | PAGE_WRITE)) {
        return -EFAULT;
    }
    o->val = (loff_t)abi_load_scalar(guest_abi, g2h(gaddr), size);
    if (size == 4) {
        o->val = (int32_t)o->val;
    }
    return 0;
}

static loff_t *goff_ptr(GuestOffset *o)
{
    return o->gaddr ? &o->val : NULL;
}

static void goff_store(GuestOffset *o)
{
    if (o->gaddr) {
        abi_store_scalar(guest_abi, g2h(o->gaddr), o->size, (uint64_t)o->val);
    }
}

static int64_t do_sendfile(const uint64_t *a, unsigned offsize)
{
    GuestOffset off;
    int64_t r = goff_load(&off, a[2], offsize);

    if (r < 0) {
        return r;
    }
    r = ret_errno(syscall(SYS_sendfile, arg_int(a[0]), arg_int(a[1]), goff_ptr(&off),
                          arg_ulong(a[3])));
    /* The kernel updates the offset by what was sent, also on a partial failure. */
    goff_store(&off);
    return r;
}

static int64_t sys_sendfile(CPUCommon *cpu, const uint64_t *a)
{
    /* sendfile's offset is an off_t: a long; sendfile64's is a loff_t. */
    return do_sendfile(a, guest_abi->long_bits / 8);
}

static int64_t sys_sendfile64(CPUCommon *cpu, const uint64_t *a)
{
    return do_sendfile(a, 8);
}

static int64_t sys_copy_file_range(CPUCommon *cpu, const uint64_t *a)
{
    GuestOffset in, out;
    int64_t r;

    if ((r = goff_load(&in, a[1], 8)) < 0 || (r = goff_load(&out, a[3], 8)) < 0) {
        return r;
    }
    r = ret_errno(syscall(SYS_copy_file_range, arg_int(a[0]), goff_ptr(&in), arg_int(a[2]),
                          goff_ptr(&out), arg_ulong(a[4]), (unsigned)a[5]));
    goff_store(&in);
    goff_store(&out);
    return r;
}

static int64_t sys_splice(CPUCommon *cpu, const uint64_t *a)
{
    GuestOffset in, out;
    int64_t r;

    if ((r = goff_load(&in, a[1], 8)) < 0 || (r = goff_load(&out, a[3], 8)) < 0) {
        return r;
    }
    /* SPLICE_F_* are the same everywhere. */
    r = ret_errno(syscall(SYS_splice, arg_int(a[0]), goff_ptr(&in), arg_int(a[2]),
                          goff_ptr(&out), arg_ulong(a[4]), (unsigned)a[5]));
    goff_store(&in);
    goff_store(&out);
    return r;
}

static int64_t sys_tee(CPUCommon *cpu, const uint64_t *a)
{
    return ret_errno(tee(arg_int(a[0]), arg_int(a[1]), arg_ulong(a[2]), (unsigned)a[3]));
}

/* preadv/pwritev(2): the offset comes as (pos_l, pos_h) so that 32-bit ABIs can pass 64 bits. */
static int64_t do_prwv(const uint64_t *a, bool write, int flags)
{
    struct iovec *iov;
    off_t pos = guest_abi->long_bits == 64 ? (off_t)a[3]
                                           : (off_t)((uint32_t)a[3] | ((uint64_t)a[4] << 32));
    int64_t r = sc_get_iovec(a[1], arg_ulong(a[2]), write ? PAGE_READ : PAGE_WRITE, &iov);

    if (r < 0) {
        return r;
    }
    /* RWF_* are the same everywhere; pos -1 means the file position (preadv2). */
    if (write) {
        r = ret_errno(pwritev2(arg_int(a[0]), iov, (int)arg_ulong(a[2]), pos, flags));
    } else {
        r = ret_errno(preadv2(arg_int(a[0]), iov, (int)arg_ulong(a[2]), pos, flags));
    }
    g_free(iov);
    return r;
}

static int64_t sys_preadv(CPUCommon *cpu, const uint64_t *a) { return do_prwv(a, false, 0); }
static int64_t sys_pwritev(CPUCommon *cpu, const uint64_t *a) { return do_prwv(a, true, 0); }
static int64_t sys_preadv2(CPUCommon *cpu, const uint64_t *a) { return do_prwv(a, false, arg_int(a[5])); }
static int64_t sys_pwritev2(CPUCommon *cpu, const uint64_t *a) { return do_prwv(a, true, arg_int(a[5])); }

static int64_t sys_memfd_create(CPUCommon *cpu, const uint64_t *a)
{
    int err;
    char *name = user_strdup(a[0], 250, &err);
    int64_t r;

    if (!name) {
        return -err;
    }
    /* MFD_* flags are the same everywhere. */
    r = ret_errno(memfd_create(name, (unsigned)a[1]));
    g_free(name);
    return r;
}

/*
 * close_range: the emulator's own descriptors (the -D log, the vfork pipe)
 * must survive it, so a range holding one is done as the pieces around it.
 */
static int64_t sys_close_range(CPUCommon *cpu, const uint64_t *a)
{
    uint64_t first = (uint32_t)a[0], last = (uint32_t)a[1], from = first;
    unsigned flags = (unsigned)a[2];
    int keep[2];
    unsigned n = user_private_fds(keep);
    int64_t r;

    if (first > last) {
        return -EINVAL;
    }
    for (unsigned i = 0; i < n; i++) {
        uint64_t k = (uint64_t)keep[i];
        if (k < from || k > last) {
            continue;
        }
        if (k > from) {
            r = ret_errno(syscall(SYS_close_range, (unsigned)from, (unsigned)k - 1, flags));
            if (r < 0) {
                return r;
            }
        }
        from = k + 1;
    }
    if (from > last) {
        return 0;
    }
    return ret_errno(syscall(SYS_close_range, (unsigned)from, (unsigned)last, flags));
}

const SyscallDef syscalls_file[] = {
    { "read", sys_read, "dpu", false, true },
    { "write", sys_write, "dpu", false, true },
    { "pread64", sys_pread64, "dpul", false, true },
    { "pwrite64", sys_pwrite64, "dpul", false, true },
    { "readv", sys_readv, "dpu", false, true },
    { "writev", sys_writev, "dpu", false, true },
    { "openat", sys_openat, "fsxo", false, true },
    { "close", sys_close, "d" },
    { "lseek", sys_lseek, "dld" },
    { "dup", sys_dup, "d" },
    { "dup3", sys_dup3, "ddx" },
    { "fcntl", sys_fcntl, "ddx", false, true },
    /* 32-bit ABIs: the same commands, plus F_*LK64 with struct flock64 (abi_flock_layout). */
    { "fcntl64", sys_fcntl64, "ddx", false, true },
    { "fstat", sys_fstat, "dp" },
    { "newfstatat", sys_newfstatat, "fspx" },
    /* 32-bit ABIs and sparc64: struct stat64. */
    { "fstat64", sys_fstat64, "dp" },
    { "fstatat64", sys_fstatat64, "fspx" },
    { "statx", sys_statx, "fsxxp" },
    { "readlinkat", sys_readlinkat, "fspu" },
    { "faccessat", sys_faccessat, "fso" },
    { "faccessat2", sys_faccessat2, "fsox" },
    { "getcwd", sys_getcwd, "pu" },
    { "chdir", sys_chdir, "s" },
    { "fchdir", sys_fchdir, "d" },
    { "unlinkat", sys_unlinkat, "fsx" },
    { "mkdirat", sys_mkdirat, "fso" },
    { "getdents64", sys_getdents64, "dpu" },
    { "pipe2", sys_pipe2, "px" },
    { "ftruncate", sys_ftruncate, "dl" },
    { "fsync", sys_fsync, "d" },
    { "umask", sys_umask, "o" },
    { "fdatasync", sys_fdatasync, "d" },
    { "sync", sys_sync, "" },
    { "syncfs", sys_syncfs, "d" },
    { "fallocate", sys_fallocate, "dxll" },
    { "fadvise64", sys_fadvise64, "dllx" },
    { "sync_file_range", sys_sync_file_range, "dllx" },
    { "readahead", sys_readahead, "dlu" },
    { "flock", sys_flock, "dx", false, true },
    { "sendfile", sys_sendfile, "ddpu" },
    { "sendfile64", sys_sendfile64, "ddpu" },
    { "copy_file_range", sys_copy_file_range, "dpdpux" },
    { "splice", sys_splice, "dpdpux", false, true },
    { "tee", sys_tee, "ddux", false, true },
    { "preadv", sys_preadv, "dpull", false, true },
    { "pwritev", sys_pwritev, "dpull", false, true },
    { "preadv2", sys_preadv2, "dpullx", false, true },
    { "pwritev2", sys_pwritev2, "dpullx", false, true },
    { "memfd_create", sys_memfd_create, "sx" },
    { "close_range", sys_close_range, "uux" },
    { NULL },
};
