/* The JSON string unescaper (internal): a push state machine shared by the
 * splitter and the field mapping, so that the escape rules live in one
 * place, and the plain-run scan both of them use. */
#ifndef TINYSSO_SSO_JSON_UNESCAPE_H
#define TINYSSO_SSO_JSON_UNESCAPE_H

#include <stddef.h>
#include <stdint.h>

/* States: SSO_U_PAIR_* wait for the \u of a low surrogate. */
enum { SSO_U_PLAIN, SSO_U_BACKSLASH, SSO_U_HEX, SSO_U_PAIR_BACKSLASH, SSO_U_PAIR_U };

typedef struct sso_unescape {
    uint32_t cp;   /* \u value being assembled; a pending high surrogate in bits 16.. */
    uint8_t state; /* SSO_U_* */
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

#endif
