/*
 * test-abi.c: every guest ABI's data in syscalls/abi/ against that guest's
 * own kernel uapi headers, for all eight ABIs, front end or not.
 *
 * The reference (tests/unit/test-abi-expected.h) is generated at
 * development time by scripts/gen-abi-layouts.py and committed.  Checked:
 *   - every struct layout: size, every field's offset and size, no field
 *     the headers lack, NULL exactly where the ABI has no such syscall;
 *   - every constant the generator read (errno, signal numbers, flag bits,
 *     fcntl/socket/rlimit values, ioctl numbers, termios bits and slots):
 *     converted to the host's value and back, or listed as waived with the
 *     reason; an unchecked constant fails the test;
 *   - the engine: every layout stored with sample values and read back as
 *     raw bytes at the headers' offsets in the guest's byte order;
 *   - the whole-struct converters (stat, statfs, flock, sigaction,
 *     siginfo, termios, epoll_event, dirent64, sockaddr, cmsg, time,
 *     rusage, sysinfo) on sample values for every ABI.
 */
#include "common.h"
#include "syscalls/abi/abi.h"
#include "tests/unit/test-abi-expected.h"

#include <check.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysinfo.h>
#include <termios.h>

/* Host values glibc does not name (asm-generic, as x86-64 and arm64 hosts are). */
#ifndef F_GETOWNER_UIDS
#define F_GETOWNER_UIDS 17
#endif
#define HOST_SA_RESTORER 0x04000000
#define HOST_IBSHIFT 16
#define HOST_SIGRTMIN 32        /* the kernel's; glibc's SIGRTMIN reserves two */

static const AbiRef *ref_of(const char *name)
{
    for (unsigned i = 0; i < ABI_REF_COUNT; i++) {
        if (!strcmp(abi_ref[i].abi, name)) {
            return &abi_ref[i];
        }
    }
    return NULL;
}

static const AbiRefConst *ref_const(const AbiRef *ref, const char *name)
{
    for (unsigned i = 0; i < ABI_REF_NCONSTS; i++) {
        if (!strcmp(ref->consts[i].name, name)) {
            return &ref->consts[i];
        }
    }
    ck_abort_msg("no reference constant %s", name);
    return NULL;
}

static const GuestABI *abi_at(int i)
{
    const GuestABI *abi = abi_by_name(abi_ref[i].abi);

    ck_assert_msg(abi != NULL, "no GuestABI for %s", abi_ref[i].abi);
    return abi;
}

/* The GuestABI's layout of a reference kind; *known false: the ABI keeps none. */
static const AbiLayout *layout_of(const GuestABI *abi, const char *kind, bool *known)
{
    static const struct {
        const char *kind;
        size_t off;
    } t[] = {
#define L(k, f) { k, offsetof(GuestABI, f) }
        L("stat", stat), L("stat64", stat64), L("statfs", statfs), L("statfs64", statfs64),
        L("flock", flock), L("flock64", flock64), L("timespec", timespec),
        L("timespec64", timespec64), L("timeval", timeval), L("timeval64", timeval64),
        L("timezone", timezone), L("rlimit", rlimit), L("rlimit64", rlimit64),
        L("sigaction", sigaction), L("siginfo", siginfo), L("stack", stack),
        L("epoll_event", epoll_event), L("winsize", winsize), L("iovec", iovec),
        L("msghdr", msghdr), L("mmsghdr", mmsghdr), L("cmsghdr", cmsghdr),
        L("dirent64", dirent64), L("statx", statx), L("rusage", rusage),
        L("sysinfo", sysinfo), L("sockaddr_nl", sockaddr_nl),
#undef L
    };

    *known = true;
    if (!strcmp(kind, "termios")) {
        return abi->termios ? abi->termios->layout : NULL;
    }
    for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
        if (!strcmp(t[i].kind, kind)) {
            return *(const AbiLayout *const *)((const char *)abi + t[i].off);
        }
    }
    *known = false;
    return NULL;
}

static unsigned fcount(const AbiField *f)
{
    return f->count ? f->count : 1;
}

/* ---- layouts ---- */

static void check_layout(const GuestABI *abi, const AbiRefLayout *r, const AbiLayout *l)
{
    if (r->size < 0) {
        ck_assert_msg(l == NULL, "%s: has a %s layout, but no syscall of the ABI takes one",
                      abi->name, r->kind);
        return;
    }
    ck_assert_msg(l != NULL, "%s: no %s layout", abi->name, r->kind);
    ck_assert_msg((int)l->size == r->size, "%s %s: size %u, headers say %d", abi->name, r->kind,
                  l->size, r->size);
    for (unsigned i = 0; i < r->nfields; i++) {
        const AbiRefField *rf = &r->fields[i];
        const AbiField *found = NULL;
        for (unsigned f = 0; f < l->nfields; f++) {
            if (l->fields[f].id == rf->id && (int)l->fields[f].offset == rf->offset) {
                found = &l->fields[f];
            }
        }
        if (rf->offset < 0) {
            ck_assert_msg(abi_field(l, rf->id) == NULL || rf->id == STAT_INO,
                          "%s %s: lists %s, which the headers do not have", abi->name, r->kind,
                          rf->name);
            continue;
        }
        ck_assert_msg(found, "%s %s.%s: not at offset %d", abi->name, r->kind, rf->name,
                      rf->offset);
        ck_assert_msg((int)(found->size * fcount(found)) == rf->size &&
                      (int)found->size == rf->elem_size,
                      "%s %s.%s: %u x %u bytes, headers say %d bytes of %d", abi->name, r->kind,
                      rf->name, fcount(found), found->size, rf->size, rf->elem_size);
    }
    /* Every field of the layout is one the headers have, where they have it. */
    for (unsigned f = 0; f < l->nfields; f++) {
        bool ok = false;
        for (unsigned i = 0; i < r->nfields; i++) {
            ok |= r->fields[i].id == l->fields[f].id &&
                  r->fields[i].offset == (int)l->fields[f].offset;
        }
        ck_assert_msg(ok, "%s %s: field id %u at %u is not in the headers", abi->name, r->kind,
                      l->fields[f].id, l->fields[f].offset);
    }
}

START_TEST(test_layouts)
{
    const GuestABI *abi = abi_at(_i);
    const AbiRef *ref = &abi_ref[_i];

    for (unsigned k = 0; k < ABI_REF_NLAYOUTS; k++) {
        const AbiRefLayout *r = &ref->layouts[k];
        bool known;
        const AbiLayout *l = layout_of(abi, r->kind, &known);
        if (!known) {
            /* sockaddr_in/in6/un: the converters assume a 2-byte family first. */
            ck_assert_msg(!strncmp(r->kind, "sockaddr_", 9), "no accessor for %s", r->kind);
            ck_assert_int_eq(r->fields[0].offset, 0);
            ck_assert_int_eq(r->fields[0].size, 2);
            continue;
        }
        check_layout(abi, r, l);
    }
    ck_assert_int_eq(abi->termios_size, abi->termios->layout->size);
    ck_assert_int_eq(abi->sigset_size, 8);
    ck_assert_int_eq(abi->long_bits, 8 * abi->iovec->fields[1].size);
}
END_TEST

/* ---- constants ---- */

typedef struct HostVal {
    const char *name;
    int64_t value;
} HostVal;
#define H(n) { #n, n }

static const HostVal host_errnos[] = {
    H(EPERM), H(ENOENT), H(ESRCH), H(EINTR), H(EIO), H(ENXIO), H(E2BIG), H(ENOEXEC), H(EBADF),
    H(ECHILD), H(EAGAIN), H(ENOMEM), H(EACCES), H(EFAULT), H(ENOTBLK), H(EBUSY), H(EEXIST),
    H(EXDEV), H(ENODEV), H(ENOTDIR), H(EISDIR), H(EINVAL), H(ENFILE), H(EMFILE), H(ENOTTY),
    H(ETXTBSY), H(EFBIG), H(ENOSPC), H(ESPIPE), H(EROFS), H(EMLINK), H(EPIPE), H(EDOM),
    H(ERANGE), H(EDEADLK), H(ENAMETOOLONG), H(ENOLCK), H(ENOSYS), H(ENOTEMPTY), H(ELOOP),
    H(ENOMSG), H(EIDRM), H(ECHRNG), H(EL2NSYNC), H(EL3HLT), H(EL3RST), H(ELNRNG), H(EUNATCH),
    H(ENOCSI), H(EL2HLT), H(EBADE), H(EBADR), H(EXFULL), H(ENOANO), H(EBADRQC), H(EBADSLT),
    H(EBFONT), H(ENOSTR), H(ENODATA), H(ETIME), H(ENOSR), H(ENONET), H(ENOPKG), H(EREMOTE),
    H(ENOLINK), H(EADV), H(ESRMNT), H(ECOMM), H(EPROTO), H(EMULTIHOP), H(EDOTDOT), H(EBADMSG),
    H(EOVERFLOW), H(ENOTUNIQ), H(EBADFD), H(EREMCHG), H(ELIBACC), H(ELIBBAD), H(ELIBSCN),
    H(ELIBMAX), H(ELIBEXEC), H(EILSEQ), H(ERESTART), H(ESTRPIPE), H(EUSERS), H(ENOTSOCK),
    H(EDESTADDRREQ), H(EMSGSIZE), H(EPROTOTYPE), H(ENOPROTOOPT), H(EPROTONOSUPPORT),
    H(ESOCKTNOSUPPORT), H(EOPNOTSUPP), H(EPFNOSUPPORT), H(EAFNOSUPPORT), H(EADDRINUSE),
    H(EADDRNOTAVAIL), H(ENETDOWN), H(ENETUNREACH), H(ENETRESET), H(ECONNABORTED),
    H(ECONNRESET), H(ENOBUFS), H(EISCONN), H(ENOTCONN), H(ESHUTDOWN), H(ETOOMANYREFS),
    H(ETIMEDOUT), H(ECONNREFUSED), H(EHOSTDOWN), H(EHOSTUNREACH), H(EALREADY), H(EINPROGRESS),
    H(ESTALE), H(EUCLEAN), H(ENOTNAM), H(ENAVAIL), H(EISNAM), H(EREMOTEIO), H(EDQUOT),
    H(ENOMEDIUM), H(EMEDIUMTYPE), H(ECANCELED), H(ENOKEY), H(EKEYEXPIRED), H(EKEYREVOKED),
    H(EKEYREJECTED), H(EOWNERDEAD), H(ENOTRECOVERABLE), H(ERFKILL), H(EHWPOISON),
};

