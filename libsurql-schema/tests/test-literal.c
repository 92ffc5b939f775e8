/* Unit tests of the SurrealQL literal renderer (every type, exact text, the
 * SurrealDB 2.x flag) and of the identifier helpers. */
#include "surql_test.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <surql/schema.h>

#define ERRMSG() (surql_error_last()->message)

static const char *R(surql_value *v, int flags)
{
    static surql_buf b = SURQL_BUF_INIT;
    surql_buf_clear(&b);
    if (!v)
        return "<null value>";
    int rc = surql_value_to_surql(v, &b, flags);
    surql_value_unref(v);
    return rc ? "<error>" : surql_buf_cstr(&b);
}

static surql_value *arr2(surql_value *a, surql_value *b)
{
    surql_value *v = surql_value_array();
    surql_value_array_push_take(v, a);
    surql_value_array_push_take(v, b);
    return v;
}

static surql_value *obj1(const char *k, surql_value *val)
{
    surql_value *o = surql_value_object();
    surql_value_object_set_take(o, k, val);
    return o;
}

ST_TEST(scalars)
{
    ST_EQ_STR(R(surql_value_none(), 0), "NONE");
    ST_EQ_STR(R(surql_value_null(), 0), "NULL");
    ST_EQ_STR(R(surql_value_bool(1), 0), "true");
    ST_EQ_STR(R(surql_value_bool(0), 0), "false");
    ST_EQ_STR(R(surql_value_int(0), 0), "0");
    ST_EQ_STR(R(surql_value_int(-42), 0), "-42");
    ST_EQ_STR(R(surql_value_int(INT64_MAX), 0), "9223372036854775807");
    ST_EQ_STR(R(surql_value_int(INT64_MIN), 0), "-9223372036854775808");
    ST_EQ_STR(R(surql_value_float(1), 0), "1f");
    ST_EQ_STR(R(surql_value_float(-0.0), 0), "-0f");
    ST_EQ_STR(R(surql_value_float(0.1), 0), "0.1f");
    ST_EQ_STR(R(surql_value_float(100), 0), "100f");
    ST_EQ_STR(R(surql_value_float(1e21), 0), "1e21f");
    ST_EQ_STR(R(surql_value_float(1e-7), 0), "1e-7f");
    ST_EQ_STR(R(surql_value_float(0.000001), 0), "0.000001f");
    ST_EQ_STR(R(surql_value_float(NAN), 0), "<float>'NaN'");
    ST_EQ_STR(R(surql_value_float(INFINITY), 0), "<float>'Infinity'");
    ST_EQ_STR(R(surql_value_float(-INFINITY), 0), "<float>'-Infinity'");
    ST_EQ_STR(R(surql_value_decimal("1.50"), 0), "1.50dec");
    ST_EQ_STR(R(surql_value_decimal("-1e-3"), 0), "-1e-3dec");
    ST_EQ_STR(R(surql_value_string("it's"), 0), "'it\\'s'");
    ST_EQ_STR(R(surql_value_string(""), 0), "''");
    ST_EQ_STR(R(surql_value_bytes("\x00\xab\xff", 3), 0), "b\"00ABFF\"");
    ST_EQ_STR(R(surql_value_bytes(NULL, 0), 0), "b\"\"");
    ST_EQ_STR(R(surql_value_datetime(0, 0), 0), "d'1970-01-01T00:00:00Z'");
    ST_EQ_STR(R(surql_value_datetime(1704164645, 120000000), 0), "d'2024-01-02T03:04:05.120Z'");
    ST_EQ_STR(R(surql_value_datetime(1704164645, 123456000), 0), "d'2024-01-02T03:04:05.123456Z'");
    ST_EQ_STR(R(surql_value_datetime(-1, 1), 0), "d'1969-12-31T23:59:59.000000001Z'");
    ST_EQ_STR(R(surql_value_duration(0, 0), 0), "0ns");
    ST_EQ_STR(R(surql_value_duration(33019506, 7008009), 0), "1y2w3d4h5m6s7ms8µs9ns");
    ST_EQ_STR(R(surql_value_duration(86400, 1000), 0), "1d1µs");
    static const uint8_t u[16] = { 0x01, 0x90, 0xa3, 0xf4, 0xab, 0xcd, 0x70, 0, 0x80, 0, 0, 0, 0, 0, 0, 0xff };
    ST_EQ_STR(R(surql_value_uuid(u), 0), "u'0190a3f4-abcd-7000-8000-0000000000ff'");
    ST_EQ_STR(R(surql_value_table("user"), 0), "type::table('user')");
    ST_EQ_STR(R(surql_value_table("it's"), 0), "type::table('it\\'s')");
}

