/* Endpoint resolution: the 40 official botocore cases, every partition in
 * every FIPS/dual-stack combination, region and URL validation, and bounded
 * output (no byte written past host_cap). The whole group runs twice: for
 * the portal host and for the OIDC host (PROTOCOL §7), whose rules are the
 * same with "oidc" where the portal has "portal.sso" (botocore's sso-oidc
 * rule set), so every expected portal host is rewritten to its OIDC twin. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

/* The test's own static jsmn, so it cannot clash with the core's copy. */
#define JSMN_STATIC
#include <jsmn.h>

#include "sso_endpoint.h"
#include "tinysso/sso_status.h"

#define VECTORS_FILE SSO_VECTORS_DIR "/aws-sso/botocore/sso.endpoint-tests-1.json"

/* The service under test, set by the group's setup. */
static const char *svc = SSO_SERVICE_PORTAL;

static int resolve(const char *region, int fips, int dual, const char *url, char *host, size_t cap,
                   uint16_t *port, int *tls)
{
    return sso_endpoint_host(svc, region, fips, dual, url, host, cap, port, tls);
}

/* The expected host (or https URL) for svc, from the portal's: its
 * "portal.sso" label becomes svc; hosts of custom URLs stay as they are. */
static const char *svc_want(const char *portal, char *buf, size_t cap)
{
    const char *scheme = strncmp(portal, "https://", 8) == 0 ? "https://" : "";
    const char *rest = portal + strlen(scheme);
    if (strncmp(rest, SSO_SERVICE_PORTAL, strlen(SSO_SERVICE_PORTAL)) != 0) {
        return portal;
    }
    snprintf(buf, cap, "%s%s%s", scheme, svc, rest + strlen(SSO_SERVICE_PORTAL));
    return buf;
}

/* Resolves and renders "scheme://host[:port]" the way the rule set prints
 * URLs: the port only when it is not the scheme's default, IPv6 in brackets. */
static int resolve_url(const char *region, int fips, int dual, const char *url, char *out,
                       size_t out_len)
{
    char host[256];
    uint16_t port = 0;
    int tls = -1;
    int rc = resolve(region, fips, dual, url, host, sizeof host, &port, &tls);
    int v6;

    if (rc != SSO_OK) {
        return rc;
    }
    assert_true(tls == 0 || tls == 1);
    assert_true(port != 0);
    assert_true(strlen(host) < sizeof host);
    v6 = strchr(host, ':') != NULL;
    if (port == (tls ? 443 : 80)) {
        snprintf(out, out_len, "%s://%s%s%s", tls ? "https" : "http", v6 ? "[" : "", host,
                 v6 ? "]" : "");
    } else {
        snprintf(out, out_len, "%s://%s%s%s:%u", tls ? "https" : "http", v6 ? "[" : "", host,
                 v6 ? "]" : "", (unsigned)port);
    }
    return rc;
}

/* ---- the botocore vectors ---- */

static char json_text[64 * 1024];
static jsmntok_t toks[4096];

/* Index of the token after the subtree rooted at i. */
static int skip_tok(int i)
{
    int end = i + 1;
    int k;

    for (k = 0; k < toks[i].size; k++) {
        end = skip_tok(end);
    }
    return end;
}

static int tok_is(int i, const char *s)
{
    size_t len = (size_t)(toks[i].end - toks[i].start);
    return strlen(s) == len && memcmp(json_text + toks[i].start, s, len) == 0;
}

/* Value index of member key in object obj, or -1. */
static int member(int obj, const char *key)
{
    int i = obj + 1;
    int k;

    if (obj < 0 || toks[obj].type != JSMN_OBJECT) {
        return -1;
    }
    for (k = 0; k < toks[obj].size; k++) {
        if (toks[i].type == JSMN_STRING && tok_is(i, key)) {
            return i + 1;
        }
        i = skip_tok(i + 1);
    }
    return -1;
}

