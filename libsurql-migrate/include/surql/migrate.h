/**
 * @file surql/migrate.h
 * @brief Umbrella header of libsurql-migrate: surrealDB schema migrations: files, history, locking, diff, rollback planning.
 *
 * Link with `pkg-config --cflags --libs surql-migrate` or, in CMake,
 * `find_package(surql-migrate)` and `Surql::migrate`.
 */
#ifndef SURQL_MIGRATE_H
#define SURQL_MIGRATE_H

#include <surql/conn.h>
#include <surql/migrate/export.h>
#include <surql/migrate/version.h>

#endif
