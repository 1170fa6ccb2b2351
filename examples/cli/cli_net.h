/* The transport stack the tool runs on: POSIX TCP, with mbedTLS over it for
 * https endpoints, wrapped in a thin recorder that reports what happened on
 * the wire (for --debug, and to tell a connect timeout from a read timeout
 * in error messages). */
#ifndef TINYSSO_CLI_NET_H
#define TINYSSO_CLI_NET_H

#include <tinysso/tinysso.h>

#include "cli_tls_cache.h"
#include "sso_posix.h"
#include "sso_tls.h"

typedef enum { SSO_CLI_PHASE_NONE, SSO_CLI_PHASE_CONNECT, SSO_CLI_PHASE_IO } sso_cli_phase_t;

typedef struct sso_cli_net {
    sso_posix_tcp_t tcp;
    sso_transport_t tcp_t;
    sso_tls_t tls;
    sso_transport_t tls_t;
    int tls_ready;
    const sso_transport_t *inner; /* tcp_t or tls_t */
    sso_transport_t outer;        /* the recorder handed to the core */
    sso_cli_phase_t failed_phase; /* where the last failure happened */
    unsigned long bytes_in, bytes_out;
    sso_cli_tls_cache_t cache; /* opt-in TLS session cache (cli_tls_cache.h) */
    int cache_looked_up;
} sso_cli_net_t;

/* Sets up plain TCP (use_tls 0) or TLS with ca_file (NULL: system store).
 * Returns SSO_OK, or the sso_tls_init status (CA unusable). */
int sso_cli_net_init(sso_cli_net_t *n, int use_tls, const char *ca_file);

void sso_cli_net_free(sso_cli_net_t *n);

#endif
