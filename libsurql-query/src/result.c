/* Result extraction over 2.x / 3.x `query` responses. */
#include <stdlib.h>
#include <string.h>

#include "query-internal.h"

static int is_entry(const surql_value *v)
{
    return surql_value_type_of(v) == SURQL_VALUE_OBJECT && surql_value_object_get(v, "result");
}

/* an array of per-statement entries? */
static int is_envelope(const surql_value *resp)
{
    return surql_value_type_of(resp) == SURQL_VALUE_ARRAY && surql_value_length(resp) > 0 &&
           is_entry(surql_value_array_at(resp, 0));
}

static int entry_error(const surql_value *e, size_t i)
{
    const surql_value *st = surql_value_object_get(e, "status");
    const char *s = NULL;
    if (!st || surql_value_get_string(st, &s, NULL) != 0 || strcmp(s, "ERR") != 0)
        return SURQL_OK;
    const surql_value *res = surql_value_object_get(e, "result");
    const char *msg = NULL;
    if (surql_value_get_string(res, &msg, NULL) != 0)
        msg = "(no message)";
    const char *kind = NULL;
    surql_value_get_string(surql_value_object_get(e, "kind"), &kind, NULL);
    const surql_value *details = surql_value_object_get(e, "details");
    /* 3.0.0 repeats the kind: details = {kind: <kind>, details: {...}} */
    const char *dk = NULL;
    if (kind && surql_value_get_string(surql_value_object_get(details, "kind"), &dk, NULL) == 0 &&
        strcmp(dk, kind) == 0 && surql_value_object_get(details, "details"))
        details = surql_value_object_get(details, "details");
    surql_buf dj = SURQL_BUF_INIT;
    int have_details = details && !surql_value_is_nullish(details) &&
                       surql_value_to_json(details, &dj, 0) == 0;
    surql_buf m = SURQL_BUF_INIT;
    if (surql_buf_printf(&m, "statement %zu: %s", i, msg) != 0)
        surql_buf_clear(&m);
    surql_error_set_server(SURQL_QUERY_ESTATEMENT, QDOM, 0, kind, surql_buf_cstr(&m),
                           have_details ? surql_buf_cstr(&dj) : NULL);
    surql_buf_dispose(&m);
    surql_buf_dispose(&dj);
    return SURQL_QUERY_ESTATEMENT;
}

int surql_query_result_check(const surql_value *resp)
{
    if (is_envelope(resp)) {
        for (size_t i = 0; i < surql_value_length(resp); i++) {
            int rc = entry_error(surql_value_array_at(resp, i), i);
            if (rc)
                return rc;
        }
    } else if (is_entry(resp)) {
        return entry_error(resp, 0);
    }
    return SURQL_OK;
}

size_t surql_query_result_count(const surql_value *resp)
{
    return is_envelope(resp) ? surql_value_length(resp) : 0;
}

int surql_query_result_at(const surql_value *resp, size_t i, const surql_value **result)
{
    if (!result)
        return QERR(SURQL_EINVAL, "result is NULL");
    if (!is_envelope(resp))
        return QERR(SURQL_QUERY_ERESPONSE, "not a query response (array of statement entries)");
    if (i >= surql_value_length(resp))
        return QERR(SURQL_ERANGE, "statement %zu of %zu", i, surql_value_length(resp));
    const surql_value *e = surql_value_array_at(resp, i);
    int rc = entry_error(e, i);
    if (rc)
        return rc;
    *result = surql_value_object_get(e, "result");
    return SURQL_OK;
}

static int append_result(surql_value *acc, const surql_value *res)
{
    if (surql_value_type_of(res) == SURQL_VALUE_ARRAY || surql_value_type_of(res) == SURQL_VALUE_SET) {
        for (size_t j = 0; j < surql_value_length(res); j++) {
            int rc = surql_value_array_push(acc, surql_value_array_at(res, j));
            if (rc)
                return rc;
        }
        return SURQL_OK;
    }
    if (surql_value_is_nullish(res))
        return SURQL_OK;
    return surql_value_array_push(acc, res);
}

