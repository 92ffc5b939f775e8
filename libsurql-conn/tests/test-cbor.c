/* Unit tests of the CBOR codec (libsurql-conn/src/cbor-*.c): exact bytes for
 * every type and tag, round trips of every surql_value type, float widths,
 * RPC request encoding and message classification, and every class of
 * malformed input (truncation at every byte, depth, length claims, UTF-8,
 * keys, tags, tag contents). Runs without a server. */
#include "surql_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <surql/schema.h>

#include "../src/cbor-internal.h"

#define ERRMSG() (surql_error_last()->message)

/* ------------------------------------------------------------------------ */
/* helpers                                                                    */
/* ------------------------------------------------------------------------ */

/* Bytes from a tiny notation: hex pairs, whitespace ignored, and 'text'
 * for the UTF-8 bytes of text. Returns a static buffer (tests are serial). */
static uint8_t g_hex[1 << 16];
static size_t g_hexlen;

static const uint8_t *H(const char *s)
{
    g_hexlen = 0;
    while (*s) {
        if (*s == ' ' || *s == '\n') {
            s++;
        } else if (*s == '\'') {
            s++;
            while (*s && *s != '\'')
                g_hex[g_hexlen++] = (uint8_t)*s++;
            if (*s)
                s++;
        } else {
            unsigned x = 0;
            if (sscanf(s, "%2x", &x) != 1) {
                fprintf(stderr, "bad hex notation at '%s'\n", s);
                abort();
            }
            g_hex[g_hexlen++] = (uint8_t)x;
            s += 2;
        }
    }
    return g_hex;
}

/* Decode the bytes of `hex` (limits lim, may be NULL) into *v. */
static int dec_hex(surql_value **v, const char *hex, const surql_conn__cbor_limits *lim)
{
    const uint8_t *p = H(hex);
    return surql_conn__cbor_decode(v, p, g_hexlen, lim);
}

/* The duration that `hex` decodes to. */
static int dur_of(const char *hex, uint64_t *secs, uint32_t *nanos)
{
    surql_value *v = NULL;
    int rc = dec_hex(&v, hex, NULL);
    if (rc == SURQL_OK)
        rc = surql_value_get_duration(v, secs, nanos);
    surql_value_unref(v);
    return rc;
}

static surql_value *V(const char *surql)
{
    surql_value *v = NULL;
    if (surql_value_from_surql(&v, surql, strlen(surql)) != 0) {
        fprintf(stderr, "# literal does not parse: %s: %s\n", surql, ERRMSG());
        return NULL;
    }
    return v;
}

static const char *hexof(const void *p, size_t n)
{
    static char out[8192];
    size_t o = 0;
    for (size_t i = 0; i < n && o + 4 < sizeof out; i++)
        o += (size_t)snprintf(out + o, sizeof out - o, "%s%02x", i ? " " : "", ((const uint8_t *)p)[i]);
    out[o] = '\0';
    return out;
}

static const char *lit(const surql_value *v)
{
    static surql_buf b = SURQL_BUF_INIT;
    surql_buf_clear(&b);
    if (surql_value_to_surql(v, &b, 0) != 0)
        return "<unrenderable>";
    return surql_buf_cstr(&b);
}

/* The check macros below: a helper returning 0 (failure recorded) ends the case. */
#define CHECKED(ok)                                                                           \
    do {                                                                                      \
        if (!(ok))                                                                            \
            return;                                                                           \
    } while (0)

/* v encodes to exactly `hex`, and those bytes decode back to a value equal to v. */
static int enc_is(const char *file, int line, surql_value *v, unsigned flags, const char *hex)
{
    int ok = 1;
    surql_buf b = SURQL_BUF_INIT;
    if (!v)
        return st_fail(file, line, "value is NULL: %s", ERRMSG());
    int rc = surql_conn__cbor_encode(v, &b, flags);
    const uint8_t *want = H(hex);
    if (rc != 0) {
        ok = st_fail(file, line, "encode failed: %s", ERRMSG());
    } else if (b.size != g_hexlen || memcmp(b.ptr, want, g_hexlen) != 0) {
        char got[8192];
        snprintf(got, sizeof got, "%s", hexof(b.ptr, b.size));
        ok = st_fail(file, line, "encoding of %s\n#     got  %s\n#     want %s", lit(v), got,
                     hexof(want, g_hexlen));
    } else if (!(flags & SURQL_CONN__CBOR_SET_AS_ARRAY)) {
        surql_value *back = NULL;
        if (surql_conn__cbor_decode(&back, (const uint8_t *)b.ptr, b.size, NULL) != 0)
            ok = st_fail(file, line, "decode of own encoding failed: %s", ERRMSG());
        else if (!surql_value_equal(back, v)) {
            char a[2048];
            snprintf(a, sizeof a, "%s", lit(v));
            ok = st_fail(file, line, "round trip changed %s into %s", a, lit(back));
        }
        surql_value_unref(back);
    }
    surql_buf_dispose(&b);
    surql_value_unref(v);
    return ok;
}
#define ENC(v, hex) CHECKED(enc_is(__FILE__, __LINE__, (v), 0, (hex)))
#define ENCF(v, flags, hex) CHECKED(enc_is(__FILE__, __LINE__, (v), (flags), (hex)))

/* hex decodes to a value equal to the literal `surql` */
static int dec_is(const char *file, int line, const char *hex, const char *surql)
{
    int ok = 1;
    surql_value *got = NULL, *want = V(surql);
    if (!want)
        return st_fail(file, line, "bad expectation literal %s", surql);
    if (dec_hex(&got, hex, NULL) != 0)
        ok = st_fail(file, line, "decode of %s failed: %s", hex, ERRMSG());
    else if (!surql_value_equal(got, want) || surql_value_type_of(got) != surql_value_type_of(want)) {
        char g[2048];
        snprintf(g, sizeof g, "%s (%s)", lit(got), surql_value_type_name(surql_value_type_of(got)));
        ok = st_fail(file, line, "decode of %s\n#     got  %s\n#     want %s", hex, g, surql);
    }
    surql_value_unref(got);
    surql_value_unref(want);
    return ok;
}
#define DEC(hex, surql) CHECKED(dec_is(__FILE__, __LINE__, (hex), (surql)))

/* hex decodes to a value equal to `want` (consumed) */
static int decv_is(const char *file, int line, const char *hex, surql_value *want)
{
    int ok = 1;
    surql_value *got = NULL;
    if (!want)
        return st_fail(file, line, "expected value is NULL: %s", ERRMSG());
    if (dec_hex(&got, hex, NULL) != 0)
        ok = st_fail(file, line, "decode of %s failed: %s", hex, ERRMSG());
    else if (!surql_value_equal(got, want))
        ok = st_fail(file, line, "decode of %s gave %s", hex, lit(got));
    surql_value_unref(got);
    surql_value_unref(want);
    return ok;
}
#define DECV(hex, want) CHECKED(decv_is(__FILE__, __LINE__, (hex), (want)))

/* decoding `hex` (with limits lim, may be NULL) fails with code and a message containing sub */
static int dec_err(const char *file, int line, const char *hex, const surql_conn__cbor_limits *lim,
                   int code, const char *sub)
{
    surql_value *got = (surql_value *)1;
    int rc = dec_hex(&got, hex, lim);
    if (rc == 0) {
        int r = st_fail(file, line, "decode of %s succeeded (%s), expected %s", hex, lit(got),
                        surql_status_name(code));
        surql_value_unref(got);
        return r;
    }
    if (got != NULL)
        return st_fail(file, line, "decode of %s failed but *out is not NULL", hex);
    if (rc != code || surql_error_last()->code != code)
        return st_fail(file, line, "decode of %s: got %s (%s), expected %s", hex,
                       surql_status_name(rc), ERRMSG(), surql_status_name(code));
    if (sub && !strstr(ERRMSG(), sub))
        return st_fail(file, line, "decode of %s: message \"%s\" lacks \"%s\"", hex, ERRMSG(), sub);
    if (strcmp(surql_error_last()->domain, "surql-conn") != 0)
        return st_fail(file, line, "domain is %s", surql_error_last()->domain);
    return 1;
}
#define DECERR(hex, code, sub) CHECKED(dec_err(__FILE__, __LINE__, (hex), NULL, (code), (sub)))
#define DECERRL(hex, lim, code, sub)                                                          \
    CHECKED(dec_err(__FILE__, __LINE__, (hex), (lim), (code), (sub)))

