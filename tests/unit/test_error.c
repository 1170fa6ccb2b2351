/* The error model's pieces: code sanitizing and retry classification. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "sso_service_error.h"
#include "sso_util.h"

static const char *sanitize(const char *in, size_t split, char *out, size_t cap)
{
    sso_code_acc_t a;
    size_t n = strlen(in);
    sso_code_begin(&a, out, cap);
    sso_code_push(&a, in, split < n ? split : n);
    if (split < n) {
        sso_code_push(&a, in + split, n - split);
    }
    return sso_code_ok(&a) ? out : NULL;
}

static void test_sanitize_every_split(void **state)
{
    static const char *const in[] = {
        "FooError",
        "FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
        "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/x/",
        "aws.different.namespace#FooError",
        "a#b#FooError",
        "FooError:with#hash/after/colon",
    };
    size_t i, k;
    char out[64];
    (void)state;
    for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
        for (k = 0; k <= strlen(in[i]); k++) {
            const char *r = sanitize(in[i], k, out, sizeof(out));
            assert_non_null(r);
            assert_string_equal(r, "FooError");
        }
    }
    assert_null(sanitize("", 0, out, sizeof(out)));
    assert_null(sanitize(":x", 0, out, sizeof(out)));
    assert_null(sanitize("ns#", 1, out, sizeof(out)));
    /* A code that does not fit is unusable, not cut. */
    assert_null(sanitize("ABCDEFGHIJ", 3, out, 10));
    assert_string_equal(sanitize("ABCDEFGHI", 3, out, 10), "ABCDEFGHI");
    /* ... unless a later '#' starts over. */
    assert_string_equal(sanitize("ABCDEFGHIJKLMNOP#Short", 3, out, 10), "Short");
}

static void test_retryable_codes(void **state)
{
    static const char *const yes[] = {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "TransactionInProgressException",
        "RequestLimitExceeded",
        "BandwidthLimitExceeded",
        "LimitExceededException",
        "RequestThrottled",
        "SlowDown",
        "PriorRequestNotComplete",
        "EC2ThrottledException",
        "RequestTimeout",
        "RequestTimeoutException",
    };
    static const char *const no[] = {
        "Throttled",
        "TooManyRequests",
        "SlowDownException",
        "RequestLimitExceededException",
        "ThrottlingExceptio",
        "ThrottlingExceptionX",
        "InvalidRequestException",
        "UnauthorizedException",
        "ResourceNotFoundException",
        "",
        "Throttl",
        "LimitExceeded",
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
        assert_int_equal(sso_retryable(SSO_ERR_SERVICE, 400, yes[i]), 1);
    }
    for (i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
        assert_int_equal(sso_retryable(SSO_ERR_SERVICE, 400, no[i]), 0);
    }
}

static void test_retryable_statuses(void **state)
{
    int s;
    (void)state;
    assert_int_equal(sso_retryable(SSO_ERR_SERVICE, 500, "500"), 1);
    assert_int_equal(sso_retryable(SSO_ERR_SERVICE, 502, "X"), 1);
    assert_int_equal(sso_retryable(SSO_ERR_SERVICE, 503, "X"), 1);
    assert_int_equal(sso_retryable(SSO_ERR_SERVICE, 504, "X"), 1);
    assert_int_equal(sso_retryable(SSO_ERR_SERVICE, 501, "501"), 0);
    assert_int_equal(sso_retryable(SSO_ERR_SERVICE, 404, "404"), 0);
    for (s = SSO_OK; s >= SSO_ERR_FIELD_INVALID; s--) {
        int want = s == SSO_ERR_DNS || s == SSO_ERR_CONNECT || s == SSO_ERR_TIMEOUT ||
                   s == SSO_ERR_TRANSPORT || s == SSO_ERR_TRUNCATED;
        if (s != SSO_ERR_SERVICE) {
            assert_int_equal(sso_retryable(s, 0, ""), want);
        }
    }
}

static void test_text_ok_and_wipe(void **state)
{
    char buf[8] = "secret!";
    size_t i;
    (void)state;
    assert_int_equal(sso_text_ok("abc+/=:"), 1);
    assert_int_equal(sso_text_ok("caf\xc3\xa9"), 1);
    assert_int_equal(sso_text_ok(""), 0);
    assert_int_equal(sso_text_ok(NULL), 0);
    assert_int_equal(sso_text_ok("a\rb"), 0);
    assert_int_equal(sso_text_ok("a\x7f"), 0);
    sso_wipe(buf, sizeof(buf));
    for (i = 0; i < sizeof(buf); i++) {
        assert_int_equal(buf[i], 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sanitize_every_split),
        cmocka_unit_test(test_retryable_codes),
        cmocka_unit_test(test_retryable_statuses),
        cmocka_unit_test(test_text_ok_and_wipe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
