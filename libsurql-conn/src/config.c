/* Connection configuration: defaults, setters/getters, environment and .env
 * loading, validation and masked display. See surql/conn/config.h. */
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
#define NAME_MAX_LEN 64

struct surql_conn_config {
    char *name;
    char *url; /* normalised */
    int websocket;
    char *ns;
    char *db;
    char *user;
    char *pass;
    int64_t timeout_ms;
    int max_connections;
    int retry_max_attempts;
    int64_t retry_min_wait_ms;
    int64_t retry_max_wait_ms;
    double retry_multiplier;
    int64_t keepalive_interval_ms; /* 0 = off */
    int64_t keepalive_timeout_ms;
    int reconnect;
    int reconnect_max_attempts; /* 0 = unlimited */
    surql_conn_protocol protocol;
    int tls_verify;
    char *ca_file;
    char *ca_path;
    char *cert_file;
    char *key_file;
};

static void wipe(char *s)
{
    if (!s)
        return;
    volatile char *v = s;
    while (*v)
        *v++ = 0;
}

static void config_clear(surql_conn_config *c)
{
    free(c->name);
    free(c->url);
    free(c->ns);
    free(c->db);
    free(c->user);
    wipe(c->pass);
    free(c->pass);
    free(c->ca_file);
    free(c->ca_path);
    free(c->cert_file);
    free(c->key_file);
    memset(c, 0, sizeof *c);
}

void surql_conn_config_free(surql_conn_config *cfg)
{
    if (!cfg)
        return;
    config_clear(cfg);
    free(cfg);
}

static int nomem(void)
{
    return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
}

int surql_conn_config_new(surql_conn_config **out)
{
    if (!out)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_config_new: out is NULL");
    *out = NULL;
    surql_conn_config *c = calloc(1, sizeof *c);
    if (!c)
        return nomem();
    c->url = surql_strdup(SURQL_CONN_DEFAULT_URL);
    c->ns = surql_strdup(SURQL_CONN_DEFAULT_NAMESPACE);
    c->db = surql_strdup(SURQL_CONN_DEFAULT_DATABASE);
    if (!c->url || !c->ns || !c->db) {
        surql_conn_config_free(c);
        return nomem();
    }
    c->websocket = 1;
    c->timeout_ms = SURQL_CONN_DEFAULT_TIMEOUT_MS;
    c->max_connections = SURQL_CONN_DEFAULT_MAX_CONNECTIONS;
    c->retry_max_attempts = SURQL_CONN_DEFAULT_RETRY_MAX_ATTEMPTS;
    c->retry_min_wait_ms = SURQL_CONN_DEFAULT_RETRY_MIN_WAIT_MS;
    c->retry_max_wait_ms = SURQL_CONN_DEFAULT_RETRY_MAX_WAIT_MS;
    c->retry_multiplier = SURQL_CONN_DEFAULT_RETRY_MULTIPLIER;
    c->keepalive_interval_ms = SURQL_CONN_DEFAULT_KEEPALIVE_INTERVAL_MS;
    c->keepalive_timeout_ms = SURQL_CONN_DEFAULT_KEEPALIVE_TIMEOUT_MS;
    c->reconnect = 1;
    c->reconnect_max_attempts = SURQL_CONN_DEFAULT_RECONNECT_MAX_ATTEMPTS;
    c->protocol = SURQL_CONN_PROTOCOL_CBOR;
    c->tls_verify = 1;
    *out = c;
    return SURQL_OK;
}

/* duplicate an optional string; 0 ok, -1 out of memory */
static int dup_opt(char **dst, const char *src)
{
    *dst = NULL;
    if (!src)
        return 0;
    *dst = surql_strdup(src);
    return *dst ? 0 : -1;
}

int surql_conn_config_copy(surql_conn_config **out, const surql_conn_config *cfg)
{
    if (!out)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_config_copy: out is NULL");
    *out = NULL;
    if (!cfg)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_config_copy: config is NULL");
    surql_conn_config *c = calloc(1, sizeof *c);
    if (!c)
        return nomem();
    *c = *cfg;
    /* the strings still point into cfg: replace each with a copy */
    char **fields[] = { &c->name, &c->url, &c->ns, &c->db, &c->user, &c->pass,
                        &c->ca_file, &c->ca_path, &c->cert_file, &c->key_file };
    int fail = 0;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const char *src = fail ? NULL : *fields[i];
        if (dup_opt(fields[i], src) != 0)
            fail = 1;
    }
    if (fail) {
        surql_conn_config_free(c);
        return nomem();
    }
    *out = c;
    return SURQL_OK;
}

