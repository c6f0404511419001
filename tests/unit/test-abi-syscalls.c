/*
 * test-abi-syscalls.c: the real syscall handlers, called through
 * do_syscall() with each guest ABI's own syscall numbers, for all eight
 * ABIs (one test case each), on real host objects (sockets, pipes, files,
 * a pty).
 *
 * test-abi.c checks the ABI tables and converters in isolation; this test
 * checks that the handlers use them: guest structs are built and decoded
 * here at the offsets, sizes and constants of test-abi-expected.h (the
 * uapi headers' values), with a byte-order reader of its own, never through
 * the GuestABI under test, so a wrong table entry or a handler that skips a
 * conversion fails here.
 *
 * The test links crossemu-riscv64's own linux-user and syscalls objects
 * (tests/unit/meson.build); guest memory is a real guest address space
 * (user_mem_init with 32-bit addresses, which every ABI can point to).
 */
#include "common.h"
#include "linux-user/user.h"
#include "syscalls/syscall.h"
#include "riscv/cpu.h"
#include "test-abi-expected.h"

#include <check.h>
#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define ARENA_SIZE (256 * 1024)

static uint64_t arena;              /* guest address of scratch memory */
static const GuestABI *abi;         /* the ABI under test */
static const AbiRef *ref;           /* its reference values */

/* ---- the ABI under test and its reference ---- */

static void use_abi(int i)
{
    abi = abi_all[i];
    ref = NULL;
    for (int r = 0; r < ABI_REF_COUNT; r++) {
        if (strcmp(abi_ref[r].abi, abi->name) == 0) {
            ref = &abi_ref[r];
        }
    }
    ck_assert_msg(ref, "no reference values for ABI %s", abi->name);
    syscall_init(abi);
    memset(g2h(arena), 0, ARENA_SIZE);
}

/* A guest address in the arena. */
static uint64_t G(size_t off)
{
    ck_assert(off < ARENA_SIZE);
    return arena + off;
}

static uint8_t *H(uint64_t gaddr)
{
    return g2h(gaddr);
}

/* Guest byte order, independently of syscalls/abi/abi.c. */
static uint64_t rd(uint64_t gaddr, int size)
{
    const uint8_t *b = H(gaddr);
    uint64_t v = 0;

    for (int i = 0; i < size; i++) {
        v |= (uint64_t)b[abi->big_endian ? size - 1 - i : i] << (8 * i);
    }
    return v;
}

static void wr(uint64_t gaddr, int size, uint64_t v)
{
    uint8_t *b = H(gaddr);

    for (int i = 0; i < size; i++) {
        b[abi->big_endian ? size - 1 - i : i] = (uint8_t)(v >> (8 * i));
    }
}

static int64_t sext(uint64_t v, int size)
{
    return size >= 8 ? (int64_t)v : (int64_t)(v << (64 - 8 * size)) >> (64 - 8 * size);
}

static const AbiRefLayout *layout_or_null(const char *kind)
{
    for (int i = 0; i < ABI_REF_NLAYOUTS; i++) {
        if (ref->layouts[i].kind && strcmp(ref->layouts[i].kind, kind) == 0) {
            return ref->layouts[i].size >= 0 ? &ref->layouts[i] : NULL;
        }
    }
    return NULL;
}

static const AbiRefLayout *layout(const char *kind)
{
    const AbiRefLayout *l = layout_or_null(kind);

    ck_assert_msg(l, "%s: no %s in the reference", abi->name, kind);
    return l;
}

static const AbiRefField *field_or_null(const char *kind, const char *name)
{
    const AbiRefLayout *l = layout(kind);

    for (unsigned i = 0; i < l->nfields; i++) {
        if (strcmp(l->fields[i].name, name) == 0 && l->fields[i].offset >= 0) {
            return &l->fields[i];
        }
    }
    return NULL;
}

static const AbiRefField *field(const char *kind, const char *name)
{
    const AbiRefField *f = field_or_null(kind, name);

    ck_assert_msg(f, "%s: no %s.%s in the reference", abi->name, kind, name);
    return f;
}

/* A struct member at the reference offset of the guest struct at gaddr. */
static uint64_t get(const char *kind, const char *name, uint64_t gaddr)
{
    const AbiRefField *f = field(kind, name);
    return rd(gaddr + f->offset, f->size);
}

static int64_t get_signed(const char *kind, const char *name, uint64_t gaddr)
{
    const AbiRefField *f = field(kind, name);
    return sext(rd(gaddr + f->offset, f->size), f->size);
}

static void put(const char *kind, const char *name, uint64_t gaddr, uint64_t v)
{
    const AbiRefField *f = field(kind, name);
    wr(gaddr + f->offset, f->size, v);
}

static int ssize(const char *kind)
{
    return layout(kind)->size;
}

static const AbiRefConst *konst_or_null(const char *group, const char *name)
{
    for (int i = 0; i < ABI_REF_NCONSTS; i++) {
        const AbiRefConst *c = &ref->consts[i];
        if (c->group && strcmp(c->group, group) == 0 && strcmp(c->name, name) == 0) {
            return c->defined ? c : NULL;
        }
    }
    return NULL;
}

/* A guest constant as the uapi headers define it. */
static uint64_t K(const char *group, const char *name)
{
    const AbiRefConst *c = konst_or_null(group, name);

    ck_assert_msg(c, "%s: %s %s not defined in the reference", abi->name, group, name);
    return c->value;
}

static int64_t guest_errno(const char *name)
{
    return -(int64_t)K("errno", name);
}

/* The guest's long: pointers, size_t, CMSG alignment. */
static int lsize(void)
{
    return abi->long_bits / 8;
}

/* ---- syscalls by the guest's own numbers ---- */

