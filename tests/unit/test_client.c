/* The client end to end over the scripted transport: requests on the wire,
 * responses split every way, paging, retries, reuse, wiping, bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "sso_fixture.h"

/* The recorded smithy-rs sso_assume_role response (PROTOCOL §2). */
static const char REAL_HEADERS[] = "Date: Mon, 03 Jan 2022 19:13:54 GMT\r\n"
                                   "Content-Type: application/json\r\n"
                                   "Connection: keep-alive\r\n"
                                   "Access-Control-Expose-Headers: RequestId\r\n"
                                   "Cache-Control: no-cache\r\n"
                                   "RequestId: b339b807-25d1-474c-a476-b070e9f350e4\r\n"
                                   "Server: AWS SSO\r\n";
static const char REAL_BODY[] =
    "{\"roleCredentials\":{\"accessKeyId\":\"ASIARCORRECT\",\"secretAccessKey\":"
    "\"secretkeycorrect\",\"sessionToken\":\"tokencorrect\",\"expiration\":1234567890000}}";

static char *creds_response(void)
{
    return fx_resp("200", REAL_HEADERS, REAL_BODY);
}

static void assert_real_creds(const sso_role_credentials_t *cr)
{
    assert_string_equal(cr->access_key_id, "ASIARCORRECT");
    assert_string_equal(cr->secret_access_key, "secretkeycorrect");
    assert_string_equal(cr->session_token, "tokencorrect");
    assert_true(cr->expiration == 1234567890000LL);
}

static void test_creds_recorded_response(void **state)
{
    fx_t *f = fx_new(1024);
    char *r = creds_response();
    sso_role_credentials_t cr;
    (void)state;
    sso_script_add_str(&f->s, r);
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_get_role_credentials(&f->c, "a-token", "123456789", "MySsoRole", &cr),
                     SSO_OK);
    assert_real_creds(&cr);
    assert_int_equal(sso_client_last_error(&f->c)->attempts, 1);
    assert_true(fx_sent_has(f, "GET /federation/credentials?account_id=123456789&role_name="
                               "MySsoRole HTTP/1.1\r\n"));
    assert_true(fx_sent_has(f, "\r\nHost: portal.sso.us-east-2.amazonaws.com\r\n"));
    assert_true(fx_sent_has(f, "\r\nx-amz-sso_bearer_token: a-token\r\n"));
    assert_true(fx_sent_has(f, "\r\nUser-Agent: tinysso/" SSO_VERSION_STRING "\r\n"));
    assert_true(fx_sent_has(f, "\r\nConnection: keep-alive\r\n"));
    /* no proxy or CDN may compress the body: the client does not inflate */
    assert_true(fx_sent_has(f, "\r\nAccept-Encoding: identity\r\n"));
    assert_false(fx_sent_has(f, "Content-Length"));
    assert_true(f->s.sent_len >= 4 && memcmp(f->s.sent + f->s.sent_len - 4, "\r\n\r\n", 4) == 0);
    assert_string_equal(f->s.host, "portal.sso.us-east-2.amazonaws.com");
    assert_int_equal(f->s.port, 443);
    assert_int_equal(f->c.connected, 1); /* keep-alive response: kept */
    sso_client_close(&f->c);
    assert_int_equal(f->s.closes, 1);
    free(r);
    free(f);
}

/* Whole, at every two-piece split, one byte at a time, random splits. */
static void test_creds_every_split(void **state)
{
    char *r = creds_response();
    size_t len = strlen(r), at;
    (void)state;
    for (at = 0; at <= len + 2; at++) {
        fx_t *f = fx_new(1024);
        sso_role_credentials_t cr;
        sso_script_conn_t *c = sso_script_add_str(&f->s, r);
        if (at == len + 1) {
            f->s.split = 1;
        } else if (at == len + 2) {
            f->s.split = SSO_SCRIPT_SPLIT_RANDOM;
            f->s.seed = 12345;
        } else {
            c->split_at = at;
        }
        assert_int_equal(fx_init(f), SSO_OK);
        assert_int_equal(sso_get_role_credentials(&f->c, "a-token", "1", "R", &cr), SSO_OK);
        assert_real_creds(&cr);
        free(f);
    }
    free(r);
}

static void test_query_percent_encoding(void **state)
{
    fx_t *f = fx_new(1024);
    char *r = creds_response();
    sso_role_credentials_t cr;
    (void)state;
    sso_script_add_str(&f->s, r);
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_get_role_credentials(&f->c, "t", "a b+/=&?%\xc3\xa9", "Az09-._~", &cr),
                     SSO_OK);
    assert_true(fx_sent_has(f, "?account_id=a%20b%2B%2F%3D%26%3F%25%C3%A9&role_name=Az09-._~ "));
    free(r);
    free(f);
}

/* A 3 KB token streams through a 1 KB working buffer. */
static void test_big_token_small_buffer(void **state)
{
    fx_t *f = fx_new(1024);
    char *r = creds_response();
    char token[3073], *hdr;
    sso_role_credentials_t cr;
    (void)state;
    memset(token, 'T', sizeof(token) - 1);
    token[sizeof(token) - 1] = '\0';
    token[1000] = 'X';
    sso_script_add_str(&f->s, r);
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_get_role_credentials(&f->c, token, "1", "R", &cr), SSO_OK);
    hdr = fx_fmt("x-amz-sso_bearer_token: %s\r\n", token);
    assert_true(fx_sent_has(f, hdr));
    free(hdr);
    free(r);
    free(f);
}

/* ---- lists */
typedef struct seen {
    int n;
    char ids[1100][SSO_ACCOUNT_ID_MAX + 1];
    char names[8][SSO_ACCOUNT_NAME_MAX + SSO_EMAIL_MAX + 2];
    int stop_after;
} seen_t;

static int on_account(void *user, const sso_account_t *a)
{
    seen_t *s = (seen_t *)user;
    if (s->n < 1100) {
        snprintf(s->ids[s->n], sizeof(s->ids[0]), "%s", a->account_id);
    }
    if (s->n < 8) {
        snprintf(s->names[s->n], sizeof(s->names[0]), "%s|%s", a->account_name, a->email_address);
    }
    s->n++;
    return s->stop_after && s->n >= s->stop_after;
}

static int on_role(void *user, const sso_role_t *r)
{
    seen_t *s = (seen_t *)user;
    if (s->n < 8) {
        snprintf(s->names[s->n], sizeof(s->names[0]), "%s@%s", r->role_name, r->account_id);
    }
    s->n++;
    return 0;
}

/* Accounts first..first+n-1 as a body with the given nextToken JSON value. */
static char *accounts_body(int first, int n, const char *next_json)
{
    size_t cap = (size_t)n * 128 + 256, len = 0;
    char *b = (char *)malloc(cap);
    int i;
    len += (size_t)snprintf(b, cap, "{\"nextToken\":%s,\"accountList\":[", next_json);
    for (i = 0; i < n; i++) {
        len += (size_t)snprintf(b + len, cap - len,
                                "%s{\"accountId\":\"%012d\",\"accountName\":\"acct %d\","
                                "\"emailAddress\":\"a%d@example.com\"}",
                                i ? "," : "", first + i, first + i, first + i);
    }
    snprintf(b + len, cap - len, "]}");
    return b;
}

static void test_list_accounts_one_page(void **state)
{
    fx_t *f = fx_new(1024);
    char *body = fx_fmt("{\"accountList\":[{\"accountId\":\"111122223333\",\"accountName\":"
                        "\"Caf\\u00e9 \\ud83d\\ude00\",\"emailAddress\":\"x@y.z\",\"extra\":"
                        "{\"deep\":[1,{\"accountId\":\"nope\"}]}},{\"accountId\":\"444455556666\","
                        "\"accountName\":null}],\"nextToken\":\"ab+c\\/d==\"}");
    char *r = fx_resp("200", "", body);
    sso_next_token_t next;
    sso_page_opts_t opts = {"prev/tok+=", 7};
    seen_t *s = (seen_t *)calloc(1, sizeof(seen_t));
    (void)state;
    sso_script_add_str(&f->s, r);
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_list_accounts(&f->c, "tok", &opts, on_account, s, &next), SSO_OK);
    assert_int_equal(s->n, 2);
    assert_string_equal(s->ids[0], "111122223333");
    assert_string_equal(s->names[0], "Caf\xc3\xa9 \xf0\x9f\x98\x80|x@y.z");
    assert_string_equal(s->ids[1], "444455556666");
    assert_string_equal(s->names[1], "|");
    assert_string_equal(next.value, "ab+c/d==");
    assert_true(fx_sent_has(
        f, "GET /assignment/accounts?max_result=7&next_token=prev%2Ftok%2B%3D HTTP/1.1\r\n"));
    free(s);
    free(r);
    free(body);
    free(f);
}

