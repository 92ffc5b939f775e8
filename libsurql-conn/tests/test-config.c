/* Connection configuration: defaults, setters, DB_* / SURQL_<NAME>_* /
 * DB_<NAME>_* variables, .env files and their precedence, validation
 * messages, URL rules, masking. Public API only; no server. */
#include "surql_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <surql/conn.h>

extern char **environ;

/* unset every DB_* and SURQL_* variable except the harness's own */
static void clear_env(void)
{
    char *names[512];
    size_t n = 0;
    for (char **e = environ; *e && n < 512; e++) {
        if (strncmp(*e, "DB_", 3) != 0 && strncmp(*e, "SURQL_", 6) != 0)
            continue;
        if (strncmp(*e, "SURQL_SOURCE_DIR=", 17) == 0 || strncmp(*e, "SURQL_BINARY_DIR=", 17) == 0 ||
            strncmp(*e, "SURQL_TEST_", 11) == 0)
            continue;
        const char *eq = strchr(*e, '=');
        if (!eq)
            continue;
        names[n] = strndup(*e, (size_t)(eq - *e));
        if (names[n])
            n++;
    }
    for (size_t i = 0; i < n; i++) {
        unsetenv(names[i]);
        free(names[i]);
    }
}

static const char *msg(void)
{
    return surql_error_last()->message;
}

/* setenv() each NAME, VALUE pair of the NULL-terminated list @p kv */
static void set_env(const char *const *kv)
{
    for (; kv[0] && kv[1]; kv += 2)
        setenv(kv[0], kv[1], 1);
}

/* the numeric settings of @p c are these */
static int limits_are(const char *file, int line, const surql_conn_config *c, long long timeout_ms,
                      long long max_connections, long long retry_max_attempts,
                      long long retry_min_wait_ms, long long retry_max_wait_ms)
{
    return st_eq_int(file, line, "timeout_ms", "expected", surql_conn_config_get_timeout_ms(c),
                     timeout_ms) &&
           st_eq_int(file, line, "max_connections", "expected",
                     surql_conn_config_get_max_connections(c), max_connections) &&
           st_eq_int(file, line, "retry_max_attempts", "expected",
                     surql_conn_config_get_retry_max_attempts(c), retry_max_attempts) &&
           st_eq_int(file, line, "retry_min_wait_ms", "expected",
                     surql_conn_config_get_retry_min_wait_ms(c), retry_min_wait_ms) &&
           st_eq_int(file, line, "retry_max_wait_ms", "expected",
                     surql_conn_config_get_retry_max_wait_ms(c), retry_max_wait_ms);
}
#define LIMITS_ARE(c, ...)                                                            \
    do {                                                                              \
        if (!limits_are(__FILE__, __LINE__, (c), __VA_ARGS__))                        \
            return;                                                                   \
    } while (0)

/* expect @p expr to fail with @p code and exactly message @p m */
#define ST_ERR_MSG(expr, code, m)                                                     \
    do {                                                                              \
        ST_ERR(expr, code);                                                           \
        ST_EQ_STR(msg(), m);                                                          \
    } while (0)

ST_TEST(defaults)
{
    clear_env();
    surql_conn_config *c = NULL;
    ST_OK(surql_conn_config_new(&c));
    ST_EQ_STR(surql_conn_config_get_url(c), "ws://localhost:8000/rpc");
    ST_EQ_STR(surql_conn_config_get_namespace(c), "development");
    ST_EQ_STR(surql_conn_config_get_database(c), "main");
    ST_CHECK(surql_conn_config_get_username(c) == NULL);
    ST_CHECK(surql_conn_config_get_password(c) == NULL);
    ST_CHECK(surql_conn_config_get_name(c) == NULL);
    LIMITS_ARE(c, 30000, 10, 3, 1000, 10000);
    ST_CHECK(surql_conn_config_get_retry_multiplier(c) == 2.0);
    ST_EQ_INT(surql_conn_config_get_protocol(c), SURQL_CONN_PROTOCOL_CBOR);
    ST_EQ_INT(surql_conn_config_get_tls_verify(c), 1);
    ST_CHECK(surql_conn_config_get_tls_ca_file(c) == NULL);
    ST_CHECK(surql_conn_config_get_tls_ca_path(c) == NULL);
    ST_CHECK(surql_conn_config_get_tls_cert_file(c) == NULL);
    ST_CHECK(surql_conn_config_get_tls_key_file(c) == NULL);
    ST_EQ_INT(surql_conn_config_is_websocket(c), 1);
    ST_OK(surql_conn_config_validate(c));
    surql_conn_config_free(c);

    /* from_env with nothing set = defaults */
    ST_OK(surql_conn_config_from_env(&c, NULL));
    ST_EQ_STR(surql_conn_config_get_url(c), SURQL_CONN_DEFAULT_URL);
    ST_EQ_INT(surql_conn_config_get_max_connections(c), 10);
    surql_conn_config_free(c);
    surql_conn_config_free(NULL);
    surql_conn_dotenv_free(NULL);
}

