/* The response engine against canned responses. Every case is run whole,
 * split in two at every offset, and one byte per feed, and all runs must
 * agree with each other and with the expected result: status, keep-alive,
 * body bytes, header values of interest and how many bytes were consumed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <tinysso/sso_status.h>

#include "sso_http_resp.h"

#define VAL_MAX 4096

typedef struct outcome {
    int rc;
    int status;
    int ka;
    size_t used; /* bytes consumed in all (meaningful after DONE) */
    uint8_t *body;
    size_t body_len, body_cap;
    unsigned body_calls;
    size_t abort_at; /* on_body fails once this many bytes arrived (0: never) */
    char val[3][VAL_MAX];
    size_t val_len[3];
    int val_set[3];
    int misuse; /* a piece before its NULL call, an empty piece, a bad id */
} outcome_t;

static void on_header(void *user, int id, const char *piece, size_t len)
{
    outcome_t *o = user;
    if (id != SSO_HDR_ERROR_TYPE && id != SSO_HDR_REQUEST_ID) {
        o->misuse = 1;
        return;
    }
    if (!piece) {
        o->val_set[id] = 1;
        o->val_len[id] = 0;
        return;
    }
    if (!o->val_set[id] || len == 0 || o->val_len[id] + len > VAL_MAX) {
        o->misuse = 1;
        return;
    }
    memcpy(o->val[id] + o->val_len[id], piece, len);
    o->val_len[id] += len;
}

static int on_body(void *user, const uint8_t *data, size_t len)
{
    outcome_t *o = user;
    o->body_calls++;
    if (len == 0) {
        o->misuse = 1;
    }
    if (o->body_len + len > o->body_cap) {
        o->body_cap = (o->body_len + len) * 2;
        o->body = realloc(o->body, o->body_cap);
        assert_non_null(o->body);
    }
    memcpy(o->body + o->body_len, data, len);
    o->body_len += len;
    if (o->abort_at && o->body_len >= o->abort_at) {
        return SSO_ERR_ABORTED;
    }
    return SSO_OK;
}

/* Feeds [0,cut) then [cut,len), each part in pieces of at most step bytes
 * (0: whole part), then eof if asked and still in progress. */
static void run(const uint8_t *in, size_t len, size_t cut, size_t step, int do_eof, outcome_t *o)
{
    sso_http_resp_t r;
    sso_http_sink_t sink = {o, on_header, on_body};
    size_t off = 0, used;
    int rc = SSO_OK, again;

    sso_http_resp_init(&r);
    while (off < len) {
        size_t end = off < cut ? cut : len;
        size_t n = end - off;
        if (step && n > step) {
            n = step;
        }
        used = (size_t)-1;
        rc = sso_http_resp_feed(&r, in + off, n, &used, &sink);
        assert_true(used <= n);
        if (rc == SSO_OK) {
            assert_int_equal(used, n);
        }
        off += used;
        if (rc != SSO_OK) {
            break;
        }
    }
    if (rc == SSO_OK && do_eof) {
        rc = sso_http_resp_eof(&r, &sink);
    }
    o->rc = rc;
    o->status = r.status;
    o->ka = r.keep_alive;
    o->used = off;
    if (rc != SSO_OK) { /* sticky: the same answer, nothing read */
        used = 7;
        again = sso_http_resp_feed(&r, in, len, &used, &sink);
        assert_int_equal(again, rc);
        assert_int_equal(used, 0);
        assert_int_equal(sso_http_resp_eof(&r, &sink), rc);
    }
    if (rc < 0) {
        assert_int_equal(r.keep_alive, 0);
    }
}

static void outcome_free(outcome_t *o)
{
    free(o->body);
    o->body = NULL;
}

static void same(const outcome_t *a, const outcome_t *b, const char *name, const char *mode,
                 size_t at)
{
    int k;
    if (a->rc != b->rc || a->status != b->status || a->ka != b->ka || a->body_len != b->body_len ||
        (a->body_len && memcmp(a->body, b->body, a->body_len)) ||
        (a->rc == SSO_HTTP_DONE && a->used != b->used) || a->misuse || b->misuse) {
        fail_msg("%s: %s at %zu differs: rc %d/%d status %d/%d ka %d/%d body %zu/%zu used %zu/%zu",
                 name, mode, at, a->rc, b->rc, a->status, b->status, a->ka, b->ka, a->body_len,
                 b->body_len, a->used, b->used);
    }
    for (k = 1; k <= 2; k++) {
        if (a->val_set[k] != b->val_set[k] || a->val_len[k] != b->val_len[k] ||
            memcmp(a->val[k], b->val[k], a->val_len[k])) {
            fail_msg("%s: %s at %zu: header %d differs", name, mode, at, k);
        }
    }
}

/* Runs whole, two feeds split at offsets 1..len-1 (every stride-th), and
 * one byte at a time; returns the whole run's outcome for the caller to
 * check against expectations. */
static void run_all(const uint8_t *in, size_t len, int do_eof, size_t stride, const char *name,
                    outcome_t *whole)
{
    outcome_t *o = calloc(1, sizeof *o);
    size_t k;
    assert_non_null(o);
    memset(whole, 0, sizeof *whole);
    run(in, len, 0, 0, do_eof, whole);
    for (k = 1; k < len; k += stride) {
        memset(o, 0, sizeof *o);
        run(in, len, k, 0, do_eof, o);
        same(whole, o, name, "split", k);
        outcome_free(o);
    }
    memset(o, 0, sizeof *o);
    run(in, len, 0, 1, do_eof, o);
    same(whole, o, name, "bytewise", 1);
    outcome_free(o);
    free(o);
}