/* A value holding every surql_value type (and every record-key and geometry kind). */
static const char *const EVERY_TYPE =
    "{"
    " none: NONE, null: NULL, t: true, f: false, i: 7, fl: 2.5f,"
    " ints: [0, 1, 23, 24, 255, 256, 65535, 65536, 4294967295, 4294967296,"
    "        9223372036854775807, -1, -24, -25, -256, -257, -9223372036854775808],"
    " floats: [0.0f, -0.0f, 1.5f, 0.1f, 100000.0f, 1e300f, 5.960464477539063e-8f,"
    "          <float>'NaN', <float>'Infinity', <float>'-Infinity'],"
    " dec: 1.50dec, bigdec: 79228162514264337593543950335dec,"
    " s: 'héllo ✓ 😀', empty: '', nul: 'a\\u{0}b',"
    " bytes: b\"00FF10\", nobytes: b\"\","
    " dt: d'2023-11-14T22:13:20Z', dtn: d'1969-12-31T23:59:59.999999999Z',"
    " dtmax: d'+262142-12-31T23:59:59.999999999Z',"
    " dur0: 0ns, dur: 1h30m, durn: 1s500ns, durbig: 584942417355y,"
    " uuid: u'0190d0b8-a8f4-7b59-9a5e-2f6b2c7e1a3d',"
    " rec_s: person:tobie, rec_i: t:42, rec_neg: t:-7, rec_a: t:[1, 'a', NONE],"
    " rec_o: t:{ a: 1, b: [2] }, rec_u: t:u'0190d0b8-a8f4-7b59-9a5e-2f6b2c7e1a3d',"
    " rec_r: t:1..=5, rec_r2: t:..5, rec_quoted: `my table`:`a b`,"
    " arr: [1, [2, [3, []]], {}], obj: { z: 1, a: 2, 'k e y': { nested: [NULL] } },"
    " point: (1.5f, -2f),"
    " line: { type: 'LineString', coordinates: [[0, 0], [1, 1], [2, 0.5]] },"
    " poly: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]],"
    "                                         [[0.2, 0.2], [0.3, 0.2], [0.2, 0.3], [0.2, 0.2]]] },"
    " mpoint: { type: 'MultiPoint', coordinates: [[0, 0], [1, 2]] },"
    " mline: { type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]], [[2, 2], [3, 3]]] },"
    " mpoly: { type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]]] },"
    " coll: { type: 'GeometryCollection', geometries: ["
    "        { type: 'Point', coordinates: [1, 2] },"
    "        { type: 'LineString', coordinates: [[0, 0], [1, 1]] } ] },"
    " range: 1..5, range_incl: 1..=5, range_excl_lo: 1>..5, range_open: ..,"
    " range_lo: 'a'.., range_hi: ..=d'2023-11-14T22:13:20Z',"
    " set: <set>[3, 1, 2], emptyset: <set>[]"
    "}";

/* EVERY_TYPE plus what SurrealQL literals cannot spell (tables, string-bound id ranges) */
static surql_value *every_type(void)
{
    surql_value *v = V(EVERY_TYPE);
    if (!v)
        return NULL;
    if (surql_value_object_set_take(v, "tb", surql_value_table("person")) != 0 ||
        surql_value_object_set_take(
            v, "rec_r3",
            surql_value_record_take("t", surql_value_range_take(surql_value_string("a"), 1,
                                                                surql_value_string("m"), 0))) != 0)
        return surql_value_unref(v);
    return v;
}

/* ------------------------------------------------------------------------ */
/* encoding: exact bytes                                                      */
/* ------------------------------------------------------------------------ */

ST_TEST(encode_none_null_bool)
{
    ENC(surql_value_none(), "c6 f6"); /* NONE = 6(null) */
    ENC(surql_value_null(), "f6");
    ENC(surql_value_bool(1), "f5");
    ENC(surql_value_bool(0), "f4");
    /* a NULL pointer is NONE too */
    surql_buf b = SURQL_BUF_INIT;
    ST_OK(surql_conn__cbor_encode(NULL, &b, 0));
    H("c6 f6");
    ST_EQ_MEM(b.ptr, b.size, g_hex, g_hexlen);
    surql_buf_dispose(&b);
    ST_ERR(surql_conn__cbor_encode(NULL, NULL, 0), SURQL_EINVAL);
}

ST_TEST(encode_ints_shortest)
{
    ENC(surql_value_int(0), "00");
    ENC(surql_value_int(23), "17");
    ENC(surql_value_int(24), "18 18");
    ENC(surql_value_int(255), "18 ff");
    ENC(surql_value_int(256), "19 01 00");
    ENC(surql_value_int(65535), "19 ff ff");
    ENC(surql_value_int(65536), "1a 00 01 00 00");
    ENC(surql_value_int(4294967295LL), "1a ff ff ff ff");
    ENC(surql_value_int(4294967296LL), "1b 00 00 00 01 00 00 00 00");
    ENC(surql_value_int(INT64_MAX), "1b 7f ff ff ff ff ff ff ff");
    ENC(surql_value_int(-1), "20");
    ENC(surql_value_int(-24), "37");
    ENC(surql_value_int(-25), "38 18");
    ENC(surql_value_int(-256), "38 ff");
    ENC(surql_value_int(-257), "39 01 00");
    ENC(surql_value_int(-4294967296LL), "3a ff ff ff ff");
    ENC(surql_value_int(-4294967297LL), "3b 00 00 00 01 00 00 00 00");
    ENC(surql_value_int(INT64_MIN), "3b 7f ff ff ff ff ff ff ff");
}

ST_TEST(encode_floats_shortest_exact)
{
    ENC(surql_value_float(0.0), "f9 00 00");
    ENC(surql_value_float(-0.0), "f9 80 00");
    ENC(surql_value_float(1.0), "f9 3c 00");
    ENC(surql_value_float(1.5), "f9 3e 00");
    ENC(surql_value_float(-4.0), "f9 c4 00");
    ENC(surql_value_float(65504.0), "f9 7b ff");              /* largest half */
    ENC(surql_value_float(5.960464477539063e-8), "f9 00 01"); /* smallest half subnormal */
    ENC(surql_value_float(6.103515625e-05), "f9 04 00");      /* smallest half normal */
    ENC(surql_value_float(0.00006097555160522461), "f9 03 ff"); /* largest half subnormal */
    ENC(surql_value_float(65505.0), "fa 47 7f e1 00");          /* not a half: f32 */
    ENC(surql_value_float(100000.0), "fa 47 c3 50 00");
    ENC(surql_value_float(3.4028234663852886e+38), "fa 7f 7f ff ff");
    ENC(surql_value_float(1.1), "fb 3f f1 99 99 99 99 99 9a");
    ENC(surql_value_float(0.1), "fb 3f b9 99 99 99 99 99 9a");
    ENC(surql_value_float(1.0e300), "fb 7e 37 e4 3c 88 00 75 9c");
    ENC(surql_value_float(-4.1), "fb c0 10 66 66 66 66 66 66");
    ENC(surql_value_float(INFINITY), "f9 7c 00");
    ENC(surql_value_float(-INFINITY), "f9 fc 00");
    ENC(surql_value_float(NAN), "f9 7e 00");
    /* an int and a float are different values on the wire */
    ENC(surql_value_float(2.0), "f9 40 00");
    ENC(surql_value_int(2), "02");
}

ST_TEST(encode_text_bytes_decimal)
{
    ENC(surql_value_string(""), "60");
    ENC(surql_value_string("a"), "61 'a'");
    ENC(surql_value_string("IETF"), "64 49 45 54 46");
    ENC(surql_value_string("\xc3\xbc"), "62 c3 bc");
    ENC(surql_value_string_len("a\0b", 3), "63 61 00 62");
    ENC(surql_value_string("abcdefghijklmnopqrstuvwxyz"), "78 1a 'abcdefghijklmnopqrstuvwxyz'");
    ENC(surql_value_bytes(NULL, 0), "40");
    ENC(surql_value_bytes("\x01\x02\x03\x04", 4), "44 01 02 03 04");
    ENC(surql_value_decimal("1.50"), "ca 64 '1.50'"); /* 10("1.50"), text kept as given */
    ENC(surql_value_decimal("-0.000001"), "ca 69 '-0.000001'");
}

ST_TEST(encode_datetime_duration)
{
    /* protocol §4.2: 12([1700000000, 0]) */
    ENC(surql_value_datetime(1700000000, 0), "cc 82 1a 65 53 f1 00 00");
    ENC(surql_value_datetime(0, 0), "cc 82 00 00");
    ENC(surql_value_datetime(-1, 999999999), "cc 82 20 1a 3b 9a c9 ff");
    ENC(surql_value_datetime(SURQL_DATETIME_MIN_SECS, 0), "cc 82 3b 00 00 07 94 8c f2 11 ff 00");
    /* 14([]) zero, 14([secs]) when nanos = 0, else 14([secs, nanos]) */
    ENC(surql_value_duration(0, 0), "ce 80");
    ENC(surql_value_duration(5400, 0), "ce 81 19 15 18");
    ENC(surql_value_duration(1, 500), "ce 82 01 19 01 f4");
    ENC(surql_value_duration(0, 1), "ce 82 00 01");
    ENC(surql_value_duration(UINT64_MAX, 999999999), "ce 82 1b ff ff ff ff ff ff ff ff 1a 3b 9a c9 ff");
}

