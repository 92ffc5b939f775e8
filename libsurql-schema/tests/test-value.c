/* Unit tests of surql_value: builders, getters, type errors, containers,
 * mutability, iteration, limits and reference counting across threads. */
#include "surql_test.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <surql/schema.h>

#define ERRMSG() (surql_error_last()->message)

/* render helper: SurrealQL literal of v (static buffer per call site is enough) */
static const char *lit(const surql_value *v)
{
    static surql_buf b = SURQL_BUF_INIT;
    surql_buf_clear(&b);
    if (surql_value_to_surql(v, &b, 0) != 0)
        return "<error>";
    return surql_buf_cstr(&b);
}

ST_TEST(singletons)
{
    ST_CHECK(surql_value_none() == surql_value_none());
    ST_CHECK(surql_value_null() == surql_value_null());
    ST_CHECK(surql_value_bool(7) == surql_value_bool(1));
    ST_CHECK(surql_value_bool(0) != surql_value_bool(1));
    /* ref/unref are no-ops on singletons */
    surql_value *n = surql_value_ref(surql_value_none());
    ST_CHECK(surql_value_unref(n) == NULL);
    ST_CHECK(surql_value_unref(surql_value_none()) == NULL);
    ST_EQ_INT(surql_value_type_of(surql_value_none()), SURQL_VALUE_NONE);
    ST_EQ_INT(surql_value_type_of(NULL), SURQL_VALUE_NONE);
    ST_CHECK(surql_value_is_none(NULL));
    ST_CHECK(surql_value_is_null(surql_value_null()));
    ST_CHECK(!surql_value_is_null(surql_value_none()));
    ST_CHECK(surql_value_is_nullish(surql_value_none()) && surql_value_is_nullish(surql_value_null()));
    ST_CHECK(!surql_value_is_nullish(surql_value_bool(0)));
    ST_CHECK(surql_value_unref(NULL) == NULL);
    ST_CHECK(surql_value_ref(NULL) == NULL);
}

ST_TEST(type_names)
{
    static const char *const want[] = { "none",     "null",  "bool",     "int",    "float",
                                        "decimal",  "string", "bytes",   "datetime",
                                        "duration", "uuid",  "record",   "table",  "array",
                                        "object",   "geometry", "range", "set" };
    for (int t = 0; t <= SURQL_VALUE_SET; t++)
        ST_EQ_STR(surql_value_type_name((surql_value_type)t), want[t]);
    ST_EQ_STR(surql_value_type_name((surql_value_type)99), "unknown");
    ST_EQ_STR(surql_geometry_kind_name(SURQL_GEOMETRY_POINT), "Point");
    ST_EQ_STR(surql_geometry_kind_name(SURQL_GEOMETRY_MULTILINE), "MultiLineString");
    ST_EQ_STR(surql_geometry_kind_name(SURQL_GEOMETRY_COLLECTION), "GeometryCollection");
    ST_EQ_STR(surql_geometry_kind_name((surql_geometry_kind)0), "unknown");
}

ST_TEST(scalar_getters)
{
    int b = -1;
    int64_t i = 0;
    double d = 0;
    ST_OK(surql_value_get_bool(surql_value_bool(1), &b));
    ST_EQ_INT(b, 1);
    surql_value *v = surql_value_int(-42);
    ST_OK(surql_value_get_int(v, &i));
    ST_EQ_INT(i, -42);
    ST_OK(surql_value_get_number(v, &d));
    ST_CHECK(d == -42.0);
    ST_ERR(surql_value_get_float(v, &d), SURQL_ETYPE);
    ST_EQ_STR(ERRMSG(), "expected float, got int");
    ST_ERR(surql_value_get_int(v, NULL), SURQL_EINVAL);
    v = surql_value_unref(v);

    v = surql_value_float(1.0);
    ST_ERR(surql_value_get_int(v, &i), SURQL_ETYPE);
    ST_EQ_STR(ERRMSG(), "expected int, got float");
    ST_OK(surql_value_get_float(v, &d));
    ST_CHECK(d == 1.0);
    v = surql_value_unref(v);

    v = surql_value_float(NAN);
    ST_OK(surql_value_get_float(v, &d));
    ST_CHECK(isnan(d));
    v = surql_value_unref(v);

    v = surql_value_decimal("-12.50");
    const char *t = NULL;
    ST_OK(surql_value_get_decimal(v, &t));
    ST_EQ_STR(t, "-12.50");
    ST_OK(surql_value_get_number(v, &d));
    ST_CHECK(d == -12.5);
    ST_ERR(surql_value_get_string(v, &t, NULL), SURQL_ETYPE);
    ST_EQ_STR(ERRMSG(), "expected string, got decimal");
    v = surql_value_unref(v);

    ST_ERR(surql_value_get_number(surql_value_null(), &d), SURQL_ETYPE);
    ST_EQ_STR(ERRMSG(), "expected number, got null");
    ST_ERR(surql_value_get_bool(NULL, &b), SURQL_ETYPE);
    ST_EQ_STR(ERRMSG(), "expected bool, got none");
}

