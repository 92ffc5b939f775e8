/* Deep equality, total order and hashing of values. Recursion is bounded by
 * SURQL_VALUE_MAX_DEPTH, which every builder and parser enforces. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "value-internal.h"

/* ---- equality ---- */

static int bytes_eq(const void *a, size_t an, const void *b, size_t bn)
{
    return an == bn && (an == 0 || memcmp(a, b, an) == 0);
}

static int bound_eq(const surql_value *a, const surql_value *b)
{
    if (!a || !b)
        return a == b;
    return surql_value_equal(a, b);
}

int surql_value_equal(const surql_value *a, const surql_value *b)
{
    if (a == b)
        return 1;
    surql_value_type t = surql_value_type_of(a);
    if (t != surql_value_type_of(b))
        return 0;
    size_t i;
    switch (t) {
    case SURQL_VALUE_NONE:
    case SURQL_VALUE_NULL:
        return 1;
    case SURQL_VALUE_BOOL:
        return a->u.b == b->u.b;
    case SURQL_VALUE_INT:
        return a->u.i == b->u.i;
    case SURQL_VALUE_FLOAT:
        return (isnan(a->u.f) && isnan(b->u.f)) || a->u.f == b->u.f;
    case SURQL_VALUE_DECIMAL:
        return surql__decimal_cmp(a->u.s.ptr, b->u.s.ptr) == 0;
    case SURQL_VALUE_STRING:
    case SURQL_VALUE_TABLE:
        return bytes_eq(a->u.s.ptr, a->u.s.len, b->u.s.ptr, b->u.s.len);
    case SURQL_VALUE_BYTES:
        return bytes_eq(a->u.bytes.ptr, a->u.bytes.len, b->u.bytes.ptr, b->u.bytes.len);
    case SURQL_VALUE_DATETIME:
        return a->u.dt.secs == b->u.dt.secs && a->u.dt.nanos == b->u.dt.nanos;
    case SURQL_VALUE_DURATION:
        return a->u.dur.secs == b->u.dur.secs && a->u.dur.nanos == b->u.dur.nanos;
    case SURQL_VALUE_UUID:
        return memcmp(a->u.uuid, b->u.uuid, 16) == 0;
    case SURQL_VALUE_RECORD:
        return bytes_eq(a->u.rec.table, a->u.rec.tlen, b->u.rec.table, b->u.rec.tlen) &&
               surql_value_equal(a->u.rec.key, b->u.rec.key);
    case SURQL_VALUE_ARRAY:
        if (a->u.arr.len != b->u.arr.len)
            return 0;
        for (i = 0; i < a->u.arr.len; i++)
            if (!surql_value_equal(a->u.arr.items[i], b->u.arr.items[i]))
                return 0;
        return 1;
    case SURQL_VALUE_SET:
        if (a->u.arr.len != b->u.arr.len)
            return 0;
        for (i = 0; i < a->u.arr.len; i++)
            if (!surql_value_contains(b, a->u.arr.items[i]))
                return 0;
        return 1;
    case SURQL_VALUE_OBJECT:
        if (a->u.obj.len != b->u.obj.len)
            return 0;
        for (i = 0; i < a->u.obj.len; i++) {
            const sv_entry *e = &a->u.obj.items[i];
            long at = surql__object_find(b, e->key, e->klen);
            if (at < 0 || !surql_value_equal(e->val, b->u.obj.items[at].val))
                return 0;
        }
        return 1;
    case SURQL_VALUE_GEOMETRY:
        return a->u.geo.kind == b->u.geo.kind && surql_value_equal(a->u.geo.coords, b->u.geo.coords);
    case SURQL_VALUE_RANGE:
        return a->u.range.lo_incl == b->u.range.lo_incl &&
               a->u.range.hi_incl == b->u.range.hi_incl && bound_eq(a->u.range.lo, b->u.range.lo) &&
               bound_eq(a->u.range.hi, b->u.range.hi);
    }
    return 0;
}

/* ---- ordering ---- */

static int type_rank(surql_value_type t)
{
    switch (t) {
    case SURQL_VALUE_NONE: return 0;
    case SURQL_VALUE_NULL: return 1;
    case SURQL_VALUE_BOOL: return 2;
    case SURQL_VALUE_INT:
    case SURQL_VALUE_FLOAT:
    case SURQL_VALUE_DECIMAL: return 3;
    case SURQL_VALUE_STRING: return 4;
    case SURQL_VALUE_DURATION: return 5;
    case SURQL_VALUE_DATETIME: return 6;
    case SURQL_VALUE_UUID: return 7;
    case SURQL_VALUE_ARRAY: return 8;
    case SURQL_VALUE_SET: return 9;
    case SURQL_VALUE_OBJECT: return 10;
    case SURQL_VALUE_GEOMETRY: return 11;
    case SURQL_VALUE_BYTES: return 12;
    case SURQL_VALUE_TABLE: return 13;
    case SURQL_VALUE_RECORD: return 14;
    case SURQL_VALUE_RANGE: return 15;
    }
    return 16;
}

