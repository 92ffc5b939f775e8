/* Connection configuration from the environment, lookups and .env files:
 * DB_* / SURQL_{NAME}_* / DB_{NAME}_* variables checked and applied field by
 * field (config.c holds the object and its setters). See surql/conn/config.h. */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <surql/conn/config.h>
#include <surql/conn/error.h>
#include <surql/schema/buf.h>
#include <surql/schema/error.h>
#include <surql/schema/log.h>

#include "config-internal.h"
#include "url-internal.h"

#define DOMAIN "surql-conn"
/* ------------------------------------------------------------------------ */
/* variable sources                                                          */

typedef enum src_kind { SRC_ENV, SRC_DOTENV, SRC_LOOKUP } src_kind;

typedef struct source {
    src_kind kind;
    const surql_conn_dotenv *dotenv;
    surql_conn_config_lookup_fn fn;
    void *ud;
} source;

typedef struct found {
    const char *value;
    const char *var;    /* the variable name that supplied the value */
    const char *file;   /* NULL unless from a .env file */
    size_t line;
} found;

enum kind { K_URL, K_STR, K_OPTSTR, K_SECRET, K_SECS, K_INT, K_MULT, K_PROTO, K_BOOL };

typedef struct field {
    const char *key;
    enum kind kind;
    size_t off;     /* offset of the member */
    double min, max; /* K_SECS: seconds; K_INT: ints; K_MULT */
} field;

#define OFF(m) offsetof(struct surql_conn_config, m)

static const field FIELDS[] = {
    { "URL", K_URL, OFF(url), 0, 0 },
    { "NAMESPACE", K_STR, OFF(ns), 0, 0 },
    { "DATABASE", K_STR, OFF(db), 0, 0 },
    { "USERNAME", K_OPTSTR, OFF(user), 0, 0 },
    { "PASSWORD", K_SECRET, OFF(pass), 0, 0 },
    { "TIMEOUT", K_SECS, OFF(timeout_ms), 1.0, 0 },
    { "MAX_CONNECTIONS", K_INT, OFF(max_connections), 1, 100 },
    { "RETRY_MAX_ATTEMPTS", K_INT, OFF(retry_max_attempts), 1, 10 },
    { "RETRY_MIN_WAIT", K_SECS, OFF(retry_min_wait_ms), 0.1, 0 },
    { "RETRY_MAX_WAIT", K_SECS, OFF(retry_max_wait_ms), 1.0, 0 },
    { "RETRY_MULTIPLIER", K_MULT, OFF(retry_multiplier), 1.0, SURQL_CONN_MAX_RETRY_MULTIPLIER },
    { "KEEPALIVE_INTERVAL", K_SECS, OFF(keepalive_interval_ms), 0.0, 0 },
    { "KEEPALIVE_TIMEOUT", K_SECS, OFF(keepalive_timeout_ms), 0.1, 0 },
    { "RECONNECT", K_BOOL, OFF(reconnect), 0, 0 },
    { "RECONNECT_MAX_ATTEMPTS", K_INT, OFF(reconnect_max_attempts), 0,
      SURQL_CONN_MAX_RECONNECT_MAX_ATTEMPTS },
    { "PROTOCOL", K_PROTO, OFF(protocol), 0, 0 },
    { "TLS_VERIFY", K_BOOL, OFF(tls_verify), 0, 0 },
    { "TLS_CA_FILE", K_OPTSTR, OFF(ca_file), 0, 0 },
    { "TLS_CA_PATH", K_OPTSTR, OFF(ca_path), 0, 0 },
    { "TLS_CERT_FILE", K_OPTSTR, OFF(cert_file), 0, 0 },
    { "TLS_KEY_FILE", K_OPTSTR, OFF(key_file), 0, 0 },
};

#define NFIELDS (sizeof FIELDS / sizeof FIELDS[0])
#define VAR_MAX (8 + NAME_MAX_LEN + 32)

static const char *src_get(const source *s, const char *var, size_t *line)
{
    *line = 0;
    switch (s->kind) {
    case SRC_ENV: return getenv(var);
    case SRC_DOTENV: return surql_conn__dotenv_find(s->dotenv, var, line);
    case SRC_LOOKUP: return s->fn(s->ud, var);
    }
    return NULL;
}

/* variable prefixes for a connection name: ("DB_") or ("SURQL_X_", "DB_X_") */
typedef struct prefixes {
    char p[2][NAME_MAX_LEN + 8];
    int n;
} prefixes;

