/* --output text, as the AWS CLI's text module writes it: a dict is one line
 * of its scalar values (keys sorted), prefixed by the upper-cased name it
 * was found under, then its lists and dicts, each under its own name; a
 * list of dicts shares one column set (every key that is scalar in any of
 * them, sorted; "" where a dict lacks it); a list of scalars is one line,
 * tab-separated, or one NAME<tab>value line per item when it has a name.
 * Scalars print as Python's str(): True, None, 1.5. */
#include "cli_output.h"

#include <string.h>

#include "cli_jv_dump.h"

typedef struct {
    sso_cli_buf_t *b;
    sso_cli_arena_t *a; /* scratch for the column sets */
} text_t;

static void text(text_t *t, const sso_cli_jv_t *v, const sso_cli_jv_t *name,
                 const sso_cli_jv_t *columns);

static void upper_name(sso_cli_buf_t *b, const sso_cli_jv_t *name)
{
    size_t i;

    for (i = 0; i < name->len; i++) {
        char c = name->str[i];
        if (c >= 'a' && c <= 'z') {
            c = (char)(c - 'a' + 'A');
        }
        sso_cli_buf_put(b, &c, 1);
    }
}

/* Scalars of a list: one line, or one line each under a name. */
static void scalar_list(sso_cli_buf_t *b, const sso_cli_jv_t *list, const sso_cli_jv_t *name)
{
    size_t i;
    int first = 1;

    for (i = 0; i < list->len; i++) {
        if (!sso_cli_jv_is_scalar(list->items[i])) {
            continue;
        }
        if (name != NULL) {
            upper_name(b, name);
            sso_cli_buf_puts(b, "\t");
        } else if (!first) {
            sso_cli_buf_puts(b, "\t");
        }
        sso_cli_jv_str(b, list->items[i]);
        if (name != NULL) {
            sso_cli_buf_puts(b, "\n");
        }
        first = 0;
    }
    if (name == NULL) {
        sso_cli_buf_puts(b, "\n");
    }
}

/* 1 when key is in the sorted column set. */
static int is_column(const sso_cli_jv_t *columns, const sso_cli_jv_t *key)
{
    size_t i;

    for (i = 0; columns != NULL && i < columns->len; i++) {
        if (sso_cli_jv_strcmp(columns->items[i], key) == 0) {
            return 1;
        }
    }
    return 0;
}

/* The next key after prev in sorted order that is (want_scalar) or is not
 * a scalar member, skipping the column set; NULL at the end. */
static const sso_cli_jv_t *next_key(const sso_cli_jv_t *obj, const sso_cli_jv_t *prev,
                                    int want_scalar, const sso_cli_jv_t *columns, size_t *at)
{
    size_t i, best = obj->len;

    for (i = 0; i < obj->len; i++) {
        const sso_cli_jv_t *k = obj->keys[i];
        if ((prev != NULL && sso_cli_jv_strcmp(k, prev) <= 0) || is_column(columns, k)) {
            continue;
        }
        if (columns == NULL && sso_cli_jv_is_scalar(obj->items[i]) != want_scalar) {
            continue;
        }
        if (best == obj->len || sso_cli_jv_strcmp(k, obj->keys[best]) < 0) {
            best = i;
        }
    }
    *at = best;
    return best < obj->len ? obj->keys[best] : NULL;
}

static size_t scalar_count(const sso_cli_jv_t *obj)
{
    size_t i, n = 0;

    for (i = 0; i < obj->len; i++) {
        n += sso_cli_jv_is_scalar(obj->items[i]);
    }
    return n;
}

