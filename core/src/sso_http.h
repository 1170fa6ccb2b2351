/* HTTP/1.1: the request writer and the response push engine (internal). */
#ifndef TINYSSO_SSO_HTTP_H
#define TINYSSO_SSO_HTTP_H

#include <stddef.h>
#include <stdint.h>

/* Headers the client needs besides framing (framing headers are handled by
 * the engine itself). */
enum { SSO_HDR_ERROR_TYPE = 1, SSO_HDR_REQUEST_ID = 2 };

/* What the engine reports. */
typedef struct sso_http_sink {
    void *user;
    /* A header of interest: first called with piece == NULL (a new value
     * starts; drop any earlier one), then with the value in one or more pieces,
     * leading and trailing whitespace removed. Values of any length stream. */
    void (*on_header)(void *user, int id, const char *piece, size_t len);
    /* Decoded body bytes (chunk framing removed). Return SSO_OK, or a negative
     * status that aborts parsing and is returned by feed/eof. */
    int (*on_body)(void *user, const uint8_t *data, size_t len);
} sso_http_sink_t;

/* Engine state: small, fixed, no buffer of its own. Only status, keep_alive
 * and has_body are for the caller to read. */
typedef struct sso_http_resp {
    uint64_t remaining;   /* body or chunk bytes left */
    uint64_t content_len; /* announced Content-Length */
    uint16_t status;      /* final (non-1xx) status code */
    uint8_t state;
    uint8_t sub;        /* position inside a literal / token matcher */
    uint8_t hdr;        /* which header is being read */
    uint8_t flags;      /* seen CL / TE chunked / Connection close|keep-alive / 1.0 */
    uint8_t keep_alive; /* valid after DONE: the connection may be reused */
    uint8_t no_body;    /* request was HEAD-like or status 1xx/204/304 */
    uint16_t line_len;  /* guards against endless status/chunk-size lines */
    uint16_t ows;       /* pending whitespace inside a header value */
} sso_http_resp_t;

#define SSO_HTTP_DONE 1

void sso_http_resp_init(sso_http_resp_t *r);

/* Pushes len bytes. *used receives the bytes consumed (less than len only
 * when the message completed). Returns SSO_OK (more input needed),
 * SSO_HTTP_DONE (message complete), or a negative sso_status_t. After DONE or
 * an error, further feeds return the same result without reading input. */
int sso_http_resp_feed(sso_http_resp_t *r, const uint8_t *in, size_t len, size_t *used,
                       const sso_http_sink_t *sink);

/* The peer closed the stream: SSO_HTTP_DONE for a close-delimited body that
 * was in progress, SSO_ERR_TRUNCATED otherwise (keep_alive is then 0). */
int sso_http_resp_eof(sso_http_resp_t *r, const sso_http_sink_t *sink);

#endif
