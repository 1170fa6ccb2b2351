/* The device-authorization polling helper against a scripted fake service
 * and a fake clock: every wait it makes is recorded, so the tests prove the
 * RFC 8628 timing (interval before each poll, +5 s per slow_down, never a
 * poll after the code's end or the caller's deadline), the stop conditions
 * (expired, denied, cancel) and that transient failures keep it polling. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <tinysso/sso_login.h>

#define MAX_STEPS 1024

typedef struct step {
    sso_status_t st;
    const char *code;
    int http;
    int retryable;
} step_t;

typedef struct fake {
    uint64_t now_ms;
    uint32_t sleeps[MAX_STEPS];
    unsigned n_sleeps;
    uint64_t poll_at[MAX_STEPS]; /* fake time of each CreateToken call */
    unsigned polls;
    const step_t *script;
    unsigned n_script;
    sso_service_error_t err;
    unsigned registers, starts;
    int cancel_at; /* prompt call index that cancels, -1 never */
    unsigned prompts;
    sso_login_prompt_t first_prompt;
    uint32_t last_interval;
} fake_t;

static uint64_t f_now(void *ctx)
{
    return ((fake_t *)ctx)->now_ms;
}

static void f_sleep(void *ctx, uint32_t ms)
{
    fake_t *f = ctx;
    assert_true(f->n_sleeps < MAX_STEPS);
    f->sleeps[f->n_sleeps++] = ms;
    f->now_ms += ms;
}

static uint32_t f_rand(void *ctx)
{
    (void)ctx;
    return 0;
}

static sso_status_t f_register(void *ctx, const char *name, const char *const *scopes, size_t n,
                               sso_registration_t *reg)
{
    fake_t *f = ctx;
    assert_string_equal(name, "device-7");
    assert_int_equal(n, 1);
    assert_string_equal(scopes[0], "sso:account:access");
    f->registers++;
    memset(reg, 0, sizeof(*reg));
    strcpy(reg->client_id, "cid-1");
    strcpy(reg->client_secret, "secret-1");
    reg->expires_at = 2000000000;
    return SSO_OK;
}

static sso_status_t f_start(void *ctx, const sso_registration_t *reg, const char *url,
                            sso_device_auth_t *auth)
{
    fake_t *f = ctx;
    assert_string_equal(reg->client_id, "cid-1");
    assert_string_equal(url, "https://d-1234.awsapps.com/start");
    f->starts++;
    memset(auth, 0, sizeof(*auth));
    strcpy(auth->device_code, "devcode");
    strcpy(auth->user_code, "ABCD-EFGH");
    strcpy(auth->verification_uri, "https://device.sso.us-east-1.amazonaws.com/");
    strcpy(auth->verification_uri_complete,
           "https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH");
    auth->expires_in = 600;
    auth->interval = 1;
    return SSO_OK;
}

static sso_status_t f_create(void *ctx, const sso_registration_t *reg, const char *device_code,
                             sso_token_t *tok)
{
    fake_t *f = ctx;
    const step_t *s;
    assert_string_equal(reg->client_id, "cid-1");
    assert_string_equal(device_code, "devcode");
    assert_true(f->polls < MAX_STEPS);
    f->poll_at[f->polls] = f->now_ms;
    s = f->polls < f->n_script ? &f->script[f->polls] : &f->script[f->n_script - 1];
    f->polls++;
    memset(&f->err, 0, sizeof f->err);
    memset(tok, 0, sizeof(*tok));
    if (s->st == SSO_OK) {
        strcpy(tok->access_token, "access-1");
        strcpy(tok->refresh_token, "refresh-1");
        tok->expires_in = 28800;
        return SSO_OK;
    }
    if (s->code) {
        strcpy(f->err.code, s->code);
    }
    f->err.http_status = s->http;
    f->err.retryable = (uint8_t)s->retryable;
    return s->st;
}

