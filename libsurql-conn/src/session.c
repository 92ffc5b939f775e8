/* 3.x sessions over one WebSocket: attach / detach / sessions. */
#include <surql/conn/error.h>
#include <surql/conn/txn.h>
#include <surql/schema/error.h>

#include "client-internal.h"

#define DOMAIN SURQL_CONN__DOMAIN

int surql_conn_session_attach(surql_conn_client **out, surql_conn_client *c)
{
    if (out)
        *out = NULL;
    if (!out || !c)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_session_attach: NULL argument");
    int rc = surql_conn__need_v3(c, "sessions", 1);
    if (rc)
        return rc;
    uint8_t b[16];
    if (surql_conn__random(b, sizeof b) != 0)
        return surql_error_set(SURQL_EIO, DOMAIN, "cannot read random bytes for a session id");
    b[6] = (uint8_t)((b[6] & 0x0f) | 0x40); /* version 4 */
    b[8] = (uint8_t)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    surql_value *id = surql_value_uuid(b);
    if (!id)
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    surql_conn_client *s = surql_conn__view_new(c, SURQL_CONN__VIEW_SESSION, id, NULL);
    surql_value_unref(id);
    if (!s)
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    rc = surql_conn__call(NULL, s, "attach", NULL, SURQL_CONN__CALL_NO_TXN,
                          surql_conn__deadline(s, 0));
    if (rc) {
        surql_conn__saved_error se;
        surql_conn__error_save(&se);
        surql_conn_client_free(s);
        return surql_conn__error_restore(&se);
    }
    pthread_mutex_lock(&c->link->mu);
    s->sess->attached = 1;
    pthread_mutex_unlock(&c->link->mu);
    if (surql_conn__sess_register(c->link, s->sess) != SURQL_OK) { /* replayed on reconnect */
        surql_conn__saved_error se;
        surql_conn__error_save(&se);
        surql_conn_client_free(s);
        return surql_conn__error_restore(&se);
    }
    *out = s;
    return SURQL_OK;
}

int surql_conn_session_detach(surql_conn_client *s)
{
    if (!s || !s->sess->id)
        return surql_error_set(SURQL_EINVAL, DOMAIN,
                               "surql_conn_session_detach: not a session handle");
    int rc = surql_conn__call(NULL, s, "detach", NULL, SURQL_CONN__CALL_NO_TXN,
                              surql_conn__deadline(s, 0));
    if (!rc) {
        pthread_mutex_lock(&s->link->mu);
        s->sess->attached = 0;
        pthread_mutex_unlock(&s->link->mu);
        surql_conn__sess_unregister(s->link, s->sess);
    }
    return rc;
}

int surql_conn_sessions(surql_value **out, surql_conn_client *c)
{
    if (out)
        *out = NULL;
    if (!c)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_sessions: NULL argument");
    int rc = surql_conn__need_v3(c, "sessions", 0);
    if (rc)
        return rc;
    return surql_conn__call(out, c, "sessions", NULL,
                            SURQL_CONN_CALL_IDEMPOTENT | SURQL_CONN__CALL_NO_SESSION |
                                SURQL_CONN__CALL_NO_TXN,
                            surql_conn__deadline(c, 0));
}

const surql_value *surql_conn_client_session_id(const surql_conn_client *c)
{
    return c ? c->sess->id : NULL;
}
