#include "cli_pagetoken.h"

#include <stdlib.h>
#include <string.h>

#include "cli_base64.h"
#include "cli_json_in.h"
#include "cli_json_out.h"

void sso_cli_resume_encode(sso_cli_buf_t *b, const char *token, long truncate)
{
    sso_cli_buf_t json;
    char *out;
    size_t cap;

    /* Python's json.dumps defaults: ", " and ": " separators, ASCII only. */
    sso_cli_buf_init(&json);
    sso_cli_buf_puts(&json, "{\"nextToken\": ");
    if (token == NULL || token[0] == '\0') {
        sso_cli_buf_puts(&json, "null");
    } else {
        sso_cli_json_string(&json, token, strlen(token), 1);
    }
    if (truncate >= 0) {
        sso_cli_buf_puts(&json, ", \"boto_truncate_amount\": ");
        sso_cli_buf_long(&json, truncate);
    }
    sso_cli_buf_puts(&json, "}");
    if (json.failed) {
        b->failed = 1;
        sso_cli_buf_free(&json);
        return;
    }
    cap = SSO_CLI_BASE64_LEN(json.len) + 1;
    out = malloc(cap);
    if (out == NULL) {
        b->failed = 1;
    } else {
        sso_cli_base64_encode((const unsigned char *)json.data, json.len, out, cap);
        sso_cli_buf_puts(b, out);
        free(out);
    }
    sso_cli_buf_free(&json);
}

static int set_token(sso_cli_resume_t *out, const char *p, size_t n)
{
    if (n > SSO_NEXT_TOKEN_MAX) {
        return -1;
    }
    /* botocore spells a missing token "None" in the legacy form. */
    if (n == 4 && memcmp(p, "None", 4) == 0) {
        n = 0;
    }
    memcpy(out->token, p, n);
    out->token[n] = '\0';
    return 0;
}

/* "1", "+1", "-1" as Python's int() reads them (no spaces or underscores). */
static int parse_count(const char *p, size_t n, long *v)
{
    size_t i = 0;
    long r = 0;
    int neg = 0;

    if (n > 0 && (p[0] == '+' || p[0] == '-')) {
        neg = p[0] == '-';
        i = 1;
    }
    if (i >= n || n - i > 9) {
        return -1;
    }
    for (; i < n; i++) {
        if (p[i] < '0' || p[i] > '9') {
            return -1;
        }
        r = r * 10 + (p[i] - '0');
    }
    *v = neg ? -r : r;
    return 0;
}

static int decode_legacy(const char *text, sso_cli_resume_t *out)
{
    const char *sep = strstr(text, "___");
    long n;

    out->truncate = 0;
    if (sep == NULL) {
        return set_token(out, text, strlen(text));
    }
    if (strstr(sep + 3, "___") != NULL) {
        return -1; /* more parts than ListAccounts has input tokens */
    }
    if (parse_count(sep + 3, strlen(sep + 3), &n) != 0) {
        return set_token(out, text, strlen(text)); /* opaque after all */
    }
    if (n < 0) {
        return -1;
    }
    out->truncate = n;
    return set_token(out, text, (size_t)(sep - text));
}

int sso_cli_resume_decode(const char *text, sso_cli_resume_t *out)
{
    /* Room for the JSON of the longest token the core accepts, even with
     * every byte \u-escaped; anything longer cannot be valid anyway. */
    unsigned char json[6 * SSO_NEXT_TOKEN_MAX + 64];
    size_t len = strlen(text);
    long n;
    long long amount = 0;
    sso_cli_json_span_t tok, trunc;
    int rc = 1; /* 1: not the JSON form, try the legacy one */

    out->token[0] = '\0';
    out->truncate = 0;
    n = sso_cli_base64_decode(text, len, json, sizeof json);
    if (n >= 0 && sso_cli_json_find((const char *)json, (size_t)n, "nextToken", &tok) == 0 &&
        sso_cli_json_find((const char *)json, (size_t)n, "boto_truncate_amount", &trunc) == 0) {
        rc = 0;
        if (tok.type == SSO_CLI_JSON_STRING) {
            if (sso_cli_json_unescape(&tok, out->token, sizeof out->token) < 0) {
                rc = -1;
            }
        } else if (tok.type != SSO_CLI_JSON_NULL && tok.type != SSO_CLI_JSON_NONE) {
            rc = -1;
        }
        if (trunc.type != SSO_CLI_JSON_NONE &&
            (sso_cli_json_integer(&trunc, &amount) != 0 || amount < 0 || amount > 1000000000)) {
            rc = -1;
        }
        out->truncate = (long)amount;
    }
    return rc == 1 ? decode_legacy(text, out) : rc;
}