#define CMP(x, y) ((x) < (y) ? -1 : ((x) > (y) ? 1 : 0))

static int bytes_cmp(const void *a, size_t an, const void *b, size_t bn)
{
    size_t n = an < bn ? an : bn;
    int r = n ? memcmp(a, b, n) : 0;
    if (r)
        return r < 0 ? -1 : 1;
    return CMP(an, bn);
}

static int float_cmp(double a, double b)
{
    int na = isnan(a), nb = isnan(b);
    if (na || nb)
        return na - nb; /* NaN after every number, NaN == NaN */
    return CMP(a, b);
}

/* int vs double, exactly */
static int int_float_cmp(int64_t i, double d)
{
    if (isnan(d))
        return -1;
    if (d >= 9223372036854775808.0)
        return -1;
    if (d < -9223372036854775808.0)
        return 1;
    int64_t t = (int64_t)d; /* |d| < 2^63: exact truncation */
    if (i != t)
        return CMP(i, t);
    double frac = d - (double)t;
    return frac > 0 ? -1 : (frac < 0 ? 1 : 0);
}

static int num_cmp(const surql_value *a, const surql_value *b)
{
    int ta = a->type, tb = b->type, r;
    if (ta == SURQL_VALUE_INT && tb == SURQL_VALUE_INT)
        r = CMP(a->u.i, b->u.i);
    else if (ta == SURQL_VALUE_FLOAT && tb == SURQL_VALUE_FLOAT)
        r = float_cmp(a->u.f, b->u.f);
    else if (ta == SURQL_VALUE_DECIMAL && tb == SURQL_VALUE_DECIMAL)
        r = surql__decimal_cmp(a->u.s.ptr, b->u.s.ptr);
    else if (ta == SURQL_VALUE_INT && tb == SURQL_VALUE_FLOAT)
        r = int_float_cmp(a->u.i, b->u.f);
    else if (ta == SURQL_VALUE_FLOAT && tb == SURQL_VALUE_INT)
        r = -int_float_cmp(b->u.i, a->u.f);
    else if (ta == SURQL_VALUE_DECIMAL || tb == SURQL_VALUE_DECIMAL) {
        const surql_value *d = ta == SURQL_VALUE_DECIMAL ? a : b;
        const surql_value *o = ta == SURQL_VALUE_DECIMAL ? b : a;
        if (o->type == SURQL_VALUE_INT) {
            char t[32];
            snprintf(t, sizeof t, "%lld", (long long)o->u.i);
            r = surql__decimal_cmp(d->u.s.ptr, t);
        } else {
            r = float_cmp(surql__decimal_to_double(d->u.s.ptr), o->u.f);
        }
        if (d == b)
            r = -r;
    } else {
        r = 0;
    }
    if (r)
        return r;
    /* numerically equal across types: int < float < decimal */
    return CMP(ta == SURQL_VALUE_DECIMAL ? 5 : ta, tb == SURQL_VALUE_DECIMAL ? 5 : tb);
}

static int key_rank(surql_value_type t)
{
    switch (t) {
    case SURQL_VALUE_INT: return 0;
    case SURQL_VALUE_STRING: return 1;
    case SURQL_VALUE_UUID: return 2;
    case SURQL_VALUE_ARRAY: return 3;
    case SURQL_VALUE_OBJECT: return 4;
    default: return 5;
    }
}

static int lower_cmp(const surql_value *a, int ai, const surql_value *b, int bi)
{
    if (!a || !b)
        return (a ? 1 : 0) - (b ? 1 : 0); /* unbounded first */
    int r = surql_value_compare(a, b);
    return r ? r : CMP(!ai, !bi); /* included before excluded */
}

static int upper_cmp(const surql_value *a, int ai, const surql_value *b, int bi)
{
    if (!a || !b)
        return (a ? 0 : 1) - (b ? 0 : 1); /* unbounded last */
    int r = surql_value_compare(a, b);
    return r ? r : CMP(ai, bi); /* excluded before included */
}

/* Order of element i vs j of a set (by value) or an object (by key). */
static int elem_cmp(const surql_value *c, size_t i, size_t j)
{
    if (c->type == SURQL_VALUE_OBJECT)
        return bytes_cmp(c->u.obj.items[i].key, c->u.obj.items[i].klen, c->u.obj.items[j].key,
                         c->u.obj.items[j].klen);
    return surql_value_compare(c->u.arr.items[i], c->u.arr.items[j]);
}

