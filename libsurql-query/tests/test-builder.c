/* The immutable builder: exact text, variables and display text (surql-py H rows). */
#include "test-query.h"

#define SEL() surql_query_select()
#define FROM(t) surql_query_from(SEL(), (t))
#define F(p) surql_query_field(p)

ST_TEST(select)
{
    /* H#1, H#2, H#34 */
    TQ(FROM("user"), "SELECT * FROM user", "{}", "SELECT * FROM user");
    const char *f[] = { "name", "email" };
    TQ(surql_query_fields(FROM("user"), f, 2), "SELECT name, email FROM user", "{}", NULL);
    TQ(surql_query_select_value(FROM("user"), F("id")), "SELECT VALUE id FROM user", "{}", NULL);
    TQ(surql_query_omit(FROM("user"), "password"), "SELECT * OMIT password FROM user", "{}", NULL);
    TQ(surql_query_field_add(FROM("user"), "address.city"), "SELECT address.city FROM user",
       "{}", NULL);
    /* names that are not plain are escaped, reserved words too */
    TQ(surql_query_field_add(surql_query_from_table(SEL(), "my table"), "select"),
       "SELECT `select` FROM `my table`", "{}", NULL);
    TQ(surql_query_only(FROM("user:alice")), "SELECT * FROM ONLY $p1", NULL,
       "SELECT * FROM ONLY user:alice");
    /* H#35/36 */
    TQ_FAIL(SEL(), SURQL_QUERY_EMISUSE, "Table name required for SELECT query");
    /* H#31/32: names with '-' are quoted (valid), injection text is refused */
    TQ(FROM("user-x"), "SELECT * FROM `user-x`", "{}", NULL);
    /* any valid name is confined to one escaped identifier token */
    TQ(FROM("user; DELETE user"), "SELECT * FROM `user; DELETE user`", "{}", NULL);
    TQ_FAIL(FROM("user\x01"), SURQL_EIDENT, NULL);
}

ST_TEST(from_records)
{
    /* H#17, H#33: ids are parsed whole and bound */
    TQ(FROM("user:alice"), "SELECT * FROM $p1", "{\"p1\":{\"$record\":{\"tb\":\"user\",\"id\":\"alice\"}}}",
       "SELECT * FROM user:alice");
    TQ_FAIL(FROM("user:x; DELETE user"), SURQL_EIDENT, "user:x; DELETE user");
    TQ(FROM("outlet:⟨alaskabeacon.com⟩"), "SELECT * FROM $p1", NULL,
       "SELECT * FROM outlet:`alaskabeacon.com`");
    TQ(FROM("post:123"), "SELECT * FROM $p1", "{\"p1\":{\"$record\":{\"tb\":\"post\",\"id\":123}}}",
       "SELECT * FROM post:123");
    surql_value *lo = surql_value_int(1), *hi = surql_value_int(100);
    TQ(surql_query_from_range(SEL(), "user", lo, 1, hi, 1), "SELECT * FROM $p1", NULL,
       "SELECT * FROM user:1..=100");
    surql_value_unref(lo);
    surql_value_unref(hi);
    TQ(surql_query_from(FROM("user"), "post"), "SELECT * FROM user, post", "{}", NULL);
}

ST_TEST(where)
{
    /* H#3, H#4 */
    TQ(surql_query_where_raw_trusted(surql_query_field_add(FROM("user"), "name"), "age > 18"),
       "SELECT name FROM user WHERE (age > 18)", "{}", NULL);
    TQ(surql_query_where(surql_query_where_raw_trusted(FROM("user"), "age > 18"),
                         surql_query_eq(F("status"), surql_query_str("active"))),
       "SELECT * FROM user WHERE (age > 18) AND (status = $p1)", "{\"p1\":\"active\"}",
       "SELECT * FROM user WHERE (age > 18) AND (status = 'active')");
    TQ(surql_query_where(FROM("user"),
                         surql_query_or(surql_query_eq(F("a"), surql_query_int(1)),
                                        surql_query_eq(F("b"), surql_query_int(2)))),
       "SELECT * FROM user WHERE ((a = $p1) OR (b = $p2))", "{\"p1\":1,\"p2\":2}",
       "SELECT * FROM user WHERE ((a = 1) OR (b = 2))");
}

