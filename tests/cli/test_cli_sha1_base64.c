/* SHA-1 against PROTOCOL §6's cache-name vectors and FIPS 180 examples;
 * base64 against RFC 4648 §10 and its strictness on bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cli_base64.h"
#include "cli_sha1.h"

static void expect_sha1(const char *msg, size_t len, const char *hex)
{
    char out[SSO_CLI_SHA1_HEX_LEN + 1];

    sso_cli_sha1_hex(msg, len, out);
    assert_string_equal(out, hex);
}

static void sha1_cache_vectors(void **state)
{
    (void)state;
    expect_sha1("https://d-92671207e4.awsapps.com/start", 38,
                "13f9d35043871d073ab260e020f0ffde092cb14b");
    expect_sha1("admin", 5, "d033e22ae348aeb5660fc2140aec35850c4da997");
}

static void sha1_fips_vectors(void **state)
{
    static char million[1000000];
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    (void)state;
    expect_sha1("", 0, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    expect_sha1("abc", 3, "a9993e364706816aba3e25717850c26c9cd0d89d");
    /* 56 bytes: the length no longer fits the first block's padding. */
    expect_sha1(two, strlen(two), "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    memset(million, 'a', sizeof million);
    expect_sha1(million, sizeof million, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

static void sha1_block_edges(void **state)
{
    /* 55, 56, 63, 64, 65 bytes hit every padding case; checked against
     * values computed by Python's hashlib. */
    static const struct {
        size_t n;
        const char *hex;
    } v[] = {
        {55, "c1c8bbdc22796e28c0e15163d20899b65621d65a"},
        {56, "c2db330f6083854c99d4b5bfb6e8f29f201be699"},
        {63, "03f09f5b158a7a8cdad920bddc29b81c18a551f5"},
        {64, "0098ba824b5c16427bd7a1122a5a442a25ec644d"},
        {65, "11655326c708d70319be2610e8a57d9a5b959d3b"},
    };
    char buf[65];
    size_t i;
    (void)state;
    memset(buf, 'a', sizeof buf);
    for (i = 0; i < sizeof v / sizeof v[0]; i++) {
        expect_sha1(buf, v[i].n, v[i].hex);
    }
}

static void base64_rfc4648(void **state)
{
    static const char *const plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    static const char *const coded[] = {"",         "Zg==",     "Zm8=",    "Zm9v",
                                        "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
    char enc[16];
    unsigned char dec[16];
    size_t i;
    (void)state;
    for (i = 0; i < 7; i++) {
        long n = sso_cli_base64_encode((const unsigned char *)plain[i], strlen(plain[i]), enc,
                                       sizeof enc);
        assert_int_equal(n, (long)strlen(coded[i]));
        assert_string_equal(enc, coded[i]);
        n = sso_cli_base64_decode(coded[i], strlen(coded[i]), dec, sizeof dec);
        assert_int_equal(n, (long)strlen(plain[i]));
        assert_memory_equal(dec, plain[i], (size_t)n);
    }
}

static void base64_all_bytes_round_trip(void **state)
{
    unsigned char in[256], back[256];
    char enc[SSO_CLI_BASE64_LEN(256) + 1];
    size_t len;
    (void)state;
    for (len = 0; len < sizeof in; len++) {
        in[len] = (unsigned char)(255 - len);
    }
    for (len = 0; len <= sizeof in; len += 17) {
        long n = sso_cli_base64_encode(in, len, enc, sizeof enc);
        assert_int_equal(n, (long)SSO_CLI_BASE64_LEN(len));
        assert_int_equal(sso_cli_base64_decode(enc, (size_t)n, back, sizeof back), (long)len);
        assert_memory_equal(in, back, len);
    }
}

static void base64_rejects(void **state)
{
    unsigned char out[16];
    char small[4];
    (void)state;
    assert_int_equal(sso_cli_base64_decode("Zg=", 3, out, sizeof out), -1);  /* length */
    assert_int_equal(sso_cli_base64_decode("Z===", 4, out, sizeof out), -1); /* padding */
    assert_int_equal(sso_cli_base64_decode("Zg=a", 4, out, sizeof out), -1); /* after pad */
    assert_int_equal(sso_cli_base64_decode("Zg==Zg==", 8, out, sizeof out), -1);
    assert_int_equal(sso_cli_base64_decode("Zm 9", 4, out, sizeof out), -1); /* alphabet */
    assert_int_equal(sso_cli_base64_decode("Zm-_", 4, out, sizeof out), -1); /* url-safe */
    assert_int_equal(sso_cli_base64_decode("Zm9vYmFy", 8, out, 5), -1);      /* room */
    assert_int_equal(sso_cli_base64_encode((const unsigned char *)"foo", 3, small, 4), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sha1_cache_vectors),
        cmocka_unit_test(sha1_fips_vectors),
        cmocka_unit_test(sha1_block_edges),
        cmocka_unit_test(base64_rfc4648),
        cmocka_unit_test(base64_all_bytes_round_trip),
        cmocka_unit_test(base64_rejects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
