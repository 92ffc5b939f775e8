/* The SurrealQL escaping routine of the suite: identifiers, string literals,
 * record ids and every value as inline SurrealQL text.
 *
 * The syntax below was checked against SurrealDB 3.0.2 (@surrealdb/node
 * 3.0.3) and 2.6.0 (@surrealdb/wasm 2.6.1); docs/values.md lists the probes.
 * Key facts:
 *  - string escapes both accept: \' \\ \b \f \n \r \t \uXXXX (BMP, no
 *    surrogates). 3.x rejects \/ and 2.x rejects \0, so neither is written.
 *  - backticked names: 3.x accepts the string escapes plus \`; 2.x accepts
 *    only \\ \` \/ \b \f \n \r \t, so with SURQL_LITERAL_V2 other control
 *    characters are written raw (they cannot end the name).
 *  - 2.x rejects U+0000 anywhere; 3.x accepts it escaped.
 *  - NaN and the infinities: `<float>'NaN'`, `<float>'Infinity'`,
 *    `<float>'-Infinity'` parse in both (`-Infinity` does not).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "value-internal.h"

/* ---- identifiers ---- */

/* Words that must be backticked: SurrealDB 3.x RESERVED_KEYWORD
 * (syn/lexer/keywords.rs, plus TB) and words found to break as a table,
 * field or record-key name on 3.0.2 or 2.6.0. */
static const char *const reserved[] = {
    "AFTER",  "ALL",      "ALTER",   "AND",      "BEFORE",   "BEGIN",  "BREAK",   "BY",
    "CANCEL", "COMMIT",   "CONTINUE", "CREATE",  "DEFINE",   "DELETE", "DIFF",    "EXPLAIN",
    "FALSE",  "FN",       "FOR",     "FUNCTION", "IF",       "INFINITY", "INFO",  "INSERT",
    "KILL",   "LET",      "LIVE",    "ML",       "NAN",      "NONE",   "NULL",    "ONLY",
    "OPTION", "OVERWRITE", "RAND",   "REBUILD",  "RELATE",   "REMOVE", "RETURN",  "SELECT",
    "SEQUENCE", "SHOW",   "SLEEP",   "TABLE",    "TB",       "THROW",  "TRUE",    "UPDATE",
    "UPSERT", "USE",      "VALUE",   "WHERE",
};

int surql__is_reserved(const char *s, size_t len)
{
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++) {
        const char *r = reserved[i];
        if (strlen(r) != len)
            continue;
        size_t k = 0;
        while (k < len) {
            char c = s[k];
            if (c >= 'a' && c <= 'z')
                c = (char)(c - 'a' + 'A');
            if (c != r[k])
                break;
            k++;
        }
        if (k == len)
            return 1;
    }
    return 0;
}

