/* Conformance against llhttp's response test vectors (read at run time from
 * SSO_VECTORS_DIR, never copied here). For every strict-mode case: where
 * llhttp reports an error we must fail too; otherwise we must end the same
 * way (message complete, or cut short), with the same final status codes and
 * the same body bytes. Pipelined responses are fed to a fresh engine after
 * each DONE, as the client would on a kept-alive connection. Each case runs
 * whole and one byte per feed, and both runs must agree. */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>

#include <cmocka.h>

#include <tinysso/sso_status.h>

#include "sso_http_resp.h"

#define LL_DIR SSO_VECTORS_DIR "/llhttp/response"
#define MAX_MSGS 16

/* Where we differ from llhttp on purpose. Each entry says which way; the
 * test checks that the difference is still there (it fails if we start to
 * agree, so the list stays true). */
static const struct {
    const char *heading;
    int we_accept; /* 1: llhttp fails and we accept; 0: the reverse */
    const char *why;
} k_allow[] = {
    {"RTSP response", 0, "only HTTP/1.0 and HTTP/1.1 are accepted"},
    {"ICE response", 0, "only HTTP/1.0 and HTTP/1.1 are accepted"},
    {"HTTP version 0.9", 0, "only HTTP/1.0 and HTTP/1.1 are accepted"},
    {"`chunked` before other transfer-encoding", 0, "any coding but chunked is refused"},
    {"multiple transfer-encoding where chunked is not the last one", 0,
     "any coding but chunked is refused"},
    {"`chunkedchunked` transfer-encoding does not enable chunked enconding", 0,
     "any coding but chunked is refused"},
    {"Unbalanced chunk extensions quoting", 1,
     "quotes in chunk extensions are not tracked; a quoted-string cannot hold CR, so the size "
     "line ends at the same CRLF either way"},
};

typedef struct expect {
    int error; /* the log ends in an error */
    int n_msgs;
    struct {
        int status; /* -1 until headers complete */
        unsigned flags;
        int complete;
    } msg[MAX_MSGS];
    uint8_t *body;
    size_t body_len;
} expect_t;

typedef struct got {
    int final; /* DONE, or the error/truncation that ended the run */
    int statuses[MAX_MSGS];
    int n_statuses;
    uint8_t *body;
    size_t body_len, body_cap;
} got_t;

static int n_run, n_passed, n_allowed, n_skipped;

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n >= 0);
    rewind(f);
    buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* The md-test input rules (vectors/README.md): the block's lines joined
 * with LF (which drops the one trailing newline), backslash-newline joins,
 * LF becomes CRLF, then \r \n \t \f \xHH and octal escapes. */
static uint8_t *convert_input(const char *text, size_t n, size_t *out_len)
{
    char *joined = malloc(n + 1);
    uint8_t *out = malloc(2 * n + 1);
    size_t i, j = 0, k = 0;
    assert_non_null(joined);
    assert_non_null(out);
    for (i = 0; i < n; i++) {
        if (text[i] == '\\' && i + 1 < n && text[i + 1] == '\n') {
            i++;
            continue;
        }
        joined[j++] = text[i];
    }
    for (i = 0; i < j; i++) {
        char c = joined[i];
        if (c == '\n') {
            out[k++] = '\r';
            out[k++] = '\n';
        } else if (c == '\\' && i + 1 < j) {
            char e = joined[i + 1];
            if (e == 'r' || e == 'n' || e == 't' || e == 'f') {
                out[k++] = e == 'r' ? '\r' : e == 'n' ? '\n' : e == 't' ? '\t' : '\f';
                i++;
            } else if (e == 'x' && i + 3 < j && hexval(joined[i + 2]) >= 0 &&
                       hexval(joined[i + 3]) >= 0) {
                out[k++] = (uint8_t)(hexval(joined[i + 2]) * 16 + hexval(joined[i + 3]));
                i += 3;
            } else if (e >= '0' && e <= '7') {
                int v = 0, d = 0;
                while (d < 3 && i + 1 < j && joined[i + 1] >= '0' && joined[i + 1] <= '7') {
                    v = v * 8 + (joined[i + 1] - '0');
                    i++;
                    d++;
                }
                out[k++] = (uint8_t)v;
            } else {
                out[k++] = (uint8_t)c;
            }
        } else {
            out[k++] = (uint8_t)c;
        }
    }
    free(joined);
    *out_len = k;
    return out;
}

