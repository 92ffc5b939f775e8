/*
 * CBOR -> surql_value: SurrealDB's tags (protocol reference §4.1, docs/cbor.md).
 * A tag's content is decoded like any item; when it is complete, its frame is
 * popped and surql_conn__cbor_convert_tag() turns the content into the typed value.
 */
#include <inttypes.h>
#include <string.h>

#include <surql/schema/error.h>

#include "cbor-decode-internal.h"

const char *surql_conn__cbor_tag_name(uint64_t t)
{
    switch (t) {
    case SURQL_CONN__TAG_DATETIME_TEXT: return "datetime text";
    case SURQL_CONN__TAG_NONE: return "NONE";
    case SURQL_CONN__TAG_TABLE: return "table";
    case SURQL_CONN__TAG_RECORD: return "record id";
    case SURQL_CONN__TAG_UUID_TEXT: return "uuid text";
    case SURQL_CONN__TAG_DECIMAL: return "decimal";
    case SURQL_CONN__TAG_DATETIME: return "datetime";
    case SURQL_CONN__TAG_DURATION_TEXT: return "duration text";
    case SURQL_CONN__TAG_DURATION: return "duration";
    case SURQL_CONN__TAG_FUTURE: return "future";
    case SURQL_CONN__TAG_UUID: return "uuid";
    case SURQL_CONN__TAG_RANGE: return "range";
    case SURQL_CONN__TAG_BOUND_INCL: return "included bound";
    case SURQL_CONN__TAG_BOUND_EXCL: return "excluded bound";
    case SURQL_CONN__TAG_FILE: return "file";
    case SURQL_CONN__TAG_SET: return "set";
    case SURQL_CONN__TAG_POINT: return "geometry point";
    case SURQL_CONN__TAG_LINE: return "geometry line";
    case SURQL_CONN__TAG_POLYGON: return "geometry polygon";
    case SURQL_CONN__TAG_MULTIPOINT: return "geometry multipoint";
    case SURQL_CONN__TAG_MULTILINE: return "geometry multiline";
    case SURQL_CONN__TAG_MULTIPOLYGON: return "geometry multipolygon";
    case SURQL_CONN__TAG_COLLECTION: return "geometry collection";
    default: return "unknown";
    }
}

int surql_conn__cbor_tag_known(uint64_t t)
{
    switch (t) {
    case SURQL_CONN__TAG_DATETIME_TEXT:
    case SURQL_CONN__TAG_NONE:
    case SURQL_CONN__TAG_TABLE:
    case SURQL_CONN__TAG_RECORD:
    case SURQL_CONN__TAG_UUID_TEXT:
    case SURQL_CONN__TAG_DECIMAL:
    case SURQL_CONN__TAG_DATETIME:
    case SURQL_CONN__TAG_DURATION_TEXT:
    case SURQL_CONN__TAG_DURATION:
    case SURQL_CONN__TAG_UUID:
    case SURQL_CONN__TAG_RANGE:
    case SURQL_CONN__TAG_BOUND_INCL:
    case SURQL_CONN__TAG_BOUND_EXCL:
    case SURQL_CONN__TAG_SET:
        return 1;
    default:
        return t >= SURQL_CONN__TAG_POINT && t <= SURQL_CONN__TAG_COLLECTION;
    }
}

/* Record EPARSE "CBOR tag N (name) at offset O: <message>" (fmt: a string literal with
 * at least one argument); returns it. */
#define TAG_FAIL(c, tag, off, fmt, ...)                                                       \
    surql_conn__cbor_fail((c), SURQL_EPARSE, "CBOR tag %" PRIu64 " (%s) at offset %zu: " fmt,  \
                          (tag), surql_conn__cbor_tag_name(tag), (off), __VA_ARGS__)

/* Wrap the error of the surql_value builder that failed for the tag at @p off. */
static int tag_built(dctx *c, uint64_t tag, size_t off)
{
    return surql_conn__cbor_fail_builder(c, "CBOR tag %" PRIu64 " (%s) at offset %zu", tag,
                                         surql_conn__cbor_tag_name(tag), off);
}

