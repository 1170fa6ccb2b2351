/* --debug output on stderr. Callers pass only what is safe to show: never
 * an access token, secret key or session token (see sso_cli_redact). */
#ifndef TINYSSO_CLI_LOG_H
#define TINYSSO_CLI_LOG_H

#include <stddef.h>

extern int sso_cli_debug_on;

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
void sso_cli_debug(const char *fmt, ...);

/* A printable stand-in for a secret: its length and nothing of its value. */
const char *sso_cli_redact(const char *secret, char *buf, size_t cap);

#endif
