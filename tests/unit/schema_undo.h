/* schema_undo: SQL that takes a store back from the newest schema to
 * schema 5, for the tests that open a database made by an older collector
 * (each then drops what came before 6 itself). One list, so a new schema
 * step is undone in one place. */
#ifndef TEST_SCHEMA_UNDO_H
#define TEST_SCHEMA_UNDO_H

/* schema 12 (Quality Board quotes; actions.themes goes with the actions
 * table, which every caller drops first), 11 (volunteer sign-ups), 10 (tablet settings), 9 (enrolment codes), 8 (retention), 7
 * (themes), then 6 (roles, audit, teams, retired locations) */
#define SCHEMA_UNDO_TO_5 \
	" DROP TABLE theme_quotes;" \
	" DROP TABLE volunteer_signups;" \
	" DROP TABLE location_settings; DROP TABLE location_crisis;" \
	" DROP TABLE enrol_codes;" \
	" DROP TABLE returns_made; DROP TABLE erased_ids; DROP TABLE device_seal_keys;" \
	" DROP TABLE themes_coding; DROP TABLE themes_suggestions; DROP TABLE themes_models;" \
	" DROP TABLE audit; DROP TABLE password_resets; DROP TABLE teams;" \
	" ALTER TABLE users DROP COLUMN role; ALTER TABLE users DROP COLUMN disabled;" \
	" ALTER TABLE locations DROP COLUMN retired_ms;"

#endif