static const char *tok_str(int i, char *buf, size_t cap)
{
    size_t len;

    if (i < 0) {
        return NULL;
    }
    assert_int_equal(toks[i].type, JSMN_STRING);
    len = (size_t)(toks[i].end - toks[i].start);
    assert_true(len < cap);
    memcpy(buf, json_text + toks[i].start, len);
    buf[len] = '\0';
    return buf;
}

static int tok_bool(int i)
{
    if (i < 0) {
        return 0;
    }
    assert_int_equal(toks[i].type, JSMN_PRIMITIVE);
    assert_true(tok_is(i, "true") || tok_is(i, "false"));
    return tok_is(i, "true");
}

static void test_botocore_vectors(void **state)
{
    FILE *f = fopen(VECTORS_FILE, "rb");
    jsmn_parser parser;
    size_t len;
    int ntok, cases, i, k, ran = 0, errors = 0;

    (void)state;
    if (f == NULL) {
        print_message("skipping: %s not found\n", VECTORS_FILE);
        skip();
    }
    len = fread(json_text, 1, sizeof json_text - 1, f);
    fclose(f);
    assert_true(len > 0 && len < sizeof json_text - 1);
    jsmn_init(&parser);
    ntok = jsmn_parse(&parser, json_text, len, toks, sizeof toks / sizeof toks[0]);
    assert_true(ntok > 0);
    cases = member(0, "testCases");
    assert_true(cases > 0);
    assert_int_equal(toks[cases].type, JSMN_ARRAY);

    for (i = cases + 1, k = 0; k < toks[cases].size; k++, i = skip_tok(i)) {
        char region_buf[80], url_buf[256], want_buf[256], got[300];
        int params = member(i, "params");
        int expect = member(i, "expect");
        const char *region = tok_str(member(params, "Region"), region_buf, sizeof region_buf);
        const char *url = tok_str(member(params, "Endpoint"), url_buf, sizeof url_buf);
        int fips = tok_bool(member(params, "UseFIPS"));
        int dual = tok_bool(member(params, "UseDualStack"));
        int ep = member(member(expect, "endpoint"), "url");
        int rc = resolve_url(region, fips, dual, url, got, sizeof got);

        assert_true(expect > 0);
        if (ep > 0) {
            char portal_want[256], svc_buf[256];
            tok_str(ep, portal_want, sizeof portal_want);
            snprintf(want_buf, sizeof want_buf, "%s",
                     svc_want(portal_want, svc_buf, sizeof svc_buf));
            if (rc != SSO_OK) {
                fail_msg("case %d (%s fips=%d dual=%d url=%s): status %d, want %s", k,
                         region ? region : "(none)", fips, dual, url ? url : "-", rc, want_buf);
            }
            assert_string_equal(got, want_buf);
        } else {
            assert_true(member(expect, "error") > 0);
            if (rc != SSO_ERR_ENDPOINT) {
                fail_msg("case %d (%s fips=%d dual=%d url=%s): status %d, want an error", k,
                         region ? region : "(none)", fips, dual, url ? url : "-", rc);
            }
            errors++;
        }
        ran++;
    }
    assert_int_equal(ran, 40);
    assert_int_equal(errors, 3);
}

/* ---- partitions ---- */

struct partition_case {
    const char *region;
    const char *plain, *fips, *dual, *both;
};