ST_TEST(records)
{
    ST_EQ_STR(R(surql_value_record_take("user", surql_value_string("alice")), 0), "user:alice");
    ST_EQ_STR(R(surql_value_record_take("user", surql_value_string("john doe")), 0), "user:`john doe`");
    ST_EQ_STR(R(surql_value_record_take("t", surql_value_string("123")), 0), "t:`123`");
    ST_EQ_STR(R(surql_value_record_take("t", surql_value_string("none")), 0), "t:`none`");
    ST_EQ_STR(R(surql_value_record_take("t", surql_value_string("")), 0), "t:``");
    ST_EQ_STR(R(surql_value_record_take("t", surql_value_int(123)), 0), "t:123");
    ST_EQ_STR(R(surql_value_record_take("t", surql_value_int(-5)), 0), "t:-5");
    ST_EQ_STR(R(surql_value_record_take("select", surql_value_int(1)), 0), "`select`:1");
    ST_EQ_STR(R(surql_value_record_take("my table", surql_value_string("a`b")), 0), "`my table`:`a\\`b`");
    ST_EQ_STR(R(surql_value_record_take("t", arr2(surql_value_int(1), surql_value_string("a"))), 0),
              "t:[1, 'a']");
    ST_EQ_STR(R(surql_value_record_take("t", obj1("a b", surql_value_int(1))), 0), "t:{ 'a b': 1 }");
    static const uint8_t u[16] = { 0 };
    ST_EQ_STR(R(surql_value_record_take("t", surql_value_uuid(u)), 0),
              "t:u'00000000-0000-0000-0000-000000000000'");
    ST_EQ_STR(R(surql_value_record_take("t", surql_value_range_take(surql_value_int(1), 1,
                                                                      surql_value_int(5), 0)),
                0),
              "t:1..5");
    ST_EQ_STR(R(surql_value_record_take("t", surql_value_range_take(surql_value_string("a b"), 0,
                                                                      surql_value_string("z"), 1)),
                0),
              "t:`a b`>..=z");
    ST_EQ_STR(R(surql_value_record_take("t", surql_value_range_take(NULL, 0, NULL, 0)), 0), "t:..");
    ST_EQ_STR(R(surql_value_record_take("t", surql_value_range_take(NULL, 0, arr2(surql_value_int(1), surql_value_int(2)), 1)), 0),
              "t:..=[1, 2]");
    /* the key object is not turned into object::from_entries (not allowed in a key) */
    surql_value *geo = surql_value_object();
    surql_value_object_set_take(geo, "type", surql_value_string("Point"));
    surql_value_object_set_take(geo, "coordinates", arr2(surql_value_int(1), surql_value_int(2)));
    ST_EQ_STR(R(surql_value_record_take("t", geo), 0), "t:{ type: 'Point', coordinates: [1, 2] }");
}

ST_TEST(containers)
{
    ST_EQ_STR(R(surql_value_array(), 0), "[]");
    ST_EQ_STR(R(arr2(surql_value_int(1), arr2(surql_value_string("x"), surql_value_none())), 0),
              "[1, ['x', NONE]]");
    ST_EQ_STR(R(surql_value_object(), 0), "{}");
    surql_value *o = surql_value_object();
    surql_value_object_set_take(o, "a", surql_value_int(1));
    surql_value_object_set_take(o, "b c", surql_value_int(2));
    surql_value_object_set_take(o, "select", surql_value_int(3));
    surql_value_object_set_take(o, "1x", surql_value_int(4));
    surql_value_object_set_take(o, "it's", surql_value_int(5));
    surql_value_object_set_len_take(o, "n\0ul", 4, surql_value_int(6));
    ST_EQ_STR(R(o, 0), "{ a: 1, 'b c': 2, 'select': 3, '1x': 4, 'it\\'s': 5, 'n\\u0000ul': 6 }");
    surql_value *s = surql_value_set();
    ST_EQ_STR(R(surql_value_ref(s), 0), "<set>[]");
    surql_value_set_add_take(s, surql_value_string("b"));
    surql_value_set_add_take(s, surql_value_string("a"));
    ST_EQ_STR(R(s, 0), "<set>['b', 'a']");
    /* an object SurrealDB would read as GeoJSON stays an object */
    surql_value *g = surql_value_object();
    surql_value_object_set_take(g, "coordinates", arr2(surql_value_int(1), surql_value_int(2)));
    surql_value_object_set_take(g, "type", surql_value_string("point"));
    ST_EQ_STR(R(g, 0), "object::from_entries([['coordinates', [1, 2]], ['type', 'point']])");
    g = surql_value_object();
    surql_value_object_set_take(g, "type", surql_value_string("GeometryCollection"));
    surql_value_object_set_take(g, "geometries", surql_value_array());
    ST_EQ_STR(R(g, 0), "object::from_entries([['type', 'GeometryCollection'], ['geometries', []]])");
    g = surql_value_object(); /* three keys: SurrealDB keeps it an object */
    surql_value_object_set_take(g, "type", surql_value_string("Point"));
    surql_value_object_set_take(g, "coordinates", arr2(surql_value_int(1), surql_value_int(2)));
    surql_value_object_set_take(g, "x", surql_value_null());
    ST_EQ_STR(R(g, 0), "{ type: 'Point', coordinates: [1, 2], x: NULL }");
}