static void merge_sort(const surql_value *c, size_t *v, size_t *tmp, size_t n)
{
    if (n < 2)
        return;
    size_t h = n / 2, i = 0, j = h, k = 0;
    merge_sort(c, v, tmp, h);
    merge_sort(c, v + h, tmp, n - h);
    while (i < h && j < n)
        tmp[k++] = elem_cmp(c, v[i], v[j]) <= 0 ? v[i++] : v[j++];
    while (i < h)
        tmp[k++] = v[i++];
    while (j < n)
        tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof *v);
}

/* Sorted positions of a set's elements or an object's entries; NULL when
 * small or out of memory (callers then select the next element by scanning). */
static size_t *sorted_positions(const surql_value *c, size_t n)
{
    if (n <= 32 || n > SIZE_MAX / (2 * sizeof(size_t)))
        return NULL;
    size_t *v = malloc(2 * n * sizeof *v);
    if (!v)
        return NULL;
    for (size_t i = 0; i < n; i++)
        v[i] = i;
    merge_sort(c, v, v + n, n);
    return v;
}

/* Without an index: the smallest element strictly greater than `prev` (or the
 * smallest when prev is (size_t)-1). Elements are distinct. O(n) per call. */
static size_t next_after(const surql_value *c, size_t n, size_t prev)
{
    size_t best = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        if (prev != (size_t)-1 && elem_cmp(c, i, prev) <= 0)
            continue;
        if (best == (size_t)-1 || elem_cmp(c, i, best) < 0)
            best = i;
    }
    return best;
}

static int entry_cmp(const surql_value *a, size_t i, const surql_value *b, size_t j)
{
    if (a->type == SURQL_VALUE_OBJECT) {
        const sv_entry *x = &a->u.obj.items[i], *y = &b->u.obj.items[j];
        int r = bytes_cmp(x->key, x->klen, y->key, y->klen);
        return r ? r : surql_value_compare(x->val, y->val);
    }
    return surql_value_compare(a->u.arr.items[i], b->u.arr.items[j]);
}

/* Sets and objects: lexicographic over sorted elements/entries, then length. */
static int sorted_cmp(const surql_value *a, const surql_value *b)
{
    size_t na = a->type == SURQL_VALUE_OBJECT ? a->u.obj.len : a->u.arr.len;
    size_t nb = b->type == SURQL_VALUE_OBJECT ? b->u.obj.len : b->u.arr.len;
    size_t *sa = sorted_positions(a, na), *sb = sorted_positions(b, nb);
    size_t pa = (size_t)-1, pb = (size_t)-1, n = na < nb ? na : nb;
    int r = 0;
    for (size_t k = 0; k < n && !r; k++) {
        pa = sa ? sa[k] : next_after(a, na, pa);
        pb = sb ? sb[k] : next_after(b, nb, pb);
        r = entry_cmp(a, pa, b, pb);
    }
    free(sa);
    free(sb);
    return r ? r : CMP(na, nb);
}

int surql_value_compare(const surql_value *a, const surql_value *b)
{
    if (a == b)
        return 0;
    surql_value_type ta = surql_value_type_of(a), tb = surql_value_type_of(b);
    int ra = type_rank(ta), rb = type_rank(tb), r;
    if (ra != rb)
        return CMP(ra, rb);
    size_t i, n;
    switch (ta) {
    case SURQL_VALUE_NONE:
    case SURQL_VALUE_NULL:
        return 0;
    case SURQL_VALUE_BOOL:
        return CMP(a->u.b, b->u.b);
    case SURQL_VALUE_INT:
    case SURQL_VALUE_FLOAT:
    case SURQL_VALUE_DECIMAL:
        return num_cmp(a, b);
    case SURQL_VALUE_STRING:
    case SURQL_VALUE_TABLE:
        return bytes_cmp(a->u.s.ptr, a->u.s.len, b->u.s.ptr, b->u.s.len);
    case SURQL_VALUE_BYTES:
        return bytes_cmp(a->u.bytes.ptr, a->u.bytes.len, b->u.bytes.ptr, b->u.bytes.len);
    case SURQL_VALUE_DATETIME:
        r = CMP(a->u.dt.secs, b->u.dt.secs);
        return r ? r : CMP(a->u.dt.nanos, b->u.dt.nanos);
    case SURQL_VALUE_DURATION:
        r = CMP(a->u.dur.secs, b->u.dur.secs);
        return r ? r : CMP(a->u.dur.nanos, b->u.dur.nanos);
    case SURQL_VALUE_UUID:
        return bytes_cmp(a->u.uuid, 16, b->u.uuid, 16);
    case SURQL_VALUE_RECORD:
        r = bytes_cmp(a->u.rec.table, a->u.rec.tlen, b->u.rec.table, b->u.rec.tlen);
        if (r)
            return r;
        r = CMP(key_rank(a->u.rec.key->type), key_rank(b->u.rec.key->type));
        return r ? r : surql_value_compare(a->u.rec.key, b->u.rec.key);
    case SURQL_VALUE_ARRAY:
        n = a->u.arr.len < b->u.arr.len ? a->u.arr.len : b->u.arr.len;
        for (i = 0; i < n; i++) {
            r = surql_value_compare(a->u.arr.items[i], b->u.arr.items[i]);
            if (r)
                return r;
        }
        return CMP(a->u.arr.len, b->u.arr.len);
    case SURQL_VALUE_SET:
    case SURQL_VALUE_OBJECT:
        return sorted_cmp(a, b);
    case SURQL_VALUE_GEOMETRY:
        r = CMP(a->u.geo.kind, b->u.geo.kind);
        return r ? r : surql_value_compare(a->u.geo.coords, b->u.geo.coords);
    case SURQL_VALUE_RANGE:
        r = lower_cmp(a->u.range.lo, a->u.range.lo_incl, b->u.range.lo, b->u.range.lo_incl);
        return r ? r
                 : upper_cmp(a->u.range.hi, a->u.range.hi_incl, b->u.range.hi,
                             b->u.range.hi_incl);
    }
    return 0;
}