static const HostVal host_signals[] = {
    H(SIGHUP), H(SIGINT), H(SIGQUIT), H(SIGILL), H(SIGTRAP), H(SIGABRT), H(SIGBUS), H(SIGFPE),
    H(SIGKILL), H(SIGUSR1), H(SIGSEGV), H(SIGUSR2), H(SIGPIPE), H(SIGALRM), H(SIGTERM),
    H(SIGSTKFLT), H(SIGCHLD), H(SIGCONT), H(SIGSTOP), H(SIGTSTP), H(SIGTTIN), H(SIGTTOU),
    H(SIGURG), H(SIGXCPU), H(SIGXFSZ), H(SIGVTALRM), H(SIGPROF), H(SIGWINCH), H(SIGIO),
    H(SIGPWR), H(SIGSYS), { "SIGRTMIN", HOST_SIGRTMIN },
};

/* Flag bits and values, by name; the *LK64 commands are the host's *LK (64-bit flock). */
static const HostVal host_flags[] = {
    H(O_ACCMODE), H(O_RDONLY), H(O_WRONLY), H(O_RDWR), H(O_CREAT), H(O_EXCL), H(O_NOCTTY),
    H(O_TRUNC), H(O_APPEND), H(O_NONBLOCK), H(O_DSYNC), { "FASYNC", O_ASYNC }, H(O_DIRECT),
    { "O_LARGEFILE", ABI_HOST_O_LARGEFILE }, H(O_DIRECTORY), H(O_NOFOLLOW), H(O_NOATIME),
    H(O_CLOEXEC), { "__O_SYNC", O_SYNC & ~O_DSYNC }, H(O_PATH),
    { "__O_TMPFILE", O_TMPFILE & ~O_DIRECTORY },
    H(F_DUPFD), H(F_GETFD), H(F_SETFD), H(F_GETFL), H(F_SETFL), H(F_GETLK), H(F_SETLK),
    H(F_SETLKW), H(F_SETOWN), H(F_GETOWN), H(F_SETSIG), H(F_GETSIG),
    { "F_GETLK64", F_GETLK }, { "F_SETLK64", F_SETLK }, { "F_SETLKW64", F_SETLKW },
    H(F_SETOWN_EX), H(F_GETOWN_EX), H(F_GETOWNER_UIDS), H(F_OFD_GETLK), H(F_OFD_SETLK),
    H(F_OFD_SETLKW),
    H(F_RDLCK), H(F_WRLCK), H(F_UNLCK), H(F_EXLCK), H(F_SHLCK),
    H(PROT_READ), H(PROT_WRITE), H(PROT_EXEC), H(PROT_NONE), H(PROT_GROWSDOWN),
    H(PROT_GROWSUP), H(MAP_SHARED), H(MAP_PRIVATE), H(MAP_SHARED_VALIDATE), H(MAP_TYPE),
    H(MAP_FIXED), H(MAP_ANONYMOUS), H(MAP_GROWSDOWN), H(MAP_DENYWRITE), H(MAP_EXECUTABLE),
    H(MAP_LOCKED), H(MAP_NORESERVE), H(MAP_POPULATE), H(MAP_NONBLOCK), H(MAP_STACK),
    H(MAP_HUGETLB), H(MAP_SYNC), H(MAP_FIXED_NOREPLACE), H(MCL_CURRENT), H(MCL_FUTURE),
    H(MCL_ONFAULT), H(MS_ASYNC), H(MS_INVALIDATE), H(MS_SYNC), H(MADV_DONTNEED), H(MADV_FREE),
    H(SA_NOCLDSTOP), H(SA_NOCLDWAIT), H(SA_SIGINFO), H(SA_ONSTACK), H(SA_RESTART),
    H(SA_NODEFER), { "SA_RESETHAND", (int64_t)(uint32_t)SA_RESETHAND },
    { "SA_RESTORER", HOST_SA_RESTORER }, H(SIG_BLOCK), H(SIG_UNBLOCK), H(SIG_SETMASK),
    H(SS_ONSTACK), H(SS_DISABLE),
    H(SOCK_NONBLOCK), H(SOCK_CLOEXEC), H(SOL_SOCKET), H(SO_DEBUG), H(SO_REUSEADDR), H(SO_TYPE),
    H(SO_ERROR), H(SO_DONTROUTE), H(SO_BROADCAST), H(SO_SNDBUF), H(SO_RCVBUF),
    H(SO_SNDBUFFORCE), H(SO_RCVBUFFORCE), H(SO_KEEPALIVE), H(SO_OOBINLINE), H(SO_NO_CHECK),
    H(SO_PRIORITY), H(SO_LINGER), H(SO_BSDCOMPAT), H(SO_REUSEPORT), H(SO_PASSCRED),
    H(SO_PEERCRED), H(SO_RCVLOWAT), H(SO_SNDLOWAT), H(SO_RCVTIMEO_OLD), H(SO_SNDTIMEO_OLD),
    H(SO_RCVTIMEO_NEW), H(SO_SNDTIMEO_NEW), H(SO_BINDTODEVICE), H(SO_TIMESTAMP_OLD),
    H(SO_TIMESTAMPNS_OLD), H(SO_TIMESTAMP_NEW), H(SO_TIMESTAMPNS_NEW), H(SO_ACCEPTCONN),
    H(SO_PEERSEC), H(SO_PASSSEC), H(SO_MARK), H(SO_PROTOCOL), H(SO_DOMAIN), H(SO_PEEK_OFF),
    H(SO_RXQ_OVFL), H(SO_BUSY_POLL), H(SO_INCOMING_CPU), H(SO_PEERGROUPS), H(SO_ZEROCOPY),
    H(SO_COOKIE),
    H(POLLIN), H(POLLPRI), H(POLLOUT), H(POLLERR), H(POLLHUP), H(POLLNVAL), H(POLLRDNORM),
    H(POLLRDBAND), H(POLLWRNORM), H(POLLWRBAND), H(POLLMSG), H(POLLREMOVE), H(POLLRDHUP),
    H(RLIMIT_CPU), H(RLIMIT_FSIZE), H(RLIMIT_DATA), H(RLIMIT_STACK), H(RLIMIT_CORE),
    H(RLIMIT_RSS), H(RLIMIT_NPROC), H(RLIMIT_NOFILE), H(RLIMIT_MEMLOCK), H(RLIMIT_AS),
    H(RLIMIT_LOCKS), H(RLIMIT_SIGPENDING), H(RLIMIT_MSGQUEUE), H(RLIMIT_NICE),
    H(RLIMIT_RTPRIO), H(RLIMIT_RTTIME), H(RLIM_NLIMITS),
    H(IGNBRK), H(BRKINT), H(IGNPAR), H(PARMRK), H(INPCK), H(ISTRIP), H(INLCR), H(IGNCR),
    H(ICRNL), H(IUCLC), H(IXON), H(IXANY), H(IXOFF), H(IMAXBEL), H(IUTF8),
    H(OPOST), H(OLCUC), H(ONLCR), H(OCRNL), H(ONOCR), H(ONLRET), H(OFILL), H(OFDEL), H(NL0),
    H(NL1), H(CR0), H(CR1), H(CR2), H(CR3), H(TAB0), H(TAB1), H(TAB2), H(TAB3), H(XTABS),
    H(BS0), H(BS1), H(VT0), H(VT1), H(FF0), H(FF1),
    H(CS5), H(CS6), H(CS7), H(CS8), H(CSTOPB), H(CREAD), H(PARENB), H(PARODD), H(HUPCL),
    H(CLOCAL), { "BOTHER", ABI_HOST_BOTHER }, H(CMSPAR), H(CRTSCTS), H(B0), H(B50), H(B75),
    H(B110), H(B134), H(B150), H(B200), H(B300), H(B600), H(B1200), H(B1800), H(B2400),
    H(B4800), H(B9600), H(B19200), H(B38400), H(B57600), H(B115200), H(B230400), H(B460800),
    H(B500000), H(B576000), H(B921600), H(B1000000), H(B1152000), H(B1500000), H(B2000000),
    H(B2500000), H(B3000000), H(B3500000), H(B4000000),
    H(ISIG), H(ICANON), H(XCASE), H(ECHO), H(ECHOE), H(ECHOK), H(ECHONL), H(NOFLSH),
    H(TOSTOP), H(ECHOCTL), H(ECHOPRT), H(ECHOKE), H(FLUSHO), H(PENDIN), H(IEXTEN), H(EXTPROC),
    H(VINTR), H(VQUIT), H(VERASE), H(VKILL), H(VEOF), H(VTIME), H(VMIN), H(VSWTC), H(VSTART),
    H(VSTOP), H(VSUSP), H(VEOL), H(VREPRINT), H(VDISCARD), H(VWERASE), H(VLNEXT), H(VEOL2),
};

static bool host_value(const HostVal *t, size_t n, const char *name, int64_t *v)
{
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(t[i].name, name)) {
            *v = t[i].value;
            return true;
        }
    }
    return false;
}

