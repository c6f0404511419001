/*
 * convert.c: whole-struct conversions between the host's structs and a
 * guest's, driven by the GuestABI tables (abi.h).
 *
 * Everything here is pure: no guest memory checks, no syscalls.  The
 * caller has checked the guest buffer and translates the guest addresses
 * found inside structs.  Host structs are the host kernel's (x86-64 or
 * arm64, both asm-generic in what is used here).
 */
#include "common.h"
#include "syscalls/abi/abi.h"

#include <signal.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysinfo.h>
#include <fcntl.h>
#include <termios.h>

/* ---- times ---- */

void abi_time_to_guest(const GuestABI *abi, const AbiLayout *l, void *g, int64_t sec, int64_t frac)
{
    uint64_t v[TS_NFIELDS] = { (uint64_t)sec, (uint64_t)frac };

    abi_store(abi, l, g, v);
}

void abi_time_from_guest(const GuestABI *abi, const AbiLayout *l, const void *g, int64_t *sec,
                         int64_t *frac)
{
    /* Signed: a 32-bit guest's time_t and a negative tv_nsec stay what the guest meant. */
    *sec = abi_load_signed(abi, l, g, TS_SEC);
    *frac = abi_load_signed(abi, l, g, TS_NSEC);
}

/* ---- iovec, msghdr ---- */

void abi_iovecs_from_guest(const GuestABI *abi, const void *g, unsigned n, uint64_t *bases,
                           uint64_t *lens)
{
    const AbiLayout *l = abi->iovec;

    for (unsigned i = 0; i < n; i++) {
        uint64_t v[IOV_NFIELDS];
        abi_load(abi, l, (const uint8_t *)g + (size_t)i * l->size, v, IOV_NFIELDS);
        bases[i] = v[IOV_BASE];
        lens[i] = v[IOV_LEN];
    }
}

void abi_msghdr_from_guest(const GuestABI *abi, const void *g, AbiMsghdr *m)
{
    uint64_t v[MSG_F_NFIELDS];

    abi_load(abi, abi->msghdr, g, v, MSG_F_NFIELDS);
    m->name = v[MSG_F_NAME];
    m->namelen = (uint32_t)v[MSG_F_NAMELEN];
    m->iov = v[MSG_F_IOV];
    m->iovlen = v[MSG_F_IOVLEN];
    m->control = v[MSG_F_CONTROL];
    m->controllen = v[MSG_F_CONTROLLEN];
    m->flags = (uint32_t)v[MSG_F_FLAGS];
}

void abi_msghdr_update_guest(const GuestABI *abi, void *g, uint32_t namelen, uint64_t controllen,
                             uint32_t flags)
{
    uint64_t v[MSG_F_NFIELDS] = {
        [MSG_F_NAMELEN] = namelen,
        [MSG_F_CONTROLLEN] = controllen,
        [MSG_F_FLAGS] = flags,
    };

    abi_store_some(abi, abi->msghdr, g, v,
                   1ull << MSG_F_NAMELEN | 1ull << MSG_F_CONTROLLEN | 1ull << MSG_F_FLAGS);
}

/* ---- stat, statfs, flock, rusage, sysinfo ---- */

/*
 * Does the value fit the field?  Absent fields take anything; of an id
 * listed twice (arm's truncated __st_ino and whole st_ino) the widest counts.
 */
static bool fits(const AbiLayout *l, unsigned id, uint64_t v)
{
    unsigned bits = 0;
    bool present = false;

    for (unsigned i = 0; i < l->nfields; i++) {
        const AbiField *f = &l->fields[i];
        if (f->id == id) {
            present = true;
            bits = MAX(bits, 8u * f->size * (f->count ? f->count : 1));
        }
    }
    return !present || bits >= 64 || v >> bits == 0;
}

/* A 16-bit uid/gid field gets 65534 for ids it cannot hold (include/linux/highuid.h). */
static uint64_t id_for(const AbiLayout *l, unsigned id, uint64_t v)
{
    return fits(l, id, v) ? v : 65534;
}

