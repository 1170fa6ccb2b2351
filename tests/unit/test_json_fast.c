/* The fast paths of the JSON layer: the plain-run scanner that reads a word
 * at a time, the splitter's string runs around it and the unescaper's run
 * copy, and the mapping's raw key compare. Each test puts the byte that ends
 * a run at every offset within a word (and beyond a few words), and cuts the
 * input at every offset, because those are where a word scan and a byte
 * loop could disagree. Reference results come from byte-by-byte rules
 * written out here, not from the code under test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <tinysso/tinysso.h>

#include "sso_json_map.h"
#include "sso_json_split.h"
#include "sso_ops.h"
#include "sso_json_unescape.h"

/* What JSON says may stand for itself inside a string. */
static int ends_run(unsigned c)
{
    return c < 0x20 || c == '"' || c == '\\';
}

/* Bytes around the ones the word test separates: the ends of the control
 * range, ' ' and '!' next to '"', the neighbours of '\\', DEL and UTF-8. */
static const uint8_t plain_bytes[] = {' ',  '!',  '#',  '0',  'a',  '[',  ']',
                                      0x7f, 0x80, 0xa2, 0xdc, 0xdd, 0xff, 0xc3};
static const uint8_t stop_bytes[] = {0x00, 0x01, 0x02, 0x0a, 0x1e, 0x1f, '"', '\\'};

static void test_plain_finds_every_stop_at_every_offset(void **state)
{
    uint8_t in[40];
    char out[48];
    size_t len, at, s, p;

    (void)state;
    for (len = 0; len <= 33; len++) {
        for (at = 0; at <= len; at++) {
            for (s = 0; s < sizeof stop_bytes; s++) {
                for (p = 0; p < sizeof plain_bytes; p++) {
                    size_t k, want = at < len ? at : len, n;
                    for (k = 0; k < len; k++) {
                        in[k] = plain_bytes[(p + k) % sizeof plain_bytes];
                    }
                    if (at < len) {
                        in[at] = stop_bytes[s];
                    }
                    /* a second stop byte later must not matter */
                    if (at + 3 < len) {
                        in[at + 3] = stop_bytes[(s + 1) % sizeof stop_bytes];
                    }
                    assert_int_equal(sso_json_plain(in, len, NULL), want);
                    memset(out, 0x5A, sizeof out);
                    n = sso_json_plain(in, len, out);
                    assert_int_equal(n, want);
                    assert_memory_equal(out, in, n);
                    for (k = n; k < sizeof out; k++) {
                        assert_int_equal((uint8_t)out[k], 0x5A);
                    }
                }
            }
        }
    }
}

static void test_plain_agrees_with_the_byte_rule_on_every_byte_pair(void **state)
{
    uint8_t in[12];
    unsigned a, b;

    (void)state;
    for (a = 0; a < 256; a++) {
        for (b = 0; b < 256; b++) {
            size_t want, k;
            memset(in, 'x', sizeof in);
            in[5] = (uint8_t)a;
            in[9] = (uint8_t)b;
            for (want = 0; want < sizeof in && !ends_run(in[want]); want++) {
                ;
            }
            assert_int_equal(sso_json_plain(in, sizeof in, NULL), want);
            /* and from an odd address, so that words are unaligned */
            for (k = 0; k < sizeof in - 1 && !ends_run(in[1 + k]); k++) {
                ;
            }
            assert_int_equal(sso_json_plain(in + 1, sizeof in - 1, NULL), k);
        }
    }
}

/* ---- the splitter: string members, keys and skipped strings */

typedef struct rec {
    char log[1024];
    size_t len;
} rec_t;

static void rec_put(rec_t *r, const char *p, size_t n)
{
    assert_true(r->len + n < sizeof r->log);
    memcpy(r->log + r->len, p, n);
    r->len += n;
    r->log[r->len] = '\0';
}

static int rec_item(void *user, int idx, char *text, size_t len)
{
    rec_t *r = user;
    char tag[16];
    snprintf(tag, sizeof tag, "I%d:", idx);
    rec_put(r, tag, strlen(tag));
    rec_put(r, text, len);
    rec_put(r, "\n", 1);
    return SSO_OK;
}

static int rec_string(void *user, int idx, const char *piece, size_t len)
{
    rec_t *r = user;
    char tag[16];
    if (piece == NULL) {
        snprintf(tag, sizeof tag, "S%d:", idx);
        rec_put(r, tag, strlen(tag));
        return SSO_OK;
    }
    assert_true(len > 0);
    rec_put(r, piece, len);
    return SSO_OK;
}

#define ACCOUNTS_MEMBERS sso_ops[SSO_OP_LIST_ACCOUNTS].members

/* Feeds body[0..cut) and then the rest, or one byte at a time (cut == 0). */
static int split(const char *body, size_t cut, rec_t *r)
{
    static char item[512];
    sso_json_split_t s;
    sso_json_sink_t sink = {r, ACCOUNTS_MEMBERS, 2, rec_item, rec_string};
    size_t len = strlen(body), off = 0;
    int rc = SSO_OK;

    r->len = 0;
    r->log[0] = '\0';
    sso_json_split_init(&s, item, sizeof item);
    while (rc == SSO_OK && off < len) {
        size_t n = cut == 0 ? 1 : off == 0 ? cut : len - off;
        rc = sso_json_split_feed(&s, &sink, (const uint8_t *)body + off, n);
        off += n;
    }
    return rc == SSO_OK ? sso_json_split_end(&s) : rc;
}

