/* The JMESPath built-in functions, one table row each: name, arity and the
 * type each argument accepts, checked before the function runs, as
 * jmespath.py checks them (booleans are not numbers; "array-number" wants
 * every item a number; "array-number|array-string" lets the first item
 * decide). Sorting is stable, as Python's sorted() is. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli_jp_ast.h"
#include "cli_jv_dump.h"

/* Argument types, as bits. */
#define A_NUM 0x01u
#define A_STR 0x02u
#define A_BOOL 0x04u
#define A_NULL 0x08u
#define A_ARR 0x10u
#define A_OBJ 0x20u
#define A_EXPREF 0x40u
#define A_ANY 0x3Fu
#define A_ARR_NUM 0x100u /* an array of numbers */
#define A_ARR_STR 0x200u /* an array of strings */

#define MAX_ARGS 2

typedef sso_cli_jp_status_t (*fn_t)(jp_ctx_t *c, sso_cli_jv_t **args, size_t n, sso_cli_jv_t **out);

typedef struct {
    const char *name;
    size_t nargs; /* exact count, or the minimum when variadic */
    int variadic; /* extra arguments take the last type */
    unsigned types[MAX_ARGS];
    fn_t fn;
    const char *expect[MAX_ARGS]; /* the types as jmespath.py's errors list them */
} func_def_t;

static sso_cli_jp_status_t oom(jp_ctx_t *c)
{
    return jp_fail(c, SSO_CLI_JP_ERR_MEMORY, "out of memory evaluating the query");
}

static int is_expref(const sso_cli_jv_t *v)
{
    return v->type == SSO_CLI_JV_NULL && v->is_int == -1;
}

static unsigned type_bit(const sso_cli_jv_t *v)
{
    static const unsigned bits[] = {
        [SSO_CLI_JV_NULL] = A_NULL,  [SSO_CLI_JV_FALSE] = A_BOOL, [SSO_CLI_JV_TRUE] = A_BOOL,
        [SSO_CLI_JV_NUMBER] = A_NUM, [SSO_CLI_JV_STRING] = A_STR, [SSO_CLI_JV_ARRAY] = A_ARR,
        [SSO_CLI_JV_OBJECT] = A_OBJ};

    return is_expref(v) ? A_EXPREF : bits[v->type];
}

static const char *type_name(const sso_cli_jv_t *v)
{
    static const char *const names[] = {"null",   "boolean", "boolean", "number",
                                        "string", "array",   "object"};

    return is_expref(v) ? "expref" : names[v->type];
}

/* Python's type() name, which jmespath.py reports for a bad array item. */
static const char *py_type(const sso_cli_jv_t *v)
{
    static const char *const names[] = {"NoneType", "bool", "bool", "int", "str", "list", "dict"};

    if (v->type == SSO_CLI_JV_NUMBER && !v->is_int) {
        return "float";
    }
    return is_expref(v) ? "_Expression" : names[v->type];
}

/* jmespath.py's type error: the value as Python's str() shows it. */
static sso_cli_jp_status_t type_error(jp_ctx_t *c, const char *fname, const sso_cli_jv_t *v,
                                      const char *received, const char *expected)
{
    sso_cli_buf_t b;
    size_t cap;
    /* The value's text goes in the arena's free space, not kept. */
    char *mem = sso_cli_arena_free_space(c->arena, &cap);

    sso_cli_buf_fixed(&b, mem, cap);
    sso_cli_jv_str(&b, v);
    return jp_fail(c, SSO_CLI_JP_ERR_INVALID_TYPE,
                   "In function %s(), invalid type for value: %s, expected one of: %s, received: "
                   "\"%s\"",
                   fname, b.len > 0 ? b.data : "", expected, received);
}

/* Checks one argument as jmespath.py does: its type first, then (for the
 * array-X types) its items. Fails with jmespath.py's message. */
