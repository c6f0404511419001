/*
 * threads.c: aarch64 guest threads and atomics under crossemu, self-checking
 * (exit 0 = pass).  Built with -march=armv8.1-a (LSE) and run with -cpu max.
 *
 * N threads hammer shared counters through every atomic form A64 has: LSE
 * LDADD, CAS loops, SWP as a spinlock, LDXR/STXR and LDAXR/STLXR loops,
 * CASP on a 128-bit pair, and C11 atomics (whatever the compiler picks).
 * The counts must be exact every run: a lost update means the emulator's
 * exclusive monitor or atomics are not atomic across host threads.
 * Then futex wait/wake, pthread mutex/condvar/barrier, pthread_exit + join,
 * and a raw clone() with CLONE_CHILD_CLEARTID|CLONE_PARENT_SETTID whose
 * exit must clear and wake the tid word.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static int failures;
#define CHECK(c) do { if (!(c)) { printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); \
                                   failures++; } } while (0)

#define NTHREADS 4
#define ITERS 5000

static uint64_t c_ldadd, c_cas, c_swp_locked, c_ldxr, c_ldaxr;
static uint64_t c_casp[2] __attribute__((aligned(16)));
static uint32_t c_ldadd32;
static atomic_long c_c11;
static uint32_t swp_lock;

static void ldadd_add(uint64_t *p, uint64_t v)
{
    uint64_t old;
    __asm__ volatile("ldaddal %1, %0, [%2]" : "=&r"(old) : "r"(v), "r"(p) : "memory");
}

static void ldadd32_add(uint32_t *p, uint32_t v)
{
    __asm__ volatile("stadd %w0, [%1]" : : "r"(v), "r"(p) : "memory");
}

static void cas_add(uint64_t *p, uint64_t v)
{
    uint64_t expect = __atomic_load_n(p, __ATOMIC_RELAXED), seen;
    for (;;) {
        seen = expect;
        __asm__ volatile("casal %0, %2, [%3]" : "+&r"(seen) : "r"(expect), "r"(expect + v), "r"(p)
                         : "memory");
        if (seen == expect) {
            return;
        }
        expect = seen;
    }
}

static void swp_lock_acquire(uint32_t *l)
{
    uint32_t old;
    for (;;) {
        __asm__ volatile("swpa %w1, %w0, [%2]" : "=&r"(old) : "r"(1u), "r"(l) : "memory");
        if (old == 0) {
            return;
        }
        while (__atomic_load_n(l, __ATOMIC_RELAXED)) {
            sched_yield();
        }
    }
}

static void swp_lock_release(uint32_t *l)
{
    __asm__ volatile("stlr wzr, [%0]" : : "r"(l) : "memory");
}

static void ldxr_add(uint64_t *p, uint64_t v)
{
    uint64_t tmp;
    uint32_t fail;
    __asm__ volatile("1: ldxr %0, [%2]\n"
                     "   add %0, %0, %3\n"
                     "   stxr %w1, %0, [%2]\n"
                     "   cbnz %w1, 1b\n"
                     : "=&r"(tmp), "=&r"(fail) : "r"(p), "r"(v) : "memory");
}

static void ldaxr_add(uint64_t *p, uint64_t v)
{
    uint64_t tmp;
    uint32_t fail;
    __asm__ volatile("1: ldaxr %0, [%2]\n"
                     "   add %0, %0, %3\n"
                     "   stlxr %w1, %0, [%2]\n"
                     "   cbnz %w1, 1b\n"
                     : "=&r"(tmp), "=&r"(fail) : "r"(p), "r"(v) : "memory");
}

/* lo += 1, hi += 3, as one 128-bit compare-and-swap (CASP needs even register pairs). */
static void casp_add(uint64_t *p)
{
    register uint64_t x0 __asm__("x0");
    register uint64_t x1 __asm__("x1");
    register uint64_t x2 __asm__("x2");
    register uint64_t x3 __asm__("x3");
    uint64_t lo, hi;

    /* A 128-bit LDXP snapshot: it may be torn only if CASP below fails, which retries. */
    __asm__ volatile("ldxp %0, %1, [%2]\nclrex" : "=&r"(lo), "=&r"(hi) : "r"(p) : "memory");
    for (;;) {
        x0 = lo;
        x1 = hi;
        x2 = lo + 1;
        x3 = hi + 3;
        __asm__ volatile("caspal x0, x1, x2, x3, [%4]"
                         : "+r"(x0), "+r"(x1) : "r"(x2), "r"(x3), "r"(p) : "memory");
        if (x0 == lo && x1 == hi) {
            return;
        }
        lo = x0;
        hi = x1;
    }
}

