/* The injection corpus (injection-corpus.jsonl) executed on the real engines (v3 native and
 * v2 wasm, through the dev server): every hostile string goes through every entry point of
 * libsurql-query that takes a value, a name, a record id or a path, and each statement that
 * builds is executed BOUND. For every statement:
 *   - the response has exactly surql_query_stmt_count() entries (no extra statement ran),
 *     and the request never fails as a whole (the text always parses);
 *   - the canary table is byte-for-byte what it was (no data changed elsewhere);
 *   - where the string was written as data (a value, an object key, a record key, a
 *     confined name), what the engine gives back equals the input exactly; statements
 *     carrying values never fail.
 * Names the engine itself refuses (an odd table or index name) may fail as statements; they
 * are counted and reported, never an extra statement. */
#include "engine-test.h"

#define MAXC 1024
static surql_value *corpus[MAXC];
static size_t ncorpus;
static surql_value *canary_snapshot;

static int load(void)
{
    const char *src = getenv("SURQL_SOURCE_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/libsurql-query/tests/injection-corpus.jsonl", src ? src : ".");
    FILE *f = fopen(path, "r");
    if (!f)
        return st_fail(__FILE__, __LINE__, "cannot open %s", path);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int ok = 1;
    while ((n = getline(&line, &cap, f)) > 0 && ncorpus < MAXC) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        surql_value *v = NULL;
        if (surql_value_from_json(&v, line, (size_t)n, 0) != 0 ||
            surql_value_type_of(v) != SURQL_VALUE_STRING) {
            ok = st_fail(__FILE__, __LINE__, "bad corpus line: %s", line);
            surql_value_unref(v);
            break;
        }
        corpus[ncorpus++] = v;
    }
    free(line);
    fclose(f);
    return ok;
}

static void unload(void)
{
    for (size_t i = 0; i < ncorpus; i++)
        corpus[i] = surql_value_unref(corpus[i]);
    ncorpus = 0;
    canary_snapshot = surql_value_unref(canary_snapshot);
}

/* ---- statistics per entry point ---- */

typedef struct ep_stats {
    const char *name;
    unsigned refused, ok, engine_err;
} ep_stats;

enum {
    EP_CREATE, EP_SELECT_EQ, EP_OPERATORS, EP_MERGE, EP_SET, EP_INSERT, EP_UPSERT_KEY, EP_RELATE_DATA,
    EP_FN_ARG, EP_PATCH, EP_DELETE_WHERE,
    EP_FROM_TABLE, EP_FIELD, EP_ORDER, EP_GROUP, EP_OMIT, EP_FETCH, EP_SPLIT, EP_ALIAS, EP_SET_NAME,
    EP_INDEX, EP_EDGE, EP_KNN, EP_TABLE_CREATE, EP_COUNT_TABLE,
    EP_FROM_RECORD, EP_GET_KEY, EP_DELETE_IDS, EP_OUTGOING, EP_RELATE_ID, EP_TRAVERSE,
    EP_N
};

