/**
 * @file surql/conn/auth.h
 * @brief Authentication: signin/signup at every level, authenticate,
 * refresh/revoke (3.x), invalidate, reset.
 *
 * Tokens are returned as surql_value: a string (the JWT) or, on 3.x with an
 * access method `WITH REFRESH`, an object `{access, refresh}`.
 * surql_conn_token_access() reads the JWT from either form. The client
 * remembers the last token of each session (used as the Bearer token over
 * HTTP, and kept for re-authentication after a reconnect).
 *
 * Failures keep the server's message, code, kind and details (see
 * surql/conn/client.h); wrong credentials, an unknown access method or an
 * expired token give SURQL_CONN_EAUTH.
 *
 * Thread-safety: as the client (internally locked).
 */
#ifndef SURQL_CONN_AUTH_H
#define SURQL_CONN_AUTH_H

#include <surql/schema/value.h>
#include <surql/conn/export.h>
#include <surql/conn/client.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Credentials for surql_conn_signin() / surql_conn_signup(). The fields
 * map to the RPC keys `ns`, `db`, `ac`, `user`, `pass`, `key`, `refresh`;
 * unset (NULL) fields are not sent. The level follows from what is set:
 *  - root: user, pass;
 *  - namespace user: ns, user, pass;
 *  - database user: ns, db, user, pass;
 *  - record access: ns, db, access, plus @p vars (the `$fields` the
 *    access's SIGNIN/SIGNUP clause reads) and optionally refresh;
 *  - bearer access: ns, [db,] access, key.
 * Strings are borrowed for the duration of the call.
 */
typedef struct surql_conn_credentials {
    unsigned version;        /**< 1 */
    const char *ns;          /**< namespace */
    const char *db;          /**< database */
    const char *access;      /**< access method (`DEFINE ACCESS <name>`) */
    const char *user;        /**< system user name */
    const char *pass;        /**< system user password */
    const char *key;         /**< bearer key */
    const char *refresh;     /**< refresh token (record access WITH REFRESH) */
    const surql_value *vars; /**< object of extra fields, or NULL */
} surql_conn_credentials;

#define SURQL_CONN_CREDENTIALS_INIT { 1u, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL }

/**
 * `signin` with @p cr. On success the session is authenticated and
 * *@p token (if @p token is not NULL) owns the token value (2.x: always a
 * string; 3.x: a string or `{access, refresh}`).
 * @return SURQL_OK, SURQL_EINVAL (no usable field), SURQL_CONN_EAUTH, ...
 */
SURQL_CONN_API int surql_conn_signin(surql_value **token, surql_conn_client *c,
                                     const surql_conn_credentials *cr);

/** `signup` with record access @p cr (ns, db, access, vars). Same result as signin. */
SURQL_CONN_API int surql_conn_signup(surql_value **token, surql_conn_client *c,
                                     const surql_conn_credentials *cr);

/** Root user sign-in. */
SURQL_CONN_API int surql_conn_signin_root(surql_value **token, surql_conn_client *c,
                                          const char *user, const char *pass);
/** Namespace user sign-in. */
SURQL_CONN_API int surql_conn_signin_namespace(surql_value **token, surql_conn_client *c,
                                               const char *ns, const char *user,
                                               const char *pass);
/** Database user sign-in. */
SURQL_CONN_API int surql_conn_signin_database(surql_value **token, surql_conn_client *c,
                                              const char *ns, const char *db, const char *user,
                                              const char *pass);
/** Record access sign-in: @p vars (object or NULL) are the SIGNIN clause's fields. */
SURQL_CONN_API int surql_conn_signin_record(surql_value **token, surql_conn_client *c,
                                            const char *ns, const char *db, const char *access,
                                            const surql_value *vars);
/** Record access sign-up: @p vars (object or NULL) are the SIGNUP clause's fields. */
SURQL_CONN_API int surql_conn_signup_record(surql_value **token, surql_conn_client *c,
                                            const char *ns, const char *db, const char *access,
                                            const surql_value *vars);

/** `authenticate` the session with JWT @p token. */
SURQL_CONN_API int surql_conn_authenticate(surql_conn_client *c, const char *token);

/**
 * `refresh` (3.x): exchange @p tokens (`{access, refresh}` as returned by a
 * record sign-in WITH REFRESH) for new ones; the old refresh token is
 * revoked. The session is authenticated with the new access token.
 * SURQL_EUNSUPPORTED on 2.x.
 */
SURQL_CONN_API int surql_conn_refresh(surql_value **out, surql_conn_client *c,
                                      const surql_value *tokens);

/** `revoke` (3.x): revoke the refresh token of @p tokens. SURQL_EUNSUPPORTED on 2.x. */
SURQL_CONN_API int surql_conn_revoke(surql_conn_client *c, const surql_value *tokens);

/** `invalidate`: drop the session's authentication (ns, db and variables stay). */
SURQL_CONN_API int surql_conn_invalidate(surql_conn_client *c);

/** `reset`: drop authentication, namespace, database and variables, and
 *  kill the session's live queries. */
SURQL_CONN_API int surql_conn_reset(surql_conn_client *c);

/**
 * The JWT inside a token value (a string, or the `access` member of
 * `{access, refresh}`), borrowed from @p token; NULL when there is none.
 */
SURQL_CONN_API const char *surql_conn_token_access(const surql_value *token);

#ifdef __cplusplus
}
#endif

#endif
