/* The connection pool (surql/conn/pool.h) against the real engines: many
 * threads sharing a small pool, borrow timeouts, broken clients replaced,
 * close with borrowers and waiters. */
#include "records-fixture.h"
#include "fx-workers.h"

#include <pthread.h>

static surql_conn_pool *pool_of(fx *f, int max, unsigned flags, int64_t borrow_ms)
{
    surql_conn_pool_options o = SURQL_CONN_POOL_OPTIONS_INIT;
    o.max_connections = max;
    o.flags = flags;
    o.borrow_timeout_ms = borrow_ms;
    surql_conn_pool *p = NULL;
    int rc = surql_conn_pool_open(&p, f->cfg, &o);
    if (rc)
        st_fail(__FILE__, __LINE__, "pool open: %s: %s", surql_conn_status_name(rc), fx_msg());
    return p;
}

static surql_conn_pool_stats stats_of(surql_conn_pool *p)
{
    surql_conn_pool_stats s;
    memset(&s, 0, sizeof s);
    s.version = 1;
    if (surql_conn_pool_get_stats(p, &s) != 0)
        st_fail(__FILE__, __LINE__, "stats: %s", fx_msg());
    return s;
}

/* ---- 32 threads, a pool of 4 ---- */

#define THREADS 32

typedef struct worker {
    fx_worker base; /* first */
    surql_conn_pool *p;
    int wrong;
} worker;

/* one call inside pool_run: alternately a raw query and an executing helper
 * with the current (pooled) client */
static int one_call(surql_conn_client *c, void *ud)
{
    worker *w = ud;
    static __thread int k;
    k++;
    if (k % 2) {
        surql_value *vars = surql_value_object(), *r = NULL;
        int64_t want = (int64_t)w->base.index * 1000000 + k, got = -1;
        surql_value_object_set_take(vars, "x", surql_value_int(want));
        int rc = surql_conn_query(&r, c, "RETURN $x", vars);
        const surql_value *v = NULL;
        if (!rc && surql_query_result_at(r, 0, &v) == SURQL_OK)
            surql_value_get_int(v, &got);
        surql_value_unref(r);
        surql_value_unref(vars);
        if (!rc && got != want)
            w->wrong++;
        return rc;
    }
    int ex = -1;
    return surql_conn_record_exists(&ex, NULL, "user", "nobody"); /* NULL: the pooled client */
}

static void *work(void *arg)
{
    worker *w = arg;
    for (int i = 0; i < w->base.n; i++) {
        int rc = surql_conn_pool_run(w->p, -1, one_call, w);
        if (rc)
            fx_worker_error(&w->base, rc);
    }
    return NULL;
}

static void many_threads(fx *f)
{
    /* SURQL_POOL_CALLS scales the run; under valgrind (its preload library in
     * LD_PRELOAD) the default is 6,400 to stay within the memcheck budget */
    const char *env = getenv("SURQL_POOL_CALLS"), *pre = getenv("LD_PRELOAD");
    long total = env ? strtol(env, NULL, 10) : pre && strstr(pre, "vgpreload") ? 6400 : 60000;
    int per = (int)(total / THREADS);
    ST_OK(surql_conn_query_checked(NULL, f->c, "DEFINE TABLE user", NULL));
    surql_conn_pool *p = pool_of(f, 4, 0, 0);
    ST_BAIL_IF_FAILED();
    worker w[THREADS];
    memset(w, 0, sizeof w);
    for (int i = 0; i < THREADS; i++)
        w[i].p = p;
    int errors = 0, wrong = 0;
    double secs = fx_run_workers(w, sizeof w[0], THREADS, per, work, &errors);
    for (int i = 0; i < THREADS; i++)
        wrong += w[i].wrong;
    surql_conn_pool_stats s = stats_of(p);
    st_note("%s: %d threads x %d calls through a pool of 4 in %.2f s (%.0f/s); opened %llu",
            f->s.engine, THREADS, per, secs, THREADS * per / secs, (unsigned long long)s.opened);
    ST_EQ_INT(errors, 0);
    ST_EQ_INT(wrong, 0);
    ST_EQ_INT(s.borrows, (uint64_t)THREADS * (uint64_t)per);
    ST_EQ_INT(s.borrowed, 0);
    ST_EQ_INT(s.waiting, 0);
    ST_CHECK(s.open <= 4 && s.open >= 1);
    ST_CHECK(s.opened <= 4);
    ST_EQ_INT(s.discarded, 0);
    ST_OK(surql_conn_pool_close(p, 1000));
    surql_conn_pool_free(p);
}

