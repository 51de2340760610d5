/* collector_loadgen: N simulated devices pushing to a real feedback-collector
 * over HTTPS at once (one thread and one kept-alive TLS connection each,
 * libcurl), for tests/bench/bench_collector.sh. Bodies are built and gzip'd
 * before the clock starts, as sealed and serialised by lib/ exactly as a
 * device would. Then, for comparison, the same rows go into a bare SQLite
 * table of the same schema with one prepared INSERT (the ceiling).
 *
 *   collector_loadgen --url URL --ca FILE --tokens FILE --public FILE
 *       [--batches 4] [--batch 500] [--text-ratio 0.3] [--bare-db FILE]
 *       [--every-ms 0] [--heartbeat-every 0] [--acked FILE]
 * tokens: one "device_id token" per line; one thread per line.
 * --every-ms M paces each device to one batch every M ms (from a random
 * start within the first M), as tablets do, instead of as fast as it can;
 * --heartbeat-every N sends a heartbeat after every N batches.
 * --acked FILE writes "ACK_MS ID" for every record the collector acknowledged
 * (stored or duplicate), ACK_MS the wall clock when its reply came.
 * Prints key=value lines: responses, seconds, per_s, p50_ms, p99_ms,
 * bare_per_s, and with heartbeats heartbeats, failed_heartbeats and their
 * p50/p99.
 */
#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#define ZLIB_CONST
#include <zlib.h>

#include "../../collector/store/store.h"
#include "clock.h"
#include "protocol.h"
#include "record.h"
#include "seal.h"
#include "uuid7.h"

#define MAX_DEVICES 256

typedef struct body {
	unsigned char *gz;
	size_t gz_len;
} body;

typedef struct device {
	char id[64];
	char auth[300];
	body *bodies;
	int n_bodies;
	double *lat_ms;        /* one per batch */
	double *hb_ms;         /* one per heartbeat sent */
	int n_hb;
	int stored, failed, hb_failed, retried;
	pthread_t th;
} device;

static const char *url, *ca;
static int n_batches = 4, batch_size = 500;
static double text_ratio = 0.3;
static int every_ms, heartbeat_every;
static char hb_url[512];
static unsigned char pk[FB_KEY_BYTES];
static FILE *acked_f;
static pthread_mutex_t acked_mu = PTHREAD_MUTEX_INITIALIZER;

/* The reply's acknowledged ids into acked_f. */
static void note_acked(const char *reply)
{
	json_t *o = json_loads(reply, 0, NULL);
	json_t *res = json_object_get(o, "results");
	long long now = (long long)fb_wall_ms();
	size_t i;
	json_t *r;
	pthread_mutex_lock(&acked_mu);
	json_array_foreach(res, i, r) {
		const char *oc = json_string_value(json_object_get(r, "outcome"));
		const char *id = json_string_value(json_object_get(r, "id"));
		if (oc && id && (strcmp(oc, "stored") == 0 || strcmp(oc, "duplicate") == 0))
			fprintf(acked_f, "%lld %s\n", now, id);
	}
	pthread_mutex_unlock(&acked_mu);
	json_decref(o);
}

