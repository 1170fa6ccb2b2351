/* The SSO OIDC operations over the scripted transport (PROTOCOL §7): the
 * exact requests (POST, JSON body with Content-Type and Content-Length, no
 * bearer header, the OIDC host), the responses mapped whole, the OIDC error
 * model (exception from x-amzn-ErrorType before ':', message from
 * error_description, else error), retries of 5xx, refusals before any I/O
 * (bad input, a body larger than the working buffer) and that outputs are
 * zeroed and the working buffer wiped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <tinysso/sso_login.h>

#include "sso_fixture.h"

#define ERR_NS ":http://internal.amazon.com/coral/com.amazonaws.sso.oidc/"

static sso_registration_t reg;
static sso_device_auth_t auth;
static sso_token_t tok;

/* The canned responses of a test, freed after it. */
static char *kept[32];
static unsigned n_kept;

static const char *keep(char *s)
{
    assert_true(n_kept < sizeof kept / sizeof kept[0]);
    kept[n_kept++] = s;
    return s;
}

static int free_kept(void **state)
{
    (void)state;
    while (n_kept) {
        free(kept[--n_kept]);
    }
    return 0;
}

static fx_t *oidc_fx(size_t work, const char *body_or_null, const char *status, const char *headers)
{
    fx_t *f = fx_new(work);
    assert_int_equal(sso_oidc_client_init(&f->c, &f->cfg), SSO_OK);
    if (body_or_null) {
        sso_script_add_str(&f->s, keep(fx_resp(status, headers, body_or_null)));
    }
    return f;
}

static void registered(void)
{
    memset(&reg, 0, sizeof reg);
    strcpy(reg.client_id, "cid-1");
    strcpy(reg.client_secret, "sec\"ret\\1");
}

/* The body of the last request: what follows its blank line. */
static const char *sent_body(fx_t *f)
{
    const char *p = (const char *)f->s.sent, *last = NULL;
    assert_true(f->s.sent_len < SSO_SCRIPT_SENT_MAX);
    f->s.sent[f->s.sent_len] = 0;
    while ((p = strstr(p, "\r\n\r\n")) != NULL) {
        last = p += 4;
    }
    assert_non_null(last);
    return last;
}

static void test_oidc_host(void **state)
{
    fx_t *f = fx_new(2048);
    (void)state;
    assert_int_equal(sso_oidc_client_init(&f->c, &f->cfg), SSO_OK);
    assert_string_equal(sso_client_host(&f->c), "oidc.us-east-2.amazonaws.com");
    f->cfg.use_fips = 1;
    assert_int_equal(sso_oidc_client_init(&f->c, &f->cfg), SSO_OK);
    assert_string_equal(sso_client_host(&f->c), "oidc-fips.us-east-2.amazonaws.com");
    f->cfg.region = "bad region";
    assert_int_equal(sso_oidc_client_init(&f->c, &f->cfg), SSO_ERR_ENDPOINT);
    free(f);
}

static void test_register_client(void **state)
{
    static const char *const scopes[] = {"sso:account:access", "a\"b"};
    fx_t *f = oidc_fx(4096,
                      "{\"clientId\":\"cid-7\",\"clientSecret\":\"s3cr3t\",\"clientIdIssuedAt\":"
                      "1700000000,\"clientSecretExpiresAt\":1707776000,\"extra\":{\"x\":[1]}}",
                      "200 OK", "");
    (void)state;
    assert_int_equal(sso_register_client(&f->c, "tinysso", scopes, 2, &reg), SSO_OK);
    assert_string_equal(reg.client_id, "cid-7");
    assert_string_equal(reg.client_secret, "s3cr3t");
    assert_int_equal(reg.issued_at, 1700000000);
    assert_int_equal(reg.expires_at, 1707776000);
    assert_true(fx_sent_has(f, "POST /client/register HTTP/1.1\r\n"));
    assert_true(fx_sent_has(f, "Host: oidc.us-east-2.amazonaws.com\r\n"));
    assert_true(fx_sent_has(f, "Content-Type: application/json\r\n"));
    assert_false(fx_sent_has(f, "x-amz-sso_bearer_token"));
    assert_string_equal(sent_body(f), "{\"clientName\":\"tinysso\",\"clientType\":\"public\","
                                      "\"scopes\":[\"sso:account:access\",\"a\\\"b\"]}");
    {
        char cl[64];
        snprintf(cl, sizeof cl, "Content-Length: %zu\r\n", strlen(sent_body(f)));
        assert_true(fx_sent_has(f, cl));
    }
    /* No scopes: no member at all. */
    sso_script_add_str(&f->s, keep(fx_resp("200 OK", "",
                                           "{\"clientId\":\"c\",\"clientSecret\":\"s\","
                                           "\"clientSecretExpiresAt\":1}")));
    assert_int_equal(sso_register_client(&f->c, "n", NULL, 0, &reg), SSO_OK);
    assert_string_equal(sent_body(f), "{\"clientName\":\"n\",\"clientType\":\"public\"}");
    free(f);
}

