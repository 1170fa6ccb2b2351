/* Values written back as Python writes them, since the AWS CLI's output is
 * Python's: json.dumps in the three shapes the CLI and jmespath.py use, and
 * str() of a scalar (what the text and table formats print). */
#ifndef TINYSSO_CLI_JV_DUMP_H
#define TINYSSO_CLI_JV_DUMP_H

#include "cli_buf.h"
#include "cli_jvalue.h"

typedef enum {
    SSO_CLI_DUMP_PRETTY, /* indent=4, ensure_ascii=False: --output json */
    SSO_CLI_DUMP_INLINE, /* json.dumps defaults but ensure_ascii=False: yaml's scalars */
    SSO_CLI_DUMP_COMPACT /* separators=(',', ':'), ensure_ascii=True: to_string() */
} sso_cli_dump_mode_t;

void sso_cli_jv_dump(sso_cli_buf_t *b, const sso_cli_jv_t *v, sso_cli_dump_mode_t mode);

/* Python's str(): strings as they are, True/False/None, numbers as repr. */
void sso_cli_jv_str(sso_cli_buf_t *b, const sso_cli_jv_t *v);

/* Python's repr() of a value: 'single-quoted' strings, [a, b], {'k': v},
 * True, None. str() of a list or dict is this. */
void sso_cli_jv_repr(sso_cli_buf_t *b, const sso_cli_jv_t *v);

/* Python's repr() of a float ("1.0", "0.1", "1e+16", "inf"), NUL-terminated. */
void sso_cli_py_float(double d, char out[32]);

#endif
