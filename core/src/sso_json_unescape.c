/* JSON string unescaper: a push state machine, so an escape may be split
 * across any number of pushes. \u0000 is rejected (SSO_ERR_JSON): every
 * decoded string ends up as a C string, where a NUL would silently cut it.
 * Raw UTF-8 is passed through unchecked. */
#include <string.h>

#include <tinysso/sso_status.h>

#include "sso_json.h"

enum { U_PLAIN, U_BACKSLASH, U_HEX, U_PAIR_BACKSLASH, U_PAIR_U };

void sso_unescape_init(sso_unescape_t *u)
{
    memset(u, 0, sizeof *u);
}

int sso_unescape_end(const sso_unescape_t *u)
{
    return u->state == U_PLAIN ? SSO_OK : SSO_ERR_JSON;
}

static int put_utf8(uint32_t cp, char *out, size_t cap, size_t *o)
{
    static const uint8_t lead[5] = {0, 0, 0xC0, 0xE0, 0xF0};
    size_t n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4, k;
    char *p = out + *o;

    if (n > cap - *o)
        return SSO_ERR_FIELD_TOO_LONG;
    *o += n;
    for (k = n - 1; k > 0; k--, cp >>= 6)
        p[k] = (char)(0x80 | (cp & 0x3F));
    p[0] = (char)(lead[n] | cp);
    return SSO_OK;
}

/* A finished \uXXXX: cp holds its value, plus a pending high surrogate in
 * bits 16.. when this is the second half of a pair. */
static int end_hex(sso_unescape_t *u, char *out, size_t cap, size_t *o)
{
    uint32_t cp = u->cp, lo = cp & 0xFFFF;

    u->state = U_PLAIN;
    if (cp > 0xFFFF) {
        if (lo < 0xDC00 || lo > 0xDFFF)
            return SSO_ERR_JSON;
        cp = 0x10000 + ((((cp >> 16) - 0xD800) << 10) | (lo - 0xDC00));
    } else if (cp - 0xD800 < 0x400) {
        u->state = U_PAIR_BACKSLASH;
        return SSO_OK;
    } else if (cp == 0 || cp - 0xDC00 < 0x400) {
        return SSO_ERR_JSON;
    }
    return put_utf8(cp, out, cap, o);
}

int sso_unescape_push(sso_unescape_t *u, const char *in, size_t len, char *out, size_t cap,
                      size_t *out_len)
{
    static const char esc_in[8] = {'"', '\\', '/', 'b', 'f', 'n', 'r', 't'};
    static const char esc_out[8] = {'"', '\\', '/', '\b', '\f', '\n', '\r', '\t'};
    size_t i = 0, o = *out_len;
    int rc = SSO_OK;

    while (rc == SSO_OK && i < len) {
        unsigned c = (uint8_t)in[i];
        if (u->state == U_PLAIN) {
            size_t j = i;
            while (j < len && in[j] != '\\' && (uint8_t)in[j] >= 0x20)
                j++;
            if (j - i > cap - o) {
                rc = SSO_ERR_FIELD_TOO_LONG;
                break;
            }
            memcpy(out + o, in + i, j - i);
            o += j - i;
            i = j;
            if (i < len) {
                if (in[i] != '\\')
                    rc = SSO_ERR_JSON;
                u->state = U_BACKSLASH;
                i++;
            }
            continue;
        }
        i++;
        if (u->state == U_HEX) {
            unsigned d = c - '0';
            if (d > 9)
                d = (c | 0x20) - 'a' < 6 ? (c | 0x20) - 'a' + 10 : 16;
            u->cp = u->cp << 4 | d;
            if (d > 15)
                rc = SSO_ERR_JSON;
            else if (--u->hex == 0)
                rc = end_hex(u, out, cap, &o);
        } else if (u->state == U_PAIR_BACKSLASH) {
            u->state = U_PAIR_U;
            if (c != '\\')
                rc = SSO_ERR_JSON;
        } else if (c == 'u') {
            /* after a high surrogate, cp keeps it so end_hex sees a pair */
            if (u->state == U_BACKSLASH)
                u->cp = 0;
            u->state = U_HEX;
            u->hex = 4;
        } else if (u->state == U_PAIR_U) {
            rc = SSO_ERR_JSON;
        } else {
            const char *e = memchr(esc_in, (int)c, sizeof esc_in);
            u->state = U_PLAIN;
            rc = e ? put_utf8((uint8_t)esc_out[e - esc_in], out, cap, &o) : SSO_ERR_JSON;
        }
    }
    *out_len = o;
    return rc;
}
