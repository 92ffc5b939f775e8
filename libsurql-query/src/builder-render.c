/* The builder's text: a statement of each kind rendered with its values
 * bound as parameters, and the build into a statement object. */
#include <stdlib.h>
#include <string.h>

#include "builder-internal.h"

/* the items of l, oldest first (*n of them): in stack (cap entries) when
 * they fit, else malloc'd (free when *v != stack) */
static int list_vec(const qlist *l, const qlist **stack, size_t cap, const qlist ***v, size_t *n)
{
    *n = qb_list_len(l);
    *v = *n <= cap ? stack : malloc(*n * sizeof **v);
    if (!*v)
        return QERR(SURQL_ENOMEM, "out of memory");
    qb_list_items(l, *v, *n);
    return SURQL_OK;
}

#define LIST_VEC_FREE(v, stack)      \
    do {                             \
        if ((v) != (stack))          \
            free((void *)(v));       \
    } while (0)

static int put_list(qrender *r, const qlist *l, const char *sep, int where)
{
    const qlist *stack[16], **v;
    size_t n;
    int rc = list_vec(l, stack, 16, &v, &n);
    for (size_t i = 0; !rc && i < n; i++) {
        if (i)
            rc = surql_buf_puts(r->out, sep);
        if (rc)
            break;
        if (where && v[i]->a->kind != QX_KNN) {
            rc = surql_buf_putc(r->out, '(');
            if (!rc)
                rc = qr_expr(r, v[i]->a);
            if (!rc)
                rc = surql_buf_putc(r->out, ')');
        } else {
            rc = qr_expr(r, v[i]->a);
        }
    }
    LIST_VEC_FREE(v, stack);
    return rc;
}

static int put_sets(qrender *r, const qlist *l)
{
    const qlist *stack[16], **v;
    size_t n;
    if (list_vec(l, stack, 16, &v, &n))
        return surql_error_last()->code;
    int rc = SURQL_OK;
    for (size_t i = 0; !rc && i < n; i++) {
        if (i)
            rc = surql_buf_puts(r->out, ", ");
        if (!rc)
            rc = qr_expr(r, v[i]->a);
        if (!rc)
            rc = surql_buf_puts(r->out, v[i]->flags == QS_ADD   ? " += "
                                        : v[i]->flags == QS_SUB ? " -= "
                                                                : " = ");
        if (!rc)
            rc = qr_expr(r, v[i]->b);
    }
    LIST_VEC_FREE(v, stack);
    return rc;
}

static int put_order(qrender *r, const qlist *l)
{
    const qlist *stack[16], **v;
    size_t n;
    if (list_vec(l, stack, 16, &v, &n))
        return surql_error_last()->code;
    int rc = surql_buf_puts(r->out, " ORDER BY ");
    for (size_t i = 0; !rc && i < n; i++) {
        if (i)
            rc = surql_buf_puts(r->out, ", ");
        if (!rc)
            rc = qr_expr(r, v[i]->a);
        if (!rc && v[i]->flags != 2)
            rc = surql_buf_puts(r->out, v[i]->flags ? " DESC" : " ASC");
    }
    LIST_VEC_FREE(v, stack);
    return rc;
}

/* CONTENT + SET on CREATE/UPSERT: fold plain `field = value` sets into the content */
static int merged_content(const surql_query_builder *b, surql_value **out)
{
    *out = NULL;
    const qlist *stack[16], **v;
    size_t n;
    if (list_vec(b->sets, stack, 16, &v, &n))
        return surql_error_last()->code;
    for (size_t i = 0; i < n; i++) {
        if (v[i]->flags != QS_EQ || v[i]->b->kind != QX_VALUE || strchr(v[i]->a->text, '.') ||
            v[i]->a->text[0] == '`') {
            LIST_VEC_FREE(v, stack);
            return QERR(SURQL_QUERY_EMISUSE,
                        "CONTENT and SET cannot be combined (only plain field = value sets are "
                        "folded into the content)");
        }
    }
    surql_value *obj = surql_value_object();
    int rc = obj ? SURQL_OK : surql_error_last()->code;
    surql_value_iter it;
    if (!rc)
        rc = surql_value_iter_init(&it, b->data);
    while (!rc && surql_value_iter_next(&it) == SURQL_OK)
        rc = surql_value_object_set_len(obj, it.key, it.key_len, it.value);
    for (size_t i = 0; !rc && i < n; i++)
        rc = surql_value_object_set(obj, v[i]->a->text, v[i]->b->val);
    LIST_VEC_FREE(v, stack);
    if (rc) {
        surql_value_unref(obj);
        return rc;
    }
    *out = obj;
    return SURQL_OK;
}

