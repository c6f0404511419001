/*
 * files.c: file-system calls under crossemu, self-checking (exit 0 = pass).
 * renameat/renameat2, linkat, symlinkat, mknodat, fchmodat, utimensat,
 * truncate, statfs/fstatfs, sendfile, copy_file_range, preadv/pwritev,
 * fcntl record locks (F_GETLK/F_SETLK/F_SETLKW between processes) and
 * open-file-description locks, flock, inotify, memfd_create, close_range.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int failures;
#define CHECK(c) do { if (!(c)) { printf("FAIL %s:%d: %s (errno %d)\n", __FILE__, __LINE__, #c, errno); failures++; } } while (0)

static char dir[64];

static void put(const char *name, const char *text)
{
    int fd = openat(AT_FDCWD, name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    close(fd);
}

static void names(void)
{
    char buf[64];
    struct stat st;

    put("a", "alpha");
    /* renameat (nr 38 where the table has it: arm64, not riscv64) and renameat2. */
#ifdef SYS_renameat
    CHECK(syscall(SYS_renameat, AT_FDCWD, "a", AT_FDCWD, "b") == 0);
#else
    CHECK(renameat(AT_FDCWD, "a", AT_FDCWD, "b") == 0);
#endif
    CHECK(access("a", F_OK) == -1 && errno == ENOENT);
    put("c", "gamma");
    CHECK(renameat2(AT_FDCWD, "b", AT_FDCWD, "c", RENAME_NOREPLACE) == -1 && errno == EEXIST);
    CHECK(renameat2(AT_FDCWD, "b", AT_FDCWD, "c", RENAME_EXCHANGE) == 0);
    int fd = open("c", O_RDONLY);
    CHECK(fd >= 0 && read(fd, buf, sizeof(buf)) == 5 && !memcmp(buf, "alpha", 5));
    close(fd);

    /* Hard link: two names, one inode, nlink 2. */
    CHECK(linkat(AT_FDCWD, "c", AT_FDCWD, "d", 0) == 0);
    CHECK(stat("d", &st) == 0 && st.st_nlink == 2 && st.st_size == 5);

    /* A symlink stores its target text as given. */
    CHECK(symlinkat("/no/such/target", AT_FDCWD, "l") == 0);
    ssize_t n = readlink("l", buf, sizeof(buf));
    CHECK(n == 15 && !memcmp(buf, "/no/such/target", 15));
    CHECK(lstat("l", &st) == 0 && S_ISLNK(st.st_mode));

    /* mknodat: a FIFO. */
    CHECK(mknodat(AT_FDCWD, "fifo", S_IFIFO | 0600, 0) == 0);
    CHECK(stat("fifo", &st) == 0 && S_ISFIFO(st.st_mode));

    /* Modes, times, sizes. */
    CHECK(fchmodat(AT_FDCWD, "c", 0600, 0) == 0);
    CHECK(stat("c", &st) == 0 && (st.st_mode & 07777) == 0600);
    fd = open("c", O_RDWR);
    CHECK(fchmod(fd, 0640) == 0 && fstat(fd, &st) == 0 && (st.st_mode & 07777) == 0640);
    CHECK(fchown(fd, getuid(), getgid()) == 0);
    CHECK(fchownat(AT_FDCWD, "l", getuid(), getgid(), AT_SYMLINK_NOFOLLOW) == 0);
    struct timespec ts[2] = { { 1000000000, 123456789 }, { 1234567890, 987654321 } };
    CHECK(utimensat(AT_FDCWD, "c", ts, 0) == 0);
    CHECK(stat("c", &st) == 0 && st.st_atim.tv_sec == 1000000000 &&
          st.st_mtim.tv_sec == 1234567890 && st.st_mtim.tv_nsec == 987654321);
    struct timespec omit[2] = { { 0, UTIME_OMIT }, { 42, 0 } };
    CHECK(futimens(fd, omit) == 0);
    CHECK(fstat(fd, &st) == 0 && st.st_atim.tv_sec == 1000000000 && st.st_mtim.tv_sec == 42);
    CHECK(truncate("c", 3) == 0 && stat("c", &st) == 0 && st.st_size == 3);
    CHECK(fallocate(fd, 0, 0, 8192) == 0 || errno == EOPNOTSUPP);
    CHECK(fdatasync(fd) == 0 && syncfs(fd) == 0);
    close(fd);

    /* statfs and fstatfs agree and look like a file system. */
    struct statfs s1, s2;
    CHECK(statfs(".", &s1) == 0);
    fd = open(".", O_RDONLY | O_DIRECTORY);
    CHECK(fstatfs(fd, &s2) == 0);
    close(fd);
    CHECK(s1.f_type == s2.f_type && s1.f_bsize > 0 && s1.f_namelen >= 14 &&
          s1.f_blocks == s2.f_blocks && s1.f_bfree <= s1.f_blocks);
    CHECK(statfs("/no/such/dir", &s1) == -1 && errno == ENOENT);
}

