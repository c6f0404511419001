/*
 * internal.h: what the files of gdbstub/ share; nothing outside includes it.
 */
#ifndef CROSSEMU_GDBSTUB_INTERNAL_H
#define CROSSEMU_GDBSTUB_INTERNAL_H

#include "common.h"
#include "gdbstub.h"
#include "packet.h"

/* ---- transport.c ---- */

typedef struct GdbTransport {
    int listen_fd;          /* -1 when not listening */
    int fd;                 /* the connection, -1 if none */
    char *unix_path;        /* the socket file we created (removed at close) */
} GdbTransport;

void gdb_transport_init(GdbTransport *t);
bool gdb_transport_listen(GdbTransport *t, const char *spec, GError **errp);
bool gdb_transport_accept(GdbTransport *t, GError **errp);
/* Blocking read of what is available; 0 on end of file or error. */
size_t gdb_transport_read(GdbTransport *t, uint8_t *buf, size_t len);
/* Write everything; false if the connection is gone. */
bool gdb_transport_write(GdbTransport *t, const void *buf, size_t len);
void gdb_transport_close(GdbTransport *t);

/* ---- gdbstub.c: the session ---- */

/* What gdb asked a thread to do when resuming (vCont and the legacy c/s/C/S). */
typedef struct GdbAction {
    int64_t tid;            /* -1: every thread without an action of its own */
    bool step;
    int sig;                /* host signal */
} GdbAction;

/* A watchpoint gdb inserted, to tell watch/rwatch/awatch apart when it hits. */
typedef struct GdbWatch {
    uint64_t addr, len;
    int flags;
} GdbWatch;

typedef struct GdbWatcher GdbWatcher;

struct GdbStub {
    const GdbTarget *target;
    GdbTransport tr;
    GdbRx rx;
    uint8_t inbuf[4096];    /* bytes read but not yet fed to rx */
    size_t in_pos, in_len;
    GString *out;           /* the framed packet being sent */
    GString *last_sent;     /* for a '-' from gdb */
    bool no_ack;
    bool multiprocess;      /* gdb announced multiprocess+: thread ids are pP.T */
    bool running;           /* gdb resumed us and waits for a stop reply */
    bool connected;

    CPUCommon *stop_cpu;    /* the CPU of the last stop */
    GdbStop last_stop;
    CPUCommon *g_cpu;       /* Hg: registers and memory */
    CPUCommon *c_cpu;       /* Hc: legacy c/s */

    GArray *actions;        /* GdbAction, after a resume */
    GArray *watches;        /* GdbWatch */
    GdbServeResult result;  /* set by a command that ends serving */
    bool done;

    /* qfThreadInfo / qsThreadInfo iteration. */
    GPtrArray *thread_iter;
    guint thread_iter_pos;

    GdbWatcher *watcher;
};

/* Send a reply packet (payload given as a NUL-terminated string or bytes). */
void gdb_reply(GdbStub *s, const char *payload);
void gdb_reply_bin(GdbStub *s, const uint8_t *payload, size_t len);
void gdb_reply_error(GdbStub *s, int err);

/* The stop reply for the last stop ('?' and after a resume). */
void gdb_send_stop_reply(GdbStub *s);

/* Thread ids as gdb writes them: "pPID.TID" with multiprocess, else "TID" (hex). */
void gdb_append_thread_id(GdbStub *s, GString *out, CPUCommon *cpu);
/*
 * Parse a thread id at *p: returns false if malformed; *tid is -1 for "all"
 * ("-1", "p-1", "pPID.-1"), 0 for "any" ("0").
 */
bool gdb_parse_thread_id(GdbStub *s, const char **p, int64_t *tid);
/* The CPU with gdb thread id tid (0 / -1: the stopped CPU); NULL if none. */
CPUCommon *gdb_find_cpu(GdbStub *s, int64_t tid);

/* ---- commands.c ---- */

/* Handle one packet (NUL-terminated, len bytes: binary for X). */
void gdb_handle_packet(GdbStub *s, char *pkt, size_t len);
/* Remove every breakpoint and watchpoint gdb inserted (detach, disconnect). */
void gdb_remove_all_points(GdbStub *s);

/* ---- query.c ---- */

/* q, Q and qXfer packets; false if the packet is not one we know. */
bool gdb_handle_query(GdbStub *s, char *pkt, size_t len);

#endif
