/* Result extraction over 2.x and 3.x response shapes, and stmt_read by shape. */
#include "test-query.h"

static surql_value *J(const char *s) { return tq_json(s); }

static int json_is(const char *file, int line, const surql_value *v, const char *want)
{
    surql_buf b = SURQL_BUF_INIT;
    surql_value_to_json(v, &b, 0);
    int ok = st_eq_str(file, line, "json", "want", surql_buf_cstr(&b), want);
    surql_buf_dispose(&b);
    return ok;
}
#define JSON_IS(v, want) do { if (!json_is(__FILE__, __LINE__, (v), (want))) return; } while (0)

ST_TEST(extract)
{
    surql_value *v2 = J("[{\"status\":\"OK\",\"time\":\"1ms\",\"result\":[{\"id\":\"user:1\",\"name\":\"Alice\"}]}]");
    surql_value *v3 = J("[{\"status\":\"OK\",\"time\":\"1ms\",\"type\":null,\"result\":null},"
                        "{\"status\":\"OK\",\"time\":\"1ms\",\"type\":null,\"result\":[{\"count\":42}]},"
                        "{\"status\":\"OK\",\"time\":\"1ms\",\"type\":null,\"result\":null}]");
    surql_value *flat = J("[{\"id\":\"user:123\",\"name\":\"Alice\"}]");
    surql_value *one = J("{\"result\":[{\"id\":\"user:1\"}]}");
    surql_value *empty = J("[]");
    surql_value *nested_empty = J("[{\"result\":[]}]");
    surql_value *out = NULL;
    ST_OK(surql_query_extract_result(&out, v2));
    JSON_IS(out, "[{\"id\":\"user:1\",\"name\":\"Alice\"}]");
    out = surql_value_unref(out);
    ST_OK(surql_query_extract_result(&out, v3));
    JSON_IS(out, "[{\"count\":42}]");
    out = surql_value_unref(out);
    ST_OK(surql_query_extract_result(&out, flat));
    JSON_IS(out, "[{\"id\":\"user:123\",\"name\":\"Alice\"}]");
    out = surql_value_unref(out);
    ST_OK(surql_query_extract_result(&out, one));
    JSON_IS(out, "[{\"id\":\"user:1\"}]");
    out = surql_value_unref(out);
    ST_OK(surql_query_extract_result(&out, NULL));
    JSON_IS(out, "[]");
    out = surql_value_unref(out);
    ST_OK(surql_query_extract_one(&out, v2));
    JSON_IS(out, "{\"id\":\"user:1\",\"name\":\"Alice\"}");
    out = surql_value_unref(out);
    ST_OK(surql_query_extract_one(&out, empty));
    ST_CHECK(surql_value_is_none(out));
    out = surql_value_unref(out);
    ST_OK(surql_query_extract_scalar(&out, v3, "count", NULL));
    JSON_IS(out, "42");
    out = surql_value_unref(out);
    surql_value *zero = surql_value_int(0);
    ST_OK(surql_query_extract_scalar(&out, empty, "count", zero));
    JSON_IS(out, "0");
    out = surql_value_unref(out);
    ST_OK(surql_query_extract_scalar(&out, flat, "total", zero));
    JSON_IS(out, "0");
    out = surql_value_unref(out);
    ST_EQ_INT(surql_query_has_results(v2), 1);
    ST_EQ_INT(surql_query_has_results(empty), 0);
    ST_EQ_INT(surql_query_has_results(nested_empty), 0);
    ST_EQ_INT(surql_query_has_results(flat), 1);
    ST_EQ_INT(surql_query_result_count(v3), 3);
    const surql_value *r = NULL;
    ST_OK(surql_query_result_at(v3, 1, &r));
    JSON_IS(r, "[{\"count\":42}]");
    ST_ERR(surql_query_result_at(v3, 3, &r), SURQL_ERANGE);
    surql_value *all[] = { v2, v3, flat, one, empty, nested_empty, zero };
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        surql_value_unref(all[i]);
}

