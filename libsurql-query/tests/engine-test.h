/* Shared fixture of the libsurql-query engine tests: a fresh dev server per case (v3 or
 * v2), a client on a unique namespace/database, and checks that run built statements
 * and compare what comes back. Included by one test file each (static functions). */
#ifndef SURQL_QUERY_TEST_ENGINE_TEST_H
#define SURQL_QUERY_TEST_ENGINE_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <surql/query.h>

#include "engine-client.h"
#include "surql_test.h"
#include "surql_test_server.h"

typedef struct eng {
    st_server s;
    eng_client *c;
    int d;       /* SURQL_DIALECT_V2 / V3 */
    int v2;      /* 1 on the 2.x engine */
    char ns[64];
} eng;

/* the case's engine (one case per process) */
static eng E;

static inline const char *emsg(void)
{
    return surql_error_last()->message;
}

static inline int eng_setup(const char *engine)
{
    memset(&E, 0, sizeof E);
    if (st_server_start(&E.s, engine, NULL) != 0)
        return -1;
    E.v2 = strcmp(engine, "v2") == 0;
    E.d = E.v2 ? SURQL_DIALECT_V2 : SURQL_DIALECT_V3;
    snprintf(E.ns, sizeof E.ns, "%s", st_unique_name("qeng"));
    if (eng_open(&E.c, E.s.url, E.ns, E.ns, E.d) != 0) {
        st_fail(__FILE__, __LINE__, "eng_open(%s): %s", E.s.url, emsg());
        st_server_stop(&E.s);
        return -1;
    }
    st_note("%s engine %s at %s, ns/db %s", engine, E.s.version, E.s.url, E.ns);
    return 0;
}

static inline void eng_teardown(void)
{
    eng_close(E.c);
    E.c = NULL;
    st_server_stop(&E.s);
}

/* Run group @p fn on a fresh server of @p engine ("v3" / "v2"). The cases are written out
 * as `ST_TEST(v3_x) { eng_case("v3", g_x); }` (ctest finds them by that text). */
static inline void eng_case(const char *engine, void (*fn)(void))
{
    if (eng_setup(engine) != 0)
        return;
    fn();
    eng_teardown();
}

/* fixture SurrealQL (trusted, no variables): every statement must succeed */
#define SQL(text)                                                                      \
    do {                                                                               \
        if (eng_sql(E.c, (text)) != 0) {                                               \
            st_fail(__FILE__, __LINE__, "fixture failed: %s: %s", emsg(), (text));     \
            return;                                                                    \
        }                                                                              \
    } while (0)

/* a SurrealQL literal as a value (NULL with a failure recorded when it does not parse) */
static inline surql_value *lit(const char *text)
{
    surql_value *v = NULL;
    if (surql_value_from_surql(&v, text, strlen(text)) != 0)
        st_fail(__FILE__, __LINE__, "bad literal in test: %s: %s", text, emsg());
    return v;
}

/* display form of a value (static buffer; for messages) */
static inline const char *show(const surql_value *v)
{
    static char buf[4096];
    surql_buf b = SURQL_BUF_INIT;
    if (!v)
        snprintf(buf, sizeof buf, "(null)");
    else if (surql_value_to_surql(v, &b, 0) != 0)
        snprintf(buf, sizeof buf, "<%s>", surql_value_type_name(surql_value_type_of(v)));
    else
        snprintf(buf, sizeof buf, "%s", surql_buf_cstr(&b));
    surql_buf_dispose(&b);
    return buf;
}

static inline int cmp_values(const void *a, const void *b)
{
    return surql_value_compare(*(const surql_value *const *)a, *(const surql_value *const *)b);
}

