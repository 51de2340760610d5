/* protocol: fb-sync/1, and the offline bundle fb-bundle/1 with its receipt
 * fb-receipt/1 (docs/protocol.md), both sides, in one place.
 * Owns: the marker strings and every JSON key of the protocol's envelopes:
 * the batch request (written on the device, read at the collector), the
 * reply and its per-record outcomes (written at the collector, read on the
 * device), the heartbeat, the bundle and its receipt; and the age_ms rule
 * (which records carry it, and how the collector corrects a wrong clock
 * with it). The record inside a batch is lib/record.h's.
 * Promises: no I/O and no clock of its own (times are passed in); what it
 * writes is compact JSON that this module reads back unchanged; what it
 * reads is checked, and a refusal says what was wrong in words a person can
 * act on. Nothing outside lib/ spells a key of the protocol. */
#ifndef FB_PROTOCOL_H
#define FB_PROTOCOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "fb_err.h"
#include "queue.h"
#include "record.h"
#include "signup.h"

#define FB_PROTOCOL "fb-sync/1"
#define FB_PROTOCOL_HEADER "X-Feedback-Protocol"   /* its value: FB_PROTOCOL */
#define FB_BUNDLE_PROTOCOL "fb-bundle/1"
#define FB_RECEIPT_PROTOCOL "fb-receipt/1"
/* A device clock further off than this from the collector's is corrected
 * with age_ms (docs/protocol.md, Clocks). */
#define FB_PROTO_CLOCK_SKEW_MS (5 * 60 * 1000)

/* ---- per-record outcomes ------------------------------------------------ */

/* One record's result in a reply or receipt. The first three are in the
 * order of the collector's store outcomes. */
typedef enum fb_proto_outcome {
	FB_OUTCOME_STORED = 0,
	FB_OUTCOME_DUPLICATE,
	FB_OUTCOME_CONFLICT,
	FB_OUTCOME_REJECTED,
	FB_OUTCOME_UNKNOWN,      /* absent, or a word this version does not know */
} fb_proto_outcome;

const char *fb_proto_outcome_name(fb_proto_outcome o);   /* "stored", ... */
fb_proto_outcome fb_proto_outcome_parse(const char *s);  /* NULL: UNKNOWN */

/* What the device does with a record given an outcome. */
typedef enum fb_proto_fate {
	FB_FATE_UNSENT = 0,      /* unknown outcome: leave it, it goes again */
	FB_FATE_ACK,             /* stored, duplicate: it arrived */
	FB_FATE_QUARANTINE,      /* conflict, rejected: park it with the reason */
} fb_proto_fate;

fb_proto_fate fb_proto_outcome_fate(fb_proto_outcome o);

/* ---- age_ms and the clock ----------------------------------------------- */

/* Device side: whether rec carries age_ms when sent now, and how much. It
 * does only when it was put in this boot (boot_id, the kernel's boot id now)
 * and the boot clock has not gone back; age = mono_now_ms - put time. */
bool fb_proto_age_ms(const fb_queued *rec, const char *boot_id, int64_t mono_now_ms,
		     int64_t *age_ms);

/* Collector side: whether the device's clock (device_time_ms, when the
 * request had one) is more than FB_PROTO_CLOCK_SKEW_MS from server_time_ms. */
bool fb_proto_clock_off(bool has_device_time, int64_t device_time_ms, int64_t server_time_ms);

/* Collector side, for a push (has_device_time: a request, not a USB bundle,
 * whose age_ms was measured at export, not at receipt): whether rec's own
 * submitted_at_ms is more than FB_PROTO_CLOCK_SKEW_MS from received_ms -
 * age_ms, when its boot clock says it was stored. True for a record stored
 * while the device's clock was wrong and sent once it was right again (a
 * clock that jumped and came back, or NTP that set it after a power cut). */
bool fb_proto_record_clock_off(bool has_device_time, const fb_record_in *rec,
			       int64_t received_ms);

/* Collector side: the corrected submission time, received_ms - age_ms, in
 * *out; returns whether it is to be kept (clock_off and the record carried
 * age_ms). clock_off: fb_proto_clock_off for the request, or
 * fb_proto_record_clock_off for the record. */
bool fb_proto_corrected_ms(bool clock_off, const fb_record_in *rec, int64_t received_ms,
			   int64_t *out);

/* ---- device: writing a batch request or a bundle ------------------------ */

/* Writes the envelope, then one record at a time, then the closing. The
 * batch is spliced as text: each record's body is the canonical JSON fixed
 * at put, with age_ms put in front of its first key, so a resend differs
 * from the first send only in age_ms and device_time_ms. A bundle's records
 * are re-serialised with age_ms in its sorted place. */
