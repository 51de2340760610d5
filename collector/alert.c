/* alert.c: email alerts for flagged comments (see alert.h). A pass reads the
 * due alerts into memory first (the store's lock is not held while a mail
 * server is talked to), then sends each with one libcurl SMTP transfer. */
#include "alert.h"

#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "log.h"
#include "fb_err.h"

#define ALERT_TICK_S 2              /* how often the thread looks for due alerts */
#define ALERT_TIMEOUT_S 30          /* one whole SMTP transfer */
#define ALERT_MSG_MAX 4096
#define ALERT_PASSWORD_MAX 256

struct coll_alert {
	const coll_config *cfg;
	coll_store *st;
	char password[ALERT_PASSWORD_MAX];
	pthread_t thread;
	bool running, stop;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

/* ---- pure parts ------------------------------------------------------------------ */

int64_t coll_alert_backoff_ms(int attempts, int min_s)
{
	int64_t ms = (int64_t)(min_s > 0 ? min_s : 1) * 1000;
	for (int i = 1; i < attempts && ms < COLL_ALERT_BACKOFF_MAX_MS; i++)
		ms *= 2;
	return ms < COLL_ALERT_BACKOFF_MAX_MS ? ms : COLL_ALERT_BACKOFF_MAX_MS;
}

/* An address we put in a header and an SMTP command: local@domain, no
 * spaces, controls or characters that end a header or a list. */
static bool addr_ok(const char *s, size_t n)
{
	const char *at = memchr(s, '@', n);
	if (n == 0 || n > COLL_ALERT_ADDR_MAX || !at || at == s || at == s + n - 1 ||
	    memchr(at + 1, '@', (size_t)(s + n - at - 1)))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c == 0x7f || strchr("<>,;()[]\\\"", c))
			return false;
	}
	return true;
}

static bool is_sep(char c)
{
	return c == ' ' || c == '\t' || c == ',';
}

int coll_alert_recipients(const char *to, const char *location,
			  char out[][COLL_ALERT_ADDR_MAX + 1], int max)
{
	int n = 0;
	const char *p = to;
	while (*p) {
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *eq = memchr(p, '=', len);
		const char *q = p, *stop = p + len;
		while (q < stop && (*q == ' ' || *q == '\t'))
			q++;
		if (q < stop) {
			if (!eq)
				return -1;
			const char *ce = eq;
			while (ce > q && (ce[-1] == ' ' || ce[-1] == '\t'))
				ce--;
			size_t clen = (size_t)(ce - q);
			if (clen == 0)
				return -1;
			bool mine = (clen == 1 && *q == '*') ||
				    (location && strlen(location) == clen && strncmp(q, location, clen) == 0);
			for (const char *a = eq + 1; a < stop;) {
				while (a < stop && is_sep(*a))
					a++;
				const char *ae = a;
				while (ae < stop && !is_sep(*ae))
					ae++;
				if (ae > a) {
					if (!addr_ok(a, (size_t)(ae - a)))
						return -1;
					if (mine && n < max) {
						memcpy(out[n], a, (size_t)(ae - a));
						out[n][ae - a] = '\0';
						n++;
					}
				}
				a = ae;
			}
		}
		p = end ? end + 1 : p + len;
	}
	return n;
}

static bool is_loopback_url(const char *url)
{
	static const char *const ok[] = {"smtp://127.0.0.1", "smtp://localhost", "smtp://[::1]"};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		size_t n = strlen(ok[i]);
		if (strncmp(url, ok[i], n) == 0 && (url[n] == '\0' || url[n] == ':' || url[n] == '/'))
			return true;
	}
	return false;
}

