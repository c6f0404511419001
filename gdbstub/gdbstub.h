/*
 * gdbstub.h: the GDB remote serial protocol server, shared by the modes.
 *
 * Three layers, each knowing only the one below:
 *   transport (transport.c)  TCP or Unix socket: listen, accept, bytes in/out
 *   packets   (packet.c)     framing, checksums, acks, escapes
 *   commands  (gdbstub.c, commands.c)  g/G/p/P/m/M/X/Z/z/vCont/q... against
 *                            a GdbTarget, which the mode provides
 *
 * The stub is synchronous: the mode runs its CPUs and, whenever one stops
 * (breakpoint, step, watchpoint, signal, Ctrl-C), calls gdb_stub_stopped(),
 * which reports the stop and serves gdb until gdb resumes the target,
 * detaches, kills it or goes away.  While the target runs, a watcher thread
 * (gdb_stub_watch) notices a Ctrl-C from gdb and asks the target to stop
 * through GdbTarget.interrupt.
 *
 * Signals are the host's <signal.h> numbers here; the stub converts to and
 * from gdb's own numbering.  Thread ids are positive numbers the target
 * chooses (the host tid in user mode).
 */
#ifndef CROSSEMU_GDBSTUB_H
#define CROSSEMU_GDBSTUB_H

#include "common.h"
#include "exec.h"
#include "gdb-arch.h"

typedef struct GdbStub GdbStub;

/* What the mode tells the stub about the program under debug. */
typedef struct GdbTarget {
    const GdbArch *arch;
    /* Every CPU (thread) of the target, in a stable order; the caller frees the array. */
    GPtrArray *(*list_cpus)(void);
    int64_t (*thread_id)(CPUCommon *cpu);   /* > 0 */
    int64_t (*process_id)(void);            /* > 0 */
    /* The thread's name (g_free'd by the caller), or NULL. */
    char *(*thread_name)(CPUCommon *cpu);
    /*
     * Copy guest memory; return the number of bytes copied from the start of
     * the range (less than len if the range runs into unmapped memory).
     */
    size_t (*read_memory)(CPUCommon *cpu, uint64_t addr, uint8_t *buf, size_t len);
    /* All or nothing: false if any byte of the range cannot be written. */
    bool (*write_memory)(CPUCommon *cpu, uint64_t addr, const uint8_t *buf, size_t len);
    /* qXfer:auxv:read and qXfer:exec-file:read; NULL (or returning NULL): none. */
    GBytes *(*read_auxv)(void);
    char *(*exec_file)(void);
    /* qAttached: true if the stub attached to a process that was already running. */
    bool attached;
    /* From the watcher thread: gdb sent Ctrl-C; make every CPU stop soon. */
    void (*interrupt)(void);
    /*
     * Optional (qXfer:siginfo:read, gdb's $_siginfo): the siginfo, in the
     * guest's layout, of the signal `cpu` stopped with; NULL if it did not
     * stop for a signal.  Leave NULL in modes without guest signals.
     */
    GBytes *(*read_siginfo)(CPUCommon *cpu);
} GdbTarget;

typedef enum GdbStopKind {
    GDB_STOP_SIGNAL,        /* stopped with `sig` (SIGTRAP: breakpoint or step; SIGINT: Ctrl-C) */
    GDB_STOP_WATCH,         /* a watchpoint: SIGTRAP with the address */
} GdbStopKind;

typedef struct GdbStop {
    GdbStopKind kind;
    int sig;                /* host signal number */
    uint64_t watch_addr;    /* GDB_STOP_WATCH: CPUCommon.watch_hit_addr */
    int watch_flags;        /* GDB_STOP_WATCH: BP_MEM_READ or BP_MEM_WRITE */
} GdbStop;

typedef enum GdbServeResult {
    GDB_SERVE_RESUME,       /* gdb resumed: ask gdb_stub_resume_action() per CPU */
    GDB_SERVE_DETACHED,     /* gdb detached: run on freely */
    GDB_SERVE_DISCONNECTED, /* the connection went away: run on freely */
    GDB_SERVE_KILLED,       /* gdb killed the program: end it now */
} GdbServeResult;

GdbStub *gdb_stub_new(const GdbTarget *target);
void gdb_stub_free(GdbStub *s);

/*
 * Listen on `spec`: "PORT" (TCP, every interface, as QEMU), "HOST:PORT",
 * or "unix:PATH".  false + errp on error.
 */
bool gdb_stub_listen(GdbStub *s, const char *spec, GError **errp);
/* Wait for gdb to connect (blocking); then stop listening. */
bool gdb_stub_accept(GdbStub *s, GError **errp);
/* Use an already connected socket (tests, inherited descriptors). */
void gdb_stub_set_fd(GdbStub *s, int fd);
bool gdb_stub_connected(const GdbStub *s);

/*
 * `cpu` stopped for `stop`: tell gdb (if it is waiting for a stop) and serve
 * its requests until it resumes.  The first call after connecting reports
 * nothing until gdb asks ('?'), which is how the initial stop is seen.
 */
GdbServeResult gdb_stub_stopped(GdbStub *s, CPUCommon *cpu, const GdbStop *stop);
/*
 * After GDB_SERVE_RESUME: how gdb wants `cpu` to run.  false: keep it stopped.
 * *step: execute one instruction and stop; *sig: host signal to deliver first (0: none).
 */
bool gdb_stub_resume_action(GdbStub *s, CPUCommon *cpu, bool *step, int *sig);

/* The program ended (exit status, or killed by a host signal): tell gdb and disconnect. */
void gdb_stub_exited(GdbStub *s, int status);
void gdb_stub_terminated(GdbStub *s, int sig);

/*
 * In a forked child: the connection belongs to the parent.  Forget it
 * without a word to gdb, and remove gdb's breakpoints from this process.
 */
void gdb_stub_abandon(GdbStub *s);

/*
 * Watch the connection for Ctrl-C (on) while the target runs; off waits
 * until the watcher no longer looks at the socket.  gdb_stub_stopped turns
 * it off itself and back on when gdb resumes.
 */
void gdb_stub_watch(GdbStub *s, bool on);
/* Whether gdb asked for an interrupt since the last stop (and forget it). */
bool gdb_stub_take_interrupt(GdbStub *s);

/* ---- signals.c: host <-> gdb signal numbers ---- */
int gdb_signal_from_host(int sig);
int gdb_signal_to_host(int gdb_sig);    /* 0 if gdb's number has no host equivalent */

#endif
