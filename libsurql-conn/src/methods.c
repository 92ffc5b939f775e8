/* Typed RPC methods (surql/conn/methods.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <surql/conn/client.h>
#include <surql/conn/error.h>
#include <surql/conn/methods.h>
#include <surql/query/result.h>
#include <surql/schema/error.h>
#include <surql/schema/literal.h>

#include "client-internal.h"

#define DOMAIN SURQL_CONN__DOMAIN
#define IDEM SURQL_CONN_CALL_IDEMPOTENT

static int bad(const char *fn, const char *what)
{
    return surql_error_set(SURQL_EINVAL, DOMAIN, "%s: %s", fn, what);
}

/* call @p method with @p n params */
static int callv(surql_value **out, surql_conn_client *c, const char *method, unsigned flags,
                 size_t n, const surql_value *const *v)
{
    surql_value *params = surql_conn__params(n, v);
    if (!params)
        return SURQL_ENOMEM;
    int rc = surql_conn__call(out, c, method, params, flags, surql_conn__deadline(c, 0));
    surql_value_unref(params);
    return rc;
}

int surql_conn_ping(surql_conn_client *c)
{
    if (!c)
        return bad("surql_conn_ping", "client is NULL");
    return surql_conn__call(NULL, c, "ping", NULL, IDEM, surql_conn__deadline(c, 0));
}

int surql_conn_server_version(surql_value **out, surql_conn_client *c)
{
    if (out)
        *out = NULL;
    if (!c)
        return bad("surql_conn_server_version", "client is NULL");
    return surql_conn__call(out, c, "version", NULL, IDEM, surql_conn__deadline(c, 0));
}

int surql_conn_info(surql_value **out, surql_conn_client *c)
{
    if (out)
        *out = NULL;
    if (!c)
        return bad("surql_conn_info", "client is NULL");
    return surql_conn__call(out, c, "info", NULL, IDEM, surql_conn__deadline(c, 0));
}

int surql_conn_use(surql_value **out, surql_conn_client *c, const char *ns, const char *db)
{
    if (out)
        *out = NULL;
    if (!c)
        return bad("surql_conn_use", "client is NULL");
    surql_value *n = ns ? surql_value_string(ns) : surql_value_none();
    surql_value *d = db ? surql_value_string(db) : surql_value_none();
    int rc;
    if (!n || !d) {
        rc = bad("surql_conn_use", "namespace or database is not valid UTF-8");
    } else {
        const surql_value *p[2] = { n, d };
        rc = callv(out, c, "use", IDEM, 2, p);
        if (!rc)
            rc = surql_conn__set_sess_use(c, ns, db);
    }
    surql_value_unref(n);
    surql_value_unref(d);
    if (rc && out)
        *out = surql_value_unref(*out);
    return rc;
}

int surql_conn_let(surql_conn_client *c, const char *name, const surql_value *value)
{
    if (!c || !name || !*name)
        return bad("surql_conn_let", !c ? "client is NULL" : "name is NULL or empty");
    surql_value *n = surql_value_string(name);
    if (!n)
        return bad("surql_conn_let", "name is not valid UTF-8");
    const surql_value *p[2] = { n, value ? value : surql_value_none() };
    int rc = callv(NULL, c, "let", IDEM, value ? 2 : 1, p);
    surql_value_unref(n);
    if (!rc)
        rc = surql_conn__set_sess_var(c, name, value);
    return rc;
}

int surql_conn_unset(surql_conn_client *c, const char *name)
{
    if (!c || !name || !*name)
        return bad("surql_conn_unset", !c ? "client is NULL" : "name is NULL or empty");
    surql_value *n = surql_value_string(name);
    if (!n)
        return bad("surql_conn_unset", "name is not valid UTF-8");
    const surql_value *p[1] = { n };
    int rc = callv(NULL, c, "unset", IDEM, 1, p);
    surql_value_unref(n);
    if (!rc)
        rc = surql_conn__set_sess_var(c, name, NULL);
    return rc;
}

/* HTTP: the session's `let` variables travel with each query (per-call
 * variables win). Returns a new reference or NULL (ENOMEM). */
