/*
 * test-abi.c: every guest ABI's data in syscalls/abi/ against that guest's
 * own kernel uapi headers.  The reference values (offsets, sizes, errno and
 * signal numbers, flag bits, ioctl numbers) are computed at build time by
 * scripts/gen-abi-layouts.py for all eight ABIs; each GuestABI object that
 * exists is checked field by field, and the conversion engine (byte order,
 * flag maps) is checked on its own.
 */
#include "common.h"
#include "syscalls/abi/abi.h"
#include "tests/unit/test-abi-expected.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

/* The GuestABI objects to check (the others' data is still to be written). */
static const GuestABI *const abis[] = { &abi_riscv64, &abi_aarch64 };

static const int *expected_values(const char *name)
{
    for (const AbiExpected *e = abi_expected; e->name; e++) {
        if (!strcmp(e->name, name)) {
            return e->values;
        }
    }
    return NULL;
}

static const AbiExpectedLayout *expected_layout(const char *kind)
{
    for (const AbiExpectedLayout *l = abi_expected_layouts; l->kind; l++) {
        if (!strcmp(l->kind, kind)) {
            return l;
        }
    }
    return NULL;
}

/* Field ids by name, for the layouts a GuestABI carries. */
typedef struct IdName {
    const char *kind;
    unsigned id;
    const char *name;
} IdName;
#define ID(kind, n) { kind, n, #n }
static const IdName id_names[] = {
    ID("stat", STAT_DEV), ID("stat", STAT_INO), ID("stat", STAT_MODE), ID("stat", STAT_NLINK),
    ID("stat", STAT_UID), ID("stat", STAT_GID), ID("stat", STAT_RDEV), ID("stat", STAT_SIZE),
    ID("stat", STAT_BLKSIZE), ID("stat", STAT_BLOCKS), ID("stat", STAT_ATIME),
    ID("stat", STAT_ATIME_NSEC), ID("stat", STAT_MTIME), ID("stat", STAT_MTIME_NSEC),
    ID("stat", STAT_CTIME), ID("stat", STAT_CTIME_NSEC),
    ID("timespec", TS_SEC), ID("timespec", TS_NSEC),
    ID("timeval", TS_SEC), ID("timeval", TS_NSEC),
    ID("sigaction", SA_F_HANDLER), ID("sigaction", SA_F_FLAGS), ID("sigaction", SA_F_RESTORER),
    ID("sigaction", SA_F_MASK),
    ID("epoll_event", EPEV_EVENTS), ID("epoll_event", EPEV_DATA),
    ID("winsize", WS_ROW), ID("winsize", WS_COL), ID("winsize", WS_XPIXEL),
    ID("winsize", WS_YPIXEL),
    ID("rlimit64", RLIM_CUR), ID("rlimit64", RLIM_MAX),
    ID("statx", STX_MASK), ID("statx", STX_BLKSIZE), ID("statx", STX_ATTRIBUTES),
    ID("statx", STX_NLINK), ID("statx", STX_UID), ID("statx", STX_GID), ID("statx", STX_MODE),
    ID("statx", STX_INO), ID("statx", STX_SIZE), ID("statx", STX_BLOCKS),
    ID("statx", STX_ATTRIBUTES_MASK), ID("statx", STX_ATIME_SEC), ID("statx", STX_ATIME_NSEC),
    ID("statx", STX_BTIME_SEC), ID("statx", STX_BTIME_NSEC), ID("statx", STX_CTIME_SEC),
    ID("statx", STX_CTIME_NSEC), ID("statx", STX_MTIME_SEC), ID("statx", STX_MTIME_NSEC),
    ID("statx", STX_RDEV_MAJOR), ID("statx", STX_RDEV_MINOR), ID("statx", STX_DEV_MAJOR),
    ID("statx", STX_DEV_MINOR), ID("statx", STX_MNT_ID), ID("statx", STX_DIO_MEM_ALIGN),
    ID("statx", STX_DIO_OFFSET_ALIGN),
};

static const char *id_name(const char *kind, unsigned id)
{
    for (size_t i = 0; i < ARRAY_SIZE(id_names); i++) {
        if (!strcmp(id_names[i].kind, kind) && id_names[i].id == id) {
            return id_names[i].name;
        }
    }
    return NULL;
}

