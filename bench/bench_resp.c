/* The benchmark scenarios and their responses (see bench_resp.h). */
#include "bench_resp.h"

#include <string.h>

/* Bytes per chunk of the chunked scenarios: small enough that framing is
 * exercised every few items, as behind a proxy that re-chunks. */
#define BENCH_CHUNK 1024u

/* A realistic bearer token length (the request streams it out; its cost is
 * part of the end-to-end figure but not of the response bytes). */
#define BENCH_TOKEN_LEN 256u

const bench_scn_t bench_scns[] = {
    {"creds_recorded", "GetRoleCredentials, the recorded AWS response (PROTOCOL §2)",
     BENCH_OP_CREDS, BENCH_BODY_RECORDED, 0, 1, 0, 1, 1024, SSO_OK},
    {"creds_832", "GetRoleCredentials, 832-byte session token", BENCH_OP_CREDS, BENCH_BODY_CREDS, 0,
     1, 0, 1, 2048, SSO_OK},
    {"accounts_20_cl", "ListAccounts, 20 accounts, Content-Length", BENCH_OP_ACCOUNTS,
     BENCH_BODY_ACCOUNTS, 0, 0, 0, 20, 1024, SSO_OK},
    {"accounts_20_chunked", "ListAccounts, 20 accounts, chunked (1 KB chunks)", BENCH_OP_ACCOUNTS,
     BENCH_BODY_ACCOUNTS, 1, 0, 0, 20, 1024, SSO_OK},
    {"accounts_100_cl", "ListAccounts, 100 accounts, Content-Length", BENCH_OP_ACCOUNTS,
     BENCH_BODY_ACCOUNTS, 0, 0, 0, 100, 1024, SSO_OK},
    {"accounts_100_chunked", "ListAccounts, 100 accounts, chunked (1 KB chunks)", BENCH_OP_ACCOUNTS,
     BENCH_BODY_ACCOUNTS, 1, 0, 0, 100, 1024, SSO_OK},
    {"accounts_1000_cl", "ListAccounts, one 1,000-account body, Content-Length", BENCH_OP_ACCOUNTS,
     BENCH_BODY_ACCOUNTS, 0, 1, 0, 1000, 1024, SSO_OK},
    {"roles_20_cl", "ListAccountRoles, 20 roles, Content-Length", BENCH_OP_ROLES, BENCH_BODY_ROLES,
     0, 0, 0, 20, 1024, SSO_OK},
    {"error_401", "GetRoleCredentials, 401 UnauthorizedException", BENCH_OP_CREDS, BENCH_BODY_ERROR,
     0, 1, 0, 0, 1024, SSO_ERR_SERVICE},
    /* The RAM comparison (N = 10, 1,000, 10,000 through 1 KB). */
    {"accounts_10_cl", "ListAccounts, 10 accounts, Content-Length", BENCH_OP_ACCOUNTS,
     BENCH_BODY_ACCOUNTS, 0, 1, 0, 10, 1024, SSO_OK},
    {"accounts_10000_cl", "ListAccounts, one 10,000-account body, Content-Length",
     BENCH_OP_ACCOUNTS, BENCH_BODY_ACCOUNTS, 0, 1, 1, 10000, 1024, SSO_OK},
};
const size_t bench_n_scns = sizeof(bench_scns) / sizeof(bench_scns[0]);

const bench_scn_t *bench_find(const char *name)
{
    size_t i;
    for (i = 0; i < bench_n_scns; i++) {
        if (strcmp(bench_scns[i].name, name) == 0) {
            return &bench_scns[i];
        }
    }
    return NULL;
}

/* ---- an appender that never overflows: a full arena is reported once. */
typedef struct bench_buf {
    char *p;
    size_t len, cap;
    int full;
} bench_buf_t;

