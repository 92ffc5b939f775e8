/* Output of surql_value data in the tools' three formats:
 *   table: aligned columns for arrays of objects, `key  value` lines for an
 *          object, the SurrealQL literal otherwise (human readable);
 *   json:  the lossless extended JSON of libsurql-schema (every SurrealDB
 *          type survives: record ids, datetimes, decimals, NONE ...);
 *   yaml:  block YAML whose scalars are JSON scalars and whose typed values
 *          are the same single-key "$type" maps as the JSON form (lossless).
 * Internal to tools/. */
#ifndef SURQL_TOOLS_FORMAT_H
#define SURQL_TOOLS_FORMAT_H

#include <stdio.h>

#include <surql/schema.h>

#include "cli.h"

/* Print @p v to @p out in @p fmt, followed by a newline. 0 or a negative
 * surql status (with surql_error_last() set). */
int surql_cli_print_value(FILE *out, const surql_value *v, surql_cli_format fmt);

/* Text shown in a table cell: strings raw, everything else as its SurrealQL
 * literal. Appends to @p b. */
int surql_cli_cell_text(surql_buf *b, const surql_value *v);

#endif
