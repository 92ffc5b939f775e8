/* Integration tests of libsurql-query against the real engines (v3 and v2, dev server):
 * the graph helpers on a generated graph checked against a reference computed here, and
 * vector search (see test-engine.c). */
#include "engine-test.h"

/* ------------------------------------------------------------------------ */
/* graph helpers (graph.h) on a small generated graph, checked against a     */
/* reference computed here                                                   */
/* ------------------------------------------------------------------------ */

#define GN 12 /* node:0..node:11 linked; node:12 isolated */
static int adj[GN + 1][GN + 1];

static void gen_graph(void)
{
    memset(adj, 0, sizeof adj);
    for (int i = 0; i < GN; i++) {
        int a = (i * 5 + 1) % GN, b = (i * 7 + 3) % GN;
        if (a != i)
            adj[i][a] = 1;
        if (b != i)
            adj[i][b] = 1;
    }
}

/* next = the nodes one hop (OUT) from a node of cur */
static void hop(const int *cur, int *next)
{
    memset(next, 0, sizeof(int) * (GN + 1));
    for (int i = 0; i <= GN; i++)
        for (int j = 0; cur[i] && j <= GN; j++)
            if (adj[i][j])
                next[j] = 1;
}

/* nodes reachable in 1..depth hops (OUT), start excluded */
static void reach(int start, int depth, int *out)
{
    int cur[GN + 1] = { 0 }, next[GN + 1];
    memset(out, 0, sizeof(int) * (GN + 1));
    cur[start] = 1;
    for (int d = 0; d < depth; d++) {
        hop(cur, next);
        for (int j = 0; j <= GN; j++) {
            out[j] |= next[j];
            cur[j] = next[j];
        }
    }
    out[start] = 0;
}

/* nodes at the end of walks of exactly depth hops */
static void exact(int start, int depth, int *out)
{
    int cur[GN + 1] = { 0 }, next[GN + 1];
    cur[start] = 1;
    for (int d = 0; d < depth; d++) {
        hop(cur, next);
        memcpy(cur, next, sizeof cur);
    }
    memcpy(out, cur, sizeof cur);
}

/* BFS distance (-1 unreachable) */
static int dist(int a, int b)
{
    int d[GN + 1], q[GN + 1], h = 0, t = 0;
    for (int i = 0; i <= GN; i++)
        d[i] = -1;
    d[a] = 0;
    q[t++] = a;
    while (h < t) {
        int x = q[h++];
        for (int y = 0; y <= GN; y++)
            if (adj[x][y] && d[y] < 0) {
                d[y] = d[x] + 1;
                q[t++] = y;
            }
    }
    return d[b];
}

/* key of node:N, or -1 */
static int node_key(const surql_value *rec)
{
    if (surql_value_type_of(rec) == SURQL_VALUE_OBJECT)
        rec = surql_value_object_get(rec, "id");
    const char *t = NULL;
    const surql_value *k = NULL;
    int64_t n = -1;
    if (surql_value_record_table(rec, &t) != 0 || strcmp(t, "node") != 0 ||
        surql_value_record_key(rec, &k) != 0 || surql_value_get_int(k, &n) != 0)
        return -1;
    return (int)n;
}

/* the rows (records or objects with an id, possibly nested arrays) as a node set; 0 when
 * an item is not a node */
static int as_set(const surql_value *v, int *set)
{
    if (surql_value_type_of(v) == SURQL_VALUE_ARRAY) {
        for (size_t i = 0; i < surql_value_length(v); i++)
            if (!as_set(surql_value_array_at(v, i), set))
                return 0;
        return 1;
    }
    int k = node_key(v);
    if (k < 0 || k > GN)
        return 0;
    set[k] = 1;
    return 1;
}

static const char *set_str(const int *set)
{
    static char buf[256];
    size_t o = 0;
    buf[0] = '\0';
    for (int i = 0; i <= GN; i++)
        if (set[i])
            o += (size_t)snprintf(buf + o, sizeof buf - o, "%d ", i);
    return buf;
}

static char *node(int i)
{
    static char buf[4][32];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "node:%d", i);
    return buf[k];
}

#define SAME_SET(v, want, what, ...)                                                   \
    do {                                                                               \
        int got_[GN + 1] = { 0 };                                                      \
        ST_CHECKF(as_set((v), got_), "%s: not nodes: %s", what, show(v));              \
        char g_[256];                                                                  \
        snprintf(g_, sizeof g_, "%s", set_str(got_));                                  \
        ST_CHECKF(memcmp(got_, (want), sizeof got_) == 0, "%s: got {%s} want {%s}", what, g_, \
                  set_str(want));                                                      \
    } while (0)