static void put(bench_buf_t *b, const char *s, size_t n)
{
    if (b->full || n > b->cap - b->len) {
        b->full = 1;
        return;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

static void puts_(bench_buf_t *b, const char *s)
{
    put(b, s, strlen(s));
}

/* Decimal, zero-padded to width (0: no padding). */
static void put_uint(bench_buf_t *b, uint32_t v, unsigned width)
{
    char tmp[12];
    unsigned n = 0;
    do {
        tmp[sizeof(tmp) - 1 - n++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0 || n < width);
    put(b, tmp + sizeof(tmp) - n, n);
}

static void put_hex(bench_buf_t *b, uint32_t v)
{
    char tmp[8];
    unsigned n = 0;
    do {
        tmp[sizeof(tmp) - 1 - n++] = "0123456789abcdef"[v & 15u];
        v >>= 4;
    } while (v != 0);
    put(b, tmp + sizeof(tmp) - n, n);
}

/* Deterministic characters from an alphabet, like real keys and tokens. */
static void put_random(bench_buf_t *b, const char *alphabet, size_t n, uint32_t seed)
{
    size_t k = strlen(alphabet);
    while (n--) {
        char c;
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        c = alphabet[seed % k];
        put(b, &c, 1);
    }
}

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char *const ENVS[] = {"prod", "stage", "dev", "sandbox"};
static const char *const ROLES[] = {"AWSAdministratorAccess", "AWSReadOnlyAccess",
                                    "AWSPowerUserAccess", "ViewOnlyAccess"};

/* Account ids are 12 digits; '2109' keeps them realistic for any index. */
static void put_account_id(bench_buf_t *b, uint32_t i)
{
    puts_(b, "\"2109");
    put_uint(b, 10000000u + i * 7u, 8);
    puts_(b, "\"");
}

static void put_next_token(bench_buf_t *b, int last_page)
{
    if (last_page) {
        puts_(b, "null");
        return;
    }
    /* Real nextTokens are opaque base64 blobs of a few hundred bytes. */
    puts_(b, "\"");
    put_random(b, B64, 254, 0x2545f491u);
    puts_(b, "==\"");
}

static void build_body(bench_buf_t *b, const bench_scn_t *scn)
{
    uint32_t i;
    switch (scn->body) {
    case BENCH_BODY_RECORDED:
        puts_(b, "{\"roleCredentials\":{\"accessKeyId\":\"ASIARCORRECT\",\"secretAccessKey\":"
                 "\"secretkeycorrect\",\"sessionToken\":\"tokencorrect\",\"expiration\":"
                 "1234567890000}}");
        break;
    case BENCH_BODY_CREDS:
        puts_(b, "{\"roleCredentials\":{\"accessKeyId\":\"ASIA");
        put_random(b, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, 0x9e3779b9u);
        puts_(b, "\",\"secretAccessKey\":\"");
        put_random(b, B64, 40, 0x7f4a7c15u);
        puts_(b, "\",\"sessionToken\":\"");
        put_random(b, B64, 832, 0x85ebca6bu);
        puts_(b, "\",\"expiration\":1735689600000}}");
        break;
    case BENCH_BODY_ACCOUNTS:
        puts_(b, "{\"accountList\":[");
        for (i = 0; i < scn->items; i++) {
            puts_(b, i ? ",{\"accountId\":" : "{\"accountId\":");
            put_account_id(b, i);
            puts_(b, ",\"accountName\":\"workload-");
            puts_(b, ENVS[i % 4u]);
            puts_(b, "-");
            put_uint(b, i, 5);
            puts_(b, "\",\"emailAddress\":\"aws-workload-");
            puts_(b, ENVS[i % 4u]);
            puts_(b, "-");
            put_uint(b, i, 5);
            puts_(b, "@corp.example.com\"}");
        }
        puts_(b, "],\"nextToken\":");
        put_next_token(b, scn->last_page);
        puts_(b, "}");
        break;
    case BENCH_BODY_ROLES:
        puts_(b, "{\"roleList\":[");
        for (i = 0; i < scn->items; i++) {
            puts_(b, i ? ",{\"roleName\":\"" : "{\"roleName\":\"");
            puts_(b, ROLES[i % 4u]);
            puts_(b, "\",\"accountId\":");
            put_account_id(b, i / 4u);
            puts_(b, "}");
        }
        puts_(b, "],\"nextToken\":");
        put_next_token(b, scn->last_page);
        puts_(b, "}");
        break;
    default: /* BENCH_BODY_ERROR: the real 401 body (PROTOCOL §3) */
        puts_(b, "{\"message\":\"Session token not found or invalid\",\"__type\":"
                 "\"com.amazonaws.switchboard.portal#UnauthorizedException\"}");
        break;
    }
}

/* The recorded AWS header set (PROTOCOL §2), in its recorded order, with
 * the framing header in Content-Length's place. */
static void build_response(bench_buf_t *b, const bench_scn_t *scn, const char *body, size_t len)
{
    size_t off;
    puts_(b, scn->body == BENCH_BODY_ERROR ? "HTTP/1.1 401\r\n" : "HTTP/1.1 200\r\n");
    puts_(b, "Date: Mon, 03 Jan 2022 19:13:54 GMT\r\n"
             "Content-Type: application/json\r\n");
    if (scn->chunked) {
        puts_(b, "Transfer-Encoding: chunked\r\n");
    } else {
        puts_(b, "Content-Length: ");
        put_uint(b, (uint32_t)len, 0);
        puts_(b, "\r\n");
    }
    puts_(b, "Connection: keep-alive\r\n"
             "Access-Control-Expose-Headers: RequestId\r\n"
             "Cache-Control: no-cache\r\n"
             "RequestId: b339b807-25d1-474c-a476-b070e9f350e4\r\n"
             "Server: AWS SSO\r\n\r\n");
    if (!scn->chunked) {
        put(b, body, len);
        return;
    }
    for (off = 0; off < len; off += BENCH_CHUNK) {
        size_t n = len - off < BENCH_CHUNK ? len - off : BENCH_CHUNK;
        put_hex(b, (uint32_t)n);
        puts_(b, "\r\n");
        put(b, body + off, n);
        puts_(b, "\r\n");
    }
    puts_(b, "0\r\n\r\n");
}

static char bench_token[BENCH_TOKEN_LEN + 1];

int bench_prepare(bench_run_t *r, const bench_scn_t *scn, char *arena, size_t cap, uint8_t *work)
{
    bench_buf_t b = {0};
    size_t body_len;
    memset(r, 0, sizeof(*r));
    r->scn = scn;
    b.p = arena;
    b.cap = cap;
    build_body(&b, scn);
    body_len = b.len;
    build_response(&b, scn, arena, body_len);
    if (b.full) {
        return -1;
    }
    r->body = arena;
    r->body_len = body_len;
    r->resp = arena + body_len;
    r->resp_len = b.len - body_len;

    if (!bench_token[0]) {
        /* SSO access tokens are opaque; this one has their alphabet. Built
         * here so that no measured run pays for it. */
        bench_buf_t t = {0};
        t.p = bench_token;
        t.cap = BENCH_TOKEN_LEN;
        puts_(&t, "aoa");
        put_random(&t, B64, BENCH_TOKEN_LEN - 3u, 0x68e31da4u);
    }
    sso_script_init(&r->script);
    sso_script_add(&r->script, r->resp, r->resp_len);
    sso_script_transport(&r->script, &r->t, 1);
    sso_script_platform(&r->script, &r->p);
    r->cfg.region = "us-east-1";
    r->cfg.work_buf = work;
    r->cfg.work_len = scn->work_len;
    r->cfg.transport = &r->t;
    r->cfg.platform = &r->p;
    r->cfg.max_attempts = 1;
    return sso_client_init(&r->client, &r->cfg) == SSO_OK ? 0 : -1;
}

/* The application's callbacks are part of the end-to-end cost: they do the
 * least an application would (look at each item). */
static int bench_on_account(void *user, const sso_account_t *a)
{
    bench_run_t *r = (bench_run_t *)user;
    r->items++;
    r->fold = r->fold * 31u + (uint8_t)a->account_id[11] + (uint8_t)a->email_address[0];
    return 0;
}

static int bench_on_role(void *user, const sso_role_t *role)
{
    bench_run_t *r = (bench_run_t *)user;
    r->items++;
    r->fold = r->fold * 31u + (uint8_t)role->account_id[11] + (uint8_t)role->role_name[0];
    return 0;
}

int bench_execute(bench_run_t *r)
{
    sso_page_opts_t opts = {NULL, 0};
    if (r->scn->items == 100) {
        opts.max_result = 100;
    }
    switch (r->scn->op) {
    case BENCH_OP_CREDS:
        return sso_get_role_credentials(&r->client, bench_token, "210910000000",
                                        "AWSAdministratorAccess", &r->creds);
    case BENCH_OP_ACCOUNTS:
        return sso_list_accounts(&r->client, bench_token, &opts, bench_on_account, r, &r->next);
    default:
        return sso_list_account_roles(&r->client, bench_token, "210910000000", &opts, bench_on_role,
                                      r, &r->next);
    }
}

int bench_verify(const bench_run_t *r, int status)
{
    const bench_scn_t *scn = r->scn;
    if (status != scn->expect) {
        return -1;
    }
    switch (scn->body) {
    case BENCH_BODY_RECORDED:
        return strcmp(r->creds.session_token, "tokencorrect") == 0 ? 0 : -1;
    case BENCH_BODY_CREDS:
        return strlen(r->creds.session_token) == 832 && r->creds.expiration == 1735689600000LL ? 0
                                                                                               : -1;
    case BENCH_BODY_ERROR:
        return strcmp(sso_client_last_error(&r->client)->code, "UnauthorizedException") == 0 ? 0
                                                                                             : -1;
    default:
        if (r->items != scn->items) {
            return -1;
        }
        return (strlen(r->next.value) == (scn->last_page ? 0u : 256u)) ? 0 : -1;
    }
}
