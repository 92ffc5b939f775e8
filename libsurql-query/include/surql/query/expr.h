/**
 * @file surql/query/expr.h
 * @brief Expressions and operators: composable, immutable trees.
 *
 * A surql_query_expr is an immutable, atomically refcounted node: share it
 * freely between threads and builders. Rendering places values as bound
 * parameters (`$p1`, `$p2`, ...) and writes names through the escaping
 * rules of surql/query/ident.h; parentheses are added around every operand
 * that is itself an operator, so the tree's structure is the statement's:
 * `and(or(a, b), not(c))` renders `((a = 1) OR (b = 2)) AND (NOT (c IS NULL))`.
 *
 * **Ownership convention of the query layer.** A function that takes a
 * non-const `surql_query_expr *` (or `surql_query_builder *`) consumes that
 * reference (transfer full), also when it fails. A NULL argument is taken
 * to be the failure of the call that produced it: the function releases
 * its other arguments, returns NULL and leaves surql_error_last() as that
 * call set it. So nested construction never leaks and the first error wins:
 * @code
 * surql_query_expr *c = surql_query_and(
 *     surql_query_gt(surql_query_field("age"), surql_query_int(18)),
 *     surql_query_eq(surql_query_field("status"), surql_query_str("active")));
 * if (!c) fprintf(stderr, "%s\n", surql_error_last()->message);
 * surql_query_expr_unref(c);
 * @endcode
 * Functions returning `surql_query_expr *` return a new reference (release
 * with surql_query_expr_unref()) or NULL with surql_error_last() set.
 */
#ifndef SURQL_QUERY_EXPR_H
#define SURQL_QUERY_EXPR_H

#include <stddef.h>
#include <stdint.h>
#include <surql/schema.h>
#include <surql/query/export.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque expression node. Immutable; share freely. */
typedef struct surql_query_expr surql_query_expr;
/** Opaque immutable builder (surql/query/builder.h). */
typedef struct surql_query_builder surql_query_builder;

/** Binary operators. Values are ABI. */
typedef enum surql_query_op {
    SURQL_QUERY_OP_EQ = 1,            /**< `=` */
    SURQL_QUERY_OP_NEQ = 2,           /**< `!=` */
    SURQL_QUERY_OP_GT = 3,            /**< `>` */
    SURQL_QUERY_OP_GTE = 4,           /**< `>=` */
    SURQL_QUERY_OP_LT = 5,            /**< `<` */
    SURQL_QUERY_OP_LTE = 6,           /**< `<=` */
    SURQL_QUERY_OP_EXACT = 7,         /**< `==` */
    SURQL_QUERY_OP_CONTAINS = 8,      /**< `CONTAINS` */
    SURQL_QUERY_OP_CONTAINSNOT = 9,   /**< `CONTAINSNOT` */
    SURQL_QUERY_OP_CONTAINSALL = 10,  /**< `CONTAINSALL` */
    SURQL_QUERY_OP_CONTAINSANY = 11,  /**< `CONTAINSANY` */
    SURQL_QUERY_OP_CONTAINSNONE = 12, /**< `CONTAINSNONE` */
    SURQL_QUERY_OP_INSIDE = 13,       /**< `INSIDE` */
    SURQL_QUERY_OP_NOTINSIDE = 14,    /**< `NOTINSIDE` */
    SURQL_QUERY_OP_ALLINSIDE = 15,    /**< `ALLINSIDE` */
    SURQL_QUERY_OP_ANYINSIDE = 16,    /**< `ANYINSIDE` */
    SURQL_QUERY_OP_NONEINSIDE = 17,   /**< `NONEINSIDE` */
    SURQL_QUERY_OP_IN = 18,           /**< `IN` (same as INSIDE) */
    SURQL_QUERY_OP_NOTIN = 19,        /**< `NOT IN` */
    SURQL_QUERY_OP_FUZZY = 20,        /**< `~` fuzzy match: SurrealDB 2.x only (3.x: SURQL_QUERY_EDIALECT) */
    SURQL_QUERY_OP_NOTFUZZY = 21,     /**< `!~`: 2.x only */
    SURQL_QUERY_OP_MATCHES = 22,      /**< `@@` full-text match (needs a full-text index) */
    SURQL_QUERY_OP_ADD = 23,          /**< `+` */
    SURQL_QUERY_OP_SUB = 24,          /**< `-` */
    SURQL_QUERY_OP_MUL = 25,          /**< `*` */
    SURQL_QUERY_OP_DIV = 26,          /**< `/` */
    SURQL_QUERY_OP_AND = 27,          /**< `AND` */
    SURQL_QUERY_OP_OR = 28            /**< `OR` */
} surql_query_op;

