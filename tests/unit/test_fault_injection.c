/* Fault injection through the scripted transport: for every canned response
 * below (each operation; Content-Length, chunked and close-delimited
 * framing; service errors; a two-page walk on one connection), a reset, a
 * timeout and an end of stream at every byte offset.
 *
 * What each run proves:
 * - the status is an error exactly when the fault cuts the response short,
 *   and the expected one (reset -> SSO_ERR_TRANSPORT, timeout ->
 *   SSO_ERR_TIMEOUT, early end -> SSO_ERR_TRUNCATED; a close-delimited body
 *   cut by an end of stream is malformed JSON); a fault after the complete
 *   response leaves the success (or the service error) as it was;
 * - the outputs are in their documented failure state: credentials all
 *   zero, next_token empty, and the item callback saw only whole items, each
 *   once, in order;
 * - the failed connection is closed (client and transport agree) and the
 *   next call opens a new one and succeeds.
 * Per-offset runs use max_attempts = 1; the retry runs then show that one
 * retry on a fresh connection recovers from a fault at any offset without
 * repeating a list item. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "sso_fixture.h"
#include "sso_http_resp.h"

enum { OP_CREDS, OP_ACCOUNTS, OP_ROLES, OP_LOGOUT, OP_WALK };
enum { FRAMED, CLOSE_DELIMITED };

#define CREDS_BODY                                                                                 \
    "{\"roleCredentials\":{\"accessKeyId\":\"ASIAFAULTINJECTION01\",\"secretAccessKey\":"          \
    "\"faultsecretfaultsecretfaultsecret0000000\",\"sessionToken\":\"FQoGZXIvYXdz+/=\","           \
    "\"expiration\":1700000000000}}"
#define ACCOUNTS_BODY                                                                              \
    "{\"accountList\":[{\"accountId\":\"111111111111\",\"accountName\":\"one\","                   \
    "\"emailAddress\":\"1@x.org\"},{\"accountId\":\"222222222222\",\"accountName\":"               \
    "\"two \\u00e9\",\"emailAddress\":\"2@x.org\"},{\"accountId\":\"333333333333\","               \
    "\"accountName\":\"three\",\"emailAddress\":\"3@x.org\"}],\"nextToken\":\"n+/=\"}"
#define ROLES_BODY                                                                                 \
    "{\"nextToken\":null,\"roleList\":[{\"roleName\":\"Admin\",\"accountId\":\"111111111111\"},"   \
    "{\"roleName\":\"ReadOnly\",\"accountId\":\"111111111111\"}]}"
#define PAGE1_BODY                                                                                 \
    "{\"accountList\":[{\"accountId\":\"111111111111\",\"accountName\":\"one\","                   \
    "\"emailAddress\":\"1@x.org\"}],\"nextToken\":\"p2\"}"
#define PAGE2_BODY                                                                                 \
    "{\"accountList\":[{\"accountId\":\"222222222222\",\"accountName\":\"two \\u00e9\","           \
    "\"emailAddress\":\"2@x.org\"}]}"
#define ERROR_401_BODY                                                                             \
    "{\"message\":\"Session token not found or invalid\",\"__type\":"                              \
    "\"com.amazonaws.switchboard.portal#UnauthorizedException\"}"

/* The items a complete response delivers, in order. */
static const char *const k_accounts[][3] = {{"111111111111", "one", "1@x.org"},
                                            {"222222222222", "two \xc3\xa9", "2@x.org"},
                                            {"333333333333", "three", "3@x.org"}};
static const char *const k_roles[][2] = {{"Admin", "111111111111"}, {"ReadOnly", "111111111111"}};

typedef struct fcase {
    const char *name;
    int op;
    int framing;
    char *resp;         /* the canned bytes (built in setup) */
    size_t page1_len;   /* OP_WALK: length of the first response; 0 else */
    int service_error;  /* a complete response is SSO_ERR_SERVICE */
    const char *code;   /* its error code */
    unsigned items;     /* items a complete response delivers */
    const char *next;   /* nextToken of a complete page */
    size_t body_offset; /* where the body starts (close-delimited cases) */
} fcase_t;

