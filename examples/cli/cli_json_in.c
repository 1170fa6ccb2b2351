#include "cli_json_in.h"

#include <limits.h>
#include <string.h>

#define MAX_DEPTH 64

typedef struct {
    const char *p;
    const char *end;
} scan_t;

static void skip_ws(scan_t *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r')) {
        s->p++;
    }
}

static int hex4(const char *p, unsigned *v)
{
    unsigned i, r = 0;

    for (i = 0; i < 4; i++) {
        char c = p[i];
        r <<= 4;
        if (c >= '0' && c <= '9') {
            r |= (unsigned)(c - '0');
        } else if (c >= 'a' && c <= 'f') {
            r |= (unsigned)(c - 'a' + 10);
        } else if (c >= 'A' && c <= 'F') {
            r |= (unsigned)(c - 'A' + 10);
        } else {
            return -1;
        }
    }
    *v = r;
    return 0;
}

static int scan_string(scan_t *s)
{
    s->p++; /* opening quote */
    while (s->p < s->end) {
        unsigned char c = (unsigned char)*s->p;
        if (c == '"') {
            s->p++;
            return 0;
        }
        if (c < 0x20) {
            return -1;
        }
        if (c == '\\') {
            unsigned v;
            if (s->end - s->p < 2) {
                return -1;
            }
            if (s->p[1] == 'u') {
                if (s->end - s->p < 6 || hex4(s->p + 2, &v) != 0) {
                    return -1;
                }
                s->p += 6;
                continue;
            }
            if (strchr("\"\\/bfnrt", s->p[1]) == NULL || s->p[1] == '\0') {
                return -1;
            }
            s->p += 2;
            continue;
        }
        s->p++;
    }
    return -1;
}

static int scan_digits(scan_t *s)
{
    const char *start = s->p;

    while (s->p < s->end && *s->p >= '0' && *s->p <= '9') {
        s->p++;
    }
    return s->p > start ? 0 : -1;
}

static int scan_number(scan_t *s)
{
    if (*s->p == '-') {
        s->p++;
    }
    if (s->p < s->end && *s->p == '0') {
        s->p++; /* no leading zeros: "01" is not JSON */
    } else if (scan_digits(s) != 0) {
        return -1;
    }
    if (s->p < s->end && *s->p == '.') {
        s->p++;
        if (scan_digits(s) != 0) {
            return -1;
        }
    }
    if (s->p < s->end && (*s->p == 'e' || *s->p == 'E')) {
        s->p++;
        if (s->p < s->end && (*s->p == '+' || *s->p == '-')) {
            s->p++;
        }
        if (scan_digits(s) != 0) {
            return -1;
        }
    }
    return 0;
}

static int scan_literal(scan_t *s, const char *word)
{
    size_t n = strlen(word);

    if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n) != 0) {
        return -1;
    }
    s->p += n;
    return 0;
}

static int scan_value(scan_t *s, int depth, sso_cli_json_span_t *span);

/* Object or array body after its opening bracket. When key/found are given
 * (top level only), records the value of the member named key. */
static int scan_container(scan_t *s, int depth, char close, const char *key,
                          sso_cli_json_span_t *found)
{
    int first = 1;

    if (depth > MAX_DEPTH) {
        return -1;
    }
    s->p++;
    for (;;) {
        sso_cli_json_span_t v;
        const char *k = NULL;
        skip_ws(s);
        if (s->p >= s->end) {
            return -1;
        }
        if (*s->p == close && first) {
            s->p++;
            return 0;
        }
        if (close == '}') {
            if (*s->p != '"') {
                return -1;
            }
            k = s->p;
            if (scan_string(s) != 0) {
                return -1;
            }
            skip_ws(s);
            if (s->p >= s->end || *s->p != ':') {
                return -1;
            }
            s->p++;
        }
        if (scan_value(s, depth + 1, &v) != 0) {
            return -1;
        }
        /* Keys are compared raw: the members the CLI reads have plain ASCII
         * names, and an escaped spelling of them is not worth honouring. */
        if (key != NULL && k != NULL) {
            const char *kend = k + 1;
            while (*kend != '"') {
                kend += (*kend == '\\') ? 2 : 1;
            }
            if ((size_t)(kend - k - 1) == strlen(key) && memcmp(k + 1, key, strlen(key)) == 0) {
                *found = v;
            }
        }
        skip_ws(s);
        if (s->p >= s->end) {
            return -1;
        }
        if (*s->p == close) {
            s->p++;
            return 0;
        }
        if (*s->p != ',') {
            return -1;
        }
        s->p++;
        first = 0;
    }
}

