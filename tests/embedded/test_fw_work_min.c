/* The smallest working buffer each operation needs on realistic responses,
 * found by walking work_len down one byte at a time until the operation
 * stops succeeding. Every smaller size must fail cleanly (a status, no
 * fault), and the figure is printed for the README's RAM table. */
#include <stdio.h>
#include <string.h>

#include <tinysso/tinysso.h>

#include "sso_fw.h"
#include "sso_fw_fixture.h"

enum { W_CREDS, W_ACCOUNTS, W_ROLES, W_LOGOUT, W_COUNT };

static const char *const w_names[W_COUNT] = {"GetRoleCredentials", "ListAccounts",
                                             "ListAccountRoles", "Logout"};

static sso_role_credentials_t creds;
static sso_next_token_t next;

static int count_cb(void *user, const void *item)
{
    (void)item;
    (*(unsigned *)user)++;
    return 0;
}

static int on_account(void *user, const sso_account_t *a)
{
    return count_cb(user, a);
}

static int on_role(void *user, const sso_role_t *r)
{
    return count_cb(user, r);
}

/* A realistic response for each operation (a full page of 20 for lists,
 * each item as large as the service makes them in practice). */
static const char *response(int op)
{
    static char accounts[20 * 160];
    static char roles[20 * 96];
    size_t i, n;
    switch (op) {
    case W_CREDS:
        return sso_fw_resp(
            "200 OK", SSO_FW_AWS_HEADERS,
            sso_fw_fmt("{\"roleCredentials\":{\"accessKeyId\":\"ASIAQXAMPLE7ZPL3KQ4M\","
                       "\"secretAccessKey\":\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\","
                       "\"sessionToken\":\"%s\",\"expiration\":1764450000000}}",
                       sso_fw_session_token(832)));
    case W_ACCOUNTS:
        for (i = n = 0; i < 20; i++) {
            n += (size_t)snprintf(accounts + n, sizeof(accounts) - n,
                                  "%s{\"accountId\":\"1234567890%02u\",\"accountName\":"
                                  "\"Workload Production EU %02u\",\"emailAddress\":"
                                  "\"aws-workload-prod-eu-%02u+billing@example-corp.com\"}",
                                  i ? "," : "", (unsigned)i, (unsigned)i, (unsigned)i);
        }
        return sso_fw_resp("200 OK", SSO_FW_AWS_HEADERS,
                           sso_fw_fmt("{\"nextToken\":null,\"accountList\":[%s]}", accounts));
    case W_ROLES:
        for (i = n = 0; i < 20; i++) {
            n += (size_t)snprintf(roles + n, sizeof(roles) - n,
                                  "%s{\"roleName\":\"AWSReservedSSO_PowerUser_%02u\","
                                  "\"accountId\":\"123456789012\"}",
                                  i ? "," : "", (unsigned)i);
        }
        return sso_fw_resp("200 OK", SSO_FW_AWS_HEADERS,
                           sso_fw_fmt("{\"roleList\":[%s],\"nextToken\":null}", roles));
    default:
        return sso_fw_resp("200 OK", SSO_FW_AWS_HEADERS, "");
    }
}

/* One call of op with a working buffer of work_len bytes. */
static int run(int op, size_t work_len, unsigned *items)
{
    sso_fw_fx_reset(work_len, 1);
    sso_script_add_str(&sso_fw_fx.s, response(op));
    *items = 0;
    if (sso_client_init(&sso_fw_fx.c, &sso_fw_fx.cfg) != SSO_OK) {
        return SSO_ERR_BUFFER_TOO_SMALL;
    }
    switch (op) {
    case W_CREDS:
        return sso_get_role_credentials(&sso_fw_fx.c, "tok", "123456789012", "PowerUser", &creds);
    case W_ACCOUNTS:
        return sso_list_accounts(&sso_fw_fx.c, "tok", NULL, on_account, items, &next);
    case W_ROLES:
        return sso_list_account_roles(&sso_fw_fx.c, "tok", "123456789012", NULL, on_role, items,
                                      &next);
    default:
        return sso_logout(&sso_fw_fx.c, "tok");
    }
}

void sso_fw_test_work_min(void)
{
    int op;
    for (op = 0; op < W_COUNT; op++) {
        size_t len = 4096, min = 0;
        unsigned items = 0;
        int st;
        /* Bounded: from 4096 down to SSO_WORK_MIN - 1 at most. */
        while (len >= SSO_WORK_MIN - 1 && (st = run(op, len, &items)) == SSO_OK) {
            SSO_CHECK_INT(items, op == W_ACCOUNTS || op == W_ROLES ? 20 : 0);
            min = len--;
        }
        SSO_CHECK(min != 0); /* 4096 bytes must be enough for every operation */
        /* Below the minimum: a clean "too small" status. */
        st = run(op, len, &items);
        SSO_CHECK(st == SSO_ERR_ITEM_TOO_LARGE || st == SSO_ERR_BUFFER_TOO_SMALL);
        sso_fw_printf("ram work_min %s %u\n", w_names[op], (unsigned)min);
    }
}