ST_TEST(strings)
{
    const char *p = NULL;
    size_t n = 0;
    surql_value *v = surql_value_string("héllo");
    ST_OK(surql_value_get_string(v, &p, &n));
    ST_EQ_STR(p, "héllo");
    ST_EQ_INT(n, 6);
    ST_EQ_INT(surql_value_length(v), 6);
    v = surql_value_unref(v);

    v = surql_value_string_len("a\0b", 3);
    ST_OK(surql_value_get_string(v, &p, &n));
    ST_EQ_MEM(p, n, "a\0b", 3);
    ST_EQ_INT(p[3], 0); /* still NUL-terminated */
    v = surql_value_unref(v);

    v = surql_value_string_len(NULL, 0);
    ST_OK(surql_value_get_string(v, &p, &n));
    ST_EQ_STR(p, "");
    v = surql_value_unref(v);

    /* invalid UTF-8 is refused with the byte offset */
    static const struct {
        const char *s;
        size_t len;
        const char *msg;
    } bad[] = {
        { "ab\xff", 3, "invalid UTF-8 at byte 2 of a 3-byte string" },
        { "\xc0\x80", 2, "invalid UTF-8 at byte 0 of a 2-byte string" },         /* overlong NUL */
        { "x\xed\xa0\x80", 4, "invalid UTF-8 at byte 1 of a 4-byte string" },    /* surrogate */
        { "\xf4\x90\x80\x80", 4, "invalid UTF-8 at byte 0 of a 4-byte string" }, /* > U+10FFFF */
        { "abc\xe2\x82", 5, "invalid UTF-8 at byte 3 of a 5-byte string" },      /* truncated */
        { "\x80", 1, "invalid UTF-8 at byte 0 of a 1-byte string" },
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        ST_CHECK(surql_value_string_len(bad[k].s, bad[k].len) == NULL);
        ST_EQ_INT(surql_error_last()->code, SURQL_EINVAL);
        ST_EQ_STR(ERRMSG(), bad[k].msg);
    }
    ST_CHECK(surql_value_string(NULL) == NULL);
    ST_EQ_STR(ERRMSG(), "surql_value_string: string is NULL");
    ST_CHECK(surql_value_string_len(NULL, 2) == NULL);
}

ST_TEST(bytes_uuid_table)
{
    const uint8_t *p = NULL;
    size_t n = 9;
    surql_value *v = surql_value_bytes("\x00\x01\xff", 3);
    ST_OK(surql_value_get_bytes(v, &p, &n));
    ST_EQ_MEM(p, n, "\x00\x01\xff", 3);
    ST_EQ_INT(surql_value_length(v), 3);
    v = surql_value_unref(v);
    v = surql_value_bytes(NULL, 0);
    ST_OK(surql_value_get_bytes(v, &p, &n));
    ST_CHECK(p == NULL && n == 0);
    v = surql_value_unref(v);
    ST_CHECK(surql_value_bytes(NULL, 1) == NULL);

    static const uint8_t raw[16] = { 0x01, 0x90, 0xa3, 0xf4, 0, 0, 0x70, 0, 0x80, 0, 0, 0, 0, 0, 0, 0x2a };
    uint8_t got[16];
    v = surql_value_uuid(raw);
    ST_OK(surql_value_get_uuid(v, got));
    ST_EQ_MEM(got, 16, raw, 16);
    ST_EQ_STR(lit(v), "u'0190a3f4-0000-7000-8000-00000000002a'");
    v = surql_value_unref(v);

    const char *name = NULL;
    v = surql_value_table("user");
    ST_OK(surql_value_table_name(v, &name));
    ST_EQ_STR(name, "user");
    ST_ERR(surql_value_record_table(v, &name), SURQL_ETYPE);
    ST_EQ_STR(ERRMSG(), "expected record, got table");
    v = surql_value_unref(v);
    ST_CHECK(surql_value_table("") == NULL);
    ST_EQ_STR(ERRMSG(), "table name is empty");
    ST_CHECK(surql_value_table("a\xff") == NULL);
    ST_EQ_STR(ERRMSG(), "table name: invalid UTF-8 at byte 1");
}