static const char *arg(int argc, char **argv, const char *name, const char *dflt)
{
	for (int i = 1; i + 1 < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return argv[i + 1];
	return dflt;
}

static int gzip_buf(const char *in, size_t len, body *out)
{
	z_stream zs;
	memset(&zs, 0, sizeof zs);
	if (deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	size_t cap = deflateBound(&zs, len) + 64;
	out->gz = malloc(cap);
	zs.next_in = (const Bytef *)in;
	zs.avail_in = (uInt)len;
	zs.next_out = out->gz;
	zs.avail_out = (uInt)cap;
	int rc = deflate(&zs, Z_FINISH) == Z_STREAM_END ? 0 : -1;
	out->gz_len = zs.total_out;
	deflateEnd(&zs);
	return rc;
}

/* Builds one batch body; appends each record's canonical text to all
 * (for the bare insert). */
static int make_batch(device *d, body *out, json_t *all)
{
	fb_err err;
	json_t *recs = json_array();
	for (int i = 0; i < batch_size; i++) {
		fb_response r;
		char *sealed = NULL;
		memset(&r, 0, sizeof r);
		fb_uuid7_make(fb_wall_ms(), r.id, &err);
		snprintf(r.survey_id, sizeof r.survey_id, "fft-mh");
		r.survey_version = 1;
		snprintf(r.location, sizeof r.location, "WARD1");
		snprintf(r.language, sizeof r.language, "en");
		r.submitted_at_ms = fb_wall_ms();
		r.started_at_ms = r.submitted_at_ms - 40000;
		r.duration_ms = 40000;
		r.fft = 1 + (int)randombytes_uniform(6);
		r.answers_json = "{\"staff_kind\":4,\"clean\":\"yes\"}";
		if (randombytes_uniform(1000) < (uint32_t)(text_ratio * 1000)) {
			const char *t = "{\"good\":\"The nurses listened to me and explained my medication\",\"better\":\"More to do in the evenings\"}";
			if (fb_seal(pk, t, strlen(t), &sealed, &err))
				return -1;
		}
		char *b = fb_record_body(&r, sealed, &err);
		free(sealed);
		if (!b)
			return -1;
		json_t *o = json_loads(b, 0, NULL);
		free(b);
		json_object_set_new(o, "age_ms", json_integer(1000));
		if (all)
			json_array_append(all, o);
		json_array_append_new(recs, o);
	}
	json_t *top = json_pack("{s:s, s:s, s:I, s:o}", "protocol", "fb-sync/1", "device_id", d->id,
				"device_time_ms", (json_int_t)fb_wall_ms(), "records", recs);
	char *text = json_dumps(top, JSON_COMPACT);
	json_decref(top);
	int rc = gzip_buf(text, strlen(text), out);
	free(text);
	return rc;
}

typedef struct reply_buf {
	char *p;
	size_t n;
} reply_buf;

static size_t collect(char *p, size_t s, size_t n, void *ctx)
{
	reply_buf *b = ctx;
	size_t add = s * n;
	char *np = realloc(b->p, b->n + add + 1);
	if (!np)
		return 0;
	memcpy(np + b->n, p, add);
	b->p = np;
	b->n += add;
	b->p[b->n] = '\0';
	return add;
}

/* One heartbeat on the device's own connection, as the daemon sends it;
 * the handle is set back for the next push by the caller. */
static void send_heartbeat(device *d, CURL *c)
{
	fb_proto_heartbeat hb = {.device_id = d->id, .version = "loadgen", .device_time_ms = fb_wall_ms(),
				 .queue_depth = 3, .last_error = "", .disk_free_bytes = 1 << 30};
	char *text = fb_proto_heartbeat_write(&hb);
	struct curl_slist *h = curl_slist_append(NULL, d->auth);
	h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, "Expect:");
	reply_buf rb = {NULL, 0};
	long status = 0;
	curl_easy_setopt(c, CURLOPT_URL, hb_url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &rb);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, text);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)(text ? strlen(text) : 0));
	int64_t t0 = fb_mono_ms();
	CURLcode cc = text ? curl_easy_perform(c) : CURLE_OUT_OF_MEMORY;
	d->hb_ms[d->n_hb++] = (double)(fb_mono_ms() - t0);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (cc != CURLE_OK || status != 200) {
		d->hb_failed++;
		fprintf(stderr, "collector_loadgen: %s heartbeat: curl %d http %ld\n", d->id, cc, status);
	}
	free(rb.p);
	free(text);
	curl_slist_free_all(h);
}

static void sleep_until(int64_t mono_ms)
{
	int64_t now = fb_mono_ms();
	if (mono_ms > now) {
		struct timespec ts = {(time_t)((mono_ms - now) / 1000), (long)((mono_ms - now) % 1000) * 1000000L};
		nanosleep(&ts, NULL);
	}
}

static void *run_device(void *arg_)
{
	device *d = arg_;
	int64_t start = fb_mono_ms() + (every_ms ? (int64_t)randombytes_uniform((uint32_t)every_ms) : 0);
	CURL *c = curl_easy_init();
	struct curl_slist *h = NULL;
	h = curl_slist_append(h, d->auth);
	h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, "Content-Encoding: gzip");
	h = curl_slist_append(h, "Expect:");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CAINFO, ca);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	for (int i = 0; i < d->n_bodies; i++) {
		reply_buf rb = {NULL, 0};
		long status = 0;
		if (every_ms)
			sleep_until(start + (int64_t)i * every_ms);
		CURLcode cc = CURLE_OK;
		/* A failed push is sent again once after a second, as a device's
		 * backoff would (more_tries counts those); a record stored by the
		 * first try comes back "duplicate" and is counted once. */
		for (int attempt = 0; attempt < (every_ms ? 2 : 1); attempt++) {
			if (attempt) {
				d->retried++;
				sleep_until(fb_mono_ms() + 1000);
				free(rb.p);
				rb.p = NULL;
				rb.n = 0;
			}
			curl_easy_setopt(c, CURLOPT_URL, url);
			curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
			curl_easy_setopt(c, CURLOPT_WRITEDATA, &rb);
			curl_easy_setopt(c, CURLOPT_POSTFIELDS, d->bodies[i].gz);
			curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)d->bodies[i].gz_len);
			int64_t t0 = fb_mono_ms();
			cc = curl_easy_perform(c);
			d->lat_ms[i] = (double)(fb_mono_ms() - t0);
			curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
			if (cc == CURLE_OK && status == 200 && rb.p)
				break;
		}
		if (cc == CURLE_OK && status == 200 && rb.p) {
			const char *p = rb.p;
			if (acked_f)
				note_acked(rb.p);
			while ((p = strstr(p, "\"outcome\"")) != NULL) {
				p += strlen("\"outcome\"");
				while (*p == ':' || *p == ' ')
					p++;
				if (strncmp(p, "\"stored\"", 8) == 0 || strncmp(p, "\"duplicate\"", 11) == 0)
					d->stored++;
			}
		} else {
			d->failed++;
			fprintf(stderr, "collector_loadgen: %s batch %d: curl %d http %ld\n", d->id, i, cc, status);
		}
		free(rb.p);
		if (heartbeat_every && (i + 1) % heartbeat_every == 0)
			send_heartbeat(d, c);
	}
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return NULL;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The same rows into a bare table (schema made by coll_store_open_sqlite), one
 * prepared INSERT, a transaction per batch, WAL + synchronous=FULL like the
 * collector: the ceiling the collector is measured against. */
