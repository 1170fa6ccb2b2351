#include "cli_run.h"

#include <string.h>

#include "cli_json_out.h"
#include "cli_log.h"

/* One list walk: items go straight into the output as they arrive, so only
 * the printed text grows, never a copy of the service's pages. */
typedef struct {
    sso_cli_buf_t *items;
    long skip;      /* items still to drop at the start of this page */
    long max_items; /* 0: no limit */
    long emitted;   /* items written, all pages */
    long page_seen; /* items of this page after the skip */
    long page_kept; /* of those, written */
} walk_t;

/* Returns 1 when the item is to be written. */
static int walk_take(walk_t *w)
{
    if (w->skip > 0) {
        w->skip--;
        return 0;
    }
    w->page_seen++;
    if (w->max_items > 0 && w->emitted >= w->max_items) {
        return 0; /* past --max-items: counted, so the page reads as cut */
    }
    sso_cli_buf_puts(w->items, w->emitted > 0 ? ",\n" : "\n");
    w->page_kept++;
    w->emitted++;
    return 1;
}

static int on_account(void *user, const sso_account_t *a)
{
    walk_t *w = user;

    if (walk_take(w)) {
        sso_cli_json_account(w->items, 2, a);
    }
    return 0;
}

static int on_role(void *user, const sso_role_t *r)
{
    walk_t *w = user;

    if (walk_take(w)) {
        sso_cli_json_role(w->items, 2, r);
    }
    return 0;
}

/* What every call of one run needs. */
typedef struct {
    sso_client_t *client;
    sso_cli_net_t *net;
    const sso_cli_args_t *args;
    const char *token;
} run_t;

static int list_page(const run_t *run, const sso_page_opts_t *opts, walk_t *w,
                     sso_next_token_t *next)
{
    if (run->args->command == SSO_CLI_CMD_LIST_ACCOUNTS) {
        return sso_list_accounts(run->client, run->token, opts, on_account, w, next);
    }
    return sso_list_account_roles(run->client, run->token, run->args->account_id, opts, on_role, w,
                                  next);
}

static const char *list_key(const sso_cli_args_t *a)
{
    return a->command == SSO_CLI_CMD_LIST_ACCOUNTS ? "accountList" : "roleList";
}

static void close_list(sso_cli_buf_t *out, const sso_cli_buf_t *items)
{
    if (items->failed) {
        out->failed = 1; /* never print a list with items missing */
        return;
    }
    if (items->len == 0) {
        sso_cli_buf_puts(out, "[]");
        return;
    }
    sso_cli_buf_puts(out, "[");
    sso_cli_buf_put(out, items->data, items->len);
    sso_cli_buf_puts(out, "\n    ]");
}

/* --no-paginate: one call, the service's own nextToken printed first, as
 * the model orders ListAccountsResponse (nextToken, accountList). */
static int list_one_page(const run_t *run, sso_cli_buf_t *out)
{
    const sso_cli_args_t *a = run->args;
    static sso_next_token_t next;
    sso_page_opts_t opts = {a->next_token, (uint8_t)a->max_results};
    walk_t w;
    sso_cli_buf_t items;
    int r;

    memset(&w, 0, sizeof w);
    sso_cli_buf_init(&items);
    w.items = &items;
    r = list_page(run, &opts, &w, &next);
    sso_cli_debug("single page: %s, %ld items, %s", sso_status_str(r), w.emitted,
                  next.value[0] ? "more pages" : "last page");
    if (r == SSO_OK) {
        sso_cli_buf_puts(out, "{\n");
        if (next.value[0] != '\0') {
            sso_cli_json_member(out, 1, "nextToken", next.value);
            sso_cli_buf_puts(out, ",\n");
        }
        sso_cli_buf_indent(out, 1);
        sso_cli_json_string(out, list_key(a), strlen(list_key(a)), 0);
        sso_cli_buf_puts(out, ": ");
        close_list(out, &items);
        sso_cli_buf_puts(out, "\n}\n");
    }
    sso_cli_buf_free(&items);
    return r;
}

/* Automatic paging with botocore's rules, on the core's walk: the first
 * page drops the --starting-token's count of items; when --max-items cuts
 * a page, the resume token is the token that fetched it plus the items of
 * it printed (counting the dropped ones); when it ends on a page boundary,
 * the next page's token alone. */
typedef struct {
    walk_t *w;
    long first_skip; /* the --starting-token's count of items */
    unsigned pages;
    const char *resume_tok; /* NULL: no NextToken to print */
    long resume_trunc;      /* -1: none */
    sso_cli_pages_t *log;   /* NULL, or each page's kept items and nextToken */
} paging_t;

