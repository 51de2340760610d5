#include "seclog.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "log.h"
#include "store/store.h"

#define SECLOG_PATH_MAX 96       /* a path as logged, at most */
#define SECLOG_ADDR_MAX 48       /* an IPv6 address fits */
#define SECLOG_REASON_MAX 400

/* The "user=U" / "device=D" part: the person, else the device, else
 * "user=-"; both when a request had both. */
static void who_fields(const coll_seclog_who *who, char *out, size_t size)
{
	char u[COLL_STORE_ID_MAX], d[COLL_STORE_ID_MAX], via[SECLOG_ADDR_MAX];
	bool have_u = who->user && who->user[0], have_d = who->device && who->device[0];
	fb_log_clean(who->user, u, sizeof u);
	fb_log_clean(who->device, d, sizeof d);
	fb_log_clean(who->via, via, sizeof via);
	snprintf(out, size, "%s%s%s%s%s%s%s", who->via && who->via[0] ? "via=" : "",
		 who->via && who->via[0] ? via : "", who->via && who->via[0] ? " " : "",
		 have_u || !have_d ? "user=" : "", have_u || !have_d ? u : "",
		 have_d ? (have_u ? " device=" : "device=") : "", have_d ? d : "");
}

void coll_seclog_access(const coll_seclog_who *who, const char *method, const char *path,
			int status, int64_t ms, const char *end)
{
	char client[SECLOG_ADDR_MAX], fields[200], m[12], p[SECLOG_PATH_MAX], st[16];
	fb_log_clean(who->client, client, sizeof client);
	who_fields(who, fields, sizeof fields);
	fb_log_clean(method, m, sizeof m);
	fb_log_clean(path, p, sizeof p);
	if (status > 0)
		snprintf(st, sizeof st, "%d", status);
	else
		snprintf(st, sizeof st, "-");
	fb_log("access client=%s %s method=%s path=%s status=%s ms=%lld%s%s", client, fields, m, p,
	       st, (long long)ms, end ? " end=" : "", end ? end : "");
}

void coll_seclog_event(const coll_seclog_who *who, const char *event, const char *path,
		       const char *reason_fmt, ...)
{
	char client[SECLOG_ADDR_MAX], fields[200], p[SECLOG_PATH_MAX], reason[SECLOG_REASON_MAX];
	va_list ap;
	fb_log_clean(who->client, client, sizeof client);
	who_fields(who, fields, sizeof fields);
	fb_log_clean(path, p, sizeof p);
	reason[0] = '\0';
	if (reason_fmt) {
		va_start(ap, reason_fmt);
		vsnprintf(reason, sizeof reason, reason_fmt, ap);
		va_end(ap);
		for (char *r = reason; *r; r++)    /* our words, kept inside their quotes */
			if (*r == '"' || *r == '\n' || *r == '\r')
				*r = '\'';
	}
	fb_log("security event=%s client=%s %s%s%s%s%s%s", event, client, fields,
	       path ? " path=" : "", path ? p : "", reason[0] ? " reason=\"" : "", reason,
	       reason[0] ? "\"" : "");
}
