#include "cli_json_out.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli_time.h"

static void put_u4(sso_cli_buf_t *b, unsigned cp)
{
    char tmp[8];

    snprintf(tmp, sizeof tmp, "\\u%04x", cp & 0xFFFFu);
    sso_cli_buf_put(b, tmp, 6);
}

/* Decodes one UTF-8 sequence at s (n bytes available). Returns its length and
 * sets *cp, or 0 for an invalid or overlong sequence or a surrogate. */
static size_t utf8_decode(const unsigned char *s, size_t n, unsigned long *cp)
{
    size_t len, i;
    unsigned long v, min;

    if (s[0] < 0xC2 || s[0] > 0xF4) {
        return 0;
    }
    if (s[0] < 0xE0) {
        len = 2, v = s[0] & 0x1Fu, min = 0x80;
    } else if (s[0] < 0xF0) {
        len = 3, v = s[0] & 0x0Fu, min = 0x800;
    } else {
        len = 4, v = s[0] & 0x07u, min = 0x10000;
    }
    if (len > n) {
        return 0;
    }
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xC0u) != 0x80u) {
            return 0;
        }
        v = (v << 6) | (s[i] & 0x3Fu);
    }
    if (v < min || v > 0x10FFFFul || (v >= 0xD800ul && v <= 0xDFFFul)) {
        return 0;
    }
    *cp = v;
    return len;
}

void sso_cli_json_string(sso_cli_buf_t *b, const char *s, size_t len, int ascii_only)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, run = 0;

    sso_cli_buf_put(b, "\"", 1);
    while (i < len) {
        unsigned char c = p[i];
        const char *esc = NULL;
        unsigned long cp;
        size_t n;

        switch (c) {
        case '"':
            esc = "\\\"";
            break;
        case '\\':
            esc = "\\\\";
            break;
        case '\n':
            esc = "\\n";
            break;
        case '\r':
            esc = "\\r";
            break;
        case '\t':
            esc = "\\t";
            break;
        case '\b':
            esc = "\\b";
            break;
        case '\f':
            esc = "\\f";
            break;
        default:
            break;
        }
        if (esc == NULL && c >= 0x20 && (!ascii_only || c < 0x7F)) {
            run++; /* copied in runs, not byte by byte */
            i++;
            continue;
        }
        sso_cli_buf_put(b, s + i - run, run);
        run = 0;
        if (esc != NULL) {
            sso_cli_buf_puts(b, esc);
            i++;
        } else if (c < 0x80) {
            put_u4(b, c); /* controls, and DEL in ASCII mode */
            i++;
        } else if ((n = utf8_decode(p + i, len - i, &cp)) == 0) {
            put_u4(b, c);
            i++;
        } else {
            if (cp >= 0x10000ul) {
                cp -= 0x10000ul;
                put_u4(b, (unsigned)(0xD800ul + (cp >> 10)));
                put_u4(b, (unsigned)(0xDC00ul + (cp & 0x3FFul)));
            } else {
                put_u4(b, (unsigned)cp);
            }
            i += n;
        }
    }
    sso_cli_buf_put(b, s + i - run, run);
    sso_cli_buf_put(b, "\"", 1);
}

void sso_cli_json_member(sso_cli_buf_t *b, unsigned level, const char *key, const char *value)
{
    sso_cli_buf_indent(b, level);
    sso_cli_json_string(b, key, strlen(key), 0);
    sso_cli_buf_put(b, ": ", 2);
    sso_cli_json_string(b, value, strlen(value), 0);
}

/* Writes an object of string members in the given order, skipping empty
 * ones; an object with none left is "{}", as json.dumps writes it. */
static void string_object(sso_cli_buf_t *b, unsigned level, const char *const *kv, size_t n)
{
    size_t i;
    int first = 1;

    sso_cli_buf_indent(b, level);
    for (i = 0; i < n; i += 2) {
        if (kv[i + 1][0] == '\0') {
            continue;
        }
        sso_cli_buf_puts(b, first ? "{\n" : ",\n");
        first = 0;
        sso_cli_json_member(b, level + 1, kv[i], kv[i + 1]);
    }
    if (first) {
        sso_cli_buf_puts(b, "{}");
        return;
    }
    sso_cli_buf_puts(b, "\n");
    sso_cli_buf_indent(b, level);
    sso_cli_buf_puts(b, "}");
}

