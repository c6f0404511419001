/*
 * virtio-console.c: virtio console (virtio 1.2, "Console Device"), a single
 * port without MULTIPORT: queue 0 carries input to the guest, queue 1
 * output, both to one chardev.
 */
#include "common.h"
#include "softmmu/hw/virtio-devices.h"

#define VIRTIO_CONSOLE_RXQ 0
#define VIRTIO_CONSOLE_TXQ 1

struct VirtioConsole {
    VirtioDevice vdev;
    Chardev *chr;
    VirtioReq rx;           /* a guest buffer held for the next input */
    bool rx_held;
};

static size_t virtio_console_can_receive(void *opaque)
{
    VirtioConsole *s = opaque;

    if (!s->rx_held) {
        s->rx_held = virtq_pop(&s->vdev, VIRTIO_CONSOLE_RXQ, &s->rx);
    }
    return s->rx_held ? s->rx.in_len : 0;
}

static void virtio_console_receive(void *opaque, const uint8_t *buf, size_t len)
{
    VirtioConsole *s = opaque;

    if (!s->rx_held) {
        return;
    }
    len = iov_from_buf(s->rx.in, s->rx.nr_in, 0, buf, len);
    virtq_push(&s->vdev, VIRTIO_CONSOLE_RXQ, &s->rx, len);
    s->rx_held = false;
}

static void virtio_console_notify(VirtioDevice *vdev, unsigned q)
{
    VirtioConsole *s = vdev->opaque;
    VirtioReq *req;

    if (q == VIRTIO_CONSOLE_RXQ) {
        chardev_accept_input(s->chr);
        return;
    }
    req = g_new(VirtioReq, 1);
    while (virtq_pop(vdev, VIRTIO_CONSOLE_TXQ, req)) {
        for (unsigned i = 0; i < req->nr_out; i++) {
            chardev_write(s->chr, req->out[i].iov_base, req->out[i].iov_len);
        }
        virtq_push(vdev, VIRTIO_CONSOLE_TXQ, req, 0);
    }
    g_free(req);
}

static void virtio_console_reset(VirtioDevice *vdev)
{
    VirtioConsole *s = vdev->opaque;
    s->rx_held = false;
}

static const VirtioDeviceOps virtio_console_ops = {
    .name = "virtio-console",
    .device_id = VIRTIO_ID_CONSOLE,
    .nr_queues = 2,
    .queue_max = 64,
    .queue_notify = virtio_console_notify,
    .reset = virtio_console_reset,
};

VirtioConsole *virtio_console_new(Chardev *chr, const AddressSpace *as, IrqLine irq)
{
    VirtioConsole *s = g_new0(VirtioConsole, 1);
    uint16_t cols = 80, rows = 25;

    s->chr = chr;
    virtio_init(&s->vdev, &virtio_console_ops, s, as, irq);
    memcpy(s->vdev.config, &cols, 2);
    memcpy(s->vdev.config + 2, &rows, 2);
    s->vdev.config_size = 12;
    chardev_set_frontend(chr, virtio_console_can_receive, virtio_console_receive, s);
    return s;
}

VirtioDevice *virtio_console_vdev(VirtioConsole *s)
{
    return &s->vdev;
}

void virtio_console_free(VirtioConsole *s)
{
    g_free(s);
}
