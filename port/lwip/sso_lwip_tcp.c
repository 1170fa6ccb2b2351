/* TCP over the lwIP sockets API. lwIP's blocking connect has no timeout, so
 * connect is non-blocking plus lwip_poll; send and recv block with
 * SO_SNDTIMEO/SO_RCVTIMEO, the portable lwIP way to bound them. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE

#include "sso_lwip.h"

#include <stdio.h>
#include <string.h>

#include "lwip/opt.h"
#include "lwip/def.h"
#include "lwip/errno.h"
#include "lwip/inet.h"
#include "lwip/netdb.h"
#include "lwip/sockets.h"

static void close_fd(sso_lwip_tcp_t *c)
{
    if (c->fd >= 0) {
        lwip_close(c->fd);
        c->fd = -1;
    }
}

/* Fills ss from an IP literal; returns its length or 0. */
static socklen_t literal_addr(const char *ip, uint16_t port, struct sockaddr_storage *ss)
{
    memset(ss, 0, sizeof *ss);
    struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
    if (lwip_inet_pton(AF_INET, ip, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = PP_HTONS(port);
        return sizeof *v4;
    }
#if LWIP_IPV6
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
    if (lwip_inet_pton(AF_INET6, ip, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = PP_HTONS(port);
        return sizeof *v6;
    }
#endif
    return 0;
}

static socklen_t resolve(sso_lwip_tcp_t *c, const char *host, uint16_t port,
                         struct sockaddr_storage *ss)
{
    socklen_t len = literal_addr(host, port, ss);
    if (len == 0 && c->resolve != NULL) {
        const char *ip = c->resolve(c->resolve_user, host);
        if (ip != NULL) {
            len = literal_addr(ip, port, ss);
        }
    }
#if LWIP_DNS
    if (len == 0) {
        struct addrinfo hints, *res = NULL;
        memset(&hints, 0, sizeof hints);
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        if (lwip_getaddrinfo(host, NULL, &hints, &res) == 0 && res != NULL &&
            res->ai_addrlen <= sizeof *ss) {
            memcpy(ss, res->ai_addr, res->ai_addrlen);
            len = (socklen_t)res->ai_addrlen;
            if (ss->ss_family == AF_INET) {
                ((struct sockaddr_in *)ss)->sin_port = PP_HTONS(port);
            }
#if LWIP_IPV6
            if (ss->ss_family == AF_INET6) {
                ((struct sockaddr_in6 *)ss)->sin6_port = PP_HTONS(port);
            }
#endif
        }
        if (res != NULL) {
            lwip_freeaddrinfo(res);
        }
    }
#endif
    return len;
}

static int set_timeout(int fd, int opt, uint32_t ms)
{
    struct timeval tv;
    tv.tv_sec = (long)(ms / 1000u);
    tv.tv_usec = (long)(ms % 1000u) * 1000L;
    return lwip_setsockopt(fd, SOL_SOCKET, opt, &tv, sizeof tv);
}

static int lwip_tcp_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    sso_lwip_tcp_t *c = ctx;
    close_fd(c);
    if (host == NULL || host[0] == '\0') {
        return SSO_ERR_INVALID_ARG;
    }
    struct sockaddr_storage ss;
    socklen_t len = resolve(c, host, port, &ss);
    if (len == 0) {
        return SSO_ERR_DNS;
    }
    int fd = lwip_socket(ss.ss_family, SOCK_STREAM, IPPROTO_TCP);
    if (fd < 0) {
        return SSO_ERR_CONNECT;
    }
    if (lwip_fcntl(fd, F_SETFL, O_NONBLOCK) != 0) {
        lwip_close(fd);
        return SSO_ERR_CONNECT;
    }
    int rc = lwip_connect(fd, (struct sockaddr *)&ss, len);
    if (rc != 0 && errno != EINPROGRESS) {
        lwip_close(fd);
        return SSO_ERR_CONNECT;
    }
    if (rc != 0) {
        struct pollfd p = {.fd = fd, .events = POLLOUT, .revents = 0};
        int n = lwip_poll(&p, 1, timeout_ms > 0x7fffffffu ? 0x7fffffff : (int)timeout_ms);
        if (n <= 0) {
            lwip_close(fd);
            return n == 0 ? SSO_ERR_TIMEOUT : SSO_ERR_CONNECT;
        }
        int err = 0;
        socklen_t elen = sizeof err;
        if (lwip_getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) != 0 || err != 0) {
            lwip_close(fd);
            return SSO_ERR_CONNECT;
        }
    }
    /* Back to blocking: from here on the socket timeouts bound each call. */
    if (lwip_fcntl(fd, F_SETFL, 0) != 0) {
        lwip_close(fd);
        return SSO_ERR_CONNECT;
    }
    int one = 1;
    lwip_setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    c->fd = fd;
    c->rcv_timeout_ms = 0;
    c->snd_timeout_ms = 0;
    return SSO_OK;
}

