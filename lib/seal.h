/* seal: the Trust's keypair and sealed boxes (libsodium crypto_box_seal).
 * Owns: sealing a device's private answers with the Trust's public key so only
 * the collector (holding the secret key) can read them; reading and writing
 * keys. Promises: a secret key is read only from a file of mode 0600 or
 * stricter and is written 0600; keys and plaintext never appear in a message.
 * sodium_init is called once, safely, from whichever function runs first.
 * On disk: public key = one line of standard base64 (44 chars, 32 bytes);
 * secret key file = one line of standard base64 (32 bytes) per key, the
 * current key first, then older ones still needed to open what devices
 * sealed before a rotation (fb_keypair_rotate), newest first. */
#ifndef FB_SEAL_H
#define FB_SEAL_H

#include <stddef.h>

#include "fb_err.h"

#define FB_KEY_BYTES 32          /* crypto_box_PUBLICKEYBYTES / SECRETKEYBYTES */
#define FB_KEY_B64_LEN 45        /* base64 of 32 bytes + NUL */
#define FB_SEAL_MAX_PLAIN (64 * 1024) /* cap on what fb_seal accepts */
#define FB_KEYS_MAX 8            /* secret keys one file holds (current + older) */

/* Initialises libsodium once (thread-safe, idempotent). 0 or FB_ERR_CRYPTO. */
int fb_sodium_init(fb_err *err);

/* Seals len bytes of plain for pk. *b64 (standard base64, NUL-terminated) is
 * malloc'd: free(3) it. len must be at most FB_SEAL_MAX_PLAIN. */
int fb_seal(const unsigned char pk[FB_KEY_BYTES], const char *plain, size_t len,
	    char **b64, fb_err *err);

/* Opens a sealed box made by fb_seal. *plain is malloc'd, NUL-terminated
 * (*len excludes the NUL): free(3) it (sodium_memzero first if you care).
 * A box not made for this keypair, or damaged: FB_ERR_CRYPTO. */
int fb_seal_open(const unsigned char pk[FB_KEY_BYTES],
		 const unsigned char sk[FB_KEY_BYTES], const char *b64,
		 char **plain, size_t *len, fb_err *err);

/* A fresh keypair in memory. */
int fb_keypair_generate(unsigned char pk[FB_KEY_BYTES],
			unsigned char sk[FB_KEY_BYTES], fb_err *err);

/* The public key from config text (standard base64 of 32 bytes; surrounding
 * whitespace ignored). FB_ERR_INVALID when it is not. */
int fb_key_parse_public(const char *b64, unsigned char pk[FB_KEY_BYTES],
			fb_err *err);
/* pk as base64 into out (at least FB_KEY_B64_LEN bytes). */
void fb_key_format_public(const unsigned char pk[FB_KEY_BYTES], char *out,
			  size_t out_size);

/* The secret key from path. Refuses (FB_ERR_INVALID, saying so and how to
 * fix it) a file readable or writable by group or others. */
int fb_key_read_secret(const char *path, unsigned char sk[FB_KEY_BYTES],
		       fb_err *err);
/* Every secret key of path (at most max, FB_ERR_INVALID when more), the
 * current first; *n how many. Same checks as fb_key_read_secret. */
int fb_key_read_secrets(const char *path, unsigned char (*sks)[FB_KEY_BYTES], size_t max,
			size_t *n, fb_err *err);
/* The public key from a file written by fb_keypair_write (any mode). */
int fb_key_read_public(const char *path, unsigned char pk[FB_KEY_BYTES],
		       fb_err *err);

/* Generates a keypair and writes it: secret_path created new with mode 0600
 * (refuses to overwrite an existing file), public_path 0644. When
 * public_b64_out is not NULL the public key's base64 goes there too
 * (out_size at least FB_KEY_B64_LEN). */
int fb_keypair_write(const char *public_path, const char *secret_path,
		     char *public_b64_out, size_t out_size, fb_err *err);
/* A new keypair in place of the current one: secret_path (which must exist)
 * is replaced, atomically and 0600, by the new secret key followed by every
 * key it held (so what devices sealed to them still opens); public_path gets
 * the new public key. FB_ERR_INVALID when secret_path already holds
 * FB_KEYS_MAX keys (retire the oldest first: delete its last line). */
int fb_keypair_rotate(const char *public_path, const char *secret_path,
		      char *public_b64_out, size_t out_size, fb_err *err);

#endif
