/* Unit tests of surql_value_equal and surql_value_compare. Values are
 * written as SurrealQL literals and parsed with surql_value_from_surql. */
#include "surql_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <surql/schema.h>

static surql_value *V(const char *text)
{
    surql_value *v = NULL;
    if (surql_value_from_surql(&v, text, strlen(text)) != 0)
        return NULL;
    return v;
}

/* compare two literals; returns the sign, or 99 when a literal does not parse */
static int cmp(const char *a, const char *b, int *eq)
{
    surql_value *x = V(a), *y = V(b);
    if (!x || !y) {
        surql_value_unref(x);
        surql_value_unref(y);
        return 99;
    }
    int r = surql_value_compare(x, y);
    *eq = surql_value_equal(x, y);
    /* antisymmetry and consistency with equality */
    int back = surql_value_compare(y, x);
    if ((r > 0) - (r < 0) != -((back > 0) - (back < 0)))
        r = 98;
    if (*eq != surql_value_equal(y, x))
        r = 97;
    surql_value_unref(x);
    surql_value_unref(y);
    return (r > 0) - (r < 0) + (r >= 97 ? r : 0);
}

#define EQUAL(a, b)                                                                           \
    do {                                                                                      \
        int eq_ = -1;                                                                         \
        int c_ = cmp(a, b, &eq_);                                                             \
        ST_CHECKF(c_ == 0 && eq_ == 1, "%s vs %s: compare %d, equal %d (%s)", a, b, c_, eq_, \
                  surql_error_last()->message);                                               \
    } while (0)
#define LESS(a, b)                                                                            \
    do {                                                                                      \
        int eq_ = -1;                                                                         \
        int c_ = cmp(a, b, &eq_);                                                             \
        ST_CHECKF(c_ == -1 && eq_ == 0, "%s < %s: compare %d, equal %d (%s)", a, b, c_, eq_, \
                  surql_error_last()->message);                                               \
    } while (0)

ST_TEST(type_fidelity)
{
    LESS("1", "1f");     /* int 1 != float 1.0: ties break int < float */
    LESS("1f", "1dec");  /* float < decimal */
    LESS("1", "1dec");
    LESS("NONE", "NULL");
    LESS("'1'", "1h"); /* string < duration */
    LESS("[]", "<set>[]");
    LESS("type::table('a')", "r'a:b'");
}

ST_TEST(type_rank)
{
    /* SurrealDB 3.x order: none < null < bool < number < string < duration <
     * datetime < uuid < array < set < object < geometry < bytes < table < record < range */
    static const char *const order[] = {
        "NONE",
        "NULL",
        "true",
        "99999",
        "''",
        "0ns",
        "d'1970-01-01T00:00:00Z'",
        "u'00000000-0000-0000-0000-000000000000'",
        "[]",
        "<set>[]",
        "{}",
        "(0f, 0f)",
        "b\"\"",
        "type::table('a')",
        "a:1",
        "..",
    };
    size_t n = sizeof order / sizeof order[0];
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            LESS(order[i], order[j]);
}

ST_TEST(numbers)
{
    LESS("false", "true");
    LESS("-1", "0");
    LESS("-9223372036854775808", "9223372036854775807");
    LESS("-0.5f", "0");
    LESS("1", "1.5f");
    LESS("1.5f", "2");
    LESS("9007199254740993", "9007199254740994f"); /* exact int vs float */
    LESS("9007199254740992f", "9007199254740993");
    LESS("9223372036854775807", "9223372036854775808f");
    LESS("-9223372036854775808f", "-9223372036854775807");
    LESS("<float>'-Infinity'", "-9223372036854775808");
    LESS("9223372036854775807", "<float>'Infinity'");
    LESS("<float>'Infinity'", "<float>'NaN'"); /* NaN after every number */
    LESS("99999999999999999999dec", "<float>'NaN'");
    LESS("1.4999dec", "1.5f");
    LESS("2", "2.0000000000000000000001dec");
    LESS("-2.5dec", "-2");
    LESS("0.1dec", "0.2dec");
    LESS("-10dec", "-9.99dec");
    LESS("1e2dec", "101dec");
    LESS("9223372036854775807", "9223372036854775808dec");
    EQUAL("<float>'NaN'", "<float>'NaN'");
    EQUAL("-0f", "0f");
    EQUAL("1.50dec", "1.5dec");
    EQUAL("1e2dec", "100dec");
    EQUAL("-0dec", "0.000dec");
    EQUAL("0.0010dec", "1e-3dec");
    EQUAL("5", "5");
}