ST_TEST(order_limit_start)
{
    /* H#5..H#11 */
    TQ(surql_query_order_by(FROM("user"), "name", 0), "SELECT * FROM user ORDER BY name ASC",
       "{}", NULL);
    TQ(surql_query_order_by(surql_query_order_by_dir(FROM("user"), "created_at", "desc"), "name", 0),
       "SELECT * FROM user ORDER BY created_at DESC, name ASC", "{}", NULL);
    TQ_FAIL(surql_query_order_by_dir(FROM("user"), "name", "sideways"), SURQL_QUERY_EARG,
            "Invalid direction: 'sideways'. Must be ASC or DESC");
    TQ(surql_query_start(surql_query_limit(FROM("user"), 10), 20),
       "SELECT * FROM user LIMIT 10 START 20", "{}", NULL);
    TQ(surql_query_start(FROM("user"), 20), "SELECT * FROM user START 20", "{}", NULL);
    TQ_FAIL(surql_query_limit(FROM("user"), -1), SURQL_QUERY_EARG,
            "Limit must be non-negative, got -1");
    TQ_FAIL(surql_query_start(FROM("user"), -5), SURQL_QUERY_EARG,
            "Offset must be non-negative, got -5");
    TQ(surql_query_limit(FROM("user"), 0), "SELECT * FROM user LIMIT 0", "{}", NULL);
    TQ(surql_query_order_random(FROM("user")), "SELECT * FROM user ORDER BY rand()", "{}", NULL);
}

ST_TEST(group_split_fetch)
{
    /* H#12..H#16 */
    TQ(surql_query_group_by(surql_query_project(surql_query_field_add(FROM("user"), "status"),
                                                surql_query_count()),
                            "status"),
       "SELECT status, count() FROM user GROUP BY status", "{}", NULL);
    TQ(surql_query_group_by(surql_query_group_by(FROM("user"), "status"), "role"),
       "SELECT * FROM user GROUP BY status, role", "{}", NULL);
    TQ(surql_query_group_all(surql_query_group_by(surql_query_project(FROM("user"),
                                                                      surql_query_count()),
                                                  "x")),
       "SELECT count() FROM user GROUP ALL", "{}", NULL);
    TQ(surql_query_limit(surql_query_order_by(
                             surql_query_group_all(surql_query_where_raw_trusted(
                                 surql_query_project(FROM("user"), surql_query_count()),
                                 "active = true")),
                             "x", 0),
                         5),
       "SELECT count() FROM user WHERE (active = true) GROUP ALL ORDER BY x ASC LIMIT 5", "{}",
       NULL);
    TQ(surql_query_split(FROM("user"), "emails"), "SELECT * FROM user SPLIT emails", "{}", NULL);
    TQ(surql_query_fetch(surql_query_fetch(FROM("post"), "author"), "tags"),
       "SELECT * FROM post FETCH author, tags", "{}", NULL);
    /* GROUP + SPLIT: an error on 3.x, accepted on 2.x */
    TQ_FAIL(surql_query_split(surql_query_group_all(FROM("user")), "x"), SURQL_QUERY_EDIALECT,
            "GROUP and SPLIT");
    TQ(surql_query_dialect(surql_query_split(surql_query_group_all(FROM("user")), "x"), 2),
       "SELECT * FROM user SPLIT x GROUP ALL", "{}", NULL);
}

ST_TEST(traverse)
{
    /* H#18, H#19 */
    TQ(surql_query_traverse(FROM("user:alice"), "->likes->post"), "SELECT * FROM $p1->likes->post",
       NULL, "SELECT * FROM user:alice->likes->post");
    TQ(surql_query_traverse(FROM("user:alice"), "<-follows<-user"),
       "SELECT * FROM $p1<-follows<-user", NULL, "SELECT * FROM user:alice<-follows<-user");
    TQ_FAIL(surql_query_traverse(FROM("user:alice"), "->likes; DELETE user"), SURQL_EIDENT,
            "Invalid graph path");
    TQ_FAIL(surql_query_traverse(FROM("user"), "->likes"), SURQL_QUERY_EMISUSE, "record id");
}

