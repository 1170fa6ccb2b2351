/* UTC timestamps of the token cache and of credential_process output. Pure
 * arithmetic: no time zone database, no timegm() (not POSIX). */
#ifndef TINYSSO_CLI_TIME_H
#define TINYSSO_CLI_TIME_H

#include <stdint.h>

/* "YYYY-MM-DDTHH:MM:SSZ" plus NUL. */
#define SSO_CLI_ISO8601_LEN 21

/* Parses the expiresAt forms the AWS CLI and SDKs write (PROTOCOL §6):
 * 2019-11-14T04:05:45Z, 2021-12-11T07:18:18UTC, 2023-03-16T15:11:53.540Z,
 * and also a numeric offset (+00:00, -0530) or a space instead of 'T'.
 * Fractions are dropped. Returns 0 and sets *epoch_s, or -1. */
int sso_cli_parse_timestamp(const char *s, int64_t *epoch_s);

/* Writes epoch milliseconds as ISO-8601 UTC seconds. Returns 0, or -1 when the
 * year falls outside 0000..9999. */
int sso_cli_format_iso8601(int64_t epoch_ms, char out[SSO_CLI_ISO8601_LEN]);

#endif
