/* surql_value core: allocation, reference counting, scalar builders and getters. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "value-internal.h"

/* Static singletons: reference counting skips them (is_static). */
static surql_value g_none = { .type = SURQL_VALUE_NONE, .is_static = 1 };
static surql_value g_null = { .type = SURQL_VALUE_NULL, .is_static = 1 };
static surql_value g_true = { .type = SURQL_VALUE_BOOL, .is_static = 1, .u = { .b = 1 } };
static surql_value g_false = { .type = SURQL_VALUE_BOOL, .is_static = 1, .u = { .b = 0 } };

int surql__err(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    surql_error_setv(code, SV_DOMAIN, fmt, ap);
    va_end(ap);
    return code;
}

int surql__null_item(const char *fn)
{
    const surql_error *e = surql_error_last();
    if (e->code < 0)
        return e->code; /* keep the failing builder's message */
    return surql__err(SURQL_EINVAL, "%s: value is NULL", fn);
}

surql_value *surql__alloc(int type, size_t extra)
{
    if (extra > SIZE_MAX - sizeof(surql_value) - 1) {
        surql__err(SURQL_ERANGE, "value of %zu bytes is too large", extra);
        return NULL;
    }
    surql_value *v = calloc(1, sizeof(surql_value) + extra);
    if (!v) {
        surql__err(SURQL_ENOMEM, "out of memory allocating a %s value",
                   surql_value_type_name((surql_value_type)type));
        return NULL;
    }
    atomic_init(&v->refs, 1);
    v->type = (uint8_t)type;
    return v;
}

int surql__is_shared(const surql_value *v)
{
    return v->is_static || atomic_load_explicit(&v->refs, memory_order_acquire) != 1;
}

static void index_free(sv_index *ix)
{
    free(ix->slots);
    ix->slots = NULL;
    ix->cap = 0;
}

static void value_free(surql_value *v)
{
    size_t i;
    switch (v->type) {
    case SURQL_VALUE_RECORD:
        surql_value_unref(v->u.rec.key);
        break;
    case SURQL_VALUE_ARRAY:
    case SURQL_VALUE_SET:
        for (i = 0; i < v->u.arr.len; i++)
            surql_value_unref(v->u.arr.items[i]);
        free(v->u.arr.items);
        index_free(&v->u.arr.idx);
        break;
    case SURQL_VALUE_OBJECT:
        for (i = 0; i < v->u.obj.len; i++) {
            free(v->u.obj.items[i].key);
            surql_value_unref(v->u.obj.items[i].val);
        }
        free(v->u.obj.items);
        index_free(&v->u.obj.idx);
        break;
    case SURQL_VALUE_GEOMETRY:
        surql_value_unref(v->u.geo.coords);
        break;
    case SURQL_VALUE_RANGE:
        surql_value_unref(v->u.range.lo);
        surql_value_unref(v->u.range.hi);
        break;
    default:
        break; /* inline data lives in the same allocation */
    }
    free(v);
}

surql_value *surql_value_ref(const surql_value *cv)
{
    surql_value *v = (surql_value *)(uintptr_t)cv; /* immutable once shared */
    if (v && !v->is_static)
        atomic_fetch_add_explicit(&v->refs, 1, memory_order_relaxed);
    return v;
}

surql_value *surql_value_unref(surql_value *v)
{
    if (v && !v->is_static &&
        atomic_fetch_sub_explicit(&v->refs, 1, memory_order_acq_rel) == 1)
        value_free(v);
    return NULL;
}

/* ---- helpers for messages ---- */

void surql__quote(surql_buf *q, const char *text, size_t len)
{
    if (len > 200)
        len = 200;
    if (surql_string_escape(q, text, surql__utf8_check(text, len)) != 0)
        surql_buf_clear(q);
}

void surql__line_col(const char *s, size_t len, size_t at, size_t *line, size_t *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < at && i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n') {
            ++*line;
            *col = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++*col; /* columns count characters, not bytes */
        }
    }
}

