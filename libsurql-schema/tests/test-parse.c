/* DDL parser: statements, engine echoes of both dialects, errors with positions. */
#include "surql_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <surql/schema.h>

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

static surql_schema *parse_file(const char *name)
{
    char *text = slurp(name);
    surql_schema *s = NULL;
    if (!text || surql_schema_parse(&s, text, strlen(text)) != 0) {
        st_fail(__FILE__, __LINE__, "%s: %s", name, text ? surql_error_last()->message : "missing");
        s = NULL;
    }
    free(text);
    return s;
}

ST_TEST(statements_and_kinds)
{
    const char *sql = "-- header\nDEFINE TABLE user SCHEMAFULL;\n"
                      "UPDATE user SET a = 1; LET $x = { a: 1; };\n"
                      "DEFINE FIELD OVERWRITE name ON user TYPE string;\n"
                      "REMOVE INDEX IF EXISTS i ON TABLE user;\n"
                      "DEFINE USER bob ON DATABASE PASSWORD 'x';\n"
                      "  begin transaction";
    surql_schema_script *sc = NULL;
    ST_OK(surql_schema_script_parse(&sc, sql, strlen(sql)));
    ST_EQ_INT(surql_schema_script_count(sc), 7);
    ST_EQ_INT(surql_schema_script_kind(sc, 0), SURQL_SCHEMA_STMT_DEFINE_TABLE);
    ST_EQ_STR(surql_schema_script_keyword(sc, 1), "UPDATE");
    ST_EQ_INT(surql_schema_script_kind(sc, 1), SURQL_SCHEMA_STMT_OTHER);
    ST_EQ_STR(surql_schema_script_text(sc, 2), "LET $x = { a: 1; }");
    ST_EQ_INT(surql_schema_script_kind(sc, 3), SURQL_SCHEMA_STMT_DEFINE_FIELD);
    ST_EQ_INT(surql_schema_script_flags(sc, 3), SURQL_SCHEMA_STMT_OVERWRITE);
    ST_EQ_STR(surql_schema_script_table(sc, 3), "user");
    ST_EQ_STR(surql_schema_script_name(sc, 4), "i");
    ST_EQ_INT(surql_schema_script_flags(sc, 4), SURQL_SCHEMA_STMT_IF_EXISTS);
    ST_EQ_INT(surql_schema_script_kind(sc, 5), SURQL_SCHEMA_STMT_DEFINE_OTHER);
    ST_EQ_STR(surql_schema_script_keyword(sc, 5), "DEFINE USER");
    ST_EQ_STR(surql_schema_script_keyword(sc, 6), "BEGIN");
    size_t line, col;
    surql_schema_script_position(sc, 6, &line, &col);
    ST_EQ_INT(line, 7);
    ST_EQ_INT(col, 3);
    surql_schema *s = NULL;
    ST_OK(surql_schema_apply(&s, NULL, sc));
    const surql_schema_table *t = surql_schema_get_table(s, "user");
    ST_CHECK(t != NULL);
    ST_EQ_STR(surql_schema_field_type(surql_schema_table_get_field(t, "name")), "string");
    surql_schema_unref(s);
    surql_schema_script_free(sc);
}

