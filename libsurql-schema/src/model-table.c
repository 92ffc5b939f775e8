/* Tables and edges: construction, immutable builders, getters. */
#include "model-internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <surql/schema/literal.h>

void sq_table_destroy(surql_schema_table *t)
{
    free(t->h.name);
    sq_strv_clear(&t->in);
    sq_strv_clear(&t->out);
    free(t->changefeed);
    free(t->comment);
    sq_perm_clear(t->perm);
    sq_objv_clear(&t->fields);
    sq_objv_clear(&t->indexes);
    sq_objv_clear(&t->events);
    free(t);
}

surql_schema_table *sq_table_clone(const surql_schema_table *t)
{
    surql_schema_table *c = calloc(1, sizeof *c);
    if (!c) {
        sq_err(SURQL_ENOMEM, "out of memory");
        return NULL;
    }
    sq_obj_init(&c->h, SQ_TABLE);
    c->mode = SURQL_SCHEMA_SCHEMAFULL;
    if (!t)
        return c;
    c->edge = t->edge;
    c->mode = t->mode;
    c->kind = t->kind;
    c->drop = t->drop;
    c->enforced = t->enforced;
    c->cf_original = t->cf_original;
    if (sq_set_str(&c->h.name, t->h.name) | sq_strv_copy(&c->in, &t->in) |
        sq_strv_copy(&c->out, &t->out) | sq_set_str(&c->changefeed, t->changefeed) |
        sq_set_str(&c->comment, t->comment) | sq_perm_copy(c->perm, (char *const *)t->perm) |
        sq_objv_copy(&c->fields, &t->fields) | sq_objv_copy(&c->indexes, &t->indexes) |
        sq_objv_copy(&c->events, &t->events)) {
        sq_table_destroy(c);
        sq_err(SURQL_ENOMEM, "out of memory");
        return NULL;
    }
    return c;
}

static int table_done(surql_schema_table **out, surql_schema_table *c, int rc)
{
    if (rc) {
        sq_table_destroy(c);
        return rc;
    }
    *out = c;
    return SURQL_OK;
}

#define TABLE_BEGIN()                                                                    \
    if (!out)                                                                            \
        return sq_err(SURQL_EINVAL, "out is NULL");                                      \
    *out = NULL;                                                                         \
    if (!t)                                                                              \
        return sq_err(SURQL_EINVAL, "table is NULL");                                    \
    surql_schema_table *c = sq_table_clone(t);                                           \
    if (!c)                                                                              \
        return SURQL_ENOMEM;                                                             \
    int rc = SURQL_OK

