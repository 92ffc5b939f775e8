/**
 * @file surql/query/builder.h
 * @brief The immutable statement builder: SELECT, CREATE, INSERT, UPDATE,
 * UPSERT, DELETE, RELATE, with WHERE trees, ordering, paging, grouping,
 * hints and RETURN clauses.
 *
 * A surql_query_builder is immutable and atomically refcounted: share it
 * between threads freely. Every method takes a builder, consumes that
 * reference (transfer full; see the ownership convention in
 * surql/query/expr.h) and returns a new one: the builder passed in is never
 * modified, so a caller that keeps a reference (surql_query_ref()) to a
 * base query can derive many queries from it:
 * @code
 * surql_query_builder *base = surql_query_from(surql_query_select(), "user");
 * surql_query_builder *adults = surql_query_where(surql_query_ref(base),
 *     surql_query_gte(surql_query_field("age"), surql_query_int(18)));
 * // base still renders "SELECT * FROM user"
 * @endcode
 * Internally the parts are persistent lists shared between builders, and a
 * builder whose only reference is consumed is reused in place (nobody else
 * can observe it), so a chain of N calls costs N small appends.
 *
 * On misuse a method returns NULL with surql_error_last() set (messages as
 * in the Python original, e.g. "Limit must be non-negative, got -1") and
 * every later method given that NULL returns NULL without touching the
 * error, so a chain is checked once, at surql_query_build().
 *
 * Values given to methods are bound as parameters; names are validated and
 * escaped (surql/query/ident.h). Text is inserted verbatim only by the
 * functions whose name ends in `_raw_trusted`.
 */
#ifndef SURQL_QUERY_BUILDER_H
#define SURQL_QUERY_BUILDER_H

#include <stddef.h>
#include <stdint.h>
#include <surql/schema.h>
#include <surql/schema/dialect.h>
#include <surql/query/export.h>
#include <surql/query/expr.h>

