/* surql_value -> JSON: the SurrealDB server's JSON form and the lossless
 * extended form (docs/values.md). Written directly into a surql_buf so that
 * number formatting, key order and escaping are exact. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "value-internal.h"

typedef struct jw {
    surql_buf *b;
    int ext, pretty, level;
} jw;

static int jv(jw *w, const surql_value *v);

static int j_str(jw *w, const char *s, size_t len)
{
    surql_buf *b = w->b;
    int rc = surql_buf_putc(b, '"');
    size_t run = 0, i = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (i < len && !rc) {
        unsigned char c = p[i];
        char esc[8];
        const char *e = NULL;
        size_t n = 1;
        if (c == '"')
            e = "\\\"";
        else if (c == '\\')
            e = "\\\\";
        else if (c == '\n')
            e = "\\n";
        else if (c == '\r')
            e = "\\r";
        else if (c == '\t')
            e = "\\t";
        else if (c == '\b')
            e = "\\b";
        else if (c == '\f')
            e = "\\f";
        else if (c < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            e = esc;
        } else if (c == 0xE2 && i + 2 < len && p[i + 1] == 0x80 &&
                   (p[i + 2] == 0xA8 || p[i + 2] == 0xA9)) {
            e = p[i + 2] == 0xA8 ? "\\u2028" : "\\u2029"; /* safe inside JavaScript */
            n = 3;
        }
        if (e) {
            rc = surql_buf_put(b, s + run, i - run);
            if (!rc)
                rc = surql_buf_puts(b, e);
            run = i + n;
        }
        i += n;
    }
    if (!rc)
        rc = surql_buf_put(b, s + run, len - run);
    return rc ? rc : surql_buf_putc(b, '"');
}

static int j_nl(jw *w)
{
    if (!w->pretty)
        return SURQL_OK;
    int rc = surql_buf_putc(w->b, '\n');
    for (int i = 0; i < w->level && !rc; i++)
        rc = surql_buf_puts(w->b, "  ");
    return rc;
}

static int j_open(jw *w, char c)
{
    w->level++;
    return surql_buf_putc(w->b, c);
}

/* before member i of the current container */
static int j_sep(jw *w, size_t i)
{
    int rc = i ? surql_buf_putc(w->b, ',') : SURQL_OK;
    return rc ? rc : j_nl(w);
}

static int j_close(jw *w, char c, size_t count)
{
    w->level--;
    int rc = count ? j_nl(w) : SURQL_OK;
    return rc ? rc : surql_buf_putc(w->b, c);
}

static int j_key(jw *w, const char *k, size_t n)
{
    int rc = j_str(w, k, n);
    if (!rc)
        rc = surql_buf_putc(w->b, ':');
    if (!rc && w->pretty)
        rc = surql_buf_putc(w->b, ' ');
    return rc;
}

/* {"<tag>": — the caller writes the payload and calls tag_end */
static int tag_begin(jw *w, const char *tag)
{
    int rc = j_open(w, '{');
    if (!rc)
        rc = j_sep(w, 0);
    return rc ? rc : j_key(w, tag, strlen(tag));
}

static int tag_end(jw *w)
{
    return j_close(w, '}', 1);
}

static int j_float(jw *w, double d)
{
    if (!isfinite(d)) {
        if (!w->ext)
            return surql_buf_puts(w->b, "null");
        int rc = tag_begin(w, "$float");
        if (!rc)
            rc = surql_buf_puts(w->b, isnan(d) ? "\"NaN\"" : (d < 0 ? "\"-Infinity\"" : "\"Infinity\""));
        return rc ? rc : tag_end(w);
    }
    char t[40];
    int rc = surql__fmt_double(t, sizeof t, d);
    if (rc)
        return rc;
    if (!strpbrk(t, ".e")) /* keep it a float when read back */
        return surql_buf_printf(w->b, "%s.0", t);
    return surql_buf_puts(w->b, t);
}

/* A string produced by a text formatter, optionally wrapped in a tag. */
typedef int (*fmt_fn)(surql_buf *b, const surql_value *v);

static int j_text(jw *w, const char *tag, const surql_value *v, fmt_fn fn)
{
    surql_buf t = SURQL_BUF_INIT;
    int rc = fn(&t, v);
    if (!rc && w->ext && tag)
        rc = tag_begin(w, tag);
    if (!rc)
        rc = j_str(w, surql_buf_cstr(&t), t.size);
    if (!rc && w->ext && tag)
        rc = tag_end(w);
    surql_buf_dispose(&t);
    return rc;
}

