/* Table-driven mapping of one item into a fixed-size struct: the account,
 * role and credentials tables, skipping of unknown and nested members, null
 * as absent, type checks, exact size limits, int64 parsing and the token
 * budget. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <tinysso/tinysso.h>

#include "sso_json_map.h"
#include "sso_ops.h"
#include "sso_json_split.h"
#include "sso_json_unescape.h"

/* The field tables the client uses (sso_ops.c). */
#define account_fields sso_ops[SSO_OP_LIST_ACCOUNTS].fields
#define role_fields sso_ops[SSO_OP_LIST_ACCOUNT_ROLES].fields
#define creds_fields sso_ops[SSO_OP_GET_ROLE_CREDENTIALS].fields
#define n_account_fields sso_ops[SSO_OP_LIST_ACCOUNTS].n_fields
#define n_role_fields sso_ops[SSO_OP_LIST_ACCOUNT_ROLES].n_fields
#define n_creds_fields sso_ops[SSO_OP_GET_ROLE_CREDENTIALS].n_fields
#define N(t) ((unsigned)(sizeof t / sizeof t[0]))

static jsmntok_t toks[64];

static int map(const char *text, const sso_json_field_t *f, unsigned nf, void *dst, uint32_t *found)
{
    return sso_json_map(text, strlen(text), toks, N(toks), f, nf, dst, found);
}

static void test_account_with_unknown_nested_members(void **state)
{
    sso_account_t a;
    uint32_t found = 99;

    (void)state;
    memset(&a, 0, sizeof a);
    assert_int_equal(map("{\"x\":{\"accountId\":\"NO\",\"y\":[{\"accountId\":\"NO\"}]},"
                         "\"accountId\":\"111122223333\",\"z\":[[[{\"emailAddress\":\"NO\"}]]],"
                         "\"accountName\":\"Caf\\u00e9 \\uD83D\\uDE00\",\"n\":-1.5,\"t\":true,"
                         "\"emailAddress\":\"ops\\/x@example.com\",\"e\":{}}",
                         account_fields, n_account_fields, &a, &found),
                     SSO_OK);
    assert_int_equal(found, 7);
    assert_string_equal(a.account_id, "111122223333");
    assert_string_equal(a.account_name, "Caf\xc3\xa9 \xf0\x9f\x98\x80");
    assert_string_equal(a.email_address, "ops/x@example.com");
}

static void test_role(void **state)
{
    sso_role_t r;
    uint32_t found;

    (void)state;
    memset(&r, 0, sizeof r);
    assert_int_equal(map(" { \"accountId\" : \"1\" , \"roleName\" : \"Admin\" } ", role_fields,
                         n_role_fields, &r, &found),
                     SSO_OK);
    assert_int_equal(found, 3);
    assert_string_equal(r.role_name, "Admin");
    assert_string_equal(r.account_id, "1");
}

static void test_credentials(void **state)
{
    sso_role_credentials_t c;
    uint32_t found;

    (void)state;
    memset(&c, 0, sizeof c);
    assert_int_equal(map("{\"accessKeyId\":\"ASIAEXAMPLE\",\"secretAccessKey\":\"se/cr+et\","
                         "\"sessionToken\":\"tok\\u003d\\u003d\",\"expiration\":1700000000123}",
                         creds_fields, n_creds_fields, &c, &found),
                     SSO_OK);
    assert_int_equal(found, 15);
    assert_string_equal(c.access_key_id, "ASIAEXAMPLE");
    assert_string_equal(c.secret_access_key, "se/cr+et");
    assert_string_equal(c.session_token, "tok==");
    assert_true(c.expiration == INT64_C(1700000000123));
}

static void test_null_absent_and_duplicates(void **state)
{
    sso_account_t a;
    uint32_t found;

    (void)state;
    memset(&a, 0, sizeof a);
    strcpy(a.account_id, "keep");
    assert_int_equal(map("{\"accountId\":null,\"accountName\":\"a\",\"accountName\":\"b\","
                         "\"account\\u004eame\":\"c\"}",
                         account_fields, n_account_fields, &a, &found),
                     SSO_OK);
    assert_int_equal(found, 2);
    assert_string_equal(a.account_id, "");    /* null is absent: it empties the field */
    assert_string_equal(a.account_name, "c"); /* the last one wins, escaped key included */
    /* a later null beats an earlier value: its bit goes too */
    assert_int_equal(map("{\"accountId\":\"1\",\"accountName\":\"a\",\"accountId\":null}",
                         account_fields, n_account_fields, &a, &found),
                     SSO_OK);
    assert_int_equal(found, 2);
    assert_string_equal(a.account_id, "");
    assert_string_equal(a.account_name, "a");
    assert_int_equal(map("{}", account_fields, n_account_fields, &a, &found), SSO_OK);
    assert_int_equal(found, 0);
}

