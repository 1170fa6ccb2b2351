/* The list operations: one page, or a walk over every page on one
 * kept-alive connection with a hook after each page. */
#include <string.h>

#include "sso_call.h"
#include "sso_util.h"

/* Walks pages, alternating the two token slots so that the token that
 * fetched a page survives until the page is complete (and, for the hook,
 * until the walk returns). */
static sso_status_t sso_walk(sso_call_t *k, const sso_walk_opts_t *o, sso_walk_state_t *st)
{
    unsigned cur = 0;
    for (;;) {
        sso_next_token_t *tok = &st->token[cur], *next = &st->token[cur ^ 1u];
        sso_status_t r;
        if (st->pages >= SSO_MAX_PAGES) {
            return SSO_ERR_TOO_MANY_PAGES;
        }
        k->args[SSO_ARG_NEXT_TOKEN] = tok->value[0] ? tok->value : NULL;
        k->next = next;
        r = sso_call_run(k);
        if (r != SSO_OK) {
            return r;
        }
        st->pages++;
        st->items += k->delivered;
        if ((o->on_page && o->on_page(o->page_user, tok->value, next->value, st->items)) ||
            !next->value[0]) {
            return SSO_OK;
        }
        if (strcmp(next->value, tok->value) == 0) {
            return SSO_ERR_REPEATED_TOKEN;
        }
        cur ^= 1u;
    }
}

/* The one entry of the four public list functions: one page (page, next)
 * or a walk (walk, st). */
static sso_status_t sso_list_op(sso_client_t *client, const char *access_token, unsigned op_id,
                                const char *account_id, sso_account_cb on_account,
                                sso_role_cb on_role, void *user, const sso_page_opts_t *page,
                                sso_next_token_t *next, const sso_walk_opts_t *walk,
                                sso_walk_state_t *st)
{
    sso_call_t k;
    char num[4]; /* max_result is at most 100 */
    const char *tok = walk ? walk->starting_token : page ? page->next_token : NULL;
    unsigned max_result = walk ? walk->max_result : page ? page->max_result : 0;
    size_t n;
    /* tok aliasing the output is refused before tok is read */
    if (sso_call_init(&k, client, access_token, op_id) != SSO_OK || (!next && !st) ||
        (!st != !walk) || (!on_account && !on_role) ||
        (op_id == SSO_OP_LIST_ACCOUNT_ROLES && !sso_text_ok(account_id)) || max_result > 100 ||
        (next && tok == next->value)) {
        return SSO_ERR_INVALID_ARG;
    }
    n = tok ? strlen(tok) : 0;
    if ((n && !sso_text_ok(tok)) || n > SSO_NEXT_TOKEN_MAX) {
        return SSO_ERR_INVALID_ARG;
    }
    k.on_account = on_account;
    k.on_role = on_role;
    k.user = user;
    k.args[SSO_ARG_ACCOUNT_ID] = account_id;
    if (max_result) {
        k.args[SSO_ARG_MAX_RESULT] = sso_utoa(num + sizeof(num), max_result);
    }
    if (st) {
        memset(st, 0, sizeof(*st));
        memcpy(st->token[0].value, n ? tok : "", n);
        return sso_walk(&k, walk, st);
    }
    k.args[SSO_ARG_NEXT_TOKEN] = n ? tok : NULL;
    k.next = next;
    return sso_call_run(&k);
}

sso_status_t sso_list_accounts(sso_client_t *client, const char *access_token,
                               const sso_page_opts_t *opts, sso_account_cb on_account, void *user,
                               sso_next_token_t *next_token)
{
    return sso_list_op(client, access_token, SSO_OP_LIST_ACCOUNTS, NULL, on_account, NULL, user,
                       opts, next_token, NULL, NULL);
}

sso_status_t sso_list_account_roles(sso_client_t *client, const char *access_token,
                                    const char *account_id, const sso_page_opts_t *opts,
                                    sso_role_cb on_role, void *user, sso_next_token_t *next_token)
{
    return sso_list_op(client, access_token, SSO_OP_LIST_ACCOUNT_ROLES, account_id, NULL, on_role,
                       user, opts, next_token, NULL, NULL);
}

sso_status_t sso_walk_accounts(sso_client_t *client, const char *access_token,
                               const sso_walk_opts_t *opts, sso_account_cb on_account, void *user,
                               sso_walk_state_t *state)
{
    return sso_list_op(client, access_token, SSO_OP_LIST_ACCOUNTS, NULL, on_account, NULL, user,
                       NULL, NULL, opts, state);
}

sso_status_t sso_walk_account_roles(sso_client_t *client, const char *access_token,
                                    const char *account_id, const sso_walk_opts_t *opts,
                                    sso_role_cb on_role, void *user, sso_walk_state_t *state)
{
    return sso_list_op(client, access_token, SSO_OP_LIST_ACCOUNT_ROLES, account_id, NULL, on_role,
                       user, NULL, NULL, opts, state);
}
