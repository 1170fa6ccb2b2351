/* The CLI's token sources: ~/.aws/config profile parsing, the SSO token cache
 * file parser, the strict JSON reader under both, the cache path, and the
 * timestamp parser the cache's expiresAt goes through.
 *
 * Input: [sel][profile name bytes] '\n' [document...]. sel's low bit picks
 * config text or cache JSON. Oracles: outputs NUL-terminated inside their
 * fields, a failure reason never contains the token, spans lie inside the
 * document, the path fits its buffer. */
#include <string.h>

#include "cli_config.h"
#include "cli_json_in.h"
#include "cli_time.h"
#include "fuzz_common.h"

static int terminated(const char *s, size_t cap)
{
    return memchr(s, '\0', cap) != NULL;
}

static void config_case(const char *name, const char *doc, size_t len)
{
    static sso_cli_profile_t p;
    char path[160];
    memset(&p, 0x55, sizeof p);
    if (sso_cli_profile_parse(doc, len, name, &p) == 0) {
        const char *key;
        FUZZ_CHECK(terminated(p.sso_session, sizeof p.sso_session));
        FUZZ_CHECK(terminated(p.start_url, sizeof p.start_url));
        FUZZ_CHECK(terminated(p.sso_region, sizeof p.sso_region));
        FUZZ_CHECK(terminated(p.region, sizeof p.region));
        key = sso_cli_cache_key(&p);
        if (key) {
            memset(path, 0x7f, sizeof path);
            if (sso_cli_cache_path("/home/u", key, path, sizeof path) == 0) {
                FUZZ_CHECK(terminated(path, sizeof path));
            }
        }
    }
}

static void cache_case(const char *doc, size_t len)
{
    static sso_cli_cached_token_t tok;
    static char out[512];
    static const char *const keys[] = {"accessToken", "expiresAt", "region", "startUrl"};
    const char *why = NULL;
    sso_cli_json_span_t sp;
    unsigned i;
    memset(&tok, 0x55, sizeof tok);
    if (sso_cli_token_parse(doc, len, &tok, &why) == 0) {
        FUZZ_CHECK(terminated(tok.access_token, sizeof tok.access_token));
    } else {
        FUZZ_CHECK(why != NULL);
        /* The reason is fixed text: never a piece of the document. */
        FUZZ_CHECK(why < doc || why >= doc + len);
    }
    for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (sso_cli_json_find(doc, len, keys[i], &sp) != 0 || sp.type == SSO_CLI_JSON_NONE) {
            continue;
        }
        FUZZ_CHECK(sp.p >= doc && sp.p + sp.len <= doc + len);
        if (sp.type == SSO_CLI_JSON_STRING) {
            long n = sso_cli_json_unescape(&sp, out, sizeof out);
            if (n >= 0) {
                int64_t t;
                FUZZ_CHECK((size_t)n < sizeof out && out[n] == '\0');
                (void)sso_cli_parse_timestamp(out, &t);
            }
        } else if (sp.type == SSO_CLI_JSON_NUMBER) {
            long long v;
            (void)sso_cli_json_integer(&sp, &v);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char buf[16384];
    char name[64];
    const char *doc, *nl;
    size_t n, len;
    if (size < 1 || size >= sizeof buf) {
        return 0;
    }
    memcpy(buf, data + 1, size - 1);
    buf[size - 1] = '\0';
    nl = memchr(buf, '\n', size - 1);
    n = nl ? (size_t)(nl - buf) : 0;
    if (n >= sizeof name) {
        n = sizeof name - 1;
    }
    memcpy(name, buf, n);
    name[n] = '\0';
    doc = nl ? nl + 1 : buf;
    len = (size_t)(buf + size - 1 - doc);
    {
        /* An exact-size heap copy without a NUL: the parsers take a length,
         * so a read past it is an ASan error. */
        char *copy = (char *)malloc(len ? len : 1);
        memcpy(copy, doc, len);
        if (data[0] & 1) {
            cache_case(copy, len);
        } else {
            config_case(name, copy, len);
        }
        free(copy);
    }
    return 0;
}
