/* The JSON layer on the target: the streaming splitter finds list items and
 * string members in a body pushed in pieces of every size, jsmn tokenizes one
 * item, the table-driven mapping fills a struct (64-bit expiration on a 32-bit
 * CPU included), and invalid JSON that jsmn itself accepts is refused. */
#include <stddef.h>
#include <string.h>

#include <tinysso/tinysso.h>

#include "sso_fw.h"
#include "sso_json_map.h"
#include "sso_json_split.h"
#include "sso_ops.h"
#include "sso_json_unescape.h"

/* The tables the client uses (sso_ops.c). */
#define ACCOUNTS_MEMBERS sso_ops[SSO_OP_LIST_ACCOUNTS].members
#define ACCOUNT_FIELDS sso_ops[SSO_OP_LIST_ACCOUNTS].fields
#define CREDS_FIELDS sso_ops[SSO_OP_GET_ROLE_CREDENTIALS].fields

typedef struct collect {
    unsigned items;
    int map_status;
    sso_account_t last;
    char names[64];
    char next[64];
    size_t next_len;
    unsigned next_starts;
} collect_t;

static jsmntok_t toks[32];

static int on_item(void *user, int idx, char *text, size_t len)
{
    collect_t *c = (collect_t *)user;
    uint32_t found = 0;
    size_t n = strlen(c->names);
    SSO_CHECK_INT(idx, 0);
    memset(&c->last, 0, sizeof(c->last));
    c->map_status = sso_json_map(text, len, toks, 32, ACCOUNT_FIELDS, 3, &c->last, &found);
    if (c->map_status != SSO_OK) {
        return c->map_status;
    }
    c->items++;
    /* Remember each account name's first letter to check order. */
    if (n + 1 < sizeof(c->names)) {
        c->names[n] = c->last.account_name[0];
        c->names[n + 1] = '\0';
    }
    return SSO_OK;
}

static int on_string(void *user, int idx, const char *piece, size_t len)
{
    collect_t *c = (collect_t *)user;
    SSO_CHECK_INT(idx, 1);
    if (piece == NULL) {
        c->next_starts++;
        c->next_len = 0;
        return SSO_OK;
    }
    if (len > sizeof(c->next) - 1 - c->next_len) {
        return SSO_ERR_FIELD_TOO_LONG;
    }
    memcpy(c->next + c->next_len, piece, len);
    c->next_len += len;
    c->next[c->next_len] = '\0';
    return SSO_OK;
}

/* Splits body in pieces of step bytes with a capture buffer of cap bytes. */
static int split(const char *body, size_t step, size_t cap, collect_t *c)
{
    static char item[1024];
    sso_json_split_t s;
    sso_json_sink_t sink = {0};
    size_t off = 0, len = strlen(body);
    int st = SSO_OK;
    memset(c, 0, sizeof(*c));
    sink.user = c;
    sink.members = ACCOUNTS_MEMBERS;
    sink.n_members = 2;
    sink.on_item = on_item;
    sink.on_string = on_string;
    sso_json_split_init(&s, item, cap < sizeof(item) ? cap : sizeof(item));
    while (off < len && st == SSO_OK) {
        size_t k = len - off < step ? len - off : step;
        st = sso_json_split_feed(&s, &sink, (const uint8_t *)body + off, k);
        off += k;
    }
    return st == SSO_OK ? sso_json_split_end(&s) : st;
}

static const char page[] =
    "{\"accountList\":[{\"accountId\":\"111122223333\",\"accountName\":\"Alpha \\u00e9\","
    "\"emailAddress\":\"alpha@example.com\"},"
    "{\"emailAddress\":\"beta@example.com\",\"accountName\":\"Beta\",\"accountId\":"
    "\"444455556666\","
    "\"unknown\":{\"nested\":[1,2,{\"accountName\":\"NOT ME\"}]},\"flag\":null},"
    "{\"accountId\":\"777788889999\",\"accountName\":\"Gamma\",\"emailAddress\":null}],"
    "\"ignored\":[{\"accountList\":[]}],"
    "\"nextToken\":\"AAB+/=\\u0041z\"}";

