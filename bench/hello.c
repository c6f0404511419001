/* hello.c: start-up benchmark: a static hello world, run many times. */
#include <stdio.h>

int main(void)
{
    puts("Hello, world!");
    return 0;
}
