/* The CLI's proxy choice: NO_PROXY matching as Python's urllib does it (the
 * expected column was produced by proxy_bypass_environment of Python 3.11,
 * which /usr/bin/aws uses), proxy URL parsing with botocore's fix-ups and
 * masking, and which variable wins. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cli_proxy_env.h"

static void test_no_proxy_table(void **state)
{
    static const struct {
        const char *no_proxy, *netloc;
        int bypass;
    } cases[] = {
        {"*", "a.example.com", 1},
        {"* ", "a.example.com", 0},
        {"example.com", "a.example.com", 1},
        {".example.com", "a.example.com", 1},
        {"example.com", "example.com", 1},
        {"..example.com", "b.example.com", 1},
        {"ample.com", "example.com", 0},
        {"EXAMPLE.com", "A.Example.COM", 1},
        {"localhost:8443", "localhost:8443", 1},
        {"localhost:8443", "localhost:9443", 0},
        {"localhost", "localhost:9443", 1},
        {"127.0.0.1", "127.0.0.1:4443", 1},
        {"0.0.1", "127.0.0.1:4443", 1},
        {"127.0.0.0/8", "127.0.0.1:4443", 0},
        {"[::1]", "[::1]:4443", 1},
        {"::1", "[::1]:4443", 0},
        {" foo.com , .example.com ", "x.example.com", 1},
        {"foo.com,,bar.com", "bar.com", 1},
        {"*.example.com", "a.example.com", 0},
        {"a.*", "a.b", 0},
        {"", "x.com", 0},
        {",", ".x", 0},
        {"amazonaws.com", "portal.sso.us-east-1.amazonaws.com", 1},
        {"x.com:", "x.com", 0},
        {"example.com:443", "example.com:443", 1},
        {"1:443", "example.com:443", 0},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        print_message("no_proxy '%s' host '%s'\n", cases[i].no_proxy, cases[i].netloc);
        assert_int_equal(sso_cli_no_proxy_match(cases[i].no_proxy, cases[i].netloc),
                         cases[i].bypass);
    }
    assert_int_equal(sso_cli_no_proxy_match(NULL, "x"), 0);
}

static void test_parse(void **state)
{
    sso_cli_proxy_t p;
    char err[256];

    (void)state;
    assert_int_equal(sso_cli_proxy_parse("proxy.corp:3128", &p, err, sizeof err), 0);
    assert_string_equal(p.host, "proxy.corp");
    assert_int_equal(p.port, 3128);
    assert_int_equal(p.has_auth, 0);
    assert_string_equal(p.masked, "http://proxy.corp:3128");

    assert_int_equal(sso_cli_proxy_parse("//10.0.0.1", &p, err, sizeof err), 0);
    assert_string_equal(p.host, "10.0.0.1");
    assert_int_equal(p.port, 80);
    assert_string_equal(p.masked, "http://10.0.0.1");

    assert_int_equal(
        sso_cli_proxy_parse("http://al%40ice:s3%3Acr%25t@[::1]:8080/x", &p, err, sizeof err), 0);
    assert_string_equal(p.host, "::1");
    assert_int_equal(p.port, 8080);
    assert_int_equal(p.has_auth, 1);
    assert_string_equal(p.user, "al@ice");
    assert_string_equal(p.pass, "s3:cr%t");
    assert_string_equal(p.masked, "http://***:***@[::1]:8080/x");

    /* botocore sends no credentials unless both parts are non-empty. */
    assert_int_equal(sso_cli_proxy_parse("http://user@h:1", &p, err, sizeof err), 0);
    assert_int_equal(p.has_auth, 0);
    assert_string_equal(p.masked, "http://***@h:1");
    assert_int_equal(sso_cli_proxy_parse("http://user:@h:1", &p, err, sizeof err), 0);
    assert_int_equal(p.has_auth, 0);

    assert_int_equal(sso_cli_proxy_parse("https://u:secret@h:1", &p, err, sizeof err), -1);
    assert_non_null(strstr(err, "https://"));
    assert_null(strstr(err, "secret"));
    assert_int_equal(sso_cli_proxy_parse("http://u:secret@h:99999", &p, err, sizeof err), -1);
    assert_null(strstr(err, "secret"));
    assert_int_equal(p.pass[0], '\0'); /* wiped on failure */
    assert_int_equal(sso_cli_proxy_parse("http://h:0", &p, err, sizeof err), -1);
    assert_int_equal(sso_cli_proxy_parse("http://h:8x", &p, err, sizeof err), -1);
    assert_int_equal(sso_cli_proxy_parse("http://:80", &p, err, sizeof err), -1);
    assert_int_equal(sso_cli_proxy_parse("http://[::1", &p, err, sizeof err), -1);
    assert_int_equal(sso_cli_proxy_parse("http:h", &p, err, sizeof err), -1);
}

