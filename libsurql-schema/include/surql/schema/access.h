/**
 * @file surql/schema/access.h
 * @brief Access methods: `DEFINE ACCESS name ON DATABASE TYPE RECORD|JWT`.
 *
 * Immutable and reference counted (rules in surql/schema/model.h).
 * SIGNUP, SIGNIN and AUTHENTICATE are raw SurrealQL (trusted input); keys,
 * URLs and comments are escaped string literals. Durations are SurrealQL
 * duration text ("15m", "7d") or "NONE", validated when set.
 *
 * The engine never reports symmetric keys (INFO shows '[REDACTED]'), so
 * surql_schema_equal() and the diff ignore symmetric keys.
 */
#ifndef SURQL_SCHEMA_ACCESS_H
#define SURQL_SCHEMA_ACCESS_H

#include <surql/schema/model.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Access kinds. */
typedef enum surql_schema_access_kind {
    SURQL_SCHEMA_ACCESS_RECORD = 1,
    SURQL_SCHEMA_ACCESS_JWT = 2
} surql_schema_access_kind;

/** Record access with optional SIGNUP / SIGNIN expressions (parentheses are added). */
SURQL_SCHEMA_API int surql_schema_access_record(surql_schema_access **out, const char *name,
                                                const char *signup, const char *signin);
/**
 * JWT access: either @p algorithm ("HS256", "RS256", ...; NULL = HS256) with
 * @p key, or @p url (a JWKS URL). Both a key and a URL is SURQL_ESCHEMA.
 */
SURQL_SCHEMA_API int surql_schema_access_jwt(surql_schema_access **out, const char *name,
                                             const char *algorithm, const char *key,
                                             const char *url);
SURQL_SCHEMA_API surql_schema_access *surql_schema_access_ref(const surql_schema_access *a);
SURQL_SCHEMA_API surql_schema_access *surql_schema_access_unref(surql_schema_access *a);
/**
 * The `WITH JWT` of a record access (or the verification of a JWT access):
 * @p algorithm with @p key, or @p url.
 */
SURQL_SCHEMA_API int surql_schema_access_with_jwt(surql_schema_access **out,
                                                  const surql_schema_access *a,
                                                  const char *algorithm, const char *key,
                                                  const char *url);
/**
 * `WITH ISSUER KEY` (the signing key, for asymmetric algorithms only:
 * SURQL_ESCHEMA with an HS* algorithm, which signs with KEY).
 */
SURQL_SCHEMA_API int surql_schema_access_with_issuer_key(surql_schema_access **out,
                                                         const surql_schema_access *a,
                                                         const char *key);
/** AUTHENTICATE expression (raw SurrealQL, trusted), NULL to clear. */
SURQL_SCHEMA_API int surql_schema_access_with_authenticate(surql_schema_access **out,
                                                           const surql_schema_access *a,
                                                           const char *expr);
/**
 * `DURATION FOR TOKEN t, FOR SESSION s`: each a duration, "NONE", or NULL
 * (not set: engine defaults TOKEN 1h, SESSION NONE).
 */
SURQL_SCHEMA_API int surql_schema_access_with_durations(surql_schema_access **out,
                                                        const surql_schema_access *a,
                                                        const char *token, const char *session);
/** COMMENT text, NULL to clear. */
SURQL_SCHEMA_API int surql_schema_access_with_comment(surql_schema_access **out,
                                                      const surql_schema_access *a,
                                                      const char *comment);

SURQL_SCHEMA_API const char *surql_schema_access_name(const surql_schema_access *a);
SURQL_SCHEMA_API surql_schema_access_kind surql_schema_access_get_kind(const surql_schema_access *a);
SURQL_SCHEMA_API const char *surql_schema_access_signup(const surql_schema_access *a);
SURQL_SCHEMA_API const char *surql_schema_access_signin(const surql_schema_access *a);
SURQL_SCHEMA_API const char *surql_schema_access_authenticate(const surql_schema_access *a);
SURQL_SCHEMA_API const char *surql_schema_access_algorithm(const surql_schema_access *a);
SURQL_SCHEMA_API const char *surql_schema_access_key(const surql_schema_access *a);
SURQL_SCHEMA_API const char *surql_schema_access_url(const surql_schema_access *a);
SURQL_SCHEMA_API const char *surql_schema_access_issuer_key(const surql_schema_access *a);
SURQL_SCHEMA_API const char *surql_schema_access_token_duration(const surql_schema_access *a);
SURQL_SCHEMA_API const char *surql_schema_access_session_duration(const surql_schema_access *a);
SURQL_SCHEMA_API const char *surql_schema_access_comment(const surql_schema_access *a);

#ifdef __cplusplus
}
#endif

#endif
