#define _POSIX_C_SOURCE 200809L
#include "cli_setup.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli_ca.h"
#include "cli_log.h"
#include "cli_path.h"
#include "cli_output.h"
#include "cli_time.h"

/* The config file is read into a fixed buffer: configs are a few KiB. */
static char config_text[256 * 1024];
static char cache_text[64 * 1024];

static const char *env(const char *name)
{
    const char *v = getenv(name);

    return (v != NULL && v[0] != '\0') ? v : NULL;
}

static const char *env_any(const char *name)
{
    return getenv(name);
}

/* A config file's path: the variable's value, else the default, expanded
 * as botocore does ($VAR, then ~ and ~user). */
static int config_path(const char *var, const char *dflt, char *out, size_t cap, char *err,
                       size_t err_cap)
{
    const char *file = env(var);

    if (sso_cli_expand_path(file != NULL ? file : dflt, env_any, out, cap) != 0) {
        snprintf(err, err_cap, "the path of the AWS config file is too long");
        return -1;
    }
    if (out[0] == '~') {
        snprintf(err, err_cap, "HOME is not set, so %s cannot be found", out);
        return -1;
    }
    return 0;
}

/* 1 when the shared credentials file has a [name] section: such a profile
 * exists for the AWS CLI even when the config file does not name it. */
static int in_credentials_file(const char *name)
{
    char path[4096], err[64];
    size_t len = 0;
    int found;

    if (config_path("AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials", path, sizeof path, err,
                    sizeof err) != 0 ||
        sso_cli_read_file(path, config_text, sizeof config_text, &len) != 0) {
        return 0;
    }
    found = sso_cli_section_exists(config_text, len, name);
    sso_cli_debug("credentials file %s: profile %s %s", path, name, found ? "found" : "not found");
    return found;
}

/* Loads the profile. A missing config file is an empty one. */
int sso_cli_load_profile(const char *name, sso_cli_profile_t *p, char *err, size_t err_cap)
{
    char path[4096];
    size_t len = 0;
    int r;

    if (config_path("AWS_CONFIG_FILE", "~/.aws/config", path, sizeof path, err, err_cap) != 0) {
        return -1;
    }
    r = sso_cli_read_file(path, config_text, sizeof config_text, &len);
    if (r == -2) {
        snprintf(err, err_cap, "the AWS config file %s is larger than %zu bytes", path,
                 sizeof config_text - 1);
        return -1;
    }
    if (r == -1) {
        if (errno != ENOENT) {
            snprintf(err, err_cap, "cannot read the AWS config file %s: %s", path, strerror(errno));
            return -1;
        }
        len = 0;
        sso_cli_debug("config file %s: not found, no profiles", path);
    } else {
        sso_cli_debug("config file %s: %zu bytes", path, len);
    }
    if (sso_cli_profile_parse(config_text, len, name, p) != 0) {
        snprintf(err, err_cap, "profile '%s' in %s has a value that is too long", name, path);
        return -1;
    }
    return 0;
}

static int login_hint(char *err, size_t cap, const char *profile, const char *what)
{
    snprintf(err, cap, "%s. To log in, run: aws sso login --profile %s (or give --access-token)",
             what, profile);
    return SSO_CLI_EXIT_CONFIG;
}

