/* The one translation unit that compiles jsmn's implementation; everything
 * else includes it with JSMN_HEADER (see sso_json_map.h). The options must match
 * sso_json_map.h, since JSMN_PARENT_LINKS changes the layout of jsmntok_t.
 * JSMN_STRICT is left off: the splitter has already validated every item
 * against the full grammar, so jsmn's partial checks would only cost flash
 * (about 100 bytes on Cortex-M4). */
#define JSMN_PARENT_LINKS
#include <jsmn.h>
