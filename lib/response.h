/* response: one person's completed (or partial) survey, as the kiosk hands it
 * to the queue and as the sync protocol carries it.
 * Owns: the record's fields and their caps. Ratings and choices stay in the
 * clear (for counting); free text and contact details live only in
 * private_json until lib/queue seals them with the Trust's public key. */
#ifndef FB_RESPONSE_H
#define FB_RESPONSE_H

#include <stdint.h>

#define FB_ID_LEN 37            /* UUIDv7 text, 36 chars + NUL */
#define FB_SURVEY_ID_MAX 64
#define FB_LOCATION_MAX 32
#define FB_LANGUAGE_MAX 16
#define FB_ANSWERS_MAX (64 * 1024)   /* cap on answers_json and private_json */

typedef enum fb_mode {
	FB_MODE_KIOSK = 0,      /* the patient alone */
	FB_MODE_ASSISTED = 1,   /* staff helped (set from the staff screen) */
} fb_mode;

enum fb_flag {
	FB_FLAG_PARTIAL = 1u << 0,      /* idle timeout, kept as configured */
	FB_FLAG_RAPID_REPEAT = 1u << 1, /* submitted very soon after the last one */
	FB_FLAG_SYNTHETIC = 1u << 2,    /* generated test data: never counted */
};

/* FFT national codes. 0 means the rating was not answered (partial). */
enum fb_fft {
	FB_FFT_NONE = 0,
	FB_FFT_VERY_GOOD = 1,
	FB_FFT_GOOD = 2,
	FB_FFT_NEITHER = 3,
	FB_FFT_POOR = 4,
	FB_FFT_VERY_POOR = 5,
	FB_FFT_DONT_KNOW = 6,
};

typedef struct fb_response {
	char id[FB_ID_LEN];           /* filled by fb_queue_put (UUIDv7) */
	char survey_id[FB_SURVEY_ID_MAX];
	int survey_version;
	char location[FB_LOCATION_MAX];
	char language[FB_LANGUAGE_MAX];
	fb_mode mode;
	int64_t started_at_ms;        /* UTC, Unix epoch milliseconds */
	int64_t submitted_at_ms;      /* UTC; filled by fb_queue_put when 0 */
	int64_t duration_ms;          /* time taken, from a monotonic clock */
	unsigned flags;               /* enum fb_flag */
	int fft;                      /* enum fb_fft */
	/* Clear answers as a JSON object {"question_id": value, ...}: numbers
	 * for scales, strings for single choice, arrays for multiple choice.
	 * Borrowed (the caller keeps ownership); NULL means {}. */
	const char *answers_json;
	/* Free text and contact details as a JSON object; sealed by
	 * fb_queue_put and never written in the clear. Borrowed; NULL = none. */
	const char *private_json;
} fb_response;

const char *fb_mode_name(fb_mode mode);          /* "kiosk", "assisted" */
int fb_mode_parse(const char *name, fb_mode *out); /* 0 on success */

#endif