/* Constants not checked one by one, and why. */
static const struct {
    const char *name, *why;
} waived[] = {
    { "NLDLY", "a mask" }, { "CRDLY", "a mask" }, { "TABDLY", "a mask" }, { "BSDLY", "a mask" },
    { "VTDLY", "a mask" }, { "FFDLY", "a mask" }, { "CBAUD", "a mask" }, { "CSIZE", "a mask" },
    { "CIBAUD", "a mask" }, { "CBAUDEX", "a mask (0 on ppc)" }, { "MAP_TYPE", "a mask" },
    { "O_ACCMODE", "a mask: its values are checked" },
    { "IBSHIFT", "a shift; CIBAUD rows are checked through the speeds" },
    { "SIGEMT", "sparc only: no host equivalent (checked to map to 0)" },
    { "MINSIGSTKSZ", "checked against GuestABI.minsigstksz" },
    { "SIGSTKSZ", "checked against GuestABI.sigstksz" },
    { "RLIM_INFINITY", "checked against GuestABI.rlim_infinity" },
    { "NCCS", "checked against AbiTermios.ncc" },
};

static bool is_waived(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(waived); i++) {
        if (!strcmp(waived[i].name, name)) {
            return true;
        }
    }
    return false;
}

/* A bit or value of a flag word, through a bitmap, both ways. */
static void check_bits(const GuestABI *abi, const AbiRefConst *c, const AbiBitmap *map,
                       unsigned n, int64_t host)
{
    uint32_t g = (uint32_t)c->value;
    uint32_t to_host = abi_flags_to_host(map, n, g);
    uint32_t to_guest = abi_flags_to_guest(map, n, (uint32_t)host);

    ck_assert_msg(to_host == (uint32_t)host, "%s: guest %s 0x%x -> host 0x%x, want 0x%x",
                  abi->name, c->name, g, to_host, (unsigned)host);
    ck_assert_msg(to_guest == g, "%s: host %s 0x%x -> guest 0x%x, want 0x%x", abi->name,
                  c->name, (unsigned)host, to_guest, g);
}

static void check_value(const GuestABI *abi, const AbiRefConst *c, const AbiValueMap *map,
                        unsigned n, int64_t host, bool both_ways)
{
    int64_t to_host = abi_value_to_host(map, n, (int64_t)c->value);

    ck_assert_msg(to_host == host, "%s: guest %s %" PRId64 " -> host %" PRId64 ", want %" PRId64,
                  abi->name, c->name, (int64_t)c->value, to_host, host);
    if (both_ways) {
        ck_assert_msg(abi_value_to_guest(map, n, host) == (int64_t)c->value,
                      "%s: host %s %" PRId64 " -> guest %" PRId64, abi->name, c->name, host,
                      abi_value_to_guest(map, n, host));
    }
}

static const AbiIoctl ioctl_ids[] = {
    ABI_IOCTL_TCGETS, ABI_IOCTL_TCSETS, ABI_IOCTL_TCSETSW, ABI_IOCTL_TCSETSF,
    ABI_IOCTL_TIOCGWINSZ, ABI_IOCTL_TIOCSWINSZ, ABI_IOCTL_TIOCGPGRP, ABI_IOCTL_TIOCSPGRP,
    ABI_IOCTL_FIONREAD, ABI_IOCTL_FIONBIO, ABI_IOCTL_FIOCLEX, ABI_IOCTL_FIONCLEX,
    ABI_IOCTL_TCSBRK, ABI_IOCTL_TCXONC, ABI_IOCTL_TCFLSH, ABI_IOCTL_TIOCEXCL,
    ABI_IOCTL_TIOCNXCL, ABI_IOCTL_TIOCSCTTY, ABI_IOCTL_TIOCOUTQ, ABI_IOCTL_TIOCSTI,
    ABI_IOCTL_TIOCMGET, ABI_IOCTL_TIOCMSET, ABI_IOCTL_TIOCGSID, ABI_IOCTL_TIOCNOTTY,
    ABI_IOCTL_TIOCGPTN, ABI_IOCTL_TIOCSPTLCK, ABI_IOCTL_FIOASYNC,
};
static const char *const ioctl_names[] = {
    "TCGETS", "TCSETS", "TCSETSW", "TCSETSF", "TIOCGWINSZ", "TIOCSWINSZ", "TIOCGPGRP",
    "TIOCSPGRP", "FIONREAD", "FIONBIO", "FIOCLEX", "FIONCLEX", "TCSBRK", "TCXONC", "TCFLSH",
    "TIOCEXCL", "TIOCNXCL", "TIOCSCTTY", "TIOCOUTQ", "TIOCSTI", "TIOCMGET", "TIOCMSET",
    "TIOCGSID", "TIOCNOTTY", "TIOCGPTN", "TIOCSPTLCK", "FIOASYNC",
};
G_STATIC_ASSERT(ARRAY_SIZE(ioctl_ids) == ARRAY_SIZE(ioctl_names));
G_STATIC_ASSERT(ARRAY_SIZE(ioctl_ids) == ABI_IOCTL_COUNT);

static bool check_ioctl(const GuestABI *abi, const AbiRefConst *c)
{
    static const char *const ioc[] = {
        "_IOC_SIZEBITS", "_IOC_DIRBITS", "_IOC_NONE", "_IOC_READ", "_IOC_WRITE",
    };
    const AbiIocEncoding *e = &abi->ioc;
    /* A zero encoding is asm-generic's: 14 size bits, 2 direction bits, none 0, write 1, read 2. */
    unsigned have[] = {
        e->size_bits ? e->size_bits : 14, e->size_bits ? e->dir_bits : 2,
        e->size_bits ? e->dir_none : 0, e->size_bits ? e->dir_read : 2,
        e->size_bits ? e->dir_write : 1,
    };

    for (unsigned i = 0; i < ARRAY_SIZE(ioc); i++) {
        if (!strcmp(c->name, ioc[i])) {
            ck_assert_msg(have[i] == c->value, "%s: %s %u, headers say %" PRIu64, abi->name,
                          c->name, have[i], c->value);
            return true;
        }
    }
    if (!strcmp(c->name, "TIOCINQ")) {
        ck_assert_uint_eq(abi->ioctl_nr[ABI_IOCTL_FIONREAD], (uint32_t)c->value);
        return true;
    }
    for (unsigned i = 0; i < ARRAY_SIZE(ioctl_names); i++) {
        if (!strcmp(c->name, ioctl_names[i])) {
            ck_assert_msg(abi->ioctl_nr[ioctl_ids[i]] == (uint32_t)c->value,
                          "%s: %s is 0x%x, headers say 0x%" PRIx64, abi->name, c->name,
                          abi->ioctl_nr[ioctl_ids[i]], c->value);
            return true;
        }
    }
    return false;
}

static void check_cc(const GuestABI *abi, const AbiRefConst *c, int64_t host)
{
    const AbiTermios *t = abi->termios;
    int g = (int)c->value;

    ck_assert_msg(g >= 0 && g < t->ncc, "%s: %s = %d outside c_cc[%u]", abi->name, c->name, g,
                  t->ncc);
    if (host == VMIN && t->vmin_slot >= 0) {
        ck_assert_int_eq(t->vmin_slot, g);
    } else if (host == VTIME && t->vtime_slot >= 0) {
        ck_assert_int_eq(t->vtime_slot, g);
    } else {
        ck_assert_msg(t->cc_to_host[g] == host, "%s: guest c_cc[%d] (%s) -> host %d, want %d",
                      abi->name, g, c->name, t->cc_to_host[g], (int)host);
    }
}