ST_TEST(encode_uuid_table_record)
{
    static const uint8_t u[16] = { 0x01, 0x90, 0xd0, 0xb8, 0xa8, 0xf4, 0x7b, 0x59,
                                   0x9a, 0x5e, 0x2f, 0x6b, 0x2c, 0x7e, 0x1a, 0x3d };
    ENC(surql_value_uuid(u), "d8 25 50 01 90 d0 b8 a8 f4 7b 59 9a 5e 2f 6b 2c 7e 1a 3d");
    ENC(surql_value_table("person"), "c7 66 'person'");
    /* protocol §4.1: 8(["person", "tobie"]), 8(["t", 37(h'…')]), 8(["t", [1, "a"]]) */
    ENC(V("person:tobie"), "c8 82 66 'person' 65 'tobie'");
    ENC(V("t:42"), "c8 82 61 't' 18 2a");
    ENC(V("t:-1"), "c8 82 61 't' 20");
    ENC(V("t:[1, 'a']"), "c8 82 61 't' 82 01 61 'a'");
    ENC(V("t:{ a: 1 }"), "c8 82 61 't' a1 61 'a' 01");
    ENC(V("t:u'0190d0b8-a8f4-7b59-9a5e-2f6b2c7e1a3d'"),
        "c8 82 61 't' d8 25 50 01 90 d0 b8 a8 f4 7b 59 9a 5e 2f 6b 2c 7e 1a 3d");
    /* id range t:1..5 = 8(["t", 49([50(1), 51(5)])]) */
    ENC(V("t:1..5"), "c8 82 61 't' d8 31 82 d8 32 01 d8 33 05");
    ENC(V("t:..=5"), "c8 82 61 't' d8 31 82 f6 d8 32 05");
    ENC(surql_value_record_take("t", surql_value_range_take(surql_value_string("a"), 0, NULL, 0)),
        "c8 82 61 't' d8 31 82 d8 33 61 'a' f6");
    ENC(V("`a b`:`c d`"), "c8 82 63 'a b' 63 'c d'");
}

ST_TEST(encode_containers)
{
    ENC(V("[]"), "80");
    ENC(V("[1, [2, 3], []]"), "83 01 82 02 03 80");
    ENC(V("{}"), "a0");
    /* insertion order is kept (the server sorts its own output) */
    ENC(V("{ b: 1, a: NONE }"), "a2 61 'b' 01 61 'a' c6 f6");
    ENC(V("{ 'k\\u{0}': [NULL] }"), "a1 62 6b 00 81 f6");
    /* sets: 56([...]); as plain arrays for 2.x servers */
    ENC(V("<set>[1, 2]"), "d8 38 82 01 02");
    ENC(V("<set>[]"), "d8 38 80");
    ENCF(V("<set>[1, 2]"), SURQL_CONN__CBOR_SET_AS_ARRAY, "82 01 02");
    ENCF(V("[<set>['a']]"), SURQL_CONN__CBOR_SET_AS_ARRAY, "81 81 61 'a'");
    /* 24 items need a one-byte length */
    surql_value *a = surql_value_array();
    for (int i = 0; i < 24; i++)
        ST_OK(surql_value_array_push_take(a, surql_value_int(1)));
    ENC(a, "98 18 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01");
}

ST_TEST(encode_geometry)
{
    ENC(surql_value_point(1.5, -2), "d8 58 82 f9 3e 00 f9 c0 00");
    ENC(V("{ type: 'LineString', coordinates: [[0, 0], [1, 0.1]] }"),
        "d8 59 82 d8 58 82 f9 00 00 f9 00 00 d8 58 82 f9 3c 00 fb 3f b9 99 99 99 99 99 9a");
    ENC(V("{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] }"),
        "d8 5a 81 d8 59 83 d8 58 82 f9 00 00 f9 00 00 d8 58 82 f9 3c 00 f9 00 00"
        " d8 58 82 f9 00 00 f9 00 00");
    ENC(V("{ type: 'MultiPoint', coordinates: [[1, 2]] }"), "d8 5b 81 d8 58 82 f9 3c 00 f9 40 00");
    ENC(V("{ type: 'MultiLineString', coordinates: [[[1, 2], [3, 4]]] }"),
        "d8 5c 81 d8 59 82 d8 58 82 f9 3c 00 f9 40 00 d8 58 82 f9 42 00 f9 44 00");
    ENC(V("{ type: 'MultiPolygon', coordinates: [[[[1, 2], [1, 2]]]] }"),
        "d8 5d 81 d8 5a 81 d8 59 82 d8 58 82 f9 3c 00 f9 40 00 d8 58 82 f9 3c 00 f9 40 00");
    ENC(V("{ type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 2] }] }"),
        "d8 5e 81 d8 58 82 f9 3c 00 f9 40 00");
}

ST_TEST(encode_range)
{
    ENC(V("1..5"), "d8 31 82 d8 32 01 d8 33 05");
    ENC(V("1..=5"), "d8 31 82 d8 32 01 d8 32 05");
    ENC(V("1>..5"), "d8 31 82 d8 33 01 d8 33 05");
    ENC(V("..=5"), "d8 31 82 f6 d8 32 05");
    ENC(V("1.."), "d8 31 82 d8 32 01 f6");
    ENC(V(".."), "d8 31 82 f6 f6");
    /* a NULL bound value is not "unbounded" */
    ENC(surql_value_range_take(surql_value_null(), 1, NULL, 0), "d8 31 82 d8 32 f6 f6");
}