/* The core's per-page hook: 1 ends the walk after this page. */
static int on_page(void *user, const char *token, const char *next, uint32_t items)
{
    paging_t *pg = user;
    walk_t *w = pg->w;
    int stop = 0;

    (void)items; /* the walk counts what the service sent, w what was printed */
    pg->pages++;
    sso_cli_debug("page %u: %ld items, %s", pg->pages, w->page_seen,
                  next[0] ? "more pages" : "last page");
    if (pg->log != NULL) {
        sso_cli_pages_add(pg->log, w->page_kept, next); /* text, yaml-stream */
    }
    if (w->page_seen > w->page_kept) {
        pg->resume_tok = token;
        pg->resume_trunc = w->page_kept + (pg->pages == 1 ? pg->first_skip : 0);
        stop = 1;
    } else if (next[0] != '\0' && w->max_items > 0 && w->emitted == w->max_items) {
        pg->resume_tok = next;
        stop = 1;
    }
    w->skip = 0;
    w->page_seen = w->page_kept = 0;
    return stop;
}

static int list_all(const run_t *run, const sso_cli_resume_t *start, sso_cli_buf_t *out,
                    sso_cli_pages_t *page_log)
{
    const sso_cli_args_t *a = run->args;
    static sso_walk_state_t state; /* holds the resume token after the walk */
    sso_walk_opts_t opts;
    paging_t pg;
    sso_cli_buf_t items;
    walk_t w;
    int r;

    memset(&w, 0, sizeof w);
    memset(&pg, 0, sizeof pg);
    sso_cli_buf_init(&items);
    w.items = &items;
    w.skip = start != NULL ? start->truncate : 0;
    w.max_items = a->max_items;
    pg.w = &w;
    pg.first_skip = w.skip;
    pg.resume_trunc = -1;
    pg.log = page_log;
    opts.starting_token = start != NULL ? start->token : NULL;
    opts.max_result = (uint8_t)a->page_size;
    opts.on_page = on_page;
    opts.page_user = &pg;
    if (a->command == SSO_CLI_CMD_LIST_ACCOUNTS) {
        r = sso_walk_accounts(run->client, run->token, &opts, on_account, &w, &state);
    } else {
        r = sso_walk_account_roles(run->client, run->token, a->account_id, &opts, on_role, &w,
                                   &state);
    }
    sso_cli_debug("walk: %s after %u page(s)", sso_status_str(r), pg.pages);
    if (r == SSO_OK) {
        sso_cli_buf_puts(out, "{\n");
        sso_cli_buf_indent(out, 1);
        sso_cli_json_string(out, list_key(a), strlen(list_key(a)), 0);
        sso_cli_buf_puts(out, ": ");
        close_list(out, &items);
        if (pg.resume_tok != NULL) {
            sso_cli_buf_puts(out, ",\n    \"NextToken\": \"");
            sso_cli_resume_encode(out, pg.resume_tok, pg.resume_trunc);
            sso_cli_buf_puts(out, "\"");
        }
        sso_cli_buf_puts(out, "\n}\n");
    }
    sso_cli_buf_free(&items);
    return r;
}

static int role_credentials(const run_t *run, sso_cli_buf_t *out)
{
    static sso_role_credentials_t creds;
    const sso_cli_args_t *a = run->args;
    int r;

    r = sso_get_role_credentials(run->client, run->token, a->account_id, a->role_name, &creds);

    sso_cli_debug("GetRoleCredentials: %s", sso_status_str(r));
    if (r == SSO_OK) {
        if (a->format == SSO_CLI_FORMAT_PROCESS) {
            r = sso_cli_process_credentials(out, &creds) == 0 ? SSO_OK : SSO_ERR_JSON;
        } else if (a->format == SSO_CLI_FORMAT_ENV) {
            r = sso_cli_env_credentials(out, &creds) == 0 ? SSO_OK : SSO_ERR_JSON;
        } else {
            sso_cli_json_credentials(out, &creds);
        }
    }
    /* The struct held the secret key and session token. */
    {
        volatile unsigned char *v = (volatile unsigned char *)&creds;
        size_t i;
        for (i = 0; i < sizeof creds; i++) {
            v[i] = 0;
        }
    }
    return r;
}

int sso_cli_run(sso_client_t *client, sso_cli_net_t *net, const sso_cli_args_t *a,
                const char *token, const sso_cli_resume_t *start, sso_cli_buf_t *out,
                sso_cli_pages_t *pages)
{
    run_t run = {client, net, a, token};
    int r;

    switch (a->command) {
    case SSO_CLI_CMD_LIST_ACCOUNTS:
    case SSO_CLI_CMD_LIST_ACCOUNT_ROLES:
        return a->paginate ? list_all(&run, start, out, pages) : list_one_page(&run, out);
    case SSO_CLI_CMD_GET_ROLE_CREDENTIALS:
        return role_credentials(&run, out);
    case SSO_CLI_CMD_LOGOUT:
        r = sso_logout(client, token);
        sso_cli_debug("Logout: %s", sso_status_str(r));
        return r; /* the AWS CLI prints nothing for an empty result */
    default:
        return SSO_ERR_INVALID_ARG;
    }
}
