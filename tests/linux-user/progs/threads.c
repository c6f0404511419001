/*
 * threads.c: guest threads under crossemu, self-checking (exit 0 = pass).
 * pthread create/join (clone + CLONE_CHILD_CLEARTID futex wake), a mutex-
 * protected counter, an atomic counter and an LR/SC counter that must be
 * exact, thread-local storage, condition variables, signals between threads
 * (pthread_kill to a thread spinning in translated code), exit_group
 * from one thread ending the others, and fork while other threads map
 * memory and generate code (the child must not inherit the emulator's locks
 * held, nor share its code buffer with the parent).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures;
#define CHECK(c) do { if (!(c)) { printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); failures++; } } while (0)

#define NTHREADS 4
#define ITERS 20000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long mutex_counter;
static atomic_long atomic_counter;
static long lrsc_counter;
static __thread long tls_value;

static void lrsc_add(long *p, long v)
{
    long tmp, fail;
    __asm__ volatile("1: lr.d %0, (%2)\n"
                     "   add %0, %0, %3\n"
                     "   sc.d %1, %0, (%2)\n"
                     "   bnez %1, 1b\n"
                     : "=&r"(tmp), "=&r"(fail) : "r"(p), "r"(v) : "memory");
}

static void *worker(void *arg)
{
    long id = (long)arg;
    tls_value = id * 100;
    for (int i = 0; i < ITERS; i++) {
        pthread_mutex_lock(&lock);
        mutex_counter++;
        pthread_mutex_unlock(&lock);
        atomic_fetch_add(&atomic_counter, 1);
        lrsc_add(&lrsc_counter, 1);
    }
    /* Another thread's writes did not touch ours. */
    return (void *)(tls_value == id * 100 ? syscall(SYS_gettid) : 0);
}

static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int ready;

static void *waiter(void *arg)
{
    pthread_mutex_lock(&lock);
    while (!ready) {
        pthread_cond_wait(&cond, &lock);
    }
    pthread_mutex_unlock(&lock);
    return (void *)42;
}

static volatile sig_atomic_t usr1_tid;
static volatile int spin_stop;

static void on_usr1(int sig)
{
    usr1_tid = (int)syscall(SYS_gettid);
    spin_stop = 1;
}

static volatile int spinner_tid;
static void *spinner(void *arg)
{
    spinner_tid = (int)syscall(SYS_gettid);
    while (!spin_stop) {
    }
    return NULL;
}

static void *sleeper_forever(void *arg)
{
    for (;;) {
        pause();
    }
    return NULL;
}

/*
 * A tiny function generated at run time: `li a0, value; ret`.  Each call
 * maps a fresh page, so the emulator translates new code (tb_lock) and
 * invalidates it at munmap (mmap_lock, then tb_lock).
 */
static long jit_call(long value)
{
    uint32_t *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    long r;

    if (code == MAP_FAILED) {
        return -1;
    }
    code[0] = ((uint32_t)(value & 0x7ff) << 20) | (10u << 7) | 0x13;  /* addi a0, zero, value */
    code[1] = 0x00008067;                                           /* jalr zero, 0(ra) */
    if (mprotect(code, 4096, PROT_READ | PROT_EXEC) != 0) {
        munmap(code, 4096);
        return -1;
    }
    __builtin___clear_cache((char *)code, (char *)(code + 2));
    r = ((long (*)(void))(void *)code)();
    munmap(code, 4096);
    return r;
}

static volatile int churn_stop;
static volatile long churn_errors;

static void *churner(void *arg)
{
    long id = (long)arg;
    for (long i = 0; !churn_stop; i++) {
        long v = (id * 37 + i) & 0x3ff;
        if (jit_call(v) != v) {
            churn_errors++;
        }
    }
    return NULL;
}

static void *child_thread(void *arg)
{
    return (void *)jit_call((long)arg);
}

/* What a forked child does: map, generate and run code, in a new thread too. */
static int fork_child_work(int round)
{
    pthread_t t;
    void *ret;
    char *p = mmap(NULL, 1 << 16, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (p == MAP_FAILED) {
        return 10;
    }
    memset(p, round, 1 << 16);
    if (jit_call(round + 100) != round + 100) {
        return 11;
    }
    if (pthread_create(&t, NULL, child_thread, (void *)(long)(round + 200)) != 0 ||
        pthread_join(t, &ret) != 0 || (long)ret != round + 200) {
        return 12;
    }
    return munmap(p, 1 << 16) == 0 ? round : 13;
}

int main(void)
{
    pthread_t th[NTHREADS];
    void *ret;

    for (long i = 0; i < NTHREADS; i++) {
        CHECK(pthread_create(&th[i], NULL, worker, (void *)i) == 0);
    }
    for (int i = 0; i < NTHREADS; i++) {
        CHECK(pthread_join(th[i], &ret) == 0);
        CHECK(ret != NULL && (long)ret != getpid());
    }
    CHECK(mutex_counter == (long)NTHREADS * ITERS);
    CHECK(atomic_counter == (long)NTHREADS * ITERS);
    CHECK(lrsc_counter == (long)NTHREADS * ITERS);

    /* Condition variable wake-up across threads. */
    pthread_t w;
    CHECK(pthread_create(&w, NULL, waiter, NULL) == 0);
    usleep(10000);
    pthread_mutex_lock(&lock);
    ready = 1;
    pthread_cond_signal(&cond);
    pthread_mutex_unlock(&lock);
    CHECK(pthread_join(w, &ret) == 0 && ret == (void *)42);

    /* A signal to one thread, spinning in chained translated code, reaches it. */
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_usr1;
    CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
    pthread_t s;
    CHECK(pthread_create(&s, NULL, spinner, NULL) == 0);
    while (!spinner_tid) {
        usleep(1000);
    }
    usleep(20000);
    CHECK(pthread_kill(s, SIGUSR1) == 0);
    CHECK(pthread_join(s, NULL) == 0);
    CHECK(usr1_tid == spinner_tid);

    /* fork while two threads churn mmap/munmap and translate new code. */
    pthread_t ch[2];
    for (long i = 0; i < 2; i++) {
        CHECK(pthread_create(&ch[i], NULL, churner, (void *)i) == 0);
    }
    for (int round = 1; round <= 12; round++) {
        pid_t cp = fork();
        if (cp == 0) {
            _exit(fork_child_work(round));
        }
        int cst = -1;
        CHECK(cp > 0 && waitpid(cp, &cst, 0) == cp);
        CHECK(WIFEXITED(cst) && WEXITSTATUS(cst) == round);
        /* The parent's own code is intact after the child ran and exited. */
        CHECK(jit_call(round + 300) == round + 300);
    }
    churn_stop = 1;
    for (int i = 0; i < 2; i++) {
        CHECK(pthread_join(ch[i], NULL) == 0);
    }
    CHECK(churn_errors == 0);

    /* exit_group from a process with a blocked thread ends it (in a child, to see the status). */
    pid_t pid = fork();
    if (pid == 0) {
        pthread_t t;
        pthread_create(&t, NULL, sleeper_forever, NULL);
        usleep(10000);
        exit(7);
    }
    int st;
    CHECK(waitpid(pid, &st, 0) == pid);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7);

    /* The main thread exits first (pthread_exit); the last thread's exit status counts. */
    pid = fork();
    if (pid == 0) {
        pthread_t t;
        pthread_create(&t, NULL, worker, (void *)1);
        pthread_exit(NULL);
    }
    CHECK(waitpid(pid, &st, 0) == pid);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);

    if (failures) {
        printf("%d failures\n", failures);
        return 1;
    }
    printf("threads: all passed\n");
    return 0;
}