void sso_cli_json_account(sso_cli_buf_t *b, unsigned level, const sso_account_t *a)
{
    /* Member order of AccountInfo in the service model, which is the order
     * botocore's parser (and so the AWS CLI) emits. */
    const char *kv[] = {"accountId",     a->account_id,  "accountName",
                        a->account_name, "emailAddress", a->email_address};

    string_object(b, level, kv, sizeof kv / sizeof kv[0]);
}

void sso_cli_json_role(sso_cli_buf_t *b, unsigned level, const sso_role_t *r)
{
    const char *kv[] = {"roleName", r->role_name, "accountId", r->account_id};

    string_object(b, level, kv, sizeof kv / sizeof kv[0]);
}

void sso_cli_json_credentials(sso_cli_buf_t *b, const sso_role_credentials_t *c)
{
    sso_cli_buf_puts(b, "{\n    \"roleCredentials\": {\n");
    sso_cli_json_member(b, 2, "accessKeyId", c->access_key_id);
    sso_cli_buf_puts(b, ",\n");
    sso_cli_json_member(b, 2, "secretAccessKey", c->secret_access_key);
    sso_cli_buf_puts(b, ",\n");
    sso_cli_json_member(b, 2, "sessionToken", c->session_token);
    sso_cli_buf_puts(b, ",\n        \"expiration\": ");
    sso_cli_buf_long(b, (long long)c->expiration);
    sso_cli_buf_puts(b, "\n    }\n}\n");
}

int sso_cli_process_credentials(sso_cli_buf_t *b, const sso_role_credentials_t *c)
{
    char when[SSO_CLI_ISO8601_LEN];

    if (sso_cli_format_iso8601(c->expiration, when) != 0) {
        return -1;
    }
    /* The credential_process contract (Version 1); one line, as tools that
     * read it only need valid JSON. */
    sso_cli_buf_puts(b, "{\"Version\": 1, \"AccessKeyId\": ");
    sso_cli_json_string(b, c->access_key_id, strlen(c->access_key_id), 0);
    sso_cli_buf_puts(b, ", \"SecretAccessKey\": ");
    sso_cli_json_string(b, c->secret_access_key, strlen(c->secret_access_key), 0);
    sso_cli_buf_puts(b, ", \"SessionToken\": ");
    sso_cli_json_string(b, c->session_token, strlen(c->session_token), 0);
    sso_cli_buf_puts(b, ", \"Expiration\": \"");
    sso_cli_buf_puts(b, when);
    sso_cli_buf_puts(b, "\"}\n");
    return 0;
}

/* Values go out bare when every byte is shell-inert (the usual base64-like
 * keys and tokens), else single-quoted so `eval "$(tinysso ...)"` is safe
 * whatever the service returns. */
static void shell_word(sso_cli_buf_t *b, const char *v)
{
    const char *p;
    int bare = v[0] != '\0';

    for (p = v; *p != '\0' && bare; p++) {
        bare = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
               strchr("+/=._-:@%,", *p) != NULL;
    }
    if (bare) {
        sso_cli_buf_puts(b, v);
        return;
    }
    sso_cli_buf_puts(b, "'");
    for (p = v; *p != '\0'; p++) {
        if (*p == '\'') {
            sso_cli_buf_puts(b, "'\\''");
        } else {
            sso_cli_buf_put(b, p, 1);
        }
    }
    sso_cli_buf_puts(b, "'");
}

int sso_cli_env_credentials(sso_cli_buf_t *b, const sso_role_credentials_t *c)
{
    char when[SSO_CLI_ISO8601_LEN];

    if (sso_cli_format_iso8601(c->expiration, when) != 0) {
        return -1;
    }
    sso_cli_buf_puts(b, "export AWS_ACCESS_KEY_ID=");
    shell_word(b, c->access_key_id);
    sso_cli_buf_puts(b, "\nexport AWS_SECRET_ACCESS_KEY=");
    shell_word(b, c->secret_access_key);
    sso_cli_buf_puts(b, "\nexport AWS_SESSION_TOKEN=");
    shell_word(b, c->session_token);
    sso_cli_buf_puts(b, "\nexport AWS_CREDENTIAL_EXPIRATION=");
    sso_cli_buf_puts(b, when);
    sso_cli_buf_puts(b, "\n");
    return 0;
}