static const sso_service_error_t *f_last_error(void *ctx)
{
    return &((fake_t *)ctx)->err;
}

static int f_prompt(void *user, const sso_login_prompt_t *p)
{
    fake_t *f = user;
    int cancel;
    if (f->prompts == 0) {
        f->first_prompt = *p;
    }
    assert_int_equal(p->polls, f->polls);
    assert_string_equal(p->user_code, "ABCD-EFGH");
    f->last_interval = p->interval_s;
    cancel = f->cancel_at >= 0 && (int)f->prompts == f->cancel_at;
    f->prompts++;
    return cancel;
}

static fake_t fk;
static sso_oidc_api_t api;
static sso_platform_t plat;
static sso_registration_t reg;
static sso_device_auth_t auth;
static sso_token_t tok;
static const char *const scopes[] = {"sso:account:access"};
static sso_device_login_t login;

static int setup(void **state)
{
    (void)state;
    memset(&fk, 0, sizeof fk);
    fk.now_ms = 1000000;
    fk.cancel_at = -1;
    api.ctx = &fk;
    api.register_client = f_register;
    api.start_device_authorization = f_start;
    api.create_token = f_create;
    api.refresh_token = NULL;
    api.last_error = f_last_error;
    plat.ctx = &fk;
    plat.now_ms = f_now;
    plat.sleep_ms = f_sleep;
    plat.random_u32 = f_rand;
    memset(&reg, 0, sizeof reg);
    memset(&auth, 0, sizeof auth);
    memset(&tok, 0x5a, sizeof tok);
    memset(&login, 0, sizeof login);
    login.start_url = "https://d-1234.awsapps.com/start";
    login.client_name = "device-7";
    login.scopes = scopes;
    login.n_scopes = 1;
    login.on_prompt = f_prompt;
    login.user = &fk;
    return 0;
}

static sso_status_t run(const step_t *script, unsigned n)
{
    fk.script = script;
    fk.n_script = n;
    return sso_device_login(&api, &plat, &login, &reg, &auth, &tok);
}

#define PENDING                                                                                    \
    {                                                                                              \
        SSO_ERR_SERVICE, "AuthorizationPendingException", 400, 0                                   \
    }
#define SLOW                                                                                       \
    {                                                                                              \
        SSO_ERR_SERVICE, "SlowDownException", 400, 0                                               \
    }
#define SUCCESS                                                                                    \
    {                                                                                              \
        SSO_OK, NULL, 200, 0                                                                       \
    }

/* pending, slow_down, pending, slow_down, success: each wait is the interval
 * in force, and every slow_down adds 5 s for good. */
static void test_pending_slow_down_success(void **state)
{
    static const step_t s[] = {PENDING, SLOW, PENDING, SLOW, SUCCESS};
    static const uint32_t want[] = {1000, 1000, 6000, 6000, 11000};
    unsigned i;
    (void)state;
    assert_int_equal(run(s, 5), SSO_OK);
    assert_string_equal(tok.access_token, "access-1");
    assert_string_equal(tok.refresh_token, "refresh-1");
    assert_int_equal(fk.registers, 1);
    assert_int_equal(fk.starts, 1);
    assert_int_equal(fk.polls, 5);
    assert_int_equal(fk.n_sleeps, 5);
    for (i = 0; i < 5; i++) {
        assert_int_equal(fk.sleeps[i], want[i]);
    }
    /* The gaps between polls, as a server would see them. */
    for (i = 1; i < 5; i++) {
        assert_true(fk.poll_at[i] - fk.poll_at[i - 1] >= want[i]);
    }
    /* The application got the codes before the first poll. */
    assert_int_equal(fk.first_prompt.polls, 0);
    assert_int_equal(fk.first_prompt.expires_in_s, 600);
    assert_int_equal(fk.first_prompt.interval_s, 1);
    assert_string_equal(fk.first_prompt.verification_uri_complete,
                        "https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH");
    /* The spent device code is wiped. */
    assert_int_equal(auth.device_code[0], '\0');
}

