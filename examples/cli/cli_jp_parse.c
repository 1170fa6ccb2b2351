/* JMESPath lexer and Pratt parser: jmespath.py's token set, binding powers
 * and projection rules, so every expression parses to the same tree (and
 * fails with a syntax error where it fails). Tokens and nodes live in the
 * arena; nesting is bounded so a hostile expression cannot exhaust the
 * stack. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli_jp_ast.h"
#include "cli_jv_dump.h"

#define MAX_NESTING 200
#define NUMBER_CAP 1000000000L

typedef enum {
    T_EOF,
    T_IDENT,
    T_QIDENT,
    T_LITERAL,
    T_NUMBER,
    T_DOT,
    T_STAR,
    T_RBRACKET,
    T_COMMA,
    T_COLON,
    T_CURRENT,
    T_LPAREN,
    T_RPAREN,
    T_LBRACE,
    T_RBRACE,
    T_LBRACKET,
    T_FLATTEN,
    T_FILTER,
    T_PIPE,
    T_OR,
    T_AND,
    T_EXPREF,
    T_NOT,
    T_EQ,
    T_NE,
    T_LT,
    T_LE,
    T_GT,
    T_GE,
    T_COUNT
} tok_type_t;

/* Binding powers, as jmespath.py's parser gives them. */
static const unsigned char bp[T_COUNT] = {
    [T_PIPE] = 1,      [T_OR] = 2,      [T_AND] = 3,  [T_EQ] = 5,   [T_NE] = 5,
    [T_LT] = 5,        [T_LE] = 5,      [T_GT] = 5,   [T_GE] = 5,   [T_FLATTEN] = 9,
    [T_STAR] = 20,     [T_FILTER] = 21, [T_DOT] = 40, [T_NOT] = 45, [T_LBRACE] = 50,
    [T_LBRACKET] = 55, [T_LPAREN] = 60,
};
#define PROJECTION_STOP 10

typedef struct {
    tok_type_t type;
    size_t pos, end; /* bytes of the source it was read from */
    const char *s;   /* IDENT, QIDENT: the name (unescaped) */
    size_t len;
    long num;
    sso_cli_jv_t *lit;
} token_t;

typedef struct {
    sso_cli_arena_t *a;
    const char *src;
    size_t len;
    token_t *toks;
    size_t ntok, at;
    unsigned depth;
    char *err;
    size_t err_cap;
    sso_cli_jp_status_t st;
} parser_t;

/* Token names as jmespath.py spells them in its errors. */
static const char *const type_names[T_COUNT] = {
    [T_EOF] = "eof",
    [T_IDENT] = "unquoted_identifier",
    [T_QIDENT] = "quoted_identifier",
    [T_LITERAL] = "literal",
    [T_NUMBER] = "number",
    [T_DOT] = "dot",
    [T_STAR] = "star",
    [T_RBRACKET] = "rbracket",
    [T_COMMA] = "comma",
    [T_COLON] = "colon",
    [T_CURRENT] = "current",
    [T_LPAREN] = "lparen",
    [T_RPAREN] = "rparen",
    [T_LBRACE] = "lbrace",
    [T_RBRACE] = "rbrace",
    [T_LBRACKET] = "lbracket",
    [T_FLATTEN] = "flatten",
    [T_FILTER] = "filter",
    [T_PIPE] = "pipe",
    [T_OR] = "or",
    [T_AND] = "and",
    [T_EXPREF] = "expref",
    [T_NOT] = "not",
    [T_EQ] = "eq",
    [T_NE] = "ne",
    [T_LT] = "lt",
    [T_LE] = "lte",
    [T_GT] = "gt",
    [T_GE] = "gte",
};

/* Python indexes the expression by code point, not byte. */
static size_t column(const parser_t *p, size_t pos)
{
    return sso_cli_utf8_count(p->src, pos < p->len ? pos : p->len);
}

static void put(parser_t *p, size_t *n, const char *fmt, ...)
{
    va_list ap;
    int r;

    if (*n + 1 >= p->err_cap) {
        return;
    }
    va_start(ap, fmt);
    r = vsnprintf(p->err + *n, p->err_cap - *n, fmt, ap);
    va_end(ap);
    if (r > 0) {
        *n += (size_t)r < p->err_cap - *n ? (size_t)r : p->err_cap - *n - 1;
    }
}