int coll_alert_check_config(const coll_config *cfg, fb_err *err)
{
	char rcpt[1][COLL_ALERT_ADDR_MAX + 1];
	const char *u = cfg->smtp_url;
	if (!u[0]) {
		if (cfg->alert_to[0])
			return fb_err_set(err, FB_ERR_INVALID, "[alerts] to names people but smtp_url is"
					  " empty, so nobody would be emailed; set smtp_url (smtp://host:587)"
					  " or empty to");
		return 0;
	}
	if (strncmp(u, "smtp://", 7) != 0 && strncmp(u, "smtps://", 8) != 0)
		return fb_err_set(err, FB_ERR_INVALID, "[alerts] smtp_url '%s' is not smtp://HOST:PORT"
				  " (STARTTLS) or smtps://HOST:PORT", u);
	if (!cfg->smtp_tls_required && strncmp(u, "smtp://", 7) == 0 && !is_loopback_url(u))
		return fb_err_set(err, FB_ERR_INVALID, "[alerts] smtp_tls = none sends in the clear:"
				  " only for a relay on this machine (smtp://127.0.0.1); use"
				  " smtp_tls = required for '%s'", u);
	if (!addr_ok(cfg->alert_from, strlen(cfg->alert_from)))
		return fb_err_set(err, FB_ERR_INVALID, "[alerts] from '%s' is not an email address",
				  cfg->alert_from);
	if (!cfg->alert_to[0] || coll_alert_recipients(cfg->alert_to, NULL, rcpt, 0) < 0)
		return fb_err_set(err, FB_ERR_INVALID, "[alerts] to is not understood; write"
				  " LOCATION=address address; *=address (every location)");
	if (strncmp(cfg->alert_link_url, "https://", 8) != 0)
		return fb_err_set(err, FB_ERR_INVALID, "[alerts] link_url must be the results pages'"
				  " https:// address, for the link in each email");
	return 0;
}

/* text with anything that could end a header line made a space */
static void one_line(const char *s, char *out, size_t size)
{
	size_t o = 0;
	for (; s && *s && o + 1 < size; s++)
		out[o++] = ((unsigned char)*s < ' ' || *s == 0x7f) ? ' ' : *s;
	out[o] = '\0';
}

int coll_alert_message(const coll_config *cfg, const char *location_name, const char *response_id,
		       const char *const *to, int n_to, int64_t now_ms, char *out, size_t size,
		       fb_err *err)
{
	char date[64], name[COLL_STORE_NAME_MAX], tolist[COLL_ALERT_MAX_RCPT * (COLL_ALERT_ADDR_MAX + 2)];
	size_t tl = 0;
	struct tm tm;
	time_t t = (time_t)(now_ms / 1000);
	localtime_r(&t, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S %z", &tm);
	one_line(location_name, name, sizeof name);
	tolist[0] = '\0';
	for (int i = 0; i < n_to; i++)
		tl += (size_t)snprintf(tolist + tl, sizeof tolist - tl, "%s%s", i ? ", " : "", to[i]);
	int n = snprintf(out, size,
		"Date: %s\r\n"
		"From: Patient feedback <%s>\r\n"
		"To: %s\r\n"
		"Subject: A comment that may need action today: %s\r\n"
		"Message-ID: <%s.alert@feedback-collector>\r\n"
		"MIME-Version: 1.0\r\n"
		"Content-Type: text/plain; charset=utf-8\r\n"
		"Content-Transfer-Encoding: 8bit\r\n"
		"Auto-Submitted: auto-generated\r\n"
		"\r\n"
		"A comment that may need action today arrived for %s.\r\n"
		"\r\n"
		"Sign in to read it and mark it seen:\r\n"
		"%s/safeguarding\r\n"
		"\r\n"
		"This email holds none of the comment's words: read it on the results pages.\r\n",
		date, cfg->alert_from, tolist, name, response_id, name, cfg->alert_link_url);
	if (n < 0 || (size_t)n >= size)
		return fb_err_set(err, FB_ERR_INVALID, "the alert email for %s is too long", name);
	return 0;
}

/* ---- sending --------------------------------------------------------------------- */

typedef struct upload {
	const char *p;
	size_t left;
} upload;

static size_t read_cb(char *buf, size_t size, size_t nitems, void *ctx)
{
	upload *u = ctx;
	size_t n = size * nitems < u->left ? size * nitems : u->left;
	memcpy(buf, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

/* One message to n_to addresses: 0, or non-zero with why in errbuf. */
static int send_one(coll_alert *a, const char *msg, const char *const *to, int n_to,
		    char *errbuf, size_t errsize)
{
	const coll_config *cfg = a->cfg;
	char cerr[CURL_ERROR_SIZE] = "";
	struct curl_slist *rcpt = NULL;
	upload u = {msg, strlen(msg)};
	int rc = 0;
	CURL *h = curl_easy_init();
	if (!h) {
		snprintf(errbuf, errsize, "out of memory starting the mail transfer");
		return 1;
	}
	for (int i = 0; i < n_to; i++) {
		struct curl_slist *l = curl_slist_append(rcpt, to[i]);
		if (!l) {
			snprintf(errbuf, errsize, "out of memory listing the recipients");
			rc = 1;
			goto out;
		}
		rcpt = l;
	}
	curl_easy_setopt(h, CURLOPT_URL, cfg->smtp_url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, cfg->alert_from);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(h, CURLOPT_READDATA, &u);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)u.left);
	/* smtps:// is TLS from the start; smtp:// must upgrade unless told not to */
	curl_easy_setopt(h, CURLOPT_USE_SSL, cfg->smtp_tls_required ? (long)CURLUSESSL_ALL :
			 (long)CURLUSESSL_NONE);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	if (cfg->smtp_ca_file[0])
		curl_easy_setopt(h, CURLOPT_CAINFO, cfg->smtp_ca_file);
	if (cfg->smtp_user[0]) {
		curl_easy_setopt(h, CURLOPT_USERNAME, cfg->smtp_user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, a->password);
	}
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)ALERT_TIMEOUT_S);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, cerr);
	CURLcode cr = curl_easy_perform(h);
	if (cr != CURLE_OK) {
		snprintf(errbuf, errsize, "%s%s%s", curl_easy_strerror(cr), cerr[0] ? ": " : "", cerr);
		rc = 1;
	}
