/* HTTP/1.1 response push engine: bytes in, events out, one byte or one
 * megabyte per feed with the same result, no buffer.
 *
 * Choices a reader should know:
 * - Lines end with CRLF. A bare LF and a CR not followed by LF are protocol
 *   errors (llhttp's strict mode does the same): one rule for where a header
 *   ends leaves no room for a proxy and us to disagree about it.
 * - Empty lines before a status line are skipped (RFC 9112 2.2 robustness,
 *   as llhttp does), within the status-line bound.
 * - Only HTTP/1.0 and HTTP/1.1, status 100..599; 1xx responses are skipped
 *   with their headers, 101 is refused (we never ask to upgrade).
 * - Transfer-Encoding must be exactly "chunked", once. Content-Length must be
 *   digits, and not with Transfer-Encoding; repeated (lines or a list), all
 *   values must be the same number (RFC 9110 8.6): anything else is a
 *   smuggling risk, refused.
 * - An obs-fold (a header line that starts with a blank) continues the value
 *   before it with one SP (RFC 9112 5.2); before the first header it is
 *   refused.
 * - Only the status line and the chunk-size digits are bounded; header lines,
 *   chunk extensions and trailers stream through whatever their length.
 * - Sizes are counted in 32 bits, which spares 64-bit arithmetic on small
 *   cores: a Content-Length above 4 GiB - 1 (4294967295) is refused as a
 *   framing error, and a chunk size above it (up to 16 hex digits are read)
 *   is taken as 4 GiB - 1, so such a chunk fails as a framing error at that
 *   point rather than being read whole. No SSO response comes near. */
#include <string.h>

#include <tinysso/sso_status.h>

#include "sso_http_resp.h"

#if defined(__GNUC__)
#define SSO_NOINLINE __attribute__((noinline))
#else
#define SSO_NOINLINE
#endif

/* Status line incl. empty lines before it, beyond "HTTP/1.x nnn". */
#define STATUS_MAX 256u

enum {
    ST_STATUS, /* "HTTP/1.x nnn", pos = index in status_pattern */
    ST_REASON,
    ST_LINE, /* start of a header line, or the empty line */
    ST_NAME,
    ST_VALUE,
    ST_LF,    /* CR seen, LF must follow; then ->next */
    ST_CSIZE, /* chunk-size hex digits, pos = digits so far */
    ST_CEXT,  /* chunk extension, pos = 0 right after ';' */
    ST_CCR,   /* CR after chunk data */
    ST_BODY,  /* bulk states from here */
    ST_CDATA,
    ST_CLOSE, /* close-delimited body */
    ST_DONE,
    ST_EPROTO, /* errors are states too, so a step returns one small value */
    ST_EFRAMING,
    ST_ETRUNC,
    ST_EBODY /* on_body's status, kept in err */
};

/* F_FOLD: a header line ended; whether its value ended too is known only
 * at the next line, which may continue it (obs-fold). */
enum { F_V10 = 1, F_CL = 2, F_CHUNKED = 4, F_CLOSE = 8, F_KA = 16, F_SKIP = 32, F_FOLD = 64 };

/* hdr values: 0 other, SSO_HDR_ERROR_TYPE (1), SSO_HDR_REQUEST_ID (2), then: */
enum { H_CL = 3, H_TE = 4, H_CONN = 5 };

/* The status line, byte by byte: \1 stands for the minor version digit
 * (0 or 1), \2 for a digit of the status code. */
static const char status_pattern[] = "HTTP/1.\1 \2\2\2";

/* The lowercase names the matcher knows: the headers it reads (what each
 * is in hdr_of), then the list tokens of Transfer-Encoding and Connection.
 * The candidates still matching what was read of a name or token are bits
 * in mask; pos is how much was read. */
static const char *const names[] = {
    "connection",       "content-length", "requestid", "transfer-encoding", "x-amzn-errortype",
    "x-amzn-requestid", "chunked",        "close",     "keep-alive"};
static const uint8_t hdr_of[] = {
    H_CONN, H_CL, SSO_HDR_REQUEST_ID, H_TE, SSO_HDR_ERROR_TYPE, SSO_HDR_REQUEST_ID};
enum { N_CHUNKED = 6, N_CLOSE = 7, N_KEEP_ALIVE = 8, N_NONE = 9 };
#define MASK_HEADERS 0x03Fu /* names 0..5 */
#define MASK_TE 0x040u      /* chunked */
#define MASK_CONN 0x180u    /* close, keep-alive */

static int is_ctl(unsigned c)
{
    return (c < 0x20 && c != '\t') || c == 0x7f;
}

static uint8_t lf(sso_http_resp_t *r, uint8_t next)
{
    r->next = next;
    return next > ST_DONE ? next : ST_LF;
}

