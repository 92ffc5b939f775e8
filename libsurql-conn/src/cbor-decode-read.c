/*
 * CBOR -> surql_value: reading item heads, and libcbor's streaming callbacks.
 *
 * surql_conn__cbor_step() handles one data item head: it checks the head and every
 * length it claims, then lets cbor_stream_decode() call back here, where the value
 * is built and delivered to its parent (cbor-decode.c).
 *
 * libcbor 0.8.0 workaround: its streaming decoder answers
 * CBOR_DECODER_ERROR for the one-byte tag heads 0xC6..0xD4 (tags 6..20),
 * which are exactly SurrealDB's NONE/table/record/uuid/decimal/datetime/
 * duration tags. Tag heads (major type 6) are therefore parsed here.
 */
#include <cbor.h>
#include <inttypes.h>

#include <surql/schema/error.h>

#include "cbor-decode-internal.h"

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
        return surql_conn__cbor_fail(c, SURQL_ERANGE,
                                     "CBOR input has more than %zu items (at offset %zu)",
                                     c->lim.max_items, c->pos);
    dframe *f = frame_top(c);
    if (!f)
        return SURQL_OK;
    if (f->kind == FR_CHUNKS && !(chunk && major == (f->text ? 3u : 2u)))
        return surql_conn__cbor_fail(c, SURQL_EPARSE,
                                     "CBOR indefinite %s string at offset %zu: item at offset %zu "
                                     "is not a definite %s chunk",
                                     f->text ? "text" : "byte", f->off, c->pos,
                                     f->text ? "text" : "byte");
    if (f->kind == FR_MAP && f->expect_key && major != 3)
        return surql_conn__cbor_fail(
            c, SURQL_EPARSE,
            "CBOR map at offset %zu: key at offset %zu is %s %s; map keys must be text", f->off,
            c->pos, (major == 0 || major == 4) ? "an" : "a", major_name(major));
    return SURQL_OK;
}

static void put_int(dctx *c, int64_t i)
{
    if (begin(c, i < 0 ? 1u : 0u, 0) == SURQL_OK)
        surql_conn__cbor_deliver(c, surql_value_int(i));
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
    dframe *f = frame_top(c);
    if (f && f->kind == FR_ARRAY && f->ptag == SURQL_CONN__TAG_DURATION &&
        surql_value_length(f->val) == 0) {
        f->big_secs = 1;
        f->secs = v;
        surql_conn__cbor_deliver(c, surql_value_int(0));
        return;
    }
    surql_conn__cbor_fail(c, SURQL_ERANGE,
                          "CBOR integer %" PRIu64 " at offset %zu does not fit in int64", v,
                          c->pos);
}

static void put_negint(dctx *c, uint64_t n) /* value = -1 - n */
{
    if (begin(c, 1, 0) != SURQL_OK)
        return;
    if (n > (uint64_t)INT64_MAX) {
        surql_conn__cbor_fail(c, SURQL_ERANGE,
                              "CBOR integer -1-%" PRIu64 " at offset %zu does not fit in int64",
                              n, c->pos);
        return;
    }
    surql_conn__cbor_deliver(c, surql_value_int(-1 - (int64_t)n));
}

static void on_negint8(void *ctx, uint8_t v) { put_negint(ctx, v); }
static void on_negint16(void *ctx, uint16_t v) { put_negint(ctx, v); }
static void on_negint32(void *ctx, uint32_t v) { put_negint(ctx, v); }
static void on_negint64(void *ctx, uint64_t v) { put_negint(ctx, v); }

static int string_too_long(dctx *c, int text, size_t off)
{
    return surql_conn__cbor_fail(c, SURQL_ERANGE,
                                 "CBOR %s string at offset %zu is longer than %zu bytes",
                                 text ? "text" : "byte", off, c->lim.max_string);
}

static int string_failed(dctx *c, int text, size_t off)
{
    return surql_conn__cbor_fail_builder(c, "CBOR %s string at offset %zu",
                                         text ? "text" : "byte", off);
}

