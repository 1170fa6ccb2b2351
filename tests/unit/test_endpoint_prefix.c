/* An endpoint URL with a path prefix: every request path is sent under it
 * ("https://h/pre" sends "/pre/logout"), with or without a trailing slash,
 * whatever the scheme's case; the Host header is unchanged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "sso_script.h"

static sso_script_t script;
static sso_client_t client;
static uint8_t work[4096];

static void sent_line(const char *url, const char *want)
{
    sso_transport_t t;
    sso_platform_t p;
    sso_config_t cfg;

    sso_script_init(&script);
    sso_script_add_str(&script, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    sso_script_transport(&script, &t, 0);
    sso_script_platform(&script, &p);
    memset(&cfg, 0, sizeof cfg);
    cfg.endpoint_url = url;
    cfg.work_buf = work;
    cfg.work_len = sizeof work;
    cfg.transport = &t;
    cfg.platform = &p;
    assert_int_equal(sso_client_init(&client, &cfg), SSO_OK);
    assert_int_equal(sso_logout(&client, "tok"), SSO_OK);
    print_message("%s -> %.60s\n", url, (const char *)script.sent);
    assert_true(script.sent_len > strlen(want));
    assert_memory_equal(script.sent, want, strlen(want));
    sso_client_close(&client);
}

static void test_prefix(void **state)
{
    (void)state;
    sent_line("http://127.0.0.1:8080", "POST /logout HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n");
    sent_line("http://127.0.0.1:8080/", "POST /logout HTTP/1.1\r\n");
    sent_line("http://127.0.0.1:8080/pre", "POST /pre/logout HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n");
    sent_line("HTTP://127.0.0.1:8080/a/b/", "POST /a/b/logout HTTP/1.1\r\n");
    sent_line("http://[::1]:9/x%20y//", "POST /x%20y/logout HTTP/1.1\r\nHost: [::1]:9\r\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_prefix)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