/* ------------------------------------------------------------------------ */
/* setters                                                                   */

#define CHECK_CFG(fn)                                                                      \
    do {                                                                                   \
        if (!cfg)                                                                          \
            return surql_error_set(SURQL_EINVAL, DOMAIN, fn ": config is NULL");           \
    } while (0)

/* replace *dst with a copy of src (NULL or "" -> NULL when empty_unsets) */
static int set_str(char **dst, const char *src, int empty_unsets, int secret)
{
    char *n = NULL;
    if (src && !(empty_unsets && !*src)) {
        n = surql_strdup(src);
        if (!n)
            return nomem();
    }
    if (secret)
        wipe(*dst);
    free(*dst);
    *dst = n;
    return SURQL_OK;
}

static int valid_name(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > NAME_MAX_LEN)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_'))
            return 0;
    }
    return 1;
}

static int bad_name(const char *name)
{
    return surql_error_set(SURQL_CONN_ECONFIG, DOMAIN,
                           "invalid connection name '%.80s': use 1-%d letters, digits or '_'", name,
                           NAME_MAX_LEN);
}

int surql_conn_config_set_name(surql_conn_config *cfg, const char *name)
{
    CHECK_CFG("surql_conn_config_set_name");
    if (name && !valid_name(name))
        return bad_name(name);
    return set_str(&cfg->name, name, 0, 0);
}

int surql_conn_config_set_url(surql_conn_config *cfg, const char *url)
{
    CHECK_CFG("surql_conn_config_set_url");
    if (!url)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_config_set_url: url is NULL");
    surql_conn__url u = SURQL_CONN__URL_INIT;
    int rc = surql_conn__url_parse(&u, url);
    if (rc != 0)
        return rc;
    free(cfg->url);
    cfg->url = u.normalized;
    cfg->websocket = u.websocket;
    u.normalized = NULL;
    surql_conn__url_clear(&u);
    return SURQL_OK;
}

int surql_conn_config_set_namespace(surql_conn_config *cfg, const char *ns)
{
    CHECK_CFG("surql_conn_config_set_namespace");
    if (!ns || !*ns)
        return surql_error_set(SURQL_CONN_ECONFIG, DOMAIN, "namespace must not be empty");
    return set_str(&cfg->ns, ns, 0, 0);
}

int surql_conn_config_set_database(surql_conn_config *cfg, const char *db)
{
    CHECK_CFG("surql_conn_config_set_database");
    if (!db || !*db)
        return surql_error_set(SURQL_CONN_ECONFIG, DOMAIN, "database must not be empty");
    return set_str(&cfg->db, db, 0, 0);
}

int surql_conn_config_set_username(surql_conn_config *cfg, const char *user)
{
    CHECK_CFG("surql_conn_config_set_username");
    return set_str(&cfg->user, user, 1, 0);
}

int surql_conn_config_set_password(surql_conn_config *cfg, const char *password)
{
    CHECK_CFG("surql_conn_config_set_password");
    return set_str(&cfg->pass, password, 1, 1);
}

static int ms_range(const char *what, int64_t v, int64_t min)
{
    if (v < min || v > SURQL_CONN_MAX_DURATION_MS)
        return surql_error_set(SURQL_CONN_ECONFIG, DOMAIN,
                               "%s=%lld is out of range: allowed >= %lld", what, (long long)v,
                               (long long)min);
    return SURQL_OK;
}

static int int_range(const char *what, int v, int min, int max)
{
    if (v < min || v > max)
        return surql_error_set(SURQL_CONN_ECONFIG, DOMAIN, "%s=%d is out of range: allowed %d-%d",
                               what, v, min, max);
    return SURQL_OK;
}

/* The body of a checked setter: fail unless cfg; store @p v in cfg->field when
 * @p check (a status) is SURQL_OK; return that status. */
