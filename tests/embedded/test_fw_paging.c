/* Page walks on the target: every page over one kept-alive connection, each
 * item exactly once (also when a page is retried after a reset), nextToken
 * percent-encoded on the next request, and a repeated token stops the walk. */
#include <stdio.h>
#include <string.h>

#include <tinysso/tinysso.h>

#include "sso_fw.h"
#include "sso_fw_fixture.h"

static sso_walk_state_t walk;

typedef struct order {
    unsigned n;
    char ids[32]; /* last digit of each account id, in delivery order */
} order_t;

static int on_account(void *user, const sso_account_t *a)
{
    order_t *o = (order_t *)user;
    size_t len = strlen(a->account_id);
    if (o->n + 1 < sizeof(o->ids) && len > 0) {
        o->ids[o->n] = a->account_id[len - 1];
        o->ids[o->n + 1] = '\0';
    }
    o->n++;
    return 0;
}

static int on_role(void *user, const sso_role_t *r)
{
    order_t *o = (order_t *)user;
    if (o->n + 1 < sizeof(o->ids)) {
        o->ids[o->n] = r->role_name[0];
        o->ids[o->n + 1] = '\0';
    }
    o->n++;
    return 0;
}

static const char *page(const char *ids, const char *next)
{
    char items[400] = "";
    size_t i, n = 0;
    for (i = 0; ids[i] != '\0' && n + 80 < sizeof(items); i++) {
        n += (size_t)snprintf(items + n, sizeof(items) - n,
                              "%s{\"accountId\":\"10000000000%c\",\"accountName\":\"Account %c\"}",
                              i ? "," : "", ids[i], ids[i]);
    }
    return sso_fw_resp("200 OK", "Content-Type: application/json\r\n",
                       sso_fw_fmt("{\"accountList\":[%s]%s%s%s}", items,
                                  next ? ",\"nextToken\":\"" : "", next ? next : "",
                                  next ? "\"" : ""));
}

static int walk_accounts(order_t *o, uint8_t max_result)
{
    int st;
    memset(o, 0, sizeof(*o));
    SSO_CHECK_INT(sso_client_init(&sso_fw_fx.c, &sso_fw_fx.cfg), SSO_OK);
    SSO_FW_MEASURE(
        SSO_FW_OP_LIST_ALL_ACCOUNTS,
        st = sso_list_all_accounts(&sso_fw_fx.c, "tok", max_result, on_account, o, &walk));
    return st;
}

void sso_fw_test_paging(void)
{
    order_t o;
    const char *three[3];
    int st;

    /* Three pages on one connection: the responses follow each other. */
    sso_fw_fx_reset(1024, 1);
    sso_fw_fx.s.split = SSO_SCRIPT_SPLIT_RANDOM;
    three[0] = page("12", "p2+/=");
    three[1] = page("345", "p3%");
    three[2] = page("6", NULL);
    sso_fw_seq(three, 3);
    SSO_CHECK_INT(walk_accounts(&o, 3), SSO_OK);
    SSO_CHECK_STR(o.ids, "123456");
    SSO_CHECK_INT(walk.pages, 3);
    SSO_CHECK_INT(sso_fw_fx.s.connects, 1);
    SSO_CHECK_INT(sso_script_sent_count(&sso_fw_fx.s, "?max_result=3 HTTP/1.1"), 1);
    SSO_CHECK_INT(sso_script_sent_count(&sso_fw_fx.s, "?max_result=3&next_token=p2%2B%2F%3D "), 1);
    SSO_CHECK_INT(sso_script_sent_count(&sso_fw_fx.s, "?max_result=3&next_token=p3%25 "), 1);

    /* The same token twice ends the walk with an error. */
    sso_fw_fx_reset(1024, 1);
    three[0] = page("1", "same");
    three[1] = page("2", "same");
    sso_fw_seq(three, 2);
    SSO_CHECK_INT(walk_accounts(&o, 0), SSO_ERR_REPEATED_TOKEN);
    SSO_CHECK_STR(o.ids, "12");

    /* A reset in the middle of page 2 (after its first item): the page is
     * fetched again on a new connection and no item is delivered twice. */
    sso_fw_fx_reset(1024, 3);
    {
        sso_script_conn_t *c;
        three[0] = page("12", "t2");
        three[1] = page("34", NULL);
        c = sso_fw_seq(three, 2);
        /* Cut right after the first account of page 2. */
        if (c != NULL) {
            c->fault_at = strlen(three[0]) + (size_t)(strstr(three[1], "},{") - three[1]) + 2;
            c->fault_status = SSO_ERR_TRANSPORT;
        }
        sso_script_add_str(&sso_fw_fx.s, three[1]);
    }
    SSO_CHECK_INT(walk_accounts(&o, 0), SSO_OK);
    SSO_CHECK_STR(o.ids, "1234");
    SSO_CHECK_INT(sso_fw_fx.s.connects, 2);

    /* Roles walk the same way. */
    sso_fw_fx_reset(1024, 1);
    three[0] = sso_fw_resp("200 OK", "",
                           "{\"roleList\":[{\"roleName\":\"Admin\",\"accountId\":\"1\"}],"
                           "\"nextToken\":\"r2\"}");
    three[1] = sso_fw_resp("200 OK", "",
                           "{\"nextToken\":null,\"roleList\":[{\"roleName\":\"Billing\","
                           "\"accountId\":\"1\"},{\"roleName\":\"ReadOnly\"}]}");
    sso_fw_seq(three, 2);
    SSO_CHECK_INT(sso_client_init(&sso_fw_fx.c, &sso_fw_fx.cfg), SSO_OK);
    memset(&o, 0, sizeof(o));
    SSO_FW_MEASURE(SSO_FW_OP_LIST_ALL_ACCOUNT_ROLES,
                   st =
                       sso_list_all_account_roles(&sso_fw_fx.c, "tok", "1", 0, on_role, &o, &walk));
    SSO_CHECK_INT(st, SSO_OK);
    SSO_CHECK_STR(o.ids, "ABR");
    SSO_CHECK_INT(sso_script_sent_count(&sso_fw_fx.s, "/assignment/roles?account_id=1&"
                                                      "next_token=r2 "),
                  1);
}