/* text content of a tag without embedded NUL (for the C-string parsers) */
static int tag_text(dctx *c, uint64_t tag, size_t off, const surql_value *v, const char **s)
{
    size_t len = 0;
    char d[64];
    if (surql_value_get_string(v, s, &len) != SURQL_OK)
        return TAG_FAIL(c, tag, off, "expected text, got %s",
                        surql_conn__cbor_describe(v, d, sizeof d));
    if (memchr(*s, '\0', len))
        return TAG_FAIL(c, tag, off, "%s", "text contains a NUL byte");
    return SURQL_OK;
}

/* Non-negative int element of a tag's array content into *out. */
static int tag_uint(dctx *c, uint64_t tag, size_t off, const surql_value *e, const char *what,
                    uint64_t max, uint64_t *out)
{
    int64_t i;
    char d[64];
    if (surql_value_get_int(e, &i) != SURQL_OK)
        return TAG_FAIL(c, tag, off, "%s must be an integer, got %s", what,
                        surql_conn__cbor_describe(e, d, sizeof d));
    if (i < 0 || (uint64_t)i > max)
        return TAG_FAIL(c, tag, off, "%s %" PRId64 " out of range 0..%" PRIu64, what, i, max);
    *out = (uint64_t)i;
    return SURQL_OK;
}

/* Geometry of tag 89..94 from an array of member geometries (their kind per tag). */
static surql_value *geometry_of(dctx *c, uint64_t tag, size_t off, const surql_value *content)
{
    static const surql_geometry_kind kinds[][2] = {
        /* per tag from 89: the geometry, the kind of its members (0 = any geometry) */
        { SURQL_GEOMETRY_LINE, SURQL_GEOMETRY_POINT },
        { SURQL_GEOMETRY_POLYGON, SURQL_GEOMETRY_LINE },
        { SURQL_GEOMETRY_MULTIPOINT, SURQL_GEOMETRY_POINT },
        { SURQL_GEOMETRY_MULTILINE, SURQL_GEOMETRY_LINE },
        { SURQL_GEOMETRY_MULTIPOLYGON, SURQL_GEOMETRY_POLYGON },
        { SURQL_GEOMETRY_COLLECTION, 0 },
    };
    surql_geometry_kind kind = kinds[tag - SURQL_CONN__TAG_LINE][0];
    surql_geometry_kind want = kinds[tag - SURQL_CONN__TAG_LINE][1];
    char d[64];
    if (surql_value_type_of(content) != SURQL_VALUE_ARRAY) {
        TAG_FAIL(c, tag, off, "expected an array, got %s",
                 surql_conn__cbor_describe(content, d, sizeof d));
        return NULL;
    }
    if (kind == SURQL_GEOMETRY_COLLECTION) {
        for (size_t i = 0; i < surql_value_length(content); i++) {
            const surql_value *g = surql_value_array_at(content, i);
            if (surql_value_type_of(g) != SURQL_VALUE_GEOMETRY) {
                TAG_FAIL(c, tag, off, "item %zu is %s, not a geometry", i,
                         surql_conn__cbor_describe(g, d, sizeof d));
                return NULL;
            }
        }
        surql_value *v = surql_value_geometry(kind, content);
        if (!v)
            tag_built(c, tag, off);
        return v;
    }
    surql_value *coords = surql_value_array();
    if (!coords) {
        surql_conn__cbor_fail(c, SURQL_ENOMEM, "out of memory decoding CBOR");
        return NULL;
    }
    for (size_t i = 0; i < surql_value_length(content); i++) {
        const surql_value *g = surql_value_array_at(content, i);
        surql_geometry_kind gk = 0;
        const surql_value *gc = NULL;
        if (surql_value_geometry_kind(g, &gk) != SURQL_OK || gk != want) {
            TAG_FAIL(c, tag, off, "item %zu is %s, expected a %s geometry", i,
                     surql_value_type_of(g) == SURQL_VALUE_GEOMETRY
                         ? surql_geometry_kind_name(gk)
                         : surql_conn__cbor_describe(g, d, sizeof d),
                     surql_geometry_kind_name(want));
            surql_value_unref(coords);
            return NULL;
        }
        surql_value_geometry_coordinates(g, &gc);
        if (surql_value_array_push(coords, gc) != SURQL_OK) {
            tag_built(c, tag, off);
            surql_value_unref(coords);
            return NULL;
        }
    }
    surql_value *v = surql_value_geometry_take(kind, coords);
    if (!v)
        tag_built(c, tag, off);
    return v;
}

