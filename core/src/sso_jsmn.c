/* The one translation unit that compiles jsmn's implementation; everything
 * else includes it with JSMN_HEADER (see sso_json.h). The options must match
 * sso_json.h, since JSMN_PARENT_LINKS changes the layout of jsmntok_t. */
#define JSMN_PARENT_LINKS
#define JSMN_STRICT
#include <jsmn.h>
