/*
 * signals.c: gdb's remote-protocol signal numbers (gdb's include/gdb/
 * signals.def, fixed forever since stubs depend on them) against the host's.
 *
 * The low numbers match traditional Unix, not Linux: SIGBUS is 10 and
 * SIGUSR1 30 for gdb, 7 and 10 on a Linux host.  Real-time signals: gdb's
 * SIG32 is 77, SIG33..SIG63 are 45..75, SIG64 is 78.
 */
#include "common.h"
#include "gdbstub.h"

#include <signal.h>

static const struct {
    int host, gdb;
} sig_map[] = {
    { SIGHUP, 1 },   { SIGINT, 2 },    { SIGQUIT, 3 },   { SIGILL, 4 },
    { SIGTRAP, 5 },  { SIGABRT, 6 },   { SIGFPE, 8 },    { SIGKILL, 9 },
    { SIGBUS, 10 },  { SIGSEGV, 11 },  { SIGSYS, 12 },   { SIGPIPE, 13 },
    { SIGALRM, 14 }, { SIGTERM, 15 },  { SIGURG, 16 },   { SIGSTOP, 17 },
    { SIGTSTP, 18 }, { SIGCONT, 19 },  { SIGCHLD, 20 },  { SIGTTIN, 21 },
    { SIGTTOU, 22 }, { SIGIO, 23 },    { SIGXCPU, 24 },  { SIGXFSZ, 25 },
    { SIGVTALRM, 26 }, { SIGPROF, 27 }, { SIGWINCH, 28 }, { SIGUSR1, 30 },
    { SIGUSR2, 31 }, { SIGPWR, 32 },
};

enum { GDB_SIG_RT32 = 77, GDB_SIG_RT33 = 45, GDB_SIG_RT63 = 75, GDB_SIG_RT64 = 78,
       GDB_SIG_UNKNOWN = 143 };

int gdb_signal_from_host(int sig)
{
    if (sig == 0) {
        return 0;
    }
    for (size_t i = 0; i < ARRAY_SIZE(sig_map); i++) {
        if (sig_map[i].host == sig) {
            return sig_map[i].gdb;
        }
    }
    /* Real-time signals by their kernel number (glibc reserves the first two). */
    if (sig == 32) {
        return GDB_SIG_RT32;
    }
    if (sig >= 33 && sig <= 63) {
        return GDB_SIG_RT33 + (sig - 33);
    }
    if (sig == 64) {
        return GDB_SIG_RT64;
    }
    return GDB_SIG_UNKNOWN;
}

int gdb_signal_to_host(int gdb_sig)
{
    if (gdb_sig == 0) {
        return 0;
    }
    for (size_t i = 0; i < ARRAY_SIZE(sig_map); i++) {
        if (sig_map[i].gdb == gdb_sig) {
            return sig_map[i].host;
        }
    }
    if (gdb_sig == GDB_SIG_RT32) {
        return 32;
    }
    if (gdb_sig >= GDB_SIG_RT33 && gdb_sig <= GDB_SIG_RT63) {
        return 33 + (gdb_sig - GDB_SIG_RT33);
    }
    if (gdb_sig == GDB_SIG_RT64) {
        return 64;
    }
    return 0;
}
