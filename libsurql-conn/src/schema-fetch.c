/* The database's schema as a libsurql-schema model (surql/conn/schema.h):
 * INFO FOR DB, INFO FOR TABLE per table, surql_schema_from_info(). */
#include <stdio.h>
#include <string.h>

#include <surql/conn/error.h>
#include <surql/conn/methods.h>
#include <surql/conn/schema.h>
#include <surql/schema/dialect.h>
#include <surql/schema/error.h>
#include <surql/schema/literal.h>
#include <surql/schema/parse.h>

#define DOMAIN "surql-conn"

/* the result of statement i of a `query` response, NULL when absent */
static const surql_value *result_at(const surql_value *resp, size_t i)
{
    return surql_value_object_get(surql_value_array_at(resp, i), "result");
}

static int shape_error(const char *what)
{
    return surql_error_set(SURQL_CONN_EPROTOCOL, DOMAIN,
                           "surql_conn_schema_fetch: %s is not an object (unexpected INFO result)",
                           what);
}

/* "INFO FOR TABLE <t>;" for every table, one request; *tinfo maps names to results */
static int fetch_tables(surql_value **tinfo, surql_conn_client *c, const surql_value *tables)
{
    size_t n = surql_value_length(tables);
    int v3 = surql_conn_client_dialect(c) != SURQL_DIALECT_V2;
    surql_buf sql = SURQL_BUF_INIT;
    surql_value *vars = v3 ? surql_value_object() : NULL, *resp = NULL;
    int rc = v3 && !vars ? SURQL_ENOMEM : SURQL_OK;
    *tinfo = NULL;
    for (size_t i = 0; !rc && i < n; i++) {
        const char *name = NULL;
        size_t len = 0;
        surql_value_object_at(tables, i, &name, &len, NULL);
        if (len != strlen(name))
            rc = surql_error_set(SURQL_EIDENT, DOMAIN,
                                 "surql_conn_schema_fetch: a table name holds U+0000");
        else
            rc = surql_ident_validate(name, "table");
        if (rc)
            break;
        if (v3) {
            /* 3.x takes the table name of INFO FOR TABLE as a parameter */
            char var[32];
            snprintf(var, sizeof var, "t%zu", i);
            rc = surql_buf_printf(&sql, "INFO FOR TABLE $%s;\n", var);
            if (!rc)
                rc = surql_value_object_set_take(vars, var, surql_value_string(name));
        } else {
            /* 2.x wants an identifier there: the one escaping routine */
            rc = surql_buf_puts(&sql, "INFO FOR TABLE ");
            if (!rc)
                rc = surql_ident_escape(&sql, name);
            if (!rc)
                rc = surql_buf_puts(&sql, ";\n");
        }
    }
    if (!rc && n)
        rc = surql_conn_query_checked(&resp, c, surql_buf_cstr(&sql), vars);
    if (!rc && surql_value_length(resp) != n)
        rc = surql_error_set(SURQL_CONN_EPROTOCOL, DOMAIN,
                             "surql_conn_schema_fetch: %zu INFO FOR TABLE statements gave %zu "
                             "results",
                             n, surql_value_length(resp));
    surql_value *obj = rc ? NULL : surql_value_object();
    if (!rc && !obj)
        rc = SURQL_ENOMEM;
    for (size_t i = 0; !rc && i < n; i++) {
        const char *name = NULL;
        surql_value_object_at(tables, i, &name, NULL, NULL);
        const surql_value *r = result_at(resp, i);
        if (!r || surql_value_type_of(r) != SURQL_VALUE_OBJECT)
            rc = shape_error("an INFO FOR TABLE result");
        else
            rc = surql_value_object_set(obj, name, r);
    }
    surql_buf_dispose(&sql);
    surql_value_unref(vars);
    surql_value_unref(resp);
    if (rc) {
        surql_value_unref(obj);
        return rc;
    }
    *tinfo = obj;
    return SURQL_OK;
}

int surql_conn_schema_fetch(surql_schema **out, surql_conn_client *c)
{
    if (out)
        *out = NULL;
    if (!out || !c)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_schema_fetch: %s is NULL",
                               !out ? "out" : "client");
    surql_value *resp = NULL, *tinfo = NULL;
    int rc = surql_conn_query_checked(&resp, c, "INFO FOR DB", NULL);
    const surql_value *info = rc ? NULL : result_at(resp, 0);
    const surql_value *tables = info ? surql_value_object_get(info, "tables") : NULL;
    if (!rc && (!info || surql_value_type_of(info) != SURQL_VALUE_OBJECT))
        rc = shape_error("the INFO FOR DB result");
    else if (!rc && (!tables || surql_value_type_of(tables) != SURQL_VALUE_OBJECT))
        rc = shape_error("INFO FOR DB 'tables'");
    if (!rc)
        rc = fetch_tables(&tinfo, c, tables);
    if (!rc)
        rc = surql_schema_from_info(out, info, tinfo);
    surql_value_unref(tinfo);
    surql_value_unref(resp);
    return rc;
}
