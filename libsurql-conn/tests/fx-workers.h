/* Load-test workers shared by test-pool.c and test-rpc.c: N threads, each
 * making n calls, counting failures and keeping the first one's message. */
#ifndef SURQL_CONN_FX_WORKERS_H
#define SURQL_CONN_FX_WORKERS_H

#include "client-fixture.h"

#include <pthread.h>

/* The part every worker shares: the first member of each test's worker. */
typedef struct fx_worker {
    int index; /* 1-based */
    int n;     /* calls to make */
    int errors;
    char first_error[256];
} fx_worker;

/* Count a failed call (status @p rc); the first one's message is kept. */
static inline void fx_worker_error(fx_worker *w, int rc)
{
    if (w->errors++ == 0)
        snprintf(w->first_error, sizeof w->first_error, "%s: %s", surql_conn_status_name(rc),
                 fx_msg());
}

/* Run @p fn on @p nthreads threads, thread i given the worker at
 * (char *)workers + i * size (each starts with an fx_worker; index and n are
 * set here, the rest by the caller), and join them, noting each thread's
 * first error. *errors = all failed calls. Returns the wall-clock seconds. */
static inline double fx_run_workers(void *workers, size_t size, int nthreads, int per,
                                    void *(*fn)(void *), int *errors)
{
    pthread_t th[64];
    struct timespec t0, t1;
    if (nthreads > 64)
        nthreads = 64;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < nthreads; i++) {
        fx_worker *w = (fx_worker *)(void *)((char *)workers + (size_t)i * size);
        w->index = i + 1;
        w->n = per;
        pthread_create(&th[i], NULL, fn, w);
    }
    *errors = 0;
    for (int i = 0; i < nthreads; i++) {
        fx_worker *w = (fx_worker *)(void *)((char *)workers + (size_t)i * size);
        pthread_join(th[i], NULL);
        *errors += w->errors;
        if (w->errors)
            st_note("thread %d: %d errors, first: %s", i, w->errors, w->first_error);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

#endif
