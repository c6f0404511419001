/*
 * virtio-blk.c: virtio block device (virtio 1.2, "Block Device").
 *
 * Requests are served synchronously in the queue notify: the header
 * (type, sector), the data segments, then the one-byte status the driver
 * left as the last writable byte.  Accesses beyond the capacity fail with
 * VIRTIO_BLK_S_IOERR, writes to a read-only image with the same, never
 * reaching the file.
 */
#include "common.h"
#include "softmmu/hw/virtio-devices.h"

enum {
    VIRTIO_BLK_F_SEG_MAX = 2, VIRTIO_BLK_F_RO = 5, VIRTIO_BLK_F_FLUSH = 9,
    VIRTIO_BLK_T_IN = 0, VIRTIO_BLK_T_OUT = 1, VIRTIO_BLK_T_FLUSH = 4,
    VIRTIO_BLK_T_GET_ID = 8,
    VIRTIO_BLK_S_OK = 0, VIRTIO_BLK_S_IOERR = 1, VIRTIO_BLK_S_UNSUPP = 2,
};

#define VIRTIO_BLK_SECTOR 512
#define VIRTIO_BLK_ID_BYTES 20

struct VirtioBlk {
    VirtioDevice vdev;
    BlockBackend *blk;
};

static uint64_t virtio_blk_features(VirtioDevice *vdev)
{
    VirtioBlk *s = vdev->opaque;
    return (1ull << VIRTIO_BLK_F_SEG_MAX) | (1ull << VIRTIO_BLK_F_FLUSH) |
           (blk_readonly(s->blk) ? 1ull << VIRTIO_BLK_F_RO : 0);
}

static uint8_t virtio_blk_do(VirtioBlk *s, VirtioReq *req, struct iovec *data, unsigned n,
                             size_t data_len, uint32_t *written)
{
    struct { uint32_t type, reserved; uint64_t sector; } hdr;
    uint64_t cap = blk_size(s->blk) / VIRTIO_BLK_SECTOR;

    iov_to_buf(req->out, req->nr_out, 0, &hdr, sizeof(hdr));
    switch (hdr.type) {
    case VIRTIO_BLK_T_IN:
    case VIRTIO_BLK_T_OUT:
        if (data_len % VIRTIO_BLK_SECTOR || hdr.sector > cap ||
            data_len / VIRTIO_BLK_SECTOR > cap - hdr.sector) {
            return VIRTIO_BLK_S_IOERR;
        }
        if (hdr.type == VIRTIO_BLK_T_IN) {
            if (blk_preadv(s->blk, hdr.sector * VIRTIO_BLK_SECTOR, data, n) < 0) {
                return VIRTIO_BLK_S_IOERR;
            }
            *written = data_len;
            return VIRTIO_BLK_S_OK;
        }
        return blk_pwritev(s->blk, hdr.sector * VIRTIO_BLK_SECTOR, data, n) < 0
               ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK;
    case VIRTIO_BLK_T_FLUSH:
        return blk_flush(s->blk) < 0 ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK;
    case VIRTIO_BLK_T_GET_ID: {
        char id[VIRTIO_BLK_ID_BYTES] = { 0 };
        const char *base = strrchr(blk_path(s->blk), '/');
        base = base ? base + 1 : blk_path(s->blk);
        /* not NUL-terminated when exactly 20 bytes, as the spec allows */
        memcpy(id, base, MIN(strlen(base), sizeof(id)));
        *written = iov_from_buf(data, n, 0, id, MIN(sizeof(id), data_len));
        return VIRTIO_BLK_S_OK;
    }
    default:
        return VIRTIO_BLK_S_UNSUPP;
    }
}

static void virtio_blk_notify(VirtioDevice *vdev, unsigned q)
{
    VirtioBlk *s = vdev->opaque;
    VirtioReq *req = g_new(VirtioReq, 1);

    while (virtq_pop(vdev, q, req)) {
        struct iovec data[VIRTIO_REQ_MAX_SEGS * 2];
        unsigned n = 0;
        size_t data_len = 0;
        uint32_t written = 0;
        uint8_t status;
        bool is_write;
        uint32_t type = 0;

        if (req->out_len < 16 || req->in_len < 1) {
            virtio_error(vdev, "request without header or status");
            break;
        }
        iov_to_buf(req->out, req->nr_out, 0, &type, 4);
        is_write = type == VIRTIO_BLK_T_OUT;
        /* data: device-readable after the 16-byte header for writes, the
         * writable segments minus the final status byte for reads */
        if (is_write) {
            size_t skip = 16;
            for (unsigned i = 0; i < req->nr_out; i++) {
                size_t l = req->out[i].iov_len;
                if (skip >= l) {
                    skip -= l;
                    continue;
                }
                data[n++] = (struct iovec){ (uint8_t *)req->out[i].iov_base + skip, l - skip };
                data_len += l - skip;
                skip = 0;
            }
        } else {
            size_t left = req->in_len - 1;
            for (unsigned i = 0; i < req->nr_in && left; i++) {
                size_t l = MIN(req->in[i].iov_len, left);
                data[n++] = (struct iovec){ req->in[i].iov_base, l };
                data_len += l;
                left -= l;
            }
        }
        status = virtio_blk_do(s, req, data, n, data_len, &written);
        iov_from_buf(req->in, req->nr_in, req->in_len - 1, &status, 1);
        virtq_push(vdev, q, req, written + 1);
    }
    g_free(req);
}

static const VirtioDeviceOps virtio_blk_ops = {
    .name = "virtio-blk",
    .device_id = VIRTIO_ID_BLOCK,
    .nr_queues = 1,
    .queue_max = 256,
    .features = virtio_blk_features,
    .queue_notify = virtio_blk_notify,
};

VirtioBlk *virtio_blk_new(BlockBackend *blk, const AddressSpace *as, IrqLine irq)
{
    VirtioBlk *s = g_new0(VirtioBlk, 1);
    uint64_t cap = blk_size(blk) / VIRTIO_BLK_SECTOR;
    uint32_t seg_max = 256 - 2;

    s->blk = blk;
    virtio_init(&s->vdev, &virtio_blk_ops, s, as, irq);
    /* config: capacity (le64), size_max (le32), seg_max (le32) */
    memcpy(s->vdev.config, &cap, 8);
    memcpy(s->vdev.config + 12, &seg_max, 4);
    s->vdev.config_size = 24;
    return s;
}

VirtioDevice *virtio_blk_vdev(VirtioBlk *s)
{
    return &s->vdev;
}

void virtio_blk_free(VirtioBlk *s)
{
    if (s) {
        blk_close(s->blk);
        g_free(s);
    }
}
