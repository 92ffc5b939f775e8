/* Executing CRUD helpers (surql/conn/crud.h) and the shared plumbing of the
 * executing helpers (records-internal.h). Every statement is built by
 * libsurql-query; nothing here writes SurrealQL. */
#include <surql/conn/crud.h>
#include <surql/conn/batch.h>
#include <surql/conn/error.h>
#include <surql/conn/execute.h>
#include <surql/conn/registry.h>
#include <surql/query/crud.h>
#include <surql/schema/error.h>

#include "records-internal.h"

#define DOMAIN "surql-conn"

int surql_conn__xbegin(surql_conn__xcall *x, surql_conn_client *c, surql_value **out,
                       const char *fn)
{
    x->c = NULL;
    x->dialect = 0;
    x->fn = fn;
    if (out)
        *out = NULL;
    if (c) {
        x->c = surql_conn_client_ref(c);
    } else if (surql_conn_get_db(&x->c) != SURQL_OK) {
        return surql_error_set(SURQL_ESTATE, DOMAIN,
                               "%s: no client given and no current client for this thread "
                               "(pass one, or use surql_conn_set_db(), "
                               "surql_conn_override_push() or surql_conn_registry_add())",
                               fn);
    }
    x->dialect = surql_conn_client_dialect(x->c);
    return SURQL_OK;
}

static int xend(surql_conn__xcall *x, surql_query_stmt *st, int rc)
{
    surql_query_stmt_unref(st);
    surql_conn_client_free(x->c);
    x->c = NULL;
    return rc;
}

int surql_conn__xdone(surql_conn__xcall *x, int rc)
{
    return xend(x, NULL, rc);
}

int surql_conn__xvalue(surql_conn__xcall *x, surql_value **out, surql_query_stmt *st, int rc)
{
    if (out)
        *out = NULL;
    if (!rc)
        rc = surql_conn_execute(out, x->c, st);
    return xend(x, st, rc);
}

int surql_conn__xrows(surql_conn__xcall *x, surql_value **out, surql_query_stmt *st, int rc)
{
    if (out)
        *out = NULL;
    if (!rc)
        rc = surql_conn_execute_rows(out, x->c, st);
    return xend(x, st, rc);
}

int surql_conn__xcount(surql_conn__xcall *x, int64_t *n, surql_query_stmt *st, int rc)
{
    if (!rc)
        rc = surql_conn_execute_count(n, x->c, st);
    return xend(x, st, rc);
}

int surql_conn__xexists(surql_conn__xcall *x, int *yes, surql_query_stmt *st, int rc)
{
    if (!rc)
        rc = surql_conn_execute_exists(yes, x->c, st);
    return xend(x, st, rc);
}

int surql_conn__xnull(const char *fn)
{
    return surql_error_set(SURQL_EINVAL, DOMAIN, "%s: the output pointer is NULL", fn);
}

void surql_conn__release_conds(surql_query_expr *const *conds, size_t n)
{
    for (size_t i = 0; conds && i < n; i++)
        surql_query_expr_unref(conds[i]);
}

/* ---- the helpers ---- */

int surql_conn_record_create(surql_value **out, surql_conn_client *c, const char *table,
                             const surql_value *data, surql_query_return ret)
{
    SURQL_CONN__XRUN(value, out, c, "create_record",
                     surql_query_crud_create(&st, x.dialect, table, data, ret), (void)0);
}

int surql_conn_records_create(surql_value **out, surql_conn_client *c, const char *table,
                              const surql_value *rows)
{
    return surql_conn__batch_create(out, c, table, rows);
}

int surql_conn_record_get(surql_value **out, surql_conn_client *c, const char *table,
                          const char *id)
{
    SURQL_CONN__XRUN(value, out, c, "get_record", surql_query_crud_get(&st, x.dialect, table, id),
                     (void)0);
}