ST_TEST(strings_bytes_time)
{
    LESS("''", "'a'");
    LESS("'B'", "'a'"); /* bytewise, like SurrealDB */
    LESS("'a'", "'ab'");
    LESS("'ab'", "'b'");
    LESS("'z'", "'é'");
    LESS("'a\\u0000'", "'a\\u0001'");
    EQUAL("'x\\u0000y'", "'x\\u0000y'");
    LESS("b\"00\"", "b\"0000\"");
    LESS("b\"00FF\"", "b\"01\"");
    LESS("1s", "1s1ns");
    LESS("59s", "1m");
    EQUAL("1h", "60m");
    LESS("d'1969-12-31T23:59:59.999999999Z'", "d'1970-01-01T00:00:00Z'");
    EQUAL("d'2024-01-01T01:00:00+01:00'", "d'2024-01-01T00:00:00Z'");
    LESS("u'00000000-0000-0000-0000-000000000000'", "u'00000000-0000-0000-0000-000000000001'");
    LESS("type::table('a')", "type::table('b')");
}

ST_TEST(containers)
{
    LESS("[]", "[1]");
    LESS("[1]", "[1, 2]");
    LESS("[1, 2]", "[2]");
    LESS("[1, 'a']", "[1, 'b']");
    EQUAL("[1, [2, {a: 3}]]", "[1, [2, {a: 3}]]");
    LESS("[1]", "[1f]");
    /* objects: key order does not matter; ordered by sorted entries */
    EQUAL("{a: 1, b: 2}", "{b: 2, a: 1}");
    LESS("{}", "{a: 1}");
    LESS("{a: 1}", "{a: 1, b: 1}");
    LESS("{a: 1, b: 1}", "{a: 2}");
    LESS("{a: 2}", "{b: 1}");
    LESS("{b: 1, a: 1}", "{a: 2}");
    LESS("{a: 1}", "{a: 1f}");
    /* sets: order does not matter */
    EQUAL("<set>[1, 2, 3]", "<set>[3, 1, 2]");
    LESS("<set>[1, 2]", "<set>[1, 3]");
    LESS("<set>[2, 1]", "<set>[2]");
    LESS("<set>[]", "<set>[NONE]");
}

ST_TEST(large_containers)
{
    /* more than 32 entries: the sorted-index path */
    surql_value *a = surql_value_object(), *b = surql_value_object();
    surql_value *s = surql_value_set(), *t = surql_value_set();
    char k[16];
    for (int i = 0; i < 100; i++) {
        snprintf(k, sizeof k, "k%03d", i);
        ST_OK(surql_value_object_set_take(a, k, surql_value_int(i)));
        snprintf(k, sizeof k, "k%03d", 99 - i);
        ST_OK(surql_value_object_set_take(b, k, surql_value_int(99 - i)));
        ST_OK(surql_value_set_add_take(s, surql_value_int(i)));
        ST_OK(surql_value_set_add_take(t, surql_value_int(99 - i)));
    }
    ST_CHECK(surql_value_equal(a, b));
    ST_EQ_INT(surql_value_compare(a, b), 0);
    ST_CHECK(surql_value_equal(s, t));
    ST_EQ_INT(surql_value_compare(s, t), 0);
    ST_OK(surql_value_set_add_take(t, surql_value_int(-1)));
    ST_CHECK(!surql_value_equal(s, t));
    ST_CHECK(surql_value_compare(t, s) < 0); /* t's smallest element (-1) is smaller */
    ST_OK(surql_value_object_set_take(b, "k050", surql_value_int(1000)));
    ST_CHECK(!surql_value_equal(a, b));
    ST_CHECK(surql_value_compare(a, b) < 0);
    surql_value_unref(a);
    surql_value_unref(b);
    surql_value_unref(s);
    surql_value_unref(t);
}

