/* Normalisation of SurrealDB error objects over 2.x and 3.x (protocol
 * reference §1.3) and their mapping to libsurql-conn status codes.
 *
 *   kind     3.x: as sent (unknown kinds are kept verbatim); 2.x: derived
 *            from the code (and, for -32000, from the message)
 *   code     as sent (3.x swaps -32602/-32603 relative to 2.x: the kind
 *            disambiguates)
 *   message  verbatim
 *   details  3.x `details` as JSON; the 3.0.0 form repeating the kind is
 *            unwrapped
 */
#include <stdlib.h>
#include <string.h>

#include <surql/conn/error.h>
#include <surql/query/error.h>
#include <surql/schema/dialect.h>
#include <surql/schema/error.h>

#include "cbor-internal.h"
#include "client-internal.h"

#define DOMAIN SURQL_CONN__DOMAIN

static int has(const char *msg, const char *needle)
{
    return msg && strstr(msg, needle) != NULL;
}

/* 2.x messages that mean "not authenticated / not allowed". */
static int v2_auth_message(const char *msg)
{
    return has(msg, "problem with authentication") || has(msg, "session has expired") ||
           has(msg, "IAM error") || has(msg, "Not enough permissions") ||
           has(msg, "Method not allowed") || has(msg, "token has expired") ||
           has(msg, "Invalid authentication") || has(msg, "No record was returned") ||
           has(msg, "Anonymous access not allowed") || has(msg, "expired");
}

static const char *derive_kind_ex(long code, const char *msg, int dialect, const char *dflt);

static const char *derive_kind(long code, const char *msg, int dialect)
{
    return derive_kind_ex(code, msg, dialect, "Internal");
}

const char *surql_conn__statement_kind(const char *msg)
{
    return derive_kind_ex(0, msg, SURQL_DIALECT_V2, "Query");
}

static const char *derive_kind_ex(long code, const char *msg, int dialect, const char *dflt)
{
    switch (code) {
    case -32700:
    case -32600:
        return "Validation";
    case -32601:
        return "NotFound";
    case -32602:
        return dialect == SURQL_DIALECT_V3 ? "NotAllowed" : "Validation";
    case -32603:
        return dialect == SURQL_DIALECT_V3 ? "Validation" : "Internal";
    case -32002:
        return "NotAllowed";
    case -32003:
    case -32004:
    case -32005:
    case -32009:
        return "Query";
    case -32006:
        return "Thrown";
    case -32007:
    case -32008:
        return "Serialization";
    default:
        break;
    }
    if (v2_auth_message(msg))
        return "NotAllowed";
    if (has(msg, "Parse error") || has(msg, "Invalid params") || has(msg, "Invalid Request"))
        return "Validation";
    if (has(msg, "already exists"))
        return "AlreadyExists";
    if (has(msg, "does not exist") || has(msg, "not found"))
        return "NotFound";
    if (has(msg, "An error occurred:"))
        return "Thrown";
    if (has(msg, "failed transaction") || has(msg, "cancelled transaction") ||
        has(msg, "timed out") || has(msg, "Transaction conflict"))
        return "Query";
    return dflt;
}

static const char *str_of(const surql_value *v)
{
    const char *s = NULL;
    return surql_value_get_string(v, &s, NULL) == SURQL_OK ? s : NULL;
}

static int map_status(const char *kind, long code, const char *msg, const surql_value *details)
{
    if (!strcmp(kind, "NotAllowed"))
        return SURQL_CONN_EAUTH;
    if (code == -32002)
        return SURQL_CONN_EAUTH;
    const char *dk = str_of(surql_value_object_get(details, "kind"));
    if (dk && !strcmp(dk, "Auth"))
        return SURQL_CONN_EAUTH;
    if (!strcmp(kind, "Query") || !strcmp(kind, "Thrown") || !strcmp(kind, "AlreadyExists"))
        return SURQL_CONN_EQUERY;
    if (!strcmp(kind, "NotFound")) {
        /* a missing table/record is the query's failure; a missing method,
         * session or transaction is a server-side state error */
        if (code == -32601 || (dk && (!strcmp(dk, "Method") || !strcmp(dk, "Session") ||
                                      !strcmp(dk, "Transaction"))) ||
            has(msg, "Session not found") || has(msg, "Transaction not found"))
            return SURQL_CONN_ESERVER;
        return SURQL_CONN_EQUERY;
    }
    if (!strcmp(kind, "Validation")) {
        /* a query that does not parse (-32000) is the caller's query failing;
         * invalid params / request / parse of the frame are server errors */
        if (code == -32000 || has(msg, "Parse error") || has(msg, "parse"))
            return code == -32700 ? SURQL_CONN_ESERVER : SURQL_CONN_EQUERY;
        return SURQL_CONN_ESERVER;
    }
    return SURQL_CONN_ESERVER;
}