static int token_from_cache(sso_cli_settings_t *s, const sso_cli_profile_t *p, int64_t now,
                            char *err, size_t cap)
{
    const char *home = env("HOME");
    const char *why = NULL;
    char what[sizeof s->cache_path + 2 * SSO_CLI_NAME_MAX + 256];
    size_t len = 0;
    int r;

    if (!p->found) {
        if (strcmp(s->profile, "default") == 0) {
            return login_hint(err, cap, s->profile,
                              "No access token: there is no default profile in the AWS config");
        }
        snprintf(err, cap, "The config profile (%s) could not be found", s->profile);
        return SSO_CLI_EXIT_OTHER;
    }
    if (p->sso_session[0] != '\0' && !p->session_found) {
        snprintf(err, cap, "The profile (%s) refers to sso-session '%s', which is not defined",
                 s->profile, p->sso_session);
        return SSO_CLI_EXIT_CONFIG;
    }
    if (p->sso_session[0] == '\0' && p->start_url[0] == '\0') {
        snprintf(err, cap,
                 "The profile (%s) has no SSO settings (sso_session or sso_start_url); give "
                 "--access-token or run: aws configure sso --profile %s",
                 s->profile, s->profile);
        return SSO_CLI_EXIT_CONFIG;
    }
    if (home == NULL) {
        snprintf(err, cap, "HOME is not set, so the SSO token cache cannot be found");
        return SSO_CLI_EXIT_CONFIG;
    }
    if (sso_cli_cache_path(home, sso_cli_cache_key(p), s->cache_path, sizeof s->cache_path) != 0) {
        snprintf(err, cap, "the path of the SSO token cache is too long");
        return SSO_CLI_EXIT_CONFIG;
    }
    sso_cli_debug("token cache key '%s' -> %s", sso_cli_cache_key(p), s->cache_path);
    r = sso_cli_read_file(s->cache_path, cache_text, sizeof cache_text, &len);
    if (r != 0) {
        snprintf(what, sizeof what, "No cached SSO token for profile %s (%s: %s)", s->profile,
                 s->cache_path, r == -2 ? "file too large" : strerror(errno));
        return login_hint(err, cap, s->profile, what);
    }
    r = sso_cli_token_parse(cache_text, len, &s->cached, &why);
    memset(cache_text, 0, sizeof cache_text); /* it held the token */
    if (r != 0) {
        snprintf(what, sizeof what, "The SSO token cache file %s is unusable: %s", s->cache_path,
                 why);
        return login_hint(err, cap, s->profile, what);
    }
    if (s->cached.expires_at <= now) {
        char when[SSO_CLI_ISO8601_LEN] = "?";
        sso_cli_format_iso8601(s->cached.expires_at * 1000, when);
        snprintf(what, sizeof what, "The SSO token for profile %s expired at %s", s->profile, when);
        return login_hint(err, cap, s->profile, what);
    }
    sso_cli_debug("cached token valid for %lld more seconds",
                  (long long)(s->cached.expires_at - now));
    s->access_token = s->cached.access_token;
    return SSO_CLI_EXIT_OK;
}

static const char *nonempty(const char *v)
{
    return v != NULL && v[0] != '\0' ? v : NULL;
}

/* The environment variable when set, else the profile's value (botocore's
 * precedence), read with ensure_boolean. */
static int env_or_profile_true(const char *name, const char *profile_value)
{
    const char *v = env(name) != NULL ? env(name) : profile_value;

    return v != NULL && strcasecmp(v, "true") == 0;
}

/* max_attempts and retry_mode, with the AWS CLI's texts and exit code
 * (255) for bad values. The core implements the standard mode; "adaptive"
 * runs as standard (its client-side rate limiter is for long-running SDK
 * clients, not one CLI call); "legacy", which AWS CLI v2 refuses, is
 * accepted with its default of 5 attempts. */
static int retry_settings(sso_cli_settings_t *s, const char *attempts, const char *mode, char *err,
                          size_t err_cap)
{
    if (mode != NULL && strcmp(mode, "standard") != 0 && strcmp(mode, "adaptive") != 0 &&
        strcmp(mode, "legacy") != 0) {
        snprintf(err, err_cap,
                 "Invalid value provided to \"mode\": \"%s\" must be one of: \"standard\" or "
                 "\"adaptive\"",
                 mode);
        return SSO_CLI_EXIT_OTHER;
    }
    if (mode != NULL && strcmp(mode, "legacy") == 0) {
        s->max_attempts = 5;
    }
    if (attempts != NULL) {
        long n;
        char *end;
        errno = 0;
        n = strtol(attempts, &end, 10);
        if (errno != 0 || end == attempts || *end != '\0') {
            snprintf(err, err_cap, "invalid literal for int() with base 10: '%s'", attempts);
            return SSO_CLI_EXIT_OTHER;
        }
        if (n < 1) {
            snprintf(err, err_cap,
                     "Value provided to \"max_attempts\": %ld must be an integer greater than or "
                     "equal to one.",
                     n);
            return SSO_CLI_EXIT_OTHER;
        }
        if (n > 255) {
            snprintf(err, err_cap, "max_attempts %ld: tinysso allows at most 255 attempts", n);
            return SSO_CLI_EXIT_OTHER;
        }
        s->max_attempts = (uint8_t)n;
    }
    sso_cli_debug("retries: mode %s, %u attempts", mode != NULL ? mode : "standard",
                  s->max_attempts ? (unsigned)s->max_attempts : 3u);
    return SSO_CLI_EXIT_OK;
}

