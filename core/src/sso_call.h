/* One operation call (internal): the attempt (connect or reuse, request,
 * response, what it means) and the retry loop around it. */
#ifndef TINYSSO_SSO_CALL_H
#define TINYSSO_SSO_CALL_H

#include <stddef.h>
#include <stdint.h>

#include <tinysso/tinysso.h>

#include "sso_http_resp.h"
#include "sso_json_split.h"
#include "sso_ops.h"
#include "sso_service_error.h"

/* Everything one call needs; lives on the caller's stack for one call. */
typedef struct sso_call {
    sso_client_t *c;
    const sso_op_t *op;
    uint8_t op_id;
    const char *token;
    const char *args[SSO_ARG_COUNT];
    void *out;                 /* SSO_OUT_OBJECT: the caller's struct */
    sso_account_cb on_account; /* SSO_OUT_LIST */
    sso_role_cb on_role;
    void *user;
    sso_next_token_t *next; /* SSO_OUT_LIST: receives nextToken */
    /* A request body (the OIDC operations): before each attempt connects,
     * body() renders the request's end (its Content-Type and
     * Content-Length lines, the blank line, the body) into buf and points
     * *text at it, so that a body which does not fit is an error before
     * anything is sent. It lives with the operations that need it
     * (sso_oidc.c), so a firmware without them links none of it. */
    int (*body)(const struct sso_call *k, char *buf, size_t cap, const char **text, size_t *len);
    const void *body_ctx;
    const char *body_text;
    size_t body_len;
    size_t next_len;
    uint32_t seen;          /* list items seen in this attempt */
    uint32_t delivered;     /* list items handed to the callback, all attempts */
    uint32_t found;         /* fields of the object mapped */
    uint8_t got_bytes;      /* any response byte arrived in this attempt */
    uint8_t json_bad;       /* an error body that is not JSON: ignored */
    uint8_t end_unverified; /* the stream ended without TLS close_notify */
    sso_error_reader_t err;
    sso_http_resp_t http;
    sso_json_split_t json;
} sso_call_t;

/* Starts a call of operation op_id: checks the client and the access
 * token and clears the last error. SSO_OK or SSO_ERR_INVALID_ARG. */
int sso_call_init(sso_call_t *k, sso_client_t *c, const char *token, unsigned op_id);

/* The same for an operation of another table (the OIDC rows); token is
 * checked only when the row sends one. */
int sso_call_init_row(sso_call_t *k, sso_client_t *c, const char *token, const sso_op_t *op);

/* Runs the call with retries (PROTOCOL §4); the working buffer is wiped
 * after it. On failure the list's next token is emptied. */
sso_status_t sso_call_run(sso_call_t *k);

/* Closes a kept-alive connection, if any. */
void sso_disconnect(sso_client_t *c);

/* Wipes what a call parsed: the working buffer and the list item. */
void sso_wipe_work(sso_client_t *c);

#endif
