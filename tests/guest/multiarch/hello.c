/* hello.c: the smallest multiarch program (also what `make run` shows). */
#include <stdio.h>

int main(int argc, char **argv)
{
    printf("Hello, world! (argc=%d)\n", argc);
    return 0;
}
