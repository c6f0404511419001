/*
 * net.c: network backend selection and the frontend link (see net.h).
 */
#include "common.h"
#include "softmmu/net/net.h"

NetBackend *net_backend_new(const NetdevOptions *o, GError **errp)
{
    const NetBackendOps *ops = NULL;
    NetBackend *nb;

    if (!strcmp(o->type, "tap")) {
        ops = &net_tap_ops;
    } else if (!strcmp(o->type, "user")) {
#ifdef CONFIG_SLIRP
        ops = &net_slirp_ops;
#else
        g_set_error(errp, CROSSEMU_ERROR, 0, "-netdev user: this crossemu was built without "
                    "libslirp (apt-get install libslirp-dev, then rebuild)");
        return NULL;
#endif
    } else {
        g_set_error(errp, CROSSEMU_ERROR, 0, "-netdev %s: unknown type", o->type);
        return NULL;
    }
    nb = g_new0(NetBackend, 1);
    nb->ops = ops;
    nb->id = g_strdup(o->id);
    if (!ops->open(nb, o, errp)) {
        g_free(nb->id);
        g_free(nb);
        return NULL;
    }
    return nb;
}

void net_backend_free(NetBackend *nb)
{
    if (nb) {
        nb->ops->close(nb);
        g_free(nb->id);
        g_free(nb);
    }
}

void net_set_frontend(NetBackend *nb, bool (*can_receive)(void *opaque),
                      void (*receive)(void *opaque, const uint8_t *buf, size_t len),
                      void *opaque)
{
    nb->can_receive = can_receive;
    nb->receive = receive;
    nb->fe_opaque = opaque;
}

void net_send(NetBackend *nb, const struct iovec *iov, unsigned n)
{
    nb->ops->send(nb, iov, n);
}

void net_resume(NetBackend *nb)
{
    if (nb->ops->resume) {
        nb->ops->resume(nb);
    }
}

bool net_frontend_can_receive(NetBackend *nb)
{
    return nb->can_receive && nb->can_receive(nb->fe_opaque);
}

void net_deliver(NetBackend *nb, const uint8_t *buf, size_t len)
{
    if (nb->receive) {
        nb->receive(nb->fe_opaque, buf, len);
    }
}
