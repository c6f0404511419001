/*
 * sigill-word0.c: executing an illegal instruction must kill the program
 * with SIGILL, as the Linux kernel does (no handler installed).
 *
 * The all-zeros word is defined to be illegal in every RISC-V encoding
 * (unprivileged ISA, 1.5: "the 16-bit instruction consisting of all zeros").
 * The test wrapper expects death by SIGILL; reaching the end is a failure.
 */
#include <stdio.h>

int main(void)
{
    printf("executing .word 0\n");
    fflush(stdout);
    __asm__ volatile(".word 0");
    printf("FAIL: survived an illegal instruction\n");
    return 0;
}
