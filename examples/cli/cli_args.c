#include "cli_args.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cli_input_json.h"
#include "cli_output.h"

/* Which commands an option belongs to (bit per sso_cli_command_t). */
#define C_LA (1u << SSO_CLI_CMD_LIST_ACCOUNTS)
#define C_LR (1u << SSO_CLI_CMD_LIST_ACCOUNT_ROLES)
#define C_GR (1u << SSO_CLI_CMD_GET_ROLE_CREDENTIALS)
#define C_LO (1u << SSO_CLI_CMD_LOGOUT)
#define C_LI (1u << SSO_CLI_CMD_LOGIN)
#define C_LIST (C_LA | C_LR)
#define C_API (C_LA | C_LR | C_GR | C_LO)
#define C_ALL (C_API | C_LI)

enum {
    O_ACCESS_TOKEN,
    O_ACCOUNT_ID,
    O_ROLE_NAME,
    O_REGION,
    O_ENDPOINT_URL,
    O_CA_BUNDLE,
    O_PROFILE,
    O_READ_TIMEOUT,
    O_CONNECT_TIMEOUT,
    O_PAGE_SIZE,
    O_MAX_ITEMS,
    O_STARTING_TOKEN,
    O_MAX_RESULTS,
    O_NEXT_TOKEN,
    O_NO_PAGINATE,
    O_FORMAT,
    O_OUTPUT,
    O_QUERY,
    O_NO_CLI_PAGER,
    O_DEBUG,
    O_HELP,
    O_VERSION,
    /* The AWS CLI's global options that mean nothing here: accepted and
     * ignored, so scripts keep working (docs/CLI.md lists them). */
    O_COLOR,
    O_CLI_BINARY_FORMAT,
    O_NO_SIGN_REQUEST,
    O_CLI_AUTO_PROMPT,
    O_NO_CLI_AUTO_PROMPT,
    /* Refused with a reason: tinysso always verifies certificates. */
    O_NO_VERIFY_SSL,
    O_CLI_INPUT_JSON,
    O_GENERATE_SKELETON, /* takes an optional value: input (default), output, yaml-input */
    O_START_URL,
    O_SCOPES,
    O_OIDC_ENDPOINT_URL,
    O_REFRESH,
    O_NO_BROWSER,
    O_USE_DEVICE_CODE,
    O_COUNT
};

typedef struct {
    const char *name;
    int takes_value;
    unsigned commands;
    int global; /* in the AWS CLI's global parser (prefixes resolve there first) */
} opt_def_t;

