/* Registry of named clients, the per-thread current client with scoped
 * overrides, and retry with backoff (connect while the server comes up,
 * HTTP calls across a restart; the retry policy never repeats a
 * non-idempotent write that may have reached the server). */
#include "client-fixture.h"

#include <pthread.h>
#include <signal.h>

#include "client-internal.h"

/* ------------------------------------------------------------------------ */
/* retry policy (internal, no server)                                         */

ST_TEST(retry_policy)
{
    /* not sent: always retried; sent: only idempotent calls */
    ST_EQ_INT(surql_conn__retryable(SURQL_CONN_ECONNECT, 0, 0), 1);
    ST_EQ_INT(surql_conn__retryable(SURQL_CONN_ECLOSED, 1, 0), 0);
    ST_EQ_INT(surql_conn__retryable(SURQL_CONN_ECLOSED, 1, 1), 1);
    ST_EQ_INT(surql_conn__retryable(SURQL_ETIMEOUT, 1, 0), 0);
    ST_EQ_INT(surql_conn__retryable(SURQL_ETIMEOUT, 1, 1), 1);
    ST_EQ_INT(surql_conn__retryable(SURQL_CONN_EAUTH, 0, 1), 0);
    ST_EQ_INT(surql_conn__retryable(SURQL_EINVAL, 0, 1), 0);
    surql_error_set_server(SURQL_CONN_EQUERY, "t", -32009, "Query", "conflict", NULL);
    ST_EQ_INT(surql_conn__retryable(SURQL_CONN_EQUERY, 1, 1), 1);
    surql_error_set_server(SURQL_CONN_EQUERY, "t", -32009, "Query", "conflict", NULL);
    ST_EQ_INT(surql_conn__retryable(SURQL_CONN_EQUERY, 1, 0), 0);
    /* backoff: min 100 ms, x2, max 1000 ms, equal jitter in [d/2, d] */
    surql_conn_config *cfg = NULL;
    ST_OK(surql_conn_config_new(&cfg));
    ST_OK(surql_conn_config_set_retry_min_wait_ms(cfg, 100));
    ST_OK(surql_conn_config_set_retry_max_wait_ms(cfg, 1000));
    ST_OK(surql_conn_config_set_retry_multiplier(cfg, 2.0));
    int64_t step[] = { 100, 200, 400, 800, 1000, 1000 };
    for (int a = 1; a <= 6; a++) {
        int64_t lo = 1000000, hi = 0;
        for (int i = 0; i < 200; i++) {
            int64_t d = surql_conn__backoff_ms(cfg, a);
            if (d < lo)
                lo = d;
            if (d > hi)
                hi = d;
        }
        ST_CHECKF(lo >= step[a - 1] / 2 && hi <= step[a - 1] && hi > lo,
                  "attempt %d: %lld..%lld for step %lld", a, (long long)lo, (long long)hi,
                  (long long)step[a - 1]);
    }
    surql_conn_config_free(cfg);
}

/* ------------------------------------------------------------------------ */

typedef struct restarter {
    st_server *s;
    long delay_ms;
    int rc;
} restarter;

static void *restart_main(void *arg)
{
    restarter *r = arg;
    fx_sleep_ms(r->delay_ms);
    r->rc = st_server_restart(r->s);
    return NULL;
}

static void retry_connect(const char *url_kind)
{
    fx f;
    memset(&f, 0, sizeof f);
    ST_CHECK(surql_conn_global_init() >= 1);
    f.inited = 1;
    if (st_server_start(&f.s, "v3", NULL) != 0) {
        fx_teardown(&f);
        return;
    }
    snprintf(f.ns, sizeof f.ns, "ns");
    snprintf(f.db, sizeof f.db, "db");
    fx_config(&f, strcmp(url_kind, "http") ? f.s.ws_url : f.s.url, SURQL_CONN_PROTOCOL_CBOR);
    surql_conn_config_set_retry_max_attempts(f.cfg, 8);
    surql_conn_config_set_retry_min_wait_ms(f.cfg, 300);
    surql_conn_config_set_retry_max_wait_ms(f.cfg, 1000);
    st_server_signal(&f.s, SIGTERM); /* down; restarted on the same port below */
    fx_sleep_ms(1800);
    restarter r = { &f.s, 500, -1 };
    pthread_t th;
    pthread_create(&th, NULL, restart_main, &r);
    int rc = surql_conn_client_open(&f.c, f.cfg, NULL);
    char err[512];
    snprintf(err, sizeof err, "%s", fx_msg());
    pthread_join(th, NULL);
    int rp = rc == 0 ? surql_conn_ping(f.c) : rc;
    fx_teardown(&f);
    ST_EQ_INT(r.rc, 0);
    ST_CHECKF(rc == 0, "open with retries: %s", err);
    ST_OK(rp);
}

ST_TEST(retry_connect_ws) { retry_connect("ws"); }
ST_TEST(retry_connect_http) { retry_connect("http"); }