static sso_cli_jp_status_t check_arg(jp_ctx_t *c, const func_def_t *def, size_t i,
                                     const sso_cli_jv_t *v)
{
    unsigned types = def->types[i < def->nargs ? i : def->nargs - 1];
    const char *expect = def->expect[i < def->nargs ? i : def->nargs - 1];
    size_t k;

    if (type_bit(v) & types) {
        return SSO_CLI_JP_OK;
    }
    if (v->type != SSO_CLI_JV_ARRAY || !(types & (A_ARR_NUM | A_ARR_STR))) {
        return type_error(c, def->name, v, type_name(v), expect);
    }
    if (v->len == 0) {
        return SSO_CLI_JP_OK;
    }
    /* One item type allowed: every item must have it; two: the first item
     * picks one. */
    if ((types & A_ARR_NUM) && (types & A_ARR_STR) && v->items[0]->type != SSO_CLI_JV_NUMBER &&
        v->items[0]->type != SSO_CLI_JV_STRING) {
        return type_error(c, def->name, v->items[0], py_type(v->items[0]), expect);
    }
    for (k = 0; k < v->len; k++) {
        sso_cli_jv_type_t want =
            (types & A_ARR_NUM) && (!(types & A_ARR_STR) || v->items[0]->type == SSO_CLI_JV_NUMBER)
                ? SSO_CLI_JV_NUMBER
                : SSO_CLI_JV_STRING;
        if (v->items[k]->type != want) {
            return type_error(c, def->name, v->items[k], py_type(v->items[k]), expect);
        }
    }
    return SSO_CLI_JP_OK;
}

static sso_cli_jv_t *num(jp_ctx_t *c, double d)
{
    /* Integral results of ceil/floor/abs stay integers, as in Python. */
    if (d >= -9.2e18 && d <= 9.2e18 && d == floor(d)) {
        return sso_cli_jv_int(c->arena, (long long)d);
    }
    return sso_cli_jv_double(c->arena, d);
}

static sso_cli_jp_status_t ret(jp_ctx_t *c, sso_cli_jv_t *v, sso_cli_jv_t **out)
{
    if (v == NULL) {
        return oom(c);
    }
    *out = v;
    return SSO_CLI_JP_OK;
}

static sso_cli_jp_status_t f_abs(jp_ctx_t *c, sso_cli_jv_t **a, size_t n, sso_cli_jv_t **out)
{
    (void)n;
    if (a[0]->is_int && a[0]->inum != (-9223372036854775807LL - 1)) {
        return ret(c, sso_cli_jv_int(c->arena, llabs(a[0]->inum)), out);
    }
    return ret(c, sso_cli_jv_double(c->arena, fabs(a[0]->num)), out);
}

static sso_cli_jp_status_t f_ceil(jp_ctx_t *c, sso_cli_jv_t **a, size_t n, sso_cli_jv_t **out)
{
    (void)n;
    return a[0]->is_int ? ret(c, a[0], out) : ret(c, num(c, ceil(a[0]->num)), out);
}

static sso_cli_jp_status_t f_floor(jp_ctx_t *c, sso_cli_jv_t **a, size_t n, sso_cli_jv_t **out)
{
    (void)n;
    return a[0]->is_int ? ret(c, a[0], out) : ret(c, num(c, floor(a[0]->num)), out);
}

/* sum() keeps integers while every item is one. */
static sso_cli_jv_t *sum_of(jp_ctx_t *c, const sso_cli_jv_t *arr)
{
    long long is = 0;
    double ds = 0;
    int ints = 1;
    size_t i;

    for (i = 0; i < arr->len; i++) {
        const sso_cli_jv_t *x = arr->items[i];
        ds += x->num;
        if (ints && x->is_int && !__builtin_add_overflow(is, x->inum, &is)) {
            continue;
        }
        ints = 0;
    }
    return ints ? sso_cli_jv_int(c->arena, is) : sso_cli_jv_double(c->arena, ds);
}

static sso_cli_jp_status_t f_sum(jp_ctx_t *c, sso_cli_jv_t **a, size_t n, sso_cli_jv_t **out)
{
    (void)n;
    return ret(c, sum_of(c, a[0]), out);
}

