/* The pieces behind the AWS CLI's error texts, without a network: the body
 * of a raw response (chunked or not), botocore's message rule for non-JSON
 * bodies, and the URL of a failed request with botocore's query order (the
 * expected strings were printed by /usr/bin/aws against a closed port). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cli_errbody.h"
#include "cli_url.h"

static void test_http_body(void **state)
{
    static const char plain[] = "HTTP/1.1 403 Forbidden\r\nContent-Length: 5\r\n\r\nhello";
    static const char chunked[] = "HTTP/1.1 503 x\r\ntransfer-encoding: Chunked\r\n\r\n"
                                  "3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\n\r\n";
    char out[64];

    (void)state;
    assert_int_equal(sso_cli_http_body((const uint8_t *)plain, strlen(plain), out, sizeof out), 5);
    assert_string_equal(out, "hello");
    assert_int_equal(sso_cli_http_body((const uint8_t *)chunked, strlen(chunked), out, sizeof out),
                     5);
    assert_string_equal(out, "abcde");
    assert_int_equal(sso_cli_http_body((const uint8_t *)"HTTP/1.1 200", 12, out, sizeof out), 0);
    assert_int_equal(sso_cli_http_body((const uint8_t *)plain, strlen(plain), out, 3), 2);
    assert_string_equal(out, "he");
}

static void test_message_rule(void **state)
{
    (void)state;
    assert_string_equal(sso_cli_error_message(503, "", ""), "Service Unavailable");
    assert_string_equal(sso_cli_error_message(502, "", "  <html><b>x</b></html>"), "Bad Gateway");
    assert_string_equal(sso_cli_error_message(503, "", "busy\n"), "busy\n");
    assert_string_equal(sso_cli_error_message(403, "", "<html>no</html>"), "<html>no</html>");
    assert_string_equal(sso_cli_error_message(401, "", ""), "");
    assert_string_equal(sso_cli_error_message(400, "", "  "), "  ");
    assert_string_equal(sso_cli_error_message(400, "bad", "{\"message\":\"bad\"}"), "bad");
    assert_string_equal(sso_cli_error_message(400, "", "{\"__type\":\"X\"}"), "");
    assert_string_equal(sso_cli_reason_phrase(599), "");
}

static void test_request_url(void **state)
{
    sso_cli_args_t a;
    char out[512];

    (void)state;
    memset(&a, 0, sizeof a);
    a.paginate = 1;
    a.command = SSO_CLI_CMD_LIST_ACCOUNT_ROLES;
    a.account_id = "12";
    a.page_size = 3;
    sso_cli_request_url(&a, "HTTP://127.0.0.1:1/pre/", "", NULL, NULL, 0, out, sizeof out);
    assert_string_equal(out, "http://127.0.0.1:1/pre/assignment/roles?account_id=12&max_result=3");
    sso_cli_request_url(&a, NULL, "portal.sso.eu-west-1.amazonaws.com", NULL, "t%2B", 4, out,
                        sizeof out);
    assert_string_equal(out, "https://portal.sso.eu-west-1.amazonaws.com/assignment/roles?"
                             "account_id=12&max_result=3&next_token=t%2B");
    sso_cli_request_url(&a, NULL, "h", "s t", NULL, 0, out, sizeof out);
    assert_string_equal(out,
                        "https://h/assignment/roles?account_id=12&next_token=s%20t&max_result=3");
    a.paginate = 0;
    a.page_size = 0;
    a.max_results = 2;
    a.next_token = "x y";
    sso_cli_request_url(&a, "http://127.0.0.1:1", "", NULL, NULL, 0, out, sizeof out);
    assert_string_equal(out, "http://127.0.0.1:1/assignment/roles?next_token=x%20y&max_result=2"
                             "&account_id=12");
    a.command = SSO_CLI_CMD_GET_ROLE_CREDENTIALS;
    a.role_name = "R&D";
    sso_cli_request_url(&a, "http://127.0.0.1:1", "", NULL, NULL, 0, out, sizeof out);
    assert_string_equal(out,
                        "http://127.0.0.1:1/federation/credentials?role_name=R%26D&account_id=12");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_http_body),
        cmocka_unit_test(test_message_rule),
        cmocka_unit_test(test_request_url),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
