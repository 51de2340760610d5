/* Tests for lib/config.c and lib/cli.c: the shipped example loads, an
 * estates engineer's mistakes are reported with file and line, plain http://
 * and a token file others can read are refused, relative paths are taken
 * from the config file's directory, and the common options are parsed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "tmpdir.h"
#include "assert_text.h"

#define KEY "trust_public_key = /Z0ZZF2NoUBdMz/+I9pNtMCHlc/KZ14VySNLke3FEzI=\n"
/* A minimal valid file: every required key, nothing else. */
#define BASE "[device]\n"                        /* 1 */ \
	"id = kiosk-7\n"                         /* 2 */ \
	"location_code = OAK\n"                  /* 3 */ \
	"data_dir = /var/lib/feedback\n"         /* 4 */ \
	KEY                                      /* 5 */ \
	"[kiosk]\n"                              /* 6 */ \
	"survey_file = /etc/feedback/fft.json\n" /* 7 */

typedef struct fixture {
	char dir[64];
	char path[128];
	fb_config cfg;
	fb_err err;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);

	if (!f)
		return -1;
	if (test_tmpdir_make(f->dir, sizeof f->dir, "config") != 0) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof f->path, "%s/kiosk.conf", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	if (test_tmpdir_remove(f->dir) != 0)
		return -1;
	free(f);
	return 0;
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static int load_text(fixture *f, const char *text)
{
	write_file(f->path, text, 0644);
	return fb_config_load(f->path, &f->cfg, &f->err);
}

/* The source tree: FB_SRC (tests/run.sh sets it) or the current directory. */
static const char *src_dir(void)
{
	static char cwd[PATH_MAX];
	const char *src = getenv("FB_SRC");

	if (src)
		return src;
	return getcwd(cwd, sizeof cwd) ? cwd : ".";
}

/* Loading text must fail with a message starting "PATH:LINE: " and
 * containing what. */
static void assert_fails_at(fixture *f, const char *text, int line,
			    const char *what)
{
	char want[192];

	assert_int_equal(load_text(f, text), FB_ERR_INVALID);
	snprintf(want, sizeof want, "%s:%d: ", f->path, line);
	if (strncmp(f->err.msg, want, strlen(want)) != 0) {
		print_error("expected \"%s...\", got \"%s\"\n", want,
			    f->err.msg);
		fail();
	}
	assert_contains(f->err.msg, what);
}

/* ---- the shipped example ---- */

static void test_example_config_should_load_with_its_documented_values(void **state)
{
	fixture *f = *state;
	char path[PATH_MAX], want[PATH_MAX + 64];

	assert_true(snprintf(path, sizeof path, "%s/config/kiosk.conf.example",
			     src_dir()) < (int)sizeof path);
	if (fb_config_load(path, &f->cfg, &f->err) != 0)
		print_error("%s\n", f->err.msg);
	assert_int_equal(f->err.code, FB_OK);
	assert_string_equal(f->cfg.device_id, "kiosk-0001");
	assert_string_equal(f->cfg.location_name, "Oak Ward");
	assert_int_equal(f->cfg.n_locations, 2);
	assert_string_equal(f->cfg.locations[1].name, "Ash Ward");
	assert_int_equal(f->cfg.n_languages, 6);
	assert_string_equal(f->cfg.languages[5], "cy");
	assert_int_equal(f->cfg.idle_timeout_s, 60);
	assert_true(f->cfg.keep_partial);
	assert_false(f->cfg.allow_maintenance_exit);
	assert_string_equal(f->cfg.headphone_input, "auto");
	assert_string_equal(f->cfg.staff_pin_hash, "");
	assert_string_equal(f->cfg.collector_url,
			    "https://feedback.example.nhs.uk");
	assert_int_equal(f->cfg.batch_max_records, 500);
	assert_int_equal(f->cfg.batch_max_bytes, 1048576);
	assert_int_equal(f->cfg.backoff_cap_s, 900);
	assert_int_equal(f->cfg.retention_days, 30);
	assert_int_equal(f->cfg.heartbeat_interval_s, 300);
	assert_int_equal(f->cfg.request_timeout_s, 30);
	/* the survey path works from anywhere: it names the shipped file */
	assert_true(f->cfg.survey_file[0] == '/');
	assert_int_equal(access(f->cfg.survey_file, R_OK), 0);
	snprintf(want, sizeof want, "/config/surveys/fft.json");
	assert_non_null(strstr(f->cfg.survey_file, want));
	/* empty, so the kiosk shows its help text in the person's language */
	assert_string_equal(f->cfg.crisis_text, "");
}

