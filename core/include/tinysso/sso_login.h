/* tinysso login: SSO OIDC device authorization (RFC 8628) and the token
 * lifecycle of a long-running device (PROTOCOL §7).
 *
 * Optional: these live in their own translation units, so a firmware that
 * only uses a token it was given links none of them. Same rules as the
 * portal calls: no heap, caller-owned fixed-size structs, secrets wiped.
 *
 * The polling and lifecycle helpers reach the service only through an
 * sso_oidc_api_t (function pointers plus a context): the real operations, or
 * a fake in a test. They never read a clock themselves: the polling helper
 * uses the platform's monotonic clock and sleep, the lifecycle helper the
 * wall-clock time (epoch seconds) the caller passes in. */
#ifndef TINYSSO_SSO_LOGIN_H
#define TINYSSO_SSO_LOGIN_H

#include <stddef.h>
#include <stdint.h>

#include "tinysso.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- sizes (bytes, NUL excluded); override with -D like every setting */

/* clientId: tens of characters seen. */
#ifndef SSO_CLIENT_ID_MAX
#define SSO_CLIENT_ID_MAX 128
#endif
/* clientSecret: a signed blob of about 1,000-1,500 characters today. */
#ifndef SSO_CLIENT_SECRET_MAX
#define SSO_CLIENT_SECRET_MAX 2048
#endif
/* accessToken and refreshToken: opaque, several hundred characters seen. */
#ifndef SSO_ACCESS_TOKEN_MAX
#define SSO_ACCESS_TOKEN_MAX 2048
#endif
#ifndef SSO_REFRESH_TOKEN_MAX
#define SSO_REFRESH_TOKEN_MAX 2048
#endif
#ifndef SSO_DEVICE_CODE_MAX
#define SSO_DEVICE_CODE_MAX 512
#endif
/* userCode is 9 characters ("ABCD-EFGH") today. */
#ifndef SSO_USER_CODE_MAX
#define SSO_USER_CODE_MAX 32
#endif
/* verificationUri and verificationUriComplete. */
#ifndef SSO_URI_MAX
#define SSO_URI_MAX 256
#endif
/* tokenType ("Bearer"). */
#ifndef SSO_TOKEN_TYPE_MAX
#define SSO_TOKEN_TYPE_MAX 31
#endif

/* ---- behaviour */

/* Polling interval when the service gives none (RFC 8628: 5 s). */
#ifndef SSO_LOGIN_DEFAULT_INTERVAL_S
#define SSO_LOGIN_DEFAULT_INTERVAL_S 5u
#endif
/* Added to the interval at each SlowDownException (RFC 8628 §3.5). */
#ifndef SSO_LOGIN_SLOW_DOWN_S
#define SSO_LOGIN_SLOW_DOWN_S 5u
#endif
/* Most CreateToken polls of one login, whatever the clock says. */
#ifndef SSO_LOGIN_MAX_POLLS
#define SSO_LOGIN_MAX_POLLS 2000u
#endif
/* Refresh the access token this long before it expires (default 10 min). */
#ifndef SSO_LOGIN_REFRESH_WINDOW_S
#define SSO_LOGIN_REFRESH_WINDOW_S 600u
#endif
/* Renew role credentials this long before their expiration (5 min). */
#ifndef SSO_LOGIN_CREDS_WINDOW_S
#define SSO_LOGIN_CREDS_WINDOW_S 300u
#endif
/* After a refresh failed for a transient reason: wait this long, doubling
 * per failure up to the cap, before the next attempt. */
#ifndef SSO_LOGIN_RETRY_MIN_S
#define SSO_LOGIN_RETRY_MIN_S 30u
#endif
#ifndef SSO_LOGIN_RETRY_MAX_S
#define SSO_LOGIN_RETRY_MAX_S 300u
#endif

/* ---- what the operations return */

/* RegisterClient: a public client registration. Times are epoch seconds;
 * 0 when the service gave none. */
typedef struct sso_registration {
    char client_id[SSO_CLIENT_ID_MAX + 1];
    char client_secret[SSO_CLIENT_SECRET_MAX + 1];
    int64_t issued_at;  /* clientIdIssuedAt */
    int64_t expires_at; /* clientSecretExpiresAt */
} sso_registration_t;

/* StartDeviceAuthorization. */
typedef struct sso_device_auth {
    char device_code[SSO_DEVICE_CODE_MAX + 1];
    char user_code[SSO_USER_CODE_MAX + 1];
    char verification_uri[SSO_URI_MAX + 1];
    char verification_uri_complete[SSO_URI_MAX + 1];
    int64_t expires_in; /* seconds the device code stays valid */
    int64_t interval;   /* seconds between polls; 0 when not given */
} sso_device_auth_t;