out:
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(h);
	return rc;
}

/* Due alerts copied out of the store's callback. */
typedef struct due {
	char id[COLL_STORE_ID_MAX];
	char location[COLL_STORE_ID_MAX];
	int64_t created_ms;
	int attempts;
} due;

typedef struct due_list {
	due v[COLL_ALERT_BATCH];
	int n;
} due_list;

static int due_add(void *ctx, const coll_store_alert *al)
{
	due_list *l = ctx;
	if (l->n == COLL_ALERT_BATCH)
		return 0;
	due *d = &l->v[l->n++];
	snprintf(d->id, sizeof d->id, "%s", al->response_id);
	snprintf(d->location, sizeof d->location, "%s", al->location);
	d->created_ms = al->created_ms;
	d->attempts = al->attempts;
	return 0;
}

int coll_alert_run_once(coll_alert *a, int64_t now_ms, int *sent, int *failed, fb_err *err)
{
	due_list l;
	l.n = 0;
	*sent = *failed = 0;
	int rc = coll_store_alerts_due(a->st, now_ms, COLL_ALERT_BATCH, due_add, &l, err);
	for (int i = 0; rc == 0 && i < l.n; i++) {
		const due *d = &l.v[i];
		char rcpt[COLL_ALERT_MAX_RCPT][COLL_ALERT_ADDR_MAX + 1], why[sizeof(fb_err) + 64];
		const char *to[COLL_ALERT_MAX_RCPT];
		char msg[ALERT_MSG_MAX];
		coll_store_location loc;
		fb_err e2;
		int n = coll_alert_recipients(a->cfg->alert_to, d->location, rcpt, COLL_ALERT_MAX_RCPT);
		why[0] = '\0';
		if (now_ms - d->created_ms > COLL_ALERT_GIVE_UP_MS) {
			rc = coll_store_alert_failed(a->st, d->id, "not sent within 3 days of the comment"
						     " arriving, so not sent at all; read it on the pages",
						     INT64_MAX / 2, err);
			(*failed)++;
			continue;
		}
		for (int k = 0; k < n; k++)
			to[k] = rcpt[k];
		if (coll_store_location_get(a->st, d->location, &loc, &e2) != 0)
			snprintf(loc.name, sizeof loc.name, "%s", d->location);
		if (n <= 0)
			snprintf(why, sizeof why, "no address for %s in [alerts] to; add one (or *=...)",
				 d->location);
		else if (coll_alert_message(a->cfg, loc.name, d->id, to, n, now_ms, msg, sizeof msg, &e2))
			snprintf(why, sizeof why, "%s", e2.msg);
		else if (send_one(a, msg, to, n, why, sizeof why) == 0) {
			rc = coll_store_alert_sent(a->st, d->id, now_ms, err);
			(*sent)++;
			fb_log("alert for %s sent to %d address%s",
				d->location, n, n == 1 ? "" : "es");
			continue;
		}
		int64_t wait = coll_alert_backoff_ms(d->attempts + 1, a->cfg->alert_retry_min_s);
		fb_log("alert for %s not sent (attempt %d, next in %lld s):"
			" %s; check [alerts] in the config and the mail server", d->location,
			d->attempts + 1, (long long)(wait / 1000), why);
		rc = coll_store_alert_failed(a->st, d->id, why, now_ms + wait, err);
		(*failed)++;
	}
	return rc;
}