/** Graph edge directions. Values are ABI. */
typedef enum surql_query_dir {
    SURQL_QUERY_OUT = 1,  /**< `->` */
    SURQL_QUERY_IN = 2,   /**< `<-` */
    SURQL_QUERY_BOTH = 3  /**< `<->` */
} surql_query_dir;

/** Parse "out" / "in" / "both" (case-insensitive). SURQL_QUERY_EARG:
 *  `Invalid direction: sideways. Must be "out", "in", or "both"`. */
SURQL_QUERY_API int surql_query_dir_parse(surql_query_dir *out, const char *text);

/** Add a reference (NULL gives NULL). Thread-safe. */
SURQL_QUERY_API surql_query_expr *surql_query_expr_ref(const surql_query_expr *e);
/** Release a reference; NULL accepted; returns NULL. Thread-safe. */
SURQL_QUERY_API surql_query_expr *surql_query_expr_unref(surql_query_expr *e);

/* ---- atoms --------------------------------------------------------------- */

/** Field path (`name`, `address.city`), validated and escaped (ident.h). */
SURQL_QUERY_API surql_query_expr *surql_query_field(const char *path);
/** `*` (all fields). */
SURQL_QUERY_API surql_query_expr *surql_query_all(void);
/** A value, bound as a parameter. A reference to @p v is taken. NULL @p v is NONE. */
SURQL_QUERY_API surql_query_expr *surql_query_value(const surql_value *v);
/** surql_query_value() that consumes @p v (transfer full); NULL @p v: see the convention. */
SURQL_QUERY_API surql_query_expr *surql_query_value_take(surql_value *v);
/** Bound int. */
SURQL_QUERY_API surql_query_expr *surql_query_int(int64_t i);
/** Bound float. */
SURQL_QUERY_API surql_query_expr *surql_query_float(double d);
/** Bound string (NUL-terminated UTF-8, copied; invalid UTF-8 is SURQL_EINVAL). */
SURQL_QUERY_API surql_query_expr *surql_query_str(const char *s);
/** Bound bool. */
SURQL_QUERY_API surql_query_expr *surql_query_bool(int b);
/** NONE (written as the keyword, not bound). */
SURQL_QUERY_API surql_query_expr *surql_query_none(void);
/** NULL (written as the keyword, not bound). */
SURQL_QUERY_API surql_query_expr *surql_query_null(void);
/** A record id given as text, parsed whole (ident.h) and bound. */
SURQL_QUERY_API surql_query_expr *surql_query_record(const char *text);
/**
 * A caller-supplied parameter `$name` (the caller binds it at execution).
 * @p name must match `[A-Za-z_][A-Za-z0-9_]*` and must not be `p` followed
 * by digits (reserved for the bound values).
 */
SURQL_QUERY_API surql_query_expr *surql_query_param(const char *name);
/**
 * TRUSTED INPUT: @p text (SurrealQL) is copied into statements verbatim,
 * unchecked. Never pass text that contains user input: bind data with
 * surql_query_value() instead. Rejected only when NULL, empty or not valid
 * UTF-8: nothing else is checked. Rendered inside parentheses when used as
 * an operand or a condition.
 */
SURQL_QUERY_API surql_query_expr *surql_query_raw_trusted(const char *text);
/** Array expression `[a, b, ...]` of @p n items (each consumed). */
SURQL_QUERY_API surql_query_expr *surql_query_array(surql_query_expr *const *items, size_t n);
/** Subquery `(SELECT ...)`; consumes @p b. Its values share the outer statement's parameters. */
SURQL_QUERY_API surql_query_expr *surql_query_subquery(surql_query_builder *b);

