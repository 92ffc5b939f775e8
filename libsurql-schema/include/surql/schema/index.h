/**
 * @file surql/schema/index.h
 * @brief Indexes: standard, unique, full-text, MTREE and HNSW.
 *
 * Immutable and reference counted (rules in surql/schema/model.h).
 *
 * | kind      | 2.x DDL                         | 3.x DDL                   |
 * |-----------|---------------------------------|---------------------------|
 * | STANDARD  | `FIELDS a, b`                   | same                      |
 * | UNIQUE    | `FIELDS a, b UNIQUE`            | same                      |
 * | FULLTEXT  | `SEARCH ANALYZER x BM25 ...`    | `FULLTEXT ANALYZER x ...` |
 * | MTREE     | `MTREE DIMENSION d ...`         | no equivalent: error      |
 * | HNSW      | `HNSW DIMENSION d ...`          | same                      |
 */
#ifndef SURQL_SCHEMA_INDEX_H
#define SURQL_SCHEMA_INDEX_H

#include <surql/schema/model.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Index kinds. */
typedef enum surql_schema_index_kind {
    SURQL_SCHEMA_INDEX_STANDARD = 0,
    SURQL_SCHEMA_INDEX_UNIQUE = 1,
    SURQL_SCHEMA_INDEX_FULLTEXT = 2, /**< 2.x SEARCH, 3.x FULLTEXT */
    SURQL_SCHEMA_INDEX_MTREE = 3,    /**< 2.x only */
    SURQL_SCHEMA_INDEX_HNSW = 4
} surql_schema_index_kind;

/** Vector distance metrics (DIST). */
typedef enum surql_schema_distance {
    SURQL_SCHEMA_DIST_DEFAULT = 0, /**< not set: the engine uses EUCLIDEAN */
    SURQL_SCHEMA_DIST_EUCLIDEAN = 1,
    SURQL_SCHEMA_DIST_COSINE = 2,
    SURQL_SCHEMA_DIST_MANHATTAN = 3,
    SURQL_SCHEMA_DIST_MINKOWSKI = 4, /**< needs minkowski_order */
    SURQL_SCHEMA_DIST_CHEBYSHEV = 5,
    SURQL_SCHEMA_DIST_HAMMING = 6,
    SURQL_SCHEMA_DIST_JACCARD = 7,
    SURQL_SCHEMA_DIST_PEARSON = 8
} surql_schema_distance;

/** Vector element types (TYPE). */
typedef enum surql_schema_vector_type {
    SURQL_SCHEMA_VEC_DEFAULT = 0, /**< not set: HNSW uses F32, MTREE F64 */
    SURQL_SCHEMA_VEC_F64 = 1,
    SURQL_SCHEMA_VEC_F32 = 2,
    SURQL_SCHEMA_VEC_I64 = 3,
    SURQL_SCHEMA_VEC_I32 = 4,
    SURQL_SCHEMA_VEC_I16 = 5
} surql_schema_vector_type;

/** Version of surql_schema_vector_options. */
#define SURQL_SCHEMA_VECTOR_OPTIONS_VERSION 1u
/**
 * Options of an MTREE or HNSW index. Initialise with
 * SURQL_SCHEMA_VECTOR_OPTIONS_INIT; 0 means "not set" (engine default:
 * HNSW EFC 150, M 12, M0 2*M, LM 1/ln(M); MTREE CAPACITY 40).
 */
typedef struct surql_schema_vector_options {
    unsigned version;                 /**< SURQL_SCHEMA_VECTOR_OPTIONS_VERSION */
    unsigned dimension;               /**< required (> 0) */
    surql_schema_distance distance;
    unsigned minkowski_order;         /**< the p of DIST MINKOWSKI p */
    surql_schema_vector_type type;
    unsigned capacity;                /**< MTREE only */
    unsigned efc;                     /**< HNSW only */
    unsigned m;                       /**< HNSW only, 1..127 */
    unsigned m0;                      /**< HNSW only */
    double lm;                        /**< HNSW only */
} surql_schema_vector_options;
#define SURQL_SCHEMA_VECTOR_OPTIONS_INIT \
    { SURQL_SCHEMA_VECTOR_OPTIONS_VERSION, 0, SURQL_SCHEMA_DIST_DEFAULT, 0, SURQL_SCHEMA_VEC_DEFAULT, 0, 0, 0, 0, 0.0 }

