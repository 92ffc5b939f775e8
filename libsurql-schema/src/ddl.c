/* DDL rendering of tables, fields, indexes and events for 2.x and 3.x. */
#include "canon-internal.h"
#include "ddl-internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <surql/schema/literal.h>

int sq_ddl_opts(surql_schema_ddl_options *o, const surql_schema_ddl_options *user)
{
    surql_schema_ddl_options d = SURQL_SCHEMA_DDL_OPTIONS_INIT;
    *o = d;
    if (!user)
        return SURQL_OK;
    if (user->version != SURQL_SCHEMA_DDL_OPTIONS_VERSION)
        return sq_err(SURQL_EINVAL, "unknown DDL options version %u", user->version);
    if (!surql_dialect_valid((int)user->dialect))
        return sq_err(SURQL_EINVAL, "unknown dialect %d", (int)user->dialect);
    if (user->mode < SURQL_SCHEMA_DDL_PLAIN || user->mode > SURQL_SCHEMA_DDL_IF_NOT_EXISTS)
        return sq_err(SURQL_EINVAL, "unknown DDL mode %d", (int)user->mode);
    *o = *user;
    return SURQL_OK;
}

static int v2(const surql_schema_ddl_options *o) { return o->dialect == SURQL_DIALECT_V2; }

static int put_define(surql_buf *b, const char *what, surql_schema_ddl_mode mode)
{
    int rc = surql_buf_puts(b, "DEFINE ");
    if (!rc)
        rc = surql_buf_puts(b, what);
    if (!rc && mode == SURQL_SCHEMA_DDL_OVERWRITE)
        rc = surql_buf_puts(b, " OVERWRITE");
    if (!rc && mode == SURQL_SCHEMA_DDL_IF_NOT_EXISTS)
        rc = surql_buf_puts(b, " IF NOT EXISTS");
    if (!rc)
        rc = surql_buf_putc(b, ' ');
    return rc;
}

static int put_ident(surql_buf *b, const char *name, const surql_schema_ddl_options *o)
{
    return surql_ident_escape_len(b, name, strlen(name), v2(o) ? SURQL_LITERAL_V2 : 0);
}

/* " KEYWORD expr" with builtin names spelled for the dialect */
static int put_expr(surql_buf *b, const char *kw, const char *expr,
                    const surql_schema_ddl_options *o)
{
    int rc = surql_buf_putc(b, ' ');
    if (!rc && kw && *kw) {
        rc = surql_buf_puts(b, kw);
        if (!rc)
            rc = surql_buf_putc(b, ' ');
    }
    if (!rc)
        rc = sq_ddl_expr(b, expr, o->dialect);
    return rc;
}

static int put_string(surql_buf *b, const char *kw, const char *s)
{
    int rc = surql_buf_putc(b, ' ');
    if (!rc)
        rc = surql_buf_puts(b, kw);
    if (!rc)
        rc = surql_buf_putc(b, ' ');
    if (!rc)
        rc = surql_string_escape(b, s, strlen(s));
    return rc;
}

static int put_comment(surql_buf *b, const char *c)
{
    return c ? put_string(b, "COMMENT", c) : SURQL_OK;
}

static int put_rule(surql_buf *b, const char *rule, const surql_schema_ddl_options *o)
{
    if (strcmp(rule, "FULL") == 0 || strcmp(rule, "NONE") == 0)
        return surql_buf_puts(b, rule);
    int rc = surql_buf_puts(b, "WHERE ");
    if (!rc)
        rc = sq_ddl_expr(b, rule, o->dialect);
    return rc;
}