ST_TEST(engine_echo_equals_model)
{
    surql_schema *m = parse_file("model.surql"), *v3 = parse_file("info-v3.surql"),
                 *v2 = parse_file("info-v2.surql");
    ST_BAIL_IF_FAILED();
    surql_schema_diff *d = NULL;
    ST_OK(surql_schema_diff_new(&d, m, v3, NULL));
    for (size_t i = 0; i < surql_schema_diff_count(d); i++)
        st_note("v3 drift: %s %s", surql_schema_change_kind_name(surql_schema_diff_kind(d, i)),
                surql_schema_diff_up(d, i));
    ST_EQ_INT(surql_schema_diff_count(d), 0);
    surql_schema_diff_free(d);
    ST_OK(surql_schema_diff_new(&d, m, v2, NULL));
    for (size_t i = 0; i < surql_schema_diff_count(d); i++)
        st_note("v2 drift: %s %s", surql_schema_change_kind_name(surql_schema_diff_kind(d, i)),
                surql_schema_diff_up(d, i));
    ST_EQ_INT(surql_schema_diff_count(d), 0);
    surql_schema_diff_free(d);
    ST_CHECK(surql_schema_equal(v2, v3));
    /* parsed values */
    const surql_schema_table *t = surql_schema_get_table(v2, "select");
    ST_EQ_STR(surql_schema_field_computed(surql_schema_table_get_field(t, "comp")), "string::len(ft)");
    ST_EQ_STR(surql_schema_table_changefeed(t), "1w");
    ST_EQ_STR(surql_schema_table_permission(t, SURQL_SCHEMA_PERM_DELETE), "$auth.admin");
    const surql_schema_index *x = surql_schema_table_get_index(t, "hn");
    surql_schema_vector_options vo;
    surql_schema_index_vector(x, &vo);
    ST_EQ_INT(vo.m0, 32);
    ST_CHECK(vo.lm > 0.3606 && vo.lm < 0.3607);
    ST_EQ_STR(surql_schema_function_body(surql_schema_get_function(v2, "greet")), "RETURN 'Hello ' + $name;");
    surql_schema_unref(m);
    surql_schema_unref(v2);
    surql_schema_unref(v3);
}

ST_TEST(info_objects)
{
    const char *db = "{\"accesses\":{},\"analyzers\":{},\"tables\":{\"user\":\"DEFINE TABLE user TYPE NORMAL SCHEMAFULL PERMISSIONS NONE\"},\"users\":{}}";
    const char *tb = "{\"user\":{\"events\":{},\"fields\":{\"name\":\"DEFINE FIELD name ON user TYPE none | string PERMISSIONS FULL\"},\"indexes\":{\"h\":\"DEFINE INDEX h ON user FIELDS emb HNSW DIMENSION 4 DIST EUCLIDEAN TYPE F32 EFC 150 M 12 M0 24 LM 0.40242960438184466f\"},\"lives\":{}}}";
    surql_value *dv = NULL, *tv = NULL;
    ST_OK(surql_value_from_json(&dv, db, strlen(db), 0));
    ST_OK(surql_value_from_json(&tv, tb, strlen(tb), 0));
    surql_schema *s = NULL, *m = NULL;
    ST_OK(surql_schema_from_info(&s, dv, tv));
    const char *src = "DEFINE TABLE user SCHEMAFULL; DEFINE FIELD name ON user TYPE option<string>;"
                      "DEFINE INDEX h ON user FIELDS emb HNSW DIMENSION 4;";
    ST_OK(surql_schema_parse(&m, src, strlen(src)));
    ST_CHECK(surql_schema_equal(s, m));
    surql_schema_unref(m);
    const char *src2 = "DEFINE TABLE user SCHEMAFULL; DEFINE FIELD name ON user TYPE string;"
                       "DEFINE INDEX h ON user FIELDS emb HNSW DIMENSION 4 M 16;";
    ST_OK(surql_schema_parse(&m, src2, strlen(src2)));
    ST_CHECK(!surql_schema_equal(s, m));
    surql_schema_unref(m);
    surql_schema_unref(s);
    surql_value_unref(dv);
    surql_value_unref(tv);
    const char *bad = "{\"tables\":{\"user\":\"DEFINE TABLE user SCHEMAFUL PERMISSIONS\"}}";
    ST_OK(surql_value_from_json(&dv, bad, strlen(bad), 0));
    ST_ERR(surql_schema_from_info(&s, dv, NULL), SURQL_EPARSE);
    ST_EQ_STR(surql_error_last()->message,
              "INFO FOR DB: tables.user: 1:40: expected FOR, found the end of the statement");
    surql_value_unref(dv);
}

