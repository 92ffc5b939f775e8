/**
 * @file surql/schema/files.h
 * @brief Schema sources: declarative YAML and JSON schema files, `.surql`
 * DDL files, directories of them, and shared objects (code-first schemas in
 * C) that export a registration function; and export of a model back to
 * YAML and JSON.
 *
 * The file format is documented in docs/schema-files.md. Errors are
 * recorded with surql_error_set_at(): the message reads
 * "FILE:LINE:COLUMN: what" and surql_error_last()->line/column are set;
 * an unknown key names the nearest valid one ("unknown key 'feilds' in
 * table 'user' (did you mean 'fields'?)").
 *
 * Thread-safety: every function is reentrant (no global state); loading a
 * shared object runs its code, which is only as thread-safe as that code.
 */
#ifndef SURQL_SCHEMA_FILES_H
#define SURQL_SCHEMA_FILES_H

#include <stddef.h>
#include <surql/schema/buf.h>
#include <surql/schema/model.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Version of the YAML/JSON schema file format this library reads and writes. */
#define SURQL_SCHEMA_FILE_VERSION 1

/** Kinds of schema source (surql_schema_source_kind()). */
typedef enum surql_schema_source {
    SURQL_SCHEMA_SOURCE_UNKNOWN = 0,
    SURQL_SCHEMA_SOURCE_YAML = 1,   /**< `.yaml` / `.yml` */
    SURQL_SCHEMA_SOURCE_JSON = 2,   /**< `.json` */
    SURQL_SCHEMA_SOURCE_SURQL = 3,  /**< `.surql` DDL (surql_schema_parse()) */
    SURQL_SCHEMA_SOURCE_PLUGIN = 4, /**< `.so` shared object */
    SURQL_SCHEMA_SOURCE_DIR = 5     /**< a directory of schema files */
} surql_schema_source;

/** Load flag: refuse shared objects (SURQL_EUNSUPPORTED), also inside directories. */
#define SURQL_SCHEMA_LOAD_NO_PLUGINS 0x1

/** Version of surql_schema_load_options. */
#define SURQL_SCHEMA_LOAD_OPTIONS_VERSION 1u
/** Options of surql_schema_load(). Initialise with SURQL_SCHEMA_LOAD_OPTIONS_INIT. */
typedef struct surql_schema_load_options {
    unsigned version; /**< SURQL_SCHEMA_LOAD_OPTIONS_VERSION */
    unsigned flags;   /**< SURQL_SCHEMA_LOAD_* */
} surql_schema_load_options;
#define SURQL_SCHEMA_LOAD_OPTIONS_INIT { SURQL_SCHEMA_LOAD_OPTIONS_VERSION, 0u }

/**
 * Parse a YAML schema document of @p len bytes. @p name (may be NULL) is
 * the file name used in error messages. *@p out owns one reference.
 * SURQL_EPARSE (YAML syntax, unknown key, wrong shape), SURQL_ESCHEMA /
 * SURQL_EIDENT (invalid definition), SURQL_ESCHEMA_CONFLICT (a table given
 * twice), each with FILE:LINE:COLUMN.
 */
SURQL_SCHEMA_API int surql_schema_from_yaml(surql_schema **out, const char *text, size_t len,
                                            const char *name);
/** surql_schema_from_yaml() for a JSON document (same structure, strict JSON). */
SURQL_SCHEMA_API int surql_schema_from_json(surql_schema **out, const char *text, size_t len,
                                            const char *name);

/**
 * The kind of source @p path is: a directory, or a file judged by its
 * extension (`.yaml`, `.yml`, `.json`, `.surql`, `.so` or `.so.N`).
 * SURQL_SCHEMA_SOURCE_UNKNOWN for anything else or a path that cannot be
 * examined.
 */
SURQL_SCHEMA_API surql_schema_source surql_schema_source_kind(const char *path);

/**
 * Load a schema source: a YAML, JSON or `.surql` file, a shared object
 * (surql_schema_load_plugin()), or a directory. A directory loads every
 * `.yaml`, `.yml`, `.json`, `.surql` and `.so` file directly inside it
 * (not recursively; names starting with `.` are skipped) in byte order of
 * their names; defining one table, edge, access, param, function or
 * analyzer in two files is SURQL_ESCHEMA_CONFLICT naming both files.
 * Unreadable paths are SURQL_EIO (SURQL_ENOTFOUND when missing); an
 * unknown extension is SURQL_EUNSUPPORTED. @p opts may be NULL.
 */
