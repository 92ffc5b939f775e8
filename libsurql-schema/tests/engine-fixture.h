/* Shared fixture of the schema integration tests: apply SurrealQL through
 * POST /sql on a dev server, read the schema back with INFO, compare models. */
#ifndef SURQL_SCHEMA_ENGINE_FIXTURE_H
#define SURQL_SCHEMA_ENGINE_FIXTURE_H

#include "surql_test_server.h"

#include <surql/schema.h>

#define BODY_CAP (4u << 20)

char *slurp(const char *name);
surql_value *sql(st_server *s, const char *db, const char *text);
int run_ddl(st_server *s, const char *db, const char *text);
surql_schema *read_back(st_server *s, const char *db);
int expect_equal(const surql_schema *want, const surql_schema *got, surql_dialect d, const char *what);

#endif
