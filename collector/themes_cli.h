/* themes_cli: the collector's "themes" subcommands, one function each
 * (main.c parses, these act): importing a Trust's earlier coding, training
 * from the store (also the scheduled retrain's), and evaluating on a labelled file without the store.
 * Owns: turning stored coding into examples and back, the split of a
 * labelled file into training and held-out parts (a seeded shuffle), and the
 * words printed. Promises: import stores all of a file or none of it;
 * evaluate never opens the database; every figure printed says what it was
 * measured on. */
#ifndef COLL_THEMES_CLI_H
#define COLL_THEMES_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "collector_config.h"
#include "store/store.h"

/* Reads path (themes/coded_csv.h) and stores every row as coding by
 * "import FILE", in one transaction. */
int coll_themes_cli_import(const coll_config *cfg, coll_store *st, const char *path, FILE *out,
			   fb_err *err);
/* Trains on every current coding in st, prints the cross-validated scores
 * to out and stores the model with them, trained by by ("themes train", or
 * the scheduled retrain of retrain.h). */
int coll_themes_train_store(const coll_config *cfg, coll_store *st, uint64_t seed, const char *by,
			    FILE *out, fb_err *err);
/* Trains on train_fraction of path's rows (chosen by seed), printing the
 * cross-validated scores of that part, then the scores on the rest. */
int coll_themes_cli_evaluate(const coll_config *cfg, const char *path, double train_fraction,
			     uint64_t seed, FILE *out, fb_err *err);

#endif
