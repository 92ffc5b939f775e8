/* Every example of docs/query.md, compiled and its output asserted.
 * Keep the two in sync: each ST_TEST names the section of the tour. */
#include "test-query.h"

/* docs/query.md "1. A first select" */
ST_TEST(tour_first_select)
{
    surql_query_builder *q = surql_query_from(surql_query_select(), "user");
    q = surql_query_where(q, surql_query_gte(surql_query_field("age"), surql_query_int(18)));
    q = surql_query_order_by(q, "name", 0);
    q = surql_query_limit(q, 10);

    surql_query_stmt *st = NULL;
    ST_OK(surql_query_build(&st, q));
    ST_EQ_STR(surql_query_stmt_text(st), "SELECT * FROM user WHERE (age >= $p1) ORDER BY name ASC LIMIT 10");
    surql_buf vars = SURQL_BUF_INIT, shown = SURQL_BUF_INIT;
    surql_value_to_json(surql_query_stmt_vars(st), &vars, 0);
    ST_EQ_STR(surql_buf_cstr(&vars), "{\"p1\":18}");
    surql_query_stmt_display(st, &shown);
    ST_EQ_STR(surql_buf_cstr(&shown), "SELECT * FROM user WHERE (age >= 18) ORDER BY name ASC LIMIT 10");
    surql_buf_dispose(&vars);
    surql_buf_dispose(&shown);
    surql_query_stmt_unref(st);
    surql_query_unref(q);
}

/* "2. Conditions" */
ST_TEST(tour_conditions)
{
    surql_query_expr *c = surql_query_and(
        surql_query_gt(surql_query_field("age"), surql_query_int(18)),
        surql_query_or(surql_query_eq(surql_query_field("role"), surql_query_str("admin")),
                       surql_query_contains(surql_query_field("tags"), surql_query_str("staff"))));
    TQ(surql_query_where(surql_query_from(surql_query_select(), "user"), c),
       "SELECT * FROM user WHERE ((age > $p1) AND ((role = $p2) OR (tags CONTAINS $p3)))", NULL,
       "SELECT * FROM user WHERE ((age > 18) AND ((role = 'admin') OR (tags CONTAINS 'staff')))");
}

/* "3. Deriving queries" */
ST_TEST(tour_derive)
{
    surql_query_builder *base = surql_query_from(surql_query_select(), "post");
    surql_query_builder *recent = surql_query_limit(surql_query_order_by(surql_query_ref(base), "created_at", 1), 5);
    TQ(surql_query_ref(base), "SELECT * FROM post", NULL, NULL);
    TQ(recent, "SELECT * FROM post ORDER BY created_at DESC LIMIT 5", NULL, NULL);
    surql_query_unref(base);
}

/* "4. Errors" */
ST_TEST(tour_errors)
{
    surql_query_builder *q = surql_query_limit(surql_query_from(surql_query_select(), "user"), -1);
    q = surql_query_order_by(q, "name", 0); /* q is NULL: passes the failure on */
    surql_query_stmt *st = NULL;
    int rc = surql_query_build(&st, q);
    ST_EQ_INT(rc, SURQL_QUERY_EARG);
    ST_EQ_STR(surql_error_last()->message, "Limit must be non-negative, got -1");
}

/* "5. Records and writes" */
ST_TEST(tour_writes)
{
    surql_value *data = tq_json("{\"name\":\"Alice\",\"tags\":[\"a\"]}");
    TQ(surql_query_content(surql_query_create("user:alice"), data), "CREATE $p1 CONTENT $p2", NULL,
       "CREATE user:alice CONTENT { name: 'Alice', tags: ['a'] }");
    TQ(surql_query_returning(surql_query_set(surql_query_update("user:alice"), "visits",
                                             surql_query_binary(SURQL_QUERY_OP_ADD, surql_query_field("visits"), surql_query_int(1))),
                             SURQL_QUERY_RETURN_AFTER),
       "UPDATE $p1 SET visits = visits + $p2 RETURN AFTER", NULL,
       "UPDATE user:alice SET visits = visits + 1 RETURN AFTER");
    TQ_FAIL(surql_query_update("user:x; DELETE user"), SURQL_EIDENT, NULL);
    surql_value_unref(data);
}