START_TEST(test_constants)
{
    const GuestABI *abi = abi_at(_i);
    const AbiRef *ref = &abi_ref[_i];
    const AbiTermios *t = abi->termios;
    unsigned checked = 0;

    for (unsigned i = 0; i < ABI_REF_NCONSTS; i++) {
        const AbiRefConst *c = &ref->consts[i];
        const char *g = c->group;
        int64_t host = 0;
        bool have_host = host_value(host_flags, ARRAY_SIZE(host_flags), c->name, &host);

        if (!strcmp(g, "errno")) {
            ck_assert_msg(host_value(host_errnos, ARRAY_SIZE(host_errnos), c->name, &host),
                          "no host %s", c->name);
            ck_assert_msg(c->defined, "%s: no %s", abi->name, c->name);
            ck_assert_msg(abi_errno_to_guest(abi, (int)host) == (int)c->value,
                          "%s: host %s -> %d, headers say %d", abi->name, c->name,
                          abi_errno_to_guest(abi, (int)host), (int)c->value);
            ck_assert_int_eq(abi_errno_to_host(abi, (int)c->value), host);
            checked++;
            continue;
        }
        if (!strcmp(g, "signal")) {
            if (!strcmp(c->name, "SIGEMT")) {
                ck_assert(!c->defined || abi_signal_to_host(abi, (int)c->value) == 0);
                checked++;
                continue;
            }
            ck_assert(host_value(host_signals, ARRAY_SIZE(host_signals), c->name, &host));
            if (!c->defined) {
                ck_assert_msg(abi_signal_to_guest(abi, (int)host) == 0,
                              "%s: host %s has no guest signal", abi->name, c->name);
            } else {
                ck_assert_msg(abi_signal_to_host(abi, (int)c->value) == host &&
                              abi_signal_to_guest(abi, (int)host) == (int)c->value,
                              "%s: guest %s (%d) <-> host %d", abi->name, c->name,
                              (int)c->value, (int)host);
            }
            checked++;
            continue;
        }
        if (!strcmp(c->name, "MINSIGSTKSZ") || !strcmp(c->name, "SIGSTKSZ")) {
            uint32_t have = c->name[0] == 'M' ? abi->minsigstksz : abi->sigstksz;
            ck_assert_msg(have == c->value, "%s: %s %u, headers say %" PRIu64, abi->name,
                          c->name, have, c->value);
            checked++;
            continue;
        }
        if (!strcmp(c->name, "RLIM_INFINITY")) {
            ck_assert_msg(abi->rlim_infinity == c->value, "%s: RLIM_INFINITY 0x%" PRIx64,
                          abi->name, abi->rlim_infinity);
            checked++;
            continue;
        }
        if (!strcmp(c->name, "NCCS")) {
            ck_assert_int_eq(t->ncc, c->value);
            checked++;
            continue;
        }
        if (!strcmp(g, "ioctl")) {
            ck_assert_msg(check_ioctl(abi, c), "ioctl %s not known to the test", c->name);
            checked++;
            continue;
        }
        if (is_waived(c->name)) {
            continue;
        }
        if (!c->defined) {
            /* Nothing to convert: the ABI's headers lack it (SA_RESTORER on riscv...). */
            checked++;
            continue;
        }
        ck_assert_msg(have_host, "%s: no host value for %s (%s)", abi->name, c->name, g);
        if (!strcmp(g, "open")) {
            check_bits(abi, c, abi->open_flags, abi->n_open_flags, host);
        } else if (!strcmp(g, "fcntl")) {
            /* Only guest -> host: F_*LK64 and F_*LK are both the host's F_*LK. */
            check_value(abi, c, abi->fcntl_cmds, abi->n_fcntl_cmds, host, false);
        } else if (!strcmp(g, "flock")) {
            check_value(abi, c, abi->flock_types, abi->n_flock_types, host, true);
        } else if (!strcmp(g, "mmap")) {
            if (!strncmp(c->name, "MAP_", 4)) {
                check_bits(abi, c, abi->mmap_flags, abi->n_mmap_flags, host);
            } else if (!strncmp(c->name, "MCL_", 4)) {
                check_bits(abi, c, abi->mlockall_flags, abi->n_mlockall_flags, host);
            } else {
                /* PROT_*, MS_*, MADV_*: the same numbers everywhere, passed through. */
                ck_assert_msg((int64_t)c->value == host, "%s: %s", abi->name, c->name);
            }
        } else if (!strcmp(g, "sa")) {
            if (!strncmp(c->name, "SA_", 3)) {
                check_bits(abi, c, abi->sa_flags, abi->n_sa_flags, host);
            } else if (!strncmp(c->name, "SIG_", 4)) {
                check_value(abi, c, abi->sigmask_how, abi->n_sigmask_how, host, true);
            } else {
                ck_assert_msg((int64_t)c->value == host, "%s: %s", abi->name, c->name);
            }
        } else if (!strcmp(g, "socket")) {
            if (!strncmp(c->name, "SOCK_", 5)) {
                check_bits(abi, c, abi->sock_type_flags, abi->n_sock_type_flags, host);
            } else if (!strcmp(c->name, "SOL_SOCKET")) {
                check_value(abi, c, abi->sockopt_levels, abi->n_sockopt_levels, host, true);
            } else {
                check_value(abi, c, abi->sockopts, abi->n_sockopts, host, true);
            }
        } else if (!strcmp(g, "poll")) {
            if (!strcmp(c->name, "POLLWRNORM") && c->value == POLLOUT) {
                /* sparc: POLLWRNORM is POLLOUT, so only the host's reads back as it. */
                ck_assert_uint_eq(abi_flags_to_guest(abi->poll_events, abi->n_poll_events,
                                                     (uint32_t)host), c->value);
                ck_assert_uint_eq(abi_flags_to_host(abi->poll_events, abi->n_poll_events,
                                                    (uint32_t)c->value), POLLOUT);
            } else {
                check_bits(abi, c, abi->poll_events, abi->n_poll_events, host);
            }
        } else if (!strcmp(g, "rlimit")) {
            check_value(abi, c, abi->rlimit_resources, abi->n_rlimit_resources, host, true);
        } else if (!strcmp(g, "tc_iflag")) {
            check_bits(abi, c, t->iflag, t->n_iflag, host);
        } else if (!strcmp(g, "tc_oflag")) {
            check_bits(abi, c, t->oflag, t->n_oflag, host);
        } else if (!strcmp(g, "tc_cflag")) {
            check_bits(abi, c, t->cflag, t->n_cflag, host);
            /* The input speed too, shifted into CIBAUD (B0..: the same codes). */
            if (c->name[0] == 'B') {
                uint32_t gi = (uint32_t)c->value << HOST_IBSHIFT;
                ck_assert_msg(abi_flags_to_host(t->cflag, t->n_cflag, gi) ==
                              (uint32_t)host << HOST_IBSHIFT, "%s: input %s", abi->name,
                              c->name);
            }
        } else if (!strcmp(g, "tc_lflag")) {
            check_bits(abi, c, t->lflag, t->n_lflag, host);
        } else if (!strcmp(g, "tc_cc")) {
            check_cc(abi, c, host);
        } else {
            ck_abort_msg("constant group %s not known to the test", g);
        }
        checked++;
    }
    ck_assert_uint_gt(checked, 300);
}
END_TEST

/* _IOC() requests without a table row are re-encoded field by field. */
START_TEST(test_ioctl_encoding)
{
    const GuestABI *abi = abi_at(_i);
    const AbiIocEncoding *e = &abi->ioc;
    unsigned sb = e->size_bits ? e->size_bits : 14;
    uint32_t rd = e->size_bits ? e->dir_read : 2, wr = e->size_bits ? e->dir_write : 1;
    uint32_t none = e->size_bits ? e->dir_none : 0;
    uint32_t g_r = rd << (16 + sb) | 24u << 16 | 'x' << 8 | 5;
    uint32_t g_rw = (rd | wr) << (16 + sb) | 8u << 16 | 'x' << 8 | 6;
    uint32_t g_none = none << (16 + sb) | 'x' << 8 | 7;

    ck_assert_uint_eq(abi_ioctl_to_host(abi, g_r), _IOC(_IOC_READ, 'x', 5, 24));
    ck_assert_uint_eq(abi_ioctl_to_host(abi, g_rw), _IOC(_IOC_READ | _IOC_WRITE, 'x', 6, 8));
    ck_assert_uint_eq(abi_ioctl_to_host(abi, g_none), _IOC(_IOC_NONE, 'x', 7, 0));
    /* An old-style number (no direction bits) passes unchanged. */
    ck_assert_uint_eq(abi_ioctl_to_host(abi, 0x540c), 0x540c);
}
END_TEST

/* The reference field of a layout kind, for the converter tests. */
static const AbiRefField *rfield(const AbiRef *ref, const char *kind, unsigned id)
{
    for (unsigned k = 0; k < ABI_REF_NLAYOUTS; k++) {
        const AbiRefLayout *r = &ref->layouts[k];
        if (strcmp(r->kind, kind)) {
            continue;
        }
        /* The last listing of the id wins: arm's 64-bit st_ino after __st_ino. */
        const AbiRefField *found = NULL;
        for (unsigned i = 0; i < r->nfields; i++) {
            if (r->fields[i].id == id && r->fields[i].offset >= 0 &&
                (!found || r->fields[i].size >= found->size)) {
                found = &r->fields[i];
            }
        }
        return found;
    }
    return NULL;
}

/* ---- the engine: every layout, raw bytes at the headers' offsets ---- */

/* An independent decoder: n bytes at p, most significant first when be. */
static uint64_t raw(const uint8_t *p, int n, bool be)
{
    uint64_t v = 0;

    for (int i = 0; i < n; i++) {
        v = v << 8 | p[be ? i : n - 1 - i];
    }
    return v;
}

static uint64_t mask_bits(int bytes)
{
    return bytes >= 8 ? UINT64_MAX : (1ull << (8 * bytes)) - 1;
}

START_TEST(test_store_load_every_layout)
{
    const GuestABI *abi = abi_at(_i);
    const AbiRef *ref = &abi_ref[_i];

    for (unsigned k = 0; k < ABI_REF_NLAYOUTS; k++) {
        const AbiRefLayout *r = &ref->layouts[k];
        bool known;
        const AbiLayout *l = layout_of(abi, r->kind, &known);
        uint64_t vals[64], back[64];
        uint8_t buf[512], covered[512];

        if (!l || !strcmp(r->kind, "siginfo")) {
            continue;   /* siginfo's members overlap: test_siginfo */
        }
        for (unsigned f = 0; f < 64; f++) {
            vals[f] = 0x8877665544332211ull * (f + 1) ^ 0xa5a5a5a5a5a5a5a5ull;
        }
        memset(buf, 0xee, sizeof(buf));
        abi_store(abi, l, buf, vals);
        memset(covered, 0, sizeof(covered));
        for (unsigned i = 0; i < r->nfields; i++) {
            const AbiRefField *rf = &r->fields[i];
            if (rf->offset < 0 || rf->size > 8) {
                continue;       /* absent, or bytes (c_cc) */
            }
            int el = rf->elem_size, n = rf->size / el;
            uint64_t want = vals[rf->id] & mask_bits(rf->size);
            uint64_t got = 0;
            /* Arrays of longs: element 0 holds the low bits, whatever the byte order. */
            for (int e = 0; e < n; e++) {
                got |= raw(buf + rf->offset + e * el, el, abi->big_endian) << (8 * el * e);
            }
            if (!strcmp(r->kind, "dirent64") && rf->id == DIRENT_NAME) {
                continue;
            }
            ck_assert_msg(got == want, "%s %s.%s: 0x%" PRIx64 " at %d, stored 0x%" PRIx64,
                          abi->name, r->kind, rf->name, got, rf->offset, want);
            memset(covered + rf->offset, 1, rf->size);
        }
        for (unsigned b = 0; b < l->size; b++) {
            ck_assert_msg(covered[b] || buf[b] == 0 ||
                          (!strcmp(r->kind, "dirent64") && b == 19),
                          "%s %s: padding byte %u is 0x%x", abi->name, r->kind, b, buf[b]);
        }
        ck_assert_msg(buf[l->size] == 0xee, "%s %s: written past its size", abi->name, r->kind);
        abi_load(abi, l, buf, back, 64);
        for (unsigned i = 0; i < r->nfields; i++) {
            const AbiRefField *rf = &r->fields[i];
            /* Of an id listed twice (arm's __st_ino and st_ino), the wider one is read. */
            if (rf->offset >= 0 && rf->size <= 8 && rf->id != DIRENT_NAME &&
                rfield(ref, r->kind, rf->id) == rf) {
                ck_assert_msg(back[rf->id] == (vals[rf->id] & mask_bits(rf->size)),
                              "%s %s.%s: read back 0x%" PRIx64, abi->name, r->kind, rf->name,
                              back[rf->id]);
            }
        }
    }
}
END_TEST

