/* Transactions: 3.x interactive (begin/commit/cancel with txn) and batched
 * (one BEGIN ... COMMIT query with per-statement error attribution). */
#include <stdlib.h>
#include <string.h>

#include <surql/conn/error.h>
#include <surql/conn/execute.h>
#include <surql/conn/methods.h>
#include <surql/conn/txn.h>
#include <surql/query/result.h>
#include <surql/schema/dialect.h>
#include <surql/schema/error.h>
#include <surql/schema/log.h>

#include "client-internal.h"

#define DOMAIN SURQL_CONN__DOMAIN

enum { TXN_OPEN = 0, TXN_COMMITTED = 1, TXN_CANCELLED = 2 };

typedef struct txn_item {
    surql_query_stmt *stmt;
    size_t count; /* top-level statements */
} txn_item;

struct surql_conn_txn {
    pthread_mutex_t mu;
    surql_conn_client *c;    /* reference: the handle the transaction began on */
    surql_conn_client *view; /* interactive: the handle carrying txn */
    surql_value *id;         /* interactive: transaction uuid */
    int interactive;
    int state;
    txn_item *items;
    size_t n, cap;
    surql_value *raw_vars; /* variables bound by raw items (collision check) */
    int has_builder;
};

static int state_error(const surql_conn_txn *t)
{
    return surql_error_set(SURQL_ESTATE, DOMAIN, "transaction already %s",
                           t->state == TXN_COMMITTED ? "committed" : "cancelled");
}

int surql_conn_txn_begin(surql_conn_txn **out, surql_conn_client *c, unsigned flags)
{
    if (out)
        *out = NULL;
    if (!out || !c)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_txn_begin: NULL argument");
    surql_conn_txn *t = calloc(1, sizeof *t);
    if (!t)
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    pthread_mutex_init(&t->mu, NULL);
    t->c = surql_conn_client_ref(c);
    int rc = SURQL_OK;
    if (!(flags & SURQL_CONN_TXN_BATCH) && surql_conn__is_v3(c) && c->link->websocket && !c->txn) {
        rc = surql_conn__call(&t->id, c, "begin", NULL, SURQL_CONN__CALL_NO_TXN,
                              surql_conn__deadline(c, 0));
        if (!rc && surql_value_type_of(t->id) != SURQL_VALUE_UUID)
            rc = surql_error_set(SURQL_CONN_EPROTOCOL, DOMAIN, "begin returned %s, not a uuid",
                                 surql_value_type_name(surql_value_type_of(t->id)));
        if (!rc) {
            t->view = surql_conn__view_new(c, SURQL_CONN__VIEW_TXN, NULL, t->id);
            if (!t->view)
                rc = surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
        }
        t->interactive = 1;
    } else {
        t->raw_vars = surql_value_object();
        if (!t->raw_vars)
            rc = surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    }
    if (rc) {
        t->state = TXN_CANCELLED; /* nothing to cancel on the server */
        surql_conn_txn_free(t);
        return rc;
    }
    *out = t;
    return SURQL_OK;
}

int surql_conn_txn_is_interactive(const surql_conn_txn *t)
{
    return t ? t->interactive : 0;
}

surql_conn_client *surql_conn_txn_client(surql_conn_txn *t)
{
    return t && t->interactive ? t->view : NULL;
}

/* queue one statement (under t->mu) */
static int enqueue(surql_conn_txn *t, surql_query_stmt *s /* consumed */, size_t count, int raw)
{
    if (t->n == t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 8;
        txn_item *ni = realloc(t->items, nc * sizeof *ni);
        if (!ni) {
            surql_query_stmt_unref(s);
            return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
        }
        t->items = ni;
        t->cap = nc;
    }
    t->items[t->n].stmt = s;
    t->items[t->n].count = count;
    t->n++;
    if (!raw)
        t->has_builder = 1;
    return SURQL_OK;
}

static int is_placeholder_name(const char *k)
{
    if (k[0] != 'p' || !k[1])
        return 0;
    for (const char *p = k + 1; *p; p++)
        if (*p < '0' || *p > '9')
            return 0;
    return 1;
}

