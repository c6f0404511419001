/*
 * main-loop.h: the I/O thread and the big lock.
 *
 * The main thread polls host file descriptors (chardev input, network
 * backends, signals) and calls their handlers with the big lock held.
 * vCPU threads take the same lock around every device access, so device
 * models never see two callers at once.  A machine ends by
 * main_loop_request_shutdown() (guest poweroff, Ctrl-A x, SIGTERM) or
 * main_loop_request_reset() (guest reboot), callable from any thread.
 */
#ifndef SOFTMMU_MAIN_LOOP_H
#define SOFTMMU_MAIN_LOOP_H

#include "common.h"

typedef void MainLoopFdHandler(void *opaque);
/* Return false to leave the fd out of the next poll (flow control). */
typedef bool MainLoopFdReady(void *opaque);

typedef enum MainLoopEvent {
    MAIN_LOOP_SHUTDOWN,     /* exit crossemu with main_loop_status() */
    MAIN_LOOP_RESET,        /* the guest asked for a reboot */
} MainLoopEvent;

bool main_loop_init(GError **errp);
/* fd read handler; handler NULL removes the fd.  ready may be NULL. */
void main_loop_set_fd_handler(int fd, MainLoopFdHandler *handler,
                              MainLoopFdReady *ready, void *opaque);
/* Wake the loop so that it re-evaluates the ready callbacks. */
void main_loop_kick(void);
/* Runs until a shutdown or reset request; returns which one. */
MainLoopEvent main_loop_run(void);
void main_loop_request_shutdown(int status);
void main_loop_request_reset(void);
int main_loop_status(void);
bool main_loop_stopping(void);
/*
 * Before the machine runs (a chardev waiting for its first client): block
 * until fd is readable; false with errp set if SIGINT/SIGTERM/SIGHUP came
 * first, so that a waiting crossemu can still be stopped.
 */
bool main_loop_wait_readable(int fd, GError **errp);

/*
 * Extra poll hook for backends that manage their own fd set (libslirp):
 * fill adds pollfds and lowers *timeout_ms; done sees the results.
 */
typedef struct MainLoopPollHook {
    void (*fill)(void *opaque, GArray *pollfds, int *timeout_ms);
    void (*done)(void *opaque, GArray *pollfds, int first);
    void *opaque;
} MainLoopPollHook;
void main_loop_add_poll_hook(const MainLoopPollHook *hook);

void bql_lock(void);
void bql_unlock(void);

#endif
