/**
 * @file surql/query/stmt.h
 * @brief Built statements: SurrealQL text + bound variables, ready to send.
 *
 * A surql_query_stmt is what the connection layer executes with one call:
 * surql_query_stmt_text() is the `query` RPC's first parameter and
 * surql_query_stmt_vars() (an object `{p1: ..., p2: ...}`) its second. The
 * text never contains a value: every value is a `$pN` parameter. The same
 * statement renders with inline literals (surql_query_stmt_display(), through
 * surql_value_to_surql(), the suite's one escaping routine) for logs, dry
 * runs and generated files.
 *
 * A statement may hold several SurrealQL statements separated by `;`
 * (batches); surql_query_stmt_count() tells how many, and
 * surql_query_stmt_read() turns the `query` response into the value the
 * helper that built it promises (its shape).
 *
 * Immutable and atomically refcounted: share freely between threads.
 */
#ifndef SURQL_QUERY_STMT_H
#define SURQL_QUERY_STMT_H

#include <stddef.h>
#include <surql/schema.h>
#include <surql/schema/dialect.h>
#include <surql/query/export.h>
#include <surql/query/builder.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque built statement. Immutable; share freely. */
typedef struct surql_query_stmt surql_query_stmt;

/**
 * Render @p b. On success *@p out owns a new statement (release with
 * surql_query_stmt_unref()). When @p b is NULL (a failed chain) the error
 * recorded by the failing call is returned unchanged (SURQL_EINVAL if none).
 * Structural checks happen here: a SELECT without target is
 * SURQL_QUERY_EMISUSE "Table name required for SELECT query", an UPDATE
 * without data "Update data required for UPDATE query", hints that do not
 * apply SURQL_QUERY_EHINT, 3.x-only or 2.x-only constructs
 * SURQL_QUERY_EDIALECT. *@p out is NULL on failure.
 */
SURQL_QUERY_API int surql_query_build(surql_query_stmt **out, const surql_query_builder *b);

/**
 * TRUSTED INPUT: a statement from hand-written SurrealQL @p text and an
 * optional @p vars object (reference taken; NULL for none). The text is not
 * checked. Use for fixed statements written by the programmer only.
 */
SURQL_QUERY_API int surql_query_stmt_new_raw_trusted(surql_query_stmt **out, const char *text,
                                                     const surql_value *vars, int dialect,
                                                     surql_query_shape shape);

/**
 * Join @p n statements into one request (`a; b; ...`), renumbering their
 * parameters so they do not collide. The shape is @p shape; all statements
 * must have one dialect (else SURQL_EINVAL).
 */
SURQL_QUERY_API int surql_query_stmt_concat(surql_query_stmt **out,
                                            const surql_query_stmt *const *stmts, size_t n,
                                            surql_query_shape shape);

/** Add a reference (NULL gives NULL). Thread-safe. */
SURQL_QUERY_API surql_query_stmt *surql_query_stmt_ref(const surql_query_stmt *s);
/** Release a reference; NULL accepted; returns NULL. */
SURQL_QUERY_API surql_query_stmt *surql_query_stmt_unref(surql_query_stmt *s);

/** Statement text with `$pN` parameters. Borrowed: valid while @p s is. Never NULL ("" for NULL). */
SURQL_QUERY_API const char *surql_query_stmt_text(const surql_query_stmt *s);
/** Length of surql_query_stmt_text() in bytes. */
SURQL_QUERY_API size_t surql_query_stmt_text_len(const surql_query_stmt *s);
/** Variables object (`{p1: ..., ...}`, possibly empty). Borrowed: valid while @p s is. */
SURQL_QUERY_API const surql_value *surql_query_stmt_vars(const surql_query_stmt *s);
/** Dialect the statement was rendered for (SURQL_DIALECT_V2 / V3). */
SURQL_QUERY_API int surql_query_stmt_dialect(const surql_query_stmt *s);
/** Expected response shape. */
SURQL_QUERY_API surql_query_shape surql_query_stmt_shape(const surql_query_stmt *s);
/** Number of top-level SurrealQL statements in the text. */
SURQL_QUERY_API size_t surql_query_stmt_count(const surql_query_stmt *s);

/**
 * Append the display form to @p out: the text with every bound parameter
 * replaced by its inline literal (surql_value_to_surql(), with the 2.x flag
 * for 2.x statements). SURQL_EUNSUPPORTED when a value has no literal in the
 * dialect; @p out keeps its previous contents on failure.
 */
SURQL_QUERY_API int surql_query_stmt_display(const surql_query_stmt *s, surql_buf *out);

/**
 * Read the response of executing @p s (the `query` RPC's result: an array
 * of per-statement entries `{status, time, result[, type, kind, details]}`
 * from 2.x or 3.x) according to the statement's shape (builder.h). A
 * statement that failed is SURQL_QUERY_ESTATEMENT (see surql/query/error.h).
 * *@p out owns the value (free with surql_value_unref()).
 */
SURQL_QUERY_API int surql_query_stmt_read(surql_value **out, const surql_query_stmt *s,
                                          const surql_value *response);

#ifdef __cplusplus
}
#endif

#endif
