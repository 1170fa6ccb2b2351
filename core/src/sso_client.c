/* The four operations: one table entry each, one request/response routine,
 * the retry loop and the page walk. */
#include <stddef.h>
#include <string.h>

#include "sso_endpoint.h"
#include "sso_http.h"
#include "sso_internal.h"
#include "sso_json.h"

enum { OP_CREDS, OP_ACCOUNTS, OP_ROLES, OP_LOGOUT };
enum { Q_ACCOUNT, Q_ROLE, Q_MAX, Q_NEXT, Q_COUNT };
enum { SRC_NONE, SRC_TYPE, SRC_CODE, SRC_HEADER }; /* error code precedence */

#define FIELD(type, member, key)                                                                   \
    {                                                                                              \
        key, (uint16_t)offsetof(type, member), (uint16_t)sizeof(((type *)0)->member),              \
            SSO_FIELD_STRING                                                                       \
    }

static const sso_json_field_t sso_creds_fields[] = {
    FIELD(sso_role_credentials_t, access_key_id, "accessKeyId"),
    FIELD(sso_role_credentials_t, secret_access_key, "secretAccessKey"),
    FIELD(sso_role_credentials_t, session_token, "sessionToken"),
    {"expiration", (uint16_t)offsetof(sso_role_credentials_t, expiration), 0, SSO_FIELD_INT64},
};
static const sso_json_field_t sso_account_fields[] = {
    FIELD(sso_account_t, account_id, "accountId"),
    FIELD(sso_account_t, account_name, "accountName"),
    FIELD(sso_account_t, email_address, "emailAddress"),
};
static const sso_json_field_t sso_role_fields[] = {
    FIELD(sso_role_t, role_name, "roleName"),
    FIELD(sso_role_t, account_id, "accountId"),
};

static const sso_json_member_t sso_creds_members[] = {{"roleCredentials", SSO_JSON_OBJECT}};
static const sso_json_member_t sso_accounts_members[] = {{"accountList", SSO_JSON_LIST},
                                                         {"nextToken", SSO_JSON_STRING}};
static const sso_json_member_t sso_roles_members[] = {{"roleList", SSO_JSON_LIST},
                                                      {"nextToken", SSO_JSON_STRING}};
/* Index order matters: see sso_on_string(). */
static const sso_json_member_t sso_error_members[] = {{"code", SSO_JSON_STRING},
                                                      {"__type", SSO_JSON_STRING},
                                                      {"message", SSO_JSON_STRING},
                                                      {"Message", SSO_JSON_STRING}};

typedef struct sso_op {
    const char *path;
    const sso_json_member_t *members;
    const sso_json_field_t *fields;
    uint8_t n_members;
    uint8_t n_fields;
    uint8_t required; /* bit per field that a success must carry */
} sso_op_t;

static const sso_op_t sso_ops[] = {
    {"/federation/credentials", sso_creds_members, sso_creds_fields, 1, 4, 0x0f},
    {"/assignment/accounts", sso_accounts_members, sso_account_fields, 2, 3, 0},
    {"/assignment/roles", sso_roles_members, sso_role_fields, 2, 2, 0},
    {"/logout", NULL, NULL, 0, 0, 0},
};

static const char *const sso_query_names[Q_COUNT] = {
    "account_id=", "role_name=", "max_result=", "next_token="};

/* Everything one call needs; lives on the caller's stack for one call. */
typedef struct sso_call {
    sso_client_t *c;
    uint8_t op;
    const char *token;
    const char *q[Q_COUNT];
    sso_role_credentials_t *creds;
    sso_account_cb on_account;
    sso_role_cb on_role;
    void *user;
    sso_next_token_t *next;
    size_t next_len;
    uint32_t seen;      /* list items seen in this attempt */
    uint32_t delivered; /* list items handed to the callback, all attempts */
    uint32_t found;     /* mapped credential fields */
    uint8_t got_bytes;  /* any response byte arrived in this attempt */
    uint8_t json_bad;   /* an error body that is not JSON: ignored */
    uint8_t code_src, str_src, msg_src;
    size_t rid_len, msg_len;
    sso_code_acc_t code;
    sso_http_resp_t http;
    sso_json_split_t json;
} sso_call_t;

