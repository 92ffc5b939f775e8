/* Hints: native clauses where SurrealQL has them, comments for the rest (surql-py H#67..H#82). */
#include "test-query.h"

#define FROM(t) surql_query_from(surql_query_select(), (t))

ST_TEST(native_clauses)
{
    TQ(surql_query_use_index(FROM("user"), "email_idx"), "SELECT * FROM user WITH INDEX email_idx",
       "{}", NULL);
    TQ(surql_query_no_index(FROM("user")), "SELECT * FROM user WITH NOINDEX", "{}", NULL);
    TQ(surql_query_timeout(FROM("user"), 30.0), "SELECT * FROM user TIMEOUT 30s", "{}", NULL);
    TQ(surql_query_timeout(FROM("user"), 1.5), "SELECT * FROM user TIMEOUT 1s500ms", "{}", NULL);
    /* PARALLEL is a clause on 2.x only: SurrealDB 3.x rejects it (parse error, found by
     * test-engine.c), so there it is a comment */
    TQ(surql_query_dialect(surql_query_parallel(FROM("user"), 1, 0), SURQL_DIALECT_V2),
       "SELECT * FROM user PARALLEL", "{}", NULL);
    TQ(surql_query_parallel(FROM("user"), 1, 0), "/* PARALLEL ON */\nSELECT * FROM user", "{}", NULL);
    TQ(surql_query_explain(FROM("user"), 0), "SELECT * FROM user EXPLAIN", "{}", NULL);
    TQ(surql_query_explain(FROM("user"), 1), "SELECT * FROM user EXPLAIN FULL", "{}", NULL);
    /* H#78: later hints of a kind win */
    TQ(surql_query_explain(surql_query_parallel(
                               surql_query_use_index(surql_query_timeout(surql_query_timeout(
                                                                             FROM("user"), 10),
                                                                         30),
                                                     "i"),
                               1, 2),
                           0),
       "/* PARALLEL 2 */\nSELECT * FROM user WITH INDEX i TIMEOUT 30s EXPLAIN", "{}", NULL);
    /* hints apply to writes where SurrealQL allows them */
    TQ(surql_query_dialect(surql_query_parallel(surql_query_timeout(surql_query_delete("user"), 5), 1, 0),
                           SURQL_DIALECT_V2),
       "DELETE user TIMEOUT 5s PARALLEL", "{}", NULL);
    TQ(surql_query_parallel(surql_query_timeout(surql_query_delete("user"), 5), 1, 0),
       "/* PARALLEL ON */\nDELETE user TIMEOUT 5s", "{}", NULL);
    TQ_FAIL(surql_query_explain(surql_query_delete("user"), 0), SURQL_QUERY_EHINT, "SELECT");
}

ST_TEST(comments)
{
    TQ(surql_query_dialect(surql_query_parallel(FROM("user"), 1, 4), SURQL_DIALECT_V2),
       "/* PARALLEL 4 */\nSELECT * FROM user PARALLEL", "{}", NULL);
    TQ(surql_query_parallel(FROM("user"), 1, 4), "/* PARALLEL 4 */\nSELECT * FROM user", "{}", NULL);
    TQ(surql_query_parallel(FROM("user"), 0, 0), "/* PARALLEL OFF */\nSELECT * FROM user", "{}",
       NULL);
    TQ(surql_query_fetch_hint(FROM("user"), SURQL_QUERY_FETCH_EAGER, 0),
       "/* FETCH EAGER */\nSELECT * FROM user", "{}", NULL);
    TQ(surql_query_fetch_hint(FROM("user"), SURQL_QUERY_FETCH_BATCH, 100),
       "/* FETCH BATCH 100 */\nSELECT * FROM user", "{}", NULL);
    TQ_FAIL(surql_query_fetch_hint(FROM("user"), SURQL_QUERY_FETCH_BATCH, 0), SURQL_QUERY_EARG,
            "batch_size required when strategy is batch");
    TQ_FAIL(surql_query_timeout(FROM("user"), -1), SURQL_QUERY_EARG, "Timeout");
}

ST_TEST(hint_objects)
{
    surql_query_hint *idx = surql_query_hint_index("user", "a", 0);
    surql_query_hint *to = surql_query_hint_timeout(1.5);
    surql_query_hint *fe = surql_query_hint_fetch(SURQL_QUERY_FETCH_LAZY, 0);
    surql_query_hint *to2 = surql_query_hint_timeout(3);
    ST_CHECK(idx && to && fe && to2);
    const surql_query_hint *all[] = { idx, to, fe, to2 };
    surql_buf b = SURQL_BUF_INIT;
    ST_OK(surql_query_hints_render(&b, all, 4));
    ST_EQ_STR(surql_buf_cstr(&b), "WITH INDEX a TIMEOUT 3s /* FETCH LAZY */");
    /* H#82 */
    surql_query_hint *post = surql_query_hint_index("post", "a", 1);
    ST_ERR(surql_query_hint_validate(post, "user"), SURQL_QUERY_EHINT);
    ST_EQ_STR(surql_error_last()->message,
              "Index hint table \"post\" does not match query table \"user\"");
    ST_OK(surql_query_hint_validate(idx, "user"));
    TQ_FAIL(surql_query_with_hint(FROM("user"), post), SURQL_QUERY_EHINT,
            "Index hint table \"post\" does not match query table \"user\"");
    TQ(surql_query_with_hint(surql_query_with_hint(FROM("user"), idx), to),
       "SELECT * FROM user WITH INDEX a TIMEOUT 1s500ms", "{}", NULL);
    /* H#80: an index hint needs a table */
    TQ_FAIL(surql_query_use_index(surql_query_from_expr(surql_query_select(), surql_query_param("x")),
                                  "i"),
            SURQL_QUERY_EHINT, "Table name required for index hint");
    surql_buf_dispose(&b);
    surql_query_hint_free(idx);
    surql_query_hint_free(to);
    surql_query_hint_free(fe);
    surql_query_hint_free(to2);
    surql_query_hint_free(post);
    surql_query_hint_free(NULL);
}

ST_MAIN(ST_CASE(native_clauses), ST_CASE(comments), ST_CASE(hint_objects))
