/* Connection pool (surql/conn/pool.h): up to max clients, lent one at a
 * time, broken ones discarded and replaced on demand. One mutex; clients are
 * opened, closed and freed outside it. The pool is refcounted: the owner,
 * every borrow call in progress and every lent client hold a reference, so
 * a late return after surql_conn_pool_free() is safe. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <surql/conn/error.h>
#include <surql/conn/pool.h>
#include <surql/conn/registry.h>
#include <surql/schema/error.h>

#define DOMAIN "surql-conn"

struct surql_conn_pool {
    pthread_mutex_t mu;
    pthread_cond_t avail;    /* a client was returned or a slot freed, or the pool closed */
    pthread_cond_t returned; /* a lent client came back (close waits on it) */
    surql_conn_config *cfg;
    surql_conn_client_options copt;
    int has_copt;
    size_t max;
    int64_t dflt_ms;
    surql_conn_client **idle, **lent;
    size_t nidle, nlent, opening, waiting;
    int closed;
    size_t refs;
    uint64_t borrows, timeouts, opened, open_failures, discarded;
};

static void destroy(surql_conn_pool *p)
{
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->avail);
    pthread_cond_destroy(&p->returned);
    surql_conn_config_free(p->cfg);
    free(p->idle);
    free(p->lent);
    free(p);
}

/* drop a reference with the lock held; unlocks; destroys on the last one */
static void unref_unlock(surql_conn_pool *p)
{
    int last = --p->refs == 0;
    pthread_mutex_unlock(&p->mu);
    if (last)
        destroy(p);
}

static void abs_deadline(struct timespec *ts, int64_t ms)
{
    clock_gettime(CLOCK_MONOTONIC, ts);
    ts->tv_sec += (time_t)(ms / 1000);
    ts->tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

static int open_client(surql_conn_client **c, surql_conn_pool *p)
{
    return surql_conn_client_open(c, p->cfg, p->has_copt ? &p->copt : NULL);
}

int surql_conn_pool_open(surql_conn_pool **out, const surql_conn_config *cfg,
                         const surql_conn_pool_options *opts)
{
    if (!out)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_pool_open: out is NULL");
    *out = NULL;
    if (!cfg)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_pool_open: cfg is NULL");
    if (opts && opts->version != 1)
        return surql_error_set(SURQL_EINVAL, DOMAIN,
                               "surql_conn_pool_open: unknown options version %u (initialise "
                               "with SURQL_CONN_POOL_OPTIONS_INIT)",
                               opts->version);
    int max = opts && opts->max_connections ? opts->max_connections
                                            : surql_conn_config_get_max_connections(cfg);
    if (max < SURQL_CONN_MIN_MAX_CONNECTIONS || max > SURQL_CONN_MAX_MAX_CONNECTIONS)
        return surql_error_set(SURQL_CONN_ECONFIG, DOMAIN,
                               "pool max_connections=%d is out of range: allowed %d-%d", max,
                               SURQL_CONN_MIN_MAX_CONNECTIONS, SURQL_CONN_MAX_MAX_CONNECTIONS);
    surql_conn_pool *p = calloc(1, sizeof *p);
    if (!p)
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    p->max = (size_t)max;
    p->idle = calloc(p->max, sizeof *p->idle);
    p->lent = calloc(p->max, sizeof *p->lent);
    int rc = p->idle && p->lent ? surql_conn_config_copy(&p->cfg, cfg)
                                : surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    if (rc) {
        free(p->idle);
        free(p->lent);
        free(p);
        return rc;
    }
    int64_t bt = opts ? opts->borrow_timeout_ms : 0;
    p->dflt_ms = bt ? bt : surql_conn_config_get_timeout_ms(cfg);
    if (opts && opts->client) {
        p->copt = *opts->client;
        p->has_copt = 1;
    }
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->avail, &ca);
    pthread_cond_init(&p->returned, &ca);
    pthread_condattr_destroy(&ca);
    p->refs = 1;
    if (opts && (opts->flags & SURQL_CONN_POOL_EAGER)) {
        for (size_t i = 0; i < p->max; i++) {
            surql_conn_client *c = NULL;
            rc = open_client(&c, p);
            if (rc) {
                char pre[64];
                snprintf(pre, sizeof pre, "pool client %zu of %zu", i + 1, p->max);
                surql_error_prefix(pre);
                surql_conn_pool_free(p);
                return rc;
            }
            p->idle[p->nidle++] = c;
            p->opened++;
        }
    }
    *out = p;
    return SURQL_OK;
}