static void parse_log(const char *log, const uint8_t *in, size_t in_len, expect_t *e)
{
    const char *line = log;
    memset(e, 0, sizeof *e);
    e->body = malloc(in_len + 1);
    assert_non_null(e->body);
    while (*line) {
        const char *eol = strchr(line, '\n');
        unsigned long off = 0, len = 0;
        char buf[1024];
        const char *rest;
        size_t n;
        if (!eol) {
            eol = line + strlen(line);
        }
        n = (size_t)(eol - line) < sizeof buf ? (size_t)(eol - line) : sizeof buf - 1;
        memcpy(buf, line, n);
        buf[n] = '\0'; /* one line at a time */
        if (sscanf(buf, "off=%lu", &off) == 1 || strncmp(buf, "off=NULL", 8) == 0) {
            rest = strchr(buf, ' ');
            rest = rest ? rest + 1 : buf + n;
            if (strncmp(rest, "message begin", 13) == 0) {
                assert_true(e->n_msgs < MAX_MSGS);
                e->msg[e->n_msgs].status = -1;
                e->msg[e->n_msgs].flags = 0;
                e->msg[e->n_msgs].complete = 0;
                e->n_msgs++;
            } else if (strncmp(rest, "headers complete", 16) == 0 && e->n_msgs) {
                int st = -1;
                unsigned fl = 0;
                const char *s = strstr(rest, "status="), *f = strstr(rest, "flags=");
                if (s) {
                    st = atoi(s + 7);
                }
                if (f) {
                    fl = (unsigned)strtoul(f + 6, NULL, 16);
                }
                e->msg[e->n_msgs - 1].status = st;
                e->msg[e->n_msgs - 1].flags = fl;
            } else if (strncmp(rest, "message complete", 16) == 0 && e->n_msgs) {
                e->msg[e->n_msgs - 1].complete = 1;
            } else if (strncmp(rest, "error", 5) == 0) {
                e->error = 1;
            } else if (sscanf(rest, "len=%lu", &len) == 1 && strstr(rest, "span[body]")) {
                assert_true(off + len <= in_len);
                memcpy(e->body + e->body_len, in + off, len);
                e->body_len += len;
            }
        }
        line = *eol ? eol + 1 : eol;
    }
}

static int on_body(void *user, const uint8_t *data, size_t len)
{
    got_t *g = user;
    if (g->body_len + len > g->body_cap) {
        g->body_cap = (g->body_len + len) * 2;
        g->body = realloc(g->body, g->body_cap);
        assert_non_null(g->body);
    }
    memcpy(g->body + g->body_len, data, len);
    g->body_len += len;
    return SSO_OK;
}

/* One engine per response; a kept-alive connection's next bytes go to a
 * fresh engine, bytes after a "close" response are an error. */
static void run(const uint8_t *in, size_t len, size_t step, got_t *g)
{
    sso_http_sink_t sink = {g, NULL, on_body};
    sso_http_resp_t r;
    size_t off = 0, used;
    int rc;
    memset(g, 0, sizeof *g);
    for (;;) {
        sso_http_resp_init(&r);
        rc = SSO_OK;
        while (off < len && rc == SSO_OK) {
            size_t n = len - off;
            if (step && n > step) {
                n = step;
            }
            rc = sso_http_resp_feed(&r, in + off, n, &used, &sink);
            off += used;
        }
        if (rc == SSO_OK) {
            rc = sso_http_resp_eof(&r, &sink);
        }
        if (rc == SSO_HTTP_DONE) {
            assert_true(g->n_statuses < MAX_MSGS);
            g->statuses[g->n_statuses++] = r.status;
            if (off < len && !r.keep_alive) {
                rc = SSO_ERR_PROTOCOL; /* data after a response that closes */
            } else if (off < len) {
                continue;
            }
        }
        g->final = rc;
        return;
    }
}