#define SET_CHECKED(field, v, check)                                                       \
    do {                                                                                   \
        CHECK_CFG("surql_conn_config_set_" #field);                                        \
        int rc_ = (check);                                                                 \
        if (rc_ == SURQL_OK)                                                               \
            cfg->field = (v);                                                              \
        return rc_;                                                                        \
    } while (0)

static int multiplier_range(double m)
{
    if (!isfinite(m) || m < SURQL_CONN_MIN_RETRY_MULTIPLIER || m > SURQL_CONN_MAX_RETRY_MULTIPLIER)
        return surql_error_set(SURQL_CONN_ECONFIG, DOMAIN,
                               "retry_multiplier=%g is out of range: allowed >= %.1f", m,
                               SURQL_CONN_MIN_RETRY_MULTIPLIER);
    return SURQL_OK;
}

int surql_conn_config_set_timeout_ms(surql_conn_config *cfg, int64_t ms)
{
    SET_CHECKED(timeout_ms, ms, ms_range("timeout_ms", ms, SURQL_CONN_MIN_TIMEOUT_MS));
}

int surql_conn_config_set_max_connections(surql_conn_config *cfg, int n)
{
    SET_CHECKED(max_connections, n,
                int_range("max_connections", n, SURQL_CONN_MIN_MAX_CONNECTIONS,
                          SURQL_CONN_MAX_MAX_CONNECTIONS));
}

int surql_conn_config_set_retry_max_attempts(surql_conn_config *cfg, int n)
{
    SET_CHECKED(retry_max_attempts, n,
                int_range("retry_max_attempts", n, SURQL_CONN_MIN_RETRY_MAX_ATTEMPTS,
                          SURQL_CONN_MAX_RETRY_MAX_ATTEMPTS));
}

int surql_conn_config_set_retry_min_wait_ms(surql_conn_config *cfg, int64_t ms)
{
    SET_CHECKED(retry_min_wait_ms, ms,
                ms_range("retry_min_wait_ms", ms, SURQL_CONN_MIN_RETRY_MIN_WAIT_MS));
}

int surql_conn_config_set_retry_max_wait_ms(surql_conn_config *cfg, int64_t ms)
{
    SET_CHECKED(retry_max_wait_ms, ms,
                ms_range("retry_max_wait_ms", ms, SURQL_CONN_MIN_RETRY_MAX_WAIT_MS));
}

int surql_conn_config_set_retry_multiplier(surql_conn_config *cfg, double m)
{
    SET_CHECKED(retry_multiplier, m, multiplier_range(m));
}

int surql_conn_config_set_keepalive_interval_ms(surql_conn_config *cfg, int64_t ms)
{
    SET_CHECKED(keepalive_interval_ms, ms,
                ms ? ms_range("keepalive_interval_ms", ms, SURQL_CONN_MIN_KEEPALIVE_INTERVAL_MS)
                   : SURQL_OK);
}

int surql_conn_config_set_keepalive_timeout_ms(surql_conn_config *cfg, int64_t ms)
{
    SET_CHECKED(keepalive_timeout_ms, ms,
                ms_range("keepalive_timeout_ms", ms, SURQL_CONN_MIN_KEEPALIVE_TIMEOUT_MS));
}

int surql_conn_config_set_reconnect(surql_conn_config *cfg, int on)
{
    SET_CHECKED(reconnect, on != 0, SURQL_OK);
}

int surql_conn_config_set_reconnect_max_attempts(surql_conn_config *cfg, int n)
{
    SET_CHECKED(reconnect_max_attempts, n,
                int_range("reconnect_max_attempts", n, 0, SURQL_CONN_MAX_RECONNECT_MAX_ATTEMPTS));
}

int surql_conn_config_set_protocol(surql_conn_config *cfg, surql_conn_protocol p)
{
    CHECK_CFG("surql_conn_config_set_protocol");
    if (p != SURQL_CONN_PROTOCOL_CBOR && p != SURQL_CONN_PROTOCOL_JSON)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "unknown protocol %d", (int)p);
    cfg->protocol = p;
    return SURQL_OK;
}

int surql_conn_config_set_tls_verify(surql_conn_config *cfg, int verify)
{
    CHECK_CFG("surql_conn_config_set_tls_verify");
    cfg->tls_verify = verify ? 1 : 0;
    return SURQL_OK;
}

int surql_conn_config_set_tls_ca_file(surql_conn_config *cfg, const char *path)
{
    CHECK_CFG("surql_conn_config_set_tls_ca_file");
    return set_str(&cfg->ca_file, path, 1, 0);
}