typedef struct fb_proto_writer {
	fb_buf *out;             /* borrowed; a bundle may be drained between adds */
	size_t n;                /* records written */
	bool bundle;
	char boot_id[40];        /* this boot, for age_ms */
	int64_t mono_now_ms;
} fb_proto_writer;

/* What a batch adds to its records' stored bodies, at most: the envelope
 * (protocol, device_id, device_time_ms, brackets), and per record age_ms
 * and the comma. A sender keeps its limit on the whole body with these. */
#define FB_PROTO_ENVELOPE_BYTES 512
#define FB_PROTO_PER_RECORD_BYTES 40

/* POST /v1/responses. device_id must be valid UTF-8 (FB_ERR_INVALID). */
int fb_proto_batch_open(fb_proto_writer *w, fb_buf *out, const char *device_id,
			int64_t device_time_ms, const char *boot_id, int64_t mono_now_ms,
			fb_err *err);
/* A gzip'd file for a USB stick. device_id as above. */
int fb_proto_bundle_open(fb_proto_writer *w, fb_buf *out, const char *device_id,
			 int64_t exported_at_ms, const char *boot_id, int64_t mono_now_ms,
			 fb_err *err);
/* Appends rec. 0 when written; FB_ERR_CORRUPT, nothing written, when its
 * stored body is not fit to go (a batch takes only a non-empty JSON object
 * without age_ms, a bundle any JSON); FB_ERR_NOMEM when out has failed. */
int fb_proto_writer_add(fb_proto_writer *w, const fb_queued *rec);
/* Closes the records list and the envelope. FB_ERR_NOMEM when out has
 * failed at any point (over its cap or out of memory), else 0. */
int fb_proto_writer_close(fb_proto_writer *w);

/* The heartbeat as the device sends it (POST /v1/heartbeat). */
typedef struct fb_proto_heartbeat {
	const char *device_id;
	const char *version;        /* the device's software; NULL when not sent */
	int64_t device_time_ms;
	int64_t queue_depth;
	int64_t oldest_unsent_age_s;
	int64_t quarantined;
	int64_t last_ack_ms;
	const char *last_error;     /* NULL when not sent; "" when none */
	int64_t disk_free_bytes;
} fb_proto_heartbeat;

/* The body (malloc'd: free(3) it), or NULL when a string is not valid UTF-8
 * or memory ran out. */
char *fb_proto_heartbeat_write(const fb_proto_heartbeat *hb);

/* ---- device: reading a reply or a receipt ------------------------------- */

typedef struct fb_proto_answer fb_proto_answer;

/* A collector's reply, or NULL when it is not the protocol's answer: it
 * counts only when the marker header came (marker_header) and the body is a
 * JSON object whose protocol is FB_PROTOCOL. A Wi-Fi login page is NULL. */
fb_proto_answer *fb_proto_reply_read(bool marker_header, const char *body, size_t len);
/* A receipt file's text (file names it in messages). */
int fb_proto_receipt_read(const char *text, size_t len, const char *file,
			  fb_proto_answer **out, fb_err *err);
void fb_proto_answer_free(fb_proto_answer *a);    /* NULL is a no-op */

/* The collector's words for a refusal ("error"), NULL when none. */
const char *fb_proto_answer_error(const fb_proto_answer *a);
/* The receipt's device id, NULL when none. */
const char *fb_proto_answer_device_id(const fb_proto_answer *a);
/* Whether it has a results list at all, and how long it is. */
bool fb_proto_answer_has_results(const fb_proto_answer *a);
size_t fb_proto_answer_count(const fb_proto_answer *a);

/* One entry of the results list. Strings point into the answer. */
typedef struct fb_proto_result {
	const char *id;             /* NULL when the collector gave an index */
	int64_t index;              /* position among the records sent; -1 when none */
	fb_proto_outcome outcome;
	const char *reason;         /* NULL when none */
} fb_proto_result;

void fb_proto_answer_result(const fb_proto_answer *a, size_t i, fb_proto_result *r);

/* ---- collector: reading a request and answering it ---------------------- */

typedef struct fb_proto_in fb_proto_in;

/* A batch request (fb-sync/1) or a bundle (fb-bundle/1), checked: on
 * failure *out is NULL and err says what is wrong with the body (a 400 for
 * a batch, an import refused for a bundle). The reply keeps one result per
 * record, in order, naming it by id when it has a readable one, else by its
 * index. */
