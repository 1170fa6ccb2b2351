/* The proxy's reply to CONNECT: "HTTP/1.x SSS reason", header lines, an
 * empty line. Only the status code matters (RFC 9110 §9.3.6: a 2xx opens the
 * tunnel; a client ignores Content-Length and Transfer-Encoding on it), so
 * nothing is stored: the engine keeps a state and a few counters and is fed
 * one byte at a time. Bare LF line ends are accepted (some proxies send
 * them); a CR must be followed by LF. */
#include "sso_proxy.h"

enum {
    ST_VERSION, /* "HTTP/1." and one digit */
    ST_SPACE,   /* one space before the code */
    ST_CODE,    /* three digits */
    ST_AFTER,   /* space, or the end of the status line */
    ST_LINE,    /* rest of a line (reason phrase or a header) */
    ST_CR,      /* a CR was read: LF must follow */
    ST_DONE,
    ST_ERROR
};

void sso_proxy_reply_init(sso_proxy_reply_t *r)
{
    r->count = 0;
    r->status = 0;
    r->state = ST_VERSION;
    r->pos = 0;
    r->in_line = 1; /* the status line is never the empty line */
}

static int fail(sso_proxy_reply_t *r)
{
    r->state = ST_ERROR;
    return SSO_ERR_PROTOCOL;
}

/* A line ended: an empty one ends the header. */
static int end_line(sso_proxy_reply_t *r)
{
    if (!r->in_line) {
        r->state = ST_DONE;
        return 1;
    }
    r->in_line = 0;
    r->state = ST_LINE;
    return 0;
}

/* Visible text, tab and obs-text (>= 0x80) may appear in a line. */
static int line_byte(uint8_t b)
{
    return b == '\t' || (b >= 0x20 && b != 0x7f);
}

int sso_proxy_reply_feed(sso_proxy_reply_t *r, uint8_t b)
{
    static const char version[] = "HTTP/1.";

    if (r->state == ST_DONE) {
        return 1;
    }
    if (r->state == ST_ERROR || ++r->count > SSO_PROXY_REPLY_MAX) {
        return fail(r);
    }
    switch (r->state) {
    case ST_VERSION:
        if (r->pos < sizeof version - 1) {
            if (b != (uint8_t)version[r->pos++]) {
                return fail(r);
            }
            return 0;
        }
        if (b < '0' || b > '9') {
            return fail(r);
        }
        r->state = ST_SPACE;
        return 0;
    case ST_SPACE:
        if (b != ' ') {
            return fail(r);
        }
        r->state = ST_CODE;
        r->pos = 0;
        return 0;
    case ST_CODE:
        if (b < '0' || b > '9' || (r->pos == 0 && b == '0')) {
            return fail(r);
        }
        r->status = (uint16_t)(r->status * 10u + (uint16_t)(b - '0'));
        if (++r->pos == 3) {
            r->state = ST_AFTER;
        }
        return 0;
    case ST_AFTER:
        if (b == ' ') {
            r->state = ST_LINE;
            return 0;
        }
        if (b == '\r') {
            r->state = ST_CR;
            return 0;
        }
        return b == '\n' ? end_line(r) : fail(r);
    case ST_LINE:
        if (b == '\r') {
            r->state = ST_CR;
            return 0;
        }
        if (b == '\n') {
            return end_line(r);
        }
        if (!line_byte(b)) {
            return fail(r);
        }
        r->in_line = 1;
        return 0;
    default: /* ST_CR */
        return b == '\n' ? end_line(r) : fail(r);
    }
}
