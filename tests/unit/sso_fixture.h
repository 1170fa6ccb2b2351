/* Shared fixture of the client tests: a client over the scripted transport,
 * and helpers that build canned HTTP responses. Test code only. */
#ifndef TINYSSO_TEST_SSO_FIXTURE_H
#define TINYSSO_TEST_SSO_FIXTURE_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sso_script.h"

typedef struct fx {
    sso_script_t s;
    sso_transport_t t;
    sso_platform_t p;
    sso_client_t c;
    sso_config_t cfg;
    size_t work_len;
    uint8_t work[]; /* work_len bytes */
} fx_t;

/* A client for region us-east-2 over a secure scripted transport. */
static inline fx_t *fx_new(size_t work_len)
{
    fx_t *f = (fx_t *)calloc(1, sizeof(fx_t) + work_len);
    sso_script_init(&f->s);
    sso_script_transport(&f->s, &f->t, 1);
    sso_script_platform(&f->s, &f->p);
    f->work_len = work_len;
    f->cfg.region = "us-east-2";
    f->cfg.work_buf = f->work;
    f->cfg.work_len = work_len;
    f->cfg.transport = &f->t;
    f->cfg.platform = &f->p;
    return f;
}

static inline int fx_init(fx_t *f)
{
    return sso_client_init(&f->c, &f->cfg);
}

/* Formats into a fresh heap string (tests may allocate; the core may not). */
static inline char *fx_fmt(const char *fmt, ...)
{
    va_list ap;
    int n;
    char *s;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    s = (char *)malloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

/* "HTTP/1.1 <status>\r\n<headers>Content-Length: N\r\n\r\n<body>" */
static inline char *fx_resp(const char *status, const char *headers, const char *body)
{
    return fx_fmt("HTTP/1.1 %s\r\n%sContent-Length: %zu\r\n\r\n%s", status, headers, strlen(body),
                  body);
}

/* The same body in chunks of at most 'chunk' bytes. */
static inline char *fx_chunked(const char *status, const char *body, size_t chunk)
{
    size_t len = strlen(body), cap = len * 2 + 256, off = 0, n = 0;
    char *s = (char *)malloc(cap);
    n += (size_t)snprintf(s, cap, "HTTP/1.1 %s\r\nTransfer-Encoding: chunked\r\n\r\n", status);
    while (off < len) {
        size_t k = len - off < chunk ? len - off : chunk;
        if (n + k + 32 > cap) {
            cap = cap * 2 + k;
            s = (char *)realloc(s, cap);
        }
        n += (size_t)snprintf(s + n, cap - n, "%zx\r\n", k);
        memcpy(s + n, body + off, k);
        n += k;
        memcpy(s + n, "\r\n", 2);
        n += 2;
        off += k;
    }
    if (n + 8 > cap) {
        s = (char *)realloc(s, n + 8);
    }
    memcpy(s + n, "0\r\n\r\n", 6);
    return s;
}

static inline char *fx_strdup_c(const char *s)
{
    return fx_fmt("%s", s);
}

static inline int fx_sent_has(const fx_t *f, const char *needle)
{
    return sso_script_sent_count(&f->s, needle) > 0;
}

#endif
