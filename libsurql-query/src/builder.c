/* The immutable builder: persistent parts, copy-on-write, methods. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "query-internal.h"

surql_value *q_vector(const double *vec, size_t n);

/* ---- persistent lists ---- */

void q_list_unref(qlist *l)
{
    while (l && atomic_fetch_sub_explicit(&l->refs, 1, memory_order_acq_rel) == 1) {
        qlist *next = l->next;
        surql_query_expr_unref(l->a);
        surql_query_expr_unref(l->b);
        free(l->name);
        free(l);
        l = next;
    }
}

static qlist *list_ref(qlist *l)
{
    if (l)
        atomic_fetch_add_explicit(&l->refs, 1, memory_order_relaxed);
    return l;
}

/* push onto *head (consumes a, b and name even on failure) */
static int list_push(qlist **head, surql_query_expr *a, surql_query_expr *b, int flags, char *name)
{
    qlist *n = malloc(sizeof *n);
    if (!n) {
        surql_query_expr_unref(a);
        surql_query_expr_unref(b);
        free(name);
        return QERR(SURQL_ENOMEM, "out of memory");
    }
    atomic_init(&n->refs, 1);
    n->next = *head;
    n->a = a;
    n->b = b;
    n->flags = flags;
    n->name = name;
    *head = n;
    return SURQL_OK;
}

static size_t list_len(const qlist *l)
{
    size_t n = 0;
    for (; l; l = l->next)
        n++;
    return n;
}

/* items oldest first into a caller array of list_len() entries */
static void list_items(const qlist *l, const qlist **v, size_t n)
{
    for (size_t i = n; l && i > 0; l = l->next)
        v[--i] = l;
}

/* ---- builder lifetime ---- */

static surql_query_builder *b_new(int kind)
{
    surql_query_builder *b = calloc(1, sizeof *b);
    if (!b) {
        QERR(SURQL_ENOMEM, "out of memory");
        return NULL;
    }
    atomic_init(&b->refs, 1);
    b->kind = kind;
    b->dialect = SURQL_DIALECT_DEFAULT;
    b->limit = b->start = -1;
    return b;
}

surql_query_builder *surql_query_ref(const surql_query_builder *b)
{
    surql_query_builder *m = (surql_query_builder *)(uintptr_t)b;
    if (m)
        atomic_fetch_add_explicit(&m->refs, 1, memory_order_relaxed);
    return m;
}

static void b_free_parts(surql_query_builder *b)
{
    qlist **lists[] = { &b->fields, &b->omit,  &b->targets, &b->where, &b->order, &b->group,
                        &b->split,  &b->fetch, &b->sets,    &b->dup,   &b->indexes };
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++)
        q_list_unref(*lists[i]);
    surql_value_unref(b->data);
    free(b->edge);
    surql_query_expr_unref(b->rel_from);
    surql_query_expr_unref(b->rel_to);
    free(b->main_table);
    free(b->hints.index_table);
}

surql_query_builder *surql_query_unref(surql_query_builder *b)
{
    if (!b || atomic_fetch_sub_explicit(&b->refs, 1, memory_order_acq_rel) != 1)
        return NULL;
    b_free_parts(b);
    free(b);
    return NULL;
}

/* Copy-on-write: the caller's reference is consumed. A builder nobody else
 * holds is reused in place; a shared one is copied (parts are shared). */
static surql_query_builder *b_own(surql_query_builder *b)
{
    if (!b) {
        q_null_arg();
        return NULL;
    }
    if (atomic_load_explicit(&b->refs, memory_order_acquire) == 1)
        return b;
    surql_query_builder *c = malloc(sizeof *c);
    if (!c) {
        surql_query_unref(b);
        QERR(SURQL_ENOMEM, "out of memory");
        return NULL;
    }
    *c = *b;
    atomic_init(&c->refs, 1);
    qlist **lists[] = { &c->fields, &c->omit,  &c->targets, &c->where, &c->order, &c->group,
                        &c->split,  &c->fetch, &c->sets,    &c->dup,   &c->indexes };
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++)
        list_ref(*lists[i]);
    surql_value_ref(c->data);
    surql_query_expr_ref(c->rel_from);
    surql_query_expr_ref(c->rel_to);
    c->edge = surql_strdup(b->edge);
    c->main_table = surql_strdup(b->main_table);
    c->hints.index_table = surql_strdup(b->hints.index_table);
    int oom = (b->edge && !c->edge) || (b->main_table && !c->main_table) ||
              (b->hints.index_table && !c->hints.index_table);
    surql_query_unref(b);
    if (oom) {
        surql_query_unref(c);
        QERR(SURQL_ENOMEM, "out of memory");
        return NULL;
    }
    return c;
}

/* fail: release the builder and return NULL (the error is already set) */
static surql_query_builder *b_fail(surql_query_builder *b)
{
    surql_query_unref(b);
    return NULL;
}

static const char *kind_name(int k)
{
    switch (k) {
    case QK_SELECT: return "SELECT";
    case QK_CREATE: return "CREATE";
    case QK_INSERT: return "INSERT";
    case QK_INSERT_REL: return "INSERT RELATION";
    case QK_UPDATE: return "UPDATE";
    case QK_UPSERT: return "UPSERT";
    case QK_DELETE: return "DELETE";
    case QK_RELATE: return "RELATE";
    default: return "?";
    }
}

/* bitmask of statement kinds */
#define KM(k) (1u << (k))
#define KM_WRITE (KM(QK_CREATE) | KM(QK_UPDATE) | KM(QK_UPSERT) | KM(QK_DELETE) | KM(QK_RELATE) | KM(QK_INSERT) | KM(QK_INSERT_REL))

static int need_kind(const surql_query_builder *b, unsigned mask, const char *what)
{
    if (KM(b->kind) & mask)
        return SURQL_OK;
    return QERR(SURQL_QUERY_EMISUSE, "%s does not apply to a %s query", what, kind_name(b->kind));
}

