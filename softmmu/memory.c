/*
 * memory.c: address spaces (see memory.h).
 */
#include "common.h"
#include "softmmu/memory.h"

bool as_log_unassigned;

void as_init(AddressSpace *as, const char *name)
{
    memset(as, 0, sizeof(*as));
    as->name = name;
}

void as_destroy(AddressSpace *as)
{
    g_free(as->regions);
    as->regions = NULL;
    as->nr_regions = 0;
}

static bool as_insert(AddressSpace *as, const MemRegion *r, GError **errp)
{
    unsigned i;

    if (r->size == 0 || r->base + r->size - 1 < r->base) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "%s: bad region %s at 0x%" PRIx64,
                    as->name, r->name, r->base);
        return false;
    }
    for (i = 0; i < as->nr_regions; i++) {
        const MemRegion *o = &as->regions[i];
        if (r->base <= o->base + o->size - 1 && o->base <= r->base + r->size - 1) {
            g_set_error(errp, CROSSEMU_ERROR, 0,
                        "%s: region %s at 0x%" PRIx64 " overlaps %s at 0x%" PRIx64,
                        as->name, r->name, r->base, o->name, o->base);
            return false;
        }
        if (o->base > r->base) {
            break;
        }
    }
    as->regions = g_renew(MemRegion, as->regions, as->nr_regions + 1);
    memmove(&as->regions[i + 1], &as->regions[i],
            (as->nr_regions - i) * sizeof(MemRegion));
    as->regions[i] = *r;
    as->nr_regions++;
    return true;
}

bool as_add_ram(AddressSpace *as, const char *name, uint64_t base, uint64_t size,
                uint8_t *host, GError **errp)
{
    MemRegion r = { .name = name, .base = base, .size = size, .host = host };
    return as_insert(as, &r, errp);
}

bool as_add_io(AddressSpace *as, const char *name, uint64_t base, uint64_t size,
               const MemRegionOps *ops, void *opaque, GError **errp)
{
    MemRegion r = { .name = name, .base = base, .size = size, .ops = ops,
                    .opaque = opaque };
    return as_insert(as, &r, errp);
}

const MemRegion *as_find(const AddressSpace *as, uint64_t addr)
{
    unsigned lo = 0, hi = as->nr_regions;

    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        const MemRegion *r = &as->regions[mid];
        if (addr < r->base) {
            hi = mid;
        } else if (addr - r->base >= r->size) {
            lo = mid + 1;
        } else {
            return r;
        }
    }
    return NULL;
}

void *as_ram_ptr(const AddressSpace *as, uint64_t addr, uint64_t len)
{
    const MemRegion *r = as_find(as, addr);

    if (!r || !r->host || len > r->size - (addr - r->base)) {
        return NULL;
    }
    return r->host + (addr - r->base);
}

bool as_read(const AddressSpace *as, uint64_t addr, void *data, unsigned size)
{
    const MemRegion *r = as_find(as, addr);
    uint64_t v;

    if (!r || size > r->size - (addr - r->base)) {
        if (as_log_unassigned) {
            fprintf(stderr, "%s: unassigned read of %u bytes at 0x%" PRIx64 "\n",
                    as->name, size, addr);
        }
        memset(data, 0xff, size);
        return false;
    }
    if (r->host) {
        memcpy(data, r->host + (addr - r->base), size);
        return true;
    }
    v = r->ops->read ? r->ops->read(r->opaque, addr - r->base, size) : ~0ull;
    memcpy(data, &v, size);     /* x86 and our hosts are little-endian */
    return true;
}

bool as_write(const AddressSpace *as, uint64_t addr, const void *data, unsigned size)
{
    const MemRegion *r = as_find(as, addr);
    uint64_t v = 0;

    if (!r || size > r->size - (addr - r->base)) {
        if (as_log_unassigned) {
            fprintf(stderr, "%s: unassigned write of %u bytes at 0x%" PRIx64 "\n",
                    as->name, size, addr);
        }
        return false;
    }
    if (r->host) {
        memcpy(r->host + (addr - r->base), data, size);
        return true;
    }
    memcpy(&v, data, size > 8 ? 8 : size);
    if (r->ops->write) {
        r->ops->write(r->opaque, addr - r->base, v, size);
    }
    return true;
}