static uint8_t done(sso_http_resp_t *r)
{
    unsigned f = r->flags;
    r->keep_alive = !(f & F_CLOSE) && (!(f & F_V10) || (f & F_KA));
    return ST_DONE;
}

static void emit(const sso_http_sink_t *s, unsigned id, const char *p, size_t n)
{
    if (s->on_header) {
        s->on_header(s->user, (int)id, p, n);
    }
}

static void m_step(sso_http_resp_t *r, unsigned c)
{
    unsigned m = r->mask, pos = r->pos, j;
    if (c - 'A' < 26u) {
        c |= 0x20;
    }
    /* a candidate still set has matched every byte before pos, so pos is
     * inside its name (at worst on its NUL) */
    for (j = 0; j < N_NONE; j++) {
        if ((m >> j & 1) && (uint8_t)names[j][pos] != c) {
            m &= ~(1u << j);
        }
    }
    r->mask = (uint16_t)m;
    /* past every name, pos only has to stay > 0: a token that failed is
     * still not empty */
    r->pos = (uint8_t)(pos < 255 ? pos + 1 : pos);
}

/* The candidate that matched whole, or N_NONE. */
static unsigned m_end(const sso_http_resp_t *r)
{
    unsigned j;
    for (j = 0; j < N_NONE; j++) {
        if ((r->mask >> j & 1) && !names[j][r->pos]) {
            break;
        }
    }
    return j;
}

static uint8_t status_end(sso_http_resp_t *r)
{
    unsigned st = r->status;
    if (st < 100 || st > 599 || st == 101) {
        return ST_EPROTO;
    }
    if (st < 200) {
        r->flags |= F_SKIP;
    }
    return lf(r, ST_LINE);
}

static uint8_t status_char(sso_http_resp_t *r, unsigned c)
{
    unsigned pos = r->pos, p = (uint8_t)status_pattern[pos], d = c - '0';
    if (pos == 0 && c == '\r' && ++r->count <= STATUS_MAX) {
        return lf(r, ST_STATUS);
    }
    r->pos = (uint8_t)(pos + 1);
    if (p > 2) {
        return c == p ? ST_STATUS : ST_EPROTO;
    }
    if (p == 0) {
        return c == ' ' ? ST_REASON : c == '\r' ? status_end(r) : ST_EPROTO;
    }
    if (d >= (p == 1 ? 2u : 10u)) {
        return ST_EPROTO;
    }
    if (p == 1) {
        if (d == 0) {
            r->flags |= F_V10;
        }
    } else {
        r->status = (uint16_t)(r->status * 10 + d);
    }
    return ST_STATUS;
}

static uint8_t headers_end(sso_http_resp_t *r)
{
    unsigned f = r->flags, st = r->status;
    if (f & F_SKIP) {
        if (st >= 200) {
            return ST_DONE; /* end of the trailers */
        }
        r->flags = 0; /* an interim response: the real one follows */
        r->status = 0;
        r->count = 0;
        return ST_STATUS;
    }
    if ((f & F_CL) && (f & F_CHUNKED)) {
        return ST_EFRAMING;
    }
    if (st == 204 || st == 304) {
        return ST_DONE;
    }
    if (f & F_CHUNKED) {
        return ST_CSIZE;
    }
    if (f & F_CL) { /* remaining holds the Content-Length value */
        return r->remaining ? ST_BODY : ST_DONE;
    }
    return ST_CLOSE;
}

static uint8_t value_start(sso_http_resp_t *r, const sso_http_sink_t *s)
{
    unsigned i = m_end(r);
    unsigned h = i < sizeof(hdr_of) ? hdr_of[i] : 0;
    r->hdr = (uint8_t)h;
    r->pos = 0;
    r->count = 0;
    if (h == H_CL) {
        r->value = 0;
    } else if (h >= H_TE) {
        if (h == H_TE && (r->flags & F_CHUNKED)) { /* chunked twice is never valid */
            return ST_EPROTO;
        }
        r->mask = h == H_TE ? MASK_TE : MASK_CONN;
    } else if (h) {
        emit(s, h, NULL, 0);
    }
    return ST_VALUE;
}

/* End of one element of a Transfer-Encoding or Connection list. */
static uint8_t tok_end(sso_http_resp_t *r)
{
    if (r->pos) {
        unsigned i = m_end(r); /* mask held only this header's tokens */
        if (r->hdr == H_TE && (i != N_CHUNKED || (r->flags & F_CHUNKED))) {
            return ST_EPROTO;
        }
        if (i == N_CHUNKED) {
            r->flags |= F_CHUNKED;
        } else if (i == N_CLOSE) {
            r->flags |= F_CLOSE;
        } else if (i == N_KEEP_ALIVE) {
            r->flags |= F_KA;
        }
    }
    r->pos = 0;
    r->mask = r->hdr == H_TE ? MASK_TE : MASK_CONN;
    return ST_VALUE;
}

