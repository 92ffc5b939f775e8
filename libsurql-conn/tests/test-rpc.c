/* RPC multiplexing: many threads sharing one connection, every response
 * routed to its caller (no lost or misrouted response); responses to
 * requests that timed out are dropped without harm. Requests per thread:
 * $SURQL_RPC_PER_THREAD (default 10000). */
#include "fx-workers.h"

#include <pthread.h>

#include <surql/query/result.h>

#define THREADS 8

typedef struct worker {
    fx_worker base; /* first */
    surql_conn_client *c;
    int misrouted;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    surql_value *vars = NULL;
    for (int i = 0; i < w->base.n; i++) {
        int64_t want = (int64_t)w->base.index * 1000000 + i;
        vars = surql_value_object();
        surql_value_object_set_take(vars, "x", surql_value_int(want));
        surql_value *r = NULL;
        /* alternate two methods so requests of different kinds interleave */
        int rc;
        int64_t got = -1;
        if (i % 4 == 3) {
            surql_value *args = surql_value_array();
            surql_value_array_push_take(args, surql_value_int(want));
            rc = surql_conn_run(&r, w->c, "math::abs", NULL, args);
            surql_value_unref(args);
            if (!rc)
                surql_value_get_int(r, &got);
        } else {
            rc = surql_conn_query(&r, w->c, "RETURN $x", vars);
            const surql_value *v = NULL;
            if (!rc && surql_query_result_at(r, 0, &v) == SURQL_OK)
                surql_value_get_int(v, &got);
        }
        if (rc) {
            fx_worker_error(&w->base, rc);
        } else if (got != want) {
            w->misrouted++;
        }
        surql_value_unref(r);
        surql_value_unref(vars);
    }
    return NULL;
}

static void many_threads(fx *f)
{
    const char *env = getenv("SURQL_RPC_PER_THREAD");
    int per = env ? (int)strtol(env, NULL, 10) : 10000;
    worker w[THREADS];
    memset(w, 0, sizeof w);
    for (int i = 0; i < THREADS; i++)
        w[i].c = f->c;
    int errors = 0, mis = 0;
    double secs = fx_run_workers(w, sizeof w[0], THREADS, per, work, &errors);
    for (int i = 0; i < THREADS; i++)
        mis += w[i].misrouted;
    st_note("%s: %d x %d requests in %.2f s (%.0f/s)", f->s.engine, THREADS, per, secs,
            THREADS * per / secs);
    surql_conn_client_stats st;
    ST_OK(surql_conn_client_get_stats(f->c, &st));
    ST_EQ_INT(errors, 0);
    ST_EQ_INT(mis, 0);
    ST_EQ_INT(st.in_flight, 0);
}

ST_TEST(many_threads_v3) { fx_run("v3", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, many_threads); }
ST_TEST(many_threads_v2) { fx_run("v2", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, many_threads); }
ST_TEST(many_threads_json_v3)
{
    setenv("SURQL_RPC_PER_THREAD", "1000", 0);
    fx_run("v3", "ws", SURQL_CONN_PROTOCOL_JSON, NULL, many_threads);
}
ST_TEST(many_threads_http_v3)
{
    setenv("SURQL_RPC_PER_THREAD", "500", 0);
    fx_run("v3", "http", SURQL_CONN_PROTOCOL_CBOR, NULL, many_threads);
}

