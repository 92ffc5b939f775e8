/* CRUD, graph and batch statement builders (surql-py M, N, N2, O rows). */
#include "test-query.h"

#define F(p) surql_query_field(p)
#define V3 SURQL_DIALECT_V3

ST_TEST(crud)
{
    surql_value *alice = tq_json("{\"name\":\"Alice\"}");
    TQ_H(surql_query_crud_create(&s, V3, "user", alice, SURQL_QUERY_RETURN_DEFAULT),
         "CREATE user CONTENT $p1", "{\"p1\":{\"name\":\"Alice\"}}", "CREATE user CONTENT { name: 'Alice' }");
    TQ_H(surql_query_crud_create(&s, V3, "user", alice, SURQL_QUERY_RETURN_AFTER), NULL, NULL,
         "CREATE user CONTENT { name: 'Alice' } RETURN AFTER");
    surql_value *two = tq_json("[{\"name\":\"A\"},{\"name\":\"B\"}]");
    TQ_H(surql_query_crud_create_many(&s, V3, "user", two),
         "CREATE user CONTENT $p1;\nCREATE user CONTENT $p2;", NULL, NULL);
    TQ_H(surql_query_crud_get(&s, V3, "user", "alice"), "SELECT * FROM $p1",
         "{\"p1\":{\"$record\":{\"tb\":\"user\",\"id\":\"alice\"}}}", "SELECT * FROM user:alice");
    TQ_H(surql_query_crud_get(&s, V3, "user", "⟨a-b⟩"), NULL, NULL, "SELECT * FROM user:`a-b`");
    TQ_HFAIL(surql_query_crud_get(&s, V3, "user", "alice; DELETE user"), SURQL_EIDENT, NULL);
    surql_query_expr *c[2] = { surql_query_raw_trusted("age > 18"),
                               surql_query_eq(F("status"), surql_query_str("active")) };
    TQ_H(surql_query_crud_query(&s, V3, "user", c, 2, "created_at", 1, 10, 5),
         "SELECT * FROM user WHERE (age > 18) AND (status = $p1) ORDER BY created_at DESC LIMIT 10 START 5",
         NULL, NULL);
    TQ_H(surql_query_crud_first(&s, V3, "user", surql_query_raw_trusted("age > 18"), "created_at", 1),
         "SELECT * FROM user WHERE (age > 18) ORDER BY created_at DESC LIMIT 1", "{}", NULL);
    TQ_H(surql_query_crud_first(&s, V3, "user", NULL, NULL, 0), "SELECT * FROM user LIMIT 1", "{}", NULL);
    TQ_H(surql_query_crud_last(&s, V3, "user", surql_query_raw_trusted("age > 18"), "created_at", 0),
         "SELECT * FROM user WHERE (age > 18) ORDER BY created_at DESC LIMIT 1", "{}", NULL);
    TQ_H(surql_query_crud_last(&s, V3, "user", NULL, NULL, 0),
         "SELECT * FROM user ORDER BY id DESC LIMIT 1", "{}", NULL);
    TQ_H(surql_query_crud_update(&s, V3, "user", "alice", alice, SURQL_QUERY_RETURN_DEFAULT),
         "UPDATE $p1 CONTENT $p2", NULL, "UPDATE user:alice CONTENT { name: 'Alice' }");
    TQ_H(surql_query_crud_merge(&s, V3, "user", "alice", alice, SURQL_QUERY_RETURN_DIFF),
         "UPDATE $p1 MERGE $p2 RETURN DIFF", NULL, NULL);
    TQ_H(surql_query_crud_upsert(&s, V3, "user", "alice", alice, SURQL_QUERY_RETURN_DEFAULT),
         "UPSERT $p1 CONTENT $p2", NULL, "UPSERT user:alice CONTENT { name: 'Alice' }");
    TQ_H(surql_query_crud_delete(&s, V3, "user", "alice", SURQL_QUERY_RETURN_DEFAULT), "DELETE $p1",
         NULL, "DELETE user:alice");
    TQ_H(surql_query_crud_delete_where(&s, V3, "user", NULL), "DELETE user", "{}", NULL);
    TQ_H(surql_query_crud_delete_where(&s, V3, "user",
                                       surql_query_eq(F("status"), surql_query_str("inactive"))),
         "DELETE user WHERE (status = $p1)", NULL, "DELETE user WHERE (status = 'inactive')");
    TQ_H(surql_query_crud_exists(&s, V3, "user", "alice"), "SELECT id FROM $p1", NULL, NULL);
    TQ_H(surql_query_crud_count(&s, V3, "user", NULL), "SELECT count() FROM user GROUP ALL", "{}", NULL);
    TQ_H(surql_query_crud_count(&s, V3, "user", surql_query_raw_trusted("status = \"active\"")),
         "SELECT count() FROM user WHERE (status = \"active\") GROUP ALL", "{}", NULL);
    /* L#1..L#7 */
    const char *al[] = { "total", "revenue", "avg_ticket" };
    surql_query_expr *ex[] = { surql_query_count(), surql_query_sum(F("amount")), surql_query_avg(F("amount")) };
    TQ_H(surql_query_crud_aggregate(&s, V3, "order", al, ex, 3, NULL, 0, 1,
                                    surql_query_eq(F("status"), surql_query_str("paid"))),
         "SELECT count() AS total, math::sum(amount) AS revenue, math::mean(amount) AS avg_ticket "
         "FROM order WHERE (status = $p1) GROUP ALL",
         NULL, NULL);
    const char *al2[] = { "count", "total_strength" };
    surql_query_expr *ex2[] = { surql_query_count(), surql_query_sum(F("strength")) };
    const char *g[] = { "network" };
    TQ_H(surql_query_crud_aggregate(&s, V3, "memory_entry", al2, ex2, 2, g, 1, 0, NULL),
         "SELECT network, count() AS count, math::sum(strength) AS total_strength FROM memory_entry GROUP BY network",
         "{}", NULL);
    TQ_HFAIL(surql_query_crud_aggregate(&s, V3, "t", NULL, NULL, 0, NULL, 0, 1, NULL), SURQL_QUERY_EARG,
             "aggregate_records requires a non-empty select mapping");
    surql_query_expr *ex3[] = { surql_query_count() };
    const char *al3[] = { "c" };
    TQ_HFAIL(surql_query_crud_aggregate(&s, V3, "t", al3, ex3, 1, NULL, 0, 0, NULL), SURQL_QUERY_EARG,
             "requires either group_all=True or group_by");
    surql_value_unref(alice);
    surql_value_unref(two);
}

