#define _POSIX_C_SOURCE 200809L
/* Runs the JMESPath compliance suite (the one jmespath.py runs against
 * itself) through the CLI's evaluator: every case of every file in the
 * folder given on the command line. A case with `result` must evaluate to a
 * value equal to it (JSON semantics: numbers compare as numbers, object
 * members in any order); a case with `error` must fail with that kind of
 * error. Prints the pass count; fails on any failure not listed in
 * known_failures below. Exit 77 (skip) when the folder is absent. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_buf.h"
#include "cli_jmespath.h"
#include "cli_jv_dump.h"

/* Cases this evaluator does not pass, each with the reason. Empty: all pass. */
static const char *const known_failures[] = {
    NULL,
};

#define ARENA_BYTES (64u * 1024u * 1024u)

static int is_known(const char *file, const char *expr)
{
    size_t i;

    (void)file;
    for (i = 0; known_failures[i] != NULL; i++) {
        if (strcmp(known_failures[i], expr) == 0) {
            return 1;
        }
    }
    return 0;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *data;
    long n;

    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0 || (data = malloc((size_t)n + 1)) == NULL) {
        if (f != NULL) {
            fclose(f);
        }
        return NULL;
    }
    *len = fread(data, 1, (size_t)n, f);
    fclose(f);
    data[*len] = '\0';
    return data;
}

static void show(const char *what, const sso_cli_jv_t *v)
{
    sso_cli_buf_t b;

    sso_cli_buf_init(&b);
    sso_cli_jv_dump(&b, v, SSO_CLI_DUMP_COMPACT);
    printf("    %s %s\n", what, b.len ? b.data : "");
    sso_cli_buf_free(&b);
}

typedef struct {
    unsigned total, passed, known, unexpected;
} tally_t;

/* 1 when the case passes. */
static int run_case(sso_cli_arena_t *arena, const sso_cli_jv_t *given, const sso_cli_jv_t *cs,
                    const char *file)
{
    const sso_cli_jv_t *expr = sso_cli_jv_get(cs, "expression", 10);
    const sso_cli_jv_t *want = sso_cli_jv_get(cs, "result", 6);
    const sso_cli_jv_t *error = sso_cli_jv_get(cs, "error", 5);
    sso_cli_jp_node_t *ast;
    sso_cli_jv_t *got = NULL;
    sso_cli_jp_status_t st;
    char err[256];
    size_t mark = arena->used;
    int ok;

    if (expr == NULL || expr->type != SSO_CLI_JV_STRING) {
        printf("%s: a case without an expression\n", file);
        return 0;
    }
    st = sso_cli_jp_compile(arena, expr->str, expr->len, &ast, err, sizeof err);
    if (st == SSO_CLI_JP_OK) {
        st = sso_cli_jp_search(arena, ast, (sso_cli_jv_t *)given, &got, err, sizeof err);
    }
    if (error != NULL) {
        const char *kind = sso_cli_jp_status_kind(st);
        ok = strlen(kind) == error->len && memcmp(kind, error->str, error->len) == 0;
        if (!ok) {
            printf("FAIL %s: %.*s: expected a %.*s error, got %s (%s)\n", file, (int)expr->len,
                   expr->str, (int)error->len, error->str, kind, err);
            if (st == SSO_CLI_JP_OK) {
                show("result:", got);
            }
        }
    } else {
        ok = st == SSO_CLI_JP_OK && want != NULL && sso_cli_jv_equal(got, want);
        if (!ok) {
            printf("FAIL %s: %.*s: %s %s\n", file, (int)expr->len, expr->str,
                   sso_cli_jp_status_kind(st), err);
            if (want != NULL) {
                show("expected:", want);
            }
            if (st == SSO_CLI_JP_OK) {
                show("got:     ", got);
            }
        }
    }
    arena->used = mark; /* the document stays, the case's values go */
    return ok;
}

static int run_file(const char *dir, const char *name, sso_cli_arena_t *arena, tally_t *t)
{
    char path[4096];
    size_t len, g, i;
    char *text;
    sso_cli_jv_t *doc;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    if ((text = read_file(path, &len)) == NULL) {
        printf("cannot read %s\n", path);
        return -1;
    }
    arena->used = 0;
    doc = sso_cli_jv_parse(arena, text, len);
    if (doc == NULL || doc->type != SSO_CLI_JV_ARRAY) {
        printf("%s: not a JSON list of groups\n", path);
        free(text);
        return -1;
    }
    for (g = 0; g < doc->len; g++) {
        const sso_cli_jv_t *given = sso_cli_jv_get(doc->items[g], "given", 5);
        const sso_cli_jv_t *cases = sso_cli_jv_get(doc->items[g], "cases", 5);
        if (given == NULL || cases == NULL || cases->type != SSO_CLI_JV_ARRAY) {
            printf("%s: group %lu is malformed\n", path, (unsigned long)g);
            free(text);
            return -1;
        }
        for (i = 0; i < cases->len; i++) {
            const sso_cli_jv_t *e = sso_cli_jv_get(cases->items[i], "expression", 10);
            t->total++;
            if (run_case(arena, given, cases->items[i], name)) {
                t->passed++;
            } else if (e != NULL && is_known(name, e->str)) {
                t->known++;
            } else {
                t->unexpected++;
            }
        }
    }
    free(text);
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int main(int argc, char **argv)
{
    static char *names[256];
    size_t n = 0, i;
    tally_t t = {0, 0, 0, 0};
    sso_cli_arena_t arena;
    void *mem;
    struct dirent *e;
    DIR *d;

    if (argc != 2) {
        fprintf(stderr, "usage: %s VECTOR_DIR\n", argv[0]);
        return 2;
    }
    if ((d = opendir(argv[1])) == NULL) {
        printf("SKIP: %s is absent (the JMESPath compliance vectors live outside the "
               "repository, in ../shared/vectors/jmespath)\n",
               argv[1]);
        return 77;
    }
    while ((e = readdir(d)) != NULL && n < sizeof names / sizeof names[0]) {
        size_t len = strlen(e->d_name);
        if (len > 5 && strcmp(e->d_name + len - 5, ".json") == 0) {
            names[n++] = strdup(e->d_name);
        }
    }
    closedir(d);
    qsort(names, n, sizeof names[0], by_name);
    if ((mem = malloc(ARENA_BYTES)) == NULL) {
        return 2;
    }
    sso_cli_arena_init(&arena, mem, ARENA_BYTES);
    for (i = 0; i < n; i++) {
        if (run_file(argv[1], names[i], &arena, &t) != 0) {
            t.unexpected++;
        }
        free(names[i]);
    }
    free(mem);
    printf("JMESPath compliance: %u/%u cases pass (%lu files), %u known failures, %u "
           "unexpected failures\n",
           t.passed, t.total, (unsigned long)n, t.known, t.unexpected);
    if (t.total == 0) {
        printf("FAIL: no cases found in %s\n", argv[1]);
        return 1;
    }
    return t.unexpected == 0 ? 0 : 1;
}
