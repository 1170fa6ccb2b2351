/* One operation call: the request an operation's row describes, its
 * response read through the HTTP engine, the JSON splitter and the field
 * mapping, and the attempts and retries around them. */
#include "sso_call.h"

#include <string.h>

#include "sso_endpoint.h"
#include "sso_http_req.h"
#include "sso_util.h"

void sso_disconnect(sso_client_t *c)
{
    if (c->connected) {
        c->cfg.transport->close(c->cfg.transport->ctx);
        c->connected = 0;
    }
}

void sso_wipe_work(sso_client_t *c)
{
    sso_wipe(c->cfg.work_buf, c->cfg.work_len);
    sso_wipe(&c->item, sizeof(c->item));
}

int sso_call_init_row(sso_call_t *k, sso_client_t *c, const char *token, const sso_op_t *op)
{
    memset(k, 0, sizeof(*k));
    k->c = c;
    k->op = op;
    k->token = token;
    if (!c || !c->cfg.transport || (op->bearer && !sso_text_ok(token))) {
        return SSO_ERR_INVALID_ARG;
    }
    memset(&c->last_error, 0, sizeof(c->last_error));
    return SSO_OK;
}

int sso_call_init(sso_call_t *k, sso_client_t *c, const char *token, unsigned op_id)
{
    int r = sso_call_init_row(k, c, token, &sso_ops[op_id]);
    k->op_id = (uint8_t)op_id;
    return r;
}

/* The first quarter of the working buffer (at most SSO_IO_CHUNK) carries
 * network I/O; the rest holds one JSON item and its tokens. */
static size_t sso_io_len(const sso_client_t *c)
{
    size_t n = c->cfg.work_len / 4;
    return n < SSO_IO_CHUNK ? n : SSO_IO_CHUNK;
}

static int sso_send_request(sso_call_t *k)
{
    sso_client_t *c = k->c;
    const sso_op_t *op = k->op;
    sso_writer_t w = {c->cfg.work_buf,  sso_io_len(c),          0,
                      c->cfg.transport, c->cfg.read_timeout_ms, SSO_OK};
    const char *sep = "?";
    char num[12];
    unsigned i;
    int v6 = strchr(c->host, ':') != NULL;
    size_t prefix_len;
    const char *prefix = sso_endpoint_prefix(c->cfg.endpoint_url, &prefix_len);
    sso_write_str(&w, op->method);
    sso_write(&w, prefix, prefix_len); /* an endpoint URL's path prefix, if any */
    sso_write_str(&w, op->path);
    for (i = 0; i < op->n_query; i++) {
        const char *v = k->args[op->query[i].arg];
        if (v) {
            sso_write_str(&w, sep);
            sso_write_str(&w, op->query[i].name);
            sso_write_pct(&w, v);
            sep = "&";
        }
    }
    /* An IPv6 literal needs its brackets back in the Host header. */
    sso_write_str(&w, v6 ? " HTTP/1.1\r\nHost: [" : " HTTP/1.1\r\nHost: ");
    sso_write_str(&w, c->host);
    sso_write_str(&w, v6 ? "]" : "");
    if (c->port != (c->cfg.transport->secure ? 443 : 80)) {
        sso_write_str(&w, ":");
        sso_write_str(&w, sso_utoa(num + sizeof(num), c->port));
    }
    if (op->bearer) {
        sso_write_str(&w, "\r\nx-amz-sso_bearer_token: ");
        sso_write_str(&w, k->token);
    }
    /* identity: the client does not inflate, so no proxy or CDN may
     * compress the body */
    sso_write_str(&w, "\r\nUser-Agent: tinysso/" SSO_VERSION_STRING
                      "\r\nAccept-Encoding: identity\r\nConnection: keep-alive\r\n");
    if (k->body) {
        sso_write(&w, k->body_text, k->body_len);
    } else {
        /* a POST without a body still says so */
        sso_write_str(&w, strcmp(op->method, "POST ") == 0 ? "Content-Length: 0\r\n\r\n" : "\r\n");
    }
    return sso_write_flush(&w);
}