ST_TEST(graph)
{
    surql_query_expr *c[2] = { surql_query_eq(F("tenant_id"), surql_query_str("acme")),
                               surql_query_raw_trusted("active = true") };
    TQ_H(surql_query_graph_traverse(&s, V3, "user:alice", "<-follows<-user", c, 2),
         "SELECT * FROM $p1<-follows<-user WHERE (tenant_id = $p2) AND (active = true)", NULL,
         "SELECT * FROM user:alice<-follows<-user WHERE (tenant_id = 'acme') AND (active = true)");
    TQ_H(surql_query_graph_traverse_depth(&s, V3, "user:alice", "likes", "post", SURQL_QUERY_OUT, 1),
         "SELECT * FROM $p1->likes->post", NULL, NULL);
    TQ_H(surql_query_graph_traverse_depth(&s, V3, "user:alice", "follows", "user", SURQL_QUERY_BOTH, 3),
         "SELECT * FROM $p1.{3}(<->follows<->user)", NULL,
         "SELECT * FROM user:alice.{3}(<->follows<->user)");
    TQ_H(surql_query_graph_related(&s, V3, "post:123", "likes", "user", SURQL_QUERY_IN, NULL, 0),
         "SELECT * FROM $p1<-likes<-user", NULL, "SELECT * FROM post:123<-likes<-user");
    TQ_HFAIL(surql_query_graph_related(&s, V3, "post:123", "likes", "user", SURQL_QUERY_BOTH, NULL, 0),
             SURQL_QUERY_EARG, "Invalid direction: both. Must be \"out\" or \"in\"");
    TQ_H(surql_query_graph_count_related(&s, V3, "user:alice", "likes", SURQL_QUERY_OUT),
         "SELECT count() FROM $p1->likes GROUP ALL", NULL, NULL);
    TQ_H(surql_query_graph_neighbors(&s, V3, "user:alice", "follows", 2, SURQL_QUERY_BOTH),
         "SELECT * FROM $p1.{1..2+collect}(<->follows<->?) WHERE (id != $p2)", NULL,
         "SELECT * FROM user:alice.{1..2+collect}(<->follows<->?) WHERE (id != user:alice)");
    TQ_H(surql_query_graph_neighbors(&s, V3, "user:alice", "knows", 1, SURQL_QUERY_OUT),
         "SELECT * FROM $p1->knows->? WHERE (id != $p2)", NULL, NULL);
    TQ_H(surql_query_graph_degree(&s, V3, "user:alice", "follows", SURQL_QUERY_BOTH),
         "SELECT count() FROM $p1->follows GROUP ALL;\nSELECT count() FROM $p2<-follows GROUP ALL;",
         NULL, NULL);
    TQ_H(surql_query_graph_mutual(&s, V3, "user:alice", "user:bob", "follows"),
         "SELECT * FROM $p1->follows->? WHERE (id INSIDE $p2->follows->?)", NULL,
         "SELECT * FROM user:alice->follows->? WHERE (id INSIDE user:bob->follows->?)");
    TQ_H(surql_query_graph_shortest_path(&s, V3, "user:alice", "user:charlie", "follows", 3),
         "RETURN $p1.{..3+shortest=$p2}(->follows->?)", NULL,
         "RETURN user:alice.{..3+shortest=user:charlie}(->follows->?)");
    TQ_H(surql_query_graph_relate(&s, V3, "likes", "user:alice", "post:123", NULL),
         "RELATE $p1->likes->$p2", NULL, "RELATE user:alice->likes->post:123");
    TQ_H(surql_query_graph_unrelate(&s, V3, "likes", "user:alice", "post:123"),
         "DELETE $p1->likes WHERE (out = $p2)", NULL,
         "DELETE user:alice->likes WHERE (out = post:123)");
    TQ_H(surql_query_graph_outgoing(&s, V3, "user:alice", "likes", NULL, 0), "SELECT * FROM $p1->likes",
         NULL, NULL);
    TQ_H(surql_query_graph_incoming(&s, V3, "user:alice", "follows", NULL, 0),
         "SELECT * FROM $p1<-follows", NULL, NULL);
    /* O#13: a bare key is not a record id */
    TQ_HFAIL(surql_query_graph_outgoing(&s, V3, "alice", "likes", NULL, 0), SURQL_EIDENT, NULL);
}

