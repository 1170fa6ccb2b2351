/* Streaming, validating JSON splitter. The whole body is checked against the
 * RFC 8259 grammar here, because jsmn (run later on single items) accepts
 * invalid JSON. Memory is fixed: a bit per open container, one item buffer
 * owned by the caller, and a small stack scratch for decoding strings. */
#include <string.h>

#include <tinysso/sso_config_defaults.h>
#include <tinysso/sso_status.h>

#include "sso_json_split.h"

#if defined(__GNUC__)
#define SSO_NOINLINE __attribute__((noinline))
#else
#define SSO_NOINLINE
#endif

#if SSO_JSON_MAX_DEPTH > 32
#error "SSO_JSON_MAX_DEPTH: the container bit stack holds 32 levels"
#endif

enum {
    S_VALUE,
    S_VALUE_OR_CLOSE, /* first element of an array: a value or ']' */
    S_KEY,
    S_KEY_OR_CLOSE, /* first member of an object: a key or '}' */
    S_COLON,
    S_AFTER, /* after a value: ',' or the close of its container */
    S_STR,
    S_NUM,
    S_LIT,
    S_ERR
};

/* What a string is (sub while in S_STR); keys are >= M_KEY. */
enum { M_SKIP, M_STRING, M_KEY, M_MATCH };

/* Where a number is in its grammar (RFC 8259 6), sub while in S_NUM. */
enum { N_START = 1, N_MINUS, N_ZERO, N_INT, N_DOT, N_FRAC, N_E, N_ESIGN, N_EXP };
#define N_END 0xFF /* the number ended before this byte */

/* The state after byte c: 0 when c cannot come there, N_END when the number
 * may end there (what follows is checked as whatever comes after a value). */
static unsigned num_step(unsigned n, unsigned c)
{
    unsigned digit = c - '0' < 10u, e = (c | 0x20) == 'e';
    switch (n) {
    case N_START:
        if (c == '-') {
            return N_MINUS;
        }
        /* fall through */
    case N_MINUS:
        return c == '0' ? N_ZERO : digit ? N_INT : 0;
    case N_ZERO: /* no leading zeros */
        return digit ? 0 : c == '.' ? N_DOT : e ? N_E : N_END;
    case N_INT:
        return digit ? N_INT : c == '.' ? N_DOT : e ? N_E : N_END;
    case N_DOT:
        return digit ? N_FRAC : 0;
    case N_FRAC:
        return digit ? N_FRAC : e ? N_E : N_END;
    case N_E:
        return digit ? N_EXP : c == '-' || c == '+' ? N_ESIGN : 0;
    case N_ESIGN:
        return digit ? N_EXP : 0;
    default: /* N_EXP */
        return digit ? N_EXP : N_END;
    }
}

/* The literals; sub is the position in the one being read (lit). */
static const char *const lits[3] = {"true", "false", "null"};

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

/* Out of line, like done() below, to keep feed() small. */
SSO_NOINLINE static int take(sso_json_split_t *s, const uint8_t *p, size_t n)
{
    if (n > s->item_cap - s->item_len) {
        return SSO_ERR_ITEM_TOO_LARGE;
    }
    memcpy(s->item + s->item_len, p, n);
    s->item_len += n;
    return SSO_OK;
}

/* A value ended just before p + n; p is where the capture (if any) resumed
 * in this input. Out of line on purpose: inlined into feed(), -Os code for
 * Cortex-M grows by some 10 bytes. */
SSO_NOINLINE static int done(sso_json_split_t *s, const sso_json_sink_t *sink, const uint8_t *p,
                             size_t n)
{
    int rc = SSO_OK;

    s->state = S_AFTER;
    if (s->capture_depth == s->depth + 1) {
        s->capture_depth = 0;
        rc = take(s, p, n);
        if (rc == SSO_OK) {
            /* at depth 0 the root object ended: it is members[0] */
            rc = sink->on_item(sink->user, s->depth ? s->member - 1 : 0, s->item, s->item_len);
        }
    }
    if (s->depth == 1) {
        s->member = 0;
    }
    return rc;
}

