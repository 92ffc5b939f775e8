/* Arrays, objects, sets (with a hash index for large ones), record ids,
 * geometry, ranges, element access and iteration. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "value-internal.h"

#define MAX_ITEMS ((size_t)UINT32_MAX - 1) /* positions are stored as uint32 + 1 */

/* ---- hash index (open addressing, linear probing) ---- */

static uint64_t key_hash(const char *k, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)k[i]) * 1099511628211ULL;
    return h ^ (h >> 29);
}

static uint64_t elem_hash(const surql_value *c, size_t i)
{
    if (c->type == SURQL_VALUE_OBJECT)
        return key_hash(c->u.obj.items[i].key, c->u.obj.items[i].klen);
    return surql__hash(c->u.arr.items[i]);
}

static sv_index *index_of(surql_value *c)
{
    return c->type == SURQL_VALUE_OBJECT ? &c->u.obj.idx : &c->u.arr.idx;
}

static size_t count_of(const surql_value *c)
{
    return c->type == SURQL_VALUE_OBJECT ? c->u.obj.len : c->u.arr.len;
}

static void slot_put(sv_index *ix, uint64_t h, size_t pos)
{
    size_t mask = ix->cap - 1, i = (size_t)h & mask;
    while (ix->slots[i])
        i = (i + 1) & mask;
    ix->slots[i] = (uint32_t)(pos + 1);
}

/* Make room in the index for `n_after` items (call before appending). */
static int index_reserve(surql_value *c, size_t n_after)
{
    sv_index *ix = index_of(c);
    if (c->type == SURQL_VALUE_ARRAY || n_after < SV_INDEX_MIN ||
        (ix->slots && n_after * 2 <= ix->cap))
        return SURQL_OK;
    size_t cap = 64;
    while (cap < n_after * 2)
        cap *= 2;
    uint32_t *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return surql__err(SURQL_ENOMEM, "out of memory indexing a %s",
                          surql_value_type_name((surql_value_type)c->type));
    free(ix->slots);
    ix->slots = slots;
    ix->cap = cap;
    size_t n = count_of(c);
    for (size_t i = 0; i < n; i++)
        slot_put(ix, elem_hash(c, i), i);
    return SURQL_OK;
}

/* Register the item just appended at `pos`. */
static void index_add(surql_value *c, size_t pos)
{
    sv_index *ix = index_of(c);
    if (ix->slots)
        slot_put(ix, elem_hash(c, pos), pos);
}

long surql__object_find(const surql_value *o, const char *key, size_t klen)
{
    const sv_index *ix = &o->u.obj.idx;
    if (ix->slots) {
        size_t mask = ix->cap - 1, i = (size_t)key_hash(key, klen) & mask;
        for (; ix->slots[i]; i = (i + 1) & mask) {
            const sv_entry *e = &o->u.obj.items[ix->slots[i] - 1];
            if (e->klen == klen && memcmp(e->key, key, klen) == 0)
                return (long)(ix->slots[i] - 1);
        }
        return -1;
    }
    for (size_t i = 0; i < o->u.obj.len; i++) {
        const sv_entry *e = &o->u.obj.items[i];
        if (e->klen == klen && memcmp(e->key, key, klen) == 0)
            return (long)i;
    }
    return -1;
}

static long set_find(const surql_value *s, const surql_value *item, uint64_t h)
{
    const sv_index *ix = &s->u.arr.idx;
    if (ix->slots && s->type == SURQL_VALUE_SET) {
        size_t mask = ix->cap - 1, i = (size_t)h & mask;
        for (; ix->slots[i]; i = (i + 1) & mask)
            if (surql_value_equal(s->u.arr.items[ix->slots[i] - 1], item))
                return (long)(ix->slots[i] - 1);
        return -1;
    }
    for (size_t i = 0; i < s->u.arr.len; i++)
        if (surql_value_equal(s->u.arr.items[i], item))
            return (long)i;
    return -1;
}

