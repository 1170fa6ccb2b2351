/* The streaming splitter: which members it delivers and how, what it rejects
 * as invalid JSON, its limits (item size, depth), and that the result never
 * depends on how the body is cut into pieces. Each delivery is written to a
 * transcript ("I<idx>:<raw item>\n", "S<idx>:" then decoded pieces) that the
 * tests compare. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <tinysso/tinysso.h>

#include "sso_json_map.h"
#include "sso_json_split.h"
#include "sso_ops.h"
#include "sso_service_error.h"
#include "sso_json_unescape.h"

typedef struct table {
    const sso_json_member_t *m;
    uint8_t n;
} table_t;

/* The member tables the client uses (sso_ops.c, sso_service_error.c). */
#define OP_TABLE(op) ((table_t){sso_ops[op].members, sso_ops[op].n_members})
#define accounts_members OP_TABLE(SSO_OP_LIST_ACCOUNTS)
#define roles_members OP_TABLE(SSO_OP_LIST_ACCOUNT_ROLES)
#define creds_members OP_TABLE(SSO_OP_GET_ROLE_CREDENTIALS)
#define error_members                                                                              \
    ((table_t){sso_error_models[SSO_ERRORS_REST_JSON].members,                                     \
               sso_error_models[SSO_ERRORS_REST_JSON].n_members})
#define TABLE(t) (t)
#define TABLE_OF(a) ((table_t){a, (uint8_t)(sizeof(a) / sizeof((a)[0]))})
#define LOG_MAX 8192

typedef struct rec {
    char log[LOG_MAX];
    size_t len;
    int stop_at_item; /* 1-based item that returns SSO_ERR_ABORTED; 0 never */
    int items;
} rec_t;

static void rec_put(rec_t *r, const char *p, size_t n)
{
    assert_true(r->len + n < LOG_MAX);
    memcpy(r->log + r->len, p, n);
    r->len += n;
    r->log[r->len] = '\0';
}

static int rec_item(void *user, int idx, char *text, size_t len)
{
    rec_t *r = user;
    char tag[16];

    snprintf(tag, sizeof tag, "I%d:", idx);
    rec_put(r, tag, strlen(tag));
    if (text == NULL) { /* a null object member */
        assert_int_equal(len, 0);
        rec_put(r, "(null)", 6);
    } else {
        rec_put(r, text, len);
    }
    rec_put(r, "\n", 1);
    return ++r->items == r->stop_at_item ? SSO_ERR_ABORTED : SSO_OK;
}

static int rec_string(void *user, int idx, const char *piece, size_t len)
{
    rec_t *r = user;
    char tag[16];

    if (piece == NULL) {
        assert_int_equal(len, 0);
        snprintf(tag, sizeof tag, "S%d:", idx);
        rec_put(r, tag, strlen(tag));
        return SSO_OK;
    }
    assert_true(len > 0);
    rec_put(r, piece, len);
    return SSO_OK;
}

/* Feeds body in pieces of at most `piece` bytes (0: whole; first piece may
 * be cut at `first` when nonzero) and returns the first error or the end
 * status. */
static int run(const char *body, size_t len, size_t first, size_t piece, table_t t, size_t item_cap,
               rec_t *r)
{
    static char item[4096];
    sso_json_split_t s;
    sso_json_sink_t sink = {r, t.m, t.n, rec_item, rec_string};
    size_t off = 0;
    int rc = SSO_OK;

    assert_true(item_cap <= sizeof item);
    r->len = 0;
    r->log[0] = '\0';
    r->items = 0;
    sso_json_split_init(&s, item, item_cap);
    while (rc == SSO_OK && off < len) {
        size_t n = len - off;
        if (off == 0 && first) {
            n = first;
        } else if (piece && n > piece) {
            n = piece;
        }
        rc = sso_json_split_feed(&s, &sink, (const uint8_t *)body + off, n);
        off += n;
    }
    if (rc != SSO_OK) {
        /* errors are sticky */
        assert_int_equal(sso_json_split_feed(&s, &sink, (const uint8_t *)"}", 1), SSO_ERR_JSON);
        assert_int_equal(sso_json_split_end(&s), SSO_ERR_JSON);
        return rc;
    }
    return sso_json_split_end(&s);
}

/* The body gives want_rc and want_log whole, cut at every offset, and one
 * byte at a time. */