/* hand @p c out (lock held) */
static void lend(surql_conn_pool *p, surql_conn_client *c)
{
    p->lent[p->nlent++] = c;
    p->refs++;
    p->borrows++;
}

int surql_conn_pool_borrow(surql_conn_client **out, surql_conn_pool *p, int64_t timeout_ms)
{
    if (!out || !p)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_pool_borrow: NULL argument");
    *out = NULL;
    int64_t ms = timeout_ms ? timeout_ms : p->dflt_ms;
    struct timespec dl;
    if (ms > 0)
        abs_deadline(&dl, ms);
    pthread_mutex_lock(&p->mu);
    p->refs++;
    int rc = SURQL_OK;
    for (;;) {
        if (p->closed) {
            rc = surql_error_set(SURQL_CONN_ECLOSED, DOMAIN, "pool is closed");
            break;
        }
        surql_conn_client *broken = NULL;
        while (p->nidle > 0 && !broken) {
            surql_conn_client *c = p->idle[--p->nidle];
            if (surql_conn_client_is_open(c)) {
                lend(p, c);
                *out = c;
                break;
            }
            broken = c;
            p->discarded++;
        }
        if (*out)
            break;
        if (broken) {
            /* free outside the lock, then look again */
            pthread_mutex_unlock(&p->mu);
            surql_conn_client_free(broken);
            pthread_mutex_lock(&p->mu);
            continue;
        }
        if (p->nidle + p->nlent + p->opening < p->max) {
            p->opening++;
            pthread_mutex_unlock(&p->mu);
            surql_conn_client *c = NULL;
            rc = open_client(&c, p);
            pthread_mutex_lock(&p->mu);
            p->opening--;
            if (rc) {
                p->open_failures++;
                pthread_cond_signal(&p->avail); /* the slot is free again */
            } else if (p->closed) {
                pthread_cond_broadcast(&p->returned);
                pthread_mutex_unlock(&p->mu);
                surql_conn_client_free(c);
                pthread_mutex_lock(&p->mu);
                rc = surql_error_set(SURQL_CONN_ECLOSED, DOMAIN, "pool is closed");
            } else {
                p->opened++;
                lend(p, c);
                *out = c;
            }
            break;
        }
        p->waiting++;
        int w = ms > 0 ? pthread_cond_timedwait(&p->avail, &p->mu, &dl)
                       : pthread_cond_wait(&p->avail, &p->mu);
        p->waiting--;
        if (w == ETIMEDOUT && !p->closed && p->nidle == 0 &&
            p->nidle + p->nlent + p->opening >= p->max) {
            p->timeouts++;
            rc = surql_error_set(SURQL_ETIMEOUT, DOMAIN,
                                 "no pooled connection became free within %lld ms (pool of "
                                 "%zu, %zu borrowed, %zu waiting)",
                                 (long long)ms, p->max, p->nlent, p->waiting);
            break;
        }
    }
    unref_unlock(p);
    return rc;
}

/* take @p c back (lock held): 1 when it was lent, 0 when not */
static int take_back(surql_conn_pool *p, surql_conn_client *c)
{
    for (size_t i = 0; i < p->nlent; i++) {
        if (p->lent[i] == c) {
            p->lent[i] = p->lent[--p->nlent];
            return 1;
        }
    }
    return 0;
}

static int give_back(surql_conn_pool *p, surql_conn_client *c, int discard, const char *fn)
{
    if (!p || !c)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "%s: NULL argument", fn);
    pthread_mutex_lock(&p->mu);
    if (!take_back(p, c)) {
        pthread_mutex_unlock(&p->mu);
        return surql_error_set(SURQL_EINVAL, DOMAIN,
                               "%s: this client was not borrowed from this pool (or was "
                               "already given back)",
                               fn);
    }
    surql_conn_client *drop = NULL;
    if (p->closed) {
        drop = c;
    } else if (discard || !surql_conn_client_is_open(c)) {
        drop = c;
        p->discarded++;
    } else {
        p->idle[p->nidle++] = c;
    }
    pthread_cond_signal(&p->avail);
    pthread_cond_broadcast(&p->returned);
    if (drop) {
        pthread_mutex_unlock(&p->mu);
        surql_conn_client_free(drop);
        pthread_mutex_lock(&p->mu);
    }
    unref_unlock(p);
    return SURQL_OK;
}

