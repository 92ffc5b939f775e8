/* Schema diagrams: the graph (nodes = tables, links = relation edges and
 * record fields) and its Mermaid, DOT and ASCII renderings. */
#include "canon-internal.h"
#include "model-internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <surql/schema/visualize.h>

typedef struct vlink {
    int kind;
    const char *from, *to, *label;
    int optional, many;
} vlink;

struct surql_schema_graph {
    const surql_schema_table **nodes;
    size_t nn;
    vlink *links;
    size_t nl, capl;
    char **owned; /* strings owned by the graph (record targets) */
    size_t no, capo;
    int show_fields;
};

int surql_schema_viz_format_parse(surql_schema_viz_format *out, const char *name)
{
    if (!out || !name)
        return sq_err(SURQL_EINVAL, "format is NULL");
    if (strcmp(name, "mermaid") == 0)
        *out = SURQL_SCHEMA_VIZ_MERMAID;
    else if (strcmp(name, "graphviz") == 0 || strcmp(name, "dot") == 0)
        *out = SURQL_SCHEMA_VIZ_GRAPHVIZ;
    else if (strcmp(name, "ascii") == 0)
        *out = SURQL_SCHEMA_VIZ_ASCII;
    else
        return sq_err(SURQL_EINVAL, "unknown diagram format '%s' (mermaid, graphviz or ascii)",
                      name);
    return SURQL_OK;
}

/* ---- record targets of a type ------------------------------------------ */

typedef struct rtargets {
    char *canon;
    int optional, many;
} rtargets;

/* canonical type text; NULL when the type has no record<...> */
static int record_targets(const surql_schema_field *f, rtargets *r)
{
    memset(r, 0, sizeof *r);
    if (!f->type)
        return SURQL_OK;
    surql_buf b = SURQL_BUF_INIT;
    int rc = sq_type_canon(&b, f->type, "type");
    if (rc) {
        surql_buf_dispose(&b);
        return SURQL_OK; /* validated when built; nothing to draw */
    }
    const char *s = surql_buf_cstr(&b);
    const char *rec = strstr(s, "record<");
    if (!rec) {
        surql_buf_dispose(&b);
        return SURQL_OK;
    }
    r->optional = strncmp(s, "option<", 7) == 0;
    r->many = (strstr(s, "array<") && strstr(s, "array<") < rec) ||
              (strstr(s, "set<") && strstr(s, "set<") < rec);
    r->canon = surql_buf_detach(&b);
    return r->canon ? SURQL_OK : sq_err(SURQL_ENOMEM, "out of memory");
}

static int owned_push(surql_schema_graph *g, char *s)
{
    if (g->no == g->capo) {
        size_t cap = g->capo ? g->capo * 2 : 16;
        char **o = realloc(g->owned, cap * sizeof *o);
        if (!o) {
            free(s);
            return sq_err(SURQL_ENOMEM, "out of memory");
        }
        g->owned = o;
        g->capo = cap;
    }
    g->owned[g->no++] = s;
    return SURQL_OK;
}

static int link_push(surql_schema_graph *g, int kind, const char *from, const char *to,
                     const char *label, int optional, int many)
{
    if (g->nl == g->capl) {
        size_t cap = g->capl ? g->capl * 2 : 16;
        vlink *l = realloc(g->links, cap * sizeof *l);
        if (!l)
            return sq_err(SURQL_ENOMEM, "out of memory");
        g->links = l;
        g->capl = cap;
    }
    g->links[g->nl++] = (vlink){ kind, from, to, label, optional, many };
    return SURQL_OK;
}

static int in_list(const char *name, const char *const *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] && strcmp(v[i], name) == 0)
            return 1;
    return 0;
}

static size_t visible_fields(const surql_schema_table *t)
{
    size_t n = 0;
    for (size_t i = 0; i < t->fields.n; i++)
        n += !sq_field_is_implied(t, (const surql_schema_field *)t->fields.v[i]);
    return n;
}

void surql_schema_graph_free(surql_schema_graph *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->no; i++)
        free(g->owned[i]);
    free(g->owned);
    free(g->nodes);
    free(g->links);
    free(g);
}