static void check_cap(const char *body, table_t t, size_t item_cap, int want_rc,
                      const char *want_log)
{
    static rec_t r;
    size_t len = strlen(body), k;

    for (k = 0; k <= len + 1; k++) {
        int rc = k == len + 1 ? run(body, len, 0, 1, t, item_cap, &r)
                              : run(body, len, k, 0, t, item_cap, &r);
        if (rc != want_rc || strcmp(r.log, want_log) != 0) {
            fail_msg("split %zu of %s: rc %d (want %d), log\n%s\nwant\n%s", k, body, rc, want_rc,
                     r.log, want_log);
        }
    }
}

static void check(const char *body, table_t t, int want_rc, const char *want_log)
{
    check_cap(body, t, 1024, want_rc, want_log);
}

static void test_list_accounts_token_after(void **state)
{
    (void)state;
    check("{\"accountList\":[{\"accountId\":\"111122223333\",\"accountName\":\"Dev\","
          "\"emailAddress\":\"dev@example.com\"},{\"accountId\":\"444455556666\"}],"
          "\"nextToken\":\"AAE+/=x\"}",
          TABLE(accounts_members), SSO_OK,
          "I0:{\"accountId\":\"111122223333\",\"accountName\":\"Dev\","
          "\"emailAddress\":\"dev@example.com\"}\n"
          "I0:{\"accountId\":\"444455556666\"}\nS1:AAE+/=x");
}

static void test_list_roles_token_before_with_escapes(void **state)
{
    (void)state;
    check("{\"nextToken\":\"a\\/b\\u00e9\\uD83D\\uDE00\\\"q\",\"roleList\":[{\"roleName\":"
          "\"Admin\",\"accountId\":\"1\"}]}",
          TABLE(roles_members), SSO_OK,
          "S1:a/b\xc3\xa9\xf0\x9f\x98\x80\"qI0:{\"roleName\":\"Admin\",\"accountId\":\"1\"}\n");
}

static void test_null_and_missing_members(void **state)
{
    (void)state;
    /* a null member is a start call alone (absent, and the last duplicate
     * key wins); a null list element is skipped */
    check("{\"accountList\":[],\"nextToken\":null}", TABLE(accounts_members), SSO_OK, "S1:");
    check("{\"nextToken\":\"a\",\"nextToken\":null}", TABLE(accounts_members), SSO_OK, "S1:aS1:");
    check("{\"accountList\":[null,{},null]}", TABLE(accounts_members), SSO_OK, "I0:{}\n");
    check("{\"accountList\":null}", TABLE(accounts_members), SSO_OK, "");
    check("{}", TABLE(accounts_members), SSO_OK, "");
    check("{\"nextToken\":\"\"}", TABLE(accounts_members), SSO_OK, "S1:");
    check("{\"roleCredentials\":null}", TABLE(creds_members), SSO_OK, "I0:(null)\n");
    check("{\"roleCredentials\":{},\"roleCredentials\":null}", TABLE(creds_members), SSO_OK,
          "I0:{}\nI0:(null)\n");
}

static void test_role_credentials_object(void **state)
{
    (void)state;
    check("{\"roleCredentials\":{\"accessKeyId\":\"AKIA\",\"secretAccessKey\":\"s\\/k\","
          "\"sessionToken\":\"t\",\"expiration\":1700000000000}}",
          TABLE(creds_members), SSO_OK,
          "I0:{\"accessKeyId\":\"AKIA\",\"secretAccessKey\":\"s\\/k\",\"sessionToken\":\"t\","
          "\"expiration\":1700000000000}\n");
    /* any value is handed over; the mapping rejects what is not an object */
    check("{\"roleCredentials\":[1]}", TABLE(creds_members), SSO_OK, "I0:[1]\n");
    check("{\"roleCredentials\":7}", TABLE(creds_members), SSO_OK, "I0:7\n");
}

static void test_nested_keys_never_match(void **state)
{
    (void)state;
    check("{\"x\":{\"__type\":\"no\",\"accountList\":[1],\"nextToken\":\"no\"},"
          "\"y\":[{\"accountList\":[2]},\"nextToken\",{\"a\":{\"nextToken\":\"n\"}}],"
          "\"accountList\":[{\"a\":{\"b\":[{\"accountList\":\"]}\"}]}},\"s\",-1.5e+3,true,null],"
          "\"z\":-0.0E-0,\"w\":[true,false,null,{}]}",
          TABLE(accounts_members), SSO_OK,
          "I0:{\"a\":{\"b\":[{\"accountList\":\"]}\"}]}}\nI0:\"s\"\nI0:-1.5e+3\nI0:true\n");
    check("{\"ErrorDetails\":[{\"__type\":\"inner\"}],\"x\":{\"code\":\"c\",\"message\":\"m\"}}",
          TABLE(error_members), SSO_OK, "");
}

