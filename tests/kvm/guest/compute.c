/*
 * compute.c: the compute kernel run in ring 3 by the guest and natively by
 * the benchmark: integer hashing over a small table (ALU, branches,
 * L1 loads and stores), no system calls, no floating point.
 */
#include <stdint.h>

uint64_t compute_kernel(uint64_t iterations)
{
    static uint32_t table[1024];
    uint64_t x = 0x9e3779b97f4a7c15ull, sum = 0;

    for (unsigned i = 0; i < 1024; i++) {
        table[i] = i * 2654435761u;
    }
    for (uint64_t i = 0; i < iterations; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        uint32_t idx = x & 1023;
        table[idx] += (uint32_t)(x >> 32);
        sum += table[(idx * 7) & 1023] ^ (x & 0xffff);
        if (sum & 1) {
            sum = (sum >> 1) | (sum << 63);
        }
    }
    return sum;
}
