/* Timestamps: the three expiresAt forms of PROTOCOL §6 and numeric
 * offsets, calendar validation, and epoch-ms to ISO-8601 for
 * credential_process (expected values from Python's datetime). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cli_time.h"

static int64_t parse_ok(const char *s)
{
    int64_t v = 0x7777;

    assert_int_equal(sso_cli_parse_timestamp(s, &v), 0);
    return v;
}

static void parses_cache_forms(void **state)
{
    (void)state;
    assert_int_equal(parse_ok("2019-11-14T04:05:45Z"), 1573704345);
    assert_int_equal(parse_ok("2021-12-11T07:18:18UTC"), 1639207098);
    assert_int_equal(parse_ok("2023-03-16T15:11:53.540Z"), 1678979513);
    assert_int_equal(parse_ok("2023-03-16T17:11:53+02:00"), 1678979513);
    assert_int_equal(parse_ok("2023-03-16T10:41:53-0430"), 1678979513);
    assert_int_equal(parse_ok("2023-03-16 15:11:53Z"), 1678979513);
    assert_int_equal(parse_ok("2024-02-29T23:59:59Z"), 1709251199);
    assert_int_equal(parse_ok("1969-07-20T20:17:40Z"), -14182940);
    assert_int_equal(parse_ok("1970-01-01T00:00:00Z"), 0);
}

static void rejects_bad_timestamps(void **state)
{
    static const char *const bad[] = {
        "",
        "2023-03-16",
        "2023-03-16T15:11:53",      /* no zone: local time is a guess */
        "2023-02-29T00:00:00Z",     /* not a leap year */
        "2023-13-01T00:00:00Z",     /* month */
        "2023-04-31T00:00:00Z",     /* day */
        "2023-03-16T24:00:00Z",     /* hour */
        "2023-03-16T15:60:00Z",     /* minute */
        "2023-03-16T15:11:53.Z",    /* empty fraction */
        "2023-03-16T15:11:53ZZ",    /* trailing junk */
        "2023-03-16T15:11:53+2:00", /* offset digits */
        "23-03-16T15:11:53Z",
        "2023/03/16T15:11:53Z",
    };
    size_t i;
    int64_t v;
    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(sso_cli_parse_timestamp(bad[i], &v), -1);
    }
    assert_int_equal(sso_cli_parse_timestamp(NULL, &v), -1);
}

static void expect_iso(int64_t ms, const char *want)
{
    char out[SSO_CLI_ISO8601_LEN];

    memset(out, 'x', sizeof out);
    assert_int_equal(sso_cli_format_iso8601(ms, out), 0);
    assert_string_equal(out, want);
}

static void formats_iso8601(void **state)
{
    char out[SSO_CLI_ISO8601_LEN];
    (void)state;
    expect_iso(1796079600000, "2026-11-30T23:00:00Z");
    expect_iso(951782400000, "2000-02-29T00:00:00Z");
    expect_iso(1709251199999, "2024-02-29T23:59:59Z"); /* milliseconds are dropped */
    expect_iso(0, "1970-01-01T00:00:00Z");
    expect_iso(-1, "1969-12-31T23:59:59Z"); /* floor, not towards zero */
    expect_iso(253402300799999, "9999-12-31T23:59:59Z");
    assert_int_equal(sso_cli_format_iso8601(253402300800000, out), -1);
}

static void round_trips_every_day_of_a_leap_cycle(void **state)
{
    int64_t day;
    (void)state;
    /* 2000-01-01 .. 2003-12-31 plus 2100-02-28/03-01 (not a leap year). */
    for (day = 10957; day < 10957 + 1461; day++) {
        char s[SSO_CLI_ISO8601_LEN];
        int64_t back;
        assert_int_equal(sso_cli_format_iso8601((day * 86400 + 3723) * 1000, s), 0);
        assert_int_equal(sso_cli_parse_timestamp(s, &back), 0);
        assert_int_equal(back, day * 86400 + 3723);
    }
    expect_iso(4107456000000, "2100-02-28T00:00:00Z");
    expect_iso(4107542400000, "2100-03-01T00:00:00Z");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_cache_forms),
        cmocka_unit_test(rejects_bad_timestamps),
        cmocka_unit_test(formats_iso8601),
        cmocka_unit_test(round_trips_every_day_of_a_leap_cycle),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