static void put_string(dctx *c, int text, cbor_data p, size_t len)
{
    if (begin(c, text ? 3u : 2u, 1) != SURQL_OK)
        return;
    dframe *f = frame_top(c);
    if (f && f->kind == FR_CHUNKS) {
        if (len > c->lim.max_string - f->chunks.size)
            string_too_long(c, text, f->off);
        else if (surql_buf_put(&f->chunks, p, len) != SURQL_OK)
            string_failed(c, text, f->off);
        return;
    }
    if (len > c->lim.max_string) {
        string_too_long(c, text, c->pos);
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
    surql_value *v =
        text ? surql_value_string_len((const char *)p, len) : surql_value_bytes(p, len);
    if (!v) {
        string_failed(c, text, c->pos);
        return;
    }
    surql_conn__cbor_deliver(c, v);
}

static void on_bytes(void *ctx, cbor_data p, size_t len) { put_string(ctx, 0, p, len); }
static void on_text(void *ctx, cbor_data p, size_t len) { put_string(ctx, 1, p, len); }

static void start_chunks(dctx *c, int text)
{
    if (begin(c, text ? 3u : 2u, 0) != SURQL_OK)
        return;
    dframe *f = surql_conn__cbor_push(c, FR_CHUNKS);
    if (f)
        f->text = text;
}

static void on_bytes_start(void *ctx) { start_chunks(ctx, 0); }
static void on_text_start(void *ctx) { start_chunks(ctx, 1); }

static void start_container(dctx *c, int kind, int indef, size_t n)
{
    if (begin(c, kind == FR_ARRAY ? 4u : 5u, 0) != SURQL_OK)
        return;
    dframe *parent = frame_top(c);
    uint64_t ptag = parent && parent->kind == FR_TAG ? parent->tag : 0;
    if (!indef && n == 0) {
        c->last_bounds[0] = c->last_bounds[1] = 0;
        c->last_big_secs = 0;
        surql_conn__cbor_deliver(c,
                                 kind == FR_ARRAY ? surql_value_array() : surql_value_object());
        return;
    }
    dframe *f = surql_conn__cbor_push(c, kind);
    if (!f)
        return;
    f->indef = indef;
    f->left = n;
    f->ptag = kind == FR_ARRAY ? ptag : 0;
    f->expect_key = kind == FR_MAP;
    f->val = kind == FR_ARRAY ? surql_value_array() : surql_value_object();
    if (!f->val)
        surql_conn__cbor_fail(c, SURQL_ENOMEM, "out of memory decoding CBOR");
}

static void on_array(void *ctx, size_t n) { start_container(ctx, FR_ARRAY, 0, n); }
static void on_indef_array(void *ctx) { start_container(ctx, FR_ARRAY, 1, 0); }
static void on_map(void *ctx, size_t n) { start_container(ctx, FR_MAP, 0, n); }
static void on_indef_map(void *ctx) { start_container(ctx, FR_MAP, 1, 0); }

static void on_tag(dctx *c, uint64_t tag)
{
    if (begin(c, 6, 0) != SURQL_OK)
        return;
    if (!surql_conn__cbor_tag_known(tag)) {
        if (tag == SURQL_CONN__TAG_FILE)
            surql_conn__cbor_fail(c, SURQL_EUNSUPPORTED,
                                  "CBOR tag 55 (file pointer) at offset %zu is not supported: "
                                  "surql_value has no file type",
                                  c->pos);
        else if (tag == SURQL_CONN__TAG_FUTURE)
            surql_conn__cbor_fail(
                c, SURQL_EUNSUPPORTED,
                "CBOR tag 15 (future, SurrealDB 2.x) at offset %zu is not supported", c->pos);
        else
            surql_conn__cbor_fail(c, SURQL_EUNSUPPORTED,
                                  "unknown CBOR tag %" PRIu64 " at offset %zu", tag, c->pos);
        return;
    }
    if (tag == SURQL_CONN__TAG_BOUND_INCL || tag == SURQL_CONN__TAG_BOUND_EXCL) {
        dframe *f = frame_top(c);
        if (!f || f->kind != FR_ARRAY || f->ptag != SURQL_CONN__TAG_RANGE ||
            surql_value_length(f->val) >= 2) {
            surql_conn__cbor_fail(c, SURQL_EPARSE,
                                  "CBOR tag %" PRIu64 " (%s) at offset %zu outside the "
                                  "[lower, upper] array of a range (tag 49)",
                                  tag, surql_conn__cbor_tag_name(tag), c->pos);
            return;
        }
    }
    dframe *f = surql_conn__cbor_push(c, FR_TAG);
    if (f)
        f->tag = tag;
}

static void on_float2(void *ctx, float f)
{
    if (begin(ctx, 7, 0) == SURQL_OK)
        surql_conn__cbor_deliver(ctx, surql_value_float((double)f));
}

static void on_float8(void *ctx, double d)
{
    if (begin(ctx, 7, 0) == SURQL_OK)
        surql_conn__cbor_deliver(ctx, surql_value_float(d));
}

static void on_null(void *ctx)
{
    if (begin(ctx, 7, 0) == SURQL_OK)
        surql_conn__cbor_deliver(ctx, surql_value_null());
}

static void on_undefined(void *ctx)
{
    dctx *c = ctx;
    if (begin(c, 7, 0) == SURQL_OK)
        surql_conn__cbor_fail(
            c, SURQL_EUNSUPPORTED,
            "CBOR undefined at offset %zu is not a SurrealDB value (NONE is tag 6)", c->pos);
}

static void on_bool(void *ctx, bool b)
{
    if (begin(ctx, 7, 0) == SURQL_OK)
        surql_conn__cbor_deliver(ctx, surql_value_bool(b));
}

static void on_break(void *ctx)
{
    dctx *c = ctx;
    if (c->err)
        return;
    dframe *f = frame_top(c);
    if (!f || !((f->kind == FR_ARRAY && f->indef) || (f->kind == FR_MAP && f->indef) ||
                f->kind == FR_CHUNKS)) {
        surql_conn__cbor_fail(c, SURQL_EPARSE,
                              "CBOR break at offset %zu outside an indefinite-length item",
                              c->pos);
        return;
    }
    if (f->kind == FR_MAP && !f->expect_key) {
        surql_conn__cbor_fail(c, SURQL_EPARSE,
                              "CBOR indefinite map at offset %zu ends after a key without value",
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
        surql_conn__cbor_frame_clear(f);
        c->sp--;
        if (!v) {
            string_failed(c, text, off);
            return;
        }
    } else {
        v = surql_conn__cbor_pop(c);
    }
    surql_conn__cbor_deliver(c, v);
}

static void on_tag_unused(void *ctx, uint64_t tag)
{
    surql_conn__cbor_fail(ctx, SURQL_EPARSE, "CBOR: unexpected tag %" PRIu64 " from libcbor",
                          tag);
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
    .tag = on_tag_unused, /* tag heads are parsed in surql_conn__cbor_step() */
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

int surql_conn__cbor_step(dctx *c)
{
    const uint8_t *p = c->data + c->pos;
    size_t avail = c->len - c->pos;
    unsigned major = p[0] >> 5;
    uint64_t arg = 0;
    size_t hlen = 1;
    int h = head(p, avail, &arg, &hlen);

    if (h == 1)
        return surql_conn__cbor_fail(
            c, SURQL_EPARSE,
            "truncated CBOR: the head of the %s at offset %zu needs %u bytes, %zu remain",
            major_name(major), c->pos, 1u << ((p[0] & 0x1fu) - 24u), avail - 1);
    if (h == 2)
        return surql_conn__cbor_fail(c, SURQL_EPARSE,
                                     "invalid CBOR: initial byte 0x%02x at offset %zu uses "
                                     "reserved additional information %u",
                                     p[0], c->pos, p[0] & 0x1fu);
    c->hlen = hlen;
    size_t rest = avail - hlen;

    if (major == 6) {
        if (h == 3)
            return surql_conn__cbor_fail(
                c, SURQL_EPARSE, "invalid CBOR: indefinite-length tag head 0xdf at offset %zu",
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
                return surql_conn__cbor_fail(c, SURQL_EPARSE,
                                             "truncated CBOR: %s at offset %zu claims %" PRIu64
                                             " bytes but only %zu remain",
                                             major_name(major), c->pos, arg, rest);
            return surql_conn__cbor_fail(c, SURQL_EPARSE,
                                         "truncated CBOR: %s at offset %zu claims %" PRIu64
                                         " %s but only %zu bytes remain",
                                         major_name(major), c->pos, arg,
                                         major == 4 ? "items" : "entries", rest);
        }
    }
    struct cbor_decoder_result r = cbor_stream_decode(p, avail, &callbacks, c);
    if (c->err)
        return c->err;
    if (r.status == CBOR_DECODER_NEDATA)
        return surql_conn__cbor_fail(c, SURQL_EPARSE,
                                     "truncated CBOR: %s at offset %zu is cut short",
                                     major_name(major), c->pos);
    if (r.status != CBOR_DECODER_FINISHED || r.read == 0)
        return surql_conn__cbor_fail(c, SURQL_EPARSE,
                                     "invalid CBOR: initial byte 0x%02x at offset %zu (reserved "
                                     "or unassigned simple value)",
                                     p[0], c->pos);
    c->pos += r.read;
    return SURQL_OK;
}
