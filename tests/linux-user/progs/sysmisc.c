/*
 * sysmisc.c: process-level behaviour under crossemu, self-checking (exit 0
 * = pass).  /proc/self/stat and /proc/self/status describe the guest,
 * robust mutexes of a dead thread come back EOWNERDEAD, vfork suspends the
 * parent until the child execs or exits, clone3 ignores pidfd without
 * CLONE_PIDFD (glibc 2.41's pthread_create fills it), terminal ioctls on a
 * pty, sysinfo, prctl.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static int failures;
#define CHECK(c) do { if (!(c)) { printf("FAIL %s:%d: %s (errno %d)\n", __FILE__, __LINE__, #c, errno); failures++; } } while (0)

static char *slurp(const char *path)
{
    static char buf[16384];
    int fd = open(path, O_RDONLY);
    ssize_t n = 0, r;

    if (fd < 0) {
        return NULL;
    }
    while ((r = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0) {
        n += r;
    }
    close(fd);
    buf[n] = 0;
    return buf;
}

static void handler(int sig) { (void)sig; }

static void proc_files(const char *argv0)
{
    char *s = slurp("/proc/self/stat");
    char want[32], comm[64];
    const char *base = strrchr(argv0, '/') ? strrchr(argv0, '/') + 1 : argv0;
    int local;

    CHECK(s != NULL);
    if (!s) {
        return;
    }
    /* pid (comm) state ppid ...: comm is the program's name, as exec sets it. */
    snprintf(want, sizeof(want), "%.15s", base);
    char *open_p = strchr(s, '('), *close_p = strrchr(s, ')');
    CHECK(open_p && close_p && close_p > open_p);
    snprintf(comm, sizeof(comm), "%.*s", (int)(close_p - open_p - 1), open_p + 1);
    CHECK(!strcmp(comm, want));
    if (strcmp(comm, want)) {
        printf("comm %s, expected %s\n", comm, want);
    }
    CHECK(atoi(s) == getpid());
    /* Fields from 3 on; field n is f[n - 3]. */
    unsigned long long f[60];
    int nf = 0;
    char *p = close_p + 2;
    while (nf < 60 && *p) {
        char *end;
        if (*p == ' ') {
            p++;
            continue;
        }
        if (nf == 0) {          /* state: a letter */
            f[nf++] = (unsigned char)*p++;
            continue;
        }
        f[nf++] = strtoull(p, &end, 10);
        p = end;
    }
    CHECK(nf >= 49);
    CHECK(f[4 - 3] == (unsigned long long)getppid());
    /* startcode <= main < endcode, and the stack start above our frame. */
    CHECK(f[26 - 3] <= (uintptr_t)&proc_files && (uintptr_t)&proc_files < f[27 - 3]);
    CHECK(f[28 - 3] > (uintptr_t)&local && f[28 - 3] - (uintptr_t)&local < (64u << 20));
    /* arg_start..arg_end holds argv[0]. */
    CHECK(f[48 - 3] == (uintptr_t)argv0 || (f[48 - 3] <= (uintptr_t)argv0 && (uintptr_t)argv0 < f[49 - 3]));
    /* The address-space size is the guest's, not the emulator's reservation. */
    CHECK(f[23 - 3] > 0 && f[23 - 3] < (64ull << 30));

    /* status: the guest's signal masks, in the guest's numbering. */
    struct sigaction sa = { .sa_handler = handler };
    sigemptyset(&sa.sa_mask);
    CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
    signal(SIGUSR2, SIG_IGN);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0);
    s = slurp("/proc/self/status");
    CHECK(s != NULL);
    if (s) {
        unsigned long long blk = 0, ign = 0, cgt = 0;
        char *l;
        CHECK((l = strstr(s, "\nSigBlk:")) && sscanf(l + 8, "%llx", &blk) == 1);
        CHECK((l = strstr(s, "\nSigIgn:")) && sscanf(l + 8, "%llx", &ign) == 1);
        CHECK((l = strstr(s, "\nSigCgt:")) && sscanf(l + 8, "%llx", &cgt) == 1);
        CHECK(blk & (1ull << (SIGTERM - 1)));
        CHECK(ign & (1ull << (SIGUSR2 - 1)));
        CHECK(cgt & (1ull << (SIGUSR1 - 1)));
        CHECK(!(cgt & (1ull << (SIGUSR2 - 1))));
        CHECK((l = strstr(s, "Name:\t")) && !strncmp(l + 6, want, strlen(want)));
        unsigned long long vm = 0;
        CHECK((l = strstr(s, "\nVmSize:")) && sscanf(l + 8, "%llu", &vm) == 1 && vm < (64ull << 20));
    }
    CHECK(sigprocmask(SIG_UNBLOCK, &set, NULL) == 0);
    signal(SIGUSR2, SIG_DFL);
}