static double bare_insert(const char *path, json_t *all)
{
	coll_store *st = NULL;
	sqlite3 *db = NULL;
	sqlite3_stmt *ins = NULL;
	fb_err err;
	remove(path);
	if (coll_store_open_sqlite(path, &st, &err))
		return -1;
	coll_store_close(st);
	sqlite3_open(path, &db);
	sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL", NULL, NULL, NULL);
	sqlite3_prepare_v2(db,
		"INSERT INTO responses (id, digest, device_id, location, survey_id, survey_version,"
		" language, mode, started_at_ms, submitted_at_ms, duration_ms, received_at_ms,"
		" corrected_submitted_at_ms, effective_at_ms, month, fft, flags, synthetic, answers,"
		" free_text, safeguarding) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,NULL,?,202611,?,0,0,?,?,0)"
		" ON CONFLICT (id) DO NOTHING", -1, &ins, NULL);
	size_t n = json_array_size(all);
	int64_t t0 = fb_mono_ms();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(all, i);
		fb_record_in in;
		char hex[FB_DIGEST_LEN * 2 + 1];
		if (i % (size_t)batch_size == 0)
			sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		fb_record_from_json(o, &in, &err);
		sodium_bin2hex(hex, sizeof hex, in.digest, sizeof in.digest);
		char *answers = json_dumps(in.answers, JSON_COMPACT | JSON_SORT_KEYS);
		sqlite3_bind_text(ins, 1, in.id, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, hex, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, "kiosk", -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 4, in.location, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 5, in.survey_id, -1, SQLITE_STATIC);
		sqlite3_bind_int(ins, 6, in.survey_version);
		sqlite3_bind_text(ins, 7, in.language, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 8, "kiosk", -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 9, in.started_at_ms);
		sqlite3_bind_int64(ins, 10, in.submitted_at_ms);
		sqlite3_bind_int64(ins, 11, in.duration_ms);
		sqlite3_bind_int64(ins, 12, fb_wall_ms());
		sqlite3_bind_int64(ins, 13, in.submitted_at_ms);
		sqlite3_bind_int(ins, 14, in.fft);
		sqlite3_bind_text(ins, 15, answers, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 16, in.sealed_b64, -1, SQLITE_STATIC);
		sqlite3_step(ins);
		sqlite3_reset(ins);
		free(answers);
		if (i % (size_t)batch_size == (size_t)batch_size - 1 || i == n - 1)
			sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	}
	double secs = (double)(fb_mono_ms() - t0) / 1000.0;
	sqlite3_finalize(ins);
	sqlite3_close(db);
	return secs > 0 ? (double)n / secs : 0;
}