static surql_value *merged_vars(surql_conn_client *c, const surql_value *vars)
{
    if (c->link->websocket)
        return vars ? surql_value_ref(vars) : NULL;
    pthread_mutex_lock(&c->link->mu);
    surql_value *sv = c->sess->vars ? surql_value_ref(c->sess->vars) : NULL;
    pthread_mutex_unlock(&c->link->mu);
    if (!sv || !surql_value_length(sv)) {
        surql_value_unref(sv);
        return vars ? surql_value_ref(vars) : NULL;
    }
    surql_value *m = surql_value_object();
    int rc = m ? 0 : SURQL_ENOMEM;
    const surql_value *src[2] = { sv, vars };
    for (int i = 0; i < 2 && !rc; i++) {
        surql_value_iter it;
        if (!src[i] || surql_value_iter_init(&it, src[i]) != SURQL_OK)
            continue;
        while (!rc && surql_value_iter_next(&it) == SURQL_OK)
            rc = surql_value_object_set_len(m, it.key, it.key_len, it.value);
    }
    surql_value_unref(sv);
    if (rc)
        m = surql_value_unref(m);
    return m;
}

static int do_query(surql_value **out, surql_conn_client *c, const char *sql,
                    const surql_value *vars, unsigned flags)
{
    if (vars && surql_value_type_of(vars) != SURQL_VALUE_OBJECT)
        return bad("surql_conn_query", "vars must be an object");
    surql_value *s = surql_value_string(sql);
    if (!s)
        return bad("surql_conn_query", "sql is not valid UTF-8");
    surql_value *v = merged_vars(c, vars);
    const surql_value *p[2] = { s, v };
    int rc = SURQL_OK;
    if (vars && !v)
        rc = surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    if (!rc)
        rc = callv(out, c, "query", flags, v ? 2 : 1, p);
    surql_value_unref(s);
    surql_value_unref(v);
    if (!rc && out && surql_value_type_of(*out) != SURQL_VALUE_ARRAY) {
        rc = surql_error_set(SURQL_CONN_EPROTOCOL, DOMAIN,
                             "RPC query: the result is %s, not an array",
                             surql_value_type_name(surql_value_type_of(*out)));
        *out = surql_value_unref(*out);
    }
    return rc;
}

int surql_conn_query(surql_value **out, surql_conn_client *c, const char *sql,
                     const surql_value *vars)
{
    if (out)
        *out = NULL;
    if (!c || !sql)
        return bad("surql_conn_query", !c ? "client is NULL" : "sql is NULL");
    return do_query(out, c, sql, vars, 0);
}

int surql_conn_query_check(const surql_value *results)
{
    if (!results)
        return bad("surql_conn_query_check", "results is NULL");
    return surql_conn__restatus_query(surql_query_result_check(results));
}

