/* Integration tests of libsurql-query against the real engines (v3 and v2, dev server):
 * write statements (CREATE, INSERT, UPDATE, UPSERT, DELETE, RELATE, RETURN), the CRUD
 * helpers and batches, executed and read back (see test-engine.c). */
#include "engine-test.h"

/* ------------------------------------------------------------------------ */
/* write statements: CREATE, INSERT, UPDATE, UPSERT, DELETE, RELATE, RETURN   */
/* ------------------------------------------------------------------------ */

static void g_write(void)
{
    surql_value *v = NULL;
    /* CREATE with SET / CONTENT and every RETURN form */
    EXPECT(surql_query_set(surql_query_set(DIAL(surql_query_create("user:ann")), "name", S("Ann")),
                           "age", I(20)),
           "[{ id: user:ann, name: 'Ann', age: 20 }]", 0);
    surql_value *c = lit("{ name: 'Ben', age: 21, tags: ['x'] }");
    EXPECT(surql_query_content(DIAL(surql_query_create("user:ben")), c),
           "[{ id: user:ben, name: 'Ben', age: 21, tags: ['x'] }]", 0);
    EXPECT(surql_query_returning(surql_query_content(DIAL(surql_query_create("user:b2")), c),
                                 SURQL_QUERY_RETURN_NONE), "NONE", 0);
    EXPECT(surql_query_returning(surql_query_content(DIAL(surql_query_create("user:b3")), c),
                                 SURQL_QUERY_RETURN_BEFORE), "[NONE]", 0);
    EXPECT(surql_query_returning(surql_query_content(DIAL(surql_query_create("user:b4")), c),
                                 SURQL_QUERY_RETURN_AFTER),
           "[{ id: user:b4, name: 'Ben', age: 21, tags: ['x'] }]", 0);
    EXPECT(surql_query_returning(surql_query_content(DIAL(surql_query_create("user:b5")), c),
                                 SURQL_QUERY_RETURN_FULL),
           "[{ id: user:b5, name: 'Ben', age: 21, tags: ['x'] }]", 0);
    surql_value_unref(c);
    {
        /* CREATE on a table: a generated id */
        RUN(v, surql_query_set(DIAL(surql_query_create("note")), "text", S("hi")));
        const surql_value *id = surql_value_object_get(surql_value_array_at(v, 0), "id");
        const char *t = NULL;
        ST_CHECKF(surql_value_record_table(id, &t) == 0 && strcmp(t, "note") == 0, "%s", show(v));
        surql_value_unref(v);
    }
    /* UPDATE forms */
    EXPECT(surql_query_returning(surql_query_set(DIAL(surql_query_update("user:ann")), "age", I(22)),
                                 SURQL_QUERY_RETURN_DIFF),
           "[[{ op: 'replace', path: '/age', value: 22 }]]", 0);
    EXPECT(surql_query_returning(surql_query_set(DIAL(surql_query_update("user:ann")), "age", I(23)),
                                 SURQL_QUERY_RETURN_BEFORE),
           "[{ id: user:ann, name: 'Ann', age: 22 }]", 0);
    EXPECT(surql_query_set_sub(surql_query_set_add(DIAL(surql_query_update("user:ben")), "tags", S("y")),
                               "age", I(1)),
           "[{ id: user:ben, name: 'Ben', age: 20, tags: ['x', 'y'] }]", 0);
    surql_value *o = lit("{ city: 'Oslo', 'zip code': '0150' }");
    EXPECT(surql_query_set_object(DIAL(surql_query_update("user:ann")), o),
           "[{ id: user:ann, name: 'Ann', age: 23, city: 'Oslo', 'zip code': '0150' }]", 0);
    surql_value_unref(o);
    o = lit("{ name: 'Ann B', age: 24 }");
    EXPECT(surql_query_content(DIAL(surql_query_update("user:ann")), o),
           "[{ id: user:ann, name: 'Ann B', age: 24 }]", 0);
    surql_value_unref(o);
    o = lit("{ age: 25, nested: { a: 1 } }");
    EXPECT(surql_query_merge(DIAL(surql_query_update("user:ann")), o),
           "[{ id: user:ann, name: 'Ann B', age: 25, nested: { a: 1 } }]", 0);
    surql_value_unref(o);
    o = lit("[{ op: 'replace', path: '/age', value: 26 }, { op: 'add', path: '/nested/b', value: 2 }]");
    EXPECT(surql_query_patch(DIAL(surql_query_update("user:ann")), o),
           "[{ id: user:ann, name: 'Ann B', age: 26, nested: { a: 1, b: 2 } }]", 0);
    surql_value_unref(o);
    o = lit("{ name: 'Ann C' }");
    EXPECT(surql_query_replace(DIAL(surql_query_update("user:ann")), o), "[{ id: user:ann, name: 'Ann C' }]", 0);
    surql_value_unref(o);
    /* UPDATE on a table with a condition, the rows come back in any order */
    EXPECT(surql_query_where(surql_query_set(DIAL(surql_query_update("user")), "flag", surql_query_bool(1)),
                             surql_query_inside(F("id"), surql_query_value_take(lit("[user:ann, user:ben]")))),
           "[{ id: user:ann, name: 'Ann C', flag: true }, "
           "{ id: user:ben, name: 'Ben', age: 20, tags: ['x', 'y'], flag: true }]", F_SORT);
    /* UPSERT: creates, then updates; with a WHERE on a table */
    o = lit("{ name: 'Cat', n: 1 }");
    EXPECT(surql_query_content(DIAL(surql_query_upsert("user:cat")), o), "[{ id: user:cat, name: 'Cat', n: 1 }]", 0);
    /* UPSERT evaluates SET against no document on both engines: `n = n + 1` is NONE + 1
     * (an error); `n += 1` works */
    EXPECT(surql_query_set_add(DIAL(surql_query_upsert("user:cat")), "n", I(1)),
           "[{ id: user:cat, name: 'Cat', n: 2 }]", 0);
    {
        surql_query_stmt *st = NULL;
        surql_query_builder *b = surql_query_set(DIAL(surql_query_upsert("user:cat")), "n",
                                                 surql_query_binary(SURQL_QUERY_OP_ADD, F("n"), I(1)));
        ST_OK(surql_query_build(&st, b));
        surql_query_unref(b);
        int rc = eng_run(E.c, &v, st);
        surql_query_stmt_unref(st);
        surql_value_unref(v);
        ST_CHECKF(rc == SURQL_QUERY_ESTATEMENT && strstr(emsg(), "NONE"), "UPSERT n = n + 1: %d %s", rc, emsg());
    }
    surql_value_unref(o);
    EXPECT(surql_query_returning(surql_query_where(surql_query_set(DIAL(surql_query_upsert("user")), "n", I(10)),
                                                   surql_query_eq(F("name"), S("Cat"))),
                                 SURQL_QUERY_RETURN_AFTER),
           "[{ id: user:cat, name: 'Cat', n: 10 }]", 0);
    /* INSERT: one row, bulk, IGNORE, ON DUPLICATE KEY UPDATE, RELATION */
    o = lit("{ id: item:1, name: 'one', visits: 1 }");
    EXPECT(surql_query_values(DIAL(surql_query_insert("item")), o), "[{ id: item:1, name: 'one', visits: 1 }]", 0);
    surql_value *rows = lit("[{ id: item:2, name: 'two', visits: 1 }, { id: item:3, name: 'three', visits: 1 }]");
    EXPECT(surql_query_values(DIAL(surql_query_insert("item")), rows),
           "[{ id: item:2, name: 'two', visits: 1 }, { id: item:3, name: 'three', visits: 1 }]", 0);
    surql_value_unref(rows);
    EXPECT(surql_query_ignore(surql_query_values(DIAL(surql_query_insert("item")), o)), "[]", 0);
    {
        /* ON DUPLICATE KEY UPDATE visits = visits + 1: 2.x reads the existing record; 3.0.2
         * sees NONE (also through $before), so the statement fails there */
        surql_query_stmt *st = NULL;
        surql_query_builder *b = surql_query_on_duplicate(
            surql_query_values(DIAL(surql_query_insert("item")), o), "visits",
            surql_query_binary(SURQL_QUERY_OP_ADD, F("visits"), I(1)));
        ST_OK(surql_query_build(&st, b));
        surql_query_unref(b);
        if (E.v2) {
            EXPECT_H((s = surql_query_stmt_ref(st), 0), "[{ id: item:1, name: 'one', visits: 2 }]", 0);
        } else {
            int rc = eng_run(E.c, &v, st);
            surql_value_unref(v);
            ST_CHECKF(rc == SURQL_QUERY_ESTATEMENT && strstr(emsg(), "NONE"), "ON DUPLICATE: %d %s", rc, emsg());
            SQL("UPDATE item:1 SET visits = 2");
        }
        surql_query_stmt_unref(st);
        EXPECT(surql_query_on_duplicate(surql_query_values(DIAL(surql_query_insert("item")), o), "name",
                                        S("uno")),
               "[{ id: item:1, name: 'uno', visits: 2 }]", 0);
    }
    surql_value_unref(o);
    o = lit("[{ in: user:ann, out: item:1, since: 2020 }, { in: user:ben, out: item:2, since: 2021 }]");
    RUN(v, surql_query_values(DIAL(surql_query_insert_relation("owns")), o));
    surql_value_unref(o);
    ST_CHECKF(surql_value_length(v) == 2, "%s", show(v));
    surql_value_unref(v);
    EXPECT(surql_query_select_value(FROM("user:ann"), surql_query_graph_path(surql_query_graph(F("id")), "->owns->item")),
           "[[item:1]]", F_RO);
    EXPECT(surql_query_order_by(surql_query_field_add(FROM("owns"), "since"), "since", 0),
           "[{ since: 2020 }, { since: 2021 }]", F_RO);
    /* RELATE: one pair, with CONTENT and with SET; arrays of records on each side */
    EXPECT(surql_query_returning(DIAL(surql_query_relate("likes", "user:ann", "item:3")),
                                 SURQL_QUERY_RETURN_NONE), "NONE", 0);
    o = lit("{ w: 5 }");
    RUN(v, surql_query_content(DIAL(surql_query_relate("rates", "user:ann", "item:2")), o));
    surql_value_unref(o);
    {
        const surql_value *r = surql_value_array_at(v, 0);
        surql_value *w = lit("{ in: user:ann, out: item:2, w: 5 }");
        ST_CHECKF(surql_value_equal(surql_value_object_get(r, "in"), surql_value_object_get(w, "in")) &&
                      surql_value_equal(surql_value_object_get(r, "out"), surql_value_object_get(w, "out")) &&
                      surql_value_equal(surql_value_object_get(r, "w"), surql_value_object_get(w, "w")),
                  "relate: %s", show(v));
        surql_value_unref(w);
        surql_value_unref(v);
    }
    EXPECT(surql_query_set(DIAL(surql_query_relate("rates", "user:ben", "item:2")), "w", I(3)), NULL, 0);
    {
        surql_value *from = lit("[user:ann, user:ben]"), *to = lit("[item:1, item:3]");
        RUN(v, surql_query_set(DIAL(surql_query_relate_values("seen", from, to)), "n", I(1)));
        ST_CHECKF(surql_value_length(v) == 4, "relate arrays: %s", show(v));
        surql_value_unref(v);
        surql_value_unref(from);
        surql_value_unref(to);
    }
    EXPECT(surql_query_group_all(surql_query_project(FROM("seen"), surql_query_count())), "[{ count: 4 }]", F_RO);
    EXPECT(surql_query_order_by(surql_query_select_value(FROM("rates"), F("w")), "w", 0), "[3, 5]", F_RO);
    /* DELETE: RETURN BEFORE gives the deleted record; with a condition on a table */
    EXPECT(surql_query_returning(DIAL(surql_query_delete("user:cat")), SURQL_QUERY_RETURN_BEFORE),
           "[{ id: user:cat, name: 'Cat', n: 10 }]", 0);
    EXPECT(surql_query_where(DIAL(surql_query_delete("item")), surql_query_eq(F("name"), S("three"))), "[]", 0);
    EXPECT(surql_query_order_by(surql_query_select_value(FROM("item"), F("name")), "name", 0),
           "['two', 'uno']", F_RO);
    EXPECT(DIAL(surql_query_delete("note")), "[]", 0);
    EXPECT(FROM("note"), "[]", F_RO);
}