/* Field `id` of `kind` in a guest buffer, decoded independently; -1 when absent. */
static int64_t gfield(const GuestABI *abi, const AbiRef *ref, const char *kind, unsigned id,
                      const uint8_t *buf)
{
    const AbiRefField *f = rfield(ref, kind, id);

    if (!f) {
        return -1;
    }
    uint64_t v = 0;
    for (int e = 0; e < f->size / f->elem_size; e++) {
        v |= raw(buf + f->offset + e * f->elem_size, f->elem_size, abi->big_endian)
             << (8 * f->elem_size * e);
    }
    return (int64_t)v;
}

/* ---- converters ---- */

START_TEST(test_stat)
{
    const GuestABI *abi = abi_at(_i);
    const AbiRef *ref = ref_of(abi->name);
    struct stat st;
    uint8_t buf[256];
    const char *kinds[] = { "stat", "stat64" };
    const AbiLayout *ls[] = { abi->stat, abi->stat64 };

    memset(&st, 0, sizeof(st));
    st.st_dev = 0x0803;
    st.st_ino = 0x123456789aull;
    st.st_mode = 0100644;
    st.st_nlink = 3;
    st.st_uid = 1000;
    st.st_gid = 100;
    st.st_rdev = 0x0501;
    st.st_size = 123456;
    st.st_blksize = 4096;
    st.st_blocks = 248;
    st.st_atim.tv_sec = 1700000000;
    st.st_atim.tv_nsec = 111;
    st.st_mtim.tv_sec = 1700000001;
    st.st_mtim.tv_nsec = 222;
    st.st_ctim.tv_sec = 1700000002;
    st.st_ctim.tv_nsec = 333;
    for (unsigned k = 0; k < 2; k++) {
        if (!ls[k]) {
            continue;
        }
        const AbiRefField *ino = rfield(ref, kinds[k], STAT_INO);
        /* A 40-bit inode: EOVERFLOW where st_ino has 32 bits (the kernel's cp_new_stat). */
        ck_assert(abi_stat_to_guest(abi, ls[k], &st, buf) == (ino->size == 8));
        ck_assert_int_eq(gfield(abi, ref, kinds[k], STAT_DEV, buf), 0x0803);
        ck_assert_uint_eq((uint64_t)gfield(abi, ref, kinds[k], STAT_INO, buf),
                          st.st_ino & mask_bits(ino->size));
        ck_assert_int_eq(gfield(abi, ref, kinds[k], STAT_MODE, buf), 0100644);
        ck_assert_int_eq(gfield(abi, ref, kinds[k], STAT_NLINK, buf), 3);
        ck_assert_int_eq(gfield(abi, ref, kinds[k], STAT_UID, buf), 1000);
        ck_assert_int_eq(gfield(abi, ref, kinds[k], STAT_GID, buf), 100);
        ck_assert_int_eq(gfield(abi, ref, kinds[k], STAT_RDEV, buf), 0x0501);
        ck_assert_int_eq(gfield(abi, ref, kinds[k], STAT_SIZE, buf), 123456);
        ck_assert_int_eq(gfield(abi, ref, kinds[k], STAT_BLKSIZE, buf), 4096);
        ck_assert_int_eq(gfield(abi, ref, kinds[k], STAT_BLOCKS, buf), 248);
        ck_assert_int_eq(gfield(abi, ref, kinds[k], STAT_MTIME, buf), 1700000001);
        int64_t ns = gfield(abi, ref, kinds[k], STAT_MTIME_NSEC, buf);
        ck_assert(ns == 222 || (ns == -1 && !abi_field(ls[k], STAT_MTIME_NSEC)));
        /* 16-bit ids (sparc32's struct stat) hold 65534 for what they cannot. */
        struct stat big = st;
        big.st_ino = 7;
        big.st_uid = 70000;
        ck_assert(abi_stat_to_guest(abi, ls[k], &big, buf));
        ck_assert_int_eq(gfield(abi, ref, kinds[k], STAT_UID, buf),
                         rfield(ref, kinds[k], STAT_UID)->size == 2 ? 65534 : 70000);
        if (!strcmp(abi->name, "arm") && k == 1) {
            abi_stat_to_guest(abi, ls[k], &st, buf);
            /* The truncated __st_ino at 12 as well as the full one at 96. */
            ck_assert_uint_eq(raw(buf + 12, 4, false), 0x3456789a);
            ck_assert_uint_eq(raw(buf + 96, 8, false), 0x123456789aull);
        }
    }
}
END_TEST

START_TEST(test_statfs_flock)
{
    const GuestABI *abi = abi_at(_i);
    const AbiRef *ref = ref_of(abi->name);
    struct statfs sf;
    struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_CUR, .l_start = -4096,
                        .l_len = 0x100000000ll, .l_pid = 4321 };
    struct flock back;
    uint8_t buf[256];

    memset(&sf, 0, sizeof(sf));
    sf.f_type = 0xef53;
    sf.f_bsize = 4096;
    sf.f_blocks = 1000000;
    sf.f_bfree = 500000;
    sf.f_namelen = 255;
    memcpy(&sf.f_fsid, (int[2]){ 0x11223344, 0x55667788 }, 8);
    ck_assert(abi_statfs_to_guest(abi, abi->statfs, &sf, buf));
    ck_assert_int_eq(gfield(abi, ref, "statfs", STATFS_TYPE, buf), 0xef53);
    ck_assert_int_eq(gfield(abi, ref, "statfs", STATFS_BLOCKS, buf), 1000000);
    ck_assert_int_eq(gfield(abi, ref, "statfs", STATFS_FSID1, buf), 0x55667788);
    ck_assert_int_eq(gfield(abi, ref, "statfs", STATFS_NAMELEN, buf), 255);
    if (abi->statfs64) {
        sf.f_blocks = 0x123456789ull;
        ck_assert(abi_statfs_to_guest(abi, abi->statfs64, &sf, buf));
        ck_assert_int_eq(gfield(abi, ref, "statfs64", STATFS_BLOCKS, buf), 0x123456789ll);
    }
    /* 2^32 blocks overflow a 32-bit statfs; "unknown" (-1) does not. */
    sf.f_blocks = 0x100000000ull;
    sf.f_files = UINT64_MAX;
    ck_assert(abi_statfs_to_guest(abi, abi->statfs, &sf, buf) == (abi->long_bits == 64));
    sf.f_blocks = 1;
    ck_assert(abi_statfs_to_guest(abi, abi->statfs, &sf, buf));

    /* struct flock64 (or the 64-bit ABI's flock) keeps 64-bit offsets and the mapped type. */
    const AbiLayout *l = abi->flock64 ? abi->flock64 : abi->flock;
    const char *kind = abi->flock64 ? "flock64" : "flock";
    abi_flock_to_guest(abi, l, &fl, buf);
    ck_assert_int_eq(gfield(abi, ref, kind, FLOCK_TYPE, buf),
                     abi->flock_types ? 2 : F_WRLCK);    /* sparc: F_WRLCK is 2 */
    ck_assert_int_eq(gfield(abi, ref, kind, FLOCK_START, buf), -4096);
    ck_assert_int_eq(gfield(abi, ref, kind, FLOCK_LEN, buf), 0x100000000ll);
    ck_assert_int_eq(gfield(abi, ref, kind, FLOCK_PID, buf), 4321);
    abi_flock_from_guest(abi, l, buf, &back);
    ck_assert_int_eq(back.l_type, F_WRLCK);
    ck_assert_int_eq(back.l_whence, SEEK_CUR);
    ck_assert_int_eq(back.l_start, -4096);
    ck_assert_int_eq(back.l_len, 0x100000000ll);
    ck_assert_int_eq(back.l_pid, 4321);
    /* The 32-bit struct flock: a negative start survives sign extension. */
    abi_flock_to_guest(abi, abi->flock, &fl, buf);
    abi_flock_from_guest(abi, abi->flock, buf, &back);
    ck_assert_int_eq(back.l_start, -4096);
    /* The guest's F_SETLKW takes struct flock, its F_SETLKW64 and OFD locks flock64. */
    int setlkw = (int)ref_const(ref, "F_SETLKW")->value;
    ck_assert_ptr_eq(abi_flock_layout(abi, setlkw), abi->flock);
    ck_assert_int_eq(abi_value_to_host(abi->fcntl_cmds, abi->n_fcntl_cmds, setlkw), F_SETLKW);
    const AbiRefConst *lk64 = ref_const(ref, "F_SETLKW64");
    if (lk64->defined) {
        ck_assert_ptr_nonnull(abi->flock64);
        ck_assert_ptr_eq(abi_flock_layout(abi, (int)lk64->value), abi->flock64);
        ck_assert_int_eq(abi_value_to_host(abi->fcntl_cmds, abi->n_fcntl_cmds,
                                           (int)lk64->value), F_SETLKW);
        ck_assert_ptr_eq(abi_flock_layout(abi, F_OFD_SETLK), abi->flock64);
    } else {
        ck_assert_ptr_null(abi->flock64);
        ck_assert_ptr_eq(abi_flock_layout(abi, F_OFD_SETLK), abi->flock);
    }
}
END_TEST

