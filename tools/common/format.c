/* table / json / yaml output of surql_value data for the tools. */
#include "format.h"

#include <stdlib.h>
#include <string.h>

/* ---- table ---- */

int surql_cli_cell_text(surql_buf *b, const surql_value *v)
{
    const char *s;
    size_t n;
    if (surql_value_type_of(v) == SURQL_VALUE_STRING &&
        surql_value_get_string(v, &s, &n) == SURQL_OK) {
        /* raw text, but one line: control characters become escapes */
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)s[i];
            int rc = c == '\n'   ? surql_buf_puts(b, "\\n")
                     : c == '\t' ? surql_buf_puts(b, "\\t")
                     : c < 0x20 || c == 0x7f ? surql_buf_printf(b, "\\x%02x", c)
                                             : surql_buf_putc(b, (char)c);
            if (rc)
                return rc;
        }
        return SURQL_OK;
    }
    if (surql_value_is_none(v))
        return SURQL_OK; /* an absent field is an empty cell */
    return surql_value_to_surql(v, b, 0);
}

static size_t display_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) /* count UTF-8 lead bytes */
            w++;
    return w;
}

static void pad(FILE *out, size_t n)
{
    while (n--)
        fputc(' ', out);
}

/* array whose items are all objects: columns are the keys in first-seen order */
static int print_rows(FILE *out, const surql_value *arr)
{
    size_t rows = surql_value_length(arr), ncol = 0, cap = 0;
    const char **cols = NULL;
    size_t *width = NULL;
    char **cells = NULL;
    int rc = SURQL_OK;
    for (size_t r = 0; r < rows && !rc; r++) {
        const surql_value *row = surql_value_array_at(arr, r);
        for (size_t i = 0; i < surql_value_length(row); i++) {
            const char *k;
            const surql_value *val;
            if (surql_value_object_at(row, i, &k, NULL, &val))
                continue;
            size_t c;
            for (c = 0; c < ncol && strcmp(cols[c], k) != 0; c++)
                ;
            if (c < ncol)
                continue;
            if (ncol == cap) {
                cap = cap ? cap * 2 : 8;
                const char **nc = realloc(cols, cap * sizeof *cols);
                size_t *nw = nc ? realloc(width, cap * sizeof *width) : NULL;
                if (nc)
                    cols = nc;
                if (!nw) {
                    rc = surql_error_set(SURQL_ENOMEM, "surql-tools", "out of memory");
                    break;
                }
                width = nw;
            }
            cols[ncol] = k;
            width[ncol] = display_width(k);
            ncol++;
        }
    }
    if (!rc && rows && ncol) {
        cells = calloc(rows * ncol, sizeof *cells);
        if (!cells)
            rc = surql_error_set(SURQL_ENOMEM, "surql-tools", "out of memory");
    }
    for (size_t r = 0; !rc && r < rows; r++) {
        const surql_value *row = surql_value_array_at(arr, r);
        for (size_t c = 0; !rc && c < ncol; c++) {
            const surql_value *val = surql_value_object_get(row, cols[c]);
            surql_buf b = SURQL_BUF_INIT;
            rc = val ? surql_cli_cell_text(&b, val) : SURQL_OK;
            cells[r * ncol + c] = surql_buf_detach(&b);
            surql_buf_dispose(&b);
            if (!rc && !cells[r * ncol + c])
                rc = surql_error_set(SURQL_ENOMEM, "surql-tools", "out of memory");
            if (!rc && display_width(cells[r * ncol + c]) > width[c])
                width[c] = display_width(cells[r * ncol + c]);
        }
    }
    if (!rc) {
        for (size_t c = 0; c < ncol; c++) {
            fputs(cols[c], out);
            if (c + 1 < ncol)
                pad(out, width[c] - display_width(cols[c]) + 2);
        }
        fputc('\n', out);
        for (size_t c = 0; c < ncol; c++) {
            for (size_t i = 0; i < width[c]; i++)
                fputc('-', out);
            if (c + 1 < ncol)
                fputs("  ", out);
        }
        fputc('\n', out);
        for (size_t r = 0; r < rows; r++) {
            for (size_t c = 0; c < ncol; c++) {
                const char *cell = cells[r * ncol + c];
                fputs(cell, out);
                if (c + 1 < ncol)
                    pad(out, width[c] - display_width(cell) + 2);
            }
            fputc('\n', out);
        }
        fprintf(out, "(%zu row%s)\n", rows, rows == 1 ? "" : "s");
    }
    if (cells)
        for (size_t i = 0; i < rows * ncol; i++)
            surql_free(cells[i]);
    free(cells);
    free(cols);
    free(width);
    return rc;
}