static void spaces_then_caret(parser_t *p, size_t *n, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++) {
        put(p, n, " ");
    }
    put(p, n, "^");
}

/* Only the first error counts, as an exception would stop the parse. */
static int first_error(parser_t *p)
{
    if (p->st != SSO_CLI_JP_OK) {
        return 0;
    }
    p->st = p->a->failed ? SSO_CLI_JP_ERR_MEMORY : SSO_CLI_JP_ERR_SYNTAX;
    return p->err_cap > 0;
}

/* A token's value as Python's str() shows it. */
static void value_of(const parser_t *p, const token_t *t, char *out, size_t cap)
{
    sso_cli_buf_t b;

    switch (t->type) {
    case T_IDENT:
    case T_QIDENT:
        snprintf(out, cap, "%.*s", (int)t->len, t->s);
        return;
    case T_NUMBER:
        snprintf(out, cap, "%ld", t->num);
        return;
    case T_LITERAL:
        sso_cli_buf_fixed(&b, out, cap);
        sso_cli_jv_str(&b, t->lit);
        return;
    default:
        snprintf(out, cap, "%.*s", (int)(t->end - t->pos), p->src + t->pos);
        return;
    }
}

/* jmespath.py's ParseError. */
static void *parse_error(parser_t *p, const token_t *t, size_t col, const char *fmt, ...)
{
    char value[512];
    size_t n = 0;
    va_list ap;
    int r;
    const char *name = type_names[t->type];

    if (!first_error(p)) {
        return NULL;
    }
    va_start(ap, fmt);
    r = vsnprintf(p->err, p->err_cap, fmt, ap);
    va_end(ap);
    n = r < 0 ? 0 : (size_t)r < p->err_cap ? (size_t)r : p->err_cap - 1;
    value_of(p, t, value, sizeof value);
    put(p, &n, ": Parse error at column %lu, token \"%s\" (", (unsigned long)col, value);
    for (; *name != '\0'; name++) {
        put(p, &n, "%c", *name - ('a' <= *name && *name <= 'z' ? 'a' - 'A' : 0));
    }
    put(p, &n, "), for expression:\n\"%.*s\"\n", (int)p->len, p->src);
    spaces_then_caret(p, &n, col + 1);
    return NULL;
}

static void *token_error(parser_t *p, const token_t *t, const char *msg)
{
    return parse_error(p, t, column(p, t->pos), "%s", msg);
}

/* jmespath.py's IncompleteExpressionError: the input ended too soon. */
static void *incomplete(parser_t *p)
{
    size_t n = 0;

    if (first_error(p)) {
        put(p, &n, "Invalid jmespath expression: Incomplete expression:\n\"%.*s\"\n", (int)p->len,
            p->src);
        spaces_then_caret(p, &n, column(p, p->len) + 1);
    }
    return NULL;
}

/* An expected token is missing: incomplete at the end, else a ParseError
 * naming what was expected (a type name, or a Python list of them). */
static void *expecting(parser_t *p, const token_t *t, const char *expected)
{
    if (t->type == T_EOF) {
        return incomplete(p);
    }
    return parse_error(p, t, column(p, t->pos), "Expecting: %s, got: %s", expected,
                       type_names[t->type]);
}

/* jmespath.py's LexerError. */
static void *lex_error(parser_t *p, size_t pos, const char *fmt, ...)
{
    size_t n = 0;
    va_list ap;
    int r;

    if (!first_error(p)) {
        return NULL;
    }
    n = (size_t)snprintf(p->err, p->err_cap, "Bad jmespath expression: ");
    n = n < p->err_cap ? n : p->err_cap - 1;
    va_start(ap, fmt);
    r = vsnprintf(p->err + n, p->err_cap - n, fmt, ap);
    va_end(ap);
    n += r < 0 ? 0 : (size_t)r < p->err_cap - n ? (size_t)r : p->err_cap - n - 1;
    put(p, &n, ":\n%.*s\n", (int)p->len, p->src);
    spaces_then_caret(p, &n, column(p, pos));
    return NULL;
}

