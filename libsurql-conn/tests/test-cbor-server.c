/* Integration tests of the CBOR codec against the real SurrealDB engines of
 * the dev server (tests/server/surreal-dev, v3 and v2): every surql_value
 * type is sent as a query variable over HTTP POST /rpc (`RETURN $v`) and
 * must come back equal, with its type (type fidelity). The server's reply
 * bytes must decode, and re-encode to the very same bytes. Differences
 * between the engines are asserted explicitly (see docs/cbor.md). */
#include "surql_test.h"
#include "surql_test_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <surql/schema.h>

#include "../src/cbor-internal.h"

#define ERRMSG() (surql_error_last()->message)

/* ------------------------------------------------------------------------ */
/* a tiny binary HTTP/1.0 client (st_http takes NUL-terminated bodies)        */
/* ------------------------------------------------------------------------ */

static int post_rpc(const st_server *s, const char *ns, const char *db, const char *ctype,
                    const void *body, size_t blen, int *status, surql_buf *resp)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)s->port);
    if (inet_pton(AF_INET, s->host, &a.sin_addr) != 1 ||
        connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    char head[1024];
    int n = snprintf(head, sizeof head,
                     "POST /rpc HTTP/1.0\r\nHost: %s:%d\r\nConnection: close\r\n"
                     "Content-Type: %s\r\nAccept: %s\r\n"
                     "Authorization: Basic cm9vdDpyb290\r\n"
                     "Surreal-NS: %s\r\nSurreal-DB: %s\r\nContent-Length: %zu\r\n\r\n",
                     s->host, s->port, ctype, ctype, ns, db, blen);
    if (n < 0 || (size_t)n >= sizeof head || write(fd, head, (size_t)n) != n ||
        (blen && write(fd, body, blen) != (ssize_t)blen)) {
        close(fd);
        return -1;
    }
    surql_buf raw = SURQL_BUF_INIT;
    char chunk[65536];
    ssize_t r;
    while ((r = read(fd, chunk, sizeof chunk)) > 0)
        if (surql_buf_put(&raw, chunk, (size_t)r) != 0)
            break;
    close(fd);
    int rc = -1;
    const char *p = surql_buf_cstr(&raw);
    const char *end = NULL;
    for (size_t i = 0; i + 3 < raw.size; i++)
        if (memcmp(raw.ptr + i, "\r\n\r\n", 4) == 0) {
            end = raw.ptr + i + 4;
            break;
        }
    if (end && sscanf(p, "HTTP/1.%*d %d", status) == 1) {
        surql_buf_clear(resp);
        rc = surql_buf_put(resp, end, raw.size - (size_t)(end - raw.ptr)) == 0 ? 0 : -1;
    }
    surql_buf_dispose(&raw);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* helpers                                                                    */
/* ------------------------------------------------------------------------ */

static surql_value *V(const char *surql)
{
    surql_value *v = NULL;
    if (surql_value_from_surql(&v, surql, strlen(surql)) != 0)
        fprintf(stderr, "# literal does not parse: %s: %s\n", surql, ERRMSG());
    return v;
}

static const char *lit(const surql_value *v, char *buf, size_t cap)
{
    surql_buf b = SURQL_BUF_INIT;
    if (surql_value_to_surql(v, &b, 0) != 0)
        snprintf(buf, cap, "<unrenderable %s>", surql_value_type_name(surql_value_type_of(v)));
    else
        snprintf(buf, cap, "%s", surql_buf_cstr(&b));
    surql_buf_dispose(&b);
    return buf;
}

typedef struct rpc_result {
    int status;        /* HTTP status */
    surql_value *msg;  /* decoded reply (NULL if it did not decode) */
    surql_conn__rpc_msg m;
    int reencode_same; /* our encoding of the decoded reply == the server's bytes */
    char err[512];
} rpc_result;

static void rpc_result_clear(rpc_result *r)
{
    surql_value_unref(r->msg);
    memset(r, 0, sizeof *r);
}

/* POST one CBOR request and decode the reply. 0, or -1 on transport failure. */
static int rpc_call(const st_server *s, const char *ns, const char *method, surql_value *params,
                    unsigned flags, rpc_result *out)
{
    memset(out, 0, sizeof *out);
    surql_buf req = SURQL_BUF_INIT, resp = SURQL_BUF_INIT, again = SURQL_BUF_INIT;
    int rc = -1;
    if (surql_conn__cbor_encode_request(&req, NULL, method, params, NULL, NULL, flags) != 0) {
        snprintf(out->err, sizeof out->err, "encode: %s", ERRMSG());
        goto done;
    }
    if (post_rpc(s, ns, ns, "application/cbor", req.ptr, req.size, &out->status, &resp) != 0) {
        snprintf(out->err, sizeof out->err, "transport failure");
        goto done;
    }
    rc = 0;
    if (surql_conn__cbor_decode(&out->msg, (const uint8_t *)resp.ptr, resp.size, NULL) != 0) {
        snprintf(out->err, sizeof out->err, "decode of %zu-byte reply (HTTP %d): %s", resp.size,
                 out->status, ERRMSG());
        goto done;
    }
    if (surql_conn__rpc_classify(out->msg, &out->m) != 0) {
        snprintf(out->err, sizeof out->err, "classify: %s", ERRMSG());
        goto done;
    }
    out->reencode_same = surql_conn__cbor_encode(out->msg, &again, 0) == 0 &&
                         again.size == resp.size && memcmp(again.ptr, resp.ptr, resp.size) == 0;
done:
    surql_buf_dispose(&req);
    surql_buf_dispose(&resp);
    surql_buf_dispose(&again);
    return rc;
}

/* `RETURN $v` with vars {v}. On success *got is the statement's result
 * (new reference); otherwise *errtext says what failed. */
static int return_value(const st_server *s, const char *ns, const surql_value *v, unsigned flags,
                        surql_value **got, char *errtext, size_t cap, int *same_bytes)
{
    *got = NULL;
    errtext[0] = '\0';
    surql_value *params = surql_value_array(), *vars = surql_value_object();
    surql_value_array_push_take(params, surql_value_string("RETURN $v"));
    surql_value_object_set(vars, "v", v);
    surql_value_array_push_take(params, vars);
    rpc_result r;
    int rc = rpc_call(s, ns, "query", params, flags, &r);
    surql_value_unref(params);
    if (rc != 0 || r.err[0]) {
        snprintf(errtext, cap, "%s", r.err);
        rpc_result_clear(&r);
        return -1;
    }
    *same_bytes = r.reencode_same;
    if (r.m.error) {
        snprintf(errtext, cap, "RPC error %ld: %s", r.m.error_code, r.m.error_message);
        rpc_result_clear(&r);
        return -1;
    }
    const surql_value *entry = surql_value_array_at(r.m.result, 0);
    const char *st = NULL;
    surql_value_get_string(surql_value_object_get(entry, "status"), &st, NULL);
    const surql_value *res = surql_value_object_get(entry, "result");
    if (!st || strcmp(st, "OK") != 0) {
        const char *msg = NULL;
        surql_value_get_string(res, &msg, NULL);
        snprintf(errtext, cap, "statement %s: %s", st ? st : "?", msg ? msg : "?");
        rpc_result_clear(&r);
        return -1;
    }
    *got = surql_value_ref(res);
    rpc_result_clear(&r);
    return 0;
}

/* ------------------------------------------------------------------------ */
/* the fidelity table                                                         */
/* ------------------------------------------------------------------------ */

/* expectation per engine: NULL = the same value comes back; "ERR:<substring>" =
 * the call fails with a message containing <substring>; else a literal of
 * what comes back instead. */
typedef struct fcase {
    const char *name;
    const char *literal; /* NULL: built by build_special() */
    const char *v3;
    const char *v2;
} fcase;

static const fcase CASES[] = {
    { "none", "NONE", NULL, NULL },
    { "null", "NULL", NULL, NULL },
    { "bool", "true", NULL, NULL },
    { "int_zero", "0", NULL, NULL },
    { "int_max", "9223372036854775807", NULL, NULL },
    { "int_min", "-9223372036854775808", NULL, NULL },
    { "int_neg", "-300", NULL, NULL },
    { "float_half", "1.5f", NULL, NULL },
    { "float_single", "100000.0f", NULL, NULL },
    { "float_double", "0.1f", NULL, NULL },
    { "float_big", "1e300f", NULL, NULL },
    { "float_negzero", "-0.0f", NULL, NULL },
    { "float_nan", "<float>'NaN'", NULL, NULL },
    { "float_inf", "<float>'Infinity'", NULL, NULL },
    { "float_neginf", "<float>'-Infinity'", NULL, NULL },
    { "float_integral", "2.0f", NULL, NULL },
    { "decimal", "1.50dec", NULL, NULL },
    { "decimal_big", "79228162514264337593543950335dec", NULL, NULL },
    { "decimal_frac", "-0.0000000000000000000000000001dec", NULL, NULL },
    { "string", "'héllo ✓ 😀'", NULL, NULL },
    { "string_empty", "''", NULL, NULL },
    /* 2.x cannot store U+0000 in a string (its serializer refuses it) */
    { "string_nul", "'a\\u{0}b'", NULL, "ERR:contained a null byte" },
    { "string_recordlike", "'person:tobie'", NULL, NULL },
    { "string_datelike", "'2023-11-14T22:13:20Z'", NULL, NULL },
    { "bytes", "b\"00FF10\"", NULL, NULL },
    { "bytes_empty", "b\"\"", NULL, NULL },
    { "datetime", "d'2023-11-14T22:13:20Z'", NULL, NULL },
    { "datetime_nanos", "d'1969-12-31T23:59:59.999999999Z'", NULL, NULL },
    { "datetime_far", "d'+262142-12-31T23:59:59.999999999Z'", NULL, NULL },
    { "datetime_ancient", "d'-0044-03-15T12:00:00Z'", NULL, NULL },
    { "duration_zero", "0ns", NULL, NULL },
    { "duration", "1h30m", NULL, NULL },
    { "duration_nanos", "1s500ns", NULL, NULL },
    { "duration_big", "584942417355y", NULL, NULL },
    { "uuid", "u'0190d0b8-a8f4-7b59-9a5e-2f6b2c7e1a3d'", NULL, NULL },
    { "record", "person:tobie", NULL, NULL },
    { "record_int", "t:42", NULL, NULL },
    { "record_neg", "t:-7", NULL, NULL },
    { "record_array", "t:[1, 'a', d'2023-11-14T22:13:20Z']", NULL, NULL },
    { "record_object", "t:{ a: 1, b: [2] }", NULL, NULL },
    { "record_uuid", "t:u'0190d0b8-a8f4-7b59-9a5e-2f6b2c7e1a3d'", NULL, NULL },
    { "record_range", "t:1..=5", NULL, NULL },
    { "record_range_open", "t:..5", NULL, NULL },
    { "record_quoted", "`my table`:`a b`", NULL, NULL },
    { "table", NULL, NULL, NULL },
    { "array", "[1, [2, [3, []]], {}, NONE, NULL]", NULL, NULL },
    { "object", "{ z: 1, a: 2, 'k e y': { nested: [NULL] } }", NULL, NULL },
    { "object_none_field", "{ a: NONE, b: 1 }", NULL, NULL },
    { "point", "(1.5f, -2f)", NULL, NULL },
    { "line", "{ type: 'LineString', coordinates: [[0, 0], [1, 1], [2, 0.5]] }", NULL, NULL },
    { "polygon",
      "{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]],"
      " [[0.2, 0.2], [0.3, 0.2], [0.2, 0.3], [0.2, 0.2]]] }",
      NULL, NULL },
    { "multipoint", "{ type: 'MultiPoint', coordinates: [[0, 0], [1, 2]] }", NULL, NULL },
    { "multiline", "{ type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]], [[2, 2], [3, 3]]] }",
      NULL, NULL },
    { "multipolygon", "{ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]]] }",
      NULL, NULL },
    { "collection",
      "{ type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 2] },"
      " { type: 'LineString', coordinates: [[0, 0], [1, 1]] }] }",
      NULL, NULL },
    { "range", "1..5", NULL, NULL },
    { "range_incl", "1..=5", NULL, NULL },
    { "range_excl_lo", "1>..5", NULL, NULL },
    { "range_open", "..", NULL, NULL },
    { "range_string", "'a'..'m'", NULL, NULL },
    /* 2.x has no sets: tag 56 is "Encountered an unknown CBOR tag" (send them with
     * SURQL_CONN__CBOR_SET_AS_ARRAY, see sets_as_arrays_v2) */
    { "set", "<set>[3, 1, 2]", NULL, "ERR:unknown CBOR tag" },
    { "set_empty", "<set>[]", NULL, "ERR:unknown CBOR tag" },
    { "set_nested", "{ s: <set>['b', 'a'] }", NULL, "ERR:unknown CBOR tag" },
};

static surql_value *build_case(const fcase *c)
{
    if (c->literal)
        return V(c->literal);
    if (strcmp(c->name, "table") == 0)
        return surql_value_table("person");
    return NULL;
}

static void fidelity(const char *engine)
{
    st_server s;
    if (st_server_start(&s, engine, NULL) != 0)
        return;
    int v2 = strcmp(engine, "v2") == 0;
    char ns[96];
    snprintf(ns, sizeof ns, "%s", st_unique_name("cbor"));
    int failures = 0, differ = 0;
    size_t ncases = sizeof CASES / sizeof CASES[0];
    for (size_t i = 0; i < ncases; i++) {
        const fcase *c = &CASES[i];
        const char *expect = v2 ? c->v2 : c->v3;
        surql_value *v = build_case(c), *got = NULL;
        char err[512], a[1024], b[1024];
        int same = 0;
        if (!v) {
            st_fail(__FILE__, __LINE__, "%s: cannot build the value", c->name);
            failures++;
            continue;
        }
        int rc = return_value(&s, ns, v, 0, &got, err, sizeof err, &same);
        if (rc != 0) {
            if (expect && strncmp(expect, "ERR:", 4) == 0 && strstr(err, expect + 4)) {
                st_note("%s %s: fails as expected: %s", engine, c->name, err);
                differ++;
            } else {
                st_fail(__FILE__, __LINE__, "%s %s: %s failed: %s", engine, c->name,
                        lit(v, a, sizeof a), err);
                failures++;
            }
        } else {
            surql_value *want = expect && strncmp(expect, "ERR:", 4) != 0 ? V(expect)
                                                                       : surql_value_ref(v);
            int eq = surql_value_equal(got, want) &&
                     surql_value_type_of(got) == surql_value_type_of(want);
            if (!eq || (expect && strncmp(expect, "ERR:", 4) == 0)) {
                st_fail(__FILE__, __LINE__, "%s %s: sent %s, got %s (%s), expected %s", engine,
                        c->name, lit(v, a, sizeof a), lit(got, b, sizeof b),
                        surql_value_type_name(surql_value_type_of(got)),
                        expect ? expect : "the same");
                failures++;
            } else if (expect) {
                st_note("%s %s: comes back as %s (documented difference)", engine, c->name,
                        lit(got, b, sizeof b));
                differ++;
            }
            if (!same) {
                st_fail(__FILE__, __LINE__,
                        "%s %s: our encoding of the decoded reply differs from the server's bytes",
                        engine, c->name);
                failures++;
            }
            surql_value_unref(want);
        }
        surql_value_unref(got);
        surql_value_unref(v);
    }
    st_note("%s (%s): %zu values, %d documented differences, %d failures", engine, s.version,
            ncases, differ, failures);
    st_server_stop(&s);
}

ST_TEST(fidelity_v3)
{
    fidelity("v3");
}

ST_TEST(fidelity_v2)
{
    fidelity("v2");
}

/* everything in one message, and the same through SET_AS_ARRAY */
static void all_in_one(const char *engine)
{
    st_server s;
    if (st_server_start(&s, engine, NULL) != 0)
        return;
    int v2 = strcmp(engine, "v2") == 0;
    char ns[96];
    snprintf(ns, sizeof ns, "%s", st_unique_name("cbor"));
    surql_value *obj = surql_value_object();
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        const char *expect = v2 ? CASES[i].v2 : CASES[i].v3;
        if (expect) /* only what round-trips unchanged on this engine */
            continue;
        if (surql_value_object_set_take(obj, CASES[i].name, build_case(&CASES[i])) != 0) {
            surql_value_unref(obj);
            st_server_stop(&s);
            ST_CHECKF(0, "building %s: %s", CASES[i].name, ERRMSG());
        }
    }
    surql_value *got = NULL;
    char err[512], a[4096];
    int same = 0;
    int rc = return_value(&s, ns, obj, 0, &got, err, sizeof err, &same);
    st_server_stop(&s);
    if (rc != 0) {
        surql_value_unref(obj);
        ST_CHECKF(0, "%s: %s", engine, err);
    }
    int eq = surql_value_equal(got, obj);
    if (!eq)
        st_note("got %s", lit(got, a, sizeof a));
    surql_value_unref(got);
    surql_value_unref(obj);
    ST_CHECKF(eq, "%s: the all-types object changed on the way", engine);
    ST_CHECKF(same, "%s: re-encoding the reply changed its bytes", engine);
}

