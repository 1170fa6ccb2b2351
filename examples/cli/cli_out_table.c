/* --output table, as the AWS CLI's table formatter draws it: the result is
 * cut into sections (a title, optional column headers, rows), one per dict
 * or list met on the way down, each nested one indented by a `|` on both
 * sides; column widths are scaled to the widest section, with Python's
 * round-half-even and its off-by-one walk; a table wider than the terminal
 * turns its one-row sections into key/value pairs. Widths count East Asian
 * Wide, Fullwidth and Ambiguous characters as 2, as the AWS CLI does. */
#include "cli_output.h"

#include <math.h>
#include <string.h>

#include "cli_eaw_table.h"
#include "cli_jv_dump.h"

typedef struct {
    const char *s;
    size_t len;
    long width;
} cell_t;

typedef struct row {
    cell_t *cells;
    size_t n;
    struct row *next;
} row_t;

typedef struct section {
    cell_t title;
    long indent;
    cell_t *headers;
    size_t nheaders;
    row_t *rows, *last;
    size_t nrows;
    long *widths; /* the widest cell of each column */
    size_t ncols;
    struct section *next;
} section_t;

typedef struct {
    sso_cli_arena_t *a;
    section_t *first, *cur;
    int failed;
} table_t;

static int in_ranges(unsigned long cp)
{
    size_t lo = 0, hi = sizeof sso_cli_eaw_ranges / sizeof sso_cli_eaw_ranges[0];

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < sso_cli_eaw_ranges[mid][0]) {
            hi = mid;
        } else if (cp > sso_cli_eaw_ranges[mid][1]) {
            lo = mid + 1;
        } else {
            return 1;
        }
    }
    return 0;
}

size_t sso_cli_text_width(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0, w = 0;

    while (i < len) {
        size_t n = s[i] < 0x80 ? 1 : s[i] < 0xE0 ? 2 : s[i] < 0xF0 ? 3 : 4;
        unsigned long cp = s[i] < 0x80 ? s[i] : s[i] & (0x3Fu >> (n - 1));
        size_t k;
        if (i + n > len) {
            n = 1;
        }
        for (k = 1; k < n; k++) {
            cp = (cp << 6) | (s[i + k] & 0x3Fu);
        }
        w += in_ranges(cp) ? 2 : 1;
        i += n;
    }
    return w;
}

/* --- building the sections ----------------------------------------------- */

static int cell_of(table_t *t, const sso_cli_jv_t *v, cell_t *c)
{
    sso_cli_buf_t b;
    size_t cap;
    char *mem;

    if (v->type == SSO_CLI_JV_STRING) {
        c->s = v->str;
        c->len = v->len;
    } else {
        /* str() written into the arena's free space, then kept. */
        mem = sso_cli_arena_free_space(t->a, &cap);
        sso_cli_buf_fixed(&b, mem, cap);
        sso_cli_jv_str(&b, v);
        if (b.failed || sso_cli_arena_take(t->a, b.len + 1) == NULL) {
            t->a->failed = 1;
            return -1;
        }
        c->s = mem;
        c->len = b.len;
    }
    c->width = (long)sso_cli_text_width(c->s, c->len);
    return 0;
}

static void new_section(table_t *t, const char *title, size_t len, long indent)
{
    section_t *s = sso_cli_arena_alloc(t->a, sizeof *s);

    if (s == NULL) {
        t->failed = 1;
        return;
    }
    s->title.s = title;
    s->title.len = len;
    s->title.width = (long)sso_cli_text_width(title, len);
    s->indent = indent;
    if (t->cur == NULL) {
        t->first = s;
    } else {
        t->cur->next = s;
    }
    t->cur = s;
}

