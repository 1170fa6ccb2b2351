#include "sso_fw_fixture.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sso_fw.h"

sso_fw_fx_t sso_fw_fx;
uint8_t sso_fw_work[SSO_FW_WORK_MAX];

/* Responses of one test at a time; 24 KB holds the largest (a paging test
 * with several pages). */
static char sso_fw_arena[24576];
static size_t sso_fw_arena_len;

void sso_fw_fx_reset(size_t work_len, uint8_t max_attempts)
{
    sso_fw_fx_t *f = &sso_fw_fx;
    memset(&f->c, 0, sizeof(f->c));
    memset(&f->cfg, 0, sizeof(f->cfg));
    sso_script_init(&f->s);
    sso_script_transport(&f->s, &f->t, 1);
    sso_script_platform(&f->s, &f->p);
    sso_fw_arena_len = 0;
    f->cfg.region = "us-east-2";
    f->cfg.work_buf = sso_fw_work;
    f->cfg.work_len = work_len < SSO_FW_WORK_MAX ? work_len : SSO_FW_WORK_MAX;
    f->cfg.transport = &f->t;
    f->cfg.platform = &f->p;
    f->cfg.max_attempts = max_attempts;
}

static const char *sso_fw_vfmt(const char *fmt, va_list ap)
{
    size_t room = sizeof(sso_fw_arena) - sso_fw_arena_len;
    char *at = sso_fw_arena + sso_fw_arena_len;
    int n = vsnprintf(at, room, fmt, ap);
    if (n < 0 || (size_t)n >= room) {
        SSO_CHECK(!"response arena full");
        return NULL;
    }
    sso_fw_arena_len += (size_t)n + 1;
    return at;
}

const char *sso_fw_fmt(const char *fmt, ...)
{
    const char *s;
    va_list ap;
    va_start(ap, fmt);
    s = sso_fw_vfmt(fmt, ap);
    va_end(ap);
    return s;
}

const char *sso_fw_resp(const char *status, const char *headers, const char *body)
{
    return sso_fw_fmt("HTTP/1.1 %s\r\n%sContent-Length: %u\r\n\r\n%s", status, headers,
                      (unsigned)strlen(body), body);
}

const char *sso_fw_chunked(const char *status, const char *body, size_t chunk)
{
    size_t len = strlen(body), off = 0;
    const char *head = sso_fw_fmt("HTTP/1.1 %s\r\nTransfer-Encoding: chunked\r\n\r\n", status);
    if (head == NULL || chunk == 0) {
        return NULL;
    }
    /* Continue the same string: drop the NUL and append each chunk. */
    sso_fw_arena_len--;
    while (off < len) {
        size_t k = len - off < chunk ? len - off : chunk;
        if (sso_fw_fmt("%x\r\n%.*s\r\n", (unsigned)k, (int)k, body + off) == NULL) {
            return NULL;
        }
        sso_fw_arena_len--;
        off += k;
    }
    return sso_fw_fmt("0\r\n\r\n") ? head : NULL;
}

sso_script_conn_t *sso_fw_seq(const char *const *resps, unsigned n)
{
    char *buf = sso_fw_arena + sso_fw_arena_len;
    sso_script_conn_t *c =
        sso_script_add_seq(&sso_fw_fx.s, buf, sizeof(sso_fw_arena) - sso_fw_arena_len, resps, n);
    SSO_CHECK(c != NULL);
    if (c != NULL) {
        sso_fw_arena_len += c->len + 1;
    }
    return c;
}

const char *sso_fw_session_token(size_t len)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    static char token[SSO_SESSION_TOKEN_MAX + 1];
    size_t i;
    if (len > SSO_SESSION_TOKEN_MAX) {
        len = SSO_SESSION_TOKEN_MAX;
    }
    for (i = 0; i < len; i++) {
        token[i] = b64[(i * 7u + i / 64u) % 64u];
    }
    if (len >= 2) {
        token[len - 1] = '=';
    }
    token[len] = '\0';
    return token;
}