START_TEST(test_sigaction)
{
    const GuestABI *abi = abi_at(_i);
    const AbiRef *ref = ref_of(abi->name);
    AbiSigaction sa = {
        .handler = 0x10080, .restorer = 0x10400,
        .flags = SA_SIGINFO | SA_RESTART | SA_ONSTACK,
        .mask = 1ull << (SIGUSR1 - 1) | 1ull << (SIGCHLD - 1) | 1ull << (40 - 1),
    }, back;
    uint8_t buf[64];
    int gusr1 = abi_signal_to_guest(abi, SIGUSR1), gchld = abi_signal_to_guest(abi, SIGCHLD);

    abi_sigaction_to_guest(abi, &sa, buf);
    ck_assert_int_eq(gfield(abi, ref, "sigaction", SA_F_HANDLER, buf), 0x10080);
    uint64_t gmask = (uint64_t)gfield(abi, ref, "sigaction", SA_F_MASK, buf);
    ck_assert_uint_eq(gmask, 1ull << (gusr1 - 1) | 1ull << (gchld - 1) | 1ull << 39);
    uint64_t gflags = (uint64_t)gfield(abi, ref, "sigaction", SA_F_FLAGS, buf);
    ck_assert_uint_eq(gflags, abi_flags_to_guest(abi->sa_flags, abi->n_sa_flags,
                                                 SA_SIGINFO | SA_RESTART | SA_ONSTACK));
    if (abi_field(abi->sigaction, SA_F_RESTORER)) {
        ck_assert_int_eq(gfield(abi, ref, "sigaction", SA_F_RESTORER, buf), 0x10400);
    }
    abi_sigaction_from_guest(abi, buf, &back);
    ck_assert_uint_eq(back.handler, sa.handler);
    ck_assert_uint_eq(back.flags, sa.flags);
    ck_assert_uint_eq(back.mask, sa.mask);
    /* sparc: SIGUSR1 is 30 there. */
    if (!strncmp(abi->name, "sparc", 5)) {
        ck_assert_int_eq(gusr1, 30);
        ck_assert_uint_eq(gflags, 0x200 | 0x2 | 0x1);
    }
}
END_TEST

START_TEST(test_siginfo)
{
    const GuestABI *abi = abi_at(_i);
    const AbiRef *ref = ref_of(abi->name);
    static const struct {
        int sig, code;
        AbiSiClass cls;
        unsigned ids[5];
    } cases[] = {
        { SIGTERM, SI_USER, ABI_SI_KILL, { SI_F_PID, SI_F_UID } },
        { SIGALRM, SI_TIMER, ABI_SI_TIMER, { SI_F_TIMERID, SI_F_OVERRUN, SI_F_VALUE } },
        { SIGUSR1, SI_QUEUE, ABI_SI_RT, { SI_F_PID, SI_F_UID, SI_F_VALUE } },
        { SIGCHLD, CLD_EXITED, ABI_SI_CHLD,
          { SI_F_PID, SI_F_UID, SI_F_STATUS, SI_F_UTIME, SI_F_STIME } },
        { SIGSEGV, SEGV_MAPERR, ABI_SI_FAULT, { SI_F_ADDR } },
        { SIGIO, POLL_IN, ABI_SI_POLL, { SI_F_BAND, SI_F_FD } },
        { SIGSYS, 1 /* SYS_SECCOMP */, ABI_SI_SYS, { SI_F_CALL_ADDR, SI_F_SYSCALL, SI_F_ARCH } },
    };

    for (unsigned c = 0; c < ARRAY_SIZE(cases); c++) {
        uint64_t v[SI_NFIELDS], back[SI_NFIELDS];
        uint8_t buf[128];

        ck_assert_int_eq(abi_siginfo_class(cases[c].sig, cases[c].code), cases[c].cls);
        for (unsigned f = 0; f < SI_NFIELDS; f++) {
            v[f] = 0x1000 + 17 * f;
        }
        v[SI_F_SIGNO] = (uint64_t)abi_signal_to_guest(abi, cases[c].sig);
        v[SI_F_CODE] = (uint64_t)(int64_t)cases[c].code;
        v[SI_F_ADDR_LSB] = 0;
        v[SI_F_TRAPNO] = 0;
        abi_siginfo_to_guest(abi, cases[c].cls, v, buf);
        ck_assert_int_eq(gfield(abi, ref, "siginfo", SI_F_SIGNO, buf), (int64_t)v[SI_F_SIGNO]);
        ck_assert_int_eq((int32_t)gfield(abi, ref, "siginfo", SI_F_CODE, buf), cases[c].code);
        for (unsigned i = 0; i < 5 && cases[c].ids[i]; i++) {
            unsigned id = cases[c].ids[i];
            const AbiRefField *f = rfield(ref, "siginfo", id);
            ck_assert_msg((uint64_t)gfield(abi, ref, "siginfo", id, buf) ==
                          (v[id] & mask_bits(f->size)), "%s: siginfo class %u field %s",
                          abi->name, cases[c].cls, f->name);
        }
        ck_assert_int_eq(abi_siginfo_from_guest(abi, buf, back), cases[c].cls);
        for (unsigned i = 0; i < 5 && cases[c].ids[i]; i++) {
            unsigned id = cases[c].ids[i];
            ck_assert_uint_eq(back[id], v[id] & mask_bits(rfield(ref, "siginfo", id)->size));
        }
    }
}
END_TEST

START_TEST(test_termios)
{
    const GuestABI *abi = abi_at(_i);
    const AbiRef *ref = ref_of(abi->name);
    const AbiTermios *t = abi->termios;
    AbiHostTermios h = {
        .c_iflag = ICRNL | IXON | IUTF8,
        .c_oflag = OPOST | ONLCR,
        .c_cflag = B115200 | CS8 | CREAD | HUPCL,
        .c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
        .c_line = 0,
    }, back;
    uint8_t buf[64];
    int64_t lflag;

    for (int i = 0; i < ABI_HOST_NCCS; i++) {
        h.c_cc[i] = (uint8_t)(0x40 + i);
    }
    h.c_cc[VMIN] = 1;
    h.c_cc[VTIME] = 0;
    abi_termios_to_guest(abi, &h, buf);
    lflag = gfield(abi, ref, "termios", TIO_LFLAG, buf);
    ck_assert_uint_eq((uint64_t)lflag, abi_flags_to_guest(t->lflag, t->n_lflag, h.c_lflag));
    ck_assert_uint_eq(abi_flags_to_host(t->lflag, t->n_lflag, (uint32_t)lflag), h.c_lflag);
    /* c_cc at the headers' offset, in the guest's slots: VINTR is 0 everywhere, VEOL moves. */
    const AbiRefField *cc = rfield(ref, "termios", TIO_CC);
    ck_assert_int_eq(buf[cc->offset + 0], h.c_cc[VINTR]);
    for (int g = 0; g < t->ncc; g++) {
        if (t->cc_to_host[g] >= 0) {
            ck_assert_int_eq(buf[cc->offset + g], h.c_cc[t->cc_to_host[g]]);
        }
    }
    if (rfield(ref, "termios", TIO_OSPEED)) {
        ck_assert_int_eq(gfield(abi, ref, "termios", TIO_OSPEED, buf), 115200);
        ck_assert_int_eq(gfield(abi, ref, "termios", TIO_ISPEED, buf), 115200);
    }
    abi_termios_to_host(abi, buf, &back);
    ck_assert_uint_eq(back.c_iflag, h.c_iflag);
    ck_assert_uint_eq(back.c_oflag, h.c_oflag);
    ck_assert_uint_eq(back.c_cflag, h.c_cflag);
    ck_assert_uint_eq(back.c_lflag, h.c_lflag);
    for (int i = 0; i < ABI_HOST_NCCS; i++) {
        bool in_guest = false;
        for (int g = 0; g < t->ncc; g++) {
            in_guest |= t->cc_to_host[g] == i;
        }
        if (in_guest || i == VMIN || i == VTIME) {
            ck_assert_msg(back.c_cc[i] == h.c_cc[i], "%s: c_cc[%d] %d, was %d", abi->name, i,
                          back.c_cc[i], h.c_cc[i]);
        }
    }
    /* Raw mode: VMIN/VTIME survive, even where they share VEOF's and VEOL's slots (sparc). */
    h.c_lflag &= ~(ICANON | ECHO);
    h.c_cc[VMIN] = 5;
    h.c_cc[VTIME] = 9;
    abi_termios_to_guest(abi, &h, buf);
    abi_termios_to_host(abi, buf, &back);
    ck_assert_int_eq(back.c_cc[VMIN], 5);
    ck_assert_int_eq(back.c_cc[VTIME], 9);
    ck_assert_uint_eq(back.c_lflag, h.c_lflag);
}
END_TEST