static sso_cli_jp_status_t f_avg(jp_ctx_t *c, sso_cli_jv_t **a, size_t n, sso_cli_jv_t **out)
{
    sso_cli_jv_t *s;

    (void)n;
    if (a[0]->len == 0) {
        *out = &sso_cli_jv_null;
        return SSO_CLI_JP_OK;
    }
    if ((s = sum_of(c, a[0])) == NULL) {
        return oom(c);
    }
    return ret(c, sso_cli_jv_double(c->arena, s->num / (double)a[0]->len), out);
}

/* Python's ==, where True == 1 and False == 0 (list `in` uses it). */
static int py_equal(const sso_cli_jv_t *x, const sso_cli_jv_t *y)
{
    const sso_cli_jv_t *b = x->type == SSO_CLI_JV_TRUE || x->type == SSO_CLI_JV_FALSE ? x : y;
    const sso_cli_jv_t *o = b == x ? y : x;

    if ((b->type == SSO_CLI_JV_TRUE || b->type == SSO_CLI_JV_FALSE) &&
        o->type == SSO_CLI_JV_NUMBER) {
        return o->num == (b->type == SSO_CLI_JV_TRUE ? 1.0 : 0.0);
    }
    return sso_cli_jv_equal(x, y);
}

static int has_substring(const sso_cli_jv_t *h, const sso_cli_jv_t *s)
{
    size_t i;

    if (s->len == 0) {
        return 1;
    }
    for (i = 0; i + s->len <= h->len; i++) {
        if (memcmp(h->str + i, s->str, s->len) == 0) {
            return 1;
        }
    }
    return 0;
}

static sso_cli_jp_status_t f_contains(jp_ctx_t *c, sso_cli_jv_t **a, size_t n, sso_cli_jv_t **out)
{
    size_t i;

    (void)c, (void)n;
    *out = &sso_cli_jv_false;
    if (a[0]->type == SSO_CLI_JV_STRING) {
        /* Python raises on `1 in "abc"`; false is the useful answer. */
        *out = sso_cli_jv_bool(a[1]->type == SSO_CLI_JV_STRING && has_substring(a[0], a[1]));
        return SSO_CLI_JP_OK;
    }
    for (i = 0; i < a[0]->len; i++) {
        if (py_equal(a[0]->items[i], a[1])) {
            *out = &sso_cli_jv_true;
        }
    }
    return SSO_CLI_JP_OK;
}

static sso_cli_jp_status_t f_starts_with(jp_ctx_t *c, sso_cli_jv_t **a, size_t n,
                                         sso_cli_jv_t **out)
{
    (void)c, (void)n;
    *out = sso_cli_jv_bool(a[1]->len <= a[0]->len && memcmp(a[0]->str, a[1]->str, a[1]->len) == 0);
    return SSO_CLI_JP_OK;
}

static sso_cli_jp_status_t f_ends_with(jp_ctx_t *c, sso_cli_jv_t **a, size_t n, sso_cli_jv_t **out)
{
    (void)c, (void)n;
    *out = sso_cli_jv_bool(a[1]->len <= a[0]->len &&
                           memcmp(a[0]->str + a[0]->len - a[1]->len, a[1]->str, a[1]->len) == 0);
    return SSO_CLI_JP_OK;
}

static sso_cli_jp_status_t f_join(jp_ctx_t *c, sso_cli_jv_t **a, size_t n, sso_cli_jv_t **out)
{
    size_t i, total = 0, at = 0;
    char *s;

    (void)n;
    for (i = 0; i < a[1]->len; i++) {
        total += a[1]->items[i]->len + (i > 0 ? a[0]->len : 0);
    }
    if ((s = sso_cli_arena_alloc(c->arena, total + 1)) == NULL) {
        return oom(c);
    }
    for (i = 0; i < a[1]->len; i++) {
        if (i > 0) {
            memcpy(s + at, a[0]->str, a[0]->len);
            at += a[0]->len;
        }
        memcpy(s + at, a[1]->items[i]->str, a[1]->items[i]->len);
        at += a[1]->items[i]->len;
    }
    return ret(c, sso_cli_jv_string(c->arena, s, total), out);
}

