/**
 * @file surql/schema.h
 * @brief Umbrella header of libsurql-schema: the suite's base layer (status
 * codes, errors, buffers, logging, values) and the schema model.
 *
 * Link with `pkg-config --cflags --libs surql-schema` or, in CMake,
 * `find_package(surql-schema)` and `Surql::schema`.
 */
#ifndef SURQL_SCHEMA_H
#define SURQL_SCHEMA_H

#include <surql/schema/export.h>
#include <surql/schema/version.h>
#include <surql/schema/common.h>
#include <surql/schema/error.h>
#include <surql/schema/buf.h>
#include <surql/schema/log.h>
#include <surql/schema/init.h>
#include <surql/schema/value.h>
/* schema model */
#include <surql/schema/dialect.h>
#include <surql/schema/model.h>
#include <surql/schema/field.h>
#include <surql/schema/index.h>
#include <surql/schema/event.h>
#include <surql/schema/table.h>
#include <surql/schema/access.h>
#include <surql/schema/database.h>
#include <surql/schema/ddl.h>
#include <surql/schema/parse.h>
#include <surql/schema/diff.h>
#include <surql/schema/files.h>
#include <surql/schema/validate.h>
#include <surql/schema/visualize.h>

#endif
