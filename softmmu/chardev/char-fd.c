/*
 * char-fd.c: the stdio, file and null character backends.
 */
#include "common.h"
#include "softmmu/chardev/chardev.h"
#include "softmmu/main-loop.h"
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

static struct termios stdio_saved_tty;
static bool stdio_tty_raw;

void chardev_restore_tty(void)
{
    if (stdio_tty_raw) {
        tcsetattr(0, TCSANOW, &stdio_saved_tty);
        stdio_tty_raw = false;
    }
}

/* Write everything, retrying short writes; output errors drop the data. */
static void chardev_write_all(int fd, const uint8_t *buf, size_t len)
{
    while (len > 0 && fd >= 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN) {
                continue;
            }
            return;
        }
        buf += n;
        len -= n;
    }
}

static void chardev_fd_write(Chardev *chr, const uint8_t *buf, size_t len)
{
    chardev_write_all(chr->out_fd, buf, len);
}

static void chardev_fd_read(Chardev *chr)
{
    uint8_t buf[256];
    size_t room = chardev_input_room(chr);
    ssize_t n;

    if (room == 0) {
        return;
    }
    n = read(chr->in_fd, buf, room < sizeof(buf) ? room : sizeof(buf));
    if (n > 0) {
        chardev_deliver(chr, buf, n);
    } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
        /* EOF: stop polling, the guest simply sees no more input */
        main_loop_set_fd_handler(chr->in_fd, NULL, NULL, NULL);
        chr->in_fd = -1;
    }
}

static bool chardev_stdio_open(Chardev *chr, const char *arg, GError **errp)
{
    chr->out_fd = 1;
    chr->in_fd = 0;
    if (isatty(0) && tcgetattr(0, &stdio_saved_tty) == 0) {
        struct termios t = stdio_saved_tty;
        /*
         * Raw input so that the guest sees every key, output post-processing
         * left alone; with mux off (no -nographic) keep ISIG so Ctrl-C
         * still stops crossemu, like QEMU's "signal=on" default.
         */
        t.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
        t.c_lflag &= ~(ECHO | ECHONL | ICANON | IEXTEN);
        if (chr->mux) {
            t.c_lflag &= ~ISIG;
        }
        t.c_cc[VMIN] = 1;
        t.c_cc[VTIME] = 0;
        tcsetattr(0, TCSANOW, &t);
        stdio_tty_raw = true;
        atexit(chardev_restore_tty);
    }
    return true;
}

static void chardev_stdio_close(Chardev *chr)
{
    chardev_restore_tty();
}

const ChardevOps chardev_stdio_ops = {
    .name = "stdio",
    .open = chardev_stdio_open,
    .write = chardev_fd_write,
    .read = chardev_fd_read,
    .close = chardev_stdio_close,
};

static bool chardev_file_open(Chardev *chr, const char *arg, GError **errp)
{
    if (!*arg) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "chardev file: missing path (file:PATH)");
        return false;
    }
    chr->out_fd = open(arg, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (chr->out_fd < 0) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "chardev file: %s: %s", arg,
                    g_strerror(errno));
        return false;
    }
    return true;
}

static void chardev_file_close(Chardev *chr)
{
    close(chr->out_fd);
}

const ChardevOps chardev_file_ops = {
    .name = "file",
    .open = chardev_file_open,
    .write = chardev_fd_write,
    .read = chardev_fd_read,
    .close = chardev_file_close,
};

static bool chardev_null_open(Chardev *chr, const char *arg, GError **errp)
{
    return true;
}

const ChardevOps chardev_null_ops = {
    .name = "null",
    .open = chardev_null_open,
    .write = chardev_fd_write,
    .read = chardev_fd_read,
};
