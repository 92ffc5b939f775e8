/* Executing batch helpers (surql/conn/batch.h): cut the input into chunks,
 * build every chunk's statement with libsurql-query first, then send the
 * chunks (one request each; several statements inside one batched
 * transaction), one after the other or several at once. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <surql/conn/batch.h>
#include <surql/conn/error.h>
#include <surql/conn/execute.h>
#include <surql/conn/txn.h>
#include <surql/query/batch.h>
#include <surql/query/builder.h>
#include <surql/query/crud.h>
#include <surql/query/error.h>
#include <surql/schema/buf.h>
#include <surql/schema/error.h>

#include "records-internal.h"

#define DOMAIN "surql-conn"

/* how to build one chunk's statement */
typedef struct bspec {
    const char *what; /* "insert_many" ... (messages) */
    int kind;
    const char *table, *edge, *to_table;
    const char *const *conflict;
    size_t nconflict;
    const surql_value *data;
    int quiet; /* the caller wants no records back (out == NULL) */
} bspec;

enum { B_UPSERT = 1, B_INSERT, B_RELATE, B_DELETE, B_CREATE };

static int build_chunk(surql_query_stmt **st, const bspec *s, int d, const surql_value *chunk)
{
    switch (s->kind) {
    case B_UPSERT:
        return surql_query_batch_upsert(st, d, s->table, chunk, s->conflict, s->nconflict);
    case B_INSERT: {
        int rc = surql_query_batch_insert(st, d, s->table, chunk); /* checks the rows */
        if (rc || !s->quiet)
            return rc;
        /* nobody reads the written records: the server need not send them */
        surql_query_stmt_unref(*st);
        *st = NULL;
        surql_query_builder *b = surql_query_values(surql_query_insert(s->table), chunk);
        b = surql_query_dialect(surql_query_returning(b, SURQL_QUERY_RETURN_NONE), d);
        rc = surql_query_build(st, b);
        surql_query_unref(b);
        return rc;
    }
    case B_RELATE:
        return surql_query_batch_relate(st, d, s->table, s->edge, s->to_table, chunk, s->data);
    case B_DELETE:
        return surql_query_batch_delete(st, d, s->table, chunk);
    default:
        return surql_query_crud_create_many(st, d, s->table, chunk);
    }
}

typedef struct bjob {
    const bspec *spec;
    surql_conn_client *c;
    size_t rows, chunk, n;
    surql_query_stmt **st; /* per chunk */
    surql_value **res;     /* per chunk, when sent and accepted */
    signed char *state;    /* 0 not sent, 1 written, -1 failed */
    pthread_mutex_t mu;
    size_t next;
    int stop;
    size_t failed; /* lowest failed chunk, SIZE_MAX when none */
    int code;
    long server_code;
    char *msg, *kind, *detail;
} bjob;

static size_t chunk_first(const bjob *j, size_t k) { return k * j->chunk; }
static size_t chunk_len(const bjob *j, size_t k)
{
    size_t f = chunk_first(j, k);
    return j->rows - f < j->chunk ? j->rows - f : j->chunk;
}

/* One request: a single statement as is, several in a batched transaction
 * (all or nothing). */
static int send_chunk(surql_value **out, surql_conn_client *c, const surql_query_stmt *st)
{
    if (surql_query_stmt_count(st) <= 1)
        return surql_conn_execute(out, c, st);
    surql_conn_txn *t = NULL;
    surql_value *entries = NULL;
    int rc = surql_conn_txn_begin(&t, c, SURQL_CONN_TXN_BATCH);
    if (!rc)
        rc = surql_conn_txn_execute(NULL, t, st);
    if (!rc)
        rc = surql_conn_txn_commit(&entries, t);
    surql_conn_txn_free(t);
    if (!rc)
        rc = surql_query_stmt_read(out, st, entries);
    surql_value_unref(entries);
    return rc;
}

/* Attempts for a chunk refused with a transaction conflict (SurrealDB 3.x
 * write conflicts between chunks in flight on one table). */
#define CONFLICT_ATTEMPTS 8

static int is_conflict(int rc)
{
    const surql_error *e = surql_error_last();
    return rc == SURQL_CONN_EQUERY &&
           (e->server_code == -32009 || strstr(e->message, "Transaction conflict") != NULL);
}

