/* Unit tests of the CBOR codec (libsurql-conn/src/cbor-*.c): exact bytes for
 * every type and tag, RPC request encoding and message classification.
 * Decoding and round trips: test-cbor-decode.c; malformed input:
 * test-cbor-hostile.c. Runs without a server. */
#include "cbor-fixture.h"

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
        ST_CASE(encode_request), ST_CASE(encode_failure_keeps_buffer), ST_CASE(encode_appends),
        ST_CASE(classify_messages))
