/* Connection configuration: defaults, setters/getters, validation and masked
 * display (environment and .env loading: config-env.c). See surql/conn/config.h. */
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

int surql_conn__cfg_nomem(void)
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
        return surql_conn__cfg_nomem();
    c->url = surql_strdup(SURQL_CONN_DEFAULT_URL);
    c->ns = surql_strdup(SURQL_CONN_DEFAULT_NAMESPACE);
    c->db = surql_strdup(SURQL_CONN_DEFAULT_DATABASE);
    if (!c->url || !c->ns || !c->db) {
        surql_conn_config_free(c);
        return surql_conn__cfg_nomem();
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
        return surql_conn__cfg_nomem();
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
        return surql_conn__cfg_nomem();
    }
    *out = c;
    return SURQL_OK;
}

/* ------------------------------------------------------------------------ */
/* setters                                                                   */


/* replace *dst with a copy of src (NULL or "" -> NULL when empty_unsets) */
int surql_conn__cfg_set_str(char **dst, const char *src, int empty_unsets, int secret)
{
    char *n = NULL;
    if (src && !(empty_unsets && !*src)) {
        n = surql_strdup(src);
        if (!n)
            return surql_conn__cfg_nomem();
    }
    if (secret)
        wipe(*dst);
    free(*dst);
    *dst = n;
    return SURQL_OK;
}

int surql_conn__cfg_valid_name(const char *name)
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

int surql_conn__cfg_bad_name(const char *name)
{
    return surql_error_set(SURQL_CONN_ECONFIG, DOMAIN,
                           "invalid connection name '%.80s': use 1-%d letters, digits or '_'", name,
                           NAME_MAX_LEN);
}

int surql_conn_config_set_name(surql_conn_config *cfg, const char *name)
{
    CHECK_CFG("surql_conn_config_set_name");
    if (name && !surql_conn__cfg_valid_name(name))
        return surql_conn__cfg_bad_name(name);
    return surql_conn__cfg_set_str(&cfg->name, name, 0, 0);
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
    return surql_conn__cfg_set_str(&cfg->ns, ns, 0, 0);
}

int surql_conn_config_set_database(surql_conn_config *cfg, const char *db)
{
    CHECK_CFG("surql_conn_config_set_database");
    if (!db || !*db)
        return surql_error_set(SURQL_CONN_ECONFIG, DOMAIN, "database must not be empty");
    return surql_conn__cfg_set_str(&cfg->db, db, 0, 0);
}

int surql_conn_config_set_username(surql_conn_config *cfg, const char *user)
{
    CHECK_CFG("surql_conn_config_set_username");
    return surql_conn__cfg_set_str(&cfg->user, user, 1, 0);
}

int surql_conn_config_set_password(surql_conn_config *cfg, const char *password)
{
    CHECK_CFG("surql_conn_config_set_password");
    return surql_conn__cfg_set_str(&cfg->pass, password, 1, 1);
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
    return surql_conn__cfg_set_str(&cfg->ca_file, path, 1, 0);
}

int surql_conn_config_set_tls_ca_path(surql_conn_config *cfg, const char *path)
{
    CHECK_CFG("surql_conn_config_set_tls_ca_path");
    return surql_conn__cfg_set_str(&cfg->ca_path, path, 1, 0);
}

int surql_conn_config_set_tls_cert_file(surql_conn_config *cfg, const char *path)
{
    CHECK_CFG("surql_conn_config_set_tls_cert_file");
    return surql_conn__cfg_set_str(&cfg->cert_file, path, 1, 0);
}

int surql_conn_config_set_tls_key_file(surql_conn_config *cfg, const char *path)
{
    CHECK_CFG("surql_conn_config_set_tls_key_file");
    return surql_conn__cfg_set_str(&cfg->key_file, path, 1, 0);
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

int surql_conn__cfg_validate_with(const surql_conn_config *cfg, const char *prefix)
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
    return surql_conn__cfg_validate_with(cfg, NULL);
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
