/* Field mapping (internal): one validated JSON object item, tokenized by
 * jsmn, copied into a fixed-size struct as a field table says. */
#ifndef TINYSSO_SSO_JSON_MAP_H
#define TINYSSO_SSO_JSON_MAP_H

#include <stddef.h>
#include <stdint.h>

/* jsmn's options must be the same in every file that includes it (they
 * change the layout of jsmntok_t); sso_jsmn.c compiles its code. */
#define JSMN_HEADER
#define JSMN_PARENT_LINKS
#include <jsmn.h>

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
 * one bit per table entry that was set; after SSO_ERR_FIELD_TOO_LONG or
 * SSO_ERR_FIELD_INVALID it holds the bit of the entry whose value failed
 * instead, so that the caller can name it. Returns SSO_OK, SSO_ERR_JSON (wrong
 * type or not an object), SSO_ERR_FIELD_TOO_LONG, SSO_ERR_FIELD_INVALID
 * (\u0000 or a lone surrogate in a mapped string) or SSO_ERR_ITEM_TOO_LARGE
 * (too few tokens). */
int sso_json_map(const char *text, size_t len, jsmntok_t *toks, unsigned n_toks,
                 const sso_json_field_t *fields, unsigned n_fields, void *dst, uint32_t *found);

#endif