static void test_keys_that_do_not_match(void **state)
{
    sso_account_t a;
    uint32_t found;

    (void)state;
    memset(&a, 0, sizeof a);
    assert_int_equal(map("{\"accountIdX\":\"1\",\"accountI\":\"2\",\"AccountId\":\"3\","
                         "\"a_key_much_longer_than_any_table_key_at_all\":\"4\","
                         "\"a_key_much_longer_than_any_table_key_\\u00e9\":\"5\"}",
                         account_fields, n_account_fields, &a, &found),
                     SSO_OK);
    assert_int_equal(found, 0);
    assert_string_equal(a.account_id, "");
}

static void test_wrong_types(void **state)
{
    static const char *const bad_account[] = {
        "{\"accountId\":123}",  "{\"accountId\":{}}",    "{\"accountId\":[\"1\"]}",
        "{\"accountId\":true}", "{\"accountId\":false}",
    };
    /* valid JSON, but no C string can carry it: refused in a mapped field,
     * with its own status; an unmapped key or value holding it is skipped */
    static const char *const invalid[] = {
        "{\"accountId\":\"\\uD800\"}",
        "{\"accountId\":\"\\u0000\"}",
        "{\"x\\u0000\":1,\"accountName\":\"a\\uDC00b\"}",
    };
    static const char *const bad_creds[] = {
        "{\"expiration\":\"1700000000000\"}",
        "{\"expiration\":{}}",
        "{\"expiration\":[1]}",
        "{\"expiration\":true}",
    };
    sso_account_t a;
    sso_role_credentials_t c;
    uint32_t found;
    size_t k;

    (void)state;
    for (k = 0; k < sizeof bad_account / sizeof bad_account[0]; k++) {
        assert_int_equal(map(bad_account[k], account_fields, n_account_fields, &a, &found),
                         SSO_ERR_JSON);
    }
    for (k = 0; k < sizeof invalid / sizeof invalid[0]; k++) {
        assert_int_equal(map(invalid[k], account_fields, n_account_fields, &a, &found),
                         SSO_ERR_FIELD_INVALID);
    }
    assert_int_equal(map("{\"x\\u0000\":\"\\ud800\",\"accountId\":\"1\"}", account_fields,
                         n_account_fields, &a, &found),
                     SSO_OK);
    assert_string_equal(a.account_id, "1");
    for (k = 0; k < sizeof bad_creds / sizeof bad_creds[0]; k++) {
        assert_int_equal(map(bad_creds[k], creds_fields, n_creds_fields, &c, &found), SSO_ERR_JSON);
    }
}

static void test_not_an_object(void **state)
{
    static const char *const bad[] = {"[1]", "\"s\"", "1", "null", "true", ""};
    sso_account_t a;
    uint32_t found;
    size_t k;

    (void)state;
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        assert_int_equal(map(bad[k], account_fields, n_account_fields, &a, &found), SSO_ERR_JSON);
    }
}

/* A struct with a canary right after the field, to see writes past cap. */
typedef struct boxed {
    char id[SSO_ACCOUNT_ID_MAX + 1];
    char canary[8];
} boxed_t;

static const sso_json_field_t boxed_fields[] = {
    {"id", offsetof(boxed_t, id), sizeof(((boxed_t *)0)->id), SSO_FIELD_STRING}};

static int map_id(const char *value, boxed_t *b)
{
    char text[256];
    uint32_t found;

    snprintf(text, sizeof text, "{\"id\":\"%s\"}", value);
    memset(b, 0x5A, sizeof *b);
    return map(text, boxed_fields, 1, b, &found);
}