int surql_conn_pool_return(surql_conn_pool *p, surql_conn_client *c)
{
    return give_back(p, c, 0, "surql_conn_pool_return");
}

int surql_conn_pool_discard(surql_conn_pool *p, surql_conn_client *c)
{
    return give_back(p, c, 1, "surql_conn_pool_discard");
}

int surql_conn_pool_run(surql_conn_pool *p, int64_t timeout_ms,
                        int (*fn)(surql_conn_client *c, void *userdata), void *userdata)
{
    if (!fn)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_pool_run: fn is NULL");
    surql_conn_client *c = NULL;
    int rc = surql_conn_pool_borrow(&c, p, timeout_ms);
    if (rc)
        return rc;
    rc = surql_conn_override_push(c);
    if (!rc) {
        rc = fn(c, userdata);
        surql_conn_override_pop();
    }
    surql_conn_pool_return(p, c);
    return rc;
}

int surql_conn_pool_get_stats(const surql_conn_pool *cp, surql_conn_pool_stats *out)
{
    if (!cp || !out)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_pool_get_stats: NULL argument");
    if (out->version != 1)
        return surql_error_set(SURQL_EINVAL, DOMAIN,
                               "surql_conn_pool_get_stats: set out->version to 1");
    surql_conn_pool *p = (surql_conn_pool *)(uintptr_t)cp;
    pthread_mutex_lock(&p->mu);
    out->max_connections = p->max;
    out->open = p->nidle + p->nlent;
    out->idle = p->nidle;
    out->borrowed = p->nlent;
    out->waiting = p->waiting;
    out->borrows = p->borrows;
    out->timeouts = p->timeouts;
    out->opened = p->opened;
    out->open_failures = p->open_failures;
    out->discarded = p->discarded;
    pthread_mutex_unlock(&p->mu);
    return SURQL_OK;
}

int surql_conn_pool_close(surql_conn_pool *p, int64_t wait_ms)
{
    if (!p)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_pool_close: NULL argument");
    pthread_mutex_lock(&p->mu);
    p->refs++;
    p->closed = 1;
    pthread_cond_broadcast(&p->avail);
    /* idle clients go now */
    while (p->nidle > 0) {
        surql_conn_client *c = p->idle[--p->nidle];
        pthread_mutex_unlock(&p->mu);
        surql_conn_client_free(c);
        pthread_mutex_lock(&p->mu);
    }
    struct timespec dl;
    if (wait_ms > 0)
        abs_deadline(&dl, wait_ms);
    while (p->nlent + p->opening > 0 && wait_ms != 0) {
        int w = wait_ms > 0 ? pthread_cond_timedwait(&p->returned, &p->mu, &dl)
                            : pthread_cond_wait(&p->returned, &p->mu);
        if (w == ETIMEDOUT)
            break;
    }
    size_t n = p->nlent;
    surql_conn_client **still = n ? calloc(n, sizeof *still) : NULL;
    for (size_t i = 0; still && i < n; i++)
        still[i] = surql_conn_client_ref(p->lent[i]);
    pthread_mutex_unlock(&p->mu);
    /* close (not free: the borrowers still hold them) what is still lent */
    for (size_t i = 0; still && i < n; i++) {
        surql_conn_client_close(still[i]);
        surql_conn_client_free(still[i]);
    }
    free(still);
    int rc = SURQL_OK;
    if (n)
        rc = surql_error_set(SURQL_ETIMEOUT, DOMAIN,
                             "pool closed with %zu client%s still borrowed after %lld ms: they "
                             "were closed; give them back with surql_conn_pool_return()",
                             n, n == 1 ? "" : "s", (long long)wait_ms);
    pthread_mutex_lock(&p->mu);
    unref_unlock(p);
    return rc;
}

void surql_conn_pool_free(surql_conn_pool *p)
{
    if (!p)
        return;
    surql_conn_pool_close(p, 0);
    pthread_mutex_lock(&p->mu);
    unref_unlock(p);
}