/* Expected hosts written from the partition table of PROTOCOL §1. */
static const struct partition_case partition_cases[] = {
    {"us-east-1", "portal.sso.us-east-1.amazonaws.com", "portal.sso-fips.us-east-1.amazonaws.com",
     "portal.sso.us-east-1.api.aws", "portal.sso-fips.us-east-1.api.aws"},
    {"il-central-1", "portal.sso.il-central-1.amazonaws.com",
     "portal.sso-fips.il-central-1.amazonaws.com", "portal.sso.il-central-1.api.aws",
     "portal.sso-fips.il-central-1.api.aws"},
    /* Unknown prefixes fall back to aws, as botocore does. */
    {"xx-future-9", "portal.sso.xx-future-9.amazonaws.com",
     "portal.sso-fips.xx-future-9.amazonaws.com", "portal.sso.xx-future-9.api.aws",
     "portal.sso-fips.xx-future-9.api.aws"},
    {"us-isoz-east-1", "portal.sso.us-isoz-east-1.amazonaws.com",
     "portal.sso-fips.us-isoz-east-1.amazonaws.com", "portal.sso.us-isoz-east-1.api.aws",
     "portal.sso-fips.us-isoz-east-1.api.aws"},
    {"cn", "portal.sso.cn.amazonaws.com", "portal.sso-fips.cn.amazonaws.com",
     "portal.sso.cn.api.aws", "portal.sso-fips.cn.api.aws"},
    {"cn-northwest-1", "portal.sso.cn-northwest-1.amazonaws.com.cn",
     "portal.sso-fips.cn-northwest-1.amazonaws.com.cn",
     "portal.sso.cn-northwest-1.api.amazonwebservices.com.cn",
     "portal.sso-fips.cn-northwest-1.api.amazonwebservices.com.cn"},
    /* aws-us-gov: FIPS alone keeps the plain host. */
    {"us-gov-west-1", "portal.sso.us-gov-west-1.amazonaws.com",
     "portal.sso.us-gov-west-1.amazonaws.com", "portal.sso.us-gov-west-1.api.aws",
     "portal.sso-fips.us-gov-west-1.api.aws"},
    {"us-iso-west-1", "portal.sso.us-iso-west-1.c2s.ic.gov",
     "portal.sso-fips.us-iso-west-1.c2s.ic.gov", "portal.sso.us-iso-west-1.api.aws.ic.gov",
     "portal.sso-fips.us-iso-west-1.api.aws.ic.gov"},
    {"us-isob-east-1", "portal.sso.us-isob-east-1.sc2s.sgov.gov",
     "portal.sso-fips.us-isob-east-1.sc2s.sgov.gov", "portal.sso.us-isob-east-1.api.aws.scloud",
     "portal.sso-fips.us-isob-east-1.api.aws.scloud"},
    {"us-isof-south-1", "portal.sso.us-isof-south-1.csp.hci.ic.gov",
     "portal.sso-fips.us-isof-south-1.csp.hci.ic.gov",
     "portal.sso.us-isof-south-1.api.aws.hci.ic.gov",
     "portal.sso-fips.us-isof-south-1.api.aws.hci.ic.gov"},
    {"eu-isoe-west-1", "portal.sso.eu-isoe-west-1.cloud.adc-e.uk",
     "portal.sso-fips.eu-isoe-west-1.cloud.adc-e.uk",
     "portal.sso.eu-isoe-west-1.api.cloud-aws.adc-e.uk",
     "portal.sso-fips.eu-isoe-west-1.api.cloud-aws.adc-e.uk"},
    /* eu-iso (no "e-") is not the ISO-E prefix. */
    {"eu-iso-1", "portal.sso.eu-iso-1.amazonaws.com", "portal.sso-fips.eu-iso-1.amazonaws.com",
     "portal.sso.eu-iso-1.api.aws", "portal.sso-fips.eu-iso-1.api.aws"},
    {"eusc-de-east-1", "portal.sso.eusc-de-east-1.amazonaws.eu",
     "portal.sso-fips.eusc-de-east-1.amazonaws.eu",
     "portal.sso.eusc-de-east-1.api.amazonwebservices.eu",
     "portal.sso-fips.eusc-de-east-1.api.amazonwebservices.eu"},
};

static void expect_host(const char *region, int fips, int dual, const char *portal_want)
{
    char host[256], buf[256];
    const char *want = svc_want(portal_want, buf, sizeof buf);
    uint16_t port = 0;
    int tls = 0;
    int rc = resolve(region, fips, dual, NULL, host, sizeof host, &port, &tls);

    if (rc != SSO_OK) {
        fail_msg("%s fips=%d dual=%d: status %d, want %s", region, fips, dual, rc, want);
    }
    assert_string_equal(host, want);
    assert_int_equal(port, 443);
    assert_int_equal(tls, 1);
}

