/* Minimal test-only `query` client (see engine-client.h). */
#include "engine-client.h"

#include <stdlib.h>
#include <string.h>

#include <surql/conn.h>

#include "cbor-internal.h"
#include "conn-internal.h"
#include "http-internal.h"

#define ENG_DOMAIN "surql-query-test"
#define ENG_DEADLINE_MS 60000

struct eng_client {
    surql_conn__http *h;
    char *ns, *db;
    char *token; /* root token from one `signin` (Basic root:root until then) */
    int dialect;
};

static int sign_in(eng_client *c);

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

int eng_open(eng_client **out, const char *url, const char *ns, const char *db, int dialect)
{
    *out = NULL;
    if (surql_conn_global_init() < 1)
        return surql_error_last()->code;
    eng_client *c = calloc(1, sizeof *c);
    int rc = c ? SURQL_OK : surql_error_set(SURQL_ENOMEM, ENG_DOMAIN, "out of memory");
    if (!rc) {
        c->dialect = dialect;
        c->ns = dup_str(ns);
        c->db = dup_str(db);
        if (!c->ns || !c->db)
            rc = surql_error_set(SURQL_ENOMEM, ENG_DOMAIN, "out of memory");
    }
    if (!rc)
        rc = surql_conn__http_new(&c->h, url, NULL);
    if (!rc)
        rc = sign_in(c);
    if (rc) {
        if (c) {
            c->h = NULL;
            eng_close(c);
        } else {
            surql_conn_global_shutdown();
        }
        return rc;
    }
    *out = c;
    return SURQL_OK;
}

void eng_close(eng_client *c)
{
    if (!c)
        return;
    surql_conn__http_free(c->h);
    free(c->ns);
    free(c->db);
    free(c->token);
    free(c);
    surql_conn_global_shutdown();
}

/* One RPC; *result owns the `result` of a successful reply. */
static int rpc(eng_client *c, const char *method, const surql_value *params, surql_value **result)
{
    *result = NULL;
    surql_value *msg = NULL;
    surql_buf req = SURQL_BUF_INIT;
    surql_conn__http_resp resp = SURQL_CONN__HTTP_RESP_INIT;
    surql_conn__http_auth auth = { c->ns, c->db, "root", "root", c->token };
    int rc = surql_conn__cbor_encode_request(
        &req, NULL, method, params, NULL, NULL,
        c->dialect == SURQL_DIALECT_V2 ? SURQL_CONN__CBOR_SET_AS_ARRAY : 0u);
    if (!rc)
        rc = surql_conn__http_rpc(c->h, SURQL_CONN_PROTOCOL_CBOR, req.ptr, req.size, &auth,
                                  surql_conn__now_ms() + ENG_DEADLINE_MS, &resp);
    if (!rc)
        rc = surql_conn__cbor_decode(&msg, (const uint8_t *)resp.body.ptr, resp.body.size, NULL);
    surql_conn__rpc_msg m;
    if (!rc)
        rc = surql_conn__rpc_classify(msg, &m);
    if (!rc && m.error)
        rc = surql_error_set(SURQL_CONN_EQUERY, ENG_DOMAIN, "RPC error %ld: %s", m.error_code,
                             m.error_message ? m.error_message : "?");
    if (!rc)
        *result = surql_value_ref(m.result);
    surql_value_unref(msg);
    surql_buf_dispose(&req);
    surql_conn__http_resp_clear(&resp);
    return rc;
}

/* Basic auth makes the server verify the password hash on every request (~40 ms); sign
 * in once as root and send the token instead. */
static int sign_in(eng_client *c)
{
    surql_value *params = surql_value_array(), *creds = surql_value_object(), *tok = NULL;
    int rc = params && creds ? SURQL_OK : SURQL_ENOMEM;
    if (!rc)
        rc = surql_value_object_set_take(creds, "user", surql_value_string("root"));
    if (!rc)
        rc = surql_value_object_set_take(creds, "pass", surql_value_string("root"));
    if (!rc)
        rc = surql_value_array_push(params, creds);
    if (!rc)
        rc = rpc(c, "signin", params, &tok);
    const surql_value *t = tok;
    if (!rc && surql_value_type_of(t) == SURQL_VALUE_OBJECT) /* 3.x {access, refresh} */
        t = surql_value_object_get(t, "access");
    const char *text = NULL;
    if (!rc && surql_value_get_string(t, &text, NULL) != 0)
        rc = surql_error_set(SURQL_CONN_EPROTOCOL, ENG_DOMAIN, "signin returned no token");
    if (!rc && !(c->token = dup_str(text)))
        rc = surql_error_set(SURQL_ENOMEM, ENG_DOMAIN, "out of memory");
    surql_value_unref(tok);
    surql_value_unref(creds);
    surql_value_unref(params);
    return rc;
}

int eng_query(eng_client *c, surql_value **response, const char *text, const surql_value *vars)
{
    *response = NULL;
    surql_value *params = surql_value_array(), *result = NULL;
    int rc = params ? SURQL_OK : surql_error_last()->code;
    if (!rc)
        rc = surql_value_array_push_take(params, surql_value_string(text));
    if (!rc)
        rc = vars ? surql_value_array_push(params, vars)
                  : surql_value_array_push_take(params, surql_value_object());
    if (!rc)
        rc = rpc(c, "query", params, &result);
    if (!rc && surql_value_type_of(result) != SURQL_VALUE_ARRAY)
        rc = surql_error_set(SURQL_CONN_EPROTOCOL, ENG_DOMAIN, "query result is not an array");
    if (!rc)
        *response = surql_value_ref(result);
    surql_value_unref(result);
    surql_value_unref(params);
    return rc;
}

int eng_exec(eng_client *c, surql_value **response, const surql_query_stmt *s)
{
    return eng_query(c, response, surql_query_stmt_text(s), surql_query_stmt_vars(s));
}

int eng_run(eng_client *c, surql_value **out, const surql_query_stmt *s)
{
    *out = NULL;
    surql_value *resp = NULL;
    int rc = eng_exec(c, &resp, s);
    if (!rc)
        rc = surql_query_stmt_read(out, s, resp);
    surql_value_unref(resp);
    return rc;
}

int eng_sql(eng_client *c, const char *text)
{
    surql_value *resp = NULL;
    int rc = eng_query(c, &resp, text, NULL);
    if (!rc)
        rc = surql_query_result_check(resp);
    surql_value_unref(resp);
    return rc;
}
