/* libsurql-conn links, loads, and reports the version its headers declare. */
#include "surql_test.h"

#include <stdio.h>
#include <surql/conn.h>

ST_TEST(matches_header)
{
    ST_EQ_INT(surql_conn_version(), SURQL_CONN_VERSION_NUMBER);
    ST_EQ_STR(surql_conn_version_string(), SURQL_CONN_VERSION_STRING);
    char want[32];
    snprintf(want, sizeof want, "%d.%d.%d", SURQL_CONN_VERSION_MAJOR, SURQL_CONN_VERSION_MINOR,
             SURQL_CONN_VERSION_PATCH);
    ST_EQ_STR(surql_conn_version_string(), want);
    ST_CHECK(SURQL_CONN_VERSION_CHECK(0, 0, 1));
    ST_CHECK(!SURQL_CONN_VERSION_CHECK(999, 0, 0));
}

ST_MAIN(ST_CASE(matches_header))