static void test_long_value_should_continue_over_indented_lines(void **state)
{
	fixture *f = *state;

	assert_int_equal(load_text(f, BASE "crisis_text = Call our crisis line\n"
				   "  on 0800 000 0000, day or night.\n"), FB_OK);
	assert_string_equal(f->cfg.crisis_text,
			    "Call our crisis line on 0800 000 0000, day or night.");
}

/* crisis_text.LANG gives a language its own crisis card; crisis_text is
 * for the rest (as it always was), and neither means the built-in words. */
static void test_crisis_text_should_be_settable_per_language(void **state)
{
	fixture *f = *state;

	assert_int_equal(load_text(f, BASE
		"crisis_text = Call the ward on 01234 567890.\n"
		"crisis_text.ur = \xd9\x88\xd8\xa7\xd8\xb1\xda\x88 01234 567890\n"
		"crisis_text.pa = Line one\n"
		"  and line two.\n"), FB_OK);
	assert_int_equal(f->cfg.n_crisis_texts, 2);
	assert_string_equal(fb_config_crisis_text(&f->cfg, "ur"),
			    "\xd9\x88\xd8\xa7\xd8\xb1\xda\x88 01234 567890");
	assert_string_equal(fb_config_crisis_text(&f->cfg, "pa"),
			    "Line one and line two.");
	assert_string_equal(fb_config_crisis_text(&f->cfg, "pl"),
			    "Call the ward on 01234 567890.");
	assert_int_equal(load_text(f, BASE "crisis_text.ar = x\n"), FB_OK);
	assert_string_equal(fb_config_crisis_text(&f->cfg, "en"), "");
	assert_string_equal(fb_config_crisis_text(&f->cfg, "ar"), "x");
	/* each language once; a code, not a sentence */
	assert_int_equal(load_text(f, BASE "crisis_text.ur = a\ncrisis_text.ur = b\n"),
			 FB_ERR_INVALID);
	assert_non_null(strstr(f->err.msg, ":9: [kiosk] crisis_text.ur is set twice"));
	assert_int_equal(load_text(f, BASE "crisis_text.u r = a\n"), FB_ERR_INVALID);
	assert_non_null(strstr(f->err.msg, "not a language code"));
}

static void test_minimal_config_should_get_the_defaults(void **state)
{
	fixture *f = *state;

	assert_int_equal(load_text(f, BASE), 0);
	assert_int_equal(f->cfg.idle_timeout_s, 60);
	assert_int_equal(f->cfg.batch_max_records, 500);
	assert_int_equal(f->cfg.n_languages, 0);
	assert_string_equal(f->cfg.collector_url, "");
	/* the device's own location is always one to switch back to */
	assert_int_equal(f->cfg.n_locations, 1);
	assert_string_equal(f->cfg.locations[0].code, "OAK");
	assert_string_equal(f->cfg.location_name, "OAK");
	assert_int_equal(f->cfg.trust_public_key[0], 0xfd);
}

