/* Asynchronous calls (surql_conn_client_call_async): completions on the
 * reader thread, many in flight from many threads with every result routed
 * to its own callback, deadlines, close, server errors, HTTP refusal. */
#include "client-fixture.h"

#include <pthread.h>
#include <stdatomic.h>

#include <surql/query/result.h>

/* ---- a completion record --------------------------------------------------- */

typedef struct done_rec {
    pthread_mutex_t mu;
    pthread_cond_t cond;
    int calls;         /* callbacks received */
    int status;        /* of the last one */
    surql_value *result;
    char message[256]; /* surql_error_last() during a failed callback */
    pthread_t thread;  /* thread that ran the last callback */
} done_rec;

static void rec_init(done_rec *r)
{
    memset(r, 0, sizeof *r);
    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->cond, NULL);
}

static void rec_clear(done_rec *r)
{
    surql_value_unref(r->result);
    pthread_cond_destroy(&r->cond);
    pthread_mutex_destroy(&r->mu);
}

static void on_done(void *ud, int status, surql_value *result)
{
    done_rec *r = ud;
    pthread_mutex_lock(&r->mu);
    r->calls++;
    r->status = status;
    surql_value_unref(r->result);
    r->result = result;
    r->thread = pthread_self();
    if (status)
        snprintf(r->message, sizeof r->message, "%s", surql_error_last()->message);
    pthread_cond_broadcast(&r->cond);
    pthread_mutex_unlock(&r->mu);
}

/* wait up to @p ms for @p n callbacks; returns the count seen */
static int rec_wait(done_rec *r, int n, long ms)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += ms / 1000;
    ts.tv_nsec += (ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&r->mu);
    while (r->calls < n && pthread_cond_timedwait(&r->cond, &r->mu, &ts) == 0) {
    }
    int c = r->calls;
    pthread_mutex_unlock(&r->mu);
    return c;
}

static surql_value *query_params(const char *sql, surql_value *vars /* taken */)
{
    surql_value *p = surql_value_array();
    surql_value_array_push_take(p, surql_value_string(sql));
    if (vars)
        surql_value_array_push_take(p, vars);
    return p;
}

/* ---- one call: result, thread ------------------------------------------------ */

static void basic(fx *f)
{
    done_rec r;
    rec_init(&r);
    surql_value *vars = surql_value_object();
    surql_value_object_set_take(vars, "x", surql_value_string("it's \"quoted\"; DROP"));
    surql_value *p = query_params("RETURN [$x, 40 + 2]", vars);
    ST_OK(surql_conn_client_call_async(f->c, "query", p, NULL, on_done, &r));
    ST_EQ_INT(rec_wait(&r, 1, 10000), 1);
    ST_EQ_INT(r.status, SURQL_OK);
    ST_CHECK(!pthread_equal(r.thread, pthread_self())); /* ran on the reader thread */
    ST_OK(surql_conn_query_check(r.result));
    const surql_value *v = NULL;
    ST_OK(surql_query_result_at(r.result, 0, &v));
    char *j = fx_json(v);
    ST_EQ_STR(j, "[\"it's \\\"quoted\\\"; DROP\",42]");
    free(j);
    surql_value_unref(p);
    rec_clear(&r);
}

ST_TEST(basic_v3) { fx_run("v3", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, basic); }
ST_TEST(basic_v2) { fx_run("v2", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, basic); }
ST_TEST(basic_json_v3) { fx_run("v3", "ws", SURQL_CONN_PROTOCOL_JSON, NULL, basic); }

/* ---- chains from the callback, from several threads at once --------------- */

#define CHAINS 16
#define PER_CHAIN 300

typedef struct chain {
    surql_conn_client *c;
    int index, next;
    atomic_int *errors, *misrouted, *finished;
    pthread_mutex_t *mu;
    pthread_cond_t *cond;
} chain;

static int chain_send(chain *ch);

