#include "cli_jvalue.h"

#include <stdlib.h>
#include <string.h>

sso_cli_jv_t sso_cli_jv_null = {SSO_CLI_JV_NULL, 0, 0, 0, NULL, 0, NULL, NULL};
sso_cli_jv_t sso_cli_jv_true = {SSO_CLI_JV_TRUE, 0, 0, 0, NULL, 0, NULL, NULL};
sso_cli_jv_t sso_cli_jv_false = {SSO_CLI_JV_FALSE, 0, 0, 0, NULL, 0, NULL, NULL};

#define ALIGN 16u

void sso_cli_arena_init(sso_cli_arena_t *a, void *buf, size_t cap)
{
    size_t skip = (ALIGN - ((size_t)buf & (ALIGN - 1u))) & (ALIGN - 1u);

    a->base = (unsigned char *)buf + (skip < cap ? skip : cap);
    a->cap = skip < cap ? cap - skip : 0;
    a->used = 0;
    a->failed = 0;
}

char *sso_cli_arena_free_space(const sso_cli_arena_t *a, size_t *cap)
{
    *cap = a->failed ? 0 : a->cap - a->used;
    return (char *)a->base + a->used;
}

void *sso_cli_arena_take(sso_cli_arena_t *a, size_t n)
{
    size_t size = (n + ALIGN - 1u) & ~(size_t)(ALIGN - 1u);
    void *p;

    if (a->failed || size < n || size > a->cap - a->used) {
        a->failed = 1;
        return NULL;
    }
    p = a->base + a->used;
    a->used += size;
    return p;
}

void *sso_cli_arena_alloc(sso_cli_arena_t *a, size_t n)
{
    void *p = sso_cli_arena_take(a, n);

    if (p != NULL) {
        memset(p, 0, n);
    }
    return p;
}

sso_cli_jv_t *sso_cli_jv_new(sso_cli_arena_t *a, sso_cli_jv_type_t type)
{
    sso_cli_jv_t *v = sso_cli_arena_alloc(a, sizeof *v);

    if (v != NULL) {
        v->type = type;
    }
    return v;
}

sso_cli_jv_t *sso_cli_jv_string(sso_cli_arena_t *a, const char *s, size_t len)
{
    sso_cli_jv_t *v = sso_cli_jv_new(a, SSO_CLI_JV_STRING);

    if (v != NULL) {
        v->str = s;
        v->len = len;
    }
    return v;
}

sso_cli_jv_t *sso_cli_jv_int(sso_cli_arena_t *a, long long i)
{
    sso_cli_jv_t *v = sso_cli_jv_new(a, SSO_CLI_JV_NUMBER);

    if (v != NULL) {
        v->is_int = 1;
        v->inum = i;
        v->num = (double)i;
    }
    return v;
}

sso_cli_jv_t *sso_cli_jv_double(sso_cli_arena_t *a, double d)
{
    sso_cli_jv_t *v = sso_cli_jv_new(a, SSO_CLI_JV_NUMBER);

    if (v != NULL) {
        v->num = d;
    }
    return v;
}

sso_cli_jv_t *sso_cli_jv_bool(int b)
{
    return b ? &sso_cli_jv_true : &sso_cli_jv_false;
}

static sso_cli_jv_t *container(sso_cli_arena_t *a, sso_cli_jv_type_t type, size_t cap)
{
    sso_cli_jv_t *v = sso_cli_jv_new(a, type);

    if (v == NULL) {
        return NULL;
    }
    if (cap > ((size_t)-1) / 2 / sizeof(sso_cli_jv_t *)) {
        a->failed = 1;
        return NULL;
    }
    v->items = sso_cli_arena_alloc(a, (cap ? cap : 1) * sizeof(sso_cli_jv_t *));
    if (type == SSO_CLI_JV_OBJECT) {
        v->keys = sso_cli_arena_alloc(a, (cap ? cap : 1) * sizeof(sso_cli_jv_t *));
    }
    return a->failed ? NULL : v;
}

sso_cli_jv_t *sso_cli_jv_array(sso_cli_arena_t *a, size_t cap)
{
    return container(a, SSO_CLI_JV_ARRAY, cap);
}