static void copies(void)
{
    char buf[64];
    int in, out;
    off_t off;
    loff_t lo;

    put("src", "0123456789abcdef");
    in = open("src", O_RDONLY);
    out = open("dst", O_RDWR | O_CREAT | O_TRUNC, 0644);
    /* sendfile with an offset: the file position stays, the offset moves. */
    off = 4;
    CHECK(sendfile(out, in, &off, 6) == 6 && off == 10);
    CHECK(lseek(in, 0, SEEK_CUR) == 0);
    /* Without one: the file position moves. */
    CHECK(sendfile(out, in, NULL, 3) == 3 && lseek(in, 0, SEEK_CUR) == 3);
    CHECK(pread(out, buf, sizeof(buf), 0) == 9 && !memcmp(buf, "456789012", 9));
    /* copy_file_range: both offsets. */
    loff_t ioff = 10, ooff = 0;
    CHECK(copy_file_range(in, &ioff, out, &ooff, 6, 0) == 6 && ioff == 16 && ooff == 6);
    CHECK(pread(out, buf, sizeof(buf), 0) == 9 && !memcmp(buf, "abcdef012", 9));
    /* preadv/pwritev at an offset, two buffers. */
    char x[3], y[4];
    struct iovec iov[2] = { { x, 3 }, { y, 4 } };
    CHECK(preadv(in, iov, 2, 2) == 7 && !memcmp(x, "234", 3) && !memcmp(y, "5678", 4));
    struct iovec wv[2] = { { "AB", 2 }, { "CD", 2 } };
    CHECK(pwritev(out, wv, 2, 1) == 4 && pread(out, buf, 6, 0) == 6 && !memcmp(buf, "aABCDf", 6));
    /* splice through a pipe. */
    int p[2];
    CHECK(pipe(p) == 0);
    lo = 12;
    CHECK(splice(in, &lo, p[1], NULL, 4, 0) == 4 && lo == 16);
    CHECK(read(p[0], buf, 4) == 4 && !memcmp(buf, "cdef", 4));
    close(p[0]);
    close(p[1]);
    close(in);
    close(out);

    /* memfd_create. */
    int m = memfd_create("crossemu-test", MFD_CLOEXEC);
    CHECK(m >= 0 && write(m, "mem", 3) == 3 && pread(m, buf, 3, 0) == 3 && !memcmp(buf, "mem", 3));
    CHECK(fcntl(m, F_GETFD) == FD_CLOEXEC);
    /* close_range closes [first, last] and nothing else. */
    int d1 = dup(m), d2 = dup(m);
    CHECK(d2 == d1 + 1);
    CHECK(syscall(SYS_close_range, d1, d2, 0) == 0);
    CHECK(fcntl(d1, F_GETFD) == -1 && errno == EBADF && fcntl(m, F_GETFD) == FD_CLOEXEC);
    close(m);
}

