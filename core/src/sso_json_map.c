/* Maps the direct members of one JSON object item into a fixed-size struct,
 * driven by a field table. jsmn only tokenizes: the text was validated by
 * the splitter, and every value is type-checked here. */
#include <stdint.h>
#include <string.h>

#include <tinysso/sso_status.h>

#include "sso_json_map.h"
#include "sso_json_unescape.h"

/* Longest decoded key that can match a table entry, NUL excluded. */
#define KEY_MAX 31

static int decode(const char *text, const jsmntok_t *t, char *out, size_t cap)
{
    sso_unescape_t u = {0}; /* what sso_unescape_init() sets, without a call */
    size_t o = 0;
    int rc = sso_unescape_push(&u, text + t->start, (size_t)(t->end - t->start), out, cap, &o);
    if (rc == SSO_OK) {
        rc = sso_unescape_end(&u);
    }
    out[o] = '\0';
    return rc;
}

/* The table entry whose key is key[0..len), or n if there is none; an
 * inline compare, as a library call per entry costs more than the compare.
 * key holds no NUL (jsmn stops at one, decode() rejects \u0000), so a table
 * key that ends early mismatches on its NUL, and key[len] below is read only
 * inside a longer table key. */
static unsigned field_of(const sso_json_field_t *fields, unsigned n, const char *key, size_t len)
{
    unsigned f;
    for (f = 0; f < n; f++) {
        const char *fk = fields[f].key;
        size_t j = 0;
        while (j < len && fk[j] == key[j]) {
            j++;
        }
        if (j == len && fk[len] == '\0') {
            return f;
        }
    }
    return n;
}

/* A JSON number (validated by the splitter) that has an integer value in
 * range, in any form: 1700000000000, 1.7e12, 1700000000000.0. The value is
 * v x 10^exp with v's last digit not 0: zeros are only counted until a
 * non-zero digit follows, so the value is integral exactly when exp >= 0,
 * and no 64-bit division is needed (a library call on a 32-bit core). v
 * stops at UINT64_MAX / 10: anything longer is out of range or not
 * integral. Stored through memcpy as two's complement bits (what int64_t is
 * by definition), so the negation is plain unsigned arithmetic. */
static int to_int64(const char *p, size_t n, void *dst)
{
    uint64_t v = 0;
    long exp = 0, zeros = 0, e = 0;
    unsigned neg = *p == '-', frac = 0, eneg;
    size_t k = neg;

    for (; k < n; k++) {
        unsigned d = (unsigned)(uint8_t)p[k] - '0';
        if (p[k] == '.') {
            frac = 1;
            continue;
        }
        if (d > 9) {
            break;
        }
        exp -= (long)frac; /* a fraction digit divides by 10 */
        if (d == 0) {
            zeros++;
            continue;
        }
        for (zeros++; zeros > 0; zeros--) { /* the zeros, then this digit */
            if (v > UINT64_MAX / 10) {
                return SSO_ERR_JSON;
            }
            v *= 10;
        }
        v += d;
    }
    if (k < n) { /* the exponent; saturated far beyond any int64 */
        if ((p[k] | 0x20) != 'e' || ++k == n) {
            return SSO_ERR_JSON;
        }
        eneg = p[k] == '-';
        k += p[k] == '-' || p[k] == '+';
        if (k == n) {
            return SSO_ERR_JSON; /* an exponent needs a digit */
        }
        for (; k < n; k++) {
            unsigned d = (unsigned)(uint8_t)p[k] - '0';
            if (d > 9) {
                return SSO_ERR_JSON;
            }
            e = e < 100000 ? e * 10 + (long)d : e;
        }
        exp += eneg ? -e : e;
    }
    for (exp += zeros; v && exp; exp--) {
        if (exp < 0 || v > UINT64_MAX / 10) {
            return SSO_ERR_JSON; /* a fraction, or out of range */
        }
        v *= 10;
    }
    if (v > (uint64_t)INT64_MAX + neg) {
        return SSO_ERR_JSON;
    }
    if (neg) {
        v = 0 - v;
    }
    memcpy(dst, &v, sizeof v);
    return SSO_OK;
}

int sso_json_map(const char *text, size_t len, jsmntok_t *toks, unsigned n_toks,
                 const sso_json_field_t *fields, unsigned n_fields, void *dst, uint32_t *found)
{
    jsmn_parser p;
    int n, i;

    *found = 0;
    jsmn_init(&p);
    n = jsmn_parse(&p, text, len, toks, n_toks);
    if (n == JSMN_ERROR_NOMEM) {
        return SSO_ERR_ITEM_TOO_LARGE;
    }
    if (n < 1 || toks[0].type != JSMN_OBJECT) {
        return SSO_ERR_JSON;
    }
    /* Tokens come in document order and a member key (always a string with
     * JSMN_STRICT) is the only kind of token whose parent is the root, so one
     * pass visits each key once and never descends into nested values. */
    for (i = 1; i < n; i++) {
        const jsmntok_t *k = &toks[i], *v = k + 1;
        char key[KEY_MAX + 1], *d;
        const char *s;
        unsigned f;
        int rc;

        if (k->parent != 0) {
            continue;
        }
        if (i + 1 >= n || v->parent != i) {
            return SSO_ERR_JSON;
        }
        /* The raw text of a key that equals a table key (none holds a
         * backslash) decodes to itself: only a key that matches nothing as
         * it stands is decoded (and checked) before it is looked up. */
        f = field_of(fields, n_fields, text + k->start, (size_t)(k->end - k->start));
        if (f == n_fields) {
            rc = decode(text, k, key, KEY_MAX);
            if (rc == SSO_ERR_FIELD_TOO_LONG || rc == SSO_ERR_FIELD_INVALID) {
                continue; /* no table key is that long or holds such a char */
            }
            if (rc != SSO_OK) {
                return rc;
            }
            f = field_of(fields, n_fields, key, strlen(key));
        }
        s = text + v->start;
        if (f == n_fields) {
            continue;
        }
        d = (char *)dst + fields[f].offset;
        if (v->type == JSMN_PRIMITIVE && *s == 'n') {
            /* null is absent, also after a duplicate of the key: last wins */
            memset(d, 0, fields[f].type == SSO_FIELD_STRING ? 1 : sizeof(int64_t));
            *found &= ~(1u << f);
            continue;
        }
        if (fields[f].type == SSO_FIELD_STRING) {
            /* cap counts the NUL that decode() appends */
            rc = v->type != JSMN_STRING ? SSO_ERR_JSON : decode(text, v, d, fields[f].cap - 1u);
        } else {
            rc = v->type != JSMN_PRIMITIVE ? SSO_ERR_JSON
                                           : to_int64(s, (size_t)(v->end - v->start), d);
        }
        if (rc != SSO_OK) {
            if (rc == SSO_ERR_FIELD_TOO_LONG || rc == SSO_ERR_FIELD_INVALID) {
                *found = 1u << f; /* the field to name in the error */
            }
            return rc;
        }
        *found |= 1u << f;
    }
    return SSO_OK;
}
