/* cli: the command-line options every program shares (feedback-kiosk,
 * feedback-syncd, feedback-queue, feedback-collector).
 * Owns: --config FILE (or --config=FILE), --check-config, --help, --version.
 * Promises: everything else in argv is handed back to the program untouched
 * and in order (argv[0] first), so subcommands and program options stay the
 * program's business; "--" ends our options and is dropped. No allocation. */
#ifndef FB_CLI_H
#define FB_CLI_H

#include <stdbool.h>
#include <stdio.h>

#define FB_CLI_MAX_ARGS 64          /* cap on arguments handed back */

typedef struct fb_cli {
	const char *config_path;    /* --config FILE, else the default given */
	bool check_config;          /* --check-config: load, report, exit */
	bool help;                  /* --help was given (usage printed) */
	bool version;               /* --version was given ("NAME VERSION" printed) */
	int argc;                   /* the rest: argv[0] plus what we did not take */
	char *argv[FB_CLI_MAX_ARGS + 1]; /* NULL-terminated, borrowed from argv */
} fb_cli;

enum fb_cli_result {
	FB_CLI_RUN = 0,     /* carry on with cli->argc/argv */
	FB_CLI_EXIT = 1,    /* --help or --version printed: exit 0 */
	FB_CLI_USAGE = 2,   /* bad usage, message printed to stderr: exit 2 */
};

/* Parses argv for program prog. default_config may be NULL (then
 * config_path stays NULL unless --config is given). usage is the program's
 * own lines for --help (may be NULL), printed after the common options.
 * --help and --version print to stdout. Returns an enum fb_cli_result. */
int fb_cli_parse(fb_cli *cli, int argc, char **argv, const char *prog,
		 const char *default_config, const char *usage);

/* The common part of the usage text, for a program that prints its own. */
void fb_cli_print_usage(FILE *f, const char *prog, const char *usage);

/* "NAME VERSION\n" (FB_VERSION, from the Makefile). */
void fb_cli_print_version(FILE *f, const char *prog);

#endif