/* ---- robust mutexes ---- */

static pthread_mutex_t robust;
static sem_t locked;

static void *die_holding(void *arg)
{
    CHECK(pthread_mutex_lock(&robust) == 0);
    sem_post(&locked);
    if (arg) {
        /* Give the main thread time to block in the lock. */
        usleep(100000);
    }
    return NULL;                /* exits holding it */
}

static void robust_mutexes(void)
{
    pthread_mutexattr_t a;
    pthread_t t;

    pthread_mutexattr_init(&a);
    pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
    CHECK(pthread_mutex_init(&robust, &a) == 0);
    sem_init(&locked, 0, 0);
    /* The owner dies before anyone waits: the next lock gets EOWNERDEAD. */
    CHECK(pthread_create(&t, NULL, die_holding, NULL) == 0);
    CHECK(pthread_join(t, NULL) == 0);
    sem_wait(&locked);          /* its post: the next wait must be for the next thread */
    CHECK(pthread_mutex_lock(&robust) == EOWNERDEAD);
    CHECK(pthread_mutex_consistent(&robust) == 0);
    CHECK(pthread_mutex_unlock(&robust) == 0);
    /* A waiter already asleep in the lock is woken by the owner's death. */
    CHECK(pthread_create(&t, NULL, die_holding, (void *)1) == 0);
    sem_wait(&locked);
    CHECK(pthread_mutex_lock(&robust) == EOWNERDEAD);
    CHECK(pthread_mutex_consistent(&robust) == 0);
    CHECK(pthread_mutex_unlock(&robust) == 0);
    CHECK(pthread_join(t, NULL) == 0);
}

/* ---- vfork ---- */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void vfork_semantics(const char *self)
{
    double t0 = now();
    int st;
    pid_t pid = vfork();

    if (pid == 0) {
        /*
         * The parent must not run until we are gone, even once we have
         * closed every descriptor (as a child about to exec often does).
         */
        struct timespec d = { 0, 300000000 };
        syscall(SYS_close_range, 3, ~0u, 0);
        syscall(SYS_nanosleep, &d, NULL);
        _exit(7);
    }
    CHECK(pid > 0);
    CHECK(now() - t0 >= 0.29);
    CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 7);

    /* After the child's exec, the parent runs while the new program does. */
    pid = vfork();
    if (pid == 0) {
        char *args[] = { (char *)self, "--sleep", NULL };
        execv("/proc/self/exe", args);
        _exit(99);
    }
    CHECK(pid > 0);
    CHECK(waitpid(pid, &st, WNOHANG) == 0);
    CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 42);
}

/* ---- clone3 ---- */

struct clone_args_v0 {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};