ST_TEST(encode_request)
{
    /* protocol §4.2: {"id": "7", "method": "query",
     *                 "params": ["SELECT * FROM $r", {"r": 8(["person", "tobie"])}]} */
    surql_buf b = SURQL_BUF_INIT;
    surql_value *id = surql_value_string("7");
    surql_value *params = V("['SELECT * FROM $r', { r: person:tobie }]");
    ST_OK(surql_conn__cbor_encode_request(&b, id, "query", params, NULL, NULL, 0));
    H("a3 62 'id' 61 '7' 66 'method' 65 'query' 66 'params'"
      " 82 70 'SELECT * FROM $r' a1 61 'r' c8 82 66 'person' 65 'tobie'");
    ST_EQ_MEM(b.ptr, b.size, g_hex, g_hexlen);

    /* no id, no params; session and txn (3.x) */
    static const uint8_t su[16] = { 0xaa, 0xbb };
    surql_value *sess = surql_value_uuid(su), *txn = surql_value_uuid(su);
    surql_buf_clear(&b);
    ST_OK(surql_conn__cbor_encode_request(&b, NULL, "ping", NULL, sess, txn, 0));
    H("a4 66 'method' 64 'ping' 66 'params' 80"
      " 67 'session' d8 25 50 aa bb 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
      " 63 'txn' d8 25 50 aa bb 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
    ST_EQ_MEM(b.ptr, b.size, g_hex, g_hexlen);

    /* integer id; sets inside params follow the flags */
    surql_value *iid = surql_value_int(300);
    surql_value *p2 = V("[<set>[1]]");
    surql_buf_clear(&b);
    ST_OK(surql_conn__cbor_encode_request(&b, iid, "let", p2, NULL, NULL,
                                          SURQL_CONN__CBOR_SET_AS_ARRAY));
    H("a3 62 'id' 19 01 2c 66 'method' 63 'let' 66 'params' 81 81 01");
    ST_EQ_MEM(b.ptr, b.size, g_hex, g_hexlen);

    /* invalid arguments leave the buffer as it was */
    surql_value *bad_id = V("[1]");
    size_t before = b.size;
    ST_ERR(surql_conn__cbor_encode_request(&b, bad_id, "ping", NULL, NULL, NULL, 0), SURQL_EINVAL);
    ST_CHECK(strstr(ERRMSG(), "id must be") != NULL);
    ST_ERR(surql_conn__cbor_encode_request(&b, NULL, "", NULL, NULL, NULL, 0), SURQL_EINVAL);
    ST_ERR(surql_conn__cbor_encode_request(&b, NULL, NULL, NULL, NULL, NULL, 0), SURQL_EINVAL);
    ST_ERR(surql_conn__cbor_encode_request(&b, NULL, "\xff", NULL, NULL, NULL, 0), SURQL_EINVAL);
    ST_ERR(surql_conn__cbor_encode_request(&b, NULL, "x", id, NULL, NULL, 0), SURQL_EINVAL);
    ST_ERR(surql_conn__cbor_encode_request(&b, NULL, "x", NULL, id, NULL, 0), SURQL_EINVAL);
    ST_ERR(surql_conn__cbor_encode_request(&b, NULL, "x", NULL, NULL, iid, 0), SURQL_EINVAL);
    ST_ERR(surql_conn__cbor_encode_request(NULL, NULL, "x", NULL, NULL, NULL, 0), SURQL_EINVAL);
    ST_EQ_INT(b.size, before);

    surql_value_unref(bad_id);
    surql_value_unref(p2);
    surql_value_unref(iid);
    surql_value_unref(sess);
    surql_value_unref(txn);
    surql_value_unref(id);
    surql_value_unref(params);
    surql_buf_dispose(&b);
}

ST_TEST(encode_failure_keeps_buffer)
{
    /* a buffer already at SURQL_BUF_MAX cannot grow: every write fails before touching memory */
    char mem[16] = "untouched";
    surql_buf full = { mem, SURQL_BUF_MAX, SURQL_BUF_MAX + 1 };
    surql_value *v = V("{ a: [1, 'x'] }"), *id = surql_value_int(1);
    ST_ERR(surql_conn__cbor_encode(v, &full, 0), SURQL_ERANGE);
    ST_EQ_INT(full.size, SURQL_BUF_MAX);
    ST_ERR(surql_conn__cbor_encode_request(&full, id, "ping", NULL, NULL, NULL, 0), SURQL_ERANGE);
    ST_EQ_INT(full.size, SURQL_BUF_MAX);
    ST_EQ_STR(mem, "untouched");
    surql_value_unref(v);
    surql_value_unref(id);
}

ST_TEST(encode_appends)
{
    surql_buf b = SURQL_BUF_INIT;
    ST_OK(surql_buf_put(&b, "\x99", 1));
    surql_value *v = surql_value_int(1);
    ST_OK(surql_conn__cbor_encode(v, &b, 0));
    ST_OK(surql_conn__cbor_encode(v, &b, 0));
    ST_EQ_MEM(b.ptr, b.size, "\x99\x01\x01", 3);
    surql_value_unref(v);
    surql_buf_dispose(&b);
}

/* ------------------------------------------------------------------------ */
/* decoding                                                                   */
/* ------------------------------------------------------------------------ */

ST_TEST(decode_server_reply)
{
    /* protocol §4.2, the v3 reply:
     * {"id": "7", "result": [{"result": [{"id": 8(["person","tobie"]), "born": 12([1700000000, 0])}],
     *   "status": "OK", "time": "61.2µs", "type": 6(null)}]} */
    const char *hex =
        "a2 62 'id' 61 '7' 66 'result' 81"
        " a4 66 'result' 81 a2 62 'id' c8 82 66 'person' 65 'tobie'"
        "                   64 'born' cc 82 1a 65 53 f1 00 00"
        "    66 'status' 62 'OK' 64 'time' 67 '61.2' c2 b5 73 64 'type' c6 f6";
    DEC(hex, "{ id: '7', result: [{ result: [{ id: person:tobie, born: d'2023-11-14T22:13:20Z' }],"
             " status: 'OK', time: '61.2µs', type: NONE }] }");

    /* re-encoding the decoded message gives the server's bytes back */
    const uint8_t *p = H(hex);
    size_t n = g_hexlen;
    uint8_t copy[256];
    memcpy(copy, p, n);
    surql_value *v = NULL;
    ST_OK(surql_conn__cbor_decode(&v, copy, n, NULL));
    surql_buf b = SURQL_BUF_INIT;
    ST_OK(surql_conn__cbor_encode(v, &b, 0));
    ST_EQ_MEM(b.ptr, b.size, copy, n);

    surql_conn__rpc_msg m;
    ST_OK(surql_conn__rpc_classify(v, &m));
    ST_EQ_INT(m.kind, SURQL_CONN__MSG_RESPONSE);
    ST_EQ_STR(surql_value_type_name(surql_value_type_of(m.id)), "string");
    ST_EQ_INT(surql_value_length(m.result), 1);
    ST_CHECK(m.error == NULL);
    const surql_value *entry = surql_value_array_at(m.result, 0);
    ST_CHECK(surql_value_is_none(surql_value_object_get(entry, "type")));
    ST_CHECK(surql_value_object_get(entry, "type") != NULL);
    surql_buf_dispose(&b);
    surql_value_unref(v);
}

ST_TEST(decode_scalars)
{
    DEC("c6 f6", "NONE");
    DEC("f6", "NULL");
    DEC("f5", "true");
    DEC("f4", "false");
    DEC("00", "0");
    DEC("17", "23");
    DEC("18 18", "24");
    DEC("18 01", "1"); /* non-shortest heads are accepted */
    DEC("1b 00 00 00 00 00 00 00 01", "1");
    DEC("19 ff ff", "65535");
    DEC("1a ff ff ff ff", "4294967295");
    DEC("1b 7f ff ff ff ff ff ff ff", "9223372036854775807");
    DEC("20", "-1");
    DEC("38 ff", "-256");
    DEC("39 ff ff", "-65536");
    DEC("3a ff ff ff ff", "-4294967296");
    DEC("3b 7f ff ff ff ff ff ff ff", "-9223372036854775808");
    DEC("60", "''");
    DEC("63 'abc'", "'abc'");
    DEC("40", "b\"\"");
    DEC("42 00 ff", "b\"00FF\"");
    DEC("ca 64 '1.50'", "1.50dec");
    DECV("c7 66 'person'", surql_value_table("person"));
}

ST_TEST(decode_floats_all_widths)
{
    /* f16 */
    DEC("f9 00 00", "0.0f");
    DEC("f9 3c 00", "1.0f");
    DEC("f9 3e 00", "1.5f");
    DEC("f9 7b ff", "65504.0f");
    DEC("f9 00 01", "5.960464477539063e-8f");
    DEC("f9 03 ff", "0.00006097555160522461f");
    DEC("f9 c4 00", "-4.0f");
    DEC("f9 7c 00", "<float>'Infinity'");
    DEC("f9 fc 00", "<float>'-Infinity'");
    DEC("f9 7e 00", "<float>'NaN'");
    /* f32 */
    DEC("fa 3f c0 00 00", "1.5f");
    DEC("fa 47 c3 50 00", "100000.0f");
    DEC("fa 7f 80 00 00", "<float>'Infinity'");
    DEC("fa 7f c0 00 00", "<float>'NaN'");
    /* f64 */
    DEC("fb 3f f1 99 99 99 99 99 9a", "1.1f");
    DEC("fb 7e 37 e4 3c 88 00 75 9c", "1e300f");
    DEC("fb 7f f8 00 00 00 00 00 00", "<float>'NaN'");
    /* -0.0 keeps its sign */
    surql_value *v = NULL;
    double d = 1;
    ST_OK(dec_hex(&v, "f9 80 00", NULL));
    ST_OK(surql_value_get_float(v, &d));
    ST_CHECK(d == 0 && signbit(d));
    surql_value_unref(v);
    /* a float is never an int */
    ST_OK(dec_hex(&v, "f9 40 00", NULL));
    ST_EQ_INT(surql_value_type_of(v), SURQL_VALUE_FLOAT);
    surql_value_unref(v);
}

ST_TEST(decode_tags)
{
    DEC("cc 82 1a 65 53 f1 00 00", "d'2023-11-14T22:13:20Z'");
    DEC("cc 82 20 1a 3b 9a c9 ff", "d'1969-12-31T23:59:59.999999999Z'");
    DEC("ce 80", "0ns");
    DEC("ce 81 19 15 18", "1h30m");
    DEC("ce 82 01 19 01 f4", "1s500ns");
    DEC("ce 82 00 00", "0ns");
    DEC("d8 25 50 01 90 d0 b8 a8 f4 7b 59 9a 5e 2f 6b 2c 7e 1a 3d",
        "u'0190d0b8-a8f4-7b59-9a5e-2f6b2c7e1a3d'");
    DEC("c8 82 66 'person' 65 'tobie'", "person:tobie");
    DEC("c8 82 61 't' 82 01 61 'a'", "t:[1, 'a']");
    DEC("c8 82 61 't' d8 31 82 d8 32 01 d8 33 05", "t:1..5");
    DEC("d8 31 82 f6 f6", "..");
    DEC("d8 31 82 d8 33 01 d8 32 05", "1>..=5");
    DEC("d8 31 82 d8 32 f6 f6", "NULL..");
    DEC("d8 38 83 01 02 01", "<set>[1, 2]"); /* duplicates collapse */
    DEC("d8 58 82 01 f9 40 00", "(1f, 2f)");   /* ints become floats */
    DEC("d8 5e 80", "{ type: 'GeometryCollection', geometries: [] }");
    /* read-only text forms the server accepts: 0, 9, 13 and text 8 */
    DEC("c0 74 '2023-11-14T22:13:20Z'", "d'2023-11-14T22:13:20Z'");
    DEC("c9 78 24 '0190d0b8-a8f4-7b59-9a5e-2f6b2c7e1a3d'", "u'0190d0b8-a8f4-7b59-9a5e-2f6b2c7e1a3d'");
    DEC("cd 65 '1h30m'", "1h30m");
    DEC("c8 6c 'person:tobie'", "person:tobie");
    DEC("c8 65 't:[1]'", "t:[1]");
    DEC("c8 82 61 't' c9 78 24 '0190d0b8-a8f4-7b59-9a5e-2f6b2c7e1a3d'",
        "t:u'0190d0b8-a8f4-7b59-9a5e-2f6b2c7e1a3d'");
    /* tags in their long head forms */
    DEC("d8 06 f6", "NONE");
    DECV("d9 00 07 61 'x'", surql_value_table("x"));
    DEC("da 00 00 00 0c 82 00 00", "d'1970-01-01T00:00:00Z'");
    DEC("db 00 00 00 00 00 00 00 38 80", "<set>[]");
}

ST_TEST(decode_duration_u64_seconds)
{
    /* duration seconds are u64 on the wire: above INT64_MAX only inside tag 14 */
    uint64_t secs = 0;
    uint32_t nanos = 0;
    ST_OK(dur_of("ce 82 1b ff ff ff ff ff ff ff ff 1a 3b 9a c9 ff", &secs, &nanos));
    ST_CHECK(secs == UINT64_MAX);
    ST_EQ_INT(nanos, 999999999);
    ST_OK(dur_of("ce 81 1b 80 00 00 00 00 00 00 00", &secs, &nanos));
    ST_CHECK(secs == (uint64_t)1 << 63);
    /* indefinite content array works too */
    ST_OK(dur_of("ce 9f 1b 80 00 00 00 00 00 00 01 ff", &secs, &nanos));
    ST_CHECK(secs == ((uint64_t)1 << 63) + 1);
    /* ... but not as nanoseconds, nor anywhere else */
    DECERR("ce 82 01 1b 80 00 00 00 00 00 00 00", SURQL_ERANGE, "does not fit in int64");
    DECERR("81 1b 80 00 00 00 00 00 00 00", SURQL_ERANGE, "does not fit in int64");
    DECERR("3b 80 00 00 00 00 00 00 00", SURQL_ERANGE,
           "CBOR integer -1-9223372036854775808 at offset 0 does not fit in int64");
    DECERR("cc 82 1b 80 00 00 00 00 00 00 00 00", SURQL_ERANGE, "at offset 2");
}

ST_TEST(decode_indefinite_lengths)
{
    DEC("9f ff", "[]");
    DEC("9f 01 9f 02 ff ff", "[1, [2]]");
    DEC("bf ff", "{}");
    DEC("bf 61 'a' 01 61 'b' 9f ff ff", "{ a: 1, b: [] }");
    DEC("7f ff", "''");
    DEC("7f 61 'a' 62 'bc' ff", "'abc'");
    DEC("5f 41 01 40 42 02 03 ff", "b\"010203\"");
    DEC("bf 7f 61 'k' 61 'y' ff 05 ff", "{ ky: 5 }");            /* chunked key */
    DEC("c8 9f 61 't' 01 ff", "t:1");                              /* indefinite tag content */
    DEC("d8 31 9f d8 32 01 f6 ff", "1..");
    /* chunks must be definite strings of the same kind */
    DECERR("7f 41 'a' ff", SURQL_EPARSE, "not a definite text chunk");
    DECERR("7f 7f ff ff", SURQL_EPARSE, "not a definite text chunk");
    DECERR("5f 61 'a' ff", SURQL_EPARSE, "not a definite byte chunk");
    DECERR("7f 01 ff", SURQL_EPARSE, "chunk");
    /* chunks are joined, then checked as UTF-8 */
    DECERR("7f 61 c3 61 28 ff", SURQL_EPARSE, "invalid UTF-8");
    DEC("7f 61 c3 61 bc ff", "'ü'");
    /* break rules */
    DECERR("ff", SURQL_EPARSE, "break at offset 0 outside");
    DECERR("82 01 ff", SURQL_EPARSE, "break at offset 2 outside");
    DECERR("bf 61 'a' ff", SURQL_EPARSE, "key without value");
    DECERR("c6 ff", SURQL_EPARSE, "outside an indefinite");
    DECERR("9f 01", SURQL_EPARSE, "inside the array at offset 0");
    DECERR("1f", SURQL_EPARSE, "initial byte 0x1f");
    DECERR("3f", SURQL_EPARSE, "initial byte 0x3f");
    DECERR("df", SURQL_EPARSE, "indefinite-length tag");
}

/* ------------------------------------------------------------------------ */
/* round trips                                                                */
/* ------------------------------------------------------------------------ */

ST_TEST(roundtrip_every_type)
{
    surql_value *v = every_type();
    ST_CHECK(v != NULL);
    /* every type is present */
    int seen[SURQL_VALUE_SET + 1] = { 0 };
    surql_value_iter it;
    ST_OK(surql_value_iter_init(&it, v));
    while (surql_value_iter_next(&it) == SURQL_OK)
        seen[surql_value_type_of(it.value)] = 1;
    seen[SURQL_VALUE_OBJECT] = 1;
    for (int t = 0; t <= SURQL_VALUE_SET; t++)
        ST_CHECKF(seen[t], "EVERY_TYPE lacks a %s", surql_value_type_name((surql_value_type)t));

    surql_buf b = SURQL_BUF_INIT, b2 = SURQL_BUF_INIT;
    ST_OK(surql_conn__cbor_encode(v, &b, 0));
    surql_value *back = NULL;
    ST_OK(surql_conn__cbor_decode(&back, (const uint8_t *)b.ptr, b.size, NULL));
    ST_CHECKF(surql_value_equal(v, back), "round trip changed the value: %s", lit(back));
    /* field by field, with exact types */
    ST_OK(surql_value_iter_init(&it, v));
    while (surql_value_iter_next(&it) == SURQL_OK) {
        const surql_value *x = surql_value_object_get(back, it.key);
        ST_CHECKF(x && surql_value_type_of(x) == surql_value_type_of(it.value) &&
                      surql_value_equal(x, it.value),
                  "field %s changed", it.key);
    }
    /* and the bytes are stable */
    ST_OK(surql_conn__cbor_encode(back, &b2, 0));
    ST_EQ_MEM(b2.ptr, b2.size, b.ptr, b.size);
    st_note("every-type value: %zu bytes of CBOR", b.size);

    /* sets as arrays decode to arrays */
    surql_buf_clear(&b);
    surql_value *s = V("<set>[1, 2]"), *back2 = NULL, *arr = V("[1, 2]");
    ST_OK(surql_conn__cbor_encode(s, &b, SURQL_CONN__CBOR_SET_AS_ARRAY));
    ST_OK(surql_conn__cbor_decode(&back2, (const uint8_t *)b.ptr, b.size, NULL));
    ST_CHECK(surql_value_equal(back2, arr));
    surql_value_unref(back2);
    surql_value_unref(arr);
    surql_value_unref(s);

    surql_value_unref(back);
    surql_value_unref(v);
    surql_buf_dispose(&b);
    surql_buf_dispose(&b2);
}

ST_TEST(roundtrip_random_floats)
{
    /* every float survives, whatever width it is written in */
    uint64_t x = 0x9e3779b97f4a7c15ULL;
    surql_buf b = SURQL_BUF_INIT;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        double d;
        uint64_t bits = x;
        if (i % 3 == 1) { /* values that fit f32 or f16 */
            float f;
            uint32_t fb = (uint32_t)x;
            memcpy(&f, &fb, 4);
            d = f;
        } else if (i % 3 == 2) {
            d = (double)(int)(x % 200000) / 64.0;
        } else {
            memcpy(&d, &bits, 8);
        }
        surql_buf_clear(&b);
        surql_value *v = surql_value_float(d), *back = NULL;
        ST_OK(surql_conn__cbor_encode(v, &b, 0));
        ST_OK(surql_conn__cbor_decode(&back, (const uint8_t *)b.ptr, b.size, NULL));
        double e = 0;
        ST_OK(surql_value_get_float(back, &e));
        ST_CHECKF((isnan(d) && isnan(e)) || memcmp(&d, &e, 8) == 0, "float %a came back as %a", d, e);
        surql_value_unref(v);
        surql_value_unref(back);
    }
    surql_buf_dispose(&b);
}