ST_TEST(datetime_duration_builders)
{
    int64_t s = 0;
    uint32_t ns = 0;
    uint64_t us = 0;
    surql_value *v = surql_value_datetime(1704067200, 5);
    ST_OK(surql_value_get_datetime(v, &s, &ns));
    ST_EQ_INT(s, 1704067200);
    ST_EQ_INT(ns, 5);
    ST_OK(surql_value_get_datetime(v, NULL, NULL));
    v = surql_value_unref(v);
    ST_CHECK(surql_value_datetime(0, 1000000000u) == NULL);
    ST_EQ_INT(surql_error_last()->code, SURQL_ERANGE);
    ST_EQ_STR(ERRMSG(), "datetime nanoseconds 1000000000 out of range (max 999999999)");
    ST_CHECK(surql_value_datetime(SURQL_DATETIME_MAX_SECS + 1, 0) == NULL);
    ST_EQ_INT(surql_error_last()->code, SURQL_ERANGE);
    v = surql_value_datetime(SURQL_DATETIME_MIN_SECS, 0);
    ST_EQ_STR(lit(v), "d'-262143-01-01T00:00:00Z'");
    v = surql_value_unref(v);
    v = surql_value_datetime(SURQL_DATETIME_MAX_SECS, 999999999);
    ST_EQ_STR(lit(v), "d'+262142-12-31T23:59:59.999999999Z'");
    v = surql_value_unref(v);

    v = surql_value_duration(5400, 0);
    ST_OK(surql_value_get_duration(v, &us, &ns));
    ST_EQ_INT(us, 5400);
    ST_EQ_INT(ns, 0);
    ST_EQ_STR(lit(v), "1h30m");
    ST_ERR(surql_value_get_datetime(v, &s, &ns), SURQL_ETYPE);
    ST_EQ_STR(ERRMSG(), "expected datetime, got duration");
    v = surql_value_unref(v);
    ST_CHECK(surql_value_duration(1, 1000000000u) == NULL);
    ST_EQ_INT(surql_error_last()->code, SURQL_ERANGE);
}

ST_TEST(decimal_validation)
{
    static const char *const ok[] = { "0", "-0", "1.5", "-12.50", "00012", "1e5", "1E+5", "-1.5e-3",
                                      "79228162514264337593543950335", "0.0000000000000000000000000001",
                                      "1e999999" };
    for (size_t k = 0; k < sizeof ok / sizeof ok[0]; k++) {
        surql_value *v = surql_value_decimal(ok[k]);
        ST_CHECKF(v != NULL, "decimal %s: %s", ok[k], ERRMSG());
        surql_value_unref(v);
    }
    static const struct {
        const char *s, *msg;
    } bad[] = {
        { "", "invalid decimal '': unexpected end at byte 0" },
        { "+1", "invalid decimal '+1': unexpected character at byte 0" },
        { ".5", "invalid decimal '.5': unexpected character at byte 0" },
        { "1.", "invalid decimal '1.': unexpected end at byte 2" },
        { "1.x", "invalid decimal '1.x': unexpected character at byte 2" },
        { "1e", "invalid decimal '1e': unexpected end at byte 2" },
        { "1e1234567", "invalid decimal '1e1234567': unexpected character at byte 8" },
        { "NaN", "invalid decimal 'NaN': unexpected character at byte 0" },
        { "1 ", "invalid decimal '1 ': unexpected character at byte 1" },
        { "1dec", "invalid decimal '1dec': unexpected character at byte 1" },
        { "1'; --", "invalid decimal '1\\'; --': unexpected character at byte 1" },
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        ST_CHECK(surql_value_decimal(bad[k].s) == NULL);
        ST_EQ_INT(surql_error_last()->code, SURQL_EINVAL);
        ST_EQ_STR(ERRMSG(), bad[k].msg);
    }
    ST_CHECK(surql_value_decimal(NULL) == NULL);
    surql_value *v = surql_value_decimal_len("1.25xyz", 4);
    const char *t;
    ST_OK(surql_value_get_decimal(v, &t));
    ST_EQ_STR(t, "1.25");
    surql_value_unref(v);
}