static const opt_def_t options[O_COUNT] = {
    [O_ACCESS_TOKEN] = {"--access-token", 1, C_API, 0},
    [O_ACCOUNT_ID] = {"--account-id", 1, C_LR | C_GR, 0},
    [O_ROLE_NAME] = {"--role-name", 1, C_GR, 0},
    [O_REGION] = {"--region", 1, C_ALL, 1},
    [O_ENDPOINT_URL] = {"--endpoint-url", 1, C_ALL, 1},
    [O_CA_BUNDLE] = {"--ca-bundle", 1, C_ALL, 1},
    [O_PROFILE] = {"--profile", 1, C_ALL, 1},
    [O_READ_TIMEOUT] = {"--cli-read-timeout", 1, C_ALL, 1},
    [O_CONNECT_TIMEOUT] = {"--cli-connect-timeout", 1, C_ALL, 1},
    [O_PAGE_SIZE] = {"--page-size", 1, C_LIST, 0},
    [O_MAX_ITEMS] = {"--max-items", 1, C_LIST, 0},
    [O_STARTING_TOKEN] = {"--starting-token", 1, C_LIST, 0},
    [O_MAX_RESULTS] = {"--max-results", 1, C_LIST, 0},
    [O_NEXT_TOKEN] = {"--next-token", 1, C_LIST, 0},
    /* Global in the AWS CLI, so accepted (and meaningless) everywhere. */
    [O_NO_PAGINATE] = {"--no-paginate", 0, C_ALL, 1},
    [O_FORMAT] = {"--format", 1, C_GR, 0},
    [O_OUTPUT] = {"--output", 1, C_ALL, 1},
    [O_QUERY] = {"--query", 1, C_ALL, 1},
    /* Accepted so scripts written for `aws sso` keep working. */
    [O_NO_CLI_PAGER] = {"--no-cli-pager", 0, C_ALL, 1},
    [O_DEBUG] = {"--debug", 0, C_ALL, 1},
    [O_HELP] = {"--help", 0, C_ALL, 1},
    [O_VERSION] = {"--version", 0, C_ALL, 1},
    [O_COLOR] = {"--color", 1, C_ALL, 1},
    [O_CLI_BINARY_FORMAT] = {"--cli-binary-format", 1, C_ALL, 1},
    [O_NO_SIGN_REQUEST] = {"--no-sign-request", 0, C_ALL, 1},
    [O_CLI_AUTO_PROMPT] = {"--cli-auto-prompt", 0, C_ALL, 1},
    [O_NO_CLI_AUTO_PROMPT] = {"--no-cli-auto-prompt", 0, C_ALL, 1},
    [O_NO_VERIFY_SSL] = {"--no-verify-ssl", 0, C_ALL, 1},
    [O_CLI_INPUT_JSON] = {"--cli-input-json", 1, C_LA | C_LR | C_GR, 0},
    [O_GENERATE_SKELETON] = {"--generate-cli-skeleton", 2, C_LA | C_LR | C_GR, 0},
    [O_START_URL] = {"--start-url", 1, C_LI, 0},
    [O_SCOPES] = {"--scopes", 1, C_LI, 0},
    [O_OIDC_ENDPOINT_URL] = {"--oidc-endpoint-url", 1, C_ALL, 1},
    [O_REFRESH] = {"--refresh", 0, C_LI, 0},
    /* tinysso never opens a browser: accepted for `aws sso login` scripts. */
    [O_NO_BROWSER] = {"--no-browser", 0, C_LI, 0},
    [O_USE_DEVICE_CODE] = {"--use-device-code", 0, C_LI, 0},
};

/* Each command's own options in the order the AWS CLI's parser lists them
 * in an "ambiguous option" error: the service model's members, then the
 * paginator's. */
static const int order_la[] = {
    O_NEXT_TOKEN, O_MAX_RESULTS, O_ACCESS_TOKEN, O_STARTING_TOKEN, O_PAGE_SIZE, O_MAX_ITEMS, -1};
static const int order_lr[] = {
    O_NEXT_TOKEN,     O_MAX_RESULTS, O_ACCESS_TOKEN, O_ACCOUNT_ID,        O_CLI_INPUT_JSON,
    O_STARTING_TOKEN, O_PAGE_SIZE,   O_MAX_ITEMS,    O_GENERATE_SKELETON, -1};
static const int order_gr[] = {
    O_ROLE_NAME, O_ACCOUNT_ID, O_ACCESS_TOKEN, O_CLI_INPUT_JSON, O_GENERATE_SKELETON, O_FORMAT, -1};
static const int order_lo[] = {O_ACCESS_TOKEN, -1};
static const int order_li[] = {O_START_URL,  O_SCOPES,          O_REFRESH,
                               O_NO_BROWSER, O_USE_DEVICE_CODE, -1};
/* No command (yet): every command's options. */
static const int order_any[] = {
    O_ROLE_NAME,      O_NEXT_TOKEN, O_MAX_RESULTS, O_ACCESS_TOKEN, O_ACCOUNT_ID,
    O_STARTING_TOKEN, O_PAGE_SIZE,  O_MAX_ITEMS,   O_FORMAT,       -1};
static const int order_global[] = {O_DEBUG,
                                   O_ENDPOINT_URL,
                                   O_NO_VERIFY_SSL,
                                   O_NO_PAGINATE,
                                   O_OUTPUT,
                                   O_QUERY,
                                   O_PROFILE,
                                   O_REGION,
                                   O_VERSION,
                                   O_COLOR,
                                   O_NO_SIGN_REQUEST,
                                   O_CA_BUNDLE,
                                   O_READ_TIMEOUT,
                                   O_CONNECT_TIMEOUT,
                                   O_CLI_BINARY_FORMAT,
                                   O_NO_CLI_PAGER,
                                   O_CLI_AUTO_PROMPT,
                                   O_NO_CLI_AUTO_PROMPT,
                                   O_HELP,
                                   -1};