/* GraphQuery count()/exists(): derived statements (surql-py O#33, O#34 with GROUP ALL) */
ST_TEST(count_exists_query)
{
    surql_query_builder *g = surql_query_traverse(FROM("user:alice"), "->follows->user");
    g = surql_query_where(g, surql_query_eq(F("active"), surql_query_bool(1)));
    g = surql_query_limit(surql_query_order_by(surql_query_field_add(g, "name"), "name", 0), 10);
    g = surql_query_start(surql_query_fetch(g, "best"), 5);
    TQ(surql_query_ref(g),
       "SELECT name FROM $p1->follows->user WHERE (active = $p2) ORDER BY name ASC LIMIT 10 "
       "START 5 FETCH best", NULL, NULL);
    surql_query_stmt *s = NULL;
    surql_query_builder *d = surql_query_count_query(surql_query_ref(g));
    int rc = surql_query_build(&s, d);
    surql_query_unref(d);
    ST_OK(rc);
    ST_EQ_STR(surql_query_stmt_text(s),
              "SELECT count() FROM $p1->follows->user WHERE (active = $p2) GROUP ALL");
    ST_EQ_INT(surql_query_stmt_shape(s), SURQL_QUERY_SHAPE_COUNT);
    surql_query_stmt_unref(s);
    d = surql_query_exists_query(surql_query_ref(g));
    rc = surql_query_build(&s, d);
    surql_query_unref(d);
    ST_OK(rc);
    ST_EQ_STR(surql_query_stmt_text(s),
              "SELECT name FROM $p1->follows->user WHERE (active = $p2) ORDER BY name ASC LIMIT 1 "
              "START 5");
    ST_EQ_INT(surql_query_stmt_shape(s), SURQL_QUERY_SHAPE_EXISTS);
    surql_query_stmt_unref(s);
    /* the base query is unchanged (immutable) */
    TQ(g, "SELECT name FROM $p1->follows->user WHERE (active = $p2) ORDER BY name ASC LIMIT 10 "
          "START 5 FETCH best", NULL, NULL);
    /* LIMIT 0 stays 0: exists is exactly "the query returns a row" */
    TQ(surql_query_exists_query(surql_query_limit(FROM("user"), 0)), "SELECT * FROM user LIMIT 0",
       "{}", NULL);
    TQ(surql_query_count_query(surql_query_select_value(FROM("user"), F("id"))),
       "SELECT count() FROM user GROUP ALL", "{}", NULL);
    TQ_FAIL(surql_query_count_query(surql_query_group_by(FROM("user"), "x")), SURQL_QUERY_EMISUSE,
            "GROUP or SPLIT");
    TQ_FAIL(surql_query_count_query(surql_query_delete("user")), SURQL_QUERY_EMISUSE,
            "does not apply to a DELETE query");
    TQ_FAIL(surql_query_exists_query(surql_query_create("user")), SURQL_QUERY_EMISUSE,
            "does not apply to a CREATE query");
    /* a failed chain stays failed */
    TQ_FAIL(surql_query_count_query(surql_query_limit(FROM("user"), -1)), SURQL_QUERY_EARG,
            "Limit must be non-negative");
}

ST_TEST(immutability)
{
    surql_query_builder *base = FROM("user");
    surql_query_builder *a = surql_query_limit(surql_query_ref(base), 5);
    surql_query_builder *b = surql_query_where(surql_query_ref(base),
                                               surql_query_gt(F("age"), surql_query_int(18)));
    surql_query_builder *c = surql_query_order_by(surql_query_ref(b), "name", 1);
    TQ(surql_query_ref(base), "SELECT * FROM user", "{}", NULL);
    TQ(a, "SELECT * FROM user LIMIT 5", "{}", NULL);
    TQ(surql_query_ref(b), "SELECT * FROM user WHERE (age > $p1)", "{\"p1\":18}", NULL);
    TQ(c, "SELECT * FROM user WHERE (age > $p1) ORDER BY name DESC", "{\"p1\":18}", NULL);
    TQ(b, "SELECT * FROM user WHERE (age > $p1)", "{\"p1\":18}", NULL);
    TQ(base, "SELECT * FROM user", "{}", NULL);
    /* a failed chain keeps the first error */
    surql_query_builder *bad = surql_query_order_by(surql_query_limit(FROM("user"), -1), "x", 0);
    ST_CHECK(bad == NULL);
    ST_EQ_STR(surql_error_last()->message, "Limit must be non-negative, got -1");
    surql_query_stmt *s = NULL;
    ST_EQ_INT(surql_query_build(&s, bad), SURQL_QUERY_EARG);
    ST_CHECK(s == NULL);
}

