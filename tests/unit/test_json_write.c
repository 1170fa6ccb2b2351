/* The JSON request-body writer: escaping of '"', '\\' and every control
 * character, UTF-8 passed through and invalid UTF-8 refused, lists, and a
 * body that does not fit: an error, no byte beyond cap, nothing to send.
 * Bodies are read back: jsmn tokenizes them and the core's own unescaper
 * must give back the original value. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <tinysso/sso_status.h>

#include "sso_json_map.h"
#include "sso_json_unescape.h"
#include "sso_json_write.h"

static char buf[4096];

static int one_string(const char *value, size_t cap)
{
    sso_jw_t w;
    int r;
    memset(buf, 0x5a, sizeof buf);
    sso_jw_begin(&w, buf, cap);
    sso_jw_string(&w, "k", value);
    r = sso_jw_end(&w);
    return r == SSO_OK ? (int)w.len : r;
}

static void expect_body(const char *value, const char *want)
{
    int n = one_string(value, sizeof buf);
    assert_true(n > 0);
    assert_int_equal((size_t)n, strlen(want));
    assert_memory_equal(buf, want, (size_t)n);
}

/* Decodes the value of the only member of body[0..n) with the core's
 * unescaper, so every escape the writer makes is one the reader accepts. */
static void round_trip(const char *value)
{
    jsmn_parser p;
    jsmntok_t t[8];
    sso_unescape_t u;
    char out[1024];
    size_t olen = 0;
    int n = one_string(value, sizeof buf), nt;
    assert_true(n > 0);
    jsmn_init(&p);
    nt = jsmn_parse(&p, buf, (size_t)n, t, 8);
    assert_int_equal(nt, 3);
    assert_int_equal(t[2].type, JSMN_STRING);
    sso_unescape_init(&u);
    assert_int_equal(sso_unescape_push(&u, buf + t[2].start, (size_t)(t[2].end - t[2].start), out,
                                       sizeof out, &olen),
                     SSO_OK);
    assert_int_equal(sso_unescape_end(&u), SSO_OK);
    assert_int_equal(olen, strlen(value));
    assert_memory_equal(out, value, olen);
}

static void test_plain_and_escapes(void **state)
{
    (void)state;
    expect_body("", "{\"k\":\"\"}");
    expect_body("https://d-1234.awsapps.com/start#/",
                "{\"k\":\"https://d-1234.awsapps.com/start#/\"}");
    expect_body("a\"b\\c/d", "{\"k\":\"a\\\"b\\\\c/d\"}");
    expect_body("\b\f\n\r\t", "{\"k\":\"\\b\\f\\n\\r\\t\"}");
    expect_body("\x7f", "{\"k\":\"\x7f\"}");
}

static void test_every_control_character(void **state)
{
    unsigned c;
    (void)state;
    for (c = 1; c < 0x20; c++) {
        char in[4] = {'x', (char)c, 'y', 0};
        char want[32];
        const char *sh = strchr("\b\f\n\r\t", (int)c);
        if (sh) {
            snprintf(want, sizeof want, "{\"k\":\"x\\%cy\"}", "bfnrt"[sh - "\b\f\n\r\t"]);
        } else {
            snprintf(want, sizeof want, "{\"k\":\"x\\u%04xy\"}", c);
        }
        expect_body(in, want);
        round_trip(in);
    }
}

static void test_unicode_passes_through(void **state)
{
    static const char *const ok[] = {
        "caf\xc3\xa9",                  /* 2 bytes */
        "\xe2\x82\xac 10",              /* 3 bytes */
        "\xf0\x9f\x98\x80",             /* 4 bytes, an emoji */
        "\xef\xbf\xbf\xf4\x8f\xbf\xbf", /* U+FFFF, U+10FFFF */
        "\xed\x9f\xbf\xee\x80\x80",     /* around the surrogates */
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        char want[64];
        snprintf(want, sizeof want, "{\"k\":\"%s\"}", ok[i]);
        expect_body(ok[i], want);
        round_trip(ok[i]);
    }
    round_trip("mixed \"\xc3\xa9\"\n\\\x01 \xf0\x9f\x98\x80");
}

static void test_invalid_utf8_refused(void **state)
{
    static const char *const bad[] = {
        "\x80",             /* lone continuation */
        "\xc3",             /* cut short */
        "\xc3(",            /* bad continuation */
        "\xc0\xaf",         /* overlong '/' */
        "\xe0\x80\xaf",     /* overlong, 3 bytes */
        "\xf0\x80\x80\xaf", /* overlong, 4 bytes */
        "\xed\xa0\x80",     /* a surrogate */
        "\xf4\x90\x80\x80", /* above U+10FFFF */
        "\xf5\x80\x80\x80", /* no such lead */
        "\xff",
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(one_string(bad[i], sizeof buf), SSO_ERR_INVALID_ARG);
        assert_false(sso_utf8_ok(bad[i], strlen(bad[i])));
    }
    assert_int_equal(one_string(NULL, sizeof buf), SSO_ERR_INVALID_ARG);
}

static void test_members_and_lists(void **state)
{
    static const char *const scopes[] = {"sso:account:access", "codewhisperer:completions"};
    const char *want = "{\"clientName\":\"tinysso\",\"clientType\":\"public\","
                       "\"scopes\":[\"sso:account:access\",\"codewhisperer:completions\"],"
                       "\"none\":[]}";
    sso_jw_t w;
    (void)state;
    sso_jw_begin(&w, buf, sizeof buf);
    sso_jw_string(&w, "clientName", "tinysso");
    sso_jw_string(&w, "clientType", "public");
    sso_jw_list(&w, "scopes", scopes, 2);
    sso_jw_list(&w, "none", NULL, 0);
    assert_int_equal(sso_jw_end(&w), SSO_OK);
    assert_int_equal(w.len, strlen(want));
    assert_memory_equal(buf, want, w.len);

    sso_jw_begin(&w, buf, sizeof buf);
    sso_jw_list(&w, "scopes", NULL, 1);
    assert_int_equal(sso_jw_end(&w), SSO_ERR_INVALID_ARG);
}

/* At every cap below the body's size the writer fails, reports length 0
 * (nothing to send) and never writes at or past cap; at the exact size it
 * succeeds. */
static void test_body_that_does_not_fit(void **state)
{
    const char *value = "escape \" \\ \n \x01 and \xf0\x9f\x98\x80";
    int full = one_string(value, sizeof buf);
    size_t cap, i;
    (void)state;
    assert_true(full > 0);
    for (cap = 0; cap < (size_t)full; cap++) {
        sso_jw_t w;
        memset(buf, 0x5a, sizeof buf);
        sso_jw_begin(&w, cap ? buf : NULL, cap);
        sso_jw_string(&w, "k", value);
        assert_int_equal(sso_jw_end(&w), SSO_ERR_BUFFER_TOO_SMALL);
        assert_int_equal(w.len, 0);
        for (i = cap; i < sizeof buf; i++) {
            assert_int_equal((unsigned char)buf[i], 0x5a);
        }
    }
    assert_int_equal(one_string(value, (size_t)full), full);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_and_escapes),
        cmocka_unit_test(test_every_control_character),
        cmocka_unit_test(test_unicode_passes_through),
        cmocka_unit_test(test_invalid_utf8_refused),
        cmocka_unit_test(test_members_and_lists),
        cmocka_unit_test(test_body_that_does_not_fit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
