/* Unit tests of surql_value_record_parse (whole record ids, accept and
 * reject tables) and surql_value_from_surql (SurrealQL literal text). */
#include "surql_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <surql/schema.h>

#define ERRMSG() (surql_error_last()->message)

static const char *render(surql_value *v)
{
    static surql_buf b = SURQL_BUF_INIT;
    surql_buf_clear(&b);
    if (!v)
        return "<null>";
    int rc = surql_value_to_surql(v, &b, 0);
    surql_value_unref(v);
    return rc ? "<error>" : surql_buf_cstr(&b);
}

static const struct {
    const char *in, *out;
    surql_value_type key_type;
} record_ok[] = {
    { "user:alice", "user:alice", SURQL_VALUE_STRING },
    { "user:`a b`", "user:`a b`", SURQL_VALUE_STRING },
    { "user:⟨a b⟩", "user:`a b`", SURQL_VALUE_STRING },
    { "t:123", "t:123", SURQL_VALUE_INT },
    { "t:007", "t:7", SURQL_VALUE_INT },
    { "t:-5", "t:-5", SURQL_VALUE_INT },
    { "t:-9223372036854775808", "t:-9223372036854775808", SURQL_VALUE_INT },
    { "t:9223372036854775807", "t:9223372036854775807", SURQL_VALUE_INT },
    { "t:9223372036854775808", "t:`9223372036854775808`", SURQL_VALUE_STRING },
    { "t:`123`", "t:`123`", SURQL_VALUE_STRING },
    { "t:⟨123⟩", "t:`123`", SURQL_VALUE_STRING },
    { "t:1a", "t:`1a`", SURQL_VALUE_STRING },
    { "t:1e5", "t:`1e5`", SURQL_VALUE_STRING },
    { "t:_", "t:_", SURQL_VALUE_STRING },
    { "t:none", "t:`none`", SURQL_VALUE_STRING },
    { "t:`a\\`b`", "t:`a\\`b`", SURQL_VALUE_STRING },
    { "t:⟨a\\⟩b⟩", "t:`a⟩b`", SURQL_VALUE_STRING },
    { "t:`\\u0041\\u{1F600}`", "t:`A😀`", SURQL_VALUE_STRING },
    { "t:``", "t:``", SURQL_VALUE_STRING },
    { "t:[1,'a']", "t:[1, 'a']", SURQL_VALUE_ARRAY },
    { "t:[]", "t:[]", SURQL_VALUE_ARRAY },
    { "t:[ 1 , [ 'x' ] , NONE ]", "t:[1, ['x'], NONE]", SURQL_VALUE_ARRAY },
    { "t:{a:1}", "t:{ a: 1 }", SURQL_VALUE_OBJECT },
    { "t:{}", "t:{}", SURQL_VALUE_OBJECT },
    { "t:{ 'b c': [1, { d: d'2024-01-01T00:00:00Z' }] }",
      "t:{ 'b c': [1, { d: d'2024-01-01T00:00:00Z' }] }", SURQL_VALUE_OBJECT },
    { "t:u'0190a3f4-0000-7000-8000-000000000000'", "t:u'0190a3f4-0000-7000-8000-000000000000'",
      SURQL_VALUE_UUID },
    { "t:u\"0190A3F4-0000-7000-8000-000000000000\"", "t:u'0190a3f4-0000-7000-8000-000000000000'",
      SURQL_VALUE_UUID },
    { "t:1..5", "t:1..5", SURQL_VALUE_RANGE },
    { "t:1>..=5", "t:1>..=5", SURQL_VALUE_RANGE },
    { "t:..", "t:..", SURQL_VALUE_RANGE },
    { "t:..=5", "t:..=5", SURQL_VALUE_RANGE },
    { "t:-10..", "t:-10..", SURQL_VALUE_RANGE },
    { "t:a..z", "t:a..z", SURQL_VALUE_RANGE },
    { "t:`a b`>..`z`", "t:`a b`>..z", SURQL_VALUE_RANGE },
    { "t:[1]..[5]", "t:[1]..[5]", SURQL_VALUE_RANGE },
    { "t:{a:1}..={a:2}", "t:{ a: 1 }..={ a: 2 }", SURQL_VALUE_RANGE },
    { "`my table`:x", "`my table`:x", SURQL_VALUE_STRING },
    { "⟨my table⟩:x", "`my table`:x", SURQL_VALUE_STRING },
    { "select:x", "`select`:x", SURQL_VALUE_STRING },
    { "a1:b2", "a1:b2", SURQL_VALUE_STRING },
    { "_:_", "_:_", SURQL_VALUE_STRING },
};