/* " PERMISSIONS ..." for the set operations among the first nops */
static int put_perms(surql_buf *b, char *const perm[4], int nops,
                     const surql_schema_ddl_options *o)
{
    static const char *const opn[] = { "select", "create", "update", "delete" };
    int set = 0, same = 1;
    for (int i = 0; i < nops; i++) {
        set += perm[i] != NULL;
        if (perm[i] && perm[0] && strcmp(perm[i], perm[0]) != 0)
            same = 0;
    }
    if (!set)
        return SURQL_OK;
    int rc = surql_buf_puts(b, " PERMISSIONS ");
    if (set == nops && same)
        return rc ? rc : put_rule(b, perm[0], o);
    int done[4] = { 0, 0, 0, 0 }, first = 1;
    for (int i = 0; !rc && i < nops; i++) {
        if (!perm[i] || done[i])
            continue;
        rc = surql_buf_puts(b, first ? "FOR " : ", FOR ");
        first = 0;
        int k1 = 1;
        for (int j = i; !rc && j < nops; j++) {
            if (!perm[j] || done[j] || strcmp(perm[j], perm[i]) != 0)
                continue;
            if (!k1)
                rc = surql_buf_puts(b, ", ");
            if (!rc)
                rc = surql_buf_puts(b, opn[j]);
            done[j] = 1;
            k1 = 0;
        }
        if (!rc)
            rc = surql_buf_putc(b, ' ');
        if (!rc)
            rc = put_rule(b, perm[i], o);
    }
    return rc;
}

char *sq_element_type(const char *canon)
{
    const char *p = canon;
    size_t n = strlen(p);
    if (strncmp(p, "option<", 7) == 0 && p[n - 1] == '>') {
        p += 7;
        n -= 8;
    }
    size_t k;
    if (n > 6 && strncmp(p, "array<", 6) == 0)
        k = 6;
    else if (n > 4 && strncmp(p, "set<", 4) == 0)
        k = 4;
    else
        return NULL;
    if (p[n - 1] != '>')
        return NULL;
    /* inner type up to a top-level ", N" */
    int depth = 0;
    size_t e = k;
    for (; e < n - 1; e++) {
        if (p[e] == '<')
            depth++;
        else if (p[e] == '>')
            depth--;
        else if (p[e] == ',' && depth == 0)
            break;
    }
    return surql_strndup(p + k, e - k);
}

int sq_field_is_implicit_element(const surql_schema_table *t, const surql_schema_field *f)
{
    size_t plen;
    if (!t || !sq_path_is_element(f->h.name, &plen))
        return 0;
    surql_buf want = SURQL_BUF_INIT, have = SURQL_BUF_INIT, ty = SURQL_BUF_INIT;
    char *parent = surql_strndup(f->h.name, plen);
    int found = 0;
    if (parent && sq_path_canon(&want, parent) == SURQL_OK) {
        for (size_t i = 0; i < t->fields.n && !found; i++) {
            const surql_schema_field *p = (const surql_schema_field *)t->fields.v[i];
            surql_buf_clear(&have);
            if (!p->type || sq_path_canon(&have, p->h.name) ||
                strcmp(surql_buf_cstr(&have), surql_buf_cstr(&want)) != 0)
                continue;
            surql_buf_clear(&ty);
            if (sq_type_canon(&ty, p->type, "field") == SURQL_OK) {
                char *el = sq_element_type(surql_buf_cstr(&ty));
                found = el != NULL;
                free(el);
            }
        }
    }
    free(parent);
    surql_buf_dispose(&want);
    surql_buf_dispose(&have);
    surql_buf_dispose(&ty);
    return found;
}

int sq_ddl_field(surql_buf *b, const surql_schema_table *t, const char *tname,
                 const surql_schema_field *f, const surql_schema_ddl_options *o)
{
    surql_schema_ddl_mode mode = o->mode;
    if (sq_field_is_implicit_element(t, f))
        mode = SURQL_SCHEMA_DDL_OVERWRITE;
    int rc = put_define(b, "FIELD", mode);
    if (!rc)
        rc = sq_path_render(b, f->h.name, v2(o));
    if (!rc)
        rc = surql_buf_puts(b, " ON TABLE ");
    if (!rc)
        rc = put_ident(b, tname, o);
    if (!rc && f->type) {
        char what[300];
        snprintf(what, sizeof what, "field '%s' on table '%s'", f->h.name, tname);
        rc = surql_buf_puts(b, " TYPE ");
        if (!rc)
            rc = sq_type_canon(b, f->type, what);
    }
    if (!rc && f->flexible)
        rc = surql_buf_puts(b, " FLEXIBLE");
    if (!rc && (f->def || f->def_value)) {
        rc = surql_buf_puts(b, f->def_always ? " DEFAULT ALWAYS " : " DEFAULT ");
        if (!rc && f->def)
            rc = sq_ddl_expr(b, f->def, o->dialect);
        else if (!rc)
            rc = surql_value_to_surql(f->def_value, b, v2(o) ? SURQL_LITERAL_V2 : 0);
    }
    if (!rc && f->readonly)
        rc = surql_buf_puts(b, " READONLY");
    if (!rc && f->value)
        rc = put_expr(b, "VALUE", f->value, o);
    if (!rc && f->assert_)
        rc = put_expr(b, "ASSERT", f->assert_, o);
    if (!rc && f->computed) {
        if (v2(o)) {
            rc = put_expr(b, "VALUE <future> {", f->computed, o);
            if (!rc)
                rc = surql_buf_puts(b, " }");
        } else {
            rc = put_expr(b, "COMPUTED", f->computed, o);
        }
    }
    if (!rc)
        rc = put_comment(b, f->comment);
    if (!rc)
        rc = put_perms(b, f->perm, 3, o);
    if (!rc)
        rc = surql_buf_puts(b, ";\n");
    return rc;
}

