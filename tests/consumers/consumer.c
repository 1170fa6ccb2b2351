/* The smallest program a project that takes tinysso might write: it proves
 * that what a packaging path hands over (headers, libraries, flags) compiles,
 * links and runs. Built by scripts/consumers.sh from the Make fragment, with
 * find_package, with pkg-config, and for two MCU targets.
 *
 *   CONSUMER_POSIX    use the POSIX port's transport and platform
 *   CONSUMER_MBEDTLS  wrap that transport in the mbedTLS port
 *   CONSUMER_LWIP     also fill an lwIP transport (linking pulls lwIP in)
 * With none of them (firmware), the transport and platform are stubs here.
 *
 * No I/O happens: the client resolves its endpoint, then a call with an
 * empty token is refused before any network use. Exit 0 only when both
 * behave as documented. */
#include <stdio.h>
#include <string.h>

#include <tinysso/tinysso.h>

#ifdef CONSUMER_POSIX
#include "sso_posix.h"
#endif
#ifdef CONSUMER_MBEDTLS
#include "sso_tls.h"
#endif
#ifdef CONSUMER_LWIP
#include "sso_lwip.h"
#endif

#ifndef CONSUMER_POSIX
static int stub_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    (void)ctx;
    (void)host;
    (void)port;
    (void)timeout_ms;
    return SSO_ERR_CONNECT;
}

static int stub_io(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    (void)ctx;
    (void)buf;
    (void)len;
    (void)timeout_ms;
    return SSO_ERR_TRANSPORT;
}

static int stub_recv(void *ctx, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    return stub_io(ctx, buf, len, timeout_ms);
}

static void stub_close(void *ctx)
{
    (void)ctx;
}

static uint64_t stub_now(void *ctx)
{
    (void)ctx;
    return 0;
}

static void stub_sleep(void *ctx, uint32_t ms)
{
    (void)ctx;
    (void)ms;
}

static uint32_t stub_random(void *ctx)
{
    (void)ctx;
    return 4;
}
#endif

static uint8_t work[SSO_WORK_MIN];
static sso_client_t client;
static sso_role_credentials_t creds;

int main(void)
{
    sso_transport_t transport;
    sso_platform_t platform;
    sso_config_t cfg;
    sso_status_t st;
    const char *host;
    const char *expect_host = "portal.sso.eu-west-1.amazonaws.com";
#ifdef CONSUMER_POSIX
    static sso_posix_tcp_t tcp;
    sso_posix_tcp_transport(&tcp, &transport);
    sso_posix_platform(&platform);
#else
    memset(&transport, 0, sizeof transport);
    transport.connect = stub_connect;
    transport.send = stub_io;
    transport.recv = stub_recv;
    transport.close = stub_close;
    transport.secure = 1;
    platform.ctx = NULL;
    platform.now_ms = stub_now;
    platform.sleep_ms = stub_sleep;
    platform.random_u32 = stub_random;
#endif
#ifdef CONSUMER_MBEDTLS
    static sso_tls_t tls;
    sso_transport_t tcp_transport = transport;
    sso_tls_config_t tls_cfg;
    memset(&tls_cfg, 0, sizeof tls_cfg);
    /* A CA bundle that cannot be read must be refused, not crash. */
    tls_cfg.ca_file = "/nonexistent/tinysso-consumer-ca.pem";
    if (sso_tls_init(&tls, &tcp_transport, &tls_cfg) != SSO_ERR_INVALID_ARG) {
        fprintf(stderr, "consumer: sso_tls_init accepted a missing CA file\n");
        return 1;
    }
    sso_tls_free(&tls);
    /* Only the function pointers are needed below: no call makes I/O. */
    sso_tls_transport(&tls, &transport);
#endif
#ifdef CONSUMER_LWIP
    static sso_lwip_tcp_t lwip_tcp;
    sso_transport_t lwip_transport;
    sso_lwip_tcp_transport(&lwip_tcp, &lwip_transport);
    if (lwip_transport.connect == NULL || lwip_transport.secure != 0) {
        fprintf(stderr, "consumer: the lwIP transport is not filled in\n");
        return 1;
    }
#endif

    memset(&cfg, 0, sizeof cfg);
    cfg.region = "eu-west-1";
    cfg.work_buf = work;
    cfg.work_len = sizeof work;
    cfg.transport = &transport;
    cfg.platform = &platform;
#if defined(CONSUMER_POSIX) && !defined(CONSUMER_MBEDTLS)
    /* Plain TCP: the https endpoint is refused, an http:// test one is not. */
    if (sso_client_init(&client, &cfg) != SSO_ERR_INVALID_ARG) {
        fprintf(stderr, "consumer: https over a plain transport was accepted\n");
        return 1;
    }
    cfg.region = NULL;
    cfg.endpoint_url = "http://127.0.0.1:8080";
    expect_host = "127.0.0.1";
#endif
    st = sso_client_init(&client, &cfg);
    if (st != SSO_OK) {
        fprintf(stderr, "consumer: sso_client_init: %s\n", sso_status_str(st));
        return 1;
    }
    host = sso_client_host(&client);
    if (strcmp(host, expect_host) != 0) {
        fprintf(stderr, "consumer: unexpected host %s\n", host);
        return 1;
    }
    st = sso_get_role_credentials(&client, "", "111122223333", "ReadOnly", &creds);
    if (st != SSO_ERR_INVALID_ARG) {
        fprintf(stderr, "consumer: an empty token gave %s\n", sso_status_str(st));
        return 1;
    }
    sso_client_close(&client);
    printf("consumer: tinysso %s, host %s, empty token refused (%s)\n", SSO_VERSION_STRING, host,
           sso_status_str(st));
    return 0;
}
