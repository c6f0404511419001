/*
 * chardev.h: host-side character backends (serial sinks and sources).
 *
 * A Chardev is opened from a QEMU-style spec ("stdio", "file:F",
 * "tcp::PORT,server[,nowait]", "null") and handed to one frontend device.
 * Output is written synchronously.  Input arrives through the main loop,
 * which polls the backend's fd only while the frontend can take bytes.
 * With mux on (-nographic) stdin input goes through the Ctrl-A escape
 * filter: Ctrl-A x quits, Ctrl-A h prints help, Ctrl-A Ctrl-A sends Ctrl-A.
 */
#ifndef SOFTMMU_CHARDEV_H
#define SOFTMMU_CHARDEV_H

#include "common.h"

typedef struct Chardev Chardev;

typedef struct ChardevOps {
    const char *name;
    /* arg: the text after "name:" or "name" (may be empty) */
    bool (*open)(Chardev *chr, const char *arg, GError **errp);
    void (*write)(Chardev *chr, const uint8_t *buf, size_t len);
    /* called from the main loop when in_fd is readable */
    void (*read)(Chardev *chr);
    void (*close)(Chardev *chr);
} ChardevOps;

struct Chardev {
    const ChardevOps *ops;
    char *label;
    int in_fd;              /* polled for input, -1 if none */
    int out_fd;             /* -1: output dropped */
    int listen_fd;          /* socket backend */
    bool mux;
    bool escape_pending;
    /* frontend */
    size_t (*can_receive)(void *opaque);
    void (*receive)(void *opaque, const uint8_t *buf, size_t len);
    void *fe_opaque;
    void *state;            /* backend private */
};

Chardev *chardev_new(const char *spec, bool mux, GError **errp);
void chardev_free(Chardev *chr);
void chardev_set_frontend(Chardev *chr, size_t (*can_receive)(void *opaque),
                          void (*receive)(void *opaque, const uint8_t *buf, size_t len),
                          void *opaque);
void chardev_write(Chardev *chr, const uint8_t *buf, size_t len);
/* The frontend has room again: re-arm input polling. */
void chardev_accept_input(Chardev *chr);
/* Backend helpers. */
void chardev_deliver(Chardev *chr, const uint8_t *buf, size_t len);
size_t chardev_input_room(Chardev *chr);
void chardev_watch_input(Chardev *chr, int fd);
/* Restore the terminal (also installed with atexit by the stdio backend). */
void chardev_restore_tty(void);

extern const ChardevOps chardev_stdio_ops;
extern const ChardevOps chardev_file_ops;
extern const ChardevOps chardev_null_ops;
extern const ChardevOps chardev_socket_ops;

#endif