static void chain_done(void *ud, int status, surql_value *result)
{
    chain *ch = ud;
    int64_t got = -1;
    const surql_value *v = NULL;
    if (status == SURQL_OK && surql_query_result_at(result, 0, &v) == SURQL_OK)
        surql_value_get_int(v, &got);
    surql_value_unref(result);
    if (status)
        atomic_fetch_add(ch->errors, 1);
    else if (got != (int64_t)ch->index * 100000 + ch->next)
        atomic_fetch_add(ch->misrouted, 1);
    ch->next++;
    if (status || ch->next == PER_CHAIN || chain_send(ch) != 0) {
        pthread_mutex_lock(ch->mu);
        atomic_fetch_add(ch->finished, 1);
        pthread_cond_broadcast(ch->cond);
        pthread_mutex_unlock(ch->mu);
    }
}

static int chain_send(chain *ch)
{
    surql_value *vars = surql_value_object();
    surql_value_object_set_take(vars, "x", surql_value_int((int64_t)ch->index * 100000 + ch->next));
    surql_value *p = query_params("RETURN $x", vars);
    int rc = surql_conn_client_call_async(ch->c, "query", p, NULL, chain_done, ch);
    surql_value_unref(p);
    if (rc)
        atomic_fetch_add(ch->errors, 1);
    return rc;
}

static void *chain_start(void *arg)
{
    chain *ch = arg;
    if (chain_send(ch) != 0) {
        pthread_mutex_lock(ch->mu);
        atomic_fetch_add(ch->finished, 1);
        pthread_cond_broadcast(ch->cond);
        pthread_mutex_unlock(ch->mu);
    }
    return NULL;
}

static void chains(fx *f)
{
    atomic_int errors, misrouted, finished;
    atomic_init(&errors, 0);
    atomic_init(&misrouted, 0);
    atomic_init(&finished, 0);
    pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
    chain ch[CHAINS];
    pthread_t th[CHAINS];
    for (int i = 0; i < CHAINS; i++) {
        ch[i] = (chain){ f->c, i, 0, &errors, &misrouted, &finished, &mu, &cond };
        ST_CHECK(pthread_create(&th[i], NULL, chain_start, &ch[i]) == 0);
    }
    for (int i = 0; i < CHAINS; i++)
        pthread_join(th[i], NULL);
    pthread_mutex_lock(&mu);
    while (atomic_load(&finished) < CHAINS)
        pthread_cond_wait(&cond, &mu);
    pthread_mutex_unlock(&mu);
    ST_EQ_INT(atomic_load(&errors), 0);
    ST_EQ_INT(atomic_load(&misrouted), 0);
    for (int i = 0; i < CHAINS; i++)
        ST_EQ_INT(ch[i].next, PER_CHAIN);
    surql_conn_client_stats st;
    memset(&st, 0, sizeof st);
    st.version = 1u;
    ST_OK(surql_conn_client_get_stats(f->c, &st));
    ST_EQ_INT((long long)st.in_flight, 0);
    /* blocking calls still work on the same connection afterwards */
    surql_value *r = fx_q(f->c, "RETURN 7", NULL);
    ST_CHECK(r != NULL);
    surql_value_unref(r);
}

ST_TEST(chains_v3) { fx_run("v3", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, chains); }
ST_TEST(chains_v2) { fx_run("v2", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, chains); }

/* ---- errors ------------------------------------------------------------------- */

static void server_error(fx *f)
{
    done_rec r;
    rec_init(&r);
    ST_OK(surql_conn_client_call_async(f->c, "no_such_method", NULL, NULL, on_done, &r));
    ST_EQ_INT(rec_wait(&r, 1, 10000), 1);
    ST_EQ_INT(r.status, SURQL_CONN_ESERVER);
    ST_CHECK(r.result == NULL);
    ST_CHECK(strstr(r.message, "no_such_method") || strstr(r.message, "ethod"));
    rec_clear(&r);
}

