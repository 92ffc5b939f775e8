/* Diff: ordered changes, exact up/down DDL, and up/down replayed offline. */
#include "surql_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <surql/schema.h>

static const char *A = "DEFINE TABLE user SCHEMAFULL;\n"
                       "DEFINE FIELD name ON TABLE user TYPE string;\n"
                       "DEFINE FIELD age ON TABLE user TYPE int;\n"
                       "DEFINE FIELD old ON TABLE user TYPE string;\n"
                       "DEFINE INDEX age_idx ON TABLE user FIELDS age;\n"
                       "DEFINE TABLE gone SCHEMALESS;\n";

static const char *B = "DEFINE TABLE user SCHEMAFULL;\n"
                       "DEFINE FIELD name ON TABLE user TYPE string;\n"
                       "DEFINE FIELD age ON TABLE user TYPE float;\n"
                       "DEFINE FIELD fresh ON TABLE user TYPE string;\n"
                       "DEFINE FIELD emb ON TABLE user TYPE array<float>;\n"
                       "DEFINE INDEX emb_idx ON TABLE user FIELDS emb HNSW DIMENSION 4 DIST COSINE;\n"
                       "DEFINE TABLE likes TYPE RELATION IN user OUT user;\n";

static surql_schema *target(void)
{
    surql_schema *b = NULL, *out = NULL;
    if (surql_schema_parse(&b, B, strlen(B)))
        return NULL;
    /* declare the rename: fresh was called old */
    const surql_schema_table *t = surql_schema_get_table(b, "user");
    surql_schema_field *f = NULL;
    surql_schema_table *nt = NULL;
    if (!surql_schema_field_with_renamed_from(&f, surql_schema_table_get_field(t, "fresh"), "old") &&
        !surql_schema_table_with_fields(&nt, t, (const surql_schema_field *const *)&f, 1))
        surql_schema_with_table(&out, b, nt);
    surql_schema_field_unref(f);
    surql_schema_table_unref(nt);
    surql_schema_unref(b);
    return out;
}

ST_TEST(changes_in_order)
{
    surql_schema *a = NULL, *b = target();
    ST_CHECK(b != NULL);
    ST_OK(surql_schema_parse(&a, A, strlen(A)));
    surql_schema_diff *d = NULL;
    ST_OK(surql_schema_diff_new(&d, a, b, NULL));
    static const char *const want[][4] = {
        { "rename_field", "user", "fresh",
          "DEFINE FIELD fresh ON TABLE user TYPE string;\nREMOVE FIELD old ON TABLE user;\n"
          "UPDATE user SET fresh = old, old = NONE;\n" },
        { "modify_field", "user", "age", "DEFINE FIELD OVERWRITE age ON TABLE user TYPE float;\n" },
        { "add_field", "user", "emb", "DEFINE FIELD emb ON TABLE user TYPE array<float>;\n" },
        { "remove_index", "user", "age_idx", "REMOVE INDEX age_idx ON TABLE user;\n" },
        { "add_index", "user", "emb_idx",
          "DEFINE INDEX emb_idx ON TABLE user FIELDS emb HNSW DIMENSION 4 DIST COSINE;\n" },
        { "add_table", NULL, "likes", "DEFINE TABLE likes TYPE RELATION IN user OUT user;\n" },
        { "remove_table", NULL, "gone", "REMOVE TABLE gone;\n" },
    };
    ST_EQ_INT(surql_schema_diff_count(d), sizeof want / sizeof want[0]);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        ST_EQ_STR(surql_schema_change_kind_name(surql_schema_diff_kind(d, i)), want[i][0]);
        if (want[i][1])
            ST_EQ_STR(surql_schema_diff_table(d, i), want[i][1]);
        ST_EQ_STR(surql_schema_diff_name(d, i), want[i][2]);
        ST_EQ_STR(surql_schema_diff_up(d, i), want[i][3]);
    }
    ST_EQ_STR(surql_schema_diff_old_name(d, 0), "old");
    ST_EQ_STR(surql_schema_diff_down(d, 0),
              "DEFINE FIELD old ON TABLE user TYPE string;\nREMOVE FIELD fresh ON TABLE user;\n"
              "UPDATE user SET old = fresh, fresh = NONE;\n");
    ST_EQ_STR(surql_schema_diff_down(d, 1), "DEFINE FIELD OVERWRITE age ON TABLE user TYPE int;\n");
    ST_EQ_STR(surql_schema_diff_down(d, 3), "DEFINE INDEX age_idx ON TABLE user FIELDS age;\n");
    ST_EQ_STR(surql_schema_diff_down(d, 6), "DEFINE TABLE gone SCHEMALESS;\n");
    ST_CHECK(surql_schema_diff_is_edge(d, 5));

    /* replay: A + up == B, then + down == A */
    surql_buf up = SURQL_BUF_INIT, down = SURQL_BUF_INIT;
    ST_OK(surql_schema_diff_up_ddl(&up, d));
    ST_OK(surql_schema_diff_down_ddl(&down, d));
    surql_schema_script *su = NULL, *sd = NULL;
    surql_schema *a2 = NULL, *a3 = NULL;
    ST_OK(surql_schema_script_parse(&su, up.ptr, up.size));
    ST_OK(surql_schema_apply(&a2, a, su));
    ST_CHECK(surql_schema_equal(a2, b));
    ST_OK(surql_schema_script_parse(&sd, down.ptr, down.size));
    ST_OK(surql_schema_apply(&a3, a2, sd));
    ST_CHECK(surql_schema_equal(a3, a));
    surql_schema_script_free(su);
    surql_schema_script_free(sd);
    surql_buf_dispose(&up);
    surql_buf_dispose(&down);
    surql_schema_unref(a2);
    surql_schema_unref(a3);
    surql_schema_diff_free(d);
    surql_schema_unref(a);
    surql_schema_unref(b);
}