static const char *const command_names[] = {
    [SSO_CLI_CMD_NONE] = "",
    [SSO_CLI_CMD_LIST_ACCOUNTS] = "list-accounts",
    [SSO_CLI_CMD_LIST_ACCOUNT_ROLES] = "list-account-roles",
    [SSO_CLI_CMD_GET_ROLE_CREDENTIALS] = "get-role-credentials",
    [SSO_CLI_CMD_LOGOUT] = "logout",
    [SSO_CLI_CMD_LOGIN] = "login",
};

static const char *const operation_names[] = {
    [SSO_CLI_CMD_NONE] = "",
    [SSO_CLI_CMD_LIST_ACCOUNTS] = "ListAccounts",
    [SSO_CLI_CMD_LIST_ACCOUNT_ROLES] = "ListAccountRoles",
    [SSO_CLI_CMD_GET_ROLE_CREDENTIALS] = "GetRoleCredentials",
    [SSO_CLI_CMD_LOGOUT] = "Logout",
    [SSO_CLI_CMD_LOGIN] = "CreateToken",
};

const char *sso_cli_command_name(sso_cli_command_t cmd)
{
    return command_names[cmd];
}

const char *sso_cli_operation_name(sso_cli_command_t cmd)
{
    return operation_names[cmd];
}

/* Appends to err, keeping it NUL-terminated and never overflowing. */
static void err_add(char *err, size_t cap, const char *s)
{
    size_t n = strlen(err);

    if (n + 1 < cap) {
        snprintf(err + n, cap - n, "%s", s);
    }
}

/* An int as argparse's int() reads it: optional sign, decimal digits. */
static int parse_int(const char *s, long min, long max, long *v)
{
    long r = 0;
    int neg = 0;

    if (*s == '+' || *s == '-') {
        neg = *s == '-';
        s++;
    }
    if (*s == '\0') {
        return -1;
    }
    for (; *s != '\0'; s++) {
        if (*s < '0' || *s > '9' || r > (LONG_MAX - 9) / 10) {
            return -1;
        }
        r = r * 10 + (*s - '0');
    }
    if (neg) {
        r = -r;
    }
    if (r < min || r > max) {
        return -2;
    }
    *v = r;
    return 0;
}

static int number(const char *name, const char *text, long min, long max, long *v, char *err,
                  size_t cap)
{
    int rc = parse_int(text, min, max, v);

    if (rc == -1) {
        snprintf(err, cap, "argument %s: invalid int value: '%s'", name, text);
        return -1;
    }
    if (rc == -2) {
        snprintf(err, cap, "argument %s: value %s is outside %ld..%ld", name, text, min, max);
        return -1;
    }
    return 0;
}

/* Options whose name starts with arg[0..len), in the parser's order; the
 * count, and the names listed in err for argparse's ambiguity message. */
static int prefix_matches(const int *order, const char *arg, size_t len, int *found, char *list,
                          size_t cap)
{
    int n = 0, i;

    for (i = 0; order[i] >= 0; i++) {
        if (strncmp(options[order[i]].name, arg, len) == 0) {
            if (n > 0) {
                err_add(list, cap, ", ");
            }
            err_add(list, cap, options[order[i]].name);
            *found = order[i];
            n++;
        }
    }
    return n;
}

/* An option by its full name, else by an unambiguous prefix, as argparse
 * allows: the global parser first, then the command's (command NONE: all
 * commands' options). Returns its index, -1 when unknown, -2 when
 * ambiguous (err holds argparse's message). */
