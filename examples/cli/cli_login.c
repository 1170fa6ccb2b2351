/* tinysso login: register (or reuse the cached registration), start the
 * device authorization, show the code as the AWS CLI does, poll, and write
 * the token cache the AWS CLI reads; and the refresh-token grant on a
 * cached token, forced (--refresh) or when it is due. */
#define _POSIX_C_SOURCE 200809L
#include "cli_login.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tinysso/sso_login.h>

#include "cli_cache.h"
#include "cli_conn.h"
#include "cli_log.h"
#include "cli_setup.h"

#define MAX_SCOPES 16

/* What to log in to, and where its token is cached. */
typedef struct target {
    char start_url[SSO_CLI_URL_MAX + 1];
    char region[SSO_CLI_REGION_MAX + 1];
    char scopes_text[SSO_CLI_URL_MAX + 1];
    char profile[SSO_CLI_NAME_MAX + 1];
    char session[SSO_CLI_NAME_MAX + 1];
    char cache_path[4096];
    const char *scopes[MAX_SCOPES];
    size_t n_scopes;
} target_t;

static target_t target;
static sso_cli_cache_rec_t rec;
static sso_cli_conn_t conn;
static sso_registration_t reg;
static sso_device_auth_t auth;
static sso_token_t tok, scratch;
static sso_token_life_t life;

static const char *env(const char *name)
{
    const char *v = getenv(name);
    return (v != NULL && v[0] != '\0') ? v : NULL;
}

static int copy(char *dst, size_t cap, const char *src)
{
    if (strlen(src) >= cap) {
        return -1;
    }
    strcpy(dst, src);
    return 0;
}

/* "a, b,c" -> {"a","b","c"}, in place, as the AWS CLI splits
 * sso_registration_scopes. */
static int split_scopes(target_t *t)
{
    char *p = t->scopes_text;
    t->n_scopes = 0;
    while (*p) {
        char *end = p + strcspn(p, ","), *last = end;
        int more = *end == ',';
        while (*p == ' ' || *p == '\t') {
            p++;
        }
        while (last > p && (last[-1] == ' ' || last[-1] == '\t')) {
            last--;
        }
        *last = '\0';
        if (*p) {
            if (t->n_scopes == MAX_SCOPES) {
                return -1;
            }
            t->scopes[t->n_scopes++] = p;
        }
        p = more ? end + 1 : end;
    }
    return 0;
}

static int resolve_profile(const sso_cli_args_t *a, target_t *t, char *err, size_t cap)
{
    static sso_cli_profile_t p;
    const char *name = a->profile != NULL ? a->profile : env("AWS_PROFILE");

    if (copy(t->profile, sizeof t->profile, name != NULL ? name : "default") != 0) {
        snprintf(err, cap, "the profile name is too long");
        return SSO_CLI_EXIT_CONFIG;
    }
    if (sso_cli_load_profile(t->profile, &p, err, cap) != 0) {
        return SSO_CLI_EXIT_CONFIG;
    }
    if (!p.found) {
        snprintf(err, cap, "The config profile (%s) could not be found", t->profile);
        return SSO_CLI_EXIT_CONFIG;
    }
    if (p.sso_session[0] != '\0' && !p.session_found) {
        snprintf(err, cap, "The specified sso-session does not exist: \"%s\"", p.sso_session);
        return SSO_CLI_EXIT_CONFIG;
    }
    if (p.start_url[0] == '\0' || p.sso_region[0] == '\0') {
        snprintf(err, cap,
                 "Missing the following required SSO configuration values: %s%s%s. To make sure "
                 "this profile is properly configured to use SSO, please run: aws configure sso",
                 p.start_url[0] ? "" : "sso_start_url",
                 !p.start_url[0] && !p.sso_region[0] ? ", " : "",
                 p.sso_region[0] ? "" : "sso_region");
        return SSO_CLI_EXIT_CONFIG;
    }
    strcpy(t->start_url, p.start_url);
    strcpy(t->region, p.sso_region);
    strcpy(t->session, p.sso_session);
    strcpy(t->scopes_text, p.scopes);
    return SSO_CLI_EXIT_OK;
}