bool abi_stat_to_guest(const GuestABI *abi, const AbiLayout *l, const struct stat *st, void *g)
{
    uint64_t v[STAT_NFIELDS] = {
        [STAT_DEV] = st->st_dev,
        [STAT_INO] = st->st_ino,
        [STAT_MODE] = st->st_mode,
        [STAT_NLINK] = st->st_nlink,
        [STAT_UID] = st->st_uid,
        [STAT_GID] = st->st_gid,
        [STAT_RDEV] = st->st_rdev,
        [STAT_SIZE] = (uint64_t)st->st_size,
        [STAT_BLKSIZE] = (uint64_t)st->st_blksize,
        [STAT_BLOCKS] = (uint64_t)st->st_blocks,
        [STAT_ATIME] = (uint64_t)st->st_atim.tv_sec,
        [STAT_ATIME_NSEC] = (uint64_t)st->st_atim.tv_nsec,
        [STAT_MTIME] = (uint64_t)st->st_mtim.tv_sec,
        [STAT_MTIME_NSEC] = (uint64_t)st->st_mtim.tv_nsec,
        [STAT_CTIME] = (uint64_t)st->st_ctim.tv_sec,
        [STAT_CTIME_NSEC] = (uint64_t)st->st_ctim.tv_nsec,
    };
    bool ok = true;

    v[STAT_UID] = id_for(l, STAT_UID, v[STAT_UID]);
    v[STAT_GID] = id_for(l, STAT_GID, v[STAT_GID]);
    /* fs/stat.c cp_new_stat(): these must survive the narrowing. */
    static const unsigned must_fit[] = { STAT_DEV, STAT_RDEV, STAT_INO, STAT_NLINK, STAT_SIZE };
    for (unsigned i = 0; i < ARRAY_SIZE(must_fit); i++) {
        ok &= fits(l, must_fit[i], v[must_fit[i]]);
    }
    abi_store(abi, l, g, v);
    return ok;
}

bool abi_statfs_to_guest(const GuestABI *abi, const AbiLayout *l, const struct statfs *st, void *g)
{
    int fsid[2];
    uint64_t v[STATFS_NFIELDS];

    memcpy(fsid, &st->f_fsid, sizeof(fsid));
    v[STATFS_TYPE] = (uint64_t)st->f_type;
    v[STATFS_BSIZE] = (uint64_t)st->f_bsize;
    v[STATFS_BLOCKS] = st->f_blocks;
    v[STATFS_BFREE] = st->f_bfree;
    v[STATFS_BAVAIL] = st->f_bavail;
    v[STATFS_FILES] = st->f_files;
    v[STATFS_FFREE] = st->f_ffree;
    v[STATFS_FSID0] = (uint32_t)fsid[0];
    v[STATFS_FSID1] = (uint32_t)fsid[1];
    v[STATFS_NAMELEN] = (uint64_t)st->f_namelen;
    v[STATFS_FRSIZE] = (uint64_t)st->f_frsize;
    v[STATFS_FLAGS] = (uint64_t)st->f_flags;
    /* fs/statfs.c: counts that do not fit are an overflow, except "unknown" (-1). */
    bool ok = true;
    static const unsigned counts[] = {
        STATFS_BLOCKS, STATFS_BFREE, STATFS_BAVAIL, STATFS_FILES, STATFS_FFREE,
    };
    for (unsigned i = 0; i < ARRAY_SIZE(counts); i++) {
        if (v[counts[i]] != UINT64_MAX) {
            ok &= fits(l, counts[i], v[counts[i]]);
        }
    }
    abi_store(abi, l, g, v);
    return ok;
}