/*
 * Every field the ABI's layout lists sits where the headers put it, with
 * the headers' size; every field the headers have (of those we know) is
 * listed; the struct sizes agree.
 */
static void check_layout(const GuestABI *abi, const int *v, const char *kind, const AbiLayout *l)
{
    const AbiExpectedLayout *e = expected_layout(kind);

    ck_assert_msg(e != NULL, "no reference for %s", kind);
    ck_assert_msg(l != NULL, "%s: no %s layout", abi->name, kind);
    ck_assert_msg((int)l->size == v[e->index], "%s %s: size %u, headers say %d", abi->name, kind,
                  l->size, v[e->index]);
    for (unsigned i = 0; i < e->nfields; i++) {
        int off = v[e->index + 1 + 2 * i], size = v[e->index + 2 + 2 * i];
        const AbiField *found = NULL;
        for (unsigned f = 0; f < l->nfields; f++) {
            const char *n = id_name(kind, l->fields[f].id);
            if (n && !strcmp(n, e->fields[i].id)) {
                found = &l->fields[f];
            }
        }
        if (off < 0) {
            ck_assert_msg(!found, "%s %s: lists %s, which the headers do not have", abi->name,
                          kind, e->fields[i].member);
            continue;
        }
        ck_assert_msg(found, "%s %s: %s (offset %d) missing", abi->name, kind,
                      e->fields[i].member, off);
        ck_assert_msg(found->offset == off && found->size == size,
                      "%s %s.%s: at %u size %u, headers say %d size %d", abi->name, kind,
                      e->fields[i].member, found->offset, found->size, off, size);
    }
    /* And nothing the test cannot name hides in the layout. */
    for (unsigned f = 0; f < l->nfields; f++) {
        ck_assert_msg(id_name(kind, l->fields[f].id), "%s %s: unknown field id %u", abi->name,
                      kind, l->fields[f].id);
    }
}

START_TEST(test_layouts)
{
    const GuestABI *abi = abis[_i];
    const int *v = expected_values(abi->name);
    const AbiExpectedLayout *tio = expected_layout("termios");
    const AbiExpectedLayout *sa = expected_layout("sigaction");

    ck_assert_msg(v != NULL, "no reference values for %s", abi->name);
    check_layout(abi, v, "stat", abi->stat);
    check_layout(abi, v, "timespec", abi->timespec);
    check_layout(abi, v, "timeval", abi->timeval);
    check_layout(abi, v, "sigaction", abi->sigaction);
    check_layout(abi, v, "epoll_event", abi->epoll_event);
    check_layout(abi, v, "winsize", abi->winsize);
    check_layout(abi, v, "rlimit64", abi->rlimit64);
    check_layout(abi, v, "statx", abi->statx);
    ck_assert_int_eq(abi->termios_size, v[tio->index]);
    /* sa_mask is the last field: its size is the kernel sigset's. */
    ck_assert_int_eq(abi->sigset_size, v[sa->index + 2 + 2 * 3]);
    ck_assert_int_eq(abi->long_bits, 8 * v[expected_layout("iovec")->index + 2 + 2]);
}
END_TEST