static fcase_t cases[16];
static unsigned n_cases;

static void add_case(const char *name, int op, int framing, char *resp, unsigned items,
                     const char *next)
{
    fcase_t *c = &cases[n_cases++];
    const char *hdr_end = strstr(resp, "\r\n\r\n");
    memset(c, 0, sizeof *c);
    c->name = name;
    c->op = op;
    c->framing = framing;
    c->resp = resp;
    c->items = items;
    c->next = next;
    c->body_offset = (size_t)(hdr_end - resp) + 4;
}

static int setup(void **state)
{
    char *p1, *p2;
    (void)state;
    n_cases = 0;
    add_case("creds CL", OP_CREDS, FRAMED, fx_resp("200 OK", "RequestId: r-1\r\n", CREDS_BODY), 0,
             NULL);
    add_case("creds chunked", OP_CREDS, FRAMED, fx_chunked("200 OK", CREDS_BODY, 37), 0, NULL);
    add_case("creds close", OP_CREDS, CLOSE_DELIMITED,
             fx_fmt("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n%s", CREDS_BODY), 0,
             NULL);
    add_case("accounts CL", OP_ACCOUNTS, FRAMED,
             fx_resp("200 OK", "Connection: keep-alive\r\n", ACCOUNTS_BODY), 3, "n+/=");
    add_case("accounts chunked", OP_ACCOUNTS, FRAMED, fx_chunked("200 OK", ACCOUNTS_BODY, 29), 3,
             "n+/=");
    add_case("roles CL", OP_ROLES, FRAMED, fx_resp("200 OK", "", ROLES_BODY), 2, "");
    add_case("roles chunked", OP_ROLES, FRAMED, fx_chunked("200 OK", ROLES_BODY, 64), 2, "");
    add_case("roles close", OP_ROLES, CLOSE_DELIMITED,
             fx_fmt("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n%s", ROLES_BODY), 2, "");
    add_case("logout", OP_LOGOUT, FRAMED, fx_fmt("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"), 0,
             NULL);
    add_case("error 401 CL", OP_CREDS, FRAMED,
             fx_resp("401 Unauthorized", "RequestId: r-2\r\n", ERROR_401_BODY), 0, NULL);
    cases[n_cases - 1].service_error = 1;
    cases[n_cases - 1].code = "UnauthorizedException";
    add_case("error 429 chunked", OP_ACCOUNTS, FRAMED,
             fx_chunked("429 Too Many Requests",
                        "{\"__type\":\"TooManyRequestsException\",\"message\":\"slow\"}", 16),
             0, NULL);
    cases[n_cases - 1].service_error = 1;
    cases[n_cases - 1].code = "TooManyRequestsException";
    add_case("error 503 bare", OP_LOGOUT, CLOSE_DELIMITED, fx_fmt("HTTP/1.1 503\r\n\r\n"), 0, NULL);
    cases[n_cases - 1].service_error = 1;
    cases[n_cases - 1].code = "503";
    /* Two pages on one kept-alive connection. */
    p1 = fx_resp("200 OK", "", PAGE1_BODY);
    p2 = fx_chunked("200 OK", PAGE2_BODY, 40);
    add_case("walk 2 pages", OP_WALK, FRAMED, fx_fmt("%s%s", p1, p2), 2, NULL);
    cases[n_cases - 1].page1_len = strlen(p1);
    free(p1);
    free(p2);
    return 0;
}

static int teardown(void **state)
{
    unsigned i;
    (void)state;
    for (i = 0; i < n_cases; i++) {
        free(cases[i].resp);
    }
    return 0;
}