sso_cli_jv_t *sso_cli_jv_object(sso_cli_arena_t *a, size_t cap)
{
    return container(a, SSO_CLI_JV_OBJECT, cap);
}

void sso_cli_jv_set(sso_cli_jv_t *obj, sso_cli_jv_t *key, sso_cli_jv_t *val)
{
    size_t i;

    for (i = 0; i < obj->len; i++) {
        if (sso_cli_jv_strcmp(obj->keys[i], key) == 0) {
            obj->items[i] = val;
            return;
        }
    }
    obj->keys[obj->len] = key;
    obj->items[obj->len++] = val;
}

sso_cli_jv_t *sso_cli_jv_get(const sso_cli_jv_t *obj, const char *name, size_t len)
{
    size_t i;

    if (obj == NULL || obj->type != SSO_CLI_JV_OBJECT) {
        return NULL;
    }
    for (i = 0; i < obj->len; i++) {
        if (obj->keys[i]->len == len && memcmp(obj->keys[i]->str, name, len) == 0) {
            return obj->items[i];
        }
    }
    return NULL;
}

static size_t count_items(const sso_cli_json_span_t *span)
{
    const char *cur = NULL;
    sso_cli_json_span_t k, v;
    size_t n = 0;

    while (sso_cli_json_next(span, &cur, &k, &v)) {
        n++;
    }
    return n;
}

static sso_cli_jv_t *from_span(sso_cli_arena_t *a, const sso_cli_json_span_t *s);

static sso_cli_jv_t *string_from_span(sso_cli_arena_t *a, const sso_cli_json_span_t *s)
{
    char *buf;
    long n;

    if (memchr(s->p, '\\', s->len) == NULL) {
        /* No escapes: the text itself, without copying. */
        return sso_cli_jv_string(a, s->p + 1, s->len - 2);
    }
    buf = sso_cli_arena_alloc(a, s->len + 1); /* unescaping never grows */
    if (buf == NULL || (n = sso_cli_json_unescape(s, buf, s->len + 1)) < 0) {
        return NULL;
    }
    return sso_cli_jv_string(a, buf, (size_t)n);
}

/* The span is not NUL-terminated: no str* function may read it. */
static int all_digits(const char *p, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9') {
            return 0;
        }
    }
    return n > 0;
}

static sso_cli_jv_t *number_from_span(sso_cli_arena_t *a, const sso_cli_json_span_t *s)
{
    char tmp[64];
    long long i;
    sso_cli_jv_t *v;

    if (sso_cli_json_integer(s, &i) == 0) {
        return sso_cli_jv_int(a, i);
    }
    if (all_digits(s->p + (s->p[0] == '-'), s->len - (s->p[0] == '-'))) {
        /* An integer past 64 bits: Python keeps it exact, so its digits are
         * kept to print back; arithmetic uses the double. */
        char digits[400];
        if (s->len < sizeof digits && (v = sso_cli_jv_new(a, SSO_CLI_JV_NUMBER)) != NULL) {
            memcpy(digits, s->p, s->len);
            digits[s->len] = '\0';
            v->num = strtod(digits, NULL);
            v->str = s->p;
            v->len = s->len;
            return v;
        }
    }
    if (s->len >= sizeof tmp) {
        /* A long digit string: strtod reads it from the text directly. */
        char *copy = sso_cli_arena_alloc(a, s->len + 1);
        if (copy == NULL) {
            return NULL;
        }
        memcpy(copy, s->p, s->len);
        return sso_cli_jv_double(a, strtod(copy, NULL));
    }
    memcpy(tmp, s->p, s->len);
    tmp[s->len] = '\0';
    return sso_cli_jv_double(a, strtod(tmp, NULL));
}

