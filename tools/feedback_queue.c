/* feedback-queue: the device's queue admin tool, for estates staff and
 * technicians at the device. It reads the device config (--config, as the
 * kiosk and sync daemon do) or points straight at a queue file (--queue), and:
 *   stats            how many responses wait, how old the oldest is, how many
 *                    are quarantined, when the Trust last acknowledged any
 *   quarantine       lists quarantined responses with their reasons
 *   list             lists the responses waiting to send, one a line: id,
 *                    when, rating, language, duration, flags, and whether
 *                    words are sealed in it (never the words)
 *   generate N --synthetic
 *                    stores N realistic random responses flagged synthetic
 *                    (never counted at the Trust), for testing a set-up
 *   export FILE      writes the unsent responses, still sealed, as a gzip'd
 *                    fb-bundle/1 file for a USB stick (lib/protocol.h)
 *   import-receipt FILE
 *                    applies the collector's fb-receipt/1: acknowledges what
 *                    arrived, quarantines what was refused
 *   import-config FILE
 *                    puts the Trust's config bundle (FILE.config.json) in
 *                    force as feedback-syncd puts GET /v1/config's answer:
 *                    same checks, same remote-config.json
 *   hash-pin         reads a staff PIN on stdin, prints its hash for
 *                    staff_pin_hash
 * It uses lib/queue only through its public header, so it can run while the
 * kiosk and the sync daemon hold the same queue. Start reading main(). */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "buf.h"
#include "cli.h"
#include "clock.h"
#include "config.h"
#include "device_config.h"
#include "fileio.h"
#include "protocol.h"
#include "queue.h"
#include "receipt.h"
#include "record.h"
#include "seal.h"
#include "signup.h"
#include "utf8.h"

#define PROG "feedback-queue"
#define DEFAULT_CONFIG "/etc/feedback/kiosk.conf"
#define GENERATE_MAX 100000                  /* cap on generate N */
#define RECEIPT_MAX_BYTES (64 * 1024 * 1024) /* cap on a receipt file */

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

static const char usage[] =
	"Commands:\n"
	"  stats                     queue depth, oldest unsent, quarantined, last ack\n"
	"  quarantine                list quarantined responses and their reasons\n"
	"  list                      list the responses waiting to send (no words)\n"
	"  generate N --synthetic    store N random test responses (flagged synthetic)\n"
	"  export FILE               write unsent responses to FILE (" FB_BUNDLE_PROTOCOL ", gzip)\n"
	"  import-receipt FILE       apply a collector's receipt (" FB_RECEIPT_PROTOCOL ")\n"
	"  import-config FILE        put the Trust's config from a USB stick in force\n"
	"                            (" FB_CONFIG_BUNDLE_PROTOCOL ", checked as feedback-syncd checks it)\n"
	"  hash-pin                  read a staff PIN on stdin, print staff_pin_hash\n"
	"Without a config:\n"
	"  --queue PATH              use this queue file instead of <data_dir>/queue.db\n"
	"  --public-key B64          the Trust's public key (for generate)\n"
	"  --device-id ID            device id for export and receipts\n";

typedef struct tool {
	const char *queue_path;
	const char *public_key_b64;
	const char *device_id;
	bool synthetic;
	bool have_config;
	fb_config cfg;
	char path[FB_PATH_MAX + 32];
	unsigned char pk[FB_KEY_BYTES];
	bool have_pk;
} tool;

static void say_ago(int64_t then_ms, int64_t now_ms, char *out, size_t size)
{
	int64_t s = (now_ms - then_ms) / 1000;
	char when[32];

	fb_format_utc(then_ms, when, sizeof when);
	if (s < 0)
		snprintf(out, size, "%s, which is in the future: check the device clock", when);
	else if (s < 60)
		snprintf(out, size, "less than a minute ago (%s)", when);
	else if (s < 3600)
		snprintf(out, size, "%lld minute%s ago (%s)", (long long)(s / 60),
			 s / 60 == 1 ? "" : "s", when);
	else if (s < 86400)
		snprintf(out, size, "%lld hour%s %lld minutes ago (%s)", (long long)(s / 3600),
			 s / 3600 == 1 ? "" : "s", (long long)(s % 3600 / 60), when);
	else
		snprintf(out, size, "%lld day%s %lld hours ago (%s)", (long long)(s / 86400),
			 s / 86400 == 1 ? "" : "s", (long long)(s % 86400 / 3600), when);
}