/* keys() and values(): the object's names or values as an array. */
static sso_cli_jp_status_t members(jp_ctx_t *c, sso_cli_jv_t *obj, int keys, sso_cli_jv_t **out)
{
    sso_cli_jv_t *r = sso_cli_jv_array(c->arena, obj->len);
    size_t i;

    if (r == NULL) {
        return oom(c);
    }
    for (i = 0; i < obj->len; i++) {
        r->items[r->len++] = keys ? obj->keys[i] : obj->items[i];
    }
    *out = r;
    return SSO_CLI_JP_OK;
}

static sso_cli_jp_status_t f_keys(jp_ctx_t *c, sso_cli_jv_t **a, size_t n, sso_cli_jv_t **out)
{
    (void)n;
    return members(c, a[0], 1, out);
}

static sso_cli_jp_status_t f_values(jp_ctx_t *c, sso_cli_jv_t **a, size_t n, sso_cli_jv_t **out)
{
    (void)n;
    return members(c, a[0], 0, out);
}

static sso_cli_jp_status_t f_length(jp_ctx_t *c, sso_cli_jv_t **a, size_t n, sso_cli_jv_t **out)
{
    (void)n;
    return ret(c,
               sso_cli_jv_int(c->arena, (long long)(a[0]->type == SSO_CLI_JV_STRING
                                                        ? sso_cli_utf8_count(a[0]->str, a[0]->len)
                                                        : a[0]->len)),
               out);
}

static sso_cli_jp_status_t apply(jp_ctx_t *c, const sso_cli_jv_t *ref, sso_cli_jv_t *v,
                                 sso_cli_jv_t **out)
{
    return jp_eval(c, (const sso_cli_jp_node_t *)(const void *)ref->items, v, out);
}

static sso_cli_jp_status_t f_map(jp_ctx_t *c, sso_cli_jv_t **a, size_t n, sso_cli_jv_t **out)
{
    sso_cli_jv_t *r = sso_cli_jv_array(c->arena, a[1]->len);
    sso_cli_jp_status_t st;
    size_t i;

    (void)n;
    if (r == NULL) {
        return oom(c);
    }
    for (i = 0; i < a[1]->len; i++) {
        if ((st = apply(c, a[0], a[1]->items[i], &r->items[r->len++])) != SSO_CLI_JP_OK) {
            return st;
        }
    }
    *out = r;
    return SSO_CLI_JP_OK;
}

/* Order of two numbers or two strings. */
static int order(const sso_cli_jv_t *x, const sso_cli_jv_t *y)
{
    if (x->type == SSO_CLI_JV_STRING) {
        int r = sso_cli_jv_strcmp(x, y);
        return (r > 0) - (r < 0);
    }
    if (x->is_int && y->is_int) {
        return (x->inum > y->inum) - (x->inum < y->inum);
    }
    return (x->num > y->num) - (x->num < y->num);
}

/* Keys computed once per item, checked to be all numbers or all strings
 * (sort_by wants the type of the first key; min_by/max_by either). */
static sso_cli_jp_status_t keys_by(jp_ctx_t *c, const char *fname, int sort, sso_cli_jv_t *arr,
                                   const sso_cli_jv_t *ref, sso_cli_jv_t ***keys)
{
    sso_cli_jv_t **k = sso_cli_arena_alloc(c->arena, (arr->len + 1) * sizeof *k);
    sso_cli_jp_status_t st;
    size_t i;

    if (k == NULL) {
        return oom(c);
    }
    for (i = 0; i < arr->len; i++) {
        if ((st = apply(c, ref, arr->items[i], &k[i])) != SSO_CLI_JP_OK) {
            return st;
        }
        /* sort_by takes the type of the first key; min_by/max_by either. */
        if (i == 0 && sort && k[0]->type != SSO_CLI_JV_NUMBER && k[0]->type != SSO_CLI_JV_STRING) {
            return type_error(c, fname, arr->items[0], type_name(k[0]), "['string', 'number']");
        }
        if (sort ? k[i]->type != k[0]->type
                 : k[i]->type != SSO_CLI_JV_NUMBER && k[i]->type != SSO_CLI_JV_STRING) {
            return type_error(c, fname, k[i], type_name(k[i]),
                              sort ? (k[0]->type == SSO_CLI_JV_NUMBER ? "['number']" : "['string']")
                                   : "['number', 'string']");
        }
    }
    *keys = k;
    return SSO_CLI_JP_OK;
}

