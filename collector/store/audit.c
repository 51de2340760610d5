/* audit.c: the audit trail's table (schema 6; store.h's "audit" part). Rows
 * are only ever added, read, and pruned past the retention period: there is
 * no statement here that changes one. */
#include "backend.h"

#include <stdio.h>
#include <string.h>

/* A field as kept: at most COLL_STORE_AUDIT_FIELD_MAX bytes, cut at a UTF-8
 * character boundary, never NULL. */
static void field_cut(char *dst, const char *src)
{
	size_t n = src ? strlen(src) : 0;
	if (n >= COLL_STORE_AUDIT_FIELD_MAX) {
		n = COLL_STORE_AUDIT_FIELD_MAX - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

int coll_store_audit_add(coll_store *s, int64_t at_ms, const char *user, const char *addr,
			 const char *action, const char *object, const char *detail, fb_err *err)
{
	char u[COLL_STORE_AUDIT_FIELD_MAX], a[COLL_STORE_AUDIT_FIELD_MAX];
	char o[COLL_STORE_AUDIT_FIELD_MAX], d[COLL_STORE_AUDIT_FIELD_MAX];
	field_cut(u, user);
	field_cut(a, addr);
	field_cut(o, object);
	field_cut(d, detail);
	coll_store_param p[] = {P_INT(at_ms), P_TEXT(u), P_TEXT(a), P_TEXT(action), P_TEXT(o), P_TEXT(d)};
	return coll_store_run(s, "INSERT INTO audit (at_ms, user_name, client_addr, action, object, detail)"
			      " VALUES ($1, $2, $3, $4, $5, $6)", p, 6, NULL, NULL, err);
}

typedef struct audit_ctx {
	int (*fn)(void *ctx, const coll_store_audit_row *r);
	void *ctx;
} audit_ctx;

static int get_audit(void *ctx, int ncols, const char *const *vals)
{
	audit_ctx *c = ctx;
	(void)ncols;
	coll_store_audit_row r = {
		.id = coll_store_i64(vals[0]), .at_ms = coll_store_i64(vals[1]), .user = vals[2],
		.addr = vals[3], .action = vals[4], .object = vals[5], .detail = vals[6],
	};
	return c->fn(c->ctx, &r);
}

int coll_store_audit_each(coll_store *s, const coll_store_audit_query *q,
			  int (*fn)(void *ctx, const coll_store_audit_row *r), void *ctx, fb_err *err)
{
	audit_ctx c = {fn, ctx};
	const char *user = q->user && q->user[0] ? q->user : NULL;
	const char *action = q->action && q->action[0] ? q->action : NULL;
	coll_store_param p[] = {
		P_TEXT(user), P_TEXT(action), P_INT(q->from_ms), P_INT(q->to_ms > 0 ? q->to_ms : INT64_MAX),
		P_INT(q->limit > 0 ? q->limit : INT64_MAX),
	};
	return coll_store_run(s, "SELECT id, at_ms, user_name, client_addr, action, object, detail"
			      " FROM audit WHERE ($1 IS NULL OR user_name = $1)"
			      " AND ($2 IS NULL OR action = $2) AND at_ms >= $3 AND at_ms < $4"
			      " ORDER BY at_ms DESC, id DESC LIMIT $5", p, 5, get_audit, &c, err);
}

static int count_rows(void *ctx, int ncols, const char *const *vals)
{
	(void)ncols;
	(void)vals;
	(*(int64_t *)ctx)++;
	return 0;
}

int coll_store_audit_prune(coll_store *s, int64_t before_ms, int64_t *n, fb_err *err)
{
	coll_store_param p[] = {P_INT(before_ms)};
	*n = 0;
	return coll_store_run(s, "DELETE FROM audit WHERE at_ms < $1 RETURNING 1", p, 1, count_rows, n, err);
}
