/*
 * CBOR codec of libsurql-conn (private; never installed).
 *
 * Converts between SurrealDB's CBOR wire format (protocol reference §4,
 * docs/cbor.md) and surql_value, and builds/classifies RPC messages.
 * Every function here is hidden (surql_conn__ prefix, not in the linker map).
 *
 * Errors: SURQL_OK or a negative code with the message in surql_error_last()
 * (domain "surql-conn"):
 *   SURQL_EPARSE       malformed CBOR (truncated, trailing bytes, bad initial
 *                      byte, stray break, invalid UTF-8, non-text map key,
 *                      duplicate map key, wrong tag content);
 *   SURQL_ERANGE       a limit was exceeded (size, depth, values, string
 *                      length) or an integer does not fit int64;
 *   SURQL_EUNSUPPORTED a valid CBOR item that has no surql_value
 *                      equivalent (unknown tag, tag 55 file, tag 15
 *                      future, `undefined`);
 *   SURQL_ENOMEM / SURQL_EINVAL (NULL argument).
 * Messages name the byte offset of the offending item ("at offset N").
 *
 * Threads: every function is reentrant; values are immutable once returned.
 */
#ifndef SURQL_CONN_CBOR_INTERNAL_H
#define SURQL_CONN_CBOR_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <surql/schema/buf.h>
#include <surql/schema/value.h>

#define SURQL_CONN__CBOR_DOMAIN "surql-conn"

/* ---- CBOR tags used by SurrealDB (protocol reference §4.1) ---- */
#define SURQL_CONN__TAG_DATETIME_TEXT 0  /* RFC 3339 text (read only) */
#define SURQL_CONN__TAG_NONE 6
#define SURQL_CONN__TAG_TABLE 7
#define SURQL_CONN__TAG_RECORD 8
#define SURQL_CONN__TAG_UUID_TEXT 9      /* read only */
#define SURQL_CONN__TAG_DECIMAL 10
#define SURQL_CONN__TAG_DATETIME 12
#define SURQL_CONN__TAG_DURATION_TEXT 13 /* read only */
#define SURQL_CONN__TAG_DURATION 14
#define SURQL_CONN__TAG_FUTURE 15        /* 2.x only; rejected */
#define SURQL_CONN__TAG_UUID 37
#define SURQL_CONN__TAG_RANGE 49
#define SURQL_CONN__TAG_BOUND_INCL 50
#define SURQL_CONN__TAG_BOUND_EXCL 51
#define SURQL_CONN__TAG_FILE 55          /* 3.x; no surql_value type: rejected */
#define SURQL_CONN__TAG_SET 56           /* 3.x */
#define SURQL_CONN__TAG_POINT 88
#define SURQL_CONN__TAG_LINE 89
#define SURQL_CONN__TAG_POLYGON 90
#define SURQL_CONN__TAG_MULTIPOINT 91
#define SURQL_CONN__TAG_MULTILINE 92
#define SURQL_CONN__TAG_MULTIPOLYGON 93
#define SURQL_CONN__TAG_COLLECTION 94

/* ------------------------------------------------------------------------ */
/* Decoding                                                                   */
/* ------------------------------------------------------------------------ */

/**
 * Limits on what one decode accepts. A field of 0 means "the default".
 * The decoder also rejects every length claim that the remaining input
 * cannot satisfy (an array of N items needs at least N bytes, a map of N
 * entries 2N bytes, a string of N bytes N bytes) before allocating anything.
 */
typedef struct surql_conn__cbor_limits {
    size_t max_size;   /**< input bytes; default 128 MiB (the server's WebSocket message limit) */
    size_t max_depth;  /**< nested arrays, maps, tags and chunked strings; default 128,
                            at most SURQL_VALUE_MAX_DEPTH */
    size_t max_items;  /**< CBOR data items in the whole input (each header counts one);
                            default 16 Mi, bounding memory at roughly 100 bytes per input byte */
    size_t max_string; /**< bytes of one text or byte string (chunks joined); default 64 MiB */
} surql_conn__cbor_limits;

#define SURQL_CONN__CBOR_DEFAULT_MAX_SIZE ((size_t)128 << 20)
#define SURQL_CONN__CBOR_DEFAULT_MAX_DEPTH ((size_t)128)
#define SURQL_CONN__CBOR_DEFAULT_MAX_ITEMS ((size_t)16 << 20)
#define SURQL_CONN__CBOR_DEFAULT_MAX_STRING ((size_t)64 << 20)

/** Fill @p lim with the defaults above. */
void surql_conn__cbor_limits_default(surql_conn__cbor_limits *lim);