static void test_list_roles_one_page(void **state)
{
    fx_t *f = fx_new(1024);
    char *r = fx_chunked("200 OK",
                         "{\"roleList\":[{\"roleName\":\"Admin\",\"accountId\":\"1\"},"
                         "{\"roleName\":\"Read\",\"accountId\":\"1\"}],\"nextToken\":null}",
                         7);
    sso_next_token_t next;
    seen_t *s = (seen_t *)calloc(1, sizeof(seen_t));
    (void)state;
    sso_script_add_str(&f->s, r);
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_list_account_roles(&f->c, "tok", "1", NULL, on_role, s, &next), SSO_OK);
    assert_int_equal(s->n, 2);
    assert_string_equal(s->names[0], "Admin@1");
    assert_string_equal(s->names[1], "Read@1");
    assert_string_equal(next.value, "");
    assert_true(fx_sent_has(f, "GET /assignment/roles?account_id=1 HTTP/1.1\r\n"));
    free(s);
    free(r);
    free(f);
}

/* Three pages, one connection, every item once, tokens sent back encoded. */
static void test_walk_one_connection(void **state)
{
    fx_t *f = fx_new(1024);
    char *b1 = accounts_body(0, 4, "\"p/2+\""), *b2 = accounts_body(4, 4, "\"p3\""),
         *b3 = accounts_body(8, 2, "null");
    char *r1 = fx_resp("200", "", b1), *r2 = fx_chunked("200", b2, 50),
         *r3 = fx_resp("200", "", b3);
    const char *seq[3] = {r1, r2, r3};
    char *all = (char *)malloc(strlen(r1) + strlen(r2) + strlen(r3) + 1);
    sso_walk_state_t *ws = (sso_walk_state_t *)calloc(1, sizeof(*ws));
    seen_t *s = (seen_t *)calloc(1, sizeof(seen_t));
    int i;
    (void)state;
    sso_script_add_seq(&f->s, all, strlen(r1) + strlen(r2) + strlen(r3) + 1, seq, 3);
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_list_all_accounts(&f->c, "tok", 4, on_account, s, ws), SSO_OK);
    assert_int_equal(s->n, 10);
    for (i = 0; i < 10; i++) {
        char want[16];
        snprintf(want, sizeof(want), "%012d", i);
        assert_string_equal(s->ids[i], want);
    }
    assert_int_equal(ws->pages, 3);
    assert_int_equal(f->s.connects, 1);
    assert_int_equal(f->c.connects, 1);
    assert_true(fx_sent_has(f, "?max_result=4 HTTP"));
    assert_true(fx_sent_has(f, "?max_result=4&next_token=p%2F2%2B HTTP"));
    assert_true(fx_sent_has(f, "?max_result=4&next_token=p3 HTTP"));
    free(ws);
    free(s);
    free(all);
    free(r1);
    free(r2);
    free(r3);
    free(b1);
    free(b2);
    free(b3);
    free(f);
}

/* What the per-page hook saw, and when it stops the walk. */
typedef struct pages_seen {
    unsigned n;
    char tok[4][16], next[4][16];
    uint32_t items[4];
    unsigned stop_at; /* page number whose hook returns 1; 0: never */
} pages_seen_t;

static int on_page(void *user, const char *token, const char *next, uint32_t items)
{
    pages_seen_t *p = (pages_seen_t *)user;
    if (p->n < 4) {
        snprintf(p->tok[p->n], sizeof(p->tok[0]), "%s", token);
        snprintf(p->next[p->n], sizeof(p->next[0]), "%s", next);
        p->items[p->n] = items;
    }
    return ++p->n == p->stop_at;
}

/* The walk with a hook: from a starting token, the hook sees each page's
 * token in and out and the items so far, and can end the walk early (the
 * tokens it was given stay valid in the state). */
static void test_walk_hook_and_starting_token(void **state)
{
    fx_t *f = fx_new(1024);
    char *b1 = accounts_body(0, 3, "\"t2\""), *b2 = accounts_body(3, 2, "\"t3\""),
         *b3 = accounts_body(5, 1, "null");
    char *r1 = fx_resp("200", "", b1), *r2 = fx_resp("200", "", b2), *r3 = fx_resp("200", "", b3);
    const char *seq[3] = {r1, r2, r3};
    char *all = (char *)malloc(strlen(r1) + strlen(r2) + strlen(r3) + 1);
    sso_walk_state_t *ws = (sso_walk_state_t *)calloc(1, sizeof(*ws));
    seen_t *s = (seen_t *)calloc(1, sizeof(seen_t));
    pages_seen_t pg;
    sso_walk_opts_t o = {"t1", 3, on_page, &pg};
    (void)state;
    memset(&pg, 0, sizeof(pg));
    sso_script_add_seq(&f->s, all, strlen(r1) + strlen(r2) + strlen(r3) + 1, seq, 3);
    sso_script_add_seq(&f->s, all, strlen(r1) + strlen(r2) + strlen(r3) + 1, seq, 3);
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_walk_accounts(&f->c, "tok", &o, on_account, s, ws), SSO_OK);
    assert_true(fx_sent_has(f, "?max_result=3&next_token=t1 HTTP"));
    assert_int_equal(pg.n, 3);
    assert_string_equal(pg.tok[0], "t1");
    assert_string_equal(pg.next[0], "t2");
    assert_string_equal(pg.tok[1], "t2");
    assert_string_equal(pg.next[1], "t3");
    assert_string_equal(pg.tok[2], "t3");
    assert_string_equal(pg.next[2], "");
    assert_int_equal(pg.items[0], 3);
    assert_int_equal(pg.items[1], 5);
    assert_int_equal(pg.items[2], 6);
    assert_int_equal(ws->items, 6);
    assert_int_equal(ws->pages, 3);
    assert_int_equal(s->n, 6);
    /* stopped by the hook after page 2: no third request */
    sso_client_close(&f->c);
    memset(&pg, 0, sizeof(pg));
    pg.stop_at = 2;
    o.starting_token = NULL;
    o.max_result = 0;
    f->s.sent_len = 0;
    assert_int_equal(sso_walk_accounts(&f->c, "tok", &o, on_account, s, ws), SSO_OK);
    assert_int_equal(pg.n, 2);
    assert_string_equal(pg.tok[0], "");
    assert_int_equal(ws->pages, 2);
    /* both tokens of page 2 are kept: it was fetched by slot 1 */
    assert_string_equal(ws->token[1].value, "t2");
    assert_string_equal(ws->token[0].value, "t3");
    assert_int_equal(sso_script_sent_count(&f->s, "GET /assignment/accounts"), 2);
    assert_true(fx_sent_has(f, "GET /assignment/accounts HTTP"));
    /* a starting token that cannot be sent, or cannot be stored */
    {
        char big[SSO_NEXT_TOKEN_MAX + 2];
        memset(big, 'a', sizeof(big) - 1);
        big[sizeof(big) - 1] = '\0';
        o.starting_token = big;
        assert_int_equal(sso_walk_accounts(&f->c, "tok", &o, on_account, s, ws),
                         SSO_ERR_INVALID_ARG);
        o.starting_token = "a\nb";
        assert_int_equal(sso_walk_account_roles(&f->c, "tok", "1", &o, on_role, s, ws),
                         SSO_ERR_INVALID_ARG);
        assert_int_equal(sso_walk_accounts(&f->c, "tok", NULL, on_account, s, ws),
                         SSO_ERR_INVALID_ARG);
    }
    free(ws);
    free(s);
    free(all);
    free(r1);
    free(r2);
    free(r3);
    free(b1);
    free(b2);
    free(b3);
    free(f);
}

static void test_walk_repeated_token(void **state)
{
    fx_t *f = fx_new(1024);
    char *b1 = accounts_body(0, 1, "\"same\""), *b2 = accounts_body(1, 1, "\"same\"");
    char *r1 = fx_resp("200", "", b1), *r2 = fx_resp("200", "", b2);
    const char *seq[2] = {r1, r2};
    char *all = (char *)malloc(strlen(r1) + strlen(r2) + 1);
    sso_walk_state_t *ws = (sso_walk_state_t *)calloc(1, sizeof(*ws));
    seen_t *s = (seen_t *)calloc(1, sizeof(seen_t));
    (void)state;
    sso_script_add_seq(&f->s, all, strlen(r1) + strlen(r2) + 1, seq, 2);
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_list_all_accounts(&f->c, "tok", 0, on_account, s, ws),
                     SSO_ERR_REPEATED_TOKEN);
    assert_int_equal(s->n, 2);
    free(ws);
    free(s);
    free(all);
    free(r1);
    free(r2);
    free(b1);
    free(b2);
    free(f);
}

/* A page cut short after three items is retried; the retry delivers only the
 * items the first attempt did not. */