/* ---- item tracking: every item must be whole, once, in order. */
typedef struct track {
    unsigned n;
    int bad; /* an item that is not the expected next one */
} track_t;

static int on_account(void *user, const sso_account_t *a)
{
    track_t *t = (track_t *)user;
    if (t->n >= 3 || strcmp(a->account_id, k_accounts[t->n][0]) != 0 ||
        strcmp(a->account_name, k_accounts[t->n][1]) != 0 ||
        strcmp(a->email_address, k_accounts[t->n][2]) != 0) {
        t->bad = 1;
    }
    t->n++;
    return 0;
}

static int on_role(void *user, const sso_role_t *r)
{
    track_t *t = (track_t *)user;
    if (t->n >= 2 || strcmp(r->role_name, k_roles[t->n][0]) != 0 ||
        strcmp(r->account_id, k_roles[t->n][1]) != 0) {
        t->bad = 1;
    }
    t->n++;
    return 0;
}

static int all_zero(const void *p, size_t n)
{
    const uint8_t *b = (const uint8_t *)p;
    while (n--) {
        if (*b++) {
            return 0;
        }
    }
    return 1;
}

typedef struct outcome {
    int r;
    track_t track;
    sso_role_credentials_t creds;
    sso_next_token_t next;
    sso_walk_state_t walk;
} outcome_t;

static void run_op(fx_t *f, const fcase_t *c, outcome_t *o)
{
    sso_page_opts_t opts = {NULL, 0};
    memset(o, 0, sizeof *o);
    /* Garbage in the outputs, so a failure that forgets to reset them shows. */
    memset(&o->creds, 0x5a, sizeof o->creds);
    memset(&o->next, 0x5a, sizeof o->next);
    o->next.value[sizeof o->next.value - 1] = '\0';
    switch (c->op) {
    case OP_CREDS:
        o->r = sso_get_role_credentials(&f->c, "tok", "111111111111", "Admin", &o->creds);
        break;
    case OP_ACCOUNTS:
        o->r = sso_list_accounts(&f->c, "tok", &opts, on_account, &o->track, &o->next);
        break;
    case OP_ROLES:
        o->r = sso_list_account_roles(&f->c, "tok", "111111111111", &opts, on_role, &o->track,
                                      &o->next);
        break;
    case OP_LOGOUT:
        o->r = sso_logout(&f->c, "tok");
        break;
    default:
        o->r = sso_list_all_accounts(&f->c, "tok", 1, on_account, &o->track, &o->walk);
        break;
    }
}

/* What a fault of kind fault_status (0: end of stream) at offset k must give
 * when the client gets one attempt. */
static int expected(const fcase_t *c, size_t k, int fault_status)
{
    size_t len = strlen(c->resp);
    int complete = c->service_error ? SSO_ERR_SERVICE : SSO_OK;
    if (c->framing == FRAMED && k == len) {
        return complete; /* the response ended before the fault */
    }
    if (c->page1_len && k == c->page1_len && fault_status != SSO_ERR_TIMEOUT) {
        /* Page 2's request met a connection that fails before any byte:
         * a stale keep-alive, retried once on a new connection (scripted
         * with page 2) without spending an attempt. */
        return SSO_OK;
    }
    if (fault_status != 0) {
        return fault_status;
    }
    if (c->framing == CLOSE_DELIMITED && k >= c->body_offset) {
        /* The end of stream ends such a body: what came is all there is. */
        return k == len ? complete : c->service_error ? SSO_ERR_SERVICE : SSO_ERR_JSON;
    }
    return SSO_ERR_TRUNCATED;
}

