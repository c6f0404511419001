/*
 * socket.c: sockets.  Everything that crosses the boundary goes through the
 * guest ABI's tables and converters (syscalls/abi/abi.h), so a 32-bit or
 * big-endian guest works from data: socket addresses (only sa_family and
 * netlink's integers are in the guest's byte order), SOCK_* type flags,
 * SOL_SOCKET level and SO_* option numbers, option values (timevals, ints,
 * socket filters), struct msghdr/mmsghdr and iovec layouts, and
 * control-message chains (headers re-aligned, SCM_RIGHTS and
 * SCM_CREDENTIALS ints and SCM_TIMESTAMP* times converted).
 */
#include "common.h"
#include "syscalls/syscall.h"

#include <linux/filter.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>

/*
 * The kernel caps a sendmsg control buffer at optmem_max (ENOBUFS); this is
 * the same order of magnitude and bounds our host-side copy.
 */
#define MAX_CONTROL (128 * 1024)
/* The largest socket option value we copy (the kernel has no general limit). */
#define MAX_OPTLEN (64 * 1024)

static int64_t ret_errno(int64_t r)
{
    return r < 0 ? -errno : r;
}

static int sock_type_to_host(uint64_t t)
{
    uint32_t g = (uint32_t)t;
    uint32_t base = g & 0xf;
    return (int)(base | abi_flags_to_host(guest_abi->sock_type_flags,
                                          guest_abi->n_sock_type_flags, g & ~0xfu));
}

/* A guest socket address into ss (len is the guest's, which is also the host's). */
static int64_t load_addr(uint64_t gaddr, uint64_t len, struct sockaddr_storage *ss)
{
    if (len > sizeof(*ss)) {
        return -EINVAL;
    }
    if (!user_access_ok(gaddr, len, PAGE_READ)) {
        return -EFAULT;
    }
    memset(ss, 0, sizeof(*ss));
    abi_sockaddr_to_host(guest_abi, g2h(gaddr), ss, len);
    return 0;
}

/*
 * A host address of length len into a guest buffer of `have` bytes: the
 * kernel truncates to the buffer and reports the full length.
 */
static int64_t put_addr(uint64_t gaddr, uint32_t have, const struct sockaddr_storage *ss,
                        socklen_t len)
{
    struct sockaddr_storage g;
    size_t n = MIN((size_t)len, sizeof(g));

    abi_sockaddr_to_guest(guest_abi, ss, &g, n);
    if (!user_copy_to(gaddr, &g, MIN((size_t)have, n))) {
        return -EFAULT;
    }
    return 0;
}

/* An address and its socklen_t: accept, getsockname, recvfrom. */
static int64_t store_addr(uint64_t gaddr, uint64_t glen, const struct sockaddr_storage *ss,
                          socklen_t len)
{
    uint32_t have;
    int64_t r;

    if (!gaddr) {
        return 0;
    }
    if (!user_access_ok(glen, 4, PAGE_READ | PAGE_WRITE)) {
        return -EFAULT;
    }
    have = (uint32_t)abi_load_scalar(guest_abi, g2h(glen), 4);
    r = put_addr(gaddr, have, ss, len);
    if (r < 0) {
        return r;
    }
    abi_store_scalar(guest_abi, g2h(glen), 4, len);
    return 0;
}

static int64_t sys_socket(CPUCommon *cpu, const uint64_t *a)
{
    return ret_errno(socket(arg_int(a[0]), sock_type_to_host(a[1]), arg_int(a[2])));
}

static int64_t sys_socketpair(CPUCommon *cpu, const uint64_t *a)
{
    int sv[2];

    if (!user_access_ok(a[3], 8, PAGE_WRITE)) {
        return -EFAULT;
    }
    if (socketpair(arg_int(a[0]), sock_type_to_host(a[1]), arg_int(a[2]), sv) != 0) {
        return -errno;
    }
    abi_store_scalar(guest_abi, g2h(a[3]), 4, (uint32_t)sv[0]);
    abi_store_scalar(guest_abi, (uint8_t *)g2h(a[3]) + 4, 4, (uint32_t)sv[1]);
    return 0;
}