ST_TEST(batch)
{
    surql_value *rows = tq_json("[{\"id\":\"user:alice\",\"name\":\"Alice\"},{\"name\":\"Bob\"}]");
    TQ_H(surql_query_batch_upsert(&s, V3, "user", rows, NULL, 0),
         "UPSERT $p1 CONTENT $p2;\nUPSERT user CONTENT $p3;", NULL,
         "UPSERT user:alice CONTENT { name: 'Alice' };\nUPSERT user CONTENT { name: 'Bob' };");
    const char *cf[] = { "email" };
    surql_value *er = tq_json("[{\"name\":\"Alice\",\"email\":\"a@x\"}]");
    TQ_H(surql_query_batch_upsert(&s, V3, "user", er, cf, 1),
         "UPSERT user CONTENT $p1 WHERE (email = $p2);", NULL,
         "UPSERT user CONTENT { name: 'Alice', email: 'a@x' } WHERE (email = 'a@x');");
    surql_value *bad = tq_json("[{\"id\":\"user:x; DELETE user\",\"n\":1}]");
    TQ_HFAIL(surql_query_batch_upsert(&s, V3, "user", bad, NULL, 0), SURQL_EIDENT, NULL);
    surql_value *empty = surql_value_array();
    TQ_HFAIL(surql_query_batch_upsert(&s, V3, "user", empty, NULL, 0), SURQL_QUERY_EARG, "empty");
    surql_value *ins = tq_json("[{\"name\":\"Alice\",\"age\":30},{\"name\":\"O'B\"}]");
    TQ_H(surql_query_batch_insert(&s, V3, "user", ins), "INSERT INTO user $p1", NULL,
         "INSERT INTO user [{ name: 'Alice', age: 30 }, { name: 'O\\'B' }]");
    surql_value *pairs = tq_json("[[\"person:alice\",\"person:bob\",{\"since\":\"2024-01-01\"}],"
                                 "[\"person:bob\",\"person:carol\"]]");
    TQ_H(surql_query_batch_relate(&s, V3, "person", "knows", "person", pairs, NULL),
         "RELATE $p1->knows->$p2 CONTENT $p3;\nRELATE $p4->knows->$p5;", NULL,
         "RELATE person:alice->knows->person:bob CONTENT { since: '2024-01-01' };\n"
         "RELATE person:bob->knows->person:carol;");
    surql_value *badp = tq_json("[[\"person:alice; DELETE person\",\"person:bob\"]]");
    TQ_HFAIL(surql_query_batch_relate(&s, V3, "person", "knows", "person", badp, NULL), SURQL_EIDENT, NULL);
    surql_value *ids = tq_json("[\"1\",\"user:2\",\"alice\"]");
    TQ_H(surql_query_batch_delete(&s, V3, "user", ids),
         "DELETE $p1 RETURN BEFORE;\nDELETE $p2 RETURN BEFORE;\nDELETE $p3 RETURN BEFORE;", NULL,
         "DELETE user:1 RETURN BEFORE;\nDELETE user:2 RETURN BEFORE;\nDELETE user:alice RETURN BEFORE;");
    surql_value *badids = tq_json("[\"user:x; DELETE user\"]");
    TQ_HFAIL(surql_query_batch_delete(&s, V3, "user", badids), SURQL_EIDENT, NULL);
    surql_value *vals[] = { rows, er, bad, empty, ins, pairs, badp, ids, badids };
    for (size_t i = 0; i < sizeof vals / sizeof *vals; i++)
        surql_value_unref(vals[i]);
}

ST_TEST(dialect_v2)
{
    /* 2.x: the display renderer uses 2.x literal spellings */
    TQ_H(surql_query_crud_get(&s, SURQL_DIALECT_V2, "user", "⟨a b⟩"), "SELECT * FROM $p1", NULL,
         "SELECT * FROM user:`a b`");
    surql_query_stmt *s2 = NULL;
    ST_ERR(surql_query_crud_get(&s2, 4, "user", "a"), SURQL_EINVAL);
    ST_CHECK(s2 == NULL);
}

ST_MAIN(ST_CASE(crud), ST_CASE(graph), ST_CASE(batch), ST_CASE(dialect_v2))
