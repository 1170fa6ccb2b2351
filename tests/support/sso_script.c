#include "sso_script.h"

#include <string.h>

static uint32_t next_rand(sso_script_t *s)
{
    /* xorshift32: deterministic so a failing split can be replayed. */
    uint32_t x = s->seed ? s->seed : 0x9e3779b9u;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    s->seed = x;
    return x;
}

void sso_script_init(sso_script_t *s)
{
    memset(s, 0, sizeof(*s));
}

sso_script_conn_t *sso_script_add(sso_script_t *s, const void *data, size_t len)
{
    sso_script_conn_t *c;
    if (s->n_conns >= SSO_SCRIPT_MAX_CONNS) {
        return NULL;
    }
    c = &s->conns[s->n_conns++];
    memset(c, 0, sizeof(*c));
    c->data = (const uint8_t *)data;
    c->len = len;
    c->fault_at = SSO_SCRIPT_NO_FAULT;
    return c;
}

sso_script_conn_t *sso_script_add_seq(sso_script_t *s, char *buf, size_t cap,
                                      const char *const *resps, unsigned n)
{
    size_t len = 0;
    unsigned i;
    sso_script_conn_t *c;
    buf[0] = '\0';
    for (i = 0; i < n; i++) {
        size_t k = strlen(resps[i]);
        if (len + k + 1 > cap) {
            return NULL;
        }
        memcpy(buf + len, resps[i], k + 1);
        len += k;
    }
    c = sso_script_add(s, buf, len);
    if (c) {
        len = 0;
        for (i = 0; i + 1 < n && i < 8; i++) {
            len += strlen(resps[i]);
            c->gate[c->n_gates++] = len;
        }
    }
    return c;
}

sso_script_conn_t *sso_script_add_str(sso_script_t *s, const char *text)
{
    return sso_script_add(s, text, strlen(text));
}

static int script_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    sso_script_t *s = (sso_script_t *)ctx;
    (void)timeout_ms;
    if (s->open || s->cur >= s->n_conns) {
        /* Opening twice, or more connections than scripted, is a test bug. */
        return SSO_ERR_CONNECT;
    }
    s->connects++;
    s->cur++;
    s->pos = 0;
    s->requests = 0;
    s->last_was_send = 0;
    strncpy(s->host, host, sizeof(s->host) - 1);
    s->port = port;
    if (s->conns[s->cur - 1].connect_status != 0) {
        return s->conns[s->cur - 1].connect_status;
    }
    s->open = 1;
    return SSO_OK;
}

static int script_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    sso_script_t *s = (sso_script_t *)ctx;
    size_t room = SSO_SCRIPT_SENT_MAX - s->sent_len;
    (void)timeout_ms;
    if (!s->open || len == 0) {
        return SSO_ERR_TRANSPORT;
    }
    if (s->conns[s->cur - 1].send_status != 0) {
        return s->conns[s->cur - 1].send_status;
    }
    if (!s->last_was_send) {
        s->requests++;
    }
    s->last_was_send = 1;
    memcpy(s->sent + s->sent_len, buf, len < room ? len : room);
    s->sent_len += len < room ? len : room;
    return (int)len;
}

static int script_recv(void *ctx, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    sso_script_t *s = (sso_script_t *)ctx;
    const sso_script_conn_t *c;
    size_t avail, n;
    (void)timeout_ms;
    s->recv_calls++;
    s->now_ms += s->ms_per_recv;
    s->last_was_send = 0;
    if (!s->open || len == 0) {
        return SSO_ERR_TRANSPORT;
    }
    c = &s->conns[s->cur - 1];
    avail = c->len - s->pos;
    if (c->fault_at != SSO_SCRIPT_NO_FAULT) {
        if (s->pos >= c->fault_at) {
            return c->fault_status;
        }
        if (c->fault_at - s->pos < avail) {
            avail = c->fault_at - s->pos;
        }
    }
    if (avail == 0) {
        return c->end_status;
    }
    if (s->requests >= 1 && s->requests - 1 < c->n_gates &&
        c->gate[s->requests - 1] - s->pos < avail) {
        avail = c->gate[s->requests - 1] - s->pos;
        if (avail == 0) {
            /* A real server would wait for the next request. */
            return SSO_ERR_TIMEOUT;
        }
    }
    if (c->split_at > s->pos && c->split_at - s->pos < avail) {
        avail = c->split_at - s->pos;
    }
    n = avail < len ? avail : len;
    if (s->split == SSO_SCRIPT_SPLIT_RANDOM) {
        n = 1 + next_rand(s) % n;
    } else if (s->split != 0 && s->split < n) {
        n = s->split;
    }
    memcpy(buf, c->data + s->pos, n);
    s->pos += n;
    return (int)n;
}

/* What a real stack would see on an idle connection: bytes the server has
 * already sent (not held back by a gate), or its EOF or reset. A connection
 * whose script ends in a timeout stays quiet and open. */
static int script_stale(void *ctx)
{
    sso_script_t *s = (sso_script_t *)ctx;
    const sso_script_conn_t *c;
    s->stale_calls++;
    if (!s->open) {
        return 1;
    }
    c = &s->conns[s->cur - 1];
    if (c->fault_at != SSO_SCRIPT_NO_FAULT && s->pos >= c->fault_at) {
        return c->fault_status != SSO_ERR_TIMEOUT; /* a hang shows nothing */
    }
    if (s->pos >= c->len) {
        return c->end_status != SSO_ERR_TIMEOUT;
    }
    /* bytes past the gate of the request still to come are not sent yet */
    return !(s->requests >= 1 && s->requests - 1 < c->n_gates &&
             c->gate[s->requests - 1] <= s->pos);
}

static void script_close(void *ctx)
{
    sso_script_t *s = (sso_script_t *)ctx;
    if (s->open) {
        s->closes++;
    }
    s->open = 0;
}

void sso_script_transport(sso_script_t *s, sso_transport_t *t, int secure)
{
    t->ctx = s;
    t->connect = script_connect;
    t->send = script_send;
    t->recv = script_recv;
    t->close = script_close;
    t->secure = secure;
    t->stale = script_stale;
}

static uint64_t script_now(void *ctx)
{
    return ((sso_script_t *)ctx)->now_ms;
}

static void script_sleep(void *ctx, uint32_t ms)
{
    sso_script_t *s = (sso_script_t *)ctx;
    s->now_ms += ms;
    s->slept_ms += ms;
    s->sleeps++;
}

static uint32_t script_random(void *ctx)
{
    sso_script_t *s = (sso_script_t *)ctx;
    return s->fixed_random ? s->fixed_random : next_rand(s);
}

void sso_script_platform(sso_script_t *s, sso_platform_t *p)
{
    p->ctx = s;
    p->now_ms = script_now;
    p->sleep_ms = script_sleep;
    p->random_u32 = script_random;
}

unsigned sso_script_sent_count(const sso_script_t *s, const char *needle)
{
    size_t n = strlen(needle), i = 0;
    unsigned count = 0;
    while (n && i + n <= s->sent_len) {
        if (memcmp(s->sent + i, needle, n) == 0) {
            count++;
            i += n;
        } else {
            i++;
        }
    }
    return count;
}
