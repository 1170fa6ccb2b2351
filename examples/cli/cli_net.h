/* The transport stack the tool runs on: POSIX TCP, optionally an HTTP
 * CONNECT tunnel through a proxy (the "link"), mbedTLS over the link for
 * https endpoints, wrapped in a thin recorder that reports what happened on
 * the wire (for --debug, and to tell a connect timeout from a read timeout,
 * or a proxy failure from a portal failure, in error messages). */
#ifndef TINYSSO_CLI_NET_H
#define TINYSSO_CLI_NET_H

#include <tinysso/tinysso.h>

#include "cli_tls_cache.h"
#include "sso_posix.h"
#include "sso_proxy.h"
#include "sso_tls.h"

typedef enum { SSO_CLI_PHASE_NONE, SSO_CLI_PHASE_CONNECT, SSO_CLI_PHASE_IO } sso_cli_phase_t;

typedef struct sso_cli_net {
    sso_posix_tcp_t tcp;
    sso_transport_t tcp_t;
    sso_proxy_t proxy;
    sso_transport_t proxy_t;
    int use_proxy;
    int proxy_failed;     /* the last connect failed on the way to the tunnel */
    sso_transport_t link; /* what TLS (or the plain client) runs on */
    char proxy_url[1100]; /* for messages, credentials masked as botocore does */
    sso_tls_t tls;
    sso_transport_t tls_t;
    int tls_ready;
    const sso_transport_t *inner; /* tcp_t or tls_t */
    sso_transport_t outer;        /* the recorder handed to the core */
    sso_cli_phase_t failed_phase; /* where the last failure happened */
    unsigned long bytes_in, bytes_out;
    /* The raw bytes of the last response (from its request's last send),
     * so a non-JSON error body can be quoted as botocore does. It may hold
     * credentials: wiped when the next request starts and by free. */
    uint8_t last[32 * 1024];
    size_t last_len;
    int last_was_recv;
    /* The request line of the last request (no headers: they carry the
     * token), for the URL named in network errors. */
    char req_line[3 * SSO_NEXT_TOKEN_MAX + 512];
    size_t req_len;
    int req_done;
    sso_cli_tls_cache_t cache; /* opt-in TLS session cache (cli_tls_cache.h) */
    int cache_looked_up;
} sso_cli_net_t;

/* Sets up plain TCP (use_tls 0) or TLS with ca_file (NULL: system store).
 * Returns SSO_OK, or the sso_tls_init status (CA unusable). */
int sso_cli_net_init(sso_cli_net_t *n, int use_tls, const char *ca_file);

/* Sends every connection through the proxy at host:port (credentials
 * optional: user NULL for none; encoded by the proxy port, which the
 * caller may wipe after). Returns SSO_OK or SSO_ERR_INVALID_ARG. */
int sso_cli_net_use_proxy(sso_cli_net_t *n, const sso_proxy_config_t *cfg);

/* Applies the proxy environment (cli_proxy_env.h) for a request to url
 * (the endpoint, "https://host..."). Returns SSO_CLI_EXIT_OK, or
 * SSO_CLI_EXIT_CONFIG with the reason in err. */
int sso_cli_net_proxy_from_env(sso_cli_net_t *n, const char *url, const sso_platform_t *platform,
                               char *err, size_t cap);

/* Zeroes the copy of the last response. */
void sso_cli_net_wipe_last(sso_cli_net_t *n);

void sso_cli_net_free(sso_cli_net_t *n);

#endif