int main(int argc, char **argv)
{
	static device devs[MAX_DEVICES];
	fb_err err;
	int n = 0, rc = 1;
	char line[512];
	url = arg(argc, argv, "--url", NULL);
	ca = arg(argc, argv, "--ca", NULL);
	const char *tokens = arg(argc, argv, "--tokens", NULL);
	const char *pub = arg(argc, argv, "--public", NULL);
	const char *bare = arg(argc, argv, "--bare-db", NULL);
	n_batches = atoi(arg(argc, argv, "--batches", "4"));
	batch_size = atoi(arg(argc, argv, "--batch", "500"));
	text_ratio = atof(arg(argc, argv, "--text-ratio", "0.3"));
	every_ms = atoi(arg(argc, argv, "--every-ms", "0"));
	heartbeat_every = atoi(arg(argc, argv, "--heartbeat-every", "0"));
	const char *acked = arg(argc, argv, "--acked", NULL);
	if (acked && !(acked_f = fopen(acked, "w"))) {
		fprintf(stderr, "collector_loadgen: unable to write '%s'\n", acked);
		return 2;
	}
	if (url && strlen(url) < sizeof hb_url) {
		/* the heartbeat's address beside the responses' */
		snprintf(hb_url, sizeof hb_url, "%s", url);
		char *v1 = strstr(hb_url, "/v1/");
		if (v1)
			snprintf(v1, sizeof hb_url - (size_t)(v1 - hb_url), "/v1/heartbeat");
	}
	if (!url || !ca || !tokens || !pub || fb_key_read_public(pub, pk, &err)) {
		fprintf(stderr, "usage: collector_loadgen --url URL --ca FILE --tokens FILE --public FILE\n");
		return 2;
	}
	FILE *tf = fopen(tokens, "r");
	while (tf && n < MAX_DEVICES && fgets(line, sizeof line, tf)) {
		char id[64], tok[256];
		if (sscanf(line, "%63s %255s", id, tok) != 2)
			continue;
		snprintf(devs[n].id, sizeof devs[n].id, "%s", id);
		snprintf(devs[n].auth, sizeof devs[n].auth, "Authorization: Bearer %s", tok);
		n++;
	}
	if (tf)
		fclose(tf);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	json_t *all = bare ? json_array() : NULL;
	for (int i = 0; i < n; i++) {
		devs[i].bodies = calloc((size_t)n_batches, sizeof(body));
		devs[i].lat_ms = calloc((size_t)n_batches, sizeof(double));
		devs[i].hb_ms = calloc((size_t)n_batches + 1, sizeof(double));
		devs[i].n_bodies = n_batches;
		for (int b = 0; b < n_batches; b++)
			if (make_batch(&devs[i], &devs[i].bodies[b], all))
				goto out;
	}
	int64_t t0 = fb_mono_ms();
	for (int i = 0; i < n; i++)
		pthread_create(&devs[i].th, NULL, run_device, &devs[i]);
	for (int i = 0; i < n; i++)
		pthread_join(devs[i].th, NULL);
	double secs = (double)(fb_mono_ms() - t0) / 1000.0;
	int stored = 0, failed = 0, nl = 0, retried = 0;
	double *lat = calloc((size_t)(n * n_batches) + 1, sizeof(double));
	for (int i = 0; i < n; i++) {
		stored += devs[i].stored;
		failed += devs[i].failed;
		retried += devs[i].retried;
		for (int b = 0; b < n_batches; b++)
			lat[nl++] = devs[i].lat_ms[b];
	}
	qsort(lat, (size_t)nl, sizeof(double), cmp_double);
	printf("devices=%d\nresponses=%d\nfailed_batches=%d\nseconds=%.3f\nper_s=%.0f\n",
	       n, stored, failed, secs, secs > 0 ? stored / secs : 0);
	printf("more_tries=%d\n", retried);
	printf("batch_p50_ms=%.0f\nbatch_p99_ms=%.0f\n", nl ? lat[nl / 2] : 0,
	       nl ? lat[(int)(nl * 0.99) < nl ? (int)(nl * 0.99) : nl - 1] : 0);
	free(lat);
	if (heartbeat_every) {
		int hbs = 0, hb_failed = 0;
		double *hl = calloc((size_t)(n * n_batches) + 1, sizeof(double));
		for (int i = 0; i < n; i++) {
			hb_failed += devs[i].hb_failed;
			for (int k = 0; k < devs[i].n_hb; k++)
				hl[hbs++] = devs[i].hb_ms[k];
		}
		qsort(hl, (size_t)hbs, sizeof(double), cmp_double);
		printf("heartbeats=%d\nfailed_heartbeats=%d\nheartbeat_p50_ms=%.0f\nheartbeat_p99_ms=%.0f\n",
		       hbs, hb_failed, hbs ? hl[hbs / 2] : 0,
		       hbs ? hl[(int)(hbs * 0.99) < hbs ? (int)(hbs * 0.99) : hbs - 1] : 0);
		failed += hb_failed;
		free(hl);
	}
	if (bare)
		printf("bare_per_s=%.0f\n", bare_insert(bare, all));
	rc = failed ? 1 : 0;
out:
	json_decref(all);
	if (acked_f)
		fclose(acked_f);
	for (int i = 0; i < n; i++) {
		for (int b = 0; b < devs[i].n_bodies; b++)
			free(devs[i].bodies[b].gz);
		free(devs[i].bodies);
		free(devs[i].lat_ms);
		free(devs[i].hb_ms);
	}
	curl_global_cleanup();
	return rc;
}