void abi_flock_to_guest(const GuestABI *abi, const AbiLayout *l, const struct flock *fl, void *g)
{
    uint64_t v[FLOCK_NFIELDS] = {
        [FLOCK_TYPE] =
            (uint64_t)abi_value_to_guest(abi->flock_types, abi->n_flock_types, fl->l_type),
        [FLOCK_WHENCE] = (uint64_t)fl->l_whence,
        [FLOCK_START] = (uint64_t)fl->l_start,
        [FLOCK_LEN] = (uint64_t)fl->l_len,
        [FLOCK_PID] = (uint64_t)fl->l_pid,
    };

    abi_store(abi, l, g, v);
}

void abi_flock_from_guest(const GuestABI *abi, const AbiLayout *l, const void *g, struct flock *fl)
{
    memset(fl, 0, sizeof(*fl));
    fl->l_type = (short)abi_value_to_host(abi->flock_types, abi->n_flock_types,
                                          abi_load_signed(abi, l, g, FLOCK_TYPE));
    fl->l_whence = (short)abi_load_signed(abi, l, g, FLOCK_WHENCE);
    fl->l_start = abi_load_signed(abi, l, g, FLOCK_START);
    fl->l_len = abi_load_signed(abi, l, g, FLOCK_LEN);
    fl->l_pid = (pid_t)abi_load_signed(abi, l, g, FLOCK_PID);
}

const AbiLayout *abi_flock_layout(const GuestABI *abi, int guest_cmd)
{
    int host = (int)abi_value_to_host(abi->fcntl_cmds, abi->n_fcntl_cmds, guest_cmd);

    if (!abi->flock64) {
        return abi->flock;
    }
    /* On a 32-bit ABI, 12..14 are F_GETLK64..F_SETLKW64; OFD locks always take flock64. */
    if ((guest_cmd >= 12 && guest_cmd <= 14) || host == F_OFD_GETLK || host == F_OFD_SETLK ||
        host == F_OFD_SETLKW) {
        return abi->flock64;
    }
    return abi->flock;
}

void abi_rusage_to_guest(const GuestABI *abi, const struct rusage *ru, void *g)
{
    uint64_t v[RU_NFIELDS] = {
        [RU_UTIME_SEC] = (uint64_t)ru->ru_utime.tv_sec,
        [RU_UTIME_USEC] = (uint64_t)ru->ru_utime.tv_usec,
        [RU_STIME_SEC] = (uint64_t)ru->ru_stime.tv_sec,
        [RU_STIME_USEC] = (uint64_t)ru->ru_stime.tv_usec,
        [RU_MAXRSS] = (uint64_t)ru->ru_maxrss,
        [RU_IXRSS] = (uint64_t)ru->ru_ixrss,
        [RU_IDRSS] = (uint64_t)ru->ru_idrss,
        [RU_ISRSS] = (uint64_t)ru->ru_isrss,
        [RU_MINFLT] = (uint64_t)ru->ru_minflt,
        [RU_MAJFLT] = (uint64_t)ru->ru_majflt,
        [RU_NSWAP] = (uint64_t)ru->ru_nswap,
        [RU_INBLOCK] = (uint64_t)ru->ru_inblock,
        [RU_OUBLOCK] = (uint64_t)ru->ru_oublock,
        [RU_MSGSND] = (uint64_t)ru->ru_msgsnd,
        [RU_MSGRCV] = (uint64_t)ru->ru_msgrcv,
        [RU_NSIGNALS] = (uint64_t)ru->ru_nsignals,
        [RU_NVCSW] = (uint64_t)ru->ru_nvcsw,
        [RU_NIVCSW] = (uint64_t)ru->ru_nivcsw,
    };

    abi_store(abi, abi->rusage, g, v);
}