typedef struct rcase {
    const char *name;
    const char *in;
    int eof;          /* the peer closes after the input */
    int rc;           /* expected final result */
    int status;       /* -1: not checked */
    int ka;           /* expected keep_alive */
    const char *body; /* expected body (NULL: not checked, for errors) */
    size_t extra;     /* trailing bytes feed must leave unconsumed */
    const char *et;   /* X-Amzn-ErrorType value, NULL: never reported */
    const char *rid;  /* request id value, NULL: never reported */
} rcase_t;

#define OK200 "HTTP/1.1 200 OK\r\n"
#define DONE SSO_HTTP_DONE
#define PROTO SSO_ERR_PROTOCOL
#define FRAMING SSO_ERR_FRAMING
#define TRUNC SSO_ERR_TRUNCATED
#define BAD(n, s, e)                                                                               \
    {                                                                                              \
        n, s, 1, e, -1, 0, NULL, 0, NULL, NULL                                                     \
    }

#define AWS_BODY                                                                                   \
    "{\"roleCredentials\":{\"accessKeyId\":\"ASIAEXAMPLE000000001\",\"secretAccessKey\":"          \
    "\"secretsecret1\",\"sessionToken\":\"token-x\",\"expiration\":1641237234000}}"

static const rcase_t k_cases[] = {
    /* The real AWS SSO header set (PROTOCOL §2): no reason phrase. */
    {"aws sso 200",
     "HTTP/1.1 200\r\nDate: Mon, 03 Jan 2022 19:13:54 GMT\r\nContent-Type: application/json\r\n"
     "Content-Length: 144\r\nConnection: keep-alive\r\nAccess-Control-Expose-Headers: RequestId\r\n"
     "Cache-Control: no-cache\r\nRequestId: b339b807-25d1-474c-a476-b070e9f350e4\r\n"
     "Server: AWS SSO\r\n\r\n" AWS_BODY,
     0, DONE, 200, 1, AWS_BODY, 0, NULL, "b339b807-25d1-474c-a476-b070e9f350e4"},
    {"aws 401 with error type",
     "HTTP/1.1 401 Unauthorized\r\nx-amzn-RequestId: 11-22\r\nX-Amzn-ErrorType: "
     "UnauthorizedException:http://internal.amazon.com/coral/x/\r\nContent-Length: 2\r\n\r\n{}",
     0, DONE, 401, 1, "{}", 0, "UnauthorizedException:http://internal.amazon.com/coral/x/",
     "11-22"},
    {"bare 503 then eof", "HTTP/1.1 503\r\n\r\n", 1, DONE, 503, 0, "", 0, NULL, NULL},
    {"bare 503 no eof yet", "HTTP/1.1 503\r\n\r\n", 0, SSO_OK, 503, 0, "", 0, NULL, NULL},

    /* Status line */
    {"reason", OK200 "Content-Length: 2\r\n\r\nhi", 0, DONE, 200, 1, "hi", 0, NULL, NULL},
    {"no reason", "HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nhi", 0, DONE, 200, 1, "hi", 0, NULL,
     NULL},
    {"empty reason", "HTTP/1.1 200 \r\nContent-Length: 2\r\n\r\nhi", 0, DONE, 200, 1, "hi", 0, NULL,
     NULL},
    {"reason with spaces, tab, obs-text",
     "HTTP/1.1 404  Not\tF\xc3\xb6und \r\nContent-Length: 0\r\n\r\n", 0, DONE, 404, 1, "", 0, NULL,
     NULL},
    {"empty lines before status", "\r\n\r\n" OK200 "Content-Length: 0\r\n\r\n", 0, DONE, 200, 1, "",
     0, NULL, NULL},
    BAD("HTTP/2.0", "HTTP/2.0 200 OK\r\n\r\n", PROTO),
    BAD("HTTP/1.2", "HTTP/1.2 200 OK\r\n\r\n", PROTO),
    BAD("HTTP/1.01", "HTTP/1.01 200 OK\r\n\r\n", PROTO),
    BAD("HTTP/0.9", "HTTP/0.9 200 OK\r\n\r\n", PROTO),
    BAD("lowercase http", "http/1.1 200 OK\r\n\r\n", PROTO),
    BAD("RTSP", "RTSP/1.1 200 OK\r\n\r\n", PROTO),
    BAD("garbage", "<html>hello</html>\r\n\r\n", PROTO),
    BAD("two-digit status", "HTTP/1.1 20 OK\r\n\r\n", PROTO),
    BAD("four-digit status", "HTTP/1.1 2000 OK\r\n\r\n", PROTO),
    BAD("status letters", "HTTP/1.1 2x0 OK\r\n\r\n", PROTO),
    BAD("status 099", "HTTP/1.1 099 OK\r\n\r\n", PROTO),
    BAD("status 600", "HTTP/1.1 600 OK\r\n\r\n", PROTO),
    BAD("two spaces before status", "HTTP/1.1  200 OK\r\n\r\n", PROTO),
    BAD("tab before status", "HTTP/1.1\t200 OK\r\n\r\n", PROTO),
    BAD("101 switching", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n", PROTO),
    BAD("control char in reason", "HTTP/1.1 200 O\x01K\r\n\r\n", PROTO),
    BAD("bare LF after status", "HTTP/1.1 200 OK\nContent-Length: 0\n\n", PROTO),
    BAD("bare CR after status", "HTTP/1.1 200 OK\rContent-Length: 0\r\n\r\n", PROTO),
    BAD("CR before status", "\rHTTP/1.1 200 OK\r\n\r\n", PROTO),
    BAD("reason too long",
        "HTTP/1.1 200 "
        "OKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKO"
        "OKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKO"
        "OKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKO"
        "\r\n\r\n",
        PROTO),
    {"no status line at all", "", 1, TRUNC, -1, 0, NULL, 0, NULL, NULL},

    /* Headers */
    {"headers of interest, whitespace trimmed",
     OK200
     "x-amzn-errortype: \t FooError \t \r\nREQUESTID:\tab  \t cd\t \r\nContent-Length: 0\r\n\r\n",
     0, DONE, 200, 1, "", 0, "FooError", "ab  \t cd"},
    {"empty value of interest",
     OK200 "RequestId:\r\nX-Amzn-ErrorType:   \r\nContent-Length: 0\r\n\r\n", 0, DONE, 200, 1, "",
     0, "", ""},
    {"later header replaces earlier",
     OK200 "RequestId: first\r\nx-amzn-requestid: second\r\nContent-Length: 0\r\n\r\n", 0, DONE,
     200, 1, "", 0, NULL, "second"},
    {"near names are other headers",
     OK200 "RequestIdX: 1\r\nRequest: 2\r\nx-amzn-requestidd: 3\r\nContent-Length-X: 9\r\n"
           "Transfer-Encodings: gzip\r\nConnections: close\r\nContent-Length: 0\r\n\r\n",
     0, DONE, 200, 1, "", 0, NULL, NULL},
    {"odd but legal names and values",
     OK200
     "X-$Proto_Ver.1!#%&'*+^`|~: \"q\" (c) \xc3\xa9\t\r\nEmpty:\r\nContent-Length: 1\r\n\r\nx",
     0, DONE, 200, 1, "x", 0, NULL, NULL},
    BAD("line without colon", OK200 "Foo\r\n\r\n", PROTO),
    BAD("space before colon", OK200 "Foo : bar\r\n\r\n", PROTO),
    BAD("tab before colon", OK200 "Content-Length\t: 0\r\n\r\n", PROTO),
    BAD("space in name", OK200 "en-US Content-Type: x\r\n\r\n", PROTO),
    BAD("empty name", OK200 ": x\r\n\r\n", PROTO),
    /* obs-fold: replaced with SP (RFC 9112 5.2), also in the values the
     * engine reads itself; refused only before the first header line. */
    {"obs-fold", OK200 "Foo: a\r\n b\r\nContent-Length: 0\r\n\r\n", 0, DONE, 200, 1, "", 0, NULL,
     NULL},
    {"obs-fold tab", OK200 "Foo: a\r\n\tb\r\nContent-Length: 0\r\n\r\n", 0, DONE, 200, 1, "", 0,
     NULL, NULL},
    {"obs-fold in values of interest",
     OK200 "RequestId: ab\r\n cd\r\n\t ef \r\nX-Amzn-ErrorType:\r\n Foo\r\n"
           "Content-Length: 0\r\n\r\n",
     0, DONE, 200, 1, "", 0, "Foo", "ab cd  ef"},
    {"obs-fold in Content-Length", OK200 "Content-Length:\r\n 3\r\n\r\nabc", 0, DONE, 200, 1, "abc",
     0, NULL, NULL},
    {"obs-fold in Connection",
     OK200 "Connection: keep-alive,\r\n close\r\nContent-Length: 0\r\n\r\n", 0, DONE, 200, 0, "", 0,
     NULL, NULL},
    {"obs-fold in Transfer-Encoding",
     OK200 "Transfer-Encoding:\r\n chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n", 0, DONE, 200, 1, "x", 0,
     NULL, NULL},
    {"obs-fold, blank-only line", OK200 "RequestId: a\r\n \r\nContent-Length: 0\r\n\r\n", 0, DONE,
     200, 1, "", 0, NULL, "a"},
    BAD("obs-fold splits CL digits", OK200 "Content-Length: 1\r\n 2\r\n\r\nabc", FRAMING),
    BAD("obs-fold before any header", OK200 " Foo: a\r\n\r\n", PROTO),
    BAD("obs-fold then bad TE", OK200 "Transfer-Encoding: chunked\r\n gzip\r\n\r\n", PROTO),
    BAD("space after status line", OK200 " Host: foo\r\n\r\n", PROTO),
    BAD("DEL in value", OK200 "Foo: a\x7f\r\n\r\n", PROTO),
    BAD("ESC in value of interest", OK200 "RequestId: a\x1b\r\n\r\n", PROTO),
    BAD("bare CR in value", OK200 "Foo: 1\rBar: 2\r\n\r\n", PROTO),
    BAD("bare LF in value", OK200 "Foo: 1\nBar: 2\r\n\r\n", PROTO),
    BAD("bare LF ends headers", OK200 "Foo: 1\r\n\n", PROTO),
    BAD("non-ASCII name", OK200 "F\xc3\xb6o: 1\r\n\r\n", PROTO),
    BAD("CR without LF at end", OK200 "\rX", PROTO),

    /* Content-Length */
    {"CL with blanks", OK200 "Content-Length: \t 3 \t\r\n\r\nabc", 0, DONE, 200, 1, "abc", 0, NULL,
     NULL},
    {"CL leading zeros", OK200 "Content-Length: 0003\r\n\r\nabc", 0, DONE, 200, 1, "abc", 0, NULL,
     NULL},
    {"CL 0 leaves next bytes", OK200 "Content-Length: 0\r\n\r\nHTTP/1.1", 0, DONE, 200, 1, "", 8,
     NULL, NULL},
    {"CL body then extra bytes", OK200 "Content-Length: 3\r\n\r\nabcdef", 0, DONE, 200, 1, "abc", 3,
     NULL, NULL},
    {"CL short body", OK200 "Content-Length: 10\r\n\r\nabc", 1, TRUNC, 200, 0, "abc", 0, NULL,
     NULL},
    /* identical repeated values are one value (RFC 9110 8.6) */
    {"duplicate CL equal", OK200 "Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc", 0, DONE, 200,
     1, "abc", 0, NULL, NULL},
    {"CL list equal", OK200 "Content-Length: 3, 3,3\r\n\r\nabc", 0, DONE, 200, 1, "abc", 0, NULL,
     NULL},
    {"CL equal with leading zero", OK200 "Content-Length: 3\r\nContent-Length: 03\r\n\r\nabc", 0,
     DONE, 200, 1, "abc", 0, NULL, NULL},
    BAD("duplicate CL differ", OK200 "Content-Length: 3\r\ncontent-length: 4\r\n\r\nabcd", FRAMING),
    BAD("CL list differ", OK200 "Content-Length: 3, 4\r\n\r\nabcd", FRAMING),
    BAD("CL equal then differ", OK200 "Content-Length: 3, 3\r\nContent-Length: 4\r\n\r\nabcd",
        FRAMING),
    BAD("CL list empty element", OK200 "Content-Length: 3,,3\r\n\r\nabc", FRAMING),
    BAD("CL list trailing comma", OK200 "Content-Length: 3,\r\n\r\nabc", FRAMING),
    BAD("CL repeated with TE",
        OK200 "Content-Length: 1\r\nTransfer-Encoding: chunked\r\nContent-Length: 1\r\n\r\n",
        FRAMING),
    BAD("CL two numbers", OK200 "Content-Length: 1 2\r\n\r\nabc", FRAMING),
    BAD("CL empty", OK200 "Content-Length:\r\n\r\n", FRAMING),
    BAD("CL blank only", OK200 "Content-Length:  \r\n\r\n", FRAMING),
    BAD("CL sign", OK200 "Content-Length: +3\r\n\r\nabc", FRAMING),
    BAD("CL hex", OK200 "Content-Length: 0x3\r\n\r\nabc", FRAMING),
    BAD("CL overflow", OK200 "Content-Length: 99999999999999999999999\r\n\r\n", FRAMING),
    BAD("CL 2^64", OK200 "Content-Length: 18446744073709551616\r\n\r\n", FRAMING),
    BAD("CL and TE", OK200 "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        FRAMING),
    BAD("TE and CL", OK200 "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n",
        FRAMING),

    /* Transfer-Encoding: chunked */
    {"chunked", OK200 "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", 0,
     DONE, 200, 1, "hello world", 0, NULL, NULL},
    {"chunked mixed case, blanks",
     OK200 "transfer-encoding:  ChUnKeD \t\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n", 0, DONE, 200, 1,
     "0123456789", 0, NULL, NULL},
    {"chunked hex sizes",
     OK200 "Transfer-Encoding: chunked\r\n\r\n0000000000000001\r\nx\r\n"
           "1a\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n",
     0, DONE, 200, 1, "xabcdefghijklmnopqrstuvwxyz", 0, NULL, NULL},
    {"chunk extensions",
     OK200 "Transfer-Encoding: chunked\r\n\r\n5;a=b;c\r\nhello\r\n1;q=\"x;\\\"\"\r\n!\r\n"
           "0;last=1\r\n\r\n",
     0, DONE, 200, 1, "hello!", 0, NULL, NULL},
    {"trailers skipped",
     OK200 "Transfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nContent-Length: 99\r\n"
           "RequestId: nope\r\nX-Trailer: a b c\r\n\r\n",
     0, DONE, 200, 1, "ok", 0, NULL, NULL},
    {"chunked then extra bytes",
     OK200 "Transfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\nHTTP/1.1 200 OK\r\n", 0, DONE,
     200, 1, "ok", 17, NULL, NULL},
    {"chunked huge size truncated",
     OK200 "Transfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\nabc", 1, TRUNC, 200, 0, "abc", 0,
     NULL, NULL},
    BAD("chunk size 17 digits",
        OK200 "Transfer-Encoding: chunked\r\n\r\n00000000000000001\r\nx\r\n", FRAMING),
    BAD("chunk size not hex", OK200 "Transfer-Encoding: chunked\r\n\r\nzz\r\n", FRAMING),
    BAD("chunk size empty", OK200 "Transfer-Encoding: chunked\r\n\r\n\r\n", FRAMING),
    BAD("chunk size negative", OK200 "Transfer-Encoding: chunked\r\n\r\n-1\r\n", FRAMING),
    BAD("chunk size 0x", OK200 "Transfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n", FRAMING),
    BAD("chunk size then space", OK200 "Transfer-Encoding: chunked\r\n\r\n5 \r\nhello\r\n",
        FRAMING),
    BAD("chunk size space ext", OK200 "Transfer-Encoding: chunked\r\n\r\n5 ;a\r\nhello\r\n",
        FRAMING),
    BAD("chunk empty ext", OK200 "Transfer-Encoding: chunked\r\n\r\n5;\r\nhello\r\n", FRAMING),
    /* quotes in extensions are not tracked: a quoted-string cannot hold CR,
     * so the size line ends at the same CRLF whichever way it is read */
    {"chunk ext open quote",
     OK200 "Transfer-Encoding: chunked\r\n\r\n5;a=\"b\r\nhello\r\n0\r\n\r\n", 0, DONE, 200, 1,
     "hello", 0, NULL, NULL},
    BAD("chunk ext empty after ;", OK200 "Transfer-Encoding: chunked\r\n\r\n5;a;\r\nhello\r\n",
        FRAMING),
    BAD("chunk ext control", OK200 "Transfer-Encoding: chunked\r\n\r\n5;a\x01\r\nhello\r\n",
        FRAMING),
    BAD("chunk size bare LF", OK200 "Transfer-Encoding: chunked\r\n\r\n5\nhello\r\n", FRAMING),
    BAD("chunk data too long", OK200 "Transfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
        FRAMING),
    BAD("chunk data no CR", OK200 "Transfer-Encoding: chunked\r\n\r\n2\r\nab\n0\r\n\r\n", FRAMING),
    BAD("chunk data CR no LF", OK200 "Transfer-Encoding: chunked\r\n\r\n2\r\nab\rX0\r\n\r\n",
        PROTO),
    {"trailer obs-fold", OK200 "Transfer-Encoding: chunked\r\n\r\n0\r\nA: b\r\n c\r\n\r\n", 0, DONE,
     200, 1, "", 0, NULL, NULL},
    BAD("trailer no colon", OK200 "Transfer-Encoding: chunked\r\n\r\n0\r\nAb\r\n\r\n", PROTO),
    BAD("TE gzip", OK200 "Transfer-Encoding: gzip\r\n\r\nabc", PROTO),
    BAD("TE identity", OK200 "Transfer-Encoding: identity\r\n\r\nabc", PROTO),
    BAD("TE chunked, gzip", OK200 "Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n", PROTO),
    BAD("TE gzip, chunked", OK200 "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", PROTO),
    BAD("TE chunked twice", OK200 "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n", PROTO),
    BAD("TE header twice",
        OK200 "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", PROTO),
    BAD("TE chunkedchunked", OK200 "Transfer-Encoding: chunkedchunked\r\n\r\n0\r\n\r\n", PROTO),
    BAD("TE chunk", OK200 "Transfer-Encoding: chunk\r\n\r\n0\r\n\r\n", PROTO),
    BAD("TE empty", OK200 "Transfer-Encoding: \r\n\r\n0\r\n\r\n", PROTO),

    /* Close-delimited, no-body statuses, interim responses */
    {"close-delimited", OK200 "Content-Type: text/plain\r\n\r\nhello world", 1, DONE, 200, 0,
     "hello world", 0, NULL, NULL},
    {"close-delimited not done without eof", OK200 "\r\nhello", 0, SSO_OK, 200, 0, "hello", 0, NULL,
     NULL},
    {"204 has no body", "HTTP/1.1 204 No Content\r\nRequestId: r\r\n\r\nHTTP/1.1 200 OK\r\n", 0,
     DONE, 204, 1, "", 17, NULL, "r"},
    {"304 ignores CL", "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n", 0, DONE, 304, 1,
     "", 0, NULL, NULL},
    {"204 with close", "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n", 0, DONE, 204, 0, "",
     0, NULL, NULL},
    {"100 continue skipped",
     "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi", 0, DONE, 200, 1,
     "hi", 0, NULL, NULL},
    {"103 headers ignored",
     "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\nContent-Length: 99\r\nConnection: close\r\n"
     "RequestId: early\r\nTransfer-Encoding: gzip\r\n\r\n"
     "HTTP/1.1 100 Continue\r\n\r\n\r\n" /* an extra empty line, tolerated */
     "HTTP/1.1 200\r\nRequestId: final\r\nContent-Length: 2\r\n\r\nhi",
     0, DONE, 200, 1, "hi", 0, NULL, "final"},
    {"1xx then truncated", "HTTP/1.1 100 Continue\r\n\r\n", 1, TRUNC, -1, 0, "", 0, NULL, NULL},
    {"1xx with obs-fold", "HTTP/1.1 100 Continue\r\nA: b\r\n c\r\n\r\n", 1, TRUNC, -1, 0, "", 0,
     NULL, NULL},

    /* HTTP/1.0 and keep-alive decisions */
    {"1.0 CL", "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nhi", 0, DONE, 200, 0, "hi", 0, NULL,
     NULL},
    {"1.0 keep-alive CL",
     "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nhi", 0, DONE, 200, 1,
     "hi", 0, NULL, NULL},
    {"1.0 keep-alive close-delimited", "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\nhi", 1,
     DONE, 200, 0, "hi", 0, NULL, NULL},
    {"1.0 keep-alive chunked",
     "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 0,
     DONE, 200, 1, "", 0, NULL, NULL},
    {"1.0 keep-alive and close",
     "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
     0, DONE, 200, 0, "", 0, NULL, NULL},
    {"1.1 close", OK200 "Connection: close\r\nContent-Length: 0\r\n\r\n", 0, DONE, 200, 0, "", 0,
     NULL, NULL},
    {"1.1 CLOSE", OK200 "connection: CLOSE\r\nContent-Length: 0\r\n\r\n", 0, DONE, 200, 0, "", 0,
     NULL, NULL},
    {"1.1 keep-alive, close", OK200 "Connection: keep-alive, close\r\nContent-Length: 0\r\n\r\n", 0,
     DONE, 200, 0, "", 0, NULL, NULL},
    {"1.1 token list with blanks",
     OK200 "Connection: ,Upgrade ,\t close , \r\nContent-Length: 0\r\n\r\n", 0, DONE, 200, 0, "", 0,
     NULL, NULL},
    {"1.1 closed is not close",
     OK200 "Connection: closed, xclose, clos\r\nContent-Length: 0\r\n\r\n", 0, DONE, 200, 1, "", 0,
     NULL, NULL},
    {"1.1 Proxy-Connection ignored", OK200 "Proxy-Connection: close\r\nContent-Length: 0\r\n\r\n",
     0, DONE, 200, 1, "", 0, NULL, NULL},
    {"1.1 close then chunked",
     OK200 "Connection: close\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\n", 0, DONE,
     200, 0, "a", 0, NULL, NULL},

    /* Truncation at every stage */
    {"eof in status line", "HTTP/1.1 20", 1, TRUNC, -1, 0, "", 0, NULL, NULL},
    {"eof in reason", "HTTP/1.1 200 O", 1, TRUNC, -1, 0, "", 0, NULL, NULL},
    {"eof after status CR", "HTTP/1.1 200 OK\r", 1, TRUNC, -1, 0, "", 0, NULL, NULL},
    {"eof in header name", OK200 "Content-Le", 1, TRUNC, 200, 0, "", 0, NULL, NULL},
    {"eof in header value", OK200 "Content-Length: 1", 1, TRUNC, 200, 0, "", 0, NULL, NULL},
    {"eof before empty line", OK200 "Content-Length: 1\r\n", 1, TRUNC, 200, 0, "", 0, NULL, NULL},
    {"eof in final CRLF", OK200 "Content-Length: 1\r\n\r", 1, TRUNC, 200, 0, "", 0, NULL, NULL},
    {"eof before CL body", OK200 "Content-Length: 1\r\n\r\n", 1, TRUNC, 200, 0, "", 0, NULL, NULL},
    {"eof before first chunk", OK200 "Transfer-Encoding: chunked\r\n\r\n", 1, TRUNC, 200, 0, "", 0,
     NULL, NULL},
    {"eof in chunk size", OK200 "Transfer-Encoding: chunked\r\n\r\n1", 1, TRUNC, 200, 0, "", 0,
     NULL, NULL},
    {"eof in chunk ext", OK200 "Transfer-Encoding: chunked\r\n\r\n1;a", 1, TRUNC, 200, 0, "", 0,
     NULL, NULL},
    {"eof in chunk", OK200 "Transfer-Encoding: chunked\r\n\r\n3\r\nab", 1, TRUNC, 200, 0, "ab", 0,
     NULL, NULL},
    {"eof after chunk data", OK200 "Transfer-Encoding: chunked\r\n\r\n2\r\nab", 1, TRUNC, 200, 0,
     "ab", 0, NULL, NULL},
    {"eof before last chunk", OK200 "Transfer-Encoding: chunked\r\n\r\n2\r\nab\r\n", 1, TRUNC, 200,
     0, "ab", 0, NULL, NULL},
    {"eof after last chunk", OK200 "Transfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n", 1, TRUNC,
     200, 0, "ab", 0, NULL, NULL},
    {"eof in trailer", OK200 "Transfer-Encoding: chunked\r\n\r\n0\r\nX: y\r\n", 1, TRUNC, 200, 0,
     "", 0, NULL, NULL},
    {"eof in final CRLF of chunked", OK200 "Transfer-Encoding: chunked\r\n\r\n0\r\n\r", 1, TRUNC,
     200, 0, "", 0, NULL, NULL},
};

static void check_case(const rcase_t *c, const outcome_t *o)
{
    size_t len = strlen(c->in);
    if (o->rc != c->rc) {
        fail_msg("%s: rc %d, expected %d", c->name, o->rc, c->rc);
    }
    if (c->status >= 0 && o->status != c->status) {
        fail_msg("%s: status %d, expected %d", c->name, o->status, c->status);
    }
    if (o->ka != c->ka) {
        fail_msg("%s: keep_alive %d, expected %d", c->name, o->ka, c->ka);
    }
    if (c->rc == DONE && o->used != len - c->extra) {
        fail_msg("%s: used %zu, expected %zu", c->name, o->used, len - c->extra);
    }
    if (c->body && (o->body_len != strlen(c->body) ||
                    (o->body_len && memcmp(o->body, c->body, o->body_len)))) {
        fail_msg("%s: body '%.*s', expected '%s'", c->name, (int)o->body_len, (char *)o->body,
                 c->body);
    }
    if (c->rc >= 0) {
        const char *want[3] = {NULL, c->et, c->rid};
        int k;
        for (k = 1; k <= 2; k++) {
            if (o->val_set[k] != (want[k] != NULL)) {
                fail_msg("%s: header %d reported %d", c->name, k, o->val_set[k]);
            }
            if (want[k] &&
                (o->val_len[k] != strlen(want[k]) || memcmp(o->val[k], want[k], o->val_len[k]))) {
                fail_msg("%s: header %d '%.*s', expected '%s'", c->name, k, (int)o->val_len[k],
                         o->val[k], want[k]);
            }
        }
    }
}

static void test_table(void **state)
{
    size_t i;
    outcome_t *o = calloc(1, sizeof *o);
    (void)state;
    assert_non_null(o);
    for (i = 0; i < sizeof k_cases / sizeof k_cases[0]; i++) {
        const rcase_t *c = &k_cases[i];
        run_all((const uint8_t *)c->in, strlen(c->in), c->eof, 1, c->name, o);
        check_case(c, o);
        outcome_free(o);
    }
    free(o);
}

/* A message cut short anywhere is never success: every proper prefix of
 * every well-framed case ends in SSO_ERR_TRUNCATED at eof. */
static void test_every_prefix_truncated(void **state)
{
    size_t i, p;
    outcome_t *o = calloc(1, sizeof *o);
    (void)state;
    assert_non_null(o);
    for (i = 0; i < sizeof k_cases / sizeof k_cases[0]; i++) {
        const rcase_t *c = &k_cases[i];
        size_t len = strlen(c->in) - c->extra;
        if (c->rc != DONE || c->eof) {
            continue;
        }
        for (p = 0; p < len; p++) {
            memset(o, 0, sizeof *o);
            run((const uint8_t *)c->in, p, 0, 0, 1, o);
            if (o->rc != TRUNC) {
                fail_msg("%s: prefix %zu gave %d", c->name, p, o->rc);
            }
            outcome_free(o);
        }
    }
    free(o);
}

/* Feed's *used: the bytes after a complete message are left for the caller,
 * and a second feed with them answers DONE again without reading. */
static void test_used_leaves_extra_bytes(void **state)
{
    static const char in[] = OK200 "Content-Length: 2\r\n\r\nhiEXTRA";
    outcome_t o;
    sso_http_resp_t r;
    sso_http_sink_t sink = {&o, on_header, on_body};
    size_t used = 0;
    (void)state;
    memset(&o, 0, sizeof o);
    sso_http_resp_init(&r);
    assert_int_equal(sso_http_resp_feed(&r, (const uint8_t *)in, 10, &used, &sink), SSO_OK);
    assert_int_equal(used, 10);
    assert_int_equal(sso_http_resp_feed(&r, (const uint8_t *)in + 10, sizeof in - 11, &used, &sink),
                     DONE);
    assert_int_equal(10 + used, sizeof in - 1 - 5);
    assert_memory_equal(in + 10 + used, "EXTRA", 5);
    assert_int_equal(sso_http_resp_feed(&r, (const uint8_t *)"EXTRA", 5, &used, &sink), DONE);
    assert_int_equal(used, 0);
    assert_int_equal(r.keep_alive, 1);
    assert_int_equal(o.body_len, 2);
    outcome_free(&o);
}

/* Body counters are 32 bits (flash is dearer than 4 GiB responses): the
 * largest Content-Length accepted is 4,294,967,295; one more is refused. */
static void test_content_length_limit(void **state)
{
    static const char *const ok = OK200 "Content-Length: 4294967295\r\n\r\nabc";
    static const char *const big = OK200 "Content-Length: 4294967296\r\n\r\n";
    static const char *const huge = OK200 "Content-Length: 99999999999999999999\r\n\r\n";
    outcome_t o;
    sso_http_resp_t r;
    sso_http_sink_t sink = {&o, on_header, on_body};
    size_t used = 0;
    (void)state;
    memset(&o, 0, sizeof o);
    sso_http_resp_init(&r);
    assert_int_equal(sso_http_resp_feed(&r, (const uint8_t *)ok, strlen(ok), &used, &sink), SSO_OK);
    assert_int_equal(o.body_len, 3);
    assert_int_equal(sso_http_resp_eof(&r, &sink), SSO_ERR_TRUNCATED);
    outcome_free(&o);
    memset(&o, 0, sizeof o);
    sso_http_resp_init(&r);
    assert_int_equal(sso_http_resp_feed(&r, (const uint8_t *)big, strlen(big), &used, &sink),
                     SSO_ERR_FRAMING);
    sso_http_resp_init(&r);
    assert_int_equal(sso_http_resp_feed(&r, (const uint8_t *)huge, strlen(huge), &used, &sink),
                     SSO_ERR_FRAMING);
    outcome_free(&o);
}

/* on_body's error aborts the parse and sticks. */
static void test_body_abort(void **state)
{
    static const char *ins[] = {OK200 "Content-Length: 10\r\n\r\n0123456789",
                                OK200
                                "Transfer-Encoding: chunked\r\n\r\n5\r\n01234\r\n5\r\n56789\r\n"
                                "0\r\n\r\n",
                                OK200 "\r\n0123456789"};
    size_t i;
    outcome_t *o = calloc(1, sizeof *o);
    (void)state;
    assert_non_null(o);
    for (i = 0; i < 3; i++) {
        run_all((const uint8_t *)ins[i], strlen(ins[i]), 1, 1, "abort", o);
        assert_true(o->rc == DONE);
        outcome_free(o);
        memset(o, 0, sizeof *o);
        o->abort_at = 3;
        run((const uint8_t *)ins[i], strlen(ins[i]), 0, 1, 1, o);
        assert_int_equal(o->rc, SSO_ERR_ABORTED);
        assert_int_equal(o->body_len, 3);
        assert_int_equal(o->ka, 0);
        outcome_free(o);
    }
    free(o);
}

/* Body bytes go out in one call per contiguous run, not byte by byte. */
static void test_body_in_bulk(void **state)
{
    static char in[4096];
    outcome_t o;
    size_t n;
    (void)state;
    n = (size_t)snprintf(in, sizeof in, OK200 "Content-Length: 3000\r\n\r\n");
    memset(in + n, 'b', 3000);
    memset(&o, 0, sizeof o);
    run((const uint8_t *)in, n + 3000, 0, 0, 0, &o);
    assert_int_equal(o.rc, DONE);
    assert_int_equal(o.body_calls, 1);
    assert_int_equal(o.body_len, 3000);
    outcome_free(&o);

    memset(&o, 0, sizeof o);
    strcpy(in, OK200 "Transfer-Encoding: chunked\r\n\r\n400\r\n");
    n = strlen(in);
    memset(in + n, 'c', 1024);
    strcpy(in + n + 1024, "\r\n3;x=y\r\nabc\r\n0\r\n\r\n");
    run((const uint8_t *)in, strlen(in), 0, 0, 0, &o);
    assert_int_equal(o.rc, DONE);
    assert_int_equal(o.body_calls, 2);
    assert_int_equal(o.body_len, 1027);
    outcome_free(&o);

    memset(&o, 0, sizeof o); /* split inside a chunk: one call per side */
    run((const uint8_t *)in, strlen(in), n + 500, 0, 0, &o);
    assert_int_equal(o.rc, DONE);
    assert_int_equal(o.body_calls, 3);
    outcome_free(&o);
}

static char *grow(char *buf, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        *cap = (*len + n + 1) * 2;
        buf = realloc(buf, *cap);
        assert_non_null(buf);
    }
    memcpy(buf + *len, s, n);
    *len += n;
    buf[*len] = '\0';
    return buf;
}

static char *repeat(char *buf, size_t *len, size_t *cap, char ch, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++) {
        buf = grow(buf, len, cap, &ch, 1);
    }
    return buf;
}

