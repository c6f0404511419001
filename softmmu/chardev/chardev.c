/*
 * chardev.c: backend selection, input flow control and the Ctrl-A mux.
 */
#include "common.h"
#include "softmmu/chardev/chardev.h"
#include "softmmu/main-loop.h"

static const ChardevOps *const chardev_backends[] = {
    &chardev_stdio_ops,
    &chardev_file_ops,
    &chardev_null_ops,
    &chardev_socket_ops,
};

Chardev *chardev_new(const char *spec, bool mux, GError **errp)
{
    const char *arg = "";
    size_t n = strcspn(spec, ":");
    unsigned i;

    if (spec[n] == ':') {
        arg = spec + n + 1;
    }
    for (i = 0; i < ARRAY_SIZE(chardev_backends); i++) {
        const ChardevOps *ops = chardev_backends[i];
        if (strlen(ops->name) == n && !strncmp(ops->name, spec, n)) {
            Chardev *chr = g_new0(Chardev, 1);
            chr->ops = ops;
            chr->label = g_strdup(spec);
            chr->in_fd = chr->out_fd = chr->listen_fd = -1;
            chr->mux = mux;
            if (!ops->open(chr, arg, errp)) {
                g_free(chr->label);
                g_free(chr);
                return NULL;
            }
            return chr;
        }
    }
    g_set_error(errp, CROSSEMU_ERROR, 0,
                "chardev '%s': unknown backend (stdio, file:PATH, tcp::PORT,server, null)",
                spec);
    return NULL;
}

void chardev_free(Chardev *chr)
{
    if (!chr) {
        return;
    }
    if (chr->in_fd >= 0) {
        main_loop_set_fd_handler(chr->in_fd, NULL, NULL, NULL);
    }
    if (chr->ops->close) {
        chr->ops->close(chr);
    }
    g_free(chr->label);
    g_free(chr);
}

void chardev_set_frontend(Chardev *chr, size_t (*can_receive)(void *opaque),
                          void (*receive)(void *opaque, const uint8_t *buf, size_t len),
                          void *opaque)
{
    chr->can_receive = can_receive;
    chr->receive = receive;
    chr->fe_opaque = opaque;
    if (chr->in_fd >= 0) {
        chardev_watch_input(chr, chr->in_fd);
    }
}

void chardev_write(Chardev *chr, const uint8_t *buf, size_t len)
{
    chr->ops->write(chr, buf, len);
}

void chardev_accept_input(Chardev *chr)
{
    if (chr->in_fd >= 0) {
        main_loop_kick();
    }
}

size_t chardev_input_room(Chardev *chr)
{
    return chr->can_receive ? chr->can_receive(chr->fe_opaque) : 0;
}

static bool chardev_input_ready(void *opaque)
{
    return chardev_input_room(opaque) > 0;
}

static void chardev_input_handler(void *opaque)
{
    Chardev *chr = opaque;
    chr->ops->read(chr);
}

void chardev_watch_input(Chardev *chr, int fd)
{
    chr->in_fd = fd;
    if (chr->receive) {
        main_loop_set_fd_handler(fd, chardev_input_handler, chardev_input_ready, chr);
    }
}

static void chardev_mux_help(Chardev *chr)
{
    static const char help[] =
        "\r\nC-a h    print this help\r\n"
        "C-a x    exit emulator\r\n"
        "C-a C-a  sends C-a\r\n";
    chr->ops->write(chr, (const uint8_t *)help, sizeof(help) - 1);
}

/*
 * Input from the backend, through the escape filter when muxed.  The
 * backend never reads more than chardev_input_room() bytes, so the
 * frontend always has room for what it gets.
 */
void chardev_deliver(Chardev *chr, const uint8_t *buf, size_t len)
{
    uint8_t out[256];
    size_t i, n = 0;

    if (!chr->mux) {
        if (chr->receive) {
            chr->receive(chr->fe_opaque, buf, len);
        }
        return;
    }
    for (i = 0; i < len; i++) {
        uint8_t c = buf[i];
        if (chr->escape_pending) {
            chr->escape_pending = false;
            if (c == 'x') {
                fprintf(stderr, "%s: terminating on signal from C-a x\r\n",
                        crossemu_progname);
                main_loop_request_shutdown(0);
                continue;
            } else if (c == 'h' || c == '?') {
                chardev_mux_help(chr);
                continue;
            } else if (c != 0x01) {
                continue;
            }
        } else if (c == 0x01) {
            chr->escape_pending = true;
            continue;
        }
        out[n++] = c;
        if (n == sizeof(out)) {
            chr->receive(chr->fe_opaque, out, n);
            n = 0;
        }
    }
    if (n && chr->receive) {
        chr->receive(chr->fe_opaque, out, n);
    }
}
