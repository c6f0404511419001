/*
 * c-basic.c: a mix of ordinary integer C, checked against known answers.
 *
 * Inputs come through volatile variables so that the compiler cannot fold the
 * computations away: the emulator must execute them.  Exit status 0 = pass.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

#define CHECK(cond)                                                         \
    do {                                                                    \
        if (!(cond)) {                                                      \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);          \
            failures++;                                                     \
        }                                                                   \
    } while (0)

#define CHECK_EQ(a, b)                                                      \
    do {                                                                    \
        unsigned long long a_ = (unsigned long long)(a);                    \
        unsigned long long b_ = (unsigned long long)(b);                    \
        if (a_ != b_) {                                                     \
            printf("FAIL %s:%d: %s == %#llx, expected %#llx\n", __FILE__,   \
                   __LINE__, #a, a_, b_);                                   \
            failures++;                                                     \
        }                                                                   \
    } while (0)

static volatile int v_ten = 10;
static volatile int64_t v_big = 0x123456789abcdefLL;
static volatile int64_t v_neg = -7;
static volatile uint64_t v_umax = UINT64_MAX;

/* Recursion: naive fib and Ackermann stress calls, returns and the stack. */
static long fib(int n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static int ackermann(int m, int n)
{
    if (m == 0)
        return n + 1;
    if (n == 0)
        return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

/* A dense switch: GCC turns this into a jump table (an indirect branch). */
static int __attribute__((noinline)) classify(int x)
{
    switch (x) {
    case 0: return 17;
    case 1: return 4;
    case 2: return 99;
    case 3: return -3;
    case 4: return 1000;
    case 5: return 55;
    case 6: return 6;
    case 7: return -77;
    case 8: return 8000;
    case 9: return 9;
    case 10: return 1;
    case 11: return 12345;
    default: return -1;
    }
}

static void test_switch(void)
{
    static const int expect[] = {17, 4, 99, -3, 1000, 55, 6, -77, 8000, 9, 1, 12345, -1, -1};
    for (int i = 0; i < 14; i++)
        CHECK_EQ(classify(i), expect[i]);
    CHECK_EQ(classify(-5), -1);
}

static void test_muldiv(void)
{
    int64_t big = v_big, neg = v_neg;
    uint64_t umax = v_umax;

    CHECK_EQ(big * 3, 0x369d0369d0369cdLL);
    CHECK_EQ(big * neg, 0xf8091a2b3c4d5e77ULL);
    CHECK_EQ(big / 1000, 81985529216486LL);
    CHECK_EQ(big % 1000, 895);
    CHECK_EQ(-big / 7, -11712218459498127LL);
    CHECK_EQ(-big % 7, -6);
    CHECK_EQ(umax / 3, 0x5555555555555555ULL);
    CHECK_EQ(umax % 10, 5);
    /* 128-bit products: mulh/mulhu. */
    unsigned __int128 up = (unsigned __int128)umax * umax;
    CHECK_EQ((uint64_t)(up >> 64), 0xfffffffffffffffeULL);
    CHECK_EQ((uint64_t)up, 1);
    __int128 sp = (__int128)big * (neg * big);
    CHECK_EQ((uint64_t)(sp >> 64), 0xfff6f02ffa944145ULL);
    CHECK_EQ((uint64_t)sp, 0xf776d1c4095d7c19ULL);
    /* 32-bit ops sign-extend into 64-bit registers. */
    int32_t a32 = (int32_t)(big & 0xffffffff);
    CHECK_EQ((int64_t)(int32_t)((uint32_t)a32 * 16u), 0xffffffff9abcdef0ULL);
    CHECK_EQ((uint32_t)a32 / 3u, 0x2de3ef4f);
    CHECK_EQ(a32 / -3, 0x27716605);
    /* Division by zero does not trap on RISC-V: C leaves it undefined, so
     * only check the "MIN / -1" and zero cases through inline asm. */
#if defined(__riscv)
    long q, r;
    long zero = v_ten - 10, m1 = v_ten - 11, min = INT64_MIN + (v_ten - 10);
    __asm__ volatile("div %0, %1, %2" : "=r"(q) : "r"(big), "r"(zero));
    CHECK_EQ(q, -1);
    __asm__ volatile("rem %0, %1, %2" : "=r"(r) : "r"(big), "r"(zero));
    CHECK_EQ(r, big);
    __asm__ volatile("div %0, %1, %2" : "=r"(q) : "r"(min), "r"(m1));
    CHECK_EQ(q, INT64_MIN);
    __asm__ volatile("rem %0, %1, %2" : "=r"(r) : "r"(min), "r"(m1));
    CHECK_EQ(r, 0);
    __asm__ volatile("divuw %0, %1, %2" : "=r"(q) : "r"(big), "r"(zero));
    CHECK_EQ(q, -1);
#endif
    /* Shifts by variable amounts. */
    int sh = v_ten * 6;
    CHECK_EQ((uint64_t)big << sh, 0xf000000000000000ULL);
    CHECK_EQ(neg >> (sh - 58), -2);
    CHECK_EQ((uint64_t)neg >> sh, 0xf);
}

/* Varargs: formatting through our own va_list consumer and vsnprintf. */
static long sum_varargs(int n, ...)
{
    va_list ap;
    long s = 0;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        s += va_arg(ap, long);
    va_end(ap);
    return s;
}

static int fmt(char *buf, size_t size, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int n = vsnprintf(buf, size, f, ap);
    va_end(ap);
    return n;
}

static void test_varargs(void)
{
    char buf[128];
    CHECK_EQ(sum_varargs(5, 1L, 2L, 3L, 4L, (long)v_big), 10 + v_big);
    CHECK_EQ(sum_varargs(0), 0);
    int n = fmt(buf, sizeof(buf), "%d|%5s|%-4x|%lld|%c|%08.3f", v_ten, "ab", 255,
                (long long)v_neg * 1000000000000LL, 'Z', 3.14159);
    CHECK(strcmp(buf, "10|   ab|ff  |-7000000000000|Z|0003.142") == 0);
    CHECK_EQ(n, (int)strlen(buf));
    n = fmt(buf, 8, "%s", "truncated string");
    CHECK_EQ(n, 16);
    CHECK(strcmp(buf, "truncat") == 0);
}

struct node {
    struct node *next;
    long value;
    char pad[40];
};

static void test_malloc(void)
{
    struct node *head = NULL;
    long expect = 0;
    for (int i = 0; i < 10000; i++) {
        struct node *n = malloc(sizeof(*n));
        CHECK(n != NULL);
        if (!n)
            return;
        n->value = i * 7;
        memset(n->pad, i & 0xff, sizeof(n->pad));
        n->next = head;
        head = n;
        expect += i * 7;
    }
    /* Large blocks go through mmap in glibc. */
    char *big = malloc(4 << 20);
    CHECK(big != NULL);
    if (big) {
        memset(big, 0x5a, 4 << 20);
        CHECK_EQ(big[(4 << 20) - 1], 0x5a);
        big = realloc(big, 8 << 20);
        CHECK(big != NULL);
        CHECK_EQ(big[12345], 0x5a);
        free(big);
    }
    long sum = 0;
    int bad_pad = 0;
    while (head) {
        struct node *n = head;
        sum += n->value;
        if (n->pad[39] != (char)((n->value / 7) & 0xff))
            bad_pad++;
        head = n->next;
        free(n);
    }
    CHECK_EQ(sum, expect);
    CHECK_EQ(bad_pad, 0);
}

static void test_strings(void)
{
    char a[64], b[64];
    strcpy(a, "the quick brown fox");
    CHECK_EQ(strlen(a), 19);
    strcat(a, " jumps");
    CHECK(strcmp(a, "the quick brown fox jumps") == 0);
    CHECK(strstr(a, "brown") == a + 10);
    CHECK(strchr(a, 'q') == a + 4);
    CHECK(strrchr(a, 'o') == a + 17);
    CHECK(strncmp(a, "the slow", 4) == 0);
    CHECK(strcmp("abc", "abd") < 0);
    CHECK(memcmp("abc\0x", "abc\0y", 5) < 0);
    /* Overlapping memmove both ways, unaligned. */
    for (int i = 0; i < 64; i++)
        b[i] = (char)i;
    memmove(b + 3, b + 1, 40);
    CHECK_EQ(b[3], 1);
    CHECK_EQ(b[42], 40);
    memmove(b + 1, b + 5, 30);
    CHECK_EQ(b[1], 3);
    CHECK_EQ(b[30], 32);
    char *d = strdup(a);
    CHECK(d && strcmp(d, a) == 0);
    free(d);
    char tok[] = "a,bb,,ccc";
    int count = 0;
    for (char *s = strtok(tok, ","); s; s = strtok(NULL, ","))
        count++;
    CHECK_EQ(count, 3);
    CHECK_EQ(strtol("-0x1f", NULL, 16), -31);
    CHECK_EQ(strtoull("18446744073709551615", NULL, 10), UINT64_MAX);
    CHECK_EQ(atoi("  42abc"), 42);
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

static void test_qsort(void)
{
    enum { N = 5000 };
    static long arr[N];
    uint64_t x = 88172645463325252ULL ^ (uint64_t)v_ten;
    long sum = 0, sorted_sum = 0;
    for (int i = 0; i < N; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        arr[i] = (long)(x % 100000) - 50000;
        sum += arr[i];
    }
    qsort(arr, N, sizeof(arr[0]), cmp_long);
    int ordered = 1;
    for (int i = 0; i < N; i++) {
        sorted_sum += arr[i];
        if (i && arr[i - 1] > arr[i])
            ordered = 0;
    }
    CHECK(ordered);
    CHECK_EQ(sorted_sum, sum);
    long key = arr[N / 2];
    long *found = bsearch(&key, arr, N, sizeof(arr[0]), cmp_long);
    CHECK(found && *found == key);
}

/* Function pointers and a computed dispatch. */
/* Unsigned: wrap-around is defined, unlike signed overflow. */
static unsigned long op_add(unsigned long a, unsigned long b) { return a + b; }
static unsigned long op_sub(unsigned long a, unsigned long b) { return a - b; }
static unsigned long op_mul(unsigned long a, unsigned long b) { return a * b; }
static unsigned long op_xor(unsigned long a, unsigned long b) { return a ^ b; }

static void test_fnptr(void)
{
    unsigned long (*ops[])(unsigned long, unsigned long) = {op_add, op_sub, op_mul, op_xor};
    unsigned long acc = 1;
    for (int i = 0; i < 1000; i++)
        acc = ops[(i + v_ten) & 3](acc, i + 3);
    CHECK_EQ(acc, 0x330b95c756d0bf31ULL);
}

int main(void)
{
    CHECK_EQ(fib(v_ten + 15), 75025);
    CHECK_EQ(ackermann(2, v_ten), 23);
    CHECK_EQ(ackermann(3, 5), 253);
    test_switch();
    test_muldiv();
    test_varargs();
    test_malloc();
    test_strings();
    test_qsort();
    test_fnptr();
    if (failures) {
        printf("c-basic: %d failures\n", failures);
        return 1;
    }
    printf("c-basic: all passed\n");
    return 0;
}
