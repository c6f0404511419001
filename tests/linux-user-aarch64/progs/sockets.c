/*
 * sockets.c: aarch64 socket calls under crossemu, self-checking (exit 0 =
 * pass).  Covers what goes through the ABI's msghdr, iovec, cmsg, sockaddr
 * and socket-option converters:
 *   - sendmsg/recvmsg over a socketpair carrying SCM_RIGHTS (several fds)
 *     and SCM_CREDENTIALS (SO_PASSCRED) in one message;
 *   - a control buffer too small: MSG_CTRUNC, the fds that fit delivered,
 *     the others closed (a pipe whose write end was only in the dropped
 *     part reads EOF);
 *   - SO_TIMESTAMP and SO_TIMESTAMPNS on a UDP loopback socket;
 *   - sendmmsg/recvmmsg with several messages, with source addresses;
 *   - scatter/gather iovecs;
 *   - SO_RCVTIMEO then a recv that times out (EAGAIN), SO_LINGER, SO_PEERCRED,
 *     SO_PEERGROUPS (ERANGE with the size needed), IP_TTL and TCP_NODELAY;
 *   - getsockname/getpeername on AF_UNIX (path and abstract), AF_INET and
 *     AF_INET6 (skipped, with a message, where the host has no ::1).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

static int failures;
#define CHECK(c) do { if (!(c)) { printf("FAIL %s:%d: %s (errno %d)\n", __FILE__, __LINE__, \
                                         #c, errno); failures++; } } while (0)

/* Do fd a and fd b refer to the same file? */
static int same_file(int a, int b)
{
    struct stat sa, sb;
    return fstat(a, &sa) == 0 && fstat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

static void put_rights(struct cmsghdr *c, const int *fds, int n)
{
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(n * sizeof(int));
    memcpy(CMSG_DATA(c), fds, n * sizeof(int));
}

/* SCM_RIGHTS (three fds) and SCM_CREDENTIALS in one message, both ways checked. */
static void test_rights_and_creds(void)
{
    int sv[2], p[2], devnull, one = 1;
    union { char buf[CMSG_SPACE(3 * sizeof(int)) + CMSG_SPACE(sizeof(struct ucred))];
            struct cmsghdr align; } ctl, rctl;
    struct ucred cred = { getpid(), getuid(), getgid() };
    char data[] = "fds+creds", rdata[32] = { 0 };
    struct iovec iov = { data, sizeof(data) }, riov = { rdata, sizeof(rdata) };
    struct msghdr m = { 0 }, r = { 0 };
    struct cmsghdr *c;
    int got_fds = 0, got_cred = 0, rfds[3] = { -1, -1, -1 };

    CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0);
    CHECK(pipe(p) == 0);
    devnull = open("/dev/null", O_RDWR);
    CHECK(devnull >= 0);
    CHECK(setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)) == 0);

    memset(&ctl, 0, sizeof(ctl));
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = ctl.buf;
    m.msg_controllen = sizeof(ctl.buf);
    c = CMSG_FIRSTHDR(&m);
    int fds[3] = { p[0], p[1], devnull };
    put_rights(c, fds, 3);
    c = CMSG_NXTHDR(&m, c);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_CREDENTIALS;
    c->cmsg_len = CMSG_LEN(sizeof(cred));
    memcpy(CMSG_DATA(c), &cred, sizeof(cred));
    CHECK(sendmsg(sv[0], &m, 0) == (ssize_t)sizeof(data));

    memset(&rctl, 0xa5, sizeof(rctl));
    r.msg_iov = &riov;
    r.msg_iovlen = 1;
    r.msg_control = rctl.buf;
    r.msg_controllen = sizeof(rctl.buf);
    CHECK(recvmsg(sv[1], &r, 0) == (ssize_t)sizeof(data));
    CHECK(strcmp(rdata, data) == 0);
    CHECK(!(r.msg_flags & MSG_CTRUNC));
    CHECK(r.msg_controllen == sizeof(rctl.buf));
    for (c = CMSG_FIRSTHDR(&r); c; c = CMSG_NXTHDR(&r, c)) {
        CHECK(c->cmsg_level == SOL_SOCKET);
        if (c->cmsg_type == SCM_RIGHTS) {
            CHECK(c->cmsg_len == CMSG_LEN(3 * sizeof(int)));
            memcpy(rfds, CMSG_DATA(c), sizeof(rfds));
            got_fds++;
        } else if (c->cmsg_type == SCM_CREDENTIALS) {
            struct ucred rc;
            CHECK(c->cmsg_len == CMSG_LEN(sizeof(rc)));
            memcpy(&rc, CMSG_DATA(c), sizeof(rc));
            CHECK(rc.pid == cred.pid && rc.uid == cred.uid && rc.gid == cred.gid);
            got_cred++;
        } else {
            CHECK(!"unexpected control message type");
        }
    }
    CHECK(got_fds == 1 && got_cred == 1);
    CHECK(same_file(rfds[0], p[0]) && same_file(rfds[1], p[1]) && same_file(rfds[2], devnull));
    CHECK(rfds[0] != p[0] && rfds[1] != p[1] && rfds[2] != devnull);
    /* The received write end really is the pipe's. */
    char b = 0;
    CHECK(write(rfds[1], "x", 1) == 1);
    CHECK(read(p[0], &b, 1) == 1 && b == 'x');
    for (int i = 0; i < 3; i++) {
        close(rfds[i]);
    }
    close(p[0]);
    close(p[1]);
    close(devnull);
    close(sv[0]);
    close(sv[1]);
}

