/*
 * gdb-target.c: the riscv64 program the gdb-multiarch tests debug.
 * Built -O0 -g so that every variable lives in memory and every line has
 * code.  What it does depends on argv[1], so one binary serves every test.
 */
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

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "basic";
    long v;

    if (strcmp(mode, "segv") == 0) {
        return crash();
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