static void test_retry_mid_page_no_repeat(void **state)
{
    fx_t *f = fx_new(1024);
    char *b = accounts_body(0, 6, "null");
    char *r = fx_resp("200", "", b);
    const char *cut = strstr(r, "\"000000000003\"");
    sso_walk_state_t *ws = (sso_walk_state_t *)calloc(1, sizeof(*ws));
    seen_t *s = (seen_t *)calloc(1, sizeof(seen_t));
    int i;
    (void)state;
    sso_script_add_str(&f->s, r)->fault_at = (size_t)(cut - r);
    sso_script_add_str(&f->s, r);
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_list_all_accounts(&f->c, "tok", 0, on_account, s, ws), SSO_OK);
    assert_int_equal(s->n, 6);
    for (i = 0; i < 6; i++) {
        char want[16];
        snprintf(want, sizeof(want), "%012d", i);
        assert_string_equal(s->ids[i], want);
    }
    assert_int_equal(f->s.connects, 2);
    assert_int_equal(f->s.sleeps, 1);
    free(ws);
    free(s);
    free(r);
    free(b);
    free(f);
}

/* 1,000 accounts in one body through a 1 KB working buffer. */
static void test_thousand_accounts_1k_buffer(void **state)
{
    fx_t *f = fx_new(1024);
    char *b = accounts_body(0, 1000, "null");
    char *r = fx_chunked("200", b, 333);
    sso_next_token_t next;
    seen_t *s = (seen_t *)calloc(1, sizeof(seen_t));
    (void)state;
    sso_script_add_str(&f->s, r);
    f->s.split = SSO_SCRIPT_SPLIT_RANDOM;
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_list_accounts(&f->c, "tok", NULL, on_account, s, &next), SSO_OK);
    assert_int_equal(s->n, 1000);
    assert_string_equal(s->ids[999], "000000000999");
    assert_true(strlen(b) > 50000);
    free(s);
    free(r);
    free(b);
    free(f);
}

/* Every canned response of each operation gives the same outcome whole, split
 * in two at every offset, and one byte per recv. */
typedef struct outcome {
    int status;
    int items;
    char first[SSO_ACCOUNT_ID_MAX + 1];
    char next[64];
    char code[SSO_ERROR_CODE_MAX + 1];
    char akid[SSO_ACCESS_KEY_ID_MAX + 1];
} outcome_t;

static int count_account(void *user, const sso_account_t *a)
{
    outcome_t *o = (outcome_t *)user;
    if (o->items++ == 0) {
        snprintf(o->first, sizeof(o->first), "%s", a->account_id);
    }
    return 0;
}

static int count_role(void *user, const sso_role_t *r)
{
    outcome_t *o = (outcome_t *)user;
    if (o->items++ == 0) {
        snprintf(o->first, sizeof(o->first), "%.32s", r->role_name);
    }
    return 0;
}

static void run_op(int op, const char *resp, size_t split_at, size_t split, outcome_t *o)
{
    fx_t *f = fx_new(1024);
    sso_next_token_t next;
    sso_role_credentials_t cr;
    sso_script_conn_t *c = sso_script_add_str(&f->s, resp);
    memset(o, 0, sizeof(*o));
    c->split_at = split_at;
    f->s.split = split;
    f->cfg.max_attempts = 1;
    assert_int_equal(fx_init(f), SSO_OK);
    next.value[0] = '\0';
    if (op == 0) {
        o->status = sso_get_role_credentials(&f->c, "t", "1", "R", &cr);
        snprintf(o->akid, sizeof(o->akid), "%s", cr.access_key_id);
    } else if (op == 1) {
        o->status = sso_list_accounts(&f->c, "t", NULL, count_account, o, &next);
    } else if (op == 2) {
        o->status = sso_list_account_roles(&f->c, "t", "1", NULL, count_role, o, &next);
    } else {
        o->status = sso_logout(&f->c, "t");
    }
    snprintf(o->next, sizeof(o->next), "%.63s", next.value);
    snprintf(o->code, sizeof(o->code), "%s", sso_client_last_error(&f->c)->code);
    free(f);
}

static void test_every_response_every_split(void **state)
{
    char *acc = accounts_body(7, 5, "\"tok\\/en\"");
    struct {
        int op;
        char *resp;
        int status;
    } cases[] = {
        {0, creds_response(), SSO_OK},
        {0, fx_chunked("200 OK", REAL_BODY, 9), SSO_OK},
        {0, fx_fmt("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n%s", REAL_BODY), SSO_OK},
        {0,
         fx_resp("401", "RequestId: r-1\r\n",
                 "{\"message\":\"Session token not found or invalid\",\"__type\":"
                 "\"com.amazonaws.switchboard.portal#UnauthorizedException\"}"),
         SSO_ERR_SERVICE},
        {1, fx_resp("200", "", acc), SSO_OK},
        {1, fx_chunked("200", acc, 13), SSO_OK},
        {1, fx_resp("200 OK", "", "{ \"accountList\" : [ ] , \"nextToken\" : null }"), SSO_OK},
        {2,
         fx_chunked("200",
                    "{\"roleList\":[{\"roleName\":\"Admin\",\"accountId\":\"1\"}],"
                    "\"nextToken\":\"n2\"}",
                    4),
         SSO_OK},
        {2, fx_resp("404", "X-Amzn-ErrorType: ResourceNotFoundException:http://x/\r\n", "{}"),
         SSO_ERR_SERVICE},
        {3, fx_strdup_c("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"), SSO_OK},
        {3, fx_strdup_c("HTTP/1.1 204 No Content\r\n\r\n"), SSO_OK},
    };
    size_t i, at;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        outcome_t whole, part;
        size_t len = strlen(cases[i].resp);
        run_op(cases[i].op, cases[i].resp, 0, 0, &whole);
        assert_int_equal(whole.status, cases[i].status);
        for (at = 1; at <= len + 1; at++) {
            run_op(cases[i].op, cases[i].resp, at <= len ? at : 0, at <= len ? 0 : 1, &part);
            assert_int_equal(part.status, whole.status);
            assert_int_equal(part.items, whole.items);
            assert_string_equal(part.first, whole.first);
            assert_string_equal(part.next, whole.next);
            assert_string_equal(part.code, whole.code);
            assert_string_equal(part.akid, whole.akid);
        }
        free(cases[i].resp);
    }
    free(acc);
}

static void test_callback_abort(void **state)
{
    fx_t *f = fx_new(1024);
    char *b = accounts_body(0, 5, "null");
    char *r = fx_resp("200", "", b);
    sso_next_token_t next;
    seen_t *s = (seen_t *)calloc(1, sizeof(seen_t));
    (void)state;
    s->stop_after = 2;
    sso_script_add_str(&f->s, r);
    sso_script_add_str(&f->s, r);
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_list_accounts(&f->c, "tok", NULL, on_account, s, &next), SSO_ERR_ABORTED);
    assert_int_equal(s->n, 2);
    assert_int_equal(f->s.connects, 1); /* not retried */
    assert_int_equal(f->c.connected, 0);
    free(s);
    free(r);
    free(b);
    free(f);
}

/* ---- errors: the 11 Smithy restJson1 cases all yield FooError. */
static void expect_service_error(const char *headers, const char *body, int status,
                                 const char *code)
{
    fx_t *f = fx_new(1024);
    char *st = fx_fmt("%d", status);
    char *r = fx_resp(st, headers, body);
    sso_role_credentials_t cr;
    sso_script_add_str(&f->s, r);
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_get_role_credentials(&f->c, "t", "1", "R", &cr), SSO_ERR_SERVICE);
    assert_string_equal(sso_client_last_error(&f->c)->code, code);
    assert_int_equal(sso_client_last_error(&f->c)->http_status, status);
    assert_int_equal(f->s.connects, 1);
    assert_string_equal(cr.session_token, "");
    free(st);
    free(r);
    free(f);
}

