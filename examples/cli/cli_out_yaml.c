/* --output yaml and yaml-stream: what the AWS CLI's YAML dumper writes
 * (ruamel.yaml's safe representer over libyaml's emitter): keys sorted by
 * code point, block style with sequences not indented under a key, empty
 * collections as [] and {}, 2-space indent, lines folded at spaces past
 * column 80, and each string in the first style that reads back as the same
 * string: plain, else 'single', else "double" (for characters libyaml does
 * not print raw, such as tabs, controls and anything above U+FFFF). A plain
 * scalar that would read back as a number, boolean, null, date or merge key
 * (YAML 1.2 rules) is quoted. */
#include "cli_output.h"

#include <stdio.h>
#include <string.h>

#include "cli_jv_dump.h"

#define BEST_WIDTH 80
#define BEST_INDENT 2

typedef struct {
    sso_cli_buf_t *b;
    int indent;     /* libyaml's emitter->indent */
    long column;    /* in code points */
    int whitespace; /* the last character written is whitespace */
    int indention;  /* only indentation written on this line so far */
} emitter_t;

static void put(emitter_t *e, const char *s, size_t n)
{
    sso_cli_buf_put(e->b, s, n);
    e->column += (long)sso_cli_utf8_count(s, n);
}

static void put_break(emitter_t *e)
{
    sso_cli_buf_put(e->b, "\n", 1);
    e->column = 0;
}

static void write_indent(emitter_t *e)
{
    int indent = e->indent >= 0 ? e->indent : 0;

    if (!e->indention || e->column > indent || (e->column == indent && !e->whitespace)) {
        put_break(e);
    }
    while (e->column < indent) {
        put(e, " ", 1);
    }
    e->whitespace = 1;
    e->indention = 1;
}

static void indicator(emitter_t *e, const char *ind, int need_ws, int is_ws, int is_indention)
{
    if (need_ws && !e->whitespace) {
        put(e, " ", 1);
    }
    put(e, ind, strlen(ind));
    e->whitespace = is_ws;
    e->indention = e->indention && is_indention;
}

/* --- what a plain scalar would read back as (ruamel's YAML 1.2 resolver) -- */

static int all_in(const char *s, size_t n, const char *set)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (strchr(set, s[i]) == NULL || s[i] == '\0') {
            return 0;
        }
    }
    return 1;
}

static size_t span_of(const char *s, size_t n, const char *set)
{
    size_t i = 0;

    while (i < n && s[i] != '\0' && strchr(set, s[i]) != NULL) {
        i++;
    }
    return i;
}

#define DIGITS "0123456789"

static int is_int(const char *s, size_t n)
{
    size_t i = (n > 0 && (s[0] == '-' || s[0] == '+'));

    if (i >= n) {
        return 0;
    }
    if (n - i > 2 && s[i] == '0' && s[i + 1] == 'b') {
        return all_in(s + i + 2, n - i - 2, "01_");
    }
    if (n - i > 2 && s[i] == '0' && s[i + 1] == 'x') {
        return all_in(s + i + 2, n - i - 2, DIGITS "abcdefABCDEF_");
    }
    if (n - i > 2 && s[i] == '0' && s[i + 1] == 'o') {
        return all_in(s + i + 2, n - i - 2, "01234567_");
    }
    return all_in(s + i, n - i, DIGITS "_");
}

/* [eE][-+]?[0-9]+ (sign_required: [eE][-+][0-9]+) exactly to the end. */
static int is_exponent(const char *s, size_t n, int sign_required)
{
    size_t i = 1;

    if (n < 2 || (s[0] != 'e' && s[0] != 'E')) {
        return 0;
    }
    if (s[1] == '-' || s[1] == '+') {
        i = 2;
    } else if (sign_required) {
        return 0;
    }
    return i < n && all_in(s + i, n - i, DIGITS);
}

