/*
 * guest-probe.c: a guest program the command-line tests drive.
 *
 *   guest-probe exit N       exit with status N
 *   guest-probe segv         store through a null pointer (SIGSEGV)
 *   guest-probe abort        abort() (SIGABRT)
 *   guest-probe args ...     print argc, every argv[i] and the variables named
 *                            by CROSSEMU_PROBE_VARS (comma separated)
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "exit") == 0)
        return atoi(argv[2]);
    if (argc >= 2 && strcmp(argv[1], "segv") == 0) {
        volatile int *p = (volatile int *)(uintptr_t)(argc - 2);   /* NULL, not foldable */
        *p = 1;
        return 0;
    }
    if (argc >= 2 && strcmp(argv[1], "abort") == 0) {
        abort();
    }
    if (argc >= 2 && strcmp(argv[1], "args") == 0) {
        printf("argc=%d\n", argc);
        for (int i = 0; i < argc; i++)
            printf("argv[%d]=%s\n", i, argv[i]);
        const char *vars = getenv("CROSSEMU_PROBE_VARS");
        if (vars) {
            char buf[256];
            snprintf(buf, sizeof(buf), "%s", vars);
            for (char *v = strtok(buf, ","); v; v = strtok(NULL, ",")) {
                const char *val = getenv(v);
                printf("env %s=%s\n", v, val ? val : "(unset)");
            }
        }
        return 0;
    }
    fprintf(stderr, "usage: %s exit N | segv | abort | args ...\n", argv[0]);
    return 2;
}
