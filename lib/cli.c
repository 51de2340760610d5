/* cli: the common options of every program; see cli.h. */
#include "cli.h"

#include <string.h>

#ifndef FB_VERSION
#define FB_VERSION "unknown"
#endif

void fb_cli_print_version(FILE *f, const char *prog)
{
	fprintf(f, "%s %s\n", prog, FB_VERSION);
}

void fb_cli_print_usage(FILE *f, const char *prog, const char *usage)
{
	fprintf(f,
		"Usage: %s [--config FILE] [--check-config] [--help] [--version]%s\n"
		"  --config FILE      read the configuration from FILE\n"
		"  --check-config     check the configuration, report, and exit\n"
		"  --help             show this help and exit\n"
		"  --version          show the version and exit\n",
		prog, usage ? " ..." : "");
	if (usage)
		fprintf(f, "%s%s", usage,
			usage[0] && usage[strlen(usage) - 1] != '\n' ? "\n" : "");
}

int fb_cli_parse(fb_cli *cli, int argc, char **argv, const char *prog,
		 const char *default_config, const char *usage)
{
	int rc = FB_CLI_RUN;
	bool ours = true;   /* false after "--" */

	memset(cli, 0, sizeof *cli);
	cli->config_path = default_config;
	if (argc < 1 || !argv)
		goto out;
	cli->argv[cli->argc++] = argv[0];

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (ours && strcmp(a, "--") == 0) {
			ours = false;
		} else if (ours && strcmp(a, "--config") == 0) {
			if (i + 1 >= argc || argv[i + 1][0] == '\0') {
				fprintf(stderr, "%s: --config needs a file name; "
					"try '%s --help'\n", prog, prog);
				rc = FB_CLI_USAGE;
				goto out;
			}
			cli->config_path = argv[++i];
		} else if (ours && strncmp(a, "--config=", 9) == 0) {
			if (a[9] == '\0') {
				fprintf(stderr, "%s: --config= needs a file name; "
					"try '%s --help'\n", prog, prog);
				rc = FB_CLI_USAGE;
				goto out;
			}
			cli->config_path = a + 9;
		} else if (ours && strcmp(a, "--check-config") == 0) {
			cli->check_config = true;
		} else if (ours && (strcmp(a, "--help") == 0 ||
				    strcmp(a, "-h") == 0)) {
			cli->help = true;
		} else if (ours && strcmp(a, "--version") == 0) {
			cli->version = true;
		} else {
			if (cli->argc >= FB_CLI_MAX_ARGS) {
				fprintf(stderr, "%s: too many arguments (at most "
					"%d)\n", prog, FB_CLI_MAX_ARGS);
				rc = FB_CLI_USAGE;
				goto out;
			}
			cli->argv[cli->argc++] = argv[i];
		}
	}

	if (cli->help) {
		fb_cli_print_usage(stdout, prog, usage);
		rc = FB_CLI_EXIT;
	} else if (cli->version) {
		fb_cli_print_version(stdout, prog);
		rc = FB_CLI_EXIT;
	}
out:
	cli->argv[cli->argc] = NULL;
	return rc;
}