/* End of one Content-Length value (a line, or an element of a list): a
 * repeat must say the same number (RFC 9110 8.6). */
static uint8_t cl_end(sso_http_resp_t *r)
{
    if (!r->pos || ((r->flags & F_CL) && r->value != r->remaining)) {
        return ST_EFRAMING;
    }
    r->flags |= F_CL;
    r->remaining = r->value;
    r->value = 0;
    r->pos = 0;
    return ST_VALUE;
}

static uint8_t value_end(sso_http_resp_t *r)
{
    if (r->hdr >= H_TE) {
        if (tok_end(r) != ST_VALUE) {
            return ST_EPROTO;
        }
        if (r->hdr == H_TE && !(r->flags & F_CHUNKED)) {
            return ST_EPROTO;
        }
    } else if (r->hdr == H_CL && cl_end(r) != ST_VALUE) {
        return ST_EFRAMING;
    }
    return ST_LINE; /* withheld trailing blanks are simply dropped */
}

/* A value byte that is neither CR nor a control character. Runs of visible
 * bytes of the values the client wants never get here: feed() passes them on
 * in one piece. */
static uint8_t value_char(sso_http_resp_t *r, unsigned c)
{
    unsigned blank = c == ' ' || c == '\t', h = r->hdr;
    if (h >= H_TE) {
        if (blank || c == ',') {
            return tok_end(r);
        }
        m_step(r, c);
    } else if (h == H_CL) {
        if (blank) {
            if (r->pos) {
                r->pos = 2;
            }
            return ST_VALUE;
        }
        if (c == ',') {
            return cl_end(r);
        }
        if (c - '0' > 9u || r->pos == 2) {
            return ST_EFRAMING;
        }
        {
            /* one 32x32->64 multiply; above 4 GiB - 1 is refused (see the
             * limits at the top) */
            uint64_t v = (uint64_t)r->value * 10u + (c - '0');
            if (v > UINT32_MAX) {
                return ST_EFRAMING;
            }
            r->value = (uint32_t)v;
        }
        r->pos = 1;
    } else if (h && r->pos) {
        /* A blank after the value started: withheld (a bit in mask: tab
         * or space) until a visible byte shows it is not trailing. */
        if (r->count == 0xffff) {
            return ST_EPROTO;
        }
        r->count++;
        r->mask = (uint16_t)(r->mask << 1 | (c == '\t'));
    }
    return ST_VALUE;
}

static void flush_blanks(sso_http_resp_t *r, const sso_http_sink_t *s)
{
    while (r->count) {
        unsigned n = --r->count;
        /* only the last 16 kinds are kept; older ones come out as spaces */
        emit(s, r->hdr, &" \t"[n < 16 && ((r->mask >> n) & 1)], 1);
    }
}

static uint8_t size_end(sso_http_resp_t *r)
{
    if (r->remaining) {
        return lf(r, ST_CDATA);
    }
    r->flags |= F_SKIP; /* last chunk: trailers are read as skipped headers */
    return lf(r, ST_LINE);
}

static uint8_t size_char(sso_http_resp_t *r, unsigned c)
{
    unsigned v = c - '0';
    if (v > 9) {
        v = (c | 0x20) - 'a';
        v = v < 6 ? v + 10 : 16;
    }
    if (v < 16) {
        if (r->pos >= 16) {
            return ST_EFRAMING;
        }
        /* sizes above 4 GiB - 1 saturate (see the limits at the top) */
        r->remaining = r->remaining >> 28 ? UINT32_MAX : r->remaining << 4 | v;
        r->pos++;
        return ST_CSIZE;
    }
    if (r->pos && c == ';') {
        r->pos = 0;
        return ST_CEXT;
    }
    if (r->pos && c == '\r') {
        return size_end(r);
    }
    return ST_EFRAMING;
}

/* Extensions are skipped up to the CR; only an empty one (";" then CR) is
 * refused. Quotes are not tracked: a quoted-string cannot hold CR, so the
 * line ends at the same CRLF however its content is read. */
static uint8_t ext_char(sso_http_resp_t *r, unsigned c)
{
    if (c == '\r' && r->pos) {
        return size_end(r);
    }
    if (is_ctl(c)) {
        return ST_EFRAMING;
    }
    r->pos = c != ';';
    return ST_CEXT;
}

/* Out of line on purpose: inlined into feed(), -Os code for Cortex-M grows
 * by some 50 bytes. */