static void locks(void)
{
    int fd = open("lockfile", O_RDWR | O_CREAT | O_TRUNC, 0644);
    int go[2], done[2];
    char c;

    CHECK(fd >= 0 && ftruncate(fd, 4096) == 0);
    /* A write lock on [100, 200). */
    struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 100, .l_len = 100 };
    CHECK(fcntl(fd, F_SETLK, &fl) == 0);
    /* Our own locks never conflict with us. */
    struct flock q = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 150, .l_len = 10 };
    CHECK(fcntl(fd, F_GETLK, &q) == 0 && q.l_type == F_UNLCK);

    CHECK(pipe(go) == 0 && pipe(done) == 0);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        int bad = 0;
        struct flock g = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 150 };
        /* F_GETLK reports the parent's lock, converted field by field. */
        if (fcntl(fd, F_GETLK, &g) != 0 || g.l_type != F_WRLCK || g.l_start != 100 ||
            g.l_len != 100 || g.l_pid != parent || g.l_whence != SEEK_SET) {
            bad |= 1;
        }
        struct flock t = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 199, .l_len = 1 };
        if (fcntl(fd, F_SETLK, &t) != -1 || (errno != EAGAIN && errno != EACCES)) {
            bad |= 2;
        }
        /* Outside the range: fine. */
        t.l_start = 200;
        if (fcntl(fd, F_SETLK, &t) != 0) {
            bad |= 4;
        }
        /* F_SETLKW blocks until the parent unlocks. */
        if (write(go[1], "g", 1) != 1) {
            bad |= 8;
        }
        t.l_start = 120;
        if (fcntl(fd, F_SETLKW, &t) != 0) {
            bad |= 16;
        }
        if (write(done[1], "d", 1) != 1) {
            bad |= 32;
        }
        _exit(bad);
    }
    CHECK(read(go[0], &c, 1) == 1);
    /* The child is (about to be) blocked in F_SETLKW: it must not finish before we unlock. */
    usleep(100000);
    fcntl(done[0], F_SETFL, O_NONBLOCK);
    CHECK(read(done[0], &c, 1) == -1 && errno == EAGAIN);
    fl.l_type = F_UNLCK;
    CHECK(fcntl(fd, F_SETLK, &fl) == 0);
    int st;
    CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
    if (WIFEXITED(st) && WEXITSTATUS(st)) {
        printf("child lock checks failed: mask 0x%x\n", WEXITSTATUS(st));
    }
    CHECK(read(done[0], &c, 1) == 1);

    /* Open-file-description locks conflict between two opens in one process. */
    int a = open("lockfile", O_RDWR), b = open("lockfile", O_RDWR);
    struct flock o = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10 };
    CHECK(fcntl(a, F_OFD_SETLK, &o) == 0);
    struct flock o2 = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 5, .l_len = 1 };
    CHECK(fcntl(b, F_OFD_SETLK, &o2) == -1 && errno == EAGAIN);
    struct flock o3 = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
    CHECK(fcntl(b, F_OFD_GETLK, &o3) == 0 && o3.l_type == F_WRLCK && o3.l_pid == -1 &&
          o3.l_start == 0 && o3.l_len == 10);
    o.l_type = F_UNLCK;
    CHECK(fcntl(a, F_OFD_SETLKW, &o) == 0);
    CHECK(fcntl(b, F_OFD_SETLK, &o2) == 0);

    /* flock(2) between two descriptions. */
    CHECK(flock(a, LOCK_EX | LOCK_NB) == 0);
    CHECK(flock(b, LOCK_SH | LOCK_NB) == -1 && errno == EWOULDBLOCK);
    CHECK(flock(a, LOCK_UN) == 0 && flock(b, LOCK_SH | LOCK_NB) == 0);
    close(a);
    close(b);
    close(fd);
}

static void notify(void)
{
    union {
        struct inotify_event ev;
        char buf[4096];
    } u;
    int in = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);

    CHECK(in >= 0 && fcntl(in, F_GETFD) == FD_CLOEXEC);
    CHECK((fcntl(in, F_GETFL) & O_NONBLOCK) != 0);
    CHECK(read(in, u.buf, sizeof(u.buf)) == -1 && errno == EAGAIN);
    /* The watched path goes through the same translation as every path. */
    int wd = inotify_add_watch(in, ".", IN_CREATE | IN_DELETE);
    CHECK(wd >= 0);
    put("new-file", "x");
    ssize_t n = read(in, u.buf, sizeof(u.buf));
    CHECK(n >= (ssize_t)sizeof(struct inotify_event));
    CHECK(u.ev.wd == wd && (u.ev.mask & IN_CREATE) && u.ev.len > 0 &&
          !strcmp(u.ev.name, "new-file"));
    CHECK(unlink("new-file") == 0);
    n = read(in, u.buf, sizeof(u.buf));
    CHECK(n > 0 && (u.ev.mask & IN_DELETE) && !strcmp(u.ev.name, "new-file"));
    CHECK(inotify_rm_watch(in, wd) == 0);
    n = read(in, u.buf, sizeof(u.buf));
    CHECK(n > 0 && (u.ev.mask & IN_IGNORED) && u.ev.wd == wd);
    CHECK(inotify_add_watch(in, "/no/such/dir", IN_CREATE) == -1 && errno == ENOENT);
    close(in);
}

int main(void)
{
    alarm(60);
    snprintf(dir, sizeof(dir), "/tmp/crossemu-files-%d", (int)getpid());
    CHECK(mkdir(dir, 0755) == 0 && chdir(dir) == 0);
    names();
    copies();
    locks();
    notify();
    /* Clean up with the calls under test; leftovers would only be noise. */
    const char *left[] = { "b", "c", "d", "l", "fifo", "src", "dst", "lockfile" };
    for (size_t i = 0; i < sizeof(left) / sizeof(left[0]); i++) {
        CHECK(unlinkat(AT_FDCWD, left[i], 0) == 0);
    }
    CHECK(chdir("/") == 0 && rmdir(dir) == 0);
    if (failures) {
        printf("%d failures\n", failures);
        return 1;
    }
    printf("files: all passed\n");
    return 0;
}