/* ---- operators ----------------------------------------------------------- */

/** Binary operator node; consumes @p l and @p r. */
SURQL_QUERY_API surql_query_expr *surql_query_binary(surql_query_op op, surql_query_expr *l,
                                                     surql_query_expr *r);
/** Shorthands for surql_query_binary() (each consumes both operands). */
SURQL_QUERY_API surql_query_expr *surql_query_eq(surql_query_expr *l, surql_query_expr *r);
SURQL_QUERY_API surql_query_expr *surql_query_neq(surql_query_expr *l, surql_query_expr *r);
SURQL_QUERY_API surql_query_expr *surql_query_gt(surql_query_expr *l, surql_query_expr *r);
SURQL_QUERY_API surql_query_expr *surql_query_gte(surql_query_expr *l, surql_query_expr *r);
SURQL_QUERY_API surql_query_expr *surql_query_lt(surql_query_expr *l, surql_query_expr *r);
SURQL_QUERY_API surql_query_expr *surql_query_lte(surql_query_expr *l, surql_query_expr *r);
SURQL_QUERY_API surql_query_expr *surql_query_contains(surql_query_expr *l, surql_query_expr *r);
SURQL_QUERY_API surql_query_expr *surql_query_contains_not(surql_query_expr *l, surql_query_expr *r);
SURQL_QUERY_API surql_query_expr *surql_query_contains_all(surql_query_expr *l, surql_query_expr *r);
SURQL_QUERY_API surql_query_expr *surql_query_contains_any(surql_query_expr *l, surql_query_expr *r);
SURQL_QUERY_API surql_query_expr *surql_query_inside(surql_query_expr *l, surql_query_expr *r);
SURQL_QUERY_API surql_query_expr *surql_query_not_inside(surql_query_expr *l, surql_query_expr *r);
SURQL_QUERY_API surql_query_expr *surql_query_in(surql_query_expr *l, surql_query_expr *r);
SURQL_QUERY_API surql_query_expr *surql_query_not_in(surql_query_expr *l, surql_query_expr *r);
/** Fuzzy match `l ~ r`: SurrealDB 2.x only; building for 3.x fails with SURQL_QUERY_EDIALECT. */
SURQL_QUERY_API surql_query_expr *surql_query_like(surql_query_expr *l, surql_query_expr *r);
/** Full-text match `l @@ r`. */
SURQL_QUERY_API surql_query_expr *surql_query_matches(surql_query_expr *l, surql_query_expr *r);
/** `(l) AND (r)`. */
SURQL_QUERY_API surql_query_expr *surql_query_and(surql_query_expr *l, surql_query_expr *r);
/** `(l) OR (r)`. */
SURQL_QUERY_API surql_query_expr *surql_query_or(surql_query_expr *l, surql_query_expr *r);
/** AND of @p n conditions (each consumed); one condition is returned as is; n = 0 is SURQL_EINVAL. */
SURQL_QUERY_API surql_query_expr *surql_query_and_all(surql_query_expr *const *conds, size_t n);
/** OR of @p n conditions, as surql_query_and_all(). */
SURQL_QUERY_API surql_query_expr *surql_query_or_all(surql_query_expr *const *conds, size_t n);
/** `NOT (e)`. */
SURQL_QUERY_API surql_query_expr *surql_query_not(surql_query_expr *e);
/** `e IS NONE`. */
SURQL_QUERY_API surql_query_expr *surql_query_is_none(surql_query_expr *e);
/** `e IS NOT NONE`. */
SURQL_QUERY_API surql_query_expr *surql_query_is_not_none(surql_query_expr *e);
/** `e IS NULL`. */
SURQL_QUERY_API surql_query_expr *surql_query_is_null(surql_query_expr *e);
/** `e IS NOT NULL`. */
SURQL_QUERY_API surql_query_expr *surql_query_is_not_null(surql_query_expr *e);

/* ---- functions and aggregates ------------------------------------------- */

