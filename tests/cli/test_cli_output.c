/* The --output formatters and the pieces of --query the compliance suite
 * does not reach: each expected text below is what the AWS CLI 2.9's own
 * formatter modules (awscli.formatter, awscli.text, awscli.table, run under
 * Debian's python3) write for the same value. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cli_args.h"
#include "cli_jmespath.h"
#include "cli_jv_dump.h"
#include "cli_output.h"

static unsigned char mem[1 << 20];
static sso_cli_arena_t arena;

static sso_cli_jv_t *parse(const char *json)
{
    sso_cli_jv_t *v;

    sso_cli_arena_init(&arena, mem, sizeof mem);
    v = sso_cli_jv_parse(&arena, json, strlen(json));
    assert_non_null(v);
    return v;
}

typedef enum { F_YAML, F_TEXT, F_TABLE, F_JSON } fmt_t;

static void expect_format(fmt_t f, const char *json, const char *want)
{
    sso_cli_jv_t *v = parse(json);
    sso_cli_buf_t b;

    sso_cli_buf_init(&b);
    switch (f) {
    case F_YAML:
        sso_cli_out_yaml(&b, v);
        break;
    case F_TEXT:
        sso_cli_out_text(&b, v, &arena);
        break;
    case F_TABLE:
        assert_int_equal(sso_cli_out_table(&b, v, "T", 80, &arena), 0);
        break;
    default:
        sso_cli_out_json(&b, v);
        break;
    }
    assert_false(b.failed);
    assert_string_equal(b.len ? b.data : "", want);
    sso_cli_buf_free(&b);
}

static void python_float_repr(void **state)
{
    static const struct {
        double d;
        const char *want;
    } cases[] = {{1.0, "1.0"},         {0.1, "0.1"},
                 {1e16, "1e+16"},      {1e15, "1000000000000000.0"},
                 {1e-5, "1e-05"},      {-2.5e-7, "-2.5e-07"},
                 {123.456, "123.456"}, {0.0001, "0.0001"},
                 {5e-324, "5e-324"},   {1.7976931348623157e308, "1.7976931348623157e+308"}};
    char out[32];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sso_cli_py_float(cases[i].d, out);
        assert_string_equal(out, cases[i].want);
    }
}

static void yaml_quotes_what_would_read_back_otherwise(void **state)
{
    (void)state;
    expect_format(F_YAML,
                  "[\"012345678901\",\"yes\",\"a: b\",\"it's\",\"'x\",\"a\\tb\",\"\\ud83d\\ude00\","
                  "\"\",[\"x\"],{}]",
                  "- '012345678901'\n- yes\n- 'a: b'\n- it's\n- '''x'\n- \"a\\tb\"\n"
                  "- \"\\U0001F600\"\n- ''\n- - x\n- {}\n");
    expect_format(
        F_YAML, "[\"true\",\"Null\",\"~\",\"1.5\",\"1e3\",\"0x1F\",\"2024-01-01\",\"1:20\"]",
        "- 'true'\n- 'Null'\n- '~'\n- '1.5'\n- '1e3'\n- '0x1F'\n- '2024-01-01'\n- 1:20\n");
    expect_format(F_YAML,
                  "[\"2001-12-14 21:59:43.10 -5\",\"2001-12-14t21:59:43.10-05:00\","
                  "\"2001-1-4T1:59:43Z\",\"2001-12-14 21:59\",\"2001-12-14x\"]",
                  "- '2001-12-14 21:59:43.10 -5'\n- '2001-12-14t21:59:43.10-05:00'\n"
                  "- '2001-1-4T1:59:43Z'\n- 2001-12-14 21:59\n- 2001-12-14x\n");
}

static void yaml_sorts_keys_indents_and_folds(void **state)
{
    (void)state;
    expect_format(F_YAML,
                  "{\"b\":{\"d\":[1,{\"z\":null}],\"c\":\"word word word word word word word word "
                  "word word word word word word word word word word word word \"},\"a\":[]}",
                  "a: []\nb:\n  c: 'word word word word word word word word word word word word "
                  "word word word word\n    word word word word '\n  d:\n  - 1\n  - z: null\n");
    /* A lone scalar is JSON, as the AWS CLI writes it. */
    expect_format(F_YAML, "\"str\"", "\"str\"\n");
    expect_format(F_YAML, "[]", "[]\n");
}

static void text_rows_columns_and_names(void **state)
{
    (void)state;
    expect_format(
        F_TEXT,
        "{\"accountList\":[{\"b\":\"2\",\"a\":\"1\"},{\"a\":\"3\",\"c\":\"4\",\"l\":[1,2]}]}",
        "ACCOUNTLIST\t1\t2\t\nACCOUNTLIST\t3\t\t4\nL\t1\nL\t2\n");
    expect_format(F_TEXT, "[1,[2,3],\"x\",null,true,1.5]", "1\tx\tNone\tTrue\t1.5\n2\t3\n");
    expect_format(F_TEXT, "\"s\"", "s\n");
    expect_format(F_TEXT, "{\"x\":{\"y\":\"1\"},\"k\":\"v\",\"n\":null}", "v\tNone\nX\t1\n");
    expect_format(F_TEXT, "[]", "");
}