static int64_t nr_of(const char *name)
{
    for (unsigned i = 0; i < *abi->nnames; i++) {
        if (strcmp(abi->names[i].name, name) == 0) {
            return abi->names[i].nr;
        }
    }
    return -1;
}

static bool has(const char *name)
{
    return nr_of(name) >= 0;
}

static int64_t sc_call(CPUCommon *cpu, const char *name, const uint64_t *a)
{
    int64_t nr = nr_of(name);

    ck_assert_msg(nr >= 0, "%s has no syscall %s", abi->name, name);
    return do_syscall(cpu, (uint64_t)nr, a);
}

#define SC(name, ...) sc_call(NULL, name, (const uint64_t[6]){ __VA_ARGS__ })

/* A guest int argument, as a guest register holds it (sign-extended for 64-bit longs). */
static uint64_t I(int v)
{
    return abi->long_bits == 32 ? (uint32_t)v : (uint64_t)(int64_t)v;
}

static uint64_t put_string(size_t off, const char *s)
{
    memcpy(H(G(off)), s, strlen(s) + 1);
    return G(off);
}

/* ---- sockets ---- */

static size_t cmsg_align(size_t n)
{
    return (n + lsize() - 1) & ~(size_t)(lsize() - 1);
}

static size_t cmsg_hdr(void)
{
    return cmsg_align(ssize("cmsghdr"));
}

static size_t cmsg_space(size_t data)
{
    return cmsg_hdr() + cmsg_align(data);
}

static void put_msghdr(uint64_t m, uint64_t name, uint64_t namelen, uint64_t iov,
                       uint64_t iovlen, uint64_t ctl, uint64_t ctllen)
{
    memset(H(m), 0, ssize("msghdr"));
    put("msghdr", "msg_name", m, name);
    put("msghdr", "msg_namelen", m, namelen);
    put("msghdr", "msg_iov", m, iov);
    put("msghdr", "msg_iovlen", m, iovlen);
    put("msghdr", "msg_control", m, ctl);
    put("msghdr", "msg_controllen", m, ctllen);
}

static void put_iov(uint64_t iov, uint64_t base, uint64_t len)
{
    put("iovec", "iov_base", iov, base);
    put("iovec", "iov_len", iov, len);
}

/* A control message of ints; returns the offset of the next one. */
static size_t put_cmsg_ints(uint64_t ctl, size_t off, uint64_t level, int type,
                            const int *vals, int n)
{
    put("cmsghdr", "cmsg_len", ctl + off, cmsg_hdr() + 4 * n);
    put("cmsghdr", "cmsg_level", ctl + off, level);
    put("cmsghdr", "cmsg_type", ctl + off, type);
    for (int i = 0; i < n; i++) {
        wr(ctl + off + cmsg_hdr() + 4 * i, 4, (uint32_t)vals[i]);
    }
    return off + cmsg_space(4 * n);
}

static bool same_file(int a, int b)
{
    struct stat sa, sb;
    return fstat(a, &sa) == 0 && fstat(b, &sb) == 0 && sa.st_ino == sb.st_ino &&
           sa.st_dev == sb.st_dev;
}

/*
 * SCM_CREDENTIALS and SCM_RIGHTS over a datagram pair: the guest's
 * SOL_SOCKET/SO_PASSCRED numbers, then a receive buffer with room for the
 * credentials and fewer fds than were sent (MSG_CTRUNC; the fds that did
 * not fit are closed, as the kernel does).
 */
