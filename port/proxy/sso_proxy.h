/* An HTTP CONNECT tunnel (RFC 9110 §9.3.6) as a transport that wraps any
 * transport, the way the TLS transport does: TCP -> proxy -> (TLS inside the
 * tunnel). connect(host, port) opens the inner transport to the proxy, asks
 * it for a tunnel to host:port and, once the proxy answers 2xx, hands the
 * stream over unchanged: send/recv/close go straight to the inner transport.
 *
 * TLS stays end to end: the proxy sees only the CONNECT line and ciphertext,
 * and cannot downgrade or substitute the server certificate, because the TLS
 * transport above verifies the portal's name, not the proxy's.
 *
 * No heap: the caller owns the sso_proxy_t (2,072 bytes on x86-64 with the
 * defaults, most of it the request buffer and the encoded credentials). */
#ifndef TINYSSO_SSO_PROXY_H
#define TINYSSO_SSO_PROXY_H

#include <stddef.h>
#include <stdint.h>

#include <tinysso/sso_transport.h>

/* Longest CONNECT request (request line, Host, Proxy-Authorization), NUL
 * included. It bounds target host plus credentials: with a portal host of
 * ~40 bytes, "user:password" may be up to 575 bytes (the auth field's
 * limit); with a 253-byte host, 336. */
#ifndef SSO_PROXY_REQUEST_MAX
#define SSO_PROXY_REQUEST_MAX 1024
#endif

/* Longest reply header accepted from the proxy (status line and header
 * lines up to the empty line). Real proxies send well under 1 KB; a longer
 * reply is refused as a protocol error instead of being read forever. */
#ifndef SSO_PROXY_REPLY_MAX
#define SSO_PROXY_REPLY_MAX 8192
#endif

/* The reply parser: a push engine fed one byte at a time (see
 * sso_proxy_reply_feed for why bytes, not blocks). */
typedef struct sso_proxy_reply {
    uint32_t count;  /* bytes consumed so far */
    uint16_t status; /* the status code, once the status line is read */
    uint8_t state;
    uint8_t pos;     /* position inside the status line's fixed part */
    uint8_t in_line; /* the current line has bytes: its LF does not end the header */
} sso_proxy_reply_t;

typedef struct sso_proxy_config {
    /* The proxy: a host name or an IP literal (IPv6 without brackets). */
    const char *host;
    uint16_t port;
    /* Basic credentials, already percent-decoded; NULL username: none.
     * They are encoded into the context by sso_proxy_init, so the caller
     * may wipe its own copies right after. */
    const char *username;
    const char *password;
    /* Optional clock: with it the whole CONNECT exchange (TCP connect,
     * request, reply) must finish within connect's timeout; without it each
     * read of the reply has that timeout and the reply's size bounds the
     * number of reads. */
    const sso_platform_t *platform;
} sso_proxy_config_t;

typedef struct sso_proxy {
    const sso_transport_t *inner;
    const sso_platform_t *platform;
    char host[254];
    uint16_t port;
    /* base64("user:password"), "" without credentials; wiped by
     * sso_proxy_free. */
    char auth[SSO_PROXY_REQUEST_MAX / 4 * 3];
    /* The CONNECT request is built here and wiped as soon as it is sent. */
    char request[SSO_PROXY_REQUEST_MAX];
    int open;
    /* Result of the last CONNECT: the proxy's HTTP status (0 when no reply
     * was read), for messages such as "the proxy answered 407". */
    int reply_status;
} sso_proxy_t;

/* Copies the proxy address and encodes the credentials. Returns SSO_OK, or
 * SSO_ERR_INVALID_ARG for a NULL, empty, too long or control-character
 * host, or credentials that do not fit. */
int sso_proxy_init(sso_proxy_t *proxy, const sso_transport_t *inner, const sso_proxy_config_t *cfg);

/* Fills t with the tunnel transport (t->secure = inner->secure: a tunnel
 * adds no authentication of the far end).
 * connect: inner connect to the proxy, CONNECT host:port, reply read. It
 *          returns SSO_OK on a 2xx reply; SSO_ERR_CONNECT when the proxy
 *          refused the tunnel (any other status; 407 means it wants, or did
 *          not accept, credentials; reply_status tells which);
 *          SSO_ERR_PROTOCOL for a reply that is not HTTP or is longer than
 *          SSO_PROXY_REPLY_MAX; SSO_ERR_TRANSPORT when the proxy closed
 *          before the end of its reply; SSO_ERR_INVALID_ARG when the target
 *          and credentials do not fit SSO_PROXY_REQUEST_MAX; and the inner
 *          transport's own status (SSO_ERR_DNS, SSO_ERR_CONNECT,
 *          SSO_ERR_TIMEOUT, ...) for the way to the proxy.
 *          The reply is read byte by byte, so no byte the proxy sends after
 *          its header is taken from the tunnel: the first recv sees it. */
void sso_proxy_transport(sso_proxy_t *proxy, sso_transport_t *t);

/* Closes and wipes everything, credentials included. */
void sso_proxy_free(sso_proxy_t *proxy);

/* The reply parser on its own, for tests.
 * feed: pushes one byte. Returns 0 (more needed), 1 (the header ended with
 * that byte; status is valid), or SSO_ERR_PROTOCOL (not an HTTP/1.x status
 * line, a control byte, or more than SSO_PROXY_REPLY_MAX bytes). Sticky:
 * after 1 or an error, further bytes give the same result. */
void sso_proxy_reply_init(sso_proxy_reply_t *r);
int sso_proxy_reply_feed(sso_proxy_reply_t *r, uint8_t byte);

#endif