/* ---- builders ---- */

surql_value *surql_value_array(void)
{
    surql_value *v = surql__alloc(SURQL_VALUE_ARRAY, 0);
    if (v)
        v->depth = 1;
    return v;
}

surql_value *surql_value_set(void)
{
    surql_value *v = surql__alloc(SURQL_VALUE_SET, 0);
    if (v)
        v->depth = 1;
    return v;
}

surql_value *surql_value_object(void)
{
    surql_value *v = surql__alloc(SURQL_VALUE_OBJECT, 0);
    if (v)
        v->depth = 1;
    return v;
}

static int check_mutable(const surql_value *c, surql_value_type want, const char *fn)
{
    if (!c)
        return surql__err(SURQL_EINVAL, "%s: container is NULL", fn);
    if (c->type != want)
        return surql__err(SURQL_ETYPE, "%s: expected %s, got %s", fn,
                          surql_value_type_name(want),
                          surql_value_type_name((surql_value_type)c->type));
    if (surql__is_shared(c))
        return surql__err(SURQL_ESTATE,
                          "%s: the %s is shared (more than one reference) and therefore immutable",
                          fn, surql_value_type_name(want));
    return SURQL_OK;
}

/* Unchecked depth is for the JSON parser only: the extended form builds
 * wrapper objects one or two levels deeper than the value they decode to,
 * and it checks the depth of every decoded result itself. */
static int check_child_depth(const surql_value *c, const surql_value *item, const char *fn,
                             int check_depth)
{
    if (!item)
        return surql__err(SURQL_EINVAL, "%s: value is NULL", fn);
    if (item == c)
        return surql__err(SURQL_EINVAL, "%s: a container cannot contain itself", fn);
    if (check_depth && item->depth + 1 > SURQL_VALUE_MAX_DEPTH)
        return surql__err(SURQL_ERANGE, "%s: nesting deeper than %d levels", fn,
                          SURQL_VALUE_MAX_DEPTH);
    if (item->depth + 1 > UINT16_MAX)
        return surql__err(SURQL_ERANGE, "%s: nesting too deep", fn);
    return SURQL_OK;
}

static int check_child(const surql_value *c, const surql_value *item, const char *fn)
{
    return check_child_depth(c, item, fn, 1);
}

static void raise_depth(surql_value *c, const surql_value *child)
{
    if (child->depth + 1 > c->depth)
        c->depth = (uint16_t)(child->depth + 1);
}

static int items_grow(surql_value *c)
{
    if (c->u.arr.len < c->u.arr.cap)
        return SURQL_OK;
    if (c->u.arr.len >= MAX_ITEMS)
        return surql__err(SURQL_ERANGE, "too many elements");
    size_t cap = c->u.arr.cap ? c->u.arr.cap * 2 : 4;
    surql_value **p = realloc(c->u.arr.items, cap * sizeof *p);
    if (!p)
        return surql__err(SURQL_ENOMEM, "out of memory growing an array to %zu elements", cap);
    c->u.arr.items = p;
    c->u.arr.cap = cap;
    return SURQL_OK;
}

static int append_item(surql_value *c, const surql_value *item)
{
    int rc = items_grow(c);
    if (!rc)
        rc = index_reserve(c, c->u.arr.len + 1);
    if (rc)
        return rc;
    c->u.arr.items[c->u.arr.len] = surql_value_ref(item);
    index_add(c, c->u.arr.len);
    c->u.arr.len++;
    raise_depth(c, item);
    return SURQL_OK;
}

int surql_value_array_push(surql_value *arr, const surql_value *item)
{
    int rc = check_mutable(arr, SURQL_VALUE_ARRAY, "surql_value_array_push");
    if (!rc)
        rc = check_child(arr, item, "surql_value_array_push");
    return rc ? rc : append_item(arr, item);
}