ST_TEST(setters)
{
    surql_conn_config *c = NULL;
    ST_OK(surql_conn_config_new(&c));
    ST_OK(surql_conn_config_set_url(c, "HTTPS://db.example.com:8443/"));
    ST_EQ_STR(surql_conn_config_get_url(c), "https://db.example.com:8443");
    ST_EQ_INT(surql_conn_config_is_websocket(c), 0);
    ST_OK(surql_conn_config_set_namespace(c, "app"));
    ST_OK(surql_conn_config_set_database(c, "prod"));
    ST_OK(surql_conn_config_set_username(c, "root"));
    ST_OK(surql_conn_config_set_password(c, "s3cret"));
    ST_OK(surql_conn_config_set_timeout_ms(c, 1000));
    ST_OK(surql_conn_config_set_max_connections(c, 100));
    ST_OK(surql_conn_config_set_retry_max_attempts(c, 1));
    ST_OK(surql_conn_config_set_retry_min_wait_ms(c, 100));
    ST_OK(surql_conn_config_set_retry_max_wait_ms(c, 1000));
    ST_OK(surql_conn_config_set_retry_multiplier(c, 1.0));
    ST_OK(surql_conn_config_set_protocol(c, SURQL_CONN_PROTOCOL_JSON));
    ST_OK(surql_conn_config_set_tls_verify(c, 0));
    ST_OK(surql_conn_config_set_tls_ca_file(c, "/etc/ca.pem"));
    ST_OK(surql_conn_config_set_tls_ca_path(c, "/etc/ssl/certs"));
    ST_OK(surql_conn_config_set_tls_cert_file(c, "/etc/client.pem"));
    ST_OK(surql_conn_config_set_tls_key_file(c, "/etc/client.key"));
    ST_OK(surql_conn_config_set_name(c, "Analytics"));
    ST_EQ_STR(surql_conn_config_get_namespace(c), "app");
    ST_EQ_STR(surql_conn_config_get_database(c), "prod");
    ST_EQ_STR(surql_conn_config_get_username(c), "root");
    ST_EQ_STR(surql_conn_config_get_password(c), "s3cret");
    LIMITS_ARE(c, 1000, 100, 1, 100, 1000);
    ST_EQ_INT(surql_conn_config_get_protocol(c), SURQL_CONN_PROTOCOL_JSON);
    ST_EQ_INT(surql_conn_config_get_tls_verify(c), 0);
    ST_EQ_STR(surql_conn_config_get_tls_ca_file(c), "/etc/ca.pem");
    ST_EQ_STR(surql_conn_config_get_tls_ca_path(c), "/etc/ssl/certs");
    ST_EQ_STR(surql_conn_config_get_tls_cert_file(c), "/etc/client.pem");
    ST_EQ_STR(surql_conn_config_get_tls_key_file(c), "/etc/client.key");
    ST_EQ_STR(surql_conn_config_get_name(c), "Analytics");

    /* copy is deep and independent */
    surql_conn_config *d = NULL;
    ST_OK(surql_conn_config_copy(&d, c));
    ST_OK(surql_conn_config_set_password(c, NULL));
    ST_OK(surql_conn_config_set_username(c, ""));
    ST_CHECK(surql_conn_config_get_password(c) == NULL);
    ST_CHECK(surql_conn_config_get_username(c) == NULL);
    ST_EQ_STR(surql_conn_config_get_password(d), "s3cret");
    ST_EQ_STR(surql_conn_config_get_tls_key_file(d), "/etc/client.key");
    surql_conn_config_free(d);

    /* range violations name the setting and the allowed range; value unchanged */
    ST_ERR_MSG(surql_conn_config_set_timeout_ms(c, 999), SURQL_CONN_ECONFIG,
               "timeout_ms=999 is out of range: allowed >= 1000");
    ST_ERR_MSG(surql_conn_config_set_max_connections(c, 0), SURQL_CONN_ECONFIG,
               "max_connections=0 is out of range: allowed 1-100");
    ST_ERR_MSG(surql_conn_config_set_max_connections(c, 101), SURQL_CONN_ECONFIG,
               "max_connections=101 is out of range: allowed 1-100");
    ST_ERR_MSG(surql_conn_config_set_retry_max_attempts(c, 11), SURQL_CONN_ECONFIG,
               "retry_max_attempts=11 is out of range: allowed 1-10");
    ST_ERR_MSG(surql_conn_config_set_retry_min_wait_ms(c, 99), SURQL_CONN_ECONFIG,
               "retry_min_wait_ms=99 is out of range: allowed >= 100");
    ST_ERR_MSG(surql_conn_config_set_retry_max_wait_ms(c, 999), SURQL_CONN_ECONFIG,
               "retry_max_wait_ms=999 is out of range: allowed >= 1000");
    ST_ERR_MSG(surql_conn_config_set_retry_multiplier(c, 0.5), SURQL_CONN_ECONFIG,
               "retry_multiplier=0.5 is out of range: allowed >= 1.0");
    ST_ERR(surql_conn_config_set_protocol(c, (surql_conn_protocol)7), SURQL_EINVAL);
    ST_ERR_MSG(surql_conn_config_set_namespace(c, ""), SURQL_CONN_ECONFIG,
               "namespace must not be empty");
    ST_ERR(surql_conn_config_set_database(c, NULL), SURQL_CONN_ECONFIG);
    ST_ERR(surql_conn_config_set_name(c, "bad-name"), SURQL_CONN_ECONFIG);
    ST_ERR(surql_conn_config_set_url(c, "ftp://x"), SURQL_CONN_EURL);
    ST_EQ_INT(surql_conn_config_get_timeout_ms(c), 1000);
    ST_EQ_INT(surql_conn_config_get_max_connections(c), 100);
    ST_EQ_STR(surql_conn_config_get_url(c), "https://db.example.com:8443");
    ST_EQ_STR(surql_conn_config_get_namespace(c), "app");

    /* cross-field rules */
    ST_OK(surql_conn_config_set_retry_min_wait_ms(c, 5000));
    ST_ERR_MSG(surql_conn_config_validate(c), SURQL_CONN_ECONFIG,
               "retry_min_wait (5 s) must not exceed retry_max_wait (1 s)");
    ST_OK(surql_conn_config_set_retry_max_wait_ms(c, 5000));
    ST_OK(surql_conn_config_set_tls_cert_file(c, NULL));
    ST_ERR_MSG(surql_conn_config_validate(c), SURQL_CONN_ECONFIG,
               "tls_key_file is set but tls_cert_file is not");
    ST_OK(surql_conn_config_set_tls_key_file(c, NULL));
    ST_OK(surql_conn_config_validate(c));

    /* NULL handling */
    ST_ERR(surql_conn_config_new(NULL), SURQL_EINVAL);
    ST_ERR(surql_conn_config_set_url(NULL, "ws://x"), SURQL_EINVAL);
    ST_ERR(surql_conn_config_copy(&d, NULL), SURQL_EINVAL);
    ST_CHECK(d == NULL);
    ST_CHECK(surql_conn_config_get_url(NULL) == NULL);
    surql_conn_config_free(c);
}

