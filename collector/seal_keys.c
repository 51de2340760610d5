#include "seal_keys.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "months.h"

int coll_seal_keys_load(const char *secret_key_file, coll_seal_keys *out, fb_err *err)
{
	unsigned char sks[FB_KEYS_MAX][FB_KEY_BYTES], pk[FB_KEY_BYTES];
	size_t n = 0;
	memset(out, 0, sizeof *out);
	int rc = fb_key_read_secrets(secret_key_file, sks, FB_KEYS_MAX, &n, err);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		crypto_scalarmult_base(pk, sks[i]);
		fb_key_format_public(pk, out->pks[i], sizeof out->pks[i]);
	}
	sodium_memzero(sks, sizeof sks);
	if (rc == 0)
		out->n = n;
	return rc;
}

coll_seal_class coll_seal_classify(const coll_seal_keys *k, const char *public_key)
{
	coll_seal_class c = {COLL_SEAL_NOTHING, 0, ""};
	if (!public_key || !public_key[0])
		return c;
	snprintf(c.fp, sizeof c.fp, "%s", public_key);
	c.kind = COLL_SEAL_UNKNOWN;
	for (size_t i = 0; i < k->n; i++) {
		if (strcmp(k->pks[i], public_key) == 0) {
			c.kind = i == 0 ? COLL_SEAL_CURRENT : COLL_SEAL_OLD;
			c.line = i + 1;
			break;
		}
	}
	return c;
}

void coll_seal_class_words(const coll_seal_class *c, char *out, size_t size)
{
	switch (c->kind) {
	case COLL_SEAL_CURRENT:
		snprintf(out, size, "current key");
		break;
	case COLL_SEAL_OLD:
		snprintf(out, size, "old key %zu (%s\u2026)", c->line, c->fp);
		break;
	case COLL_SEAL_UNKNOWN:
		snprintf(out, size, "unknown key (%s\u2026)", c->fp);
		break;
	default:
		snprintf(out, size, "nothing sealed yet");
		break;
	}
}

/* ---- device keys (the command line) ---------------------------------------- */

void coll_seal_tally_init(coll_seal_tally *t, const coll_seal_keys *k)
{
	memset(t, 0, sizeof *t);
	t->n_keys = k->n;
}

void coll_seal_tally_add(coll_seal_tally *t, const coll_seal_class *c)
{
	if (c->kind == COLL_SEAL_CURRENT || c->kind == COLL_SEAL_OLD)
		t->on_line[c->line - 1]++;
	else if (c->kind == COLL_SEAL_UNKNOWN)
		t->on_line[t->n_keys]++;
}

void coll_seal_tally_verdict(const coll_seal_tally *t, const char *secret_key_file, char *out,
			     size_t size)
{
	int64_t old = 0;
	for (size_t k = 1; k < t->n_keys; k++)
		old += t->on_line[k];
	if (t->n_keys > 1 && old == 0)
		snprintf(out, size, "no device's latest sealed record uses an old key: once every"
			 " device's queue has emptied (the fleet page), %s%zu of '%s' can be retired",
			 t->n_keys == 2 ? "line " : "lines 2 to ", t->n_keys, secret_key_file);
	else if (old > 0)
		snprintf(out, size, "%lld device%s still seal%s to an old key: keep it until %s taken"
			 " the new one (sent with %s config once the collector serves with it) and %s"
			 " queue has emptied", (long long)old, old == 1 ? "" : "s", old == 1 ? "s" : "",
			 old == 1 ? "it has" : "they have", old == 1 ? "its" : "their",
			 old == 1 ? "its" : "their");
	else if (size)
		out[0] = '\0';
}

typedef struct report_ctx {
	const coll_seal_keys *k;
	coll_seal_tally t;
	FILE *out;
} report_ctx;

static int report_line(void *ctx, const char *device_id, const char *public_key,
		       int64_t submitted_ms)
{
	report_ctx *c = ctx;
	struct tm tm;
	char day[16];
	coll_seal_class cls = coll_seal_classify(c->k, public_key);
	coll_seal_tally_add(&c->t, &cls);
	coll_months_local(submitted_ms, &tm);
	if (strftime(day, sizeof day, "%Y-%m-%d", &tm) == 0)
		day[0] = '\0';
	if (cls.kind == COLL_SEAL_CURRENT)
		fprintf(c->out, "%s  the current key  (its latest sealed record: %s)\n", device_id, day);
	else if (cls.kind == COLL_SEAL_OLD)
		fprintf(c->out, "%s  OLD key %zu (line %zu of the secret key file)  (its latest sealed"
			" record: %s)\n", device_id, cls.line - 1, cls.line, day);
	else
		fprintf(c->out, "%s  a key this collector no longer holds  (its latest sealed record:"
			" %s)\n", device_id, day);
	return 0;
}