static int put_data(qrender *r, const surql_query_builder *b)
{
    int rc = SURQL_OK;
    if (b->data && b->sets) {
        if (b->data_kind != QD_CONTENT || (b->kind != QK_CREATE && b->kind != QK_UPSERT))
            return QERR(SURQL_QUERY_EMISUSE, "%s data and SET cannot be combined",
                        qb_kind_name(b->kind));
        surql_value *m = NULL;
        rc = merged_content(b, &m);
        if (rc)
            return rc;
        rc = surql_buf_puts(r->out, " CONTENT ");
        if (!rc)
            rc = qr_bind(r, m);
        surql_value_unref(m);
        return rc;
    }
    if (b->data) {
        static const char *const kw[] = { "", " CONTENT ", " MERGE ", " PATCH ", " REPLACE ", " " };
        rc = surql_buf_puts(r->out, kw[b->data_kind]);
        return rc ? rc : qr_bind(r, b->data);
    }
    if (b->sets) {
        rc = surql_buf_puts(r->out, " SET ");
        return rc ? rc : put_sets(r, b->sets);
    }
    return SURQL_OK;
}

/* " KW item, item" when the list l has items */
static int put_clause(qrender *r, const char *kw, const qlist *l, const char *sep, int where)
{
    if (!l)
        return SURQL_OK;
    int rc = surql_buf_puts(r->out, kw);
    return rc ? rc : put_list(r, l, sep, where);
}

static int put_tail(qrender *r, const surql_query_builder *b)
{
    /* SurrealQL has no RETURN FULL: 2.x and 3.x both read it as a projection of a field
     * named FULL ([{FULL: NONE}]); the full record after the change is RETURN AFTER. */
    static const char *const rets[] = { "", " RETURN NONE", " RETURN DIFF", " RETURN AFTER",
                                        " RETURN BEFORE", " RETURN AFTER" };
    int rc = surql_buf_puts(r->out, rets[b->ret]);
    if (!rc && b->hints.timeout_set) {
        rc = surql_buf_puts(r->out, " TIMEOUT ");
        if (!rc)
            rc = qb_put_duration_ms(r->out, b->hints.timeout_ms);
    }
    if (!rc && b->hints.parallel == 1 && r->dialect != SURQL_DIALECT_V3)
        rc = surql_buf_puts(r->out, " PARALLEL");
    return rc;
}

static int check_hints(const surql_query_builder *b)
{
    if ((b->indexes || b->hints.noindex || b->hints.explain) && b->kind != QK_SELECT)
        return QERR(SURQL_QUERY_EHINT, "%s hints apply to SELECT queries only, not %s",
                    b->hints.explain ? "EXPLAIN" : "index", qb_kind_name(b->kind));
    if (b->indexes) {
        if (!b->main_table)
            return QERR(SURQL_QUERY_EHINT, "Table name required for index hint");
        if (b->hints.index_table && strcmp(b->hints.index_table, b->main_table) != 0)
            return QERR(SURQL_QUERY_EHINT,
                        "Index hint table \"%s\" does not match query table \"%s\"",
                        b->hints.index_table, b->main_table);
    }
    return SURQL_OK;
}