/* Not jmespath.py's: limits it does not have (memory, nesting). */
static void *limit_error(parser_t *p, const char *what)
{
    if (first_error(p)) {
        snprintf(p->err, p->err_cap, "Invalid jmespath expression: %s", what);
    }
    return NULL;
}

/* --- lexer ---------------------------------------------------------------- */

static int is_start(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
}

/* Bytes of the UTF-8 character at s (1 for a stray byte). */
static int utf8_len(const char *s, size_t n)
{
    unsigned char c = (unsigned char)s[0];
    size_t w = c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;

    return (int)(w <= n ? w : 1);
}

static int is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

/* Text up to the closing delimiter; a backslash keeps the next character.
 * Returns the index just past the delimiter, or 0 when it is missing. */
static size_t until(const parser_t *p, size_t i, char delim)
{
    for (i++; i < p->len; i++) {
        if (p->src[i] == '\\') {
            i++;
            continue;
        }
        if (p->src[i] == delim) {
            return i + 1;
        }
    }
    return 0;
}

/* Copies src[from..to) with each `\<delim>` turned into `<delim>`. */
static char *copy_unescaping(parser_t *p, size_t from, size_t to, char delim, size_t *len)
{
    char *out = sso_cli_arena_alloc(p->a, to - from + 3);
    size_t i, n = 0;

    if (out == NULL) {
        return NULL;
    }
    for (i = from; i < to; i++) {
        if (p->src[i] == '\\' && i + 1 < to && p->src[i + 1] == delim) {
            i++;
        }
        out[n++] = p->src[i];
    }
    out[n] = '\0';
    *len = n;
    return out;
}

/* `...`: JSON; failing that, jmespath.py's deprecated form, the text taken
 * as the inside of a JSON string. */
static int lex_literal(parser_t *p, size_t i, token_t *t, size_t *next)
{
    size_t end = until(p, i, '`'), n;
    char *text, *quoted;

    if (end == 0) {
        lex_error(p, i, "Unclosed ` delimiter");
        return -1;
    }
    if ((text = copy_unescaping(p, i + 1, end - 1, '`', &n)) == NULL) {
        return -1;
    }
    t->lit = sso_cli_jv_parse(p->a, text, n);
    if (t->lit == NULL && !p->a->failed) {
        size_t k = 0;
        while (k < n && (text[k] == ' ' || text[k] == '\t' || text[k] == '\n' || text[k] == '\r')) {
            k++;
        }
        quoted = sso_cli_arena_alloc(p->a, n - k + 3);
        if (quoted != NULL) {
            quoted[0] = '"';
            memcpy(quoted + 1, text + k, n - k);
            quoted[n - k + 1] = '"';
            t->lit = sso_cli_jv_parse(p->a, quoted, n - k + 2);
        }
    }
    if (t->lit == NULL) {
        lex_error(p, i, "Bad token %.*s", (int)n, text);
        return -1;
    }
    t->type = T_LITERAL;
    *next = end;
    return 0;
}

/* What Python's json module says first about a bad string body (the text
 * before its ':' position suffix, as jmespath.py quotes it). */
static const char *json_string_error(const char *s, size_t n)
{
    size_t i, k;

    for (i = 0; i < n; i++) {
        if ((unsigned char)s[i] < 0x20) {
            return "Invalid control character at";
        }
        if (s[i] != '\\') {
            continue;
        }
        if (++i >= n || strchr("\"\\/bfnrtu", s[i]) == NULL || s[i] == '\0') {
            return "Invalid \\escape";
        }
        for (k = 1; s[i] == 'u' && k <= 4; k++) {
            if (i + k >= n || strchr("0123456789abcdefABCDEF", s[i + k]) == NULL ||
                s[i + k] == '\0') {
                return "Invalid \\uXXXX escape";
            }
        }
    }
    return "Invalid quoted identifier";
}

static int lex_quoted(parser_t *p, size_t i, token_t *t, size_t *next)
{
    size_t end = until(p, i, '"');
    sso_cli_jv_t *v;

    if (end == 0) {
        lex_error(p, i, "Unclosed \" delimiter");
        return -1;
    }
    v = sso_cli_jv_parse(p->a, p->src + i, end - i);
    if (v == NULL || v->type != SSO_CLI_JV_STRING) {
        lex_error(p, i, "%s", json_string_error(p->src + i + 1, end - i - 2));
        return -1;
    }
    t->type = T_QIDENT;
    t->s = v->str;
    t->len = v->len;
    *next = end;
    return 0;
}