static int is_float(const char *s, size_t n)
{
    size_t i = (n > 0 && (s[0] == '-' || s[0] == '+')), d;
    const char *r = s + i;
    size_t m = n - i;

    if (n == 4 && s[0] == '.' &&
        (!memcmp(s, ".nan", 4) || !memcmp(s, ".NaN", 4) || !memcmp(s, ".NAN", 4))) {
        return 1;
    }
    if (m == 4 && (!memcmp(r, ".inf", 4) || !memcmp(r, ".Inf", 4) || !memcmp(r, ".INF", 4))) {
        return 1;
    }
    if (m > 0 && r[0] >= '0' && r[0] <= '9') {
        /* [0-9][0-9_]* then either \.[0-9_]*(exp)? or (exp) */
        d = 1 + span_of(r + 1, m - 1, DIGITS "_");
        if (d < m && r[d] == '.') {
            size_t f = d + 1 + span_of(r + d + 1, m - d - 1, DIGITS "_");
            return f == m || is_exponent(r + f, m - f, 0);
        }
        return is_exponent(r + d, m - d, 0);
    }
    if (m > 1 && r[0] == '.') {
        d = 1 + span_of(r + 1, m - 1, DIGITS "_");
        return d > 1 && (d == m || is_exponent(r + d, m - d, 1));
    }
    return 0;
}

static int digits_at(const char *s, size_t n, size_t at, size_t count)
{
    return at + count <= n && all_in(s + at, count, DIGITS);
}

/* One or two digits at *i: steps past them; 0 when there is none. */
static int one_or_two_digits(const char *s, size_t n, size_t *i)
{
    size_t d = span_of(s + *i, n - *i < 2 ? n - *i : 2, DIGITS);

    *i += d;
    return d > 0;
}

/* YYYY-MM-DD, or YYYY-M-D followed by a time ([Tt] or blanks, H:MM:SS,
 * optional fraction and zone). */
static int is_timestamp(const char *s, size_t n)
{
    size_t i = 5;

    if (!digits_at(s, n, 0, 4) || n < 8 || s[4] != '-') {
        return 0;
    }
    if (n == 10 && digits_at(s, n, 5, 2) && s[7] == '-' && digits_at(s, n, 8, 2)) {
        return 1;
    }
    if (!one_or_two_digits(s, n, &i) || i >= n || s[i++] != '-' || !one_or_two_digits(s, n, &i)) {
        return 0;
    }
    if (i < n && (s[i] == 'T' || s[i] == 't')) {
        i++;
    } else {
        size_t blanks = span_of(s + i, n - i, " \t");
        if (blanks == 0) {
            return 0;
        }
        i += blanks;
    }
    if (!one_or_two_digits(s, n, &i) || i + 6 > n || s[i] != ':' || !digits_at(s, n, i + 1, 2) ||
        s[i + 3] != ':' || !digits_at(s, n, i + 4, 2)) {
        return 0;
    }
    i += 6;
    if (i < n && s[i] == '.') {
        i += 1 + span_of(s + i + 1, n - i - 1, DIGITS);
    }
    i += span_of(s + i, n - i, " \t");
    if (i == n || (n - i == 1 && s[i] == 'Z')) {
        return 1;
    }
    if ((s[i] != '-' && s[i] != '+') || (++i, !one_or_two_digits(s, n, &i))) {
        return 0;
    }
    return i == n || (n - i == 3 && s[i] == ':' && digits_at(s, n, i + 1, 2));
}

static int resolves_to_non_string(const char *s, size_t n)
{
    static const char *const words[] = {"true", "True", "TRUE", "false", "False", "FALSE",
                                        "null", "Null", "NULL", "~",     "<<",    "=",
                                        "!",    "&",    "*",    ""};
    size_t i;

    for (i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (strlen(words[i]) == n && memcmp(words[i], s, n) == 0) {
            return 1;
        }
    }
    return is_int(s, n) || is_float(s, n) || is_timestamp(s, n);
}

/* --- libyaml's scalar analysis ---------------------------------------------
 * Only what block context needs: flow collections are written only when
 * empty, so the flow-indicator rules never apply. */

/* Length of the UTF-8 sequence at s (1 for a stray byte). */
static size_t width_at(const unsigned char *s, size_t n)
{
    size_t w = s[0] < 0x80 ? 1 : s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;

    return w <= n ? w : 1;
}

/* libyaml's IS_PRINTABLE: LF, ASCII 0x20-0x7E, and UTF-8 of U+00A0-U+D7FF and
 * U+E000-U+FFFD but the BOM; nothing above U+FFFF. */
static int printable(const unsigned char *s, size_t n)
{
    if (s[0] == 0x0A || (s[0] >= 0x20 && s[0] <= 0x7E)) {
        return 1;
    }
    if (n < 2) {
        return 0;
    }
    if (s[0] == 0xC2) {
        return s[1] >= 0xA0;
    }
    if (s[0] > 0xC2 && s[0] < 0xED) {
        return 1;
    }
    if (s[0] == 0xED) {
        return s[1] < 0xA0;
    }
    if (s[0] == 0xEE) {
        return 1;
    }
    if (s[0] == 0xEF && n >= 3) {
        return !(s[1] == 0xBB && s[2] == 0xBF) && !(s[1] == 0xBF && (s[2] == 0xBE || s[2] == 0xBF));
    }
    return 0;
}