static ep_stats stats[EP_N] = {
    [EP_CREATE] = { "crud_create (value + key)", 0, 0, 0 },
    [EP_SELECT_EQ] = { "where eq (value)", 0, 0, 0 },
    [EP_OPERATORS] = { "where operators (value)", 0, 0, 0 },
    [EP_MERGE] = { "crud_merge (value)", 0, 0, 0 },
    [EP_SET] = { "set (value)", 0, 0, 0 },
    [EP_INSERT] = { "batch_insert (value)", 0, 0, 0 },
    [EP_UPSERT_KEY] = { "batch_upsert (record key)", 0, 0, 0 },
    [EP_RELATE_DATA] = { "graph_relate content (value)", 0, 0, 0 },
    [EP_FN_ARG] = { "function argument (value)", 0, 0, 0 },
    [EP_PATCH] = { "patch (value)", 0, 0, 0 },
    [EP_DELETE_WHERE] = { "crud_delete_where (value)", 0, 0, 0 },
    [EP_FROM_TABLE] = { "from_table (name)", 0, 0, 0 },
    [EP_FIELD] = { "field (path)", 0, 0, 0 },
    [EP_ORDER] = { "order_by (path)", 0, 0, 0 },
    [EP_GROUP] = { "group_by (path)", 0, 0, 0 },
    [EP_OMIT] = { "omit (path)", 0, 0, 0 },
    [EP_FETCH] = { "fetch (path)", 0, 0, 0 },
    [EP_SPLIT] = { "split (path)", 0, 0, 0 },
    [EP_ALIAS] = { "alias (name)", 0, 0, 0 },
    [EP_SET_NAME] = { "set (path)", 0, 0, 0 },
    [EP_INDEX] = { "use_index (name)", 0, 0, 0 },
    [EP_EDGE] = { "relate edge (name)", 0, 0, 0 },
    [EP_KNN] = { "vector_search field (path)", 0, 0, 0 },
    [EP_TABLE_CREATE] = { "crud_create table (name)", 0, 0, 0 },
    [EP_COUNT_TABLE] = { "crud_count table (name)", 0, 0, 0 },
    [EP_FROM_RECORD] = { "from record id text", 0, 0, 0 },
    [EP_GET_KEY] = { "crud_get key text", 0, 0, 0 },
    [EP_DELETE_IDS] = { "batch_delete ids", 0, 0, 0 },
    [EP_OUTGOING] = { "graph_outgoing record text", 0, 0, 0 },
    [EP_RELATE_ID] = { "graph_relate record text", 0, 0, 0 },
    [EP_TRAVERSE] = { "traverse path text", 0, 0, 0 },
};

/* ---- the checks ---- */

static size_t cur;     /* corpus index being run */
static int nul_refused; /* 2.x and the string holds a NUL: the engine cannot send it back */

static int canary_same(int ep)
{
    surql_value *resp = NULL;
    int rc = eng_query(E.c, &resp, "SELECT * FROM canary ORDER BY id", NULL);
    int ok = rc == 0 && surql_value_equal(resp ? surql_value_object_get(surql_value_array_at(resp, 0), "result") : NULL,
                                          canary_snapshot);
    if (!ok)
        st_fail(__FILE__, __LINE__, "%s: corpus %zu (%s) changed the canary: %s", stats[ep].name, cur,
                show(corpus[cur]), rc ? emsg() : show(resp));
    surql_value_unref(resp);
    return ok;
}

/* Execute @p s (consumed; @p rc its build status: non-zero = refused) for entry point
 * @p ep. data != 0: the statement must succeed. On success *@p out (when not NULL) owns the
 * value read by the statement's shape. Returns 1 when the checks passed (also when refused
 * or an allowed engine error: then *out stays NULL), 0 after recording a failure. */
static int run_at(int line, int ep, int rc, surql_query_stmt *s, int data, surql_value **out)
{
    if (out)
        *out = NULL;
    if (rc) {
        stats[ep].refused++;
        return 1;
    }
    surql_value *resp = NULL;
    int ok = 1;
    rc = eng_exec(E.c, &resp, s);
    if (rc && nul_refused && strstr(emsg(), "null byte")) {
        /* the 2.x engine (wasm, dev server) cannot send back a string holding a NUL
         * ("Serialization error: to be serialized string contained a null byte"): the
         * statement ran (a write is stored) but its response is lost; the canary check
         * below still applies */
        stats[ep].engine_err++;
    } else if (rc) {
        ok = st_fail(__FILE__, line, "%s: corpus %zu (%s): the request failed: %s\n  %s", stats[ep].name,
                     cur, show(corpus[cur]), emsg(), surql_query_stmt_text(s));
    } else if (surql_query_result_count(resp) != surql_query_stmt_count(s)) {
        ok = st_fail(__FILE__, line, "%s: corpus %zu: %zu results for %zu statements: %s", stats[ep].name,
                     cur, surql_query_result_count(resp), surql_query_stmt_count(s), show(resp));
    } else if (surql_query_result_check(resp) != 0) {
        if (data)
            ok = st_fail(__FILE__, line, "%s: corpus %zu (%s): the statement failed: %s\n  %s", stats[ep].name,
                         cur, show(corpus[cur]), emsg(), surql_query_stmt_text(s));
        else if (++stats[ep].engine_err && !strstr(emsg(), "does not exist"))
            st_note("%s: corpus %zu (%s): refused by the engine: %s", stats[ep].name, cur,
                    show(corpus[cur]), emsg());
    } else {
        stats[ep].ok++;
        if (out && surql_query_stmt_read(out, s, resp) != 0)
            ok = st_fail(__FILE__, line, "%s: corpus %zu: read failed: %s", stats[ep].name, cur, emsg());
    }
    surql_value_unref(resp);
    surql_query_stmt_unref(s);
    if (ok)
        ok = canary_same(ep);
    if (!ok && out)
        *out = surql_value_unref(*out);
    return ok;
}