int surql_conn_config_set_tls_ca_path(surql_conn_config *cfg, const char *path)
{
    CHECK_CFG("surql_conn_config_set_tls_ca_path");
    return set_str(&cfg->ca_path, path, 1, 0);
}

int surql_conn_config_set_tls_cert_file(surql_conn_config *cfg, const char *path)
{
    CHECK_CFG("surql_conn_config_set_tls_cert_file");
    return set_str(&cfg->cert_file, path, 1, 0);
}

int surql_conn_config_set_tls_key_file(surql_conn_config *cfg, const char *path)
{
    CHECK_CFG("surql_conn_config_set_tls_key_file");
    return set_str(&cfg->key_file, path, 1, 0);
}

/* ------------------------------------------------------------------------ */
/* getters                                                                   */

/* Every getter: the field, or a default when cfg is NULL. */
#define GETTER(type, name, field, dflt)                                                   \
    type surql_conn_config_##name(const surql_conn_config *cfg)                           \
    {                                                                                     \
        return cfg ? cfg->field : (dflt);                                                 \
    }

GETTER(const char *, get_name, name, NULL)
GETTER(const char *, get_url, url, NULL)
GETTER(const char *, get_namespace, ns, NULL)
GETTER(const char *, get_database, db, NULL)
GETTER(const char *, get_username, user, NULL)
GETTER(const char *, get_password, pass, NULL)
GETTER(int64_t, get_timeout_ms, timeout_ms, 0)
GETTER(int, get_max_connections, max_connections, 0)
GETTER(int, get_retry_max_attempts, retry_max_attempts, 0)
GETTER(int64_t, get_retry_min_wait_ms, retry_min_wait_ms, 0)
GETTER(int64_t, get_retry_max_wait_ms, retry_max_wait_ms, 0)
GETTER(double, get_retry_multiplier, retry_multiplier, 0.0)
GETTER(int64_t, get_keepalive_interval_ms, keepalive_interval_ms, 0)
GETTER(int64_t, get_keepalive_timeout_ms, keepalive_timeout_ms, 0)
GETTER(int, get_reconnect, reconnect, 0)
GETTER(int, get_reconnect_max_attempts, reconnect_max_attempts, 0)
GETTER(surql_conn_protocol, get_protocol, protocol, SURQL_CONN_PROTOCOL_CBOR)
GETTER(int, get_tls_verify, tls_verify, 1)
GETTER(const char *, get_tls_ca_file, ca_file, NULL)
GETTER(const char *, get_tls_ca_path, ca_path, NULL)
GETTER(const char *, get_tls_cert_file, cert_file, NULL)
GETTER(const char *, get_tls_key_file, key_file, NULL)
GETTER(int, is_websocket, websocket, 0)

const char *surql_conn_protocol_name(surql_conn_protocol p)
{
    switch (p) {
    case SURQL_CONN_PROTOCOL_CBOR: return "cbor";
    case SURQL_CONN_PROTOCOL_JSON: return "json";
    }
    return "?";
}

/* ------------------------------------------------------------------------ */
/* validation and display                                                    */

static int validate_with(const surql_conn_config *cfg, const char *prefix)
{
    if (cfg->retry_min_wait_ms > cfg->retry_max_wait_ms) {
        if (prefix)
            return surql_error_set(SURQL_CONN_ECONFIG, DOMAIN,
                                   "%sRETRY_MIN_WAIT (%.3g s) must not exceed %sRETRY_MAX_WAIT "
                                   "(%.3g s)",
                                   prefix, (double)cfg->retry_min_wait_ms / 1000.0, prefix,
                                   (double)cfg->retry_max_wait_ms / 1000.0);
        return surql_error_set(SURQL_CONN_ECONFIG, DOMAIN,
                               "retry_min_wait (%.3g s) must not exceed retry_max_wait (%.3g s)",
                               (double)cfg->retry_min_wait_ms / 1000.0,
                               (double)cfg->retry_max_wait_ms / 1000.0);
    }
    if (cfg->key_file && !cfg->cert_file) {
        if (prefix)
            return surql_error_set(SURQL_CONN_ECONFIG, DOMAIN,
                                   "%sTLS_KEY_FILE is set but %sTLS_CERT_FILE is not", prefix,
                                   prefix);
        return surql_error_set(SURQL_CONN_ECONFIG, DOMAIN,
                               "tls_key_file is set but tls_cert_file is not");
    }
    return SURQL_OK;
}