static void keep_error(bjob *j, size_t k)
{
    const surql_error *e = surql_error_last();
    if (j->failed != SIZE_MAX && j->failed < k)
        return;
    free(j->msg);
    free(j->kind);
    free(j->detail);
    j->failed = k;
    j->code = e->code ? e->code : SURQL_ERROR;
    j->server_code = e->server_code;
    j->msg = surql_strdup(e->message);
    j->kind = e->server_kind ? surql_strdup(e->server_kind) : NULL;
    j->detail = e->detail_json ? surql_strdup(e->detail_json) : NULL;
}

static void *worker(void *arg)
{
    bjob *j = arg;
    for (;;) {
        pthread_mutex_lock(&j->mu);
        if (j->stop || j->next >= j->n) {
            pthread_mutex_unlock(&j->mu);
            return NULL;
        }
        size_t k = j->next++;
        pthread_mutex_unlock(&j->mu);
        surql_value *v = NULL;
        int rc = send_chunk(&v, j->c, j->st[k]);
        for (int a = 1; rc && a < CONFLICT_ATTEMPTS && is_conflict(rc); a++) {
            /* the chunk was rolled back: sending it again cannot write it twice */
            struct timespec ts = { 0, (long)(5 << a) * 1000000L + (long)(k % 7) * 1000000L };
            nanosleep(&ts, NULL);
            rc = send_chunk(&v, j->c, j->st[k]);
        }
        pthread_mutex_lock(&j->mu);
        if (rc) {
            j->state[k] = -1;
            j->stop = 1;
            keep_error(j, k);
        } else {
            j->state[k] = 1;
            j->res[k] = v;
        }
        pthread_mutex_unlock(&j->mu);
    }
}

/* "1-2, 4" (1-based) of the chunks in state @p want, or "none" */
static void put_ranges(surql_buf *b, const bjob *j, int want)
{
    int any = 0;
    for (size_t k = 0; k < j->n; k++) {
        if (j->state[k] != want)
            continue;
        size_t e = k;
        while (e + 1 < j->n && j->state[e + 1] == want)
            e++;
        surql_buf_printf(b, "%s%zu", any ? ", " : "", k + 1);
        if (e > k)
            surql_buf_printf(b, "-%zu", e + 1);
        any = 1;
        k = e;
    }
    if (!any)
        surql_buf_puts(b, "none");
}

static int fail_message(bjob *j, surql_conn_batch_report *r)
{
    size_t f = j->failed, first = chunk_first(j, f), len = chunk_len(j, f);
    surql_buf m = SURQL_BUF_INIT;
    surql_buf_printf(&m, "%s: chunk %zu of %zu (rows %zu-%zu) failed %s; written: chunks ",
                     j->spec->what, f + 1, j->n, first, first + len - 1,
                     j->code == SURQL_CONN_EQUERY
                         ? "and was not written"
                         : "and may or may not have been written (the request's outcome is "
                           "unknown)");
    put_ranges(&m, j, 1);
    surql_buf_printf(&m, " (%zu rows); not sent: chunks ", r->rows_written);
    put_ranges(&m, j, 0);
    surql_buf_printf(&m, ": %s", j->msg ? j->msg : "failed");
    int rc = surql_error_set_server(j->code, DOMAIN, j->server_code, j->kind,
                                    m.ptr ? surql_buf_cstr(&m) : "batch failed", j->detail);
    surql_buf_dispose(&m);
    return rc;
}