static void check(const char *body, int want_rc, const char *want_log)
{
    static rec_t r;
    size_t cut, len = strlen(body);

    for (cut = 0; cut <= len; cut++) {
        int rc = split(body, cut, &r);
        if (rc != want_rc || (want_rc == SSO_OK && strcmp(r.log, want_log) != 0)) {
            fail_msg("cut %zu of %s: rc %d (want %d), log\n%s\nwant\n%s", cut, body, rc, want_rc,
                     r.log, want_log);
        }
    }
}

static void test_escapes_inside_long_plain_strings_at_every_cut(void **state)
{
    (void)state;
    /* escapes after, between and before runs longer than a word, in a
     * streamed string member, a captured item and a skipped member */
    check("{\"nextToken\":\"abcdefghijklmnopq\\u00e9rstuvwxyz0123456789\\n\\\"ABCDEFGHIJ\","
          "\"x\":\"0123456789abcdef\\uD83D\\uDE00ghijklmnopqrstuv\\\\\","
          "\"accountList\":[{\"accountName\":\"long plain name \\u0041\\/ tail of it\"}]}",
          SSO_OK,
          "S1:abcdefghijklmnopq\xc3\xa9rstuvwxyz0123456789\n\"ABCDEFGHIJ"
          "I0:{\"accountName\":\"long plain name \\u0041\\/ tail of it\"}\n");
    /* a member key spelled with an escape after a long plain part */
    check("{\"nextTo\\u006ben\":\"0123456789abcdefXYZ\"}", SSO_OK, "S1:0123456789abcdefXYZ");
    /* an escaped quote right where a word would end must not end the string */
    check("{\"nextToken\":\"0123456\\\"89abcdef\\\"\"}", SSO_OK, "S1:0123456\"89abcdef\"");
}

/* The status of every cut, the log not compared. */
static void check_rc(const char *body, int want_rc)
{
    static rec_t r;
    size_t cut, len = strlen(body);

    for (cut = 0; cut <= len; cut++) {
        int rc = split(body, cut, &r);
        if (rc != want_rc) {
            fail_msg("cut %zu of %s: rc %d (want %d)", cut, body, rc, want_rc);
        }
    }
}

static void test_bad_bytes_after_long_plain_runs(void **state)
{
    static const char *const bad[] = {"\x01", "\x1f", "\t", "\\x", "\\u12G4", "\\uD800\\x"};
    /* valid JSON a C string cannot carry: refused where it is delivered
     * (nextToken), skipped elsewhere */
    static const char *const unrepresentable[] = {"\\uD800x", "\\uDC00", "\\u0000",
                                                  "\\uD83D\\u0041"};
    /* in a string member, a skipped value and a captured item */
    static const char *const fmt[] = {"{\"nextToken\":\"%.*s%s tail\"}",
                                      "{\"x\":[\"%.*s%s tail\"]}",
                                      "{\"accountList\":[{\"k\":\"%.*s%s tail\"}]}"};
    char body[128];
    size_t run, b, where;

    (void)state;
    for (run = 0; run <= 19; run++) {
        for (where = 0; where < 3; where++) {
            for (b = 0; b < sizeof bad / sizeof bad[0]; b++) {
                snprintf(body, sizeof body, fmt[where], (int)run, "abcdefghijklmnopqrstuvwxyz",
                         bad[b]);
                check(body, SSO_ERR_JSON, "");
            }
            for (b = 0; b < sizeof unrepresentable / sizeof unrepresentable[0]; b++) {
                snprintf(body, sizeof body, fmt[where], (int)run, "abcdefghijklmnopqrstuvwxyz",
                         unrepresentable[b]);
                check_rc(body, where == 0 ? SSO_ERR_FIELD_INVALID : SSO_OK);
            }
        }
    }
}

