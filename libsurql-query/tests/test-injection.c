/* Injection corpus (injection-corpus.jsonl, >= 200 hostile strings) through every entry point
 * that takes a value, a name, a record id or a path. Each statement either binds the string as
 * data (the text is exactly the benign template, values only as $pN, and the display literal
 * parses back to the same value) or is refused with an error; names are either refused or
 * confined to one escaped identifier that parses back to the same name. */
#include <stdio.h>
#include <stdlib.h>

#include "test-query.h"

#define MAXC 1024
static surql_value *corpus[MAXC];
static size_t ncorpus;

static void load(void)
{
    if (ncorpus)
        return;
    const char *src = getenv("SURQL_SOURCE_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/libsurql-query/tests/injection-corpus.jsonl", src ? src : ".");
    FILE *f = fopen(path, "r");
    if (!f) {
        st_fail(__FILE__, __LINE__, "cannot open %s", path);
        return;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 0 && ncorpus < MAXC) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        surql_value *v = NULL;
        if (surql_value_from_json(&v, line, (size_t)n, 0) != 0 ||
            surql_value_type_of(v) != SURQL_VALUE_STRING) {
            st_fail(__FILE__, __LINE__, "bad corpus line: %s", line);
            surql_value_unref(v);
            break;
        }
        corpus[ncorpus++] = v;
    }
    free(line);
    fclose(f);
}

static const char *cstr(size_t i) /* the C-string view (up to a NUL) */
{
    const char *s = NULL;
    surql_value_get_string(corpus[i], &s, NULL);
    return s;
}

/* text must be exactly want */
static int same_text(surql_query_stmt *s, const char *want, size_t i)
{
    if (strcmp(surql_query_stmt_text(s), want) != 0)
        return st_fail(__FILE__, __LINE__, "corpus %zu changed the statement: %s", i,
                       surql_query_stmt_text(s));
    return 1;
}

/* display = prefix + literal + suffix, and the literal parses back to v */
static int display_roundtrip(surql_query_stmt *s, const char *prefix, const char *suffix,
                             const surql_value *v, size_t i)
{
    surql_buf d = SURQL_BUF_INIT;
    int rc = surql_query_stmt_display(s, &d);
    if (rc) {
        surql_buf_dispose(&d);
        if (rc == SURQL_EUNSUPPORTED)
            return 1; /* refused by the dialect */
        return st_fail(__FILE__, __LINE__, "display failed for %zu: %s", i,
                       surql_error_last()->message);
    }
    size_t pl = strlen(prefix), sl = strlen(suffix);
    int ok = d.size >= pl + sl && memcmp(d.ptr, prefix, pl) == 0 &&
             memcmp(d.ptr + d.size - sl, suffix, sl) == 0;
    if (!ok) {
        st_fail(__FILE__, __LINE__, "display of %zu escapes its literal: %s", i, d.ptr);
        surql_buf_dispose(&d);
        return 0;
    }
    surql_value *back = NULL;
    rc = surql_value_from_surql(&back, d.ptr + pl, d.size - pl - sl);
    if (rc || !surql_value_equal(back, v)) {
        st_fail(__FILE__, __LINE__, "literal of %zu does not parse back: %.*s (%s)", i,
                (int)(d.size - pl - sl), d.ptr + pl, rc ? surql_error_last()->message : "differs");
        ok = 0;
    }
    surql_value_unref(back);
    surql_buf_dispose(&d);
    return ok;
}