static int find_option(const char *arg, size_t len, sso_cli_command_t command, char *err,
                       size_t cap)
{
    static const int *const orders[] = {order_any, order_la, order_lr,
                                        order_gr,  order_lo, order_li};
    char list[256] = "";
    int i, found = -1, n;

    for (i = 0; i < O_COUNT; i++) {
        if (strlen(options[i].name) == len && memcmp(options[i].name, arg, len) == 0) {
            return i;
        }
    }
    if (len < 3) {
        return -1; /* "--" alone is not a prefix of anything */
    }
    n = prefix_matches(order_global, arg, len, &found, list, sizeof list);
    if (n == 0) {
        n = prefix_matches(orders[command], arg, len, &found, list, sizeof list);
    }
    if (n > 1) {
        snprintf(err, cap, "ambiguous option: %.*s could match %s", (int)len, arg, list);
        return -2;
    }
    return n == 1 ? found : -1;
}

static sso_cli_command_t find_command(const char *word)
{
    int c;

    for (c = SSO_CLI_CMD_LIST_ACCOUNTS; c <= SSO_CLI_CMD_LOGIN; c++) {
        if (strcmp(word, command_names[c]) == 0) {
            return (sso_cli_command_t)c;
        }
    }
    return SSO_CLI_CMD_NONE;
}

typedef struct {
    const char *value[O_COUNT];
    int seen[O_COUNT];
    char unknown[256]; /* "Unknown options: a, b" list */
    const char *bad_command;
} raw_args_t;

static void note_unknown(raw_args_t *r, const char *word)
{
    if (r->unknown[0] != '\0') {
        err_add(r->unknown, sizeof r->unknown, ", ");
    }
    err_add(r->unknown, sizeof r->unknown, word);
}

/* First pass: words into option slots, the command, and unknown words. */
static int collect(int argc, char *const argv[], raw_args_t *r, sso_cli_args_t *out, char *err,
                   size_t cap)
{
    int i, sso_word_allowed = 1;
    sso_cli_command_t hint = SSO_CLI_CMD_NONE;

    /* Prefixes resolve against the command's options, wherever it stands. */
    for (i = 1; i < argc && hint == SSO_CLI_CMD_NONE; i++) {
        hint = find_command(argv[i]);
    }

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *eq = strchr(a, '=');
        int o;

        if (strncmp(a, "--", 2) != 0) {
            sso_cli_command_t c = find_command(a);
            /* `tinysso sso list-accounts` reads like `aws sso list-accounts`. */
            if (sso_word_allowed && out->command == SSO_CLI_CMD_NONE && strcmp(a, "sso") == 0) {
                sso_word_allowed = 0;
            } else if (out->command == SSO_CLI_CMD_NONE && c != SSO_CLI_CMD_NONE) {
                out->command = c;
            } else if (out->command == SSO_CLI_CMD_NONE && r->bad_command == NULL) {
                r->bad_command = a;
            } else {
                note_unknown(r, a);
            }
            continue;
        }
        o = find_option(a, eq != NULL ? (size_t)(eq - a) : strlen(a), hint, err, cap);
        if (o == -2) {
            return -1;
        }
        if (o < 0) {
            note_unknown(r, a);
            continue;
        }
        r->seen[o] = 1;
        if (!options[o].takes_value) {
            if (eq != NULL) {
                snprintf(err, cap, "argument %s: ignored explicit argument '%s'", options[o].name,
                         eq + 1);
                return -1;
            }
            continue;
        }
        if (eq != NULL) {
            r->value[o] = eq + 1;
        } else if (options[o].takes_value == 2) { /* optional: only a known choice */
            if (i + 1 < argc &&
                (strcmp(argv[i + 1], "input") == 0 || strcmp(argv[i + 1], "output") == 0 ||
                 strcmp(argv[i + 1], "yaml-input") == 0)) {
                r->value[o] = argv[++i];
            }
        } else if (i + 1 < argc && strncmp(argv[i + 1], "--", 2) != 0) {
            r->value[o] = argv[++i];
        } else {
            snprintf(err, cap, "argument %s: expected one argument", options[o].name);
            return -1;
        }
    }
    return 0;
}