int surql_value_array_push_take(surql_value *arr, surql_value *item)
{
    if (!item)
        return surql__null_item("surql_value_array_push_take");
    int rc = surql_value_array_push(arr, item);
    surql_value_unref(item);
    return rc;
}

int surql_value_set_add(surql_value *set, const surql_value *item)
{
    int rc = check_mutable(set, SURQL_VALUE_SET, "surql_value_set_add");
    if (!rc)
        rc = check_child(set, item, "surql_value_set_add");
    if (rc)
        return rc;
    if (set_find(set, item, surql__hash(item)) >= 0)
        return SURQL_OK;
    return append_item(set, item);
}

int surql_value_set_add_take(surql_value *set, surql_value *item)
{
    if (!item)
        return surql__null_item("surql_value_set_add_take");
    int rc = surql_value_set_add(set, item);
    surql_value_unref(item);
    return rc;
}

static int object_set(surql_value *obj, const char *key, size_t keylen, const surql_value *val,
                      int check_depth)
{
    const char *fn = "surql_value_object_set";
    int rc = check_mutable(obj, SURQL_VALUE_OBJECT, fn);
    if (!rc)
        rc = check_child_depth(obj, val, fn, check_depth);
    if (rc)
        return rc;
    if (!key)
        return surql__err(SURQL_EINVAL, "%s: key is NULL", fn);
    size_t bad = surql__utf8_check(key, keylen);
    if (bad != keylen)
        return surql__err(SURQL_EINVAL, "%s: key: invalid UTF-8 at byte %zu", fn, bad);
    long at = surql__object_find(obj, key, keylen);
    if (at >= 0) {
        sv_entry *e = &obj->u.obj.items[at];
        surql_value *old = e->val;
        e->val = surql_value_ref(val);
        surql_value_unref(old);
        surql__recompute_depth(obj);
        return SURQL_OK;
    }
    if (obj->u.obj.len >= MAX_ITEMS)
        return surql__err(SURQL_ERANGE, "%s: too many keys", fn);
    if (obj->u.obj.len == obj->u.obj.cap) {
        size_t cap = obj->u.obj.cap ? obj->u.obj.cap * 2 : 4;
        sv_entry *p = realloc(obj->u.obj.items, cap * sizeof *p);
        if (!p)
            return surql__err(SURQL_ENOMEM, "out of memory growing an object to %zu keys", cap);
        obj->u.obj.items = p;
        obj->u.obj.cap = cap;
    }
    rc = index_reserve(obj, obj->u.obj.len + 1);
    if (rc)
        return rc;
    char *k = surql_strndup(key, keylen);
    if (!k)
        return surql__err(SURQL_ENOMEM, "out of memory copying an object key");
    sv_entry *e = &obj->u.obj.items[obj->u.obj.len];
    e->key = k;
    e->klen = keylen;
    e->val = surql_value_ref(val);
    index_add(obj, obj->u.obj.len);
    obj->u.obj.len++;
    raise_depth(obj, val);
    return SURQL_OK;
}

int surql_value_object_set_len(surql_value *obj, const char *key, size_t keylen,
                               const surql_value *val)
{
    return object_set(obj, key, keylen, val, 1);
}

int surql__object_put_take(surql_value *obj, const char *key, size_t keylen, surql_value *val)
{
    int rc = object_set(obj, key, keylen, val, 0);
    surql_value_unref(val);
    return rc;
}

int surql__array_push_take(surql_value *arr, surql_value *item)
{
    int rc = check_mutable(arr, SURQL_VALUE_ARRAY, "surql_value_array_push");
    if (!rc)
        rc = check_child_depth(arr, item, "surql_value_array_push", 0);
    if (!rc)
        rc = append_item(arr, item);
    surql_value_unref(item);
    return rc;
}

