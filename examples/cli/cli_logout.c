/* `tinysso logout` without --access-token, as `aws sso logout`: every file
 * of the SSO token cache that holds an accessToken gets a Logout call in
 * its region (expired tokens too; a refusal is fine, the token may be dead
 * already) and is then deleted. Files without an accessToken (the AWS CLI's
 * client registrations) stay. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_config.h"
#include "cli_conn.h"
#include "cli_json_in.h"
#include "cli_log.h"
#include "cli_login.h"

static char text[64 * 1024];
static char token[SSO_CLI_ACCESS_TOKEN_MAX + 1];
static sso_cli_conn_t conn;

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n > t && strcmp(s + n - t, tail) == 0;
}

/* Logout for the token in one cache file; 1 when the file holds a token
 * (and so is to be deleted). */
static int logout_file(const sso_cli_args_t *a, const char *path)
{
    sso_cli_json_span_t tok, reg;
    char region[SSO_CLI_REGION_MAX + 1] = "", err[1024];
    size_t len = 0;
    int has = 0;

    if (sso_cli_read_file(path, text, sizeof text, &len) != 0 ||
        sso_cli_json_find(text, len, "accessToken", &tok) != 0 || tok.type == SSO_CLI_JSON_NONE) {
        memset(text, 0, sizeof text);
        return 0;
    }
    has = 1;
    if (sso_cli_json_find(text, len, "region", &reg) == 0 && reg.type == SSO_CLI_JSON_STRING) {
        sso_cli_json_unescape(&reg, region, sizeof region);
    }
    if (tok.type == SSO_CLI_JSON_STRING && sso_cli_json_unescape(&tok, token, sizeof token) > 0 &&
        region[0] != '\0') {
        if (sso_cli_conn_open(&conn, a, 0, region, a->endpoint_url, err, sizeof err) ==
            SSO_CLI_EXIT_OK) {
            int r = sso_logout(&conn.client, token);
            sso_cli_debug("logout of the token in %s: %s", path, sso_status_str(r));
            sso_cli_conn_close(&conn);
        } else {
            sso_cli_debug("logout of the token in %s skipped: %s", path, err);
        }
    }
    memset(token, 0, sizeof token);
    memset(text, 0, sizeof text);
    return has;
}

int sso_cli_logout_all(const sso_cli_args_t *a)
{
    const char *home = getenv("HOME");
    char dir[4096], path[4400];
    struct dirent *e;
    DIR *d;
    int rc = SSO_CLI_EXIT_OK;

    if (home == NULL || home[0] == '\0') {
        fprintf(stderr, "\nHOME is not set, so the SSO token cache cannot be found\n");
        return SSO_CLI_EXIT_CONFIG;
    }
    snprintf(dir, sizeof dir, "%s/.aws/sso/cache", home);
    d = opendir(dir);
    if (d == NULL) {
        sso_cli_debug("no SSO token cache at %s", dir);
        return SSO_CLI_EXIT_OK;
    }
    while ((e = readdir(d)) != NULL) {
        struct stat st;
        if (!ends_with(e->d_name, ".json")) {
            continue;
        }
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode) || !logout_file(a, path)) {
            continue;
        }
        if (unlink(path) != 0) {
            fprintf(stderr, "\ncannot delete %s\n", path);
            rc = SSO_CLI_EXIT_OTHER;
        }
    }
    closedir(d);
    return rc;
}