/* Stable merge sort of items by keys (both permuted together). */
static sso_cli_jp_status_t stable_sort(jp_ctx_t *c, sso_cli_jv_t **items, sso_cli_jv_t **keys,
                                       size_t n)
{
    sso_cli_jv_t **ti = sso_cli_arena_alloc(c->arena, (n + 1) * sizeof *ti);
    sso_cli_jv_t **tk = sso_cli_arena_alloc(c->arena, (n + 1) * sizeof *tk);
    size_t width, lo;

    if (ti == NULL || tk == NULL) {
        return oom(c);
    }
    for (width = 1; width < n; width *= 2) {
        for (lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, o = lo;
            while (i < mid || j < hi) {
                int take_left = j >= hi || (i < mid && order(keys[i], keys[j]) <= 0);
                size_t s = take_left ? i++ : j++;
                ti[o] = items[s];
                tk[o++] = keys[s];
            }
        }
        memcpy(items, ti, n * sizeof *items);
        memcpy(keys, tk, n * sizeof *keys);
    }
    return SSO_CLI_JP_OK;
}

static sso_cli_jp_status_t sorted_copy(jp_ctx_t *c, sso_cli_jv_t *arr, sso_cli_jv_t **keys,
                                       sso_cli_jv_t **out)
{
    sso_cli_jv_t *r = sso_cli_jv_array(c->arena, arr->len);
    sso_cli_jp_status_t st;

    if (r == NULL) {
        return oom(c);
    }
    memcpy(r->items, arr->items, arr->len * sizeof *r->items);
    r->len = arr->len;
    if ((st = stable_sort(c, r->items, keys, r->len)) != SSO_CLI_JP_OK) {
        return st;
    }
    *out = r;
    return SSO_CLI_JP_OK;
}

static sso_cli_jp_status_t f_sort(jp_ctx_t *c, sso_cli_jv_t **a, size_t n, sso_cli_jv_t **out)
{
    sso_cli_jv_t **keys = sso_cli_arena_alloc(c->arena, (a[0]->len + 1) * sizeof *keys);

    (void)n;
    if (keys == NULL) {
        return oom(c);
    }
    memcpy(keys, a[0]->items, a[0]->len * sizeof *keys);
    return sorted_copy(c, a[0], keys, out);
}

static sso_cli_jp_status_t f_sort_by(jp_ctx_t *c, sso_cli_jv_t **a, size_t n, sso_cli_jv_t **out)
{
    sso_cli_jv_t **keys;
    sso_cli_jp_status_t st;

    (void)n;
    if ((st = keys_by(c, "sort_by", 1, a[0], a[1], &keys)) != SSO_CLI_JP_OK) {
        return st;
    }
    return sorted_copy(c, a[0], keys, out);
}

/* The first extreme item, as Python's max()/min() return it. */
static sso_cli_jv_t *extreme(sso_cli_jv_t **items, sso_cli_jv_t **keys, size_t n, int sign)
{
    size_t i, best = 0;

    if (n == 0) {
        return &sso_cli_jv_null;
    }
    for (i = 1; i < n; i++) {
        if (order(keys[i], keys[best]) * sign > 0) {
            best = i;
        }
    }
    return items[best];
}

static sso_cli_jp_status_t f_max(jp_ctx_t *c, sso_cli_jv_t **a, size_t n, sso_cli_jv_t **out)
{
    (void)c, (void)n;
    *out = extreme(a[0]->items, a[0]->items, a[0]->len, 1);
    return SSO_CLI_JP_OK;
}

static sso_cli_jp_status_t f_min(jp_ctx_t *c, sso_cli_jv_t **a, size_t n, sso_cli_jv_t **out)
{
    (void)c, (void)n;
    *out = extreme(a[0]->items, a[0]->items, a[0]->len, -1);
    return SSO_CLI_JP_OK;
}

