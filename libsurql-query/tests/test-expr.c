/* Operators and expressions (surql-py I, J, K rows), display through the inline renderer. */
#include "test-query.h"

#define F(p) surql_query_field(p)

/* display of an expression (inline literals) must equal want */
static int disp(const char *file, int line, surql_query_expr *e, int dialect, const char *want)
{
    if (!e) {
        st_fail(file, line, "expression failed: %s", surql_error_last()->message);
        return 0;
    }
    surql_buf b = SURQL_BUF_INIT;
    int rc = surql_query_expr_display(e, dialect, &b);
    surql_query_expr_unref(e);
    int ok = rc == 0 ? st_eq_str(file, line, "display", "want", surql_buf_cstr(&b), want)
                     : st_fail(file, line, "display failed: %s", surql_error_last()->message);
    surql_buf_dispose(&b);
    return ok;
}
#define D3(e, want) do { if (!disp(__FILE__, __LINE__, (e), 3, (want))) return; } while (0)
#define D2(e, want) do { if (!disp(__FILE__, __LINE__, (e), 2, (want))) return; } while (0)

ST_TEST(comparison)
{
    D3(surql_query_eq(F("name"), surql_query_str("Alice")), "name = 'Alice'");
    D3(surql_query_eq(F("age"), surql_query_int(30)), "age = 30");
    D3(surql_query_eq(F("active"), surql_query_bool(1)), "active = true");
    D3(surql_query_eq(F("deleted"), surql_query_none()), "deleted = NONE");
    D3(surql_query_eq(F("name"), surql_query_str("O'Brien")), "name = 'O\\'Brien'");
    D3(surql_query_eq(F("path"), surql_query_str("C:\\dir")), "path = 'C:\\\\dir'");
    D3(surql_query_eq(F("name"), surql_query_str("line1\nline2")), "name = 'line1\\nline2'");
    D3(surql_query_neq(F("status"), surql_query_str("deleted")), "status != 'deleted'");
    D3(surql_query_gt(F("age"), surql_query_int(18)), "age > 18");
    D3(surql_query_gte(F("score"), surql_query_int(100)), "score >= 100");
    D3(surql_query_lt(F("price"), surql_query_float(50.0)), "price < 50f");
    D3(surql_query_lte(F("quantity"), surql_query_int(10)), "quantity <= 10");
    D3(surql_query_binary(SURQL_QUERY_OP_EXACT, F("a"), surql_query_int(1)), "a == 1");
    D3(surql_query_eq(F("author"), surql_query_record("outlet:⟨alaskabeacon.com⟩")),
       "author = outlet:`alaskabeacon.com`");
    D3(surql_query_eq(F("t"), surql_query_time_now()), "t = time::now()");
    D3(surql_query_eq(F("t"), surql_query_raw_trusted("time::now() - 1d")), "t = (time::now() - 1d)");
    /* I#24: a field name is one escaped identifier, never pasted */
    D3(surql_query_eq(F("x; DELETE user; --"), surql_query_int(1)), "`x; DELETE user; --` = 1");
    ST_CHECK(F("a..b") == NULL);
    ST_EQ_INT(surql_error_last()->code, SURQL_EIDENT);
    D3(F("x; DELETE user; --"), "`x; DELETE user; --`");
}

