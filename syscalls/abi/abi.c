/*
 * abi.c: the conversion engine behind the per-ABI data tables (abi.h):
 * scalars in the guest's byte order, layouts, flag and value maps, errno
 * and signal numbers, ioctl encodings.  Whole-struct converters that need
 * more than a layout live in convert.c.
 */
#include "common.h"
#include "syscalls/abi/abi.h"

const GuestABI *const abi_all[] = {
    &abi_riscv64, &abi_aarch64, &abi_arm,     &abi_ppc64le,
    &abi_ppc64,   &abi_ppc,     &abi_sparc64, &abi_sparc32plus,
};
const unsigned abi_count = ARRAY_SIZE(abi_all);

const GuestABI abi_host_order = {
    .name = "host",
    .long_bits = 8 * sizeof(long),
    .big_endian = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__,
};

const GuestABI *abi_by_name(const char *name)
{
    for (unsigned i = 0; i < abi_count; i++) {
        if (!strcmp(abi_all[i]->name, name)) {
            return abi_all[i];
        }
    }
    return NULL;
}

uint64_t abi_load_scalar(const GuestABI *abi, const void *p, unsigned size)
{
    uint8_t b[8];
    uint64_t v = 0;

    memcpy(b, p, size);
    for (unsigned i = 0; i < size; i++) {
        unsigned byte = abi->big_endian ? i : size - 1 - i;
        v = (v << 8) | b[byte];
    }
    return v;
}

void abi_store_scalar(const GuestABI *abi, void *p, unsigned size, uint64_t v)
{
    uint8_t b[8];

    for (unsigned i = 0; i < size; i++) {
        unsigned byte = abi->big_endian ? size - 1 - i : i;
        b[byte] = (uint8_t)(v >> (8 * i));
    }
    memcpy(p, b, size);
}

static unsigned field_count(const AbiField *f)
{
    return f->count ? f->count : 1;
}

/* A value field: total at most 8 bytes (byte arrays are the converters' business). */
static bool field_is_value(const AbiField *f)
{
    return f->size * field_count(f) <= 8;
}

/* Element i holds bits [i * 8 * size, (i + 1) * 8 * size) of the value. */
static void store_field(const GuestABI *abi, uint8_t *p, const AbiField *f, uint64_t v)
{
    unsigned n = field_count(f);

    for (unsigned i = 0; i < n; i++) {
        uint64_t part = f->size == 8 ? v : v >> (i * 8 * f->size);
        abi_store_scalar(abi, p + f->offset + i * f->size, f->size, part);
    }
}

static uint64_t load_field(const GuestABI *abi, const uint8_t *p, const AbiField *f)
{
    unsigned n = field_count(f);
    uint64_t v = 0;

    for (unsigned i = 0; i < n; i++) {
        uint64_t part = abi_load_scalar(abi, p + f->offset + i * f->size, f->size);
        v |= f->size == 8 ? part : part << (i * 8 * f->size);
    }
    return v;
}

void abi_store(const GuestABI *abi, const AbiLayout *l, void *p, const uint64_t *values)
{
    /* Padding and fields the host does not have read as zero, as the kernel's do. */
    memset(p, 0, l->size);
    for (unsigned i = 0; i < l->nfields; i++) {
        const AbiField *f = &l->fields[i];
        if (field_is_value(f)) {
            store_field(abi, p, f, values[f->id]);
        }
    }
}

void abi_store_some(const GuestABI *abi, const AbiLayout *l, void *p, const uint64_t *values,
                    uint64_t ids)
{
    for (unsigned i = 0; i < l->nfields; i++) {
        const AbiField *f = &l->fields[i];
        if (f->id < 64 && (ids >> f->id & 1) && field_is_value(f)) {
            store_field(abi, p, f, values[f->id]);
        }
    }
}

void abi_load(const GuestABI *abi, const AbiLayout *l, const void *p, uint64_t *values,
              unsigned nvalues)
{
    memset(values, 0, nvalues * sizeof(*values));
    for (unsigned i = 0; i < l->nfields; i++) {
        const AbiField *f = &l->fields[i];
        if (f->id < nvalues && field_is_value(f)) {
            values[f->id] = load_field(abi, p, f);
        }
    }
}

const AbiField *abi_field(const AbiLayout *l, unsigned id)
{
    for (unsigned i = 0; l && i < l->nfields; i++) {
        if (l->fields[i].id == id) {
            return &l->fields[i];
        }
    }
    return NULL;
}

