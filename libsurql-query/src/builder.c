/* The immutable builder: persistent parts, copy-on-write, statement kinds.
 * The methods are in builder-target.c, builder-select.c, builder-write.c and
 * builder-hints.c; the text in builder-render.c. */
#include <stdlib.h>
#include <string.h>

#include "builder-internal.h"

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

qlist *qb_list_ref(qlist *l)
{
    if (l)
        atomic_fetch_add_explicit(&l->refs, 1, memory_order_relaxed);
    return l;
}

int qb_list_push(qlist **head, surql_query_expr *a, surql_query_expr *b, int flags, char *name)
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

size_t qb_list_len(const qlist *l)
{
    size_t n = 0;
    for (; l; l = l->next)
        n++;
    return n;
}

void qb_list_items(const qlist *l, const qlist **v, size_t n)
{
    for (size_t i = n; l && i > 0; l = l->next)
        v[--i] = l;
}

/* ---- builder lifetime ---- */

surql_query_builder *qb_new(int kind)
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

surql_query_builder *qb_own(surql_query_builder *b)
{
    if (!b)
        return qb_null();
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
        qb_list_ref(*lists[i]);
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

surql_query_builder *qb_own_kind(surql_query_builder *b, unsigned kinds, const char *what)
{
    if (!(b = qb_own(b)))
        return NULL;
    if (qb_need_kind(b, kinds, what))
        return qb_fail(b);
    return b;
}

surql_query_builder *qb_own_expr(surql_query_builder *b, surql_query_expr *e, unsigned kinds,
                                 const char *what)
{
    if (!e) {
        q_null_arg();
        return qb_fail(b);
    }
    if (!(b = qb_own(b))) {
        surql_query_expr_unref(e);
        return NULL;
    }
    if (kinds && qb_need_kind(b, kinds, what)) {
        surql_query_expr_unref(e);
        return qb_fail(b);
    }
    return b;
}

surql_query_builder *qb_fail(surql_query_builder *b)
{
    surql_query_unref(b);
    return NULL;
}

surql_query_builder *qb_null(void)
{
    q_null_arg();
    return NULL;
}

const char *qb_kind_name(int k)
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

int qb_need_kind(const surql_query_builder *b, unsigned mask, const char *what)
{
    if (KM(b->kind) & mask)
        return SURQL_OK;
    return QERR(SURQL_QUERY_EMISUSE, "%s does not apply to a %s query", what,
                qb_kind_name(b->kind));
}

surql_query_builder *surql_query_dialect(surql_query_builder *b, int dialect)
{
    if (!(b = qb_own(b)))
        return NULL;
    if (q_check_dialect(dialect) != 0)
        return qb_fail(b);
    b->dialect = dialect;
    return b;
}

surql_query_builder *surql_query_expect(surql_query_builder *b, surql_query_shape shape)
{
    if (!(b = qb_own(b)))
        return NULL;
    if ((int)shape < 0 || shape > SURQL_QUERY_SHAPE_VALUE) {
        QERR(SURQL_QUERY_EARG, "unknown shape %d", (int)shape);
        return qb_fail(b);
    }
    b->shape_set = 1;
    b->shape = shape;
    return b;
}