static void dict(text_t *t, const sso_cli_jv_t *obj, const sso_cli_jv_t *name,
                 const sso_cli_jv_t *columns)
{
    sso_cli_buf_t *b = t->b;
    const sso_cli_jv_t *k = NULL;
    size_t at, i;
    size_t n = columns != NULL ? columns->len : scalar_count(obj);

    if (n > 0 && name != NULL) {
        upper_name(b, name);
    }
    for (i = 0; columns != NULL && i < columns->len; i++) {
        const sso_cli_jv_t *v = sso_cli_jv_get(obj, columns->items[i]->str, columns->items[i]->len);
        if (name != NULL || i > 0) {
            sso_cli_buf_puts(b, "\t");
        }
        if (v != NULL) {
            sso_cli_jv_str(b, v);
        }
    }
    for (i = 0; columns == NULL && (k = next_key(obj, k, 1, NULL, &at)) != NULL; i++) {
        if (name != NULL || i > 0) {
            sso_cli_buf_puts(b, "\t");
        }
        sso_cli_jv_str(b, obj->items[at]);
    }
    if (n > 0) {
        sso_cli_buf_puts(b, "\n");
    }
    k = NULL;
    while ((k = next_key(obj, k, 0, columns, &at)) != NULL) {
        text(t, obj->items[at], k, NULL);
    }
}

/* Every key that is a scalar in any of the dicts, sorted and unique. */
static sso_cli_jv_t *column_set(text_t *t, const sso_cli_jv_t *l)
{
    size_t i, j, cap = 0;
    sso_cli_jv_t *cols;

    for (i = 0; i < l->len; i++) {
        cap += l->items[i]->type == SSO_CLI_JV_OBJECT ? l->items[i]->len : 0;
    }
    if ((cols = sso_cli_jv_array(t->a, cap)) == NULL) {
        return NULL;
    }
    for (i = 0; i < l->len; i++) {
        const sso_cli_jv_t *d = l->items[i];
        for (j = 0; d->type == SSO_CLI_JV_OBJECT && j < d->len; j++) {
            size_t k = cols->len;
            if (!sso_cli_jv_is_scalar(d->items[j]) || is_column(cols, d->keys[j])) {
                continue;
            }
            while (k > 0 && sso_cli_jv_strcmp(cols->items[k - 1], d->keys[j]) > 0) {
                cols->items[k] = cols->items[k - 1];
                k--;
            }
            cols->items[k] = d->keys[j];
            cols->len++;
        }
    }
    return cols;
}

static void list(text_t *t, const sso_cli_jv_t *l, const sso_cli_jv_t *name)
{
    size_t i, has_dict = 0, has_list = 0, scalars = 0;
    sso_cli_jv_t *cols;

    for (i = 0; i < l->len; i++) {
        has_dict |= l->items[i]->type == SSO_CLI_JV_OBJECT;
        has_list |= l->items[i]->type == SSO_CLI_JV_ARRAY;
        scalars += sso_cli_jv_is_scalar(l->items[i]);
    }
    if (l->len == 0) {
        return;
    }
    if (has_dict) {
        if ((cols = column_set(t, l)) == NULL) {
            t->b->failed = 1;
            return;
        }
        for (i = 0; i < l->len; i++) {
            text(t, l->items[i], name, cols);
        }
        return;
    }
    if (scalars > 0) {
        scalar_list(t->b, l, name);
    }
    for (i = 0; has_list && i < l->len; i++) {
        if (!sso_cli_jv_is_scalar(l->items[i])) {
            text(t, l->items[i], name, NULL);
        }
    }
}

static void text(text_t *t, const sso_cli_jv_t *v, const sso_cli_jv_t *name,
                 const sso_cli_jv_t *columns)
{
    if (v->type == SSO_CLI_JV_OBJECT) {
        dict(t, v, name, columns);
    } else if (v->type == SSO_CLI_JV_ARRAY) {
        list(t, v, name);
    } else {
        sso_cli_jv_str(t->b, v);
        sso_cli_buf_puts(t->b, "\n");
    }
}

void sso_cli_out_text(sso_cli_buf_t *b, const sso_cli_jv_t *v, sso_cli_arena_t *scratch)
{
    text_t t = {b, scratch};

    text(&t, v, NULL, NULL);
}
