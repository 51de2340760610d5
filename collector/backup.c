/* backup.c: backup and restore of the store (backup.h). */
#include "backup.h"

#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define CONNINFO_MAX 2048
#define ENV_MAX 256

/* The configured conninfo without its password (for command lines) and the
 * password (for PGPASSWORD; "" when none); dbname replaced when not NULL. */
static int split_conninfo(const char *conninfo, const char *dbname, char *out, size_t size,
			  char *password, size_t pw_size, fb_err *err)
{
	char *why = NULL;
	PQconninfoOption *opts = PQconninfoParse(conninfo, &why);
	size_t len = 0;
	int rc = 0;
	password[0] = '\0';
	out[0] = '\0';
	if (!opts) {
		rc = fb_err_set(err, FB_ERR_INVALID, "[database] pg_conninfo is not understood: %s",
				why ? why : "out of memory");
		PQfreemem(why);
		return rc;
	}
	for (PQconninfoOption *o = opts; o->keyword; o++) {
		const char *v = o->val;
		if (strcmp(o->keyword, "dbname") == 0 && dbname)
			v = dbname;
		if (!v || !v[0])
			continue;
		if (strcmp(o->keyword, "password") == 0) {
			snprintf(password, pw_size, "%s", v);
			continue;
		}
		/* keyword='value' with ' and \ escaped, as libpq reads it */
		int n = snprintf(out + len, size - len, "%s%s='", len ? " " : "", o->keyword);
		if (n < 0 || (size_t)n >= size - len)
			goto toolong;
		len += (size_t)n;
		for (const char *c = v; *c; c++) {
			if (len + 3 >= size)
				goto toolong;
			if (*c == '\'' || *c == '\\')
				out[len++] = '\\';
			out[len++] = *c;
		}
		out[len++] = '\'';
		out[len] = '\0';
	}
	PQconninfoFree(opts);
	return 0;
toolong:
	PQconninfoFree(opts);
	return fb_err_set(err, FB_ERR_INVALID, "[database] pg_conninfo is too long to pass to pg_dump");
}

/* Runs argv (a PostgreSQL tool, found on PATH) with PGPASSWORD set when
 * password is not empty; its messages go to our stderr. */
static int run_tool(char *const argv[], const char *password, fb_err *err)
{
	char *envp[ENV_MAX + 2];
	char pw_env[600];
	size_t n = 0;
	for (char **e = environ; *e && n < ENV_MAX; e++)
		if (strncmp(*e, "PGPASSWORD=", 11) != 0)
			envp[n++] = *e;
	if (password[0]) {
		snprintf(pw_env, sizeof pw_env, "PGPASSWORD=%s", password);
		envp[n++] = pw_env;
	}
	envp[n] = NULL;
	pid_t pid;
	int status = 0;
	int src = posix_spawnp(&pid, argv[0], NULL, NULL, argv, envp);
	memset(pw_env, 0, sizeof pw_env);
	if (src != 0)
		return fb_err_set(err, FB_ERR_IO, "unable to run %s: %s; install postgresql-client",
				  argv[0], strerror(src));
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return fb_err_set(err, FB_ERR_IO, "%s failed (its messages are above); nothing was"
				  " changed in the collector's database", argv[0]);
	return 0;
}

/* The dump restores: into a scratch database, counted, dropped. */
static int pg_check_dump(const coll_config *cfg, const char *path, int64_t *responses, fb_err *err)
{
	char scratch[64], maint[CONNINFO_MAX], target[CONNINFO_MAX], pw[512], full[CONNINFO_MAX + 600];
	coll_store *st = NULL;
	snprintf(scratch, sizeof scratch, "feedback_restore_check_%ld", (long)getpid());
	int rc = split_conninfo(cfg->pg_conninfo, NULL, maint, sizeof maint, pw, sizeof pw, err);
	if (rc == 0)
		rc = split_conninfo(cfg->pg_conninfo, scratch, target, sizeof target, pw, sizeof pw, err);
	if (rc)
		goto out;
	char md[CONNINFO_MAX + 20];
	snprintf(md, sizeof md, "--maintenance-db=%s", maint);
	char *create[] = {"createdb", md, scratch, NULL};
	rc = run_tool(create, pw, err);
	if (rc) {
		fb_err_set(err, FB_ERR_IO, "unable to make a scratch database to check the dump"
			   " restores (the dump '%s' was written): give the pg_conninfo user CREATEDB,"
			   " or check it by hand with pg_restore --list", path);
		goto out;
	}
	char file[COLL_PATH_MAX];
	snprintf(file, sizeof file, "%s", path);
	char *restore[] = {"pg_restore", "--no-owner", "--exit-on-error", "--dbname", target,
			   file, NULL};
	rc = run_tool(restore, pw, err);
	if (rc == 0) {
		/* the scratch database with the password, for libpq itself */
		size_t len = (size_t)snprintf(full, sizeof full, "%s", target);
		if (pw[0]) {
			len += (size_t)snprintf(full + len, sizeof full - len, " password='");
			for (const char *c = pw; *c && len + 3 < sizeof full; c++) {
				if (*c == '\'' || *c == '\\')
					full[len++] = '\\';
				full[len++] = *c;
			}
			full[len++] = '\'';
			full[len] = '\0';
		}
		rc = coll_store_open_pg(full, &st, err);
		if (rc == 0)
			rc = coll_store_count_responses(st, true, responses, err);
		coll_store_close(st);
		memset(full, 0, sizeof full);
	}
	char *drop[] = {"dropdb", md, scratch, NULL};
	fb_err derr;
	if (run_tool(drop, pw, &derr))
		fprintf(stderr, "feedback-collector: unable to drop the scratch database %s: drop it"
			" by hand\n", scratch);
out:
	memset(pw, 0, sizeof pw);
	return rc;
}

