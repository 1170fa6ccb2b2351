/* The HTTP response engine on the target: Content-Length, chunked and
 * close-delimited framing pushed one byte at a time and in larger pieces,
 * the headers the client needs, the keep-alive decision, and the refusals
 * (smuggling-prone framing, truncation). 64-bit lengths on a 32-bit CPU. */
#include <string.h>

#include <tinysso/sso_status.h>

#include "sso_fw.h"
#include "sso_http_resp.h"

typedef struct seen {
    char body[128];
    size_t body_len;
    char error_type[64];
    char request_id[64];
    size_t et_len, rid_len;
} seen_t;

static void on_header(void *user, int id, const char *piece, size_t len)
{
    seen_t *s = (seen_t *)user;
    char *dst = id == SSO_HDR_ERROR_TYPE ? s->error_type : s->request_id;
    size_t *n = id == SSO_HDR_ERROR_TYPE ? &s->et_len : &s->rid_len;
    if (piece == NULL) {
        *n = 0;
        dst[0] = '\0';
        return;
    }
    if (len < 63 - *n) {
        memcpy(dst + *n, piece, len);
        *n += len;
        dst[*n] = '\0';
    }
}

static int on_body(void *user, const uint8_t *data, size_t len)
{
    seen_t *s = (seen_t *)user;
    if (len > sizeof(s->body) - 1 - s->body_len) {
        return SSO_ERR_ABORTED;
    }
    memcpy(s->body + s->body_len, data, len);
    s->body_len += len;
    s->body[s->body_len] = '\0';
    return SSO_OK;
}

/* Feeds raw in pieces of step bytes; eof: the stream ends after raw. */
static int run(const char *raw, size_t step, int eof, seen_t *s, sso_http_resp_t *r)
{
    sso_http_sink_t sink;
    size_t off = 0, len = strlen(raw);
    int st = SSO_OK;
    memset(s, 0, sizeof(*s));
    sink.user = s;
    sink.on_header = on_header;
    sink.on_body = on_body;
    sso_http_resp_init(r);
    while (off < len && st == SSO_OK) {
        size_t k = len - off < step ? len - off : step, used = 0;
        st = sso_http_resp_feed(r, (const uint8_t *)raw + off, k, &used, &sink);
        SSO_CHECK(used <= k);
        SSO_CHECK(st != SSO_OK || used == k);
        off += used;
        if (st == SSO_HTTP_DONE) {
            /* Bytes after a complete message are not consumed. */
            SSO_CHECK(off <= len);
        }
    }
    if (st == SSO_OK && eof) {
        st = sso_http_resp_eof(r, &sink);
    }
    return st;
}

static const size_t steps[] = {1, 2, 5, 13, 4096};
#define N_STEPS (sizeof(steps) / sizeof(steps[0]))

void sso_fw_test_http(void)
{
    seen_t s;
    sso_http_resp_t r;
    size_t i;
    int st;

    for (i = 0; i < N_STEPS; i++) {
        SSO_CHECK_INT(run("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                          "RequestId: b339b807-25d1-474c-a476-b070e9f350e4\r\n"
                          "Content-Length: 7\r\n\r\n{\"a\":1}",
                          steps[i], 0, &s, &r),
                      SSO_HTTP_DONE);
        SSO_CHECK_INT(r.status, 200);
        SSO_CHECK_STR(s.body, "{\"a\":1}");
        SSO_CHECK_STR(s.request_id, "b339b807-25d1-474c-a476-b070e9f350e4");
        SSO_CHECK_INT(r.keep_alive, 1);

        /* Chunked, with a chunk extension and a trailer; names any case. */
        SSO_CHECK_INT(run("HTTP/1.1 400 Bad Request\r\nx-amzn-errortype:   "
                          "FooError:http://internal.amazon.com/coral/x/  \r\n"
                          "X-AMZN-REQUESTID: r-1\r\ntransfer-encoding: chunked\r\n\r\n"
                          "4;ext=1\r\n{\"a\"\r\nB\r\n:\"bcdefgh\"}\r\n0\r\nX-Trailer: t\r\n\r\n",
                          steps[i], 0, &s, &r),
                      SSO_HTTP_DONE);
        SSO_CHECK_INT(r.status, 400);
        SSO_CHECK_STR(s.body, "{\"a\":\"bcdefgh\"}");
        SSO_CHECK_STR(s.error_type, "FooError:http://internal.amazon.com/coral/x/");
        SSO_CHECK_STR(s.request_id, "r-1");
        SSO_CHECK_INT(r.keep_alive, 1);

        /* A bare 503 without headers: the body runs to the end of stream. */
        SSO_CHECK_INT(run("HTTP/1.1 503\r\n\r\noops", steps[i], 1, &s, &r), SSO_HTTP_DONE);
        SSO_CHECK_INT(r.status, 503);
        SSO_CHECK_STR(s.body, "oops");
        SSO_CHECK_INT(r.keep_alive, 0);

        /* Connection: close and HTTP/1.0 forbid reuse. */
        SSO_CHECK_INT(run("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
                          steps[i], 0, &s, &r),
                      SSO_HTTP_DONE);
        SSO_CHECK_INT(r.keep_alive, 0);
        SSO_CHECK_INT(run("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", steps[i], 0, &s, &r),
                      SSO_HTTP_DONE);
        SSO_CHECK_INT(r.keep_alive, 0);

        /* An interim 100 Continue is skipped. */
        SSO_CHECK_INT(run("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n", steps[i],
                          0, &s, &r),
                      SSO_HTTP_DONE);
        SSO_CHECK_INT(r.status, 204);
        SSO_CHECK_INT(s.body_len, 0);

        /* Smuggling-prone framing is refused. */
        SSO_CHECK_INT(run("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
                          steps[i], 0, &s, &r),
                      SSO_ERR_FRAMING);
        SSO_CHECK_INT(run("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n"
                          "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
                          steps[i], 0, &s, &r),
                      SSO_ERR_FRAMING);

        /* A body cut short of its Content-Length, or of its last chunk. */
        SSO_CHECK_INT(run("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", steps[i], 1, &s, &r),
                      SSO_ERR_TRUNCATED);
        SSO_CHECK_INT(r.keep_alive, 0);
        SSO_CHECK_INT(run("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n",
                          steps[i], 1, &s, &r),
                      SSO_ERR_TRUNCATED);

        /* Not HTTP at all. */
        SSO_CHECK(run("SSH-2.0-OpenSSH_9.2\r\n\r\n", steps[i], 1, &s, &r) < 0);
        SSO_CHECK(run("HTTP/1.1 2000 OK\r\n\r\n", steps[i], 1, &s, &r) < 0);
        SSO_CHECK(run("HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n", steps[i], 1, &s, &r) < 0);
        SSO_CHECK(run("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", steps[i], 1,
                      &s, &r) < 0);
    }

    /* A Content-Length beyond 32 bits: only its first bytes arrive, then EOF.
     * The count must not wrap to a small number on a 32-bit CPU. */
    st = run("HTTP/1.1 200 OK\r\nContent-Length: 4294967297\r\n\r\nab", 4096, 1, &s, &r);
    SSO_CHECK(st < 0);
    SSO_CHECK(s.body_len <= 2);
}
