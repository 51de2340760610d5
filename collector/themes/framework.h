/* framework: the themes comments are coded with, read from a JSON file
 * (config/themes/framework.json: NHS England's Patient Experience Qualitative
 * Data Categorisation framework) plus, optionally, a Trust's own file of extra
 * sub-categories in the same form.
 * Owns: the groups and sub-categories (code, name, description, whether a
 * suggestion of it flags the comment for safeguarding), the 1..5 sentiment
 * names, and which survey questions are "what was good" and which "what could
 * be better".
 * Promises: codes are unique, 1..COLL_THEMES_CODE_MAX bytes of [a-z0-9_];
 * at most COLL_THEMES_MAX_CATEGORIES sub-categories in all; a bad file is
 * refused whole with its name, the JSON path and what to change. Read once;
 * never written. */
#ifndef COLL_THEMES_FRAMEWORK_H
#define COLL_THEMES_FRAMEWORK_H

#include <stdbool.h>

#include "fb_err.h"

#define COLL_THEMES_MAX_CATEGORIES 64
#define COLL_THEMES_MAX_GROUPS 32
#define COLL_THEMES_CODE_MAX 40
#define COLL_THEMES_NAME_MAX 120
#define COLL_THEMES_DESC_MAX 400
#define COLL_THEMES_MAX_QUESTIONS 16     /* survey question ids per kind */
#define COLL_THEMES_SENTIMENTS 5         /* 1 very positive .. 5 very negative */

/* The question a comment answered: a feature of the model. */
typedef enum coll_themes_question {
	COLL_THEMES_Q_OTHER = 0,         /* "please tell us why", or not known */
	COLL_THEMES_Q_GOOD,              /* what was good */
	COLL_THEMES_Q_BETTER,            /* what could be better */
} coll_themes_question;

/* When a suggestion of the sub-category flags the comment for safeguarding. */
typedef enum coll_themes_flag {
	COLL_THEMES_FLAG_NEVER = 0,
	COLL_THEMES_FLAG_NEGATIVE,       /* suggested with a negative sentiment (4 or 5) */
	COLL_THEMES_FLAG_ALWAYS,         /* whenever suggested */
} coll_themes_flag;

typedef struct coll_themes_category {
	char code[COLL_THEMES_CODE_MAX + 1];
	char name[COLL_THEMES_NAME_MAX + 1];
	char description[COLL_THEMES_DESC_MAX + 1];
	int group;                       /* index into groups */
	coll_themes_flag flag;
	bool trust_own;                  /* from the Trust's extra file */
} coll_themes_category;

typedef struct coll_themes_framework {
	char groups[COLL_THEMES_MAX_GROUPS][COLL_THEMES_NAME_MAX + 1];
	int n_groups;
	coll_themes_category cats[COLL_THEMES_MAX_CATEGORIES];
	int n_cats;
	char sentiment[COLL_THEMES_SENTIMENTS][COLL_THEMES_NAME_MAX + 1];  /* [0] names 1 */
	char q_good[COLL_THEMES_MAX_QUESTIONS][COLL_THEMES_CODE_MAX + 1];
	int n_good;
	char q_better[COLL_THEMES_MAX_QUESTIONS][COLL_THEMES_CODE_MAX + 1];
	int n_better;
} coll_themes_framework;

/* Reads path (the framework) and, when extra_path is neither NULL nor "", the
 * Trust's extra file, whose groups add to the framework's (a group of the same
 * name gets the new sub-categories; another name makes a new group). On
 * FB_ERR_INVALID/FB_ERR_IO *fw is left empty and err names the file, the
 * place and the fix. fw is the caller's (it is large: allocate it). */
int coll_themes_framework_load(const char *path, const char *extra_path, coll_themes_framework *fw,
			       fb_err *err);
/* The index of code, or -1. */
int coll_themes_category_find(const coll_themes_framework *fw, const char *code);
/* The kind of the survey question question_id (an answers key such as
 * "what_was_good"), or "good"/"better"/"other" given as words. */
coll_themes_question coll_themes_question_of(const coll_themes_framework *fw, const char *question_id);
/* "good", "better", "other": the stored name. */
const char *coll_themes_question_name(coll_themes_question q);

#endif