static int f_datetime(surql_buf *b, const surql_value *v)
{
    return surql__fmt_datetime(b, v->u.dt.secs, v->u.dt.nanos);
}

static int f_duration(surql_buf *b, const surql_value *v)
{
    return surql__fmt_duration(b, v->u.dur.secs, v->u.dur.nanos);
}

static int f_uuid(surql_buf *b, const surql_value *v)
{
    return surql__fmt_uuid(b, v->u.uuid);
}

static int f_surql(surql_buf *b, const surql_value *v)
{
    return surql_value_to_surql(v, b, 0);
}

static int j_list(jw *w, const surql_value *a)
{
    int rc = j_open(w, '[');
    for (size_t i = 0; i < a->u.arr.len && !rc; i++) {
        rc = j_sep(w, i);
        if (!rc)
            rc = jv(w, a->u.arr.items[i]);
    }
    return rc ? rc : j_close(w, ']', a->u.arr.len);
}

static int j_object(jw *w, const surql_value *o)
{
    int escape = w->ext && o->u.obj.len == 1 && o->u.obj.items[0].klen > 0 &&
                 o->u.obj.items[0].key[0] == '$';
    int rc = escape ? tag_begin(w, "$object") : SURQL_OK;
    if (!rc)
        rc = j_open(w, '{');
    for (size_t i = 0; i < o->u.obj.len && !rc; i++) {
        const sv_entry *e = &o->u.obj.items[i];
        rc = j_sep(w, i);
        if (!rc)
            rc = j_key(w, e->key, e->klen);
        if (!rc)
            rc = jv(w, e->val);
    }
    if (!rc)
        rc = j_close(w, '}', o->u.obj.len);
    return rc || !escape ? rc : tag_end(w);
}

/* GeoJSON object of a geometry (members of a collection included). */
static int j_geojson(jw *w, const surql_value *g)
{
    int coll = g->u.geo.kind == SURQL_GEOMETRY_COLLECTION;
    const char *type = surql_geometry_kind_name((surql_geometry_kind)g->u.geo.kind);
    const char *key = coll ? "geometries" : "coordinates";
    int rc = j_open(w, '{');
    if (!rc)
        rc = j_sep(w, 0);
    if (!rc)
        rc = j_key(w, "type", 4);
    if (!rc)
        rc = j_str(w, type, strlen(type));
    if (!rc)
        rc = j_sep(w, 1);
    if (!rc)
        rc = j_key(w, key, strlen(key));
    if (!rc && coll) {
        const surql_value *c = g->u.geo.coords;
        rc = j_open(w, '[');
        for (size_t i = 0; i < c->u.arr.len && !rc; i++) {
            rc = j_sep(w, i);
            if (!rc)
                rc = j_geojson(w, c->u.arr.items[i]);
        }
        if (!rc)
            rc = j_close(w, ']', c->u.arr.len);
    } else if (!rc) {
        rc = jv(w, g->u.geo.coords); /* nested arrays of floats */
    }
    return rc ? rc : j_close(w, '}', 2);
}

static int j_bound(jw *w, const char *name, const surql_value *v, int incl, size_t *n)
{
    if (!v)
        return SURQL_OK;
    int rc = j_sep(w, (*n)++);
    if (!rc)
        rc = j_key(w, name, strlen(name));
    if (!rc)
        rc = tag_begin(w, incl ? "incl" : "excl");
    if (!rc)
        rc = jv(w, v);
    return rc ? rc : tag_end(w);
}

static int j_ext_record(jw *w, const surql_value *v)
{
    int rc = tag_begin(w, "$record");
    if (!rc)
        rc = j_open(w, '{');
    if (!rc)
        rc = j_sep(w, 0);
    if (!rc)
        rc = j_key(w, "tb", 2);
    if (!rc)
        rc = j_str(w, v->u.rec.table, v->u.rec.tlen);
    if (!rc)
        rc = j_sep(w, 1);
    if (!rc)
        rc = j_key(w, "id", 2);
    if (!rc)
        rc = jv(w, v->u.rec.key);
    if (!rc)
        rc = j_close(w, '}', 2);
    return rc ? rc : tag_end(w);
}

