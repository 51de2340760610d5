/* test_collector_seal_keys: which Trust key each device seals to, as
 * `device keys` and the fleet page both say it (collector/seal_keys.h): the
 * public halves of a real rotated key file, a device's key as current, old
 * (by its line), one no longer held, or nothing sealed yet; the command
 * line's verdict; and whether an old key can be retired, device by device,
 * with the devices that hold it up named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../collector/seal_keys.h"
#include "../../collector/store/store.h"
#include "seal.h"
#include "tmpdir.h"

#define NOW 1794744000000LL            /* 2026-11-15 12:00 UTC */
#define DAY (24LL * 3600 * 1000)

typedef struct kfx {
	char dir[64];
	char pub[128], sec[128];
	char first[FB_KEY_B64_LEN], second[FB_KEY_B64_LEN];   /* the keys as made, oldest first */
	coll_seal_keys k;                                       /* after the rotation */
} kfx;

/* A keypair, then keygen --rotate: the file holds the second key, then the first. */
static int setup(void **state)
{
	fb_err err;
	kfx *f = calloc(1, sizeof *f);
	assert_non_null(f);
	assert_true(sodium_init() >= 0);
	assert_int_equal(test_tmpdir_make(f->dir, sizeof f->dir, "seal-keys"), 0);
	snprintf(f->pub, sizeof f->pub, "%s/trust.pub", f->dir);
	snprintf(f->sec, sizeof f->sec, "%s/trust.key", f->dir);
	assert_int_equal(fb_keypair_write(f->pub, f->sec, f->first, sizeof f->first, &err), 0);
	assert_int_equal(fb_keypair_rotate(f->pub, f->sec, f->second, sizeof f->second, &err), 0);
	assert_int_equal(coll_seal_keys_load(f->sec, &f->k, &err), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	kfx *f = *state;
	test_tmpdir_remove(f->dir);
	free(f);
	return 0;
}

static void words_of(const coll_seal_keys *k, const char *pk, char *out, size_t size)
{
	coll_seal_class c = coll_seal_classify(k, pk);
	coll_seal_class_words(&c, out, size);
}

static void test_load_should_give_the_public_halves_newest_first(void **state)
{
	kfx *f = *state;
	assert_int_equal(f->k.n, 2);
	assert_string_equal(f->k.pks[0], f->second);
	assert_string_equal(f->k.pks[1], f->first);
}

static void test_load_should_refuse_a_key_file_others_can_read(void **state)
{
	kfx *f = *state;
	fb_err err;
	coll_seal_keys k;
	assert_int_equal(chmod(f->sec, 0644), 0);
	assert_int_not_equal(coll_seal_keys_load(f->sec, &k, &err), 0);
	assert_non_null(strstr(err.msg, "chmod 600"));
	assert_int_equal(k.n, 0);
	assert_int_equal(chmod(f->sec, 0600), 0);
}

static void test_classify_should_say_current_old_unknown_or_nothing(void **state)
{
	kfx *f = *state;
	char w[COLL_SEAL_WORDS_MAX], want[COLL_SEAL_WORDS_MAX];
	const char *stranger = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=";
	words_of(&f->k, f->second, w, sizeof w);
	assert_string_equal(w, "current key");
	coll_seal_class c = coll_seal_classify(&f->k, f->first);
	assert_int_equal(c.kind, COLL_SEAL_OLD);
	assert_int_equal(c.line, 2);
	words_of(&f->k, f->first, w, sizeof w);
	snprintf(want, sizeof want, "old key 2 (%.8s\u2026)", f->first);
	assert_string_equal(w, want);
	words_of(&f->k, stranger, w, sizeof w);
	assert_string_equal(w, "unknown key (q83vEjRW\u2026)");
	assert_int_equal(coll_seal_classify(&f->k, stranger).kind, COLL_SEAL_UNKNOWN);
	words_of(&f->k, NULL, w, sizeof w);
	assert_string_equal(w, "nothing sealed yet");
	words_of(&f->k, "", w, sizeof w);
	assert_string_equal(w, "nothing sealed yet");
}

static void test_the_command_lines_verdict_should_follow_the_devices(void **state)
{
	kfx *f = *state;
	char v[COLL_SEAL_VERDICT_MAX];
	coll_seal_tally t;
	coll_seal_class cur = coll_seal_classify(&f->k, f->second);
	coll_seal_class old = coll_seal_classify(&f->k, f->first);

	coll_seal_tally_init(&t, &f->k);
	coll_seal_tally_add(&t, &cur);
	coll_seal_tally_verdict(&t, "/etc/feedback/trust.key", v, sizeof v);
	assert_string_equal(v, "no device's latest sealed record uses an old key: once every device's"
			    " queue has emptied (the fleet page), line 2 of '/etc/feedback/trust.key'"
			    " can be retired");
	coll_seal_tally_add(&t, &old);
	coll_seal_tally_verdict(&t, "/etc/feedback/trust.key", v, sizeof v);
	assert_string_equal(v, "1 device still seals to an old key: keep it until it has taken the new"
			    " one (sent with its config once the collector serves with it) and its"
			    " queue has emptied");
	coll_seal_tally_add(&t, &old);
	coll_seal_tally_verdict(&t, "k", v, sizeof v);
	assert_non_null(strstr(v, "2 devices still seal to an old key: keep it until they have taken"));

	/* one key: nothing to retire, nothing said */
	coll_seal_keys one = f->k;
	one.n = 1;
	coll_seal_tally_init(&t, &one);
	coll_seal_tally_add(&t, &cur);
	coll_seal_tally_verdict(&t, "k", v, sizeof v);
	assert_string_equal(v, "");
	/* three keys, none in use: lines 2 to 3 */
	coll_seal_keys three = f->k;
	snprintf(three.pks[2], sizeof three.pks[2], "%s", "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=");
	three.n = 3;
	coll_seal_tally_init(&t, &three);
	coll_seal_tally_add(&t, &cur);
	coll_seal_tally_verdict(&t, "k", v, sizeof v);
	assert_non_null(strstr(v, "lines 2 to 3 of 'k' can be retired"));
}

static coll_seal_device dev(const coll_seal_keys *k, const char *id, const char *pk, bool known,
			    int64_t depth)
{
	return (coll_seal_device){.device_id = id, .cls = coll_seal_classify(k, pk),
				  .queue_known = known, .queue_depth = depth};
}

static void test_an_old_key_should_be_kept_while_a_device_seals_to_it(void **state)
{
	kfx *f = *state;
	char v[COLL_SEAL_VERDICT_MAX], want[COLL_SEAL_VERDICT_MAX];
	coll_seal_retire r;
	coll_seal_retire_init(&r, &f->k);
	coll_seal_device a = dev(&f->k, "kiosk-0042", f->first, true, 3);
	coll_seal_device b = dev(&f->k, "kiosk-7", f->first, true, 0);
	coll_seal_device c = dev(&f->k, "kiosk-1", f->second, true, 9);
	coll_seal_retire_add(&r, &a);
	coll_seal_retire_add(&r, &b);
	coll_seal_retire_add(&r, &c);
	assert_false(coll_seal_retire_ok(&r, 2));
	coll_seal_retire_verdict(&r, 2, v, sizeof v);
	snprintf(want, sizeof want, "Key line 2 (%.8s\u2026): keep it: 2 devices still seal to it:"
		 " kiosk-0042 (3 records waiting to send) and kiosk-7 (nothing waiting to send).",
		 f->first);
	assert_string_equal(v, want);
}

static void test_an_old_key_should_go_once_devices_moved_on(void **state)
{
	kfx *f = *state;
	char v[COLL_SEAL_VERDICT_MAX], want[COLL_SEAL_VERDICT_MAX];
	coll_seal_retire r;
	coll_seal_retire_init(&r, &f->k);
	/* on the current key with records waiting: those were sealed to it (oldest go first) */
	coll_seal_device a = dev(&f->k, "kiosk-0042", f->second, true, 12);
	/* nothing sealed yet, and nothing waiting */
	coll_seal_device b = dev(&f->k, "kiosk-new", NULL, true, 0);
	coll_seal_retire_add(&r, &a);
	coll_seal_retire_add(&r, &b);
	assert_true(coll_seal_retire_ok(&r, 2));
	coll_seal_retire_verdict(&r, 2, v, sizeof v);
	snprintf(want, sizeof want, "Key line 2 (%.8s\u2026) can be retired: no device seals to it and"
		 " every device not yet on a newer key has nothing waiting to send.", f->first);
	assert_string_equal(v, want);
	/* the current key is never a candidate */
	assert_false(coll_seal_retire_ok(&r, 1));
	coll_seal_retire_verdict(&r, 1, v, sizeof v);
	assert_string_equal(v, "");
}

static void test_a_device_that_may_hold_old_records_should_hold_the_key(void **state)
{
	kfx *f = *state;
	char v[COLL_SEAL_VERDICT_MAX];
	coll_seal_retire r;
	coll_seal_retire_init(&r, &f->k);
	/* never sealed anything it sent, and its queue not reported: it may hold old records */
	coll_seal_device a = dev(&f->k, "kiosk-9", NULL, false, 0);
	coll_seal_device b = dev(&f->k, "kiosk-x", "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=", true, 2);
	coll_seal_retire_add(&r, &a);
	coll_seal_retire_add(&r, &b);
	assert_false(coll_seal_retire_ok(&r, 2));
	coll_seal_retire_verdict(&r, 2, v, sizeof v);
	assert_non_null(strstr(v, ": keep it for now: no device seals to it, but 2 devices not yet on"
			       " a newer key may still hold records sealed to it: kiosk-9 (its queue"
			       " not reported yet) and kiosk-x (2 records waiting to send)."));
}

static void test_a_verdict_should_name_a_few_devices_then_count_the_rest(void **state)
{
	kfx *f = *state;
	char v[COLL_SEAL_VERDICT_MAX], id[8][24];
	coll_seal_retire r;
	coll_seal_retire_init(&r, &f->k);
	for (int i = 0; i < 8; i++) {
		snprintf(id[i], sizeof id[i], "kiosk-%d", i);
		coll_seal_device d = dev(&f->k, id[i], f->first, true, 1);
		coll_seal_retire_add(&r, &d);
	}
	coll_seal_retire_verdict(&r, 2, v, sizeof v);
	assert_non_null(strstr(v, "8 devices still seal to it: kiosk-0 (1 record waiting to send), "));
	assert_non_null(strstr(v, "kiosk-4 (1 record waiting to send) and 3 more."));
	assert_null(strstr(v, "kiosk-5"));
}

/* The store's device_seal_keys, as pushes leave it, read in one go for a page
 * and line by line for the command line. */
static void test_the_map_and_report_should_read_the_store(void **state)
{
	kfx *f = *state;
	fb_err err;
	char path[128], *text = NULL;
	size_t len = 0;
	coll_store *st = NULL;
	coll_seal_map *m = NULL;
	int64_t at = -1;
	snprintf(path, sizeof path, "%s/collector.db", f->dir);
	assert_int_equal(coll_store_open_sqlite(path, &st, &err), 0);
	const char *ids[] = {"kiosk-b", "kiosk-a"};
	const char *pks[] = {f->first, f->second};
	for (int i = 0; i < 2; i++) {
		coll_store_batch_note note = {.device_id = ids[i], .pushed_at_ms = NOW, .at_ms = NOW,
					      .seal_key = pks[i], .seal_submitted_ms = NOW - DAY};
		assert_int_equal(coll_store_batch_put(st, NULL, 0, NULL, &note, &err), 0);
	}
	assert_int_equal(coll_seal_map_load(&f->k, st, &m, &err), 0);
	coll_seal_class c = coll_seal_map_find(m, "kiosk-b", &at);
	assert_int_equal(c.kind, COLL_SEAL_OLD);
	assert_int_equal(c.line, 2);
	assert_true(at == NOW - DAY);
	assert_int_equal(coll_seal_map_find(m, "kiosk-a", NULL).kind, COLL_SEAL_CURRENT);
	assert_int_equal(coll_seal_map_find(m, "kiosk-never", &at).kind, COLL_SEAL_NOTHING);
	assert_true(at == 0);
	coll_seal_map_free(m);

	FILE *out = open_memstream(&text, &len);
	assert_non_null(out);
	assert_int_equal(coll_seal_keys_report(&f->k, st, "trust.key", out, &err), 0);
	fclose(out);
	assert_non_null(strstr(text, "kiosk-a  the current key  (its latest sealed record: 2026-11-14)\n"));
	assert_non_null(strstr(text, "kiosk-b  OLD key 1 (line 2 of the secret key file)  (its latest"
			       " sealed record: 2026-11-14)\n"));
	assert_non_null(strstr(text, "1 device still seals to an old key"));
	free(text);
	coll_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_load_should_give_the_public_halves_newest_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_should_refuse_a_key_file_others_can_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_classify_should_say_current_old_unknown_or_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_the_command_lines_verdict_should_follow_the_devices, setup, teardown),
		cmocka_unit_test_setup_teardown(test_an_old_key_should_be_kept_while_a_device_seals_to_it, setup, teardown),
		cmocka_unit_test_setup_teardown(test_an_old_key_should_go_once_devices_moved_on, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_device_that_may_hold_old_records_should_hold_the_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_verdict_should_name_a_few_devices_then_count_the_rest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_the_map_and_report_should_read_the_store, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