static void check_scm(void)
{
    uint64_t sol = K("socket", "SOL_SOCKET");
    uint64_t msg = G(0), iov = G(256), ctl = G(512), data = G(1024), rctl = G(2048);
    uint64_t pair = G(3000);
    int sv[2], p[2], v = 0;
    socklen_t vl = sizeof(v);

    /* The pair through the guest's socketpair: two guest ints. */
    ck_assert_int_eq(SC("socketpair", AF_UNIX, SOCK_DGRAM, 0, pair), 0);
    sv[0] = (int)rd(pair, 4);
    sv[1] = (int)rd(pair + 4, 4);
    ck_assert_int_eq(fcntl(sv[0], F_GETFD), 0);
    ck_assert(pipe2(p, O_NONBLOCK) == 0);

    wr(data, 4, 1);
    ck_assert_int_eq(SC("setsockopt", I(sv[1]), sol, K("socket", "SO_PASSCRED"), data, 4), 0);
    ck_assert(getsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &v, &vl) == 0 && v == 1);

    int cred[3] = { getpid(), (int)getuid(), (int)getgid() };
    int fds[3] = { p[1], p[1], p[0] };
    size_t off = put_cmsg_ints(ctl, 0, sol, SCM_CREDENTIALS, cred, 3);
    off = put_cmsg_ints(ctl, off, sol, SCM_RIGHTS, fds, 3);
    memcpy(H(data), "hello", 5);
    put_iov(iov, data, 5);
    put_msghdr(msg, 0, 0, iov, 1, ctl, off);
    ck_assert_int_eq(SC("sendmsg", I(sv[0]), msg, 0), 5);

    /* Room for the credentials and one fd's cmsg: 1 fd on ILP32, 2 on LP64. */
    size_t cap = cmsg_space(12) + cmsg_space(4);
    size_t fit = (cap - cmsg_space(12) - cmsg_hdr()) / 4;
    memset(H(rctl), 0xee, 256);
    memset(H(data), 0, 16);
    put_msghdr(msg, 0, 0, iov, 1, rctl, cap);
    ck_assert_int_eq(SC("recvmsg", I(sv[1]), msg, 0), 5);
    ck_assert(memcmp(H(data), "hello", 5) == 0);
    ck_assert(get("msghdr", "msg_flags", msg) & MSG_CTRUNC);
    ck_assert_uint_eq(get("msghdr", "msg_controllen", msg), cap);
    ck_assert_uint_eq(get("cmsghdr", "cmsg_len", rctl), cmsg_hdr() + 12);
    ck_assert_uint_eq(get("cmsghdr", "cmsg_level", rctl), sol);
    ck_assert_uint_eq(get("cmsghdr", "cmsg_type", rctl), SCM_CREDENTIALS);
    ck_assert_uint_eq(rd(rctl + cmsg_hdr(), 4), (uint32_t)getpid());
    ck_assert_uint_eq(rd(rctl + cmsg_hdr() + 4, 4), getuid());
    ck_assert_uint_eq(rd(rctl + cmsg_hdr() + 8, 4), getgid());
    uint64_t c2 = rctl + cmsg_space(12);
    ck_assert_uint_eq(get("cmsghdr", "cmsg_len", c2), cmsg_hdr() + 4 * fit);
    ck_assert_uint_eq(get("cmsghdr", "cmsg_type", c2), SCM_RIGHTS);
    for (size_t i = 0; i < fit; i++) {
        int rfd = (int)rd(c2 + cmsg_hdr() + 4 * i, 4);
        ck_assert_msg(same_file(rfd, p[1]), "%s: received fd %d is not the pipe", abi->name, rfd);
        close(rfd);
    }
    /* Every write end is closed now unless a dropped fd leaked: then EAGAIN, not EOF. */
    close(p[1]);
    char ch;
    ck_assert_int_eq(read(p[0], &ch, 1), 0);
    close(p[0]);

    /* sendmmsg/recvmmsg: the guest's mmsghdr stride and msg_len. */
    size_t ms = ssize("mmsghdr"), is = ssize("iovec");
    uint64_t mm = G(4096), iv = G(4096 + 1024), d = G(8192);
    memcpy(H(d), "first", 5);
    memcpy(H(d + 64), "second!", 7);
    put_iov(iv, d, 5);
    put_iov(iv + is, d + 64, 7);
    memset(H(mm), 0, 3 * ms);
    put_msghdr(mm, 0, 0, iv, 1, 0, 0);
    put_msghdr(mm + ms, 0, 0, iv + is, 1, 0, 0);
    ck_assert_int_eq(SC("sendmmsg", I(sv[0]), mm, 2, 0), 2);
    ck_assert_uint_eq(get("mmsghdr", "msg_len", mm), 5);
    ck_assert_uint_eq(get("mmsghdr", "msg_len", mm + ms), 7);
    memset(H(d), 0, 128);
    memset(H(mm), 0, 3 * ms);
    for (int i = 0; i < 3; i++) {
        put_iov(iv + i * is, d + 32 * i, 32);
        put_msghdr(mm + i * ms, 0, 0, iv + i * is, 1, 0, 0);
    }
    ck_assert_int_eq(SC("recvmmsg", I(sv[1]), mm, 3, MSG_DONTWAIT, 0), 2);
    ck_assert_uint_eq(get("mmsghdr", "msg_len", mm), 5);
    ck_assert_uint_eq(get("mmsghdr", "msg_len", mm + ms), 7);
    ck_assert(memcmp(H(d), "first", 5) == 0 && memcmp(H(d + 32), "second!", 7) == 0);
    close(sv[0]);
    close(sv[1]);
}

/*
 * UDP over loopback: SO_TIMESTAMP (the guest's number, which is also its
 * SCM_TIMESTAMP) gives a guest struct timeval; the sender's address comes
 * back with its family in guest order.  SO_RCVTIMEO round-trips a timeval.
 */
static void check_udp_timestamp(void)
{
    uint64_t sol = K("socket", "SOL_SOCKET");
    uint64_t ts_opt = K("socket", "SO_TIMESTAMP_OLD"), rcvtimeo = K("socket", "SO_RCVTIMEO_OLD");
    uint64_t msg = G(0), iov = G(256), ctl = G(512), data = G(1024), name = G(1536);
    struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t sl = sizeof(sin);
    int tv_size = ssize("timeval");
    int u = socket(AF_INET, SOCK_DGRAM, 0);

    ck_assert(u >= 0);
    ck_assert(bind(u, (struct sockaddr *)&sin, sizeof(sin)) == 0);
    ck_assert(getsockname(u, (struct sockaddr *)&sin, &sl) == 0);
    wr(data, 4, 1);
    ck_assert_int_eq(SC("setsockopt", I(u), sol, ts_opt, data, 4), 0);
    ck_assert(sendto(u, "x", 1, 0, (struct sockaddr *)&sin, sizeof(sin)) == 1);
    put_iov(iov, data, 16);
    put_msghdr(msg, name, 16, iov, 1, ctl, 64);
    ck_assert_int_eq(SC("recvmsg", I(u), msg, 0), 1);
    ck_assert_uint_eq(get("msghdr", "msg_namelen", msg), 16);
    ck_assert_uint_eq(rd(name, 2), AF_INET);
    ck_assert(memcmp(H(name) + 2, &sin.sin_port, 2) == 0);
    ck_assert(memcmp(H(name) + 4, &sin.sin_addr, 4) == 0);
    ck_assert(!(get("msghdr", "msg_flags", msg) & MSG_CTRUNC));
    ck_assert_uint_eq(get("msghdr", "msg_controllen", msg), cmsg_space(tv_size));
    ck_assert_uint_eq(get("cmsghdr", "cmsg_len", ctl), cmsg_hdr() + tv_size);
    ck_assert_uint_eq(get("cmsghdr", "cmsg_level", ctl), sol);
    ck_assert_uint_eq(get("cmsghdr", "cmsg_type", ctl), ts_opt);
    int64_t sec = get_signed("timeval", "tv_sec", ctl + cmsg_hdr());
    int64_t usec = get_signed("timeval", "tv_usec", ctl + cmsg_hdr());
    ck_assert_msg(llabs(sec - (int64_t)time(NULL)) < 5, "%s: timestamp %" PRId64, abi->name, sec);
    ck_assert(usec >= 0 && usec < 1000000);

    /* SO_RCVTIMEO: set 1.5 s through the guest's timeval, read it back. */
    memset(H(data), 0, 32);
    put("timeval", "tv_sec", data, 1);
    put("timeval", "tv_usec", data, 500000);
    ck_assert_int_eq(SC("setsockopt", I(u), sol, rcvtimeo, data, tv_size), 0);
    struct timeval tv;
    socklen_t tl = sizeof(tv);
    ck_assert(getsockopt(u, SOL_SOCKET, SO_RCVTIMEO, &tv, &tl) == 0);
    ck_assert(tv.tv_sec == 1 && tv.tv_usec == 500000);
    memset(H(data), 0, 32);
    wr(data + 64, 4, 32);
    ck_assert_int_eq(SC("getsockopt", I(u), sol, rcvtimeo, data, data + 64), 0);
    ck_assert_uint_eq(rd(data + 64, 4), tv_size);
    ck_assert_int_eq(get_signed("timeval", "tv_sec", data), 1);
    ck_assert_int_eq(get_signed("timeval", "tv_usec", data), 500000);
    close(u);
}