static int is_break(const unsigned char *s, size_t n)
{
    return s[0] == '\r' || s[0] == '\n' || (n >= 2 && s[0] == 0xC2 && s[1] == 0x85) ||
           (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0xA8 || s[2] == 0xA9));
}

static int is_blankz(const unsigned char *s, size_t n)
{
    return n == 0 || s[0] == ' ' || s[0] == '\t' || s[0] == '\0' || is_break(s, n);
}

typedef struct {
    int multiline, block_plain, single_ok;
} analysis_t;

static void analyze(const char *str, size_t len, analysis_t *an)
{
    const unsigned char *s = (const unsigned char *)str;
    int block_ind = 0, breaks = 0, special = 0;
    int lead_space = 0, lead_break = 0, trail_space = 0, trail_break = 0;
    int break_space = 0, space_break = 0, prev_space = 0, prev_break = 0;
    int preceded_ws = 1, followed_ws;
    size_t i = 0;

    an->multiline = 0;
    an->block_plain = 1;
    an->single_ok = 1;
    if (len == 0) {
        return;
    }
    if (len >= 3 && (memcmp(s, "---", 3) == 0 || memcmp(s, "...", 3) == 0)) {
        block_ind = 1;
    }
    followed_ws = is_blankz(s + width_at(s, len), len - width_at(s, len));
    while (i < len) {
        size_t w = width_at(s + i, len - i);
        unsigned char c = s[i];
        if (i == 0) {
            if (strchr("#,[]{}&*!|>'\"%@`", c) != NULL && c != '\0') {
                block_ind = 1;
            }
            if ((c == '?' || c == ':') && followed_ws) {
                block_ind = 1;
            }
            if (c == '-' && followed_ws) {
                block_ind = 1;
            }
        } else {
            if (c == ':' && followed_ws) {
                block_ind = 1;
            }
            if (c == '#' && preceded_ws) {
                block_ind = 1;
            }
        }
        if (!printable(s + i, len - i)) {
            special = 1;
        }
        if (is_break(s + i, len - i)) {
            breaks = 1;
        }
        if (c == ' ') {
            lead_space |= i == 0;
            trail_space |= i + w == len;
            break_space |= prev_break;
            prev_space = 1;
            prev_break = 0;
        } else if (is_break(s + i, len - i)) {
            lead_break |= i == 0;
            trail_break |= i + w == len;
            space_break |= prev_space;
            prev_space = 0;
            prev_break = 1;
        } else {
            prev_space = prev_break = 0;
        }
        preceded_ws = is_blankz(s + i, len - i);
        i += w;
        if (i < len) {
            size_t nw = width_at(s + i, len - i);
            followed_ws = is_blankz(s + i + nw, len - i - nw);
        }
    }
    an->multiline = breaks;
    if (lead_space || lead_break || trail_space || trail_break || breaks || block_ind) {
        an->block_plain = 0;
    }
    if (break_space) {
        an->block_plain = an->single_ok = 0;
    }
    if (space_break || special) {
        an->block_plain = an->single_ok = 0;
    }
}

/* --- the three scalar writers, folding at spaces past column 80 ---------- */

static void write_plain(emitter_t *e, const char *s, size_t n)
{
    int spaces = 0;
    size_t i = 0;

    if (!e->whitespace && n > 0) {
        put(e, " ", 1);
    }
    while (i < n) {
        size_t w = width_at((const unsigned char *)s + i, n - i);
        if (s[i] == ' ') {
            if (!spaces && e->column > BEST_WIDTH && !(i + 1 < n && s[i + 1] == ' ')) {
                write_indent(e);
            } else {
                put(e, s + i, 1);
            }
            spaces = 1;
        } else {
            put(e, s + i, w);
            e->indention = 0;
            spaces = 0;
        }
        i += w;
    }
    e->whitespace = 0;
    e->indention = 0;
}

