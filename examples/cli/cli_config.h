/* Where a token comes from when --access-token is not given: the AWS CLI's
 * ~/.aws/config profiles and its SSO token cache (PROTOCOL §6). The parse
 * functions work on text in memory so tests need no files. */
#ifndef TINYSSO_CLI_CONFIG_H
#define TINYSSO_CLI_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#define SSO_CLI_NAME_MAX 255
#define SSO_CLI_URL_MAX 1023
#define SSO_CLI_REGION_MAX 63
/* Access tokens are opaque; those seen are about 1 KiB. */
#define SSO_CLI_ACCESS_TOKEN_MAX 8191

typedef struct sso_cli_profile {
    int found;                               /* the profile's section exists */
    int session_found;                       /* its [sso-session] section exists */
    char sso_session[SSO_CLI_NAME_MAX + 1];  /* "" when the profile has none */
    char start_url[SSO_CLI_URL_MAX + 1];     /* session's, else the profile's */
    char sso_region[SSO_CLI_REGION_MAX + 1]; /* session's, else the profile's */
    char region[SSO_CLI_REGION_MAX + 1];     /* the profile's `region` */
    char output[64];                         /* the profile's `output` (--output's default) */
} sso_cli_profile_t;

/* Reads profile `name` from config-file text: `[profile name]` (or
 * `[default]` for "default"), following its sso_session to
 * `[sso-session s]`. Keys are case-insensitive, `=` or `:` separate key and
 * value, `#`/`;` lines are comments, indented lines (nested values) are
 * skipped. Returns 0, or -1 when a value it needs is too long. */
int sso_cli_profile_parse(const char *text, size_t len, const char *name, sso_cli_profile_t *out);

/* The cache key of a profile: its sso_session name, else its start URL. */
const char *sso_cli_cache_key(const sso_cli_profile_t *p);

/* "<home>/.aws/sso/cache/<sha1 hex of key>.json". Returns 0, or -1 when it
 * does not fit. */
int sso_cli_cache_path(const char *home, const char *key, char *out, size_t cap);

typedef struct sso_cli_cached_token {
    char access_token[SSO_CLI_ACCESS_TOKEN_MAX + 1];
    int64_t expires_at; /* epoch seconds */
} sso_cli_cached_token_t;

/* Parses a cache file's JSON. Returns 0, or -1 with *why set to a short
 * reason (never containing the token). */
int sso_cli_token_parse(const char *json, size_t len, sso_cli_cached_token_t *out,
                        const char **why);

/* Reads a whole file into buf (NUL-terminated). Returns 0, -1 when it cannot
 * be opened or read, -2 when it does not fit. */
int sso_cli_read_file(const char *path, char *buf, size_t cap, size_t *len);

#endif
