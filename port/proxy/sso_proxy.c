/* HTTP CONNECT over any sso_transport_t. After a 2xx reply the tunnel is the
 * inner stream itself, so send/recv/close delegate without a copy.
 *
 * The reply is read one byte per inner recv. A proxy may send tunnel bytes
 * right behind its header (a server that speaks first, or a pipelining
 * proxy); reading blocks would take them from the stream and need a buffer
 * to give them back. Bytes cost a few dozen reads of a ~40-byte reply, once
 * per connection, and make loss impossible. */
#include "sso_proxy.h"

#include <string.h>

static void wipe(void *p, size_t n)
{
    volatile unsigned char *v = p;
    while (n--) {
        *v++ = 0;
    }
}

/* A host or credential byte that would break the request line or header. */
static int has_ctl(const char *s)
{
    for (; *s != '\0'; s++) {
        if ((unsigned char)*s < 0x20 || *s == 0x7f) {
            return 1;
        }
    }
    return 0;
}

/* Standard base64 (RFC 4648 §4) of a+":"+b, appended to out. Returns the
 * length, or 0 when out (cap bytes, NUL included) is too small. */
static size_t base64_pair(const char *a, const char *b, char *out, size_t cap)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t la = strlen(a), lb = strlen(b), n = la + 1 + lb, i, o = 0;

    if (((n + 2) / 3) * 4 + 1 > cap) {
        return 0;
    }
    for (i = 0; i < n; i += 3) {
        uint32_t v = 0;
        size_t k;
        for (k = 0; k < 3; k++) {
            size_t j = i + k;
            uint8_t c = j < la ? (uint8_t)a[j] : j == la ? (uint8_t)':' : (uint8_t)b[j - la - 1];
            v = v << 8 | (j < n ? c : 0u);
        }
        out[o++] = abc[(v >> 18) & 63];
        out[o++] = abc[(v >> 12) & 63];
        out[o++] = i + 1 < n ? abc[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < n ? abc[v & 63] : '=';
    }
    out[o] = '\0';
    return o;
}

int sso_proxy_init(sso_proxy_t *proxy, const sso_transport_t *inner, const sso_proxy_config_t *cfg)
{
    size_t hl;

    if (proxy == NULL || inner == NULL || cfg == NULL || cfg->host == NULL || cfg->port == 0) {
        return SSO_ERR_INVALID_ARG;
    }
    memset(proxy, 0, sizeof *proxy);
    hl = strlen(cfg->host);
    if (hl == 0 || hl >= sizeof proxy->host || has_ctl(cfg->host)) {
        return SSO_ERR_INVALID_ARG;
    }
    memcpy(proxy->host, cfg->host, hl + 1);
    proxy->port = cfg->port;
    proxy->inner = inner;
    proxy->platform = cfg->platform;
    if (cfg->username != NULL) {
        const char *pw = cfg->password != NULL ? cfg->password : "";
        if (has_ctl(cfg->username) || has_ctl(pw) ||
            base64_pair(cfg->username, pw, proxy->auth, sizeof proxy->auth) == 0) {
            wipe(proxy, sizeof *proxy);
            return SSO_ERR_INVALID_ARG;
        }
    }
    return SSO_OK;
}

/* Appends s to the request; sets *len past the end on overflow. */
static void put(sso_proxy_t *p, size_t *len, const char *s)
{
    size_t n = strlen(s);
    if (*len + n >= sizeof p->request) {
        *len = sizeof p->request;
        return;
    }
    memcpy(p->request + *len, s, n);
    *len += n;
}

static size_t build_request(sso_proxy_t *p, const char *host, uint16_t port)
{
    char num[8], *d = num + sizeof num;
    int v6 = strchr(host, ':') != NULL;
    size_t len = 0;
    unsigned v = port;

    *--d = '\0';
    do {
        *--d = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0);
    /* The authority form names the target twice: request line and Host. */
    for (int i = 0; i < 2; i++) {
        put(p, &len, i == 0 ? "CONNECT " : " HTTP/1.1\r\nHost: ");
        put(p, &len, v6 ? "[" : "");
        put(p, &len, host);
        put(p, &len, v6 ? "]:" : ":");
        put(p, &len, d);
    }
    if (p->auth[0] != '\0') {
        put(p, &len, "\r\nProxy-Authorization: Basic ");
        put(p, &len, p->auth);
    }
    put(p, &len, "\r\n\r\n");
    return len;
}

/* Milliseconds left of the exchange; timeout_ms itself without a clock. */
static uint32_t left_ms(const sso_proxy_t *p, uint64_t deadline, uint32_t timeout_ms)
{
    uint64_t now;
    if (p->platform == NULL) {
        return timeout_ms;
    }
    now = p->platform->now_ms(p->platform->ctx);
    return now >= deadline ? 0u : (uint32_t)(deadline - now);
}