ST_TEST(db_objects_and_dialect_errors)
{
    const char *x = "DEFINE PARAM $p VALUE 1; DEFINE ANALYZER an TOKENIZERS blank;"
                    "DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM HS256 KEY 'secret';"
                    "DEFINE TABLE doc; DEFINE INDEX m ON doc FIELDS v MTREE DIMENSION 3;";
    const char *y = "DEFINE PARAM $p VALUE 2; DEFINE FUNCTION fn::f() { RETURN 1; };"
                    "DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM HS256 KEY '[REDACTED]';"
                    "DEFINE TABLE doc;";
    surql_schema *a = NULL, *b = NULL;
    ST_OK(surql_schema_parse(&a, x, strlen(x)));
    ST_OK(surql_schema_parse(&b, y, strlen(y)));
    surql_schema_diff *d = NULL;
    surql_schema_diff_options o = SURQL_SCHEMA_DIFF_OPTIONS_INIT;
    o.dialect = SURQL_DIALECT_V2;
    ST_OK(surql_schema_diff_new(&d, a, b, &o));
    static const char *const want[][3] = {
        { "add_function", "DEFINE FUNCTION fn::f() { RETURN 1; };\n", "REMOVE FUNCTION fn::f;\n" },
        { "modify_param", "DEFINE PARAM OVERWRITE $p VALUE 2;\n", "DEFINE PARAM OVERWRITE $p VALUE 1;\n" },
        { "remove_index", "REMOVE INDEX m ON TABLE doc;\n",
          "DEFINE INDEX m ON TABLE doc FIELDS v MTREE DIMENSION 3;\n" },
        { "remove_analyzer", "REMOVE ANALYZER an;\n", "DEFINE ANALYZER an TOKENIZERS BLANK;\n" },
    };
    ST_EQ_INT(surql_schema_diff_count(d), 4);
    for (size_t i = 0; i < 4; i++) {
        ST_EQ_STR(surql_schema_change_kind_name(surql_schema_diff_kind(d, i)), want[i][0]);
        ST_EQ_STR(surql_schema_diff_up(d, i), want[i][1]);
        ST_EQ_STR(surql_schema_diff_down(d, i), want[i][2]);
    }
    surql_schema_diff_free(d);
    /* the MTREE index cannot be written for 3.x: the diff fails instead of emitting something else */
    o.dialect = SURQL_DIALECT_V3;
    ST_ERR(surql_schema_diff_new(&d, a, b, &o), SURQL_ESCHEMA_DIALECT);
    ST_CHECK(d == NULL);
    surql_schema_unref(a);
    surql_schema_unref(b);
}

ST_TEST(equal_ignores_engine_defaults)
{
    const char *a = "DEFINE TABLE t SCHEMALESS; DEFINE FIELD tags ON t TYPE array<string>;"
                    "DEFINE EVENT e ON t THEN CREATE log;"
                    "DEFINE INDEX f ON t FIELDS body FULLTEXT;";
    const char *b = "DEFINE TABLE t TYPE ANY SCHEMALESS PERMISSIONS NONE;"
                    "DEFINE FIELD tags ON t TYPE array<string> PERMISSIONS FULL;"
                    "DEFINE FIELD tags.* ON t TYPE string PERMISSIONS FULL;"
                    "DEFINE EVENT e ON t WHEN true THEN (CREATE log);"
                    "DEFINE INDEX f ON t FIELDS body FULLTEXT ANALYZER like BM25(1.2,0.75);";
    surql_schema *x = NULL, *y = NULL;
    ST_OK(surql_schema_parse(&x, a, strlen(a)));
    ST_OK(surql_schema_parse(&y, b, strlen(b)));
    ST_CHECK(surql_schema_equal(x, y));
    surql_schema_unref(x);
    surql_schema_unref(y);
}

ST_MAIN(ST_CASE(changes_in_order), ST_CASE(db_objects_and_dialect_errors),
        ST_CASE(equal_ignores_engine_defaults))
