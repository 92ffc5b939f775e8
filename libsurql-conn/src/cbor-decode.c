/*
 * CBOR -> surql_value, driven by libcbor's streaming decoder.
 *
 * The input is walked one data item head at a time with cbor_stream_decode();
 * its callbacks build surql_values directly. Containers and tags live on an
 * explicit stack (no recursion), so hostile nesting cannot exhaust the C
 * stack. Every length the input claims is checked against the bytes that
 * remain before libcbor sees it, so nothing is allocated for a claim the
 * input cannot back.
 *
 * libcbor 0.8.0 workaround: its streaming decoder answers
 * CBOR_DECODER_ERROR for the one-byte tag heads 0xC6..0xD4 (tags 6..20),
 * which are exactly SurrealDB's NONE/table/record/uuid/decimal/datetime/
 * duration tags. Tag heads (major type 6) are therefore parsed here.
 */
#include <cbor.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <surql/schema/error.h>

#include "cbor-internal.h"

#define DOMAIN SURQL_CONN__CBOR_DOMAIN

enum { FR_ARRAY = 1, FR_MAP, FR_TAG, FR_CHUNKS };

typedef struct dframe {
    int kind;
    int indef;          /* indefinite length (ends with a break) */
    uint64_t tag;       /* FR_TAG: the tag number */
    uint64_t ptag;      /* FR_ARRAY: tag this array is the direct content of, 0 if none */
    size_t left;        /* definite FR_ARRAY: items still expected; FR_MAP: entries */
    size_t off;         /* offset of the item's head */
    surql_value *val;   /* FR_ARRAY / FR_MAP: container under construction */
    /* FR_ARRAY inside tag 49: kind of bound seen at index 0 / 1 (0, 50 or 51) */
    uint8_t bounds[2];
    /* FR_ARRAY inside tag 14: first element above INT64_MAX */
    int big_secs;
    uint64_t secs;
    /* FR_MAP: pending key */
    int expect_key;
    const char *kptr;
    size_t klen;
    size_t koff;
    surql_value *kval;  /* owns kptr when the key was a chunked string */
    /* FR_CHUNKS */
    int text;           /* 1 = text string, 0 = byte string */
    surql_buf chunks;
} dframe;

typedef struct dctx {
    const uint8_t *data;
    size_t len;
    size_t pos;  /* offset of the item being decoded */
    size_t hlen; /* length of its head */
    surql_conn__cbor_limits lim;
    dframe *st;
    size_t sp, cap;
    size_t items;
    surql_value *root;
    int done;
    int err;
    /* what the last finished array frame recorded (read by the enclosing tag) */
    uint8_t last_bounds[2];
    int last_big_secs;
    uint64_t last_secs;
} dctx;

void surql_conn__cbor_limits_default(surql_conn__cbor_limits *lim)
{
    lim->max_size = SURQL_CONN__CBOR_DEFAULT_MAX_SIZE;
    lim->max_depth = SURQL_CONN__CBOR_DEFAULT_MAX_DEPTH;
    lim->max_items = SURQL_CONN__CBOR_DEFAULT_MAX_ITEMS;
    lim->max_string = SURQL_CONN__CBOR_DEFAULT_MAX_STRING;
}

/* ------------------------------------------------------------------------ */
/* errors                                                                     */
/* ------------------------------------------------------------------------ */

