#include "cli_net.h"

#include <string.h>

#include <mbedtls/version.h>

#include "cli_log.h"

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

/* Byte counts only: the request carries the bearer token and responses may
 * carry credentials, so no content is ever logged. */
static int rec_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    sso_cli_net_t *n = ctx;
    int r;

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
        n->bytes_in += (unsigned long)r;
    } else if (r == 0) {
        sso_cli_debug("peer closed the connection");
    } else {
        n->failed_phase = SSO_CLI_PHASE_IO;
        sso_cli_debug("recv failed: %s", sso_status_str(r));
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

int sso_cli_net_init(sso_cli_net_t *n, int use_tls, const char *ca_file)
{
    memset(n, 0, sizeof *n);
    sso_posix_tcp_transport(&n->tcp, &n->tcp_t);
    n->inner = &n->tcp_t;
    if (use_tls) {
        sso_tls_config_t cfg;
        int r;
        memset(&cfg, 0, sizeof cfg);
        cfg.ca_file = ca_file;
        r = sso_tls_init(&n->tls, &n->tcp_t, &cfg);
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
    n->outer.secure = n->inner->secure;
    return SSO_OK;
}

void sso_cli_net_free(sso_cli_net_t *n)
{
    if (n->tls_ready) {
        sso_tls_free(&n->tls);
        n->tls_ready = 0;
    }
}