static void test_keys_with_escapes_and_near_misses(void **state)
{
    (void)state;
    check("{\"account\\u004cist\":[{\"k\":1}],\"next\\u0054oken\":\"t\"}", TABLE(accounts_members),
          SSO_OK, "I0:{\"k\":1}\nS1:t");
    check("{\"accountListX\":[{}],\"accountLis\":[{}],\"AccountList\":[{}],\"nextTokens\":\"a\","
          "\"\":\"b\",\"accountList\\u0000\":[{}],\"nextToken\\ud800\":\"x\"}",
          TABLE(accounts_members), SSO_OK, ""); /* such keys cannot match */
    check("{\"accountListX\":[{}],\"accountLis\":[{}],\"AccountList\":[{}],\"nextTokens\":\"a\","
          "\"\":\"b\",\"a\\\"\":1}",
          TABLE(accounts_members), SSO_OK, "");
}

static void test_whitespace_everywhere(void **state)
{
    (void)state;
    check(" \t\r\n{ \"a\" : [ 1 , 2 ] ,\n\"accountList\" : [ {\"x\" : 1} , { } ,\t[ ] ] , "
          "\"nextToken\" :\r\"t\" } \n\t",
          TABLE(accounts_members), SSO_OK, "I0:{\"x\" : 1}\nI0:{ }\nI0:[ ]\nS1:t");
}

static void test_smithy_error_bodies(void **state)
{
    static const struct {
        const char *body, *log;
    } cases[] = {
        /* the four X-Amzn-ErrorType cases carry no code in the body */
        {"{}", ""},
        {"{\"message\":\"Hi\"}", "S2:Hi"},
        {"{\"code\":\"FooError\"}", "S0:FooError"},
        {"{\"code\":\"aws.protocoltests.restjson#FooError\"}",
         "S0:aws.protocoltests.restjson#FooError"},
        {"{\"code\":\"aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/"
         "com.amazon.coral.validate/\"}",
         "S0:aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/"
         "com.amazon.coral.validate/"},
        {"{\"__type\":\"FooError\"}", "S1:FooError"},
        {"{\"__type\":\"aws.protocoltests.restjson#FooError\"}",
         "S1:aws.protocoltests.restjson#FooError"},
        {"{\"__type\":\"aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/"
         "com.amazon.coral.validate/\"}",
         "S1:aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/"
         "com.amazon.coral.validate/"},
        {"{\n  \"__type\": \"aws.protocoltests.restjson#FooError\",\n  \"ErrorDetails\": [\n"
         "    {\n      \"__type\": \"com.amazon.internal#ErrorDetails\",\n"
         "      \"message\": \"Hi\"\n    }\n  ]\n}",
         "S1:aws.protocoltests.restjson#FooError"},
        {"{\"message\":\"Session token not found or invalid\",\"__type\":"
         "\"com.amazonaws.switchboard.portal#UnauthorizedException\"}",
         "S2:Session token not found or invalidS1:com.amazonaws.switchboard.portal#"
         "UnauthorizedException"},
        {"{\"Message\":\"Rate exceeded\",\"code\":null,\"__type\":\"TooManyRequestsException\"}",
         "S3:Rate exceededS0:S1:TooManyRequestsException"},
    };
    size_t k;

    (void)state;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        check(cases[k].body, TABLE(error_members), SSO_OK, cases[k].log);
    }
}

