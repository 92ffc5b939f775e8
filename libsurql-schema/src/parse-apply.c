/* Applying parsed DDL to a schema, and building schemas from INFO results. */
#include "parse-internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int at_err(const sq_stmt *st, int code, const char *fmt, const char *a, const char *b)
    __attribute__((format(printf, 3, 0)));
static int at_err(const sq_stmt *st, int code, const char *fmt, const char *a, const char *b)
{
    char msg[600];
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
    snprintf(msg, sizeof msg, fmt, a, b ? b : "");
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
    return surql_error_set_at(code, SQ_DOMAIN, st->line, st->col, "%zu:%zu: %s: %s", st->line,
                              st->col, st->keyword, msg);
}

static const char *kind_word(int kind)
{
    switch (kind % 10) {
    case 1: return "table";
    case 2: return "field";
    case 3: return "index";
    case 4: return "event";
    case 5: return "access";
    case 6: return "param";
    case 7: return "function";
    default: return "analyzer";
    }
}

/* the vector of the schema (or table) holding objects of this statement kind */
static sq_objv *holder(surql_schema *s, surql_schema_table *t, int kind)
{
    switch (kind % 10) {
    case 1: return &s->tables;
    case 2: return &t->fields;
    case 3: return &t->indexes;
    case 4: return &t->events;
    case 5: return &s->accesses;
    case 6: return &s->params;
    case 7: return &s->functions;
    default: return &s->analyzers;
    }
}

static int apply_one(surql_schema *s, const sq_stmt *st)
{
    int def = st->kind < 10;
    int kind = st->kind;
    int child = kind % 10 >= 2 && kind % 10 <= 4;
    surql_schema_table *t = NULL;
    int rc = SURQL_OK;
    if (child) {
        size_t ti = sq_objv_find(&s->tables, st->table);
        if (ti == (size_t)-1) {
            if (!def) {
                if (st->flags & SURQL_SCHEMA_STMT_IF_EXISTS)
                    return SURQL_OK;
                return at_err(st, SURQL_ENOTFOUND, "table '%s' does not exist", st->table, NULL);
            }
            /* the engine creates the table on the fly */
            if ((rc = surql_schema_table_new(&t, st->table)))
                return rc;
            t->mode = 0;
        } else {
            t = sq_table_clone((surql_schema_table *)s->tables.v[ti]);
            if (!t)
                return SURQL_ENOMEM;
        }
    }
    sq_objv *v = holder(s, t, kind);
    const char *name = st->name;
    size_t i = sq_objv_find(v, name);
    if (def) {
        if (i != (size_t)-1) {
            if (st->flags & SURQL_SCHEMA_STMT_IF_NOT_EXISTS)
                goto out;
            if (!(st->flags & SURQL_SCHEMA_STMT_OVERWRITE)) {
                rc = child ? at_err(st, SURQL_ESCHEMA_CONFLICT,
                                    "%s already exists on table '%s' (use OVERWRITE or IF NOT "
                                    "EXISTS)",
                                    name, st->table)
                           : at_err(st, SURQL_ESCHEMA_CONFLICT,
                                    "'%s' already exists (use OVERWRITE or IF NOT EXISTS)%s",
                                    name, NULL);
                goto out;
            }
        }
        if (kind == SURQL_SCHEMA_STMT_DEFINE_TABLE && i != (size_t)-1) {
            /* a table definition does not own its fields, indexes and events */
            surql_schema_table *old = (surql_schema_table *)v->v[i];
            surql_schema_table *nt = sq_table_clone(st->obj);
            if (!nt) {
                rc = SURQL_ENOMEM;
                goto out;
            }
            sq_objv_clear(&nt->fields);
            sq_objv_clear(&nt->indexes);
            sq_objv_clear(&nt->events);
            rc = sq_objv_copy(&nt->fields, &old->fields) | sq_objv_copy(&nt->indexes, &old->indexes) |
                 sq_objv_copy(&nt->events, &old->events);
            if (!rc)
                rc = sq_objv_put(v, nt);
            sq_obj_unref(nt);
        } else {
            rc = sq_objv_put(v, st->obj);
        }
    } else {
        if (i == (size_t)-1) {
            if (!(st->flags & SURQL_SCHEMA_STMT_IF_EXISTS))
                rc = child ? at_err(st, SURQL_ENOTFOUND, "%s does not exist on table '%s'",
                                    name, st->table)
                           : at_err(st, SURQL_ENOTFOUND, "%s '%s' does not exist",
                                    kind_word(kind), name);
            goto out;
        }
        sq_objv_remove(v, i);
    }
    if (!rc && child)
        rc = sq_objv_put(&s->tables, t);
out:
    sq_obj_unref(t);
    return rc;
}

