/* A live query started while the connection is re-established, against the
 * dev server (v3, persistent storage): the server is restarted exactly
 * between the moment the `live` call was answered and the moment its handle
 * is registered (an internal test hook in live.c), so the supervisor's
 * re-issue of the running live queries cannot see it. The start must notice
 * and re-issue it on the new connection itself: a write afterwards is
 * delivered to the handle. (Before, start only logged a warning and the
 * handle kept the id of the dead connection: no event ever arrived.) */
#include "client-fixture.h"

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <surql/conn/live.h>

#include "live-internal.h"

typedef struct race {
    fx *f;
    int restarted;    /* the server was restarted inside the window */
    int reconnected;  /* and the client had reconnected before start went on */
} race;

/* the hook: restart the server and wait until the client has reconnected
 * (the supervisor has re-issued the registered live queries: none) */
static void in_window(void *ud)
{
    race *r = ud;
    surql_conn__live_start_hook = NULL; /* once */
    r->restarted = st_server_restart(&r->f->s) == 0;
    for (int i = 0; r->restarted && i < 600; i++) {
        surql_conn_client_stats st;
        if (surql_conn_client_get_stats(r->f->c, &st) == SURQL_OK && st.reconnects >= 1 &&
            surql_conn_client_state(r->f->c) == SURQL_CONN_STATE_CONNECTED) {
            r->reconnected = 1;
            break;
        }
        fx_sleep_ms(50);
    }
}

static void race_body(fx *f)
{
    surql_value_unref(fx_q(f->c, "DEFINE TABLE lr SCHEMALESS", NULL));
    ST_BAIL_IF_FAILED();
    race r = { f, 0, 0 };
    surql_conn__live_start_hook_ud = &r;
    surql_conn__live_start_hook = in_window;
    surql_conn_live *lq = NULL;
    int rc = surql_conn_live_start(&lq, f->c, "lr", NULL);
    surql_conn__live_start_hook = NULL;
    st_note("start: %s; restarted %d, reconnected %d", surql_conn_status_name(rc), r.restarted,
            r.reconnected);
    surql_conn_client *w = NULL;
    surql_conn_live_event *ev = NULL;
    int nrc = -1, wopen = 0;
    if (rc == SURQL_OK && r.reconnected && surql_conn_client_open(&w, f->cfg, NULL) == SURQL_OK) {
        wopen = 1;
        surql_value_unref(fx_q(w, "CREATE lr:1 SET n = 1", NULL));
        nrc = surql_conn_live_next(lq, &ev, 10000);
        if (nrc)
            st_note("live next: %s: %s", surql_conn_status_name(nrc), fx_msg());
    }
    int ok = ev && ev->action == SURQL_CONN_LIVE_CREATE;
    surql_conn_live_event_free(ev);
    surql_conn_live_free(lq);
    surql_conn_client_free(w);
    ST_OK(rc);
    ST_CHECK(r.restarted && r.reconnected);
    ST_CHECKF(wopen, "the writer could not be opened");
    ST_EQ_INT(nrc, SURQL_OK);
    ST_CHECK(ok);
}

ST_TEST(start_during_reconnect_v3)
{
    fx f;
    memset(&f, 0, sizeof f);
    char dir[] = "/tmp/surql-live-race-XXXXXX";
    int have_dir = mkdtemp(dir) != NULL;
    char storage[128];
    snprintf(storage, sizeof storage, "surrealkv:%s/db", dir);
    if (!have_dir) {
        st_fail(__FILE__, __LINE__, "mkdtemp failed");
    } else if (surql_conn_global_init() < 1) {
        st_fail(__FILE__, __LINE__, "global init: %s", fx_msg());
    } else {
        f.inited = 1;
        if (st_server_start(&f.s, "v3", storage) == 0) {
            snprintf(f.ns, sizeof f.ns, "%s", st_unique_name("ns"));
            snprintf(f.db, sizeof f.db, "%s", st_unique_name("db"));
            if (fx_config(&f, f.s.ws_url, SURQL_CONN_PROTOCOL_CBOR) == 0 &&
                (surql_conn_config_set_timeout_ms(f.cfg, 5000) ||
                 surql_conn_config_set_retry_min_wait_ms(f.cfg, 100) ||
                 surql_conn_config_set_retry_max_wait_ms(f.cfg, 1000)))
                st_fail(__FILE__, __LINE__, "config: %s", fx_msg());
            else if (!st_failed_now() && surql_conn_client_open(&f.c, f.cfg, NULL) != SURQL_OK)
                st_fail(__FILE__, __LINE__, "open: %s", fx_msg());
            else if (!st_failed_now())
                race_body(&f);
        }
    }
    fx_teardown(&f);
    if (have_dir) {
        char cmd[200];
        snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
        if (system(cmd) != 0)
            st_note("could not remove %s", dir);
    }
}

ST_MAIN(ST_CASE(start_during_reconnect_v3))