static int ident_start(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int ident_char(char c)
{
    return ident_start(c) || (c >= '0' && c <= '9');
}

int surql__plain_name(const char *s, size_t len)
{
    if (!s || len == 0 || !ident_start(s[0]))
        return 0;
    for (size_t i = 1; i < len; i++)
        if (!ident_char(s[i]))
            return 0;
    return !surql__is_reserved(s, len);
}

int surql_ident_is_plain_len(const char *name, size_t len)
{
    return surql__plain_name(name, len);
}

int surql_ident_is_plain(const char *name)
{
    return name ? surql__plain_name(name, strlen(name)) : 0;
}

/* Characters written as \uXXXX: controls, bidi and invisible format characters. */
static int needs_u_escape(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C ||
           (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
           (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF;
}

/* Append the body of a quoted literal (without the quotes). `raw_controls`:
 * 2.x identifiers, where \u is not accepted. `no_nul`: SURQL_LITERAL_V2. */
static int put_body(surql_buf *b, const char *s, size_t len, char quote, int raw_controls,
                    int no_nul)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, run = 0; /* run: start of bytes copied verbatim */
    int rc = SURQL_OK;
    while (i < len && !rc) {
        uint32_t cp;
        size_t n = surql__utf8_decode(p + i, len - i, &cp);
        if (!n)
            return surql__err(SURQL_EINVAL, "invalid UTF-8 at byte %zu", i);
        const char *esc = NULL;
        char ubuf[8];
        if (cp == (uint32_t)(unsigned char)quote)
            esc = quote == '\'' ? "\\'" : "\\`";
        else if (cp == '\\')
            esc = "\\\\";
        else if (cp == '\b')
            esc = "\\b";
        else if (cp == '\f')
            esc = "\\f";
        else if (cp == '\n')
            esc = "\\n";
        else if (cp == '\r')
            esc = "\\r";
        else if (cp == '\t')
            esc = "\\t";
        else if (cp == 0 && no_nul)
            return surql__err(SURQL_EUNSUPPORTED,
                              "SurrealDB 2.x cannot represent U+0000 (at byte %zu)", i);
        else if (needs_u_escape(cp) && !(raw_controls && cp != 0)) {
            snprintf(ubuf, sizeof ubuf, "\\u%04X", (unsigned)cp);
            esc = ubuf;
        }
        if (esc) {
            rc = surql_buf_put(b, s + run, i - run);
            if (!rc)
                rc = surql_buf_puts(b, esc);
            run = i + n;
        }
        i += n;
    }
    if (!rc)
        rc = surql_buf_put(b, s + run, len - run);
    return rc;
}

static int put_quoted(surql_buf *b, const char *s, size_t len, char quote, int flags)
{
    size_t mark = b ? b->size : 0;
    int v2 = (flags & SURQL_LITERAL_V2) != 0;
    int rc = surql_buf_putc(b, quote);
    if (!rc)
        rc = put_body(b, s, len, quote, quote == '`' && v2, v2);
    if (!rc)
        rc = surql_buf_putc(b, quote);
    if (rc)
        surql_buf_truncate(b, mark);
    return rc;
}

static int put_name(surql_buf *b, const char *s, size_t len, int flags)
{
    if (surql__plain_name(s, len))
        return surql_buf_put(b, s, len);
    return put_quoted(b, s, len, '`', flags);
}

int surql_ident_escape_len(surql_buf *out, const char *name, size_t len, int flags)
{
    if (!out || !name)
        return surql__err(SURQL_EINVAL, "surql_ident_escape: %s is NULL", out ? "name" : "buffer");
    if (len == 0)
        return surql__err(SURQL_EINVAL, "surql_ident_escape: empty identifier");
    return put_name(out, name, len, flags);
}

int surql_ident_escape(surql_buf *out, const char *name)
{
    return surql_ident_escape_len(out, name, name ? strlen(name) : 0, 0);
}

int surql_record_key_escape(surql_buf *out, const char *key, size_t len, int flags)
{
    if (!out || (!key && len))
        return surql__err(SURQL_EINVAL, "surql_record_key_escape: %s is NULL",
                          out ? "key" : "buffer");
    return put_name(out, key ? key : "", len, flags);
}

int surql_string_escape(surql_buf *out, const char *s, size_t len)
{
    if (!out || (!s && len))
        return surql__err(SURQL_EINVAL, "surql_string_escape: %s is NULL",
                          out ? "string" : "buffer");
    return put_quoted(out, s ? s : "", len, '\'', 0);
}

int surql_ident_validate(const char *name, const char *what)
{
    if (!what)
        what = "identifier";
    if (!name)
        return surql_error_set(SURQL_EIDENT, SV_DOMAIN, "%s name is NULL", what);
    size_t len = strlen(name);
    if (len == 0)
        return surql_error_set(SURQL_EIDENT, SV_DOMAIN, "%s name is empty", what);
    if (len > SURQL_IDENT_MAX)
        return surql_error_set(SURQL_EIDENT, SV_DOMAIN,
                               "%s name is %zu bytes long (at most %d allowed)", what, len,
                               SURQL_IDENT_MAX);
    const unsigned char *p = (const unsigned char *)name;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = surql__utf8_decode(p + i, len - i, &cp);
        if (!n)
            return surql_error_set(SURQL_EIDENT, SV_DOMAIN,
                                   "%s name: invalid UTF-8 at byte %zu", what, i);
        if (needs_u_escape(cp)) {
            surql_buf q = SURQL_BUF_INIT;
            if (put_quoted(&q, name, len, '`', 0) != 0)
                surql_buf_clear(&q);
            surql_error_set(SURQL_EIDENT, SV_DOMAIN,
                            "%s name %s contains the control or format character U+%04X at "
                            "byte %zu",
                            what, surql_buf_cstr(&q), (unsigned)cp, i);
            surql_buf_dispose(&q);
            return SURQL_EIDENT;
        }
        i += n;
    }
    return SURQL_OK;
}

/* ---- values ---- */

typedef struct lw {
    surql_buf *b;
    int flags;
} lw;

static int lit(lw *w, const surql_value *v);

static int put_float(surql_buf *b, double d)
{
    if (isnan(d))
        return surql_buf_puts(b, "<float>'NaN'");
    if (isinf(d))
        return surql_buf_puts(b, d < 0 ? "<float>'-Infinity'" : "<float>'Infinity'");
    char t[40];
    int rc = surql__fmt_double(t, sizeof t, d);
    if (!rc)
        rc = surql_buf_printf(b, "%sf", t);
    return rc;
}

/* An object SurrealDB's parser would turn into a geometry (deliberately broad). */
static int geojson_like(const surql_value *o)
{
    if (o->u.obj.len != 2)
        return 0;
    const surql_value *t = surql_value_object_get(o, "type");
    if (surql_value_type_of(t) != SURQL_VALUE_STRING)
        return 0;
    if (!surql_value_object_get(o, "coordinates") && !surql_value_object_get(o, "geometries"))
        return 0;
    for (int k = SURQL_GEOMETRY_POINT; k <= SURQL_GEOMETRY_COLLECTION; k++) {
        const char *n = surql_geometry_kind_name((surql_geometry_kind)k);
        if (strlen(n) == t->u.s.len && strncasecmp(n, t->u.s.ptr, t->u.s.len) == 0)
            return 1;
    }
    return 0;
}

static int put_object(lw *w, const surql_value *o, int as_key)
{
    int rc, entries = !as_key && geojson_like(o);
    size_t i;
    if (o->u.obj.len == 0)
        return surql_buf_puts(w->b, "{}");
    /* object::from_entries keeps a GeoJSON-shaped object an object */
    rc = surql_buf_puts(w->b, entries ? "object::from_entries([" : "{ ");
    for (i = 0; i < o->u.obj.len && !rc; i++) {
        const sv_entry *e = &o->u.obj.items[i];
        if (i)
            rc = surql_buf_puts(w->b, ", ");
        if (!rc && entries)
            rc = surql_buf_putc(w->b, '[');
        if (!rc) {
            if (!entries && surql__plain_name(e->key, e->klen))
                rc = surql_buf_put(w->b, e->key, e->klen);
            else
                rc = put_quoted(w->b, e->key, e->klen, '\'', w->flags);
        }
        if (!rc)
            rc = surql_buf_puts(w->b, entries ? ", " : ": ");
        if (!rc)
            rc = lit(w, e->val);
        if (!rc && entries)
            rc = surql_buf_putc(w->b, ']');
    }
    if (!rc)
        rc = surql_buf_puts(w->b, entries ? "])" : " }");
    return rc;
}

static int put_list(lw *w, const surql_value *a, const char *open, const char *close)
{
    int rc = surql_buf_puts(w->b, open);
    for (size_t i = 0; i < a->u.arr.len && !rc; i++) {
        if (i)
            rc = surql_buf_puts(w->b, ", ");
        if (!rc)
            rc = lit(w, a->u.arr.items[i]);
    }
    return rc ? rc : surql_buf_puts(w->b, close);
}

/* A record-id key (the part after ':'). */
static int put_key(lw *w, const surql_value *k)
{
    switch (k->type) {
    case SURQL_VALUE_STRING:
        return put_name(w->b, k->u.s.ptr, k->u.s.len, w->flags);
    case SURQL_VALUE_OBJECT:
        return put_object(w, k, 1);
    case SURQL_VALUE_RANGE: {
        int rc = SURQL_OK;
        if (k->u.range.lo)
            rc = put_key(w, k->u.range.lo);
        if (!rc)
            rc = surql_buf_puts(w->b, k->u.range.lo && !k->u.range.lo_incl ? ">.." : "..");
        if (!rc && k->u.range.hi) {
            if (k->u.range.hi_incl)
                rc = surql_buf_putc(w->b, '=');
            if (!rc)
                rc = put_key(w, k->u.range.hi);
        }
        return rc;
    }
    default:
        return lit(w, k); /* int, uuid, array */
    }
}

/* Range bounds that must be parenthesised so `..` binds to the whole bound. */
static int bound_needs_parens(const lw *w, const surql_value *v)
{
    switch (v->type) {
    case SURQL_VALUE_RECORD:
    case SURQL_VALUE_TABLE:
    case SURQL_VALUE_SET:
        return 1;
    case SURQL_VALUE_FLOAT:
        return !isfinite(v->u.f);
    case SURQL_VALUE_BYTES:
    case SURQL_VALUE_ARRAY: /* 2.x: encoding::…(…) and [..] do not parse as a bound */
        return (w->flags & SURQL_LITERAL_V2) != 0;
    case SURQL_VALUE_OBJECT:
        return geojson_like(v);
    default:
        return 0;
    }
}

static int put_bound(lw *w, const surql_value *v)
{
    int p = bound_needs_parens(w, v);
    int rc = p ? surql_buf_putc(w->b, '(') : SURQL_OK;
    if (!rc)
        rc = lit(w, v);
    if (!rc && p)
        rc = surql_buf_putc(w->b, ')');
    return rc;
}

/* Points are written (x, y), except inside a collection, where SurrealDB 3.x
 * only converts GeoJSON members. */
static int put_geometry(lw *w, const surql_value *g, int member)
{
    const surql_value *c = g->u.geo.coords;
    int rc;
    if (g->u.geo.kind == SURQL_GEOMETRY_POINT && !member) {
        rc = surql_buf_putc(w->b, '(');
        if (!rc)
            rc = put_float(w->b, c->u.arr.items[0]->u.f);
        if (!rc)
            rc = surql_buf_puts(w->b, ", ");
        if (!rc)
            rc = put_float(w->b, c->u.arr.items[1]->u.f);
        return rc ? rc : surql_buf_putc(w->b, ')');
    }
    rc = surql_buf_printf(w->b, "{ type: '%s', %s: ",
                          surql_geometry_kind_name((surql_geometry_kind)g->u.geo.kind),
                          g->u.geo.kind == SURQL_GEOMETRY_COLLECTION ? "geometries"
                                                                     : "coordinates");
    if (rc)
        return rc;
    if (g->u.geo.kind == SURQL_GEOMETRY_COLLECTION) {
        rc = surql_buf_putc(w->b, '[');
        for (size_t i = 0; i < c->u.arr.len && !rc; i++) {
            if (i)
                rc = surql_buf_puts(w->b, ", ");
            if (!rc)
                rc = put_geometry(w, c->u.arr.items[i], 1);
        }
        if (!rc)
            rc = surql_buf_putc(w->b, ']');
    } else {
        rc = put_list(w, c, "[", "]"); /* nested arrays of floats */
    }
    return rc ? rc : surql_buf_puts(w->b, " }");
}

static int put_bytes(lw *w, const surql_value *v)
{
    const uint8_t *p = v->u.bytes.ptr;
    size_t n = v->u.bytes.len;
    int rc;
    if (w->flags & SURQL_LITERAL_V2) {
        /* 2.x decodes base64 without padding only */
        rc = surql_buf_puts(w->b, "encoding::base64::decode('");
        if (!rc)
            rc = surql__base64_put(w->b, p, n, 0);
        return rc ? rc : surql_buf_puts(w->b, "')");
    }
    static const char hex[] = "0123456789ABCDEF";
    rc = surql_buf_puts(w->b, "b\"");
    if (!rc)
        rc = surql_buf_grow(w->b, n * 2 + 1);
    for (size_t i = 0; i < n && !rc; i++) {
        char t[2] = { hex[p[i] >> 4], hex[p[i] & 15] };
        rc = surql_buf_put(w->b, t, 2);
    }
    return rc ? rc : surql_buf_putc(w->b, '"');
}

static int lit(lw *w, const surql_value *v)
{
    surql_buf *b = w->b;
    int rc;
    switch (surql_value_type_of(v)) {
    case SURQL_VALUE_NONE:
        return surql_buf_puts(b, "NONE");
    case SURQL_VALUE_NULL:
        return surql_buf_puts(b, "NULL");
    case SURQL_VALUE_BOOL:
        return surql_buf_puts(b, v->u.b ? "true" : "false");
    case SURQL_VALUE_INT:
        return surql_buf_printf(b, "%lld", (long long)v->u.i);
    case SURQL_VALUE_FLOAT:
        return put_float(b, v->u.f);
    case SURQL_VALUE_DECIMAL:
        rc = surql_buf_put(b, v->u.s.ptr, v->u.s.len);
        return rc ? rc : surql_buf_puts(b, "dec");
    case SURQL_VALUE_STRING:
        return put_quoted(b, v->u.s.ptr, v->u.s.len, '\'', w->flags);
    case SURQL_VALUE_BYTES:
        return put_bytes(w, v);
    case SURQL_VALUE_DATETIME:
        if (w->flags & SURQL_LITERAL_V2) {
            int64_t y = surql__datetime_year(v->u.dt.secs);
            if (y < 0 || y > 9999)
                return surql__err(SURQL_EUNSUPPORTED,
                                  "SurrealDB 2.x cannot parse a datetime in year %lld",
                                  (long long)y);
        }
        rc = surql_buf_puts(b, "d'");
        if (!rc)
            rc = surql__fmt_datetime(b, v->u.dt.secs, v->u.dt.nanos);
        return rc ? rc : surql_buf_putc(b, '\'');
    case SURQL_VALUE_DURATION:
        return surql__fmt_duration(b, v->u.dur.secs, v->u.dur.nanos);
    case SURQL_VALUE_UUID:
        rc = surql_buf_puts(b, "u'");
        if (!rc)
            rc = surql__fmt_uuid(b, v->u.uuid);
        return rc ? rc : surql_buf_putc(b, '\'');
    case SURQL_VALUE_RECORD:
        rc = put_name(b, v->u.rec.table, v->u.rec.tlen, w->flags);
        if (!rc)
            rc = surql_buf_putc(b, ':');
        return rc ? rc : put_key(w, v->u.rec.key);
    case SURQL_VALUE_TABLE:
        rc = surql_buf_puts(b, "type::table(");
        if (!rc)
            rc = put_quoted(b, v->u.s.ptr, v->u.s.len, '\'', w->flags);
        return rc ? rc : surql_buf_putc(b, ')');
    case SURQL_VALUE_ARRAY:
        return put_list(w, v, "[", "]");
    case SURQL_VALUE_SET:
        return put_list(w, v, "<set>[", "]");
    case SURQL_VALUE_OBJECT:
        return put_object(w, v, 0);
    case SURQL_VALUE_GEOMETRY:
        return put_geometry(w, v, 0);
    case SURQL_VALUE_RANGE:
        rc = SURQL_OK;
        if (v->u.range.lo)
            rc = put_bound(w, v->u.range.lo);
        if (!rc)
            rc = surql_buf_puts(b, v->u.range.lo && !v->u.range.lo_incl ? ">.." : "..");
        if (!rc && v->u.range.hi) {
            if (v->u.range.hi_incl)
                rc = surql_buf_putc(b, '=');
            if (!rc)
                rc = put_bound(w, v->u.range.hi);
        }
        return rc;
    }
    return surql__err(SURQL_EINVAL, "unknown value type %d", (int)v->type);
}

int surql_value_to_surql(const surql_value *v, surql_buf *out, int flags)
{
    if (!out)
        return surql__err(SURQL_EINVAL, "surql_value_to_surql: buffer is NULL");
    lw w = { out, flags };
    size_t mark = out->size;
    int rc = lit(&w, v);
    if (rc)
        surql_buf_truncate(out, mark);
    return rc;
}