int surql_schema_graph_new(surql_schema_graph **out, const surql_schema *s,
                           const surql_schema_viz_options *opts)
{
    if (!out || !s)
        return sq_err(SURQL_EINVAL, "out or schema is NULL");
    *out = NULL;
    surql_schema_viz_options o = SURQL_SCHEMA_VIZ_OPTIONS_INIT;
    if (opts) {
        if (opts->version != SURQL_SCHEMA_VIZ_OPTIONS_VERSION)
            return sq_err(SURQL_EINVAL, "unknown visualisation options version %u", opts->version);
        o = *opts;
    }
    for (size_t i = 0; o.tables && i < o.ntables; i++)
        if (!o.tables[i] || !surql_schema_get_table(s, o.tables[i]))
            return sq_err(SURQL_ENOTFOUND, "no table or edge '%s' in the schema",
                          o.tables[i] ? o.tables[i] : "(null)");
    surql_schema_graph *g = calloc(1, sizeof *g);
    size_t nt = s->tables.n;
    if (!g || !(g->nodes = calloc(nt ? nt : 1, sizeof *g->nodes))) {
        free(g);
        return sq_err(SURQL_ENOMEM, "out of memory");
    }
    g->show_fields = o.show_fields;
    int rc = SURQL_OK;
    /* 1. kept tables, 2. kept edges */
    char *keep = calloc(nt ? nt : 1, 1);
    if (!keep) {
        surql_schema_graph_free(g);
        return sq_err(SURQL_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < nt; i++) {
        const surql_schema_table *t = (const surql_schema_table *)s->tables.v[i];
        if (!t->edge)
            keep[i] = !o.tables || in_list(t->h.name, o.tables, o.ntables);
    }
    for (size_t i = 0; i < nt; i++) {
        const surql_schema_table *t = (const surql_schema_table *)s->tables.v[i];
        if (!t->edge || !o.show_edges)
            continue;
        int k = !o.tables || in_list(t->h.name, o.tables, o.ntables);
        if (!k && (t->in.n || t->out.n)) {
            k = 1;
            for (size_t j = 0; k && j < t->in.n; j++)
                k = in_list(t->in.v[j], o.tables, o.ntables);
            for (size_t j = 0; k && j < t->out.n; j++)
                k = in_list(t->out.v[j], o.tables, o.ntables);
        }
        keep[i] = (char)k;
    }
#define KEPT(name) (surql_schema_get_table(s, name) && \
                    keep[sq_objv_find(&s->tables, name)] && \
                    !((const surql_schema_table *)s->tables.v[sq_objv_find(&s->tables, name)])->edge)
    for (size_t i = 0; i < nt; i++) {
        const surql_schema_table *t = (const surql_schema_table *)s->tables.v[i];
        if (!keep[i])
            continue;
        int relation = t->kind == SURQL_SCHEMA_TABLE_RELATION && (t->in.n || t->out.n);
        if (!t->edge || !relation || (o.show_fields && visible_fields(t)))
            g->nodes[g->nn++] = t;
    }
    /* relation links, in schema order */
    for (size_t i = 0; !rc && i < nt; i++) {
        const surql_schema_table *t = (const surql_schema_table *)s->tables.v[i];
        if (!keep[i] || !t->edge || t->kind != SURQL_SCHEMA_TABLE_RELATION)
            continue;
        for (size_t a = 0; !rc && a < t->in.n; a++)
            for (size_t b = 0; !rc && b < t->out.n; b++)
                if (KEPT(t->in.v[a]) && KEPT(t->out.v[b]))
                    rc = link_push(g, SURQL_SCHEMA_LINK_EDGE, t->in.v[a], t->out.v[b], t->h.name,
                                   0, 1);
    }
    /* record links of every drawn node */
    for (size_t i = 0; !rc && i < g->nn; i++) {
        const surql_schema_table *t = g->nodes[i];
        for (size_t j = 0; !rc && j < t->fields.n; j++) {
            const surql_schema_field *f = (const surql_schema_field *)t->fields.v[j];
            if (sq_field_is_implied(t, f))
                continue;
            rtargets r;
            if ((rc = record_targets(f, &r)) || !r.canon)
                continue;
            if ((rc = owned_push(g, r.canon)))
                break;
            /* record<a | b>: names separated by " | " up to '>' */
            const char *p = r.canon;
            while (!rc && (p = strstr(p, "record<")) != NULL) {
                p += 7;
                while (!rc && *p && *p != '>') {
                    const char *e = p;
                    while (*e && *e != '>' && *e != ' ' && *e != '|')
                        e++;
                    char *name = surql_strndup(p, (size_t)(e - p));
                    if (!name) {
                        rc = sq_err(SURQL_ENOMEM, "out of memory");
                        break;
                    }
                    /* names may be back-ticked */
                    size_t nl = strlen(name);
                    if (nl >= 2 && name[0] == '`' && name[nl - 1] == '`') {
                        memmove(name, name + 1, nl - 2);
                        name[nl - 2] = '\0';
                    }
                    if ((rc = owned_push(g, name)))
                        break;
                    size_t ti = sq_objv_find(&s->tables, name);
                    int drawn = 0;
                    for (size_t k = 0; ti != (size_t)-1 && k < g->nn; k++)
                        drawn |= g->nodes[k] == (const surql_schema_table *)s->tables.v[ti];
                    if (drawn)
                        rc = link_push(g, SURQL_SCHEMA_LINK_RECORD, t->h.name,
                                       ((const surql_schema_table *)s->tables.v[ti])->h.name,
                                       f->h.name, r.optional, r.many);
                    p = e;
                    while (*p == ' ' || *p == '|')
                        p++;
                }
            }
        }
    }
#undef KEPT
    free(keep);
    if (rc) {
        surql_schema_graph_free(g);
        return rc;
    }
    *out = g;
    return SURQL_OK;
}

