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
#define NQ 4
static struct vdesc desc_mem[NQ][QSIZE] __attribute__((aligned(4096)));
static struct vavail avail_mem[NQ] __attribute__((aligned(4096)));
static struct vused used_mem[NQ] __attribute__((aligned(4096)));
static unsigned nr_setup;

static bool virtio_probe(uint64_t base, unsigned irq, uint32_t device_id, VirtioDev *d)
{
    if (mmio_read32(base) != 0x74726976 || mmio_read32(base + 8) != device_id) return false;
    memset(d, 0, sizeof(*d));
    d->base = base;
    d->irq = irq;
    return true;
}

/*
 * "virtio_mmio.device=512@0xfeb00000:5" entries, as the board appends them
 * without ACPI; else the LNRO0005 devices of the DSDT.
 */
bool virtio_find(const char *c, uint32_t device_id, VirtioDev *d)
{
    const char *key = "virtio_mmio.device=";
    size_t kl = strlen(key);
    uint64_t base;
    unsigned irq;

    while (c && *c) {
        while (*c == ' ') c++;
        if (!strncmp(c, key, kl)) {
            const char *p = c + kl, *e;
            parse_num(p, &e);
            if (*e == '@') {
                uint64_t base = parse_num(e + 1, &e);
                unsigned irq = *e == ':' ? parse_num(e + 1, &e) : 0;
                if (virtio_probe(base, irq, device_id, d)) {
                    puts_("virtio: found on the command line\n");
                    return true;
                }
            }
        }
        while (*c && *c != ' ') c++;
    }
    for (unsigned n = 0; acpi_virtio(n, &base, &irq); n++) {
        if (virtio_probe(base, irq, device_id, d)) {
            puts_("virtio: found in the DSDT\n");
            return true;
        }
    }
    return false;
}

bool virtio_setup(VirtioDev *d, uint64_t features_lo, unsigned nqueues)
{
    uint64_t b = d->base;

    if (mmio_read32(b + 4) != 2 || nqueues > 2 || nr_setup + nqueues > NQ) return false;
    mmio_write32(b + 0x70, 0);                  /* reset */
    mmio_write32(b + 0x70, 1);                  /* ACKNOWLEDGE */
    mmio_write32(b + 0x70, 1 | 2);              /* DRIVER */
    mmio_write32(b + 0x24, 0);
    mmio_write32(b + 0x20, (uint32_t)features_lo);
    mmio_write32(b + 0x24, 1);
    mmio_write32(b + 0x20, 1);                  /* VIRTIO_F_VERSION_1 */
    mmio_write32(b + 0x70, 1 | 2 | 8);          /* FEATURES_OK */
    if (!(mmio_read32(b + 0x70) & 8)) return false;
    for (unsigned q = 0; q < nqueues; q++) {
        VirtioQueue *vq = &d->q[q];
        unsigned m = nr_setup++;
        mmio_write32(b + 0x30, q);
        if (mmio_read32(b + 0x34) < QSIZE) return false;
        vq->desc = desc_mem[m];
        vq->avail = &avail_mem[m];
        vq->used = &used_mem[m];
        vq->last_used = 0;
        mmio_write32(b + 0x38, QSIZE);
        mmio_write32(b + 0x80, (uint32_t)(uint64_t)vq->desc);
        mmio_write32(b + 0x84, 0);
        mmio_write32(b + 0x90, (uint32_t)(uint64_t)vq->avail);
        mmio_write32(b + 0x94, 0);
        mmio_write32(b + 0xa0, (uint32_t)(uint64_t)vq->used);
        mmio_write32(b + 0xa4, 0);
        mmio_write32(b + 0x44, 1);              /* ready */
    }
    mmio_write32(b + 0x70, 1 | 2 | 8 | 4);      /* DRIVER_OK */
    return true;
}

void virtio_submit(VirtioDev *d, unsigned q, void **bufs, uint32_t *lens, unsigned n,
                   unsigned n_out)
{
    VirtioQueue *vq = &d->q[q];

    for (unsigned i = 0; i < n; i++) {
        vq->desc[i].addr = (uint64_t)bufs[i];
        vq->desc[i].len = lens[i];
        vq->desc[i].flags = (i + 1 < n ? 1 : 0) | (i >= n_out ? 2 : 0);
        vq->desc[i].next = i + 1;
    }
    vq->avail->ring[vq->avail->idx % QSIZE] = 0;
    mb();
    vq->avail->idx++;
    mb();
    mmio_write32(d->base + 0x50, q);            /* notify */
}

bool virtio_wait(VirtioDev *d, unsigned q, uint32_t *written, uint64_t ticks)
{
    VirtioQueue *vq = &d->q[q];
    uint64_t t0 = rdtsc();

    while (*(volatile uint16_t *)&vq->used->idx == vq->last_used) {
        if (rdtsc() - t0 > ticks) return false;
        cpu_relax();
    }
    mb();
    if (written) *written = vq->used->ring[vq->last_used % QSIZE].len;
    vq->last_used++;
    /* acknowledge the interrupt the device raised (kept for the event-idx test) */
    d->last_isr = mmio_read32(d->base + 0x60);
    mmio_write32(d->base + 0x64, d->last_isr);
    return true;
}

/* One ring descriptor pointing at an indirect table holding the chain. */
void virtio_submit_indirect(VirtioDev *d, unsigned q, void **bufs, uint32_t *lens, unsigned n,
                            unsigned n_out)
{
    static struct vdesc table[8] __attribute__((aligned(16)));
    VirtioQueue *vq = &d->q[q];

    for (unsigned i = 0; i < n && i < 8; i++) {
        table[i].addr = (uint64_t)bufs[i];
        table[i].len = lens[i];
        table[i].flags = (i + 1 < n ? 1 : 0) | (i >= n_out ? 2 : 0);
        table[i].next = i + 1;
    }
    vq->desc[0].addr = (uint64_t)table;
    vq->desc[0].len = n * sizeof(struct vdesc);
    vq->desc[0].flags = 4;                      /* VIRTQ_DESC_F_INDIRECT */
    vq->desc[0].next = 0;
    vq->avail->ring[vq->avail->idx % QSIZE] = 0;
    mb();
    vq->avail->idx++;
    mb();
    mmio_write32(d->base + 0x50, q);
}

/* EVENT_IDX fields: used_event after the avail ring, avail_event after the used ring */
void virtio_set_used_event(VirtioDev *d, unsigned q, uint16_t v)
{
    *(volatile uint16_t *)&d->q[q].avail->used_event = v;
    mb();
}

uint16_t virtio_avail_event(VirtioDev *d, unsigned q)
{
    return *(volatile uint16_t *)&d->q[q].used->avail_event;
}

uint16_t virtio_used_idx(VirtioDev *d, unsigned q)
{
    return *(volatile uint16_t *)&d->q[q].used->idx;
}

uint16_t virtio_avail_idx(VirtioDev *d, unsigned q)
{
    return d->q[q].avail->idx;
}

bool virtio_transfer(VirtioDev *d, void **bufs, uint32_t *lens, unsigned n, unsigned n_out,
                     uint32_t *written)
{
    virtio_submit(d, 0, bufs, lens, n, n_out);
    return virtio_wait(d, 0, written, 20000000000ull);
}