/* Host errno values by name (the same list as the generator's). */
#define E(n) { #n, n }
static const struct { const char *name; int host; } host_errnos[] = {
    E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG), E(ENOEXEC), E(EBADF),
    E(ECHILD), E(EAGAIN), E(ENOMEM), E(EACCES), E(EFAULT), E(ENOTBLK), E(EBUSY), E(EEXIST),
    E(EXDEV), E(ENODEV), E(ENOTDIR), E(EISDIR), E(EINVAL), E(ENFILE), E(EMFILE), E(ENOTTY),
    E(ETXTBSY), E(EFBIG), E(ENOSPC), E(ESPIPE), E(EROFS), E(EMLINK), E(EPIPE), E(EDOM),
    E(ERANGE), E(EDEADLK), E(ENAMETOOLONG), E(ENOLCK), E(ENOSYS), E(ENOTEMPTY), E(ELOOP),
    E(ENOMSG), E(EIDRM), E(ECHRNG), E(EL2NSYNC), E(EL3HLT), E(EL3RST), E(ELNRNG), E(EUNATCH),
    E(ENOCSI), E(EL2HLT), E(EBADE), E(EBADR), E(EXFULL), E(ENOANO), E(EBADRQC), E(EBADSLT),
    E(EBFONT), E(ENOSTR), E(ENODATA), E(ETIME), E(ENOSR), E(ENONET), E(ENOPKG), E(EREMOTE),
    E(ENOLINK), E(EADV), E(ESRMNT), E(ECOMM), E(EPROTO), E(EMULTIHOP), E(EDOTDOT), E(EBADMSG),
    E(EOVERFLOW), E(ENOTUNIQ), E(EBADFD), E(EREMCHG), E(ELIBACC), E(ELIBBAD), E(ELIBSCN),
    E(ELIBMAX), E(ELIBEXEC), E(EILSEQ), E(ERESTART), E(ESTRPIPE), E(EUSERS), E(ENOTSOCK),
    E(EDESTADDRREQ), E(EMSGSIZE), E(EPROTOTYPE), E(ENOPROTOOPT), E(EPROTONOSUPPORT),
    E(ESOCKTNOSUPPORT), E(EOPNOTSUPP), E(EPFNOSUPPORT), E(EAFNOSUPPORT), E(EADDRINUSE),
    E(EADDRNOTAVAIL), E(ENETDOWN), E(ENETUNREACH), E(ENETRESET), E(ECONNABORTED),
    E(ECONNRESET), E(ENOBUFS), E(EISCONN), E(ENOTCONN), E(ESHUTDOWN), E(ETOOMANYREFS),
    E(ETIMEDOUT), E(ECONNREFUSED), E(EHOSTDOWN), E(EHOSTUNREACH), E(EALREADY), E(EINPROGRESS),
    E(ESTALE), E(EUCLEAN), E(ENOTNAM), E(ENAVAIL), E(EISNAM), E(EREMOTEIO), E(EDQUOT),
    E(ENOMEDIUM), E(EMEDIUMTYPE), E(ECANCELED), E(ENOKEY), E(EKEYEXPIRED), E(EKEYREVOKED),
    E(EKEYREJECTED), E(EOWNERDEAD), E(ENOTRECOVERABLE), E(ERFKILL), E(EHWPOISON),
};

START_TEST(test_errno)
{
    const GuestABI *abi = abis[_i];
    const int *v = expected_values(abi->name);
    unsigned n = 0;

    for (unsigned i = 0; abi_expected_errnos[i]; i++, n++) {
        ck_assert_str_eq(abi_expected_errnos[i], host_errnos[i].name);
        ck_assert_msg(abi_errno_to_guest(abi, host_errnos[i].host) == v[abi_expected_errno_base + i],
                      "%s: %s is %d for the guest, headers say %d", abi->name,
                      host_errnos[i].name, abi_errno_to_guest(abi, host_errnos[i].host),
                      v[abi_expected_errno_base + i]);
    }
    ck_assert_int_eq(n, ARRAY_SIZE(host_errnos));
}
END_TEST

#define S(n) { #n, n }
static const struct { const char *name; int host; } host_signals[] = {
    S(SIGHUP), S(SIGINT), S(SIGQUIT), S(SIGILL), S(SIGTRAP), S(SIGABRT), S(SIGBUS), S(SIGFPE),
    S(SIGKILL), S(SIGUSR1), S(SIGSEGV), S(SIGUSR2), S(SIGPIPE), S(SIGALRM), S(SIGTERM),
    S(SIGSTKFLT), S(SIGCHLD), S(SIGCONT), S(SIGSTOP), S(SIGTSTP), S(SIGTTIN), S(SIGTTOU),
    S(SIGURG), S(SIGXCPU), S(SIGXFSZ), S(SIGVTALRM), S(SIGPROF), S(SIGWINCH), S(SIGIO),
    S(SIGPWR), S(SIGSYS),
};

START_TEST(test_signals)
{
    const GuestABI *abi = abis[_i];
    const int *v = expected_values(abi->name);

    for (unsigned i = 0; abi_expected_signals[i]; i++) {
        int g = v[abi_expected_signal_base + i];
        ck_assert_str_eq(abi_expected_signals[i], host_signals[i].name);
        if (g < 0) {
            continue;       /* the guest has no such signal */
        }
        ck_assert_msg(g >= 1 && g <= 31, "%s: %s = %d", abi->name, host_signals[i].name, g);
        int h = abi->signal_to_host ? abi->signal_to_host[g] : g;
        ck_assert_msg(h == host_signals[i].host, "%s: guest %s (%d) maps to host %d, not %d",
                      abi->name, host_signals[i].name, g, h, host_signals[i].host);
    }
}
END_TEST