SSO_NOINLINE static uint8_t step(sso_http_resp_t *r, unsigned c, const sso_http_sink_t *s)
{
    switch (r->state) {
    case ST_STATUS:
        return status_char(r, c);
    case ST_REASON:
        if (c == '\r') {
            return status_end(r);
        }
        if (is_ctl(c) || ++r->count > STATUS_MAX) {
            return ST_EPROTO;
        }
        return ST_REASON;
    case ST_LINE:
        if (r->flags & F_FOLD) {
            uint8_t st;
            r->flags = (uint8_t)(r->flags & ~F_FOLD);
            if (c == ' ' || c == '\t') {
                /* obs-fold: the value goes on after one SP (RFC 9112 5.2) */
                return value_char(r, ' ');
            }
            st = value_end(r);
            if (st != ST_LINE) {
                return st;
            }
        }
        if (c == '\r') {
            return lf(r, headers_end(r));
        }
        if (c == ':') { /* empty name; a blank before the first header fails as a name byte */
            return ST_EPROTO;
        }
        r->mask = (r->flags & F_SKIP) ? 0 : MASK_HEADERS;
        r->pos = 0;
        /* fall through */
    case ST_NAME:
        if (c == ':') {
            return value_start(r, s);
        }
        if (c <= ' ' || c >= 0x7f) {
            return ST_EPROTO;
        }
        m_step(r, c);
        return ST_NAME;
    case ST_VALUE:
        if (c == '\r') {
            r->flags |= F_FOLD;
            return lf(r, ST_LINE);
        }
        if (is_ctl(c)) {
            return ST_EPROTO;
        }
        return value_char(r, c);
    case ST_LF:
        if (c != '\n') {
            return ST_EPROTO;
        }
        if (!(r->flags & F_FOLD)) { /* a value that may go on keeps its place */
            r->pos = 0;
        }
        return r->next == ST_DONE ? done(r) : r->next;
    case ST_CSIZE:
        return size_char(r, c);
    case ST_CEXT:
        return ext_char(r, c);
    default: /* ST_CCR */
        if (c != '\r') {
            return ST_EFRAMING;
        }
        return lf(r, ST_CSIZE);
    }
}

/* Body bytes in one piece: up to the end of the framing or of the input. */
static size_t body(sso_http_resp_t *r, const uint8_t *p, size_t n, const sso_http_sink_t *s)
{
    int rc;
    if (r->state != ST_CLOSE && n > r->remaining) {
        n = r->remaining;
    }
    if (s->on_body && (rc = s->on_body(s->user, p, n)) < 0) {
        r->err = (int16_t)rc;
        r->state = ST_EBODY;
        return n;
    }
    if (r->state != ST_CLOSE && !(r->remaining -= n)) {
        r->state = r->state == ST_CDATA ? ST_CCR : done(r);
    }
    return n;
}

static int result(const sso_http_resp_t *r)
{
    unsigned st = r->state;
    if (st < ST_DONE) {
        return SSO_OK;
    }
    if (st == ST_DONE) {
        return SSO_HTTP_DONE;
    }
    if (st == ST_EPROTO) {
        return SSO_ERR_PROTOCOL;
    }
    if (st == ST_EFRAMING) {
        return SSO_ERR_FRAMING;
    }
    return st == ST_ETRUNC ? SSO_ERR_TRUNCATED : r->err;
}

void sso_http_resp_init(sso_http_resp_t *r)
{
    memset(r, 0, sizeof *r);
}

int sso_http_resp_feed(sso_http_resp_t *r, const uint8_t *in, size_t len, size_t *used,
                       const sso_http_sink_t *sink)
{
    size_t i = 0;
    while (i < len && r->state < ST_DONE) {
        if (r->state >= ST_BODY) {
            i += body(r, in + i, len - i, sink);
            continue;
        }
        if (r->state == ST_VALUE && r->hdr < H_CL) {
            /* skipped values: any run of visible bytes and spaces; values
             * of interest: runs of visible bytes, passed on whole */
            unsigned lo = r->hdr ? 0x21 : 0x20;
            size_t j = i;
            while (j < len && in[j] >= lo && in[j] != 0x7f) {
                j++;
            }
            if (j > i) {
                if (r->hdr) {
                    flush_blanks(r, sink);
                    emit(sink, r->hdr, (const char *)in + i, j - i);
                    r->pos = 1;
                }
                i = j;
                continue;
            }
        }
        r->state = step(r, in[i++], sink);
    }
    *used = i;
    return result(r);
}

int sso_http_resp_eof(sso_http_resp_t *r, const sso_http_sink_t *sink)
{
    size_t used;
    if (r->state == ST_CLOSE) {
        r->state = ST_DONE; /* keep_alive stays 0: the peer closed */
    } else if (r->state < ST_DONE) {
        r->state = ST_ETRUNC;
    }
    return sso_http_resp_feed(r, NULL, 0, &used, sink); /* the sticky result */
}