static int64_t sys_bind(CPUCommon *cpu, const uint64_t *a)
{
    struct sockaddr_storage ss;
    int64_t r = load_addr(a[1], (uint32_t)a[2], &ss);

    return r < 0 ? r : ret_errno(bind(arg_int(a[0]), (struct sockaddr *)&ss, (socklen_t)a[2]));
}

static int64_t sys_connect(CPUCommon *cpu, const uint64_t *a)
{
    struct sockaddr_storage ss;
    int64_t r = load_addr(a[1], (uint32_t)a[2], &ss);

    return r < 0 ? r : ret_errno(connect(arg_int(a[0]), (struct sockaddr *)&ss, (socklen_t)a[2]));
}

static int64_t sys_listen(CPUCommon *cpu, const uint64_t *a)
{
    return ret_errno(listen(arg_int(a[0]), arg_int(a[1])));
}

static int64_t sys_accept4(CPUCommon *cpu, const uint64_t *a)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    int flags = (int)abi_flags_to_host(guest_abi->sock_type_flags, guest_abi->n_sock_type_flags,
                                       (uint32_t)a[3]);
    int fd = accept4(arg_int(a[0]), a[1] ? (struct sockaddr *)&ss : NULL, a[1] ? &len : NULL,
                     flags);
    int64_t r;

    if (fd < 0) {
        return -errno;
    }
    r = store_addr(a[1], a[2], &ss, len);
    return r < 0 ? r : fd;
}

static int64_t sys_accept(CPUCommon *cpu, const uint64_t *a)
{
    const uint64_t b[6] = { a[0], a[1], a[2], 0 };
    return sys_accept4(cpu, b);
}

static int64_t name_call(const uint64_t *a, int (*fn)(int, struct sockaddr *, socklen_t *))
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);

    if (fn(arg_int(a[0]), (struct sockaddr *)&ss, &len) != 0) {
        return -errno;
    }
    return store_addr(a[1], a[2], &ss, len);
}

static int64_t sys_getsockname(CPUCommon *cpu, const uint64_t *a) { return name_call(a, getsockname); }
static int64_t sys_getpeername(CPUCommon *cpu, const uint64_t *a) { return name_call(a, getpeername); }

static int64_t sys_sendto(CPUCommon *cpu, const uint64_t *a)
{
    struct sockaddr_storage ss;
    uint64_t len = arg_ulong(a[2]);
    int64_t r;

    if (!user_access_ok(a[1], len, PAGE_READ)) {
        return -EFAULT;
    }
    if (a[4]) {
        r = load_addr(a[4], (uint32_t)a[5], &ss);
        if (r < 0) {
            return r;
        }
    }
    return ret_errno(sendto(arg_int(a[0]), g2h(a[1]), len, arg_int(a[3]),
                            a[4] ? (struct sockaddr *)&ss : NULL, (socklen_t)a[5]));
}

static int64_t sys_recvfrom(CPUCommon *cpu, const uint64_t *a)
{
    struct sockaddr_storage ss;
    socklen_t alen = sizeof(ss);
    uint64_t len = arg_ulong(a[2]);
    int64_t r, s;

    if (!user_access_ok(a[1], len, PAGE_WRITE)) {
        return -EFAULT;
    }
    r = recvfrom(arg_int(a[0]), g2h(a[1]), len, arg_int(a[3]),
                 a[4] ? (struct sockaddr *)&ss : NULL, a[4] ? &alen : NULL);
    if (r < 0) {
        return -errno;
    }
    s = store_addr(a[4], a[5], &ss, alen);
    return s < 0 ? s : r;
}

static int64_t sys_shutdown(CPUCommon *cpu, const uint64_t *a)
{
    return ret_errno(shutdown(arg_int(a[0]), arg_int(a[1])));
}

/* ---- socket options ---- */

