/* A whole operation through the scripted transport with fuzzer-chosen
 * server bytes, connections, response boundaries and recv split points, for
 * every public operation (both list operations one page at a time and as
 * page walks, credentials, logout), twice on the same client so a kept-alive
 * connection is reused.
 *
 * Input: [op][cfg][split][seed][server bytes...]. The server bytes are cut
 * into connections at "#CONN#\n" and each connection into responses at
 * "#RESP#\n" (a response's tail is held back until the next request, as a
 * real server would). The working buffer is a heap block of exactly
 * work_len bytes so ASan sees any write past it.
 *
 * Invariants checked after every call: a known status; the connection is
 * open exactly when the client thinks it is, and never after a failed
 * exchange;
 * working buffer and list item wiped; credentials all zero on failure and
 * complete on success; next_token empty on failure and terminated in any
 * case; every delivered item and the service error NUL-terminated in their
 * fields; a service error always has a code and a non-2xx status. */
#include <string.h>

#include "fuzz_common.h"
#include "sso_script.h"

#define MAX_DATA 65536

enum { OP_CREDS, OP_ACCOUNTS, OP_ROLES, OP_ALL_ACCOUNTS, OP_ALL_ROLES, OP_LOGOUT, OP_COUNT };

typedef struct ctx {
    unsigned items, stop_after;
} ctx_t;

static int terminated(const char *s, size_t cap)
{
    return memchr(s, '\0', cap) != NULL;
}

static int on_account(void *user, const sso_account_t *a)
{
    ctx_t *c = (ctx_t *)user;
    FUZZ_CHECK(terminated(a->account_id, sizeof a->account_id));
    FUZZ_CHECK(terminated(a->account_name, sizeof a->account_name));
    FUZZ_CHECK(terminated(a->email_address, sizeof a->email_address));
    return c->stop_after && ++c->items >= c->stop_after;
}

static int on_role(void *user, const sso_role_t *r)
{
    ctx_t *c = (ctx_t *)user;
    FUZZ_CHECK(terminated(r->role_name, sizeof r->role_name));
    FUZZ_CHECK(terminated(r->account_id, sizeof r->account_id));
    return c->stop_after && ++c->items >= c->stop_after;
}

static int all_zero(const void *p, size_t n)
{
    const uint8_t *b = (const uint8_t *)p;
    size_t i;
    for (i = 0; i < n; i++) {
        if (b[i]) {
            return 0;
        }
    }
    return 1;
}

static const uint8_t *find(const uint8_t *p, size_t n, const char *needle)
{
    size_t k = strlen(needle), i;
    for (i = 0; i + k <= n; i++) {
        if (memcmp(p + i, needle, k) == 0) {
            return p + i;
        }
    }
    return NULL;
}

/* Cuts data into scripted connections; the bytes of all of them live in
 * buf (the delimiters removed). */
static void script_conns(sso_script_t *s, uint8_t *buf, const uint8_t *data, size_t size,
                         int end_status)
{
    size_t used = 0;
    while (s->n_conns < SSO_SCRIPT_MAX_CONNS) {
        const uint8_t *end = find(data, size, "#CONN#\n");
        size_t clen = end ? (size_t)(end - data) : size;
        size_t start = used;
        sso_script_conn_t *c;
        const uint8_t *p = data;
        size_t left = clen;
        unsigned gates = 0;
        size_t gate[8];
        for (;;) {
            const uint8_t *r = find(p, left, "#RESP#\n");
            size_t k = r ? (size_t)(r - p) : left;
            memcpy(buf + used, p, k);
            used += k;
            if (!r) {
                break;
            }
            if (gates < 8) {
                gate[gates++] = used - start;
            }
            p = r + 7;
            left -= k + 7;
        }
        c = sso_script_add(s, buf + start, used - start);
        c->end_status = end_status;
        memcpy(c->gate, gate, sizeof(size_t) * gates);
        c->n_gates = gates;
        if (!end) {
            break;
        }
        size -= clen + 7;
        data = end + 7;
    }
}