ST_TEST(create_insert)
{
    surql_value *o = tq_json("{\"name\":\"Alice\",\"email\":\"alice@example.com\"}");
    /* H#37, H#38 */
    TQ(surql_query_content(surql_query_create("user"), o), "CREATE user CONTENT $p1",
       "{\"p1\":{\"name\":\"Alice\",\"email\":\"alice@example.com\"}}",
       "CREATE user CONTENT { name: 'Alice', email: 'alice@example.com' }");
    TQ(surql_query_returning(surql_query_content(surql_query_create("user"), o),
                             SURQL_QUERY_RETURN_FULL),
       "CREATE user CONTENT $p1 RETURN AFTER", NULL, NULL); /* no RETURN FULL in SurrealQL */
    /* H#43: plain sets fold into the content */
    TQ(surql_query_set(surql_query_content(surql_query_create("user"), o), "age", surql_query_int(3)),
       "CREATE user CONTENT $p1",
       "{\"p1\":{\"name\":\"Alice\",\"email\":\"alice@example.com\",\"age\":3}}", NULL);
    TQ_FAIL(surql_query_set(surql_query_content(surql_query_create("user"), o), "t",
                            surql_query_time_now()),
            SURQL_QUERY_EMISUSE, "CONTENT and SET cannot be combined");
    TQ(surql_query_set(surql_query_create("user:alice"), "created", surql_query_time_now()),
       "CREATE $p1 SET created = time::now()", NULL, "CREATE user:alice SET created = time::now()");
    /* H#40 */
    TQ_FAIL(surql_query_insert("user"), SURQL_QUERY_EMISUSE, "Insert data required for INSERT query");
    surql_value *rows = tq_json("[{\"name\":\"A\"},{\"name\":\"B\"}]");
    TQ(surql_query_values(surql_query_insert("user"), rows), "INSERT INTO user $p1",
       "{\"p1\":[{\"name\":\"A\"},{\"name\":\"B\"}]}",
       "INSERT INTO user [{ name: 'A' }, { name: 'B' }]");
    TQ(surql_query_on_duplicate(surql_query_values(surql_query_ignore(surql_query_insert("user")), o),
                                "visits", surql_query_binary(SURQL_QUERY_OP_ADD, F("visits"),
                                                             surql_query_int(1))),
       "INSERT IGNORE INTO user $p1 ON DUPLICATE KEY UPDATE visits = visits + $p2", NULL,
       "INSERT IGNORE INTO user { name: 'Alice', email: 'alice@example.com' } ON DUPLICATE KEY "
       "UPDATE visits = visits + 1");
    surql_value *rel = tq_json("[{\"w\":1}]");
    TQ(surql_query_values(surql_query_insert_relation("likes"), rel), "INSERT RELATION INTO likes $p1",
       NULL, NULL);
    /* H#41 */
    TQ_FAIL(surql_query_content(surql_query_create("user:x; DROP"), o), SURQL_EIDENT, NULL);
    surql_value_unref(o);
    surql_value_unref(rows);
    surql_value_unref(rel);
}