static void test_reuses_registration(void **state)
{
    static const step_t s[] = {SUCCESS};
    (void)state;
    strcpy(reg.client_id, "cid-1");
    strcpy(reg.client_secret, "secret-1");
    assert_int_equal(run(s, 1), SSO_OK);
    assert_int_equal(fk.registers, 0);
}

static void test_expired_and_denied_stop(void **state)
{
    static const step_t expired[] = {PENDING, {SSO_ERR_SERVICE, "ExpiredTokenException", 400, 0}};
    static const step_t denied[] = {{SSO_ERR_SERVICE, "AccessDeniedException", 400, 0}};
    (void)state;
    assert_int_equal(run(expired, 2), SSO_ERR_SERVICE);
    assert_string_equal(fk.err.code, "ExpiredTokenException");
    assert_int_equal(fk.polls, 2);
    assert_int_equal(tok.access_token[0], '\0');
    setup(NULL);
    assert_int_equal(run(denied, 1), SSO_ERR_SERVICE);
    assert_string_equal(fk.err.code, "AccessDeniedException");
    assert_int_equal(fk.polls, 1);
}

/* A 5xx or a dropped connection (already retried by the operation) does
 * not end the login: polling goes on at the same interval. */
static void test_transient_failures_keep_polling(void **state)
{
    static const step_t s[] = {PENDING,
                               {SSO_ERR_SERVICE, "InternalServerException", 500, 1},
                               {SSO_ERR_TRANSPORT, NULL, 0, 0},
                               {SSO_ERR_TIMEOUT, NULL, 0, 0},
                               SUCCESS};
    (void)state;
    assert_int_equal(run(s, 5), SSO_OK);
    assert_int_equal(fk.polls, 5);
    assert_int_equal(fk.last_interval, 1);
}

/* A failure that is neither pending nor transient ends it at once. */
static void test_other_errors_stop(void **state)
{
    static const step_t s[] = {{SSO_ERR_SERVICE, "InvalidClientException", 401, 0}};
    static const step_t j[] = {PENDING, {SSO_ERR_JSON, NULL, 0, 0}};
    (void)state;
    assert_int_equal(run(s, 1), SSO_ERR_SERVICE);
    assert_int_equal(fk.polls, 1);
    setup(NULL);
    assert_int_equal(run(j, 2), SSO_ERR_JSON);
    assert_int_equal(fk.polls, 2);
}

/* Always pending: it stops when the next poll would come at or after the
 * end of the code's 600 s life, never polling then. */
static void test_code_lifetime_bounds_polling(void **state)
{
    static const step_t s[] = {PENDING};
    uint64_t start = fk.now_ms;
    (void)state;
    assert_int_equal(run(s, 1), SSO_ERR_TIMEOUT);
    assert_int_equal(fk.polls, 599);
    assert_true(fk.poll_at[fk.polls - 1] - start < 600000);
    assert_true(fk.now_ms - start < 600000);
}

/* The caller's deadline, and a transient failure as the last word. */
static void test_caller_deadline(void **state)
{
    static const step_t s[] = {PENDING, SLOW, PENDING};
    static const step_t down[] = {{SSO_ERR_CONNECT, NULL, 0, 0}};
    uint64_t start = fk.now_ms;
    (void)state;
    login.deadline_ms = 20000;
    assert_int_equal(run(s, 3), SSO_ERR_TIMEOUT);
    /* 1 + 1 (slow_down) + 6 + 6 = 14 s; a next poll at 20 s is too late. */
    assert_int_equal(fk.polls, 4);
    assert_true(fk.now_ms - start < 20000);
    setup(NULL);
    login.deadline_ms = 5500;
    assert_int_equal(run(down, 1), SSO_ERR_CONNECT);
    assert_int_equal(fk.polls, 5);
}

