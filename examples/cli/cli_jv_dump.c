#include "cli_jv_dump.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_json_out.h"

void sso_cli_py_float(double d, char out[32])
{
    char digits[40];
    int prec, exp10, n;
    char *e, *p;

    if (d != d) {
        strcpy(out, "nan");
        return;
    }
    if (isinf(d)) {
        strcpy(out, d < 0 ? "-inf" : "inf");
        return;
    }
    /* The shortest digits that read back as the same double (repr's rule). */
    for (prec = 1; prec <= 17; prec++) {
        snprintf(digits, sizeof digits, "%.*e", prec - 1, d);
        if (strtod(digits, NULL) == d) {
            break;
        }
    }
    e = strchr(digits, 'e');
    exp10 = atoi(e + 1);
    *e = '\0';
    if (exp10 < -4 || exp10 >= 16) {
        /* d.ddde+XX: repr keeps at least two exponent digits, drops ".0". */
        n = snprintf(out, 32, "%.20se%c%02d", digits, exp10 < 0 ? '-' : '+', abs(exp10) % 1000);
        (void)n;
        return;
    }
    /* Fixed notation with at least one digit after the point. */
    snprintf(out, 32, "%.*f", prec - 1 - exp10 > 0 ? prec - 1 - exp10 : 0, d);
    p = strchr(out, '.');
    if (p == NULL) {
        strcat(out, ".0");
    }
}

static void number(sso_cli_buf_t *b, const sso_cli_jv_t *v, int json)
{
    char tmp[32];

    if (v->is_int) {
        sso_cli_buf_long(b, v->inum);
        return;
    }
    if (v->str != NULL) {
        sso_cli_buf_put(b, v->str, v->len); /* a big integer, exact */
        return;
    }
    sso_cli_py_float(v->num, tmp);
    if (json && (v->num != v->num || isinf(v->num))) {
        /* json.dumps writes the JavaScript names. */
        strcpy(tmp, v->num != v->num ? "NaN" : v->num < 0 ? "-Infinity" : "Infinity");
    }
    sso_cli_buf_puts(b, tmp);
}

static void newline(sso_cli_buf_t *b, sso_cli_dump_mode_t mode, unsigned level)
{
    if (mode == SSO_CLI_DUMP_PRETTY) {
        sso_cli_buf_puts(b, "\n");
        sso_cli_buf_indent(b, level);
    }
}

static void dump(sso_cli_buf_t *b, const sso_cli_jv_t *v, sso_cli_dump_mode_t mode, unsigned level)
{
    const char *sep = mode == SSO_CLI_DUMP_COMPACT ? "," : mode == SSO_CLI_DUMP_PRETTY ? "," : ", ";
    const char *colon = mode == SSO_CLI_DUMP_COMPACT ? ":" : ": ";
    size_t i;

    switch (v->type) {
    case SSO_CLI_JV_TRUE:
        sso_cli_buf_puts(b, "true");
        return;
    case SSO_CLI_JV_FALSE:
        sso_cli_buf_puts(b, "false");
        return;
    case SSO_CLI_JV_NUMBER:
        number(b, v, 1);
        return;
    case SSO_CLI_JV_STRING:
        sso_cli_json_string(b, v->str, v->len, mode == SSO_CLI_DUMP_COMPACT);
        return;
    case SSO_CLI_JV_ARRAY:
    case SSO_CLI_JV_OBJECT:
        if (v->len == 0) {
            sso_cli_buf_puts(b, v->type == SSO_CLI_JV_ARRAY ? "[]" : "{}");
            return;
        }
        sso_cli_buf_puts(b, v->type == SSO_CLI_JV_ARRAY ? "[" : "{");
        for (i = 0; i < v->len; i++) {
            if (i > 0) {
                sso_cli_buf_puts(b, sep);
            }
            newline(b, mode, level + 1);
            if (v->type == SSO_CLI_JV_OBJECT) {
                dump(b, v->keys[i], mode, level + 1);
                sso_cli_buf_puts(b, colon);
            }
            dump(b, v->items[i], mode, level + 1);
        }
        newline(b, mode, level);
        sso_cli_buf_puts(b, v->type == SSO_CLI_JV_ARRAY ? "]" : "}");
        return;
    default:
        sso_cli_buf_puts(b, "null");
        return;
    }
}

void sso_cli_jv_dump(sso_cli_buf_t *b, const sso_cli_jv_t *v, sso_cli_dump_mode_t mode)
{
    dump(b, v, mode, 0);
}

void sso_cli_jv_str(sso_cli_buf_t *b, const sso_cli_jv_t *v)
{
    switch (v->type) {
    case SSO_CLI_JV_STRING:
        sso_cli_buf_put(b, v->str, v->len);
        return;
    case SSO_CLI_JV_NUMBER:
        number(b, v, 0);
        return;
    case SSO_CLI_JV_TRUE:
        sso_cli_buf_puts(b, "True");
        return;
    case SSO_CLI_JV_FALSE:
        sso_cli_buf_puts(b, "False");
        return;
    case SSO_CLI_JV_NULL:
        sso_cli_buf_puts(b, "None");
        return;
    default:
        sso_cli_jv_repr(b, v);
        return;
    }
}

/* repr() of a str: single quotes unless the text has ' and no ". */
static void repr_string(sso_cli_buf_t *b, const char *s, size_t n)
{
    char q = memchr(s, '\'', n) != NULL && memchr(s, '"', n) == NULL ? '"' : '\'';
    size_t i;

    sso_cli_buf_put(b, &q, 1);
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char tmp[8];
        if (c == '\\' || c == (unsigned char)q) {
            tmp[0] = '\\';
            tmp[1] = (char)c;
            sso_cli_buf_put(b, tmp, 2);
        } else if (c == '\n' || c == '\r' || c == '\t') {
            tmp[0] = '\\';
            tmp[1] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
            sso_cli_buf_put(b, tmp, 2);
        } else if (c < 0x20 || c == 0x7F) {
            snprintf(tmp, sizeof tmp, "\\x%02x", c);
            sso_cli_buf_put(b, tmp, 4);
        } else {
            sso_cli_buf_put(b, s + i, 1);
        }
    }
    sso_cli_buf_put(b, &q, 1);
}

void sso_cli_jv_repr(sso_cli_buf_t *b, const sso_cli_jv_t *v)
{
    size_t i;

    if (v->type == SSO_CLI_JV_STRING) {
        repr_string(b, v->str, v->len);
        return;
    }
    if (sso_cli_jv_is_scalar(v)) {
        sso_cli_jv_str(b, v);
        return;
    }
    sso_cli_buf_puts(b, v->type == SSO_CLI_JV_ARRAY ? "[" : "{");
    for (i = 0; i < v->len; i++) {
        if (i > 0) {
            sso_cli_buf_puts(b, ", ");
        }
        if (v->type == SSO_CLI_JV_OBJECT) {
            sso_cli_jv_repr(b, v->keys[i]);
            sso_cli_buf_puts(b, ": ");
        }
        sso_cli_jv_repr(b, v->items[i]);
    }
    sso_cli_buf_puts(b, v->type == SSO_CLI_JV_ARRAY ? "]" : "}");
}