/* CreateToken (either grant). refresh_token is "" when none was returned;
 * the idToken is not kept. */
typedef struct sso_token {
    char access_token[SSO_ACCESS_TOKEN_MAX + 1];
    char refresh_token[SSO_REFRESH_TOKEN_MAX + 1];
    char token_type[SSO_TOKEN_TYPE_MAX + 1];
    int64_t expires_in; /* seconds */
} sso_token_t;

/* ---- the operations (sso_oidc.c), on a client made by sso_oidc_client_init
 *
 * Same contract as the portal calls: bad input is SSO_ERR_INVALID_ARG
 * before any I/O; a request body that does not fit the working buffer (less
 * its I/O part) is SSO_ERR_BUFFER_TOO_SMALL and nothing is sent; on any
 * failure the output struct is zeroed; the working buffer is wiped after
 * every call. On SSO_ERR_SERVICE, sso_client_last_error() has the exception
 * name (from x-amzn-ErrorType, text before ':') as code and the OAuth
 * error_description (else error) as message. */

/* Like sso_client_init(), for the OIDC host oidc.{region}.{dnsSuffix}
 * (oidc-fips. with use_fips; PROTOCOL §7) or config->endpoint_url. */
sso_status_t sso_oidc_client_init(sso_client_t *client, const sso_config_t *config);

/* RegisterClient: clientType "public"; scopes may be NULL when n_scopes is 0. */
sso_status_t sso_register_client(sso_client_t *client, const char *client_name,
                                 const char *const *scopes, size_t n_scopes,
                                 sso_registration_t *reg);

/* StartDeviceAuthorization for start_url. */
sso_status_t sso_start_device_authorization(sso_client_t *client, const sso_registration_t *reg,
                                            const char *start_url, sso_device_auth_t *auth);

/* CreateToken with the device-code grant (one poll). */
sso_status_t sso_create_token(sso_client_t *client, const sso_registration_t *reg,
                              const char *device_code, sso_token_t *tok);

/* CreateToken with the refresh-token grant. */
sso_status_t sso_refresh_token(sso_client_t *client, const sso_registration_t *reg,
                               const char *refresh_token, sso_token_t *tok);

/* ---- the service, as the helpers see it */

/* Every member returns SSO_OK or a status as the operations do; on
 * SSO_ERR_SERVICE, last_error() gives the exception name (code, e.g.
 * "AuthorizationPendingException"), the HTTP status and whether it is
 * retryable. On failure the output struct is zeroed. */
typedef struct sso_oidc_api {
    void *ctx;
    sso_status_t (*register_client)(void *ctx, const char *client_name, const char *const *scopes,
                                    size_t n_scopes, sso_registration_t *reg);
    sso_status_t (*start_device_authorization)(void *ctx, const sso_registration_t *reg,
                                               const char *start_url, sso_device_auth_t *auth);
    sso_status_t (*create_token)(void *ctx, const sso_registration_t *reg, const char *device_code,
                                 sso_token_t *tok);
    sso_status_t (*refresh_token)(void *ctx, const sso_registration_t *reg,
                                  const char *refresh_token, sso_token_t *tok);
    const sso_service_error_t *(*last_error)(void *ctx);
} sso_oidc_api_t;

/* Fills api with the real operations on client (sso_login_bind.c). */
void sso_oidc_api(sso_oidc_api_t *api, sso_client_t *client);

/* ---- the polling helper (sso_login_poll.c) */

/* What the application shows the person who approves the login. Strings
 * are valid during the callback only. */
typedef struct sso_login_prompt {
    const char *user_code;
    const char *verification_uri;
    const char *verification_uri_complete;
    uint32_t expires_in_s; /* lifetime of the code, as issued */
    uint32_t interval_s;   /* the current polling interval */
    uint32_t polls;        /* CreateToken polls made so far (0: first call) */
} sso_login_prompt_t;

/* Called once before the first poll (polls == 0: show the code) and again
 * before every later poll. Return 0 to go on, anything else to cancel
 * (SSO_ERR_ABORTED). */
typedef int (*sso_login_prompt_cb)(void *user, const sso_login_prompt_t *prompt);

typedef struct sso_device_login {
    const char *start_url;     /* the IAM Identity Center start URL */
    const char *client_name;   /* RegisterClient's clientName */
    const char *const *scopes; /* RegisterClient's scopes; may be NULL */
    size_t n_scopes;
    sso_login_prompt_cb on_prompt; /* required */
    void *user;
    /* Give up after this many milliseconds of the platform clock, counted
     * from the start of polling; 0: when the device code expires. The
     * earlier of the two always applies. */
    uint32_t deadline_ms;
} sso_device_login_t;

