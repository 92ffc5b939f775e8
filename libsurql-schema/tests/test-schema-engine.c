/* Integration: schemas rendered for each engine, applied through POST /sql, read
 * back with INFO, parsed and compared; then a change set applied with the diff's
 * up DDL and reverted with its down DDL. */
#include "surql_test.h"
#include "surql_test_server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <surql/schema.h>

#include "engine-fixture.h"

/* source + change set: add field, change type, rename field, drop index, add HNSW */
static surql_schema *changed(const surql_schema *src)
{
    const surql_schema_table *u = surql_schema_get_table(src, "user");
    surql_schema_table *t1 = NULL, *t2 = NULL, *t3 = NULL;
    surql_schema_field *f[3] = { NULL, NULL, NULL }, *tmp = NULL;
    surql_schema_index *x = NULL;
    surql_schema *out = NULL;
    surql_schema_vector_options vo = SURQL_SCHEMA_VECTOR_OPTIONS_INIT;
    vo.dimension = 3;
    vo.distance = SURQL_SCHEMA_DIST_EUCLIDEAN;
    int rc = surql_schema_field_new(&f[0], "bio", "option<string>");
    if (!rc)
        rc = surql_schema_field_with_type(&f[1], surql_schema_table_get_field(u, "age"), "float");
    if (!rc)
        rc = surql_schema_field_new(&tmp, "handle", "option<string>");
    if (!rc)
        rc = surql_schema_field_with_renamed_from(&f[2], tmp, "nick");
    if (!rc)
        rc = surql_schema_table_without_field(&t1, u, "nick");
    if (!rc)
        rc = surql_schema_table_with_fields(&t2, t1, (const surql_schema_field *const *)f, 3);
    if (!rc) {
        surql_schema_table_unref(t1);
        t1 = NULL;
        rc = surql_schema_table_without_index(&t1, t2, "email_idx");
    }
    surql_schema_field *vec = NULL;
    if (!rc)
        rc = surql_schema_field_new(&vec, "pos", "array<float>");
    if (!rc) {
        surql_schema_table_unref(t2);
        t2 = NULL;
        rc = surql_schema_table_with_fields(&t2, t1, (const surql_schema_field *const *)&vec, 1);
    }
    if (!rc)
        rc = surql_schema_index_hnsw(&x, "pos_hnsw", "pos", &vo);
    if (!rc)
        rc = surql_schema_table_with_indexes(&t3, t2, (const surql_schema_index *const *)&x, 1);
    if (!rc)
        rc = surql_schema_with_table(&out, src, t3);
    if (rc)
        st_fail(__FILE__, __LINE__, "building the change set: %s", surql_error_last()->message);
    for (int i = 0; i < 3; i++)
        surql_schema_field_unref(f[i]);
    surql_schema_field_unref(tmp);
    surql_schema_field_unref(vec);
    surql_schema_index_unref(x);
    surql_schema_table_unref(t1);
    surql_schema_table_unref(t2);
    surql_schema_table_unref(t3);
    return out;
}