static int send_request(sso_proxy_t *p, size_t len, uint64_t deadline, uint32_t timeout_ms)
{
    const sso_transport_t *in = p->inner;
    size_t off = 0;
    int r = SSO_OK;

    while (off < len) {
        uint32_t t = left_ms(p, deadline, timeout_ms);
        if (t == 0) {
            r = SSO_ERR_TIMEOUT;
            break;
        }
        r = in->send(in->ctx, (const uint8_t *)p->request + off, len - off, t);
        if (r <= 0) {
            r = r < 0 ? r : SSO_ERR_TRANSPORT;
            break;
        }
        off += (size_t)r;
        r = SSO_OK;
    }
    wipe(p->request, sizeof p->request); /* it held the credentials */
    return r;
}

static int read_reply(sso_proxy_t *p, uint64_t deadline, uint32_t timeout_ms)
{
    const sso_transport_t *in = p->inner;
    sso_proxy_reply_t rep;
    int r = 0;

    sso_proxy_reply_init(&rep);
    while (r == 0) {
        uint8_t b;
        uint32_t t = left_ms(p, deadline, timeout_ms);
        int n;
        if (t == 0) {
            return SSO_ERR_TIMEOUT;
        }
        n = in->recv(in->ctx, &b, 1, t);
        if (n < 0) {
            return n;
        }
        if (n == 0) {
            return SSO_ERR_TRANSPORT; /* closed inside its reply */
        }
        r = sso_proxy_reply_feed(&rep, b);
        p->reply_status = rep.status;
    }
    if (r < 0) {
        return r;
    }
    return rep.status >= 200 && rep.status <= 299 ? SSO_OK : SSO_ERR_CONNECT;
}

static void proxy_close(void *ctx)
{
    sso_proxy_t *p = ctx;
    if (p->open) {
        p->inner->close(p->inner->ctx);
        p->open = 0;
    }
    wipe(p->request, sizeof p->request);
}

static int proxy_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    sso_proxy_t *p = ctx;
    uint64_t deadline = 0;
    size_t len;
    int r;

    proxy_close(p);
    p->reply_status = 0;
    if (host == NULL || host[0] == '\0' || has_ctl(host) || port == 0) {
        return SSO_ERR_INVALID_ARG;
    }
    len = build_request(p, host, port);
    if (len >= sizeof p->request) {
        wipe(p->request, sizeof p->request);
        return SSO_ERR_INVALID_ARG;
    }
    if (p->platform != NULL) {
        deadline = p->platform->now_ms(p->platform->ctx) + timeout_ms;
    }
    r = p->inner->connect(p->inner->ctx, p->host, p->port, timeout_ms);
    if (r != SSO_OK) {
        wipe(p->request, sizeof p->request);
        return r;
    }
    p->open = 1;
    r = send_request(p, len, deadline, timeout_ms);
    if (r == SSO_OK) {
        r = read_reply(p, deadline, timeout_ms);
    }
    if (r != SSO_OK) {
        proxy_close(p); /* a refused or broken tunnel is never reused */
    }
    return r;
}

static int proxy_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    sso_proxy_t *p = ctx;
    if (!p->open) {
        return SSO_ERR_TRANSPORT;
    }
    return p->inner->send(p->inner->ctx, buf, len, timeout_ms);
}

static int proxy_recv(void *ctx, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    sso_proxy_t *p = ctx;
    if (!p->open) {
        return SSO_ERR_TRANSPORT;
    }
    return p->inner->recv(p->inner->ctx, buf, len, timeout_ms);
}

/* After the reply the tunnel holds no bytes of its own, so the inner stream
 * alone says whether an idle tunnel can be reused. */
static int proxy_stale(void *ctx)
{
    sso_proxy_t *p = ctx;
    if (!p->open) {
        return 1;
    }
    return p->inner->stale != NULL ? p->inner->stale(p->inner->ctx) : 0;
}

void sso_proxy_transport(sso_proxy_t *proxy, sso_transport_t *t)
{
    t->ctx = proxy;
    t->connect = proxy_connect;
    t->send = proxy_send;
    t->recv = proxy_recv;
    t->close = proxy_close;
    t->stale = proxy_stale;
    t->secure = proxy->inner != NULL ? proxy->inner->secure : 0;
}

void sso_proxy_free(sso_proxy_t *proxy)
{
    if (proxy == NULL) {
        return;
    }
    if (proxy->inner != NULL) {
        proxy_close(proxy);
    }
    wipe(proxy, sizeof *proxy);
}