ST_TEST(env_db_vars)
{
    static const char *const vars[] = {
        "DB_URL", "wss://db.example.com/rpc",
        "DB_NAMESPACE", "myapp",
        "DB_DATABASE", "mydb",
        "DB_USERNAME", "root",
        "DB_PASSWORD", "pw",
        "DB_TIMEOUT", "2.5",
        "DB_MAX_CONNECTIONS", "50",
        "DB_RETRY_MAX_ATTEMPTS", "10",
        "DB_RETRY_MIN_WAIT", "0.1",
        "DB_RETRY_MAX_WAIT", "1",
        "DB_RETRY_MULTIPLIER", "1.5",
        "DB_PROTOCOL", "JSON",
        "DB_TLS_VERIFY", "off",
        "DB_TLS_CA_FILE", "/ca.pem",
        "DB_TLS_CERT_FILE", "/c.pem",
        "DB_TLS_KEY_FILE", "/k.pem",
        "SURQL_OTHER_URL", "ws://ignored:1", /* named vars do not leak */
        NULL,
    };
    clear_env();
    set_env(vars);
    surql_conn_config *c = NULL;
    ST_OK(surql_conn_config_from_env(&c, NULL));
    ST_EQ_STR(surql_conn_config_get_url(c), "wss://db.example.com/rpc");
    ST_EQ_STR(surql_conn_config_get_namespace(c), "myapp");
    ST_EQ_STR(surql_conn_config_get_database(c), "mydb");
    ST_EQ_STR(surql_conn_config_get_username(c), "root");
    ST_EQ_STR(surql_conn_config_get_password(c), "pw");
    LIMITS_ARE(c, 2500, 50, 10, 100, 1000);
    ST_CHECK(surql_conn_config_get_retry_multiplier(c) == 1.5);
    ST_EQ_INT(surql_conn_config_get_protocol(c), SURQL_CONN_PROTOCOL_JSON);
    ST_EQ_INT(surql_conn_config_get_tls_verify(c), 0);
    ST_EQ_STR(surql_conn_config_get_tls_ca_file(c), "/ca.pem");
    ST_CHECK(surql_conn_config_get_name(c) == NULL);
    surql_conn_config_free(c);

    /* empty values count as unset */
    clear_env();
    setenv("DB_USERNAME", "", 1);
    setenv("DB_MAX_CONNECTIONS", "", 1);
    ST_OK(surql_conn_config_from_env(&c, NULL));
    ST_CHECK(surql_conn_config_get_username(c) == NULL);
    ST_EQ_INT(surql_conn_config_get_max_connections(c), 10);

    /* apply_env on an existing config keeps what the environment does not set,
     * and leaves the config unchanged on failure */
    clear_env();
    ST_OK(surql_conn_config_set_namespace(c, "kept"));
    setenv("DB_DATABASE", "newdb", 1);
    ST_OK(surql_conn_config_apply_env(c, NULL));
    ST_EQ_STR(surql_conn_config_get_namespace(c), "kept");
    ST_EQ_STR(surql_conn_config_get_database(c), "newdb");
    setenv("DB_DATABASE", "other", 1);
    setenv("DB_MAX_CONNECTIONS", "500", 1);
    ST_ERR(surql_conn_config_apply_env(c, NULL), SURQL_CONN_ECONFIG);
    ST_EQ_STR(surql_conn_config_get_database(c), "newdb");
    surql_conn_config_free(c);
    clear_env();
}

ST_TEST(env_named)
{
    static const char *const vars[] = {
        "SURQL_ANALYTICS_URL", "ws://analytics:8000",
        "SURQL_ANALYTICS_NAMESPACE", "ana",
        "DB_ANALYTICS_NAMESPACE", "legacy-loses",
        "DB_ANALYTICS_DATABASE", "legacy-db", /* legacy fallback */
        "DB_ANALYTICS_MAX_CONNECTIONS", "7",
        "DB_DATABASE", "unnamed-not-used",
        "DB_USERNAME", "unnamed-user",
        NULL,
    };
    clear_env();
    set_env(vars);
    surql_conn_config *c = NULL;
    ST_OK(surql_conn_config_from_env(&c, "analytics")); /* case-insensitive */
    ST_EQ_STR(surql_conn_config_get_name(c), "analytics");
    ST_EQ_STR(surql_conn_config_get_url(c), "ws://analytics:8000/rpc");
    ST_EQ_STR(surql_conn_config_get_namespace(c), "ana");
    ST_EQ_STR(surql_conn_config_get_database(c), "legacy-db");
    ST_EQ_INT(surql_conn_config_get_max_connections(c), 7);
    ST_CHECK(surql_conn_config_get_username(c) == NULL);
    surql_conn_config_free(c);

    ST_OK(surql_conn_config_from_env(&c, "AnAlYtIcS"));
    ST_EQ_STR(surql_conn_config_get_namespace(c), "ana");
    surql_conn_config_free(c);

    /* a name with no variables gives the defaults */
    ST_OK(surql_conn_config_from_env(&c, "cache"));
    ST_EQ_STR(surql_conn_config_get_url(c), SURQL_CONN_DEFAULT_URL);
    ST_EQ_STR(surql_conn_config_get_database(c), "main");
    surql_conn_config_free(c);

    /* errors name the variable actually used */
    setenv("DB_ANALYTICS_RETRY_MAX_ATTEMPTS", "0", 1);
    ST_ERR_MSG(surql_conn_config_from_env(&c, "analytics"), SURQL_CONN_ECONFIG,
               "DB_ANALYTICS_RETRY_MAX_ATTEMPTS=0 is out of range: allowed 1-10");
    ST_CHECK(c == NULL);
    setenv("SURQL_ANALYTICS_RETRY_MAX_ATTEMPTS", "12", 1);
    ST_ERR_MSG(surql_conn_config_from_env(&c, "analytics"), SURQL_CONN_ECONFIG,
               "SURQL_ANALYTICS_RETRY_MAX_ATTEMPTS=12 is out of range: allowed 1-10");

    ST_ERR(surql_conn_config_from_env(&c, ""), SURQL_CONN_ECONFIG);
    ST_ERR_MSG(surql_conn_config_from_env(&c, "a-b"), SURQL_CONN_ECONFIG,
               "invalid connection name 'a-b': use 1-64 letters, digits or '_'");
    clear_env();
}

typedef struct range_case {
    const char *var, *value, *message;
    int code;
} range_case;

