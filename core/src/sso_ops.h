/* The operations as data (internal): one row per operation says what its
 * request carries and what its response holds, so every operation shares
 * one request writer, one response routine and one field mapping. A new
 * operation is a new row (and a new output struct), not new code. The
 * tests and fuzzers link these same tables. */
#ifndef TINYSSO_SSO_OPS_H
#define TINYSSO_SSO_OPS_H

#include <stddef.h>
#include <stdint.h>

#include "sso_json_map.h"
#include "sso_json_split.h"

enum {
    SSO_OP_GET_ROLE_CREDENTIALS,
    SSO_OP_LIST_ACCOUNTS,
    SSO_OP_LIST_ACCOUNT_ROLES,
    SSO_OP_LOGOUT,
    SSO_OP_COUNT
};

/* The values a request takes from its call (sso_call_t.args), by index. */
enum {
    SSO_ARG_ACCOUNT_ID,
    SSO_ARG_ROLE_NAME,
    SSO_ARG_MAX_RESULT,
    SSO_ARG_NEXT_TOKEN,
    SSO_ARG_COUNT
};

/* A request member: a query parameter, or a member of a JSON body. An
 * argument that is NULL is left out. */
typedef struct sso_param {
    const char *name; /* a query parameter's ends in '=' */
    uint8_t arg;      /* SSO_ARG_* */
} sso_param_t;

/* How a response body reaches the caller. */
enum {
    SSO_OUT_NONE,   /* the body is not read (Logout) */
    SSO_OUT_OBJECT, /* members[0] is an object mapped into the caller's struct;
                       an SSO_JSON_ROOT member maps the body's own fields */
    SSO_OUT_LIST    /* members[0] is a list; each item goes to a callback */
};

typedef struct sso_op {
    const char *method; /* "GET " or "POST " (the space that follows it included) */
    const char *path;
    const sso_param_t *query;
    /* POST only: members of a JSON object body, written from the args
     * (JSON-escaped, with its Content-Length). No portal operation has one;
     * rows that do (the OIDC operations) come with the writer of such a
     * body. A POST without one sends Content-Length: 0. */
    const sso_param_t *body;
    const sso_json_member_t *members; /* response members of interest */
    const sso_json_field_t *fields;   /* fields of the object or of each list item */
    uint8_t n_query, n_body, n_members, n_fields;
    uint8_t out;       /* SSO_OUT_* */
    uint8_t bearer;    /* 1: sends the access token as x-amz-sso_bearer_token */
    uint8_t errors;    /* SSO_ERRORS_*: how the service reports an error */
    uint8_t required;  /* one bit per field a success must carry */
    uint16_t out_size; /* SSO_OUT_OBJECT: size of the caller's struct */
} sso_op_t;

extern const sso_op_t sso_ops[SSO_OP_COUNT];

/* For the tables of rows (here and sso_oidc.c): an array's length, and a
 * field row by struct member: JSON key, where it goes and how big it is. */
#define SSO_COUNT(a) (uint8_t)(sizeof(a) / sizeof((a)[0]))
#define SSO_STR_FIELD(type, member, key)                                                           \
    {                                                                                              \
        key, (uint16_t)offsetof(type, member), (uint16_t)sizeof(((type *)0)->member),              \
            SSO_FIELD_STRING                                                                       \
    }
#define SSO_INT_FIELD(type, member, key)                                                           \
    {                                                                                              \
        key, (uint16_t)offsetof(type, member), 0, SSO_FIELD_INT64                                  \
    }

#endif