static void test_quote_after_runs_of_every_length(void **state)
{
    char body[128], want[64];
    size_t run;

    (void)state;
    for (run = 0; run <= 24; run++) {
        snprintf(body, sizeof body, "{\"x\":\"%.*s\",\"nextToken\":\"%.*s\"}", (int)run,
                 "abcdefghijklmnopqrstuvwxyz", (int)run, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
        snprintf(want, sizeof want, "S1:%.*s", (int)run, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
        check(body, SSO_OK, want);
    }
}

/* ---- the unescaper: the run copy against the output cap */

static void test_unescape_cap_inside_a_run(void **state)
{
    static const char in[] = "0123456789abcdefghijklmnopqrstuv";
    char out[64];
    size_t cap, o;

    (void)state;
    for (cap = 0; cap <= 32; cap++) {
        sso_unescape_t u;
        int rc;
        size_t first;
        memset(out, 0x5A, sizeof out);
        sso_unescape_init(&u);
        o = 0;
        rc = sso_unescape_push(&u, in, 32, out, cap, &o);
        assert_int_equal(rc, cap < 32 ? SSO_ERR_FIELD_TOO_LONG : SSO_OK);
        assert_int_equal(o, cap);
        assert_memory_equal(out, in, cap);
        assert_int_equal((uint8_t)out[cap], 0x5A);
        /* the same in two pushes cut anywhere */
        for (first = 0; first <= 32; first++) {
            int rc2;
            sso_unescape_init(&u);
            o = 0;
            rc2 = sso_unescape_push(&u, in, first, out, cap, &o);
            if (rc2 == SSO_OK) {
                rc2 = sso_unescape_push(&u, in + first, 32 - first, out, cap, &o);
            }
            assert_int_equal(rc2, rc);
            assert_int_equal(o, cap);
        }
    }
}

static void test_unescape_byte_after_a_full_run(void **state)
{
    char in[40], out[40];
    size_t run;

    (void)state;
    for (run = 0; run <= 20; run++) {
        sso_unescape_t u;
        size_t o;
        memset(in, 'q', run);
        /* out is exactly full when the byte after the run comes: a control
         * byte is still bad JSON, a quote or plain byte does not fit, and a
         * backslash only starts an escape */
        in[run] = '\x02';
        sso_unescape_init(&u);
        o = 0;
        assert_int_equal(sso_unescape_push(&u, in, run + 1, out, run, &o), SSO_ERR_JSON);
        assert_int_equal(o, run);
        in[run] = '"';
        sso_unescape_init(&u);
        o = 0;
        assert_int_equal(sso_unescape_push(&u, in, run + 1, out, run, &o), SSO_ERR_FIELD_TOO_LONG);
        in[run] = '\\';
        sso_unescape_init(&u);
        o = 0;
        assert_int_equal(sso_unescape_push(&u, in, run + 1, out, run, &o), SSO_OK);
        assert_int_equal(sso_unescape_end(&u), SSO_ERR_JSON);
        /* with room, a raw quote is copied like any plain byte */
        in[run] = '"';
        in[run + 1] = 'z';
        sso_unescape_init(&u);
        o = 0;
        assert_int_equal(sso_unescape_push(&u, in, run + 2, out, sizeof out, &o), SSO_OK);
        assert_int_equal(o, run + 2);
        assert_memory_equal(out, in, run + 2);
    }
}

/* ---- the mapping: keys compared as they stand */

#define ACCOUNT_FIELDS sso_ops[SSO_OP_LIST_ACCOUNTS].fields

static int map(const char *text, sso_account_t *a, uint32_t *found)
{
    static jsmntok_t toks[32];
    memset(a, 0, sizeof *a);
    return sso_json_map(text, strlen(text), toks, 32, ACCOUNT_FIELDS, 3, a, found);
}

static void test_map_keys_raw_and_escaped(void **state)
{
    sso_account_t a;
    uint32_t found;

    (void)state;
    /* out of table order, prefixes and extensions of table keys */
    assert_int_equal(map("{\"emailAddress\":\"e\",\"account\":\"no\",\"accountIdd\":\"no\","
                         "\"accountName\":\"n\",\"accountI\":\"no\",\"accountId\":\"1\"}",
                         &a, &found),
                     SSO_OK);
    assert_int_equal(found, 7);
    assert_string_equal(a.account_id, "1");
    assert_string_equal(a.account_name, "n");
    assert_string_equal(a.email_address, "e");
    /* an escaped key still matches, and one that decodes to a near miss
     * does not */
    assert_int_equal(map("{\"\\u0061ccountId\":\"2\",\"accountName\\u0058\":\"x\"}", &a, &found),
                     SSO_OK);
    assert_int_equal(found, 1);
    assert_string_equal(a.account_id, "2");
    /* a key that matches nothing is still checked */
    assert_int_equal(map("{\"acc\x01\":\"1\"}", &a, &found), SSO_ERR_JSON);
    /* one no C string can carry cannot be a table key: skipped */
    assert_int_equal(map("{\"acc\\uDC00\":\"1\"}", &a, &found), SSO_OK);
    assert_int_equal(found, 0);
    /* values with escapes after long runs are decoded */
    assert_int_equal(map("{\"accountName\":\"0123456789abcdef\\u00e9 and more text\"}", &a, &found),
                     SSO_OK);
    assert_string_equal(a.account_name, "0123456789abcdef\xc3\xa9 and more text");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_finds_every_stop_at_every_offset),
        cmocka_unit_test(test_plain_agrees_with_the_byte_rule_on_every_byte_pair),
        cmocka_unit_test(test_escapes_inside_long_plain_strings_at_every_cut),
        cmocka_unit_test(test_bad_bytes_after_long_plain_runs),
        cmocka_unit_test(test_quote_after_runs_of_every_length),
        cmocka_unit_test(test_unescape_cap_inside_a_run),
        cmocka_unit_test(test_unescape_byte_after_a_full_run),
        cmocka_unit_test(test_map_keys_raw_and_escaped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
