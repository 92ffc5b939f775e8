/**
 * @file surql/conn/config.h
 * @brief Connection configuration: defaults, environment variables, named
 * connections, `.env` files, validation and display.
 *
 * A surql_conn_config holds everything needed to open a connection: URL,
 * namespace, database, credentials, timeouts, pool size, retry policy, wire
 * protocol and TLS options. It is created with defaults, filled from the
 * environment and `.env` files or with the setters, and copied into every
 * connection that uses it (so it may be freed afterwards).
 *
 * **Variables** (see docs/connection.md for the full table). Unnamed:
 * `DB_<KEY>`. Named connection "analytics": `SURQL_ANALYTICS_<KEY>`, falling
 * back to the legacy `DB_ANALYTICS_<KEY>`; the name is case-insensitive and
 * upper-cased, letters, digits and '_' only. Keys: URL, NAMESPACE,
 * DATABASE, USERNAME, PASSWORD, TIMEOUT, MAX_CONNECTIONS,
 * RETRY_MAX_ATTEMPTS, RETRY_MIN_WAIT, RETRY_MAX_WAIT, RETRY_MULTIPLIER,
 * PROTOCOL, TLS_VERIFY, TLS_CA_FILE, TLS_CA_PATH, TLS_CERT_FILE,
 * TLS_KEY_FILE. Durations are in seconds (decimals allowed). An empty value
 * counts as unset.
 *
 * **Precedence** (highest first): process environment, then
 * `.env.<environment>`, then `.env`, then the defaults. Within one source
 * the `SURQL_<NAME>_` spelling wins over the legacy `DB_<NAME>_`.
 *
 * **Errors.** Invalid values fail with SURQL_CONN_ECONFIG and a message that
 * names the variable, its value and the allowed range, e.g.
 * `DB_MAX_CONNECTIONS=500 is out of range: allowed 1-100`; values read from
 * a `.env` file are prefixed with `<file>:<line>: ` (and the line is in
 * surql_error_last()->line). Malformed `.env` lines fail with SURQL_EPARSE
 * and `<file>:<line>: <reason>`. A bad URL fails with SURQL_CONN_EURL.
 * The password value never appears in an error, a log message or
 * surql_conn_config_to_string().
 *
 * **Threads.** A config is one thread at a time for writing; concurrent
 * readers (getters, copy, to_string) are fine while nobody writes.
 * Loading functions read the process environment with getenv(), which is
 * not safe against a concurrent setenv() in another thread.
 */
#ifndef SURQL_CONN_CONFIG_H
#define SURQL_CONN_CONFIG_H

#include <stddef.h>
#include <stdint.h>
#include <surql/schema/buf.h>
#include <surql/schema/common.h>
#include <surql/conn/export.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque connection configuration. See the file comment for threading. */
typedef struct surql_conn_config surql_conn_config;

/** Wire format: WebSocket subprotocol and HTTP Content-Type/Accept. */
typedef enum surql_conn_protocol {
    SURQL_CONN_PROTOCOL_CBOR = 0, /**< `cbor`, application/cbor (default, type-faithful) */
    SURQL_CONN_PROTOCOL_JSON = 1  /**< `json`, application/json (lossy, see the protocol notes) */
} surql_conn_protocol;

