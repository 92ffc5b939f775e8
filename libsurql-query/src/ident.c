/* Names, field paths and record ids given as text. */
#include <string.h>

#include "query-internal.h"

int surql_query_ident_check(const char *name, const char *what)
{
    return surql_ident_validate(name, what ? what : "identifier");
}

int q_name_escape(surql_buf *out, const char *name, const char *what)
{
    int rc = surql_ident_validate(name, what);
    if (rc)
        return rc;
    return surql_ident_escape(out, name);
}

char *q_name_dup(const char *name, const char *what)
{
    surql_buf b = SURQL_BUF_INIT;
    if (q_name_escape(&b, name, what) != 0) {
        surql_buf_dispose(&b);
        return NULL;
    }
    char *s = surql_buf_detach(&b);
    if (!s)
        QERR(SURQL_ENOMEM, "out of memory");
    return s;
}

static int path_escape(surql_buf *out, const char *path)
{
    if (!path)
        return QERR(SURQL_EIDENT, "field path is NULL");
    if (!*path)
        return QERR(SURQL_EIDENT, "field path is empty");
    size_t plen = strlen(path);
    if (plen > 4096)
        return QERR(SURQL_EIDENT, "field path is %zu bytes long (at most 4096 allowed)", plen);
    size_t start = out->size;
    const char *p = path;
    char seg[SURQL_IDENT_MAX + 1];
    for (;;) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        if (n == 0) {
            surql_buf_truncate(out, start);
            surql_buf q = SURQL_BUF_INIT;
            surql_string_escape(&q, path, plen);
            int rc = QERR(SURQL_EIDENT, "Invalid field path %s: empty segment", surql_buf_cstr(&q));
            surql_buf_dispose(&q);
            return rc;
        }
        if (n > SURQL_IDENT_MAX) {
            surql_buf_truncate(out, start);
            return QERR(SURQL_EIDENT, "field name is %zu bytes long (at most %d allowed)", n,
                        SURQL_IDENT_MAX);
        }
        memcpy(seg, p, n);
        seg[n] = '\0';
        int rc = surql_ident_validate(seg, "field");
        if (!rc && out->size > start)
            rc = surql_buf_putc(out, '.');
        if (!rc)
            rc = surql_ident_escape(out, seg);
        if (rc) {
            surql_buf_truncate(out, start);
            return rc;
        }
        if (!dot)
            break;
        p = dot + 1;
    }
    return SURQL_OK;
}

int surql_query_field_check(const char *path)
{
    surql_buf b = SURQL_BUF_INIT;
    int rc = path_escape(&b, path);
    surql_buf_dispose(&b);
    return rc;
}

int surql_query_field_escape(surql_buf *out, const char *path)
{
    if (!out)
        return QERR(SURQL_EINVAL, "output buffer is NULL");
    return path_escape(out, path);
}

char *q_path_dup(const char *path)
{
    surql_buf b = SURQL_BUF_INIT;
    if (path_escape(&b, path) != 0) {
        surql_buf_dispose(&b);
        return NULL;
    }
    char *s = surql_buf_detach(&b);
    if (!s)
        QERR(SURQL_ENOMEM, "out of memory");
    return s;
}

/* quote text for an error message (bounded, escaped) */
static void quoted(surql_buf *q, const char *text)
{
    size_t n = strlen(text);
    if (surql_string_escape(q, text, n > 200 ? 200 : n) != 0) {
        surql_buf_clear(q);
        surql_buf_puts(q, "(invalid UTF-8)");
    }
    if (n > 200)
        surql_buf_puts(q, "...");
}

static int check_record(const surql_value *rec, const char *input, int allow_range)
{
    const char *table = NULL;
    const surql_value *key = NULL;
    if (surql_value_record_table(rec, &table) || surql_value_record_key(rec, &key))
        return QERR(SURQL_ETYPE, "expected a record id, got %s",
                    surql_value_type_name(surql_value_type_of(rec)));
    int rc = surql_ident_validate(table, "table");
    if (rc)
        return rc;
    if (!allow_range && surql_value_type_of(key) == SURQL_VALUE_RANGE) {
        surql_buf q = SURQL_BUF_INIT;
        quoted(&q, input ? input : table);
        rc = QERR(SURQL_EIDENT, "Invalid record ID %s: a range is not a single record",
                  surql_buf_cstr(&q));
        surql_buf_dispose(&q);
        return rc;
    }
    return SURQL_OK;
}

