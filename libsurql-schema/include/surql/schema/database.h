/**
 * @file surql/schema/database.h
 * @brief Database-level definitions: params, functions and analyzers.
 *
 * Immutable and reference counted (rules in surql/schema/model.h). Param
 * values and function bodies are raw SurrealQL (trusted input) unless given
 * as a surql_value (rendered through surql_value_to_surql()).
 */
#ifndef SURQL_SCHEMA_DATABASE_H
#define SURQL_SCHEMA_DATABASE_H

#include <surql/schema/model.h>
#include <surql/schema/value.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- DEFINE PARAM $name VALUE expr ------------------------------------- */

/** A param (@p name without `$`) whose VALUE is the expression @p expr. */
SURQL_SCHEMA_API int surql_schema_param_new(surql_schema_param **out, const char *name,
                                            const char *expr);
/** A param whose VALUE is @p v (referenced; escaped when rendered). */
SURQL_SCHEMA_API int surql_schema_param_new_value(surql_schema_param **out, const char *name,
                                                  const surql_value *v);
SURQL_SCHEMA_API surql_schema_param *surql_schema_param_ref(const surql_schema_param *p);
SURQL_SCHEMA_API surql_schema_param *surql_schema_param_unref(surql_schema_param *p);
/** PERMISSIONS rule (FULL, NONE or a condition); NULL clears (engine default FULL). */
SURQL_SCHEMA_API int surql_schema_param_with_permission(surql_schema_param **out,
                                                        const surql_schema_param *p,
                                                        const char *rule);
SURQL_SCHEMA_API int surql_schema_param_with_comment(surql_schema_param **out,
                                                     const surql_schema_param *p,
                                                     const char *comment);
SURQL_SCHEMA_API const char *surql_schema_param_name(const surql_schema_param *p);
/** The VALUE expression (NULL when given as a value). */
SURQL_SCHEMA_API const char *surql_schema_param_value(const surql_schema_param *p);
SURQL_SCHEMA_API const surql_value *surql_schema_param_value_value(const surql_schema_param *p);
SURQL_SCHEMA_API const char *surql_schema_param_permission(const surql_schema_param *p);
SURQL_SCHEMA_API const char *surql_schema_param_comment(const surql_schema_param *p);

/* ---- DEFINE FUNCTION fn::name($a: type, ...) -> type { body } ---------- */

/**
 * A function. @p name is the part after `fn::` and may contain `::`
 * ("math::double"); @p body is the code inside the braces (braces given
 * around the whole body are removed, as are whitespace and comments before
 * and after it). SURQL_EPARSE for a body the SurrealQL tokenizer cannot read
 * (an unterminated string or comment).
 */
SURQL_SCHEMA_API int surql_schema_function_new(surql_schema_function **out, const char *name,
                                               const char *body);
SURQL_SCHEMA_API surql_schema_function *surql_schema_function_ref(const surql_schema_function *f);
SURQL_SCHEMA_API surql_schema_function *surql_schema_function_unref(surql_schema_function *f);
/** Append an argument `$name: type` (@p name without `$`; @p type validated). */
SURQL_SCHEMA_API int surql_schema_function_with_arg(surql_schema_function **out,
                                                    const surql_schema_function *f,
                                                    const char *name, const char *type);
/** Return type (`-> type`), NULL to clear. */
SURQL_SCHEMA_API int surql_schema_function_with_returns(surql_schema_function **out,
                                                        const surql_schema_function *f,
                                                        const char *type);
SURQL_SCHEMA_API int surql_schema_function_with_permission(surql_schema_function **out,
                                                           const surql_schema_function *f,
                                                           const char *rule);
SURQL_SCHEMA_API int surql_schema_function_with_comment(surql_schema_function **out,
                                                        const surql_schema_function *f,
                                                        const char *comment);
SURQL_SCHEMA_API const char *surql_schema_function_name(const surql_schema_function *f);
SURQL_SCHEMA_API const char *surql_schema_function_body(const surql_schema_function *f);
SURQL_SCHEMA_API size_t surql_schema_function_arg_count(const surql_schema_function *f);
/** Argument @p i: name (without `$`) and type into the borrowed pointers. SURQL_ERANGE past the end. */
SURQL_SCHEMA_API int surql_schema_function_arg(const surql_schema_function *f, size_t i,
                                               const char **name, const char **type);
SURQL_SCHEMA_API const char *surql_schema_function_returns(const surql_schema_function *f);
SURQL_SCHEMA_API const char *surql_schema_function_permission(const surql_schema_function *f);
SURQL_SCHEMA_API const char *surql_schema_function_comment(const surql_schema_function *f);

/* ---- DEFINE ANALYZER name [FUNCTION fn::x] TOKENIZERS ... FILTERS ... --- */

/** An analyzer with no tokenizers or filters. */
SURQL_SCHEMA_API int surql_schema_analyzer_new(surql_schema_analyzer **out, const char *name);
SURQL_SCHEMA_API surql_schema_analyzer *surql_schema_analyzer_ref(const surql_schema_analyzer *a);
SURQL_SCHEMA_API surql_schema_analyzer *surql_schema_analyzer_unref(surql_schema_analyzer *a);
/** Tokenizers: blank, camel, class, punct (validated, case-insensitive). */
SURQL_SCHEMA_API int surql_schema_analyzer_with_tokenizers(surql_schema_analyzer **out,
                                                           const surql_schema_analyzer *a,
                                                           const char *const *tok, size_t n);
/**
 * Filters: ascii, lowercase, uppercase, edgengram(min,max), ngram(min,max),
 * snowball(language), mapper('path') (validated, case-insensitive).
 */
SURQL_SCHEMA_API int surql_schema_analyzer_with_filters(surql_schema_analyzer **out,
                                                        const surql_schema_analyzer *a,
                                                        const char *const *filters, size_t n);
/** FUNCTION fn::@p name (without `fn::`), NULL to clear. */
SURQL_SCHEMA_API int surql_schema_analyzer_with_function(surql_schema_analyzer **out,
                                                         const surql_schema_analyzer *a,
                                                         const char *name);
SURQL_SCHEMA_API int surql_schema_analyzer_with_comment(surql_schema_analyzer **out,
                                                        const surql_schema_analyzer *a,
                                                        const char *comment);
SURQL_SCHEMA_API const char *surql_schema_analyzer_name(const surql_schema_analyzer *a);
SURQL_SCHEMA_API const char *surql_schema_analyzer_function(const surql_schema_analyzer *a);
SURQL_SCHEMA_API size_t surql_schema_analyzer_tokenizer_count(const surql_schema_analyzer *a);
SURQL_SCHEMA_API const char *surql_schema_analyzer_tokenizer(const surql_schema_analyzer *a,
                                                             size_t i);
SURQL_SCHEMA_API size_t surql_schema_analyzer_filter_count(const surql_schema_analyzer *a);
SURQL_SCHEMA_API const char *surql_schema_analyzer_filter(const surql_schema_analyzer *a,
                                                          size_t i);
SURQL_SCHEMA_API const char *surql_schema_analyzer_comment(const surql_schema_analyzer *a);

#ifdef __cplusplus
}
#endif

#endif