/* Defaults and limits (durations in milliseconds). */
#define SURQL_CONN_DEFAULT_URL "ws://localhost:8000/rpc"
#define SURQL_CONN_DEFAULT_NAMESPACE "development"
#define SURQL_CONN_DEFAULT_DATABASE "main"
#define SURQL_CONN_DEFAULT_TIMEOUT_MS 30000
#define SURQL_CONN_MIN_TIMEOUT_MS 1000
#define SURQL_CONN_DEFAULT_MAX_CONNECTIONS 10
#define SURQL_CONN_MIN_MAX_CONNECTIONS 1
#define SURQL_CONN_MAX_MAX_CONNECTIONS 100
#define SURQL_CONN_DEFAULT_RETRY_MAX_ATTEMPTS 3
#define SURQL_CONN_MIN_RETRY_MAX_ATTEMPTS 1
#define SURQL_CONN_MAX_RETRY_MAX_ATTEMPTS 10
#define SURQL_CONN_DEFAULT_RETRY_MIN_WAIT_MS 1000
#define SURQL_CONN_MIN_RETRY_MIN_WAIT_MS 100
#define SURQL_CONN_DEFAULT_RETRY_MAX_WAIT_MS 10000
#define SURQL_CONN_MIN_RETRY_MAX_WAIT_MS 1000
#define SURQL_CONN_DEFAULT_RETRY_MULTIPLIER 2.0
#define SURQL_CONN_MIN_RETRY_MULTIPLIER 1.0
/** Keepalive: a `ping` RPC after this long without any received byte (0 = off). */
#define SURQL_CONN_DEFAULT_KEEPALIVE_INTERVAL_MS 10000
#define SURQL_CONN_MIN_KEEPALIVE_INTERVAL_MS 100
/** Keepalive: the connection is lost when nothing arrives this long after the ping. */
#define SURQL_CONN_DEFAULT_KEEPALIVE_TIMEOUT_MS 20000
#define SURQL_CONN_MIN_KEEPALIVE_TIMEOUT_MS 100
/** Reconnect attempts after a loss (0 = unlimited, the default). */
#define SURQL_CONN_DEFAULT_RECONNECT_MAX_ATTEMPTS 0
#define SURQL_CONN_MAX_RECONNECT_MAX_ATTEMPTS 1000000
/** Upper bound of every duration setting (10^9 s); larger values are rejected. */
#define SURQL_CONN_MAX_DURATION_MS ((int64_t)1000000000 * 1000)
/** Upper bound of the retry multiplier. */
#define SURQL_CONN_MAX_RETRY_MULTIPLIER 1000.0

/* ------------------------------------------------------------------------ */
/* Life cycle                                                                */

/**
 * New configuration with the defaults (url ws://localhost:8000/rpc,
 * namespace "development", database "main", no credentials, timeout 30 s,
 * max_connections 10, 3 retry attempts waiting 1-10 s with multiplier 2,
 * protocol CBOR, TLS peer verification on, no CA/client certificate).
 * @return SURQL_OK or SURQL_ENOMEM. *out is owned; free with surql_conn_config_free().
 */
SURQL_CONN_API int surql_conn_config_new(surql_conn_config **out);

/** Deep copy of @p cfg. *out is owned (NULL on failure). Thread-safe for concurrent readers. */
SURQL_CONN_API int surql_conn_config_copy(surql_conn_config **out, const surql_conn_config *cfg);

/** Free a configuration (the password is wiped first). NULL ok. */
SURQL_CONN_API void surql_conn_config_free(surql_conn_config *cfg);

/* ------------------------------------------------------------------------ */
/* Loading                                                                   */

/**
 * New configuration from the defaults plus the process environment:
 * `DB_*` when @p name is NULL, else `SURQL_<NAME>_*` with the legacy
 * `DB_<NAME>_*` fallback. No file is read. The result is validated
 * (surql_conn_config_validate()).
 * @return SURQL_OK, SURQL_CONN_ECONFIG (invalid name or value),
 *         SURQL_CONN_EURL or SURQL_ENOMEM. *out is owned.
 */
SURQL_CONN_API int surql_conn_config_from_env(surql_conn_config **out, const char *name);

/**
 * New configuration from the defaults, `.env` files and the process
 * environment, in this precedence (highest first): process environment,
 * `<dir>/.env.<environment>`, `<dir>/.env`, defaults.
 *
 * @param name         connection name (NULL = unnamed `DB_*` variables)
 * @param dir          directory of the `.env` files (NULL = current directory)
 * @param environment  selects `.env.<environment>`; NULL = the `SURQL_ENV`
 *                     variable (process environment first, then `.env`);
 *                     "" = no environment file. Letters, digits, '_', '-', '.'.
 * Missing files are skipped; an unreadable or malformed file is an error.
 * @return SURQL_OK, SURQL_EPARSE (malformed .env line: "<file>:<line>: ..."),
 *         SURQL_EIO, SURQL_CONN_ECONFIG, SURQL_CONN_EURL or SURQL_ENOMEM.
 *         *out is owned.
 */
SURQL_CONN_API int surql_conn_config_load(surql_conn_config **out, const char *name,
                                          const char *dir, const char *environment);

