/**
 * @file surql/conn/error.h
 * @brief Status codes of libsurql-conn (range -300..-399).
 *
 * Every fallible libsurql-conn function returns SURQL_OK (0) or a negative
 * code: one of the generic codes of surql/schema/common.h (SURQL_EINVAL,
 * SURQL_ENOMEM, SURQL_ETIMEOUT, SURQL_EIO, ...) or one of the codes below.
 * The message, and for server errors the server's kind and details, are in
 * surql_error_last() with domain "surql-conn".
 */
#ifndef SURQL_CONN_ERROR_H
#define SURQL_CONN_ERROR_H

#include <surql/schema/common.h>
#include <surql/conn/export.h>

#ifdef __cplusplus
extern "C" {
#endif

/** libsurql-conn status codes. Values are fixed; new codes are appended. */
typedef enum surql_conn_status {
    /** Invalid configuration value (variable, setter or .env file); the
     *  message names the variable and the allowed range, and for a .env file
     *  the file and line. */
    SURQL_CONN_ECONFIG = -300,
    /** Malformed or unsupported URL (scheme other than ws/wss/http/https,
     *  bad host or port, credentials in the URL, ...). */
    SURQL_CONN_EURL = -301,
    /** Cannot connect: host not resolved, connection refused, host
     *  unreachable, or the connect deadline passed. Retryable. */
    SURQL_CONN_ECONNECT = -302,
    /** TLS failure: handshake, certificate verification, unreadable CA or
     *  client certificate/key. */
    SURQL_CONN_ETLS = -303,
    /** Protocol violation: bad WebSocket upgrade response (wrong
     *  Sec-WebSocket-Accept, refused subprotocol), malformed frame, message
     *  or response larger than the configured limit. */
    SURQL_CONN_EPROTOCOL = -304,
    /** The connection is closed (peer Close frame, EOF, reset, or closed
     *  locally); the message gives the close code/reason when known. */
    SURQL_CONN_ECLOSED = -305,
    /** Authentication failed (HTTP 401/403 or an RPC authentication error). */
    SURQL_CONN_EAUTH = -306,
    /** A statement of a query failed (reported by the RPC layer). */
    SURQL_CONN_EQUERY = -307,
    /** The server reported an error (RPC error object, HTTP 5xx). */
    SURQL_CONN_ESERVER = -308,
    /** Unexpected HTTP status (e.g. a WebSocket upgrade answered with
     *  something other than 101, or 4xx on an HTTP endpoint); the message
     *  contains the status line. */
    SURQL_CONN_EHTTP = -309
} surql_conn_status;

/**
 * Short constant name of a status code ("SURQL_CONN_ECONNECT"). Codes
 * outside the conn range are passed to surql_status_name(). Static string;
 * thread-safe.
 */
SURQL_CONN_API const char *surql_conn_status_name(int code);

#ifdef __cplusplus
}
#endif

#endif