static void test_smithy_error_cases(void **state)
{
    (void)state;
    expect_service_error("X-Amzn-Errortype: FooError\r\n", "", 400, "FooError");
    expect_service_error("X-Amzn-Errortype: "
                         "FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/\r\n",
                         "{}", 400, "FooError");
    expect_service_error("X-Amzn-Errortype: aws.protocoltests.restjson#FooError:http://"
                         "internal.amazon.com/coral/com.amazon.coral.validate/\r\n",
                         "", 400, "FooError");
    expect_service_error("X-Amzn-Errortype: aws.different.namespace#FooError:http://"
                         "internal.amazon.com/coral/com.amazon.coral.validate/\r\n",
                         "", 400, "FooError");
    expect_service_error("", "{\"code\":\"FooError\"}", 400, "FooError");
    expect_service_error("", "{\"code\":\"aws.protocoltests.restjson#FooError\"}", 400, "FooError");
    expect_service_error("",
                         "{\"code\":\"aws.protocoltests.restjson#FooError:http://internal."
                         "amazon.com/coral/com.amazon.coral.validate/\"}",
                         400, "FooError");
    expect_service_error("", "{\"__type\":\"FooError\"}", 400, "FooError");
    expect_service_error("", "{\"__type\":\"aws.protocoltests.restjson#FooError\"}", 400,
                         "FooError");
    expect_service_error("",
                         "{\"__type\":\"aws.protocoltests.restjson#FooError:http://internal."
                         "amazon.com/coral/com.amazon.coral.validate/\"}",
                         400, "FooError");
    expect_service_error("",
                         "{\"__type\":\"aws.protocoltests.restjson#FooError\",\"ErrorDetails\":"
                         "[{\"__type\":\"com.amazon.internal#ErrorDetails\"}]}",
                         400, "FooError");
    /* Precedence: header > code > __type, whatever the body order. */
    expect_service_error("x-amzn-errortype: HeaderWins\r\n",
                         "{\"code\":\"Code\",\"__type\":\"Type\"}", 400, "HeaderWins");
    expect_service_error("", "{\"__type\":\"a#Type\",\"code\":\"Code\"}", 400, "Code");
    expect_service_error("", "{\"code\":\"Code\",\"__type\":\"a#Type\"}", 400, "Code");
    /* No code anywhere: the status in decimal, body not JSON at all. */
    expect_service_error("", "<html>Bad Gateway</html>", 404, "404");
    expect_service_error("", "", 401, "401");
}

static void test_real_401_message_and_request_id(void **state)
{
    fx_t *f = fx_new(1024);
    char *r = fx_resp("401 Unauthorized", "x-amzn-RequestId:  abc-123 \r\n",
                      "{\"message\":\"Session token not found or invalid\",\"__type\":"
                      "\"com.amazonaws.switchboard.portal#UnauthorizedException\"}");
    sso_role_credentials_t cr;
    const sso_service_error_t *e;
    (void)state;
    sso_script_add_str(&f->s, r);
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_get_role_credentials(&f->c, "t", "1", "R", &cr), SSO_ERR_SERVICE);
    e = sso_client_last_error(&f->c);
    assert_string_equal(e->code, "UnauthorizedException");
    assert_string_equal(e->message, "Session token not found or invalid");
    assert_string_equal(e->request_id, "abc-123");
    assert_int_equal(e->http_status, 401);
    assert_int_equal(e->message_truncated, 0);
    free(r);
    free(f);
}

static void test_message_precedence_and_truncation(void **state)
{
    fx_t *f = fx_new(2048);
    char longmsg[600];
    char *body, *r, *r2;
    sso_role_credentials_t cr;
    const sso_service_error_t *e;
    (void)state;
    memset(longmsg, 'm', sizeof(longmsg) - 1);
    longmsg[sizeof(longmsg) - 1] = '\0';
    r = fx_resp("400", "", "{\"message\":\"lower\",\"Message\":\"Upper\",\"code\":\"X\"}");
    body = fx_fmt("{\"Message\":\"%s\",\"code\":\"Y\"}", longmsg);
    r2 = fx_resp("400", "", body);
    sso_script_add_str(&f->s, r);
    sso_script_add_str(&f->s, r2);
    f->cfg.max_attempts = 1;
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_get_role_credentials(&f->c, "t", "1", "R", &cr), SSO_ERR_SERVICE);
    e = sso_client_last_error(&f->c);
    assert_string_equal(e->message, "lower");
    sso_client_close(&f->c);
    assert_int_equal(sso_get_role_credentials(&f->c, "t", "1", "R", &cr), SSO_ERR_SERVICE);
    assert_string_equal(e->code, "Y");
    assert_int_equal(strlen(e->message), SSO_ERROR_MESSAGE_MAX);
    assert_int_equal(e->message_truncated, 1);
    free(body);
    free(r);
    free(r2);
    free(f);
}

/* ---- retries */
static void test_bare_503_three_attempts(void **state)
{
    fx_t *f = fx_new(1024);
    static const char bare[] = "HTTP/1.1 503\r\n\r\n";
    sso_role_credentials_t cr;
    (void)state;
    sso_script_add_str(&f->s, bare);
    sso_script_add_str(&f->s, bare);
    sso_script_add_str(&f->s, bare);
    f->s.fixed_random = 1000;
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_get_role_credentials(&f->c, "t", "1", "R", &cr), SSO_ERR_SERVICE);
    assert_string_equal(sso_client_last_error(&f->c)->code, "503");
    assert_int_equal(sso_client_last_error(&f->c)->attempts, 3);
    assert_int_equal(sso_client_last_error(&f->c)->retryable, 1);
    assert_int_equal(f->s.connects, 3);
    assert_int_equal(f->s.sleeps, 2);
    /* random 1000 within caps of 1 s and 2 s: 1000 ms each. */
    assert_int_equal(f->s.slept_ms, 2000);
    assert_int_equal(f->c.retry_quota, SSO_RETRY_QUOTA - 2 * SSO_RETRY_COST);
    free(f);
}

/* Even a well-framed error response ends its connection (PROTOCOL §5). */
static void test_throttle_then_success(void **state)
{
    fx_t *f = fx_new(1024);
    char *t = fx_resp("429 Too Many Requests", "",
                      "{\"message\":\"slow down\",\"__type\":\"x#TooManyRequestsException\"}");
    char *ok = creds_response();
    char *all = fx_fmt("%s%s", t, ok);
    sso_role_credentials_t cr;
    (void)state;
    sso_script_add_str(&f->s, all);
    sso_script_add_str(&f->s, ok);
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_get_role_credentials(&f->c, "t", "1", "R", &cr), SSO_OK);
    assert_real_creds(&cr);
    assert_int_equal(sso_client_last_error(&f->c)->attempts, 2);
    assert_int_equal(f->s.connects, 2);
    assert_int_equal(f->s.sleeps, 1);
    assert_true(f->s.slept_ms <= 1000);
    assert_int_equal(f->c.retry_quota, SSO_RETRY_QUOTA); /* refunded */
    free(all);
    free(t);
    free(ok);
    free(f);
}

static void test_400_not_retried_and_quota(void **state)
{
    fx_t *f = fx_new(1024);
    char *bad = fx_resp("400", "", "{\"__type\":\"InvalidRequestException\"}");
    char *thr = fx_resp("400", "", "{\"__type\":\"ThrottlingException\"}");
    sso_role_credentials_t cr;
    (void)state;
    sso_script_add_str(&f->s, bad);
    sso_script_add_str(&f->s, thr);
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_get_role_credentials(&f->c, "t", "1", "R", &cr), SSO_ERR_SERVICE);
    assert_int_equal(f->s.sleeps, 0);
    assert_int_equal(sso_client_last_error(&f->c)->attempts, 1);
    assert_int_equal(sso_client_last_error(&f->c)->retryable, 0);
    sso_client_close(&f->c);
    /* Out of quota: a retryable throttle is not retried. */
    f->c.retry_quota = SSO_RETRY_COST - 1;
    assert_int_equal(sso_get_role_credentials(&f->c, "t", "1", "R", &cr), SSO_ERR_SERVICE);
    assert_string_equal(sso_client_last_error(&f->c)->code, "ThrottlingException");
    assert_int_equal(f->s.sleeps, 0);
    assert_int_equal(f->s.connects, 2);
    free(bad);
    free(thr);
    free(f);
}

static void test_timeout_retry_costs_more(void **state)
{
    fx_t *f = fx_new(1024);
    char *ok = creds_response();
    sso_role_credentials_t cr;
    (void)state;
    sso_script_add_str(&f->s, "")->end_status = SSO_ERR_TIMEOUT;
    sso_script_add_str(&f->s, "HTTP/1.1 200 OK\r\nContent-Le")->end_status = SSO_ERR_TIMEOUT;
    sso_script_add_str(&f->s, ok);
    assert_int_equal(fx_init(f), SSO_OK);
    f->c.retry_quota = 100;
    assert_int_equal(sso_get_role_credentials(&f->c, "t", "1", "R", &cr), SSO_OK);
    /* Two timeouts at 10 each, the success refunds the last one. */
    assert_int_equal(f->c.retry_quota, 100 - 2 * SSO_RETRY_TIMEOUT_COST + SSO_RETRY_TIMEOUT_COST);
    assert_int_equal(f->s.connects, 3);
    free(ok);
    free(f);
}

static void test_connect_failure_then_success(void **state)
{
    fx_t *f = fx_new(1024);
    char *ok = creds_response();
    sso_role_credentials_t cr;
    (void)state;
    sso_script_add_str(&f->s, "")->connect_status = SSO_ERR_CONNECT;
    sso_script_add_str(&f->s, ok);
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_get_role_credentials(&f->c, "t", "1", "R", &cr), SSO_OK);
    assert_int_equal(f->s.connects, 2);
    free(ok);
    free(f);
}