/* A 100 KB header line, a value of interest with a 101-blank run inside
 * (the kinds of the last 16 blanks are kept exactly), a 4 KB value of
 * interest, a 100 KB chunk extension and a 100 KB trailer: no limit bites. */
static void test_huge_lines(void **state)
{
    char *b = NULL;
    size_t len = 0, cap = 0;
    outcome_t *o = calloc(1, sizeof *o);
    (void)state;
    assert_non_null(o);
    b = grow(b, &len, &cap, OK200 "X-Big: ", strlen(OK200 "X-Big: "));
    b = repeat(b, &len, &cap, 'v', 100 * 1024);
    b = grow(b, &len, &cap, "\r\nRequestId:  a", 15);
    b = repeat(b, &len, &cap, ' ', 100);
    b = grow(b, &len, &cap, "\tb  \r\nX-Amzn-ErrorType: ", 24);
    b = repeat(b, &len, &cap, 'e', VAL_MAX - 1);
    b = grow(b, &len, &cap, "\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=", 38);
    b = repeat(b, &len, &cap, 'x', 100 * 1024);
    b = grow(b, &len, &cap, "\r\nabc\r\n0\r\nX-Trailer: ", 21);
    b = repeat(b, &len, &cap, 't', 100 * 1024);
    b = grow(b, &len, &cap, "\r\n\r\n", 4);
    run_all((const uint8_t *)b, len, 0, 997, "huge lines", o);
    assert_int_equal(o->rc, DONE);
    assert_int_equal(o->used, len);
    assert_int_equal(o->ka, 1);
    assert_int_equal(o->body_len, 3);
    assert_int_equal(o->val_len[SSO_HDR_REQUEST_ID], 103);
    assert_int_equal(o->val[SSO_HDR_REQUEST_ID][0], 'a');
    assert_int_equal(o->val[SSO_HDR_REQUEST_ID][1], ' ');
    assert_int_equal(o->val[SSO_HDR_REQUEST_ID][101], '\t');
    assert_int_equal(o->val[SSO_HDR_REQUEST_ID][102], 'b');
    assert_int_equal(o->val_len[SSO_HDR_ERROR_TYPE], VAL_MAX - 1);
    outcome_free(o);
    free(o);
    free(b);
}

