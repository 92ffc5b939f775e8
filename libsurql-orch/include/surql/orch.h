/**
 * @file surql/orch.h
 * @brief Umbrella header of libsurql-orch: surrealDB multi-environment deployment orchestration.
 *
 * Link with `pkg-config --cflags --libs surql-orch` or, in CMake,
 * `find_package(surql-orch)` and `Surql::orch`.
 */
#ifndef SURQL_ORCH_H
#define SURQL_ORCH_H

#include <surql/migrate.h>
#include <surql/orch/export.h>
#include <surql/orch/version.h>

#endif