static int make_prefixes(prefixes *px, const char *name)
{
    memset(px, 0, sizeof *px);
    if (!name) {
        memcpy(px->p[0], "DB_", 4);
        px->n = 1;
        return SURQL_OK;
    }
    if (!surql_conn__cfg_valid_name(name))
        return surql_conn__cfg_bad_name(name);
    char up[NAME_MAX_LEN + 1];
    size_t n = strlen(name);
    for (size_t i = 0; i < n; i++)
        up[i] = (name[i] >= 'a' && name[i] <= 'z') ? (char)(name[i] - 'a' + 'A') : name[i];
    up[n] = '\0';
    int w1 = snprintf(px->p[0], sizeof px->p[0], "SURQL_%s_", up);
    int w2 = snprintf(px->p[1], sizeof px->p[1], "DB_%s_", up);
    if (w1 < 0 || (size_t)w1 >= sizeof px->p[0] || w2 < 0 || (size_t)w2 >= sizeof px->p[1])
        return surql_conn__cfg_bad_name(name);
    px->n = 2;
    return SURQL_OK;
}

/* Find the winning value of one key: sources in precedence order, then the
 * prefixes in order; empty values count as unset. */
static int lookup(found *f, const source *src, size_t nsrc, const prefixes *px, const char *key,
                  char vars[2][VAR_MAX])
{
    for (int k = 0; k < px->n; k++) {
        int w = snprintf(vars[k], VAR_MAX, "%s%s", px->p[k], key);
        if (w < 0 || w >= VAR_MAX)
            return 0;
    }
    for (size_t s = 0; s < nsrc; s++) {
        for (int k = 0; k < px->n; k++) {
            size_t line;
            const char *v = src_get(&src[s], vars[k], &line);
            if (v && *v) {
                f->value = v;
                f->var = vars[k];
                f->file = src[s].kind == SRC_DOTENV ? surql_conn__dotenv_origin(src[s].dotenv)
                                                    : NULL;
                f->line = line;
                return 1;
            }
        }
    }
    return 0;
}

/* error about a variable value: "[file:line: ]VAR=value <what>" */
static int var_error(const found *f, int code, const char *what)
{
    if (f->file)
        return surql_error_set_at(code, DOMAIN, f->line, 0, "%s:%zu: %s=%.200s %s", f->file,
                                  f->line, f->var, f->value, what);
    return surql_error_set(code, DOMAIN, "%s=%.200s %s", f->var, f->value, what);
}

static int parse_number(const char *s, double *out)
{
    /* decimal only: no hex, inf, nan or surrounding spaces */
    for (const char *c = s; *c; c++)
        if (!((*c >= '0' && *c <= '9') || *c == '.' || *c == '-' || *c == '+' || *c == 'e' ||
              *c == 'E'))
            return -1;
    errno = 0;
    char *end = NULL;
    double d = strtod(s, &end);
    if (end == s || *end || errno == ERANGE || !isfinite(d))
        return -1;
    *out = d;
    return 0;
}

static int parse_int(const char *s, long *out)
{
    for (const char *c = s; *c; c++)
        if (!((*c >= '0' && *c <= '9') || ((*c == '-' || *c == '+') && c == s)))
            return -1;
    errno = 0;
    char *end = NULL;
    long v = strtol(s, &end, 10);
    if (end == s || *end || errno == ERANGE)
        return -1;
    *out = v;
    return 0;
}

static int parse_bool(const char *s, int *out)
{
    static const char *const T[] = { "true", "1", "yes", "on" };
    static const char *const F[] = { "false", "0", "no", "off" };
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(s, T[i]) == 0) {
            *out = 1;
            return 0;
        }
        if (strcasecmp(s, F[i]) == 0) {
            *out = 0;
            return 0;
        }
    }
    return -1;
}

static void fmt_min(char *buf, size_t cap, double v)
{
    snprintf(buf, cap, "%.1f", v);
}