/* How an option value is laid out, which decides its conversion. */
typedef enum OptKind {
    OPT_BYTES,      /* strings, network-order addresses: as is */
    OPT_INTS,       /* an int or an array of ints (linger, ucred, peer groups) */
    OPT_INT,        /* an int if 4 bytes long (IP, TCP... options), else bytes */
    OPT_TIMEVAL,    /* SO_*TIMEO_OLD: the guest's long-based timeval */
    OPT_TIMEVAL64,  /* SO_*TIMEO_NEW: __kernel_sock_timeval, 64-bit fields */
    OPT_U64,        /* SO_COOKIE */
    OPT_FPROG,      /* SO_ATTACH_FILTER: a guest pointer to BPF instructions */
    OPT_MREQ,       /* ip_mreqn / ipv6_mreq: addresses as is, an int ifindex after them */
} OptKind;

/* The kind of a host level/option, and the size of the int after an address (OPT_MREQ). */
static OptKind opt_kind(int level, int name, unsigned *mreq_off)
{
    if (level == SOL_SOCKET) {
        switch (name) {
        case SO_RCVTIMEO_OLD:
        case SO_SNDTIMEO_OLD: return OPT_TIMEVAL;
        case SO_RCVTIMEO_NEW:
        case SO_SNDTIMEO_NEW: return OPT_TIMEVAL64;
        case SO_COOKIE: return OPT_U64;
        case SO_ATTACH_FILTER:
        case SO_ATTACH_REUSEPORT_CBPF: return OPT_FPROG;
        case SO_BINDTODEVICE:
        case SO_PEERSEC:
        case SO_PEERNAME: return OPT_BYTES;
        default: return OPT_INTS;
        }
    }
    if (level == IPPROTO_IP) {
        switch (name) {
        case IP_ADD_MEMBERSHIP:
        case IP_DROP_MEMBERSHIP:
        case IP_MULTICAST_IF:
            *mreq_off = 8;      /* struct ip_mreqn: imr_ifindex after two in_addr */
            return OPT_MREQ;
        case IP_OPTIONS:
        case IP_PKTOPTIONS:
        case IP_ADD_SOURCE_MEMBERSHIP:
        case IP_DROP_SOURCE_MEMBERSHIP:
        case IP_BLOCK_SOURCE:
        case IP_UNBLOCK_SOURCE: return OPT_BYTES;
        default: break;
        }
    }
    if (level == IPPROTO_IPV6 && (name == IPV6_ADD_MEMBERSHIP || name == IPV6_DROP_MEMBERSHIP)) {
        *mreq_off = 16;         /* struct ipv6_mreq: ipv6mr_interface after an in6_addr */
        return OPT_MREQ;
    }
    /*
     * Most options at the other levels (IP, IPv6, TCP, UDP) are ints; a
     * value of another size (TCP_INFO, IP_MSFILTER...) is taken as bytes.
     */
    return OPT_INT;
}

/* Swap the 4-byte words of an int-valued option between byte orders. */
static void convert_ints(const GuestABI *from, const GuestABI *to, const uint8_t *src,
                         uint8_t *dst, size_t len)
{
    size_t i;

    for (i = 0; i + 4 <= len; i += 4) {
        abi_store_scalar(to, dst + i, 4, abi_load_scalar(from, src + i, 4));
    }
    memcpy(dst + i, src + i, len - i);
}

/* BPF instructions for SO_ATTACH_FILTER: struct sock_filter {u16 code; u8 jt, jf; u32 k}. */
static int64_t set_filter(int fd, int level, int name, const uint8_t *g, uint32_t glen)
{
    unsigned w = guest_abi->long_bits / 8;
    struct sock_fprog prog;
    struct sock_filter *ins;
    uint64_t gfilter;
    int64_t r;

    if (glen < 2 * w) {
        return -EINVAL;
    }
    prog.len = (unsigned short)abi_load_scalar(guest_abi, g, 2);
    gfilter = abi_load_scalar(guest_abi, g + w, w);
    if (!user_access_ok(gfilter, (uint64_t)prog.len * 8, PAGE_READ)) {
        return -EFAULT;
    }
    ins = g_new0(struct sock_filter, prog.len ? prog.len : 1);
    for (unsigned i = 0; i < prog.len; i++) {
        const uint8_t *p = (const uint8_t *)g2h(gfilter) + 8 * i;
        ins[i].code = (uint16_t)abi_load_scalar(guest_abi, p, 2);
        ins[i].jt = p[2];
        ins[i].jf = p[3];
        ins[i].k = (uint32_t)abi_load_scalar(guest_abi, p + 4, 4);
    }
    prog.filter = ins;
    r = ret_errno(setsockopt(fd, level, name, &prog, sizeof(prog)));
    g_free(ins);
    return r;
}