/* --start-url/--region, or the profile's sso-session / legacy settings. */
static int resolve_target(const sso_cli_args_t *a, target_t *t, char *err, size_t cap)
{
    const char *home = env("HOME");
    const char *region = a->region != NULL           ? a->region
                         : env("AWS_REGION") != NULL ? env("AWS_REGION")
                                                     : env("AWS_DEFAULT_REGION");
    int r;

    memset(t, 0, sizeof *t);
    if (a->start_url != NULL) {
        if (region == NULL) {
            snprintf(err, cap, "--start-url needs --region (the region of IAM Identity Center)");
            return SSO_CLI_EXIT_USAGE;
        }
        if (copy(t->start_url, sizeof t->start_url, a->start_url) != 0 ||
            copy(t->region, sizeof t->region, region) != 0) {
            snprintf(err, cap, "--start-url or --region is too long");
            return SSO_CLI_EXIT_USAGE;
        }
    } else if ((r = resolve_profile(a, t, err, cap)) != SSO_CLI_EXIT_OK) {
        return r;
    }
    if (a->scopes != NULL && copy(t->scopes_text, sizeof t->scopes_text, a->scopes) != 0) {
        snprintf(err, cap, "--scopes is too long");
        return SSO_CLI_EXIT_USAGE;
    }
    if (split_scopes(t) != 0) {
        snprintf(err, cap, "more than %d registration scopes", MAX_SCOPES);
        return SSO_CLI_EXIT_CONFIG;
    }
    if (home == NULL) {
        snprintf(err, cap, "HOME is not set, so the SSO token cache cannot be found");
        return SSO_CLI_EXIT_CONFIG;
    }
    /* The cache key: the session name, else the start URL (PROTOCOL §6). */
    if (sso_cli_cache_path(home, t->session[0] ? t->session : t->start_url, t->cache_path,
                           sizeof t->cache_path) != 0) {
        snprintf(err, cap, "the path of the SSO token cache is too long");
        return SSO_CLI_EXIT_CONFIG;
    }
    sso_cli_debug("login: start URL %s, region %s, %zu scope(s), cache %s", t->start_url, t->region,
                  t->n_scopes, t->cache_path);
    return SSO_CLI_EXIT_OK;
}

/* The AWS CLI's text for `aws sso login --no-browser`, on stdout; tinysso
 * never opens a browser, so it is the only text. */
static int show_code(void *user, const sso_login_prompt_t *p)
{
    int *prompted = user;
    if (p->polls == 0) {
        printf("Browser will not be automatically opened.\n"
               "Please visit the following URL:\n"
               "\n%s\n"
               "\nThen enter the code:\n"
               "\n%s\n"
               "\nAlternatively, you may visit the following URL which will autofill the code "
               "upon loading:\n%s\n",
               p->verification_uri, p->user_code, p->verification_uri_complete);
        fflush(stdout);
        *prompted = 1;
    }
    return 0;
}

static int save(const target_t *t, char *err, size_t cap)
{
    if (sso_cli_cache_write(t->cache_path, &rec, err, cap) != 0) {
        return SSO_CLI_EXIT_OTHER;
    }
    sso_cli_debug("token cache written: %s", t->cache_path);
    return SSO_CLI_EXIT_OK;
}