static void write_single(emitter_t *e, const char *s, size_t n)
{
    int spaces = 0, breaks = 0;
    size_t i = 0;

    indicator(e, "'", 1, 0, 0);
    while (i < n) {
        const unsigned char *u = (const unsigned char *)s + i;
        size_t w = width_at(u, n - i);
        if (s[i] == ' ') {
            if (!spaces && e->column > BEST_WIDTH && i != 0 && i != n - 1 &&
                !(i + 1 < n && s[i + 1] == ' ')) {
                write_indent(e);
            } else {
                put(e, s + i, 1);
            }
            spaces = 1;
        } else if (is_break(u, n - i)) {
            if (!breaks && s[i] == '\n') {
                put_break(e);
            }
            if (s[i] == '\n') {
                put_break(e);
            } else {
                sso_cli_buf_put(e->b, s + i, w);
                e->column = 0;
            }
            e->indention = 1;
            breaks = 1;
        } else {
            if (breaks) {
                write_indent(e);
            }
            if (s[i] == '\'') {
                put(e, "'", 1);
            }
            put(e, s + i, w);
            e->indention = 0;
            spaces = breaks = 0;
        }
        i += w;
    }
    if (breaks) {
        write_indent(e);
    }
    indicator(e, "'", 0, 0, 0);
}

