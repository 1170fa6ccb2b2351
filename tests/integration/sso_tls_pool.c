/* mbedTLS 3.6's own pool statistics for what one CLI call does: load the CA,
 * connect (full handshake), GetRoleCredentials, close; then the same again
 * with the saved session (resumed handshake). Every mbedTLS and PSA
 * allocation goes to a static pool (MBEDTLS_MEMORY_BUFFER_ALLOC_C, as on a
 * device); MBEDTLS_MEMORY_DEBUG keeps its current and peak use. A transport
 * between the client and the TLS port reads the figures right after each
 * handshake.
 *
 *   sso_tls_pool [--pool bytes] [--tls12] CA.pem host port token
 * --tls12 makes the client offer TLS 1.2 alone (as after the port's 1.2
 * fallback), so that a 1.2 figure does not include a first attempt that
 * offered 1.3.
 * Prints key=value lines (bytes are mbedTLS's payload; blocks are the pool's
 * headers, 8 words each); exit 0 when both calls worked and the pool is
 * empty again after sso_tls_free() and mbedtls_psa_crypto_free(). */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tinysso/tinysso.h>

#include "sso_posix.h"
#include "sso_tls.h"

#include <mbedtls/memory_buffer_alloc.h>
#include <mbedtls/version.h>
#include <psa/crypto.h>

#if !defined(MBEDTLS_MEMORY_BUFFER_ALLOC_C) || !defined(MBEDTLS_MEMORY_DEBUG)
#error "needs an mbedTLS with MBEDTLS_MEMORY_BUFFER_ALLOC_C and MBEDTLS_MEMORY_DEBUG"
#endif

#define POOL_MAX ((size_t)1024 * 1024)
static unsigned char pool[POOL_MAX];

typedef struct {
    size_t bytes, blocks;
} use_t;

static use_t now(void)
{
    use_t u;
    mbedtls_memory_buffer_alloc_cur_get(&u.bytes, &u.blocks);
    return u;
}

static use_t peak(void)
{
    use_t u;
    mbedtls_memory_buffer_alloc_max_get(&u.bytes, &u.blocks);
    return u;
}

static void put(const char *key, use_t u)
{
    printf("%s_bytes=%zu\n%s_blocks=%zu\n", key, u.bytes, key, u.blocks);
}

/* Pass-through transport: the TLS port below, the figures at each connect. */
static sso_transport_t tls_t;
static use_t handshake_peak, after_handshake, overall_peak;

static int spy_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    (void)ctx;
    int st = tls_t.connect(tls_t.ctx, host, port, timeout_ms);
    handshake_peak = peak();
    after_handshake = now();
    return st;
}

static int spy_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    (void)ctx;
    return tls_t.send(tls_t.ctx, buf, len, timeout_ms);
}

static int spy_recv(void *ctx, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    (void)ctx;
    return tls_t.recv(tls_t.ctx, buf, len, timeout_ms);
}

static void spy_close(void *ctx)
{
    (void)ctx;
    tls_t.close(tls_t.ctx);
}

static uint8_t work[4096];

/* One call on a fresh connection; prints the figures under prefix. */
static int one_call(sso_client_t *c, const sso_tls_t *tls, const char *token, const char *prefix)
{
    static sso_role_credentials_t cr;
    char key[64];
    mbedtls_memory_buffer_alloc_max_reset();
    int st = sso_get_role_credentials(c, token, "100000000001", "ReadOnly", &cr);
    printf("%s_status=%s\n%s_tls_version=%s\n%s_resumed=%d\n", prefix,
           st == SSO_OK ? "OK" : sso_status_str(st), prefix,
           tls->version == 0x0304   ? "1.3"
           : tls->version == 0x0303 ? "1.2"
                                    : "none",
           prefix, tls->resumed);
    snprintf(key, sizeof key, "%s_handshake_peak", prefix);
    put(key, handshake_peak);
    snprintf(key, sizeof key, "%s_after_handshake", prefix);
    put(key, after_handshake);
    use_t call_peak = peak();
    snprintf(key, sizeof key, "%s_call_peak", prefix);
    put(key, call_peak);
    if (call_peak.bytes > overall_peak.bytes) {
        overall_peak = call_peak;
    }
    snprintf(key, sizeof key, "%s_open", prefix); /* kept alive after the call */
    put(key, now());
    sso_client_close(c);
    snprintf(key, sizeof key, "%s_idle", prefix); /* closed; the session is kept */
    put(key, now());
    memset(&cr, 0, sizeof cr);
    return st;
}