SURQL_SCHEMA_API int surql_schema_load(surql_schema **out, const char *path,
                                       const surql_schema_load_options *opts);

/* ---- code-first schemas in shared objects ------------------------------- */

/** ABI version of the registration function; bumped on incompatible change. */
#define SURQL_SCHEMA_PLUGIN_ABI 1

/** Name of the ABI version symbol a plugin exports (an `unsigned int`). */
#define SURQL_SCHEMA_PLUGIN_ABI_SYMBOL "surql_schema_plugin_abi"
/** Name of the registration function a plugin exports. */
#define SURQL_SCHEMA_PLUGIN_REGISTER_SYMBOL "surql_schema_register"

/**
 * The registration function of a plugin (ABI 1): on entry *@p inout is a
 * schema (one reference owned by the caller, never NULL); the plugin adds
 * its definitions with the builders and stores the resulting schema in
 * *@p inout, dropping the reference to the old one (or leaves it
 * unchanged). It returns SURQL_OK, or a negative status with
 * surql_error_set() (then *@p inout must still hold a schema the caller
 * can release). It must not keep pointers into the library's objects
 * after returning other than through *@p inout: the object is closed with
 * dlclose() once loading ends.
 */
typedef int (*surql_schema_register_fn)(surql_schema **inout);

#if defined(__GNUC__)
#define SURQL_SCHEMA_PLUGIN_VISIBLE __attribute__((visibility("default")))
#else
#define SURQL_SCHEMA_PLUGIN_VISIBLE
#endif

/**
 * Put once in a plugin's source file: defines the exported ABI version
 * symbol. Then define `SURQL_SCHEMA_PLUGIN_VISIBLE int
 * surql_schema_register(surql_schema **inout)`, for example
 *
 *     SURQL_SCHEMA_PLUGIN_DECLARE;
 *     SURQL_SCHEMA_PLUGIN_VISIBLE int surql_schema_register(surql_schema **inout)
 *     {
 *         surql_schema_table *t = NULL;
 *         surql_schema *s = NULL;
 *         int rc = surql_schema_table_new(&t, "user");
 *         if (!rc)
 *             rc = surql_schema_with_table(&s, *inout, t);
 *         surql_schema_table_unref(t);
 *         if (!rc) {
 *             surql_schema_unref(*inout);
 *             *inout = s;
 *         }
 *         return rc;
 *     }
 *
 * and build with `cc -shared -fPIC plugin.c $(pkg-config --cflags --libs surql-schema)`.
 */
#define SURQL_SCHEMA_PLUGIN_DECLARE \
    SURQL_SCHEMA_PLUGIN_VISIBLE const unsigned int surql_schema_plugin_abi = SURQL_SCHEMA_PLUGIN_ABI

/**
 * dlopen() the shared object @p path (RTLD_NOW | RTLD_LOCAL), check that
 * its `surql_schema_plugin_abi` equals SURQL_SCHEMA_PLUGIN_ABI
 * (SURQL_EUNSUPPORTED otherwise, or when the symbol is missing: "not a
 * surql schema plugin"), call its `surql_schema_register` on an empty
 * schema and dlclose() it. @p path is used as given (a name without `/` is
 * searched the way dlopen() searches). Errors of the plugin are prefixed
 * with the path. *@p out owns one reference.
 */
SURQL_SCHEMA_API int surql_schema_load_plugin(surql_schema **out, const char *path);

/* ---- export ------------------------------------------------------------- */

/**
 * Append @p s as a YAML schema document (format version
 * SURQL_SCHEMA_FILE_VERSION) that surql_schema_from_yaml() reads back to
 * an equal schema (surql_schema_equal()). Defaults are omitted; key order
 * is fixed, so the output is stable. Symmetric JWT keys the engine reports
 * as '[REDACTED]' are written as such (replace them before applying), and
 * the implicit HS512 JWT of a record access is omitted.
 */
SURQL_SCHEMA_API int surql_schema_to_yaml(surql_buf *out, const surql_schema *s);
/** surql_schema_to_yaml() as JSON (indented, two spaces). */
SURQL_SCHEMA_API int surql_schema_to_json(surql_buf *out, const surql_schema *s);

#ifdef __cplusplus
}
#endif

#endif