static void check_outputs(const fcase_t *c, const outcome_t *o, size_t k, int fault)
{
    char where[128];
    snprintf(where, sizeof where, "%s: fault %d at %zu: got %d (%s)", c->name, fault, k, o->r,
             sso_status_str(o->r));
    if (o->track.bad) {
        fail_msg("%s: a partial, repeated or out-of-order item was delivered", where);
    }
    if (c->op == OP_CREDS && o->r != SSO_OK && !all_zero(&o->creds, sizeof o->creds)) {
        fail_msg("%s: credentials not zeroed", where);
    }
    if ((c->op == OP_ACCOUNTS || c->op == OP_ROLES) && o->r != SSO_OK && o->next.value[0]) {
        fail_msg("%s: next_token not empty", where);
    }
    if (o->r == SSO_OK) {
        if (o->track.n != c->items) {
            fail_msg("%s: %u items, expected %u", where, o->track.n, c->items);
        }
        if (c->op == OP_CREDS && (strcmp(o->creds.access_key_id, "ASIAFAULTINJECTION01") != 0 ||
                                  strcmp(o->creds.session_token, "FQoGZXIvYXdz+/=") != 0 ||
                                  o->creds.expiration != 1700000000000LL)) {
            fail_msg("%s: wrong credentials", where);
        }
        if (c->next && strcmp(o->next.value, c->next) != 0) {
            fail_msg("%s: next_token '%s'", where, o->next.value);
        }
    } else if (o->track.n > c->items) {
        fail_msg("%s: %u items from a failed call", where, o->track.n);
    }
}

static fx_t *new_fx(const fcase_t *c, size_t k, int fault, size_t split, uint8_t attempts)
{
    fx_t *f = fx_new(1024);
    sso_script_conn_t *conn = sso_script_add_str(&f->s, c->resp);
    conn->fault_at = k;
    conn->fault_status = fault;
    if (c->page1_len) {
        conn->gate[conn->n_gates++] = c->page1_len;
        /* a reconnect for page 2 finds it there */
        sso_script_add_str(&f->s, c->resp + c->page1_len);
    }
    f->s.split = split;
    f->cfg.max_attempts = attempts;
    assert_int_equal(fx_init(f), SSO_OK);
    return f;
}

/* After a failure nothing stays open, and the next call connects anew. */
static void check_fresh_connection(fx_t *f, const fcase_t *c, size_t k)
{
    char *ok = fx_resp("200 OK", "", CREDS_BODY);
    sso_role_credentials_t cr;
    unsigned before = f->s.connects;
    if (f->c.connected || f->s.open) {
        fail_msg("%s: fault at %zu: connection left open after a failure", c->name, k);
    }
    sso_script_add_str(&f->s, ok);
    f->s.cur = f->s.n_conns - 1; /* skip any scripted connection left unused */
    assert_int_equal(sso_get_role_credentials(&f->c, "tok", "1", "R", &cr), SSO_OK);
    assert_int_equal(f->s.connects, before + 1);
    free(ok);
}

static void test_fault_at_every_offset(void **state)
{
    static const int faults[3] = {SSO_ERR_TRANSPORT, SSO_ERR_TIMEOUT, 0};
    unsigned ci, fi;
    unsigned long runs = 0;
    (void)state;
    for (ci = 0; ci < n_cases; ci++) {
        const fcase_t *c = &cases[ci];
        size_t len = strlen(c->resp), k;
        for (fi = 0; fi < 3; fi++) {
            for (k = 0; k <= len; k++) {
                /* one byte per recv at every third offset: faults then land
                 * inside every engine state, not only at recv boundaries */
                fx_t *f = new_fx(c, k, faults[fi], k % 3 == 0 ? 1 : 0, 1);
                outcome_t o;
                int want = expected(c, k, faults[fi]);
                run_op(f, c, &o);
                if (o.r != want) {
                    fail_msg("%s: fault %d at %zu of %zu: status %d (%s), expected %d", c->name,
                             faults[fi], k, len, o.r, sso_status_str(o.r), want);
                }
                check_outputs(c, &o, k, faults[fi]);
                if (o.r == SSO_ERR_SERVICE) {
                    assert_string_equal(sso_client_last_error(&f->c)->code, c->code);
                }
                if (o.r != SSO_OK) {
                    check_fresh_connection(f, c, k);
                }
                runs++;
                free(f);
            }
        }
    }
    print_message("fault injection: %lu runs over %u responses\n", runs, n_cases);
    assert_true(runs > 3000);
}

