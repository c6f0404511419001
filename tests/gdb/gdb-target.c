/*
 * gdb-target.c: the riscv64 program the gdb-multiarch tests debug.
 * Built -O0 -g so that every variable lives in memory and every line has
 * code.  What it does depends on argv[1], so one binary serves every test.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* Threads: each worker stops in worker_break(id) for gdb to see. */
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
        pthread_join(th[i], NULL);
    }
    printf("threads done %ld\n", counter);
    return counter == 3 ? 0 : 1;
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