static sso_cli_jp_status_t by(jp_ctx_t *c, const char *fname, sso_cli_jv_t **a, int sign,
                              sso_cli_jv_t **out)
{
    sso_cli_jv_t **keys;
    sso_cli_jp_status_t st;

    if ((st = keys_by(c, fname, 0, a[0], a[1], &keys)) != SSO_CLI_JP_OK) {
        return st;
    }
    *out = extreme(a[0]->items, keys, a[0]->len, sign);
    return SSO_CLI_JP_OK;
}

static sso_cli_jp_status_t f_max_by(jp_ctx_t *c, sso_cli_jv_t **a, size_t n, sso_cli_jv_t **out)
{
    (void)n;
    return by(c, "max_by", a, 1, out);
}

static sso_cli_jp_status_t f_min_by(jp_ctx_t *c, sso_cli_jv_t **a, size_t n, sso_cli_jv_t **out)
{
    (void)n;
    return by(c, "min_by", a, -1, out);
}

static sso_cli_jp_status_t f_merge(jp_ctx_t *c, sso_cli_jv_t **a, size_t n, sso_cli_jv_t **out)
{
    size_t i, j, total = 0;
    sso_cli_jv_t *r;

    for (i = 0; i < n; i++) {
        total += a[i]->len;
    }
    if ((r = sso_cli_jv_object(c->arena, total)) == NULL) {
        return oom(c);
    }
    for (i = 0; i < n; i++) {
        for (j = 0; j < a[i]->len; j++) {
            sso_cli_jv_set(r, a[i]->keys[j], a[i]->items[j]);
        }
    }
    *out = r;
    return SSO_CLI_JP_OK;
}

static sso_cli_jp_status_t f_not_null(jp_ctx_t *c, sso_cli_jv_t **a, size_t n, sso_cli_jv_t **out)
{
    size_t i;

    (void)c;
    *out = &sso_cli_jv_null;
    for (i = 0; i < n; i++) {
        if (a[i]->type != SSO_CLI_JV_NULL) {
            *out = a[i];
            break;
        }
    }
    return SSO_CLI_JP_OK;
}

/* Reverses an array, or a string by code point. */
static sso_cli_jp_status_t f_reverse(jp_ctx_t *c, sso_cli_jv_t **a, size_t n, sso_cli_jv_t **out)
{
    sso_cli_jv_t *v = a[0], *r;
    size_t i;

    (void)n;
    if (v->type == SSO_CLI_JV_ARRAY) {
        if ((r = sso_cli_jv_array(c->arena, v->len)) == NULL) {
            return oom(c);
        }
        for (i = 0; i < v->len; i++) {
            r->items[r->len++] = v->items[v->len - 1 - i];
        }
        *out = r;
        return SSO_CLI_JP_OK;
    }
    {
        char *s = sso_cli_arena_alloc(c->arena, v->len + 1);
        size_t end = v->len;
        if (s == NULL) {
            return oom(c);
        }
        for (i = 0; i < v->len;) {
            size_t start = i + 1;
            while (start < v->len && ((unsigned char)v->str[start] & 0xC0u) == 0x80u) {
                start++;
            }
            memcpy(s + end - (start - i), v->str + i, start - i);
            end -= start - i;
            i = start;
        }
        return ret(c, sso_cli_jv_string(c->arena, s, v->len), out);
    }
}

static sso_cli_jp_status_t f_to_array(jp_ctx_t *c, sso_cli_jv_t **a, size_t n, sso_cli_jv_t **out)
{
    sso_cli_jv_t *r;

    (void)n;
    if (a[0]->type == SSO_CLI_JV_ARRAY) {
        *out = a[0];
        return SSO_CLI_JP_OK;
    }
    if ((r = sso_cli_jv_array(c->arena, 1)) == NULL) {
        return oom(c);
    }
    r->items[r->len++] = a[0];
    *out = r;
    return SSO_CLI_JP_OK;
}

/* json.dumps(v, separators=(',', ':')) written straight into the arena's
 * free space, then kept. */
