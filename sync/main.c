/* feedback-syncd: the device's sync daemon. It pushes the queue of stored
 * responses (lib/queue) to the Trust's collector over verified HTTPS, exactly
 * once, in gzip'd batches (docs/protocol.md), and writes what it is doing to
 * <data_dir>/sync-status.json for the staff screen (docs/sync.md). It also
 * brings the Trust's config for the location (GET /v1/config) to
 * <data_dir>/remote-config.json for the kiosk (sync/remote_config.c).
 * Signals: SIGTERM/SIGINT finish the batch in flight and exit 0; SIGHUP
 * re-reads the config and token; SIGUSR1 pushes now, skipping a backoff,
 * and asks for the Trust's config.
 * The loop lives in daemon.c; start reading fb_syncd_run() there. What each
 * way a send ends makes it do is sync/retry.c (one table); the protocol's
 * forms are lib/protocol.h. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "daemon.h"
#include "log.h"

#define DEFAULT_CONFIG "/etc/feedback/kiosk.conf"

static fb_syncd_flags flags;

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		flags.reload = 1;
	else if (sig == SIGUSR1)
		flags.sync_now = 1;
	else
		flags.stop = 1;
}

static void install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: a signal ends the nap at once */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static const char usage[] =
	"  --once             push everything now and exit: 0 when the queue is\n"
	"                     empty after, 3 when records are left, 4 when the\n"
	"                     device is not authorised (reason on stderr)\n"
	"  --progress         show a progress bar on a terminal for a large backlog\n"
	"  --timeout SECONDS  give up on one request after this long; overrides\n"
	"                     [sync] request_timeout (default 30)\n"
	"Signals: SIGTERM stops after the batch in flight, SIGHUP re-reads the\n"
	"config, SIGUSR1 pushes now and asks for the Trust's config.\n"
	"Status: <data_dir>/sync-status.json; the Trust's config:\n"
	"<data_dir>/remote-config.json (refused: remote-config.refused.json).\n";

int main(int argc, char **argv)
{
	fb_cli cli;
	fb_syncd_opts opts = {0};
	fb_syncd *d = NULL;
	fb_err err = {0};
	bool once = false;
	int rc, i;

	fb_log_set_program("feedback-syncd");
	rc = fb_cli_parse(&cli, argc, argv, "feedback-syncd", DEFAULT_CONFIG, usage);
	if (rc == FB_CLI_EXIT)
		return 0;
	if (rc == FB_CLI_USAGE)
		return FB_SYNCD_EXIT_USAGE;
	for (i = 1; i < cli.argc; i++) {
		if (strcmp(cli.argv[i], "--once") == 0) {
			once = true;
		} else if (strcmp(cli.argv[i], "--progress") == 0) {
			opts.progress = true;
		} else if (strcmp(cli.argv[i], "--timeout") == 0 && i + 1 < cli.argc) {
			char *end = NULL;
			double s = strtod(cli.argv[++i], &end);

			if (!end || *end || s <= 0 || s > 3600) {
				fprintf(stderr, "feedback-syncd: --timeout wants seconds between 0 and 3600, not '%s'\n",
					cli.argv[i]);
				return FB_SYNCD_EXIT_USAGE;
			}
			opts.timeout_ms = (long)(s * 1000);
		} else {
			fprintf(stderr, "feedback-syncd: unknown option '%s'; see --help\n", cli.argv[i]);
			return FB_SYNCD_EXIT_USAGE;
		}
	}
	if (cli.check_config) {
		rc = fb_syncd_check_config(cli.config_path, &err);
		if (rc) {
			fprintf(stderr, "feedback-syncd: %s\n", err.msg);
			return FB_SYNCD_EXIT_CONFIG;
		}
		printf("%s: config ok\n", cli.config_path);
		return 0;
	}
	opts.config_path = cli.config_path;
	install_signals();
	rc = fb_syncd_new(&d, &opts, &err);
	if (rc) {
		fprintf(stderr, "feedback-syncd: %s\n", err.msg);
		return FB_SYNCD_EXIT_CONFIG;
	}
	rc = once ? fb_syncd_once(d, &flags) : fb_syncd_run(d, &flags);
	fb_syncd_free(d);
	return rc;
}
