/* The builder: the data of write statements (SET, CONTENT, MERGE, PATCH,
 * REPLACE, INSERT rows, IGNORE, ON DUPLICATE KEY UPDATE) and RETURN. */
#include <stdlib.h>
#include <string.h>

#include "builder-internal.h"

#define KM_SETS (KM(QK_CREATE) | KM(QK_UPDATE) | KM(QK_UPSERT) | KM(QK_RELATE))

static surql_query_builder *set_op(surql_query_builder *b, const char *path, surql_query_expr *e,
                                   int op)
{
    if (!e) {
        q_null_arg();
        return qb_fail(b);
    }
    if (!b) {
        surql_query_expr_unref(e);
        q_null_arg();
        return NULL;
    }
    if (qb_need_kind(b, KM_SETS, "SET")) {
        QERR(SURQL_QUERY_EMISUSE,
             "set() requires an UPDATE, UPSERT, CREATE or RELATE query; got operation='%s'",
             qb_kind_name(b->kind));
        surql_query_expr_unref(e);
        return qb_fail(b);
    }
    surql_query_expr *f = surql_query_field(path);
    if (!f) {
        surql_query_expr_unref(e);
        return qb_fail(b);
    }
    if (!(b = qb_own(b))) {
        surql_query_expr_unref(e);
        surql_query_expr_unref(f);
        return NULL;
    }
    if (qb_list_push(&b->sets, f, e, op, NULL))
        return qb_fail(b);
    return b;
}

surql_query_builder *surql_query_set(surql_query_builder *b, const char *p, surql_query_expr *e)
{
    return set_op(b, p, e, QS_EQ);
}

surql_query_builder *surql_query_set_add(surql_query_builder *b, const char *p,
                                         surql_query_expr *e)
{
    return set_op(b, p, e, QS_ADD);
}

surql_query_builder *surql_query_set_sub(surql_query_builder *b, const char *p,
                                         surql_query_expr *e)
{
    return set_op(b, p, e, QS_SUB);
}

surql_query_builder *surql_query_set_object(surql_query_builder *b, const surql_value *obj)
{
    if (!b)
        return qb_null();
    if (surql_value_type_of(obj) != SURQL_VALUE_OBJECT) {
        QERR(SURQL_ETYPE, "set_object needs an object, got %s",
             surql_value_type_name(surql_value_type_of(obj)));
        return qb_fail(b);
    }
    surql_value_iter it;
    surql_value_iter_init(&it, obj);
    while (b && surql_value_iter_next(&it) == SURQL_OK) {
        if (strlen(it.key) != it.key_len) {
            QERR(SURQL_EIDENT, "field name contains U+0000");
            return qb_fail(b);
        }
        if (strchr(it.key, '.')) {
            surql_buf q = SURQL_BUF_INIT;
            if (surql_string_escape(&q, it.key, it.key_len))
                surql_buf_clear(&q);
            QERR(SURQL_EIDENT, "Invalid field name: %s (use set() for nested paths)",
                 surql_buf_cstr(&q));
            surql_buf_dispose(&q);
            return qb_fail(b);
        }
        b = surql_query_set(b, it.key, surql_query_value(it.value));
    }
    return b;
}

static surql_query_builder *set_data(surql_query_builder *b, int kind, const surql_value *v,
                                     unsigned kinds, const char *what, int need_object)
{
    if (!(b = qb_own_kind(b, kinds, what)))
        return NULL;
    surql_value_type t = surql_value_type_of(v);
    if (need_object == 1 && t != SURQL_VALUE_OBJECT) {
        QERR(SURQL_ETYPE, "%s needs an object, got %s", what, surql_value_type_name(t));
        return qb_fail(b);
    }
    if (need_object == 2 && t != SURQL_VALUE_ARRAY) {
        QERR(SURQL_ETYPE, "%s needs an array of operations, got %s", what,
             surql_value_type_name(t));
        return qb_fail(b);
    }
    if (need_object == 3 && t != SURQL_VALUE_OBJECT && t != SURQL_VALUE_ARRAY) {
        QERR(SURQL_ETYPE, "%s needs an object or an array of objects, got %s", what,
             surql_value_type_name(t));
        return qb_fail(b);
    }
    surql_value_unref(b->data);
    b->data = surql_value_ref(v);
    b->data_kind = kind;
    return b;
}

surql_query_builder *surql_query_content(surql_query_builder *b, const surql_value *obj)
{
    return set_data(b, QD_CONTENT, obj, KM_SETS, "CONTENT", 1);
}

surql_query_builder *surql_query_merge(surql_query_builder *b, const surql_value *obj)
{
    return set_data(b, QD_MERGE, obj, KM(QK_UPDATE) | KM(QK_UPSERT), "MERGE", 1);
}

surql_query_builder *surql_query_patch(surql_query_builder *b, const surql_value *ops)
{
    return set_data(b, QD_PATCH, ops, KM(QK_UPDATE) | KM(QK_UPSERT), "PATCH", 2);
}

surql_query_builder *surql_query_replace(surql_query_builder *b, const surql_value *obj)
{
    return set_data(b, QD_REPLACE, obj, KM(QK_UPDATE) | KM(QK_UPSERT), "REPLACE", 1);
}

surql_query_builder *surql_query_values(surql_query_builder *b, const surql_value *rows)
{
    return set_data(b, QD_VALUES, rows, KM(QK_INSERT) | KM(QK_INSERT_REL), "INSERT data", 3);
}

surql_query_builder *surql_query_ignore(surql_query_builder *b)
{
    if (!(b = qb_own_kind(b, KM(QK_INSERT) | KM(QK_INSERT_REL), "IGNORE")))
        return NULL;
    b->ignore = 1;
    return b;
}

surql_query_builder *surql_query_on_duplicate(surql_query_builder *b, const char *path,
                                              surql_query_expr *e)
{
    unsigned kinds = KM(QK_INSERT) | KM(QK_INSERT_REL);
    if (!(b = qb_own_expr(b, e, kinds, "ON DUPLICATE KEY UPDATE")))
        return NULL;
    surql_query_expr *f = surql_query_field(path);
    if (!f) {
        surql_query_expr_unref(e);
        return qb_fail(b);
    }
    if (qb_list_push(&b->dup, f, e, QS_EQ, NULL))
        return qb_fail(b);
    return b;
}

surql_query_builder *surql_query_returning(surql_query_builder *b, surql_query_return r)
{
    if (!(b = qb_own_kind(b, KM_WRITE, "RETURN")))
        return NULL;
    if ((int)r < 0 || r > SURQL_QUERY_RETURN_AFTER) {
        QERR(SURQL_QUERY_EARG, "unknown RETURN kind %d", (int)r);
        return qb_fail(b);
    }
    b->ret = (int)r;
    return b;
}

