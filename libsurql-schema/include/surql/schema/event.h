/**
 * @file surql/schema/event.h
 * @brief Events: `DEFINE EVENT name ON table [WHEN cond] THEN action`.
 *
 * Immutable and reference counted (rules in surql/schema/model.h). WHEN
 * and THEN are raw SurrealQL (trusted input). THEN is emitted as given: a
 * single statement (`CREATE log SET ...`), a block (`{ a; b }`) or a
 * comma-separated list of parenthesised statements.
 */
#ifndef SURQL_SCHEMA_EVENT_H
#define SURQL_SCHEMA_EVENT_H

#include <surql/schema/model.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * A new event. @p when may be NULL (the engine uses `true`); @p then is
 * required (SURQL_ESCHEMA naming the event when empty).
 */
SURQL_SCHEMA_API int surql_schema_event_new(surql_schema_event **out, const char *name,
                                            const char *when, const char *then);
SURQL_SCHEMA_API surql_schema_event *surql_schema_event_ref(const surql_schema_event *e);
SURQL_SCHEMA_API surql_schema_event *surql_schema_event_unref(surql_schema_event *e);
/** COMMENT text, NULL to clear. */
SURQL_SCHEMA_API int surql_schema_event_with_comment(surql_schema_event **out,
                                                     const surql_schema_event *e,
                                                     const char *comment);
SURQL_SCHEMA_API const char *surql_schema_event_name(const surql_schema_event *e);
SURQL_SCHEMA_API const char *surql_schema_event_when(const surql_schema_event *e);
SURQL_SCHEMA_API const char *surql_schema_event_then(const surql_schema_event *e);
SURQL_SCHEMA_API const char *surql_schema_event_comment(const surql_schema_event *e);

#ifdef __cplusplus
}
#endif

#endif