static unsigned long decode(const unsigned char *s, size_t w)
{
    static const unsigned char lead_mask[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
    unsigned long cp = s[0] & lead_mask[w];
    size_t i;

    for (i = 1; i < w; i++) {
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    return cp;
}

static void write_escape(emitter_t *e, const unsigned char *u, size_t w)
{
    static const struct {
        unsigned long cp;
        char c;
    } named[] = {{0, '0'},     {7, 'a'},    {8, 'b'},    {9, 't'},      {10, 'n'},
                 {11, 'v'},    {12, 'f'},   {13, 'r'},   {27, 'e'},     {'"', '"'},
                 {'\\', '\\'}, {0x85, 'N'}, {0xA0, '_'}, {0x2028, 'L'}, {0x2029, 'P'}};
    unsigned long cp = w > 1 && (u[0] & 0xC0u) == 0xC0u ? decode(u, w) : u[0];
    char tmp[32];
    size_t k;

    for (k = 0; k < sizeof named / sizeof named[0]; k++) {
        if (named[k].cp == cp) {
            tmp[0] = '\\';
            tmp[1] = named[k].c;
            put(e, tmp, 2);
            return;
        }
    }
    if (cp <= 0xFF) {
        snprintf(tmp, sizeof tmp, "\\x%02lX", cp);
    } else if (cp <= 0xFFFF) {
        snprintf(tmp, sizeof tmp, "\\u%04lX", cp);
    } else {
        snprintf(tmp, sizeof tmp, "\\U%08lX", cp);
    }
    put(e, tmp, strlen(tmp));
}

static void write_double(emitter_t *e, const char *s, size_t n)
{
    int spaces = 0;
    size_t i = 0;

    indicator(e, "\"", 1, 0, 0);
    while (i < n) {
        const unsigned char *u = (const unsigned char *)s + i;
        size_t w = width_at(u, n - i);
        int bom = w == 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF;
        if (!printable(u, n - i) || bom || is_break(u, n - i) || s[i] == '"' || s[i] == '\\') {
            write_escape(e, u, w);
            spaces = 0;
        } else if (s[i] == ' ') {
            if (!spaces && e->column > BEST_WIDTH && i != 0 && i != n - 1) {
                write_indent(e);
                if (i + 1 < n && s[i + 1] == ' ') {
                    put(e, "\\", 1);
                }
            } else {
                put(e, " ", 1);
            }
            spaces = 1;
        } else {
            put(e, s + i, w);
            spaces = 0;
        }
        i += w;
    }
    indicator(e, "\"", 0, 0, 0);
}

static void scalar_text(emitter_t *e, const char *s, size_t n, int simple_key)
{
    analysis_t an;

    analyze(s, n, &an);
    /* libyaml's choice: plain if allowed and it reads back as a string,
     * else single quotes if allowed, else double. */
    if (simple_key && an.multiline) {
        write_double(e, s, n);
    } else if (an.block_plain && !resolves_to_non_string(s, n) && !(n == 0 && simple_key)) {
        write_plain(e, s, n);
    } else if (an.single_ok) {
        write_single(e, s, n);
    } else {
        write_double(e, s, n);
    }
}

/* Numbers, booleans and null as the representer writes them (plain). */
static void scalar(emitter_t *e, const sso_cli_jv_t *v, int simple_key)
{
    sso_cli_buf_t tmp;
    char mem[48];

    if (v->type == SSO_CLI_JV_STRING) {
        scalar_text(e, v->str, v->len, simple_key);
        return;
    }
    sso_cli_buf_fixed(&tmp, mem, sizeof mem);
    switch (v->type) {
    case SSO_CLI_JV_TRUE:
        sso_cli_buf_puts(&tmp, "true");
        break;
    case SSO_CLI_JV_FALSE:
        sso_cli_buf_puts(&tmp, "false");
        break;
    case SSO_CLI_JV_NUMBER:
        if (!v->is_int && v->num != v->num) {
            sso_cli_buf_puts(&tmp, ".nan");
        } else if (!v->is_int &&
                   (v->num > 1.7976931348623157e308 || v->num < -1.7976931348623157e308)) {
            sso_cli_buf_puts(&tmp, v->num > 0 ? ".inf" : "-.inf");
        } else {
            sso_cli_jv_str(&tmp, v); /* repr(), lower case as it is already */
        }
        break;
    default:
        sso_cli_buf_puts(&tmp, "null");
        break;
    }
    write_plain(e, tmp.data, tmp.len);
}

/* --- collections ----------------------------------------------------------- */

static void increase_indent(emitter_t *e, int flow, int indentless)
{
    if (e->indent < 0) {
        e->indent = flow ? BEST_INDENT : 0;
    } else if (!indentless) {
        e->indent += BEST_INDENT;
    }
}

static void node(emitter_t *e, const sso_cli_jv_t *v, int mapping_ctx, int simple_key);

/* The member whose name follows prev (NULL: the first) in Python's sorted()
 * order; names are unique. Quadratic, and no memory: objects are small. */
static size_t next_member(const sso_cli_jv_t *obj, const sso_cli_jv_t *prev)
{
    size_t i, best = obj->len;

    for (i = 0; i < obj->len; i++) {
        if (prev != NULL && sso_cli_jv_strcmp(obj->keys[i], prev) <= 0) {
            continue;
        }
        if (best == obj->len || sso_cli_jv_strcmp(obj->keys[i], obj->keys[best]) < 0) {
            best = i;
        }
    }
    return best;
}

static void block_mapping(emitter_t *e, const sso_cli_jv_t *v)
{
    const sso_cli_jv_t *prev = NULL;
    int saved = e->indent;
    size_t i, k;

    increase_indent(e, 0, 0);
    for (i = 0; i < v->len && (k = next_member(v, prev)) < v->len; i++) {
        write_indent(e);
        node(e, v->keys[k], 0, 1);
        indicator(e, ":", 0, 0, 0);
        node(e, v->items[k], 1, 0);
        prev = v->keys[k];
    }
    e->indent = saved;
}

static void block_sequence(emitter_t *e, const sso_cli_jv_t *v, int mapping_ctx)
{
    int saved = e->indent;
    size_t i;

    increase_indent(e, 0, mapping_ctx && !e->indention);
    for (i = 0; i < v->len; i++) {
        write_indent(e);
        indicator(e, "-", 1, 0, 1);
        node(e, v->items[i], 0, 0);
    }
    e->indent = saved;
}

static void node(emitter_t *e, const sso_cli_jv_t *v, int mapping_ctx, int simple_key)
{
    int saved = e->indent;

    if (sso_cli_jv_is_scalar(v)) {
        increase_indent(e, 1, 0);
        scalar(e, v, simple_key);
        e->indent = saved;
        return;
    }
    if (v->len == 0) {
        /* Empty collections are written in flow style. */
        indicator(e, v->type == SSO_CLI_JV_ARRAY ? "[" : "{", 1, 1, 0);
        indicator(e, v->type == SSO_CLI_JV_ARRAY ? "]" : "}", 0, 0, 0);
        return;
    }
    if (v->type == SSO_CLI_JV_ARRAY) {
        block_sequence(e, v, mapping_ctx);
    } else {
        block_mapping(e, v);
    }
}

void sso_cli_out_yaml(sso_cli_buf_t *b, const sso_cli_jv_t *v)
{
    emitter_t e = {b, -1, 0, 1, 1};

    if (sso_cli_jv_is_scalar(v)) {
        /* The AWS CLI writes a lone scalar as JSON rather than YAML. */
        sso_cli_jv_dump(b, v, SSO_CLI_DUMP_INLINE);
        sso_cli_buf_puts(b, "\n");
        return;
    }
    node(&e, v, 0, 0);
    sso_cli_buf_puts(b, "\n");
}