static void test_invalid_json_rejected(void **state)
{
    /* the first seven are the inputs jsmn accepts (PROTOCOL §9) */
    static const char *const bad[] = {
        "{\"a\"}",
        "{\"a\":1,}",
        "{\"a\":[1,]}",
        "{\"a\":\"x\x01y\"}",
        "{\"a\" :::: \"b\"}",
        "{\"a\":1 \"b\":2}",
        "{\"a\":[01]}",
        "{\"a\":[1 2]}",
        "{,}",
        "{\"a\":,}",
        "{\"a\":[,1]}",
        "{\"a\"::1}",
        "{\"a\":1}}",
        "{\"a\":1]",
        "{\"a\":[1}",
        "{1:2}",
        "{'a':1}",
        "{\"a\":tru}",
        "{\"a\":True}",
        "{\"a\":nul}",
        "{\"a\":nulll}",
        "{\"a\":falsey}",
        "{\"a\":truefalse}",
        "{\"a\":-}",
        "{\"a\":+1}",
        "{\"a\":--1}",
        "{\"a\":1.}",
        "{\"a\":.5}",
        "{\"a\":1.e5}",
        "{\"a\":1e}",
        "{\"a\":1e+}",
        "{\"a\":0x1}",
        "{\"a\":-01}",
        "{\"a\":NaN}",
        "{\"a\":\"\\x\"}",
        "{\"a\\q\":1}",
        "{\"a\":\"tab\there\"}",
        "{\"a\":1}{}",
        "{\"a\":1} x",
        "{} {}",
        "{},{}",
        "{\"a\":1},",
        "[]",
        "[{\"accountList\":[]}]",
        "\"s\"",
        "1",
        "null",
        "\xef\xbb\xbf{}",
        "{\"accountList\":{}}",
        "{\"accountList\":\"x\"}",
        "{\"accountList\":1}",
        "{\"nextToken\":5}",
        "{\"nextToken\":[]}",
        "{\"nextToken\":{}}",
        "{\"nextToken\":true}",
    };
    size_t k;

    (void)state;
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        check(bad[k], TABLE(accounts_members), SSO_ERR_JSON, "");
    }
    /* a NUL byte is a control character too */
    {
        static rec_t r;
        assert_int_equal(run("{\"a\":\"\0\"}", 8, 0, 0, TABLE(accounts_members), 64, &r),
                         SSO_ERR_JSON);
        assert_int_equal(run("{\"a\":1}\0", 8, 0, 0, TABLE(accounts_members), 64, &r),
                         SSO_ERR_JSON);
    }
}

static void test_items_before_an_error_are_delivered(void **state)
{
    (void)state;
    check("{\"accountList\":[{\"a\":1},{\"b\":2},{\"c\":01}]}", TABLE(accounts_members),
          SSO_ERR_JSON, "I0:{\"a\":1}\nI0:{\"b\":2}\n");
}

static void test_empty_and_truncated_bodies(void **state)
{
    static const char body[] = "{\"accountList\":[{\"a\":\"\\u00e9\",\"n\":-1.5e3,\"t\":true}],"
                               "\"nextToken\":\"t\\n\",\"z\":null}";
    static rec_t r;
    size_t k;

    (void)state;
    check("", TABLE(accounts_members), SSO_ERR_JSON, "");
    check(" \n", TABLE(accounts_members), SSO_ERR_JSON, "");
    assert_int_equal(run(body, sizeof body - 1, 0, 0, TABLE(accounts_members), 64, &r), SSO_OK);
    for (k = 0; k < sizeof body - 1; k++) {
        assert_int_equal(run(body, k, 0, 0, TABLE(accounts_members), 64, &r), SSO_ERR_JSON);
    }
}

static void test_depth_limit(void **state)
{
    char body[2 * SSO_JSON_MAX_DEPTH + 16];
    static rec_t r;
    size_t d, k;

    (void)state;
    for (d = SSO_JSON_MAX_DEPTH; d <= SSO_JSON_MAX_DEPTH + 1; d++) {
        /* {"a":[[[...]]]} : one object plus d - 1 arrays */
        size_t n = 0;
        memcpy(body, "{\"a\":", 5);
        n = 5;
        for (k = 1; k < d; k++) {
            body[n++] = '[';
        }
        for (k = 1; k < d; k++) {
            body[n++] = ']';
        }
        body[n++] = '}';
        body[n] = '\0';
        check(body, TABLE(accounts_members), d > SSO_JSON_MAX_DEPTH ? SSO_ERR_JSON : SSO_OK, "");
    }
    /* depth 33 reached inside a captured item is refused by the feed itself */
    for (d = SSO_JSON_MAX_DEPTH; d <= SSO_JSON_MAX_DEPTH + 1; d++) {
        sso_json_split_t s;
        sso_json_sink_t sink = {&r, accounts_members.m, 2, rec_item, rec_string};
        char item[64];
        strcpy(body, "{\"accountList\":[");
        for (k = 2; k < d; k++) {
            strcat(body, "[");
        }
        sso_json_split_init(&s, item, sizeof item);
        assert_int_equal(sso_json_split_feed(&s, &sink, (const uint8_t *)body, strlen(body)),
                         d > SSO_JSON_MAX_DEPTH ? SSO_ERR_JSON : SSO_OK);
    }
}

