/* The AWS CLI's NextToken: byte-exact encodings (taken from /usr/bin/aws and
 * Python's json.dumps), decoding of every form botocore accepts, and the
 * round trip. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cli_pagetoken.h"

static void expect_encoding(const char *token, long trunc, const char *want)
{
    sso_cli_buf_t b;

    sso_cli_buf_init(&b);
    sso_cli_resume_encode(&b, token, trunc);
    assert_false(b.failed);
    assert_non_null(b.data);
    assert_string_equal(b.data, want);
    sso_cli_buf_free(&b);
}

static void encodes_like_the_aws_cli(void **state)
{
    (void)state;
    /* {"nextToken": null, "boto_truncate_amount": 3}: cut inside page 1. */
    expect_encoding(NULL, 3, "eyJuZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAzfQ==");
    expect_encoding("", 3, "eyJuZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAzfQ==");
    /* {"nextToken": "dG9rKy81=="}: on a page boundary. */
    expect_encoding("dG9rKy81==", -1, "eyJuZXh0VG9rZW4iOiAiZEc5ckt5ODE9PSJ9");
    /* {"nextToken": "dG9rKy81==", "boto_truncate_amount": 3} */
    expect_encoding("dG9rKy81==", 3,
                    "eyJuZXh0VG9rZW4iOiAiZEc5ckt5ODE9PSIsICJib3RvX3RydW5jYXRlX2Ftb3VudCI6IDN9");
    /* json.dumps escapes non-ASCII (surrogate pairs), controls and DEL. */
    expect_encoding("\xc3\xa9\xf0\x9f\x98\x80\"\\\x01\x7f", 7,
                    "eyJuZXh0VG9rZW4iOiAiXHUwMGU5XHVkODNkXHVkZTAwXCJcXFx1MDAwMVx1MDA3ZiIsICJib3Rv"
                    "X3RydW5jYXRlX2Ftb3VudCI6IDd9");
    expect_encoding("a/b+c=", 7,
                    "eyJuZXh0VG9rZW4iOiAiYS9iK2M9IiwgImJvdG9fdHJ1bmNhdGVfYW1vdW50IjogN30=");
}

static void expect_decoding(const char *text, const char *token, long trunc)
{
    sso_cli_resume_t r;

    memset(&r, 0x55, sizeof r);
    assert_int_equal(sso_cli_resume_decode(text, &r), 0);
    assert_string_equal(r.token, token);
    assert_int_equal(r.truncate, trunc);
}

static void decodes_every_form(void **state)
{
    (void)state;
    expect_decoding("eyJuZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAzfQ==", "", 3);
    expect_decoding("eyJuZXh0VG9rZW4iOiAiZEc5ckt5ODE9PSJ9", "dG9rKy81==", 0);
    expect_decoding("eyJuZXh0VG9rZW4iOiAiZEc5ckt5ODE9PSIsICJib3RvX3RydW5jYXRlX2Ftb3VudCI6IDN9",
                    "dG9rKy81==", 3);
    expect_decoding("eyJuZXh0VG9rZW4iOiAiXHUwMGU5XHVkODNkXHVkZTAwXCJcXFx1MDAwMVx1MDA3ZiIsICJib3Rv"
                    "X3RydW5jYXRlX2Ftb3VudCI6IDd9",
                    "\xc3\xa9\xf0\x9f\x98\x80\"\\\x01\x7f", 7);
    /* botocore's legacy "<token>___<n>" form, and "None" for no token. */
    expect_decoding("abc___4", "abc", 4);
    expect_decoding("None___2", "", 2);
    /* Anything else is the service's own token, used as is. */
    expect_decoding("AAAB+xyz/pg5==", "AAAB+xyz/pg5==", 0);
    expect_decoding("abc___x", "abc___x", 0);
    expect_decoding("garbage", "garbage", 0);
}

static void refuses_impossible_tokens(void **state)
{
    sso_cli_resume_t r;
    char huge[SSO_NEXT_TOKEN_MAX + 2];
    (void)state;
    assert_int_equal(sso_cli_resume_decode("a___b___1", &r), -1);
    assert_int_equal(sso_cli_resume_decode("abc___-1", &r), -1);
    /* base64 of {"nextToken": 5} and of {"nextToken": null, "boto_truncate_amount": -1} */
    assert_int_equal(sso_cli_resume_decode("eyJuZXh0VG9rZW4iOiA1fQ==", &r), -1);
    assert_int_equal(sso_cli_resume_decode(
                         "eyJuZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAtMX0=", &r),
                     -1);
    memset(huge, 'x', sizeof huge - 1);
    huge[sizeof huge - 1] = '\0';
    assert_int_equal(sso_cli_resume_decode(huge, &r), -1);
}

static void round_trips(void **state)
{
    static const char *const tokens[] = {"", "t", "AAAB+abc/pg20==", "with \"quotes\" \\ /",
                                         "\xe2\x98\x83 snow"};
    static const long truncs[] = {-1, 0, 1, 99, 123456};
    size_t i, j;
    (void)state;
    for (i = 0; i < sizeof tokens / sizeof tokens[0]; i++) {
        for (j = 0; j < sizeof truncs / sizeof truncs[0]; j++) {
            sso_cli_buf_t b;
            sso_cli_resume_t r;
            sso_cli_buf_init(&b);
            sso_cli_resume_encode(&b, tokens[i], truncs[j]);
            assert_int_equal(sso_cli_resume_decode(b.data, &r), 0);
            assert_string_equal(r.token, tokens[i]);
            assert_int_equal(r.truncate, truncs[j] < 0 ? 0 : truncs[j]);
            sso_cli_buf_free(&b);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(encodes_like_the_aws_cli),
        cmocka_unit_test(decodes_every_form),
        cmocka_unit_test(refuses_impossible_tokens),
        cmocka_unit_test(round_trips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
