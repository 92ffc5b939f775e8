/* Cross-check with the official JavaScript SDK (npm `surrealdb`, pinned in
 * tests/interop/package.json), on both engines of the dev server:
 *
 *  1. the C client writes interop:from_c, a record with a field of every
 *     SurrealDB type (table FIELDS, values built with surql/schema/value.h);
 *  2. tests/interop/js-check.mjs (spawned with the server URL, ns and db)
 *     reads it with the SDK over WebSocket and checks each field's JS
 *     type/class and value, then writes interop:from_js with a field of every
 *     type built with the SDK's classes;
 *  3. the C client reads interop:from_js and compares every field with
 *     surql_value_equal() (which includes the type: int 2 != float 2.0).
 *
 * Documented differences (JavaScript has one number type, so an integral
 * float is sent as a CBOR int and 1e300 cannot be sent at all; the SDK's
 * decoder rounds -(2^53+1); the 3.0.2 engine alters ranges and sets that
 * arrive through the CRUD RPC methods) are asserted to happen exactly as
 * documented, so a change on either side is noticed. See
 * tests/interop/README.md. */
#include "surql_test.h"
#include "surql_test_server.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <surql/conn.h>

extern char **environ;

#define ERRMSG() (surql_error_last()->message)

static const char UUID_TEXT[] = "0190d0b8-a8f4-7b59-9a5e-2f6b2c7e1a3d";

/* One field of the all-types record. `literal` is SurrealQL literal text
 * (surql_value_from_surql()); NULL means built by build_special(). */
typedef struct field {
    const char *name;
    const char *literal;
    int v3_only;        /* 2.x cannot store it (U+0000 in strings, sets) */
    const char *js_got; /* literal of what arrives when the JS SDK writes the
                           value, when that differs (documented), else NULL */
    const char *js_why;
} field;

