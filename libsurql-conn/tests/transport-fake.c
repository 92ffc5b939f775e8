/* The scripted fake server of the transport tests (see transport-fake.h). */
#include "transport-fake.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "ws-internal.h"

static int read_full(int fd, void *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = recv(fd, (char *)buf + got, n - got, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        got += (size_t)r;
    }
    return 0;
}

static int write_all(int fd, const void *buf, size_t n)
{
    size_t off = 0;
    while (off < n) {
        ssize_t w = send(fd, (const char *)buf + off, n - off, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        off += (size_t)w;
    }
    return 0;
}

/* server frame (never masked) */
static int send_frame(int fd, int fin, int opcode, const void *data, size_t len)
{
    unsigned char h[10];
    size_t hl = 2;
    h[0] = (unsigned char)((fin ? 0x80 : 0) | opcode);
    if (len < 126) {
        h[1] = (unsigned char)len;
    } else if (len < 65536) {
        h[1] = 126;
        h[2] = (unsigned char)(len >> 8);
        h[3] = (unsigned char)len;
        hl = 4;
    } else {
        h[1] = 127;
        for (int i = 0; i < 8; i++)
            h[2 + i] = (unsigned char)((uint64_t)len >> (56 - 8 * i));
        hl = 10;
    }
    if (write_all(fd, h, hl) != 0)
        return -1;
    return len ? write_all(fd, data, len) : 0;
}

/* read one client frame (must be masked); *data malloc'd */
static int recv_frame(int fd, int *opcode, int *fin, unsigned char **data, size_t *len)
{
    unsigned char h[2];
    if (read_full(fd, h, 2) != 0)
        return -1;
    *fin = h[0] >> 7;
    *opcode = h[0] & 0x0f;
    if (!(h[1] & 0x80))
        return -2; /* client frames must be masked */
    uint64_t n = h[1] & 0x7f;
    if (n == 126) {
        unsigned char e[2];
        if (read_full(fd, e, 2) != 0)
            return -1;
        n = (uint64_t)e[0] << 8 | e[1];
    } else if (n == 127) {
        unsigned char e[8];
        if (read_full(fd, e, 8) != 0)
            return -1;
        n = 0;
        for (int i = 0; i < 8; i++)
            n = n << 8 | e[i];
    }
    unsigned char mask[4];
    if (read_full(fd, mask, 4) != 0)
        return -1;
    unsigned char *p = malloc(n + 1);
    if (!p)
        return -1;
    if (n && read_full(fd, p, n) != 0) {
        free(p);
        return -1;
    }
    for (uint64_t i = 0; i < n; i++)
        p[i] ^= mask[i % 4];
    p[n] = 0;
    *data = p;
    *len = n;
    return 0;
}

int header_value(const char *req, const char *name, char *val, size_t cap)
{
    size_t nl = strlen(name);
    for (const char *p = strstr(req, "\r\n"); p && p[2] != '\r'; p = strstr(p + 2, "\r\n")) {
        const char *line = p + 2;
        if (strncasecmp(line, name, nl) == 0 && line[nl] == ':') {
            const char *v = line + nl + 1;
            while (*v == ' ')
                v++;
            const char *e = strstr(v, "\r\n");
            size_t l = (size_t)(e - v);
            if (l >= cap)
                l = cap - 1;
            memcpy(val, v, l);
            val[l] = 0;
            return 1;
        }
    }
    return 0;
}

static int read_head(fake *f, int fd)
{
    f->reqlen = 0;
    while (f->reqlen < sizeof f->request - 1) {
        ssize_t r = recv(fd, f->request + f->reqlen, 1, 0);
        if (r <= 0)
            return -1;
        f->reqlen++;
        f->request[f->reqlen] = 0;
        if (f->reqlen >= 4 && memcmp(f->request + f->reqlen - 4, "\r\n\r\n", 4) == 0)
            return 0;
    }
    return -1;
}

static int send_101(fake *f, int fd, const char *accept_override, int with_proto,
                    const void *extra, size_t extra_len)
{
    char key[128] = "", proto[64] = "", accept[29];
    header_value(f->request, "Sec-WebSocket-Key", key, sizeof key);
    header_value(f->request, "Sec-WebSocket-Protocol", proto, sizeof proto);
    surql_conn__ws_accept_key(key, accept);
    char resp[1024];
    int n = snprintf(resp, sizeof resp,
                     "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                     "Connection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n%s%s%s\r\n",
                     accept_override ? accept_override : accept,
                     with_proto ? "Sec-WebSocket-Protocol: " : "", with_proto ? proto : "",
                     with_proto ? "\r\n" : "");
    char all[2048];
    memcpy(all, resp, (size_t)n);
    if (extra_len)
        memcpy(all + n, extra, extra_len);
    return write_all(fd, all, (size_t)n + extra_len);
}

/* answer client frames until its Close (replying Close) or EOF */
static void drain_until_close(fake *f, int fd)
{
    for (;;) {
        int op, fin;
        unsigned char *d;
        size_t n;
        if (recv_frame(fd, &op, &fin, &d, &n) != 0)
            return;
        if (op == 0x8) {
            f->got_close = 1;
            f->close_code = n >= 2 ? (d[0] << 8 | d[1]) : 1005;
            send_frame(fd, 1, 0x8, d, n >= 2 ? 2 : 0);
            free(d);
            return;
        }
        if (op == 0xA) {
            f->got_pong = 1;
            snprintf(f->pong, sizeof f->pong, "%s", (char *)d);
        } else if (op == 0x1) {
            f->got_text = 1;
            snprintf(f->text, sizeof f->text, "%s", (char *)d);
            send_frame(fd, 1, 0x1, d, n); /* echo */
        }
        free(d);
    }
}

static void ws_scenario(fake *f, int fd)
{
    if (read_head(f, fd) != 0) {
        f->fail = 1;
        return;
    }
    switch (f->sc) {
    case S_FRAGMENTS: {
        send_101(f, fd, NULL, 1, NULL, 0);
        send_frame(fd, 0, 0x1, "Hel", 3);
        send_frame(fd, 1, 0x9, "pp", 2); /* ping between fragments */
        send_frame(fd, 0, 0x0, "lo, ", 4);
        send_frame(fd, 1, 0x0, "world", 5);
        unsigned char bin[3] = { 0, 1, 2 };
        send_frame(fd, 1, 0x2, bin, 3);
        send_frame(fd, 1, 0x2, NULL, 0); /* empty message */
        drain_until_close(f, fd);
        break;
    }
    case S_OVERSIZE: {
        send_101(f, fd, NULL, 1, NULL, 0);
        static unsigned char big[2000];
        send_frame(fd, 1, 0x2, big, 500);
        send_frame(fd, 0, 0x2, big, 600); /* fragmented: 600 + 600 > 1000 */
        send_frame(fd, 1, 0x0, big, 600);
        drain_until_close(f, fd);
        break;
    }
    case S_CLOSE: {
        send_101(f, fd, NULL, 1, NULL, 0);
        send_frame(fd, 1, 0x1, "last words", 10);
        unsigned char c[5] = { 0x03, 0xE9, 'b', 'y', 'e' }; /* 1001 "bye" */
        send_frame(fd, 1, 0x8, c, 5);
        int op, fin;
        unsigned char *d;
        size_t n;
        if (recv_frame(fd, &op, &fin, &d, &n) == 0) {
            f->got_close = op == 0x8;
            f->close_code = n >= 2 ? (d[0] << 8 | d[1]) : 1005;
            free(d);
        }
        break;
    }
    case S_MIDFRAME: {
        send_101(f, fd, NULL, 1, NULL, 0);
        unsigned char h[2] = { 0x82, 100 };
        write_all(fd, h, 2);
        write_all(fd, "0123456789", 10);
        break; /* close with 90 bytes missing */
    }
    case S_404: {
        const char *r = "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\n"
                        "Content-Length: 9\r\n\r\nnot found";
        write_all(fd, r, strlen(r));
        break;
    }
    case S_BADKEY:
        send_101(f, fd, "dGhlIHNhbXBsZSBub25jZQ==", 1, NULL, 0);
        break;
    case S_NOPROTO:
        send_101(f, fd, NULL, 0, NULL, 0);
        drain_until_close(f, fd);
        break;
    case S_PREBUF: {
        unsigned char fr[7] = { 0x81, 5, 'e', 'a', 'r', 'l', 'y' };
        send_101(f, fd, NULL, 1, fr, sizeof fr); /* frame in the same packet */
        drain_until_close(f, fd);
        break;
    }
    case S_LARGE_ECHO: {
        send_101(f, fd, NULL, 1, NULL, 0);
        int op, fin;
        unsigned char *d;
        size_t n;
        if (recv_frame(fd, &op, &fin, &d, &n) != 0 || op != 0x2 || !fin) {
            f->fail = 1;
            return;
        }
        size_t third = n / 3;
        send_frame(fd, 0, 0x2, d, third);
        send_frame(fd, 0, 0x0, d + third, third);
        send_frame(fd, 1, 0x0, d + 2 * third, n - 2 * third);
        free(d);
        drain_until_close(f, fd);
        break;
    }
    case S_SILENT:
        drain_until_close(f, fd); /* never answers the upgrade */
        break;
    default:
        break;
    }
}

static void http_scenario(fake *f, int fd)
{
    if (read_head(f, fd) != 0) {
        f->fail = 1;
        return;
    }
    char cl[32];
    if (header_value(f->request, "Content-Length", cl, sizeof cl)) {
        size_t n = (size_t)strtoul(cl, NULL, 10);
        if (n > sizeof f->request - f->reqlen - 1 ||
            read_full(fd, f->request + f->reqlen, n) != 0) {
            f->fail = 1;
            return;
        }
        f->reqlen += n;
        f->request[f->reqlen] = 0;
    }
    const char *r = f->sc == S_HTTP_OK
                        ? "HTTP/1.1 200 OK\r\nContent-Type: application/cbor\r\n"
                          "Content-Length: 3\r\nConnection: close\r\n\r\n\xa1\x01\x02"
                        : "HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain\r\n"
                          "Content-Length: 39\r\nConnection: close\r\n\r\n"
                          "There was a problem with authentication";
    write_all(fd, r, strlen(r) + (f->sc == S_HTTP_OK ? 0 : 0));
}

/* answers a TLS ClientHello with plain HTTP */
static void not_tls_scenario(fake *f, int fd)
{
    char buf[4096];
    if (recv(fd, buf, sizeof buf, 0) <= 0)
        f->fail = 1;
    const char *r = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
    write_all(fd, r, strlen(r));
}

static void *fake_main(void *arg)
{
    fake *f = arg;
    struct pollfd p = { f->lfd, POLLIN, 0 };
    if (poll(&p, 1, 10000) != 1) {
        f->fail = 1;
        return NULL;
    }
    int fd = accept(f->lfd, NULL, NULL);
    if (fd < 0) {
        f->fail = 1;
        return NULL;
    }
    struct timeval tv = { 10, 0 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (f->sc == S_NOT_TLS)
        not_tls_scenario(f, fd);
    else if (f->sc >= S_HTTP_OK)
        http_scenario(f, fd);
    else
        ws_scenario(f, fd);
    close(fd);
    return NULL;
}

/* The loopback address of @p family with @p port into *a; returns its length. */
static socklen_t loopback_addr(struct sockaddr_storage *a, int family, int port)
{
    memset(a, 0, sizeof *a);
    if (family == AF_INET6) {
        struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)a;
        a6->sin6_family = AF_INET6;
        a6->sin6_addr = in6addr_loopback;
        a6->sin6_port = htons((uint16_t)port);
        return sizeof *a6;
    }
    struct sockaddr_in *a4 = (struct sockaddr_in *)a;
    a4->sin_family = AF_INET;
    a4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a4->sin_port = htons((uint16_t)port);
    return sizeof *a4;
}

int loopback_socket(int family, int backlog, int *port)
{
    struct sockaddr_storage a;
    socklen_t al = loopback_addr(&a, family, 0);
    int fd = socket(family, SOCK_STREAM, 0);
    if (fd < 0)
        return -2;
    if (bind(fd, (struct sockaddr *)&a, al) != 0) {
        close(fd);
        return -2;
    }
    if ((backlog >= 0 && listen(fd, backlog) != 0) ||
        getsockname(fd, (struct sockaddr *)&a, &al) != 0) {
        close(fd);
        return -1;
    }
    *port = ntohs(family == AF_INET6 ? ((struct sockaddr_in6 *)&a)->sin6_port
                                     : ((struct sockaddr_in *)&a)->sin_port);
    return fd;
}

int loopback_connect(int port, int flags)
{
    int fd = socket(AF_INET, SOCK_STREAM | flags, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_storage a;
    socklen_t al = loopback_addr(&a, AF_INET, port);
    connect(fd, (struct sockaddr *)&a, al);
    return fd;
}

static int start_on(fake *f, enum scenario sc, int family)
{
    memset(f, 0, sizeof *f);
    f->sc = sc;
    f->lfd = loopback_socket(family, 4, &f->port);
    if (f->lfd < 0)
        return f->lfd;
    return pthread_create(&f->th, NULL, fake_main, f) == 0 ? 0 : -1;
}

int fake_start(fake *f, enum scenario sc)
{
    return start_on(f, sc, AF_INET) == 0 ? 0 : -1;
}

int fake_start6(fake *f, enum scenario sc)
{
    return start_on(f, sc, AF_INET6);
}

void fake_stop(fake *f)
{
    pthread_join(f->th, NULL);
    close(f->lfd);
}