int surql_conn_query_checked(surql_value **out, surql_conn_client *c, const char *sql,
                             const surql_value *vars)
{
    if (out)
        *out = NULL;
    if (!c || !sql)
        return bad("surql_conn_query_checked", !c ? "client is NULL" : "sql is NULL");
    surql_value *r = NULL;
    int rc = do_query(&r, c, sql, vars, 0);
    if (!rc)
        rc = surql_conn_query_check(r);
    if (!rc && out)
        *out = r;
    else
        surql_value_unref(r);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* CRUD                                                                       */

int surql_conn_select(surql_value **out, surql_conn_client *c, const surql_value *what)
{
    if (out)
        *out = NULL;
    if (!c || !what)
        return bad("surql_conn_select", "NULL argument");
    const surql_value *p[1] = { what };
    return callv(out, c, "select", IDEM, 1, p);
}

static int what_data(surql_value **out, surql_conn_client *c, const char *method,
                     const surql_value *what, const surql_value *data)
{
    if (out)
        *out = NULL;
    if (!c || !what)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_%s: NULL argument", method);
    const surql_value *p[2] = { what, data };
    return callv(out, c, method, 0, data ? 2 : 1, p);
}

int surql_conn_create(surql_value **out, surql_conn_client *c, const surql_value *what,
                      const surql_value *data)
{
    return what_data(out, c, "create", what, data);
}

static int insert_like(surql_value **out, surql_conn_client *c, const char *method,
                       const surql_value *table, const surql_value *data)
{
    if (out)
        *out = NULL;
    if (!c || !data)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_%s: NULL argument", method);
    const surql_value *p[2] = { table ? table : surql_value_null(), data };
    return callv(out, c, method, 0, 2, p);
}

int surql_conn_insert(surql_value **out, surql_conn_client *c, const surql_value *table,
                      const surql_value *data)
{
    return insert_like(out, c, "insert", table, data);
}

int surql_conn_insert_relation(surql_value **out, surql_conn_client *c, const surql_value *table,
                               const surql_value *data)
{
    return insert_like(out, c, "insert_relation", table, data);
}

/* ---- the txn route: methods whose `txn` the server ignores -------------- */

/* Run @p sql with @p vars through `query` on @p c, check it, and return the
 * first statement's result; a single (non-range) record id target gives
 * the first record or NONE, as the RPC method would. */
static int via_query(surql_value **out, surql_conn_client *c, const char *sql,
                     surql_value *vars /* consumed */, int single)
{
    surql_value *r = NULL;
    int rc = vars ? do_query(&r, c, sql, vars, 0) : surql_error_set(SURQL_ENOMEM, DOMAIN,
                                                                      "out of memory");
    surql_value_unref(vars);
    if (!rc)
        rc = surql_conn_query_check(r);
    const surql_value *res = NULL;
    if (!rc && surql_query_result_at(r, 0, &res) != SURQL_OK)
        rc = surql_error_set(SURQL_CONN_EPROTOCOL, DOMAIN, "query returned no statement result");
    if (!rc && out) {
        if (single && surql_value_type_of(res) == SURQL_VALUE_ARRAY)
            res = surql_value_length(res) ? surql_value_array_at(res, 0) : surql_value_none();
        *out = surql_value_ref(res);
    }
    surql_value_unref(r);
    return rc;
}

static int is_single_record(const surql_value *v)
{
    const surql_value *key = NULL;
    return surql_value_type_of(v) == SURQL_VALUE_RECORD &&
           surql_value_record_key(v, &key) == SURQL_OK &&
           surql_value_type_of(key) != SURQL_VALUE_RANGE;
}

static surql_value *vars2(const char *k1, surql_value *v1, const char *k2, const surql_value *v2)
{
    surql_value *o = surql_value_object();
    int rc = o ? 0 : -1;
    if (!rc && v1)
        rc = surql_value_object_set(o, k1, v1);
    if (!rc && v2)
        rc = surql_value_object_set(o, k2, v2);
    surql_value_unref(v1);
    if (rc)
        o = surql_value_unref(o);
    return o;
}

int surql_conn_update(surql_value **out, surql_conn_client *c, const surql_value *what,
                      const surql_value *data)
{
    if (c && what && c->txn) {
        if (out)
            *out = NULL;
        return via_query(out, c, data ? "UPDATE $what CONTENT $data" : "UPDATE $what",
                         vars2("what", surql_conn__what(what), "data", data),
                         is_single_record(what));
    }
    return what_data(out, c, "update", what, data);
}

int surql_conn_upsert(surql_value **out, surql_conn_client *c, const surql_value *what,
                      const surql_value *data)
{
    return what_data(out, c, "upsert", what, data);
}

int surql_conn_merge(surql_value **out, surql_conn_client *c, const surql_value *what,
                     const surql_value *data)
{
    return what_data(out, c, "merge", what, data);
}

int surql_conn_patch(surql_value **out, surql_conn_client *c, const surql_value *what,
                     const surql_value *patches, int diff)
{
    if (out)
        *out = NULL;
    if (!c || !what || !patches)
        return bad("surql_conn_patch", "NULL argument");
    if (c->txn)
        return via_query(out, c,
                         diff ? "UPDATE $what PATCH $data RETURN DIFF" : "UPDATE $what PATCH $data",
                         vars2("what", surql_conn__what(what), "data", patches),
                         is_single_record(what));
    surql_value *d = surql_value_bool(diff != 0);
    const surql_value *p[3] = { what, patches, d };
    int rc = callv(out, c, "patch", 0, 3, p);
    surql_value_unref(d);
    return rc;
}

int surql_conn_delete(surql_value **out, surql_conn_client *c, const surql_value *what)
{
    if (out)
        *out = NULL;
    if (!c || !what)
        return bad("surql_conn_delete", "NULL argument");
    const surql_value *p[1] = { what };
    return callv(out, c, "delete", 0, 1, p);
}

static int table_name(const surql_value *t, const char **name)
{
    if (surql_value_get_string(t, name, NULL) == SURQL_OK)
        return SURQL_OK;
    if (surql_value_table_name(t, name) == SURQL_OK)
        return SURQL_OK;
    return bad("surql_conn_relate", "table must be a string or a table value");
}

int surql_conn_relate(surql_value **out, surql_conn_client *c, const surql_value *from,
                      const surql_value *table, const surql_value *to, const surql_value *data)
{
    if (out)
        *out = NULL;
    if (!c || !from || !table || !to)
        return bad("surql_conn_relate", "NULL argument");
    if (c->txn) {
        const char *name = NULL;
        int rc = table_name(table, &name);
        surql_buf sql = SURQL_BUF_INIT;
        if (!rc)
            rc = surql_buf_puts(&sql, "RELATE $from->");
        if (!rc)
            rc = surql_ident_escape(&sql, name);
        if (!rc)
            rc = surql_buf_puts(&sql, data ? "->$to CONTENT $data" : "->$to");
        surql_value *v = NULL;
        if (!rc) {
            v = vars2("from", surql_value_ref(from), "to", to);
            if (v && data && surql_value_object_set(v, "data", data) != 0)
                v = surql_value_unref(v);
        }
        if (!rc)
            rc = via_query(out, c, sql.ptr, v, is_single_record(from) && is_single_record(to));
        else
            surql_value_unref(v);
        surql_buf_dispose(&sql);
        return rc;
    }
    const surql_value *p[4] = { from, table, to, data };
    return callv(out, c, "relate", 0, data ? 4 : 3, p);
}

/* function names: segments of [A-Za-z0-9_] joined by "::" */
static int valid_fn_name(const char *s)
{
    if (!*s)
        return 0;
    for (const char *p = s; *p; p++) {
        if (*p == ':' && p[1] == ':' && p != s && p[2] && p[2] != ':') {
            p++;
            continue;
        }
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_'))
            return 0;
    }
    return 1;
}

static int valid_version(const char *s)
{
    if (!*s)
        return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              *p == '.' || *p == '-' || *p == '+'))
            return 0;
    return 1;
}