static const field FIELDS[] = {
    { "null_v", "NULL", 0, NULL, NULL },
    { "bool_t", NULL, 0, NULL, NULL },
    { "bool_f", NULL, 0, NULL, NULL },
    { "int_small", NULL, 0, NULL, NULL },
    { "int_neg", NULL, 0, NULL, NULL },
    { "int_2p53", NULL, 0, NULL, NULL },
    { "int_2p53_plus1", NULL, 0, NULL, NULL },
    { "int_max", NULL, 0, NULL, NULL },
    { "int_min", NULL, 0, NULL, NULL },
    { "int_neg_2p53_minus1", NULL, 0, NULL, NULL },
    { "float", NULL, 0, NULL, NULL },
    { "float_tenth", NULL, 0, NULL, NULL },
    { "float_big", NULL, 0, "(absent)",
      "the SDK cannot send 1e300: it encodes every integral Number as a CBOR int and "
      "refuses those beyond ±2^53 (CborNumberError)" },
    { "float_integral", NULL, 0, "2",
      "JavaScript has one number type: the SDK sends an integral Number as a CBOR int" },
    { "float_negzero", NULL, 0, "0",
      "JavaScript has one number type: the SDK sends -0 as the CBOR int 0" },
    { "float_nan", NULL, 0, NULL, NULL },
    { "float_inf", NULL, 0, NULL, NULL },
    { "float_neginf", NULL, 0, NULL, NULL },
    { "decimal", NULL, 0, NULL, NULL },
    { "decimal_big", NULL, 0, NULL, NULL },
    { "decimal_frac", NULL, 0, NULL, NULL },
    { "string", NULL, 0, NULL, NULL },
    { "string_empty", NULL, 0, NULL, NULL },
    { "string_nul", NULL, 1, NULL, NULL },
    { "string_recordlike", NULL, 0, NULL, NULL },
    { "string_datelike", NULL, 0, NULL, NULL },
    { "bytes", NULL, 0, NULL, NULL },
    { "bytes_empty", NULL, 0, NULL, NULL },
    { "datetime", NULL, 0, NULL, NULL },
    { "datetime_pre_epoch", NULL, 0, NULL, NULL },
    { "duration", NULL, 0, NULL, NULL },
    { "duration_nanos", NULL, 0, NULL, NULL },
    { "duration_zero", NULL, 0, NULL, NULL },
    { "uuid", NULL, 0, NULL, NULL },
    { "rid_string", NULL, 0, NULL, NULL },
    { "rid_int", NULL, 0, NULL, NULL },
    { "rid_array", "t:[1, 'a']", 0, NULL, NULL },
    { "rid_object", "t:{ a: 1, b: [2] }", 0, NULL, NULL },
    { "rid_uuid", NULL, 0, NULL, NULL },
    { "rid_range", "t:1..=5", 0, NULL, NULL },
    { "table", NULL, 0, NULL, NULL },
    { "array", "[1, 'a', [true, NULL]]", 0, NULL, NULL },
    { "object", "{ z: 1, a: 'x', 'k e y': { nested: [NULL, 1.5f] } }", 0, NULL, NULL },
    { "point", NULL, 0, NULL, NULL },
    { "line", "{ type: 'LineString', coordinates: [[0, 0], [1, 1], [2, 0.5]] }", 0, NULL, NULL },
    { "polygon",
      "{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]],"
      " [[0.2, 0.2], [0.3, 0.2], [0.2, 0.3], [0.2, 0.2]]] }",
      0, NULL, NULL },
    { "multipoint", "{ type: 'MultiPoint', coordinates: [[0, 0], [1, 2]] }", 0, NULL, NULL },
    { "multiline", "{ type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]], [[2, 2], [3, 3]]] }",
      0, NULL, NULL },
    { "multipolygon", "{ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]]] }",
      0, NULL, NULL },
    { "collection",
      "{ type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 2] },"
      " { type: 'LineString', coordinates: [[0, 0], [1, 1]] }] }",
      0, NULL, NULL },
    { "range", NULL, 0, NULL, NULL },
    { "range_incl", NULL, 0, NULL, NULL },
    { "range_excl_lo", NULL, 0, NULL, NULL },
    { "range_open", NULL, 0, NULL, NULL },
    { "range_string", NULL, 0, NULL, NULL },
    { "set", NULL, 1, NULL, NULL },
};

/* Fields only the JS side writes: other JS shapes of the same SurrealDB types. */
static const field JS_ONLY[] = {
    { "js_date", "d'2023-11-14T22:13:20.123Z'", 0, NULL, NULL },        /* a native Date */
    { "js_bytes_arraybuffer", "b\"010203\"", 0, NULL, NULL },           /* an ArrayBuffer */
    { "js_rid_bigint", "t:9007199254740993", 0, NULL, NULL },           /* a BigInt key */
};

static surql_value *lit(const char *text)
{
    surql_value *v = NULL;
    if (surql_value_from_surql(&v, text, strlen(text)) != 0)
        st_fail(__FILE__, __LINE__, "literal %s: %s", text, ERRMSG());
    return v;
}

static surql_value *range_int(int64_t lo, int lo_incl, int64_t hi, int hi_incl)
{
    return surql_value_range_take(surql_value_int(lo), lo_incl, surql_value_int(hi), hi_incl);
}

