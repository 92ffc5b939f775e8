/* Unit tests of JSON input and output: plain and extended forms, pretty
 * printing, exact text, round trips and every class of malformed input. */
#include "surql_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <surql/schema.h>

#define ERRMSG() (surql_error_last()->message)

static surql_value *V(const char *surql)
{
    surql_value *v = NULL;
    if (surql_value_from_surql(&v, surql, strlen(surql)) != 0)
        return NULL;
    return v;
}

/* JSON text of the value written as a SurrealQL literal */
static const char *J(const char *surql, int flags)
{
    static surql_buf b = SURQL_BUF_INIT;
    surql_buf_clear(&b);
    surql_value *v = V(surql);
    if (!v)
        return "<literal does not parse>";
    int rc = surql_value_to_json(v, &b, flags);
    surql_value_unref(v);
    return rc ? "<error>" : surql_buf_cstr(&b);
}

#define EXT SURQL_JSON_EXTENDED
#define PRETTY SURQL_JSON_PRETTY

ST_TEST(server_form)
{
    ST_EQ_STR(J("NONE", 0), "null");
    ST_EQ_STR(J("NULL", 0), "null");
    ST_EQ_STR(J("true", 0), "true");
    ST_EQ_STR(J("-42", 0), "-42");
    ST_EQ_STR(J("1.5f", 0), "1.5");
    ST_EQ_STR(J("2f", 0), "2.0");
    ST_EQ_STR(J("<float>'NaN'", 0), "null");
    ST_EQ_STR(J("<float>'-Infinity'", 0), "null");
    ST_EQ_STR(J("1.50dec", 0), "\"1.50\"");
    ST_EQ_STR(J("'a\"b\\\\c/d\\n\\u0001\\u007F\\u2028é😀'", 0),
              "\"a\\\"b\\\\c/d\\n\\u0001\x7f\\u2028é😀\"");
    ST_EQ_STR(J("b\"00FF10\"", 0), "[0,255,16]");
    ST_EQ_STR(J("d'2024-01-02T03:04:05.120+00:00'", 0), "\"2024-01-02T03:04:05.120Z\"");
    ST_EQ_STR(J("1h30m", 0), "\"1h30m\"");
    ST_EQ_STR(J("u'0190A3F4-0000-7000-8000-000000000000'", 0),
              "\"0190a3f4-0000-7000-8000-000000000000\"");
    ST_EQ_STR(J("user:alice", 0), "\"user:alice\"");
    ST_EQ_STR(J("user:`john doe`", 0), "\"user:`john doe`\"");
    ST_EQ_STR(J("t:`123`", 0), "\"t:`123`\"");
    ST_EQ_STR(J("t:[1, 'a']", 0), "\"t:[1, 'a']\"");
    ST_EQ_STR(J("`my-table`:1", 0), "\"`my-table`:1\"");
    ST_EQ_STR(J("type::table('user')", 0), "\"user\"");
    ST_EQ_STR(J("[1, 'a', NONE]", 0), "[1,\"a\",null]");
    ST_EQ_STR(J("{ b: 1, a: { c: [] } }", 0), "{\"b\":1,\"a\":{\"c\":[]}}");
    ST_EQ_STR(J("(1.5f, 2f)", 0), "{\"type\":\"Point\",\"coordinates\":[1.5,2.0]}");
    ST_EQ_STR(J("{ type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] }", 0),
              "{\"type\":\"MultiPoint\",\"coordinates\":[[1.0,2.0],[3.0,4.0]]}");
    ST_EQ_STR(J("{ type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 2] }] }", 0),
              "{\"type\":\"GeometryCollection\",\"geometries\":[{\"type\":\"Point\",\"coordinates\":[1.0,2.0]}]}");
    ST_EQ_STR(J("1..=5", 0), "\"1..=5\"");
    ST_EQ_STR(J("'a'>..", 0), "\"'a'>..\"");
    ST_EQ_STR(J("<set>[2, 1]", 0), "[2,1]");
    ST_EQ_STR(J("{ '$x': 1 }", 0), "{\"$x\":1}");
}