/* ---- hashing (consistent with surql_value_equal) ---- */

#define FNV_OFF 1469598103934665603ULL
#define FNV_PRIME 1099511628211ULL

static uint64_t mix(uint64_t h, uint64_t x)
{
    h ^= x + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
    return h * FNV_PRIME;
}

static uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * FNV_PRIME;
    return h;
}

uint64_t surql__hash(const surql_value *v)
{
    surql_value_type t = surql_value_type_of(v);
    uint64_t h = mix(FNV_OFF, (uint64_t)t), acc;
    size_t i;
    switch (t) {
    case SURQL_VALUE_NONE:
    case SURQL_VALUE_NULL:
        return h;
    case SURQL_VALUE_BOOL:
        return mix(h, (uint64_t)v->u.b);
    case SURQL_VALUE_INT:
        return mix(h, (uint64_t)v->u.i);
    case SURQL_VALUE_FLOAT: {
        double d = v->u.f;
        uint64_t bits = 0;
        if (isnan(d))
            bits = 0x7FF8000000000000ULL;
        else if (d != 0.0)
            memcpy(&bits, &d, sizeof bits);
        return mix(h, bits);
    }
    case SURQL_VALUE_DECIMAL:
        return mix(h, surql__decimal_hash(v->u.s.ptr));
    case SURQL_VALUE_STRING:
    case SURQL_VALUE_TABLE:
        return hash_bytes(h, v->u.s.ptr, v->u.s.len);
    case SURQL_VALUE_BYTES:
        return hash_bytes(h, v->u.bytes.ptr, v->u.bytes.len);
    case SURQL_VALUE_DATETIME:
        return mix(mix(h, (uint64_t)v->u.dt.secs), v->u.dt.nanos);
    case SURQL_VALUE_DURATION:
        return mix(mix(h, v->u.dur.secs), v->u.dur.nanos);
    case SURQL_VALUE_UUID:
        return hash_bytes(h, v->u.uuid, 16);
    case SURQL_VALUE_RECORD:
        return mix(hash_bytes(h, v->u.rec.table, v->u.rec.tlen), surql__hash(v->u.rec.key));
    case SURQL_VALUE_ARRAY:
        for (i = 0; i < v->u.arr.len; i++)
            h = mix(h, surql__hash(v->u.arr.items[i]));
        return h;
    case SURQL_VALUE_SET:
        for (acc = 0, i = 0; i < v->u.arr.len; i++)
            acc += surql__hash(v->u.arr.items[i]); /* order-insensitive */
        return mix(h, acc);
    case SURQL_VALUE_OBJECT:
        for (acc = 0, i = 0; i < v->u.obj.len; i++) {
            const sv_entry *e = &v->u.obj.items[i];
            acc += mix(hash_bytes(FNV_OFF, e->key, e->klen), surql__hash(e->val));
        }
        return mix(h, acc);
    case SURQL_VALUE_GEOMETRY:
        return mix(mix(h, (uint64_t)v->u.geo.kind), surql__hash(v->u.geo.coords));
    case SURQL_VALUE_RANGE:
        h = mix(h, (uint64_t)(v->u.range.lo_incl | v->u.range.hi_incl << 1));
        h = mix(h, v->u.range.lo ? surql__hash(v->u.range.lo) : 1);
        return mix(h, v->u.range.hi ? surql__hash(v->u.range.hi) : 2);
    }
    return h;
}
