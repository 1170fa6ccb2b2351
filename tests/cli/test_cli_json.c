/* JSON out: strings escaped exactly as Python's json.dumps escapes them
 * (the AWS CLI's printer), items and documents in its layout, the
 * credential_process and env forms. JSON in: the strict reader that parses
 * the token cache and the starting token. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cli_json_in.h"
#include "cli_json_out.h"

static void expect_json_string(const char *in, size_t len, int ascii, const char *want)
{
    sso_cli_buf_t b;

    sso_cli_buf_init(&b);
    sso_cli_json_string(&b, in, len, ascii);
    assert_false(b.failed);
    assert_string_equal(b.data, want);
    sso_cli_buf_free(&b);
}

static void escapes_like_json_dumps(void **state)
{
    /* json.dumps(s, ensure_ascii=False): raw UTF-8 and DEL, '/' unescaped. */
    const char in[] = "a\"b\\c\n\t\x01\x1f\x7f \xc3\xa9\xf0\x9f\x98\x80 /\b\f\r";
    (void)state;
    expect_json_string(
        in, sizeof in - 1, 0,
        "\"a\\\"b\\\\c\\n\\t\\u0001\\u001f\x7f \xc3\xa9\xf0\x9f\x98\x80 /\\b\\f\\r\"");
    /* ensure_ascii=True: \uXXXX, surrogate pairs, DEL escaped too. */
    expect_json_string(
        in, sizeof in - 1, 1,
        "\"a\\\"b\\\\c\\n\\t\\u0001\\u001f\\u007f \\u00e9\\ud83d\\ude00 /\\b\\f\\r\"");
    expect_json_string("", 0, 0, "\"\"");
    /* An embedded NUL is data, not an end. */
    expect_json_string("a\0b", 3, 0, "\"a\\u0000b\"");
    /* Invalid UTF-8 in ASCII mode: byte by byte, never a crash. */
    expect_json_string("\xff\xc3", 2, 1, "\"\\u00ff\\u00c3\"");
}

static void account_and_role_items(void **state)
{
    sso_account_t a;
    sso_role_t r;
    sso_cli_buf_t b;
    (void)state;
    memset(&a, 0, sizeof a);
    strcpy(a.account_id, "123456789012");
    strcpy(a.account_name, "Prod \xc3\xa9");
    strcpy(a.email_address, "x@example.com");
    sso_cli_buf_init(&b);
    sso_cli_json_account(&b, 2, &a);
    assert_string_equal(b.data, "        {\n"
                                "            \"accountId\": \"123456789012\",\n"
                                "            \"accountName\": \"Prod \xc3\xa9\",\n"
                                "            \"emailAddress\": \"x@example.com\"\n"
                                "        }");
    sso_cli_buf_free(&b);

    /* A member the response lacked (empty in the struct) is left out. */
    a.account_name[0] = '\0';
    sso_cli_buf_init(&b);
    sso_cli_json_account(&b, 2, &a);
    assert_string_equal(b.data, "        {\n"
                                "            \"accountId\": \"123456789012\",\n"
                                "            \"emailAddress\": \"x@example.com\"\n"
                                "        }");
    sso_cli_buf_free(&b);

    memset(&r, 0, sizeof r);
    sso_cli_buf_init(&b);
    sso_cli_json_role(&b, 2, &r);
    assert_string_equal(b.data, "        {}");
    sso_cli_buf_free(&b);

    strcpy(r.role_name, "Admin");
    strcpy(r.account_id, "1");
    sso_cli_buf_init(&b);
    sso_cli_json_role(&b, 2, &r);
    assert_string_equal(b.data, "        {\n"
                                "            \"roleName\": \"Admin\",\n"
                                "            \"accountId\": \"1\"\n"
                                "        }");
    sso_cli_buf_free(&b);
}

static void credentials_documents(void **state)
{
    static sso_role_credentials_t c;
    sso_cli_buf_t b;
    (void)state;
    strcpy(c.access_key_id, "AK");
    strcpy(c.secret_access_key, "s/+=");
    strcpy(c.session_token, "t");
    c.expiration = 1796079600000;

    sso_cli_buf_init(&b);
    sso_cli_json_credentials(&b, &c);
    assert_string_equal(b.data, "{\n    \"roleCredentials\": {\n        \"accessKeyId\": \"AK\",\n"
                                "        \"secretAccessKey\": \"s/+=\",\n"
                                "        \"sessionToken\": \"t\",\n"
                                "        \"expiration\": 1796079600000\n    }\n}\n");
    sso_cli_buf_free(&b);

    sso_cli_buf_init(&b);
    assert_int_equal(sso_cli_process_credentials(&b, &c), 0);
    assert_string_equal(b.data, "{\"Version\": 1, \"AccessKeyId\": \"AK\", \"SecretAccessKey\": "
                                "\"s/+=\", \"SessionToken\": \"t\", \"Expiration\": "
                                "\"2026-11-30T23:00:00Z\"}\n");
    sso_cli_buf_free(&b);

    sso_cli_buf_init(&b);
    assert_int_equal(sso_cli_env_credentials(&b, &c), 0);
    assert_string_equal(b.data, "export AWS_ACCESS_KEY_ID=AK\n"
                                "export AWS_SECRET_ACCESS_KEY=s/+=\n"
                                "export AWS_SESSION_TOKEN=t\n"
                                "export AWS_CREDENTIAL_EXPIRATION=2026-11-30T23:00:00Z\n");
    sso_cli_buf_free(&b);

    /* Anything a shell would interpret is single-quoted. */
    strcpy(c.session_token, "a b'$(x)");
    sso_cli_buf_init(&b);
    assert_int_equal(sso_cli_env_credentials(&b, &c), 0);
    assert_non_null(strstr(b.data, "export AWS_SESSION_TOKEN='a b'\\''$(x)'\n"));
    sso_cli_buf_free(&b);

    c.expiration = 253402300800000; /* year 10000: no ISO-8601 form */
    sso_cli_buf_init(&b);
    assert_int_equal(sso_cli_process_credentials(&b, &c), -1);
    sso_cli_buf_free(&b);
}