ST_TEST(extended_form)
{
    ST_EQ_STR(J("NONE", EXT), "{\"$none\":true}");
    ST_EQ_STR(J("NULL", EXT), "null");
    ST_EQ_STR(J("false", EXT), "false");
    ST_EQ_STR(J("9223372036854775807", EXT), "9223372036854775807");
    ST_EQ_STR(J("2f", EXT), "2.0");
    ST_EQ_STR(J("-0f", EXT), "-0.0");
    ST_EQ_STR(J("1e300f", EXT), "1e300");
    ST_EQ_STR(J("<float>'NaN'", EXT), "{\"$float\":\"NaN\"}");
    ST_EQ_STR(J("<float>'Infinity'", EXT), "{\"$float\":\"Infinity\"}");
    ST_EQ_STR(J("<float>'-Infinity'", EXT), "{\"$float\":\"-Infinity\"}");
    ST_EQ_STR(J("1.50dec", EXT), "{\"$decimal\":\"1.50\"}");
    ST_EQ_STR(J("'text'", EXT), "\"text\"");
    ST_EQ_STR(J("b\"00FF10\"", EXT), "{\"$bytes\":\"AP8Q\"}");
    ST_EQ_STR(J("b\"\"", EXT), "{\"$bytes\":\"\"}");
    ST_EQ_STR(J("d'2024-01-02T03:04:05.000000001Z'", EXT),
              "{\"$datetime\":\"2024-01-02T03:04:05.000000001Z\"}");
    ST_EQ_STR(J("0ns", EXT), "{\"$duration\":\"0ns\"}");
    ST_EQ_STR(J("u'0190a3f4-0000-7000-8000-000000000000'", EXT),
              "{\"$uuid\":\"0190a3f4-0000-7000-8000-000000000000\"}");
    ST_EQ_STR(J("user:alice", EXT), "{\"$record\":{\"tb\":\"user\",\"id\":\"alice\"}}");
    ST_EQ_STR(J("t:u'0190a3f4-0000-7000-8000-000000000000'", EXT),
              "{\"$record\":{\"tb\":\"t\",\"id\":{\"$uuid\":\"0190a3f4-0000-7000-8000-000000000000\"}}}");
    ST_EQ_STR(J("t:1..=5", EXT),
              "{\"$record\":{\"tb\":\"t\",\"id\":{\"$range\":{\"lo\":{\"incl\":1},\"hi\":{\"incl\":5}}}}}");
    ST_EQ_STR(J("type::table('user')", EXT), "{\"$table\":\"user\"}");
    ST_EQ_STR(J("<set>[1, 'a']", EXT), "{\"$set\":[1,\"a\"]}");
    ST_EQ_STR(J("(1f, 2f)", EXT), "{\"$geometry\":{\"type\":\"Point\",\"coordinates\":[1.0,2.0]}}");
    ST_EQ_STR(J("1>..", EXT), "{\"$range\":{\"lo\":{\"excl\":1}}}");
    ST_EQ_STR(J("..", EXT), "{\"$range\":{}}");
    ST_EQ_STR(J("..='z'", EXT), "{\"$range\":{\"hi\":{\"incl\":\"z\"}}}");
    /* user objects with a single "$" key are escaped; others are not */
    ST_EQ_STR(J("{ '$none': true }", EXT), "{\"$object\":{\"$none\":true}}");
    ST_EQ_STR(J("{ '$a': 1, '$b': 2 }", EXT), "{\"$a\":1,\"$b\":2}");
    ST_EQ_STR(J("{ a: NONE }", EXT), "{\"a\":{\"$none\":true}}");
    ST_EQ_STR(J("{ '$object': { '$x': 1 } }", EXT),
              "{\"$object\":{\"$object\":{\"$object\":{\"$x\":1}}}}");
    ST_EQ_STR(J("{}", EXT), "{}");
}

ST_TEST(pretty)
{
    ST_EQ_STR(J("{ a: [1, 2], b: {}, c: [] }", PRETTY),
              "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {},\n  \"c\": []\n}");
    ST_EQ_STR(J("NONE", PRETTY | EXT), "{\n  \"$none\": true\n}");
    ST_EQ_STR(J("[t:1]", PRETTY | EXT),
              "[\n  {\n    \"$record\": {\n      \"tb\": \"t\",\n      \"id\": 1\n    }\n  }\n]");
    ST_EQ_STR(J("42", PRETTY), "42");
}

/* Parse JSON; on success render as a SurrealQL literal. */
static const char *P(const char *json, int flags)
{
    static surql_buf b = SURQL_BUF_INIT;
    surql_buf_clear(&b);
    surql_value *v = NULL;
    if (surql_value_from_json(&v, json, strlen(json), flags) != 0)
        return "<error>";
    int rc = surql_value_to_surql(v, &b, 0);
    surql_value_unref(v);
    return rc ? "<render error>" : surql_buf_cstr(&b);
}