ST_TEST(records_geometry_ranges)
{
    LESS("a:1", "b:1");
    LESS("t:1", "t:2");
    LESS("t:99", "t:a");  /* int keys before string keys */
    LESS("t:z", "t:u'00000000-0000-0000-0000-000000000000'");
    LESS("t:u'00000000-0000-0000-0000-000000000000'", "t:[1]");
    LESS("t:[1]", "t:{a: 1}");
    LESS("t:{a: 1}", "t:1..2");
    EQUAL("t:`a`", "t:a");
    EQUAL("t:⟨x y⟩", "t:`x y`");
    LESS("(0f, 0f)", "(0f, 1f)");
    LESS("(5f, 5f)", "{ type: 'LineString', coordinates: [[0, 0], [1, 1]] }");
    EQUAL("(1, 2)", "(1f, 2f)");
    LESS("..5", "1..5");       /* unbounded lower first */
    LESS("1..5", "1>..5");     /* included lower before excluded */
    LESS("1..5", "1..=5");     /* excluded upper before included */
    LESS("1..=5", "1..");      /* unbounded upper last */
    LESS("1..", "2..3");
    EQUAL("1..5", "1..5");
    LESS("1..5", "1f..5");
}

ST_TEST(null_pointers)
{
    ST_CHECK(surql_value_equal(NULL, NULL));
    ST_CHECK(surql_value_equal(NULL, surql_value_none()));
    ST_CHECK(!surql_value_equal(NULL, surql_value_null()));
    ST_EQ_INT(surql_value_compare(NULL, surql_value_none()), 0);
    ST_CHECK(surql_value_compare(NULL, surql_value_null()) < 0);
}

ST_TEST(sort_is_total)
{
    /* sorting a mixed list with the comparator gives a strictly increasing sequence */
    static const char *const items[] = {
        "3", "1f", "'b'", "NULL", "[2]", "t:1", "1dec", "{a: 1}", "<float>'NaN'", "1h", "true",
        "'a'", "[1, 2]", "NONE", "t:a", "-0f", "2.5dec", "0", "<set>[1]", "b\"01\"", "(1f, 1f)",
        "d'2020-01-01T00:00:00Z'", "u'00000000-0000-0000-0000-000000000000'", "1..2",
        "type::table('x')", "false", "-1",
    };
    size_t n = sizeof items / sizeof items[0];
    surql_value *v[sizeof items / sizeof items[0]];
    for (size_t i = 0; i < n; i++) {
        v[i] = V(items[i]);
        ST_CHECKF(v[i] != NULL, "%s: %s", items[i], surql_error_last()->message);
    }
    /* insertion sort */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && surql_value_compare(v[j - 1], v[j]) > 0; j--) {
            surql_value *t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    for (size_t i = 1; i < n; i++)
        ST_CHECK(surql_value_compare(v[i - 1], v[i]) < 0);
    surql_buf b = SURQL_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (i)
            surql_buf_puts(&b, " ");
        surql_value_to_surql(v[i], &b, 0);
        surql_value_unref(v[i]);
    }
    ST_EQ_STR(surql_buf_cstr(&b),
              "NONE NULL false true -1 0 -0f 1f 1dec 2.5dec 3 <float>'NaN' 'a' 'b' 1h "
              "d'2020-01-01T00:00:00Z' u'00000000-0000-0000-0000-000000000000' [1, 2] [2] "
              "<set>[1] { a: 1 } (1f, 1f) b\"01\" type::table('x') t:1 t:a 1..2");
    surql_buf_dispose(&b);
}

ST_MAIN(ST_CASE(type_fidelity), ST_CASE(type_rank), ST_CASE(numbers), ST_CASE(strings_bytes_time),
        ST_CASE(containers), ST_CASE(large_containers), ST_CASE(records_geometry_ranges),
        ST_CASE(null_pointers), ST_CASE(sort_is_total))
