/* tinysso: `aws sso` list-accounts, list-account-roles, get-role-credentials
 * and logout on the zero-malloc client. stdout gets the same JSON document
 * as the AWS CLI's `--output json`, printed only when every call succeeded;
 * stderr gets the AWS CLI's error texts; exit codes are the AWS CLI's. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <mbedtls/version.h>
#include <tinysso/tinysso.h>

#include "cli_args.h"
#include "cli_buf.h"
#include "cli_errbody.h"
#include "cli_input_json.h"
#include "cli_log.h"
#include "cli_login.h"
#include "cli_net.h"
#include "cli_output.h"
#include "cli_pagetoken.h"
#include "cli_run.h"
#include "cli_setup.h"
#include "cli_url.h"

static const char usage_text[] = "usage: tinysso <command> [options]\n"
                                 "To see help text, you can run:\n"
                                 "\n"
                                 "  tinysso --help\n";

static const char help_text[] =
    "tinysso: the AWS SSO portal API from the command line, a drop-in for `aws sso`.\n"
    "\n"
    "usage: tinysso [sso] <command> [options]\n"
    "\n"
    "commands:\n"
    "  list-accounts                       accounts the token can use\n"
    "  list-account-roles --account-id ID  roles of one account\n"
    "  get-role-credentials --account-id ID --role-name NAME [--format json|process|env]\n"
    "                                      short-term credentials; `process` is the\n"
    "                                      credential_process format, `env` export lines\n"
    "  logout                              end the session of the access token; without\n"
    "                                      --access-token, of every cached SSO token\n"
    "  login [--profile P | --start-url URL --region R [--scopes a,b]] [--refresh]\n"
    "                                      SSO device login into the AWS CLI's token\n"
    "                                      cache; --refresh uses the refresh token\n"
    "\n"
    "options (anywhere on the line, `--opt value` or `--opt=value`):\n"
    "  --access-token TOKEN     else the AWS CLI's SSO cache for the profile\n"
    "  --profile NAME           else AWS_PROFILE, else \"default\" (~/.aws/config,\n"
    "                           AWS_CONFIG_FILE honoured)\n"
    "  --region REGION          else AWS_REGION, AWS_DEFAULT_REGION, the profile's\n"
    "                           sso_region, its region\n"
    "  --endpoint-url URL       https://host[:port]; http://127.0.0.1:PORT for tests\n"
    "  --oidc-endpoint-url URL  the SSO OIDC endpoint (login, token refresh)\n"
    "  --ca-bundle FILE         PEM trust anchors, else AWS_CA_BUNDLE, else the system\n"
    "  --ca-bundle FILE         PEM trust anchors, else AWS_CA_BUNDLE, the profile's\n"
    "                           ca_bundle, SSL_CERT_FILE/DIR, the system bundle\n"
    "  --cli-connect-timeout S  seconds, 0 = none (default 60)\n"
    "  --cli-read-timeout S     seconds, 0 = none (default 60)\n"
    "  --page-size N            items per request, 1..100\n"
    "  --max-items N            stop after N items and print a NextToken\n"
    "  --starting-token TOKEN   resume from a NextToken\n"
    "  --no-paginate            one request; with --max-results N, --next-token T\n"
    "  --output FORMAT          json, text, table, yaml or yaml-stream (else\n"
    "                           AWS_DEFAULT_OUTPUT, the profile's output, json)\n"
    "  --query EXPR             a JMESPath expression applied to the result\n"
    "  --debug                  trace on stderr (tokens and secrets are redacted)\n"
    "  --version, --help\n"
    "\n"
    "environment: AWS_USE_FIPS_ENDPOINT=true, AWS_USE_DUALSTACK_ENDPOINT=true,\n"
    "AWS_MAX_ATTEMPTS (default 3), AWS_RETRY_MODE, HTTPS_PROXY, HTTP_PROXY, NO_PROXY,\n"
    "SSL_CERT_FILE, SSL_CERT_DIR, HOME; profile settings as the AWS CLI (docs/CLI.md).\n"
    "\n"
    "exit status: 0 ok, 252 bad command line, 253 bad configuration (region, CA\n"
    "file, token), 254 the service returned an error, 255 anything else.\n";

static sso_cli_settings_t settings;
static sso_cli_net_t net;
static sso_client_t client;
static uint8_t work[32 * 1024]; /* holds the largest item: roleCredentials */
static sso_cli_resume_t start;

