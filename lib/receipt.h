/* receipt: applying a collector's fb-receipt/1 (the answer to a USB bundle,
 * docs/protocol.md) to the device's queue, for feedback-queue import-receipt.
 * Owns: the checks on a receipt before the queue is touched (its marker, its
 * device, its results list) and what each result does to the queue.
 * Promises: works on text in memory (the tool reads the file, gunzipping it
 * when it is gzip); a receipt for another device, or without results, is
 * refused whole; a record is acknowledged or quarantined only on the
 * collector's word for its id, and an entry without a UUIDv7 id or with an
 * outcome this version does not know is skipped and counted, never guessed. */
#ifndef FB_RECEIPT_H
#define FB_RECEIPT_H

#include <stddef.h>
#include <stdint.h>

#include "fb_err.h"
#include "protocol.h"
#include "queue.h"

/* Reads and checks text (len bytes; file names it in messages): refused
 * (FB_ERR_INVALID, *out NULL) when it is not an fb-receipt/1, has no results
 * list, or, when device_id is set and not "", is for another device. */
int fb_receipt_read(const char *text, size_t len, const char *file, const char *device_id,
		    fb_proto_answer **out, fb_err *err);

typedef struct fb_receipt_counts {
	long acked;         /* stored or duplicate: done with */
	long quarantined;   /* conflict or rejected: kept with the reason */
	long skipped;       /* no id, not a UUIDv7, or an unknown outcome */
} fb_receipt_counts;

/* Applies every result of receipt to q at now_ms, acknowledging in chunks.
 * counts (zeroed first) add up to the results' count when it returns 0. A
 * queue failure part-way keeps what was applied before it; applying the
 * same receipt again is safe. */
int fb_receipt_apply(fb_queue *q, const fb_proto_answer *receipt, int64_t now_ms,
		     fb_receipt_counts *counts, fb_err *err);

#endif
