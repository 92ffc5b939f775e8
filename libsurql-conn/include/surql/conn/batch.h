/**
 * @file surql/conn/batch.h
 * @brief Executing batch helpers (upsert_many, insert_many, relate_many,
 * delete_many) in bounded chunks.
 *
 * **Chunking.** The input array is cut into chunks of
 * surql_conn_batch_options.chunk_size elements (default
 * SURQL_CONN_BATCH_DEFAULT_CHUNK = 250; 1..SURQL_CONN_BATCH_MAX_CHUNK).
 * Every chunk's statement is built (libsurql-query, surql/query/batch.h)
 * before anything is sent, so invalid input (a bad id, a row that is not an
 * object, a bad name) fails with nothing written. Each chunk is one request:
 * a single statement (insert_many's `INSERT INTO table $p1`) as is, several
 * statements (one per row for upsert/relate/delete) inside
 * `BEGIN TRANSACTION; ...; COMMIT TRANSACTION;`, so **a chunk is written
 * whole or not at all**. Chunks are sent one after the other, or up to
 * `in_flight` at once on the same client (insert_many's default is 2 at
 * once: its chunks are independent; set in_flight = 1 for strict order). A chunk refused with a transaction
 * conflict (SurrealDB 3.x write conflicts between chunks in flight) was
 * rolled back and is sent again, up to 8 attempts with a short backoff.
 *
 * **Errors.** The first failing chunk stops the batch: no further chunk is
 * sent, chunks already in flight finish. The call fails with the chunk's
 * status (SURQL_CONN_EQUERY with the server's kind and details for a
 * rejected statement) and a message naming the chunk, its rows and what was
 * written, e.g. `insert_many: chunk 3 of 10 (rows 500-749) failed and was
 * not written; written: chunks 1-2 (500 rows); not sent: chunks 4-10:
 * <server message>` (chunks counted from 1, rows from 0). The optional
 * report (surql_conn_batch_options.report) gives the same in numbers.
 * Nothing is dropped silently.
 *
 * **Results.** *@p out (may be NULL) = every record the statements return,
 * chunks in input order (upsert/insert/relate: the written records;
 * delete: the deleted records as they were). When @p out is NULL,
 * insert_many's statements say `RETURN NONE`, so the server neither encodes
 * nor sends the written records (about 30% faster on SurrealDB 3.0.2, see
 * docs/benchmarks.md); the report still says what was written.
 *
 * @p c NULL: the calling thread's current client (SURQL_ESTATE when none).
 * Thread-safety: as the client; the input values are only read.
 */
#ifndef SURQL_CONN_BATCH_H
#define SURQL_CONN_BATCH_H

#include <stddef.h>
#include <stdint.h>
#include <surql/schema/value.h>
#include <surql/conn/export.h>
#include <surql/conn/client.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Default number of rows per request (the fastest measured on SurrealDB 3.0.2:
 *  one statement's time grows faster than its size, see docs/benchmarks.md). */
#define SURQL_CONN_BATCH_DEFAULT_CHUNK 250
/** Largest accepted chunk_size. */
#define SURQL_CONN_BATCH_MAX_CHUNK 100000
/** insert_many's chunks in flight when surql_conn_batch_options.in_flight is 0
 *  (the others send one chunk at a time): about twice the records per second of
 *  one at a time on SurrealDB 3.0.2, see docs/benchmarks.md. */
#define SURQL_CONN_BATCH_DEFAULT_IN_FLIGHT_INSERT 2
/** Largest accepted in_flight. */
#define SURQL_CONN_BATCH_MAX_IN_FLIGHT 64

/** What a batch call did (filled on success and on failure). */
typedef struct surql_conn_batch_report {
    size_t rows;           /**< input elements */
    size_t chunks;         /**< chunks the input was cut into */
    size_t chunks_written; /**< chunks the server accepted */
    size_t rows_written;   /**< input elements in those chunks */
    size_t failed_chunk;   /**< 0-based index of the failed chunk, SIZE_MAX when none */
    size_t failed_first_row; /**< first input index of the failed chunk (0 when none) */
    size_t failed_rows;    /**< elements in the failed chunk (0 when none) */
    size_t chunks_not_sent; /**< chunks never sent because of the failure */
} surql_conn_batch_report;

/** Options of the batch calls. Initialise with SURQL_CONN_BATCH_OPTIONS_INIT. */
typedef struct surql_conn_batch_options {
    unsigned version;         /**< 1 */
    size_t chunk_size;        /**< elements per request; 0 = SURQL_CONN_BATCH_DEFAULT_CHUNK */
    unsigned in_flight;       /**< chunks sent at once: 1 one after the other; 0 = the
                                   default: SURQL_CONN_BATCH_DEFAULT_IN_FLIGHT_INSERT for
                                   insert_many, 1 for the others */
    surql_conn_batch_report *report; /**< optional output, filled before return */
} surql_conn_batch_options;

#define SURQL_CONN_BATCH_OPTIONS_INIT { 1u, 0, 0u, NULL }

/**
 * upsert_many: one UPSERT per object of @p rows (an `id` field selects the
 * record and is removed from the content; with @p nconflict conflict fields
 * the rows are matched on them instead). @p opts may be NULL.
 */
SURQL_CONN_API int surql_conn_batch_upsert(surql_value **out, surql_conn_client *c,
                                           const char *table, const surql_value *rows,
                                           const char *const *conflict_fields, size_t nconflict,
                                           const surql_conn_batch_options *opts);

/** insert_many: `INSERT INTO table $p1` per chunk (fails on an existing id, as INSERT does). */
SURQL_CONN_API int surql_conn_batch_insert(surql_value **out, surql_conn_client *c,
                                           const char *table, const surql_value *rows,
                                           const surql_conn_batch_options *opts);

/**
 * relate_many: one RELATE per element of @p pairs (`[from, to]` or
 * `[from, to, data]`; records or record-id text, of @p from_table /
 * @p to_table when those are not NULL). @p data (may be NULL) is the content
 * of pairs without their own.
 */
SURQL_CONN_API int surql_conn_batch_relate(surql_value **out, surql_conn_client *c,
                                           const char *from_table, const char *edge,
                                           const char *to_table, const surql_value *pairs,
                                           const surql_value *data,
                                           const surql_conn_batch_options *opts);

/** delete_many: `DELETE $pN RETURN BEFORE` per id (records or id text of @p table). */
SURQL_CONN_API int surql_conn_batch_delete(surql_value **out, surql_conn_client *c,
                                           const char *table, const surql_value *ids,
                                           const surql_conn_batch_options *opts);

#ifdef __cplusplus
}
#endif

#endif