/* Polls CreateToken for an authorized device code (RFC 8628 §3.4-3.5):
 * waits `interval` (SSO_LOGIN_DEFAULT_INTERVAL_S if 0) before each poll,
 * keeps polling on AuthorizationPendingException, adds
 * SSO_LOGIN_SLOW_DOWN_S to the interval at each SlowDownException, and
 * keeps polling after a transient failure (network, 5xx, throttling; the
 * operation has already retried it). Returns SSO_OK with tok filled;
 * SSO_ERR_SERVICE for ExpiredTokenException, AccessDeniedException or any
 * other service error (see api->last_error()); SSO_ERR_TIMEOUT when the
 * deadline or the code's lifetime passes, or SSO_LOGIN_MAX_POLLS are made;
 * SSO_ERR_ABORTED when on_prompt cancels; SSO_ERR_INVALID_ARG. */
sso_status_t sso_login_poll(const sso_oidc_api_t *api, const sso_platform_t *platform,
                            const sso_device_login_t *login, const sso_registration_t *reg,
                            const sso_device_auth_t *auth, sso_token_t *tok);

/* The whole device flow: RegisterClient when reg->client_id is empty
 * (reuse a registration by passing it in), StartDeviceAuthorization into
 * auth, then sso_login_poll(). reg, auth and tok are the caller's. */
sso_status_t sso_device_login(const sso_oidc_api_t *api, const sso_platform_t *platform,
                              const sso_device_login_t *login, sso_registration_t *reg,
                              sso_device_auth_t *auth, sso_token_t *tok);

/* ---- the token lifecycle helper (sso_login_life.c) */

typedef enum sso_life_state {
    SSO_LIFE_VALID = 0,       /* the access token is usable; nothing was done */
    SSO_LIFE_REFRESHED = 1,   /* a refresh succeeded just now */
    SSO_LIFE_RETRY_LATER = 2, /* a refresh failed for a transient reason; the
                                 old token is kept (check sso_life_token) */
    SSO_LIFE_LOGIN_NEEDED = 3 /* run the device flow again: the registration or
                                 the refresh token expired or was refused */
} sso_life_state_t;

/* Caller-owned. Fields may be read; change them through the calls. */
typedef struct sso_token_life {
    sso_registration_t reg;
    char access_token[SSO_ACCESS_TOKEN_MAX + 1];
    char refresh_token[SSO_REFRESH_TOKEN_MAX + 1];
    int64_t expires_at;        /* the access token's, epoch seconds */
    int64_t retry_at;          /* no refresh attempt before this (epoch s) */
    uint32_t refresh_window_s; /* default SSO_LOGIN_REFRESH_WINDOW_S */
    uint32_t creds_window_s;   /* default SSO_LOGIN_CREDS_WINDOW_S */
    uint32_t refreshes;        /* successful refreshes */
    uint32_t failures;         /* transient refresh failures in a row */
    uint8_t login_needed;
} sso_token_life_t;

/* Empty, with the default windows; login_needed is set. */
void sso_life_init(sso_token_life_t *life);

/* Takes over a registration and a token (after sso_device_login(), or
 * from a cache) at wall-clock time now_s. The token's refresh_token may be
 * "". Returns SSO_ERR_INVALID_ARG for NULLs or an empty access token. */
sso_status_t sso_life_start(sso_token_life_t *life, const sso_registration_t *reg,
                            const sso_token_t *tok, int64_t now_s);

/* Call regularly (every minute is plenty). Refreshes the access token with
 * the refresh-token grant once now_s is inside the refresh window, keeping
 * the old refresh token when none is returned. scratch receives the
 * operation's output and is wiped before returning. *status (may be NULL)
 * gets the status of the refresh attempt, SSO_OK when none was made. */
sso_life_state_t sso_life_tick(sso_token_life_t *life, const sso_oidc_api_t *api, int64_t now_s,
                               sso_token_t *scratch, sso_status_t *status);

/* The access token if it is still valid at now_s, else NULL. */
const char *sso_life_token(const sso_token_life_t *life, int64_t now_s);

/* 1 when role credentials expiring at expiration_ms (epoch milliseconds,
 * sso_role_credentials_t.expiration; 0 for none) should be renewed at now_s:
 * inside creds_window_s of their expiration, or already expired. */
int sso_life_creds_due(const sso_token_life_t *life, int64_t expiration_ms, int64_t now_s);

/* Wipes every secret and empties the struct (login_needed set). */
void sso_life_wipe(sso_token_life_t *life);

#ifdef __cplusplus
}
#endif

#endif
