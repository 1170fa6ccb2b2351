/* --output and --query: the AWS CLI's five output formats over the JSON
 * document a command produced, with the JMESPath query applied where the AWS
 * CLI applies it. json, table and yaml format the whole result after paging
 * (the query sees the merged document, NextToken included); text and
 * yaml-stream format page by page, as the AWS CLI streams them (the query
 * runs on each page). */
#ifndef TINYSSO_CLI_OUTPUT_H
#define TINYSSO_CLI_OUTPUT_H

#include <stddef.h>

#include "cli_buf.h"
#include "cli_jmespath.h"
#include "cli_jvalue.h"

typedef enum {
    SSO_CLI_OUTPUT_JSON = 0,
    SSO_CLI_OUTPUT_TEXT,
    SSO_CLI_OUTPUT_TABLE,
    SSO_CLI_OUTPUT_YAML,
    SSO_CLI_OUTPUT_YAML_STREAM
} sso_cli_output_t;

/* "json" ... "yaml-stream" to the enum; -1 for anything else. */
int sso_cli_output_parse(const char *name);

/* The formatters, each appending one document to b. */
void sso_cli_out_json(sso_cli_buf_t *b, const sso_cli_jv_t *v); /* json.dumps(indent=4) */
/* awscli's text format; scratch holds the column sets of lists of dicts. */
void sso_cli_out_text(sso_cli_buf_t *b, const sso_cli_jv_t *v, sso_cli_arena_t *scratch);
void sso_cli_out_yaml(sso_cli_buf_t *b, const sso_cli_jv_t *v); /* one YAML document */
/* title: the operation name (ListAccounts); width: the terminal's columns;
 * scratch holds the sections. Returns 0, or -1 when scratch is too small. */
int sso_cli_out_table(sso_cli_buf_t *b, const sso_cli_jv_t *v, const char *title, unsigned width,
                      sso_cli_arena_t *scratch);

/* What a list command's automatic paging fetched: the items each page
 * contributed to the merged list (after --starting-token and --max-items
 * cuts) and the page's own nextToken. Grows on the heap. */
typedef struct {
    long *items;
    char **next_tokens;
    size_t n, cap;
    int failed; /* sticky: out of memory */
} sso_cli_pages_t;

void sso_cli_pages_init(sso_cli_pages_t *p);
void sso_cli_pages_add(sso_cli_pages_t *p, long items, const char *next_token);
void sso_cli_pages_free(sso_cli_pages_t *p);

typedef struct {
    sso_cli_output_t format;
    const sso_cli_jp_node_t *query; /* NULL: none */
    const char *title;              /* operation name, the table's title */
    unsigned width;                 /* terminal columns, for the table */
    const char *list_key;           /* accountList / roleList; NULL if not a list */
    const sso_cli_pages_t *pages;   /* NULL unless paged automatically */
} sso_cli_render_t;

/* Formats doc (the command's JSON document; empty for logout, whose result
 * is {}) into out. The arena holds the parsed document and the query's
 * values. Returns 0, or -1 with a reason in err (a query error, or memory). */
int sso_cli_render(const sso_cli_render_t *r, const char *doc, size_t len, sso_cli_arena_t *a,
                   sso_cli_buf_t *out, char *err, size_t cap);

/* Display width of UTF-8 text as the AWS CLI's table measures it: 2 for
 * East Asian Wide, Fullwidth and Ambiguous characters, else 1. */
size_t sso_cli_text_width(const char *s, size_t len);

#endif