START_TEST(test_epoll_dirent_sockaddr)
{
    const GuestABI *abi = abi_at(_i);
    const AbiRef *ref = ref_of(abi->name);
    struct epoll_event ev[2] = {
        { .events = EPOLLIN | EPOLLRDHUP, .data.u64 = 0x1122334455667788ull },
        { .events = EPOLLOUT, .data.u64 = 42 },
    };
    uint8_t buf[256];
    uint32_t events;
    uint64_t data;

    abi_epoll_events_to_guest(abi, ev, 2, buf);
    const AbiRefLayout *el = NULL;
    for (unsigned k = 0; k < ABI_REF_NLAYOUTS; k++) {
        if (!strcmp(ref->layouts[k].kind, "epoll_event")) {
            el = &ref->layouts[k];
        }
    }
    ck_assert_int_eq(gfield(abi, ref, "epoll_event", EPEV_EVENTS, buf), EPOLLIN | EPOLLRDHUP);
    ck_assert_uint_eq((uint64_t)gfield(abi, ref, "epoll_event", EPEV_DATA, buf),
                      0x1122334455667788ull);
    ck_assert_int_eq(gfield(abi, ref, "epoll_event", EPEV_DATA, buf + el->size), 42);
    abi_epoll_event_from_guest(abi, buf + el->size, &events, &data);
    ck_assert_uint_eq(events, EPOLLOUT);
    ck_assert_uint_eq(data, 42);

    /* Two host dirent64 records, rewritten in place. */
    memset(buf, 0, sizeof(buf));
    struct {
        uint64_t ino;
        int64_t off;
        uint16_t reclen;
        uint8_t type;
        char name[13];
    } d = { 0x0102030405060708ull, 77, 32, DT_REG, "hello.txt" };
    G_STATIC_ASSERT(sizeof(d) == 32);
    memcpy(buf, &d, 32);
    d.ino = 9;
    d.reclen = 24;
    memcpy(buf + 32, &d, 24);
    abi_dirents_to_guest(abi, buf, 56);
    ck_assert_uint_eq((uint64_t)gfield(abi, ref, "dirent64", DIRENT_INO, buf),
                      0x0102030405060708ull);
    ck_assert_int_eq(gfield(abi, ref, "dirent64", DIRENT_OFF, buf), 77);
    ck_assert_int_eq(gfield(abi, ref, "dirent64", DIRENT_RECLEN, buf), 32);
    ck_assert_int_eq(gfield(abi, ref, "dirent64", DIRENT_TYPE, buf), DT_REG);
    ck_assert_str_eq((char *)buf + rfield(ref, "dirent64", DIRENT_NAME)->offset, "hello.txt");
    ck_assert_int_eq(gfield(abi, ref, "dirent64", DIRENT_INO, buf + 32), 9);
    ck_assert_int_eq(gfield(abi, ref, "dirent64", DIRENT_RECLEN, buf + 32), 24);

    /* sockaddr_in: the family in the guest's order, port and address untouched. */
    struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(8080),
                               .sin_addr.s_addr = htonl(0x7f000001) }, sin2;
    abi_sockaddr_to_guest(abi, &sin, buf, sizeof(sin));
    ck_assert_uint_eq(raw(buf, 2, abi->big_endian), AF_INET);
    ck_assert_int_eq(memcmp(buf + 2, (uint8_t *)&sin + 2, sizeof(sin) - 2), 0);
    abi_sockaddr_to_host(abi, buf, &sin2, sizeof(sin2));
    ck_assert_int_eq(memcmp(&sin, &sin2, sizeof(sin)), 0);
    /* sockaddr_nl: pid and groups are host-order integers, so guest-order ones. */
    struct sockaddr_nl nl = { .nl_family = AF_NETLINK, .nl_pid = 0x1234, .nl_groups = 5 };
    abi_sockaddr_to_guest(abi, &nl, buf, sizeof(nl));
    ck_assert_int_eq(gfield(abi, ref, "sockaddr_nl", SOCKADDR_NL_PID, buf), 0x1234);
    ck_assert_int_eq(gfield(abi, ref, "sockaddr_nl", SOCKADDR_NL_GROUPS, buf), 5);
}
END_TEST

START_TEST(test_cmsg)
{
    const GuestABI *abi = abi_at(_i);
    const AbiRef *ref = ref_of(abi->name);
    union {
        struct cmsghdr align;
        uint8_t b[256];
    } host, host2;
    uint8_t g[256];
    struct cmsghdr *c = (struct cmsghdr *)host.b;
    int fds[2] = { 7, 9 };
    struct timeval tv = { .tv_sec = 1700000000, .tv_usec = 123456 };
    bool trunc;
    size_t glen, hlen;
    unsigned w = abi->long_bits / 8;
    size_t ghdr = ROUND_UP(abi->cmsghdr->size, w);

    memset(&host, 0, sizeof(host));
    c->cmsg_len = CMSG_LEN(sizeof(fds));
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    memcpy(CMSG_DATA(c), fds, sizeof(fds));
    c = (struct cmsghdr *)(host.b + CMSG_SPACE(sizeof(fds)));
    c->cmsg_len = CMSG_LEN(sizeof(tv));
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SO_TIMESTAMP_OLD;
    memcpy(CMSG_DATA(c), &tv, sizeof(tv));
    hlen = CMSG_SPACE(sizeof(fds)) + CMSG_SPACE(sizeof(tv));

    glen = abi_cmsgs_to_guest(abi, host.b, hlen, g, sizeof(g), &trunc);
    ck_assert(!trunc);
    /* First: SCM_RIGHTS, cmsg_len = aligned header + 8. */
    ck_assert_int_eq(gfield(abi, ref, "cmsghdr", CMSG_F_LEN, g), (int64_t)(ghdr + 8));
    ck_assert_int_eq(gfield(abi, ref, "cmsghdr", CMSG_F_LEVEL, g),
                     abi_value_to_guest(abi->sockopt_levels, abi->n_sockopt_levels, SOL_SOCKET));
    ck_assert_int_eq(gfield(abi, ref, "cmsghdr", CMSG_F_TYPE, g), SCM_RIGHTS);
    ck_assert_uint_eq(raw(g + ghdr, 4, abi->big_endian), 7);
    ck_assert_uint_eq(raw(g + ghdr + 4, 4, abi->big_endian), 9);
    /* Second: the timeval in the guest's layout, after the aligned first message. */
    uint8_t *g2 = g + abi_cmsg_space(abi, 8);
    size_t tvsz = abi->timeval->size;
    ck_assert_int_eq(gfield(abi, ref, "cmsghdr", CMSG_F_LEN, g2), (int64_t)(ghdr + tvsz));
    ck_assert_int_eq(gfield(abi, ref, "cmsghdr", CMSG_F_TYPE, g2),
                     abi_value_to_guest(abi->sockopts, abi->n_sockopts, SO_TIMESTAMP_OLD));
    ck_assert_int_eq(gfield(abi, ref, "timeval", TS_SEC, g2 + ghdr), 1700000000);
    ck_assert_int_eq(gfield(abi, ref, "timeval", TS_NSEC, g2 + ghdr), 123456);
    ck_assert_uint_eq(glen, abi_cmsg_space(abi, 8) + abi_cmsg_space(abi, tvsz));

    /* And back: the host chain comes out as it went in. */
    memset(&host2, 0, sizeof(host2));
    size_t back = abi_cmsgs_to_host(abi, g, glen, host2.b, sizeof(host2.b), &trunc);
    ck_assert(!trunc);
    ck_assert_uint_eq(back, hlen);
    ck_assert_int_eq(memcmp(host.b, host2.b, hlen), 0);

    /* No room for the second message: truncated after the first. */
    glen = abi_cmsgs_to_guest(abi, host.b, hlen, g, abi_cmsg_space(abi, 8) + 4, &trunc);
    ck_assert(trunc);
    ck_assert_uint_eq(glen, abi_cmsg_space(abi, 8));
}
END_TEST

START_TEST(test_iovec_msghdr)
{
    const GuestABI *abi = abi_at(_i);
    const AbiRef *ref = ref_of(abi->name);
    const AbiRefField *b0 = rfield(ref, "iovec", IOV_BASE), *l0 = rfield(ref, "iovec", IOV_LEN);
    unsigned isz = abi->iovec->size, w = abi->long_bits / 8;
    uint8_t buf[128];
    uint64_t bases[3], lens[3];
    AbiMsghdr m;

    /* Three iovecs laid out by hand at the headers' offsets, in the guest's byte order. */
    memset(buf, 0, sizeof(buf));
    for (unsigned i = 0; i < 3; i++) {
        abi_store_scalar(abi, buf + i * isz + b0->offset, w, 0x40000000u + 0x1000 * i);
        abi_store_scalar(abi, buf + i * isz + l0->offset, w, 100 + i);
    }
    abi_iovecs_from_guest(abi, buf, 3, bases, lens);
    for (unsigned i = 0; i < 3; i++) {
        ck_assert_uint_eq(bases[i], 0x40000000u + 0x1000 * i);
        ck_assert_uint_eq(lens[i], 100 + i);
    }

    memset(buf, 0, sizeof(buf));
    abi_store_scalar(abi, buf + rfield(ref, "msghdr", MSG_F_NAME)->offset, w, 0x5000);
    abi_store_scalar(abi, buf + rfield(ref, "msghdr", MSG_F_NAMELEN)->offset, 4, 16);
    abi_store_scalar(abi, buf + rfield(ref, "msghdr", MSG_F_IOV)->offset, w, 0x6000);
    abi_store_scalar(abi, buf + rfield(ref, "msghdr", MSG_F_IOVLEN)->offset, w, 2);
    abi_store_scalar(abi, buf + rfield(ref, "msghdr", MSG_F_CONTROL)->offset, w, 0x7000);
    abi_store_scalar(abi, buf + rfield(ref, "msghdr", MSG_F_CONTROLLEN)->offset, w, 64);
    abi_msghdr_from_guest(abi, buf, &m);
    ck_assert_uint_eq(m.name, 0x5000);
    ck_assert_uint_eq(m.namelen, 16);
    ck_assert_uint_eq(m.iov, 0x6000);
    ck_assert_uint_eq(m.iovlen, 2);
    ck_assert_uint_eq(m.control, 0x7000);
    ck_assert_uint_eq(m.controllen, 64);
    abi_msghdr_update_guest(abi, buf, 8, 24, MSG_CTRUNC);
    ck_assert_int_eq(gfield(abi, ref, "msghdr", MSG_F_NAMELEN, buf), 8);
    ck_assert_int_eq(gfield(abi, ref, "msghdr", MSG_F_CONTROLLEN, buf), 24);
    ck_assert_int_eq(gfield(abi, ref, "msghdr", MSG_F_FLAGS, buf), MSG_CTRUNC);
    /* The addresses are left alone. */
    ck_assert_int_eq(gfield(abi, ref, "msghdr", MSG_F_IOV, buf), 0x6000);
}
END_TEST