#define RUN_EP(ep, rc, s, data, out)                                                   \
    do {                                                                               \
        if (!run_at(__LINE__, (ep), (rc), (s), (data), (out))) return 0;               \
    } while (0)

static int build(surql_query_stmt **s, surql_query_builder *b)
{
    b = surql_query_dialect(b, E.d);
    int rc = surql_query_build(s, b);
    surql_query_unref(b);
    return rc;
}

#define BUILD_RUN(ep, b, data, out)                                                    \
    do {                                                                               \
        surql_query_stmt *s_ = NULL;                                                   \
        int rc_ = build(&s_, (b));                                                     \
        RUN_EP((ep), rc_, s_, (data), (out));                                          \
    } while (0)

/* the value at @p key of object @p o must be the corpus string itself */
static int is_input(const surql_value *o, const char *key, size_t klen, const char *what)
{
    if (!o && nul_refused)
        return 1;
    const surql_value *got = surql_value_object_get_len(o, key, klen);
    if (surql_value_equal(got, corpus[cur]))
        return 1;
    char g[1024];
    snprintf(g, sizeof g, "%.1000s", show(o));
    return st_fail(__FILE__, __LINE__, "%s: corpus %zu (%s) came back as %s", what, cur, show(corpus[cur]), g);
}

static int first_row_is(const surql_value *rows, const char *key, const char *what)
{
    if (nul_refused && (!rows || surql_value_length(rows) == 0))
        return 1;
    if (surql_value_type_of(rows) == SURQL_VALUE_ARRAY) {
        if (surql_value_length(rows) != 1)
            return st_fail(__FILE__, __LINE__, "%s: corpus %zu: %zu rows: %s", what, cur,
                           surql_value_length(rows), show(rows));
        rows = surql_value_array_at(rows, 0);
    }
    return is_input(rows, key, strlen(key), what);
}

/* ---- values: every place a string is bound as data ---- */

