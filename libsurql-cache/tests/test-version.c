/* libsurql-cache links, loads, and reports the version its headers declare. */
#include "surql_test.h"

#include <stdio.h>
#include <surql/cache.h>

ST_TEST(matches_header)
{
    ST_EQ_INT(surql_cache_version(), SURQL_CACHE_VERSION_NUMBER);
    ST_EQ_STR(surql_cache_version_string(), SURQL_CACHE_VERSION_STRING);
    char want[32];
    snprintf(want, sizeof want, "%d.%d.%d", SURQL_CACHE_VERSION_MAJOR, SURQL_CACHE_VERSION_MINOR,
             SURQL_CACHE_VERSION_PATCH);
    ST_EQ_STR(surql_cache_version_string(), want);
    ST_CHECK(SURQL_CACHE_VERSION_CHECK(0, 0, 1));
    ST_CHECK(!SURQL_CACHE_VERSION_CHECK(999, 0, 0));
}

ST_MAIN(ST_CASE(matches_header))
