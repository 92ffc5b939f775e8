/*
 * RPC message helpers on top of the CBOR codec: encode a request
 * `{id, method, params[, session][, txn]}` (protocol reference §1.2) and
 * classify a decoded incoming message (§1.3, §1.7, §8).
 */
#include <cbor.h>
#include <string.h>

#include <surql/schema/error.h>

#include "cbor-internal.h"

#define DOMAIN SURQL_CONN__CBOR_DOMAIN

static int put_text(surql_buf *b, const char *s)
{
    unsigned char h[9];
    size_t n = strlen(s);
    size_t hl = cbor_encode_string_start(n, h, sizeof h);
    int rc = surql_buf_put(b, h, hl);
    return rc ? rc : surql_buf_put(b, s, n);
}

int surql_conn__cbor_encode_request(surql_buf *out, const surql_value *id, const char *method,
                                    const surql_value *params, const surql_value *session,
                                    const surql_value *txn, unsigned flags)
{
    if (!out)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "RPC request: output buffer is NULL");
    if (!method || !*method)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "RPC request: method is %s",
                               method ? "empty" : "NULL");
    if (id) {
        switch (surql_value_type_of(id)) {
        case SURQL_VALUE_NULL:
        case SURQL_VALUE_INT:
        case SURQL_VALUE_FLOAT:
        case SURQL_VALUE_STRING:
        case SURQL_VALUE_UUID:
        case SURQL_VALUE_DATETIME:
            break;
        default:
            return surql_error_set(SURQL_EINVAL, DOMAIN,
                                   "RPC request: id must be a number, string, uuid, datetime "
                                   "or null, got %s",
                                   surql_value_type_name(surql_value_type_of(id)));
        }
    }
    if (params && surql_value_type_of(params) != SURQL_VALUE_ARRAY)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "RPC request: params must be an array, got %s",
                               surql_value_type_name(surql_value_type_of(params)));
    const surql_value *u[2] = { session, txn };
    for (int i = 0; i < 2; i++)
        if (u[i] && surql_value_type_of(u[i]) != SURQL_VALUE_UUID)
            return surql_error_set(SURQL_EINVAL, DOMAIN, "RPC request: %s must be a uuid, got %s",
                                   i ? "txn" : "session",
                                   surql_value_type_name(surql_value_type_of(u[i])));
    surql_value *probe = surql_value_string(method); /* validates UTF-8 */
    if (!probe)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "RPC request: method is not valid UTF-8");
    surql_value_unref(probe);

    size_t mark = out->size;
    size_t n = 2 + (id != NULL) + (session != NULL) + (txn != NULL);
    unsigned char h[9];
    size_t hl = cbor_encode_map_start(n, h, sizeof h);
    int rc = surql_buf_put(out, h, hl);
    if (!rc && id) {
        rc = put_text(out, "id");
        if (!rc)
            rc = surql_conn__cbor_encode(id, out, flags);
    }
    if (!rc)
        rc = put_text(out, "method");
    if (!rc)
        rc = put_text(out, method);
    if (!rc)
        rc = put_text(out, "params");
    if (!rc) {
        if (params) {
            rc = surql_conn__cbor_encode(params, out, flags);
        } else {
            static const unsigned char empty = 0x80;
            rc = surql_buf_put(out, &empty, 1);
        }
    }
    if (!rc && session) {
        rc = put_text(out, "session");
        if (!rc)
            rc = surql_conn__cbor_encode(session, out, flags);
    }
    if (!rc && txn) {
        rc = put_text(out, "txn");
        if (!rc)
            rc = surql_conn__cbor_encode(txn, out, flags);
    }
    if (rc)
        surql_buf_truncate(out, mark);
    return rc;
}

static const char *str_of(const surql_value *v)
{
    const char *s = NULL;
    return surql_value_get_string(v, &s, NULL) == SURQL_OK ? s : NULL;
}

int surql_conn__rpc_classify(const surql_value *msg, surql_conn__rpc_msg *out)
{
    if (!out)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "RPC message: out is NULL");
    memset(out, 0, sizeof *out);
    if (surql_value_type_of(msg) != SURQL_VALUE_OBJECT)
        return surql_error_set(SURQL_EPARSE, DOMAIN, "RPC message is %s, not an object",
                               surql_value_type_name(surql_value_type_of(msg)));
    out->id = surql_value_object_get(msg, "id");
    out->result = surql_value_object_get(msg, "result");
    out->error = surql_value_object_get(msg, "error");
    out->session = surql_value_object_get(msg, "session");
    if (out->id && surql_value_is_none(out->id))
        out->id = NULL; /* an id of NONE counts as absent */
    if (!out->result && !out->error)
        return surql_error_set(SURQL_EPARSE, DOMAIN,
                               "RPC message has neither \"result\" nor \"error\"");
    if (out->result && out->error)
        return surql_error_set(SURQL_EPARSE, DOMAIN, "RPC message has both \"result\" and \"error\"");

    if (out->error) {
        const surql_value *e = out->error;
        if (surql_value_type_of(e) == SURQL_VALUE_STRING) {
            out->error_message = str_of(e); /* 2.x: {"error": "<text>"} */
        } else if (surql_value_type_of(e) == SURQL_VALUE_OBJECT) {
            int64_t code = 0;
            if (surql_value_get_int(surql_value_object_get(e, "code"), &code) == SURQL_OK)
                out->error_code = (long)code;
            out->error_message = str_of(surql_value_object_get(e, "message"));
            out->error_kind = str_of(surql_value_object_get(e, "kind"));
            out->error_details = surql_value_object_get(e, "details");
            if (out->error_details && surql_value_is_nullish(out->error_details))
                out->error_details = NULL;
        } else {
            return surql_error_set(SURQL_EPARSE, DOMAIN, "RPC error is %s, not an object",
                                   surql_value_type_name(surql_value_type_of(e)));
        }
        if (!out->error_message || !*out->error_message)
            out->error_message = "the server's error has no message"; /* never an empty error */
    }

    if (out->id) {
        out->kind = SURQL_CONN__MSG_RESPONSE;
        return SURQL_OK;
    }
    if (out->error) {
        out->kind = SURQL_CONN__MSG_ORPHAN_ERROR;
        return SURQL_OK;
    }
    const surql_value *r = out->result;
    const surql_value *lid = surql_value_object_get(r, "id");
    const char *action = str_of(surql_value_object_get(r, "action"));
    if (surql_value_type_of(r) == SURQL_VALUE_OBJECT &&
        surql_value_type_of(lid) == SURQL_VALUE_UUID && action) {
        out->kind = SURQL_CONN__MSG_NOTIFICATION;
        out->live_id = lid;
        out->action = action;
        out->record = surql_value_object_get(r, "record");
        out->data = surql_value_object_get(r, "result");
        if (!out->session) {
            const surql_value *s = surql_value_object_get(r, "session");
            if (surql_value_type_of(s) == SURQL_VALUE_UUID)
                out->session = s;
        }
        return SURQL_OK;
    }
    out->kind = SURQL_CONN__MSG_UNTAGGED;
    return SURQL_OK;
}