static int lex_raw_string(parser_t *p, size_t i, token_t *t, size_t *next)
{
    size_t end = until(p, i, '\''), n;
    char *text;

    if (end == 0) {
        lex_error(p, i, "Unclosed ' delimiter");
        return -1;
    }
    if ((text = copy_unescaping(p, i + 1, end - 1, '\'', &n)) == NULL ||
        (t->lit = sso_cli_jv_string(p->a, text, n)) == NULL) {
        return -1;
    }
    t->type = T_LITERAL;
    *next = end;
    return 0;
}

static int lex_number(parser_t *p, size_t i, token_t *t, size_t *next)
{
    size_t j = i + (p->src[i] == '-');
    long v = 0;

    if (j >= p->len || !is_digit(p->src[j])) {
        lex_error(p, i, "Unknown token '-'");
        return -1;
    }
    /* Python's ints have no bound; past a billion an index or slice bound
     * means the same as any larger one (no array is that long), so the
     * value saturates there. */
    for (; j < p->len && is_digit(p->src[j]); j++) {
        v = v >= NUMBER_CAP ? NUMBER_CAP : v * 10 + (p->src[j] - '0');
    }
    t->type = T_NUMBER;
    t->num = p->src[i] == '-' ? -v : v;
    *next = j;
    return 0;
}

/* One- and two-character operators: the second character, if it follows,
 * makes the longer token. */
static const struct {
    char first, second;
    tok_type_t one, two; /* one == T_EOF: the single character is an error */
} ops[] = {
    {'.', 0, T_DOT, T_EOF},
    {'*', 0, T_STAR, T_EOF},
    {']', 0, T_RBRACKET, T_EOF},
    {',', 0, T_COMMA, T_EOF},
    {':', 0, T_COLON, T_EOF},
    {'@', 0, T_CURRENT, T_EOF},
    {'(', 0, T_LPAREN, T_EOF},
    {')', 0, T_RPAREN, T_EOF},
    {'{', 0, T_LBRACE, T_EOF},
    {'}', 0, T_RBRACE, T_EOF},
    {'[', ']', T_LBRACKET, T_FLATTEN},
    {'|', '|', T_PIPE, T_OR},
    {'&', '&', T_EXPREF, T_AND},
    {'<', '=', T_LT, T_LE},
    {'>', '=', T_GT, T_GE},
    {'!', '=', T_NOT, T_NE},
    {'=', '=', T_EOF, T_EQ},
};

static int lex_op(parser_t *p, size_t i, token_t *t, size_t *next)
{
    size_t k;

    if (p->src[i] == '[' && i + 1 < p->len && p->src[i + 1] == '?') {
        t->type = T_FILTER;
        *next = i + 2;
        return 0;
    }
    for (k = 0; k < sizeof ops / sizeof ops[0]; k++) {
        if (ops[k].first != p->src[i]) {
            continue;
        }
        if (ops[k].second != 0 && i + 1 < p->len && p->src[i + 1] == ops[k].second) {
            t->type = ops[k].two;
            *next = i + 2;
            return 0;
        }
        if (ops[k].one == T_EOF) {
            break;
        }
        t->type = ops[k].one;
        *next = i + 1;
        return 0;
    }
    if (p->src[i] == '=') {
        return lex_error(p, i, "Unknown token '='"), -1;
    }
    lex_error(p, i, "Unknown token %.*s", (int)(i < p->len ? utf8_len(p->src + i, p->len - i) : 0),
              p->src + i);
    return -1;
}

static int lex_one(parser_t *p, size_t i, token_t *t, size_t *next)
{
    char ch = p->src[i];

    t->pos = i;
    if (is_start(ch)) {
        size_t j = i;
        while (j < p->len && (is_start(p->src[j]) || is_digit(p->src[j]))) {
            j++;
        }
        t->type = T_IDENT;
        t->s = p->src + i;
        t->len = j - i;
        *next = j;
        return 0;
    }
    if (is_digit(ch) || ch == '-') {
        return lex_number(p, i, t, next);
    }
    switch (ch) {
    case '`':
        return lex_literal(p, i, t, next);
    case '"':
        return lex_quoted(p, i, t, next);
    case '\'':
        return lex_raw_string(p, i, t, next);
    default:
        return lex_op(p, i, t, next);
    }
}