static int jv(jw *w, const surql_value *v)
{
    surql_buf *b = w->b;
    int rc;
    size_t i, n;
    switch (surql_value_type_of(v)) {
    case SURQL_VALUE_NONE:
        if (!w->ext)
            return surql_buf_puts(b, "null");
        rc = tag_begin(w, "$none");
        if (!rc)
            rc = surql_buf_puts(b, "true");
        return rc ? rc : tag_end(w);
    case SURQL_VALUE_NULL:
        return surql_buf_puts(b, "null");
    case SURQL_VALUE_BOOL:
        return surql_buf_puts(b, v->u.b ? "true" : "false");
    case SURQL_VALUE_INT:
        return surql_buf_printf(b, "%lld", (long long)v->u.i);
    case SURQL_VALUE_FLOAT:
        return j_float(w, v->u.f);
    case SURQL_VALUE_DECIMAL:
        rc = w->ext ? tag_begin(w, "$decimal") : SURQL_OK;
        if (!rc)
            rc = j_str(w, v->u.s.ptr, v->u.s.len);
        return rc || !w->ext ? rc : tag_end(w);
    case SURQL_VALUE_STRING:
        return j_str(w, v->u.s.ptr, v->u.s.len);
    case SURQL_VALUE_BYTES:
        if (w->ext) {
            surql_buf t = SURQL_BUF_INIT;
            rc = surql__base64_put(&t, v->u.bytes.ptr, v->u.bytes.len, 1);
            if (!rc)
                rc = tag_begin(w, "$bytes");
            if (!rc)
                rc = j_str(w, surql_buf_cstr(&t), t.size);
            surql_buf_dispose(&t);
            return rc ? rc : tag_end(w);
        }
        rc = surql_buf_putc(b, '[');
        for (i = 0; i < v->u.bytes.len && !rc; i++)
            rc = surql_buf_printf(b, i ? ",%u" : "%u", v->u.bytes.ptr[i]);
        return rc ? rc : surql_buf_putc(b, ']');
    case SURQL_VALUE_DATETIME:
        return j_text(w, "$datetime", v, f_datetime);
    case SURQL_VALUE_DURATION:
        return j_text(w, "$duration", v, f_duration);
    case SURQL_VALUE_UUID:
        return j_text(w, "$uuid", v, f_uuid);
    case SURQL_VALUE_RECORD:
        if (w->ext)
            return j_ext_record(w, v);
        return j_text(w, NULL, v, f_surql);
    case SURQL_VALUE_TABLE:
        rc = w->ext ? tag_begin(w, "$table") : SURQL_OK;
        if (!rc)
            rc = j_str(w, v->u.s.ptr, v->u.s.len);
        return rc || !w->ext ? rc : tag_end(w);
    case SURQL_VALUE_ARRAY:
        return j_list(w, v);
    case SURQL_VALUE_SET:
        rc = w->ext ? tag_begin(w, "$set") : SURQL_OK;
        if (!rc)
            rc = j_list(w, v);
        return rc || !w->ext ? rc : tag_end(w);
    case SURQL_VALUE_OBJECT:
        return j_object(w, v);
    case SURQL_VALUE_GEOMETRY:
        rc = w->ext ? tag_begin(w, "$geometry") : SURQL_OK;
        if (!rc)
            rc = j_geojson(w, v);
        return rc || !w->ext ? rc : tag_end(w);
    case SURQL_VALUE_RANGE:
        if (!w->ext)
            return j_text(w, NULL, v, f_surql);
        n = 0;
        rc = tag_begin(w, "$range");
        if (!rc)
            rc = j_open(w, '{');
        if (!rc)
            rc = j_bound(w, "lo", v->u.range.lo, v->u.range.lo_incl, &n);
        if (!rc)
            rc = j_bound(w, "hi", v->u.range.hi, v->u.range.hi_incl, &n);
        if (!rc)
            rc = j_close(w, '}', n);
        return rc ? rc : tag_end(w);
    }
    return surql__err(SURQL_EINVAL, "unknown value type %d", (int)v->type);
}

int surql_value_to_json(const surql_value *v, surql_buf *out, int flags)
{
    if (!out)
        return surql__err(SURQL_EINVAL, "surql_value_to_json: buffer is NULL");
    jw w = { out, (flags & SURQL_JSON_EXTENDED) != 0, (flags & SURQL_JSON_PRETTY) != 0, 0 };
    size_t mark = out->size;
    int rc = jv(&w, v);
    if (rc)
        surql_buf_truncate(out, mark);
    return rc;
}
