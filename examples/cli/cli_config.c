#define _POSIX_C_SOURCE 200809L
#include "cli_config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cli_json_in.h"
#include "cli_sha1.h"
#include "cli_time.h"

typedef struct {
    const char *p;
    size_t n;
} str_t;

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static str_t trim(const char *p, size_t n)
{
    str_t s;

    while (n > 0 && is_space(*p)) {
        p++, n--;
    }
    while (n > 0 && is_space(p[n - 1])) {
        n--;
    }
    s.p = p;
    s.n = n;
    return s;
}

static int str_eq(str_t s, const char *z)
{
    return s.n == strlen(z) && memcmp(s.p, z, s.n) == 0;
}

/* "[kind   name]" with kind "profile" or "sso-session"; *name is the rest. */
static int section_is(str_t sec, const char *kind, str_t *name)
{
    size_t k = strlen(kind);

    if (sec.n <= k || memcmp(sec.p, kind, k) != 0 || !is_space(sec.p[k])) {
        return 0;
    }
    *name = trim(sec.p + k, sec.n - k);
    return 1;
}

static int copy(char *dst, size_t cap, str_t v)
{
    if (v.n >= cap) {
        return -1;
    }
    memcpy(dst, v.p, v.n);
    dst[v.n] = '\0';
    return 0;
}

typedef enum { SEC_OTHER, SEC_PROFILE, SEC_SESSION } section_t;

/* One pass over the file. In the profile's section it records sso_session,
 * sso_start_url, sso_region and region; in `[sso-session <session>]` (when
 * session is given) sso_start_url and sso_region. The last value wins. */
static int scan(const char *text, size_t len, const char *profile, const char *session,
                sso_cli_profile_t *out, char *sess_url, char *sess_region)
{
    const char *p = text, *end = text + len;
    section_t cur = SEC_OTHER;

    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl != NULL ? nl : end;
        str_t line = trim(p, (size_t)(eol - p));
        int indented = p < eol && is_space(*p);
        p = nl != NULL ? nl + 1 : end;

        if (line.n == 0 || line.p[0] == '#' || line.p[0] == ';') {
            continue;
        }
        if (!indented && line.p[0] == '[' && line.p[line.n - 1] == ']') {
            str_t sec = trim(line.p + 1, line.n - 2), name;
            cur = SEC_OTHER;
            if (strcmp(profile, "default") == 0 && str_eq(sec, "default")) {
                cur = SEC_PROFILE;
            } else if (section_is(sec, "profile", &name) && str_eq(name, profile)) {
                cur = SEC_PROFILE;
            } else if (session != NULL && section_is(sec, "sso-session", &name) &&
                       str_eq(name, session)) {
                cur = SEC_SESSION;
            }
            if (cur == SEC_PROFILE) {
                out->found = 1;
            } else if (cur == SEC_SESSION) {
                out->session_found = 1;
            }
            continue;
        }
        /* Indented lines continue a value or hold nested keys (s3 = ...). */
        if (indented || cur == SEC_OTHER) {
            continue;
        }
        {
            size_t i;
            str_t key, val;
            for (i = 0; i < line.n && line.p[i] != '=' && line.p[i] != ':'; i++) {
            }
            if (i == line.n) {
                continue;
            }
            key = trim(line.p, i);
            val = trim(line.p + i + 1, line.n - i - 1);
#define KEY_IS(k) (key.n == strlen(k) && strncasecmp(key.p, k, key.n) == 0)
            if (cur == SEC_PROFILE && session == NULL) {
                if (KEY_IS("sso_session")) {
                    if (copy(out->sso_session, sizeof out->sso_session, val) != 0) {
                        return -1;
                    }
                } else if (KEY_IS("sso_start_url")) {
                    if (copy(out->start_url, sizeof out->start_url, val) != 0) {
                        return -1;
                    }
                } else if (KEY_IS("sso_region")) {
                    if (copy(out->sso_region, sizeof out->sso_region, val) != 0) {
                        return -1;
                    }
                } else if (KEY_IS("region")) {
                    if (copy(out->region, sizeof out->region, val) != 0) {
                        return -1;
                    }
                } else if (KEY_IS("output")) {
                    if (copy(out->output, sizeof out->output, val) != 0) {
                        return -1;
                    }
                }
            } else if (cur == SEC_SESSION) {
                if (KEY_IS("sso_start_url")) {
                    if (copy(sess_url, sizeof out->start_url, val) != 0) {
                        return -1;
                    }
                } else if (KEY_IS("sso_region")) {
                    if (copy(sess_region, sizeof out->sso_region, val) != 0) {
                        return -1;
                    }
                }
            }
#undef KEY_IS
        }
    }
    return 0;
}

