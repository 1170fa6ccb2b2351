/* The streaming JSON element splitter (internal): validates a whole body
 * against the grammar and finds the top-level members of interest in it,
 * handing each list element or object whole to a callback (for jsmn and the
 * field mapping) and each string member piece by piece. */
#ifndef TINYSSO_SSO_JSON_SPLIT_H
#define TINYSSO_SSO_JSON_SPLIT_H

#include <stddef.h>
#include <stdint.h>

#include "sso_json_unescape.h"

enum {
    SSO_JSON_LIST = 1,   /* array member: each element is handed to on_item */
    SSO_JSON_OBJECT = 2, /* object member: handed whole to on_item */
    SSO_JSON_STRING = 3, /* string member: decoded pieces go to on_string */
    /* Only as members[0], key "": the body's top-level object itself is
     * handed whole to on_item, for a response whose fields are top-level
     * members (the SSO OIDC operations); the other members still match. */
    SSO_JSON_ROOT = 4
};

typedef struct sso_json_member {
    const char *key;
    uint8_t kind; /* SSO_JSON_* */
    uint8_t tag;  /* the user's meaning of the member (an error source, say) */
} sso_json_member_t;

typedef struct sso_json_sink {
    void *user;
    const sso_json_member_t *members;
    uint8_t n_members;
    /* One complete, validated JSON value (a list element or the object) of
     * members[idx], raw text in the item buffer; text NULL for an object
     * member that is null. A null list element makes no call. Return SSO_OK
     * or a negative status that stops the split. */
    int (*on_item)(void *user, int idx, char *text, size_t len);
    /* A string member: called with piece == NULL at its start, then with
     * decoded pieces. A null value is a start call alone, as if empty (the
     * last of duplicated keys wins, and null is absent). */
    int (*on_string)(void *user, int idx, const char *piece, size_t len);
} sso_json_sink_t;

typedef struct sso_json_split {
    char *item; /* capture buffer for one item (part of the working buffer) */
    size_t item_cap;
    size_t item_len;
    uint32_t stack; /* one bit per open container: 1 object, 0 array */
    uint8_t depth;
    uint8_t state;
    uint8_t sub;
    uint8_t member;    /* index+1 of the member being read, 0 if none */
    uint32_t key_cand; /* members whose key still matches the key read so far */
    uint8_t key_pos;
    uint8_t capture_depth;
    uint8_t lit; /* which literal is being read (S_LIT) */
    sso_unescape_t esc;
} sso_json_split_t;

void sso_json_split_init(sso_json_split_t *s, char *item, size_t item_cap);

/* Pushes body bytes. Returns SSO_OK, or SSO_ERR_JSON (malformed anywhere in
 * the body, including skipped values), SSO_ERR_ITEM_TOO_LARGE, or what a sink
 * callback returned. */
int sso_json_split_feed(sso_json_split_t *s, const sso_json_sink_t *sink, const uint8_t *in,
                        size_t len);

/* The body ended: SSO_OK only if exactly one complete top-level object was
 * read (trailing whitespace allowed), else SSO_ERR_JSON. */
int sso_json_split_end(const sso_json_split_t *s);

#endif