ST_TEST(env_range_messages)
{
    static const range_case cases[] = {
        { "DB_TIMEOUT", "0.5", "DB_TIMEOUT=0.5 is out of range: allowed >= 1.0", SURQL_CONN_ECONFIG },
        { "DB_TIMEOUT", "0", "DB_TIMEOUT=0 is out of range: allowed >= 1.0", SURQL_CONN_ECONFIG },
        { "DB_TIMEOUT", "-3", "DB_TIMEOUT=-3 is out of range: allowed >= 1.0", SURQL_CONN_ECONFIG },
        { "DB_TIMEOUT", "abc", "DB_TIMEOUT=abc is not a number of seconds", SURQL_CONN_ECONFIG },
        { "DB_TIMEOUT", "1e12", "DB_TIMEOUT=1e12 is out of range: allowed 1.0-1000000000",
          SURQL_CONN_ECONFIG },
        { "DB_TIMEOUT", "nan", "DB_TIMEOUT=nan is not a number of seconds", SURQL_CONN_ECONFIG },
        { "DB_TIMEOUT", "0x10", "DB_TIMEOUT=0x10 is not a number of seconds", SURQL_CONN_ECONFIG },
        { "DB_TIMEOUT", " 5", "DB_TIMEOUT= 5 is not a number of seconds", SURQL_CONN_ECONFIG },
        { "DB_MAX_CONNECTIONS", "500", "DB_MAX_CONNECTIONS=500 is out of range: allowed 1-100",
          SURQL_CONN_ECONFIG },
        { "DB_MAX_CONNECTIONS", "0", "DB_MAX_CONNECTIONS=0 is out of range: allowed 1-100",
          SURQL_CONN_ECONFIG },
        { "DB_MAX_CONNECTIONS", "1.5", "DB_MAX_CONNECTIONS=1.5 is not an integer",
          SURQL_CONN_ECONFIG },
        { "DB_MAX_CONNECTIONS", "ten", "DB_MAX_CONNECTIONS=ten is not an integer",
          SURQL_CONN_ECONFIG },
        { "DB_MAX_CONNECTIONS", "99999999999999999999",
          "DB_MAX_CONNECTIONS=99999999999999999999 is not an integer", SURQL_CONN_ECONFIG },
        { "DB_RETRY_MAX_ATTEMPTS", "0", "DB_RETRY_MAX_ATTEMPTS=0 is out of range: allowed 1-10",
          SURQL_CONN_ECONFIG },
        { "DB_RETRY_MAX_ATTEMPTS", "11", "DB_RETRY_MAX_ATTEMPTS=11 is out of range: allowed 1-10",
          SURQL_CONN_ECONFIG },
        { "DB_RETRY_MIN_WAIT", "0.05", "DB_RETRY_MIN_WAIT=0.05 is out of range: allowed >= 0.1",
          SURQL_CONN_ECONFIG },
        { "DB_RETRY_MAX_WAIT", "0.5", "DB_RETRY_MAX_WAIT=0.5 is out of range: allowed >= 1.0",
          SURQL_CONN_ECONFIG },
        { "DB_RETRY_MULTIPLIER", "0.9", "DB_RETRY_MULTIPLIER=0.9 is out of range: allowed >= 1.0",
          SURQL_CONN_ECONFIG },
        { "DB_RETRY_MULTIPLIER", "x", "DB_RETRY_MULTIPLIER=x is not a number", SURQL_CONN_ECONFIG },
        { "DB_PROTOCOL", "msgpack", "DB_PROTOCOL=msgpack is invalid: allowed cbor, json",
          SURQL_CONN_ECONFIG },
        { "DB_TLS_VERIFY", "maybe",
          "DB_TLS_VERIFY=maybe is invalid: allowed true/false, 1/0, yes/no, on/off",
          SURQL_CONN_ECONFIG },
        { "DB_URL", "ftp://host",
          "DB_URL: invalid URL 'ftp://host': unsupported scheme 'ftp' (allowed: ws, wss, http, "
          "https)",
          SURQL_CONN_EURL },
        { "DB_URL", "localhost:8000",
          "DB_URL: invalid URL 'localhost:8000': no scheme: expected ws://, wss://, http:// or "
          "https://",
          SURQL_CONN_EURL },
        { "DB_RETRY_MIN_WAIT", "20",
          "DB_RETRY_MIN_WAIT (20 s) must not exceed DB_RETRY_MAX_WAIT (10 s)", SURQL_CONN_ECONFIG },
        { "DB_TLS_KEY_FILE", "/k.pem", "DB_TLS_KEY_FILE is set but DB_TLS_CERT_FILE is not",
          SURQL_CONN_ECONFIG },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        clear_env();
        setenv(cases[i].var, cases[i].value, 1);
        surql_conn_config *c = (surql_conn_config *)&c; /* must become NULL */
        ST_ERR_MSG(surql_conn_config_from_env(&c, NULL), cases[i].code, cases[i].message);
        ST_CHECK(c == NULL);
        ST_EQ_STR(surql_error_last()->domain, "surql-conn");
    }
    /* the boundaries are accepted */
    static const char *const bounds[] = {
        "DB_TIMEOUT", "1.0",
        "DB_MAX_CONNECTIONS", "100",
        "DB_RETRY_MAX_ATTEMPTS", "1",
        "DB_RETRY_MIN_WAIT", "0.1",
        "DB_RETRY_MAX_WAIT", "1.0",
        "DB_RETRY_MULTIPLIER", "1",
        "DB_TLS_VERIFY", "TRUE",
        NULL,
    };
    clear_env();
    set_env(bounds);
    surql_conn_config *c = NULL;
    ST_OK(surql_conn_config_from_env(&c, NULL));
    ST_EQ_INT(surql_conn_config_get_timeout_ms(c), 1000);
    ST_EQ_INT(surql_conn_config_get_retry_min_wait_ms(c), 100);
    surql_conn_config_free(c);
    clear_env();
}

/* ------------------------------------------------------------------------ */
/* .env parsing                                                              */

