/*
 * surql_value -> CBOR (SurrealDB's tagged wire format), written into a surql_buf
 * with libcbor's head encoders. Deterministic output: definite lengths,
 * shortest heads, floats in the shortest exact width, entries in insertion
 * order. Recursion depth is bounded by SURQL_VALUE_MAX_DEPTH (values cannot
 * nest deeper).
 */
#include <cbor.h>
#include <math.h>
#include <string.h>

#include <surql/schema/error.h>

#include "cbor-internal.h"

#define DOMAIN SURQL_CONN__CBOR_DOMAIN

typedef struct enc {
    surql_buf *b;
    unsigned flags;
} enc;

static int put(enc *e, const void *p, size_t n)
{
    return surql_buf_put(e->b, p, n);
}

/* the head encoders of libcbor write at most 9 bytes */
#define HEAD(e, call)                                                                         \
    do {                                                                                      \
        unsigned char h_[9];                                                                  \
        size_t n_ = (call);                                                                   \
        if (n_ == 0)                                                                          \
            return surql_error_set(SURQL_ERROR, DOMAIN, "CBOR head encoding failed");        \
        int rc_ = put((e), h_, n_);                                                           \
        if (rc_)                                                                              \
            return rc_;                                                                       \
    } while (0)

static int put_tag(enc *e, uint64_t tag)
{
    HEAD(e, cbor_encode_tag(tag, h_, sizeof h_));
    return SURQL_OK;
}

static int put_array_head(enc *e, size_t n)
{
    HEAD(e, cbor_encode_array_start(n, h_, sizeof h_));
    return SURQL_OK;
}

static int put_uint(enc *e, uint64_t u)
{
    HEAD(e, cbor_encode_uint(u, h_, sizeof h_));
    return SURQL_OK;
}

static int put_int(enc *e, int64_t i)
{
    if (i >= 0)
        return put_uint(e, (uint64_t)i);
    HEAD(e, cbor_encode_negint((uint64_t)(-1 - i), h_, sizeof h_));
    return SURQL_OK;
}

static int put_text(enc *e, const char *s, size_t len)
{
    HEAD(e, cbor_encode_string_start(len, h_, sizeof h_));
    return put(e, s, len);
}

static int put_bytes(enc *e, const void *p, size_t len)
{
    HEAD(e, cbor_encode_bytestring_start(len, h_, sizeof h_));
    return len ? put(e, p, len) : SURQL_OK;
}

static int put_null(enc *e)
{
    static const unsigned char n = 0xf6;
    return put(e, &n, 1);
}

/* IEEE half-precision bits of f when f converts to half exactly, else -1. */
static long half_bits(float f)
{
    uint32_t bits;
    memcpy(&bits, &f, sizeof bits);
    uint32_t sign = (bits >> 16) & 0x8000u;
    int exp = (int)((bits >> 23) & 0xffu);
    uint32_t mant = bits & 0x7fffffu;
    if (exp == 0xff) /* infinities (NaN is handled by the caller) */
        return mant ? -1 : (long)(sign | 0x7c00u);
    if (exp == 0 && mant == 0)
        return (long)sign;
    if (exp == 0) /* float subnormals are far below half's range */
        return -1;
    int e = exp - 127;
    if (e >= -14 && e <= 15) { /* half normal: 10 mantissa bits */
        if (mant & 0x1fffu)
            return -1;
        return (long)(sign | ((uint32_t)(e + 15) << 10) | (mant >> 13));
    }
    if (e >= -24 && e < -14) { /* half subnormal: value = m * 2^-24 */
        uint32_t full = mant | 0x800000u;
        int shift = -(e + 1); /* m = full * 2^(e + 1) */
        if (full & ((1u << shift) - 1u))
            return -1;
        return (long)(sign | (full >> shift));
    }
    return -1;
}

static int put_float(enc *e, double d)
{
    unsigned char h[9];
    if (isnan(d)) { /* canonical quiet NaN, as ciborium writes it */
        static const unsigned char nan16[3] = { 0xf9, 0x7e, 0x00 };
        return put(e, nan16, 3);
    }
    float f = (float)d;
    if ((double)f == d) { /* (the conversion keeps the sign of zero) */
        long hb = half_bits(f);
        if (hb >= 0) {
            h[0] = 0xf9;
            h[1] = (unsigned char)((unsigned long)hb >> 8);
            h[2] = (unsigned char)((unsigned long)hb & 0xffu);
            return put(e, h, 3);
        }
        size_t n = cbor_encode_single(f, h, sizeof h);
        return put(e, h, n);
    }
    size_t n = cbor_encode_double(d, h, sizeof h);
    return put(e, h, n);
}

