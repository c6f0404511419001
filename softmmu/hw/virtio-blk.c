/*
 * virtio-blk.c: virtio block device (virtio 1.2, "Block Device").
 *
 * Requests are served synchronously in the queue notify: the header
 * (type, sector), the data segments, then the one-byte status the driver
 * left as the last writable byte.  Accesses beyond the capacity fail with
 * VIRTIO_BLK_S_IOERR, writes to a read-only image with the same, never
 * reaching the file.
 *
 * Caching: with FLUSH negotiated the device has a write-back cache (the
 * host page cache) and T_FLUSH is an fdatasync; a driver that did not take
 * FLUSH gets write-through, every write synced before it completes, as
 * the spec asks.  DISCARD punches holes in the image, WRITE_ZEROES zeroes
 * the range (a hole when the driver allows unmapping).
 */
#include "common.h"
#include "softmmu/hw/virtio-devices.h"

enum {
    VIRTIO_BLK_F_SEG_MAX = 2, VIRTIO_BLK_F_RO = 5, VIRTIO_BLK_F_FLUSH = 9,
    VIRTIO_BLK_F_DISCARD = 13, VIRTIO_BLK_F_WRITE_ZEROES = 14,
    VIRTIO_BLK_T_IN = 0, VIRTIO_BLK_T_OUT = 1, VIRTIO_BLK_T_FLUSH = 4,
    VIRTIO_BLK_T_GET_ID = 8, VIRTIO_BLK_T_DISCARD = 11, VIRTIO_BLK_T_WRITE_ZEROES = 13,
    VIRTIO_BLK_WZ_UNMAP = 1,
    VIRTIO_BLK_S_OK = 0, VIRTIO_BLK_S_IOERR = 1, VIRTIO_BLK_S_UNSUPP = 2,
};

#define VIRTIO_BLK_SECTOR 512
#define VIRTIO_BLK_ID_BYTES 20
/* config space offsets and the limits announced there */
#define VIRTIO_BLK_CFG_MAX_DISCARD_SECTORS 36
#define VIRTIO_BLK_CFG_MAX_DISCARD_SEG     40
#define VIRTIO_BLK_CFG_DISCARD_ALIGN       44
#define VIRTIO_BLK_CFG_MAX_WZ_SECTORS      48
#define VIRTIO_BLK_CFG_MAX_WZ_SEG          52
#define VIRTIO_BLK_CFG_WZ_MAY_UNMAP        56
#define VIRTIO_BLK_CFG_SIZE                60
#define VIRTIO_BLK_MAX_RANGE_SECTORS       0x400000u    /* 2 GiB per segment */
#define VIRTIO_BLK_MAX_RANGE_SEGS          16

struct VirtioBlk {
    VirtioDevice vdev;
    BlockBackend *blk;
};

static uint64_t virtio_blk_features(VirtioDevice *vdev)
{
    VirtioBlk *s = vdev->opaque;
    return (1ull << VIRTIO_BLK_F_SEG_MAX) | (1ull << VIRTIO_BLK_F_FLUSH) |
           (blk_readonly(s->blk) ? 1ull << VIRTIO_BLK_F_RO
                                 : (1ull << VIRTIO_BLK_F_DISCARD) |
                                   (1ull << VIRTIO_BLK_F_WRITE_ZEROES));
}

/*
 * DISCARD / WRITE_ZEROES: an array of { le64 sector; le32 num_sectors;
 * le32 flags } segments, each checked against the capacity and limits
 * before any is applied, so a bad request changes nothing.
 */