static int all_objects(const surql_value *arr)
{
    size_t n = surql_value_length(arr);
    for (size_t i = 0; i < n; i++)
        if (surql_value_type_of(surql_value_array_at(arr, i)) != SURQL_VALUE_OBJECT)
            return 0;
    return n > 0;
}

static int print_table(FILE *out, const surql_value *v)
{
    surql_value_type t = surql_value_type_of(v);
    surql_buf b = SURQL_BUF_INIT;
    int rc = SURQL_OK;
    if (t == SURQL_VALUE_ARRAY && all_objects(v))
        return print_rows(out, v);
    if (t == SURQL_VALUE_OBJECT) {
        size_t n = surql_value_length(v), w = 0;
        for (size_t i = 0; i < n; i++) {
            const char *k;
            const surql_value *val;
            if (!surql_value_object_at(v, i, &k, NULL, &val) && display_width(k) > w)
                w = display_width(k);
        }
        for (size_t i = 0; !rc && i < n; i++) {
            const char *k;
            const surql_value *val;
            if (surql_value_object_at(v, i, &k, NULL, &val))
                continue;
            surql_buf_clear(&b);
            rc = surql_cli_cell_text(&b, val);
            fputs(k, out);
            pad(out, w - display_width(k) + 2);
            fprintf(out, "%s\n", surql_buf_cstr(&b));
        }
    } else if (t == SURQL_VALUE_ARRAY) {
        size_t n = surql_value_length(v);
        for (size_t i = 0; !rc && i < n; i++) {
            surql_buf_clear(&b);
            rc = surql_cli_cell_text(&b, surql_value_array_at(v, i));
            fprintf(out, "%s\n", surql_buf_cstr(&b));
        }
        fprintf(out, "(%zu item%s)\n", n, n == 1 ? "" : "s");
    } else {
        rc = surql_cli_cell_text(&b, v);
        fprintf(out, "%s\n", surql_buf_cstr(&b));
    }
    surql_buf_dispose(&b);
    return rc;
}

/* ---- yaml ---- */