static void update_widths(table_t *t, section_t *s, const cell_t *cells, size_t n)
{
    size_t i;

    if (s->ncols == 0 && n > 0) {
        if ((s->widths = sso_cli_arena_alloc(t->a, n * sizeof *s->widths)) == NULL) {
            t->failed = 1;
            return;
        }
        s->ncols = n;
    }
    for (i = 0; i < n && i < s->ncols; i++) {
        if (cells[i].width > s->widths[i]) {
            s->widths[i] = cells[i].width;
        }
    }
}

static void add_headers(table_t *t, cell_t *cells, size_t n)
{
    if (t->cur == NULL || t->failed) {
        t->failed = 1;
        return;
    }
    update_widths(t, t->cur, cells, n);
    t->cur->headers = cells;
    t->cur->nheaders = n;
}

static void add_row(table_t *t, cell_t *cells, size_t n)
{
    row_t *r;

    if (t->cur == NULL || t->failed || (r = sso_cli_arena_alloc(t->a, sizeof *r)) == NULL) {
        t->failed = 1;
        return;
    }
    r->cells = cells;
    r->n = n;
    if (t->cur->rows == NULL) {
        t->cur->rows = r;
    } else {
        t->cur->last->next = r;
    }
    t->cur->last = r;
    t->cur->nrows++;
    update_widths(t, t->cur, cells, n);
}

static cell_t *cells(table_t *t, size_t n)
{
    cell_t *c = sso_cli_arena_alloc(t->a, (n ? n : 1) * sizeof *c);

    if (c == NULL) {
        t->failed = 1;
    }
    return c;
}

/* The keys of dicts, split into those with scalar values (headers) and the
 * rest, each sorted and unique (over every dict of a list). */
static int key_groups(table_t *t, const sso_cli_jv_t *const *dicts, size_t nd, sso_cli_jv_t **hdr,
                      sso_cli_jv_t **more)
{
    size_t i, j, cap = 0;

    for (i = 0; i < nd; i++) {
        cap += dicts[i]->type == SSO_CLI_JV_OBJECT ? dicts[i]->len : 0;
    }
    *hdr = sso_cli_jv_array(t->a, cap);
    *more = sso_cli_jv_array(t->a, cap);
    if (*hdr == NULL || *more == NULL) {
        t->failed = 1;
        return -1;
    }
    for (i = 0; i < nd; i++) {
        for (j = 0; dicts[i]->type == SSO_CLI_JV_OBJECT && j < dicts[i]->len; j++) {
            sso_cli_jv_t *set = sso_cli_jv_is_scalar(dicts[i]->items[j]) ? *hdr : *more;
            const sso_cli_jv_t *key = dicts[i]->keys[j];
            size_t k, at = set->len;
            for (k = 0; k < set->len && sso_cli_jv_strcmp(set->items[k], key) != 0; k++) {
            }
            if (k < set->len) {
                continue;
            }
            while (at > 0 && sso_cli_jv_strcmp(set->items[at - 1], key) > 0) {
                set->items[at] = set->items[at - 1];
                at--;
            }
            set->items[at] = (sso_cli_jv_t *)key;
            set->len++;
        }
    }
    return 0;
}

static cell_t *key_cells(table_t *t, const sso_cli_jv_t *keys)
{
    cell_t *c = cells(t, keys->len);
    size_t i;

    for (i = 0; c != NULL && i < keys->len; i++) {
        if (cell_of(t, keys->items[i], &c[i]) != 0) {
            t->failed = 1;
            return NULL;
        }
    }
    return c;
}

/* One row: the values of keys in obj; missing ones are "". */
static cell_t *value_cells(table_t *t, const sso_cli_jv_t *obj, const sso_cli_jv_t *keys)
{
    static sso_cli_jv_t empty = {SSO_CLI_JV_STRING, 0, 0, 0, "", 0, NULL, NULL};
    cell_t *c = cells(t, keys->len);
    size_t i;

    for (i = 0; c != NULL && i < keys->len; i++) {
        const sso_cli_jv_t *v = sso_cli_jv_get(obj, keys->items[i]->str, keys->items[i]->len);
        if (cell_of(t, v != NULL ? v : &empty, &c[i]) != 0) {
            t->failed = 1;
            return NULL;
        }
    }
    return c;
}

