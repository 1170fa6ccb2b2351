/* The CONNECT tunnel (port/proxy) over the scripted transport: the request it
 * writes, the reply parser on good and bad replies, refusals, limits,
 * timeouts, tunnel bytes that arrive with the reply, and credential wiping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "sso_proxy.h"
#include "sso_script.h"

static sso_script_t script;
static sso_transport_t inner, tunnel;
static sso_platform_t clock_p;
static sso_proxy_t proxy;

static int feed_all(const char *text, uint16_t *status, size_t *used)
{
    sso_proxy_reply_t r;
    int rc = 0;
    size_t i;

    sso_proxy_reply_init(&r);
    for (i = 0; text[i] != '\0' && rc == 0; i++) {
        rc = sso_proxy_reply_feed(&r, (uint8_t)text[i]);
    }
    *status = r.status;
    *used = i;
    return rc;
}

/* Each reply: the parser's verdict, the status it read, and that it stopped
 * exactly at the header's end. */
static void test_reply_table(void **state)
{
    static const struct {
        const char *text;
        int rc;
        uint16_t status;
        size_t used; /* bytes consumed when rc != 0 */
    } cases[] = {
        {"HTTP/1.1 200 Connection established\r\n\r\n", 1, 200, 39},
        {"HTTP/1.0 200 OK\r\n\r\nTUNNEL", 1, 200, 19},
        {"HTTP/1.1 200\r\n\r\n", 1, 200, 16},
        {"HTTP/1.1 200 OK\n\n", 1, 200, 17},
        {"HTTP/1.1 204 No Content\r\nVia: x\r\nContent-Length: 5\r\n\r\nhello", 1, 204, 54},
        {"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic "
         "realm=\"x\"\r\n\r\n",
         1, 407, 83},
        {"HTTP/1.1 403 Forbidden\r\n\r\n", 1, 403, 26},
        {"HTTP/1.1 502 Bad Gateway\r\n\r\n", 1, 502, 28},
        {"HTTP/2 200\r\n\r\n", SSO_ERR_PROTOCOL, 0, 6},
        {"SSH-2.0-OpenSSH\r\n\r\n", SSO_ERR_PROTOCOL, 0, 1},
        {"HTTP/1.1 20 OK\r\n\r\n", SSO_ERR_PROTOCOL, 20, 12},
        {"HTTP/1.1 099 x\r\n\r\n", SSO_ERR_PROTOCOL, 0, 10},
        {"HTTP/1.1 2000 OK\r\n\r\n", SSO_ERR_PROTOCOL, 200, 13},
        {"HTTP/1.1 200 OK\rX\r\n\r\n", SSO_ERR_PROTOCOL, 200, 17},
        {"HTTP/1.1 200 OK\r\nBad\x01Header\r\n\r\n", SSO_ERR_PROTOCOL, 200, 21},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint16_t status;
        size_t used;
        int rc = feed_all(cases[i].text, &status, &used);
        print_message("case %zu: rc %d status %u used %zu\n", i, rc, (unsigned)status, used);
        assert_int_equal(rc, cases[i].rc);
        assert_int_equal(status, cases[i].status);
        assert_int_equal(used, cases[i].used);
    }
}

static void test_reply_limit_and_sticky(void **state)
{
    sso_proxy_reply_t r;
    const char *head = "HTTP/1.1 200 OK\r\nX: ";
    size_t i;
    int rc = 0;

    (void)state;
    sso_proxy_reply_init(&r);
    for (i = 0; head[i] != '\0'; i++) {
        assert_int_equal(sso_proxy_reply_feed(&r, (uint8_t)head[i]), 0);
    }
    /* A header line that never ends: refused at the limit, not read forever. */
    for (i = strlen(head); i < SSO_PROXY_REPLY_MAX + 10 && rc == 0; i++) {
        rc = sso_proxy_reply_feed(&r, 'a');
    }
    assert_int_equal(rc, SSO_ERR_PROTOCOL);
    assert_int_equal(i, SSO_PROXY_REPLY_MAX + 1);
    assert_int_equal(sso_proxy_reply_feed(&r, '\n'), SSO_ERR_PROTOCOL);
    /* Done is sticky too. */
    sso_proxy_reply_init(&r);
    for (i = 0; i < 19; i++) {
        rc = sso_proxy_reply_feed(&r, (uint8_t) "HTTP/1.1 200 OK\r\n\r\n"[i]);
    }
    assert_int_equal(rc, 1);
    assert_int_equal(sso_proxy_reply_feed(&r, 'x'), 1);
}

static int setup(void **state)
{
    (void)state;
    sso_script_init(&script);
    sso_script_transport(&script, &inner, 0);
    sso_script_platform(&script, &clock_p);
    return 0;
}

static void open_proxy(const char *user, const char *pass, int with_clock)
{
    sso_proxy_config_t cfg = {"proxy.corp", 3128, user, pass, with_clock ? &clock_p : NULL};
    assert_int_equal(sso_proxy_init(&proxy, &inner, &cfg), SSO_OK);
    sso_proxy_transport(&proxy, &tunnel);
}

