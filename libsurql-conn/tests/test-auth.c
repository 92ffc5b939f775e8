/* Authentication against the real engines (v3 and v2): root, namespace,
 * database and record-access users, signup, authenticate, info,
 * invalidate, reset, an expired session and token, 3.x refresh tokens,
 * and the server's errors surfaced intact. */
#include "client-fixture.h"

#include <surql/query/result.h>

#define ACCESS_FMT                                                                        \
    "DEFINE ACCESS %s ON DATABASE TYPE RECORD "                                           \
    "SIGNUP (CREATE user SET email = $email, pass = crypto::argon2::generate($pass)) "    \
    "SIGNIN (SELECT * FROM user WHERE email = $email AND crypto::argon2::compare(pass, $pass)) " \
    "%s DURATION %sFOR TOKEN %s, FOR SESSION %s"

static int define_access(fx *f, const char *name, const char *extra, const char *grant,
                         const char *token, const char *session)
{
    char sql[1024];
    /* record users see their own record (tables default to PERMISSIONS NONE) */
    surql_value *t = fx_q(f->c, "DEFINE TABLE IF NOT EXISTS user SCHEMALESS PERMISSIONS FOR "
                                "select WHERE id = $auth, FOR create, update, delete NONE",
                          NULL);
    if (!t)
        return -1;
    surql_value_unref(t);
    snprintf(sql, sizeof sql, ACCESS_FMT, name, extra, grant, token, session);
    surql_value *r = fx_q(f->c, sql, NULL);
    surql_value_unref(r);
    return r ? 0 : -1;
}

/* a second client on the same server, without sign-in and use */
static surql_conn_client *bare_client(fx *f, const char *url)
{
    surql_conn_config *cfg = NULL;
    surql_conn_config_copy(&cfg, f->cfg);
    surql_conn_config_set_url(cfg, url ? url : f->s.ws_url);
    surql_conn_client_options o = SURQL_CONN_CLIENT_OPTIONS_INIT;
    o.flags = SURQL_CONN_CLIENT_NO_SIGNIN | SURQL_CONN_CLIENT_NO_USE;
    surql_conn_client *c = NULL;
    int rc = surql_conn_client_open(&c, cfg, &o);
    surql_conn_config_free(cfg);
    if (rc)
        st_fail(__FILE__, __LINE__, "open: %s", fx_msg());
    return c;
}

static surql_value *creds(const char *email, const char *pass)
{
    surql_value *o = surql_value_object();
    surql_value_object_set_take(o, "email", surql_value_string(email));
    surql_value_object_set_take(o, "pass", surql_value_string(pass));
    return o;
}

/* ------------------------------------------------------------------------ */

static void system_users(fx *f)
{
    int v3 = surql_conn_client_dialect(f->c) == 3;
    surql_value *tok = NULL;
    ST_OK(surql_conn_signin_root(&tok, f->c, "root", "root"));
    ST_CHECK(surql_conn_token_access(tok) != NULL);
    ST_CHECK(strncmp(surql_conn_token_access(tok), "eyJ", 3) == 0);
    tok = surql_value_unref(tok);

    surql_value *r = fx_q(f->c,
                          "DEFINE USER nsu ON NAMESPACE PASSWORD 'nspw' ROLES EDITOR;"
                          "DEFINE USER dbu ON DATABASE PASSWORD 'dbpw' ROLES EDITOR;",
                          NULL);
    ST_BAIL_IF_FAILED();
    surql_value_unref(r);

    surql_conn_client *c = bare_client(f, NULL);
    ST_BAIL_IF_FAILED();
    /* namespace user */
    int rc = surql_conn_signin_namespace(&tok, c, f->ns, "nsu", "nspw");
    if (!rc)
        rc = surql_conn_use(NULL, c, NULL, f->db);
    if (!rc)
        rc = surql_conn_query_checked(&r, c, "CREATE t:1 SET v = 1", NULL);
    char err[512];
    snprintf(err, sizeof err, "%s", fx_msg());
    surql_value_unref(r);
    r = NULL;
    surql_value_unref(tok);
    tok = NULL;
    ST_CHECKF(rc == 0, "namespace user: %s", err);
    /* database user */
    rc = surql_conn_signin_database(&tok, c, f->ns, f->db, "dbu", "dbpw");
    if (!rc)
        rc = surql_conn_query_checked(&r, c, "SELECT * FROM t", NULL);
    snprintf(err, sizeof err, "%s", fx_msg());
    surql_value_unref(tok);
    tok = NULL;
    ST_CHECKF(rc == 0, "database user: %s", err);
    surql_value_unref(r);
    r = NULL;
    /* wrong password: the server's error, intact */
    rc = surql_conn_signin_database(&tok, c, f->ns, f->db, "dbu", "nope");
    const surql_error *e = fx_note_error("wrong password", rc);
    ST_EQ_INT(rc, SURQL_CONN_EAUTH);
    ST_EQ_STR(e->server_kind, "NotAllowed");
    if (v3) {
        ST_EQ_INT(e->server_code, -32002);
        ST_CHECK(e->detail_json && strstr(e->detail_json, "\"Auth\""));
    } else {
        ST_EQ_INT(e->server_code, -32000);
        ST_EQ_STR(e->message, "There was a problem with the database: There was a problem with "
                              "authentication");
    }
    ST_CHECK(tok == NULL);
    /* bad arguments are refused locally */
    ST_ERR(surql_conn_signin_root(&tok, c, NULL, "x"), SURQL_EINVAL);
    surql_conn_credentials cr = SURQL_CONN_CREDENTIALS_INIT;
    ST_ERR(surql_conn_signin(&tok, c, &cr), SURQL_EINVAL);
    surql_conn_client_free(c);
}

