/* JSON string unescaping on the target. ARM's plain char is unsigned, unlike
 * x86's, so raw UTF-8 bytes and \u escapes are the cases that could differ
 * from the host; every case is also fed one byte per push to cross every
 * escape boundary. */
#include <string.h>

#include <tinysso/sso_status.h>

#include "sso_fw.h"
#include "sso_json_map.h"
#include "sso_json_split.h"
#include "sso_json_unescape.h"

/* Decodes in (whole, then byte by byte) into out; both ways must agree. */
static int decode(const char *in, char *out, size_t cap, size_t *out_len)
{
    sso_unescape_t u;
    char again[64];
    size_t n2 = 0, i, len = strlen(in);
    int st, st2 = SSO_OK;
    sso_unescape_init(&u);
    *out_len = 0;
    st = sso_unescape_push(&u, in, len, out, cap, out_len);
    if (st == SSO_OK) {
        st = sso_unescape_end(&u);
    }
    sso_unescape_init(&u);
    for (i = 0; i < len && st2 == SSO_OK; i++) {
        st2 =
            sso_unescape_push(&u, in + i, 1, again, cap < sizeof(again) ? cap : sizeof(again), &n2);
    }
    if (st2 == SSO_OK) {
        st2 = sso_unescape_end(&u);
    }
    SSO_CHECK_INT(st2, st);
    if (st == SSO_OK && st2 == SSO_OK) {
        SSO_CHECK(n2 == *out_len && memcmp(again, out, n2) == 0);
    }
    SSO_CHECK(*out_len <= cap);
    return st;
}

static void check_ok(const char *in, const char *want, size_t want_len)
{
    char out[64];
    size_t n = 0;
    SSO_CHECK_INT(decode(in, out, sizeof(out), &n), SSO_OK);
    SSO_CHECK_INT(n, want_len);
    SSO_CHECK(memcmp(out, want, want_len) == 0);
}

static void check_err(const char *in, int want)
{
    char out[64];
    size_t n = 0;
    SSO_CHECK_INT(decode(in, out, sizeof(out), &n), want);
}

void sso_fw_test_unescape(void)
{
    char out[8];
    size_t n = 0;
    sso_unescape_t u;

    check_ok("plain", "plain", 5);
    check_ok("a\\\"b\\\\c\\/d", "a\"b\\c/d", 7);
    check_ok("\\b\\f\\n\\r\\t", "\b\f\n\r\t", 5);
    check_ok("caf\\u00e9", "caf\xc3\xa9", 5);
    check_ok("\\u20AC", "\xe2\x82\xac", 3);
    /* A surrogate pair (U+1F600) becomes one 4-byte UTF-8 sequence. */
    check_ok("\\ud83d\\ude00", "\xf0\x9f\x98\x80", 4);
    /* Raw UTF-8 (bytes >= 0x80) passes through untouched. */
    check_ok("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9);
    check_ok("", "", 0);

    check_err("\\x41", SSO_ERR_JSON);
    check_err("\\u12G4", SSO_ERR_JSON);
    /* lone surrogates are valid JSON no C string can carry: their own status */
    check_err("\\ud83d", SSO_ERR_FIELD_INVALID);  /* high surrogate alone */
    check_err("\\ude00", SSO_ERR_FIELD_INVALID);  /* low surrogate alone */
    check_err("\\ud83dx", SSO_ERR_FIELD_INVALID); /* high surrogate then text */
    check_err("a\\u0000b", SSO_ERR_FIELD_INVALID);
    check_err("a\x01"
              "b",
              SSO_ERR_JSON);          /* raw control character */
    check_err("abc\\", SSO_ERR_JSON); /* escape cut by the end */
    check_err("\\u00", SSO_ERR_JSON);

    /* A full output is an error and never written past. */
    memset(out, 'X', sizeof(out));
    sso_unescape_init(&u);
    SSO_CHECK_INT(sso_unescape_push(&u, "abcdefgh", 8, out, 4, &n), SSO_ERR_FIELD_TOO_LONG);
    SSO_CHECK(n <= 4);
    SSO_CHECK(out[4] == 'X' && out[7] == 'X');
    /* A multi-byte sequence that does not fit entirely is refused too. */
    n = 0;
    memset(out, 'X', sizeof(out));
    sso_unescape_init(&u);
    SSO_CHECK_INT(sso_unescape_push(&u, "ab\\u20ac", 8, out, 4, &n), SSO_ERR_FIELD_TOO_LONG);
    SSO_CHECK(n <= 4);
    SSO_CHECK(out[4] == 'X');
}