void abi_sysinfo_to_guest(const GuestABI *abi, const struct sysinfo *si, void *g)
{
    uint64_t v[SYSINFO_NFIELDS] = {
        [SYSINFO_UPTIME] = (uint64_t)si->uptime,
        [SYSINFO_LOADS0] = si->loads[0],
        [SYSINFO_LOADS1] = si->loads[1],
        [SYSINFO_LOADS2] = si->loads[2],
        [SYSINFO_TOTALRAM] = si->totalram,
        [SYSINFO_FREERAM] = si->freeram,
        [SYSINFO_SHAREDRAM] = si->sharedram,
        [SYSINFO_BUFFERRAM] = si->bufferram,
        [SYSINFO_TOTALSWAP] = si->totalswap,
        [SYSINFO_FREESWAP] = si->freeswap,
        [SYSINFO_PROCS] = si->procs,
        [SYSINFO_TOTALHIGH] = si->totalhigh,
        [SYSINFO_FREEHIGH] = si->freehigh,
        [SYSINFO_MEM_UNIT] = si->mem_unit,
    };
    uint64_t unit = si->mem_unit ? si->mem_unit : 1;

    /*
     * A 32-bit guest's longs cannot hold a big host's byte counts: scale
     * mem_unit up until totalram and totalswap fit, as the kernel's compat
     * sysinfo does.
     */
    if (abi->long_bits == 32) {
        static const unsigned counts[] = {
            SYSINFO_TOTALRAM,  SYSINFO_FREERAM,  SYSINFO_SHAREDRAM, SYSINFO_BUFFERRAM,
            SYSINFO_TOTALSWAP, SYSINFO_FREESWAP, SYSINFO_TOTALHIGH, SYSINFO_FREEHIGH,
        };
        unsigned shift = 0;
        while (((v[SYSINFO_TOTALRAM] | v[SYSINFO_TOTALSWAP]) >> shift) > UINT32_MAX) {
            shift++;
        }
        for (unsigned i = 0; i < ARRAY_SIZE(counts); i++) {
            v[counts[i]] >>= shift;
        }
        v[SYSINFO_MEM_UNIT] = unit << shift;
    }
    abi_store(abi, abi->sysinfo, g, v);
}

/* ---- signals ---- */

uint64_t abi_sigset_to_host(const GuestABI *abi, uint64_t guest_set)
{
    uint64_t host = 0;

    if (!abi->signal_to_host) {
        return guest_set;
    }
    for (int g = 1; g <= 64; g++) {
        if (guest_set >> (g - 1) & 1) {
            int h = abi_signal_to_host(abi, g);
            if (h) {
                host |= 1ull << (h - 1);
            }
        }
    }
    return host;
}

uint64_t abi_sigset_to_guest(const GuestABI *abi, uint64_t host_set)
{
    uint64_t guest = 0;

    if (!abi->signal_to_host) {
        return host_set;
    }
    for (int h = 1; h <= 64; h++) {
        if (host_set >> (h - 1) & 1) {
            int g = abi_signal_to_guest(abi, h);
            if (g) {
                guest |= 1ull << (g - 1);
            }
        }
    }
    return guest;
}

void abi_sigaction_to_guest(const GuestABI *abi, const AbiSigaction *sa, void *g)
{
    uint64_t v[SA_NFIELDS] = {
        [SA_F_HANDLER] = sa->handler,
        [SA_F_FLAGS] = abi_flags_to_guest(abi->sa_flags, abi->n_sa_flags, (uint32_t)sa->flags),
        [SA_F_RESTORER] = sa->restorer,
        [SA_F_MASK] = abi_sigset_to_guest(abi, sa->mask),
    };

    abi_store(abi, abi->sigaction, g, v);
}

void abi_sigaction_from_guest(const GuestABI *abi, const void *g, AbiSigaction *sa)
{
    uint64_t v[SA_NFIELDS];

    abi_load(abi, abi->sigaction, g, v, SA_NFIELDS);
    sa->handler = v[SA_F_HANDLER];
    sa->restorer = v[SA_F_RESTORER];
    sa->flags = abi_flags_to_host(abi->sa_flags, abi->n_sa_flags, (uint32_t)v[SA_F_FLAGS]);
    sa->mask = abi_sigset_to_host(abi, v[SA_F_MASK]);
}