static int64_t sys_setsockopt(CPUCommon *cpu, const uint64_t *a)
{
    int fd = arg_int(a[0]);
    int level = (int)abi_value_to_host(guest_abi->sockopt_levels, guest_abi->n_sockopt_levels,
                                       arg_int(a[1]));
    int name = arg_int(a[2]);
    uint32_t len = (uint32_t)a[4];
    g_autofree uint8_t *buf = NULL;
    const uint8_t *g;
    unsigned mreq_off = 0;
    int64_t sec, frac;
    OptKind kind;

    if (level == SOL_SOCKET) {
        name = (int)abi_value_to_host(guest_abi->sockopts, guest_abi->n_sockopts, name);
    }
    if ((int32_t)len < 0) {
        return -EINVAL;
    }
    if (len > MAX_OPTLEN) {
        log_mask_printf(LOG_UNIMP, "setsockopt(%d, %d): a %u-byte value\n", level, name, len);
        return -ENOMEM;
    }
    if (!user_access_ok(a[3], len, PAGE_READ)) {
        return -EFAULT;
    }
    g = g2h(a[3]);
    buf = g_malloc0(MAX(len, 8u));
    kind = opt_kind(level, name, &mreq_off);
    switch (kind) {
    case OPT_TIMEVAL:
    case OPT_TIMEVAL64: {
        const AbiLayout *l = kind == OPT_TIMEVAL ? guest_abi->timeval : guest_abi->timeval64;
        struct timeval tv;
        if (len < l->size) {
            return -EINVAL;
        }
        abi_time_from_guest(guest_abi, l, g, &sec, &frac);
        tv.tv_sec = sec;
        tv.tv_usec = frac;
        /* The host's old timeval is its 64-bit one: both layouts are two 64-bit values. */
        return ret_errno(setsockopt(fd, level, name, &tv, sizeof(tv)));
    }
    case OPT_FPROG:
        return set_filter(fd, level, name, g, len);
    case OPT_U64:
        if (len >= 8) {
            abi_store_scalar(&abi_host, buf, 8, abi_load_scalar(guest_abi, g, 8));
            memcpy(buf + 8, g + 8, len - 8);
            break;
        }
        memcpy(buf, g, len);
        break;
    case OPT_MREQ:
        memcpy(buf, g, len);
        if (len >= mreq_off + 4) {
            abi_store_scalar(&abi_host, buf + mreq_off, 4,
                             abi_load_scalar(guest_abi, g + mreq_off, 4));
        }
        break;
    case OPT_INTS:
        convert_ints(guest_abi, &abi_host, g, buf, len);
        break;
    case OPT_INT:
        if (len == 4) {
            convert_ints(guest_abi, &abi_host, g, buf, len);
            break;
        }
        memcpy(buf, g, len);
        break;
    case OPT_BYTES:
        memcpy(buf, g, len);
        break;
    }
    return ret_errno(setsockopt(fd, level, name, buf, len));
}