/**
 * Overwrite the settings of @p cfg that are set in the process environment
 * (same variable rules as surql_conn_config_from_env()). Values are checked
 * one by one; cross-field rules are not (call surql_conn_config_validate()).
 * On failure @p cfg is unchanged.
 */
SURQL_CONN_API int surql_conn_config_apply_env(surql_conn_config *cfg, const char *name);

/**
 * Lookup function for surql_conn_config_apply_lookup(): return the value of
 * variable @p key or NULL when unset. The string must stay valid until the
 * apply call returns.
 */
typedef const char *(*surql_conn_config_lookup_fn)(void *userdata, const char *key);

/**
 * Overwrite the settings of @p cfg whose variables @p fn knows (for
 * applications keeping settings elsewhere). On failure @p cfg is unchanged.
 * @p fn is called on the calling thread only, during this call.
 */
SURQL_CONN_API int surql_conn_config_apply_lookup(surql_conn_config *cfg, const char *name,
                                                  surql_conn_config_lookup_fn fn,
                                                  void *userdata);

/**
 * Check cross-field rules: retry_min_wait <= retry_max_wait, and a client
 * key requires a client certificate. SURQL_OK or SURQL_CONN_ECONFIG.
 */
SURQL_CONN_API int surql_conn_config_validate(const surql_conn_config *cfg);

/* ------------------------------------------------------------------------ */
/* Setters (copy their input; on error the setting is unchanged)             */

/** Connection name (informative; set by the loaders). NULL clears. */
SURQL_CONN_API int surql_conn_config_set_name(surql_conn_config *cfg, const char *name);
/** Validate and set the URL (stored normalised, see docs/connection.md). SURQL_CONN_EURL. */
SURQL_CONN_API int surql_conn_config_set_url(surql_conn_config *cfg, const char *url);
/** Non-empty namespace. SURQL_CONN_ECONFIG when empty. */
SURQL_CONN_API int surql_conn_config_set_namespace(surql_conn_config *cfg, const char *ns);
/** Non-empty database. SURQL_CONN_ECONFIG when empty. */
SURQL_CONN_API int surql_conn_config_set_database(surql_conn_config *cfg, const char *db);
/** Username; NULL or "" unsets. */
SURQL_CONN_API int surql_conn_config_set_username(surql_conn_config *cfg, const char *user);
/** Password; NULL or "" unsets. The old value is wiped from memory. */
SURQL_CONN_API int surql_conn_config_set_password(surql_conn_config *cfg, const char *password);
/** Timeout for connecting and for each call, >= 1000 ms. */
SURQL_CONN_API int surql_conn_config_set_timeout_ms(surql_conn_config *cfg, int64_t ms);
/** Maximum pool size, 1-100. */
SURQL_CONN_API int surql_conn_config_set_max_connections(surql_conn_config *cfg, int n);
/** Attempts (including the first), 1-10. */
SURQL_CONN_API int surql_conn_config_set_retry_max_attempts(surql_conn_config *cfg, int n);
/** First backoff delay, >= 100 ms. */
SURQL_CONN_API int surql_conn_config_set_retry_min_wait_ms(surql_conn_config *cfg, int64_t ms);
/** Largest backoff delay, >= 1000 ms. */
SURQL_CONN_API int surql_conn_config_set_retry_max_wait_ms(surql_conn_config *cfg, int64_t ms);
/** Backoff multiplier, >= 1.0 (finite). */
SURQL_CONN_API int surql_conn_config_set_retry_multiplier(surql_conn_config *cfg, double m);
/** Wire protocol; SURQL_EINVAL for an unknown value. */
SURQL_CONN_API int surql_conn_config_set_protocol(surql_conn_config *cfg, surql_conn_protocol p);
/** Verify the server certificate and host name (wss/https). Default on. */
SURQL_CONN_API int surql_conn_config_set_tls_verify(surql_conn_config *cfg, int verify);
/**
 * Keepalive of WebSocket connections (env `KEEPALIVE_INTERVAL`, seconds):
 * after @p ms without receiving anything the client sends a `ping` RPC; 0
 * turns the keepalive off. Allowed 0 or >= 100 ms; default 10 s.
 */