/* ---- siginfo ---- */

#define BIT64(id) (1ull << (id))
static const uint64_t si_class_fields[] = {
    [ABI_SI_KILL] = BIT64(SI_F_PID) | BIT64(SI_F_UID),
    [ABI_SI_TIMER] = BIT64(SI_F_TIMERID) | BIT64(SI_F_OVERRUN) | BIT64(SI_F_VALUE),
    [ABI_SI_RT] = BIT64(SI_F_PID) | BIT64(SI_F_UID) | BIT64(SI_F_VALUE),
    [ABI_SI_CHLD] = BIT64(SI_F_PID) | BIT64(SI_F_UID) | BIT64(SI_F_STATUS) | BIT64(SI_F_UTIME) |
                    BIT64(SI_F_STIME),
    [ABI_SI_FAULT] = BIT64(SI_F_ADDR),
    [ABI_SI_POLL] = BIT64(SI_F_BAND) | BIT64(SI_F_FD),
    [ABI_SI_SYS] = BIT64(SI_F_CALL_ADDR) | BIT64(SI_F_SYSCALL) | BIT64(SI_F_ARCH),
};
#define SI_HEADER (BIT64(SI_F_SIGNO) | BIT64(SI_F_ERRNO) | BIT64(SI_F_CODE))

/* kernel/signal.c siginfo_layout(): si_code values are asm-generic on every ABI here. */
AbiSiClass abi_siginfo_class(int host_sig, int code)
{
    if (code > SI_USER && code < SI_KERNEL) {
        switch (host_sig) {
        case SIGILL:
        case SIGFPE:
        case SIGSEGV:
        case SIGBUS:
        case SIGTRAP: return ABI_SI_FAULT;
        case SIGCHLD: return ABI_SI_CHLD;
        case SIGIO: return ABI_SI_POLL;
        case SIGSYS: return ABI_SI_SYS;
        default:
            /* Codes up to NSIGPOLL on other signals are POLL_* ones. */
            return code <= 6 ? ABI_SI_POLL : ABI_SI_KILL;
        }
    }
    if (code == SI_TIMER) {
        return ABI_SI_TIMER;
    }
    if (code == SI_SIGIO) {
        return ABI_SI_POLL;
    }
    return code < 0 ? ABI_SI_RT : ABI_SI_KILL;
}

void abi_siginfo_to_guest(const GuestABI *abi, AbiSiClass cls, const uint64_t *values, void *g)
{
    uint64_t ids = SI_HEADER | si_class_fields[cls];

    /* si_addr_lsb (SIGBUS BUS_MCEERR_*) and sparc's si_trapno share the slot after si_addr. */
    if (cls == ABI_SI_FAULT) {
        if (values[SI_F_ADDR_LSB]) {
            ids |= BIT64(SI_F_ADDR_LSB);
        } else if (values[SI_F_TRAPNO]) {
            ids |= BIT64(SI_F_TRAPNO);
        }
    }
    memset(g, 0, abi->siginfo->size);
    abi_store_some(abi, abi->siginfo, g, values, ids);
}

AbiSiClass abi_siginfo_from_guest(const GuestABI *abi, const void *g, uint64_t *values)
{
    uint64_t all[SI_NFIELDS];
    AbiSiClass cls;
    uint64_t ids;

    abi_load(abi, abi->siginfo, g, all, SI_NFIELDS);
    cls = abi_siginfo_class(abi_signal_to_host(abi, (int)(int32_t)all[SI_F_SIGNO]),
                            (int)(int32_t)all[SI_F_CODE]);
    ids = SI_HEADER | si_class_fields[cls];
    for (unsigned i = 0; i < SI_NFIELDS; i++) {
        values[i] = ids >> i & 1 ? all[i] : 0;
    }
    return cls;
}

/* ---- termios ---- */