static int allowed(const char *heading)
{
    int i;
    for (i = 0; i < (int)(sizeof k_allow / sizeof k_allow[0]); i++) {
        if (strcmp(heading, k_allow[i].heading) == 0) {
            return i;
        }
    }
    return -1;
}

/* Plain strict response cases only: lenient types, pause/skipBody callbacks
 * and ${...} inputs need llhttp's own harness. */
static int wanted(const char *meta, const char *input)
{
    const char *t = strstr(meta, "\"type\"");
    if (!t || strstr(meta, "pause") || strstr(meta, "skipBody") || strstr(input, "${")) {
        return 0;
    }
    t = strchr(t + 6, ':');
    if (!t) {
        return 0;
    }
    t++;
    while (*t == ' ') {
        t++;
    }
    return strncmp(t, "\"response\"", 10) == 0;
}

static void check_case(const char *file, const char *heading, const char *meta, const char *http,
                       size_t http_len, const char *log)
{
    size_t in_len, i;
    uint8_t *in;
    expect_t e;
    got_t g, g1;
    int want_final, want_st[MAX_MSGS], n_want = 0, ok = 1, a;

    if (!wanted(meta, http)) {
        n_skipped++;
        return;
    }
    n_run++;
    in = convert_input(http, http_len, &in_len);
    parse_log(log, in, in_len, &e);
    run(in, in_len, 0, &g);
    run(in, in_len, 1, &g1);
    if (g.final != g1.final || g.n_statuses != g1.n_statuses || g.body_len != g1.body_len ||
        (g.body_len && memcmp(g.body, g1.body, g.body_len))) {
        fail_msg("%s / %s: whole and bytewise runs differ", file, heading);
    }

    a = allowed(heading);
    if (a >= 0) {
        /* accepting = no parse error (this input may still be cut short) */
        int accepted = g.final == SSO_HTTP_DONE || g.final == SSO_ERR_TRUNCATED;
        if (accepted != k_allow[a].we_accept) {
            fail_msg("%s / %s: allow-listed (%s) but we returned %d", file, heading, k_allow[a].why,
                     g.final);
        }
        n_allowed++;
        n_passed++;
        goto out;
    }
    if (e.error) {
        if (g.final >= 0) {
            fail_msg("%s / %s: llhttp fails, we returned %d", file, heading, g.final);
        }
        n_passed++;
        goto out;
    }
    /* Final responses (1xx are skipped by us) that completed, plus a last
     * close-delimited one, which completes at eof. */
    want_final = SSO_HTTP_DONE;
    for (i = 0; i < (size_t)e.n_msgs; i++) {
        int st = e.msg[i].status;
        int last = i + 1 == (size_t)e.n_msgs;
        if (e.msg[i].complete) {
            if (st >= 200) {
                want_st[n_want++] = st;
            }
        } else if (last && st >= 200 && st != 204 && st != 304 && !(e.msg[i].flags & 0x228)) {
            want_st[n_want++] = st;
        } else if (last) {
            want_final = SSO_ERR_TRUNCATED;
        }
    }
    if (g.final != want_final) {
        ok = 0;
        print_error("%s / %s: ended with %d, expected %d\n", file, heading, g.final, want_final);
    }
    if (g.n_statuses != n_want ||
        (n_want && memcmp(g.statuses, want_st, (size_t)n_want * sizeof want_st[0]))) {
        ok = 0;
        print_error("%s / %s: %d statuses (first %d), expected %d (first %d)\n", file, heading,
                    g.n_statuses, g.n_statuses ? g.statuses[0] : 0, n_want,
                    n_want ? want_st[0] : 0);
    }
    if (g.body_len != e.body_len || (e.body_len && memcmp(g.body, e.body, e.body_len))) {
        ok = 0;
        print_error("%s / %s: body %zu bytes, expected %zu\n", file, heading, g.body_len,
                    e.body_len);
    }
    if (!ok) {
        fail_msg("%s / %s: mismatch", file, heading);
    }
    n_passed++;
out:
    free(g.body);
    free(g1.body);
    free(e.body);
    free(in);
}