static int lex(parser_t *p)
{
    size_t i = 0, cap = p->len + 1; /* never more tokens than characters, plus EOF */

    p->toks = sso_cli_arena_alloc(p->a, cap * sizeof(token_t));
    if (p->toks == NULL) {
        limit_error(p, "out of memory");
        return -1;
    }
    while (i < p->len) {
        char ch = p->src[i];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
            i++;
            continue;
        }
        if (lex_one(p, i, &p->toks[p->ntok], &i) != 0) {
            return -1;
        }
        p->toks[p->ntok++].end = i;
    }
    p->toks[p->ntok].type = T_EOF;
    p->toks[p->ntok].pos = p->toks[p->ntok].end = p->len;
    p->ntok++;
    return 0;
}

/* --- parser --------------------------------------------------------------- */

static const token_t *cur(const parser_t *p)
{
    return &p->toks[p->at];
}

static tok_type_t peek(const parser_t *p, size_t ahead)
{
    return p->at + ahead < p->ntok ? p->toks[p->at + ahead].type : T_EOF;
}

static void advance(parser_t *p)
{
    if (p->at + 1 < p->ntok) {
        p->at++;
    }
}

static int match(parser_t *p, tok_type_t type)
{
    if (cur(p)->type != type) {
        expecting(p, cur(p), type_names[type]);
        return -1;
    }
    advance(p);
    return 0;
}

static sso_cli_jp_node_t *node(parser_t *p, jp_kind_t kind)
{
    sso_cli_jp_node_t *n = sso_cli_arena_alloc(p->a, sizeof *n);

    if (n == NULL) {
        return limit_error(p, "out of memory");
    }
    n->kind = kind;
    return n;
}

static sso_cli_jp_node_t *binary(parser_t *p, jp_kind_t kind, const sso_cli_jp_node_t *l,
                                 const sso_cli_jp_node_t *r)
{
    sso_cli_jp_node_t *n;

    if (l == NULL || r == NULL || (n = node(p, kind)) == NULL) {
        return NULL;
    }
    n->left = l;
    n->right = r;
    return n;
}

static sso_cli_jp_node_t *expression(parser_t *p, unsigned rbp);

/* A growable list of child nodes, kept in the arena (a list of n entries
 * costs at most 2n slots). */
typedef struct {
    const sso_cli_jp_node_t **items;
    sso_cli_jv_t **keys;
    size_t n, cap;
} list_t;

static int list_add(parser_t *p, list_t *l, const sso_cli_jp_node_t *item, sso_cli_jv_t *key)
{
    if (item == NULL) {
        return -1;
    }
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 4;
        const sso_cli_jp_node_t **items = sso_cli_arena_alloc(p->a, cap * sizeof *items);
        sso_cli_jv_t **keys = sso_cli_arena_alloc(p->a, cap * sizeof *keys);
        if (items == NULL || keys == NULL) {
            limit_error(p, "out of memory");
            return -1;
        }
        if (l->n > 0) {
            memcpy(items, l->items, l->n * sizeof *items);
            memcpy(keys, l->keys, l->n * sizeof *keys);
        }
        l->items = items;
        l->keys = keys;
        l->cap = cap;
    }
    l->keys[l->n] = key;
    l->items[l->n++] = item;
    return 0;
}

static sso_cli_jp_node_t *from_list(parser_t *p, jp_kind_t kind, const list_t *l)
{
    sso_cli_jp_node_t *n = node(p, kind);

    if (n != NULL) {
        n->args = l->items;
        n->keys = l->keys;
        n->nargs = l->n;
    }
    return n;
}

static sso_cli_jp_node_t *multi_list(parser_t *p)
{
    list_t l = {NULL, NULL, 0, 0};

    for (;;) {
        if (list_add(p, &l, expression(p, 0), NULL) != 0) {
            return NULL;
        }
        if (cur(p)->type == T_RBRACKET) {
            break;
        }
        if (match(p, T_COMMA) != 0) {
            return NULL;
        }
    }
    advance(p);
    return from_list(p, JP_MULTI_LIST, &l);
}