/* ---- framing and content failures never report success */
static void test_truncated_body_is_error(void **state)
{
    char *ok = creds_response();
    size_t len = strlen(ok), at;
    (void)state;
    for (at = 0; at < len; at++) {
        fx_t *f = fx_new(1024);
        sso_role_credentials_t cr;
        sso_script_add_str(&f->s, ok)->fault_at = at;
        f->cfg.max_attempts = 1;
        assert_int_equal(fx_init(f), SSO_OK);
        assert_int_equal(sso_get_role_credentials(&f->c, "t", "1", "R", &cr),
                         at == 0 ? SSO_ERR_TRUNCATED : SSO_ERR_TRUNCATED);
        assert_int_equal(f->c.connected, 0);
        assert_string_equal(cr.access_key_id, "");
        free(f);
    }
    free(ok);
}

/* A TLS peer that ends a close-delimited response without close_notify
 * (recv gives SSO_ERR_TLS_EOF): an error status is still the service error,
 * and retried when retryable; a 2xx body counts only when its JSON is whole;
 * a body cut short of its Content-Length stays truncated. */
static void test_tls_eof_without_close_notify(void **state)
{
    static const char err503[] = "HTTP/1.1 503 Service Unavailable\r\n\r\n"
                                 "{\"message\":\"down\",\"__type\":\"X#Unavailable\"}";
    char *ok = fx_fmt("HTTP/1.1 200 OK\r\n\r\n%s", REAL_BODY);
    char *cut = fx_fmt("HTTP/1.1 200 OK\r\n\r\n%.*s", (int)strlen(REAL_BODY) - 2, REAL_BODY);
    char *cl = creds_response();
    sso_role_credentials_t cr;
    fx_t *f = fx_new(1024);
    int i;
    (void)state;
    for (i = 0; i < 3; i++) {
        sso_script_add_str(&f->s, err503)->end_status = SSO_ERR_TLS_EOF;
    }
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_get_role_credentials(&f->c, "t", "1", "R", &cr), SSO_ERR_SERVICE);
    assert_int_equal(sso_client_last_error(&f->c)->http_status, 503);
    assert_string_equal(sso_client_last_error(&f->c)->code, "Unavailable");
    assert_string_equal(sso_client_last_error(&f->c)->message, "down");
    assert_int_equal(sso_client_last_error(&f->c)->attempts, 3);
    free(f);

    f = fx_new(1024);
    sso_script_add_str(&f->s, ok)->end_status = SSO_ERR_TLS_EOF;
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_get_role_credentials(&f->c, "t", "1", "R", &cr), SSO_OK);
    assert_real_creds(&cr);
    assert_int_equal(sso_client_connected(&f->c), 0);
    free(f);

    f = fx_new(1024);
    sso_script_add_str(&f->s, cut)->end_status = SSO_ERR_TLS_EOF;
    f->cfg.max_attempts = 1;
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_get_role_credentials(&f->c, "t", "1", "R", &cr), SSO_ERR_TRUNCATED);
    assert_string_equal(cr.access_key_id, "");
    free(f);

    f = fx_new(1024);
    sso_script_add(&f->s, cl, strlen(cl) - 1)->end_status = SSO_ERR_TLS_EOF;
    f->cfg.max_attempts = 1;
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_get_role_credentials(&f->c, "t", "1", "R", &cr), SSO_ERR_TRUNCATED);
    free(f);
    free(ok);
    free(cut);
    free(cl);
}

/* One credentials body through the whole client: the status, and what was
 * mapped when it succeeded. */
static int creds_of(const char *body, sso_role_credentials_t *cr)
{
    fx_t *f = fx_new(1024);
    char *r = fx_resp("200", "", body);
    int st;
    sso_script_add_str(&f->s, r);
    f->cfg.max_attempts = 1;
    assert_int_equal(fx_init(f), SSO_OK);
    st = sso_get_role_credentials(&f->c, "t", "1", "R", cr);
    free(r);
    free(f);
    return st;
}

#define CREDS_OF(inner) "{\"roleCredentials\":{" inner "}}"
#define FULL_CREDS                                                                                 \
    "\"accessKeyId\":\"A\",\"secretAccessKey\":\"S\",\"sessionToken\":\"T\",\"expiration\":1"

/* Valid JSON that is unusual must not fail the call (PROTOCOL §2). */
static void test_unusual_json_strings(void **state)
{
    static const char *const ok[] = {
        /* \u0000 and lone surrogates where nothing is mapped */
        "{\"note\":\"a\\u0000b\","
        "\"roleCredentials\":{" FULL_CREDS "}}",
        "{\"roleCredentials\":{" FULL_CREDS ",\"x\":\"\\ud800\"}}",
        "{\"roleCredentials\":{" FULL_CREDS ",\"x\":\"\\udc00z\"}}",
        "{\"roleCredentials\":{" FULL_CREDS ",\"x\":\"\\ud800\\u0041\"}}",
        "{\"roleCredentials\":{" FULL_CREDS ",\"x\":\"\\ud800\\n\"}}",
        "{\"roleCredentials\":{" FULL_CREDS ",\"\\u0000key\":1}}",
        "{\"\\ud800\":[\"\\u0000\"],\"roleCredentials\":{" FULL_CREDS "}}",
        "{\"roleCredentials\":{" FULL_CREDS "},\"n\":{\"k\\udfff\":\"\\ud83d\"}}",
    };
    static const char *const refused[] = {
        CREDS_OF("\"accessKeyId\":\"A\\u0000\",\"secretAccessKey\":\"S\",\"sessionToken\":\"T\","
                 "\"expiration\":1"),
        CREDS_OF("\"accessKeyId\":\"A\",\"secretAccessKey\":\"S\\ud800\",\"sessionToken\":\"T\","
                 "\"expiration\":1"),
        CREDS_OF("\"accessKeyId\":\"A\",\"secretAccessKey\":\"S\",\"sessionToken\":\"\\udc00\","
                 "\"expiration\":1"),
    };
    sso_role_credentials_t cr;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        assert_int_equal(creds_of(ok[i], &cr), SSO_OK);
        assert_string_equal(cr.access_key_id, "A");
        assert_string_equal(cr.session_token, "T");
    }
    for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        assert_int_equal(creds_of(refused[i], &cr), SSO_ERR_FIELD_INVALID);
        assert_string_equal(cr.access_key_id, "");
    }
}

/* A duplicated key: the last one wins, as in Python and Go; a second
 * roleCredentials object replaces the first whole, never field by field. */
static void test_duplicate_keys_last_wins(void **state)
{
    sso_role_credentials_t cr;
    (void)state;
    assert_int_equal(creds_of("{\"roleCredentials\":{" FULL_CREDS "},\"roleCredentials\":{"
                              "\"accessKeyId\":\"B\",\"secretAccessKey\":\"S2\","
                              "\"expiration\":2}}",
                              &cr),
                     SSO_ERR_MISSING_FIELD);
    assert_int_equal(
        creds_of("{\"roleCredentials\":{" FULL_CREDS "},\"roleCredentials\":null}", &cr),
        SSO_ERR_MISSING_FIELD);
    assert_int_equal(creds_of("{\"roleCredentials\":{" FULL_CREDS "},\"roleCredentials\":{"
                              "\"accessKeyId\":\"B\",\"secretAccessKey\":\"S2\","
                              "\"sessionToken\":\"T2\",\"expiration\":2}}",
                              &cr),
                     SSO_OK);
    assert_string_equal(cr.access_key_id, "B");
    assert_string_equal(cr.session_token, "T2");
    assert_true(cr.expiration == 2);
    assert_int_equal(creds_of(CREDS_OF(FULL_CREDS ",\"accessKeyId\":\"C\""), &cr), SSO_OK);
    assert_string_equal(cr.access_key_id, "C");
    assert_int_equal(creds_of(CREDS_OF(FULL_CREDS ",\"sessionToken\":null"), &cr),
                     SSO_ERR_MISSING_FIELD);
}