static pthread_barrier_t start_barrier;

static void *hammer(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start_barrier);
    for (int i = 0; i < ITERS; i++) {
        ldadd_add(&c_ldadd, 1);
        ldadd32_add(&c_ldadd32, 2);
        cas_add(&c_cas, 1);
        swp_lock_acquire(&swp_lock);
        c_swp_locked++;
        swp_lock_release(&swp_lock);
        ldxr_add(&c_ldxr, 1);
        ldaxr_add(&c_ldaxr, 1);
        casp_add(c_casp);
        atomic_fetch_add(&c_c11, 1);
    }
    return NULL;
}

static void test_counters(void)
{
    pthread_t t[NTHREADS];
    const uint64_t n = (uint64_t)NTHREADS * ITERS;

    pthread_barrier_init(&start_barrier, NULL, NTHREADS);
    for (int i = 0; i < NTHREADS; i++) {
        CHECK(pthread_create(&t[i], NULL, hammer, NULL) == 0);
    }
    for (int i = 0; i < NTHREADS; i++) {
        CHECK(pthread_join(t[i], NULL) == 0);
    }
    pthread_barrier_destroy(&start_barrier);
    printf("counters (%d threads x %d): ldadd %llu stadd32 %u cas %llu swp-lock %llu "
           "ldxr %llu ldaxr %llu casp %llu/%llu c11 %ld\n", NTHREADS, ITERS,
           (unsigned long long)c_ldadd, c_ldadd32, (unsigned long long)c_cas,
           (unsigned long long)c_swp_locked, (unsigned long long)c_ldxr,
           (unsigned long long)c_ldaxr, (unsigned long long)c_casp[0],
           (unsigned long long)c_casp[1], (long)atomic_load(&c_c11));
    CHECK(c_ldadd == n);
    CHECK(c_ldadd32 == 2 * n);
    CHECK(c_cas == n);
    CHECK(c_swp_locked == n);
    CHECK(c_ldxr == n);
    CHECK(c_ldaxr == n);
    CHECK(c_casp[0] == n);
    CHECK(c_casp[1] == 3 * n);
    CHECK(atomic_load(&c_c11) == (long)n);
}

/* Single-threaded semantics: returned old values, CAS failure, exclusive monitor rules. */
static void test_semantics(void)
{
    uint64_t v = 40, old, seen;
    uint32_t fail;

    __asm__ volatile("ldadd %2, %0, [%1]" : "=&r"(old) : "r"(&v), "r"(2ull) : "memory");
    CHECK(old == 40 && v == 42);
    __asm__ volatile("swp %2, %0, [%1]" : "=&r"(old) : "r"(&v), "r"(7ull) : "memory");
    CHECK(old == 42 && v == 7);
    seen = 5;   /* wrong expectation: no store, seen = the current value */
    __asm__ volatile("cas %0, %2, [%1]" : "+&r"(seen) : "r"(&v), "r"(9ull) : "memory");
    CHECK(seen == 7 && v == 7);
    __asm__ volatile("ldclr %2, %0, [%1]" : "=&r"(old) : "r"(&v), "r"(2ull) : "memory");
    CHECK(old == 7 && v == 5);
    __asm__ volatile("ldset %2, %0, [%1]" : "=&r"(old) : "r"(&v), "r"(8ull) : "memory");
    CHECK(old == 5 && v == 13);
    __asm__ volatile("ldeor %2, %0, [%1]" : "=&r"(old) : "r"(&v), "r"(1ull) : "memory");
    CHECK(old == 13 && v == 12);
    __asm__ volatile("ldsmax %2, %0, [%1]" : "=&r"(old) : "r"(&v), "r"(-1ll) : "memory");
    CHECK(old == 12 && v == 12);
    __asm__ volatile("ldumax %2, %0, [%1]" : "=&r"(old) : "r"(&v), "r"(-1ll) : "memory");
    CHECK(old == 12 && v == UINT64_MAX);
    /* A CLREX between LDXR and STXR makes the STXR fail. */
    __asm__ volatile("ldxr %0, [%2]\nclrex\nstxr %w1, %0, [%2]"
                     : "=&r"(old), "=&r"(fail) : "r"(&v) : "memory");
    CHECK(fail == 1);
    /* STXR without a preceding LDXR fails too. */
    __asm__ volatile("stxr %w0, %1, [%2]" : "=&r"(fail) : "r"(1ull), "r"(&v) : "memory");
    CHECK(fail == 1 && v == UINT64_MAX);
    printf("atomic semantics: LDADD/SWP/CAS/LDCLR/LDSET/LDEOR/LDSMAX/LDUMAX, CLREX checked\n");
}