int coll_seal_keys_report(const coll_seal_keys *k, coll_store *st, const char *secret_key_file,
			  FILE *out, fb_err *err)
{
	char verdict[COLL_SEAL_VERDICT_MAX + 1100];
	report_ctx c = {.k = k, .out = out};
	coll_seal_tally_init(&c.t, k);
	int rc = coll_store_device_seal_keys_each(st, report_line, &c, err);
	if (rc)
		return rc;
	coll_seal_tally_verdict(&c.t, secret_key_file, verdict, sizeof verdict);
	if (verdict[0])
		fprintf(out, "%s\n", verdict);
	return 0;
}

/* ---- every device's key, for a page ------------------------------------------ */

typedef struct seal_entry {
	char device_id[COLL_STORE_ID_MAX];
	coll_seal_class cls;
	int64_t latest_ms;
} seal_entry;

struct coll_seal_map {
	const coll_seal_keys *k;
	seal_entry *v;
	size_t n, cap;
};

static int map_add(void *ctx, const char *device_id, const char *public_key, int64_t submitted_ms)
{
	coll_seal_map *m = ctx;
	if (m->n == m->cap) {
		if (m->cap >= COLL_SEAL_MAP_MAX)
			return FB_ERR_INVALID;
		size_t cap = m->cap ? m->cap * 2 : 64;
		if (cap > COLL_SEAL_MAP_MAX)
			cap = COLL_SEAL_MAP_MAX;
		seal_entry *v = realloc(m->v, cap * sizeof *v);
		if (!v)
			return FB_ERR_NOMEM;
		m->v = v;
		m->cap = cap;
	}
	seal_entry *e = &m->v[m->n++];
	snprintf(e->device_id, sizeof e->device_id, "%s", device_id);
	e->cls = coll_seal_classify(m->k, public_key);
	e->latest_ms = submitted_ms;
	return 0;
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const seal_entry *)a)->device_id, ((const seal_entry *)b)->device_id);
}

int coll_seal_map_load(const coll_seal_keys *k, coll_store *st, coll_seal_map **out, fb_err *err)
{
	coll_seal_map *m = calloc(1, sizeof *m);
	*out = NULL;
	if (!m)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory reading the devices' Trust keys");
	m->k = k;
	int rc = coll_store_device_seal_keys_each(st, map_add, m, err);
	if (rc == FB_ERR_INVALID || rc == FB_ERR_NOMEM) {
		rc = fb_err_set(err, rc, rc == FB_ERR_NOMEM ? "out of memory reading the devices'"
				" Trust keys" : "more than %d devices have sealed records: too many to"
				" show their Trust keys", COLL_SEAL_MAP_MAX);
	}
	if (rc) {
		coll_seal_map_free(m);
		return rc;
	}
	/* the store's order is its collation's (PostgreSQL's may not be strcmp's) */
	if (m->n)
		qsort(m->v, m->n, sizeof *m->v, entry_cmp);
	*out = m;
	return 0;
}

void coll_seal_map_free(coll_seal_map *m)
{
	if (!m)
		return;
	free(m->v);
	free(m);
}

coll_seal_class coll_seal_map_find(const coll_seal_map *m, const char *device_id,
				   int64_t *latest_ms)
{
	seal_entry key;
	const seal_entry *e = NULL;
	snprintf(key.device_id, sizeof key.device_id, "%s", device_id);
	if (m && m->n)
		e = bsearch(&key, m->v, m->n, sizeof *m->v, entry_cmp);
	if (latest_ms)
		*latest_ms = e ? e->latest_ms : 0;
	if (e)
		return e->cls;
	return (coll_seal_class){COLL_SEAL_NOTHING, 0, ""};
}

/* ---- retiring an old key ------------------------------------------------------ */

