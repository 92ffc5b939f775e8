/* .env file parser. Syntax in surql/conn/config.h (surql_conn_dotenv). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <surql/conn/config.h>
#include <surql/conn/error.h>
#include <surql/schema/buf.h>
#include <surql/schema/error.h>

#include "config-internal.h"

#define DOMAIN "surql-conn"

typedef struct dotenv_entry {
    char *key;
    char *value;
    size_t line;
} dotenv_entry;

struct surql_conn_dotenv {
    char *origin;
    dotenv_entry *e;
    size_t n, cap;
};

void surql_conn_dotenv_free(surql_conn_dotenv *env)
{
    if (!env)
        return;
    for (size_t i = 0; i < env->n; i++) {
        free(env->e[i].key);
        free(env->e[i].value);
    }
    free(env->e);
    free(env->origin);
    free(env);
}

size_t surql_conn_dotenv_count(const surql_conn_dotenv *env)
{
    return env ? env->n : 0;
}

int surql_conn_dotenv_entry(const surql_conn_dotenv *env, size_t i, const char **key,
                            const char **value, size_t *line)
{
    if (!env)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_dotenv_entry: env is NULL");
    if (i >= env->n)
        return surql_error_set(SURQL_ERANGE, DOMAIN, "surql_conn_dotenv_entry: index %zu >= %zu",
                               i, env->n);
    if (key)
        *key = env->e[i].key;
    if (value)
        *value = env->e[i].value;
    if (line)
        *line = env->e[i].line;
    return SURQL_OK;
}

const char *surql_conn__dotenv_find(const surql_conn_dotenv *env, const char *key, size_t *line)
{
    if (!env || !key)
        return NULL;
    for (size_t i = env->n; i-- > 0;) {
        if (strcmp(env->e[i].key, key) == 0) {
            if (line)
                *line = env->e[i].line;
            return env->e[i].value;
        }
    }
    return NULL;
}

const char *surql_conn_dotenv_get(const surql_conn_dotenv *env, const char *key)
{
    return surql_conn__dotenv_find(env, key, NULL);
}

const char *surql_conn__dotenv_origin(const surql_conn_dotenv *env)
{
    return env && env->origin ? env->origin : "<string>";
}

/* ------------------------------------------------------------------------ */

typedef struct parser {
    const char *s;
    size_t len, i;
    size_t line;
    const char *origin;
} parser;

static int perr(const parser *p, size_t line, const char *what)
{
    return surql_error_set_at(SURQL_EPARSE, DOMAIN, line, 0, "%s:%zu: %s", p->origin, line, what);
}

static int is_space(char c)
{
    return c == ' ' || c == '\t';
}

static int at_eol(const parser *p)
{
    return p->i >= p->len || p->s[p->i] == '\n' ||
           (p->s[p->i] == '\r' && (p->i + 1 >= p->len || p->s[p->i + 1] == '\n'));
}

static void skip_spaces(parser *p)
{
    while (p->i < p->len && is_space(p->s[p->i]))
        p->i++;
}

/* consume the rest of the line including the line end */
static void next_line(parser *p)
{
    while (p->i < p->len && p->s[p->i] != '\n')
        p->i++;
    if (p->i < p->len) {
        p->i++;
        p->line++;
    }
}

