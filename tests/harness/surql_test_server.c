/* Start/stop the dev server and redis-server for integration tests. */
#include "surql_test_server.h"
#include "surql_test.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define READY_TIMEOUT_MS 90000

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

const char *st_unique_name(const char *prefix)
{
    static char buf[96];
    static int n;
    snprintf(buf, sizeof buf, "%s_%ld_%d", prefix ? prefix : "t", (long)getpid(), ++n);
    return buf;
}

/* $SURQL_SOURCE_DIR/<rel> (the current directory without it) into buf. */
static const char *source_file(char *buf, size_t cap, const char *rel)
{
    const char *src = getenv("SURQL_SOURCE_DIR");
    snprintf(buf, cap, "%s/%s", src && *src ? src : ".", rel);
    return buf;
}

/* The dev server script into buf: $SURQL_DEV_SERVER, else the source tree's. */
static const char *server_script(char *buf, size_t cap)
{
    const char *p = getenv("SURQL_DEV_SERVER");
    if (p && *p) {
        snprintf(buf, cap, "%s", p);
        return buf;
    }
    return source_file(buf, cap, "tests/server/surreal-dev");
}

/* Reads the whole file into buf (NUL-terminated). */
static void slurp(const char *path, char *buf, size_t cap)
{
    buf[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    size_t n = fread(buf, 1, cap - 1, f);
    buf[n] = '\0';
    fclose(f);
}

/* Parses "surreal-dev ready http[s]://HOST:PORT engine=E version=V". */
static int parse_ready(st_server *s, const char *out)
{
    const char *l = strstr(out, "surreal-dev ready http");
    if (!l || !strchr(l, '\n'))
        return 0;
    l += strlen("surreal-dev ready http");
    int tls = *l == 's';
    if (tls)
        l++;
    if (strncmp(l, "://", 3) != 0)
        return -1;
    l += 3;
    const char *colon = strchr(l, ':');
    const char *sp = strchr(l, ' ');
    if (!colon || !sp || colon > sp)
        return -1;
    snprintf(s->host, sizeof s->host, "%.*s", (int)(colon - l), l);
    char *end = NULL;
    long port = strtol(colon + 1, &end, 10);
    if (end != sp || port <= 0 || port > 65535)
        return -1;
    s->port = (int)port;
    const char *v = strstr(sp, "version=");
    if (v) {
        v += strlen("version=");
        size_t n = strcspn(v, " \r\n");
        snprintf(s->version, sizeof s->version, "%.*s", (int)n, v);
    }
    snprintf(s->url, sizeof s->url, "http%s://%s:%d", tls ? "s" : "", s->host, s->port);
    snprintf(s->ws_url, sizeof s->ws_url, "ws%s://%s:%d/rpc", tls ? "s" : "", s->host, s->port);
    return 1;
}

/* Runs `node ARGS...` (args NULL-terminated, at most 23) in its own process group with its
 * stdout in a fresh file made from the mkstemp template outpath. Returns the child's pid, or
 * -1 after recording a test failure (nothing left behind). */
static pid_t spawn_node(char *outpath, const char *const *args)
{
    int fd = mkstemp(outpath);
    if (fd < 0) {
        st_fail(__FILE__, __LINE__, "mkstemp: %s", strerror(errno));
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        close(fd);
        unlink(outpath);
        st_fail(__FILE__, __LINE__, "fork: %s", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        dup2(fd, STDOUT_FILENO);
        close(fd);
        setpgid(0, 0);
        char *argv[24]; /* writable copies for execvp; the child execs or exits */
        int n = 0;
        argv[n++] = strdup("node");
        for (int k = 0; args[k] && n < 23; k++)
            argv[n++] = strdup(args[k]);
        argv[n] = NULL;
        execvp("node", argv);
        fprintf(stderr, "cannot exec node: %s\n", strerror(errno));
        _exit(127);
    }
    close(fd);
    return pid;
}

static int spawn_server(st_server *s, const char *bind)
{
    char script[1024];
    server_script(script, sizeof script);
    if (access(script, R_OK) != 0) {
        st_fail(__FILE__, __LINE__, "dev server not found at %s (set SURQL_DEV_SERVER)", script);
        return -1;
    }
    const char *lvl = getenv("SURQL_TEST_SERVER_LOG"); /* quiet|info|debug */
    const char *args[24] = { script,
                             "--bind",      bind,
                             "--engine",    s->engine,
                             "--user",      s->user,
                             "--pass",      s->pass,
                             "--log-level", lvl && *lvl ? lvl : "quiet" }; /* 11: --storage */
    int a = 11;
    if (s->storage[0]) {
        args[a++] = "--storage";
        args[a++] = s->storage;
    }
    if (s->tls_cert[0]) {
        args[a++] = "--tls-cert";
        args[a++] = s->tls_cert;
        args[a++] = "--tls-key";
        args[a++] = s->tls_key;
    }
    char outpath[] = "/tmp/surql-dev-out-XXXXXX";
    pid_t pid = spawn_node(outpath, args);
    if (pid < 0)
        return -1;
    s->pid = pid;
    char out[4096];
    long long deadline = now_ms() + READY_TIMEOUT_MS;
    for (;;) {
        slurp(outpath, out, sizeof out);
        int r = parse_ready(s, out);
        if (r == 1)
            break;
        int status;
        if (r < 0 || waitpid(pid, &status, WNOHANG) == pid) {
            if (r >= 0)
                s->pid = 0;
            unlink(outpath);
            st_fail(__FILE__, __LINE__,
                    "dev server (%s, engine %s) failed to start%s; its stdout: %s", script,
                    s->engine, r < 0 ? " (bad ready line)" : " (process exited)", out);
            st_server_stop(s);
            return -1;
        }
        if (now_ms() > deadline) {
            unlink(outpath);
            st_fail(__FILE__, __LINE__, "dev server (engine %s) not ready after %d ms",
                    s->engine, READY_TIMEOUT_MS);
            st_server_stop(s);
            return -1;
        }
        sleep_ms(50);
    }
    unlink(outpath);
    return 0;
}

int st_server_start(st_server *s, const char *engine, const char *storage)
{
    return st_server_start_tls(s, engine, storage, NULL, NULL);
}

int st_server_start_tls(st_server *s, const char *engine, const char *storage,
                        const char *cert, const char *key)
{
    memset(s, 0, sizeof *s);
    if (cert && key) {
        snprintf(s->tls_cert, sizeof s->tls_cert, "%s", cert);
        snprintf(s->tls_key, sizeof s->tls_key, "%s", key);
    }
    if (!engine) {
        engine = getenv("SURQL_TEST_ENGINE");
        if (!engine || !*engine)
            engine = "v3";
    }
    snprintf(s->engine, sizeof s->engine, "%s", engine);
    snprintf(s->storage, sizeof s->storage, "%s", storage ? storage : "");
    snprintf(s->user, sizeof s->user, "root");
    snprintf(s->pass, sizeof s->pass, "root");
    return spawn_server(s, "127.0.0.1:0");
}

int st_make_cert(const char *dir)
{
    char cert[512], key[512];
    snprintf(cert, sizeof cert, "%s/cert.pem", dir);
    snprintf(key, sizeof key, "%s/key.pem", dir);
    pid_t pid = fork();
    if (pid < 0) {
        st_fail(__FILE__, __LINE__, "fork: %s", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, STDOUT_FILENO);
            dup2(null, STDERR_FILENO);
        }
        execlp("openssl", "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj",
               "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-days", "2",
               "-keyout", key, "-out", cert, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || access(cert, R_OK) != 0 ||
        access(key, R_OK) != 0) {
        st_fail(__FILE__, __LINE__, "cannot make a test certificate with openssl in %s (exit %d)",
                dir, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        return -1;
    }
    return 0;
}

int st_server_restart(st_server *s)
{
    char bind[96];
    snprintf(bind, sizeof bind, "%s:%d", s->host, s->port);
    st_server_stop(s);
    long long deadline = now_ms() + 10000;
    int rc;
    /* the port may linger briefly after the old process exits */
    while ((rc = spawn_server(s, bind)) != 0 && now_ms() < deadline)
        sleep_ms(200);
    return rc;
}

int st_server_signal(st_server *s, int sig)
{
    if (!s->pid)
        return -1;
    return kill(s->pid, sig);
}

static void stop_pid(pid_t *pidp, int allow_group)
{
    pid_t pid = *pidp;
    if (pid <= 0)
        return;
    kill(pid, SIGCONT); /* a frozen process cannot handle SIGTERM */
    kill(pid, SIGTERM);
    long long deadline = now_ms() + 10000;
    int status;
    while (waitpid(pid, &status, WNOHANG) == 0) {
        if (now_ms() > deadline) {
            kill(allow_group ? -pid : pid, SIGKILL);
            waitpid(pid, &status, 0);
            break;
        }
        sleep_ms(20);
    }
    *pidp = 0;
}

void st_server_stop(st_server *s)
{
    if (s)
        stop_pid(&s->pid, 1);
}

static int connect_tcp(const char *host, int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    if (inet_pton(AF_INET, host, &a.sin_addr) != 1 ||
        connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    struct timeval tv = { 10, 0 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return fd;
}

int st_http(const char *host, int port, const char *method, const char *path,
            const char *headers, const char *body, int *status, char *resp_body,
            size_t bodycap)
{
    int fd = connect_tcp(host, port);
    if (fd < 0)
        return -1;
    char req[8192];
    size_t blen = body ? strlen(body) : 0;
    int n = snprintf(req, sizeof req,
                     "%s %s HTTP/1.0\r\nHost: %s:%d\r\nConnection: close\r\n"
                     "Content-Length: %zu\r\n%s\r\n",
                     method, path, host, port, blen, headers ? headers : "");
    if (n < 0 || (size_t)n >= sizeof req || write(fd, req, (size_t)n) != n ||
        (blen && write(fd, body, blen) != (ssize_t)blen)) {
        close(fd);
        return -1;
    }
    char resp[65536];
    size_t got = 0;
    ssize_t r;
    while (got < sizeof resp - 1 && (r = read(fd, resp + got, sizeof resp - 1 - got)) > 0)
        got += (size_t)r;
    close(fd);
    resp[got] = '\0';
    if (sscanf(resp, "HTTP/1.%*d %d", status) != 1)
        return -1;
    const char *b = strstr(resp, "\r\n\r\n");
    if (resp_body && bodycap) {
        snprintf(resp_body, bodycap, "%s", b ? b + 4 : "");
    }
    return 0;
}

static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    int port = -1;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
        getsockname(fd, (struct sockaddr *)&a, &len) == 0)
        port = ntohs(a.sin_port);
    close(fd);
    return port;
}

static int redis_pong(int port)
{
    int fd = connect_tcp("127.0.0.1", port);
    if (fd < 0)
        return 0;
    char buf[64] = { 0 };
    int ok = write(fd, "PING\r\n", 6) == 6 && read(fd, buf, sizeof buf - 1) > 0 &&
             strncmp(buf, "+PONG", 5) == 0;
    close(fd);
    return ok;
}

int st_redis_start(st_redis *r)
{
    memset(r, 0, sizeof *r);
    const char *bin = getenv("SURQL_REDIS_SERVER");
    if (!bin || !*bin)
        bin = "redis-server";
    for (int attempt = 0; attempt < 5; attempt++) {
        int port = free_port();
        if (port <= 0)
            continue;
        char portstr[16];
        snprintf(portstr, sizeof portstr, "%d", port);
        pid_t pid = fork();
        if (pid < 0)
            break;
        if (pid == 0) {
            int devnull = open("/dev/null", O_WRONLY);
            if (devnull >= 0)
                dup2(devnull, STDOUT_FILENO);
            execlp(bin, bin, "--port", portstr, "--bind", "127.0.0.1", "--save", "",
                   "--appendonly", "no", "--daemonize", "no", (char *)NULL);
            _exit(127);
        }
        long long deadline = now_ms() + 10000;
        int status;
        while (now_ms() < deadline) {
            if (waitpid(pid, &status, WNOHANG) == pid) {
                pid = 0;
                break;
            }
            if (redis_pong(port)) {
                r->pid = pid;
                r->port = port;
                snprintf(r->host, sizeof r->host, "127.0.0.1");
                snprintf(r->url, sizeof r->url, "redis://127.0.0.1:%d", port);
                return 0;
            }
            sleep_ms(50);
        }
        if (pid > 0)
            stop_pid(&pid, 0);
    }
    st_fail(__FILE__, __LINE__, "redis-server (%s) could not be started: is it installed?", bin);
    return -1;
}

void st_redis_stop(st_redis *r)
{
    if (r)
        stop_pid(&r->pid, 0);
}

/* ------------------------------------------------------------------------ */
/* hostile test server (tests/server/hostile.mjs)                            */

int st_hostile_start(st_hostile *h)
{
    memset(h, 0, sizeof *h);
    char script[1024];
    source_file(script, sizeof script, "tests/server/hostile.mjs");
    if (access(script, R_OK) != 0) {
        st_fail(__FILE__, __LINE__, "hostile server not found at %s (set SURQL_SOURCE_DIR)",
                script);
        return -1;
    }
    const char *args[] = { script, "--bind", "127.0.0.1:0", NULL };
    char outpath[] = "/tmp/surql-hostile-out-XXXXXX";
    pid_t pid = spawn_node(outpath, args);
    if (pid < 0)
        return -1;
    h->pid = pid;
    char out[512];
    long long deadline = now_ms() + 30000;
    const char *tag = "hostile ready http://";
    for (;;) {
        slurp(outpath, out, sizeof out);
        const char *l = strstr(out, tag);
        if (l && strchr(l, '\n')) {
            l += strlen(tag);
            const char *colon = strrchr(l, ':');
            if (colon && (size_t)(colon - l) < sizeof h->host) {
                snprintf(h->host, sizeof h->host, "%.*s", (int)(colon - l), l);
                h->port = (int)strtol(colon + 1, NULL, 10);
            }
            break;
        }
        int status;
        if (waitpid(pid, &status, WNOHANG) == pid || now_ms() > deadline) {
            if (h->pid && waitpid(pid, &status, WNOHANG) == pid)
                h->pid = 0;
            st_hostile_stop(h);
            unlink(outpath);
            st_fail(__FILE__, __LINE__, "hostile server (%s) failed to start; its stdout: %s",
                    script, out);
            return -1;
        }
        sleep_ms(20);
    }
    unlink(outpath);
    if (h->port <= 0 || h->port > 65535) {
        st_hostile_stop(h);
        st_fail(__FILE__, __LINE__, "hostile server: bad ready line: %s", out);
        return -1;
    }
    snprintf(h->url, sizeof h->url, "http://%s:%d", h->host, h->port);
    snprintf(h->ws_url, sizeof h->ws_url, "ws://%s:%d", h->host, h->port);
    return 0;
}

void st_hostile_stop(st_hostile *h)
{
    if (h)
        stop_pid(&h->pid, 1);
}