#define PARSE_ERR(sql, code, msg, l, c)                                                  \
    do {                                                                                 \
        surql_schema *s_ = NULL;                                                         \
        ST_ERR(surql_schema_parse(&s_, sql, strlen(sql)), code);                         \
        ST_EQ_STR(surql_error_last()->message, msg);                                     \
        ST_EQ_INT(surql_error_last()->line, l);                                          \
        ST_EQ_INT(surql_error_last()->column, c);                                        \
    } while (0)

ST_TEST(errors)
{
    PARSE_ERR("DEFINE TABLE user;\nDEFINE FIELD x user TYPE int;", SURQL_EPARSE,
              "2:16: expected ON, found 'user'", 2, 16);
    PARSE_ERR("DEFINE FIELD x ON user TYPE strin;", SURQL_ESCHEMA,
              "1:14: field 'x': invalid type 'strin': unknown type at 'strin'", 1, 14);
    PARSE_ERR("DEFINE TABLE t COMMENT 'unterminated;", SURQL_EPARSE,
              "1:24: unterminated string", 1, 24);
    PARSE_ERR("DEFINE TABLE t;\n  DEFINE TABLE t;", SURQL_ESCHEMA_CONFLICT,
              "2:3: DEFINE TABLE: 't' already exists (use OVERWRITE or IF NOT EXISTS)", 2, 3);
    PARSE_ERR("REMOVE FIELD a ON t;", SURQL_ENOTFOUND,
              "1:1: REMOVE FIELD: table 't' does not exist", 1, 1);
    PARSE_ERR("DEFINE TABLE t; REMOVE FIELD a ON t;", SURQL_ENOTFOUND,
              "1:17: REMOVE FIELD: a does not exist on table 't'", 1, 17);
    PARSE_ERR("DEFINE INDEX i ON t FIELDS v HNSW;", SURQL_EPARSE,
              "1:34: expected DIMENSION, found the end of the statement", 1, 34);
    PARSE_ERR("DEFINE INDEX i ON t FIELDS a, b UNIQUE FOO;", SURQL_EPARSE,
              "1:40: DEFINE INDEX: unexpected 'FOO'", 1, 40);
    PARSE_ERR("DEFINE TABLE t TYPE RELATION IN a OUT b\n  PERMISSIONS FOR drop NONE;", SURQL_EPARSE,
              "2:19: expected select, create, update or delete, found 'drop'", 2, 19);
    PARSE_ERR("DEFINE EVENT e ON t WHEN true;", SURQL_EPARSE,
              "1:30: expected THEN, found the end of the statement", 1, 30);
    PARSE_ERR("DEFINE TABLE v AS SELECT * FROM t;", SURQL_EUNSUPPORTED,
              "1:16: DEFINE TABLE: views (AS SELECT) are not part of the schema model", 1, 16);
    PARSE_ERR("DEFINE FIELD f ON t TYPE int DEFAULT (1;", SURQL_EPARSE,
              "1:1: unclosed bracket in statement", 1, 1);
    PARSE_ERR("SELECT * FROM t WHERE a = 1);", SURQL_EPARSE, "1:28: unbalanced ')'", 1, 28);
    PARSE_ERR("DEFINE PARAM limit VALUE 1;", SURQL_EPARSE, "1:14: expected a $param name", 1, 14);
    PARSE_ERR("DEFINE ACCESS a ON NAMESPACE TYPE RECORD;", SURQL_EUNSUPPORTED,
              "1:20: DEFINE ACCESS: only accesses ON DATABASE are part of the schema model", 1, 20);
    PARSE_ERR("DEFINE FUNCTION fn::f($a) { RETURN 1 };", SURQL_EPARSE,
              "1:25: expected ':', found ')'", 1, 25);
    PARSE_ERR("DEFINE ANALYZER a FILTERS stemmer;", SURQL_ESCHEMA,
              "1:17: analyzer 'a': unknown filter 'stemmer'", 1, 17);
    PARSE_ERR("/* open comment", SURQL_EPARSE, "1:1: unterminated comment", 1, 1);
    /* raw bytes that could not render back equal (schema-ddl-fuzz findings) */
    PARSE_ERR("DEFINE FIELD k ON B COMPUTED!value\x01", SURQL_EPARSE,
              "1:35: control character in SurrealQL text (write it as an escape inside a string)",
              1, 35);
    PARSE_ERR("DEFINE FIELD k ON B COMPUTED!value", SURQL_EPARSE,
              "1:35: expected a VALUE expression, found the end of the statement", 1, 35);
    PARSE_ERR("DEFINE TABLE t;\nDEFINE TABLE \xc3(", SURQL_EPARSE,
              "2:14: invalid UTF-8 in SurrealQL text", 2, 14);
}

