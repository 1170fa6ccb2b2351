/* Secret hygiene of the core: after every operation (successes, service
 * errors, faults mid-secret, retries, page walks, close), no piece of the
 * access token, the secret access key or the session token is left in the
 * working buffer or in the client struct, and none ever reached a log line.
 *
 * A "piece" is any 12-byte window of a secret, so a half-wiped buffer or a
 * secret split across two recv chunks is caught, not only a whole copy.
 *
 * This file is built twice: as a unit test against the normal core (no
 * logging, SSO_LOG_DEBUG compiles to nothing), and by tests/hardening as
 * test_secrets_logged against a core built with SSO_LOG_DEBUG mapped to
 * sso_test_log() below (SSO_SECRETS_LOG_CAPTURE), where every log line is
 * captured and scanned as well. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "sso_fixture.h"

#define WINDOW 12

/* Secrets built at setup from a fixed generator so that every 12-byte
 * window is distinctive: a match can only be a leak. */
static char access_token[200];
static char secret_key[41];
static char session_token[1200]; /* several recv chunks long */

#ifdef SSO_SECRETS_LOG_CAPTURE
/* Declared in tests/hardening/sso_log_capture.h, which only the core
 * includes: this file has already seen the default SSO_LOG_DEBUG. */
void sso_test_log(const char *fmt, ...);

static char log_text[1 << 16];
static size_t log_len;
static unsigned log_lines;

void sso_test_log(const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(log_text + log_len, sizeof log_text - log_len, fmt, ap);
    va_end(ap);
    if (n > 0) {
        log_len +=
            (size_t)n < sizeof log_text - log_len ? (size_t)n : sizeof log_text - log_len - 1;
    }
    log_lines++;
}
#endif

static void fill(char *dst, size_t len, uint32_t seed)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    uint32_t x = seed;
    size_t i;
    for (i = 0; i < len; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        dst[i] = alphabet[x % 64];
    }
    dst[len] = '\0';
}

static int setup(void **state)
{
    (void)state;
    fill(access_token, sizeof access_token - 1, 0x1234567u);
    fill(secret_key, sizeof secret_key - 1, 0x89abcdefu);
    fill(session_token, sizeof session_token - 1, 0x2468ace0u);
    return 0;
}

/* 1 when any WINDOW-byte piece of secret occurs in mem. */
static int has_piece(const void *mem, size_t len, const char *secret)
{
    const uint8_t *m = (const uint8_t *)mem;
    size_t slen = strlen(secret), i, j;
    for (i = 0; i + WINDOW <= len; i++) {
        for (j = 0; j + WINDOW <= slen; j++) {
            if (m[i] == (uint8_t)secret[j] && memcmp(m + i, secret + j, WINDOW) == 0) {
                return 1;
            }
        }
    }
    return 0;
}

static void assert_clean(const void *mem, size_t len, const char *what, const char *when)
{
    if (has_piece(mem, len, access_token)) {
        fail_msg("%s: access token left in %s", when, what);
    }
    if (has_piece(mem, len, secret_key)) {
        fail_msg("%s: secret access key left in %s", when, what);
    }
    if (has_piece(mem, len, session_token)) {
        fail_msg("%s: session token left in %s", when, what);
    }
}

static void assert_all_clean(const fx_t *f, const char *when)
{
    assert_clean(f->work, f->work_len, "the working buffer", when);
    assert_clean(&f->c, sizeof f->c, "the client struct", when);
#ifdef SSO_SECRETS_LOG_CAPTURE
    assert_clean(log_text, log_len, "the log", when);
#endif
}

static char *creds_body(void)
{
    return fx_fmt("{\"roleCredentials\":{\"accessKeyId\":\"ASIASECRETSTEST00001\","
                  "\"secretAccessKey\":\"%s\",\"sessionToken\":\"%s\","
                  "\"expiration\":1700000000000}}",
                  secret_key, session_token);
}

static int on_account(void *user, const sso_account_t *a)
{
    (void)a;
    ++*(int *)user;
    return 0;
}

static int on_role(void *user, const sso_role_t *r)
{
    (void)r;
    ++*(int *)user;
    return 0;
}