ST_TEST(many_threads_v3) { fx_run("v3", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, many_threads); }
ST_TEST(many_threads_v2)
{
    setenv("SURQL_POOL_CALLS", "6400", 0);
    fx_run("v2", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, many_threads);
}

/* ---- borrow timeout, lazy opening, stats ---- */

static void borrow_timeout(fx *f)
{
    surql_conn_pool *p = pool_of(f, 1, 0, 200);
    ST_BAIL_IF_FAILED();
    surql_conn_pool_stats s = stats_of(p);
    ST_EQ_INT(s.open, 0); /* lazy */
    ST_EQ_INT(s.max_connections, 1);
    surql_conn_client *a = NULL, *b = NULL;
    ST_OK(surql_conn_pool_borrow(&a, p, 0));
    ST_OK(surql_conn_ping(a));
    ST_ERR(surql_conn_pool_borrow(&b, p, 0), SURQL_ETIMEOUT); /* the pool's 200 ms */
    ST_CHECK(b == NULL);
    ST_CHECK(strstr(fx_msg(), "no pooled connection became free within 200 ms (pool of 1, 1 "
                              "borrowed") != NULL);
    ST_ERR(surql_conn_pool_borrow(&b, p, 50), SURQL_ETIMEOUT);
    s = stats_of(p);
    ST_EQ_INT(s.timeouts, 2);
    ST_EQ_INT(s.borrowed, 1);
    ST_OK(surql_conn_pool_return(p, a));
    ST_ERR(surql_conn_pool_return(p, a), SURQL_EINVAL); /* twice */
    ST_ERR(surql_conn_pool_return(p, f->c), SURQL_EINVAL); /* not ours */
    ST_OK(surql_conn_pool_borrow(&b, p, 0));
    ST_CHECK(b == a); /* the idle one is reused */
    ST_OK(surql_conn_pool_return(p, b));
    s = stats_of(p);
    ST_EQ_INT(s.opened, 1);
    ST_EQ_INT(s.idle, 1);
    surql_conn_pool_free(p);
}

ST_TEST(borrow_timeout_v3) { fx_run("v3", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, borrow_timeout); }

/* ---- broken clients are discarded and replaced ---- */

static void broken(fx *f)
{
    surql_conn_pool *p = pool_of(f, 2, SURQL_CONN_POOL_EAGER, 5000);
    ST_BAIL_IF_FAILED();
    surql_conn_pool_stats s = stats_of(p);
    ST_EQ_INT(s.open, 2);
    ST_EQ_INT(s.opened, 2);
    /* a client closed while borrowed is discarded at return */
    surql_conn_client *a = NULL;
    ST_OK(surql_conn_pool_borrow(&a, p, 0));
    surql_conn_client_close(a);
    ST_OK(surql_conn_pool_return(p, a));
    s = stats_of(p);
    ST_EQ_INT(s.discarded, 1);
    ST_EQ_INT(s.open, 1);
    /* explicit discard */
    ST_OK(surql_conn_pool_borrow(&a, p, 0));
    ST_OK(surql_conn_pool_discard(p, a));
    s = stats_of(p);
    ST_EQ_INT(s.discarded, 2);
    ST_EQ_INT(s.open, 0);
    /* replacements are opened on demand and work */
    surql_conn_client *x = NULL, *y = NULL;
    ST_OK(surql_conn_pool_borrow(&x, p, 0));
    ST_OK(surql_conn_pool_borrow(&y, p, 0));
    ST_OK(surql_conn_ping(x));
    ST_OK(surql_conn_ping(y));
    ST_OK(surql_conn_pool_return(p, x));
    ST_OK(surql_conn_pool_return(p, y));
    s = stats_of(p);
    ST_EQ_INT(s.opened, 4);
    /* the server goes away and comes back: idle clients whose connection
     * died are not handed out broken */
    ST_CHECK(st_server_restart(&f->s) == 0);
    fx_sleep_ms(500);
    for (int i = 0; i < 2; i++) {
        surql_conn_client *c = NULL;
        ST_OK(surql_conn_pool_borrow(&c, p, 0));
        int rc = surql_conn_ping(c);
        surql_conn_pool_return(p, c);
        ST_OK(rc);
    }
    s = stats_of(p);
    st_note("after the restart: opened %llu, discarded %llu", (unsigned long long)s.opened,
            (unsigned long long)s.discarded);
    surql_conn_pool_free(p);
}

