/* ~/.aws/config profiles (sso-session and legacy forms, the INI rules the
 * AWS CLI's parser follows), the cache file name, and cache file parsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cli_config.h"

static const char config[] = "# comment\n"
                             "; another\n"
                             "[default]\n"
                             "region = eu-west-1\n"
                             "sso_start_url = https://d-92671207e4.awsapps.com/start\n"
                             "sso_region = us-east-1\n"
                             "\n"
                             "[profile dev]\n"
                             "sso_session = admin\n"
                             "sso_account_id = 111122223333\n"
                             "SSO_Role_Name = Admin\n"
                             "region = ap-south-1\n"
                             "s3 =\n"
                             "  sso_region = nested-is-not-ours\n"
                             "\n"
                             "[sso-session admin]\n"
                             "sso_start_url=https://my.awsapps.com/start#/\n"
                             "sso_region : eu-central-1\n"
                             "sso_registration_scopes = sso:account:access\n"
                             "\n"
                             "[profile   spaced  ]\n"
                             "sso_session = missing\n"
                             "\n"
                             "[profile plain]\n"
                             "region = us-west-2\n"
                             "\r\n"
                             "[profile legacy]\r\n"
                             "sso_start_url = https://legacy.awsapps.com/start\r\n"
                             "sso_region = ca-central-1\r\n"
                             "sso_region = ca-west-1\r\n";

static sso_cli_profile_t load(const char *name)
{
    sso_cli_profile_t p;

    memset(&p, 0x55, sizeof p);
    assert_int_equal(sso_cli_profile_parse(config, sizeof config - 1, name, &p), 0);
    return p;
}

static void legacy_default_profile(void **state)
{
    sso_cli_profile_t p = load("default");
    (void)state;
    assert_true(p.found);
    assert_string_equal(p.sso_session, "");
    assert_string_equal(p.start_url, "https://d-92671207e4.awsapps.com/start");
    assert_string_equal(p.sso_region, "us-east-1");
    assert_string_equal(p.region, "eu-west-1");
    assert_string_equal(p.scopes, "");
    assert_string_equal(sso_cli_cache_key(&p), "https://d-92671207e4.awsapps.com/start");
}

static void session_profile(void **state)
{
    sso_cli_profile_t p = load("dev");
    (void)state;
    assert_true(p.found);
    assert_true(p.session_found);
    assert_string_equal(p.sso_session, "admin");
    assert_string_equal(p.start_url, "https://my.awsapps.com/start#/");
    /* ':' separates too; the nested s3 key is not the profile's. */
    assert_string_equal(p.sso_region, "eu-central-1");
    assert_string_equal(p.region, "ap-south-1");
    assert_string_equal(p.scopes, "sso:account:access");
    assert_string_equal(sso_cli_cache_key(&p), "admin");
}

static void odd_profiles(void **state)
{
    sso_cli_profile_t p;
    (void)state;
    p = load("spaced");
    assert_true(p.found);
    assert_false(p.session_found);
    assert_string_equal(p.sso_session, "missing");
    p = load("plain");
    assert_true(p.found);
    assert_string_equal(p.start_url, "");
    assert_string_equal(p.region, "us-west-2");
    /* CRLF lines; the last value wins. */
    p = load("legacy");
    assert_true(p.found);
    assert_string_equal(p.start_url, "https://legacy.awsapps.com/start");
    assert_string_equal(p.sso_region, "ca-west-1");
    p = load("nope");
    assert_false(p.found);
    assert_string_equal(p.start_url, "");
    /* "admin" is a session, not a profile. */
    p = load("admin");
    assert_false(p.found);
}

static void too_long_value_is_an_error(void **state)
{
    static char text[4096];
    sso_cli_profile_t p;
    size_t n;
    (void)state;
    n = (size_t)snprintf(text, sizeof text, "[default]\nsso_region = ");
    memset(text + n, 'a', 100);
    text[n + 100] = '\n';
    assert_int_equal(sso_cli_profile_parse(text, n + 101, "default", &p), -1);
}

static void cache_path_uses_sha1(void **state)
{
    char path[256];
    (void)state;
    assert_int_equal(sso_cli_cache_path("/home/u", "admin", path, sizeof path), 0);
    assert_string_equal(path,
                        "/home/u/.aws/sso/cache/d033e22ae348aeb5660fc2140aec35850c4da997.json");
    assert_int_equal(
        sso_cli_cache_path("/home/u/", "https://d-92671207e4.awsapps.com/start", path, sizeof path),
        0);
    assert_string_equal(path,
                        "/home/u/.aws/sso/cache/13f9d35043871d073ab260e020f0ffde092cb14b.json");
    assert_int_equal(sso_cli_cache_path("/home/u", "admin", path, 40), -1);
}

static void token_files(void **state)
{
    static sso_cli_cached_token_t t;
    const char *why = NULL;
    const char good[] = "{\"startUrl\": \"https://x\", \"region\": \"us-east-1\", \"accessToken\": "
                        "\"aoa\\/xyz\", \"expiresAt\": \"2023-03-16T15:11:53.540Z\", "
                        "\"clientId\": \"c\", \"refreshToken\": \"r\"}";
    (void)state;
    assert_int_equal(sso_cli_token_parse(good, strlen(good), &t, &why), 0);
    assert_string_equal(t.access_token, "aoa/xyz");
    assert_int_equal(t.expires_at, 1678979513);

#define BAD(text, reason)                                                                          \
    do {                                                                                           \
        why = NULL;                                                                                \
        assert_int_equal(sso_cli_token_parse(text, strlen(text), &t, &why), -1);                   \
        assert_non_null(why);                                                                      \
        assert_non_null(strstr(why, reason));                                                      \
        assert_string_equal(t.access_token, "");                                                   \
    } while (0)
    BAD("{\"accessToken\": \"a\"}", "expiresAt");
    BAD("{\"expiresAt\": \"2019-11-14T04:05:45Z\"}", "accessToken");
    BAD("{\"accessToken\": null, \"expiresAt\": \"2019-11-14T04:05:45Z\"}", "accessToken");
    BAD("{\"accessToken\": \"\", \"expiresAt\": \"2019-11-14T04:05:45Z\"}", "empty");
    BAD("{\"accessToken\": \"a\", \"expiresAt\": \"tomorrow\"}", "timestamp");
    BAD("{\"accessToken\": \"a\", \"expiresAt\": 1573704345}", "expiresAt");
    BAD("{\"accessToken\": \"a\", \"expiresAt\": \"2019-11-14T04:05:45Z\"", "JSON");
    BAD("", "JSON");
#undef BAD
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(legacy_default_profile), cmocka_unit_test(session_profile),
        cmocka_unit_test(odd_profiles),           cmocka_unit_test(too_long_value_is_an_error),
        cmocka_unit_test(cache_path_uses_sha1),   cmocka_unit_test(token_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