/* expiration as an integer-valued number in any JSON form. */
static void test_expiration_number_forms(void **state)
{
    static const struct {
        const char *num;
        int64_t want; /* 0 with st != SSO_OK */
        int st;
    } cases[] = {
        {"1700000000000", 1700000000000LL, SSO_OK},
        {"1.7e12", 1700000000000LL, SSO_OK},
        {"1.7E+12", 1700000000000LL, SSO_OK},
        {"1700000000000.0", 1700000000000LL, SSO_OK},
        {"1700000000000.000e0", 1700000000000LL, SSO_OK},
        {"17000000000000000e-4", 1700000000000LL, SSO_OK},
        {"0.17e13", 1700000000000LL, SSO_OK},
        {"-1.5e1", -15, SSO_OK},
        {"-0.0", 0, SSO_OK},
        {"0e999999999999", 0, SSO_OK},
        {"9223372036854775807", INT64_MAX, SSO_OK},
        {"9.223372036854775807e18", INT64_MAX, SSO_OK},
        {"-9223372036854775808", INT64_MIN, SSO_OK},
        {"92233720368547758070e-1", INT64_MAX, SSO_OK},
        {"1.5", 0, SSO_ERR_JSON},
        {"1700000000000.5", 0, SSO_ERR_JSON},
        {"1.7e-1", 0, SSO_ERR_JSON},
        {"9223372036854775808", 0, SSO_ERR_JSON},
        {"1e19", 0, SSO_ERR_JSON},
        {"1e999999999999", 0, SSO_ERR_JSON},
        {"12345678901234567890123e-10", 0, SSO_ERR_JSON},
        {"1e-999999999999", 0, SSO_ERR_JSON},
        {"true", 0, SSO_ERR_JSON},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        sso_role_credentials_t cr;
        char *body = fx_fmt(CREDS_OF("\"accessKeyId\":\"A\",\"secretAccessKey\":\"S\","
                                     "\"sessionToken\":\"T\",\"expiration\":%s"),
                            cases[i].num);
        int st = creds_of(body, &cr);
        if (st != cases[i].st || (st == SSO_OK && cr.expiration != cases[i].want)) {
            fail_msg("expiration %s: status %d, value %lld", cases[i].num, st,
                     (long long)cr.expiration);
        }
        free(body);
    }
}

/* A null element in a list is skipped; a null nextToken after a real one
 * wins (last key wins): no further page. */
static void test_null_list_elements(void **state)
{
    fx_t *f = fx_new(1024);
    char *r = fx_resp("200", "",
                      "{\"accountList\":[null,{\"accountId\":\"1\"},null,null,{\"accountId\":"
                      "\"2\"},null],\"nextToken\":\"x\",\"nextToken\":null,"
                      "\"roleList\":[null]}");
    char *r2 = fx_resp("200", "", "{\"roleList\":[null,{\"roleName\":\"R\",\"accountId\":\"1\"}]}");
    sso_next_token_t next;
    seen_t *s = (seen_t *)calloc(1, sizeof(seen_t));
    (void)state;
    sso_script_add_str(&f->s, r);
    sso_script_add_str(&f->s, r2);
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_list_accounts(&f->c, "tok", NULL, on_account, s, &next), SSO_OK);
    assert_int_equal(s->n, 2);
    assert_string_equal(s->ids[0], "1");
    assert_string_equal(s->ids[1], "2");
    assert_string_equal(next.value, "");
    sso_client_close(&f->c);
    assert_int_equal(sso_list_account_roles(&f->c, "tok", "1", NULL, on_role, s, &next), SSO_OK);
    assert_int_equal(s->n, 3);
    assert_string_equal(s->names[2], "R@1");
    free(s);
    free(r);
    free(r2);
    free(f);
}

/* A nextToken longer than SSO_NEXT_TOKEN_MAX is refused, not cut. */
static void test_next_token_too_long(void **state)
{
    fx_t *f = fx_new(1024);
    char *tok = (char *)malloc(SSO_NEXT_TOKEN_MAX + 2);
    char *body, *r;
    sso_next_token_t next;
    seen_t *s = (seen_t *)calloc(1, sizeof(seen_t));
    (void)state;
    memset(tok, 'n', SSO_NEXT_TOKEN_MAX + 1);
    tok[SSO_NEXT_TOKEN_MAX + 1] = '\0';
    body = fx_fmt("{\"accountList\":[],\"nextToken\":\"%s\"}", tok);
    r = fx_resp("200", "", body);
    sso_script_add_str(&f->s, r);
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_list_accounts(&f->c, "tok", NULL, on_account, s, &next),
                     SSO_ERR_FIELD_TOO_LONG);
    assert_string_equal(next.value, "");
    assert_non_null(sso_client_last_error(&f->c)->field);
    assert_string_equal(sso_client_last_error(&f->c)->field, "nextToken");
    free(s);
    free(r);
    free(body);
    free(tok);
    free(f);
}

/* A list item's value that does not fit names its member, here the third
 * of the account's fields. */
static void test_item_field_too_long_named(void **state)
{
    fx_t *f = fx_new(1024);
    char mail[SSO_EMAIL_MAX + 2];
    char *body, *r;
    sso_next_token_t next;
    seen_t *s = (seen_t *)calloc(1, sizeof(seen_t));
    (void)state;
    memset(mail, 'm', sizeof(mail) - 1);
    mail[sizeof(mail) - 1] = '\0';
    body = fx_fmt("{\"accountList\":[{\"accountId\":\"1\",\"accountName\":\"a\","
                  "\"emailAddress\":\"%s\"}]}",
                  mail);
    r = fx_resp("200", "", body);
    sso_script_add_str(&f->s, r);
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_list_accounts(&f->c, "tok", NULL, on_account, s, &next),
                     SSO_ERR_FIELD_TOO_LONG);
    assert_non_null(sso_client_last_error(&f->c)->field);
    assert_string_equal(sso_client_last_error(&f->c)->field, "emailAddress");
    free(s);
    free(r);
    free(body);
    free(f);
}

/* \u0000 in nextToken (a mapped string) is refused clearly. */
static void test_next_token_invalid_string(void **state)
{
    fx_t *f = fx_new(1024);
    char *r = fx_resp("200", "", "{\"accountList\":[],\"nextToken\":\"a\\u0000b\"}");
    sso_next_token_t next;
    seen_t *s = (seen_t *)calloc(1, sizeof(seen_t));
    (void)state;
    sso_script_add_str(&f->s, r);
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_list_accounts(&f->c, "tok", NULL, on_account, s, &next),
                     SSO_ERR_FIELD_INVALID);
    assert_string_equal(next.value, "");
    free(s);
    free(r);
    free(f);
}

static void test_content_errors(void **state)
{
    static const struct {
        const char *body;
        int status;
    } cases[] = {
        {"{\"roleCredentials\":{\"accessKeyId\":\"A\",}}", SSO_ERR_JSON},
        {"{\"roleCredentials\":{\"accessKeyId\":\"A\"}", SSO_ERR_JSON},
        {"", SSO_ERR_JSON},
        {"[]", SSO_ERR_JSON},
        {"{\"roleCredentials\":{\"accessKeyId\":\"A\",\"secretAccessKey\":\"B\","
         "\"expiration\":1}}",
         SSO_ERR_MISSING_FIELD},
        {"{\"roleCredentials\":null}", SSO_ERR_MISSING_FIELD},
        {"{\"roleCredentials\":{\"accessKeyId\":\"0123456789012345678901234567890123456789\","
         "\"secretAccessKey\":\"B\",\"sessionToken\":\"C\",\"expiration\":1}}",
         SSO_ERR_FIELD_TOO_LONG},
        {"{\"roleCredentials\":{\"accessKeyId\":1,\"secretAccessKey\":\"B\","
         "\"sessionToken\":\"C\",\"expiration\":1}}",
         SSO_ERR_JSON},
        {"{\"roleCredentials\":{\"accessKeyId\":\"A\",\"secretAccessKey\":\"B\","
         "\"sessionToken\":\"C\",\"expiration\":\"soon\"}}",
         SSO_ERR_JSON},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        fx_t *f = fx_new(1024);
        char *r = fx_resp("200", "", cases[i].body);
        sso_role_credentials_t cr;
        sso_script_add_str(&f->s, r);
        sso_script_add_str(&f->s, r);
        assert_int_equal(fx_init(f), SSO_OK);
        assert_int_equal(sso_get_role_credentials(&f->c, "t", "1", "R", &cr), cases[i].status);
        /* The member whose value failed is named; no other failure names one. */
        if (cases[i].status == SSO_ERR_FIELD_TOO_LONG) {
            assert_non_null(sso_client_last_error(&f->c)->field);
            assert_string_equal(sso_client_last_error(&f->c)->field, "accessKeyId");
        } else {
            assert_null(sso_client_last_error(&f->c)->field);
        }
        assert_int_equal(f->s.connects, 1); /* content errors are not retried */
        assert_int_equal(f->c.connected, 0);
        assert_string_equal(cr.access_key_id, "");
        free(r);
        free(f);
    }
}