ST_TEST(values)
{
    load();
    ST_CHECK(ncorpus >= 200);
    for (size_t i = 0; i < ncorpus; i++) {
        const surql_value *v = corpus[i];
        for (int dialect = 2; dialect <= 3; dialect++) {
            surql_query_stmt *s = NULL;
            surql_query_builder *b = surql_query_where(
                surql_query_dialect(surql_query_from(surql_query_select(), "user"), dialect),
                surql_query_eq(surql_query_field("name"), surql_query_value(v)));
            ST_OK(surql_query_build(&s, b));
            surql_query_unref(b);
            int ok = same_text(s, "SELECT * FROM user WHERE (name = $p1)", i) &&
                     surql_value_equal(surql_value_object_get(surql_query_stmt_vars(s), "p1"), v) &&
                     display_roundtrip(s, "SELECT * FROM user WHERE (name = ", ")", v, i);
            surql_query_stmt_unref(s);
            if (!ok)
                return;
        }
        /* as object content: the string as a value and as a key */
        surql_value *obj = surql_value_object();
        const char *k = NULL;
        size_t kl = 0;
        surql_value_get_string(v, &k, &kl);
        ST_OK(surql_value_object_set(obj, "v", v));
        ST_OK(surql_value_object_set_len(obj, k, kl, v));
        surql_query_stmt *s = NULL;
        ST_OK(surql_query_crud_create(&s, 3, "user", obj, SURQL_QUERY_RETURN_DEFAULT));
        int ok = same_text(s, "CREATE user CONTENT $p1", i) &&
                 display_roundtrip(s, "CREATE user CONTENT ", "", obj, i);
        surql_query_stmt_unref(s);
        s = NULL;
        surql_value *rows = surql_value_array();
        surql_value_array_push(rows, obj);
        if (ok) {
            ST_OK(surql_query_batch_insert(&s, 3, "user", rows));
            ok = same_text(s, "INSERT INTO user $p1", i) &&
                 display_roundtrip(s, "INSERT INTO user ", "", rows, i);
            surql_query_stmt_unref(s);
            s = NULL;
        }
        if (ok) {
            ST_OK(surql_query_crud_merge(&s, 3, "user", "alice", obj, SURQL_QUERY_RETURN_DEFAULT));
            ok = same_text(s, "UPDATE $p1 MERGE $p2", i);
            surql_query_stmt_unref(s);
        }
        surql_value_unref(rows);
        surql_value_unref(obj);
        if (!ok)
            return;
    }
}

/* a name entry point: refused, or text == before + escaped(name) + after, and the escaped
 * identifier parses back to the name */
typedef surql_query_builder *(*name_fn)(const char *name);

static surql_query_builder *n_from_table(const char *n) { return surql_query_from_table(surql_query_select(), n); }
static surql_query_builder *n_field(const char *n) { return surql_query_field_add(surql_query_from(surql_query_select(), "t"), n); }
static surql_query_builder *n_order(const char *n) { return surql_query_order_by(surql_query_from(surql_query_select(), "t"), n, 0); }
static surql_query_builder *n_group(const char *n) { return surql_query_group_by(surql_query_from(surql_query_select(), "t"), n); }
static surql_query_builder *n_omit(const char *n) { return surql_query_omit(surql_query_from(surql_query_select(), "t"), n); }
static surql_query_builder *n_fetch(const char *n) { return surql_query_fetch(surql_query_from(surql_query_select(), "t"), n); }
static surql_query_builder *n_split(const char *n) { return surql_query_split(surql_query_from(surql_query_select(), "t"), n); }
static surql_query_builder *n_alias(const char *n) { return surql_query_project(surql_query_from(surql_query_select(), "t"), surql_query_as(surql_query_count(), n)); }
static surql_query_builder *n_set(const char *n) { return surql_query_set(surql_query_update("t"), n, surql_query_int(1)); }
static surql_query_builder *n_index(const char *n) { return surql_query_use_index(surql_query_from(surql_query_select(), "t"), n); }
static surql_query_builder *n_edge(const char *n) { return surql_query_relate(n, "a:1", "b:2"); }
static surql_query_builder *n_insert(const char *n) { return surql_query_values(surql_query_insert(n), surql_value_none()); }
static surql_query_builder *n_knn(const char *n) { double v[1] = { 1 }; return surql_query_vector_search(surql_query_from(surql_query_select(), "t"), n, v, 1, 1, SURQL_QUERY_DIST_COSINE, 0); }