int surql_conn_records_query(surql_value **out, surql_conn_client *c, const char *table,
                             surql_query_expr *const *conds, size_t ncond, const char *order_by,
                             int desc, int64_t limit, int64_t start)
{
    SURQL_CONN__XRUN(value, out, c, "query_records",
                     surql_query_crud_query(&st, x.dialect, table, conds, ncond, order_by, desc,
                                            limit, start),
                     surql_conn__release_conds(conds, ncond));
}

typedef int (*one_fn)(surql_query_stmt **, int, const char *, surql_query_expr *, const char *,
                      int);

static int first_last(surql_value **out, surql_conn_client *c, const char *table,
                      surql_query_expr *cond, const char *order_by, int desc, one_fn build,
                      const char *fn)
{
    SURQL_CONN__XRUN(value, out, c, fn, build(&st, x.dialect, table, cond, order_by, desc),
                     surql_query_expr_unref(cond));
}

int surql_conn_record_first(surql_value **out, surql_conn_client *c, const char *table,
                            surql_query_expr *cond, const char *order_by, int desc)
{
    return first_last(out, c, table, cond, order_by, desc, surql_query_crud_first, "first");
}

int surql_conn_record_last(surql_value **out, surql_conn_client *c, const char *table,
                           surql_query_expr *cond, const char *order_by, int desc)
{
    return first_last(out, c, table, cond, order_by, desc, surql_query_crud_last, "last");
}

typedef int (*write_fn)(surql_query_stmt **, int, const char *, const char *, const surql_value *,
                        surql_query_return);

static int record_write(surql_value **out, surql_conn_client *c, const char *table,
                        const char *id, const surql_value *data, surql_query_return ret,
                        write_fn build, const char *fn)
{
    SURQL_CONN__XRUN(value, out, c, fn, build(&st, x.dialect, table, id, data, ret), (void)0);
}

int surql_conn_record_update(surql_value **out, surql_conn_client *c, const char *table,
                             const char *id, const surql_value *data, surql_query_return ret)
{
    return record_write(out, c, table, id, data, ret, surql_query_crud_update, "update_record");
}

int surql_conn_record_merge(surql_value **out, surql_conn_client *c, const char *table,
                            const char *id, const surql_value *data, surql_query_return ret)
{
    return record_write(out, c, table, id, data, ret, surql_query_crud_merge, "merge_record");
}

int surql_conn_record_upsert(surql_value **out, surql_conn_client *c, const char *table,
                             const char *id, const surql_value *data, surql_query_return ret)
{
    return record_write(out, c, table, id, data, ret, surql_query_crud_upsert, "upsert");
}

int surql_conn_record_delete(surql_conn_client *c, const char *table, const char *id)
{
    SURQL_CONN__XRUN(value, NULL, c, "delete_record",
                     surql_query_crud_delete(&st, x.dialect, table, id, SURQL_QUERY_RETURN_DEFAULT),
                     (void)0);
}

int surql_conn_records_delete(surql_conn_client *c, const char *table, surql_query_expr *cond)
{
    SURQL_CONN__XRUN(value, NULL, c, "delete_records",
                     surql_query_crud_delete_where(&st, x.dialect, table, cond),
                     surql_query_expr_unref(cond));
}

int surql_conn_record_exists(int *exists, surql_conn_client *c, const char *table, const char *id)
{
    if (!exists)
        return surql_conn__xnull("exists");
    *exists = 0;
    SURQL_CONN__XRUN(exists, exists, c, "exists",
                     surql_query_crud_exists(&st, x.dialect, table, id), (void)0);
}

int surql_conn_records_count(int64_t *count, surql_conn_client *c, const char *table,
                             surql_query_expr *cond)
{
    if (!count) {
        surql_query_expr_unref(cond);
        return surql_conn__xnull("count_records");
    }
    *count = 0;
    SURQL_CONN__XRUN(count, count, c, "count_records",
                     surql_query_crud_count(&st, x.dialect, table, cond),
                     surql_query_expr_unref(cond));
}
