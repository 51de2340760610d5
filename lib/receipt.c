/* receipt.c: a collector's receipt checked, then applied to the queue
 * (receipt.h). */
#include "receipt.h"

#include <stdio.h>
#include <string.h>

#include "record.h"
#include "utf8.h"

#define ACK_CHUNK 500   /* ids acked per transaction */

int fb_receipt_read(const char *text, size_t len, const char *file, const char *device_id,
		    fb_proto_answer **out, fb_err *err)
{
	fb_proto_answer *receipt = NULL;
	int rc;

	*out = NULL;
	rc = fb_proto_receipt_read(text, len, file, &receipt, err);
	if (rc)
		goto out;
	const char *dev = fb_proto_answer_device_id(receipt);
	if (device_id && device_id[0] && (!dev || strcmp(dev, device_id) != 0)) {
		rc = fb_err_set(err, FB_ERR_INVALID,
				"receipt '%s' is for device '%s', this is '%s'; bring this device's own receipt",
				file, dev ? dev : "(none)", device_id);
		goto out;
	}
	if (!fb_proto_answer_has_results(receipt)) {
		rc = fb_err_set(err, FB_ERR_INVALID, "receipt '%s' has no results list", file);
		goto out;
	}
	*out = receipt;
	receipt = NULL;
out:
	fb_proto_answer_free(receipt);
	return rc;
}

int fb_receipt_apply(fb_queue *q, const fb_proto_answer *receipt, int64_t now_ms,
		     fb_receipt_counts *counts, fb_err *err)
{
	const char *ack[ACK_CHUNK];
	size_t n_ack = 0;
	int rc = 0;

	memset(counts, 0, sizeof *counts);
	for (size_t i = 0; i < fb_proto_answer_count(receipt); i++) {
		fb_proto_result r;
		fb_proto_fate fate;

		fb_proto_answer_result(receipt, i, &r);
		fate = fb_proto_outcome_fate(r.outcome);
		if (!r.id || !fb_uuid7_valid(r.id) || fate == FB_FATE_UNSENT) {
			counts->skipped++;
			continue;
		}
		if (fate == FB_FATE_ACK) {
			ack[n_ack++] = r.id;
			counts->acked++;
			if (n_ack == ACK_CHUNK) {
				rc = fb_queue_ack(q, ack, n_ack, now_ms, err);
				n_ack = 0;
				if (rc)
					goto out;
			}
			continue;
		}
		char why[FB_QUEUE_REASON_MAX + 1];
		snprintf(why, sizeof why, "%s: %s", fb_proto_outcome_name(r.outcome),
			 r.reason ? r.reason : "no reason given");
		why[fb_utf8_cut(why, strlen(why), sizeof why - 1)] = '\0';
		rc = fb_queue_quarantine(q, r.id, why, now_ms, err);
		if (rc)
			goto out;
		counts->quarantined++;
	}
	if (n_ack > 0)
		rc = fb_queue_ack(q, ack, n_ack, now_ms, err);
out:
	return rc;
}