/* With retries allowed, a reset or an early end at any offset before the
 * response completes is recovered on a fresh connection; list items come
 * out exactly once each. */
static void test_retry_recovers_at_every_offset(void **state)
{
    static const int faults[2] = {SSO_ERR_TRANSPORT, 0};
    unsigned ci, fi;
    (void)state;
    for (ci = 0; ci < n_cases; ci++) {
        const fcase_t *c = &cases[ci];
        size_t len = strlen(c->resp), k;
        if (c->service_error || c->page1_len || c->framing == CLOSE_DELIMITED) {
            continue; /* errors are not recovered by a retry; walks below */
        }
        for (fi = 0; fi < 2; fi++) {
            for (k = 0; k < len; k++) {
                fx_t *f = new_fx(c, k, faults[fi], 0, 3);
                outcome_t o;
                sso_script_add_str(&f->s, c->resp);
                run_op(f, c, &o);
                if (o.r != SSO_OK) {
                    fail_msg("%s: fault %d at %zu: retry gave %d", c->name, faults[fi], k, o.r);
                }
                check_outputs(c, &o, k, faults[fi]);
                assert_int_equal(f->s.connects, 2);
                assert_int_equal(f->s.sleeps, 1);
                free(f);
            }
        }
    }
}

/* The walk: a reset anywhere in page 2 retries page 2 alone on a new
 * connection (with page 2's token), and page 1's item is not repeated. */
static void test_walk_retry_recovers(void **state)
{
    const fcase_t *c = &cases[n_cases - 1];
    size_t len = strlen(c->resp), k;
    (void)state;
    assert_non_null(c->page1_len);
    for (k = 0; k < len; k++) {
        fx_t *f = new_fx(c, k, SSO_ERR_TRANSPORT, 0, 3);
        outcome_t o;
        /* conn 2 (page 2 alone) is scripted by new_fx; a fault in page 1
         * needs the whole stream again first */
        if (k < c->page1_len) {
            f->s.conns[1].data = (const uint8_t *)c->resp;
            f->s.conns[1].len = len;
            f->s.conns[1].gate[f->s.conns[1].n_gates++] = c->page1_len;
        }
        run_op(f, c, &o);
        if (o.r != SSO_OK) {
            fail_msg("walk: reset at %zu: %d", k, o.r);
        }
        check_outputs(c, &o, k, SSO_ERR_TRANSPORT);
        assert_int_equal(o.walk.pages, 2);
        assert_int_equal(f->s.connects, 2);
        if (k > c->page1_len) {
            assert_int_equal(sso_script_sent_count(&f->s, "next_token=p2 "), 2);
        }
        free(f);
    }
}

/* Faults outside recv: connect refused and send failing. */
static void test_connect_and_send_faults(void **state)
{
    const fcase_t *c = &cases[0];
    fx_t *f = fx_new(1024);
    outcome_t o;
    (void)state;
    sso_script_add_str(&f->s, c->resp)->connect_status = SSO_ERR_CONNECT;
    sso_script_add_str(&f->s, c->resp)->send_status = SSO_ERR_TRANSPORT;
    f->cfg.max_attempts = 1;
    assert_int_equal(fx_init(f), SSO_OK);
    run_op(f, c, &o);
    assert_int_equal(o.r, SSO_ERR_CONNECT);
    assert_true(all_zero(&o.creds, sizeof o.creds));
    assert_int_equal(f->c.connected, 0);
    run_op(f, c, &o);
    assert_int_equal(o.r, SSO_ERR_TRANSPORT);
    assert_true(all_zero(&o.creds, sizeof o.creds));
    assert_int_equal(f->c.connected, 0);
    assert_int_equal(f->s.open, 0);
    check_fresh_connection(f, c, 0);
    free(f);
}