int sso_cli_profile_parse(const char *text, size_t len, const char *name, sso_cli_profile_t *out)
{
    char url[SSO_CLI_URL_MAX + 1] = "", region[SSO_CLI_REGION_MAX + 1] = "";

    memset(out, 0, sizeof *out);
    if (scan(text, len, name, NULL, out, NULL, NULL) != 0) {
        return -1;
    }
    if (out->sso_session[0] == '\0') {
        return 0;
    }
    /* The session's settings replace the profile's legacy ones. */
    if (scan(text, len, name, out->sso_session, out, url, region) != 0) {
        return -1;
    }
    if (url[0] != '\0') {
        memcpy(out->start_url, url, sizeof url);
    }
    if (region[0] != '\0') {
        memcpy(out->sso_region, region, sizeof region);
    }
    return 0;
}

const char *sso_cli_cache_key(const sso_cli_profile_t *p)
{
    return p->sso_session[0] != '\0' ? p->sso_session : p->start_url;
}

int sso_cli_cache_path(const char *home, const char *key, char *out, size_t cap)
{
    char hex[SSO_CLI_SHA1_HEX_LEN + 1];
    size_t hl = strlen(home);
    int n;

    sso_cli_sha1_hex(key, strlen(key), hex);
    /* "/root/" and "/root" are the same directory. */
    while (hl > 1 && home[hl - 1] == '/') {
        hl--;
    }
    n = snprintf(out, cap, "%.*s/.aws/sso/cache/%s.json", (int)hl, home, hex);
    return (n < 0 || (size_t)n >= cap) ? -1 : 0;
}

static int token_fail(sso_cli_cached_token_t *out, const char **why, const char *reason)
{
    /* Never leave a partly copied token behind. */
    memset(out->access_token, 0, sizeof out->access_token);
    out->expires_at = 0;
    *why = reason;
    return -1;
}

int sso_cli_token_parse(const char *json, size_t len, sso_cli_cached_token_t *out, const char **why)
{
    sso_cli_json_span_t tok, exp;
    char when[64];

    out->access_token[0] = '\0';
    out->expires_at = 0;
    if (sso_cli_json_find(json, len, "accessToken", &tok) != 0 ||
        sso_cli_json_find(json, len, "expiresAt", &exp) != 0) {
        return token_fail(out, why, "the cache file is not a JSON object");
    }
    if (tok.type != SSO_CLI_JSON_STRING) {
        return token_fail(out, why, "the cache file has no accessToken");
    }
    if (exp.type != SSO_CLI_JSON_STRING) {
        return token_fail(out, why, "the cache file has no expiresAt");
    }
    if (sso_cli_json_unescape(&tok, out->access_token, sizeof out->access_token) <= 0) {
        return token_fail(out, why, "the cached accessToken is empty or too long");
    }
    if (sso_cli_json_unescape(&exp, when, sizeof when) < 0 ||
        sso_cli_parse_timestamp(when, &out->expires_at) != 0) {
        return token_fail(out, why, "the cached expiresAt is not a timestamp");
    }
    return 0;
}

int sso_cli_read_file(const char *path, char *buf, size_t cap, size_t *len)
{
    FILE *f = fopen(path, "rb");
    size_t n;
    int rc = 0;

    if (f == NULL) {
        return -1;
    }
    n = fread(buf, 1, cap - 1, f);
    if (ferror(f)) {
        rc = -1;
    } else if (n == cap - 1 && fgetc(f) != EOF) {
        rc = -2;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return rc;
}
