/* JSON: the streaming element splitter, the string unescaper and the
 * table-driven field mapping of one item through jsmn (internal). */
#ifndef TINYSSO_SSO_JSON_H
#define TINYSSO_SSO_JSON_H

#include <stddef.h>
#include <stdint.h>

#define JSMN_HEADER
#define JSMN_PARENT_LINKS
#include <jsmn.h>

/* ---- string unescaper: a push state machine shared by the splitter and the
 * mapping, so that escape rules live in one place. */
enum { U_PLAIN, U_BACKSLASH, U_HEX, U_PAIR_BACKSLASH, U_PAIR_U };

typedef struct sso_unescape {
    uint32_t cp;   /* \u value being assembled; a pending high surrogate in bits 16.. */
    uint8_t state; /* U_*: U_PAIR_* wait for the \u of a low surrogate */
    uint8_t hex;   /* hex digits still to read */
    uint8_t bad;   /* the string held \u0000 or a lone surrogate (decoded to nothing) */
} sso_unescape_t;

/* Decodes the bytes of a JSON string body (no quotes) into out[*out_len..cap).
 * Returns SSO_OK, SSO_ERR_JSON (bad escape, raw control character) or
 * SSO_ERR_FIELD_TOO_LONG (out full; *out_len stays <= cap). \u0000 and lone
 * surrogates only set bad. */
void sso_unescape_init(sso_unescape_t *u);
int sso_unescape_push(sso_unescape_t *u, const char *in, size_t len, char *out, size_t cap,
                      size_t *out_len);
/* Length of the run at the start of in[0..len) whose bytes stand for
 * themselves in a JSON string: it stops at '"', '\\' or a control byte. The
 * run is also copied to out unless out is NULL. The fast path of both the
 * splitter and the unescaper. */
size_t sso_json_plain(const uint8_t *in, size_t len, char *out);
/* SSO_OK if the string ended cleanly; SSO_ERR_FIELD_INVALID if it held
 * \u0000 or a lone surrogate (a pending high surrogate included);
 * SSO_ERR_JSON if an escape was left open. */
int sso_unescape_end(const sso_unescape_t *u);
/* The byte after a high surrogate is not the '\\' of its low half: the
 * surrogate is lone. For the splitter, which must see that byte itself
 * (it may be the closing quote). */
void sso_unescape_lone(sso_unescape_t *u);

/* ---- splitter: finds the top-level members of interest in a streamed body. */
enum {
    SSO_JSON_LIST = 1,   /* array member: each element is handed to on_item */
    SSO_JSON_OBJECT = 2, /* object member: handed whole to on_item */
    SSO_JSON_STRING = 3  /* string member: decoded pieces go to on_string */
};

typedef struct sso_json_member {
    const char *key;
    uint8_t kind;
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

/* ---- mapping of one object item into a fixed-size struct. */
enum { SSO_FIELD_STRING = 1, SSO_FIELD_INT64 = 2 };

typedef struct sso_json_field {
    const char *key;
    uint16_t offset; /* offsetof() in the destination struct */
    uint16_t cap;    /* destination size in bytes, NUL included (strings) */
    uint8_t type;
} sso_json_field_t;

/* Tokenizes text (a validated object) with jsmn into toks and copies the
 * fields listed in the table into dst. Unknown keys and nested values are
 * skipped; null empties a field (a later duplicate key wins over an earlier
 * one). An INT64 field takes any integer-valued number (1.7e12). *found gets
 * one bit per table entry that was set. Returns SSO_OK, SSO_ERR_JSON (wrong
 * type or not an object), SSO_ERR_FIELD_TOO_LONG, SSO_ERR_FIELD_INVALID
 * (\u0000 or a lone surrogate in a mapped string) or SSO_ERR_ITEM_TOO_LARGE
 * (too few tokens). */
int sso_json_map(const char *text, size_t len, jsmntok_t *toks, unsigned n_toks,
                 const sso_json_field_t *fields, unsigned n_fields, void *dst, uint32_t *found);

#endif