/* ------------------------------------------------------------------------ */
/* malformed input                                                            */
/* ------------------------------------------------------------------------ */

ST_TEST(truncated_at_every_byte)
{
    surql_value *v = every_type();
    surql_buf b = SURQL_BUF_INIT;
    ST_OK(surql_conn__cbor_encode(v, &b, 0));
    /* also an RPC request */
    surql_buf r = SURQL_BUF_INIT;
    surql_value *id = surql_value_int(1);
    ST_OK(surql_conn__cbor_encode_request(&r, id, "query", NULL, NULL, NULL, 0));
    const surql_buf *bufs[2] = { &b, &r };
    for (int k = 0; k < 2; k++) {
        for (size_t n = 0; n < bufs[k]->size; n++) {
            /* a fresh allocation of exactly n bytes, so ASan sees any over-read */
            uint8_t *p = malloc(n ? n : 1);
            memcpy(p, bufs[k]->ptr, n);
            surql_value *out = (surql_value *)1;
            int rc = surql_conn__cbor_decode(&out, p, n, NULL);
            free(p);
            ST_CHECKF(rc == SURQL_EPARSE, "prefix of %zu bytes: %s", n, surql_status_name(rc));
            ST_CHECKF(out == NULL, "prefix of %zu bytes: out not reset", n);
            ST_CHECKF(strstr(ERRMSG(), "truncated") != NULL, "prefix of %zu bytes: %s", n, ERRMSG());
        }
    }
    surql_value_unref(id);
    surql_value_unref(v);
    surql_buf_dispose(&b);
    surql_buf_dispose(&r);
}

ST_TEST(trailing_bytes)
{
    DECERR("01 02", SURQL_EPARSE, "trailing bytes after the CBOR item: 1 bytes at offset 1");
    DECERR("80 00 00", SURQL_EPARSE, "2 bytes at offset 1");
    DECERR("c6 f6 f6", SURQL_EPARSE, "at offset 2");
    DECERR("", SURQL_EPARSE, "empty input");
}