ST_TEST(geometry)
{
    ST_EQ_STR(R(surql_value_point(1.5, -2), 0), "(1.5f, -2f)");
    ST_EQ_STR(R(surql_value_point(0, 1e21), 0), "(0f, 1e21f)");
    surql_value *line = arr2(arr2(surql_value_int(0), surql_value_int(0)),
                             arr2(surql_value_float(1.5), surql_value_int(1)));
    ST_EQ_STR(R(surql_value_geometry(SURQL_GEOMETRY_LINE, line), 0),
              "{ type: 'LineString', coordinates: [[0f, 0f], [1.5f, 1f]] }");
    ST_EQ_STR(R(surql_value_geometry(SURQL_GEOMETRY_MULTIPOINT, line), 0),
              "{ type: 'MultiPoint', coordinates: [[0f, 0f], [1.5f, 1f]] }");
    surql_value *rings = surql_value_array();
    surql_value_array_push(rings, line);
    ST_EQ_STR(R(surql_value_geometry(SURQL_GEOMETRY_POLYGON, rings), 0),
              "{ type: 'Polygon', coordinates: [[[0f, 0f], [1.5f, 1f], [0f, 0f]]] }");
    ST_EQ_STR(R(surql_value_geometry(SURQL_GEOMETRY_MULTILINE, rings), 0),
              "{ type: 'MultiLineString', coordinates: [[[0f, 0f], [1.5f, 1f]]] }");
    surql_value *polys = surql_value_array();
    surql_value_array_push(polys, rings);
    ST_EQ_STR(R(surql_value_geometry_take(SURQL_GEOMETRY_MULTIPOLYGON, polys), 0),
              "{ type: 'MultiPolygon', coordinates: [[[[0f, 0f], [1.5f, 1f], [0f, 0f]]]] }");
    surql_value *members = surql_value_array();
    surql_value_array_push_take(members, surql_value_point(1, 2));
    surql_value_array_push_take(members, surql_value_geometry(SURQL_GEOMETRY_LINE, line));
    surql_value *inner = surql_value_array();
    surql_value_array_push_take(inner, surql_value_point(3, 4));
    surql_value_array_push_take(members, surql_value_geometry_take(SURQL_GEOMETRY_COLLECTION, inner));
    ST_EQ_STR(R(surql_value_geometry_take(SURQL_GEOMETRY_COLLECTION, members), 0),
              "{ type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1f, 2f] }, "
              "{ type: 'LineString', coordinates: [[0f, 0f], [1.5f, 1f]] }, "
              "{ type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [3f, 4f] }] }] }");
    surql_value_unref(rings);
    surql_value_unref(line);
}

ST_TEST(ranges)
{
    ST_EQ_STR(R(surql_value_range_take(surql_value_int(1), 1, surql_value_int(5), 0), 0), "1..5");
    ST_EQ_STR(R(surql_value_range_take(surql_value_int(1), 1, surql_value_int(5), 1), 0), "1..=5");
    ST_EQ_STR(R(surql_value_range_take(surql_value_int(1), 0, surql_value_int(5), 0), 0), "1>..5");
    ST_EQ_STR(R(surql_value_range_take(surql_value_int(-5), 0, surql_value_int(-1), 1), 0), "-5>..=-1");
    ST_EQ_STR(R(surql_value_range_take(surql_value_int(1), 1, NULL, 0), 0), "1..");
    ST_EQ_STR(R(surql_value_range_take(NULL, 0, surql_value_int(5), 1), 0), "..=5");
    ST_EQ_STR(R(surql_value_range_take(NULL, 0, NULL, 0), 0), "..");
    ST_EQ_STR(R(surql_value_range_take(surql_value_string("a"), 1, surql_value_string("z"), 0), 0),
              "'a'..'z'");
    ST_EQ_STR(R(surql_value_range_take(surql_value_datetime(0, 0), 1, surql_value_duration(60, 0), 0), 0),
              "d'1970-01-01T00:00:00Z'..1m");
    /* bounds that would not bind as a whole are parenthesised */
    ST_EQ_STR(R(surql_value_range_take(surql_value_record_parse("t:1"), 1,
                                       surql_value_record_parse("t:9"), 1), 0),
              "(t:1)..=(t:9)");
    ST_EQ_STR(R(surql_value_range_take(surql_value_float(NAN), 0, surql_value_float(1.5), 0), 0),
              "(<float>'NaN')>..1.5f");
    ST_EQ_STR(R(surql_value_range_take(surql_value_table("a"), 1, surql_value_set(), 0), 0),
              "(type::table('a'))..(<set>[])");
    ST_EQ_STR(R(surql_value_range_take(arr2(surql_value_int(1), surql_value_int(2)), 1,
                                       surql_value_array(), 0), 0),
              "[1, 2]..[]");
}

