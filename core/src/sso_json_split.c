/* Streaming, validating JSON splitter. The whole body is checked against the
 * RFC 8259 grammar here, because jsmn (run later on single items) accepts
 * invalid JSON. Memory is fixed: a bit per open container, one item buffer
 * owned by the caller, and a small stack scratch for decoding strings. */
#include <string.h>

#include <tinysso/sso_config_defaults.h>
#include <tinysso/sso_status.h>

#include "sso_json.h"

#if SSO_JSON_MAX_DEPTH > 32
#error "SSO_JSON_MAX_DEPTH: the container bit stack holds 32 levels"
#endif

/* *_OR_CLOSE directly follow their base state (see the st-- below). */
enum {
    S_VALUE,
    S_VALUE_OR_CLOSE,
    S_KEY,
    S_KEY_OR_CLOSE,
    S_COLON,
    S_AFTER,
    S_STR,
    S_NUM,
    S_LIT,
    S_ERR
};

/* What a string is (sub while in S_STR); keys are >= M_KEY. */
enum { M_SKIP, M_STRING, M_KEY, M_MATCH };

static const char lits[] = "true\0false\0null";

/* Number grammar as a DFA. State n (1-based) has its successors packed a
 * nibble per character class: '0', '1'-'9', '.', 'e'/'E', '-', '+'. 0 means
 * the class is not allowed there; NUM_END says where a number may stop. */
static const uint32_t num_next[9] = {0x020043, 0x000043, 0x007500, 0x007544, 0x000066,
                                     0x007066, 0x880099, 0x000099, 0x000099};
#define NUM_END ((1u << 3) | (1u << 4) | (1u << 6) | (1u << 9))

/* Input bytes per unescape push: output can exceed input by 3 bytes (the
 * tail of a surrogate pair), plus one pushed quote, so 64 never overflows. */
#define STR_CHUNK 56

void sso_json_split_init(sso_json_split_t *s, char *item, size_t item_cap)
{
    memset(s, 0, sizeof *s);
    s->item = item;
    s->item_cap = item_cap;
}

int sso_json_split_end(const sso_json_split_t *s)
{
    return s->state == S_AFTER && s->depth == 0 ? SSO_OK : SSO_ERR_JSON;
}

static int take(sso_json_split_t *s, const uint8_t *p, size_t n)
{
    if (n > s->item_cap - s->item_len)
        return SSO_ERR_ITEM_TOO_LARGE;
    memcpy(s->item + s->item_len, p, n);
    s->item_len += n;
    return SSO_OK;
}

/* A value ended just before p + n; p is where the capture (if any) resumed
 * in this input. */
static int done(sso_json_split_t *s, const sso_json_sink_t *sink, const uint8_t *p, size_t n)
{
    int rc = SSO_OK;

    s->state = S_AFTER;
    if (s->capture_depth == s->depth + 1) {
        s->capture_depth = 0;
        rc = take(s, p, n);
        if (rc == SSO_OK)
            rc = sink->on_item(sink->user, s->member - 1, s->item, s->item_len);
    }
    if (s->depth == 1)
        s->member = 0;
    return rc;
}

/* Narrows the candidate members by decoded key bytes. A candidate has
 * matched every earlier byte, and decoded bytes are never NUL, so reading
 * key[key_pos] stays inside its string. */
static void key_step(sso_json_split_t *s, const sso_json_sink_t *sink, const char *p, size_t n)
{
    for (; n && s->key_cand; n--, p++) {
        unsigned j;
        for (j = 0; j < sink->n_members; j++)
            if ((s->key_cand >> j & 1) && sink->members[j].key[s->key_pos] != *p)
                s->key_cand &= ~(1u << j);
        if (++s->key_pos == 0xFF)
            s->key_cand = 0;
    }
}

/* String body up to and including its closing quote: returns 1 when it
 * ended, 0 when the input ran out, or a negative status. */
static int string_run(sso_json_split_t *s, const sso_json_sink_t *sink, const uint8_t *in,
                      size_t len, size_t *pi)
{
    char buf[64];
    size_t i = *pi;
    int rc = SSO_OK;

    while (rc == SSO_OK && i < len) {
        size_t n = len - i < STR_CHUNK ? len - i : STR_CHUNK, o = 0;
        const uint8_t *q = memchr(in + i, '"', n);
        if (q)
            n = (size_t)(q - in) - i;
        rc = sso_unescape_push(&s->esc, (const char *)in + i, n, buf, sizeof buf, &o);
        i += n;
        if (rc == SSO_OK && q) {
            i++;
            /* a quote outside an escape ends the string; inside one it is
             * either \" or an error the unescaper reports */
            rc = s->esc.state == 0 ? 1 : sso_unescape_push(&s->esc, "\"", 1, buf, sizeof buf, &o);
        }
        if (rc >= 0 && o) {
            if (s->sub == M_STRING) {
                int r = sink->on_string(sink->user, s->member - 1, buf, o);
                if (r)
                    rc = r;
            } else if (s->sub == M_MATCH) {
                key_step(s, sink, buf, o);
            }
        }
    }
    *pi = i;
    return rc;
}

/* The first byte of a value at depth >= 1 (or the root): decides whether it
 * is captured, streamed or rejected for the member it belongs to. */
