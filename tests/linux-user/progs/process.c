/*
 * process.c: processes under crossemu, self-checking (exit 0 = pass).
 * fork + wait4/waitid with exit and signal statuses, execve of itself
 * (re-run under crossemu), execve of a native program (system()), pipes
 * between processes, /proc/self/exe, /proc/self/maps, /proc/self/cmdline,
 * getdents64 through readdir, and a vfork.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures;
#define CHECK(c) do { if (!(c)) { printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); failures++; } } while (0)

static char *read_file(const char *path, size_t *len)
{
    static char buf[65536];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t n, t = 0;
    if (fd < 0) {
        return NULL;
    }
    while ((n = read(fd, buf + t, sizeof(buf) - 1 - t)) > 0) {
        t += n;
    }
    close(fd);
    buf[t] = 0;
    *len = (size_t)t;
    return buf;
}

int main(int argc, char **argv)
{
    int st;
    pid_t pid;

    if (argc > 1 && !strcmp(argv[1], "child-exec")) {
        /* Run by execve below: report through the exit status. */
        return argc == 3 && !strcmp(argv[2], "arg2") && getenv("LU_MARK") &&
               !strcmp(getenv("LU_MARK"), "yes") ? 42 : 1;
    }

    /* fork + exit status. */
    pid = fork();
    if (pid == 0) {
        _exit(5);
    }
    CHECK(pid > 0);
    CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 5);

    /* Death by a signal is reported with the guest's signal number. */
    pid = fork();
    if (pid == 0) {
        pause();
        _exit(0);
    }
    usleep(20000);
    CHECK(kill(pid, SIGTERM) == 0);
    CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);

    /* waitid with siginfo. */
    pid = fork();
    if (pid == 0) {
        _exit(9);
    }
    siginfo_t si;
    memset(&si, 0, sizeof(si));
    CHECK(waitid(P_PID, pid, &si, WEXITED) == 0);
    CHECK(si.si_pid == pid && si.si_code == CLD_EXITED && si.si_status == 9 &&
          si.si_signo == SIGCHLD);

    /* A pipe between parent and child. */
    int p[2];
    CHECK(pipe(p) == 0);
    pid = fork();
    if (pid == 0) {
        close(p[0]);
        const char msg[] = "through the pipe";
        _exit(write(p[1], msg, sizeof(msg)) == sizeof(msg) ? 0 : 1);
    }
    close(p[1]);
    char buf[64] = "";
    CHECK(read(p[0], buf, sizeof(buf)) == 17 && !strcmp(buf, "through the pipe"));
    close(p[0]);
    CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);

    /* vfork + _exit. */
    pid = vfork();
    if (pid == 0) {
        _exit(11);
    }
    CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 11);

    /* /proc/self/exe is this program. */
    char exe[PATH_MAX], real[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    CHECK(n > 0);
    exe[n > 0 ? n : 0] = 0;
    CHECK(realpath(argv[0], real) && !strcmp(exe, real));

    /* execve of itself, with arguments and environment. */
    pid = fork();
    if (pid == 0) {
        char *args[] = { argv[0], "child-exec", "arg2", NULL };
        char *env[] = { "LU_MARK=yes", NULL };
        execve("/proc/self/exe", args, env);
        _exit(99);
    }
    CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 42);

    /* execve of a native program: runs on the host. */
    CHECK(system("exit 3") != -1);
    st = system("test -d /");
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    errno = 0;
    CHECK(execl("/nonexistent/prog", "x", (char *)NULL) == -1 && errno == ENOENT);

    /* /proc/self/maps: the guest's view, with main's code mapped r-x and the stack. */
    size_t len;
    char *maps = read_file("/proc/self/maps", &len);
    CHECK(maps != NULL);
    if (maps) {
        char line[256];
        int found_code = 0, found_stack = 0;
        uintptr_t code = (uintptr_t)&main;
        for (char *l = maps; *l;) {
            char *e = strchr(l, '\n');
            size_t ll = e ? (size_t)(e - l) : strlen(l);
            unsigned long lo, hi;
            char perms[8];
            snprintf(line, sizeof(line), "%.*s", (int)ll, l);
            if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perms) == 3) {
                if (code >= lo && code < hi && perms[0] == 'r' && perms[2] == 'x') {
                    found_code = 1;
                }
                if (strstr(line, "[stack]") && (uintptr_t)&line >= lo && (uintptr_t)&line < hi) {
                    found_stack = 1;
                }
            }
            l += ll + (e ? 1 : 0);
        }
        CHECK(found_code);
        CHECK(found_stack);
    }

    /* /proc/self/cmdline: our argv. */
    char *cmd = read_file("/proc/self/cmdline", &len);
    CHECK(cmd && len == strlen(argv[0]) + 1 && !strcmp(cmd, argv[0]));

    /* getdents64 through readdir, on a fresh directory. */
    char dir[] = "/tmp/lu-process-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[128];
    for (int i = 0; i < 50; i++) {
        snprintf(path, sizeof(path), "%s/file%02d", dir, i);
        int fd = open(path, O_CREAT | O_WRONLY, 0644);
        CHECK(fd >= 0);
        close(fd);
    }
    DIR *d = opendir(dir);
    int count = 0, mask_ok = 1;
    struct dirent *de;
    while (d && (de = readdir(d))) {
        if (de->d_name[0] == '.') {
            continue;
        }
        count++;
        mask_ok &= de->d_type == DT_REG && !strncmp(de->d_name, "file", 4);
    }
    if (d) {
        closedir(d);
    }
    CHECK(count == 50 && mask_ok);
    for (int i = 0; i < 50; i++) {
        snprintf(path, sizeof(path), "%s/file%02d", dir, i);
        unlink(path);
    }
    CHECK(rmdir(dir) == 0);

    if (failures) {
        printf("%d failures\n", failures);
        return 1;
    }
    printf("process: all passed\n");
    return 0;
}
