/* Shared setup of the live-query tests (test-live.c, test-fault.c): a
 * table, a live query on it and a second connection that writes (the
 * writer). Header-only (static functions) like client-fixture.h. */
#ifndef SURQL_CONN_TEST_LIVE_FIXTURE_H
#define SURQL_CONN_TEST_LIVE_FIXTURE_H

#include "client-fixture.h"

#include <surql/conn/live.h>

/* Open a writer on @p f's namespace/database: f->cfg, with its URL replaced
 * by @p url when not NULL (a writer that bypasses a test proxy). NULL with
 * the failure recorded. */
static inline surql_conn_client *lfx_writer(fx *f, const char *url)
{
    surql_conn_config *cfg = NULL;
    surql_conn_client *w = NULL;
    int rc = surql_conn_config_copy(&cfg, f->cfg);
    if (!rc && url)
        rc = surql_conn_config_set_url(cfg, url);
    if (!rc)
        rc = surql_conn_client_open(&w, cfg, NULL);
    surql_conn_config_free(cfg);
    if (rc)
        st_fail(__FILE__, __LINE__, "open writer: %s: %s", surql_conn_status_name(rc), fx_msg());
    return w;
}

/* On @p c: run @p ddl (NULL: `DEFINE TABLE <table> SCHEMALESS`), start a
 * live query on every record of @p table with options @p o (NULL: the
 * defaults) and open a writer (lfx_writer(f, writer_url)). 0; or -1 with the
 * failure recorded and nothing left open (*lq and *w NULL). */
static inline int lfx_start(fx *f, surql_conn_client *c, const char *ddl, const char *table,
                            const surql_conn_live_options *o, const char *writer_url,
                            surql_conn_live **lq, surql_conn_client **w)
{
    *lq = NULL;
    *w = NULL;
    char def[160];
    if (!ddl) {
        snprintf(def, sizeof def, "DEFINE TABLE %s SCHEMALESS", table);
        ddl = def;
    }
    surql_value_unref(fx_q(c, ddl, NULL));
    if (st_failed_now())
        return -1;
    int rc = surql_conn_live_start(lq, c, table, o);
    if (rc)
        return st_fail(__FILE__, __LINE__, "live start on %s: %s: %s", table,
                       surql_conn_status_name(rc), fx_msg()) - 1;
    *w = lfx_writer(f, writer_url);
    if (!*w) {
        surql_conn_live_free(*lq);
        *lq = NULL;
        return -1;
    }
    return 0;
}

#endif
