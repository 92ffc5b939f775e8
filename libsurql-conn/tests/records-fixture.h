/* Helpers of the executing CRUD/graph/batch/pool tests: read rows back with
 * a separate plain query. Header-only (static functions). */
#ifndef SURQL_CONN_TEST_RECORDS_FIXTURE_H
#define SURQL_CONN_TEST_RECORDS_FIXTURE_H

#include "client-fixture.h"

/* rows of a plain query (every statement's rows), or NULL (failure recorded) */
static inline surql_value *rx_rows(surql_conn_client *c, const char *sql)
{
    surql_value *r = fx_q(c, sql, NULL);
    if (!r)
        return NULL;
    surql_value *rows = NULL;
    if (surql_query_extract_result(&rows, r) != 0)
        st_fail(__FILE__, __LINE__, "extract %s: %s", sql, fx_msg());
    surql_value_unref(r);
    return rows;
}

/* extended JSON of a plain query's rows ("" on failure) into a static buffer */
static inline const char *rx_json(surql_conn_client *c, const char *sql)
{
    static char buf[8192];
    surql_value *rows = rx_rows(c, sql);
    char *j = rows ? fx_json(rows) : NULL;
    snprintf(buf, sizeof buf, "%s", j ? j : "");
    free(j);
    surql_value_unref(rows);
    return buf;
}

/* JSON of a value into a static buffer (one at a time) */
static inline const char *rx_str(const surql_value *v)
{
    static char buf[8192];
    char *j = fx_json(v);
    snprintf(buf, sizeof buf, "%s", j ? j : "");
    free(j);
    return buf;
}

/* string field @p key of object @p v, or "" */
static inline const char *rx_field(const surql_value *v, const char *key)
{
    const char *s = NULL;
    if (surql_value_get_string(surql_value_object_get(v, key), &s, NULL) != 0)
        return "";
    return s;
}

#endif