static sso_cli_jp_node_t *multi_hash(parser_t *p)
{
    list_t l = {NULL, NULL, 0, 0};

    for (;;) {
        const token_t *k = cur(p);
        sso_cli_jv_t *key;
        if (k->type != T_IDENT && k->type != T_QIDENT) {
            return expecting(p, k, "['quoted_identifier', 'unquoted_identifier']");
        }
        advance(p);
        if (match(p, T_COLON) != 0 || (key = sso_cli_jv_string(p->a, k->s, k->len)) == NULL ||
            list_add(p, &l, expression(p, 0), key) != 0) {
            return limit_error(p, "out of memory");
        }
        if (cur(p)->type == T_COMMA) {
            advance(p);
        } else if (cur(p)->type == T_RBRACE) {
            advance(p);
            break;
        } else {
            /* jmespath.py asks for the next key, which fails here too. */
            if (cur(p)->type != T_IDENT && cur(p)->type != T_QIDENT) {
                return expecting(p, cur(p), "['quoted_identifier', 'unquoted_identifier']");
            }
        }
    }
    return from_list(p, JP_MULTI_HASH, &l);
}

static sso_cli_jp_node_t *dot_rhs(parser_t *p, unsigned rbp)
{
    switch (cur(p)->type) {
    case T_IDENT:
    case T_QIDENT:
    case T_STAR:
        return expression(p, rbp);
    case T_LBRACKET:
        advance(p);
        return multi_list(p);
    case T_LBRACE:
        advance(p);
        return multi_hash(p);
    default:
        return parse_error(p, cur(p), column(p, cur(p)->pos),
                           "Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', "
                           "'lbrace'], got: %s",
                           type_names[cur(p)->type]);
    }
}

static sso_cli_jp_node_t *projection_rhs(parser_t *p, unsigned rbp)
{
    tok_type_t t = cur(p)->type;

    if (bp[t] < PROJECTION_STOP) {
        return node(p, JP_CURRENT);
    }
    if (t == T_LBRACKET || t == T_FILTER) {
        return expression(p, rbp);
    }
    if (t == T_DOT) {
        advance(p);
        return dot_rhs(p, rbp);
    }
    return token_error(p, cur(p), "syntax error");
}

static sso_cli_jp_node_t *index_or_slice(parser_t *p)
{
    sso_cli_jp_node_t *n;
    unsigned part = 0;

    if (peek(p, 0) != T_COLON && peek(p, 1) != T_COLON) {
        if ((n = node(p, JP_INDEX)) == NULL) {
            return NULL;
        }
        n->slice[0] = cur(p)->num;
        advance(p);
        return match(p, T_RBRACKET) == 0 ? n : NULL;
    }
    if ((n = node(p, JP_SLICE)) == NULL) {
        return NULL;
    }
    while (cur(p)->type != T_RBRACKET) {
        if (cur(p)->type == T_COLON) {
            if (++part == 3) {
                return token_error(p, cur(p), "syntax error");
            }
        } else if (cur(p)->type == T_NUMBER) {
            n->slice[part] = cur(p)->num;
            n->has_slice[part] = 1;
        } else {
            return token_error(p, cur(p), "syntax error");
        }
        advance(p);
    }
    advance(p);
    return n;
}

/* left[index] is a subexpression; left[slice] a projection over the slice. */
static sso_cli_jp_node_t *project_if_slice(parser_t *p, const sso_cli_jp_node_t *left,
                                           sso_cli_jp_node_t *right)
{
    sso_cli_jp_node_t *ix = binary(p, JP_SUBEXPR, left, right);

    if (ix != NULL) {
        ix->index_expr = 1;
    }
    if (ix == NULL || right->kind != JP_SLICE) {
        return ix;
    }
    return binary(p, JP_PROJECTION, ix, projection_rhs(p, bp[T_STAR]));
}