/*
 * Four fds into room for two: MSG_CTRUNC, two delivered.  The last two are
 * a pipe's write end whose other copies are closed, so the pipe reads EOF
 * only if the undelivered ones were closed, not leaked.
 */
static void test_ctrunc(void)
{
    int sv[2], p[2], devnull, one = 1;
    union { char buf[CMSG_SPACE(4 * sizeof(int))]; struct cmsghdr align; } ctl;
    union { char buf[CMSG_SPACE(2 * sizeof(int))]; struct cmsghdr align; } small;
    char data = 'm', rdata = 0, b;
    struct iovec iov = { &data, 1 }, riov = { &rdata, 1 };
    struct msghdr m = { 0 }, r = { 0 };
    struct cmsghdr *c;
    int rfds[2];

    CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0);
    CHECK(pipe2(p, O_NONBLOCK) == 0);
    devnull = open("/dev/null", O_RDONLY);
    int fds[4] = { devnull, devnull, p[1], p[1] };
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = ctl.buf;
    m.msg_controllen = sizeof(ctl.buf);
    put_rights(CMSG_FIRSTHDR(&m), fds, 4);
    CHECK(sendmsg(sv[0], &m, 0) == 1);
    close(p[1]);

    memset(&small, 0, sizeof(small));
    r.msg_iov = &riov;
    r.msg_iovlen = 1;
    r.msg_control = small.buf;
    r.msg_controllen = sizeof(small.buf);
    CHECK(recvmsg(sv[1], &r, 0) == 1 && rdata == 'm');
    CHECK(r.msg_flags & MSG_CTRUNC);
    CHECK(r.msg_controllen == CMSG_SPACE(2 * sizeof(int)));
    c = CMSG_FIRSTHDR(&r);
    CHECK(c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
          c->cmsg_len == CMSG_LEN(2 * sizeof(int)));
    if (c) {
        memcpy(rfds, CMSG_DATA(c), sizeof(rfds));
        CHECK(same_file(rfds[0], devnull) && same_file(rfds[1], devnull));
        close(rfds[0]);
        close(rfds[1]);
    }
    errno = 0;
    CHECK(read(p[0], &b, 1) == 0);      /* EOF: no write end left anywhere */

    /* Creds fit, the fds after them do not: creds delivered, fds dropped. */
    CHECK(setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)) == 0);
    union { char buf[CMSG_SPACE(sizeof(struct ucred)) + 4]; struct cmsghdr align; } credonly;
    put_rights(CMSG_FIRSTHDR(&m), fds, 2);
    m.msg_controllen = CMSG_SPACE(2 * sizeof(int));
    CHECK(sendmsg(sv[0], &m, 0) == 1);
    memset(&credonly, 0, sizeof(credonly));
    r.msg_control = credonly.buf;
    r.msg_controllen = CMSG_SPACE(sizeof(struct ucred));
    r.msg_flags = 0;
    CHECK(recvmsg(sv[1], &r, 0) == 1);
    CHECK(r.msg_flags & MSG_CTRUNC);
    c = CMSG_FIRSTHDR(&r);
    CHECK(c && c->cmsg_type == SCM_CREDENTIALS && c->cmsg_len == CMSG_LEN(sizeof(struct ucred)));
    if (c) {
        struct ucred rc;
        memcpy(&rc, CMSG_DATA(c), sizeof(rc));
        CHECK(rc.pid == getpid());
        CHECK(CMSG_NXTHDR(&r, c) == NULL);
    }
    /* A descriptor that is not open: EBADF, nothing sent. */
    int bad[1] = { 1000 };
    put_rights(CMSG_FIRSTHDR(&m), bad, 1);
    m.msg_controllen = CMSG_SPACE(sizeof(int));
    errno = 0;
    CHECK(sendmsg(sv[0], &m, 0) == -1 && errno == EBADF);
    close(p[0]);
    close(devnull);
    close(sv[0]);
    close(sv[1]);
}

