/* Schema validation: code schema vs database schema, severities, report. */
#include "surql_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <surql/schema.h>

static surql_schema *ddl(const char *text)
{
    surql_schema *s = NULL;
    if (surql_schema_parse(&s, text, strlen(text)) != SURQL_OK)
        st_fail(__FILE__, __LINE__, "parse: %s", surql_error_last()->message);
    return s;
}

static const char code_ddl[] =
    "DEFINE TABLE user SCHEMAFULL PERMISSIONS FOR select FULL;"
    "DEFINE FIELD name ON user TYPE string;"
    "DEFINE FIELD age ON user TYPE int ASSERT $value >= 0;"
    "DEFINE FIELD email ON user TYPE string;"
    "DEFINE FIELD tags ON user TYPE array<string>;"
    "DEFINE INDEX email_idx ON user FIELDS email UNIQUE;"
    "DEFINE INDEX name_idx ON user FIELDS name;"
    "DEFINE EVENT ev ON user THEN (CREATE log);"
    "DEFINE TABLE post SCHEMAFULL;"
    "DEFINE TABLE likes TYPE RELATION IN user OUT post;"
    "DEFINE PARAM $limit VALUE 10;";

/* the engine's echo of the same schema: no result at all */
ST_TEST(echo_is_valid)
{
    surql_schema *a = ddl(code_ddl);
    surql_schema *b = ddl("DEFINE TABLE user TYPE NORMAL SCHEMAFULL PERMISSIONS FOR select FULL, FOR create, update, delete NONE;"
                          "DEFINE FIELD name ON user TYPE string PERMISSIONS FULL;"
                          "DEFINE FIELD age ON user TYPE int ASSERT $value >= 0 PERMISSIONS FULL;"
                          "DEFINE FIELD email ON user TYPE string;"
                          "DEFINE FIELD tags ON user TYPE array<string>;"
                          "DEFINE FIELD tags[*] ON user TYPE string;"
                          "DEFINE INDEX email_idx ON user FIELDS email UNIQUE;"
                          "DEFINE INDEX name_idx ON user FIELDS name;"
                          "DEFINE EVENT ev ON user WHEN true THEN (CREATE log);"
                          "DEFINE TABLE post TYPE NORMAL SCHEMAFULL;"
                          "DEFINE TABLE likes TYPE RELATION IN user OUT post SCHEMALESS;"
                          "DEFINE PARAM $limit VALUE 10 PERMISSIONS FULL;");
    ST_CHECK(a && b);
    surql_schema_validation *v = NULL;
    ST_OK(surql_schema_validate(&v, a, b));
    ST_EQ_INT(0, surql_schema_validation_count(v));
    surql_buf r = SURQL_BUF_INIT;
    ST_OK(surql_schema_validation_report(&r, v, 0));
    ST_EQ_STR("schema is valid: no differences\n", surql_buf_cstr(&r));
    surql_buf_dispose(&r);
    surql_schema_validation_free(v);
    surql_schema_unref(a);
    surql_schema_unref(b);
}

