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

/* Runs a count/exists statement into *n. A statement of @p shape makes the server compute
 * the answer (an int for COUNT, a bool for EXISTS); for any other, *n is its number of rows. */
static int measure(int64_t *n, surql_conn_client *c, const surql_query_stmt *stmt,
                   surql_query_shape shape)
{
    int count = shape == SURQL_QUERY_SHAPE_COUNT;
    int scalar = stmt && surql_query_stmt_shape(stmt) == shape;
    surql_value *v = NULL;
    int rc = scalar ? surql_conn_execute(&v, c, stmt) : surql_conn_execute_rows(&v, c, stmt);
    int b = 0;
    if (!rc && !scalar)
        *n = (int64_t)surql_value_length(v);
    else if (!rc && (count ? surql_value_get_int(v, n) : surql_value_get_bool(v, &b)) != SURQL_OK)
        rc = surql_error_set(SURQL_CONN_EPROTOCOL, DOMAIN, "%s result is %s, not %s",
                             count ? "count" : "exists",
                             surql_value_type_name(surql_value_type_of(v)),
                             count ? "an int" : "a bool");
    else if (!rc && !count)
        *n = b;
    surql_value_unref(v);
    return rc;
}

int surql_conn_execute_count(int64_t *count, surql_conn_client *c, const surql_query_stmt *stmt)
{
    if (!count)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_execute_count: count is NULL");
    *count = 0;
    return measure(count, c, stmt, SURQL_QUERY_SHAPE_COUNT);
}

int surql_conn_execute_exists(int *exists, surql_conn_client *c, const surql_query_stmt *stmt)
{
    if (!exists)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_execute_exists: exists is NULL");
    *exists = 0;
    int64_t n = 0;
    int rc = measure(&n, c, stmt, SURQL_QUERY_SHAPE_EXISTS);
    if (!rc)
        *exists = n > 0;
    return rc;
}