ST_TEST(depth_limits)
{
    static uint8_t buf[200000];
    surql_value *v = NULL;
    /* 128 nested arrays decode with the default limit, 129 do not */
    memset(buf, 0x81, 128);
    buf[128] = 0x00;
    ST_OK(surql_conn__cbor_decode(&v, buf, 129, NULL));
    surql_value_unref(v);
    memset(buf, 0x81, 129);
    buf[129] = 0x00;
    ST_ERR(surql_conn__cbor_decode(&v, buf, 130, NULL), SURQL_ERANGE);
    ST_CHECK(strstr(ERRMSG(), "nested deeper than 128 levels at offset 128") != NULL);
    /* indefinite arrays, maps and tags count the same */
    memset(buf, 0x9f, 200);
    ST_ERR(surql_conn__cbor_decode(&v, buf, 200, NULL), SURQL_ERANGE);
    for (int i = 0; i < 200; i++) {
        buf[3 * i] = 0xa1;
        buf[3 * i + 1] = 0x61;
        buf[3 * i + 2] = 'k';
    }
    ST_ERR(surql_conn__cbor_decode(&v, buf, 600, NULL), SURQL_ERANGE);
    memset(buf, 0xd8, sizeof buf); /* d8 d8 d8 ... = 216(216(...)): unknown tag first */
    ST_ERR(surql_conn__cbor_decode(&v, buf, 1000, NULL), SURQL_EUNSUPPORTED);
    for (int i = 0; i < 300; i++) { /* 8(8(8(...))) */
        buf[i] = 0xc8;
    }
    ST_ERR(surql_conn__cbor_decode(&v, buf, 300, NULL), SURQL_ERANGE);
    /* very deep input fails fast without recursion */
    memset(buf, 0x81, sizeof buf);
    ST_ERR(surql_conn__cbor_decode(&v, buf, sizeof buf, NULL), SURQL_ERANGE);
    /* a custom limit */
    surql_conn__cbor_limits lim = { 0 };
    lim.max_depth = 3;
    DECERRL("81 81 81 81 00", &lim, SURQL_ERANGE, "deeper than 3 levels");
    memset(buf, 0x81, 3);
    buf[3] = 0;
    ST_OK(surql_conn__cbor_decode(&v, buf, 4, &lim));
    surql_value_unref(v);
    /* a limit above SURQL_VALUE_MAX_DEPTH is capped */
    lim.max_depth = 100000;
    memset(buf, 0x81, 300);
    buf[300] = 0;
    ST_ERR(surql_conn__cbor_decode(&v, buf, 301, &lim), SURQL_ERANGE);
    ST_CHECK(strstr(ERRMSG(), "256") != NULL);
}

ST_TEST(huge_length_claims)
{
    /* claims the remaining input cannot back fail before any allocation */
    DECERR("9b ff ff ff ff ff ff ff ff", SURQL_EPARSE, "claims 18446744073709551615 items");
    DECERR("9a 00 10 00 00 01 02", SURQL_EPARSE, "claims 1048576 items but only 2 bytes remain");
    DECERR("bb 7f ff ff ff ff ff ff ff", SURQL_EPARSE, "entries");
    DECERR("a2 61 'a' 01", SURQL_EPARSE, "claims 2 entries but only 3 bytes remain");
    DECERR("5b 00 00 00 01 00 00 00 00 00", SURQL_EPARSE, "claims 4294967296 bytes but only 1 remain");
    DECERR("7b ff ff ff ff ff ff ff ff", SURQL_EPARSE, "text string at offset 0 claims");
    DECERR("7a ff ff ff ff 'abc'", SURQL_EPARSE, "claims 4294967295 bytes");
    DECERR("82 01 65 'abc'", SURQL_EPARSE, "text string at offset 2 claims 5 bytes but only 3");
    DECERR("19 01", SURQL_EPARSE, "needs 2 bytes, 1 remain");
    DECERR("fb 00 00", SURQL_EPARSE, "needs 8 bytes");
    DECERR("d9 00", SURQL_EPARSE, "the head of the tag at offset 0");
    /* limits */
    surql_conn__cbor_limits lim = { 0 };
    lim.max_string = 4;
    DECERRL("65 'abcde'", &lim, SURQL_ERANGE, "longer than 4 bytes");
    DECERRL("45 0102030405", &lim, SURQL_ERANGE, "byte string at offset 0 is longer");
    DECERRL("7f 63 'abc' 62 'de' ff", &lim, SURQL_ERANGE, "longer than 4 bytes");
    DEC("7f 62 'ab' 62 'cd' ff", "'abcd'");
    lim.max_string = 0;
    lim.max_size = 8;
    DECERRL("88 01 02 03 04 05 06 07 08", &lim, SURQL_ERANGE, "9 bytes exceeds the limit of 8");
    lim.max_size = 0;
    lim.max_items = 5;
    DECERRL("85 01 02 03 04 05", &lim, SURQL_ERANGE, "more than 5 items");
}

ST_TEST(invalid_utf8)
{
    DECERR("62 c3 28", SURQL_EPARSE, "CBOR text string at offset 0: invalid UTF-8 at byte 0");
    DECERR("62 c0 80", SURQL_EPARSE, "invalid UTF-8"); /* overlong NUL */
    DECERR("63 ed a0 80", SURQL_EPARSE, "invalid UTF-8"); /* surrogate */
    DECERR("64 f4 90 80 80", SURQL_EPARSE, "invalid UTF-8"); /* > U+10FFFF */
    DECERR("61 ff", SURQL_EPARSE, "invalid UTF-8");
    DECERR("82 01 62 'a' e2", SURQL_EPARSE, "text string at offset 2"); /* truncated sequence */
    DECERR("a1 62 'a' ff 01", SURQL_EPARSE, "CBOR map key at offset 1: ");
    DECERR("a1 62 'a' ff 01", SURQL_EPARSE, "CBOR map key at offset 1: invalid UTF-8 at byte 1");
    DECERR("c7 61 ff", SURQL_EPARSE, "invalid UTF-8");
    /* byte strings are not text */
    DEC("41 ff", "b\"FF\"");
}

ST_TEST(non_text_map_keys)
{
    DECERR("a1 01 02", SURQL_EPARSE, "key at offset 1 is an unsigned integer; map keys must be text");
    DECERR("a1 20 02", SURQL_EPARSE, "negative integer");
    DECERR("a1 41 'a' 02", SURQL_EPARSE, "byte string");
    DECERR("a1 80 02", SURQL_EPARSE, "array");
    DECERR("a1 a0 02", SURQL_EPARSE, "map keys must be text");
    DECERR("a1 c6 f6 02", SURQL_EPARSE, "tag");
    DECERR("a1 f6 02", SURQL_EPARSE, "simple value");
    DECERR("bf 01 02 ff", SURQL_EPARSE, "map keys must be text");
    /* the second key, too */
    DECERR("a2 61 'a' 01 f5 02", SURQL_EPARSE, "key at offset 4");
    /* duplicates are refused (RFC 8949 §5.6: not valid CBOR) */
    DECERR("a2 61 'a' 01 61 'a' 02", SURQL_EPARSE, "duplicate key \"a\" at offset 4");
    DECERR("bf 61 'a' 01 7f 61 'a' ff 02 ff", SURQL_EPARSE, "duplicate key");
    /* keys may contain NUL and are exact */
    DEC("a2 61 'a' 01 62 61 00 02", "{ a: 1, 'a\\u{0}': 2 }");
}

ST_TEST(unknown_tags)
{
    DECERR("d8 64 00", SURQL_EUNSUPPORTED, "unknown CBOR tag 100 at offset 0");
    DECERR("c1 00", SURQL_EUNSUPPORTED, "unknown CBOR tag 1 at offset 0");
    DECERR("c2 41 01", SURQL_EUNSUPPORTED, "tag 2");
    DECERR("cb 61 'x'", SURQL_EUNSUPPORTED, "tag 11"); /* binary decimal: reserved */
    DECERR("d4 00", SURQL_EUNSUPPORTED, "tag 20");
    DECERR("d8 20 61 'x'", SURQL_EUNSUPPORTED, "tag 32");
    DECERR("d9 d9 f7 00", SURQL_EUNSUPPORTED, "tag 55799");
    DECERR("db ff ff ff ff ff ff ff ff 00", SURQL_EUNSUPPORTED, "tag 18446744073709551615");
    DECERR("d8 37 82 61 'b' 61 'k'", SURQL_EUNSUPPORTED, "tag 55 (file pointer)");
    DECERR("cf 61 'x'", SURQL_EUNSUPPORTED, "tag 15 (future");
    DECERR("82 01 d8 39 00", SURQL_EUNSUPPORTED, "tag 57 at offset 2");
    DECERR("f7", SURQL_EUNSUPPORTED, "undefined at offset 0");
    DECERR("81 f7", SURQL_EUNSUPPORTED, "undefined at offset 1");
}

ST_TEST(invalid_initial_bytes)
{
    static const char *const bad[] = { "1c", "1d", "1e", "3c", "3e", "5c", "5e", "7c", "7e", "9c",
                                       "9e", "bc", "be", "dc", "de", "fc", "fd", "fe" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char hex[16];
        snprintf(hex, sizeof hex, "%s 00", bad[i]);
        DECERR(hex, SURQL_EPARSE, "reserved");
    }
    DECERR("e0", SURQL_EPARSE, "unassigned simple value");
    DECERR("f3", SURQL_EPARSE, "initial byte 0xf3 at offset 0");
    DECERR("f8 20", SURQL_EPARSE, "initial byte 0xf8");
    DECERR("82 01 f8 ff", SURQL_EPARSE, "at offset 2");
}