/* A fault in the second response on a kept-alive connection: before any
 * byte, a reset or end is taken for a stale connection and retried once on
 * a new one; after the first byte it is the call's failure. */
static void test_fault_on_reused_connection(void **state)
{
    const fcase_t *c = &cases[0];
    size_t len = strlen(c->resp), k;
    (void)state;
    for (k = 0; k <= len; k++) {
        char *two = fx_fmt("%s%s", c->resp, c->resp);
        fx_t *f = fx_new(1024);
        sso_script_conn_t *conn = sso_script_add_str(&f->s, two);
        outcome_t o;
        int want = k == len ? SSO_OK : k == 0 ? SSO_OK : SSO_ERR_TRANSPORT;
        conn->gate[conn->n_gates++] = len;
        conn->fault_at = len + k;
        conn->fault_status = SSO_ERR_TRANSPORT;
        sso_script_add_str(&f->s, c->resp);
        f->cfg.max_attempts = 1;
        assert_int_equal(fx_init(f), SSO_OK);
        run_op(f, c, &o);
        assert_int_equal(o.r, SSO_OK);
        assert_int_equal(f->c.connected, 1);
        run_op(f, c, &o);
        if (o.r != want) {
            fail_msg("reused: reset at %zu of the second response: %d, expected %d", k, o.r, want);
        }
        check_outputs(c, &o, k, SSO_ERR_TRANSPORT);
        assert_int_equal(f->s.connects, k == 0 ? 2u : 1u);
        if (o.r != SSO_OK) {
            check_fresh_connection(f, c, k);
        }
        free(f);
        free(two);
    }
}

/* Regression (found by fuzz_http/fuzz_op): a Connection token longer than
 * the engine's name table made m_step() form a pointer far past k_names.
 * Undefined behaviour that only a sanitizer build shows: this test fails
 * there (UBSan, scripts/hardening.sh) without the fix. */
static void test_long_connection_token(void **state)
{
    static const sso_http_sink_t no_sink = {NULL, NULL, NULL};
    char token[301], *hdr, *resp;
    fx_t *f = fx_new(1024);
    sso_role_credentials_t cr;
    sso_http_resp_t r;
    size_t i;
    int rc = SSO_OK;
    (void)state;
    memset(token, 'z', sizeof token - 1);
    token[sizeof token - 1] = '\0';
    /* The close after the long token still counts. */
    hdr = fx_fmt("Connection: %s, close\r\n", token);
    resp = fx_resp("200 OK", hdr, CREDS_BODY);
    sso_script_add_str(&f->s, resp);
    f->cfg.max_attempts = 1;
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_get_role_credentials(&f->c, "t", "1", "R", &cr), SSO_OK);
    assert_string_equal(cr.access_key_id, "ASIAFAULTINJECTION01");
    assert_int_equal(f->c.connected, 0);
    free(resp);
    free(hdr);
    /* The engine alone, a byte at a time. */
    resp = fx_fmt("HTTP/1.1 204 No Content\r\nConnection: %s\r\n\r\n", token);
    sso_http_resp_init(&r);
    for (i = 0; rc == SSO_OK && resp[i]; i++) {
        size_t used;
        rc = sso_http_resp_feed(&r, (const uint8_t *)resp + i, 1, &used, &no_sink);
    }
    assert_int_equal(rc, SSO_HTTP_DONE);
    assert_int_equal(r.keep_alive, 1);
    free(resp);
    free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fault_at_every_offset),
        cmocka_unit_test(test_retry_recovers_at_every_offset),
        cmocka_unit_test(test_walk_retry_recovers),
        cmocka_unit_test(test_connect_and_send_faults),
        cmocka_unit_test(test_fault_on_reused_connection),
        cmocka_unit_test(test_long_connection_token),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
