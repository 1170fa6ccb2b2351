/* JMESPath (the language of the AWS CLI's --query), evaluated the way
 * jmespath.py 1.0 evaluates it: the same grammar and binding powers, the same
 * functions and type rules, the same error kinds as its compliance suite.
 * No malloc: the parsed expression, every intermediate value and the result
 * live in the caller's arena; a full arena is a status, never a crash. */
#ifndef TINYSSO_CLI_JMESPATH_H
#define TINYSSO_CLI_JMESPATH_H

#include <stddef.h>

#include "cli_jvalue.h"

typedef enum {
    SSO_CLI_JP_OK = 0,
    SSO_CLI_JP_ERR_SYNTAX,           /* the expression is not JMESPath */
    SSO_CLI_JP_ERR_INVALID_TYPE,     /* a function got an argument of the wrong type */
    SSO_CLI_JP_ERR_INVALID_VALUE,    /* e.g. a slice step of 0 */
    SSO_CLI_JP_ERR_INVALID_ARITY,    /* a function got too few or too many arguments */
    SSO_CLI_JP_ERR_UNKNOWN_FUNCTION, /* no function of that name */
    SSO_CLI_JP_ERR_MEMORY            /* the arena is full */
} sso_cli_jp_status_t;

typedef struct sso_cli_jp_node sso_cli_jp_node_t;

/* Compiles expr (len bytes, UTF-8) into an AST in the arena. On an error,
 * err gets a one-line reason. */
sso_cli_jp_status_t sso_cli_jp_compile(sso_cli_arena_t *a, const char *expr, size_t len,
                                       sso_cli_jp_node_t **out, char *err, size_t cap);

/* Evaluates a compiled expression against data; *out is never NULL on OK
 * (JSON null is &sso_cli_jv_null). */
sso_cli_jp_status_t sso_cli_jp_search(sso_cli_arena_t *a, const sso_cli_jp_node_t *expr,
                                      sso_cli_jv_t *data, sso_cli_jv_t **out, char *err,
                                      size_t cap);

/* The compliance suite's name of an error kind ("syntax", "invalid-type"...). */
const char *sso_cli_jp_status_kind(sso_cli_jp_status_t st);

#endif