static void test_field_too_long_at_exact_boundary(void **state)
{
    char v[SSO_ACCOUNT_ID_MAX + 16];
    boxed_t b;
    size_t k;

    (void)state;
    memset(v, 'a', sizeof v);
    v[SSO_ACCOUNT_ID_MAX] = '\0';
    assert_int_equal(map_id(v, &b), SSO_OK);
    assert_int_equal(strlen(b.id), SSO_ACCOUNT_ID_MAX);
    v[SSO_ACCOUNT_ID_MAX] = 'a';
    v[SSO_ACCOUNT_ID_MAX + 1] = '\0';
    assert_int_equal(map_id(v, &b), SSO_ERR_FIELD_TOO_LONG);
    /* an escape that decodes to 2 bytes right at the end */
    strcpy(v + SSO_ACCOUNT_ID_MAX - 2, "\\u00e9");
    assert_int_equal(map_id(v, &b), SSO_OK);
    assert_memory_equal(b.id + SSO_ACCOUNT_ID_MAX - 2, "\xc3\xa9", 3);
    memmove(v + 1, v, strlen(v) + 1);
    assert_int_equal(map_id(v, &b), SSO_ERR_FIELD_TOO_LONG);
    for (k = 0; k < sizeof b.canary; k++) {
        assert_int_equal((uint8_t)b.canary[k], 0x5A);
    }
}

static int map_expiration(const char *num, int64_t *out)
{
    char text[96];
    sso_role_credentials_t c;
    uint32_t found = 0;
    int rc;

    snprintf(text, sizeof text, "{\"expiration\":%s}", num);
    c.expiration = 42;
    rc = map(text, creds_fields, n_creds_fields, &c, &found);
    *out = c.expiration;
    if (rc == SSO_OK) {
        assert_int_equal(found, strcmp(num, "null") ? 8u : 0u);
    } else if (rc != SSO_OK) {
        assert_true(c.expiration == 42); /* untouched on error */
    }
    return rc;
}

static void test_expiration_int64(void **state)
{
    static const struct {
        const char *text;
        int64_t value;
    } ok[] = {{"1700000000000", INT64_C(1700000000000)},
              {"0", 0},
              {"-0", 0},
              {"-5", -5},
              {"9223372036854775807", INT64_MAX},
              {"-9223372036854775807", -INT64_MAX},
              {"-9223372036854775808", INT64_MIN},
              /* integer-valued in exponent or decimal form */
              {"1e3", 1000},
              {"1E3", 1000},
              {"-1.0", -1},
              {"1.7e12", INT64_C(1700000000000)},
              {"1700000000000.000", INT64_C(1700000000000)},
              {"0.0000000000000000000000000001e28", 1},
              {"100000000000000000000000000000e-28", 10}};
    static const char *const bad[] = {"9223372036854775808", "-9223372036854775809",
                                      "99999999999999999999", "1.5", "1e-3", "-1.01", "1e19",
                                      "9.3e18",
                                      /* jsmn takes these as primitives: the mapping
                                       * checks numbers itself */
                                      "1x", "1e", "1e+", "1e5x", "--1"};
    int64_t x;
    size_t k;

    (void)state;
    for (k = 0; k < sizeof ok / sizeof ok[0]; k++) {
        assert_int_equal(map_expiration(ok[k].text, &x), SSO_OK);
        assert_true(x == ok[k].value);
    }
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        assert_int_equal(map_expiration(bad[k], &x), SSO_ERR_JSON);
    }
    assert_int_equal(map_expiration("null", &x), SSO_OK);
    assert_true(x == 0); /* null is absent: the field is emptied */
}

static void test_too_few_tokens(void **state)
{
    static const char text[] = "{\"accountId\":\"1\",\"x\":[1,{\"y\":2}],\"accountName\":\"n\"}";
    sso_account_t a;
    uint32_t found;

    (void)state;
    /* object 1 + 3 keys + "1" + array with 1, {y:2} (1 + 1 + 1 + 2) + "n" = 11 */
    assert_int_equal(
        sso_json_map(text, strlen(text), toks, 10, account_fields, n_account_fields, &a, &found),
        SSO_ERR_ITEM_TOO_LARGE);
    memset(&a, 0, sizeof a);
    assert_int_equal(
        sso_json_map(text, strlen(text), toks, 11, account_fields, n_account_fields, &a, &found),
        SSO_OK);
    assert_int_equal(found, 3);
    assert_string_equal(a.account_name, "n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_account_with_unknown_nested_members),
        cmocka_unit_test(test_role),
        cmocka_unit_test(test_credentials),
        cmocka_unit_test(test_null_absent_and_duplicates),
        cmocka_unit_test(test_keys_that_do_not_match),
        cmocka_unit_test(test_wrong_types),
        cmocka_unit_test(test_not_an_object),
        cmocka_unit_test(test_field_too_long_at_exact_boundary),
        cmocka_unit_test(test_expiration_int64),
        cmocka_unit_test(test_too_few_tokens),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