ST_TEST(plain_input)
{
    ST_EQ_STR(P("null", 0), "NULL");
    ST_EQ_STR(P(" true ", 0), "true");
    ST_EQ_STR(P("0", 0), "0");
    ST_EQ_STR(P("-0", 0), "0");
    ST_EQ_STR(P("-0.0", 0), "-0f");
    ST_EQ_STR(P("9223372036854775807", 0), "9223372036854775807");
    ST_EQ_STR(P("-9223372036854775808", 0), "-9223372036854775808");
    ST_EQ_STR(P("9223372036854775808", 0), "9223372036854776000f");
    ST_EQ_STR(P("-9223372036854775809", 0), "-9223372036854776000f");
    ST_EQ_STR(P("1e2", 0), "100f");
    ST_EQ_STR(P("1.0", 0), "1f");
    ST_EQ_STR(P("1E-2", 0), "0.01f");
    ST_EQ_STR(P("\"a\\u0000b\\ud83d\\ude00\\/\"", 0), "'a\\u0000b😀/'");
    /* strings are never reinterpreted */
    ST_EQ_STR(P("[\"user:alice\", \"2024-01-01T00:00:00Z\", \"0190a3f4-0000-7000-8000-000000000000\"]", 0),
              "['user:alice', '2024-01-01T00:00:00Z', '0190a3f4-0000-7000-8000-000000000000']");
    /* tags are plain objects without the flag */
    ST_EQ_STR(P("{\"$none\": true}", 0), "{ '$none': true }");
    ST_EQ_STR(P("{\"b\": 1, \"a\": 2}", 0), "{ b: 1, a: 2 }");
    ST_EQ_STR(P("{\"type\": \"Point\", \"coordinates\": [1, 2]}", 0),
              "object::from_entries([['type', 'Point'], ['coordinates', [1, 2]]])");
    ST_EQ_STR(P("\t\r\n[ ]\n", 0), "[]");
    ST_EQ_STR(P("18446744073709551616", 0), "18446744073709552000f");
}

ST_TEST(extended_input)
{
    ST_EQ_STR(P("{\"$none\": true}", EXT), "NONE");
    ST_EQ_STR(P("{\"$float\": \"NaN\"}", EXT), "<float>'NaN'");
    ST_EQ_STR(P("{\"$float\": 3}", EXT), "3f");
    ST_EQ_STR(P("{\"$decimal\": \"-0.50\"}", EXT), "-0.50dec");
    ST_EQ_STR(P("{\"$bytes\": \"AP8Q\"}", EXT), "b\"00FF10\"");
    ST_EQ_STR(P("{\"$bytes\": \"AP8\"}", EXT), "b\"00FF\""); /* padding optional */
    ST_EQ_STR(P("{\"$datetime\": \"2024-01-02T04:04:05+01:00\"}", EXT), "d'2024-01-02T03:04:05Z'");
    ST_EQ_STR(P("{\"$duration\": \"90m\"}", EXT), "1h30m");
    ST_EQ_STR(P("{\"$uuid\": \"0190A3F4-0000-7000-8000-000000000000\"}", EXT),
              "u'0190a3f4-0000-7000-8000-000000000000'");
    ST_EQ_STR(P("{\"$record\": {\"id\": [1], \"tb\": \"a b\"}}", EXT), "`a b`:[1]");
    ST_EQ_STR(P("{\"$table\": \"select\"}", EXT), "type::table('select')");
    ST_EQ_STR(P("{\"$set\": [1, 1, 2]}", EXT), "<set>[1, 2]");
    ST_EQ_STR(P("{\"$geometry\": {\"coordinates\": [1, 2], \"type\": \"Point\"}}", EXT), "(1f, 2f)");
    ST_EQ_STR(P("{\"$range\": {\"hi\": {\"excl\": 5}, \"lo\": {\"incl\": 1}}}", EXT), "1..5");
    ST_EQ_STR(P("{\"$object\": {\"$none\": true}}", EXT), "{ '$none': true }");
    ST_EQ_STR(P("{\"$object\": {\"$object\": {\"$none\": true}}}", EXT), "{ '$object': NONE }");
    ST_EQ_STR(P("{\"$object\": {\"$object\": {\"$object\": {\"$x\": 1}}}}", EXT),
              "{ '$object': { '$x': 1 } }");
    ST_EQ_STR(P("{\"$object\": {\"$none\": true}, \"b\": 1}", EXT), "{ '$object': NONE, b: 1 }");
    ST_EQ_STR(P("{\"$a\": 1, \"$b\": {\"$none\": true}}", EXT), "{ '$a': 1, '$b': NONE }");
    ST_EQ_STR(P("[{\"x\": {\"$none\": true}}, {\"$table\": \"t\"}]", EXT),
              "[{ x: NONE }, type::table('t')]");
}

