/* JSON request bodies (internal): a writer that renders one flat object of
 * string and string-list members into a caller's buffer. The whole body is
 * rendered before anything is sent, so that a body that does not fit is an
 * error before any I/O and its Content-Length is known (PROTOCOL §7). */
#ifndef TINYSSO_SSO_JSON_WRITE_H
#define TINYSSO_SSO_JSON_WRITE_H

#include <stddef.h>
#include <stdint.h>

typedef struct sso_jw {
    char *buf;
    size_t cap;
    size_t len;
    int err;        /* sticky: the first failure; later writes do nothing */
    uint8_t n_vals; /* values written in the innermost open container */
} sso_jw_t;

/* Starts the object "{" in buf[0..cap). */
void sso_jw_begin(sso_jw_t *w, char *buf, size_t cap);
/* Appends "key":"value". value must be valid UTF-8 without NUL; control
 * characters, '"' and '\\' are escaped, every other byte passes through. */
void sso_jw_string(sso_jw_t *w, const char *key, const char *value);
/* Appends "key":["v0","v1",...] (an empty list is "[]"). */
void sso_jw_list(sso_jw_t *w, const char *key, const char *const *values, size_t n);
/* Closes the object. Returns SSO_OK with the body in buf[0..len), or
 * SSO_ERR_BUFFER_TOO_SMALL (the body does not fit cap) or SSO_ERR_INVALID_ARG
 * (a value is NULL or not valid UTF-8). */
int sso_jw_end(sso_jw_t *w);

/* 1 when s[0..n) is well-formed UTF-8 (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF). */
int sso_utf8_ok(const char *s, size_t n);

#endif