void surql__recompute_depth(surql_value *c)
{
    c->depth = 1;
    if (c->type == SURQL_VALUE_OBJECT) {
        for (size_t i = 0; i < c->u.obj.len; i++)
            raise_depth(c, c->u.obj.items[i].val);
    } else {
        for (size_t i = 0; i < c->u.arr.len; i++)
            raise_depth(c, c->u.arr.items[i]);
    }
}

int surql_value_object_set(surql_value *obj, const char *key, const surql_value *val)
{
    if (!key)
        return surql__err(SURQL_EINVAL, "surql_value_object_set: key is NULL");
    return surql_value_object_set_len(obj, key, strlen(key), val);
}

int surql_value_object_set_len_take(surql_value *obj, const char *key, size_t keylen,
                                    surql_value *val)
{
    if (!val)
        return surql__null_item("surql_value_object_set_take");
    int rc = surql_value_object_set_len(obj, key, keylen, val);
    surql_value_unref(val);
    return rc;
}

int surql_value_object_set_take(surql_value *obj, const char *key, surql_value *val)
{
    if (!val)
        return surql__null_item("surql_value_object_set_take");
    int rc = surql_value_object_set(obj, key, val);
    surql_value_unref(val);
    return rc;
}

/* ---- record ids ---- */

static int key_type_ok(const surql_value *k)
{
    switch (surql_value_type_of(k)) {
    case SURQL_VALUE_INT:
    case SURQL_VALUE_STRING:
    case SURQL_VALUE_ARRAY:
    case SURQL_VALUE_OBJECT:
    case SURQL_VALUE_UUID:
        return 1;
    default:
        return 0;
    }
}

int surql__record_key_ok(const surql_value *key)
{
    if (key_type_ok(key))
        return 1;
    if (surql_value_type_of(key) != SURQL_VALUE_RANGE)
        return 0;
    return (!key->u.range.lo || key_type_ok(key->u.range.lo)) &&
           (!key->u.range.hi || key_type_ok(key->u.range.hi));
}

surql_value *surql_value_record(const char *table, const surql_value *key)
{
    if (!table || !*table) {
        surql__err(SURQL_EINVAL, "record id: table name is %s", table ? "empty" : "NULL");
        return NULL;
    }
    size_t tlen = strlen(table);
    size_t bad = surql__utf8_check(table, tlen);
    if (bad != tlen) {
        surql__err(SURQL_EINVAL, "record id: table name: invalid UTF-8 at byte %zu", bad);
        return NULL;
    }
    if (!key) {
        surql__err(SURQL_EINVAL, "record id: key is NULL");
        return NULL;
    }
    if (!surql__record_key_ok(key)) {
        surql__err(SURQL_EINVAL,
                   "record id: key must be an int, string, array, object, uuid or a range of "
                   "those, got %s",
                   surql_value_type_name(surql_value_type_of(key)));
        return NULL;
    }
    if (key->depth + 1 > SURQL_VALUE_MAX_DEPTH) {
        surql__err(SURQL_ERANGE, "record id: key nested deeper than %d levels",
                   SURQL_VALUE_MAX_DEPTH);
        return NULL;
    }
    surql_value *v = surql__alloc(SURQL_VALUE_RECORD, tlen + 1);
    if (!v)
        return NULL;
    v->u.rec.table = (char *)(v + 1);
    memcpy(v->u.rec.table, table, tlen + 1);
    v->u.rec.tlen = tlen;
    v->u.rec.key = surql_value_ref(key);
    v->depth = (uint16_t)(key->depth + 1);
    return v;
}

surql_value *surql_value_record_take(const char *table, surql_value *key)
{
    if (!key) {
        surql__null_item("surql_value_record_take");
        return NULL;
    }
    surql_value *v = surql_value_record(table, key);
    surql_value_unref(key);
    return v;
}

/* ---- geometry ---- */