/** Version of surql_schema_fulltext_options. */
#define SURQL_SCHEMA_FULLTEXT_OPTIONS_VERSION 1u
/** Options of a full-text index. Initialise with SURQL_SCHEMA_FULLTEXT_OPTIONS_INIT. */
typedef struct surql_schema_fulltext_options {
    unsigned version;       /**< SURQL_SCHEMA_FULLTEXT_OPTIONS_VERSION */
    const char *analyzer;   /**< NULL: the engine default (`like`); copied */
    int bm25;               /**< 1: BM25 scoring (the engine always enables it) */
    double bm25_k1;         /**< 0 with bm25_b 0: engine defaults (1.2, 0.75) */
    double bm25_b;
    int highlights;         /**< 1: HIGHLIGHTS */
} surql_schema_fulltext_options;
#define SURQL_SCHEMA_FULLTEXT_OPTIONS_INIT \
    { SURQL_SCHEMA_FULLTEXT_OPTIONS_VERSION, NULL, 0, 0.0, 0.0, 0 }

/**
 * A standard or unique index on @p ncols columns (field paths, validated).
 * SURQL_ESCHEMA for no column or a kind other than STANDARD/UNIQUE.
 */
SURQL_SCHEMA_API int surql_schema_index_new(surql_schema_index **out, const char *name,
                                            surql_schema_index_kind kind,
                                            const char *const *cols, size_t ncols);
/** A full-text index on one column. @p opts may be NULL (defaults). */
SURQL_SCHEMA_API int surql_schema_index_fulltext(surql_schema_index **out, const char *name,
                                                 const char *col,
                                                 const surql_schema_fulltext_options *opts);
/** An HNSW index on one column. SURQL_ESCHEMA without a dimension or with M > 127. */
SURQL_SCHEMA_API int surql_schema_index_hnsw(surql_schema_index **out, const char *name,
                                             const char *col,
                                             const surql_schema_vector_options *opts);
/** An MTREE index on one column (2.x only: rendering for 3.x fails). */
SURQL_SCHEMA_API int surql_schema_index_mtree(surql_schema_index **out, const char *name,
                                              const char *col,
                                              const surql_schema_vector_options *opts);
SURQL_SCHEMA_API surql_schema_index *surql_schema_index_ref(const surql_schema_index *x);
SURQL_SCHEMA_API surql_schema_index *surql_schema_index_unref(surql_schema_index *x);
/** COMMENT text, NULL to clear. */
SURQL_SCHEMA_API int surql_schema_index_with_comment(surql_schema_index **out,
                                                     const surql_schema_index *x,
                                                     const char *comment);

SURQL_SCHEMA_API const char *surql_schema_index_name(const surql_schema_index *x);
SURQL_SCHEMA_API surql_schema_index_kind surql_schema_index_get_kind(const surql_schema_index *x);
SURQL_SCHEMA_API size_t surql_schema_index_column_count(const surql_schema_index *x);
/** Column @p i or NULL. Borrowed from @p x. */
SURQL_SCHEMA_API const char *surql_schema_index_column(const surql_schema_index *x, size_t i);
/** Vector options (MTREE/HNSW; zeroed otherwise) into @p out. */
SURQL_SCHEMA_API void surql_schema_index_vector(const surql_schema_index *x,
                                                surql_schema_vector_options *out);
/** Full-text options into @p out; out->analyzer is borrowed from @p x. */
SURQL_SCHEMA_API void surql_schema_index_fulltext_get(const surql_schema_index *x,
                                                      surql_schema_fulltext_options *out);
SURQL_SCHEMA_API const char *surql_schema_index_comment(const surql_schema_index *x);
/** "EUCLIDEAN", ... or NULL for DEFAULT/unknown. Static string. */
SURQL_SCHEMA_API const char *surql_schema_distance_name(surql_schema_distance d);
/** "F64", ... or NULL for DEFAULT/unknown. Static string. */
SURQL_SCHEMA_API const char *surql_schema_vector_type_name(surql_schema_vector_type t);

#ifdef __cplusplus
}
#endif

#endif
