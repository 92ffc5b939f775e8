/* Integration tests of libsurql-query against the real engines (SurrealDB 3.x native and
 * 2.x wasm, through the dev server): every builder clause, operator, expression, hint and
 * every CRUD / graph / batch helper is built, executed, read back with its shape
 * (surql_query_stmt_read()) and compared with the rows the engine must return. Read-only
 * statements are also run in their display form (inline literals) and must read the same.
 * Engine differences are asserted explicitly (see docs/query.md "Verified on").
 * This file: SELECT clauses, expressions and hints; writes, CRUD and batches are in
 * test-engine-write.c, graph and vector helpers in test-engine-graph.c. */
#include <math.h>

#include "engine-test.h"

/* ------------------------------------------------------------------------ */
/* fixtures                                                                   */
/* ------------------------------------------------------------------------ */

#define PEOPLE                                                                                     \
    "CREATE user:alice CONTENT { name: 'Alice', age: 30, tags: ['admin', 'dev'], "                \
    "address: { city: 'Paris' }, score: 1.5, active: true, mid: 'm' };"                            \
    "CREATE user:bob CONTENT { name: 'Bob', age: 25, tags: ['dev'], address: { city: 'Berlin' }, " \
    "score: 2.5, active: false, mid: NULL };"                                                      \
    "CREATE user:carol CONTENT { name: 'Carol', age: 35, tags: [], address: { city: 'Paris' }, "  \
    "score: 3.0, active: true, nick: 'cc', mid: 'x' };"                                            \
    "CREATE num:1 SET v = 1; CREATE num:2 SET v = 2; CREATE num:3 SET v = 3;"                     \
    "CREATE num:4 SET v = 4; CREATE num:5 SET v = 5;"

/* SELECT name FROM user WHERE cond ORDER BY name */
static surql_query_builder *names_where(surql_query_expr *cond)
{
    return surql_query_order_by(surql_query_where(surql_query_field_add(FROM("user"), "name"), cond),
                                "name", 0);
}

#define NAMES(cond, want) EXPECT(names_where(cond), want, F_RO)

static surql_query_expr *strs(const char *a, const char *b)
{
    surql_query_expr *items[2] = { S(a), b ? S(b) : NULL };
    return surql_query_array(items, b ? 2 : 1);
}

/* ------------------------------------------------------------------------ */
/* SELECT: projections, targets, conditions, ordering, paging, grouping       */
/* ------------------------------------------------------------------------ */