static const struct {
    const char *what;
    name_fn fn;
    const char *before, *after;
    int path; /* dotted paths allowed */
} names[] = {
    { "from_table", n_from_table, "SELECT * FROM ", "", 0 },
    { "field", n_field, "SELECT ", " FROM t", 1 },
    { "order_by", n_order, "SELECT * FROM t ORDER BY ", " ASC", 1 },
    { "group_by", n_group, "SELECT * FROM t GROUP BY ", "", 1 },
    { "omit", n_omit, "SELECT * OMIT ", " FROM t", 1 },
    { "fetch", n_fetch, "SELECT * FROM t FETCH ", "", 1 },
    { "split", n_split, "SELECT * FROM t SPLIT ", "", 1 },
    { "alias", n_alias, "SELECT count() AS ", " FROM t", 0 },
    { "set", n_set, "UPDATE t SET ", " = $p1", 1 },
    { "index", n_index, "SELECT * FROM t WITH INDEX ", "", 0 },
    { "edge", n_edge, "RELATE $p1->", "->$p2", 0 },
    { "knn field", n_knn, "SELECT * FROM t WHERE ", " <|1,COSINE|> $p1", 1 },
};

static int ident_roundtrip(const char *esc, size_t len, const char *name)
{
    surql_buf b = SURQL_BUF_INIT;
    surql_buf_put(&b, esc, len);
    surql_buf_puts(&b, ":x");
    surql_value *r = surql_value_record_parse(surql_buf_cstr(&b));
    const char *t = NULL;
    int ok = r && surql_value_record_table(r, &t) == 0 && strcmp(t, name) == 0;
    surql_value_unref(r);
    surql_buf_dispose(&b);
    return ok;
}

ST_TEST(names)
{
    load();
    size_t refused = 0, confined = 0;
    for (size_t i = 0; i < ncorpus; i++) {
        const char *h = cstr(i);
        for (size_t e = 0; e < sizeof names / sizeof *names; e++) {
            surql_query_builder *b = names[e].fn(h);
            surql_query_stmt *s = NULL;
            int rc = surql_query_build(&s, b);
            surql_query_unref(b);
            if (rc) {
                refused++;
                continue;
            }
            const char *t = surql_query_stmt_text(s);
            size_t tl = strlen(t), bl = strlen(names[e].before), al = strlen(names[e].after);
            int ok = tl > bl + al && strncmp(t, names[e].before, bl) == 0 &&
                     strcmp(t + tl - al, names[e].after) == 0;
            surql_buf want = SURQL_BUF_INIT;
            if (ok && names[e].path)
                ok = surql_query_field_escape(&want, h) == 0;
            else if (ok)
                ok = surql_ident_escape(&want, h) == 0;
            ok = ok && want.size == tl - bl - al && memcmp(t + bl, want.ptr, want.size) == 0;
            if (ok && (!names[e].path || !strchr(h, '.')))
                ok = ident_roundtrip(t + bl, tl - bl - al, h);
            surql_buf_dispose(&want);
            if (!ok) {
                st_fail(__FILE__, __LINE__, "%s: corpus %zu not confined: %s", names[e].what, i, t);
                surql_query_stmt_unref(s);
                return;
            }
            confined++;
            surql_query_stmt_unref(s);
        }
        /* insert table / crud table arguments */
        surql_query_stmt *s = NULL;
        int rc = surql_query_crud_count(&s, 3, h, NULL);
        if (rc == 0) {
            surql_buf want = SURQL_BUF_INIT;
            surql_buf_puts(&want, "SELECT count() FROM ");
            surql_ident_escape(&want, h);
            surql_buf_puts(&want, " GROUP ALL");
            int ok = strcmp(surql_query_stmt_text(s), surql_buf_cstr(&want)) == 0;
            surql_buf_dispose(&want);
            surql_query_stmt_unref(s);
            ST_CHECKF(ok, "crud_count table %zu not confined", i);
        }
        (void)n_insert;
    }
    st_note("names: %zu refused, %zu confined to one identifier", refused, confined);
}