static void test_item_too_large(void **state)
{
    static const char body[] = "{\"accountList\":[{\"accountId\":\"123456789012\"},"
                               "{\"accountId\":\"1234567890123\"}]}";
    static const char creds_item[] = "{\"sessionToken\":\"0123456789\"}";
    size_t big = strlen("{\"accountId\":\"1234567890123\"}");

    (void)state;
    check_cap(body, TABLE(accounts_members), big, SSO_OK,
              "I0:{\"accountId\":\"123456789012\"}\nI0:{\"accountId\":\"1234567890123\"}\n");
    check_cap(body, TABLE(accounts_members), big - 1, SSO_ERR_ITEM_TOO_LARGE,
              "I0:{\"accountId\":\"123456789012\"}\n");
    check_cap("{\"roleCredentials\":{\"sessionToken\":\"0123456789\"}}", TABLE(creds_members),
              strlen(creds_item) - 1, SSO_ERR_ITEM_TOO_LARGE, "");
    check_cap("{\"roleCredentials\":{\"sessionToken\":\"0123456789\"}}", TABLE(creds_members),
              strlen(creds_item), SSO_OK, "I0:{\"sessionToken\":\"0123456789\"}\n");
    /* skipped members and string members never use the item buffer */
    check_cap("{\"x\":{\"y\":\"a long skipped value that is much longer than the buffer\"},"
              "\"nextToken\":\"a token that is also longer than the item buffer\"}",
              TABLE(accounts_members), 4, SSO_OK,
              "S1:a token that is also longer than the item buffer");
}

/* SSO_JSON_ROOT: the top-level object itself is the item (a response
 * whose fields are its own members, as SSO OIDC's are), and the other
 * members of the table still stream. */
static void test_root_object(void **state)
{
    static const sso_json_member_t root[] = {{"", SSO_JSON_ROOT, 0},
                                             {"nextToken", SSO_JSON_STRING, 0}};
    (void)state;
    check("{\"accessToken\":\"a\\u0041\",\"expiresIn\":3600,\"\":{\"x\":[1]}}", TABLE_OF(root),
          SSO_OK, "I0:{\"accessToken\":\"a\\u0041\",\"expiresIn\":3600,\"\":{\"x\":[1]}}\n");
    check(" {} ", TABLE_OF(root), SSO_OK, "I0:{}\n");
    /* the item is out before the junk after it is seen: the split fails */
    check("{\"a\":1}x", TABLE_OF(root), SSO_ERR_JSON, "I0:{\"a\":1}\n");
    check_cap("{\"accessToken\":\"a long token\"}", TABLE_OF(root), 8, SSO_ERR_ITEM_TOO_LARGE, "");
}

static void test_callback_status_stops_the_split(void **state)
{
    static rec_t r;
    static const char body[] = "{\"accountList\":[{\"a\":1},{\"b\":2},{\"c\":3}]}";

    (void)state;
    r.stop_at_item = 2;
    assert_int_equal(run(body, sizeof body - 1, 0, 0, TABLE(accounts_members), 64, &r),
                     SSO_ERR_ABORTED);
    assert_int_equal(r.items, 2);
    /* also the call for a null object member */
    r.stop_at_item = 1;
    assert_int_equal(run("{\"roleCredentials\":null}", 24, 0, 0, TABLE(creds_members), 64, &r),
                     SSO_ERR_ABORTED);
    r.stop_at_item = 0;
}

static void test_member_table_edges(void **state)
{
    static char keys[32][8];
    static sso_json_member_t many[32];
    static const char body[] = "{\"k0\":\"a\",\"k31\":\"b\",\"k32\":\"c\",\"k3\":[{}],\"k\":1}";
    unsigned k;

    (void)state;
    /* no members: everything is validated and skipped */
    check(body, (table_t){NULL, 0}, SSO_OK, "");
    check("{\"a\":[}", (table_t){NULL, 0}, SSO_ERR_JSON, "");
    /* 32 members, the most the candidate bit set holds */
    for (k = 0; k < 32; k++) {
        snprintf(keys[k], sizeof keys[k], "k%u", k);
        many[k].key = keys[k];
        many[k].kind = k == 3 ? SSO_JSON_LIST : SSO_JSON_STRING;
    }
    check(body, (table_t){many, 32}, SSO_OK, "S0:aS31:bI3:{}\n");
}

