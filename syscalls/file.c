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

    /* The log file is ours; the guest cannot see it, so closing it "works". */
    if (log_file && fd == fileno(log_file) && fd > 2) {
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

static int64_t sys_fcntl(CPUCommon *cpu, const uint64_t *a)
{
    int fd = arg_int(a[0]), cmd = arg_int(a[1]);
    int64_t r;

    /* The F_* numbers and FD_CLOEXEC are the same on every Linux ABI we emulate. */
    switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
    case F_GETFD:
    case F_SETFD:
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
    default:
        log_mask_printf(LOG_UNIMP, "Unsupported fcntl command %d\n", cmd);
        return -EINVAL;
    }
}

static void stat_values(const struct stat *st, uint64_t *v)
{
    v[STAT_DEV] = st->st_dev;
    v[STAT_INO] = st->st_ino;
    v[STAT_MODE] = st->st_mode;
    v[STAT_NLINK] = st->st_nlink;
    v[STAT_UID] = st->st_uid;
    v[STAT_GID] = st->st_gid;
    v[STAT_RDEV] = st->st_rdev;
    v[STAT_SIZE] = (uint64_t)st->st_size;
    v[STAT_BLKSIZE] = (uint64_t)st->st_blksize;
    v[STAT_BLOCKS] = (uint64_t)st->st_blocks;
    v[STAT_ATIME] = (uint64_t)st->st_atim.tv_sec;
    v[STAT_ATIME_NSEC] = (uint64_t)st->st_atim.tv_nsec;
    v[STAT_MTIME] = (uint64_t)st->st_mtim.tv_sec;
    v[STAT_MTIME_NSEC] = (uint64_t)st->st_mtim.tv_nsec;
    v[STAT_CTIME] = (uint64_t)st->st_ctim.tv_sec;
    v[STAT_CTIME_NSEC] = (uint64_t)st->st_ctim.tv_nsec;
}

static int64_t store_stat(const struct stat *st, uint64_t gaddr)
{
    uint64_t v[STAT_NFIELDS];

    stat_values(st, v);
    return sc_store(guest_abi->stat, gaddr, v);
}

static int64_t sys_fstat(CPUCommon *cpu, const uint64_t *a)
{
    struct stat st;

    if (fstat(arg_int(a[0]), &st) != 0) {
        return -errno;
    }
    return store_stat(&st, a[1]);
}

static int64_t sys_newfstatat(CPUCommon *cpu, const uint64_t *a)
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
    r = r < 0 ? -errno : store_stat(&st, a[2]);
    sc_put_path(copy, tofree);
    return r;
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

    /* struct linux_dirent64 has fixed-size fields; only a big-endian guest needs swapping. */
    if (guest_abi->big_endian != abi_host.big_endian) {
        log_mask_printf(LOG_UNIMP, "getdents64 for a guest of the other byte order\n");
        return -ENOSYS;
    }
    if (!user_access_ok(a[1], len, PAGE_WRITE)) {
        return -EFAULT;
    }
    return ret_errno(syscall(SYS_getdents64, arg_int(a[0]), g2h(a[1]), len));
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
    { "fcntl", sys_fcntl, "ddx" },
    { "fstat", sys_fstat, "dp" },
    { "newfstatat", sys_newfstatat, "fspx" },
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
    { NULL },
};