static void engine_roundtrip(const char *engine, surql_dialect d)
{
    st_server s;
    if (st_server_start(&s, engine, NULL) != 0)
        return;
    surql_schema *src = NULL, *target = NULL, *back = NULL;
    surql_schema_diff *df = NULL;
    surql_buf ddl = SURQL_BUF_INIT, up = SURQL_BUF_INIT, down = SURQL_BUF_INIT;
    char *text = slurp("integration.surql");
    char db[128];
    if (!text || surql_schema_parse(&src, text, strlen(text)) != 0) {
        st_fail(__FILE__, __LINE__, "source: %s", text ? surql_error_last()->message : "missing");
        goto out;
    }
    if (d == SURQL_DIALECT_V2) { /* MTREE exists only in 2.x */
        const char *extra = "DEFINE FIELD pts ON TABLE post TYPE array<float>;"
                            "DEFINE INDEX pts_mtree ON TABLE post FIELDS pts MTREE DIMENSION 3 DIST MANHATTAN TYPE F32 CAPACITY 20;";
        surql_schema_script *sc = NULL;
        surql_schema *s2 = NULL;
        if (surql_schema_script_parse(&sc, extra, strlen(extra)) ||
            surql_schema_apply(&s2, src, sc)) {
            st_fail(__FILE__, __LINE__, "mtree: %s", surql_error_last()->message);
            surql_schema_script_free(sc);
            goto out;
        }
        surql_schema_script_free(sc);
        surql_schema_unref(src);
        src = s2;
    }
    surql_schema_ddl_options o = SURQL_SCHEMA_DDL_OPTIONS_INIT;
    o.dialect = d;
    if (surql_schema_to_ddl(&ddl, src, &o) != 0) {
        st_fail(__FILE__, __LINE__, "render: %s", surql_error_last()->message);
        goto out;
    }
    /* 1. the full schema round-trips */
    snprintf(db, sizeof db, "%s", st_unique_name("full"));
    if (run_ddl(&s, db, surql_buf_cstr(&ddl)) || !(back = read_back(&s, db)) ||
        expect_equal(src, back, d, "full schema"))
        goto out;
    st_note("%s: %zu tables, %zu bytes of DDL round-tripped", engine,
            surql_schema_table_count(back), ddl.size);
    surql_schema_unref(back);
    back = NULL;
    /* 2. the change set through up, then back through down */
    if (!(target = changed(src)))
        goto out;
    surql_schema_diff_options dopt = SURQL_SCHEMA_DIFF_OPTIONS_INIT;
    dopt.dialect = d;
    if (surql_schema_diff_new(&df, src, target, &dopt) != 0) {
        st_fail(__FILE__, __LINE__, "diff: %s", surql_error_last()->message);
        goto out;
    }
    surql_schema_diff_up_ddl(&up, df);
    surql_schema_diff_down_ddl(&down, df);
    st_note("%s up:\n%s", engine, surql_buf_cstr(&up));
    /* some data so the rename moves something */
    if (run_ddl(&s, db, "CREATE user:1 SET name = 'Ann', email = 'ann@example.com', nick = 'annie', "
                        "address = { city: 'Oslo' }, ttl = 1h, price = 1.5dec, n = 1, flag = true, "
                        "loc = (1.0, 2.0), anything = 1, meta = {}, tags = ['ab'], emb = [1.0, 2.0, 3.0, 4.0];") ||
        run_ddl(&s, db, surql_buf_cstr(&up)) || !(back = read_back(&s, db)) ||
        expect_equal(target, back, d, "after up"))
        goto out;
    surql_value *r = sql(&s, db, "SELECT VALUE handle FROM user:1;");
    if (r) {
        const surql_value *h = surql_value_array_at(surql_value_object_get(surql_value_array_at(r, 0), "result"), 0);
        const char *hs = NULL;
        size_t hn = 0;
        if (surql_value_get_string(h, &hs, &hn) != 0 || strcmp(hs, "annie") != 0)
            st_fail(__FILE__, __LINE__, "rename did not carry the data");
        surql_value_unref(r);
    }
    surql_schema_unref(back);
    back = NULL;
    if (run_ddl(&s, db, surql_buf_cstr(&down)) || !(back = read_back(&s, db)))
        goto out;
    expect_equal(src, back, d, "after down");
out:
    free(text);
    surql_buf_dispose(&ddl);
    surql_buf_dispose(&up);
    surql_buf_dispose(&down);
    surql_schema_diff_free(df);
    surql_schema_unref(src);
    surql_schema_unref(target);
    surql_schema_unref(back);
    st_server_stop(&s);
}

ST_TEST(v3_roundtrip) { engine_roundtrip("v3", SURQL_DIALECT_V3); }
ST_TEST(v2_roundtrip) { engine_roundtrip("v2", SURQL_DIALECT_V2); }

ST_MAIN(ST_CASE(v3_roundtrip), ST_CASE(v2_roundtrip))
