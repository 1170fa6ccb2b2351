/* Turns the command line, the environment and ~/.aws into what one run
 * needs: region, bearer token, CA, timeouts. The precedence follows the AWS
 * CLI: option, then environment, then the profile. */
#ifndef TINYSSO_CLI_SETUP_H
#define TINYSSO_CLI_SETUP_H

#include <stddef.h>
#include <stdint.h>

#include "cli_args.h"
#include "cli_config.h"

typedef struct sso_cli_settings {
    char region[SSO_CLI_REGION_MAX + 1];
    const char *region_source; /* for --debug: "--region", "AWS_REGION", ... */
    const char *access_token;  /* --access-token, or cached.access_token */
    sso_cli_cached_token_t cached;
    char cache_path[4096];
    char profile[SSO_CLI_NAME_MAX + 1];
    const char *ca_file; /* NULL: nothing found (the TLS port's default) */
    const char *ca_source;
    char ca_buf[4096];
    /* get-role-credentials: --account-id/--role-name, else the profile's
     * sso_account_id/sso_role_name (a documented extension). */
    const char *account_id;
    const char *role_name;
    sso_cli_profile_t profile_values;
    int use_fips;
    int use_dual_stack;
    uint32_t connect_timeout_ms;
    uint32_t read_timeout_ms;
    uint32_t response_timeout_ms;
    uint8_t max_attempts; /* 0: the core's default (3) */
    /* sso_cli_output_t: --output, else AWS_DEFAULT_OUTPUT, else the
     * profile's `output` (profile_values.output), else json. */
    int output;
} sso_cli_settings_t;

/* Returns SSO_CLI_EXIT_OK, or SSO_CLI_EXIT_USAGE / SSO_CLI_EXIT_CONFIG with
 * the reason in err. now is the current epoch time in seconds (the token's
 * expiry is checked against it). */
int sso_cli_settings_resolve(const sso_cli_args_t *a, int64_t now, sso_cli_settings_t *s, char *err,
                             size_t err_cap);

/* Reads profile `name` from ~/.aws/config (AWS_CONFIG_FILE honoured); a
 * missing file is an empty one. Returns 0, or -1 with the reason in err. */
int sso_cli_load_profile(const char *name, sso_cli_profile_t *p, char *err, size_t err_cap);

/* Zeroes the cached token. */
void sso_cli_settings_wipe(sso_cli_settings_t *s);

#endif
