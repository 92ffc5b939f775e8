/* Integration tests of libsurql-query against the real engines (SurrealDB 3.x native and
 * 2.x wasm, through the dev server): every builder clause, operator, expression, hint and
 * every CRUD / graph / batch helper is built, executed, read back with its shape
 * (surql_query_stmt_read()) and compared with the rows the engine must return. Read-only
 * statements are also run in their display form (inline literals) and must read the same.
 * Engine differences are asserted explicitly (see docs/query.md "Verified on"). */
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
/* graph helpers (graph.h) on a small generated graph, checked against a     */
/* reference computed here                                                   */
/* ------------------------------------------------------------------------ */

#define GN 12 /* node:0..node:11 linked; node:12 isolated */
static int adj[GN + 1][GN + 1];

static void gen_graph(void)
{
    memset(adj, 0, sizeof adj);
    for (int i = 0; i < GN; i++) {
        int a = (i * 5 + 1) % GN, b = (i * 7 + 3) % GN;
        if (a != i)
            adj[i][a] = 1;
        if (b != i)
            adj[i][b] = 1;
    }
}

/* nodes reachable in 1..depth hops (OUT), start excluded */
static void reach(int start, int depth, int *out)
{
    int cur[GN + 1] = { 0 }, next[GN + 1];
    memset(out, 0, sizeof(int) * (GN + 1));
    cur[start] = 1;
    for (int d = 0; d < depth; d++) {
        memset(next, 0, sizeof next);
        for (int i = 0; i <= GN; i++)
            for (int j = 0; cur[i] && j <= GN; j++)
                if (adj[i][j])
                    next[j] = 1;
        for (int j = 0; j <= GN; j++) {
            out[j] |= next[j];
            cur[j] = next[j];
        }
    }
    out[start] = 0;
}

/* nodes at the end of walks of exactly depth hops */
static void exact(int start, int depth, int *out)
{
    int cur[GN + 1] = { 0 }, next[GN + 1];
    cur[start] = 1;
    for (int d = 0; d < depth; d++) {
        memset(next, 0, sizeof next);
        for (int i = 0; i <= GN; i++)
            for (int j = 0; cur[i] && j <= GN; j++)
                if (adj[i][j])
                    next[j] = 1;
        memcpy(cur, next, sizeof cur);
    }
    memcpy(out, cur, sizeof cur);
}

/* BFS distance (-1 unreachable) */
static int dist(int a, int b)
{
    int d[GN + 1], q[GN + 1], h = 0, t = 0;
    for (int i = 0; i <= GN; i++)
        d[i] = -1;
    d[a] = 0;
    q[t++] = a;
    while (h < t) {
        int x = q[h++];
        for (int y = 0; y <= GN; y++)
            if (adj[x][y] && d[y] < 0) {
                d[y] = d[x] + 1;
                q[t++] = y;
            }
    }
    return d[b];
}

/* key of node:N, or -1 */
static int node_key(const surql_value *rec)
{
    if (surql_value_type_of(rec) == SURQL_VALUE_OBJECT)
        rec = surql_value_object_get(rec, "id");
    const char *t = NULL;
    const surql_value *k = NULL;
    int64_t n = -1;
    if (surql_value_record_table(rec, &t) != 0 || strcmp(t, "node") != 0 ||
        surql_value_record_key(rec, &k) != 0 || surql_value_get_int(k, &n) != 0)
        return -1;
    return (int)n;
}

/* the rows (records or objects with an id, possibly nested arrays) as a node set; 0 when
 * an item is not a node */
static int as_set(const surql_value *v, int *set)
{
    if (surql_value_type_of(v) == SURQL_VALUE_ARRAY) {
        for (size_t i = 0; i < surql_value_length(v); i++)
            if (!as_set(surql_value_array_at(v, i), set))
                return 0;
        return 1;
    }
    int k = node_key(v);
    if (k < 0 || k > GN)
        return 0;
    set[k] = 1;
    return 1;
}