static void test_device_authorization_and_tokens(void **state)
{
    fx_t *f = oidc_fx(4096,
                      "{\"deviceCode\":\"dc\",\"userCode\":\"ABCD-EFGH\",\"verificationUri\":"
                      "\"https://device.sso.us-east-2.amazonaws.com/\",\"verificationUriComplete\":"
                      "\"https://device.sso.us-east-2.amazonaws.com/?user_code=ABCD-EFGH\","
                      "\"expiresIn\":600,\"interval\":5}",
                      "200 OK", "");
    (void)state;
    registered();
    assert_int_equal(
        sso_start_device_authorization(&f->c, &reg, "https://x.awsapps.com/start#/", &auth),
        SSO_OK);
    assert_string_equal(auth.user_code, "ABCD-EFGH");
    assert_int_equal(auth.expires_in, 600);
    assert_int_equal(auth.interval, 5);
    assert_string_equal(sent_body(f),
                        "{\"clientId\":\"cid-1\",\"clientSecret\":\"sec\\\"ret\\\\1\","
                        "\"startUrl\":\"https://x.awsapps.com/start#/\"}");
    /* Both grants. The idToken is not kept; refreshToken may be absent. */
    sso_script_add_str(&f->s, keep(fx_resp("200 OK", "",
                                           "{\"accessToken\":\"at\",\"tokenType\":\"Bearer\","
                                           "\"expiresIn\":28800,\"refreshToken\":\"rt\","
                                           "\"idToken\":\"eyJ\"}")));
    assert_int_equal(sso_create_token(&f->c, &reg, "dc", &tok), SSO_OK);
    assert_string_equal(tok.access_token, "at");
    assert_string_equal(tok.refresh_token, "rt");
    assert_string_equal(tok.token_type, "Bearer");
    assert_int_equal(tok.expires_in, 28800);
    assert_true(fx_sent_has(f, "POST /token HTTP/1.1\r\n"));
    assert_string_equal(
        sent_body(f), "{\"clientId\":\"cid-1\",\"clientSecret\":\"sec\\\"ret\\\\1\",\"grantType\":"
                      "\"urn:ietf:params:oauth:grant-type:device_code\",\"deviceCode\":\"dc\"}");
    sso_script_add_str(&f->s, keep(fx_resp("200 OK", "",
                                           "{\"accessToken\":\"at2\",\"tokenType\":\"Bearer\","
                                           "\"expiresIn\":3600}")));
    assert_int_equal(sso_refresh_token(&f->c, &reg, "rt", &tok), SSO_OK);
    assert_string_equal(tok.access_token, "at2");
    assert_string_equal(tok.refresh_token, "");
    assert_true(fx_sent_has(f, "\"grantType\":\"refresh_token\",\"refreshToken\":\"rt\"}"));
    free(f);
}

/* The OIDC error model: exception name from the header, cut at ':';
 * message from error_description, else error, whatever their order. */
static void test_error_model(void **state)
{
    static const struct {
        const char *status, *headers, *body, *code, *message;
    } cases[] = {
        {"400 Bad Request", "x-amzn-ErrorType: AuthorizationPendingException" ERR_NS "\r\n",
         "{\"error\":\"authorization_pending\",\"error_description\":\"wait\"}",
         "AuthorizationPendingException", "wait"},
        {"400 Bad Request", "X-Amzn-ErrorType: SlowDownException\r\n",
         "{\"error_description\":\"slower\",\"error\":\"slow_down\"}", "SlowDownException",
         "slower"},
        {"400 Bad Request", "x-amzn-ErrorType: InvalidGrantException" ERR_NS "\r\n",
         "{\"error\":\"invalid_grant\"}", "InvalidGrantException", "invalid_grant"},
        {"401 Unauthorized", "x-amzn-ErrorType: InvalidClientException\r\n", "{}",
         "InvalidClientException", ""},
        /* No header: the status, as restJson1 says; the body still
         * gives the message. */
        {"400 Bad Request", "", "{\"error\":\"expired_token\"}", "400", "expired_token"},
        /* A proxy's page instead of JSON: the status stays. */
        {"502 Bad Gateway", "", "<html>bad</html>", "502", ""},
    };
    size_t i;
    (void)state;
    registered();
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fx_t *f = oidc_fx(4096, cases[i].body, cases[i].status, cases[i].headers);
        const sso_service_error_t *e;
        f->cfg.max_attempts = 1;
        assert_int_equal(sso_oidc_client_init(&f->c, &f->cfg), SSO_OK);
        memset(&tok, 0x5a, sizeof tok);
        assert_int_equal(sso_create_token(&f->c, &reg, "dc", &tok), SSO_ERR_SERVICE);
        e = sso_client_last_error(&f->c);
        assert_string_equal(e->code, cases[i].code);
        assert_string_equal(e->message, cases[i].message);
        /* On failure the output holds nothing. */
        assert_int_equal(tok.access_token[0], 0);
        assert_int_equal(tok.expires_in, 0);
        free(f);
    }
}