static int auth_method(const char *m)
{
    return m && (!strcmp(m, "signin") || !strcmp(m, "signup") || !strcmp(m, "authenticate") ||
                 !strcmp(m, "refresh") || !strcmp(m, "revoke"));
}

int surql_conn__server_error(const surql_conn__rpc_msg *m, int dialect, const char *method)
{
    const char *msg = m->error_message ? m->error_message : "";
    const surql_value *details = m->error_details;
    const char *kind = m->error_kind;
    if (kind && details) {
        /* 3.0.0 repeats the kind: {kind: K, details: {kind: ..., ...}} */
        const char *dk = str_of(surql_value_object_get(details, "kind"));
        const surql_value *inner = surql_value_object_get(details, "details");
        if (dk && !strcmp(dk, kind) && surql_value_type_of(inner) == SURQL_VALUE_OBJECT)
            details = inner;
    }
    if (!kind)
        kind = derive_kind(m->error_code, msg, dialect);
    int status = map_status(kind, m->error_code, msg, details);
    /* every refusal of an authentication method is an auth failure (3.x
     * reports a record SIGNIN that returns nothing as Internal) */
    if (auth_method(method) && m->error_code != -32601 && m->error_code != -32700 &&
        m->error_code != -32600)
        status = SURQL_CONN_EAUTH;
    surql_buf dj = SURQL_BUF_INIT;
    const char *djs = NULL;
    if (details && !surql_value_is_nullish(details) && surql_value_to_json(details, &dj, 0) == 0)
        djs = surql_buf_cstr(&dj);
    surql_error_set_server(status, DOMAIN, m->error_code, kind, msg, djs);
    surql_buf_dispose(&dj);
    return status;
}

int surql_conn__restatus_query(int rc)
{
    if (rc != SURQL_QUERY_ESTATEMENT)
        return rc;
    const surql_error *e = surql_error_last();
    char *msg = surql_strdup(e->message);
    /* 2.x statement errors carry no kind: derive one from the message */
    char *kind = surql_strdup(e->server_kind ? e->server_kind
                                             : surql_conn__statement_kind(e->message));
    char *dj = e->detail_json ? surql_strdup(e->detail_json) : NULL;
    long code = e->server_code;
    surql_error_set_server(SURQL_CONN_EQUERY, DOMAIN, code, kind, msg ? msg : "statement failed",
                           dj);
    free(msg);
    free(kind);
    free(dj);
    return SURQL_CONN_EQUERY;
}

void surql_conn__error_save(surql_conn__saved_error *s)
{
    const surql_error *e = surql_error_last();
    s->code = e->code;
    s->server_code = e->server_code;
    s->message = surql_strdup(e->message);
    s->kind = e->server_kind ? surql_strdup(e->server_kind) : NULL;
    s->detail_json = e->detail_json ? surql_strdup(e->detail_json) : NULL;
}

int surql_conn__error_restore(surql_conn__saved_error *s)
{
    int code = s->code;
    if (code != SURQL_OK) {
        if (s->server_code || s->kind || s->detail_json)
            surql_error_set_server(code, DOMAIN, s->server_code, s->kind,
                                   s->message ? s->message : "", s->detail_json);
        else
            surql_error_set(code, DOMAIN, "%s", s->message ? s->message : "");
    } else {
        surql_error_clear();
    }
    free(s->message);
    free(s->kind);
    free(s->detail_json);
    s->message = s->kind = s->detail_json = NULL;
    return code;
}