static void g_select(void)
{
    SQL(PEOPLE);
    EXPECT(surql_query_order_by(surql_query_field_add(FROM("user"), "name"), "name", 0),
           "[{ name: 'Alice' }, { name: 'Bob' }, { name: 'Carol' }]", F_RO);
    const char *two[] = { "name", "address.city" };
    EXPECT(surql_query_fields(FROM("user:bob"), two, 2),
           "[{ name: 'Bob', address: { city: 'Berlin' } }]", F_RO);
    EXPECT(surql_query_order_by(surql_query_select_value(FROM("user"), F("name")), "name", 1),
           "['Carol', 'Bob', 'Alice']", F_RO);
    EXPECT(surql_query_omit(surql_query_omit(surql_query_omit(surql_query_omit(
               surql_query_omit(FROM("user:bob"), "address"), "tags"), "score"), "active"), "mid"),
           "[{ id: user:bob, name: 'Bob', age: 25 }]", F_RO);
    /* targets: record id text, record values, ranges, two tables, ONLY */
    EXPECT(surql_query_field_add(FROM("user:carol"), "age"), "[{ age: 35 }]", F_RO);
    surql_value *ids = lit("[user:alice, user:bob]");
    EXPECT(surql_query_field_add(surql_query_from_value(SELECT(), ids), "name"),
           "[{ name: 'Alice' }, { name: 'Bob' }]", F_RO);
    surql_value_unref(ids);
    surql_value *lo = surql_value_int(2), *hi = surql_value_int(4);
    EXPECT(surql_query_select_value(surql_query_from_range(SELECT(), "num", lo, 1, hi, 1), F("v")),
           "[2, 3, 4]", F_RO);
    EXPECT(surql_query_select_value(surql_query_from_range(SELECT(), "num", lo, 1, hi, 0), F("v")),
           "[2, 3]", F_RO);
    EXPECT(surql_query_select_value(surql_query_from_range(SELECT(), "num", NULL, 1, hi, 0), F("v")),
           "[1, 2, 3]", F_RO);
    EXPECT(surql_query_select_value(surql_query_from_range(SELECT(), "num", lo, 0, NULL, 0), F("v")),
           "[3, 4, 5]", F_RO);
    surql_value_unref(lo);
    surql_value_unref(hi);
    {
        surql_value *v = NULL;
        RUN(v, surql_query_select_value(surql_query_from(FROM("user"), "num"), F("id")));
        ST_CHECKF(surql_value_length(v) == 8, "two tables: %s", show(v));
        surql_value_unref(v);
    }
    EXPECT(surql_query_field_add(surql_query_only(FROM("user:alice")), "name"), "{ name: 'Alice' }",
           F_RO);
    EXPECT(surql_query_only(FROM("user:nobody")), "NONE", F_RO);

    /* comparison operators */
    NAMES(surql_query_eq(F("name"), S("Bob")), "[{ name: 'Bob' }]");
    NAMES(surql_query_neq(F("name"), S("Bob")), "[{ name: 'Alice' }, { name: 'Carol' }]");
    NAMES(surql_query_gt(F("age"), I(30)), "[{ name: 'Carol' }]");
    NAMES(surql_query_gte(F("age"), I(30)), "[{ name: 'Alice' }, { name: 'Carol' }]");
    NAMES(surql_query_lt(F("age"), I(30)), "[{ name: 'Bob' }]");
    NAMES(surql_query_lte(F("score"), surql_query_float(2.5)), "[{ name: 'Alice' }, { name: 'Bob' }]");
    NAMES(surql_query_binary(SURQL_QUERY_OP_EXACT, F("age"), I(25)), "[{ name: 'Bob' }]");
    NAMES(surql_query_eq(F("address.city"), S("Paris")), "[{ name: 'Alice' }, { name: 'Carol' }]");
    NAMES(surql_query_eq(F("active"), surql_query_bool(0)), "[{ name: 'Bob' }]");
    NAMES(surql_query_eq(F("id"), surql_query_record("user:carol")), "[{ name: 'Carol' }]");
    /* containment */
    NAMES(surql_query_contains(F("tags"), S("admin")), "[{ name: 'Alice' }]");
    NAMES(surql_query_contains_not(F("tags"), S("dev")), "[{ name: 'Carol' }]");
    NAMES(surql_query_contains_all(F("tags"), strs("admin", "dev")), "[{ name: 'Alice' }]");
    NAMES(surql_query_contains_any(F("tags"), strs("admin", "zzz")), "[{ name: 'Alice' }]");
    NAMES(surql_query_binary(SURQL_QUERY_OP_CONTAINSNONE, F("tags"), strs("admin", NULL)),
          "[{ name: 'Bob' }, { name: 'Carol' }]");
    NAMES(surql_query_inside(F("name"), strs("Alice", "Bob")), "[{ name: 'Alice' }, { name: 'Bob' }]");
    NAMES(surql_query_not_inside(F("name"), strs("Alice", "Bob")), "[{ name: 'Carol' }]");
    NAMES(surql_query_in(F("age"), surql_query_value_take(lit("[25, 35]"))),
          "[{ name: 'Bob' }, { name: 'Carol' }]");
    NAMES(surql_query_not_in(F("age"), surql_query_value_take(lit("[25, 35]"))), "[{ name: 'Alice' }]");
    NAMES(surql_query_binary(SURQL_QUERY_OP_ALLINSIDE, F("tags"), strs("dev", "admin")),
          "[{ name: 'Alice' }, { name: 'Bob' }, { name: 'Carol' }]");
    NAMES(surql_query_binary(SURQL_QUERY_OP_ANYINSIDE, F("tags"), strs("admin", NULL)),
          "[{ name: 'Alice' }]");
    NAMES(surql_query_binary(SURQL_QUERY_OP_NONEINSIDE, F("tags"), strs("admin", NULL)),
          "[{ name: 'Bob' }, { name: 'Carol' }]");
    /* NONE / NULL */
    NAMES(surql_query_is_none(F("nick")), "[{ name: 'Alice' }, { name: 'Bob' }]");
    NAMES(surql_query_is_not_none(F("nick")), "[{ name: 'Carol' }]");
    NAMES(surql_query_is_null(F("mid")), "[{ name: 'Bob' }]");
    NAMES(surql_query_is_not_null(F("mid")), "[{ name: 'Alice' }, { name: 'Carol' }]");
    NAMES(surql_query_eq(F("nick"), surql_query_none()), "[{ name: 'Alice' }, { name: 'Bob' }]");
    NAMES(surql_query_eq(F("mid"), surql_query_null()), "[{ name: 'Bob' }]");
    /* boolean trees and precedence */
    NAMES(surql_query_or(surql_query_and(surql_query_gt(F("age"), I(26)),
                                         surql_query_eq(F("active"), surql_query_bool(1))),
                         surql_query_eq(F("name"), S("Bob"))),
          "[{ name: 'Alice' }, { name: 'Bob' }, { name: 'Carol' }]");
    NAMES(surql_query_and(surql_query_or(surql_query_eq(F("name"), S("Bob")),
                                         surql_query_eq(F("name"), S("Carol"))),
                          surql_query_not(surql_query_eq(F("active"), surql_query_bool(0)))),
          "[{ name: 'Carol' }]");
    NAMES(surql_query_not(surql_query_eq(F("active"), surql_query_bool(1))), "[{ name: 'Bob' }]");
    {
        surql_query_expr *c[3] = { surql_query_gte(F("age"), I(25)),
                                   surql_query_lte(F("age"), I(30)),
                                   surql_query_neq(F("name"), S("Bob")) };
        NAMES(surql_query_and_all(c, 3), "[{ name: 'Alice' }]");
        surql_query_expr *o[2] = { surql_query_eq(F("age"), I(25)), surql_query_eq(F("age"), I(35)) };
        NAMES(surql_query_or_all(o, 2), "[{ name: 'Bob' }, { name: 'Carol' }]");
    }
    /* arithmetic: (age + 1) * 2 > 62 only for Carol; precedence is the tree's */
    NAMES(surql_query_gt(surql_query_binary(SURQL_QUERY_OP_MUL,
                                            surql_query_binary(SURQL_QUERY_OP_ADD, F("age"), I(1)),
                                            I(2)),
                         I(62)),
          "[{ name: 'Carol' }]");
    NAMES(surql_query_eq(surql_query_binary(SURQL_QUERY_OP_SUB, F("age"),
                                            surql_query_binary(SURQL_QUERY_OP_DIV, I(10), I(2))),
                         I(20)),
          "[{ name: 'Bob' }]");
    /* several where() calls are ANDed; raw trusted conditions */
    EXPECT(surql_query_where_raw_trusted(
               surql_query_where(surql_query_field_add(FROM("user"), "name"),
                                 surql_query_eq(F("active"), surql_query_bool(1))),
               "age > 31"),
           "[{ name: 'Carol' }]", F_RO);
    /* a subquery operand */
    NAMES(surql_query_inside(F("id"),
                             surql_query_subquery(surql_query_where(
                                 surql_query_select_value(FROM("user"), F("id")),
                                 surql_query_eq(F("active"), surql_query_bool(1))))),
          "[{ name: 'Alice' }, { name: 'Carol' }]");

    /* ordering (SurrealQL wants the ORDER BY fields in the projection), paging */
    {
        const char *f3[] = { "name", "address.city", "age" };
        EXPECT(surql_query_order_by(surql_query_order_by(surql_query_fields(FROM("user"), f3, 3),
                                                         "address.city", 0),
                                    "age", 1),
               "[{ name: 'Bob', address: { city: 'Berlin' }, age: 25 }, "
               "{ name: 'Carol', address: { city: 'Paris' }, age: 35 }, "
               "{ name: 'Alice', address: { city: 'Paris' }, age: 30 }]",
               F_RO);
    }
    EXPECT(surql_query_order_by_dir(surql_query_select_value(FROM("user"), F("age")), "age", "desc"),
           "[35, 30, 25]", F_RO);
    EXPECT(surql_query_start(surql_query_limit(
               surql_query_order_by(surql_query_field_add(FROM("user"), "age"), "age", 0), 1), 1),
           "[{ age: 30 }]", F_RO);
    EXPECT(surql_query_limit(surql_query_select_value(FROM("user"), F("name")), 0), "[]", F_RO);
    EXPECT(surql_query_order_random(surql_query_select_value(FROM("user"), F("name"))),
           "['Alice', 'Bob', 'Carol']", F_SORT);

    /* grouping and aggregates */
    EXPECT(surql_query_group_by(surql_query_project(surql_query_field_add(FROM("user"), "address.city"),
                                                    surql_query_as(surql_query_count(), "n")),
                                "address.city"),
           "[{ address: { city: 'Berlin' }, n: 1 }, { address: { city: 'Paris' }, n: 2 }]",
           F_RO | F_SORT);
    {
        surql_value *v = NULL;
        surql_query_builder *b = FROM("user");
        b = surql_query_project(b, surql_query_as(surql_query_count(), "n"));
        b = surql_query_project(b, surql_query_as(surql_query_sum(F("age")), "total"));
        b = surql_query_project(b, surql_query_as(surql_query_avg(F("age")), "avg"));
        b = surql_query_project(b, surql_query_as(surql_query_min(F("age")), "lo"));
        b = surql_query_project(b, surql_query_as(surql_query_max(F("score")), "hi"));
        b = surql_query_project(b, surql_query_as(surql_query_count_of(F("active")), "act"));
        RUN(v, surql_query_group_all(b));
        ST_CHECKF(surql_value_length(v) == 1, "%s", show(v));
        const surql_value *r = surql_value_array_at(v, 0);
        double n[6] = { 0 };
        const char *k[6] = { "n", "total", "avg", "lo", "hi", "act" };
        for (int i = 0; i < 6; i++)
            ST_CHECKF(surql_value_get_number(surql_value_object_get(r, k[i]), &n[i]) == 0,
                      "%s missing in %s", k[i], show(r));
        ST_CHECKF(n[0] == 3 && n[1] == 90 && n[2] == 30 && n[3] == 25 && n[4] == 3 && n[5] == 2,
                  "aggregates: %s", show(r));
        surql_value_unref(v);
    }
    /* GROUP ALL count on a table with no match: 3.x gives one row with count 0, 2.x no row */
    EXPECT(surql_query_group_all(surql_query_where(surql_query_project(FROM("user"), surql_query_count()),
                                                   surql_query_gt(F("age"), I(99)))),
           E.v2 ? "[]" : "[{ count: 0 }]", F_RO);
    /* SPLIT, FETCH */
    const char *nt[] = { "name", "tags" };
    EXPECT(surql_query_split(surql_query_fields(FROM("user:alice"), nt, 2), "tags"),
           "[{ name: 'Alice', tags: 'admin' }, { name: 'Alice', tags: 'dev' }]", F_RO | F_SORT);
    SQL("CREATE post:1 SET title = 'Hello', author = user:alice, readers = [user:bob, user:carol]");
    EXPECT(surql_query_fetch(surql_query_field_add(surql_query_field_add(
               surql_query_field_add(FROM("post:1"), "author.name"), "title"), "author"), "author"),
           NULL, 0);
    {
        surql_value *v = NULL;
        RUN(v, surql_query_fetch(surql_query_fetch(FROM("post:1"), "author"), "readers"));
        const surql_value *p = surql_value_array_at(v, 0);
        const surql_value *a = surql_value_object_get(p, "author");
        const surql_value *rd = surql_value_object_get(p, "readers");
        surql_value *wa = lit("'Alice'"), *wr = lit("'Carol'");
        ST_CHECKF(surql_value_equal(surql_value_object_get(a, "name"), wa) &&
                      surql_value_equal(surql_value_object_get(surql_value_array_at(rd, 1), "name"), wr),
                  "fetch: %s", show(v));
        surql_value_unref(wa);
        surql_value_unref(wr);
        surql_value_unref(v);
    }
}


