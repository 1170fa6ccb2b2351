/* One client, portal or OIDC, with its transport stack, for the commands
 * that talk to more than one host or region in a run (login, logout of
 * every cached token, the refresh before another command). */
#ifndef TINYSSO_CLI_CONN_H
#define TINYSSO_CLI_CONN_H

#include <stddef.h>
#include <stdint.h>

#include <tinysso/tinysso.h>

#include "cli_args.h"
#include "cli_net.h"

typedef struct sso_cli_conn {
    sso_cli_net_t net;
    sso_client_t client;
    sso_platform_t platform;
    int open;
} sso_cli_conn_t;

/* Sets up the client for region (or endpoint_url) and the OIDC host when
 * oidc is 1, with a's CA bundle (else AWS_CA_BUNDLE), timeouts and
 * AWS_USE_FIPS_ENDPOINT / AWS_USE_DUALSTACK_ENDPOINT. Returns
 * SSO_CLI_EXIT_OK, or an exit code with the reason in err. */
int sso_cli_conn_open(sso_cli_conn_t *c, const sso_cli_args_t *a, int oidc, const char *region,
                      const char *endpoint_url, char *err, size_t err_cap);

/* Closes and wipes the client's working buffer. Safe on a closed conn. */
void sso_cli_conn_close(sso_cli_conn_t *c);

/* Writes the AWS CLI's text for a failed call of operation to stderr and
 * returns its exit code (254 service, 255 other). */
int sso_cli_conn_failed(sso_cli_conn_t *c, const char *operation, int status);

#endif
