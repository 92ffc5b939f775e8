/*
 * CBOR -> surql_value: decoder state, errors, the frame stack, delivering finished
 * items to their parent, and the entry point surql_conn__cbor_decode().
 *
 * The input is walked one data item head at a time (cbor-decode-read.c) with
 * libcbor's streaming decoder, whose callbacks build surql_values directly; tags
 * are converted in cbor-decode-tags.c. Every length the input claims is checked
 * against the bytes that remain before libcbor sees it, so nothing is allocated
 * for a claim the input cannot back. See cbor-decode-internal.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <surql/schema/error.h>

#include "cbor-decode-internal.h"

#define DOMAIN SURQL_CONN__CBOR_DOMAIN

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

int surql_conn__cbor_fail(dctx *c, int code, const char *fmt, ...)
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

int surql_conn__cbor_fail_builder(dctx *c, const char *fmt, ...)
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

const char *surql_conn__cbor_describe(const surql_value *v, char *buf, size_t size)
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
/* stack                                                                      */
/* ------------------------------------------------------------------------ */

dframe *surql_conn__cbor_push(dctx *c, int kind)
{
    if (c->sp >= c->lim.max_depth) {
        surql_conn__cbor_fail(c, SURQL_ERANGE, "CBOR nested deeper than %zu levels at offset %zu",
                              c->lim.max_depth, c->pos);
        return NULL;
    }
    if (c->sp == c->cap) {
        size_t ncap = c->cap ? c->cap * 2 : 16;
        if (ncap > c->lim.max_depth)
            ncap = c->lim.max_depth;
        dframe *n = realloc(c->st, ncap * sizeof *n);
        if (!n) {
            surql_conn__cbor_fail(c, SURQL_ENOMEM, "out of memory decoding CBOR");
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

void surql_conn__cbor_frame_clear(dframe *f)
{
    surql_value_unref(f->val);
    surql_value_unref(f->kval);
    surql_buf_dispose(&f->chunks);
    f->val = NULL;
    f->kval = NULL;
}

surql_value *surql_conn__cbor_pop(dctx *c)
{
    dframe *f = frame_top(c);
    if (f->kind == FR_ARRAY) {
        c->last_bounds[0] = f->bounds[0];
        c->last_bounds[1] = f->bounds[1];
        c->last_big_secs = f->big_secs;
        c->last_secs = f->secs;
    }
    surql_value *v = f->val;
    f->val = NULL;
    surql_conn__cbor_frame_clear(f);
    c->sp--;
    return v;
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
            return surql_conn__cbor_fail_builder(c, "CBOR map key at offset %zu", f->koff);
        }
        return surql_conn__cbor_fail_builder(c, "CBOR map at offset %zu", f->off);
    }
    if (surql_value_length(f->val) == before)
        return surql_conn__cbor_fail(c, SURQL_EPARSE,
                                     "CBOR map at offset %zu: duplicate key \"%.*s\" at offset %zu",
                                     f->off, (int)(f->klen > 64 ? 64 : f->klen), f->kptr,
                                     f->koff);
    f->kval = surql_value_unref(f->kval);
    f->kptr = NULL;
    f->klen = 0;
    f->expect_key = 1;
    return SURQL_OK;
}

int surql_conn__cbor_deliver(dctx *c, surql_value *v)
{
    if (!v)
        return c->err ? c->err
                      : surql_conn__cbor_fail_builder(c, "CBOR item at offset %zu", c->pos);
    for (;;) {
        dframe *f = frame_top(c);
        if (!f) {
            c->root = v;
            c->done = 1;
            return SURQL_OK;
        }
        switch (f->kind) {
        case FR_ARRAY:
            if (surql_value_array_push_take(f->val, v) != SURQL_OK)
                return surql_conn__cbor_fail_builder(c, "CBOR array at offset %zu", f->off);
            if (f->indef || --f->left > 0)
                return SURQL_OK;
            break;
        case FR_MAP:
            if (f->expect_key) {
                char d[64];
                if (surql_value_type_of(v) != SURQL_VALUE_STRING) {
                    surql_conn__cbor_fail(
                        c, SURQL_EPARSE,
                        "CBOR map at offset %zu: key at offset %zu is %s; map keys must be text",
                        f->off, c->pos, surql_conn__cbor_describe(v, d, sizeof d));
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
            v = surql_conn__cbor_convert_tag(c, tag, off, v);
            if (!v)
                return c->err ? c->err
                              : surql_conn__cbor_fail(c, SURQL_ENOMEM,
                                                      "out of memory decoding CBOR");
            continue;
        }
        default:
            surql_value_unref(v);
            return surql_conn__cbor_fail(c, SURQL_EPARSE, "CBOR: misplaced item at offset %zu",
                                         c->pos);
        }
        /* the array or map on top is complete: pop it and forward it */
        v = surql_conn__cbor_pop(c);
    }
}

/* ------------------------------------------------------------------------ */
/* driver                                                                     */
/* ------------------------------------------------------------------------ */

/* Describe the innermost open item for "truncated" messages. */
static int fail_truncated(dctx *c)
{
    dframe *f = frame_top(c);
    if (!f)
        return surql_conn__cbor_fail(c, SURQL_EPARSE, "truncated CBOR: empty input");
    static const char *const kinds[] = { "", "array", "map", "tag", "string" };
    return surql_conn__cbor_fail(
        c, SURQL_EPARSE, "truncated CBOR: input ends at offset %zu inside the %s at offset %zu",
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
        surql_conn__cbor_step(&c);
    }
    if (!c.err && c.pos != c.len)
        surql_conn__cbor_fail(&c, SURQL_EPARSE,
                              "trailing bytes after the CBOR item: %zu bytes at offset %zu",
                              c.len - c.pos, c.pos);

    for (size_t i = 0; i < c.sp; i++)
        surql_conn__cbor_frame_clear(&c.st[i]);
    free(c.st);
    if (c.err) {
        surql_value_unref(c.root);
        return c.err;
    }
    *out = c.root;
    return SURQL_OK;
}
