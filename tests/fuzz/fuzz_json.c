/* The JSON layer on arbitrary bodies: the streaming splitter with the member
 * table of each operation (and of error bodies), the field mapping of every
 * item through jsmn with the operation's field table, and the unescaper.
 *
 * Input: [sel][max_chunk][seed][body...]. sel picks the operation (low 2
 * bits), the item buffer size and the jsmn token count. Oracles besides the
 * sanitizers: split invariance (the same body fed whole and in pieces gives
 * the same items, strings, mapped fields and result), mapped strings always
 * NUL-terminated inside their field, callbacks only for members of the
 * right kind, and items never longer than the item buffer. */
#include <string.h>

#include "fuzz_common.h"
#include "sso_json_map.h"
#include "sso_json_split.h"
#include "sso_ops.h"
#include "sso_service_error.h"
#include "sso_json_unescape.h"
#include <tinysso/tinysso.h>

/* The tables the client uses: the operations' (sso_ops.c) and the error
 * bodies' (sso_service_error.c). */
typedef struct op {
    const sso_json_member_t *members;
    uint8_t n_members;
    const sso_json_field_t *fields;
    uint8_t n_fields;
    size_t dst_size;
} op_t;

static op_t ops[4];

static void ops_init(void)
{
    static const unsigned ids[3] = {SSO_OP_GET_ROLE_CREDENTIALS, SSO_OP_LIST_ACCOUNTS,
                                    SSO_OP_LIST_ACCOUNT_ROLES};
    static const size_t sizes[3] = {sizeof(sso_role_credentials_t), sizeof(sso_account_t),
                                    sizeof(sso_role_t)};
    unsigned i;
    for (i = 0; i < 3; i++) {
        const sso_op_t *o = &sso_ops[ids[i]];
        ops[i].members = o->members;
        ops[i].n_members = o->n_members;
        ops[i].fields = o->fields;
        ops[i].n_fields = o->n_fields;
        ops[i].dst_size = sizes[i];
    }
    ops[3].members = sso_error_models[SSO_ERRORS_REST_JSON].members;
    ops[3].n_members = sso_error_models[SSO_ERRORS_REST_JSON].n_members;
}

typedef struct run {
    const op_t *op;
    size_t item_cap;
    unsigned n_toks;
    uint64_t items;   /* hash of item texts, map results and mapped structs */
    uint64_t strings; /* hash of string members: starts and decoded bytes */
    unsigned n_items;
    jsmntok_t toks[64];
    union {
        sso_role_credentials_t creds;
        sso_account_t account;
        sso_role_t role;
    } dst;
} run_t;

static void check_terminated(const run_t *k)
{
    unsigned f;
    for (f = 0; f < k->op->n_fields; f++) {
        const sso_json_field_t *fd = &k->op->fields[f];
        if (fd->type == SSO_FIELD_STRING) {
            const char *s = (const char *)&k->dst + fd->offset;
            FUZZ_CHECK(memchr(s, '\0', fd->cap) != NULL);
        }
    }
}

static int on_item(void *user, int idx, char *text, size_t len)
{
    run_t *k = (run_t *)user;
    uint32_t found = 0;
    int rc;
    FUZZ_CHECK(idx >= 0 && idx < k->op->n_members);
    FUZZ_CHECK(k->op->members[idx].kind != SSO_JSON_STRING);
    if (!text) { /* a null object member */
        uint8_t mark = 0xfe;
        FUZZ_CHECK(len == 0 && k->op->members[idx].kind == SSO_JSON_OBJECT);
        k->items = fuzz_hash(k->items, &mark, 1);
        return SSO_OK;
    }
    FUZZ_CHECK(len >= 1 && len <= k->item_cap);
    k->n_items++;
    k->items = fuzz_hash(k->items, text, len);
    memset(&k->dst, 0, sizeof k->dst);
    rc = sso_json_map(text, len, k->toks, k->n_toks, k->op->fields, k->op->n_fields, &k->dst,
                      &found);
    FUZZ_CHECK(rc == SSO_OK || rc == SSO_ERR_JSON || rc == SSO_ERR_FIELD_TOO_LONG ||
               rc == SSO_ERR_FIELD_INVALID || rc == SSO_ERR_ITEM_TOO_LARGE);
    FUZZ_CHECK((found >> k->op->n_fields) == 0);
    check_terminated(k);
    k->items = fuzz_hash(k->items, &rc, sizeof rc);
    k->items = fuzz_hash(k->items, &found, sizeof found);
    if (rc == SSO_OK) {
        k->items = fuzz_hash(k->items, &k->dst, k->op->dst_size);
    }
    /* A mapping failure stops the split, as it does in the client. */
    return rc;
}

