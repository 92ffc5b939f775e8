/* Schema sources on disk: files by extension, directories (name order,
 * conflicts named with both files), and shared objects loaded with dlopen. */
#include "model-internal.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <surql/schema/files.h>
#include <surql/schema/parse.h>

/* a whole schema file is at most this big */
#define FILE_MAX ((size_t)64 << 20)

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

static surql_schema_source kind_by_name(const char *path)
{
    if (ends_with(path, ".yaml") || ends_with(path, ".yml"))
        return SURQL_SCHEMA_SOURCE_YAML;
    if (ends_with(path, ".json"))
        return SURQL_SCHEMA_SOURCE_JSON;
    if (ends_with(path, ".surql"))
        return SURQL_SCHEMA_SOURCE_SURQL;
    if (ends_with(path, ".so"))
        return SURQL_SCHEMA_SOURCE_PLUGIN;
    const char *so = strstr(path, ".so.");
    if (so && so[4]) { /* libx.so.1, libx.so.1.2 */
        for (const char *p = so + 4; *p; p++)
            if (!((*p >= '0' && *p <= '9') || *p == '.'))
                return SURQL_SCHEMA_SOURCE_UNKNOWN;
        return SURQL_SCHEMA_SOURCE_PLUGIN;
    }
    return SURQL_SCHEMA_SOURCE_UNKNOWN;
}

surql_schema_source surql_schema_source_kind(const char *path)
{
    struct stat st;
    if (!path)
        return SURQL_SCHEMA_SOURCE_UNKNOWN;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return SURQL_SCHEMA_SOURCE_DIR;
    return kind_by_name(path);
}

static int read_file(const char *path, char **text, size_t *len)
{
    *text = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return sq_err(errno == ENOENT ? SURQL_ENOTFOUND : SURQL_EIO, "%s: cannot open: %s", path,
                      strerror(errno));
    surql_buf b = SURQL_BUF_INIT;
    char chunk[65536];
    size_t n;
    int rc = SURQL_OK;
    while (!rc && (n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.size + n > FILE_MAX)
            rc = sq_err(SURQL_ERANGE, "%s: larger than %zu bytes", path, FILE_MAX);
        else
            rc = surql_buf_put(&b, chunk, n);
    }
    if (!rc && ferror(f))
        rc = sq_err(SURQL_EIO, "%s: read error", path);
    fclose(f);
    if (!rc && !b.ptr)
        rc = surql_buf_puts(&b, "");
    if (rc) {
        surql_buf_dispose(&b);
        return rc;
    }
    *len = b.size;
    *text = surql_buf_detach(&b);
    return *text ? SURQL_OK : sq_err(SURQL_ENOMEM, "out of memory");
}

/* "L:C: what" from the DDL parser -> "FILE:L:C: what" */
static int locate_ddl_error(const char *path, int rc)
{
    const surql_error *e = surql_error_last();
    char msg[1024];
    snprintf(msg, sizeof msg, "%s", e->message);
    if (e->line)
        return surql_error_set_at(rc, SQ_DOMAIN, e->line, e->column, "%s:%s", path, msg);
    return surql_error_set(rc, SQ_DOMAIN, "%s: %s", path, msg);
}

