/*
 * char-socket.c: "tcp:[HOST]:PORT,server[,nowait]": a listening TCP socket.
 *
 * One client at a time.  Without nowait, opening blocks until the first
 * client connects (QEMU's wait=on default), so no boot output is lost.
 * Output while no client is connected is dropped.
 */
#include "common.h"
#include "softmmu/chardev/chardev.h"
#include "softmmu/main-loop.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

static void chardev_socket_disconnect(Chardev *chr);

static void chardev_socket_accept(void *opaque)
{
    Chardev *chr = opaque;
    int fd = accept4(chr->listen_fd, NULL, NULL, SOCK_CLOEXEC);
    int one = 1;

    if (fd < 0) {
        return;
    }
    if (chr->in_fd >= 0) {
        close(fd);              /* busy: one client at a time */
        return;
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    chr->out_fd = fd;
    chardev_watch_input(chr, fd);
}

static void chardev_socket_read(Chardev *chr)
{
    uint8_t buf[256];
    size_t room = chardev_input_room(chr);
    ssize_t n;

    if (room == 0) {
        return;
    }
    n = recv(chr->in_fd, buf, room < sizeof(buf) ? room : sizeof(buf), MSG_DONTWAIT);
    if (n > 0) {
        chardev_deliver(chr, buf, n);
    } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
        chardev_socket_disconnect(chr);
    }
}

static void chardev_socket_disconnect(Chardev *chr)
{
    if (chr->in_fd >= 0) {
        main_loop_set_fd_handler(chr->in_fd, NULL, NULL, NULL);
        close(chr->in_fd);
    }
    chr->in_fd = chr->out_fd = -1;
}

static void chardev_socket_write(Chardev *chr, const uint8_t *buf, size_t len)
{
    while (len > 0 && chr->out_fd >= 0) {
        ssize_t n = send(chr->out_fd, buf, len, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN) {
                continue;
            }
            chardev_socket_disconnect(chr);
            return;
        }
        buf += n;
        len -= n;
    }
}

static bool chardev_socket_open(Chardev *chr, const char *arg, GError **errp)
{
    g_auto(GStrv) opts = g_strsplit(arg, ",", -1);
    struct sockaddr_in sa = { .sin_family = AF_INET };
    bool server = false, wait = true;
    const char *colon;
    char *end;
    long port;
    int one = 1;

    for (unsigned i = 1; opts[i]; i++) {
        if (!strcmp(opts[i], "server") || !strcmp(opts[i], "server=on")) {
            server = true;
        } else if (!strcmp(opts[i], "nowait") || !strcmp(opts[i], "wait=off")) {
            wait = false;
        } else if (!strcmp(opts[i], "wait=on")) {
            wait = true;
        } else {
            g_set_error(errp, CROSSEMU_ERROR, 0, "chardev tcp: unknown option '%s'", opts[i]);
            return false;
        }
    }
    colon = strrchr(opts[0], ':');
    if (!server || !colon) {
        g_set_error(errp, CROSSEMU_ERROR, 0,
                    "chardev tcp:%s: only tcp:[HOST]:PORT,server is supported", arg);
        return false;
    }
    port = strtol(colon + 1, &end, 10);
    if (*end || port <= 0 || port > 65535) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "chardev tcp: bad port '%s'", colon + 1);
        return false;
    }
    sa.sin_port = htons(port);
    if (colon == opts[0]) {
        sa.sin_addr.s_addr = htonl(INADDR_ANY);
    } else {
        g_autofree char *host = g_strndup(opts[0], colon - opts[0]);
        if (!strcmp(host, "localhost")) {
            sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        } else if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
            g_set_error(errp, CROSSEMU_ERROR, 0, "chardev tcp: bad address '%s'", host);
            return false;
        }
    }
    chr->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (chr->listen_fd < 0) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "socket: %s", g_strerror(errno));
        return false;
    }
    setsockopt(chr->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(chr->listen_fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
        listen(chr->listen_fd, 1) < 0) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "chardev tcp: port %ld: %s", port,
                    g_strerror(errno));
        close(chr->listen_fd);
        return false;
    }
    if (wait) {
        fprintf(stderr, "%s: waiting for connection on tcp:%s\n", crossemu_progname, arg);
        if (!main_loop_wait_readable(chr->listen_fd, errp)) {
            close(chr->listen_fd);
            return false;
        }
        chardev_socket_accept(chr);
    }
    main_loop_set_fd_handler(chr->listen_fd, chardev_socket_accept, NULL, chr);
    return true;
}

static void chardev_socket_close(Chardev *chr)
{
    chardev_socket_disconnect(chr);
    main_loop_set_fd_handler(chr->listen_fd, NULL, NULL, NULL);
    close(chr->listen_fd);
}

const ChardevOps chardev_socket_ops = {
    .name = "tcp",
    .open = chardev_socket_open,
    .write = chardev_socket_write,
    .read = chardev_socket_read,
    .close = chardev_socket_close,
};