/**
 * Decode exactly one CBOR data item of @p len bytes at @p data into a new
 * surql_value (*@p out, transfer full; *@p out is NULL on failure). @p lim
 * may be NULL (defaults). Trailing bytes after the item are an error.
 * Decoding is iterative (no recursion) and builds values directly from
 * libcbor's streaming decoder, without an intermediate item tree.
 */
int surql_conn__cbor_decode(surql_value **out, const uint8_t *data, size_t len,
                            const surql_conn__cbor_limits *lim);

/* ------------------------------------------------------------------------ */
/* Encoding                                                                   */
/* ------------------------------------------------------------------------ */

/** Encode flag: write sets as plain arrays (SurrealDB 2.x knows no tag 56). */
#define SURQL_CONN__CBOR_SET_AS_ARRAY 0x1u

/**
 * Append the CBOR encoding of @p v (NULL is NONE) to @p out: definite
 * lengths, shortest integer heads, floats in the shortest width that keeps
 * the value exactly (f16, f32 or f64, as the server writes them), object
 * entries in insertion order, and the SurrealDB tag of every typed value.
 * On failure @p out is truncated back to its previous size.
 */
int surql_conn__cbor_encode(const surql_value *v, surql_buf *out, unsigned flags);

/* ------------------------------------------------------------------------ */
/* RPC messages (protocol reference §1.2, §1.3, §1.7, §8)                     */
/* ------------------------------------------------------------------------ */

/**
 * Append one RPC request `{id, method, params[, session][, txn]}` to @p out.
 * @p id: NULL (no id key), or an int, float, string, uuid, datetime or NULL value
 * (the types the server echoes; anything else is SURQL_EINVAL).
 * @p method: non-empty UTF-8. @p params: NULL for `[]`, else an array.
 * @p session / @p txn: NULL (omitted) or uuid values (3.x only; a 2.x
 * server ignores them, see the protocol reference §7).
 * On failure @p out is truncated back to its previous size.
 */
int surql_conn__cbor_encode_request(surql_buf *out, const surql_value *id, const char *method,
                                    const surql_value *params, const surql_value *session,
                                    const surql_value *txn, unsigned flags);

/** What a decoded incoming message is (classification order of §8). */
typedef enum surql_conn__msg_kind {
    SURQL_CONN__MSG_RESPONSE = 1,     /**< has an `id`: the answer to that request */
    SURQL_CONN__MSG_ORPHAN_ERROR = 2, /**< no `id`, has `error`: a request the server could
                                           not decode or that was malformed */
    SURQL_CONN__MSG_NOTIFICATION = 3, /**< no `id`, `result` is `{id: uuid, action: text, ...}` */
    SURQL_CONN__MSG_UNTAGGED = 4      /**< no `id`, has `result`: the answer to an HTTP /rpc
                                           request (which never echoes ids) */
} surql_conn__msg_kind;

/**
 * A classified message. Every pointer is borrowed from the message value
 * and lives as long as it; absent members are NULL (error_code 0).
 */
typedef struct surql_conn__rpc_msg {
    surql_conn__msg_kind kind;
    const surql_value *id;      /**< `id` (RESPONSE) */
    const surql_value *result;  /**< `result` (may be a NONE value) */
    const surql_value *error;   /**< `error` as sent (object, or a string on old 2.x) */
    const surql_value *session; /**< top-level `session` (3.x) */
    /* the error object's fields, when `error` is present: */
    long error_code;            /**< `code` (e.g. -32000), 0 when absent */
    const char *error_message;  /**< `message`, or the error itself when it is a string;
                                     "the server's error has no message" when absent or empty */
    const char *error_kind;     /**< `kind` (3.x: "NotAllowed", ...), NULL on 2.x */
    const surql_value *error_details; /**< `details` (3.x), NULL when absent */
    /* live notification fields (NOTIFICATION): */
    const surql_value *live_id;  /**< result.id (uuid of the live query) */
    const char *action;          /**< result.action: "CREATE", "UPDATE", "DELETE", "KILLED" */
    const surql_value *record;   /**< result.record */
    const surql_value *data;     /**< result.result (record or patch array) */
} surql_conn__rpc_msg;

/**
 * Classify a decoded message @p msg (protocol §8): `id` present -> RESPONSE;
 * no id and an `error` key -> ORPHAN_ERROR; a `result` object with `id`
 * (uuid) and `action` (text) -> NOTIFICATION; other id-less `result` ->
 * UNTAGGED. SURQL_EPARSE when @p msg is not an object, has neither
 * `result` nor `error`, or has both.
 */
int surql_conn__rpc_classify(const surql_value *msg, surql_conn__rpc_msg *out);

#endif
