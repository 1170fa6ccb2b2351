/* The token lifecycle helper driven by a fake wall clock and a fake
 * service: 30 simulated days of a device ticking every minute with 1-hour
 * access tokens (refresh tokens rotated only sometimes, transient failures
 * injected), role credentials renewed from their expiration; then the ways
 * it must end in a new device login (registration expired, refresh token
 * refused) and the backoff after transient failures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <tinysso/sso_login.h>

#define DAY 86400
#define T0 1800000000 /* 2027-01-15, an arbitrary epoch start */

typedef struct fake {
    int64_t now;
    unsigned calls, issued;
    char current_refresh[64]; /* the refresh token the service honours */
    int64_t expires_at;       /* of the access token the client holds */
    uint32_t window;
    int fail_every;     /* every nth call fails transiently (0: never) */
    int rotate_every;   /* every nth success returns a new refresh token */
    int always_fail;    /* every call fails transiently */
    int empty_token;    /* succeed with no access token */
    const char *refuse; /* every call fails with this exception */
    int64_t last_call;
    sso_service_error_t err;
} fake_t;

static fake_t fk;

static sso_status_t f_refresh(void *ctx, const sso_registration_t *reg, const char *refresh,
                              sso_token_t *tok)
{
    fake_t *f = ctx;
    memset(tok, 0, sizeof(*tok));
    memset(&f->err, 0, sizeof f->err);
    f->calls++;
    f->last_call = f->now;
    assert_string_equal(reg->client_id, "cid");
    /* Only inside the window, never early; and always with the refresh
     * token the service handed out last. */
    assert_true(f->now >= f->expires_at - (int64_t)f->window);
    assert_string_equal(refresh, f->current_refresh);
    if (f->refuse) {
        strcpy(f->err.code, f->refuse);
        f->err.http_status = 400;
        return SSO_ERR_SERVICE;
    }
    if (f->always_fail || (f->fail_every && f->calls % (unsigned)f->fail_every == 0)) {
        if (f->calls % 2) {
            return SSO_ERR_TIMEOUT;
        }
        strcpy(f->err.code, "InternalServerException");
        f->err.http_status = 500;
        f->err.retryable = 1;
        return SSO_ERR_SERVICE;
    }
    if (f->empty_token) {
        return SSO_OK;
    }
    f->issued++;
    snprintf(tok->access_token, sizeof tok->access_token, "access-%u", f->issued);
    if (f->rotate_every && f->issued % (unsigned)f->rotate_every == 0) {
        snprintf(f->current_refresh, sizeof f->current_refresh, "refresh-%u", f->issued);
        strcpy(tok->refresh_token, f->current_refresh);
    }
    tok->expires_in = 3600;
    return SSO_OK;
}

static const sso_service_error_t *f_last_error(void *ctx)
{
    return &((fake_t *)ctx)->err;
}

static sso_oidc_api_t api = {&fk, NULL, NULL, NULL, f_refresh, f_last_error};
static sso_token_life_t life;
static sso_token_t scratch;

static void start(int64_t reg_expires_at, const char *refresh)
{
    sso_registration_t reg;
    sso_token_t tok;
    memset(&fk, 0, sizeof fk);
    memset(&reg, 0, sizeof reg);
    memset(&tok, 0, sizeof tok);
    strcpy(reg.client_id, "cid");
    strcpy(reg.client_secret, "csecret");
    reg.expires_at = reg_expires_at;
    strcpy(tok.access_token, "access-0");
    strcpy(tok.refresh_token, refresh);
    strcpy(fk.current_refresh, refresh);
    tok.expires_in = 3600;
    fk.now = T0;
    sso_life_init(&life);
    fk.window = life.refresh_window_s;
    assert_int_equal(life.refresh_window_s, 600);
    assert_int_equal(sso_life_start(&life, &reg, &tok, fk.now), SSO_OK);
    fk.expires_at = life.expires_at;
}

static sso_life_state_t tick(sso_status_t *st)
{
    sso_life_state_t r = sso_life_tick(&life, &api, fk.now, &scratch, st);
    fk.expires_at = life.expires_at;
    /* The scratch token never keeps a secret after a tick. */
    assert_int_equal(scratch.access_token[0], '\0');
    return r;
}