/* ---- targets ---- */

static int add_target_text(surql_query_builder *b, const char *text)
{
    surql_value *v = NULL;
    int is_table = 0;
    char *esc = NULL;
    int rc = q_target_value(&v, text, &is_table, &esc);
    if (rc)
        return rc;
    surql_query_expr *e;
    if (is_table) {
        e = qx_new(QX_FIELD);
        if (!e) {
            free(esc);
            return surql_error_last()->code;
        }
        e->text = esc;
        if (!b->main_table && !(b->main_table = surql_strdup(text)))
            rc = QERR(SURQL_ENOMEM, "out of memory");
    } else {
        const char *t = NULL;
        surql_value_record_table(v, &t);
        if (!b->main_table && !(b->main_table = surql_strdup(t)))
            rc = QERR(SURQL_ENOMEM, "out of memory");
        e = surql_query_value_take(v);
        if (!e)
            return surql_error_last()->code;
    }
    if (rc) {
        surql_query_expr_unref(e);
        return rc;
    }
    return list_push(&b->targets, e, NULL, 0, NULL);
}

static surql_query_builder *start_kind(int kind, const char *target)
{
    surql_query_builder *b = b_new(kind);
    if (b && target && add_target_text(b, target) != 0)
        return b_fail(b);
    return b;
}

surql_query_builder *surql_query_select(void) { return b_new(QK_SELECT); }
surql_query_builder *surql_query_create(const char *t) { return start_kind(QK_CREATE, t ? t : ""); }
surql_query_builder *surql_query_update(const char *t) { return start_kind(QK_UPDATE, t ? t : ""); }
surql_query_builder *surql_query_upsert(const char *t) { return start_kind(QK_UPSERT, t ? t : ""); }
surql_query_builder *surql_query_delete(const char *t) { return start_kind(QK_DELETE, t ? t : ""); }