/* store the value of field @p fd found in @p f into @p c */
static int apply_field(surql_conn_config *c, const field *fd, const found *f)
{
    char *base = (char *)c;
    char msg[128];
    switch (fd->kind) {
    case K_URL: {
        int rc = surql_conn_config_set_url(c, f->value);
        if (rc != 0 && rc != SURQL_ENOMEM) {
            char pfx[VAR_MAX + 600];
            if (f->file)
                snprintf(pfx, sizeof pfx, "%s:%zu: %s", f->file, f->line, f->var);
            else
                snprintf(pfx, sizeof pfx, "%s", f->var);
            surql_error_prefix(pfx);
        }
        return rc;
    }
    case K_STR:
    case K_OPTSTR:
    case K_SECRET:
        return surql_conn__cfg_set_str((char **)(void *)(base + fd->off), f->value, 1, fd->kind == K_SECRET);
    case K_SECS: {
        double d;
        if (parse_number(f->value, &d) != 0)
            return var_error(f, SURQL_CONN_ECONFIG, "is not a number of seconds");
        double max_s = (double)(SURQL_CONN_MAX_DURATION_MS / 1000);
        if (d < fd->min) {
            char m[32];
            fmt_min(m, sizeof m, fd->min);
            snprintf(msg, sizeof msg, "is out of range: allowed >= %s", m);
            return var_error(f, SURQL_CONN_ECONFIG, msg);
        }
        if (d > max_s) {
            char m[32];
            fmt_min(m, sizeof m, fd->min);
            snprintf(msg, sizeof msg, "is out of range: allowed %s-%.0f", m, max_s);
            return var_error(f, SURQL_CONN_ECONFIG, msg);
        }
        if (fd->off == OFF(keepalive_interval_ms) && d > 0 && d < 0.1)
            return var_error(f, SURQL_CONN_ECONFIG, "is out of range: allowed 0 (off) or >= 0.1");
        *(int64_t *)(void *)(base + fd->off) = (int64_t)(d * 1000.0 + 0.5);
        return SURQL_OK;
    }
    case K_INT: {
        long v;
        if (parse_int(f->value, &v) != 0)
            return var_error(f, SURQL_CONN_ECONFIG, "is not an integer");
        if (v < (long)fd->min || v > (long)fd->max) {
            snprintf(msg, sizeof msg, "is out of range: allowed %ld-%ld", (long)fd->min,
                     (long)fd->max);
            return var_error(f, SURQL_CONN_ECONFIG, msg);
        }
        *(int *)(void *)(base + fd->off) = (int)v;
        return SURQL_OK;
    }
    case K_MULT: {
        double d;
        if (parse_number(f->value, &d) != 0)
            return var_error(f, SURQL_CONN_ECONFIG, "is not a number");
        if (d < fd->min || d > fd->max) {
            char m[32];
            fmt_min(m, sizeof m, fd->min);
            if (d < fd->min)
                snprintf(msg, sizeof msg, "is out of range: allowed >= %s", m);
            else
                snprintf(msg, sizeof msg, "is out of range: allowed %s-%.1f", m, fd->max);
            return var_error(f, SURQL_CONN_ECONFIG, msg);
        }
        c->retry_multiplier = d;
        return SURQL_OK;
    }
    case K_PROTO:
        if (strcasecmp(f->value, "cbor") == 0)
            c->protocol = SURQL_CONN_PROTOCOL_CBOR;
        else if (strcasecmp(f->value, "json") == 0)
            c->protocol = SURQL_CONN_PROTOCOL_JSON;
        else
            return var_error(f, SURQL_CONN_ECONFIG, "is invalid: allowed cbor, json");
        return SURQL_OK;
    case K_BOOL: {
        int b;
        if (parse_bool(f->value, &b) != 0)
            return var_error(f, SURQL_CONN_ECONFIG,
                             "is invalid: allowed true/false, 1/0, yes/no, on/off");
        *(int *)(void *)(base + fd->off) = b;
        return SURQL_OK;
    }
    }
    return SURQL_OK;
}

/* apply every variable found in @p src (precedence order) to a copy of
 * @p cfg; on success the copy replaces the contents of @p cfg */
static int apply_sources(surql_conn_config *cfg, const char *name, const source *src, size_t nsrc)
{
    prefixes px;
    int rc = make_prefixes(&px, name);
    if (rc != 0)
        return rc;
    surql_conn_config *tmp = NULL;
    rc = surql_conn_config_copy(&tmp, cfg);
    if (rc != 0)
        return rc;
    if (name)
        rc = surql_conn_config_set_name(tmp, name);
    for (size_t i = 0; rc == 0 && i < NFIELDS; i++) {
        found f;
        char vars[2][VAR_MAX];
        if (!lookup(&f, src, nsrc, &px, FIELDS[i].key, vars))
            continue;
        surql_log(SURQL_LOG_DEBUG, DOMAIN, "config: %s from %s", f.var,
                  f.file ? f.file : "the environment");
        rc = apply_field(tmp, &FIELDS[i], &f);
    }
    if (rc != 0) {
        surql_conn_config_free(tmp);
        return rc;
    }
    surql_conn_config swap = *cfg;
    *cfg = *tmp;
    *tmp = swap;
    surql_conn_config_free(tmp);
    return SURQL_OK;
}

int surql_conn_config_apply_env(surql_conn_config *cfg, const char *name)
{
    CHECK_CFG("surql_conn_config_apply_env");
    source s = { SRC_ENV, NULL, NULL, NULL };
    return apply_sources(cfg, name, &s, 1);
}

int surql_conn_config_apply_lookup(surql_conn_config *cfg, const char *name,
                                   surql_conn_config_lookup_fn fn, void *userdata)
{
    CHECK_CFG("surql_conn_config_apply_lookup");
    if (!fn)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_config_apply_lookup: fn is NULL");
    source s = { SRC_LOOKUP, NULL, fn, userdata };
    return apply_sources(cfg, name, &s, 1);
}