/* "6. Hints" */
ST_TEST(tour_hints)
{
    surql_query_builder *q = surql_query_from(surql_query_select(), "user");
    q = surql_query_use_index(q, "email_idx");
    q = surql_query_timeout(q, 5);
    q = surql_query_fetch_hint(q, SURQL_QUERY_FETCH_BATCH, 100);
    TQ(q, "/* FETCH BATCH 100 */\nSELECT * FROM user WITH INDEX email_idx TIMEOUT 5s", NULL, NULL);
}

/* "7. Helpers and reading results" */
ST_TEST(tour_helpers)
{
    surql_query_stmt *st = NULL;
    ST_OK(surql_query_crud_count(&st, SURQL_DIALECT_V3, "user", NULL));
    ST_EQ_STR(surql_query_stmt_text(st), "SELECT count() FROM user GROUP ALL");
    surql_value *resp = tq_json("[{\"status\":\"OK\",\"time\":\"1ms\",\"type\":null,\"result\":[{\"count\":3}]}]");
    surql_value *n = NULL;
    ST_OK(surql_query_stmt_read(&n, st, resp));
    int64_t count = 0;
    ST_OK(surql_value_get_int(n, &count));
    ST_EQ_INT(count, 3);
    surql_value_unref(n);
    surql_value_unref(resp);
    surql_query_stmt_unref(st);
}

/* "8. Graph traversal" */
ST_TEST(tour_graph)
{
    TQ(surql_query_traverse(surql_query_from(surql_query_select(), "user:alice"), "->follows->user"),
       "SELECT * FROM $p1->follows->user", NULL, "SELECT * FROM user:alice->follows->user");
    TQ_H(surql_query_graph_traverse_depth(&s, SURQL_DIALECT_V3, "user:alice", "follows", "user",
                                          SURQL_QUERY_OUT, 2),
         "SELECT * FROM $p1.{2}(->follows->user)", NULL, "SELECT * FROM user:alice.{2}(->follows->user)");
    TQ_H(surql_query_graph_shortest_path(&s, SURQL_DIALECT_V3, "user:alice", "user:dave", "follows", 5),
         NULL, NULL, "RETURN user:alice.{..5+shortest=user:dave}(->follows->?)");
    TQ_H(surql_query_graph_relate(&s, SURQL_DIALECT_V3, "follows", "user:alice", "user:bob", NULL),
         "RELATE $p1->follows->$p2", NULL, "RELATE user:alice->follows->user:bob");
}

/* "9. Vector search" */
ST_TEST(tour_vector)
{
    double emb[] = { 0.1, 0.2, 0.3 };
    surql_query_builder *q = surql_query_from(surql_query_select(), "documents");
    q = surql_query_field_add(q, "title");
    q = surql_query_similarity_score(q, "embedding", emb, 3, SURQL_QUERY_DIST_COSINE, "score");
    q = surql_query_vector_search(q, "embedding", emb, 3, 5, SURQL_QUERY_DIST_COSINE, 0);
    TQ(q,
       "SELECT title, vector::similarity::cosine(embedding, $p1) AS score FROM documents WHERE "
       "embedding <|5,COSINE|> $p2",
       NULL,
       "SELECT title, vector::similarity::cosine(embedding, [0.1f, 0.2f, 0.3f]) AS score FROM "
       "documents WHERE embedding <|5,COSINE|> [0.1f, 0.2f, 0.3f]");
}

ST_MAIN(ST_CASE(tour_first_select), ST_CASE(tour_conditions), ST_CASE(tour_derive),
        ST_CASE(tour_errors), ST_CASE(tour_writes), ST_CASE(tour_hints), ST_CASE(tour_helpers),
        ST_CASE(tour_graph), ST_CASE(tour_vector))