void sso_fw_test_json(void)
{
    static const size_t steps[] = {1, 2, 3, 7, 64, sizeof(page)};
    static sso_role_credentials_t creds;
    collect_t c;
    size_t i;
    uint32_t found = 0;
    char text[96];

    for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        SSO_CHECK_INT(split(page, steps[i], 1024, &c), SSO_OK);
        SSO_CHECK_INT(c.items, 3);
        SSO_CHECK_STR(c.names, "ABG");
        SSO_CHECK_STR(c.next, "AAB+/=Az");
        SSO_CHECK_INT(c.next_starts, 1);
    }
    SSO_CHECK_STR(c.last.account_id, "777788889999");
    SSO_CHECK_STR(c.last.email_address, ""); /* null is absent */

    /* One item larger than the capture buffer: an error, not an overflow. */
    SSO_CHECK_INT(split(page, 5, 100, &c), SSO_ERR_ITEM_TOO_LARGE);

    /* Invalid JSON that jsmn accepts (PROTOCOL §9), anywhere in the body. */
    SSO_CHECK_INT(split("{\"a\"}", 1, 1024, &c), SSO_ERR_JSON);
    SSO_CHECK_INT(split("{\"a\":1,}", 1, 1024, &c), SSO_ERR_JSON);
    SSO_CHECK_INT(split("{\"accountList\":[{},]}", 1, 1024, &c), SSO_ERR_JSON);
    SSO_CHECK_INT(split("{\"a\":\"x\x01y\"}", 1, 1024, &c), SSO_ERR_JSON);
    SSO_CHECK_INT(split("{\"a\" :::: \"b\"}", 1, 1024, &c), SSO_ERR_JSON);
    SSO_CHECK_INT(split("{\"a\":1 \"b\":2}", 1, 1024, &c), SSO_ERR_JSON);
    SSO_CHECK_INT(split("{\"a\":[01]}", 1, 1024, &c), SSO_ERR_JSON);
    SSO_CHECK_INT(split("{\"a\":1}{\"b\":2}", 1, 1024, &c), SSO_ERR_JSON);
    SSO_CHECK_INT(split("{\"accountList\":[", 1, 1024, &c), SSO_ERR_JSON);
    SSO_CHECK_INT(split("", 1, 1024, &c), SSO_ERR_JSON);
    /* Nesting deeper than SSO_JSON_MAX_DEPTH, even in a skipped member. */
    for (i = 0; i < 40; i++) {
        text[5 + i] = '[';
        text[45 + i] = ']';
    }
    memcpy(text, "{\"x\":", 5);
    memcpy(text + 85, "}", 2);
    SSO_CHECK_INT(split(text, 3, 1024, &c), SSO_ERR_JSON);

    /* A wrong type for a mapped field is refused. */
    SSO_CHECK_INT(split("{\"accountList\":[{\"accountId\":12}]}", 4, 1024, &c), SSO_ERR_JSON);

    /* expiration: epoch milliseconds need 64 bits on a 32-bit CPU. */
    strcpy(text, "{\"expiration\":1651516560000}");
    SSO_CHECK_INT(sso_json_map(text, strlen(text), toks, 32, CREDS_FIELDS, 4, &creds, &found),
                  SSO_OK);
    SSO_CHECK(creds.expiration == (int64_t)1651516560000LL);
    SSO_CHECK_INT(found, 8); /* expiration is the fourth field */
    strcpy(text, "{\"expiration\":9223372036854775807}");
    SSO_CHECK_INT(sso_json_map(text, strlen(text), toks, 32, CREDS_FIELDS, 4, &creds, &found),
                  SSO_OK);
    SSO_CHECK(creds.expiration == INT64_MAX);
    strcpy(text, "{\"expiration\":9223372036854775808}");
    SSO_CHECK_INT(sso_json_map(text, strlen(text), toks, 32, CREDS_FIELDS, 4, &creds, &found),
                  SSO_ERR_JSON);
    /* integer-valued in exponent form: accepted; with a fraction: not */
    strcpy(text, "{\"expiration\":1.5e12}");
    SSO_CHECK_INT(sso_json_map(text, strlen(text), toks, 32, CREDS_FIELDS, 4, &creds, &found),
                  SSO_OK);
    SSO_CHECK(creds.expiration == (int64_t)1500000000000LL);
    strcpy(text, "{\"expiration\":1.5}");
    SSO_CHECK_INT(sso_json_map(text, strlen(text), toks, 32, CREDS_FIELDS, 4, &creds, &found),
                  SSO_ERR_JSON);
    /* Too few tokens for the item. */
    strcpy(text, "{\"a\":1,\"b\":2,\"expiration\":3}");
    SSO_CHECK_INT(sso_json_map(text, strlen(text), toks, 3, CREDS_FIELDS, 4, &creds, &found),
                  SSO_ERR_ITEM_TOO_LARGE);
}