/* ------------------------------------------------------------------------ */
/* CRUD helpers (crud.h), read with their shapes                             */
/* ------------------------------------------------------------------------ */

static void g_crud(void)
{
    const int d = E.d;
    surql_value *v = NULL;
    /* count on a table that does not exist: 2.x 0, 3.x "The table 'person' does not exist";
     * then on an empty table: 0 on both (2.x's GROUP ALL gives no row there, read as 0) */
    if (E.v2) {
        EXPECT_H(surql_query_crud_count(&s, d, "person", NULL), "0", F_RO);
    } else {
        surql_query_stmt *st = NULL;
        ST_OK(surql_query_crud_count(&st, d, "person", NULL));
        int rc = eng_run(E.c, &v, st);
        surql_query_stmt_unref(st);
        ST_CHECKF(rc == SURQL_QUERY_ESTATEMENT && strstr(emsg(), "does not exist"), "count of a missing table: %d %s",
                  rc, emsg());
    }
    SQL("DEFINE TABLE person SCHEMALESS;");
    EXPECT_H(surql_query_crud_count(&s, d, "person", NULL), "0", F_RO);
    EXPECT_H(surql_query_crud_exists(&s, d, "person", "ada"), "false", F_RO);
    EXPECT_H(surql_query_crud_first(&s, d, "person", NULL, NULL, 0), "NONE", F_RO);
    EXPECT_H(surql_query_crud_get(&s, d, "person", "ada"), "NONE", F_RO);
    /* create_record: ONE -> the record */
    surql_value *ada = lit("{ id: person:ada, name: 'Ada', born: 1815, field: 'math' }");
    EXPECT_H(surql_query_crud_create(&s, d, "person", ada, SURQL_QUERY_RETURN_DEFAULT),
             "{ id: person:ada, name: 'Ada', born: 1815, field: 'math' }", 0);
    surql_value_unref(ada);
    surql_value *many = lit("[{ id: person:alan, name: 'Alan', born: 1912, field: 'cs' }, "
                            "{ id: person:grace, name: 'Grace', born: 1906, field: 'cs' }, "
                            "{ id: person:⟨k-g⟩, name: 'Kurt', born: 1906, field: 'logic' }]");
    EXPECT_H(surql_query_crud_create_many(&s, d, "person", many),
             "[{ id: person:alan, name: 'Alan', born: 1912, field: 'cs' }, "
             "{ id: person:grace, name: 'Grace', born: 1906, field: 'cs' }, "
             "{ id: person:⟨k-g⟩, name: 'Kurt', born: 1906, field: 'logic' }]", 0);
    surql_value_unref(many);
    {
        /* a generated id */
        surql_value *anon = lit("{ name: 'Anon' }");
        RUN_H(v, surql_query_crud_create(&s, d, "person", anon, SURQL_QUERY_RETURN_NONE));
        surql_value_unref(anon);
        surql_value_unref(v);
    }
    EXPECT_H(surql_query_crud_count(&s, d, "person", NULL), "5", F_RO);
    EXPECT_H(surql_query_crud_count(&s, d, "person", surql_query_eq(F("field"), S("cs"))), "2", F_RO);
    EXPECT_H(surql_query_crud_count(&s, d, "person", surql_query_eq(F("field"), S("none"))), "0", F_RO);
    EXPECT_H(surql_query_crud_exists(&s, d, "person", "ada"), "true", F_RO);
    EXPECT_H(surql_query_crud_exists(&s, d, "person", "person:⟨k-g⟩"), "true", F_RO);
    EXPECT_H(surql_query_crud_get(&s, d, "person", "⟨k-g⟩"),
             "{ id: person:⟨k-g⟩, name: 'Kurt', born: 1906, field: 'logic' }", F_RO);
    EXPECT_H(surql_query_crud_get(&s, d, "person", "person:alan"),
             "{ id: person:alan, name: 'Alan', born: 1912, field: 'cs' }", F_RO);
    /* query_records: conditions, order, limit, start */
    {
        surql_query_expr *c[2] = { surql_query_is_not_none(F("born")), surql_query_lt(F("born"), I(1910)) };
        RUN_H(v, surql_query_crud_query(&s, d, "person", c, 2, "name", 0, 10, 0));
        ST_CHECKF(surql_value_length(v) == 3, "%s", show(v));
        surql_value *names = surql_value_array();
        for (size_t i = 0; i < surql_value_length(v); i++)
            surql_value_array_push(names, surql_value_object_get(surql_value_array_at(v, i), "name"));
        surql_value *w = lit("['Ada', 'Grace', 'Kurt']");
        int same = surql_value_equal(names, w);
        surql_value_unref(w);
        surql_value_unref(names);
        surql_value_unref(v);
        ST_CHECKF(same, "query_records order");
        surql_query_expr *c2[1] = { surql_query_is_not_none(F("born")) };
        RUN_H(v, surql_query_crud_query(&s, d, "person", c2, 1, "born", 1, 2, 1));
        surql_value *w2 = lit("'Grace'");
        int ok = surql_value_length(v) == 2 &&
                 (surql_value_equal(surql_value_object_get(surql_value_array_at(v, 1), "name"), w2) ||
                  surql_value_equal(surql_value_object_get(surql_value_array_at(v, 0), "name"), w2));
        surql_value_unref(w2);
        ST_CHECKF(ok, "paged query: %s", show(v));
        surql_value_unref(v);
    }
    /* first / last */
    EXPECT_H(surql_query_crud_first(&s, d, "person", surql_query_eq(F("field"), S("cs")), "born", 0),
             "{ id: person:grace, name: 'Grace', born: 1906, field: 'cs' }", F_RO);
    EXPECT_H(surql_query_crud_last(&s, d, "person", surql_query_eq(F("field"), S("cs")), "born", 0),
             "{ id: person:alan, name: 'Alan', born: 1912, field: 'cs' }", F_RO);
    EXPECT_H(surql_query_crud_last(&s, d, "person", surql_query_is_not_none(F("born")), NULL, 0),
             "{ id: person:⟨k-g⟩, name: 'Kurt', born: 1906, field: 'logic' }", F_RO);
    /* update (replace), merge, upsert with RETURN forms */
    surql_value *upd = lit("{ name: 'Ada L', born: 1815 }");
    EXPECT_H(surql_query_crud_update(&s, d, "person", "ada", upd, SURQL_QUERY_RETURN_DEFAULT),
             "{ id: person:ada, name: 'Ada L', born: 1815 }", 0);
    EXPECT_H(surql_query_crud_update(&s, d, "person", "ada", upd, SURQL_QUERY_RETURN_NONE), "NONE", 0);
    surql_value_unref(upd);
    surql_value *mg = lit("{ field: 'math', notes: ['engine'] }");
    EXPECT_H(surql_query_crud_merge(&s, d, "person", "person:ada", mg, SURQL_QUERY_RETURN_DEFAULT),
             "{ id: person:ada, name: 'Ada L', born: 1815, field: 'math', notes: ['engine'] }", 0);
    EXPECT_H(surql_query_crud_merge(&s, d, "person", "ada", mg, SURQL_QUERY_RETURN_DIFF), "[]", 0);
    EXPECT_H(surql_query_crud_merge(&s, d, "person", "ada", mg, SURQL_QUERY_RETURN_BEFORE),
             "{ id: person:ada, name: 'Ada L', born: 1815, field: 'math', notes: ['engine'] }", 0);
    surql_value_unref(mg);
    surql_value *up = lit("{ name: 'Emmy', born: 1882 }");
    EXPECT_H(surql_query_crud_upsert(&s, d, "person", "emmy", up, SURQL_QUERY_RETURN_DEFAULT),
             "{ id: person:emmy, name: 'Emmy', born: 1882 }", 0);
    EXPECT_H(surql_query_crud_upsert(&s, d, "person", "emmy", up, SURQL_QUERY_RETURN_AFTER),
             "{ id: person:emmy, name: 'Emmy', born: 1882 }", 0);
    surql_value_unref(up);
    /* update of a missing record creates nothing (UPDATE only touches existing records) */
    surql_value *ghost = lit("{ name: 'Ghost' }");
    EXPECT_H(surql_query_crud_update(&s, d, "person", "ghost", ghost, SURQL_QUERY_RETURN_DEFAULT), "NONE", 0);
    surql_value_unref(ghost);
    EXPECT_H(surql_query_crud_exists(&s, d, "person", "ghost"), "false", F_RO);
    /* aggregate_records: GROUP BY and GROUP ALL */
    {
        const char *al[] = { "n", "first" };
        surql_query_expr *ex[] = { surql_query_count(), surql_query_min(F("born")) };
        const char *g[] = { "field" };
        EXPECT_H(surql_query_crud_aggregate(&s, d, "person", al, ex, 2, g, 1, 0,
                                            surql_query_is_not_none(F("field"))),
                 "[{ field: 'cs', n: 2, first: 1906 }, { field: 'logic', n: 1, first: 1906 }, "
                 "{ field: 'math', n: 1, first: 1815 }]",
                 F_RO | F_SORT);
        const char *al2[] = { "total", "oldest" };
        surql_query_expr *ex2[] = { surql_query_count(), surql_query_min(F("born")) };
        EXPECT_H(surql_query_crud_aggregate(&s, d, "person", al2, ex2, 2, NULL, 0, 1, NULL),
                 "[{ total: 6, oldest: 1815 }]", F_RO);
    }
    /* delete: NONE; RETURN BEFORE gives the record (ROWS); delete_where */
    EXPECT_H(surql_query_crud_delete(&s, d, "person", "emmy", SURQL_QUERY_RETURN_DEFAULT), "NONE", 0);
    EXPECT_H(surql_query_crud_delete(&s, d, "person", "⟨k-g⟩", SURQL_QUERY_RETURN_BEFORE),
             "[{ id: person:⟨k-g⟩, name: 'Kurt', born: 1906, field: 'logic' }]", 0);
    EXPECT_H(surql_query_crud_delete(&s, d, "person", "nobody", SURQL_QUERY_RETURN_BEFORE), "[]", 0);
    EXPECT_H(surql_query_crud_delete_where(&s, d, "person", surql_query_is_none(F("born"))), "NONE", 0);
    EXPECT_H(surql_query_crud_count(&s, d, "person", NULL), "3", F_RO);
    EXPECT_H(surql_query_crud_delete_where(&s, d, "person", NULL), "NONE", 0);
    EXPECT_H(surql_query_crud_count(&s, d, "person", NULL), "0", F_RO);
}

