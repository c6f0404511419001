/*
 * virtio-devices.h: the virtio device models a board can instantiate.
 * Each returns its VirtioDevice for the transport (virtio_mmio_ops).
 */
#ifndef HW_VIRTIO_DEVICES_H
#define HW_VIRTIO_DEVICES_H

#include "softmmu/hw/virtio.h"
#include "softmmu/block/block.h"
#include "softmmu/chardev/chardev.h"
#include "softmmu/net/net.h"

typedef struct VirtioBlk VirtioBlk;
VirtioBlk *virtio_blk_new(BlockBackend *blk, const AddressSpace *as, IrqLine irq);
VirtioDevice *virtio_blk_vdev(VirtioBlk *s);
void virtio_blk_free(VirtioBlk *s);

typedef struct VirtioRng VirtioRng;
VirtioRng *virtio_rng_new(const AddressSpace *as, IrqLine irq);
VirtioDevice *virtio_rng_vdev(VirtioRng *s);
void virtio_rng_free(VirtioRng *s);

typedef struct VirtioNet VirtioNet;
VirtioNet *virtio_net_new(NetBackend *nb, const uint8_t mac[6], const AddressSpace *as,
                          IrqLine irq);
VirtioDevice *virtio_net_vdev(VirtioNet *s);
void virtio_net_free(VirtioNet *s);

typedef struct VirtioConsole VirtioConsole;
VirtioConsole *virtio_console_new(Chardev *chr, const AddressSpace *as, IrqLine irq);
VirtioDevice *virtio_console_vdev(VirtioConsole *s);
void virtio_console_free(VirtioConsole *s);

#endif
