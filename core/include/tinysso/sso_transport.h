/* The port layer: what the core needs from a network stack and from an OS.
 * A port fills these structs; the core never touches sockets, clocks or
 * threads itself, so porting means writing these few functions. */
#ifndef TINYSSO_SSO_TRANSPORT_H
#define TINYSSO_SSO_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

#include "sso_status.h"

/* A byte stream. TLS is itself a transport that wraps another one.
 *
 * connect: open a stream to host:port within timeout_ms. Returns SSO_OK or a
 *          negative sso_status_t (SSO_ERR_DNS, SSO_ERR_CONNECT, SSO_ERR_TIMEOUT,
 *          SSO_ERR_TLS, SSO_ERR_TLS_VERIFY, ...).
 * send:    write up to len bytes; returns the count written (> 0) or a negative
 *          sso_status_t. Never 0.
 * recv:    read up to len bytes; returns the count read (> 0), 0 for an orderly
 *          end of stream, or a negative sso_status_t (SSO_ERR_TIMEOUT,
 *          SSO_ERR_TRANSPORT for a reset, SSO_ERR_TLS, ...). There is no
 *          "0 means try again": a port retries EINTR/WANT_READ itself.
 * close:   release the stream; safe to call on a stream that failed.
 * stale:   1 when an idle stream must not be reused: bytes are waiting to be
 *          read, or the peer closed it (EOF or error); 0 when it looks idle
 *          and open. Must not block. May be NULL: the core then treats an
 *          idle kept-alive stream as reusable, as before. The core asks it
 *          before it sends a request on a kept-alive stream, so that a late
 *          "408 Request Timeout" or a quiet close by the server is never read
 *          as the answer to the next request (PROTOCOL §5).
 *
 * secure is 1 when the transport authenticates the peer (TLS). The core only
 * sends a bearer token to an https endpoint over a secure transport, and only
 * to an http:// test endpoint over a plain one. */
typedef struct sso_transport {
    void *ctx;
    int (*connect)(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms);
    int (*send)(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms);
    int (*recv)(void *ctx, uint8_t *buf, size_t len, uint32_t timeout_ms);
    void (*close)(void *ctx);
    int secure;
    int (*stale)(void *ctx);
} sso_transport_t;

/* Time, sleep and randomness for retries and timeouts. */
typedef struct sso_platform {
    void *ctx;
    uint64_t (*now_ms)(void *ctx); /* monotonic milliseconds */
    void (*sleep_ms)(void *ctx, uint32_t ms);
    uint32_t (*random_u32)(void *ctx); /* uniform; used only for retry jitter */
} sso_platform_t;

#endif