static int put_table_list(surql_buf *b, const char *kw, const sq_strv *v,
                          const surql_schema_ddl_options *o)
{
    if (!v->n)
        return SURQL_OK;
    int rc = surql_buf_putc(b, ' ');
    if (!rc)
        rc = surql_buf_puts(b, kw);
    for (size_t i = 0; !rc && i < v->n; i++) {
        rc = surql_buf_puts(b, i ? " | " : " ");
        if (!rc)
            rc = put_ident(b, v->v[i], o);
    }
    return rc;
}

int sq_ddl_table_define(surql_buf *b, const surql_schema_table *t,
                        const surql_schema_ddl_options *o)
{
    int rc = put_define(b, "TABLE", o->mode);
    if (!rc)
        rc = put_ident(b, t->h.name, o);
    if (!rc && t->kind == SURQL_SCHEMA_TABLE_RELATION) {
        rc = surql_buf_puts(b, " TYPE RELATION");
        if (!rc)
            rc = put_table_list(b, "IN", &t->in, o);
        if (!rc)
            rc = put_table_list(b, "OUT", &t->out, o);
        if (!rc && t->enforced)
            rc = surql_buf_puts(b, " ENFORCED");
    } else if (!rc && t->kind == SURQL_SCHEMA_TABLE_ANY) {
        rc = surql_buf_puts(b, " TYPE ANY");
    } else if (!rc && t->kind == SURQL_SCHEMA_TABLE_NORMAL) {
        rc = surql_buf_puts(b, " TYPE NORMAL");
    }
    if (!rc && t->drop)
        rc = surql_buf_puts(b, " DROP");
    if (!rc && t->mode == SURQL_SCHEMA_SCHEMAFULL)
        rc = surql_buf_puts(b, " SCHEMAFULL");
    else if (!rc && t->mode == SURQL_SCHEMA_SCHEMALESS)
        rc = surql_buf_puts(b, " SCHEMALESS");
    if (!rc)
        rc = put_comment(b, t->comment);
    if (!rc && t->changefeed) {
        rc = surql_buf_printf(b, " CHANGEFEED %s", t->changefeed);
        if (!rc && t->cf_original)
            rc = surql_buf_puts(b, " INCLUDE ORIGINAL");
    }
    if (!rc)
        rc = put_perms(b, t->perm, 4, o);
    if (!rc)
        rc = surql_buf_puts(b, ";\n");
    return rc;
}

static int put_double(surql_buf *b, double d)
{
    char tmp[64];
    int n = snprintf(tmp, sizeof tmp, "%.17g", d);
    if (n < 0 || (size_t)n >= sizeof tmp)
        return sq_err(SURQL_ERANGE, "number too long");
    /* shortest text that reads back exactly */
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, d);
        if (strtod(tmp, NULL) == d)
            break;
    }
    int rc = surql_buf_puts(b, tmp);
    if (!rc && !strpbrk(tmp, ".eEn"))
        rc = surql_buf_puts(b, ".0");
    return rc;
}

