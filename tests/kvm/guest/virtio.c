/*
 * virtio.c: a minimal polled virtio-mmio (version 2) driver: one queue of
 * 8 descriptors, one request at a time, completion by polling used.idx.
 */
#include "guest.h"

struct vdesc { uint64_t addr; uint32_t len; uint16_t flags, next; };
struct vavail { uint16_t flags, idx, ring[8], used_event; };
struct vused_elem { uint32_t id, len; };
struct vused { uint16_t flags, idx; struct vused_elem ring[8]; uint16_t avail_event; };

#define QSIZE 8
static struct vdesc desc_mem[4][QSIZE] __attribute__((aligned(4096)));
static struct vavail avail_mem[4] __attribute__((aligned(4096)));
static struct vused used_mem[4] __attribute__((aligned(4096)));
static unsigned nr_setup;

/* "virtio_mmio.device=512@0xfeb00000:5" entries, as the board appends them */
bool virtio_find(const char *c, uint32_t device_id, VirtioDev *d)
{
    const char *key = "virtio_mmio.device=";
    size_t kl = strlen(key);

    while (c && *c) {
        while (*c == ' ') c++;
        if (!strncmp(c, key, kl)) {
            const char *p = c + kl, *e;
            parse_num(p, &e);
            if (*e == '@') {
                uint64_t base = parse_num(e + 1, &e);
                unsigned irq = *e == ':' ? parse_num(e + 1, &e) : 0;
                if (mmio_read32(base) == 0x74726976 && mmio_read32(base + 8) == device_id) {
                    memset(d, 0, sizeof(*d));
                    d->base = base;
                    d->irq = irq;
                    return true;
                }
            }
        }
        while (*c && *c != ' ') c++;
    }
    return false;
}

bool virtio_setup(VirtioDev *d, uint64_t features_lo)
{
    uint64_t b = d->base;
    unsigned q = nr_setup++;

    if (q >= 4 || mmio_read32(b + 4) != 2) return false;
    mmio_write32(b + 0x70, 0);                  /* reset */
    mmio_write32(b + 0x70, 1);                  /* ACKNOWLEDGE */
    mmio_write32(b + 0x70, 1 | 2);              /* DRIVER */
    mmio_write32(b + 0x24, 0);
    mmio_write32(b + 0x20, (uint32_t)features_lo);
    mmio_write32(b + 0x24, 1);
    mmio_write32(b + 0x20, 1);                  /* VIRTIO_F_VERSION_1 */
    mmio_write32(b + 0x70, 1 | 2 | 8);          /* FEATURES_OK */
    if (!(mmio_read32(b + 0x70) & 8)) return false;
    mmio_write32(b + 0x30, 0);                  /* queue 0 */
    if (mmio_read32(b + 0x34) < QSIZE) return false;
    d->qsize = QSIZE;
    d->desc = desc_mem[q];
    d->avail = (struct vavail *)&avail_mem[q];
    d->used = (struct vused *)&used_mem[q];
    mmio_write32(b + 0x38, QSIZE);
    mmio_write32(b + 0x80, (uint32_t)(uint64_t)d->desc);
    mmio_write32(b + 0x84, 0);
    mmio_write32(b + 0x90, (uint32_t)(uint64_t)d->avail);
    mmio_write32(b + 0x94, 0);
    mmio_write32(b + 0xa0, (uint32_t)(uint64_t)d->used);
    mmio_write32(b + 0xa4, 0);
    mmio_write32(b + 0x44, 1);                  /* ready */
    mmio_write32(b + 0x70, 1 | 2 | 8 | 4);      /* DRIVER_OK */
    return true;
}

bool virtio_transfer(VirtioDev *d, void **bufs, uint32_t *lens, unsigned n, unsigned n_out,
                     uint32_t *written)
{
    uint64_t t0 = rdtsc();

    for (unsigned i = 0; i < n; i++) {
        d->desc[i].addr = (uint64_t)bufs[i];
        d->desc[i].len = lens[i];
        d->desc[i].flags = (i + 1 < n ? 1 : 0) | (i >= n_out ? 2 : 0);
        d->desc[i].next = i + 1;
    }
    d->avail->ring[d->avail->idx % QSIZE] = 0;
    mb();
    d->avail->idx++;
    mb();
    mmio_write32(d->base + 0x50, 0);            /* notify queue 0 */
    while (*(volatile uint16_t *)&d->used->idx == d->last_used) {
        if (rdtsc() - t0 > 20000000000ull) return false;
        cpu_relax();
    }
    mb();
    if (written) *written = d->used->ring[d->last_used % QSIZE].len;
    d->last_used++;
    /* acknowledge the interrupt the device raised */
    mmio_write32(d->base + 0x64, mmio_read32(d->base + 0x60));
    return true;
}
