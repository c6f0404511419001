/*
 * compute-native.c: the KVM test guest's ring-3 compute kernel
 * (tests/kvm/guest/compute.c) run natively, timed with the TSC like the
 * guest does: prints "ticks checksum".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <x86intrin.h>

uint64_t compute_kernel(uint64_t iterations);

int main(int argc, char **argv)
{
    uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 0) : 1000000;
    uint64_t t0 = __rdtsc();
    uint64_t r = compute_kernel(n);
    uint64_t t1 = __rdtsc();

    printf("%llu 0x%llx\n", (unsigned long long)(t1 - t0), (unsigned long long)r);
    return 0;
}