/* Values built with the surql_value builders (value.h). */
static surql_value *build_special(const char *n)
{
    static const uint8_t bytes[] = { 0x00, 0xff, 0x10 };
    if (!strcmp(n, "bool_t"))
        return surql_value_bool(1);
    if (!strcmp(n, "bool_f"))
        return surql_value_bool(0);
    if (!strcmp(n, "int_small"))
        return surql_value_int(42);
    if (!strcmp(n, "int_neg"))
        return surql_value_int(-300);
    if (!strcmp(n, "int_2p53"))
        return surql_value_int(INT64_C(9007199254740992));
    if (!strcmp(n, "int_2p53_plus1"))
        return surql_value_int(INT64_C(9007199254740993));
    if (!strcmp(n, "int_max"))
        return surql_value_int(INT64_MAX);
    if (!strcmp(n, "int_min"))
        return surql_value_int(INT64_MIN);
    if (!strcmp(n, "int_neg_2p53_minus1"))
        return surql_value_int(INT64_C(-9007199254740993));
    if (!strcmp(n, "float"))
        return surql_value_float(1.5);
    if (!strcmp(n, "float_tenth"))
        return surql_value_float(0.1);
    if (!strcmp(n, "float_big"))
        return surql_value_float(1e300);
    if (!strcmp(n, "float_integral"))
        return surql_value_float(2.0);
    if (!strcmp(n, "float_negzero"))
        return surql_value_float(-0.0);
    if (!strcmp(n, "float_nan"))
        return surql_value_float(NAN);
    if (!strcmp(n, "float_inf"))
        return surql_value_float(INFINITY);
    if (!strcmp(n, "float_neginf"))
        return surql_value_float(-INFINITY);
    if (!strcmp(n, "decimal"))
        return surql_value_decimal("1.50");
    if (!strcmp(n, "decimal_big"))
        return surql_value_decimal("79228162514264337593543950335");
    if (!strcmp(n, "decimal_frac"))
        return surql_value_decimal("-0.0000000000000000000000000001");
    if (!strcmp(n, "string"))
        return surql_value_string("h\xc3\xa9llo \xe2\x9c\x93 \xf0\x9f\x98\x80");
    if (!strcmp(n, "string_empty"))
        return surql_value_string("");
    if (!strcmp(n, "string_nul"))
        return surql_value_string_len("a\0b", 3);
    if (!strcmp(n, "string_recordlike"))
        return surql_value_string("person:tobie");
    if (!strcmp(n, "string_datelike"))
        return surql_value_string("2023-11-14T22:13:20Z");
    if (!strcmp(n, "bytes"))
        return surql_value_bytes(bytes, sizeof bytes);
    if (!strcmp(n, "bytes_empty"))
        return surql_value_bytes(NULL, 0);
    if (!strcmp(n, "datetime"))
        return surql_value_datetime(1700000000, 123456789u);
    if (!strcmp(n, "datetime_pre_epoch"))
        return surql_value_datetime(-1, 999999999u);
    if (!strcmp(n, "duration"))
        return surql_value_duration(5400, 0);
    if (!strcmp(n, "duration_nanos"))
        return surql_value_duration(1, 500);
    if (!strcmp(n, "duration_zero"))
        return surql_value_duration(0, 0);
    if (!strcmp(n, "uuid"))
        return surql_value_uuid_parse(UUID_TEXT);
    if (!strcmp(n, "rid_string"))
        return surql_value_record_take("person", surql_value_string("tobie"));
    if (!strcmp(n, "rid_int"))
        return surql_value_record_take("t", surql_value_int(42));
    if (!strcmp(n, "rid_uuid"))
        return surql_value_record_take("t", surql_value_uuid_parse(UUID_TEXT));
    if (!strcmp(n, "table"))
        return surql_value_table("person");
    if (!strcmp(n, "point"))
        return surql_value_point(1.5, -2.0);
    if (!strcmp(n, "range"))
        return range_int(1, 1, 5, 0);
    if (!strcmp(n, "range_incl"))
        return range_int(1, 1, 5, 1);
    if (!strcmp(n, "range_excl_lo"))
        return range_int(1, 0, 5, 0);
    if (!strcmp(n, "range_open"))
        return surql_value_range(NULL, 0, NULL, 0);
    if (!strcmp(n, "range_string"))
        return surql_value_range_take(surql_value_string("a"), 1, surql_value_string("m"), 0);
    if (!strcmp(n, "set")) {
        surql_value *s = surql_value_set();
        if (s && (surql_value_set_add_take(s, surql_value_int(3)) ||
                  surql_value_set_add_take(s, surql_value_int(1)) ||
                  surql_value_set_add_take(s, surql_value_int(2))))
            s = surql_value_unref(s);
        return s;
    }
    st_fail(__FILE__, __LINE__, "no builder for field %s", n);
    return NULL;
}