ST_TEST(record_parse_accepts)
{
    for (size_t i = 0; i < sizeof record_ok / sizeof record_ok[0]; i++) {
        surql_value *v = surql_value_record_parse(record_ok[i].in);
        ST_CHECKF(v != NULL, "%s: %s", record_ok[i].in, ERRMSG());
        const surql_value *k = NULL;
        ST_OK(surql_value_record_key(v, &k));
        ST_CHECKF(surql_value_type_of(k) == record_ok[i].key_type, "%s: key is %s",
                  record_ok[i].in, surql_value_type_name(surql_value_type_of(k)));
        ST_EQ_STR(render(v), record_ok[i].out);
        /* the rendering parses back to an equal record id */
        surql_value *a = surql_value_record_parse(record_ok[i].in);
        surql_value *b = surql_value_record_parse(record_ok[i].out);
        ST_CHECK(a && b && surql_value_equal(a, b));
        surql_value_unref(a);
        surql_value_unref(b);
    }
}

static const struct {
    const char *in, *msg;
} record_bad[] = {
    { "", "invalid record id '': empty text at byte 0" },
    { "user", "invalid record id 'user': unexpected end of input, expected ':' after the table name at byte 4" },
    { "user:", "invalid record id 'user:': unexpected end of input, expected a record key at byte 5" },
    { ":alice", "invalid record id ':alice': unexpected ':', expected a table name at byte 0" },
    { " user:alice", "invalid record id ' user:alice': unexpected ' ', expected a table name at byte 0" },
    { "user:alice ", "invalid record id 'user:alice ': unexpected text after the key at byte 10" },
    { "user:alice; DELETE user", "invalid record id 'user:alice; DELETE user': unexpected text after the key at byte 10" },
    { "user:alice;--", "invalid record id 'user:alice;--': unexpected text after the key at byte 10" },
    { "user:a b", "invalid record id 'user:a b': unexpected text after the key at byte 6" },
    { "user:a-b", "invalid record id 'user:a-b': unexpected text after the key at byte 6" },
    { "t:a:b", "invalid record id 't:a:b': unexpected text after the key at byte 3" },
    { "a:b\n", "invalid record id 'a:b\\n': unexpected text after the key at byte 3" },
    { "t:1.5", "invalid record id 't:1.5': unexpected text after the key at byte 3" },
    { "t:1..2..3", "invalid record id 't:1..2..3': unexpected text after the key at byte 6" },
    { "t:1..t:5", "invalid record id 't:1..t:5': unexpected text after the key at byte 6" },
    { "user:'alice'", "invalid record id 'user:\\'alice\\'': unexpected ''', expected a record key at byte 5" },
    { "user:\"alice\"", "invalid record id 'user:\"alice\"': unexpected '\"', expected a record key at byte 5" },
    { "t:(1)", "invalid record id 't:(1)': unexpected '(', expected a record key at byte 2" },
    { "t:$x", "invalid record id 't:$x': unexpected '$', expected a record key at byte 2" },
    { "t:-abc", "invalid record id 't:-abc': a record key starting with '-' must be an integer at byte 2" },
    { "t:`abc", "invalid record id 't:`abc': unterminated identifier at byte 2" },
    { "t:⟨abc", "invalid record id 't:⟨abc': unterminated identifier at byte 2" },
    { "`abc:1", "invalid record id '`abc:1': unterminated identifier at byte 0" },
    { "``:1", "invalid record id '``:1': table name is empty or contains U+0000 at byte 0" },
    { "`a\\0b`:1", "invalid record id '`a\\\\0b`:1': table name is empty or contains U+0000 at byte 0" },
    { "t:`\\x`", "invalid record id 't:`\\\\x`': invalid escape sequence at byte 3" },
    { "t:`\\u{110000}`", "invalid record id 't:`\\\\u{110000}`': \\u escape is not a valid character at byte 3" },
    { "t:[1,2", "invalid record id 't:[1,2': unterminated list at byte 2" },
    { "t:[1,,2]", "invalid record id 't:[1,,2]': unexpected ',', expected a value at byte 5" },
    { "t:{a:1", "invalid record id 't:{a:1': unterminated object at byte 2" },
    { "t:{a 1}", "invalid record id 't:{a 1}': unexpected '1', expected ':' after an object key at byte 5" },
    { "t:[x]", "invalid record id 't:[x]': 'x' is not a literal (a field or table reference?) at byte 3" },
    { "t:u'xyz'", "invalid record id 't:u\\'xyz\\'': 'xyz': invalid uuid: expected a hex digit at byte 0 (value at byte 2)" },
    { "t:\xff", "invalid record id 't:': invalid UTF-8 at byte 2" },
    { "t:1.0f", "invalid record id 't:1.0f': unexpected text after the key at byte 3" },
};

