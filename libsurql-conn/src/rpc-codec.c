/* Wire format of RPC messages for the client: CBOR (the codec of
 * cbor-*.c) or JSON (the strict JSON of libsurql-schema, server form). */
#include <string.h>

#include <surql/conn/error.h>
#include <surql/schema/dialect.h>
#include <surql/schema/error.h>

#include "cbor-internal.h"
#include "client-internal.h"

#define DOMAIN SURQL_CONN__DOMAIN

static int json_key(surql_buf *out, const char *key, int first)
{
    int rc = first ? 0 : surql_buf_putc(out, ',');
    if (!rc)
        rc = surql_buf_putc(out, '"');
    if (!rc)
        rc = surql_buf_puts(out, key);
    if (!rc)
        rc = surql_buf_puts(out, "\":");
    return rc;
}

static int encode_json(surql_buf *out, int64_t id, const char *method, const surql_value *params,
                       const surql_value *session, const surql_value *txn)
{
    size_t mark = out->size;
    surql_value *m = surql_value_string(method);
    if (!m)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "RPC request: method is not valid UTF-8");
    int rc = surql_buf_putc(out, '{');
    if (!rc)
        rc = json_key(out, "id", 1);
    if (!rc)
        rc = surql_buf_printf(out, "%lld", (long long)id);
    if (!rc)
        rc = json_key(out, "method", 0);
    if (!rc)
        rc = surql_value_to_json(m, out, 0);
    if (!rc)
        rc = json_key(out, "params", 0);
    if (!rc)
        rc = params ? surql_value_to_json(params, out, 0) : surql_buf_puts(out, "[]");
    if (!rc && session) {
        rc = json_key(out, "session", 0);
        if (!rc)
            rc = surql_value_to_json(session, out, 0);
    }
    if (!rc && txn) {
        rc = json_key(out, "txn", 0);
        if (!rc)
            rc = surql_value_to_json(txn, out, 0);
    }
    if (!rc)
        rc = surql_buf_putc(out, '}');
    surql_value_unref(m);
    if (rc)
        surql_buf_truncate(out, mark);
    return rc;
}

int surql_conn__encode_request(surql_buf *out, surql_conn_protocol proto, int64_t id,
                               const char *method, const surql_value *params,
                               const surql_value *session, const surql_value *txn, int dialect)
{
    if (params && surql_value_type_of(params) != SURQL_VALUE_ARRAY)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "RPC %s: params must be an array, got %s",
                               method, surql_value_type_name(surql_value_type_of(params)));
    if (proto == SURQL_CONN_PROTOCOL_JSON)
        return encode_json(out, id, method, params, session, txn);
    surql_value *idv = surql_value_int(id);
    if (!idv)
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    unsigned flags = dialect == SURQL_DIALECT_V2 ? SURQL_CONN__CBOR_SET_AS_ARRAY : 0;
    int rc = surql_conn__cbor_encode_request(out, idv, method, params, session, txn, flags);
    surql_value_unref(idv);
    return rc;
}

int surql_conn__decode_message(surql_value **out, surql_conn_protocol proto, const void *data,
                               size_t len, size_t max_size)
{
    *out = NULL;
    if (proto == SURQL_CONN_PROTOCOL_JSON)
        return surql_value_from_json(out, (const char *)data, len, 0);
    surql_conn__cbor_limits lim;
    surql_conn__cbor_limits_default(&lim);
    if (max_size)
        lim.max_size = max_size;
    return surql_conn__cbor_decode(out, (const uint8_t *)data, len, &lim);
}

int surql_conn__classify(const surql_value *msg, surql_conn_protocol proto,
                         surql_conn__rpc_msg *m)
{
    int rc = surql_conn__rpc_classify(msg, m);
    if (rc || proto != SURQL_CONN_PROTOCOL_JSON || m->kind != SURQL_CONN__MSG_UNTAGGED)
        return rc;
    /* JSON: the live query id of a notification is a uuid *string* */
    const surql_value *r = m->result;
    if (surql_value_type_of(r) != SURQL_VALUE_OBJECT)
        return SURQL_OK;
    const surql_value *lid = surql_value_object_get(r, "id");
    const surql_value *act = surql_value_object_get(r, "action");
    const char *s = NULL, *a = NULL;
    if (surql_value_get_string(lid, &s, NULL) != SURQL_OK ||
        surql_value_get_string(act, &a, NULL) != SURQL_OK)
        return SURQL_OK;
    surql_value *u = surql_value_uuid_parse(s);
    if (!u)
        return SURQL_OK; /* a string id that is not a uuid: not a notification */
    surql_value_unref(u);
    m->kind = SURQL_CONN__MSG_NOTIFICATION;
    m->live_id = lid;
    m->action = a;
    m->record = surql_value_object_get(r, "record");
    m->data = surql_value_object_get(r, "result");
    return SURQL_OK;
}