static sso_cli_jp_status_t f_to_string(jp_ctx_t *c, sso_cli_jv_t **a, size_t n, sso_cli_jv_t **out)
{
    sso_cli_buf_t b;
    size_t cap;
    char *mem = sso_cli_arena_free_space(c->arena, &cap);

    (void)n;
    if (a[0]->type == SSO_CLI_JV_STRING) {
        *out = a[0];
        return SSO_CLI_JP_OK;
    }
    sso_cli_buf_fixed(&b, mem, cap);
    sso_cli_jv_dump(&b, a[0], SSO_CLI_DUMP_COMPACT);
    if (b.failed || sso_cli_arena_take(c->arena, b.len + 1) == NULL) {
        c->arena->failed = 1;
        return oom(c);
    }
    return ret(c, sso_cli_jv_string(c->arena, mem, b.len), out);
}

/* Python's int() of a string (sign, digits, underscores between digits,
 * surrounding whitespace), else float() (which also takes exponents, "inf"
 * and "nan"); else null. */
static sso_cli_jv_t *parse_number(jp_ctx_t *c, const char *s, size_t len)
{
    char tmp[128], *end;
    size_t i = 0, n = 0;
    int digits = 0, underscore = 0;
    double d;

    while (len > 0 && strchr(" \t\n\r\f\v", s[len - 1]) != NULL) {
        len--;
    }
    while (i < len && strchr(" \t\n\r\f\v", s[i]) != NULL) {
        i++;
    }
    if (len - i >= sizeof tmp || i == len) {
        return &sso_cli_jv_null;
    }
    for (; i < len; i++) {
        char ch = s[i];
        if (ch == '_' && digits && !underscore && i + 1 < len && s[i + 1] >= '0' &&
            s[i + 1] <= '9') {
            underscore = 1;
            continue;
        }
        underscore = 0;
        digits += ch >= '0' && ch <= '9';
        tmp[n++] = ch;
    }
    tmp[n] = '\0';
    if (strchr(tmp, 'x') != NULL || strchr(tmp, 'X') != NULL) {
        return &sso_cli_jv_null; /* strtod reads hex; Python does not */
    }
    if (tmp[strspn(tmp[0] == '-' || tmp[0] == '+' ? tmp + 1 : tmp, "0123456789") +
            (tmp[0] == '-' || tmp[0] == '+')] == '\0' &&
        digits > 0 && digits < 19) {
        return sso_cli_jv_int(c->arena, strtoll(tmp, NULL, 10));
    }
    d = strtod(tmp, &end);
    if (end == tmp || *end != '\0') {
        return &sso_cli_jv_null;
    }
    return sso_cli_jv_double(c->arena, d);
}

static sso_cli_jp_status_t f_to_number(jp_ctx_t *c, sso_cli_jv_t **a, size_t n, sso_cli_jv_t **out)
{
    (void)n;
    *out = &sso_cli_jv_null;
    if (a[0]->type == SSO_CLI_JV_NUMBER) {
        *out = a[0];
    } else if (a[0]->type == SSO_CLI_JV_STRING) {
        return ret(c, parse_number(c, a[0]->str, a[0]->len), out);
    }
    return SSO_CLI_JP_OK;
}

static sso_cli_jp_status_t f_type(jp_ctx_t *c, sso_cli_jv_t **a, size_t n, sso_cli_jv_t **out)
{
    const char *t = type_name(a[0]);

    (void)n;
    return ret(c, sso_cli_jv_string(c->arena, t, strlen(t)), out);
}

