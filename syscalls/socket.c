/*
 * socket.c: sockets.  Socket addresses are copied as bytes (their layout is
 * the same on every Linux ABI; only sa_family is in the guest's byte order),
 * SOCK_NONBLOCK/SOCK_CLOEXEC are the ABI's O_NONBLOCK/O_CLOEXEC, and the
 * SOL_SOCKET option numbers are the asm-generic ones (= x86-64's).
 * struct msghdr is rebuilt with host pointers; control messages are passed
 * as bytes for ABIs with the host's cmsghdr layout (64-bit little-endian),
 * which covers SCM_RIGHTS and SCM_CREDENTIALS.
 */
#include "common.h"
#include "syscalls/syscall.h"

#include <sys/socket.h>
#include <sys/un.h>

#define MAX_ADDR 128

static int64_t ret_errno(int64_t r)
{
    return r < 0 ? -errno : r;
}

static int sock_type_to_host(uint64_t t)
{
    uint32_t g = (uint32_t)t;
    uint32_t base = g & 0xf;
    return (int)(base | abi_flags_to_host(guest_abi->open_flags, guest_abi->n_open_flags,
                                          g & ~0xfu));
}

static void swap_family(void *addr, socklen_t len)
{
    if (len >= 2 && guest_abi->big_endian != abi_host.big_endian) {
        uint8_t *b = addr, t = b[0];
        b[0] = b[1];
        b[1] = t;
    }
}

static int64_t load_addr(uint64_t gaddr, uint64_t len, struct sockaddr_storage *ss)
{
    if (len > sizeof(*ss)) {
        return -EINVAL;
    }
    if (!user_copy_from(ss, gaddr, len)) {
        return -EFAULT;
    }
    swap_family(ss, (socklen_t)len);
    return 0;
}

/* Store an address and its length (the kernel truncates to the buffer, reports the full length). */
static int64_t store_addr(uint64_t gaddr, uint64_t glen, struct sockaddr_storage *ss,
                          socklen_t len)
{
    uint32_t have;

    if (!gaddr) {
        return 0;
    }
    if (!user_access_ok(glen, 4, PAGE_READ | PAGE_WRITE)) {
        return -EFAULT;
    }
    have = (uint32_t)abi_load_scalar(guest_abi, g2h(glen), 4);
    swap_family(ss, len);
    if (!user_copy_to(gaddr, ss, MIN(have, (uint32_t)len))) {
        return -EFAULT;
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
    int flags = (int)abi_flags_to_host(guest_abi->open_flags, guest_abi->n_open_flags,
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

/* Socket options: values are ints or small structs passed as bytes (same layout on LE64). */
static int64_t sys_setsockopt(CPUCommon *cpu, const uint64_t *a)
{
    uint32_t len = (uint32_t)a[4];
    uint8_t buf[256];

    if (len > sizeof(buf)) {
        return -EINVAL;
    }
    if (guest_abi->big_endian != abi_host.big_endian || guest_abi->long_bits != 64) {
        log_mask_printf(LOG_UNIMP, "setsockopt for this ABI\n");
        return -ENOPROTOOPT;
    }
    if (!user_copy_from(buf, a[3], len)) {
        return -EFAULT;
    }
    return ret_errno(setsockopt(arg_int(a[0]), arg_int(a[1]), arg_int(a[2]), buf, len));
}

static int64_t sys_getsockopt(CPUCommon *cpu, const uint64_t *a)
{
    uint8_t buf[256];
    socklen_t len;

    if (guest_abi->big_endian != abi_host.big_endian || guest_abi->long_bits != 64) {
        log_mask_printf(LOG_UNIMP, "getsockopt for this ABI\n");
        return -ENOPROTOOPT;
    }
    if (!user_access_ok(a[4], 4, PAGE_READ | PAGE_WRITE)) {
        return -EFAULT;
    }
    len = MIN((socklen_t)abi_load_scalar(guest_abi, g2h(a[4]), 4), (socklen_t)sizeof(buf));
    if (getsockopt(arg_int(a[0]), arg_int(a[1]), arg_int(a[2]), buf, &len) != 0) {
        return -errno;
    }
    if (!user_copy_to(a[3], buf, len)) {
        return -EFAULT;
    }
    abi_store_scalar(guest_abi, g2h(a[4]), 4, len);
    return 0;
}

/* struct msghdr of a 64-bit guest: name, namelen, iov, iovlen, control, controllen, flags. */
enum { MH_NAME = 0, MH_NAMELEN = 8, MH_IOV = 16, MH_IOVLEN = 24, MH_CONTROL = 32,
       MH_CONTROLLEN = 40, MH_FLAGS = 48, MH_SIZE = 56 };

static int64_t msg_call(const uint64_t *a, bool send)
{
    struct sockaddr_storage ss;
    struct msghdr mh;
    struct iovec *iov = NULL;
    uint64_t g[7];
    const uint8_t *p;
    int64_t r;

    if (guest_abi->big_endian != abi_host.big_endian || guest_abi->long_bits != 64) {
        log_mask_printf(LOG_UNIMP, "sendmsg/recvmsg for this ABI\n");
        return -ENOSYS;
    }
    if (!user_access_ok(a[1], MH_SIZE, PAGE_READ | (send ? 0 : PAGE_WRITE))) {
        return -EFAULT;
    }
    p = g2h(a[1]);
    for (int i = 0; i < 7; i++) {
        g[i] = abi_load_scalar(guest_abi, p + 8 * i, i == 1 || i == 6 ? 4 : 8);
    }
    memset(&mh, 0, sizeof(mh));
    if (g[0]) {
        if (send) {
            r = load_addr(g[0], (uint32_t)g[1], &ss);
            if (r < 0) {
                return r;
            }
        }
        mh.msg_name = &ss;
        mh.msg_namelen = send ? (socklen_t)g[1] : sizeof(ss);
    }
    r = sc_get_iovec(g[2], g[3], send ? PAGE_READ : PAGE_WRITE, &iov);
    if (r < 0) {
        return r;
    }
    mh.msg_iov = iov;
    mh.msg_iovlen = g[3];
    if (g[4] && g[5]) {
        if (!user_access_ok(g[4], g[5], send ? PAGE_READ : PAGE_WRITE)) {
            g_free(iov);
            return -EFAULT;
        }
        mh.msg_control = g2h(g[4]);
        mh.msg_controllen = g[5];
    }
    r = send ? sendmsg(arg_int(a[0]), &mh, arg_int(a[2]))
             : recvmsg(arg_int(a[0]), &mh, arg_int(a[2]));
    g_free(iov);
    if (r < 0) {
        return -errno;
    }
    if (!send) {
        uint8_t *w = g2h(a[1]);
        if (g[0]) {
            uint32_t have = (uint32_t)g[1];
            swap_family(&ss, mh.msg_namelen);
            if (!user_copy_to(g[0], &ss, MIN(have, mh.msg_namelen))) {
                return -EFAULT;
            }
            abi_store_scalar(guest_abi, w + MH_NAMELEN, 4, mh.msg_namelen);
        }
        abi_store_scalar(guest_abi, w + MH_CONTROLLEN, 8, g[4] ? mh.msg_controllen : 0);
        abi_store_scalar(guest_abi, w + MH_FLAGS, 4, (uint32_t)mh.msg_flags);
    }
    return r;
}

static int64_t sys_sendmsg(CPUCommon *cpu, const uint64_t *a) { return msg_call(a, true); }
static int64_t sys_recvmsg(CPUCommon *cpu, const uint64_t *a) { return msg_call(a, false); }

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
    { NULL },
};
