/* The JSON request-body writer (PROTOCOL §7). Only what the OIDC bodies
 * need: one object whose members are strings or lists of strings. Values
 * come from the caller (a start URL, a client name, scopes), so they are
 * validated as UTF-8 and escaped, never trusted. */
#include "sso_json_write.h"

#include <string.h>

#include "tinysso/sso_status.h"

static void put(sso_jw_t *w, const char *s, size_t n)
{
    if (w->err != SSO_OK) {
        return;
    }
    if (n > w->cap - w->len) {
        w->err = SSO_ERR_BUFFER_TOO_SMALL;
        return;
    }
    memcpy(w->buf + w->len, s, n);
    w->len += n;
}

/* Bytes after a lead byte, and the range the first of them must fall in so
 * that overlong forms, surrogates and values above U+10FFFF are refused. */
int sso_utf8_ok(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        unsigned c = *p++, more, lo = 0x80, hi = 0xbf;
        if (c < 0x80) {
            continue;
        }
        if (c < 0xc2 || c > 0xf4) {
            return 0; /* a continuation byte, an overlong lead, or too high */
        }
        more = c < 0xe0 ? 1u : c < 0xf0 ? 2u : 3u;
        lo = c == 0xe0 ? 0xa0 : c == 0xf0 ? 0x90 : 0x80;
        hi = c == 0xed ? 0x9f : c == 0xf4 ? 0x8f : 0xbf;
        if ((size_t)(end - p) < more || p[0] < lo || p[0] > hi) {
            return 0;
        }
        while (more--) {
            if ((*p++ & 0xc0) != 0x80) {
                return 0;
            }
        }
    }
    return 1;
}

/* A quoted JSON string: runs of plain bytes are copied at once; '"', '\\'
 * and the control characters are escaped (the short forms where JSON has
 * them, else \u00XX). DEL and non-ASCII pass through. */
static void put_quoted(sso_jw_t *w, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    size_t n;
    if (!s || !sso_utf8_ok(s, strlen(s))) {
        if (w->err == SSO_OK) {
            w->err = SSO_ERR_INVALID_ARG;
        }
        return;
    }
    put(w, "\"", 1);
    while (*s) {
        unsigned char c;
        char e[6] = {'\\', 'u', '0', '0', 0, 0};
        const char *sh;
        for (n = 0; (unsigned char)s[n] >= 0x20 && s[n] != '"' && s[n] != '\\'; n++) {
        }
        put(w, s, n);
        s += n;
        if (!*s) {
            break;
        }
        c = (unsigned char)*s++;
        /* "\b\f\n\r\t" sit at 8, 12, 10, 13, 9: one lookup by position. */
        sh = c < 0x20 ? strchr("\b\f\n\r\t", (int)c) : NULL;
        if (c == '"' || c == '\\') {
            e[1] = (char)c;
            put(w, e, 2);
        } else if (sh) {
            e[1] = "bfnrt"[sh - "\b\f\n\r\t"];
            put(w, e, 2);
        } else {
            e[4] = hex[c >> 4];
            e[5] = hex[c & 15];
            put(w, e, 6);
        }
    }
    put(w, "\"", 1);
}

static void put_key(sso_jw_t *w, const char *key)
{
    if (w->n_vals++) {
        put(w, ",", 1);
    }
    put_quoted(w, key);
    put(w, ":", 1);
}

void sso_jw_begin(sso_jw_t *w, char *buf, size_t cap)
{
    w->buf = buf;
    w->cap = buf ? cap : 0;
    w->len = 0;
    w->err = SSO_OK;
    w->n_vals = 0;
    put(w, "{", 1);
}

void sso_jw_string(sso_jw_t *w, const char *key, const char *value)
{
    put_key(w, key);
    put_quoted(w, value);
}

void sso_jw_list(sso_jw_t *w, const char *key, const char *const *values, size_t n)
{
    size_t i;
    put_key(w, key);
    put(w, "[", 1);
    if (n && !values && w->err == SSO_OK) {
        w->err = SSO_ERR_INVALID_ARG;
    }
    for (i = 0; i < n && w->err == SSO_OK; i++) {
        if (i) {
            put(w, ",", 1);
        }
        put_quoted(w, values[i]);
    }
    put(w, "]", 1);
}

int sso_jw_end(sso_jw_t *w)
{
    put(w, "}", 1);
    if (w->err != SSO_OK) {
        w->len = 0;
    }
    return w->err;
}
