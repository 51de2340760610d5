/* backup: `feedback-collector backup FILE` and `restore FILE`.
 * Owns: the copy of the whole store and its check. SQLite: the online backup
 * API (store.h coll_store_backup), one consistent snapshot taken while the
 * serving collector keeps writing, then the copy opened and counted.
 * PostgreSQL: pg_dump --format=custom with the configured pg_conninfo (the
 * password, if any, passed in PGPASSWORD, never on a command line), then the
 * dump restored into a scratch database (createdb, pg_restore, counted,
 * dropdb) to show it restores.
 * Promises: a backup file is new (never overwrites one) and mode 0600; restore
 * goes only into an empty store (no response, device, location or user) and
 * says so otherwise, changing nothing. */
#ifndef COLL_BACKUP_H
#define COLL_BACKUP_H

#include <stdio.h>

#include "collector_config.h"
#include "store/store.h"
#include "fb_err.h"

int coll_backup_run(const coll_config *cfg, coll_store *st, const char *path, FILE *out,
		    fb_err *err);
/* Opens the configured store itself (and reopens it after, migrating an
 * older backup's schema). */
int coll_backup_restore(const coll_config *cfg, const char *path, FILE *out, fb_err *err);

#endif