/* Narrows the candidate members by a piece of decoded key; the closing
 * quote is fed as a NUL so that only exact matches survive. A candidate has
 * matched every earlier byte, so key + key_pos stays inside its string, and
 * as decoded bytes are never NUL, strncmp() fails on a key that ends within
 * the piece. key_pos is only used while a candidate is left, and then it
 * does not pass that candidate's length (member keys are shorter than 255
 * bytes). */
static void key_step(sso_json_split_t *s, const sso_json_sink_t *sink, const char *p, size_t n)
{
    uint32_t cand = s->key_cand;
    unsigned j;
    for (j = 0; j < 32 && cand >> j; j++) {
        if ((cand >> j & 1) && strncmp(sink->members[j].key + s->key_pos, p, n) != 0) {
            cand &= ~(1u << j);
        }
    }
    s->key_cand = cand;
    s->key_pos = (uint8_t)(s->key_pos + n);
}

/* String body up to and including its closing quote: returns 1 when it
 * ended, 0 when the input ran out, or a negative status. Runs of plain bytes
 * are scanned in one tight loop and passed on as they are (they decode to
 * themselves); only an escape, a control byte or an escape left open by the
 * previous input goes through the unescaper, a byte at a time, so the escape
 * rules stay in one place and every string is checked against them. */
static int string_run(sso_json_split_t *s, const sso_json_sink_t *sink, const uint8_t *in,
                      size_t len, size_t *pi)
{
    char buf[8]; /* one escape byte decodes to at most 4 bytes */
    size_t i = *pi;
    int rc = SSO_OK;

    while (rc == SSO_OK && i < len) {
        const char *p = (const char *)in + i;
        size_t n = 0;
        int end = 0;
        if (s->esc.state == SSO_U_PAIR_BACKSLASH && in[i] != '\\') {
            sso_unescape_lone(&s->esc); /* in[i] is read below as it stands */
        }
        if (!s->esc.state) {
            n = sso_json_plain(in + i, len - i, NULL);
            i += n;
            end = i < len && in[i] == '"';
            i += (size_t)end;
        }
        if (!n && !end) {
            rc = sso_unescape_push(&s->esc, p, 1, buf, sizeof buf, &n);
            p = buf;
            i++;
        }
        if (rc == SSO_OK && n) {
            if (s->sub == M_STRING) {
                rc = sink->on_string(sink->user, s->member - 1, p, n);
            } else if (s->sub == M_MATCH) {
                key_step(s, sink, p, n);
            }
        }
        if (rc == SSO_OK && end) {
            rc = 1;
            if (s->esc.bad) {
                /* \u0000 or a lone surrogate: refused in a string that is
                 * delivered, a key that cannot match, skipped elsewhere */
                s->esc.bad = 0;
                if (s->sub == M_STRING) {
                    rc = SSO_ERR_FIELD_INVALID;
                }
                if (s->sub == M_MATCH) {
                    s->key_cand = 0;
                }
            }
        }
    }
    *pi = i;
    return rc;
}

/* At the first byte of a value: decides whether it is captured, streamed or
 * rejected for the member it belongs to, and enters its state. Numbers and
 * literals leave the byte unread so their state checks it. */
