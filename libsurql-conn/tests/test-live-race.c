/* A live query started while the connection is re-established, against the
 * dev server (v3, persistent storage): the server is restarted exactly
 * between the moment the `live` call was answered and the moment its handle
 * is registered (an internal test hook in live.c), so the supervisor's
 * re-issue of the running live queries cannot see it. The start must notice
 * and re-issue it on the new connection itself: a write afterwards is
 * delivered to the handle. (Before, start only logged a warning and the
 * handle kept the id of the dead connection: no event ever arrived.)
 * Like every live query re-issued after a reconnect, it first receives a
 * GAP event: changes between the loss and the re-issue may have been
 * missed. With SURQL_CONN_LIVE_REPLAY_GAP (_replay_v3), a record written
 * inside the window (while the live query has no live id) comes back as a
 * REPLAY event right after the GAP. */
#include "client-fixture.h"

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <surql/conn/live.h>

#include "live-internal.h"

static int64_t fx_wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

typedef struct race {
    fx *f;
    int replay;       /* SURQL_CONN_LIVE_REPLAY_GAP: write lr:0 inside the window */
    int restarted;    /* the server was restarted inside the window */
    int reconnected;  /* and the client had reconnected before start went on */
    int wrote;        /* lr:0 was written while the live query had no live id */
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
    surql_conn_client *w = NULL;
    if (r->replay && r->reconnected && surql_conn_client_open(&w, r->f->cfg, NULL) == SURQL_OK) {
        surql_value *res = NULL;
        r->wrote = surql_conn_query_checked(&res, w, "CREATE lr:0 SET n = 0", NULL) == SURQL_OK;
        surql_value_unref(res);
    }
    surql_conn_client_free(w);
}

/* "REPLAY update lr:0" for a replayed change, else the action's name */
static void event_text(const surql_conn_live_event *ev, char *out, size_t cap)
{
    if (!ev) {
        snprintf(out, cap, "(none)");
        return;
    }
    const char *tb = NULL, *kind = "";
    const surql_value *key = NULL;
    int64_t k = -1;
    if (ev->action == SURQL_CONN_LIVE_REPLAY && ev->result)
        kind = surql_value_object_get(ev->result, "update")   ? " update"
               : surql_value_object_get(ev->result, "delete") ? " delete"
                                                              : " ?";
    if (ev->record && surql_value_record_table(ev->record, &tb) == SURQL_OK &&
        surql_value_record_key(ev->record, &key) == SURQL_OK &&
        surql_value_get_int(key, &k) == SURQL_OK)
        snprintf(out, cap, "%s%s %s:%lld", surql_conn_live_action_name(ev->action), kind, tb,
                 (long long)k);
    else
        snprintf(out, cap, "%s%s%s%s", surql_conn_live_action_name(ev->action), kind,
                 ev->message ? " " : "", ev->message ? ev->message : "");
}

static void race_body(fx *f, int replay)
{
    surql_value_unref(fx_q(f->c,
                           replay ? "DEFINE TABLE lr SCHEMALESS CHANGEFEED 1h"
                                  : "DEFINE TABLE lr SCHEMALESS",
                           NULL));
    ST_BAIL_IF_FAILED();
    race r = { f, replay, 0, 0, 0 };
    surql_conn__live_start_hook_ud = &r;
    surql_conn__live_start_hook = in_window;
    surql_conn_live *lq = NULL;
    surql_conn_live_options o = SURQL_CONN_LIVE_OPTIONS_INIT;
    if (replay)
        o.flags = SURQL_CONN_LIVE_REPLAY_GAP;
    int64_t before = fx_wall_ms();
    int rc = surql_conn_live_start(&lq, f->c, "lr", &o);
    int64_t after = fx_wall_ms();
    surql_conn__live_start_hook = NULL;
    st_note("start: %s; restarted %d, reconnected %d", surql_conn_status_name(rc), r.restarted,
            r.reconnected);
    /* the GAP comes first: queued by the start before it returned */
    surql_conn_live_event *gap = NULL;
    int grc = rc == SURQL_OK ? surql_conn_live_next(lq, &gap, 0) : -1;
    surql_value *cur = rc == SURQL_OK ? surql_conn_live_id(lq) : NULL;
    /* with REPLAY_GAP, the change made while the live query had no live id,
     * read back from the changefeed, queued before start returned too */
    surql_conn_live_event *rep = NULL;
    if (replay && rc == SURQL_OK)
        surql_conn_live_next(lq, &rep, 0);
    char rtext[256];
    event_text(rep, rtext, sizeof rtext);
    surql_conn_live_event_free(rep);
    surql_conn_live_stats lst = { 0, 0, 0, 0, 0 };
    if (rc == SURQL_OK)
        surql_conn_live_get_stats(lq, &lst);
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
    int ok = ev && ev->action == SURQL_CONN_LIVE_CREATE && surql_value_equal(ev->query_id, cur);
    char gname[16];
    snprintf(gname, sizeof gname, "%s", gap ? surql_conn_live_action_name(gap->action) : "(none)");
    int64_t gfrom = gap ? gap->gap_from_ms : -1, gto = gap ? gap->gap_to_ms : -1;
    int gid = gap && cur && surql_value_equal(gap->query_id, cur);
    int gmsg = gap && gap->message && strstr(gap->message, "may have been missed") != NULL;
    if (gap)
        st_note("GAP [%lld, %lld] (start ran [%lld, %lld]): %s", (long long)gfrom,
                (long long)gto, (long long)before, (long long)after,
                gap->message ? gap->message : "");
    surql_conn_live_event_free(gap);
    surql_conn_live_event_free(ev);
    surql_value_unref(cur);
    surql_conn_live_free(lq);
    surql_conn_client_free(w);
    ST_OK(rc);
    ST_CHECK(r.restarted && r.reconnected);
    ST_EQ_INT(grc, SURQL_OK);
    ST_EQ_STR(gname, "GAP");
    ST_CHECKF(before <= gfrom && gfrom <= gto && gto <= after,
              "GAP [%lld, %lld] must lie inside the start [%lld, %lld], from <= to",
              (long long)gfrom, (long long)gto, (long long)before, (long long)after);
    ST_CHECK(gid);
    ST_CHECK(gmsg);
    ST_EQ_INT(lst.gaps, 1);
    if (replay) {
        ST_CHECK(r.wrote);
        ST_EQ_STR(rtext, "REPLAY update lr:0");
    }
    ST_CHECKF(wopen, "the writer could not be opened");
    ST_EQ_INT(nrc, SURQL_OK);
    ST_CHECK(ok);
}

static void race_run(int replay)
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
                race_body(&f, replay);
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

ST_TEST(start_during_reconnect_v3) { race_run(0); }

ST_TEST(start_during_reconnect_replay_v3) { race_run(1); }

ST_MAIN(ST_CASE(start_during_reconnect_v3), ST_CASE(start_during_reconnect_replay_v3))