/* ------------------------------------------------------------------------ */
/* batch helpers (batch.h)                                                   */
/* ------------------------------------------------------------------------ */

static void g_batch(void)
{
    const int d = E.d;
    surql_value *v = NULL;
    /* insert_many */
    surql_value *rows = lit("[{ id: city:paris, name: 'Paris', pop: 2 }, { id: city:oslo, name: 'Oslo', pop: 1 }, "
                            "{ name: 'Nowhere', pop: 0 }]");
    RUN_H(v, surql_query_batch_insert(&s, d, "city", rows));
    ST_CHECKF(surql_value_length(v) == 3, "insert_many: %s", show(v));
    surql_value_unref(v);
    /* inserting the same ids again fails per row: 3.x reports an error, 2.x too */
    {
        surql_query_stmt *st = NULL;
        surql_value *again = lit("[{ id: city:paris, name: 'Paris 2' }]");
        ST_OK(surql_query_batch_insert(&st, d, "city", again));
        surql_value_unref(again);
        int rc = eng_run(E.c, &v, st);
        surql_query_stmt_unref(st);
        st_note("%s: INSERT of an existing id: rc %d, %s", E.s.engine, rc, rc ? emsg() : show(v));
        surql_value_unref(v);
        v = NULL;
        ST_CHECKF(rc == SURQL_QUERY_ESTATEMENT && strstr(emsg(), "already exists"), "duplicate insert: %d %s", rc, emsg());
    }
    surql_value_unref(rows);
    /* upsert_many: by id, without id, and matched on conflict fields */
    rows = lit("[{ id: city:paris, name: 'Paris', pop: 3 }, { id: 'city:rome', name: 'Rome', pop: 4 }, "
               "{ name: 'Lima', pop: 5, code: 'LIM' }]");
    RUN_H(v, surql_query_batch_upsert(&s, d, "city", rows, NULL, 0));
    ST_CHECKF(surql_value_length(v) == 3, "upsert_many: %s", show(v));
    surql_value_unref(v);
    surql_value_unref(rows);
    EXPECT(surql_query_order_by(surql_query_fields(FROM("city"), (const char *[]){ "name", "pop" }, 2), "name", 0),
           "[{ name: 'Lima', pop: 5 }, { name: 'Nowhere', pop: 0 }, { name: 'Oslo', pop: 1 }, "
           "{ name: 'Paris', pop: 3 }, { name: 'Rome', pop: 4 }]", F_RO);
    rows = lit("[{ name: 'Lima', pop: 6, code: 'LIM' }, { name: 'Quito', pop: 7, code: 'UIO' }]");
    const char *conflict[] = { "code" };
    RUN_H(v, surql_query_batch_upsert(&s, d, "city", rows, conflict, 1));
    st_note("%s: upsert_many on conflict fields: %s", E.s.engine, show(v));
    surql_value_unref(v);
    surql_value_unref(rows);
    /* Lima updated in place (one Lima), Quito: UPSERT ... WHERE on a table with no match */
    EXPECT(surql_query_order_by(surql_query_where(surql_query_fields(FROM("city"), (const char *[]){ "name", "pop" }, 2),
                                                  surql_query_is_not_none(F("code"))), "name", 0),
           "[{ name: 'Lima', pop: 6 }, { name: 'Quito', pop: 7 }]", F_RO);
    /* relate_many: pairs with and without data, default data, table checks */
    surql_value *pairs = lit("[[city:paris, city:rome], ['city:rome', 'city:oslo', { km: 2000 }], "
                             "[city:oslo, city:paris]]");
    surql_value *dflt = lit("{ km: 1 }");
    RUN_H(v, surql_query_batch_relate(&s, d, "city", "road", "city", pairs, dflt));
    ST_CHECKF(surql_value_length(v) == 3, "relate_many: %s", show(v));
    surql_value_unref(v);
    surql_value_unref(dflt);
    surql_value_unref(pairs);
    EXPECT(surql_query_order_by(surql_query_fields(FROM("road"), (const char *[]){ "in", "out", "km" }, 3), "km", 0),
           NULL, F_RO);
    EXPECT(surql_query_select_value(FROM("city:rome"), surql_query_graph_path(surql_query_graph(F("id")), "->road->city")),
           "[[city:oslo]]", F_RO);
    EXPECT(surql_query_order_by(surql_query_select_value(FROM("road"), F("km")), "km", 0), "[1, 1, 2000]", F_RO);
    {
        surql_query_stmt *st = NULL;
        surql_value *bad = lit("[[city:paris, user:x]]");
        ST_ERR(surql_query_batch_relate(&st, d, "city", "road", "city", bad, NULL), SURQL_EIDENT);
        surql_value_unref(bad);
    }
    /* delete_many: the deleted records come back (RETURN BEFORE) */
    surql_value *ids = lit("[city:oslo, 'rome', 'city:nowhere-at-all']");
    {
        surql_query_stmt *st = NULL;
        int rc = surql_query_batch_delete(&st, d, "city", ids);
        surql_query_stmt_unref(st);
        ST_CHECKF(rc == SURQL_EIDENT, "a key with '-' must be refused unescaped: %d", rc);
    }
    surql_value_unref(ids);
    ids = lit("[city:oslo, 'rome', 'city:⟨nowhere-at-all⟩']");
    RUN_H(v, surql_query_batch_delete(&s, d, "city", ids));
    surql_value_unref(ids);
    surql_value *names = surql_value_array();
    for (size_t i = 0; i < surql_value_length(v); i++)
        surql_value_array_push(names, surql_value_object_get(surql_value_array_at(v, i), "name"));
    surql_value *w = lit("['Oslo', 'Rome']");
    surql_value *ns = sorted(names);
    int same = surql_value_equal(ns, w);
    surql_value_unref(ns);
    surql_value_unref(w);
    surql_value_unref(names);
    ST_CHECKF(same, "delete_many returned %s", show(v));
    surql_value_unref(v);
    EXPECT_H(surql_query_crud_count(&s, d, "city", NULL), "4", F_RO);
}

/* ------------------------------------------------------------------------ */

ST_TEST(v3_write) { eng_case("v3", g_write); }
ST_TEST(v2_write) { eng_case("v2", g_write); }
ST_TEST(v3_crud) { eng_case("v3", g_crud); }
ST_TEST(v2_crud) { eng_case("v2", g_crud); }
ST_TEST(v3_batch) { eng_case("v3", g_batch); }
ST_TEST(v2_batch) { eng_case("v2", g_batch); }

ST_MAIN(ST_CASE(v3_write), ST_CASE(v2_write), ST_CASE(v3_crud), ST_CASE(v2_crud), ST_CASE(v3_batch),
        ST_CASE(v2_batch))