/* 10,000 accounts through a 700-byte item buffer, each item mapped. */
typedef struct count {
    unsigned items, bad;
    char token[64];
    size_t token_len;
} count_t;

static int count_item(void *user, int idx, char *text, size_t len)
{
    static const sso_json_field_t fields[] = {
        {"accountId", offsetof(sso_account_t, account_id), sizeof(((sso_account_t *)0)->account_id),
         SSO_FIELD_STRING},
        {"accountName", offsetof(sso_account_t, account_name),
         sizeof(((sso_account_t *)0)->account_name), SSO_FIELD_STRING},
        {"emailAddress", offsetof(sso_account_t, email_address),
         sizeof(((sso_account_t *)0)->email_address), SSO_FIELD_STRING}};
    count_t *c = user;
    sso_account_t a;
    jsmntok_t toks[16];
    uint32_t found;
    char want[32];

    memset(&a, 0, sizeof a);
    if (idx != 0 || sso_json_map(text, len, toks, 16, fields, 3, &a, &found) != SSO_OK ||
        found != 7) {
        c->bad++;
    }
    snprintf(want, sizeof want, "%012u", c->items);
    if (strcmp(a.account_id, want) != 0) {
        c->bad++;
    }
    c->items++;
    return SSO_OK;
}

static int count_string(void *user, int idx, const char *piece, size_t len)
{
    count_t *c = user;

    if (idx != 1 || (piece && c->token_len + len >= sizeof c->token)) {
        return SSO_ERR_ABORTED;
    }
    if (piece) {
        memcpy(c->token + c->token_len, piece, len);
        c->token_len += len;
    }
    return SSO_OK;
}

static void test_ten_thousand_accounts(void **state)
{
    static const size_t pieces[] = {0, 1, 7, 256, 4096};
    const unsigned n_items = 10000;
    size_t cap = n_items * 700 + 64, len = 0, p;
    char *body = malloc(cap), item[700];
    unsigned k;

    (void)state;
    assert_non_null(body);
    len += (size_t)sprintf(body, "{\"accountList\":[");
    for (k = 0; k < n_items; k++) {
        len += (size_t)sprintf(body + len,
                               "%s{\"accountId\":\"%012u\",\"accountName\":\"Account \\u00e9 %u\","
                               "\"emailAddress\":\"a%u@example.com\",\"extra\":{\"x\":[1,2,{}]},"
                               "\"pad\":\"%0*u\"}",
                               k ? "," : "", k, k, k, (int)(k % 400), 0u);
    }
    len += (size_t)sprintf(body + len, "],\"nextToken\":\"end\"}");
    assert_true(len < cap);
    for (p = 0; p < sizeof pieces / sizeof pieces[0]; p++) {
        sso_json_split_t s;
        count_t c;
        sso_json_sink_t sink = {&c, accounts_members.m, 2, count_item, count_string};
        size_t off = 0;
        int rc = SSO_OK;

        memset(&c, 0, sizeof c);
        sso_json_split_init(&s, item, sizeof item);
        while (rc == SSO_OK && off < len) {
            size_t n = pieces[p] && len - off > pieces[p] ? pieces[p] : len - off;
            rc = sso_json_split_feed(&s, &sink, (const uint8_t *)body + off, n);
            off += n;
        }
        assert_int_equal(rc, SSO_OK);
        assert_int_equal(sso_json_split_end(&s), SSO_OK);
        assert_int_equal(c.items, n_items);
        assert_int_equal(c.bad, 0);
        assert_int_equal(c.token_len, 3);
        assert_memory_equal(c.token, "end", 3);
    }
    free(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_accounts_token_after),
        cmocka_unit_test(test_list_roles_token_before_with_escapes),
        cmocka_unit_test(test_null_and_missing_members),
        cmocka_unit_test(test_role_credentials_object),
        cmocka_unit_test(test_nested_keys_never_match),
        cmocka_unit_test(test_keys_with_escapes_and_near_misses),
        cmocka_unit_test(test_whitespace_everywhere),
        cmocka_unit_test(test_smithy_error_bodies),
        cmocka_unit_test(test_invalid_json_rejected),
        cmocka_unit_test(test_items_before_an_error_are_delivered),
        cmocka_unit_test(test_empty_and_truncated_bodies),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_item_too_large),
        cmocka_unit_test(test_root_object),
        cmocka_unit_test(test_callback_status_stops_the_split),
        cmocka_unit_test(test_member_table_edges),
        cmocka_unit_test(test_ten_thousand_accounts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
