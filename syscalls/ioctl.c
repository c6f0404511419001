/*
 * ioctl.c: ioctl requests, found by the guest's number in the ABI's table.
 * Unknown requests return -ENOTTY (what the kernel says for a request a
 * device does not have) and log under -d unimp.
 *
 * termios: the guest's struct termios is copied as bytes, which is right
 * while guest and host both use the asm-generic struct and flag bits (x86-64,
 * aarch64 and riscv64 hosts; riscv64 and aarch64 guests).  ppc and sparc
 * guests will need a termios layout and flag maps here.
 */
#include "common.h"
#include "syscalls/syscall.h"

#include <sys/ioctl.h>

#define HOST_TERMIOS_MAX 64

static int64_t ioctl_termios_get(int fd, unsigned long req, uint64_t arg)
{
    uint8_t buf[HOST_TERMIOS_MAX];
    unsigned sz = guest_abi->termios_size;

    if (!user_access_ok(arg, sz, PAGE_WRITE)) {
        return -EFAULT;
    }
    if (ioctl(fd, req, buf) != 0) {
        return -errno;
    }
    memcpy(g2h(arg), buf, sz);
    return 0;
}

static int64_t ioctl_termios_set(int fd, unsigned long req, uint64_t arg)
{
    uint8_t buf[HOST_TERMIOS_MAX] = { 0 };
    unsigned sz = guest_abi->termios_size;

    if (!user_copy_from(buf, arg, sz)) {
        return -EFAULT;
    }
    return ioctl(fd, req, buf) == 0 ? 0 : -errno;
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
