/* collector_config: what a Trust's admin sees when the config is right or
 * wrong. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../collector/collector_config.h"

static char dir[64];

static int setup(void **state)
{
	snprintf(dir, sizeof dir, "/tmp/fb-ccfg.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd);
}

static void write_file(const char *name, const char *text, mode_t mode)
{
	char path[128];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
}

static const char good[] =
	"[server]\n"
	"tls_cert_file = cert.pem\n"
	"tls_key_file = /abs/key.pem\n"
	"threads = 8\n"
	"[ingest]\n"
	"secret_key_file = trust.key\n"
	"[results]\n"
	"fft_mode = Telephone\n";

/* Writes c.conf from a printf format and loads it into cfg. */
static int load(coll_config *cfg, fb_err *err, const char *fmt, ...)
{
	char text[2048], path[128];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	write_file("c.conf", text, 0644);
	snprintf(path, sizeof path, "%s/c.conf", dir);
	return coll_config_load(path, cfg, err);
}

/* Asserts that c.conf from the format is refused, with want in the message. */
static void refused(const char *want, const char *fmt, ...)
{
	char text[2048], path[128];
	coll_config cfg;
	fb_err err;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	write_file("c.conf", text, 0644);
	snprintf(path, sizeof path, "%s/c.conf", dir);
	assert_int_equal(coll_config_load(path, &cfg, &err), FB_ERR_INVALID);
	if (!strstr(err.msg, want))
		fail_msg("refused with '%s', not with '%s'", err.msg, want);
}

static void test_load_should_keep_defaults_and_resolve_paths_relative_to_the_file(void **state)
{
	coll_config cfg;
	fb_err err;
	char want[128];
	assert_int_equal(load(&cfg, &err, "%s", good), 0);
	assert_int_equal(cfg.threads, 8);
	assert_int_equal(cfg.port, 8443);
	assert_int_equal((int)cfg.max_body_bytes, 1024 * 1024);
	assert_int_equal(cfg.batch_max_records, 500);
	assert_string_equal(coll_fft_modes[cfg.fft_mode], "Telephone");
	snprintf(want, sizeof want, "%s/cert.pem", dir);
	assert_string_equal(cfg.tls_cert_file, want);
	assert_string_equal(cfg.tls_key_file, "/abs/key.pem");
}

static void test_load_should_name_file_and_line_of_an_unknown_key(void **state)
{
	refused("c.conf:3: unknown key 'prot'", "[server]\nport = 1\nprot = 2\n");
}

static void test_fft_mode_should_be_one_of_nhs_englands_modes_never_a_kiosk_one(void **state)
{
	coll_config cfg;
	fb_err err;
	coll_config_defaults(&cfg);
	assert_string_equal(coll_fft_modes[cfg.fft_mode], "Other");
	refused("c.conf:2: 'Kiosk' is not one of NHS England's FFT modes", "[results]\nfft_mode = Kiosk\n");
	/* the old key and spelling is still read when it names a real mode */
	assert_int_equal(load(&cfg, &err, "[server]\ntls_cert_file = a\ntls_key_file = b\n"
			      "[ingest]\nsecret_key_file = k\n"
			      "[results]\nfft_mode_column = Mode Electronic Discharge\n"), 0);
	assert_string_equal(coll_fft_modes[cfg.fft_mode], "Electronic Discharge");
	char site[16];
	assert_int_equal(load(&cfg, &err, "%ssubmission_team = patient-experience\norg_code = RXT\n"
		 "site_code = RXT01\nsite_codes = WARD2=RXT02, WARD3 = RXT03\n", good), 0);
	assert_string_equal(cfg.submission_team, "patient-experience");
	assert_string_equal(cfg.org_code, "RXT");
	coll_config_site_of(&cfg, "WARD1", site, sizeof site);
	assert_string_equal(site, "RXT01");
	coll_config_site_of(&cfg, "WARD3", site, sizeof site);
	assert_string_equal(site, "RXT03");
	refused("c.conf:2: expected LOCATION=SITE pairs", "[results]\nsite_codes = WARD1:RXT01\n");
}

static void test_a_line_longer_than_inih_reads_should_be_refused_with_its_line_never_cut(void **state)
{
	coll_config cfg;
	fb_err err;
	char conninfo[400];
	/* a 300-byte pg_conninfo line: inih would keep its first 198 bytes and
	 * read the rest as line 10 */
	int n = snprintf(conninfo, sizeof conninfo, "pg_conninfo = host=db.trust.nhs.uk port=5432"
			 " dbname=feedback user=collector sslmode=verify-full sslrootcert=");
	memset(conninfo + n, 'c', 300 - (size_t)n);
	conninfo[300] = '\0';
	assert_int_equal(load(&cfg, &err, "%s[database]\nbackend = postgresql\n%s\n", good, conninfo),
			 FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "c.conf:11: line is longer than 198 characters"));
	assert_non_null(strstr(err.msg, "continue a long value on indented lines"));
	/* a line of exactly 198 bytes is read whole */
	conninfo[198] = '\0';
	assert_int_equal(load(&cfg, &err, "%s[database]\nbackend = postgresql\n%s\n", good, conninfo), 0);
	assert_string_equal(cfg.pg_conninfo, conninfo + strlen("pg_conninfo = "));
	/* as the message says: a long value goes on indented lines below it */
	assert_int_equal(load(&cfg, &err, "%s[database]\nbackend = postgresql\npg_conninfo = host=db port=5432\n"
		 "  dbname=feedback\n\tsslmode=verify-full\n", good), 0);
	assert_string_equal(cfg.pg_conninfo, "host=db port=5432 dbname=feedback sslmode=verify-full");
}

