/*
 * virtio.c: split virtqueues and the transport-independent device state.
 *
 * Every device offers the two ring features Linux's drivers use:
 *  - INDIRECT_DESC: a descriptor may point at a table of descriptors that
 *    holds the whole chain (one ring slot per request however many
 *    segments it has);
 *  - EVENT_IDX: the driver says after which used index it wants the next
 *    interrupt (used_event, after the avail ring) and the device says at
 *    which avail index it wants the next notification (avail_event, after
 *    the used ring), replacing the NO_INTERRUPT / NO_NOTIFY flags.
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
    uint64_t f = (1ull << VIRTIO_F_VERSION_1) | (1ull << VIRTIO_RING_F_INDIRECT_DESC) |
                 (1ull << VIRTIO_RING_F_EVENT_IDX);

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

/* Appends one descriptor's buffer to req; false (device broken) on a bad one. */
static bool virtq_add_buffer(VirtioDevice *vdev, unsigned q, VirtioReq *req, uint64_t addr,
                             uint32_t len, uint16_t flags)
{
    void *p = virtq_ptr(vdev, addr, len);

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
    return true;
}

/*
 * Walks one chain through a descriptor table of num entries (the ring's,
 * or an indirect table, in which case indirect may not nest).
 */
static bool virtq_walk(VirtioDevice *vdev, unsigned q, VirtioReq *req, const uint8_t *table,
                       unsigned num, uint16_t idx, bool in_indirect)
{
    unsigned count = 0;

    for (;;) {
        uint64_t addr;
        uint32_t len;
        uint16_t flags, next;

        if (idx >= num || ++count > num) {
            virtio_error(vdev, "queue %u: bad descriptor chain (index %u%s)", q, idx,
                         in_indirect ? " in an indirect table" : "");
            return false;
        }
        memcpy(&addr, table + idx * 16, 8);
        memcpy(&len, table + idx * 16 + 8, 4);
        memcpy(&flags, table + idx * 16 + 12, 2);
        memcpy(&next, table + idx * 16 + 14, 2);
        if (flags & VIRTQ_DESC_F_INDIRECT) {
            const uint8_t *ind;
            if (!virtio_has_feature(vdev, VIRTIO_RING_F_INDIRECT_DESC) || in_indirect ||
                (flags & VIRTQ_DESC_F_NEXT) || !len || len % 16 || len / 16 > 0x10000) {
                virtio_error(vdev, "queue %u: bad indirect descriptor (%s)", q,
                             !virtio_has_feature(vdev, VIRTIO_RING_F_INDIRECT_DESC)
                             ? "not negotiated" : in_indirect ? "nested"
                             : (flags & VIRTQ_DESC_F_NEXT) ? "with NEXT" : "length");
                return false;
            }
            ind = virtq_ptr(vdev, addr, len);
            if (!ind) {
                virtio_error(vdev, "queue %u: indirect table 0x%" PRIx64 " outside RAM", q,
                             addr);
                return false;
            }
            return virtq_walk(vdev, q, req, ind, len / 16, 0, true);
        }
        if (!virtq_add_buffer(vdev, q, req, addr, len, flags)) {
            return false;
        }
        if (!(flags & VIRTQ_DESC_F_NEXT)) {
            return true;
        }
        idx = next;
    }
}

/* EVENT_IDX: ask for a notification as soon as the driver adds past last_avail. */
static void virtq_set_avail_event(VirtioDevice *vdev, VirtQueue *vq)
{
    uint16_t *ev = virtq_ptr(vdev, vq->used + 4 + 8u * vq->num, 2);

    if (ev) {
        __atomic_store_n(ev, vq->last_avail, __ATOMIC_RELAXED);
        /* the store must be visible before we look at avail->idx again */
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
    }
}

bool virtq_pop(VirtioDevice *vdev, unsigned q, VirtioReq *req)
{
    VirtQueue *vq = &vdev->vq[q];
    uint16_t avail_idx, *ring, idx;
    uint8_t *desc_table;

    if (!vq->ready || !virtio_driver_ok(vdev)) {
        return false;
    }
    if (virtio_has_feature(vdev, VIRTIO_RING_F_EVENT_IDX)) {
        virtq_set_avail_event(vdev, vq);
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
    if (!virtq_walk(vdev, q, req, desc_table, vq->num, idx, false)) {
        return false;
    }
    vq->last_avail++;
    return true;
}

/*
 * Whether the driver wants an interrupt for the used index moving from
 * old to new: with EVENT_IDX, when it passes used_event (the wrap-safe
 * test of the spec); without, unless the driver set NO_INTERRUPT.
 */
static bool virtq_should_notify(VirtioDevice *vdev, VirtQueue *vq, uint16_t old, uint16_t new)
{
    if (virtio_has_feature(vdev, VIRTIO_RING_F_EVENT_IDX)) {
        uint16_t *ev = virtq_ptr(vdev, vq->avail + 4 + 2u * vq->num, 2);
        uint16_t event;
        if (!ev) {
            return true;
        }
        event = __atomic_load_n(ev, __ATOMIC_RELAXED);
        return (uint16_t)(new - event - 1) < (uint16_t)(new - old);
    }
    uint16_t *flags = virtq_ptr(vdev, vq->avail, 2);
    return !flags || !(*flags & VIRTQ_AVAIL_F_NO_INTERRUPT);
}

void virtq_push(VirtioDevice *vdev, unsigned q, const VirtioReq *req, uint32_t len)
{
    VirtQueue *vq = &vdev->vq[q];
    uint8_t *used = virtq_ptr(vdev, vq->used, 4 + 8u * vq->num);
    uint32_t elem[2] = { req->head, len };
    uint16_t old = vq->used_idx;

    if (!used) {
        virtio_error(vdev, "queue %u: used ring outside RAM", q);
        return;
    }
    memcpy(used + 4 + (vq->used_idx % vq->num) * 8, elem, 8);
    vq->used_idx++;
    /* the element must be visible before the index that publishes it */
    __atomic_store_n((uint16_t *)(used + 2), vq->used_idx, __ATOMIC_RELEASE);
    /* and the index before we read the driver's used_event / flags */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (virtq_should_notify(vdev, vq, old, vq->used_idx)) {
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