ST_TEST(records)
{
    surql_value *k = surql_value_string("alice");
    surql_value *r = surql_value_record("user", k);
    ST_CHECK(r != NULL);
    const char *tb = NULL;
    const surql_value *key = NULL;
    ST_OK(surql_value_record_table(r, &tb));
    ST_EQ_STR(tb, "user");
    ST_OK(surql_value_record_key(r, &key));
    ST_CHECK(key == k); /* the same value, shared */
    ST_EQ_STR(lit(r), "user:alice");
    surql_value_unref(k);
    surql_value_unref(r);

    r = surql_value_record_take("t", surql_value_int(-5));
    ST_EQ_STR(lit(r), "t:-5");
    surql_value_unref(r);

    /* key types */
    static const struct {
        surql_value_type t;
        int ok;
    } kinds[] = {
        { SURQL_VALUE_INT, 1 },   { SURQL_VALUE_STRING, 1 },   { SURQL_VALUE_ARRAY, 1 },
        { SURQL_VALUE_OBJECT, 1 }, { SURQL_VALUE_UUID, 1 },    { SURQL_VALUE_FLOAT, 0 },
        { SURQL_VALUE_NONE, 0 },  { SURQL_VALUE_BOOL, 0 },     { SURQL_VALUE_DECIMAL, 0 },
        { SURQL_VALUE_RECORD, 0 }, { SURQL_VALUE_SET, 0 },     { SURQL_VALUE_DATETIME, 0 },
    };
    static const uint8_t u[16] = { 0 };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        surql_value *kv = NULL;
        switch (kinds[i].t) {
        case SURQL_VALUE_INT: kv = surql_value_int(1); break;
        case SURQL_VALUE_STRING: kv = surql_value_string("x"); break;
        case SURQL_VALUE_ARRAY: kv = surql_value_array(); break;
        case SURQL_VALUE_OBJECT: kv = surql_value_object(); break;
        case SURQL_VALUE_UUID: kv = surql_value_uuid(u); break;
        case SURQL_VALUE_FLOAT: kv = surql_value_float(1); break;
        case SURQL_VALUE_NONE: kv = surql_value_none(); break;
        case SURQL_VALUE_BOOL: kv = surql_value_bool(1); break;
        case SURQL_VALUE_DECIMAL: kv = surql_value_decimal("1"); break;
        case SURQL_VALUE_RECORD: kv = surql_value_record_parse("a:b"); break;
        case SURQL_VALUE_SET: kv = surql_value_set(); break;
        default: kv = surql_value_datetime(0, 0); break;
        }
        r = surql_value_record_take("t", kv);
        ST_CHECKF((r != NULL) == kinds[i].ok, "key type %s", surql_value_type_name(kinds[i].t));
        if (!r) {
            char want[200];
            snprintf(want, sizeof want,
                     "record id: key must be an int, string, array, object, uuid or a range of "
                     "those, got %s",
                     surql_value_type_name(kinds[i].t));
            ST_EQ_STR(ERRMSG(), want);
        }
        surql_value_unref(r);
    }
    /* id ranges: bounds must be keys */
    r = surql_value_record_take("t", surql_value_range_take(surql_value_int(1), 1, surql_value_int(5), 0));
    ST_EQ_STR(lit(r), "t:1..5");
    surql_value_unref(r);
    ST_CHECK(surql_value_record_take("t", surql_value_range_take(surql_value_float(1), 1, NULL, 0)) == NULL);
    ST_CHECK(surql_value_record_take("", surql_value_int(1)) == NULL);
    ST_EQ_STR(ERRMSG(), "record id: table name is empty");
    ST_CHECK(surql_value_record("t", NULL) == NULL);
    ST_EQ_STR(ERRMSG(), "record id: key is NULL");
    /* _take consumes on failure and reports the builder's error for a NULL key */
    ST_CHECK(surql_value_record_take("t", surql_value_string_len("\xff", 1)) == NULL);
    ST_EQ_STR(ERRMSG(), "invalid UTF-8 at byte 0 of a 1-byte string");
    ST_CHECK(surql_value_record_take("", surql_value_string("leak-check")) == NULL);
}

ST_TEST(record_int_leak_free)
{
    /* a failing non-take builder does not consume its argument */
    surql_value *k = surql_value_int(1);
    ST_CHECK(surql_value_record(NULL, k) == NULL);
    ST_EQ_STR(ERRMSG(), "record id: table name is NULL");
    surql_value_unref(k);
}

static surql_value *arr_xy(double x, double y)
{
    surql_value *a = surql_value_array();
    surql_value_array_push_take(a, surql_value_float(x));
    surql_value_array_push_take(a, surql_value_float(y));
    return a;
}

