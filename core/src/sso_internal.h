/* Pieces shared by the client's files (internal). */
#ifndef TINYSSO_SSO_INTERNAL_H
#define TINYSSO_SSO_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <tinysso/tinysso.h>

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

/* Accumulates an error code while sanitizing it on the fly (PROTOCOL §3):
 * everything from the first ':' is dropped, and a '#' drops what came before
 * it, so the last '#'-segment of the part before ':' remains. */
typedef struct sso_code_acc {
    char *dst;
    uint8_t cap; /* bytes, NUL included */
    uint8_t len;
    uint8_t stop;     /* a ':' was seen */
    uint8_t overflow; /* the sanitized code did not fit */
} sso_code_acc_t;

void sso_code_begin(sso_code_acc_t *a, char *dst, size_t cap);
void sso_code_push(sso_code_acc_t *a, const char *s, size_t n);
/* 1 when a usable (non-empty, complete) code was collected. */
int sso_code_ok(const sso_code_acc_t *a);

/* 1 when the standard retry mode retries this outcome (PROTOCOL §4). */
int sso_retryable(int status, int http_status, const char *code);

/* Overwrites n bytes in a way the compiler may not elide. */
void sso_wipe(void *p, size_t n);

/* 1 when s is non-empty and has no control character (bytes < 0x20, 0x7f). */
int sso_text_ok(const char *s);

#endif
