/* The RPC client against the real engines of the dev server (v3 and v2):
 * open and version probe, every RPC method, errors surfaced intact, HTTP
 * and JSON modes, deadlines, bad input (malformed URLs, unreachable hosts,
 * a server stopped mid-request, a client closed from another thread). */
#include "client-fixture.h"

#include <pthread.h>
#include <signal.h>
#include <time.h>

#include <surql/query/result.h>

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* result of statement @p i of a query response (borrowed) */
static const surql_value *stmt_result(const surql_value *resp, size_t i)
{
    const surql_value *r = NULL;
    if (surql_query_result_at(resp, i, &r) != SURQL_OK)
        return NULL;
    return r;
}

/* ------------------------------------------------------------------------ */

static void open_version(const char *engine)
{
    fx f;
    if (fx_setup(&f, engine) != 0) {
        fx_teardown(&f);
        return;
    }
    int d = surql_conn_client_dialect(f.c);
    char ver[64];
    snprintf(ver, sizeof ver, "%s", surql_conn_client_server_version(f.c));
    int ws = surql_conn_client_is_websocket(f.c);
    int proto = surql_conn_client_protocol(f.c);
    int open = surql_conn_client_is_open(f.c);
    surql_value *v = NULL;
    int rc = surql_conn_server_version(&v, f.c);
    int rp = surql_conn_ping(f.c);
    fx_teardown(&f);
    ST_EQ_INT(d, !strcmp(engine, "v2") ? 2 : 3);
    ST_EQ_STR(ver, f.s.version);
    ST_EQ_INT(ws, 1);
    ST_EQ_INT(proto, SURQL_CONN_PROTOCOL_CBOR);
    ST_EQ_INT(open, 1);
    ST_OK(rc);
    ST_OK(rp);
    const char *s = NULL;
    ST_OK(surql_value_get_string(v, &s, NULL));
    ST_EQ_STR(s, ver);
    surql_value_unref(v);
}

ST_TEST(open_version_v3) { open_version("v3"); }
ST_TEST(open_version_v2) { open_version("v2"); }

/* ------------------------------------------------------------------------ */
/* every RPC method                                                           */