ST_TEST(geometry)
{
    surql_value *p = surql_value_point(1.5, -2);
    double x = 0, y = 0;
    surql_geometry_kind kind = 0;
    ST_OK(surql_value_get_point(p, &x, &y));
    ST_CHECK(x == 1.5 && y == -2);
    ST_OK(surql_value_geometry_kind(p, &kind));
    ST_EQ_INT(kind, SURQL_GEOMETRY_POINT);
    ST_EQ_STR(lit(p), "(1.5f, -2f)");

    /* ints become floats in coordinates */
    surql_value *pt = surql_value_array();
    ST_OK(surql_value_array_push_take(pt, surql_value_int(3)));
    ST_OK(surql_value_array_push_take(pt, surql_value_float(4)));
    surql_value *line = surql_value_array();
    ST_OK(surql_value_array_push(line, pt));
    ST_OK(surql_value_array_push(line, pt));
    surql_value *g = surql_value_geometry(SURQL_GEOMETRY_LINE, line);
    ST_CHECK(g != NULL);
    const surql_value *c = NULL;
    ST_OK(surql_value_geometry_coordinates(g, &c));
    ST_EQ_INT(surql_value_type_of(surql_value_array_at(surql_value_array_at(c, 0), 0)), SURQL_VALUE_FLOAT);
    ST_EQ_STR(lit(g), "{ type: 'LineString', coordinates: [[3f, 4f], [3f, 4f]] }");
    ST_ERR(surql_value_get_point(g, &x, &y), SURQL_ETYPE);
    ST_EQ_STR(ERRMSG(), "expected Point geometry, got LineString");

    /* wrong shapes */
    ST_CHECK(surql_value_geometry(SURQL_GEOMETRY_POINT, line) == NULL);
    ST_EQ_STR(ERRMSG(), "invalid Point coordinates: expected [x, y] with two finite numbers");
    ST_CHECK(surql_value_geometry(SURQL_GEOMETRY_POLYGON, line) == NULL);
    ST_EQ_STR(ERRMSG(),
              "invalid Polygon coordinates: expected an array of one or more rings (arrays of [x, y] points)");
    surql_value *empty = surql_value_array();
    ST_CHECK(surql_value_geometry(SURQL_GEOMETRY_POLYGON, empty) == NULL);
    surql_value *ml = surql_value_geometry(SURQL_GEOMETRY_MULTIPOINT, empty);
    ST_EQ_STR(lit(ml), "{ type: 'MultiPoint', coordinates: [] }");
    ST_CHECK(surql_value_geometry(SURQL_GEOMETRY_COLLECTION, line) == NULL);
    ST_EQ_STR(ERRMSG(), "invalid GeometryCollection coordinates: expected an array of geometry values");
    ST_CHECK(surql_value_geometry((surql_geometry_kind)9, line) == NULL);
    ST_EQ_STR(ERRMSG(), "unknown geometry kind 9");
    ST_CHECK(surql_value_point(NAN, 1) == NULL);
    ST_CHECK(surql_value_point(1, INFINITY) == NULL);
    surql_value *dec = surql_value_array();
    ST_OK(surql_value_array_push_take(dec, surql_value_decimal("1")));
    ST_OK(surql_value_array_push_take(dec, surql_value_int(2)));
    ST_CHECK(surql_value_geometry(SURQL_GEOMETRY_POINT, dec) == NULL);

    /* polygon rings are closed like SurrealDB does; lines are not */
    surql_value *open_ring = surql_value_array();
    ST_OK(surql_value_array_push_take(open_ring, arr_xy(0, 0)));
    ST_OK(surql_value_array_push_take(open_ring, arr_xy(1, 0)));
    ST_OK(surql_value_array_push_take(open_ring, arr_xy(1, 1)));
    surql_value *rings = surql_value_array();
    ST_OK(surql_value_array_push(rings, open_ring));
    ST_OK(surql_value_array_push_take(rings, surql_value_ref(open_ring)));
    surql_value *poly = surql_value_geometry(SURQL_GEOMETRY_POLYGON, rings);
    ST_EQ_STR(lit(poly), "{ type: 'Polygon', coordinates: [[[0f, 0f], [1f, 0f], [1f, 1f], [0f, 0f]], "
                         "[[0f, 0f], [1f, 0f], [1f, 1f], [0f, 0f]]] }");
    surql_value *ls = surql_value_geometry(SURQL_GEOMETRY_LINE, open_ring);
    ST_EQ_STR(lit(ls), "{ type: 'LineString', coordinates: [[0f, 0f], [1f, 0f], [1f, 1f]] }");
    surql_value *one = surql_value_array();
    ST_OK(surql_value_array_push_take(one, arr_xy(5, 5)));
    surql_value *rings1 = surql_value_array();
    ST_OK(surql_value_array_push_take(rings1, one));
    surql_value *poly1 = surql_value_geometry_take(SURQL_GEOMETRY_POLYGON, rings1);
    ST_EQ_STR(lit(poly1), "{ type: 'Polygon', coordinates: [[[5f, 5f]]] }");
    surql_value_unref(poly1);
    surql_value_unref(ls);
    surql_value_unref(poly);
    surql_value_unref(rings);
    surql_value_unref(open_ring);

    /* collection of geometries */
    surql_value *members = surql_value_array();
    ST_OK(surql_value_array_push(members, p));
    ST_OK(surql_value_array_push(members, g));
    surql_value *coll = surql_value_geometry_take(SURQL_GEOMETRY_COLLECTION, members);
    ST_EQ_STR(lit(coll), "{ type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1.5f, "
                         "-2f] }, { type: 'LineString', coordinates: [[3f, 4f], [3f, 4f]] }] }");
    ST_CHECK(surql_value_geometry_take(SURQL_GEOMETRY_LINE, NULL) == NULL);

    surql_value_unref(coll);
    surql_value_unref(dec);
    surql_value_unref(ml);
    surql_value_unref(empty);
    surql_value_unref(g);
    surql_value_unref(line);
    surql_value_unref(pt);
    surql_value_unref(p);
}

ST_TEST(ranges)
{
    surql_value *r = surql_value_range_take(surql_value_int(1), 1, surql_value_int(5), 0);
    const surql_value *lo = NULL, *hi = NULL;
    int li = -1, hii = -1;
    ST_OK(surql_value_range_lower(r, &lo, &li));
    ST_OK(surql_value_range_upper(r, &hi, &hii));
    ST_EQ_STR(lit(lo), "1");
    ST_EQ_STR(lit(hi), "5");
    ST_EQ_INT(li, 1);
    ST_EQ_INT(hii, 0);
    surql_value_unref(r);

    r = surql_value_range(NULL, 1, NULL, 1); /* flags of unbounded ends are ignored */
    ST_OK(surql_value_range_lower(r, &lo, &li));
    ST_CHECK(lo == NULL && li == 0);
    ST_EQ_STR(lit(r), "..");
    surql_value *nested = surql_value_range(r, 1, NULL, 0);
    ST_CHECK(nested == NULL);
    ST_EQ_STR(ERRMSG(), "range: a bound cannot itself be a range");
    ST_ERR(surql_value_range_lower(surql_value_null(), &lo, &li), SURQL_ETYPE);
    surql_value_unref(r);
}