/* Host values of the generator's flag names (0: no host equivalent to check). */
static int host_flag(const char *n)
{
    static const struct { const char *name; int host; } t[] = {
        { "O_CREAT", O_CREAT }, { "O_EXCL", O_EXCL }, { "O_NOCTTY", O_NOCTTY },
        { "O_TRUNC", O_TRUNC }, { "O_APPEND", O_APPEND }, { "O_NONBLOCK", O_NONBLOCK },
        { "O_DSYNC", O_DSYNC }, { "FASYNC", O_ASYNC }, { "O_DIRECT", O_DIRECT },
        { "O_LARGEFILE", ABI_HOST_O_LARGEFILE },
        { "O_DIRECTORY", O_DIRECTORY }, { "O_NOFOLLOW", O_NOFOLLOW }, { "O_NOATIME", O_NOATIME },
        { "O_CLOEXEC", O_CLOEXEC }, { "__O_SYNC", O_SYNC & ~O_DSYNC }, { "O_PATH", O_PATH },
        { "__O_TMPFILE", O_TMPFILE & ~O_DIRECTORY },
        { "MAP_FIXED", MAP_FIXED }, { "MAP_ANONYMOUS", MAP_ANONYMOUS },
        { "MAP_GROWSDOWN", MAP_GROWSDOWN }, { "MAP_DENYWRITE", MAP_DENYWRITE },
        { "MAP_EXECUTABLE", MAP_EXECUTABLE }, { "MAP_LOCKED", MAP_LOCKED },
        { "MAP_NORESERVE", MAP_NORESERVE }, { "MAP_POPULATE", MAP_POPULATE },
        { "MAP_NONBLOCK", MAP_NONBLOCK }, { "MAP_STACK", MAP_STACK },
        { "MAP_HUGETLB", MAP_HUGETLB }, { "MAP_FIXED_NOREPLACE", MAP_FIXED_NOREPLACE },
        { "SA_NOCLDSTOP", SA_NOCLDSTOP }, { "SA_NOCLDWAIT", SA_NOCLDWAIT },
        { "SA_SIGINFO", SA_SIGINFO }, { "SA_ONSTACK", SA_ONSTACK }, { "SA_RESTART", SA_RESTART },
        { "SA_NODEFER", SA_NODEFER }, { "SA_RESETHAND", (int)SA_RESETHAND },
        { "SA_RESTORER", 0x04000000 },
    };
    for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
        if (!strcmp(t[i].name, n)) {
            return t[i].host;
        }
    }
    return 0;
}

static void check_flags(const GuestABI *abi, const int *v, unsigned base,
                        const char *const *names, const AbiBitmap *map, unsigned n)
{
    for (unsigned i = 0; names[i]; i++) {
        int g = v[base + i], h = host_flag(names[i]);
        if (g == -1 || !h) {
            continue;   /* not in the ABI's headers (or not a single flag) */
        }
        uint32_t to_host = map ? abi_flags_to_host(map, n, (uint32_t)g) : (uint32_t)g;
        uint32_t to_guest = map ? abi_flags_to_guest(map, n, (uint32_t)h) : (uint32_t)h;
        ck_assert_msg(to_host == (uint32_t)h, "%s: guest %s 0x%x -> host 0x%x, want 0x%x",
                      abi->name, names[i], (unsigned)g, to_host, (unsigned)h);
        ck_assert_msg(to_guest == (uint32_t)g, "%s: host %s 0x%x -> guest 0x%x, want 0x%x",
                      abi->name, names[i], (unsigned)h, to_guest, (unsigned)g);
    }
}

START_TEST(test_flags)
{
    const GuestABI *abi = abis[_i];
    const int *v = expected_values(abi->name);

    check_flags(abi, v, abi_expected_open_base, abi_expected_open_names, abi->open_flags,
                abi->n_open_flags);
    check_flags(abi, v, abi_expected_mmap_base, abi_expected_mmap_names, abi->mmap_flags,
                abi->n_mmap_flags);
    check_flags(abi, v, abi_expected_sa_base, abi_expected_sa_names, abi->sa_flags,
                abi->n_sa_flags);
}
END_TEST