/* A 500 is retried by the operation (standard mode); AuthorizationPending
 * and SlowDown are not (the polling helper paces those). */
static void test_retries(void **state)
{
    static const char *const resps[] = {
        "HTTP/1.1 500 Internal Server Error\r\nx-amzn-ErrorType: InternalServerException\r\n"
        "Content-Length: 2\r\n\r\n{}",
        "HTTP/1.1 200 OK\r\nContent-Length: 37\r\n\r\n{\"accessToken\":\"a\",\"expiresIn\":10}   ",
    };
    static char buf[1024];
    fx_t *f = oidc_fx(4096, NULL, NULL, NULL);
    (void)state;
    registered();
    sso_script_add_str(&f->s, resps[0]);
    sso_script_add_str(&f->s, resps[1]);
    assert_int_equal(sso_create_token(&f->c, &reg, "dc", &tok), SSO_OK);
    assert_int_equal(sso_client_last_error(&f->c)->attempts, 2);
    assert_int_equal(sso_script_sent_count(&f->s, "POST /token"), 2);
    /* The body was sent whole both times. */
    assert_int_equal(sso_script_sent_count(&f->s, "\"deviceCode\":\"dc\"}"), 2);
    free(f);
    f = oidc_fx(4096, NULL, NULL, NULL);
    (void)buf;
    sso_script_add_str(
        &f->s, keep(fx_resp("400 Bad Request", "x-amzn-ErrorType: SlowDownException\r\n", "{}")));
    assert_int_equal(sso_create_token(&f->c, &reg, "dc", &tok), SSO_ERR_SERVICE);
    assert_int_equal(sso_client_last_error(&f->c)->attempts, 1);
    free(f);
}

static void test_missing_fields_and_bad_json(void **state)
{
    fx_t *f = oidc_fx(4096, "{\"tokenType\":\"Bearer\",\"expiresIn\":1}", "200 OK", "");
    (void)state;
    registered();
    assert_int_equal(sso_create_token(&f->c, &reg, "dc", &tok), SSO_ERR_MISSING_FIELD);
    sso_script_add_str(&f->s, keep(fx_resp("200 OK", "", "{\"accessToken\":\"a\",}")));
    assert_int_equal(sso_create_token(&f->c, &reg, "dc", &tok), SSO_ERR_JSON);
    sso_script_add_str(&f->s, keep(fx_resp("200 OK", "", "{\"accessToken\":7,\"expiresIn\":1}")));
    assert_int_equal(sso_create_token(&f->c, &reg, "dc", &tok), SSO_ERR_JSON);
    sso_script_add_str(
        &f->s, keep(fx_resp("200 OK", "", "{\"clientId\":\"c\",\"clientSecretExpiresAt\":1}")));
    assert_int_equal(sso_register_client(&f->c, "n", NULL, 0, &reg), SSO_ERR_MISSING_FIELD);
    assert_int_equal(reg.client_id[0], 0);
    free(f);
}

/* Refused before any I/O: bad arguments, and a body that does not fit the
 * working buffer (less its I/O part). */