static int pg_backup(const coll_config *cfg, const char *path, FILE *out, fb_err *err)
{
	char conninfo[CONNINFO_MAX], pw[512];
	int64_t n = 0;
	/* a new file of mode 0600 first: pg_dump then writes into it */
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		return fb_err_set(err, FB_ERR_IO, "unable to make backup file '%s': %s; give a new"
				  " file's name (an old backup is never overwritten)", path, strerror(errno));
	close(fd);
	int rc = split_conninfo(cfg->pg_conninfo, NULL, conninfo, sizeof conninfo, pw, sizeof pw, err);
	char file_arg[COLL_PATH_MAX + 16];
	snprintf(file_arg, sizeof file_arg, "--file=%s", path);
	char *dump[] = {"pg_dump", "--format=custom", "--no-owner", file_arg, "--dbname", conninfo, NULL};
	if (rc == 0)
		rc = run_tool(dump, pw, err);
	memset(pw, 0, sizeof pw);
	if (rc) {
		unlink(path);
		return rc;
	}
	rc = pg_check_dump(cfg, path, &n, err);
	if (rc == 0)
		fprintf(out, "backed up the database to '%s' with pg_dump; it restores (checked in a"
			" scratch database: %lld responses)\n", path, (long long)n);
	return rc;
}

int coll_backup_run(const coll_config *cfg, coll_store *st, const char *path, FILE *out,
		    fb_err *err)
{
	coll_store *copy = NULL;
	int64_t n = 0;
	if (!coll_store_can_copy(st))
		return pg_backup(cfg, path, out, err);
	int rc = coll_store_backup(st, path, err);
	if (rc == 0)
		rc = coll_store_open_sqlite(path, &copy, err);
	if (rc == 0)
		rc = coll_store_count_responses(copy, true, &n, err);
	coll_store_close(copy);
	if (rc == 0)
		fprintf(out, "backed up the database to '%s' (%lld responses); keep it where the"
			" collector's database is kept safe: it holds patients' words\n", path,
			(long long)n);
	return rc;
}

int coll_backup_restore(const coll_config *cfg, const char *path, FILE *out, fb_err *err)
{
	coll_store *st = NULL;
	bool empty = false;
	int64_t n = 0;
	struct stat sb;
	if (stat(path, &sb) != 0)
		return fb_err_set(err, FB_ERR_IO, "unable to read backup '%s': %s", path, strerror(errno));
	int rc = coll_store_open(cfg, &st, err);
	if (rc == 0)
		rc = coll_store_is_empty(st, &empty, err);
	if (rc == 0 && !empty)
		rc = fb_err_set(err, FB_ERR_INVALID, "the collector's database is not empty (it has"
				" responses, devices, locations or users): restore goes only into an empty"
				" one; point [database] at a new %s and run restore again",
				cfg->backend == COLL_DB_POSTGRESQL ? "database" : "sqlite_path");
	if (rc == 0 && coll_store_can_copy(st))
		rc = coll_store_restore(st, path, err);
	coll_store_close(st);
	st = NULL;
	if (rc == 0 && cfg->backend == COLL_DB_POSTGRESQL) {
		char conninfo[CONNINFO_MAX], pw[512], file[COLL_PATH_MAX];
		snprintf(file, sizeof file, "%s", path);
		rc = split_conninfo(cfg->pg_conninfo, NULL, conninfo, sizeof conninfo, pw, sizeof pw, err);
		/* the empty schema open made goes: the dump brings its own */
		char *restore[] = {"pg_restore", "--clean", "--if-exists", "--no-owner",
				   "--single-transaction", "--exit-on-error", "--dbname", conninfo,
				   file, NULL};
		if (rc == 0)
			rc = run_tool(restore, pw, err);
		memset(pw, 0, sizeof pw);
	}
	if (rc == 0)
		rc = coll_store_open(cfg, &st, err);    /* an older backup's schema migrates here */
	if (rc == 0)
		rc = coll_store_count_responses(st, true, &n, err);
	coll_store_close(st);
	if (rc == 0)
		fprintf(out, "restored '%s': %lld responses; start the collector\n", path, (long long)n);
	return rc;
}
