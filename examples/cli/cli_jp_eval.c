/* JMESPath evaluation: jmespath.py's tree interpreter rule for rule. A
 * projection drops null results; field access on a non-object, an index on a
 * non-array and a projection over the wrong type give null; ordering
 * comparisons apply to numbers and to strings (by code point) only. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli_jp_ast.h"

#define MAX_DEPTH 400

sso_cli_jp_status_t jp_fail(jp_ctx_t *c, sso_cli_jp_status_t st, const char *fmt, ...)
{
    va_list ap;

    if (c->err_cap > 0) {
        va_start(ap, fmt);
        vsnprintf(c->err, c->err_cap, fmt, ap);
        va_end(ap);
    }
    return st;
}

static sso_cli_jp_status_t oom(jp_ctx_t *c)
{
    return jp_fail(c, SSO_CLI_JP_ERR_MEMORY, "out of memory evaluating the query");
}

static sso_cli_jp_status_t index_of(jp_ctx_t *c, const sso_cli_jp_node_t *n, sso_cli_jv_t *v,
                                    sso_cli_jv_t **out)
{
    long i = n->slice[0];

    (void)c;
    *out = &sso_cli_jv_null;
    if (v->type != SSO_CLI_JV_ARRAY) {
        return SSO_CLI_JP_OK;
    }
    if (i < 0) {
        i += (long)v->len;
    }
    if (i >= 0 && (size_t)i < v->len) {
        *out = v->items[i];
    }
    return SSO_CLI_JP_OK;
}

/* Python's slice.indices() and list[start:stop:step]. */
static sso_cli_jp_status_t slice_of(jp_ctx_t *c, const sso_cli_jp_node_t *n, sso_cli_jv_t *v,
                                    sso_cli_jv_t **out)
{
    long len, step = n->has_slice[2] ? n->slice[2] : 1, start, stop, i;
    sso_cli_jv_t *r;

    *out = &sso_cli_jv_null;
    if (v->type != SSO_CLI_JV_ARRAY) {
        return SSO_CLI_JP_OK;
    }
    if (step == 0) {
        return jp_fail(c, SSO_CLI_JP_ERR_INVALID_VALUE, "slice step cannot be zero");
    }
    len = (long)v->len;
    if (n->has_slice[0]) {
        start = n->slice[0] < 0 ? n->slice[0] + len : n->slice[0];
        if (start < 0) {
            start = step < 0 ? -1 : 0;
        } else if (start >= len) {
            start = step < 0 ? len - 1 : len;
        }
    } else {
        start = step < 0 ? len - 1 : 0;
    }
    if (n->has_slice[1]) {
        stop = n->slice[1] < 0 ? n->slice[1] + len : n->slice[1];
        if (stop < 0) {
            stop = step < 0 ? -1 : 0;
        } else if (stop >= len) {
            stop = step < 0 ? len - 1 : len;
        }
    } else {
        stop = step < 0 ? -1 : len;
    }
    if ((r = sso_cli_jv_array(c->arena, v->len)) == NULL) {
        return oom(c);
    }
    for (i = start; step > 0 ? i < stop : i > stop; i += step) {
        r->items[r->len++] = v->items[i];
    }
    *out = r;
    return SSO_CLI_JP_OK;
}

/* Applies right to each element (array items, or object values for
 * JP_VALUES), keeping the non-null results; with cond, only elements that
 * pass it. */
static sso_cli_jp_status_t project(jp_ctx_t *c, const sso_cli_jp_node_t *n, sso_cli_jv_t *v,
                                   sso_cli_jv_t **out)
{
    sso_cli_jv_t *base, *r;
    sso_cli_jp_status_t st;
    size_t i;

    *out = &sso_cli_jv_null;
    if ((st = jp_eval(c, n->left, v, &base)) != SSO_CLI_JP_OK) {
        return st;
    }
    if (base->type != (n->kind == JP_VALUES ? SSO_CLI_JV_OBJECT : SSO_CLI_JV_ARRAY)) {
        return SSO_CLI_JP_OK;
    }
    if ((r = sso_cli_jv_array(c->arena, base->len)) == NULL) {
        return oom(c);
    }
    for (i = 0; i < base->len; i++) {
        sso_cli_jv_t *item = base->items[i], *res;
        if (n->cond != NULL) {
            if ((st = jp_eval(c, n->cond, item, &res)) != SSO_CLI_JP_OK) {
                return st;
            }
            if (!sso_cli_jv_truthy(res)) {
                continue;
            }
        }
        if ((st = jp_eval(c, n->right, item, &res)) != SSO_CLI_JP_OK) {
            return st;
        }
        if (res->type != SSO_CLI_JV_NULL) {
            r->items[r->len++] = res;
        }
    }
    *out = r;
    return SSO_CLI_JP_OK;
}