static void test_request_timeout_should_default_to_30_and_take_1_to_3600(void **state)
{
	fixture *f = *state;

	assert_int_equal(load_text(f, BASE), 0);
	assert_int_equal(f->cfg.request_timeout_s, 30);
	assert_int_equal(load_text(f, BASE "[sync]\nrequest_timeout = 1\n"), 0);
	assert_int_equal(f->cfg.request_timeout_s, 1);
	assert_int_equal(load_text(f, BASE "[sync]\nrequest_timeout = 3600\n"), 0);
	assert_int_equal(f->cfg.request_timeout_s, 3600);
	/* the keys before it are untouched by its arrival */
	assert_int_equal(f->cfg.heartbeat_interval_s, 300);
	assert_int_equal(f->cfg.batch_max_records, 500);
	assert_fails_at(f, BASE "[sync]\nrequest_timeout = 0\n", 9,
			"request_timeout = 0 is out of range: use 1 to 3600");
	assert_fails_at(f, BASE "[sync]\nrequest_timeout = 3601\n", 9,
			"use 1 to 3600");
	assert_fails_at(f, BASE "[sync]\nrequest_timeout = 30s\n", 9,
			"expected a whole number from 1 to 3600");
	/* a failed load keeps the value already loaded */
	assert_int_equal(f->cfg.request_timeout_s, 3600);
	/* near misses are still unknown keys, not silently ignored */
	assert_fails_at(f, BASE "[sync]\nrequest_timout = 30\n", 9,
			"unknown key 'request_timout' in [sync]");
	assert_fails_at(f, BASE "[sync]\ntimeout = 30\n", 9,
			"unknown key 'timeout' in [sync]");
	assert_fails_at(f, BASE "request_timeout = 30\n", 8,
			"unknown key 'request_timeout' in [kiosk]");
}

static void test_proxy_should_take_curl_addresses_and_never_echo_a_password(void **state)
{
	fixture *f = *state;

	assert_int_equal(load_text(f, BASE), 0);
	assert_string_equal(f->cfg.proxy, "");
	assert_int_equal(load_text(f, BASE "[sync]\nproxy = http://proxy.trust.nhs.uk:3128\n"), 0);
	assert_string_equal(f->cfg.proxy, "http://proxy.trust.nhs.uk:3128");
	assert_int_equal(load_text(f, BASE "[sync]\nproxy = 10.1.2.3:8080\n"), 0);
	assert_string_equal(f->cfg.proxy, "10.1.2.3:8080");
	assert_int_equal(load_text(f, BASE "[sync]\nproxy = socks5h://127.0.0.1:1080\n"), 0);
	assert_int_equal(load_text(f, BASE "[sync]\nproxy =\n"), 0);
	assert_string_equal(f->cfg.proxy, "");
	assert_fails_at(f, BASE "[sync]\nproxy = ftp://u:s3cret@proxy:21\n", 9,
			"'ftp://' is not a proxy type");
	assert_null(strstr(f->err.msg, "s3cret"));
	assert_fails_at(f, BASE "[sync]\nproxy = http://u:s3cret@\n", 9,
			"[sync] proxy is not an address libcurl can use");
	assert_null(strstr(f->err.msg, "s3cret"));
}

/* ---- mistakes, with their lines ---- */

static void test_unknown_key_should_be_reported_with_its_line(void **state)
{
	fixture *f = *state;

	assert_fails_at(f, BASE "idle_timout = 30\n", 8,
			"unknown key 'idle_timout' in [kiosk]");
	assert_fails_at(f, BASE "[screen]\nbrightness = 5\n", 9,
			"unknown section [screen]");
	assert_fails_at(f, "id = kiosk-7\n" BASE, 1, "outside any section");
}

static void test_opening_hours_should_load_and_bad_ones_be_reported_with_their_line(void **state)
{
	fixture *f = *state;

	assert_int_equal(load_text(f, BASE), 0);
	assert_string_equal(f->cfg.opening_hours, "");
	assert_true(fb_hours_always_open(&f->cfg.hours));
	assert_int_equal(load_text(f, BASE "opening_hours = Mon-Fri 08:00-18:00; Sat 09:00-12:00\n"), 0);
	assert_string_equal(f->cfg.opening_hours, "Mon-Fri 08:00-18:00; Sat 09:00-12:00");
	assert_true(fb_hours_open_at(&f->cfg.hours, 5, 10 * 60));     /* Sat 10:00 */
	assert_false(fb_hours_open_at(&f->cfg.hours, 6, 10 * 60));    /* Sun */
	assert_fails_at(f, BASE "opening_hours = Mon-Fri 8-18\n", 8,
			"[kiosk] opening_hours: '8-18' is not a time range");
	assert_fails_at(f, BASE "opening_hours = Mon-Fry 08:00-18:00\n", 8,
			"'Fry' is not a day");
	assert_fails_at(f, BASE "idle_timeout = 30\nopening_hours = Mon 09:00-09:00\n", 9,
			"opens and closes at the same time");
}