/**
 * Function call `name(args...)`. @p name is `ns::...::fn` (ASCII letters,
 * digits, `_`, segments joined by `::`), e.g. "string::lowercase",
 * "fn::my_func". The 2.x/3.x renames of surrealdb-protocol.md §5
 * (`type::is::number` / `type::is_number`, `string::is::email` /
 * `string::is_email`, `rand::guid` / `rand::id`, `type::thing` /
 * `type::record`, `time::from::*`, `duration::from::*`, ...) are applied
 * for the dialect the statement is built for, whichever spelling is given.
 * Consumes the @p n args.
 */
SURQL_QUERY_API surql_query_expr *surql_query_fn(const char *name, surql_query_expr *const *args,
                                                 size_t n);
/** surql_query_fn() with no argument. */
SURQL_QUERY_API surql_query_expr *surql_query_fn0(const char *name);
/** surql_query_fn() with one argument. */
SURQL_QUERY_API surql_query_expr *surql_query_fn1(const char *name, surql_query_expr *a);
/** surql_query_fn() with two arguments. */
SURQL_QUERY_API surql_query_expr *surql_query_fn2(const char *name, surql_query_expr *a,
                                                  surql_query_expr *b);
/** `count()`: rows in a group (never `COUNT(*)`). */
SURQL_QUERY_API surql_query_expr *surql_query_count(void);
/** `count(e)`: truthy values of @p e. */
SURQL_QUERY_API surql_query_expr *surql_query_count_of(surql_query_expr *e);
/** `math::sum(e)`. */
SURQL_QUERY_API surql_query_expr *surql_query_sum(surql_query_expr *e);
/** `math::mean(e)` (the average). */
SURQL_QUERY_API surql_query_expr *surql_query_avg(surql_query_expr *e);
/** `math::min(e)`. */
SURQL_QUERY_API surql_query_expr *surql_query_min(surql_query_expr *e);
/** `math::max(e)`. */
SURQL_QUERY_API surql_query_expr *surql_query_max(surql_query_expr *e);
/** `string::uppercase(e)`. */
SURQL_QUERY_API surql_query_expr *surql_query_upper(surql_query_expr *e);
/** `string::lowercase(e)`. */
SURQL_QUERY_API surql_query_expr *surql_query_lower(surql_query_expr *e);
/** `string::concat(a, b, ...)`; consumes the @p n parts. */
SURQL_QUERY_API surql_query_expr *surql_query_concat(surql_query_expr *const *parts, size_t n);
/** `array::len(e)`. */
SURQL_QUERY_API surql_query_expr *surql_query_array_len(surql_query_expr *e);
/** `time::now()`. */
SURQL_QUERY_API surql_query_expr *surql_query_time_now(void);
/** `rand::uuid()`. */
SURQL_QUERY_API surql_query_expr *surql_query_rand_uuid(void);
/** `math::round(e)` when @p digits < 0, else `math::fixed(e, digits)`. */
SURQL_QUERY_API surql_query_expr *surql_query_round(surql_query_expr *e, int digits);
/**
 * Cast `<type>e`. @p type is one of bool, int, float, decimal, number,
 * string, datetime, duration, uuid, record, array, object, bytes, set
 * (others: SURQL_QUERY_EARG).
 */
SURQL_QUERY_API surql_query_expr *surql_query_cast(const char *type, surql_query_expr *e);
/** Projection alias `e AS alias` (alias validated and escaped). */
SURQL_QUERY_API surql_query_expr *surql_query_as(surql_query_expr *e, const char *alias);

/* ---- vectors ------------------------------------------------------------- */

/** Distance metrics of the KNN operator and the vector:: functions. Values are ABI. */
typedef enum surql_query_distance {
    SURQL_QUERY_DIST_DEFAULT = 0,   /**< the index's metric (`<|k|>` / `<|k,ef|>`) */
    SURQL_QUERY_DIST_EUCLIDEAN = 1,
    SURQL_QUERY_DIST_MANHATTAN = 2,
    SURQL_QUERY_DIST_COSINE = 3,
    SURQL_QUERY_DIST_CHEBYSHEV = 4,
    SURQL_QUERY_DIST_HAMMING = 5,
    SURQL_QUERY_DIST_JACCARD = 6,
    SURQL_QUERY_DIST_PEARSON = 7,
    SURQL_QUERY_DIST_MINKOWSKI = 8  /**< needs an order p (the `minkowski_p` arguments) */
} surql_query_distance;