static void g_graph(void)
{
    const int d = E.d;
    surql_value *v = NULL;
    gen_graph();
    surql_buf fx = SURQL_BUF_INIT;
    for (int i = 0; i <= GN; i++)
        surql_buf_printf(&fx, "CREATE node:%d SET n = %d;", i, i);
    for (int i = 0; i <= GN; i++)
        for (int j = 0; j <= GN; j++)
            if (adj[i][j])
                surql_buf_printf(&fx, "RELATE node:%d->link->node:%d SET w = %d;", i, j, i * 100 + j);
    int frc = eng_sql(E.c, surql_buf_cstr(&fx));
    surql_buf_dispose(&fx);
    ST_CHECKF(frc == 0, "graph fixture: %s", emsg());
    for (int start = 0; start <= GN; start += 3) {
        int want[GN + 1], outd = 0, ind = 0;
        /* one hop: traverse, traverse_depth 1, related OUT */
        reach(start, 1, want);
        RUN_H(v, surql_query_graph_traverse(&s, d, node(start), "->link->node", NULL, 0));
        SAME_SET(v, want, "traverse");
        surql_value_unref(v);
        RUN_H(v, surql_query_graph_related(&s, d, node(start), "link", "node", SURQL_QUERY_OUT, NULL, 0));
        SAME_SET(v, want, "related out");
        surql_value_unref(v);
        for (int j = 0; j <= GN; j++) {
            outd += adj[start][j];
            ind += adj[j][start];
        }
        /* IN */
        int win[GN + 1] = { 0 };
        for (int j = 0; j <= GN; j++)
            win[j] = adj[j][start];
        RUN_H(v, surql_query_graph_related(&s, d, node(start), "link", "node", SURQL_QUERY_IN, NULL, 0));
        SAME_SET(v, win, "related in");
        surql_value_unref(v);
        /* exactly N hops, and distinct neighbours within N hops */
        for (unsigned depth = 1; depth <= 3; depth++) {
            exact(start, (int)depth, want);
            RUN_H(v, surql_query_graph_traverse_depth(&s, d, node(start), "link", "node", SURQL_QUERY_OUT, depth));
            SAME_SET(v, want, "traverse_depth");
            surql_value_unref(v);
            reach(start, (int)depth, want);
            RUN_H(v, surql_query_graph_neighbors(&s, d, node(start), "link", depth, SURQL_QUERY_OUT));
            SAME_SET(v, want, "neighbors");
            /* distinct: one row per node */
            int n = 0;
            for (int j = 0; j <= GN; j++)
                n += want[j];
            ST_CHECKF(surql_value_length(v) == (size_t)n, "neighbors depth %u of %d: %zu rows, want %d: %s",
                      depth, start, surql_value_length(v), n, show(v));
            surql_value_unref(v);
        }
        /* degree, count_related */
        char w[32];
        snprintf(w, sizeof w, "%d", outd);
        EXPECT_H(surql_query_graph_degree(&s, d, node(start), "link", SURQL_QUERY_OUT), w, F_RO);
        EXPECT_H(surql_query_graph_count_related(&s, d, node(start), "link", SURQL_QUERY_OUT), w, F_RO);
        snprintf(w, sizeof w, "%d", ind);
        EXPECT_H(surql_query_graph_degree(&s, d, node(start), "link", SURQL_QUERY_IN), w, F_RO);
        EXPECT_H(surql_query_graph_count_related(&s, d, node(start), "link", SURQL_QUERY_IN), w, F_RO);
        snprintf(w, sizeof w, "%d", ind + outd);
        EXPECT_H(surql_query_graph_degree(&s, d, node(start), "link", SURQL_QUERY_BOTH), w, F_RO);
        EXPECT_H(surql_query_graph_count_related(&s, d, node(start), "link", SURQL_QUERY_BOTH), w, F_RO);
        /* edges out / in */
        RUN_H(v, surql_query_graph_outgoing(&s, d, node(start), "link", NULL, 0));
        ST_CHECKF(surql_value_length(v) == (size_t)outd, "outgoing: %s", show(v));
        for (size_t i = 0; i < surql_value_length(v); i++) {
            const surql_value *e = surql_value_array_at(v, i);
            int a = node_key(surql_value_object_get(e, "in")), b = node_key(surql_value_object_get(e, "out"));
            int64_t wt = -1;
            surql_value_get_int(surql_value_object_get(e, "w"), &wt);
            ST_CHECKF(a == start && b >= 0 && adj[a][b] && wt == a * 100 + b, "edge %s", show(e));
        }
        surql_value_unref(v);
        {
            surql_query_expr *c[1] = { surql_query_gt(F("w"), I(start * 100 + 5)) };
            RUN_H(v, surql_query_graph_incoming(&s, d, node(start), "link", c, 1));
            int n = 0;
            for (int j = 0; j <= GN; j++)
                n += adj[j][start] && j * 100 + start > start * 100 + 5;
            ST_CHECKF(surql_value_length(v) == (size_t)n, "incoming with condition: %s (want %d)", show(v), n);
            surql_value_unref(v);
        }
        /* mutual connections with every other node */
        for (int other = 0; other <= GN; other += 2) {
            int m[GN + 1];
            for (int j = 0; j <= GN; j++)
                m[j] = adj[start][j] && adj[other][j];
            RUN_H(v, surql_query_graph_mutual(&s, d, node(start), node(other), "link"));
            SAME_SET(v, m, "mutual");
            surql_value_unref(v);
        }
        /* shortest paths to every node */
        for (int to = 0; to <= GN; to++) {
            if (to == start)
                continue;
            int dd = dist(start, to);
            RUN_H(v, surql_query_graph_shortest_path(&s, d, node(start), node(to), "link", 8));
            size_t n = surql_value_length(v);
            if (dd < 0) {
                ST_CHECKF(n == 0, "path %d->%d should be empty: %s", start, to, show(v));
            } else {
                ST_CHECKF(n == (size_t)dd, "path %d->%d: %zu hops, want %d: %s", start, to, n, dd, show(v));
                int prev = start;
                for (size_t i = 0; i < n; i++) {
                    int k = node_key(surql_value_array_at(v, i));
                    ST_CHECKF(k >= 0 && adj[prev][k], "path %d->%d: no edge %d->%d: %s", start, to, prev, k, show(v));
                    prev = k;
                }
                ST_CHECKF(prev == to, "path %d->%d ends at %d", start, to, prev);
            }
            surql_value_unref(v);
        }
    }
    /* relate / unrelate through the helpers */
    surql_value *data = lit("{ w: 999 }");
    RUN_H(v, surql_query_graph_relate(&s, d, "link", "node:12", "node:0", data));
    surql_value_unref(data);
    ST_CHECKF(surql_value_type_of(v) == SURQL_VALUE_OBJECT && node_key(surql_value_object_get(v, "in")) == 12 &&
                  node_key(surql_value_object_get(v, "out")) == 0,
              "relate: %s", show(v));
    surql_value_unref(v);
    RUN_H(v, surql_query_graph_relate(&s, d, "link", "node:12", "node:1", NULL));
    surql_value_unref(v);
    EXPECT_H(surql_query_graph_degree(&s, d, "node:12", "link", SURQL_QUERY_OUT), "2", F_RO);
    EXPECT_H(surql_query_graph_unrelate(&s, d, "link", "node:12", "node:0"), "NONE", 0);
    EXPECT_H(surql_query_graph_degree(&s, d, "node:12", "link", SURQL_QUERY_OUT), "1", F_RO);
    EXPECT_H(surql_query_graph_traverse(&s, d, "node:12", "->link->?", NULL, 0), NULL, F_RO);
    EXPECT_H(surql_query_graph_shortest_path(&s, d, "node:12", "node:1", "link", 3), "[node:1]", F_RO);
    adj[12][1] = 1;
    /* builder: a recursive path as a projection */
    {
        surql_query_expr *g = surql_query_graph(F("id"));
        g = surql_query_graph_recurse(g, 1, 2, SURQL_QUERY_RECURSE_COLLECT, NULL);
        g = surql_query_graph_step(surql_query_graph_step(g, SURQL_QUERY_OUT, "link"), SURQL_QUERY_OUT, "node");
        int want[GN + 1];
        reach(12, 2, want);
        RUN(v, surql_query_select_value(FROM("node:12"), g));
        SAME_SET(v, want, "recurse collect projection");
        surql_value_unref(v);
    }
    {
        int want[GN + 1];
        exact(0, 2, want);
        surql_query_expr *g = surql_query_graph(surql_query_record("node:0"));
        g = surql_query_graph_path(surql_query_graph_recurse(g, 2, 0, SURQL_QUERY_RECURSE_PLAIN, NULL), "->link->node");
        RUN(v, surql_query_from_expr(SELECT(), g));
        SAME_SET(v, want, "recurse {2} target");
        surql_value_unref(v);
    }
}

