/* Executing graph helpers and GraphQuery (surql/conn/graph.h) against the
 * real engines, read back with plain queries; shortest path and mutual
 * connections on a generated graph of SURQL_GRAPH_USERS (default 1000) users
 * checked against a breadth-first search computed here. */
#include "records-fixture.h"

/* int key of a record value user:N, or -1 */
static long key_of(const surql_value *r)
{
    const surql_value *k = NULL;
    int64_t i = -1;
    if (surql_value_record_key(r, &k) != 0 || surql_value_get_int(k, &i) != 0)
        return -1;
    return (long)i;
}

/* sorted, comma-joined names ("name" field) of the records of array @p v */
static const char *names(const surql_value *v)
{
    static char buf[1024];
    const char *n[64];
    size_t m = 0;
    for (size_t i = 0; i < surql_value_length(v) && m < 64; i++)
        n[m++] = rx_field(surql_value_array_at(v, i), "name");
    for (size_t i = 1; i < m; i++)
        for (size_t j = i; j > 0 && strcmp(n[j - 1], n[j]) > 0; j--) {
            const char *t = n[j];
            n[j] = n[j - 1];
            n[j - 1] = t;
        }
    buf[0] = 0;
    for (size_t i = 0; i < m; i++) {
        strncat(buf, n[i], sizeof buf - strlen(buf) - 2);
        if (i + 1 < m)
            strncat(buf, ",", sizeof buf - strlen(buf) - 1);
    }
    return buf;
}