ST_TEST(broken_v3) { fx_run("v3", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, broken); }

/* ---- close with a borrower and a waiter ---- */

typedef struct waiter {
    surql_conn_pool *p;
    int rc;
} waiter;

static void *wait_borrow(void *arg)
{
    waiter *w = arg;
    surql_conn_client *c = NULL;
    w->rc = surql_conn_pool_borrow(&c, w->p, -1);
    if (!w->rc)
        surql_conn_pool_return(w->p, c);
    return NULL;
}

static void close_pool(fx *f)
{
    surql_conn_pool *p = pool_of(f, 1, 0, 0);
    ST_BAIL_IF_FAILED();
    surql_conn_client *a = NULL;
    ST_OK(surql_conn_pool_borrow(&a, p, 0));
    waiter w = { p, 1 };
    pthread_t th;
    pthread_create(&th, NULL, wait_borrow, &w);
    for (int i = 0; i < 200 && stats_of(p).waiting == 0; i++)
        fx_sleep_ms(10);
    ST_EQ_INT(stats_of(p).waiting, 1);
    ST_ERR(surql_conn_pool_close(p, 100), SURQL_ETIMEOUT);
    ST_CHECK(strstr(fx_msg(), "1 client still borrowed") != NULL);
    pthread_join(th, NULL);
    ST_EQ_INT(w.rc, SURQL_CONN_ECLOSED); /* the waiter was woken */
    ST_ERR(surql_conn_ping(a), SURQL_CONN_ECLOSED); /* the borrowed client was closed */
    surql_conn_client *b = NULL;
    ST_ERR(surql_conn_pool_borrow(&b, p, 0), SURQL_CONN_ECLOSED);
    ST_CHECK(strstr(fx_msg(), "pool is closed") != NULL);
    surql_conn_pool_free(p); /* memory stays until the borrower returns */
    ST_OK(surql_conn_pool_return(p, a));
}

ST_TEST(close_v3) { fx_run("v3", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, close_pool); }

/* ---- eager opening fails clearly; bad options ---- */

static void open_errors(fx *f)
{
    surql_conn_config *cfg = NULL;
    ST_OK(surql_conn_config_copy(&cfg, f->cfg));
    surql_conn_config_set_url(cfg, "ws://127.0.0.1:1/rpc");
    surql_conn_config_set_retry_max_attempts(cfg, 1);
    surql_conn_pool_options o = SURQL_CONN_POOL_OPTIONS_INIT;
    o.flags = SURQL_CONN_POOL_EAGER;
    o.max_connections = 2;
    surql_conn_pool *p = NULL;
    int rc = surql_conn_pool_open(&p, cfg, &o);
    ST_CHECK(rc == SURQL_CONN_ECONNECT);
    ST_CHECK(p == NULL);
    ST_CHECK(strncmp(fx_msg(), "pool client 1 of 2: ", 20) == 0);
    /* lazy: the open error comes at borrow, the slot stays free */
    o.flags = 0;
    ST_OK(surql_conn_pool_open(&p, cfg, &o));
    surql_conn_client *c = NULL;
    ST_ERR(surql_conn_pool_borrow(&c, p, 0), SURQL_CONN_ECONNECT);
    surql_conn_pool_stats s = stats_of(p);
    ST_EQ_INT(s.open_failures, 1);
    ST_EQ_INT(s.open, 0);
    surql_conn_pool_free(p);
    o.max_connections = 101;
    ST_ERR(surql_conn_pool_open(&p, cfg, &o), SURQL_CONN_ECONFIG);
    ST_CHECK(strstr(fx_msg(), "allowed 1-100") != NULL);
    /* the default size is the config's max_connections */
    ST_OK(surql_conn_config_set_max_connections(cfg, 3));
    ST_OK(surql_conn_pool_open(&p, cfg, NULL));
    ST_EQ_INT(stats_of(p).max_connections, 3);
    surql_conn_pool_free(p);
    surql_conn_config_free(cfg);
}

ST_TEST(open_errors_v3) { fx_run("v3", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, open_errors); }

ST_MAIN(ST_CASE(many_threads_v3), ST_CASE(many_threads_v2), ST_CASE(borrow_timeout_v3),
        ST_CASE(broken_v3), ST_CASE(close_v3), ST_CASE(open_errors_v3))
