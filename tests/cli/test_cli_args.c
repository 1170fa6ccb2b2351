/* The command line: every option in any position and both spellings, the
 * AWS CLI's rules (options of another command are unknown, --max-results or
 * --next-token switch paging off, no paging options then), and each kind
 * of rejection with exit 252. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cli_args.h"

static sso_cli_args_t a;
static char err[512];

/* Parses a NULL-terminated word list (argv[0] is added). */
static int parse(const char *first, ...)
{
    char *argv[64];
    int argc = 1;
    const char *w;
    va_list ap;

    argv[0] = (char *)"tinysso";
    va_start(ap, first);
    for (w = first; w != NULL && argc < 63; w = va_arg(ap, const char *)) {
        argv[argc++] = (char *)w;
    }
    va_end(ap);
    argv[argc] = NULL;
    memset(err, 0, sizeof err);
    return sso_cli_parse_args(argc, argv, &a, err, sizeof err);
}

static void every_option(void **state)
{
    (void)state;
    assert_int_equal(parse("--region", "eu-west-1", "list-account-roles", "--account-id=123",
                           "--access-token", "tok", "--endpoint-url", "http://127.0.0.1:9",
                           "--ca-bundle", "/ca.pem", "--cli-read-timeout", "7",
                           "--cli-connect-timeout=0", "--page-size", "5", "--max-items", "9",
                           "--starting-token", "abc", "--profile", "p", "--debug", "--output",
                           "json", "--no-cli-pager", NULL),
                     SSO_CLI_EXIT_OK);
    assert_int_equal(a.command, SSO_CLI_CMD_LIST_ACCOUNT_ROLES);
    assert_string_equal(a.region, "eu-west-1");
    assert_string_equal(a.account_id, "123");
    assert_string_equal(a.access_token, "tok");
    assert_string_equal(a.endpoint_url, "http://127.0.0.1:9");
    assert_string_equal(a.ca_bundle, "/ca.pem");
    assert_int_equal(a.read_timeout_s, 7);
    assert_int_equal(a.connect_timeout_s, 0);
    assert_int_equal(a.page_size, 5);
    assert_int_equal(a.max_items, 9);
    assert_string_equal(a.starting_token, "abc");
    assert_string_equal(a.profile, "p");
    assert_true(a.debug);
    assert_true(a.paginate);
    assert_null(a.role_name);
}

static void defaults_and_sso_word(void **state)
{
    (void)state;
    assert_int_equal(parse("sso", "list-accounts", NULL), SSO_CLI_EXIT_OK);
    assert_int_equal(a.command, SSO_CLI_CMD_LIST_ACCOUNTS);
    assert_null(a.access_token);
    assert_int_equal(a.read_timeout_s, -1);
    assert_int_equal(a.connect_timeout_s, -1);
    assert_int_equal(a.page_size, 0);
    assert_int_equal(a.max_items, 0);
    assert_true(a.paginate);
    assert_int_equal(a.format, SSO_CLI_FORMAT_JSON);
    assert_string_equal(sso_cli_operation_name(a.command), "ListAccounts");
}

static void last_repeat_wins(void **state)
{
    (void)state;
    assert_int_equal(parse("logout", "--access-token", "a", "--access-token=b", NULL),
                     SSO_CLI_EXIT_OK);
    assert_string_equal(a.access_token, "b");
    assert_string_equal(sso_cli_operation_name(a.command), "Logout");
}

static void credentials_formats(void **state)
{
    (void)state;
    assert_int_equal(parse("get-role-credentials", "--role-name", "R", "--account-id", "1",
                           "--format", "process", NULL),
                     SSO_CLI_EXIT_OK);
    assert_int_equal(a.format, SSO_CLI_FORMAT_PROCESS);
    assert_string_equal(a.role_name, "R");
    assert_int_equal(parse("get-role-credentials", "--role-name", "R", "--account-id", "1",
                           "--format=env", NULL),
                     SSO_CLI_EXIT_OK);
    assert_int_equal(a.format, SSO_CLI_FORMAT_ENV);
    assert_int_equal(parse("get-role-credentials", "--role-name", "R", "--account-id", "1",
                           "--format", "yaml", NULL),
                     SSO_CLI_EXIT_USAGE);
    assert_non_null(strstr(err, "--format"));
    /* --format belongs to get-role-credentials only. */
    assert_int_equal(parse("list-accounts", "--format", "env", NULL), SSO_CLI_EXIT_USAGE);
    assert_string_equal(err, "Unknown options: --format");
    assert_int_equal(a.err_kind, SSO_CLI_ERR_UNKNOWN);
}