static int usage_error(sso_cli_err_kind_t kind, const char *msg)
{
    if (kind == SSO_CLI_ERR_PARAM) {
        fprintf(stderr, "\n%s\n", msg);
    } else {
        fprintf(stderr, "\n%s\n%s%s\n\n", usage_text,
                kind == SSO_CLI_ERR_ARGPARSE ? "tinysso: error: " : "", msg);
    }
    return SSO_CLI_EXIT_USAGE;
}

static int fail(int code, const char *msg)
{
    fprintf(stderr, "\n%s\n", msg);
    return code;
}

/* The URL named in network errors, as the AWS CLI names it (with the
 * query); the page token comes from the request line actually sent. */
static void endpoint_url(const sso_cli_args_t *a, char *out, size_t cap)
{
    const char *tok = strstr(net.req_line, "next_token=");
    size_t len = 0;

    if (tok != NULL) {
        tok += 11;
        len = strcspn(tok, "& ");
    }
    sso_cli_request_url(a, a->endpoint_url, sso_client_host(&client),
                        a->starting_token != NULL ? start.token : NULL, tok, len, out, cap);
}

/* botocore's PaginationError: the token dict as Python prints it. The token
 * is the one the last request sent (which the service sent back). */
static void repeated_token(char *out, size_t cap)
{
    const char *tok = strstr(net.req_line, "next_token=");
    size_t len = tok != NULL ? strcspn(tok + 11, "& ") : 0;
    char quote = '\'';
    size_t i, o;

    tok = tok != NULL ? tok + 11 : "";
    if (memchr(tok, '%', len) != NULL) {
        /* "%27" is a quote once decoded: choose as Python's repr does. */
        int sq = strstr(tok, "%27") != NULL && (size_t)(strstr(tok, "%27") - tok) < len;
        int dq = strstr(tok, "%22") != NULL && (size_t)(strstr(tok, "%22") - tok) < len;
        quote = sq && !dq ? '"' : '\'';
    }
    o = (size_t)snprintf(out, cap,
                         "Error during pagination: The same next token was received twice: "
                         "{'nextToken': %c",
                         quote);
    for (i = 0; i < len && o + 8 < cap; i++) {
        char c = tok[i];
        if (c == '%' && i + 2 < len && isxdigit((unsigned char)tok[i + 1]) &&
            isxdigit((unsigned char)tok[i + 2])) {
            char hex[3] = {tok[i + 1], tok[i + 2], 0};
            c = (char)strtol(hex, NULL, 16);
            i += 2;
        }
        if (c == '\\' || c == quote) {
            out[o++] = '\\';
        }
        out[o++] = c;
    }
    snprintf(out + o, cap - o, "%c}", quote);
}

static int service_error(const sso_cli_args_t *a)
{
    static char body[SSO_ERROR_MESSAGE_MAX * 16];
    const sso_service_error_t *e = sso_client_last_error(&client);
    const char *code = e->code;
    const char *msg;
    unsigned long max = settings.max_attempts ? settings.max_attempts : SSO_DEFAULT_MAX_ATTEMPTS;
    char retries[48] = "";
    int cut = e->message_truncated;

    sso_cli_http_body(net.last, net.last_len, body, sizeof body);
    msg = sso_cli_error_message(e->http_status, e->message, body);
    if (msg == body) {
        cut = 0;
    }
    sso_cli_debug("service error: HTTP %d, code %s, request id %s", e->http_status, code,
                  e->request_id[0] ? e->request_id : "(none)");
    /* botocore marks an error "max attempts reached" whenever the last
     * attempt was the last one allowed, retryable or not. */
    if (e->attempts >= max) {
        snprintf(retries, sizeof retries, " (reached max retries: %lu)",
                 (unsigned long)e->attempts - 1);
    }
    fprintf(stderr, "\nAn error occurred (%s) when calling the %s operation%s: %s%s\n", code,
            sso_cli_operation_name(a->command), retries, msg, cut ? "..." : "");
    return SSO_CLI_EXIT_SERVICE;
}

/* The fields of a command's response and the limits this build has. */
/* The limit of the member the core named (sso_service_error_t.field), so
 * that the message says which value did not fit and what would. */