static int check_applicable(const raw_args_t *r, sso_cli_args_t *out, char *err, size_t cap)
{
    char unknown[sizeof r->unknown];
    int o;

    memcpy(unknown, r->unknown, sizeof unknown);
    /* An option of another command is unknown here, as in the AWS CLI. */
    for (o = 0; o < O_COUNT; o++) {
        if (r->seen[o] && !(options[o].commands & (1u << out->command))) {
            if (unknown[0] != '\0') {
                err_add(unknown, sizeof unknown, ", ");
            }
            err_add(unknown, sizeof unknown, options[o].name);
        }
    }
    if (unknown[0] != '\0') {
        snprintf(err, cap, "Unknown options: %s", unknown);
        out->err_kind = SSO_CLI_ERR_UNKNOWN;
        return -1;
    }
    if (out->command == SSO_CLI_CMD_LIST_ACCOUNT_ROLES && r->value[O_ACCOUNT_ID] == NULL) {
        snprintf(err, cap, "the following arguments are required: --account-id");
        return -1;
    }
    /* get-role-credentials may take --account-id/--role-name from the
     * profile: sso_cli_require_ids checks them once the profile is read. */
    return 0;
}

static int convert_numbers(const raw_args_t *r, sso_cli_args_t *out, char *err, size_t cap)
{
    long v;
    /* Timeouts go to the core in milliseconds as uint32. */
    const long max_timeout = 2000000;

    if (r->value[O_READ_TIMEOUT] != NULL) {
        if (number("--cli-read-timeout", r->value[O_READ_TIMEOUT], 0, max_timeout,
                   &out->read_timeout_s, err, cap) != 0) {
            return -1;
        }
    }
    if (r->value[O_CONNECT_TIMEOUT] != NULL) {
        if (number("--cli-connect-timeout", r->value[O_CONNECT_TIMEOUT], 0, max_timeout,
                   &out->connect_timeout_s, err, cap) != 0) {
            return -1;
        }
    }
    /* The service accepts 1..100 per page; the AWS CLI sends any value and
     * lets the service refuse, tinysso refuses before any I/O. */
    if (r->value[O_PAGE_SIZE] != NULL) {
        if (number("--page-size", r->value[O_PAGE_SIZE], 1, 100, &v, err, cap) != 0) {
            return -1;
        }
        out->page_size = (unsigned)v;
    }
    if (r->value[O_MAX_RESULTS] != NULL) {
        if (number("--max-results", r->value[O_MAX_RESULTS], 1, 100, &v, err, cap) != 0) {
            return -1;
        }
        out->max_results = (unsigned)v;
    }
    if (r->value[O_MAX_ITEMS] != NULL) {
        if (number("--max-items", r->value[O_MAX_ITEMS], 1, 1000000000L, &out->max_items, err,
                   cap) != 0) {
            return -1;
        }
    }
    return 0;
}

/* The AWS CLI's rule: the service's own paging parameters switch automatic
 * paging off, and then its paging options make no sense. */
static int check_paging(const raw_args_t *r, sso_cli_args_t *out, char *err, size_t cap)
{
    char used[96] = "";

    if (r->seen[O_NO_PAGINATE] || r->value[O_MAX_RESULTS] != NULL ||
        r->value[O_NEXT_TOKEN] != NULL) {
        out->paginate = 0;
    }
    if (out->paginate) {
        return 0;
    }
    if (r->value[O_STARTING_TOKEN] != NULL) {
        err_add(used, sizeof used, "--starting-token");
    }
    if (r->value[O_PAGE_SIZE] != NULL) {
        err_add(used, sizeof used, used[0] ? ", --page-size" : "--page-size");
    }
    if (r->value[O_MAX_ITEMS] != NULL) {
        err_add(used, sizeof used, used[0] ? ", --max-items" : "--max-items");
    }
    if (used[0] != '\0') {
        snprintf(err, cap, "Cannot specify --no-paginate along with pagination arguments: %s",
                 used);
        out->err_kind = SSO_CLI_ERR_PARAM;
        return -1;
    }
    return 0;
}

int sso_cli_require_ids(const char *account_id, const char *role_name, char *err, size_t cap)
{
    int no_role = role_name == NULL || role_name[0] == '\0';
    int no_account = account_id == NULL || account_id[0] == '\0';

    if (!no_role && !no_account) {
        return 0;
    }
    snprintf(err, cap, "the following arguments are required: %s%s%s", no_role ? "--role-name" : "",
             no_role && no_account ? ", " : "", no_account ? "--account-id" : "");
    return -1;
}