static int value_start(sso_json_split_t *s, const sso_json_sink_t *sink, unsigned c)
{
    int rc = SSO_OK;

    if (s->member && !s->capture_depth) {
        unsigned kind = sink->members[s->member - 1].kind;
        if (s->depth == 2 || (kind == SSO_JSON_OBJECT && c != 'n')) {
            s->capture_depth = (uint8_t)(s->depth + 1);
            s->item_len = 0;
            rc = 1;
        } else if (c == 'n') {
            s->member = 0;
        } else if (kind != (c == '[' ? SSO_JSON_LIST : c == '"' ? SSO_JSON_STRING : 0u)) {
            return SSO_ERR_JSON;
        }
    }
    if (s->depth == 0 && c != '{')
        return SSO_ERR_JSON;
    if (c == '{' || c == '[') {
        if (s->depth >= SSO_JSON_MAX_DEPTH)
            return SSO_ERR_JSON;
        s->stack = s->stack << 1 | (c == '{');
        s->depth++;
        s->state = c == '{' ? S_KEY_OR_CLOSE : S_VALUE_OR_CLOSE;
    } else if (c == '"') {
        s->state = S_STR;
        s->sub = M_SKIP;
        sso_unescape_init(&s->esc);
        if (s->member && !s->capture_depth) {
            s->sub = M_STRING;
            return sink->on_string(sink->user, s->member - 1, NULL, 0);
        }
    } else if (c == '-' || c - '0' < 10u) {
        s->state = S_NUM;
        s->sub = 1;
    } else if (c == 't' || c == 'f' || c == 'n') {
        s->state = S_LIT;
        s->sub = c == 't' ? 0 : c == 'f' ? 5 : 11;
    } else {
        return SSO_ERR_JSON;
    }
    return rc;
}

int sso_json_split_feed(sso_json_split_t *s, const sso_json_sink_t *sink, const uint8_t *in,
                        size_t len)
{
    size_t i = 0, mark = 0; /* mark: where the capture starts in this input */
    int rc = s->state == S_ERR ? SSO_ERR_JSON : SSO_OK;

    while (rc == SSO_OK && i < len) {
        unsigned c = in[i], st = s->state;
        if (st == S_STR) {
            rc = string_run(s, sink, in, len, &i);
            if (rc <= 0)
                continue;
            rc = SSO_OK;
            if (s->sub < M_KEY) {
                rc = done(s, sink, in + mark, i - mark);
            } else {
                unsigned j = sink->n_members;
                s->state = S_COLON;
                if (s->sub == M_MATCH)
                    for (s->member = 0; j--;)
                        if ((s->key_cand >> j & 1) && !sink->members[j].key[s->key_pos])
                            s->member = (uint8_t)(j + 1);
            }
        } else if (st == S_NUM) {
            unsigned cls = c == '0'          ? 0
                           : c - '1' < 9u    ? 1
                           : c == '.'        ? 2
                           : (c | 32) == 'e' ? 3
                           : c == '-'        ? 4
                           : c == '+'        ? 5
                                             : 6;
            unsigned nx = cls < 6 ? num_next[s->sub - 1] >> (cls * 4) & 15 : 0;
            if (nx) {
                s->sub = (uint8_t)nx;
                i++;
            } else {
                rc = cls == 6 && (NUM_END >> s->sub & 1) ? done(s, sink, in + mark, i - mark)
                                                         : SSO_ERR_JSON;
            }
        } else if (st == S_LIT) {
            if ((uint8_t)lits[s->sub] != c)
                rc = SSO_ERR_JSON;
            else if (i++, !lits[++s->sub])
                rc = done(s, sink, in + mark, i - mark);
        } else if (st == S_ERR) {
            rc = SSO_ERR_JSON;
        } else if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            while (++i < len && (in[i] == ' ' || in[i] == '\n' || in[i] == '\r' || in[i] == '\t'))
                ;
        } else {
            if (st == S_AFTER || st == S_VALUE_OR_CLOSE || st == S_KEY_OR_CLOSE) {
                if (s->depth && c == ((s->stack & 1) ? '}' : ']')) {
                    s->stack >>= 1;
                    s->depth--;
                    i++;
                    rc = done(s, sink, in + mark, i - mark);
                    continue;
                }
                if (st == S_AFTER) {
                    if (c != ',' || !s->depth)
                        rc = SSO_ERR_JSON;
                    s->state = (s->stack & 1) ? S_KEY : S_VALUE;
                    i++;
                    continue;
                }
                st--;
            }
            if (st == S_COLON || st == S_KEY) {
                if (c != (st == S_COLON ? ':' : '"'))
                    rc = SSO_ERR_JSON;
                s->state = S_VALUE;
                if (st == S_KEY) {
                    s->state = S_STR;
                    s->sub = s->depth == 1 ? M_MATCH : M_KEY;
                    s->key_cand = 0xFFFFFFFFu;
                    s->key_pos = 0;
                    sso_unescape_init(&s->esc);
                }
                i++;
                continue;
            }
            rc = value_start(s, sink, c);
            if (rc == 1) {
                mark = i;
                rc = SSO_OK;
            }
            /* numbers and literals re-read their first byte in their state */
            if (s->state != S_NUM && s->state != S_LIT)
                i++;
        }
    }
    if (rc == SSO_OK && s->capture_depth)
        rc = take(s, in + mark, len - mark);
    if (rc != SSO_OK)
        s->state = S_ERR;
    return rc;
}