ST_TEST(record_parse_rejects)
{
    for (size_t i = 0; i < sizeof record_bad / sizeof record_bad[0]; i++) {
        surql_value *v = surql_value_record_parse(record_bad[i].in);
        ST_CHECKF(v == NULL, "%s parsed", record_bad[i].in);
        ST_EQ_INT(surql_error_last()->code, SURQL_EIDENT);
        ST_EQ_STR(ERRMSG(), record_bad[i].msg);
    }
    ST_CHECK(surql_value_record_parse(NULL) == NULL);
    ST_EQ_INT(surql_error_last()->code, SURQL_EIDENT);
    /* nesting limit */
    char deep[400];
    memcpy(deep, "t:", 2);
    memset(deep + 2, '[', 300);
    deep[302] = '\0';
    ST_CHECK(surql_value_record_parse(deep) == NULL);
    ST_EQ_INT(surql_error_last()->code, SURQL_ERANGE);
}

static const struct {
    const char *in, *out;
} lit_ok[] = {
    { "NONE", "NONE" },
    { "none", "NONE" },
    { "Null", "NULL" },
    { "TRUE", "true" },
    { "  false\n", "false" },
    { "0", "0" },
    { "-12", "-12" },
    { "1.5", "1.5f" },
    { "1e3", "1000f" },
    { "-2.5e-3", "-0.0025f" },
    { "1f", "1f" },
    { "1.25f", "1.25f" },
    { "NaN", "<float>'NaN'" },
    { "Infinity", "<float>'Infinity'" },
    { "<float>'NaN'", "<float>'NaN'" },
    { "<float>'-Infinity'", "<float>'-Infinity'" },
    { "<float> 2", "2f" },
    { "<float>'1.5'", "1.5f" },
    { "1dec", "1dec" },
    { "-1.50dec", "-1.50dec" },
    { "1e5dec", "1e5dec" },
    { "'a\\'b'", "'a\\'b'" },
    { "\"a\\\"b'\"", "'a\"b\\''" },
    { "'\\u0041\\u{1F600}\\uD83D\\uDE00\\0\\/'", "'A😀😀\\u0000/'" },
    { "s'x'", "'x'" },
    { "'multi\nline'", "'multi\\nline'" },
    { "b\"00aBfF\"", "b\"00ABFF\"" },
    { "b''", "b\"\"" },
    { "encoding::base64::decode('AKv/')", "b\"00ABFF\"" },
    { "encoding::base64::decode('AQ==')", "b\"01\"" },
    { "d'2024-01-01T01:00:00+01:00'", "d'2024-01-01T00:00:00Z'" },
    { "d\"2024-01-01T00:00:00.5Z\"", "d'2024-01-01T00:00:00.500Z'" },
    { "u'0190A3F4-0000-7000-8000-000000000000'", "u'0190a3f4-0000-7000-8000-000000000000'" },
    { "r'user:`a b`'", "user:`a b`" },
    { "r\"t:[1]\"", "t:[1]" },
    { "1h30m", "1h30m" },
    { "1y2w3d4h5m6s7ms8us9ns", "1y2w3d4h5m6s7ms8µs9ns" },
    { "0ns", "0ns" },
    { "type::table('a b')", "type::table('a b')" },
    { "TYPE::TABLE('x')", "type::table('x')" },
    { "[]", "[]" },
    { "[1, 2,]", "[1, 2]" },
    { "[ [ ] , { } ]", "[[], {}]" },
    { "{}", "{}" },
    { "{ a: 1, 'b c': 2, \"d\": 3, `e f`: 4, 5: 5 }", "{ a: 1, 'b c': 2, d: 3, 'e f': 4, '5': 5 }" },
    { "{ a: 1, }", "{ a: 1 }" },
    { "{,}", "<set>[]" },
    { "{1,}", "<set>[1]" },
    { "{1, 2, 2}", "<set>[1, 2]" },
    { "<set>[2, 1, 2]", "<set>[2, 1]" },
    { "<set>[]", "<set>[]" },
    { "(1, 2)", "(1f, 2f)" },
    { "(1.5f, -2)", "(1.5f, -2f)" },
    { "(1)", "1" },
    { "((('x')))", "'x'" },
    { "{ type: 'Point', coordinates: [1, 2] }", "(1f, 2f)" },
    { "{ coordinates: [[0, 0], [1, 1]], type: 'LineString' }",
      "{ type: 'LineString', coordinates: [[0f, 0f], [1f, 1f]] }" },
    { "{ type: 'Point', coordinates: [1dec, 2] }",
      "object::from_entries([['type', 'Point'], ['coordinates', [1dec, 2]]])" },
    { "{ type: 'Polygon', coordinates: [] }",
      "object::from_entries([['type', 'Polygon'], ['coordinates', []]])" },
    { "{ type: 'GeometryCollection', geometries: [(1, 2)] }",
      "{ type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1f, 2f] }] }" },
    { "object::from_entries([['type', 'Point'], ['coordinates', [1, 2]]])",
      "object::from_entries([['type', 'Point'], ['coordinates', [1, 2]]])" },
    { "object::from_entries([])", "{}" },
    { "user:alice", "user:alice" },
    { "`a b`:[1]", "`a b`:[1]" },
    { "[t:1, t:2]", "[t:1, t:2]" },
    { "1..5", "1..5" },
    { "1 .. 5", "1..5" },
    { "1>..=5", "1>..=5" },
    { "..", ".." },
    { "..=d'2024-01-01T00:00:00Z'", "..=d'2024-01-01T00:00:00Z'" },
    { "'a'..", "'a'.." },
    { "[1..2, ..]", "[1..2, ..]" },
    { "(t:1)..(t:5)", "(t:1)..(t:5)" },
    { "(<float>'NaN')>..1f", "(<float>'NaN')>..1f" },
    { "-5..-1", "-5..-1" },
};

