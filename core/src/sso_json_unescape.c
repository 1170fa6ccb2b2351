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

int sso_unescape_push(sso_unescape_t *u, const char *in, size_t len, char *out, size_t cap,
                      size_t *out_len)
{
    /* escape letter, then what it stands for */
    static const char esc[16] = {'"', '"',  '\\', '\\', '/', '/',  'b', '\b',
                                 'f', '\f', 'n',  '\n', 'r', '\r', 't', '\t'};
    /* state in locals: out may alias *u as far as the compiler knows */
    unsigned st = u->state, hex = u->hex;
    uint32_t cp = u->cp;
    size_t i = 0, o = *out_len;
    int rc = SSO_OK;

    while (rc == SSO_OK && i < len) {
        unsigned c = (uint8_t)in[i++], emit = 0;
        if (st == U_PLAIN) {
            if (c == '\\')
                st = U_BACKSLASH;
            else if (c < 0x20)
                rc = SSO_ERR_JSON;
            else if (o == cap)
                rc = SSO_ERR_FIELD_TOO_LONG;
            else
                out[o++] = (char)c;
        } else if (st == U_HEX) {
            unsigned d = c - '0';
            if (d > 9)
                d = (c | 0x20) - 'a' < 6 ? (c | 0x20) - 'a' + 10 : 16;
            cp = cp << 4 | d;
            if (d > 15) {
                rc = SSO_ERR_JSON;
            } else if (--hex == 0) {
                /* cp holds the code unit, plus a pending high surrogate in
                 * bits 16.. when this is the second half of a pair */
                uint32_t lo = cp & 0xFFFF;
                st = U_PLAIN;
                if (cp > 0xFFFF) {
                    if (lo - 0xDC00 >= 0x400)
                        rc = SSO_ERR_JSON;
                    cp = 0x10000 + ((((cp >> 16) - 0xD800) << 10) | (lo - 0xDC00));
                } else if (cp - 0xD800 < 0x400) {
                    st = U_PAIR_BACKSLASH;
                    continue;
                } else if (cp == 0 || cp - 0xDC00 < 0x400) {
                    rc = SSO_ERR_JSON;
                }
                emit = 1;
            }
        } else if (st == U_PAIR_BACKSLASH) {
            st = U_PAIR_U;
            if (c != '\\')
                rc = SSO_ERR_JSON;
        } else if (c == 'u') {
            /* after a high surrogate, cp keeps it so the end sees a pair */
            if (st == U_BACKSLASH)
                cp = 0;
            st = U_HEX;
            hex = 4;
        } else if (st == U_PAIR_U) {
            rc = SSO_ERR_JSON;
        } else {
            unsigned k = 0;
            while (k < 16 && (uint8_t)esc[k] != c)
                k += 2;
            st = U_PLAIN;
            if (k == 16)
                rc = SSO_ERR_JSON;
            else
                cp = (uint8_t)esc[k + 1];
            emit = 1;
        }
        if (emit && rc == SSO_OK)
            rc = put_utf8(cp, out, cap, &o);
    }
    u->state = (uint8_t)st;
    u->hex = (uint8_t)hex;
    u->cp = cp;
    *out_len = o;
    return rc;
}