static surql_value *build(const field *f)
{
    surql_value *v = f->literal ? lit(f->literal) : build_special(f->name);
    if (!v && !st_failed_now())
        st_fail(__FILE__, __LINE__, "building %s: %s", f->name, ERRMSG());
    return v;
}

/* SurrealQL text of @p v for messages (into @p buf). */
static const char *show(const surql_value *v, char *buf, size_t cap)
{
    surql_buf b = SURQL_BUF_INIT;
    if (!v)
        snprintf(buf, cap, "(absent)");
    else if (surql_value_to_surql(v, &b, 0) != 0)
        snprintf(buf, cap, "<%s>", surql_value_type_name(surql_value_type_of(v)));
    else
        snprintf(buf, cap, "%s %s", surql_value_type_name(surql_value_type_of(v)),
                 surql_buf_cstr(&b));
    surql_buf_dispose(&b);
    return buf;
}

typedef struct ctx {
    const char *engine;
    int v2;
    st_server s;
    int started;
    surql_conn_config *cfg;
    surql_conn_client *c;
    char ns[64], db[64];
} ctx;

static int open_client(ctx *x)
{
    if (surql_conn_config_new(&x->cfg) || surql_conn_config_set_url(x->cfg, x->s.ws_url) ||
        surql_conn_config_set_namespace(x->cfg, x->ns) ||
        surql_conn_config_set_database(x->cfg, x->db) ||
        surql_conn_config_set_username(x->cfg, x->s.user) ||
        surql_conn_config_set_password(x->cfg, x->s.pass) ||
        surql_conn_config_set_timeout_ms(x->cfg, 20000))
        return st_fail(__FILE__, __LINE__, "config: %s", ERRMSG()) - 1;
    int rc = surql_conn_client_open(&x->c, x->cfg, NULL);
    if (rc != 0)
        return st_fail(__FILE__, __LINE__, "open %s: %s: %s", x->s.ws_url,
                       surql_conn_status_name(rc), ERRMSG()) - 1;
    return 0;
}

static int skip_field(const ctx *x, const field *f)
{
    return x->v2 && f->v3_only;
}

/* What the 3.0.2 engine stores when record content arrives through the CRUD
 * RPC methods (create, insert, update, upsert, merge) rather than as a
 * `query` variable: integer ranges lose an excluded lower bound, an
 * unbounded range gets NONE bounds, sets become arrays. The same CBOR bytes
 * sent as a `query` variable are stored intact, and 2.6.0 stores them intact
 * either way. (The JS SDK 2.x sends every CRUD call as a `query`.) */
typedef struct crud_quirk {
    const char *name, *stored;
} crud_quirk;

static const crud_quirk CRUD_QUIRKS_V3[] = {
    { "range_excl_lo", "1..5" },
    { "range_open", "NONE..NONE" },
    { "set", "[1, 2, 3]" },
};

/* The all-types record. */
static surql_value *c_record(const ctx *x)
{
    surql_value *rec = surql_value_object();
    for (size_t i = 0; rec && i < sizeof FIELDS / sizeof FIELDS[0]; i++) {
        if (skip_field(x, &FIELDS[i]))
            continue;
        surql_value *v = build(&FIELDS[i]);
        if (!v || surql_value_object_set_take(rec, FIELDS[i].name, v) != 0)
            return surql_value_unref(rec);
    }
    if (rec && surql_value_object_set_take(rec, "none_v", surql_value_none()) != 0)
        return surql_value_unref(rec);
    if (!rec && !st_failed_now())
        st_fail(__FILE__, __LINE__, "building the record: %s", ERRMSG());
    return rec;
}

/* Select @p id and compare it with @p rec field by field. @p quirks (n of
 * them) are documented differences: a field may come back as written or as
 * its quirk. Returns 0 or -1 (failures recorded). */