/** Parse a metric name ("COSINE", "cosine", ...). SURQL_QUERY_EARG for unknown names. */
SURQL_QUERY_API int surql_query_distance_parse(surql_query_distance *out, const char *name);

/**
 * Score of @p a against @p b (each consumed): `vector::similarity::cosine|
 * jaccard|pearson(a, b)` for similarity metrics, `vector::distance::
 * euclidean|manhattan|chebyshev|hamming(a, b)` and
 * `vector::distance::minkowski(a, b, p)` for distances.
 */
SURQL_QUERY_API surql_query_expr *surql_query_vector_score(surql_query_distance metric,
                                                           surql_query_expr *a,
                                                           surql_query_expr *b,
                                                           double minkowski_p);

/**
 * KNN condition `field <|k|> $v` (metric DEFAULT, @p ef 0: the MTREE form, 2.x only;
 * building it for 3.x, which removed MTREE, is SURQL_QUERY_EDIALECT), `field <|k,ef|> $v`
 * (metric DEFAULT, @p ef > 0: HNSW search breadth) or `field <|k,METRIC|> $v`
 * (`<|k,MINKOWSKI p|>`). Errors (SURQL_QUERY_EARG): "k must be at least 1,
 * got 0", "Vector cannot be empty", both a metric and ef. @p vec: @p n
 * numbers, bound as an array of floats. The field path is escaped.
 */
SURQL_QUERY_API surql_query_expr *surql_query_knn(const char *field, const double *vec, size_t n,
                                                  int64_t k, surql_query_distance metric,
                                                  int64_t ef, double minkowski_p);

/* ---- graph paths --------------------------------------------------------- */

/** Recursion modes of surql_query_graph_recurse(). Values are ABI. */
typedef enum surql_query_recurse {
    SURQL_QUERY_RECURSE_PLAIN = 0,    /**< `.{min..max}`: the records at the last depth reached */
    SURQL_QUERY_RECURSE_COLLECT = 1,  /**< `+collect`: every distinct record visited */
    SURQL_QUERY_RECURSE_PATH = 2,     /**< `+path`: every path, as arrays */
    SURQL_QUERY_RECURSE_SHORTEST = 3  /**< `+shortest=target`: the shortest path to target */
} surql_query_recurse;

/** Start a graph path at @p start (consumed): a record (surql_query_record()), a field or a param. */
SURQL_QUERY_API surql_query_expr *surql_query_graph(surql_query_expr *start);
/** Append `->table`, `<-table` or `<->table` (@p table NULL: `?`, any table). Consumes @p g. */
SURQL_QUERY_API surql_query_expr *surql_query_graph_step(surql_query_expr *g, surql_query_dir dir,
                                                         const char *table);
/**
 * Append a path written as text: arrows followed by names or `?`, e.g.
 * "->likes->post", "<-follows<-user", "<->knows". Parsed and validated (no
 * raw text reaches the statement). SURQL_EIDENT on anything else. Consumes @p g.
 */
SURQL_QUERY_API surql_query_expr *surql_query_graph_path(surql_query_expr *g, const char *path);
/**
 * Make the steps appended after this call recursive (SurrealDB >= 2.2
 * syntax): `start.{min..max}(->edge->table)`. @p min 1..256; @p max 0 for
 * `{min}` exactly, else min..max (1..256). For SHORTEST, @p target (consumed)
 * is the record to reach and @p min must be 1 (`.{..max+shortest=$t}`);
 * otherwise @p target must be NULL. Consumes @p g.
 */
SURQL_QUERY_API surql_query_expr *surql_query_graph_recurse(surql_query_expr *g, unsigned min,
                                                            unsigned max, surql_query_recurse mode,
                                                            surql_query_expr *target);

/**
 * Render @p e alone, with inline literals (through surql_value_to_surql()),
 * for display and tests. @p dialect: SURQL_DIALECT_V2 or V3. Appends to @p out.
 */
SURQL_QUERY_API int surql_query_expr_display(const surql_query_expr *e, int dialect,
                                             surql_buf *out);

#ifdef __cplusplus
}
#endif

#endif
