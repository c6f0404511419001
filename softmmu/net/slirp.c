/*
 * slirp.c: -netdev user: user-mode networking through libslirp.
 *
 * The guest network is 10.0.2.0/24 (gateway 10.0.2.2, DNS 10.0.2.3, DHCP
 * from 10.0.2.15), QEMU's defaults, so guest configurations carry over.
 * libslirp's sockets and timers are driven from the main loop through a
 * poll hook; frames for the guest wait in a short queue while the NIC has
 * no receive buffer (TCP retransmits if it overflows).
 */
#include "common.h"
#include "softmmu/net/net.h"
#include "softmmu/main-loop.h"
#include <arpa/inet.h>
#include <poll.h>
#include <time.h>
#include <slirp/libslirp.h>

#define SLIRP_QUEUE_MAX 256

typedef struct NetSlirpTimer {
    SlirpTimerId id;
    void *cb_opaque;
    int64_t expire_ms;          /* -1: not armed */
} NetSlirpTimer;

typedef struct NetSlirp {
    NetBackend *nb;
    Slirp *slirp;
    GPtrArray *timers;
    GQueue queue;               /* GBytes frames for the guest */
    GArray *pollfds;            /* during fill/done */
    MainLoopPollHook hook;
} NetSlirp;

static int64_t net_slirp_clock_ns(void *opaque)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

static void net_slirp_flush(NetSlirp *s)
{
    while (!g_queue_is_empty(&s->queue) && net_frontend_can_receive(s->nb)) {
        GBytes *b = g_queue_pop_head(&s->queue);
        gsize len;
        const uint8_t *p = g_bytes_get_data(b, &len);
        net_deliver(s->nb, p, len);
        g_bytes_unref(b);
    }
}

static ssize_t net_slirp_send_packet(const void *buf, size_t len, void *opaque)
{
    NetSlirp *s = opaque;

    if (g_queue_is_empty(&s->queue) && net_frontend_can_receive(s->nb)) {
        net_deliver(s->nb, buf, len);
    } else if (g_queue_get_length(&s->queue) < SLIRP_QUEUE_MAX) {
        g_queue_push_tail(&s->queue, g_bytes_new(buf, len));
    }
    return len;
}

static void net_slirp_guest_error(const char *msg, void *opaque)
{
    fprintf(stderr, "%s: slirp: %s\n", crossemu_progname, msg);
}

static void *net_slirp_timer_new_opaque(SlirpTimerId id, void *cb_opaque, void *opaque)
{
    NetSlirp *s = opaque;
    NetSlirpTimer *t = g_new0(NetSlirpTimer, 1);

    t->id = id;
    t->cb_opaque = cb_opaque;
    t->expire_ms = -1;
    g_ptr_array_add(s->timers, t);
    return t;
}

static void net_slirp_timer_free(void *timer, void *opaque)
{
    NetSlirp *s = opaque;
    g_ptr_array_remove(s->timers, timer);
    g_free(timer);
}

static void net_slirp_timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
    ((NetSlirpTimer *)timer)->expire_ms = expire_ms;
    main_loop_kick();
}

static void net_slirp_register_fd(int fd, void *opaque) { }
static void net_slirp_unregister_fd(int fd, void *opaque) { }

static void net_slirp_notify(void *opaque)
{
    main_loop_kick();
}

static const SlirpCb net_slirp_cb = {
    .send_packet = net_slirp_send_packet,
    .guest_error = net_slirp_guest_error,
    .clock_get_ns = net_slirp_clock_ns,
    .timer_free = net_slirp_timer_free,
    .timer_mod = net_slirp_timer_mod,
    .register_poll_fd = net_slirp_register_fd,
    .unregister_poll_fd = net_slirp_unregister_fd,
    .notify = net_slirp_notify,
    .timer_new_opaque = net_slirp_timer_new_opaque,
};

static int net_slirp_add_poll(int fd, int events, void *opaque)
{
    NetSlirp *s = opaque;
    struct pollfd p = { .fd = fd };

    p.events = ((events & SLIRP_POLL_IN) ? POLLIN : 0) |
               ((events & SLIRP_POLL_OUT) ? POLLOUT : 0) |
               ((events & SLIRP_POLL_PRI) ? POLLPRI : 0);
    g_array_append_val(s->pollfds, p);
    return s->pollfds->len - 1;
}

static int net_slirp_get_revents(int idx, void *opaque)
{
    NetSlirp *s = opaque;
    short r = g_array_index(s->pollfds, struct pollfd, idx).revents;

    return ((r & POLLIN) ? SLIRP_POLL_IN : 0) | ((r & POLLOUT) ? SLIRP_POLL_OUT : 0) |
           ((r & POLLPRI) ? SLIRP_POLL_PRI : 0) | ((r & POLLERR) ? SLIRP_POLL_ERR : 0) |
           ((r & POLLHUP) ? SLIRP_POLL_HUP : 0);
}

static void net_slirp_fill(void *opaque, GArray *pollfds, int *timeout_ms)
{
    NetSlirp *s = opaque;
    uint32_t t = *timeout_ms < 0 ? UINT32_MAX : (uint32_t)*timeout_ms;
    int64_t now = net_slirp_clock_ns(NULL) / 1000000;

    s->pollfds = pollfds;
    slirp_pollfds_fill(s->slirp, &t, net_slirp_add_poll, s);
    for (guint i = 0; i < s->timers->len; i++) {
        NetSlirpTimer *tm = g_ptr_array_index(s->timers, i);
        if (tm->expire_ms >= 0) {
            int64_t d = tm->expire_ms > now ? tm->expire_ms - now : 0;
            if ((uint64_t)d < t) {
                t = d;
            }
        }
    }
    *timeout_ms = t == UINT32_MAX ? -1 : (int)t;
}

