/* Command line of `tinysso`, shaped like `aws sso <command> [options]`:
 * options may come before or after the command, as `--opt value` or
 * `--opt=value`; a later repeat of an option wins, as with argparse. */
#ifndef TINYSSO_CLI_ARGS_H
#define TINYSSO_CLI_ARGS_H

#include <stddef.h>
#include <stdint.h>

/* Exit codes of the AWS CLI v2 (PROTOCOL §8). */
#define SSO_CLI_EXIT_OK 0
#define SSO_CLI_EXIT_USAGE 252   /* bad command line */
#define SSO_CLI_EXIT_CONFIG 253  /* bad configuration: region, CA file, token */
#define SSO_CLI_EXIT_SERVICE 254 /* the service returned an error */
#define SSO_CLI_EXIT_OTHER 255   /* network, TLS, timeout, bad response */

typedef enum {
    SSO_CLI_CMD_NONE = 0,
    SSO_CLI_CMD_LIST_ACCOUNTS,
    SSO_CLI_CMD_LIST_ACCOUNT_ROLES,
    SSO_CLI_CMD_GET_ROLE_CREDENTIALS,
    SSO_CLI_CMD_LOGOUT,
    SSO_CLI_CMD_LOGIN /* cli_login.c */
} sso_cli_command_t;

typedef enum {
    SSO_CLI_FORMAT_JSON = 0, /* what `aws sso get-role-credentials` prints */
    SSO_CLI_FORMAT_PROCESS,  /* credential_process JSON */
    SSO_CLI_FORMAT_ENV       /* export lines for a shell */
} sso_cli_format_t;

/* How the AWS CLI words a command-line error, so tinysso words it alike. */
typedef enum {
    SSO_CLI_ERR_ARGPARSE = 0, /* usage text, then "tinysso: error: ..." */
    SSO_CLI_ERR_UNKNOWN,      /* usage text, then "Unknown options: ..." */
    SSO_CLI_ERR_PARAM         /* the message alone */
} sso_cli_err_kind_t;

typedef struct sso_cli_args {
    sso_cli_command_t command;
    sso_cli_err_kind_t err_kind; /* set when parsing fails */
    /* Pointers into argv; NULL when not given. */
    const char *access_token;
    const char *account_id;
    const char *role_name;
    const char *region;
    const char *endpoint_url;
    const char *ca_bundle;
    const char *profile;
    const char *starting_token;
    const char *next_token;
    /* login: --start-url, --scopes a,b, --oidc-endpoint-url (also read by
     * the other commands when they refresh a cached token). */
    const char *start_url;
    const char *scopes;
    const char *oidc_endpoint_url;
    int refresh; /* login --refresh */
    /* Seconds; -1 when not given (0 means no timeout). */
    long read_timeout_s;
    long connect_timeout_s;
    /* 0 when not given. */
    unsigned page_size;   /* 1..100 */
    unsigned max_results; /* 1..100 */
    long max_items;       /* >= 1 */
    int paginate;         /* 0 with --no-paginate, or implied by --max-results/--next-token */
    int debug;
    int help;
    int version;
    int skeleton; /* --generate-cli-skeleton: print the input skeleton, nothing else */
    sso_cli_format_t format;
    const char *output; /* --output, checked to be one of the five formats; NULL if not given */
    const char *query;  /* --query, a JMESPath expression (compiled by the caller) */
} sso_cli_args_t;

/* Parses argv[1..argc-1]. Returns SSO_CLI_EXIT_OK, or SSO_CLI_EXIT_USAGE
 * with a one-line reason in err (no trailing newline). With --help or
 * --version it returns OK at once and sets the flag. */
int sso_cli_parse_args(int argc, char *const argv[], sso_cli_args_t *out, char *err,
                       size_t err_cap);

/* get-role-credentials needs both ids (from the options or the profile's
 * sso_account_id/sso_role_name). Returns 0, or -1 with argparse's
 * "the following arguments are required" text in err. */
int sso_cli_require_ids(const char *account_id, const char *role_name, char *err, size_t cap);

/* 1 when the URL's host is this machine (127.0.0.0/8, [::1], localhost):
 * the only place a plain http endpoint may carry a bearer token. */
int sso_cli_is_loopback_url(const char *url);

/* The operation name the service model gives a command (for error text). */
const char *sso_cli_operation_name(sso_cli_command_t cmd);
const char *sso_cli_command_name(sso_cli_command_t cmd);

#endif