static void methods(fx *f)
{
    surql_conn_client *c = f->c;
    int v3 = surql_conn_client_dialect(c) == 3;
    surql_value *r = NULL;

    /* use: 2.x NONE, 3.x {namespace, database} */
    ST_OK(surql_conn_use(&r, c, f->ns, f->db));
    if (v3) {
        const char *ns = NULL;
        ST_OK(surql_value_get_string(surql_value_object_get(r, "namespace"), &ns, NULL));
        ST_EQ_STR(ns, f->ns);
    } else {
        ST_CHECK(surql_value_is_nullish(r));
    }
    r = surql_value_unref(r);

    /* let / query with session and call variables / unset */
    surql_value *ten = surql_value_int(10);
    ST_OK(surql_conn_let(c, "base", ten));
    surql_value *vars = fx_v("{\"add\": 5}");
    r = fx_q(c, "RETURN $base + $add", vars);
    ST_BAIL_IF_FAILED();
    int64_t n = 0;
    ST_OK(surql_value_get_int(stmt_result(r, 0), &n));
    ST_EQ_INT(n, 15);
    r = surql_value_unref(r);
    ST_OK(surql_conn_unset(c, "base"));
    r = fx_q(c, "RETURN $base", NULL);
    ST_BAIL_IF_FAILED();
    ST_CHECK(surql_value_is_nullish(stmt_result(r, 0)));
    r = surql_value_unref(r);
    surql_value_unref(ten);
    surql_value_unref(vars);

    /* create (table and record id) */
    surql_value *person = surql_value_table("person");
    surql_value *tobie = surql_value_record_parse("person:tobie");
    surql_value *d1 = fx_v("{\"name\": \"Tobie\", \"age\": 30}");
    ST_OK(surql_conn_create(&r, c, tobie, d1));
    ST_EQ_INT(surql_value_type_of(r), SURQL_VALUE_OBJECT);
    FX_EQ_VALUE(surql_value_object_get(r, "id"), tobie);
    r = surql_value_unref(r);
    surql_value *d2 = fx_v("{\"name\": \"Jaime\", \"age\": 25}");
    surql_value *person_s = surql_value_string("person"); /* a string is a table name */
    ST_OK(surql_conn_create(&r, c, person_s, d2));
    surql_value_unref(person_s);
    ST_EQ_INT(surql_value_type_of(surql_value_object_get(r, "id")), SURQL_VALUE_RECORD);
    r = surql_value_unref(r);

    /* select: table (array) and record (object) */
    ST_OK(surql_conn_select(&r, c, person));
    ST_EQ_INT(surql_value_length(r), 2);
    r = surql_value_unref(r);
    ST_OK(surql_conn_select(&r, c, tobie));
    int64_t age = 0;
    if (surql_value_type_of(r) == SURQL_VALUE_ARRAY) /* some versions answer [record] */
        ST_OK(surql_value_get_int(surql_value_object_get(surql_value_array_at(r, 0), "age"), &age));
    else
        ST_OK(surql_value_get_int(surql_value_object_get(r, "age"), &age));
    ST_EQ_INT(age, 30);
    r = surql_value_unref(r);

    /* insert (array) and insert_relation */
    surql_value *rows = fx_v("[{\"id\": 1, \"name\": \"a\"}, {\"id\": 2, \"name\": \"b\"}]");
    surql_value *thing = surql_value_table("thing");
    ST_OK(surql_conn_insert(&r, c, thing, rows));
    ST_EQ_INT(surql_value_type_of(r), SURQL_VALUE_ARRAY);
    ST_EQ_INT(surql_value_length(r), 2);
    r = surql_value_unref(r);
    surql_value *edge = fx_v("{\"in\": {\"$record\": {\"tb\": \"person\", \"id\": \"tobie\"}},"
                             " \"out\": {\"$record\": {\"tb\": \"thing\", \"id\": 1}}, \"w\": 7}");
    surql_value *owns = surql_value_table("owns");
    ST_OK(surql_conn_insert_relation(&r, c, owns, edge));
    ST_EQ_INT(surql_value_length(r), 1);
    r = surql_value_unref(r);

    /* update / merge / upsert / patch */
    surql_value *d3 = fx_v("{\"name\": \"Tobie M\", \"age\": 31}");
    ST_OK(surql_conn_update(&r, c, tobie, d3));
    FX_EQ_VALUE(surql_value_object_get(r, "age"), surql_value_object_get(d3, "age"));
    r = surql_value_unref(r);
    surql_value *d4 = fx_v("{\"city\": \"London\"}");
    ST_OK(surql_conn_merge(&r, c, tobie, d4));
    ST_CHECK(surql_value_object_get(r, "city") != NULL);
    ST_CHECK(surql_value_object_get(r, "age") != NULL);
    r = surql_value_unref(r);
    surql_value *newp = surql_value_record_parse("person:new");
    ST_OK(surql_conn_upsert(&r, c, newp, d4));
    FX_EQ_VALUE(surql_value_object_get(r, "id"), newp);
    r = surql_value_unref(r);
    surql_value *patch = fx_v("[{\"op\": \"replace\", \"path\": \"/city\", \"value\": \"Paris\"}]");
    ST_OK(surql_conn_patch(&r, c, tobie, patch, 0));
    const char *city = NULL;
    const surql_value *pr = surql_value_type_of(r) == SURQL_VALUE_ARRAY ? surql_value_array_at(r, 0) : r;
    ST_OK(surql_value_get_string(surql_value_object_get(pr, "city"), &city, NULL));
    ST_EQ_STR(city, "Paris");
    r = surql_value_unref(r);

    /* relate */
    surql_value *likes = surql_value_table("likes");
    surql_value *t2 = surql_value_record_parse("thing:2");
    surql_value *d5 = fx_v("{\"since\": 2020}");
    ST_OK(surql_conn_relate(&r, c, tobie, likes, t2, d5));
    const surql_value *rel = surql_value_type_of(r) == SURQL_VALUE_ARRAY ? surql_value_array_at(r, 0) : r;
    FX_EQ_VALUE(surql_value_object_get(rel, "in"), tobie);
    FX_EQ_VALUE(surql_value_object_get(rel, "out"), t2);
    r = surql_value_unref(r);
    r = fx_q(c, "SELECT ->likes->thing AS l FROM ONLY person:tobie", NULL);
    ST_BAIL_IF_FAILED();
    ST_EQ_INT(surql_value_length(surql_value_object_get(stmt_result(r, 0), "l")), 1);
    r = surql_value_unref(r);

    /* run: a built-in and a custom function */
    surql_value *args = fx_v("[\"hello\"]");
    ST_OK(surql_conn_run(&r, c, "string::len", NULL, args));
    ST_OK(surql_value_get_int(r, &n));
    ST_EQ_INT(n, 5);
    r = surql_value_unref(r);
    r = fx_q(c, "DEFINE FUNCTION fn::greet($n: string) { RETURN 'Hi ' + $n; }", NULL);
    ST_BAIL_IF_FAILED();
    r = surql_value_unref(r);
    ST_OK(surql_conn_run(&r, c, "fn::greet", NULL, args));
    const char *hi = NULL;
    ST_OK(surql_value_get_string(r, &hi, NULL));
    ST_EQ_STR(hi, "Hi hello");
    r = surql_value_unref(r);

    /* delete */
    ST_OK(surql_conn_delete(&r, c, newp));
    r = surql_value_unref(r);
    ST_OK(surql_conn_select(&r, c, newp));
    ST_CHECK(surql_value_is_nullish(r) || surql_value_length(r) == 0);
    r = surql_value_unref(r);

    /* info as root: NONE (no record user) */
    ST_OK(surql_conn_info(&r, c));
    r = surql_value_unref(r);

    surql_value *objs[] = { person, tobie, d1, d2, rows, thing, edge, owns, d3, d4, newp,
                            patch, likes, t2, d5, args };
    for (size_t i = 0; i < sizeof objs / sizeof *objs; i++)
        surql_value_unref(objs[i]);
}