const char *surql_geometry_kind_name(surql_geometry_kind kind)
{
    static const char *const names[] = { "unknown",    "Point",           "LineString",
                                         "Polygon",    "MultiPoint",      "MultiLineString",
                                         "MultiPolygon", "GeometryCollection" };
    if ((unsigned)kind < sizeof names / sizeof names[0])
        return names[kind];
    return "unknown";
}

int surql__geometry_kind_from_name(const char *name, size_t len)
{
    for (int k = SURQL_GEOMETRY_POINT; k <= SURQL_GEOMETRY_COLLECTION; k++) {
        const char *n = surql_geometry_kind_name((surql_geometry_kind)k);
        if (strlen(n) == len && memcmp(n, name, len) == 0)
            return k;
    }
    return 0;
}

/* SurrealDB (the geo crate) closes polygon rings: when the first and last
 * points differ, the first is appended. Checked on 3.0.2 and 2.6.0 for
 * literals and for CBOR tag 90; doing the same here keeps values equal to
 * what the server stores. */
static int close_ring(surql_value *ring)
{
    size_t n = ring->u.arr.len;
    if (n < 2)
        return SURQL_OK;
    const surql_value *a = ring->u.arr.items[0], *b = ring->u.arr.items[n - 1];
    if (a->u.arr.items[0]->u.f == b->u.arr.items[0]->u.f &&
        a->u.arr.items[1]->u.f == b->u.arr.items[1]->u.f)
        return SURQL_OK;
    return append_item(ring, a);
}

/* Copy of coordinates nested `level` arrays above [x, y] pairs, numbers as floats.
 * `min` is the least element count required at each level (index = level);
 * arrays at `ring_level` are polygon rings and get closed. */
static surql_value *coords_norm(const surql_value *c, int level, const size_t *min,
                                int ring_level, int *fail)
{
    if (surql_value_type_of(c) != SURQL_VALUE_ARRAY) {
        *fail = 1;
        return NULL;
    }
    surql_value *out = surql_value_array();
    if (!out)
        return NULL;
    if (level == 0) {
        if (c->u.arr.len != 2) {
            *fail = 1;
            return surql_value_unref(out);
        }
        for (size_t i = 0; i < 2; i++) {
            const surql_value *n = c->u.arr.items[i];
            double d;
            if (n->type == SURQL_VALUE_INT)
                d = (double)n->u.i;
            else if (n->type == SURQL_VALUE_FLOAT && isfinite(n->u.f))
                d = n->u.f;
            else {
                *fail = 1;
                return surql_value_unref(out);
            }
            if (surql_value_array_push_take(out, surql_value_float(d)) != 0)
                return surql_value_unref(out);
        }
        return out;
    }
    if (c->u.arr.len < min[level]) {
        *fail = 1;
        return surql_value_unref(out);
    }
    for (size_t i = 0; i < c->u.arr.len; i++) {
        surql_value *e = coords_norm(c->u.arr.items[i], level - 1, min, ring_level, fail);
        if (!e || surql_value_array_push_take(out, e) != 0)
            return surql_value_unref(out);
    }
    if (level == ring_level && close_ring(out) != 0)
        return surql_value_unref(out);
    return out;
}