int surql_schema_apply(surql_schema **out, const surql_schema *base,
                       const surql_schema_script *script)
{
    if (!out)
        return sq_err(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    if (!script)
        return sq_err(SURQL_EINVAL, "script is NULL");
    surql_schema *s = sq_schema_clone(base);
    if (!s)
        return SURQL_ENOMEM;
    int rc = SURQL_OK;
    for (size_t i = 0; !rc && i < script->n; i++) {
        const sq_stmt *st = &script->v[i];
        if (st->kind == SURQL_SCHEMA_STMT_OTHER || st->kind == SURQL_SCHEMA_STMT_DEFINE_OTHER ||
            st->kind == SURQL_SCHEMA_STMT_REMOVE_OTHER)
            continue;
        rc = apply_one(s, st);
    }
    if (rc) {
        sq_obj_unref(s);
        return rc;
    }
    *out = s;
    return SURQL_OK;
}

int surql_schema_parse(surql_schema **out, const char *text, size_t len)
{
    if (!out)
        return sq_err(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    surql_schema_script *sc = NULL;
    int rc = surql_schema_script_parse(&sc, text, len);
    if (!rc)
        rc = surql_schema_apply(out, NULL, sc);
    surql_schema_script_free(sc);
    return rc;
}

/* parse every string value of obj[key] and apply it to *s */
static int apply_info_map(surql_schema **s, const surql_value *obj, const char *key,
                          const char *ctx)
{
    const surql_value *m = surql_value_object_get(obj, key);
    if (!m || surql_value_is_nullish(m))
        return SURQL_OK;
    if (surql_value_type_of(m) != SURQL_VALUE_OBJECT)
        return sq_err(SURQL_ETYPE, "%s: '%s' is not an object", ctx, key);
    size_t n = surql_value_length(m);
    for (size_t i = 0; i < n; i++) {
        const char *name = NULL;
        const surql_value *v = NULL;
        const char *txt = NULL;
        size_t len = 0;
        int rc = surql_value_object_at(m, i, &name, NULL, &v);
        if (!rc && surql_value_get_string(v, &txt, &len) != SURQL_OK)
            rc = sq_err(SURQL_ETYPE, "%s: %s.%s is not a DEFINE string", ctx, key, name);
        surql_schema_script *sc = NULL;
        surql_schema *ns = NULL;
        if (!rc)
            rc = surql_schema_script_parse(&sc, txt, len);
        if (!rc)
            rc = surql_schema_apply(&ns, *s, sc);
        surql_schema_script_free(sc);
        if (rc) {
            char pre[300];
            snprintf(pre, sizeof pre, "%s: %s.%s", ctx, key, name ? name : "?");
            return surql_error_prefix(pre);
        }
        sq_obj_unref(*s);
        *s = ns;
    }
    return SURQL_OK;
}

int surql_schema_from_info(surql_schema **out, const surql_value *db_info,
                           const surql_value *tables_info)
{
    if (!out)
        return sq_err(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    if (!db_info || surql_value_type_of(db_info) != SURQL_VALUE_OBJECT)
        return sq_err(SURQL_ETYPE, "INFO FOR DB result is not an object");
    if (tables_info && surql_value_type_of(tables_info) != SURQL_VALUE_OBJECT)
        return sq_err(SURQL_ETYPE, "tables info is not an object");
    surql_schema *s = sq_schema_clone(NULL);
    if (!s)
        return SURQL_ENOMEM;
    static const char *const keys[] = { "analyzers", "functions", "params", "tables",
                                        "accesses", NULL };
    int rc = SURQL_OK;
    for (size_t k = 0; !rc && keys[k]; k++)
        rc = apply_info_map(&s, db_info, keys[k], "INFO FOR DB");
    size_t n = tables_info ? surql_value_length(tables_info) : 0;
    for (size_t i = 0; !rc && i < n; i++) {
        const char *name = NULL;
        const surql_value *ti = NULL;
        rc = surql_value_object_at(tables_info, i, &name, NULL, &ti);
        if (!rc && surql_value_type_of(ti) != SURQL_VALUE_OBJECT)
            rc = sq_err(SURQL_ETYPE, "INFO FOR TABLE %s: not an object", name);
        char ctx[300];
        snprintf(ctx, sizeof ctx, "INFO FOR TABLE %s", name ? name : "?");
        if (!rc)
            rc = apply_info_map(&s, ti, "fields", ctx);
        if (!rc)
            rc = apply_info_map(&s, ti, "indexes", ctx);
        if (!rc)
            rc = apply_info_map(&s, ti, "events", ctx);
    }
    if (rc) {
        sq_obj_unref(s);
        return rc;
    }
    *out = s;
    return SURQL_OK;
}