static int values(void)
{
    const surql_value *h = corpus[cur];
    const char *hs = NULL;
    size_t hl = 0;
    surql_value_get_string(h, &hs, &hl);
    surql_value *got = NULL;
    int ok = 1;
    char key[32];
    snprintf(key, sizeof key, "%zu", cur + 1);
    /* CREATE inj CONTENT {id, v: h, <h>: h}: the value and the key come back exactly */
    surql_value *obj = surql_value_object();
    surql_value_object_set_take(obj, "id", surql_value_record_take("inj", surql_value_int((int64_t)cur + 1)));
    surql_value_object_set(obj, "v", h);
    int keyed = !(hl == 2 && memcmp(hs, "id", 2) == 0) && !(hl == 1 && hs[0] == 'v');
    if (keyed)
        surql_value_object_set_len(obj, hs, hl, h);
    surql_query_stmt *s = NULL;
    int rc = surql_query_crud_create(&s, E.d, "inj", obj, SURQL_QUERY_RETURN_DEFAULT);
    if (!run_at(__LINE__, EP_CREATE, rc, s, 1, &got))
        ok = 0;
    else if (!rc)
        ok = is_input(got, "v", 1, "created value") &&
             (!keyed || is_input(got, hs, hl, "created key"));
    got = surql_value_unref(got);
    surql_value_unref(obj);
    if (!ok)
        return 0;
    /* SELECT ... WHERE v = h: exactly that record */
    BUILD_RUN(EP_SELECT_EQ, surql_query_where(surql_query_from(surql_query_select(), "inj"),
                                              surql_query_eq(surql_query_field("v"), surql_query_value(h))),
              1, &got);
    ok = first_row_is(got, "v", "select where v = h");
    got = surql_value_unref(got);
    if (!ok)
        return 0;
    /* operators with h inside arrays and as operands */
    {
        surql_query_expr *arr[1] = { surql_query_value(h) };
        surql_query_expr *c = surql_query_and(
            surql_query_inside(surql_query_field("v"), surql_query_array(arr, 1)),
            surql_query_or(surql_query_contains(surql_query_fn1("string::concat", surql_query_field("v")),
                                                surql_query_value(h)),
                           surql_query_not(surql_query_neq(surql_query_field("v"), surql_query_value(h)))));
        BUILD_RUN(EP_OPERATORS, surql_query_where(surql_query_from(surql_query_select(), "inj"), c), 1, &got);
        ok = first_row_is(got, "v", "operators");
        got = surql_value_unref(got);
        if (!ok)
            return 0;
    }
    /* MERGE {w: h} on the record by key */
    surql_value *m = surql_value_object();
    surql_value_object_set(m, "w", h);
    rc = surql_query_crud_merge(&s, E.d, "inj", key, m, SURQL_QUERY_RETURN_DEFAULT);
    surql_value_unref(m);
    RUN_EP(EP_MERGE, rc, s, 1, &got);
    ok = is_input(got, "w", 1, "merged value");
    got = surql_value_unref(got);
    if (!ok)
        return 0;
    /* UPDATE ... SET u = h */
    BUILD_RUN(EP_SET, surql_query_set(surql_query_update("inj"), "u", surql_query_value(h)), 1, &got);
    ok = first_row_is(got, "u", "set value");
    got = surql_value_unref(got);
    if (!ok)
        return 0;
    /* PATCH [{op: replace, path: /u, value: h}] */
    {
        surql_value *ops = surql_value_array(), *op = surql_value_object();
        surql_value_object_set_take(op, "op", surql_value_string("replace"));
        surql_value_object_set_take(op, "path", surql_value_string("/p"));
        surql_value_object_set(op, "value", h);
        surql_value_array_push_take(ops, op);
        op = surql_value_object();
        surql_value_object_set_take(op, "op", surql_value_string("add"));
        surql_value_object_set_take(op, "path", surql_value_string("/p"));
        surql_value_object_set(op, "value", h);
        surql_value_array_push_take(ops, op);
        BUILD_RUN(EP_PATCH, surql_query_patch(surql_query_update("inj"), ops), 1, &got);
        surql_value_unref(ops);
        ok = first_row_is(got, "p", "patch value");
        got = surql_value_unref(got);
        if (!ok)
            return 0;
    }
    /* INSERT INTO inj [{id, v: h}] */
    {
        surql_value *rows = surql_value_array(), *row = surql_value_object();
        surql_value_object_set_take(row, "id", surql_value_record_take("inj", surql_value_int(100000 + (int64_t)cur)));
        surql_value_object_set(row, "v", h);
        surql_value_array_push_take(rows, row);
        rc = surql_query_batch_insert(&s, E.d, "inj", rows);
        surql_value_unref(rows);
        RUN_EP(EP_INSERT, rc, s, 1, &got);
        ok = first_row_is(got, "v", "inserted value");
        got = surql_value_unref(got);
        if (!ok)
            return 0;
    }
    /* UPSERT with the string as a record key: inj:⟨h⟩ */
    {
        surql_value *rows = surql_value_array(), *row = surql_value_object();
        surql_value *rid = surql_value_record("inj", h);
        surql_value_object_set(row, "id", rid);
        surql_value_object_set(row, "v", h);
        surql_value_array_push_take(rows, row);
        rc = surql_query_batch_upsert(&s, E.d, "inj", rows, NULL, 0);
        surql_value_unref(rows);
        if (!run_at(__LINE__, EP_UPSERT_KEY, rc, s, 1, &got)) {
            surql_value_unref(rid);
            return 0;
        }
        ok = first_row_is(got, "v", "upserted value");
        if (ok && got) {
            const surql_value *back = surql_value_object_get(surql_value_array_at(got, 0), "id");
            if (!surql_value_equal(back, rid)) {
                char g[1024];
                snprintf(g, sizeof g, "%.1000s", show(back));
                ok = st_fail(__FILE__, __LINE__, "record key: corpus %zu came back as %s, want %s", cur, g, show(rid));
            }
        }
        got = surql_value_unref(got);
        /* and read by that record */
        if (ok) {
            BUILD_RUN(EP_UPSERT_KEY, surql_query_from_value(surql_query_select(), rid), 1, &got);
            ok = first_row_is(got, "v", "select by hostile key");
            got = surql_value_unref(got);
        }
        surql_value_unref(rid);
        if (!ok)
            return 0;
    }
    /* RELATE ... CONTENT {note: h} */
    {
        surql_value *c = surql_value_object();
        surql_value_object_set(c, "note", h);
        char from[48];
        snprintf(from, sizeof from, "inj:%zu", cur + 1);
        rc = surql_query_graph_relate(&s, E.d, "rel", from, "canary:1", c);
        surql_value_unref(c);
        RUN_EP(EP_RELATE_DATA, rc, s, 1, &got);
        ok = is_input(got, "note", 4, "relate content");
        got = surql_value_unref(got);
        if (!ok)
            return 0;
    }
    /* a function argument: string::concat(h) is h */
    BUILD_RUN(EP_FN_ARG, surql_query_select_value(surql_query_from(surql_query_select(), "canary:1"),
                                                  surql_query_fn1("string::concat", surql_query_value(h))),
              1, &got);
    if (!(nul_refused && !got) && !surql_value_equal(surql_value_array_at(got, 0), h)) {
        char g[1024];
        snprintf(g, sizeof g, "%.1000s", show(got));
        ok = st_fail(__FILE__, __LINE__, "function argument: corpus %zu came back as %s", cur, g);
    }
    got = surql_value_unref(got);
    if (!ok)
        return 0;
    /* DELETE inj WHERE v = h: the three records written with v = h go, nothing else */
    rc = surql_query_crud_delete_where(&s, E.d, "inj", surql_query_eq(surql_query_field("v"), surql_query_value(h)));
    RUN_EP(EP_DELETE_WHERE, rc, s, 1, NULL);
    rc = surql_query_crud_count(&s, E.d, "inj", NULL);
    RUN_EP(EP_DELETE_WHERE, rc, s, 1, &got);
    int64_t n = -1;
    surql_value_get_int(got, &n);
    got = surql_value_unref(got);
    if (nul_refused) {
        /* 2.x stored what it could not send back; clear it. `DELETE inj` (a table scan)
         * leaves records whose key holds a NUL on 2.x: delete that one by id. */
        surql_value *ids = surql_value_array();
        surql_value_array_push_take(ids, surql_value_record("inj", h));
        rc = surql_query_batch_delete(&s, E.d, "inj", ids);
        surql_value_unref(ids);
        RUN_EP(EP_DELETE_WHERE, rc, s, 1, NULL);
        rc = surql_query_crud_delete_where(&s, E.d, "inj", NULL);
        RUN_EP(EP_DELETE_WHERE, rc, s, 1, NULL);
        rc = surql_query_crud_count(&s, E.d, "inj", NULL);
        RUN_EP(EP_DELETE_WHERE, rc, s, 1, &got);
        surql_value_get_int(got, &n);
        got = surql_value_unref(got);
    }
    if (n != 0)
        return st_fail(__FILE__, __LINE__, "delete where v = h left %lld records (corpus %zu)", (long long)n, cur);
    return 1;
}

