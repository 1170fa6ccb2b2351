/* tinysso: a zero-malloc client for the AWS SSO portal API.
 *
 * The caller owns all memory: an sso_client_t, one working buffer, and the
 * output structs. Nothing here allocates, logs a secret, or touches an OS
 * except through the transport and platform given in sso_config_t. */
#ifndef TINYSSO_TINYSSO_H
#define TINYSSO_TINYSSO_H

#include <stddef.h>
#include <stdint.h>

#include "sso_config_defaults.h"
#include "sso_status.h"
#include "sso_transport.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sso_account {
    char account_id[SSO_ACCOUNT_ID_MAX + 1];
    char account_name[SSO_ACCOUNT_NAME_MAX + 1];
    char email_address[SSO_EMAIL_MAX + 1];
} sso_account_t;

typedef struct sso_role {
    char role_name[SSO_ROLE_NAME_MAX + 1];
    char account_id[SSO_ACCOUNT_ID_MAX + 1];
} sso_role_t;

typedef struct sso_role_credentials {
    char access_key_id[SSO_ACCESS_KEY_ID_MAX + 1];
    char secret_access_key[SSO_SECRET_ACCESS_KEY_MAX + 1];
    char session_token[SSO_SESSION_TOKEN_MAX + 1];
    int64_t expiration; /* epoch milliseconds */
} sso_role_credentials_t;

/* Opaque paging token; value[0] == '\0' means there is no further page. */
typedef struct sso_next_token {
    char value[SSO_NEXT_TOKEN_MAX + 1];
} sso_next_token_t;

/* The last error the service returned (PROTOCOL §3). code is the
 * sanitized error code, or the HTTP status in decimal when none was given. */
typedef struct sso_service_error {
    int http_status;
    char code[SSO_ERROR_CODE_MAX + 1];
    char message[SSO_ERROR_MESSAGE_MAX + 1];
    char request_id[SSO_REQUEST_ID_MAX + 1];
    uint8_t message_truncated; /* 1 when message was longer than the field */
    uint8_t attempts;          /* attempts the last call made (1 + retries) */
    uint8_t retryable;         /* 1 when the last failure was of a retryable kind */
    /* The JSON member whose value failed the last call with
     * SSO_ERR_FIELD_TOO_LONG or SSO_ERR_FIELD_INVALID ("sessionToken",
     * "nextToken", ...); NULL otherwise. Points into a constant table. */
    const char *field;
} sso_service_error_t;

typedef struct sso_config {
    const char *region;       /* e.g. "us-east-1"; may be NULL with endpoint_url */
    const char *endpoint_url; /* "https://host[:port][/prefix]"; for tests "http://host:port" */
    uint8_t use_fips;
    uint8_t use_dual_stack;
    uint8_t *work_buf; /* at least SSO_WORK_MIN bytes; see README for per-op needs */
    size_t work_len;
    const sso_transport_t *transport;
    const sso_platform_t *platform;
    uint32_t connect_timeout_ms; /* 0: SSO_DEFAULT_CONNECT_TIMEOUT_MS */
    uint32_t read_timeout_ms;    /* 0: SSO_DEFAULT_READ_TIMEOUT_MS */
    /* Whole-response deadline per attempt, so a server that trickles bytes
     * forever cannot hold the caller. 0: SSO_RESPONSE_TIMEOUT_FACTOR times
     * the read timeout. */
    uint32_t response_timeout_ms;
    uint8_t max_attempts; /* 0: SSO_DEFAULT_MAX_ATTEMPTS; 1 disables retries */
} sso_config_t;

/* Caller-allocated client context. Fields are private; read them through the
 * accessors below. */
typedef struct sso_client {
    sso_config_t cfg;
    char host[SSO_HOST_MAX + 1];
    uint16_t port;
    uint8_t connected; /* a reusable keep-alive connection is open */
    uint32_t retry_quota;
    uint32_t connects; /* TCP/TLS connections opened so far (for tests/metrics) */
    sso_service_error_t last_error;
    union {
        sso_account_t account;
        sso_role_t role;
    } item; /* the list item being delivered to a callback */
} sso_client_t;

/* Paging options of one list call. next_token NULL or "" asks for the first
 * page; max_result 0 lets the service choose (20), else 1..100. */
typedef struct sso_page_opts {
    const char *next_token;
    uint8_t max_result;
} sso_page_opts_t;

/* Item callbacks return 0 to go on, anything else to stop (SSO_ERR_ABORTED).
 * The item is valid only during the call. */