int surql__geometry_check(int kind, const surql_value *coords, surql_value **norm, int quiet)
{
    static const size_t no_min[4] = { 0, 0, 0, 0 };
    static const size_t poly_min[4] = { 0, 0, 1, 0 };
    static const size_t mpoly_min[4] = { 0, 0, 1, 0 };
    static const char *const shape[] = {
        "",
        "[x, y] with two finite numbers",
        "an array of [x, y] points",
        "an array of one or more rings (arrays of [x, y] points)",
        "an array of [x, y] points",
        "an array of lines (arrays of [x, y] points)",
        "an array of polygons (arrays of one or more rings)",
        "an array of geometry values",
    };
    int level, ring_level = -1, fail = 0;
    const size_t *min = no_min;
    *norm = NULL;
    switch (kind) {
    case SURQL_GEOMETRY_POINT: level = 0; break;
    case SURQL_GEOMETRY_LINE:
    case SURQL_GEOMETRY_MULTIPOINT: level = 1; break;
    case SURQL_GEOMETRY_POLYGON: level = 2; ring_level = 1; min = poly_min; break;
    case SURQL_GEOMETRY_MULTILINE: level = 2; break;
    case SURQL_GEOMETRY_MULTIPOLYGON: level = 3; ring_level = 1; min = mpoly_min; break;
    case SURQL_GEOMETRY_COLLECTION:
        if (surql_value_type_of(coords) != SURQL_VALUE_ARRAY)
            goto bad;
        for (size_t i = 0; i < coords->u.arr.len; i++)
            if (coords->u.arr.items[i]->type != SURQL_VALUE_GEOMETRY)
                goto bad;
        *norm = surql_value_ref(coords);
        return SURQL_OK;
    default:
        return surql__err(SURQL_EINVAL, "unknown geometry kind %d", kind);
    }
    *norm = coords_norm(coords, level, min, ring_level, &fail);
    if (*norm)
        return SURQL_OK;
    if (!fail)
        return surql_error_last()->code ? surql_error_last()->code : SURQL_ENOMEM;
bad:
    if (quiet)
        return SURQL_EINVAL;
    return surql__err(SURQL_EINVAL, "invalid %s coordinates: expected %s",
                      surql_geometry_kind_name((surql_geometry_kind)kind), shape[kind]);
}

surql_value *surql_value_geometry(surql_geometry_kind kind, const surql_value *coords)
{
    surql_value *norm = NULL;
    if (surql__geometry_check((int)kind, coords, &norm, 0) != 0 || !norm)
        return NULL;
    if (norm->depth + 1 > SURQL_VALUE_MAX_DEPTH) {
        surql__err(SURQL_ERANGE, "geometry nested deeper than %d levels", SURQL_VALUE_MAX_DEPTH);
        surql_value_unref(norm);
        return NULL;
    }
    surql_value *v = surql__alloc(SURQL_VALUE_GEOMETRY, 0);
    if (!v) {
        surql_value_unref(norm);
        return NULL;
    }
    v->u.geo.kind = (int)kind;
    v->u.geo.coords = norm;
    v->depth = (uint16_t)(norm->depth + 1);
    return v;
}

surql_value *surql_value_geometry_take(surql_geometry_kind kind, surql_value *coords)
{
    if (!coords) {
        surql__null_item("surql_value_geometry_take");
        return NULL;
    }
    surql_value *v = surql_value_geometry(kind, coords);
    surql_value_unref(coords);
    return v;
}

surql_value *surql_value_point(double x, double y)
{
    surql_value *c = surql_value_array();
    if (!c)
        return NULL;
    if (surql_value_array_push_take(c, surql_value_float(x)) != 0 ||
        surql_value_array_push_take(c, surql_value_float(y)) != 0)
        return surql_value_unref(c);
    return surql_value_geometry_take(SURQL_GEOMETRY_POINT, c);
}

/* ---- ranges ---- */

surql_value *surql_value_range(const surql_value *lo, int lo_incl, const surql_value *hi,
                               int hi_incl)
{
    const surql_value *b[2] = { lo, hi };
    int depth = 0;
    for (int i = 0; i < 2; i++) {
        if (!b[i])
            continue;
        if (b[i]->type == SURQL_VALUE_RANGE) {
            surql__err(SURQL_EINVAL, "range: a bound cannot itself be a range");
            return NULL;
        }
        if (b[i]->depth > depth)
            depth = b[i]->depth;
    }
    if (depth + 1 > SURQL_VALUE_MAX_DEPTH) {
        surql__err(SURQL_ERANGE, "range bound nested deeper than %d levels",
                   SURQL_VALUE_MAX_DEPTH);
        return NULL;
    }
    surql_value *v = surql__alloc(SURQL_VALUE_RANGE, 0);
    if (!v)
        return NULL;
    v->u.range.lo = surql_value_ref(lo);
    v->u.range.hi = surql_value_ref(hi);
    v->u.range.lo_incl = lo && lo_incl;
    v->u.range.hi_incl = hi && hi_incl;
    v->depth = (uint16_t)(depth + 1);
    return v;
}

