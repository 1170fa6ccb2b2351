/* A growable text buffer: the CLI builds its whole stdout document here and
 * prints it only once every call has succeeded, so a failure never leaves
 * partial output. This is the one place the tool allocates. */
#ifndef TINYSSO_CLI_BUF_H
#define TINYSSO_CLI_BUF_H

#include <stddef.h>

typedef struct sso_cli_buf {
    char *data; /* NUL-terminated when len > 0 */
    size_t len;
    size_t cap;
    int failed; /* sticky: an allocation failed; the content is incomplete */
    int fixed;  /* data is the caller's and never grows (nor is freed) */
} sso_cli_buf_t;

void sso_cli_buf_init(sso_cli_buf_t *b);
/* A buffer over caller memory that fails (sticky) rather than grow: the
 * no-heap code (the JMESPath evaluator) writes text with it. */
void sso_cli_buf_fixed(sso_cli_buf_t *b, char *mem, size_t cap);
void sso_cli_buf_put(sso_cli_buf_t *b, const char *s, size_t n);
void sso_cli_buf_puts(sso_cli_buf_t *b, const char *s);
void sso_cli_buf_indent(sso_cli_buf_t *b, unsigned level); /* 4 spaces a level */
void sso_cli_buf_long(sso_cli_buf_t *b, long long v);

/* Zeroes the bytes (the document may hold credentials), then frees. */
void sso_cli_buf_free(sso_cli_buf_t *b);

#endif