/* Every type survives to_json(EXTENDED) -> from_json(EXTENDED) exactly. */
ST_TEST(extended_round_trip)
{
    static const char *const all =
        "{ none: NONE, null: NULL, t: true, f: false, int: -9223372036854775808, "
        "float: 0.1f, negzero: -0f, nan: <float>'NaN', inf: <float>'Infinity', "
        "dec: 1.50dec, str: 'a\\u0000b\\'\\u202E😀', bytes: b\"00FF\", empty_bytes: b\"\", "
        "dt: d'-0001-02-03T04:05:06.000000007Z', dur: 584942417355y3w5d7h15s999ms999us999ns, "
        "uuid: u'0190a3f4-0000-7000-8000-00000000002a', rec: `a b`:[1, 'x', { k: NONE }], "
        "rec_obj: t:{ a: 1 }, rec_uuid: t:u'0190a3f4-0000-7000-8000-000000000000', "
        "rec_range: t:1>..=[9], table: type::table('x y'), arr: [1, [2, [3]]], "
        "obj: { '$only': 1 }, obj2: { '$object': 2 }, obj3: {}, set: <set>[3, 1, 'a'], "
        "point: (1.5f, -2f), line: { type: 'LineString', coordinates: [[0, 0], [1, 1]] }, "
        "poly: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }, "
        "mpoly: { type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [0, 0]]]] }, "
        "coll: { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 2] }, "
        "{ type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]]] }] }, "
        "r1: 1..5, r2: ..=d'2024-01-01T00:00:00Z', r3: .., r4: (t:1)>..(t:9), "
        "geojson_like_object: object::from_entries([['type', 'Point'], ['coordinates', [1, 2]]]) }";
    surql_value *v = V(all);
    ST_CHECKF(v != NULL, "%s", ERRMSG());
    for (int pretty = 0; pretty < 2; pretty++) {
        surql_buf b = SURQL_BUF_INIT;
        ST_OK(surql_value_to_json(v, &b, EXT | (pretty ? PRETTY : 0)));
        surql_value *back = NULL;
        ST_OK(surql_value_from_json(&back, b.ptr, b.size, EXT));
        ST_CHECK(surql_value_equal(v, back));
        /* and the text is stable */
        surql_buf b2 = SURQL_BUF_INIT;
        ST_OK(surql_value_to_json(back, &b2, EXT | (pretty ? PRETTY : 0)));
        ST_EQ_STR(surql_buf_cstr(&b2), surql_buf_cstr(&b));
        /* decimal text and key order are kept exactly */
        const char *t = NULL;
        ST_OK(surql_value_get_decimal(surql_value_object_get(back, "dec"), &t));
        ST_EQ_STR(t, "1.50");
        const char *k = NULL;
        ST_OK(surql_value_object_at(back, 4, &k, NULL, NULL));
        ST_EQ_STR(k, "int");
        surql_value_unref(back);
        surql_buf_dispose(&b);
        surql_buf_dispose(&b2);
    }
    surql_buf b = SURQL_BUF_INIT;
    ST_OK(surql_value_to_json(v, &b, EXT));
    ST_EQ_STR(surql_buf_cstr(&b),
              "{\"none\":{\"$none\":true},\"null\":null,\"t\":true,\"f\":false,"
              "\"int\":-9223372036854775808,\"float\":0.1,\"negzero\":-0.0,"
              "\"nan\":{\"$float\":\"NaN\"},\"inf\":{\"$float\":\"Infinity\"},"
              "\"dec\":{\"$decimal\":\"1.50\"},\"str\":\"a\\u0000b'\xe2\x80\xae😀\","
              "\"bytes\":{\"$bytes\":\"AP8=\"},\"empty_bytes\":{\"$bytes\":\"\"},"
              "\"dt\":{\"$datetime\":\"-0001-02-03T04:05:06.000000007Z\"},"
              "\"dur\":{\"$duration\":\"584942417355y3w5d7h15s999ms999µs999ns\"},"
              "\"uuid\":{\"$uuid\":\"0190a3f4-0000-7000-8000-00000000002a\"},"
              "\"rec\":{\"$record\":{\"tb\":\"a b\",\"id\":[1,\"x\",{\"k\":{\"$none\":true}}]}},"
              "\"rec_obj\":{\"$record\":{\"tb\":\"t\",\"id\":{\"a\":1}}},"
              "\"rec_uuid\":{\"$record\":{\"tb\":\"t\",\"id\":{\"$uuid\":\"0190a3f4-0000-7000-8000-000000000000\"}}},"
              "\"rec_range\":{\"$record\":{\"tb\":\"t\",\"id\":{\"$range\":{\"lo\":{\"excl\":1},\"hi\":{\"incl\":[9]}}}}},"
              "\"table\":{\"$table\":\"x y\"},\"arr\":[1,[2,[3]]],"
              "\"obj\":{\"$object\":{\"$only\":1}},\"obj2\":{\"$object\":{\"$object\":2}},\"obj3\":{},"
              "\"set\":{\"$set\":[3,1,\"a\"]},"
              "\"point\":{\"$geometry\":{\"type\":\"Point\",\"coordinates\":[1.5,-2.0]}},"
              "\"line\":{\"$geometry\":{\"type\":\"LineString\",\"coordinates\":[[0.0,0.0],[1.0,1.0]]}},"
              "\"poly\":{\"$geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0.0,0.0],[1.0,0.0],[1.0,1.0],[0.0,0.0]]]}},"
              "\"mpoly\":{\"$geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[[[[0.0,0.0],[1.0,0.0],[0.0,0.0]]]]}},"
              "\"coll\":{\"$geometry\":{\"type\":\"GeometryCollection\",\"geometries\":["
              "{\"type\":\"Point\",\"coordinates\":[1.0,2.0]},"
              "{\"type\":\"MultiLineString\",\"coordinates\":[[[0.0,0.0],[1.0,1.0]]]}]}},"
              "\"r1\":{\"$range\":{\"lo\":{\"incl\":1},\"hi\":{\"excl\":5}}},"
              "\"r2\":{\"$range\":{\"hi\":{\"incl\":{\"$datetime\":\"2024-01-01T00:00:00Z\"}}}},"
              "\"r3\":{\"$range\":{}},"
              "\"r4\":{\"$range\":{\"lo\":{\"excl\":{\"$record\":{\"tb\":\"t\",\"id\":1}}},"
              "\"hi\":{\"excl\":{\"$record\":{\"tb\":\"t\",\"id\":9}}}}},"
              "\"geojson_like_object\":{\"type\":\"Point\",\"coordinates\":[1,2]}}");
    surql_buf_dispose(&b);
    surql_value_unref(v);
}