ST_TEST(dotenv_syntax)
{
    static const char text[] =
        "\xEF\xBB\xBF# comment line\n"
        "\n"
        "   # indented comment\n"
        "PLAIN=value\n"
        "export EXPORTED=yes\n"
        "SPACES = around equals   \n"
        "INLINE=abc # a comment\n"
        "HASH=a#b\n"
        "EMPTY=\n"
        "EMPTY_DQ=\"\"\n"
        "DQ=\"hello \\\"world\\\"\\n\\ttab \\\\ \\$HOME\" # trailing comment\n"
        "SQ='it\\'s $literal \\n'\n"
        "MULTI=\"line1\nline2\"\n"
        "CRLF=crlf\r\n"
        "AFTER=multi-ok\n"
        "DUP=first\n"
        "DUP=second\n"
        "DOTTED.KEY=1\n"
        "UNKNOWN_ESC=\"a\\qb\"\n"
        "URL=ws://host:8000/rpc?x#frag\n"
        "LAST=no newline";
    surql_conn_dotenv *e = NULL;
    ST_OK(surql_conn_dotenv_parse(&e, text, sizeof text - 1, "test.env"));
    ST_EQ_STR(surql_conn_dotenv_get(e, "PLAIN"), "value");
    ST_EQ_STR(surql_conn_dotenv_get(e, "EXPORTED"), "yes");
    ST_EQ_STR(surql_conn_dotenv_get(e, "SPACES"), "around equals");
    ST_EQ_STR(surql_conn_dotenv_get(e, "INLINE"), "abc");
    ST_EQ_STR(surql_conn_dotenv_get(e, "HASH"), "a#b");
    ST_EQ_STR(surql_conn_dotenv_get(e, "EMPTY"), "");
    ST_EQ_STR(surql_conn_dotenv_get(e, "EMPTY_DQ"), "");
    ST_EQ_STR(surql_conn_dotenv_get(e, "DQ"), "hello \"world\"\n\ttab \\ $HOME");
    ST_EQ_STR(surql_conn_dotenv_get(e, "SQ"), "it's $literal \\n");
    ST_EQ_STR(surql_conn_dotenv_get(e, "MULTI"), "line1\nline2");
    ST_EQ_STR(surql_conn_dotenv_get(e, "CRLF"), "crlf");
    ST_EQ_STR(surql_conn_dotenv_get(e, "AFTER"), "multi-ok");
    ST_EQ_STR(surql_conn_dotenv_get(e, "DUP"), "second");
    ST_EQ_STR(surql_conn_dotenv_get(e, "DOTTED.KEY"), "1");
    ST_EQ_STR(surql_conn_dotenv_get(e, "UNKNOWN_ESC"), "a\\qb");
    ST_EQ_STR(surql_conn_dotenv_get(e, "URL"), "ws://host:8000/rpc?x#frag");
    ST_EQ_STR(surql_conn_dotenv_get(e, "LAST"), "no newline");
    ST_CHECK(surql_conn_dotenv_get(e, "MISSING") == NULL);
    ST_EQ_INT(surql_conn_dotenv_count(e), 18);
    const char *k, *v;
    size_t line;
    ST_OK(surql_conn_dotenv_entry(e, 0, &k, &v, &line));
    ST_EQ_STR(k, "PLAIN");
    ST_EQ_INT(line, 4);
    ST_OK(surql_conn_dotenv_entry(e, 11, &k, &v, &line)); /* AFTER, after a 2-line value */
    ST_EQ_STR(k, "AFTER");
    ST_EQ_INT(line, 16);
    ST_ERR(surql_conn_dotenv_entry(e, 18, &k, &v, &line), SURQL_ERANGE);
    surql_conn_dotenv_free(e);

    ST_OK(surql_conn_dotenv_parse(&e, "", 0, NULL));
    ST_EQ_INT(surql_conn_dotenv_count(e), 0);
    surql_conn_dotenv_free(e);
}

typedef struct bad_case {
    const char *text, *message;
    size_t len; /* 0 = strlen */
} bad_case;

ST_TEST(dotenv_malformed)
{
    static const bad_case cases[] = {
        { "A=1\nnot an assignment\n", ".env:2: expected '=' after the variable name", 0 },
        { "A=1\nNOVALUE\n", ".env:2: expected '=' after the variable name", 0 },
        { "# c\n\n=value\n", ".env:3: expected KEY=VALUE (invalid variable name)", 0 },
        { "1ABC=x\n", ".env:1: expected KEY=VALUE (invalid variable name)", 0 },
        { "A-B=x\n", ".env:1: invalid character in variable name", 0 },
        { "A=1\nB=\"unterminated\nC=3\n", ".env:2: unterminated double-quoted value", 0 },
        { "B='open\n", ".env:1: unterminated single-quoted value", 0 },
        { "A=1\nB=\"x\" junk\n", ".env:2: unexpected characters after the closing quote", 0 },
        { "A=1\nexport\n", ".env:2: expected '=' after the variable name", 0 },
        { "A=1\nB=x\0y\n", ".env:2: NUL byte in file", 10 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        surql_conn_dotenv *e = (surql_conn_dotenv *)&e;
        size_t len = cases[i].len ? cases[i].len : strlen(cases[i].text);
        ST_ERR_MSG(surql_conn_dotenv_parse(&e, cases[i].text, len, ".env"), SURQL_EPARSE,
                   cases[i].message);
        ST_CHECK(e == NULL);
        ST_CHECK(surql_error_last()->line > 0);
    }
}

/* ------------------------------------------------------------------------ */
/* .env files and precedence                                                 */

static char g_dir[64];

static int write_file(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", g_dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs(text, f);
    fclose(f);
    return 0;
}

static void remove_dir(void)
{
    static const char *const files[] = { ".env", ".env.staging", ".env.production", ".env.bad" };
    char path[256];
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", g_dir, files[i]);
        unlink(path);
    }
    rmdir(g_dir);
}

static int make_dir(void)
{
    snprintf(g_dir, sizeof g_dir, "/tmp/surql-conn-env-XXXXXX");
    return mkdtemp(g_dir) ? 0 : -1;
}