static void test_bad_values_should_be_reported_with_their_lines(void **state)
{
	fixture *f = *state;

	assert_fails_at(f, BASE "idle_timeout = 5\n", 8, "use 10 to 3600");
	assert_fails_at(f, BASE "idle_timeout = 1m\n", 8,
			"expected a whole number");
	assert_fails_at(f, BASE "partial = maybe\n", 8, "keep or discard");
	assert_fails_at(f, BASE "headphone_input = event5\n", 8,
			"expected auto, off or the path of the input device");
	assert_fails_at(f, BASE "allow_maintenance_exit = true\n", 8,
			"expected yes or no");
	assert_fails_at(f, BASE "languages = en, pl, en\n", 8,
			"'en' is listed twice");
	assert_fails_at(f, BASE "staff_pin_hash = 1234\n", 8,
			"not a libsodium password hash");
	assert_fails_at(f, BASE "[sync]\nbatch_max_records = 0\n", 9,
			"use 1 to 5000");
	assert_fails_at(f, BASE "[sync]\npinned_pubkey = abc\n", 9,
			"sha256//");
	assert_fails_at(f, "[device]\nid = kiosk 7\n", 2,
			"letters, digits");
	assert_fails_at(f, "[device]\ntrust_public_key = c2hvcnQ=\n", 2,
			"32-byte public key");
	assert_fails_at(f, "[device]\nlocations = A=Oak; B\n", 2,
			"'B' has no '='");
	/* the staff PIN hash is a secret's hash: never echoed */
	assert_fails_at(f, BASE "staff_pin_hash = $argon2id$zzz\n", 8,
			"staff_pin_hash");
	assert_null(strstr(f->err.msg, "zzz"));
}

static void test_plain_http_collector_should_be_refused_saying_why(void **state)
{
	fixture *f = *state;

	assert_fails_at(f, BASE "[sync]\ncollector_url = http://trust.example\n",
			9, "unencrypted; use an https:// address");
	assert_fails_at(f, BASE "[sync]\ncollector_url = ftp://trust.example\n",
			9, "expected an https:// address");
	assert_int_equal(load_text(f, BASE "[sync]\ncollector_url = "
				   "https://127.0.0.1:8443\n"), 0);
	assert_string_equal(f->cfg.collector_url, "https://127.0.0.1:8443");
	/* not addresses libcurl could reach */
	assert_fails_at(f, BASE "[sync]\ncollector_url = https://\n", 9,
			"not a valid https:// address");
	assert_fails_at(f, BASE "[sync]\ncollector_url = https://trust example.nhs.uk\n", 9,
			"not a valid https:// address");
	assert_fails_at(f, BASE "[sync]\ncollector_url = https://[::1\n", 9,
			"not a valid https:// address");
	assert_int_equal(load_text(f, BASE "[sync]\ncollector_url = "
				   "https://[::1]:8443/api\n"), 0);
}

static void test_duplicate_key_should_name_both_lines(void **state)
{
	fixture *f = *state;

	assert_fails_at(f, BASE "idle_timeout = 30\nidle_timeout = 40\n", 9,
			"set twice (first on line 8)");
}

static void test_line_that_is_not_a_setting_should_be_reported(void **state)
{
	fixture *f = *state;

	assert_fails_at(f, BASE "idle_timeout 30\n", 8, "key = value");
}

