/* The string unescaper: every JSON escape, surrogate pairs, the errors it
 * must report, the output cap, and that any split of the input into pushes
 * gives the same result as one push. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <tinysso/sso_status.h>

#include "sso_json_map.h"
#include "sso_json_split.h"
#include "sso_json_unescape.h"

/* Decodes in[0..n) in one push and checks the end; out gets a canary
 * beyond cap so a write past cap is seen. */
static int decode_all(const char *in, size_t n, char *out, size_t cap, size_t *olen)
{
    sso_unescape_t u;
    int rc;

    memset(out, 0x5A, cap + 8);
    sso_unescape_init(&u);
    *olen = 0;
    rc = sso_unescape_push(&u, in, n, out, cap, olen);
    if (rc == SSO_OK) {
        rc = sso_unescape_end(&u);
    }
    return rc;
}

static void expect_ok(const char *in, const char *want, size_t want_len)
{
    char out[128];
    size_t n;

    assert_int_equal(decode_all(in, strlen(in), out, 64, &n), SSO_OK);
    assert_int_equal(n, want_len);
    assert_memory_equal(out, want, want_len);
}

static void expect_err(const char *in, size_t len, int want)
{
    char out[128];
    size_t n;

    assert_int_equal(decode_all(in, len, out, 64, &n), want);
    assert_true(n <= 64);
}

static void test_plain_and_utf8_pass_through(void **state)
{
    (void)state;
    expect_ok("", "", 0);
    expect_ok("hello world", "hello world", 11);
    expect_ok("caf\xc3\xa9 \xf0\x9f\x98\x80", "caf\xc3\xa9 \xf0\x9f\x98\x80", 10);
    expect_ok("\x7f", "\x7f", 1); /* DEL is not a control character in JSON */
}

static void test_every_simple_escape(void **state)
{
    (void)state;
    expect_ok("\\\"", "\"", 1);
    expect_ok("\\\\", "\\", 1);
    expect_ok("\\/", "/", 1);
    expect_ok("\\b", "\b", 1);
    expect_ok("\\f", "\f", 1);
    expect_ok("\\n", "\n", 1);
    expect_ok("\\r", "\r", 1);
    expect_ok("\\t", "\t", 1);
    expect_ok("a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti", "a\"b\\c/d\be\ff\ng\rh\ti", 17);
}

static void test_unicode_escapes(void **state)
{
    (void)state;
    expect_ok("\\u0041", "A", 1);
    expect_ok("\\u001f", "\x1f", 1); /* escaped control characters are fine */
    expect_ok("\\u007F", "\x7f", 1);
    expect_ok("\\u0080", "\xc2\x80", 2);
    expect_ok("\\u00e9\\u00E9", "\xc3\xa9\xc3\xa9", 4);
    expect_ok("\\u07ff", "\xdf\xbf", 2);
    expect_ok("\\u0800", "\xe0\xa0\x80", 3);
    expect_ok("\\u20AC", "\xe2\x82\xac", 3);
    expect_ok("\\uFFFF", "\xef\xbf\xbf", 3);
    expect_ok("\\uD83D\\uDE00", "\xf0\x9f\x98\x80", 4);
    expect_ok("\\ud800\\udc00", "\xf0\x90\x80\x80", 4);
    expect_ok("\\uDBFF\\uDFFF", "\xf4\x8f\xbf\xbf", 4);
    expect_ok("x\\uD83D\\uDE00y", "x\xf0\x9f\x98\x80y", 6);
}

static void test_bad_escapes(void **state)
{
    static const char *const bad[] = {
        "\\x",     "\\a",     "\\U0041", "\\u12G4",    "\\u-123", "\\u@000",
        "\\u:000", "\\u`000", "\\ug000", "\\uD83D\\x", "\\\x01",
    };
    size_t k;

    (void)state;
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        expect_err(bad[k], strlen(bad[k]), SSO_ERR_JSON);
    }
}

/* Valid JSON that no C string of UTF-8 can carry: decoded to nothing, the
 * rest decodes on, and the end says SSO_ERR_FIELD_INVALID. */
static void test_unrepresentable_escapes(void **state)
{
    static const struct {
        const char *in;
        const char *rest; /* what decodes around it */
    } cases[] = {
        {"\\uDE00", ""},
        {"\\uDFFF", ""},
        {"\\uD83Dx", "x"},
        {"\\uD83D\\n", "\n"},
        {"\\uD83D\\u0041", ""},
        {"\\uD83D\\uD83D", ""},
        {"\\u0000", ""},
        {"a\\u0000b", "ab"},
        {"\\uD83D\\\\", "\\"},
        {"\\uD83D", ""},
        {"z\\uDC00\\u00e9", "z\xc3\xa9"},
    };
    size_t k;

    (void)state;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char out[128];
        size_t n;
        assert_int_equal(decode_all(cases[k].in, strlen(cases[k].in), out, 64, &n),
                         SSO_ERR_FIELD_INVALID);
        assert_int_equal(n, strlen(cases[k].rest));
        assert_memory_equal(out, cases[k].rest, n);
    }
}

static void test_unfinished_escapes_fail_at_end(void **state)
{
    static const char *const cut[] = {"\\",        "\\u",        "\\u00",        "\\u004",
                                      "\\uD83D\\", "\\uD83D\\u", "\\uD83D\\uDE0"};
    size_t k;

    (void)state;
    for (k = 0; k < sizeof cut / sizeof cut[0]; k++) {
        expect_err(cut[k], strlen(cut[k]), SSO_ERR_JSON);
    }
}