/* HTTP: every request is independent, so calls retry across a restart */
static void http_retry(fx *f)
{
    surql_conn_config_free(f->cfg);
    f->cfg = NULL;
    ST_OK(surql_conn_ping(f->c));
    /* a short backoff so the calls below outlast the restart */
    surql_conn_client_free(f->c);
    f->c = NULL;
    fx_config(f, f->s.url, SURQL_CONN_PROTOCOL_CBOR);
    surql_conn_config_set_retry_max_attempts(f->cfg, 10);
    surql_conn_config_set_retry_min_wait_ms(f->cfg, 300);
    surql_conn_config_set_retry_max_wait_ms(f->cfg, 1000);
    /* anonymous: a restarted server (memory storage) rejects old tokens */
    surql_conn_client_options o = SURQL_CONN_CLIENT_OPTIONS_INIT;
    o.flags = SURQL_CONN_CLIENT_NO_SIGNIN | SURQL_CONN_CLIENT_NO_USE;
    ST_OK(surql_conn_client_open(&f->c, f->cfg, &o));
    st_server_signal(&f->s, SIGTERM);
    fx_sleep_ms(1800);
    restarter r = { &f->s, 300, -1 };
    pthread_t th;
    pthread_create(&th, NULL, restart_main, &r);
    int rc = surql_conn_ping(f->c); /* idempotent: retried until the server is back */
    char err[512];
    snprintf(err, sizeof err, "%s", fx_msg());
    pthread_join(th, NULL);
    ST_EQ_INT(r.rc, 0);
    ST_CHECKF(rc == 0, "ping across restart: %s", err);
    /* the new server lost the root user's session: sign in again, then query */
    ST_OK(surql_conn_signin_root(NULL, f->c, "root", "root"));
    surql_value *q = fx_q(f->c, "RETURN 7", NULL);
    surql_value_unref(q);
}

ST_TEST(http_retry_v3) { fx_run("v3", "http", SURQL_CONN_PROTOCOL_CBOR, NULL, http_retry); }

/* ------------------------------------------------------------------------ */
/* registry and current client                                                */

typedef struct thr {
    surql_conn_client *want;
    int same;
    int rc_before;
} thr;

static void *other_thread(void *arg)
{
    thr *t = arg;
    surql_conn_client *c = NULL;
    /* another thread sees the registry default, not the main thread's choice */
    int rc = surql_conn_get_db(&c);
    t->same = rc == 0 && c == t->want;
    surql_conn_client_free(c);
    /* its own set_db is released when the thread exits */
    surql_conn_set_db(t->want);
    return NULL;
}

static int probe(void *ud)
{
    surql_conn_client **seen = ud;
    return surql_conn_get_db(seen);
}

static void registry(fx *f)
{
    surql_conn_client *a = f->c, *b = NULL, *got = NULL;
    ST_OK(surql_conn_client_open(&b, f->cfg, NULL));
    surql_conn_registry_clear();
    ST_ERR(surql_conn_get_db(&got), SURQL_ENOTFOUND);
    ST_ERR(surql_conn_registry_add("bad name", a), SURQL_EINVAL);
    ST_OK(surql_conn_registry_add("main", a));
    ST_OK(surql_conn_registry_add("analytics", b));
    ST_ERR(surql_conn_registry_add("main", b), SURQL_EEXISTS);
    surql_value *names = NULL, *def = NULL;
    ST_OK(surql_conn_registry_list(&names));
    ST_EQ_INT(surql_value_length(names), 2);
    surql_value_unref(names);
    ST_OK(surql_conn_registry_default_name(&def));
    const char *dn = NULL;
    ST_OK(surql_value_get_string(def, &dn, NULL));
    ST_EQ_STR(dn, "main");
    surql_value_unref(def);
    ST_OK(surql_conn_registry_get(&got, "analytics"));
    ST_CHECK(got == b);
    surql_conn_client_free(got);
    ST_OK(surql_conn_get_db(&got));
    ST_CHECK(got == a);
    surql_conn_client_free(got);
    ST_OK(surql_conn_registry_set_default("analytics"));
    ST_OK(surql_conn_get_db(&got));
    ST_CHECK(got == b);
    surql_conn_client_free(got);
    ST_ERR(surql_conn_registry_set_default("nope"), SURQL_ENOTFOUND);
    ST_ERR(surql_conn_registry_get(&got, "nope"), SURQL_ENOTFOUND);

    /* set_db for this thread, overrides on top */
    ST_OK(surql_conn_set_db(a));
    ST_OK(surql_conn_get_db(&got));
    ST_CHECK(got == a);
    surql_conn_client_free(got);
    ST_OK(surql_conn_override_push(b));
    ST_OK(surql_conn_get_db(&got));
    ST_CHECK(got == b);
    surql_conn_client_free(got);
    ST_OK(surql_conn_override_pop());
    ST_ERR(surql_conn_override_pop(), SURQL_ESTATE);
    surql_conn_client *seen = NULL;
    ST_OK(surql_conn_with_db(b, probe, &seen));
    ST_CHECK(seen == b);
    surql_conn_client_free(seen);
    ST_OK(surql_conn_get_db(&got));
    ST_CHECK(got == a);
    surql_conn_client_free(got);

    /* another thread sees the default (analytics = b) */
    thr t = { b, 0, 0 };
    pthread_t th;
    pthread_create(&th, NULL, other_thread, &t);
    pthread_join(th, NULL);
    ST_EQ_INT(t.same, 1);

    /* the registered clients work through get_db */
    ST_OK(surql_conn_get_db(&got));
    ST_OK(surql_conn_ping(got));
    surql_conn_client_free(got);

    ST_OK(surql_conn_registry_remove("analytics"));
    ST_ERR(surql_conn_registry_remove("analytics"), SURQL_ENOTFOUND);
    ST_OK(surql_conn_set_db(NULL));
    ST_ERR(surql_conn_get_db(&got), SURQL_ENOTFOUND); /* the default went with it */
    /* registry_open */
    ST_OK(surql_conn_registry_open(&got, "third", f->cfg, NULL));
    ST_OK(surql_conn_ping(got));
    surql_conn_client_free(got);
    surql_conn_registry_clear();
    surql_conn_client_free(b);
}

ST_TEST(registry_v3) { fx_run("v3", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, registry); }

ST_MAIN(ST_CASE(retry_policy), ST_CASE(retry_connect_ws), ST_CASE(retry_connect_http),
        ST_CASE(http_retry_v3), ST_CASE(registry_v3))