ST_TEST(errors)
{
    surql_value *e2 = J("[{\"status\":\"OK\",\"time\":\"1ms\",\"result\":[]},"
                        "{\"status\":\"ERR\",\"time\":\"1ms\",\"result\":\"Database record `user:alice` already exists\"}]");
    surql_value *out = NULL;
    ST_ERR(surql_query_extract_result(&out, e2), SURQL_QUERY_ESTATEMENT);
    ST_EQ_STR(surql_error_last()->message, "statement 1: Database record `user:alice` already exists");
    ST_CHECK(surql_error_last()->server_kind == NULL);
    surql_value *e3 = J("[{\"status\":\"ERR\",\"time\":\"1ms\",\"type\":null,\"result\":\"Not enough permissions\","
                        "\"kind\":\"NotAllowed\",\"details\":{\"kind\":\"Auth\",\"details\":{\"kind\":\"NotAllowed\"}}}]");
    ST_ERR(surql_query_result_check(e3), SURQL_QUERY_ESTATEMENT);
    ST_EQ_STR(surql_error_last()->server_kind, "NotAllowed");
    ST_EQ_STR(surql_error_last()->detail_json, "{\"kind\":\"Auth\",\"details\":{\"kind\":\"NotAllowed\"}}");
    /* 3.0.0 repeats the kind inside details */
    surql_value *e300 = J("[{\"status\":\"ERR\",\"time\":\"1ms\",\"type\":null,\"result\":\"x\","
                          "\"kind\":\"NotAllowed\",\"details\":{\"kind\":\"NotAllowed\",\"details\":{\"kind\":\"Auth\"}}}]");
    ST_ERR(surql_query_result_check(e300), SURQL_QUERY_ESTATEMENT);
    ST_EQ_STR(surql_error_last()->detail_json, "{\"kind\":\"Auth\"}");
    surql_value_unref(e2);
    surql_value_unref(e3);
    surql_value_unref(e300);
}

ST_TEST(read_by_shape)
{
    surql_query_stmt *s = NULL;
    /* COUNT: v2 GROUP ALL on an empty table gives [] -> 0; two statements add up */
    ST_OK(surql_query_crud_count(&s, 2, "user", NULL));
    surql_value *emptyv2 = J("[{\"status\":\"OK\",\"time\":\"1ms\",\"result\":[]}]");
    surql_value *out = NULL;
    ST_OK(surql_query_stmt_read(&out, s, emptyv2));
    JSON_IS(out, "0");
    out = surql_value_unref(out);
    s = surql_query_stmt_unref(s);
    ST_OK(surql_query_graph_degree(&s, 3, "user:a", "follows", SURQL_QUERY_BOTH));
    surql_value *deg = J("[{\"status\":\"OK\",\"time\":\"1ms\",\"type\":null,\"result\":[{\"count\":2}]},"
                         "{\"status\":\"OK\",\"time\":\"1ms\",\"type\":null,\"result\":[{\"count\":3}]}]");
    ST_OK(surql_query_stmt_read(&out, s, deg));
    JSON_IS(out, "5");
    ST_EQ_INT(surql_query_stmt_count(s), 2);
    out = surql_value_unref(out);
    s = surql_query_stmt_unref(s);
    /* EXISTS / ONE / NONE */
    ST_OK(surql_query_crud_exists(&s, 3, "user", "a"));
    ST_OK(surql_query_stmt_read(&out, s, emptyv2));
    JSON_IS(out, "false");
    out = surql_value_unref(out);
    ST_OK(surql_query_stmt_read(&out, s, deg));
    JSON_IS(out, "true");
    out = surql_value_unref(out);
    s = surql_query_stmt_unref(s);
    ST_OK(surql_query_crud_get(&s, 3, "user", "a"));
    ST_EQ_INT(surql_query_stmt_shape(s), SURQL_QUERY_SHAPE_ONE);
    ST_OK(surql_query_stmt_read(&out, s, deg));
    JSON_IS(out, "{\"count\":2}");
    out = surql_value_unref(out);
    s = surql_query_stmt_unref(s);
    ST_OK(surql_query_crud_delete(&s, 3, "user", "a", SURQL_QUERY_RETURN_DEFAULT));
    ST_OK(surql_query_stmt_read(&out, s, emptyv2));
    ST_CHECK(surql_value_is_none(out));
    out = surql_value_unref(out);
    s = surql_query_stmt_unref(s);
    /* trusted statements and concatenation */
    surql_value *vars = J("{\"x\":1}");
    ST_OK(surql_query_stmt_new_raw_trusted(&s, "RETURN $x", vars, 3, SURQL_QUERY_SHAPE_VALUE));
    surql_query_stmt *s2 = NULL, *cat = NULL;
    ST_OK(surql_query_crud_get(&s2, 3, "user", "a"));
    const surql_query_stmt *both[] = { s2, s, s2 };
    ST_OK(surql_query_stmt_concat(&cat, both, 3, SURQL_QUERY_SHAPE_ROWS));
    ST_EQ_STR(surql_query_stmt_text(cat), "SELECT * FROM $p1;\nRETURN $x;\nSELECT * FROM $p2;");
    surql_buf v = SURQL_BUF_INIT;
    surql_value_to_json(surql_query_stmt_vars(cat), &v, 0);
    ST_EQ_STR(surql_buf_cstr(&v), "{\"p1\":\"user:a\",\"x\":1,\"p2\":\"user:a\"}");
    surql_buf_dispose(&v);
    surql_query_stmt_unref(cat);
    surql_query_stmt_unref(s2);
    surql_query_stmt_unref(s);
    surql_value_unref(vars);
    surql_value_unref(emptyv2);
    surql_value_unref(deg);
}

ST_MAIN(ST_CASE(extract), ST_CASE(errors), ST_CASE(read_by_shape))