static uint32_t seconds_to_ms(long s, uint32_t dflt)
{
    if (s < 0) {
        return dflt;
    }
    /* 0 means "no timeout"; the longest the core can wait is ~49 days. */
    return s == 0 ? UINT32_MAX : (uint32_t)s * 1000u;
}

static int set_region(sso_cli_settings_t *s, const char *value, const char *source, char *err,
                      size_t cap)
{
    if (strlen(value) >= sizeof s->region) {
        snprintf(err, cap, "Provided region_name '%s' doesn't match a supported format.", value);
        return -1;
    }
    strcpy(s->region, value);
    s->region_source = source;
    return 0;
}

/* The output format: the option, else AWS_DEFAULT_OUTPUT, else the
 * profile's `output`, else json. A bad name from the environment or the
 * profile fails with the AWS CLI's words (and its exit code, 255). */
static int resolve_output(const sso_cli_args_t *a, const sso_cli_profile_t *p,
                          sso_cli_settings_t *s, char *err, size_t cap)
{
    const char *name = a->output;

    if (name == NULL) {
        name = env("AWS_DEFAULT_OUTPUT");
    }
    if (name == NULL && p->output[0] != '\0') {
        name = p->output;
    }
    s->output = name != NULL ? sso_cli_output_parse(name) : SSO_CLI_OUTPUT_JSON;
    if (s->output < 0) {
        snprintf(err, cap, "Unknown output type: %s", name);
        return -1;
    }
    sso_cli_debug("output %s", name != NULL ? name : "json");
    return 0;
}

