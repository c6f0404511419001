/*
 * syscalls-basic.c: the everyday system calls a C program makes, checked.
 *
 * File I/O on a temporary file, lseek, fstat, clocks, getrandom, uname, and
 * growing memory with brk and mmap.  Exit status 0 = pass.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static int failures;

#define CHECK(cond)                                                         \
    do {                                                                    \
        if (!(cond)) {                                                      \
            printf("FAIL %s:%d: %s (errno %d: %s)\n", __FILE__, __LINE__,   \
                   #cond, errno, strerror(errno));                          \
            failures++;                                                     \
        }                                                                   \
    } while (0)

static void test_file(void)
{
    char path[256];
    const char *tmp = getenv("TMPDIR");
    snprintf(path, sizeof(path), "%s/crossemu-syscalls-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        return;

    /* 10000 bytes with a known pattern, written in uneven chunks. */
    static char buf[10000], back[10000];
    for (size_t i = 0; i < sizeof(buf); i++)
        buf[i] = (char)(i * 31 + 7);
    size_t done = 0;
    while (done < sizeof(buf)) {
        size_t chunk = sizeof(buf) - done < 777 ? sizeof(buf) - done : 777;
        ssize_t n = write(fd, buf + done, chunk);
        CHECK(n > 0);
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    CHECK(done == sizeof(buf));

    struct stat st;
    CHECK(fstat(fd, &st) == 0);
    CHECK(st.st_size == (off_t)sizeof(buf));
    CHECK(S_ISREG(st.st_mode));
    CHECK((st.st_mode & 0777) == 0600);   /* mkstemp's mode */
    CHECK(st.st_uid == getuid());

    CHECK(lseek(fd, 0, SEEK_CUR) == (off_t)sizeof(buf));
    CHECK(lseek(fd, 1234, SEEK_SET) == 1234);
    CHECK(read(fd, back, 100) == 100);
    CHECK(memcmp(back, buf + 1234, 100) == 0);
    CHECK(lseek(fd, -10, SEEK_END) == (off_t)sizeof(buf) - 10);
    CHECK(read(fd, back, 100) == 10);
    CHECK(read(fd, back, 100) == 0);   /* EOF */
    CHECK(pread(fd, back, 50, 5000) == 50);
    CHECK(memcmp(back, buf + 5000, 50) == 0);

    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    CHECK(read(fd, back, sizeof(back)) == (ssize_t)sizeof(back));
    CHECK(memcmp(back, buf, sizeof(buf)) == 0);

    /* Errors come back as -1/errno, not as crashes. */
    errno = 0;
    CHECK(lseek(fd, -1, SEEK_SET) == -1 && errno == EINVAL);
    errno = 0;
    CHECK(read(-1, back, 1) == -1 && errno == EBADF);
    CHECK(close(fd) == 0);
    errno = 0;
    CHECK(close(fd) == -1 && errno == EBADF);

    struct stat st2;
    CHECK(stat(path, &st2) == 0 && st2.st_size == (off_t)sizeof(buf));
    CHECK(st2.st_ino == st.st_ino);
    CHECK(unlink(path) == 0);
    errno = 0;
    CHECK(open(path, O_RDONLY) == -1 && errno == ENOENT);
}

static void test_clock(void)
{
    struct timespec a, b, r;
    CHECK(clock_gettime(CLOCK_MONOTONIC, &a) == 0);
    /* Burn a little time so the clock must move. */
    volatile unsigned long x = 0;
    for (unsigned long i = 0; i < 2000000; i++)
        x += i;
    struct timespec sl = {0, 2000000};   /* 2 ms */
    CHECK(nanosleep(&sl, NULL) == 0);
    CHECK(clock_gettime(CLOCK_MONOTONIC, &b) == 0);
    int64_t ns = (int64_t)(b.tv_sec - a.tv_sec) * 1000000000 + (b.tv_nsec - a.tv_nsec);
    CHECK(ns >= 2000000);
    CHECK(ns < 60LL * 1000000000);
    CHECK(a.tv_nsec >= 0 && a.tv_nsec < 1000000000);
    CHECK(clock_getres(CLOCK_MONOTONIC, &r) == 0 && r.tv_sec == 0 && r.tv_nsec > 0);

    struct timespec rt;
    CHECK(clock_gettime(CLOCK_REALTIME, &rt) == 0);
    CHECK(rt.tv_sec > 1600000000);      /* after 2020 */
    time_t t = time(NULL);
    CHECK(t >= rt.tv_sec && t - rt.tv_sec < 60);
}

