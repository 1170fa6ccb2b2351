/* The CLI's command line: sso_cli_parse_args() on a fuzzed argv, and the
 * --starting-token decoder (sso_cli_resume_decode) on fuzzed text, since that
 * value comes straight from the command line too.
 *
 * Input: NUL-separated arguments (at most 32). Oracles: the error text is
 * NUL-terminated inside a deliberately small buffer, parsed strings point
 * into argv, numbers stay in their documented ranges, and a decoded resume
 * token is terminated and its count not negative. */
#include <string.h>

#include "cli_args.h"
#include "cli_pagetoken.h"
#include "fuzz_common.h"

#define MAX_ARGS 32

static int in_argv(const char *p, char *const argv[], int argc)
{
    int i;
    if (!p) {
        return 1;
    }
    for (i = 1; i < argc; i++) {
        if (p >= argv[i] && p <= argv[i] + strlen(argv[i])) {
            return 1;
        }
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char text[8192];
    static sso_cli_resume_t res;
    char *argv[MAX_ARGS + 2];
    char err[48];
    sso_cli_args_t a;
    int argc = 1, r, i;
    size_t off = 0;
    if (size >= sizeof text) {
        return 0;
    }
    memcpy(text, data, size);
    text[size] = '\0';
    argv[0] = (char *)"tinysso";
    while (off <= size && argc <= MAX_ARGS) {
        argv[argc++] = text + off;
        off += strlen(text + off) + 1;
    }
    argv[argc] = NULL;
    memset(err, 0x7f, sizeof err);
    memset(&a, 0x55, sizeof a);
    r = sso_cli_parse_args(argc, argv, &a, err, sizeof err);
    FUZZ_CHECK(r == SSO_CLI_EXIT_OK || r == SSO_CLI_EXIT_USAGE);
    if (r != SSO_CLI_EXIT_OK) {
        FUZZ_CHECK(memchr(err, '\0', sizeof err) != NULL);
    } else {
        FUZZ_CHECK(in_argv(a.access_token, argv, argc));
        FUZZ_CHECK(in_argv(a.account_id, argv, argc));
        FUZZ_CHECK(in_argv(a.role_name, argv, argc));
        FUZZ_CHECK(in_argv(a.region, argv, argc));
        FUZZ_CHECK(in_argv(a.endpoint_url, argv, argc));
        FUZZ_CHECK(in_argv(a.ca_bundle, argv, argc));
        FUZZ_CHECK(in_argv(a.profile, argv, argc));
        FUZZ_CHECK(in_argv(a.starting_token, argv, argc));
        FUZZ_CHECK(in_argv(a.next_token, argv, argc));
        if (!a.help && !a.version) {
            FUZZ_CHECK(a.page_size <= 100 && a.max_results <= 100);
            FUZZ_CHECK(a.max_items >= 0);
        }
        (void)sso_cli_command_name(a.command);
        (void)sso_cli_operation_name(a.command);
    }
    /* Every argument as a --starting-token value. */
    for (i = 1; i < argc; i++) {
        memset(&res, 0x55, sizeof res);
        if (sso_cli_resume_decode(argv[i], &res) == 0) {
            FUZZ_CHECK(memchr(res.token, '\0', sizeof res.token) != NULL);
            FUZZ_CHECK(res.truncate >= 0);
        }
    }
    return 0;
}