START_TEST(test_ioctls)
{
    static const AbiIoctl order[] = {
        ABI_IOCTL_TCGETS, ABI_IOCTL_TCSETS, ABI_IOCTL_TCSETSW, ABI_IOCTL_TCSETSF,
        ABI_IOCTL_TIOCGWINSZ, ABI_IOCTL_TIOCSWINSZ, ABI_IOCTL_TIOCGPGRP, ABI_IOCTL_TIOCSPGRP,
        ABI_IOCTL_FIONREAD, ABI_IOCTL_FIONBIO, ABI_IOCTL_FIOCLEX, ABI_IOCTL_FIONCLEX,
    };
    const GuestABI *abi = abis[_i];
    const int *v = expected_values(abi->name);

    for (unsigned i = 0; i < ARRAY_SIZE(order); i++) {
        ck_assert_msg(abi_expected_ioctl_names[i] != NULL, "ioctl list too short");
        ck_assert_msg(abi->ioctl_nr[order[i]] == (uint32_t)v[abi_expected_ioctl_base + i],
                      "%s: %s is 0x%x, headers say 0x%x", abi->name, abi_expected_ioctl_names[i],
                      abi->ioctl_nr[order[i]], (unsigned)v[abi_expected_ioctl_base + i]);
    }
}
END_TEST

/* The reference itself: known facts of the headers, so a broken generator fails here. */
START_TEST(test_reference_sanity)
{
    const int *arm = expected_values("arm"), *ppc = expected_values("ppc64");
    const int *sparc = expected_values("sparc64");
    const AbiExpectedLayout *st = expected_layout("stat");

    ck_assert_ptr_nonnull(arm);
    ck_assert_ptr_nonnull(ppc);
    ck_assert_ptr_nonnull(sparc);
    ck_assert_int_eq(arm[st->index], 104);              /* arm struct stat64 */
    ck_assert_int_eq(arm[st->index + 1 + 2 * 1], 96);   /* its 64-bit st_ino at the end */
    ck_assert_int_eq(ppc[st->index + 1 + 2 * 3], 16);   /* ppc64 st_nlink before st_mode */
    ck_assert_int_eq(sparc[abi_expected_signal_base + 9], 30);   /* sparc SIGUSR1 */
    ck_assert_int_eq(sparc[abi_expected_errno_base + 34], 78);   /* sparc EDEADLK */
    ck_assert_int_eq(expected_values("riscv64")[abi_expected_errno_base + 34], 35);
}
END_TEST

/* The engine: big-endian guests get their bytes swapped, little-endian ones not. */
START_TEST(test_byte_order)
{
    GuestABI be = abi_riscv64;
    uint8_t buf[16];
    uint64_t vals[TS_NFIELDS] = { 0x0102030405060708ull, 0x1122334455667788ull }, back[TS_NFIELDS];

    be.big_endian = true;
    abi_store(&be, abi_riscv64.timespec, buf, vals);
    ck_assert_int_eq(buf[0], 0x01);
    ck_assert_int_eq(buf[7], 0x08);
    ck_assert_int_eq(buf[8], 0x11);
    abi_load(&be, abi_riscv64.timespec, buf, back, TS_NFIELDS);
    ck_assert(back[0] == vals[0] && back[1] == vals[1]);
    abi_store(&abi_riscv64, abi_riscv64.timespec, buf, vals);
    ck_assert_int_eq(buf[0], 0x08);
    ck_assert_int_eq(buf[15], 0x11);
    abi_store_scalar(&be, buf, 2, 0xabcd);
    ck_assert_int_eq(buf[0], 0xab);
    ck_assert_int_eq(abi_load_scalar(&be, buf, 2), 0xabcd);
}
END_TEST

static Suite *abi_suite(void)
{
    Suite *s = suite_create("abi");
    TCase *tc = tcase_create("abi");

    tcase_add_loop_test(tc, test_layouts, 0, ARRAY_SIZE(abis));
    tcase_add_loop_test(tc, test_errno, 0, ARRAY_SIZE(abis));
    tcase_add_loop_test(tc, test_signals, 0, ARRAY_SIZE(abis));
    tcase_add_loop_test(tc, test_flags, 0, ARRAY_SIZE(abis));
    tcase_add_loop_test(tc, test_ioctls, 0, ARRAY_SIZE(abis));
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