/* a new array with the items of @p v sorted (a reference to @p v for other types) */
static inline surql_value *sorted(const surql_value *v)
{
    if (surql_value_type_of(v) != SURQL_VALUE_ARRAY)
        return surql_value_ref(v);
    size_t n = surql_value_length(v);
    const surql_value **items = calloc(n ? n : 1, sizeof *items);
    surql_value *out = surql_value_array();
    if (!items || !out) {
        free(items);
        surql_value_unref(out);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        items[i] = surql_value_array_at(v, i);
    qsort(items, n, sizeof *items, cmp_values);
    for (size_t i = 0; i < n; i++)
        surql_value_array_push(out, items[i]);
    free(items);
    return out;
}

/* flags of chk() */
#define F_RO 0x1   /* read-only: the display text must give the same value too */
#define F_SORT 0x2 /* compare rows as a multiset */

/* Run built statement @p s (consumed; rc is the builder's status) and read it by its
 * shape. When @p want (a literal) is given the value must equal it. With F_RO the
 * statement's display text (inline literals) is run as well and must read the same.
 * Returns the value read (owned) or NULL after recording a failure. */
static inline surql_value *chk_at(const char *file, int line, int rc, surql_query_stmt *s,
                           const char *want, unsigned flags)
{
    surql_value *got = NULL, *w = NULL, *gs = NULL, *ws = NULL, *resp = NULL, *again = NULL;
    surql_buf disp = SURQL_BUF_INIT;
    int ok = 0;
    if (rc) {
        st_fail(file, line, "build failed: %s: %s", surql_query_status_name(rc), emsg());
        goto done;
    }
    if ((rc = eng_run(E.c, &got, s)) != 0) {
        st_fail(file, line, "%s failed: %s: %s\n  statement: %s", E.s.engine,
                surql_query_status_name(rc), emsg(), surql_query_stmt_text(s));
        goto done;
    }
    if (want) {
        if (!(w = lit(want)))
            goto done;
        gs = (flags & F_SORT) ? sorted(got) : surql_value_ref(got);
        ws = (flags & F_SORT) ? sorted(w) : surql_value_ref(w);
        if (!surql_value_equal(gs, ws)) {
            char g[4096];
            snprintf(g, sizeof g, "%s", show(gs));
            st_fail(file, line, "%s: %s\n  got:  %s\n  want: %s", E.s.engine,
                    surql_query_stmt_text(s), g, show(ws));
            goto done;
        }
    }
    if (flags & F_RO) {
        if ((rc = surql_query_stmt_display(s, &disp)) != 0) {
            st_fail(file, line, "display failed: %s", emsg());
            goto done;
        }
        if ((rc = eng_query(E.c, &resp, surql_buf_cstr(&disp), NULL)) != 0 ||
            (rc = surql_query_stmt_read(&again, s, resp)) != 0) {
            st_fail(file, line, "%s: display text failed: %s\n  %s", E.s.engine, emsg(),
                    surql_buf_cstr(&disp));
            goto done;
        }
        surql_value *a = (flags & F_SORT) ? sorted(again) : surql_value_ref(again);
        surql_value *g = (flags & F_SORT) ? sorted(got) : surql_value_ref(got);
        int same = surql_value_equal(a, g);
        if (!same) {
            char t[4096];
            snprintf(t, sizeof t, "%s", show(a));
            st_fail(file, line, "%s: display text reads differently\n  %s\n  display: %s\n  bound:   %s",
                    E.s.engine, surql_buf_cstr(&disp), t, show(g));
        }
        surql_value_unref(a);
        surql_value_unref(g);
        if (!same)
            goto done;
    }
    ok = 1;
done:
    surql_buf_dispose(&disp);
    surql_value_unref(w);
    surql_value_unref(gs);
    surql_value_unref(ws);
    surql_value_unref(resp);
    surql_value_unref(again);
    surql_query_stmt_unref(s);
    if (!ok)
        got = surql_value_unref(got);
    return got;
}

static inline surql_value *chkb_at(const char *file, int line, surql_query_builder *b, const char *want,
                            unsigned flags)
{
    surql_query_stmt *s = NULL;
    int rc = surql_query_build(&s, b);
    surql_query_unref(b);
    return chk_at(file, line, rc, s, want, flags);
}

/* builder (consumed) must give @p want (a failure is recorded; the group goes on) */
#define EXPECT(b, want, flags)                                                         \
    surql_value_unref(chkb_at(__FILE__, __LINE__, (b), (want), (flags)))
/* helper call `fn(&s, ...)` with a local `surql_query_stmt *s` must give @p want */
#define EXPECT_H(call, want, flags)                                                    \
    do {                                                                               \
        surql_query_stmt *s = NULL;                                                    \
        int rc_ = (call);                                                              \
        surql_value_unref(chk_at(__FILE__, __LINE__, rc_, s, (want), (flags)));        \
    } while (0)
/* as EXPECT_H but keeps the value in @p var (owned) */
#define RUN_H(var, call)                                                               \
    do {                                                                               \
        surql_query_stmt *s = NULL;                                                    \
        int rc_ = (call);                                                              \
        (var) = chk_at(__FILE__, __LINE__, rc_, s, NULL, 0);                           \
        if (!(var)) return;                                                            \
    } while (0)
#define RUN(var, b)                                                                    \
    do {                                                                               \
        (var) = chkb_at(__FILE__, __LINE__, (b), NULL, 0);                             \
        if (!(var)) return;                                                            \
    } while (0)

/* a builder of the case's dialect */
#define SELECT() surql_query_dialect(surql_query_select(), E.d)
#define FROM(t) surql_query_from(SELECT(), (t))
#define DIAL(b) surql_query_dialect((b), E.d)
#define F(p) surql_query_field(p)
#define I(n) surql_query_int(n)
#define S(x) surql_query_str(x)

#endif