size_t surql_schema_graph_node_count(const surql_schema_graph *g) { return g ? g->nn : 0; }
const surql_schema_table *surql_schema_graph_node(const surql_schema_graph *g, size_t i)
{
    return g && i < g->nn ? g->nodes[i] : NULL;
}
size_t surql_schema_graph_field_count(const surql_schema_graph *g, size_t node)
{
    if (!g || node >= g->nn || !g->show_fields)
        return 0;
    return visible_fields(g->nodes[node]);
}
const surql_schema_field *surql_schema_graph_field(const surql_schema_graph *g, size_t node,
                                                   size_t j)
{
    if (!g || node >= g->nn || !g->show_fields)
        return NULL;
    const surql_schema_table *t = g->nodes[node];
    for (size_t i = 0; i < t->fields.n; i++) {
        const surql_schema_field *f = (const surql_schema_field *)t->fields.v[i];
        if (!sq_field_is_implied(t, f) && j-- == 0)
            return f;
    }
    return NULL;
}
size_t surql_schema_graph_link_count(const surql_schema_graph *g) { return g ? g->nl : 0; }
int surql_schema_graph_link(const surql_schema_graph *g, size_t i, surql_schema_link_kind *kind,
                            const char **from, const char **to, const char **label, int *optional,
                            int *many)
{
    if (!g || i >= g->nl)
        return sq_err(SURQL_ERANGE, "link %zu out of range", i);
    const vlink *l = &g->links[i];
    if (kind)
        *kind = (surql_schema_link_kind)l->kind;
    if (from)
        *from = l->from;
    if (to)
        *to = l->to;
    if (label)
        *label = l->label;
    if (optional)
        *optional = l->optional;
    if (many)
        *many = l->many;
    return SURQL_OK;
}

int surql_schema_field_markers(surql_buf *out, const surql_schema_table *t,
                               const surql_schema_field *f)
{
    if (!out || !t || !f)
        return sq_err(SURQL_EINVAL, "NULL argument");
    const char *sep = "";
    int rc = SURQL_OK;
    surql_buf a = SURQL_BUF_INIT, b = SURQL_BUF_INIT;
    for (size_t i = 0; !rc && i < t->indexes.n; i++) {
        const surql_schema_index *x = (const surql_schema_index *)t->indexes.v[i];
        if (x->kind != SURQL_SCHEMA_INDEX_UNIQUE || x->cols.n != 1)
            continue;
        surql_buf_clear(&a);
        surql_buf_clear(&b);
        rc = sq_path_canon(&a, x->cols.v[0]);
        if (!rc)
            rc = sq_path_canon(&b, f->h.name);
        if (!rc && strcmp(surql_buf_cstr(&a), surql_buf_cstr(&b)) == 0) {
            rc = surql_buf_printf(out, "%sUNIQUE", sep);
            sep = ", ";
            break;
        }
    }
    surql_buf_dispose(&a);
    surql_buf_dispose(&b);
    rtargets r;
    if (!rc && (rc = record_targets(f, &r)) == SURQL_OK && r.canon) {
        free(r.canon);
        rc = surql_buf_printf(out, "%sFK", sep);
        sep = ", ";
    }
    if (!rc && f->readonly) {
        rc = surql_buf_printf(out, "%sREADONLY", sep);
        sep = ", ";
    }
    if (!rc && f->computed)
        rc = surql_buf_printf(out, "%sCOMPUTED", sep);
    return rc;
}