static int open_queue(tool *t, bool for_put, fb_queue **q, fb_err *err)
{
	int rc;
	if (for_put && !t->have_pk)
		return fb_err_set(err, FB_ERR_INVALID,
				  "no Trust public key: use --config FILE, or --public-key B64 with --queue");
	rc = fb_queue_open(q, t->path, t->have_pk ? t->pk : NULL, err);
	if (rc == 0 && fb_queue_damage(*q)) {
		fprintf(stderr, PROG ": warning: %s\n", fb_queue_damage(*q));
	} else if (rc == 0) {
		char note[1024];
		if (fb_queue_damage_note(t->path, false, note, sizeof note))
			fprintf(stderr, PROG ": warning: a damaged queue file is kept beside the queue: %s\n",
				note);
	}
	return rc;
}

/* ---- stats, quarantine -------------------------------------------------- */

static int cmd_stats(tool *t, fb_err *err)
{
	fb_queue *q = NULL;
	fb_queue_stats st;
	int64_t now = fb_wall_ms();
	char words[128];
	int rc = open_queue(t, false, &q, err);
	if (rc)
		goto out;
	rc = fb_queue_stats_get(q, &st, err);
	if (rc)
		goto out;
	printf("queue:                  %s\n", t->path);
	printf("waiting to send:        %lld\n", (long long)st.depth);
	if (st.depth > 0) {
		say_ago(st.oldest_unsent_ms, now, words, sizeof words);
		printf("oldest waiting:         stored %s\n", words);
	}
	printf("quarantined:            %lld%s\n", (long long)st.quarantined,
	       st.quarantined ? " (see 'feedback-queue quarantine')" : "");
	printf("sent, kept until purge: %lld\n", (long long)st.acked);
	if (st.last_ack_ms > 0) {
		say_ago(st.last_ack_ms, now, words, sizeof words);
		printf("last acknowledgement:   %s\n", words);
	} else {
		printf("last acknowledgement:   never\n");
	}
	printf("synthetic (test) kept:  %lld\n", (long long)st.synthetic);
out:
	fb_queue_close(q);
	return rc;
}

static int print_quarantined(void *ctx, const char *id, const char *reason, int64_t at)
{
	char when[32];
	fb_format_utc(at, when, sizeof when);
	printf("%s  %s  %s\n", id, when, reason);
	(*(long *)ctx)++;
	return 0;
}

static int cmd_quarantine(tool *t, fb_err *err)
{
	fb_queue *q = NULL;
	long n = 0;
	int rc = open_queue(t, false, &q, err);
	if (rc == 0)
		rc = fb_queue_each_quarantined(q, print_quarantined, &n, err);
	if (rc == 0)
		printf("%ld quarantined response%s\n", n, n == 1 ? "" : "s");
	fb_queue_close(q);
	return rc;
}

/* ---- list --------------------------------------------------------------- */