static int value_start(sso_json_split_t *s, const sso_json_sink_t *sink, unsigned c, size_t *i,
                       size_t *mark)
{
    if (s->member && !s->capture_depth) {
        unsigned kind = sink->members[s->member - 1].kind;
        int rc = SSO_OK;
        if (c == 'n') {
            /* null: a list element is skipped; a member is absent, which
             * replaces what an earlier duplicate of its key gave */
            if (s->depth == 1 && kind == SSO_JSON_STRING) {
                rc = sink->on_string(sink->user, s->member - 1, NULL, 0);
            } else if (s->depth == 1 && kind == SSO_JSON_OBJECT) {
                rc = sink->on_item(sink->user, s->member - 1, NULL, 0);
            }
            if (rc != SSO_OK) {
                return rc;
            }
        } else if (s->depth == 2 || kind == SSO_JSON_OBJECT) {
            s->capture_depth = (uint8_t)(s->depth + 1);
            s->item_len = 0;
            *mark = *i;
        } else if (kind != (c == '[' ? SSO_JSON_LIST : c == '"' ? SSO_JSON_STRING : 0u)) {
            return SSO_ERR_JSON;
        }
    }
    if (s->depth == 0) {
        if (c != '{') {
            return SSO_ERR_JSON;
        }
        if (sink->n_members && sink->members[0].kind == SSO_JSON_ROOT) {
            s->member = 1;
            s->capture_depth = 1;
            s->item_len = 0;
            *mark = *i;
        }
    }
    if (c == '-' || c - '0' < 10u) {
        s->state = S_NUM;
        s->sub = N_START;
        return SSO_OK;
    }
    if (c == 't' || c == 'f' || c == 'n') {
        s->state = S_LIT;
        s->lit = c == 't' ? 0 : c == 'f' ? 1 : 2;
        s->sub = 0;
        return SSO_OK;
    }
    ++*i;
    if (c == '"') {
        /* the unescaper is idle here: a string only ends when it is */
        s->state = S_STR;
        s->sub = s->member && !s->capture_depth ? M_STRING : M_SKIP;
        if (s->sub) {
            return sink->on_string(sink->user, s->member - 1, NULL, 0);
        }
        return SSO_OK;
    }
    if ((c != '{' && c != '[') || s->depth >= SSO_JSON_MAX_DEPTH) {
        return SSO_ERR_JSON;
    }
    s->stack = s->stack << 1 | (c == '{');
    s->depth++;
    s->state = c == '{' ? S_KEY_OR_CLOSE : S_VALUE_OR_CLOSE;
    return SSO_OK;
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
            if (rc <= 0) {
                continue;
            }
            rc = SSO_OK;
            if (s->sub < M_KEY) {
                goto ended;
            } else {
                s->state = S_COLON;
                if (s->sub == M_MATCH) {
                    key_step(s, sink, "", 1);
                    /* keys in a table are distinct: at most one bit is left */
                    for (s->member = 0; s->key_cand; s->key_cand >>= 1) {
                        s->member++;
                    }
                }
            }
        } else if (st == S_NUM) {
            unsigned nx = num_step(s->sub, c);
            if (nx == N_END) {
                goto ended;
            } else if (nx) {
                s->sub = (uint8_t)nx;
                i++;
            } else {
                rc = SSO_ERR_JSON;
            }
        } else if (st == S_LIT) {
            const char *lit = lits[s->lit];
            if ((uint8_t)lit[s->sub] != c) {
                rc = SSO_ERR_JSON;
            } else if (i++, !lit[++s->sub]) {
                goto ended;
            }
        } else {
            while (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                if (++i == len) {
                    goto out;
                }
                c = in[i];
            }
            if (st == S_AFTER || st == S_VALUE_OR_CLOSE || st == S_KEY_OR_CLOSE) {
                if (s->depth && c == ((s->stack & 1) ? '}' : ']')) {
                    s->stack >>= 1;
                    s->depth--;
                    i++;
                    goto ended;
                }
                if (st == S_AFTER) {
                    if (c != ',' || !s->depth) {
                        rc = SSO_ERR_JSON;
                    }
                    s->state = (s->stack & 1) ? S_KEY : S_VALUE;
                    i++;
                    continue;
                }
                /* not a close: what the container takes next */
                st = st == S_KEY_OR_CLOSE ? S_KEY : S_VALUE;
            }
            if (st == S_COLON || st == S_KEY) {
                if (c != (st == S_COLON ? ':' : '"')) {
                    rc = SSO_ERR_JSON;
                }
                s->state = S_VALUE;
                if (st == S_KEY) {
                    s->state = S_STR;
                    s->sub = s->depth == 1 ? M_MATCH : M_KEY;
                    /* one bit per member: tables have at most 32 */
                    s->key_cand = sink->n_members ? 0xFFFFFFFFu >> (32 - sink->n_members) : 0;
                    s->key_pos = 0;
                }
                i++;
                continue;
            }
            rc = value_start(s, sink, c, &i, &mark);
        }
        continue;
    ended: /* one call site for the code that every kind of value ends in */
        rc = done(s, sink, in + mark, i - mark);
    }
out:
    if (rc == SSO_OK && s->capture_depth) {
        rc = take(s, in + mark, len - mark);
    }
    if (rc != SSO_OK) {
        s->state = S_ERR;
    }
    return rc;
}