static void test_indented_key_should_be_reported_not_joined(void **state)
{
	fixture *f = *state;

	assert_fails_at(f, BASE "idle_timeout = 30\n  partial = keep\n", 9,
			"remove the spaces before 'partial'");
}

static void test_overlong_line_should_be_reported_not_cut(void **state)
{
	fixture *f = *state;
	char text[1024];
	char value[300];

	memset(value, 'x', sizeof value - 1);
	value[sizeof value - 1] = '\0';
	snprintf(text, sizeof text, BASE "crisis_text = %s\n", value);
	assert_fails_at(f, text, 8, "longer than");
}

static void test_missing_required_key_should_be_named(void **state)
{
	fixture *f = *state;

	assert_int_equal(load_text(f, "[device]\nid = k\nlocation_code = A\n"
				   "data_dir = d\n" KEY), FB_ERR_INVALID);
	assert_contains(f->err.msg, "[kiosk] survey_file is missing");
	assert_int_equal(load_text(f, "[device]\nid = k\nlocation_code = A\n"
				   "data_dir =\n" KEY "[kiosk]\n"
				   "survey_file = s.json\n"), FB_ERR_INVALID);
	assert_contains(f->err.msg, ":4: [device] data_dir is empty");
}

static void test_failed_reload_should_keep_the_running_config(void **state)
{
	fixture *f = *state;

	assert_int_equal(load_text(f, BASE "idle_timeout = 90\n"), 0);
	assert_int_equal(load_text(f, BASE "idle_timeout = 9000\n"),
			 FB_ERR_INVALID);
	assert_int_equal(f->cfg.idle_timeout_s, 90);
	assert_string_equal(f->cfg.device_id, "kiosk-7");
}

static void test_missing_file_should_name_it(void **state)
{
	fixture *f = *state;

	assert_int_equal(fb_config_load("/nonexistent/kiosk.conf", &f->cfg,
					&f->err), FB_ERR_NOTFOUND);
	assert_contains(f->err.msg, "'/nonexistent/kiosk.conf'");
}

/* ---- paths ---- */

static void test_relative_paths_should_be_taken_from_the_config_directory(void **state)
{
	fixture *f = *state;
	char sub[192], path[256], want[256], cwd[PATH_MAX];

	snprintf(sub, sizeof sub, "%s/etc", f->dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	snprintf(path, sizeof path, "%s/kiosk.conf", sub);
	write_file(path, "[device]\nid = k\nlocation_code = A\n"
		   "data_dir = ../data\n" KEY
		   "[kiosk]\nsurvey_file = surveys/fft.json\n"
		   "[sync]\nca_file = /abs/ca.pem\ntoken_file = token\n", 0644);
	/* from another directory, by a relative name */
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(f->dir), 0);
	assert_int_equal(fb_config_load("etc/kiosk.conf", &f->cfg, &f->err), 0);
	assert_int_equal(chdir(cwd), 0);

	snprintf(want, sizeof want, "%s/surveys/fft.json", sub);
	assert_string_equal(f->cfg.survey_file, want);
	snprintf(want, sizeof want, "%s/../data", sub);
	assert_string_equal(f->cfg.data_dir, want);
	assert_string_equal(f->cfg.ca_file, "/abs/ca.pem");
	snprintf(want, sizeof want, "%s/../data/queue.db", sub);
	fb_config_data_path(&f->cfg, "queue.db", path, sizeof path);
	assert_string_equal(path, want);
}

static void test_check_files_should_refuse_a_language_the_survey_lacks(void **state)
{
	fixture *f = *state;
	char text[2048];

	assert_true(snprintf(text, sizeof text, "[device]\nid = k\n"
			     "location_code = A\ndata_dir = d\n" KEY
			     "[kiosk]\nsurvey_file = %s/tests/data/"
			     "survey_kinds.json\nlanguages = pl, de\n",
			     src_dir()) < (int)sizeof text);
	assert_int_equal(load_text(f, text), 0);
	assert_int_equal(fb_config_check_files(&f->cfg, &f->err),
			 FB_ERR_INVALID);
	assert_contains(f->err.msg, "offers 'de'");

	snprintf(strstr(text, "languages = ") + 12, 8, "pl, en\n");
	assert_int_equal(load_text(f, text), 0);
	assert_int_equal(fb_config_check_files(&f->cfg, &f->err), 0);
}

