/* A live query and the executing CRUD API on the blog example (libsurql-conn).
 *   cc watch.c $(pkg-config --cflags --libs surql-conn)
 * Connection settings come from the environment (DB_URL, DB_NAMESPACE,
 * DB_DATABASE, DB_USERNAME, DB_PASSWORD; see docs/connection.md). The program
 * watches `post`, creates one post (its title is a hostile string: it stays a
 * value), updates it, deletes it, prints the three notifications and the
 * count of posts, and exits 0 when everything arrived. */
#include <stdio.h>
#include <surql/conn.h>
#include <surql/conn/crud.h>
#include <surql/conn/live.h>
#include <surql/schema/literal.h>

static int fail(const char *what, int rc)
{
    fprintf(stderr, "watch: %s: %s: %s\n", what, surql_conn_status_name(rc),
            surql_error_last()->message);
    return 1;
}

static void print_event(const surql_conn_live_event *ev)
{
    surql_buf rec = SURQL_BUF_INIT, res = SURQL_BUF_INIT;
    surql_value_to_json(ev->record, &rec, 0);
    surql_value_to_json(surql_value_object_get(ev->result, "title"), &res, 0);
    printf("  %-6s %s title=%s\n", surql_conn_live_action_name(ev->action),
           rec.ptr ? rec.ptr : "?", res.ptr ? res.ptr : "-");
    surql_buf_dispose(&rec);
    surql_buf_dispose(&res);
}

int main(void)
{
    surql_conn_config *cfg = NULL;
    surql_conn_client *c = NULL;
    surql_conn_live *lq = NULL;
    surql_value *post = NULL, *data = NULL, *patch = NULL;
    int rc, ret = 1;
    if (surql_conn_global_init() < 1)
        return fail("init", SURQL_ESTATE);
    if ((rc = surql_conn_config_from_env(&cfg, NULL)) != 0) {
        fail("configuration", rc);
        goto out;
    }
    if ((rc = surql_conn_client_open(&c, cfg, NULL)) != 0) {
        fail("connect", rc);
        goto out;
    }
    printf("connected to %s (%s)\n", surql_conn_client_server_version(c),
           surql_conn_client_dialect(c) == SURQL_DIALECT_V3 ? "3.x" : "2.x");
    if ((rc = surql_conn_live_start(&lq, c, "post", NULL)) != 0) {
        fail("live post", rc);
        goto out;
    }
    data = surql_value_object();
    surql_value_object_set_take(data, "title", surql_value_string("'; REMOVE TABLE post; --"));
    surql_value_object_set_take(data, "body", surql_value_string("written by watch.c"));
    surql_value_object_set_take(data, "author", surql_value_record_parse("user:alice"));
    if ((rc = surql_conn_record_create(&post, c, "post", data, SURQL_QUERY_RETURN_DEFAULT))) {
        fail("create post", rc);
        goto out;
    }
    /* the new record's id as text ("post:..."), which the id arguments take */
    surql_buf id = SURQL_BUF_INIT;
    if ((rc = surql_value_to_surql(surql_value_object_get(post, "id"), &id, 0)) != 0) {
        fail("record id", rc);
        goto out;
    }
    patch = surql_value_object();
    surql_value_object_set_take(patch, "title", surql_value_string("a calmer title"));
    if ((rc = surql_conn_record_merge(NULL, c, "post", id.ptr, patch,
                                      SURQL_QUERY_RETURN_NONE)) != 0 ||
        (rc = surql_conn_record_delete(c, "post", id.ptr)) != 0) {
        surql_buf_dispose(&id);
        fail("merge/delete post", rc);
        goto out;
    }
    surql_buf_dispose(&id);
    printf("live notifications on post:\n");
    int seen = 0;
    for (; seen < 3; seen++) {
        surql_conn_live_event *ev = NULL;
        if ((rc = surql_conn_live_next(lq, &ev, 10000)) != 0) {
            fail("waiting for a notification", rc);
            goto out;
        }
        print_event(ev);
        surql_conn_live_event_free(ev);
    }
    int64_t n = 0;
    if ((rc = surql_conn_records_count(&n, c, "post", NULL)) != 0) {
        fail("count posts", rc);
        goto out;
    }
    printf("posts in the table (the hostile title changed nothing): %lld\n", (long long)n);
    ret = 0;
out:
    surql_value_unref(patch);
    surql_value_unref(post);
    surql_value_unref(data);
    surql_conn_live_free(lq);
    surql_conn_client_free(c);
    surql_conn_config_free(cfg);
    surql_conn_global_shutdown();
    return ret;
}