static int io_status(void)
{
    return (errno == EWOULDBLOCK || errno == EAGAIN || errno == ETIMEDOUT) ? SSO_ERR_TIMEOUT
                                                                           : SSO_ERR_TRANSPORT;
}

static int lwip_tcp_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    sso_lwip_tcp_t *c = ctx;
    if (c->fd < 0) {
        return SSO_ERR_TRANSPORT;
    }
    if (len == 0) {
        return SSO_ERR_INVALID_ARG;
    }
    if (timeout_ms == 0) {
        timeout_ms = 1; /* 0 would mean "block forever" to lwIP */
    }
    if (c->snd_timeout_ms != timeout_ms) {
        if (set_timeout(c->fd, SO_SNDTIMEO, timeout_ms) != 0) {
            return SSO_ERR_TRANSPORT;
        }
        c->snd_timeout_ms = timeout_ms;
    }
    /* lwIP has no signals to interrupt a call, so there is no EINTR loop. */
    ssize_t n = lwip_send(c->fd, buf, len, 0);
    if (n > 0) {
        return n > 0x7fffffff ? 0x7fffffff : (int)n;
    }
    return n == 0 ? SSO_ERR_TRANSPORT : io_status();
}

static int lwip_tcp_recv(void *ctx, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    sso_lwip_tcp_t *c = ctx;
    if (c->fd < 0) {
        return SSO_ERR_TRANSPORT;
    }
    if (len == 0) {
        return SSO_ERR_INVALID_ARG;
    }
    if (timeout_ms == 0) {
        timeout_ms = 1;
    }
    if (c->rcv_timeout_ms != timeout_ms) {
        if (set_timeout(c->fd, SO_RCVTIMEO, timeout_ms) != 0) {
            return SSO_ERR_TRANSPORT;
        }
        c->rcv_timeout_ms = timeout_ms;
    }
    ssize_t n = lwip_recv(c->fd, buf, len, 0);
    if (n >= 0) {
        return n > 0x7fffffff ? 0x7fffffff : (int)n;
    }
    return io_status();
}

/* A non-blocking peek: bytes waiting (> 0), EOF (0) or an error other than
 * "nothing yet" all make an idle stream stale. */
static int lwip_tcp_stale(void *ctx)
{
    sso_lwip_tcp_t *c = ctx;
    uint8_t b;
    if (c->fd < 0) {
        return 1;
    }
    ssize_t n = lwip_recv(c->fd, &b, 1, MSG_PEEK | MSG_DONTWAIT);
    return n >= 0 || (errno != EWOULDBLOCK && errno != EAGAIN);
}

static void lwip_tcp_close(void *ctx)
{
    close_fd(ctx);
}

void sso_lwip_tcp_transport(sso_lwip_tcp_t *ctx, sso_transport_t *t)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->fd = -1;
    t->ctx = ctx;
    t->connect = lwip_tcp_connect;
    t->send = lwip_tcp_send;
    t->recv = lwip_tcp_recv;
    t->close = lwip_tcp_close;
    t->secure = 0;
    t->stale = lwip_tcp_stale;
}
