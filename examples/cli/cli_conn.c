/* A client with its transport for one host, opened and closed per use. */
#define _POSIX_C_SOURCE 200809L
#include "cli_conn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <tinysso/sso_login.h>

#include "cli_log.h"

/* Room for the largest item of any operation (roleCredentials, a token
 * response with a refresh token and an id token) and its tokens. */
static uint8_t work[32 * 1024];

static const char *env(const char *name)
{
    const char *v = getenv(name);
    return (v != NULL && v[0] != '\0') ? v : NULL;
}

static uint32_t ms(long s)
{
    /* The AWS CLI's 60 s by default; 0 means no limit. */
    return s < 0 ? 60000u : s == 0 ? UINT32_MAX : (uint32_t)s * 1000u;
}

int sso_cli_conn_open(sso_cli_conn_t *c, const sso_cli_args_t *a, int oidc, const char *region,
                      const char *endpoint_url, char *err, size_t err_cap)
{
    const char *ca = a->ca_bundle != NULL ? a->ca_bundle : env("AWS_CA_BUNDLE");
    const char *fips = env("AWS_USE_FIPS_ENDPOINT"), *dual = env("AWS_USE_DUALSTACK_ENDPOINT");
    int tls = endpoint_url == NULL || strncmp(endpoint_url, "http://", 7) != 0;
    sso_config_t cfg;
    int r;

    memset(c, 0, sizeof *c);
    r = sso_cli_net_init(&c->net, tls, tls ? ca : NULL);
    if (r != SSO_OK) {
        snprintf(err, err_cap, "The CA bundle %s holds no usable certificate (%s)",
                 ca != NULL ? ca : "of the system", sso_status_str(r));
        sso_cli_net_free(&c->net);
        return SSO_CLI_EXIT_CONFIG;
    }
    sso_posix_platform(&c->platform);
    memset(&cfg, 0, sizeof cfg);
    cfg.region = region;
    cfg.endpoint_url = endpoint_url;
    cfg.use_fips = (uint8_t)(fips != NULL && strcasecmp(fips, "true") == 0);
    cfg.use_dual_stack = (uint8_t)(dual != NULL && strcasecmp(dual, "true") == 0);
    cfg.work_buf = work;
    cfg.work_len = sizeof work;
    cfg.transport = &c->net.outer;
    cfg.platform = &c->platform;
    cfg.connect_timeout_ms = ms(a->connect_timeout_s);
    cfg.read_timeout_ms = ms(a->read_timeout_s);
    r = oidc ? sso_oidc_client_init(&c->client, &cfg) : sso_client_init(&c->client, &cfg);
    if (r != SSO_OK) {
        snprintf(err, err_cap, "Cannot reach the %s service in region '%s'%s%s: %s",
                 oidc ? "SSO OIDC" : "SSO portal", region ? region : "", endpoint_url ? " at " : "",
                 endpoint_url ? endpoint_url : "", sso_status_str(r));
        sso_cli_net_free(&c->net);
        return SSO_CLI_EXIT_CONFIG;
    }
    sso_cli_debug("%s host %s", oidc ? "oidc" : "portal", sso_client_host(&c->client));
    c->open = 1;
    return SSO_CLI_EXIT_OK;
}

void sso_cli_conn_close(sso_cli_conn_t *c)
{
    if (!c->open) {
        return;
    }
    sso_client_close(&c->client);
    sso_cli_net_free(&c->net);
    c->open = 0;
}

int sso_cli_conn_failed(sso_cli_conn_t *c, const char *operation, int status)
{
    const sso_service_error_t *e = sso_client_last_error(&c->client);

    if (status == SSO_ERR_SERVICE) {
        fprintf(stderr, "\nAn error occurred (%s) when calling the %s operation: %s\n", e->code,
                operation, e->message);
        return SSO_CLI_EXIT_SERVICE;
    }
    fprintf(stderr, "\n%s failed on https://%s: %s\n", operation, sso_client_host(&c->client),
            sso_status_str(status));
    return SSO_CLI_EXIT_OTHER;
}