START_TEST(test_sockets)
{
    use_abi(_i);
    check_scm();
    check_udp_timestamp();
}
END_TEST

/* ---- fcntl locks ---- */

static char *tmpdir;

static void make_tmpdir(void)
{
    tmpdir = g_dir_make_tmp("test-abi-syscalls-XXXXXX", NULL);
    ck_assert(tmpdir);
}

static void rm_tmpdir(void)
{
    char *cmd = g_strdup_printf("rm -rf '%s'", tmpdir);
    ck_assert(system(cmd) == 0);
    g_free(cmd);
    g_free(tmpdir);
}

/*
 * F_SETLK through the guest struct, seen by another process; a lock the
 * other process holds, reported by F_GETLK in the guest struct.
 */
static void check_locks(const char *call, const char *kind, const char *getlk,
                        const char *setlk, int fd)
{
    uint64_t fl = G(0);
    int to_child[2], to_parent[2];
    pid_t pid;
    char c;

    memset(H(fl), 0, 64);
    put(kind, "l_type", fl, K("flock", "F_WRLCK"));
    put(kind, "l_whence", fl, SEEK_SET);
    put(kind, "l_start", fl, 10);
    put(kind, "l_len", fl, 10);
    ck_assert_int_eq(SC(call, I(fd), K("fcntl", setlk), fl), 0);

    ck_assert(pipe(to_child) == 0 && pipe(to_parent) == 0);
    pid = fork();
    ck_assert(pid >= 0);
    if (pid == 0) {
        struct flock q = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 100 };
        struct flock mine = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 50, .l_len = 5 };
        int ok = fcntl(fd, F_GETLK, &q) == 0 && q.l_type == F_WRLCK && q.l_start == 10 &&
                 q.l_len == 10 && q.l_pid == getppid();
        ok = ok && fcntl(fd, F_SETLK, &mine) == 0;
        c = ok ? 'y' : 'n';
        if (write(to_parent[1], &c, 1) != 1 || read(to_child[0], &c, 1) != 1) {
            _exit(2);
        }
        _exit(0);
    }
    ck_assert(read(to_parent[0], &c, 1) == 1);
    ck_assert_msg(c == 'y', "%s %s: the guest's lock is not what the host sees", abi->name, call);

    /* The child's read lock on [50, 55), seen through the guest's F_GETLK. */
    memset(H(fl), 0, 64);
    put(kind, "l_type", fl, K("flock", "F_WRLCK"));
    put(kind, "l_whence", fl, SEEK_SET);
    put(kind, "l_start", fl, 40);
    put(kind, "l_len", fl, 0);
    int64_t r = SC(call, I(fd), K("fcntl", getlk), fl);
    ck_assert(write(to_child[1], "x", 1) == 1);
    int st;
    ck_assert(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
    ck_assert_int_eq(r, 0);
    ck_assert_uint_eq(get(kind, "l_type", fl), K("flock", "F_RDLCK"));
    ck_assert_uint_eq(get(kind, "l_whence", fl), SEEK_SET);
    ck_assert_int_eq(get_signed(kind, "l_start", fl), 50);
    ck_assert_int_eq(get_signed(kind, "l_len", fl), 5);
    ck_assert_int_eq(get_signed(kind, "l_pid", fl), pid);
    /* The child is gone: nothing conflicts now, F_UNLCK comes back. */
    put(kind, "l_type", fl, K("flock", "F_WRLCK"));
    ck_assert_int_eq(SC(call, I(fd), K("fcntl", getlk), fl), 0);
    ck_assert_uint_eq(get(kind, "l_type", fl), K("flock", "F_UNLCK"));
    put(kind, "l_type", fl, K("flock", "F_UNLCK"));
    put(kind, "l_start", fl, 0);
    ck_assert_int_eq(SC(call, I(fd), K("fcntl", setlk), fl), 0);
    close(to_child[0]);
    close(to_child[1]);
    close(to_parent[0]);
    close(to_parent[1]);
}