ST_TEST(apply_semantics)
{
    const char *sql = "DEFINE FIELD a ON t TYPE int;\n"            /* creates t */
                      "DEFINE FIELD IF NOT EXISTS a ON t TYPE string;\n"
                      "DEFINE TABLE OVERWRITE t SCHEMAFULL;\n"      /* keeps a */
                      "DEFINE INDEX i ON t FIELDS a;\n"
                      "REMOVE INDEX i ON t; REMOVE INDEX IF EXISTS i ON t;\n"
                      "DEFINE FIELD OVERWRITE a ON t TYPE float;";
    surql_schema *s = NULL;
    ST_OK(surql_schema_parse(&s, sql, strlen(sql)));
    const surql_schema_table *t = surql_schema_get_table(s, "t");
    ST_EQ_INT(surql_schema_table_get_mode(t), SURQL_SCHEMA_SCHEMAFULL);
    ST_EQ_INT(surql_schema_table_field_count(t), 1);
    ST_EQ_STR(surql_schema_field_type(surql_schema_table_field_at(t, 0)), "float");
    ST_EQ_INT(surql_schema_table_index_count(t), 0);
    surql_schema_unref(s);
    const char *rm = "DEFINE TABLE t; DEFINE FIELD a ON t TYPE int; REMOVE TABLE t;"
                     "DEFINE PARAM $p VALUE 1; REMOVE PARAM $p; DEFINE FUNCTION fn::a::b() { 1 };"
                     "REMOVE FUNCTION fn::a::b; DEFINE ACCESS x ON DATABASE TYPE JWT URL 'u';"
                     "REMOVE ACCESS x ON DATABASE; DEFINE ANALYZER an; REMOVE ANALYZER an;";
    ST_OK(surql_schema_parse(&s, rm, strlen(rm)));
    ST_EQ_INT(surql_schema_table_count(s) + surql_schema_param_count(s) +
                  surql_schema_function_count(s) + surql_schema_access_count(s) +
                  surql_schema_analyzer_count(s),
              0);
    surql_schema_unref(s);
}

ST_TEST(type_normalize)
{
    static const char *const cases[][2] = {
        { "option<string>", "option<string>" },
        { "none | string", "option<string>" },
        { "string | NONE | int", "option<string | int>" },
        { "option<array<record<a|b>>>", "option<array<record<a | b>>>" },
        { "array<int, 3>", "array<int, 3>" },
        { "STRING", "string" },
        { "none", "none" },
        { "'a' | \"b\"", "'a' | 'b'" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        surql_buf b = SURQL_BUF_INIT;
        ST_OK(surql_schema_type_normalize(&b, cases[i][0]));
        ST_EQ_STR(surql_buf_cstr(&b), cases[i][1]);
        surql_buf_dispose(&b);
    }
}

ST_MAIN(ST_CASE(statements_and_kinds), ST_CASE(engine_echo_equals_model), ST_CASE(info_objects),
        ST_CASE(errors), ST_CASE(apply_semantics), ST_CASE(type_normalize))