/* Malformed input: code, message, line and column. */
typedef struct bad_json {
    const char *json;
    size_t len; /* 0 = strlen */
    int flags, code;
    size_t line, column;
    const char *msg;
} bad_json;

static const bad_json bad[] = {
    { "", 0, 0, SURQL_EPARSE, 1, 1, "unexpected end of input" },
    { "   ", 0, 0, SURQL_EPARSE, 1, 4, "unexpected end of input" },
    { "[1, 2", 0, 0, SURQL_EPARSE, 1, 6, "unterminated array" },
    { "[1 2]", 0, 0, SURQL_EPARSE, 1, 4, "expected ',' or ']'" },
    { "{\"a\": 1", 0, 0, SURQL_EPARSE, 1, 8, "unterminated object" },
    { "{\"a\" 1}", 0, 0, SURQL_EPARSE, 1, 6, "expected ':'" },
    { "{a: 1}", 0, 0, SURQL_EPARSE, 1, 2, "expected a string key" },
    { "{\"a\": 1,}", 0, 0, SURQL_EPARSE, 1, 9, "expected a string key" },
    { "[1,]", 0, 0, SURQL_EPARSE, 1, 4, "unexpected character ']'" },
    { "{\"a\": 1 \"b\": 2}", 0, 0, SURQL_EPARSE, 1, 9, "expected ',' or '}'" },
    { "\"abc", 0, 0, SURQL_EPARSE, 1, 1, "unterminated string" },
    { "\"abc\\", 0, 0, SURQL_EPARSE, 1, 1, "unterminated string" },
    { "[1] x", 0, 0, SURQL_EPARSE, 1, 5, "trailing text after the JSON value" },
    { "{}{}", 0, 0, SURQL_EPARSE, 1, 3, "trailing text after the JSON value" },
    { "1 2", 0, 0, SURQL_EPARSE, 1, 3, "trailing text after the JSON value" },
    { "\"\\x\"", 0, 0, SURQL_EPARSE, 1, 2, "invalid escape '\\x'" },
    { "\"\\u12\"", 0, 0, SURQL_EPARSE, 1, 2, "invalid \\u escape (4 hex digits needed)" },
    { "\"\\ud800\"", 0, 0, SURQL_EPARSE, 1, 2,
      "high surrogate \\uD800 not followed by a low surrogate" },
    { "\"\\ud800\\u0041\"", 0, 0, SURQL_EPARSE, 1, 2,
      "high surrogate \\uD800 not followed by a low surrogate" },
    { "\"\\udc00\"", 0, 0, SURQL_EPARSE, 1, 2, "lone low surrogate \\uDC00" },
    { "\"a\tb\"", 0, 0, SURQL_EPARSE, 1, 3,
      "raw control character 0x09 in a string (use an escape)" },
    { "\"a\nb\"", 0, 0, SURQL_EPARSE, 1, 3,
      "raw control character 0x0A in a string (use an escape)" },
    { "\"\xff\"", 0, 0, SURQL_EINVAL, 1, 2, "invalid UTF-8 (byte 0xFF)" },
    { "[\"\xc0\x80\"]", 0, 0, SURQL_EINVAL, 1, 3, "invalid UTF-8 (byte 0xC0)" },
    { "\"\xed\xa0\x80\"", 0, 0, SURQL_EINVAL, 1, 2, "invalid UTF-8 (byte 0xED)" },
    { "[\"é\", \xe2\x82]", 0, 0, SURQL_EINVAL, 1, 7, "invalid UTF-8 (byte 0xE2)" },
    { "[\"é\", x]", 0, 0, SURQL_EPARSE, 1, 7, "unexpected character 'x'" },
    { "{\n  \"a\": tru\n}", 0, 0, SURQL_EPARSE, 2, 11, "unexpected byte 0x0A" },
    { "[\n1,\n\n  nul]", 0, 0, SURQL_EPARSE, 4, 6, "unexpected character ']'" },
    { "01", 0, 0, SURQL_EPARSE, 1, 2, "invalid number: leading zero" },
    { "1.", 0, 0, SURQL_EPARSE, 1, 3, "invalid number: digit expected after '.'" },
    { "1e", 0, 0, SURQL_EPARSE, 1, 3, "invalid number: digit expected in the exponent" },
    { "-", 0, 0, SURQL_EPARSE, 1, 2, "unexpected end of input in a number" },
    { "-a", 0, 0, SURQL_EPARSE, 1, 2, "invalid number: digit expected" },
    { "+1", 0, 0, SURQL_EPARSE, 1, 1, "unexpected character '+'" },
    { ".5", 0, 0, SURQL_EPARSE, 1, 1, "unexpected character '.'" },
    { "NaN", 0, 0, SURQL_EPARSE, 1, 1, "unexpected character 'N'" },
    { "Infinity", 0, 0, SURQL_EPARSE, 1, 1, "unexpected character 'I'" },
    { "'a'", 0, 0, SURQL_EPARSE, 1, 1, "unexpected character '''" },
    { "1e400", 0, 0, SURQL_ERANGE, 1, 1, "number out of the range of a double" },
    { "{\"a\": 1, \"a\": 2}", 0, 0, SURQL_EPARSE, 1, 10, "duplicate key \"a\"" },
    { "[1]\0", 4, 0, SURQL_EPARSE, 1, 4, "trailing text after the JSON value" },
    { "\xef\xbb\xbf[]", 0, 0, SURQL_EPARSE, 1, 1, "unexpected byte 0xEF" },
    /* extended tags */
    { "{\"$foo\": 1}", 0, SURQL_JSON_EXTENDED, SURQL_EPARSE, 1, 1,
      "unknown extended JSON tag \"$foo\" (wrap objects with a single \"$\" key in "
      "{\"$object\": ...})" },
    { "[0, {\"$none\": false}]", 0, SURQL_JSON_EXTENDED, SURQL_EPARSE, 1, 5,
      "invalid \"$none\": expected true" },
    { "{\"$decimal\": \"1.x\"}", 0, SURQL_JSON_EXTENDED, SURQL_EPARSE, 1, 1,
      "invalid \"$decimal\": invalid decimal '1.x': unexpected character at byte 2" },
    { "{\"$decimal\": 1.5}", 0, SURQL_JSON_EXTENDED, SURQL_EPARSE, 1, 1,
      "invalid \"$decimal\": expected a string" },
    { "{\"$datetime\": \"2024-02-30T00:00:00Z\"}", 0, SURQL_JSON_EXTENDED, SURQL_EPARSE, 1, 1,
      "invalid \"$datetime\": '2024-02-30T00:00:00Z': invalid datetime: expected a day of that "
      "month at byte 8" },
    { "{\"$duration\": \"1.5h\"}", 0, SURQL_JSON_EXTENDED, SURQL_EPARSE, 1, 1,
      "invalid \"$duration\": '1.5h': invalid duration: expected a unit (y w d h m s ms us ns) "
      "at byte 1" },
    { "{\"$uuid\": 5}", 0, SURQL_JSON_EXTENDED, SURQL_EPARSE, 1, 1,
      "invalid \"$uuid\": expected a uuid string" },
    { "{\"$bytes\": \"!!\"}", 0, SURQL_JSON_EXTENDED, SURQL_EPARSE, 1, 1,
      "invalid \"$bytes\": invalid base64 character at byte 0" },
    { "{\"$float\": \"nan\"}", 0, SURQL_JSON_EXTENDED, SURQL_EPARSE, 1, 1,
      "invalid \"$float\": expected \"NaN\", \"Infinity\", \"-Infinity\" or a number" },
    { "{\"$table\": \"\"}", 0, SURQL_JSON_EXTENDED, SURQL_EPARSE, 1, 1,
      "invalid \"$table\": table name is empty" },
    { "{\"$record\": {\"tb\": \"t\"}}", 0, SURQL_JSON_EXTENDED, SURQL_EPARSE, 1, 1,
      "invalid \"$record\": expected {\"tb\": string, \"id\": key}" },
    { "{\"$record\": {\"tb\": \"t\", \"id\": 1.5}}", 0, SURQL_JSON_EXTENDED, SURQL_EPARSE, 1, 1,
      "invalid \"$record\": record id: key must be an int, string, array, object, uuid or a "
      "range of those, got float" },
    { "{\"$set\": {}}", 0, SURQL_JSON_EXTENDED, SURQL_EPARSE, 1, 1,
      "invalid \"$set\": expected an array" },
    { "{\"$range\": {\"lo\": 1}}", 0, SURQL_JSON_EXTENDED, SURQL_EPARSE, 1, 1,
      "\"$range\" bounds must be {\"incl\": value} or {\"excl\": value}" },
    { "{\"$range\": {\"mid\": {\"incl\": 1}}}", 0, SURQL_JSON_EXTENDED, SURQL_EPARSE, 1, 1,
      "invalid \"$range\": expected {\"lo\": bound, \"hi\": bound} (both optional)" },
    { "{\"$geometry\": {\"type\": \"Point\", \"coordinates\": [1]}}", 0, SURQL_JSON_EXTENDED,
      SURQL_EPARSE, 1, 1,
      "invalid \"$geometry\": invalid Point coordinates: expected [x, y] with two finite numbers" },
    { "{\"$geometry\": {\"type\": \"Circle\", \"coordinates\": [1, 2]}}", 0, SURQL_JSON_EXTENDED,
      SURQL_EPARSE, 1, 1,
      "\"$geometry\" expects a GeoJSON object {\"type\", \"coordinates\"} or {\"type\": "
      "\"GeometryCollection\", \"geometries\"}" },
    { "{\"$object\": 1}", 0, SURQL_JSON_EXTENDED, SURQL_EPARSE, 1, 13,
      "\"$object\" expects an object" },
};

