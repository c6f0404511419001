/*
 * binfmt-probe.c: a guest program the binfmt tests run through binfmt_misc.
 * It prints what the kernel (or crossemu) gave it, one "key=value" per line:
 * its arguments, its ids, and AT_SECURE, so the tests can check the P and C
 * flags from the guest's side.
 */
#include <stdio.h>
#include <sys/auxv.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    printf("argc=%d\n", argc);
    for (int i = 0; i < argc; i++) {
        printf("argv[%d]=%s\n", i, argv[i]);
    }
    printf("uid=%d euid=%d gid=%d egid=%d\n", (int)getuid(), (int)geteuid(), (int)getgid(),
           (int)getegid());
    printf("secure=%lu\n", getauxval(AT_SECURE));
    return 0;
}