static void test_item_too_large(void **state)
{
    fx_t *f = fx_new(1024);
    char tok[1500], *body, *r;
    sso_role_credentials_t *cr = (sso_role_credentials_t *)malloc(sizeof(*cr));
    (void)state;
    memset(tok, 'S', sizeof(tok) - 1);
    tok[sizeof(tok) - 1] = '\0';
    body = fx_fmt("{\"roleCredentials\":{\"accessKeyId\":\"A\",\"secretAccessKey\":\"B\","
                  "\"sessionToken\":\"%s\",\"expiration\":1}}",
                  tok);
    r = fx_resp("200", "", body);
    sso_script_add_str(&f->s, r);
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_get_role_credentials(&f->c, "t", "1", "R", cr), SSO_ERR_ITEM_TOO_LARGE);
    free(f);
    /* The same response fits a 2.5 KB buffer. */
    f = fx_new(2560);
    sso_script_add_str(&f->s, r);
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_get_role_credentials(&f->c, "t", "1", "R", cr), SSO_OK);
    assert_string_equal(cr->session_token, tok);
    free(cr);
    free(body);
    free(r);
    free(f);
}

/* ---- connection reuse */
static void test_keep_alive_and_close(void **state)
{
    fx_t *f = fx_new(1024);
    char *ok = creds_response();
    char *closing = fx_resp("200", "Connection: close\r\n", REAL_BODY);
    const char *seq[2] = {ok, closing};
    char all[1024];
    sso_role_credentials_t cr;
    (void)state;
    sso_script_add_seq(&f->s, all, sizeof(all), seq, 2);
    sso_script_add_str(&f->s, ok);
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_get_role_credentials(&f->c, "t", "1", "R", &cr), SSO_OK);
    assert_int_equal(sso_get_role_credentials(&f->c, "t", "1", "R", &cr), SSO_OK);
    assert_int_equal(f->s.connects, 1);
    assert_int_equal(f->c.connected, 0); /* the server said close */
    assert_int_equal(sso_get_role_credentials(&f->c, "t", "1", "R", &cr), SSO_OK);
    assert_int_equal(f->s.connects, 2);
    free(ok);
    free(closing);
    free(f);
}

/* A kept-alive connection the server closed while idle: one silent
 * reconnect, even with retries off. */
static void test_stale_keep_alive_reconnects(void **state)
{
    fx_t *f = fx_new(1024);
    char *ok = creds_response();
    sso_role_credentials_t cr;
    (void)state;
    sso_script_add_str(&f->s, ok);
    sso_script_add_str(&f->s, ok);
    f->cfg.max_attempts = 1;
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_get_role_credentials(&f->c, "t", "1", "R", &cr), SSO_OK);
    assert_int_equal(sso_get_role_credentials(&f->c, "t", "1", "R", &cr), SSO_OK);
    assert_int_equal(f->s.connects, 2);
    assert_int_equal(f->s.sleeps, 0);
    free(ok);
    free(f);
}

/* The server answered, then sent an unsolicited 408 and closed while the
 * connection sat idle: the next call must not read that 408 as its answer.
 * The transport's stale() says so, the client opens a fresh connection,
 * and no attempt is spent. Also with the 408 still unread and no EOF yet,
 * and with only the EOF. */
static void test_stale_bytes_not_read_as_answer(void **state)
{
    static const char late[] = "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n"
                               "Content-Length: 0\r\n\r\n";
    int variant;
    (void)state;
    for (variant = 0; variant < 3; variant++) {
        fx_t *f = fx_new(1024);
        char *ok = creds_response();
        char *first = fx_fmt("%s%s", ok, variant == 2 ? "" : late);
        sso_role_credentials_t cr;
        sso_script_conn_t *c = sso_script_add_str(&f->s, first);
        c->split_at = strlen(ok); /* the 408 comes after the first answer */
        if (variant == 1) {
            c->end_status = SSO_ERR_TIMEOUT; /* the server has not closed yet */
        }
        sso_script_add_str(&f->s, ok);
        f->cfg.max_attempts = 1;
        assert_int_equal(fx_init(f), SSO_OK);
        assert_int_equal(sso_get_role_credentials(&f->c, "t", "1", "R", &cr), SSO_OK);
        assert_int_equal(sso_client_connected(&f->c), 1);
        assert_int_equal(sso_get_role_credentials(&f->c, "t", "1", "R", &cr), SSO_OK);
        assert_real_creds(&cr);
        assert_int_equal(f->s.connects, 2);
        assert_int_equal(f->s.stale_calls, 1);
        assert_int_equal(sso_client_last_error(&f->c)->attempts, 1);
        assert_int_equal(sso_client_connections(&f->c), 2);
        /* the stale connection was closed before the fresh one opened */
        assert_int_equal(f->s.closes, 1);
        free(first);
        free(ok);
        free(f);
    }
}

/* Without a stale() the client reuses an idle connection as before. */
static void test_stale_optional(void **state)
{
    fx_t *f = fx_new(1024);
    char *ok = creds_response();
    const char *seq[2] = {ok, ok};
    char all[1024];
    sso_role_credentials_t cr;
    (void)state;
    sso_script_add_seq(&f->s, all, sizeof(all), seq, 2);
    f->t.stale = NULL;
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_get_role_credentials(&f->c, "t", "1", "R", &cr), SSO_OK);
    assert_int_equal(sso_get_role_credentials(&f->c, "t", "1", "R", &cr), SSO_OK);
    assert_int_equal(f->s.connects, 1);
    assert_int_equal(f->s.stale_calls, 0);
    free(ok);
    free(f);
}

/* Extra bytes after a response: the connection is not reused. */
static void test_extra_bytes_not_reused(void **state)
{
    fx_t *f = fx_new(1024);
    char *ok = creds_response();
    char *all = fx_fmt("%sHTTP/1.1 200 OK\r\n", ok);
    sso_role_credentials_t cr;
    (void)state;
    sso_script_add_str(&f->s, all);
    f->s.split = 4096;
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_get_role_credentials(&f->c, "t", "1", "R", &cr), SSO_OK);
    assert_int_equal(f->c.connected, 0);
    free(all);
    free(ok);
    free(f);
}

