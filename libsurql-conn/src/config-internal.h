/* Internals shared by config.c, config-env.c and dotenv.c. */
#ifndef SURQL_CONN_CONFIG_INTERNAL_H
#define SURQL_CONN_CONFIG_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <surql/conn/config.h>

/* Longest connection name (SURQL_{NAME}_*). */
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

#define CHECK_CFG(fn)                                                                      \
    do {                                                                                   \
        if (!cfg)                                                                          \
            return surql_error_set(SURQL_EINVAL, DOMAIN, fn ": config is NULL");           \
    } while (0)

/* SURQL_ENOMEM "out of memory" */
int surql_conn__cfg_nomem(void);
/* replace *dst with a copy of src (NULL, or "" when empty_unsets, -> NULL);
 * a secret's old value is wiped first */
int surql_conn__cfg_set_str(char **dst, const char *src, int empty_unsets, int secret);
/* 1 when @p name is 1-NAME_MAX_LEN letters, digits or '_' */
int surql_conn__cfg_valid_name(const char *name);
/* SURQL_CONN_ECONFIG naming the bad connection name */
int surql_conn__cfg_bad_name(const char *name);
/* cross-field checks; @p prefix (e.g. "DB_") names variables in messages, NULL = fields */
int surql_conn__cfg_validate_with(const surql_conn_config *cfg, const char *prefix);

/* Last definition of @p key: value and 1-based line, or NULL. */
const char *surql_conn__dotenv_find(const surql_conn_dotenv *env, const char *key, size_t *line);

/* The origin given at parse time (the file path). Never NULL. */
const char *surql_conn__dotenv_origin(const surql_conn_dotenv *env);

/* Largest .env file accepted. */
#define SURQL_CONN__DOTENV_MAX ((size_t)1 << 20)

#endif