ST_TEST(from_surql_accepts)
{
    for (size_t i = 0; i < sizeof lit_ok / sizeof lit_ok[0]; i++) {
        surql_value *v = NULL;
        int rc = surql_value_from_surql(&v, lit_ok[i].in, strlen(lit_ok[i].in));
        ST_CHECKF(rc == 0, "%s: %s", lit_ok[i].in, ERRMSG());
        ST_EQ_STR(render(v), lit_ok[i].out);
    }
}

static const struct {
    const char *in;
    int code;
    const char *msg;
} lit_bad[] = {
    { "", SURQL_EPARSE, "SurrealQL: unexpected end of input, expected a value at byte 0 (line 1, column 1)" },
    { "1 + 1", SURQL_EPARSE, "SurrealQL: unexpected text after the literal at byte 2 (line 1, column 3)" },
    { "$param", SURQL_EPARSE, "SurrealQL: unexpected '$', expected a value at byte 0 (line 1, column 1)" },
    { "foo", SURQL_EPARSE, "SurrealQL: 'foo' is not a literal (a field or table reference?) at byte 0 (line 1, column 1)" },
    { "math::pi()", SURQL_EPARSE, "SurrealQL: function call 'math::pi' is not a literal at byte 0 (line 1, column 1)" },
    { "type::table(1)", SURQL_EPARSE, "SurrealQL: wrong argument type for 'type::table' at byte 0 (line 1, column 1)" },
    { "{1}", SURQL_EPARSE, "SurrealQL: a block is not a literal (write a one-element set {a,}) at byte 0 (line 1, column 1)" },
    { "<string>1", SURQL_EPARSE, "SurrealQL: only <float> and <set> casts are literals at byte 0 (line 1, column 1)" },
    { "<float>'abc'", SURQL_EPARSE, "SurrealQL: invalid <float> cast at byte 0 (line 1, column 1)" },
    { "'abc", SURQL_EPARSE, "SurrealQL: unterminated string at byte 0 (line 1, column 1)" },
    { "'\\q'", SURQL_EPARSE, "SurrealQL: invalid escape sequence at byte 1 (line 1, column 2)" },
    { "'\\uD800'", SURQL_EPARSE, "SurrealQL: \\u escape is not a valid character at byte 1 (line 1, column 2)" },
    { "9223372036854775808", SURQL_EPARSE, "SurrealQL: integer does not fit in 64 bits at byte 0 (line 1, column 1)" },
    { "1x", SURQL_EPARSE, "SurrealQL: '1x': invalid duration: expected a unit (y w d h m s ms us ns) at byte 1 (value at byte 0, line 1, column 1)" },
    { "-1h", SURQL_EPARSE, "SurrealQL: a duration cannot be negative at byte 0 (line 1, column 1)" },
    { "1.5x", SURQL_EPARSE, "SurrealQL: unexpected 'x' after a number at byte 3 (line 1, column 4)" },
    { "--5", SURQL_EPARSE, "SurrealQL: unexpected '-', expected a digit at byte 1 (line 1, column 2)" },
    { "d'2024-13-01T00:00:00Z'", SURQL_EPARSE, "SurrealQL: '2024-13-01T00:00:00Z': invalid datetime: expected a month 01..12 at byte 5 (value at byte 0, line 1, column 1)" },
    { "b\"0\"", SURQL_EPARSE, "SurrealQL: bytes literal needs an even number of hex digits at byte 0 (line 1, column 1)" },
    { "r'x'", SURQL_EPARSE, "SurrealQL: unexpected end of input, expected ':' after the table name at byte 1 (line 1, column 2)" },
    { "{ a: 1, a: 2 }", SURQL_EPARSE, "SurrealQL: duplicate object key at byte 8 (line 1, column 9)" },
    { "(1, 'a')", SURQL_EPARSE, "SurrealQL: a point needs two numbers at byte 0 (line 1, column 1)" },
    { "[1, 2", SURQL_EPARSE, "SurrealQL: unterminated list at byte 0 (line 1, column 1)" },
    { "[1,\n  2,\n  x]", SURQL_EPARSE, "SurrealQL: 'x' is not a literal (a field or table reference?) at byte 11 (line 3, column 3)" },
    { "1..2..3", SURQL_EPARSE, "SurrealQL: unexpected text after the literal at byte 4 (line 1, column 5)" },
    { "'é' x", SURQL_EPARSE, "SurrealQL: unexpected text after the literal at byte 5 (line 1, column 5)" },
    { "'\xff'", SURQL_EINVAL, "SurrealQL: invalid UTF-8 at byte 1 (line 1, column 2)" },
    { "1; DELETE user", SURQL_EPARSE, "SurrealQL: unexpected text after the literal at byte 1 (line 1, column 2)" },
};