/* A fake environment: NULL-terminated name/value pairs. */
static const char *const *fake_env;

static const char *fake_get(const char *name)
{
    size_t i;
    for (i = 0; fake_env[i] != NULL; i += 2) {
        if (strcmp(fake_env[i], name) == 0) {
            return fake_env[i + 1];
        }
    }
    return NULL;
}

static const char *pick(const char *endpoint, const char *const *env, sso_cli_proxy_t *p)
{
    char err[256];
    fake_env = env;
    assert_int_equal(sso_cli_proxy_from_env(endpoint, fake_get, p, err, sizeof err), 0);
    return p->use ? p->host : "";
}

static void test_env_precedence(void **state)
{
    static const char *const none[] = {NULL};
    static const char *const upper[] = {"HTTPS_PROXY", "up:1", "HTTP_PROXY", "plain:2", NULL};
    static const char *const both[] = {"HTTPS_PROXY", "up:1", "https_proxy", "low:1", NULL};
    static const char *const empty_low[] = {"HTTPS_PROXY", "up:1", "https_proxy", "", NULL};
    static const char *const cgi[] = {"HTTP_PROXY", "plain:2", "REQUEST_METHOD", "GET", NULL};
    static const char *const cgi_low[] = {"http_proxy", "low:2", "REQUEST_METHOD", "GET", NULL};
    static const char *const bypass[] = {"HTTPS_PROXY", "up:1", "NO_PROXY", "amazonaws.com", NULL};
    static const char *const low_no[] = {"HTTPS_PROXY", "up:1", "NO_PROXY", "amazonaws.com",
                                         "no_proxy",    "",     NULL};
    static const char *const all[] = {"ALL_PROXY", "all:1", "all_proxy", "all:1", NULL};
    const char *portal = "https://portal.sso.us-east-1.amazonaws.com";
    sso_cli_proxy_t p;

    (void)state;
    assert_string_equal(pick(portal, none, &p), "");
    assert_string_equal(pick(portal, upper, &p), "up");
    assert_string_equal(p.source, "HTTPS_PROXY");
    assert_string_equal(pick("http://127.0.0.1:8080", upper, &p), "plain");
    assert_string_equal(pick("HTTPS://x.example", upper, &p), "up");
    assert_string_equal(pick(portal, both, &p), "low");
    assert_string_equal(p.source, "https_proxy");
    assert_string_equal(pick(portal, empty_low, &p), "");
    assert_string_equal(pick("http://127.0.0.1:8080", cgi, &p), "");
    assert_string_equal(pick("http://127.0.0.1:8080", cgi_low, &p), "low");
    assert_string_equal(pick(portal, bypass, &p), "");
    assert_string_equal(p.source, "NO_PROXY");
    assert_string_equal(pick("https://localhost:4443/prefix", bypass, &p), "up");
    assert_string_equal(pick(portal, low_no, &p), "up"); /* empty no_proxy hides NO_PROXY */
    assert_string_equal(pick(portal, all, &p), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_proxy_table),
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_env_precedence),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