static void manual_paging(void **state)
{
    (void)state;
    assert_int_equal(parse("list-accounts", "--no-paginate", NULL), SSO_CLI_EXIT_OK);
    assert_false(a.paginate);
    /* The service's own paging parameters imply --no-paginate. */
    assert_int_equal(parse("list-accounts", "--max-results", "3", NULL), SSO_CLI_EXIT_OK);
    assert_false(a.paginate);
    assert_int_equal(a.max_results, 3);
    assert_int_equal(parse("list-accounts", "--next-token", "t", NULL), SSO_CLI_EXIT_OK);
    assert_false(a.paginate);
    assert_string_equal(a.next_token, "t");
    /* ... and then paging options are refused, named in the AWS CLI's order. */
    assert_int_equal(parse("list-accounts", "--max-items", "2", "--no-paginate", "--page-size", "3",
                           "--starting-token", "x", NULL),
                     SSO_CLI_EXIT_USAGE);
    assert_string_equal(err, "Cannot specify --no-paginate along with pagination arguments: "
                             "--starting-token, --page-size, --max-items");
    assert_int_equal(a.err_kind, SSO_CLI_ERR_PARAM);
    assert_int_equal(parse("list-accounts", "--max-results", "3", "--page-size", "3", NULL),
                     SSO_CLI_EXIT_USAGE);
}

static void rejected_lines(void **state)
{
    (void)state;
    assert_int_equal(parse(NULL), SSO_CLI_EXIT_USAGE);
    assert_int_equal(parse("--region", "x", NULL), SSO_CLI_EXIT_USAGE);
    assert_int_equal(parse("list-users", NULL), SSO_CLI_EXIT_USAGE);
    assert_non_null(strstr(err, "Invalid choice 'list-users'"));
    assert_int_equal(parse("list-accounts", "--bogus", "x", NULL), SSO_CLI_EXIT_USAGE);
    assert_string_equal(err, "Unknown options: --bogus, x");
    assert_int_equal(parse("list-accounts", "--role-name", "R", NULL), SSO_CLI_EXIT_USAGE);
    assert_string_equal(err, "Unknown options: --role-name");
    assert_int_equal(parse("logout", "--page-size", "3", NULL), SSO_CLI_EXIT_USAGE);
    assert_int_equal(parse("list-account-roles", NULL), SSO_CLI_EXIT_USAGE);
    assert_string_equal(err, "the following arguments are required: --account-id");
    /* get-role-credentials may find its ids in the profile: checked later. */
    assert_int_equal(parse("get-role-credentials", NULL), SSO_CLI_EXIT_OK);
    assert_int_equal(sso_cli_require_ids(NULL, "", err, sizeof err), -1);
    assert_string_equal(err, "the following arguments are required: --role-name, --account-id");
    assert_int_equal(sso_cli_require_ids("1", NULL, err, sizeof err), -1);
    assert_string_equal(err, "the following arguments are required: --role-name");
    assert_int_equal(sso_cli_require_ids("", "R", err, sizeof err), -1);
    assert_string_equal(err, "the following arguments are required: --account-id");
    assert_int_equal(sso_cli_require_ids("1", "R", err, sizeof err), 0);
    assert_int_equal(parse("list-accounts", "--access-token", NULL), SSO_CLI_EXIT_USAGE);
    assert_string_equal(err, "argument --access-token: expected one argument");
    assert_int_equal(parse("list-accounts", "--access-token", "--debug", NULL), SSO_CLI_EXIT_USAGE);
    assert_int_equal(parse("list-accounts", "--debug=1", NULL), SSO_CLI_EXIT_USAGE);
    assert_int_equal(parse("list-accounts", "--output", "xml", NULL), SSO_CLI_EXIT_USAGE);
    assert_int_equal(parse("list-accounts", "--endpoint-url", "localhost:9", NULL),
                     SSO_CLI_EXIT_USAGE);
    assert_non_null(strstr(err, "scheme is missing"));
}

static void plain_http_only_to_this_machine(void **state)
{
    static const char *const ok[] = {"http://127.0.0.1:8080", "http://127.1.2.3:1/",
                                     "http://localhost:9", "http://[::1]:443", "http://localhost"};
    static const char *const refused[] = {"http://10.0.0.1:80",        "http://127.0.0.1.evil:80",
                                          "http://localhost.example/", "http://[::2]:80",
                                          "http://128.0.0.1",          "http://example.com"};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        assert_true(sso_cli_is_loopback_url(ok[i]));
        assert_int_equal(parse("list-accounts", "--endpoint-url", ok[i], NULL), SSO_CLI_EXIT_OK);
    }
    for (i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        assert_false(sso_cli_is_loopback_url(refused[i]));
        assert_int_equal(parse("list-accounts", "--endpoint-url", refused[i], NULL),
                         SSO_CLI_EXIT_USAGE);
        assert_non_null(strstr(err, "plain http is for tests"));
    }
    /* https goes anywhere. */
    assert_int_equal(parse("list-accounts", "--endpoint-url", "https://10.0.0.1:8443", NULL),
                     SSO_CLI_EXIT_OK);
}