static void test_refused_before_io(void **state)
{
    static char long_url[4096];
    fx_t *f = oidc_fx(1024, NULL, NULL, NULL);
    (void)state;
    registered();
    assert_int_equal(sso_register_client(&f->c, "", NULL, 0, &reg), SSO_ERR_INVALID_ARG);
    assert_int_equal(sso_register_client(&f->c, "n", NULL, 2, &reg), SSO_ERR_INVALID_ARG);
    memset(&tok, 0x5a, sizeof tok);
    assert_int_equal(sso_create_token(&f->c, &reg, "", &tok), SSO_ERR_INVALID_ARG);
    assert_int_equal(tok.access_token[0], 0); /* empty on bad input too (fuzz_oidc) */
    assert_int_equal(tok.expires_in, 0);
    assert_int_equal(sso_create_token(&f->c, &reg, "a\nb", &tok), SSO_ERR_INVALID_ARG);
    assert_int_equal(sso_refresh_token(&f->c, &reg, NULL, &tok), SSO_ERR_INVALID_ARG);
    assert_int_equal(sso_start_device_authorization(&f->c, NULL, "u", &auth), SSO_ERR_INVALID_ARG);
    reg.client_secret[0] = 0;
    assert_int_equal(sso_create_token(&f->c, &reg, "dc", &tok), SSO_ERR_INVALID_ARG);
    registered();
    {
        static const char *const bad[] = {"\xff"};
        assert_int_equal(sso_register_client(&f->c, "n", bad, 1, &reg), SSO_ERR_INVALID_ARG);
        /* A failed call leaves its output empty. */
        assert_int_equal(reg.client_id[0], 0);
    }
    registered();
    /* 1024 - 256 bytes of I/O leave 768 for the body. */
    memset(long_url, 'u', 800);
    assert_int_equal(sso_start_device_authorization(&f->c, &reg, long_url, &auth),
                     SSO_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(f->s.connects, 0);
    assert_int_equal(f->s.sent_len, 0);
    free(f);
}

/* After a call no secret is left in the working buffer. */
static void test_secrets_wiped(void **state)
{
    fx_t *f = oidc_fx(4096,
                      "{\"accessToken\":\"AT-SECRET-1\",\"refreshToken\":\"RT-SECRET-2\","
                      "\"expiresIn\":5}",
                      "200 OK", "");
    size_t i;
    (void)state;
    registered();
    strcpy(reg.client_secret, "CLIENT-SECRET-3");
    assert_int_equal(sso_refresh_token(&f->c, &reg, "RT-OLD-4", &tok), SSO_OK);
    for (i = 0; i + 6 < f->work_len; i++) {
        assert_false(memcmp(f->work + i, "SECRET", 6) == 0);
        assert_false(memcmp(f->work + i, "RT-OLD", 6) == 0);
    }
    free(f);
}

static int prompt_seen;

static int on_prompt(void *user, const sso_login_prompt_t *p)
{
    (void)user;
    if (p->polls == 0) {
        assert_string_equal(p->user_code, "UC-1");
    }
    prompt_seen++;
    return 0;
}

/* The whole device flow through sso_oidc_api() on the real operations:
 * RegisterClient, StartDeviceAuthorization, a pending poll, then a token;
 * the waits come from the scripted platform's clock, none is real. */
static void test_device_login_bound(void **state)
{
    static const char *const resps[] = {
        "HTTP/1.1 200 OK\r\nContent-Length: 64\r\n\r\n"
        "{\"clientId\":\"c\",\"clientSecret\":\"s\",\"clientSecretExpiresAt\":9}   ",
        "HTTP/1.1 200 OK\r\nContent-Length: 139\r\n\r\n"
        "{\"deviceCode\":\"d\",\"userCode\":\"UC-1\",\"verificationUri\":\"https://v/\","
        "\"verificationUriComplete\":\"https://v/?c\",\"expiresIn\":60,\"interval\":2}   ",
        "HTTP/1.1 400 Bad Request\r\nx-amzn-ErrorType: AuthorizationPendingException\r\n"
        "Content-Length: 2\r\n\r\n{}",
        "HTTP/1.1 200 OK\r\nContent-Length: 33\r\n\r\n{\"accessToken\":\"T\",\"expiresIn\":9}",
    };
    static char buf[2048];
    fx_t *f = oidc_fx(4096, NULL, NULL, NULL);
    sso_oidc_api_t api;
    sso_device_login_t dl;
    (void)state;
    sso_script_add_seq(&f->s, buf, sizeof buf, resps, 2);
    sso_script_add_str(&f->s, resps[2]);
    sso_script_add_str(&f->s, resps[3]);
    sso_oidc_api(&api, &f->c);
    memset(&dl, 0, sizeof dl);
    dl.start_url = "https://d/start";
    dl.client_name = "n";
    dl.on_prompt = on_prompt;
    memset(&reg, 0, sizeof reg);
    prompt_seen = 0;
    assert_int_equal(sso_device_login(&api, &f->p, &dl, &reg, &auth, &tok), SSO_OK);
    assert_string_equal(reg.client_id, "c");
    assert_string_equal(tok.access_token, "T");
    assert_int_equal(prompt_seen, 2);
    /* Two waits of the 2 s interval, on the fake clock. */
    assert_true(f->s.slept_ms >= 4000);
    assert_ptr_equal(api.last_error(api.ctx), sso_client_last_error(&f->c));
    free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_oidc_host, free_kept),
        cmocka_unit_test_teardown(test_register_client, free_kept),
        cmocka_unit_test_teardown(test_device_authorization_and_tokens, free_kept),
        cmocka_unit_test_teardown(test_error_model, free_kept),
        cmocka_unit_test_teardown(test_retries, free_kept),
        cmocka_unit_test_teardown(test_missing_fields_and_bad_json, free_kept),
        cmocka_unit_test_teardown(test_refused_before_io, free_kept),
        cmocka_unit_test_teardown(test_secrets_wiped, free_kept),
        cmocka_unit_test_teardown(test_device_login_bound, free_kept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