int sq_ddl_index(surql_buf *b, const char *tname, const surql_schema_index *x,
                 const surql_schema_ddl_options *o)
{
    if (x->kind == SURQL_SCHEMA_INDEX_MTREE && !v2(o))
        return sq_err(SURQL_ESCHEMA_DIALECT,
                      "index '%s' on table '%s': MTREE has no equivalent in SurrealDB 3.x "
                      "(use HNSW)",
                      x->h.name, tname);
    if (x->kind == SURQL_SCHEMA_INDEX_FULLTEXT && !v2(o) && x->cols.n != 1)
        return sq_err(SURQL_ESCHEMA_DIALECT,
                      "index '%s' on table '%s': a 3.x FULLTEXT index takes exactly one "
                      "column (%zu given)",
                      x->h.name, tname, x->cols.n);
    int rc = put_define(b, "INDEX", o->mode);
    if (!rc)
        rc = put_ident(b, x->h.name, o);
    if (!rc)
        rc = surql_buf_puts(b, " ON TABLE ");
    if (!rc)
        rc = put_ident(b, tname, o);
    if (!rc)
        rc = surql_buf_puts(b, " FIELDS ");
    for (size_t i = 0; !rc && i < x->cols.n; i++) {
        if (i)
            rc = surql_buf_puts(b, ", ");
        if (!rc)
            rc = sq_path_render(b, x->cols.v[i], v2(o));
    }
    const surql_schema_vector_options *vo = &x->vec;
    switch (x->kind) {
    case SURQL_SCHEMA_INDEX_UNIQUE:
        if (!rc)
            rc = surql_buf_puts(b, " UNIQUE");
        break;
    case SURQL_SCHEMA_INDEX_FULLTEXT:
        if (!rc)
            rc = surql_buf_puts(b, v2(o) ? " SEARCH" : " FULLTEXT");
        if (!rc && x->analyzer) {
            rc = surql_buf_puts(b, " ANALYZER ");
            if (!rc)
                rc = put_ident(b, x->analyzer, o);
        }
        if (!rc && x->bm25) {
            rc = surql_buf_puts(b, " BM25");
            if (!rc && (x->k1 != 0 || x->b != 0)) {
                rc = surql_buf_putc(b, '(');
                if (!rc)
                    rc = put_double(b, x->k1);
                if (!rc)
                    rc = surql_buf_putc(b, ',');
                if (!rc)
                    rc = put_double(b, x->b);
                if (!rc)
                    rc = surql_buf_putc(b, ')');
            }
        }
        if (!rc && x->highlights)
            rc = surql_buf_puts(b, " HIGHLIGHTS");
        break;
    case SURQL_SCHEMA_INDEX_MTREE:
    case SURQL_SCHEMA_INDEX_HNSW:
        if (!rc)
            rc = surql_buf_printf(b, " %s DIMENSION %u",
                                  x->kind == SURQL_SCHEMA_INDEX_HNSW ? "HNSW" : "MTREE",
                                  vo->dimension);
        if (!rc && vo->distance) {
            rc = surql_buf_printf(b, " DIST %s", surql_schema_distance_name(vo->distance));
            if (!rc && vo->distance == SURQL_SCHEMA_DIST_MINKOWSKI)
                rc = surql_buf_printf(b, " %u", vo->minkowski_order);
        }
        if (!rc && vo->type)
            rc = surql_buf_printf(b, " TYPE %s", surql_schema_vector_type_name(vo->type));
        if (!rc && vo->capacity)
            rc = surql_buf_printf(b, " CAPACITY %u", vo->capacity);
        if (!rc && vo->efc)
            rc = surql_buf_printf(b, " EFC %u", vo->efc);
        if (!rc && vo->m)
            rc = surql_buf_printf(b, " M %u", vo->m);
        if (!rc && vo->m0)
            rc = surql_buf_printf(b, " M0 %u", vo->m0);
        if (!rc && vo->lm != 0) {
            rc = surql_buf_puts(b, " LM ");
            if (!rc)
                rc = put_double(b, vo->lm);
        }
        break;
    default:
        break;
    }
    if (!rc)
        rc = put_comment(b, x->comment);
    if (!rc)
        rc = surql_buf_puts(b, ";\n");
    return rc;
}