START_TEST(test_fcntl_locks)
{
    use_abi(_i);
    make_tmpdir();
    char *path = g_build_filename(tmpdir, "locked", NULL);
    int fd = open(path, O_RDWR | O_CREAT, 0600), tested = 0;

    ck_assert(fd >= 0 && ftruncate(fd, 200) == 0);
    if (layout_or_null("flock")) {
        check_locks("fcntl", "flock", "F_GETLK", "F_SETLK", fd);
        tested++;
    }
    if (layout_or_null("flock64") && has("fcntl64")) {
        check_locks("fcntl64", "flock64", "F_GETLK64", "F_SETLK64", fd);
        /* fcntl64 with the plain commands takes the plain struct flock. */
        check_locks("fcntl64", "flock", "F_GETLK", "F_SETLK", fd);
        tested++;
        /* The plain fcntl has no F_*LK64 (even with a valid struct flock64) ... */
        memset(H(G(0)), 0, ssize("flock64"));
        put("flock64", "l_type", G(0), K("flock", "F_WRLCK"));
        ck_assert_int_eq(SC("fcntl", I(fd), K("fcntl", "F_GETLK64"), G(0)), guest_errno("EINVAL"));
    }
    /*
     * ... and its OFD locks take struct flock, fcntl64's struct flock64:
     * l_pid must be 0, so a struct read with the wrong layout (0xa5 bytes
     * past its end) is EINVAL.
     */
    struct { const char *call, *kind; } ofd[] = { { "fcntl", "flock" }, { "fcntl64", "flock64" } };
    for (size_t i = 0; i < ARRAY_SIZE(ofd); i++) {
        const char *kind = ofd[i].kind;
        uint64_t fl = G(0);
        if (!has(ofd[i].call) || !layout_or_null(kind)) {
            continue;
        }
        memset(H(fl), 0xa5, 64);
        memset(H(fl), 0, ssize(kind));
        put(kind, "l_type", fl, K("flock", "F_WRLCK"));
        put(kind, "l_whence", fl, SEEK_SET);
        put(kind, "l_start", fl, 300);
        ck_assert_int_eq(SC(ofd[i].call, I(fd), K("fcntl", "F_OFD_GETLK"), fl), 0);
        ck_assert_uint_eq(get(kind, "l_type", fl), K("flock", "F_UNLCK"));
    }
    ck_assert(tested > 0);
    close(fd);
    g_free(path);
    rm_tmpdir();
}
END_TEST

/* ---- stat family ---- */

static void check_stat_struct(const char *kind, uint64_t st, const struct stat *h)
{
    uint64_t mask;
    const AbiRefField *f;

#define FIELD_EQ(member, host) do { \
        f = field_or_null(kind, member); \
        if (!f) { \
            /* sparc64's struct stat has no nanoseconds. */ \
            ck_assert(strstr(member, "nsec") != NULL); \
            break; \
        } \
        mask = f->size >= 8 ? ~0ull : (1ull << (8 * f->size)) - 1; \
        ck_assert_msg(get(kind, member, st) == ((uint64_t)(host) & mask), \
                      "%s %s.%s = %" PRIu64 ", want %" PRIu64, abi->name, kind, member, \
                      get(kind, member, st), (uint64_t)(host) & mask); \
    } while (0)
    FIELD_EQ("st_ino", h->st_ino);
    FIELD_EQ("st_mode", h->st_mode);
    FIELD_EQ("st_nlink", h->st_nlink);
    FIELD_EQ("st_uid", h->st_uid);
    FIELD_EQ("st_gid", h->st_gid);
    FIELD_EQ("st_size", h->st_size);
    FIELD_EQ("st_blksize", h->st_blksize);
    FIELD_EQ("st_blocks", h->st_blocks);
    FIELD_EQ("st_mtime", h->st_mtim.tv_sec);
    FIELD_EQ("st_mtime_nsec", h->st_mtim.tv_nsec);
    FIELD_EQ("st_atime", h->st_atim.tv_sec);
    FIELD_EQ("st_atime_nsec", h->st_atim.tv_nsec);
    FIELD_EQ("st_ctime", h->st_ctim.tv_sec);
    FIELD_EQ("st_ctime_nsec", h->st_ctim.tv_nsec);
#undef FIELD_EQ
    /* The kernel's encoding of dev_t for a 32-bit st_dev is the same minor/major split. */
    ck_assert_uint_eq(get(kind, "st_dev", st) != 0, h->st_dev != 0);
}

START_TEST(test_stat)
{
    use_abi(_i);
    make_tmpdir();
    char *path = g_build_filename(tmpdir, "file", NULL);
    int fd = open(path, O_RDWR | O_CREAT, 0640), tested = 0;
    struct timespec times[2] = { { 1600000000, 111111111 }, { 1700000000, 123456789 } };
    struct stat h;

    ck_assert(fd >= 0);
    ck_assert(write(fd, "0123456789", 10) == 10 && ftruncate(fd, 12345) == 0);
    ck_assert(fchmod(fd, 0640) == 0 && futimens(fd, times) == 0);
    ck_assert(fstat(fd, &h) == 0);
    uint64_t gpath = put_string(8192, path), st = G(0);
    /* Each call that the ABI has, with the struct it fills; an st_ino too big for it is EOVERFLOW. */
    struct { const char *call, *kind; bool at; } calls[] = {
        { "fstat", "stat", false },
        { "newfstatat", "stat", true },
        { "fstat64", "stat64", false },
        { "fstatat64", "stat64", true },
    };
    for (size_t i = 0; i < ARRAY_SIZE(calls); i++) {
        if (!has(calls[i].call) || !layout_or_null(calls[i].kind)) {
            continue;
        }
        memset(H(st), 0xa5, 256);
        int64_t r = calls[i].at ? SC(calls[i].call, I(AT_FDCWD), gpath, st, 0)
                                : SC(calls[i].call, I(fd), st);
        const AbiRefField *ino = field(calls[i].kind, "st_ino");
        if (ino->size < 8 && (h.st_ino >> (8 * ino->size)) != 0) {
            ck_assert_int_eq(r, guest_errno("EOVERFLOW"));
            continue;
        }
        ck_assert_msg(r == 0, "%s %s: %" PRId64, abi->name, calls[i].call, r);
        check_stat_struct(calls[i].kind, st, &h);
        /* The kernel's struct ends where the reference says: nothing written past it. */
        ck_assert_uint_eq(H(st)[ssize(calls[i].kind)], 0xa5);
        tested++;
    }
    ck_assert(tested >= 2);
    /* A bad guest pointer is EFAULT, not a crash. */
    ck_assert_int_eq(SC("fstat", I(fd), 8), guest_errno("EFAULT"));
    close(fd);
    g_free(path);
    rm_tmpdir();
}
END_TEST

