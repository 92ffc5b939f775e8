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

#include "engine-fixture.h"

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