int surql_conn_run(surql_value **out, surql_conn_client *c, const char *name, const char *version,
                   const surql_value *args)
{
    if (out)
        *out = NULL;
    if (!c || !name)
        return bad("surql_conn_run", "NULL argument");
    if (args && surql_value_type_of(args) != SURQL_VALUE_ARRAY)
        return bad("surql_conn_run", "args must be an array");
    if (c->txn) {
        if (!valid_fn_name(name) || (version && !valid_version(version)))
            return surql_error_set(SURQL_EINVAL, DOMAIN,
                                   "surql_conn_run: invalid function name or version");
        surql_buf sql = SURQL_BUF_INIT;
        surql_value *v = surql_value_object();
        int rc = v ? surql_buf_printf(&sql, "RETURN %s", name) : SURQL_ENOMEM;
        if (!rc && version)
            rc = surql_buf_printf(&sql, "<%s>", version);
        if (!rc)
            rc = surql_buf_putc(&sql, '(');
        size_t n = args ? surql_value_length(args) : 0;
        for (size_t i = 0; !rc && i < n; i++) {
            char key[32];
            snprintf(key, sizeof key, "a%zu", i);
            rc = surql_buf_printf(&sql, "%s$%s", i ? ", " : "", key);
            if (!rc)
                rc = surql_value_object_set(v, key, surql_value_array_at(args, i));
        }
        if (!rc)
            rc = surql_buf_putc(&sql, ')');
        if (!rc)
            rc = via_query(out, c, sql.ptr, v, 0);
        else
            surql_value_unref(v);
        surql_buf_dispose(&sql);
        return rc;
    }
    surql_value *n = surql_value_string(name);
    surql_value *ver = version ? surql_value_string(version) : surql_value_none();
    if (!n || !ver) {
        surql_value_unref(n);
        surql_value_unref(ver);
        return bad("surql_conn_run", "name or version is not valid UTF-8");
    }
    const surql_value *p[3] = { n, ver, args };
    int rc = callv(out, c, "run", 0, args ? 3 : (version ? 2 : 1), p);
    surql_value_unref(n);
    surql_value_unref(ver);
    return rc;
}