static unsigned long field_limit(const char *field)
{
    static const struct {
        const char *name;
        unsigned long max;
    } limits[] = {
        {"sessionToken", SSO_SESSION_TOKEN_MAX},
        {"accessKeyId", SSO_ACCESS_KEY_ID_MAX},
        {"secretAccessKey", SSO_SECRET_ACCESS_KEY_MAX},
        {"nextToken", SSO_NEXT_TOKEN_MAX},
        {"roleName", SSO_ROLE_NAME_MAX},
        {"accountId", SSO_ACCOUNT_ID_MAX},
        {"accountName", SSO_ACCOUNT_NAME_MAX},
        {"emailAddress", SSO_EMAIL_MAX},
    };
    size_t i;
    for (i = 0; field != NULL && i < sizeof limits / sizeof limits[0]; i++) {
        if (strcmp(limits[i].name, field) == 0) {
            return limits[i].max;
        }
    }
    return 0;
}

static int call_failed(const sso_cli_args_t *a, int r)
{
    static char url[16384], msg[16800];

    if (r == SSO_ERR_SERVICE) {
        return service_error(a);
    }
    if (r == SSO_ERR_INVALID_ARG) {
        return usage_error(SSO_CLI_ERR_ARGPARSE,
                           "a parameter holds a character that cannot be sent (a control "
                           "character or an empty value)");
    }
    if (net.proxy_failed) {
        /* botocore's ProxyConnectionError, whatever the proxy's reason. */
        snprintf(msg, sizeof msg, "Failed to connect to proxy URL: \"%s\"", net.proxy_url);
        return fail(SSO_CLI_EXIT_OTHER, msg);
    }
    if (r == SSO_ERR_REPEATED_TOKEN) {
        repeated_token(msg, sizeof msg);
        return fail(SSO_CLI_EXIT_OTHER, msg);
    }
    endpoint_url(a, url, sizeof url);
    switch (r) {
    case SSO_ERR_DNS:
    case SSO_ERR_CONNECT:
        snprintf(msg, sizeof msg, "Could not connect to the endpoint URL: \"%s\"", url);
        break;
    case SSO_ERR_TIMEOUT:
        snprintf(msg, sizeof msg, "%s timeout on endpoint URL: \"%s\"",
                 net.failed_phase == SSO_CLI_PHASE_CONNECT ? "Connect" : "Read", url);
        break;
    case SSO_ERR_TLS:
    case SSO_ERR_TLS_VERIFY:
        snprintf(msg, sizeof msg, "SSL validation failed for %s %s", url, sso_status_str(r));
        break;
    case SSO_ERR_TRANSPORT:
    case SSO_ERR_TRUNCATED:
        snprintf(msg, sizeof msg,
                 "Connection was closed before we received a valid response from endpoint URL: "
                 "\"%s\" (%s).",
                 url, sso_status_str(r));
        break;
    case SSO_ERR_FIELD_TOO_LONG: {
        const char *field = sso_client_last_error(&client)->field;
        unsigned long max = field_limit(field);
        if (max != 0) {
            snprintf(msg, sizeof msg,
                     "Invalid response from endpoint URL: \"%s\": the value of %s is longer than "
                     "tinysso's limit for it (%lu bytes)",
                     url, field, max);
        } else {
            snprintf(msg, sizeof msg,
                     "Invalid response from endpoint URL: \"%s\": a value of %s is longer than "
                     "tinysso's limit for it",
                     url, field != NULL ? field : "the response");
        }
        break;
    }
    default:
        snprintf(msg, sizeof msg, "Invalid response from endpoint URL: \"%s\": %s", url,
                 sso_status_str(r));
        break;
    }
    return fail(SSO_CLI_EXIT_OTHER, msg);
}