static int key_start(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int key_char(char c)
{
    return key_start(c) || (c >= '0' && c <= '9') || c == '.';
}

static int add_entry(surql_conn_dotenv *env, const char *key, size_t klen, char *value,
                     size_t line)
{
    if (env->n == env->cap) {
        size_t nc = env->cap ? env->cap * 2 : 16;
        dotenv_entry *ne = realloc(env->e, nc * sizeof *ne);
        if (!ne)
            return SURQL_ENOMEM;
        env->e = ne;
        env->cap = nc;
    }
    char *k = surql_strndup(key, klen);
    if (!k)
        return SURQL_ENOMEM;
    env->e[env->n].key = k;
    env->e[env->n].value = value;
    env->e[env->n].line = line;
    env->n++;
    return SURQL_OK;
}

/* parse a quoted value starting at the opening quote; *out owned */
static int quoted(parser *p, char **out)
{
    char q = p->s[p->i++];
    size_t open_line = p->line;
    surql_buf b = SURQL_BUF_INIT;
    int rc = surql_buf_puts(&b, ""); /* value is never NULL, even when empty */
    while (rc == 0) {
        if (p->i >= p->len) {
            surql_buf_dispose(&b);
            return perr(p, open_line,
                        q == '"' ? "unterminated double-quoted value"
                                 : "unterminated single-quoted value");
        }
        char c = p->s[p->i++];
        if (c == q)
            break;
        if (c == '\n')
            p->line++;
        if (c == '\\' && p->i < p->len) {
            char e = p->s[p->i];
            if (q == '"') {
                const char *map = NULL;
                switch (e) {
                case 'n': map = "\n"; break;
                case 'r': map = "\r"; break;
                case 't': map = "\t"; break;
                case '\\': map = "\\"; break;
                case '"': map = "\""; break;
                case '\'': map = "'"; break;
                case '$': map = "$"; break;
                default: break;
                }
                if (map) {
                    p->i++;
                    rc = surql_buf_puts(&b, map);
                    continue;
                }
            } else if (e == '\\' || e == '\'') {
                p->i++;
                rc = surql_buf_putc(&b, e);
                continue;
            }
        }
        rc = surql_buf_putc(&b, c);
    }
    if (rc != 0) {
        surql_buf_dispose(&b);
        return rc;
    }
    /* after the closing quote: spaces, then end of line or a comment */
    skip_spaces(p);
    if (!at_eol(p) && p->s[p->i] != '#') {
        surql_buf_dispose(&b);
        return perr(p, p->line, "unexpected characters after the closing quote");
    }
    *out = surql_buf_detach(&b);
    return *out ? SURQL_OK : SURQL_ENOMEM;
}

static int unquoted(parser *p, char **out)
{
    size_t start = p->i;
    size_t end = start;
    while (!at_eol(p)) {
        char c = p->s[p->i];
        if (c == '#' && p->i > start && is_space(p->s[p->i - 1]))
            break; /* " #" starts a comment */
        p->i++;
        end = p->i;
    }
    while (end > start && (is_space(p->s[end - 1]) || p->s[end - 1] == '\r'))
        end--;
    *out = surql_strndup(p->s + start, end - start);
    return *out ? SURQL_OK : SURQL_ENOMEM;
}

static int parse_text(surql_conn_dotenv *env, const char *text, size_t len)
{
    parser p = { text, len, 0, 1, env->origin };
    if (memchr(text, '\0', len)) {
        const char *z = memchr(text, '\0', len);
        size_t line = 1;
        for (const char *c = text; c < z; c++)
            line += *c == '\n';
        return perr(&p, line, "NUL byte in file");
    }
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        p.i = 3;
    while (p.i < p.len) {
        skip_spaces(&p);
        if (at_eol(&p) || p.s[p.i] == '#') {
            next_line(&p);
            continue;
        }
        if (p.len - p.i > 7 && memcmp(p.s + p.i, "export", 6) == 0 && is_space(p.s[p.i + 6])) {
            p.i += 6;
            skip_spaces(&p);
        }
        size_t line = p.line;
        if (at_eol(&p) || !key_start(p.s[p.i]))
            return perr(&p, line, "expected KEY=VALUE (invalid variable name)");
        size_t ks = p.i;
        while (p.i < p.len && key_char(p.s[p.i]))
            p.i++;
        size_t kl = p.i - ks;
        if (!at_eol(&p) && !is_space(p.s[p.i]) && p.s[p.i] != '=')
            return perr(&p, line, "invalid character in variable name");
        skip_spaces(&p);
        if (at_eol(&p) || p.s[p.i] != '=')
            return perr(&p, line, "expected '=' after the variable name");
        p.i++;
        skip_spaces(&p);
        char *value = NULL;
        int rc;
        if (p.i < p.len && (p.s[p.i] == '"' || p.s[p.i] == '\''))
            rc = quoted(&p, &value);
        else
            rc = unquoted(&p, &value);
        if (rc == SURQL_ENOMEM)
            return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
        if (rc != 0)
            return rc;
        rc = add_entry(env, p.s + ks, kl, value, line);
        if (rc != 0) {
            free(value);
            return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
        }
        next_line(&p);
    }
    return SURQL_OK;
}

int surql_conn_dotenv_parse(surql_conn_dotenv **out, const char *text, size_t len,
                            const char *origin)
{
    if (!out)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_dotenv_parse: out is NULL");
    *out = NULL;
    if (!text && len)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_dotenv_parse: text is NULL");
    const char *name = origin ? origin : "<string>";
    if (len > SURQL_CONN__DOTENV_MAX)
        return surql_error_set(SURQL_ERANGE, DOMAIN, "%s: larger than %zu bytes", name,
                               SURQL_CONN__DOTENV_MAX);
    surql_conn_dotenv *env = calloc(1, sizeof *env);
    if (!env || !(env->origin = surql_strdup(name))) {
        free(env);
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    }
    int rc = len ? parse_text(env, text, len) : SURQL_OK;
    if (rc != 0) {
        surql_conn_dotenv_free(env);
        return rc;
    }
    *out = env;
    return SURQL_OK;
}

int surql_conn_dotenv_parse_file(surql_conn_dotenv **out, const char *path)
{
    if (!out)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_dotenv_parse_file: out is NULL");
    *out = NULL;
    if (!path)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_dotenv_parse_file: path is NULL");
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        if (e == ENOENT)
            return surql_error_set(SURQL_ENOTFOUND, DOMAIN, "%s: no such file", path);
        return surql_error_set(SURQL_EIO, DOMAIN, "%s: cannot open: %s", path, strerror(e));
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return surql_error_set(SURQL_EIO, DOMAIN, "%s: not a regular file", path);
    }
    if ((uint64_t)st.st_size > SURQL_CONN__DOTENV_MAX) {
        close(fd);
        return surql_error_set(SURQL_ERANGE, DOMAIN, "%s: larger than %zu bytes", path,
                               SURQL_CONN__DOTENV_MAX);
    }
    surql_buf b = SURQL_BUF_INIT;
    char chunk[8192];
    int rc = SURQL_OK;
    for (;;) {
        ssize_t r = read(fd, chunk, sizeof chunk);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            rc = surql_error_set(SURQL_EIO, DOMAIN, "%s: read failed: %s", path, strerror(errno));
            break;
        }
        if (r == 0)
            break;
        if (b.size + (size_t)r > SURQL_CONN__DOTENV_MAX) {
            rc = surql_error_set(SURQL_ERANGE, DOMAIN, "%s: larger than %zu bytes", path,
                                 SURQL_CONN__DOTENV_MAX);
            break;
        }
        if (surql_buf_put(&b, chunk, (size_t)r) != 0) {
            rc = surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
            break;
        }
    }
    close(fd);
    if (rc == SURQL_OK)
        rc = surql_conn_dotenv_parse(out, b.ptr ? b.ptr : "", b.size, path);
    surql_buf_dispose(&b);
    return rc;
}