static int64_t sys_getsockopt(CPUCommon *cpu, const uint64_t *a)
{
    int fd = arg_int(a[0]);
    int level = (int)abi_value_to_host(guest_abi->sockopt_levels, guest_abi->n_sockopt_levels,
                                       arg_int(a[1]));
    int name = arg_int(a[2]);
    g_autofree uint8_t *buf = NULL, *out = NULL;
    socklen_t len, glen, outlen, cap;
    unsigned mreq_off = 0;
    OptKind kind;

    if (level == SOL_SOCKET) {
        name = (int)abi_value_to_host(guest_abi->sockopts, guest_abi->n_sockopts, name);
    }
    if (!user_access_ok(a[4], 4, PAGE_READ | PAGE_WRITE)) {
        return -EFAULT;
    }
    glen = (socklen_t)abi_load_scalar(guest_abi, g2h(a[4]), 4);
    if ((int32_t)glen < 0) {
        return -EINVAL;
    }
    kind = opt_kind(level, name, &mreq_off);
    /* Ask the host for its own size of the structs whose size differs from the guest's. */
    len = kind == OPT_TIMEVAL || kind == OPT_TIMEVAL64 ? sizeof(struct timeval)
                                                        : MIN(glen, (socklen_t)MAX_OPTLEN);
    cap = MAX(len, (socklen_t)sizeof(struct timeval));
    buf = g_malloc0(cap);
    out = g_malloc0(cap);
    if (getsockopt(fd, level, name, buf, &len) != 0) {
        int e = errno;
        /* SO_PEERGROUPS and friends report the size they need with ERANGE. */
        if (e == ERANGE) {
            abi_store_scalar(guest_abi, g2h(a[4]), 4, len);
        }
        return -e;
    }
    len = MIN(len, cap);
    switch (kind) {
    case OPT_TIMEVAL:
    case OPT_TIMEVAL64: {
        const AbiLayout *l = kind == OPT_TIMEVAL ? guest_abi->timeval : guest_abi->timeval64;
        struct timeval tv;
        memcpy(&tv, buf, sizeof(tv));
        abi_time_to_guest(guest_abi, l, out, tv.tv_sec, tv.tv_usec);
        outlen = l->size;
        break;
    }
    case OPT_U64:
        memcpy(out, buf, len);
        if (len >= 8) {
            abi_store_scalar(guest_abi, out, 8, abi_load_scalar(&abi_host, buf, 8));
        }
        outlen = len;
        break;
    case OPT_MREQ:
        memcpy(out, buf, len);
        if (len >= mreq_off + 4) {
            abi_store_scalar(guest_abi, out + mreq_off, 4,
                             abi_load_scalar(&abi_host, buf + mreq_off, 4));
        }
        outlen = len;
        break;
    case OPT_INTS:
        convert_ints(&abi_host, guest_abi, buf, out, len);
        outlen = len;
        break;
    case OPT_INT:
        if (len == 4) {
            convert_ints(&abi_host, guest_abi, buf, out, len);
        } else {
            memcpy(out, buf, len);
        }
        outlen = len;
        break;
    default:
        memcpy(out, buf, len);
        outlen = len;
        break;
    }
    /* The kernel truncates a value to the guest's buffer and reports what it wrote. */
    outlen = MIN(outlen, glen);
    if (!user_copy_to(a[3], out, outlen)) {
        return -EFAULT;
    }
    abi_store_scalar(guest_abi, g2h(a[4]), 4, outlen);
    return 0;
}

/* ---- sendmsg, recvmsg, sendmmsg, recvmmsg ---- */

/* A guest iovec array as host iovecs, every buffer accessible with `flags`; g_free it. */
static int64_t get_iovecs(uint64_t gaddr, uint64_t count, unsigned flags, struct iovec **out)
{
    const AbiLayout *l = guest_abi->iovec;
    uint64_t *bases, *lens;
    struct iovec *iov;
    int64_t r = 0;

    if (count > IOV_MAX) {
        return -EMSGSIZE;
    }
    if (count && !user_access_ok(gaddr, count * l->size, PAGE_READ)) {
        return -EFAULT;
    }
    bases = g_new(uint64_t, count ? count : 1);
    lens = g_new(uint64_t, count ? count : 1);
    iov = g_new0(struct iovec, count ? count : 1);
    if (count) {
        abi_iovecs_from_guest(guest_abi, g2h(gaddr), (unsigned)count, bases, lens);
    }
    for (uint64_t i = 0; i < count; i++) {
        if ((int64_t)arg_long(lens[i]) < 0) {
            r = -EINVAL;
            break;
        }
        if (!user_access_ok(bases[i], lens[i], flags)) {
            r = -EFAULT;
            break;
        }
        iov[i].iov_base = lens[i] ? g2h(bases[i]) : NULL;
        iov[i].iov_len = lens[i];
    }
    g_free(bases);
    g_free(lens);
    if (r < 0) {
        g_free(iov);
        return r;
    }
    *out = iov;
    return 0;
}

