/*
 * Private to the CBOR decoder (never installed; included only by its three files):
 *   cbor-decode.c       decoder state, errors, the frame stack, delivering finished
 *                       items to their parent, and surql_conn__cbor_decode();
 *   cbor-decode-read.c  item heads and libcbor's streaming callbacks (one step each);
 *   cbor-decode-tags.c  SurrealDB's tags: which are known, and converting a tag's
 *                       content into the typed value.
 *
 * The input is walked one data item head at a time; containers and tags live on an
 * explicit stack of frames (no recursion), so hostile nesting cannot exhaust the C
 * stack. Errors go through surql_conn__cbor_fail*(): the first one is kept in
 * dctx.err and every later step returns it unchanged.
 */
#ifndef SURQL_CONN_CBOR_DECODE_INTERNAL_H
#define SURQL_CONN_CBOR_DECODE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <surql/schema/buf.h>
#include <surql/schema/value.h>

#include "cbor-internal.h"

#if defined(__GNUC__)
#define SURQL_CONN__CBOR_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define SURQL_CONN__CBOR_PRINTF(f, a)
#endif

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

/* The innermost open frame, NULL at top level. */
static inline dframe *frame_top(dctx *c)
{
    return c->sp ? &c->st[c->sp - 1] : NULL;
}

/* ---- cbor-decode.c ---- */

/* Record error @p code with a formatted message (the first error wins); returns it. */
int surql_conn__cbor_fail(dctx *c, int code, const char *fmt, ...) SURQL_CONN__CBOR_PRINTF(3, 4);

/* Wrap the error a surql_value builder just recorded: "<context>: <its message>".
 * EINVAL (bad input) becomes EPARSE; ERANGE and ENOMEM are kept. */
int surql_conn__cbor_fail_builder(dctx *c, const char *fmt, ...) SURQL_CONN__CBOR_PRINTF(2, 3);

/* "an array of 3 items", "a string of 4 bytes", "an int", ... for messages. */
const char *surql_conn__cbor_describe(const surql_value *v, char *buf, size_t size);

/* Open a frame of @p kind at c->pos; NULL after recording ERANGE (too deep) or ENOMEM. */
dframe *surql_conn__cbor_push(dctx *c, int kind);

/* Release what frame @p f owns. */
void surql_conn__cbor_frame_clear(dframe *f);

/* Close the finished array or map on top of the stack and return its value (owned);
 * an array's bound kinds and big seconds go to c->last_* for the enclosing tag. */
surql_value *surql_conn__cbor_pop(dctx *c);

/* Hand a finished value (consumed; NULL = the builder failed) to the frame on top of
 * the stack; pops and forwards every container or tag that this completes. */
int surql_conn__cbor_deliver(dctx *c, surql_value *v);

/* ---- cbor-decode-read.c ---- */

/* Decode the item head at c->pos (and a whole string item) and advance; 0 or error. */
int surql_conn__cbor_step(dctx *c);

/* ---- cbor-decode-tags.c ---- */

/* "record id", "geometry point", ... ("unknown" for other numbers). */
const char *surql_conn__cbor_tag_name(uint64_t tag);

/* 1 when @p tag has a surql_value equivalent (its content is then decoded). */
int surql_conn__cbor_tag_known(uint64_t tag);

/* Convert the content of tag @p tag whose head is at @p off (consumed) into the tagged
 * value; NULL after recording the error, or when out of memory. Bound tags (50/51)
 * return the content itself and mark the range's array frame (on top of the stack). */
surql_value *surql_conn__cbor_convert_tag(dctx *c, uint64_t tag, size_t off,
                                          surql_value *content);

#endif