static int build(table_t *t, const sso_cli_jv_t *title, const char *title_s, const sso_cli_jv_t *v,
                 long indent);

static void sub_table_from_dict(table_t *t, const sso_cli_jv_t *v, long indent)
{
    sso_cli_jv_t *hdr, *more;
    size_t i;

    if (key_groups(t, &v, 1, &hdr, &more) != 0) {
        return;
    }
    if (hdr->len == 1) {
        cell_t *c = cells(t, 2);
        if (c == NULL || cell_of(t, hdr->items[0], &c[0]) != 0 ||
            cell_of(t, sso_cli_jv_get(v, hdr->items[0]->str, hdr->items[0]->len), &c[1]) != 0) {
            t->failed = 1;
            return;
        }
        add_row(t, c, 2);
    } else if (hdr->len > 1) {
        add_headers(t, key_cells(t, hdr), hdr->len);
        add_row(t, value_cells(t, v, hdr), hdr->len);
    }
    for (i = 0; i < more->len && !t->failed; i++) {
        build(t, more->items[i], NULL, sso_cli_jv_get(v, more->items[i]->str, more->items[i]->len),
              indent + 1);
    }
}

static void sub_table_from_list(table_t *t, const sso_cli_jv_t *v, long indent, const cell_t *title)
{
    sso_cli_jv_t *hdr, *more;
    cell_t *hc;
    size_t i, j;

    if (key_groups(t, (const sso_cli_jv_t *const *)v->items, v->len, &hdr, &more) != 0) {
        return;
    }
    hc = key_cells(t, hdr);
    add_headers(t, hc, hdr->len);
    for (i = 0; i < v->len && !t->failed; i++) {
        const sso_cli_jv_t *e = v->items[i];
        if (i > 0 && more->len > 0) {
            new_section(t, title->s, title->len, indent);
            add_headers(t, hc, hdr->len);
        }
        add_row(t, value_cells(t, e, hdr), hdr->len);
        for (j = 0; j < more->len && !t->failed; j++) {
            const sso_cli_jv_t *sub = sso_cli_jv_get(e, more->items[j]->str, more->items[j]->len);
            if (sub != NULL) {
                build(t, more->items[j], NULL, sub, indent + 1);
            }
        }
    }
}

/* A list of scalars and lists of scalars: rows; anything deeper recurses
 * into the same section. A dict item gives a row of its keys, as Python's
 * iteration of a dict does. */
static void list_rows(table_t *t, const sso_cli_jv_t *v)
{
    size_t i, j;

    for (i = 0; i < v->len && !t->failed; i++) {
        const sso_cli_jv_t *item = v->items[i];
        int flat = 1;
        cell_t *c;
        if (sso_cli_jv_is_scalar(item)) {
            if ((c = cells(t, 1)) == NULL || cell_of(t, item, &c[0]) != 0) {
                t->failed = 1;
                return;
            }
            add_row(t, c, 1);
            continue;
        }
        for (j = 0; item->type == SSO_CLI_JV_ARRAY && j < item->len; j++) {
            flat &= sso_cli_jv_is_scalar(item->items[j]);
        }
        if (!flat) {
            build(t, NULL, NULL, item, 0);
            continue;
        }
        if ((c = cells(t, item->len)) == NULL) {
            return;
        }
        for (j = 0; j < item->len; j++) {
            const sso_cli_jv_t *cellv =
                item->type == SSO_CLI_JV_ARRAY ? item->items[j] : item->keys[j];
            if (cell_of(t, cellv, &c[j]) != 0) {
                t->failed = 1;
                return;
            }
        }
        add_row(t, c, item->len);
    }
}

