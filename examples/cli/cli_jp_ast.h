/* The JMESPath syntax tree shared by the parser (cli_jp_parse.c), the
 * evaluator (cli_jp_eval.c) and the functions (cli_jp_func.c). */
#ifndef TINYSSO_CLI_JP_AST_H
#define TINYSSO_CLI_JP_AST_H

#include "cli_jmespath.h"

typedef enum {
    JP_FIELD,      /* name */
    JP_CURRENT,    /* @, and the identity the grammar inserts */
    JP_LITERAL,    /* literal */
    JP_SUBEXPR,    /* left . right */
    JP_INDEX,      /* [index] */
    JP_SLICE,      /* [start:stop:step] */
    JP_PROJECTION, /* left[*] right, left[] right, slices */
    JP_VALUES,     /* left.* right */
    JP_FILTER,     /* left[?cond] right */
    JP_FLATTEN,    /* left[] */
    JP_OR,         /* left || right */
    JP_AND,        /* left && right */
    JP_NOT,        /* !left */
    JP_COMPARE,    /* left op right */
    JP_PIPE,       /* left | right */
    JP_MULTI_LIST, /* [args...] */
    JP_MULTI_HASH, /* {keys: args...} */
    JP_FUNCTION,   /* name(args...) */
    JP_EXPREF      /* &left */
} jp_kind_t;

typedef enum { JP_EQ, JP_NE, JP_LT, JP_LE, JP_GT, JP_GE } jp_cmp_t;

struct sso_cli_jp_node {
    jp_kind_t kind;
    jp_cmp_t cmp;
    const char *name; /* FIELD, FUNCTION */
    size_t name_len;
    sso_cli_jv_t *literal;
    long slice[3];    /* INDEX uses slice[0] */
    int has_slice[3]; /* which slice parts were given */
    const sso_cli_jp_node_t *left, *right, *cond;
    const sso_cli_jp_node_t **args; /* MULTI_*, FUNCTION */
    sso_cli_jv_t **keys;            /* MULTI_HASH */
    size_t nargs;
    int index_expr; /* SUBEXPR made by left[n]: a later [slice] joins it unprojected */
};

/* The evaluator's state, also handed to the functions. */
typedef struct {
    sso_cli_arena_t *arena;
    char *err;
    size_t err_cap;
    unsigned depth;
} jp_ctx_t;

sso_cli_jp_status_t jp_eval(jp_ctx_t *c, const sso_cli_jp_node_t *n, sso_cli_jv_t *v,
                            sso_cli_jv_t **out);
sso_cli_jp_status_t jp_call(jp_ctx_t *c, const sso_cli_jp_node_t *fn, sso_cli_jv_t *v,
                            sso_cli_jv_t **out);
sso_cli_jp_status_t jp_fail(jp_ctx_t *c, sso_cli_jp_status_t st, const char *fmt, ...);

#endif