static int device_login(const sso_cli_args_t *a, const target_t *t, int64_t now, char *err,
                        size_t cap)
{
    sso_oidc_api_t api;
    sso_device_login_t login;
    char client_name[SSO_CLI_NAME_MAX + 32];
    const char *why = NULL;
    int had_reg = 0, prompted = 0, r;
    sso_status_t st;

    memset(&reg, 0, sizeof reg);
    /* A registration cached with the last token is reused while it has at
     * least the AWS CLI's 15 minutes to live. */
    if (sso_cli_cache_load(t->cache_path, &rec, &why) == 0 &&
        strcmp(rec.start_url, t->start_url) == 0 && strcmp(rec.region, t->region) == 0 &&
        sso_cli_cache_has_registration(&rec, now + SSO_CLI_REFRESH_WINDOW_S)) {
        strcpy(reg.client_id, rec.client_id);
        strcpy(reg.client_secret, rec.client_secret);
        reg.expires_at = rec.registration_expires_at;
        had_reg = 1;
        sso_cli_debug("reusing the cached client registration");
    }
    sso_cli_cache_wipe(&rec);
    r = sso_cli_conn_open(&conn, a, 1, t->region, a->oidc_endpoint_url, err, cap);
    if (r != SSO_CLI_EXIT_OK) {
        return r;
    }
    sso_oidc_api(&api, &conn.client);
    memset(&login, 0, sizeof login);
    snprintf(client_name, sizeof client_name, "tinysso-client-%s",
             t->session[0] ? t->session : "legacy");
    login.start_url = t->start_url;
    login.client_name = client_name;
    login.scopes = t->n_scopes ? t->scopes : NULL;
    login.n_scopes = t->n_scopes;
    login.on_prompt = show_code;
    login.user = &prompted;
    st = sso_device_login(&api, &conn.platform, &login, &reg, &auth, &tok);
    if (st != SSO_OK) {
        const sso_service_error_t *e = sso_client_last_error(&conn.client);
        if (st == SSO_ERR_SERVICE && strcmp(e->code, "ExpiredTokenException") == 0) {
            fprintf(stderr, "\nThe pending authorization to retrieve an SSO token has expired. The "
                            "device authorization flow to retrieve an SSO token must be "
                            "restarted.\n");
            r = SSO_CLI_EXIT_OTHER;
        } else if (st == SSO_ERR_TIMEOUT && prompted) {
            fprintf(stderr, "\nThe device code expired before the login was approved; run the "
                            "command again.\n");
            r = SSO_CLI_EXIT_OTHER;
        } else {
            r = sso_cli_conn_failed(&conn,
                                    prompted                      ? "CreateToken"
                                    : had_reg || reg.client_id[0] ? "StartDeviceAuthorization"
                                                                  : "RegisterClient",
                                    st);
        }
        sso_cli_conn_close(&conn);
        return r;
    }
    sso_cli_conn_close(&conn);
    memset(&rec, 0, sizeof rec);
    strcpy(rec.start_url, t->start_url);
    strcpy(rec.region, t->region);
    strcpy(rec.access_token, tok.access_token);
    rec.expires_at = now + (tok.expires_in > 0 ? tok.expires_in : 0);
    strcpy(rec.client_id, reg.client_id);
    strcpy(rec.client_secret, reg.client_secret);
    rec.registration_expires_at = reg.expires_at;
    strcpy(rec.refresh_token, tok.refresh_token);
    r = save(t, err, cap);
    if (r == SSO_CLI_EXIT_OK) {
        printf("Successfully logged into Start URL: %s\n", t->start_url);
    }
    return r;
}

/* The refresh-token grant on the cached record through the lifecycle
 * helper (window: the AWS CLI's 15 minutes, or everything when forced).
 * Returns the helper's verdict; status gets the call's status. */
static sso_life_state_t refresh_record(const sso_cli_args_t *a, const target_t *t, int64_t now,
                                       int force, sso_status_t *status, char *err, size_t cap)
{
    sso_oidc_api_t api;
    sso_life_state_t s;

    *status = SSO_OK;
    memset(&reg, 0, sizeof reg);
    memset(&tok, 0, sizeof tok);
    strcpy(reg.client_id, rec.client_id);
    strcpy(reg.client_secret, rec.client_secret);
    reg.expires_at = rec.registration_expires_at;
    strcpy(tok.access_token, rec.access_token);
    strcpy(tok.refresh_token, rec.refresh_token);
    tok.expires_in = rec.expires_at > now ? rec.expires_at - now : 0;
    sso_life_init(&life);
    life.refresh_window_s = force ? INT32_MAX : SSO_CLI_REFRESH_WINDOW_S;
    if (sso_life_start(&life, &reg, &tok, now) != SSO_OK) {
        return SSO_LIFE_LOGIN_NEEDED;
    }
    if (sso_cli_conn_open(&conn, a, 1, rec.region[0] ? rec.region : t->region, a->oidc_endpoint_url,
                          err, cap) != SSO_CLI_EXIT_OK) {
        *status = SSO_ERR_ENDPOINT;
        return SSO_LIFE_RETRY_LATER;
    }
    sso_oidc_api(&api, &conn.client);
    s = sso_life_tick(&life, &api, now, &scratch, status);
    if (s == SSO_LIFE_REFRESHED) {
        strcpy(rec.access_token, life.access_token);
        strcpy(rec.refresh_token, life.refresh_token);
        rec.expires_at = life.expires_at;
    }
    sso_life_wipe(&life);
    return s;
}