#ifdef __cplusplus
extern "C" {
#endif

/** RETURN clause of write statements. Values are ABI. */
typedef enum surql_query_return {
    SURQL_QUERY_RETURN_DEFAULT = 0, /**< no RETURN clause (the statement's default) */
    SURQL_QUERY_RETURN_NONE = 1,    /**< `RETURN NONE` */
    SURQL_QUERY_RETURN_DIFF = 2,    /**< `RETURN DIFF` */
    SURQL_QUERY_RETURN_FULL = 3,    /**< the full record: `RETURN AFTER` (SurrealQL has no
                                         `RETURN FULL`; the engines read it as a field) */
    SURQL_QUERY_RETURN_BEFORE = 4,  /**< `RETURN BEFORE` */
    SURQL_QUERY_RETURN_AFTER = 5    /**< `RETURN AFTER` */
} surql_query_return;

/** What a statement's response means (see surql_query_stmt_read()). Values are ABI. */
typedef enum surql_query_shape {
    SURQL_QUERY_SHAPE_ROWS = 0,   /**< every row of every statement, as one array */
    SURQL_QUERY_SHAPE_ONE = 1,    /**< the first row, or NONE */
    SURQL_QUERY_SHAPE_COUNT = 2,  /**< an int: the sum of `count` of each statement's first row (0 when none) */
    SURQL_QUERY_SHAPE_EXISTS = 3, /**< a bool: any row at all */
    SURQL_QUERY_SHAPE_NONE = 4,   /**< nothing (errors are still reported) */
    SURQL_QUERY_SHAPE_VALUE = 5   /**< the result of the last statement, as returned */
} surql_query_shape;

/** Fetch strategies of the FETCH hint (not expressible in SurrealQL: rendered as a comment). */
typedef enum surql_query_fetch_strategy {
    SURQL_QUERY_FETCH_EAGER = 1,
    SURQL_QUERY_FETCH_LAZY = 2,
    SURQL_QUERY_FETCH_BATCH = 3
} surql_query_fetch_strategy;

/** Add a reference (NULL gives NULL). Thread-safe. */
SURQL_QUERY_API surql_query_builder *surql_query_ref(const surql_query_builder *b);
/** Release a reference; NULL accepted; returns NULL. Thread-safe. */
SURQL_QUERY_API surql_query_builder *surql_query_unref(surql_query_builder *b);

/* ---- statement kinds (each returns a new builder, dialect 3.x) ----------- */

/** `SELECT * FROM ...` (add targets with surql_query_from*()). */
SURQL_QUERY_API surql_query_builder *surql_query_select(void);
/**
 * `CREATE target`. @p target: a table name, or a record id as text
 * (any text containing ':' must parse whole as a record id).
 */
SURQL_QUERY_API surql_query_builder *surql_query_create(const char *target);
/** `INSERT INTO table` (add the rows with surql_query_values()). */
SURQL_QUERY_API surql_query_builder *surql_query_insert(const char *table);
/** `INSERT RELATION INTO edge` (rows are objects with `in` and `out`). */
SURQL_QUERY_API surql_query_builder *surql_query_insert_relation(const char *edge);
/** `UPDATE target` (target as for surql_query_create()). */
SURQL_QUERY_API surql_query_builder *surql_query_update(const char *target);
/** `UPSERT target`. */
SURQL_QUERY_API surql_query_builder *surql_query_upsert(const char *target);
/** `DELETE target`. */
SURQL_QUERY_API surql_query_builder *surql_query_delete(const char *target);
/** `RELATE from->edge->to`; @p from and @p to are record ids as text (parsed whole, bound). */
SURQL_QUERY_API surql_query_builder *surql_query_relate(const char *edge, const char *from,
                                                        const char *to);
/** RELATE with record values (or arrays of records) for @p from / @p to (references taken). */
SURQL_QUERY_API surql_query_builder *surql_query_relate_values(const char *edge,
                                                               const surql_value *from,
                                                               const surql_value *to);

/** Target dialect (default SURQL_DIALECT_V3). Anything else: SURQL_EINVAL. */
SURQL_QUERY_API surql_query_builder *surql_query_dialect(surql_query_builder *b, int dialect);
/** Expected response shape recorded in the built statement (default ROWS; ONE with ONLY). */
SURQL_QUERY_API surql_query_builder *surql_query_expect(surql_query_builder *b,
                                                        surql_query_shape shape);

/* ---- targets ------------------------------------------------------------- */

/** Add a target: a table name or a record id given as text (see surql_query_create()). */
SURQL_QUERY_API surql_query_builder *surql_query_from(surql_query_builder *b, const char *target);
/** Add a table target (any valid name, escaped when not plain; ':' allowed). */
SURQL_QUERY_API surql_query_builder *surql_query_from_table(surql_query_builder *b,
                                                            const char *table);
/**
 * Add a record-id target given as a value (record, or array of records); bound. A
 * non-empty array adds one bound target per record (`FROM $p1, $p2`): SurrealDB 3.0.2
 * refuses a field projection over an array parameter.
 */
SURQL_QUERY_API surql_query_builder *surql_query_from_value(surql_query_builder *b,
                                                            const surql_value *v);
/**
 * Add a record range `table:lo..hi` (bounds: NULL for open; keys bound as a
 * record-range value), e.g. `user:1..=100`.
 */
SURQL_QUERY_API surql_query_builder *surql_query_from_range(surql_query_builder *b,
                                                            const char *table,
                                                            const surql_value *lo, int lo_incl,
                                                            const surql_value *hi, int hi_incl);
/** Add an expression target (a graph path, a subquery, a param); consumes @p e. */
SURQL_QUERY_API surql_query_builder *surql_query_from_expr(surql_query_builder *b,
                                                           surql_query_expr *e);
/** `FROM ONLY` (SELECT): the response is one record or NONE; sets the ONE shape. */
SURQL_QUERY_API surql_query_builder *surql_query_only(surql_query_builder *b);
/**
 * Append a graph path (text, parsed as surql_query_graph_path()) to the
 * last target, which must be a record id: `SELECT * FROM $p1->likes->post`.
 */
SURQL_QUERY_API surql_query_builder *surql_query_traverse(surql_query_builder *b,
                                                          const char *path);

/* ---- projection ---------------------------------------------------------- */

/** Add a projected field path (the first replaces `*`). */
SURQL_QUERY_API surql_query_builder *surql_query_field_add(surql_query_builder *b,
                                                           const char *path);
/** Add @p n projected field paths. */
SURQL_QUERY_API surql_query_builder *surql_query_fields(surql_query_builder *b,
                                                        const char *const *paths, size_t n);
/** Add a projected expression (consumed), e.g. surql_query_as(surql_query_count(), "n"). */
SURQL_QUERY_API surql_query_builder *surql_query_project(surql_query_builder *b,
                                                         surql_query_expr *e);
/** `SELECT VALUE e` (consumes @p e; replaces the projection). */
SURQL_QUERY_API surql_query_builder *surql_query_select_value(surql_query_builder *b,
                                                              surql_query_expr *e);
/** `OMIT path` (SELECT). */
SURQL_QUERY_API surql_query_builder *surql_query_omit(surql_query_builder *b, const char *path);

/* ---- filtering, ordering, paging, grouping ------------------------------- */

/** Add a condition (consumed); all conditions are ANDed: `WHERE (c1) AND (c2)`. */
SURQL_QUERY_API surql_query_builder *surql_query_where(surql_query_builder *b,
                                                       surql_query_expr *cond);
/** TRUSTED INPUT: add @p text as a condition verbatim (see surql_query_raw_trusted()). */
SURQL_QUERY_API surql_query_builder *surql_query_where_raw_trusted(surql_query_builder *b,
                                                                   const char *text);
/** `ORDER BY path ASC|DESC` (appended). */
SURQL_QUERY_API surql_query_builder *surql_query_order_by(surql_query_builder *b, const char *path,
                                                          int desc);
/**
 * ORDER BY with the direction as text ("ASC" / "DESC", any case; NULL is
 * ASC). Else SURQL_QUERY_EARG "Invalid direction: sideways. Must be ASC or DESC".
 */
SURQL_QUERY_API surql_query_builder *surql_query_order_by_dir(surql_query_builder *b,
                                                              const char *path,
                                                              const char *direction);
/** `ORDER BY rand()`. */
SURQL_QUERY_API surql_query_builder *surql_query_order_random(surql_query_builder *b);
/** `LIMIT n`; n < 0: SURQL_QUERY_EARG "Limit must be non-negative, got -1". */
SURQL_QUERY_API surql_query_builder *surql_query_limit(surql_query_builder *b, int64_t n);
/** `START n` (offset); n < 0: "Offset must be non-negative, got -1". */
SURQL_QUERY_API surql_query_builder *surql_query_start(surql_query_builder *b, int64_t n);
/** `GROUP BY path` (appended; cleared by group_all). */
SURQL_QUERY_API surql_query_builder *surql_query_group_by(surql_query_builder *b, const char *path);
/** `GROUP ALL` (replaces GROUP BY fields). */
SURQL_QUERY_API surql_query_builder *surql_query_group_all(surql_query_builder *b);
/** `SPLIT path` (appended). GROUP together with SPLIT fails to build on 3.x. */
SURQL_QUERY_API surql_query_builder *surql_query_split(surql_query_builder *b, const char *path);
/** `FETCH path` (appended): replace record links by the records. */
SURQL_QUERY_API surql_query_builder *surql_query_fetch(surql_query_builder *b, const char *path);

/* ---- write statements ---------------------------------------------------- */

/** `SET path = e` (appended; consumes @p e). UPDATE, UPSERT, CREATE, RELATE. */
SURQL_QUERY_API surql_query_builder *surql_query_set(surql_query_builder *b, const char *path,
                                                     surql_query_expr *e);
/** `SET path += e`. */
SURQL_QUERY_API surql_query_builder *surql_query_set_add(surql_query_builder *b, const char *path,
                                                         surql_query_expr *e);
/** `SET path -= e`. */
SURQL_QUERY_API surql_query_builder *surql_query_set_sub(surql_query_builder *b, const char *path,
                                                         surql_query_expr *e);
/** `SET k1 = $p, k2 = $p, ...` from an object's entries (keys validated as field names). */
SURQL_QUERY_API surql_query_builder *surql_query_set_object(surql_query_builder *b,
                                                            const surql_value *obj);
/** `CONTENT $p` (an object; bound). CREATE, UPDATE, UPSERT, RELATE. */
SURQL_QUERY_API surql_query_builder *surql_query_content(surql_query_builder *b,
                                                         const surql_value *obj);
/** `MERGE $p` (an object). UPDATE, UPSERT. */
SURQL_QUERY_API surql_query_builder *surql_query_merge(surql_query_builder *b,
                                                       const surql_value *obj);
/** `PATCH $p` (an array of JSON Patch operations). UPDATE, UPSERT. */
SURQL_QUERY_API surql_query_builder *surql_query_patch(surql_query_builder *b,
                                                       const surql_value *ops);
/** `REPLACE $p` (an object). UPDATE, UPSERT. */
SURQL_QUERY_API surql_query_builder *surql_query_replace(surql_query_builder *b,
                                                         const surql_value *obj);
/** INSERT data: an object (one row) or an array of objects (bulk); bound. */
SURQL_QUERY_API surql_query_builder *surql_query_values(surql_query_builder *b,
                                                        const surql_value *rows);
/** `INSERT IGNORE`: skip rows whose id exists. */
SURQL_QUERY_API surql_query_builder *surql_query_ignore(surql_query_builder *b);
/** `ON DUPLICATE KEY UPDATE path = e` (appended; INSERT; consumes @p e). */
SURQL_QUERY_API surql_query_builder *surql_query_on_duplicate(surql_query_builder *b,
                                                              const char *path,
                                                              surql_query_expr *e);
/** `RETURN NONE|DIFF|FULL|BEFORE|AFTER` (write statements). */
SURQL_QUERY_API surql_query_builder *surql_query_returning(surql_query_builder *b,
                                                           surql_query_return r);

/* ---- vector search -------------------------------------------------------- */

/**
 * Add a KNN condition (see surql_query_knn()): `field <|k,COSINE|> $p`.
 * The metric-less forms use the field's index: `<|k,ef|>` HNSW, `<|k|>` MTREE (2.x only).
 */
SURQL_QUERY_API surql_query_builder *surql_query_vector_search(surql_query_builder *b,
                                                               const char *field,
                                                               const double *vec, size_t n,
                                                               int64_t k,
                                                               surql_query_distance metric,
                                                               int64_t ef);
/** Project `vector::similarity::x(field, $v) AS alias` (or vector::distance::x). */
SURQL_QUERY_API surql_query_builder *surql_query_similarity_score(surql_query_builder *b,
                                                                  const char *field,
                                                                  const double *vec, size_t n,
                                                                  surql_query_distance metric,
                                                                  const char *alias);

/* ---- hints ----------------------------------------------------------------
 * Later hints of one kind replace earlier ones. Hints SurrealQL can express
 * become real clauses: TIMEOUT, PARALLEL (2.x only: SurrealDB 3.x has no PARALLEL
 * clause, so there it is the comment `/\* PARALLEL ON *\/`), EXPLAIN [FULL] (SELECT only),
 * WITH INDEX / WITH NOINDEX (SELECT only; an index hint naming another table
 * than the query's fails to build with SURQL_QUERY_EHINT). The others (fetch
 * strategy, worker count, PARALLEL OFF) are written as a comment before the
 * statement: `/\* FETCH BATCH 100 *\/`.
 */

/** Opaque hint value (spec: IndexHint, ParallelHint, TimeoutHint, FetchHint, ExplainHint). One owner; free with surql_query_hint_free(). */
typedef struct surql_query_hint surql_query_hint;

/** Index hint: `WITH INDEX index`. @p table may be NULL (the query's table). @p force is informational (SurrealQL has one form). */
SURQL_QUERY_API surql_query_hint *surql_query_hint_index(const char *table, const char *index,
                                                         int force);
/** `WITH NOINDEX` (table scan). */
SURQL_QUERY_API surql_query_hint *surql_query_hint_noindex(void);
/**
 * Parallel hint: enabled -> `PARALLEL` on 2.x (max_workers > 0 adds a comment), a comment
 * on 3.x (which removed the clause); disabled -> comment only. surql_query_hints_render()
 * renders the 2.x form.
 */
SURQL_QUERY_API surql_query_hint *surql_query_hint_parallel(int enabled, int max_workers);
/** `TIMEOUT <duration>`; seconds must be > 0 and finite (SURQL_QUERY_EARG). Millisecond precision. */
SURQL_QUERY_API surql_query_hint *surql_query_hint_timeout(double seconds);
/** Fetch strategy (comment). BATCH needs batch_size > 0: "batch_size required when strategy is batch". */
SURQL_QUERY_API surql_query_hint *surql_query_hint_fetch(surql_query_fetch_strategy strategy,
                                                         int batch_size);
/** `EXPLAIN` / `EXPLAIN FULL`. */
SURQL_QUERY_API surql_query_hint *surql_query_hint_explain(int full);
/** Free a hint; NULL accepted. */
SURQL_QUERY_API void surql_query_hint_free(surql_query_hint *h);
/**
 * Check that @p h applies to a query on @p table: SURQL_OK, or
 * SURQL_QUERY_EHINT `Index hint table "post" does not match query table "user"`.
 */
SURQL_QUERY_API int surql_query_hint_validate(const surql_query_hint *h, const char *table);
/**
 * Append the merged rendering of @p n hints (later ones of a kind win) to
 * @p out, clauses first then comments, space separated, e.g.
 * `WITH INDEX a TIMEOUT 1s500ms /\* FETCH LAZY *\/`.
 */
SURQL_QUERY_API int surql_query_hints_render(surql_buf *out, const surql_query_hint *const *hints,
                                             size_t n);

/** Apply a hint (borrowed: its settings are copied). */
SURQL_QUERY_API surql_query_builder *surql_query_with_hint(surql_query_builder *b,
                                                           const surql_query_hint *h);
/** `TIMEOUT` in seconds (> 0). */
SURQL_QUERY_API surql_query_builder *surql_query_timeout(surql_query_builder *b, double seconds);
/** `PARALLEL` (on != 0); see surql_query_hint_parallel(). */
SURQL_QUERY_API surql_query_builder *surql_query_parallel(surql_query_builder *b, int on,
                                                          int max_workers);
/** `EXPLAIN` (full == 0) or `EXPLAIN FULL`. SELECT only. */
SURQL_QUERY_API surql_query_builder *surql_query_explain(surql_query_builder *b, int full);
/** `WITH INDEX index` (a later index hint replaces an earlier one). SELECT only. */
SURQL_QUERY_API surql_query_builder *surql_query_use_index(surql_query_builder *b,
                                                           const char *index);
/** `WITH NOINDEX`. SELECT only. */
SURQL_QUERY_API surql_query_builder *surql_query_no_index(surql_query_builder *b);
/** Fetch-strategy hint (comment). */
SURQL_QUERY_API surql_query_builder *surql_query_fetch_hint(surql_query_builder *b,
                                                                surql_query_fetch_strategy s,
                                                                int batch_size);

/* ---- helpers that return builders (spec "Functional Query Helpers") ------- */

/**
 * The count of what the SELECT @p b matches (the spec's GraphQuery.count()):
 * `SELECT count() FROM <targets> [WITH ...] [WHERE ...] GROUP ALL` with the
 * COUNT shape (an int; 0 when nothing matches). The projection, ORDER BY,
 * LIMIT, START, FETCH and EXPLAIN of @p b are dropped: the count is the
 * total number of matching records, as for paging. Consumes @p b. A query
 * other than SELECT, or one with GROUP or SPLIT, is SURQL_QUERY_EMISUSE.
 */
SURQL_QUERY_API surql_query_builder *surql_query_count_query(surql_query_builder *b);
/**
 * Whether the SELECT @p b returns any row (the spec's GraphQuery.exists()):
 * @p b with `LIMIT 1` (a smaller LIMIT is kept), no FETCH and the EXISTS
 * shape (a bool, true exactly when @p b's own result is not empty).
 * Consumes @p b. Other statement kinds are SURQL_QUERY_EMISUSE.
 */
SURQL_QUERY_API surql_query_builder *surql_query_exists_query(surql_query_builder *b);

/** `SELECT fields FROM table WHERE field <|k,METRIC|> $v` (fields NULL/0: `*`). */
SURQL_QUERY_API surql_query_builder *surql_query_vector_search_query(
    const char *table, const char *field, const double *vec, size_t n, int64_t k,
    surql_query_distance metric, const char *const *fields, size_t nfields);
/** `SELECT *, <score>(field, $v) AS similarity FROM table WHERE field <|k,METRIC|> $v`. */
SURQL_QUERY_API surql_query_builder *surql_query_similarity_search_query(
    const char *table, const char *field, const double *vec, size_t n, int64_t k,
    surql_query_distance metric);

#ifdef __cplusplus
}
#endif

#endif
