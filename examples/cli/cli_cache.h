/* The AWS CLI's SSO token cache record, in full (PROTOCOL §6): what
 * `aws sso login` writes to ~/.aws/sso/cache/<sha1>.json, read and written
 * so that the AWS CLI and tinysso can each use the other's login. */
#ifndef TINYSSO_CLI_CACHE_H
#define TINYSSO_CLI_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include <tinysso/sso_login.h>

#include "cli_buf.h"
#include "cli_config.h"

typedef struct sso_cli_cache_rec {
    char start_url[SSO_CLI_URL_MAX + 1];
    char region[SSO_CLI_REGION_MAX + 1];
    char access_token[SSO_ACCESS_TOKEN_MAX + 1];
    int64_t expires_at; /* epoch seconds */
    /* The client registration; empty / 0 when the file has none. */
    char client_id[SSO_CLIENT_ID_MAX + 1];
    char client_secret[SSO_CLIENT_SECRET_MAX + 1];
    int64_t registration_expires_at;
    char refresh_token[SSO_REFRESH_TOKEN_MAX + 1]; /* "" when none */
} sso_cli_cache_rec_t;

/* Parses a cache file. accessToken and expiresAt are required; the other
 * members are optional (a file written by an old AWS CLI, or by hand), but
 * when present must have the right type. Returns 0, or -1 with *why set to
 * a short reason that never contains a secret. */
int sso_cli_cache_parse(const char *json, size_t len, sso_cli_cache_rec_t *rec, const char **why);

/* The file text exactly as the AWS CLI 2 writes it: Python's json.dumps
 * (", " and ": " separators, no newline at the end), members in its order,
 * timestamps as "YYYY-MM-DDTHH:MM:SSZ", refreshToken only when there is one
 * and the registration members only when there is a registration. Returns
 * 0, or -1 when a timestamp cannot be written. */
int sso_cli_cache_format(const sso_cli_cache_rec_t *rec, sso_cli_buf_t *out);

/* Writes rec to path atomically: the directory is created with mode 0700
 * when missing, the text goes to a temporary file of mode 0600 in the same
 * directory, which is flushed to disk and renamed over path, so a reader
 * sees the old file or the new one, never half of one. An existing folder
 * is set to 0700 too. Returns 0, or -1
 * with the reason in err. */
int sso_cli_cache_write(const char *path, const sso_cli_cache_rec_t *rec, char *err,
                        size_t err_cap);

/* Reads and parses path. Returns 0, -1 when it cannot be read (errno set),
 * or -2 when it is not a usable record (*why set). */
int sso_cli_cache_load(const char *path, sso_cli_cache_rec_t *rec, const char **why);

/* 1 when the record carries a client registration valid at now_s. */
int sso_cli_cache_has_registration(const sso_cli_cache_rec_t *rec, int64_t now_s);

/* Overwrites every secret of the record. */
void sso_cli_cache_wipe(sso_cli_cache_rec_t *rec);

#endif