static const func_def_t functions[] = {
    {"abs", 1, 0, {A_NUM}, f_abs, {"['number']"}},
    {"avg", 1, 0, {A_ARR_NUM}, f_avg, {"['array-number']"}},
    {"ceil", 1, 0, {A_NUM}, f_ceil, {"['number']"}},
    {"contains", 2, 0, {A_ARR | A_STR, A_ANY}, f_contains, {"['array', 'string']", "[]"}},
    {"ends_with", 2, 0, {A_STR, A_STR}, f_ends_with, {"['string']", "['string']"}},
    {"floor", 1, 0, {A_NUM}, f_floor, {"['number']"}},
    {"join", 2, 0, {A_STR, A_ARR_STR}, f_join, {"['string']", "['array-string']"}},
    {"keys", 1, 0, {A_OBJ}, f_keys, {"['object']"}},
    {"length", 1, 0, {A_STR | A_ARR | A_OBJ}, f_length, {"['string', 'array', 'object']"}},
    {"map", 2, 0, {A_EXPREF, A_ARR}, f_map, {"['expref']", "['array']"}},
    {"max", 1, 0, {A_ARR_NUM | A_ARR_STR}, f_max, {"['array-number', 'array-string']"}},
    {"max_by", 2, 0, {A_ARR, A_EXPREF}, f_max_by, {"['array']", "['expref']"}},
    {"merge", 1, 1, {A_OBJ}, f_merge, {"['object']"}},
    {"min", 1, 0, {A_ARR_NUM | A_ARR_STR}, f_min, {"['array-number', 'array-string']"}},
    {"min_by", 2, 0, {A_ARR, A_EXPREF}, f_min_by, {"['array']", "['expref']"}},
    {"not_null", 1, 1, {A_ANY}, f_not_null, {"[]"}},
    {"reverse", 1, 0, {A_ARR | A_STR}, f_reverse, {"['array', 'string']"}},
    {"sort", 1, 0, {A_ARR_NUM | A_ARR_STR}, f_sort, {"['array-string', 'array-number']"}},
    {"sort_by", 2, 0, {A_ARR, A_EXPREF}, f_sort_by, {"['array']", "['expref']"}},
    {"starts_with", 2, 0, {A_STR, A_STR}, f_starts_with, {"['string']", "['string']"}},
    {"sum", 1, 0, {A_ARR_NUM}, f_sum, {"['array-number']"}},
    {"to_array", 1, 0, {A_ANY}, f_to_array, {"[]"}},
    {"to_number", 1, 0, {A_ANY}, f_to_number, {"[]"}},
    {"to_string", 1, 0, {A_ANY}, f_to_string, {"[]"}},
    {"type", 1, 0, {A_ANY}, f_type, {"[]"}},
    {"values", 1, 0, {A_OBJ}, f_values, {"['object']"}},
};

static const func_def_t *find(const sso_cli_jp_node_t *fn)
{
    size_t i;

    for (i = 0; i < sizeof functions / sizeof functions[0]; i++) {
        if (strlen(functions[i].name) == fn->name_len &&
            memcmp(functions[i].name, fn->name, fn->name_len) == 0) {
            return &functions[i];
        }
    }
    return NULL;
}

sso_cli_jp_status_t jp_call(jp_ctx_t *c, const sso_cli_jp_node_t *fn, sso_cli_jv_t *v,
                            sso_cli_jv_t **out)
{
    const func_def_t *def = find(fn);
    sso_cli_jv_t **args;
    sso_cli_jp_status_t st;
    size_t i;

    *out = &sso_cli_jv_null;
    if ((args = sso_cli_arena_alloc(c->arena, (fn->nargs + 1) * sizeof *args)) == NULL) {
        return oom(c);
    }
    /* jmespath.py evaluates the arguments before it looks the name up. */
    for (i = 0; i < fn->nargs; i++) {
        if ((st = jp_eval(c, fn->args[i], v, &args[i])) != SSO_CLI_JP_OK) {
            return st;
        }
    }
    if (def == NULL) {
        return jp_fail(c, SSO_CLI_JP_ERR_UNKNOWN_FUNCTION, "Unknown function: %.*s()",
                       (int)fn->name_len, fn->name);
    }
    if (def->variadic ? fn->nargs < def->nargs : fn->nargs != def->nargs) {
        return jp_fail(c, SSO_CLI_JP_ERR_INVALID_ARITY,
                       "Expected %s%lu argument%s for function %s(), received %lu",
                       def->variadic ? "at least " : "", (unsigned long)def->nargs,
                       def->nargs == 1 ? "" : "s", def->name, (unsigned long)fn->nargs);
    }
    for (i = 0; i < fn->nargs; i++) {
        if ((st = check_arg(c, def, i, args[i])) != SSO_CLI_JP_OK) {
            return st;
        }
    }
    return def->fn(c, args, fn->nargs, out);
}