int surql_conn_config_apply_dotenv(surql_conn_config *cfg, const char *name,
                                   const surql_conn_dotenv *env)
{
    CHECK_CFG("surql_conn_config_apply_dotenv");
    if (!env)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_config_apply_dotenv: env is NULL");
    source s = { SRC_DOTENV, env, NULL, NULL };
    return apply_sources(cfg, name, &s, 1);
}

static int finish(surql_conn_config **out, surql_conn_config *c, const char *name)
{
    prefixes px;
    int rc = make_prefixes(&px, name);
    if (rc == 0)
        rc = surql_conn__cfg_validate_with(c, px.p[0]);
    if (rc != 0) {
        surql_conn_config_free(c);
        return rc;
    }
    *out = c;
    return SURQL_OK;
}

int surql_conn_config_from_env(surql_conn_config **out, const char *name)
{
    if (!out)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_config_from_env: out is NULL");
    *out = NULL;
    surql_conn_config *c = NULL;
    int rc = surql_conn_config_new(&c);
    if (rc == 0)
        rc = surql_conn_config_apply_env(c, name);
    if (rc != 0) {
        surql_conn_config_free(c);
        return rc;
    }
    return finish(out, c, name);
}

static int valid_environment(const char *e)
{
    size_t n = strlen(e);
    if (n == 0 || n > 64 || e[0] == '.')
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = e[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.'))
            return 0;
    }
    return 1;
}

/* parse <dir>/<file> if it exists: *out NULL when missing */
static int load_dotenv(surql_conn_dotenv **out, const char *dir, const char *file)
{
    surql_buf path = SURQL_BUF_INIT;
    int rc = dir && *dir ? surql_buf_printf(&path, "%s/%s", dir, file) : surql_buf_puts(&path, file);
    if (rc != 0) {
        surql_buf_dispose(&path);
        return surql_conn__cfg_nomem();
    }
    rc = surql_conn_dotenv_parse_file(out, path.ptr);
    if (rc == SURQL_ENOTFOUND) {
        surql_log(SURQL_LOG_DEBUG, DOMAIN, "config: %s not found, skipped", path.ptr);
        rc = SURQL_OK;
    } else if (rc == SURQL_OK) {
        surql_log(SURQL_LOG_DEBUG, DOMAIN, "config: read %s (%zu entries)", path.ptr,
                  surql_conn_dotenv_count(*out));
    }
    surql_buf_dispose(&path);
    return rc;
}

int surql_conn_config_load(surql_conn_config **out, const char *name, const char *dir,
                           const char *environment)
{
    if (!out)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_config_load: out is NULL");
    *out = NULL;
    if (name && !surql_conn__cfg_valid_name(name))
        return surql_conn__cfg_bad_name(name);
    surql_conn_dotenv *base = NULL, *envfile = NULL;
    surql_conn_config *c = NULL;
    int rc = load_dotenv(&base, dir, ".env");
    if (rc != 0)
        return rc;

    /* which environment file: argument, then SURQL_ENV (environment, .env) */
    const char *env_name = environment;
    const char *env_var = "environment";
    if (!env_name) {
        env_var = "SURQL_ENV";
        env_name = getenv("SURQL_ENV");
        if (!env_name || !*env_name)
            env_name = surql_conn_dotenv_get(base, "SURQL_ENV");
    }
    if (env_name && *env_name) {
        if (!valid_environment(env_name)) {
            rc = surql_error_set(SURQL_CONN_ECONFIG, DOMAIN,
                                 "%s=%.80s is invalid: allowed 1-64 letters, digits, '_', '-', "
                                 "'.' (not starting with '.')",
                                 env_var, env_name);
            goto done;
        }
        surql_buf fname = SURQL_BUF_INIT;
        if (surql_buf_printf(&fname, ".env.%s", env_name) != 0) {
            surql_buf_dispose(&fname);
            rc = surql_conn__cfg_nomem();
            goto done;
        }
        rc = load_dotenv(&envfile, dir, fname.ptr);
        surql_buf_dispose(&fname);
        if (rc != 0)
            goto done;
    }

    rc = surql_conn_config_new(&c);
    if (rc != 0)
        goto done;
    source src[3];
    size_t n = 0;
    src[n++] = (source){ SRC_ENV, NULL, NULL, NULL };
    if (envfile)
        src[n++] = (source){ SRC_DOTENV, envfile, NULL, NULL };
    if (base)
        src[n++] = (source){ SRC_DOTENV, base, NULL, NULL };
    rc = apply_sources(c, name, src, n);
    if (rc == 0) {
        rc = finish(out, c, name);
        c = NULL;
    }
done:
    surql_conn_config_free(c);
    surql_conn_dotenv_free(base);
    surql_conn_dotenv_free(envfile);
    return rc;
}