/* Baud rates of the host's CBAUD codes (asm-generic/termbits.h). */
static uint32_t host_baud(uint32_t code)
{
    static const uint32_t low[16] = {
        0, 50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800, 9600, 19200, 38400,
    };
    static const uint32_t high[16] = {
        0,       57600,   115200,  230400,  460800,  500000,  576000,  921600,
        1000000, 1152000, 1500000, 2000000, 2500000, 3000000, 3500000, 4000000,
    };

    return code & 0x1000 ? high[code & 15] : low[code & 15];
}

static const AbiField *tio_field(const AbiTermios *t, unsigned id)
{
    return abi_field(t->layout, id);
}

void abi_termios_to_guest(const GuestABI *abi, const AbiHostTermios *h, void *g)
{
    const AbiTermios *t = abi->termios;
    uint64_t v[TIO_NFIELDS] = {
        [TIO_IFLAG] = abi_flags_to_guest(t->iflag, t->n_iflag, h->c_iflag),
        [TIO_OFLAG] = abi_flags_to_guest(t->oflag, t->n_oflag, h->c_oflag),
        [TIO_CFLAG] = abi_flags_to_guest(t->cflag, t->n_cflag, h->c_cflag),
        [TIO_LFLAG] = abi_flags_to_guest(t->lflag, t->n_lflag, h->c_lflag),
        [TIO_LINE] = h->c_line,
        /* Only ppc has the speeds here: the rates of the CBAUD/CIBAUD codes. */
        [TIO_OSPEED] = host_baud(h->c_cflag & 0x100f),
        [TIO_ISPEED] = host_baud((h->c_cflag >> 16) & 0x100f),
    };
    uint8_t *cc = (uint8_t *)g + tio_field(t, TIO_CC)->offset;

    if (!(h->c_cflag >> 16 & 0x100f)) {
        v[TIO_ISPEED] = v[TIO_OSPEED]; /* input speed 0: "same as output" */
    }
    abi_store(abi, t->layout, g, v);
    for (unsigned i = 0; i < t->ncc; i++) {
        int hi = t->cc_to_host[i];
        cc[i] = hi >= 0 ? h->c_cc[hi] : 0;
    }
    if (t->vmin_slot >= 0 && !(h->c_lflag & ICANON)) {
        cc[t->vmin_slot] = h->c_cc[VMIN];
        cc[t->vtime_slot] = h->c_cc[VTIME];
    }
}

void abi_termios_to_host(const GuestABI *abi, const void *g, AbiHostTermios *h)
{
    const AbiTermios *t = abi->termios;
    uint64_t v[TIO_NFIELDS];
    const uint8_t *cc = (const uint8_t *)g + tio_field(t, TIO_CC)->offset;

    abi_load(abi, t->layout, g, v, TIO_NFIELDS);
    memset(h, 0, sizeof(*h));
    h->c_iflag = abi_flags_to_host(t->iflag, t->n_iflag, (uint32_t)v[TIO_IFLAG]);
    h->c_oflag = abi_flags_to_host(t->oflag, t->n_oflag, (uint32_t)v[TIO_OFLAG]);
    h->c_cflag = abi_flags_to_host(t->cflag, t->n_cflag, (uint32_t)v[TIO_CFLAG]);
    h->c_lflag = abi_flags_to_host(t->lflag, t->n_lflag, (uint32_t)v[TIO_LFLAG]);
    h->c_line = (uint8_t)v[TIO_LINE];
    for (unsigned i = 0; i < t->ncc; i++) {
        int hi = t->cc_to_host[i];
        if (hi >= 0 && hi < ABI_HOST_NCCS) {
            h->c_cc[hi] = cc[i];
        }
    }
    if (t->vmin_slot >= 0) {
        if (v[TIO_LFLAG] & t->icanon) {
            /* VMIN/VTIME are not the guest's to see in canonical mode: the usual 1 and 0. */
            h->c_cc[VMIN] = 1;
            h->c_cc[VTIME] = 0;
        } else {
            h->c_cc[VMIN] = cc[t->vmin_slot];
            h->c_cc[VTIME] = cc[t->vtime_slot];
            h->c_cc[VEOF] = 4; /* ^D, the default the slot would have held */
            h->c_cc[VEOL] = 0;
        }
    }
}

