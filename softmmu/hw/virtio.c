/*
 * virtio.c: split virtqueues and the transport-independent device state.
 */
#include "common.h"
#include "softmmu/hw/virtio.h"
#include <stdarg.h>

bool virtio_log_guest_errors;

void virtio_init(VirtioDevice *vdev, const VirtioDeviceOps *ops, void *opaque,
                 const AddressSpace *as, IrqLine irq)
{
    memset(vdev, 0, sizeof(*vdev));
    vdev->ops = ops;
    vdev->opaque = opaque;
    vdev->as = as;
    vdev->irq = irq;
}

void virtio_reset(VirtioDevice *vdev)
{
    vdev->status = 0;
    vdev->int_status = 0;
    vdev->driver_features = 0;
    vdev->device_features_sel = vdev->driver_features_sel = 0;
    vdev->queue_sel = 0;
    memset(vdev->vq, 0, sizeof(vdev->vq));
    virtio_update_irq(vdev);
    if (vdev->ops->reset) {
        vdev->ops->reset(vdev);
    }
}

uint64_t virtio_device_features(VirtioDevice *vdev)
{
    uint64_t f = 1ull << VIRTIO_F_VERSION_1;

    if (vdev->ops->features) {
        f |= vdev->ops->features(vdev);
    }
    return f;
}

bool virtio_has_feature(const VirtioDevice *vdev, unsigned bit)
{
    return vdev->driver_features & (1ull << bit);
}

bool virtio_driver_ok(const VirtioDevice *vdev)
{
    return (vdev->status & VIRTIO_STATUS_DRIVER_OK) &&
           !(vdev->status & VIRTIO_STATUS_NEEDS_RESET);
}

void virtio_error(VirtioDevice *vdev, const char *fmt, ...)
{
    va_list ap;

    if (virtio_log_guest_errors) {
        fprintf(stderr, "%s: guest error: ", vdev->ops->name);
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fputc('\n', stderr);
    }
    vdev->status |= VIRTIO_STATUS_NEEDS_RESET;
    virtio_notify_config(vdev);
}

void virtio_update_irq(VirtioDevice *vdev)
{
    bool level = vdev->int_status != 0;

    /*
     * The board wires virtio-mmio to edge-triggered ISA inputs: each new
     * event after the driver acknowledged the previous one must be a new
     * rising edge, so a still-pending status after an ack pulses the line.
     */
    if (level && vdev->irq_level) {
        irq_set_level(&vdev->irq, 0);
    }
    if (level || vdev->irq_level) {
        irq_set_level(&vdev->irq, level);
    }
    vdev->irq_level = level;
}

void virtio_notify_config(VirtioDevice *vdev)
{
    vdev->config_generation++;
    if (vdev->status & VIRTIO_STATUS_DRIVER_OK) {
        vdev->int_status |= VIRTIO_INT_CONFIG;
        virtio_update_irq(vdev);
    }
}

static void *virtq_ptr(VirtioDevice *vdev, uint64_t addr, uint64_t len)
{
    return as_ram_ptr(vdev->as, addr, len);
}

static uint16_t virtq_avail_idx(VirtioDevice *vdev, VirtQueue *vq)
{
    uint16_t *p = virtq_ptr(vdev, vq->avail + 2, 2);
    return p ? __atomic_load_n(p, __ATOMIC_ACQUIRE) : vq->last_avail;
}

bool virtq_has_work(VirtioDevice *vdev, unsigned q)
{
    VirtQueue *vq = &vdev->vq[q];
    return vq->ready && virtio_driver_ok(vdev) && virtq_avail_idx(vdev, vq) != vq->last_avail;
}