/* Every operation, successful, over one kept-alive connection, then close. */
static void test_every_operation_leaves_nothing(void **state)
{
    fx_t *f = fx_new(2048);
    char *body = creds_body();
    char *r_creds = fx_resp("200 OK", "Connection: keep-alive\r\n", body);
    char *r_creds_chunked = fx_chunked("200 OK", body, 100);
    char *r_acc = fx_resp("200 OK", "",
                          "{\"accountList\":[{\"accountId\":\"1\",\"accountName\":\"a\"}],"
                          "\"nextToken\":\"t2\"}");
    char *r_acc2 = fx_resp("200 OK", "", "{\"accountList\":[{\"accountId\":\"2\"}]}");
    char *r_roles = fx_resp("200 OK", "", "{\"roleList\":[{\"roleName\":\"R\"}]}");
    char *r_out = fx_fmt("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    const char *seq[8] = {r_creds, r_creds_chunked, r_acc, r_acc, r_acc2, r_roles, r_roles, r_out};
    size_t total = 1;
    char *all;
    sso_role_credentials_t cr;
    sso_next_token_t next;
    sso_walk_state_t ws;
    sso_page_opts_t opts = {NULL, 0};
    int n = 0, i;
    (void)state;
    for (i = 0; i < 8; i++) {
        total += strlen(seq[i]);
    }
    all = (char *)malloc(total);
    assert_non_null(sso_script_add_seq(&f->s, all, total, seq, 8));
    assert_int_equal(fx_init(f), SSO_OK);

    assert_int_equal(sso_get_role_credentials(&f->c, access_token, "1", "R", &cr), SSO_OK);
    assert_string_equal(cr.session_token, session_token); /* the caller gets them */
    assert_string_equal(cr.secret_access_key, secret_key);
    assert_all_clean(f, "get_role_credentials");
    assert_int_equal(sso_get_role_credentials(&f->c, access_token, "1", "R", &cr), SSO_OK);
    assert_all_clean(f, "get_role_credentials (chunked)");
    assert_int_equal(sso_list_accounts(&f->c, access_token, &opts, on_account, &n, &next), SSO_OK);
    assert_all_clean(f, "list_accounts");
    assert_int_equal(sso_list_all_accounts(&f->c, access_token, 0, on_account, &n, &ws), SSO_OK);
    assert_all_clean(f, "list_all_accounts");
    assert_int_equal(sso_list_account_roles(&f->c, access_token, "1", &opts, on_role, &n, &next),
                     SSO_OK);
    assert_all_clean(f, "list_account_roles");
    assert_int_equal(sso_list_all_account_roles(&f->c, access_token, "1", 0, on_role, &n, &ws),
                     SSO_OK);
    assert_all_clean(f, "list_all_account_roles");
    assert_int_equal(sso_logout(&f->c, access_token), SSO_OK);
    assert_all_clean(f, "logout");
    assert_int_equal(n, 5);
    assert_int_equal(f->s.connects, 1); /* all of it on one connection */
    /* the token really went out, in the header only */
    assert_int_equal(sso_script_sent_count(&f->s, access_token), 8);
    sso_client_close(&f->c);
    assert_all_clean(f, "close");
#ifdef SSO_SECRETS_LOG_CAPTURE
    /* the capture is wired: a log that stays empty would prove nothing */
    assert_true(log_lines >= 8);
#endif
    free(all);
    free(r_creds);
    free(r_creds_chunked);
    free(r_acc);
    free(r_acc2);
    free(r_roles);
    free(r_out);
    free(body);
    free(f);
}

/* Failures in the middle of the secrets: a reset at offsets inside the
 * secret key and the session token, with and without a retry; service
 * errors; a field too long for its struct; an item too large for the
 * buffer; a callback abort. */
static void test_failures_leave_nothing(void **state)
{
    char *body = creds_body();
    char *resp = fx_resp("200 OK", "", body);
    size_t at_key = (size_t)(strstr(resp, secret_key) - resp);
    size_t at_tok = (size_t)(strstr(resp, session_token) - resp);
    size_t offsets[6] = {at_key + 5,   at_key + 30,   at_tok + 1,
                         at_tok + 300, at_tok + 1000, strlen(resp) - 3};
    char when[96];
    unsigned i, retry;
    (void)state;
    for (retry = 0; retry < 2; retry++) {
        for (i = 0; i < 6; i++) {
            fx_t *f = fx_new(2048);
            sso_role_credentials_t cr;
            sso_script_conn_t *c = sso_script_add_str(&f->s, resp);
            int r;
            c->fault_at = offsets[i];
            c->fault_status = SSO_ERR_TRANSPORT;
            if (retry) {
                sso_script_add_str(&f->s, resp)->fault_at = offsets[(i + 3) % 6];
                sso_script_add_str(&f->s, resp);
            }
            f->cfg.max_attempts = retry ? 3 : 1;
            assert_int_equal(fx_init(f), SSO_OK);
            r = sso_get_role_credentials(&f->c, access_token, "1", "R", &cr);
            assert_int_equal(r, retry ? SSO_OK : SSO_ERR_TRANSPORT);
            snprintf(when, sizeof when, "reset at %zu%s", offsets[i], retry ? " + retries" : "");
            assert_all_clean(f, when);
            if (!retry) {
                assert_clean(&cr, sizeof cr, "the credentials of a failed call", when);
            }
            free(f);
        }
    }
    {
        /* a session token one byte over its field, a service error, an item
         * over the buffer, and an abort with the token in the request */
        char *big = (char *)malloc(SSO_SESSION_TOKEN_MAX + 2);
        char *b2, *r2, *r3, *r4;
        fx_t *f = fx_new(SSO_WORK_MIN);
        sso_role_credentials_t cr;
        sso_next_token_t next;
        sso_page_opts_t opts = {NULL, 0};
        int n = 0;
        memcpy(big, session_token, strlen(session_token));
        memset(big + strlen(session_token), 'x', SSO_SESSION_TOKEN_MAX + 1 - strlen(session_token));
        big[SSO_SESSION_TOKEN_MAX + 1] = '\0';
        b2 = fx_fmt("{\"roleCredentials\":{\"secretAccessKey\":\"%s\",\"sessionToken\":\"%s\"}}",
                    secret_key, big);
        r2 = fx_resp("200 OK", "", b2);
        r3 = fx_resp("401", "", "{\"message\":\"Session token not found or invalid\"}");
        r4 = fx_resp("200 OK", "", "{\"accountList\":[{\"accountId\":\"1\"}]}");
        sso_script_add_str(&f->s, r2);
        sso_script_add_str(&f->s, r3);
        sso_script_add_str(&f->s, r4);
        f->cfg.max_attempts = 1;
        assert_int_equal(fx_init(f), SSO_OK);
        assert_int_equal(sso_get_role_credentials(&f->c, access_token, "1", "R", &cr),
                         SSO_ERR_ITEM_TOO_LARGE);
        assert_all_clean(f, "item too large");
        assert_clean(&cr, sizeof cr, "the credentials of a failed call", "item too large");
        assert_int_equal(sso_get_role_credentials(&f->c, access_token, "1", "R", &cr),
                         SSO_ERR_SERVICE);
        assert_all_clean(f, "401");
        assert_int_equal(sso_list_accounts(&f->c, access_token, &opts, on_account, &n, &next),
                         SSO_OK);
        assert_all_clean(f, "list after errors");
        free(f);
        free(r2);
        free(r3);
        free(r4);
        free(b2);
        /* the same over a buffer large enough for the item: FIELD_TOO_LONG */
        f = fx_new(16384);
        b2 = fx_fmt("{\"roleCredentials\":{\"secretAccessKey\":\"%s\",\"sessionToken\":\"%s\"}}",
                    secret_key, big);
        r2 = fx_resp("200 OK", "", b2);
        sso_script_add_str(&f->s, r2);
        f->cfg.max_attempts = 1;
        assert_int_equal(fx_init(f), SSO_OK);
        assert_int_equal(sso_get_role_credentials(&f->c, access_token, "1", "R", &cr),
                         SSO_ERR_FIELD_TOO_LONG);
        assert_all_clean(f, "field too long");
        assert_clean(&cr, sizeof cr, "the credentials of a failed call", "field too long");
        free(f);
        free(r2);
        free(b2);
        free(big);
    }
    free(resp);
    free(body);
}

/* The check itself must be able to fail: a buffer holding a piece of each
 * secret is reported. */
static void test_scanner_finds_pieces(void **state)
{
    char buf[64];
    (void)state;
    memset(buf, 0, sizeof buf);
    memcpy(buf + 7, session_token + 500, WINDOW);
    assert_true(has_piece(buf, sizeof buf, session_token));
    assert_false(has_piece(buf, sizeof buf, secret_key));
    memcpy(buf + 30, secret_key + 28, WINDOW);
    assert_true(has_piece(buf, sizeof buf, secret_key));
    memcpy(buf + 50, access_token, WINDOW);
    assert_true(has_piece(buf, sizeof buf, access_token));
    memset(buf, 0, sizeof buf);
    memcpy(buf + 20, access_token, WINDOW - 1); /* 11 bytes are not a piece */
    assert_false(has_piece(buf, sizeof buf, access_token));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scanner_finds_pieces),
        cmocka_unit_test(test_every_operation_leaves_nothing),
        cmocka_unit_test(test_failures_leave_nothing),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