START_TEST(test_time_rusage_sysinfo)
{
    const GuestABI *abi = abi_at(_i);
    const AbiRef *ref = ref_of(abi->name);
    uint8_t buf[256];
    int64_t sec, frac;

    /* The old timespec: a negative second count is sign-extended back. */
    abi_time_to_guest(abi, abi->timespec, buf, -5, 999999999);
    abi_time_from_guest(abi, abi->timespec, buf, &sec, &frac);
    ck_assert_int_eq(sec, -5);
    ck_assert_int_eq(frac, 999999999);
    /* time64: beyond 2038 on every ABI. */
    abi_time_to_guest(abi, abi->timespec64, buf, 0x100000000ll, 1);
    ck_assert_int_eq(gfield(abi, ref, "timespec64", TS_SEC, buf), 0x100000000ll);
    abi_time_from_guest(abi, abi->timespec64, buf, &sec, &frac);
    ck_assert_int_eq(sec, 0x100000000ll);

    struct rusage ru;
    memset(&ru, 0, sizeof(ru));
    ru.ru_utime.tv_sec = 3;
    ru.ru_utime.tv_usec = 500000;
    ru.ru_maxrss = 2048;
    ru.ru_nivcsw = 7;
    abi_rusage_to_guest(abi, &ru, buf);
    ck_assert_int_eq(gfield(abi, ref, "rusage", RU_UTIME_SEC, buf), 3);
    ck_assert_int_eq(gfield(abi, ref, "rusage", RU_UTIME_USEC, buf), 500000);
    ck_assert_int_eq(gfield(abi, ref, "rusage", RU_MAXRSS, buf), 2048);
    ck_assert_int_eq(gfield(abi, ref, "rusage", RU_NIVCSW, buf), 7);

    struct sysinfo si;
    memset(&si, 0, sizeof(si));
    si.uptime = 100;
    si.totalram = 64ull << 30;     /* 64 GiB in bytes: too big for a 32-bit long */
    si.freeram = 32ull << 30;
    si.procs = 300;
    si.mem_unit = 1;
    abi_sysinfo_to_guest(abi, &si, buf);
    int64_t unit = gfield(abi, ref, "sysinfo", SYSINFO_MEM_UNIT, buf);
    int64_t total = gfield(abi, ref, "sysinfo", SYSINFO_TOTALRAM, buf);
    ck_assert_int_eq(total * unit, 64ll << 30);
    ck_assert_int_eq(gfield(abi, ref, "sysinfo", SYSINFO_FREERAM, buf) * unit, 32ll << 30);
    ck_assert_int_eq(gfield(abi, ref, "sysinfo", SYSINFO_PROCS, buf), 300);
    /* 2^36 bytes fit 32 bits once counted in units of 2^5. */
    ck_assert_int_eq(unit, abi->long_bits == 64 ? 1 : 32);
}
END_TEST

/* Every ABI has its generated syscall number table, with the names handlers look up. */
START_TEST(test_syscall_tables)
{
    const GuestABI *abi = abi_at(_i);
    static const char *const want[] = { "read", "write", "openat", "exit_group",
                                        "rt_sigaction", "clone", "futex" };

    ck_assert_uint_gt(*abi->nnames, 250);
    /* Rows are syscalls, not the header's bases and masks (arm's __NR_SYSCALL_MASK once was). */
    for (unsigned i = 0; i < *abi->nnames; i++) {
        const char *n = abi->names[i].name;
        ck_assert_msg(strspn(n, "abcdefghijklmnopqrstuvwxyz0123456789_") == strlen(n),
                      "%s: syscall table row %u \"%s\"", abi->name, abi->names[i].nr, n);
        ck_assert_msg(abi->names[i].nr < 1024 || !strncmp(n, "arm_", 4),
                      "%s: %s is number %u", abi->name, n, abi->names[i].nr);
    }
    if (!strcmp(abi->name, "arm")) {
        bool tls = false;
        for (unsigned i = 0; i < *abi->nnames; i++) {
            tls |= !strcmp(abi->names[i].name, "arm_set_tls") && abi->names[i].nr == 0xf0005;
        }
        ck_assert_msg(tls, "arm: no private arm_set_tls (0xf0005)");
    }
    for (unsigned w = 0; w < ARRAY_SIZE(want); w++) {
        bool found = false;
        for (unsigned i = 0; i < *abi->nnames; i++) {
            found |= !strcmp(abi->names[i].name, want[w]);
        }
        ck_assert_msg(found, "%s: no %s in the syscall table", abi->name, want[w]);
    }
}
END_TEST

/* The reference itself: known facts of the headers, so a broken generator fails here. */
START_TEST(test_reference_sanity)
{
    const AbiRef *arm = ref_of("arm"), *ppc64 = ref_of("ppc64"), *sparc = ref_of("sparc64");

    ck_assert_ptr_nonnull(arm);
    ck_assert_ptr_nonnull(ppc64);
    ck_assert_ptr_nonnull(sparc);
    ck_assert_int_eq(arm->layouts[1].size, 104);                        /* arm stat64 */
    ck_assert_int_eq(rfield(arm, "stat64", STAT_INO)->offset, 96);
    ck_assert_int_eq(rfield(ppc64, "stat", STAT_NLINK)->offset, 16);   /* before st_mode */
    ck_assert_int_eq(rfield(sparc, "timeval", TS_NSEC)->size, 4);      /* int tv_usec */
    ck_assert_uint_eq(abi_signal_to_guest(&abi_sparc64, SIGUSR1), 30);
    ck_assert_int_eq(abi_errno_to_guest(&abi_sparc64, EDEADLK), 78);
    ck_assert_int_eq(abi_errno_to_guest(&abi_riscv64, EDEADLK), 35);
    ck_assert_uint_eq(ABI_REF_COUNT, abi_count);
}
END_TEST

/* The engine: big-endian guests get their bytes swapped, little-endian ones not. */
START_TEST(test_byte_order)
{
    uint8_t buf[16];
    uint64_t vals[TS_NFIELDS] = { 0x0102030405060708ull, 0x1122334455667788ull }, back[TS_NFIELDS];

    abi_store(&abi_ppc64, abi_ppc64.timespec, buf, vals);
    ck_assert_int_eq(buf[0], 0x01);
    ck_assert_int_eq(buf[7], 0x08);
    ck_assert_int_eq(buf[8], 0x11);
    abi_load(&abi_ppc64, abi_ppc64.timespec, buf, back, TS_NFIELDS);
    ck_assert(back[0] == vals[0] && back[1] == vals[1]);
    abi_store(&abi_riscv64, abi_riscv64.timespec, buf, vals);
    ck_assert_int_eq(buf[0], 0x08);
    ck_assert_int_eq(buf[15], 0x11);
    abi_store_scalar(&abi_sparc32plus, buf, 2, 0xabcd);
    ck_assert_int_eq(buf[0], 0xab);
    ck_assert_int_eq(abi_load_scalar(&abi_sparc32plus, buf, 2), 0xabcd);
    /* A 32-bit big-endian sigset: signals 1..32 in the first word. */
    const AbiField *m = abi_field(abi_ppc.sigaction, SA_F_MASK);
    uint64_t sv[SA_NFIELDS] = { [SA_F_MASK] = 1 | 1ull << 32 };
    uint8_t sab[20];
    abi_store(&abi_ppc, abi_ppc.sigaction, sab, sv);
    ck_assert_uint_eq(raw(sab + m->offset, 4, true), 1);
    ck_assert_uint_eq(raw(sab + m->offset + 4, 4, true), 1);
}
END_TEST

static Suite *abi_suite(void)
{
    Suite *s = suite_create("abi");
    TCase *tc = tcase_create("abi");

    tcase_add_loop_test(tc, test_layouts, 0, ABI_REF_COUNT);
    tcase_add_loop_test(tc, test_constants, 0, ABI_REF_COUNT);
    tcase_add_loop_test(tc, test_ioctl_encoding, 0, ABI_REF_COUNT);
    tcase_add_loop_test(tc, test_store_load_every_layout, 0, ABI_REF_COUNT);
    tcase_add_loop_test(tc, test_stat, 0, ABI_REF_COUNT);
    tcase_add_loop_test(tc, test_statfs_flock, 0, ABI_REF_COUNT);
    tcase_add_loop_test(tc, test_sigaction, 0, ABI_REF_COUNT);
    tcase_add_loop_test(tc, test_siginfo, 0, ABI_REF_COUNT);
    tcase_add_loop_test(tc, test_termios, 0, ABI_REF_COUNT);
    tcase_add_loop_test(tc, test_epoll_dirent_sockaddr, 0, ABI_REF_COUNT);
    tcase_add_loop_test(tc, test_cmsg, 0, ABI_REF_COUNT);
    tcase_add_loop_test(tc, test_iovec_msghdr, 0, ABI_REF_COUNT);
    tcase_add_loop_test(tc, test_time_rusage_sysinfo, 0, ABI_REF_COUNT);
    tcase_add_loop_test(tc, test_syscall_tables, 0, ABI_REF_COUNT);
    tcase_add_test(tc, test_reference_sanity);
    tcase_add_test(tc, test_byte_order);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(abi_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