static int forced_refresh(const sso_cli_args_t *a, const target_t *t, int64_t now, char *err,
                          size_t cap)
{
    const char *why = NULL;
    sso_status_t st;
    sso_life_state_t s;
    int r;

    if (sso_cli_cache_load(t->cache_path, &rec, &why) != 0) {
        snprintf(err, cap, "No usable cached SSO token in %s%s%s: run tinysso login first",
                 t->cache_path, why ? ": " : "", why ? why : "");
        return SSO_CLI_EXIT_CONFIG;
    }
    if (rec.refresh_token[0] == '\0' || !sso_cli_cache_has_registration(&rec, now)) {
        snprintf(err, cap, "The cached SSO token cannot be refreshed (%s): run tinysso login again",
                 rec.refresh_token[0] ? "the client registration has expired"
                                      : "it has no refresh token");
        sso_cli_cache_wipe(&rec);
        return SSO_CLI_EXIT_CONFIG;
    }
    s = refresh_record(a, t, now, 1, &st, err, cap);
    if (s == SSO_LIFE_REFRESHED) {
        r = save(t, err, cap);
        if (r == SSO_CLI_EXIT_OK) {
            printf("Successfully refreshed the SSO token for Start URL: %s\n", t->start_url);
        }
    } else if (st == SSO_ERR_ENDPOINT) {
        r = SSO_CLI_EXIT_CONFIG;
    } else {
        r = sso_cli_conn_failed(&conn, "CreateToken", st);
        err[0] = '\0';
    }
    sso_cli_conn_close(&conn);
    sso_cli_cache_wipe(&rec);
    return r;
}

int sso_cli_login(const sso_cli_args_t *a, int64_t now)
{
    char err[6144] = "";
    int r = resolve_target(a, &target, err, sizeof err);

    if (r == SSO_CLI_EXIT_OK) {
        r = a->refresh ? forced_refresh(a, &target, now, err, sizeof err)
                       : device_login(a, &target, now, err, sizeof err);
    }
    if (r != SSO_CLI_EXIT_OK && err[0] != '\0') {
        fprintf(stderr, "\n%s\n", err);
    }
    sso_cli_cache_wipe(&rec);
    memset(&tok, 0, sizeof tok);
    memset(&reg, 0, sizeof reg);
    return r;
}

void sso_cli_refresh_if_due(const sso_cli_args_t *a, int64_t now)
{
    char err[6144] = "";
    const char *why = NULL;
    sso_status_t st;
    sso_life_state_t s;

    if (resolve_target(a, &target, err, sizeof err) != SSO_CLI_EXIT_OK ||
        sso_cli_cache_load(target.cache_path, &rec, &why) != 0) {
        return; /* the command reports what is missing */
    }
    if (rec.expires_at - now >= SSO_CLI_REFRESH_WINDOW_S || rec.refresh_token[0] == '\0' ||
        !sso_cli_cache_has_registration(&rec, now)) {
        sso_cli_cache_wipe(&rec);
        return;
    }
    sso_cli_debug("the cached token ends in %lld s: refreshing it",
                  (long long)(rec.expires_at - now));
    s = refresh_record(a, &target, now, 0, &st, err, sizeof err);
    if (s == SSO_LIFE_REFRESHED) {
        if (sso_cli_cache_write(target.cache_path, &rec, err, sizeof err) != 0) {
            sso_cli_debug("refreshed, but the cache was not written: %s", err);
        }
    } else {
        sso_cli_debug("token refresh failed: %s%s%s", sso_status_str(st),
                      st == SSO_ERR_SERVICE ? " " : "",
                      st == SSO_ERR_SERVICE ? sso_client_last_error(&conn.client)->code : "");
    }
    sso_cli_conn_close(&conn);
    sso_cli_cache_wipe(&rec);
}