static int enc_value(enc *e, const surql_value *v);

/* Geometry coordinates `level` arrays above [x, y], written as the tags the
 * server uses: 88 point, 89 line (array of 88), 90 polygon (array of 89). */
static int enc_coords(enc *e, const surql_value *c, int level)
{
    static const uint64_t tags[3] = { SURQL_CONN__TAG_POINT, SURQL_CONN__TAG_LINE,
                                      SURQL_CONN__TAG_POLYGON };
    int rc;
    size_t n = surql_value_length(c);
    if ((rc = put_tag(e, tags[level])) || (rc = put_array_head(e, n)))
        return rc;
    for (size_t i = 0; i < n; i++) {
        const surql_value *x = surql_value_array_at(c, i);
        if (level == 0) {
            double d = 0;
            surql_value_get_number(x, &d);
            rc = put_float(e, d);
        } else {
            rc = enc_coords(e, x, level - 1);
        }
        if (rc)
            return rc;
    }
    return SURQL_OK;
}

static int enc_geometry(enc *e, const surql_value *v)
{
    surql_geometry_kind kind = 0;
    const surql_value *c = NULL;
    surql_value_geometry_kind(v, &kind);
    surql_value_geometry_coordinates(v, &c);
    int rc, level;
    uint64_t tag;
    switch (kind) {
    case SURQL_GEOMETRY_POINT: return enc_coords(e, c, 0);
    case SURQL_GEOMETRY_LINE: return enc_coords(e, c, 1);
    case SURQL_GEOMETRY_POLYGON: return enc_coords(e, c, 2);
    case SURQL_GEOMETRY_MULTIPOINT: tag = SURQL_CONN__TAG_MULTIPOINT; level = 0; break;
    case SURQL_GEOMETRY_MULTILINE: tag = SURQL_CONN__TAG_MULTILINE; level = 1; break;
    case SURQL_GEOMETRY_MULTIPOLYGON: tag = SURQL_CONN__TAG_MULTIPOLYGON; level = 2; break;
    case SURQL_GEOMETRY_COLLECTION: tag = SURQL_CONN__TAG_COLLECTION; level = -1; break;
    default:
        return surql_error_set(SURQL_EINVAL, DOMAIN, "CBOR: unknown geometry kind %d", (int)kind);
    }
    size_t n = surql_value_length(c);
    if ((rc = put_tag(e, tag)) || (rc = put_array_head(e, n)))
        return rc;
    for (size_t i = 0; i < n; i++) {
        const surql_value *x = surql_value_array_at(c, i);
        rc = level < 0 ? enc_geometry(e, x) : enc_coords(e, x, level);
        if (rc)
            return rc;
    }
    return SURQL_OK;
}

static int enc_bound(enc *e, const surql_value *b, int incl)
{
    int rc;
    if (!b)
        return put_null(e);
    if ((rc = put_tag(e, incl ? SURQL_CONN__TAG_BOUND_INCL : SURQL_CONN__TAG_BOUND_EXCL)))
        return rc;
    return enc_value(e, b);
}