/* One waiting response (or sign-up), from its wire body: what staff may see of it. */
static int print_unsent(void *ctx, const fb_queued *rec)
{
	static const char *const fft_words[] = { "unanswered", "Very good", "Good",
		"Neither good nor poor", "Poor", "Very poor", "Don't know" };
	json_error_t jerr;
	json_t *o = json_loadb(rec->body, rec->body_len, 0, &jerr);
	char when[32], flags[96] = "";
	long long fft = 0, dur = 0;
	const char *lang = "?";

	if (o && fb_record_is_signup(o)) {
		/* a volunteer sign-up: its day only, nothing of the person */
		json_t *d = json_object_get(o, "date");
		printf("%s  %s  volunteer sign-up  words sealed\n", rec->id,
		       json_is_string(d) ? json_string_value(d) : "?");
		json_decref(o);
		(*(long *)ctx)++;
		return 0;
	}
	fb_format_utc(rec->submitted_at_ms, when, sizeof when);
	if (o) {
		fft = json_integer_value(json_object_get(o, "fft"));
		dur = json_integer_value(json_object_get(o, "duration_ms"));
		if (json_is_string(json_object_get(o, "language")))
			lang = json_string_value(json_object_get(o, "language"));
		size_t i;
		json_t *f;
		json_array_foreach(json_object_get(o, "flags"), i, f) {
			if (json_is_string(f) && strlen(flags) + strlen(json_string_value(f)) + 2 < sizeof flags) {
				strcat(flags, flags[0] ? "," : "");
				strcat(flags, json_string_value(f));
			}
		}
	}
	printf("%s  %s  fft %lld (%s)  %s  %lld.%llds  %s  %s\n", rec->id, when, fft,
	       fft >= 0 && fft <= 6 ? fft_words[fft] : "?", lang, dur / 1000, (dur % 1000) / 100,
	       flags[0] ? flags : "complete",
	       o && json_is_string(json_object_get(o, "sealed")) ? "words sealed" : "no words");
	json_decref(o);
	(*(long *)ctx)++;
	return 0;
}

static int cmd_list(tool *t, fb_err *err)
{
	fb_queue *q = NULL;
	long n = 0;
	int rc = open_queue(t, false, &q, err);
	if (rc == 0)
		rc = fb_queue_each_unsent(q, print_unsent, &n, err);
	if (rc == 0)
		printf("%ld response%s waiting to send\n", n, n == 1 ? "" : "s");
	fb_queue_close(q);
	return rc;
}

/* ---- generate ----------------------------------------------------------- */

static const char *pick(const char *const *list, size_t n)
{
	return list[randombytes_uniform((uint32_t)n)];
}
#define PICK(list) pick(list, sizeof list / sizeof list[0])

/* FFT national codes weighted roughly as mental-health services see them:
 * most positive, a few negative, some "don't know". */
static int random_fft(void)
{
	static const int weights[7] = {0, 58, 26, 5, 3, 3, 5};
	uint32_t r = randombytes_uniform(100);
	for (int code = 1; code <= 6; code++) {
		if (r < (uint32_t)weights[code])
			return code;
		r -= (uint32_t)weights[code];
	}
	return 1;
}