/* 30 days, one tick a minute. */
static void test_thirty_days(void **state)
{
    int64_t creds_exp_ms = 0, end = T0 + 30 * DAY;
    unsigned refreshed = 0, retry = 0, renewals = 0, ticks = 0;
    (void)state;
    start(T0 + 90 * DAY, "refresh-0");
    fk.fail_every = 7;
    fk.rotate_every = 3;
    for (; fk.now < end; fk.now += 60, ticks++) {
        sso_status_t st;
        sso_life_state_t r = tick(&st);
        const char *t = sso_life_token(&life, fk.now);
        assert_true(r == SSO_LIFE_VALID || r == SSO_LIFE_REFRESHED || r == SSO_LIFE_RETRY_LATER);
        refreshed += r == SSO_LIFE_REFRESHED;
        retry += r == SSO_LIFE_RETRY_LATER;
        assert_int_equal(r == SSO_LIFE_VALID || r == SSO_LIFE_REFRESHED, st == SSO_OK);
        /* Never a minute without a valid access token, and it is the one
         * the service issued last. */
        assert_non_null(t);
        if (fk.issued) {
            char want[32];
            snprintf(want, sizeof want, "access-%u", fk.issued);
            assert_string_equal(t, want);
        }
        /* Role credentials of one hour, renewed when due, never expired. */
        if (sso_life_creds_due(&life, creds_exp_ms, fk.now)) {
            assert_true(creds_exp_ms == 0 ||
                        fk.now * 1000 >= creds_exp_ms - (int64_t)life.creds_window_s * 1000);
            creds_exp_ms = (fk.now + 3600) * 1000;
            renewals++;
        }
        assert_true(fk.now * 1000 < creds_exp_ms);
    }
    assert_int_equal(ticks, 30 * 24 * 60);
    /* A refresh per ~50 minutes (3600 s minus the 600 s window). */
    assert_true(refreshed >= 30 * 24 * 60 / 51);
    assert_true(refreshed <= 30 * 24 * 60 / 49);
    assert_int_equal(refreshed, life.refreshes);
    assert_int_equal(refreshed, fk.issued);
    assert_true(retry > 0 && retry == fk.calls - fk.issued);
    assert_true(renewals >= 30 * 24 * 60 / 56 && renewals <= 30 * 24 * 60 / 54);
    assert_string_equal(life.refresh_token, fk.current_refresh);
    assert_int_equal(life.login_needed, 0);
}

/* The registration ends on day 20: refreshes stop, the token is used to
 * its end, and then a new device login is asked for. */
static void test_registration_expires(void **state)
{
    int64_t reg_end = T0 + 20 * DAY, login_at = 0, last_valid = 0;
    (void)state;
    start(reg_end, "refresh-0");
    for (; fk.now < T0 + 21 * DAY; fk.now += 60) {
        sso_life_state_t r = tick(NULL);
        if (sso_life_token(&life, fk.now)) {
            last_valid = fk.now;
        }
        if (r == SSO_LIFE_LOGIN_NEEDED) {
            login_at = fk.now;
            break;
        }
    }
    assert_true(login_at > reg_end);
    assert_true(login_at <= reg_end + 3600 + 60);
    assert_true(fk.last_call < reg_end);
    assert_true(last_valid >= reg_end);
    /* Everything secret is gone; asking again changes nothing. */
    assert_int_equal(life.access_token[0], '\0');
    assert_int_equal(life.refresh_token[0], '\0');
    assert_int_equal(life.reg.client_secret[0], '\0');
    assert_int_equal(tick(NULL), SSO_LIFE_LOGIN_NEEDED);
    assert_null(sso_life_token(&life, fk.now));
}

static void test_invalid_grant_needs_login(void **state)
{
    sso_status_t st;
    (void)state;
    start(T0 + 90 * DAY, "refresh-0");
    fk.refuse = "InvalidGrantException";
    fk.now = life.expires_at - 599;
    assert_int_equal(tick(&st), SSO_LIFE_LOGIN_NEEDED);
    assert_int_equal(st, SSO_ERR_SERVICE);
    assert_int_equal(fk.calls, 1);
    assert_null(sso_life_token(&life, fk.now));
    assert_int_equal(life.refresh_token[0], '\0');
}

/* The service keeps failing transiently: the still-valid token stays in
 * use, attempts back off (30, 60, 120, 240 s, then every 300 s), and after
 * the token's end the helper keeps trying without a token to hand out. */
