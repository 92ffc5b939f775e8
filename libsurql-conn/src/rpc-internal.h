/* Shared by rpc.c (the table of requests in flight, the reader thread) and
 * rpc-call.c (the calls). Internal to libsurql-conn. All take l->mu held. */
#ifndef SURQL_CONN_RPC_INTERNAL_H
#define SURQL_CONN_RPC_INTERNAL_H

#include <stdint.h>

#include "client-internal.h"

/* Add @p p to the table of requests in flight. */
void surql_conn__pending_insert(surql_conn__link *l, surql_conn__pending *p);
/* Remove and return the request @p id, NULL when it is not in flight. */
surql_conn__pending *surql_conn__pending_take(surql_conn__link *l, int64_t id);
/* Record the connection's latched failure as the current error; returns its code. */
int surql_conn__latched_error(const surql_conn__link *l);
/* Wake the reader thread (it then recomputes its poll set and deadline). */
void surql_conn__wake_reader(surql_conn__link *l);

/* Not under the lock: turn a response message (owned) into the result (*out,
 * may be NULL) or the error; @p orphan marks an error without a request id. */
int surql_conn__rpc_finish(surql_value **out, surql_conn__link *l, const char *method,
                           surql_value *msg, int orphan);

#endif