static const char *set_str(const int *set)
{
    static char buf[256];
    size_t o = 0;
    buf[0] = '\0';
    for (int i = 0; i <= GN; i++)
        if (set[i])
            o += (size_t)snprintf(buf + o, sizeof buf - o, "%d ", i);
    return buf;
}

static char *node(int i)
{
    static char buf[4][32];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "node:%d", i);
    return buf[k];
}

#define SAME_SET(v, want, what, ...)                                                   \
    do {                                                                               \
        int got_[GN + 1] = { 0 };                                                      \
        ST_CHECKF(as_set((v), got_), "%s: not nodes: %s", what, show(v));              \
        char g_[256];                                                                  \
        snprintf(g_, sizeof g_, "%s", set_str(got_));                                  \
        ST_CHECKF(memcmp(got_, (want), sizeof got_) == 0, "%s: got {%s} want {%s}", what, g_, \
                  set_str(want));                                                      \
    } while (0)

static void g_graph(void)
{
    const int d = E.d;
    surql_value *v = NULL;
    gen_graph();
    surql_buf fx = SURQL_BUF_INIT;
    for (int i = 0; i <= GN; i++)
        surql_buf_printf(&fx, "CREATE node:%d SET n = %d;", i, i);
    for (int i = 0; i <= GN; i++)
        for (int j = 0; j <= GN; j++)
            if (adj[i][j])
                surql_buf_printf(&fx, "RELATE node:%d->link->node:%d SET w = %d;", i, j, i * 100 + j);
    int frc = eng_sql(E.c, surql_buf_cstr(&fx));
    surql_buf_dispose(&fx);
    ST_CHECKF(frc == 0, "graph fixture: %s", emsg());
    for (int start = 0; start <= GN; start += 3) {
        int want[GN + 1], outd = 0, ind = 0;
        /* one hop: traverse, traverse_depth 1, related OUT */
        reach(start, 1, want);
        RUN_H(v, surql_query_graph_traverse(&s, d, node(start), "->link->node", NULL, 0));
        SAME_SET(v, want, "traverse");
        surql_value_unref(v);
        RUN_H(v, surql_query_graph_related(&s, d, node(start), "link", "node", SURQL_QUERY_OUT, NULL, 0));
        SAME_SET(v, want, "related out");
        surql_value_unref(v);
        for (int j = 0; j <= GN; j++) {
            outd += adj[start][j];
            ind += adj[j][start];
        }
        /* IN */
        int win[GN + 1] = { 0 };
        for (int j = 0; j <= GN; j++)
            win[j] = adj[j][start];
        RUN_H(v, surql_query_graph_related(&s, d, node(start), "link", "node", SURQL_QUERY_IN, NULL, 0));
        SAME_SET(v, win, "related in");
        surql_value_unref(v);
        /* exactly N hops, and distinct neighbours within N hops */
        for (unsigned depth = 1; depth <= 3; depth++) {
            exact(start, (int)depth, want);
            RUN_H(v, surql_query_graph_traverse_depth(&s, d, node(start), "link", "node", SURQL_QUERY_OUT, depth));
            SAME_SET(v, want, "traverse_depth");
            surql_value_unref(v);
            reach(start, (int)depth, want);
            RUN_H(v, surql_query_graph_neighbors(&s, d, node(start), "link", depth, SURQL_QUERY_OUT));
            SAME_SET(v, want, "neighbors");
            /* distinct: one row per node */
            int n = 0;
            for (int j = 0; j <= GN; j++)
                n += want[j];
            ST_CHECKF(surql_value_length(v) == (size_t)n, "neighbors depth %u of %d: %zu rows, want %d: %s",
                      depth, start, surql_value_length(v), n, show(v));
            surql_value_unref(v);
        }
        /* degree, count_related */
        char w[32];
        snprintf(w, sizeof w, "%d", outd);
        EXPECT_H(surql_query_graph_degree(&s, d, node(start), "link", SURQL_QUERY_OUT), w, F_RO);
        EXPECT_H(surql_query_graph_count_related(&s, d, node(start), "link", SURQL_QUERY_OUT), w, F_RO);
        snprintf(w, sizeof w, "%d", ind);
        EXPECT_H(surql_query_graph_degree(&s, d, node(start), "link", SURQL_QUERY_IN), w, F_RO);
        EXPECT_H(surql_query_graph_count_related(&s, d, node(start), "link", SURQL_QUERY_IN), w, F_RO);
        snprintf(w, sizeof w, "%d", ind + outd);
        EXPECT_H(surql_query_graph_degree(&s, d, node(start), "link", SURQL_QUERY_BOTH), w, F_RO);
        EXPECT_H(surql_query_graph_count_related(&s, d, node(start), "link", SURQL_QUERY_BOTH), w, F_RO);
        /* edges out / in */
        RUN_H(v, surql_query_graph_outgoing(&s, d, node(start), "link", NULL, 0));
        ST_CHECKF(surql_value_length(v) == (size_t)outd, "outgoing: %s", show(v));
        for (size_t i = 0; i < surql_value_length(v); i++) {
            const surql_value *e = surql_value_array_at(v, i);
            int a = node_key(surql_value_object_get(e, "in")), b = node_key(surql_value_object_get(e, "out"));
            int64_t wt = -1;
            surql_value_get_int(surql_value_object_get(e, "w"), &wt);
            ST_CHECKF(a == start && b >= 0 && adj[a][b] && wt == a * 100 + b, "edge %s", show(e));
        }
        surql_value_unref(v);
        {
            surql_query_expr *c[1] = { surql_query_gt(F("w"), I(start * 100 + 5)) };
            RUN_H(v, surql_query_graph_incoming(&s, d, node(start), "link", c, 1));
            int n = 0;
            for (int j = 0; j <= GN; j++)
                n += adj[j][start] && j * 100 + start > start * 100 + 5;
            ST_CHECKF(surql_value_length(v) == (size_t)n, "incoming with condition: %s (want %d)", show(v), n);
            surql_value_unref(v);
        }
        /* mutual connections with every other node */
        for (int other = 0; other <= GN; other += 2) {
            int m[GN + 1];
            for (int j = 0; j <= GN; j++)
                m[j] = adj[start][j] && adj[other][j];
            RUN_H(v, surql_query_graph_mutual(&s, d, node(start), node(other), "link"));
            SAME_SET(v, m, "mutual");
            surql_value_unref(v);
        }
        /* shortest paths to every node */
        for (int to = 0; to <= GN; to++) {
            if (to == start)
                continue;
            int dd = dist(start, to);
            RUN_H(v, surql_query_graph_shortest_path(&s, d, node(start), node(to), "link", 8));
            size_t n = surql_value_length(v);
            if (dd < 0) {
                ST_CHECKF(n == 0, "path %d->%d should be empty: %s", start, to, show(v));
            } else {
                ST_CHECKF(n == (size_t)dd, "path %d->%d: %zu hops, want %d: %s", start, to, n, dd, show(v));
                int prev = start;
                for (size_t i = 0; i < n; i++) {
                    int k = node_key(surql_value_array_at(v, i));
                    ST_CHECKF(k >= 0 && adj[prev][k], "path %d->%d: no edge %d->%d: %s", start, to, prev, k, show(v));
                    prev = k;
                }
                ST_CHECKF(prev == to, "path %d->%d ends at %d", start, to, prev);
            }
            surql_value_unref(v);
        }
    }
    /* relate / unrelate through the helpers */
    surql_value *data = lit("{ w: 999 }");
    RUN_H(v, surql_query_graph_relate(&s, d, "link", "node:12", "node:0", data));
    surql_value_unref(data);
    ST_CHECKF(surql_value_type_of(v) == SURQL_VALUE_OBJECT && node_key(surql_value_object_get(v, "in")) == 12 &&
                  node_key(surql_value_object_get(v, "out")) == 0,
              "relate: %s", show(v));
    surql_value_unref(v);
    RUN_H(v, surql_query_graph_relate(&s, d, "link", "node:12", "node:1", NULL));
    surql_value_unref(v);
    EXPECT_H(surql_query_graph_degree(&s, d, "node:12", "link", SURQL_QUERY_OUT), "2", F_RO);
    EXPECT_H(surql_query_graph_unrelate(&s, d, "link", "node:12", "node:0"), "NONE", 0);
    EXPECT_H(surql_query_graph_degree(&s, d, "node:12", "link", SURQL_QUERY_OUT), "1", F_RO);
    EXPECT_H(surql_query_graph_traverse(&s, d, "node:12", "->link->?", NULL, 0), NULL, F_RO);
    EXPECT_H(surql_query_graph_shortest_path(&s, d, "node:12", "node:1", "link", 3), "[node:1]", F_RO);
    adj[12][1] = 1;
    /* builder: a recursive path as a projection */
    {
        surql_query_expr *g = surql_query_graph(F("id"));
        g = surql_query_graph_recurse(g, 1, 2, SURQL_QUERY_RECURSE_COLLECT, NULL);
        g = surql_query_graph_step(surql_query_graph_step(g, SURQL_QUERY_OUT, "link"), SURQL_QUERY_OUT, "node");
        int want[GN + 1];
        reach(12, 2, want);
        RUN(v, surql_query_select_value(FROM("node:12"), g));
        SAME_SET(v, want, "recurse collect projection");
        surql_value_unref(v);
    }
    {
        int want[GN + 1];
        exact(0, 2, want);
        surql_query_expr *g = surql_query_graph(surql_query_record("node:0"));
        g = surql_query_graph_path(surql_query_graph_recurse(g, 2, 0, SURQL_QUERY_RECURSE_PLAIN, NULL), "->link->node");
        RUN(v, surql_query_from_expr(SELECT(), g));
        SAME_SET(v, want, "recurse {2} target");
        surql_value_unref(v);
    }
}

