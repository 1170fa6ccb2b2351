/* TCP over BSD sockets. Every blocking point is a poll() against one deadline
 * taken from CLOCK_MONOTONIC, so a call never outlives its timeout however
 * many addresses, EINTRs or partial writes it meets. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE

#include "sso_posix.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef SOCK_CLOEXEC
#define SOCK_CLOEXEC 0
#endif
#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0 /* platforms without it set SO_NOSIGPIPE below */
#endif

static uint64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Milliseconds left before deadline, clamped for poll(). */
static int remaining_ms(uint64_t deadline)
{
    uint64_t now = mono_ms();
    if (now >= deadline) {
        return 0;
    }
    uint64_t left = deadline - now;
    return left > 0x7fffffffu ? 0x7fffffff : (int)left;
}

/* Waits for events on fd until deadline: 1 ready, 0 timed out, -1 error. */
static int wait_fd(int fd, short events, uint64_t deadline)
{
    for (;;) {
        struct pollfd p = {.fd = fd, .events = events, .revents = 0};
        int left = remaining_ms(deadline);
        int n = poll(&p, 1, left);
        if (n > 0) {
            return 1;
        }
        if (n == 0) {
            return 0;
        }
        if (errno != EINTR) {
            return -1;
        }
        if (left == 0) {
            return 0;
        }
    }
}

static void close_fd(sso_posix_tcp_t *c)
{
    if (c->fd >= 0) {
        close(c->fd);
        c->fd = -1;
    }
}

/* One address: SSO_OK, SSO_ERR_TIMEOUT or SSO_ERR_CONNECT. */
static int connect_one(sso_posix_tcp_t *c, const struct addrinfo *ai, uint64_t deadline)
{
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) {
        return SSO_ERR_CONNECT;
    }
    int flags = fcntl(fd, F_GETFL, 0);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
        close(fd);
        return SSO_ERR_CONNECT;
    }
#ifdef SO_NOSIGPIPE
    int one_sig = 1;
    setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one_sig, sizeof one_sig);
#endif
    int rc = connect(fd, ai->ai_addr, ai->ai_addrlen);
    if (rc != 0 && errno != EINPROGRESS && errno != EINTR) {
        close(fd);
        return SSO_ERR_CONNECT;
    }
    if (rc != 0) {
        int w = wait_fd(fd, POLLOUT, deadline);
        if (w <= 0) {
            close(fd);
            return w == 0 ? SSO_ERR_TIMEOUT : SSO_ERR_CONNECT;
        }
        int err = 0;
        socklen_t len = sizeof err;
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) {
            close(fd);
            return SSO_ERR_CONNECT;
        }
    }
    /* Requests are written in small pieces; Nagle would hold them back. */
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    c->fd = fd;
    return SSO_OK;
}

static int tcp_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    sso_posix_tcp_t *c = ctx;
    close_fd(c);
    if (host == NULL || host[0] == '\0') {
        return SSO_ERR_INVALID_ARG;
    }
    uint64_t deadline = mono_ms() + timeout_ms;

    char service[8];
    snprintf(service, sizeof service, "%u", (unsigned)port);
    struct addrinfo hints;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    struct addrinfo *res = NULL;
    /* EAI_AGAIN is a transient resolver failure: a few tries, same deadline. */
    int g = EAI_AGAIN;
    for (int tries = 0; tries < 3 && g == EAI_AGAIN; tries++) {
        if (tries > 0) {
            if (remaining_ms(deadline) < 100) {
                break;
            }
            struct timespec pause = {0, 50 * 1000000L};
            nanosleep(&pause, NULL);
        }
        res = NULL;
        g = getaddrinfo(host, service, &hints, &res);
    }
    if (g != 0 || res == NULL) {
        return SSO_ERR_DNS;
    }

    /* Each address in the resolver's order (RFC 6724). The time left is
     * split evenly over the addresses still to try, so a black-holed IPv6
     * route cannot eat the time an IPv4 address needs; the last one gets
     * whatever remains. */
    unsigned left = 0;
    for (const struct addrinfo *ai = res; ai != NULL; ai = ai->ai_next) {
        left++;
    }
    int status = SSO_ERR_CONNECT;
    for (const struct addrinfo *ai = res; ai != NULL; ai = ai->ai_next, left--) {
        int rem = remaining_ms(deadline);
        if (rem == 0) {
            status = SSO_ERR_TIMEOUT;
            break;
        }
        int rc = connect_one(c, ai, mono_ms() + (uint64_t)rem / left);
        if (rc == SSO_OK) {
            status = SSO_OK;
            break;
        }
        if (rc == SSO_ERR_TIMEOUT) {
            status = SSO_ERR_TIMEOUT;
        }
    }
    freeaddrinfo(res);
    return status;
}

static int io_error(int err)
{
    return err == ETIMEDOUT ? SSO_ERR_TIMEOUT : SSO_ERR_TRANSPORT;
}

/* The checks a send and a recv share, and the moment they give up. */
static int io_begin(const sso_posix_tcp_t *c, size_t len, uint32_t timeout_ms, uint64_t *deadline)
{
    if (c->fd < 0) {
        return SSO_ERR_TRANSPORT;
    }
    if (len == 0) {
        return SSO_ERR_INVALID_ARG;
    }
    *deadline = mono_ms() + timeout_ms;
    return SSO_OK;
}

static int tcp_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    sso_posix_tcp_t *c = ctx;
    uint64_t deadline;
    int r = io_begin(c, len, timeout_ms, &deadline);
    if (r != SSO_OK) {
        return r;
    }
    for (;;) {
        ssize_t n = send(c->fd, buf, len, MSG_NOSIGNAL);
        if (n > 0) {
            return n > 0x7fffffff ? 0x7fffffff : (int)n;
        }
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            return io_error(errno);
        }
        int w = wait_fd(c->fd, POLLOUT, deadline);
        if (w == 0) {
            return SSO_ERR_TIMEOUT;
        }
        if (w < 0) {
            return SSO_ERR_TRANSPORT;
        }
    }
}

static int tcp_recv(void *ctx, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    sso_posix_tcp_t *c = ctx;
    uint64_t deadline;
    int r = io_begin(c, len, timeout_ms, &deadline);
    if (r != SSO_OK) {
        return r;
    }
    for (;;) {
        ssize_t n = recv(c->fd, buf, len, 0);
        if (n >= 0) {
            return n > 0x7fffffff ? 0x7fffffff : (int)n;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            return io_error(errno);
        }
        int w = wait_fd(c->fd, POLLIN, deadline);
        if (w == 0) {
            return SSO_ERR_TIMEOUT;
        }
        if (w < 0) {
            return SSO_ERR_TRANSPORT;
        }
    }
}

/* poll() with no wait: an idle stream that is readable holds either bytes
 * the server sent unasked or its EOF or reset; both make it stale. */
static int tcp_stale(void *ctx)
{
    const sso_posix_tcp_t *c = ctx;
    struct pollfd p = {.fd = c->fd, .events = POLLIN, .revents = 0};
    if (c->fd < 0) {
        return 1;
    }
    int n;
    do {
        n = poll(&p, 1, 0);
    } while (n < 0 && errno == EINTR);
    return n != 0;
}

static void tcp_close(void *ctx)
{
    close_fd(ctx);
}

void sso_posix_tcp_transport(sso_posix_tcp_t *ctx, sso_transport_t *t)
{
    ctx->fd = -1;
    t->ctx = ctx;
    t->connect = tcp_connect;
    t->send = tcp_send;
    t->recv = tcp_recv;
    t->close = tcp_close;
    t->secure = 0;
    t->stale = tcp_stale;
}