surql_value *surql_conn__cbor_convert_tag(dctx *c, uint64_t tag, size_t off,
                                          surql_value *content)
{
    surql_value *v = NULL;
    const char *s = NULL;
    size_t n = surql_value_length(content);
    surql_value_type t = surql_value_type_of(content);
    char d[64];

#define BAD(...)                                                                              \
    do {                                                                                      \
        TAG_FAIL(c, tag, off, __VA_ARGS__);                                                   \
        goto out;                                                                             \
    } while (0)
#define BADCONTENT(expect)                                                                    \
    BAD("expected %s, got %s", expect, surql_conn__cbor_describe(content, d, sizeof d))
#define BUILT(expr)                                                                           \
    do {                                                                                      \
        v = (expr);                                                                           \
        if (!v)                                                                               \
            tag_built(c, tag, off);                                                           \
    } while (0)

    switch (tag) {
    case SURQL_CONN__TAG_NONE:
        if (t != SURQL_VALUE_NULL)
            BADCONTENT("null");
        v = surql_value_none();
        break;
    case SURQL_CONN__TAG_TABLE:
        if (tag_text(c, tag, off, content, &s) == SURQL_OK)
            BUILT(surql_value_table(s));
        break;
    case SURQL_CONN__TAG_RECORD:
        if (t == SURQL_VALUE_STRING) {
            if (tag_text(c, tag, off, content, &s) == SURQL_OK)
                BUILT(surql_value_record_parse(s));
            break;
        }
        if (t != SURQL_VALUE_ARRAY || n != 2)
            BADCONTENT("[table, key] or \"table:key\" text");
        if (tag_text(c, tag, off, surql_value_array_at(content, 0), &s) != SURQL_OK)
            break;
        BUILT(surql_value_record(s, surql_value_array_at(content, 1)));
        break;
    case SURQL_CONN__TAG_UUID_TEXT:
        if (tag_text(c, tag, off, content, &s) != SURQL_OK)
            break;
        if (n != 36)
            BAD("expected 36 characters, got %zu", n);
        BUILT(surql_value_uuid_parse(s));
        break;
    case SURQL_CONN__TAG_UUID: {
        const uint8_t *p = NULL;
        size_t blen = 0;
        if (surql_value_get_bytes(content, &p, &blen) != SURQL_OK || blen != 16)
            BADCONTENT("a byte string of 16 bytes");
        BUILT(surql_value_uuid(p));
        break;
    }
    case SURQL_CONN__TAG_DECIMAL:
        if (t != SURQL_VALUE_STRING)
            BADCONTENT("text");
        surql_value_get_string(content, &s, &n);
        BUILT(surql_value_decimal_len(s, n));
        break;
    case SURQL_CONN__TAG_DATETIME_TEXT:
        if (tag_text(c, tag, off, content, &s) == SURQL_OK)
            BUILT(surql_value_datetime_parse(s));
        break;
    case SURQL_CONN__TAG_DATETIME: {
        int64_t secs;
        uint64_t nanos;
        if (t != SURQL_VALUE_ARRAY || n != 2)
            BADCONTENT("[seconds, nanoseconds]");
        if (surql_value_get_int(surql_value_array_at(content, 0), &secs) != SURQL_OK)
            BAD("seconds must be an integer, got %s",
                surql_conn__cbor_describe(surql_value_array_at(content, 0), d, sizeof d));
        if (tag_uint(c, tag, off, surql_value_array_at(content, 1), "nanoseconds", 999999999u,
                     &nanos) != SURQL_OK)
            break;
        BUILT(surql_value_datetime(secs, (uint32_t)nanos));
        break;
    }
    case SURQL_CONN__TAG_DURATION_TEXT:
        if (tag_text(c, tag, off, content, &s) == SURQL_OK)
            BUILT(surql_value_duration_parse(s));
        break;
    case SURQL_CONN__TAG_DURATION: {
        uint64_t secs = 0, nanos = 0;
        if (t != SURQL_VALUE_ARRAY || n > 2)
            BADCONTENT("[], [seconds] or [seconds, nanoseconds]");
        if (n >= 1) {
            if (c->last_big_secs)
                secs = c->last_secs;
            else if (tag_uint(c, tag, off, surql_value_array_at(content, 0), "seconds",
                              UINT64_MAX, &secs) != SURQL_OK)
                break;
        }
        if (n == 2 && tag_uint(c, tag, off, surql_value_array_at(content, 1), "nanoseconds",
                               999999999u, &nanos) != SURQL_OK)
            break;
        BUILT(surql_value_duration(secs, (uint32_t)nanos));
        break;
    }
    case SURQL_CONN__TAG_RANGE: {
        const surql_value *b[2] = { NULL, NULL };
        if (t != SURQL_VALUE_ARRAY || n != 2)
            BADCONTENT("[lower bound, upper bound]");
        for (int i = 0; i < 2; i++) {
            const surql_value *e = surql_value_array_at(content, (size_t)i);
            if (c->last_bounds[i])
                b[i] = e;
            else if (surql_value_type_of(e) != SURQL_VALUE_NULL)
                BAD("%s bound must be tag 50, tag 51 or null, got %s", i ? "upper" : "lower",
                    surql_conn__cbor_describe(e, d, sizeof d));
        }
        BUILT(surql_value_range(b[0], c->last_bounds[0] == SURQL_CONN__TAG_BOUND_INCL, b[1],
                                c->last_bounds[1] == SURQL_CONN__TAG_BOUND_INCL));
        break;
    }
    case SURQL_CONN__TAG_BOUND_INCL:
    case SURQL_CONN__TAG_BOUND_EXCL: {
        /* checked when the tag head was read: the top frame is the range's array */
        dframe *f = frame_top(c);
        size_t idx = surql_value_length(f->val);
        f->bounds[idx] = (uint8_t)tag;
        return content;
    }
    case SURQL_CONN__TAG_SET: {
        if (t != SURQL_VALUE_ARRAY)
            BADCONTENT("an array");
        surql_value *set = surql_value_set();
        if (!set) {
            surql_conn__cbor_fail(c, SURQL_ENOMEM, "out of memory decoding CBOR");
            break;
        }
        for (size_t i = 0; i < n; i++) {
            if (surql_value_set_add(set, surql_value_array_at(content, i)) != SURQL_OK) {
                tag_built(c, tag, off);
                surql_value_unref(set);
                set = NULL;
                break;
            }
        }
        v = set;
        break;
    }
    case SURQL_CONN__TAG_POINT:
        if (t != SURQL_VALUE_ARRAY || n != 2)
            BADCONTENT("[x, y]");
        for (size_t i = 0; i < 2; i++) {
            surql_value_type et = surql_value_type_of(surql_value_array_at(content, i));
            if (et != SURQL_VALUE_INT && et != SURQL_VALUE_FLOAT)
                BAD("coordinate %zu must be a number, got %s", i,
                    surql_conn__cbor_describe(surql_value_array_at(content, i), d, sizeof d));
        }
        BUILT(surql_value_geometry(SURQL_GEOMETRY_POINT, content));
        break;
    case SURQL_CONN__TAG_LINE:
    case SURQL_CONN__TAG_POLYGON:
    case SURQL_CONN__TAG_MULTIPOINT:
    case SURQL_CONN__TAG_MULTILINE:
    case SURQL_CONN__TAG_MULTIPOLYGON:
    case SURQL_CONN__TAG_COLLECTION:
        v = geometry_of(c, tag, off, content);
        break;
    default: /* unreachable: unknown tags are refused at their head */
        surql_conn__cbor_fail(c, SURQL_EUNSUPPORTED, "unknown CBOR tag %" PRIu64 " at offset %zu",
                              tag, off);
        break;
    }
out:
    surql_value_unref(content);
    return v;
#undef BAD
#undef BADCONTENT
#undef BUILT
}