/* timed-out requests interleaved with normal ones: late answers are dropped */
static void timeouts_interleaved(fx *f)
{
    surql_conn_call_options o = SURQL_CONN_CALL_OPTIONS_INIT;
    o.timeout_ms = 50;
    surql_value *p = fx_v("[\"SLEEP 300ms; RETURN 'late'\"]");
    int tmo = 0;
    for (int i = 0; i < 5; i++) {
        surql_value *r = NULL;
        if (surql_conn_client_call(&r, f->c, "query", p, &o) == SURQL_ETIMEOUT)
            tmo++;
        surql_value_unref(r);
        surql_value *q = NULL;
        surql_value *vars = surql_value_object();
        surql_value_object_set_take(vars, "x", surql_value_int(i));
        int rc = surql_conn_query(&q, f->c, "RETURN $x", vars);
        const surql_value *v = NULL;
        int64_t got = -1;
        if (!rc && surql_query_result_at(q, 0, &v) == SURQL_OK)
            surql_value_get_int(v, &got);
        surql_value_unref(q);
        surql_value_unref(vars);
        ST_OK(rc);
        ST_EQ_INT(got, i);
    }
    surql_value_unref(p);
    ST_EQ_INT(tmo, 5);
    fx_sleep_ms(400);
    surql_conn_client_stats st;
    ST_OK(surql_conn_client_get_stats(f->c, &st));
    ST_EQ_INT(st.in_flight, 0);
    ST_OK(surql_conn_ping(f->c));
}

ST_TEST(timeouts_interleaved_v3)
{
    fx_run("v3", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, timeouts_interleaved);
}

/* Messages far larger than one socket read (64 KiB) and than the output
 * buffer's high-water mark (256 KiB), from several threads at once: each
 * comes back byte for byte to the thread that sent it. */
#define BIG_THREADS 4
static size_t big_len = (size_t)3 << 20; /* 1 MiB for JSON (slow under valgrind) */

typedef struct big_worker {
    fx_worker base; /* first */
    surql_conn_client *c;
    int mismatched;
} big_worker;

static void *big_work(void *arg)
{
    big_worker *w = arg;
    static const char set[] = "abcXYZ019 '\"\\$;{}`\n\t";
    char *text = malloc(big_len + 1);
    if (!text) {
        fx_worker_error(&w->base, SURQL_ENOMEM);
        return NULL;
    }
    uint32_t x = 2463534242u + (uint32_t)w->base.index * 7919u;
    for (int i = 0; i < w->base.n; i++) {
        for (size_t k = 0; k < big_len; k++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            text[k] = set[x % (sizeof set - 1)];
        }
        text[big_len] = '\0';
        surql_value *vars = surql_value_object();
        surql_value_object_set_take(vars, "s", surql_value_string_len(text, big_len));
        surql_value *r = NULL;
        int rc = surql_conn_query(&r, w->c, "RETURN $s", vars);
        const surql_value *v = NULL;
        const char *got = NULL;
        size_t len = 0;
        if (rc)
            fx_worker_error(&w->base, rc);
        else if (surql_query_result_at(r, 0, &v) != SURQL_OK ||
                 surql_value_get_string(v, &got, &len) != SURQL_OK || len != big_len ||
                 memcmp(got, text, big_len) != 0)
            w->mismatched++;
        surql_value_unref(r);
        surql_value_unref(vars);
    }
    free(text);
    return NULL;
}

static void large_messages(fx *f)
{
    big_worker w[BIG_THREADS];
    memset(w, 0, sizeof w);
    for (int i = 0; i < BIG_THREADS; i++)
        w[i].c = f->c;
    int errors = 0, mis = 0;
    double secs = fx_run_workers(w, sizeof w[0], BIG_THREADS, 3, big_work, &errors);
    for (int i = 0; i < BIG_THREADS; i++)
        mis += w[i].mismatched;
    st_note("%s: %d x 3 round trips of %zu bytes in %.2f s", f->s.engine, BIG_THREADS, big_len,
            secs);
    ST_EQ_INT(errors, 0);
    ST_EQ_INT(mis, 0);
    ST_OK(surql_conn_ping(f->c));
}

ST_TEST(large_messages_v3) { fx_run("v3", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, large_messages); }
ST_TEST(large_messages_json_v3)
{
    big_len = (size_t)1 << 20;
    fx_run("v3", "ws", SURQL_CONN_PROTOCOL_JSON, NULL, large_messages);
}

ST_MAIN(ST_CASE(many_threads_v3), ST_CASE(many_threads_v2), ST_CASE(many_threads_json_v3),
        ST_CASE(many_threads_http_v3), ST_CASE(timeouts_interleaved_v3),
        ST_CASE(large_messages_v3), ST_CASE(large_messages_json_v3))