ST_TEST(all_types_one_message_v3)
{
    all_in_one("v3");
}

ST_TEST(all_types_one_message_v2)
{
    all_in_one("v2");
}

/* ------------------------------------------------------------------------ */
/* what each engine does with the wire format beyond echoing values           */
/* ------------------------------------------------------------------------ */

/* Request bytes from the notation of test-cbor.c: hex pairs and 'text'. */
static size_t hexbytes(const char *s, uint8_t *out, size_t cap)
{
    size_t n = 0;
    while (*s && n < cap) {
        if (*s == ' ') {
            s++;
        } else if (*s == '\'') {
            for (s++; *s && *s != '\'' && n < cap; s++)
                out[n++] = (uint8_t)*s;
            if (*s)
                s++;
        } else {
            unsigned x = 0;
            if (sscanf(s, "%2x", &x) != 1)
                break;
            out[n++] = (uint8_t)x;
            s += 2;
        }
    }
    return n;
}

/* POST raw request bytes; *result = first statement's result (new ref) when OK. */
static int raw_query(const st_server *s, const char *ns, const char *hex, int *status,
                     surql_value **result, surql_buf *body)
{
    uint8_t req[4096];
    size_t n = hexbytes(hex, req, sizeof req);
    *result = NULL;
    if (post_rpc(s, ns, ns, "application/cbor", req, n, status, body) != 0)
        return -1;
    if (*status != 200)
        return 0;
    surql_value *msg = NULL;
    surql_conn__rpc_msg m;
    if (surql_conn__cbor_decode(&msg, (const uint8_t *)body->ptr, body->size, NULL) != 0 ||
        surql_conn__rpc_classify(msg, &m) != 0 || !m.result) {
        surql_value_unref(msg);
        return -1;
    }
    *result = surql_value_ref(surql_value_object_get(surql_value_array_at(m.result, 0), "result"));
    surql_value_unref(msg);
    return 0;
}