static void small(fx *f)
{
    surql_conn_client *c = f->c;
    surql_value *v = NULL;
    ST_BAIL_IF_FAILED();
    surql_value_unref(fx_q(c,
                           "CREATE user:alice SET name = 'alice'; CREATE user:bob SET name = 'bob';"
                           "CREATE user:carol SET name = 'carol'; CREATE user:dave SET name = 'dave';"
                           "CREATE post:1 SET name = 'p1'; CREATE post:2 SET name = 'p2';",
                           NULL));
    ST_BAIL_IF_FAILED();
    /* relate (with data, and without) */
    surql_value *d = fx_v("{\"since\": \"2024\"}");
    ST_OK(surql_conn_graph_relate(&v, c, "follows", "user:alice", "user:bob", d));
    surql_value_unref(d);
    ST_EQ_STR(rx_field(v, "since"), "2024");
    surql_value_unref(v);
    const char *rel[][3] = { { "follows", "user:alice", "user:carol" },
                             { "follows", "user:bob", "user:carol" },
                             { "follows", "user:carol", "user:dave" },
                             { "follows", "user:bob", "user:dave" },
                             { "likes", "user:alice", "post:1" },
                             { "likes", "user:bob", "post:1" },
                             { "likes", "user:bob", "post:2" } };
    for (size_t i = 0; i < sizeof rel / sizeof *rel; i++) {
        ST_OK(surql_conn_graph_relate(NULL, c, rel[i][0], rel[i][1], rel[i][2], NULL));
    }
    ST_EQ_STR(rx_json(c, "RETURN array::sort((SELECT VALUE <string> out FROM follows "
                         "WHERE in = user:alice))"),
              "[\"user:bob\",\"user:carol\"]");
    ST_EQ_STR(rx_json(c, "SELECT VALUE since FROM follows WHERE in = user:alice AND out = user:bob"),
              "[\"2024\"]");

    /* traverse */
    ST_OK(surql_conn_graph_traverse(&v, c, "user:alice", "->follows->user", NULL, 0));
    ST_EQ_STR(names(v), "bob,carol");
    surql_value_unref(v);
    surql_query_expr *cond[1] = { surql_query_eq(surql_query_field("name"), surql_query_str("carol")) };
    ST_OK(surql_conn_graph_traverse(&v, c, "user:alice", "->follows->user", cond, 1));
    ST_EQ_STR(names(v), "carol");
    surql_value_unref(v);
    /* traverse_with_depth: exactly two hops */
    ST_OK(surql_conn_graph_traverse_depth(&v, c, "user:alice", "follows", "user", SURQL_QUERY_OUT, 2));
    ST_EQ_STR(names(v), "carol,dave,dave");
    surql_value_unref(v);
    ST_OK(surql_conn_graph_traverse_depth(&v, c, "user:dave", "follows", NULL, SURQL_QUERY_IN, 1));
    ST_EQ_STR(names(v), "bob,carol");
    surql_value_unref(v);
    /* related */
    ST_OK(surql_conn_graph_related(&v, c, "post:1", "likes", "user", SURQL_QUERY_IN, NULL, 0));
    ST_EQ_STR(names(v), "alice,bob");
    surql_value_unref(v);
    ST_ERR(surql_conn_graph_related(&v, c, "post:1", "likes", "user", SURQL_QUERY_BOTH, NULL, 0),
           SURQL_QUERY_EARG);
    /* counts and degree */
    int64_t n = -1;
    ST_OK(surql_conn_graph_count_related(&n, c, "user:alice", "follows", SURQL_QUERY_OUT));
    ST_EQ_INT(n, 2);
    ST_OK(surql_conn_graph_count_related(&n, c, "user:dave", "follows", SURQL_QUERY_IN));
    ST_EQ_INT(n, 2);
    ST_OK(surql_conn_graph_degree(&n, c, "user:bob", "follows", SURQL_QUERY_BOTH));
    ST_EQ_INT(n, 3);
    ST_OK(surql_conn_graph_degree(&n, c, "user:bob", "follows", SURQL_QUERY_IN));
    ST_EQ_INT(n, 1);
    /* neighbours within two hops */
    ST_OK(surql_conn_graph_neighbors(&v, c, "user:alice", "follows", 2, SURQL_QUERY_OUT));
    ST_EQ_STR(names(v), "bob,carol,dave");
    surql_value_unref(v);
    /* mutual */
    ST_OK(surql_conn_graph_mutual(&v, c, "user:alice", "user:bob", "follows"));
    ST_EQ_STR(names(v), "carol");
    surql_value_unref(v);
    /* shortest path */
    ST_OK(surql_conn_graph_shortest_path(&v, c, "user:alice", "user:dave", "follows", 5));
    ST_EQ_INT(surql_value_length(v), 2);
    ST_EQ_STR(rx_str(surql_value_array_at(v, 1)), "{\"$record\":{\"tb\":\"user\",\"id\":\"dave\"}}");
    surql_value_unref(v);
    ST_OK(surql_conn_graph_shortest_path(&v, c, "user:dave", "user:alice", "follows", 5));
    ST_EQ_INT(surql_value_length(v), 0);
    surql_value_unref(v);
    /* beyond max_depth (alice -> dave is 2 hops): [] on both engines */
    ST_OK(surql_conn_graph_shortest_path(&v, c, "user:alice", "user:dave", "follows", 1));
    ST_EQ_STR(rx_str(v), "[]");
    surql_value_unref(v);
    ST_OK(surql_conn_graph_shortest_path(&v, c, "user:alice", "user:alice", "follows", 5));
    ST_EQ_STR(rx_str(v), "[]");
    surql_value_unref(v);
    /* edges */
    ST_OK(surql_conn_graph_outgoing(&v, c, "user:bob", "likes", NULL, 0));
    ST_EQ_INT(surql_value_length(v), 2);
    ST_CHECK(surql_value_object_get(surql_value_array_at(v, 0), "in") != NULL);
    surql_value_unref(v);
    ST_OK(surql_conn_graph_incoming(&v, c, "post:1", "likes", NULL, 0));
    ST_EQ_INT(surql_value_length(v), 2);
    surql_value_unref(v);
    /* GraphQuery: posts liked by the users alice follows */
    surql_query_builder *q = surql_query_traverse(surql_query_from(surql_query_select(), "user:alice"),
                                                  "->follows->user->likes->post");
    ST_OK(surql_conn_graph_query_fetch(&v, c, q));
    ST_EQ_STR(names(v), "p1,p2");
    surql_value_unref(v);
    ST_OK(surql_conn_graph_query_count(&n, c, q));
    ST_EQ_INT(n, 2);
    int ex = -1;
    ST_OK(surql_conn_graph_query_exists(&ex, c, q));
    ST_EQ_INT(ex, 1);
    surql_query_builder *q2 = surql_query_where(surql_query_ref(q),
        surql_query_eq(surql_query_field("name"), surql_query_str("p9")));
    ST_OK(surql_conn_graph_query_exists(&ex, c, q2));
    ST_EQ_INT(ex, 0);
    ST_OK(surql_conn_graph_query_count(&n, c, q2));
    ST_EQ_INT(n, 0);
    surql_query_unref(q2);
    surql_query_unref(q);
    /* unrelate */
    ST_OK(surql_conn_graph_unrelate(c, "follows", "user:alice", "user:bob"));
    ST_EQ_STR(rx_json(c, "SELECT VALUE <string> out FROM follows WHERE in = user:alice"),
              "[\"user:carol\"]");
    ST_EQ_STR(rx_json(c, "SELECT count() AS n FROM follows GROUP ALL"), "[{\"n\":4}]");
    /* hostile record text: refused, nothing sent */
    ST_ERR(surql_conn_graph_relate(&v, c, "follows", "user:alice; DELETE user", "user:bob", NULL),
           SURQL_EIDENT);
    ST_ERR(surql_conn_graph_outgoing(&v, c, "alice", "likes", NULL, 0), SURQL_EIDENT);
    ST_ERR(surql_conn_graph_traverse(&v, c, "user:alice", "->likes; DELETE user", NULL, 0),
           SURQL_EIDENT);
    ST_EQ_STR(rx_json(c, "SELECT count() AS n FROM user GROUP ALL"), "[{\"n\":4}]");
}