static int cmd_generate(tool *t, long n, fb_err *err)
{
	static const char *const good[] = {
		"Staff listened to me and explained things.", "Kind nurses, clean ward.",
		"My key worker was always there when I needed her.",
		"The activities in the afternoon helped.", "Food was nice.",
	};
	static const char *const better[] = {
		"The wait to be seen was long.", "More to do at the weekend.",
		"It was noisy at night.", "Tell us sooner when appointments change.",
	};
	static const char *const ages[] = {"under_16", "16-24", "25-34", "35-44", "45-54",
					    "55-64", "65-74", "75_or_over"};
	static const char *const genders[] = {"woman", "man", "non_binary", "prefer_not_to_say"};
	static const char *const langs[] = {"en", "en", "en", "en", "pl", "ro", "pt", "es", "cy"};
	fb_queue *q = NULL;
	json_t *answers = NULL, *priv = NULL;
	char *answers_txt = NULL, *priv_txt = NULL;
	long done = 0;
	int rc;

	if (!t->synthetic) {
		rc = fb_err_set(err, FB_ERR_INVALID,
				"generate makes test data only; add --synthetic to confirm they are to be flagged synthetic");
		goto out;
	}
	if (n < 1 || n > GENERATE_MAX) {
		rc = fb_err_set(err, FB_ERR_INVALID, "generate wants N from 1 to %d", GENERATE_MAX);
		goto out;
	}
	rc = open_queue(t, true, &q, err);
	if (rc)
		goto out;
	for (done = 0; done < n; done++) {
		fb_response r;
		int64_t now = fb_wall_ms();
		memset(&r, 0, sizeof r);
		snprintf(r.survey_id, sizeof r.survey_id, "fft");
		r.survey_version = 1;
		snprintf(r.location, sizeof r.location, "%s",
			 t->have_config && t->cfg.location_code[0] ? t->cfg.location_code : "SYNTHETIC");
		snprintf(r.language, sizeof r.language, "%s", PICK(langs));
		r.mode = randombytes_uniform(10) == 0 ? FB_MODE_ASSISTED : FB_MODE_KIOSK;
		r.duration_ms = 15000 + (int64_t)randombytes_uniform(165000);
		r.started_at_ms = now - r.duration_ms;
		r.submitted_at_ms = now;
		r.flags = FB_FLAG_SYNTHETIC | (randombytes_uniform(20) == 0 ? FB_FLAG_PARTIAL : 0);
		r.fft = r.flags & FB_FLAG_PARTIAL && randombytes_uniform(2) ? FB_FFT_NONE : random_fft();

		answers = json_object();
		if (randombytes_uniform(3) != 0)
			json_object_set_new(answers, "age", json_string(PICK(ages)));
		if (randombytes_uniform(3) != 0)
			json_object_set_new(answers, "gender", json_string(PICK(genders)));
		priv = json_object();
		if (randombytes_uniform(10) < 4)
			json_object_set_new(priv, "what_was_good", json_string(PICK(good)));
		if (randombytes_uniform(10) < 3)
			json_object_set_new(priv, "do_better", json_string(PICK(better)));
		answers_txt = json_dumps(answers, JSON_COMPACT | JSON_SORT_KEYS);
		priv_txt = json_object_size(priv) ? json_dumps(priv, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
		if (!answers_txt || (json_object_size(priv) && !priv_txt)) {
			rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory making test data");
			goto out;
		}
		r.answers_json = answers_txt;
		r.private_json = priv_txt;
		rc = fb_queue_put(q, &r, err);
		if (rc)
			goto out;
		json_decref(answers);
		json_decref(priv);
		free(answers_txt);
		free(priv_txt);
		answers = priv = NULL;
		answers_txt = priv_txt = NULL;
	}
out:
	if (done > 0 || rc == 0)
		printf("stored %ld synthetic response%s\n", done, done == 1 ? "" : "s");
	json_decref(answers);
	json_decref(priv);
	free(answers_txt);
	free(priv_txt);
	fb_queue_close(q);
	return rc;
}

/* ---- export ------------------------------------------------------------- */

typedef struct export_ctx {
	gzFile gz;
	fb_proto_writer w;
	fb_buf piece;            /* what the writer gave, drained after each step */
	int failed;
	fb_err *err;
} export_ctx;

#define EXPORT_PIECE_MAX (64 * 1024 * 1024)   /* one record and its comma: far above any */

/* Writes what the protocol writer has made so far to the bundle file. */
static int drain(export_ctx *c)
{
	int ok = c->piece.len == 0 ||
		 gzwrite(c->gz, c->piece.data, (unsigned)c->piece.len) == (int)c->piece.len;

	fb_buf_reset(&c->piece);
	if (!ok)
		return fb_err_set(c->err, FB_ERR_IO, "unable to write the bundle; check the USB stick has room");
	return 0;
}

static int export_one(void *vctx, const fb_queued *rec)
{
	export_ctx *c = vctx;
	int rc = fb_proto_writer_add(&c->w, rec);

	if (rc == FB_ERR_CORRUPT)
		fb_err_set(c->err, FB_ERR_CORRUPT, "record %s in the queue is not JSON; not exported", rec->id);
	else if (rc)
		fb_err_set(c->err, FB_ERR_IO, "unable to write the bundle; check the USB stick has room");
	if (!rc)
		rc = drain(c);
	if (rc) {
		c->failed = 1;
		return 1;
	}
	return 0;
}

static int cmd_export(tool *t, const char *file, fb_err *err)
{
	fb_queue *q = NULL;
	export_ctx c = {0};
	char tmp[FB_PATH_MAX + 16], boot[40];
	int fd = -1, rc;

	fb_buf_init(&c.piece, EXPORT_PIECE_MAX);
	if (!t->device_id || !t->device_id[0]) {
		rc = fb_err_set(err, FB_ERR_INVALID, "export needs the device id: use --config FILE or --device-id ID");
		goto out;
	}
	rc = open_queue(t, false, &q, err);
	if (rc)
		goto out;
	snprintf(tmp, sizeof tmp, "%s.part", file);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0) {
		rc = fb_err_set(err, FB_ERR_IO, "unable to create '%s': %s; check the USB stick is mounted and writable",
				tmp, strerror(errno));
		goto out;
	}
	c.gz = gzdopen(dup(fd), "wb");
	if (!c.gz) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "out of memory starting gzip");
		goto out;
	}
	c.err = err;
	fb_boot_id(boot, sizeof boot);
	if (fb_proto_bundle_open(&c.w, &c.piece, t->device_id, fb_wall_ms(), boot, fb_mono_ms(),
				 NULL) != 0) {
		rc = fb_err_set(err, FB_ERR_INVALID, "device id is not valid text");
		goto out;
	}
	rc = drain(&c);
	if (rc)
		goto out;
	rc = fb_queue_each_unsent(q, export_one, &c, err);
	if (rc == 0 && c.failed)
		rc = err ? (int)err->code : FB_ERR_IO;
	if (rc)
		goto out;
	fb_proto_writer_close(&c.w);
	rc = drain(&c);
	if (rc)
		goto out;
	rc = gzclose(c.gz);
	c.gz = NULL;
	if (rc != Z_OK || fsync(fd) != 0) {
		rc = fb_err_set(err, FB_ERR_IO, "unable to finish writing '%s'; check the USB stick has room", tmp);
		goto out;
	}
	rc = 0;
	if (rename(tmp, file) != 0) {
		rc = fb_err_set(err, FB_ERR_IO, "unable to rename '%s' to '%s': %s", tmp, file, strerror(errno));
		goto out;
	}
	printf("exported %zu unsent response%s to %s\n", c.w.n, c.w.n == 1 ? "" : "s", file);
	printf("take it to the Trust: feedback-collector import %s; then bring back %s.receipt.json\n"
	       "and run: feedback-queue import-receipt %s.receipt.json\n", file, file, file);
