/* The service-error model (internal): where an error's code, message and
 * request id come from, in which precedence (PROTOCOL §3), and which
 * failures the standard retry mode retries (PROTOCOL §4). The call feeds it
 * the headers and the error body's members of interest; it fills the
 * client's sso_service_error_t. */
#ifndef TINYSSO_SSO_SERVICE_ERROR_H
#define TINYSSO_SSO_SERVICE_ERROR_H

#include <stddef.h>
#include <stdint.h>

#include <tinysso/tinysso.h>

#include "sso_json_split.h"

/* How a service reports errors; an operation names its model.
 * REST_JSON (the portal, Smithy restJson1): code from the X-Amzn-ErrorType
 *   header, else the body's "code", else its "__type"; message from
 *   "message", else "Message".
 * OAUTH (SSO OIDC, PROTOCOL §7): code from X-Amzn-ErrorType only; message
 *   from "error_description", else the OAuth "error". */
enum { SSO_ERRORS_REST_JSON, SSO_ERRORS_OAUTH, SSO_ERRORS_COUNT };

/* What an error body member gives: the tag of its sso_json_member_t. Within
 * codes and within messages, a larger value wins over a smaller one
 * whatever their order in the body. */
enum {
    SSO_SRC_NONE,
    SSO_SRC_CODE_TYPE,   /* body "__type" */
    SSO_SRC_CODE_BODY,   /* body "code" */
    SSO_SRC_CODE_HEADER, /* X-Amzn-ErrorType */
    SSO_SRC_MESSAGE_ALT, /* body "Message", OAuth "error" */
    SSO_SRC_MESSAGE      /* body "message", "error_description" */
};

/* The error body members of a model, for the JSON splitter. */
typedef struct sso_error_model {
    const sso_json_member_t *members;
    uint8_t n_members;
} sso_error_model_t;

extern const sso_error_model_t sso_error_models[SSO_ERRORS_COUNT];

/* Accumulates an error code while sanitizing it on the fly (PROTOCOL §3):
 * everything from the first ':' is dropped, and a '#' drops what came before
 * it, so the last '#'-segment of the part before ':' remains. */
typedef struct sso_code_acc {
    char *dst;
    uint8_t cap; /* bytes, NUL included */
    uint8_t len;
    uint8_t stop;     /* a ':' was seen */
    uint8_t overflow; /* the sanitized code did not fit */
} sso_code_acc_t;

void sso_code_begin(sso_code_acc_t *a, char *dst, size_t cap);
void sso_code_push(sso_code_acc_t *a, const char *s, size_t n);
/* 1 when a usable (non-empty, complete) code was collected. */
int sso_code_ok(const sso_code_acc_t *a);

/* One response's error sources, read into e as they stream by. */
typedef struct sso_error_reader {
    sso_service_error_t *e;
    sso_code_acc_t code;
    uint8_t code_src; /* SSO_SRC_CODE_*: where the code in e came from */
    uint8_t msg_src;  /* SSO_SRC_MESSAGE*: where the message came from */
    uint8_t cur;      /* source of the value being read; NONE: ignored */
    uint16_t rid_len, msg_len;
} sso_error_reader_t;

/* Empties e (attempts and retryable included) and the reader. */
void sso_error_begin(sso_error_reader_t *r, sso_service_error_t *e);
/* A header of interest (an sso_http_sink_t on_header event): X-Amzn-ErrorType
 * or the request id. */
void sso_error_header(sso_error_reader_t *r, int id, const char *piece, size_t len);
/* An error body's string member of source src: piece NULL at its start. */
void sso_error_string(sso_error_reader_t *r, unsigned src, const char *piece, size_t len);
/* An error response is complete: without a code, the code is the status. */
void sso_error_end(sso_error_reader_t *r, unsigned http_status);

/* 1 when the standard retry mode retries this outcome (PROTOCOL §4). */
int sso_retryable(int status, int http_status, const char *code);

#endif