/* ---- UTF-8 ---- */

size_t surql__utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    if (len == 0)
        return 0;
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t n;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        v = c & 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        v = c & 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        v = c & 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    if (len < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

size_t surql__utf8_check(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = surql__utf8_decode(p + i, len - i, &cp);
        if (!n)
            return i;
        i += n;
    }
    return len;
}

int surql__utf8_put(surql_buf *b, uint32_t cp)
{
    char t[4];
    size_t n;
    if (cp < 0x80) {
        t[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        t[0] = (char)(0xC0 | (cp >> 6));
        t[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        t[0] = (char)(0xE0 | (cp >> 12));
        t[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        t[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        t[0] = (char)(0xF0 | (cp >> 18));
        t[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        t[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        t[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return surql_buf_put(b, t, n);
}

/* ---- scalar builders ---- */

surql_value *surql_value_none(void)
{
    return &g_none;
}

surql_value *surql_value_null(void)
{
    return &g_null;
}

surql_value *surql_value_bool(int b)
{
    return b ? &g_true : &g_false;
}

surql_value *surql_value_int(int64_t i)
{
    surql_value *v = surql__alloc(SURQL_VALUE_INT, 0);
    if (v)
        v->u.i = i;
    return v;
}

surql_value *surql_value_float(double d)
{
    surql_value *v = surql__alloc(SURQL_VALUE_FLOAT, 0);
    if (v)
        v->u.f = d;
    return v;
}

/* A value with `len` bytes of inline text (NUL-terminated) in the same block. */
static surql_value *text_value(int type, const char *s, size_t len)
{
    surql_value *v = surql__alloc(type, len + 1);
    if (!v)
        return NULL;
    v->u.s.ptr = (char *)(v + 1);
    if (len)
        memcpy(v->u.s.ptr, s, len);
    v->u.s.ptr[len] = '\0';
    v->u.s.len = len;
    return v;
}

surql_value *surql_value_decimal_len(const char *text, size_t len)
{
    if (!text) {
        surql__err(SURQL_EINVAL, "surql_value_decimal: text is NULL");
        return NULL;
    }
    size_t bad = 0;
    int rc = surql__decimal_check(text, len, &bad);
    if (rc) {
        surql_buf q = SURQL_BUF_INIT;
        surql__quote(&q, text, len);
        surql__err(rc, "invalid decimal %s: unexpected %s at byte %zu", surql_buf_cstr(&q),
                   bad < len ? "character" : "end", bad);
        surql_buf_dispose(&q);
        return NULL;
    }
    return text_value(SURQL_VALUE_DECIMAL, text, len);
}

surql_value *surql_value_decimal(const char *text)
{
    return surql_value_decimal_len(text, text ? strlen(text) : 0);
}

surql_value *surql_value_string_len(const char *s, size_t len)
{
    if (!s && len) {
        surql__err(SURQL_EINVAL, "surql_value_string_len: string is NULL");
        return NULL;
    }
    size_t bad = surql__utf8_check(s, len);
    if (bad != len) {
        surql__err(SURQL_EINVAL, "invalid UTF-8 at byte %zu of a %zu-byte string", bad, len);
        return NULL;
    }
    return text_value(SURQL_VALUE_STRING, s, len);
}

surql_value *surql_value_string(const char *s)
{
    if (!s) {
        surql__err(SURQL_EINVAL, "surql_value_string: string is NULL");
        return NULL;
    }
    return surql_value_string_len(s, strlen(s));
}

surql_value *surql_value_bytes(const void *data, size_t len)
{
    if (!data && len) {
        surql__err(SURQL_EINVAL, "surql_value_bytes: data is NULL");
        return NULL;
    }
    surql_value *v = surql__alloc(SURQL_VALUE_BYTES, len);
    if (!v)
        return NULL;
    v->u.bytes.ptr = len ? (uint8_t *)(v + 1) : NULL;
    if (len)
        memcpy(v->u.bytes.ptr, data, len);
    v->u.bytes.len = len;
    return v;
}

surql_value *surql_value_datetime(int64_t secs, uint32_t nanos)
{
    if (nanos > 999999999u) {
        surql__err(SURQL_ERANGE, "datetime nanoseconds %u out of range (max 999999999)", nanos);
        return NULL;
    }
    if (secs < SURQL_DATETIME_MIN_SECS || secs > SURQL_DATETIME_MAX_SECS) {
        surql__err(SURQL_ERANGE,
                   "datetime %lld s out of range (years -262143..262142, as SurrealDB)",
                   (long long)secs);
        return NULL;
    }
    surql_value *v = surql__alloc(SURQL_VALUE_DATETIME, 0);
    if (v) {
        v->u.dt.secs = secs;
        v->u.dt.nanos = nanos;
    }
    return v;
}

surql_value *surql_value_duration(uint64_t secs, uint32_t nanos)
{
    if (nanos > 999999999u) {
        surql__err(SURQL_ERANGE, "duration nanoseconds %u out of range (max 999999999)", nanos);
        return NULL;
    }
    surql_value *v = surql__alloc(SURQL_VALUE_DURATION, 0);
    if (v) {
        v->u.dur.secs = secs;
        v->u.dur.nanos = nanos;
    }
    return v;
}

surql_value *surql_value_uuid(const uint8_t bytes[16])
{
    if (!bytes) {
        surql__err(SURQL_EINVAL, "surql_value_uuid: bytes is NULL");
        return NULL;
    }
    surql_value *v = surql__alloc(SURQL_VALUE_UUID, 0);
    if (v)
        memcpy(v->u.uuid, bytes, 16);
    return v;
}


surql_value *surql_value_datetime_parse(const char *text)
{
    if (!text) {
        surql__err(SURQL_EINVAL, "surql_value_datetime_parse: text is NULL");
        return NULL;
    }
    int64_t secs;
    uint32_t nanos;
    int rc = surql__parse_datetime(text, strlen(text), &secs, &nanos);
    if (rc) {
        surql_buf q = SURQL_BUF_INIT;
        surql__quote(&q, text, strlen(text));
        surql_error_prefix(q.ptr ? q.ptr : "datetime");
        surql_buf_dispose(&q);
        return NULL;
    }
    return surql_value_datetime(secs, nanos);
}

surql_value *surql_value_duration_parse(const char *text)
{
    if (!text) {
        surql__err(SURQL_EINVAL, "surql_value_duration_parse: text is NULL");
        return NULL;
    }
    uint64_t secs;
    uint32_t nanos;
    int rc = surql__parse_duration(text, strlen(text), &secs, &nanos);
    if (rc) {
        surql_buf q = SURQL_BUF_INIT;
        surql__quote(&q, text, strlen(text));
        surql_error_prefix(q.ptr ? q.ptr : "duration");
        surql_buf_dispose(&q);
        return NULL;
    }
    return surql_value_duration(secs, nanos);
}

surql_value *surql_value_uuid_parse(const char *text)
{
    if (!text) {
        surql__err(SURQL_EINVAL, "surql_value_uuid_parse: text is NULL");
        return NULL;
    }
    uint8_t u[16];
    if (surql__parse_uuid(text, strlen(text), u) != 0) {
        surql_buf q = SURQL_BUF_INIT;
        surql__quote(&q, text, strlen(text));
        surql_error_prefix(q.ptr ? q.ptr : "uuid");
        surql_buf_dispose(&q);
        return NULL;
    }
    return surql_value_uuid(u);
}

surql_value *surql_value_table(const char *name)
{
    if (!name || !*name) {
        surql__err(SURQL_EINVAL, "table name is %s", name ? "empty" : "NULL");
        return NULL;
    }
    size_t len = strlen(name);
    size_t bad = surql__utf8_check(name, len);
    if (bad != len) {
        surql__err(SURQL_EINVAL, "table name: invalid UTF-8 at byte %zu", bad);
        return NULL;
    }
    return text_value(SURQL_VALUE_TABLE, name, len);
}

/* ---- inspection ---- */

surql_value_type surql_value_type_of(const surql_value *v)
{
    return v ? (surql_value_type)v->type : SURQL_VALUE_NONE;
}

const char *surql_value_type_name(surql_value_type type)
{
    static const char *const names[] = { "none",     "null",     "bool",   "int",    "float",
                                         "decimal",  "string",   "bytes",  "datetime",
                                         "duration", "uuid",     "record", "table",  "array",
                                         "object",   "geometry", "range",  "set" };
    if ((unsigned)type < sizeof names / sizeof names[0])
        return names[type];
    return "unknown";
}

int surql_value_is_none(const surql_value *v)
{
    return surql_value_type_of(v) == SURQL_VALUE_NONE;
}

int surql_value_is_null(const surql_value *v)
{
    return surql_value_type_of(v) == SURQL_VALUE_NULL;
}

int surql_value_is_nullish(const surql_value *v)
{
    return surql_value_type_of(v) <= SURQL_VALUE_NULL;
}

/* ---- getters ---- */

static int type_error(const surql_value *v, surql_value_type want)
{
    return surql__err(SURQL_ETYPE, "expected %s, got %s", surql_value_type_name(want),
                      surql_value_type_name(surql_value_type_of(v)));
}

#define EXPECT(v, t)                                                                          \
    do {                                                                                      \
        if (surql_value_type_of(v) != (t))                                                    \
            return type_error((v), (t));                                                      \
    } while (0)
#define NEED(p)                                                                               \
    do {                                                                                      \
        if (!(p))                                                                             \
            return surql__err(SURQL_EINVAL, "%s: %s is NULL", __func__, #p);                 \
    } while (0)

int surql_value_get_bool(const surql_value *v, int *out)
{
    NEED(out);
    EXPECT(v, SURQL_VALUE_BOOL);
    *out = v->u.b;
    return SURQL_OK;
}

int surql_value_get_int(const surql_value *v, int64_t *out)
{
    NEED(out);
    EXPECT(v, SURQL_VALUE_INT);
    *out = v->u.i;
    return SURQL_OK;
}

int surql_value_get_float(const surql_value *v, double *out)
{
    NEED(out);
    EXPECT(v, SURQL_VALUE_FLOAT);
    *out = v->u.f;
    return SURQL_OK;
}

int surql_value_get_number(const surql_value *v, double *out)
{
    NEED(out);
    switch (surql_value_type_of(v)) {
    case SURQL_VALUE_INT:
        *out = (double)v->u.i;
        return SURQL_OK;
    case SURQL_VALUE_FLOAT:
        *out = v->u.f;
        return SURQL_OK;
    case SURQL_VALUE_DECIMAL:
        return surql__parse_double(v->u.s.ptr, v->u.s.len, out);
    default:
        return surql__err(SURQL_ETYPE, "expected number, got %s",
                          surql_value_type_name(surql_value_type_of(v)));
    }
}

int surql_value_get_string(const surql_value *v, const char **ptr, size_t *len)
{
    NEED(ptr);
    EXPECT(v, SURQL_VALUE_STRING);
    *ptr = v->u.s.ptr;
    if (len)
        *len = v->u.s.len;
    return SURQL_OK;
}

int surql_value_get_decimal(const surql_value *v, const char **text)
{
    NEED(text);
    EXPECT(v, SURQL_VALUE_DECIMAL);
    *text = v->u.s.ptr;
    return SURQL_OK;
}

int surql_value_get_bytes(const surql_value *v, const uint8_t **ptr, size_t *len)
{
    NEED(ptr);
    NEED(len);
    EXPECT(v, SURQL_VALUE_BYTES);
    *ptr = v->u.bytes.ptr;
    *len = v->u.bytes.len;
    return SURQL_OK;
}

int surql_value_get_datetime(const surql_value *v, int64_t *secs, uint32_t *nanos)
{
    EXPECT(v, SURQL_VALUE_DATETIME);
    if (secs)
        *secs = v->u.dt.secs;
    if (nanos)
        *nanos = v->u.dt.nanos;
    return SURQL_OK;
}

int surql_value_get_duration(const surql_value *v, uint64_t *secs, uint32_t *nanos)
{
    EXPECT(v, SURQL_VALUE_DURATION);
    if (secs)
        *secs = v->u.dur.secs;
    if (nanos)
        *nanos = v->u.dur.nanos;
    return SURQL_OK;
}

int surql_value_get_uuid(const surql_value *v, uint8_t out[16])
{
    NEED(out);
    EXPECT(v, SURQL_VALUE_UUID);
    memcpy(out, v->u.uuid, 16);
    return SURQL_OK;
}

int surql_value_record_table(const surql_value *v, const char **table)
{
    NEED(table);
    EXPECT(v, SURQL_VALUE_RECORD);
    *table = v->u.rec.table;
    return SURQL_OK;
}

int surql_value_record_key(const surql_value *v, const surql_value **key)
{
    NEED(key);
    EXPECT(v, SURQL_VALUE_RECORD);
    *key = v->u.rec.key;
    return SURQL_OK;
}

int surql_value_table_name(const surql_value *v, const char **name)
{
    NEED(name);
    EXPECT(v, SURQL_VALUE_TABLE);
    *name = v->u.s.ptr;
    return SURQL_OK;
}

int surql_value_range_lower(const surql_value *v, const surql_value **bound, int *inclusive)
{
    NEED(bound);
    EXPECT(v, SURQL_VALUE_RANGE);
    *bound = v->u.range.lo;
    if (inclusive)
        *inclusive = v->u.range.lo ? v->u.range.lo_incl : 0;
    return SURQL_OK;
}

int surql_value_range_upper(const surql_value *v, const surql_value **bound, int *inclusive)
{
    NEED(bound);
    EXPECT(v, SURQL_VALUE_RANGE);
    *bound = v->u.range.hi;
    if (inclusive)
        *inclusive = v->u.range.hi ? v->u.range.hi_incl : 0;
    return SURQL_OK;
}

int surql_value_geometry_kind(const surql_value *v, surql_geometry_kind *kind)
{
    NEED(kind);
    EXPECT(v, SURQL_VALUE_GEOMETRY);
    *kind = (surql_geometry_kind)v->u.geo.kind;
    return SURQL_OK;
}

int surql_value_geometry_coordinates(const surql_value *v, const surql_value **coords)
{
    NEED(coords);
    EXPECT(v, SURQL_VALUE_GEOMETRY);
    *coords = v->u.geo.coords;
    return SURQL_OK;
}

int surql_value_get_point(const surql_value *v, double *x, double *y)
{
    EXPECT(v, SURQL_VALUE_GEOMETRY);
    if (v->u.geo.kind != SURQL_GEOMETRY_POINT)
        return surql__err(SURQL_ETYPE, "expected Point geometry, got %s",
                          surql_geometry_kind_name((surql_geometry_kind)v->u.geo.kind));
    if (x)
        *x = v->u.geo.coords->u.arr.items[0]->u.f;
    if (y)
        *y = v->u.geo.coords->u.arr.items[1]->u.f;
    return SURQL_OK;
}

size_t surql_value_length(const surql_value *v)
{
    switch (surql_value_type_of(v)) {
    case SURQL_VALUE_ARRAY:
    case SURQL_VALUE_SET:
        return v->u.arr.len;
    case SURQL_VALUE_OBJECT:
        return v->u.obj.len;
    case SURQL_VALUE_STRING:
        return v->u.s.len;
    case SURQL_VALUE_BYTES:
        return v->u.bytes.len;
    default:
        return 0;
    }
}