static void engine_behaviour(const char *engine)
{
    st_server s;
    if (st_server_start(&s, engine, NULL) != 0)
        return;
    int v2 = strcmp(engine, "v2") == 0;
    char ns[96], a[2048];
    snprintf(ns, sizeof ns, "%s", st_unique_name("cbor"));
    surql_buf body = SURQL_BUF_INIT;
    surql_value *got = NULL, *want = NULL;
    int status = 0;

#define FAILX(...)                                                                            \
    do {                                                                                      \
        st_fail(__FILE__, __LINE__, __VA_ARGS__);                                             \
        goto out;                                                                             \
    } while (0)

    /* 1. the text forms of tags 8, 9, 13 and 0 are accepted on input (the server
     *    answers with the canonical forms, which we re-encode byte for byte) */
    if (raw_query(&s, ns,
                  "a2 66 'method' 65 'query' 66 'params' 82 78 1b 'RETURN [$a, $b, $c, $d, $e]'"
                  " a5 61 'a' c8 6c 'person:tobie'"
                  "    61 'b' c9 78 24 '0190d0b8-a8f4-7b59-9a5e-2f6b2c7e1a3d'"
                  "    61 'c' cd 65 '1h30m' 61 'd' c0 74 '2023-11-14T22:13:20Z'"
                  "    61 'e' c8 67 't:[1,2]'",
                  &status, &got, &body) != 0 || !got)
        FAILX("%s: text tag forms: HTTP %d", engine, status);
    want = V("[person:tobie, u'0190d0b8-a8f4-7b59-9a5e-2f6b2c7e1a3d', 1h30m,"
             " d'2023-11-14T22:13:20Z', t:[1, 2]]");
    if (!surql_value_equal(got, want))
        FAILX("%s: text tag forms came back as %s", engine, lit(got, a, sizeof a));
    got = surql_value_unref(got);
    want = surql_value_unref(want);

    /* 2. indefinite-length items are accepted on input */
    if (raw_query(&s, ns,
                  "bf 66 'method' 7f 62 'qu' 63 'ery' ff 66 'params' 9f 69 'RETURN $v'"
                  " bf 61 'v' 9f 01 5f 41 01 41 02 ff ff ff ff ff",
                  &status, &got, &body) != 0 || !got)
        FAILX("%s: indefinite lengths: HTTP %d", engine, status);
    want = V("[1, b\"0102\"]");
    if (!surql_value_equal(got, want))
        FAILX("%s: indefinite lengths came back as %s", engine, lit(got, a, sizeof a));
    got = surql_value_unref(got);
    want = surql_value_unref(want);

    /* 3. CBOR undefined (which we never send and refuse to decode) is read as NULL */
    if (raw_query(&s, ns, "a2 66 'method' 65 'query' 66 'params' 82 69 'RETURN $v' a1 61 'v' f7",
                  &status, &got, &body) != 0 || !got)
        FAILX("%s: undefined: HTTP %d", engine, status);
    if (!surql_value_is_null(got))
        FAILX("%s: undefined came back as %s", engine, lit(got, a, sizeof a));
    got = surql_value_unref(got);

    /* 4. undecodable CBOR and non-text keys: HTTP 400 with a JSON (not CBOR) body,
     *    which the decoder refuses (check the status before decoding) */
    if (raw_query(&s, ns, "ff ff", &status, &got, &body) != 0 || status != 400)
        FAILX("%s: garbage: HTTP %d", engine, status);
    if (body.size == 0 || body.ptr[0] != '{')
        FAILX("%s: garbage: body is not JSON", engine);
    if (surql_conn__cbor_decode(&got, (const uint8_t *)body.ptr, body.size, NULL) != SURQL_EPARSE)
        FAILX("%s: a JSON error body decoded as CBOR", engine);
    if (raw_query(&s, ns, "a1 01 02", &status, &got, &body) != 0 || status != 400)
        FAILX("%s: integer map key: HTTP %d", engine, status);

    /* 5. values the server computes: float widths, NaN, decimals, sets */
    if (raw_query(&s, ns,
                  "a2 66 'method' 65 'query' 66 'params' 81 78 4a"
                  " 'RETURN [1.5, 0.1, 100000.0, math::sqrt(-1), 1.50dec, <set>[2, 1, 2], -0.0]'",
                  &status, &got, &body) != 0 || !got)
        FAILX("%s: computed values: HTTP %d", engine, status);
    {
        surql_value *again = NULL;
        surql_buf enc = SURQL_BUF_INIT;
        int same = surql_conn__cbor_decode(&again, (const uint8_t *)body.ptr, body.size, NULL) == 0 &&
                   surql_conn__cbor_encode(again, &enc, 0) == 0 && enc.size == body.size &&
                   memcmp(enc.ptr, body.ptr, body.size) == 0;
        surql_value_unref(again);
        surql_buf_dispose(&enc);
        if (!same)
            FAILX("%s: computed values: re-encoding changed the bytes", engine);
    }
    const char *dec = NULL;
    surql_value_get_decimal(surql_value_array_at(got, 4), &dec);
    /* 3.x: sqrt(-1) is NaN, decimals are normalised, <set> sorts and dedups.
     * 2.x: sqrt(-1) is NONE, decimals keep their text, <set> makes a deduped array. */
    want = V(v2 ? "[1.5f, 0.1f, 100000f, NONE, 1.50dec, [2, 1], -0f]"
                : "[1.5f, 0.1f, 100000f, <float>'NaN', 1.5dec, <set>[1, 2], -0f]");
    if (!surql_value_equal(got, want) || !dec || strcmp(dec, v2 ? "1.50" : "1.5") != 0 ||
        surql_value_type_of(surql_value_array_at(got, 5)) !=
            (v2 ? SURQL_VALUE_ARRAY : SURQL_VALUE_SET))
        FAILX("%s: computed values came back as %s", engine, lit(got, a, sizeof a));
    got = surql_value_unref(got);
    want = surql_value_unref(want);

    /* 6. sets sent as arrays (SURQL_CONN__CBOR_SET_AS_ARRAY) come back as arrays */
    {
        surql_value *set = V("<set>[3, 1, 2]");
        char err[512];
        int same = 0;
        int rc = return_value(&s, ns, set, SURQL_CONN__CBOR_SET_AS_ARRAY, &got, err, sizeof err,
                              &same);
        surql_value_unref(set);
        if (rc != 0)
            FAILX("%s: set as array: %s", engine, err);
        want = V("[3, 1, 2]");
        if (!surql_value_equal(got, want) || surql_value_type_of(got) != SURQL_VALUE_ARRAY)
            FAILX("%s: set as array came back as %s", engine, lit(got, a, sizeof a));
        got = surql_value_unref(got);
        want = surql_value_unref(want);
    }

    /* 7. RPC errors: classified, with kind/details on 3.x only */
    {
        rpc_result r;
        surql_value *params = surql_value_array();
        int rc = rpc_call(&s, ns, "nosuchmethod", params, 0, &r);
        surql_value_unref(params);
        if (rc != 0 || r.err[0]) {
            rpc_result_clear(&r);
            FAILX("%s: unknown method: %s", engine, r.err);
        }
        int ok = r.m.kind == SURQL_CONN__MSG_ORPHAN_ERROR && r.m.error_code == -32601 &&
                 strcmp(r.m.error_message, "Method not found") == 0 &&
                 (v2 ? r.m.error_kind == NULL
                     : (r.m.error_kind && strcmp(r.m.error_kind, "NotFound") == 0 &&
                        r.m.error_details != NULL)) &&
                 r.reencode_same;
        if (!ok)
            st_note("%s: unknown method: kind %d code %ld message %s error-kind %s", engine,
                    (int)r.m.kind, r.m.error_code, r.m.error_message ? r.m.error_message : "-",
                    r.m.error_kind ? r.m.error_kind : "-");
        rpc_result_clear(&r);
        if (!ok)
            FAILX("%s: unknown method error not classified as expected", engine);
    }
    st_note("%s: text tag forms, indefinite lengths, undefined, 400s, computed values, "
            "sets-as-arrays and error classification checked",
            engine);
out:
    surql_value_unref(got);
    surql_value_unref(want);
    surql_buf_dispose(&body);
    st_server_stop(&s);
#undef FAILX
}

ST_TEST(engine_behaviour_v3)
{
    engine_behaviour("v3");
}

ST_TEST(engine_behaviour_v2)
{
    engine_behaviour("v2");
}

ST_MAIN(ST_CASE(fidelity_v3), ST_CASE(fidelity_v2), ST_CASE(all_types_one_message_v3),
        ST_CASE(all_types_one_message_v2), ST_CASE(engine_behaviour_v3),
        ST_CASE(engine_behaviour_v2))
