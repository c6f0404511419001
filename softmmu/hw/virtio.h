/*
 * virtio.h: virtio devices and split virtqueues (Virtual I/O Device
 * specification 1.2, "Split Virtqueues"), independent of the transport.
 *
 * A device is a const VirtioDeviceOps (its id, features, queues, config
 * space and callbacks) plus a VirtioDevice with the common state the
 * transport registers expose.  Device callbacks run with the big lock
 * held, from a vCPU thread (queue notify, config access) or from the main
 * loop (backend input).  Every guest-supplied address goes through
 * as_ram_ptr(); a malformed descriptor chain marks the device
 * DEVICE_NEEDS_RESET (and is logged with -d guest_errors), it never
 * reaches the host.
 */
#ifndef HW_VIRTIO_H
#define HW_VIRTIO_H

#include "common.h"
#include "softmmu/memory.h"
#include "softmmu/irq.h"
#include <sys/uio.h>

#define VIRTIO_ID_NET      1
#define VIRTIO_ID_BLOCK    2
#define VIRTIO_ID_CONSOLE  3
#define VIRTIO_ID_RNG      4

#define VIRTIO_RING_F_INDIRECT_DESC 28
#define VIRTIO_RING_F_EVENT_IDX     29
#define VIRTIO_F_VERSION_1 32

#define VIRTIO_STATUS_ACKNOWLEDGE  1
#define VIRTIO_STATUS_DRIVER       2
#define VIRTIO_STATUS_DRIVER_OK    4
#define VIRTIO_STATUS_FEATURES_OK  8
#define VIRTIO_STATUS_NEEDS_RESET  64
#define VIRTIO_STATUS_FAILED       128

#define VIRTQ_DESC_F_NEXT     1
#define VIRTQ_DESC_F_WRITE    2
#define VIRTQ_DESC_F_INDIRECT 4
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1

#define VIRTIO_INT_USED   1
#define VIRTIO_INT_CONFIG 2

#define VIRTIO_MAX_QUEUES 4
#define VIRTIO_QUEUE_MAX  256
#define VIRTIO_REQ_MAX_SEGS 64

typedef struct VirtioDevice VirtioDevice;

typedef struct VirtQueue {
    uint16_t num;               /* size the driver chose */
    bool ready;
    uint64_t desc, avail, used; /* guest physical addresses */
    uint16_t last_avail;
    uint16_t used_idx;
} VirtQueue;

/* One popped descriptor chain, split in device-readable and -writable parts. */
typedef struct VirtioReq {
    uint16_t head;
    unsigned nr_out, nr_in;
    struct iovec out[VIRTIO_REQ_MAX_SEGS];
    struct iovec in[VIRTIO_REQ_MAX_SEGS];
    size_t out_len, in_len;
} VirtioReq;

typedef struct VirtioDeviceOps {
    const char *name;
    uint32_t device_id;
    unsigned nr_queues;
    uint16_t queue_max;
    /* device-specific feature bits (the transport adds VERSION_1) */
    uint64_t (*features)(VirtioDevice *vdev);
    /* config space: the device keeps it in vdev->config (config_size bytes) */
    void (*config_write)(VirtioDevice *vdev, unsigned offset, unsigned size);
    void (*queue_notify)(VirtioDevice *vdev, unsigned q);
    void (*driver_ok)(VirtioDevice *vdev);
    void (*reset)(VirtioDevice *vdev);
} VirtioDeviceOps;

struct VirtioDevice {
    const VirtioDeviceOps *ops;
    void *opaque;               /* the device model */
    const AddressSpace *as;     /* DMA */
    IrqLine irq;
    uint32_t status;
    uint32_t int_status;
    uint64_t driver_features;
    uint32_t device_features_sel, driver_features_sel;
    uint32_t queue_sel;
    uint32_t config_generation;
    VirtQueue vq[VIRTIO_MAX_QUEUES];
    uint8_t config[64];
    unsigned config_size;
    bool irq_level;
};

void virtio_init(VirtioDevice *vdev, const VirtioDeviceOps *ops, void *opaque,
                 const AddressSpace *as, IrqLine irq);
void virtio_reset(VirtioDevice *vdev);
uint64_t virtio_device_features(VirtioDevice *vdev);
bool virtio_has_feature(const VirtioDevice *vdev, unsigned bit);
bool virtio_driver_ok(const VirtioDevice *vdev);

/* Pops the next available chain; false if the queue is empty or broken. */
bool virtq_pop(VirtioDevice *vdev, unsigned q, VirtioReq *req);
bool virtq_has_work(VirtioDevice *vdev, unsigned q);
/* Returns a chain to the driver with len bytes written; raises the irq. */
void virtq_push(VirtioDevice *vdev, unsigned q, const VirtioReq *req, uint32_t len);
void virtio_notify_config(VirtioDevice *vdev);
void virtio_update_irq(VirtioDevice *vdev);
/* The device hit a driver error: needs reset (logged with guest_errors). */
void virtio_error(VirtioDevice *vdev, const char *fmt, ...) PRINTF_FMT(2, 3);

/* Copy helpers over a request's iovecs. */
size_t iov_to_buf(const struct iovec *iov, unsigned n, size_t off, void *buf, size_t len);
size_t iov_from_buf(const struct iovec *iov, unsigned n, size_t off, const void *buf,
                    size_t len);

/* The virtio-mmio transport (virtio-mmio.c): a 0x200-byte register window. */
#define VIRTIO_MMIO_SIZE 0x200
extern const MemRegionOps virtio_mmio_ops;

extern bool virtio_log_guest_errors;

#endif