int qr_builder(qrender *r, const surql_query_builder *b)
{
    surql_buf *o = r->out;
    int rc = check_hints(b);
    if (rc)
        return rc;
    if (b->kind != QK_RELATE && !b->targets)
        return QERR(SURQL_QUERY_EMISUSE, "Table name required for %s query", qb_kind_name(b->kind));
    switch (b->kind) {
    case QK_SELECT:
        if ((b->group || b->group_all) && b->split && r->dialect == SURQL_DIALECT_V3)
            return QERR(SURQL_QUERY_EDIALECT,
                        "GROUP and SPLIT cannot be combined on SurrealDB 3.x");
        rc = surql_buf_puts(o, b->select_value ? "SELECT VALUE " : "SELECT ");
        if (!rc)
            rc = b->fields ? put_list(r, b->fields, ", ", 0) : surql_buf_putc(o, '*');
        if (!rc)
            rc = put_clause(r, " OMIT ", b->omit, ", ", 0);
        if (!rc)
            rc = surql_buf_puts(o, b->only ? " FROM ONLY " : " FROM ");
        if (!rc)
            rc = put_list(r, b->targets, ", ", 0);
        if (!rc && b->hints.noindex)
            rc = surql_buf_puts(o, " WITH NOINDEX");
        else if (!rc && b->indexes)
            rc = surql_buf_printf(o, " WITH INDEX %s", b->indexes->name);
        if (!rc)
            rc = put_clause(r, " WHERE ", b->where, " AND ", 1);
        if (!rc)
            rc = put_clause(r, " SPLIT ", b->split, ", ", 0);
        if (!rc && b->group_all)
            rc = surql_buf_puts(o, " GROUP ALL");
        else if (!rc)
            rc = put_clause(r, " GROUP BY ", b->group, ", ", 0);
        if (!rc && b->order)
            rc = put_order(r, b->order);
        if (!rc && b->limit >= 0)
            rc = surql_buf_printf(o, " LIMIT %lld", (long long)b->limit);
        if (!rc && b->start >= 0)
            rc = surql_buf_printf(o, " START %lld", (long long)b->start);
        if (!rc)
            rc = put_clause(r, " FETCH ", b->fetch, ", ", 0);
        if (!rc)
            rc = put_tail(r, b);
        if (!rc && b->hints.explain)
            rc = surql_buf_puts(o, b->hints.explain == 2 ? " EXPLAIN FULL" : " EXPLAIN");
        return rc;
    case QK_CREATE:
    case QK_UPDATE:
    case QK_UPSERT:
    case QK_DELETE:
        if (b->kind == QK_UPDATE && !b->data && !b->sets)
            return QERR(SURQL_QUERY_EMISUSE, "Update data required for UPDATE query");
        if (b->kind == QK_UPSERT && !b->data && !b->sets)
            return QERR(SURQL_QUERY_EMISUSE, "Upsert data required for UPSERT query");
        rc = surql_buf_puts(o, qb_kind_name(b->kind));
        if (!rc)
            rc = surql_buf_puts(o, b->only ? " ONLY " : " ");
        if (!rc)
            rc = put_list(r, b->targets, ", ", 0);
        if (!rc && b->kind != QK_DELETE)
            rc = put_data(r, b);
        if (!rc)
            rc = put_clause(r, " WHERE ", b->where, " AND ", 1);
        return rc ? rc : put_tail(r, b);
    case QK_RELATE:
        rc = surql_buf_puts(o, b->only ? "RELATE ONLY " : "RELATE ");
        if (!rc)
            rc = qr_operand(r, b->rel_from);
        if (!rc)
            rc = surql_buf_printf(o, "->%s->", b->edge);
        if (!rc)
            rc = qr_operand(r, b->rel_to);
        if (!rc)
            rc = put_data(r, b);
        return rc ? rc : put_tail(r, b);
    case QK_INSERT:
    case QK_INSERT_REL:
        if (!b->data)
            return QERR(SURQL_QUERY_EMISUSE, "Insert data required for INSERT query");
        rc = surql_buf_puts(o, b->kind == QK_INSERT_REL ? "INSERT RELATION " : "INSERT ");
        if (!rc && b->ignore)
            rc = surql_buf_puts(o, "IGNORE ");
        if (!rc)
            rc = surql_buf_puts(o, "INTO ");
        if (!rc)
            rc = put_list(r, b->targets, ", ", 0);
        if (!rc)
            rc = surql_buf_putc(o, ' ');
        if (!rc)
            rc = qr_bind(r, b->data);
        if (!rc && b->dup) {
            rc = surql_buf_puts(o, " ON DUPLICATE KEY UPDATE ");
            if (!rc)
                rc = put_sets(r, b->dup);
        }
        return rc ? rc : put_tail(r, b);
    default:
        return QERR(SURQL_ERROR, "unknown statement kind");
    }
}

int q_build_shape(surql_query_stmt **out, const surql_query_builder *b, int has_shape,
                  surql_query_shape shape)
{
    if (!out)
        return QERR(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    if (!b)
        return q_null_arg();
    surql_buf text = SURQL_BUF_INIT;
    surql_buf head = SURQL_BUF_INIT;
    qrender r;
    int rc = qb_hint_comments(&head, &b->hints, b->dialect);
    if (!rc && head.size)
        rc = surql_buf_putc(&head, '\n');
    if (!rc)
        rc = surql_buf_put(&text, surql_buf_cstr(&head), head.size);
    if (!rc)
        rc = qr_init(&r, &text, b->dialect);
    if (rc) {
        surql_buf_dispose(&text);
        surql_buf_dispose(&head);
        return rc;
    }
    rc = qr_builder(&r, b);
    if (!rc) {
        if (!has_shape)
            shape = b->shape_set                           ? b->shape
                    : b->only                              ? SURQL_QUERY_SHAPE_ONE
                    : b->ret == SURQL_QUERY_RETURN_NONE    ? SURQL_QUERY_SHAPE_NONE
                                                           : SURQL_QUERY_SHAPE_ROWS;
        rc = q_stmt_from_render(out, &r, shape, 1);
    }
    qr_dispose(&r);
    surql_buf_dispose(&text);
    surql_buf_dispose(&head);
    return rc;
}

int surql_query_build(surql_query_stmt **out, const surql_query_builder *b)
{
    return q_build_shape(out, b, 0, SURQL_QUERY_SHAPE_ROWS);
}