static sso_cli_jp_status_t flatten(jp_ctx_t *c, const sso_cli_jp_node_t *n, sso_cli_jv_t *v,
                                   sso_cli_jv_t **out)
{
    sso_cli_jv_t *base, *r;
    sso_cli_jp_status_t st;
    size_t i, j, total = 0;

    *out = &sso_cli_jv_null;
    if ((st = jp_eval(c, n->left, v, &base)) != SSO_CLI_JP_OK) {
        return st;
    }
    if (base->type != SSO_CLI_JV_ARRAY) {
        return SSO_CLI_JP_OK;
    }
    for (i = 0; i < base->len; i++) {
        total += base->items[i]->type == SSO_CLI_JV_ARRAY ? base->items[i]->len : 1;
    }
    if ((r = sso_cli_jv_array(c->arena, total)) == NULL) {
        return oom(c);
    }
    for (i = 0; i < base->len; i++) {
        sso_cli_jv_t *e = base->items[i];
        if (e->type != SSO_CLI_JV_ARRAY) {
            r->items[r->len++] = e;
            continue;
        }
        for (j = 0; j < e->len; j++) {
            r->items[r->len++] = e->items[j];
        }
    }
    *out = r;
    return SSO_CLI_JP_OK;
}

static sso_cli_jp_status_t compare(jp_ctx_t *c, const sso_cli_jp_node_t *n, sso_cli_jv_t *v,
                                   sso_cli_jv_t **out)
{
    sso_cli_jv_t *l, *r;
    sso_cli_jp_status_t st;
    int order;

    if ((st = jp_eval(c, n->left, v, &l)) != SSO_CLI_JP_OK ||
        (st = jp_eval(c, n->right, v, &r)) != SSO_CLI_JP_OK) {
        return st;
    }
    if (n->cmp == JP_EQ || n->cmp == JP_NE) {
        *out = sso_cli_jv_bool(sso_cli_jv_equal(l, r) == (n->cmp == JP_EQ));
        return SSO_CLI_JP_OK;
    }
    *out = &sso_cli_jv_null;
    if (l->type == SSO_CLI_JV_NUMBER && r->type == SSO_CLI_JV_NUMBER) {
        if (l->is_int && r->is_int) {
            order = (l->inum > r->inum) - (l->inum < r->inum);
        } else {
            order = (l->num > r->num) - (l->num < r->num);
            if (l->num != l->num || r->num != r->num) {
                *out = &sso_cli_jv_false; /* NaN orders with nothing */
                return SSO_CLI_JP_OK;
            }
        }
    } else if (l->type == SSO_CLI_JV_STRING && r->type == SSO_CLI_JV_STRING) {
        order = sso_cli_jv_strcmp(l, r);
        order = (order > 0) - (order < 0);
    } else {
        return SSO_CLI_JP_OK; /* jmespath.py: null for anything else */
    }
    switch (n->cmp) {
    case JP_LT:
        *out = sso_cli_jv_bool(order < 0);
        break;
    case JP_LE:
        *out = sso_cli_jv_bool(order <= 0);
        break;
    case JP_GT:
        *out = sso_cli_jv_bool(order > 0);
        break;
    default:
        *out = sso_cli_jv_bool(order >= 0);
        break;
    }
    return SSO_CLI_JP_OK;
}

static sso_cli_jp_status_t multi(jp_ctx_t *c, const sso_cli_jp_node_t *n, sso_cli_jv_t *v,
                                 sso_cli_jv_t **out)
{
    sso_cli_jv_t *r;
    sso_cli_jp_status_t st;
    size_t i;

    *out = &sso_cli_jv_null;
    if (v->type == SSO_CLI_JV_NULL) {
        return SSO_CLI_JP_OK;
    }
    r = n->kind == JP_MULTI_LIST ? sso_cli_jv_array(c->arena, n->nargs)
                                 : sso_cli_jv_object(c->arena, n->nargs);
    if (r == NULL) {
        return oom(c);
    }
    for (i = 0; i < n->nargs; i++) {
        sso_cli_jv_t *res;
        if ((st = jp_eval(c, n->args[i], v, &res)) != SSO_CLI_JP_OK) {
            return st;
        }
        if (n->kind == JP_MULTI_LIST) {
            r->items[r->len++] = res;
        } else {
            sso_cli_jv_set(r, n->keys[i], res);
        }
    }
    *out = r;
    return SSO_CLI_JP_OK;
}