/* ------------------------------------------------------------------------ */
/* vector search: KNN with a metric (brute force), with the HNSW index       */
/* (`<|k|>`, `<|k,ef|>`), similarity scores                                  */
/* ------------------------------------------------------------------------ */

static void g_vector(void)
{
    SQL("CREATE doc:a SET emb = [1.0, 0.0], lang = 'en'; CREATE doc:b SET emb = [0.9, 0.1], lang = 'fr'; "
        "CREATE doc:c SET emb = [0.0, 1.0], lang = 'en'; CREATE doc:d SET emb = [-1.0, 0.0], lang = 'en';");
    const double q[2] = { 1.0, 0.05 };
    /* brute force with an explicit metric */
    EXPECT(surql_query_order_by(surql_query_select_value(surql_query_vector_search(FROM("doc"), "emb", q, 2, 2,
                                                                                   SURQL_QUERY_DIST_EUCLIDEAN, 0),
                                                         F("id")),
                                "id", 0),
           "[doc:a, doc:b]", F_RO);
    EXPECT(surql_query_order_by(surql_query_select_value(surql_query_where(surql_query_vector_search(FROM("doc"), "emb", q, 2, 2,
                                                                                                     SURQL_QUERY_DIST_COSINE, 0),
                                                                           surql_query_eq(F("lang"), S("en"))),
                                                         F("id")),
                                "id", 0),
           /* a condition next to KNN: 2.x filters the k nearest, 3.x takes the k nearest
            * of the filtered rows */
           E.v2 ? "[doc:a]" : "[doc:a, doc:c]", F_RO | F_SORT);
    /* the helpers */
    EXPECT(surql_query_vector_search_query("doc", "emb", q, 2, 1, SURQL_QUERY_DIST_MANHATTAN,
                                           (const char *[]){ "id" }, 1),
           "[{ id: doc:a }]", F_RO);
    {
        surql_value *v = NULL;
        RUN(v, surql_query_similarity_search_query("doc", "emb", q, 2, 1, SURQL_QUERY_DIST_COSINE));
        double sim = 0;
        ST_CHECKF(surql_value_length(v) == 1 &&
                      surql_value_get_number(surql_value_object_get(surql_value_array_at(v, 0), "similarity"), &sim) == 0 &&
                      sim > 0.99,
                  "similarity search: %s", show(v));
        surql_value_unref(v);
        RUN(v, surql_query_order_by(surql_query_similarity_score(surql_query_field_add(FROM("doc"), "id"), "emb", q, 2,
                                                                 SURQL_QUERY_DIST_EUCLIDEAN, "dist"),
                                    "dist", 0));
        ST_CHECKF(surql_value_length(v) == 4 &&
                      node_key(surql_value_array_at(v, 0)) == -1, /* not a node: a doc */
                  "score: %s", show(v));
        surql_value_unref(v);
    }
    /* with an HNSW index: `<|k,ef|>` uses it; `<|k|>` (MTREE) is refused for 3.x by the
     * builder, and finds nothing through an HNSW index on 2.x */
    SQL("DEFINE INDEX doc_emb ON doc FIELDS emb HNSW DIMENSION 2 DIST EUCLIDEAN;");
    if (E.v2) {
        EXPECT(surql_query_select_value(surql_query_vector_search(FROM("doc"), "emb", q, 2, 2,
                                                                  SURQL_QUERY_DIST_DEFAULT, 0), F("id")),
               "[]", F_RO);
    } else {
        surql_query_stmt *st = NULL;
        surql_query_builder *b = surql_query_vector_search(FROM("doc"), "emb", q, 2, 2, SURQL_QUERY_DIST_DEFAULT, 0);
        ST_ERR(surql_query_build(&st, b), SURQL_QUERY_EDIALECT);
        surql_query_unref(b);
    }
    EXPECT(surql_query_order_by(surql_query_select_value(surql_query_vector_search(FROM("doc"), "emb", q, 2, 3,
                                                                                   SURQL_QUERY_DIST_DEFAULT, 40),
                                                         F("id")),
                                "id", 0),
           "[doc:a, doc:b, doc:c]", F_RO | F_SORT);
}

