/*
 * cmsg.c: control-message chains (sendmsg/recvmsg ancillary data) between
 * the host's layout and a guest's (abi.h, abi_cmsgs_*).
 *
 * A chain is a sequence of cmsghdr {len, level, type} each followed by its
 * payload, every header and payload aligned to a long: 8 bytes on the host
 * and the LP64 guests, 4 on the ILP32 ones, so even a payload that needs no
 * conversion moves.  cmsg_len counts the aligned header plus the payload.
 */
#include "common.h"
#include "syscalls/abi/abi.h"

#include <sys/socket.h>

/* SO_* numbers of the host's SCM_* types at SOL_SOCKET. */
enum {
    HOST_SCM_TIMESTAMP_OLD = SO_TIMESTAMP_OLD,
    HOST_SCM_TIMESTAMPNS_OLD = SO_TIMESTAMPNS_OLD,
    HOST_SCM_TIMESTAMP_NEW = SO_TIMESTAMP_NEW,
    HOST_SCM_TIMESTAMPNS_NEW = SO_TIMESTAMPNS_NEW,
};

typedef enum Payload {
    PAYLOAD_BYTES,
    PAYLOAD_INTS,
    PAYLOAD_TIMEVAL,
    PAYLOAD_TIMESPEC,
    PAYLOAD_TIME64
} Payload;

static Payload payload_kind(int host_level, int host_type)
{
    if (host_level != SOL_SOCKET) {
        return PAYLOAD_BYTES;
    }
    switch (host_type) {
    case SCM_RIGHTS:
    case SCM_CREDENTIALS: return PAYLOAD_INTS;
    case HOST_SCM_TIMESTAMP_OLD: return PAYLOAD_TIMEVAL;
    case HOST_SCM_TIMESTAMPNS_OLD: return PAYLOAD_TIMESPEC;
    case HOST_SCM_TIMESTAMP_NEW:
    case HOST_SCM_TIMESTAMPNS_NEW: return PAYLOAD_TIME64;
    default: return PAYLOAD_BYTES;
    }
}

/* The type at SOL_SOCKET: SCM_RIGHTS and SCM_CREDENTIALS are 1 and 2 everywhere, the rest SO_*. */
static int type_to_host(const GuestABI *abi, int level, int type)
{
    if (level != SOL_SOCKET || type == SCM_RIGHTS || type == SCM_CREDENTIALS) {
        return type;
    }
    return (int)abi_value_to_host(abi->sockopts, abi->n_sockopts, type);
}

static int type_to_guest(const GuestABI *abi, int level, int type)
{
    if (level != SOL_SOCKET || type == SCM_RIGHTS || type == SCM_CREDENTIALS) {
        return type;
    }
    return (int)abi_value_to_guest(abi->sockopts, abi->n_sockopts, type);
}

size_t abi_cmsg_align(const GuestABI *abi, size_t len)
{
    return ROUND_UP(len, (size_t)abi->long_bits / 8);
}

size_t abi_cmsg_space(const GuestABI *abi, size_t payload)
{
    return abi_cmsg_align(abi, abi->cmsghdr->size) + abi_cmsg_align(abi, payload);
}

/* The guest size of a payload of the host's size n. */
static size_t guest_payload_size(const GuestABI *abi, Payload k, size_t n)
{
    switch (k) {
    case PAYLOAD_TIMEVAL: return n >= 16 ? abi->timeval->size : n;
    case PAYLOAD_TIMESPEC: return n >= 16 ? abi->timespec->size : n;
    default: return n;
    }
}

static size_t host_payload_size(const GuestABI *abi, Payload k, size_t n)
{
    switch (k) {
    case PAYLOAD_TIMEVAL: return n >= abi->timeval->size ? 16 : n;
    case PAYLOAD_TIMESPEC: return n >= abi->timespec->size ? 16 : n;
    default: return n;
    }
}

/* Convert one payload; from/to are byte orders (a guest ABI or abi_host_order). */
static void convert_payload(const GuestABI *abi, Payload k, const uint8_t *src, size_t slen,
                            uint8_t *dst, size_t dlen, bool to_guest)
{
    const GuestABI *from = to_guest ? &abi_host_order : abi;
    const GuestABI *to = to_guest ? abi : &abi_host_order;

    switch (k) {
    case PAYLOAD_INTS:
    case PAYLOAD_TIME64: {
        unsigned w = k == PAYLOAD_INTS ? 4 : 8;
        size_t i;
        for (i = 0; i + w <= MIN(slen, dlen); i += w) {
            abi_store_scalar(to, dst + i, w, abi_load_scalar(from, src + i, w));
        }
        memcpy(dst + i, src + i, MIN(slen, dlen) - i);
        return;
    }
    case PAYLOAD_TIMEVAL:
    case PAYLOAD_TIMESPEC: {
        const AbiLayout *gl = k == PAYLOAD_TIMEVAL ? abi->timeval : abi->timespec;
        const AbiLayout *hl = abi->timespec64; /* the host's: two 64-bit values */
        const AbiLayout *sl = to_guest ? hl : gl, *dl = to_guest ? gl : hl;
        if (slen >= sl->size && dlen >= dl->size) {
            int64_t sec = abi_load_signed(from, sl, src, TS_SEC);
            int64_t frac = abi_load_signed(from, sl, src, TS_NSEC);
            uint64_t v[TS_NFIELDS] = { (uint64_t)sec, (uint64_t)frac };
            abi_store(to, dl, dst, v);
            return;
        }
        break;
    }
    case PAYLOAD_BYTES: break;
    }
    memcpy(dst, src, MIN(slen, dlen));
}