/* ---- renderers ---------------------------------------------------------- */

static const char *ftype(const surql_schema_field *f)
{
    return f->type ? f->type : f->computed ? "computed" : "any";
}

/* Mermaid names: letters, digits, _ and - (others become _) */
static int mm_name(surql_buf *b, const char *s)
{
    int rc = SURQL_OK;
    for (; !rc && *s; s++) {
        char c = *s;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '_' || c == '-';
        rc = surql_buf_putc(b, ok ? c : '_');
    }
    return rc;
}

/* Mermaid attribute types: <> become (), spaces go, | becomes -, others _ */
static int mm_type(surql_buf *b, const char *s)
{
    int rc = SURQL_OK;
    for (; !rc && *s; s++) {
        char c = *s;
        if (c == ' ')
            continue;
        if (c == '<')
            c = '(';
        else if (c == '>')
            c = ')';
        else if (c == '|' || c == ',')
            c = '-';
        else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '_' || c == '-' || c == '(' || c == ')' || c == '[' || c == ']'))
            c = '_';
        rc = surql_buf_putc(b, c);
    }
    return rc;
}

/* Mermaid attribute names: tags[*] -> tags[], address.city -> address_city */
static int mm_attr(surql_buf *b, const char *s)
{
    int rc = SURQL_OK;
    for (; !rc && *s; s++) {
        char c = *s;
        if (c == '*' || c == '`')
            continue;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '_' || c == '-' || c == '[' || c == ']';
        rc = surql_buf_putc(b, ok ? c : '_');
    }
    return rc;
}

static int render_mermaid(surql_buf *b, const surql_schema_graph *g)
{
    int rc = surql_buf_puts(b, "erDiagram\n");
    surql_buf m = SURQL_BUF_INIT;
    for (size_t i = 0; !rc && i < g->nn; i++) {
        const surql_schema_table *t = g->nodes[i];
        rc = surql_buf_puts(b, "    ");
        if (!rc)
            rc = mm_name(b, t->h.name);
        if (!rc && (!g->show_fields || !visible_fields(t))) {
            rc = surql_buf_putc(b, '\n');
            continue;
        }
        if (!rc)
            rc = surql_buf_puts(b, " {\n");
        for (size_t j = 0; !rc && j < t->fields.n; j++) {
            const surql_schema_field *f = (const surql_schema_field *)t->fields.v[j];
            if (sq_field_is_implied(t, f))
                continue;
            surql_buf_clear(&m);
            rc = surql_buf_puts(b, "        ");
            if (!rc)
                rc = mm_type(b, ftype(f));
            if (!rc)
                rc = surql_buf_putc(b, ' ');
            if (!rc)
                rc = mm_attr(b, f->h.name);
            if (!rc)
                rc = surql_schema_field_markers(&m, t, f);
            const char *mk = surql_buf_cstr(&m);
            int fk = strstr(mk, "FK") != NULL, uk = strstr(mk, "UNIQUE") != NULL;
            if (!rc && (fk || uk))
                rc = surql_buf_printf(b, " %s%s%s", fk ? "FK" : "", fk && uk ? ", " : "",
                                      uk ? "UK" : "");
            int ro = strstr(mk, "READONLY") != NULL, co = strstr(mk, "COMPUTED") != NULL;
            if (!rc && (ro || co))
                rc = surql_buf_printf(b, " \"%s%s%s\"", ro ? "readonly" : "", ro && co ? ", " : "",
                                      co ? "computed" : "");
            if (!rc)
                rc = surql_buf_putc(b, '\n');
        }
        if (!rc)
            rc = surql_buf_puts(b, "    }\n");
    }
    for (size_t i = 0; !rc && i < g->nl; i++) {
        const vlink *l = &g->links[i];
        const char *card = l->kind == SURQL_SCHEMA_LINK_EDGE ? "}o--o{"
                           : l->many                         ? "}o--o{"
                           : l->optional                     ? "}o--o|"
                                                             : "}o--||";
        rc = surql_buf_puts(b, "    ");
        if (!rc)
            rc = mm_name(b, l->from);
        if (!rc)
            rc = surql_buf_printf(b, " %s ", card);
        if (!rc)
            rc = mm_name(b, l->to);
        if (!rc)
            rc = surql_buf_puts(b, " : ");
        if (!rc)
            rc = mm_attr(b, l->label);
        if (!rc)
            rc = surql_buf_putc(b, '\n');
    }
    surql_buf_dispose(&m);
    return rc;
}