int sso_cli_is_loopback_url(const char *url)
{
    const char *host = strstr(url, "://");
    const char *end;
    size_t n, i;

    if (host == NULL) {
        return 0;
    }
    host += 3;
    if (*host == '[') {
        host++;
        end = strchr(host, ']');
        return end != NULL && (size_t)(end - host) == 3 && memcmp(host, "::1", 3) == 0;
    }
    end = host + strcspn(host, ":/?#");
    n = (size_t)(end - host);
    if (n == 9 && memcmp(host, "localhost", 9) == 0) {
        return 1;
    }
    /* 127.0.0.0/8, written as a dotted quad. */
    if (n < 7 || memcmp(host, "127.", 4) != 0) {
        return 0;
    }
    for (i = 4; i < n; i++) {
        if ((host[i] < '0' || host[i] > '9') && host[i] != '.') {
            return 0;
        }
    }
    return 1;
}

/* Both endpoint options: https, or plain http to this machine only. */
static int check_url(const char *name, const char *url, char *err, size_t cap)
{
    if (url != NULL && strncasecmp(url, "http://", 7) == 0 && !sso_cli_is_loopback_url(url)) {
        snprintf(err, cap,
                 "Bad value for %s \"%s\": plain http is for tests on this machine "
                 "(127.0.0.1, ::1, localhost); the access token would cross the network in clear",
                 name, url);
        return -1;
    }
    if (url != NULL && strncasecmp(url, "http://", 7) != 0 &&
        strncasecmp(url, "https://", 8) != 0) {
        snprintf(err, cap,
                 "Bad value for %s \"%s\": scheme is missing.  Must be of the form "
                 "http://<hostname>/ or https://<hostname>/",
                 name, url);
        return -1;
    }
    return 0;
}

static int check_values(const raw_args_t *r, sso_cli_args_t *out, char *err, size_t cap)
{
    const char *fmt = r->value[O_FORMAT];

    if (fmt != NULL) {
        if (strcmp(fmt, "json") == 0) {
            out->format = SSO_CLI_FORMAT_JSON;
        } else if (strcmp(fmt, "process") == 0) {
            out->format = SSO_CLI_FORMAT_PROCESS;
        } else if (strcmp(fmt, "env") == 0) {
            out->format = SSO_CLI_FORMAT_ENV;
        } else {
            snprintf(err, cap,
                     "argument --format: Invalid choice '%s', valid choices are: json | process | "
                     "env",
                     fmt);
            return -1;
        }
    }
    if (r->value[O_OUTPUT] != NULL && sso_cli_output_parse(r->value[O_OUTPUT]) < 0) {
        snprintf(err, cap,
                 "argument --output: Invalid choice, valid choices are:\n\njson | text | table | "
                 "yaml | yaml-stream");
        return -1;
    }
    return check_url(options[O_ENDPOINT_URL].name, r->value[O_ENDPOINT_URL], err, cap) ||
           check_url(options[O_OIDC_ENDPOINT_URL].name, r->value[O_OIDC_ENDPOINT_URL], err, cap);
}

/* value NULL or one of the '|'-separated choices; else argparse's error. */
static int check_choice(const char *name, const char *value, const char *choices, char *err,
                        size_t cap)
{
    const char *p = choices;
    size_t n = value != NULL ? strlen(value) : 0;

    if (value == NULL) {
        return 0;
    }
    while (*p != '\0') {
        size_t k = strcspn(p, "|");
        if (k == n && strncmp(p, value, n) == 0) {
            return 0;
        }
        p += k + (p[k] == '|');
    }
    snprintf(err, cap, "argument %s: Invalid choice, valid choices are:\n\n%s", name, choices);
    return -1;
}