static int udp_loopback(struct sockaddr_in *addr)
{
    socklen_t len = sizeof(*addr);
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

    CHECK(s >= 0);
    memset(addr, 0, sizeof(*addr));
    addr->sin_family = AF_INET;
    addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CHECK(bind(s, (struct sockaddr *)addr, sizeof(*addr)) == 0);
    CHECK(getsockname(s, (struct sockaddr *)addr, &len) == 0 && len == sizeof(*addr));
    CHECK(addr->sin_port != 0 && addr->sin_family == AF_INET);
    return s;
}

static void test_timestamps(void)
{
    struct sockaddr_in addr;
    int s = udp_loopback(&addr), one = 1, v = 0;
    socklen_t vl = sizeof(v);
    union { char buf[256]; struct cmsghdr align; } ctl;
    char data[8];
    struct iovec iov = { data, sizeof(data) };
    struct msghdr m = { 0 };
    struct cmsghdr *c;
    struct timeval now;

    CHECK(setsockopt(s, SOL_SOCKET, SO_TIMESTAMP, &one, sizeof(one)) == 0);
    CHECK(getsockopt(s, SOL_SOCKET, SO_TIMESTAMP, &v, &vl) == 0 && v == 1 && vl == sizeof(v));
    CHECK(sendto(s, "ts", 2, 0, (struct sockaddr *)&addr, sizeof(addr)) == 2);
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = ctl.buf;
    m.msg_controllen = sizeof(ctl.buf);
    CHECK(recvmsg(s, &m, 0) == 2);
    gettimeofday(&now, NULL);
    c = CMSG_FIRSTHDR(&m);
    CHECK(c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMP &&
          c->cmsg_len == CMSG_LEN(sizeof(struct timeval)));
    CHECK(m.msg_controllen == CMSG_SPACE(sizeof(struct timeval)));
    if (c) {
        struct timeval tv;
        memcpy(&tv, CMSG_DATA(c), sizeof(tv));
        CHECK(tv.tv_usec >= 0 && tv.tv_usec < 1000000);
        CHECK(tv.tv_sec <= now.tv_sec && tv.tv_sec >= now.tv_sec - 10);
    }

    CHECK(setsockopt(s, SOL_SOCKET, SO_TIMESTAMP, &(int){ 0 }, sizeof(int)) == 0);
    CHECK(setsockopt(s, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof(one)) == 0);
    CHECK(sendto(s, "ns", 2, 0, (struct sockaddr *)&addr, sizeof(addr)) == 2);
    m.msg_controllen = sizeof(ctl.buf);
    CHECK(recvmsg(s, &m, 0) == 2);
    c = CMSG_FIRSTHDR(&m);
    CHECK(c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS &&
          c->cmsg_len == CMSG_LEN(sizeof(struct timespec)));
    if (c) {
        struct timespec ts;
        memcpy(&ts, CMSG_DATA(c), sizeof(ts));
        CHECK(ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000);
        CHECK(ts.tv_sec <= now.tv_sec + 10 && ts.tv_sec >= now.tv_sec - 10);
    }
    close(s);
}