static int enc_value(enc *e, const surql_value *v)
{
    int rc;
    switch (surql_value_type_of(v)) {
    case SURQL_VALUE_NONE: {
        static const unsigned char none[2] = { 0xc6, 0xf6 }; /* 6(null) */
        return put(e, none, 2);
    }
    case SURQL_VALUE_NULL:
        return put_null(e);
    case SURQL_VALUE_BOOL: {
        int b = 0;
        surql_value_get_bool(v, &b);
        unsigned char c = b ? 0xf5 : 0xf4;
        return put(e, &c, 1);
    }
    case SURQL_VALUE_INT: {
        int64_t i = 0;
        surql_value_get_int(v, &i);
        return put_int(e, i);
    }
    case SURQL_VALUE_FLOAT: {
        double d = 0;
        surql_value_get_float(v, &d);
        return put_float(e, d);
    }
    case SURQL_VALUE_DECIMAL: {
        const char *s = NULL;
        surql_value_get_decimal(v, &s);
        if ((rc = put_tag(e, SURQL_CONN__TAG_DECIMAL)))
            return rc;
        return put_text(e, s, strlen(s));
    }
    case SURQL_VALUE_STRING: {
        const char *s = NULL;
        size_t n = 0;
        surql_value_get_string(v, &s, &n);
        return put_text(e, s, n);
    }
    case SURQL_VALUE_BYTES: {
        const uint8_t *p = NULL;
        size_t n = 0;
        surql_value_get_bytes(v, &p, &n);
        return put_bytes(e, p, n);
    }
    case SURQL_VALUE_DATETIME: {
        int64_t secs = 0;
        uint32_t nanos = 0;
        surql_value_get_datetime(v, &secs, &nanos);
        if ((rc = put_tag(e, SURQL_CONN__TAG_DATETIME)) || (rc = put_array_head(e, 2)) ||
            (rc = put_int(e, secs)))
            return rc;
        return put_uint(e, nanos);
    }
    case SURQL_VALUE_DURATION: {
        uint64_t secs = 0;
        uint32_t nanos = 0;
        surql_value_get_duration(v, &secs, &nanos);
        /* [] when zero, [secs] when nanos = 0, else [secs, nanos] (as the server writes) */
        size_t n = nanos ? 2 : secs ? 1 : 0;
        if ((rc = put_tag(e, SURQL_CONN__TAG_DURATION)) || (rc = put_array_head(e, n)))
            return rc;
        if (n >= 1 && (rc = put_uint(e, secs)))
            return rc;
        return n == 2 ? put_uint(e, nanos) : SURQL_OK;
    }
    case SURQL_VALUE_UUID: {
        uint8_t u[16];
        surql_value_get_uuid(v, u);
        if ((rc = put_tag(e, SURQL_CONN__TAG_UUID)))
            return rc;
        return put_bytes(e, u, 16);
    }
    case SURQL_VALUE_RECORD: {
        const char *table = NULL;
        const surql_value *key = NULL;
        surql_value_record_table(v, &table);
        surql_value_record_key(v, &key);
        if ((rc = put_tag(e, SURQL_CONN__TAG_RECORD)) || (rc = put_array_head(e, 2)) ||
            (rc = put_text(e, table, strlen(table))))
            return rc;
        return enc_value(e, key);
    }
    case SURQL_VALUE_TABLE: {
        const char *name = NULL;
        surql_value_table_name(v, &name);
        if ((rc = put_tag(e, SURQL_CONN__TAG_TABLE)))
            return rc;
        return put_text(e, name, strlen(name));
    }
    case SURQL_VALUE_SET:
        if (!(e->flags & SURQL_CONN__CBOR_SET_AS_ARRAY) && (rc = put_tag(e, SURQL_CONN__TAG_SET)))
            return rc;
        /* fall through */
    case SURQL_VALUE_ARRAY: {
        size_t n = surql_value_length(v);
        if ((rc = put_array_head(e, n)))
            return rc;
        for (size_t i = 0; i < n; i++)
            if ((rc = enc_value(e, surql_value_array_at(v, i))))
                return rc;
        return SURQL_OK;
    }
    case SURQL_VALUE_OBJECT: {
        size_t n = surql_value_length(v);
        HEAD(e, cbor_encode_map_start(n, h_, sizeof h_));
        for (size_t i = 0; i < n; i++) {
            const char *k = NULL;
            size_t klen = 0;
            const surql_value *x = NULL;
            surql_value_object_at(v, i, &k, &klen, &x);
            if ((rc = put_text(e, k, klen)) || (rc = enc_value(e, x)))
                return rc;
        }
        return SURQL_OK;
    }
    case SURQL_VALUE_GEOMETRY:
        return enc_geometry(e, v);
    case SURQL_VALUE_RANGE: {
        const surql_value *lo = NULL, *hi = NULL;
        int li = 0, hi_incl = 0;
        surql_value_range_lower(v, &lo, &li);
        surql_value_range_upper(v, &hi, &hi_incl);
        if ((rc = put_tag(e, SURQL_CONN__TAG_RANGE)) || (rc = put_array_head(e, 2)) ||
            (rc = enc_bound(e, lo, li)))
            return rc;
        return enc_bound(e, hi, hi_incl);
    }
    }
    return surql_error_set(SURQL_EINVAL, DOMAIN, "CBOR: cannot encode value of type %d",
                           (int)surql_value_type_of(v));
}

int surql_conn__cbor_encode(const surql_value *v, surql_buf *out, unsigned flags)
{
    if (!out)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn__cbor_encode: out is NULL");
    size_t mark = out->size;
    enc e = { out, flags };
    int rc = enc_value(&e, v);
    if (rc)
        surql_buf_truncate(out, mark);
    return rc;
}