static void buffer_grows_and_wipes(void **state)
{
    sso_cli_buf_t b;
    size_t i;
    (void)state;
    sso_cli_buf_init(&b);
    for (i = 0; i < 10000; i++) {
        sso_cli_buf_puts(&b, "0123456789");
    }
    assert_false(b.failed);
    assert_int_equal(b.len, 100000);
    assert_int_equal(b.data[b.len], '\0');
    assert_memory_equal(b.data + 99990, "0123456789", 10);
    sso_cli_buf_free(&b);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
}

static void reader_finds_members(void **state)
{
    const char doc[] =
        " {\"startUrl\": \"https://x/start\", \"accessToken\": \"a\\/b\\u00e9\\ud83d\\ude00\","
        " \"nested\": {\"accessToken\": \"inner\"}, \"n\": -1.5e3, \"list\": [1, {}, [],"
        " null, true, false], \"expiresAt\": \"2019-11-14T04:05:45Z\", \"k\": 7,"
        " \"k\": 8} ";
    sso_cli_json_span_t s;
    char out[64];
    long long v;
    (void)state;
    assert_int_equal(sso_cli_json_find(doc, strlen(doc), "accessToken", &s), 0);
    assert_int_equal(s.type, SSO_CLI_JSON_STRING);
    assert_int_equal(sso_cli_json_unescape(&s, out, sizeof out), 9);
    assert_string_equal(out, "a/b\xc3\xa9\xf0\x9f\x98\x80");
    /* Too small a buffer is an error, not a cut. */
    assert_int_equal(sso_cli_json_unescape(&s, out, 9), -1);
    assert_int_equal(sso_cli_json_find(doc, strlen(doc), "k", &s), 0);
    assert_int_equal(sso_cli_json_integer(&s, &v), 0);
    assert_int_equal(v, 8); /* the last duplicate wins, as in Python */
    assert_int_equal(sso_cli_json_find(doc, strlen(doc), "n", &s), 0);
    assert_int_equal(s.type, SSO_CLI_JSON_NUMBER);
    assert_int_equal(sso_cli_json_integer(&s, &v), -1); /* not an integer */
    assert_int_equal(sso_cli_json_find(doc, strlen(doc), "missing", &s), 0);
    assert_int_equal(s.type, SSO_CLI_JSON_NONE);
    assert_int_equal(sso_cli_json_find(doc, strlen(doc), "inner", &s), 0);
    assert_int_equal(s.type, SSO_CLI_JSON_NONE);
}

static void reader_rejects_what_jsmn_accepts(void **state)
{
    /* PROTOCOL §9's list of invalid texts jsmn takes, and more. */
    static const char *const bad[] = {
        "{\"a\"}",
        "{\"a\":1,}",
        "{\"a\":[1,]}",
        "{\"a\":\"x\x01\"}",
        "{\"a\" :::: \"b\"}",
        "{\"a\":1 \"b\":2}",
        "{\"a\":01}",
        "{\"a\":\"\\x\"}",
        "{\"a\":\"\\u12G4\"}",
        "{\"a\":tru}",
        "{\"a\":1}x",
        "[1]",
        "",
        "{",
        "{\"a\":\"open}",
        "{\"a\":-}",
        "{\"a\":1.}",
        "{\"a\":1e}",
        "{'a':1}",
        "{\"a\":1}{}",
    };
    sso_cli_json_span_t s;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(sso_cli_json_find(bad[i], strlen(bad[i]), "a", &s), -1);
    }
}

static void reader_limits_depth_and_nul(void **state)
{
    char deep[200];
    sso_cli_json_span_t s;
    char out[8];
    size_t i, n = 0;
    const char *nul = "{\"a\":\"x\\u0000y\"}";
    const char *lone = "{\"a\":\"\\ud800\"}";
    (void)state;
    deep[n++] = '{';
    deep[n++] = '"';
    deep[n++] = 'a';
    deep[n++] = '"';
    deep[n++] = ':';
    for (i = 0; i < 70; i++) {
        deep[n++] = '[';
    }
    for (i = 0; i < 70; i++) {
        deep[n++] = ']';
    }
    deep[n++] = '}';
    assert_int_equal(sso_cli_json_find(deep, n, "a", &s), -1);
    assert_int_equal(sso_cli_json_find(nul, strlen(nul), "a", &s), 0);
    assert_int_equal(sso_cli_json_unescape(&s, out, sizeof out), -1);
    assert_int_equal(sso_cli_json_find(lone, strlen(lone), "a", &s), 0);
    assert_int_equal(sso_cli_json_unescape(&s, out, sizeof out), 3);
    assert_string_equal(out, "\xef\xbf\xbd"); /* U+FFFD */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(escapes_like_json_dumps),
        cmocka_unit_test(account_and_role_items),
        cmocka_unit_test(credentials_documents),
        cmocka_unit_test(buffer_grows_and_wipes),
        cmocka_unit_test(reader_finds_members),
        cmocka_unit_test(reader_rejects_what_jsmn_accepts),
        cmocka_unit_test(reader_limits_depth_and_nul),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