int main(int argc, char **argv)
{
    size_t pool_len = POOL_MAX;
    int a = 1, tls12 = 0;
    for (; a < argc && strncmp(argv[a], "--", 2) == 0; a++) {
        if (strcmp(argv[a], "--pool") == 0 && a + 1 < argc) {
            pool_len = (size_t)strtoul(argv[++a], NULL, 10);
        } else if (strcmp(argv[a], "--tls12") == 0) {
            tls12 = 1;
        } else {
            break;
        }
    }
    if (argc - a != 4 || pool_len < 1024 || pool_len > POOL_MAX) {
        fprintf(stderr, "usage: %s [--pool bytes] [--tls12] CA.pem host port token\n", argv[0]);
        return 2;
    }
    mbedtls_memory_buffer_alloc_init(pool, pool_len);
    printf("mbedtls=%s\npool=%zu\n", MBEDTLS_VERSION_STRING, pool_len);
    printf("ssl_in_content_len=%d\nssl_out_content_len=%d\nsizeof_sso_tls_t=%zu\n",
           (int)MBEDTLS_SSL_IN_CONTENT_LEN, (int)MBEDTLS_SSL_OUT_CONTENT_LEN, sizeof(sso_tls_t));

    static sso_tls_t tls;
    sso_posix_tcp_t tcp;
    sso_transport_t inner, spy;
    sso_platform_t plat;
    sso_tls_config_t tcfg = {.ca_file = argv[a], .ca_buf = NULL, .ca_len = 0};
    sso_posix_tcp_transport(&tcp, &inner);
    sso_posix_platform(&plat);
    int st = sso_tls_init(&tls, &inner, &tcfg);
    printf("tls_init=%s\n", sso_status_str(st));
    if (st != SSO_OK) {
        return 1;
    }
    if (tls12) {
        mbedtls_ssl_conf_max_tls_version(&tls.conf, MBEDTLS_SSL_VERSION_TLS1_2);
    }
    put("after_init", now()); /* CA, DRBG, PSA */
    sso_tls_transport(&tls, &tls_t);
    spy = tls_t;
    spy.ctx = NULL;
    spy.connect = spy_connect;
    spy.send = spy_send;
    spy.recv = spy_recv;
    spy.close = spy_close;

    char url[300];
    snprintf(url, sizeof url, "https://%s:%s", argv[a + 1], argv[a + 2]);
    /* One attempt: a retry would hide a pool too small for the call. */
    const sso_config_t cfg = {.endpoint_url = url,
                              .work_buf = work,
                              .work_len = sizeof work,
                              .transport = &spy,
                              .platform = &plat,
                              .read_timeout_ms = 5000,
                              .max_attempts = 1};
    sso_client_t c;
    if (sso_client_init(&c, &cfg) != SSO_OK) {
        return 2;
    }
    int st1 = one_call(&c, &tls, argv[a + 3], "full");
    int st2 = one_call(&c, &tls, argv[a + 3], "resumed");
    put("overall_peak", overall_peak); /* of the two calls, CA load excluded */

    sso_tls_free(&tls);
    put("after_free", now()); /* PSA's own state stays until psa_crypto_free */
    mbedtls_psa_crypto_free();
    use_t end = now();
    put("after_psa_free", end);
    int verify = mbedtls_memory_buffer_alloc_verify();
    printf("pool_verify=%d\n", verify);
    mbedtls_memory_buffer_alloc_free();
    return st1 == SSO_OK && st2 == SSO_OK && end.bytes == 0 && verify == 0 ? 0 : 1;
}