ST_TEST(record_ids)
{
    load();
    for (size_t i = 0; i < ncorpus; i++) {
        const char *h = cstr(i);
        surql_query_stmt *s = NULL;
        /* text given as a whole record id */
        surql_query_builder *b = surql_query_from(surql_query_select(), h);
        int rc = surql_query_build(&s, b);
        surql_query_unref(b);
        if (rc == 0) {
            /* either a table name (no ':') or a bound record */
            const char *t = surql_query_stmt_text(s);
            if (strchr(h, ':')) {
                ST_CHECKF(strcmp(t, "SELECT * FROM $p1") == 0, "record %zu: %s", i, t);
                const surql_value *r = surql_value_object_get(surql_query_stmt_vars(s), "p1");
                ST_CHECKF(surql_value_type_of(r) == SURQL_VALUE_RECORD, "record %zu not a record", i);
                ST_CHECK(display_roundtrip(s, "SELECT * FROM ", "", r, i));
            }
            surql_query_stmt_unref(s);
            s = NULL;
        }
        /* a key of a table */
        rc = surql_query_crud_get(&s, 3, "user", h);
        if (rc == 0) {
            ST_CHECKF(strcmp(surql_query_stmt_text(s), "SELECT * FROM $p1") == 0, "key %zu", i);
            const surql_value *r = surql_value_object_get(surql_query_stmt_vars(s), "p1");
            const char *tb = NULL;
            surql_value_record_table(r, &tb);
            ST_CHECKF(tb && strcmp(tb, "user") == 0, "key %zu escaped its table", i);
            ST_CHECK(display_roundtrip(s, "SELECT * FROM ", "", r, i));
            surql_query_stmt_unref(s);
            s = NULL;
        }
        /* batch delete, graph helpers, relate */
        surql_value *ids = surql_value_array();
        surql_value_array_push(ids, corpus[i]);
        rc = surql_query_batch_delete(&s, 3, "user", ids);
        surql_value_unref(ids);
        if (rc == 0) {
            ST_CHECKF(strcmp(surql_query_stmt_text(s), "DELETE $p1 RETURN BEFORE;") == 0, "del %zu", i);
            surql_query_stmt_unref(s);
            s = NULL;
        }
        rc = surql_query_graph_outgoing(&s, 3, h, "likes", NULL, 0);
        if (rc == 0) {
            ST_CHECKF(strcmp(surql_query_stmt_text(s), "SELECT * FROM $p1->likes") == 0, "graph %zu", i);
            surql_query_stmt_unref(s);
            s = NULL;
        }
        rc = surql_query_graph_relate(&s, 3, "likes", h, "post:1", NULL);
        if (rc == 0) {
            ST_CHECKF(strcmp(surql_query_stmt_text(s), "RELATE $p1->likes->$p2") == 0, "relate %zu", i);
            surql_query_stmt_unref(s);
            s = NULL;
        }
    }
}

ST_TEST(paths_and_params)
{
    load();
    for (size_t i = 0; i < ncorpus; i++) {
        const char *h = cstr(i);
        surql_query_builder *b = surql_query_traverse(surql_query_from(surql_query_select(), "user:a"), h);
        surql_query_stmt *s = NULL;
        if (surql_query_build(&s, b) == 0) {
            char want[8192];
            snprintf(want, sizeof want, "SELECT * FROM $p1%s", h);
            ST_CHECKF(strcmp(surql_query_stmt_text(s), want) == 0, "path %zu", i);
            for (const char *p = h; *p; p++)
                ST_CHECKF(strchr("-<>?_", *p) || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                              (*p >= '0' && *p <= '9'),
                          "path %zu accepted a structural byte", i);
        }
        surql_query_stmt_unref(s);
        surql_query_unref(b);
        surql_query_expr *p = surql_query_param(h);
        if (p) {
            for (const char *c = h; *c; c++)
                ST_CHECKF((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                              (*c >= '0' && *c <= '9') || *c == '_',
                          "param %zu accepted", i);
        }
        surql_query_expr_unref(p);
        /* function names */
        surql_query_expr *f = surql_query_fn0(h);
        if (f) {
            for (const char *c = h; *c; c++)
                ST_CHECKF((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                              (*c >= '0' && *c <= '9') || *c == '_' || *c == ':',
                          "function name %zu accepted", i);
        }
        surql_query_expr_unref(f);
    }
}

ST_TEST(cleanup)
{
    load();
    for (size_t i = 0; i < ncorpus; i++)
        corpus[i] = surql_value_unref(corpus[i]);
    ncorpus = 0;
}

ST_MAIN(ST_CASE(values), ST_CASE(names), ST_CASE(record_ids), ST_CASE(paths_and_params),
        ST_CASE(cleanup))
