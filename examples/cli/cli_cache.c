/* The full SSO token cache record: parse, format like the AWS CLI, write
 * atomically with owner-only permissions (PROTOCOL §6). */
#define _POSIX_C_SOURCE 200809L
#include "cli_cache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_json_in.h"
#include "cli_json_out.h"
#include "cli_time.h"

/* A cache file is a few KiB; anything larger is not one. */
static char cache_text[64 * 1024];

void sso_cli_cache_wipe(sso_cli_cache_rec_t *rec)
{
    volatile char *v = (volatile char *)rec;
    size_t i;

    for (i = 0; i < sizeof *rec; i++) {
        v[i] = 0;
    }
}

static int bad(sso_cli_cache_rec_t *rec, const char **why, const char *reason)
{
    sso_cli_cache_wipe(rec);
    *why = reason;
    return -1;
}

/* One optional string member; 0 when absent or copied, -1 otherwise. */
static int opt_string(const char *json, size_t len, const char *key, char *dst, size_t cap)
{
    sso_cli_json_span_t s;

    dst[0] = '\0';
    if (sso_cli_json_find(json, len, key, &s) != 0) {
        return -1;
    }
    if (s.type == SSO_CLI_JSON_NONE || s.type == SSO_CLI_JSON_NULL) {
        return 0;
    }
    return s.type == SSO_CLI_JSON_STRING && sso_cli_json_unescape(&s, dst, cap) >= 0 ? 0 : -1;
}

static int opt_time(const char *json, size_t len, const char *key, int64_t *out)
{
    char when[64];

    *out = 0;
    if (opt_string(json, len, key, when, sizeof when) != 0) {
        return -1;
    }
    return when[0] == '\0' || sso_cli_parse_timestamp(when, out) == 0 ? 0 : -1;
}

int sso_cli_cache_parse(const char *json, size_t len, sso_cli_cache_rec_t *rec, const char **why)
{
    sso_cli_json_span_t probe;

    memset(rec, 0, sizeof *rec);
    if (sso_cli_json_find(json, len, "accessToken", &probe) != 0) {
        return bad(rec, why, "the cache file is not a JSON object");
    }
    if (opt_string(json, len, "accessToken", rec->access_token, sizeof rec->access_token) != 0 ||
        rec->access_token[0] == '\0') {
        return bad(rec, why, "the cache file has no usable accessToken");
    }
    if (opt_time(json, len, "expiresAt", &rec->expires_at) != 0 || rec->expires_at == 0) {
        return bad(rec, why, "the cache file has no usable expiresAt");
    }
    if (opt_string(json, len, "startUrl", rec->start_url, sizeof rec->start_url) != 0 ||
        opt_string(json, len, "region", rec->region, sizeof rec->region) != 0) {
        return bad(rec, why, "the cached startUrl or region is not a string that fits");
    }
    if (opt_string(json, len, "clientId", rec->client_id, sizeof rec->client_id) != 0 ||
        opt_string(json, len, "clientSecret", rec->client_secret, sizeof rec->client_secret) != 0 ||
        opt_time(json, len, "registrationExpiresAt", &rec->registration_expires_at) != 0) {
        return bad(rec, why, "the cached client registration is unusable");
    }
    if (opt_string(json, len, "refreshToken", rec->refresh_token, sizeof rec->refresh_token) != 0) {
        return bad(rec, why, "the cached refreshToken is not a string that fits");
    }
    return 0;
}

int sso_cli_cache_has_registration(const sso_cli_cache_rec_t *rec, int64_t now_s)
{
    return rec->client_id[0] != '\0' && rec->client_secret[0] != '\0' &&
           rec->registration_expires_at > now_s;
}

static void member(sso_cli_buf_t *out, const char *key, const char *value, int first)
{
    if (!first) {
        sso_cli_buf_puts(out, ", ");
    }
    sso_cli_json_string(out, key, strlen(key), 1);
    sso_cli_buf_puts(out, ": ");
    /* json.dumps' default ensure_ascii=True. */
    sso_cli_json_string(out, value, strlen(value), 1);
}