static int fail(dctx *c, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int fail(dctx *c, int code, const char *fmt, ...)
{
    if (c->err)
        return c->err;
    va_list ap;
    va_start(ap, fmt);
    surql_error_setv(code, DOMAIN, fmt, ap);
    va_end(ap);
    c->err = code;
    return code;
}

/* Wrap the error a surql_value builder just recorded: "<context>: <its message>".
 * EINVAL (bad input) becomes EPARSE; ERANGE and ENOMEM are kept. */
static int fail_builder(dctx *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static int fail_builder(dctx *c, const char *fmt, ...)
{
    if (c->err)
        return c->err;
    const surql_error *e = surql_error_last();
    int code = e->code < 0 ? e->code : SURQL_ENOMEM;
    if (code == SURQL_EINVAL || code == SURQL_EIDENT || code == SURQL_ETYPE)
        code = SURQL_EPARSE;
    char inner[512];
    snprintf(inner, sizeof inner, "%s", e->code < 0 ? e->message : "out of memory");
    char ctxmsg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ctxmsg, sizeof ctxmsg, fmt, ap);
    va_end(ap);
    surql_error_set(code, DOMAIN, "%s: %s", ctxmsg, inner);
    c->err = code;
    return code;
}

static const char *tag_name(uint64_t t)
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

/* "an array of 3 items", "a string", ... for messages */
static const char *describe(const surql_value *v, char *buf, size_t size)
{
    surql_value_type t = surql_value_type_of(v);
    const char *n = surql_value_type_name(t);
    if (t == SURQL_VALUE_ARRAY)
        snprintf(buf, size, "an array of %zu item%s", surql_value_length(v),
                 surql_value_length(v) == 1 ? "" : "s");
    else if (t == SURQL_VALUE_STRING)
        snprintf(buf, size, "a string of %zu bytes", surql_value_length(v));
    else if (t == SURQL_VALUE_BYTES)
        snprintf(buf, size, "a byte string of %zu bytes", surql_value_length(v));
    else
        snprintf(buf, size, "%s %s",
                 (n[0] == 'a' || n[0] == 'i' || n[0] == 'o' || n[0] == 'u') ? "an" : "a", n);
    return buf;
}

/* ------------------------------------------------------------------------ */
/* item heads                                                                 */
/* ------------------------------------------------------------------------ */

/* Parse the head at p (avail bytes): argument and head length.
 * 0 ok, 1 truncated, 2 reserved additional information (28..30), 3 indefinite (31). */
static int head(const uint8_t *p, size_t avail, uint64_t *arg, size_t *hlen)
{
    unsigned ai = p[0] & 0x1fu;
    size_t n;
    if (ai < 24) {
        *arg = ai;
        *hlen = 1;
        return 0;
    }
    switch (ai) {
    case 24: n = 1; break;
    case 25: n = 2; break;
    case 26: n = 4; break;
    case 27: n = 8; break;
    case 31: *hlen = 1; *arg = 0; return 3;
    default: return 2;
    }
    if (avail < 1 + n)
        return 1;
    uint64_t a = 0;
    for (size_t i = 0; i < n; i++)
        a = (a << 8) | p[1 + i];
    *arg = a;
    *hlen = 1 + n;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* stack                                                                      */
/* ------------------------------------------------------------------------ */

static dframe *top(dctx *c)
{
    return c->sp ? &c->st[c->sp - 1] : NULL;
}

static dframe *push(dctx *c, int kind)
{
    if (c->sp >= c->lim.max_depth) {
        fail(c, SURQL_ERANGE, "CBOR nested deeper than %zu levels at offset %zu",
             c->lim.max_depth, c->pos);
        return NULL;
    }
    if (c->sp == c->cap) {
        size_t ncap = c->cap ? c->cap * 2 : 16;
        if (ncap > c->lim.max_depth)
            ncap = c->lim.max_depth;
        dframe *n = realloc(c->st, ncap * sizeof *n);
        if (!n) {
            fail(c, SURQL_ENOMEM, "out of memory decoding CBOR");
            return NULL;
        }
        c->st = n;
        c->cap = ncap;
    }
    dframe *f = &c->st[c->sp++];
    memset(f, 0, sizeof *f);
    f->kind = kind;
    f->off = c->pos;
    return f;
}

static void frame_clear(dframe *f)
{
    surql_value_unref(f->val);
    surql_value_unref(f->kval);
    surql_buf_dispose(&f->chunks);
    f->val = NULL;
    f->kval = NULL;
}

/* ------------------------------------------------------------------------ */
/* tags                                                                       */
/* ------------------------------------------------------------------------ */

static int tag_known(uint64_t t)
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

/* text content of a tag without embedded NUL (for the C-string parsers) */
static int tag_text(dctx *c, uint64_t tag, size_t off, const surql_value *v, const char **s)
{
    size_t len = 0;
    char d[64];
    if (surql_value_get_string(v, s, &len) != SURQL_OK)
        return fail(c, SURQL_EPARSE, "CBOR tag %" PRIu64 " (%s) at offset %zu: expected text, got %s",
                    tag, tag_name(tag), off, describe(v, d, sizeof d));
    if (memchr(*s, '\0', len))
        return fail(c, SURQL_EPARSE,
                    "CBOR tag %" PRIu64 " (%s) at offset %zu: text contains a NUL byte", tag,
                    tag_name(tag), off);
    return SURQL_OK;
}

/* Non-negative int element of a tag's array content into *out. */
static int tag_uint(dctx *c, uint64_t tag, size_t off, const surql_value *e, const char *what,
                    uint64_t max, uint64_t *out)
{
    int64_t i;
    char d[64];
    if (surql_value_get_int(e, &i) != SURQL_OK)
        return fail(c, SURQL_EPARSE,
                    "CBOR tag %" PRIu64 " (%s) at offset %zu: %s must be an integer, got %s",
                    tag, tag_name(tag), off, what, describe(e, d, sizeof d));
    if (i < 0 || (uint64_t)i > max)
        return fail(c, SURQL_EPARSE,
                    "CBOR tag %" PRIu64 " (%s) at offset %zu: %s %" PRId64 " out of range 0..%" PRIu64,
                    tag, tag_name(tag), off, what, i, max);
    *out = (uint64_t)i;
    return SURQL_OK;
}

/* Geometry from an array of member geometries of kind `want` (0 = any). */
static surql_value *geometry_of(dctx *c, uint64_t tag, size_t off, surql_geometry_kind kind,
                                surql_geometry_kind want, const surql_value *content)
{
    char d[64];
    if (surql_value_type_of(content) != SURQL_VALUE_ARRAY) {
        fail(c, SURQL_EPARSE, "CBOR tag %" PRIu64 " (%s) at offset %zu: expected an array, got %s",
             tag, tag_name(tag), off, describe(content, d, sizeof d));
        return NULL;
    }
    if (kind == SURQL_GEOMETRY_COLLECTION) {
        for (size_t i = 0; i < surql_value_length(content); i++) {
            const surql_value *g = surql_value_array_at(content, i);
            if (surql_value_type_of(g) != SURQL_VALUE_GEOMETRY) {
                fail(c, SURQL_EPARSE,
                     "CBOR tag 94 (geometry collection) at offset %zu: item %zu is %s, not a "
                     "geometry",
                     off, i, describe(g, d, sizeof d));
                return NULL;
            }
        }
        surql_value *v = surql_value_geometry(kind, content);
        if (!v)
            fail_builder(c, "CBOR tag 94 (geometry collection) at offset %zu", off);
        return v;
    }
    surql_value *coords = surql_value_array();
    if (!coords) {
        fail(c, SURQL_ENOMEM, "out of memory decoding CBOR");
        return NULL;
    }
    for (size_t i = 0; i < surql_value_length(content); i++) {
        const surql_value *g = surql_value_array_at(content, i);
        surql_geometry_kind gk = 0;
        const surql_value *gc = NULL;
        if (surql_value_geometry_kind(g, &gk) != SURQL_OK || gk != want) {
            fail(c, SURQL_EPARSE,
                 "CBOR tag %" PRIu64 " (%s) at offset %zu: item %zu is %s, expected a %s geometry",
                 tag, tag_name(tag), off, i,
                 surql_value_type_of(g) == SURQL_VALUE_GEOMETRY ? surql_geometry_kind_name(gk)
                                                                : describe(g, d, sizeof d),
                 surql_geometry_kind_name(want));
            surql_value_unref(coords);
            return NULL;
        }
        surql_value_geometry_coordinates(g, &gc);
        if (surql_value_array_push(coords, gc) != SURQL_OK) {
            fail_builder(c, "CBOR tag %" PRIu64 " (%s) at offset %zu", tag, tag_name(tag), off);
            surql_value_unref(coords);
            return NULL;
        }
    }
    surql_value *v = surql_value_geometry_take(kind, coords);
    if (!v)
        fail_builder(c, "CBOR tag %" PRIu64 " (%s) at offset %zu", tag, tag_name(tag), off);
    return v;
}

/* Convert the content of tag `tag` (consumed) into the tagged value. */
static surql_value *convert_tag(dctx *c, uint64_t tag, size_t off, surql_value *content)
{
    surql_value *v = NULL;
    const char *s = NULL;
    size_t n = surql_value_length(content);
    surql_value_type t = surql_value_type_of(content);
    char d[64];

#define BAD(...)                                                                              \
    do {                                                                                      \
        fail(c, SURQL_EPARSE, __VA_ARGS__);                                                   \
        goto out;                                                                             \
    } while (0)
#define BADCONTENT(expect)                                                                    \
    BAD("CBOR tag %" PRIu64 " (%s) at offset %zu: expected %s, got %s", tag, tag_name(tag),  \
        off, expect, describe(content, d, sizeof d))
#define BUILT(expr)                                                                           \
    do {                                                                                      \
        v = (expr);                                                                           \
        if (!v)                                                                               \
            fail_builder(c, "CBOR tag %" PRIu64 " (%s) at offset %zu", tag, tag_name(tag),   \
                         off);                                                                \
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
            BAD("CBOR tag 9 (uuid text) at offset %zu: expected 36 characters, got %zu", off, n);
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
            BAD("CBOR tag 12 (datetime) at offset %zu: seconds must be an integer, got %s", off,
                describe(surql_value_array_at(content, 0), d, sizeof d));
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
                BAD("CBOR tag 49 (range) at offset %zu: %s bound must be tag 50, tag 51 or null, "
                    "got %s",
                    off, i ? "upper" : "lower", describe(e, d, sizeof d));
        }
        BUILT(surql_value_range(b[0], c->last_bounds[0] == SURQL_CONN__TAG_BOUND_INCL, b[1],
                                c->last_bounds[1] == SURQL_CONN__TAG_BOUND_INCL));
        break;
    }
    case SURQL_CONN__TAG_BOUND_INCL:
    case SURQL_CONN__TAG_BOUND_EXCL: {
        /* checked when the tag head was read: the top frame is the range's array */
        dframe *f = top(c);
        size_t idx = surql_value_length(f->val);
        f->bounds[idx] = (uint8_t)tag;
        return content;
    }
    case SURQL_CONN__TAG_SET: {
        if (t != SURQL_VALUE_ARRAY)
            BADCONTENT("an array");
        surql_value *set = surql_value_set();
        if (!set) {
            fail(c, SURQL_ENOMEM, "out of memory decoding CBOR");
            break;
        }
        for (size_t i = 0; i < n; i++) {
            if (surql_value_set_add(set, surql_value_array_at(content, i)) != SURQL_OK) {
                fail_builder(c, "CBOR tag 56 (set) at offset %zu", off);
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
                BAD("CBOR tag 88 (geometry point) at offset %zu: coordinate %zu must be a "
                    "number, got %s",
                    off, i, describe(surql_value_array_at(content, i), d, sizeof d));
        }
        BUILT(surql_value_geometry(SURQL_GEOMETRY_POINT, content));
        break;
    case SURQL_CONN__TAG_LINE:
        v = geometry_of(c, tag, off, SURQL_GEOMETRY_LINE, SURQL_GEOMETRY_POINT, content);
        break;
    case SURQL_CONN__TAG_POLYGON:
        v = geometry_of(c, tag, off, SURQL_GEOMETRY_POLYGON, SURQL_GEOMETRY_LINE, content);
        break;
    case SURQL_CONN__TAG_MULTIPOINT:
        v = geometry_of(c, tag, off, SURQL_GEOMETRY_MULTIPOINT, SURQL_GEOMETRY_POINT, content);
        break;
    case SURQL_CONN__TAG_MULTILINE:
        v = geometry_of(c, tag, off, SURQL_GEOMETRY_MULTILINE, SURQL_GEOMETRY_LINE, content);
        break;
    case SURQL_CONN__TAG_MULTIPOLYGON:
        v = geometry_of(c, tag, off, SURQL_GEOMETRY_MULTIPOLYGON, SURQL_GEOMETRY_POLYGON,
                        content);
        break;
    case SURQL_CONN__TAG_COLLECTION:
        v = geometry_of(c, tag, off, SURQL_GEOMETRY_COLLECTION, 0, content);
        break;
    default: /* unreachable: unknown tags are refused at their head */
        fail(c, SURQL_EUNSUPPORTED, "unknown CBOR tag %" PRIu64 " at offset %zu", tag, off);
        break;
    }
out:
    surql_value_unref(content);
    return v;
#undef BAD
#undef BADCONTENT
#undef BUILT
}

/* ------------------------------------------------------------------------ */
/* delivering finished items to their parent                                  */
/* ------------------------------------------------------------------------ */

static int map_put(dctx *c, dframe *f, surql_value *v)
{
    size_t before = surql_value_length(f->val);
    int rc = surql_value_object_set_len_take(f->val, f->kptr, f->klen, v);
    if (rc != SURQL_OK) {
        if (rc == SURQL_EINVAL) {
            /* the key is not valid UTF-8: let the string builder say where */
            surql_value *probe = surql_value_string_len(f->kptr, f->klen);
            surql_value_unref(probe);
            return fail_builder(c, "CBOR map key at offset %zu", f->koff);
        }
        return fail_builder(c, "CBOR map at offset %zu", f->off);
    }
    if (surql_value_length(f->val) == before)
        return fail(c, SURQL_EPARSE, "CBOR map at offset %zu: duplicate key \"%.*s\" at offset %zu",
                    f->off, (int)(f->klen > 64 ? 64 : f->klen), f->kptr, f->koff);
    f->kval = surql_value_unref(f->kval);
    f->kptr = NULL;
    f->klen = 0;
    f->expect_key = 1;
    return SURQL_OK;
}

/* Hand a finished value (consumed) to the frame on top of the stack; pops
 * and forwards every container or tag that this completes. */
static int deliver(dctx *c, surql_value *v)
{
    if (!v)
        return c->err ? c->err : fail_builder(c, "CBOR item at offset %zu", c->pos);
    for (;;) {
        dframe *f = top(c);
        if (!f) {
            c->root = v;
            c->done = 1;
            return SURQL_OK;
        }
        switch (f->kind) {
        case FR_ARRAY:
            if (surql_value_array_push_take(f->val, v) != SURQL_OK)
                return fail_builder(c, "CBOR array at offset %zu", f->off);
            if (f->indef || --f->left > 0)
                return SURQL_OK;
            break;
        case FR_MAP:
            if (f->expect_key) {
                char d[64];
                if (surql_value_type_of(v) != SURQL_VALUE_STRING) {
                    fail(c, SURQL_EPARSE,
                         "CBOR map at offset %zu: key at offset %zu is %s; map keys must be text",
                         f->off, c->pos, describe(v, d, sizeof d));
                    surql_value_unref(v);
                    return c->err;
                }
                f->kval = v;
                surql_value_get_string(v, &f->kptr, &f->klen);
                f->koff = c->pos;
                f->expect_key = 0;
                return SURQL_OK;
            }
            if (map_put(c, f, v) != SURQL_OK)
                return c->err;
            if (f->indef || --f->left > 0)
                return SURQL_OK;
            break;
        case FR_TAG: {
            uint64_t tag = f->tag;
            size_t off = f->off;
            c->sp--;
            v = convert_tag(c, tag, off, v);
            if (!v)
                return c->err ? c->err : fail(c, SURQL_ENOMEM, "out of memory decoding CBOR");
            continue;
        }
        default:
            surql_value_unref(v);
            return fail(c, SURQL_EPARSE, "CBOR: misplaced item at offset %zu", c->pos);
        }
        /* the array or map on top is complete: pop it and forward it */
        if (f->kind == FR_ARRAY) {
            c->last_bounds[0] = f->bounds[0];
            c->last_bounds[1] = f->bounds[1];
            c->last_big_secs = f->big_secs;
            c->last_secs = f->secs;
        }
        v = f->val;
        f->val = NULL;
        frame_clear(f);
        c->sp--;
    }
}

/* ------------------------------------------------------------------------ */
/* libcbor callbacks                                                          */
/* ------------------------------------------------------------------------ */

static const char *major_name(unsigned major)
{
    static const char *const names[] = { "unsigned integer", "negative integer", "byte string",
                                         "text string",      "array",            "map",
                                         "tag",              "simple value" };
    return names[major & 7u];
}

/* Common checks before an item of CBOR major type `major`: error state,
 * item budget, chunked-string context (`chunk` = a definite string that may
 * be a chunk), text-only map keys. */
static int begin(dctx *c, unsigned major, int chunk)
{
    if (c->err)
        return c->err;
    if (++c->items > c->lim.max_items)
        return fail(c, SURQL_ERANGE, "CBOR input has more than %zu items (at offset %zu)",
                    c->lim.max_items, c->pos);
    dframe *f = top(c);
    if (!f)
        return SURQL_OK;
    if (f->kind == FR_CHUNKS && !(chunk && major == (f->text ? 3u : 2u)))
        return fail(c, SURQL_EPARSE,
                    "CBOR indefinite %s string at offset %zu: item at offset %zu is not a "
                    "definite %s chunk",
                    f->text ? "text" : "byte", f->off, c->pos, f->text ? "text" : "byte");
    if (f->kind == FR_MAP && f->expect_key && major != 3)
        return fail(c, SURQL_EPARSE,
                    "CBOR map at offset %zu: key at offset %zu is %s %s; map keys must be text",
                    f->off, c->pos, (major == 0 || major == 4) ? "an" : "a", major_name(major));
    return SURQL_OK;
}

static void put_int(dctx *c, int64_t i)
{
    if (begin(c, i < 0 ? 1u : 0u, 0) == SURQL_OK)
        deliver(c, surql_value_int(i));
}

static void on_uint8(void *ctx, uint8_t v) { put_int(ctx, v); }
static void on_uint16(void *ctx, uint16_t v) { put_int(ctx, v); }
static void on_uint32(void *ctx, uint32_t v) { put_int(ctx, v); }

static void on_uint64(void *ctx, uint64_t v)
{
    dctx *c = ctx;
    if (v <= (uint64_t)INT64_MAX) {
        put_int(c, (int64_t)v);
        return;
    }
    if (begin(c, 0, 0) != SURQL_OK)
        return;
    /* a duration's seconds are u64: `14([secs, nanos])` may exceed INT64_MAX */
    dframe *f = top(c);
    if (f && f->kind == FR_ARRAY && f->ptag == SURQL_CONN__TAG_DURATION &&
        surql_value_length(f->val) == 0) {
        f->big_secs = 1;
        f->secs = v;
        deliver(c, surql_value_int(0));
        return;
    }
    fail(c, SURQL_ERANGE, "CBOR integer %" PRIu64 " at offset %zu does not fit in int64", v,
         c->pos);
}

static void put_negint(dctx *c, uint64_t n) /* value = -1 - n */
{
    if (begin(c, 1, 0) != SURQL_OK)
        return;
    if (n > (uint64_t)INT64_MAX) {
        fail(c, SURQL_ERANGE, "CBOR integer -1-%" PRIu64 " at offset %zu does not fit in int64",
             n, c->pos);
        return;
    }
    deliver(c, surql_value_int(-1 - (int64_t)n));
}

static void on_negint8(void *ctx, uint8_t v) { put_negint(ctx, v); }
static void on_negint16(void *ctx, uint16_t v) { put_negint(ctx, v); }
static void on_negint32(void *ctx, uint32_t v) { put_negint(ctx, v); }
static void on_negint64(void *ctx, uint64_t v) { put_negint(ctx, v); }

static void put_string(dctx *c, int text, cbor_data p, size_t len)
{
    if (begin(c, text ? 3u : 2u, 1) != SURQL_OK)
        return;
    dframe *f = top(c);
    if (f && f->kind == FR_CHUNKS) {
        if (len > c->lim.max_string - f->chunks.size) {
            fail(c, SURQL_ERANGE, "CBOR %s string at offset %zu is longer than %zu bytes",
                 text ? "text" : "byte", f->off, c->lim.max_string);
            return;
        }
        if (surql_buf_put(&f->chunks, p, len) != SURQL_OK)
            fail_builder(c, "CBOR %s string at offset %zu", text ? "text" : "byte", f->off);
        return;
    }
    if (len > c->lim.max_string) {
        fail(c, SURQL_ERANGE, "CBOR %s string at offset %zu is longer than %zu bytes",
             text ? "text" : "byte", c->pos, c->lim.max_string);
        return;
    }
    if (text && f && f->kind == FR_MAP && f->expect_key) {
        /* a map key: borrowed from the input until the value is stored */
        f->kptr = (const char *)p;
        f->klen = len;
        f->koff = c->pos;
        f->expect_key = 0;
        return;
    }
    surql_value *v = text ? surql_value_string_len((const char *)p, len) : surql_value_bytes(p, len);
    if (!v) {
        fail_builder(c, "CBOR %s string at offset %zu", text ? "text" : "byte", c->pos);
        return;
    }
    deliver(c, v);
}

static void on_bytes(void *ctx, cbor_data p, size_t len) { put_string(ctx, 0, p, len); }
static void on_text(void *ctx, cbor_data p, size_t len) { put_string(ctx, 1, p, len); }

static void start_chunks(dctx *c, int text)
{
    if (begin(c, text ? 3u : 2u, 0) != SURQL_OK)
        return;
    dframe *f = push(c, FR_CHUNKS);
    if (f)
        f->text = text;
}

static void on_bytes_start(void *ctx) { start_chunks(ctx, 0); }
static void on_text_start(void *ctx) { start_chunks(ctx, 1); }

static void start_container(dctx *c, int kind, int indef, size_t n)
{
    if (begin(c, kind == FR_ARRAY ? 4u : 5u, 0) != SURQL_OK)
        return;
    dframe *parent = top(c);
    uint64_t ptag = parent && parent->kind == FR_TAG ? parent->tag : 0;
    if (!indef && n == 0) {
        c->last_bounds[0] = c->last_bounds[1] = 0;
        c->last_big_secs = 0;
        deliver(c, kind == FR_ARRAY ? surql_value_array() : surql_value_object());
        return;
    }
    dframe *f = push(c, kind);
    if (!f)
        return;
    f->indef = indef;
    f->left = n;
    f->ptag = kind == FR_ARRAY ? ptag : 0;
    f->expect_key = kind == FR_MAP;
    f->val = kind == FR_ARRAY ? surql_value_array() : surql_value_object();
    if (!f->val)
        fail(c, SURQL_ENOMEM, "out of memory decoding CBOR");
}

static void on_array(void *ctx, size_t n) { start_container(ctx, FR_ARRAY, 0, n); }
static void on_indef_array(void *ctx) { start_container(ctx, FR_ARRAY, 1, 0); }
static void on_map(void *ctx, size_t n) { start_container(ctx, FR_MAP, 0, n); }
static void on_indef_map(void *ctx) { start_container(ctx, FR_MAP, 1, 0); }

static void on_tag(dctx *c, uint64_t tag)
{
    if (begin(c, 6, 0) != SURQL_OK)
        return;
    if (!tag_known(tag)) {
        if (tag == SURQL_CONN__TAG_FILE)
            fail(c, SURQL_EUNSUPPORTED,
                 "CBOR tag 55 (file pointer) at offset %zu is not supported: surql_value has no "
                 "file type",
                 c->pos);
        else if (tag == SURQL_CONN__TAG_FUTURE)
            fail(c, SURQL_EUNSUPPORTED,
                 "CBOR tag 15 (future, SurrealDB 2.x) at offset %zu is not supported", c->pos);
        else
            fail(c, SURQL_EUNSUPPORTED, "unknown CBOR tag %" PRIu64 " at offset %zu", tag, c->pos);
        return;
    }
    if (tag == SURQL_CONN__TAG_BOUND_INCL || tag == SURQL_CONN__TAG_BOUND_EXCL) {
        dframe *f = top(c);
        if (!f || f->kind != FR_ARRAY || f->ptag != SURQL_CONN__TAG_RANGE ||
            surql_value_length(f->val) >= 2) {
            fail(c, SURQL_EPARSE,
                 "CBOR tag %" PRIu64 " (%s) at offset %zu outside the [lower, upper] array of a "
                 "range (tag 49)",
                 tag, tag_name(tag), c->pos);
            return;
        }
    }
    dframe *f = push(c, FR_TAG);
    if (f)
        f->tag = tag;
}

static void on_float2(void *ctx, float f)
{
    if (begin(ctx, 7, 0) == SURQL_OK)
        deliver(ctx, surql_value_float((double)f));
}

static void on_float8(void *ctx, double d)
{
    if (begin(ctx, 7, 0) == SURQL_OK)
        deliver(ctx, surql_value_float(d));
}

static void on_null(void *ctx)
{
    if (begin(ctx, 7, 0) == SURQL_OK)
        deliver(ctx, surql_value_null());
}

static void on_undefined(void *ctx)
{
    dctx *c = ctx;
    if (begin(c, 7, 0) == SURQL_OK)
        fail(c, SURQL_EUNSUPPORTED,
             "CBOR undefined at offset %zu is not a SurrealDB value (NONE is tag 6)", c->pos);
}

static void on_bool(void *ctx, bool b)
{
    if (begin(ctx, 7, 0) == SURQL_OK)
        deliver(ctx, surql_value_bool(b));
}

static void on_break(void *ctx)
{
    dctx *c = ctx;
    if (c->err)
        return;
    dframe *f = top(c);
    if (!f || !((f->kind == FR_ARRAY && f->indef) || (f->kind == FR_MAP && f->indef) ||
                f->kind == FR_CHUNKS)) {
        fail(c, SURQL_EPARSE, "CBOR break at offset %zu outside an indefinite-length item",
             c->pos);
        return;
    }
    if (f->kind == FR_MAP && !f->expect_key) {
        fail(c, SURQL_EPARSE, "CBOR indefinite map at offset %zu ends after a key without value",
             f->off);
        return;
    }
    surql_value *v;
    if (f->kind == FR_CHUNKS) {
        const char *p = f->chunks.ptr ? f->chunks.ptr : "";
        size_t off = f->off;
        int text = f->text;
        v = text ? surql_value_string_len(p, f->chunks.size)
                 : surql_value_bytes(p, f->chunks.size);
        frame_clear(f);
        c->sp--;
        if (!v) {
            fail_builder(c, "CBOR %s string at offset %zu", text ? "text" : "byte", off);
            return;
        }
    } else {
        if (f->kind == FR_ARRAY) {
            c->last_bounds[0] = f->bounds[0];
            c->last_bounds[1] = f->bounds[1];
            c->last_big_secs = f->big_secs;
            c->last_secs = f->secs;
        }
        v = f->val;
        f->val = NULL;
        frame_clear(f);
        c->sp--;
    }
    deliver(c, v);
}

static void on_tag_unused(void *ctx, uint64_t tag)
{
    fail(ctx, SURQL_EPARSE, "CBOR: unexpected tag %" PRIu64 " from libcbor", tag);
}

static const struct cbor_callbacks callbacks = {
    .uint8 = on_uint8,
    .uint16 = on_uint16,
    .uint32 = on_uint32,
    .uint64 = on_uint64,
    .negint64 = on_negint64,
    .negint32 = on_negint32,
    .negint16 = on_negint16,
    .negint8 = on_negint8,
    .byte_string_start = on_bytes_start,
    .byte_string = on_bytes,
    .string = on_text,
    .string_start = on_text_start,
    .indef_array_start = on_indef_array,
    .array_start = on_array,
    .indef_map_start = on_indef_map,
    .map_start = on_map,
    .tag = on_tag_unused, /* tag heads are parsed in step() */
    .float2 = on_float2,
    .float4 = on_float2,
    .float8 = on_float8,
    .undefined = on_undefined,
    .null = on_null,
    .boolean = on_bool,
    .indef_break = on_break,
};

/* ------------------------------------------------------------------------ */
/* driver                                                                     */
/* ------------------------------------------------------------------------ */

/* Decode the item head at c->pos (and a whole string item); 0 or error. */
static int step(dctx *c)
{
    const uint8_t *p = c->data + c->pos;
    size_t avail = c->len - c->pos;
    unsigned major = p[0] >> 5;
    uint64_t arg = 0;
    size_t hlen = 1;
    int h = head(p, avail, &arg, &hlen);

    if (h == 1)
        return fail(c, SURQL_EPARSE,
                    "truncated CBOR: the head of the %s at offset %zu needs %u bytes, %zu remain",
                    major_name(major), c->pos, 1u << ((p[0] & 0x1fu) - 24u), avail - 1);
    if (h == 2)
        return fail(c, SURQL_EPARSE,
                    "invalid CBOR: initial byte 0x%02x at offset %zu uses reserved additional "
                    "information %u",
                    p[0], c->pos, p[0] & 0x1fu);
    c->hlen = hlen;
    size_t rest = avail - hlen;

    if (major == 6) {
        if (h == 3)
            return fail(c, SURQL_EPARSE, "invalid CBOR: indefinite-length tag head 0xdf at offset %zu",
                        c->pos);
        on_tag(c, arg);
        if (c->err)
            return c->err;
        c->pos += hlen;
        return SURQL_OK;
    }
    if (h == 0 && major >= 2 && major <= 5) {
        /* refuse length claims the remaining input cannot back (before libcbor
         * casts them to size_t or anything is allocated) */
        int bad = major == 5 ? arg > rest / 2 : arg > rest;
        if (bad) {
            if (major <= 3)
                return fail(c, SURQL_EPARSE,
                            "truncated CBOR: %s at offset %zu claims %" PRIu64
                            " bytes but only %zu remain",
                            major_name(major), c->pos, arg, rest);
            return fail(c, SURQL_EPARSE,
                        "truncated CBOR: %s at offset %zu claims %" PRIu64
                        " %s but only %zu bytes remain",
                        major_name(major), c->pos, arg, major == 4 ? "items" : "entries", rest);
        }
    }
    struct cbor_decoder_result r = cbor_stream_decode(p, avail, &callbacks, c);
    if (c->err)
        return c->err;
    if (r.status == CBOR_DECODER_NEDATA)
        return fail(c, SURQL_EPARSE, "truncated CBOR: %s at offset %zu is cut short",
                    major_name(major), c->pos);
    if (r.status != CBOR_DECODER_FINISHED || r.read == 0)
        return fail(c, SURQL_EPARSE,
                    "invalid CBOR: initial byte 0x%02x at offset %zu (reserved or unassigned "
                    "simple value)",
                    p[0], c->pos);
    c->pos += r.read;
    return SURQL_OK;
}

/* Describe the innermost open item for "truncated" messages. */
static int fail_truncated(dctx *c)
{
    dframe *f = top(c);
    if (!f)
        return fail(c, SURQL_EPARSE, "truncated CBOR: empty input");
    static const char *const kinds[] = { "", "array", "map", "tag", "string" };
    return fail(c, SURQL_EPARSE, "truncated CBOR: input ends at offset %zu inside the %s at offset %zu",
                c->len, kinds[f->kind], f->off);
}

int surql_conn__cbor_decode(surql_value **out, const uint8_t *data, size_t len,
                            const surql_conn__cbor_limits *lim)
{
    if (!out)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn__cbor_decode: out is NULL");
    *out = NULL;
    if (!data && len)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn__cbor_decode: data is NULL");

    dctx c;
    memset(&c, 0, sizeof c);
    c.data = data;
    c.len = len;
    surql_conn__cbor_limits_default(&c.lim);
    if (lim) {
        if (lim->max_size)
            c.lim.max_size = lim->max_size;
        if (lim->max_depth)
            c.lim.max_depth = lim->max_depth;
        if (lim->max_items)
            c.lim.max_items = lim->max_items;
        if (lim->max_string)
            c.lim.max_string = lim->max_string;
    }
    if (c.lim.max_depth > SURQL_VALUE_MAX_DEPTH)
        c.lim.max_depth = SURQL_VALUE_MAX_DEPTH;
    if (len > c.lim.max_size)
        return surql_error_set(SURQL_ERANGE, DOMAIN,
                               "CBOR message of %zu bytes exceeds the limit of %zu bytes", len,
                               c.lim.max_size);

    while (!c.done && !c.err) {
        if (c.pos >= c.len) {
            fail_truncated(&c);
            break;
        }
        step(&c);
    }
    if (!c.err && c.pos != c.len)
        fail(&c, SURQL_EPARSE, "trailing bytes after the CBOR item: %zu bytes at offset %zu",
             c.len - c.pos, c.pos);

    for (size_t i = 0; i < c.sp; i++)
        frame_clear(&c.st[i]);
    free(c.st);
    if (c.err) {
        surql_value_unref(c.root);
        return c.err;
    }
    *out = c.root;
    return SURQL_OK;
}
