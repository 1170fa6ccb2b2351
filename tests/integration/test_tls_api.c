/* sso_tls_set_groups and sso_tls_session_export/import on bad input: a
 * refused call changes nothing and never crashes. (The round trip of a real
 * session, across processes, is tests/cli/cli_tls_cache_test.py.)
 *
 *   test_tls_api CA_FILE */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "sso_tls.h"

static const char *ca_file;
static sso_tls_t tls;
static sso_tls_session_blob_t blob;

static int never_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    (void)ctx;
    (void)host;
    (void)port;
    (void)timeout_ms;
    return SSO_ERR_CONNECT;
}

static const sso_transport_t inner = {.connect = never_connect};

static int setup(void **state)
{
    sso_tls_config_t cfg;
    (void)state;
    memset(&cfg, 0, sizeof cfg);
    cfg.ca_file = ca_file;
    return sso_tls_init(&tls, &inner, &cfg) == SSO_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sso_tls_free(&tls);
    return 0;
}

static void test_groups(void **state)
{
    static const uint16_t good[] = {SSO_TLS_GROUP_X25519, SSO_TLS_GROUP_SECP256R1, 0};
    static const uint16_t empty[] = {0};
    static const uint16_t too_long[] = {23, 24, 25, 29, 23, 24, 25, 29, 23, 0};
    static const uint16_t unknown[] = {0x7A7A, 0};
    sso_tls_group_entry_t before[SSO_TLS_MAX_GROUPS + 1];
    (void)state;
    assert_int_equal(sso_tls_set_groups(NULL, good), SSO_ERR_INVALID_ARG);
    assert_int_equal(sso_tls_set_groups(&tls, NULL), SSO_ERR_INVALID_ARG);
    assert_int_equal(sso_tls_set_groups(&tls, good), SSO_OK);
    memcpy(before, tls.groups, sizeof before);
    assert_int_equal(sso_tls_set_groups(&tls, empty), SSO_ERR_INVALID_ARG);
    assert_int_equal(sso_tls_set_groups(&tls, too_long), SSO_ERR_INVALID_ARG);
#if MBEDTLS_VERSION_NUMBER < 0x03000000
    assert_int_equal(sso_tls_set_groups(&tls, unknown), SSO_ERR_INVALID_ARG);
#else
    (void)unknown; /* 3.x takes any number and skips what it lacks */
#endif
    /* Refused lists left the accepted one in place. */
    assert_memory_equal(before, tls.groups, sizeof before);
}

static void test_export_without_session(void **state)
{
    (void)state;
    blob.len = 99;
    assert_int_equal(sso_tls_session_export(&tls, &blob), SSO_ERR_INVALID_ARG);
    assert_int_equal(blob.len, 0);
    assert_int_equal(sso_tls_session_export(NULL, &blob), SSO_ERR_INVALID_ARG);
    assert_int_equal(sso_tls_session_export(&tls, NULL), SSO_ERR_INVALID_ARG);
}

static void test_import_refuses_bad_data(void **state)
{
    (void)state;
    memset(&blob, 0, sizeof blob);
    strcpy(blob.host, "localhost");
    blob.port = 443;
    assert_int_equal(sso_tls_session_import(&tls, &blob), SSO_ERR_INVALID_ARG); /* len 0 */
    blob.len = sizeof blob.data + 1;
    assert_int_equal(sso_tls_session_import(&tls, &blob), SSO_ERR_INVALID_ARG);
    /* Garbage of every length up to 600 bytes: refused, nothing installed. */
    for (size_t len = 1; len <= 600; len++) {
        for (size_t i = 0; i < len; i++) {
            blob.data[i] = (unsigned char)(i * 37u + len);
        }
        blob.len = len;
        assert_int_equal(sso_tls_session_import(&tls, &blob), SSO_ERR_INVALID_ARG);
        assert_int_equal(tls.have_session, 0);
    }
    blob.len = 10;
    memset(blob.host, 'a', sizeof blob.host); /* no terminating NUL */
    assert_int_equal(sso_tls_session_import(&tls, &blob), SSO_ERR_INVALID_ARG);
    blob.host[0] = '\0';
    assert_int_equal(sso_tls_session_import(&tls, &blob), SSO_ERR_INVALID_ARG);
    assert_int_equal(sso_tls_session_import(NULL, &blob), SSO_ERR_INVALID_ARG);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_groups, setup, teardown),
        cmocka_unit_test_setup_teardown(test_export_without_session, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_refuses_bad_data, setup, teardown),
    };
    if (argc != 2) {
        fprintf(stderr, "usage: test_tls_api CA_FILE\n");
        return 2;
    }
    ca_file = argv[1];
    return cmocka_run_group_tests(tests, NULL, NULL);
}