int surql_query_record_parse(surql_value **out, const char *text, int allow_range)
{
    if (!out)
        return QERR(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    if (!text)
        return QERR(SURQL_EIDENT, "record id is NULL");
    surql_value *v = surql_value_record_parse(text);
    if (!v) {
        /* the base layer's message names the input and the byte */
        int code = surql_error_last()->code;
        return code == SURQL_ENOMEM ? code : SURQL_EIDENT;
    }
    int rc = check_record(v, text, allow_range);
    if (rc) {
        surql_value_unref(v);
        return rc;
    }
    *out = v;
    return SURQL_OK;
}

int surql_query_record_of(surql_value **out, const char *table, const char *id)
{
    if (!out)
        return QERR(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    int rc = surql_ident_validate(table, "table");
    if (rc)
        return rc;
    if (!id || !*id)
        return QERR(SURQL_EIDENT, "record id is %s", id ? "empty" : "NULL");
    /* a whole record id of this table? */
    surql_value *v = surql_value_record_parse(id);
    if (v) {
        const char *t = NULL;
        surql_value_record_table(v, &t);
        if (strcmp(t, table) == 0) {
            rc = check_record(v, id, 0);
            if (rc) {
                surql_value_unref(v);
                return rc;
            }
            *out = v;
            return SURQL_OK;
        }
        surql_value_unref(v);
    }
    /* a key in SurrealQL key syntax: parse "`table`:key" */
    surql_buf b = SURQL_BUF_INIT;
    rc = surql_ident_escape(&b, table);
    if (!rc)
        rc = surql_buf_putc(&b, ':');
    if (!rc)
        rc = surql_buf_puts(&b, id);
    if (rc) {
        surql_buf_dispose(&b);
        return rc;
    }
    v = surql_value_record_parse(surql_buf_cstr(&b));
    surql_buf_dispose(&b);
    if (!v || strlen(id) != strcspn(id, "\n")) {
        surql_value_unref(v);
        surql_buf q = SURQL_BUF_INIT;
        quoted(&q, id);
        rc = QERR(SURQL_EIDENT,
                  "Invalid record ID %s for table %s: expected a key (alice, 123, ⟨a-b⟩) or "
                  "%s:key",
                  surql_buf_cstr(&q), table, table);
        surql_buf_dispose(&q);
        return rc;
    }
    rc = check_record(v, id, 0);
    if (rc) {
        surql_value_unref(v);
        return rc;
    }
    *out = v;
    return SURQL_OK;
}

int surql_query_record_from_value(surql_value **out, const surql_value *v, const char *table)
{
    if (!out)
        return QERR(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    surql_value *r = NULL;
    int rc;
    switch (surql_value_type_of(v)) {
    case SURQL_VALUE_RECORD:
        rc = check_record(v, NULL, 0);
        if (rc)
            return rc;
        r = surql_value_ref(v);
        break;
    case SURQL_VALUE_STRING: {
        const char *s = NULL;
        size_t n = 0;
        surql_value_get_string(v, &s, &n);
        if (strlen(s) != n)
            return QERR(SURQL_EIDENT, "record id text contains U+0000");
        rc = table ? surql_query_record_of(&r, table, s) : surql_query_record_parse(&r, s, 0);
        if (rc)
            return rc;
        break;
    }
    default:
        return QERR(SURQL_ETYPE, "expected a record id (record or text), got %s",
                    surql_value_type_name(surql_value_type_of(v)));
    }
    if (table) {
        const char *t = NULL;
        surql_value_record_table(r, &t);
        if (strcmp(t, table) != 0) {
            surql_value_unref(r);
            surql_buf q = SURQL_BUF_INIT;
            quoted(&q, t);
            rc = QERR(SURQL_EIDENT, "record id of table %s where table %s was expected",
                      surql_buf_cstr(&q), table);
            surql_buf_dispose(&q);
            return rc;
        }
    }
    *out = r;
    return SURQL_OK;
}

/* a target given as text: a table name, or (when it contains ':') a record id */
int q_target_value(surql_value **out, const char *text, int *is_table, char **table_esc)
{
    *out = NULL;
    *table_esc = NULL;
    *is_table = 0;
    if (!text)
        return QERR(SURQL_EIDENT, "target is NULL");
    if (strchr(text, ':'))
        return surql_query_record_parse(out, text, 0);
    *table_esc = q_name_dup(text, "table");
    if (!*table_esc)
        return surql_error_last()->code;
    *is_table = 1;
    return SURQL_OK;
}

const char *surql_query_status_name(int code)
{
    switch (code) {
    case SURQL_QUERY_EMISUSE: return "SURQL_QUERY_EMISUSE";
    case SURQL_QUERY_EARG: return "SURQL_QUERY_EARG";
    case SURQL_QUERY_EDIALECT: return "SURQL_QUERY_EDIALECT";
    case SURQL_QUERY_EHINT: return "SURQL_QUERY_EHINT";
    case SURQL_QUERY_ESTATEMENT: return "SURQL_QUERY_ESTATEMENT";
    case SURQL_QUERY_ERESPONSE: return "SURQL_QUERY_ERESPONSE";
    default: return surql_status_name(code);
    }
}

int q_check_dialect(int d)
{
    if (d != SURQL_DIALECT_V2 && d != SURQL_DIALECT_V3)
        return QERR(SURQL_EINVAL, "unknown dialect %d (expected 2 or 3)", d);
    return SURQL_OK;
}
