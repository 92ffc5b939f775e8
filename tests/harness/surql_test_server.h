/*
 * Test helpers that start real servers for integration tests:
 *   - the dev server tests/server/surreal-dev (real SurrealDB engine, v3 or v2),
 *   - Debian's redis-server.
 * Each test group starts its own instance on a free port and stops it
 * afterwards. A server that cannot start is a test FAILURE (never a skip):
 * CI must not go green without the integration tests having run.
 */
#ifndef SURQL_TEST_SERVER_H
#define SURQL_TEST_SERVER_H

#include <sys/types.h>

typedef struct st_server {
    pid_t pid;
    char engine[8];       /* "v3" or "v2" */
    char url[128];        /* "http://127.0.0.1:PORT" */
    char ws_url[128];     /* "ws://127.0.0.1:PORT/rpc" */
    char host[64];        /* "127.0.0.1" */
    int port;
    char version[64];     /* "surrealdb-3.0.2" as the engine reports it */
    char storage[512];    /* "" = memory, else "surrealkv:PATH" */
    char user[32], pass[32];
    char tls_cert[512], tls_key[512]; /* "" = plain HTTP/ws */
} st_server;

/* Start surreal-dev on a free port. engine: "v3" or "v2" (NULL = v3, or
 * $SURQL_TEST_ENGINE). storage: NULL for memory, "surrealkv:PATH" to persist.
 * Returns 0, or -1 after recording a test failure with the reason. */
int st_server_start(st_server *s, const char *engine, const char *storage);

/* As st_server_start, serving HTTPS and wss:// with the PEM @p cert and
 * @p key (url and ws_url then say https:// and wss://). */
int st_server_start_tls(st_server *s, const char *engine, const char *storage,
                        const char *cert, const char *key);

/* Write a self-signed certificate for 127.0.0.1 (IP SAN, RSA 2048, 2 days)
 * and its key into @p dir (cert.pem, key.pem) with the openssl command.
 * 0, or -1 after recording a test failure. */
int st_make_cert(const char *dir);

/* Restart on the same port and storage (for fault tests). */
int st_server_restart(st_server *s);

/* Send a signal (SIGSTOP/SIGCONT for freeze tests, SIGKILL for crashes). */
int st_server_signal(st_server *s, int sig);

/* Stop with SIGTERM (SIGKILL after 10 s) and reap. Idempotent. */
void st_server_stop(st_server *s);

/* Minimal HTTP/1.0 request (no chunked encoding to decode) on a fresh socket (no libcurl: usable before the
 * conn library exists). Fills status and up to bodycap-1 bytes of body.
 * headers: extra header lines, each ending in "\r\n", or NULL. */
int st_http(const char *host, int port, const char *method, const char *path,
            const char *headers, const char *body, int *status, char *resp_body,
            size_t bodycap);

typedef struct st_redis {
    pid_t pid;
    int port;
    char host[64];
    char url[128];        /* "redis://127.0.0.1:PORT" */
} st_redis;

/* Start redis-server (no persistence) on a free port; 0 or -1 (test failure). */
int st_redis_start(st_redis *r);
void st_redis_stop(st_redis *r);

/* The hostile test server tests/server/hostile.mjs (bad-input tests of the
 * transports): a raw WebSocket/HTTP server whose misbehaviour is chosen by
 * the request path (see the script's header). Started on a free port. */
typedef struct st_hostile {
    pid_t pid;
    int port;
    char host[64];
    char url[128];        /* "http://127.0.0.1:PORT" */
    char ws_url[128];     /* "ws://127.0.0.1:PORT" (append "/<scenario>") */
} st_hostile;

/* Start it; 0 or -1 (test failure recorded). */
int st_hostile_start(st_hostile *h);
void st_hostile_stop(st_hostile *h);

/* A unique name for per-test namespaces/databases: "<prefix>_<pid>_<n>". */
const char *st_unique_name(const char *prefix);

#endif