static int setup_client(const sso_cli_args_t *a)
{
    sso_cli_settings_t *s = &settings;
    static sso_platform_t platform;
    sso_config_t cfg;
    int use_tls = a->endpoint_url == NULL || strncasecmp(a->endpoint_url, "http://", 7) != 0;
    int r;
    char msg[4600];

    if (use_tls && s->ca_file != NULL) {
        /* Checked here so an unreadable file gets its own message. */
        FILE *f = fopen(s->ca_file, "rb");
        if (f == NULL) {
            snprintf(msg, sizeof msg, "Unable to read the CA bundle %s", s->ca_file);
            return fail(SSO_CLI_EXIT_CONFIG, msg);
        }
        fclose(f);
    }
    r = sso_cli_net_init(&net, use_tls, s->ca_file);
    if (r != SSO_OK) {
        snprintf(msg, sizeof msg, "The CA bundle %s holds no usable certificate (%s)",
                 s->ca_file != NULL ? s->ca_file : "of the system", sso_status_str(r));
        return fail(SSO_CLI_EXIT_CONFIG, msg);
    }
    sso_posix_platform(&platform);
    memset(&cfg, 0, sizeof cfg);
    cfg.region = s->region;
    cfg.endpoint_url = a->endpoint_url;
    cfg.use_fips = (uint8_t)s->use_fips;
    cfg.use_dual_stack = (uint8_t)s->use_dual_stack;
    cfg.work_buf = work;
    cfg.work_len = sizeof work;
    cfg.transport = &net.outer;
    cfg.platform = &platform;
    cfg.connect_timeout_ms = s->connect_timeout_ms;
    cfg.read_timeout_ms = s->read_timeout_ms;
    cfg.response_timeout_ms = s->response_timeout_ms;
    cfg.max_attempts = s->max_attempts;
    r = sso_client_init(&client, &cfg);
    if (r == SSO_ERR_ENDPOINT) {
        if (strspn(s->region, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(s->region)) {
            /* botocore's InvalidRegionError, which the AWS CLI exits 255 on. */
            snprintf(msg, sizeof msg,
                     "Provided region_name '%.200s' doesn't match a supported format.", s->region);
            return fail(SSO_CLI_EXIT_OTHER, msg);
        }
        if (a->endpoint_url != NULL && (s->use_fips || s->use_dual_stack)) {
            snprintf(msg, sizeof msg,
                     "Invalid Configuration: %s and custom endpoint are not supported",
                     s->use_fips ? "FIPS" : "Dualstack");
        } else if (a->endpoint_url != NULL) {
            snprintf(msg, sizeof msg, "Bad value for --endpoint-url \"%s\"", a->endpoint_url);
        } else {
            snprintf(msg, sizeof msg,
                     "Provided region_name '%.200s' doesn't match a supported format.", s->region);
            return fail(SSO_CLI_EXIT_OTHER, msg);
        }
        return fail(SSO_CLI_EXIT_CONFIG, msg);
    }
    if (r != SSO_OK) {
        snprintf(msg, sizeof msg, "tinysso: client setup failed: %s", sso_status_str(r));
        return fail(SSO_CLI_EXIT_OTHER, msg);
    }
    sso_cli_debug("endpoint host %s (%s%s%s)", sso_client_host(&client), use_tls ? "https" : "http",
                  s->use_fips ? ", fips" : "", s->use_dual_stack ? ", dual-stack" : "");
    if (a->endpoint_url == NULL) {
        snprintf(msg, sizeof msg, "https://%s", sso_client_host(&client));
    }
    r = sso_cli_net_proxy_from_env(&net, a->endpoint_url != NULL ? a->endpoint_url : msg, &platform,
                                   msg, sizeof msg);
    if (r != SSO_CLI_EXIT_OK) {
        return fail(r, msg);
    }
    return SSO_CLI_EXIT_OK;
}

static void debug_args(const sso_cli_args_t *a)
{
    char red[64];

    sso_cli_debug("tinysso %s, command %s", SSO_VERSION_STRING, sso_cli_command_name(a->command));
    sso_cli_debug("access token %s", a->access_token != NULL
                                         ? sso_cli_redact(a->access_token, red, sizeof red)
                                         : "(not given: from the SSO cache)");
    if (a->account_id != NULL) {
        sso_cli_debug("account id %s", a->account_id);
    }
    if (a->role_name != NULL) {
        sso_cli_debug("role name %s", a->role_name);
    }
    if (a->command == SSO_CLI_CMD_LIST_ACCOUNTS || a->command == SSO_CLI_CMD_LIST_ACCOUNT_ROLES) {
        sso_cli_debug("paging: %s, page size %u, max items %ld%s%s", a->paginate ? "auto" : "off",
                      a->page_size ? a->page_size : a->max_results, a->max_items,
                      a->starting_token ? ", starting token given" : "",
                      a->next_token ? ", next token given" : "");
    }
}

/* The output arena's base size: room for the parsed document and every
 * value the query makes, malloc'd and touched only as far as it is used. */
#define QUERY_ARENA_MIN (64u * 1024u * 1024u)

typedef struct {
    sso_cli_arena_t arena;
    void *mem;
    sso_cli_jp_node_t *query;
} query_t;

static query_t query;

/* Compiles --query before any request, as the AWS CLI checks it while
 * parsing the command line (exit 252). */
static int compile_query(const sso_cli_args_t *a)
{
    static char err[16384], msg[24576];
    size_t need;

    if (a->query == NULL) {
        return SSO_CLI_EXIT_OK;
    }
    /* Tokens and nodes: well under 256 bytes per character of the query. */
    need = 65536 + 256 * strlen(a->query);
    if ((query.mem = malloc(need)) == NULL) {
        return fail(SSO_CLI_EXIT_OTHER, "tinysso: out of memory for --query");
    }
    sso_cli_arena_init(&query.arena, query.mem, need);
    /* The AWS CLI's words around jmespath.py's message. */
    if (sso_cli_jp_compile(&query.arena, a->query, strlen(a->query), &query.query, err,
                           sizeof err) != SSO_CLI_JP_OK) {
        snprintf(msg, sizeof msg, "Bad value for --query %.4000s: %s", a->query, err);
        return usage_error(SSO_CLI_ERR_PARAM, msg);
    }
    return SSO_CLI_EXIT_OK;
}

/* The terminal's width for --output table; 80 when stdout is not one, as
 * the AWS CLI assumes. */
static unsigned terminal_width(void)
{
    struct winsize ws;

    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0) {
        return ws.ws_col;
    }
    return 80;
}