int sso_cli_cache_format(const sso_cli_cache_rec_t *rec, sso_cli_buf_t *out)
{
    char exp[SSO_CLI_ISO8601_LEN], reg[SSO_CLI_ISO8601_LEN];
    int has_reg = rec->client_id[0] != '\0';

    if (sso_cli_format_iso8601(rec->expires_at * 1000, exp) != 0 ||
        (has_reg && sso_cli_format_iso8601(rec->registration_expires_at * 1000, reg) != 0)) {
        return -1;
    }
    sso_cli_buf_puts(out, "{");
    member(out, "startUrl", rec->start_url, 1);
    member(out, "region", rec->region, 0);
    member(out, "accessToken", rec->access_token, 0);
    member(out, "expiresAt", exp, 0);
    if (has_reg) {
        member(out, "clientId", rec->client_id, 0);
        member(out, "clientSecret", rec->client_secret, 0);
        member(out, "registrationExpiresAt", reg, 0);
    }
    if (rec->refresh_token[0] != '\0') {
        member(out, "refreshToken", rec->refresh_token, 0);
    }
    sso_cli_buf_puts(out, "}");
    return 0;
}

/* mkdir -p for the cache directory; new levels get mode 0700. */
static int make_dirs(char *dir)
{
    char *p;

    for (p = dir + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
                *p = '/';
                return -1;
            }
            *p = '/';
        }
    }
    return mkdir(dir, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int sso_cli_cache_write(const char *path, const sso_cli_cache_rec_t *rec, char *err, size_t err_cap)
{
    char dir[4096], tmp[4200];
    const char *slash = strrchr(path, '/');
    sso_cli_buf_t text;
    int fd, ok, rc;

    if (slash == NULL || (size_t)(slash - path) >= sizeof dir) {
        snprintf(err, err_cap, "bad cache path %s", path);
        return -1;
    }
    memcpy(dir, path, (size_t)(slash - path));
    dir[slash - path] = '\0';
    /* The folder holds secrets: it is made, or (made by the AWS CLI with
     * the umask's mode) tightened, to owner-only. */
    if (dir[0] != '\0' && (make_dirs(dir) != 0 || chmod(dir, 0700) != 0)) {
        snprintf(err, err_cap, "cannot create %s: %s", dir, strerror(errno));
        return -1;
    }
    snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", path);
    sso_cli_buf_init(&text);
    if (sso_cli_cache_format(rec, &text) != 0 || text.failed) {
        snprintf(err, err_cap, "cannot format the token cache record");
        sso_cli_buf_free(&text);
        return -1;
    }
    /* mkstemp creates the file with mode 0600. */
    fd = mkstemp(tmp);
    if (fd < 0) {
        snprintf(err, err_cap, "cannot create a file in %s: %s", dir, strerror(errno));
        sso_cli_buf_free(&text);
        return -1;
    }
    ok = fchmod(fd, 0600) == 0 && write_all(fd, text.data, text.len) == 0 && fsync(fd) == 0;
    if (!ok) {
        snprintf(err, err_cap, "cannot write %s: %s", tmp, strerror(errno));
    }
    if (close(fd) != 0 && ok) {
        snprintf(err, err_cap, "cannot write %s: %s", tmp, strerror(errno));
        ok = 0;
    }
    if (ok && rename(tmp, path) != 0) {
        snprintf(err, err_cap, "cannot replace %s: %s", path, strerror(errno));
        ok = 0;
    }
    if (!ok) {
        unlink(tmp);
    }
    rc = ok ? 0 : -1;
    sso_cli_buf_free(&text);
    return rc;
}

int sso_cli_cache_load(const char *path, sso_cli_cache_rec_t *rec, const char **why)
{
    size_t len = 0;
    int r = sso_cli_read_file(path, cache_text, sizeof cache_text, &len);

    if (r == -2) {
        *why = "the cache file is too large";
        memset(cache_text, 0, sizeof cache_text);
        return -2;
    }
    if (r != 0) {
        return -1;
    }
    r = sso_cli_cache_parse(cache_text, len, rec, why);
    memset(cache_text, 0, sizeof cache_text); /* it held secrets */
    return r == 0 ? 0 : -2;
}
