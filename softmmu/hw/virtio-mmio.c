/*
 * virtio-mmio.c: the virtio-mmio transport, version 2 (virtio 1.2,
 * "Virtio Over MMIO").  Registers are 32 bits wide; config space from
 * 0x100 may be accessed with any size.  The opaque is the VirtioDevice.
 */
#include "common.h"
#include "softmmu/hw/virtio.h"

enum {
    VMMIO_MAGIC = 0x000, VMMIO_VERSION = 0x004, VMMIO_DEVICE_ID = 0x008,
    VMMIO_VENDOR_ID = 0x00c, VMMIO_DEVICE_FEATURES = 0x010,
    VMMIO_DEVICE_FEATURES_SEL = 0x014, VMMIO_DRIVER_FEATURES = 0x020,
    VMMIO_DRIVER_FEATURES_SEL = 0x024, VMMIO_QUEUE_SEL = 0x030,
    VMMIO_QUEUE_NUM_MAX = 0x034, VMMIO_QUEUE_NUM = 0x038, VMMIO_QUEUE_READY = 0x044,
    VMMIO_QUEUE_NOTIFY = 0x050, VMMIO_INTERRUPT_STATUS = 0x060,
    VMMIO_INTERRUPT_ACK = 0x064, VMMIO_STATUS = 0x070,
    VMMIO_QUEUE_DESC_LOW = 0x080, VMMIO_QUEUE_DESC_HIGH = 0x084,
    VMMIO_QUEUE_DRIVER_LOW = 0x090, VMMIO_QUEUE_DRIVER_HIGH = 0x094,
    VMMIO_QUEUE_DEVICE_LOW = 0x0a0, VMMIO_QUEUE_DEVICE_HIGH = 0x0a4,
    VMMIO_CONFIG_GENERATION = 0x0fc, VMMIO_CONFIG = 0x100,
};

#define VIRTIO_MMIO_MAGIC 0x74726976u     /* "virt" */
#define VIRTIO_MMIO_VENDOR 0x45534f43u    /* "COSE" */

static VirtQueue *vmmio_vq(VirtioDevice *vdev)
{
    return vdev->queue_sel < vdev->ops->nr_queues ? &vdev->vq[vdev->queue_sel] : NULL;
}

static uint64_t vmmio_read(void *opaque, uint64_t offset, unsigned size)
{
    VirtioDevice *vdev = opaque;
    VirtQueue *vq = vmmio_vq(vdev);

    if (offset >= VMMIO_CONFIG) {
        uint64_t v = 0;
        offset -= VMMIO_CONFIG;
        if (offset + size <= vdev->config_size) {
            memcpy(&v, vdev->config + offset, size);
        }
        return v;
    }
    if (size != 4) {
        virtio_error(vdev, "mmio read of %u bytes at 0x%" PRIx64, size, offset);
        return 0;
    }
    switch (offset) {
    case VMMIO_MAGIC: return VIRTIO_MMIO_MAGIC;
    case VMMIO_VERSION: return 2;
    case VMMIO_DEVICE_ID: return vdev->ops->device_id;
    case VMMIO_VENDOR_ID: return VIRTIO_MMIO_VENDOR;
    case VMMIO_DEVICE_FEATURES:
        return vdev->device_features_sel > 1 ? 0 :
               (uint32_t)(virtio_device_features(vdev) >> (32 * vdev->device_features_sel));
    case VMMIO_QUEUE_NUM_MAX: return vq ? vdev->ops->queue_max : 0;
    case VMMIO_QUEUE_READY: return vq ? vq->ready : 0;
    case VMMIO_INTERRUPT_STATUS: return vdev->int_status;
    case VMMIO_STATUS: return vdev->status;
    case VMMIO_CONFIG_GENERATION: return vdev->config_generation;
    default: return 0;
    }
}

static void vmmio_set_addr(uint64_t *a, bool high, uint32_t v)
{
    *a = high ? (*a & 0xffffffffull) | ((uint64_t)v << 32) : (*a & ~0xffffffffull) | v;
}