/* --output and --query over the command's JSON document. The plain JSON
 * document needs neither, and goes out as it was written. */
static int format_output(const sso_cli_args_t *a, const sso_cli_pages_t *pages, sso_cli_buf_t *out)
{
    static char err[64 * 1024]; /* a query error quotes the value it got */
    sso_cli_render_t r;
    sso_cli_buf_t formatted;
    size_t need;
    void *mem;
    int rc;

    if ((settings.output == SSO_CLI_OUTPUT_JSON && query.query == NULL) ||
        a->format != SSO_CLI_FORMAT_JSON) {
        return SSO_CLI_EXIT_OK;
    }
    if (out->failed) {
        return fail(SSO_CLI_EXIT_OTHER, "tinysso: out of memory building the output");
    }
    /* An arena of its own for the document and the query's values, sized
     * to the document (the compiled query stays where it is). */
    need = QUERY_ARENA_MIN + 16 * out->len;
    if ((mem = malloc(need)) == NULL) {
        return fail(SSO_CLI_EXIT_OTHER, "tinysso: out of memory formatting the output");
    }
    sso_cli_arena_init(&query.arena, mem, need);
    memset(&r, 0, sizeof r);
    r.format = (sso_cli_output_t)settings.output;
    r.query = query.query;
    r.title = sso_cli_operation_name(a->command);
    r.width = settings.output == SSO_CLI_OUTPUT_TABLE ? terminal_width() : 80;
    if (a->command == SSO_CLI_CMD_LIST_ACCOUNTS || a->command == SSO_CLI_CMD_LIST_ACCOUNT_ROLES) {
        r.list_key = a->command == SSO_CLI_CMD_LIST_ACCOUNTS ? "accountList" : "roleList";
        r.pages = a->paginate ? pages : NULL;
    }
    sso_cli_buf_init(&formatted);
    rc = sso_cli_render(&r, out->data != NULL ? out->data : "", out->len, &query.arena, &formatted,
                        err, sizeof err);
    memset(mem, 0, query.arena.used); /* it held the credentials, if any */
    free(mem);
    if (rc != 0 || formatted.failed) {
        /* text and yaml-stream print page by page in the AWS CLI: what came
         * before a failing page is out already. */
        if (!formatted.failed && formatted.len > 0 &&
            (r.format == SSO_CLI_OUTPUT_TEXT || r.format == SSO_CLI_OUTPUT_YAML_STREAM)) {
            fwrite(formatted.data, 1, formatted.len, stdout);
            fflush(stdout);
        }
        sso_cli_buf_free(&formatted);
        return fail(SSO_CLI_EXIT_OTHER,
                    err[0] ? err : "tinysso: out of memory formatting the output");
    }
    sso_cli_buf_free(out);
    *out = formatted;
    return SSO_CLI_EXIT_OK;
}

