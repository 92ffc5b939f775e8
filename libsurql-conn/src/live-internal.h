/* Live-query manager and supervisor internals shared by live.c and
 * reconnect.c (the hooks rpc.c calls are declared in client-internal.h). */
#ifndef SURQL_CONN_LIVE_INTERNAL_H
#define SURQL_CONN_LIVE_INTERNAL_H

#include <stdint.h>

#include "client-internal.h"

/* Wall clock in Unix milliseconds (GAP instants). */
int64_t surql_conn__wall_ms(void);

/* reconnect.c */
int surql_conn__super_init(surql_conn__link *l); /* 0 or -1 (ENOMEM, not recorded) */
void surql_conn__super_kick(surql_conn__link *l); /* run deferred work (kills) */
int surql_conn__on_super_thread(surql_conn__link *l);
uint64_t surql_conn__reconnects(surql_conn__link *l);

/* live.c */
/* Supervisor, during a reconnect (state RECONNECTING, new transport up):
 * re-issue every running live query with CALL_REPLAY, queue a GAP event
 * [from_wall, to_wall] (and changefeed REPLAY events when asked) before
 * any notification of the new id. A transport failure is returned (the
 * attempt fails); a refusal ends that handle with an ERROR event. */
int surql_conn__live_reissue(surql_conn__link *l, int64_t from_wall, int64_t to_wall);
/* Supervisor, after the state went back to CONNECTED. */
void surql_conn__live_after_reconnect(surql_conn__link *l);
/* The link closed for good: end every handle (pullers wake up). */
void surql_conn__live_end_all(surql_conn__link *l, const char *why);
/* Kill live queries whose handles were freed on the reader thread. */
void surql_conn__live_run_deferred(surql_conn__link *l);
/* link_unref */
void surql_conn__live_mgr_free(surql_conn__link *l);

#endif
