/*
 * surql_test.h: the suite's tiny test harness.
 *
 *   #include "surql_test.h"
 *   ST_TEST(parse_ok) { ST_EQ_INT(2, 1 + 1); ST_EQ_STR("a", s); }
 *   ST_MAIN(ST_CASE(parse_ok))
 *
 * A test binary runs every case, or only the cases named on the command
 * line. cmake/SurqlTesting.cmake scans the source for ST_TEST(name) and
 * registers one ctest entry `<lib>.<area>.<name>` per case, so each case can
 * be run with `ctest -R`. A failed check ends the current case (return) and
 * the binary exits 1; exit 77 is "skipped" and is only used for cases that
 * declare a missing optional tool, never for a missing server in CI.
 */
#ifndef SURQL_TEST_H
#define SURQL_TEST_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef void (*st_fn)(void);
typedef struct st_case {
    const char *name;
    st_fn fn;
} st_case;

/* internal: record a failure; returns 0 so it can be used in expressions */
int st_fail(const char *file, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
int st_failed_now(void);
int st_run(int argc, char **argv, const st_case *cases);
/* print a diagnostic line ("# ...") */
void st_note(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* mark the current case skipped with a reason (exit code 77 if all ran cases skipped) */
void st_skip(const char *why);

/* The whole file at @p path, NUL-terminated (at most 1 MiB - 1 bytes are read);
 * malloc'd, free() it; NULL when it cannot be read. */
char *st_read_file(const char *path);
/* st_read_file() of the schema test data file libsurql-schema/tests/data/@p name
 * under $SURQL_SOURCE_DIR (default "."). */
char *st_schema_data(const char *name);

int st_eq_str(const char *file, int line, const char *ea, const char *eb, const char *a,
              const char *b);
int st_eq_mem(const char *file, int line, const char *ea, const void *a, size_t alen,
              const void *b, size_t blen);
int st_eq_int(const char *file, int line, const char *ea, const char *eb, long long a,
              long long b);
int st_ok(const char *file, int line, const char *expr, int rc);
int st_err(const char *file, int line, const char *expr, int rc, int want);

#define ST_TEST(name) static void st_test_##name(void)
#define ST_CASE(name) { #name, st_test_##name }
#define ST_MAIN(...)                                                                  \
    int main(int argc, char **argv)                                                   \
    {                                                                                 \
        static const st_case st_cases_[] = { __VA_ARGS__, { NULL, NULL } };           \
        return st_run(argc, argv, st_cases_);                                         \
    }

#define ST_CHECK(cond)                                                                \
    do {                                                                              \
        if (!(cond)) { st_fail(__FILE__, __LINE__, "check failed: %s", #cond); return; } \
    } while (0)
#define ST_CHECKF(cond, ...)                                                          \
    do {                                                                              \
        if (!(cond)) { st_fail(__FILE__, __LINE__, __VA_ARGS__); return; }            \
    } while (0)
#define ST_EQ_STR(a, b)                                                               \
    do {                                                                              \
        if (!st_eq_str(__FILE__, __LINE__, #a, #b, (a), (b))) return;                 \
    } while (0)
#define ST_EQ_MEM(a, alen, b, blen)                                                   \
    do {                                                                              \
        if (!st_eq_mem(__FILE__, __LINE__, #a, (a), (alen), (b), (blen))) return;     \
    } while (0)
#define ST_EQ_INT(a, b)                                                               \
    do {                                                                              \
        if (!st_eq_int(__FILE__, __LINE__, #a, #b, (long long)(a), (long long)(b))) return; \
    } while (0)
/* expr must return SURQL_OK (0); on failure prints surql_error_last() */
#define ST_OK(expr)                                                                   \
    do {                                                                              \
        if (!st_ok(__FILE__, __LINE__, #expr, (expr))) return;                        \
    } while (0)
/* expr must return exactly the status code want */
#define ST_ERR(expr, want)                                                            \
    do {                                                                              \
        if (!st_err(__FILE__, __LINE__, #expr, (expr), (want))) return;               \
    } while (0)
/* for use inside helpers that return int: propagate failure */
#define ST_BAIL_IF_FAILED()                                                           \
    do {                                                                              \
        if (st_failed_now()) return;                                                  \
    } while (0)

#endif
