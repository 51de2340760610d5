/* actions_cli: the collector's "action" subcommands (add, themes, state,
 * publish, list): a team's "You said, we did" actions from the command line.
 * Owns: reading their arguments and printing what was done. Every change
 * goes through team_actions.h, the module the actions pages use, so it is
 * checked and audited the same way (the audit rows and the action's
 * history say "command line", from "local"). */
#ifndef COLL_ACTIONS_CLI_H
#define COLL_ACTIONS_CLI_H

#include <stdio.h>

#include "collector_config.h"
#include "store/store.h"

/* argv[0] is "action", argv[1] the subcommand. Returns 0, a refusal's code
 * with err set (the caller prints it), or -2 when the arguments are not a
 * command (said on stderr). */
int coll_actions_cli(const coll_config *cfg, coll_store *st, int argc, char **argv, FILE *out,
		     fb_err *err);

#endif