static void table_sections_and_widths(void **state)
{
    (void)state;
    expect_format(F_TABLE, "{\"a\":\"x\",\"b\":\"y\"}",
                  "------------\n|     T    |\n+----+-----+\n|  a |  b  |\n+----+-----+\n"
                  "|  x |  y  |\n+----+-----+\n");
    /* CJK counts two columns, and so does é (East Asian Ambiguous). */
    expect_format(F_TABLE,
                  "{\"L\":[{\"id\":\"1\",\"name\":\"\\u65e5\\u672c\"},{\"id\":\"22\",\"name\":"
                  "\"\\u00e9\"}],\"one\":\"1\"}",
                  "------------------\n|        T       |\n+--------+-------+\n|  one   |  1    |\n"
                  "+--------+-------+\n||       L      ||\n|+-----+--------+|\n|| id  | name   ||\n"
                  "|+-----+--------+|\n||  1  |  \xe6\x97\xa5\xe6\x9c\xac  ||\n"
                  "||  22 |  \xc3\xa9    ||\n|+-----+--------+|\n");
    assert_int_equal(sso_cli_text_width("a\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80", 10), 7);
}

static void json_prints_nothing_for_an_empty_result(void **state)
{
    (void)state;
    expect_format(F_JSON, "{}", "");
    expect_format(F_JSON, "[]", "[]\n");
    expect_format(F_JSON, "{\"n\":100000000000000000000,\"f\":1.0}",
                  "{\n    \"n\": 100000000000000000000,\n    \"f\": 1.0\n}\n");
}

static void query_errors_are_reported_not_fatal(void **state)
{
    sso_cli_jp_node_t *q;
    sso_cli_jv_t *v = parse("{\"a\":[1,2]}"), *out;
    char err[256];
    static unsigned char tiny[256];
    sso_cli_arena_t small;

    (void)state;
    assert_int_equal(sso_cli_jp_compile(&arena, "a[", 2, &q, err, sizeof err),
                     SSO_CLI_JP_ERR_SYNTAX);
    assert_string_equal(err, "Invalid jmespath expression: Incomplete expression:\n\"a[\"\n   ^");
    assert_int_equal(sso_cli_jp_compile(&arena, "a b", 3, &q, err, sizeof err),
                     SSO_CLI_JP_ERR_SYNTAX);
    assert_string_equal(err, "Unexpected token: b: Parse error at column 2, token \"b\" "
                             "(UNQUOTED_IDENTIFIER), for expression:\n\"a b\"\n   ^");
    assert_int_equal(sso_cli_jp_compile(&arena, "abs(a)", 6, &q, err, sizeof err), SSO_CLI_JP_OK);
    assert_int_equal(sso_cli_jp_search(&arena, q, v, &out, err, sizeof err),
                     SSO_CLI_JP_ERR_INVALID_TYPE);
    assert_string_equal(err, "In function abs(), invalid type for value: [1, 2], expected one of: "
                             "['number'], received: \"array\"");
    /* Indexes past any array: null or empty, as in Python, not an error. */
    assert_int_equal(sso_cli_jp_compile(&arena, "[a[99999999999999999999], a[-99999999999999:]]",
                                        46, &q, err, sizeof err),
                     SSO_CLI_JP_OK);
    assert_int_equal(sso_cli_jp_search(&arena, q, v, &out, err, sizeof err), SSO_CLI_JP_OK);
    assert_int_equal(out->len, 2);
    assert_int_equal(out->items[0]->type, SSO_CLI_JV_NULL);
    assert_int_equal(out->items[1]->len, 2);
    /* A full arena is a status, never an overflow. */
    sso_cli_arena_init(&small, tiny, sizeof tiny);
    assert_int_equal(sso_cli_jp_compile(&small, "[a, a, a, a, a, a, a, a, a, a, a, a, a]", 39, &q,
                                        err, sizeof err),
                     SSO_CLI_JP_ERR_MEMORY);
    /* Nesting is bounded. */
    {
        static char deep[2000];
        memset(deep, '(', 1000);
        memcpy(deep + 1000, "a", 1);
        memset(deep + 1001, ')', 998);
        assert_int_equal(sso_cli_jp_compile(&arena, deep, 1999, &q, err, sizeof err),
                         SSO_CLI_JP_ERR_SYNTAX);
    }
}

static int parse_args(const char *a1, const char *a2, const char *a3, sso_cli_args_t *out)
{
    char *argv[] = {"tinysso", "list-accounts", (char *)a1, (char *)a2, (char *)a3, NULL};
    char err[256];

    return sso_cli_parse_args(5, argv, out, err, sizeof err);
}

static void output_and_query_options(void **state)
{
    sso_cli_args_t a;
    static const char *const names[] = {"json", "text", "table", "yaml", "yaml-stream"};
    size_t i;

    (void)state;
    for (i = 0; i < 5; i++) {
        assert_int_equal(parse_args("--output", names[i], "--debug", &a), SSO_CLI_EXIT_OK);
        assert_string_equal(a.output, names[i]);
        assert_int_equal(sso_cli_output_parse(names[i]), (int)i);
    }
    assert_int_equal(parse_args("--output", "xml", "--debug", &a), SSO_CLI_EXIT_USAGE);
    assert_int_equal(parse_args("--query", "accountList[].accountId", "--debug", &a),
                     SSO_CLI_EXIT_OK);
    assert_string_equal(a.query, "accountList[].accountId");
    assert_null(a.output);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(python_float_repr),
        cmocka_unit_test(yaml_quotes_what_would_read_back_otherwise),
        cmocka_unit_test(yaml_sorts_keys_indents_and_folds),
        cmocka_unit_test(text_rows_columns_and_names),
        cmocka_unit_test(table_sections_and_widths),
        cmocka_unit_test(json_prints_nothing_for_an_empty_result),
        cmocka_unit_test(query_errors_are_reported_not_fatal),
        cmocka_unit_test(output_and_query_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