/* ------------------------------------------------------------------------ */
/* expressions: functions (with the 2.x/3.x renames), casts, fuzzy / full-text */
/* ------------------------------------------------------------------------ */

/* SELECT VALUE e FROM user:alice (not FROM ONLY: ONLY takes the first item of an array
 * value, on both engines) */
static surql_query_builder *value_of(surql_query_expr *e)
{
    return surql_query_select_value(FROM("user:alice"), e);
}

#define VALUE_IS(e, want) EXPECT(value_of(e), "[" want "]", F_RO)

static void g_expr(void)
{
    SQL(PEOPLE);
    VALUE_IS(surql_query_upper(F("name")), "'ALICE'");
    VALUE_IS(surql_query_lower(S("MiXeD")), "'mixed'");
    {
        surql_query_expr *parts[3] = { F("name"), S(" / "), F("address.city") };
        VALUE_IS(surql_query_concat(parts, 3), "'Alice / Paris'");
    }
    VALUE_IS(surql_query_array_len(F("tags")), "2");
    VALUE_IS(surql_query_round(surql_query_float(2.6), -1), "3f");
    VALUE_IS(surql_query_round(surql_query_float(3.14159), 2), "3.14f");
    VALUE_IS(surql_query_cast("string", F("age")), "'30'");
    VALUE_IS(surql_query_cast("int", S("42")), "42");
    VALUE_IS(surql_query_cast("float", I(2)), "2f");
    VALUE_IS(surql_query_cast("bool", S("true")), "true");
    VALUE_IS(surql_query_cast("record", S("user:bob")), "user:bob");
    VALUE_IS(surql_query_cast("array", surql_query_value_take(lit("[1]"))), "[1]");
    VALUE_IS(surql_query_cast("decimal", S("1.25")), "1.25dec");
    VALUE_IS(surql_query_cast("duration", S("1h30m")), "1h30m");
    VALUE_IS(surql_query_max(surql_query_value_take(lit("[3, 9, 4]"))), "9");
    VALUE_IS(surql_query_fn1("array::distinct", surql_query_value_take(lit("[1, 1, 2]"))), "[1, 2]");
    VALUE_IS(surql_query_fn1("string::len", F("name")), "5");
    VALUE_IS(surql_query_fn1("math::abs", I(-4)), "4");
    /* the dialect renames: each spelling renders the engine's own name */
    VALUE_IS(surql_query_fn1("type::is::number", F("age")), "true");
    VALUE_IS(surql_query_fn1("type::is_number", F("name")), "false");
    VALUE_IS(surql_query_fn1("string::is::email", S("a@b.example")), "true");
    VALUE_IS(surql_query_fn1("string::is_email", S("nope")), "false");
    VALUE_IS(surql_query_fn2("type::thing", S("user"), S("bob")), "user:bob");
    VALUE_IS(surql_query_fn2("type::record", S("user"), S("carol")), "user:carol");
    VALUE_IS(surql_query_fn1("duration::from::secs", I(90)), "1m30s");
    VALUE_IS(surql_query_fn1("duration::from_mins", I(2)), "2m");
    VALUE_IS(surql_query_fn1("time::from::unix", I(0)), "d'1970-01-01T00:00:00Z'");
    VALUE_IS(surql_query_fn1("time::from_secs", I(86400)), "d'1970-01-02T00:00:00Z'");
    VALUE_IS(surql_query_fn2("string::distance::osa", S("ab"), S("ba")), "1");
    VALUE_IS(surql_query_fn2("string::distance::osa_distance", S("abc"), S("abd")), "1");
    {
        /* non-deterministic values: check the types */
        surql_value *v = NULL;
        surql_query_builder *b = surql_query_only(FROM("user:alice"));
        b = surql_query_project(b, surql_query_as(surql_query_time_now(), "now"));
        b = surql_query_project(b, surql_query_as(surql_query_rand_uuid(), "u"));
        b = surql_query_project(b, surql_query_as(surql_query_fn0("rand::guid"), "g"));
        b = surql_query_project(b, surql_query_as(surql_query_fn0("rand::id"), "g2"));
        b = surql_query_project(b, surql_query_as(surql_query_fn0("rand::float"), "f"));
        RUN(v, b);
        ST_CHECKF(surql_value_type_of(surql_value_object_get(v, "now")) == SURQL_VALUE_DATETIME &&
                      surql_value_type_of(surql_value_object_get(v, "u")) == SURQL_VALUE_UUID &&
                      surql_value_type_of(surql_value_object_get(v, "g")) == SURQL_VALUE_STRING &&
                      surql_value_type_of(surql_value_object_get(v, "g2")) == SURQL_VALUE_STRING &&
                      surql_value_type_of(surql_value_object_get(v, "f")) == SURQL_VALUE_FLOAT,
                  "types: %s", show(v));
        surql_value_unref(v);
    }
    /* aliases that need escaping come back as the same keys */
    EXPECT(surql_query_project(FROM("user:bob"), surql_query_as(F("age"), "my age")),
           "[{ 'my age': 25 }]", F_RO);
    EXPECT(surql_query_project(FROM("user:bob"), surql_query_as(F("age"), "select")),
           "[{ select: 25 }]", F_RO);
    /* vector functions */
    VALUE_IS(surql_query_vector_score(SURQL_QUERY_DIST_EUCLIDEAN, surql_query_value_take(lit("[0, 0]")),
                                      surql_query_value_take(lit("[3, 4]")), 0),
             "5f");
    VALUE_IS(surql_query_vector_score(SURQL_QUERY_DIST_MANHATTAN, surql_query_value_take(lit("[0, 0]")),
                                      surql_query_value_take(lit("[3, 4]")), 0),
             "7");
    VALUE_IS(surql_query_vector_score(SURQL_QUERY_DIST_COSINE, surql_query_value_take(lit("[1, 0]")),
                                      surql_query_value_take(lit("[2, 0]")), 0),
             "1f");
    VALUE_IS(surql_query_vector_score(SURQL_QUERY_DIST_MINKOWSKI, surql_query_value_take(lit("[0, 0]")),
                                      surql_query_value_take(lit("[3, 4]")), 1),
             "7f");
    /* fuzzy match: 2.x only (3.x removed `~`; the builder refuses it) */
    if (E.v2) {
        NAMES(surql_query_like(F("name"), S("ali")), "[{ name: 'Alice' }]");
        NAMES(surql_query_binary(SURQL_QUERY_OP_NOTFUZZY, F("name"), S("ali")),
              "[{ name: 'Bob' }, { name: 'Carol' }]");
    } else {
        surql_query_stmt *st = NULL;
        surql_query_builder *b = names_where(surql_query_like(F("name"), S("ali")));
        ST_ERR(surql_query_build(&st, b), SURQL_QUERY_EDIALECT);
        surql_query_unref(b);
    }
    /* full-text match needs an analyzer and a full-text index (2.x SEARCH, 3.x FULLTEXT) */
    SQL("DEFINE ANALYZER simple TOKENIZERS blank, class FILTERS lowercase;");
    SQL(E.v2 ? "DEFINE INDEX bio_ft ON user FIELDS bio SEARCH ANALYZER simple BM25;"
             : "DEFINE INDEX bio_ft ON user FIELDS bio FULLTEXT ANALYZER simple BM25;");
    SQL("UPDATE user:alice SET bio = 'Loves graph databases'; "
        "UPDATE user:bob SET bio = 'Writes C code'; UPDATE user:carol SET bio = 'Graph theory fan';");
    NAMES(surql_query_matches(F("bio"), S("graph")), "[{ name: 'Alice' }, { name: 'Carol' }]");
}