int64_t abi_load_signed(const GuestABI *abi, const AbiLayout *l, const void *p, unsigned id)
{
    const AbiField *f = abi_field(l, id);
    unsigned bits;
    uint64_t v;

    if (!f || !field_is_value(f)) {
        return 0;
    }
    v = load_field(abi, p, f);
    bits = 8 * f->size * field_count(f);
    if (bits < 64) {
        v = (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits));
    }
    return (int64_t)v;
}

uint32_t abi_flags_to_host(const AbiBitmap *map, unsigned n, uint32_t guest)
{
    uint32_t host = guest;

    for (unsigned i = 0; i < n; i++) {
        host &= ~map[i].guest_mask;
    }
    for (unsigned i = 0; i < n; i++) {
        /* A row with a zero mask on one side drops the other side's bits. */
        if (map[i].guest_mask && (guest & map[i].guest_mask) == map[i].guest_bits) {
            host |= map[i].host_bits;
        }
    }
    return host;
}

uint32_t abi_flags_to_guest(const AbiBitmap *map, unsigned n, uint32_t host)
{
    uint32_t guest = host;

    for (unsigned i = 0; i < n; i++) {
        guest &= ~map[i].host_mask;
    }
    for (unsigned i = 0; i < n; i++) {
        if (map[i].host_mask && (host & map[i].host_mask) == map[i].host_bits) {
            guest |= map[i].guest_bits;
        }
    }
    return guest;
}

int64_t abi_value_to_host(const AbiValueMap *map, unsigned n, int64_t guest)
{
    for (unsigned i = 0; i < n; i++) {
        if (map[i].guest == guest) {
            return map[i].host;
        }
    }
    return guest;
}

int64_t abi_value_to_guest(const AbiValueMap *map, unsigned n, int64_t host)
{
    for (unsigned i = 0; i < n; i++) {
        if (map[i].host == host) {
            return map[i].guest;
        }
    }
    return host;
}

int abi_errno_to_guest(const GuestABI *abi, int host_errno)
{
    if (abi->errno_from_host && host_errno >= 0 && (unsigned)host_errno < abi->n_errno &&
        abi->errno_from_host[host_errno]) {
        return abi->errno_from_host[host_errno];
    }
    return host_errno;
}

int abi_errno_to_host(const GuestABI *abi, int guest_errno)
{
    if (!abi->errno_from_host || guest_errno <= 0) {
        return guest_errno;
    }
    /* A renumbered errno first: sparc's 41 is EPROTOTYPE, not the host's unused 41. */
    for (unsigned h = 1; h < abi->n_errno; h++) {
        if (abi->errno_from_host[h] == guest_errno) {
            return (int)h;
        }
    }
    if ((unsigned)guest_errno >= abi->n_errno || !abi->errno_from_host[guest_errno]) {
        return guest_errno; /* a number both sides share */
    }
    /* Not a number the guest's kernel would produce: keep it invalid. */
    return EINVAL;
}

/* Real-time signals (32..64) keep their numbers on every ABI we support. */
int abi_signal_to_host(const GuestABI *abi, int guest_sig)
{
    if (guest_sig <= 0 || guest_sig > 64) {
        return 0;
    }
    if (guest_sig >= 32 || !abi->signal_to_host) {
        return guest_sig;
    }
    return abi->signal_to_host[guest_sig];
}

int abi_signal_to_guest(const GuestABI *abi, int host_sig)
{
    if (host_sig <= 0 || host_sig > 64) {
        return 0;
    }
    if (host_sig >= 32 || !abi->signal_to_host) {
        return host_sig;
    }
    for (int g = 1; g < 32; g++) {
        if (abi->signal_to_host[g] == host_sig) {
            return g;
        }
    }
    return 0;
}

/*
 * _IOC(dir, type, nr, size): nr in bits 0-7, type 8-15, size from bit 16
 * (size_bits wide), dir above it.  The host is asm-generic (14 size bits,
 * none 0, write 1, read 2).
 */
uint32_t abi_ioctl_to_host(const GuestABI *abi, uint32_t guest_req)
{
    const AbiIocEncoding *e = &abi->ioc;
    unsigned size_bits = e->size_bits ? e->size_bits : 14;
    unsigned dir_bits = e->dir_bits ? e->dir_bits : 2;
    uint32_t size = (guest_req >> 16) & ((1u << size_bits) - 1);
    uint32_t dir = (guest_req >> (16 + size_bits)) & ((1u << dir_bits) - 1);
    uint32_t hdir = 0;

    if (!e->size_bits || dir == 0) {
        /* asm-generic: the host's own encoding; no direction at all: an old-style number. */
        return guest_req;
    }
    if (dir != e->dir_none) {
        hdir = (dir & e->dir_write ? 1u : 0) | (dir & e->dir_read ? 2u : 0);
    }
    return (guest_req & 0xffff) | size << 16 | hdir << 30;
}