ST_TEST(v2_dialect)
{
    ST_EQ_STR(R(surql_value_bytes("\x00\xab\xff", 3), SURQL_LITERAL_V2), "encoding::base64::decode('AKv/')");
    ST_EQ_STR(R(surql_value_bytes("\x01", 1), SURQL_LITERAL_V2), "encoding::base64::decode('AQ')");
    ST_EQ_STR(R(surql_value_range_take(surql_value_bytes("\x01", 1), 1, NULL, 0), SURQL_LITERAL_V2),
              "(encoding::base64::decode('AQ'))..");
    ST_EQ_STR(R(surql_value_range_take(arr2(surql_value_int(1), surql_value_int(2)), 1,
                                       surql_value_array(), 0), SURQL_LITERAL_V2),
              "([1, 2])..([])");
    ST_EQ_STR(R(surql_value_record_take("t\x01", surql_value_string("a\xe2\x80\xae")), SURQL_LITERAL_V2),
              "`t\x01`:`a\xe2\x80\xae`");
    ST_EQ_STR(R(surql_value_string("x\x01"), SURQL_LITERAL_V2), "'x\\u0001'");
    ST_EQ_STR(R(surql_value_datetime(253402300799LL, 0), SURQL_LITERAL_V2), "d'9999-12-31T23:59:59Z'");
    ST_EQ_STR(R(surql_value_datetime(-62167219200LL, 0), SURQL_LITERAL_V2), "d'0000-01-01T00:00:00Z'");
    surql_buf b = SURQL_BUF_INIT;
    surql_buf_puts(&b, "kept");
    surql_value *v = surql_value_datetime(253402300800LL, 0);
    ST_ERR(surql_value_to_surql(v, &b, SURQL_LITERAL_V2), SURQL_EUNSUPPORTED);
    ST_EQ_STR(ERRMSG(), "SurrealDB 2.x cannot parse a datetime in year 10000");
    surql_value_unref(v);
    v = arr2(surql_value_int(1), surql_value_string_len("a\0", 2));
    ST_ERR(surql_value_to_surql(v, &b, SURQL_LITERAL_V2), SURQL_EUNSUPPORTED);
    ST_EQ_STR(ERRMSG(), "SurrealDB 2.x cannot represent U+0000 (at byte 1)");
    ST_EQ_STR(surql_buf_cstr(&b), "kept"); /* nothing appended on failure */
    ST_OK(surql_value_to_surql(v, &b, 0));
    ST_EQ_STR(surql_buf_cstr(&b), "kept[1, 'a\\u0000']");
    surql_value_unref(v);
    surql_buf_dispose(&b);
}

