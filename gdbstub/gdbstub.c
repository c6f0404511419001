/*
 * gdbstub.c: the session: serving gdb while the target is stopped, stop and
 * exit replies, thread ids, and the Ctrl-C watcher.
 *
 * Invariants:
 *  - Only the thread inside gdb_stub_stopped() (or exited/terminated) reads
 *    from or writes to the connection.  The watcher thread only poll()s it,
 *    and only while the target runs; gdb_stub_stopped() parks it first, so
 *    the bytes of a packet are never split between two readers.
 *  - s->running is true exactly when gdb has resumed us and waits for a stop
 *    reply; a stop is reported only then (the initial stop is asked with '?').
 */
#include "common.h"
#include "internal.h"
#include "debug.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

/* ---- sending ---- */

static void send_raw(GdbStub *s, const char *data, size_t len)
{
    if (s->connected && !gdb_transport_write(&s->tr, data, len)) {
        /* gdb went away: the next read sees the end of file. */
        s->connected = false;
    }
}

void gdb_reply_bin(GdbStub *s, const uint8_t *payload, size_t len)
{
    g_string_truncate(s->out, 0);
    gdb_packet_frame(s->out, payload, len);
    g_string_assign(s->last_sent, s->out->str);
    send_raw(s, s->out->str, s->out->len);
}

void gdb_reply(GdbStub *s, const char *payload)
{
    gdb_reply_bin(s, (const uint8_t *)payload, strlen(payload));
}

void gdb_reply_error(GdbStub *s, int err)
{
    char buf[8];

    snprintf(buf, sizeof(buf), "E%02x", err & 0xff);
    gdb_reply(s, buf);
}

/* ---- threads ---- */

static int64_t cpu_tid(GdbStub *s, CPUCommon *cpu)
{
    return s->target->thread_id(cpu);
}

void gdb_append_thread_id(GdbStub *s, GString *out, CPUCommon *cpu)
{
    if (s->multiprocess) {
        g_string_append_printf(out, "p%" PRIx64 ".%" PRIx64, s->target->process_id(),
                               cpu_tid(s, cpu));
    } else {
        g_string_append_printf(out, "%" PRIx64, cpu_tid(s, cpu));
    }
}

static bool parse_id_part(const char **p, int64_t *v)
{
    uint64_t u;

    if (**p == '-' && (*p)[1] == '1') {
        *p += 2;
        *v = -1;
        return true;
    }
    if (!gdb_parse_hex(p, &u) || u > INT64_MAX) {
        return false;
    }
    *v = (int64_t)u;
    return true;
}

bool gdb_parse_thread_id(GdbStub *s, const char **p, int64_t *tid)
{
    int64_t pid;

    if (**p == 'p') {
        (*p)++;
        if (!parse_id_part(p, &pid)) {
            return false;
        }
        if (**p != '.') {
            *tid = -1;      /* "pPID": every thread of the process */
            return true;
        }
        (*p)++;
    }
    return parse_id_part(p, tid);
}

CPUCommon *gdb_find_cpu(GdbStub *s, int64_t tid)
{
    GPtrArray *cpus;
    CPUCommon *found = NULL;

    if (tid <= 0) {
        return s->stop_cpu;
    }
    cpus = s->target->list_cpus();
    for (guint i = 0; i < cpus->len; i++) {
        CPUCommon *c = g_ptr_array_index(cpus, i);
        if (cpu_tid(s, c) == tid) {
            found = c;
            break;
        }
    }
    g_ptr_array_free(cpus, true);
    return found;
}

/* ---- stop replies ---- */

