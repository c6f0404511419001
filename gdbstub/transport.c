/*
 * transport.c: how gdb reaches the stub: a TCP port or a Unix socket.
 *
 * One connection at a time: the stub listens, accepts gdb, and stops
 * listening.  Writes never raise SIGPIPE (MSG_NOSIGNAL): a gdb that went away
 * is an ordinary disconnect, not the death of the emulator.
 */
#include "common.h"
#include "internal.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

void gdb_transport_init(GdbTransport *t)
{
    t->listen_fd = -1;
    t->fd = -1;
    t->unix_path = NULL;
}

static bool listen_unix(GdbTransport *t, const char *path, GError **errp)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    int fd;

    if (!*path || strlen(path) >= sizeof(sa.sun_path)) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "-g unix:%s: bad socket path", path);
        return false;
    }
    strcpy(sa.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "-g unix:%s: socket: %s", path, g_strerror(errno));
        return false;
    }
    /* A stale socket file from an earlier run would make bind fail. */
    unlink(path);
    if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 1) < 0) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "-g unix:%s: %s", path, g_strerror(errno));
        close(fd);
        return false;
    }
    t->listen_fd = fd;
    t->unix_path = g_strdup(path);
    return true;
}

static bool listen_tcp(GdbTransport *t, const char *spec, GError **errp)
{
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                              .ai_flags = AI_PASSIVE };
    struct addrinfo *res, *ai;
    const char *colon = strrchr(spec, ':');
    char *host = NULL;
    const char *port = spec;
    char *end;
    unsigned long n;
    int rc, fd = -1, one = 1, saved = 0;

    if (colon) {
        host = g_strndup(spec, (gsize)(colon - spec));
        port = colon + 1;
    }
    n = strtoul(port, &end, 10);
    if (!*port || *end || n > 65535) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "-g %s: expected PORT, HOST:PORT or unix:PATH", spec);
        g_free(host);
        return false;
    }
    if (!host) {
        /* Every interface, as QEMU does (gdb often runs on another machine). */
        hints.ai_family = AF_INET;
    }
    rc = getaddrinfo(host && *host ? host : NULL, port, &hints, &res);
    g_free(host);
    if (rc != 0) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "-g %s: %s", spec, gai_strerror(rc));
        return false;
    }
    for (ai = res; ai; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) {
            saved = errno;
            continue;
        }
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 1) == 0) {
            break;
        }
        saved = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "-g %s: %s", spec, g_strerror(saved));
        return false;
    }
    t->listen_fd = fd;
    return true;
}

bool gdb_transport_listen(GdbTransport *t, const char *spec, GError **errp)
{
    if (g_str_has_prefix(spec, "unix:")) {
        return listen_unix(t, spec + strlen("unix:"), errp);
    }
    return listen_tcp(t, spec, errp);
}

bool gdb_transport_accept(GdbTransport *t, GError **errp)
{
    int fd, one = 1;

    do {
        fd = accept4(t->listen_fd, NULL, NULL, SOCK_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "gdb connection: accept: %s", g_strerror(errno));
        return false;
    }
    /* Packets are small and latency-bound: no Nagle delay (fails harmlessly on Unix sockets). */
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    close(t->listen_fd);
    t->listen_fd = -1;
    if (t->unix_path) {
        unlink(t->unix_path);
    }
    t->fd = fd;
    return true;
}

size_t gdb_transport_read(GdbTransport *t, uint8_t *buf, size_t len)
{
    ssize_t n;

    if (t->fd < 0) {
        return 0;
    }
    do {
        n = recv(t->fd, buf, len, 0);
    } while (n < 0 && errno == EINTR);
    return n > 0 ? (size_t)n : 0;
}

bool gdb_transport_write(GdbTransport *t, const void *buf, size_t len)
{
    const uint8_t *p = buf;

    while (len && t->fd >= 0) {
        ssize_t n = send(t->fd, p, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        p += n;
        len -= (size_t)n;
    }
    return t->fd >= 0;
}

void gdb_transport_close(GdbTransport *t)
{
    if (t->fd >= 0) {
        close(t->fd);
        t->fd = -1;
    }
    if (t->listen_fd >= 0) {
        close(t->listen_fd);
        t->listen_fd = -1;
    }
    if (t->unix_path) {
        unlink(t->unix_path);
        g_free(t->unix_path);
        t->unix_path = NULL;
    }
}