ST_TEST(update_upsert)
{
    surql_value *o = tq_json("{\"status\":\"active\"}");
    /* H#44 */
    TQ(surql_query_set_object(surql_query_update("user:alice"), o), "UPDATE $p1 SET status = $p2",
       NULL, "UPDATE user:alice SET status = 'active'");
    /* H#45 */
    TQ(surql_query_set(surql_query_set(surql_query_update("user:alice"), "status",
                                       surql_query_str("active")),
                       "last_seen", surql_query_time_now()),
       "UPDATE $p1 SET status = $p2, last_seen = time::now()", NULL,
       "UPDATE user:alice SET status = 'active', last_seen = time::now()");
    /* H#46 */
    TQ(surql_query_where_raw_trusted(surql_query_set(surql_query_update("user"), "status",
                                                     surql_query_str("inactive")),
                                     "last_login < \"2024-01-01\""),
       "UPDATE user SET status = $p1 WHERE (last_login < \"2024-01-01\")", "{\"p1\":\"inactive\"}",
       NULL);
    /* H#47..H#49 */
    static const struct { surql_query_return r; const char *t; } rets[] = {
        { SURQL_QUERY_RETURN_DIFF, "UPDATE user:alice SET age = 30 RETURN DIFF" },
        { SURQL_QUERY_RETURN_BEFORE, "UPDATE user:alice SET age = 30 RETURN BEFORE" },
        { SURQL_QUERY_RETURN_AFTER, "UPDATE user:alice SET age = 30 RETURN AFTER" },
        { SURQL_QUERY_RETURN_NONE, "UPDATE user:alice SET age = 30 RETURN NONE" },
        { SURQL_QUERY_RETURN_FULL, "UPDATE user:alice SET age = 30 RETURN AFTER" },
    };
    for (size_t i = 0; i < sizeof rets / sizeof *rets; i++)
        TQ(surql_query_returning(surql_query_set(surql_query_update("user:alice"), "age",
                                                 surql_query_int(30)),
                                 rets[i].r),
           NULL, NULL, rets[i].t);
    /* H#50, H#54 */
    TQ_FAIL(surql_query_update("user:alice"), SURQL_QUERY_EMISUSE,
            "Update data required for UPDATE query");
    TQ_FAIL(surql_query_set(FROM("user"), "a", surql_query_int(1)), SURQL_QUERY_EMISUSE,
            "set() requires an UPDATE, UPSERT, CREATE or RELATE query; got operation='SELECT'");
    /* H#51: a record value stays a record */
    surql_value *bob = surql_value_record_take("user", surql_value_string("bob"));
    TQ(surql_query_set(surql_query_update("user:alice"), "author", surql_query_value(bob)),
       "UPDATE $p1 SET author = $p2", NULL, "UPDATE user:alice SET author = user:bob");
    surql_value_unref(bob);
    /* MERGE / PATCH / REPLACE / CONTENT */
    TQ(surql_query_merge(surql_query_update("user:alice"), o), "UPDATE $p1 MERGE $p2", NULL,
       "UPDATE user:alice MERGE { status: 'active' }");
    surql_value *ops = tq_json("[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"x\"}]");
    TQ(surql_query_patch(surql_query_update("user:alice"), ops), "UPDATE $p1 PATCH $p2", NULL,
       "UPDATE user:alice PATCH [{ op: 'replace', path: '/status', 'value': 'x' }]");
    TQ(surql_query_replace(surql_query_upsert("user:alice"), o), "UPSERT $p1 REPLACE $p2", NULL,
       NULL);
    /* H#59..H#61 */
    TQ(surql_query_content(surql_query_upsert("user:alice"), o), "UPSERT $p1 CONTENT $p2", NULL,
       "UPSERT user:alice CONTENT { status: 'active' }");
    TQ(surql_query_where(surql_query_content(surql_query_upsert("user"), o),
                         surql_query_eq(F("email"), surql_query_str("bob@example.com"))),
       "UPSERT user CONTENT $p1 WHERE (email = $p2)", NULL,
       "UPSERT user CONTENT { status: 'active' } WHERE (email = 'bob@example.com')");
    TQ(surql_query_returning(surql_query_set(surql_query_content(surql_query_upsert("user:alice"), o),
                                             "m", surql_query_int(2)),
                             SURQL_QUERY_RETURN_AFTER),
       "UPSERT $p1 CONTENT $p2 RETURN AFTER", NULL,
       "UPSERT user:alice CONTENT { status: 'active', m: 2 } RETURN AFTER");
    TQ(surql_query_set_add(surql_query_set_sub(surql_query_update("user:alice"), "credits",
                                               surql_query_int(1)),
                           "tags", surql_query_str("x")),
       "UPDATE $p1 SET credits -= $p2, tags += $p3", NULL, NULL);
    TQ_FAIL(surql_query_merge(surql_query_create("user"), o), SURQL_QUERY_EMISUSE,
            "MERGE does not apply to a CREATE query");
    surql_value_unref(o);
    surql_value_unref(ops);
}