static void test_load_should_refuse_a_port_out_of_range_saying_what_is_allowed(void **state)
{
	refused(":2: expected a whole number from 1 to 65535", "[server]\nport = 70000\n");
}

static void test_load_should_require_tls_and_the_secret_key(void **state)
{
	refused("secret_key_file is required", "[server]\ntls_cert_file = a\ntls_key_file = b\n");
	refused("tls_cert_file and tls_key_file are required", "[ingest]\nsecret_key_file = k\n");
}

static void test_load_should_refuse_postgresql_without_conninfo(void **state)
{
	refused("pg_conninfo", "%s[database]\nbackend = postgresql\n", good);
}

static void test_check_files_should_refuse_a_secret_key_readable_by_others(void **state)
{
	coll_config cfg;
	fb_err err;
	char path[128];
	write_file("cert.pem", "x", 0644);
	write_file("trust.key", "x", 0644);
	assert_int_equal(load(&cfg, &err, "%s", good), 0);
	snprintf(cfg.tls_key_file, sizeof cfg.tls_key_file, "%s/cert.pem", dir);
	snprintf(path, sizeof path, "%s/static", dir);
	mkdir(path, 0755);
	write_file("static/nhsuk-frontend.min.css", "body{}", 0644);
	snprintf(cfg.static_dir, sizeof cfg.static_dir, "%s/static", dir);
	assert_int_equal(coll_config_check_files(&cfg, &err), FB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "chmod 600"));
	snprintf(path, sizeof path, "%s/trust.key", dir);
	chmod(path, 0600);
	assert_int_equal(coll_config_check_files(&cfg, &err), 0);
}

static void test_timezone_should_default_to_london_and_take_a_known_zone(void **state)
{
	coll_config cfg;
	fb_err err;
	assert_int_equal(load(&cfg, &err, "%s", good), 0);
	assert_string_equal(cfg.time_zone, "Europe/London");
	assert_string_equal(cfg.fleet_team, "");
	assert_int_equal(load(&cfg, &err, "%stimezone = Europe/Dublin\nfleet_team = estates\n", good), 0);
	assert_string_equal(cfg.time_zone, "Europe/Dublin");
	assert_string_equal(cfg.fleet_team, "estates");
}

static void test_timezone_the_system_does_not_know_should_be_refused_with_its_line(void **state)
{
	refused("c.conf:9: unknown time zone 'Europe/Londres'", "%stimezone = Europe/Londres\n", good);
	refused("c.conf:9: unknown time zone 'BST'", "%stimezone = BST\n", good);
	refused("c.conf:9: expected a team name", "%sfleet_team = estates team\n", good);
}

static void test_check_files_should_name_static_dir_when_the_styles_are_missing(void **state)
{
	coll_config cfg;
	fb_err err;
	char path[128];
	write_file("cert.pem", "x", 0644);
	write_file("trust.key", "x", 0600);
	assert_int_equal(load(&cfg, &err, "%s", good), 0);
	assert_string_equal(cfg.static_dir, "/usr/share/feedback-collector/static");
	snprintf(cfg.tls_key_file, sizeof cfg.tls_key_file, "%s/cert.pem", dir);
	snprintf(cfg.static_dir, sizeof cfg.static_dir, "%s/no-such-dir", dir);
	assert_int_equal(coll_config_check_files(&cfg, &err), FB_ERR_IO);
	assert_non_null(strstr(err.msg, "[results] static_dir"));
	assert_non_null(strstr(err.msg, "no-such-dir"));
	snprintf(path, sizeof path, "%s/static", dir);
	mkdir(path, 0755);
	snprintf(cfg.static_dir, sizeof cfg.static_dir, "%s/static", dir);
	assert_int_equal(coll_config_check_files(&cfg, &err), FB_ERR_IO);   /* empty: no CSS */
	write_file("static/nhsuk-frontend.min.css", "body{}", 0644);
	assert_int_equal(coll_config_check_files(&cfg, &err), 0);
}