int sso_cli_parse_args(int argc, char *const argv[], sso_cli_args_t *out, char *err, size_t err_cap)
{
    raw_args_t r;

    memset(&r, 0, sizeof r);
    memset(out, 0, sizeof *out);
    out->read_timeout_s = -1;
    out->connect_timeout_s = -1;
    out->paginate = 1;
    err[0] = '\0';
    if (collect(argc, argv, &r, out, err, err_cap) != 0) {
        return SSO_CLI_EXIT_USAGE;
    }
    if (r.seen[O_NO_VERIFY_SSL]) {
        snprintf(err, err_cap,
                 "argument --no-verify-ssl: tinysso always verifies the portal's certificate "
                 "(give the CA with --ca-bundle instead)");
        return SSO_CLI_EXIT_USAGE;
    }
    if (check_choice("--color", r.value[O_COLOR], "on|off|auto", err, err_cap) != 0 ||
        check_choice("--cli-binary-format", r.value[O_CLI_BINARY_FORMAT],
                     "base64|raw-in-base64-out", err, err_cap) != 0) {
        return SSO_CLI_EXIT_USAGE;
    }
    out->help = r.seen[O_HELP];
    out->version = r.seen[O_VERSION];
    out->debug = r.seen[O_DEBUG];
    if (out->help || out->version) {
        return SSO_CLI_EXIT_OK;
    }
    if (r.bad_command != NULL) {
        snprintf(err, err_cap,
                 "argument command: Invalid choice '%s', valid choices are: list-accounts | "
                 "list-account-roles | get-role-credentials | logout | login",
                 r.bad_command);
        return SSO_CLI_EXIT_USAGE;
    }
    if (out->command == SSO_CLI_CMD_NONE) {
        snprintf(err, err_cap, "the following arguments are required: command");
        return SSO_CLI_EXIT_USAGE;
    }
    if (r.seen[O_GENERATE_SKELETON] &&
        (options[O_GENERATE_SKELETON].commands & (1u << out->command))) {
        if (r.value[O_GENERATE_SKELETON] != NULL &&
            strcmp(r.value[O_GENERATE_SKELETON], "input") != 0) {
            snprintf(err, err_cap,
                     "argument --generate-cli-skeleton: tinysso generates the "
                     "input skeleton only");
            return SSO_CLI_EXIT_USAGE;
        }
        out->skeleton = 1; /* printed without any other check, as the AWS CLI does */
        return SSO_CLI_EXIT_OK;
    }
    if (r.value[O_CLI_INPUT_JSON] != NULL &&
        (options[O_CLI_INPUT_JSON].commands & (1u << out->command)) &&
        sso_cli_input_json(out->command, r.value[O_CLI_INPUT_JSON], &r.value[O_ACCESS_TOKEN],
                           &r.value[O_ACCOUNT_ID], &r.value[O_ROLE_NAME], &r.value[O_NEXT_TOKEN],
                           &r.value[O_MAX_RESULTS], err, err_cap) != 0) {
        out->err_kind = SSO_CLI_ERR_PARAM;
        return SSO_CLI_EXIT_USAGE;
    }
    if (check_applicable(&r, out, err, err_cap) != 0 ||
        convert_numbers(&r, out, err, err_cap) != 0 || check_paging(&r, out, err, err_cap) != 0 ||
        check_values(&r, out, err, err_cap) != 0) {
        return SSO_CLI_EXIT_USAGE;
    }
    out->access_token = r.value[O_ACCESS_TOKEN];
    out->account_id = r.value[O_ACCOUNT_ID];
    out->role_name = r.value[O_ROLE_NAME];
    out->region = r.value[O_REGION];
    out->endpoint_url = r.value[O_ENDPOINT_URL];
    out->ca_bundle = r.value[O_CA_BUNDLE];
    out->profile = r.value[O_PROFILE];
    out->starting_token = r.value[O_STARTING_TOKEN];
    out->next_token = r.value[O_NEXT_TOKEN];
    out->start_url = r.value[O_START_URL];
    out->scopes = r.value[O_SCOPES];
    out->oidc_endpoint_url = r.value[O_OIDC_ENDPOINT_URL];
    out->refresh = r.seen[O_REFRESH];
    out->output = r.value[O_OUTPUT];
    out->query = r.value[O_QUERY];
    return SSO_CLI_EXIT_OK;
}