/* raw variables must not collide (under t->mu) */
static int check_raw_vars(surql_conn_txn *t, const surql_value *vars)
{
    surql_value_iter it;
    if (!vars || surql_value_iter_init(&it, vars) != SURQL_OK)
        return SURQL_OK;
    while (surql_value_iter_next(&it) == SURQL_OK) {
        const surql_value *old = surql_value_object_get_len(t->raw_vars, it.key, it.key_len);
        if (old && !surql_value_equal(old, it.value))
            return surql_error_set(SURQL_EINVAL, DOMAIN,
                                   "transaction: variable $%s is bound twice with different "
                                   "values",
                                   it.key);
        if (is_placeholder_name(it.key))
            return surql_error_set(SURQL_EINVAL, DOMAIN,
                                   "transaction: variable $%s collides with the $pN parameters "
                                   "of query-layer statements; rename it",
                                   it.key);
    }
    surql_value_iter_init(&it, vars);
    while (surql_value_iter_next(&it) == SURQL_OK)
        if (surql_value_object_set_len(t->raw_vars, it.key, it.key_len, it.value) != 0)
            return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    return SURQL_OK;
}

int surql_conn_txn_query(surql_value **out, surql_conn_txn *t, const char *sql,
                         const surql_value *vars)
{
    if (out)
        *out = NULL;
    if (!t || !sql)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_txn_query: NULL argument");
    if (vars && surql_value_type_of(vars) != SURQL_VALUE_OBJECT)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_txn_query: vars must be an object");
    pthread_mutex_lock(&t->mu);
    int st = t->state;
    pthread_mutex_unlock(&t->mu);
    if (st != TXN_OPEN)
        return state_error(t);
    if (t->interactive)
        return surql_conn_query_checked(out, t->view, sql, vars);
    size_t count = surql_conn__count_statements(sql);
    if (count == 0)
        return SURQL_OK;
    surql_query_stmt *s = NULL;
    int rc = surql_query_stmt_new_raw_trusted(&s, sql, vars, surql_conn_client_dialect(t->c),
                                              SURQL_QUERY_SHAPE_VALUE);
    if (rc)
        return rc;
    pthread_mutex_lock(&t->mu);
    rc = check_raw_vars(t, vars);
    if (!rc)
        rc = enqueue(t, s, count, 1);
    else
        surql_query_stmt_unref(s);
    pthread_mutex_unlock(&t->mu);
    return rc;
}

int surql_conn_txn_execute(surql_value **out, surql_conn_txn *t, const surql_query_stmt *stmt)
{
    if (out)
        *out = NULL;
    if (!t || !stmt)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_txn_execute: NULL argument");
    pthread_mutex_lock(&t->mu);
    int st = t->state;
    pthread_mutex_unlock(&t->mu);
    if (st != TXN_OPEN)
        return state_error(t);
    if (t->interactive)
        return surql_conn_execute(out, t->view, stmt);
    if (surql_query_stmt_dialect(stmt) != surql_conn_client_dialect(t->c))
        return surql_error_set(SURQL_EINVAL, DOMAIN,
                               "surql_conn_txn_execute: statement of another dialect");
    /* a statement without $pN placeholders keeps its own variables */
    const surql_value *vars = surql_query_stmt_vars(stmt);
    int builder = 0;
    surql_value_iter it;
    if (vars && surql_value_iter_init(&it, vars) == SURQL_OK)
        while (surql_value_iter_next(&it) == SURQL_OK)
            builder |= is_placeholder_name(it.key);
    pthread_mutex_lock(&t->mu);
    int rc = SURQL_OK;
    if (!builder)
        rc = check_raw_vars(t, vars);
    else {
        /* raw items bound pN names? those would collide after renumbering */
        surql_value_iter ri;
        surql_value_iter_init(&ri, t->raw_vars);
        while (!rc && surql_value_iter_next(&ri) == SURQL_OK)
            if (is_placeholder_name(ri.key))
                rc = surql_error_set(SURQL_EINVAL, DOMAIN, "transaction: $%s collides", ri.key);
    }
    if (!rc)
        rc = enqueue(t, surql_query_stmt_ref(stmt), surql_query_stmt_count(stmt), !builder);
    pthread_mutex_unlock(&t->mu);
    return rc;
}

static int is_cascade(const char *msg)
{
    return msg && (strstr(msg, "not executed due to a failed transaction") ||
                   strstr(msg, "not executed due to a cancelled transaction"));
}

