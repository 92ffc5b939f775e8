/* Connection options shared by the tools (conn-opts.h). */
#include "conn-opts.h"

#include <stdio.h>
#include <string.h>

const char **surql_cli_conn_opt_slot(surql_cli_conn_opts *o, const char *name)
{
    return !strcmp(name, "--url")    ? &o->url
           : !strcmp(name, "--ns")   ? &o->ns
           : !strcmp(name, "--db")   ? &o->db
           : !strcmp(name, "--user") ? &o->user
           : !strcmp(name, "--pass") ? &o->pass
           : !strcmp(name, "--env")  ? &o->env
                                     : NULL;
}

int surql_cli_conn_config(const surql_cli_conn_opts *o, surql_conn_config **cfg)
{
    int rc = surql_conn_config_load(cfg, NULL, ".", o->env);
    if (!rc && o->url)
        rc = surql_conn_config_set_url(*cfg, o->url);
    if (!rc && o->ns)
        rc = surql_conn_config_set_namespace(*cfg, o->ns);
    if (!rc && o->db)
        rc = surql_conn_config_set_database(*cfg, o->db);
    if (!rc && o->user)
        rc = surql_conn_config_set_username(*cfg, o->user);
    if (!rc && o->pass)
        rc = surql_conn_config_set_password(*cfg, o->pass);
    if (!rc)
        rc = surql_conn_config_validate(*cfg);
    return rc;
}

int surql_cli_conn_exit_code(int rc)
{
    switch (rc) {
    case SURQL_CONN_ECONFIG:
    case SURQL_CONN_EURL:
        return SURQL_EXIT_CONFIG;
    case SURQL_CONN_ECONNECT:
    case SURQL_CONN_ETLS:
    case SURQL_CONN_ECLOSED:
    case SURQL_CONN_EAUTH:
    case SURQL_CONN_EPROTOCOL:
    case SURQL_CONN_EHTTP:
    case SURQL_ETIMEOUT:
        return SURQL_EXIT_CONNECT;
    case SURQL_CONN_EQUERY:
    case SURQL_CONN_ESERVER:
        return SURQL_EXIT_QUERY;
    default:
        return SURQL_EXIT_FAILURE;
    }
}

int surql_cli_conn_fail(const char *tool, int rc, const char *context)
{
    surql_cli_print_error(tool, context);
    return surql_cli_conn_exit_code(rc);
}

int surql_cli_connect(const char *tool, const surql_cli_conn_opts *o, surql_conn_client **cli,
                      unsigned flags)
{
    surql_conn_config *cfg = NULL;
    int rc = surql_cli_conn_config(o, &cfg);
    if (rc) {
        surql_conn_config_free(cfg);
        return surql_cli_conn_fail(tool, rc, "configuration");
    }
    surql_conn_client_options co = SURQL_CONN_CLIENT_OPTIONS_INIT;
    co.flags = flags;
    rc = surql_conn_client_open(cli, cfg, &co);
    if (rc) {
        const char *url = surql_conn_config_get_url(cfg);
        char ctx[512];
        snprintf(ctx, sizeof ctx, "cannot connect to %s", url ? url : "?");
        rc = surql_cli_conn_fail(tool, rc, ctx);
        surql_conn_config_free(cfg);
        return rc;
    }
    surql_conn_config_free(cfg);
    return SURQL_EXIT_OK;
}
