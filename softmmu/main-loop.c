/*
 * main-loop.c: the I/O thread (see main-loop.h).
 *
 * SIGINT, SIGTERM and SIGHUP are blocked in every thread (main_loop_init
 * runs before any thread is created) and read through a signalfd here, so
 * a signal always ends the machine through the same shutdown path as a
 * guest poweroff.
 */
#include "common.h"
#include "softmmu/main-loop.h"
#include <poll.h>
#include <signal.h>
#include <unistd.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>

typedef struct MainLoopFd {
    int fd;
    MainLoopFdHandler *handler;
    MainLoopFdReady *ready;
    void *opaque;
} MainLoopFd;

static pthread_mutex_t bql = PTHREAD_MUTEX_INITIALIZER;
static GArray *ml_fds;              /* MainLoopFd */
static GPtrArray *ml_hooks;         /* const MainLoopPollHook * */
static int ml_wake_fd = -1;
static int ml_signal_fd = -1;
static int ml_status;
static bool ml_shutdown, ml_reset;

void bql_lock(void)
{
    pthread_mutex_lock(&bql);
}

void bql_unlock(void)
{
    pthread_mutex_unlock(&bql);
}

bool main_loop_init(GError **errp)
{
    sigset_t set;

    ml_fds = g_array_new(FALSE, TRUE, sizeof(MainLoopFd));
    ml_hooks = g_ptr_array_new();
    ml_wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (ml_wake_fd < 0) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "eventfd: %s", g_strerror(errno));
        return false;
    }
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    ml_signal_fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
    if (ml_signal_fd < 0) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "signalfd: %s", g_strerror(errno));
        return false;
    }
    return true;
}

void main_loop_set_fd_handler(int fd, MainLoopFdHandler *handler,
                              MainLoopFdReady *ready, void *opaque)
{
    guint i;

    for (i = 0; i < ml_fds->len; i++) {
        if (g_array_index(ml_fds, MainLoopFd, i).fd == fd) {
            g_array_remove_index(ml_fds, i);
            break;
        }
    }
    if (handler) {
        MainLoopFd f = { .fd = fd, .handler = handler, .ready = ready,
                         .opaque = opaque };
        g_array_append_val(ml_fds, f);
    }
    main_loop_kick();
}

void main_loop_add_poll_hook(const MainLoopPollHook *hook)
{
    g_ptr_array_add(ml_hooks, (gpointer)hook);
}

void main_loop_kick(void)
{
    uint64_t one = 1;

    if (ml_wake_fd >= 0 && write(ml_wake_fd, &one, sizeof(one)) < 0) {
        /* EAGAIN: the counter is already non-zero, the loop will wake */
    }
}

void main_loop_request_shutdown(int status)
{
    __atomic_store_n(&ml_status, status, __ATOMIC_SEQ_CST);
    __atomic_store_n(&ml_shutdown, true, __ATOMIC_SEQ_CST);
    main_loop_kick();
}

void main_loop_request_reset(void)
{
    __atomic_store_n(&ml_reset, true, __ATOMIC_SEQ_CST);
    main_loop_kick();
}

int main_loop_status(void)
{
    return __atomic_load_n(&ml_status, __ATOMIC_SEQ_CST);
}

bool main_loop_stopping(void)
{
    return __atomic_load_n(&ml_shutdown, __ATOMIC_SEQ_CST) ||
           __atomic_load_n(&ml_reset, __ATOMIC_SEQ_CST);
}

static void main_loop_handle_signal(void)
{
    struct signalfd_siginfo si;

    while (read(ml_signal_fd, &si, sizeof(si)) == sizeof(si)) {
        /* Like QEMU: a signal is a clean shutdown, status 0. */
        main_loop_request_shutdown(0);
    }
}

bool main_loop_wait_readable(int fd, GError **errp)
{
    struct pollfd p[2] = {
        { .fd = fd, .events = POLLIN },
        { .fd = ml_signal_fd, .events = POLLIN },
    };
    struct signalfd_siginfo si;

    for (;;) {
        if (poll(p, ml_signal_fd >= 0 ? 2 : 1, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            g_set_error(errp, CROSSEMU_ERROR, 0, "poll: %s", g_strerror(errno));
            return false;
        }
        if (p[1].revents && read(ml_signal_fd, &si, sizeof(si)) == sizeof(si)) {
            g_set_error(errp, CROSSEMU_ERROR, 0, "terminated by signal %s while waiting",
                        strsignal(si.ssi_signo));
            return false;
        }
        if (p[0].revents) {
            return true;
        }
    }
}

MainLoopEvent main_loop_run(void)
{
    GArray *pfds = g_array_new(FALSE, TRUE, sizeof(struct pollfd));
    GArray *starts = g_array_new(FALSE, TRUE, sizeof(int));
    MainLoopEvent ev;

    for (;;) {
        struct pollfd p = { .events = POLLIN };
        int timeout = -1, nfds;
        guint i, nwatch;

        if (__atomic_load_n(&ml_shutdown, __ATOMIC_SEQ_CST)) {
            ev = MAIN_LOOP_SHUTDOWN;
            break;
        }
        if (__atomic_exchange_n(&ml_reset, false, __ATOMIC_SEQ_CST)) {
            ev = MAIN_LOOP_RESET;
            break;
        }
        g_array_set_size(pfds, 0);
        p.fd = ml_wake_fd;
        g_array_append_val(pfds, p);
        p.fd = ml_signal_fd;
        g_array_append_val(pfds, p);

        bql_lock();
        nwatch = ml_fds->len;
        for (i = 0; i < nwatch; i++) {
            MainLoopFd *f = &g_array_index(ml_fds, MainLoopFd, i);
            p.fd = (!f->ready || f->ready(f->opaque)) ? f->fd : -1;
            g_array_append_val(pfds, p);
        }
        g_array_set_size(starts, ml_hooks->len);
        for (i = 0; i < ml_hooks->len; i++) {
            const MainLoopPollHook *h = g_ptr_array_index(ml_hooks, i);
            g_array_index(starts, int, i) = pfds->len;
            h->fill(h->opaque, pfds, &timeout);
        }
        bql_unlock();

        nfds = poll((struct pollfd *)pfds->data, pfds->len, timeout);
        if (nfds < 0 && errno != EINTR) {
            error_report("poll: %s", g_strerror(errno));
            main_loop_request_shutdown(1);
            continue;
        }
        if (g_array_index(pfds, struct pollfd, 0).revents) {
            uint64_t v;
            if (read(ml_wake_fd, &v, sizeof(v)) < 0) {
                /* EAGAIN: another reader raced us; nothing to do */
            }
        }
        if (g_array_index(pfds, struct pollfd, 1).revents) {
            main_loop_handle_signal();
        }

        bql_lock();
        /* Handlers may add or remove fds: only walk the ones we polled. */
        for (i = 0; i < nwatch && i < ml_fds->len; i++) {
            struct pollfd *pp = &g_array_index(pfds, struct pollfd, 2 + i);
            MainLoopFd f = g_array_index(ml_fds, MainLoopFd, i);
            if (pp->fd >= 0 && pp->fd == f.fd &&
                (pp->revents & (POLLIN | POLLHUP | POLLERR))) {
                f.handler(f.opaque);
            }
        }
        for (i = 0; i < ml_hooks->len; i++) {
            const MainLoopPollHook *h = g_ptr_array_index(ml_hooks, i);
            h->done(h->opaque, pfds, g_array_index(starts, int, i));
        }
        bql_unlock();
    }
    g_array_free(pfds, TRUE);
    g_array_free(starts, TRUE);
    return ev;
}