static int compare_stored(ctx *x, const char *what, const surql_value *id,
                          const surql_value *rec, const crud_quirk *quirks, size_t nquirks)
{
    surql_value *got = NULL;
    int r = surql_conn_select(&got, x->c, id);
    if (r != 0 || surql_value_type_of(got) != SURQL_VALUE_OBJECT) {
        st_fail(__FILE__, __LINE__, "%s: select after %s: %s: %s", x->engine, what,
                surql_conn_status_name(r), r ? ERRMSG() : "not an object");
        surql_value_unref(got);
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; i < surql_value_length(rec); i++) {
        const char *name = NULL;
        const surql_value *want = NULL;
        surql_value_object_at(rec, i, &name, NULL, &want);
        const surql_value *have = surql_value_object_get(got, name);
        if (surql_value_is_none(want)) {
            if (have && !surql_value_is_none(have)) {
                st_fail(__FILE__, __LINE__, "%s: %s: %s (NONE) was stored", x->engine, what, name);
                rc = -1;
            }
            continue;
        }
        if (have && surql_value_equal(have, want))
            continue;
        const char *quirk = NULL;
        for (size_t q = 0; q < nquirks; q++)
            if (!strcmp(quirks[q].name, name))
                quirk = quirks[q].stored;
        char a[512], b[512];
        surql_value *qv = quirk ? lit(quirk) : NULL;
        if (qv && have && surql_value_equal(have, qv)) {
            st_note("%s: %s: known engine behaviour: %s written as %s is stored as %s", x->engine,
                    what, name, show(want, a, sizeof a), show(have, b, sizeof b));
        } else {
            st_fail(__FILE__, __LINE__, "%s: %s: %s: wrote %s, read %s", x->engine, what, name,
                    show(want, a, sizeof a), show(have, b, sizeof b));
            rc = -1;
        }
        surql_value_unref(qv);
    }
    surql_value_unref(got);
    return rc;
}

/* Write interop:from_c (as a `query` variable, as the JS SDK writes) and
 * read it back through the C client (our own round trip, so a mismatch
 * later is the SDK's view, not the server's storage). Then the same record
 * through the `create` RPC as interop:from_c_rpc (see CRUD_QUIRKS_V3). */
static int write_c_record(ctx *x)
{
    surql_value *rec = c_record(x), *vars = surql_value_object(), *res = NULL;
    surql_value *id = surql_value_record_take("interop", surql_value_string("from_c"));
    surql_value *id_rpc = surql_value_record_take("interop", surql_value_string("from_c_rpc"));
    int rc = -1, r;
    if (!rec || !vars || !id || !id_rpc || surql_value_object_set(vars, "id", id) != 0 ||
        surql_value_object_set(vars, "data", rec) != 0) {
        st_fail(__FILE__, __LINE__, "alloc: %s", ERRMSG());
        goto out;
    }
    r = surql_conn_query_checked(&res, x->c, "CREATE $id CONTENT $data RETURN NONE", vars);
    if (r != 0) {
        st_fail(__FILE__, __LINE__, "%s: CREATE interop:from_c: %s: %s", x->engine,
                surql_conn_status_name(r), ERRMSG());
        goto out;
    }
    if (compare_stored(x, "CREATE $id CONTENT $data", id, rec, NULL, 0) != 0)
        goto out;
    r = surql_conn_create(NULL, x->c, id_rpc, rec);
    if (r != 0) {
        st_fail(__FILE__, __LINE__, "%s: create interop:from_c_rpc: %s: %s", x->engine,
                surql_conn_status_name(r), ERRMSG());
        goto out;
    }
    rc = compare_stored(x, "the create RPC", id_rpc, rec, CRUD_QUIRKS_V3,
                        x->v2 ? 0 : sizeof CRUD_QUIRKS_V3 / sizeof CRUD_QUIRKS_V3[0]);
out:
    surql_value_unref(res);
    surql_value_unref(id_rpc);
    surql_value_unref(id);
    surql_value_unref(vars);
    surql_value_unref(rec);
    return rc;
}