void gdb_send_stop_reply(GdbStub *s)
{
    const GdbStop *st = &s->last_stop;
    GString *r = g_string_new(NULL);

    g_string_append_printf(r, "T%02x", gdb_signal_from_host(st->sig));
    if (s->stop_cpu) {
        g_string_append(r, "thread:");
        gdb_append_thread_id(s, r, s->stop_cpu);
        g_string_append_c(r, ';');
    }
    if (st->kind == GDB_STOP_WATCH) {
        /* Name the kind of watchpoint gdb inserted, so it matches its own. */
        const char *kind = st->watch_flags == BP_MEM_READ ? "rwatch" : "watch";
        for (guint i = 0; i < s->watches->len; i++) {
            GdbWatch *w = &g_array_index(s->watches, GdbWatch, i);
            if (w->addr == st->watch_addr) {
                kind = w->flags == BP_MEM_ACCESS ? "awatch" :
                       w->flags == BP_MEM_READ ? "rwatch" : "watch";
                break;
            }
        }
        g_string_append_printf(r, "%s:%" PRIx64 ";", kind, st->watch_addr);
    } else if (st->sig == SIGTRAP && s->stop_cpu && s->stop_cpu->ops->get_pc &&
               debug_breakpoint_lookup(s->stop_cpu->ops->get_pc(s->stop_cpu))) {
        g_string_append(r, "swbreak:;");
    }
    gdb_reply(s, r->str);
    g_string_free(r, true);
}

/* ---- the Ctrl-C watcher ---- */

enum { W_PARKED, W_WATCHING, W_PARK_REQUEST, W_QUIT };

struct GdbWatcher {
    GThread *thread;
    GMutex lock;
    GCond cond;
    int state;
    int wake[2];                /* a pipe: the CPU thread wakes the poll() */
    volatile bool interrupt;    /* gdb sent something while we ran */
};

static gpointer watcher_main(gpointer opaque)
{
    GdbStub *s = opaque;
    GdbWatcher *w = s->watcher;

    g_mutex_lock(&w->lock);
    for (;;) {
        while (w->state == W_PARKED) {
            g_cond_wait(&w->cond, &w->lock);
        }
        if (w->state == W_QUIT) {
            break;
        }
        if (w->state == W_PARK_REQUEST) {
            w->state = W_PARKED;
            g_cond_broadcast(&w->cond);
            continue;
        }
        g_mutex_unlock(&w->lock);

        struct pollfd pfd[2] = {
            { .fd = s->tr.fd, .events = POLLIN },
            { .fd = w->wake[0], .events = POLLIN },
        };
        int n = poll(pfd, 2, -1);

        g_mutex_lock(&w->lock);
        if (n > 0 && (pfd[1].revents & POLLIN)) {
            char junk[16];
            while (read(w->wake[0], junk, sizeof(junk)) == (ssize_t)sizeof(junk)) {
            }
        }
        if (n > 0 && pfd[0].revents && w->state == W_WATCHING) {
            /*
             * A Ctrl-C (or a hang-up): stop the target.  The byte stays unread;
             * the stop's serving loop consumes it.  Stop watching until then,
             * or poll() would report the same byte forever.
             */
            w->interrupt = true;
            if (s->target->interrupt) {
                s->target->interrupt();
            }
            w->state = W_PARKED;
            g_cond_broadcast(&w->cond);
        }
    }
    g_mutex_unlock(&w->lock);
    return NULL;
}

static void watcher_start(GdbStub *s)
{
    GdbWatcher *w = g_new0(GdbWatcher, 1);

    g_mutex_init(&w->lock);
    g_cond_init(&w->cond);
    w->state = W_PARKED;
    if (pipe2(w->wake, O_CLOEXEC | O_NONBLOCK) < 0) {
        /* Without the pipe Ctrl-C cannot work; debugging still does. */
        g_free(w);
        return;
    }
    s->watcher = w;
    w->thread = g_thread_new("gdb-watch", watcher_main, s);
}

void gdb_stub_watch(GdbStub *s, bool on)
{
    GdbWatcher *w = s->watcher;

    if (!w) {
        return;
    }
    g_mutex_lock(&w->lock);
    if (on) {
        if (s->connected && w->state == W_PARKED) {
            w->state = W_WATCHING;
            g_cond_broadcast(&w->cond);
        }
    } else if (w->state == W_WATCHING) {
        w->state = W_PARK_REQUEST;
        if (write(w->wake[1], "x", 1) < 0) {
            /* The pipe is full: a wake-up is already pending. */
        }
        while (w->state != W_PARKED) {
            g_cond_wait(&w->cond, &w->lock);
        }
    }
    g_mutex_unlock(&w->lock);
}