static surql_query_builder *start_insert(int kind, const char *table, const char *what)
{
    char *esc = q_name_dup(table, what);
    if (!esc)
        return NULL;
    surql_query_builder *b = b_new(kind);
    if (!b) {
        free(esc);
        return NULL;
    }
    surql_query_expr *e = qx_new(QX_FIELD);
    if (!e) {
        free(esc);
        return b_fail(b);
    }
    e->text = esc;
    if (!(b->main_table = surql_strdup(table))) {
        surql_query_expr_unref(e);
        QERR(SURQL_ENOMEM, "out of memory");
        return b_fail(b);
    }
    if (list_push(&b->targets, e, NULL, 0, NULL) != 0)
        return b_fail(b);
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
    surql_query_builder *b = b_new(QK_RELATE);
    if (!b) {
        free(esc);
        return NULL;
    }
    b->edge = esc;
    b->main_table = surql_strdup(edge);
    if (!b->main_table) {
        QERR(SURQL_ENOMEM, "out of memory");
        return b_fail(b);
    }
    if (!(b->rel_from = record_operand(from)) || !(b->rel_to = record_operand(to)))
        return b_fail(b);
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

surql_query_builder *surql_query_dialect(surql_query_builder *b, int dialect)
{
    if (!(b = b_own(b)))
        return NULL;
    if (q_check_dialect(dialect) != 0)
        return b_fail(b);
    b->dialect = dialect;
    return b;
}

surql_query_builder *surql_query_expect(surql_query_builder *b, surql_query_shape shape)
{
    if (!(b = b_own(b)))
        return NULL;
    if ((int)shape < 0 || shape > SURQL_QUERY_SHAPE_VALUE) {
        QERR(SURQL_QUERY_EARG, "unknown shape %d", (int)shape);
        return b_fail(b);
    }
    b->shape_set = 1;
    b->shape = shape;
    return b;
}

surql_query_builder *surql_query_from(surql_query_builder *b, const char *target)
{
    if (!(b = b_own(b)))
        return NULL;
    if (need_kind(b, KM(QK_SELECT), "FROM") || add_target_text(b, target))
        return b_fail(b);
    return b;
}

surql_query_builder *surql_query_from_table(surql_query_builder *b, const char *table)
{
    if (!(b = b_own(b)))
        return NULL;
    char *esc = q_name_dup(table, "table");
    if (!esc)
        return b_fail(b);
    surql_query_expr *e = qx_new(QX_FIELD);
    if (!e) {
        free(esc);
        return b_fail(b);
    }
    e->text = esc;
    if (!b->main_table && !(b->main_table = surql_strdup(table))) {
        surql_query_expr_unref(e);
        QERR(SURQL_ENOMEM, "out of memory");
        return b_fail(b);
    }
    if (list_push(&b->targets, e, NULL, 0, NULL))
        return b_fail(b);
    return b;
}

surql_query_builder *surql_query_from_expr(surql_query_builder *b, surql_query_expr *e)
{
    if (!e) {
        q_null_arg();
        return b_fail(b);
    }
    if (!(b = b_own(b))) {
        surql_query_expr_unref(e);
        return NULL;
    }
    if (list_push(&b->targets, e, NULL, 0, NULL))
        return b_fail(b);
    return b;
}

surql_query_builder *surql_query_from_value(surql_query_builder *b, const surql_value *v)
{
    if (!b) {
        q_null_arg();
        return NULL;
    }
    /* An array of records becomes one bound target per record (`FROM $p1, $p2`): SurrealDB
     * 3.0.2 refuses `SELECT f FROM $p` over an array parameter ("Specify a database to
     * use") when there is no WHERE clause; separate targets mean the same on every engine. */
    size_t n = surql_value_type_of(v) == SURQL_VALUE_ARRAY ? surql_value_length(v) : 0;
    if (n) {
        surql_query_expr *check = record_operand(v); /* every element must be a record */
        if (!check)
            return b_fail(b);
        surql_query_expr_unref(check);
        for (size_t i = 0; b && i < n; i++)
            b = surql_query_from_value(b, surql_value_array_at(v, i));
        return b;
    }
    surql_query_expr *e = record_operand(v);
    if (!e)
        return b_fail(b);
    if (surql_value_type_of(v) == SURQL_VALUE_RECORD && !b->main_table) {
        const char *t = NULL;
        surql_value_record_table(v, &t);
        if (!(b = b_own(b))) {
            surql_query_expr_unref(e);
            return NULL;
        }
        if (!(b->main_table = surql_strdup(t))) {
            surql_query_expr_unref(e);
            QERR(SURQL_ENOMEM, "out of memory");
            return b_fail(b);
        }
    }
    return surql_query_from_expr(b, e);
}

surql_query_builder *surql_query_from_range(surql_query_builder *b, const char *table,
                                            const surql_value *lo, int lo_incl,
                                            const surql_value *hi, int hi_incl)
{
    if (!b) {
        q_null_arg();
        return NULL;
    }
    if (surql_ident_validate(table, "table") != 0)
        return b_fail(b);
    surql_value *range = surql_value_range(lo, lo_incl, hi, hi_incl);
    surql_value *rec = range ? surql_value_record_take(table, range) : NULL;
    if (!rec)
        return b_fail(b);
    surql_query_expr *e = surql_query_value_take(rec);
    if (!e)
        return b_fail(b);
    if (!(b = b_own(b))) {
        surql_query_expr_unref(e);
        return NULL;
    }
    if (!b->main_table && !(b->main_table = surql_strdup(table))) {
        surql_query_expr_unref(e);
        QERR(SURQL_ENOMEM, "out of memory");
        return b_fail(b);
    }
    if (list_push(&b->targets, e, NULL, 0, NULL))
        return b_fail(b);
    return b;
}

surql_query_builder *surql_query_only(surql_query_builder *b)
{
    if (!(b = b_own(b)))
        return NULL;
    if (need_kind(b, KM(QK_SELECT) | KM(QK_CREATE) | KM(QK_UPDATE) | KM(QK_UPSERT) |
                         KM(QK_DELETE) | KM(QK_RELATE),
                  "ONLY"))
        return b_fail(b);
    b->only = 1;
    return b;
}

surql_query_builder *surql_query_traverse(surql_query_builder *b, const char *path)
{
    if (!(b = b_own(b)))
        return NULL;
    if (!b->targets || b->targets->a->kind == QX_FIELD) {
        QERR(SURQL_QUERY_EMISUSE, "traverse() needs a record id target (FROM user:alice)");
        return b_fail(b);
    }
    surql_query_expr *g = surql_query_graph_path(surql_query_expr_ref(b->targets->a), path);
    if (!g)
        return b_fail(b);
    /* replace the newest target node (copy the node if shared) */
    qlist *old = b->targets;
    qlist *next = list_ref(old->next);
    q_list_unref(old);
    b->targets = next;
    if (list_push(&b->targets, g, NULL, 0, NULL))
        return b_fail(b);
    return b;
}

/* ---- projection ---- */

surql_query_builder *surql_query_project(surql_query_builder *b, surql_query_expr *e)
{
    if (!e) {
        q_null_arg();
        return b_fail(b);
    }
    if (!(b = b_own(b))) {
        surql_query_expr_unref(e);
        return NULL;
    }
    if (need_kind(b, KM(QK_SELECT), "a projection")) {
        surql_query_expr_unref(e);
        return b_fail(b);
    }
    b->select_value = 0;
    if (list_push(&b->fields, e, NULL, 0, NULL))
        return b_fail(b);
    return b;
}

surql_query_builder *surql_query_field_add(surql_query_builder *b, const char *path)
{
    if (!b) {
        q_null_arg();
        return NULL;
    }
    surql_query_expr *e = surql_query_field(path);
    if (!e)
        return b_fail(b);
    return surql_query_project(b, e);
}

surql_query_builder *surql_query_fields(surql_query_builder *b, const char *const *paths, size_t n)
{
    if (n && !paths) {
        QERR(SURQL_EINVAL, "paths is NULL");
        return b_fail(b);
    }
    for (size_t i = 0; b && i < n; i++)
        b = surql_query_field_add(b, paths[i]);
    if (!b)
        q_null_arg();
    return b;
}

surql_query_builder *surql_query_select_value(surql_query_builder *b, surql_query_expr *e)
{
    if (!e) {
        q_null_arg();
        return b_fail(b);
    }
    if (!(b = b_own(b))) {
        surql_query_expr_unref(e);
        return NULL;
    }
    if (need_kind(b, KM(QK_SELECT), "SELECT VALUE")) {
        surql_query_expr_unref(e);
        return b_fail(b);
    }
    q_list_unref(b->fields);
    b->fields = NULL;
    b->select_value = 1;
    if (list_push(&b->fields, e, NULL, 0, NULL))
        return b_fail(b);
    return b;
}

/* append a validated field path to one of the lists */
static surql_query_builder *push_path(surql_query_builder *b, size_t list_off, const char *path,
                                      unsigned kinds, const char *what, int flags)
{
    if (!(b = b_own(b)))
        return NULL;
    if (need_kind(b, kinds, what))
        return b_fail(b);
    surql_query_expr *e = surql_query_field(path);
    if (!e)
        return b_fail(b);
    qlist **head = (qlist **)(void *)((char *)b + list_off);
    if (list_push(head, e, NULL, flags, NULL))
        return b_fail(b);
    return b;
}

surql_query_builder *surql_query_omit(surql_query_builder *b, const char *path)
{
    return push_path(b, offsetof(surql_query_builder, omit), path, KM(QK_SELECT), "OMIT", 0);
}

surql_query_builder *surql_query_where(surql_query_builder *b, surql_query_expr *cond)
{
    if (!cond) {
        q_null_arg();
        return b_fail(b);
    }
    if (!(b = b_own(b))) {
        surql_query_expr_unref(cond);
        return NULL;
    }
    if (need_kind(b, KM(QK_SELECT) | KM(QK_UPDATE) | KM(QK_UPSERT) | KM(QK_DELETE), "WHERE")) {
        surql_query_expr_unref(cond);
        return b_fail(b);
    }
    if (list_push(&b->where, cond, NULL, 0, NULL))
        return b_fail(b);
    return b;
}

surql_query_builder *surql_query_where_raw_trusted(surql_query_builder *b, const char *text)
{
    if (!b) {
        q_null_arg();
        return NULL;
    }
    surql_query_expr *e = surql_query_raw_trusted(text);
    if (!e)
        return b_fail(b);
    return surql_query_where(b, e);
}

surql_query_builder *surql_query_order_by(surql_query_builder *b, const char *path, int desc)
{
    return push_path(b, offsetof(surql_query_builder, order), path, KM(QK_SELECT), "ORDER BY",
                     desc ? 1 : 0);
}

surql_query_builder *surql_query_order_by_dir(surql_query_builder *b, const char *path,
                                              const char *direction)
{
    if (!b) {
        q_null_arg();
        return NULL;
    }
    int desc;
    if (!direction || strcasecmp(direction, "ASC") == 0)
        desc = 0;
    else if (strcasecmp(direction, "DESC") == 0)
        desc = 1;
    else {
        surql_buf q = SURQL_BUF_INIT;
        size_t n = strlen(direction);
        if (surql_string_escape(&q, direction, n > 64 ? 64 : n))
            surql_buf_clear(&q);
        QERR(SURQL_QUERY_EARG, "Invalid direction: %s. Must be ASC or DESC", surql_buf_cstr(&q));
        surql_buf_dispose(&q);
        return b_fail(b);
    }
    return surql_query_order_by(b, path, desc);
}

surql_query_builder *surql_query_order_random(surql_query_builder *b)
{
    if (!(b = b_own(b)))
        return NULL;
    if (need_kind(b, KM(QK_SELECT), "ORDER BY"))
        return b_fail(b);
    surql_query_expr *e = surql_query_fn0("rand");
    if (!e || list_push(&b->order, e, NULL, 2, NULL))
        return b_fail(b);
    return b;
}

surql_query_builder *surql_query_limit(surql_query_builder *b, int64_t n)
{
    if (!(b = b_own(b)))
        return NULL;
    if (need_kind(b, KM(QK_SELECT), "LIMIT"))
        return b_fail(b);
    if (n < 0) {
        QERR(SURQL_QUERY_EARG, "Limit must be non-negative, got %lld", (long long)n);
        return b_fail(b);
    }
    b->limit = n;
    return b;
}

surql_query_builder *surql_query_start(surql_query_builder *b, int64_t n)
{
    if (!(b = b_own(b)))
        return NULL;
    if (need_kind(b, KM(QK_SELECT), "START"))
        return b_fail(b);
    if (n < 0) {
        QERR(SURQL_QUERY_EARG, "Offset must be non-negative, got %lld", (long long)n);
        return b_fail(b);
    }
    b->start = n;
    return b;
}

surql_query_builder *surql_query_group_by(surql_query_builder *b, const char *path)
{
    b = push_path(b, offsetof(surql_query_builder, group), path, KM(QK_SELECT), "GROUP BY", 0);
    if (b)
        b->group_all = 0;
    return b;
}

surql_query_builder *surql_query_group_all(surql_query_builder *b)
{
    if (!(b = b_own(b)))
        return NULL;
    if (need_kind(b, KM(QK_SELECT), "GROUP ALL"))
        return b_fail(b);
    q_list_unref(b->group);
    b->group = NULL;
    b->group_all = 1;
    return b;
}

surql_query_builder *surql_query_split(surql_query_builder *b, const char *path)
{
    return push_path(b, offsetof(surql_query_builder, split), path, KM(QK_SELECT), "SPLIT", 0);
}

surql_query_builder *surql_query_fetch(surql_query_builder *b, const char *path)
{
    return push_path(b, offsetof(surql_query_builder, fetch), path, KM(QK_SELECT), "FETCH", 0);
}

/* ---- write statements ---- */

#define KM_SETS (KM(QK_CREATE) | KM(QK_UPDATE) | KM(QK_UPSERT) | KM(QK_RELATE))

static surql_query_builder *set_op(surql_query_builder *b, const char *path, surql_query_expr *e,
                                   int op)
{
    if (!e) {
        q_null_arg();
        return b_fail(b);
    }
    if (!b) {
        surql_query_expr_unref(e);
        q_null_arg();
        return NULL;
    }
    if (need_kind(b, KM_SETS, "SET")) {
        QERR(SURQL_QUERY_EMISUSE,
             "set() requires an UPDATE, UPSERT, CREATE or RELATE query; got operation='%s'",
             kind_name(b->kind));
        surql_query_expr_unref(e);
        return b_fail(b);
    }
    surql_query_expr *f = surql_query_field(path);
    if (!f) {
        surql_query_expr_unref(e);
        return b_fail(b);
    }
    if (!(b = b_own(b))) {
        surql_query_expr_unref(e);
        surql_query_expr_unref(f);
        return NULL;
    }
    if (list_push(&b->sets, f, e, op, NULL))
        return b_fail(b);
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
    if (!b) {
        q_null_arg();
        return NULL;
    }
    if (surql_value_type_of(obj) != SURQL_VALUE_OBJECT) {
        QERR(SURQL_ETYPE, "set_object needs an object, got %s",
             surql_value_type_name(surql_value_type_of(obj)));
        return b_fail(b);
    }
    surql_value_iter it;
    surql_value_iter_init(&it, obj);
    while (b && surql_value_iter_next(&it) == SURQL_OK) {
        if (strlen(it.key) != it.key_len) {
            QERR(SURQL_EIDENT, "field name contains U+0000");
            return b_fail(b);
        }
        if (strchr(it.key, '.')) {
            surql_buf q = SURQL_BUF_INIT;
            if (surql_string_escape(&q, it.key, it.key_len))
                surql_buf_clear(&q);
            QERR(SURQL_EIDENT, "Invalid field name: %s (use set() for nested paths)",
                 surql_buf_cstr(&q));
            surql_buf_dispose(&q);
            return b_fail(b);
        }
        b = surql_query_set(b, it.key, surql_query_value(it.value));
    }
    return b;
}

static surql_query_builder *set_data(surql_query_builder *b, int kind, const surql_value *v,
                                     unsigned kinds, const char *what, int need_object)
{
    if (!(b = b_own(b)))
        return NULL;
    if (need_kind(b, kinds, what))
        return b_fail(b);
    surql_value_type t = surql_value_type_of(v);
    if (need_object == 1 && t != SURQL_VALUE_OBJECT) {
        QERR(SURQL_ETYPE, "%s needs an object, got %s", what, surql_value_type_name(t));
        return b_fail(b);
    }
    if (need_object == 2 && t != SURQL_VALUE_ARRAY) {
        QERR(SURQL_ETYPE, "%s needs an array of operations, got %s", what,
             surql_value_type_name(t));
        return b_fail(b);
    }
    if (need_object == 3 && t != SURQL_VALUE_OBJECT && t != SURQL_VALUE_ARRAY) {
        QERR(SURQL_ETYPE, "%s needs an object or an array of objects, got %s", what,
             surql_value_type_name(t));
        return b_fail(b);
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
    if (!(b = b_own(b)))
        return NULL;
    if (need_kind(b, KM(QK_INSERT) | KM(QK_INSERT_REL), "IGNORE"))
        return b_fail(b);
    b->ignore = 1;
    return b;
}

surql_query_builder *surql_query_on_duplicate(surql_query_builder *b, const char *path,
                                              surql_query_expr *e)
{
    if (!e) {
        q_null_arg();
        return b_fail(b);
    }
    if (!(b = b_own(b))) {
        surql_query_expr_unref(e);
        return NULL;
    }
    surql_query_expr *f = NULL;
    if (need_kind(b, KM(QK_INSERT) | KM(QK_INSERT_REL), "ON DUPLICATE KEY UPDATE") ||
        !(f = surql_query_field(path))) {
        surql_query_expr_unref(e);
        return b_fail(b);
    }
    if (list_push(&b->dup, f, e, QS_EQ, NULL))
        return b_fail(b);
    return b;
}

surql_query_builder *surql_query_returning(surql_query_builder *b, surql_query_return r)
{
    if (!(b = b_own(b)))
        return NULL;
    if (need_kind(b, KM_WRITE, "RETURN"))
        return b_fail(b);
    if ((int)r < 0 || r > SURQL_QUERY_RETURN_AFTER) {
        QERR(SURQL_QUERY_EARG, "unknown RETURN kind %d", (int)r);
        return b_fail(b);
    }
    b->ret = (int)r;
    return b;
}

/* ---- vectors ---- */

surql_query_builder *surql_query_vector_search(surql_query_builder *b, const char *field,
                                               const double *vec, size_t n, int64_t k,
                                               surql_query_distance metric, int64_t ef)
{
    if (!b) {
        q_null_arg();
        return NULL;
    }
    surql_query_expr *e = surql_query_knn(field, vec, n, k, metric, ef, 0);
    if (!e)
        return b_fail(b);
    return surql_query_where(b, e);
}

surql_query_builder *surql_query_similarity_score(surql_query_builder *b, const char *field,
                                                  const double *vec, size_t n,
                                                  surql_query_distance metric, const char *alias)
{
    if (!b) {
        q_null_arg();
        return NULL;
    }
    surql_value *v = q_vector(vec, n);
    if (!v)
        return b_fail(b);
    surql_query_expr *e = surql_query_as(
        surql_query_vector_score(metric, surql_query_field(field), surql_query_value_take(v), 0),
        alias ? alias : "score");
    if (!e)
        return b_fail(b);
    return surql_query_project(b, e);
}

surql_query_builder *surql_query_vector_search_query(const char *table, const char *field,
                                                     const double *vec, size_t n, int64_t k,
                                                     surql_query_distance metric,
                                                     const char *const *fields, size_t nfields)
{
    surql_query_builder *b = surql_query_from_table(surql_query_select(), table);
    b = surql_query_fields(b, fields, fields ? nfields : 0);
    return surql_query_vector_search(b, field, vec, n, k, metric, 0);
}

surql_query_builder *surql_query_similarity_search_query(const char *table, const char *field,
                                                         const double *vec, size_t n, int64_t k,
                                                         surql_query_distance metric)
{
    surql_query_builder *b = surql_query_from_table(surql_query_select(), table);
    b = surql_query_project(b, surql_query_all());
    b = surql_query_similarity_score(b, field, vec, n, metric, "similarity");
    return surql_query_vector_search(b, field, vec, n, k, metric, 0);
}

surql_query_builder *surql_query_count_query(surql_query_builder *b)
{
    if (!(b = b_own(b)))
        return NULL;
    if (need_kind(b, KM(QK_SELECT), "count_query()"))
        return b_fail(b);
    if (b->group || b->group_all || b->split) {
        QERR(SURQL_QUERY_EMISUSE, "count_query() of a query with GROUP or SPLIT is not supported");
        return b_fail(b);
    }
    qlist **drop[] = { &b->fields, &b->omit, &b->order, &b->fetch };
    for (size_t i = 0; i < sizeof drop / sizeof *drop; i++) {
        q_list_unref(*drop[i]);
        *drop[i] = NULL;
    }
    b->limit = b->start = -1;
    b->select_value = 0;
    b->only = 0;
    b->hints.explain = 0;
    b->shape_set = 1;
    b->shape = SURQL_QUERY_SHAPE_COUNT;
    b = surql_query_project(b, surql_query_count());
    return surql_query_group_all(b);
}

surql_query_builder *surql_query_exists_query(surql_query_builder *b)
{
    if (!(b = b_own(b)))
        return NULL;
    if (need_kind(b, KM(QK_SELECT), "exists_query()"))
        return b_fail(b);
    q_list_unref(b->fetch);
    b->fetch = NULL;
    if (b->limit < 0 || b->limit > 1)
        b->limit = 1;
    b->hints.explain = 0;
    b->shape_set = 1;
    b->shape = SURQL_QUERY_SHAPE_EXISTS;
    return b;
}

/* ---- hints ---- */

enum { H_INDEX = 1, H_NOINDEX, H_PARALLEL, H_TIMEOUT, H_FETCH, H_EXPLAIN };

struct surql_query_hint {
    int kind;
    char *table;   /* raw */
    char *index;   /* escaped */
    int force;
    int enabled, workers;
    uint64_t ms;
    int strategy, batch;
    int full;
};

static surql_query_hint *hint_new(int kind)
{
    surql_query_hint *h = calloc(1, sizeof *h);
    if (!h)
        QERR(SURQL_ENOMEM, "out of memory");
    else
        h->kind = kind;
    return h;
}

void surql_query_hint_free(surql_query_hint *h)
{
    if (!h)
        return;
    free(h->table);
    free(h->index);
    free(h);
}

surql_query_hint *surql_query_hint_index(const char *table, const char *index, int force)
{
    if (table && surql_ident_validate(table, "table") != 0)
        return NULL;
    char *esc = q_name_dup(index, "index");
    if (!esc)
        return NULL;
    surql_query_hint *h = hint_new(H_INDEX);
    if (!h || (table && !(h->table = surql_strdup(table)))) {
        free(esc);
        surql_query_hint_free(h);
        QERR(SURQL_ENOMEM, "out of memory");
        return NULL;
    }
    h->index = esc;
    h->force = force ? 1 : 0;
    return h;
}

surql_query_hint *surql_query_hint_noindex(void) { return hint_new(H_NOINDEX); }

surql_query_hint *surql_query_hint_parallel(int enabled, int max_workers)
{
    if (max_workers < 0 || max_workers > 1024) {
        QERR(SURQL_QUERY_EARG, "max_workers must be between 0 and 1024, got %d", max_workers);
        return NULL;
    }
    surql_query_hint *h = hint_new(H_PARALLEL);
    if (h) {
        h->enabled = enabled ? 1 : 0;
        h->workers = max_workers;
    }
    return h;
}

static int timeout_ms(uint64_t *ms, double seconds)
{
    if (!isfinite(seconds) || seconds <= 0 || seconds > 1e9)
        return QERR(SURQL_QUERY_EARG, "Timeout must be a positive number of seconds, got %g",
                    seconds);
    double m = floor(seconds * 1000.0 + 0.5);
    if (m < 1)
        return QERR(SURQL_QUERY_EARG, "Timeout must be at least 1 ms, got %g s", seconds);
    *ms = (uint64_t)m;
    return SURQL_OK;
}

surql_query_hint *surql_query_hint_timeout(double seconds)
{
    uint64_t ms = 0;
    if (timeout_ms(&ms, seconds) != 0)
        return NULL;
    surql_query_hint *h = hint_new(H_TIMEOUT);
    if (h)
        h->ms = ms;
    return h;
}

static int check_fetch(int strategy, int batch)
{
    if (strategy < SURQL_QUERY_FETCH_EAGER || strategy > SURQL_QUERY_FETCH_BATCH)
        return QERR(SURQL_QUERY_EARG, "Invalid fetch strategy %d: must be eager, lazy or batch",
                    strategy);
    if (strategy == SURQL_QUERY_FETCH_BATCH && batch <= 0)
        return QERR(SURQL_QUERY_EARG, "batch_size required when strategy is batch");
    if (batch < 0)
        return QERR(SURQL_QUERY_EARG, "batch_size must be positive, got %d", batch);
    return SURQL_OK;
}

surql_query_hint *surql_query_hint_fetch(surql_query_fetch_strategy s, int batch)
{
    if (check_fetch((int)s, batch) != 0)
        return NULL;
    surql_query_hint *h = hint_new(H_FETCH);
    if (h) {
        h->strategy = (int)s;
        h->batch = s == SURQL_QUERY_FETCH_BATCH ? batch : 0;
    }
    return h;
}

surql_query_hint *surql_query_hint_explain(int full)
{
    surql_query_hint *h = hint_new(H_EXPLAIN);
    if (h)
        h->full = full ? 1 : 0;
    return h;
}

int surql_query_hint_validate(const surql_query_hint *h, const char *table)
{
    if (!h)
        return QERR(SURQL_EINVAL, "hint is NULL");
    if (h->kind == H_INDEX && h->table && table && strcmp(h->table, table) != 0)
        return QERR(SURQL_QUERY_EHINT, "Index hint table \"%s\" does not match query table \"%s\"",
                    h->table, table);
    return SURQL_OK;
}

static int apply_hint(surql_query_builder *b, const surql_query_hint *h)
{
    switch (h->kind) {
    case H_INDEX: {
        char *idx = surql_strdup(h->index);
        char *tb = h->table ? surql_strdup(h->table) : NULL;
        if (!idx || (h->table && !tb)) {
            free(idx);
            free(tb);
            return QERR(SURQL_ENOMEM, "out of memory");
        }
        q_list_unref(b->indexes);
        b->indexes = NULL;
        free(b->hints.index_table);
        b->hints.index_table = tb;
        b->hints.noindex = 0;
        b->hints.force = h->force;
        return list_push(&b->indexes, NULL, NULL, 0, idx);
    }
    case H_NOINDEX:
        q_list_unref(b->indexes);
        b->indexes = NULL;
        free(b->hints.index_table);
        b->hints.index_table = NULL;
        b->hints.noindex = 1;
        return SURQL_OK;
    case H_PARALLEL:
        b->hints.parallel = h->enabled ? 1 : 2;
        b->hints.workers = h->workers;
        return SURQL_OK;
    case H_TIMEOUT:
        b->hints.timeout_set = 1;
        b->hints.timeout_ms = h->ms;
        return SURQL_OK;
    case H_FETCH:
        b->hints.fetch = h->strategy;
        b->hints.batch = h->batch;
        return SURQL_OK;
    case H_EXPLAIN:
        b->hints.explain = h->full ? 2 : 1;
        return SURQL_OK;
    default:
        return QERR(SURQL_EINVAL, "unknown hint");
    }
}

surql_query_builder *surql_query_with_hint(surql_query_builder *b, const surql_query_hint *h)
{
    if (!(b = b_own(b)))
        return NULL;
    if (!h) {
        q_null_arg();
        return b_fail(b);
    }
    if (apply_hint(b, h))
        return b_fail(b);
    return b;
}

static surql_query_builder *with_new_hint(surql_query_builder *b, surql_query_hint *h)
{
    if (!h)
        return b_fail(b);
    b = surql_query_with_hint(b, h);
    surql_query_hint_free(h);
    return b;
}

surql_query_builder *surql_query_timeout(surql_query_builder *b, double seconds)
{
    if (!b) {
        q_null_arg();
        return NULL;
    }
    return with_new_hint(b, surql_query_hint_timeout(seconds));
}

surql_query_builder *surql_query_parallel(surql_query_builder *b, int on, int max_workers)
{
    if (!b) {
        q_null_arg();
        return NULL;
    }
    return with_new_hint(b, surql_query_hint_parallel(on, max_workers));
}

surql_query_builder *surql_query_explain(surql_query_builder *b, int full)
{
    if (!b) {
        q_null_arg();
        return NULL;
    }
    return with_new_hint(b, surql_query_hint_explain(full));
}

surql_query_builder *surql_query_use_index(surql_query_builder *b, const char *index)
{
    if (!b) {
        q_null_arg();
        return NULL;
    }
    return with_new_hint(b, surql_query_hint_index(NULL, index, 0));
}

surql_query_builder *surql_query_no_index(surql_query_builder *b)
{
    if (!b) {
        q_null_arg();
        return NULL;
    }
    return with_new_hint(b, surql_query_hint_noindex());
}

surql_query_builder *surql_query_fetch_hint(surql_query_builder *b,
                                                surql_query_fetch_strategy s, int batch)
{
    if (!b) {
        q_null_arg();
        return NULL;
    }
    return with_new_hint(b, surql_query_hint_fetch(s, batch));
}

static int put_duration_ms(surql_buf *o, uint64_t ms)
{
    surql_value *d = surql_value_duration(ms / 1000, (uint32_t)(ms % 1000) * 1000000u);
    if (!d)
        return surql_error_last()->code;
    int rc = surql_value_to_surql(d, o, 0);
    surql_value_unref(d);
    return rc;
}

/* SurrealDB 3.x removed the PARALLEL clause (a parse error on every statement in 3.0.2):
 * there the hint is a comment only. */
static int hint_comments(surql_buf *o, const qhints *h, int dialect)
{
    int rc = SURQL_OK;
    size_t start = o->size;
#define SEP() (o->size > start ? surql_buf_putc(o, ' ') : 0)
    if (h->parallel == 1 && h->workers > 0)
        rc = surql_buf_printf(o, "/* PARALLEL %d */", h->workers);
    else if (h->parallel == 1 && dialect == SURQL_DIALECT_V3)
        rc = surql_buf_puts(o, "/* PARALLEL ON */");
    else if (h->parallel == 2)
        rc = surql_buf_puts(o, "/* PARALLEL OFF */");
    if (!rc && h->fetch) {
        rc = SEP();
        if (!rc && h->fetch == SURQL_QUERY_FETCH_BATCH)
            rc = surql_buf_printf(o, "/* FETCH BATCH %d */", h->batch);
        else if (!rc)
            rc = surql_buf_puts(o, h->fetch == SURQL_QUERY_FETCH_EAGER ? "/* FETCH EAGER */"
                                                                       : "/* FETCH LAZY */");
    }
#undef SEP
    return rc;
}

int surql_query_hints_render(surql_buf *out, const surql_query_hint *const *hints, size_t n)
{
    if (!out || (n && !hints))
        return QERR(SURQL_EINVAL, "NULL argument");
    surql_query_builder *b = b_new(QK_SELECT);
    if (!b)
        return surql_error_last()->code;
    int rc = SURQL_OK;
    for (size_t i = 0; !rc && i < n; i++)
        rc = hints[i] ? apply_hint(b, hints[i]) : QERR(SURQL_EINVAL, "hint %zu is NULL", i);
    surql_buf tmp = SURQL_BUF_INIT;
#define SEP() (tmp.size ? surql_buf_putc(&tmp, ' ') : 0)
    if (!rc && b->hints.noindex)
        rc = surql_buf_puts(&tmp, "WITH NOINDEX");
    else if (!rc && b->indexes)
        rc = surql_buf_printf(&tmp, "WITH INDEX %s", b->indexes->name);
    if (!rc && b->hints.timeout_set) {
        rc = SEP();
        if (!rc)
            rc = surql_buf_puts(&tmp, "TIMEOUT ");
        if (!rc)
            rc = put_duration_ms(&tmp, b->hints.timeout_ms);
    }
    if (!rc && b->hints.parallel == 1) {
        rc = SEP();
        if (!rc)
            rc = surql_buf_puts(&tmp, "PARALLEL");
    }
    if (!rc && b->hints.explain) {
        rc = SEP();
        if (!rc)
            rc = surql_buf_puts(&tmp, b->hints.explain == 2 ? "EXPLAIN FULL" : "EXPLAIN");
    }
    size_t before = tmp.size;
    if (!rc && before)
        rc = surql_buf_putc(&tmp, ' ');
    if (!rc)
        rc = hint_comments(&tmp, &b->hints, SURQL_DIALECT_V2);
    if (!rc && tmp.size == before + 1)
        surql_buf_truncate(&tmp, before);
#undef SEP
    if (!rc)
        rc = surql_buf_put(out, surql_buf_cstr(&tmp), tmp.size);
    surql_buf_dispose(&tmp);
    surql_query_unref(b);
    return rc;
}

/* ---- rendering ---- */

static int put_list(qrender *r, const qlist *l, const char *sep, int where)
{
    size_t n = list_len(l);
    if (!n)
        return SURQL_OK;
    const qlist *stack[16];
    const qlist **v = n <= 16 ? stack : malloc(n * sizeof *v);
    if (!v)
        return QERR(SURQL_ENOMEM, "out of memory");
    list_items(l, v, n);
    int rc = SURQL_OK;
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
    if (v != stack)
        free((void *)v);
    return rc;
}

static int put_sets(qrender *r, const qlist *l)
{
    size_t n = list_len(l);
    const qlist **v = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        return QERR(SURQL_ENOMEM, "out of memory");
    list_items(l, v, n);
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
    free((void *)v);
    return rc;
}

static int put_order(qrender *r, const qlist *l)
{
    size_t n = list_len(l);
    const qlist **v = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        return QERR(SURQL_ENOMEM, "out of memory");
    list_items(l, v, n);
    int rc = surql_buf_puts(r->out, " ORDER BY ");
    for (size_t i = 0; !rc && i < n; i++) {
        if (i)
            rc = surql_buf_puts(r->out, ", ");
        if (!rc)
            rc = qr_expr(r, v[i]->a);
        if (!rc && v[i]->flags != 2)
            rc = surql_buf_puts(r->out, v[i]->flags ? " DESC" : " ASC");
    }
    free((void *)v);
    return rc;
}

/* CONTENT + SET on CREATE/UPSERT: fold plain `field = value` sets into the content */
static int merged_content(const surql_query_builder *b, surql_value **out)
{
    *out = NULL;
    size_t n = list_len(b->sets);
    const qlist **v = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        return QERR(SURQL_ENOMEM, "out of memory");
    list_items(b->sets, v, n);
    for (size_t i = 0; i < n; i++) {
        if (v[i]->flags != QS_EQ || v[i]->b->kind != QX_VALUE || strchr(v[i]->a->text, '.') ||
            v[i]->a->text[0] == '`') {
            free((void *)v);
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
    free((void *)v);
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
                        kind_name(b->kind));
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
            rc = put_duration_ms(r->out, b->hints.timeout_ms);
    }
    if (!rc && b->hints.parallel == 1 && r->dialect != SURQL_DIALECT_V3)
        rc = surql_buf_puts(r->out, " PARALLEL");
    return rc;
}

static int check_hints(const surql_query_builder *b)
{
    if ((b->indexes || b->hints.noindex || b->hints.explain) && b->kind != QK_SELECT)
        return QERR(SURQL_QUERY_EHINT, "%s hints apply to SELECT queries only, not %s",
                    b->hints.explain ? "EXPLAIN" : "index", kind_name(b->kind));
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
        return QERR(SURQL_QUERY_EMISUSE, "Table name required for %s query", kind_name(b->kind));
    switch (b->kind) {
    case QK_SELECT:
        if ((b->group || b->group_all) && b->split && r->dialect == SURQL_DIALECT_V3)
            return QERR(SURQL_QUERY_EDIALECT, "GROUP and SPLIT cannot be combined on SurrealDB 3.x");
        rc = surql_buf_puts(o, b->select_value ? "SELECT VALUE " : "SELECT ");
        if (!rc)
            rc = b->fields ? put_list(r, b->fields, ", ", 0) : surql_buf_putc(o, '*');
        if (!rc && b->omit) {
            rc = surql_buf_puts(o, " OMIT ");
            if (!rc)
                rc = put_list(r, b->omit, ", ", 0);
        }
        if (!rc)
            rc = surql_buf_puts(o, b->only ? " FROM ONLY " : " FROM ");
        if (!rc)
            rc = put_list(r, b->targets, ", ", 0);
        if (!rc && b->hints.noindex)
            rc = surql_buf_puts(o, " WITH NOINDEX");
        else if (!rc && b->indexes)
            rc = surql_buf_printf(o, " WITH INDEX %s", b->indexes->name);
        if (!rc && b->where) {
            rc = surql_buf_puts(o, " WHERE ");
            if (!rc)
                rc = put_list(r, b->where, " AND ", 1);
        }
        if (!rc && b->split) {
            rc = surql_buf_puts(o, " SPLIT ");
            if (!rc)
                rc = put_list(r, b->split, ", ", 0);
        }
        if (!rc && b->group_all)
            rc = surql_buf_puts(o, " GROUP ALL");
        else if (!rc && b->group) {
            rc = surql_buf_puts(o, " GROUP BY ");
            if (!rc)
                rc = put_list(r, b->group, ", ", 0);
        }
        if (!rc && b->order)
            rc = put_order(r, b->order);
        if (!rc && b->limit >= 0)
            rc = surql_buf_printf(o, " LIMIT %lld", (long long)b->limit);
        if (!rc && b->start >= 0)
            rc = surql_buf_printf(o, " START %lld", (long long)b->start);
        if (!rc && b->fetch) {
            rc = surql_buf_puts(o, " FETCH ");
            if (!rc)
                rc = put_list(r, b->fetch, ", ", 0);
        }
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
        rc = surql_buf_puts(o, kind_name(b->kind));
        if (!rc)
            rc = surql_buf_puts(o, b->only ? " ONLY " : " ");
        if (!rc)
            rc = put_list(r, b->targets, ", ", 0);
        if (!rc && b->kind != QK_DELETE)
            rc = put_data(r, b);
        if (!rc && b->where) {
            rc = surql_buf_puts(o, " WHERE ");
            if (!rc)
                rc = put_list(r, b->where, " AND ", 1);
        }
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
    int rc = hint_comments(&head, &b->hints, b->dialect);
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