static int all_zero(const void *p, size_t n)
{
    const unsigned char *b = p;
    while (n--) {
        if (*b++ != 0) {
            return 0;
        }
    }
    return 1;
}

static void test_tunnel_ok_keeps_early_bytes(void **state)
{
    static const char reply[] = "HTTP/1.1 200 Connection established\r\n\r\n\x16\x03\x03TLS";
    static const char want[] = "CONNECT portal.sso.us-east-1.amazonaws.com:443 HTTP/1.1\r\n"
                               "Host: portal.sso.us-east-1.amazonaws.com:443\r\n"
                               "Proxy-Authorization: Basic dXNlcjpwQHNzOndvcmQ=\r\n\r\n";
    uint8_t buf[64];
    int n;

    (void)state;
    sso_script_add_str(&script, reply);
    script.split = SSO_SCRIPT_SPLIT_RANDOM;
    open_proxy("user", "p@ss:word", 1);
    assert_int_equal(tunnel.secure, 0);
    assert_int_equal(tunnel.connect(tunnel.ctx, "portal.sso.us-east-1.amazonaws.com", 443, 1000),
                     SSO_OK);
    assert_string_equal(script.host, "proxy.corp");
    assert_int_equal(script.port, 3128);
    assert_int_equal(script.sent_len, strlen(want));
    assert_memory_equal(script.sent, want, strlen(want));
    assert_int_equal(proxy.reply_status, 200);
    /* The request buffer held the credentials: wiped once sent. */
    assert_true(all_zero(proxy.request, sizeof proxy.request));
    /* The bytes behind the reply belong to the tunnel. */
    n = tunnel.recv(tunnel.ctx, buf, sizeof buf, 1000);
    assert_true(n > 0);
    assert_memory_equal(buf, "\x16\x03\x03", 3);
    n = tunnel.send(tunnel.ctx, (const uint8_t *)"x", 1, 1000);
    assert_int_equal(n, 1);
    tunnel.close(tunnel.ctx);
    assert_int_equal(script.closes, 1);
    sso_proxy_free(&proxy);
    assert_true(all_zero(&proxy, sizeof proxy));
}

/* An idle tunnel is as reusable as the stream under it: bytes waiting or an
 * end of the inner stream make it stale, and a closed tunnel always is. */
static void test_stale_follows_inner(void **state)
{
    static const char reply[] = "HTTP/1.1 200 Connection established\r\n\r\n";
    (void)state;
    sso_script_add_str(&script, reply);
    open_proxy(NULL, NULL, 0);
    assert_non_null(tunnel.stale);
    assert_int_equal(tunnel.stale(tunnel.ctx), 1); /* closed: not reusable */
    assert_int_equal(tunnel.connect(tunnel.ctx, "h", 443, 1000), SSO_OK);
    /* The script's stream ended after the reply: the inner stale says so. */
    assert_int_equal(tunnel.stale(tunnel.ctx), 1);
    assert_true(script.stale_calls >= 1);
    inner.stale = NULL; /* an inner transport without the check: reusable */
    assert_int_equal(tunnel.stale(tunnel.ctx), 0);
    tunnel.close(tunnel.ctx);
    sso_proxy_free(&proxy);
}

static void test_ipv6_target_no_auth(void **state)
{
    static const char want[] = "CONNECT [::1]:8443 HTTP/1.1\r\nHost: [::1]:8443\r\n\r\n";

    (void)state;
    sso_script_add_str(&script, "HTTP/1.0 200 OK\r\n\r\n");
    open_proxy(NULL, NULL, 0);
    assert_int_equal(tunnel.connect(tunnel.ctx, "::1", 8443, 1000), SSO_OK);
    assert_int_equal(script.sent_len, strlen(want));
    assert_memory_equal(script.sent, want, strlen(want));
    sso_proxy_free(&proxy);
}

static void test_refusals(void **state)
{
    static const struct {
        const char *reply;
        int rc;
        int status;
    } cases[] = {
        {"HTTP/1.1 407 Proxy Authentication Required\r\n\r\n", SSO_ERR_CONNECT, 407},
        {"HTTP/1.1 403 Forbidden\r\nContent-Length: 3\r\n\r\nno\n", SSO_ERR_CONNECT, 403},
        {"HTTP/1.1 502 Bad Gateway\r\n\r\n", SSO_ERR_CONNECT, 502},
        {"HTTP/1.1 101 Switching\r\n\r\n", SSO_ERR_CONNECT, 101},
        {"garbage\r\n\r\n", SSO_ERR_PROTOCOL, 0},
        {"HTTP/1.1 200 OK\r\n", SSO_ERR_TRANSPORT, 200}, /* closed inside the reply */
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        setup(NULL);
        sso_script_add_str(&script, cases[i].reply);
        open_proxy("u", "p", 0);
        assert_int_equal(tunnel.connect(tunnel.ctx, "h.example", 443, 1000), cases[i].rc);
        assert_int_equal(proxy.reply_status, cases[i].status);
        /* A refused tunnel is closed at once and unusable. */
        assert_int_equal(script.closes, 1);
        assert_int_equal(tunnel.recv(tunnel.ctx, (uint8_t[4]){0}, 4, 10), SSO_ERR_TRANSPORT);
        sso_proxy_free(&proxy);
    }
}

