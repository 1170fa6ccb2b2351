/* The four operations through the public API on the target, over the
 * scripted transport with random read splits: what goes on the wire, what
 * comes out in the fixed-size structs, and the stack depth of each call
 * (measured here: the runner bounds it). */
#include <string.h>

#include <tinysso/tinysso.h>

#include "sso_fw.h"
#include "sso_fw_fixture.h"

static sso_role_credentials_t creds;
static sso_next_token_t next;

typedef struct names {
    unsigned n;
    char last_id[SSO_ACCOUNT_ID_MAX + 1];
    char last_name[SSO_ACCOUNT_NAME_MAX + 1];
    char last_email[SSO_EMAIL_MAX + 1];
    int stop_after; /* 0: never */
} names_t;

static int on_account(void *user, const sso_account_t *a)
{
    names_t *n = (names_t *)user;
    n->n++;
    strcpy(n->last_id, a->account_id);
    strcpy(n->last_name, a->account_name);
    strcpy(n->last_email, a->email_address);
    return n->stop_after != 0 && n->n >= (unsigned)n->stop_after;
}

static int on_role(void *user, const sso_role_t *r)
{
    names_t *n = (names_t *)user;
    n->n++;
    strcpy(n->last_id, r->account_id);
    strcpy(n->last_name, r->role_name);
    return 0;
}

static int init_client(void)
{
    int st;
    SSO_FW_MEASURE(SSO_FW_OP_CLIENT_INIT, st = sso_client_init(&sso_fw_fx.c, &sso_fw_fx.cfg));
    return st;
}