int surql_conn_config_validate(const surql_conn_config *cfg)
{
    if (!cfg)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_config_validate: config is NULL");
    return validate_with(cfg, NULL);
}

static int put_secs(surql_buf *b, const char *key, int64_t ms)
{
    if (ms % 100 == 0)
        return surql_buf_printf(b, "%s = %.1f s\n", key, (double)ms / 1000.0);
    return surql_buf_printf(b, "%s = %.3f s\n", key, (double)ms / 1000.0);
}

static int put_opt(surql_buf *b, const char *key, const char *v)
{
    return surql_buf_printf(b, "%s = %s\n", key, v ? v : "(unset)");
}

int surql_conn_config_to_string(surql_buf *out, const surql_conn_config *cfg)
{
    if (!out || !cfg)
        return surql_error_set(SURQL_EINVAL, DOMAIN,
                               "surql_conn_config_to_string: NULL argument");
    int rc = 0;
    if (cfg->name)
        rc = surql_buf_printf(out, "name = %s\n", cfg->name);
    if (rc == 0)
        rc = surql_buf_printf(out, "url = %s\nnamespace = %s\ndatabase = %s\n", cfg->url, cfg->ns,
                              cfg->db);
    if (rc == 0)
        rc = put_opt(out, "username", cfg->user);
    if (rc == 0)
        rc = put_opt(out, "password", cfg->pass ? "********" : NULL);
    if (rc == 0)
        rc = surql_buf_printf(out, "protocol = %s\n", surql_conn_protocol_name(cfg->protocol));
    if (rc == 0)
        rc = put_secs(out, "timeout", cfg->timeout_ms);
    if (rc == 0)
        rc = surql_buf_printf(out, "max_connections = %d\nretry_max_attempts = %d\n",
                              cfg->max_connections, cfg->retry_max_attempts);
    if (rc == 0)
        rc = put_secs(out, "retry_min_wait", cfg->retry_min_wait_ms);
    if (rc == 0)
        rc = put_secs(out, "retry_max_wait", cfg->retry_max_wait_ms);
    if (rc == 0)
        rc = surql_buf_printf(out, "retry_multiplier = %g\n", cfg->retry_multiplier);
    if (rc == 0)
        rc = put_secs(out, "keepalive_interval", cfg->keepalive_interval_ms);
    if (rc == 0)
        rc = put_secs(out, "keepalive_timeout", cfg->keepalive_timeout_ms);
    if (rc == 0)
        rc = surql_buf_printf(out, "reconnect = %s\nreconnect_max_attempts = %d\ntls_verify = %s\n",
                              cfg->reconnect ? "on" : "off", cfg->reconnect_max_attempts,
                              cfg->tls_verify ? "on" : "off");
    if (rc == 0)
        rc = put_opt(out, "tls_ca_file", cfg->ca_file);
    if (rc == 0)
        rc = put_opt(out, "tls_ca_path", cfg->ca_path);
    if (rc == 0)
        rc = put_opt(out, "tls_cert_file", cfg->cert_file);
    if (rc == 0)
        rc = put_opt(out, "tls_key_file", cfg->key_file);
    return rc;
}

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
    if (!valid_name(name))
        return bad_name(name);
    char up[NAME_MAX_LEN + 1];
    size_t n = strlen(name);
    for (size_t i = 0; i < n; i++)
        up[i] = (name[i] >= 'a' && name[i] <= 'z') ? (char)(name[i] - 'a' + 'A') : name[i];
    up[n] = '\0';
    int w1 = snprintf(px->p[0], sizeof px->p[0], "SURQL_%s_", up);
    int w2 = snprintf(px->p[1], sizeof px->p[1], "DB_%s_", up);
    if (w1 < 0 || (size_t)w1 >= sizeof px->p[0] || w2 < 0 || (size_t)w2 >= sizeof px->p[1])
        return bad_name(name);
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
        return set_str((char **)(void *)(base + fd->off), f->value, 1, fd->kind == K_SECRET);
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
        rc = validate_with(c, px.p[0]);
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
        return nomem();
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
    if (name && !valid_name(name))
        return bad_name(name);
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
            rc = nomem();
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
