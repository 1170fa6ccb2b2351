/* The CLI's --query and --output path: a fuzzed JMESPath expression compiled
 * and run over a fuzzed JSON document, and the result written in every
 * output format.
 *
 * Input: the expression, a NUL byte, then the document. Oracles: every
 * status is one the API documents, a successful search gives a value, a
 * full arena is reported and never overruns (the arena is small on purpose),
 * and every formatter's text is NUL-terminated. */
#include <string.h>

#include "cli_jmespath.h"
#include "cli_jv_dump.h"
#include "cli_output.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void format_all(const sso_cli_jv_t *v, sso_cli_arena_t *a)
{
    sso_cli_buf_t b;

    sso_cli_buf_init(&b);
    sso_cli_out_json(&b, v);
    sso_cli_out_yaml(&b, v);
    sso_cli_out_text(&b, v, a);
    (void)sso_cli_out_table(&b, v, "Fuzz", 80, a);
    FUZZ_CHECK(b.len == 0 || b.data[b.len] == '\0');
    sso_cli_buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static unsigned char mem[256 * 1024];
    const char *text = (const char *)data;
    const char *nul = memchr(text, '\0', size);
    size_t elen = nul != NULL ? (size_t)(nul - text) : size;
    sso_cli_arena_t arena;
    sso_cli_jp_node_t *q;
    sso_cli_jv_t *doc, *out = NULL;
    sso_cli_jp_status_t st;
    char err[128];

    if (size > 16384) {
        return 0;
    }
    sso_cli_arena_init(&arena, mem, sizeof mem);
    st = sso_cli_jp_compile(&arena, text, elen, &q, err, sizeof err);
    FUZZ_CHECK(st <= SSO_CLI_JP_ERR_MEMORY);
    FUZZ_CHECK(memchr(err, '\0', sizeof err) != NULL);
    if (st != SSO_CLI_JP_OK || nul == NULL) {
        return 0;
    }
    doc = sso_cli_jv_parse(&arena, nul + 1, size - elen - 1);
    if (doc == NULL) {
        return 0;
    }
    format_all(doc, &arena);
    st = sso_cli_jp_search(&arena, q, doc, &out, err, sizeof err);
    FUZZ_CHECK(st <= SSO_CLI_JP_ERR_MEMORY && st != SSO_CLI_JP_ERR_SYNTAX);
    FUZZ_CHECK(arena.used <= arena.cap);
    if (st == SSO_CLI_JP_OK) {
        FUZZ_CHECK(out != NULL);
        format_all(out, &arena);
    }
    return 0;
}