static void vmmio_write(void *opaque, uint64_t offset, uint64_t value, unsigned size)
{
    VirtioDevice *vdev = opaque;
    VirtQueue *vq = vmmio_vq(vdev);
    uint32_t v = value;

    if (offset >= VMMIO_CONFIG) {
        offset -= VMMIO_CONFIG;
        if (offset + size <= vdev->config_size) {
            memcpy(vdev->config + offset, &value, size);
            if (vdev->ops->config_write) {
                vdev->ops->config_write(vdev, offset, size);
            }
        }
        return;
    }
    if (size != 4) {
        virtio_error(vdev, "mmio write of %u bytes at 0x%" PRIx64, size, offset);
        return;
    }
    switch (offset) {
    case VMMIO_DEVICE_FEATURES_SEL:
        vdev->device_features_sel = v;
        break;
    case VMMIO_DRIVER_FEATURES:
        if (vdev->driver_features_sel < 2 && !(vdev->status & VIRTIO_STATUS_FEATURES_OK)) {
            unsigned sh = 32 * vdev->driver_features_sel;
            vdev->driver_features = (vdev->driver_features & ~(0xffffffffull << sh)) |
                                    ((uint64_t)v << sh);
        }
        break;
    case VMMIO_DRIVER_FEATURES_SEL:
        vdev->driver_features_sel = v;
        break;
    case VMMIO_QUEUE_SEL:
        vdev->queue_sel = v;
        break;
    case VMMIO_QUEUE_NUM:
        /* split queues: any size up to the maximum, a power of 2 */
        if (vq && v && v <= vdev->ops->queue_max && !(v & (v - 1))) {
            vq->num = v;
        } else if (vq) {
            virtio_error(vdev, "bad queue size %u", v);
        }
        break;
    case VMMIO_QUEUE_READY:
        if (vq) {
            vq->ready = v & 1;
            if (vq->ready && !vq->num) {
                vq->num = vdev->ops->queue_max;
            }
        }
        break;
    case VMMIO_QUEUE_NOTIFY:
        if (v < vdev->ops->nr_queues && vdev->ops->queue_notify && virtio_driver_ok(vdev)) {
            vdev->ops->queue_notify(vdev, v);
        }
        break;
    case VMMIO_INTERRUPT_ACK:
        vdev->int_status &= ~v;
        virtio_update_irq(vdev);
        break;
    case VMMIO_STATUS:
        if (v == 0) {
            virtio_reset(vdev);
            break;
        }
        if ((v & VIRTIO_STATUS_FEATURES_OK) && !(vdev->status & VIRTIO_STATUS_FEATURES_OK)) {
            uint64_t offered = virtio_device_features(vdev);
            /* a modern-only device: refuse drivers that did not take VERSION_1 */
            if ((vdev->driver_features & ~offered) ||
                !(vdev->driver_features & (1ull << VIRTIO_F_VERSION_1))) {
                v &= ~VIRTIO_STATUS_FEATURES_OK;
            }
        }
        if ((v & VIRTIO_STATUS_DRIVER_OK) && !(vdev->status & VIRTIO_STATUS_DRIVER_OK)) {
            vdev->status = v;
            if (vdev->ops->driver_ok) {
                vdev->ops->driver_ok(vdev);
            }
            break;
        }
        vdev->status = v;
        break;
    case VMMIO_QUEUE_DESC_LOW:
    case VMMIO_QUEUE_DESC_HIGH:
        if (vq) {
            vmmio_set_addr(&vq->desc, offset == VMMIO_QUEUE_DESC_HIGH, v);
        }
        break;
    case VMMIO_QUEUE_DRIVER_LOW:
    case VMMIO_QUEUE_DRIVER_HIGH:
        if (vq) {
            vmmio_set_addr(&vq->avail, offset == VMMIO_QUEUE_DRIVER_HIGH, v);
        }
        break;
    case VMMIO_QUEUE_DEVICE_LOW:
    case VMMIO_QUEUE_DEVICE_HIGH:
        if (vq) {
            vmmio_set_addr(&vq->used, offset == VMMIO_QUEUE_DEVICE_HIGH, v);
        }
        break;
    default:
        break;
    }
}

const MemRegionOps virtio_mmio_ops = {
    .read = vmmio_read,
    .write = vmmio_write,
};