ST_TEST(collection)
{
    surql_value *tags = tq_json("[\"python\",\"database\"]");
    D3(surql_query_contains(F("email"), surql_query_str("@example.com")),
       "email CONTAINS '@example.com'");
    D3(surql_query_contains_not(F("tags"), surql_query_str("spam")), "tags CONTAINSNOT 'spam'");
    D3(surql_query_contains_all(F("tags"), surql_query_value(tags)),
       "tags CONTAINSALL ['python', 'database']");
    D3(surql_query_contains_any(F("tags"), surql_query_value(tags)),
       "tags CONTAINSANY ['python', 'database']");
    D3(surql_query_binary(SURQL_QUERY_OP_CONTAINSNONE, F("tags"), surql_query_value(tags)),
       "tags CONTAINSNONE ['python', 'database']");
    D3(surql_query_inside(F("status"), surql_query_value(tags)), "status INSIDE ['python', 'database']");
    D3(surql_query_not_inside(F("status"), surql_query_value(tags)),
       "status NOTINSIDE ['python', 'database']");
    D3(surql_query_in(F("status"), surql_query_value(tags)), "status IN ['python', 'database']");
    D3(surql_query_not_in(F("role"), surql_query_value(tags)), "role NOT IN ['python', 'database']");
    surql_value *empty = surql_value_array();
    D3(surql_query_inside(F("id"), surql_query_value(empty)), "id INSIDE []");
    surql_value_unref(empty);
    D3(surql_query_is_null(F("deleted_at")), "deleted_at IS NULL");
    D3(surql_query_is_not_null(F("created_at")), "created_at IS NOT NULL");
    D3(surql_query_is_none(F("x")), "x IS NONE");
    D3(surql_query_is_not_none(F("x")), "x IS NOT NONE");
    D3(surql_query_matches(F("body"), surql_query_str("rust")), "body @@ 'rust'");
    D2(surql_query_like(F("name"), surql_query_str("ali")), "name ~ 'ali'");
    surql_buf b = SURQL_BUF_INIT;
    surql_query_expr *like = surql_query_like(F("name"), surql_query_str("ali"));
    ST_ERR(surql_query_expr_display(like, 3, &b), SURQL_QUERY_EDIALECT);
    surql_query_expr_unref(like);
    surql_buf_dispose(&b);
    surql_value_unref(tags);
}

ST_TEST(logical)
{
    /* I#39..I#42 */
    D3(surql_query_and(surql_query_gt(F("age"), surql_query_int(18)),
                       surql_query_eq(F("status"), surql_query_str("active"))),
       "(age > 18) AND (status = 'active')");
    D3(surql_query_or(surql_query_eq(F("type"), surql_query_str("admin")),
                      surql_query_eq(F("type"), surql_query_str("moderator"))),
       "(type = 'admin') OR (type = 'moderator')");
    D3(surql_query_not(surql_query_eq(F("status"), surql_query_str("deleted"))),
       "NOT (status = 'deleted')");
    D3(surql_query_and(surql_query_or(surql_query_eq(F("a"), surql_query_int(1)),
                                      surql_query_eq(F("b"), surql_query_int(2))),
                       surql_query_not(surql_query_is_null(F("c")))),
       "((a = 1) OR (b = 2)) AND (NOT (c IS NULL))");
    surql_query_expr *c[3] = { surql_query_gt(F("a"), surql_query_int(1)),
                               surql_query_lt(F("b"), surql_query_int(2)),
                               surql_query_eq(F("c"), surql_query_int(3)) };
    D3(surql_query_and_all(c, 3), "((a > 1) AND (b < 2)) AND (c = 3)");
    /* arithmetic keeps its structure */
    D3(surql_query_gt(surql_query_binary(SURQL_QUERY_OP_MUL,
                                         surql_query_binary(SURQL_QUERY_OP_ADD, F("a"), F("b")),
                                         surql_query_int(2)),
                      surql_query_int(10)),
       "((a + b) * 2) > 10");
    /* a failed operand propagates: nothing leaks, the first error is kept */
    ST_CHECK(surql_query_and(surql_query_gt(F("bad\001"), surql_query_int(1)),
                             surql_query_eq(F("b"), surql_query_int(2))) == NULL);
    ST_EQ_INT(surql_error_last()->code, SURQL_EIDENT);
}