/* ---- epoll, dirents, sockaddr ---- */

void abi_epoll_events_to_guest(const GuestABI *abi, const void *host_events, unsigned n, void *g)
{
    const AbiLayout *l = abi->epoll_event;

    for (unsigned i = 0; i < n; i++) {
        struct epoll_event ev;
        uint64_t v[EPEV_NFIELDS];

        /* Packed on x86-64: copy out rather than dereference a misaligned member. */
        memcpy(&ev, (const uint8_t *)host_events + i * sizeof(ev), sizeof(ev));
        v[EPEV_EVENTS] = ev.events;
        v[EPEV_DATA] = ev.data.u64;
        abi_store(abi, l, (uint8_t *)g + (size_t)i * l->size, v);
    }
}

void abi_epoll_event_from_guest(const GuestABI *abi, const void *g, uint32_t *events,
                                uint64_t *data)
{
    uint64_t v[EPEV_NFIELDS];

    abi_load(abi, abi->epoll_event, g, v, EPEV_NFIELDS);
    *events = (uint32_t)v[EPEV_EVENTS];
    *data = v[EPEV_DATA];
}

void abi_dirents_to_guest(const GuestABI *abi, void *buf, size_t len)
{
    const AbiLayout *l = abi->dirent64;
    const AbiField *reclen_f = abi_field(l, DIRENT_RECLEN);
    const AbiField *name_f = abi_field(l, DIRENT_NAME);
    uint8_t *p = buf;

    if (!abi->big_endian) {
        return; /* the host's own layout and byte order */
    }
    while (len >= name_f->offset) {
        uint16_t reclen;
        uint64_t v[DIRENT_NFIELDS];

        memcpy(&reclen, p + reclen_f->offset, sizeof(reclen));
        if (reclen < name_f->offset || reclen > len) {
            break; /* not a record the kernel wrote: leave the rest alone */
        }
        abi_load(&abi_host_order, l, p, v, DIRENT_NFIELDS);
        abi_store_some(abi, l, p, v,
                       BIT64(DIRENT_INO) | BIT64(DIRENT_OFF) | BIT64(DIRENT_RECLEN) |
                           BIT64(DIRENT_TYPE));
        p += reclen;
        len -= reclen;
    }
}

static void sockaddr_copy(const GuestABI *abi, const void *src, void *dst, size_t len,
                          bool to_guest)
{
    const GuestABI *from = to_guest ? &abi_host_order : abi;
    const GuestABI *to = to_guest ? abi : &abi_host_order;
    uint16_t family;

    memmove(dst, src, len);
    if (len < 2 || abi->big_endian == abi_host_order.big_endian) {
        return;
    }
    family = (uint16_t)abi_load_scalar(from, src, 2);
    abi_store_scalar(to, dst, 2, family);
    if (family == AF_NETLINK && len >= abi->sockaddr_nl->size) {
        uint64_t v[SOCKADDR_NFIELDS];
        abi_load(from, abi->sockaddr_nl, src, v, SOCKADDR_NFIELDS);
        abi_store_some(to, abi->sockaddr_nl, dst, v,
                       BIT64(SOCKADDR_NL_PID) | BIT64(SOCKADDR_NL_GROUPS));
    }
}

void abi_sockaddr_to_host(const GuestABI *abi, const void *g, void *h, size_t len)
{
    sockaddr_copy(abi, g, h, len, false);
}

void abi_sockaddr_to_guest(const GuestABI *abi, const void *h, void *g, size_t len)
{
    sockaddr_copy(abi, h, g, len, true);
}