/* Run js-check.mjs; relay its lines as notes, each FAIL line as a failure. */
static int run_js(ctx *x, int *ok_out, int *known_out)
{
    const char *src = getenv("SURQL_SOURCE_DIR");
    const char *node = getenv("SURQL_NODE");
    if (!src || !*src)
        return st_fail(__FILE__, __LINE__, "SURQL_SOURCE_DIR is not set (run through ctest)") - 1;
    if (!node || !*node)
        node = "node";
    char script[4096];
    int n = snprintf(script, sizeof script, "%s/tests/interop/js-check.mjs", src);
    if (n < 0 || (size_t)n >= sizeof script)
        return st_fail(__FILE__, __LINE__, "source path too long") - 1;
    int fds[2];
    if (pipe(fds) != 0)
        return st_fail(__FILE__, __LINE__, "pipe: %s", strerror(errno)) - 1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addclose(&fa, fds[1]);
    char node_arg[1024], engine_arg[8];
    snprintf(node_arg, sizeof node_arg, "%s", node);
    snprintf(engine_arg, sizeof engine_arg, "%s", x->engine);
    char *argv[] = { node_arg, script, x->s.ws_url, x->ns, x->db, engine_arg, NULL };
    pid_t pid;
    int err = posix_spawnp(&pid, node, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (err != 0) {
        close(fds[0]);
        return st_fail(__FILE__, __LINE__, "spawn %s: %s", node, strerror(err)) - 1;
    }
    surql_buf out = SURQL_BUF_INIT;
    char chunk[4096];
    ssize_t r;
    while ((r = read(fds[0], chunk, sizeof chunk)) != 0) {
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0 || surql_buf_put(&out, chunk, (size_t)r) != 0)
            break;
    }
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    int rc = 0, summary = 0;
    const char *p = surql_buf_cstr(&out);
    while (p && *p) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        st_note("js %s: %.*s", x->engine, (int)len, p);
        if (len >= 5 && !strncmp(p, "FAIL ", 5)) {
            st_fail(__FILE__, __LINE__, "%s: JS SDK reading the C record: %.*s", x->engine,
                    (int)len, p);
            rc = -1;
        } else if (len >= 3 && !strncmp(p, "ok ", 3)) {
            (*ok_out)++;
        } else if (len >= 6 && !strncmp(p, "known ", 6)) {
            (*known_out)++;
        } else if (len >= 8 && !strncmp(p, "summary ", 8)) {
            summary = 1;
        }
        p = e ? e + 1 : p + len;
    }
    surql_buf_dispose(&out);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        st_fail(__FILE__, __LINE__, "%s: js-check.mjs exited with %d", x->engine,
                WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
        rc = -1;
    } else if (!summary) {
        st_fail(__FILE__, __LINE__, "%s: js-check.mjs printed no summary", x->engine);
        rc = -1;
    }
    return rc;
}

/* Compare one field of the JS record; returns 1 ok, 2 documented, 0 failed. */
static int check_js_field(ctx *x, const surql_value *rec, const field *f)
{
    const surql_value *have = surql_value_object_get(rec, f->name);
    surql_value *want = build(f);
    char a[512], b[512];
    int res = 0;
    if (!want)
        return 0;
    if (have && surql_value_equal(have, want)) {
        res = 1;
    } else if (f->js_got && !strcmp(f->js_got, "(absent)")) {
        if (!have) {
            st_note("%s: known %s: the JS SDK could not write %s: %s", x->engine, f->name,
                    show(want, a, sizeof a), f->js_why);
            res = 2;
        }
    } else if (f->js_got) {
        surql_value *doc = lit(f->js_got);
        if (doc && have && surql_value_equal(have, doc)) {
            st_note("%s: known %s: the JS SDK wrote %s, which arrives as %s: %s", x->engine,
                    f->name, show(want, a, sizeof a), show(have, b, sizeof b), f->js_why);
            res = 2;
        }
        surql_value_unref(doc);
    }
    if (!res)
        st_fail(__FILE__, __LINE__, "%s: field %s written by the JS SDK: expected %s, read %s",
                x->engine, f->name, show(want, a, sizeof a), show(have, b, sizeof b));
    surql_value_unref(want);
    return res;
}

