/* The device-authorization polling helper (RFC 8628 §3.4-3.5, PROTOCOL §7).
 * It talks to the service only through an sso_oidc_api_t and to time only
 * through the platform, so a test drives it with a fake service and a fake
 * clock and sees every wait it makes. */
#include <string.h>

#include "sso_service_error.h"
#include "sso_util.h"
#include "tinysso/sso_login.h"

/* A code that is not released after this long is expired anyway; used only
 * when the service gave no expiresIn. */
#define SSO_LOGIN_FALLBACK_LIFE_MS 600000u
/* An interval beyond this (from a confused service) is clamped. */
#define SSO_LOGIN_MAX_INTERVAL_S 600u

static int sso_login_code_is(const sso_oidc_api_t *api, const char *name)
{
    const sso_service_error_t *e = api->last_error(api->ctx);
    return e && strcmp(e->code, name) == 0;
}

/* A failure the next poll may not see: the network, or what the standard
 * retry mode retries (5xx, throttling). The operation has retried it
 * already; polling at the interval is the slower retry on top. */
static int sso_login_transient(const sso_oidc_api_t *api, sso_status_t st)
{
    const sso_service_error_t *e;
    if (st != SSO_ERR_SERVICE) {
        return sso_retryable(st, 0, "");
    }
    e = api->last_error(api->ctx);
    return e && e->retryable;
}

sso_status_t sso_login_poll(const sso_oidc_api_t *api, const sso_platform_t *platform,
                            const sso_device_login_t *login, const sso_registration_t *reg,
                            const sso_device_auth_t *auth, sso_token_t *tok)
{
    sso_login_prompt_t p;
    uint64_t start, limit_ms = SSO_LOGIN_FALLBACK_LIFE_MS, interval_ms;
    sso_status_t st, last = SSO_ERR_TIMEOUT;
    if (!api || !api->create_token || !api->last_error || !platform || !platform->now_ms ||
        !platform->sleep_ms || !login || !login->on_prompt || !reg || !auth || !tok ||
        !auth->device_code[0]) {
        return SSO_ERR_INVALID_ARG;
    }
    memset(tok, 0, sizeof(*tok));
    p.interval_s = SSO_LOGIN_DEFAULT_INTERVAL_S;
    if (auth->interval > 0) {
        p.interval_s = auth->interval < SSO_LOGIN_MAX_INTERVAL_S ? (uint32_t)auth->interval
                                                                 : SSO_LOGIN_MAX_INTERVAL_S;
    }
    p.expires_in_s = 0;
    if (auth->expires_in > 0) {
        p.expires_in_s = auth->expires_in < INT32_MAX ? (uint32_t)auth->expires_in : INT32_MAX;
        limit_ms = (uint64_t)p.expires_in_s * 1000u;
    }
    if (login->deadline_ms && login->deadline_ms < limit_ms) {
        limit_ms = login->deadline_ms;
    }
    p.user_code = auth->user_code;
    p.verification_uri = auth->verification_uri;
    p.verification_uri_complete = auth->verification_uri_complete;
    start = platform->now_ms(platform->ctx);
    for (p.polls = 0;; p.polls++) {
        interval_ms = (uint64_t)p.interval_s * 1000u;
        if (login->on_prompt(login->user, &p)) {
            return SSO_ERR_ABORTED;
        }
        /* A poll at or after the code's end (or the caller's) cannot
         * succeed: stop instead of sleeping for nothing. */
        if (p.polls >= SSO_LOGIN_MAX_POLLS ||
            platform->now_ms(platform->ctx) - start + interval_ms >= limit_ms) {
            return last;
        }
        /* RFC 8628 §3.5: at least `interval` between requests, the first
         * one included (nobody approves within a second). */
        platform->sleep_ms(platform->ctx, (uint32_t)interval_ms);
        st = api->create_token(api->ctx, reg, auth->device_code, tok);
        if (st == SSO_OK) {
            return SSO_OK;
        }
        last = SSO_ERR_TIMEOUT;
        if (st == SSO_ERR_SERVICE && sso_login_code_is(api, "AuthorizationPendingException")) {
            continue;
        }
        if (st == SSO_ERR_SERVICE && sso_login_code_is(api, "SlowDownException")) {
            p.interval_s += SSO_LOGIN_SLOW_DOWN_S;
            continue;
        }
        if (!sso_login_transient(api, st)) {
            /* ExpiredTokenException, AccessDeniedException, and anything
             * else the service refuses for good. */
            return st;
        }
        last = st;
    }
}

sso_status_t sso_device_login(const sso_oidc_api_t *api, const sso_platform_t *platform,
                              const sso_device_login_t *login, sso_registration_t *reg,
                              sso_device_auth_t *auth, sso_token_t *tok)
{
    sso_status_t st;
    if (!api || !api->register_client || !api->start_device_authorization || !login || !reg ||
        !auth) {
        return SSO_ERR_INVALID_ARG;
    }
    if (!reg->client_id[0]) {
        st =
            api->register_client(api->ctx, login->client_name, login->scopes, login->n_scopes, reg);
        if (st != SSO_OK) {
            return st;
        }
    }
    st = api->start_device_authorization(api->ctx, reg, login->start_url, auth);
    if (st != SSO_OK) {
        return st;
    }
    st = sso_login_poll(api, platform, login, reg, auth, tok);
    /* The device code is spent either way. */
    sso_wipe(auth->device_code, sizeof(auth->device_code));
    return st;
}