bool gdb_stub_take_interrupt(GdbStub *s)
{
    bool r;

    if (!s->watcher) {
        return false;
    }
    g_mutex_lock(&s->watcher->lock);
    r = s->watcher->interrupt;
    s->watcher->interrupt = false;
    g_mutex_unlock(&s->watcher->lock);
    return r;
}

/* ---- set-up ---- */

GdbStub *gdb_stub_new(const GdbTarget *target)
{
    GdbStub *s = g_new0(GdbStub, 1);

    s->target = target;
    gdb_transport_init(&s->tr);
    gdb_rx_init(&s->rx);
    s->out = g_string_new(NULL);
    s->last_sent = g_string_new(NULL);
    s->actions = g_array_new(false, false, sizeof(GdbAction));
    s->watches = g_array_new(false, false, sizeof(GdbWatch));
    return s;
}

static void disconnect(GdbStub *s)
{
    gdb_stub_watch(s, false);
    gdb_transport_close(&s->tr);
    s->connected = false;
    s->running = false;
}

void gdb_stub_free(GdbStub *s)
{
    if (!s) {
        return;
    }
    disconnect(s);
    if (s->watcher) {
        g_mutex_lock(&s->watcher->lock);
        s->watcher->state = W_QUIT;
        g_cond_broadcast(&s->watcher->cond);
        if (write(s->watcher->wake[1], "x", 1) < 0) {
            /* already awake */
        }
        g_mutex_unlock(&s->watcher->lock);
        g_thread_join(s->watcher->thread);
        close(s->watcher->wake[0]);
        close(s->watcher->wake[1]);
        g_mutex_clear(&s->watcher->lock);
        g_cond_clear(&s->watcher->cond);
        g_free(s->watcher);
    }
    g_string_free(s->out, true);
    g_string_free(s->last_sent, true);
    g_array_free(s->actions, true);
    g_array_free(s->watches, true);
    if (s->thread_iter) {
        g_ptr_array_free(s->thread_iter, true);
    }
    g_free(s);
}

bool gdb_stub_listen(GdbStub *s, const char *spec, GError **errp)
{
    return gdb_transport_listen(&s->tr, spec, errp);
}

static void connection_ready(GdbStub *s)
{
    s->connected = true;
    s->no_ack = false;
    s->multiprocess = false;
    s->running = false;
    s->in_pos = s->in_len = 0;
    gdb_rx_init(&s->rx);
    if (!s->watcher) {
        watcher_start(s);
    }
}

bool gdb_stub_accept(GdbStub *s, GError **errp)
{
    if (!gdb_transport_accept(&s->tr, errp)) {
        return false;
    }
    connection_ready(s);
    return true;
}

void gdb_stub_set_fd(GdbStub *s, int fd)
{
    s->tr.fd = fd;
    connection_ready(s);
}

void gdb_stub_abandon(GdbStub *s)
{
    /* Only the calling thread survives fork: the watcher and its lock are not ours. */
    s->watcher = NULL;
    if (s->tr.fd >= 0) {
        close(s->tr.fd);
        s->tr.fd = -1;
    }
    if (s->tr.listen_fd >= 0) {
        close(s->tr.listen_fd);
        s->tr.listen_fd = -1;
    }
    g_free(s->tr.unix_path);     /* the parent's socket file: not ours to remove */
    s->tr.unix_path = NULL;
    s->connected = false;
    s->running = false;
    gdb_remove_all_points(s);
}

bool gdb_stub_connected(const GdbStub *s)
{
    return s->connected;
}

/* ---- serving ---- */

