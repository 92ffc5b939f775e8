/* Integration: DB -> YAML -> DDL -> DB on each engine. The schema of
 * integration.surql is applied, read back with INFO, exported as a YAML
 * schema file, loaded again, rendered as DDL, applied to a fresh database and
 * read back: every model along the way equals the database's. */
#include "surql_test.h"
#include "surql_test_server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <surql/schema.h>

#define BODY_CAP (4u << 20)

static char *slurp(const char *name)
{
    const char *dir = getenv("SURQL_SOURCE_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/libsurql-schema/tests/data/%s", dir ? dir : ".", name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(1 << 20);
    size_t n = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
    fclose(f);
    if (buf)
        buf[n] = '\0';
    return buf;
}

/* run SQL; returns the parsed result array (owned) or NULL after a test failure */
static surql_value *sql(st_server *s, const char *db, const char *text)
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

static int run_ddl(st_server *s, const char *db, const char *text)
{
    surql_value *v = sql(s, db, text);
    surql_value_unref(v);
    return v ? 0 : -1;
}

/* read the database schema back through INFO FOR DB / INFO FOR TABLE */
static surql_schema *read_back(st_server *s, const char *db)
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

static int expect_equal(const surql_schema *want, const surql_schema *got, surql_dialect d,
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

static void db_yaml_db(const char *engine, surql_dialect d)
{
    st_server s;
    if (st_server_start(&s, engine, NULL) != 0)
        return;
    surql_schema *src = NULL, *db1 = NULL, *fromyaml = NULL, *db2 = NULL;
    surql_schema_validation *v = NULL;
    surql_buf ddl = SURQL_BUF_INIT, yaml = SURQL_BUF_INIT, ddl2 = SURQL_BUF_INIT;
    char *text = slurp("integration.surql");
    char dba[128], dbb[128];
    surql_schema_ddl_options o = SURQL_SCHEMA_DDL_OPTIONS_INIT;
    o.dialect = d;
    if (!text || surql_schema_parse(&src, text, strlen(text)) != 0 ||
        surql_schema_to_ddl(&ddl, src, &o) != 0) {
        st_fail(__FILE__, __LINE__, "source: %s", text ? surql_error_last()->message : "missing");
        goto out;
    }
    snprintf(dba, sizeof dba, "%s", st_unique_name("yaml_a"));
    snprintf(dbb, sizeof dbb, "%s", st_unique_name("yaml_b"));
    /* DB */
    if (run_ddl(&s, dba, surql_buf_cstr(&ddl)) || !(db1 = read_back(&s, dba)))
        goto out;
    /* -> YAML -> model */
    if (surql_schema_to_yaml(&yaml, db1) != 0 ||
        surql_schema_from_yaml(&fromyaml, yaml.ptr, yaml.size, "db.yaml") != 0) {
        st_fail(__FILE__, __LINE__, "yaml: %s\n%s", surql_error_last()->message, surql_buf_cstr(&yaml));
        goto out;
    }
    if (expect_equal(db1, fromyaml, d, "database vs its YAML export"))
        goto out;
    /* -> DDL -> fresh DB */
    if (surql_schema_to_ddl(&ddl2, fromyaml, &o) != 0) {
        st_fail(__FILE__, __LINE__, "ddl: %s", surql_error_last()->message);
        goto out;
    }
    if (run_ddl(&s, dbb, surql_buf_cstr(&ddl2)) || !(db2 = read_back(&s, dbb)))
        goto out;
    if (expect_equal(db1, db2, d, "DB -> YAML -> DDL -> DB") ||
        expect_equal(src, db2, d, "source vs the second database"))
        goto out;
    /* and validation agrees: no result */
    if (surql_schema_validate(&v, fromyaml, db2) != 0) {
        st_fail(__FILE__, __LINE__, "validate: %s", surql_error_last()->message);
        goto out;
    }
    for (size_t i = 0; i < surql_schema_validation_count(v); i++)
        st_fail(__FILE__, __LINE__, "validation: %s", surql_schema_validation_message(v, i));
    st_note("%s: %zu tables, %zu bytes of YAML round-tripped through the engine", engine,
            surql_schema_table_count(db2), yaml.size);
out:
    free(text);
    surql_buf_dispose(&ddl);
    surql_buf_dispose(&yaml);
    surql_buf_dispose(&ddl2);
    surql_schema_validation_free(v);
    surql_schema_unref(src);
    surql_schema_unref(db1);
    surql_schema_unref(fromyaml);
    surql_schema_unref(db2);
    st_server_stop(&s);
}

ST_TEST(v3_db_yaml_db) { db_yaml_db("v3", SURQL_DIALECT_V3); }
ST_TEST(v2_db_yaml_db) { db_yaml_db("v2", SURQL_DIALECT_V2); }

ST_MAIN(ST_CASE(v3_db_yaml_db), ST_CASE(v2_db_yaml_db))