ST_TEST(drift_by_severity)
{
    surql_schema *a = ddl(code_ddl);
    surql_schema *b = ddl("DEFINE TABLE user SCHEMALESS;"
                          "DEFINE FIELD name ON user TYPE int;"
                          "DEFINE FIELD age ON user TYPE int COMMENT 'x';"
                          "DEFINE FIELD legacy ON user TYPE string;"
                          "DEFINE INDEX name_idx ON user FIELDS name, age;"
                          "DEFINE INDEX other ON user FIELDS age;"
                          "DEFINE TABLE likes TYPE RELATION IN user OUT user;"
                          "DEFINE TABLE extra SCHEMALESS;"
                          "DEFINE PARAM $limit VALUE 20;");
    ST_CHECK(a && b);
    surql_schema_validation *v = NULL;
    ST_OK(surql_schema_validate(&v, a, b));
    surql_buf r = SURQL_BUF_INIT;
    ST_OK(surql_schema_validation_report(&r, v, SURQL_SCHEMA_REPORT_INFO));
    const char *want =
        "Errors (6):\n"
        "  - table 'user': mode differs (code: SCHEMAFULL, database: SCHEMALESS)\n"
        "  - table 'user': type differs (code: NORMAL, database: ANY)\n"
        "  - field 'name' of table 'user': type differs (code: string, database: int)\n"
        "  - field 'email' of table 'user' is missing from the database\n"
        "  - field 'tags' of table 'user' is missing from the database\n"
        "  - index 'email_idx' of table 'user' is missing from the database\n"
        "  - table 'post' is missing from the database\n"
        "  - edge 'likes': OUT tables differ (code: post, database: user)\n"
        "";
    (void)want;
    const char *report = surql_buf_cstr(&r);
    st_note("%s", report);
    ST_CHECK(surql_schema_validation_has_errors(v));
    /* severities and details of selected results */
    int seen_type = 0, seen_extra = 0, seen_assert = 0, seen_edge = 0, seen_param = 0;
    for (size_t i = 0; i < surql_schema_validation_count(v); i++) {
        const char *kind = NULL;
        surql_value_get_string(surql_value_object_get(surql_schema_validation_details(v, i), "kind"),
                               &kind, NULL);
        surql_schema_severity sev = surql_schema_validation_severity(v, i);
        const char *t = surql_schema_validation_table(v, i), *f = surql_schema_validation_field(v, i);
        if (strcmp(kind, "field_type") == 0) {
            seen_type = 1;
            ST_EQ_INT(SURQL_SCHEMA_SEVERITY_ERROR, sev);
            ST_EQ_STR("user", t);
            ST_EQ_STR("name", f);
            const char *c = NULL, *d = NULL;
            surql_value_get_string(surql_value_object_get(surql_schema_validation_details(v, i), "code"), &c, NULL);
            surql_value_get_string(surql_value_object_get(surql_schema_validation_details(v, i), "database"), &d, NULL);
            ST_EQ_STR("string", c);
            ST_EQ_STR("int", d);
        } else if (strcmp(kind, "extra_table") == 0) {
            seen_extra = 1;
            ST_EQ_INT(SURQL_SCHEMA_SEVERITY_WARNING, sev);
            ST_EQ_STR("extra", t);
        } else if (strcmp(kind, "field_assert") == 0) {
            seen_assert = 1;
            ST_EQ_INT(SURQL_SCHEMA_SEVERITY_WARNING, sev);
        } else if (strcmp(kind, "edge_relation") == 0) {
            seen_edge = 1;
            ST_EQ_INT(SURQL_SCHEMA_SEVERITY_ERROR, sev);
            ST_EQ_STR("edge 'likes': OUT tables differ (code: post, database: user)",
                      surql_schema_validation_message(v, i));
        } else if (strcmp(kind, "definition_differs") == 0) {
            seen_param = 1;
            ST_EQ_INT(SURQL_SCHEMA_SEVERITY_WARNING, sev);
            ST_CHECK(t == NULL);
        }
    }
    ST_CHECK(seen_type && seen_extra && seen_assert && seen_edge && seen_param);
    ST_CHECK(strstr(report, "Errors (") == report);
    ST_CHECK(strstr(report, "Warnings (") && strstr(report, "Info ("));
    ST_CHECK(strstr(report, "  - index 'other' of table 'user' exists in the database but not in the code\n"));
    ST_CHECK(strstr(report, "  - field 'legacy' of table 'user' exists in the database but not in the code\n"));
    /* JSON form */
    surql_buf j = SURQL_BUF_INIT;
    ST_OK(surql_schema_validation_to_json(&j, v));
    surql_value *jv = NULL;
    ST_OK(surql_value_from_json(&jv, j.ptr, j.size, 0));
    ST_EQ_INT(surql_schema_validation_count(v), surql_value_length(jv));
    surql_value_unref(jv);
    surql_buf_dispose(&j);
    surql_buf_dispose(&r);
    surql_schema_validation_free(v);
    surql_schema_unref(a);
    surql_schema_unref(b);
}

ST_TEST(rename_pending)
{
    surql_schema *a = NULL, *b = ddl("DEFINE TABLE t SCHEMAFULL; DEFINE FIELD old ON t TYPE string;");
    surql_schema_field *f = NULL, *g = NULL;
    surql_schema_table *t = NULL, *t2 = NULL;
    ST_OK(surql_schema_field_new(&f, "new", "string"));
    ST_OK(surql_schema_field_with_renamed_from(&g, f, "old"));
    ST_OK(surql_schema_table_new(&t, "t"));
    ST_OK(surql_schema_table_with_fields(&t2, t, (const surql_schema_field *const *)&g, 1));
    ST_OK(surql_schema_new(&a));
    surql_schema *a2 = NULL;
    ST_OK(surql_schema_with_table(&a2, a, t2));
    surql_schema_validation *v = NULL;
    ST_OK(surql_schema_validate(&v, a2, b));
    ST_EQ_INT(1, surql_schema_validation_count(v));
    ST_EQ_INT(SURQL_SCHEMA_SEVERITY_WARNING, surql_schema_validation_severity(v, 0));
    ST_EQ_STR("field 'new' of table 't': the rename from 'old' is not applied in the database",
              surql_schema_validation_message(v, 0));
    ST_CHECK(!surql_schema_validation_has_errors(v));
    surql_schema_validation_free(v);
    surql_schema_validation_free(NULL);
    ST_EQ_STR("ERROR", surql_schema_severity_name(SURQL_SCHEMA_SEVERITY_ERROR));
    ST_EQ_STR("INFO", surql_schema_severity_name(SURQL_SCHEMA_SEVERITY_INFO));
    surql_schema_field_unref(f);
    surql_schema_field_unref(g);
    surql_schema_table_unref(t);
    surql_schema_table_unref(t2);
    surql_schema_unref(a);
    surql_schema_unref(a2);
    surql_schema_unref(b);
}

ST_MAIN(ST_CASE(echo_is_valid), ST_CASE(drift_by_severity), ST_CASE(rename_pending))