static int on_string(void *user, int idx, const char *piece, size_t len)
{
    run_t *k = (run_t *)user;
    FUZZ_CHECK(idx >= 0 && idx < k->op->n_members);
    FUZZ_CHECK(k->op->members[idx].kind == SSO_JSON_STRING);
    if (!piece) {
        uint8_t mark[2] = {0xff, (uint8_t)idx};
        k->strings = fuzz_hash(k->strings, mark, 2);
        return SSO_OK;
    }
    FUZZ_CHECK(len > 0 && memchr(piece, '\0', len) == NULL);
    k->strings = fuzz_hash(k->strings, piece, len);
    return SSO_OK;
}

static int split_run(run_t *k, const uint8_t *in, size_t len, fuzz_splitter_t *sp)
{
    static char item[2048];
    sso_json_split_t s;
    sso_json_sink_t sink;
    size_t off = 0;
    int rc = SSO_OK;
    sink.user = k;
    sink.members = k->op->members;
    sink.n_members = k->op->n_members;
    sink.on_item = on_item;
    sink.on_string = on_string;
    sso_json_split_init(&s, item, k->item_cap);
    while (rc == SSO_OK && off < len) {
        size_t n = fuzz_split_next(sp, len - off);
        rc = sso_json_split_feed(&s, &sink, in + off, n);
        off += n;
    }
    if (rc != SSO_OK) {
        /* sticky */
        FUZZ_CHECK(sso_json_split_feed(&s, &sink, (const uint8_t *)" ", 1) != SSO_OK);
        FUZZ_CHECK(sso_json_split_end(&s) == SSO_ERR_JSON);
        return rc;
    }
    return 100 + sso_json_split_end(&s);
}

/* The unescaper alone over the body as if it were one string's content. */
static int unescape_run(const uint8_t *in, size_t len, fuzz_splitter_t *sp, char *out, size_t *o)
{
    sso_unescape_t u;
    size_t off = 0;
    int rc = SSO_OK;
    sso_unescape_init(&u);
    *o = 0;
    while (rc == SSO_OK && off < len) {
        size_t n = fuzz_split_next(sp, len - off);
        rc = sso_unescape_push(&u, (const char *)in + off, n, out, 256, o);
        FUZZ_CHECK(*o <= 256);
        off += n;
    }
    return rc == SSO_OK ? 100 + sso_unescape_end(&u) : rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const size_t caps[4] = {48, 200, 700, 2048};
    static const unsigned toks[4] = {3, 9, 24, 64};
    static run_t a, b;
    static char ua[256], ub[256];
    fuzz_splitter_t sp;
    size_t oa, ob;
    int ra, rb;
    if (size < 4) {
        return 0;
    }
    if (!ops[0].members) {
        ops_init();
    }
    memset(&a, 0, sizeof a);
    a.op = &ops[data[0] & 3];
    a.item_cap = caps[(data[0] >> 2) & 3];
    a.n_toks = toks[(data[0] >> 4) & 3];
    memcpy(&b, &a, sizeof a);
    fuzz_split_init(&sp, 0, 0);
    ra = split_run(&a, data + 3, size - 3, &sp);
    fuzz_split_init(&sp, data[1], data[2]);
    rb = split_run(&b, data + 3, size - 3, &sp);
    /* One exception to split invariance, by design of the splitter: a
     * captured item is copied out at the end of each piece, so for an item
     * that is both malformed and larger than the item buffer, the pieces
     * decide which of the two errors is seen first. */
    FUZZ_CHECK(ra == rb || (ra < 0 && rb < 0 &&
                            (ra == SSO_ERR_ITEM_TOO_LARGE || rb == SSO_ERR_ITEM_TOO_LARGE)));
    FUZZ_CHECK(a.n_items == b.n_items && a.items == b.items);
    if (ra >= 100) {
        /* After an error, how much of the failing string was already passed
         * on depends on the pieces; complete runs must agree exactly. */
        FUZZ_CHECK(a.strings == b.strings);
    }

    fuzz_split_init(&sp, 0, 0);
    ra = unescape_run(data + 3, size - 3, &sp, ua, &oa);
    fuzz_split_init(&sp, data[1], data[2]);
    rb = unescape_run(data + 3, size - 3, &sp, ub, &ob);
    FUZZ_CHECK(ra == rb && oa == ob && memcmp(ua, ub, oa) == 0);
    return 0;
}
