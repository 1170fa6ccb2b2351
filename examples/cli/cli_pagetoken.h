/* The AWS CLI's own paging token (PROTOCOL §8): what `--max-items` prints
 * as NextToken and `--starting-token` reads back. It is base64 of
 * {"nextToken": <service token or null>, "boto_truncate_amount": N}, where
 * N (absent on a page boundary) counts the items of the page fetched with
 * that service token that were already printed. */
#ifndef TINYSSO_CLI_PAGETOKEN_H
#define TINYSSO_CLI_PAGETOKEN_H

#include <tinysso/tinysso.h>

#include "cli_buf.h"

typedef struct sso_cli_resume {
    char token[SSO_NEXT_TOKEN_MAX + 1]; /* "" means the first page */
    long truncate;                      /* items of that page to skip */
} sso_cli_resume_t;

/* Appends the NextToken text. token NULL or "" is JSON null; truncate < 0
 * leaves boto_truncate_amount out (a page boundary). */
void sso_cli_resume_encode(sso_cli_buf_t *b, const char *token, long truncate);

/* Reads a --starting-token as botocore does: base64 of the JSON above; when
 * that fails, the legacy "<token>___<N>" form; otherwise the whole text is a
 * plain service token. Returns 0, or -1 when it cannot be a token (too long,
 * negative count, "a___b___1"). */
int sso_cli_resume_decode(const char *text, sso_cli_resume_t *out);

#endif
