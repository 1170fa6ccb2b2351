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