static sso_cli_jp_node_t *filter(parser_t *p, const sso_cli_jp_node_t *left)
{
    sso_cli_jp_node_t *cond = expression(p, 0), *n, *right;

    if (cond == NULL || match(p, T_RBRACKET) != 0) {
        return NULL;
    }
    right = cur(p)->type == T_FLATTEN ? node(p, JP_CURRENT) : projection_rhs(p, bp[T_FILTER]);
    if ((n = binary(p, JP_FILTER, left, right)) != NULL) {
        n->cond = cond;
    }
    return n;
}

static sso_cli_jp_node_t *nud_lbracket(parser_t *p)
{
    sso_cli_jp_node_t *ix;

    if (cur(p)->type == T_NUMBER || cur(p)->type == T_COLON) {
        ix = index_or_slice(p);
        return ix != NULL ? project_if_slice(p, node(p, JP_CURRENT), ix) : NULL;
    }
    if (cur(p)->type == T_STAR && peek(p, 1) == T_RBRACKET) {
        advance(p);
        advance(p);
        return binary(p, JP_PROJECTION, node(p, JP_CURRENT), projection_rhs(p, bp[T_STAR]));
    }
    return multi_list(p);
}

static sso_cli_jp_node_t *nud(parser_t *p, const token_t *t)
{
    sso_cli_jp_node_t *n;

    switch (t->type) {
    case T_LITERAL:
        if ((n = node(p, JP_LITERAL)) != NULL) {
            n->literal = t->lit;
        }
        return n;
    case T_IDENT:
    case T_QIDENT:
        if (t->type == T_QIDENT && cur(p)->type == T_LPAREN) {
            return parse_error(p, cur(p), 0, "Quoted identifier not allowed for function names.");
        }
        if ((n = node(p, JP_FIELD)) != NULL) {
            n->name = t->s;
            n->name_len = t->len;
        }
        return n;
    case T_STAR:
        return binary(p, JP_VALUES, node(p, JP_CURRENT),
                      cur(p)->type == T_RBRACKET ? node(p, JP_CURRENT)
                                                 : projection_rhs(p, bp[T_STAR]));
    case T_FILTER:
        return filter(p, node(p, JP_CURRENT));
    case T_LBRACE:
        return multi_hash(p);
    case T_LPAREN:
        n = expression(p, 0);
        return n != NULL && match(p, T_RPAREN) == 0 ? n : NULL;
    case T_FLATTEN:
        return binary(p, JP_PROJECTION,
                      binary(p, JP_FLATTEN, node(p, JP_CURRENT), node(p, JP_CURRENT)),
                      projection_rhs(p, bp[T_FLATTEN]));
    case T_NOT:
        return binary(p, JP_NOT, expression(p, bp[T_NOT]), node(p, JP_CURRENT));
    case T_LBRACKET:
        return nud_lbracket(p);
    case T_CURRENT:
        return node(p, JP_CURRENT);
    case T_EXPREF:
        return binary(p, JP_EXPREF, expression(p, 0), node(p, JP_CURRENT));
    case T_EOF:
        return incomplete(p);
    default:
        return token_error(p, t, "invalid token");
    }
}

static sso_cli_jp_node_t *function_call(parser_t *p, const sso_cli_jp_node_t *name)
{
    list_t l = {NULL, NULL, 0, 0};
    sso_cli_jp_node_t *n;

    if (name->kind != JP_FIELD) {
        const token_t *prev = &p->toks[p->at >= 2 ? p->at - 2 : 0];
        char value[512];
        value_of(p, prev, value, sizeof value);
        return parse_error(p, prev, column(p, prev->pos), "Invalid function name '%s'", value);
    }
    while (cur(p)->type != T_RPAREN) {
        if (list_add(p, &l, expression(p, 0), NULL) != 0) {
            return NULL;
        }
        if (cur(p)->type == T_COMMA) {
            advance(p);
        }
    }
    advance(p);
    if ((n = from_list(p, JP_FUNCTION, &l)) != NULL) {
        n->name = name->name;
        n->name_len = name->name_len;
    }
    return n;
}