static void methods_on(const char *engine, const char *transport, surql_conn_protocol proto)
{
    fx_run(engine, transport, proto, NULL, methods);
}

ST_TEST(methods_v3) { methods_on("v3", "ws", SURQL_CONN_PROTOCOL_CBOR); }
ST_TEST(methods_v2) { methods_on("v2", "ws", SURQL_CONN_PROTOCOL_CBOR); }
ST_TEST(methods_http_v3) { methods_on("v3", "http", SURQL_CONN_PROTOCOL_CBOR); }
ST_TEST(methods_http_v2) { methods_on("v2", "http", SURQL_CONN_PROTOCOL_CBOR); }

/* JSON mode: the same calls work; typed values come back as strings */
static void json_mode(const char *engine, const char *transport)
{
    fx f;
    if (fx_setup_ex(&f, engine, transport, SURQL_CONN_PROTOCOL_JSON, NULL) != 0) {
        fx_teardown(&f);
        return;
    }
    int proto = surql_conn_client_protocol(f.c);
    surql_value *tobie = surql_value_record_parse("person:tobie");
    surql_value *d = fx_v("{\"n\": 1, \"when\": {\"$datetime\": \"2024-01-02T03:04:05Z\"}}");
    surql_value *r = NULL, *r2 = NULL;
    int rc1 = surql_conn_create(&r, f.c, tobie, d);
    /* the record id went out as the string "person:tobie"; the server reparsed it */
    int rc2 = surql_conn_query(&r2, f.c, "RETURN type::is_record($x) OR type::is::record($x)",
                               NULL);
    surql_value *vars = fx_v("{\"x\": \"person:tobie\"}");
    surql_value *r3 = NULL;
    int rc3 = surql_conn_query(&r3, f.c, "SELECT * FROM $x", vars);
    char err[512];
    snprintf(err, sizeof err, "%s", fx_msg());
    fx_teardown(&f);
    ST_EQ_INT(proto, SURQL_CONN_PROTOCOL_JSON);
    ST_CHECKF(rc1 == 0, "create: %d %s", rc1, err);
    (void)rc2;
    /* a JSON string that looks like a record id is read as one by the server */
    ST_CHECKF(rc3 == 0, "query: %s", err);
    ST_EQ_INT(surql_value_length(stmt_result(r3, 0)), 1);
    /* ids come back as strings in JSON mode (lossy) */
    const char *ids = NULL;
    ST_OK(surql_value_get_string(surql_value_object_get(r, "id"), &ids, NULL));
    ST_EQ_STR(ids, "person:tobie");
    surql_value_unref(r);
    surql_value_unref(r2);
    surql_value_unref(r3);
    surql_value_unref(vars);
    surql_value_unref(tobie);
    surql_value_unref(d);
}

ST_TEST(json_mode_v3) { json_mode("v3", "ws"); }
ST_TEST(json_mode_v2) { json_mode("v2", "ws"); }
ST_TEST(json_mode_http_v3) { json_mode("v3", "http"); }