int sso_cli_settings_resolve(const sso_cli_args_t *a, int64_t now, sso_cli_settings_t *s, char *err,
                             size_t err_cap)
{
    const char *profile = a->profile;
    const char *attempts = env("AWS_MAX_ATTEMPTS");
    sso_cli_profile_t p;
    int r;

    memset(s, 0, sizeof *s);
    memset(&p, 0, sizeof p);
    if (profile == NULL) {
        profile = env("AWS_PROFILE");
    }
    if (profile == NULL) {
        profile = "default";
    }
    if (strlen(profile) >= sizeof s->profile) {
        snprintf(err, err_cap, "the profile name is too long");
        return SSO_CLI_EXIT_CONFIG;
    }
    strcpy(s->profile, profile);

    if (a->region != NULL) {
        r = set_region(s, a->region, "--region", err, err_cap);
    } else if (env("AWS_REGION") != NULL) {
        r = set_region(s, env("AWS_REGION"), "AWS_REGION", err, err_cap);
    } else if (env("AWS_DEFAULT_REGION") != NULL) {
        r = set_region(s, env("AWS_DEFAULT_REGION"), "AWS_DEFAULT_REGION", err, err_cap);
    } else {
        r = 0;
    }
    if (r != 0) {
        return SSO_CLI_EXIT_OTHER; /* botocore's InvalidRegionError */
    }

    /* The profile is always read: its settings (ca_bundle, retries, ...)
     * apply to every call. A profile named explicitly must exist. */
    if (sso_cli_load_profile(s->profile, &p, err, err_cap) != 0) {
        return SSO_CLI_EXIT_CONFIG;
    }
    sso_cli_debug("profile %s: %s", s->profile, p.found ? "found" : "not found");
    if (!p.found && in_credentials_file(s->profile)) {
        p.found = 1; /* a profile only in ~/.aws/credentials is a profile */
    }
    if (!p.found && strcmp(s->profile, "default") != 0) {
        snprintf(err, err_cap, "The config profile (%s) could not be found", s->profile);
        return SSO_CLI_EXIT_OTHER; /* botocore's ProfileNotFound: 255 */
    }
    s->profile_values = p; /* the pointers below outlive this call */
    s->account_id = a->account_id != NULL ? a->account_id : s->profile_values.account_id;
    s->role_name = a->role_name != NULL ? a->role_name : s->profile_values.role_name;
    if (a->command == SSO_CLI_CMD_GET_ROLE_CREDENTIALS &&
        sso_cli_require_ids(s->account_id, s->role_name, err, err_cap) != 0) {
        return SSO_CLI_EXIT_USAGE; /* argparse's error, before any other */
    }
    /* A cached token is valid at one portal only, its session's sso_region:
     * an exported AWS_DEFAULT_REGION must not send it elsewhere (a
     * deliberate difference from the AWS CLI; --region still wins). */
    if (a->access_token == NULL && a->region == NULL && p.sso_region[0] != '\0') {
        set_region(s, p.sso_region, "profile sso_region", err, err_cap);
    }
    if (s->region[0] == '\0') {
        /* The portal lives in the SSO region, which may differ from the
         * profile's default region for other services. */
        if (p.sso_region[0] != '\0') {
            set_region(s, p.sso_region, "profile sso_region", err, err_cap);
        } else if (p.region[0] != '\0') {
            set_region(s, p.region, "profile region", err, err_cap);
        }
    }
    if (s->region[0] == '\0') {
        snprintf(err, err_cap,
                 "You must specify a region. You can also configure your region by running "
                 "\"aws configure\".");
        return SSO_CLI_EXIT_CONFIG;
    }
    sso_cli_debug("region %s (from %s)", s->region, s->region_source);

    if (a->access_token != NULL) {
        if (a->access_token[0] == '\0') {
            snprintf(err, err_cap, "argument --access-token: must not be empty");
            return SSO_CLI_EXIT_USAGE;
        }
        s->access_token = a->access_token;
        sso_cli_debug("access token from --access-token");
    } else {
        r = token_from_cache(s, &p, now, err, err_cap);
        if (r != SSO_CLI_EXIT_OK) {
            return r;
        }
    }

    if (resolve_output(a, &p, s, err, err_cap) != 0) {
        return SSO_CLI_EXIT_OTHER;
    }
    s->ca_file = sso_cli_find_ca(a->ca_bundle, s->profile_values.ca_bundle, &s->ca_source,
                                 s->ca_buf, sizeof s->ca_buf);
    sso_cli_debug("trust store %s (from %s)", s->ca_file ? s->ca_file : "-", s->ca_source);
    s->use_fips = env_or_profile_true("AWS_USE_FIPS_ENDPOINT", p.use_fips);
    s->use_dual_stack = env_or_profile_true("AWS_USE_DUALSTACK_ENDPOINT", p.use_dualstack);
    /* The AWS CLI waits 60 s to connect and 60 s per read by default. */
    s->connect_timeout_ms = seconds_to_ms(a->connect_timeout_s, 60000u);
    s->read_timeout_ms = seconds_to_ms(a->read_timeout_s, 60000u);
    /* The core also bounds a whole response; keep it generous (six reads)
     * and never let the product wrap. */
    s->response_timeout_ms =
        s->read_timeout_ms > UINT32_MAX / 6u ? UINT32_MAX : s->read_timeout_ms * 6u;
    return retry_settings(s, attempts != NULL ? attempts : nonempty(p.max_attempts),
                          env("AWS_RETRY_MODE") != NULL ? env("AWS_RETRY_MODE")
                                                        : nonempty(p.retry_mode),
                          err, err_cap);
}

void sso_cli_settings_wipe(sso_cli_settings_t *s)
{
    volatile char *v = (volatile char *)&s->cached;
    size_t i;

    for (i = 0; i < sizeof s->cached; i++) {
        v[i] = 0;
    }
}
