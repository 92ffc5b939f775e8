/* The integration-test helpers start real servers: the dev server (both
 * engines) and redis-server. If these fail, every integration test would. */
#include "surql_test.h"
#include "surql_test_server.h"

#include <stdio.h>
#include <string.h>

static void check_dev_server(const char *engine, const char *major)
{
    st_server s;
    if (st_server_start(&s, engine, NULL) != 0)
        return;
    int status = 0;
    char body[4096];
    int rc = st_http(s.host, s.port, "GET", "/health", NULL, NULL, &status, body, sizeof body);
    if (rc != 0 || status != 200) {
        st_server_stop(&s);
        ST_CHECKF(0, "GET /health: rc %d status %d", rc, status);
    }
    rc = st_http(s.host, s.port, "GET", "/version", NULL, NULL, &status, body, sizeof body);
    st_server_stop(&s);
    ST_EQ_INT(rc, 0);
    ST_EQ_INT(status, 200);
    ST_CHECKF(strncmp(body, major, strlen(major)) == 0, "GET /version body '%s' (want %s...)",
              body, major);
    ST_CHECKF(strstr(body, s.version) == body, "/version '%s' vs ready line '%s'", body,
              s.version);
    st_note("engine %s: %s at %s", engine, s.version, s.url);
}

ST_TEST(dev_server_v3)
{
    check_dev_server("v3", "surrealdb-3.");
}

ST_TEST(dev_server_v2)
{
    check_dev_server("v2", "surrealdb-2.");
}

ST_TEST(redis)
{
    st_redis r;
    if (st_redis_start(&r) != 0)
        return;
    ST_CHECK(r.port > 0);
    ST_CHECK(strncmp(r.url, "redis://127.0.0.1:", 18) == 0);
    st_redis_stop(&r);
    ST_EQ_INT(r.pid, 0);
}

ST_MAIN(ST_CASE(dev_server_v3), ST_CASE(dev_server_v2), ST_CASE(redis))
