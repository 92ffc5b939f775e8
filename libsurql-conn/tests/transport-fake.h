/* A scripted in-process WebSocket/HTTP server for the transport tests
 * (test-transport.c): it accepts one connection on a loopback port and plays
 * one scenario on it, recording what the client sent. */
#ifndef SURQL_CONN_TEST_TRANSPORT_FAKE_H
#define SURQL_CONN_TEST_TRANSPORT_FAKE_H

#include <pthread.h>
#include <stddef.h>

enum scenario {
    S_FRAGMENTS,
    S_OVERSIZE,
    S_CLOSE,
    S_MIDFRAME,
    S_404,
    S_BADKEY,
    S_NOPROTO,
    S_PREBUF,
    S_LARGE_ECHO,
    S_SILENT,
    S_NOT_TLS,
    S_HTTP_OK,
    S_HTTP_401,
};

typedef struct fake {
    int lfd, port;
    pthread_t th;
    enum scenario sc;
    int fail;            /* server-side problem */
    char request[16384]; /* request head (+ body for HTTP) */
    size_t reqlen;
    int got_pong;
    char pong[126];
    int got_close;
    int close_code;
    int got_text;
    char text[256];
} fake;

/* Start the fake on 127.0.0.1 (fake_start) or [::1] (fake_start6: -2 when the host
 * has no IPv6 loopback) playing @p sc for one connection; 0 or -1. */
int fake_start(fake *f, enum scenario sc);
int fake_start6(fake *f, enum scenario sc);

/* Wait for the scenario to end and close the listener. */
void fake_stop(fake *f);

/* A socket of @p family bound to its loopback address on a free port (*port), listening
 * with @p backlog unless it is negative; -2 when the host has no such socket or loopback
 * address, -1 on other failures. */
int loopback_socket(int family, int backlog, int *port);

/* A TCP socket (type flags @p flags, e.g. SOCK_NONBLOCK) connecting to 127.0.0.1:@p port;
 * the connect's outcome is not checked. -1 when there is no socket. */
int loopback_connect(int port, int flags);

/* The value of header @p name (case-insensitive) of the request head @p req into
 * @p val (at most cap-1 bytes); 1 when present, else 0. */
int header_value(const char *req, const char *name, char *val, size_t cap);

#endif
