/* Shared fixture of the schema integration tests (see engine-fixture.h). */
#include "engine-fixture.h"
#include "surql_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


char *slurp(const char *name)
{
    return st_schema_data(name);
}

/* run SQL; returns the parsed result array (owned) or NULL after a test failure */
surql_value *sql(st_server *s, const char *db, const char *text)
{
    char hdr[512];
    snprintf(hdr, sizeof hdr,
             "Authorization: Basic cm9vdDpyb290\r\nSurreal-NS: schema\r\nSurreal-DB: %s\r\n"
             "Accept: application/json\r\n",
             db);
    char *body = malloc(BODY_CAP);
    int status = 0;
    if (!body)
        return NULL;
    int rc = st_http(s->host, s->port, "POST", "/sql", hdr, text, &status, body, BODY_CAP);
    surql_value *v = NULL;
    if (rc != 0 || status != 200) {
        st_fail(__FILE__, __LINE__, "POST /sql: rc %d status %d: %.500s\n--- sql:\n%s", rc, status,
                body, text);
    } else if (surql_value_from_json(&v, body, strlen(body), 0) != 0) {
        st_fail(__FILE__, __LINE__, "bad JSON: %s", surql_error_last()->message);
    } else {
        for (size_t i = 0; i < surql_value_length(v); i++) {
            const surql_value *r = surql_value_array_at(v, i);
            const char *st = NULL;
            size_t n = 0;
            surql_value_get_string(surql_value_object_get(r, "status"), &st, &n);
            if (!st || strcmp(st, "OK") != 0) {
                surql_buf j = SURQL_BUF_INIT;
                surql_value_to_json(r, &j, 0);
                st_fail(__FILE__, __LINE__, "statement %zu failed: %s\n--- sql:\n%s", i,
                        surql_buf_cstr(&j), text);
                surql_buf_dispose(&j);
                surql_value_unref(v);
                v = NULL;
                break;
            }
        }
    }
    free(body);
    return v;
}

int run_ddl(st_server *s, const char *db, const char *text)
{
    surql_value *v = sql(s, db, text);
    surql_value_unref(v);
    return v ? 0 : -1;
}

/* read the database schema back through INFO FOR DB / INFO FOR TABLE */
surql_schema *read_back(st_server *s, const char *db)
{
    surql_value *r = sql(s, db, "INFO FOR DB;");
    if (!r)
        return NULL;
    const surql_value *info = surql_value_object_get(surql_value_array_at(r, 0), "result");
    const surql_value *tables = surql_value_object_get(info, "tables");
    surql_buf q = SURQL_BUF_INIT;
    for (size_t i = 0; i < surql_value_length(tables); i++) {
        const char *name = NULL;
        surql_value_object_at(tables, i, &name, NULL, NULL);
        surql_buf_puts(&q, "INFO FOR TABLE ");
        surql_ident_escape(&q, name);
        surql_buf_puts(&q, ";\n");
    }
    surql_value *tr = q.size ? sql(s, db, surql_buf_cstr(&q)) : NULL;
    surql_value *tinfo = surql_value_object();
    for (size_t i = 0; tr && i < surql_value_length(tables); i++) {
        const char *name = NULL;
        surql_value_object_at(tables, i, &name, NULL, NULL);
        surql_value_object_set(tinfo, name,
                               surql_value_object_get(surql_value_array_at(tr, i), "result"));
    }
    surql_schema *out = NULL;
    if ((q.size && !tr) || surql_schema_from_info(&out, info, tinfo) != 0) {
        if (!st_failed_now())
            st_fail(__FILE__, __LINE__, "from_info: %s", surql_error_last()->message);
        out = NULL;
    }
    surql_buf_dispose(&q);
    surql_value_unref(r);
    surql_value_unref(tr);
    surql_value_unref(tinfo);
    return out;
}

int expect_equal(const surql_schema *want, const surql_schema *got, surql_dialect d,
                        const char *what)
{
    surql_schema_diff *df = NULL;
    surql_schema_diff_options o = SURQL_SCHEMA_DIFF_OPTIONS_INIT;
    o.dialect = d;
    if (surql_schema_diff_new(&df, want, got, &o) != 0) {
        st_fail(__FILE__, __LINE__, "%s: diff: %s", what, surql_error_last()->message);
        return -1;
    }
    size_t n = surql_schema_diff_count(df);
    for (size_t i = 0; i < n; i++)
        st_fail(__FILE__, __LINE__, "%s: drift %s: %s", what,
                surql_schema_change_kind_name(surql_schema_diff_kind(df, i)),
                surql_schema_diff_up(df, i));
    surql_schema_diff_free(df);
    return n ? -1 : 0;
}
