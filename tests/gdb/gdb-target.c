/*
 * gdb-target.c: the guest program the gdb-multiarch tests debug (built for
 * every guest, static and dynamic).  Built -O0 -g so that every variable
 * lives in memory and every line has code.  What it does depends on argv[1],
 * so one binary serves every test.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

volatile long watched = 1;
long counter;
char message[32] = "hello gdb";

long add3(long a, long b, long c)
{
    long sum = a + b + c;
    return sum;
}

long square(long x)
{
    return x * x;
}

long compute(long n)
{
    long r = add3(n, 2 * n, 3 * n);
    r += square(n);
    return r;
}

void touch_watched(void)
{
    watched = 2;
    watched = 42;
}

int crash(void)
{
    volatile int *p = (volatile int *)16;
    return *p;
}

static void on_segv(int sig)
{
    static const char msg[] = "handler got SIGSEGV\n";
    write(1, msg, sizeof(msg) - 1);
    _exit(42);
}

/*
 * Threads: each worker stops in worker_break(id) for gdb to see, once the
 * main thread is past pthread_create (so gdb can unwind it from run_threads).
 */
static volatile int joining;

void worker_break(long id)
{
    counter += id;
}

static void *worker(void *arg)
{
    long id = (long)arg;
    char name[16];

    snprintf(name, sizeof(name), "worker-%ld", id);
    pthread_setname_np(pthread_self(), name);
    while (!joining) {
        sched_yield();
    }
    worker_break(id);
    return NULL;
}

static int run_threads(void)
{
    pthread_t th[2];

    for (long i = 0; i < 2; i++) {
        if (pthread_create(&th[i], NULL, worker, (void *)(i + 1)) != 0) {
            printf("pthread_create failed\n");
            return 1;
        }
        joining = 1;
        pthread_join(th[i], NULL);
        joining = 0;
    }
    printf("threads done %ld\n", counter);
    return counter == 3 ? 0 : 1;
}

/*
 * Signals and threads: main sends SIGUSR2 to a worker blocked in
 * sigsuspend() (gdb sees it in that thread, then delivers it), then stops in
 * main_ready() where gdb sends SIGUSR1 to the worker (not the stopped
 * thread): it must cut the worker's sigsuspend short and run the handler
 * there, or the program never ends.  Each handler records its thread.
 */
static volatile long usr1_tid, usr2_tid, sleeper_tid;

static long my_tid(void)
{
    return syscall(SYS_gettid);
}

static void on_usr(int sig)
{
    if (sig == SIGUSR1) {
        usr1_tid = my_tid();
    } else {
        usr2_tid = my_tid();
    }
}

void main_ready(void)
{
    counter++;
}

static void *sleeper(void *arg)
{
    sigset_t block, old;

    (void)arg;
    /* Blocked except inside sigsuspend: no signal slips in between the test and the wait. */
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigaddset(&block, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    sleeper_tid = my_tid();
    while (!usr1_tid) {
        sigsuspend(&old);
    }
    return NULL;
}

static void settle(void)
{
    struct timespec ts = { 0, 1000000 };
    nanosleep(&ts, NULL);
}

static int run_signal_threads(void)
{
    pthread_t th;

    signal(SIGUSR1, on_usr);
    signal(SIGUSR2, on_usr);
    if (pthread_create(&th, NULL, sleeper, NULL) != 0) {
        printf("pthread_create failed\n");
        return 1;
    }
    while (!sleeper_tid) {
        settle();
    }
    pthread_kill(th, SIGUSR2);
    while (!usr2_tid) {
        settle();
    }
    main_ready();
    write(1, "joining\n", 8);
    pthread_join(th, NULL);
    printf("usr2 in sleeper %s, usr1 in sleeper %s\n",
           usr2_tid == sleeper_tid ? "yes" : "no", usr1_tid == sleeper_tid ? "yes" : "no");
    return usr1_tid == sleeper_tid && usr2_tid == sleeper_tid ? 0 : 1;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "basic";
    long v;

    if (strcmp(mode, "segv") == 0) {
        return crash();
    }
    if (strcmp(mode, "segv-handler") == 0) {
        signal(SIGSEGV, on_segv);
        return crash();
    }
    if (strcmp(mode, "threads") == 0) {
        return run_threads();
    }
    if (strcmp(mode, "signal-threads") == 0) {
        return run_signal_threads();
    }
    if (strcmp(mode, "fork") == 0) {
        /* The child runs free of gdb (no fork events): square's breakpoint must not stop it. */
        int status = -1;
        pid_t pid = fork();
        if (pid == 0) {
            _exit(square(4) == 16 ? 0 : 1);
        }
        waitpid(pid, &status, 0);
        printf("child status %d\n", status);
        return (int)square(2) + 1;
    }
    if (strcmp(mode, "exec") == 0) {
        /* The program it execs runs without gdb: it must not wait for one. */
        execl(argv[0], argv[0], "basic", (char *)NULL);
        return 1;
    }
    if (strcmp(mode, "sleep") == 0) {
        /*
         * Blocked in a system call for a while, then a normal end.  A Ctrl-C
         * from gdb cuts the sleep short (nanosleep is not restarted).
         */
        unsigned left;

        write(1, "sleeping\n", 9);      /* unbuffered: the test waits for it */
        left = sleep(10);
        printf("slept %ld, %s\n", square(3), left ? "cut short" : "in full");
        return 9;
    }
    if (strcmp(mode, "loop") == 0) {
        /* Spins until gdb changes counter (or interrupts it). */
        while (counter == 0) {
            v = compute(1);
        }
        printf("loop done %ld\n", counter);
        return 7;
    }
    v = compute(5);
    touch_watched();
    printf("compute %ld watched %ld counter %ld %s\n", v, (long)watched, counter, message);
    return (int)(counter & 0x7f) + 3;
}