static void test_random(void)
{
    unsigned char a[64], b[64];
    CHECK(getrandom(a, sizeof(a), 0) == (ssize_t)sizeof(a));
    CHECK(getrandom(b, sizeof(b), 0) == (ssize_t)sizeof(b));
    /* Two 512-bit random strings are equal with probability 2^-512. */
    CHECK(memcmp(a, b, sizeof(a)) != 0);
    int nonzero = 0;
    for (size_t i = 0; i < sizeof(a); i++)
        nonzero += a[i] != 0;
    CHECK(nonzero > 32);
}

static void test_uname(void)
{
    struct utsname u;
    CHECK(uname(&u) == 0);
    CHECK(strcmp(u.machine, "riscv64") == 0);
    CHECK(strcmp(u.sysname, "Linux") == 0);
    if (strcmp(u.machine, "riscv64") != 0)
        printf("uname machine: '%s'\n", u.machine);
}

static void test_memory(void)
{
    /* brk: the raw syscall returns the new break (or the old one on failure). */
    uintptr_t cur = (uintptr_t)syscall(SYS_brk, 0);
    CHECK(cur != 0);
    uintptr_t want = cur + (1 << 20);
    uintptr_t got = (uintptr_t)syscall(SYS_brk, want);
    CHECK(got == want);
    if (got == want) {
        /* The new memory is zeroed and writable. */
        unsigned char *p = (unsigned char *)cur;
        int zero = 1;
        for (size_t i = 0; i < (1 << 20); i += 4096)
            zero &= p[i] == 0;
        CHECK(zero);
        memset(p, 0xab, 1 << 20);
        CHECK(p[(1 << 20) - 1] == 0xab);
        CHECK((uintptr_t)syscall(SYS_brk, cur) == cur);
    }
    /* sbrk through glibc. */
    void *s0 = sbrk(0);
    CHECK(sbrk(65536) == s0);
    CHECK((char *)sbrk(0) == (char *)s0 + 65536);
    memset(s0, 1, 65536);

    /* mmap: anonymous memory, grow it with mremap, protect, unmap. */
    size_t len = 16 << 20;
    unsigned char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(m != MAP_FAILED);
    if (m == MAP_FAILED)
        return;
    CHECK(((uintptr_t)m & 4095) == 0);
    CHECK(m[0] == 0 && m[len - 1] == 0);
    for (size_t i = 0; i < len; i += 4096)
        m[i] = (unsigned char)(i >> 12);
    unsigned char *m2 = mremap(m, len, 2 * len, MREMAP_MAYMOVE);
    CHECK(m2 != MAP_FAILED);
    if (m2 != MAP_FAILED) {
        int ok = 1;
        for (size_t i = 0; i < len; i += 4096)
            ok &= m2[i] == (unsigned char)(i >> 12);
        CHECK(ok);
        CHECK(m2[2 * len - 1] == 0);
        m2[2 * len - 1] = 9;
        CHECK(mprotect(m2, 4096, PROT_READ) == 0);
        CHECK(m2[4096] == 1);
        CHECK(munmap(m2, 2 * len) == 0);
    }
    /* Many small mappings, to exercise the guest address-space bookkeeping. */
    void *maps[64];
    for (int i = 0; i < 64; i++) {
        maps[i] = mmap(NULL, 8192 * (i + 1), PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        CHECK(maps[i] != MAP_FAILED);
        if (maps[i] != MAP_FAILED)
            memset(maps[i], i, 8192 * (i + 1));
    }
    for (int i = 0; i < 64; i++) {
        if (maps[i] == MAP_FAILED)
            continue;
        CHECK(((unsigned char *)maps[i])[8192 * (i + 1) - 1] == i);
        CHECK(munmap(maps[i], 8192 * (i + 1)) == 0);
    }
}

static void test_misc(void)
{
    CHECK(getpid() > 0);
    CHECK(getppid() > 0);
    char cwd[4096];
    CHECK(getcwd(cwd, sizeof(cwd)) != NULL && cwd[0] == '/');
    int p[2];
    CHECK(pipe(p) == 0);
    CHECK(write(p[1], "ping", 4) == 4);
    char b[8] = {0};
    CHECK(read(p[0], b, sizeof(b)) == 4 && memcmp(b, "ping", 4) == 0);
    close(p[0]);
    close(p[1]);
    CHECK(sysconf(_SC_PAGESIZE) == 4096);
}

int main(void)
{
    test_file();
    test_clock();
    test_random();
    test_uname();
    test_memory();
    test_misc();
    if (failures) {
        printf("syscalls-basic: %d failures\n", failures);
        return 1;
    }
    printf("syscalls-basic: all passed\n");
    return 0;
}