/* ------------------------------------------------------------------------ */
/* errors                                                                     */

static void errors_body(fx *fp)
{
    fx f = *fp;
    int v3 = surql_conn_client_dialect(f.c) == 3;
    surql_value *r = NULL;
    /* unknown method: server error with the server's code and message */
    int rc = surql_conn_client_call(&r, f.c, "no_such_method", NULL, NULL);
    const surql_error *e = surql_error_last();
    ST_EQ_INT(rc, SURQL_CONN_ESERVER);
    ST_EQ_INT(e->server_code, -32601);
    ST_EQ_STR(e->message, "Method not found");
    ST_EQ_STR(e->server_kind, "NotFound");
    ST_CHECK(r == NULL);

    /* a query that does not parse fails the whole call */
    rc = surql_conn_query(&r, f.c, "RETURN (;", NULL);
    ST_EQ_INT(rc, SURQL_CONN_EQUERY);
    ST_EQ_INT(surql_error_last()->server_code, -32000);
    ST_CHECK(strstr(surql_error_last()->message, "arse") != NULL);
    st_note("parse error: kind %s: %s", surql_error_last()->server_kind,
            surql_error_last()->message);
    ST_EQ_STR(surql_error_last()->server_kind, "Validation");

    /* a failing statement: query succeeds, the checked form fails */
    rc = surql_conn_query(&r, f.c, "RETURN 1; THROW 'boom'; RETURN 3", NULL);
    ST_OK(rc);
    ST_EQ_INT(surql_query_result_count(r), 3);
    ST_ERR(surql_conn_query_check(r), SURQL_CONN_EQUERY);
    ST_CHECK(strstr(surql_error_last()->message, "statement 1") != NULL);
    ST_CHECK(strstr(surql_error_last()->message, "boom") != NULL);
    if (v3)
        ST_EQ_STR(surql_error_last()->server_kind, "Thrown");
    r = surql_value_unref(r);
    ST_ERR(surql_conn_query_checked(&r, f.c, "THROW 'x'", NULL), SURQL_CONN_EQUERY);
    ST_CHECK(r == NULL);

    /* invalid params (the codes differ by version, the kind says it) */
    surql_value *p = fx_v("[1, 2, 3, 4, 5]");
    rc = surql_conn_client_call(&r, f.c, "ping", p, NULL);
    st_note("ping with params: rc %d code %ld kind %s: %s", rc, surql_error_last()->server_code,
            surql_error_last()->server_kind, surql_error_last()->message);
    surql_value_unref(r);
    r = NULL;
    rc = surql_conn_client_call(&r, f.c, "version", p, NULL);
    ST_EQ_INT(rc, SURQL_CONN_ESERVER);
    ST_EQ_INT(surql_error_last()->server_code, v3 ? -32603 : -32602);
    ST_EQ_STR(surql_error_last()->server_kind, "Validation");
    surql_value_unref(p);

    /* v3-only methods on 2.x are refused locally */
    if (!v3) {
        surql_value *t = fx_v("{\"access\": \"a\", \"refresh\": \"b\"}");
        ST_ERR(surql_conn_refresh(&r, f.c, t), SURQL_EUNSUPPORTED);
        surql_value_unref(t);
    }
    /* bad arguments */
    ST_ERR(surql_conn_query(&r, f.c, NULL, NULL), SURQL_EINVAL);
    surql_value *notobj = surql_value_int(1);
    ST_ERR(surql_conn_query(&r, f.c, "RETURN 1", notobj), SURQL_EINVAL);
    surql_value_unref(notobj);
    ST_ERR(surql_conn_select(&r, NULL, NULL), SURQL_EINVAL);
    /* still usable */
    ST_OK(surql_conn_ping(f.c));
}

ST_TEST(errors_v3) { fx_run("v3", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, errors_body); }
ST_TEST(errors_v2) { fx_run("v2", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, errors_body); }

/* ------------------------------------------------------------------------ */
/* deadlines                                                                  */

