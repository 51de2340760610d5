/* open.c: picks the configured backend (see store.h). The one file that
 * names both backends, so store.c (the queries) links without either. */
#include "store.h"

int coll_store_open(const coll_config *cfg, coll_store **out, fb_err *err)
{
	if (cfg->backend == COLL_DB_POSTGRESQL)
		return coll_store_open_pg(cfg->pg_conninfo, out, err);
	return coll_store_open_sqlite(cfg->sqlite_path, out, err);
}