/* 5,000 header lines (the AWS CLI gives up past 100). */
static void test_many_headers(void **state)
{
    char *b = NULL, line[64];
    size_t len = 0, cap = 0;
    int k, n;
    outcome_t *o = calloc(1, sizeof *o);
    (void)state;
    assert_non_null(o);
    b = grow(b, &len, &cap, OK200, strlen(OK200));
    for (k = 0; k < 5000; k++) {
        n = snprintf(line, sizeof line, "X-Header-%d: value %d\r\n", k, k);
        b = grow(b, &len, &cap, line, (size_t)n);
        if (k == 2500) {
            b = grow(b, &len, &cap, "RequestId: mid\r\n", 16);
        }
    }
    b = grow(b, &len, &cap, "Content-Length: 4\r\n\r\nbody", 25);
    run_all((const uint8_t *)b, len, 0, 997, "many headers", o);
    assert_int_equal(o->rc, DONE);
    assert_int_equal(o->used, len);
    assert_int_equal(o->body_len, 4);
    assert_int_equal(o->val_len[SSO_HDR_REQUEST_ID], 3);
    assert_memory_equal(o->val[SSO_HDR_REQUEST_ID], "mid", 3);
    outcome_free(o);
    free(o);
    free(b);
}

/* A null byte cannot be written in the string table. */
static void test_nul_in_value(void **state)
{
    static const char in[] = OK200 "Foo: a\0b\r\nContent-Length: 0\r\n\r\n";
    static const char in2[] = OK200 "RequestId: a\0b\r\nContent-Length: 0\r\n\r\n";
    outcome_t o;
    (void)state;
    memset(&o, 0, sizeof o);
    run_all((const uint8_t *)in, sizeof in - 1, 1, 1, "nul", &o);
    assert_int_equal(o.rc, PROTO);
    memset(&o, 0, sizeof o);
    run_all((const uint8_t *)in2, sizeof in2 - 1, 1, 1, "nul2", &o);
    assert_int_equal(o.rc, PROTO);
}

static void test_state_is_small(void **state)
{
    (void)state;
    assert_true(sizeof(sso_http_resp_t) <= 32);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_every_prefix_truncated),
        cmocka_unit_test(test_used_leaves_extra_bytes),
        cmocka_unit_test(test_content_length_limit),
        cmocka_unit_test(test_body_abort),
        cmocka_unit_test(test_body_in_bulk),
        cmocka_unit_test(test_huge_lines),
        cmocka_unit_test(test_many_headers),
        cmocka_unit_test(test_nul_in_value),
        cmocka_unit_test(test_state_is_small),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
