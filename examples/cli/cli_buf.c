#include "cli_buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sso_cli_buf_init(sso_cli_buf_t *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->failed = 0;
    b->fixed = 0;
}

void sso_cli_buf_fixed(sso_cli_buf_t *b, char *mem, size_t cap)
{
    b->data = mem;
    b->len = 0;
    b->cap = cap;
    b->failed = cap == 0;
    b->fixed = 1;
    if (cap > 0) {
        mem[0] = '\0';
    }
}

/* Grows by copying into a fresh block and wiping the old one, so no stale
 * copy of a secret is left behind in freed memory (realloc could leave one). */
static int reserve(sso_cli_buf_t *b, size_t extra)
{
    size_t need, cap;
    char *p;

    if (b->failed || extra > (size_t)-1 / 2 - b->len) {
        b->failed = 1;
        return -1;
    }
    need = b->len + extra + 1;
    if (need <= b->cap) {
        return 0;
    }
    if (b->fixed) {
        b->failed = 1;
        return -1;
    }
    cap = b->cap ? b->cap : 256;
    while (cap < need) {
        cap *= 2;
    }
    p = malloc(cap);
    if (p == NULL) {
        b->failed = 1;
        return -1;
    }
    if (b->data != NULL) {
        size_t len = b->len;
        memcpy(p, b->data, len + 1);
        sso_cli_buf_free(b);
        b->len = len;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

void sso_cli_buf_put(sso_cli_buf_t *b, const char *s, size_t n)
{
    size_t len = b->len;

    if (reserve(b, n) != 0) {
        return;
    }
    memcpy(b->data + len, s, n);
    b->len = len + n;
    b->data[b->len] = '\0';
}

void sso_cli_buf_puts(sso_cli_buf_t *b, const char *s)
{
    sso_cli_buf_put(b, s, strlen(s));
}

void sso_cli_buf_indent(sso_cli_buf_t *b, unsigned level)
{
    unsigned i;

    for (i = 0; i < level; i++) {
        sso_cli_buf_put(b, "    ", 4);
    }
}

void sso_cli_buf_long(sso_cli_buf_t *b, long long v)
{
    char tmp[24];
    int n = snprintf(tmp, sizeof tmp, "%lld", v);

    sso_cli_buf_put(b, tmp, (size_t)n);
}

void sso_cli_buf_free(sso_cli_buf_t *b)
{
    if (b->data != NULL) {
        volatile char *v = b->data;
        size_t i;
        for (i = 0; i < b->cap; i++) {
            v[i] = 0;
        }
        if (!b->fixed) {
            free(b->data);
        }
    }
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}
