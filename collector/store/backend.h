/* backend: the seam between the queries (store.c, query.c: every statement,
 * written once with $1..$n placeholders) and a backend (sqlite.c, pg.c) that
 * prepares, binds and steps them; open.c picks the backend. Only the files of
 * store/ include this. */
#ifndef COLL_STORE_BACKEND_H
#define COLL_STORE_BACKEND_H

#include <pthread.h>
#include <stdlib.h>

#include "store.h"

typedef enum coll_store_ptype { COLL_SP_NULL = 0, COLL_SP_INT, COLL_SP_TEXT } coll_store_ptype;
typedef struct coll_store_param {
	coll_store_ptype type;
	int64_t i;
	const char *s;
} coll_store_param;
#define P_INT(v) ((coll_store_param){COLL_SP_INT, (int64_t)(v), NULL})
static inline coll_store_param P_TEXT(const char *v)
{
	return (coll_store_param){v ? COLL_SP_TEXT : COLL_SP_NULL, 0, v};
}

/* One result row: vals[i] is the column as text, NULL for SQL NULL. Valid
 * only during the call. Non-zero stops the query and is returned. */
typedef int (*coll_store_row_fn)(void *ctx, int ncols, const char *const *vals);

typedef struct coll_store_backend {
	const char *name;
	/* Runs sql (a string literal: backends cache its prepared form by
	 * address) with params; fn is called per row (may be NULL). */
	int (*exec)(void *db, const char *sql, const coll_store_param *p, int np,
		    coll_store_row_fn fn, void *ctx, fb_err *err);
	/* Runs sql with no parameters and no rows (DDL, BEGIN, COMMIT). */
	int (*exec_plain)(void *db, const char *sql, fb_err *err);
	void (*close)(void *db);
	const char *begin_sql;           /* "BEGIN IMMEDIATE" / "BEGIN" */
	const char *const *schema_v1;    /* DDL, NULL-terminated */
	const char *const *schema_v5;    /* schema 5's DDL (its ids differ by backend) */
	const char *const *schema_roles; /* the roles-and-audit step's backend DDL (the audit id) */
	const char *schema_lock_sql;     /* run inside the migration's transaction, or NULL */
	/* coll_store_scrub's work, outside any transaction */
	int (*scrub)(void *db, fb_err *err);
	/* coll_store_backup / coll_store_restore (store/retain.c); NULL when the
	 * backend is copied by its own tools (PostgreSQL: pg_dump) */
	int (*backup)(void *db, const char *path, fb_err *err);
	int (*restore)(void *db, const char *path, fb_err *err);
} coll_store_backend;

struct coll_store {
	const coll_store_backend *be;
	void *db;
	pthread_mutex_t mu;
};

/* Wraps an opened backend connection, migrating the schema. Takes db (closed
 * through be->close on failure). */
int coll_store_wrap(const coll_store_backend *be, void *db, coll_store **out, fb_err *err);

/* For store.c and query.c: one statement under the handle's lock. */
int coll_store_run(coll_store *s, const char *sql, const coll_store_param *p, int np,
		   coll_store_row_fn fn, void *ctx, fb_err *err);
/* A row function putting column 0 as a number into *(int64_t *)ctx. */
/* A write transaction under the handle's lock: begin takes the lock and
 * begins (releasing the lock when that fails); end commits when rc is 0,
 * else rolls back, then releases the lock and returns rc. */
int coll_store_tx_begin(coll_store *s, fb_err *err);
int coll_store_tx_end(coll_store *s, int rc, fb_err *err);
int coll_store_get_int(void *ctx, int ncols, const char *const *vals);
/* After an INSERT ... ON CONFLICT (id) DO NOTHING that put inserted rows in:
 * stored when it went in; else duplicate when the row already kept under id
 * (digest_sql: "SELECT digest FROM <table> WHERE id = $1") has this digest,
 * conflict when it has another. Responses and volunteer sign-ups alike. */
int coll_store_put_outcome(coll_store *s, const char *digest_sql, const char *id,
			   const char *digest, int64_t inserted, coll_store_outcome *outcome,
			   fb_err *err);
/* Schema 7's DDL (themes_store.c), the same for both backends. */
extern const char *const coll_store_schema_themes[];
/* Inside a write transaction (put_one's): the model's suggestions for the
 * comments of a response just stored. */
int coll_store_themes_suggestions_put_tx(coll_store *s, const char *response_id,
					 const coll_store_theme_suggestion *v, size_t n, fb_err *err);
/* A column as a number (NULL is 0). */
static inline int64_t coll_store_i64(const char *s)
{
	return s ? strtoll(s, NULL, 10) : 0;
}

/* Schema 8's DDL (store/retain.c): the same on both backends. */
extern const char *const coll_store_schema_retention[];
extern const char *const coll_store_schema_volunteers[];   /* schema 11, volunteers.c */
/* Schema 12's DDL (themes_store.c): Quality Board quotes, action themes; both backends. */
extern const char *const coll_store_schema_board[];

/* Schema 10's DDL (store/settings.c): the same on both backends. */
extern const char *const coll_store_schema_settings[];
extern const char *const coll_store_schema_settings_modes[];   /* schema 13, settings.c */

#endif