int surql_query_extract_result(surql_value **out, const surql_value *resp)
{
    if (!out)
        return QERR(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    int rc = surql_query_result_check(resp);
    if (rc)
        return rc;
    if (surql_value_type_of(resp) == SURQL_VALUE_ARRAY && !is_envelope(resp)) {
        *out = surql_value_ref(resp);
        return SURQL_OK;
    }
    surql_value *acc = surql_value_array();
    if (!acc)
        return surql_error_last()->code;
    if (is_envelope(resp)) {
        for (size_t i = 0; !rc && i < surql_value_length(resp); i++)
            rc = append_result(acc, surql_value_object_get(surql_value_array_at(resp, i), "result"));
    } else if (is_entry(resp)) {
        rc = append_result(acc, surql_value_object_get(resp, "result"));
    }
    if (rc) {
        surql_value_unref(acc);
        return rc;
    }
    *out = acc;
    return SURQL_OK;
}

int surql_query_extract_one(surql_value **out, const surql_value *resp)
{
    if (!out)
        return QERR(SURQL_EINVAL, "out is NULL");
    surql_value *all = NULL;
    int rc = surql_query_extract_result(&all, resp);
    if (rc)
        return rc;
    const surql_value *first = surql_value_array_at(all, 0);
    *out = first ? surql_value_ref(first) : surql_value_none();
    surql_value_unref(all);
    return SURQL_OK;
}

int surql_query_extract_scalar(surql_value **out, const surql_value *resp, const char *key,
                               const surql_value *dflt)
{
    if (!out || !key)
        return QERR(SURQL_EINVAL, "NULL argument");
    surql_value *one = NULL;
    int rc = surql_query_extract_one(&one, resp);
    if (rc)
        return rc;
    const surql_value *v = surql_value_object_get(one, key);
    *out = v ? surql_value_ref(v) : dflt ? surql_value_ref(dflt) : surql_value_none();
    surql_value_unref(one);
    return SURQL_OK;
}

int surql_query_has_results(const surql_value *resp)
{
    surql_value *all = NULL;
    int rc = surql_query_extract_result(&all, resp);
    if (rc)
        return rc;
    int has = surql_value_length(all) > 0;
    surql_value_unref(all);
    return has;
}

int surql_query_stmt_read(surql_value **out, const surql_query_stmt *s, const surql_value *resp)
{
    if (!out || !s)
        return QERR(SURQL_EINVAL, "NULL argument");
    *out = NULL;
    int rc = surql_query_result_check(resp);
    if (rc)
        return rc;
    switch (s->shape) {
    case SURQL_QUERY_SHAPE_ROWS:
        return surql_query_extract_result(out, resp);
    case SURQL_QUERY_SHAPE_ONE:
        return surql_query_extract_one(out, resp);
    case SURQL_QUERY_SHAPE_EXISTS:
        rc = surql_query_has_results(resp);
        if (rc < 0)
            return rc;
        *out = surql_value_bool(rc);
        return SURQL_OK;
    case SURQL_QUERY_SHAPE_NONE:
        *out = surql_value_none();
        return SURQL_OK;
    case SURQL_QUERY_SHAPE_COUNT: {
        int64_t total = 0;
        size_t n = is_envelope(resp) ? surql_value_length(resp) : 1;
        for (size_t i = 0; i < n; i++) {
            const surql_value *res = is_envelope(resp)
                                         ? surql_value_object_get(surql_value_array_at(resp, i), "result")
                                         : is_entry(resp) ? surql_value_object_get(resp, "result")
                                                          : resp;
            const surql_value *row = surql_value_type_of(res) == SURQL_VALUE_ARRAY
                                         ? surql_value_array_at(res, 0)
                                         : res;
            const surql_value *c = surql_value_object_get(row, "count");
            int64_t k = 0;
            if (c && surql_value_get_int(c, &k) != 0) {
                double d;
                if (surql_value_get_number(c, &d) != 0)
                    return QERR(SURQL_QUERY_ERESPONSE, "count is a %s, not a number",
                                surql_value_type_name(surql_value_type_of(c)));
                k = (int64_t)d;
            }
            total += k;
        }
        *out = surql_value_int(total);
        return *out ? SURQL_OK : surql_error_last()->code;
    }
    case SURQL_QUERY_SHAPE_VALUE:
    default: {
        if (!is_envelope(resp)) {
            *out = resp ? surql_value_ref(resp) : surql_value_none();
            return SURQL_OK;
        }
        const surql_value *last = NULL;
        for (size_t i = 0; i < surql_value_length(resp); i++) {
            const surql_value *res = surql_value_object_get(surql_value_array_at(resp, i), "result");
            if (!surql_value_is_nullish(res))
                last = res;
        }
        *out = last ? surql_value_ref(last) : surql_value_none();
        return SURQL_OK;
    }
    }
}
