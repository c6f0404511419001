/*
 * abi.c: the conversion engine behind the per-ABI data tables (abi.h).
 */
#include "common.h"
#include "syscalls/abi/abi.h"

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

void abi_store(const GuestABI *abi, const AbiLayout *l, void *p, const uint64_t *values)
{
    /* Padding and fields the host does not have read as zero, as the kernel's do. */
    memset(p, 0, l->size);
    for (unsigned i = 0; i < l->nfields; i++) {
        const AbiField *f = &l->fields[i];
        abi_store_scalar(abi, (uint8_t *)p + f->offset, f->size, values[f->id]);
    }
}

void abi_load(const GuestABI *abi, const AbiLayout *l, const void *p, uint64_t *values,
              unsigned nvalues)
{
    memset(values, 0, nvalues * sizeof(*values));
    for (unsigned i = 0; i < l->nfields; i++) {
        const AbiField *f = &l->fields[i];
        if (f->id < nvalues) {
            values[f->id] = abi_load_scalar(abi, (const uint8_t *)p + f->offset, f->size);
        }
    }
}

uint32_t abi_flags_to_host(const AbiBitmap *map, unsigned n, uint32_t guest)
{
    uint32_t host = guest;

    for (unsigned i = 0; i < n; i++) {
        host &= ~map[i].guest_mask;
    }
    for (unsigned i = 0; i < n; i++) {
        if ((guest & map[i].guest_mask) == map[i].guest_bits) {
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
        if ((host & map[i].host_mask) == map[i].host_bits) {
            guest |= map[i].guest_bits;
        }
    }
    return guest;
}

int abi_errno_to_guest(const GuestABI *abi, int host_errno)
{
    if (abi->errno_from_host && host_errno >= 0 && (unsigned)host_errno < abi->n_errno &&
        abi->errno_from_host[host_errno]) {
        return abi->errno_from_host[host_errno];
    }
    return host_errno;
}