static void test_credentials(void)
{
    const char *token, *body;
    int st;
    /* The reset empties the response arena: build the body after it. */
    sso_fw_fx_reset(2048, 1);
    token = sso_fw_session_token(832);
    body = sso_fw_fmt("{\"roleCredentials\":{\"accessKeyId\":\"ASIARTESTID000000001\","
                      "\"secretAccessKey\":\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\","
                      "\"sessionToken\":\"%s\",\"expiration\":1651516560000}}",
                      token);
    sso_fw_fx.s.split = SSO_SCRIPT_SPLIT_RANDOM;
    sso_script_add_str(&sso_fw_fx.s, sso_fw_resp("200 OK", SSO_FW_AWS_HEADERS, body));
    SSO_CHECK_INT(init_client(), SSO_OK);
    SSO_CHECK_STR(sso_client_host(&sso_fw_fx.c), "portal.sso.us-east-2.amazonaws.com");
    SSO_FW_MEASURE(SSO_FW_OP_GET_ROLE_CREDENTIALS,
                   st = sso_get_role_credentials(&sso_fw_fx.c, "secret-access-token",
                                                 "012345678901", "Sample Role+1", &creds));
    SSO_CHECK_INT(st, SSO_OK);
    SSO_CHECK_STR(creds.access_key_id, "ASIARTESTID000000001");
    SSO_CHECK_STR(creds.secret_access_key, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    SSO_CHECK_INT(strlen(creds.session_token), 832);
    SSO_CHECK_STR(creds.session_token, token);
    SSO_CHECK(creds.expiration == (int64_t)1651516560000LL);
    /* The request: query percent-encoded (space %20, + %2B), token header. */
    SSO_CHECK_INT(sso_script_sent_count(&sso_fw_fx.s, "GET /federation/credentials?account_id="
                                                      "012345678901&role_name=Sample%20Role%2B1 "
                                                      "HTTP/1.1\r\n"),
                  1);
    SSO_CHECK_INT(
        sso_script_sent_count(&sso_fw_fx.s, "\r\nHost: portal.sso.us-east-2.amazonaws.com\r\n"), 1);
    SSO_CHECK_INT(
        sso_script_sent_count(&sso_fw_fx.s, "x-amz-sso_bearer_token: secret-access-token\r\n"), 1);
    SSO_CHECK_INT(sso_fw_fx.s.connects, 1);
    /* The working buffer is wiped when the call ends: no secret stays. */
    SSO_CHECK(sso_script_sent_count(&sso_fw_fx.s, "secret") == 1);
    {
        size_t i;
        unsigned nonzero = 0;
        for (i = 0; i < 2048; i++) {
            nonzero += sso_fw_work[i] != 0;
        }
        SSO_CHECK_INT(nonzero, 0);
    }

    /* A success without sessionToken is an error, and leaves nothing. */
    sso_fw_fx_reset(2048, 1);
    sso_script_add_str(&sso_fw_fx.s, sso_fw_resp("200 OK", "",
                                                 "{\"roleCredentials\":{\"accessKeyId\":\"A\","
                                                 "\"secretAccessKey\":\"B\",\"expiration\":1}}"));
    SSO_CHECK_INT(init_client(), SSO_OK);
    SSO_FW_MEASURE(SSO_FW_OP_GET_ROLE_CREDENTIALS,
                   st = sso_get_role_credentials(&sso_fw_fx.c, "t", "1", "r", &creds));
    SSO_CHECK_INT(st, SSO_ERR_MISSING_FIELD);
    SSO_CHECK_STR(creds.access_key_id, "");

    /* A session token longer than the field is an error, not a cut token. */
    sso_fw_fx_reset(8192, 1);
    sso_script_add_str(&sso_fw_fx.s,
                       sso_fw_resp("200 OK", "",
                                   sso_fw_fmt("{\"roleCredentials\":{\"accessKeyId\":\"A\","
                                              "\"secretAccessKey\":\"B\",\"sessionToken\":\"%sX\","
                                              "\"expiration\":1}}",
                                              sso_fw_session_token(SSO_SESSION_TOKEN_MAX))));
    SSO_CHECK_INT(init_client(), SSO_OK);
    st = sso_get_role_credentials(&sso_fw_fx.c, "t", "1", "r", &creds);
    SSO_CHECK_INT(st, SSO_ERR_FIELD_TOO_LONG);
    SSO_CHECK_STR(creds.session_token, "");
}

static void test_lists(void)
{
    names_t n;
    sso_page_opts_t opts = {"tok+/=1", 3};
    int st;

    sso_fw_fx_reset(1024, 1);
    sso_fw_fx.s.split = SSO_SCRIPT_SPLIT_RANDOM;
    sso_script_add_str(
        &sso_fw_fx.s,
        sso_fw_chunked("200 OK",
                       "{\"accountList\":[{\"accountId\":\"111122223333\",\"accountName\":\"Prod\","
                       "\"emailAddress\":\"prod@example.com\"},{\"accountId\":\"444455556666\","
                       "\"accountName\":\"Caf\\u00e9 \\ud83d\\ude00\",\"emailAddress\":"
                       "\"dev+sso@example.com\"}],\"nextToken\":\"next/page+2==\"}",
                       17));
    SSO_CHECK_INT(init_client(), SSO_OK);
    memset(&n, 0, sizeof(n));
    SSO_FW_MEASURE(SSO_FW_OP_LIST_ACCOUNTS,
                   st = sso_list_accounts(&sso_fw_fx.c, "tok", &opts, on_account, &n, &next));
    SSO_CHECK_INT(st, SSO_OK);
    SSO_CHECK_INT(n.n, 2);
    SSO_CHECK_STR(n.last_id, "444455556666");
    SSO_CHECK_STR(n.last_name, "Caf\xc3\xa9 \xf0\x9f\x98\x80");
    SSO_CHECK_STR(n.last_email, "dev+sso@example.com");
    SSO_CHECK_STR(next.value, "next/page+2==");
    SSO_CHECK_INT(sso_script_sent_count(&sso_fw_fx.s, "GET /assignment/accounts?max_result=3&"
                                                      "next_token=tok%2B%2F%3D1 HTTP/1.1\r\n"),
                  1);

    /* The callback stops the walk. */
    sso_fw_fx_reset(1024, 1);
    sso_script_add_str(&sso_fw_fx.s,
                       sso_fw_resp("200 OK", "",
                                   "{\"accountList\":[{\"accountId\":\"1\"},{\"accountId\":\"2\"},"
                                   "{\"accountId\":\"3\"}]}"));
    SSO_CHECK_INT(init_client(), SSO_OK);
    memset(&n, 0, sizeof(n));
    n.stop_after = 2;
    SSO_FW_MEASURE(SSO_FW_OP_LIST_ACCOUNTS,
                   st = sso_list_accounts(&sso_fw_fx.c, "tok", NULL, on_account, &n, &next));
    SSO_CHECK_INT(st, SSO_ERR_ABORTED);
    SSO_CHECK_INT(n.n, 2);

    sso_fw_fx_reset(1024, 1);
    sso_fw_fx.s.split = SSO_SCRIPT_SPLIT_RANDOM;
    sso_script_add_str(&sso_fw_fx.s,
                       sso_fw_resp("200 OK", SSO_FW_AWS_HEADERS,
                                   "{\"roleList\":[{\"roleName\":\"AdministratorAccess\","
                                   "\"accountId\":\"012345678901\"},{\"roleName\":\"ReadOnly\","
                                   "\"accountId\":\"012345678901\"}],\"nextToken\":null}"));
    SSO_CHECK_INT(init_client(), SSO_OK);
    memset(&n, 0, sizeof(n));
    SSO_FW_MEASURE(
        SSO_FW_OP_LIST_ACCOUNT_ROLES,
        st = sso_list_account_roles(&sso_fw_fx.c, "tok", "012345678901", NULL, on_role, &n, &next));
    SSO_CHECK_INT(st, SSO_OK);
    SSO_CHECK_INT(n.n, 2);
    SSO_CHECK_STR(n.last_name, "ReadOnly");
    SSO_CHECK_STR(next.value, "");
    SSO_CHECK_INT(
        sso_script_sent_count(&sso_fw_fx.s, "GET /assignment/roles?account_id=012345678901 "), 1);
}

static void test_logout_and_args(void)
{
    int st;
    sso_fw_fx_reset(512, 1);
    sso_script_add_str(&sso_fw_fx.s, sso_fw_resp("200 OK", SSO_FW_AWS_HEADERS, ""));
    SSO_CHECK_INT(init_client(), SSO_OK);
    SSO_FW_MEASURE(SSO_FW_OP_LOGOUT, st = sso_logout(&sso_fw_fx.c, "tok"));
    SSO_CHECK_INT(st, SSO_OK);
    SSO_CHECK_INT(sso_script_sent_count(&sso_fw_fx.s, "POST /logout HTTP/1.1\r\n"), 1);
    SSO_CHECK_INT(sso_script_sent_count(&sso_fw_fx.s, "Content-Length: 0\r\n\r\n"), 1);
    SSO_CHECK_INT(sso_script_sent_count(&sso_fw_fx.s, "Content-Type"), 0);

    /* Caller mistakes are found before any I/O. */
    SSO_CHECK_INT(sso_logout(&sso_fw_fx.c, ""), SSO_ERR_INVALID_ARG);
    SSO_CHECK_INT(sso_logout(&sso_fw_fx.c, "bad\ntoken"), SSO_ERR_INVALID_ARG);
    SSO_CHECK_INT(sso_get_role_credentials(&sso_fw_fx.c, "t", "1\r\nX: y", "r", &creds),
                  SSO_ERR_INVALID_ARG);
    {
        sso_page_opts_t bad = {NULL, 101};
        SSO_CHECK_INT(sso_list_accounts(&sso_fw_fx.c, "t", &bad, on_account, NULL, &next),
                      SSO_ERR_INVALID_ARG);
    }
    SSO_CHECK_INT(sso_fw_fx.s.connects, 1);

    /* init: a working buffer below SSO_WORK_MIN, a TLS endpoint over a plain
     * transport, and a bad region are refused. */
    sso_fw_fx_reset(SSO_WORK_MIN - 1, 1);
    SSO_CHECK_INT(init_client(), SSO_ERR_BUFFER_TOO_SMALL);
    sso_fw_fx_reset(1024, 1);
    sso_fw_fx.t.secure = 0;
    SSO_CHECK_INT(init_client(), SSO_ERR_INVALID_ARG);
    sso_fw_fx_reset(1024, 1);
    sso_fw_fx.cfg.region = "us-east-1/x";
    SSO_CHECK_INT(init_client(), SSO_ERR_ENDPOINT);
}

void sso_fw_test_client(void)
{
    test_credentials();
    test_lists();
    test_logout_and_args();
}
