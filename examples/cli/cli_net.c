#include "cli_net.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mbedtls/version.h>

#include "cli_args.h"
#include "cli_proxy_env.h"

#include "cli_log.h"

void sso_cli_net_wipe_last(sso_cli_net_t *n)
{
    volatile uint8_t *v = n->last;
    size_t i;

    for (i = 0; i < n->last_len; i++) {
        v[i] = 0;
    }
    n->last_len = 0;
    n->last_was_recv = 0;
}

/* Key-exchange groups, cheapest first for this mbedTLS build (callgrind of
 * one full handshake on x86-64, bench/wire): 3.6's own P-256 code beats its
 * X25519 (19.9M against 24.2M instructions); in 2.28 X25519 is a little
 * cheaper; the p256-m driver, built for small Cortex-M code, is the slowest
 * on a 64-bit host (85.6M), so with it X25519 goes first. The server picks
 * among what is offered. */
static const uint16_t cli_groups[] = {
#if MBEDTLS_VERSION_NUMBER >= 0x03000000 && !defined(MBEDTLS_PSA_P256M_DRIVER_ENABLED)
    SSO_TLS_GROUP_SECP256R1, SSO_TLS_GROUP_X25519,
#else
    SSO_TLS_GROUP_X25519, SSO_TLS_GROUP_SECP256R1,
#endif
    /* Also the curves an ECDSA server key may use (2.28 checks it against this list). */
    SSO_TLS_GROUP_SECP384R1, SSO_TLS_GROUP_SECP521R1, 0};

static int rec_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    sso_cli_net_t *n = ctx;
    int r;

    sso_cli_debug("connect %s port %u (%s, timeout %lu ms)", host, (unsigned)port,
                  n->inner->secure ? "tls" : "plain tcp", (unsigned long)timeout_ms);
    int offered = 0;
    if (n->cache.enabled && !n->cache_looked_up) { /* later connects resume from memory */
        n->cache_looked_up = 1;
        offered = sso_cli_tls_cache_load(&n->cache, &n->tls, host, port);
    }
    r = n->inner->connect(n->inner->ctx, host, port, timeout_ms);
    if (r == SSO_ERR_TLS && offered) { /* a stale cached session must never cost the call */
        sso_cli_debug("resuming the cached TLS session failed; full handshake");
        sso_tls_forget_session(&n->tls);
        r = n->inner->connect(n->inner->ctx, host, port, timeout_ms);
    }
    if (r != SSO_OK) {
        n->failed_phase = SSO_CLI_PHASE_CONNECT;
        sso_cli_debug("connect failed: %s", sso_status_str(r));
    }
    return r;
}

/* Copies bytes up to the first CRLF of a request, never past it. */
static void keep_request_line(sso_cli_net_t *n, const uint8_t *buf, size_t len)
{
    size_t i;

    for (i = 0; i < len && !n->req_done; i++) {
        if (buf[i] == '\r' || buf[i] == '\n' || n->req_len + 1 >= sizeof n->req_line) {
            n->req_done = 1;
            break;
        }
        n->req_line[n->req_len++] = (char)buf[i];
    }
    n->req_line[n->req_len] = '\0';
}

/* Byte counts only: the request carries the bearer token and responses may
 * carry credentials, so no content is ever logged. */
static int rec_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    sso_cli_net_t *n = ctx;
    int r;

    if (n->last_was_recv) {
        sso_cli_net_wipe_last(n); /* a new request: forget the last response */
        n->req_len = 0;
        n->req_done = 0;
    }
    keep_request_line(n, buf, len);
    r = n->inner->send(n->inner->ctx, buf, len, timeout_ms);
    if (r > 0) {
        n->bytes_out += (unsigned long)r;
    } else {
        n->failed_phase = SSO_CLI_PHASE_IO;
        sso_cli_debug("send failed: %s", sso_status_str(r));
    }
    return r;
}

static int rec_recv(void *ctx, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    sso_cli_net_t *n = ctx;
    int r = n->inner->recv(n->inner->ctx, buf, len, timeout_ms);

    if (r > 0) {
        size_t room = sizeof n->last - n->last_len;
        size_t k = (size_t)r < room ? (size_t)r : room;
        memcpy(n->last + n->last_len, buf, k);
        n->last_len += k;
        n->last_was_recv = 1;
        n->bytes_in += (unsigned long)r;
    } else if (r == 0) {
        sso_cli_debug("peer closed the connection");
    } else {
        n->failed_phase = SSO_CLI_PHASE_IO;
        sso_cli_debug("recv failed: %s", sso_status_str(r));
    }
    return r;
}

static int rec_stale(void *ctx)
{
    sso_cli_net_t *n = ctx;
    int r = n->inner->stale != NULL && n->inner->stale(n->inner->ctx);

    if (r) {
        sso_cli_debug("idle connection is stale: not reused");
    }
    return r;
}

static void rec_close(void *ctx)
{
    sso_cli_net_t *n = ctx;

    sso_cli_debug("close (so far %lu bytes sent, %lu received)", n->bytes_out, n->bytes_in);
    n->inner->close(n->inner->ctx);
    if (n->cache.enabled) {
        sso_cli_tls_cache_store(&n->cache, &n->tls);
    }
}