/* ---- modes ---- */

static void test_no_modes_key_should_offer_only_survey_file(void **state)
{
	fixture *f = *state;

	assert_int_equal(load_text(f, BASE), 0);
	assert_int_equal(f->cfg.n_modes, 0);
	assert_string_equal(fb_config_mode_survey_file(&f->cfg, "standard"),
			    "/etc/feedback/fft.json");
}

static void test_modes_should_name_a_survey_file_each(void **state)
{
	fixture *f = *state;

	assert_int_equal(load_text(f, BASE "modes = standard, easy_read, children\n"
				   "survey_file_easy_read = easy-read.json\n"
				   "survey_file_children = /etc/feedback/children.json\n"), 0);
	assert_int_equal(f->cfg.n_modes, 3);
	assert_string_equal(f->cfg.modes[0], "standard");
	assert_string_equal(f->cfg.modes[1], "easy_read");
	assert_string_equal(f->cfg.modes[2], "children");
	/* relative to the config's directory, as every path */
	assert_true(strlen(f->cfg.survey_file_easy_read) > strlen("/easy-read.json"));
	assert_string_equal(f->cfg.survey_file_easy_read + strlen(f->cfg.survey_file_easy_read) -
			    strlen("/easy-read.json"), "/easy-read.json");
	assert_string_equal(fb_config_mode_survey_file(&f->cfg, "children"),
			    "/etc/feedback/children.json");
	assert_string_equal(fb_config_mode_key("easy_read"), "survey_file_easy_read");
	assert_null(fb_config_mode_survey_file(&f->cfg, "large_print"));
}

static void test_bad_modes_should_be_reported_with_their_lines(void **state)
{
	fixture *f = *state;

	assert_fails_at(f, BASE "modes = standard, easyread\n", 8,
			"'easyread' is not a mode; use standard, easy_read or children");
	assert_fails_at(f, BASE "modes = easy_read, standard\n"
			"survey_file_easy_read = e.json\n", 8, "start the list with standard");
	assert_fails_at(f, BASE "modes = standard, children, children\n", 8,
			"'children' is listed twice");
	assert_fails_at(f, BASE "modes =\n", 8, "modes is empty");
}

static void test_mode_without_its_survey_file_should_say_which_key_to_add(void **state)
{
	fixture *f = *state;

	assert_int_equal(load_text(f, BASE "modes = standard, easy_read\n"),
			 FB_ERR_INVALID);
	assert_contains(f->err.msg, "modes offers easy_read but survey_file_easy_read "
			"is not set; add survey_file_easy_read = surveys/easy-read.json");
}

