/*
 * atomic-threads.c: A-extension atomicity across threads: several threads
 * increment one counter with amoadd.d and another with an lr.w/sc.w loop;
 * no increment may be lost.  Exit status 0 = pass.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

static int failures;

static void check(const char *what, uint64_t got, uint64_t exp)
{
    if (got != exp) {
        printf("FAIL: %s got 0x%llx expected 0x%llx\n", what,
               (unsigned long long)got, (unsigned long long)exp);
        failures++;
    }
}

#define NTHREADS 4
#define NITER 20000

static uint64_t counter_amo;
static uint32_t counter_lrsc;

static void *worker(void *arg)
{
    for (int i = 0; i < NITER; i++) {
        __asm__ volatile("amoadd.d zero, %1, (%0)" : : "r"(&counter_amo), "r"(1ull) : "memory");
        uint32_t tmp, fail;
        __asm__ volatile("1: lr.w.aqrl %0, (%2)\n\taddiw %0, %0, 1\n\t"
                         "sc.w.rl %1, %0, (%2)\n\tbnez %1, 1b"
                         : "=&r"(tmp), "=&r"(fail) : "r"(&counter_lrsc) : "memory");
    }
    return arg;
}

static void test_threads(void)
{
    pthread_t th[NTHREADS];

    for (int i = 0; i < NTHREADS; i++) {
        if (pthread_create(&th[i], NULL, worker, NULL) != 0) {
            printf("FAIL: pthread_create\n");
            failures++;
            return;
        }
    }
    for (int i = 0; i < NTHREADS; i++) {
        pthread_join(th[i], NULL);
    }
    check("threads amoadd", counter_amo, NTHREADS * NITER);
    check("threads lr/sc", counter_lrsc, NTHREADS * NITER);
}

int main(void)
{
    test_threads();
    if (failures) {
        printf("%d failures\n", failures);
        return 1;
    }
    return 0;
}
