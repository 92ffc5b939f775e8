/* The builder: how statements start (SELECT, CREATE, ..., INSERT, RELATE),
 * their targets (FROM tables, record ids, ranges, expressions), ONLY and
 * graph traversal from a record target. */
#include <stdlib.h>
#include <string.h>

#include "builder-internal.h"

/* ---- targets ---- */

/* push target e of b (consumed); the first table named (raw, may be NULL)
 * becomes b's main table (hint validation) */
static int add_target(surql_query_builder *b, surql_query_expr *e, const char *table)
{
    if (table && !b->main_table && !(b->main_table = surql_strdup(table))) {
        surql_query_expr_unref(e);
        return QERR(SURQL_ENOMEM, "out of memory");
    }
    return qb_list_push(&b->targets, e, NULL, 0, NULL);
}

/* push the table target esc (escaped name, consumed) named table */
static int add_table_target(surql_query_builder *b, char *esc, const char *table)
{
    surql_query_expr *e = qx_new(QX_FIELD);
    if (!e) {
        free(esc);
        return surql_error_last()->code;
    }
    e->text = esc;
    return add_target(b, e, table);
}

/* a table name or a record id given as text */
static int add_target_text(surql_query_builder *b, const char *text)
{
    surql_value *v = NULL;
    int is_table = 0;
    char *esc = NULL;
    int rc = q_target_value(&v, text, &is_table, &esc);
    if (rc)
        return rc;
    if (is_table)
        return add_table_target(b, esc, text);
    const char *t = NULL;
    surql_value_record_table(v, &t);
    surql_query_expr *e = surql_query_value_take(v); /* keeps v (and t) alive */
    if (!e)
        return surql_error_last()->code;
    return add_target(b, e, t);
}

static surql_query_builder *start_kind(int kind, const char *target)
{
    surql_query_builder *b = qb_new(kind);
    if (b && target && add_target_text(b, target) != 0)
        return qb_fail(b);
    return b;
}

surql_query_builder *surql_query_select(void) { return qb_new(QK_SELECT); }
surql_query_builder *surql_query_create(const char *t) { return start_kind(QK_CREATE, t ? t : ""); }
surql_query_builder *surql_query_update(const char *t) { return start_kind(QK_UPDATE, t ? t : ""); }
surql_query_builder *surql_query_upsert(const char *t) { return start_kind(QK_UPSERT, t ? t : ""); }
surql_query_builder *surql_query_delete(const char *t) { return start_kind(QK_DELETE, t ? t : ""); }

static surql_query_builder *start_insert(int kind, const char *table, const char *what)
{
    char *esc = q_name_dup(table, what);
    if (!esc)
        return NULL;
    surql_query_builder *b = qb_new(kind);
    if (!b) {
        free(esc);
        return NULL;
    }
    if (add_table_target(b, esc, table))
        return qb_fail(b);
    return b;
}

surql_query_builder *surql_query_insert(const char *table)
{
    return start_insert(QK_INSERT, table, "table");
}

surql_query_builder *surql_query_insert_relation(const char *edge)
{
    return start_insert(QK_INSERT_REL, edge, "edge table");
}

static surql_query_expr *record_operand(const surql_value *v)
{
    switch (surql_value_type_of(v)) {
    case SURQL_VALUE_RECORD:
    case SURQL_VALUE_STRING: {
        surql_value *r = NULL;
        if (surql_query_record_from_value(&r, v, NULL) != 0)
            return NULL;
        return surql_query_value_take(r);
    }
    case SURQL_VALUE_ARRAY: {
        for (size_t i = 0; i < surql_value_length(v); i++)
            if (surql_value_type_of(surql_value_array_at(v, i)) != SURQL_VALUE_RECORD) {
                QERR(SURQL_ETYPE, "element %zu of the record list is not a record id", i);
                return NULL;
            }
        return surql_query_value(v);
    }
    default:
        QERR(SURQL_ETYPE, "expected a record id, got %s",
             surql_value_type_name(surql_value_type_of(v)));
        return NULL;
    }
}

surql_query_builder *surql_query_relate_values(const char *edge, const surql_value *from,
                                               const surql_value *to)
{
    char *esc = q_name_dup(edge, "edge table");
    if (!esc)
        return NULL;
    surql_query_builder *b = qb_new(QK_RELATE);
    if (!b) {
        free(esc);
        return NULL;
    }
    b->edge = esc;
    b->main_table = surql_strdup(edge);
    if (!b->main_table) {
        QERR(SURQL_ENOMEM, "out of memory");
        return qb_fail(b);
    }
    if (!(b->rel_from = record_operand(from)) || !(b->rel_to = record_operand(to)))
        return qb_fail(b);
    return b;
}