int surql_schema_load_plugin(surql_schema **out, const char *path)
{
    if (!out)
        return sq_err(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    if (!path || !*path)
        return sq_err(SURQL_EINVAL, "path is empty");
    dlerror();
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *e = dlerror();
        return sq_err(SURQL_EIO, "%s: cannot load: %s", path, e ? e : "dlopen failed");
    }
    int rc;
    const unsigned int *abi = (const unsigned int *)dlsym(h, SURQL_SCHEMA_PLUGIN_ABI_SYMBOL);
    surql_schema_register_fn fn = NULL;
    void *sym = dlsym(h, SURQL_SCHEMA_PLUGIN_REGISTER_SYMBOL);
    memcpy(&fn, &sym, sizeof fn < sizeof sym ? sizeof fn : sizeof sym);
    if (!abi || !fn) {
        rc = sq_err(SURQL_EUNSUPPORTED, "%s: not a surql schema plugin (no %s symbol)", path,
                    !abi ? SURQL_SCHEMA_PLUGIN_ABI_SYMBOL : SURQL_SCHEMA_PLUGIN_REGISTER_SYMBOL);
        dlclose(h);
        return rc;
    }
    if (*abi != SURQL_SCHEMA_PLUGIN_ABI) {
        rc = sq_err(SURQL_EUNSUPPORTED, "%s: plugin ABI %u, this library supports ABI %d", path,
                    *abi, SURQL_SCHEMA_PLUGIN_ABI);
        dlclose(h);
        return rc;
    }
    surql_schema *s = NULL;
    if ((rc = surql_schema_new(&s))) {
        dlclose(h);
        return rc;
    }
    surql_error_clear();
    rc = fn(&s);
    if (rc == SURQL_OK && !s)
        rc = sq_err(SURQL_ESCHEMA, "%s: the registration function left no schema", path);
    else if (rc) {
        if (rc > 0)
            rc = SURQL_ERROR;
        if (surql_error_last()->code == SURQL_OK)
            sq_err(rc, "registration failed (%s)", surql_status_name(rc));
        surql_error_prefix(path);
    }
    dlclose(h);
    if (rc) {
        surql_schema_unref(s);
        return rc;
    }
    *out = s;
    return SURQL_OK;
}

static int load_file(surql_schema **out, const char *path, surql_schema_source kind,
                     unsigned flags)
{
    if (kind == SURQL_SCHEMA_SOURCE_PLUGIN) {
        if (flags & SURQL_SCHEMA_LOAD_NO_PLUGINS)
            return sq_err(SURQL_EUNSUPPORTED, "%s: loading shared objects is disabled", path);
        return surql_schema_load_plugin(out, path);
    }
    if (kind == SURQL_SCHEMA_SOURCE_UNKNOWN)
        return sq_err(SURQL_EUNSUPPORTED,
                      "%s: unknown kind of schema source (expected .yaml, .yml, .json, .surql, "
                      ".so or a directory)",
                      path);
    char *text = NULL;
    size_t len = 0;
    int rc = read_file(path, &text, &len);
    if (rc)
        return rc;
    if (kind == SURQL_SCHEMA_SOURCE_YAML)
        rc = surql_schema_from_yaml(out, text, len, path);
    else if (kind == SURQL_SCHEMA_SOURCE_JSON)
        rc = surql_schema_from_json(out, text, len, path);
    else if ((rc = surql_schema_parse(out, text, len)))
        rc = locate_ddl_error(path, rc);
    free(text);
    return rc;
}

/* ---- directories -------------------------------------------------------- */

typedef struct origin {
    char kind; /* 't' table, 'a' access, 'p' param, 'f' function, 'z' analyzer */
    const char *name; /* borrowed from the accumulated schema */
    const char *file; /* borrowed from the name list */
} origin;

typedef struct merge {
    surql_schema *acc;
    origin *o;
    size_t n, cap;
} merge;

static const char *kind_name(char k)
{
    switch (k) {
    case 't': return "table";
    case 'a': return "access";
    case 'p': return "param";
    case 'f': return "function";
    default: return "analyzer";
    }
}

static int note(merge *m, char kind, const char *name, const char *file)
{
    for (size_t i = 0; i < m->n; i++)
        if (m->o[i].kind == kind && strcmp(m->o[i].name, name) == 0)
            return surql_error_set(SURQL_ESCHEMA_CONFLICT, SQ_DOMAIN,
                                   "%s: %s '%s' is already defined in %s", file, kind_name(kind),
                                   name, m->o[i].file);
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 32;
        origin *o = realloc(m->o, cap * sizeof *o);
        if (!o)
            return sq_err(SURQL_ENOMEM, "out of memory");
        m->o = o;
        m->cap = cap;
    }
    m->o[m->n++] = (origin){ kind, name, file };
    return SURQL_OK;
}