static int sso_is_error(const sso_call_t *k)
{
    return k->http.status < 200 || k->http.status > 299;
}

/* A string member: nextToken in a success body, an error source in an
 * error body (the member's tag says which). */
static int sso_on_string(void *user, int idx, const char *piece, size_t len)
{
    sso_call_t *k = (sso_call_t *)user;
    if (sso_is_error(k)) {
        sso_error_string(&k->err, sso_error_models[k->op->errors].members[idx].tag, piece, len);
        return SSO_OK;
    }
    if (!piece) {
        k->next_len = 0;
        k->next->value[0] = '\0';
        return SSO_OK;
    }
    if (len > SSO_NEXT_TOKEN_MAX - k->next_len) {
        k->c->last_error.field = "nextToken";
        return SSO_ERR_FIELD_TOO_LONG;
    }
    memcpy(k->next->value + k->next_len, piece, len);
    k->next_len += len;
    k->next->value[k->next_len] = '\0';
    return SSO_OK;
}

/* Where the jsmn tokens of an item go: right after its text, aligned, to
 * the end of the working buffer. */
static unsigned sso_item_tokens(const sso_client_t *c, const char *text, size_t len,
                                jsmntok_t **toks)
{
    uintptr_t at = ((uintptr_t)(text + len) + 7u) & ~(uintptr_t)7u;
    uintptr_t end = (uintptr_t)(c->cfg.work_buf + c->cfg.work_len);
    *toks = (jsmntok_t *)at;
    return at < end ? (unsigned)((end - at) / sizeof(jsmntok_t)) : 0;
}