static int yaml_plain_key(const char *k)
{
    static const char *const special[] = { "y", "n", "yes", "no", "true", "false", "on",
                                           "off", "null", "~" };
    if (!((*k >= 'A' && *k <= 'Z') || (*k >= 'a' && *k <= 'z') || *k == '_'))
        return 0;
    for (const char *p = k; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
              (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
            return 0;
    for (size_t i = 0; i < sizeof special / sizeof special[0]; i++) {
        const char *a = k, *b = special[i];
        while (*a && *b && (*a | 0x20) == *b)
            a++, b++;
        if (!*a && !*b)
            return 0;
    }
    return 1;
}

static int yaml_key(surql_buf *b, const char *k)
{
    if (yaml_plain_key(k))
        return surql_buf_puts(b, k);
    surql_value *s = surql_value_string(k);
    if (!s)
        return surql_error_last()->code;
    int rc = surql_value_to_json(s, b, 0);
    surql_value_unref(s);
    return rc;
}

/* a user object whose only key starts with '$' is wrapped like the JSON form */
static int needs_object_wrap(const surql_value *v)
{
    const char *k;
    const surql_value *val;
    return surql_value_length(v) == 1 && !surql_value_object_at(v, 0, &k, NULL, &val) && k[0] == '$';
}

/* Where a node is written: at the top level, after "key:", or after "- ".
 * `indent` is the column of the node's own lines. */
typedef enum { Y_TOP, Y_MAPVAL, Y_SEQITEM } yctx;

static int yaml_node(surql_buf *b, const surql_value *v, int indent, yctx ctx);

static int yaml_indent(surql_buf *b, int n)
{
    int rc = SURQL_OK;
    while (!rc && n-- > 0)
        rc = surql_buf_putc(b, ' ');
    return rc;
}

/* start of a line at `indent`, except the first line of a sequence item,
 * which continues after "- " */
static int yaml_line(surql_buf *b, int indent, yctx ctx, size_t i)
{
    return (ctx == Y_SEQITEM && i == 0) ? SURQL_OK : yaml_indent(b, indent);
}

static int yaml_map(surql_buf *b, const surql_value *v, int indent, yctx ctx)
{
    size_t n = surql_value_length(v);
    int rc = SURQL_OK;
    for (size_t i = 0; !rc && i < n; i++) {
        const char *k;
        const surql_value *val;
        if (surql_value_object_at(v, i, &k, NULL, &val))
            continue;
        rc = yaml_line(b, indent, ctx, i);
        if (!rc)
            rc = yaml_key(b, k);
        if (!rc)
            rc = surql_buf_putc(b, ':');
        if (!rc)
            rc = yaml_node(b, val, indent + 2, Y_MAPVAL);
    }
    return rc;
}

static int yaml_seq(surql_buf *b, const surql_value *v, int indent, yctx ctx)
{
    size_t n = surql_value_length(v);
    int rc = SURQL_OK;
    for (size_t i = 0; !rc && i < n; i++) {
        rc = yaml_line(b, indent, ctx, i);
        if (!rc)
            rc = surql_buf_puts(b, "- ");
        if (!rc)
            rc = yaml_node(b, surql_value_array_at(v, i), indent + 2, Y_SEQITEM);
    }
    return rc;
}

static int yaml_node(surql_buf *b, const surql_value *v, int indent, yctx ctx)
{
    surql_value_type t = surql_value_type_of(v);
    int block = (t == SURQL_VALUE_OBJECT || t == SURQL_VALUE_ARRAY) && surql_value_length(v) > 0;
    int rc = SURQL_OK;
    if (!block) {
        /* scalar, empty container or typed value: its extended JSON is valid YAML */
        if (ctx == Y_MAPVAL)
            rc = surql_buf_putc(b, ' ');
        if (!rc)
            rc = surql_value_to_json(v, b, SURQL_JSON_EXTENDED);
        return rc ? rc : surql_buf_putc(b, '\n');
    }
    if (ctx == Y_MAPVAL)
        rc = surql_buf_putc(b, '\n');
    if (!rc && t == SURQL_VALUE_ARRAY)
        return yaml_seq(b, v, indent, ctx);
    if (!rc && needs_object_wrap(v)) {
        rc = yaml_line(b, indent, ctx, 0);
        if (!rc)
            rc = surql_buf_puts(b, "$object:\n");
        return rc ? rc : yaml_map(b, v, indent + 2, Y_TOP);
    }
    return rc ? rc : yaml_map(b, v, indent, ctx);
}

int surql_cli_print_value(FILE *out, const surql_value *v, surql_cli_format fmt)
{
    surql_buf b = SURQL_BUF_INIT;
    int rc;
    switch (fmt) {
    case SURQL_FORMAT_JSON:
        rc = surql_value_to_json(v, &b, SURQL_JSON_EXTENDED | SURQL_JSON_PRETTY);
        if (!rc)
            fprintf(out, "%s\n", surql_buf_cstr(&b));
        break;
    case SURQL_FORMAT_YAML:
        rc = yaml_node(&b, v, 0, Y_TOP);
        if (!rc)
            fputs(surql_buf_cstr(&b), out);
        break;
    default:
        rc = print_table(out, v);
        break;
    }
    surql_buf_dispose(&b);
    return rc;
}