static sso_cli_jv_t *container_from_span(sso_cli_arena_t *a, const sso_cli_json_span_t *s)
{
    size_t n = count_items(s);
    sso_cli_jv_t *v =
        s->type == SSO_CLI_JSON_ARRAY ? sso_cli_jv_array(a, n) : sso_cli_jv_object(a, n);
    const char *cur = NULL;
    sso_cli_json_span_t ks, vs;

    if (v == NULL) {
        return NULL;
    }
    while (sso_cli_json_next(s, &cur, &ks, &vs)) {
        sso_cli_jv_t *item = from_span(a, &vs);
        if (item == NULL) {
            return NULL;
        }
        if (v->type == SSO_CLI_JV_ARRAY) {
            v->items[v->len++] = item;
        } else {
            sso_cli_jv_t *key = string_from_span(a, &ks);
            if (key == NULL) {
                return NULL;
            }
            sso_cli_jv_set(v, key, item);
        }
    }
    return v;
}

static sso_cli_jv_t *from_span(sso_cli_arena_t *a, const sso_cli_json_span_t *s)
{
    switch (s->type) {
    case SSO_CLI_JSON_STRING:
        return string_from_span(a, s);
    case SSO_CLI_JSON_NUMBER:
        return number_from_span(a, s);
    case SSO_CLI_JSON_OBJECT:
    case SSO_CLI_JSON_ARRAY:
        return container_from_span(a, s);
    case SSO_CLI_JSON_TRUE:
        return &sso_cli_jv_true;
    case SSO_CLI_JSON_FALSE:
        return &sso_cli_jv_false;
    case SSO_CLI_JSON_NULL:
        return &sso_cli_jv_null;
    default:
        return NULL;
    }
}

sso_cli_jv_t *sso_cli_jv_parse(sso_cli_arena_t *a, const char *text, size_t len)
{
    sso_cli_json_span_t s;

    if (sso_cli_json_value(text, len, &s) != 0) {
        return NULL;
    }
    return from_span(a, &s);
}

int sso_cli_jv_truthy(const sso_cli_jv_t *v)
{
    switch (v->type) {
    case SSO_CLI_JV_NULL:
    case SSO_CLI_JV_FALSE:
        return 0;
    case SSO_CLI_JV_STRING:
    case SSO_CLI_JV_ARRAY:
    case SSO_CLI_JV_OBJECT:
        return v->len > 0;
    default:
        return 1;
    }
}

int sso_cli_jv_is_scalar(const sso_cli_jv_t *v)
{
    return v->type != SSO_CLI_JV_ARRAY && v->type != SSO_CLI_JV_OBJECT;
}

int sso_cli_jv_strcmp(const sso_cli_jv_t *x, const sso_cli_jv_t *y)
{
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->str, y->str, n);

    if (c != 0) {
        return c;
    }
    return x->len < y->len ? -1 : x->len > y->len;
}

int sso_cli_jv_equal(const sso_cli_jv_t *x, const sso_cli_jv_t *y)
{
    size_t i;

    if (x->type != y->type) {
        return 0; /* and so true != 1, as jmespath.py special-cases */
    }
    switch (x->type) {
    case SSO_CLI_JV_NUMBER:
        if (x->is_int && y->is_int) {
            return x->inum == y->inum;
        }
        return x->num == y->num;
    case SSO_CLI_JV_STRING:
        return sso_cli_jv_strcmp(x, y) == 0;
    case SSO_CLI_JV_ARRAY:
        if (x->len != y->len) {
            return 0;
        }
        for (i = 0; i < x->len; i++) {
            if (!sso_cli_jv_equal(x->items[i], y->items[i])) {
                return 0;
            }
        }
        return 1;
    case SSO_CLI_JV_OBJECT:
        if (x->len != y->len) {
            return 0;
        }
        for (i = 0; i < x->len; i++) {
            const sso_cli_jv_t *other = sso_cli_jv_get(y, x->keys[i]->str, x->keys[i]->len);
            if (other == NULL || !sso_cli_jv_equal(x->items[i], other)) {
                return 0;
            }
        }
        return 1;
    default:
        return 1;
    }
}

size_t sso_cli_utf8_count(const char *s, size_t len)
{
    size_t i, n = 0;

    for (i = 0; i < len; i++) {
        if (((unsigned char)s[i] & 0xC0u) != 0x80u) {
            n++;
        }
    }
    return n;
}
