/*
 * ioctl.c: ioctl requests, found by the guest's number in the ABI's table.
 * Unknown requests return -ENOTTY (what the kernel says for a request a
 * device does not have) and log under -d unimp.
 *
 * termios goes through the ABI's converter (layout, flag bits, c_cc slots)
 * to the host kernel's struct termios, the one TCGETS and TCSETS* take.
 */
#include "common.h"
#include "syscalls/syscall.h"

#include <sys/ioctl.h>

static int64_t ioctl_termios_get(int fd, unsigned long req, uint64_t arg)
{
    AbiHostTermios h;
    unsigned sz = guest_abi->termios_size;

    if (!guest_abi->termios) {
        log_mask_printf(LOG_UNIMP, "TCGETS: no termios data for the %s ABI\n", guest_abi->name);
        return -ENOTTY;
    }
    if (!user_access_ok(arg, sz, PAGE_WRITE)) {
        return -EFAULT;
    }
    memset(&h, 0, sizeof(h));
    if (ioctl(fd, req, &h) != 0) {
        return -errno;
    }
    abi_termios_to_guest(guest_abi, &h, g2h(arg));
    return 0;
}

static int64_t ioctl_termios_set(int fd, unsigned long req, uint64_t arg)
{
    AbiHostTermios h;
    unsigned sz = guest_abi->termios_size;

    if (!guest_abi->termios) {
        log_mask_printf(LOG_UNIMP, "TCSETS: no termios data for the %s ABI\n", guest_abi->name);
        return -ENOTTY;
    }
    if (!user_access_ok(arg, sz, PAGE_READ)) {
        return -EFAULT;
    }
    memset(&h, 0, sizeof(h));
    abi_termios_to_host(guest_abi, g2h(arg), &h);
    return ioctl(fd, req, &h) == 0 ? 0 : -errno;
}

static int64_t ioctl_winsize_get(int fd, unsigned long req, uint64_t arg)
{
    struct winsize ws;
    uint64_t v[WS_NFIELDS];

    if (ioctl(fd, req, &ws) != 0) {
        return -errno;
    }
    v[WS_ROW] = ws.ws_row;
    v[WS_COL] = ws.ws_col;
    v[WS_XPIXEL] = ws.ws_xpixel;
    v[WS_YPIXEL] = ws.ws_ypixel;
    return sc_store(guest_abi->winsize, arg, v);
}

static int64_t ioctl_winsize_set(int fd, unsigned long req, uint64_t arg)
{
    struct winsize ws;
    uint64_t v[WS_NFIELDS];
    int64_t r = sc_load(guest_abi->winsize, arg, v, WS_NFIELDS);

    if (r < 0) {
        return r;
    }
    ws.ws_row = (unsigned short)v[WS_ROW];
    ws.ws_col = (unsigned short)v[WS_COL];
    ws.ws_xpixel = (unsigned short)v[WS_XPIXEL];
    ws.ws_ypixel = (unsigned short)v[WS_YPIXEL];
    return ioctl(fd, req, &ws) == 0 ? 0 : -errno;
}

/* int in, int out, or nothing: the argument is a guest int. */
static int64_t ioctl_int_get(int fd, unsigned long req, uint64_t arg)
{
    int v;

    if (!user_access_ok(arg, 4, PAGE_WRITE)) {
        return -EFAULT;
    }
    if (ioctl(fd, req, &v) != 0) {
        return -errno;
    }
    abi_store_scalar(guest_abi, g2h(arg), 4, (uint32_t)v);
    return 0;
}

static int64_t ioctl_int_set(int fd, unsigned long req, uint64_t arg)
{
    int v;

    if (!user_access_ok(arg, 4, PAGE_READ)) {
        return -EFAULT;
    }
    v = (int)abi_load_scalar(guest_abi, g2h(arg), 4);
    return ioctl(fd, req, &v) == 0 ? 0 : -errno;
}

static int64_t ioctl_none(int fd, unsigned long req, uint64_t arg)
{
    return ioctl(fd, req) == 0 ? 0 : -errno;
}

/* An int passed by value (TCSBRK, TCXONC, TCFLSH, TIOCSCTTY): the same values everywhere. */
static int64_t ioctl_int_val(int fd, unsigned long req, uint64_t arg)
{
    return ioctl(fd, req, (unsigned long)(long)arg_long(arg)) == 0 ? 0 : -errno;
}

