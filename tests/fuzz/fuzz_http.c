/* The HTTP response engine on arbitrary bytes, fed in fuzzer-chosen pieces.
 *
 * Input: [max_chunk][seed][response bytes...]. Besides the sanitizers, the
 * oracle is split invariance: the same bytes fed whole must give the same
 * result, status, keep-alive decision, header values and body bytes. It
 * also checks the feed contract (used <= len, all input used unless the
 * message completed, results sticky after DONE or an error). */
#include <string.h>

#include "fuzz_common.h"
#include "sso_http_resp.h"
#include <tinysso/sso_status.h>

typedef struct trace {
    uint64_t hdr[3]; /* per header id: hash of value starts and bytes */
    uint64_t body;
    size_t body_len;
    int stop_at; /* on_body fails once body_len passes this (-1: never) */
} trace_t;

static void on_header(void *user, int id, const char *piece, size_t len)
{
    trace_t *t = (trace_t *)user;
    FUZZ_CHECK(id == SSO_HDR_ERROR_TYPE || id == SSO_HDR_REQUEST_ID);
    if (!piece) {
        t->hdr[id] = fuzz_hash(t->hdr[id], "\xff", 1);
        return;
    }
    FUZZ_CHECK(len > 0);
    t->hdr[id] = fuzz_hash(t->hdr[id], piece, len);
}

static int on_body(void *user, const uint8_t *data, size_t len)
{
    trace_t *t = (trace_t *)user;
    FUZZ_CHECK(len > 0);
    t->body = fuzz_hash(t->body, data, len);
    t->body_len += len;
    if (t->stop_at >= 0 && t->body_len > (size_t)t->stop_at) {
        return SSO_ERR_JSON;
    }
    return SSO_OK;
}

/* Runs the whole message through the engine; returns the final result. */
static int run(sso_http_resp_t *r, trace_t *t, const uint8_t *in, size_t len, fuzz_splitter_t *sp)
{
    sso_http_sink_t sink = {t, on_header, on_body};
    size_t off = 0;
    int rc = SSO_OK;
    sso_http_resp_init(r);
    while (off < len) {
        size_t n = fuzz_split_next(sp, len - off), used = 99999;
        rc = sso_http_resp_feed(r, in + off, n, &used, &sink);
        FUZZ_CHECK(used <= n);
        FUZZ_CHECK(rc == SSO_OK || rc == SSO_HTTP_DONE || rc < 0);
        if (rc != SSO_OK) {
            size_t again = 99999;
            /* sticky: the same result, no input read */
            FUZZ_CHECK(sso_http_resp_feed(r, in + off, n, &again, &sink) == rc);
            FUZZ_CHECK(again == 0 || (rc == SSO_HTTP_DONE && again == 0));
            break;
        }
        FUZZ_CHECK(used == n);
        off += n;
    }
    if (rc == SSO_OK) {
        rc = sso_http_resp_eof(r, &sink);
        FUZZ_CHECK(rc == SSO_HTTP_DONE || rc < 0);
        FUZZ_CHECK(sso_http_resp_eof(r, &sink) == rc);
    }
    if (rc == SSO_HTTP_DONE) {
        FUZZ_CHECK(r->status >= 200 && r->status <= 599);
    }
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sso_http_resp_t whole, split;
    trace_t tw, ts;
    fuzz_splitter_t sp;
    int rw, rs;
    if (size < 3) {
        return 0;
    }
    memset(&tw, 0, sizeof tw);
    memset(&ts, 0, sizeof ts);
    /* Some inputs also make on_body fail part way, so its status must
     * come back unchanged and stick. */
    tw.stop_at = ts.stop_at = (data[0] & 0x80) ? data[1] : -1;
    fuzz_split_init(&sp, 0, 0);
    rw = run(&whole, &tw, data + 2, size - 2, &sp);
    fuzz_split_init(&sp, data[0] & 0x7f, data[1]);
    rs = run(&split, &ts, data + 2, size - 2, &sp);
    FUZZ_CHECK(rw == rs);
    FUZZ_CHECK(whole.status == split.status);
    FUZZ_CHECK(memcmp(tw.hdr, ts.hdr, sizeof tw.hdr) == 0);
    if (rw == SSO_HTTP_DONE) {
        FUZZ_CHECK(whole.keep_alive == split.keep_alive);
    }
    if (tw.stop_at >= 0 && tw.body_len > (size_t)tw.stop_at) {
        /* The pieces decide how far the body got before the refusal. */
        FUZZ_CHECK(rw == SSO_ERR_JSON && ts.body_len > (size_t)ts.stop_at);
    } else {
        FUZZ_CHECK(tw.body_len == ts.body_len && tw.body == ts.body);
    }
    return 0;
}