SURQL_CONN_API int surql_conn_config_set_keepalive_interval_ms(surql_conn_config *cfg, int64_t ms);
/**
 * Pong deadline (env `KEEPALIVE_TIMEOUT`, seconds): when nothing at all
 * arrives within @p ms after a keepalive ping, the connection is treated as
 * lost (half-open socket, frozen server) and reconnected. >= 100 ms;
 * default 5 s.
 */
SURQL_CONN_API int surql_conn_config_set_keepalive_timeout_ms(surql_conn_config *cfg, int64_t ms);
/**
 * Reconnect a lost WebSocket (env `RECONNECT`, bool; default on): backoff
 * from the retry_min_wait/retry_max_wait/retry_multiplier settings with
 * jitter; sessions and live queries are restored (docs/live-queries.md).
 */
SURQL_CONN_API int surql_conn_config_set_reconnect(surql_conn_config *cfg, int on);
/** Reconnect attempts per loss before the connection closes for good (env
 *  `RECONNECT_MAX_ATTEMPTS`); 0 = unlimited (default); 0-1000000. */
SURQL_CONN_API int surql_conn_config_set_reconnect_max_attempts(surql_conn_config *cfg, int n);
/** CA bundle file (PEM) replacing the system default; NULL unsets. */
SURQL_CONN_API int surql_conn_config_set_tls_ca_file(surql_conn_config *cfg, const char *path);
/** Directory of hashed CA certificates; NULL unsets. */
SURQL_CONN_API int surql_conn_config_set_tls_ca_path(surql_conn_config *cfg, const char *path);
/** Client certificate file (PEM) for mutual TLS; NULL unsets. */
SURQL_CONN_API int surql_conn_config_set_tls_cert_file(surql_conn_config *cfg, const char *path);
/** Client private key file (PEM); NULL unsets. */
SURQL_CONN_API int surql_conn_config_set_tls_key_file(surql_conn_config *cfg, const char *path);

/* ------------------------------------------------------------------------ */
/* Getters. Strings are borrowed: valid until the same setting is changed    */
/* or the config is freed. NULL means unset.                                 */

SURQL_CONN_API const char *surql_conn_config_get_name(const surql_conn_config *cfg);
/** The normalised URL; never NULL. */
SURQL_CONN_API const char *surql_conn_config_get_url(const surql_conn_config *cfg);
SURQL_CONN_API const char *surql_conn_config_get_namespace(const surql_conn_config *cfg);
SURQL_CONN_API const char *surql_conn_config_get_database(const surql_conn_config *cfg);
SURQL_CONN_API const char *surql_conn_config_get_username(const surql_conn_config *cfg);
/** The password in clear text (for the auth layer). Never log it. */
SURQL_CONN_API const char *surql_conn_config_get_password(const surql_conn_config *cfg);
SURQL_CONN_API int64_t surql_conn_config_get_timeout_ms(const surql_conn_config *cfg);
SURQL_CONN_API int surql_conn_config_get_max_connections(const surql_conn_config *cfg);
SURQL_CONN_API int surql_conn_config_get_retry_max_attempts(const surql_conn_config *cfg);
SURQL_CONN_API int64_t surql_conn_config_get_retry_min_wait_ms(const surql_conn_config *cfg);
SURQL_CONN_API int64_t surql_conn_config_get_retry_max_wait_ms(const surql_conn_config *cfg);
SURQL_CONN_API double surql_conn_config_get_retry_multiplier(const surql_conn_config *cfg);
SURQL_CONN_API surql_conn_protocol surql_conn_config_get_protocol(const surql_conn_config *cfg);
SURQL_CONN_API int surql_conn_config_get_tls_verify(const surql_conn_config *cfg);
SURQL_CONN_API int64_t surql_conn_config_get_keepalive_interval_ms(const surql_conn_config *cfg);
SURQL_CONN_API int64_t surql_conn_config_get_keepalive_timeout_ms(const surql_conn_config *cfg);
SURQL_CONN_API int surql_conn_config_get_reconnect(const surql_conn_config *cfg);
SURQL_CONN_API int surql_conn_config_get_reconnect_max_attempts(const surql_conn_config *cfg);
SURQL_CONN_API const char *surql_conn_config_get_tls_ca_file(const surql_conn_config *cfg);
SURQL_CONN_API const char *surql_conn_config_get_tls_ca_path(const surql_conn_config *cfg);
SURQL_CONN_API const char *surql_conn_config_get_tls_cert_file(const surql_conn_config *cfg);
SURQL_CONN_API const char *surql_conn_config_get_tls_key_file(const surql_conn_config *cfg);
/** 1 when the URL is ws:// or wss://, 0 for http:// or https://. */
SURQL_CONN_API int surql_conn_config_is_websocket(const surql_conn_config *cfg);