/* ---- names: refused, or confined to one identifier ---- */

typedef surql_query_builder *(*name_fn)(const char *name);

static surql_query_builder *n_from_table(const char *n) { return surql_query_from_table(surql_query_select(), n); }
static surql_query_builder *n_field(const char *n) { return surql_query_field_add(surql_query_from(surql_query_select(), "t"), n); }
static surql_query_builder *n_order(const char *n) { return surql_query_order_by(surql_query_field_add(surql_query_from(surql_query_select(), "t"), n), n, 0); }
static surql_query_builder *n_group(const char *n) { return surql_query_group_by(surql_query_field_add(surql_query_from(surql_query_select(), "t"), n), n); }
static surql_query_builder *n_omit(const char *n) { return surql_query_omit(surql_query_from(surql_query_select(), "t"), n); }
static surql_query_builder *n_fetch(const char *n) { return surql_query_fetch(surql_query_from(surql_query_select(), "t"), n); }
static surql_query_builder *n_split(const char *n) { return surql_query_split(surql_query_from(surql_query_select(), "t"), n); }
/* GROUP ALL: 2.x ignores the alias of a bare `count() AS a` without GROUP (gives `count`) */
static surql_query_builder *n_alias(const char *n) { return surql_query_group_all(surql_query_project(surql_query_from(surql_query_select(), "t"), surql_query_as(surql_query_count(), n))); }
static surql_query_builder *n_set(const char *n) { return surql_query_set(surql_query_update("t:1"), n, surql_query_int(7)); }
static surql_query_builder *n_index(const char *n) { return surql_query_use_index(surql_query_from(surql_query_select(), "t"), n); }
static surql_query_builder *n_edge(const char *n) { return surql_query_relate(n, "t:1", "canary:2"); }
static surql_query_builder *n_knn(const char *n) { double v[1] = { 1 }; return surql_query_vector_search(surql_query_from(surql_query_select(), "t"), n, v, 1, 1, SURQL_QUERY_DIST_COSINE, 0); }