static void test_partitions(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < sizeof partition_cases / sizeof partition_cases[0]; i++) {
        const struct partition_case *c = &partition_cases[i];
        expect_host(c->region, 0, 0, c->plain);
        expect_host(c->region, 1, 0, c->fips);
        expect_host(c->region, 0, 1, c->dual);
        expect_host(c->region, 1, 1, c->both);
        /* An empty URL means no URL. */
        {
            char host[256], want[256];
            uint16_t port;
            int tls;
            assert_int_equal(resolve(c->region, 0, 0, "", host, sizeof host, &port, &tls), SSO_OK);
            assert_string_equal(host, svc_want(c->plain, want, sizeof want));
        }
    }
}

/* ---- region validation ---- */

static void expect_endpoint_error(const char *region, int fips, int dual, const char *url)
{
    char host[256]; /* room for any host: only the rules may refuse */
    uint16_t port = 7;
    int tls = 7;
    int rc;

    memset(host, 'x', sizeof host);
    rc = resolve(region, fips, dual, url, host, sizeof host, &port, &tls);
    if (rc != SSO_ERR_ENDPOINT) {
        fail_msg("region=%s fips=%d dual=%d url=%s: status %d, want SSO_ERR_ENDPOINT",
                 region ? region : "(null)", fips, dual, url ? url : "(null)", rc);
    }
    /* Never a half-built host left looking like a valid one. */
    assert_int_equal(host[0], '\0');
}

static void test_invalid_regions(void **state)
{
    char r64[65];
    char r63[64];
    static const char *const bad[] = {
        "",
        "US-EAST-1",
        "Us-east-1",
        "us_east_1",
        "us-east-1.evil.com",
        "a/b",
        "a b",
        "us-east-1\n",
        "\x01",
        "us-east-1:443",
        "us-east-1@evil",
        "\xc3\xa9u-west-1",
    };
    size_t i;
    int fd;

    (void)state;
    memset(r64, 'a', 64);
    r64[64] = '\0';
    memset(r63, 'a', 63);
    r63[63] = '\0';
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        for (fd = 0; fd < 4; fd++) {
            expect_endpoint_error(bad[i], fd & 1, fd >> 1, NULL);
        }
        /* Rejected before anything, even next to a valid URL. */
        expect_endpoint_error(bad[i], 0, 0, "https://example.com");
    }
    expect_endpoint_error(r64, 0, 0, NULL);
    expect_endpoint_error(r64, 0, 0, "https://example.com");
    /* 63 characters is the longest label, and is accepted. */
    {
        char want[128];
        snprintf(want, sizeof want, "portal.sso.%s.amazonaws.com", r63);
        expect_host(r63, 0, 0, want);
    }
    /* No region and no URL: "Missing Region", whatever the flags. */
    for (fd = 0; fd < 4; fd++) {
        expect_endpoint_error(NULL, fd & 1, fd >> 1, NULL);
        expect_endpoint_error(NULL, fd & 1, fd >> 1, "");
    }
}

/* ---- URL overrides ---- */

struct url_case {
    const char *url;
    const char *host;
    unsigned port;
    int tls;
};