static void test_transient_failure_keeps_token(void **state)
{
    int64_t prev = 0, times[32] = {0};
    unsigned n = 0, i;
    int64_t end;
    (void)state;
    start(T0 + 90 * DAY, "refresh-0");
    fk.always_fail = 1;
    end = life.expires_at;
    for (fk.now = T0; fk.now < end + 1800; fk.now += 1) {
        sso_status_t st;
        sso_life_state_t r = tick(&st);
        if (fk.last_call == fk.now && fk.calls > n) {
            assert_true(n < 32);
            times[n++] = fk.now;
            assert_int_equal(r, SSO_LIFE_RETRY_LATER);
            assert_int_not_equal(st, SSO_OK);
        }
        if (fk.now < end) {
            assert_string_equal(sso_life_token(&life, fk.now), "access-0");
        } else {
            assert_null(sso_life_token(&life, fk.now));
            assert_int_equal(r, SSO_LIFE_RETRY_LATER);
        }
    }
    assert_true(n >= 6);
    assert_int_equal(times[0], end - 600);
    for (i = 1; i < n; i++) {
        int64_t gap = times[i] - times[i - 1], want = 30 << (i - 1);
        assert_int_equal(gap, want < 300 ? want : 300);
        prev = times[i];
    }
    assert_true(prev > end);
    /* It recovers as soon as the service does. */
    fk.always_fail = 0;
    fk.now = life.retry_at;
    assert_int_equal(tick(NULL), SSO_LIFE_REFRESHED);
    assert_string_equal(sso_life_token(&life, fk.now), "access-1");
    assert_string_equal(life.refresh_token, "refresh-0");
}

/* Without a refresh token the access token is used to its end. */
static void test_without_refresh_token(void **state)
{
    (void)state;
    start(T0 + 90 * DAY, "");
    fk.now = life.expires_at - 1;
    assert_int_equal(tick(NULL), SSO_LIFE_VALID);
    assert_non_null(sso_life_token(&life, fk.now));
    fk.now++;
    assert_int_equal(tick(NULL), SSO_LIFE_LOGIN_NEEDED);
    assert_int_equal(fk.calls, 0);
}

static void test_windows_and_arguments(void **state)
{
    sso_registration_t reg;
    sso_token_t tok;
    (void)state;
    start(T0 + 90 * DAY, "refresh-0");
    /* A custom window: nothing before it. */
    life.refresh_window_s = 60;
    fk.window = 60;
    fk.now = life.expires_at - 61;
    assert_int_equal(tick(NULL), SSO_LIFE_VALID);
    assert_int_equal(fk.calls, 0);
    fk.now++;
    assert_int_equal(tick(NULL), SSO_LIFE_REFRESHED);
    /* Credentials: none yet, due inside the window, not before it. */
    assert_true(sso_life_creds_due(&life, 0, fk.now));
    assert_true(sso_life_creds_due(&life, (fk.now + 300) * 1000, fk.now));
    assert_false(sso_life_creds_due(&life, (fk.now + 301) * 1000, fk.now));
    /* Bad input. */
    memset(&reg, 0, sizeof reg);
    memset(&tok, 0, sizeof tok);
    assert_int_equal(sso_life_start(&life, &reg, &tok, fk.now), SSO_ERR_INVALID_ARG);
    assert_int_equal(sso_life_start(NULL, &reg, &tok, fk.now), SSO_ERR_INVALID_ARG);
    assert_int_equal(sso_life_tick(NULL, &api, fk.now, &scratch, NULL), SSO_LIFE_LOGIN_NEEDED);
    sso_life_init(&life);
    assert_int_equal(sso_life_tick(&life, &api, fk.now, &scratch, NULL), SSO_LIFE_LOGIN_NEEDED);
    assert_null(sso_life_token(&life, fk.now));
    sso_life_init(NULL);
    sso_life_wipe(NULL);
    /* A token without its NUL is refused, never read past its field. */
    strcpy(reg.client_id, "cid");
    memset(tok.access_token, 'x', sizeof tok.access_token);
    assert_int_equal(sso_life_start(&life, &reg, &tok, fk.now), SSO_ERR_INVALID_ARG);
    assert_null(sso_life_token(&life, fk.now));
}

/* Due, but no service to ask, or a success without a token: retried
 * later, the old token kept meanwhile. */
static void test_odd_refresh_outcomes(void **state)
{
    sso_status_t st;
    (void)state;
    start(T0 + 90 * DAY, "refresh-0");
    fk.now = life.expires_at - 60;
    assert_int_equal(sso_life_tick(&life, NULL, fk.now, &scratch, &st), SSO_LIFE_RETRY_LATER);
    assert_int_equal(st, SSO_ERR_INVALID_ARG);
    fk.empty_token = 1;
    assert_int_equal(tick(&st), SSO_LIFE_RETRY_LATER);
    assert_int_equal(st, SSO_ERR_MISSING_FIELD);
    assert_string_equal(sso_life_token(&life, fk.now), "access-0");
    assert_true(life.retry_at > fk.now);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_thirty_days),
        cmocka_unit_test(test_registration_expires),
        cmocka_unit_test(test_invalid_grant_needs_login),
        cmocka_unit_test(test_transient_failure_keeps_token),
        cmocka_unit_test(test_without_refresh_token),
        cmocka_unit_test(test_windows_and_arguments),
        cmocka_unit_test(test_odd_refresh_outcomes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