static void deadline_body(fx *fp)
{
    fx f = *fp;
    surql_value *r = NULL;
    surql_conn_call_options o = SURQL_CONN_CALL_OPTIONS_INIT;
    o.timeout_ms = 300;
    surql_value *p = fx_v("[\"SLEEP 10s; RETURN 1\"]");
    int64_t t0 = now_ms();
    int rc = surql_conn_client_call(&r, f.c, "query", p, &o);
    int64_t dt = now_ms() - t0;
    surql_value_unref(p);
    ST_EQ_INT(rc, SURQL_ETIMEOUT);
    /* upper bound: well before the 10 s statement ends, loose enough for valgrind */
    ST_CHECKF(dt >= 250 && dt < 8000, "timed out after %lld ms", (long long)dt);
    ST_CHECK(strstr(fx_msg(), "no response before the deadline") != NULL);
    /* the handle's default deadline */
    ST_OK(surql_conn_client_set_timeout_ms(f.c, 200));
    ST_EQ_INT(surql_conn_client_get_timeout_ms(f.c), 200);
    ST_ERR(surql_conn_query(&r, f.c, "SLEEP 1s", NULL), SURQL_ETIMEOUT);
    ST_OK(surql_conn_client_set_timeout_ms(f.c, 0));
    ST_EQ_INT(surql_conn_client_get_timeout_ms(f.c), 20000);
    /* the late responses are dropped; the connection still works */
    fx_sleep_ms(1500);
    ST_OK(surql_conn_ping(f.c));
    r = fx_q(f.c, "RETURN 42", NULL);
    ST_BAIL_IF_FAILED();
    int64_t n = 0;
    ST_OK(surql_value_get_int(stmt_result(r, 0), &n));
    ST_EQ_INT(n, 42);
    surql_value_unref(r);
}

ST_TEST(deadline_v3) { fx_run("v3", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, deadline_body); }
ST_TEST(deadline_v2) { fx_run("v2", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, deadline_body); }

/* ------------------------------------------------------------------------ */
/* bad input                                                                  */

ST_TEST(bad_urls)
{
    surql_conn_config *cfg = NULL;
    ST_OK(surql_conn_config_new(&cfg));
    const char *bad[] = { "ftp://h:8000", "ws://", "ws://h:99999", "ws://user:pw@h/rpc",
                          "ws://h/rpc?x=1", "not a url", "ws://h o/rpc" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int rc = surql_conn_config_set_url(cfg, bad[i]);
        ST_CHECKF(rc == SURQL_CONN_EURL, "%s: %d", bad[i], rc);
    }
    surql_conn_config_free(cfg);
    /* NULL arguments and no global init */
    surql_conn_client *c = (surql_conn_client *)1;
    ST_ERR(surql_conn_client_open(&c, NULL, NULL), SURQL_EINVAL);
    ST_CHECK(c == NULL);
    ST_OK(surql_conn_config_new(&cfg));
    ST_ERR(surql_conn_client_open(&c, cfg, NULL), SURQL_ESTATE);
    surql_conn_client_options o = SURQL_CONN_CLIENT_OPTIONS_INIT;
    o.version = 0;
    ST_ERR(surql_conn_client_open(&c, cfg, &o), SURQL_EINVAL);
    surql_conn_config_free(cfg);
    surql_conn_client_free(NULL);
    surql_conn_client_close(NULL);
}

static void unreachable(const char *url, int want)
{
    ST_CHECK(surql_conn_global_init() >= 1);
    surql_conn_config *cfg = NULL;
    ST_OK(surql_conn_config_new(&cfg));
    ST_OK(surql_conn_config_set_url(cfg, url));
    ST_OK(surql_conn_config_set_timeout_ms(cfg, 1000));
    ST_OK(surql_conn_config_set_retry_max_attempts(cfg, 2));
    ST_OK(surql_conn_config_set_retry_min_wait_ms(cfg, 100));
    surql_conn_client *c = NULL;
    int64_t t0 = now_ms();
    int rc = surql_conn_client_open(&c, cfg, NULL);
    int64_t dt = now_ms() - t0;
    st_note("%s: %s (%lld ms): %s", url, surql_conn_status_name(rc), (long long)dt, fx_msg());
    surql_conn_config_free(cfg);
    surql_conn_global_shutdown();
    ST_EQ_INT(rc, want);
    ST_CHECK(c == NULL);
    /* a hang check, not a timing one: 2 attempts of 1 s each plus backoff
     * take about 2.2 s; the bound leaves room for valgrind on a loaded machine */
    ST_CHECK(dt < 20000);
}