ST_TEST(ident_helpers)
{
    ST_CHECK(surql_ident_is_plain("user"));
    ST_CHECK(surql_ident_is_plain("_private"));
    ST_CHECK(surql_ident_is_plain("Table_2"));
    ST_CHECK(surql_ident_is_plain("in"));
    ST_CHECK(surql_ident_is_plain("selected"));
    ST_CHECK(!surql_ident_is_plain(NULL));
    ST_CHECK(!surql_ident_is_plain(""));
    ST_CHECK(!surql_ident_is_plain("2fa"));
    ST_CHECK(!surql_ident_is_plain("a-b"));
    ST_CHECK(!surql_ident_is_plain("é"));
    static const char *const reserved[] = {
        "ALTER",  "BEGIN",  "BREAK",  "CANCEL", "COMMIT",  "CONTINUE", "CREATE", "DEFINE",
        "FOR",    "IF",     "INFO",   "INSERT", "KILL",    "LIVE",     "OPTION", "REBUILD",
        "RETURN", "RELATE", "REMOVE", "SELECT", "LET",     "SHOW",     "SLEEP",  "THROW",
        "UPDATE", "UPSERT", "USE",    "DIFF",   "RAND",    "NONE",     "NULL",   "AFTER",
        "BEFORE", "VALUE",  "BY",     "ALL",    "TRUE",    "FALSE",    "WHERE",  "TABLE",
        "TB",     "SEQUENCE", "FUNCTION", "DELETE", "EXPLAIN", "ONLY", "AND",    "OVERWRITE",
        "ML",     "FN",     "NAN",    "INFINITY",
    };
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++) {
        char lower[32];
        size_t n = strlen(reserved[i]);
        for (size_t k = 0; k <= n; k++)
            lower[k] = (char)((reserved[i][k] >= 'A' && reserved[i][k] <= 'Z') ? reserved[i][k] + 32 : reserved[i][k]);
        ST_CHECKF(!surql_ident_is_plain(reserved[i]), "%s", reserved[i]);
        ST_CHECKF(!surql_ident_is_plain(lower), "%s", lower);
    }
    surql_buf b = SURQL_BUF_INIT;
    ST_OK(surql_ident_escape(&b, "user"));
    ST_OK(surql_buf_putc(&b, ' '));
    ST_OK(surql_ident_escape(&b, "Select"));
    ST_OK(surql_buf_putc(&b, ' '));
    ST_OK(surql_ident_escape(&b, "my-table"));
    ST_EQ_STR(surql_buf_cstr(&b), "user `Select` `my-table`");
    ST_ERR(surql_ident_escape(&b, ""), SURQL_EINVAL);
    ST_ERR(surql_ident_escape(&b, NULL), SURQL_EINVAL);
    ST_ERR(surql_ident_escape(NULL, "x"), SURQL_EINVAL);
    ST_ERR(surql_record_key_escape(NULL, "x", 1, 0), SURQL_EINVAL);
    surql_buf_dispose(&b);
}

ST_TEST(ident_validate)
{
    ST_OK(surql_ident_validate("user", "table"));
    ST_OK(surql_ident_validate("select", "table")); /* reserved words are escaped, not refused */
    ST_OK(surql_ident_validate("my table é 😀", "field"));
    char max[SURQL_IDENT_MAX + 2];
    memset(max, 'x', sizeof max);
    max[SURQL_IDENT_MAX] = '\0';
    ST_OK(surql_ident_validate(max, "table"));
    max[SURQL_IDENT_MAX] = 'x';
    max[SURQL_IDENT_MAX + 1] = '\0';
    static const struct {
        const char *name, *msg;
    } bad[] = {
        { "", "table name is empty" },
        { "a\xff", "table name: invalid UTF-8 at byte 1" },
        { "a\nb", "table name `a\\nb` contains the control or format character U+000A at byte 1" },
        { "tab\tx", "table name `tab\\tx` contains the control or format character U+0009 at byte 3" },
        { "\x7f", "table name `\\u007F` contains the control or format character U+007F at byte 0" },
        { "a\xe2\x80\xae" "b", "table name `a\\u202Eb` contains the control or format character U+202E at byte 1" },
        { "\xef\xbb\xbfx", "table name `\\uFEFFx` contains the control or format character U+FEFF at byte 0" },
        { "x\xe2\x80\x8b", "table name `x\\u200B` contains the control or format character U+200B at byte 1" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ST_ERR(surql_ident_validate(bad[i].name, "table"), SURQL_EIDENT);
        ST_EQ_STR(ERRMSG(), bad[i].msg);
    }
    ST_ERR(surql_ident_validate(max, "field"), SURQL_EIDENT);
    ST_EQ_STR(ERRMSG(), "field name is 256 bytes long (at most 255 allowed)");
    ST_ERR(surql_ident_validate(NULL, NULL), SURQL_EIDENT);
    ST_EQ_STR(ERRMSG(), "identifier name is NULL");
}

ST_TEST(arguments)
{
    surql_buf b = SURQL_BUF_INIT;
    ST_ERR(surql_value_to_surql(surql_value_null(), NULL, 0), SURQL_EINVAL);
    ST_OK(surql_value_to_surql(NULL, &b, 0)); /* NULL renders as NONE */
    ST_EQ_STR(surql_buf_cstr(&b), "NONE");
    surql_buf_dispose(&b);
}

ST_MAIN(ST_CASE(scalars), ST_CASE(records), ST_CASE(containers), ST_CASE(geometry),
        ST_CASE(ranges), ST_CASE(v2_dialect), ST_CASE(ident_helpers), ST_CASE(ident_validate),
        ST_CASE(arguments))
