/* Shared plumbing of the executing CRUD / graph / batch helpers (crud.c,
 * graph-exec.c, batch-exec.c): resolve the client, build with its dialect,
 * run through execute.c. */
#ifndef SURQL_CONN_RECORDS_INTERNAL_H
#define SURQL_CONN_RECORDS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <surql/query/stmt.h>
#include <surql/conn/client.h>

/* One executing call: the client (a reference of our own) and its dialect. */
typedef struct surql_conn__xcall {
    surql_conn_client *c;
    int dialect;
    const char *fn;
} surql_conn__xcall;

/* Start a call: *out (when not NULL) = NULL; @p c or the current client.
 * SURQL_ESTATE naming @p fn when there is none. */
int surql_conn__xbegin(surql_conn__xcall *x, surql_conn_client *c, surql_value **out,
                       const char *fn);
/* Finish: *out (when not NULL) = NULL; when @p rc (the build status) is OK run
 * @p st and store its shaped result in *out (NULL: discarded). Releases @p st
 * and the client. */
int surql_conn__xvalue(surql_conn__xcall *x, surql_value **out, surql_query_stmt *st, int rc);
/* Finish without running anything: release the client, return @p rc. */
int surql_conn__xdone(surql_conn__xcall *x, int rc);
/* Every row as an array, whatever the statement's shape. */
int surql_conn__xrows(surql_conn__xcall *x, surql_value **out, surql_query_stmt *st, int rc);
/* Same for COUNT statements (*n) and EXISTS statements (*yes). */
int surql_conn__xcount(surql_conn__xcall *x, int64_t *n, surql_query_stmt *st, int rc);
int surql_conn__xexists(surql_conn__xcall *x, int *yes, surql_query_stmt *st, int rc);
/* SURQL_EINVAL "<fn>: the output pointer is NULL". */
int surql_conn__xnull(const char *fn);

/* The whole body of a one-statement executing helper: begin on @p c (NULL: the
 * current client) naming @p fn; then evaluate @p build, an expression that
 * builds into `&st` for `x.dialect` and yields a status, or, when there is no
 * client, @p onfail (release what the builder would have consumed; `(void)0`
 * for nothing); finish through surql_conn__x<kind>(&x, out, st, rc) (kind:
 * value, rows, count, exists) and return its status. The finishers clear *out
 * before running, so @p out may be a surql_value ** or NULL. */
#define SURQL_CONN__XRUN(kind, out, c, fn, build, onfail)                                         \
    do {                                                                                           \
        surql_conn__xcall x;                                                                       \
        surql_query_stmt *st = NULL;                                                               \
        int rc = surql_conn__xbegin(&x, (c), NULL, (fn));                                          \
        if (!rc)                                                                                   \
            rc = (build);                                                                          \
        else                                                                                       \
            onfail;                                                                                \
        return surql_conn__x##kind(&x, (out), st, rc);                                             \
    } while (0)

/* Release @p n consumed conditions (after a failure before the builder took them). */
void surql_conn__release_conds(surql_query_expr *const *conds, size_t n);

/* create_records: the batch machinery (batch-exec.c) with default options. */
int surql_conn__batch_create(surql_value **out, surql_conn_client *c, const char *table,
                             const surql_value *rows);

#endif
