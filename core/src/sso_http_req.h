/* The HTTP request writer (internal). */
#ifndef TINYSSO_SSO_HTTP_REQ_H
#define TINYSSO_SSO_HTTP_REQ_H

#include <stddef.h>
#include <stdint.h>

#include <tinysso/sso_transport.h>

/* Streams a request through a small buffer: nothing needs the whole request
 * in memory, so a 3 KB token goes out through a 256-byte chunk. The first
 * send error sticks and later writes do nothing. */
typedef struct sso_writer {
    uint8_t *buf;
    size_t cap;
    size_t len;
    const sso_transport_t *t;
    uint32_t timeout_ms;
    int err;
} sso_writer_t;

void sso_write(sso_writer_t *w, const char *s, size_t n);
void sso_write_str(sso_writer_t *w, const char *s);
/* RFC 3986 percent-encoding: unreserved A-Za-z0-9-._~ kept, all else %XX. */
void sso_write_pct(sso_writer_t *w, const char *s);
int sso_write_flush(sso_writer_t *w);

#endif