/* Close the descriptors of the SCM_RIGHTS messages in a host chain (not for the guest). */
static void close_rights(const struct cmsghdr *c, const uint8_t *end)
{
    while ((const uint8_t *)c + sizeof(*c) <= end && c->cmsg_len >= CMSG_LEN(0) &&
           c->cmsg_len <= (size_t)(end - (const uint8_t *)c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
            size_t n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
            for (size_t i = 0; i < n; i++) {
                int fd;
                memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
                close(fd);
            }
        }
        c = (const struct cmsghdr *)((const uint8_t *)c + CMSG_ALIGN(c->cmsg_len));
    }
}

/*
 * A received host chain into the guest's control buffer of gcap bytes.
 * Messages are converted one at a time so that, as the kernel does, the
 * descriptors of an SCM_RIGHTS message that does not fit whole are
 * delivered as far as they fit, the rest closed (the host received them on
 * the guest's behalf), and everything after is dropped with MSG_CTRUNC.
 */
static size_t control_to_guest(uint8_t *h, size_t hlen, uint8_t *g, size_t gcap, bool *ctrunc)
{
    size_t hoff = 0, goff = 0;
    size_t ghdr = abi_cmsg_align(guest_abi, guest_abi->cmsghdr->size);

    while (hoff + sizeof(struct cmsghdr) <= hlen) {
        struct cmsghdr *c = (struct cmsghdr *)(h + hoff);
        size_t next, n;
        bool trunc;

        if (c->cmsg_len < CMSG_LEN(0) || c->cmsg_len > hlen - hoff) {
            break;
        }
        next = hoff + MIN(CMSG_ALIGN(c->cmsg_len), hlen - hoff);
        n = abi_cmsgs_to_guest(guest_abi, c, next - hoff, g + goff, gcap - goff, &trunc);
        if (!trunc) {
            goff += n;
            hoff = next;
            continue;
        }
        *ctrunc = true;
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS && gcap - goff > ghdr) {
            size_t have = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
            size_t fit = MIN((gcap - goff - ghdr) / sizeof(int), have);
            if (fit) {
                /* Keep the first `fit` descriptors, close the others. */
                struct cmsghdr *rest = g_malloc(CMSG_SPACE((have - fit) * sizeof(int)));
                rest->cmsg_len = CMSG_LEN((have - fit) * sizeof(int));
                rest->cmsg_level = SOL_SOCKET;
                rest->cmsg_type = SCM_RIGHTS;
                memcpy(CMSG_DATA(rest), CMSG_DATA(c) + fit * sizeof(int),
                       (have - fit) * sizeof(int));
                close_rights(rest, (uint8_t *)rest + rest->cmsg_len);
                g_free(rest);
                c->cmsg_len = CMSG_LEN(fit * sizeof(int));
                goff += abi_cmsgs_to_guest(guest_abi, c, CMSG_ALIGN(c->cmsg_len), g + goff,
                                           gcap - goff, &trunc);
                hoff = next;
            }
        }
        break;
    }
    /* Whatever was not delivered: its descriptors are closed. */
    if (hoff < hlen) {
        close_rights((struct cmsghdr *)(h + hoff), h + hlen);
    }
    return goff;
}

/*
 * One sendmsg/recvmsg on the guest msghdr at gmsg.  Returns the byte count
 * or -errno; on receipt writes back msg_namelen, msg_controllen, msg_flags.
 */
