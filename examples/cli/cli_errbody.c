#include "cli_errbody.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The header block's end, or NULL. */
static const char *header_end(const char *raw, size_t len)
{
    size_t i;

    for (i = 0; i + 3 < len; i++) {
        if (memcmp(raw + i, "\r\n\r\n", 4) == 0) {
            return raw + i + 4;
        }
    }
    return NULL;
}

/* 1 when the header block has "name: ...value..." (case-insensitive). */
static int header_has(const char *h, size_t hlen, const char *name, const char *value)
{
    size_t nl = strlen(name), vl = strlen(value), i = 0;

    while (i < hlen) {
        const char *line = h + i;
        const char *eol = memchr(line, '\n', hlen - i);
        size_t n = eol != NULL ? (size_t)(eol - line) : hlen - i;
        if (n > nl && strncasecmp(line, name, nl) == 0 && line[nl] == ':') {
            size_t j;
            for (j = nl + 1; j + vl <= n; j++) {
                if (value[0] == '\0' || strncasecmp(line + j, value, vl) == 0) {
                    return 1;
                }
            }
        }
        i += n + 1;
    }
    return 0;
}

size_t sso_cli_http_body(const uint8_t *raw_bytes, size_t len, char *out, size_t cap)
{
    const char *raw = (const char *)raw_bytes;
    const char *body = header_end(raw, len);
    const char *end = raw + len;
    size_t o = 0;

    out[0] = '\0';
    if (body == NULL || cap == 0) {
        return 0;
    }
    if (!header_has(raw, (size_t)(body - raw), "Transfer-Encoding", "chunked")) {
        o = (size_t)(end - body) < cap - 1 ? (size_t)(end - body) : cap - 1;
        memcpy(out, body, o);
        out[o] = '\0';
        return o;
    }
    while (body < end) { /* size line, data, CRLF; stops at size 0 or short data */
        char *next;
        unsigned long size = strtoul(body, &next, 16);
        const char *data = memchr(next, '\n', (size_t)(end - next));
        if (next == body || data == NULL || size == 0) {
            break;
        }
        data++;
        if (size > (size_t)(end - data)) {
            size = (size_t)(end - data);
        }
        if (size > cap - 1 - o) {
            size = cap - 1 - o;
        }
        memcpy(out + o, data, size);
        o += size;
        body = data + size + 2;
    }
    out[o] = '\0';
    return o;
}

const char *sso_cli_reason_phrase(int status)
{
    static const struct {
        int status;
        const char *text;
    } phrases[] = {
        {400, "Bad Request"},
        {401, "Unauthorized"},
        {403, "Forbidden"},
        {404, "Not Found"},
        {405, "Method Not Allowed"},
        {407, "Proxy Authentication Required"},
        {408, "Request Timeout"},
        {409, "Conflict"},
        {413, "Request Entity Too Large"},
        {429, "Too Many Requests"},
        {500, "Internal Server Error"},
        {501, "Not Implemented"},
        {502, "Bad Gateway"},
        {503, "Service Unavailable"},
        {504, "Gateway Timeout"},
        {505, "HTTP Version Not Supported"},
        {507, "Insufficient Storage"},
        {508, "Loop Detected"},
        {510, "Not Extended"},
        {511, "Network Authentication Required"},
    };
    size_t i;

    for (i = 0; i < sizeof phrases / sizeof phrases[0]; i++) {
        if (phrases[i].status == status) {
            return phrases[i].text;
        }
    }
    return "";
}

const char *sso_cli_error_message(int status, const char *json_message, const char *body)
{
    const char *t = body;
    size_t n = strlen(body);

    /* bytes.strip(): ASCII whitespace */
    while (*t != '\0' && isspace((unsigned char)*t)) {
        t++, n--;
    }
    while (n > 0 && isspace((unsigned char)t[n - 1])) {
        n--;
    }
    if (status >= 500 && (n == 0 || strncmp(t, "<html>", 6) == 0)) {
        return sso_cli_reason_phrase(status);
    }
    if (body[0] != '\0' && t[0] != '{') {
        return body; /* json.loads failed: the text is the message */
    }
    return json_message;
}