ST_TEST(malformed_tag_contents)
{
    /* 6: NONE */
    DECERR("c6 01", SURQL_EPARSE, "CBOR tag 6 (NONE) at offset 0: expected null, got an int");
    DECERR("c6 c6 f6", SURQL_EPARSE, "expected null, got a none");
    /* 7: table */
    DECERR("c7 01", SURQL_EPARSE, "tag 7 (table) at offset 0: expected text");
    DECERR("c7 60", SURQL_EPARSE, "tag 7 (table)");
    DECERR("c7 63 61 00 62", SURQL_EPARSE, "NUL byte");
    /* 8: record id */
    DECERR("c8 83 61 't' 01 02", SURQL_EPARSE, "expected [table, key] or \"table:key\" text, got an array of 3 items");
    DECERR("c8 81 61 't'", SURQL_EPARSE, "array of 1 item");
    DECERR("c8 80", SURQL_EPARSE, "array of 0 items");
    DECERR("c8 82 01 02", SURQL_EPARSE, "tag 8 (record id) at offset 0: expected text, got an int");
    DECERR("c8 82 60 02", SURQL_EPARSE, "tag 8 (record id)");
    DECERR("c8 82 61 't' f9 3c 00", SURQL_EPARSE, "key must be");
    DECERR("c8 82 61 't' f6", SURQL_EPARSE, "key must be");
    DECERR("c8 82 61 't' c6 f6", SURQL_EPARSE, "key must be");
    DECERR("c8 82 61 't' d8 31 82 d8 32 f5 f6", SURQL_EPARSE, "key must be");
    DECERR("c8 01", SURQL_EPARSE, "tag 8 (record id) at offset 0: expected");
    DECERR("c8 65 'a b c'", SURQL_EPARSE, "tag 8 (record id)");
    DECERR("82 00 c8 82 61 't' f6", SURQL_EPARSE, "at offset 2");
    /* 9 / 37: uuid */
    DECERR("c9 63 'abc'", SURQL_EPARSE, "expected 36 characters, got 3");
    DECERR("c9 78 24 '0190d0b8-a8f4-7b59-9a5e-2f6b2c7e1aZZ'", SURQL_EPARSE, "tag 9 (uuid text)");
    DECERR("c9 01", SURQL_EPARSE, "expected text");
    DECERR("d8 25 42 01 02", SURQL_EPARSE, "expected a byte string of 16 bytes, got a byte string of 2 bytes");
    DECERR("d8 25 61 'a'", SURQL_EPARSE, "byte string of 16 bytes");
    /* 10: decimal */
    DECERR("ca 63 'abc'", SURQL_EPARSE, "tag 10 (decimal) at offset 0");
    DECERR("ca 01", SURQL_EPARSE, "expected text, got an int");
    DECERR("ca 60", SURQL_EPARSE, "tag 10 (decimal)");
    /* 12: datetime */
    DECERR("cc 83 01 02 03", SURQL_EPARSE,
           "CBOR tag 12 (datetime) at offset 0: expected [seconds, nanoseconds], got an array of 3 items");
    DECERR("cc 81 01", SURQL_EPARSE, "array of 1 item");
    DECERR("cc 80", SURQL_EPARSE, "got an array of 0 items");
    DECERR("cc 63 'abc'", SURQL_EPARSE, "got a string");
    DECERR("cc 82 f9 3c 00 00", SURQL_EPARSE, "seconds must be an integer, got a float");
    DECERR("cc 82 00 1a 3b 9a ca 00", SURQL_EPARSE, "nanoseconds 1000000000 out of range 0..999999999");
    DECERR("cc 82 00 20", SURQL_EPARSE, "nanoseconds -1 out of range");
    DECERR("cc 82 00 61 'a'", SURQL_EPARSE, "nanoseconds must be an integer");
    DECERR("cc 82 1b 7f ff ff ff ff ff ff ff 00", SURQL_ERANGE, "tag 12 (datetime)");
    /* 0 / 13: text forms */
    DECERR("c0 63 'abc'", SURQL_EPARSE, "tag 0 (datetime text)");
    DECERR("c0 01", SURQL_EPARSE, "expected text");
    DECERR("cd 62 '1x'", SURQL_EPARSE, "tag 13 (duration text)");
    DECERR("cd 60", SURQL_EPARSE, "tag 13 (duration text)");
    /* 14: duration */
    DECERR("ce 83 01 02 03", SURQL_EPARSE, "expected [], [seconds] or [seconds, nanoseconds], got an array of 3");
    DECERR("ce 81 20", SURQL_EPARSE, "seconds -1 out of range");
    DECERR("ce 81 61 'a'", SURQL_EPARSE, "seconds must be an integer, got a string");
    DECERR("ce 82 00 1a 3b 9a ca 00", SURQL_EPARSE, "nanoseconds 1000000000");
    DECERR("ce 01", SURQL_EPARSE, "got an int");
    /* 49/50/51: ranges */
    DECERR("d8 31 82 01 02", SURQL_EPARSE, "lower bound must be tag 50, tag 51 or null, got an int");
    DECERR("d8 31 82 f6 02", SURQL_EPARSE, "upper bound must be");
    DECERR("d8 31 81 f6", SURQL_EPARSE, "expected [lower bound, upper bound], got an array of 1");
    DECERR("d8 31 83 f6 f6 f6", SURQL_EPARSE, "array of 3");
    DECERR("d8 31 f6", SURQL_EPARSE, "got a null");
    DECERR("d8 32 01", SURQL_EPARSE, "tag 50 (included bound) at offset 0 outside");
    DECERR("82 d8 33 01 f6", SURQL_EPARSE, "tag 51 (excluded bound) at offset 1 outside");
    DECERR("d8 31 83 f6 f6 d8 32 01", SURQL_EPARSE, "tag 50 (included bound) at offset 5 outside");
    DECERR("d8 31 82 d8 32 d8 32 01 f6", SURQL_EPARSE, "outside");
    DECERR("d8 31 82 81 d8 32 01 f6", SURQL_EPARSE, "outside");
    DECERR("d8 31 82 d8 32 d8 31 82 f6 f6 f6", SURQL_EPARSE, "cannot itself be a range");
    /* 56: set */
    DECERR("d8 38 61 'x'", SURQL_EPARSE, "tag 56 (set) at offset 0: expected an array, got a string");
    /* 88..94: geometry */
    DECERR("d8 58 81 01", SURQL_EPARSE, "tag 88 (geometry point) at offset 0: expected [x, y]");
    DECERR("d8 58 83 01 02 03", SURQL_EPARSE, "expected [x, y]");
    DECERR("d8 58 82 61 'a' 01", SURQL_EPARSE, "coordinate 0 must be a number, got a string");
    DECERR("d8 58 82 01 ca 61 '1'", SURQL_EPARSE, "coordinate 1 must be a number, got a decimal");
    DECERR("d8 58 82 01 f9 7c 00", SURQL_EPARSE, "tag 88 (geometry point)"); /* infinite */
    DECERR("d8 59 81 82 01 02", SURQL_EPARSE, "item 0 is an array of 2 items, expected a Point geometry");
    DECERR("d8 59 61 'x'", SURQL_EPARSE, "expected an array, got a string");
    DECERR("d8 5a 80", SURQL_EPARSE, "tag 90 (geometry polygon)"); /* no ring */
    DECERR("d8 5a 81 d8 58 82 01 02", SURQL_EPARSE, "item 0 is Point, expected a LineString geometry");
    DECERR("d8 5b 81 d8 59 80", SURQL_EPARSE, "expected a Point");
    DECERR("d8 5c 81 d8 58 82 01 02", SURQL_EPARSE, "expected a LineString");
    DECERR("d8 5d 81 d8 59 80", SURQL_EPARSE, "expected a Polygon");
    DECERR("d8 5e 81 01", SURQL_EPARSE, "tag 94 (geometry collection) at offset 0: item 0 is an int");
    /* errors deep inside a message keep the offset of the tag */
    DECERR("a1 61 'x' 82 00 cc 81 00", SURQL_EPARSE, "tag 12 (datetime) at offset 5");
}

ST_TEST(limits_defaults)
{
    surql_conn__cbor_limits lim;
    surql_conn__cbor_limits_default(&lim);
    ST_EQ_INT(lim.max_size, 128u << 20);
    ST_EQ_INT(lim.max_depth, 128);
    ST_EQ_INT(lim.max_items, 16u << 20);
    ST_EQ_INT(lim.max_string, 64u << 20);
    surql_value *v = (surql_value *)1;
    ST_ERR(surql_conn__cbor_decode(NULL, (const uint8_t *)"", 0, NULL), SURQL_EINVAL);
    ST_ERR(surql_conn__cbor_decode(&v, NULL, 1, NULL), SURQL_EINVAL);
    ST_CHECK(v == NULL);
    ST_ERR(surql_conn__cbor_decode(&v, NULL, 0, NULL), SURQL_EPARSE);
    /* items budget */
    lim.max_items = 5;
    DECERRL("85 01 02 03 04 05", &lim, SURQL_ERANGE, "more than 5 items (at offset 5)");
    ST_OK(dec_hex(&v, "84 01 02 03 04", &lim));
    surql_value_unref(v);
}