/* ---- futex ---- */

static uint32_t futex_word;
static volatile int futex_woken;

static long futex(uint32_t *uaddr, int op, uint32_t val, const struct timespec *ts)
{
    return syscall(SYS_futex, uaddr, op, val, ts, NULL, 0);
}

static void *futex_waiter(void *arg)
{
    (void)arg;
    while (__atomic_load_n(&futex_word, __ATOMIC_ACQUIRE) == 0) {
        futex(&futex_word, FUTEX_WAIT_PRIVATE, 0, NULL);
    }
    futex_woken = 1;
    return NULL;
}

static void test_futex(void)
{
    pthread_t t;
    struct timespec ts = { 0, 20 * 1000 * 1000 };
    long r;
    int woke = 0;

    /* Wrong expected value: EAGAIN at once; right value with a timeout: ETIMEDOUT. */
    r = futex(&futex_word, FUTEX_WAIT_PRIVATE, 1, NULL);
    CHECK(r == -1 && errno == EAGAIN);
    r = futex(&futex_word, FUTEX_WAIT_PRIVATE, 0, &ts);
    CHECK(r == -1 && errno == ETIMEDOUT);
    CHECK(pthread_create(&t, NULL, futex_waiter, NULL) == 0);
    /* Wake until the waiter has gone to sleep and been woken (it may not be waiting yet). */
    __atomic_store_n(&futex_word, 1, __ATOMIC_RELEASE);
    for (int i = 0; i < 2000 && !futex_woken; i++) {
        woke += (int)futex(&futex_word, FUTEX_WAKE_PRIVATE, 1, NULL);
        usleep(1000);
    }
    CHECK(pthread_join(t, NULL) == 0);
    CHECK(futex_woken == 1);
    CHECK(woke <= 1);
    printf("futex: EAGAIN, ETIMEDOUT, wait/wake ok (wakes %d)\n", woke);
}

/* ---- mutex, condvar, barrier, pthread_exit ---- */

static pthread_mutex_t mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int queue_items, consumed;
static pthread_barrier_t phase_barrier;
static int phase_sum[NTHREADS];

static void *consumer(void *arg)
{
    long id = (long)arg;

    for (;;) {
        pthread_mutex_lock(&mtx);
        while (queue_items == 0) {
            pthread_cond_wait(&cv, &mtx);
        }
        if (queue_items < 0) {
            pthread_mutex_unlock(&mtx);
            break;
        }
        queue_items--;
        consumed++;
        pthread_mutex_unlock(&mtx);
    }
    /* Barrier phases: after each one every thread sees all the others' writes. */
    for (int ph = 1; ph <= 3; ph++) {
        phase_sum[id] = ph;
        pthread_barrier_wait(&phase_barrier);
        for (int j = 0; j < NTHREADS; j++) {
            if (phase_sum[j] != ph) {
                pthread_exit((void *)-1);
            }
        }
        pthread_barrier_wait(&phase_barrier);
    }
    pthread_exit((void *)(id + 100));
}

static void test_sync(void)
{
    pthread_t t[NTHREADS];
    const int total = 1000;

    pthread_barrier_init(&phase_barrier, NULL, NTHREADS);
    for (long i = 0; i < NTHREADS; i++) {
        CHECK(pthread_create(&t[i], NULL, consumer, (void *)i) == 0);
    }
    for (int i = 0; i < total; i++) {
        pthread_mutex_lock(&mtx);
        queue_items++;
        pthread_cond_signal(&cv);
        pthread_mutex_unlock(&mtx);
    }
    for (;;) {
        pthread_mutex_lock(&mtx);
        if (queue_items == 0) {
            queue_items = -1;
            pthread_cond_broadcast(&cv);
            pthread_mutex_unlock(&mtx);
            break;
        }
        pthread_mutex_unlock(&mtx);
        sched_yield();
    }
    for (long i = 0; i < NTHREADS; i++) {
        void *ret;
        CHECK(pthread_join(t[i], &ret) == 0);
        CHECK(ret == (void *)(i + 100));
    }
    pthread_barrier_destroy(&phase_barrier);
    CHECK(consumed == total);
    printf("mutex/condvar: %d items consumed; barrier phases; pthread_exit values joined\n",
           consumed);
}

