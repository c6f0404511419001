/* c-basic.c: glibc-static basics under crossemu-aarch64: qsort, malloc, string functions
 * (glibc's NEON memcpy/strlen), FP printf, sqrt, setjmp/longjmp.  Pass = exit 0. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <math.h>
static int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }
static jmp_buf jb;
static void jump(int v) { longjmp(jb, v); }
int main(void)
{
    int fails = 0, arr[100];
    char buf[256], *p;
    for (int i = 0; i < 100; i++) arr[i] = (i * 7919) % 100;
    qsort(arr, 100, sizeof(int), cmp);
    for (int i = 0; i < 100; i++) if (arr[i] != i) { printf("FAIL qsort %d\n", i); fails++; break; }
    p = malloc(1000); memset(p, 'x', 999); p[999] = 0;
    if (strlen(p) != 999) { printf("FAIL strlen\n"); fails++; }
    strcpy(buf, "hello world"); strcat(buf, "!");
    if (strcmp(buf, "hello world!") || memcmp(buf, "hello", 5) || strchr(buf, 'w') != buf + 6) { printf("FAIL str\n"); fails++; }
    snprintf(buf, sizeof buf, "%.3f %g %e %d", 3.14159, 1e-5, 12345.678, -42);
    if (strcmp(buf, "3.142 1e-05 1.234568e+04 -42")) { printf("FAIL fp printf '%s'\n", buf); fails++; }
    volatile double x = 2.0;
    if (fabs(sqrt(x) - 1.41421356) > 1e-8) { printf("FAIL sqrt\n"); fails++; }
    int v = setjmp(jb);
    if (v == 0) jump(42); else if (v != 42) { printf("FAIL longjmp\n"); fails++; }
    free(p);
    printf("%s %d\n", fails ? "FAILED" : "ok", fails);
    return fails;
}
