/* A small strict JSON reader for the two documents the CLI reads itself: the
 * SSO token cache file and the decoded --starting-token. It validates the
 * whole text (unlike jsmn, which accepts `{"a"}` or `[1,]`) and finds
 * top-level members; it never allocates. */
#ifndef TINYSSO_CLI_JSON_IN_H
#define TINYSSO_CLI_JSON_IN_H

#include <stddef.h>

typedef enum {
    SSO_CLI_JSON_NONE = 0, /* member absent */
    SSO_CLI_JSON_STRING,
    SSO_CLI_JSON_NUMBER,
    SSO_CLI_JSON_OBJECT,
    SSO_CLI_JSON_ARRAY,
    SSO_CLI_JSON_TRUE,
    SSO_CLI_JSON_FALSE,
    SSO_CLI_JSON_NULL
} sso_cli_json_type_t;

/* A value's raw text inside the document (strings keep their quotes). */
typedef struct sso_cli_json_span {
    sso_cli_json_type_t type;
    const char *p;
    size_t len;
} sso_cli_json_span_t;

/* Checks that text is one valid JSON object (nesting at most 64 deep) and
 * finds its top-level member `key`; when a key repeats, the last one wins,
 * as in Python. Returns 0 (out->type is SSO_CLI_JSON_NONE when absent) or
 * -1 when the text is not a valid JSON object. */
int sso_cli_json_find(const char *text, size_t len, const char *key, sso_cli_json_span_t *out);

/* Checks that text is exactly one JSON value of any type (whitespace around
 * it allowed, nesting at most 64 deep). Returns 0 with its span, or -1. */
int sso_cli_json_value(const char *text, size_t len, sso_cli_json_span_t *out);

/* Steps through the members of an OBJECT span or the items of an ARRAY span
 * that sso_cli_json_find or sso_cli_json_value has validated. *cursor starts
 * NULL. Returns 1 with the next member (key is NULL-typed for arrays), 0 at
 * the end. */
int sso_cli_json_next(const sso_cli_json_span_t *container, const char **cursor,
                      sso_cli_json_span_t *key, sso_cli_json_span_t *val);

/* Unescapes a STRING span into out (NUL-terminated). Returns the length, or
 * -1 when it does not fit or would contain a NUL (\u0000). */
long sso_cli_json_unescape(const sso_cli_json_span_t *s, char *out, size_t cap);

/* Reads a NUMBER span that is an integer; returns 0 and sets *v, or -1. */
int sso_cli_json_integer(const sso_cli_json_span_t *s, long long *v);

#endif