static void dotenv_precedence_body(void)
{
    ST_OK(write_file(".env", "DB_URL=ws://from-dotenv:8000\n"
                             "DB_NAMESPACE=dotenv_ns\n"
                             "DB_DATABASE=dotenv_db\n"
                             "DB_USERNAME=dotenv_user\n"
                             "DB_MAX_CONNECTIONS=20\n"
                             "SURQL_CACHE_URL=ws://cache-dotenv:1\n"
                             "DB_CACHE_NAMESPACE=legacy_cache_ns\n"));
    ST_OK(write_file(".env.staging", "DB_DATABASE=staging_db\n"
                                     "DB_MAX_CONNECTIONS=30\n"));
    /* .env < process environment */
    clear_env();
    setenv("DB_NAMESPACE", "env_ns", 1);
    surql_conn_config *c = NULL;
    ST_OK(surql_conn_config_load(&c, NULL, g_dir, NULL));
    ST_EQ_STR(surql_conn_config_get_url(c), "ws://from-dotenv:8000/rpc");
    ST_EQ_STR(surql_conn_config_get_namespace(c), "env_ns");
    ST_EQ_STR(surql_conn_config_get_database(c), "dotenv_db");
    ST_EQ_INT(surql_conn_config_get_max_connections(c), 20);
    surql_conn_config_free(c);

    /* .env < .env.<environment> (argument) < process environment */
    setenv("DB_MAX_CONNECTIONS", "40", 1);
    ST_OK(surql_conn_config_load(&c, NULL, g_dir, "staging"));
    ST_EQ_STR(surql_conn_config_get_database(c), "staging_db");
    ST_EQ_INT(surql_conn_config_get_max_connections(c), 40);
    ST_EQ_STR(surql_conn_config_get_username(c), "dotenv_user");
    surql_conn_config_free(c);
    unsetenv("DB_MAX_CONNECTIONS");

    /* environment from SURQL_ENV; "" = none; a missing env file is fine */
    setenv("SURQL_ENV", "staging", 1);
    ST_OK(surql_conn_config_load(&c, NULL, g_dir, NULL));
    ST_EQ_INT(surql_conn_config_get_max_connections(c), 30);
    surql_conn_config_free(c);
    ST_OK(surql_conn_config_load(&c, NULL, g_dir, ""));
    ST_EQ_INT(surql_conn_config_get_max_connections(c), 20);
    surql_conn_config_free(c);
    ST_OK(surql_conn_config_load(&c, NULL, g_dir, "production"));
    ST_EQ_STR(surql_conn_config_get_database(c), "dotenv_db");
    surql_conn_config_free(c);
    unsetenv("SURQL_ENV");

    /* SURQL_ENV may come from .env itself */
    ST_OK(write_file(".env", "SURQL_ENV=staging\nDB_DATABASE=base\n"));
    ST_OK(surql_conn_config_load(&c, NULL, g_dir, NULL));
    ST_EQ_STR(surql_conn_config_get_database(c), "staging_db");
    surql_conn_config_free(c);

    /* named connection from .env: SURQL_ spelling, legacy fallback */
    ST_OK(write_file(".env", "SURQL_CACHE_URL=ws://cache-dotenv:1\n"
                             "DB_CACHE_NAMESPACE=legacy_cache_ns\n"));
    setenv("DB_CACHE_URL", "ws://env-legacy:2", 1); /* environment beats .env, any spelling */
    ST_OK(surql_conn_config_load(&c, "cache", g_dir, ""));
    ST_EQ_STR(surql_conn_config_get_url(c), "ws://env-legacy:2/rpc");
    ST_EQ_STR(surql_conn_config_get_namespace(c), "legacy_cache_ns");
    ST_EQ_STR(surql_conn_config_get_name(c), "cache");
    surql_conn_config_free(c);
    unsetenv("DB_CACHE_URL");

    /* a valid environment value hides an invalid .env value */
    ST_OK(write_file(".env", "DB_MAX_CONNECTIONS=500\n"));
    setenv("DB_MAX_CONNECTIONS", "5", 1);
    ST_OK(surql_conn_config_load(&c, NULL, g_dir, ""));
    ST_EQ_INT(surql_conn_config_get_max_connections(c), 5);
    surql_conn_config_free(c);
    unsetenv("DB_MAX_CONNECTIONS");

    /* invalid values in files report file:line */
    char want[512];
    ST_OK(write_file(".env", "# settings\nDB_NAMESPACE=x\nDB_MAX_CONNECTIONS=500\n"));
    ST_ERR(surql_conn_config_load(&c, NULL, g_dir, ""), SURQL_CONN_ECONFIG);
    snprintf(want, sizeof want,
             "%s/.env:3: DB_MAX_CONNECTIONS=500 is out of range: allowed 1-100", g_dir);
    ST_EQ_STR(msg(), want);
    ST_EQ_INT(surql_error_last()->line, 3);
    ST_CHECK(c == NULL);

    ST_OK(write_file(".env", "DB_NAMESPACE=x\n"));
    ST_OK(write_file(".env.staging", "\nDB_URL=gopher://x\n"));
    ST_ERR(surql_conn_config_load(&c, NULL, g_dir, "staging"), SURQL_CONN_EURL);
    snprintf(want, sizeof want,
             "%s/.env.staging:2: DB_URL: invalid URL 'gopher://x': unsupported scheme 'gopher' "
             "(allowed: ws, wss, http, https)",
             g_dir);
    ST_EQ_STR(msg(), want);

    /* malformed line in a file */
    ST_OK(write_file(".env.staging", "DB_A=1\nDB_B \"x\"\n"));
    ST_ERR(surql_conn_config_load(&c, NULL, g_dir, "staging"), SURQL_EPARSE);
    snprintf(want, sizeof want, "%s/.env.staging:2: expected '=' after the variable name", g_dir);
    ST_EQ_STR(msg(), want);

    /* invalid environment names */
    ST_ERR_MSG(surql_conn_config_load(&c, NULL, g_dir, "../etc"), SURQL_CONN_ECONFIG,
               "environment=../etc is invalid: allowed 1-64 letters, digits, '_', '-', '.' (not "
               "starting with '.')");
    setenv("SURQL_ENV", "a/b", 1);
    ST_ERR(surql_conn_config_load(&c, NULL, g_dir, NULL), SURQL_CONN_ECONFIG);
    unsetenv("SURQL_ENV");

    /* apply_dotenv: one parsed file applied to a config */
    surql_conn_dotenv *e = NULL;
    char path[256];
    ST_OK(write_file(".env", "DB_DATABASE=applied\nDB_TIMEOUT=0.2\n"));
    snprintf(path, sizeof path, "%s/.env", g_dir);
    ST_OK(surql_conn_dotenv_parse_file(&e, path));
    ST_OK(surql_conn_config_new(&c));
    ST_ERR(surql_conn_config_apply_dotenv(c, NULL, e), SURQL_CONN_ECONFIG);
    snprintf(want, sizeof want, "%s:2: DB_TIMEOUT=0.2 is out of range: allowed >= 1.0", path);
    ST_EQ_STR(msg(), want);
    ST_EQ_STR(surql_conn_config_get_database(c), "main"); /* unchanged */
    surql_conn_config_free(c);
    surql_conn_dotenv_free(e);

    /* missing files: parse_file says ENOTFOUND; load without files = defaults */
    snprintf(path, sizeof path, "%s/.env.none", g_dir);
    ST_ERR(surql_conn_dotenv_parse_file(&e, path), SURQL_ENOTFOUND);
    ST_ERR(surql_conn_dotenv_parse_file(&e, g_dir), SURQL_EIO);
}

ST_TEST(dotenv_precedence)
{
    ST_CHECK(make_dir() == 0);
    dotenv_precedence_body();
    remove_dir();
    clear_env();
    ST_BAIL_IF_FAILED();
    /* load() with no files at all (empty directory) */
    ST_CHECK(make_dir() == 0);
    surql_conn_config *c = NULL;
    int rc = surql_conn_config_load(&c, NULL, g_dir, NULL);
    remove_dir();
    ST_OK(rc);
    ST_EQ_STR(surql_conn_config_get_namespace(c), "development");
    surql_conn_config_free(c);
}

