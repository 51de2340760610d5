/* enrol.c: one-time enrolment codes and device tokens (enrol.h). */
#include "enrol.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "record.h"
#include "seal.h"

void coll_enrol_code_make(char out[COLL_ENROL_CODE_TEXT])
{
	static const char alphabet[] = COLL_ENROL_ALPHABET;
	size_t j = 0;
	for (int i = 0; i < COLL_ENROL_CODE_LEN; i++) {
		if (i == COLL_ENROL_CODE_LEN / 2)
			out[j++] = '-';
		out[j++] = alphabet[randombytes_uniform((uint32_t)(sizeof alphabet - 1))];
	}
	out[j] = '\0';
}

int coll_enrol_code_normalise(const char *typed, char out[COLL_ENROL_CODE_LEN + 1])
{
	size_t n = 0;
	out[0] = '\0';
	for (const char *p = typed ? typed : ""; *p; p++) {
		if (*p == ' ' || *p == '-')
			continue;
		char ch = (char)toupper((unsigned char)*p);
		if (n >= COLL_ENROL_CODE_LEN || ch == '\0' || !strchr(COLL_ENROL_ALPHABET, ch)) {
			out[0] = '\0';
			return -1;
		}
		out[n++] = ch;
	}
	out[n] = '\0';
	if (n != COLL_ENROL_CODE_LEN) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}

void coll_enrol_code_hash(const char *device_id, const char *code,
			  unsigned char out[COLL_STORE_HASH_LEN])
{
	crypto_generichash_state st;
	static const char domain[] = "feedback-collector enrolment code";
	crypto_generichash_init(&st, NULL, 0, COLL_STORE_HASH_LEN);
	crypto_generichash_update(&st, (const unsigned char *)domain, sizeof domain);
	crypto_generichash_update(&st, (const unsigned char *)device_id, strlen(device_id) + 1);
	crypto_generichash_update(&st, (const unsigned char *)code, strlen(code));
	crypto_generichash_final(&st, out, COLL_STORE_HASH_LEN);
}

int coll_enrol_token_make(char token[COLL_ENROL_TOKEN_TEXT], unsigned char hash[COLL_STORE_HASH_LEN],
			  fb_err *err)
{
	unsigned char raw[32];
	int rc = fb_sodium_init(err);
	if (rc)
		return rc;
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(token, COLL_ENROL_TOKEN_TEXT, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	crypto_generichash(hash, COLL_STORE_HASH_LEN, (const unsigned char *)token, strlen(token),
			   NULL, 0);
	return 0;
}

int coll_enrol_issue(coll_store *s, const coll_actor *a, const char *device_id,
		     const char *const *codes, size_t n, int64_t valid_s,
		     char code[COLL_ENROL_CODE_TEXT], int64_t *expires_ms, fb_err *err)
{
	char norm[COLL_ENROL_CODE_LEN + 1];
	unsigned char hash[COLL_STORE_HASH_LEN];
	char detail[COLL_STORE_DEVICE_LOCATIONS_MAX * COLL_STORE_ID_MAX + 64];
	size_t used;
	int rc = fb_sodium_init(err);
	code[0] = '\0';
	if (rc)
		return rc;
	if (!device_id || !fb_id_valid(device_id, COLL_STORE_ID_MAX))
		return fb_err_set(err, FB_ERR_INVALID, "a device id takes letters, digits, '-', '_' and"
				  " '.' only (1 to %d): the id in the tablet's [device] id",
				  COLL_STORE_ID_MAX - 1);
	if (n == 0)
		return fb_err_set(err, FB_ERR_INVALID, "pick at least one location the tablet may"
				  " speak for");
	if (valid_s == 0)
		valid_s = COLL_ENROL_VALID_S;
	if (valid_s < 1 || valid_s > COLL_ENROL_VALID_S)
		return fb_err_set(err, FB_ERR_INVALID, "a code is valid for 1 to %d seconds",
				  COLL_ENROL_VALID_S);
	coll_enrol_code_make(code);
	coll_enrol_code_normalise(code, norm);
	coll_enrol_code_hash(device_id, norm, hash);
	sodium_memzero(norm, sizeof norm);
	*expires_ms = a->now_ms + valid_s * 1000;
	rc = coll_store_enrol_code_add(s, hash, device_id, codes, n, a->name, a->now_ms, *expires_ms,
				       err);
	if (rc) {
		sodium_memzero(code, COLL_ENROL_CODE_TEXT);
		return rc;
	}
	used = (size_t)snprintf(detail, sizeof detail, "one-time code made, valid %lld minute%s, for ",
				(long long)((valid_s + 59) / 60), valid_s > 60 ? "s" : "");
	for (size_t i = 0; i < n && used < sizeof detail; i++)
		used += (size_t)snprintf(detail + used, sizeof detail - used, "%s%s", i ? "," : "",
					 codes[i]);
	coll_audit_add(s, a->now_ms, a->name, a->addr, "device-code", device_id, detail, err);
	return 0;
}

int coll_enrol_redeem(coll_store *s, const coll_actor *a, const char *typed, const char *device_id,
		      char token[COLL_ENROL_TOKEN_TEXT], coll_store_device *dev, fb_err *err)
{
	char norm[COLL_ENROL_CODE_LEN + 1];
	unsigned char hash[COLL_STORE_HASH_LEN], token_hash[COLL_STORE_HASH_LEN];
	char detail[COLL_STORE_DEVICE_LOCATIONS_MAX * COLL_STORE_ID_MAX + 64];
	size_t used;
	token[0] = '\0';
	memset(dev, 0, sizeof *dev);
	if (!device_id || !fb_id_valid(device_id, COLL_STORE_ID_MAX))
		return fb_err_set(err, FB_ERR_INVALID, "device_id takes letters, digits, '-', '_' and"
				  " '.' only (1 to %d)", COLL_STORE_ID_MAX - 1);
	if (coll_enrol_code_normalise(typed, norm) != 0)
		return fb_err_set(err, FB_ERR_NOTFOUND, "%s", COLL_ENROL_REFUSED);
	int rc = coll_enrol_token_make(token, token_hash, err);
	if (rc)
		return rc;
	coll_enrol_code_hash(device_id, norm, hash);
	sodium_memzero(norm, sizeof norm);
	rc = coll_store_enrol_code_redeem(s, hash, device_id, a->now_ms, token_hash, dev, err);
	if (rc == FB_ERR_NOTFOUND)
		fb_err_set(err, FB_ERR_NOTFOUND, "%s", COLL_ENROL_REFUSED);
	if (rc) {
		sodium_memzero(token, COLL_ENROL_TOKEN_TEXT);
		return rc;
	}
	used = (size_t)snprintf(detail, sizeof detail, "enrolled with its one-time code, for ");
	for (size_t i = 0; i < dev->n_locations && used < sizeof detail; i++)
		used += (size_t)snprintf(detail + used, sizeof detail - used, "%s%s", i ? "," : "",
					 dev->locations[i]);
	coll_audit_add(s, a->now_ms, a->name, a->addr, "device-enrol", device_id, detail, err);
	return 0;
}
