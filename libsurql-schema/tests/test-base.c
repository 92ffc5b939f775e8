/* Unit tests of the base layer: status names, error slot, buffer, log hook, global init. */
#include "surql_test.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <surql/schema.h>

ST_TEST(status_names)
{
    ST_EQ_STR(surql_status_name(SURQL_OK), "SURQL_OK");
    ST_EQ_STR(surql_status_name(SURQL_EINVAL), "SURQL_EINVAL");
    ST_EQ_STR(surql_status_name(SURQL_ESCHEMA_DIALECT), "SURQL_ESCHEMA_DIALECT");
    ST_EQ_STR(surql_status_name(-9999), "SURQL_E?");
    /* every generic code sits in the generic range, schema codes in -1xx */
    ST_CHECK(SURQL_EIDENT > -100 && SURQL_EIDENT < 0);
    ST_CHECK(SURQL_ESCHEMA <= -100 && SURQL_ESCHEMA > SURQL_RANGE_QUERY);
}

ST_TEST(error_slot)
{
    surql_error_clear();
    const surql_error *e = surql_error_last();
    ST_EQ_INT(e->code, SURQL_OK);
    ST_EQ_STR(e->message, "");
    ST_EQ_INT(surql_error_set(SURQL_EINVAL, "surql-test", "bad %s at %d", "thing", 7), SURQL_EINVAL);
    e = surql_error_last();
    ST_EQ_INT(e->code, SURQL_EINVAL);
    ST_EQ_STR(e->message, "bad thing at 7");
    ST_EQ_STR(e->domain, "surql-test");
    ST_CHECK(e->server_kind == NULL);
    ST_EQ_INT(surql_error_prefix("file.yaml"), SURQL_EINVAL);
    ST_EQ_STR(surql_error_last()->message, "file.yaml: bad thing at 7");

    ST_EQ_INT(surql_error_set_at(SURQL_EPARSE, "surql-test", 3, 14, "unexpected '%c'", ';'),
              SURQL_EPARSE);
    ST_EQ_INT(surql_error_last()->line, 3);
    ST_EQ_INT(surql_error_last()->column, 14);

    ST_EQ_INT(surql_error_set_server(-300, "surql-conn", -32002, "NotAllowed",
                                     "Anonymous access not allowed", "{\"kind\":\"Auth\"}"),
              -300);
    e = surql_error_last();
    ST_EQ_INT(e->server_code, -32002);
    ST_EQ_STR(e->server_kind, "NotAllowed");
    ST_EQ_STR(e->detail_json, "{\"kind\":\"Auth\"}");
    ST_EQ_INT(e->line, 0);
    surql_error_clear();
    ST_EQ_INT(surql_error_last()->code, 0);
    ST_CHECK(surql_error_last()->server_kind == NULL);
}