/* Attribute the failure of a batch to its statement; returns EQUERY. */
static int attribute(const surql_conn_txn *t, const surql_value *resp, long off)
{
    size_t k = surql_value_length(resp);
    long culprit = -1, first = -1;
    for (size_t i = 0; i < k; i++) {
        const surql_value *e = surql_value_array_at(resp, i);
        const char *status = NULL, *msg = NULL;
        surql_value_get_string(surql_value_object_get(e, "status"), &status, NULL);
        if (!status || strcmp(status, "ERR") != 0)
            continue;
        surql_value_get_string(surql_value_object_get(e, "result"), &msg, NULL);
        if (first < 0)
            first = (long)i;
        if (!is_cascade(msg)) {
            culprit = (long)i;
            break;
        }
    }
    if (culprit < 0)
        culprit = first;
    const surql_value *e = surql_value_array_at(resp, (size_t)culprit);
    const char *msg = NULL, *kind = NULL;
    surql_value_get_string(surql_value_object_get(e, "result"), &msg, NULL);
    surql_value_get_string(surql_value_object_get(e, "kind"), &kind, NULL);
    if (!kind)
        kind = surql_conn__statement_kind(msg);
    const surql_value *details = surql_value_object_get(e, "details");
    surql_buf dj = SURQL_BUF_INIT;
    if (details && !surql_value_is_nullish(details))
        surql_value_to_json(details, &dj, 0);
    surql_buf m = SURQL_BUF_INIT;
    long n = off >= 0 ? culprit - off : culprit;
    if (off >= 0 && n >= 0) {
        size_t acc = 0, item = 0;
        while (item < t->n && acc + t->items[item].count <= (size_t)n)
            acc += t->items[item++].count;
        surql_buf_printf(&m, "transaction statement %ld (item %zu): %s", n, item,
                         msg ? msg : "failed");
    } else {
        surql_buf_printf(&m, "transaction failed (entry %ld of the response): %s", culprit,
                         msg ? msg : "failed");
    }
    int rc = surql_error_set_server(SURQL_CONN_EQUERY, DOMAIN, 0, kind,
                                    m.ptr ? m.ptr : "transaction failed",
                                    dj.size ? surql_buf_cstr(&dj) : NULL);
    surql_buf_dispose(&m);
    surql_buf_dispose(&dj);
    return rc;
}

static int commit_batch(surql_value **out, surql_conn_txn *t)
{
    if (t->n == 0) {
        if (out)
            *out = surql_value_array();
        return SURQL_OK;
    }
    int d = surql_conn_client_dialect(t->c);
    surql_query_stmt *b = NULL, *e = NULL, *all = NULL;
    const surql_query_stmt **list = calloc(t->n + 2, sizeof *list);
    int rc = list ? 0 : surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    if (!rc)
        rc = surql_query_stmt_new_raw_trusted(&b, "BEGIN TRANSACTION;", NULL, d,
                                              SURQL_QUERY_SHAPE_NONE);
    if (!rc)
        rc = surql_query_stmt_new_raw_trusted(&e, "COMMIT TRANSACTION;", NULL, d,
                                              SURQL_QUERY_SHAPE_NONE);
    size_t total = 0;
    if (!rc) {
        list[0] = b;
        for (size_t i = 0; i < t->n; i++) {
            list[i + 1] = t->items[i].stmt;
            total += t->items[i].count;
        }
        list[t->n + 1] = e;
        rc = surql_query_stmt_concat(&all, (const surql_query_stmt *const *)list, t->n + 2,
                                     SURQL_QUERY_SHAPE_VALUE);
    }
    free(list);
    surql_query_stmt_unref(b);
    surql_query_stmt_unref(e);
    surql_value *resp = NULL;
    if (!rc)
        rc = surql_conn_query(&resp, t->c, surql_query_stmt_text(all), surql_query_stmt_vars(all));
    surql_query_stmt_unref(all);
    if (rc)
        return rc;
    size_t k = surql_value_length(resp);
    /* 3.x answers BEGIN and COMMIT with NONE entries, 2.x does not; after a
     * failure 3.x may stop before the COMMIT entry */
    long off = d == SURQL_DIALECT_V3 ? 1 : 0;
    if (k < (size_t)off + total && surql_query_result_check(resp) == SURQL_OK)
        off = -1; /* unexpected count: return the response as is */
    if (surql_query_result_check(resp) != SURQL_OK) {
        rc = attribute(t, resp, off);
    } else if (out) {
        if (off < 0) {
            *out = surql_value_ref(resp);
        } else {
            surql_value *a = surql_value_array();
            for (size_t i = 0; a && i < total; i++)
                if (surql_value_array_push(a, surql_value_array_at(resp, (size_t)off + i)) != 0)
                    a = surql_value_unref(a);
            if (!a)
                rc = surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
            *out = a;
        }
    }
    surql_value_unref(resp);
    return rc;
}

