#include "cli_output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_jv_dump.h"

static const char *const names[] = {
    [SSO_CLI_OUTPUT_JSON] = "json",
    [SSO_CLI_OUTPUT_TEXT] = "text",
    [SSO_CLI_OUTPUT_TABLE] = "table",
    [SSO_CLI_OUTPUT_YAML] = "yaml",
    [SSO_CLI_OUTPUT_YAML_STREAM] = "yaml-stream",
};

int sso_cli_output_parse(const char *name)
{
    size_t i;

    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(name, names[i]) == 0) {
            return (int)i;
        }
    }
    return -1;
}

void sso_cli_pages_init(sso_cli_pages_t *p)
{
    memset(p, 0, sizeof *p);
}

void sso_cli_pages_add(sso_cli_pages_t *p, long items, const char *next_token)
{
    size_t n = strlen(next_token);
    char *tok;

    if (p->failed) {
        return;
    }
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 16;
        long *it = realloc(p->items, cap * sizeof *it);
        char **tk;
        if (it != NULL) {
            p->items = it;
        }
        tk = it != NULL ? realloc(p->next_tokens, cap * sizeof *tk) : NULL;
        if (tk == NULL) {
            p->failed = 1;
            return;
        }
        p->next_tokens = tk;
        p->cap = cap;
    }
    if ((tok = malloc(n + 1)) == NULL) {
        p->failed = 1;
        return;
    }
    memcpy(tok, next_token, n + 1);
    p->items[p->n] = items;
    p->next_tokens[p->n++] = tok;
}

void sso_cli_pages_free(sso_cli_pages_t *p)
{
    size_t i;

    for (i = 0; i < p->n; i++) {
        free(p->next_tokens[i]);
    }
    free(p->items);
    free(p->next_tokens);
    sso_cli_pages_init(p);
}

void sso_cli_out_json(sso_cli_buf_t *b, const sso_cli_jv_t *v)
{
    if (v->type == SSO_CLI_JV_OBJECT && v->len == 0) {
        return; /* an empty result prints nothing, as for logout */
    }
    sso_cli_jv_dump(b, v, SSO_CLI_DUMP_PRETTY);
    sso_cli_buf_puts(b, "\n");
}

static int is_empty_object(const sso_cli_jv_t *v)
{
    return v->type == SSO_CLI_JV_OBJECT && v->len == 0;
}

typedef struct {
    const sso_cli_render_t *r;
    sso_cli_arena_t *a;
    char *err;
    size_t cap;
} ctx_t;

static int fail_memory(ctx_t *c)
{
    snprintf(c->err, c->cap, "tinysso: out of memory formatting the output");
    return -1;
}

/* --query on one value, where the AWS CLI applies it. */
static int query(ctx_t *c, sso_cli_jv_t *v, sso_cli_jv_t **out)
{
    sso_cli_jp_status_t st;

    if (c->r->query == NULL) {
        *out = v;
        return 0;
    }
    st = sso_cli_jp_search(c->a, c->r->query, v, out, c->err, c->cap);
    if (st == SSO_CLI_JP_ERR_MEMORY) {
        return fail_memory(c);
    }
    if (st != SSO_CLI_JP_OK) {
        return -1; /* jmespath.py's message is in err */
    }
    return 0;
}

static sso_cli_jv_t *key(ctx_t *c, const char *name)
{
    return sso_cli_jv_string(c->a, name, strlen(name));
}

/* Page i of the merged list as the service returned it (after the cuts):
 * {list_key: items, nextToken: its token} (with_token), or {list_key: items}. */
static sso_cli_jv_t *page_doc(ctx_t *c, const sso_cli_jv_t *list, size_t from, size_t i,
                              int with_token)
{
    const sso_cli_pages_t *p = c->r->pages;
    sso_cli_jv_t *obj = sso_cli_jv_object(c->a, 2), *items, *k;
    size_t n = (size_t)p->items[i], j;

    if (obj == NULL || from + n > list->len || (items = sso_cli_jv_array(c->a, n)) == NULL ||
        (k = key(c, c->r->list_key)) == NULL) {
        return NULL;
    }
    for (j = 0; j < n; j++) {
        items->items[items->len++] = list->items[from + j];
    }
    sso_cli_jv_set(obj, k, items);
    if (with_token && p->next_tokens[i][0] != '\0') {
        sso_cli_jv_t *tok = sso_cli_jv_string(c->a, p->next_tokens[i], strlen(p->next_tokens[i]));
        if (tok == NULL || (k = key(c, "nextToken")) == NULL) {
            return NULL;
        }
        sso_cli_jv_set(obj, k, tok);
    }
    return obj;
}

