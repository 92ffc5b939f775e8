/* Shared fixture of the RPC client tests: start a dev server, open a client
 * on a fresh namespace/database, helpers to build values. Header-only
 * (static functions) so each test binary stays one translation unit. */
#ifndef SURQL_CONN_TEST_CLIENT_FIXTURE_H
#define SURQL_CONN_TEST_CLIENT_FIXTURE_H

#include "surql_test.h"
#include "surql_test_server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <surql/conn.h>

typedef struct fx {
    st_server s;
    surql_conn_config *cfg;
    surql_conn_client *c;
    char ns[64], db[64];
    int inited;
} fx;

static inline void fx_sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0) {
    }
}

static inline const char *fx_msg(void)
{
    return surql_error_last()->message;
}

/* Build a config for @p url (ws or http) with root credentials and a fresh
 * ns/db; 0 or -1 (failure recorded). */
static inline int fx_config(fx *f, const char *url, surql_conn_protocol proto)
{
    surql_conn_config_free(f->cfg);
    f->cfg = NULL;
    if (surql_conn_config_new(&f->cfg) || surql_conn_config_set_url(f->cfg, url) ||
        surql_conn_config_set_namespace(f->cfg, f->ns) ||
        surql_conn_config_set_database(f->cfg, f->db) ||
        surql_conn_config_set_username(f->cfg, f->s.user) ||
        surql_conn_config_set_password(f->cfg, f->s.pass) ||
        surql_conn_config_set_protocol(f->cfg, proto) ||
        surql_conn_config_set_timeout_ms(f->cfg, 20000))
        return st_fail(__FILE__, __LINE__, "config: %s", fx_msg()) - 1;
    return 0;
}

/* Optional: adjusts the config before the client is opened (per test binary). */
static void (*fx_config_hook)(surql_conn_config *cfg);

/* Start @p engine and open a client over @p transport ("ws" or "http"). */
static inline int fx_setup_ex(fx *f, const char *engine, const char *transport,
                       surql_conn_protocol proto, const surql_conn_client_options *o)
{
    memset(f, 0, sizeof *f);
    if (surql_conn_global_init() < 1)
        return st_fail(__FILE__, __LINE__, "global init: %s", fx_msg()) - 1;
    f->inited = 1;
    if (st_server_start(&f->s, engine, NULL) != 0)
        return -1;
    snprintf(f->ns, sizeof f->ns, "%s", st_unique_name("ns"));
    snprintf(f->db, sizeof f->db, "%s", st_unique_name("db"));
    if (fx_config(f, strcmp(transport, "http") ? f->s.ws_url : f->s.url, proto) != 0)
        return -1;
    if (fx_config_hook)
        fx_config_hook(f->cfg);
    int rc = surql_conn_client_open(&f->c, f->cfg, o);
    if (rc != 0)
        return st_fail(__FILE__, __LINE__, "open %s: %s: %s", f->s.ws_url,
                       surql_conn_status_name(rc), fx_msg()) - 1;
    return 0;
}

static inline int fx_setup(fx *f, const char *engine)
{
    return fx_setup_ex(f, engine, "ws", SURQL_CONN_PROTOCOL_CBOR, NULL);
}

static inline void fx_teardown(fx *f)
{
    surql_conn_client_free(f->c);
    f->c = NULL;
    surql_conn_config_free(f->cfg);
    f->cfg = NULL;
    st_server_stop(&f->s);
    if (f->inited)
        surql_conn_global_shutdown();
    f->inited = 0;
}

/* Set up, run @p body, always tear down (so a failed check never leaves a
 * server running). */
static inline void fx_run(const char *engine, const char *transport, surql_conn_protocol proto,
                   const surql_conn_client_options *o, void (*body)(fx *))
{
    fx f;
    if (fx_setup_ex(&f, engine, transport, proto, o) == 0)
        body(&f);
    fx_teardown(&f);
}

/* fx_run() over WebSocket with CBOR and default client options: the usual
 * case, e.g. ST_TEST(x_v3) { fx_run_ws("v3", x); } */
static inline void fx_run_ws(const char *engine, void (*body)(fx *))
{
    fx_run(engine, "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, body);
}

/* fx_run() over HTTP with CBOR and default client options */
static inline void fx_run_http(const char *engine, void (*body)(fx *))
{
    fx_run(engine, "http", SURQL_CONN_PROTOCOL_CBOR, NULL, body);
}

/* Note (test log) the last error of a call that returned rc: status, the
 * server's code, kind and details, and the message. Returns that error. */
static inline const surql_error *fx_note_error(const char *what, int rc)
{
    const surql_error *e = surql_error_last();
    st_note("%s: %s code %ld kind %s details %s: %s", what, surql_conn_status_name(rc),
            e->server_code, e->server_kind ? e->server_kind : "-",
            e->detail_json ? e->detail_json : "-", e->message);
    return e;
}

/* Run a checked query; returns the response or NULL (failure recorded). */
static inline surql_value *fx_q(surql_conn_client *c, const char *sql, const surql_value *vars)
{
    surql_value *r = NULL;
    int rc = surql_conn_query_checked(&r, c, sql, vars);
    if (rc != 0) {
        st_fail(__FILE__, __LINE__, "query '%s': %s: %s", sql, surql_conn_status_name(rc),
                fx_msg());
        return NULL;
    }
    return r;
}

/* JSON text of @p v (static buffer per call site is not thread-safe: tests only) */
static inline char *fx_json(const surql_value *v)
{
    surql_buf b = SURQL_BUF_INIT;
    if (surql_value_to_json(v, &b, SURQL_JSON_EXTENDED) != 0)
        surql_buf_puts(&b, "<unprintable>");
    return surql_buf_detach(&b);
}

/* Object from extended JSON text (test convenience). */
static inline surql_value *fx_v(const char *json)
{
    surql_value *v = NULL;
    if (surql_value_from_json(&v, json, strlen(json), SURQL_JSON_EXTENDED) != 0) {
        st_fail(__FILE__, __LINE__, "bad test JSON %s: %s", json, fx_msg());
        return NULL;
    }
    return v;
}

#define FX_EQ_VALUE(a, b)                                                                     \
    do {                                                                                      \
        if (!surql_value_equal((a), (b))) {                                                   \
            char *ja_ = fx_json(a), *jb_ = fx_json(b);                                        \
            st_fail(__FILE__, __LINE__, "values differ:\n  %s\n  %s", ja_, jb_);             \
            free(ja_);                                                                        \
            free(jb_);                                                                        \
            return;                                                                           \
        }                                                                                     \
    } while (0)

#endif