/* Walks one .md file: heading, meta comment, ```http block, ```log block. */
static void run_file(const char *name)
{
    char path[sizeof(LL_DIR) + 258], heading[256] = "", meta[256] = "";
    size_t len;
    char *text, *line, *http = NULL, *log = NULL;
    size_t http_len = 0;
    int block = 0; /* 1: http, 2: log, 3: other */
    char *block_start = NULL;

    snprintf(path, sizeof path, "%s/%.255s", LL_DIR, name);
    text = read_file(path, &len);
    for (line = text; *line;) {
        char *eol = strchr(line, '\n');
        char *next = eol ? eol + 1 : line + strlen(line);
        if (block) {
            if (strncmp(line, "```", 3) == 0) {
                size_t n = (size_t)(line - block_start);
                /* the block's lines joined by LF: drop the last newline */
                if (n) {
                    n--;
                }
                if (block == 1) {
                    http = block_start;
                    http_len = n;
                } else if (block == 2 && http) {
                    log = block_start;
                    block_start[n] = '\0'; /* the log ends here */
                    http[http_len] = '\0';
                    check_case(name, heading, meta, http, http_len, log);
                    http = NULL;
                    meta[0] = '\0';
                }
                block = 0;
            }
        } else if (strncmp(line, "```", 3) == 0) {
            block = strncmp(line, "```http", 7) == 0 ? 1 : strncmp(line, "```log", 6) == 0 ? 2 : 3;
            block_start = next;
        } else if (line[0] == '#') {
            size_t n = eol ? (size_t)(eol - line) : strlen(line);
            char *h = line;
            while (*h == '#' || *h == ' ') {
                h++;
            }
            n -= (size_t)(h - line);
            if (n >= sizeof heading) {
                n = sizeof heading - 1;
            }
            memcpy(heading, h, n);
            heading[n] = '\0';
            while (n && (heading[n - 1] == ' ' || heading[n - 1] == '\r')) {
                heading[--n] = '\0';
            }
        } else if (strncmp(line, "<!-- meta=", 10) == 0) {
            size_t n = eol ? (size_t)(eol - line) : strlen(line);
            if (n >= sizeof meta) {
                n = sizeof meta - 1;
            }
            memcpy(meta, line, n);
            meta[n] = '\0';
        }
        line = next;
    }
    (void)log;
    free(text);
}

static void test_llhttp_responses(void **state)
{
    DIR *d = opendir(LL_DIR);
    struct dirent *de;
    char names[64][256];
    int n = 0, i, j;
    (void)state;
    if (!d) {
        printf("llhttp vectors not found at %s: skipped\n", LL_DIR);
        skip();
    }
    while ((de = readdir(d)) != NULL && n < 64) {
        size_t l = strlen(de->d_name);
        if (l > 3 && l < sizeof names[0] && strcmp(de->d_name + l - 3, ".md") == 0) {
            strcpy(names[n++], de->d_name);
        }
    }
    closedir(d);
    for (i = 1; i < n; i++) { /* a stable order for the log */
        for (j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char t[256];
            strcpy(t, names[j]);
            strcpy(names[j], names[j - 1]);
            strcpy(names[j - 1], t);
        }
    }
    for (i = 0; i < n; i++) {
        run_file(names[i]);
    }
    printf("llhttp response vectors: %d run, %d passed (%d documented differences), %d "
           "skipped\n",
           n_run, n_passed, n_allowed, n_skipped);
    assert_true(n_run > 0);
    assert_int_equal(n_passed, n_run);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_llhttp_responses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