static void check_call(const sso_client_t *c, const sso_script_t *s, int op, int r,
                       const sso_role_credentials_t *cr, const sso_next_token_t *next)
{
    const sso_service_error_t *e = sso_client_last_error(c);
    FUZZ_CHECK(r <= 0 && r >= SSO_ERR_FIELD_INVALID);
    FUZZ_CHECK(c->connected == (s->open != 0));
    /* A walk that stops on a repeated token or the page limit ends after a
     * clean exchange: that connection has not failed and may stay open. */
    if (r != SSO_OK && r != SSO_ERR_REPEATED_TOKEN && r != SSO_ERR_TOO_MANY_PAGES) {
        FUZZ_CHECK(!c->connected);
    }
    FUZZ_CHECK(all_zero(c->cfg.work_buf, c->cfg.work_len));
    FUZZ_CHECK(all_zero(&c->item, sizeof c->item));
    FUZZ_CHECK(terminated(e->code, sizeof e->code));
    FUZZ_CHECK(terminated(e->message, sizeof e->message));
    FUZZ_CHECK(terminated(e->request_id, sizeof e->request_id));
    if (r == SSO_ERR_SERVICE) {
        FUZZ_CHECK(e->code[0] != '\0');
        FUZZ_CHECK(e->http_status >= 100 && (e->http_status < 200 || e->http_status > 299));
    }
    if (op == OP_CREDS) {
        if (r != SSO_OK) {
            FUZZ_CHECK(all_zero(cr, sizeof *cr));
        } else {
            FUZZ_CHECK(terminated(cr->access_key_id, sizeof cr->access_key_id));
            FUZZ_CHECK(terminated(cr->secret_access_key, sizeof cr->secret_access_key));
            FUZZ_CHECK(terminated(cr->session_token, sizeof cr->session_token));
        }
    }
    if (next) {
        FUZZ_CHECK(terminated(next->value, sizeof next->value));
        if (r != SSO_OK) {
            FUZZ_CHECK(next->value[0] == '\0');
        }
    }
}

static int call(sso_client_t *c, int op, uint8_t cfg, uint8_t seed, sso_role_credentials_t *cr,
                sso_next_token_t *next, sso_walk_state_t *walk, ctx_t *ctx)
{
    sso_page_opts_t opts = {NULL, 0};
    if (cfg & 0x10) {
        opts.max_result = (uint8_t)(1 + seed % 100);
    }
    if (cfg & 0x20) {
        opts.next_token = "prev+/=token";
    }
    switch (op) {
    case OP_CREDS:
        return sso_get_role_credentials(c, "tok", "123456789012", "Role", cr);
    case OP_ACCOUNTS:
        return sso_list_accounts(c, "tok", &opts, on_account, ctx, next);
    case OP_ROLES:
        return sso_list_account_roles(c, "tok", "123456789012", &opts, on_role, ctx, next);
    case OP_ALL_ACCOUNTS:
        return sso_list_all_accounts(c, "tok", opts.max_result, on_account, ctx, walk);
    case OP_ALL_ROLES:
        return sso_list_all_account_roles(c, "tok", "1", opts.max_result, on_role, ctx, walk);
    default:
        return sso_logout(c, "tok");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const size_t works[4] = {SSO_WORK_MIN, 700, 1024, 4096};
    static sso_script_t s;
    static uint8_t bytes[MAX_DATA];
    static sso_role_credentials_t cr;
    static sso_next_token_t next;
    static sso_walk_state_t walk;
    sso_transport_t t;
    sso_platform_t p;
    sso_config_t cfg;
    sso_client_t c;
    ctx_t ctx = {0, 0};
    uint8_t *work;
    int op, round;
    if (size < 4 || size - 4 > MAX_DATA) {
        return 0;
    }
    op = data[0] % OP_COUNT;
    sso_script_init(&s);
    script_conns(&s, bytes, data + 4, size - 4, (data[1] & 0x80) ? SSO_ERR_TIMEOUT : 0);
    s.split = data[2] == 255 ? SSO_SCRIPT_SPLIT_RANDOM : data[2];
    s.seed = data[3];
    sso_script_transport(&s, &t, 1);
    sso_script_platform(&s, &p);
    memset(&cfg, 0, sizeof cfg);
    cfg.region = "us-east-1";
    cfg.work_len = works[(data[1] >> 2) & 3];
    work = (uint8_t *)malloc(cfg.work_len);
    cfg.work_buf = work;
    cfg.transport = &t;
    cfg.platform = &p;
    cfg.max_attempts = (uint8_t)(1 + (data[1] & 3) % 3);
    FUZZ_CHECK(sso_client_init(&c, &cfg) == SSO_OK);
    if (data[1] & 0x40) {
        ctx.stop_after = 1 + data[3] % 4;
    }
    /* Twice: the second call reuses a kept-alive connection or opens the
     * next scripted one. */
    for (round = 0; round < 2; round++) {
        int r;
        memset(&next, 0x55, sizeof next);
        memset(&cr, 0x55, sizeof cr);
        r = call(&c, op, data[1], data[3], &cr, &next, &walk, &ctx);
        check_call(&c, &s, op, r, &cr, (op == OP_ACCOUNTS || op == OP_ROLES) ? &next : NULL);
        if (op == OP_ALL_ACCOUNTS || op == OP_ALL_ROLES) {
            FUZZ_CHECK(terminated(walk.token[0].value, sizeof walk.token[0].value));
            FUZZ_CHECK(terminated(walk.token[1].value, sizeof walk.token[1].value));
        }
    }
    sso_client_close(&c);
    FUZZ_CHECK(!s.open);
    FUZZ_CHECK(all_zero(work, cfg.work_len));
    free(work);
    return 0;
}