/* text inside a DOT record label: escape the record syntax and the quote */
static int dot_rec(surql_buf *b, const char *s)
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

static int dot_id(surql_buf *b, const char *s)
{
    int rc = surql_buf_putc(b, '"');
    for (; !rc && *s; s++) {
        if (*s == '"' || *s == '\\')
            rc = surql_buf_putc(b, '\\');
        if (!rc)
            rc = surql_buf_putc(b, *s);
    }
    return rc ? rc : surql_buf_putc(b, '"');
}

static int render_dot(surql_buf *b, const surql_schema_graph *g)
{
    int rc = surql_buf_puts(b, "digraph schema {\n"
                               "  graph [rankdir=LR];\n"
                               "  node [shape=record, fontname=\"Helvetica\", fontsize=10];\n"
                               "  edge [fontname=\"Helvetica\", fontsize=9];\n");
    surql_buf m = SURQL_BUF_INIT;
    for (size_t i = 0; !rc && i < g->nn; i++) {
        const surql_schema_table *t = g->nodes[i];
        rc = surql_buf_puts(b, "  ");
        if (!rc)
            rc = dot_id(b, t->h.name);
        if (!rc)
            rc = surql_buf_puts(b, " [label=\"{");
        if (!rc)
            rc = dot_rec(b, t->h.name);
        if (!rc && t->edge)
            rc = surql_buf_puts(b, " (edge)");
        if (!rc && g->show_fields && visible_fields(t)) {
            rc = surql_buf_putc(b, '|');
            for (size_t j = 0; !rc && j < t->fields.n; j++) {
                const surql_schema_field *f = (const surql_schema_field *)t->fields.v[j];
                if (sq_field_is_implied(t, f))
                    continue;
                surql_buf_clear(&m);
                rc = dot_rec(b, f->h.name);
                if (!rc)
                    rc = surql_buf_puts(b, " : ");
                if (!rc)
                    rc = dot_rec(b, ftype(f));
                if (!rc)
                    rc = surql_schema_field_markers(&m, t, f);
                if (!rc && m.size) {
                    rc = surql_buf_puts(b, " \\[");
                    if (!rc)
                        rc = dot_rec(b, surql_buf_cstr(&m));
                    if (!rc)
                        rc = surql_buf_puts(b, "\\]");
                }
                if (!rc)
                    rc = surql_buf_puts(b, "\\l");
            }
        }
        if (!rc)
            rc = surql_buf_printf(b, "}\"%s];\n", t->edge ? ", style=dashed" : "");
    }
    for (size_t i = 0; !rc && i < g->nl; i++) {
        const vlink *l = &g->links[i];
        rc = surql_buf_puts(b, "  ");
        if (!rc)
            rc = dot_id(b, l->from);
        if (!rc)
            rc = surql_buf_puts(b, " -> ");
        if (!rc)
            rc = dot_id(b, l->to);
        if (!rc)
            rc = surql_buf_puts(b, " [label=");
        if (!rc)
            rc = dot_id(b, l->label);
        if (!rc)
            rc = surql_buf_puts(b, l->kind == SURQL_SCHEMA_LINK_RECORD ? ", style=dashed];\n"
                                                                       : "];\n");
    }
    if (!rc)
        rc = surql_buf_puts(b, "}\n");
    surql_buf_dispose(&m);
    return rc;
}

/* display width of UTF-8 text (code points) */
static size_t width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

static int ascii_rule(surql_buf *b, size_t w)
{
    int rc = surql_buf_putc(b, '+');
    for (size_t i = 0; !rc && i < w + 2; i++)
        rc = surql_buf_putc(b, '-');
    return rc ? rc : surql_buf_puts(b, "+\n");
}

static int ascii_line(surql_buf *b, const char *s, size_t w)
{
    int rc = surql_buf_printf(b, "| %s", s);
    for (size_t i = width(s); !rc && i < w; i++)
        rc = surql_buf_putc(b, ' ');
    return rc ? rc : surql_buf_puts(b, " |\n");
}

