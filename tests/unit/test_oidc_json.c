/* The splitter's root mode, which the flat OIDC responses use (PROTOCOL
 * §7): with an SSO_JSON_ROOT member first, the top-level object is one
 * item, whatever the pieces the body arrives in; it is mapped into
 * sso_token_t with an integer and unknown members (idToken, nested values)
 * skipped. A body larger than the item buffer, a body that is not an object
 * and trailing bytes are errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <tinysso/sso_login.h>

#include "sso_json_map.h"
#include "sso_json_split.h"

static const sso_json_field_t token_fields[] = {
    {"accessToken", (uint16_t)offsetof(sso_token_t, access_token),
     (uint16_t)sizeof(((sso_token_t *)0)->access_token), SSO_FIELD_STRING},
    {"refreshToken", (uint16_t)offsetof(sso_token_t, refresh_token),
     (uint16_t)sizeof(((sso_token_t *)0)->refresh_token), SSO_FIELD_STRING},
    {"expiresIn", (uint16_t)offsetof(sso_token_t, expires_in), 0, SSO_FIELD_INT64},
};

typedef struct rec {
    unsigned items;
    int idx;
    sso_token_t tok;
    uint32_t found;
    int map_rc;
} rec_t;

static char item[1024];
static jsmntok_t toks[32];

static int on_item(void *user, int idx, char *text, size_t len)
{
    rec_t *r = user;
    r->items++;
    r->idx = idx;
    memset(&r->tok, 0, sizeof r->tok);
    r->map_rc = sso_json_map(text, len, toks, 32, token_fields, 3, &r->tok, &r->found);
    return r->map_rc;
}

static int on_string(void *user, int idx, const char *p, size_t n)
{
    (void)user;
    (void)idx;
    (void)p;
    (void)n;
    fail_msg("no string member was named");
    return SSO_ERR_JSON;
}

/* Feeds body in pieces of `step` bytes (0: whole) and ends it. */
static int run(const char *body, size_t step, size_t cap, rec_t *r)
{
    sso_json_split_t s;
    static const sso_json_member_t root[] = {{"", SSO_JSON_ROOT, 0}};
    sso_json_sink_t sink = {r, root, 1, on_item, on_string};
    size_t len = strlen(body), off = 0;
    int rc = SSO_OK;
    memset(r, 0, sizeof *r);
    sso_json_split_init(&s, item, cap);
    while (rc == SSO_OK && off < len) {
        size_t n = step && step < len - off ? step : len - off;
        rc = sso_json_split_feed(&s, &sink, (const uint8_t *)body + off, n);
        off += n;
    }
    return rc == SSO_OK ? sso_json_split_end(&s) : rc;
}

static const char body[] = "{\"accessToken\":\"aoa\\u0041+/=\",\"tokenType\":\"Bearer\","
                           "\"expiresIn\":28800,\"refreshToken\":\"aor\",\"idToken\":\"eyJ...\","
                           "\"extra\":{\"nested\":[1,{\"accessToken\":\"no\"}]}}  \r\n";

static void test_whole_body_any_split(void **state)
{
    size_t step;
    (void)state;
    for (step = 0; step < sizeof body; step++) {
        rec_t r;
        assert_int_equal(run(body, step, sizeof item, &r), SSO_OK);
        assert_int_equal(r.items, 1);
        assert_int_equal(r.idx, 0);
        assert_int_equal(r.map_rc, SSO_OK);
        assert_string_equal(r.tok.access_token, "aoaA+/=");
        assert_string_equal(r.tok.refresh_token, "aor");
        assert_int_equal(r.tok.expires_in, 28800);
        assert_int_equal(r.found, 7);
    }
}

static void test_bad_bodies(void **state)
{
    rec_t r;
    (void)state;
    /* One byte less than the object: too large, never cut. */
    assert_int_equal(run(body, 0, strlen(body) - 5, &r), SSO_ERR_ITEM_TOO_LARGE);
    assert_int_equal(r.items, 0);
    assert_int_equal(run(body, 0, strlen(body) - 4, &r), SSO_OK);
    /* Leading whitespace. */
    assert_int_equal(run(" \n{\"accessToken\":\"t\"}", 0, sizeof item, &r), SSO_OK);
    assert_string_equal(r.tok.access_token, "t");
    assert_int_equal(run("[]", 0, sizeof item, &r), SSO_ERR_JSON);
    assert_int_equal(run("\"x\"", 0, sizeof item, &r), SSO_ERR_JSON);
    assert_int_equal(run("{} {}", 0, sizeof item, &r), SSO_ERR_JSON);
    assert_int_equal(run("{\"a\":1", 0, sizeof item, &r), SSO_ERR_JSON);
    assert_int_equal(r.items, 0);
    assert_int_equal(run("{\"accessToken\":1}", 0, sizeof item, &r), SSO_ERR_JSON);
    assert_int_equal(run("{}", 0, sizeof item, &r), SSO_OK);
    assert_int_equal(r.items, 1);
    assert_int_equal(r.found, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whole_body_any_split),
        cmocka_unit_test(test_bad_bodies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