/* ------------------------------------------------------------------------ */
/* hints: TIMEOUT, PARALLEL, EXPLAIN [FULL], WITH INDEX / NOINDEX, comments  */
/* ------------------------------------------------------------------------ */

static void g_hints(void)
{
    SQL(PEOPLE);
    SQL("DEFINE INDEX user_age ON user FIELDS age;");
    surql_query_builder *base =
        surql_query_order_by(surql_query_where(surql_query_field_add(FROM("user"), "name"),
                                               surql_query_gt(F("age"), I(26))),
                             "name", 0);
    const char *two = "[{ name: 'Alice' }, { name: 'Carol' }]";
    EXPECT(surql_query_timeout(surql_query_ref(base), 2.5), two, F_RO);
    EXPECT(surql_query_parallel(surql_query_ref(base), 1, 0), two, F_RO);
    EXPECT(surql_query_parallel(surql_query_ref(base), 1, 4), two, F_RO);
    EXPECT(surql_query_parallel(surql_query_ref(base), 0, 0), two, F_RO);
    EXPECT(surql_query_use_index(surql_query_ref(base), "user_age"), two, F_RO);
    EXPECT(surql_query_no_index(surql_query_ref(base)), two, F_RO);
    EXPECT(surql_query_fetch_hint(surql_query_ref(base), SURQL_QUERY_FETCH_BATCH, 100), two, F_RO);
    EXPECT(surql_query_timeout(surql_query_parallel(surql_query_use_index(surql_query_ref(base),
                                                                          "user_age"), 1, 0), 1),
           two, F_RO);
    {
        surql_query_hint *h[3] = { surql_query_hint_index("user", "user_age", 1),
                                   surql_query_hint_timeout(3), surql_query_hint_fetch(SURQL_QUERY_FETCH_LAZY, 0) };
        surql_query_builder *b = surql_query_ref(base);
        for (int i = 0; i < 3; i++) {
            b = surql_query_with_hint(b, h[i]);
            surql_query_hint_free(h[i]);
        }
        EXPECT(b, two, F_RO);
    }
    /* EXPLAIN: the plan, not the rows; it must name the index when one is used */
    for (int full = 0; full <= 1; full++) {
        surql_value *v = NULL;
        RUN(v, surql_query_explain(surql_query_use_index(surql_query_ref(base), "user_age"), full));
        surql_buf j = SURQL_BUF_INIT;
        surql_value_to_json(v, &j, 0);
        int ok = surql_value_type_of(v) == SURQL_VALUE_ARRAY && surql_value_length(v) > 0 &&
                 strstr(surql_buf_cstr(&j), "user_age") != NULL &&
                 (!full || strstr(surql_buf_cstr(&j), "Fetch") || strstr(surql_buf_cstr(&j), "fetch") ||
                  !E.v2);
        st_note("EXPLAIN%s on %s: %.300s", full ? " FULL" : "", E.s.engine, surql_buf_cstr(&j));
        surql_buf_dispose(&j);
        surql_value_unref(v);
        ST_CHECKF(ok, "EXPLAIN%s does not show the index", full ? " FULL" : "");
    }
    surql_query_unref(base);
    /* TIMEOUT / PARALLEL on write statements */
    surql_value *row = lit("{ name: 'Dave', age: 40 }");
    EXPECT(surql_query_timeout(surql_query_parallel(surql_query_content(DIAL(surql_query_create("user:dave")), row),
                                                    1, 0), 5),
           "[{ id: user:dave, name: 'Dave', age: 40 }]", 0);
    surql_value *rows = lit("[{ id: user:erin, name: 'Erin', age: 41 }]");
    EXPECT(surql_query_timeout(surql_query_parallel(surql_query_values(DIAL(surql_query_insert("user")), rows),
                                                    1, 0), 5),
           "[{ id: user:erin, name: 'Erin', age: 41 }]", 0);
    surql_value_unref(rows);
    surql_value_unref(row);
    EXPECT(surql_query_timeout(surql_query_parallel(surql_query_returning(surql_query_set(
               DIAL(surql_query_update("user:dave")), "age", I(42)), SURQL_QUERY_RETURN_NONE), 1, 0), 5),
           "NONE", 0);
    EXPECT(surql_query_timeout(surql_query_returning(surql_query_set(DIAL(surql_query_upsert("user:zed")),
                                                                     "age", I(1)), SURQL_QUERY_RETURN_AFTER), 5),
           "[{ id: user:zed, age: 1 }]", 0);
    EXPECT(surql_query_timeout(surql_query_parallel(DIAL(surql_query_delete("user:zed")), 1, 0), 5), "[]", 0);
    EXPECT(surql_query_timeout(DIAL(surql_query_relate("knows", "user:dave", "user:erin")), 5), NULL, 0);
    EXPECT(surql_query_select_value(surql_query_where(FROM("user"), surql_query_gte(F("age"), I(40))),
                                    F("age")),
           "[42, 41]", F_SORT);
}

/* ------------------------------------------------------------------------ */

ST_TEST(v3_select) { eng_case("v3", g_select); }
ST_TEST(v2_select) { eng_case("v2", g_select); }
ST_TEST(v3_expr) { eng_case("v3", g_expr); }
ST_TEST(v2_expr) { eng_case("v2", g_expr); }
ST_TEST(v3_hints) { eng_case("v3", g_hints); }
ST_TEST(v2_hints) { eng_case("v2", g_hints); }

ST_MAIN(ST_CASE(v3_select), ST_CASE(v2_select), ST_CASE(v3_expr), ST_CASE(v2_expr),
        ST_CASE(v3_hints), ST_CASE(v2_hints))