static int render_ascii(surql_buf *b, const surql_schema_graph *g)
{
    int rc = SURQL_OK;
    surql_buf title = SURQL_BUF_INIT, line = SURQL_BUF_INIT, m = SURQL_BUF_INIT;
    for (size_t i = 0; !rc && i < g->nn; i++) {
        const surql_schema_table *t = g->nodes[i];
        surql_buf_clear(&title);
        rc = surql_buf_printf(&title, "%s%s", t->h.name, t->edge ? " (edge)" : "");
        size_t w = width(surql_buf_cstr(&title)), namew = 0;
        int fields = g->show_fields && visible_fields(t);
        for (size_t j = 0; fields && j < t->fields.n; j++) {
            const surql_schema_field *f = (const surql_schema_field *)t->fields.v[j];
            if (!sq_field_is_implied(t, f) && width(f->h.name) > namew)
                namew = width(f->h.name);
        }
        /* pass 1 measures, pass 2 writes */
        for (int pass = 0; !rc && pass < 2; pass++) {
            if (pass == 1) {
                rc = ascii_rule(b, w);
                if (!rc)
                    rc = ascii_line(b, surql_buf_cstr(&title), w);
                if (!rc && fields)
                    rc = ascii_rule(b, w);
            }
            for (size_t j = 0; !rc && fields && j < t->fields.n; j++) {
                const surql_schema_field *f = (const surql_schema_field *)t->fields.v[j];
                if (sq_field_is_implied(t, f))
                    continue;
                surql_buf_clear(&line);
                surql_buf_clear(&m);
                rc = surql_buf_puts(&line, f->h.name);
                for (size_t k = width(f->h.name); !rc && k < namew; k++)
                    rc = surql_buf_putc(&line, ' ');
                if (!rc)
                    rc = surql_buf_printf(&line, "  %s", ftype(f));
                if (!rc)
                    rc = surql_schema_field_markers(&m, t, f);
                if (!rc && m.size)
                    rc = surql_buf_printf(&line, "  [%s]", surql_buf_cstr(&m));
                if (rc)
                    break;
                if (pass == 0 && width(surql_buf_cstr(&line)) > w)
                    w = width(surql_buf_cstr(&line));
                else if (pass == 1)
                    rc = ascii_line(b, surql_buf_cstr(&line), w);
            }
            if (!rc && pass == 1)
                rc = ascii_rule(b, w);
        }
        if (!rc && i + 1 < g->nn)
            rc = surql_buf_putc(b, '\n');
    }
    if (!rc && g->nl) {
        rc = surql_buf_puts(b, g->nn ? "\nRelationships:\n" : "Relationships:\n");
        for (size_t i = 0; !rc && i < g->nl; i++) {
            const vlink *l = &g->links[i];
            if (l->kind == SURQL_SCHEMA_LINK_EDGE)
                rc = surql_buf_printf(b, "  %s -[%s]-> %s\n", l->from, l->label, l->to);
            else
                rc = surql_buf_printf(b, "  %s.%s -> %s%s\n", l->from, l->label, l->to,
                                      l->many ? " (many)" : l->optional ? " (optional)" : "");
        }
    }
    surql_buf_dispose(&title);
    surql_buf_dispose(&line);
    surql_buf_dispose(&m);
    return rc;
}

int surql_schema_visualize(surql_buf *out, const surql_schema *s,
                           const surql_schema_viz_options *opts)
{
    if (!out || !s)
        return sq_err(SURQL_EINVAL, "out or schema is NULL");
    surql_schema_graph *g = NULL;
    int rc = surql_schema_graph_new(&g, s, opts);
    if (rc)
        return rc;
    surql_schema_viz_format f = opts ? opts->format : SURQL_SCHEMA_VIZ_MERMAID;
    size_t old = out->size;
    switch (f) {
    case SURQL_SCHEMA_VIZ_MERMAID: rc = render_mermaid(out, g); break;
    case SURQL_SCHEMA_VIZ_GRAPHVIZ: rc = render_dot(out, g); break;
    case SURQL_SCHEMA_VIZ_ASCII: rc = render_ascii(out, g); break;
    default: rc = sq_err(SURQL_EINVAL, "unknown diagram format %d", (int)f);
    }
    if (rc)
        surql_buf_truncate(out, old);
    surql_schema_graph_free(g);
    return rc;
}