static void drop_items(surql_conn_txn *t)
{
    for (size_t i = 0; i < t->n; i++)
        surql_query_stmt_unref(t->items[i].stmt);
    t->n = 0;
}

int surql_conn_txn_commit(surql_value **out, surql_conn_txn *t)
{
    if (out)
        *out = NULL;
    if (!t)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_txn_commit: NULL argument");
    pthread_mutex_lock(&t->mu);
    if (t->state != TXN_OPEN) {
        pthread_mutex_unlock(&t->mu);
        return state_error(t);
    }
    t->state = TXN_COMMITTED;
    pthread_mutex_unlock(&t->mu);
    int rc;
    if (t->interactive) {
        surql_value *params = surql_conn__params(1, (const surql_value *const *)&t->id);
        rc = params ? surql_conn__call(out, t->view, "commit", params, SURQL_CONN__CALL_NO_TXN,
                                       surql_conn__deadline(t->view, 0))
                    : SURQL_ENOMEM;
        surql_value_unref(params);
    } else {
        rc = commit_batch(out, t);
        drop_items(t);
    }
    return rc;
}

int surql_conn_txn_cancel(surql_conn_txn *t)
{
    if (!t)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_txn_cancel: NULL argument");
    pthread_mutex_lock(&t->mu);
    if (t->state != TXN_OPEN) {
        pthread_mutex_unlock(&t->mu);
        return SURQL_OK;
    }
    t->state = TXN_CANCELLED;
    drop_items(t);
    pthread_mutex_unlock(&t->mu);
    if (!t->interactive)
        return SURQL_OK;
    surql_value *params = surql_conn__params(1, (const surql_value *const *)&t->id);
    int rc = params ? surql_conn__call(NULL, t->view, "cancel", params, SURQL_CONN__CALL_NO_TXN,
                                       surql_conn__deadline(t->view, 0))
                    : SURQL_ENOMEM;
    surql_value_unref(params);
    return rc;
}

void surql_conn_txn_free(surql_conn_txn *t)
{
    if (!t)
        return;
    if (t->state == TXN_OPEN) {
        surql_conn__saved_error se;
        surql_conn__error_save(&se);
        if (surql_conn_txn_cancel(t) != 0)
            surql_log(SURQL_LOG_DEBUG, DOMAIN, "cancel on free failed: %s",
                      surql_error_last()->message);
        surql_conn__error_restore(&se);
    }
    drop_items(t);
    free(t->items);
    surql_value_unref(t->raw_vars);
    surql_value_unref(t->id);
    surql_conn_client_free(t->view);
    surql_conn_client_free(t->c);
    pthread_mutex_destroy(&t->mu);
    free(t);
}

int surql_conn_transaction_run(surql_value **out, surql_conn_client *c, unsigned flags,
                               surql_conn_txn_fn fn, void *userdata)
{
    if (out)
        *out = NULL;
    if (!c || !fn)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_transaction_run: NULL argument");
    surql_conn_txn *t = NULL;
    int rc = surql_conn_txn_begin(&t, c, flags);
    if (rc)
        return rc;
    rc = fn(t, userdata);
    if (rc) {
        if (rc > 0) /* not a status: still a failure */
            rc = surql_error_set(SURQL_ERROR, DOMAIN,
                                 "transaction function returned %d; cancelled", rc);
        surql_conn_txn_free(t); /* cancels, keeps fn's error */
        return rc;
    }
    rc = surql_conn_txn_commit(out, t);
    surql_conn_txn_free(t);
    return rc;
}
