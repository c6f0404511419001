/*
 * net.h: host network backends for guest NICs (-netdev user|tap).
 *
 * A backend moves whole Ethernet frames.  The NIC sends with net_send();
 * frames from the host arrive in the main loop and go to the NIC's
 * receive callback, but only while its can_receive says there is a guest
 * buffer to put them in (otherwise the backend stops reading, so TCP's
 * flow control works end to end instead of frames being dropped).
 */
#ifndef SOFTMMU_NET_H
#define SOFTMMU_NET_H

#include "common.h"
#include "softmmu/options.h"
#include <sys/uio.h>

typedef struct NetBackend NetBackend;

typedef struct NetBackendOps {
    const char *type;
    bool (*open)(NetBackend *nb, const NetdevOptions *o, GError **errp);
    void (*send)(NetBackend *nb, const struct iovec *iov, unsigned n);
    /* the NIC has buffers again */
    void (*resume)(NetBackend *nb);
    void (*close)(NetBackend *nb);
} NetBackendOps;

struct NetBackend {
    const NetBackendOps *ops;
    char *id;
    bool (*can_receive)(void *opaque);
    void (*receive)(void *opaque, const uint8_t *buf, size_t len);
    void *fe_opaque;
    void *state;
};

NetBackend *net_backend_new(const NetdevOptions *o, GError **errp);
void net_backend_free(NetBackend *nb);
void net_set_frontend(NetBackend *nb, bool (*can_receive)(void *opaque),
                      void (*receive)(void *opaque, const uint8_t *buf, size_t len),
                      void *opaque);
void net_send(NetBackend *nb, const struct iovec *iov, unsigned n);
void net_resume(NetBackend *nb);
bool net_frontend_can_receive(NetBackend *nb);
void net_deliver(NetBackend *nb, const uint8_t *buf, size_t len);

extern const NetBackendOps net_tap_ops;
extern const NetBackendOps net_slirp_ops;   /* absent without libslirp */

#endif
