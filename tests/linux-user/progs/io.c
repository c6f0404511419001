/*
 * io.c: descriptors under crossemu, self-checking (exit 0 = pass).
 * poll, select, epoll (struct epoll_event layout), eventfd, timerfd,
 * socketpair with SCM_RIGHTS, sockets over loopback, fcntl, statx/fstat.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures;
#define CHECK(c) do { if (!(c)) { printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); failures++; } } while (0)

int main(void)
{
    int p[2];
    char c;

    /* poll: a pipe becomes readable after a write; timeout otherwise. */
    CHECK(pipe2(p, O_CLOEXEC) == 0);
    struct pollfd pfd = { .fd = p[0], .events = POLLIN };
    CHECK(poll(&pfd, 1, 10) == 0);
    CHECK(write(p[1], "a", 1) == 1);
    CHECK(poll(&pfd, 1, 1000) == 1 && (pfd.revents & POLLIN));
    CHECK(fcntl(p[0], F_GETFD) == FD_CLOEXEC);

    /* select. */
    fd_set rs;
    FD_ZERO(&rs);
    FD_SET(p[0], &rs);
    struct timeval tv = { 1, 0 };
    CHECK(select(p[0] + 1, &rs, NULL, NULL, &tv) == 1 && FD_ISSET(p[0], &rs));
    CHECK(read(p[0], &c, 1) == 1 && c == 'a');

    /* epoll: the 64-bit data word comes back intact. */
    int ep = epoll_create1(EPOLL_CLOEXEC);
    CHECK(ep >= 0);
    struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0x1122334455667788ull };
    CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == 0);
    struct epoll_event out[4];
    memset(out, 0, sizeof(out));
    CHECK(epoll_wait(ep, out, 4, 0) == 0);
    CHECK(write(p[1], "b", 1) == 1);
    CHECK(epoll_wait(ep, out, 4, 1000) == 1);
    CHECK(out[0].events == EPOLLIN && out[0].data.u64 == 0x1122334455667788ull);
    CHECK(read(p[0], &c, 1) == 1 && c == 'b');

    /* eventfd counter. */
    int efd = eventfd(3, EFD_NONBLOCK);
    uint64_t v = 4;
    CHECK(efd >= 0 && write(efd, &v, 8) == 8);
    CHECK(read(efd, &v, 8) == 8 && v == 7);
    CHECK(read(efd, &v, 8) == -1 && errno == EAGAIN);

    /* timerfd: fires once after 20 ms. */
    int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
    struct itimerspec its = { .it_value = { 0, 20000000 } };
    CHECK(tfd >= 0 && timerfd_settime(tfd, 0, &its, NULL) == 0);
    uint64_t expirations = 0;
    CHECK(read(tfd, &expirations, 8) == 8 && expirations == 1);

    /* socketpair + SCM_RIGHTS: pass the pipe's write end to a child, which writes. */
    int sv[2];
    CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        char data;
        struct iovec iov = { &data, 1 };
        union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } u;
        struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
                             .msg_controllen = sizeof(u.buf) };
        if (recvmsg(sv[1], &mh, 0) != 1 || data != 'F') {
            _exit(2);
        }
        struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
        if (!cm || cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS) {
            _exit(3);
        }
        int fd;
        memcpy(&fd, CMSG_DATA(cm), sizeof(int));
        _exit(write(fd, "z", 1) == 1 ? 0 : 4);
    }
    {
        char data = 'F';
        struct iovec iov = { &data, 1 };
        union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } u;
        memset(&u, 0, sizeof(u));
        struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
                             .msg_controllen = sizeof(u.buf) };
        struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
        cm->cmsg_level = SOL_SOCKET;
        cm->cmsg_type = SCM_RIGHTS;
        cm->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(cm), &p[1], sizeof(int));
        CHECK(sendmsg(sv[0], &mh, 0) == 1);
    }
    int st;
    CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
    CHECK(read(p[0], &c, 1) == 1 && c == 'z');

    /* TCP over loopback: bind to port 0, getsockname, connect, accept, echo. */
    int ls = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t sl = sizeof(sa);
    int one = 1;
    CHECK(setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == 0);
    CHECK(bind(ls, (struct sockaddr *)&sa, sizeof(sa)) == 0);
    CHECK(getsockname(ls, (struct sockaddr *)&sa, &sl) == 0 && sa.sin_family == AF_INET &&
          sa.sin_port != 0);
    CHECK(listen(ls, 1) == 0);
    int cs = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(connect(cs, (struct sockaddr *)&sa, sizeof(sa)) == 0);
    struct sockaddr_in peer;
    sl = sizeof(peer);
    int as = accept(ls, (struct sockaddr *)&peer, &sl);
    CHECK(as >= 0 && sl == sizeof(peer) && peer.sin_family == AF_INET);
    CHECK(send(cs, "ping", 4, 0) == 4);
    char buf[8] = "";
    CHECK(recv(as, buf, sizeof(buf), 0) == 4 && !memcmp(buf, "ping", 4));
    int type = 0;
    sl = sizeof(type);
    CHECK(getsockopt(as, SOL_SOCKET, SO_TYPE, &type, &sl) == 0 && type == SOCK_STREAM);

    /* fstat / statx on a file we wrote. */
    char path[] = "/tmp/lu-io-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0 && write(fd, "0123456789", 10) == 10);
    struct stat stt;
    CHECK(fstat(fd, &stt) == 0 && stt.st_size == 10 && S_ISREG(stt.st_mode));
    struct statx sx;
    CHECK(statx(AT_FDCWD, path, 0, STATX_SIZE | STATX_MODE, &sx) == 0 && sx.stx_size == 10);
    unlink(path);
    close(fd);

    if (failures) {
        printf("%d failures\n", failures);
        return 1;
    }
    printf("io: all passed\n");
    return 0;
}