ST_TEST(array_basics)
{
    surql_value *a = surql_value_array();
    ST_EQ_INT(surql_value_length(a), 0);
    ST_CHECK(surql_value_array_at(a, 0) == NULL);
    for (int i = 0; i < 100; i++)
        ST_OK(surql_value_array_push_take(a, surql_value_int(i)));
    ST_EQ_INT(surql_value_length(a), 100);
    int64_t v = 0;
    ST_OK(surql_value_get_int(surql_value_array_at(a, 57), &v));
    ST_EQ_INT(v, 57);
    ST_CHECK(surql_value_array_at(a, 100) == NULL);
    ST_CHECK(surql_value_contains(a, surql_value_array_at(a, 99)));
    surql_value *x = surql_value_int(1000);
    ST_CHECK(!surql_value_contains(a, x));
    surql_value_unref(x);

    /* errors */
    ST_ERR(surql_value_array_push(a, NULL), SURQL_EINVAL);
    ST_ERR(surql_value_array_push(a, a), SURQL_EINVAL);
    ST_EQ_STR(ERRMSG(), "surql_value_array_push: a container cannot contain itself");
    surql_value *o = surql_value_object();
    ST_ERR(surql_value_array_push(o, surql_value_null()), SURQL_ETYPE);
    ST_EQ_STR(ERRMSG(), "surql_value_array_push: expected array, got object");
    ST_ERR(surql_value_array_push(NULL, surql_value_null()), SURQL_EINVAL);
    surql_value_unref(o);
    surql_value_unref(a);
}

ST_TEST(take_consumes_on_failure)
{
    surql_value *o = surql_value_object();
    surql_value *shared = surql_value_array();
    surql_value *extra = surql_value_ref(shared);
    /* shared (refcount 2): push_take fails with ESTATE and still releases the item */
    ST_ERR(surql_value_array_push_take(shared, surql_value_string("consumed")), SURQL_ESTATE);
    ST_EQ_STR(ERRMSG(), "surql_value_array_push: the array is shared (more than one reference) "
                        "and therefore immutable");
    ST_ERR(surql_value_set_add_take(o, surql_value_string("consumed too")), SURQL_ETYPE);
    ST_ERR(surql_value_object_set_take(shared, "k", surql_value_string("and this")), SURQL_ETYPE);
    ST_ERR(surql_value_object_set_len_take(o, "\xff", 1, surql_value_int(3)), SURQL_EINVAL);
    ST_EQ_STR(ERRMSG(), "surql_value_object_set: key: invalid UTF-8 at byte 0");
    /* a NULL item (failed builder) propagates the builder's error */
    ST_ERR(surql_value_array_push_take(o, surql_value_string_len("\xc3", 1)), SURQL_EINVAL);
    ST_EQ_STR(ERRMSG(), "invalid UTF-8 at byte 0 of a 1-byte string");
    surql_error_clear();
    ST_ERR(surql_value_array_push_take(o, NULL), SURQL_EINVAL);
    ST_EQ_STR(ERRMSG(), "surql_value_array_push_take: value is NULL");
    surql_value_unref(extra);
    /* sole owner again: mutable */
    ST_OK(surql_value_array_push_take(shared, surql_value_int(1)));
    surql_value_unref(shared);
    surql_value_unref(o);
}

ST_TEST(shared_is_immutable)
{
    surql_value *inner = surql_value_array();
    surql_value *outer = surql_value_array();
    ST_OK(surql_value_array_push(outer, inner)); /* inner now has two references */
    ST_ERR(surql_value_array_push_take(inner, surql_value_int(1)), SURQL_ESTATE);
    surql_value *o = surql_value_object();
    surql_value *o2 = surql_value_ref(o);
    ST_ERR(surql_value_object_set_take(o, "a", surql_value_int(1)), SURQL_ESTATE);
    ST_EQ_STR(ERRMSG(), "surql_value_object_set: the object is shared (more than one reference) and "
                        "therefore immutable");
    surql_value_unref(o2);
    ST_OK(surql_value_object_set_take(o, "a", surql_value_int(1)));
    surql_value_unref(o);
    surql_value_unref(outer);
    surql_value_unref(inner);
}

