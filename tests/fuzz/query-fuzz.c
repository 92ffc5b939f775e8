/* libFuzzer target for libsurql-query: record-id parsing, identifier/path
 * escaping and literal rendering of built statements.
 *
 *   cmake -DCMAKE_C_COMPILER=clang -DSURQL_FUZZ=ON ... && ./query-fuzz corpus/
 *
 * Invariants checked (abort() on violation, so the fuzzer reports it):
 *  - a string value is always bound: the statement text never changes;
 *  - the display literal of the bound string parses back to an equal value;
 *  - a record id that parses renders (display) back to an equal record;
 *  - a name is refused or confined to one escaped identifier. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <surql/query.h>

static void check_value(const uint8_t *data, size_t size)
{
    surql_value *v = surql_value_string_len((const char *)data, size);
    if (!v)
        return; /* invalid UTF-8 is refused by the value layer */
    surql_query_builder *b = surql_query_where(surql_query_from(surql_query_select(), "t"),
                                               surql_query_eq(surql_query_field("f"), surql_query_value(v)));
    surql_query_stmt *s = NULL;
    if (surql_query_build(&s, b) != 0 || strcmp(surql_query_stmt_text(s), "SELECT * FROM t WHERE (f = $p1)"))
        abort();
    surql_buf d = SURQL_BUF_INIT;
    if (surql_query_stmt_display(s, &d) == 0) {
        const char *pre = "SELECT * FROM t WHERE (f = ";
        size_t pl = strlen(pre);
        if (d.size < pl + 1 || memcmp(d.ptr, pre, pl) || d.ptr[d.size - 1] != ')')
            abort();
        surql_value *back = NULL;
        if (surql_value_from_surql(&back, d.ptr + pl, d.size - pl - 1) != 0 || !surql_value_equal(back, v))
            abort();
        surql_value_unref(back);
    }
    surql_buf_dispose(&d);
    surql_query_stmt_unref(s);
    surql_query_unref(b);
    surql_value_unref(v);
}

static void check_record(const char *text)
{
    surql_value *r = NULL;
    if (surql_query_record_parse(&r, text, 1) != 0)
        return;
    surql_query_builder *b = surql_query_from_value(surql_query_select(), r);
    surql_query_stmt *s = NULL;
    if (surql_query_build(&s, b) == 0) {
        if (strcmp(surql_query_stmt_text(s), "SELECT * FROM $p1") != 0)
            abort();
        surql_buf d = SURQL_BUF_INIT;
        if (surql_query_stmt_display(s, &d) == 0) {
            surql_value *back = NULL;
            if (surql_value_from_surql(&back, d.ptr + 14, d.size - 14) != 0 || !surql_value_equal(back, r))
                abort();
            surql_value_unref(back);
        }
        surql_buf_dispose(&d);
    }
    surql_query_stmt_unref(s);
    surql_query_unref(b);
    surql_value_unref(r);
}

static void check_name(const char *text)
{
    surql_query_builder *b = surql_query_from_table(surql_query_select(), text);
    surql_query_stmt *s = NULL;
    if (surql_query_build(&s, b) == 0) {
        surql_buf want = SURQL_BUF_INIT;
        surql_buf_puts(&want, "SELECT * FROM ");
        if (surql_ident_escape(&want, text) != 0 || strcmp(surql_buf_cstr(&want), surql_query_stmt_text(s)))
            abort();
        surql_buf_dispose(&want);
    }
    surql_query_stmt_unref(s);
    surql_query_unref(b);
    surql_query_expr *g = surql_query_graph_path(surql_query_graph(surql_query_param("x")), text);
    surql_query_expr_unref(g);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    check_value(data, size);
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    check_record(text);
    check_name(text);
    free(text);
    return 0;
}