/* ---- getdents64 ---- */

START_TEST(test_getdents64)
{
    static const char *const names[] = { "a", "bb", "a-rather-longer-file-name.txt" };
    bool seen[ARRAY_SIZE(names) + 2] = { false };
    use_abi(_i);
    make_tmpdir();
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        char *p = g_build_filename(tmpdir, names[i], NULL);
        ck_assert(g_file_set_contents(p, "x", 1, NULL));
        g_free(p);
    }
    int fd = open(tmpdir, O_RDONLY | O_DIRECTORY);
    uint64_t buf = G(0);
    int64_t n, total = 0;
    int ino_off = field("dirent64", "d_ino")->offset;
    int name_off = field("dirent64", "d_name")->offset;

    ck_assert(fd >= 0);
    /* Too small for one record: EINVAL. */
    ck_assert_int_eq(SC("getdents64", I(fd), buf, 8), guest_errno("EINVAL"));
    while ((n = SC("getdents64", I(fd), buf, 4096)) > 0) {
        for (int64_t off = 0; off < n;) {
            uint64_t d = buf + off;
            uint64_t reclen = get("dirent64", "d_reclen", d);
            const char *name = (const char *)H(d + name_off);
            struct stat h;

            ck_assert_msg(reclen >= (uint64_t)name_off + 2 && reclen % 8 == 0 && off + (int64_t)reclen <= n,
                          "%s: bad d_reclen %" PRIu64, abi->name, reclen);
            ck_assert(memchr(name, 0, reclen - name_off) != NULL);
            ck_assert(fstatat(fd, name, &h, AT_SYMLINK_NOFOLLOW) == 0);
            ck_assert_uint_eq(rd(d + ino_off, 8), h.st_ino);
            for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
                if (strcmp(name, names[i]) == 0) {
                    ck_assert_uint_eq(get("dirent64", "d_type", d), DT_REG);
                    seen[i] = true;
                }
            }
            if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
                ck_assert_uint_eq(get("dirent64", "d_type", d), DT_DIR);
                seen[ARRAY_SIZE(names) + strlen(name) - 1] = true;
            }
            off += reclen;
            total++;
        }
    }
    ck_assert_int_eq(n, 0);
    ck_assert_int_eq(total, 5);
    for (size_t i = 0; i < ARRAY_SIZE(seen); i++) {
        ck_assert_msg(seen[i], "%s: entry %zu missing", abi->name, i);
    }
    close(fd);
    rm_tmpdir();
}
END_TEST

/* ---- terminals ---- */

START_TEST(test_termios)
{
    use_abi(_i);
    int m = posix_openpt(O_RDWR | O_NOCTTY), s;
    struct termios t;
    uint64_t tio = G(0);
    const AbiRefField *cc = field("termios", "c_cc");
    uint64_t icanon = K("tc_lflag", "ICANON"), echo = K("tc_lflag", "ECHO");
    uint64_t vintr = K("tc_cc", "VINTR"), vkill = K("tc_cc", "VKILL");

    ck_assert(m >= 0 && grantpt(m) == 0 && unlockpt(m) == 0);
    s = open(ptsname(m), O_RDWR | O_NOCTTY);
    ck_assert(s >= 0);
    ck_assert(tcgetattr(s, &t) == 0);
    t.c_lflag |= ICANON;
    t.c_lflag &= ~ECHO;
    /* The pty driver forces CS8 (and CREAD): a value whose bits differ on ppc. */
    t.c_cflag = (t.c_cflag & ~CSIZE) | CS8;
    t.c_cc[VINTR] = 3;
    t.c_cc[VKILL] = 21;
    ck_assert(tcsetattr(s, TCSANOW, &t) == 0);

    memset(H(tio), 0xa5, 128);
    ck_assert_int_eq(SC("ioctl", I(s), K("ioctl", "TCGETS"), tio), 0);
    uint64_t lflag = get("termios", "c_lflag", tio);
    ck_assert_msg(lflag & icanon, "%s: ICANON missing from c_lflag 0x%" PRIx64, abi->name, lflag);
    ck_assert(!(lflag & echo));
    ck_assert_uint_eq(get("termios", "c_cflag", tio) & K("tc_cflag", "CSIZE"), K("tc_cflag", "CS8"));
    ck_assert_uint_eq(H(tio)[cc->offset + vintr], 3);
    ck_assert_uint_eq(H(tio)[cc->offset + vkill], 21);
    ck_assert_uint_eq(H(tio)[ssize("termios")], 0xa5);

    /* TCSETS back: echo on, canonical off, VINTR 7. */
    put("termios", "c_lflag", tio, (lflag | echo) & ~icanon);
    H(tio)[cc->offset + vintr] = 7;
    ck_assert_int_eq(SC("ioctl", I(s), K("ioctl", "TCSETS"), tio), 0);
    ck_assert(tcgetattr(s, &t) == 0);
    ck_assert(!(t.c_lflag & ICANON) && (t.c_lflag & ECHO));
    ck_assert_int_eq(t.c_cc[VINTR], 7);
    ck_assert_int_eq(t.c_cc[VKILL], 21);
    /* TCGETS on a non-terminal: ENOTTY in the guest's numbering. */
    int p[2];
    ck_assert(pipe(p) == 0);
    ck_assert_int_eq(SC("ioctl", I(p[0]), K("ioctl", "TCGETS"), tio), guest_errno("ENOTTY"));
    close(p[0]);
    close(p[1]);
    close(s);
    close(m);
}
END_TEST