/* An expression reference is a value only functions may take; it carries
 * its node in `items`. */
static sso_cli_jp_status_t expref(jp_ctx_t *c, const sso_cli_jp_node_t *n, sso_cli_jv_t **out)
{
    sso_cli_jv_t *r = sso_cli_jv_new(c->arena, SSO_CLI_JV_NULL);

    if (r == NULL) {
        return oom(c);
    }
    r->items = (sso_cli_jv_t **)(void *)n->left; /* read back by jp_call only */
    r->is_int = -1;                              /* the mark of an expref */
    *out = r;
    return SSO_CLI_JP_OK;
}

static sso_cli_jp_status_t eval_node(jp_ctx_t *c, const sso_cli_jp_node_t *n, sso_cli_jv_t *v,
                                     sso_cli_jv_t **out)
{
    sso_cli_jv_t *l;
    sso_cli_jp_status_t st;

    switch (n->kind) {
    case JP_FIELD:
        l = sso_cli_jv_get(v, n->name, n->name_len);
        *out = l != NULL ? l : &sso_cli_jv_null;
        return SSO_CLI_JP_OK;
    case JP_CURRENT:
        *out = v;
        return SSO_CLI_JP_OK;
    case JP_LITERAL:
        *out = n->literal;
        return SSO_CLI_JP_OK;
    case JP_SUBEXPR:
    case JP_PIPE:
        if ((st = jp_eval(c, n->left, v, &l)) != SSO_CLI_JP_OK) {
            return st;
        }
        return jp_eval(c, n->right, l, out);
    case JP_INDEX:
        return index_of(c, n, v, out);
    case JP_SLICE:
        return slice_of(c, n, v, out);
    case JP_PROJECTION:
    case JP_VALUES:
    case JP_FILTER:
        return project(c, n, v, out);
    case JP_FLATTEN:
        return flatten(c, n, v, out);
    case JP_OR:
    case JP_AND:
        if ((st = jp_eval(c, n->left, v, &l)) != SSO_CLI_JP_OK) {
            return st;
        }
        if (sso_cli_jv_truthy(l) == (n->kind == JP_OR)) {
            *out = l;
            return SSO_CLI_JP_OK;
        }
        return jp_eval(c, n->right, v, out);
    case JP_NOT:
        if ((st = jp_eval(c, n->left, v, &l)) != SSO_CLI_JP_OK) {
            return st;
        }
        *out = sso_cli_jv_bool(!sso_cli_jv_truthy(l));
        return SSO_CLI_JP_OK;
    case JP_COMPARE:
        return compare(c, n, v, out);
    case JP_MULTI_LIST:
    case JP_MULTI_HASH:
        return multi(c, n, v, out);
    case JP_FUNCTION:
        return jp_call(c, n, v, out);
    case JP_EXPREF:
        return expref(c, n, out);
    }
    return jp_fail(c, SSO_CLI_JP_ERR_SYNTAX, "unknown node");
}

sso_cli_jp_status_t jp_eval(jp_ctx_t *c, const sso_cli_jp_node_t *n, sso_cli_jv_t *v,
                            sso_cli_jv_t **out)
{
    sso_cli_jp_status_t st;

    *out = &sso_cli_jv_null;
    if (c->depth >= MAX_DEPTH) {
        return jp_fail(c, SSO_CLI_JP_ERR_MEMORY, "query nested too deeply");
    }
    c->depth++;
    st = eval_node(c, n, v, out);
    c->depth--;
    return st;
}

sso_cli_jp_status_t sso_cli_jp_search(sso_cli_arena_t *a, const sso_cli_jp_node_t *expr,
                                      sso_cli_jv_t *data, sso_cli_jv_t **out, char *err, size_t cap)
{
    jp_ctx_t c = {a, err, cap, 0};

    if (cap > 0) {
        err[0] = '\0';
    }
    return jp_eval(&c, expr, data, out);
}

const char *sso_cli_jp_status_kind(sso_cli_jp_status_t st)
{
    static const char *const kinds[] = {
        "ok",    "syntax", "invalid-type", "invalid-value", "invalid-arity", "unknown-function",
        "memory"};

    return (unsigned)st < sizeof kinds / sizeof kinds[0] ? kinds[st] : "unknown";
}