out:
	if (c.gz)
		gzclose(c.gz);
	if (fd >= 0)
		close(fd);
	if (rc && fd >= 0)
		unlink(tmp);
	fb_buf_free(&c.piece);
	fb_queue_close(q);
	return rc;
}

/* ---- import-config ------------------------------------------------------ */

/* A config bundle from the collector (feedback-collector import or device
 * config) put in force as feedback-syncd would put GET /v1/config's answer:
 * the same checks (lib/device_config's fb_devconf_accept), the same file,
 * written whole. A refusal leaves remote-config.json as it was. */
static int cmd_import_config(tool *t, const char *file, fb_err *err)
{
	char *text = NULL, *doc = NULL;
	size_t text_len = 0, doc_len = 0;
	char path[FB_PATH_MAX + 32], etag[FB_PROTO_ETAG_LEN + 1] = "";
	fb_proto_config c;
	bool have = false;
	int rc;

	if (!t->have_config)
		return fb_err_set(err, FB_ERR_INVALID, "import-config needs the device's config "
				  "(--config FILE, not --queue): it checks the Trust's config against "
				  "this device's location and survey");
	rc = fb_read_file_maybe_gzip(file, FB_CONFIG_BUNDLE_MAX, "config bundle",
				     "check the path; it is the .config.json file the collector wrote",
				     &text, &text_len, err);
	if (rc == 0)
		rc = fb_devconf_bundle_pick(text, text_len, file, t->device_id,
					    t->cfg.location_code, &doc, &doc_len, err);
	if (rc)
		goto out;
	rc = fb_devconf_accept(doc, doc_len, &t->cfg, &c, etag, err);
	if (rc)
		goto out;
	have = true;
	fb_config_data_path(&t->cfg, FB_RCONF_FILE, path, sizeof path);
	rc = fb_write_file_atomic(path, doc, doc_len, err);
	if (rc)
		goto out;
	printf("config %.8s for %s put in force in %s; the kiosk applies it at its next start "
	       "screen\n", etag, c.location, path);
out:
	if (rc) {   /* said after the reason by main */
		size_t n = strnlen(err->msg, sizeof err->msg - 1);
		snprintf(err->msg + n, sizeof err->msg - n, "%snothing was changed: the config in "
			 "force stays", n > 0 && err->msg[n - 1] == '?' ? " " : "; ");
	}
	if (have)
		fb_proto_config_clear(&c);
	free(doc);
	free(text);
	return rc;
}

