/* libsurql-orch links, loads, and reports the version its headers declare. */
#include "surql_test.h"

#include <stdio.h>
#include <surql/orch.h>

ST_TEST(matches_header)
{
    ST_EQ_INT(surql_orch_version(), SURQL_ORCH_VERSION_NUMBER);
    ST_EQ_STR(surql_orch_version_string(), SURQL_ORCH_VERSION_STRING);
    char want[32];
    snprintf(want, sizeof want, "%d.%d.%d", SURQL_ORCH_VERSION_MAJOR, SURQL_ORCH_VERSION_MINOR,
             SURQL_ORCH_VERSION_PATCH);
    ST_EQ_STR(surql_orch_version_string(), want);
    ST_CHECK(SURQL_ORCH_VERSION_CHECK(0, 0, 1));
    ST_CHECK(!SURQL_ORCH_VERSION_CHECK(999, 0, 0));
}

ST_MAIN(ST_CASE(matches_header))
