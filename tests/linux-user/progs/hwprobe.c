/*
 * hwprobe.c: riscv_hwprobe (syscall 258, Linux 6.4) under crossemu,
 * self-checking (exit 0 = pass).  Bookworm's headers predate the call, so
 * the struct and keys are spelled out here from the kernel's
 * Documentation/arch/riscv/hwprobe.rst.  crossemu's CPU is RV64GC with
 * Zba/Zbb/Zbs and nothing else, which is exactly what IMA_EXT_0 must say.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NR_riscv_hwprobe 258

struct hwprobe_pair {
    int64_t key;
    uint64_t value;
};

static int failures;
#define CHECK(c) do { if (!(c)) { printf("FAIL %s:%d: %s (errno %d)\n", __FILE__, __LINE__, #c, errno); failures++; } } while (0)

static long hwprobe(struct hwprobe_pair *p, long n, long setsize, void *cpus, long flags)
{
    return syscall(NR_riscv_hwprobe, p, n, setsize, cpus, flags);
}

int main(void)
{
    struct hwprobe_pair p[9];
    unsigned long cpus[2];

    for (int i = 0; i < 7; i++) {
        p[i].key = i;
        p[i].value = 0xdeadbeef;
    }
    p[7].key = 1000;            /* unknown */
    p[7].value = 0x1234;
    p[8].key = -5;              /* unknown, negative */
    p[8].value = 0x1234;
    CHECK(hwprobe(p, 9, 0, NULL, 0) == 0);
    CHECK(p[0].key == 0 && p[0].value == 0);            /* MVENDORID */
    CHECK(p[1].key == 1 && p[1].value == 0);            /* MARCHID */
    CHECK(p[2].key == 2 && p[2].value == 0);            /* MIMPID */
    CHECK(p[3].key == 3 && p[3].value == 1);            /* BASE_BEHAVIOR: IMA */
    /* IMA_EXT_0: FD | C | ZBA | ZBB | ZBS, no V. */
    CHECK(p[4].key == 4 && p[4].value == ((1 << 0) | (1 << 1) | (1 << 3) | (1 << 4) | (1 << 5)));
    CHECK(p[5].key == 5 && p[5].value == 0);            /* CPUPERF_0: unknown */
    CHECK(p[6].key == 6 && p[6].value == 0);            /* no Zicboz */
    CHECK(p[7].key == -1 && p[7].value == 0);
    CHECK(p[8].key == -1 && p[8].value == 0);

    /* Zero pairs: nothing to do. */
    CHECK(hwprobe(p, 0, 0, NULL, 0) == 0);
    /* Flags are reserved. */
    errno = 0;
    CHECK(hwprobe(p, 1, 0, NULL, 1) == -1 && errno == EINVAL);
    /* A set naming CPU 0 is fine; an empty set is not; a bad set pointer faults. */
    p[0].key = 4;
    cpus[0] = 1;
    cpus[1] = 0;
    CHECK(hwprobe(p, 1, sizeof(cpus), cpus, 0) == 0 && p[0].key == 4 && (p[0].value & 2));
    /* A set shorter than a long: the kernel copies the bytes it is given. */
    CHECK(hwprobe(p, 1, 1, cpus, 0) == 0);
    cpus[0] = 0;
    errno = 0;
    CHECK(hwprobe(p, 1, sizeof(cpus), cpus, 0) == -1 && errno == EINVAL);
    errno = 0;
    CHECK(hwprobe(p, 1, 0, cpus, 0) == -1 && errno == EINVAL);
    errno = 0;
    CHECK(hwprobe(p, 1, sizeof(cpus), NULL, 0) == -1 && errno == EFAULT);
    /* A bad pairs pointer faults. */
    errno = 0;
    CHECK(hwprobe((struct hwprobe_pair *)8, 1, 0, NULL, 0) == -1 && errno == EFAULT);

    if (failures) {
        printf("hwprobe: %d failure(s)\n", failures);
        return 1;
    }
    printf("hwprobe: ok\n");
    return 0;
}