static int read_js_record(ctx *x, int *ok, int *known)
{
    surql_value *id = surql_value_record_take("interop", surql_value_string("from_js"));
    surql_value *got = NULL;
    int rc = surql_conn_select(&got, x->c, id);
    if (rc != 0 || surql_value_type_of(got) != SURQL_VALUE_OBJECT) {
        st_fail(__FILE__, __LINE__, "%s: select interop:from_js: %s: %s", x->engine,
                surql_conn_status_name(rc), rc ? ERRMSG() : "not an object");
        surql_value_unref(got);
        surql_value_unref(id);
        return -1;
    }
    int failed = 0;
    size_t expected_fields = 1; /* id */
    for (size_t i = 0; i < sizeof FIELDS / sizeof FIELDS[0]; i++) {
        if (skip_field(x, &FIELDS[i]))
            continue;
        int r = check_js_field(x, got, &FIELDS[i]);
        expected_fields += surql_value_object_get(got, FIELDS[i].name) != NULL;
        *ok += r == 1;
        *known += r == 2;
        failed += r == 0;
    }
    for (size_t i = 0; i < sizeof JS_ONLY / sizeof JS_ONLY[0]; i++) {
        expected_fields++;
        int r = check_js_field(x, got, &JS_ONLY[i]);
        *ok += r == 1;
        failed += r == 0;
    }
    const surql_value *rid = surql_value_object_get(got, "id");
    if (!rid || !surql_value_equal(rid, id)) {
        st_fail(__FILE__, __LINE__, "%s: interop:from_js has another id", x->engine);
        failed++;
    }
    const surql_value *none = surql_value_object_get(got, "none_v");
    if (none && !surql_value_is_none(none)) {
        char a[256];
        st_fail(__FILE__, __LINE__, "%s: none_v (undefined in JS) was stored as %s", x->engine,
                show(none, a, sizeof a));
        failed++;
    } else {
        (*ok)++;
    }
    if (surql_value_length(got) != expected_fields) {
        st_fail(__FILE__, __LINE__, "%s: interop:from_js has %zu fields, expected %zu", x->engine,
                surql_value_length(got), expected_fields);
        failed++;
    }
    surql_value_unref(got);
    surql_value_unref(id);
    return failed ? -1 : 0;
}

static void js_types(const char *engine)
{
    ctx x;
    memset(&x, 0, sizeof x);
    x.engine = engine;
    x.v2 = !strcmp(engine, "v2");
    if (surql_conn_global_init() < 1) {
        st_fail(__FILE__, __LINE__, "global init: %s", ERRMSG());
        return;
    }
    int js_ok = 0, js_known = 0, c_ok = 0, c_known = 0;
    if (st_server_start(&x.s, engine, NULL) != 0)
        goto out;
    x.started = 1;
    snprintf(x.ns, sizeof x.ns, "%s", st_unique_name("interop"));
    snprintf(x.db, sizeof x.db, "%s", st_unique_name("db"));
    if (open_client(&x) != 0 || write_c_record(&x) != 0)
        goto out;
    if (run_js(&x, &js_ok, &js_known) != 0)
        goto out;
    if (read_js_record(&x, &c_ok, &c_known) != 0)
        goto out;
    st_note("%s (%s): JS side (reading the C record, writing its own): %d ok, %d documented "
            "SDK limitations; C reading the JS record: %d ok, %d documented SDK limitations",
            engine, x.s.version, js_ok, js_known, c_ok, c_known);
out:
    surql_conn_client_free(x.c);
    surql_conn_config_free(x.cfg);
    if (x.started)
        st_server_stop(&x.s);
    surql_conn_global_shutdown();
}

ST_TEST(js_types_v3)
{
    js_types("v3");
}

ST_TEST(js_types_v2)
{
    js_types("v2");
}

ST_MAIN(ST_CASE(js_types_v3), ST_CASE(js_types_v2))