/* ---- the thread -------------------------------------------------------------------- */

static int64_t wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void *alert_main(void *arg)
{
	coll_alert *a = arg;
	pthread_mutex_lock(&a->mu);
	while (!a->stop) {
		pthread_mutex_unlock(&a->mu);
		int sent, failed;
		fb_err err;
		if (coll_alert_run_once(a, wall_ms(), &sent, &failed, &err))
			fb_log("email alerts: %s", err.msg);
		pthread_mutex_lock(&a->mu);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += ALERT_TICK_S;
		while (!a->stop && pthread_cond_timedwait(&a->cv, &a->mu, &until) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&a->mu);
	return NULL;
}

static int read_password(const char *path, char *out, size_t size, fb_err *err)
{
	int rc = 0;
	FILE *f = fopen(path, "r");
	if (!f)
		return fb_err_set(err, FB_ERR_IO, "unable to read [alerts] smtp_password_file '%s': %s",
				  path, strerror(errno));
	if (!fgets(out, (int)size, f))
		out[0] = '\0';
	out[strcspn(out, "\r\n")] = '\0';
	if (!out[0])
		rc = fb_err_set(err, FB_ERR_INVALID, "[alerts] smtp_password_file '%s' is empty", path);
	fclose(f);
	return rc;
}

int coll_alert_new(const coll_config *cfg, coll_store *st, coll_alert **out, fb_err *err)
{
	int rc = coll_alert_check_config(cfg, err);
	coll_alert *a = NULL;
	*out = NULL;
	if (rc || !cfg->smtp_url[0])
		return rc;
	a = calloc(1, sizeof *a);
	if (!a)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory starting email alerts");
	a->cfg = cfg;
	a->st = st;
	if (cfg->smtp_password_file[0]) {
		rc = read_password(cfg->smtp_password_file, a->password, sizeof a->password, err);
		if (rc) {
			free(a);
			return rc;
		}
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);    /* before the thread that uses it */
	pthread_mutex_init(&a->mu, NULL);
	pthread_cond_init(&a->cv, NULL);
	*out = a;
	return 0;
}

int coll_alert_start(coll_alert *a, fb_err *err)
{
	if (pthread_create(&a->thread, NULL, alert_main, a) != 0)
		return fb_err_set(err, FB_ERR_IO, "unable to start the email alert thread");
	a->running = true;
	return 0;
}

void coll_alert_free(coll_alert *a)
{
	if (!a)
		return;
	if (a->running) {
		pthread_mutex_lock(&a->mu);
		a->stop = true;
		pthread_cond_signal(&a->cv);
		pthread_mutex_unlock(&a->mu);
		pthread_join(a->thread, NULL);
	}
	pthread_cond_destroy(&a->cv);
	pthread_mutex_destroy(&a->mu);
	memset(a->password, 0, sizeof a->password);
	free(a);
	curl_global_cleanup();
}