/* ---- time ---- */

static void check_timespec(const char *kind, uint64_t ts, clockid_t clk)
{
    struct timespec h;

    ck_assert(clock_gettime(clk, &h) == 0);
    int64_t sec = get_signed(kind, "tv_sec", ts), nsec = get_signed(kind, "tv_nsec", ts);
    ck_assert_msg(llabs(sec - (int64_t)h.tv_sec) <= 2, "%s %s: %" PRId64 " vs %ld",
                  abi->name, kind, sec, (long)h.tv_sec);
    ck_assert(nsec >= 0 && nsec < 1000000000);
}

START_TEST(test_time)
{
    uint64_t ts = G(0), tz = G(512);
    use_abi(_i);

    /* clock_gettime: the long-sized timespec. */
    memset(H(ts), 0xa5, 64);
    ck_assert_int_eq(SC("clock_gettime", CLOCK_REALTIME, ts), 0);
    check_timespec("timespec", ts, CLOCK_REALTIME);
    ck_assert_uint_eq(H(ts)[ssize("timespec")], 0xa5);
    ck_assert_int_eq(SC("clock_gettime", CLOCK_MONOTONIC, ts), 0);
    check_timespec("timespec", ts, CLOCK_MONOTONIC);
    /* The 64-bit time calls of 32-bit ABIs. */
    if (has("clock_gettime64")) {
        ck_assert_int_eq(ssize("timespec64"), 16);
        memset(H(ts), 0xa5, 64);
        ck_assert_int_eq(SC("clock_gettime64", CLOCK_REALTIME, ts), 0);
        check_timespec("timespec64", ts, CLOCK_REALTIME);
        ck_assert_uint_eq(H(ts)[16], 0xa5);
    } else {
        ck_assert_int_eq(abi->long_bits, 64);
    }
    ck_assert_int_eq(SC("clock_gettime", 12345, ts), guest_errno("EINVAL"));
    ck_assert_int_eq(SC("clock_gettime", CLOCK_REALTIME, 8), guest_errno("EFAULT"));

    /* gettimeofday: struct timeval and struct timezone. */
    memset(H(ts), 0xa5, 64);
    memset(H(tz), 0xa5, 64);
    ck_assert_int_eq(SC("gettimeofday", ts, tz), 0);
    int64_t sec = get_signed("timeval", "tv_sec", ts), usec = get_signed("timeval", "tv_usec", ts);
    ck_assert(llabs(sec - (int64_t)time(NULL)) <= 2);
    ck_assert(usec >= 0 && usec < 1000000);
    ck_assert_uint_eq(H(ts)[ssize("timeval")], 0xa5);
    ck_assert_uint_eq(H(tz)[ssize("timezone")], 0xa5);
    ck_assert(get("timezone", "tz_minuteswest", tz) != 0xa5a5a5a5);
    ck_assert_int_eq(SC("gettimeofday", ts, 0), 0);
}
END_TEST

/*
 * Calls that take a timespec, in both sizes where the ABI has both: the
 * long-based one and the *_time64 calls' 64-bit __kernel_timespec.
 */
static void put_timespec(const char *kind, uint64_t ts, int64_t sec, int64_t nsec)
{
    put(kind, "tv_sec", ts, (uint64_t)sec);
    put(kind, "tv_nsec", ts, (uint64_t)nsec);
}

static void check_utimensat(const char *call, const char *kind, int64_t sec)
{
    char *path = g_build_filename(tmpdir, call, NULL);
    uint64_t gpath = put_string(8192, path), ts = G(0);
    int sz = ssize(kind);
    struct stat h;

    ck_assert(g_file_set_contents(path, "", 0, NULL));
    put_timespec(kind, ts, sec, 222);
    put_timespec(kind, ts + sz, sec + 1, 333333333);
    ck_assert_int_eq(SC(call, I(AT_FDCWD), gpath, ts, 0), 0);
    ck_assert(stat(path, &h) == 0);
    ck_assert_msg(h.st_atim.tv_sec == sec && h.st_atim.tv_nsec == 222, "%s %s: atime %ld.%09ld",
                  abi->name, call, (long)h.st_atim.tv_sec, h.st_atim.tv_nsec);
    ck_assert(h.st_mtim.tv_sec == sec + 1 && h.st_mtim.tv_nsec == 333333333);
    /* UTIME_OMIT leaves a time alone, whatever the size of the struct. */
    put_timespec(kind, ts, 1000, UTIME_OMIT);
    put_timespec(kind, ts + sz, 1000, 5);
    ck_assert_int_eq(SC(call, I(AT_FDCWD), gpath, ts, 0), 0);
    ck_assert(stat(path, &h) == 0);
    ck_assert(h.st_atim.tv_sec == sec && h.st_mtim.tv_sec == 1000 && h.st_mtim.tv_nsec == 5);
    g_free(path);
}

static void check_futex_wait(const char *call, const char *kind)
{
    uint64_t word = G(4096), ts = G(0);
    int64_t nsec = 2000000;

    /* A 32-bit task's 64-bit tv_nsec: the kernel ignores the upper half. */
    if (abi->long_bits == 32 && field(kind, "tv_nsec")->size == 8) {
        nsec |= (int64_t)0x7eadbeef00000000ll;
    }
    wr(word, 4, 42);
    put_timespec(kind, ts, 0, nsec);
    /* FUTEX_WAIT (0): the value compared in the guest's byte order. */
    ck_assert_int_eq(SC(call, word, 0, 43, ts, 0, 0), guest_errno("EAGAIN"));
    ck_assert_int_eq(SC(call, word, 0, 42, ts, 0, 0), guest_errno("ETIMEDOUT"));
    put_timespec(kind, ts, 0, 1000000000);
    ck_assert_int_eq(SC(call, word, 0, 42, ts, 0, 0), guest_errno("EINVAL"));
}

