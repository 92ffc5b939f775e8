/* surql-schema visualize --format graphviz: the schema graph of
 * libsurql-schema (surql_schema_graph_*) built as a graphviz cgraph graph
 * and written with agwrite(). Only this tool links cgraph; the library's own
 * DOT text generator (surql_schema_visualize) needs no graphviz. */
#include "graphviz.h"

#include <stdlib.h>
#include <string.h>

#include <cgraph.h>

/* cgraph takes char *: give it private copies */
static char *dup(const char *s)
{
    return surql_strdup(s ? s : "");
}

static int set(void *obj, const char *name, const char *value)
{
    char *n = dup(name), *v = dup(value);
    char *empty = dup("");
    int rc = (n && v && empty) ? agsafeset(obj, n, v, empty) : -1;
    free(n);
    free(v);
    free(empty);
    return rc;
}

static int rec_escape(surql_buf *b, const char *s)
{
    int rc = SURQL_OK;
    for (; !rc && *s; s++) {
        if (strchr("{}|<>\"\\", *s))
            rc = surql_buf_putc(b, '\\');
        if (!rc)
            rc = surql_buf_putc(b, *s);
    }
    return rc;
}

/* the record label of a node, as the library's DOT generator draws it */
static int node_label(surql_buf *b, const surql_schema_graph *g, size_t node)
{
    const surql_schema_table *t = surql_schema_graph_node(g, node);
    int rc = surql_buf_putc(b, '{');
    if (!rc)
        rc = rec_escape(b, surql_schema_table_name(t));
    if (!rc && surql_schema_table_is_edge(t))
        rc = surql_buf_puts(b, " (edge)");
    size_t n = surql_schema_graph_field_count(g, node), shown = 0;
    surql_buf m = SURQL_BUF_INIT;
    for (size_t i = 0; !rc && i < n; i++) {
        const surql_schema_field *f = surql_schema_graph_field(g, node, i);
        const char *name = surql_schema_field_name(f);
        const char *type = surql_schema_field_type(f);
        if (!type)
            type = surql_schema_field_computed(f) ? "computed" : "any";
        rc = surql_buf_puts(b, shown++ ? "" : "|");
        if (!rc)
            rc = rec_escape(b, name);
        if (!rc)
            rc = surql_buf_puts(b, " : ");
        if (!rc)
            rc = rec_escape(b, type);
        surql_buf_clear(&m);
        if (!rc)
            rc = surql_schema_field_markers(&m, t, f);
        if (!rc && m.size) {
            rc = surql_buf_puts(b, " \\[");
            if (!rc)
                rc = rec_escape(b, surql_buf_cstr(&m));
            if (!rc)
                rc = surql_buf_puts(b, "\\]");
        }
        if (!rc)
            rc = surql_buf_puts(b, "\\l");
    }
    surql_buf_dispose(&m);
    return rc ? rc : surql_buf_putc(b, '}');
}

int schema_write_graphviz(FILE *out, const surql_schema *s, const surql_schema_viz_options *opts)
{
    surql_schema_graph *gr = NULL;
    int rc = surql_schema_graph_new(&gr, s, opts);
    if (rc)
        return rc;
    char *gname = dup("schema");
    Agraph_t *g = gname ? agopen(gname, Agdirected, NULL) : NULL;
    free(gname);
    if (!g) {
        surql_schema_graph_free(gr);
        return surql_error_set(SURQL_ENOMEM, "surql-schema", "cgraph: cannot create the graph");
    }
    set(g, "rankdir", "LR");
    static const char *const node_defaults[][2] = {
        { "shape", "record" }, { "fontname", "Helvetica" }, { "fontsize", "10" }
    };
    for (size_t i = 0; i < 3; i++) {
        char *k = dup(node_defaults[i][0]), *v = dup(node_defaults[i][1]);
        if (k && v)
            agattr(g, AGNODE, k, v);
        free(k);
        free(v);
    }
    surql_buf label = SURQL_BUF_INIT;
    for (size_t i = 0; !rc && i < surql_schema_graph_node_count(gr); i++) {
        const surql_schema_table *t = surql_schema_graph_node(gr, i);
        char *name = dup(surql_schema_table_name(t));
        Agnode_t *n = name ? agnode(g, name, 1) : NULL;
        free(name);
        surql_buf_clear(&label);
        if (!n || (rc = node_label(&label, gr, i)) != 0) {
            rc = rc ? rc : surql_error_set(SURQL_ENOMEM, "surql-schema", "cgraph: out of memory");
            break;
        }
        set(n, "label", surql_buf_cstr(&label));
        if (surql_schema_table_is_edge(t))
            set(n, "style", "dashed");
    }
    for (size_t i = 0; !rc && i < surql_schema_graph_link_count(gr); i++) {
        surql_schema_link_kind kind;
        const char *from = NULL, *to = NULL, *lab = NULL;
        surql_schema_graph_link(gr, i, &kind, &from, &to, &lab, NULL, NULL);
        char *a = dup(from), *b = dup(to);
        Agnode_t *na = a ? agnode(g, a, 0) : NULL, *nb = b ? agnode(g, b, 0) : NULL;
        free(a);
        free(b);
        Agedge_t *e = na && nb ? agedge(g, na, nb, NULL, 1) : NULL;
        if (!e) {
            rc = surql_error_set(SURQL_ENOMEM, "surql-schema", "cgraph: cannot add link %s -> %s",
                                 from, to);
            break;
        }
        set(e, "label", lab);
        if (kind == SURQL_SCHEMA_LINK_RECORD)
            set(e, "style", "dashed");
    }
    surql_buf_dispose(&label);
    if (!rc && agwrite(g, out) != 0)
        rc = surql_error_set(SURQL_EIO, "surql-schema", "cgraph: cannot write the graph");
    agclose(g);
    surql_schema_graph_free(gr);
    return rc;
}
