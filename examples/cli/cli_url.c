#include "cli_url.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

const char *sso_cli_op_path(sso_cli_command_t cmd)
{
    switch (cmd) {
    case SSO_CLI_CMD_LIST_ACCOUNTS:
        return "/assignment/accounts";
    case SSO_CLI_CMD_LIST_ACCOUNT_ROLES:
        return "/assignment/roles";
    case SSO_CLI_CMD_GET_ROLE_CREDENTIALS:
        return "/federation/credentials";
    default:
        return "/logout";
    }
}

typedef struct {
    char *out;
    size_t cap, n;
    char sep;
} url_t;

static void add(url_t *u, const char *s, size_t len)
{
    while (len-- > 0 && u->n + 1 < u->cap) {
        u->out[u->n++] = *s++;
    }
    u->out[u->n] = '\0';
}

/* name=value, the value percent-encoded as botocore's percent_encode
 * (RFC 3986 unreserved characters kept) unless already encoded. */
static void param(url_t *u, const char *name, const char *value, size_t len, int encoded)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t i;

    add(u, &u->sep, 1);
    u->sep = '&';
    add(u, name, strlen(name));
    add(u, "=", 1);
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)value[i];
        if (encoded || isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            add(u, (const char *)&c, 1);
        } else {
            char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
            add(u, esc, 3);
        }
    }
}

static void number(url_t *u, const char *name, unsigned v)
{
    char num[16];
    int n = snprintf(num, sizeof num, "%u", v);
    param(u, name, num, (size_t)n, 1);
}

void sso_cli_request_url(const sso_cli_args_t *a, const char *base, const char *host,
                         const char *start_token, const char *page_token, size_t page_len,
                         char *out, size_t cap)
{
    url_t u = {out, cap, 0, '?'};
    int lr = a->command == SSO_CLI_CMD_LIST_ACCOUNT_ROLES;
    int start = start_token != NULL && start_token[0] != '\0';

    out[0] = '\0';
    if (base != NULL) {
        const char *rest = strstr(base, "://");
        size_t n;
        rest = rest != NULL ? rest : base;
        for (; base < rest; base++) { /* urlsplit lowercases the scheme */
            char c = (char)tolower((unsigned char)*base);
            add(&u, &c, 1);
        }
        n = strlen(base);
        while (n > 0 && base[n - 1] == '/') {
            n--;
        }
        add(&u, base, n);
    } else {
        add(&u, "https://", 8);
        add(&u, host, strlen(host));
    }
    add(&u, sso_cli_op_path(a->command), strlen(sso_cli_op_path(a->command)));
    switch (a->command) {
    case SSO_CLI_CMD_GET_ROLE_CREDENTIALS:
        param(&u, "role_name", a->role_name, strlen(a->role_name), 0);
        param(&u, "account_id", a->account_id, strlen(a->account_id), 0);
        return;
    case SSO_CLI_CMD_LIST_ACCOUNTS:
    case SSO_CLI_CMD_LIST_ACCOUNT_ROLES:
        break;
    default:
        return;
    }
    if (!a->paginate) {
        if (a->next_token != NULL) {
            param(&u, "next_token", a->next_token, strlen(a->next_token), 0);
        }
        if (a->max_results != 0) {
            number(&u, "max_result", a->max_results);
        }
        if (lr) {
            param(&u, "account_id", a->account_id, strlen(a->account_id), 0);
        }
        return;
    }
    if (lr) {
        param(&u, "account_id", a->account_id, strlen(a->account_id), 0);
    }
    if (start) {
        if (page_token != NULL) {
            param(&u, "next_token", page_token, page_len, 1);
        } else {
            param(&u, "next_token", start_token, strlen(start_token), 0);
        }
    }
    if (a->page_size != 0) {
        number(&u, "max_result", a->page_size);
    }
    if (!start && page_token != NULL) {
        param(&u, "next_token", page_token, page_len, 1);
    }
}
