/* The JSON value model behind --query and the output formats: a tree of
 * values carved from a caller's arena (no malloc here), built from JSON text
 * with the CLI's own validating reader (cli_json_in), and the few value rules
 * both JMESPath and the formatters need (Python's equality, truthiness,
 * ordering of strings by code point). Numbers keep whether they were written
 * as integers, as Python's json module does, so they print back the same. */
#ifndef TINYSSO_CLI_JVALUE_H
#define TINYSSO_CLI_JVALUE_H

#include <stddef.h>

#include "cli_json_in.h"

typedef enum {
    SSO_CLI_JV_NULL = 0,
    SSO_CLI_JV_FALSE,
    SSO_CLI_JV_TRUE,
    SSO_CLI_JV_NUMBER,
    SSO_CLI_JV_STRING,
    SSO_CLI_JV_ARRAY,
    SSO_CLI_JV_OBJECT
} sso_cli_jv_type_t;

/* Bump allocation from one caller buffer; `failed` is sticky. */
typedef struct sso_cli_arena {
    unsigned char *base;
    size_t cap;
    size_t used;
    int failed;
} sso_cli_arena_t;

void sso_cli_arena_init(sso_cli_arena_t *a, void *buf, size_t cap);
/* n bytes aligned for any value struct, zeroed; NULL when the arena is full. */
void *sso_cli_arena_alloc(sso_cli_arena_t *a, size_t n);
/* Text written straight into the free space (sso_cli_arena_free_space) is
 * kept: its first n bytes become allocated, as they are. */
char *sso_cli_arena_free_space(const sso_cli_arena_t *a, size_t *cap);
void *sso_cli_arena_take(sso_cli_arena_t *a, size_t n);

typedef struct sso_cli_jv sso_cli_jv_t;
struct sso_cli_jv {
    sso_cli_jv_type_t type;
    int is_int;           /* NUMBER: an integer (printed without a fraction) */
    long long inum;       /* NUMBER and is_int */
    double num;           /* NUMBER, always set */
    const char *str;      /* STRING: UTF-8, not NUL-terminated */
    size_t len;           /* STRING: bytes; ARRAY, OBJECT: items / members */
    sso_cli_jv_t **items; /* ARRAY: items; OBJECT: member values */
    sso_cli_jv_t **keys;  /* OBJECT: member names (STRING values), in order */
};

/* The shared constants: never modify them. */
extern sso_cli_jv_t sso_cli_jv_null, sso_cli_jv_true, sso_cli_jv_false;

sso_cli_jv_t *sso_cli_jv_new(sso_cli_arena_t *a, sso_cli_jv_type_t type);
sso_cli_jv_t *sso_cli_jv_string(sso_cli_arena_t *a, const char *s, size_t len);
sso_cli_jv_t *sso_cli_jv_int(sso_cli_arena_t *a, long long v);
sso_cli_jv_t *sso_cli_jv_double(sso_cli_arena_t *a, double v);
sso_cli_jv_t *sso_cli_jv_bool(int v);
/* An array or object with room for cap items (len starts at 0). */
sso_cli_jv_t *sso_cli_jv_array(sso_cli_arena_t *a, size_t cap);
sso_cli_jv_t *sso_cli_jv_object(sso_cli_arena_t *a, size_t cap);
/* Sets a member, replacing an existing one of the same name in place (the
 * rule of a Python dict); the object must have room. */
void sso_cli_jv_set(sso_cli_jv_t *obj, sso_cli_jv_t *key, sso_cli_jv_t *val);

/* Parses JSON text (a whole document, validated first). NULL when the text
 * is not JSON, a string holds \u0000, or the arena is full (a->failed). */
sso_cli_jv_t *sso_cli_jv_parse(sso_cli_arena_t *a, const char *text, size_t len);

/* Member `name` of an object, or NULL. */
sso_cli_jv_t *sso_cli_jv_get(const sso_cli_jv_t *obj, const char *name, size_t len);

int sso_cli_jv_truthy(const sso_cli_jv_t *v); /* JMESPath: false, null, "", [], {} are false */
int sso_cli_jv_equal(const sso_cli_jv_t *x, const sso_cli_jv_t *y);
int sso_cli_jv_is_scalar(const sso_cli_jv_t *v); /* not an array or object */
/* Byte order of UTF-8 is code point order, Python's string order. */
int sso_cli_jv_strcmp(const sso_cli_jv_t *x, const sso_cli_jv_t *y);
/* Code points in a UTF-8 string (Python's len()). */
size_t sso_cli_utf8_count(const char *s, size_t len);

#endif