ST_TEST(unreachable_ws) { unreachable("ws://127.0.0.1:1/rpc", SURQL_CONN_ECONNECT); }
ST_TEST(unreachable_http) { unreachable("http://127.0.0.1:1", SURQL_CONN_ECONNECT); }
ST_TEST(unresolvable_host) { unreachable("ws://no-such-host.invalid:8000/rpc", SURQL_CONN_ECONNECT); }

typedef struct slow_call {
    surql_conn_client *c;
    const char *sql;
    int rc;
    char msg[512];
    int64_t ms;
} slow_call;

static void *slow_main(void *arg)
{
    slow_call *s = arg;
    surql_value *r = NULL;
    int64_t t0 = now_ms();
    s->rc = surql_conn_query(&r, s->c, s->sql, NULL);
    s->ms = now_ms() - t0;
    snprintf(s->msg, sizeof s->msg, "%s", fx_msg());
    surql_value_unref(r);
    return NULL;
}

/* the server dies while a request is in flight: a clear error, no hang */
static void server_dies(const char *engine, const char *transport)
{
    fx f;
    /* without reconnection (test-fault.c covers the reconnecting client) */
    surql_conn_client_options o = SURQL_CONN_CLIENT_OPTIONS_INIT;
    o.flags = SURQL_CONN_CLIENT_NO_RECONNECT;
    if (fx_setup_ex(&f, engine, transport, SURQL_CONN_PROTOCOL_CBOR, &o) != 0) {
        fx_teardown(&f);
        return;
    }
    slow_call s = { f.c, "SLEEP 60s; RETURN 1", 0, "", 0 };
    pthread_t th;
    pthread_create(&th, NULL, slow_main, &s);
    fx_sleep_ms(400);
    st_server_signal(&f.s, SIGKILL);
    pthread_join(th, NULL);
    int open = surql_conn_client_is_open(f.c);
    int rp = surql_conn_ping(f.c);
    char pmsg[512];
    snprintf(pmsg, sizeof pmsg, "%s", fx_msg());
    fx_teardown(&f);
    st_note("in flight: %s (%lld ms): %s", surql_conn_status_name(s.rc), (long long)s.ms, s.msg);
    st_note("after: %s", pmsg);
    /* the call failed because the server died (about 0.4 s in), not when the
     * 60 s statement would have finished; the bound is generous for valgrind */
    ST_CHECK(s.ms < 30000);
    if (!strcmp(transport, "ws")) {
        ST_EQ_INT(s.rc, SURQL_CONN_ECLOSED);
        ST_EQ_INT(open, 0);
        ST_EQ_INT(rp, SURQL_CONN_ECLOSED);
    } else {
        ST_CHECK(s.rc == SURQL_CONN_ECLOSED || s.rc == SURQL_CONN_ECONNECT);
        ST_CHECK(rp == SURQL_CONN_ECONNECT || rp == SURQL_CONN_ECLOSED);
    }
}

ST_TEST(server_dies_v3) { server_dies("v3", "ws"); }
ST_TEST(server_dies_v2) { server_dies("v2", "ws"); }
ST_TEST(server_dies_http_v3) { server_dies("v3", "http"); }

/* another thread closes the client while a call waits */
ST_TEST(close_while_waiting)
{
    fx f;
    if (fx_setup(&f, "v3") != 0) {
        fx_teardown(&f);
        return;
    }
    slow_call s = { f.c, "SLEEP 3s", 0, "", 0 };
    pthread_t th;
    pthread_create(&th, NULL, slow_main, &s);
    fx_sleep_ms(300);
    surql_conn_client_close(f.c);
    pthread_join(th, NULL);
    int rp = surql_conn_ping(f.c);
    fx_teardown(&f);
    ST_EQ_INT(s.rc, SURQL_CONN_ECLOSED);
    ST_CHECK(s.ms < 2000);
    ST_EQ_INT(rp, SURQL_CONN_ECLOSED);
}