static const struct url_case good_urls[] = {
    {"https://example.com", "example.com", 443, 1},
    {"https://example.com/", "example.com", 443, 1},
    {"https://Portal.Example-1.com:443", "Portal.Example-1.com", 443, 1},
    {"https://127.0.0.1:8443", "127.0.0.1", 8443, 1},
    {"http://127.0.0.1:8080", "127.0.0.1", 8080, 0},
    {"http://localhost:1/", "localhost", 1, 0},
    {"https://h:65535", "h", 65535, 1},
    {"http://[::1]:8080/", "::1", 8080, 0},
    {"https://[::1]", "::1", 443, 1},
    {"https://[fe80::1:AbCd]:9", "fe80::1:AbCd", 9, 1},
    {"https://[::ffff:10.0.0.1]/", "::ffff:10.0.0.1", 443, 1},
    /* A path prefix, and the scheme in any case. */
    {"https://h/path", "h", 443, 1},
    {"https://h//", "h", 443, 1},
    {"HTTPS://h:8443/a/b-c_d~e%20/", "h", 8443, 1},
    {"Http://127.0.0.1:1/pre", "127.0.0.1", 1, 0},
};

static const char *const bad_urls[] = {
    "ftp://x",
    "https://a@b",
    "https://user:pw@b",
    "https://h:99999",
    "https://h:65536",
    "https://h:123456",
    "https://h:0",
    "https://h:",
    "https://h:/",
    "https://h:8a",
    "https://h:-1",
    "https://h: 80",
    "http://h",
    "http://h/",
    "http://h:0",
    "https://",
    "https:///",
    "https://:443",
    "https://h/pa th",
    "https://h/p\x7f",
    "https://h?x=1",
    "https://h#frag",
    "https://h_x",
    "https://h x",
    "https://h\n",
    "https://[::1",
    "https://[]",
    "https://[::1]x",
    "https://[g::1]",
    "https://[::1]:",
    "http://[::1]",
    "https:/h",
    "https//h",
    "httpss://h",
    "https:h",
    "h:443",
    "//h",
};

static void test_url_overrides(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < sizeof good_urls / sizeof good_urls[0]; i++) {
        const struct url_case *c = &good_urls[i];
        char host[256];
        uint16_t port = 0;
        int tls = -1;
        int rc;

        /* A valid region or none at all: the URL is used as is. */
        rc = resolve(NULL, 0, 0, c->url, host, sizeof host, &port, &tls);
        if (rc != SSO_OK) {
            fail_msg("%s: status %d", c->url, rc);
        }
        assert_string_equal(host, c->host);
        assert_int_equal(port, c->port);
        assert_int_equal(tls, c->tls);
        memset(host, 0, sizeof host);
        assert_int_equal(resolve("cn-north-1", 0, 0, c->url, host, sizeof host, &port, &tls),
                         SSO_OK);
        assert_string_equal(host, c->host);
        /* FIPS or dual-stack with a custom endpoint is a configuration error. */
        expect_endpoint_error("us-east-1", 1, 0, c->url);
        expect_endpoint_error("us-east-1", 0, 1, c->url);
        expect_endpoint_error(NULL, 1, 1, c->url);
    }
    for (i = 0; i < sizeof bad_urls / sizeof bad_urls[0]; i++) {
        expect_endpoint_error("us-east-1", 0, 0, bad_urls[i]);
        expect_endpoint_error(NULL, 0, 0, bad_urls[i]);
    }
}

/* ---- bounded output ---- */

/* Every capacity from 0 to exactly enough: too small fails cleanly and
 * never touches the byte at host[cap]; exactly enough succeeds. */
static void check_caps(const char *region, int fips, int dual, const char *url,
                       const char *portal_want)
{
    char buf[300], wbuf[256];
    const char *want = svc_want(portal_want, wbuf, sizeof wbuf);
    size_t need = strlen(want) + 1;
    size_t cap;

    assert_true(need < sizeof buf);
    for (cap = 0; cap <= need; cap++) {
        uint16_t port = 0;
        int tls = 0;
        int rc;

        memset(buf, 0x5a, sizeof buf);
        rc = resolve(region, fips, dual, url, buf, cap, &port, &tls);
        assert_int_equal((unsigned char)buf[cap], 0x5a);
        if (cap < need) {
            assert_int_equal(rc, SSO_ERR_ENDPOINT);
            if (cap > 0) {
                assert_int_equal(buf[0], '\0');
            }
        } else {
            assert_int_equal(rc, SSO_OK);
            assert_string_equal(buf, want);
        }
    }
}