/* Three datagrams of two iovecs each, out with sendmmsg, in with recvmmsg. */
static void test_mmsg(void)
{
    struct sockaddr_in ra, sa;
    int rs = udp_loopback(&ra), ss = udp_loopback(&sa);
    struct mmsghdr out[3], in[4];
    struct iovec oiov[3][2], iiov[4];
    char heads[3][4] = { "AAA", "BBB", "CCC" }, tails[3][6] = { "-one", "-two", "-three" };
    char bufs[4][32];
    struct sockaddr_in from[4];
    struct timespec to = { 5, 0 };

    memset(out, 0, sizeof(out));
    memset(in, 0, sizeof(in));
    for (int i = 0; i < 3; i++) {
        oiov[i][0] = (struct iovec){ heads[i], 3 };
        oiov[i][1] = (struct iovec){ tails[i], strlen(tails[i]) };
        out[i].msg_hdr.msg_iov = oiov[i];
        out[i].msg_hdr.msg_iovlen = 2;
        out[i].msg_hdr.msg_name = &ra;
        out[i].msg_hdr.msg_namelen = sizeof(ra);
    }
    CHECK(sendmmsg(ss, out, 3, 0) == 3);
    for (int i = 0; i < 3; i++) {
        CHECK(out[i].msg_len == 3 + strlen(tails[i]));
    }
    for (int i = 0; i < 4; i++) {
        iiov[i] = (struct iovec){ bufs[i], sizeof(bufs[i]) };
        memset(bufs[i], 0, sizeof(bufs[i]));
        in[i].msg_hdr.msg_iov = &iiov[i];
        in[i].msg_hdr.msg_iovlen = 1;
        in[i].msg_hdr.msg_name = &from[i];
        in[i].msg_hdr.msg_namelen = sizeof(from[i]);
    }
    CHECK(recvmmsg(rs, in, 4, MSG_WAITFORONE, &to) == 3);
    for (int i = 0; i < 3; i++) {
        char want[32];
        snprintf(want, sizeof(want), "%s%s", heads[i], tails[i]);
        CHECK(in[i].msg_len == strlen(want));
        CHECK(strcmp(bufs[i], want) == 0);
        CHECK(in[i].msg_hdr.msg_namelen == sizeof(struct sockaddr_in));
        CHECK(from[i].sin_family == AF_INET && from[i].sin_port == sa.sin_port &&
              from[i].sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    }
    /* Nothing left: a non-blocking recvmmsg fails with EAGAIN. */
    errno = 0;
    CHECK(recvmmsg(rs, in, 4, MSG_DONTWAIT, NULL) == -1 && errno == EAGAIN);
    close(rs);
    close(ss);
}

/* Three iovecs out, two of other sizes in, over a stream socketpair. */
static void test_scatter_gather(void)
{
    int sv[2];
    char a[] = "hello, ", b[] = "scattered ", c[] = "world";
    struct iovec out[3] = { { a, 7 }, { b, 10 }, { c, 5 } };
    char x[5], y[40];
    struct iovec in[2] = { { x, sizeof(x) }, { y, 17 } };   /* exactly the rest: MSG_WAITALL */
    struct msghdr m = { 0 };

    CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    m.msg_iov = out;
    m.msg_iovlen = 3;
    CHECK(sendmsg(sv[0], &m, 0) == 22);
    memset(&m, 0, sizeof(m));
    memset(y, 0, sizeof(y));
    m.msg_iov = in;
    m.msg_iovlen = 2;
    CHECK(recvmsg(sv[1], &m, MSG_WAITALL) == 22);
    CHECK(memcmp(x, "hello", 5) == 0);
    CHECK(strcmp(y, ", scattered world") == 0);
    CHECK(m.msg_flags == 0 && m.msg_controllen == 0);
    close(sv[0]);
    close(sv[1]);
}

static void test_options(void)
{
    int sv[2], s;
    struct timeval tv = { 0, 200000 }, got = { 0, 0 }, t0, t1;
    socklen_t len = sizeof(got);
    struct ucred cr;
    struct linger lg = { 1, 7 }, lgot = { 0, 0 };
    char b;

    CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    CHECK(setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == 0);
    CHECK(getsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &got, &len) == 0);
    CHECK(len == sizeof(got) && got.tv_sec == 0 && got.tv_usec == 200000);
    gettimeofday(&t0, NULL);
    errno = 0;
    CHECK(recv(sv[0], &b, 1, 0) == -1 && (errno == EAGAIN || errno == EWOULDBLOCK));
    gettimeofday(&t1, NULL);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_usec - t0.tv_usec) / 1000;
    CHECK(ms >= 150 && ms < 5000);
    /* A value too short for a timeval is refused, as the kernel does. */
    errno = 0;
    CHECK(setsockopt(sv[0], SOL_SOCKET, SO_SNDTIMEO, &tv, 4) == -1 && errno == EINVAL);

    len = sizeof(cr);
    CHECK(getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cr, &len) == 0);
    CHECK(len == sizeof(cr) && cr.pid == getpid() && cr.uid == getuid() && cr.gid == getgid());
    /*
     * SO_PEERGROUPS: too small a buffer is ERANGE with the size needed
     * written back; then the groups are ours.
     */
    gid_t groups[256], mine[256];
    int ng = getgroups(256, mine);
    len = 0;
    errno = 0;
    int pg = getsockopt(sv[0], SOL_SOCKET, SO_PEERGROUPS, groups, &len);
    CHECK(ng >= 0);
    if (ng > 0) {
        CHECK(pg == -1 && errno == ERANGE && len == ng * sizeof(gid_t));
        len = sizeof(groups);
        CHECK(getsockopt(sv[0], SOL_SOCKET, SO_PEERGROUPS, groups, &len) == 0);
        CHECK(len == ng * sizeof(gid_t));
        for (int i = 0; i < ng && len == ng * sizeof(gid_t); i++) {
            int found = 0;
            for (int j = 0; j < ng; j++) {
                found |= groups[i] == mine[j];
            }
            CHECK(found);
        }
    } else {
        CHECK(pg == 0 && len == 0);
    }
    /* A short buffer gets the value truncated. */
    len = 4;
    cr.pid = 0;
    CHECK(getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cr, &len) == 0);
    CHECK(len == 4 && cr.pid == getpid());

    s = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(s >= 0);
    CHECK(setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)) == 0);
    len = sizeof(lgot);
    CHECK(getsockopt(s, SOL_SOCKET, SO_LINGER, &lgot, &len) == 0);
    CHECK(len == sizeof(lgot) && lgot.l_onoff == 1 && lgot.l_linger == 7);
    int type = 0;
    len = sizeof(type);
    CHECK(getsockopt(s, SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == SOCK_STREAM);
    /* Options at other levels: ints. */
    int ttl = 42, nodelay = 1;
    CHECK(setsockopt(s, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl)) == 0);
    CHECK(setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &nodelay, sizeof(nodelay)) == 0);
    ttl = nodelay = 0;
    len = sizeof(ttl);
    CHECK(getsockopt(s, IPPROTO_IP, IP_TTL, &ttl, &len) == 0 && len == 4 && ttl == 42);
    len = sizeof(nodelay);
    CHECK(getsockopt(s, IPPROTO_TCP, TCP_NODELAY, &nodelay, &len) == 0 && nodelay == 1);
    close(s);
    close(sv[0]);
    close(sv[1]);
}

