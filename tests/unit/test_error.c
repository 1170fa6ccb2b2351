/* The error model's pieces: code sanitizing, retry classification, and the
 * error models read from headers and bodies (the portal's restJson1 and the
 * OAuth shape SSO OIDC uses). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "sso_http_resp.h"
#include "sso_json_split.h"
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

/* A response's error sources through one model: an optional
 * X-Amzn-ErrorType value, then the body through the JSON splitter. */
typedef struct model_run {
    sso_error_reader_t r;
    const sso_error_model_t *m;
} model_run_t;

static int model_string(void *user, int idx, const char *piece, size_t len)
{
    model_run_t *k = (model_run_t *)user;
    sso_error_string(&k->r, k->m->members[idx].tag, piece, len);
    return SSO_OK;
}

static int model_item(void *user, int idx, char *text, size_t len)
{
    (void)user;
    (void)idx;
    (void)text;
    (void)len;
    fail_msg("error models have no list or object members");
    return SSO_OK;
}

static const sso_service_error_t *read_error(unsigned model, const char *header, const char *body,
                                             unsigned status)
{
    static sso_service_error_t e;
    static char item[256];
    model_run_t k;
    sso_json_split_t s;
    sso_json_sink_t sink;
    k.m = &sso_error_models[model];
    sink.user = &k;
    sink.members = k.m->members;
    sink.n_members = k.m->n_members;
    sink.on_item = model_item;
    sink.on_string = model_string;
    sso_error_begin(&k.r, &e);
    if (header) {
        sso_error_header(&k.r, SSO_HDR_ERROR_TYPE, NULL, 0);
        sso_error_header(&k.r, SSO_HDR_ERROR_TYPE, header, strlen(header));
    }
    sso_error_header(&k.r, SSO_HDR_REQUEST_ID, NULL, 0);
    sso_error_header(&k.r, SSO_HDR_REQUEST_ID, "rid-1", 5);
    sso_json_split_init(&s, item, sizeof(item));
    assert_int_equal(sso_json_split_feed(&s, &sink, (const uint8_t *)body, strlen(body)), SSO_OK);
    sso_error_end(&k.r, status);
    assert_string_equal(e.request_id, "rid-1");
    assert_int_equal(e.http_status, (int)status);
    return &e;
}

static void test_error_models(void **state)
{
    const sso_service_error_t *e;
    (void)state;
    /* restJson1: header over code over __type, whatever the body order;
     * message over Message */
    e = read_error(SSO_ERRORS_REST_JSON, NULL,
                   "{\"Message\":\"m2\",\"__type\":\"a#T\",\"code\":\"C\",\"message\":\"m1\"}",
                   400);
    assert_string_equal(e->code, "C");
    assert_string_equal(e->message, "m1");
    e = read_error(SSO_ERRORS_REST_JSON, "H:http://x/", "{\"code\":\"C\",\"__type\":\"T\"}", 400);
    assert_string_equal(e->code, "H");
    e = read_error(SSO_ERRORS_REST_JSON, NULL, "{\"__type\":\"T\",\"Message\":\"m2\"}", 404);
    assert_string_equal(e->code, "T");
    assert_string_equal(e->message, "m2");
    e = read_error(SSO_ERRORS_REST_JSON, NULL, "{}", 503);
    assert_string_equal(e->code, "503");
    /* OAuth (SSO OIDC): the code from the header only, never from the
     * body's "error"; the message from error_description, else "error" */
    e = read_error(SSO_ERRORS_OAUTH,
                   "AuthorizationPendingException:http://internal.amazon.com/coral/x/",
                   "{\"error\":\"authorization_pending\",\"error_description\":\"wait\","
                   "\"message\":\"not this\"}",
                   400);
    assert_string_equal(e->code, "AuthorizationPendingException");
    assert_string_equal(e->message, "wait");
    e = read_error(SSO_ERRORS_OAUTH, NULL, "{\"error\":\"invalid_grant\",\"code\":\"X\"}", 400);
    assert_string_equal(e->code, "400");
    assert_string_equal(e->message, "invalid_grant");
    e = read_error(SSO_ERRORS_OAUTH, NULL, "{\"error_description\":\"d\",\"error\":\"e\"}", 400);
    assert_string_equal(e->message, "d");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sanitize_every_split), cmocka_unit_test(test_retryable_codes),
        cmocka_unit_test(test_retryable_statuses),   cmocka_unit_test(test_text_ok_and_wipe),
        cmocka_unit_test(test_error_models),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