ST_TEST(system_users_v3) { fx_run_ws("v3", system_users); }
ST_TEST(system_users_v2) { fx_run_ws("v2", system_users); }

/* ------------------------------------------------------------------------ */

static void record_access(fx *f)
{
    int v3 = surql_conn_client_dialect(f->c) == 3;
    if (define_access(f, "acc", "", "", "1h", "1h") != 0)
        return;
    surql_conn_client *c = bare_client(f, NULL);
    ST_BAIL_IF_FAILED();
    surql_value *cr = creds("a@b.c", "secret");
    surql_value *tok = NULL, *r = NULL;
    int rc = surql_conn_signup_record(&tok, c, f->ns, f->db, "acc", cr);
    ST_CHECKF(rc == 0, "signup: %s", fx_msg());
    ST_CHECK(surql_conn_token_access(tok) != NULL);
    /* info: the record user */
    ST_OK(surql_conn_info(&r, c));
    const char *email = NULL;
    ST_OK(surql_value_get_string(surql_value_object_get(r, "email"), &email, NULL));
    ST_EQ_STR(email, "a@b.c");
    r = surql_value_unref(r);
    surql_value_unref(tok);
    tok = NULL;

    /* signin: right and wrong password */
    ST_OK(surql_conn_signin_record(&tok, c, f->ns, f->db, "acc", cr));
    surql_value *bad = creds("a@b.c", "wrong");
    rc = surql_conn_signin_record(&r, c, f->ns, f->db, "acc", bad);
    const surql_error *e = fx_note_error("record signin wrong pass", rc);
    ST_EQ_INT(rc, SURQL_CONN_EAUTH);
    ST_CHECK(strstr(e->message, "No record was returned") != NULL);
    ST_EQ_STR(e->server_kind, v3 ? "Internal" : "NotAllowed"); /* 3.x's own kind, kept */
    ST_EQ_INT(e->server_code, -32000);
    surql_value_unref(bad);
    /* unknown access method */
    rc = surql_conn_signin_record(&r, c, f->ns, f->db, "nope", cr);
    fx_note_error("unknown access", rc);
    ST_EQ_INT(rc, SURQL_CONN_EAUTH);

    /* authenticate on a fresh connection with the token */
    surql_conn_client *c2 = bare_client(f, NULL);
    ST_BAIL_IF_FAILED();
    ST_OK(surql_conn_authenticate(c2, surql_conn_token_access(tok)));
    ST_OK(surql_conn_info(&r, c2));
    ST_OK(surql_value_get_string(surql_value_object_get(r, "email"), &email, NULL));
    ST_EQ_STR(email, "a@b.c");
    r = surql_value_unref(r);
    ST_ERR(surql_conn_authenticate(c2, "not-a-jwt"), SURQL_CONN_EAUTH);
    st_note("bad token: kind %s: %s", surql_error_last()->server_kind, fx_msg());

    /* invalidate: a guest may not query */
    ST_OK(surql_conn_authenticate(c2, surql_conn_token_access(tok)));
    ST_OK(surql_conn_invalidate(c2));
    rc = surql_conn_query(&r, c2, "SELECT * FROM user", NULL);
    fx_note_error("guest query", rc);
    ST_EQ_INT(rc, SURQL_CONN_EAUTH);
    if (v3)
        ST_EQ_STR(fx_msg(),
                  "Anonymous access not allowed: Not enough permissions to perform this action");
    /* reset clears ns/db too */
    ST_OK(surql_conn_authenticate(c2, surql_conn_token_access(tok)));
    ST_OK(surql_conn_reset(c2));
    ST_ERR(surql_conn_info(&r, c2), SURQL_CONN_EAUTH);

    surql_value_unref(tok);
    surql_value_unref(cr);
    surql_conn_client_free(c2);
    surql_conn_client_free(c);
}

ST_TEST(record_access_v3) { fx_run_ws("v3", record_access); }
ST_TEST(record_access_v2) { fx_run_ws("v2", record_access); }
ST_TEST(record_access_http_v3) { fx_run_http("v3", record_access); }

/* ------------------------------------------------------------------------ */