/* add every definition of part to the accumulated schema */
static int merge_in(merge *m, const surql_schema *part, const char *file)
{
    int rc = SURQL_OK;
    surql_schema *ns = NULL;
#define MERGE(kindc, count, at, namefn, with)                                   \
    for (size_t i = 0; !rc && i < count(part); i++) {                           \
        rc = note(m, kindc, namefn(at(part, i)), file);                         \
        if (!rc)                                                                \
            rc = with(&ns, m->acc, at(part, i));                                \
        if (!rc) {                                                              \
            surql_schema_unref(m->acc);                                         \
            m->acc = ns;                                                        \
            m->o[m->n - 1].name = namefn(at(m->acc, count(m->acc) - 1));        \
        }                                                                       \
    }
    MERGE('z', surql_schema_analyzer_count, surql_schema_analyzer_at, surql_schema_analyzer_name,
          surql_schema_with_analyzer)
    MERGE('f', surql_schema_function_count, surql_schema_function_at, surql_schema_function_name,
          surql_schema_with_function)
    MERGE('p', surql_schema_param_count, surql_schema_param_at, surql_schema_param_name,
          surql_schema_with_param)
    MERGE('a', surql_schema_access_count, surql_schema_access_at, surql_schema_access_name,
          surql_schema_with_access)
    MERGE('t', surql_schema_table_count, surql_schema_table_at, surql_schema_table_name,
          surql_schema_with_table)
#undef MERGE
    return rc;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_dir(surql_schema **out, const char *dir, unsigned flags)
{
    DIR *d = opendir(dir);
    if (!d)
        return sq_err(errno == ENOENT ? SURQL_ENOTFOUND : SURQL_EIO, "%s: cannot open: %s", dir,
                      strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = SURQL_OK;
    struct dirent *e;
    while (!rc && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || kind_by_name(e->d_name) == SURQL_SCHEMA_SOURCE_UNKNOWN)
            continue;
        surql_buf p = SURQL_BUF_INIT;
        rc = surql_buf_printf(&p, "%s%s%s", dir, ends_with(dir, "/") ? "" : "/", e->d_name);
        struct stat st;
        if (!rc && (stat(p.ptr, &st) != 0 || !S_ISREG(st.st_mode))) {
            surql_buf_dispose(&p);
            continue;
        }
        if (!rc && n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            char **nn = realloc(names, nc * sizeof *nn);
            if (!nn)
                rc = sq_err(SURQL_ENOMEM, "out of memory");
            else {
                names = nn;
                cap = nc;
            }
        }
        if (!rc)
            names[n++] = surql_buf_detach(&p);
        surql_buf_dispose(&p);
    }
    closedir(d);
    merge m = { NULL, NULL, 0, 0 };
    if (!rc) {
        qsort(names, n, sizeof *names, cmp_names);
        rc = surql_schema_new(&m.acc);
    }
    for (size_t i = 0; !rc && i < n; i++) {
        surql_schema *part = NULL;
        rc = load_file(&part, names[i], kind_by_name(names[i]), flags);
        if (!rc)
            rc = merge_in(&m, part, names[i]);
        surql_schema_unref(part);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    free(m.o);
    if (rc) {
        surql_schema_unref(m.acc);
        return rc;
    }
    *out = m.acc;
    return SURQL_OK;
}

int surql_schema_load(surql_schema **out, const char *path, const surql_schema_load_options *opts)
{
    if (!out)
        return sq_err(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    if (!path || !*path)
        return sq_err(SURQL_EINVAL, "path is empty");
    unsigned flags = 0;
    if (opts) {
        if (opts->version != SURQL_SCHEMA_LOAD_OPTIONS_VERSION)
            return sq_err(SURQL_EINVAL, "unknown load options version %u", opts->version);
        flags = opts->flags;
    }
    struct stat st;
    if (stat(path, &st) != 0)
        return sq_err(errno == ENOENT ? SURQL_ENOTFOUND : SURQL_EIO, "%s: %s", path,
                      strerror(errno));
    if (S_ISDIR(st.st_mode))
        return load_dir(out, path, flags);
    return load_file(out, path, kind_by_name(path), flags);
}