int surql_schema_table_new(surql_schema_table **out, const char *name)
{
    if (!out)
        return sq_err(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    int rc = surql_ident_validate(name, "table");
    if (rc)
        return rc;
    surql_schema_table *c = sq_table_clone(NULL);
    if (!c)
        return SURQL_ENOMEM;
    return table_done(out, c, sq_set_str(&c->h.name, name));
}

static int set_tables(sq_strv *dst, const char *const *names, size_t n, const char *tname,
                      const char *which)
{
    sq_strv nv = { NULL, 0 };
    for (size_t i = 0; i < n; i++) {
        char what[300];
        snprintf(what, sizeof what, "edge '%s': %s table", tname, which);
        int rc = names ? surql_ident_validate(names[i], what)
                       : sq_err(SURQL_EINVAL, "%s: NULL list", what);
        if (!rc)
            rc = sq_strv_push(&nv, names[i]);
        if (rc) {
            sq_strv_clear(&nv);
            return rc;
        }
    }
    sq_strv_clear(dst);
    *dst = nv;
    return SURQL_OK;
}

int surql_schema_edge_new(surql_schema_table **out, const char *name, surql_schema_edge_mode mode,
                          const char *from, const char *to)
{
    if (!out)
        return sq_err(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    if (mode != SURQL_SCHEMA_EDGE_RELATION && mode != SURQL_SCHEMA_EDGE_SCHEMAFULL &&
        mode != SURQL_SCHEMA_EDGE_SCHEMALESS)
        return sq_err(SURQL_EINVAL, "edge '%s': unknown edge mode %d", name ? name : "",
                      (int)mode);
    if (mode != SURQL_SCHEMA_EDGE_RELATION && (from || to))
        return sq_err(SURQL_ESCHEMA,
                      "edge '%s': from/to tables need the RELATION edge mode (the %s mode "
                      "has no IN/OUT constraint)",
                      name ? name : "", mode == SURQL_SCHEMA_EDGE_SCHEMAFULL ? "SCHEMAFULL" : "SCHEMALESS");
    surql_schema_table *t;
    int rc = surql_schema_table_new(&t, name);
    if (rc)
        return rc;
    t->edge = 1;
    if (mode == SURQL_SCHEMA_EDGE_RELATION) {
        t->kind = SURQL_SCHEMA_TABLE_RELATION;
        t->mode = 0;
        rc = set_tables(&t->in, from ? &from : NULL, from ? 1 : 0, name, "from");
        if (!rc)
            rc = set_tables(&t->out, to ? &to : NULL, to ? 1 : 0, name, "to");
    } else {
        t->mode = mode == SURQL_SCHEMA_EDGE_SCHEMAFULL ? SURQL_SCHEMA_SCHEMAFULL
                                                      : SURQL_SCHEMA_SCHEMALESS;
    }
    return table_done(out, t, rc);
}

surql_schema_table *surql_schema_table_ref(const surql_schema_table *t) { return sq_obj_ref(t); }
surql_schema_table *surql_schema_table_unref(surql_schema_table *t)
{
    sq_obj_unref(t);
    return NULL;
}

static int put_children(sq_objv *v, const void *const *items, size_t n, const char *tname,
                        const char *what)
{
    for (size_t i = 0; i < n; i++) {
        if (!items || !items[i])
            return sq_err(SURQL_EINVAL, "table '%s': %s %zu is NULL", tname, what, i + 1);
        int rc = sq_objv_put(v, items[i]);
        if (rc)
            return rc;
    }
    return SURQL_OK;
}

int surql_schema_table_with_fields(surql_schema_table **out, const surql_schema_table *t,
                                   const surql_schema_field *const *fields, size_t n)
{
    TABLE_BEGIN();
    rc = put_children(&c->fields, (const void *const *)fields, n, t->h.name, "field");
    return table_done(out, c, rc);
}

int surql_schema_table_with_indexes(surql_schema_table **out, const surql_schema_table *t,
                                    const surql_schema_index *const *idx, size_t n)
{
    TABLE_BEGIN();
    rc = put_children(&c->indexes, (const void *const *)idx, n, t->h.name, "index");
    return table_done(out, c, rc);
}

int surql_schema_table_with_events(surql_schema_table **out, const surql_schema_table *t,
                                   const surql_schema_event *const *ev, size_t n)
{
    TABLE_BEGIN();
    rc = put_children(&c->events, (const void *const *)ev, n, t->h.name, "event");
    return table_done(out, c, rc);
}

static int without(surql_schema_table **out, const surql_schema_table *t, const char *name,
                   int which)
{
    TABLE_BEGIN();
    sq_objv *v = which == 0 ? &c->fields : which == 1 ? &c->indexes : &c->events;
    size_t i = sq_objv_find(v, name);
    if (i == (size_t)-1)
        rc = sq_err(SURQL_ENOTFOUND, "table '%s' has no %s '%s'", t->h.name,
                    which == 0 ? "field" : which == 1 ? "index" : "event", name ? name : "");
    else
        sq_objv_remove(v, i);
    return table_done(out, c, rc);
}

int surql_schema_table_without_field(surql_schema_table **out, const surql_schema_table *t,
                                     const char *name)
{
    return without(out, t, name, 0);
}
int surql_schema_table_without_index(surql_schema_table **out, const surql_schema_table *t,
                                     const char *name)
{
    return without(out, t, name, 1);
}
int surql_schema_table_without_event(surql_schema_table **out, const surql_schema_table *t,
                                     const char *name)
{
    return without(out, t, name, 2);
}

int surql_schema_table_with_permission(surql_schema_table **out, const surql_schema_table *t,
                                       unsigned ops, const char *rule)
{
    TABLE_BEGIN();
    char what[300];
    snprintf(what, sizeof what, "table '%s'", t->h.name);
    rc = sq_perm_set(c->perm, ops, rule, what);
    return table_done(out, c, rc);
}

int surql_schema_table_with_mode(surql_schema_table **out, const surql_schema_table *t,
                                 surql_schema_table_mode mode)
{
    TABLE_BEGIN();
    if (mode != SURQL_SCHEMA_SCHEMAFULL && mode != SURQL_SCHEMA_SCHEMALESS)
        rc = sq_err(SURQL_EINVAL, "table '%s': unknown mode %d", t->h.name, (int)mode);
    c->mode = mode;
    return table_done(out, c, rc);
}

int surql_schema_table_with_drop(surql_schema_table **out, const surql_schema_table *t, int drop)
{
    TABLE_BEGIN();
    c->drop = !!drop;
    return table_done(out, c, rc);
}

int surql_schema_table_with_kind(surql_schema_table **out, const surql_schema_table *t,
                                 surql_schema_table_kind kind)
{
    TABLE_BEGIN();
    if (kind != SURQL_SCHEMA_TABLE_KIND_DEFAULT && kind != SURQL_SCHEMA_TABLE_ANY &&
        kind != SURQL_SCHEMA_TABLE_NORMAL)
        rc = sq_err(SURQL_EINVAL,
                    "table '%s': kind %d (use surql_schema_table_with_relation for RELATION)",
                    t->h.name, (int)kind);
    c->kind = kind;
    sq_strv_clear(&c->in);
    sq_strv_clear(&c->out);
    c->enforced = 0;
    return table_done(out, c, rc);
}

int surql_schema_table_with_relation(surql_schema_table **out, const surql_schema_table *t,
                                     const char *const *in, size_t n_in,
                                     const char *const *outs, size_t n_out, int enforced)
{
    TABLE_BEGIN();
    rc = set_tables(&c->in, in, n_in, t->h.name, "in");
    if (!rc)
        rc = set_tables(&c->out, outs, n_out, t->h.name, "out");
    c->kind = SURQL_SCHEMA_TABLE_RELATION;
    c->enforced = !!enforced;
    c->edge = 1;
    return table_done(out, c, rc);
}

static int edge_end(surql_schema_table **out, const surql_schema_table *t, const char *name,
                    int which)
{
    TABLE_BEGIN();
    if (c->kind != SURQL_SCHEMA_TABLE_RELATION)
        rc = sq_err(SURQL_ESCHEMA, "edge '%s': %s table needs a RELATION edge", t->h.name,
                    which ? "to" : "from");
    else
        rc = set_tables(which ? &c->out : &c->in, name ? &name : NULL, name ? 1 : 0,
                        t->h.name, which ? "to" : "from");
    return table_done(out, c, rc);
}

int surql_schema_edge_with_from(surql_schema_table **out, const surql_schema_table *t,
                                const char *from)
{
    return edge_end(out, t, from, 0);
}
int surql_schema_edge_with_to(surql_schema_table **out, const surql_schema_table *t,
                              const char *to)
{
    return edge_end(out, t, to, 1);
}

int surql_schema_table_with_changefeed(surql_schema_table **out, const surql_schema_table *t,
                                       const char *duration, int include_original)
{
    TABLE_BEGIN();
    char what[300];
    snprintf(what, sizeof what, "table '%s': changefeed", t->h.name);
    if (duration && (rc = sq_duration_check(duration, what)) == SURQL_OK &&
        strcmp(duration, "NONE") == 0)
        rc = sq_err(SURQL_ESCHEMA, "%s: needs a duration", what);
    if (!rc)
        rc = sq_set_str(&c->changefeed, duration);
    c->cf_original = duration ? !!include_original : 0;
    return table_done(out, c, rc);
}

int surql_schema_table_with_comment(surql_schema_table **out, const surql_schema_table *t,
                                    const char *comment)
{
    TABLE_BEGIN();
    rc = sq_set_str(&c->comment, comment);
    return table_done(out, c, rc);
}

const char *surql_schema_table_name(const surql_schema_table *t) { return t ? t->h.name : NULL; }
int surql_schema_table_is_edge(const surql_schema_table *t) { return t ? t->edge : 0; }
surql_schema_table_mode surql_schema_table_get_mode(const surql_schema_table *t)
{
    return t && t->mode ? (surql_schema_table_mode)t->mode : SURQL_SCHEMA_SCHEMALESS;
}
surql_schema_table_kind surql_schema_table_get_kind(const surql_schema_table *t)
{
    return t ? (surql_schema_table_kind)t->kind : SURQL_SCHEMA_TABLE_KIND_DEFAULT;
}
int surql_schema_table_drop(const surql_schema_table *t) { return t ? t->drop : 0; }
int surql_schema_table_enforced(const surql_schema_table *t) { return t ? t->enforced : 0; }
size_t surql_schema_table_in_count(const surql_schema_table *t) { return t ? t->in.n : 0; }
const char *surql_schema_table_in_at(const surql_schema_table *t, size_t i)
{
    return t && i < t->in.n ? t->in.v[i] : NULL;
}
size_t surql_schema_table_out_count(const surql_schema_table *t) { return t ? t->out.n : 0; }
const char *surql_schema_table_out_at(const surql_schema_table *t, size_t i)
{
    return t && i < t->out.n ? t->out.v[i] : NULL;
}
const char *surql_schema_table_changefeed(const surql_schema_table *t)
{
    return t ? t->changefeed : NULL;
}
int surql_schema_table_changefeed_original(const surql_schema_table *t)
{
    return t ? t->cf_original : 0;
}
const char *surql_schema_table_comment(const surql_schema_table *t) { return t ? t->comment : NULL; }
const char *surql_schema_table_permission(const surql_schema_table *t, surql_schema_perm_op op)
{
    int i = sq_perm_index((unsigned)op);
    return t && i >= 0 ? t->perm[i] : NULL;
}
size_t surql_schema_table_field_count(const surql_schema_table *t) { return t ? t->fields.n : 0; }
const surql_schema_field *surql_schema_table_field_at(const surql_schema_table *t, size_t i)
{
    return t && i < t->fields.n ? (const surql_schema_field *)t->fields.v[i] : NULL;
}
const surql_schema_field *surql_schema_table_get_field(const surql_schema_table *t,
                                                       const char *name)
{
    size_t i = t ? sq_objv_find(&t->fields, name) : (size_t)-1;
    return i == (size_t)-1 ? NULL : (const surql_schema_field *)t->fields.v[i];
}
size_t surql_schema_table_index_count(const surql_schema_table *t) { return t ? t->indexes.n : 0; }
const surql_schema_index *surql_schema_table_index_at(const surql_schema_table *t, size_t i)
{
    return t && i < t->indexes.n ? (const surql_schema_index *)t->indexes.v[i] : NULL;
}
const surql_schema_index *surql_schema_table_get_index(const surql_schema_table *t,
                                                       const char *name)
{
    size_t i = t ? sq_objv_find(&t->indexes, name) : (size_t)-1;
    return i == (size_t)-1 ? NULL : (const surql_schema_index *)t->indexes.v[i];
}
size_t surql_schema_table_event_count(const surql_schema_table *t) { return t ? t->events.n : 0; }
const surql_schema_event *surql_schema_table_event_at(const surql_schema_table *t, size_t i)
{
    return t && i < t->events.n ? (const surql_schema_event *)t->events.v[i] : NULL;
}
const surql_schema_event *surql_schema_table_get_event(const surql_schema_table *t,
                                                       const char *name)
{
    size_t i = t ? sq_objv_find(&t->events, name) : (size_t)-1;
    return i == (size_t)-1 ? NULL : (const surql_schema_event *)t->events.v[i];
}
