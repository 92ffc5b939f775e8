/* Shared helpers of the libsurql-query tests. */
#ifndef TEST_QUERY_H
#define TEST_QUERY_H

#include <stdio.h>
#include <string.h>
#include <surql/query.h>

#include "surql_test.h"

/* Build @b (consumed) and compare the bound text, the vars (extended JSON)
 * and the display text. Any expectation may be NULL to skip it. */
static inline int tq_check_stmt(const char *file, int line, surql_query_stmt *s, const char *text,
                                const char *vars, const char *display)
{
    int ok = 1;
    if (text && !st_eq_str(file, line, "text", "expected", surql_query_stmt_text(s), text))
        ok = 0;
    if (ok && vars) {
        surql_buf v = SURQL_BUF_INIT;
        surql_value_to_json(surql_query_stmt_vars(s), &v, SURQL_JSON_EXTENDED);
        if (!st_eq_str(file, line, "vars", "expected", surql_buf_cstr(&v), vars))
            ok = 0;
        surql_buf_dispose(&v);
    }
    if (ok && display) {
        surql_buf d = SURQL_BUF_INIT;
        int rc = surql_query_stmt_display(s, &d);
        if (rc) {
            st_fail(file, line, "display failed: %s", surql_error_last()->message);
            ok = 0;
        } else if (!st_eq_str(file, line, "display", "expected", surql_buf_cstr(&d), display)) {
            ok = 0;
        }
        surql_buf_dispose(&d);
    }
    return ok;
}

static inline int tq_check(const char *file, int line, surql_query_builder *b, const char *text,
                           const char *vars, const char *display)
{
    surql_query_stmt *s = NULL;
    int rc = surql_query_build(&s, b);
    surql_query_unref(b);
    if (rc) {
        st_fail(file, line, "build failed: %s: %s", surql_query_status_name(rc),
                surql_error_last()->message);
        return 0;
    }
    int ok = tq_check_stmt(file, line, s, text, vars, display);
    surql_query_stmt_unref(s);
    return ok;
}

/* Build must fail with @code and a message containing @msg. */
static inline int tq_fails(const char *file, int line, surql_query_builder *b, int code,
                           const char *msg)
{
    surql_query_stmt *s = NULL;
    int rc = surql_query_build(&s, b);
    surql_query_unref(b);
    if (rc == 0) {
        st_fail(file, line, "expected failure, built: %s", surql_query_stmt_text(s));
        surql_query_stmt_unref(s);
        return 0;
    }
    if (rc != code) {
        st_fail(file, line, "expected %s, got %s: %s", surql_query_status_name(code),
                surql_query_status_name(rc), surql_error_last()->message);
        return 0;
    }
    if (msg && !strstr(surql_error_last()->message, msg)) {
        st_fail(file, line, "message \"%s\" lacks \"%s\"", surql_error_last()->message, msg);
        return 0;
    }
    return 1;
}

/* A helper's statement (rc, s) compared like tq_check. */
static inline int tq_helper(const char *file, int line, int rc, surql_query_stmt *s,
                            const char *text, const char *vars, const char *display)
{
    if (rc) {
        st_fail(file, line, "helper failed: %s: %s", surql_query_status_name(rc),
                surql_error_last()->message);
        return 0;
    }
    int ok = tq_check_stmt(file, line, s, text, vars, display);
    surql_query_stmt_unref(s);
    return ok;
}

static inline int tq_msg(const char *file, int line, const char *msg)
{
    if (msg && !strstr(surql_error_last()->message, msg))
        return st_fail(file, line, "message \"%s\" lacks \"%s\"", surql_error_last()->message, msg);
    return 1;
}

#define TQ(b, text, vars, display)                                                     \
    do {                                                                               \
        if (!tq_check(__FILE__, __LINE__, (b), (text), (vars), (display))) return;     \
    } while (0)
#define TQ_FAIL(b, code, msg)                                                          \
    do {                                                                               \
        if (!tq_fails(__FILE__, __LINE__, (b), (code), (msg))) return;                 \
    } while (0)
/* call: an expression `fn(&s, ...)` using a local `surql_query_stmt *s` */
#define TQ_H(call, text, vars, display)                                                \
    do {                                                                               \
        surql_query_stmt *s = NULL;                                                    \
        int rc_ = call;                                                                \
        if (!tq_helper(__FILE__, __LINE__, rc_, s, (text), (vars), (display))) return; \
    } while (0)
#define TQ_HFAIL(call, code, msg)                                                      \
    do {                                                                               \
        surql_query_stmt *s = NULL;                                                    \
        int rc_ = call;                                                                \
        surql_query_stmt_unref(s);                                                     \
        ST_EQ_INT(rc_, (code));                                                        \
        if (!tq_msg(__FILE__, __LINE__, (msg))) return;                               \
    } while (0)

/* JSON -> value (plain JSON), or NULL with a test failure */
static inline surql_value *tq_json(const char *json)
{
    surql_value *v = NULL;
    if (surql_value_from_json(&v, json, strlen(json), 0) != 0)
        st_fail(__FILE__, __LINE__, "bad JSON in test: %s", json);
    return v;
}

#endif