ST_TEST(helpers_v3) { fx_run("v3", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, small); }
ST_TEST(helpers_v2) { fx_run("v2", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, small); }

/* ---- a generated graph ---------------------------------------------------- */

#define OUTDEG 3
#define MAXD 10 /* max_depth of the shortest-path queries */

static unsigned long lcg(unsigned long *s)
{
    *s = *s * 6364136223846793005UL + 1442695040888963407UL;
    return *s >> 33;
}

typedef struct graph {
    long n;
    long (*out)[OUTDEG];
} graph;

static int has_edge(const graph *g, long a, long b)
{
    for (int k = 0; k < OUTDEG; k++)
        if (g->out[a][k] == b)
            return 1;
    return 0;
}

/* BFS distances from @p s (-1 unreachable) */
static void bfs(const graph *g, long s, long *dist)
{
    long *queue = malloc(sizeof *queue * (size_t)g->n);
    for (long i = 0; i < g->n; i++)
        dist[i] = -1;
    long h = 0, t = 0;
    dist[s] = 0;
    queue[t++] = s;
    while (h < t) {
        long u = queue[h++];
        for (int k = 0; k < OUTDEG; k++) {
            long w = g->out[u][k];
            if (dist[w] < 0) {
                dist[w] = dist[u] + 1;
                queue[t++] = w;
            }
        }
    }
    free(queue);
}