/* ------------------------------------------------------------------------ */
/* vector search: KNN with a metric (brute force), with the HNSW index       */
/* (`<|k|>`, `<|k,ef|>`), similarity scores                                  */
/* ------------------------------------------------------------------------ */

static void g_vector(void)
{
    SQL("CREATE doc:a SET emb = [1.0, 0.0], lang = 'en'; CREATE doc:b SET emb = [0.9, 0.1], lang = 'fr'; "
        "CREATE doc:c SET emb = [0.0, 1.0], lang = 'en'; CREATE doc:d SET emb = [-1.0, 0.0], lang = 'en';");
    const double q[2] = { 1.0, 0.05 };
    /* brute force with an explicit metric */
    EXPECT(surql_query_order_by(surql_query_select_value(surql_query_vector_search(FROM("doc"), "emb", q, 2, 2,
                                                                                   SURQL_QUERY_DIST_EUCLIDEAN, 0),
                                                         F("id")),
                                "id", 0),
           "[doc:a, doc:b]", F_RO);
    EXPECT(surql_query_order_by(surql_query_select_value(surql_query_where(surql_query_vector_search(FROM("doc"), "emb", q, 2, 2,
                                                                                                     SURQL_QUERY_DIST_COSINE, 0),
                                                                           surql_query_eq(F("lang"), S("en"))),
                                                         F("id")),
                                "id", 0),
           /* a condition next to KNN: 2.x filters the k nearest, 3.x takes the k nearest
            * of the filtered rows */
           E.v2 ? "[doc:a]" : "[doc:a, doc:c]", F_RO | F_SORT);
    /* the helpers */
    EXPECT(surql_query_vector_search_query("doc", "emb", q, 2, 1, SURQL_QUERY_DIST_MANHATTAN,
                                           (const char *[]){ "id" }, 1),
           "[{ id: doc:a }]", F_RO);
    {
        surql_value *v = NULL;
        RUN(v, surql_query_similarity_search_query("doc", "emb", q, 2, 1, SURQL_QUERY_DIST_COSINE));
        double sim = 0;
        ST_CHECKF(surql_value_length(v) == 1 &&
                      surql_value_get_number(surql_value_object_get(surql_value_array_at(v, 0), "similarity"), &sim) == 0 &&
                      sim > 0.99,
                  "similarity search: %s", show(v));
        surql_value_unref(v);
        RUN(v, surql_query_order_by(surql_query_similarity_score(surql_query_field_add(FROM("doc"), "id"), "emb", q, 2,
                                                                 SURQL_QUERY_DIST_EUCLIDEAN, "dist"),
                                    "dist", 0));
        ST_CHECKF(surql_value_length(v) == 4 &&
                      node_key(surql_value_array_at(v, 0)) == -1, /* not a node: a doc */
                  "score: %s", show(v));
        surql_value_unref(v);
    }
    /* with an HNSW index: `<|k,ef|>` uses it; `<|k|>` (MTREE) is refused for 3.x by the
     * builder, and finds nothing through an HNSW index on 2.x */
    SQL("DEFINE INDEX doc_emb ON doc FIELDS emb HNSW DIMENSION 2 DIST EUCLIDEAN;");
    if (E.v2) {
        EXPECT(surql_query_select_value(surql_query_vector_search(FROM("doc"), "emb", q, 2, 2,
                                                                  SURQL_QUERY_DIST_DEFAULT, 0), F("id")),
               "[]", F_RO);
    } else {
        surql_query_stmt *st = NULL;
        surql_query_builder *b = surql_query_vector_search(FROM("doc"), "emb", q, 2, 2, SURQL_QUERY_DIST_DEFAULT, 0);
        ST_ERR(surql_query_build(&st, b), SURQL_QUERY_EDIALECT);
        surql_query_unref(b);
    }
    EXPECT(surql_query_order_by(surql_query_select_value(surql_query_vector_search(FROM("doc"), "emb", q, 2, 3,
                                                                                   SURQL_QUERY_DIST_DEFAULT, 40),
                                                         F("id")),
                                "id", 0),
           "[doc:a, doc:b, doc:c]", F_RO | F_SORT);
}

/* ------------------------------------------------------------------------ */

/* ------------------------------------------------------------------------ */

ST_TEST(v3_graph) { eng_case("v3", g_graph); }
ST_TEST(v2_graph) { eng_case("v2", g_graph); }
ST_TEST(v3_vector) { eng_case("v3", g_vector); }
ST_TEST(v2_vector) { eng_case("v2", g_vector); }

ST_MAIN(ST_CASE(v3_graph), ST_CASE(v2_graph), ST_CASE(v3_vector), ST_CASE(v2_vector))