static void test_cancel_from_callback(void **state)
{
    static const step_t s[] = {PENDING};
    (void)state;
    fk.cancel_at = 0;
    assert_int_equal(run(s, 1), SSO_ERR_ABORTED);
    assert_int_equal(fk.polls, 0);
    setup(NULL);
    fk.cancel_at = 3;
    assert_int_equal(run(s, 1), SSO_ERR_ABORTED);
    assert_int_equal(fk.polls, 3);
}

/* No interval given: RFC 8628's 5 s. */
static void test_default_interval(void **state)
{
    static const step_t s[] = {PENDING, SUCCESS};
    (void)state;
    strcpy(reg.client_id, "cid-1");
    memset(&auth, 0, sizeof auth);
    strcpy(auth.device_code, "devcode");
    strcpy(auth.user_code, "ABCD-EFGH");
    auth.expires_in = 300;
    fk.script = s;
    fk.n_script = 2;
    assert_int_equal(sso_login_poll(&api, &plat, &login, &reg, &auth, &tok), SSO_OK);
    assert_int_equal(fk.sleeps[0], 5000);
    assert_int_equal(fk.sleeps[1], 5000);
}

static sso_status_t f_register_fails(void *ctx, const char *name, const char *const *sc, size_t n,
                                     sso_registration_t *reg_out)
{
    (void)ctx;
    (void)name;
    (void)sc;
    (void)n;
    memset(reg_out, 0, sizeof(*reg_out));
    return SSO_ERR_CONNECT;
}

static sso_status_t f_start_fails(void *ctx, const sso_registration_t *r, const char *url,
                                  sso_device_auth_t *a)
{
    ((fake_t *)ctx)->starts++;
    (void)r;
    (void)url;
    memset(a, 0, sizeof(*a));
    return SSO_ERR_SERVICE;
}

/* A failed RegisterClient or StartDeviceAuthorization ends the flow with
 * its status, before any poll and without showing a code. */
static void test_setup_failures(void **state)
{
    static const step_t s[] = {SUCCESS};
    (void)state;
    api.register_client = f_register_fails;
    assert_int_equal(run(s, 1), SSO_ERR_CONNECT);
    assert_int_equal(fk.polls + fk.prompts + fk.starts, 0);
    setup(NULL);
    api.start_device_authorization = f_start_fails;
    assert_int_equal(run(s, 1), SSO_ERR_SERVICE);
    assert_int_equal(fk.registers, 1);
    assert_int_equal(fk.starts, 1);
    assert_int_equal(fk.polls + fk.prompts, 0);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    assert_int_equal(sso_login_poll(NULL, &plat, &login, &reg, &auth, &tok), SSO_ERR_INVALID_ARG);
    assert_int_equal(sso_login_poll(&api, &plat, &login, &reg, &auth, &tok), SSO_ERR_INVALID_ARG);
    login.on_prompt = NULL;
    strcpy(auth.device_code, "devcode");
    assert_int_equal(sso_login_poll(&api, &plat, &login, &reg, &auth, &tok), SSO_ERR_INVALID_ARG);
    assert_int_equal(sso_device_login(&api, &plat, NULL, &reg, &auth, &tok), SSO_ERR_INVALID_ARG);
    assert_int_equal(fk.polls, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_pending_slow_down_success, setup),
        cmocka_unit_test_setup(test_reuses_registration, setup),
        cmocka_unit_test_setup(test_expired_and_denied_stop, setup),
        cmocka_unit_test_setup(test_transient_failures_keep_polling, setup),
        cmocka_unit_test_setup(test_other_errors_stop, setup),
        cmocka_unit_test_setup(test_code_lifetime_bounds_polling, setup),
        cmocka_unit_test_setup(test_caller_deadline, setup),
        cmocka_unit_test_setup(test_cancel_from_callback, setup),
        cmocka_unit_test_setup(test_default_interval, setup),
        cmocka_unit_test_setup(test_bad_arguments, setup),
        cmocka_unit_test_setup(test_setup_failures, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