typedef int (*sso_account_cb)(void *user, const sso_account_t *account);
typedef int (*sso_role_cb)(void *user, const sso_role_t *role);

/* Storage a page walk needs: the token that fetched the current page and the
 * one the page returned; what the walk did so far. */
typedef struct sso_walk_state {
    sso_next_token_t token[2];
    uint32_t pages; /* pages fetched */
    uint32_t items; /* items handed to the item callback */
} sso_walk_state_t;

/* Called after each page of a walk. token fetched the page ("" for the first
 * page of a walk without a starting token), next is the nextToken the page
 * returned ("" on the last page), items counts the items the walk delivered,
 * this page's included. Both strings stay valid until the walk returns.
 * Return 0 to go on, anything else to end the walk after this page (the walk
 * then returns SSO_OK). */
typedef int (*sso_page_cb)(void *user, const char *token, const char *next, uint32_t items);

/* Options of a walk. */
typedef struct sso_walk_opts {
    const char *starting_token; /* NULL or "": the first page; else a nextToken */
    uint8_t max_result;         /* page size: 0 lets the service choose, else 1..100 */
    sso_page_cb on_page;        /* may be NULL */
    void *page_user;
} sso_walk_opts_t;

/* Validates config, resolves the endpoint (no I/O). */
sso_status_t sso_client_init(sso_client_t *client, const sso_config_t *config);

/* Closes a kept-alive connection and wipes the working buffer. */
void sso_client_close(sso_client_t *client);

sso_status_t sso_get_role_credentials(sso_client_t *client, const char *access_token,
                                      const char *account_id, const char *role_name,
                                      sso_role_credentials_t *creds);

/* One page. next_token receives the page's nextToken ("" when last) and must
 * not alias opts->next_token. */
sso_status_t sso_list_accounts(sso_client_t *client, const char *access_token,
                               const sso_page_opts_t *opts, sso_account_cb on_account, void *user,
                               sso_next_token_t *next_token);

sso_status_t sso_list_account_roles(sso_client_t *client, const char *access_token,
                                    const char *account_id, const sso_page_opts_t *opts,
                                    sso_role_cb on_role, void *user, sso_next_token_t *next_token);

/* Every page from opts->starting_token, over one kept-alive connection,
 * each item exactly once, with opts->on_page after each page (for callers
 * that page by their own rules, like the CLI's --max-items). */
sso_status_t sso_walk_accounts(sso_client_t *client, const char *access_token,
                               const sso_walk_opts_t *opts, sso_account_cb on_account, void *user,
                               sso_walk_state_t *state);

sso_status_t sso_walk_account_roles(sso_client_t *client, const char *access_token,
                                    const char *account_id, const sso_walk_opts_t *opts,
                                    sso_role_cb on_role, void *user, sso_walk_state_t *state);

/* Every page, from the first, no hook. max_result 0 lets the service choose
 * the page size. Inline: the walk above with default options. */
static inline sso_status_t sso_list_all_accounts(sso_client_t *client, const char *access_token,
                                                 uint8_t max_result, sso_account_cb on_account,
                                                 void *user, sso_walk_state_t *state)
{
    sso_walk_opts_t o = {NULL, max_result, NULL, NULL};
    return sso_walk_accounts(client, access_token, &o, on_account, user, state);
}

static inline sso_status_t sso_list_all_account_roles(sso_client_t *client,
                                                      const char *access_token,
                                                      const char *account_id, uint8_t max_result,
                                                      sso_role_cb on_role, void *user,
                                                      sso_walk_state_t *state)
{
    sso_walk_opts_t o = {NULL, max_result, NULL, NULL};
    return sso_walk_account_roles(client, access_token, account_id, &o, on_role, user, state);
}

sso_status_t sso_logout(sso_client_t *client, const char *access_token);

/* Accessors (inline: they cost a caller one load, and nothing in flash
 * when unused). */

/* The last service error (valid after SSO_ERR_SERVICE); cleared by each call. */
static inline const sso_service_error_t *sso_client_last_error(const sso_client_t *client)
{
    return &client->last_error;
}

/* The host the client talks to, resolved at init. */
static inline const char *sso_client_host(const sso_client_t *client)
{
    return client->host;
}

/* 1 while a kept-alive connection is open for the next call. */
static inline int sso_client_connected(const sso_client_t *client)
{
    return client->connected;
}

/* Connections (TCP, or TLS over TCP) opened since init: for metrics and
 * tests of connection reuse. */
static inline uint32_t sso_client_connections(const sso_client_t *client)
{
    return client->connects;
}

#ifdef __cplusplus
}
#endif

#endif