static void test_check_modes_should_name_the_mode_whose_survey_is_wrong(void **state)
{
	fixture *f = *state;
	char text[4096];
	const char *src = src_dir();

	/* every shipped survey in its mode: fine */
	assert_true(snprintf(text, sizeof text, "[device]\nid = k\nlocation_code = A\n"
			     "data_dir = d\n" KEY "[kiosk]\n"
			     "survey_file = %s/config/surveys/fft.json\n"
			     "modes = standard, easy_read, children\n"
			     "survey_file_easy_read = %s/config/surveys/easy-read.json\n"
			     "survey_file_children = %s/config/surveys/children.json\n"
			     "languages = en, ur, pa\n", src, src, src) < (int)sizeof text);
	assert_int_equal(load_text(f, text), 0);
	assert_int_equal(fb_config_check_modes(&f->cfg, &f->err), 0);

	/* the children's survey where easy read should be */
	snprintf(f->cfg.survey_file_easy_read, sizeof f->cfg.survey_file_easy_read,
		 "%s/config/surveys/children.json", src);
	assert_int_equal(fb_config_check_modes(&f->cfg, &f->err), FB_ERR_INVALID);
	assert_contains(f->err.msg, "[kiosk] survey_file_easy_read: survey 'fft-children'");
	assert_contains(f->err.msg, "not an easy-read survey");

	/* a file that is not there */
	snprintf(f->cfg.survey_file_easy_read, sizeof f->cfg.survey_file_easy_read,
		 "%s/config/surveys/no-such.json", src);
	assert_int_equal(fb_config_check_modes(&f->cfg, &f->err), FB_ERR_NOTFOUND);
	assert_contains(f->err.msg, "[kiosk] survey_file_easy_read (mode easy_read): ");
	assert_contains(f->err.msg, "no-such.json");

	/* a language one mode's survey lacks: that mode's key is named */
	snprintf(f->cfg.survey_file_easy_read, sizeof f->cfg.survey_file_easy_read,
		 "%s/er.json", f->dir);
	write_file(f->cfg.survey_file_easy_read,
		   "{\"id\": \"er-en\", \"version\": 1, \"audience\": \"easy_read\",\n"
		   " \"languages\": [{\"code\": \"en\", \"name\": \"English\"}],\n"
		   " \"questions\": [{\"id\": \"fft\", \"kind\": \"fft\", \"adapted\": true,\n"
		   "   \"title\": {\"en\": \"How was it?\"},\n"
		   "   \"labels\": [{\"en\": \"Very good\"}, {\"en\": \"Good\"}, {\"en\": \"OK\"},\n"
		   "     {\"en\": \"Bad\"}, {\"en\": \"Very bad\"}, {\"en\": \"I don't know\"}]}]}\n",
		   0644);
	assert_int_equal(fb_config_check_modes(&f->cfg, &f->err), FB_ERR_INVALID);
	assert_contains(f->err.msg, "[kiosk] languages offers 'ur' but survey 'er-en' "
			"(survey_file_easy_read = ");
}

/* ---- the token ---- */

static void test_token_file_readable_by_others_should_be_refused(void **state)
{
	fixture *f = *state;
	char token[128];

	assert_int_equal(load_text(f, BASE "[sync]\ntoken_file = token\n"), 0);
	write_file(f->cfg.token_file, "s3cret-token-value\n", 0644);
	assert_int_equal(fb_config_read_token(&f->cfg, token, sizeof token,
					      &f->err), FB_ERR_INVALID);
	assert_contains(f->err.msg, "chmod 600");
	assert_null(strstr(f->err.msg, "s3cret"));
	assert_string_equal(token, "");

	assert_int_equal(chmod(f->cfg.token_file, 0600), 0);
	assert_int_equal(fb_config_read_token(&f->cfg, token, sizeof token,
					      &f->err), 0);
	assert_string_equal(token, "s3cret-token-value");
}

static void test_empty_or_missing_token_should_be_refused(void **state)
{
	fixture *f = *state;
	char token[64];

	assert_int_equal(load_text(f, BASE "[sync]\ntoken_file = token\n"), 0);
	assert_int_equal(fb_config_read_token(&f->cfg, token, sizeof token,
					      &f->err), FB_ERR_NOTFOUND);
	assert_contains(f->err.msg, "token_file");
	write_file(f->cfg.token_file, "\n", 0600);
	assert_int_equal(fb_config_read_token(&f->cfg, token, sizeof token,
					      &f->err), FB_ERR_INVALID);
	assert_contains(f->err.msg, "is empty");
}

/* ---- common options ---- */

static void test_cli_should_take_common_options_and_leave_the_rest(void **state)
{
	char *argv[] = { "feedback-queue", "--config", "/etc/k.conf", "export",
			 "--check-config", "out.json", "--", "--version",
			 NULL };
	fb_cli cli;

	assert_int_equal(fb_cli_parse(&cli, 8, argv, "feedback-queue",
				      "/etc/feedback/kiosk.conf", NULL),
			 FB_CLI_RUN);
	assert_string_equal(cli.config_path, "/etc/k.conf");
	assert_true(cli.check_config);
	assert_false(cli.version);
	assert_int_equal(cli.argc, 4);
	assert_string_equal(cli.argv[0], "feedback-queue");
	assert_string_equal(cli.argv[1], "export");
	assert_string_equal(cli.argv[2], "out.json");
	assert_string_equal(cli.argv[3], "--version");
	assert_null(cli.argv[4]);
}

