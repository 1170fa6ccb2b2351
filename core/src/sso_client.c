/* The client: its set-up and teardown, what it lets a caller read, and the
 * operations that are not lists (those are in sso_walk.c). */
#include <string.h>

#include "sso_call.h"
#include "sso_endpoint.h"
#include "sso_util.h"

void sso_client_close(sso_client_t *client)
{
    if (!client || !client->cfg.transport) {
        return;
    }
    sso_disconnect(client);
    sso_wipe_work(client);
}

sso_status_t sso_client_init(sso_client_t *client, const sso_config_t *config)
{
    const sso_transport_t *t;
    const sso_platform_t *p;
    int tls = 0, r;
    if (!client || !config) {
        return SSO_ERR_INVALID_ARG;
    }
    memset(client, 0, sizeof(*client));
    t = config->transport;
    p = config->platform;
    if (!t || !t->connect || !t->send || !t->recv || !t->close || !p || !p->now_ms ||
        !p->sleep_ms || !p->random_u32 || !config->work_buf) {
        return SSO_ERR_INVALID_ARG;
    }
    if (config->work_len < SSO_WORK_MIN) {
        return SSO_ERR_BUFFER_TOO_SMALL;
    }
    r = sso_endpoint_resolve(config->region, config->use_fips, config->use_dual_stack,
                             config->endpoint_url, client->host, sizeof(client->host),
                             &client->port, &tls);
    if (r != SSO_OK) {
        return (sso_status_t)r;
    }
    /* The bearer token goes out only over TLS, except to an explicit http://
     * test endpoint, and then never through a TLS transport by mistake. */
    if (tls != (t->secure != 0)) {
        return SSO_ERR_INVALID_ARG;
    }
    client->cfg = *config;
    if (!client->cfg.connect_timeout_ms) {
        client->cfg.connect_timeout_ms = SSO_DEFAULT_CONNECT_TIMEOUT_MS;
    }
    if (!client->cfg.read_timeout_ms) {
        client->cfg.read_timeout_ms = SSO_DEFAULT_READ_TIMEOUT_MS;
    }
    if (!client->cfg.response_timeout_ms) {
        uint32_t rt = client->cfg.read_timeout_ms;
        /* Saturate: a long read timeout must not wrap to a short deadline. */
        client->cfg.response_timeout_ms = rt > UINT32_MAX / SSO_RESPONSE_TIMEOUT_FACTOR
                                              ? UINT32_MAX
                                              : rt * SSO_RESPONSE_TIMEOUT_FACTOR;
    }
    if (!client->cfg.max_attempts) {
        client->cfg.max_attempts = SSO_DEFAULT_MAX_ATTEMPTS;
    }
    client->retry_quota = SSO_RETRY_QUOTA;
    return SSO_OK;
}

sso_status_t sso_get_role_credentials(sso_client_t *client, const char *access_token,
                                      const char *account_id, const char *role_name,
                                      sso_role_credentials_t *creds)
{
    sso_call_t k;
    sso_status_t r;
    if (sso_call_init(&k, client, access_token, SSO_OP_GET_ROLE_CREDENTIALS) != SSO_OK || !creds ||
        !sso_text_ok(account_id) || !sso_text_ok(role_name)) {
        return SSO_ERR_INVALID_ARG;
    }
    memset(creds, 0, sizeof(*creds));
    k.args[SSO_ARG_ACCOUNT_ID] = account_id;
    k.args[SSO_ARG_ROLE_NAME] = role_name;
    k.out = creds;
    r = sso_call_run(&k);
    if (r != SSO_OK) {
        /* Never leave half a credential set behind. */
        sso_wipe(creds, sizeof(*creds));
    }
    return r;
}

sso_status_t sso_logout(sso_client_t *client, const char *access_token)
{
    sso_call_t k;
    if (sso_call_init(&k, client, access_token, SSO_OP_LOGOUT) != SSO_OK) {
        return SSO_ERR_INVALID_ARG;
    }
    return sso_call_run(&k);
}