static void test_unix_names(void)
{
    char path[64];
    struct sockaddr_un a, got;
    socklen_t alen, len;
    int l, c, acc;

    /* Path name. */
    snprintf(path, sizeof(path), "/tmp/crossemu-sock-%d", (int)getpid());
    unlink(path);
    memset(&a, 0, sizeof(a));
    a.sun_family = AF_UNIX;
    strcpy(a.sun_path, path);
    alen = offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1;
    l = socket(AF_UNIX, SOCK_STREAM, 0);
    CHECK(bind(l, (struct sockaddr *)&a, alen) == 0 && listen(l, 1) == 0);
    len = sizeof(got);
    memset(&got, 0, sizeof(got));
    CHECK(getsockname(l, (struct sockaddr *)&got, &len) == 0);
    CHECK(len == alen && got.sun_family == AF_UNIX && strcmp(got.sun_path, path) == 0);
    c = socket(AF_UNIX, SOCK_STREAM, 0);
    CHECK(connect(c, (struct sockaddr *)&a, alen) == 0);
    len = sizeof(got);
    memset(&got, 0, sizeof(got));
    CHECK(getpeername(c, (struct sockaddr *)&got, &len) == 0);
    CHECK(len == alen && got.sun_family == AF_UNIX && strcmp(got.sun_path, path) == 0);
    /* An unbound client's accepted side has only the family. */
    len = sizeof(got);
    acc = accept(l, (struct sockaddr *)&got, &len);
    CHECK(acc >= 0 && len == offsetof(struct sockaddr_un, sun_path) && got.sun_family == AF_UNIX);
    /* A short buffer: the address truncated, its full length reported. */
    len = 4;
    memset(&got, 0x5a, sizeof(got));
    CHECK(getsockname(l, (struct sockaddr *)&got, &len) == 0 && len == alen);
    CHECK(got.sun_family == AF_UNIX && memcmp(got.sun_path, path, 2) == 0 &&
          (unsigned char)got.sun_path[2] == 0x5a);
    close(acc);
    close(c);
    close(l);
    unlink(path);

    /* Abstract name: a leading NUL, the length says where it ends. */
    memset(&a, 0, sizeof(a));
    a.sun_family = AF_UNIX;
    l = snprintf(a.sun_path + 1, sizeof(a.sun_path) - 1, "crossemu-abstract-%d", (int)getpid());
    alen = offsetof(struct sockaddr_un, sun_path) + 1 + l;
    l = socket(AF_UNIX, SOCK_STREAM, 0);
    CHECK(bind(l, (struct sockaddr *)&a, alen) == 0 && listen(l, 1) == 0);
    len = sizeof(got);
    memset(&got, 0, sizeof(got));
    CHECK(getsockname(l, (struct sockaddr *)&got, &len) == 0);
    CHECK(len == alen && memcmp(&got, &a, alen) == 0);
    c = socket(AF_UNIX, SOCK_STREAM, 0);
    CHECK(connect(c, (struct sockaddr *)&a, alen) == 0);
    len = sizeof(got);
    memset(&got, 0, sizeof(got));
    CHECK(getpeername(c, (struct sockaddr *)&got, &len) == 0);
    CHECK(len == alen && got.sun_path[0] == 0 && memcmp(&got, &a, alen) == 0);
    close(c);
    close(l);
}

