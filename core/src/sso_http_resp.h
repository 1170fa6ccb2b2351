/* The HTTP/1.1 response push engine (internal): bytes in, events out. */
#ifndef TINYSSO_SSO_HTTP_RESP_H
#define TINYSSO_SSO_HTTP_RESP_H

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

/* Engine state: small, fixed, no buffer of its own. Only status and
 * keep_alive are for the caller to read. */
typedef struct sso_http_resp {
    uint32_t remaining; /* Content-Length, then body or chunk bytes left */
    uint32_t value;     /* the Content-Length value being read */
    uint16_t status;    /* final (non-1xx) status code */
    uint16_t count;     /* status-line length; withheld blanks in a value */
    uint16_t mask;      /* first name/token still matching; kinds of withheld blanks */
    uint8_t state;
    uint8_t next;       /* state after the LF that ends the current line */
    uint8_t pos;        /* position in a literal, name, token or size */
    uint8_t hdr;        /* which header's value is being read */
    uint8_t flags;      /* HTTP/1.0, CL, chunked, close, keep-alive, skip */
    uint8_t keep_alive; /* valid after DONE: the connection may be reused */
    int16_t err;        /* sticky error */
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