int fb_proto_batch_read(const char *body, size_t len, fb_proto_in **out, fb_err *err);
/* A heartbeat; the strings in *hb point into *out. */
int fb_proto_heartbeat_read(const char *body, size_t len, fb_proto_in **out,
			    fb_proto_heartbeat *hb, fb_err *err);
void fb_proto_in_free(fb_proto_in *in);           /* NULL is a no-op */

const char *fb_proto_in_device_id(const fb_proto_in *in);
/* Whether the request carried the device's clock, and its reading. */
bool fb_proto_in_device_time(const fb_proto_in *in, int64_t *device_time_ms);
size_t fb_proto_in_count(const fb_proto_in *in);
/* Reads record i (fb_record_from_json); rec borrows from in. */
int fb_proto_in_record(fb_proto_in *in, size_t i, fb_record_in *rec, fb_err *err);
/* Whether record i is a volunteer sign-up (kind "volunteer"); then read it
 * with fb_proto_in_signup (fb_signup_from_json; rec borrows from in). */
bool fb_proto_in_is_signup(const fb_proto_in *in, size_t i);
int fb_proto_in_signup(fb_proto_in *in, size_t i, fb_signup_in *rec, fb_err *err);
/* Sets record i's outcome, with reason (may be NULL). */
void fb_proto_in_answer(fb_proto_in *in, size_t i, fb_proto_outcome o, const char *reason);

/* Bodies the collector sends (malloc'd; NULL when out of memory). */
char *fb_proto_in_reply(fb_proto_in *in, int64_t server_time_ms);   /* 200 to a batch */
char *fb_proto_heartbeat_reply(int64_t server_time_ms);                   /* 200 to a heartbeat */
char *fb_proto_error_body(const char *msg);       /* any other answer to /v1/ */

/* ---- POST /v1/enrol: a tablet enrolled with a one-time code ------------- */

/* Device: the request body (malloc'd), NULL when a string is not UTF-8. */
char *fb_proto_enrol_write(const char *device_id, const char *code);
/* Collector: the request's device_id and code (FB_ERR_INVALID, saying
 * what is wrong, for a 400). */
int fb_proto_enrol_read(const char *body, size_t len, char *device_id, size_t id_size,
			char *code, size_t code_size, fb_err *err);
/* Collector: the 201 answer, with the token (once) and the locations the
 * device now speaks for (codes and names [0..n)). */
char *fb_proto_enrol_reply(const char *device_id, const char *token, const char *const *codes,
			   const char *const *names, size_t n);
/* Device: the token and the locations' names ("Oak Ward, Elm Ward") of a
 * good answer; else FB_ERR_INVALID with the collector's words ("error") or
 * what is wrong with the answer. */
int fb_proto_enrol_answer(bool marker_header, const char *body, size_t len, char *token,
			  size_t token_size, char *names, size_t names_size, fb_err *err);

/* ---- collector: reading a bundle a chunk at a time ---------------------- */

/* A bundle's records are read a chunk at a time, so an import's memory is
 * the bundle's text and one chunk, whatever the count. */
#define FB_BUNDLE_RECORDS_MAX 100000   /* years of a tablet's answers */

typedef struct fb_proto_bundle fb_proto_bundle;

/* Checks the bundle body (already gunzipped; borrowed, it must outlive *out)
 * whole before anything is stored: its envelope (fb-bundle/1, device_id a
 * string, records an array) and that every record is JSON, holding one
 * record at a time. Refused (FB_ERR_INVALID, *out NULL) past
 * FB_BUNDLE_RECORDS_MAX records, naming the cap. */
int fb_proto_bundle_scan(const char *body, size_t len, fb_proto_bundle **out, fb_err *err);
void fb_proto_bundle_free(fb_proto_bundle *b);   /* NULL is a no-op */
const char *fb_proto_bundle_device_id(const fb_proto_bundle *b);
size_t fb_proto_bundle_count(const fb_proto_bundle *b);
/* The next chunk of at most max records, in order, as a request to answer
 * (fb_proto_in_count/_record/_answer; free it); *out is NULL after the last. */
int fb_proto_bundle_next(fb_proto_bundle *b, size_t max, fb_proto_in **out, fb_err *err);
/* Adds chunk's answers to the receipt (a record without a readable id is
 * named by its index in the whole bundle). */
int fb_proto_bundle_answered(fb_proto_bundle *b, fb_proto_in *chunk, fb_err *err);
/* The fb-receipt/1 text of every chunk answered (malloc'd), NULL when out
 * of memory. */
char *fb_proto_bundle_receipt(fb_proto_bundle *b);

#endif