static void sso_disconnect(sso_client_t *c)
{
    if (c->connected) {
        c->cfg.transport->close(c->cfg.transport->ctx);
        c->connected = 0;
    }
}

/* Nothing a call parsed outlives it: the working buffer and the list item. */
static void sso_wipe_work(sso_client_t *c)
{
    sso_wipe(c->cfg.work_buf, c->cfg.work_len);
    sso_wipe(&c->item, sizeof(c->item));
}

void sso_client_close(sso_client_t *client)
{
    if (!client || !client->cfg.transport) {
        return;
    }
    sso_disconnect(client);
    sso_wipe_work(client);
}

sso_status_t sso_client_init(sso_client_t *client, const sso_config_t *config)
{
    const sso_transport_t *t;
    const sso_platform_t *p;
    int tls = 0, r;
    if (!client || !config) {
        return SSO_ERR_INVALID_ARG;
    }
    memset(client, 0, sizeof(*client));
    t = config->transport;
    p = config->platform;
    if (!t || !t->connect || !t->send || !t->recv || !t->close || !p || !p->now_ms ||
        !p->sleep_ms || !p->random_u32 || !config->work_buf) {
        return SSO_ERR_INVALID_ARG;
    }
    if (config->work_len < SSO_WORK_MIN) {
        return SSO_ERR_BUFFER_TOO_SMALL;
    }
    r = sso_endpoint_resolve(config->region, config->use_fips, config->use_dual_stack,
                             config->endpoint_url, client->host, sizeof(client->host),
                             &client->port, &tls);
    if (r != SSO_OK) {
        return (sso_status_t)r;
    }
    /* The bearer token goes out only over TLS, except to an explicit http://
     * test endpoint, and then never through a TLS transport by mistake. */
    if (tls != (t->secure != 0)) {
        return SSO_ERR_INVALID_ARG;
    }
    client->cfg = *config;
    if (!client->cfg.connect_timeout_ms) {
        client->cfg.connect_timeout_ms = SSO_DEFAULT_CONNECT_TIMEOUT_MS;
    }
    if (!client->cfg.read_timeout_ms) {
        client->cfg.read_timeout_ms = SSO_DEFAULT_READ_TIMEOUT_MS;
    }
    if (!client->cfg.response_timeout_ms) {
        uint32_t rt = client->cfg.read_timeout_ms;
        /* Saturate: a long read timeout must not wrap to a short deadline. */
        client->cfg.response_timeout_ms = rt > UINT32_MAX / SSO_RESPONSE_TIMEOUT_FACTOR
                                              ? UINT32_MAX
                                              : rt * SSO_RESPONSE_TIMEOUT_FACTOR;
    }
    if (!client->cfg.max_attempts) {
        client->cfg.max_attempts = SSO_DEFAULT_MAX_ATTEMPTS;
    }
    client->retry_quota = SSO_RETRY_QUOTA;
    return SSO_OK;
}

const sso_service_error_t *sso_client_last_error(const sso_client_t *client)
{
    return &client->last_error;
}

const char *sso_client_host(const sso_client_t *client)
{
    return client->host;
}

/* The first quarter of the working buffer (at most SSO_IO_CHUNK) carries
 * network I/O; the rest holds one JSON item and its tokens. */
static size_t sso_io_len(const sso_client_t *c)
{
    size_t n = c->cfg.work_len / 4;
    return n < SSO_IO_CHUNK ? n : SSO_IO_CHUNK;
}