static void test_cli_should_use_the_default_config_and_refuse_a_bare_config(void **state)
{
	char *argv1[] = { "feedback-kiosk", NULL };
	char *argv2[] = { "feedback-kiosk", "--config", NULL };
	char *argv3[] = { "feedback-kiosk", "--config=/x.conf", NULL };
	fb_cli cli;

	assert_int_equal(fb_cli_parse(&cli, 1, argv1, "feedback-kiosk",
				      "/etc/feedback/kiosk.conf", NULL),
			 FB_CLI_RUN);
	assert_string_equal(cli.config_path, "/etc/feedback/kiosk.conf");
	assert_int_equal(fb_cli_parse(&cli, 2, argv2, "feedback-kiosk", NULL,
				      NULL), FB_CLI_USAGE);
	assert_int_equal(fb_cli_parse(&cli, 2, argv3, "feedback-kiosk", NULL,
				      NULL), FB_CLI_RUN);
	assert_string_equal(cli.config_path, "/x.conf");
}

static void test_cli_version_should_print_name_and_version(void **state)
{
	char *argv[] = { "feedback-syncd", "--version", NULL };
	char buf[128] = "";
	char want[128];
	fb_cli cli;
	FILE *fp = tmpfile();

	assert_non_null(fp);
	fb_cli_print_version(fp, "feedback-syncd");
	rewind(fp);
	assert_non_null(fgets(buf, sizeof buf, fp));
	fclose(fp);
	snprintf(want, sizeof want, "feedback-syncd %s\n", FB_VERSION);
	assert_string_equal(buf, want);
	assert_int_equal(fb_cli_parse(&cli, 2, argv, "feedback-syncd", NULL,
				      NULL), FB_CLI_EXIT);
	assert_true(cli.version);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_example_config_should_load_with_its_documented_values),
		T(test_minimal_config_should_get_the_defaults),
		T(test_request_timeout_should_default_to_30_and_take_1_to_3600),
		T(test_proxy_should_take_curl_addresses_and_never_echo_a_password),
		T(test_unknown_key_should_be_reported_with_its_line),
		T(test_bad_values_should_be_reported_with_their_lines),
		T(test_plain_http_collector_should_be_refused_saying_why),
		T(test_duplicate_key_should_name_both_lines),
		T(test_line_that_is_not_a_setting_should_be_reported),
		T(test_indented_key_should_be_reported_not_joined),
		T(test_long_value_should_continue_over_indented_lines),
		T(test_overlong_line_should_be_reported_not_cut),
		T(test_missing_required_key_should_be_named),
		T(test_failed_reload_should_keep_the_running_config),
		T(test_missing_file_should_name_it),
		T(test_relative_paths_should_be_taken_from_the_config_directory),
		T(test_check_files_should_refuse_a_language_the_survey_lacks),
		T(test_token_file_readable_by_others_should_be_refused),
		T(test_empty_or_missing_token_should_be_refused),
		T(test_crisis_text_should_be_settable_per_language),
		T(test_no_modes_key_should_offer_only_survey_file),
		T(test_modes_should_name_a_survey_file_each),
		T(test_bad_modes_should_be_reported_with_their_lines),
		T(test_mode_without_its_survey_file_should_say_which_key_to_add),
		T(test_check_modes_should_name_the_mode_whose_survey_is_wrong),
		cmocka_unit_test(test_cli_should_take_common_options_and_leave_the_rest),
		cmocka_unit_test(test_cli_should_use_the_default_config_and_refuse_a_bare_config),
		cmocka_unit_test(test_cli_version_should_print_name_and_version),
		T(test_opening_hours_should_load_and_bad_ones_be_reported_with_their_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