/* One list item or the object: mapped through jsmn, then handed over. */
static int sso_on_item(void *user, int idx, char *text, size_t len)
{
    sso_call_t *k = (sso_call_t *)user;
    sso_client_t *c = k->c;
    const sso_op_t *op = k->op;
    void *dst = k->out;
    jsmntok_t *toks;
    unsigned i, n_toks;
    uint32_t found = 0;
    int r;
    (void)idx;
    if (op->out == SSO_OUT_OBJECT) {
        /* A later object replaces an earlier one whole, and null removes
         * it: the last duplicate key wins. */
        memset(dst, 0, op->out_size);
        k->found = 0;
        if (!text) {
            return SSO_OK;
        }
    } else {
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
    n_toks = sso_item_tokens(c, text, len, &toks);
    r = sso_json_map(text, len, toks, n_toks, op->fields, op->n_fields, dst, &found);
    if (r == SSO_ERR_FIELD_TOO_LONG || r == SSO_ERR_FIELD_INVALID) {
        /* found holds the bit of the entry that failed (sso_json_map.h); the
         * search stays inside the table whatever found holds. */
        for (i = 0; i < op->n_fields; i++) {
            if (found & (1u << i)) {
                c->last_error.field = op->fields[i].key;
                break;
            }
        }
    }
    if (r != SSO_OK || op->out == SSO_OUT_OBJECT) {
        k->found = found;
        return r;
    }
    k->delivered++;
    r = k->op_id == SSO_OP_LIST_ACCOUNTS ? k->on_account(k->user, &c->item.account)
                                         : k->on_role(k->user, &c->item.role);
    return r ? SSO_ERR_ABORTED : SSO_OK;
}

/* Headers of interest all belong to the error model (the request id too). */
static void sso_on_header(void *user, int id, const char *piece, size_t len)
{
    sso_error_header(&((sso_call_t *)user)->err, id, piece, len);
}

static int sso_on_body(void *user, const uint8_t *data, size_t len)
{
    sso_call_t *k = (sso_call_t *)user;
    sso_json_sink_t js = {k, k->op->members, k->op->n_members, sso_on_item, sso_on_string};
    if (sso_is_error(k)) {
        /* A proxy's HTML error page must not hide the HTTP status. */
        const sso_error_model_t *m = &sso_error_models[k->op->errors];
        js.members = m->members;
        js.n_members = m->n_members;
        if (!k->json_bad && sso_json_split_feed(&k->json, &js, data, len) != SSO_OK) {
            k->json_bad = 1;
        }
        return SSO_OK;
    }
    if (k->op->out == SSO_OUT_NONE) {
        return SSO_OK;
    }
    return sso_json_split_feed(&k->json, &js, data, len);
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
        if (n < 0 && n != SSO_ERR_TLS_EOF) {
            return n;
        }
        if (n <= 0) {
            /* An end without close_notify is read like any end: framing that
             * was cut stays truncated, and a close-delimited body must still
             * prove itself whole in sso_conclude(). */
            k->end_unverified = n != 0;
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
    const sso_op_t *op = k->op;
    int r;
    if (sso_is_error(k)) {
        sso_error_end(&k->err, k->http.status);
        return SSO_ERR_SERVICE;
    }
    if (op->out == SSO_OUT_NONE) {
        return SSO_OK;
    }
    r = sso_json_split_end(&k->json);
    if (r == SSO_ERR_JSON && k->end_unverified) {
        r = SSO_ERR_TRUNCATED; /* cut by someone who could not forge a close */
    }
    if (r == SSO_OK && (k->found & op->required) != op->required) {
        r = SSO_ERR_MISSING_FIELD;
    }
    return r;
}

static int sso_attempt(sso_call_t *k)
{
    sso_client_t *c = k->c;
    const sso_transport_t *t = c->cfg.transport;
    int tries, r = SSO_OK;
    /* An idle kept-alive connection with bytes waiting (a late 408) or a
     * close from the server is not reused (PROTOCOL §5). */
    if (c->connected && t->stale && t->stale(t->ctx)) {
        sso_disconnect(c);
    }
    /* One that the server closes just as the request goes out fails before
     * any byte comes back: then one fresh connection, without spending an
     * attempt. */
    for (tries = c->connected ? 2 : 1; tries > 0; tries--) {
        int reused = c->connected;
        k->seen = 0;
        k->found = 0;
        k->got_bytes = 0;
        k->json_bad = 0;
        k->end_unverified = 0;
        sso_error_begin(&k->err, &c->last_error);
        if (k->next) {
            k->next->value[0] = '\0';
        }
        if (k->body) {
            /* Again at every attempt: the last response overwrote it. */
            r = k->body(k, (char *)c->cfg.work_buf + sso_io_len(c), c->cfg.work_len - sso_io_len(c),
                        &k->body_text, &k->body_len);
            if (r != SSO_OK) {
                return r;
            }
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

/* Full jitter: uniform in [0, min(2^(attempt-1) s, cap)]. */
static void sso_backoff(const sso_platform_t *p, unsigned attempt)
{
    uint32_t cap = attempt > 15 ? SSO_RETRY_MAX_BACKOFF_MS : 1000u << (attempt - 1);
    if (cap > SSO_RETRY_MAX_BACKOFF_MS) {
        cap = SSO_RETRY_MAX_BACKOFF_MS;
    }
    p->sleep_ms(p->ctx, p->random_u32(p->ctx) % (cap + 1));
}

sso_status_t sso_call_run(sso_call_t *k)
{
    sso_client_t *c = k->c;
    uint32_t cost = 0;
    unsigned attempt;
    int r, retry = 0;
    k->delivered = 0;
    for (attempt = 1;; attempt++) {
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
        sso_backoff(c->cfg.platform, attempt);
    }
    c->last_error.attempts = (uint8_t)attempt;
    c->last_error.retryable = (uint8_t)(r != SSO_OK && retry);
    sso_wipe_work(c);
    if (r != SSO_OK && k->next) {
        k->next->value[0] = '\0';
    }
    return (sso_status_t)r;
}
