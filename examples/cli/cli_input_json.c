#include "cli_input_json.h"

#include <stdio.h>
#include <string.h>

#include "cli_config.h"
#include "cli_json_in.h"

const char *sso_cli_skeleton(sso_cli_command_t cmd)
{
    switch (cmd) {
    case SSO_CLI_CMD_LIST_ACCOUNTS:
        return "{\n    \"nextToken\": \"\",\n    \"maxResults\": 0,\n    \"accessToken\": "
               "\"\"\n}\n";
    case SSO_CLI_CMD_LIST_ACCOUNT_ROLES:
        return "{\n    \"nextToken\": \"\",\n    \"maxResults\": 0,\n    \"accessToken\": \"\",\n"
               "    \"accountId\": \"\"\n}\n";
    case SSO_CLI_CMD_GET_ROLE_CREDENTIALS:
        return "{\n    \"roleName\": \"\",\n    \"accountId\": \"\",\n    \"accessToken\": "
               "\"\"\n}\n";
    default:
        return "";
    }
}

/* The members of each command's request, in model order. */
typedef struct {
    const char *key;
    int number;
    unsigned commands;
} member_t;

#define M_LA (1u << SSO_CLI_CMD_LIST_ACCOUNTS)
#define M_LR (1u << SSO_CLI_CMD_LIST_ACCOUNT_ROLES)
#define M_GR (1u << SSO_CLI_CMD_GET_ROLE_CREDENTIALS)

enum { K_ROLE, K_NEXT, K_MAX, K_TOKEN, K_ACCOUNT, K_COUNT };
static const member_t members[K_COUNT] = {
    [K_ROLE] = {"roleName", 0, M_GR},
    [K_NEXT] = {"nextToken", 0, M_LA | M_LR},
    [K_MAX] = {"maxResults", 1, M_LA | M_LR},
    [K_TOKEN] = {"accessToken", 0, M_LA | M_LR | M_GR},
    [K_ACCOUNT] = {"accountId", 0, M_LR | M_GR},
};

static char file_text[64 * 1024];

/* Past a JSON string starting at its opening quote. */
static const char *skip_string(const char *p, const char *end)
{
    for (p++; p < end && *p != '"'; p++) {
        p += *p == '\\';
    }
    return p + 1;
}

/* Past one JSON value (the text is already validated). */
static const char *skip_value(const char *p, const char *end)
{
    int depth = 0;

    do {
        if (*p == '"') {
            p = skip_string(p, end);
            continue;
        }
        depth += (*p == '{' || *p == '[') - (*p == '}' || *p == ']');
        p++;
    } while (p < end && (depth > 0 || (*p != ',' && *p != '}')));
    return p;
}

/* botocore's "Unknown parameter in input" lines, one per key of the
 * (validated) object that cmd's request does not have, in document order. */
static int unknown_keys(sso_cli_command_t cmd, const char *text, size_t len, char *err, size_t cap)
{
    const char *p = memchr(text, '{', len), *end = text + len;
    size_t o = 0;
    int bad = 0, k;

    while (p != NULL && p < end && *p != '}') {
        const char *key;
        size_t kl;
        p++;
        while (p < end && *p != '"' && *p != '}') {
            p++;
        }
        if (p >= end || *p == '}') {
            break;
        }
        key = p + 1;
        p = skip_string(p, end);
        kl = (size_t)(p - 1 - key);
        for (k = 0; k < K_COUNT; k++) {
            if ((members[k].commands & (1u << cmd)) && strlen(members[k].key) == kl &&
                strncmp(members[k].key, key, kl) == 0) {
                break;
            }
        }
        if (k == K_COUNT) {
            int n = snprintf(
                err + o, cap - o, "%sUnknown parameter in input: \"%.*s\", must be one of: %s",
                bad ? "\n" : "Parameter validation failed:\n", (int)kl, key,
                cmd == SSO_CLI_CMD_GET_ROLE_CREDENTIALS ? "roleName, accountId, accessToken"
                : cmd == SSO_CLI_CMD_LIST_ACCOUNTS
                    ? "nextToken, maxResults, accessToken"
                    : "nextToken, maxResults, accessToken, accountId");
            o = n > 0 && (size_t)n < cap - o ? o + (size_t)n : cap - 1;
            bad = 1;
        }
        while (p < end && *p != ':') {
            p++;
        }
        p = p < end ? skip_value(p + 1, end) : end;
    }
    return bad ? -1 : 0;
}
static char values[K_COUNT][SSO_CLI_ACCESS_TOKEN_MAX + 1];

int sso_cli_input_json(sso_cli_command_t cmd, const char *text, const char **access_token,
                       const char **account_id, const char **role_name, const char **next_token,
                       const char **max_results, char *err, size_t cap)
{
    const char **slot[K_COUNT] = {role_name, next_token, max_results, access_token, account_id};
    size_t len = strlen(text);
    int k;

    if (strncmp(text, "file://", 7) == 0) {
        if (sso_cli_read_file(text + 7, file_text, sizeof file_text, &len) != 0) {
            snprintf(err, cap,
                     "Error parsing parameter 'cli-input-json': Unable to load paramfile "
                     "%s",
                     text);
            return -1;
        }
        text = file_text;
    }
    {
        sso_cli_json_span_t v;
        if (sso_cli_json_find(text, len, "", &v) != 0) {
            snprintf(err, cap, "Error parsing parameter 'cli-input-json': Invalid JSON received.");
            return -1;
        }
    }
    if (unknown_keys(cmd, text, len, err, cap) != 0) {
        return -1;
    }
    for (k = 0; k < K_COUNT; k++) {
        sso_cli_json_span_t v;
        long long n;
        if (sso_cli_json_find(text, len, members[k].key, &v) != 0) {
            snprintf(err, cap, "Error parsing parameter 'cli-input-json': Invalid JSON received.");
            return -1;
        }
        if (v.type == SSO_CLI_JSON_NONE || !(members[k].commands & (1u << cmd)) ||
            *slot[k] != NULL) {
            continue;
        }
        if (members[k].number
                ? (v.type != SSO_CLI_JSON_NUMBER || sso_cli_json_integer(&v, &n) != 0 ||
                   snprintf(values[k], sizeof values[k], "%lld", n) <= 0)
                : (v.type != SSO_CLI_JSON_STRING ||
                   sso_cli_json_unescape(&v, values[k], sizeof values[k]) < 0)) {
            snprintf(err, cap, "Parameter validation failed:\nInvalid type for parameter %s",
                     members[k].key);
            return -1;
        }
        *slot[k] = values[k];
    }
    return 0;
}