static void test_raw_control_characters(void **state)
{
    char s[4] = {'a', 0, 'b', 0};
    unsigned c;

    (void)state;
    for (c = 0; c < 0x20; c++) {
        s[1] = (char)c;
        expect_err(s, 3, SSO_ERR_JSON);
    }
}

static void test_cap_exact_and_one_short(void **state)
{
    static const struct {
        const char *in;
        size_t out_len;
    } cases[] = {{"abcdef", 6},
                 {"ab\\ncd", 5},
                 {"\\uD83D\\uDE00", 4},
                 {"a\\u20ac", 4},
                 {"\\u00e9\\u00e9", 4}};
    char out[64];
    size_t k, n, i;

    (void)state;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const char *in = cases[k].in;
        size_t want = cases[k].out_len;
        assert_int_equal(decode_all(in, strlen(in), out, want, &n), SSO_OK);
        assert_int_equal(n, want);
        assert_int_equal((uint8_t)out[want], 0x5A);
        assert_int_equal(decode_all(in, strlen(in), out, want - 1, &n), SSO_ERR_FIELD_TOO_LONG);
        assert_true(n <= want - 1);
        for (i = want - 1; i < want + 8; i++) {
            assert_int_equal((uint8_t)out[i], 0x5A);
        }
    }
    assert_int_equal(decode_all("a", 1, out, 0, &n), SSO_ERR_FIELD_TOO_LONG);
    assert_int_equal(n, 0);
}

static void test_appends_after_out_len(void **state)
{
    sso_unescape_t u;
    char out[16] = "xy";
    size_t n = 2;

    (void)state;
    sso_unescape_init(&u);
    assert_int_equal(sso_unescape_push(&u, "\\u0041b", 7, out, 4, &n), SSO_OK);
    assert_int_equal(n, 4);
    assert_memory_equal(out, "xyAb", 4);
    assert_int_equal(sso_unescape_push(&u, "c", 1, out, 4, &n), SSO_ERR_FIELD_TOO_LONG);
    assert_int_equal(n, 4);
}

/* Pushes in at the split points a < b (three pieces, some empty). */
static int decode_split3(const char *in, size_t len, size_t a, size_t b, char *out, size_t *n)
{
    sso_unescape_t u;
    int rc;

    sso_unescape_init(&u);
    *n = 0;
    rc = sso_unescape_push(&u, in, a, out, 128, n);
    if (rc == SSO_OK) {
        rc = sso_unescape_push(&u, in + a, b - a, out, 128, n);
    }
    if (rc == SSO_OK) {
        rc = sso_unescape_push(&u, in + b, len - b, out, 128, n);
    }
    return rc == SSO_OK ? sso_unescape_end(&u) : rc;
}

static void test_every_split_point(void **state)
{
    static const char in[] = "a\\\"\\u00e9\\uD83D\\uDE00\\n\\/z\xc3\xa9\\\\\\u20AC!";
    static const char want[] = "a\"\xc3\xa9\xf0\x9f\x98\x80\n/z\xc3\xa9\\\xe2\x82\xac!";
    size_t len = sizeof in - 1, a, b, n;
    char out[128];

    (void)state;
    for (a = 0; a <= len; a++) {
        for (b = a; b <= len; b++) {
            memset(out, 0, sizeof out);
            assert_int_equal(decode_split3(in, len, a, b, out, &n), SSO_OK);
            assert_int_equal(n, sizeof want - 1);
            assert_memory_equal(out, want, n);
        }
    }
    /* errors too are found at every split */
    for (a = 0; a <= 12; a++) {
        assert_int_equal(decode_split3("\\uD83D\\u0041", 12, a, a, out, &n), SSO_ERR_FIELD_INVALID);
    }
}

static void test_one_byte_at_a_time(void **state)
{
    static const char in[] = "\\uD83D\\uDE00-\\t";
    sso_unescape_t u;
    char out[16];
    size_t k, n = 0;

    (void)state;
    sso_unescape_init(&u);
    for (k = 0; k < sizeof in - 1; k++) {
        assert_int_equal(sso_unescape_push(&u, in + k, 1, out, sizeof out, &n), SSO_OK);
        /* nothing is emitted before the pair is complete */
        if (k < 11) {
            assert_int_equal(n, 0);
        }
    }
    assert_int_equal(sso_unescape_end(&u), SSO_OK);
    assert_int_equal(n, 6);
    assert_memory_equal(out, "\xf0\x9f\x98\x80-\t", 6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_and_utf8_pass_through),
        cmocka_unit_test(test_every_simple_escape),
        cmocka_unit_test(test_unicode_escapes),
        cmocka_unit_test(test_bad_escapes),
        cmocka_unit_test(test_unrepresentable_escapes),
        cmocka_unit_test(test_unfinished_escapes_fail_at_end),
        cmocka_unit_test(test_raw_control_characters),
        cmocka_unit_test(test_cap_exact_and_one_short),
        cmocka_unit_test(test_appends_after_out_len),
        cmocka_unit_test(test_every_split_point),
        cmocka_unit_test(test_one_byte_at_a_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