/* Read and handle packets until a command ends serving or the connection ends. */
static void serve(GdbStub *s)
{
    unsigned naks = 0;

    s->done = false;
    while (!s->done) {
        size_t used;
        GdbRxEvent ev;

        if (s->in_pos == s->in_len) {
            s->in_len = s->connected ? gdb_transport_read(&s->tr, s->inbuf, sizeof(s->inbuf)) : 0;
            s->in_pos = 0;
            if (s->in_len == 0) {
                s->result = GDB_SERVE_DISCONNECTED;
                return;
            }
        }
        ev = gdb_rx_feed(&s->rx, s->inbuf + s->in_pos, s->in_len - s->in_pos, &used);
        s->in_pos += used;
        switch (ev) {
        case GDB_RX_PACKET:
            if (!s->no_ack) {
                send_raw(s, "+", 1);
            }
            naks = 0;
            if (s->rx.overlong || s->rx.bad_escape) {
                /* Intact but unusable: say so and go on (a nak would only bring it back). */
                gdb_reply_error(s, s->rx.overlong ? 0x07 /* E2BIG */ : 0x16 /* EINVAL */);
            } else {
                gdb_handle_packet(s, (char *)s->rx.buf, s->rx.len);
            }
            break;
        case GDB_RX_BAD_CSUM:
            if (!s->no_ack) {
                send_raw(s, "-", 1);
            }
            break;
        case GDB_RX_NAK:
            /* Resend our last packet, a bounded number of times. */
            if (!s->no_ack && s->last_sent->len && naks++ < 8) {
                send_raw(s, s->last_sent->str, s->last_sent->len);
            }
            break;
        case GDB_RX_INTERRUPT:  /* already stopped */
        case GDB_RX_ACK:
        case GDB_RX_NONE:
            break;
        }
    }
}

GdbServeResult gdb_stub_stopped(GdbStub *s, CPUCommon *cpu, const GdbStop *stop)
{
    if (!s->connected) {
        return GDB_SERVE_DISCONNECTED;
    }
    gdb_stub_watch(s, false);
    gdb_stub_take_interrupt(s);     /* this stop answers any Ctrl-C */
    s->stop_cpu = cpu;
    s->g_cpu = s->c_cpu = cpu;
    s->last_stop = *stop;
    g_array_set_size(s->actions, 0);
    if (s->running) {
        s->running = false;
        gdb_send_stop_reply(s);
    }
    serve(s);
    switch (s->result) {
    case GDB_SERVE_RESUME:
        s->running = true;
        gdb_stub_watch(s, true);
        break;
    case GDB_SERVE_DETACHED:
    case GDB_SERVE_DISCONNECTED:
        /* The program runs on alone: nothing of gdb's may stop it again. */
        gdb_remove_all_points(s);
        disconnect(s);
        break;
    case GDB_SERVE_KILLED:
        disconnect(s);
        break;
    }
    return s->result;
}

bool gdb_stub_resume_action(GdbStub *s, CPUCommon *cpu, bool *step, int *sig)
{
    int64_t tid = s->target->thread_id(cpu);
    const GdbAction *def = NULL;

    for (guint i = 0; i < s->actions->len; i++) {
        const GdbAction *a = &g_array_index(s->actions, GdbAction, i);
        if (a->tid == tid) {
            *step = a->step;
            *sig = a->sig;
            return true;
        }
        if (a->tid == -1 && !def) {
            def = a;
        }
    }
    if (!def) {
        return false;
    }
    *step = def->step;
    *sig = def->sig;
    return true;
}

void gdb_stub_exited(GdbStub *s, int status)
{
    GString *r;

    if (!s->connected) {
        return;
    }
    gdb_stub_watch(s, false);
    r = g_string_new(NULL);
    g_string_append_printf(r, "W%02x", status & 0xff);
    if (s->multiprocess) {
        g_string_append_printf(r, ";process:%" PRIx64, s->target->process_id());
    }
    gdb_reply(s, r->str);
    g_string_free(r, true);
    disconnect(s);
}

void gdb_stub_terminated(GdbStub *s, int sig)
{
    GString *r;

    if (!s->connected) {
        return;
    }
    gdb_stub_watch(s, false);
    r = g_string_new(NULL);
    g_string_append_printf(r, "X%02x", gdb_signal_from_host(sig));
    if (s->multiprocess) {
        g_string_append_printf(r, ";process:%" PRIx64, s->target->process_id());
    }
    gdb_reply(s, r->str);
    g_string_free(r, true);
    disconnect(s);
}
