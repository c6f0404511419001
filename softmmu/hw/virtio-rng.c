/*
 * virtio-rng.c: entropy device (virtio 1.2, "Entropy Device"): every
 * writable buffer the driver posts is filled from the host's getrandom().
 */
#include "common.h"
#include "softmmu/hw/virtio-devices.h"
#include <sys/random.h>

struct VirtioRng {
    VirtioDevice vdev;
};

static void virtio_rng_notify(VirtioDevice *vdev, unsigned q)
{
    VirtioReq *req = g_new(VirtioReq, 1);

    while (virtq_pop(vdev, q, req)) {
        size_t done = 0;
        for (unsigned i = 0; i < req->nr_in; i++) {
            size_t off = 0;
            while (off < req->in[i].iov_len) {
                ssize_t r = getrandom((uint8_t *)req->in[i].iov_base + off,
                                      req->in[i].iov_len - off, 0);
                if (r < 0 && errno == EINTR) {
                    continue;
                }
                if (r <= 0) {
                    break;
                }
                off += r;
            }
            done += off;
            if (off < req->in[i].iov_len) {
                break;
            }
        }
        virtq_push(vdev, q, req, done);
    }
    g_free(req);
}

static const VirtioDeviceOps virtio_rng_ops = {
    .name = "virtio-rng",
    .device_id = VIRTIO_ID_RNG,
    .nr_queues = 1,
    .queue_max = 64,
    .queue_notify = virtio_rng_notify,
};

VirtioRng *virtio_rng_new(const AddressSpace *as, IrqLine irq)
{
    VirtioRng *s = g_new0(VirtioRng, 1);
    virtio_init(&s->vdev, &virtio_rng_ops, s, as, irq);
    return s;
}

VirtioDevice *virtio_rng_vdev(VirtioRng *s)
{
    return &s->vdev;
}

void virtio_rng_free(VirtioRng *s)
{
    g_free(s);
}