int sq_ddl_event(surql_buf *b, const char *tname, const surql_schema_event *e,
                 const surql_schema_ddl_options *o)
{
    int rc = put_define(b, "EVENT", o->mode);
    if (!rc)
        rc = put_ident(b, e->h.name, o);
    if (!rc)
        rc = surql_buf_puts(b, " ON TABLE ");
    if (!rc)
        rc = put_ident(b, tname, o);
    if (!rc && e->when)
        rc = put_expr(b, "WHEN", e->when, o);
    if (!rc)
        rc = put_expr(b, "THEN", e->then, o);
    if (!rc)
        rc = put_comment(b, e->comment);
    if (!rc)
        rc = surql_buf_puts(b, ";\n");
    return rc;
}

int sq_ddl_table_full(surql_buf *b, const surql_schema_table *t, const surql_schema_ddl_options *o)
{
    int rc = sq_ddl_table_define(b, t, o);
    for (size_t i = 0; !rc && i < t->fields.n; i++)
        rc = sq_ddl_field(b, t, t->h.name, (const surql_schema_field *)t->fields.v[i], o);
    for (size_t i = 0; !rc && i < t->indexes.n; i++)
        rc = sq_ddl_index(b, t->h.name, (const surql_schema_index *)t->indexes.v[i], o);
    for (size_t i = 0; !rc && i < t->events.n; i++)
        rc = sq_ddl_event(b, t->h.name, (const surql_schema_event *)t->events.v[i], o);
    return rc;
}

int sq_ddl_remove(surql_buf *b, const char *what, const char *name, const char *tname, int path)
{
    int rc = surql_buf_printf(b, "REMOVE %s ", what);
    if (!rc)
        rc = path ? sq_path_render(b, name, 0) : surql_ident_escape(b, name);
    if (!rc && tname) {
        rc = surql_buf_puts(b, " ON TABLE ");
        if (!rc)
            rc = surql_ident_escape(b, tname);
    }
    if (!rc)
        rc = surql_buf_puts(b, ";\n");
    return rc;
}

/* ---- public wrappers: render into a scratch buffer, append on success ---------- */

static int finish(surql_buf *out, surql_buf *tmp, int rc)
{
    if (!rc)
        rc = surql_buf_put(out, tmp->ptr ? tmp->ptr : "", tmp->size);
    surql_buf_dispose(tmp);
    return rc;
}

#define WRAP_BEGIN(obj, what)                                                            \
    if (!out || !obj)                                                                    \
        return sq_err(SURQL_EINVAL, "%s: NULL argument", what);                          \
    surql_schema_ddl_options o;                                                          \
    int rc = sq_ddl_opts(&o, opts);                                                      \
    if (rc)                                                                              \
        return rc;                                                                       \
    surql_buf tmp = SURQL_BUF_INIT

int surql_schema_table_to_ddl(surql_buf *out, const surql_schema_table *t,
                              const surql_schema_ddl_options *opts)
{
    WRAP_BEGIN(t, "table_to_ddl");
    return finish(out, &tmp, sq_ddl_table_full(&tmp, t, &o));
}

int surql_schema_table_define_to_ddl(surql_buf *out, const surql_schema_table *t,
                                     const surql_schema_ddl_options *opts)
{
    WRAP_BEGIN(t, "table_define_to_ddl");
    return finish(out, &tmp, sq_ddl_table_define(&tmp, t, &o));
}

int surql_schema_field_to_ddl(surql_buf *out, const char *table, const surql_schema_field *f,
                              const surql_schema_ddl_options *opts)
{
    WRAP_BEGIN(f, "field_to_ddl");
    if (!table)
        return sq_err(SURQL_EINVAL, "field_to_ddl: table is NULL");
    return finish(out, &tmp, sq_ddl_field(&tmp, NULL, table, f, &o));
}

int surql_schema_index_to_ddl(surql_buf *out, const char *table, const surql_schema_index *x,
                              const surql_schema_ddl_options *opts)
{
    WRAP_BEGIN(x, "index_to_ddl");
    if (!table)
        return sq_err(SURQL_EINVAL, "index_to_ddl: table is NULL");
    return finish(out, &tmp, sq_ddl_index(&tmp, table, x, &o));
}

int surql_schema_event_to_ddl(surql_buf *out, const char *table, const surql_schema_event *e,
                              const surql_schema_ddl_options *opts)
{
    WRAP_BEGIN(e, "event_to_ddl");
    if (!table)
        return sq_err(SURQL_EINVAL, "event_to_ddl: table is NULL");
    return finish(out, &tmp, sq_ddl_event(&tmp, table, e, &o));
}
