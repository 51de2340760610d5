/* store_impl: the seam between store.c (every query, written once with $1..$n
 * placeholders) and a backend (store_sqlite.c, store_pg.c) that prepares,
 * binds and steps them. Only store*.c include this. */
#ifndef COLL_STORE_IMPL_H
#define COLL_STORE_IMPL_H

#include <pthread.h>

#include "store.h"

typedef enum store_ptype { SP_NULL = 0, SP_INT, SP_TEXT } store_ptype;
typedef struct store_param {
	store_ptype type;
	int64_t i;
	const char *s;
} store_param;
#define P_INT(v) ((store_param){SP_INT, (int64_t)(v), NULL})
static inline store_param P_TEXT(const char *v)
{
	return (store_param){v ? SP_TEXT : SP_NULL, 0, v};
}

/* One result row: vals[i] is the column as text, NULL for SQL NULL. Valid
 * only during the call. Non-zero stops the query and is returned. */
typedef int (*store_row_fn)(void *ctx, int ncols, const char *const *vals);

typedef struct store_backend {
	const char *name;
	/* Runs sql (a string literal: backends cache its prepared form by
	 * address) with params; fn is called per row (may be NULL). */
	int (*exec)(void *db, const char *sql, const store_param *p, int np,
		    store_row_fn fn, void *ctx, fb_err *err);
	/* Runs sql with no parameters and no rows (DDL, BEGIN, COMMIT). */
	int (*exec_plain)(void *db, const char *sql, fb_err *err);
	void (*close)(void *db);
	const char *begin_sql;           /* "BEGIN IMMEDIATE" / "BEGIN" */
	const char *const *schema_v1;    /* DDL, NULL-terminated */
	const char *schema_lock_sql;     /* run inside the migration's transaction, or NULL */
} store_backend;

struct store {
	const store_backend *be;
	void *db;
	pthread_mutex_t mu;
};

/* Wraps an opened backend connection, migrating the schema. Takes db (closed
 * through be->close on failure). */
int store_wrap(const store_backend *be, void *db, store **out, fb_err *err);

#endif