ST_TEST(malformed)
{
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const bad_json *b = &bad[i];
        size_t len = b->len ? b->len : strlen(b->json);
        surql_value *v = (surql_value *)1;
        int rc = surql_value_from_json(&v, b->json, len, b->flags);
        ST_CHECKF(rc == b->code, "case %zu %s: rc %s, want %s (%s)", i, b->json,
                  surql_status_name(rc), surql_status_name(b->code), ERRMSG());
        ST_CHECK(v == NULL);
        char want[600];
        snprintf(want, sizeof want, "JSON: %s at line %zu, column %zu", b->msg, b->line, b->column);
        ST_EQ_STR(ERRMSG(), want);
        ST_EQ_INT(surql_error_last()->line, b->line);
        ST_EQ_INT(surql_error_last()->column, b->column);
        ST_EQ_STR(surql_error_last()->domain, "surql-schema");
    }
}

ST_TEST(depth)
{
    char buf[600];
    /* 256 nested arrays parse, 257 do not */
    memset(buf, '[', 256);
    memset(buf + 256, ']', 256);
    surql_value *v = NULL;
    ST_OK(surql_value_from_json(&v, buf, 512, 0));
    surql_value_unref(v);
    memset(buf, '[', 257);
    memset(buf + 257, ']', 257);
    ST_ERR(surql_value_from_json(&v, buf, 514, 0), SURQL_ERANGE);
    ST_EQ_STR(ERRMSG(), "JSON: nesting deeper than 256 levels at line 1, column 257");
    /* 100000 opening brackets: refused without deep recursion */
    size_t n = 100000;
    char *deep = malloc(n);
    ST_CHECK(deep != NULL);
    memset(deep, '[', n);
    ST_ERR(surql_value_from_json(&v, deep, n, 0), SURQL_ERANGE);
    memset(deep, '{', n);
    for (size_t i = 0; i + 5 < n; i += 5)
        memcpy(deep + i, "{\"a\":", 5);
    ST_ERR(surql_value_from_json(&v, deep, n, 0), SURQL_ERANGE);
    free(deep);
    /* the extended form nests deeper than the value it encodes: a value at the
     * depth limit still round-trips (ranges of arrays: 4 JSON levels per 2) */
    surql_value *x = surql_value_int(7);
    for (int i = 0; i < SURQL_VALUE_MAX_DEPTH / 2; i++) {
        surql_value *a = surql_value_array();
        ST_OK(surql_value_array_push_take(a, x));
        x = surql_value_range_take(a, 1, NULL, 0);
        ST_CHECK(x != NULL);
    }
    surql_buf b = SURQL_BUF_INIT;
    ST_OK(surql_value_to_json(x, &b, SURQL_JSON_EXTENDED));
    ST_OK(surql_value_from_json(&v, b.ptr, b.size, SURQL_JSON_EXTENDED));
    ST_CHECK(surql_value_equal(v, x));
    surql_value_unref(v);
    surql_buf_dispose(&b);
    surql_value_unref(x);
    /* but more value levels than the limit are refused, with a position */
    char *ext = malloc(8 * 300);
    ST_CHECK(ext != NULL);
    memset(ext, '[', 300);
    memset(ext + 300, ']', 300);
    ST_ERR(surql_value_from_json(&v, ext, 600, SURQL_JSON_EXTENDED), SURQL_ERANGE);
    ST_EQ_STR(ERRMSG(), "JSON: value nested deeper than 256 levels at line 1, column 44");
    /* objects nested too deep are caught on the decoded result */
    size_t k = 0;
    for (int i = 0; i < 257; i++)
        k += (size_t)snprintf(ext + k, 8, "{\"a\":");
    ext[k++] = '1';
    memset(ext + k, '}', 257);
    k += 257;
    ST_ERR(surql_value_from_json(&v, ext, k, SURQL_JSON_EXTENDED), SURQL_ERANGE);
    ST_EQ_STR(ERRMSG(), "JSON: value nested deeper than 256 levels at line 1, column 1");
    free(ext);
}

ST_TEST(arguments)
{
    surql_value *v = NULL;
    surql_buf b = SURQL_BUF_INIT;
    ST_ERR(surql_value_from_json(NULL, "1", 1, 0), SURQL_EINVAL);
    ST_ERR(surql_value_from_json(&v, NULL, 1, 0), SURQL_EINVAL);
    ST_ERR(surql_value_from_json(&v, NULL, 0, 0), SURQL_EPARSE);
    ST_ERR(surql_value_to_json(surql_value_null(), NULL, 0), SURQL_EINVAL);
    /* NULL value renders as NONE; output is appended */
    ST_OK(surql_buf_puts(&b, "x="));
    ST_OK(surql_value_to_json(NULL, &b, 0));
    ST_EQ_STR(surql_buf_cstr(&b), "x=null");
    surql_buf_dispose(&b);
}

ST_MAIN(ST_CASE(server_form), ST_CASE(extended_form), ST_CASE(pretty), ST_CASE(plain_input),
        ST_CASE(extended_input), ST_CASE(extended_round_trip), ST_CASE(malformed), ST_CASE(depth),
        ST_CASE(arguments))