static void test_inner_failures_pass_through(void **state)
{
    sso_script_conn_t *c;

    (void)state;
    c = sso_script_add_str(&script, "");
    c->connect_status = SSO_ERR_DNS;
    open_proxy(NULL, NULL, 0);
    assert_int_equal(tunnel.connect(tunnel.ctx, "h.example", 443, 1000), SSO_ERR_DNS);
    assert_int_equal(proxy.reply_status, 0);
    sso_proxy_free(&proxy);

    setup(NULL);
    c = sso_script_add_str(&script, "HTTP/1.1 200 OK\r\n");
    c->end_status = SSO_ERR_TIMEOUT;
    open_proxy(NULL, NULL, 0);
    assert_int_equal(tunnel.connect(tunnel.ctx, "h.example", 443, 1000), SSO_ERR_TIMEOUT);
    sso_proxy_free(&proxy);
}

/* With a clock, a proxy that drips its reply cannot hold connect past its
 * timeout: 100 ms per byte against 1 s gives up after about ten bytes. */
static void test_whole_reply_deadline(void **state)
{
    (void)state;
    sso_script_add_str(&script, "HTTP/1.1 200 Connection established\r\n\r\n");
    script.ms_per_recv = 100;
    open_proxy(NULL, NULL, 1);
    assert_int_equal(tunnel.connect(tunnel.ctx, "h.example", 443, 1000), SSO_ERR_TIMEOUT);
    assert_true(script.recv_calls <= 11);
    sso_proxy_free(&proxy);
}

static void test_bad_arguments(void **state)
{
    sso_proxy_config_t cfg = {"proxy", 8080, NULL, NULL, NULL};
    char big[SSO_PROXY_REQUEST_MAX];

    (void)state;
    assert_int_equal(sso_proxy_init(NULL, &inner, &cfg), SSO_ERR_INVALID_ARG);
    assert_int_equal(sso_proxy_init(&proxy, NULL, &cfg), SSO_ERR_INVALID_ARG);
    cfg.host = "";
    assert_int_equal(sso_proxy_init(&proxy, &inner, &cfg), SSO_ERR_INVALID_ARG);
    cfg.host = "pro\r\nxy";
    assert_int_equal(sso_proxy_init(&proxy, &inner, &cfg), SSO_ERR_INVALID_ARG);
    cfg.host = "proxy";
    cfg.port = 0;
    assert_int_equal(sso_proxy_init(&proxy, &inner, &cfg), SSO_ERR_INVALID_ARG);
    cfg.port = 8080;
    cfg.username = "user\n";
    assert_int_equal(sso_proxy_init(&proxy, &inner, &cfg), SSO_ERR_INVALID_ARG);
    /* Credentials that cannot fit a request: refused at init and not kept. */
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    cfg.username = big;
    assert_int_equal(sso_proxy_init(&proxy, &inner, &cfg), SSO_ERR_INVALID_ARG);
    assert_true(all_zero(&proxy, sizeof proxy));
    /* Credentials that fit alone but not with a long target: refused at
     * connect, before any byte reaches the network. */
    big[500] = '\0';
    assert_int_equal(sso_proxy_init(&proxy, &inner, &cfg), SSO_OK);
    sso_proxy_transport(&proxy, &tunnel);
    memset(big + 700, 'h', 250);
    big[950] = '\0';
    sso_script_add_str(&script, "HTTP/1.1 200 OK\r\n\r\n");
    assert_int_equal(tunnel.connect(tunnel.ctx, big + 700, 443, 1000), SSO_ERR_INVALID_ARG);
    assert_int_equal(script.connects, 0);
    assert_true(all_zero(proxy.request, sizeof proxy.request));
    assert_int_equal(tunnel.connect(tunnel.ctx, "a\rb", 443, 1000), SSO_ERR_INVALID_ARG);
    sso_proxy_free(&proxy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reply_table),
        cmocka_unit_test_setup(test_stale_follows_inner, setup),
        cmocka_unit_test(test_reply_limit_and_sticky),
        cmocka_unit_test_setup(test_tunnel_ok_keeps_early_bytes, setup),
        cmocka_unit_test_setup(test_ipv6_target_no_auth, setup),
        cmocka_unit_test_setup(test_refusals, setup),
        cmocka_unit_test_setup(test_inner_failures_pass_through, setup),
        cmocka_unit_test_setup(test_whole_reply_deadline, setup),
        cmocka_unit_test_setup(test_bad_arguments, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