static const struct {
    int ep;
    name_fn fn;
} names_list[] = {
    { EP_FROM_TABLE, n_from_table }, { EP_FIELD, n_field }, { EP_ORDER, n_order },
    { EP_GROUP, n_group },           { EP_OMIT, n_omit },   { EP_FETCH, n_fetch },
    { EP_SPLIT, n_split },           { EP_ALIAS, n_alias }, { EP_SET_NAME, n_set },
    { EP_INDEX, n_index },           { EP_EDGE, n_edge },   { EP_KNN, n_knn },
};

static int names(void)
{
    const char *h = NULL;
    surql_value_get_string(corpus[cur], &h, NULL); /* C view, up to a NUL */
    size_t hl = strlen(h);
    surql_value *got = NULL;
    int ok = 1;
    for (size_t e = 0; e < sizeof names_list / sizeof *names_list; e++) {
        int ep = names_list[e].ep;
        surql_query_stmt *s = NULL;
        int rc = build(&s, names_list[e].fn(h));
        RUN_EP(ep, rc, s, 0, &got);
        if (!got)
            continue;
        /* confined names come back as exactly that key */
        if (ep == EP_ALIAS) {
            const surql_value *row = surql_value_array_at(got, 0);
            if (!surql_value_object_get_len(row, h, hl))
                ok = st_fail(__FILE__, __LINE__, "alias: corpus %zu (%s) not a key of %s", cur, h, show(row));
        } else if (ep == EP_SET_NAME && !strchr(h, '.')) {
            const surql_value *row = surql_value_array_at(got, 0);
            int64_t seven = 0;
            if (surql_value_get_int(surql_value_object_get_len(row, h, hl), &seven) != 0 || seven != 7)
                ok = st_fail(__FILE__, __LINE__, "set name: corpus %zu (%s) not a key of %s", cur, h, show(row));
        }
        got = surql_value_unref(got);
        if (!ok)
            return 0;
        if (ep == EP_SET_NAME && eng_sql(E.c, "UPDATE t:1 CONTENT { x: 1 }") != 0)
            return st_fail(__FILE__, __LINE__, "reset of t: %s", emsg());
    }
    /* a table named h: CREATE, read back by name, count */
    surql_value *row = surql_value_object();
    surql_value_object_set_take(row, "n", surql_value_int((int64_t)cur));
    surql_query_stmt *s = NULL;
    int rc = surql_query_crud_create(&s, E.d, h, row, SURQL_QUERY_RETURN_DEFAULT);
    surql_value_unref(row);
    RUN_EP(EP_TABLE_CREATE, rc, s, 0, &got);
    if (got) {
        const char *tb = NULL;
        surql_value_record_table(surql_value_object_get(got, "id"), &tb);
        if (!tb || strcmp(tb, h) != 0)
            ok = st_fail(__FILE__, __LINE__, "table name: corpus %zu (%s) became %s", cur, h, show(got));
        got = surql_value_unref(got);
        if (!ok)
            return 0;
        rc = surql_query_crud_count(&s, E.d, h, NULL);
        RUN_EP(EP_COUNT_TABLE, rc, s, 1, &got);
        int64_t n = -1;
        surql_value_get_int(got, &n);
        got = surql_value_unref(got);
        if (n < 1)
            return st_fail(__FILE__, __LINE__, "count of table %s: %lld", h, (long long)n);
    } else {
        rc = surql_query_crud_count(&s, E.d, h, NULL);
        RUN_EP(EP_COUNT_TABLE, rc, s, 0, NULL);
    }
    return 1;
}

