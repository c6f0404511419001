/*
 * tap.c: -netdev tap,ifname=NAME: frames through an existing or new TAP
 * interface (creating one needs CAP_NET_ADMIN; configuring it is left to
 * the user, as with QEMU's script=no).
 */
#include "common.h"
#include "softmmu/net/net.h"
#include "softmmu/main-loop.h"
#include <fcntl.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/if_tun.h>

typedef struct NetTap {
    int fd;
} NetTap;

static bool net_tap_ready(void *opaque)
{
    return net_frontend_can_receive(opaque);
}

static void net_tap_read(void *opaque)
{
    NetBackend *nb = opaque;
    NetTap *t = nb->state;
    uint8_t buf[65536 + 64];

    /* one frame per wakeup keeps the guest's RX ring the only queue */
    ssize_t n = read(t->fd, buf, sizeof(buf));
    if (n > 0) {
        net_deliver(nb, buf, n);
    }
}

static bool net_tap_open(NetBackend *nb, const NetdevOptions *o, GError **errp)
{
    struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI };
    NetTap *t;
    int fd;

    if (!o->ifname || !*o->ifname || strlen(o->ifname) >= IFNAMSIZ) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "-netdev tap: ifname=NAME is required");
        return false;
    }
    fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "-netdev tap: /dev/net/tun: %s", g_strerror(errno));
        return false;
    }
    strcpy(ifr.ifr_name, o->ifname);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "-netdev tap,ifname=%s: %s%s", o->ifname,
                    g_strerror(errno), errno == EPERM ?
                    " (create it first: ip tuntap add NAME mode tap user $USER)" : "");
        close(fd);
        return false;
    }
    t = g_new0(NetTap, 1);
    t->fd = fd;
    nb->state = t;
    main_loop_set_fd_handler(fd, net_tap_read, net_tap_ready, nb);
    return true;
}

static void net_tap_send(NetBackend *nb, const struct iovec *iov, unsigned n)
{
    NetTap *t = nb->state;

    /* a full TAP queue drops the frame, as a real link would */
    if (writev(t->fd, iov, n) < 0 && errno != EAGAIN) {
        /* the interface went down: nothing the guest can act on */
    }
}

static void net_tap_resume(NetBackend *nb)
{
    main_loop_kick();
}

static void net_tap_close(NetBackend *nb)
{
    NetTap *t = nb->state;
    main_loop_set_fd_handler(t->fd, NULL, NULL, NULL);
    close(t->fd);
    g_free(t);
}

const NetBackendOps net_tap_ops = {
    .type = "tap",
    .open = net_tap_open,
    .send = net_tap_send,
    .resume = net_tap_resume,
    .close = net_tap_close,
};