/* Returns 1 when something was added (the value is not empty or false). */
static int build(table_t *t, const sso_cli_jv_t *title, const char *title_s, const sso_cli_jv_t *v,
                 long indent)
{
    cell_t tc = {NULL, 0, 0};

    if (!sso_cli_jv_truthy(v) || (v->type == SSO_CLI_JV_NUMBER && v->num == 0)) {
        return 0; /* Python's `not current`: 0 is false there too */
    }
    if (title != NULL || title_s != NULL) {
        if (title != NULL) {
            tc.s = title->str;
            tc.len = title->len;
        } else {
            tc.s = title_s;
            tc.len = strlen(title_s);
        }
        new_section(t, tc.s, tc.len, indent);
    }
    if (v->type == SSO_CLI_JV_ARRAY) {
        if (v->items[0]->type == SSO_CLI_JV_OBJECT) {
            sub_table_from_list(t, v, indent, &tc);
        } else {
            list_rows(t, v);
        }
    } else if (v->type == SSO_CLI_JV_OBJECT) {
        sub_table_from_dict(t, v, indent);
    }
    return 1;
}

/* --- rendering ------------------------------------------------------------ */

/* The column widths of a section scaled to max_width (pad added to each
 * first), as Section.calculate_column_widths computes them. */
static void scaled_widths(const section_t *s, long pad, long max_width, long *out)
{
    long sum = 0, off;
    size_t i;

    for (i = 0; i < s->ncols; i++) {
        sum += s->widths[i] + pad;
    }
    if (max_width < 0 || sum == 0) {
        for (i = 0; i < s->ncols; i++) {
            out[i] = s->widths[i] + pad;
        }
        return;
    }
    for (i = 0; i < s->ncols; i++) {
        /* Python's round(): half to even. */
        out[i] = (long)nearbyint((double)max_width / (double)sum * (double)(s->widths[i] + pad));
    }
    off = -max_width;
    for (i = 0; i < s->ncols; i++) {
        off += out[i];
    }
    while (off != 0) {
        size_t k;
        for (k = 0; k < s->ncols; k++) {
            size_t idx = off < 0 ? s->ncols - 1 - k : k;
            if (off > 0) {
                out[idx]--;
                off--;
            } else {
                out[idx]++;
                off++;
            }
            if (off == 0) {
                break;
            }
        }
    }
}

static long total_width(const section_t *s)
{
    long total = 2 + 2 * s->indent, title = s->title.width + 2 + 2 * s->indent;
    size_t i;

    for (i = 0; i < s->ncols; i++) {
        total += s->widths[i] + 4;
    }
    return title > total ? title : total;
}

static long max_width(const table_t *t)
{
    const section_t *s;
    long m = 0;

    for (s = t->first; s != NULL; s = s->next) {
        long w = total_width(s);
        m = w > m ? w : m;
    }
    return m;
}

/* One-row sections with headers become header/value pairs. */
static void to_vertical(table_t *t)
{
    section_t *s;
    size_t i;

    for (s = t->first; s != NULL && !t->failed; s = s->next) {
        row_t *r = s->rows;
        if (s->nrows != 1 || s->nheaders == 0) {
            continue;
        }
        s->rows = s->last = NULL;
        s->nrows = 0;
        s->ncols = 0;
        s->widths = NULL;
        t->cur = s;
        for (i = 0; i < s->nheaders && i < r->n; i++) {
            cell_t *c = cells(t, 2);
            if (c == NULL) {
                return;
            }
            c[0] = s->headers[i];
            c[1] = r->cells[i];
            add_row(t, c, 2);
        }
        s->headers = NULL;
        s->nheaders = 0;
    }
}

static void spaces(sso_cli_buf_t *b, long n)
{
    for (; n > 0; n--) {
        sso_cli_buf_put(b, " ", 1);
    }
}

static void repeat(sso_cli_buf_t *b, char c, long n)
{
    for (; n > 0; n--) {
        sso_cli_buf_put(b, &c, 1);
    }
}