static void clone3_pidfd_field(void)
{
#ifdef SYS_clone3
    int dummy = -1, st;
    struct clone_args_v0 ca = { .flags = 0, .pidfd = (uintptr_t)&dummy, .exit_signal = SIGCHLD };
    long pid = syscall(SYS_clone3, &ca, sizeof(ca));

    if (pid == 0) {
        _exit(5);
    }
    CHECK(pid > 0);
    CHECK(waitpid((pid_t)pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 5);
    CHECK(dummy == -1);
    /* The exit signal in the flags' low byte is invalid for clone3. */
    ca.flags = SIGCHLD;
    CHECK(syscall(SYS_clone3, &ca, sizeof(ca)) == -1 && errno == EINVAL);
#endif
}

/* ---- terminal ioctls on a pty ---- */

static void pty_ioctls(void)
{
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    CHECK(m >= 0);
    if (m < 0) {
        return;
    }
    CHECK(grantpt(m) == 0 && unlockpt(m) == 0);         /* TIOCSPTLCK */
    int n = -1;
    CHECK(ioctl(m, TIOCGPTN, &n) == 0 && n >= 0);
    char *name = ptsname(m);
    char want[32];
    snprintf(want, sizeof(want), "/dev/pts/%d", n);
    CHECK(name && !strcmp(name, want));
    int s = open(name, O_RDWR | O_NOCTTY);
    CHECK(s >= 0 && isatty(s));

    struct termios t;
    CHECK(tcgetattr(s, &t) == 0);                       /* TCGETS */
    CHECK(t.c_lflag & ICANON);
    cfmakeraw(&t);
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 3;
    CHECK(tcsetattr(s, TCSANOW, &t) == 0);              /* TCSETS */
    struct termios u;
    CHECK(tcgetattr(s, &u) == 0 && !(u.c_lflag & ICANON) && u.c_cc[VMIN] == 1 &&
          u.c_cc[VTIME] == 3 && (u.c_cflag & CSIZE) == CS8);
    CHECK(tcsetattr(s, TCSADRAIN, &u) == 0 && tcsetattr(s, TCSAFLUSH, &u) == 0);

    struct winsize ws = { .ws_row = 33, .ws_col = 101 }, ws2;
    CHECK(ioctl(m, TIOCSWINSZ, &ws) == 0);
    CHECK(ioctl(s, TIOCGWINSZ, &ws2) == 0 && ws2.ws_row == 33 && ws2.ws_col == 101);

    /* Bytes written to the master are readable on the slave: FIONREAD counts them. */
    CHECK(write(m, "abc", 3) == 3);
    usleep(20000);
    int avail = -1;
    CHECK(ioctl(s, FIONREAD, &avail) == 0 && avail == 3);
    CHECK(tcflush(s, TCIFLUSH) == 0);                   /* TCFLSH */
    CHECK(ioctl(s, FIONREAD, &avail) == 0 && avail == 0);
    int outq = -1;
    CHECK(ioctl(s, TIOCOUTQ, &outq) == 0 && outq >= 0);
    CHECK(tcsendbreak(s, 0) == 0 || errno == EINVAL);   /* TCSBRK */
    CHECK(tcflow(s, TCOON) == 0);                       /* TCXONC */
    /* No controlling terminal: TIOCGPGRP fails with ENOTTY. */
    pid_t pg;
    CHECK(ioctl(s, TIOCGPGRP, &pg) == -1 && errno == ENOTTY);
    close(s);
    close(m);

    /* Not a terminal at all. */
    int p[2];
    CHECK(pipe(p) == 0);
    CHECK(!isatty(p[0]) && errno == ENOTTY);
    /* FIONBIO, FIOCLEX, FIONCLEX on a pipe. */
    int on = 1;
    char c;
    CHECK(ioctl(p[0], FIONBIO, &on) == 0 && read(p[0], &c, 1) == -1 && errno == EAGAIN);
    CHECK(ioctl(p[0], FIOCLEX) == 0 && fcntl(p[0], F_GETFD) == FD_CLOEXEC);
    CHECK(ioctl(p[0], FIONCLEX) == 0 && fcntl(p[0], F_GETFD) == 0);
    CHECK(write(p[1], "xy", 2) == 2 && ioctl(p[0], FIONREAD, &avail) == 0 && avail == 2);
    close(p[0]);
    close(p[1]);
}

static void sys_info(void)
{
    struct sysinfo si;

    memset(&si, 0xff, sizeof(si));
    CHECK(sysinfo(&si) == 0);
    CHECK(si.totalram > 0 && si.mem_unit >= 1 && si.freeram <= si.totalram && si.procs > 0 &&
          si.uptime > 0);
}

static void prctls(void)
{
    int sig = -1;

    CHECK(prctl(PR_SET_PDEATHSIG, SIGUSR1, 0, 0, 0) == 0);
    CHECK(prctl(PR_GET_PDEATHSIG, &sig, 0, 0, 0) == 0 && sig == SIGUSR1);
    CHECK(prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0) == 0);
    CHECK(prctl(PR_CAPBSET_READ, 0 /* CAP_CHOWN */, 0, 0, 0) >= 0);
    CHECK(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) >= 0);
    /* dpkg reads the secure bits; the emulated process has the host's (none set for a test run). */
    CHECK(prctl(PR_GET_SECUREBITS, 0, 0, 0, 0) >= 0);
    /* The name shows in /proc/self/comm, as the kernel keeps one name per thread. */
    char old[16] = "", now_name[16] = "";
    CHECK(prctl(PR_GET_NAME, old, 0, 0, 0) == 0);
    CHECK(prctl(PR_SET_NAME, "renamed-guest", 0, 0, 0) == 0);
    CHECK(prctl(PR_GET_NAME, now_name, 0, 0, 0) == 0 && !strcmp(now_name, "renamed-guest"));
    char *c = slurp("/proc/self/comm");
    CHECK(c && !strcmp(c, "renamed-guest\n"));
    CHECK(prctl(PR_SET_NAME, old, 0, 0, 0) == 0);
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "--sleep")) {
        /* The exec'd vfork child: live long enough for the parent to see it running. */
        sleep(2);
        return 42;
    }
    alarm(60);
    proc_files(argv[0]);
    robust_mutexes();
    vfork_semantics(argv[0]);
    clone3_pidfd_field();
    pty_ioctls();
    sys_info();
    prctls();
    if (failures) {
        printf("%d failures\n", failures);
        return 1;
    }
    printf("sysmisc: all passed\n");
    return 0;
}