static int scan_value(scan_t *s, int depth, sso_cli_json_span_t *span)
{
    int rc;

    skip_ws(s);
    if (s->p >= s->end) {
        return -1;
    }
    span->p = s->p;
    switch (*s->p) {
    case '"':
        span->type = SSO_CLI_JSON_STRING;
        rc = scan_string(s);
        break;
    case '{':
        span->type = SSO_CLI_JSON_OBJECT;
        rc = scan_container(s, depth, '}', NULL, NULL);
        break;
    case '[':
        span->type = SSO_CLI_JSON_ARRAY;
        rc = scan_container(s, depth, ']', NULL, NULL);
        break;
    case 't':
        span->type = SSO_CLI_JSON_TRUE;
        rc = scan_literal(s, "true");
        break;
    case 'f':
        span->type = SSO_CLI_JSON_FALSE;
        rc = scan_literal(s, "false");
        break;
    case 'n':
        span->type = SSO_CLI_JSON_NULL;
        rc = scan_literal(s, "null");
        break;
    default:
        span->type = SSO_CLI_JSON_NUMBER;
        rc = (*s->p == '-' || (*s->p >= '0' && *s->p <= '9')) ? scan_number(s) : -1;
        break;
    }
    span->len = (size_t)(s->p - span->p);
    return rc;
}

/* The end of a document: nothing but whitespace may follow the value. */
static int only_whitespace_left(scan_t *s, sso_cli_json_span_t *out)
{
    skip_ws(s);
    if (s->p != s->end) {
        out->type = SSO_CLI_JSON_NONE;
        return -1;
    }
    return 0;
}

int sso_cli_json_find(const char *text, size_t len, const char *key, sso_cli_json_span_t *out)
{
    scan_t s = {text, text + len};

    out->type = SSO_CLI_JSON_NONE;
    out->p = NULL;
    out->len = 0;
    skip_ws(&s);
    if (s.p >= s.end || *s.p != '{' || scan_container(&s, 1, '}', key, out) != 0) {
        out->type = SSO_CLI_JSON_NONE;
        return -1;
    }
    return only_whitespace_left(&s, out);
}

int sso_cli_json_value(const char *text, size_t len, sso_cli_json_span_t *out)
{
    scan_t s = {text, text + len};

    if (scan_value(&s, 1, out) != 0) {
        out->type = SSO_CLI_JSON_NONE;
        return -1;
    }
    return only_whitespace_left(&s, out);
}

int sso_cli_json_next(const sso_cli_json_span_t *container, const char **cursor,
                      sso_cli_json_span_t *key, sso_cli_json_span_t *val)
{
    /* The container is valid JSON already, so only separators are skipped. */
    scan_t s = {*cursor != NULL ? *cursor : container->p + 1, container->p + container->len};

    key->type = SSO_CLI_JSON_NONE;
    skip_ws(&s);
    if (s.p < s.end && *s.p == ',') {
        s.p++;
        skip_ws(&s);
    }
    if (s.p >= s.end || *s.p == '}' || *s.p == ']') {
        return 0;
    }
    if (container->type == SSO_CLI_JSON_OBJECT) {
        if (scan_value(&s, 0, key) != 0) {
            return 0;
        }
        skip_ws(&s);
        s.p++; /* ':' */
    }
    /* Depth 0: the nesting was checked when the whole text was scanned. */
    if (scan_value(&s, 0, val) != 0) {
        return 0;
    }
    *cursor = s.p;
    return 1;
}