/* ---- raw clone with CLONE_CHILD_CLEARTID ---- */

static pid_t ptid, ctid;
static volatile int child_ran;

static int clone_child(void *arg)
{
    (void)arg;
    child_ran = (int)syscall(SYS_gettid);
    return 0;   /* glibc's clone() then calls exit(): the thread ends, tid cleared */
}

static void test_clone_cleartid(void)
{
    size_t sz = 64 * 1024;
    char *stack = mmap(NULL, sz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
                CLONE_SYSVSEM | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
    int tid;

    CHECK(stack != MAP_FAILED);
    ctid = -1;
    tid = clone(clone_child, stack + sz, flags, NULL, &ptid, NULL, &ctid);
    CHECK(tid > 0);
    CHECK(ptid == tid);
    /* The kernel (we) stores 0 into ctid at thread exit and futex-wakes it. */
    for (;;) {
        pid_t v = __atomic_load_n(&ctid, __ATOMIC_ACQUIRE);
        if (v == 0) {
            break;
        }
        syscall(SYS_futex, &ctid, FUTEX_WAIT, v, NULL, NULL, 0);
    }
    CHECK(child_ran == tid);
    munmap(stack, sz);
    printf("clone: CLONE_PARENT_SETTID tid %d, CLONE_CHILD_CLEARTID cleared + woken\n", tid);
}

/* ---- pthread_cancel: deferred (in a blocking call) and asynchronous (spinning) ---- */

static volatile int cleanup_ran[2];
static volatile int spinning;

static void cleanup(void *arg)
{
    cleanup_ran[(long)arg] = 1;
}

static void *blocked_thread(void *arg)
{
    (void)arg;
    pthread_cleanup_push(cleanup, (void *)0);
    for (;;) {
        pause();            /* a cancellation point */
    }
    pthread_cleanup_pop(0);
    return NULL;
}

static void *spinning_thread(void *arg)
{
    volatile unsigned long n = 0;

    (void)arg;
    pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, NULL);
    pthread_cleanup_push(cleanup, (void *)1);
    spinning = 1;
    for (;;) {
        n++;                /* no cancellation point: async cancel unwinds from the signal */
    }
    pthread_cleanup_pop(0);
    return NULL;
}

/*
 * glibc cancels with SIGCANCEL (signal 32, above the host C library's own),
 * and asynchronous cancellation unwinds from the handler through the signal
 * frame into the interrupted code, as the libgcc unwinder reads it.
 */
static void test_cancel(void)
{
    pthread_t t;
    void *ret;

    CHECK(pthread_create(&t, NULL, blocked_thread, NULL) == 0);
    usleep(20000);
    CHECK(pthread_cancel(t) == 0);
    CHECK(pthread_join(t, &ret) == 0);
    CHECK(ret == PTHREAD_CANCELED && cleanup_ran[0]);
    printf("pthread_cancel of a thread in pause(): %s, cleanup %s\n",
           ret == PTHREAD_CANCELED ? "PTHREAD_CANCELED" : "WRONG", cleanup_ran[0] ? "ran" : "NOT run");

    CHECK(pthread_create(&t, NULL, spinning_thread, NULL) == 0);
    while (!spinning) {
        sched_yield();
    }
    CHECK(pthread_cancel(t) == 0);
    CHECK(pthread_join(t, &ret) == 0);
    CHECK(ret == PTHREAD_CANCELED && cleanup_ran[1]);
    printf("asynchronous cancel of a spinning thread: %s, cleanup %s\n",
           ret == PTHREAD_CANCELED ? "PTHREAD_CANCELED" : "WRONG", cleanup_ran[1] ? "ran" : "NOT run");
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    test_semantics();
    test_counters();
    test_futex();
    test_sync();
    test_clone_cleartid();
    test_cancel();
    if (failures) {
        printf("threads: %d FAILED\n", failures);
        return 1;
    }
    printf("threads: all passed\n");
    return 0;
}