static int64_t do_msg(int fd, uint64_t gmsg, int flags, bool send)
{
    const AbiLayout *ml = guest_abi->msghdr;
    struct sockaddr_storage ss;
    struct msghdr mh;
    struct iovec *iov = NULL;
    uint8_t *hctl = NULL;
    AbiMsghdr m;
    int64_t r;

    if (!user_access_ok(gmsg, ml->size, PAGE_READ | (send ? 0 : PAGE_WRITE))) {
        return -EFAULT;
    }
    abi_msghdr_from_guest(guest_abi, g2h(gmsg), &m);
    m.iovlen = arg_ulong(m.iovlen);
    m.controllen = arg_ulong(m.controllen);
    memset(&mh, 0, sizeof(mh));
    if (m.name) {
        if (send) {
            /* As the kernel does, a name length past a sockaddr_storage is clipped. */
            if ((int32_t)m.namelen < 0) {
                return -EINVAL;
            }
            m.namelen = MIN(m.namelen, (uint32_t)sizeof(ss));
            r = load_addr(m.name, m.namelen, &ss);
            if (r < 0) {
                return r;
            }
            mh.msg_namelen = m.namelen;
        } else {
            if ((int32_t)m.namelen < 0) {
                return -EINVAL;
            }
            mh.msg_namelen = sizeof(ss);
        }
        mh.msg_name = &ss;
    }
    r = get_iovecs(m.iov, m.iovlen, send ? PAGE_READ : PAGE_WRITE, &iov);
    if (r < 0) {
        return r;
    }
    mh.msg_iov = iov;
    mh.msg_iovlen = m.iovlen;
    if (m.control && m.controllen) {
        if (m.controllen > MAX_CONTROL) {
            r = send ? -ENOBUFS : 0;
            if (r < 0) {
                goto out;
            }
            m.controllen = MAX_CONTROL;
        }
        if (!user_access_ok(m.control, m.controllen, send ? PAGE_READ : PAGE_WRITE)) {
            r = -EFAULT;
            goto out;
        }
        /*
         * The host's chain is never more than twice the guest's plus a
         * header: its headers and timevals are at most twice the size.
         * On receipt the host buffer is that large too, so the host never
         * truncates what the guest's buffer could hold; control_to_guest
         * does the truncation in guest terms.
         */
        size_t hcap = 2 * m.controllen + CMSG_SPACE(16);
        hctl = g_malloc0(hcap);
        if (send) {
            bool trunc;
            mh.msg_controllen = abi_cmsgs_to_host(guest_abi, g2h(m.control), m.controllen, hctl,
                                                  hcap, &trunc);
            if (trunc) {
                r = -EINVAL;
                goto out;
            }
        } else {
            mh.msg_controllen = hcap;
        }
        mh.msg_control = mh.msg_controllen ? hctl : NULL;
    }
    r = send ? sendmsg(fd, &mh, flags) : recvmsg(fd, &mh, flags);
    if (r < 0) {
        r = -errno;
        goto out;
    }
    if (!send) {
        bool ctrunc = (mh.msg_flags & MSG_CTRUNC) != 0;
        uint64_t controllen = 0;
        uint32_t namelen = m.namelen;

        if (mh.msg_control) {
            controllen = control_to_guest(hctl, mh.msg_controllen, g2h(m.control),
                                          m.controllen, &ctrunc);
        }
        if (m.name) {
            int64_t s = put_addr(m.name, m.namelen, &ss, mh.msg_namelen);
            if (s < 0) {
                r = s;
                goto out;
            }
            namelen = mh.msg_namelen;
        }
        abi_msghdr_update_guest(guest_abi, g2h(gmsg), namelen, controllen,
                                (uint32_t)((mh.msg_flags & ~MSG_CTRUNC) |
                                           (ctrunc ? MSG_CTRUNC : 0)));
    }
out:
    g_free(iov);
    g_free(hctl);
    return r;
}

static int64_t sys_sendmsg(CPUCommon *cpu, const uint64_t *a)
{
    return do_msg(arg_int(a[0]), a[1], arg_int(a[2]), true);
}

static int64_t sys_recvmsg(CPUCommon *cpu, const uint64_t *a)
{
    return do_msg(arg_int(a[0]), a[1], arg_int(a[2]), false);
}

/*
 * sendmmsg/recvmmsg: one host sendmsg/recvmsg per guest mmsghdr, as the
 * kernel loops over its own.  After the first message an error ends the
 * batch and the count so far is returned (the kernel reports the error on
 * the next call, as the socket's pending error, or drops it).
 */
