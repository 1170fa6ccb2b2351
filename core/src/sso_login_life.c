/* The token lifecycle helper (PROTOCOL §7): keeps an access token fresh
 * with the refresh-token grant for as long as the refresh token and the
 * client registration live, and says when a person must approve a new
 * device login. Driven by the caller's wall clock (epoch seconds), so a test
 * can run it across weeks in a moment. */
#include <string.h>

#include "sso_util.h"
#include "tinysso/sso_login.h"

/* Copies a string between fields of the same size; -1 when src has no NUL
 * within cap (a caller's struct filled by hand), so it is never read past. */
static int sso_life_copy(char *dst, const char *src, size_t cap)
{
    const char *end = (const char *)memchr(src, '\0', cap);
    if (!end) {
        return -1;
    }
    memcpy(dst, src, (size_t)(end - src) + 1);
    return 0;
}

void sso_life_wipe(sso_token_life_t *life)
{
    uint32_t rw, cw;
    if (!life) {
        return;
    }
    rw = life->refresh_window_s;
    cw = life->creds_window_s;
    sso_wipe(life, sizeof(*life));
    life->refresh_window_s = rw;
    life->creds_window_s = cw;
    life->login_needed = 1;
}

void sso_life_init(sso_token_life_t *life)
{
    if (!life) {
        return;
    }
    memset(life, 0, sizeof(*life));
    life->refresh_window_s = SSO_LOGIN_REFRESH_WINDOW_S;
    life->creds_window_s = SSO_LOGIN_CREDS_WINDOW_S;
    life->login_needed = 1;
}

sso_status_t sso_life_start(sso_token_life_t *life, const sso_registration_t *reg,
                            const sso_token_t *tok, int64_t now_s)
{
    if (!life || !reg || !tok || !tok->access_token[0] ||
        sso_life_copy(life->access_token, tok->access_token, sizeof(life->access_token)) ||
        sso_life_copy(life->refresh_token, tok->refresh_token, sizeof(life->refresh_token))) {
        sso_life_wipe(life);
        return SSO_ERR_INVALID_ARG;
    }
    life->reg = *reg;
    life->expires_at = now_s + (tok->expires_in > 0 ? tok->expires_in : 0);
    life->retry_at = 0;
    life->failures = 0;
    life->login_needed = 0;
    return SSO_OK;
}

const char *sso_life_token(const sso_token_life_t *life, int64_t now_s)
{
    if (!life || life->login_needed || !life->access_token[0] || now_s >= life->expires_at) {
        return NULL;
    }
    return life->access_token;
}

int sso_life_creds_due(const sso_token_life_t *life, int64_t expiration_ms, int64_t now_s)
{
    int64_t window_ms = (int64_t)(life ? life->creds_window_s : SSO_LOGIN_CREDS_WINDOW_S) * 1000;
    return expiration_ms <= 0 || now_s * 1000 >= expiration_ms - window_ms;
}

/* Refused for good: a new device login is the only way on. Transient
 * failures (network, 5xx, throttling, a garbled response) are not. */
static int sso_life_refused(const sso_oidc_api_t *api, sso_status_t st)
{
    const sso_service_error_t *e = api->last_error ? api->last_error(api->ctx) : NULL;
    return st == SSO_ERR_SERVICE && (!e || !e->retryable);
}

static sso_life_state_t sso_life_refresh(sso_token_life_t *life, const sso_oidc_api_t *api,
                                         int64_t now_s, sso_token_t *scratch, sso_status_t *status)
{
    sso_status_t st = api->refresh_token(api->ctx, &life->reg, life->refresh_token, scratch);
    uint32_t wait;
    *status = st;
    if (st == SSO_OK && scratch->access_token[0]) {
        /* The operation's output is NUL-terminated within its fields. */
        (void)sso_life_copy(life->access_token, scratch->access_token, sizeof(life->access_token));
        /* The service may rotate the refresh token, or not. */
        if (scratch->refresh_token[0]) {
            (void)sso_life_copy(life->refresh_token, scratch->refresh_token,
                                sizeof(life->refresh_token));
        }
        life->expires_at = now_s + (scratch->expires_in > 0 ? scratch->expires_in : 0);
        life->failures = 0;
        life->retry_at = 0;
        life->refreshes++;
        return SSO_LIFE_REFRESHED;
    }
    if (st == SSO_OK) {
        *status = SSO_ERR_MISSING_FIELD;
    } else if (sso_life_refused(api, st)) {
        /* InvalidGrantException, InvalidClientException, ...: the refresh
         * token or the registration is dead. */
        sso_life_wipe(life);
        return SSO_LIFE_LOGIN_NEEDED;
    }
    wait = SSO_LOGIN_RETRY_MIN_S << (life->failures < 8 ? life->failures : 8);
    life->retry_at = now_s + (wait < SSO_LOGIN_RETRY_MAX_S ? wait : SSO_LOGIN_RETRY_MAX_S);
    life->failures++;
    return SSO_LIFE_RETRY_LATER;
}

sso_life_state_t sso_life_tick(sso_token_life_t *life, const sso_oidc_api_t *api, int64_t now_s,
                               sso_token_t *scratch, sso_status_t *status)
{
    sso_status_t ignored;
    sso_life_state_t r = SSO_LIFE_VALID;
    int valid;
    if (!status) {
        status = &ignored;
    }
    *status = SSO_OK;
    if (!life || life->login_needed) {
        return SSO_LIFE_LOGIN_NEEDED;
    }
    valid = now_s < life->expires_at;
    if (now_s < life->expires_at - (int64_t)life->refresh_window_s) {
        return SSO_LIFE_VALID;
    }
    /* Due. Without a refresh token or a live registration there is no way
     * to refresh: the token is used until it expires, then a person must
     * approve a new login. */
    if (!life->refresh_token[0] || !life->reg.client_id[0] ||
        (life->reg.expires_at && now_s >= life->reg.expires_at)) {
        if (valid) {
            return SSO_LIFE_VALID;
        }
        sso_life_wipe(life);
        return SSO_LIFE_LOGIN_NEEDED;
    }
    if (now_s < life->retry_at) {
        return valid ? SSO_LIFE_VALID : SSO_LIFE_RETRY_LATER;
    }
    if (!api || !api->refresh_token || !scratch) {
        *status = SSO_ERR_INVALID_ARG;
        return SSO_LIFE_RETRY_LATER;
    }
    r = sso_life_refresh(life, api, now_s, scratch, status);
    sso_wipe(scratch, sizeof(*scratch));
    return r;
}