ST_TEST(from_surql_rejects)
{
    for (size_t i = 0; i < sizeof lit_bad / sizeof lit_bad[0]; i++) {
        surql_value *v = (surql_value *)1;
        int rc = surql_value_from_surql(&v, lit_bad[i].in, strlen(lit_bad[i].in));
        ST_CHECKF(rc == lit_bad[i].code, "%s: %s (%s)", lit_bad[i].in, surql_status_name(rc), ERRMSG());
        ST_CHECK(v == NULL);
        ST_EQ_STR(ERRMSG(), lit_bad[i].msg);
    }
    char deep[700];
    memset(deep, '[', 300);
    memset(deep + 300, ']', 300);
    surql_value *v = NULL;
    ST_ERR(surql_value_from_surql(&v, deep, 600), SURQL_ERANGE);
    ST_EQ_STR(ERRMSG(), "SurrealQL: nesting deeper than 256 levels at byte 256 (line 1, column 257)");
    memset(deep, '(', 300);
    ST_ERR(surql_value_from_surql(&v, deep, 300), SURQL_ERANGE);
    memset(deep, '{', 300);
    ST_ERR(surql_value_from_surql(&v, deep, 300), SURQL_ERANGE);
    ST_ERR(surql_value_from_surql(NULL, "1", 1), SURQL_EINVAL);
    ST_ERR(surql_value_from_surql(&v, NULL, 3), SURQL_EINVAL);
    ST_ERR(surql_value_from_surql(&v, "1\0", 2), SURQL_EPARSE);
}