ST_TEST(server_error_v3) { fx_run("v3", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, server_error); }

static void deadline(fx *f)
{
    done_rec r, q;
    rec_init(&r);
    rec_init(&q);
    surql_conn_call_options o = SURQL_CONN_CALL_OPTIONS_INIT;
    o.timeout_ms = 300;
    surql_value *p = query_params("SLEEP 3s; RETURN 1", NULL);
    ST_OK(surql_conn_client_call_async(f->c, "query", p, &o, on_done, &r));
    ST_EQ_INT(rec_wait(&r, 1, 2500), 1); /* long before the server answers */
    ST_EQ_INT(r.status, SURQL_ETIMEOUT);
    ST_CHECK(strstr(r.message, "RPC query") != NULL);
    ST_CHECK(strstr(r.message, "deadline") != NULL);
    /* the late answer is dropped; the connection stays usable */
    surql_value *p2 = query_params("RETURN 5", NULL);
    ST_OK(surql_conn_client_call_async(f->c, "query", p2, NULL, on_done, &q));
    ST_EQ_INT(rec_wait(&q, 1, 10000), 1);
    ST_EQ_INT(q.status, SURQL_OK);
    fx_sleep_ms(3200);
    ST_EQ_INT(rec_wait(&r, 2, 10), 1); /* exactly once */
    surql_value_unref(p);
    surql_value_unref(p2);
    rec_clear(&r);
    rec_clear(&q);
}

ST_TEST(deadline_v3) { fx_run("v3", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, deadline); }

static void close_pending(fx *f)
{
    done_rec r;
    rec_init(&r);
    surql_value *p = query_params("SLEEP 5s", NULL);
    ST_OK(surql_conn_client_call_async(f->c, "query", p, NULL, on_done, &r));
    surql_conn_client_close(f->c);
    /* the callback ran on this thread, inside close */
    ST_EQ_INT(rec_wait(&r, 1, 10), 1);
    ST_EQ_INT(r.status, SURQL_CONN_ECLOSED);
    ST_CHECK(r.result == NULL);
    /* later submissions fail at once and never call back */
    int rc = surql_conn_client_call_async(f->c, "query", p, NULL, on_done, &r);
    ST_EQ_INT(rc, SURQL_CONN_ECLOSED);
    ST_EQ_INT(rec_wait(&r, 2, 50), 1);
    surql_value_unref(p);
    rec_clear(&r);
}

ST_TEST(close_pending_v3) { fx_run("v3", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, close_pending); }

static void http_refused(fx *f)
{
    done_rec r;
    rec_init(&r);
    int rc = surql_conn_client_call_async(f->c, "ping", NULL, NULL, on_done, &r);
    ST_EQ_INT(rc, SURQL_EUNSUPPORTED);
    ST_CHECK(strstr(fx_msg(), "WebSocket") != NULL);
    ST_EQ_INT(rec_wait(&r, 1, 50), 0);
    rec_clear(&r);
}

ST_TEST(http_refused_v3) { fx_run("v3", "http", SURQL_CONN_PROTOCOL_CBOR, NULL, http_refused); }

ST_TEST(bad_arguments)
{
    done_rec r;
    rec_init(&r);
    ST_EQ_INT(surql_conn_client_call_async(NULL, "ping", NULL, NULL, on_done, &r), SURQL_EINVAL);
    ST_CHECK(strstr(fx_msg(), "client is NULL") != NULL);
    rec_clear(&r);
}

ST_MAIN(ST_CASE(basic_v3), ST_CASE(basic_v2), ST_CASE(basic_json_v3), ST_CASE(chains_v3),
        ST_CASE(chains_v2), ST_CASE(server_error_v3), ST_CASE(deadline_v3),
        ST_CASE(close_pending_v3), ST_CASE(http_refused_v3), ST_CASE(bad_arguments))
