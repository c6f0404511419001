/*
 * virtio-net.c: virtio network device (virtio 1.2, "Network Device"),
 * one queue pair, no offloads: queue 0 receives, queue 1 transmits, every
 * frame preceded by the 12-byte virtio_net_hdr (all zero but num_buffers).
 */
#include "common.h"
#include "softmmu/hw/virtio-devices.h"

enum { VIRTIO_NET_F_MAC = 5, VIRTIO_NET_F_STATUS = 16 };
#define VIRTIO_NET_S_LINK_UP 1
#define VIRTIO_NET_HDR_LEN 12
#define VIRTIO_NET_RXQ 0
#define VIRTIO_NET_TXQ 1

struct VirtioNet {
    VirtioDevice vdev;
    NetBackend *nb;
};

static uint64_t virtio_net_features(VirtioDevice *vdev)
{
    return (1ull << VIRTIO_NET_F_MAC) | (1ull << VIRTIO_NET_F_STATUS);
}

static bool virtio_net_can_receive(void *opaque)
{
    VirtioNet *s = opaque;
    return virtq_has_work(&s->vdev, VIRTIO_NET_RXQ);
}

static void virtio_net_receive(void *opaque, const uint8_t *buf, size_t len)
{
    VirtioNet *s = opaque;
    uint8_t hdr[VIRTIO_NET_HDR_LEN] = { 0 };
    VirtioReq *req = g_new(VirtioReq, 1);

    hdr[10] = 1;    /* num_buffers */
    if (virtq_pop(&s->vdev, VIRTIO_NET_RXQ, req)) {
        if (req->in_len < VIRTIO_NET_HDR_LEN + len) {
            /* without mergeable buffers the driver must post whole-frame
             * buffers; a shorter one gets the frame truncated */
            len = req->in_len > VIRTIO_NET_HDR_LEN ? req->in_len - VIRTIO_NET_HDR_LEN : 0;
        }
        iov_from_buf(req->in, req->nr_in, 0, hdr, sizeof(hdr));
        iov_from_buf(req->in, req->nr_in, VIRTIO_NET_HDR_LEN, buf, len);
        virtq_push(&s->vdev, VIRTIO_NET_RXQ, req, VIRTIO_NET_HDR_LEN + len);
    }
    g_free(req);
}

static void virtio_net_notify(VirtioDevice *vdev, unsigned q)
{
    VirtioNet *s = vdev->opaque;
    VirtioReq *req;

    if (q == VIRTIO_NET_RXQ) {
        net_resume(s->nb);
        return;
    }
    req = g_new(VirtioReq, 1);
    while (virtq_pop(vdev, VIRTIO_NET_TXQ, req)) {
        struct iovec frame[VIRTIO_REQ_MAX_SEGS];
        unsigned n = 0;
        size_t skip = VIRTIO_NET_HDR_LEN;

        for (unsigned i = 0; i < req->nr_out; i++) {
            if (skip >= req->out[i].iov_len) {
                skip -= req->out[i].iov_len;
                continue;
            }
            frame[n++] = (struct iovec){ (uint8_t *)req->out[i].iov_base + skip,
                                         req->out[i].iov_len - skip };
            skip = 0;
        }
        if (n) {
            net_send(s->nb, frame, n);
        }
        virtq_push(vdev, VIRTIO_NET_TXQ, req, 0);
    }
    g_free(req);
}

static void virtio_net_driver_ok(VirtioDevice *vdev)
{
    VirtioNet *s = vdev->opaque;
    net_resume(s->nb);
}

static const VirtioDeviceOps virtio_net_ops = {
    .name = "virtio-net",
    .device_id = VIRTIO_ID_NET,
    .nr_queues = 2,
    .queue_max = 256,
    .features = virtio_net_features,
    .queue_notify = virtio_net_notify,
    .driver_ok = virtio_net_driver_ok,
};

VirtioNet *virtio_net_new(NetBackend *nb, const uint8_t mac[6], const AddressSpace *as,
                          IrqLine irq)
{
    VirtioNet *s = g_new0(VirtioNet, 1);
    uint16_t status = VIRTIO_NET_S_LINK_UP;

    s->nb = nb;
    virtio_init(&s->vdev, &virtio_net_ops, s, as, irq);
    memcpy(s->vdev.config, mac, 6);
    memcpy(s->vdev.config + 6, &status, 2);
    s->vdev.config_size = 8;
    net_set_frontend(nb, virtio_net_can_receive, virtio_net_receive, s);
    return s;
}

VirtioDevice *virtio_net_vdev(VirtioNet *s)
{
    return &s->vdev;
}

void virtio_net_free(VirtioNet *s)
{
    g_free(s);
}