static void net_slirp_done(void *opaque, GArray *pollfds, int first)
{
    NetSlirp *s = opaque;
    int64_t now = net_slirp_clock_ns(NULL) / 1000000;

    s->pollfds = pollfds;
    slirp_pollfds_poll(s->slirp, 0, net_slirp_get_revents, s);
    for (guint i = 0; i < s->timers->len; i++) {
        NetSlirpTimer *tm = g_ptr_array_index(s->timers, i);
        if (tm->expire_ms >= 0 && tm->expire_ms <= now) {
            tm->expire_ms = -1;
            slirp_handle_timer(s->slirp, tm->id, tm->cb_opaque);
        }
    }
    net_slirp_flush(s);
}

/* "tcp:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT" (tcp: may be omitted) */
static bool net_slirp_hostfwd(NetSlirp *s, const char *spec, GError **errp)
{
    g_autofree char *str = g_strdup(spec);
    char *p = str, *dash, *hcolon, *gcolon, *end;
    struct in_addr haddr = { htonl(INADDR_ANY) }, gaddr;
    bool udp = false;
    long hport, gport;

    inet_pton(AF_INET, "10.0.2.15", &gaddr);
    if (g_str_has_prefix(p, "tcp:")) {
        p += 4;
    } else if (g_str_has_prefix(p, "udp:")) {
        p += 4;
        udp = true;
    }
    dash = strchr(p, '-');
    if (!dash) {
        goto bad;
    }
    *dash = 0;
    hcolon = strrchr(p, ':');
    gcolon = strrchr(dash + 1, ':');
    if (!hcolon || !gcolon) {
        goto bad;
    }
    *hcolon = 0;
    *gcolon = 0;
    if ((*p && inet_pton(AF_INET, p, &haddr) != 1) ||
        (dash[1] && inet_pton(AF_INET, dash + 1, &gaddr) != 1)) {
        goto bad;
    }
    hport = strtol(hcolon + 1, &end, 10);
    if (*end || hport < 0 || hport > 65535) {
        goto bad;
    }
    gport = strtol(gcolon + 1, &end, 10);
    if (*end || gport <= 0 || gport > 65535) {
        goto bad;
    }
    if (slirp_add_hostfwd(s->slirp, udp, haddr, hport, gaddr, gport) < 0) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "-netdev user,hostfwd=%s: could not set up "
                    "host forwarding (port in use?)", spec);
        return false;
    }
    return true;
bad:
    g_set_error(errp, CROSSEMU_ERROR, 0, "-netdev user,hostfwd=%s: bad forwarding rule "
                "(tcp:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT)", spec);
    return false;
}

static bool net_slirp_open(NetBackend *nb, const NetdevOptions *o, GError **errp)
{
    NetSlirp *s = g_new0(NetSlirp, 1);
    SlirpConfig cfg = { .version = 4, .in_enabled = true };

    inet_pton(AF_INET, "10.0.2.0", &cfg.vnetwork);
    inet_pton(AF_INET, "255.255.255.0", &cfg.vnetmask);
    inet_pton(AF_INET, "10.0.2.2", &cfg.vhost);
    inet_pton(AF_INET, "10.0.2.15", &cfg.vdhcp_start);
    inet_pton(AF_INET, "10.0.2.3", &cfg.vnameserver);
    cfg.vhostname = "crossemu";

    s->nb = nb;
    s->timers = g_ptr_array_new();
    g_queue_init(&s->queue);
    nb->state = s;
    s->slirp = slirp_new(&cfg, &net_slirp_cb, s);
    if (!s->slirp) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "-netdev user: libslirp initialisation failed");
        g_ptr_array_free(s->timers, TRUE);
        g_free(s);
        return false;
    }
    for (guint i = 0; i < o->hostfwd->len; i++) {
        if (!net_slirp_hostfwd(s, g_ptr_array_index(o->hostfwd, i), errp)) {
            slirp_cleanup(s->slirp);
            g_ptr_array_free(s->timers, TRUE);
            g_free(s);
            return false;
        }
    }
    s->hook = (MainLoopPollHook){ net_slirp_fill, net_slirp_done, s };
    main_loop_add_poll_hook(&s->hook);
    return true;
}

static void net_slirp_send(NetBackend *nb, const struct iovec *iov, unsigned n)
{
    NetSlirp *s = nb->state;
    uint8_t buf[65536];
    size_t len = 0;

    for (unsigned i = 0; i < n && len < sizeof(buf); i++) {
        size_t c = MIN(iov[i].iov_len, sizeof(buf) - len);
        memcpy(buf + len, iov[i].iov_base, c);
        len += c;
    }
    slirp_input(s->slirp, buf, len);
}

static void net_slirp_resume(NetBackend *nb)
{
    net_slirp_flush(nb->state);
}

static void net_slirp_close(NetBackend *nb)
{
    NetSlirp *s = nb->state;
    GBytes *b;

    slirp_cleanup(s->slirp);
    while ((b = g_queue_pop_head(&s->queue))) {
        g_bytes_unref(b);
    }
    g_ptr_array_free(s->timers, TRUE);
    g_free(s);
}

const NetBackendOps net_slirp_ops = {
    .type = "user",
    .open = net_slirp_open,
    .send = net_slirp_send,
    .resume = net_slirp_resume,
    .close = net_slirp_close,
};
