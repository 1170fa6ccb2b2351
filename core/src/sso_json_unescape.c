/* JSON string unescaper: a push state machine, so an escape may be split
 * across any number of pushes. \u0000 and lone surrogates are valid JSON,
 * but no C string of UTF-8 can carry them (a NUL would silently cut it): they
 * decode to nothing and mark the string (bad), so a caller skips a string it
 * does not map and refuses one it does (SSO_ERR_FIELD_INVALID). Raw UTF-8 is
 * passed through unchecked. */
#include <string.h>

#include <tinysso/sso_status.h>

#include "sso_json_unescape.h"

void sso_unescape_init(sso_unescape_t *u)
{
    memset(u, 0, sizeof *u);
}

/* Targets where a word load from any address is one instruction: there the
 * plain-run scan reads a word at a time. Elsewhere (Cortex-M0, for one) such
 * a load becomes a memcpy call, slower than the byte loop. The word scan
 * also needs little-endian order and a count-trailing-zeros builtin as wide
 * as size_t to find the byte that stopped it. */
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ &&                              \
    __SIZEOF_SIZE_T__ == __SIZEOF_LONG__ &&                                                        \
    (defined(__ARM_FEATURE_UNALIGNED) || defined(__x86_64__) || defined(__i386__) ||               \
     defined(__aarch64__))
#define SSO_WORD_SCAN 1
#else
#define SSO_WORD_SCAN 0
#endif

size_t sso_json_plain(const uint8_t *in, size_t len, char *out)
{
    size_t k = 0;
#if SSO_WORD_SCAN
    /* In y, the bytes <= 0x20 are exactly the control bytes and '"' of the
     * input (^ 2 swaps '"' and ' ', and turns '!' into '#'); in b, the zero
     * bytes are its backslashes. Both tests are the "has a byte below n" bit
     * trick, (v - n per byte) & ~v & 0x80 per byte, with ~v shared: the xors
     * leave bit 7 alone, so ~y, ~b and ~x agree there. A borrow only runs
     * upwards from a byte that really is below n, so the lowest flagged byte
     * is the first one that ends the run. */
    const size_t ones = (size_t)-1 / 255;
    for (; len - k >= sizeof(size_t); k += sizeof(size_t)) {
        size_t x, t;
        memcpy(&x, in + k, sizeof x);
        t = (((x ^ ones * 0x02) - ones * 0x21) | ((x ^ ones * '\\') - ones)) & ~x & ones * 0x80;
        if (t) {
            /* the byte loop copies what comes before it, if anything */
            len = k + (size_t)__builtin_ctzl(t) / 8;
            if (!out) {
                return len;
            }
            break;
        }
        if (out) {
            memcpy(out + k, &x, sizeof x);
        }
    }
#endif
    for (; k < len; k++) {
        unsigned c = in[k];
        /* '"' sorts just above the two plain bytes ' ' and '!', so one
         * compare sends all three to the rarely taken second test */
        if (c > '"' ? c == '\\' : c < ' ' || c == '"') {
            break;
        }
        if (out) {
            out[k] = (char)c;
        }
    }
    return k;
}

int sso_unescape_end(const sso_unescape_t *u)
{
    if (u->state == SSO_U_PAIR_BACKSLASH || (u->state == SSO_U_PLAIN && u->bad)) {
        return SSO_ERR_FIELD_INVALID; /* a high surrogate that ends the string is lone too */
    }
    return u->state == SSO_U_PLAIN ? SSO_OK : SSO_ERR_JSON;
}

void sso_unescape_lone(sso_unescape_t *u)
{
    u->state = SSO_U_PLAIN;
    u->bad = 1;
}

static int put_utf8(uint32_t cp, char *out, size_t cap, size_t *o)
{
    static const uint8_t lead[5] = {0, 0, 0xC0, 0xE0, 0xF0};
    size_t n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4, k;
    char *p = out + *o;

    if (n > cap - *o) {
        return SSO_ERR_FIELD_TOO_LONG;
    }
    *o += n;
    for (k = n - 1; k > 0; k--, cp >>= 6) {
        p[k] = (char)(0x80 | (cp & 0x3F));
    }
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
        unsigned c, emit = 0;
        if (st == SSO_U_PLAIN) {
            /* Most of a string is a run that stands for itself: one bounds
             * check and a copy in the scan instead of a pass through the
             * states per byte. When out is full, the byte after the run is
             * left to fail as it would alone: a control byte as SSO_ERR_JSON,
             * a plain one as SSO_ERR_FIELD_TOO_LONG in put_utf8(). */
            size_t n = len - i < cap - o ? len - i : cap - o;
            n = sso_json_plain((const uint8_t *)in + i, n, out + o);
            o += n;
            i += n;
            if (i == len) {
                break;
            }
        }
        c = (uint8_t)in[i++];
        if (st == SSO_U_PLAIN) {
            /* the byte that ended the run; a raw '"' is plain here (the
             * caller decides where a string ends) */
            if (c == '\\') {
                st = SSO_U_BACKSLASH;
            } else if (c < 0x20) {
                rc = SSO_ERR_JSON;
            } else {
                cp = c, emit = 1;
            }
        } else if (st == SSO_U_HEX) {
            unsigned d = c - '0';
            if (d > 9) {
                d = (c | 0x20) - 'a' < 6 ? (c | 0x20) - 'a' + 10 : 16;
            }
            cp = cp << 4 | d;
            if (d > 15) {
                rc = SSO_ERR_JSON;
            } else if (--hex == 0) {
                /* cp holds the code unit, plus a pending high surrogate in
                 * bits 16.. when this is the second half of a pair */
                uint32_t lo = cp & 0xFFFF;
                st = SSO_U_PLAIN;
                emit = 1;
                if (cp > 0xFFFF) {
                    cp = 0x10000 + ((((cp >> 16) - 0xD800) << 10) | (lo - 0xDC00));
                    if (lo - 0xDC00 >= 0x400) {
                        emit = 0; /* a high surrogate without its low half */
                    }
                } else if (cp - 0xD800 < 0x400) {
                    st = SSO_U_PAIR_BACKSLASH;
                    continue;
                } else if (cp == 0 || cp - 0xDC00 < 0x400) {
                    emit = 0;
                }
                u->bad |= (uint8_t)!emit;
            }
        } else if (st == SSO_U_PAIR_BACKSLASH) {
            st = SSO_U_PAIR_U;
            if (c != '\\') {
                /* a lone high surrogate; c is read again as a plain byte */
                u->bad = 1;
                st = SSO_U_PLAIN;
                i--;
            }
        } else if (c == 'u') {
            /* after a high surrogate, cp keeps it so the end sees a pair */
            if (st == SSO_U_BACKSLASH) {
                cp = 0;
            }
            st = SSO_U_HEX;
            hex = 4;
        } else if (st == SSO_U_PAIR_U) {
            /* a lone high surrogate; c is read again as an escape letter */
            u->bad = 1;
            st = SSO_U_BACKSLASH;
            i--;
        } else {
            unsigned k = 0;
            while (k < 16 && (uint8_t)esc[k] != c) {
                k += 2;
            }
            st = SSO_U_PLAIN;
            if (k == 16) {
                rc = SSO_ERR_JSON;
            } else {
                cp = (uint8_t)esc[k + 1];
            }
            emit = 1;
        }
        if (emit && rc == SSO_OK) {
            rc = put_utf8(cp, out, cap, &o);
        }
    }
    u->state = (uint8_t)st;
    u->hex = (uint8_t)hex;
    u->cp = cp;
    *out_len = o;
    return rc;
}