/* ------------------------------------------------------------------------ */

static const char *lookup_fn(void *ud, const char *key)
{
    (void)ud;
    if (strcmp(key, "SURQL_X_NAMESPACE") == 0)
        return "from_lookup";
    if (strcmp(key, "DB_X_DATABASE") == 0)
        return "legacy_lookup";
    return NULL;
}

ST_TEST(apply_lookup)
{
    surql_conn_config *c = NULL;
    ST_OK(surql_conn_config_new(&c));
    ST_OK(surql_conn_config_apply_lookup(c, "x", lookup_fn, NULL));
    ST_EQ_STR(surql_conn_config_get_namespace(c), "from_lookup");
    ST_EQ_STR(surql_conn_config_get_database(c), "legacy_lookup");
    ST_EQ_STR(surql_conn_config_get_name(c), "x");
    ST_ERR(surql_conn_config_apply_lookup(c, "x", NULL, NULL), SURQL_EINVAL);
    surql_conn_config_free(c);
}

typedef struct url_case {
    const char *in, *out;
} url_case;

ST_TEST(url_accept)
{
    static const url_case ok[] = {
        { "ws://localhost:8000/rpc", "ws://localhost:8000/rpc" },
        { "ws://localhost:8000", "ws://localhost:8000/rpc" },
        { "ws://localhost:8000/", "ws://localhost:8000/rpc" },
        { "WS://LocalHost", "ws://LocalHost/rpc" },
        { "wss://db.example.com/custom/rpc", "wss://db.example.com/custom/rpc" },
        { "ws://127.0.0.1:1/rpc", "ws://127.0.0.1:1/rpc" },
        { "ws://[::1]:8000/rpc", "ws://[::1]:8000/rpc" },
        { "wss://[2001:db8::1]", "wss://[2001:db8::1]/rpc" },
        { "ws://[fe80::1%25eth0]:80", "ws://[fe80::1%25eth0]:80/rpc" },
        { "http://localhost:8000", "http://localhost:8000" },
        { "http://localhost:8000/", "http://localhost:8000" },
        { "http://localhost:8000/rpc", "http://localhost:8000" },
        { "https://proxy.example.com/surreal/", "https://proxy.example.com/surreal" },
        { "https://[::1]:65535/rpc/", "https://[::1]:65535" },
        { "http://my_host-1.local", "http://my_host-1.local" },
    };
    surql_conn_config *c = NULL;
    ST_OK(surql_conn_config_new(&c));
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int rc = surql_conn_config_set_url(c, ok[i].in);
        ST_CHECKF(rc == 0, "'%s' rejected: %s", ok[i].in, msg());
        ST_EQ_STR(surql_conn_config_get_url(c), ok[i].out);
    }
    surql_conn_config_free(c);
}

ST_TEST(url_reject)
{
    static const url_case bad[] = {
        { "", "URL is empty: expected ws://, wss://, http:// or https://" },
        { "localhost:8000", "invalid URL 'localhost:8000': no scheme: expected ws://, wss://, "
                            "http:// or https://" },
        { "ftp://x", "invalid URL 'ftp://x': unsupported scheme 'ftp' (allowed: ws, wss, http, "
                     "https)" },
        { "tcp://x:1", "invalid URL 'tcp://x:1': unsupported scheme 'tcp' (allowed: ws, wss, "
                       "http, https)" },
        { "://x", "invalid URL '://x': no scheme: expected ws://, wss://, http:// or https://" },
        { "ws://", "invalid URL 'ws://': missing host" },
        { "ws://:8000/rpc", "invalid URL 'ws://:8000/rpc': missing host" },
        { "ws://host:/rpc", "invalid URL 'ws://host:/rpc': empty port" },
        { "ws://host:0", "invalid URL 'ws://host:0': port out of range (allowed 1-65535)" },
        { "ws://host:65536", "invalid URL 'ws://host:65536': port out of range (allowed 1-65535)" },
        { "ws://host:99999999999", "invalid URL 'ws://host:99999999999': port out of range "
                                   "(allowed 1-65535)" },
        { "ws://host:80a", "invalid URL 'ws://host:80a': port is not a number" },
        { "ws://host:-1", "invalid URL 'ws://host:-1': port is not a number" },
        { "ws://[::1", "invalid URL 'ws://[::1': IPv6 address without closing ']'" },
        { "ws://[::g]:80", "invalid URL 'ws://[::g]:80': invalid IPv6 address" },
        { "ws://[::1]x", "invalid URL 'ws://[::1]x': unexpected characters after the IPv6 "
                         "address" },
        { "ws://::1:8000", "invalid URL 'ws://::1:8000': missing host" },
        { "ws://ho$t", "invalid URL 'ws://ho$t': invalid character in host name" },
        { "ws://.host", "invalid URL 'ws://.host': invalid host name" },
        { "ws://host/rpc#frag", "invalid URL 'ws://host/rpc#frag': fragments ('#') are not "
                                "allowed" },
        { "ws://host/rpc?x=1", "invalid URL 'ws://host/rpc?x=1': query strings ('?') are not "
                               "allowed" },
        { "ws://host/r pc", "invalid URL: contains a space, control or non-ASCII character at "
                            "byte 12" },
        { "ws://root:secret@host/rpc",
          "invalid URL: credentials (user:password@) in the URL are not supported; set the "
          "username and password separately (DB_USERNAME / DB_PASSWORD)" },
        { "https://user@host", "invalid URL: credentials (user:password@) in the URL are not "
                               "supported; set the username and password separately "
                               "(DB_USERNAME / DB_PASSWORD)" },
    };
    surql_conn_config *c = NULL;
    ST_OK(surql_conn_config_new(&c));
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ST_ERR_MSG(surql_conn_config_set_url(c, bad[i].in), SURQL_CONN_EURL, bad[i].out);
        ST_CHECK(strstr(msg(), "secret") == NULL);
    }
    ST_EQ_STR(surql_conn_config_get_url(c), SURQL_CONN_DEFAULT_URL);
    /* too long */
    char longurl[2100];
    memcpy(longurl, "ws://h/", 7);
    memset(longurl + 7, 'a', sizeof longurl - 8);
    longurl[sizeof longurl - 1] = '\0';
    ST_ERR_MSG(surql_conn_config_set_url(c, longurl), SURQL_CONN_EURL,
               "URL is longer than 2048 bytes");
    surql_conn_config_free(c);
}