ST_TEST(object_order_and_replace)
{
    surql_value *o = surql_value_object();
    ST_OK(surql_value_object_set_take(o, "b", surql_value_int(1)));
    ST_OK(surql_value_object_set_take(o, "a", surql_value_int(2)));
    ST_OK(surql_value_object_set_take(o, "c", surql_value_int(3)));
    ST_OK(surql_value_object_set_take(o, "a", surql_value_string("replaced")));
    ST_EQ_INT(surql_value_length(o), 3);
    ST_EQ_STR(lit(o), "{ b: 1, a: 'replaced', c: 3 }");
    const char *k = NULL;
    size_t kl = 0;
    const surql_value *v = NULL;
    ST_OK(surql_value_object_at(o, 1, &k, &kl, &v));
    ST_EQ_STR(k, "a");
    ST_EQ_INT(kl, 1);
    ST_EQ_STR(lit(v), "'replaced'");
    ST_ERR(surql_value_object_at(o, 3, &k, &kl, &v), SURQL_ERANGE);
    ST_EQ_STR(ERRMSG(), "object entry 3 out of range (length 3)");
    ST_ERR(surql_value_object_at(surql_value_null(), 0, &k, &kl, &v), SURQL_ETYPE);
    ST_CHECK(surql_value_object_get(o, "c") != NULL);
    ST_CHECK(surql_value_object_get(o, "d") == NULL);
    ST_CHECK(surql_value_object_get(o, NULL) == NULL);
    ST_CHECK(surql_value_object_get(surql_value_null(), "a") == NULL);
    /* keys with U+0000 */
    ST_OK(surql_value_object_set_len_take(o, "x\0y", 3, surql_value_int(9)));
    ST_CHECK(surql_value_object_get_len(o, "x\0y", 3) != NULL);
    ST_CHECK(surql_value_object_get(o, "x") == NULL);
    ST_ERR(surql_value_object_set(o, NULL, surql_value_null()), SURQL_EINVAL);
    surql_value_unref(o);
}

ST_TEST(large_object_and_set_use_index)
{
    surql_value *o = surql_value_object();
    surql_value *s = surql_value_set();
    char key[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "k%d", i);
        ST_OK(surql_value_object_set_take(o, key, surql_value_int(i)));
        ST_OK(surql_value_set_add_take(s, surql_value_string(key)));
        ST_OK(surql_value_set_add_take(s, surql_value_string(key))); /* duplicate: no-op */
    }
    ST_OK(surql_value_object_set_take(o, "k2500", surql_value_int(-1)));
    ST_EQ_INT(surql_value_length(o), 5000);
    ST_EQ_INT(surql_value_length(s), 5000);
    int64_t v = 0;
    ST_OK(surql_value_get_int(surql_value_object_get(o, "k4999"), &v));
    ST_EQ_INT(v, 4999);
    ST_OK(surql_value_get_int(surql_value_object_get(o, "k2500"), &v));
    ST_EQ_INT(v, -1);
    const char *k = NULL;
    ST_OK(surql_value_object_at(o, 2500, &k, NULL, NULL));
    ST_EQ_STR(k, "k2500"); /* replaced in place */
    surql_value *probe = surql_value_string("k1234");
    ST_CHECK(surql_value_contains(s, probe));
    surql_value_unref(probe);
    probe = surql_value_string("k5000");
    ST_CHECK(!surql_value_contains(s, probe));
    surql_value_unref(probe);
    surql_value_unref(o);
    surql_value_unref(s);
}

ST_TEST(set_semantics)
{
    surql_value *s = surql_value_set();
    ST_OK(surql_value_set_add_take(s, surql_value_int(2)));
    ST_OK(surql_value_set_add_take(s, surql_value_int(1)));
    ST_OK(surql_value_set_add_take(s, surql_value_int(2)));
    ST_OK(surql_value_set_add_take(s, surql_value_float(2))); /* float 2 != int 2 */
    ST_OK(surql_value_set_add_take(s, surql_value_decimal("1.0")));
    ST_OK(surql_value_set_add_take(s, surql_value_decimal("1.00"))); /* numerically equal decimal */
    ST_EQ_INT(surql_value_length(s), 4);
    ST_EQ_STR(lit(s), "<set>[2, 1, 2f, 1.0dec]");
    ST_EQ_INT(surql_value_type_of(surql_value_array_at(s, 2)), SURQL_VALUE_FLOAT);
    ST_ERR(surql_value_array_push_take(s, surql_value_int(3)), SURQL_ETYPE);
    ST_ERR(surql_value_set_add(s, s), SURQL_EINVAL);
    surql_value_unref(s);
}

