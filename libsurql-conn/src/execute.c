/* Executing query-layer statements (surql/conn/execute.h). */
#include <surql/conn/error.h>
#include <surql/conn/execute.h>
#include <surql/conn/methods.h>
#include <surql/query/result.h>
#include <surql/schema/dialect.h>
#include <surql/schema/error.h>

#include "client-internal.h"

#define DOMAIN SURQL_CONN__DOMAIN

static int run(surql_value **resp, surql_conn_client *c, const surql_query_stmt *stmt,
               const char *fn)
{
    *resp = NULL;
    if (!c || !stmt)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "%s: NULL argument", fn);
    int sd = surql_query_stmt_dialect(stmt);
    if (sd != c->link->dialect)
        return surql_error_set(SURQL_EINVAL, DOMAIN,
                               "%s: statement built for %s but the server (%s) speaks %s", fn,
                               surql_dialect_name((surql_dialect)sd), c->link->version,
                               surql_dialect_name((surql_dialect)c->link->dialect));
    return surql_conn_query(resp, c, surql_query_stmt_text(stmt), surql_query_stmt_vars(stmt));
}

int surql_conn_execute_raw(surql_value **out, surql_conn_client *c, const surql_query_stmt *stmt)
{
    if (out)
        *out = NULL;
    surql_value *r = NULL;
    int rc = run(&r, c, stmt, "surql_conn_execute_raw");
    if (!rc && out)
        *out = r;
    else
        surql_value_unref(r);
    return rc;
}

int surql_conn_execute(surql_value **out, surql_conn_client *c, const surql_query_stmt *stmt)
{
    if (out)
        *out = NULL;
    surql_value *r = NULL;
    int rc = run(&r, c, stmt, "surql_conn_execute");
    surql_value *v = NULL;
    if (!rc)
        rc = surql_conn__restatus_query(surql_query_stmt_read(&v, stmt, r));
    surql_value_unref(r);
    if (!rc && out)
        *out = v;
    else
        surql_value_unref(v);
    return rc;
}

/* Runs @p stmt, checks every statement's status, and extracts with @p extract. */
static int run_extract(surql_value **out, surql_conn_client *c, const surql_query_stmt *stmt,
                       const char *fn, int (*extract)(surql_value **, const surql_value *))
{
    if (out)
        *out = NULL;
    surql_value *r = NULL;
    int rc = run(&r, c, stmt, fn);
    surql_value *v = NULL;
    if (!rc)
        rc = surql_conn_query_check(r);
    if (!rc)
        rc = surql_conn__restatus_query(extract(&v, r));
    surql_value_unref(r);
    if (!rc && out)
        *out = v;
    else
        surql_value_unref(v);
    return rc;
}

int surql_conn_execute_rows(surql_value **out, surql_conn_client *c, const surql_query_stmt *stmt)
{
    return run_extract(out, c, stmt, "surql_conn_execute_rows", surql_query_extract_result);
}

int surql_conn_execute_one(surql_value **out, surql_conn_client *c, const surql_query_stmt *stmt)
{
    return run_extract(out, c, stmt, "surql_conn_execute_one", surql_query_extract_one);
}

int surql_conn_execute_count(int64_t *count, surql_conn_client *c, const surql_query_stmt *stmt)
{
    if (!count)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_execute_count: count is NULL");
    *count = 0;
    if (stmt && surql_query_stmt_shape(stmt) == SURQL_QUERY_SHAPE_COUNT) {
        surql_value *v = NULL;
        int rc = surql_conn_execute(&v, c, stmt);
        if (!rc && surql_value_get_int(v, count) != SURQL_OK)
            rc = surql_error_set(SURQL_CONN_EPROTOCOL, DOMAIN, "count result is %s, not an int",
                                 surql_value_type_name(surql_value_type_of(v)));
        surql_value_unref(v);
        return rc;
    }
    surql_value *rows = NULL;
    int rc = surql_conn_execute_rows(&rows, c, stmt);
    if (!rc)
        *count = (int64_t)surql_value_length(rows);
    surql_value_unref(rows);
    return rc;
}

int surql_conn_execute_exists(int *exists, surql_conn_client *c, const surql_query_stmt *stmt)
{
    if (!exists)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_execute_exists: exists is NULL");
    *exists = 0;
    if (stmt && surql_query_stmt_shape(stmt) == SURQL_QUERY_SHAPE_EXISTS) {
        surql_value *v = NULL;
        int rc = surql_conn_execute(&v, c, stmt);
        if (!rc && surql_value_get_bool(v, exists) != SURQL_OK)
            rc = surql_error_set(SURQL_CONN_EPROTOCOL, DOMAIN, "exists result is %s, not a bool",
                                 surql_value_type_name(surql_value_type_of(v)));
        surql_value_unref(v);
        return rc;
    }
    surql_value *rows = NULL;
    int rc = surql_conn_execute_rows(&rows, c, stmt);
    if (!rc)
        *exists = surql_value_length(rows) > 0;
    surql_value_unref(rows);
    return rc;
}