START_TEST(test_timespec_calls)
{
    use_abi(_i);
    make_tmpdir();
    check_utimensat("utimensat", "timespec", 1500000000);
    check_futex_wait("futex", "timespec");
    if (has("utimensat_time64")) {
        /* 2100-01-01: only the 64-bit struct can say it. */
        check_utimensat("utimensat_time64", "timespec64", 4102444800ll);
        check_futex_wait("futex_time64", "timespec64");
    } else {
        ck_assert_int_eq(abi->long_bits, 64);
    }
    rm_tmpdir();
}
END_TEST

/* ---- riscv_hwprobe (riscv64 only) ---- */

START_TEST(test_riscv_hwprobe)
{
    RISCVCPU cpu;
    uint64_t pairs = G(0), set = G(1024);
    static const int64_t keys[] = { 0, 1, 2, 3, 4, 5, 6, 7, 1000, -3 };
    /* RV64GC with Zba/Zbb/Zbs: IMA base; FD, C, ZBA, ZBB, ZBS; no V. */
    static const uint64_t want[] = { 0, 0, 0, 1, 0x3b, 0, 0 };

    use_abi(_i);
    ck_assert_str_eq(abi->name, "riscv64");
    ck_assert_int_eq(nr_of("riscv_hwprobe"), 258);
    memset(&cpu, 0, sizeof(cpu));
    rv_cpu_reset(&cpu);
    for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
        wr(pairs + 16 * i, 8, (uint64_t)keys[i]);
        wr(pairs + 16 * i + 8, 8, 0x5555);
    }
    ck_assert_int_eq(sc_call(&cpu.common, "riscv_hwprobe",
                             (const uint64_t[6]){ pairs, ARRAY_SIZE(keys), 0, 0, 0 }), 0);
    for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
        bool known = i < ARRAY_SIZE(want);
        ck_assert_int_eq((int64_t)rd(pairs + 16 * i, 8), known ? keys[i] : -1);
        ck_assert_uint_eq(rd(pairs + 16 * i + 8, 8), known ? want[i] : 0);
    }
    /* Reserved flags; an empty CPU set; a set with CPU 0; a bad pointer. */
    ck_assert_int_eq(sc_call(&cpu.common, "riscv_hwprobe",
                             (const uint64_t[6]){ pairs, 1, 0, 0, 1 }), -EINVAL);
    wr(set, 8, 0);
    ck_assert_int_eq(sc_call(&cpu.common, "riscv_hwprobe",
                             (const uint64_t[6]){ pairs, 1, 8, set, 0 }), -EINVAL);
    wr(set, 8, 1);
    ck_assert_int_eq(sc_call(&cpu.common, "riscv_hwprobe",
                             (const uint64_t[6]){ pairs, 1, 8, set, 0 }), 0);
    /* cpusetsize shorter than a long: bytes, as the kernel copies them. */
    ck_assert_int_eq(sc_call(&cpu.common, "riscv_hwprobe",
                             (const uint64_t[6]){ pairs, 1, 1, set, 0 }), 0);
    /* Only CPUs beyond any host's: no online CPU in the set. */
    wr(set, 8, 0);
    H(set)[1023] = 0x80;
    ck_assert_int_eq(sc_call(&cpu.common, "riscv_hwprobe",
                             (const uint64_t[6]){ pairs, 1, 1024, set, 0 }), -EINVAL);
    ck_assert_int_eq(sc_call(&cpu.common, "riscv_hwprobe",
                             (const uint64_t[6]){ 8, 1, 0, 0, 0 }), -EFAULT);
    ck_assert_int_eq(sc_call(&cpu.common, "riscv_hwprobe",
                             (const uint64_t[6]){ pairs, 1, 8, 0, 0 }), -EFAULT);
}
END_TEST

static Suite *abi_syscalls_suite(void)
{
    Suite *s = suite_create("abi-syscalls");

    for (unsigned i = 0; i < abi_count; i++) {
        TCase *tc = tcase_create(abi_all[i]->name);
        tcase_add_loop_test(tc, test_sockets, i, i + 1);
        tcase_add_loop_test(tc, test_fcntl_locks, i, i + 1);
        tcase_add_loop_test(tc, test_stat, i, i + 1);
        tcase_add_loop_test(tc, test_getdents64, i, i + 1);
        tcase_add_loop_test(tc, test_termios, i, i + 1);
        tcase_add_loop_test(tc, test_time, i, i + 1);
        tcase_add_loop_test(tc, test_timespec_calls, i, i + 1);
        if (strcmp(abi_all[i]->name, "riscv64") == 0) {
            tcase_add_loop_test(tc, test_riscv_hwprobe, i, i + 1);
        }
        suite_add_tcase(s, tc);
    }
    return s;
}

int main(void)
{
    GError *err = NULL;
    SRunner *sr;
    int failed;

    /* 32-bit guest addresses, so that the ILP32 ABIs can point at the arena too. */
    if (!user_mem_init(32, 0x10000, &err)) {
        fprintf(stderr, "test-abi-syscalls: %s\n", err->message);
        return 1;
    }
    int64_t a = user_mmap(0, ARENA_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (a < 0) {
        fprintf(stderr, "test-abi-syscalls: cannot map the guest arena: %s\n", g_strerror((int)-a));
        return 1;
    }
    arena = (uint64_t)a;
    sr = srunner_create(abi_syscalls_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