surql_value *surql_value_range_take(surql_value *lo, int lo_incl, surql_value *hi, int hi_incl)
{
    surql_value *v = surql_value_range(lo, lo_incl, hi, hi_incl);
    surql_value_unref(lo);
    surql_value_unref(hi);
    return v;
}

/* ---- access ---- */

const surql_value *surql_value_array_at(const surql_value *v, size_t i)
{
    surql_value_type t = surql_value_type_of(v);
    if ((t != SURQL_VALUE_ARRAY && t != SURQL_VALUE_SET) || i >= v->u.arr.len)
        return NULL;
    return v->u.arr.items[i];
}

const surql_value *surql_value_object_get_len(const surql_value *v, const char *key,
                                              size_t keylen)
{
    if (surql_value_type_of(v) != SURQL_VALUE_OBJECT || !key)
        return NULL;
    long at = surql__object_find(v, key, keylen);
    return at >= 0 ? v->u.obj.items[at].val : NULL;
}

const surql_value *surql_value_object_get(const surql_value *v, const char *key)
{
    return key ? surql_value_object_get_len(v, key, strlen(key)) : NULL;
}

int surql_value_object_at(const surql_value *v, size_t i, const char **key, size_t *keylen,
                          const surql_value **val)
{
    if (surql_value_type_of(v) != SURQL_VALUE_OBJECT)
        return surql__err(SURQL_ETYPE, "expected object, got %s",
                          surql_value_type_name(surql_value_type_of(v)));
    if (i >= v->u.obj.len)
        return surql__err(SURQL_ERANGE, "object entry %zu out of range (length %zu)", i,
                          v->u.obj.len);
    if (key)
        *key = v->u.obj.items[i].key;
    if (keylen)
        *keylen = v->u.obj.items[i].klen;
    if (val)
        *val = v->u.obj.items[i].val;
    return SURQL_OK;
}

int surql_value_contains(const surql_value *set, const surql_value *item)
{
    surql_value_type t = surql_value_type_of(set);
    if (t != SURQL_VALUE_SET && t != SURQL_VALUE_ARRAY)
        return 0;
    return set_find(set, item, t == SURQL_VALUE_SET ? surql__hash(item) : 0) >= 0;
}

int surql_value_iter_init(surql_value_iter *it, const surql_value *container)
{
    if (!it)
        return surql__err(SURQL_EINVAL, "surql_value_iter_init: iterator is NULL");
    surql_value_type t = surql_value_type_of(container);
    if (t != SURQL_VALUE_ARRAY && t != SURQL_VALUE_SET && t != SURQL_VALUE_OBJECT)
        return surql__err(SURQL_ETYPE, "expected array, set or object, got %s",
                          surql_value_type_name(t));
    memset(it, 0, sizeof *it);
    it->container = container;
    return SURQL_OK;
}

int surql_value_iter_next(surql_value_iter *it)
{
    if (!it || !it->container)
        return surql__err(SURQL_EINVAL, "surql_value_iter_next: iterator not initialised");
    const surql_value *c = it->container;
    if (it->index >= count_of(c)) {
        it->key = NULL;
        it->key_len = 0;
        it->value = NULL;
        return SURQL_ITEROVER;
    }
    if (c->type == SURQL_VALUE_OBJECT) {
        it->key = c->u.obj.items[it->index].key;
        it->key_len = c->u.obj.items[it->index].klen;
        it->value = c->u.obj.items[it->index].val;
    } else {
        it->value = c->u.arr.items[it->index];
    }
    it->index++;
    return SURQL_OK;
}