static int run(int argc, char **argv)
{
    static sso_cli_args_t args;
    static sso_cli_pages_t pages;
    sso_cli_buf_t out;
    char err[6144];
    int rc;

    rc = sso_cli_parse_args(argc, argv, &args, err, sizeof err);
    if (rc != SSO_CLI_EXIT_OK) {
        return usage_error(args.err_kind, err);
    }
    if (args.skeleton) {
        fputs(sso_cli_skeleton(args.command), stdout);
        return fflush(stdout) == 0 ? SSO_CLI_EXIT_OK : SSO_CLI_EXIT_OTHER;
    }
    if (args.help) {
        fputs(help_text, stdout);
        return SSO_CLI_EXIT_OK;
    }
    if (args.version) {
        printf("tinysso/%s mbedTLS/%s\n", SSO_VERSION_STRING, MBEDTLS_VERSION_STRING);
        return SSO_CLI_EXIT_OK;
    }
    sso_cli_debug_on = args.debug;
    debug_args(&args);
    /* The OIDC commands (cli_login.c) have their own flow. */
    if (args.command == SSO_CLI_CMD_LOGIN) {
        return sso_cli_login(&args, (int64_t)time(NULL));
    }
    if (args.command == SSO_CLI_CMD_LOGOUT && args.access_token == NULL) {
        return sso_cli_logout_all(&args);
    }
    if (args.access_token == NULL) {
        sso_cli_refresh_if_due(&args, (int64_t)time(NULL));
    }
    if (args.starting_token != NULL && sso_cli_resume_decode(args.starting_token, &start) != 0) {
        return usage_error(SSO_CLI_ERR_ARGPARSE,
                           "argument --starting-token: not a token this tool or the AWS CLI "
                           "wrote");
    }
    rc = compile_query(&args);
    if (rc != SSO_CLI_EXIT_OK) {
        return rc;
    }
    rc = sso_cli_settings_resolve(&args, (int64_t)time(NULL), &settings, err, sizeof err);
    if (rc == SSO_CLI_EXIT_USAGE) {
        return usage_error(args.err_kind, err);
    }
    if (rc != SSO_CLI_EXIT_OK) {
        return fail(rc, err);
    }
    if (args.command == SSO_CLI_CMD_GET_ROLE_CREDENTIALS) {
        args.account_id = settings.account_id;
        args.role_name = settings.role_name;
    }
    rc = setup_client(&args);
    if (rc != SSO_CLI_EXIT_OK) {
        return rc;
    }
    sso_cli_buf_init(&out);
    sso_cli_pages_init(&pages);
    rc = sso_cli_run(&client, &net, &args, settings.access_token,
                     args.starting_token != NULL ? &start : NULL, &out, &pages);
    sso_cli_debug("%lu connection(s) opened", (unsigned long)sso_client_connections(&client));
    sso_client_close(&client);
    if (rc != SSO_OK) {
        rc = call_failed(&args, rc);
    } else if (pages.failed) {
        rc = fail(SSO_CLI_EXIT_OTHER, "tinysso: out of memory building the output");
    } else if ((rc = format_output(&args, &pages, &out)) != SSO_CLI_EXIT_OK) {
        /* the reason is printed */
    } else if (out.failed) {
        rc = fail(SSO_CLI_EXIT_OTHER, "tinysso: out of memory building the output");
    } else {
        /* Only now, with every call done, does anything reach stdout. */
        if ((out.len > 0 && fwrite(out.data, 1, out.len, stdout) != out.len) ||
            fflush(stdout) != 0) {
            rc = fail(SSO_CLI_EXIT_OTHER, "tinysso: cannot write to stdout");
        } else {
            rc = SSO_CLI_EXIT_OK;
        }
    }
    sso_cli_buf_free(&out);
    sso_cli_pages_free(&pages);
    return rc;
}

int main(int argc, char **argv)
{
    int rc = run(argc, argv);

    sso_cli_net_free(&net);
    sso_cli_settings_wipe(&settings);
    free(query.mem);
    return rc;
}