static sso_cli_jp_node_t *led(parser_t *p, tok_type_t t, sso_cli_jp_node_t *left)
{
    static const jp_cmp_t cmp_of[T_COUNT] = {[T_EQ] = JP_EQ, [T_NE] = JP_NE, [T_LT] = JP_LT,
                                             [T_LE] = JP_LE, [T_GT] = JP_GT, [T_GE] = JP_GE};
    sso_cli_jp_node_t *n;

    switch (t) {
    case T_DOT:
        if (cur(p)->type == T_STAR) {
            advance(p);
            return binary(p, JP_VALUES, left, projection_rhs(p, bp[T_DOT]));
        }
        return binary(p, JP_SUBEXPR, left, dot_rhs(p, bp[T_DOT]));
    case T_PIPE:
        return binary(p, JP_PIPE, left, expression(p, bp[T_PIPE]));
    case T_OR:
        return binary(p, JP_OR, left, expression(p, bp[T_OR]));
    case T_AND:
        return binary(p, JP_AND, left, expression(p, bp[T_AND]));
    case T_LPAREN:
        return function_call(p, left);
    case T_FILTER:
        return filter(p, left);
    case T_FLATTEN:
        return binary(p, JP_PROJECTION, binary(p, JP_FLATTEN, left, node(p, JP_CURRENT)),
                      projection_rhs(p, bp[T_FLATTEN]));
    case T_EQ:
    case T_NE:
    case T_LT:
    case T_LE:
    case T_GT:
    case T_GE:
        if ((n = binary(p, JP_COMPARE, left, expression(p, bp[t]))) != NULL) {
            n->cmp = cmp_of[t];
        }
        return n;
    case T_LBRACKET:
        if (cur(p)->type == T_NUMBER || cur(p)->type == T_COLON) {
            sso_cli_jp_node_t *ix;
            n = index_or_slice(p);
            if (n != NULL && left->index_expr) {
                /* jmespath.py appends to the index expression: no new projection. */
                if ((ix = binary(p, JP_SUBEXPR, left, n)) != NULL) {
                    ix->index_expr = 1;
                }
                return ix;
            }
            return n != NULL ? project_if_slice(p, left, n) : NULL;
        }
        if (match(p, T_STAR) != 0 || match(p, T_RBRACKET) != 0) {
            return NULL;
        }
        return binary(p, JP_PROJECTION, left, projection_rhs(p, bp[T_STAR]));
    default:
        return token_error(p, &p->toks[p->at - 1], "invalid token");
    }
}

static sso_cli_jp_node_t *expression(parser_t *p, unsigned rbp)
{
    const token_t *t;
    sso_cli_jp_node_t *left;

    if (p->st != SSO_CLI_JP_OK) {
        return NULL;
    }
    if (++p->depth > MAX_NESTING) {
        return limit_error(p, "expression nested too deeply");
    }
    t = cur(p);
    advance(p);
    left = nud(p, t);
    while (left != NULL && rbp < bp[cur(p)->type]) {
        tok_type_t op = cur(p)->type;
        advance(p);
        left = led(p, op, left);
    }
    p->depth--;
    return left;
}

sso_cli_jp_status_t sso_cli_jp_compile(sso_cli_arena_t *a, const char *expr, size_t len,
                                       sso_cli_jp_node_t **out, char *err, size_t cap)
{
    parser_t p;
    sso_cli_jp_node_t *root;

    memset(&p, 0, sizeof p);
    p.a = a;
    p.src = expr;
    p.len = len;
    p.err = err;
    p.err_cap = cap;
    if (cap > 0) {
        err[0] = '\0';
    }
    *out = NULL;
    if (len == 0) {
        if (first_error(&p)) {
            snprintf(err, cap, "Invalid JMESPath expression: cannot be empty.");
        }
        return p.st;
    }
    if (lex(&p) != 0) {
        return p.st != SSO_CLI_JP_OK ? p.st : SSO_CLI_JP_ERR_MEMORY;
    }
    root = expression(&p, 0);
    if (root != NULL && cur(&p)->type != T_EOF) {
        char value[512];
        value_of(&p, cur(&p), value, sizeof value);
        parse_error(&p, cur(&p), column(&p, cur(&p)->pos), "Unexpected token: %s", value);
        root = NULL;
    }
    if (root == NULL) {
        return p.st != SSO_CLI_JP_OK ? p.st : SSO_CLI_JP_ERR_MEMORY;
    }
    *out = root;
    return SSO_CLI_JP_OK;
}