static char *sso_utoa(char *end, uint32_t v)
{
    *--end = '\0';
    do {
        *--end = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return end;
}

static int sso_send_request(sso_call_t *k)
{
    sso_client_t *c = k->c;
    sso_writer_t w = {c->cfg.work_buf,  sso_io_len(c),          0,
                      c->cfg.transport, c->cfg.read_timeout_ms, SSO_OK};
    const char *sep = "?";
    char num[8];
    int i, tls = c->cfg.transport->secure;
    size_t prefix_len;
    const char *prefix = sso_endpoint_prefix(c->cfg.endpoint_url, &prefix_len);
    sso_write_str(&w, k->op == OP_LOGOUT ? "POST " : "GET ");
    sso_write(&w, prefix, prefix_len);
    sso_write_str(&w, sso_ops[k->op].path);
    for (i = 0; i < Q_COUNT; i++) {
        if (k->q[i]) {
            sso_write_str(&w, sep);
            sso_write_str(&w, sso_query_names[i]);
            sso_write_pct(&w, k->q[i]);
            sep = "&";
        }
    }
    sso_write_str(&w, " HTTP/1.1\r\nHost: ");
    /* An IPv6 literal needs its brackets back in the Host header. */
    sso_write_str(&w, strchr(c->host, ':') ? "[" : "");
    sso_write_str(&w, c->host);
    sso_write_str(&w, strchr(c->host, ':') ? "]" : "");
    if (c->port != (tls ? 443 : 80)) {
        sso_write_str(&w, ":");
        sso_write_str(&w, sso_utoa(num + sizeof(num), c->port));
    }
    sso_write_str(&w, "\r\nx-amz-sso_bearer_token: ");
    sso_write_str(&w, k->token);
    sso_write_str(&w,
                  "\r\nUser-Agent: tinysso/" SSO_VERSION_STRING "\r\nConnection: keep-alive\r\n");
    sso_write_str(&w, k->op == OP_LOGOUT ? "Content-Length: 0\r\n\r\n" : "\r\n");
    return sso_write_flush(&w);
}

static int sso_is_error(const sso_call_t *k)
{
    return k->http.status < 200 || k->http.status > 299;
}

static void sso_append(char *dst, size_t cap, size_t *len, const char *s, size_t n, uint8_t *cut)
{
    size_t room = cap - 1 - *len;
    if (n > room) {
        n = room;
        if (cut) {
            *cut = 1;
        }
    }
    memcpy(dst + *len, s, n);
    *len += n;
    dst[*len] = '\0';
}

/* Starts collecting the error code from a source, unless a source of higher
 * precedence already gave one (header > body code > body __type). */
static void sso_code_source(sso_call_t *k, uint8_t src)
{
    k->str_src = src;
    if (k->code_src > src && sso_code_ok(&k->code)) {
        k->str_src = SRC_NONE;
        return;
    }
    k->code_src = src;
    sso_code_begin(&k->code, k->c->last_error.code, sizeof(k->c->last_error.code));
}

static void sso_on_header(void *user, int id, const char *piece, size_t len)
{
    sso_call_t *k = (sso_call_t *)user;
    sso_service_error_t *e = &k->c->last_error;
    if (id == SSO_HDR_REQUEST_ID) {
        if (!piece) {
            k->rid_len = 0;
            e->request_id[0] = '\0';
        } else {
            /* Diagnostics only: a longer id is cut, never an error. */
            sso_append(e->request_id, sizeof(e->request_id), &k->rid_len, piece, len, NULL);
        }
    } else if (!piece) {
        sso_code_source(k, SRC_HEADER);
    } else {
        sso_code_push(&k->code, piece, len);
    }
}

static int sso_on_string(void *user, int idx, const char *piece, size_t len)
{
    sso_call_t *k = (sso_call_t *)user;
    sso_service_error_t *e = &k->c->last_error;
    if (!sso_is_error(k)) {
        /* nextToken: the only string member of a success body. */
        if (!piece) {
            k->next_len = 0;
            k->next->value[0] = '\0';
            return SSO_OK;
        }
        if (len > SSO_NEXT_TOKEN_MAX - k->next_len) {
            return SSO_ERR_FIELD_TOO_LONG;
        }
        sso_append(k->next->value, sizeof(k->next->value), &k->next_len, piece, len, NULL);
        return SSO_OK;
    }
    if (idx < 2) { /* code, __type */
        if (!piece) {
            sso_code_source(k, idx == 0 ? SRC_CODE : SRC_TYPE);
        } else if (k->str_src != SRC_NONE) {
            sso_code_push(&k->code, piece, len);
        }
        return SSO_OK;
    }
    /* message beats Message whatever their order. */
    if (!piece) {
        k->str_src = idx == 2 ? 2 : 1;
        if (k->str_src >= k->msg_src) {
            k->msg_src = k->str_src;
            k->msg_len = 0;
            e->message[0] = '\0';
            e->message_truncated = 0;
        } else {
            k->str_src = SRC_NONE;
        }
    } else if (k->str_src != SRC_NONE) {
        sso_append(e->message, sizeof(e->message), &k->msg_len, piece, len, &e->message_truncated);
    }
    return SSO_OK;
}

static int sso_on_item(void *user, int idx, char *text, size_t len)
{
    sso_call_t *k = (sso_call_t *)user;
    sso_client_t *c = k->c;
    const sso_op_t *op = &sso_ops[k->op];
    /* jsmn tokens go right after the item text, aligned. */
    uintptr_t at = ((uintptr_t)(text + len) + 7u) & ~(uintptr_t)7u;
    uintptr_t end = (uintptr_t)(c->cfg.work_buf + c->cfg.work_len);
    unsigned n_toks = at < end ? (unsigned)((end - at) / sizeof(jsmntok_t)) : 0;
    void *dst = k->creds;
    uint32_t found = 0;
    unsigned i;
    int r;
    (void)idx;
    if (k->op != OP_CREDS) {
        /* A retried page skips what an earlier attempt delivered. */
        if (++k->seen <= k->delivered) {
            return SSO_OK;
        }
        /* Emptying each field is enough (absent and null fields stay ""),
         * and far cheaper per item than clearing the whole struct. */
        for (i = 0; i < op->n_fields; i++) {
            ((char *)&c->item)[op->fields[i].offset] = '\0';
        }
        dst = &c->item;
    }
    r = sso_json_map(text, len, (jsmntok_t *)at, n_toks, op->fields, op->n_fields, dst, &found);
    if (r != SSO_OK) {
        return r;
    }
    k->found |= found;
    if (k->op == OP_CREDS) {
        return SSO_OK;
    }
    k->delivered++;
    r = k->op == OP_ACCOUNTS ? k->on_account(k->user, &c->item.account)
                             : k->on_role(k->user, &c->item.role);
    return r ? SSO_ERR_ABORTED : SSO_OK;
}

static int sso_on_body(void *user, const uint8_t *data, size_t len)
{
    sso_call_t *k = (sso_call_t *)user;
    sso_json_sink_t js;
    int r;
    js.user = k;
    js.members = sso_ops[k->op].members;
    js.n_members = sso_ops[k->op].n_members;
    js.on_item = sso_on_item;
    js.on_string = sso_on_string;
    if (sso_is_error(k)) {
        /* A proxy's HTML error page must not hide the HTTP status. */
        js.members = sso_error_members;
        js.n_members = 4;
        if (!k->json_bad && sso_json_split_feed(&k->json, &js, data, len) != SSO_OK) {
            k->json_bad = 1;
        }
        return SSO_OK;
    }
    if (k->op == OP_LOGOUT) {
        return SSO_OK;
    }
    r = sso_json_split_feed(&k->json, &js, data, len);
    return r;
}

static int sso_read_response(sso_call_t *k)
{
    sso_client_t *c = k->c;
    const sso_transport_t *t = c->cfg.transport;
    const sso_platform_t *p = c->cfg.platform;
    size_t io_len = sso_io_len(c);
    sso_http_sink_t sink = {k, sso_on_header, sso_on_body};
    /* 32-bit time is enough for a deadline and cheaper on a Cortex-M0+;
     * the unsigned difference survives wrap-around. */
    uint32_t start = (uint32_t)p->now_ms(p->ctx);
    int r = SSO_OK;
    sso_http_resp_init(&k->http);
    sso_json_split_init(&k->json, (char *)c->cfg.work_buf + io_len, c->cfg.work_len - io_len);
    while (r == SSO_OK) {
        uint32_t spent = (uint32_t)p->now_ms(p->ctx) - start;
        uint32_t wait = c->cfg.read_timeout_ms;
        size_t used = 0;
        int n;
        if (spent >= c->cfg.response_timeout_ms) {
            return SSO_ERR_TIMEOUT;
        }
        if (c->cfg.response_timeout_ms - spent < wait) {
            wait = c->cfg.response_timeout_ms - spent;
        }
        n = t->recv(t->ctx, c->cfg.work_buf, io_len, wait);
        if (n < 0) {
            return n;
        }
        if (n == 0) {
            r = sso_http_resp_eof(&k->http, &sink);
            break;
        }
        if ((size_t)n > io_len) {
            return SSO_ERR_TRANSPORT;
        }
        k->got_bytes = 1;
        r = sso_http_resp_feed(&k->http, c->cfg.work_buf, (size_t)n, &used, &sink);
        if (r == SSO_HTTP_DONE && used != (size_t)n) {
            /* Bytes after the response: the stream is out of step. */
            k->http.keep_alive = 0;
        }
    }
    return r == SSO_HTTP_DONE ? SSO_OK : r;
}

/* What a complete response means for the operation. */
static int sso_conclude(sso_call_t *k)
{
    sso_service_error_t *e = &k->c->last_error;
    int r;
    if (sso_is_error(k)) {
        char num[8];
        e->http_status = k->http.status;
        if (!sso_code_ok(&k->code)) {
            strcpy(e->code, sso_utoa(num + sizeof(num), k->http.status));
        }
        return SSO_ERR_SERVICE;
    }
    if (k->op == OP_LOGOUT) {
        return SSO_OK;
    }
    r = sso_json_split_end(&k->json);
    if (r == SSO_OK && (k->found & sso_ops[k->op].required) != sso_ops[k->op].required) {
        r = SSO_ERR_MISSING_FIELD;
    }
    return r;
}

static int sso_attempt(sso_call_t *k)
{
    sso_client_t *c = k->c;
    const sso_transport_t *t = c->cfg.transport;
    int tries, r = SSO_OK;
    /* A kept-alive connection the server has quietly closed fails before any
     * byte comes back: then one fresh connection, without spending an
     * attempt. */
    for (tries = c->connected ? 2 : 1; tries > 0; tries--) {
        int reused = c->connected;
        k->seen = 0;
        k->found = 0;
        k->got_bytes = 0;
        k->json_bad = 0;
        k->code_src = k->str_src = k->msg_src = SRC_NONE;
        k->rid_len = k->msg_len = 0;
        k->code.dst = NULL;
        memset(&c->last_error, 0, sizeof(c->last_error));
        if (k->next) {
            k->next->value[0] = '\0';
        }
        if (!reused) {
            r = t->connect(t->ctx, c->host, c->port, c->cfg.connect_timeout_ms);
            c->connects++;
            if (r != SSO_OK) {
                t->close(t->ctx);
                return r < 0 ? r : SSO_ERR_CONNECT;
            }
            c->connected = 1;
        }
        r = sso_send_request(k);
        if (r == SSO_OK) {
            r = sso_read_response(k);
        }
        if (r == SSO_OK) {
            r = sso_conclude(k);
        }
        /* Any failure, service errors included, ends the connection
         * (PROTOCOL §5): only a clean, complete success is reused. */
        if (r != SSO_OK || !k->http.keep_alive) {
            sso_disconnect(c);
        }
        if (r == SSO_OK || k->got_bytes) {
            return r;
        }
        if (!reused || (r != SSO_ERR_TRANSPORT && r != SSO_ERR_TRUNCATED)) {
            break;
        }
    }
    return r;
}

static sso_status_t sso_run(sso_call_t *k)
{
    sso_client_t *c = k->c;
    const sso_platform_t *p = c->cfg.platform;
    uint32_t cost = 0;
    unsigned attempt;
    int r, retry = 0;
    k->delivered = 0;
    for (attempt = 1;; attempt++) {
        uint32_t cap;
        r = sso_attempt(k);
        SSO_LOG_DEBUG("tinysso: attempt %u -> %d (%s)\n", attempt, r, sso_status_str(r));
        if (r == SSO_OK) {
            /* Standard mode: a success refunds the retry it took, or adds 1. */
            c->retry_quota += cost ? cost : 1;
            if (c->retry_quota > SSO_RETRY_QUOTA) {
                c->retry_quota = SSO_RETRY_QUOTA;
            }
            break;
        }
        retry = sso_retryable(r, c->last_error.http_status, c->last_error.code);
        if (attempt >= c->cfg.max_attempts || !retry) {
            break;
        }
        cost = r == SSO_ERR_TIMEOUT ? SSO_RETRY_TIMEOUT_COST : SSO_RETRY_COST;
        if (c->retry_quota < cost) {
            break;
        }
        c->retry_quota -= cost;
        /* Full jitter: uniform in [0, min(2^(attempt-1) s, cap)]. */
        cap = attempt > 15 ? SSO_RETRY_MAX_BACKOFF_MS : 1000u << (attempt - 1);
        if (cap > SSO_RETRY_MAX_BACKOFF_MS) {
            cap = SSO_RETRY_MAX_BACKOFF_MS;
        }
        p->sleep_ms(p->ctx, p->random_u32(p->ctx) % (cap + 1));
    }
    c->last_error.attempts = (uint8_t)attempt;
    c->last_error.retryable = (uint8_t)(r != SSO_OK && retry);
    sso_wipe_work(c);
    if (r != SSO_OK && k->next) {
        k->next->value[0] = '\0';
    }
    return (sso_status_t)r;
}

/* Common checks of every operation, before any I/O. */
static int sso_call_init(sso_call_t *k, sso_client_t *c, const char *token, uint8_t op)
{
    memset(k, 0, sizeof(*k));
    k->c = c;
    k->op = op;
    k->token = token;
    if (!c || !c->cfg.transport || !sso_text_ok(token)) {
        return SSO_ERR_INVALID_ARG;
    }
    memset(&c->last_error, 0, sizeof(c->last_error));
    return SSO_OK;
}

sso_status_t sso_get_role_credentials(sso_client_t *client, const char *access_token,
                                      const char *account_id, const char *role_name,
                                      sso_role_credentials_t *creds)
{
    sso_call_t k;
    sso_status_t r;
    if (sso_call_init(&k, client, access_token, OP_CREDS) != SSO_OK || !creds ||
        !sso_text_ok(account_id) || !sso_text_ok(role_name)) {
        return SSO_ERR_INVALID_ARG;
    }
    memset(creds, 0, sizeof(*creds));
    k.q[Q_ACCOUNT] = account_id;
    k.q[Q_ROLE] = role_name;
    k.creds = creds;
    r = sso_run(&k);
    if (r != SSO_OK) {
        /* Never leave half a credential set behind. */
        sso_wipe(creds, sizeof(*creds));
    }
    return r;
}

/* Walks pages, alternating the two token slots so that the token that
 * fetched a page survives until the page is complete. */
static sso_status_t sso_walk(sso_call_t *k, sso_walk_state_t *st)
{
    unsigned cur = 0;
    st->pages = 0;
    st->token[0].value[0] = '\0';
    for (;;) {
        sso_status_t r;
        if (st->pages >= SSO_MAX_PAGES) {
            return SSO_ERR_TOO_MANY_PAGES;
        }
        k->q[Q_NEXT] = st->token[cur].value[0] ? st->token[cur].value : NULL;
        k->next = &st->token[cur ^ 1u];
        r = sso_run(k);
        if (r != SSO_OK) {
            return r;
        }
        st->pages++;
        if (!k->next->value[0]) {
            return SSO_OK;
        }
        if (strcmp(k->next->value, st->token[cur].value) == 0) {
            return SSO_ERR_REPEATED_TOKEN;
        }
        cur ^= 1u;
    }
}

/* Both list operations, one page (next) or every page (walk). */
static sso_status_t sso_list(sso_call_t *k, int has_cb, const char *account_id,
                             const sso_page_opts_t *opts, sso_next_token_t *next,
                             sso_walk_state_t *walk)
{
    char num[4];
    const char *tok = opts ? opts->next_token : NULL;
    if (!has_cb || (k->op == OP_ROLES && !sso_text_ok(account_id)) ||
        (opts && opts->max_result > 100) || (!next && !walk) || (next && tok == next->value) ||
        (tok && tok[0] && !sso_text_ok(tok))) {
        return SSO_ERR_INVALID_ARG;
    }
    k->q[Q_ACCOUNT] = account_id;
    if (opts && opts->max_result) {
        k->q[Q_MAX] = sso_utoa(num + sizeof(num), opts->max_result);
    }
    if (walk) {
        return sso_walk(k, walk);
    }
    k->q[Q_NEXT] = tok && tok[0] ? tok : NULL;
    k->next = next;
    return sso_run(k);
}

sso_status_t sso_list_accounts(sso_client_t *client, const char *access_token,
                               const sso_page_opts_t *opts, sso_account_cb on_account, void *user,
                               sso_next_token_t *next_token)
{
    sso_call_t k;
    if (sso_call_init(&k, client, access_token, OP_ACCOUNTS) != SSO_OK) {
        return SSO_ERR_INVALID_ARG;
    }
    k.on_account = on_account;
    k.user = user;
    return sso_list(&k, on_account != NULL, NULL, opts, next_token, NULL);
}

sso_status_t sso_list_account_roles(sso_client_t *client, const char *access_token,
                                    const char *account_id, const sso_page_opts_t *opts,
                                    sso_role_cb on_role, void *user, sso_next_token_t *next_token)
{
    sso_call_t k;
    if (sso_call_init(&k, client, access_token, OP_ROLES) != SSO_OK) {
        return SSO_ERR_INVALID_ARG;
    }
    k.on_role = on_role;
    k.user = user;
    return sso_list(&k, on_role != NULL, account_id, opts, next_token, NULL);
}

sso_status_t sso_list_all_accounts(sso_client_t *client, const char *access_token,
                                   uint8_t max_result, sso_account_cb on_account, void *user,
                                   sso_walk_state_t *state)
{
    sso_call_t k;
    sso_page_opts_t opts = {NULL, max_result};
    if (sso_call_init(&k, client, access_token, OP_ACCOUNTS) != SSO_OK || !state) {
        return SSO_ERR_INVALID_ARG;
    }
    k.on_account = on_account;
    k.user = user;
    return sso_list(&k, on_account != NULL, NULL, &opts, NULL, state);
}

sso_status_t sso_list_all_account_roles(sso_client_t *client, const char *access_token,
                                        const char *account_id, uint8_t max_result,
                                        sso_role_cb on_role, void *user, sso_walk_state_t *state)
{
    sso_call_t k;
    sso_page_opts_t opts = {NULL, max_result};
    if (sso_call_init(&k, client, access_token, OP_ROLES) != SSO_OK || !state) {
        return SSO_ERR_INVALID_ARG;
    }
    k.on_role = on_role;
    k.user = user;
    return sso_list(&k, on_role != NULL, account_id, &opts, NULL, state);
}

sso_status_t sso_logout(sso_client_t *client, const char *access_token)
{
    sso_call_t k;
    if (sso_call_init(&k, client, access_token, OP_LOGOUT) != SSO_OK) {
        return SSO_ERR_INVALID_ARG;
    }
    return sso_run(&k);
}