/**
 * Append a human-readable rendering ("key = value" lines: name, url,
 * namespace, database, username, password, timeout, ...) to @p out. The
 * password is shown as "********" when set and "(unset)" otherwise.
 * Suitable for logs and `--show-config` output.
 */
SURQL_CONN_API int surql_conn_config_to_string(surql_buf *out, const surql_conn_config *cfg);

/** Lower-case name of a protocol ("cbor", "json"); "?" for others. Static string. */
SURQL_CONN_API const char *surql_conn_protocol_name(surql_conn_protocol p);

/* ------------------------------------------------------------------------ */
/* .env files                                                                */

/**
 * A parsed `.env` file: an ordered list of KEY=value entries (a key defined
 * twice keeps both entries; lookups see the last). Immutable once parsed:
 * share freely between threads.
 *
 * Syntax, one assignment per line: blank lines and lines starting with '#'
 * are skipped; an optional `export ` prefix; KEY is
 * `[A-Za-z_][A-Za-z0-9_.]*`; spaces around '=' are ignored; the value is
 * - unquoted: up to the end of the line, trailing spaces and a ` #` comment removed;
 * - "double-quoted": escapes \n \r \t \\ \" \' \$ (others kept verbatim), may span lines;
 * - 'single-quoted': literal except \\ and \', may span lines;
 * - empty (`KEY=`).
 * After a closing quote only spaces and a `#` comment may follow. No
 * variable interpolation: `$` is literal. CRLF line ends and a UTF-8 BOM are
 * accepted; NUL bytes and files over 1 MiB are rejected.
 */
typedef struct surql_conn_dotenv surql_conn_dotenv;

/**
 * Parse the file at @p path.
 * @return SURQL_OK; SURQL_ENOTFOUND when the file does not exist; SURQL_EIO;
 *         SURQL_EPARSE with "<path>:<line>: <reason>" (line also in
 *         surql_error_last()->line); SURQL_ERANGE (too large); SURQL_ENOMEM.
 *         *out is owned; free with surql_conn_dotenv_free().
 */
SURQL_CONN_API int surql_conn_dotenv_parse_file(surql_conn_dotenv **out, const char *path);

/**
 * Parse @p len bytes of .env text. @p origin names the source in error
 * messages (NULL = "<string>"). Same errors as surql_conn_dotenv_parse_file().
 */
SURQL_CONN_API int surql_conn_dotenv_parse(surql_conn_dotenv **out, const char *text, size_t len,
                                           const char *origin);

/** Free a parsed file. NULL ok. */
SURQL_CONN_API void surql_conn_dotenv_free(surql_conn_dotenv *env);

/** Number of entries. */
SURQL_CONN_API size_t surql_conn_dotenv_count(const surql_conn_dotenv *env);

/**
 * Entry @p i (0-based, file order). Any of the out pointers may be NULL.
 * Strings are borrowed until surql_conn_dotenv_free(). SURQL_ERANGE when
 * @p i is past the end.
 */
SURQL_CONN_API int surql_conn_dotenv_entry(const surql_conn_dotenv *env, size_t i,
                                           const char **key, const char **value, size_t *line);

/** Value of the last definition of @p key, or NULL. Borrowed until free. */
SURQL_CONN_API const char *surql_conn_dotenv_get(const surql_conn_dotenv *env, const char *key);

/**
 * Overwrite the settings of @p cfg whose variables @p env defines (same
 * rules as surql_conn_config_apply_env()); errors carry "<file>:<line>: ".
 * On failure @p cfg is unchanged.
 */
SURQL_CONN_API int surql_conn_config_apply_dotenv(surql_conn_config *cfg, const char *name,
                                                  const surql_conn_dotenv *env);

#ifdef __cplusplus
}
#endif

#endif
