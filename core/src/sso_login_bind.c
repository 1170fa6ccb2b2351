/* The real OIDC operations behind an sso_oidc_api_t, for the polling and
 * lifecycle helpers. A separate unit: a firmware that drives the helpers
 * with its own api (or not at all) does not link it. */
#include "tinysso/sso_login.h"

static sso_status_t bind_register(void *ctx, const char *name, const char *const *scopes,
                                  size_t n_scopes, sso_registration_t *reg)
{
    return sso_register_client((sso_client_t *)ctx, name, scopes, n_scopes, reg);
}

static sso_status_t bind_start(void *ctx, const sso_registration_t *reg, const char *start_url,
                               sso_device_auth_t *auth)
{
    return sso_start_device_authorization((sso_client_t *)ctx, reg, start_url, auth);
}

static sso_status_t bind_create(void *ctx, const sso_registration_t *reg, const char *device_code,
                                sso_token_t *tok)
{
    return sso_create_token((sso_client_t *)ctx, reg, device_code, tok);
}

static sso_status_t bind_refresh(void *ctx, const sso_registration_t *reg,
                                 const char *refresh_token, sso_token_t *tok)
{
    return sso_refresh_token((sso_client_t *)ctx, reg, refresh_token, tok);
}

static const sso_service_error_t *bind_last_error(void *ctx)
{
    return sso_client_last_error((const sso_client_t *)ctx);
}

void sso_oidc_api(sso_oidc_api_t *api, sso_client_t *client)
{
    api->ctx = client;
    api->register_client = bind_register;
    api->start_device_authorization = bind_start;
    api->create_token = bind_create;
    api->refresh_token = bind_refresh;
    api->last_error = bind_last_error;
}