/* Every rendered literal reads back to an equal value (values built by hand). */
ST_TEST(render_parse_round_trip)
{
    static const char *const texts[] = {
        "{ a: [1, 1f, 1dec, NONE, NULL, true], 'b c': { '$x': d'2024-02-29T12:00:00.000000001Z' } }",
        "[u'0190a3f4-0000-7000-8000-000000000000', 584942417355y3w5d7h15s999ms999us999ns, b\"\"]",
        "<set>[t:[1, { k: 'v' }], `a b`:`c\\`d`, t:1>..=9, t:..]",
        "[(1f, 2f), { type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]]] }]",
        "[1..2, 'a'>.., ..=(t:1), (<float>'NaN')..(<float>'-Infinity'), -0f..0f]",
        "object::from_entries([['type', 'Point'], ['coordinates', [1, 2]]])",
        "'\\u0000\\u202E\\'`⟩'",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        surql_value *a = NULL, *b = NULL;
        ST_CHECKF(surql_value_from_surql(&a, texts[i], strlen(texts[i])) == 0, "%s: %s", texts[i], ERRMSG());
        surql_buf t = SURQL_BUF_INIT;
        ST_OK(surql_value_to_surql(a, &t, 0));
        ST_CHECKF(surql_value_from_surql(&b, t.ptr, t.size) == 0, "%s: %s", t.ptr, ERRMSG());
        ST_CHECKF(surql_value_equal(a, b), "%s -> %s", texts[i], t.ptr);
        surql_buf_dispose(&t);
        surql_value_unref(a);
        surql_value_unref(b);
    }
}

/* A successful parse leaves the caller's last error alone, even where the
 * parser tries an interpretation that does not apply. */
ST_TEST(success_keeps_error_slot)
{
    surql_error_set(SURQL_ETIMEOUT, "surql-test", "earlier failure");
    static const char *const texts[] = {
        "{ type: 'Point', coordinates: [1dec, 2] }", /* not a geometry */
        "{ type: 'Polygon', coordinates: [] }",
        "<float>'2.5'",
        "{1, 2}",   /* a set, not an object */
        "{ 'a': 1 }",
        "t:[1]",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        surql_value *v = NULL;
        ST_OK(surql_value_from_surql(&v, texts[i], strlen(texts[i])));
        surql_value_unref(v);
        ST_EQ_INT(surql_error_last()->code, SURQL_ETIMEOUT);
        ST_EQ_STR(ERRMSG(), "earlier failure");
    }
    surql_error_clear();
}

ST_MAIN(ST_CASE(record_parse_accepts), ST_CASE(success_keeps_error_slot), ST_CASE(record_parse_rejects), ST_CASE(from_surql_accepts),
        ST_CASE(from_surql_rejects), ST_CASE(render_parse_round_trip))