ST_TEST(delete_relate)
{
    /* H#55..H#58 */
    TQ(surql_query_delete("user:alice"), "DELETE $p1", NULL, "DELETE user:alice");
    TQ(surql_query_where_raw_trusted(surql_query_delete("user"), "deleted_at IS NOT NULL"),
       "DELETE user WHERE (deleted_at IS NOT NULL)", "{}", NULL);
    TQ(surql_query_returning(surql_query_delete("user:alice"), SURQL_QUERY_RETURN_NONE), NULL, NULL,
       "DELETE user:alice RETURN NONE");
    TQ(surql_query_returning(surql_query_delete("user:bob"), SURQL_QUERY_RETURN_BEFORE), NULL, NULL,
       "DELETE user:bob RETURN BEFORE");
    /* H#62..H#66 */
    TQ(surql_query_relate("likes", "user:alice", "post:123"), "RELATE $p1->likes->$p2", NULL,
       "RELATE user:alice->likes->post:123");
    surql_value *d = tq_json("{\"since\":\"2024-01-01\"}");
    TQ(surql_query_content(surql_query_relate("follows", "user:alice", "user:bob"), d),
       "RELATE $p1->follows->$p2 CONTENT $p3", NULL,
       "RELATE user:alice->follows->user:bob CONTENT { since: '2024-01-01' }");
    surql_value *a = surql_value_record_take("user", surql_value_string("a.b"));
    surql_value *b = surql_value_record_take("user", surql_value_int(7));
    surql_value *w = tq_json("{\"w\":1}");
    TQ(surql_query_returning(surql_query_content(surql_query_relate_values("follows", a, b), w),
                             SURQL_QUERY_RETURN_NONE),
       NULL, NULL, "RELATE user:`a.b`->follows->user:7 CONTENT { w: 1 } RETURN NONE");
    TQ_FAIL(surql_query_relate("follows", "user:alice; DELETE user", "user:bob"), SURQL_EIDENT, NULL);
    TQ(surql_query_relate("bad-edge", "user:alice", "user:bob"), "RELATE $p1->`bad-edge`->$p2", NULL,
       NULL);
    TQ(surql_query_set(surql_query_relate("likes", "user:alice", "post:1"), "at",
                       surql_query_time_now()),
       "RELATE $p1->likes->$p2 SET at = time::now()", NULL, NULL);
    surql_value_unref(d);
    surql_value_unref(a);
    surql_value_unref(b);
    surql_value_unref(w);
}

