/* The message of a service error as botocore builds it when the body is not
 * the service's JSON (an HTML page from a proxy or WAF, a plain-text 503,
 * an empty body). The core maps JSON error bodies; for the rest the CLI
 * looks at the raw bytes of the last response, which cli_net keeps. */
#ifndef TINYSSO_CLI_ERRBODY_H
#define TINYSSO_CLI_ERRBODY_H

#include <stddef.h>
#include <stdint.h>

/* The body of the HTTP/1.1 response in raw[0..len) (status line, headers,
 * body), chunked framing removed, copied to out (at most cap - 1 bytes,
 * NUL-terminated). Returns its length; 0 when there is none. */
size_t sso_cli_http_body(const uint8_t *raw, size_t len, char *out, size_t cap);

/* botocore's rule (parsers.py): a status >= 500 whose body is empty or
 * starts with "<html>" (after trimming) gets the reason phrase; a body
 * that is not JSON is the message itself; otherwise the JSON's message
 * (json_message, "" when it had none). body is NUL-terminated. */
const char *sso_cli_error_message(int status, const char *json_message, const char *body);

/* The reason phrase Python's http.client gives a status ("" if unknown). */
const char *sso_cli_reason_phrase(int status);

#endif