static void test_host_capacity(void **state)
{
    (void)state;
    check_caps("us-east-1", 0, 0, NULL, "portal.sso.us-east-1.amazonaws.com");
    check_caps("cn-north-1", 1, 1, NULL, "portal.sso-fips.cn-north-1.api.amazonwebservices.com.cn");
    check_caps("us-gov-west-1", 1, 0, NULL, "portal.sso.us-gov-west-1.amazonaws.com");
    check_caps(NULL, 0, 0, "https://example.com:8443/", "example.com");
    check_caps(NULL, 0, 0, "http://[::1]:8080", "::1");
}

static void test_null_outputs(void **state)
{
    char host[128];
    uint16_t port;
    int tls;

    (void)state;
    assert_int_equal(resolve("us-east-1", 0, 0, NULL, NULL, sizeof host, &port, &tls),
                     SSO_ERR_INVALID_ARG);
    assert_int_equal(resolve("us-east-1", 0, 0, NULL, host, sizeof host, NULL, &tls),
                     SSO_ERR_INVALID_ARG);
    assert_int_equal(resolve("us-east-1", 0, 0, NULL, host, sizeof host, &port, NULL),
                     SSO_ERR_INVALID_ARG);
    assert_int_equal(resolve(NULL, 0, 0, "https://h", NULL, sizeof host, &port, &tls),
                     SSO_ERR_INVALID_ARG);
    assert_int_equal(
        sso_endpoint_host(NULL, "us-east-1", 0, 0, NULL, host, sizeof host, &port, &tls),
        SSO_ERR_INVALID_ARG);
}

/* The two services side by side, so a rewrite bug in svc_want cannot make
 * both groups pass by testing the same thing. */
static void test_services_differ(void **state)
{
    char a[128], b[128];
    uint16_t port;
    int tls;
    (void)state;
    assert_int_equal(sso_endpoint_resolve("eu-west-1", 1, 0, NULL, a, sizeof a, &port, &tls),
                     SSO_OK);
    assert_string_equal(a, "portal.sso-fips.eu-west-1.amazonaws.com");
    assert_int_equal(
        sso_endpoint_host(SSO_SERVICE_OIDC, "eu-west-1", 1, 0, NULL, b, sizeof b, &port, &tls),
        SSO_OK);
    assert_string_equal(b, "oidc-fips.eu-west-1.amazonaws.com");
    assert_int_equal(
        sso_endpoint_host(SSO_SERVICE_OIDC, "us-gov-east-1", 1, 0, NULL, b, sizeof b, &port, &tls),
        SSO_OK);
    assert_string_equal(b, "oidc.us-gov-east-1.amazonaws.com");
    assert_int_equal(
        sso_endpoint_host(SSO_SERVICE_OIDC, "cn-north-1", 0, 1, NULL, b, sizeof b, &port, &tls),
        SSO_OK);
    assert_string_equal(b, "oidc.cn-north-1.api.amazonwebservices.com.cn");
}

static int use_portal(void **state)
{
    (void)state;
    svc = SSO_SERVICE_PORTAL;
    return 0;
}

static int use_oidc(void **state)
{
    (void)state;
    svc = SSO_SERVICE_OIDC;
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_botocore_vectors), cmocka_unit_test(test_partitions),
        cmocka_unit_test(test_invalid_regions),  cmocka_unit_test(test_url_overrides),
        cmocka_unit_test(test_host_capacity),    cmocka_unit_test(test_null_outputs),
    };
    const struct CMUnitTest both[] = {cmocka_unit_test(test_services_differ)};
    int failed = cmocka_run_group_tests_name("portal", tests, use_portal, NULL);
    failed += cmocka_run_group_tests_name("oidc", tests, use_oidc, NULL);
    return failed + cmocka_run_group_tests_name("services", both, NULL, NULL);
}
