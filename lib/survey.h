/* survey: a survey definition loaded from JSON (config/surveys/NAME.json), and
 * the answers given to it.
 * Owns: the question list, every visible string in every offered language,
 * display conditions, and turning answers into a record's clear and private
 * JSON. Promises: a survey that loads has every string translated and every
 * condition pointing at an earlier question; errors name file:line:column. */
#ifndef FB_SURVEY_H
#define FB_SURVEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fb_err.h"

#define FB_SURVEY_MAX_LANGUAGES 16
#define FB_SURVEY_MAX_QUESTIONS 64
#define FB_SURVEY_MAX_OPTIONS 32
#define FB_TEXT_MAX_LENGTH 2000       /* cap on any free-text answer */

typedef enum fb_qkind {
	FB_Q_FFT,       /* the national question; 6 answers, codes 1..6 */
	FB_Q_AGREE5,    /* strongly disagree (1) .. strongly agree (5) */
	FB_Q_SINGLE,    /* one of options */
	FB_Q_MULTI,     /* any of options */
	FB_Q_TEXT,      /* free text up to max_length; always sealed */
	FB_Q_INFO,      /* a page of information, no answer */
} fb_qkind;

/* One string per offered language, indexed like fb_survey.languages. */
typedef struct fb_text {
	char *s[FB_SURVEY_MAX_LANGUAGES];
} fb_text;

typedef struct fb_option {
	char *value;        /* stored code, e.g. "25-34", "prefer_not_to_say" */
	fb_text label;
} fb_option;

typedef struct fb_question {
	char *id;
	fb_qkind kind;
	bool optional;          /* may be skipped */
	fb_text title;
	fb_text help;           /* s[] all NULL when absent */
	fb_option options[FB_SURVEY_MAX_OPTIONS]; /* FFT/AGREE5 filled in too */
	size_t n_options;
	int max_length;         /* FB_Q_TEXT: characters (code points) */
	char *input_hint;       /* FB_Q_TEXT: "text", "name", "phone", "email",
				 * "contact" (phone or email); set for every text */
	/* Shown only when question show_if_question's answer is one of
	 * show_if_values (option values; FFT/AGREE5 as "1".."6"). -1: always. */
	int show_if_question;
	char *show_if_values[FB_SURVEY_MAX_OPTIONS];
	size_t n_show_if_values;
} fb_question;

typedef struct fb_survey {
	char *id;
	int version;
	char *languages[FB_SURVEY_MAX_LANGUAGES]; /* codes, e.g. "en", "pl" */
	char *language_native_names[FB_SURVEY_MAX_LANGUAGES]; /* "Polski" */
	size_t n_languages;
	fb_question questions[FB_SURVEY_MAX_QUESTIONS];
	size_t n_questions;
	bool for_children;      /* "audience": "children": Childline on the
				 * crisis card */
	bool easy_read;         /* "audience": "easy_read": a picture beside
				 * every answer, bigger words (kiosk layout);
				 * its choices are fb_survey_easy_read_value */
	/* "unchecked": per language (indexed like languages), the ids of the
	 * questions whose words no native speaker has checked yet, joined
	 * with ", "; NULL when all are checked. For --check-config's list. */
	char *unchecked[FB_SURVEY_MAX_LANGUAGES];
} fb_survey;

/* Loads and validates. On error *out is NULL and err says
 * "fft.json:12:7: expected ..." */
int fb_survey_load(const char *path, fb_survey **out, fb_err *err);
int fb_survey_parse(const char *json_text, const char *name,
		    fb_survey **out, fb_err *err);
void fb_survey_free(fb_survey *s);          /* NULL is a no-op */

/* Whether an easy-read survey may offer this choice value: "yes", "no",
 * "not_sure", the answers the kiosk draws a picture for. */
bool fb_survey_easy_read_value(const char *value);

/* Index of language code in s->languages, or -1. */
int fb_survey_language_index(const fb_survey *s, const char *code);
/* The string for language lang, falling back to the first language. */
const char *fb_text_get(const fb_text *t, size_t lang);
int fb_survey_question_index(const fb_survey *s, const char *id);

/* What one person answered to one question. */
typedef struct fb_answer {
	bool answered;
	int choice;          /* FFT/AGREE5 code, or option index for SINGLE */
	uint32_t multi;      /* option bitmask for MULTI */
	char *text;          /* FB_Q_TEXT, UTF-8, owned; NULL when none */
} fb_answer;

/* Whether question qi is shown, given the answers so far
 * (answers has s->n_questions entries). */
bool fb_survey_visible(const fb_survey *s, size_t qi, const fb_answer *answers);

/* Builds the record JSON: *clear_json an object of choice answers, and
 * *private_json an object of free-text answers (NULL when there are none),
 * both malloc'd and the caller's to free(3). *fft is the FFT code or 0.
 * Answers to questions no longer visible are left out. */
int fb_survey_answers_json(const fb_survey *s, const fb_answer *answers,
			   char **clear_json, char **private_json, int *fft,
			   fb_err *err);
void fb_answers_clear(fb_answer *answers, size_t n); /* frees texts, zeroes */

#endif