static void generated(fx *f)
{
    surql_conn_client *c = f->c;
    /* the 2.x (WebAssembly) engine takes seconds per shortest path on a loaded machine */
    surql_conn_client_set_timeout_ms(c, 120000);
    const char *env = getenv("SURQL_GRAPH_USERS");
    graph g;
    g.n = env ? strtol(env, NULL, 10) : 1000;
    if (g.n < 10)
        g.n = 10;
    g.out = calloc((size_t)g.n, sizeof *g.out);
    unsigned long seed = 42;
    surql_value *users = surql_value_array(), *pairs = surql_value_array();
    for (long i = 0; i < g.n; i++) {
        surql_value *u = surql_value_object();
        surql_value_object_set_take(u, "id", surql_value_record_take("user", surql_value_int(i)));
        surql_value_object_set_take(u, "n", surql_value_int(i));
        surql_value_array_push_take(users, u);
        for (int k = 0; k < OUTDEG; k++) {
            long w;
            do
                w = (long)(lcg(&seed) % (unsigned long)g.n);
            while (w == i || has_edge(&g, i, w));
            g.out[i][k] = w;
            surql_value *p = surql_value_array();
            surql_value_array_push_take(p, surql_value_record_take("user", surql_value_int(i)));
            surql_value_array_push_take(p, surql_value_record_take("user", surql_value_int(w)));
            surql_value_array_push_take(pairs, p);
        }
    }
    surql_conn_batch_options o = SURQL_CONN_BATCH_OPTIONS_INIT;
    int rc = surql_conn_batch_insert(NULL, c, "user", users, &o);
    if (!rc)
        rc = surql_conn_batch_relate(NULL, c, "user", "follows", "user", pairs, NULL, &o);
    surql_value_unref(users);
    surql_value_unref(pairs);
    if (rc) {
        free(g.out);
        ST_OK(rc);
    }
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count() AS n FROM follows GROUP ALL");
    char want[64];
    snprintf(want, sizeof want, "[{\"n\":%ld}]", g.n * OUTDEG);
    if (strcmp(rx_json(c, sql), want) != 0) {
        free(g.out);
        ST_EQ_STR(rx_json(c, sql), want);
    }

    long *dist = malloc(sizeof *dist * (size_t)g.n);
    surql_value *path = NULL, *m = NULL;
#define GCHECK(cond, ...)                                                                     \
    do {                                                                                      \
        if (!(cond)) {                                                                        \
            st_fail(__FILE__, __LINE__, __VA_ARGS__);                                         \
            goto out;                                                                         \
        }                                                                                     \
    } while (0)
    int checked = 0, unreachable = 0, mutual_nonempty = 0;
    unsigned long s2 = 7;
    for (long src = 0; src < g.n && !st_failed_now(); src += g.n / 5) {
        bfs(&g, src, dist);
        for (long t = 1; t < g.n && !st_failed_now(); t += g.n / 7 + 1) {
            long dst = (src + t * 37) % g.n;
            if (dst == src)
                continue;
            char a[32], b[32];
            snprintf(a, sizeof a, "user:%ld", src);
            snprintf(b, sizeof b, "user:%ld", dst);
            surql_value_unref(path);
            path = NULL;
            rc = surql_conn_graph_shortest_path(&path, c, a, b, "follows", MAXD);
            GCHECK(rc == 0, "shortest path %s -> %s: %s", a, b, fx_msg());
            long len = (long)surql_value_length(path);
            if (dist[dst] < 0 || dist[dst] > MAXD) {
                unreachable++;
                GCHECK(len == 0, "%s -> %s unreachable, got %s", a, b, rx_str(path));
            } else {
                /* as long as the BFS distance, and a real path ending at dst */
                GCHECK(len == dist[dst], "%s -> %s: path of %ld, BFS says %ld: %s", a, b, len,
                          dist[dst], rx_str(path));
                long prev = src;
                for (long i = 0; i < len; i++) {
                    long k = key_of(surql_value_array_at(path, (size_t)i));
                    GCHECK(k >= 0 && has_edge(&g, prev, k), "%s -> %s: step %ld (%ld -> %ld) "
                              "is not an edge", a, b, i, prev, k);
                    prev = k;
                }
                GCHECK(prev == dst, "%s -> %s: path ends at %ld", a, b, prev);
            }
            checked++;
        }
    }
    /* mutual connections: the intersection of two follow sets */
    for (int pair = 0; pair < 40 && !st_failed_now(); pair++) {
        long a = (long)(lcg(&s2) % (unsigned long)g.n), b = (long)(lcg(&s2) % (unsigned long)g.n);
        if (pair % 2 == 0) {
            /* pick b among those following one of a's targets, so some pairs overlap */
            long t = g.out[a][0];
            for (long u = 0; u < g.n; u++)
                if (u != a && has_edge(&g, u, t)) {
                    b = u;
                    break;
                }
        }
        char ra[32], rb[32];
        snprintf(ra, sizeof ra, "user:%ld", a);
        snprintf(rb, sizeof rb, "user:%ld", b);
        surql_value_unref(m);
        m = NULL;
        rc = surql_conn_graph_mutual(&m, c, ra, rb, "follows");
        GCHECK(rc == 0, "mutual(%s, %s): %s", ra, rb, fx_msg());
        int want_n = 0;
        for (int k = 0; k < OUTDEG; k++)
            want_n += has_edge(&g, b, g.out[a][k]);
        GCHECK((long)surql_value_length(m) == want_n, "mutual(%s, %s): %zu rows, want %d: %s",
                  ra, rb, surql_value_length(m), want_n, rx_str(m));
        for (size_t i = 0; i < surql_value_length(m); i++) {
            long k = key_of(surql_value_object_get(surql_value_array_at(m, i), "id"));
            GCHECK(has_edge(&g, a, k) && has_edge(&g, b, k), "mutual(%s, %s): %ld is not "
                      "followed by both", ra, rb, k);
        }
        mutual_nonempty += want_n > 0;
    }
out:
    surql_value_unref(path);
    surql_value_unref(m);
    st_note("%s: %ld users, %d shortest paths checked (%d unreachable), %d non-empty mutual sets",
            f->s.engine, g.n, checked, unreachable, mutual_nonempty);
    free(dist);
    free(g.out);
    ST_CHECK(checked > 20);
    ST_CHECK(mutual_nonempty > 5);
}

/* The dev server runs the engine on Node's one thread, so it answers no
 * keepalive ping while it computes one long shortest-path query (over 20 s
 * for the 2.x WebAssembly engine under valgrind on a loaded machine); this
 * test is about graph results, so its client runs without keepalive
 * (conn.fault.* test the keepalive). */
static void no_keepalive(surql_conn_config *cfg)
{
    surql_conn_config_set_keepalive_interval_ms(cfg, 0);
}

ST_TEST(generated_v3)
{
    fx_config_hook = no_keepalive;
    fx_run("v3", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, generated);
}
ST_TEST(generated_v2)
{
    fx_config_hook = no_keepalive;
    fx_run("v2", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, generated);
}

ST_MAIN(ST_CASE(helpers_v3), ST_CASE(helpers_v2), ST_CASE(generated_v3), ST_CASE(generated_v2))