ST_TEST(errors_midway_release_everything)
{
    /* failures after partial construction (checked for leaks by ASan/valgrind) */
    DECERR("a3 61 'a' 82 01 82 02 61 'x' 61 'b' cc 82 00 00 61 'c' d8 64 00", SURQL_EUNSUPPORTED,
           "tag 100 at offset 17");
    DECERR("9f 01 bf 61 'a' 7f 61 'x' 41 00", SURQL_EPARSE, "not a definite text chunk");
    DECERR("c8 82 61 't' 82 01 d8 31 82 d8 32 01 f7", SURQL_EUNSUPPORTED, "undefined");
    DECERR("d8 31 82 d8 32 82 01 02 d8 33 9f 01 bf 61 'a' 61 ff", SURQL_EPARSE, "invalid UTF-8");
    DECERR("d8 38 82 01 a1 61 'a' 1b ff ff ff ff ff ff ff ff", SURQL_ERANGE, "int64");
    DECERR("d8 5e 82 d8 58 82 01 02 d8 59 82 d8 58 82 01 02 01", SURQL_EPARSE, "item 1");
    DECERR("bf 61 'a' 5f 41 00 41 01", SURQL_EPARSE, "truncated");
}

/* ------------------------------------------------------------------------ */
/* RPC message classification                                                 */
/* ------------------------------------------------------------------------ */

static surql_value *D(const char *hex)
{
    surql_value *v = NULL;
    if (dec_hex(&v, hex, NULL) != 0)
        fprintf(stderr, "# decode failed: %s\n", ERRMSG());
    return v;
}

/* Classify message @p v (consumed; NULL: it could not be built, SURQL_EINVAL) into *m.
 * m borrows from the message, which is kept until the next call; cls_take(NULL, NULL)
 * releases it. */
static int cls_take(surql_conn__rpc_msg *m, surql_value *v)
{
    static surql_value *held;
    surql_value_unref(held);
    held = v;
    if (!m)
        return SURQL_OK;
    return v ? surql_conn__rpc_classify(v, m) : SURQL_EINVAL;
}

/* Classify the message the SurrealQL literal @p surql spells (see cls_take). */
static int cls(surql_conn__rpc_msg *m, const char *surql)
{
    return cls_take(m, V(surql));
}

ST_TEST(classify_messages)
{
    surql_conn__rpc_msg m;
    /* response with an id */
    ST_OK(cls(&m, "{ id: 7, result: [1] }"));
    ST_EQ_INT(m.kind, SURQL_CONN__MSG_RESPONSE);
    ST_CHECK(m.error == NULL && m.result != NULL && m.error_message == NULL);

    /* v3 error with id */
    ST_OK(cls(&m, "{ error: { cause: NONE, code: -32601, details: { kind: 'Method', details: { "
                  "name: 'unknown' } }, kind: 'NotFound', message: 'Method not found' }, "
                  "id: '3' }"));
    ST_EQ_INT(m.kind, SURQL_CONN__MSG_RESPONSE);
    ST_EQ_INT(m.error_code, -32601);
    ST_EQ_STR(m.error_message, "Method not found");
    ST_EQ_STR(m.error_kind, "NotFound");
    ST_CHECK(m.error_details != NULL);
    ST_CHECK(m.result == NULL);

    /* v2 error: no kind */
    ST_OK(cls(&m, "{ error: { code: -32000, message: 'There was a problem with the database: x' "
                  "}, id: 1 }"));
    ST_EQ_INT(m.error_code, -32000);
    ST_CHECK(m.error_kind == NULL && m.error_details == NULL);

    /* orphan error (undecodable request): no id */
    ST_OK(cls(&m, "{ error: { code: -32700, message: 'Parse error' } }"));
    ST_EQ_INT(m.kind, SURQL_CONN__MSG_ORPHAN_ERROR);
    ST_EQ_INT(m.error_code, -32700);

    /* missing message, NONE details */
    ST_OK(cls(&m, "{ error: { code: -1, details: NONE } }"));
    ST_EQ_STR(m.error_message, "the server's error has no message");
    ST_CHECK(m.error_details == NULL && m.error_kind == NULL);

    /* old 2.x string error */
    ST_OK(cls(&m, "{ error: 'boom' }"));
    ST_EQ_INT(m.kind, SURQL_CONN__MSG_ORPHAN_ERROR);
    ST_EQ_STR(m.error_message, "boom");

    /* v3 live notification, CBOR as the server writes it */
    ST_OK(cls_take(&m, D("a1 66 'result' a5 66 'action' 66 'CREATE' 62 'id' d8 25 50 01 90 d0 b8 "
                         "a8 f4 7b 59 9a 5e 2f 6b 2c 7e 1a 3d 66 'record' c8 82 61 't' 01 66 "
                         "'result' a1 61 'a' 01 67 'session' c6 f6")));
    ST_EQ_INT(m.kind, SURQL_CONN__MSG_NOTIFICATION);
    ST_EQ_STR(m.action, "CREATE");
    ST_EQ_INT(surql_value_type_of(m.live_id), SURQL_VALUE_UUID);
    ST_EQ_INT(surql_value_type_of(m.record), SURQL_VALUE_RECORD);
    ST_EQ_INT(surql_value_type_of(m.data), SURQL_VALUE_OBJECT);
    ST_CHECK(m.session == NULL); /* NONE session = default session */

    /* KILLED, with a session */
    ST_OK(cls(&m, "{ result: { action: 'KILLED', id: u'0190d0b8-a8f4-7b59-9a5e-2f6b2c7e1a3d', "
                  "record: NONE, result: NONE, "
                  "session: u'0190d0b8-a8f4-7b59-9a5e-2f6b2c7e1a3e' } }"));
    ST_EQ_INT(m.kind, SURQL_CONN__MSG_NOTIFICATION);
    ST_EQ_STR(m.action, "KILLED");
    ST_EQ_INT(surql_value_type_of(m.session), SURQL_VALUE_UUID);

    /* HTTP /rpc answer: result without id, not a notification (id not a uuid) */
    ST_OK(cls(&m, "{ result: { id: person:1, action: 'x' } }"));
    ST_EQ_INT(m.kind, SURQL_CONN__MSG_UNTAGGED);
    ST_OK(cls(&m, "{ result: NONE }"));
    ST_EQ_INT(m.kind, SURQL_CONN__MSG_UNTAGGED);
    ST_CHECK(surql_value_is_none(m.result) && m.result != NULL);
    /* an id of NONE counts as no id */
    ST_OK(cls(&m, "{ id: NONE, result: 1 }"));
    ST_EQ_INT(m.kind, SURQL_CONN__MSG_UNTAGGED);

    /* malformed */
    ST_ERR(cls(&m, "[1]"), SURQL_EPARSE);
    ST_ERR(cls(&m, "{ id: 1 }"), SURQL_EPARSE);
    ST_CHECK(strstr(ERRMSG(), "neither") != NULL);
    ST_ERR(cls(&m, "{ id: 1, result: 1, error: 'x' }"), SURQL_EPARSE);
    ST_ERR(cls(&m, "{ id: 1, error: 5 }"), SURQL_EPARSE);
    cls_take(NULL, NULL);
    ST_ERR(surql_conn__rpc_classify(NULL, &m), SURQL_EPARSE);
    ST_ERR(surql_conn__rpc_classify(NULL, NULL), SURQL_EINVAL);
}

ST_MAIN(ST_CASE(encode_none_null_bool), ST_CASE(encode_ints_shortest),
        ST_CASE(encode_floats_shortest_exact), ST_CASE(encode_text_bytes_decimal),
        ST_CASE(encode_datetime_duration), ST_CASE(encode_uuid_table_record),
        ST_CASE(encode_containers), ST_CASE(encode_geometry), ST_CASE(encode_range),
        ST_CASE(encode_request), ST_CASE(encode_failure_keeps_buffer), ST_CASE(encode_appends), ST_CASE(decode_server_reply),
        ST_CASE(decode_scalars), ST_CASE(decode_floats_all_widths), ST_CASE(decode_tags),
        ST_CASE(decode_duration_u64_seconds), ST_CASE(decode_indefinite_lengths),
        ST_CASE(roundtrip_every_type), ST_CASE(roundtrip_random_floats),
        ST_CASE(truncated_at_every_byte), ST_CASE(trailing_bytes), ST_CASE(depth_limits),
        ST_CASE(huge_length_claims), ST_CASE(invalid_utf8), ST_CASE(non_text_map_keys),
        ST_CASE(unknown_tags), ST_CASE(invalid_initial_bytes), ST_CASE(malformed_tag_contents),
        ST_CASE(limits_defaults), ST_CASE(errors_midway_release_everything),
        ST_CASE(classify_messages))
