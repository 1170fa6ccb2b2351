/* The transport stack the tool runs on: POSIX TCP, with mbedTLS over it for
 * https endpoints, wrapped in a thin recorder that reports what happened on
 * the wire (for --debug, and to tell a connect timeout from a read timeout
 * in error messages). */
#ifndef TINYSSO_CLI_NET_H
#define TINYSSO_CLI_NET_H

#include <tinysso/tinysso.h>

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
    unsigned long requests;  /* requests started: a send after a connect or a recv */
    unsigned long call_base; /* requests before the current API call */
    int sending;             /* the last I/O was a send */
} sso_cli_net_t;

/* Sets up plain TCP (use_tls 0) or TLS with ca_file (NULL: system store).
 * Returns SSO_OK, or the sso_tls_init status (CA unusable). */
int sso_cli_net_init(sso_cli_net_t *n, int use_tls, const char *ca_file);

void sso_cli_net_free(sso_cli_net_t *n);

/* Marks the start of an API call; sso_cli_net_call_requests() then tells how
 * many requests (attempts) the call made, for the AWS CLI's "reached max
 * retries" wording. */
void sso_cli_net_call_begin(sso_cli_net_t *n);
unsigned long sso_cli_net_call_requests(const sso_cli_net_t *n);

#endif
