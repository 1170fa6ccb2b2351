/* The request writer: streams the request through the I/O part of the
 * working buffer, flushing whenever it fills. */
#include "sso_http_req.h"

#include <string.h>

#include <tinysso/sso_status.h>

int sso_write_flush(sso_writer_t *w)
{
    size_t off = 0;
    while (w->err == SSO_OK && off < w->len) {
        int n = w->t->send(w->t->ctx, w->buf + off, w->len - off, w->timeout_ms);
        if (n <= 0 || (size_t)n > w->len - off) {
            /* 0 would loop forever; a port must not return it. */
            w->err = n < 0 ? n : SSO_ERR_TRANSPORT;
        } else {
            off += (size_t)n;
        }
    }
    w->len = 0;
    return w->err;
}

void sso_write(sso_writer_t *w, const char *s, size_t n)
{
    while (n > 0 && w->err == SSO_OK) {
        size_t room = w->cap - w->len;
        size_t k = n < room ? n : room;
        memcpy(w->buf + w->len, s, k);
        w->len += k;
        s += k;
        n -= k;
        if (w->len == w->cap) {
            sso_write_flush(w);
        }
    }
}

void sso_write_str(sso_writer_t *w, const char *s)
{
    sso_write(w, s, strlen(s));
}

static int sso_unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

void sso_write_pct(sso_writer_t *w, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        char e[3];
        if (sso_unreserved(c)) {
            sso_write(w, s, 1);
            continue;
        }
        e[0] = '%';
        e[1] = hex[c >> 4];
        e[2] = hex[c & 15];
        sso_write(w, e, 3);
    }
}
