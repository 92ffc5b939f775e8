/* Unit tests of the CBOR codec: decoding what servers send (every float
 * width, tags, indefinite lengths) and round trips of every surql_value
 * type. Runs without a server. */
#include "cbor-fixture.h"

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

ST_MAIN(ST_CASE(decode_server_reply), ST_CASE(decode_scalars), ST_CASE(decode_floats_all_widths),
        ST_CASE(decode_tags), ST_CASE(decode_duration_u64_seconds),
        ST_CASE(decode_indefinite_lengths), ST_CASE(roundtrip_every_type),
        ST_CASE(roundtrip_random_floats))