/* TIOCSTI: one byte pushed into the input queue. */
static int64_t ioctl_byte_in(int fd, unsigned long req, uint64_t arg)
{
    char c;

    if (!user_copy_from(&c, arg, 1)) {
        return -EFAULT;
    }
    return ioctl(fd, req, &c) == 0 ? 0 : -errno;
}

typedef struct IoctlDef {
    AbiIoctl id;
    unsigned long host_req;
    int64_t (*fn)(int fd, unsigned long req, uint64_t arg);
} IoctlDef;

static const IoctlDef ioctl_defs[] = {
    { ABI_IOCTL_TCGETS, TCGETS, ioctl_termios_get },
    { ABI_IOCTL_TCSETS, TCSETS, ioctl_termios_set },
    { ABI_IOCTL_TCSETSW, TCSETSW, ioctl_termios_set },
    { ABI_IOCTL_TCSETSF, TCSETSF, ioctl_termios_set },
    { ABI_IOCTL_TIOCGWINSZ, TIOCGWINSZ, ioctl_winsize_get },
    { ABI_IOCTL_TIOCSWINSZ, TIOCSWINSZ, ioctl_winsize_set },
    { ABI_IOCTL_TIOCGPGRP, TIOCGPGRP, ioctl_int_get },
    { ABI_IOCTL_TIOCSPGRP, TIOCSPGRP, ioctl_int_set },
    { ABI_IOCTL_FIONREAD, FIONREAD, ioctl_int_get },
    { ABI_IOCTL_FIONBIO, FIONBIO, ioctl_int_set },
    { ABI_IOCTL_FIOCLEX, FIOCLEX, ioctl_none },
    { ABI_IOCTL_FIONCLEX, FIONCLEX, ioctl_none },
    { ABI_IOCTL_FIOASYNC, FIOASYNC, ioctl_int_set },
    { ABI_IOCTL_TCSBRK, TCSBRK, ioctl_int_val },
    { ABI_IOCTL_TCXONC, TCXONC, ioctl_int_val },
    { ABI_IOCTL_TCFLSH, TCFLSH, ioctl_int_val },
    { ABI_IOCTL_TIOCEXCL, TIOCEXCL, ioctl_none },
    { ABI_IOCTL_TIOCNXCL, TIOCNXCL, ioctl_none },
    { ABI_IOCTL_TIOCSCTTY, TIOCSCTTY, ioctl_int_val },
    { ABI_IOCTL_TIOCNOTTY, TIOCNOTTY, ioctl_none },
    { ABI_IOCTL_TIOCOUTQ, TIOCOUTQ, ioctl_int_get },
    { ABI_IOCTL_TIOCSTI, TIOCSTI, ioctl_byte_in },
    /* TIOCM_* modem bits are the same on every ABI but sparc's (which has none different). */
    { ABI_IOCTL_TIOCMGET, TIOCMGET, ioctl_int_get },
    { ABI_IOCTL_TIOCMSET, TIOCMSET, ioctl_int_set },
    { ABI_IOCTL_TIOCGSID, TIOCGSID, ioctl_int_get },
    { ABI_IOCTL_TIOCGPTN, TIOCGPTN, ioctl_int_get },
    { ABI_IOCTL_TIOCSPTLCK, TIOCSPTLCK, ioctl_int_set },
};

static int64_t sys_ioctl(CPUCommon *cpu, const uint64_t *a)
{
    int fd = arg_int(a[0]);
    uint32_t req = (uint32_t)a[1];

    for (size_t i = 0; i < ARRAY_SIZE(ioctl_defs); i++) {
        const IoctlDef *d = &ioctl_defs[i];
        if (guest_abi->ioctl_nr[d->id] && guest_abi->ioctl_nr[d->id] == req) {
            return d->fn(fd, d->host_req, a[2]);
        }
    }
    log_mask_printf(LOG_UNIMP, "Unsupported ioctl: fd %d request 0x%x\n", fd, req);
    return -ENOTTY;
}

const SyscallDef syscalls_ioctl[] = {
    { "ioctl", sys_ioctl, "dxp" },
    { NULL },
};