ST_TEST(iterator)
{
    surql_value_iter it;
    surql_value *o = surql_value_object();
    ST_OK(surql_value_object_set_take(o, "x", surql_value_int(1)));
    ST_OK(surql_value_object_set_take(o, "y", surql_value_int(2)));
    ST_OK(surql_value_iter_init(&it, o));
    ST_OK(surql_value_iter_next(&it));
    ST_EQ_STR(it.key, "x");
    ST_EQ_INT(it.key_len, 1);
    ST_EQ_STR(lit(it.value), "1");
    ST_OK(surql_value_iter_next(&it));
    ST_EQ_STR(it.key, "y");
    ST_ERR(surql_value_iter_next(&it), SURQL_ITEROVER);
    ST_CHECK(it.value == NULL && it.key == NULL);
    ST_ERR(surql_value_iter_next(&it), SURQL_ITEROVER);

    surql_value *a = surql_value_array();
    ST_OK(surql_value_array_push_take(a, surql_value_string("e")));
    ST_OK(surql_value_iter_init(&it, a));
    ST_OK(surql_value_iter_next(&it));
    ST_CHECK(it.key == NULL);
    ST_EQ_STR(lit(it.value), "'e'");
    ST_ERR(surql_value_iter_next(&it), SURQL_ITEROVER);

    surql_value *s = surql_value_set();
    ST_OK(surql_value_iter_init(&it, s));
    ST_ERR(surql_value_iter_next(&it), SURQL_ITEROVER);

    ST_ERR(surql_value_iter_init(&it, surql_value_null()), SURQL_ETYPE);
    ST_EQ_STR(ERRMSG(), "expected array, set or object, got null");
    ST_ERR(surql_value_iter_init(NULL, a), SURQL_EINVAL);
    ST_ERR(surql_value_iter_next(NULL), SURQL_EINVAL);
    surql_value_unref(s);
    surql_value_unref(a);
    surql_value_unref(o);
}

ST_TEST(depth_limit)
{
    /* SURQL_VALUE_MAX_DEPTH nested arrays are fine, one more is ERANGE */
    surql_value *v = surql_value_array();
    for (int i = 1; i < SURQL_VALUE_MAX_DEPTH; i++) {
        surql_value *outer = surql_value_array();
        ST_OK(surql_value_array_push_take(outer, v));
        v = outer;
    }
    surql_value *too = surql_value_array();
    ST_ERR(surql_value_array_push(too, v), SURQL_ERANGE);
    ST_EQ_STR(ERRMSG(), "surql_value_array_push: nesting deeper than 256 levels");
    surql_value *o = surql_value_object();
    ST_ERR(surql_value_object_set(o, "k", v), SURQL_ERANGE);
    ST_CHECK(surql_value_record("t", v) == NULL);
    ST_EQ_INT(surql_error_last()->code, SURQL_ERANGE);
    ST_CHECK(surql_value_range(v, 1, NULL, 0) == NULL);
    /* rendering, comparison and release of the deepest value work */
    surql_buf b = SURQL_BUF_INIT;
    ST_OK(surql_value_to_surql(v, &b, 0));
    ST_EQ_INT(b.size, 2 * SURQL_VALUE_MAX_DEPTH);
    ST_OK(surql_value_to_json(v, &b, SURQL_JSON_EXTENDED | SURQL_JSON_PRETTY));
    ST_CHECK(surql_value_equal(v, v));
    surql_buf_dispose(&b);
    surql_value_unref(o);
    surql_value_unref(too);
    surql_value_unref(v);
}

/* Many threads share one immutable value, take and drop references, and read it. */
static surql_value *g_shared;

static void *reader(void *arg)
{
    (void)arg;
    for (int i = 0; i < 20000; i++) {
        surql_value *mine = surql_value_ref(g_shared);
        const surql_value *e = surql_value_object_get(mine, "list");
        if (surql_value_length(e) != 3)
            return (void *)1;
        if (!surql_value_equal(mine, g_shared))
            return (void *)1;
        surql_value_unref(mine);
    }
    return NULL;
}

ST_TEST(threads_share_values)
{
    g_shared = surql_value_object();
    surql_value *list = surql_value_array();
    ST_OK(surql_value_array_push_take(list, surql_value_int(1)));
    ST_OK(surql_value_array_push_take(list, surql_value_string("two")));
    ST_OK(surql_value_array_push_take(list, surql_value_float(3)));
    ST_OK(surql_value_object_set_take(g_shared, "list", list));
    pthread_t t[8];
    for (int i = 0; i < 8; i++)
        ST_CHECK(pthread_create(&t[i], NULL, reader, NULL) == 0);
    int failed = 0;
    for (int i = 0; i < 8; i++) {
        void *r = NULL;
        pthread_join(t[i], &r);
        failed |= r != NULL;
    }
    ST_CHECK(!failed);
    /* all thread references are gone: the owner may mutate again */
    ST_OK(surql_value_object_set_take(g_shared, "done", surql_value_bool(1)));
    g_shared = surql_value_unref(g_shared);
}

ST_MAIN(ST_CASE(singletons), ST_CASE(type_names), ST_CASE(scalar_getters), ST_CASE(strings),
        ST_CASE(bytes_uuid_table), ST_CASE(datetime_duration_builders), ST_CASE(decimal_validation),
        ST_CASE(records), ST_CASE(record_int_leak_free), ST_CASE(geometry), ST_CASE(ranges),
        ST_CASE(array_basics), ST_CASE(take_consumes_on_failure), ST_CASE(shared_is_immutable),
        ST_CASE(object_order_and_replace), ST_CASE(large_object_and_set_use_index),
        ST_CASE(set_semantics), ST_CASE(iterator), ST_CASE(depth_limit),
        ST_CASE(threads_share_values))
