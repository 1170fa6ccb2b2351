/* JSON text as the AWS CLI prints it: Python's json.dumps with indent=4 and
 * ensure_ascii=False (raw UTF-8, only '"', '\\' and control characters
 * escaped), and, for the NextToken it encodes, ensure_ascii=True. */
#ifndef TINYSSO_CLI_JSON_OUT_H
#define TINYSSO_CLI_JSON_OUT_H

#include <stddef.h>

#include <tinysso/tinysso.h>

#include "cli_buf.h"

/* Appends s (len bytes) as a quoted JSON string. ascii_only escapes every
 * non-ASCII code point as \uXXXX (surrogate pairs above U+FFFF); bytes that
 * are not UTF-8 are then escaped one by one as \u00XX. */
void sso_cli_json_string(sso_cli_buf_t *b, const char *s, size_t len, int ascii_only);

/* Appends `"key": "value"` at the given indent level (no comma, no newline). */
void sso_cli_json_member(sso_cli_buf_t *b, unsigned level, const char *key, const char *value);

/* One list item, opening brace at `level`; members absent in the response
 * (empty strings in the core's structs) are left out, as the AWS CLI does. */
void sso_cli_json_account(sso_cli_buf_t *b, unsigned level, const sso_account_t *a);
void sso_cli_json_role(sso_cli_buf_t *b, unsigned level, const sso_role_t *r);

/* The whole get-role-credentials document in each --format. Return 0, or -1
 * when the expiration cannot be written as a date (process and env only). */
void sso_cli_json_credentials(sso_cli_buf_t *b, const sso_role_credentials_t *c);
int sso_cli_process_credentials(sso_cli_buf_t *b, const sso_role_credentials_t *c);
int sso_cli_env_credentials(sso_cli_buf_t *b, const sso_role_credentials_t *c);

#endif
