/* conn-bench: the asynchronous phases. Each chain has one `query` in
 * flight; its completion callback (on the client's reader thread) checks the
 * result and sends the chain's next request, so no thread other than the
 * reader takes part and no response is handed over between threads. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "conn-bench.h"

typedef struct chains {
    surql_conn_client *c;
    surql_value *params; /* [query] */
    atomic_int stop;
    atomic_uint_fast64_t done;
    pthread_mutex_t mu;
    pthread_cond_t cond;
    long active; /* chains still running (under mu) */
    int rc;      /* first failure (under mu) */
} chains;

static void chain_end(chains *ch, int rc)
{
    pthread_mutex_lock(&ch->mu);
    if (rc && !ch->rc)
        ch->rc = rc;
    if (--ch->active == 0)
        pthread_cond_signal(&ch->cond);
    pthread_mutex_unlock(&ch->mu);
}

static void on_done(void *ud, int status, surql_value *result)
{
    chains *ch = ud;
    if (status == 0)
        status = surql_conn_query_check(result);
    surql_value_unref(result);
    if (status) {
        fail("asynchronous query", status);
        atomic_store(&ch->stop, 1);
        chain_end(ch, status);
        return;
    }
    atomic_fetch_add_explicit(&ch->done, 1, memory_order_relaxed);
    if (atomic_load_explicit(&ch->stop, memory_order_relaxed)) {
        chain_end(ch, 0);
        return;
    }
    int rc = surql_conn_client_call_async(ch->c, "query", ch->params, NULL, on_done, ch);
    if (rc) {
        fail("asynchronous query (send)", rc);
        atomic_store(&ch->stop, 1);
        chain_end(ch, rc);
    }
}

int run_async(surql_conn_client *c, const opts *o, long n, const char *phase)
{
    chains ch;
    ch.c = c;
    ch.params = surql_value_array();
    if (!ch.params || surql_value_array_push_take(ch.params, surql_value_string(o->query)) != 0) {
        surql_value_unref(ch.params);
        fprintf(stderr, "conn-bench: out of memory\n");
        return 1;
    }
    atomic_init(&ch.stop, 0);
    atomic_init(&ch.done, 0);
    pthread_mutex_init(&ch.mu, NULL);
    pthread_cond_init(&ch.cond, NULL);
    ch.active = 0;
    ch.rc = 0;
    for (long i = 0; i < n; i++) {
        pthread_mutex_lock(&ch.mu);
        ch.active++;
        pthread_mutex_unlock(&ch.mu);
        int rc = surql_conn_client_call_async(c, "query", ch.params, NULL, on_done, &ch);
        if (rc) {
            fail("asynchronous query (send)", rc);
            atomic_store(&ch.stop, 1);
            chain_end(&ch, rc);
            break;
        }
    }
    sleep_s(o->warmup);
    uint64_t n0 = atomic_load(&ch.done);
    double c0 = cpu_s(), t0 = now_s();
    sleep_s(o->seconds);
    uint64_t n1 = atomic_load(&ch.done);
    double c1 = cpu_s(), t1 = now_s();
    atomic_store(&ch.stop, 1);
    pthread_mutex_lock(&ch.mu);
    while (ch.active > 0)
        pthread_cond_wait(&ch.cond, &ch.mu);
    int ret = ch.rc ? 1 : 0;
    pthread_mutex_unlock(&ch.mu);
    if (!ret) {
        double k = (double)(n1 - n0);
        printf("c.%s.rps %.1f\n", phase, k / (t1 - t0));
        printf("c.%s.latency_us %.1f\n", phase, k > 0 ? (t1 - t0) / k * 1e6 * (double)n : 0.0);
        printf("c.%s.cpu_us %.2f\n", phase, k > 0 ? (c1 - c0) / k * 1e6 : 0.0);
        printf("c.%s.requests %.0f\n", phase, k);
        fflush(stdout);
    }
    pthread_cond_destroy(&ch.cond);
    pthread_mutex_destroy(&ch.mu);
    surql_value_unref(ch.params);
    return ret;
}