static int put_utf8(char *out, size_t cap, size_t *o, unsigned long cp)
{
    unsigned char tmp[4];
    size_t n, i;

    if (cp < 0x80) {
        tmp[0] = (unsigned char)cp, n = 1;
    } else if (cp < 0x800) {
        tmp[0] = (unsigned char)(0xC0 | (cp >> 6)), n = 2;
    } else if (cp < 0x10000) {
        tmp[0] = (unsigned char)(0xE0 | (cp >> 12)), n = 3;
    } else {
        tmp[0] = (unsigned char)(0xF0 | (cp >> 18)), n = 4;
    }
    for (i = 1; i < n; i++) {
        tmp[i] = (unsigned char)(0x80 | ((cp >> (6 * (n - 1 - i))) & 0x3F));
    }
    if (*o + n >= cap) {
        return -1;
    }
    memcpy(out + *o, tmp, n);
    *o += n;
    return 0;
}

long sso_cli_json_unescape(const sso_cli_json_span_t *s, char *out, size_t cap)
{
    const char *p, *end;
    size_t o = 0;

    if (s->type != SSO_CLI_JSON_STRING || s->len < 2 || cap == 0) {
        return -1;
    }
    p = s->p + 1;
    end = s->p + s->len - 1;
    while (p < end) {
        unsigned long cp;
        unsigned v = 0, lo = 0;
        if (*p != '\\') {
            if (o + 1 >= cap) {
                return -1;
            }
            out[o++] = *p++;
            continue;
        }
        p++;
        switch (*p) {
        case 'b':
            cp = '\b';
            break;
        case 'f':
            cp = '\f';
            break;
        case 'n':
            cp = '\n';
            break;
        case 'r':
            cp = '\r';
            break;
        case 't':
            cp = '\t';
            break;
        case 'u':
            hex4(p + 1, &v); /* validated by the scan */
            p += 4;
            cp = v;
            /* A high surrogate followed by a low one is one code point; a lone
             * surrogate becomes U+FFFD rather than invalid UTF-8. */
            if (v >= 0xD800 && v <= 0xDBFF && end - p >= 7 && p[1] == '\\' && p[2] == 'u' &&
                hex4(p + 3, &lo) == 0 && lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000ul + (((unsigned long)v - 0xD800) << 10) + (lo - 0xDC00);
                p += 6;
            } else if (v >= 0xD800 && v <= 0xDFFF) {
                cp = 0xFFFD;
            }
            break;
        default:
            cp = (unsigned char)*p;
            break; /* \" \\ \/ */
        }
        p++;
        if (cp == 0 || put_utf8(out, cap, &o, cp) != 0) {
            return -1;
        }
    }
    out[o] = '\0';
    return (long)o;
}

int sso_cli_json_integer(const sso_cli_json_span_t *s, long long *v)
{
    size_t i = 0;
    int neg = 0;
    unsigned long long r = 0;

    if (s->type != SSO_CLI_JSON_NUMBER || s->len == 0) {
        return -1;
    }
    if (s->p[0] == '-') {
        neg = 1;
        i = 1;
    }
    if (i >= s->len) {
        return -1;
    }
    for (; i < s->len; i++) {
        char c = s->p[i];
        if (c < '0' || c > '9' || r > (unsigned long long)LLONG_MAX / 10) {
            return -1;
        }
        r = r * 10 + (unsigned long long)(c - '0');
        if (r > (unsigned long long)LLONG_MAX) {
            return -1;
        }
    }
    *v = neg ? -(long long)r : (long long)r;
    return 0;
}