static uint8_t virtio_blk_ranges(VirtioBlk *s, uint32_t type, struct iovec *data, unsigned n,
                                 size_t data_len)
{
    struct { uint64_t sector; uint32_t num, flags; } seg[VIRTIO_BLK_MAX_RANGE_SEGS];
    uint64_t cap = blk_size(s->blk) / VIRTIO_BLK_SECTOR;
    bool discard = type == VIRTIO_BLK_T_DISCARD;
    unsigned nseg = data_len / sizeof(seg[0]);

    if (!virtio_has_feature(&s->vdev, discard ? VIRTIO_BLK_F_DISCARD
                                              : VIRTIO_BLK_F_WRITE_ZEROES)) {
        return VIRTIO_BLK_S_UNSUPP;
    }
    if (!nseg || data_len % sizeof(seg[0]) || nseg > VIRTIO_BLK_MAX_RANGE_SEGS) {
        return VIRTIO_BLK_S_IOERR;
    }
    iov_to_buf(data, n, 0, seg, data_len);
    for (unsigned i = 0; i < nseg; i++) {
        /* discard has no flags; write-zeroes only "unmap" */
        if (seg[i].flags & ~(discard ? 0u : VIRTIO_BLK_WZ_UNMAP)) {
            return VIRTIO_BLK_S_UNSUPP;
        }
        if (seg[i].num > VIRTIO_BLK_MAX_RANGE_SECTORS || seg[i].sector > cap ||
            seg[i].num > cap - seg[i].sector) {
            return VIRTIO_BLK_S_IOERR;
        }
    }
    for (unsigned i = 0; i < nseg; i++) {
        uint64_t off = seg[i].sector * VIRTIO_BLK_SECTOR;
        uint64_t len = (uint64_t)seg[i].num * VIRTIO_BLK_SECTOR;
        int r = discard ? blk_discard(s->blk, off, len)
                        : blk_write_zeroes(s->blk, off, len, seg[i].flags & VIRTIO_BLK_WZ_UNMAP);
        if (r < 0) {
            return VIRTIO_BLK_S_IOERR;
        }
    }
    if (!virtio_has_feature(&s->vdev, VIRTIO_BLK_F_FLUSH) && blk_flush(s->blk) < 0) {
        return VIRTIO_BLK_S_IOERR;
    }
    return VIRTIO_BLK_S_OK;
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
        if (blk_pwritev(s->blk, hdr.sector * VIRTIO_BLK_SECTOR, data, n) < 0) {
            return VIRTIO_BLK_S_IOERR;
        }
        /* no FLUSH negotiated: write-through */
        if (!virtio_has_feature(&s->vdev, VIRTIO_BLK_F_FLUSH) && blk_flush(s->blk) < 0) {
            return VIRTIO_BLK_S_IOERR;
        }
        return VIRTIO_BLK_S_OK;
    case VIRTIO_BLK_T_DISCARD:
    case VIRTIO_BLK_T_WRITE_ZEROES:
        return virtio_blk_ranges(s, hdr.type, data, n, data_len);
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
        /* requests whose payload the device reads */
        is_write = type == VIRTIO_BLK_T_OUT || type == VIRTIO_BLK_T_DISCARD ||
                   type == VIRTIO_BLK_T_WRITE_ZEROES;
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
    uint32_t seg_max = 256 - 2, max_sectors = VIRTIO_BLK_MAX_RANGE_SECTORS;
    uint32_t max_segs = VIRTIO_BLK_MAX_RANGE_SEGS, align = 8;     /* 4 KiB */

    s->blk = blk;
    virtio_init(&s->vdev, &virtio_blk_ops, s, as, irq);
    /* config: capacity (le64), size_max (le32), seg_max (le32), ... */
    memcpy(s->vdev.config, &cap, 8);
    memcpy(s->vdev.config + 12, &seg_max, 4);
    memcpy(s->vdev.config + VIRTIO_BLK_CFG_MAX_DISCARD_SECTORS, &max_sectors, 4);
    memcpy(s->vdev.config + VIRTIO_BLK_CFG_MAX_DISCARD_SEG, &max_segs, 4);
    memcpy(s->vdev.config + VIRTIO_BLK_CFG_DISCARD_ALIGN, &align, 4);
    memcpy(s->vdev.config + VIRTIO_BLK_CFG_MAX_WZ_SECTORS, &max_sectors, 4);
    memcpy(s->vdev.config + VIRTIO_BLK_CFG_MAX_WZ_SEG, &max_segs, 4);
    s->vdev.config[VIRTIO_BLK_CFG_WZ_MAY_UNMAP] = 1;
    s->vdev.config_size = VIRTIO_BLK_CFG_SIZE;
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