static void expired(fx *f)
{
    if (define_access(f, "short", "", "", "1s", "1s") != 0)
        return;
    surql_conn_client *c = bare_client(f, NULL);
    ST_BAIL_IF_FAILED();
    surql_value *cr = creds("x@y.z", "pw");
    surql_value *tok = NULL, *r = NULL;
    ST_OK(surql_conn_signup_record(&tok, c, f->ns, f->db, "short", cr));
    ST_OK(surql_conn_info(&r, c));
    r = surql_value_unref(r);
    fx_sleep_ms(2200);
    /* the session expired */
    int rc = surql_conn_info(&r, c);
    const surql_error *e = fx_note_error("expired session", rc);
    ST_EQ_INT(rc, SURQL_CONN_EAUTH);
    ST_CHECK(strstr(e->message, "expired") != NULL);
    /* the token expired */
    surql_conn_client *c2 = bare_client(f, NULL);
    ST_BAIL_IF_FAILED();
    rc = surql_conn_authenticate(c2, surql_conn_token_access(tok));
    e = fx_note_error("expired token", rc);
    ST_EQ_INT(rc, SURQL_CONN_EAUTH);
    ST_CHECK(strstr(e->message, "xpired") != NULL);
    surql_conn_client_free(c2);
    surql_conn_client_free(c);
    surql_value_unref(tok);
    surql_value_unref(cr);
}

ST_TEST(expired_v3) { fx_run_ws("v3", expired); }
ST_TEST(expired_v2) { fx_run_ws("v2", expired); }

/* ------------------------------------------------------------------------ */

static void refresh_tokens(fx *f)
{
    if (define_access(f, "rf", "WITH REFRESH", "FOR GRANT 1h, ", "1m", "1h") != 0)
        return;
    surql_conn_client *c = bare_client(f, NULL);
    ST_BAIL_IF_FAILED();
    surql_value *cr = creds("r@s.t", "pw");
    surql_value *tok = NULL, *t2 = NULL, *r = NULL;
    ST_OK(surql_conn_signup_record(&tok, c, f->ns, f->db, "rf", cr));
    ST_EQ_INT(surql_value_type_of(tok), SURQL_VALUE_OBJECT);
    ST_CHECK(surql_value_object_get(tok, "refresh") != NULL);
    ST_CHECK(surql_conn_token_access(tok) != NULL);
    ST_OK(surql_conn_refresh(&t2, c, tok));
    ST_EQ_INT(surql_value_type_of(t2), SURQL_VALUE_OBJECT);
    ST_CHECK(!surql_value_equal(surql_value_object_get(tok, "refresh"),
                                surql_value_object_get(t2, "refresh")));
    ST_OK(surql_conn_info(&r, c));
    r = surql_value_unref(r);
    /* the old refresh token was single-use */
    int rc = surql_conn_refresh(&r, c, tok);
    fx_note_error("reused refresh token", rc);
    ST_EQ_INT(rc, SURQL_CONN_EAUTH);
    /* revoke, then it cannot be used */
    ST_OK(surql_conn_revoke(c, t2));
    ST_ERR(surql_conn_refresh(&r, c, t2), SURQL_CONN_EAUTH);
    /* signin with the refresh token as a credential field */
    surql_value_unref(tok);
    tok = NULL;
    ST_OK(surql_conn_signin_record(&tok, c, f->ns, f->db, "rf", cr));
    surql_conn_credentials rc2 = SURQL_CONN_CREDENTIALS_INIT;
    rc2.ns = f->ns;
    rc2.db = f->db;
    rc2.access = "rf";
    const char *rs = NULL;
    surql_value_get_string(surql_value_object_get(tok, "refresh"), &rs, NULL);
    rc2.refresh = rs;
    ST_OK(surql_conn_signin(&r, c, &rc2));
    r = surql_value_unref(r);
    surql_value_unref(tok);
    surql_value_unref(t2);
    surql_value_unref(cr);
    surql_conn_client_free(c);
}

ST_TEST(refresh_v3) { fx_run_ws("v3", refresh_tokens); }

/* over HTTP the token travels as a Bearer header */
static void http_token(fx *f)
{
    surql_conn_client *c = bare_client(f, f->s.url);
    ST_BAIL_IF_FAILED();
    surql_value *r = NULL;
    ST_OK(surql_conn_use(NULL, c, f->ns, f->db));
    int rc = surql_conn_query(&r, c, "RETURN 1", NULL);
    st_note("http guest: %s %s", surql_conn_status_name(rc), fx_msg());
    ST_EQ_INT(rc, SURQL_CONN_EAUTH);
    ST_OK(surql_conn_signin_root(NULL, c, "root", "root"));
    ST_OK(surql_conn_query_checked(&r, c, "RETURN 1", NULL));
    r = surql_value_unref(r);
    ST_OK(surql_conn_invalidate(c));
    ST_ERR(surql_conn_query(&r, c, "RETURN 1", NULL), SURQL_CONN_EAUTH);
    surql_conn_client_free(c);
}

ST_TEST(http_token_v3) { fx_run_ws("v3", http_token); }
ST_TEST(http_token_v2) { fx_run_ws("v2", http_token); }

ST_MAIN(ST_CASE(system_users_v3), ST_CASE(system_users_v2), ST_CASE(record_access_v3),
        ST_CASE(record_access_v2), ST_CASE(record_access_http_v3), ST_CASE(expired_v3),
        ST_CASE(expired_v2), ST_CASE(refresh_v3), ST_CASE(http_token_v3), ST_CASE(http_token_v2))