static void center(sso_cli_buf_t *b, const cell_t *text, long length, int left_edge)
{
    long start = length / 2 - text->width / 2 - 1;
    long so_far = left_edge + start + text->width;

    if (left_edge) {
        sso_cli_buf_puts(b, "|");
    }
    spaces(b, start);
    sso_cli_buf_put(b, text->s, text->len);
    spaces(b, length - 1 - so_far);
    sso_cli_buf_puts(b, "|");
}

static void align_left(sso_cli_buf_t *b, const cell_t *text, long length, int left_edge)
{
    long pad = length - (text->width + 2 + left_edge + 1) >= 0 ? 2 : 0;

    if (left_edge) {
        sso_cli_buf_puts(b, "|");
    }
    spaces(b, pad);
    sso_cli_buf_put(b, text->s, text->len);
    spaces(b, length - (left_edge + pad + text->width) - 1);
    sso_cli_buf_puts(b, "|");
}

/* Each line of a section is wrapped in one `|` per indent level a side. */
static void open_line(sso_cli_buf_t *b, long indent)
{
    repeat(b, '|', indent);
}

static void close_line(sso_cli_buf_t *b, long indent)
{
    repeat(b, '|', indent);
    sso_cli_buf_puts(b, "\n");
}

static void line_break(sso_cli_buf_t *b, const long *w, size_t n, long indent)
{
    size_t i;

    open_line(b, indent);
    for (i = 0; i < n; i++) {
        if (i == 0) {
            sso_cli_buf_puts(b, "+");
            repeat(b, '-', w[i] - 2);
        } else {
            repeat(b, '-', w[i] - 1);
        }
        sso_cli_buf_puts(b, "+");
    }
    close_line(b, indent);
}

static void render_section(table_t *t, sso_cli_buf_t *b, const section_t *s, long width)
{
    long *w;
    const row_t *r;
    size_t i, n;

    width -= 2 * s->indent;
    if (s->title.len > 0) {
        open_line(b, s->indent);
        center(b, &s->title, width, 1);
        close_line(b, s->indent);
        if (s->nheaders == 0 && s->nrows == 0) {
            open_line(b, s->indent);
            sso_cli_buf_puts(b, "+");
            repeat(b, '-', width - 2);
            sso_cli_buf_puts(b, "+");
            close_line(b, s->indent);
        }
    }
    if (s->ncols == 0 || (w = sso_cli_arena_alloc(t->a, s->ncols * sizeof *w)) == NULL) {
        return;
    }
    scaled_widths(s, 4, width, w);
    if (s->nheaders > 0) {
        n = s->nheaders < s->ncols ? s->nheaders : s->ncols;
        line_break(b, w, n, s->indent);
        open_line(b, s->indent);
        for (i = 0; i < n; i++) {
            center(b, &s->headers[i], w[i], i == 0);
        }
        close_line(b, s->indent);
    }
    if (s->nrows == 0) {
        return;
    }
    line_break(b, w, s->ncols, s->indent);
    for (r = s->rows; r != NULL; r = r->next) {
        open_line(b, s->indent);
        for (i = 0; i < r->n && i < s->ncols; i++) {
            align_left(b, &r->cells[i], w[i], i == 0);
        }
        close_line(b, s->indent);
    }
    line_break(b, w, s->ncols, s->indent);
}

int sso_cli_out_table(sso_cli_buf_t *b, const sso_cli_jv_t *v, const char *title,
                      unsigned term_width, sso_cli_arena_t *a)
{
    table_t t = {a, NULL, NULL, 0};
    const section_t *s;
    long width;

    if (!build(&t, NULL, title, v, 0)) {
        return 0;
    }
    if (t.failed || a->failed) {
        return -1;
    }
    width = max_width(&t);
    if (width > (long)term_width) {
        to_vertical(&t);
        width = max_width(&t);
    }
    repeat(b, '-', width);
    sso_cli_buf_puts(b, "\n");
    for (s = t.first; s != NULL; s = s->next) {
        render_section(&t, b, s, width);
    }
    return t.failed || a->failed ? -1 : 0;
}