size_t abi_cmsgs_to_guest(const GuestABI *abi, const void *h, size_t hlen, void *g, size_t gcap,
                          bool *truncated)
{
    const uint8_t *hp = h;
    uint8_t *gp = g;
    size_t hoff = 0, goff = 0;
    size_t ghdr = abi_cmsg_align(abi, abi->cmsghdr->size);

    *truncated = false;
    while (hoff < hlen && hlen - hoff >= CMSG_LEN(0)) {
        struct cmsghdr hc;
        memcpy(&hc, hp + hoff, sizeof(hc));
        if (hc.cmsg_len < CMSG_LEN(0) || hc.cmsg_len > hlen - hoff) {
            break;
        }
        size_t hpay = hc.cmsg_len - CMSG_LEN(0);
        Payload k = payload_kind(hc.cmsg_level, hc.cmsg_type);
        size_t gpay = guest_payload_size(abi, k, hpay);
        if (goff + ghdr + gpay > gcap) {
            *truncated = true;
            break;
        }
        uint64_t v[CMSG_F_NFIELDS] = {
            [CMSG_F_LEN] = ghdr + gpay,
            [CMSG_F_LEVEL] = (uint32_t)abi_value_to_guest(abi->sockopt_levels,
                                                          abi->n_sockopt_levels, hc.cmsg_level),
            [CMSG_F_TYPE] = (uint32_t)type_to_guest(abi, hc.cmsg_level, hc.cmsg_type),
        };
        abi_store(abi, abi->cmsghdr, gp + goff, v);
        memset(gp + goff + abi->cmsghdr->size, 0, ghdr - abi->cmsghdr->size);
        convert_payload(abi, k, hp + hoff + CMSG_LEN(0), hpay, gp + goff + ghdr, gpay, true);
        /* The padding after a payload belongs to the message, up to the buffer's end. */
        size_t next = goff + abi_cmsg_align(abi, ghdr + gpay);
        memset(gp + goff + ghdr + gpay, 0, MIN(next, gcap) - (goff + ghdr + gpay));
        goff = MIN(next, gcap);
        hoff += CMSG_ALIGN(hc.cmsg_len);
    }
    return goff;
}

size_t abi_cmsgs_to_host(const GuestABI *abi, const void *g, size_t glen, void *h, size_t hcap,
                         bool *truncated)
{
    const uint8_t *gp = g;
    uint8_t *hp = h;
    size_t goff = 0, hoff = 0;
    size_t ghdr = abi_cmsg_align(abi, abi->cmsghdr->size);

    *truncated = false;
    while (goff < glen && glen - goff >= ghdr) {
        uint64_t v[CMSG_F_NFIELDS];
        abi_load(abi, abi->cmsghdr, gp + goff, v, CMSG_F_NFIELDS);
        if (v[CMSG_F_LEN] < ghdr || v[CMSG_F_LEN] > glen - goff) {
            break;
        }
        int level = (int)abi_value_to_host(abi->sockopt_levels, abi->n_sockopt_levels,
                                           (int32_t)v[CMSG_F_LEVEL]);
        int type = type_to_host(abi, level, (int32_t)v[CMSG_F_TYPE]);
        size_t gpay = v[CMSG_F_LEN] - ghdr;
        Payload k = payload_kind(level, type);
        size_t hpay = host_payload_size(abi, k, gpay);
        if (hoff + CMSG_SPACE(hpay) > hcap) {
            *truncated = true;
            break;
        }
        struct cmsghdr hc = { .cmsg_len = CMSG_LEN(hpay), .cmsg_level = level, .cmsg_type = type };
        memset(hp + hoff, 0, CMSG_SPACE(hpay));
        memcpy(hp + hoff, &hc, sizeof(hc));
        convert_payload(abi, k, gp + goff + ghdr, gpay, hp + hoff + CMSG_LEN(0), hpay, false);
        hoff += CMSG_SPACE(hpay);
        goff += abi_cmsg_align(abi, v[CMSG_F_LEN]);
    }
    return hoff;
}