/* One response of text or yaml-stream, already queried. */
static int emit_stream(ctx_t *c, sso_cli_jv_t *res, sso_cli_buf_t *out)
{
    sso_cli_jv_t *one;

    if (c->r->format == SSO_CLI_OUTPUT_TEXT) {
        sso_cli_out_text(out, res, c->a);
        return c->a->failed ? fail_memory(c) : 0;
    }
    /* yaml-stream: each response as a one-item list. */
    if ((one = sso_cli_jv_array(c->a, 1)) == NULL) {
        return fail_memory(c);
    }
    one->items[one->len++] = res;
    sso_cli_out_yaml(out, one);
    return 0;
}

static int stream_one(ctx_t *c, sso_cli_jv_t *v, sso_cli_buf_t *out)
{
    sso_cli_jv_t *res;

    return query(c, v, &res) != 0 ? -1 : emit_stream(c, res, out);
}

/* text and yaml-stream over automatic paging: page by page, then (text
 * only) the resume token as {"NextToken": {"NextToken": token}}. */
static int stream_pages(ctx_t *c, sso_cli_jv_t *doc, sso_cli_buf_t *out)
{
    const sso_cli_jv_t *list = sso_cli_jv_get(doc, c->r->list_key, strlen(c->r->list_key));
    sso_cli_jv_t *resume = sso_cli_jv_get(doc, "NextToken", 9);
    size_t i, from = 0;
    int text = c->r->format == SSO_CLI_OUTPUT_TEXT;

    if (list == NULL || list->type != SSO_CLI_JV_ARRAY) {
        return fail_memory(c);
    }
    for (i = 0; i < c->r->pages->n; i++) {
        sso_cli_jv_t *page = page_doc(c, list, from, i, !text);
        if (page == NULL || stream_one(c, page, out) != 0) {
            return page == NULL ? fail_memory(c) : -1;
        }
        from += (size_t)c->r->pages->items[i];
    }
    if (text && resume != NULL) {
        sso_cli_jv_t *inner = sso_cli_jv_object(c->a, 1), *outer = sso_cli_jv_object(c->a, 1);
        sso_cli_jv_t *k = key(c, "NextToken");
        if (inner == NULL || outer == NULL || k == NULL) {
            return fail_memory(c);
        }
        sso_cli_jv_set(inner, k, resume);
        sso_cli_jv_set(outer, k, inner);
        return stream_one(c, outer, out);
    }
    return 0;
}

int sso_cli_render(const sso_cli_render_t *r, const char *doc, size_t len, sso_cli_arena_t *a,
                   sso_cli_buf_t *out, char *err, size_t cap)
{
    ctx_t c = {r, a, err, cap};
    sso_cli_jv_t *v, *res;

    err[0] = '\0';
    v = len > 0 ? sso_cli_jv_parse(a, doc, len) : sso_cli_jv_object(a, 0);
    if (v == NULL) {
        return fail_memory(&c);
    }
    if (r->format == SSO_CLI_OUTPUT_TEXT || r->format == SSO_CLI_OUTPUT_YAML_STREAM) {
        if (r->pages != NULL && r->list_key != NULL) {
            return stream_pages(&c, v, out);
        }
        if (query(&c, v, &res) != 0) {
            return -1;
        }
        if (r->format == SSO_CLI_OUTPUT_YAML_STREAM && is_empty_object(res)) {
            return 0; /* an empty response is an empty stream */
        }
        return emit_stream(&c, res, out);
    }
    if (query(&c, v, &res) != 0) {
        return -1;
    }
    switch (r->format) {
    case SSO_CLI_OUTPUT_TABLE:
        return sso_cli_out_table(out, res, r->title, r->width, a) == 0 ? 0 : fail_memory(&c);
    case SSO_CLI_OUTPUT_YAML:
        if (!is_empty_object(res)) {
            sso_cli_out_yaml(out, res);
        }
        return 0;
    default:
        sso_cli_out_json(out, res);
        return 0;
    }
}