static void test_inet_names(void)
{
    struct sockaddr_in a, got, peer;
    socklen_t len;
    int l, c;

    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    l = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(bind(l, (struct sockaddr *)&a, sizeof(a)) == 0 && listen(l, 1) == 0);
    len = sizeof(a);
    CHECK(getsockname(l, (struct sockaddr *)&a, &len) == 0 && len == sizeof(a) && a.sin_port);
    c = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(connect(c, (struct sockaddr *)&a, sizeof(a)) == 0);
    len = sizeof(peer);
    CHECK(getpeername(c, (struct sockaddr *)&peer, &len) == 0 && len == sizeof(peer));
    CHECK(peer.sin_family == AF_INET && peer.sin_port == a.sin_port &&
          peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    len = sizeof(got);
    CHECK(getsockname(c, (struct sockaddr *)&got, &len) == 0 && got.sin_family == AF_INET);
    len = sizeof(peer);
    int acc = accept(l, (struct sockaddr *)&peer, &len);
    CHECK(acc >= 0 && len == sizeof(peer) && peer.sin_port == got.sin_port);
    close(acc);
    close(c);
    close(l);

    struct sockaddr_in6 a6, p6;
    memset(&a6, 0, sizeof(a6));
    a6.sin6_family = AF_INET6;
    a6.sin6_addr = in6addr_loopback;
    l = socket(AF_INET6, SOCK_STREAM, 0);
    if (l < 0 || bind(l, (struct sockaddr *)&a6, sizeof(a6)) != 0) {
        printf("SKIP AF_INET6: no ::1 on this host (errno %d)\n", errno);
        if (l >= 0) {
            close(l);
        }
        return;
    }
    CHECK(listen(l, 1) == 0);
    len = sizeof(a6);
    CHECK(getsockname(l, (struct sockaddr *)&a6, &len) == 0 && len == sizeof(a6));
    CHECK(a6.sin6_family == AF_INET6 && a6.sin6_port &&
          memcmp(&a6.sin6_addr, &in6addr_loopback, 16) == 0);
    c = socket(AF_INET6, SOCK_STREAM, 0);
    CHECK(connect(c, (struct sockaddr *)&a6, sizeof(a6)) == 0);
    len = sizeof(p6);
    CHECK(getpeername(c, (struct sockaddr *)&p6, &len) == 0 && len == sizeof(p6));
    CHECK(p6.sin6_family == AF_INET6 && p6.sin6_port == a6.sin6_port &&
          memcmp(&p6.sin6_addr, &in6addr_loopback, 16) == 0);
    close(c);
    close(l);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    test_rights_and_creds();
    test_ctrunc();
    test_timestamps();
    test_mmsg();
    test_scatter_gather();
    test_options();
    test_unix_names();
    test_inet_names();
    if (failures) {
        printf("%d failure(s)\n", failures);
        return 1;
    }
    printf("sockets: all passed\n");
    return 0;
}
