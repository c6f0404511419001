/*
 * memory.h: a board's physical address spaces.
 *
 * An AddressSpace is a sorted list of regions; each is either RAM (host
 * memory the accelerator maps straight into the guest) or I/O (a device's
 * const MemRegionOps, called for every access).  x86 boards have two spaces,
 * memory and port I/O; other architectures use only the first.  The map is
 * built during board setup and never changes while vCPUs run, so lookups
 * take no lock; the device callbacks themselves run under the big lock
 * (main-loop.h).
 */
#ifndef SOFTMMU_MEMORY_H
#define SOFTMMU_MEMORY_H

#include "common.h"

typedef struct MemRegionOps {
    /* size is 1, 2, 4 or 8; offset is relative to the region's base. */
    uint64_t (*read)(void *opaque, uint64_t offset, unsigned size);
    void (*write)(void *opaque, uint64_t offset, uint64_t value, unsigned size);
} MemRegionOps;

typedef struct MemRegion {
    const char *name;
    uint64_t base;
    uint64_t size;
    uint8_t *host;              /* RAM: host address of base; NULL for I/O */
    const MemRegionOps *ops;    /* I/O */
    void *opaque;
} MemRegion;

typedef struct AddressSpace {
    const char *name;
    MemRegion *regions;         /* sorted by base, never overlapping */
    unsigned nr_regions;
} AddressSpace;

void as_init(AddressSpace *as, const char *name);
void as_destroy(AddressSpace *as);
bool as_add_ram(AddressSpace *as, const char *name, uint64_t base, uint64_t size,
                uint8_t *host, GError **errp);
bool as_add_io(AddressSpace *as, const char *name, uint64_t base, uint64_t size,
               const MemRegionOps *ops, void *opaque, GError **errp);
const MemRegion *as_find(const AddressSpace *as, uint64_t addr);

/*
 * Host pointer for [addr, addr+len) if it lies within one RAM region, else
 * NULL.  This is how devices do DMA: guest-controlled addresses are always
 * checked here before use.
 */
void *as_ram_ptr(const AddressSpace *as, uint64_t addr, uint64_t len);

/*
 * Dispatch a guest access to the device at addr.  Reads from unmapped
 * addresses return all ones, writes are dropped (both logged with -d
 * guest_errors semantics through as_log_unassigned).  Returns false if no
 * region claims addr.
 */
bool as_read(const AddressSpace *as, uint64_t addr, void *data, unsigned size);
bool as_write(const AddressSpace *as, uint64_t addr, const void *data, unsigned size);

/* Print unassigned accesses on stderr (set by -d guest_errors). */
extern bool as_log_unassigned;

#endif