/* a wrong password at open is an auth error carrying the server's message */
static void open_bad_password(const char *engine, const char *transport)
{
    fx f;
    memset(&f, 0, sizeof f);
    ST_CHECK(surql_conn_global_init() >= 1);
    f.inited = 1;
    if (st_server_start(&f.s, engine, NULL) != 0) {
        fx_teardown(&f);
        return;
    }
    snprintf(f.ns, sizeof f.ns, "ns");
    snprintf(f.db, sizeof f.db, "db");
    fx_config(&f, strcmp(transport, "http") ? f.s.ws_url : f.s.url, SURQL_CONN_PROTOCOL_CBOR);
    surql_conn_config_set_password(f.cfg, "wrong");
    int rc = surql_conn_client_open(&f.c, f.cfg, NULL);
    const surql_error *e = surql_error_last();
    st_note("%s: code %ld kind %s: %s", surql_conn_status_name(rc), e->server_code,
            e->server_kind, e->message);
    int code = (int)e->server_code;
    char kind[64];
    snprintf(kind, sizeof kind, "%s", e->server_kind ? e->server_kind : "");
    char msg[512];
    snprintf(msg, sizeof msg, "%s", e->message);
    fx_teardown(&f);
    ST_EQ_INT(rc, SURQL_CONN_EAUTH);
    ST_EQ_STR(kind, "NotAllowed");
    if (!strcmp(engine, "v3")) {
        ST_EQ_INT(code, -32002);
    } else {
        ST_EQ_INT(code, -32000);
        ST_CHECK(strstr(msg, "There was a problem with authentication") != NULL);
    }
}

ST_TEST(open_bad_password_v3) { open_bad_password("v3", "ws"); }
ST_TEST(open_bad_password_v2) { open_bad_password("v2", "ws"); }
ST_TEST(open_bad_password_http_v3) { open_bad_password("v3", "http"); }

/* notifications reach the hook; a response is never taken for one */
typedef struct notes {
    pthread_mutex_t mu;
    int n;
    char action[16];
} notes;

static void on_note(void *ud, const surql_value *nv)
{
    notes *ns = ud;
    const char *a = NULL;
    surql_value_get_string(surql_value_object_get(nv, "action"), &a, NULL);
    pthread_mutex_lock(&ns->mu);
    ns->n++;
    snprintf(ns->action, sizeof ns->action, "%s", a ? a : "?");
    pthread_mutex_unlock(&ns->mu);
}

static notes g_notes = { PTHREAD_MUTEX_INITIALIZER, 0, "" };

static void notify_body(fx *fp)
{
    fx f = *fp;
    notes *nsp = &g_notes;
    surql_value *r = fx_q(f.c, "DEFINE TABLE note SCHEMALESS; LIVE SELECT * FROM note", NULL);
    ST_BAIL_IF_FAILED();
    surql_value_unref(r);
    r = fx_q(f.c, "CREATE note:1 SET x = 1", NULL);
    ST_BAIL_IF_FAILED();
    surql_value_unref(r);
    int n = 0;
    for (int i = 0; i < 100 && n == 0; i++) {
        fx_sleep_ms(50);
        pthread_mutex_lock(&nsp->mu);
        n = nsp->n;
        pthread_mutex_unlock(&nsp->mu);
    }
    surql_conn_client_stats st;
    ST_OK(surql_conn_client_get_stats(f.c, &st));
    ST_EQ_INT(n, 1);
    ST_EQ_STR(nsp->action, "CREATE");
    ST_EQ_INT(st.notifications, 1);
    ST_EQ_INT(st.in_flight, 0);
}

static void notify(const char *engine)
{
    surql_conn_client_options o = SURQL_CONN_CLIENT_OPTIONS_INIT;
    o.on_notify = on_note;
    o.notify_userdata = &g_notes;
    fx_run(engine, "ws", SURQL_CONN_PROTOCOL_CBOR, &o, notify_body);
}

ST_TEST(notify_v3) { notify("v3"); }
ST_TEST(notify_v2) { notify("v2"); }

ST_MAIN(ST_CASE(open_version_v3), ST_CASE(open_version_v2), ST_CASE(methods_v3),
        ST_CASE(methods_v2), ST_CASE(methods_http_v3), ST_CASE(methods_http_v2),
        ST_CASE(json_mode_v3), ST_CASE(json_mode_v2), ST_CASE(json_mode_http_v3),
        ST_CASE(errors_v3), ST_CASE(errors_v2), ST_CASE(deadline_v3), ST_CASE(deadline_v2),
        ST_CASE(bad_urls), ST_CASE(unreachable_ws), ST_CASE(unreachable_http),
        ST_CASE(unresolvable_host), ST_CASE(server_dies_v3), ST_CASE(server_dies_v2),
        ST_CASE(server_dies_http_v3), ST_CASE(close_while_waiting),
        ST_CASE(open_bad_password_v3), ST_CASE(open_bad_password_v2),
        ST_CASE(open_bad_password_http_v3), ST_CASE(notify_v3), ST_CASE(notify_v2))