static int64_t mmsg_call(const uint64_t *a, bool send, const AbiLayout *tl)
{
    const AbiLayout *l = guest_abi->mmsghdr;
    const AbiField *lenf = abi_field(l, MMSG_F_LEN);
    int fd = arg_int(a[0]);
    uint32_t vlen = MIN((uint32_t)a[2], (uint32_t)UIO_MAXIOV);
    int flags = arg_int(a[3]);
    struct timespec deadline = { 0, 0 };
    bool timed = false;
    uint32_t i;

    if (!send && tl && a[4]) {
        int64_t sec, nsec;
        struct timespec now;
        if (!user_access_ok(a[4], tl->size, PAGE_READ | PAGE_WRITE)) {
            return -EFAULT;
        }
        abi_time_from_guest(guest_abi, tl, g2h(a[4]), &sec, &nsec);
        if (sec < 0 || nsec < 0 || nsec >= 1000000000) {
            return -EINVAL;
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
        deadline.tv_sec = now.tv_sec + sec;
        deadline.tv_nsec = now.tv_nsec + nsec;
        if (deadline.tv_nsec >= 1000000000) {
            deadline.tv_sec++;
            deadline.tv_nsec -= 1000000000;
        }
        timed = true;
    }
    if (!user_access_ok(a[1], (uint64_t)vlen * l->size, PAGE_READ | PAGE_WRITE)) {
        return -EFAULT;
    }
    for (i = 0; i < vlen; i++) {
        uint64_t gm = a[1] + (uint64_t)i * l->size;
        int f = flags & ~MSG_WAITFORONE;
        int64_t r;

        if (!send && (flags & MSG_WAITFORONE) && i > 0) {
            f |= MSG_DONTWAIT;
        }
        r = do_msg(fd, gm, f, send);
        if (r < 0) {
            if (i > 0) {
                break;
            }
            return r;
        }
        abi_store_scalar(guest_abi, (uint8_t *)g2h(gm) + lenf->offset, lenf->size, (uint64_t)r);
        if (timed) {
            struct timespec now;
            clock_gettime(CLOCK_MONOTONIC, &now);
            if (now.tv_sec > deadline.tv_sec ||
                (now.tv_sec == deadline.tv_sec && now.tv_nsec >= deadline.tv_nsec)) {
                i++;
                break;
            }
        }
    }
    if (timed) {
        /* The kernel writes back the time left. */
        struct timespec now;
        int64_t left;
        clock_gettime(CLOCK_MONOTONIC, &now);
        left = (deadline.tv_sec - now.tv_sec) * 1000000000ll + (deadline.tv_nsec - now.tv_nsec);
        left = MAX(left, 0);
        abi_time_to_guest(guest_abi, tl, g2h(a[4]), left / 1000000000, left % 1000000000);
    }
    return i;
}

static int64_t sys_sendmmsg(CPUCommon *cpu, const uint64_t *a)
{
    return mmsg_call(a, true, NULL);
}

static int64_t sys_recvmmsg(CPUCommon *cpu, const uint64_t *a)
{
    return mmsg_call(a, false, guest_abi->timespec);
}

static int64_t sys_recvmmsg_time64(CPUCommon *cpu, const uint64_t *a)
{
    return mmsg_call(a, false, guest_abi->timespec64);
}

const SyscallDef syscalls_socket[] = {
    { "socket", sys_socket, "ddd" },
    { "socketpair", sys_socketpair, "dddp" },
    { "bind", sys_bind, "dpu" },
    { "connect", sys_connect, "dpu", false, true },
    { "listen", sys_listen, "dd" },
    { "accept", sys_accept, "dpp", false, true },
    { "accept4", sys_accept4, "dppx", false, true },
    { "getsockname", sys_getsockname, "dpp" },
    { "getpeername", sys_getpeername, "dpp" },
    { "sendto", sys_sendto, "dpuxpu", false, true },
    { "recvfrom", sys_recvfrom, "dpuxpp", false, true },
    { "shutdown", sys_shutdown, "dd" },
    { "setsockopt", sys_setsockopt, "dddpu" },
    { "getsockopt", sys_getsockopt, "dddpp" },
    { "sendmsg", sys_sendmsg, "dpx", false, true },
    { "recvmsg", sys_recvmsg, "dpx", false, true },
    { "sendmmsg", sys_sendmmsg, "dpux", false, true },
    { "recvmmsg", sys_recvmmsg, "dpuxp", false, true },
    { "recvmmsg_time64", sys_recvmmsg_time64, "dpuxp", false, true },
    { NULL },
};