ST_TEST(password_masking)
{
    clear_env();
    setenv("DB_USERNAME", "admin", 1);
    setenv("DB_PASSWORD", "hunter2-very-secret", 1);
    setenv("DB_URL", "ws://db:8000", 1);
    surql_conn_config *c = NULL;
    ST_OK(surql_conn_config_from_env(&c, NULL));
    surql_buf b = SURQL_BUF_INIT;
    ST_OK(surql_conn_config_to_string(&b, c));
    ST_CHECK(strstr(b.ptr, "hunter2") == NULL);
    ST_CHECK(strstr(b.ptr, "password = ********\n") != NULL);
    ST_CHECK(strstr(b.ptr, "username = admin\n") != NULL);
    ST_CHECK(strstr(b.ptr, "url = ws://db:8000/rpc\n") != NULL);
    ST_CHECK(strstr(b.ptr, "timeout = 30.0 s\n") != NULL);
    ST_CHECK(strstr(b.ptr, "retry_min_wait = 1.0 s\n") != NULL);
    ST_CHECK(strstr(b.ptr, "protocol = cbor\n") != NULL);
    ST_CHECK(strstr(b.ptr, "tls_verify = on\n") != NULL);
    surql_buf_clear(&b);
    ST_OK(surql_conn_config_set_password(c, NULL));
    ST_OK(surql_conn_config_to_string(&b, c));
    ST_CHECK(strstr(b.ptr, "password = (unset)\n") != NULL);
    surql_buf_dispose(&b);
    surql_conn_config_free(c);
    clear_env();
}

/* issue 6: keepalive and reconnect settings (defaults, env, ranges, display) */
ST_TEST(keepalive_reconnect)
{
    clear_env();
    surql_conn_config *c = NULL;
    ST_OK(surql_conn_config_new(&c));
    ST_EQ_INT(surql_conn_config_get_keepalive_interval_ms(c), 10000);
    ST_EQ_INT(surql_conn_config_get_keepalive_timeout_ms(c), 20000);
    ST_EQ_INT(surql_conn_config_get_reconnect(c), 1);
    ST_EQ_INT(surql_conn_config_get_reconnect_max_attempts(c), 0);
    ST_OK(surql_conn_config_set_keepalive_interval_ms(c, 0)); /* off */
    ST_ERR(surql_conn_config_set_keepalive_interval_ms(c, 50), SURQL_CONN_ECONFIG);
    ST_ERR(surql_conn_config_set_keepalive_timeout_ms(c, 0), SURQL_CONN_ECONFIG);
    ST_ERR(surql_conn_config_set_reconnect_max_attempts(c, -1), SURQL_CONN_ECONFIG);
    surql_conn_config_free(c);
    c = NULL;
    setenv("DB_KEEPALIVE_INTERVAL", "2.5", 1);
    setenv("DB_KEEPALIVE_TIMEOUT", "0.5", 1);
    setenv("DB_RECONNECT", "off", 1);
    setenv("DB_RECONNECT_MAX_ATTEMPTS", "7", 1);
    ST_OK(surql_conn_config_from_env(&c, NULL));
    ST_EQ_INT(surql_conn_config_get_keepalive_interval_ms(c), 2500);
    ST_EQ_INT(surql_conn_config_get_keepalive_timeout_ms(c), 500);
    ST_EQ_INT(surql_conn_config_get_reconnect(c), 0);
    ST_EQ_INT(surql_conn_config_get_reconnect_max_attempts(c), 7);
    ST_EQ_INT(surql_conn_config_get_tls_verify(c), 1); /* the bool went to its own field */
    surql_buf b = SURQL_BUF_INIT;
    ST_OK(surql_conn_config_to_string(&b, c));
    ST_CHECK(strstr(b.ptr, "keepalive_interval = 2.5 s\n") != NULL);
    ST_CHECK(strstr(b.ptr, "reconnect = off\nreconnect_max_attempts = 7\n") != NULL);
    surql_buf_dispose(&b);
    surql_conn_config_free(c);
    c = NULL;
    setenv("DB_KEEPALIVE_INTERVAL", "0.05", 1);
    ST_ERR(surql_conn_config_from_env(&c, NULL), SURQL_CONN_ECONFIG);
    ST_CHECK(strstr(msg(), "DB_KEEPALIVE_INTERVAL=0.05") != NULL);
    setenv("DB_KEEPALIVE_INTERVAL", "0", 1);
    setenv("DB_RECONNECT", "maybe", 1);
    ST_ERR(surql_conn_config_from_env(&c, NULL), SURQL_CONN_ECONFIG);
    ST_CHECK(strstr(msg(), "DB_RECONNECT=maybe") != NULL);
    clear_env();
}

ST_TEST(status_names_and_init)
{
    ST_EQ_STR(surql_conn_status_name(SURQL_CONN_ECONNECT), "SURQL_CONN_ECONNECT");
    ST_EQ_STR(surql_conn_status_name(SURQL_CONN_EHTTP), "SURQL_CONN_EHTTP");
    ST_EQ_STR(surql_conn_status_name(SURQL_EINVAL), "SURQL_EINVAL");
    ST_EQ_STR(surql_conn_protocol_name(SURQL_CONN_PROTOCOL_JSON), "json");
    int base = surql_global_init_count();
    ST_EQ_INT(surql_conn_global_init(), 1);
    ST_EQ_INT(surql_conn_global_init(), 2);
    ST_EQ_INT(surql_global_init_count(), base + 2);
    ST_EQ_INT(surql_conn_global_shutdown(), 1);
    ST_EQ_INT(surql_conn_global_shutdown(), 0);
    ST_EQ_INT(surql_global_init_count(), base);
    ST_ERR(surql_conn_global_shutdown(), SURQL_ESTATE);
    /* init again after a full shutdown works */
    ST_EQ_INT(surql_conn_global_init(), 1);
    ST_EQ_INT(surql_conn_global_shutdown(), 0);
}

ST_MAIN(ST_CASE(defaults), ST_CASE(keepalive_reconnect),
        ST_CASE(setters), ST_CASE(env_db_vars), ST_CASE(env_named),
        ST_CASE(env_range_messages), ST_CASE(dotenv_syntax), ST_CASE(dotenv_malformed),
        ST_CASE(dotenv_precedence), ST_CASE(apply_lookup), ST_CASE(url_accept),
        ST_CASE(url_reject), ST_CASE(password_masking), ST_CASE(status_names_and_init))