ST_TEST(vector_search)
{
    double v3[] = { 0.1, 0.2, 0.3 }, v2[] = { 0.1, 0.2 };
    /* H#21/22 without the three-part operator */
    TQ(surql_query_vector_search(surql_query_from(SEL(), "documents"), "embedding", v3, 3, 10,
                                 SURQL_QUERY_DIST_COSINE, 0),
       "SELECT * FROM documents WHERE embedding <|10,COSINE|> $p1", "{\"p1\":[0.1,0.2,0.3]}",
       "SELECT * FROM documents WHERE embedding <|10,COSINE|> [0.1f, 0.2f, 0.3f]");
    /* `<|k|>` is the MTREE form: 2.x only (3.x refuses it, found by test-engine.c) */
    TQ(surql_query_dialect(surql_query_vector_search(FROM("documents"), "embedding", v2, 2, 5,
                                                     SURQL_QUERY_DIST_DEFAULT, 0),
                           SURQL_DIALECT_V2),
       "SELECT * FROM documents WHERE embedding <|5|> $p1", NULL, NULL);
    TQ_FAIL(surql_query_vector_search(FROM("documents"), "embedding", v2, 2, 5, SURQL_QUERY_DIST_DEFAULT, 0),
            SURQL_QUERY_EDIALECT, "MTREE");
    TQ(surql_query_vector_search(FROM("documents"), "embedding", v2, 2, 5, SURQL_QUERY_DIST_DEFAULT, 40),
       "SELECT * FROM documents WHERE embedding <|5,40|> $p1", NULL, NULL);
    /* H#23: the KNN condition is not parenthesised, the others are */
    TQ(surql_query_where_raw_trusted(
           surql_query_vector_search(FROM("documents"), "embedding", v2, 2, 3,
                                     SURQL_QUERY_DIST_EUCLIDEAN, 0),
           "lang = \"en\""),
       "SELECT * FROM documents WHERE embedding <|3,EUCLIDEAN|> $p1 AND (lang = \"en\")", NULL, NULL);
    surql_query_expr *k = surql_query_knn("embedding", v2, 2, 3, SURQL_QUERY_DIST_MINKOWSKI, 0, 3);
    TQ(surql_query_where(FROM("d"), k), "SELECT * FROM d WHERE embedding <|3,MINKOWSKI 3|> $p1",
       NULL, NULL);
    /* H#24/25 */
    TQ_FAIL(surql_query_vector_search(FROM("d"), "e", v2, 1, 0, SURQL_QUERY_DIST_COSINE, 0),
            SURQL_QUERY_EARG, "k must be at least 1, got 0");
    TQ_FAIL(surql_query_vector_search(FROM("d"), "e", v2, 0, 1, SURQL_QUERY_DIST_COSINE, 0),
            SURQL_QUERY_EARG, "Vector cannot be empty");
    TQ_FAIL(surql_query_vector_search(FROM("d"), "e", v2, 2, 1, SURQL_QUERY_DIST_COSINE, 10),
            SURQL_QUERY_EARG, "ef");
    /* H#26..H#28 (similarity for cosine, distance functions for distances) */
    const char *f[] = { "id", "text" };
    TQ(surql_query_similarity_score(surql_query_fields(FROM("chunk"), f, 2), "embedding", v2, 2,
                                    SURQL_QUERY_DIST_COSINE, "score"),
       "SELECT id, text, vector::similarity::cosine(embedding, $p1) AS score FROM chunk", NULL, NULL);
    const char *idf[] = { "id" };
    TQ(surql_query_vector_search_query("documents", "embedding", v2, 2, 5, SURQL_QUERY_DIST_COSINE,
                                       idf, 1),
       "SELECT id FROM documents WHERE embedding <|5,COSINE|> $p1", NULL, NULL);
    TQ(surql_query_similarity_search_query("chunk", "embedding", v2, 2, 3,
                                           SURQL_QUERY_DIST_EUCLIDEAN),
       "SELECT *, vector::distance::euclidean(embedding, $p1) AS similarity FROM chunk WHERE "
       "embedding <|3,EUCLIDEAN|> $p2",
       NULL, NULL);
    surql_query_distance d;
    ST_OK(surql_query_distance_parse(&d, "cosine"));
    ST_EQ_INT(d, SURQL_QUERY_DIST_COSINE);
    ST_ERR(surql_query_distance_parse(&d, "MAHALANOBIS"), SURQL_QUERY_EARG);
}

ST_TEST(subquery_and_params)
{
    surql_query_builder *sub =
        surql_query_select_value(surql_query_from(SEL(), "user:alice"), F("id"));
    TQ(surql_query_where(surql_query_from(SEL(), "post"),
                         surql_query_inside(F("author"), surql_query_subquery(sub))),
       "SELECT * FROM post WHERE (author INSIDE (SELECT VALUE id FROM $p1))", NULL,
       "SELECT * FROM post WHERE (author INSIDE (SELECT VALUE id FROM user:alice))");
    TQ(surql_query_where(FROM("user"), surql_query_eq(F("id"), surql_query_param("auth"))),
       "SELECT * FROM user WHERE (id = $auth)", "{}", NULL);
    ST_CHECK(surql_query_param("p1") == NULL);
    ST_EQ_INT(surql_error_last()->code, SURQL_EIDENT);
    ST_CHECK(surql_query_param("a b") == NULL);
}

ST_MAIN(ST_CASE(select), ST_CASE(from_records), ST_CASE(where), ST_CASE(order_limit_start),
        ST_CASE(group_split_fetch), ST_CASE(traverse), ST_CASE(count_exists_query),
        ST_CASE(immutability),
        ST_CASE(create_insert), ST_CASE(update_upsert), ST_CASE(delete_relate),
        ST_CASE(vector_search), ST_CASE(subquery_and_params))