surql_query_builder *surql_query_relate(const char *edge, const char *from, const char *to)
{
    surql_value *f = NULL, *t = NULL;
    if (surql_query_record_parse(&f, from, 0) != 0)
        return NULL;
    if (surql_query_record_parse(&t, to, 0) != 0) {
        surql_value_unref(f);
        return NULL;
    }
    surql_query_builder *b = surql_query_relate_values(edge, f, t);
    surql_value_unref(f);
    surql_value_unref(t);
    return b;
}

surql_query_builder *surql_query_from(surql_query_builder *b, const char *target)
{
    if (!(b = qb_own(b)))
        return NULL;
    if (qb_need_kind(b, KM(QK_SELECT), "FROM") || add_target_text(b, target))
        return qb_fail(b);
    return b;
}

surql_query_builder *surql_query_from_table(surql_query_builder *b, const char *table)
{
    if (!(b = qb_own(b)))
        return NULL;
    char *esc = q_name_dup(table, "table");
    if (!esc || add_table_target(b, esc, table))
        return qb_fail(b);
    return b;
}

surql_query_builder *surql_query_from_expr(surql_query_builder *b, surql_query_expr *e)
{
    if (!(b = qb_own_expr(b, e, 0, NULL)))
        return NULL;
    if (qb_list_push(&b->targets, e, NULL, 0, NULL))
        return qb_fail(b);
    return b;
}

surql_query_builder *surql_query_from_value(surql_query_builder *b, const surql_value *v)
{
    if (!b)
        return qb_null();
    /* An array of records becomes one bound target per record (`FROM $p1, $p2`): SurrealDB
     * 3.0.2 refuses `SELECT f FROM $p` over an array parameter ("Specify a database to
     * use") when there is no WHERE clause; separate targets mean the same on every engine. */
    size_t n = surql_value_type_of(v) == SURQL_VALUE_ARRAY ? surql_value_length(v) : 0;
    if (n) {
        surql_query_expr *check = record_operand(v); /* every element must be a record */
        if (!check)
            return qb_fail(b);
        surql_query_expr_unref(check);
        for (size_t i = 0; b && i < n; i++)
            b = surql_query_from_value(b, surql_value_array_at(v, i));
        return b;
    }
    surql_query_expr *e = record_operand(v);
    if (!e)
        return qb_fail(b);
    if (surql_value_type_of(v) == SURQL_VALUE_RECORD && !b->main_table) {
        const char *t = NULL;
        surql_value_record_table(v, &t);
        if (!(b = qb_own(b))) {
            surql_query_expr_unref(e);
            return NULL;
        }
        if (!(b->main_table = surql_strdup(t))) {
            surql_query_expr_unref(e);
            QERR(SURQL_ENOMEM, "out of memory");
            return qb_fail(b);
        }
    }
    return surql_query_from_expr(b, e);
}

surql_query_builder *surql_query_from_range(surql_query_builder *b, const char *table,
                                            const surql_value *lo, int lo_incl,
                                            const surql_value *hi, int hi_incl)
{
    if (!b)
        return qb_null();
    if (surql_ident_validate(table, "table") != 0)
        return qb_fail(b);
    surql_value *range = surql_value_range(lo, lo_incl, hi, hi_incl);
    surql_value *rec = range ? surql_value_record_take(table, range) : NULL;
    if (!rec)
        return qb_fail(b);
    surql_query_expr *e = surql_query_value_take(rec);
    if (!e)
        return qb_fail(b);
    if (!(b = qb_own_expr(b, e, 0, NULL)))
        return NULL;
    if (add_target(b, e, table))
        return qb_fail(b);
    return b;
}

surql_query_builder *surql_query_only(surql_query_builder *b)
{
    unsigned kinds = KM(QK_SELECT) | KM(QK_CREATE) | KM(QK_UPDATE) | KM(QK_UPSERT) |
                     KM(QK_DELETE) | KM(QK_RELATE);
    if (!(b = qb_own_kind(b, kinds, "ONLY")))
        return NULL;
    b->only = 1;
    return b;
}

surql_query_builder *surql_query_traverse(surql_query_builder *b, const char *path)
{
    if (!(b = qb_own(b)))
        return NULL;
    if (!b->targets || b->targets->a->kind == QX_FIELD) {
        QERR(SURQL_QUERY_EMISUSE, "traverse() needs a record id target (FROM user:alice)");
        return qb_fail(b);
    }
    surql_query_expr *g = surql_query_graph_path(surql_query_expr_ref(b->targets->a), path);
    if (!g)
        return qb_fail(b);
    /* replace the newest target node (copy the node if shared) */
    qlist *old = b->targets;
    qlist *next = qb_list_ref(old->next);
    q_list_unref(old);
    b->targets = next;
    if (qb_list_push(&b->targets, g, NULL, 0, NULL))
        return qb_fail(b);
    return b;
}