ST_TEST(functions)
{
    /* J rows, with SurrealQL aggregates (never COUNT(*)) */
    D3(F("user.name"), "user.name");
    D3(surql_query_str("Alice"), "'Alice'");
    D3(surql_query_int(42), "42");
    D3(surql_query_none(), "NONE");
    D3(surql_query_fn1("string::lowercase", F("name")), "string::lowercase(name)");
    D3(surql_query_fn2("math::max", F("a"), F("b")), "math::max(a, b)");
    D3(surql_query_count(), "count()");
    D3(surql_query_count_of(F("email")), "count(email)");
    D3(surql_query_sum(F("amount")), "math::sum(amount)");
    D3(surql_query_avg(F("score")), "math::mean(score)");
    D3(surql_query_min(F("price")), "math::min(price)");
    D3(surql_query_max(F("price")), "math::max(price)");
    D3(surql_query_upper(F("name")), "string::uppercase(name)");
    D3(surql_query_lower(F("name")), "string::lowercase(name)");
    surql_query_expr *parts[3] = { F("first"), surql_query_str(" "), F("last") };
    D3(surql_query_concat(parts, 3), "string::concat(first, ' ', last)");
    D3(surql_query_array_len(F("tags")), "array::len(tags)");
    D3(surql_query_fn1("math::abs", F("delta")), "math::abs(delta)");
    D3(surql_query_round(F("price"), -1), "math::round(price)");
    D3(surql_query_round(F("price"), 2), "math::fixed(price, 2)");
    D3(surql_query_time_now(), "time::now()");
    D3(surql_query_rand_uuid(), "rand::uuid()");
    D3(surql_query_fn2("time::format", F("created_at"), surql_query_str("%Y-%m-%d")),
       "time::format(created_at, '%Y-%m-%d')");
    D3(surql_query_cast("int", F("age")), "<int>age");
    D3(surql_query_as(surql_query_count(), "total"), "count() AS total");
    surql_query_expr *items[2] = { surql_query_int(1), F("id") };
    D3(surql_query_array(items, 2), "[1, id]");
    D3(surql_query_vector_score(SURQL_QUERY_DIST_MANHATTAN, F("a"), F("b"), 0),
       "vector::distance::manhattan(a, b)");
    D3(surql_query_vector_score(SURQL_QUERY_DIST_MINKOWSKI, F("a"), F("b"), 3),
       "vector::distance::minkowski(a, b, 3f)");
    ST_CHECK(surql_query_fn0("x; DROP") == NULL);
    ST_CHECK(surql_query_cast("int>; DELETE x; <int", F("a")) == NULL);
    ST_EQ_INT(surql_error_last()->code, SURQL_QUERY_EARG);
}

ST_TEST(dialect_renames)
{
    D3(surql_query_fn1("type::is::number", F("age")), "type::is_number(age)");
    D2(surql_query_fn1("type::is::number", F("age")), "type::is::number(age)");
    D2(surql_query_fn1("type::is_number", F("age")), "type::is::number(age)");
    D3(surql_query_fn1("string::is::email", F("e")), "string::is_email(e)");
    D2(surql_query_fn1("string::is_email", F("e")), "string::is::email(e)");
    D3(surql_query_fn0("rand::guid"), "rand::id()");
    D2(surql_query_fn0("rand::id"), "rand::guid()");
    D3(surql_query_fn1("time::from::unix", F("t")), "time::from_unix(t)");
    D2(surql_query_fn1("duration::from_days", F("t")), "duration::from::days(t)");
    D3(surql_query_fn2("type::thing", surql_query_str("user"), surql_query_str("bob")),
       "type::record('user', 'bob')");
    D2(surql_query_fn2("type::record", surql_query_str("user"), surql_query_str("bob")),
       "type::thing('user', 'bob')");
    D2(surql_query_fn1("type::record", surql_query_str("user:bob")), "type::record('user:bob')");
}