bool virtq_pop(VirtioDevice *vdev, unsigned q, VirtioReq *req)
{
    VirtQueue *vq = &vdev->vq[q];
    uint16_t avail_idx, *ring, idx;
    uint8_t *desc_table;
    unsigned count = 0;

    if (!vq->ready || !virtio_driver_ok(vdev)) {
        return false;
    }
    avail_idx = virtq_avail_idx(vdev, vq);
    if (avail_idx == vq->last_avail) {
        return false;
    }
    if ((uint16_t)(avail_idx - vq->last_avail) > vq->num) {
        virtio_error(vdev, "queue %u: avail index jumped by %u", q,
                     (uint16_t)(avail_idx - vq->last_avail));
        return false;
    }
    ring = virtq_ptr(vdev, vq->avail + 4, 2u * vq->num);
    desc_table = virtq_ptr(vdev, vq->desc, 16u * vq->num);
    if (!ring || !desc_table) {
        virtio_error(vdev, "queue %u: rings outside RAM", q);
        return false;
    }
    idx = __atomic_load_n(&ring[vq->last_avail % vq->num], __ATOMIC_RELAXED);
    req->head = idx;
    req->nr_out = req->nr_in = 0;
    req->out_len = req->in_len = 0;
    for (;;) {
        uint64_t addr;
        uint32_t len;
        uint16_t flags, next;
        void *p;

        if (idx >= vq->num || ++count > vq->num) {
            virtio_error(vdev, "queue %u: bad descriptor chain (index %u)", q, idx);
            return false;
        }
        memcpy(&addr, desc_table + idx * 16, 8);
        memcpy(&len, desc_table + idx * 16 + 8, 4);
        memcpy(&flags, desc_table + idx * 16 + 12, 2);
        memcpy(&next, desc_table + idx * 16 + 14, 2);
        if (flags & VIRTQ_DESC_F_INDIRECT) {
            virtio_error(vdev, "queue %u: indirect descriptor not negotiated", q);
            return false;
        }
        p = virtq_ptr(vdev, addr, len);
        if (!p && len) {
            virtio_error(vdev, "queue %u: buffer 0x%" PRIx64 "+%u outside RAM", q, addr, len);
            return false;
        }
        if (flags & VIRTQ_DESC_F_WRITE) {
            if (req->nr_in == VIRTIO_REQ_MAX_SEGS) {
                virtio_error(vdev, "queue %u: too many segments", q);
                return false;
            }
            req->in[req->nr_in++] = (struct iovec){ p, len };
            req->in_len += len;
        } else {
            if (req->nr_in || req->nr_out == VIRTIO_REQ_MAX_SEGS) {
                virtio_error(vdev, "queue %u: readable segment after a writable one", q);
                return false;
            }
            req->out[req->nr_out++] = (struct iovec){ p, len };
            req->out_len += len;
        }
        if (!(flags & VIRTQ_DESC_F_NEXT)) {
            break;
        }
        idx = next;
    }
    vq->last_avail++;
    return true;
}

void virtq_push(VirtioDevice *vdev, unsigned q, const VirtioReq *req, uint32_t len)
{
    VirtQueue *vq = &vdev->vq[q];
    uint8_t *used = virtq_ptr(vdev, vq->used, 4 + 8u * vq->num);
    uint16_t *avail_flags = virtq_ptr(vdev, vq->avail, 2);
    uint32_t elem[2] = { req->head, len };

    if (!used) {
        virtio_error(vdev, "queue %u: used ring outside RAM", q);
        return;
    }
    memcpy(used + 4 + (vq->used_idx % vq->num) * 8, elem, 8);
    vq->used_idx++;
    /* the element must be visible before the index that publishes it */
    __atomic_store_n((uint16_t *)(used + 2), vq->used_idx, __ATOMIC_RELEASE);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (!avail_flags || !(*avail_flags & VIRTQ_AVAIL_F_NO_INTERRUPT)) {
        vdev->int_status |= VIRTIO_INT_USED;
        virtio_update_irq(vdev);
    }
}

size_t iov_to_buf(const struct iovec *iov, unsigned n, size_t off, void *buf, size_t len)
{
    size_t done = 0;

    for (unsigned i = 0; i < n && done < len; i++) {
        if (off >= iov[i].iov_len) {
            off -= iov[i].iov_len;
            continue;
        }
        size_t c = MIN(iov[i].iov_len - off, len - done);
        memcpy((uint8_t *)buf + done, (uint8_t *)iov[i].iov_base + off, c);
        done += c;
        off = 0;
    }
    return done;
}

size_t iov_from_buf(const struct iovec *iov, unsigned n, size_t off, const void *buf,
                    size_t len)
{
    size_t done = 0;

    for (unsigned i = 0; i < n && done < len; i++) {
        if (off >= iov[i].iov_len) {
            off -= iov[i].iov_len;
            continue;
        }
        size_t c = MIN(iov[i].iov_len - off, len - done);
        memcpy((uint8_t *)iov[i].iov_base + off, (const uint8_t *)buf + done, c);
        done += c;
        off = 0;
    }
    return done;
}