void coll_seal_retire_init(coll_seal_retire *r, const coll_seal_keys *k)
{
	memset(r, 0, sizeof *r);
	r->n_keys = k->n;
	for (size_t i = 0; i < k->n; i++)
		snprintf(r->fp[i], sizeof r->fp[i], "%s", k->pks[i]);
}

static void name_device(coll_seal_named *v, int64_t count, const coll_seal_device *d)
{
	if (count >= COLL_SEAL_NAMES_SHOWN)
		return;
	coll_seal_named *n = &v[count];
	snprintf(n->device_id, sizeof n->device_id, "%s", d->device_id);
	n->queue_known = d->queue_known;
	n->queue_depth = d->queue_depth;
}

void coll_seal_retire_add(coll_seal_retire *r, const coll_seal_device *d)
{
	bool waits = !d->queue_known || d->queue_depth > 0;
	for (size_t line = 2; line <= r->n_keys; line++) {
		struct coll_seal_retire_key *k = &r->key[line - 1];
		if (d->cls.kind == COLL_SEAL_OLD && d->cls.line == line) {
			name_device(k->sealers, k->sealing, d);
			k->sealing++;
			continue;
		}
		/* a device on this key's newer ones has sent what it sealed to this one */
		bool newer = (d->cls.kind == COLL_SEAL_CURRENT || d->cls.kind == COLL_SEAL_OLD) &&
			     d->cls.line < line;
		if (!newer && waits) {
			name_device(k->waiters, k->waiting, d);
			k->waiting++;
		}
	}
}

bool coll_seal_retire_ok(const coll_seal_retire *r, size_t line)
{
	return line >= 2 && line <= r->n_keys && r->key[line - 1].sealing == 0 &&
	       r->key[line - 1].waiting == 0;
}

/* ": X (nothing waiting to send), Y (3 records waiting to send) and 2 more" */
static size_t names_text(const coll_seal_named *v, int64_t count, char *out, size_t size)
{
	size_t len = 0;
	int64_t shown = count < COLL_SEAL_NAMES_SHOWN ? count : COLL_SEAL_NAMES_SHOWN;
	for (int64_t i = 0; i < shown && len < size; i++) {
		const coll_seal_named *n = &v[i];
		char queue[64];
		if (!n->queue_known)
			snprintf(queue, sizeof queue, "its queue not reported yet");
		else if (n->queue_depth == 0)
			snprintf(queue, sizeof queue, "nothing waiting to send");
		else
			snprintf(queue, sizeof queue, "%lld record%s waiting to send",
				 (long long)n->queue_depth, n->queue_depth == 1 ? "" : "s");
		int w = snprintf(out + len, size - len, "%s%s (%s)",
				 i == 0 ? ": " : i + 1 == shown && shown == count ? " and " : ", ",
				 n->device_id, queue);
		if (w < 0)
			break;
		len += (size_t)w;
	}
	if (count > shown && len < size) {
		int w = snprintf(out + len, size - len, " and %lld more", (long long)(count - shown));
		if (w > 0)
			len += (size_t)w;
	}
	return len;
}

void coll_seal_retire_verdict(const coll_seal_retire *r, size_t line, char *out, size_t size)
{
	char names[COLL_SEAL_VERDICT_MAX];
	if (size == 0)
		return;
	out[0] = '\0';
	if (line < 2 || line > r->n_keys)
		return;
	const struct coll_seal_retire_key *k = &r->key[line - 1];
	const char *fp = r->fp[line - 1];
	if (k->sealing > 0) {
		names_text(k->sealers, k->sealing, names, sizeof names);
		snprintf(out, size, "Key line %zu (%s\u2026): keep it: %lld device%s still seal%s to"
			 " it%s.", line, fp, (long long)k->sealing, k->sealing == 1 ? "" : "s",
			 k->sealing == 1 ? "s" : "", names);
	} else if (k->waiting > 0) {
		names_text(k->waiters, k->waiting, names, sizeof names);
		snprintf(out, size, "Key line %zu (%s\u2026): keep it for now: no device seals to it,"
			 " but %lld device%s not yet on a newer key may still hold records sealed to"
			 " it%s.", line, fp, (long long)k->waiting, k->waiting == 1 ? "" : "s", names);
	} else {
		snprintf(out, size, "Key line %zu (%s\u2026) can be retired: no device seals to it and"
			 " every device not yet on a newer key has nothing waiting to send.", line, fp);
	}
}