static void numbers(void **state)
{
    (void)state;
    assert_int_equal(parse("list-accounts", "--page-size", "abc", NULL), SSO_CLI_EXIT_USAGE);
    assert_string_equal(err, "argument --page-size: invalid int value: 'abc'");
    assert_int_equal(a.err_kind, SSO_CLI_ERR_ARGPARSE);
    assert_int_equal(parse("list-accounts", "--page-size", "0", NULL), SSO_CLI_EXIT_USAGE);
    assert_int_equal(parse("list-accounts", "--page-size", "101", NULL), SSO_CLI_EXIT_USAGE);
    assert_int_equal(parse("list-accounts", "--page-size", "100", NULL), SSO_CLI_EXIT_OK);
    assert_int_equal(parse("list-accounts", "--page-size", "+7", NULL), SSO_CLI_EXIT_OK);
    assert_int_equal(a.page_size, 7);
    assert_int_equal(parse("list-accounts", "--max-items", "0", NULL), SSO_CLI_EXIT_USAGE);
    assert_int_equal(parse("list-accounts", "--max-items", "-1", NULL), SSO_CLI_EXIT_USAGE);
    assert_int_equal(parse("list-accounts", "--max-items", "1e3", NULL), SSO_CLI_EXIT_USAGE);
    assert_int_equal(parse("list-accounts", "--max-results", "0", NULL), SSO_CLI_EXIT_USAGE);
    assert_int_equal(parse("list-accounts", "--max-results", "", NULL), SSO_CLI_EXIT_USAGE);
    assert_int_equal(parse("list-accounts", "--cli-read-timeout", "-1", NULL), SSO_CLI_EXIT_USAGE);
    assert_int_equal(parse("list-accounts", "--cli-connect-timeout", "1.5", NULL),
                     SSO_CLI_EXIT_USAGE);
    assert_int_equal(parse("list-accounts", "--cli-read-timeout", "99999999999999999999", NULL),
                     SSO_CLI_EXIT_USAGE);
}

static void help_and_version_win(void **state)
{
    (void)state;
    assert_int_equal(parse("--help", NULL), SSO_CLI_EXIT_OK);
    assert_true(a.help);
    assert_int_equal(parse("list-accounts", "--bogus", "--version", NULL), SSO_CLI_EXIT_OK);
    assert_true(a.version);
}

/* argparse's prefix rule (what the AWS CLI's parsers allow), the global
 * options it has that mean nothing here, and --no-verify-ssl refused. */
static void prefixes_and_global_options(void **state)
{
    (void)state;
    assert_int_equal(parse("list-accounts", "--access-tok", "T", "--reg", "eu-west-1", NULL),
                     SSO_CLI_EXIT_OK);
    assert_string_equal(a.access_token, "T");
    assert_string_equal(a.region, "eu-west-1");
    assert_int_equal(parse("list-accounts", "--page=7", "--no-p", NULL), SSO_CLI_EXIT_USAGE);
    assert_int_equal(parse("--page", "7", "list-accounts", NULL), SSO_CLI_EXIT_OK);
    assert_int_equal(a.page_size, 7);
    assert_int_equal(parse("list-accounts", "--max", "3", NULL), SSO_CLI_EXIT_USAGE);
    assert_string_equal(err, "ambiguous option: --max could match --max-results, --max-items");
    /* --acc is --access-token for list-accounts, ambiguous where --account-id exists. */
    assert_int_equal(parse("list-accounts", "--acc", "T", NULL), SSO_CLI_EXIT_OK);
    assert_string_equal(a.access_token, "T");
    assert_int_equal(parse("list-account-roles", "--acc", "T", NULL), SSO_CLI_EXIT_USAGE);
    assert_string_equal(err, "ambiguous option: --acc could match --access-token, --account-id");
    assert_int_equal(parse("list-accounts", "--", "x", NULL), SSO_CLI_EXIT_USAGE);
    assert_int_equal(parse("list-accounts", "--color", "off", "--no-sign-request",
                           "--cli-binary-format", "raw-in-base64-out", "--no-cli-auto-prompt",
                           "--cli-auto-prompt", NULL),
                     SSO_CLI_EXIT_OK);
    assert_int_equal(parse("list-accounts", "--color", "pink", NULL), SSO_CLI_EXIT_USAGE);
    assert_int_equal(parse("list-accounts", "--no-verify-ssl", NULL), SSO_CLI_EXIT_USAGE);
    assert_non_null(strstr(err, "always verifies"));
    assert_int_equal(parse("list-accounts", "--no-verify", NULL), SSO_CLI_EXIT_USAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_option),
        cmocka_unit_test(defaults_and_sso_word),
        cmocka_unit_test(last_repeat_wins),
        cmocka_unit_test(credentials_formats),
        cmocka_unit_test(manual_paging),
        cmocka_unit_test(rejected_lines),
        cmocka_unit_test(numbers),
        cmocka_unit_test(plain_http_only_to_this_machine),
        cmocka_unit_test(help_and_version_win),
        cmocka_unit_test(prefixes_and_global_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