/* ---- record ids and paths given as text ---- */

static int record_ids(void)
{
    const char *h = NULL;
    surql_value_get_string(corpus[cur], &h, NULL);
    surql_query_stmt *s = NULL;
    surql_value *got = NULL;
    BUILD_RUN(EP_FROM_RECORD, surql_query_from(surql_query_select(), h), 0, NULL);
    int rc = surql_query_crud_get(&s, E.d, "user", h);
    RUN_EP(EP_GET_KEY, rc, s, 1, NULL);
    surql_value *ids = surql_value_array();
    surql_value_array_push(ids, corpus[cur]);
    rc = surql_query_batch_delete(&s, E.d, "user", ids);
    surql_value_unref(ids);
    RUN_EP(EP_DELETE_IDS, rc, s, 1, NULL);
    rc = surql_query_graph_outgoing(&s, E.d, h, "likes", NULL, 0);
    RUN_EP(EP_OUTGOING, rc, s, 0, NULL);
    /* RELATE from the parsed record: the edge's `in` is exactly that record */
    rc = surql_query_graph_relate(&s, E.d, "likes", h, "canary:3", NULL);
    RUN_EP(EP_RELATE_ID, rc, s, 0, &got);
    if (got) {
        surql_value *want = NULL;
        int ok = surql_query_record_parse(&want, h, 0) == 0 &&
                 surql_value_equal(surql_value_object_get(got, "in"), want);
        if (!ok) {
            char g[1024];
            snprintf(g, sizeof g, "%.1000s", show(got));
            st_fail(__FILE__, __LINE__, "relate from %s gave %s", h, g);
        }
        surql_value_unref(want);
        got = surql_value_unref(got);
        if (!ok)
            return 0;
    }
    BUILD_RUN(EP_TRAVERSE, surql_query_traverse(surql_query_from(surql_query_select(), "user:a"), h), 0, NULL);
    return 1;
}

static void injection(void)
{
    if (!load())
        return;
    SQL("CREATE canary:1 SET v = 'one', n = 1; CREATE canary:2 SET v = 'two', n = 2; "
        "CREATE canary:3 SET v = 'three', tags = ['a', 'b']; CREATE t:1 SET x = 1; "
        "DEFINE TABLE inj SCHEMALESS; DEFINE TABLE user SCHEMALESS; DEFINE TABLE likes SCHEMALESS;");
    surql_value *resp = NULL;
    if (eng_query(E.c, &resp, "SELECT * FROM canary ORDER BY id", NULL) != 0) {
        st_fail(__FILE__, __LINE__, "canary: %s", emsg());
        unload();
        return;
    }
    canary_snapshot = surql_value_ref(surql_value_object_get(surql_value_array_at(resp, 0), "result"));
    surql_value_unref(resp);
    if (surql_value_length(canary_snapshot) != 3) {
        st_fail(__FILE__, __LINE__, "canary: %s", show(canary_snapshot));
        unload();
        return;
    }
    size_t nul = 0;
    for (cur = 0; cur < ncorpus; cur++) {
        const char *p = NULL;
        size_t len = 0;
        surql_value_get_string(corpus[cur], &p, &len);
        nul_refused = E.v2 && memchr(p, '\0', len) != NULL;
        nul += nul_refused;
        if (!values() || !names() || !record_ids())
            break;
    }
    if (nul)
        st_note("%s: %zu strings hold a NUL byte: the engine stores them but cannot send them back",
                E.s.engine, nul);
    if (cur == ncorpus) {
        st_note("%s: %zu hostile strings through %d entry points; per entry point "
                "(refused by the builder / executed / failed as a statement on the engine):",
                E.s.engine, ncorpus, (int)EP_N);
        for (int i = 0; i < EP_N; i++)
            st_note("  %-30s %4u / %4u / %4u", stats[i].name, stats[i].refused, stats[i].ok,
                    stats[i].engine_err);
    }
    unload();
}

ST_TEST(v3_injection) { eng_case("v3", injection); }
ST_TEST(v2_injection) { eng_case("v2", injection); }

ST_MAIN(ST_CASE(v3_injection), ST_CASE(v2_injection))