ST_TEST(graph_paths)
{
    surql_query_expr *g = surql_query_graph_path(surql_query_graph(surql_query_record("user:alice")),
                                                 "->likes->post");
    D3(g, "user:alice->likes->post");
    D3(surql_query_graph_step(surql_query_graph_step(surql_query_graph(surql_query_record("user:a")),
                                                     SURQL_QUERY_BOTH, "knows"),
                              SURQL_QUERY_BOTH, NULL),
       "user:a<->knows<->?");
    D3(surql_query_graph_path(surql_query_graph_recurse(surql_query_graph(surql_query_record("user:a")),
                                                        3, 0, SURQL_QUERY_RECURSE_PLAIN, NULL),
                              "->follows->user"),
       "user:a.{3}(->follows->user)");
    D3(surql_query_graph_path(surql_query_graph_recurse(surql_query_graph(surql_query_record("user:a")),
                                                        1, 4, SURQL_QUERY_RECURSE_PATH, NULL),
                              "->follows->?"),
       "user:a.{1..4+path}(->follows->?)");
    D3(surql_query_graph_path(surql_query_graph(surql_query_param("start")), "<-follows"),
       "$start<-follows");
    ST_CHECK(surql_query_graph_path(surql_query_graph(surql_query_record("user:a")), "->a b") == NULL);
    ST_EQ_INT(surql_error_last()->code, SURQL_EIDENT);
    ST_CHECK(surql_query_graph_recurse(surql_query_graph(surql_query_record("user:a")), 0, 0,
                                       SURQL_QUERY_RECURSE_PLAIN, NULL) == NULL);
    ST_EQ_INT(surql_error_last()->code, SURQL_QUERY_EARG);
    surql_query_dir d;
    ST_OK(surql_query_dir_parse(&d, "both"));
    ST_EQ_INT(d, SURQL_QUERY_BOTH);
    ST_ERR(surql_query_dir_parse(&d, "sideways"), SURQL_QUERY_EARG);
    ST_EQ_STR(surql_error_last()->message,
              "Invalid direction: sideways. Must be \"out\", \"in\", or \"both\"");
}

ST_TEST(idents_and_records)
{
    surql_buf b = SURQL_BUF_INIT;
    ST_OK(surql_query_field_escape(&b, "address.zip code"));
    ST_EQ_STR(surql_buf_cstr(&b), "address.`zip code`");
    surql_buf_dispose(&b);
    ST_ERR(surql_query_field_check("a."), SURQL_EIDENT);
    ST_ERR(surql_query_field_check(""), SURQL_EIDENT);
    ST_OK(surql_query_ident_check("user", "table"));
    ST_ERR(surql_query_ident_check("a\xe2\x80\xae" "b", "table"), SURQL_EIDENT);
    surql_value *r = NULL;
    ST_OK(surql_query_record_of(&r, "user", "alice"));
    surql_buf_clear(&b);
    surql_value_to_surql(r, &b, 0);
    ST_EQ_STR(surql_buf_cstr(&b), "user:alice");
    r = surql_value_unref(r);
    ST_OK(surql_query_record_of(&r, "user", "user:bob"));
    r = surql_value_unref(r);
    ST_OK(surql_query_record_of(&r, "user", "123"));
    const surql_value *key = NULL;
    surql_value_record_key(r, &key);
    ST_EQ_INT(surql_value_type_of(key), SURQL_VALUE_INT);
    r = surql_value_unref(r);
    ST_ERR(surql_query_record_of(&r, "user", "post:1"), SURQL_EIDENT);
    ST_ERR(surql_query_record_of(&r, "user", "x; DELETE user"), SURQL_EIDENT);
    ST_ERR(surql_query_record_of(&r, "user", "1..5"), SURQL_EIDENT);
    ST_ERR(surql_query_record_parse(&r, "nocolon", 0), SURQL_EIDENT);
    ST_ERR(surql_query_record_parse(&r, "u:⟨x⟩; DELETE u; ⟨⟩", 0), SURQL_EIDENT);
    ST_OK(surql_query_record_parse(&r, "u:`x⟩; DELETE u; ⟨`", 0));
    surql_buf_clear(&b);
    surql_value_to_surql(r, &b, 0);
    ST_EQ_STR(surql_buf_cstr(&b), "u:`x⟩; DELETE u; ⟨`");
    r = surql_value_unref(r);
    surql_buf_dispose(&b);
    ST_EQ_STR(surql_query_status_name(SURQL_QUERY_EHINT), "SURQL_QUERY_EHINT");
    ST_EQ_STR(surql_query_status_name(SURQL_EINVAL), "SURQL_EINVAL");
}

ST_MAIN(ST_CASE(comparison), ST_CASE(collection), ST_CASE(logical), ST_CASE(functions),
        ST_CASE(dialect_renames), ST_CASE(graph_paths), ST_CASE(idents_and_records))