ST_TEST(error_message_is_bounded)
{
    char big[10000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    surql_error_set(SURQL_ERROR, "surql-test", "%s", big);
    ST_EQ_INT(strlen(surql_error_last()->message), 4095);
    surql_error_clear();
}

static void *thread_sets_error(void *arg)
{
    surql_error_set(SURQL_ETIMEOUT, "surql-test", "thread %d", *(int *)arg);
    return (void *)(surql_error_last()->code == SURQL_ETIMEOUT ? arg : NULL);
}

ST_TEST(error_slot_is_per_thread)
{
    surql_error_set(SURQL_EINVAL, "surql-test", "main thread");
    pthread_t t;
    int arg = 5;
    void *res = NULL;
    ST_CHECK(pthread_create(&t, NULL, thread_sets_error, &arg) == 0);
    pthread_join(t, &res);
    ST_CHECK(res == &arg);
    ST_EQ_STR(surql_error_last()->message, "main thread");
    ST_EQ_INT(surql_error_last()->code, SURQL_EINVAL);
    surql_error_clear();
}

ST_TEST(buf_basics)
{
    surql_buf b = SURQL_BUF_INIT;
    ST_EQ_STR(surql_buf_cstr(&b), "");
    ST_OK(surql_buf_puts(&b, "SELECT"));
    ST_OK(surql_buf_putc(&b, ' '));
    ST_OK(surql_buf_printf(&b, "%s FROM %s LIMIT %d", "*", "user", 10));
    ST_EQ_STR(b.ptr, "SELECT * FROM user LIMIT 10");
    ST_EQ_INT(b.size, 27);
    ST_OK(surql_buf_put(&b, "\0x", 2));
    ST_EQ_INT(b.size, 29);
    ST_EQ_INT(b.ptr[27], 0);
    surql_buf_truncate(&b, 6);
    ST_EQ_STR(b.ptr, "SELECT");
    surql_buf_clear(&b);
    ST_EQ_STR(surql_buf_cstr(&b), "");
    for (int i = 0; i < 10000; i++)
        ST_OK(surql_buf_puts(&b, "0123456789"));
    ST_EQ_INT(b.size, 100000);
    char *s = surql_buf_detach(&b);
    ST_CHECK(s != NULL && strlen(s) == 100000);
    ST_CHECK(b.ptr == NULL && b.size == 0);
    surql_free(s);
    s = surql_buf_detach(&b);
    ST_EQ_STR(s, "");
    surql_free(s);
    surql_buf_dispose(&b);
    surql_buf_dispose(NULL);
}

ST_TEST(buf_bad_input)
{
    surql_buf b = SURQL_BUF_INIT;
    ST_ERR(surql_buf_puts(&b, NULL), SURQL_EINVAL);
    ST_ERR(surql_buf_put(&b, NULL, 3), SURQL_EINVAL);
    ST_ERR(surql_buf_grow(NULL, 1), SURQL_EINVAL);
    ST_ERR(surql_buf_grow(&b, SURQL_BUF_MAX + 1), SURQL_ERANGE);
    ST_ERR(surql_buf_grow(&b, (size_t)-1), SURQL_ERANGE);
    ST_CHECK(strstr(surql_error_last()->message, "SURQL_BUF_MAX") != NULL);
    surql_buf_dispose(&b);
}

typedef struct log_capture {
    int calls;
    int level;
    char domain[32];
    char msg[2048];
} log_capture;

static void capture(void *ud, int level, const char *domain, const char *msg)
{
    log_capture *c = ud;
    c->calls++;
    c->level = level;
    snprintf(c->domain, sizeof c->domain, "%s", domain);
    snprintf(c->msg, sizeof c->msg, "%s", msg);
}

ST_TEST(log_hook)
{
    log_capture c;
    memset(&c, 0, sizeof c);
    surql_log(SURQL_LOG_ERROR, "surql-test", "nobody listens");
    ST_CHECK(!surql_log_enabled(SURQL_LOG_ERROR));
    surql_log_set_handler(capture, &c, SURQL_LOG_INFO);
    ST_CHECK(surql_log_enabled(SURQL_LOG_INFO));
    ST_CHECK(!surql_log_enabled(SURQL_LOG_DEBUG));
    surql_log(SURQL_LOG_DEBUG, "surql-test", "too verbose");
    ST_EQ_INT(c.calls, 0);
    surql_log(SURQL_LOG_WARN, "surql-test", "reconnect in %d ms", 250);
    ST_EQ_INT(c.calls, 1);
    ST_EQ_INT(c.level, SURQL_LOG_WARN);
    ST_EQ_STR(c.domain, "surql-test");
    ST_EQ_STR(c.msg, "reconnect in 250 ms");
    char long_msg[1500];
    memset(long_msg, 'y', sizeof long_msg - 1);
    long_msg[sizeof long_msg - 1] = '\0';
    surql_log(SURQL_LOG_INFO, "surql-test", "%s", long_msg);
    ST_EQ_INT(strlen(c.msg), 1499);
    surql_log_set_handler(NULL, NULL, SURQL_LOG_TRACE);
    surql_log(SURQL_LOG_ERROR, "surql-test", "silent again");
    ST_EQ_INT(c.calls, 2);
    ST_EQ_STR(surql_log_level_name(SURQL_LOG_TRACE), "trace");
}

ST_TEST(global_init_refcount)
{
    int base = surql_global_init_count();
    ST_EQ_INT(surql_global_init(), base + 1);
    ST_EQ_INT(surql_global_init(), base + 2);
    ST_EQ_INT(surql_global_shutdown(), base + 1);
    ST_EQ_INT(surql_global_shutdown(), base);
    if (base == 0)
        ST_ERR(surql_global_shutdown(), SURQL_ESTATE);
}

ST_TEST(version)
{
    ST_EQ_INT(surql_schema_version(), SURQL_SCHEMA_VERSION_NUMBER);
    ST_EQ_STR(surql_schema_version_string(), SURQL_SCHEMA_VERSION_STRING);
}

ST_MAIN(ST_CASE(status_names), ST_CASE(error_slot), ST_CASE(error_message_is_bounded),
        ST_CASE(error_slot_is_per_thread), ST_CASE(buf_basics), ST_CASE(buf_bad_input),
        ST_CASE(log_hook), ST_CASE(global_init_refcount), ST_CASE(version))