static void test_logout(void **state)
{
    fx_t *f = fx_new(1024);
    (void)state;
    sso_script_add_str(&f->s, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_logout(&f->c, "tok"), SSO_OK);
    assert_true(fx_sent_has(f, "POST /logout HTTP/1.1\r\n"));
    /* a body on a Logout success is not read, whatever it holds */
    sso_script_add_str(&f->s, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nnot{}");
    sso_client_close(&f->c);
    assert_int_equal(sso_logout(&f->c, "tok"), SSO_OK);
    assert_string_equal(sso_client_host(&f->c), "portal.sso.us-east-2.amazonaws.com");
    assert_true(fx_sent_has(f, "\r\nContent-Length: 0\r\n\r\n"));
    assert_false(fx_sent_has(f, "Content-Type"));
    free(f);
}

/* ---- configuration and caller input */
static void test_endpoint_and_transport_security(void **state)
{
    fx_t *f = fx_new(1024);
    sso_role_credentials_t cr;
    (void)state;
    f->cfg.endpoint_url = "http://127.0.0.1:8080";
    assert_int_equal(fx_init(f), SSO_ERR_INVALID_ARG); /* TLS transport, http URL */
    f->t.secure = 0;
    f->cfg.endpoint_url = NULL;
    assert_int_equal(fx_init(f), SSO_ERR_INVALID_ARG); /* https without TLS */
    f->cfg.endpoint_url = "http://127.0.0.1:8080";
    assert_int_equal(fx_init(f), SSO_OK);
    sso_script_add_str(&f->s, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    assert_int_equal(sso_logout(&f->c, "tok"), SSO_OK);
    assert_true(fx_sent_has(f, "\r\nHost: 127.0.0.1:8080\r\n"));
    f->cfg.endpoint_url = NULL;
    f->cfg.region = "US-EAST-1";
    f->t.secure = 1;
    assert_int_equal(fx_init(f), SSO_ERR_ENDPOINT);
    assert_int_equal(sso_get_role_credentials(&f->c, "t", "1", "R", &cr), SSO_ERR_INVALID_ARG);
    free(f);
}

/* Defaults fill zeros; a long read timeout saturates the response deadline
 * instead of wrapping to a short one. */
static void test_config_defaults(void **state)
{
    fx_t *f = fx_new(1024);
    (void)state;
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(f->c.cfg.connect_timeout_ms, SSO_DEFAULT_CONNECT_TIMEOUT_MS);
    assert_int_equal(f->c.cfg.read_timeout_ms, SSO_DEFAULT_READ_TIMEOUT_MS);
    assert_int_equal(f->c.cfg.response_timeout_ms,
                     SSO_DEFAULT_READ_TIMEOUT_MS * SSO_RESPONSE_TIMEOUT_FACTOR);
    assert_int_equal(f->c.cfg.max_attempts, SSO_DEFAULT_MAX_ATTEMPTS);
    f->cfg.read_timeout_ms = 800000000u; /* 800,000 s: times 6 overflows 32 bits */
    assert_int_equal(fx_init(f), SSO_OK);
    assert_true(f->c.cfg.response_timeout_ms == UINT32_MAX);
    f->cfg.response_timeout_ms = 5;
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(f->c.cfg.response_timeout_ms, 5);
    free(f);
}

/* A server that trickles bytes cannot hold a call past the response
 * deadline, even though no single read times out. */
static void test_response_deadline(void **state)
{
    fx_t *f = fx_new(1024);
    sso_role_credentials_t cr;
    char *ok = creds_response();
    (void)state;
    sso_script_add_str(&f->s, ok);
    f->s.split = 1;
    f->cfg.max_attempts = 1;
    f->cfg.response_timeout_ms = 50;
    assert_int_equal(fx_init(f), SSO_OK);
    /* The fake clock advances 1 ms per recv through the platform hook. */
    f->s.ms_per_recv = 1;
    assert_int_equal(sso_get_role_credentials(&f->c, "t", "1", "R", &cr), SSO_ERR_TIMEOUT);
    assert_true(f->s.recv_calls <= 51);
    assert_int_equal(f->c.connected, 0);
    free(ok);
    free(f);
}

static void test_bad_caller_input(void **state)
{
    fx_t *f = fx_new(1024);
    sso_role_credentials_t cr;
    sso_next_token_t next;
    sso_walk_state_t *ws = (sso_walk_state_t *)calloc(1, sizeof(*ws));
    sso_page_opts_t opts = {NULL, 101};
    seen_t *s = (seen_t *)calloc(1, sizeof(seen_t));
    (void)state;
    assert_int_equal(sso_client_init(NULL, &f->cfg), SSO_ERR_INVALID_ARG);
    assert_int_equal(sso_client_init(&f->c, NULL), SSO_ERR_INVALID_ARG);
    f->cfg.work_len = SSO_WORK_MIN - 1;
    assert_int_equal(fx_init(f), SSO_ERR_BUFFER_TOO_SMALL);
    f->cfg.work_len = 1024;
    f->cfg.transport = NULL;
    assert_int_equal(fx_init(f), SSO_ERR_INVALID_ARG);
    f->cfg.transport = &f->t;
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_get_role_credentials(NULL, "t", "1", "R", &cr), SSO_ERR_INVALID_ARG);
    assert_int_equal(sso_get_role_credentials(&f->c, "", "1", "R", &cr), SSO_ERR_INVALID_ARG);
    assert_int_equal(sso_get_role_credentials(&f->c, NULL, "1", "R", &cr), SSO_ERR_INVALID_ARG);
    assert_int_equal(sso_get_role_credentials(&f->c, "t\r\nX: y", "1", "R", &cr),
                     SSO_ERR_INVALID_ARG);
    assert_int_equal(sso_get_role_credentials(&f->c, "t", "1\n", "R", &cr), SSO_ERR_INVALID_ARG);
    assert_int_equal(sso_get_role_credentials(&f->c, "t", "1", "", &cr), SSO_ERR_INVALID_ARG);
    assert_int_equal(sso_get_role_credentials(&f->c, "t", "1", "R\x7f", &cr), SSO_ERR_INVALID_ARG);
    assert_int_equal(sso_get_role_credentials(&f->c, "t", "1", "R", NULL), SSO_ERR_INVALID_ARG);
    assert_int_equal(sso_list_accounts(&f->c, "t", &opts, on_account, s, &next),
                     SSO_ERR_INVALID_ARG);
    opts.max_result = 5;
    opts.next_token = next.value;
    assert_int_equal(sso_list_accounts(&f->c, "t", &opts, on_account, s, &next),
                     SSO_ERR_INVALID_ARG); /* aliasing */
    opts.next_token = "a\tb";
    assert_int_equal(sso_list_accounts(&f->c, "t", &opts, on_account, s, &next),
                     SSO_ERR_INVALID_ARG);
    assert_int_equal(sso_list_accounts(&f->c, "t", NULL, NULL, s, &next), SSO_ERR_INVALID_ARG);
    assert_int_equal(sso_list_accounts(&f->c, "t", NULL, on_account, s, NULL), SSO_ERR_INVALID_ARG);
    assert_int_equal(sso_list_account_roles(&f->c, "t", "", NULL, on_role, s, &next),
                     SSO_ERR_INVALID_ARG);
    assert_int_equal(sso_list_all_accounts(&f->c, "t", 101, on_account, s, ws),
                     SSO_ERR_INVALID_ARG);
    assert_int_equal(sso_list_all_account_roles(&f->c, "t", "1", 0, on_role, s, NULL),
                     SSO_ERR_INVALID_ARG);
    assert_int_equal(sso_logout(&f->c, ""), SSO_ERR_INVALID_ARG);
    /* None of it reached the network. */
    assert_int_equal(f->s.connects, 0);
    assert_int_equal(f->s.sent_len, 0);
    free(ws);
    free(s);
    free(f);
}

static const void *find(const void *hay, size_t n, const char *needle, size_t k)
{
    const char *h = (const char *)hay;
    size_t i;
    for (i = 0; i + k <= n; i++) {
        if (memcmp(h + i, needle, k) == 0) {
            return h + i;
        }
    }
    return NULL;
}

/* After a call, neither the working buffer nor the client holds a secret. */
static void test_wiped_after_call(void **state)
{
    fx_t *f = fx_new(1024);
    char *ok = creds_response();
    sso_role_credentials_t cr;
    size_t i;
    (void)state;
    sso_script_add_str(&f->s, ok);
    assert_int_equal(fx_init(f), SSO_OK);
    assert_int_equal(sso_get_role_credentials(&f->c, "the-access-token", "1", "R", &cr), SSO_OK);
    for (i = 0; i < f->work_len; i++) {
        assert_int_equal(f->work[i], 0);
    }
    assert_null(find(&f->c, sizeof(f->c), "the-access-token", 16));
    assert_null(find(&f->c, sizeof(f->c), "secretkeycorrect", 16));
    assert_null(find(&f->c, sizeof(f->c), "tokencorrect", 12));
    free(ok);
    free(f);
}

static void test_status_strings(void **state)
{
    int s;
    (void)state;
    for (s = 0; s >= SSO_ERR_FIELD_INVALID; s--) {
        assert_string_not_equal(sso_status_str(s), "unknown status");
    }
    assert_string_equal(sso_status_str(SSO_ERR_FIELD_INVALID - 1), "unknown status");
    assert_string_equal(sso_status_str(5), "unknown status");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_creds_recorded_response),
        cmocka_unit_test(test_creds_every_split),
        cmocka_unit_test(test_query_percent_encoding),
        cmocka_unit_test(test_big_token_small_buffer),
        cmocka_unit_test(test_list_accounts_one_page),
        cmocka_unit_test(test_list_roles_one_page),
        cmocka_unit_test(test_walk_one_connection),
        cmocka_unit_test(test_walk_repeated_token),
        cmocka_unit_test(test_walk_hook_and_starting_token),
        cmocka_unit_test(test_retry_mid_page_no_repeat),
        cmocka_unit_test(test_thousand_accounts_1k_buffer),
        cmocka_unit_test(test_every_response_every_split),
        cmocka_unit_test(test_callback_abort),
        cmocka_unit_test(test_smithy_error_cases),
        cmocka_unit_test(test_real_401_message_and_request_id),
        cmocka_unit_test(test_message_precedence_and_truncation),
        cmocka_unit_test(test_bare_503_three_attempts),
        cmocka_unit_test(test_throttle_then_success),
        cmocka_unit_test(test_400_not_retried_and_quota),
        cmocka_unit_test(test_timeout_retry_costs_more),
        cmocka_unit_test(test_connect_failure_then_success),
        cmocka_unit_test(test_truncated_body_is_error),
        cmocka_unit_test(test_content_errors),
        cmocka_unit_test(test_item_too_large),
        cmocka_unit_test(test_keep_alive_and_close),
        cmocka_unit_test(test_stale_keep_alive_reconnects),
        cmocka_unit_test(test_extra_bytes_not_reused),
        cmocka_unit_test(test_stale_bytes_not_read_as_answer),
        cmocka_unit_test(test_stale_optional),
        cmocka_unit_test(test_tls_eof_without_close_notify),
        cmocka_unit_test(test_unusual_json_strings),
        cmocka_unit_test(test_duplicate_keys_last_wins),
        cmocka_unit_test(test_expiration_number_forms),
        cmocka_unit_test(test_null_list_elements),
        cmocka_unit_test(test_next_token_invalid_string),
        cmocka_unit_test(test_next_token_too_long),
        cmocka_unit_test(test_item_field_too_long_named),
        cmocka_unit_test(test_logout),
        cmocka_unit_test(test_endpoint_and_transport_security),
        cmocka_unit_test(test_config_defaults),
        cmocka_unit_test(test_response_deadline),
        cmocka_unit_test(test_bad_caller_input),
        cmocka_unit_test(test_wiped_after_call),
        cmocka_unit_test(test_status_strings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
