/* What the kiosk's unit tests (test_flow, test_view, test_input,
 * test_layout, test_staff) build their fixtures from: pieces of a survey in
 * English and Polish, a fake text measure in place of the fonts, a submit
 * that stores nothing, and a staff PIN hashed as cheaply as libsodium
 * allows. Header-only (static inline): each test binary is one .c file;
 * include it after <cmocka.h>. */
#ifndef FB_TESTS_KIOSK_FIXTURE_H
#define FB_TESTS_KIOSK_FIXTURE_H

#include <stdbool.h>
#include <string.h>

#include <sodium.h>

#include "response.h"

/* A survey's "languages", English then Polish. */
#define KIOSK_FIXTURE_LANGUAGES_EN_PL \
" \"languages\": [{\"code\": \"en\", \"name\": \"English\"},\n" \
"                {\"code\": \"pl\", \"name\": \"Polski\"}],\n"

/* The Friends and Family Test question, id "rating", with its six answers;
 * followed by another question. */
#define KIOSK_FIXTURE_QUESTION_RATING \
"  {\"id\": \"rating\", \"kind\": \"fft\",\n" \
"   \"title\": {\"en\": \"Overall, how was your experience of our service?\", \"pl\": \"Ogólnie?\"},\n" \
"   \"labels\": [{\"en\": \"Very good\", \"pl\": \"Bardzo dobrze\"},\n" \
"              {\"en\": \"Good\", \"pl\": \"Dobrze\"},\n" \
"              {\"en\": \"Neither good nor poor\", \"pl\": \"Ani dobrze, ani źle\"},\n" \
"              {\"en\": \"Poor\", \"pl\": \"Źle\"},\n" \
"              {\"en\": \"Very poor\", \"pl\": \"Bardzo źle\"},\n" \
"              {\"en\": \"Don't know\", \"pl\": \"Nie wiem\"}]},\n"

/* A required single choice, id "visit": "first" (Yes) or "again" (No);
 * followed by another question. */
#define KIOSK_FIXTURE_QUESTION_VISIT \
"  {\"id\": \"visit\", \"kind\": \"single\",\n" \
"   \"title\": {\"en\": \"First visit?\", \"pl\": \"Pierwsza wizyta?\"},\n" \
"   \"options\": [{\"value\": \"first\", \"label\": {\"en\": \"Yes\", \"pl\": \"Tak\"}},\n" \
"               {\"value\": \"again\", \"label\": {\"en\": \"No\", \"pl\": \"Nie\"}}]},\n"

/* Roughly Noto Sans: 0.55 em a character, 0.6 in bold, counting UTF-8
 * characters, not bytes. A kiosk_measure_fn. */
static inline int kiosk_fixture_measure(void *ctx, const char *s, int px, bool bold, bool rtl)
{
	int n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return (int)((double)n * px * (bold ? 0.60 : 0.55) + 0.5);
}

/* A submit that accepts every response and keeps none: for tests about
 * what the screens show, not what is stored. */
static inline int kiosk_fixture_submit_nothing(void *ctx, fb_response *r, fb_err *err)
{
	return 0;
}

/* Writes into hash (crypto_pwhash_STRBYTES) the hash of a staff PIN, the
 * staff_pin_hash of the config, at libsodium's cheapest settings: the tests
 * are about the screens, not the hash. Returns 0, or -1 if it could not. */
static inline int kiosk_fixture_pin_hash(char *hash, const char *pin)
{
	return crypto_pwhash_str(hash, pin, strlen(pin), crypto_pwhash_OPSLIMIT_MIN,
				 crypto_pwhash_MEMLIMIT_MIN);
}

#endif
