/* Connection URL parsing and validation (internal to libsurql-conn).
 *
 * Accepted: <scheme>://<host>[:<port>][<path>] with scheme ws, wss, http or
 * https (case-insensitive), host a DNS name / IPv4 address or an IPv6
 * address in brackets ("[::1]", zone ids as "%25eth0"), port 1-65535.
 * Rejected: other schemes, credentials ("user:pass@": the error never echoes
 * the URL, so a password cannot reach a log), query strings, fragments,
 * spaces and control characters, URLs longer than 2048 bytes.
 * Path rules: ws/wss default to "/rpc" when the path is empty or "/";
 * http/https take the path as a base prefix (trailing "/" and a trailing
 * "/rpc" are removed) to which "/rpc", "/sql", "/health", "/version" are
 * appended.
 */
#ifndef SURQL_CONN_URL_INTERNAL_H
#define SURQL_CONN_URL_INTERNAL_H

#include <stddef.h>
#include <surql/schema/buf.h>

typedef enum surql_conn__scheme {
    SURQL_CONN__WS = 0,
    SURQL_CONN__WSS = 1,
    SURQL_CONN__HTTP = 2,
    SURQL_CONN__HTTPS = 3
} surql_conn__scheme;

#define SURQL_CONN__URL_MAX 2048

typedef struct surql_conn__url {
    surql_conn__scheme scheme;
    int secure;        /* wss or https */
    int websocket;     /* ws or wss */
    char *host;        /* without brackets; IPv6 zone as given ("fe80::1%25eth0") */
    int ipv6;          /* host is an IPv6 literal */
    int port;          /* explicit or the scheme's default (80/443) */
    int port_explicit;
    char *path;        /* ws: request target ("/rpc"); http: base prefix ("" or "/x") */
    char *normalized;  /* scheme://host[:port]path, scheme lower-cased, defaults applied */
} surql_conn__url;

#define SURQL_CONN__URL_INIT { SURQL_CONN__WS, 0, 0, NULL, 0, 0, 0, NULL, NULL }

/* Parse and validate @p text into @p out (which must be SURQL_CONN__URL_INIT
 * or cleared). SURQL_OK, SURQL_CONN_EURL (message says what is wrong) or
 * SURQL_ENOMEM. On failure @p out is left cleared. */
int surql_conn__url_parse(surql_conn__url *out, const char *text);

/* Free the strings and reset to SURQL_CONN__URL_INIT. NULL ok. */
void surql_conn__url_clear(surql_conn__url *u);

/* Append "host[:port]" for a Host header (brackets for IPv6, port only when
 * explicit and not the default). */
int surql_conn__url_host_header(surql_buf *out, const surql_conn__url *u);

/* Append the URL libcurl connects to: http(s)://host:port<path> (ws maps to
 * http, wss to https; the path of a ws URL, or the base prefix plus
 * @p endpoint for an http URL; @p endpoint may be NULL). */
int surql_conn__url_curl(surql_buf *out, const surql_conn__url *u, const char *endpoint);

/* Scheme name ("ws", ...). Static string. */
const char *surql_conn__scheme_name(surql_conn__scheme s);

#endif