static int run_chunks(bjob *j, unsigned in_flight)
{
    if (in_flight > j->n)
        in_flight = (unsigned)j->n;
    if (in_flight <= 1) {
        worker(j);
        return SURQL_OK;
    }
    pthread_t th[SURQL_CONN_BATCH_MAX_IN_FLIGHT];
    unsigned started = 0;
    for (; started < in_flight; started++)
        if (pthread_create(&th[started], NULL, worker, j) != 0)
            break;
    if (started == 0)
        worker(j); /* no thread could be started: do the work here */
    for (unsigned i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    return SURQL_OK;
}

static int check_opts(const surql_conn_batch_options *o, const bspec *spec, size_t *chunk,
                      unsigned *in_flight)
{
    const char *what = spec->what;
    *chunk = SURQL_CONN_BATCH_DEFAULT_CHUNK;
    /* independent single statements: two in flight overlap one chunk's
     * transfer and decoding with the engine's work on the other */
    *in_flight = spec->kind == B_INSERT ? SURQL_CONN_BATCH_DEFAULT_IN_FLIGHT_INSERT : 1;
    if (!o)
        return SURQL_OK;
    if (o->version != 1)
        return surql_error_set(SURQL_EINVAL, DOMAIN,
                               "%s: unknown options version %u (initialise with "
                               "SURQL_CONN_BATCH_OPTIONS_INIT)",
                               what, o->version);
    if (o->chunk_size > SURQL_CONN_BATCH_MAX_CHUNK)
        return surql_error_set(SURQL_EINVAL, DOMAIN,
                               "%s: chunk_size %zu is out of range: allowed 1-%d (0 = %d)", what,
                               o->chunk_size, SURQL_CONN_BATCH_MAX_CHUNK,
                               SURQL_CONN_BATCH_DEFAULT_CHUNK);
    if (o->in_flight > SURQL_CONN_BATCH_MAX_IN_FLIGHT)
        return surql_error_set(SURQL_EINVAL, DOMAIN,
                               "%s: in_flight %u is out of range: allowed 0-%d", what,
                               o->in_flight, SURQL_CONN_BATCH_MAX_IN_FLIGHT);
    if (o->chunk_size)
        *chunk = o->chunk_size;
    if (o->in_flight)
        *in_flight = o->in_flight;
    return SURQL_OK;
}

/* the input of chunk @p k: @p rows itself when it is one chunk */
static surql_value *chunk_value(const bjob *j, const surql_value *rows, size_t k)
{
    if (j->n == 1)
        return surql_value_ref(rows);
    surql_value *a = surql_value_array();
    size_t f = chunk_first(j, k), len = chunk_len(j, k);
    for (size_t i = 0; a && i < len; i++)
        if (surql_value_array_push(a, surql_value_array_at(rows, f + i)) != 0)
            a = surql_value_unref(a);
    return a;
}

static int build_all(bjob *j, const surql_value *rows, int dialect)
{
    for (size_t k = 0; k < j->n; k++) {
        surql_value *cv = chunk_value(j, rows, k);
        int rc = cv ? build_chunk(&j->st[k], j->spec, dialect, cv) : surql_error_last()->code;
        surql_value_unref(cv);
        if (rc) {
            if (j->n > 1) {
                surql_buf p = SURQL_BUF_INIT;
                surql_buf_printf(&p, "%s: chunk %zu of %zu (rows %zu-%zu; indexes below count "
                                     "from the chunk's first row); nothing was sent",
                                 j->spec->what, k + 1, j->n, chunk_first(j, k),
                                 chunk_first(j, k) + chunk_len(j, k) - 1);
                surql_error_prefix(p.ptr ? surql_buf_cstr(&p) : j->spec->what);
                surql_buf_dispose(&p);
            }
            return rc;
        }
    }
    return SURQL_OK;
}

static int concat_results(surql_value **out, bjob *j)
{
    if (j->n == 1) {
        *out = j->res[0];
        j->res[0] = NULL;
        return SURQL_OK;
    }
    surql_value *all = surql_value_array();
    for (size_t k = 0; all && k < j->n; k++) {
        const surql_value *r = j->res[k];
        size_t m = surql_value_length(r);
        for (size_t i = 0; all && i < m; i++)
            if (surql_value_array_push(all, surql_value_array_at(r, i)) != 0)
                all = surql_value_unref(all);
    }
    *out = all;
    return all ? SURQL_OK : surql_error_last()->code;
}

static int run_batch(surql_value **out, surql_conn_client *c, const bspec *spec,
                     const surql_value *rows, const surql_conn_batch_options *o)
{
    surql_conn_batch_report dummy, *r = o && o->version == 1 && o->report ? o->report : &dummy;
    memset(r, 0, sizeof *r);
    r->failed_chunk = SIZE_MAX;
    size_t chunk;
    unsigned in_flight;
    surql_conn__xcall x;
    int rc = surql_conn__xbegin(&x, c, out, spec->what);
    if (!rc)
        rc = check_opts(o, spec, &chunk, &in_flight);
    if (!rc && surql_value_type_of(rows) != SURQL_VALUE_ARRAY)
        rc = surql_error_set(SURQL_ETYPE, DOMAIN, "%s needs an array, got %s", spec->what,
                             surql_value_type_name(surql_value_type_of(rows)));
    if (!rc && surql_value_length(rows) == 0)
        rc = surql_error_set(SURQL_QUERY_EARG, DOMAIN, "%s: the batch is empty", spec->what);
    if (rc)
        return surql_conn__xdone(&x, rc);
    bspec quiet = *spec;
    quiet.quiet = out == NULL;
    bjob j;
    memset(&j, 0, sizeof j);
    j.spec = &quiet;
    j.c = x.c;
    j.rows = surql_value_length(rows);
    j.chunk = chunk;
    j.n = (j.rows + chunk - 1) / chunk;
    j.failed = SIZE_MAX;
    r->rows = j.rows;
    r->chunks = j.n;
    j.st = calloc(j.n, sizeof *j.st);
    j.res = calloc(j.n, sizeof *j.res);
    j.state = calloc(j.n, 1);
    if (!j.st || !j.res || !j.state)
        rc = surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    if (!rc)
        rc = build_all(&j, rows, x.dialect);
    if (!rc) {
        pthread_mutex_init(&j.mu, NULL);
        run_chunks(&j, in_flight);
        pthread_mutex_destroy(&j.mu);
        for (size_t k = 0; k < j.n; k++) {
            if (j.state[k] == 1) {
                r->chunks_written++;
                r->rows_written += chunk_len(&j, k);
            } else if (j.state[k] == 0) {
                r->chunks_not_sent++;
            }
        }
        if (j.failed != SIZE_MAX) {
            r->failed_chunk = j.failed;
            r->failed_first_row = chunk_first(&j, j.failed);
            r->failed_rows = chunk_len(&j, j.failed);
            rc = fail_message(&j, r);
        } else if (out) {
            rc = concat_results(out, &j);
        }
    }
    for (size_t k = 0; k < j.n; k++) {
        if (j.st)
            surql_query_stmt_unref(j.st[k]);
        if (j.res)
            surql_value_unref(j.res[k]);
    }
    free(j.st);
    free(j.res);
    free(j.state);
    free(j.msg);
    free(j.kind);
    free(j.detail);
    return surql_conn__xdone(&x, rc);
}

int surql_conn_batch_upsert(surql_value **out, surql_conn_client *c, const char *table,
                            const surql_value *rows, const char *const *conflict_fields,
                            size_t nconflict, const surql_conn_batch_options *opts)
{
    bspec s = { "upsert_many", B_UPSERT, table, NULL, NULL, conflict_fields, nconflict, NULL, 0 };
    return run_batch(out, c, &s, rows, opts);
}

/* The batches that take only a table. */
static int run_plain(surql_value **out, surql_conn_client *c, const char *what, int kind,
                     const char *table, const surql_value *rows,
                     const surql_conn_batch_options *opts)
{
    bspec s = { what, kind, table, NULL, NULL, NULL, 0, NULL, 0 };
    return run_batch(out, c, &s, rows, opts);
}

int surql_conn_batch_insert(surql_value **out, surql_conn_client *c, const char *table,
                            const surql_value *rows, const surql_conn_batch_options *opts)
{
    return run_plain(out, c, "insert_many", B_INSERT, table, rows, opts);
}

int surql_conn_batch_relate(surql_value **out, surql_conn_client *c, const char *from_table,
                            const char *edge, const char *to_table, const surql_value *pairs,
                            const surql_value *data, const surql_conn_batch_options *opts)
{
    bspec s = { "relate_many", B_RELATE, from_table, edge, to_table, NULL, 0, data, 0 };
    return run_batch(out, c, &s, pairs, opts);
}

int surql_conn_batch_delete(surql_value **out, surql_conn_client *c, const char *table,
                            const surql_value *ids, const surql_conn_batch_options *opts)
{
    return run_plain(out, c, "delete_many", B_DELETE, table, ids, opts);
}

int surql_conn__batch_create(surql_value **out, surql_conn_client *c, const char *table,
                             const surql_value *rows)
{
    return run_plain(out, c, "create_records", B_CREATE, table, rows, NULL);
}