/* ---- import-receipt ----------------------------------------------------- */

static int cmd_import_receipt(tool *t, const char *file, fb_err *err)
{
	fb_queue *q = NULL;
	char *text = NULL;
	size_t text_len = 0;
	fb_proto_answer *receipt = NULL;
	fb_receipt_counts n;
	int rc;

	rc = fb_read_file_maybe_gzip(file, RECEIPT_MAX_BYTES, "receipt",
				     "check the path; it is the .receipt.json file the collector wrote",
				     &text, &text_len, err);
	if (rc)
		goto out;
	rc = fb_receipt_read(text, text_len, file, t->device_id, &receipt, err);
	if (rc)
		goto out;
	rc = open_queue(t, false, &q, err);
	if (rc)
		goto out;
	rc = fb_receipt_apply(q, receipt, fb_wall_ms(), &n, err);
	if (rc)
		goto out;
	printf("receipt applied: %ld acknowledged, %ld quarantined, %ld entries skipped (no id or unknown outcome)\n",
	       n.acked, n.quarantined, n.skipped);
out:
	fb_proto_answer_free(receipt);
	free(text);
	fb_queue_close(q);
	return rc;
}

/* ---- hash-pin ----------------------------------------------------------- */

static int cmd_hash_pin(fb_err *err)
{
	char pin[128], hash[crypto_pwhash_STRBYTES];
	size_t len;
	int rc = 0;

	if (!fgets(pin, sizeof pin, stdin)) {
		rc = fb_err_set(err, FB_ERR_INVALID, "type the PIN on standard input");
		goto out;
	}
	pin[strcspn(pin, "\r\n")] = '\0';
	len = strlen(pin);
	if (len < 4 || strspn(pin, "0123456789") != len) {
		rc = fb_err_set(err, FB_ERR_INVALID, "a staff PIN is 4 or more digits");
		goto out;
	}
	if (fb_sodium_init(err) != 0 ||
	    crypto_pwhash_str(hash, pin, len, crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		rc = fb_err_set(err, FB_ERR_NOMEM, "unable to hash the PIN (out of memory)");
		goto out;
	}
	printf("staff_pin_hash = %s\n", hash);
out:
	sodium_memzero(pin, sizeof pin);
	return rc;
}

/* ---- main --------------------------------------------------------------- */

static int load_config(tool *t, const char *path, fb_err *err)
{
	int rc = fb_config_load(path, &t->cfg, err);
	if (rc)
		return rc;
	t->have_config = true;
	fb_config_data_path(&t->cfg, FB_QUEUE_FILE, t->path, sizeof t->path);
	memcpy(t->pk, t->cfg.trust_public_key, FB_KEY_BYTES);
	t->have_pk = true;
	if (!t->device_id)
		t->device_id = t->cfg.device_id;
	return 0;
}

int main(int argc, char **argv)
{
	fb_cli cli;
	tool t;
	fb_err err = {0};
	const char *cmd = NULL, *args[2] = {NULL, NULL};
	int n_args = 0, rc, i;

	memset(&t, 0, sizeof t);
	rc = fb_cli_parse(&cli, argc, argv, PROG, DEFAULT_CONFIG, usage);
	if (rc == FB_CLI_EXIT)
		return EXIT_OK;
	if (rc == FB_CLI_USAGE)
		return EXIT_USAGE;
	for (i = 1; i < cli.argc; i++) {
		const char *a = cli.argv[i];
		if (strcmp(a, "--queue") == 0 && i + 1 < cli.argc) {
			t.queue_path = cli.argv[++i];
		} else if (strcmp(a, "--public-key") == 0 && i + 1 < cli.argc) {
			t.public_key_b64 = cli.argv[++i];
		} else if (strcmp(a, "--device-id") == 0 && i + 1 < cli.argc) {
			t.device_id = cli.argv[++i];
		} else if (strcmp(a, "--synthetic") == 0) {
			t.synthetic = true;
		} else if (a[0] == '-' && a[1] == '-') {
			fprintf(stderr, PROG ": unknown option '%s' (or it needs a value); see --help\n", a);
			return EXIT_USAGE;
		} else if (!cmd) {
			cmd = a;
		} else if (n_args < 2) {
			args[n_args++] = a;
		} else {
			fprintf(stderr, PROG ": too many arguments at '%s'; see --help\n", a);
			return EXIT_USAGE;
		}
	}

	if (cli.check_config) {
		rc = fb_config_load(cli.config_path, &t.cfg, &err);
		if (rc) {
			fprintf(stderr, PROG ": %s\n", err.msg);
			return EXIT_FAIL;
		}
		printf("%s: config ok\n", cli.config_path);
		return EXIT_OK;
	}
	if (!cmd) {
		fprintf(stderr, PROG ": which command? see --help\n");
		return EXIT_USAGE;
	}
	if (strcmp(cmd, "hash-pin") == 0) {
		rc = cmd_hash_pin(&err);
		goto done;
	}

	if (t.queue_path) {
		snprintf(t.path, sizeof t.path, "%s", t.queue_path);
	} else {
		rc = load_config(&t, cli.config_path, &err);
		if (rc)
			goto done;
	}
	if (t.public_key_b64) {
		rc = fb_key_parse_public(t.public_key_b64, t.pk, &err);
		if (rc)
			goto done;
		t.have_pk = true;
	}

	if (strcmp(cmd, "stats") == 0 && n_args == 0) {
		rc = cmd_stats(&t, &err);
	} else if (strcmp(cmd, "quarantine") == 0 && n_args == 0) {
		rc = cmd_quarantine(&t, &err);
	} else if (strcmp(cmd, "list") == 0 && n_args == 0) {
		rc = cmd_list(&t, &err);
	} else if (strcmp(cmd, "generate") == 0 && n_args == 1) {
		char *end = NULL;
		long n = strtol(args[0], &end, 10);
		if (!end || *end) {
			fprintf(stderr, PROG ": generate wants a number, not '%s'\n", args[0]);
			return EXIT_USAGE;
		}
		rc = cmd_generate(&t, n, &err);
	} else if (strcmp(cmd, "export") == 0 && n_args == 1) {
		rc = cmd_export(&t, args[0], &err);
	} else if (strcmp(cmd, "import-receipt") == 0 && n_args == 1) {
		rc = cmd_import_receipt(&t, args[0], &err);
	} else if (strcmp(cmd, "import-config") == 0 && n_args == 1) {
		rc = cmd_import_config(&t, args[0], &err);
	} else {
		fprintf(stderr, PROG ": unknown command or wrong arguments: '%s'; see --help\n", cmd);
		return EXIT_USAGE;
	}
done:
	if (rc) {
		fprintf(stderr, PROG ": %s\n", err.msg);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