static void test_target_should_default_to_95_and_a_team_may_have_its_own_and_a_name(void **state)
{
	coll_config cfg;
	fb_err err;
	assert_int_equal(load(&cfg, &err, "%s", good), 0);
	assert_int_equal(coll_config_team_target(&cfg, "willow"), 95);
	assert_string_equal(coll_config_team_name(&cfg, "willow"), "willow");
	assert_int_equal(load(&cfg, &err, "%starget_pct = 90\nstatic_dir = st\n[team willow]\nname = Willow"
			      " adult inpatients\ntarget_pct = 85\n[team oak]\nname = Oak community\n", good), 0);
	assert_int_equal(coll_config_team_target(&cfg, "willow"), 85);
	assert_int_equal(coll_config_team_target(&cfg, "oak"), 90);
	assert_int_equal(coll_config_team_target(&cfg, "ash"), 90);
	assert_string_equal(coll_config_team_name(&cfg, "willow"), "Willow adult inpatients");
	assert_string_equal(coll_config_team_name(&cfg, "ash"), "ash");
	char want[160];
	snprintf(want, sizeof want, "%s/st", dir);
	assert_string_equal(cfg.static_dir, want);
	refused("c.conf:10: expected a whole number from 1 to 100", "%s[team willow]\ntarget_pct = 101\n",
		good);
	refused("expected [team CODE]", "%s[team willow ward]\nname = x\n", good);
}

static void test_languages_should_default_to_english_and_refuse_what_is_no_tag(void **state)
{
	coll_config cfg;
	fb_err err;
	assert_int_equal(load(&cfg, &err, "%s", good), 0);
	assert_string_equal(cfg.languages, "en");
	assert_int_equal(load(&cfg, &err, "%slanguages = en, pl, cy\n", good), 0);
	assert_string_equal(cfg.languages, "en, pl, cy");
	refused("c.conf:9: expected 1 to 16 language tags", "%slanguages = en; pl\n", good);
}

static void test_retention_should_default_to_24_months_and_10_years_and_refuse_zero(void **state)
{
	coll_config cfg;
	fb_err err;
	assert_int_equal(load(&cfg, &err, "%s", good), 0);
	assert_int_equal(cfg.free_text_months, 24);
	assert_int_equal(cfg.ratings_years, 10);
	assert_int_equal(load(&cfg, &err, "%s[retention]\nfree_text_months = 6\nratings_years = 3\n", good), 0);
	assert_int_equal(cfg.free_text_months, 6);
	assert_int_equal(cfg.ratings_years, 3);
	refused(":10: expected a whole number from 1 to 100", "%s[retention]\nratings_years = 0\n", good);
	/* volunteer sign-ups: 24 months unless set; never "keep for ever" */
	assert_int_equal(cfg.signup_months, 24);
	assert_int_equal(load(&cfg, &err, "%s[retention]\nsignup_months = 12\n", good), 0);
	assert_int_equal(cfg.signup_months, 12);
	refused("expected a whole number from 1 to 1200", "%s[retention]\nsignup_months = 0\n", good);
}

static void test_trusted_proxies_should_be_addresses_normalised_and_refuse_a_name(void **state)
{
	coll_config cfg;
	fb_err err;
	assert_int_equal(load(&cfg, &err, "%s", good), 0);
	assert_int_equal(cfg.n_trusted_proxies, 0);      /* none: X-Forwarded-For ignored */
	assert_int_equal(load(&cfg, &err, "%s[server]\ntrusted_proxies = 192.0.2.10, 2001:DB8:0::5\n", good), 0);
	assert_int_equal(cfg.n_trusted_proxies, 2);
	assert_string_equal(cfg.trusted_proxies[0], "192.0.2.10");
	assert_string_equal(cfg.trusted_proxies[1], "2001:db8::5");  /* as a peer's reads */
	refused(":10: 'proxy.trust.nhs.uk' is not an IP address",
		"%s[server]\ntrusted_proxies = 192.0.2.10, proxy.trust.nhs.uk\n", good);
	refused("'10.0.0.0/8' is not an IP address", "%s[server]\ntrusted_proxies = 10.0.0.0/8\n", good);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_load_should_keep_defaults_and_resolve_paths_relative_to_the_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_should_name_file_and_line_of_an_unknown_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_line_longer_than_inih_reads_should_be_refused_with_its_line_never_cut, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fft_mode_should_be_one_of_nhs_englands_modes_never_a_kiosk_one, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_should_refuse_a_port_out_of_range_saying_what_is_allowed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_should_require_tls_and_the_secret_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_should_refuse_postgresql_without_conninfo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_files_should_refuse_a_secret_key_readable_by_others, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timezone_should_default_to_london_and_take_a_known_zone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timezone_the_system_does_not_know_should_be_refused_with_its_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_files_should_name_static_dir_when_the_styles_are_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_target_should_default_to_95_and_a_team_may_have_its_own_and_a_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_languages_should_default_to_english_and_refuse_what_is_no_tag, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retention_should_default_to_24_months_and_10_years_and_refuse_zero, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trusted_proxies_should_be_addresses_normalised_and_refuse_a_name, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
