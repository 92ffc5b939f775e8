/* Shared helpers of the CBOR codec unit tests (test-cbor*.c): bytes from a
 * hex notation, encode/decode checks with exact bytes, and a value holding
 * every type. Header-only (static functions) so each test binary stays one
 * translation unit; the codec is the library's internal one (cbor-internal.h). */
#ifndef SURQL_CONN_TEST_CBOR_FIXTURE_H
#define SURQL_CONN_TEST_CBOR_FIXTURE_H

#include "surql_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <surql/schema.h>

#include "../src/cbor-internal.h"

#define ERRMSG() (surql_error_last()->message)

/* Bytes from a tiny notation: hex pairs, whitespace ignored, and 'text'
 * for the UTF-8 bytes of text. Returns a static buffer (tests are serial). */
static uint8_t g_hex[1 << 16];
static size_t g_hexlen;

static inline const uint8_t *H(const char *s)
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
static inline int dec_hex(surql_value **v, const char *hex, const surql_conn__cbor_limits *lim)
{
    const uint8_t *p = H(hex);
    return surql_conn__cbor_decode(v, p, g_hexlen, lim);
}

/* The duration that `hex` decodes to. */
static inline int dur_of(const char *hex, uint64_t *secs, uint32_t *nanos)
{
    surql_value *v = NULL;
    int rc = dec_hex(&v, hex, NULL);
    if (rc == SURQL_OK)
        rc = surql_value_get_duration(v, secs, nanos);
    surql_value_unref(v);
    return rc;
}

static inline surql_value *V(const char *surql)
{
    surql_value *v = NULL;
    if (surql_value_from_surql(&v, surql, strlen(surql)) != 0) {
        fprintf(stderr, "# literal does not parse: %s: %s\n", surql, ERRMSG());
        return NULL;
    }
    return v;
}

static inline const char *hexof(const void *p, size_t n)
{
    static char out[8192];
    size_t o = 0;
    for (size_t i = 0; i < n && o + 4 < sizeof out; i++)
        o += (size_t)snprintf(out + o, sizeof out - o, "%s%02x", i ? " " : "", ((const uint8_t *)p)[i]);
    out[o] = '\0';
    return out;
}

static inline const char *lit(const surql_value *v)
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
static inline int enc_is(const char *file, int line, surql_value *v, unsigned flags, const char *hex)
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
static inline int dec_is(const char *file, int line, const char *hex, const char *surql)
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
static inline int decv_is(const char *file, int line, const char *hex, surql_value *want)
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
static inline int dec_err(const char *file, int line, const char *hex, const surql_conn__cbor_limits *lim,
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
static inline surql_value *every_type(void)
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

#endif