/* ------------------------------------------------------------------------ */

ST_TEST(v3_select) { eng_case("v3", g_select); }
ST_TEST(v2_select) { eng_case("v2", g_select); }
ST_TEST(v3_expr) { eng_case("v3", g_expr); }
ST_TEST(v2_expr) { eng_case("v2", g_expr); }
ST_TEST(v3_hints) { eng_case("v3", g_hints); }
ST_TEST(v2_hints) { eng_case("v2", g_hints); }
ST_TEST(v3_write) { eng_case("v3", g_write); }
ST_TEST(v2_write) { eng_case("v2", g_write); }
ST_TEST(v3_crud) { eng_case("v3", g_crud); }
ST_TEST(v2_crud) { eng_case("v2", g_crud); }
ST_TEST(v3_batch) { eng_case("v3", g_batch); }
ST_TEST(v2_batch) { eng_case("v2", g_batch); }
ST_TEST(v3_graph) { eng_case("v3", g_graph); }
ST_TEST(v2_graph) { eng_case("v2", g_graph); }
ST_TEST(v3_vector) { eng_case("v3", g_vector); }
ST_TEST(v2_vector) { eng_case("v2", g_vector); }

ST_MAIN(ST_CASE(v3_select), ST_CASE(v2_select), ST_CASE(v3_expr), ST_CASE(v2_expr),
        ST_CASE(v3_hints), ST_CASE(v2_hints), ST_CASE(v3_write), ST_CASE(v2_write),
        ST_CASE(v3_crud), ST_CASE(v2_crud), ST_CASE(v3_batch), ST_CASE(v2_batch),
        ST_CASE(v3_graph), ST_CASE(v2_graph), ST_CASE(v3_vector), ST_CASE(v2_vector))
