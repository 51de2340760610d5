/* seal_keys: which Trust key each device seals private answers to, and when
 * an old key can be retired; `feedback-collector device keys` and the fleet
 * page both say it from here, in the same words.
 * Owns: the public halves of [ingest] secret_key_file (line 1 the current
 * key, later lines the old ones keygen --rotate kept), each device's key as
 * the store keeps it (device_seal_keys: the key its latest sealed record
 * opened with), the per-key device counts and the retirement verdicts.
 * Promises: no secret leaves coll_seal_keys_load: the secret keys are read
 * into its stack, turned into public keys and wiped (sodium_memzero) before
 * it returns, so nothing here holds one; what is shown of a key is its public
 * half, as base64, and on pages only its first COLL_SEAL_FP_LEN characters.
 * On disk: reads the key file, once, in coll_seal_keys_load (the collector
 * does it at start, never per page); the rest reads the store and writes
 * nothing. */
#ifndef COLL_SEAL_KEYS_H
#define COLL_SEAL_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "seal.h"
#include "store/store.h"

#define COLL_SEAL_FP_LEN 8            /* base64 characters of a public key shown */
#define COLL_SEAL_NAMES_SHOWN 5       /* devices a verdict names, then "and N more" */
#define COLL_SEAL_MAP_MAX 100000      /* devices coll_seal_map_load reads at most */
#define COLL_SEAL_WORDS_MAX 64        /* coll_seal_class_words fits in this */
#define COLL_SEAL_VERDICT_MAX 2048    /* a verdict fits in this */

/* The Trust's public keys, pks[0] the current one, pks[i] line i+1 of the
 * secret key file. Public halves only: copy it, keep it, show it. */
typedef struct coll_seal_keys {
	char pks[FB_KEYS_MAX][FB_KEY_B64_LEN];
	size_t n;
} coll_seal_keys;

/* The public halves of every key in secret_key_file (fb_key_read_secrets'
 * checks: mode 0600, at most FB_KEYS_MAX keys). */
int coll_seal_keys_load(const char *secret_key_file, coll_seal_keys *out, fb_err *err);

typedef enum coll_seal_kind {
	COLL_SEAL_NOTHING = 0,   /* no sealed record from the device yet */
	COLL_SEAL_CURRENT,       /* line 1 */
	COLL_SEAL_OLD,           /* a later line */
	COLL_SEAL_UNKNOWN        /* a key this collector no longer holds */
} coll_seal_kind;

typedef struct coll_seal_class {
	coll_seal_kind kind;
	size_t line;                     /* the key's line in the file; 0 NOTHING, UNKNOWN */
	char fp[COLL_SEAL_FP_LEN + 1];   /* the public key's first characters; "" NOTHING */
} coll_seal_class;

/* Which of k's keys public_key (base64; NULL or "" = nothing sealed) is. */
coll_seal_class coll_seal_classify(const coll_seal_keys *k, const char *public_key);
/* "current key", "old key 2 (ABCDEFGH…)", "unknown key (ABCDEFGH…)",
 * "nothing sealed yet": text, to be escaped where it is shown. */
void coll_seal_class_words(const coll_seal_class *c, char *out, size_t size);

/* How many devices seal to each key, as `device keys` counts them (every
 * device of device_seal_keys). on_line[i] is line i+1; on_line[n_keys] the
 * devices on a key no longer held. */
typedef struct coll_seal_tally {
	size_t n_keys;
	int64_t on_line[FB_KEYS_MAX + 1];
} coll_seal_tally;
void coll_seal_tally_init(coll_seal_tally *t, const coll_seal_keys *k);
void coll_seal_tally_add(coll_seal_tally *t, const coll_seal_class *c);
/* `device keys`' last line, without its newline: the old lines of
 * secret_key_file can go once queues have emptied, or keep them; "" when
 * the file holds one key. */
void coll_seal_tally_verdict(const coll_seal_tally *t, const char *secret_key_file, char *out,
			     size_t size);

/* `device keys`: a line per device of st's device_seal_keys (its key, the
 * date of its latest sealed record), then coll_seal_tally_verdict's line. */
int coll_seal_keys_report(const coll_seal_keys *k, coll_store *st, const char *secret_key_file,
			  FILE *out, fb_err *err);

/* Every device's key read from st in one go (a page's row callback cannot
 * query the store). Free with coll_seal_map_free (NULL is a no-op). More
 * than COLL_SEAL_MAP_MAX devices: FB_ERR_INVALID. */
typedef struct coll_seal_map coll_seal_map;
int coll_seal_map_load(const coll_seal_keys *k, coll_store *st, coll_seal_map **out, fb_err *err);
void coll_seal_map_free(coll_seal_map *m);
/* device_id's class (NOTHING when it has sealed nothing) and, when
 * latest_ms is not NULL, the time of its latest sealed record (0 none). */
coll_seal_class coll_seal_map_find(const coll_seal_map *m, const char *device_id,
				   int64_t *latest_ms);

/* Whether each old key can be retired, device by device. A key can go once
 * no device seals to it and no device that may still hold records sealed to
 * it has any waiting: records leave a tablet oldest first, so a device that
 * has sent a record sealed to a newer key holds none for this one; one that
 * has sealed nothing yet, to an older key or to a key no longer held may, as
 * long as its queue (its latest heartbeat's) is not empty or not reported.
 * Revoked devices can send nothing more and are not added. */
typedef struct coll_seal_device {
	const char *device_id;
	coll_seal_class cls;
	bool queue_known;        /* a heartbeat said how many records wait */
	int64_t queue_depth;
} coll_seal_device;

typedef struct coll_seal_named {
	char device_id[COLL_STORE_ID_MAX];
	bool queue_known;
	int64_t queue_depth;
} coll_seal_named;

typedef struct coll_seal_retire {
	size_t n_keys;
	char fp[FB_KEYS_MAX][COLL_SEAL_FP_LEN + 1];
	struct coll_seal_retire_key {
		int64_t sealing;   /* devices whose latest sealed record used it */
		int64_t waiting;   /* devices that may hold records for it, waiting */
		coll_seal_named sealers[COLL_SEAL_NAMES_SHOWN], waiters[COLL_SEAL_NAMES_SHOWN];
	} key[FB_KEYS_MAX];    /* [line - 1] */
} coll_seal_retire;
void coll_seal_retire_init(coll_seal_retire *r, const coll_seal_keys *k);
void coll_seal_retire_add(coll_seal_retire *r, const coll_seal_device *d);
/* Whether old key line (2..n_keys) can be retired now. */
bool coll_seal_retire_ok(const coll_seal_retire *r, size_t line);
/* For old key line: "Key line 2 (ABCDEFGH…) can be retired: no device seals
 * to it and ...", or "Key line 2 (ABCDEFGH…): keep it: 2 devices still seal
 * to it: X (nothing waiting to send), Y (...)", or keep it for now and which
 * devices may still hold records for it. Text, to be escaped where shown. */
void coll_seal_retire_verdict(const coll_seal_retire *r, size_t line, char *out, size_t size);

#endif