/* The link: TCP, or the proxy tunnel, chosen after the TLS layer that runs
 * on it was set up; it also records whether a failure was the proxy's. */
static const sso_transport_t *link_of(void *ctx)
{
    sso_cli_net_t *n = ctx;
    return n->use_proxy ? &n->proxy_t : &n->tcp_t;
}

static int link_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    sso_cli_net_t *n = ctx;
    const sso_transport_t *t = link_of(ctx);
    int r;

    if (n->use_proxy) {
        sso_cli_debug("CONNECT %s port %u through the proxy %s port %u", host, (unsigned)port,
                      n->proxy.host, (unsigned)n->proxy.port);
    }
    r = t->connect(t->ctx, host, port, timeout_ms);
    n->proxy_failed = n->use_proxy && r != SSO_OK;
    if (n->proxy_failed) {
        sso_cli_debug("proxy tunnel failed: %s (proxy HTTP status %d)", sso_status_str(r),
                      n->proxy.reply_status);
    }
    return r;
}

static int link_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    const sso_transport_t *t = link_of(ctx);
    return t->send(t->ctx, buf, len, timeout_ms);
}

static int link_recv(void *ctx, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    const sso_transport_t *t = link_of(ctx);
    return t->recv(t->ctx, buf, len, timeout_ms);
}

static void link_close(void *ctx)
{
    const sso_transport_t *t = link_of(ctx);
    t->close(t->ctx);
}

int sso_cli_net_use_proxy(sso_cli_net_t *n, const sso_proxy_config_t *cfg)
{
    int r = sso_proxy_init(&n->proxy, &n->tcp_t, cfg);

    if (r != SSO_OK) {
        return r;
    }
    sso_proxy_transport(&n->proxy, &n->proxy_t);
    n->use_proxy = 1;
    return SSO_OK;
}

static const char *env_get(const char *name)
{
    return getenv(name);
}

int sso_cli_net_proxy_from_env(sso_cli_net_t *n, const char *url, const sso_platform_t *platform,
                               char *err, size_t cap)
{
    static sso_cli_proxy_t p;
    sso_proxy_config_t cfg;
    int r;

    if (sso_cli_proxy_from_env(url, env_get, &p, err, cap) != 0) {
        return SSO_CLI_EXIT_CONFIG;
    }
    if (!p.use) {
        if (p.source != NULL) {
            sso_cli_debug("no proxy for %s: %s matches", url, p.source);
        }
        return SSO_CLI_EXIT_OK;
    }
    sso_cli_debug("proxy %s (from %s)%s", p.masked, p.source,
                  p.has_auth ? ", with Basic credentials" : "");
    memcpy(n->proxy_url, p.masked, sizeof n->proxy_url);
    memset(&cfg, 0, sizeof cfg);
    cfg.host = p.host;
    cfg.port = p.port;
    cfg.username = p.has_auth ? p.user : NULL;
    cfg.password = p.has_auth ? p.pass : NULL;
    cfg.platform = platform;
    r = sso_cli_net_use_proxy(n, &cfg);
    sso_cli_proxy_wipe(&p); /* the proxy port keeps the only (encoded) copy */
    if (r != SSO_OK) {
        snprintf(err, cap, "the proxy URL in the environment is not usable: %s",
                 "its credentials are too long");
        return SSO_CLI_EXIT_CONFIG;
    }
    return SSO_CLI_EXIT_OK;
}

int sso_cli_net_init(sso_cli_net_t *n, int use_tls, const char *ca_file)
{
    memset(n, 0, sizeof *n);
    sso_posix_tcp_transport(&n->tcp, &n->tcp_t);
    n->link.ctx = n;
    n->link.connect = link_connect;
    n->link.send = link_send;
    n->link.recv = link_recv;
    n->link.close = link_close;
    n->link.secure = 0;
    n->inner = &n->link;
    if (use_tls) {
        sso_tls_config_t cfg;
        int r;
        memset(&cfg, 0, sizeof cfg);
        cfg.ca_file = ca_file;
        r = sso_tls_init(&n->tls, &n->link, &cfg);
        if (r != SSO_OK) {
            return r;
        }
        n->tls_ready = 1;
        (void)sso_tls_set_groups(&n->tls, cli_groups); /* mbedTLS's default if refused */
        sso_cli_tls_cache_init(&n->cache, ca_file);
        sso_tls_transport(&n->tls, &n->tls_t);
        n->inner = &n->tls_t;
    }
    n->outer.ctx = n;
    n->outer.connect = rec_connect;
    n->outer.send = rec_send;
    n->outer.recv = rec_recv;
    n->outer.close = rec_close;
    n->outer.stale = rec_stale;
    n->outer.secure = n->inner->secure;
    return SSO_OK;
}

void sso_cli_net_free(sso_cli_net_t *n)
{
    sso_cli_net_wipe_last(n);
    if (n->use_proxy) {
        sso_proxy_free(&n->proxy); /* wipes the encoded credentials */
        n->use_proxy = 0;
    }
    if (n->tls_ready) {
        sso_tls_free(&n->tls);
        n->tls_ready = 0;
    }
}
